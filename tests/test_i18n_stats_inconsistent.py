"""`letters i18n stats` counts a translation that lacks a number, date, URL, case number or
name of its English as `inconsistent`, the word `review status` and check's code use: it
is not done (a --final build refuses it), and each one is named under the table as check
names it, where a letter shows it or not."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from conftest import cli

from tests.test_check_emails import _inconsistent, _po

HEADER = "language  domain          translated  refused  inconsistent  fuzzy  untranslated  done"


def test_stats_counts_and_names_a_translation_lacking_what_its_english_has(
    sample: Path, runner: CliRunner
) -> None:
    said = _inconsistent(sample)  # the uk translation of the occupation drops "2009"
    where = said.split("; used by ")[0]
    assert cli(runner, sample, "i18n", "stats").splitlines() == [
        HEADER,
        "uk        templates               24        0             0      0             0  100%",
        "uk        case-akhmetova          36        0             1      0             0   97%",
        "ru        templates               24        0             0      0             0  100%",
        "ru        case-akhmetova          37        0             0      0             0  100%",
        "1 translation lacks what the English text has, which a --final build refuses:",
        f"  {where}",
    ]
    rows = json.loads(cli(runner, sample, "i18n", "stats", "--json"))
    (row,) = [r for r in rows if (r["language"], r["domain"]) == ("uk", "case-akhmetova")]
    assert row == {
        "language": "uk",
        "domain": "case-akhmetova",
        "translated": 36,
        "fuzzy": 0,
        "untranslated": 0,
        "refused": 0,
        "header_refused": False,
        "inconsistent": 1,
        "total": 37,
        "percent": 97.3,
        # each named, as the table names it under it
        "inconsistent_entries": [
            {
                "file": str(_po("uk")),
                "line": int(where.split(":")[1]),
                "msgctxt": None,
                "msgid": "journalist since 2009",
                "lacks": '"2009" (a year)',
            }
        ],
    }
    assert all(r["inconsistent_entries"] == [] for r in rows if r is not row)
    # check says the same of it, where the e-mail shows it
    assert f"warning: {said}" in cli(runner, sample, "check").splitlines()


def test_stats_names_one_no_letter_shows_which_check_cannot(
    sample: Path, runner: CliRunner
) -> None:
    """The occupation in no template: check never sees the translation, stats does."""
    _inconsistent(sample)
    email = sample / "templates" / "appeal.email.txt"
    text = email.read_text(encoding="utf-8")
    email.write_text(text.replace("{{ case.person.occupation }}\n", ""), encoding="utf-8")
    assert "lacks what its English" not in cli(runner, sample, "check")
    table = cli(runner, sample, "i18n", "stats").splitlines()
    assert table[-1].startswith(f"  {_po('uk')}:")
    assert table[-1].endswith(': the translation lacks what its English text has: "2009" (a year)')
