"""A case's catalog tells its translator how each kind of text is used in a letter (a
treaty's name in the nominative, an ask as an infinitive clause …), beside the field it
comes from: the template's catalog says it in its TRANSLATORS comments, the case's in
extracted comments of its own."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from babel.messages.pofile import read_po
from click.testing import CliRunner

from letters.i18n.text_uses import CASE_TEXT_USES, LETTER_TEXT_USES
from letters.load.case_texts import TEXT_FIELDS
from tests.conftest import REPO, msgfmt_check
from tests.conftest import cli as run

POT = Path("locales/case-akhmetova.pot")
CATALOGS = [Path(f"locales/{lang}/LC_MESSAGES/case-akhmetova.po") for lang in ("uk", "ru")]
INSTRUMENT = (
    "#. instruments[0]\n"
    '#. a treaty\'s name in the nominative: listed after "such as" («як», «как»), or alone as a'
    " subject\n"
    "#: cases/akhmetova/case.yaml:117\n"
    'msgid "the UN Convention against Torture"\n'
)
ASK = (
    "#. asks[0].text\n"
    '#. completes "We therefore ask you …": an infinitive clause ("to withdraw …"),'
    " no final punctuation\n"
    "#: cases/akhmetova/case.yaml:126\n"
    'msgid "to recognise that her prosecution is politically motivated and to review her case'
    ' in that light"\n'
)
EVENT = (
    "#. timeline[3].text\n"
    '#. a whole sentence; keep {date} where its date goes: "On 18 October 2017 …",'
    " «18 жовтня 2017 р. …»\n"
    "#: cases/akhmetova/case.yaml:91\n"
    "#, python-brace-format\n"
    'msgid "{date} the Supreme Court upheld that order."\n'
)


def test_every_translated_text_says_how_it_is_used() -> None:
    translated = {field for field, yes in TEXT_FIELDS.items() if yes}
    assert set(CASE_TEXT_USES) == translated
    assert set(LETTER_TEXT_USES) == {"subject", "summary", "framing"}
    for note in [*CASE_TEXT_USES.values(), *LETTER_TEXT_USES.values()]:
        assert len(f"#. {note}") <= 100, note  # one line in a catalog


def _unflagged(text: str) -> str:
    """``text`` without its ``#,`` lines: whether Babel flags {date} as python-brace-format
    depends on its release."""
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#,"))


def _notes(catalog: Path) -> dict[str, list[str]]:
    with catalog.open("rb") as handle:
        return {str(m.id): m.auto_comments for m in read_po(handle) if m.id}


def test_extract_puts_the_note_after_the_field(sample: Path, runner: CliRunner) -> None:
    run(runner, sample, "i18n", "extract")
    pot = _unflagged((sample / POT).read_text(encoding="utf-8"))
    for entry in (INSTRUMENT, ASK, EVENT):
        assert _unflagged(entry) in pot
    notes = _notes(sample / POT)
    assert notes["Her extradition would put her in grave danger."] == [
        "letters[0].framing",
        "one whole sentence, which leads into the risks in their paragraph",
    ]
    assert all(len(comments) == 2 for comments in notes.values())
    msgfmt_check(sample / POT)


def test_update_brings_the_notes_into_a_catalog_made_without_them(
    sample: Path, runner: CliRunner
) -> None:
    for po in CATALOGS:  # as the catalogs were before there were notes
        text = (sample / po).read_text(encoding="utf-8")
        kept = [line for line in text.splitlines(keepends=True) if _is_path_or_not_note(line)]
        (sample / po).write_text("".join(kept), encoding="utf-8")
        assert "#. a treaty's name" not in (sample / po).read_text(encoding="utf-8")
    run(runner, sample, "i18n", "extract")
    run(runner, sample, "i18n", "update")
    pot = _notes(sample / POT)
    for po in CATALOGS:
        assert _notes(sample / po) == pot
        text = (sample / po).read_text(encoding="utf-8")
        assert INSTRUMENT in text
        msgfmt_check(sample / po)


def _is_path_or_not_note(line: str) -> bool:
    """Whether a catalog's line is anything but a note on how a text is used."""
    return not line.startswith("#. ") or bool(re.fullmatch(r"#\. [\w.\[\]]+\n", line))


def test_the_sample_catalogs_carry_the_notes() -> None:
    """The committed catalogs are what 'letters i18n extract' and 'update' write."""
    pot = _notes(REPO / POT)
    assert pot["the UN Convention against Torture"][1].startswith("a treaty's name")
    for po in CATALOGS:
        assert _notes(REPO / po) == pot


def test_pybabel_writes_the_same_notes(sample: Path, runner: CliRunner) -> None:
    pybabel = shutil.which("pybabel")
    assert pybabel, "Babel installs pybabel"
    run(runner, sample, "i18n", "extract")
    shutil.copy(REPO / "babel.cfg", sample / "babel.cfg")
    subprocess.run(
        [pybabel, "extract", "-F", "babel.cfg", "-o", "pybabel.pot", "cases/akhmetova"],
        cwd=sample,
        check=True,
        capture_output=True,
    )
    theirs = _notes(sample / "pybabel.pot")  # pybabel wraps comments at 76 characters
    ours = _notes(sample / POT)
    assert set(theirs) == set(ours)
    for msgid, (_field, note) in ours.items():
        assert note in " ".join(theirs[msgid]), msgid


def test_the_readme_shows_an_entry_as_the_sample_catalog_has_it() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (entry,) = re.findall(r"```po\n(#\. instruments\[0\]\n.*?)```", readme, re.S)
    assert entry in (REPO / CATALOGS[0]).read_text(encoding="utf-8")
