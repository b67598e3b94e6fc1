"""A case's catalog says whom the case is about, and its translations agree with that person.

When ``person.gender`` is corrected in case.yaml, the English keeps its msgids, so nothing
else would tell that every Ukrainian and Russian text now has the wrong gender: the build
refuses such a catalog, and ``letters i18n update`` puts the note right and marks every
translation fuzzy for the translator, keeping it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner

from letters.cli import main
from letters.i18n.person_note import notes_in
from tests.conftest import cli as run
from tests.conftest import msgfmt_check

CASE = Path("cases/akhmetova/case.yaml")
LANGS = ("ru", "uk")


def notes_of(po: Path) -> list[str]:
    """The genders the notes in ``po``'s header comment name, in order."""
    lines = po.read_text(encoding="utf-8").splitlines()
    return [note.gender for note in notes_in(lines[: lines.index('msgid ""')])]


def po_of(lang: str) -> Path:
    return Path("locales") / lang / "LC_MESSAGES" / "case-akhmetova.po"


# The note as the tool writes it (Babel wraps it at 100 characters), by gender.
NOTE = {
    "female": [
        "# The person this case is about is a woman: translate every text about her so that it"
        " agrees with a",
        "# woman (pronouns, verbs in the past tense, nouns such as 'journalist').",
    ],
    "male": [
        "# The person this case is about is a man: translate every text about him so that it"
        " agrees with a",
        "# man (pronouns, verbs in the past tense, nouns such as 'journalist').",
    ],
}
PERSON = {"female": "a woman", "male": "a man"}
COMMENT = {
    "female": "the case is now about a woman: check that this translation agrees with her",
    "male": "the case is now about a man: check that this translation agrees with him",
}


def set_gender(ws: Path, gender: str) -> None:
    case = ws / CASE
    text = case.read_text(encoding="utf-8")
    old = re.findall(r"^  gender: \w+\n", text, flags=re.MULTILINE)
    assert len(old) == 1
    case.write_text(text.replace(old[0], f"  gender: {gender}\n"), "utf-8")


def set_note(ws: Path, lines: list[str]) -> None:
    """Put ``lines`` where the sample's catalogs have their note (about a woman), with
    the comment lines (``#``) before and after it."""
    for lang in LANGS:
        po = ws / po_of(lang)
        text = po.read_text(encoding="utf-8")
        note = "".join(f"{line}\n" for line in ["#", *NOTE["female"], "#"])
        assert text.count(note) == 1
        po.write_text(text.replace(note, "".join(f"{line}\n" for line in lines)), "utf-8")


def translations(po: Path, lang: str) -> dict[object, object]:
    return {m.id: m.string for m in read_po(po.open("rb"), locale=lang) if m.id}


def refused(before: str, now: str, line: int = 3) -> str:
    """What ``letters build`` says of the sample's two case catalogs, translated for a
    person of gender ``before`` when case.yaml now says ``now``."""
    said = (
        f"the person this case is about is now {PERSON[now]} (person.gender in {CASE}), but"
        f" this catalog was translated for {PERSON[before]}: run 'letters i18n update', which"
        " marks its translations fuzzy, and have the translator review the marked entries"
    )
    lines = [f"  {po_of(lang)}:{line}: {said}" for lang in LANGS]
    return "\n".join(["Error: 2 problems in the letters; nothing was written:", *lines, ""])


def _untranslate(sample: Path, lang: str) -> None:
    """Empty every translation of ``lang``'s case catalog, keeping its note."""
    po = sample / po_of(lang)
    catalog = read_po(po.open("rb"), locale=lang)
    for message in catalog:
        if message.id:
            message.string = ("", "", "") if isinstance(message.id, tuple) else ""
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    po.write_bytes(buffer.getvalue())


def test_notes_for_the_other_gender_in_catalogs_not_yet_translated_do_not_stop_a_build(
    sample: Path, runner: CliRunner
) -> None:
    """Only warnings: the letters are made (drafts, the untranslated text marked), and each
    stale note is told once."""
    for lang in LANGS:
        _untranslate(sample, lang)
    set_gender(sample, "male")
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    stale = [line for line in result.output.splitlines() if "this catalog's note" in line]
    told = [line.split(":")[1].strip() for line in stale]
    assert told == [str(po_of(lang)) for lang in sorted(LANGS)]
    assert all(line.startswith("warning: ") for line in stale)


def test_a_note_for_the_other_gender_in_a_catalog_not_yet_translated_is_told_as_a_note(
    sample: Path, runner: CliRunner
) -> None:
    """Nothing in it was translated for a woman: what is wrong is the note its translator
    would follow, which update puts right. No letter says anything wrong, so it is a
    warning: a catalog no letter is written in yet does not stop a build."""
    _untranslate(sample, "ru")
    set_gender(sample, "male")
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert result.exit_code == 1
    said = (
        f"the person this case is about is now a man (person.gender in {CASE}), but this"
        " catalog's note tells its translator to translate for a woman: run 'letters i18n"
        " update', which puts the note right (nothing is translated yet)"
    )
    assert f"  {po_of('ru')}:3: {said}\n" not in result.output  # not among the errors
    assert "was translated for a woman" in result.output  # the Ukrainian one was
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert f"warning: {po_of('ru')}:3: {said}" in check.output.splitlines()


@pytest.mark.parametrize(("before", "now"), [("female", "male"), ("male", "female")])
def test_a_corrected_gender_is_refused_then_marked_for_review(
    sample: Path, runner: CliRunner, before: str, now: str
) -> None:
    # the sample, as if its catalogs had been translated for a person of gender ``before``
    set_gender(sample, before)
    set_note(sample, ["#", *NOTE[before], "#"])
    run(runner, sample, "check")
    uk = sample / po_of("uk")
    untranslated = 'msgid "journalist"\nmsgstr ""\n'  # nothing to review there
    uk.write_text(
        uk.read_text("utf-8").replace('msgid "journalist"\nmsgstr "журналістка"\n', untranslated)
    )
    kept = {lang: translations(sample / po_of(lang), lang) for lang in LANGS}

    set_gender(sample, now)
    build = runner.invoke(main, ["build", "-w", str(sample)])
    assert build.exit_code == 1
    assert build.output == refused(before, now)
    assert not (sample / "out").exists()
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 1
    assert check.output.splitlines()[:2] == [
        line.replace("  ", "error: ", 1) for line in refused(before, now).splitlines()[1:]
    ]

    output = run(runner, sample, "i18n", "update")
    count = len(kept["uk"]) - 1
    assert (
        f"updated {uk}: 1 untranslated, {count} newly fuzzy; {count} to review:"
        f" the person this case is about is now {PERSON[now]}, and the catalog was translated"
        f" for {PERSON[before]} (marked fuzzy, translations kept)"
    ) in output.splitlines()
    # their English did not change: no line under the catalog's says it did
    assert [line for line in output.splitlines() if "English changed" in line] == []
    for lang in LANGS:
        po = sample / po_of(lang)
        # the note's meaning, not Babel's layout of a header comment (2.16 drops a last "#")
        assert notes_of(po) == [now]
        assert translations(po, lang) == kept[lang]  # nothing lost
        for message in read_po(po.open("rb"), locale=lang):
            if message.id and message.string:
                assert message.fuzzy, message.id
                assert message.user_comments == [COMMENT[now]], message.id
            elif message.id:  # the untranslated one
                assert not message.fuzzy and not message.user_comments
        msgfmt_check(po)
    # a draft shows each marked entry as [UNTRANSLATED: …]; a final build refuses them
    final = runner.invoke(main, ["build", "--final", "-w", str(sample)])
    assert final.exit_code == 1
    assert "' is marked fuzzy (review it, then remove the fuzzy flag); used by" in final.output
    assert "case-akhmetova.po:3: the person" not in final.output
    assert not (sample / "out").exists()
    again = run(runner, sample, "i18n", "update")  # the note is right now: nothing more
    assert f"unchanged {uk}: 1 untranslated, 0 newly fuzzy" in again.splitlines()


# A note is found by its exact sentence, however a translator's tool wrapped it.
WRAPPED = {
    "one line": ["#", " ".join(NOTE["female"]).replace(" # ", " "), "#"],
    "wrapped at 60": [
        "#",
        "# The person this case is about is a woman: translate every",
        "# text about her so that it agrees with a woman (pronouns,",
        "# verbs in the past tense, nouns such as 'journalist').",
        "#",
    ],
}


@pytest.mark.parametrize("lines", WRAPPED.values(), ids=WRAPPED.keys())
def test_a_note_is_found_however_it_is_wrapped(
    sample: Path, runner: CliRunner, lines: list[str]
) -> None:
    set_note(sample, lines)
    run(runner, sample, "check")
    set_gender(sample, "male")
    build = runner.invoke(main, ["build", "-w", str(sample)])
    assert build.output == refused("female", "male")
    run(runner, sample, "i18n", "update")
    for lang in LANGS:
        text = (sample / po_of(lang)).read_text(encoding="utf-8")
        assert notes_of(sample / po_of(lang)) == ["male"]
        assert "about is a woman" not in text


# A catalog made before the note existed, or whose translator deleted or reworded it, has
# no note: it gets one, and nothing is marked (nothing says it was translated otherwise).
NO_NOTE = {
    "none": [],
    "reworded": ["#", "# The person this case is about is a woman.", "#"],
}


@pytest.mark.parametrize("lines", NO_NOTE.values(), ids=NO_NOTE.keys())
def test_a_catalog_without_a_note_gets_one(
    sample: Path, runner: CliRunner, lines: list[str]
) -> None:
    set_note(sample, lines)
    set_gender(sample, "male")
    run(runner, sample, "check")  # no note: nothing to refuse
    output = run(runner, sample, "i18n", "update")
    uk = sample / po_of("uk")
    assert (
        f"updated {uk}: 0 untranslated, 0 newly fuzzy;"
        " note added: the person this case is about is a man"
    ) in output.splitlines()
    for lang in LANGS:
        po = sample / po_of(lang)
        header = [*(lines or ["#"]), *NOTE["male"], "#"]
        assert po.read_text(encoding="utf-8").splitlines()[1 : 1 + len(header)] == header
        assert not any(m.fuzzy for m in read_po(po.open("rb"), locale=lang) if m.id)
        msgfmt_check(po)
    again = run(runner, sample, "i18n", "update")
    assert f"unchanged {uk}: 0 untranslated, 0 newly fuzzy" in again.splitlines()


def test_update_says_which_catalog_it_created(sample: Path, runner: CliRunner) -> None:
    uk = sample / po_of("uk")
    uk.unlink()
    lines = run(runner, sample, "i18n", "update").splitlines()
    assert [line.split(":")[0] for line in lines if "case-akhmetova.po" in line] == [
        f"created {uk}",
        f"unchanged {sample / po_of('ru')}",
    ]
    assert uk.read_text(encoding="utf-8").splitlines()[:5] == [
        '# Ukrainian translation of letters, domain "case-akhmetova".',
        "#",
        *NOTE["female"],
        "#",
    ]


def test_a_catalog_with_nothing_translated_has_its_note_put_right_and_nothing_to_review(
    sample: Path, runner: CliRunner
) -> None:
    """A language just begun (no translation yet) when the gender is corrected: its note
    is put right, and the output does not speak of "0 to review"."""
    run(runner, sample, "i18n", "init", "pl")
    set_gender(sample, "male")
    output = run(runner, sample, "i18n", "update")
    pl = sample / "locales" / "pl" / "LC_MESSAGES" / "case-akhmetova.po"
    (line,) = [row for row in output.splitlines() if row.startswith(f"updated {pl}:")]
    assert line.endswith(
        " 0 newly fuzzy; note put right: the person this case is about is now a man"
    ), line
    assert notes_of(pl) == ["male"]
    msgfmt_check(pl)
