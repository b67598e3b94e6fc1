"""A plural translation begun without a line for one of its forms (``msgstr[2]`` of a
Ukrainian entry left out): every command gives it one name and one count. It is refused,
not untranslated: the translator must add the line, and until then ``letters check``
stops on it and gettext's own ``msgfmt -c`` refuses the whole file."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from tests.conftest import GETTEXT, require_tool

UK = Path("locales/uk/LC_MESSAGES/templates.po")
SINGULAR = "%(name)s has now been seeking protection for %(count)s year."
FORMS = (
    'msgstr[0] "%(name)s шукає захисту вже %(count)s рік."\n'
    'msgstr[1] "%(name)s шукає захисту вже %(count)s роки."\n'
    'msgstr[2] "%(name)s шукає захисту вже %(count)s років."\n'
)
NAMED = repr(SINGULAR)  # as update names an entry: its English, short enough to be whole


@pytest.mark.parametrize(
    ("left", "lacks"),
    [
        (FORMS.rpartition('msgstr[2] "')[0], "msgstr[2]"),  # the last form's line left out
        (FORMS.partition("msgstr[1]")[0], "msgstr[1] and msgstr[2]"),  # two of them
    ],
    ids=["one-form-missing", "two-forms-missing"],
)
def test_a_plural_missing_a_form_line_is_refused_by_update_and_stats_alike(
    sample: Path, runner: CliRunner, left: str, lacks: str
) -> None:
    po = sample / UK
    text = po.read_text(encoding="utf-8")
    assert text.count(FORMS) == 1
    po.write_text(text.replace(FORMS, left), encoding="utf-8")
    msgfmt = require_tool("msgfmt", GETTEXT)
    verdict = subprocess.run(
        [msgfmt, "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert verdict.returncode != 0 and "but some messages have only" in verdict.stderr
    update = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert update.exit_code == 0, update.output
    lines = update.output.splitlines()
    at = lines.index(f"unchanged {po}: 0 untranslated, 1 refused, 0 newly fuzzy")
    assert lines[at + 1] == (
        f"  1 refused, a plural form's msgstr[n] line missing (gettext's msgfmt -c refuses the"
        f" file too; add it): {NAMED} lacks {lacks}"
    )
    stats = json.loads(runner.invoke(main, ["i18n", "stats", "--json", "-w", str(sample)]).output)
    (row,) = [r for r in stats if (r["language"], r["domain"]) == ("uk", "templates")]
    assert (row["refused"], row["untranslated"], row["fuzzy"]) == (1, 0, 0)
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 1
    assert f"add {lacks}" in check.output
