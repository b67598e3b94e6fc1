"""Every shipped catalog passes GNU gettext's and translate-toolkit's checks, 100% translated."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from letters.cli import main
from letters.i18n.catalog import PRIVATE_EARLIER
from tests.conftest import (
    GETTEXT,
    REPO,
    SAMPLE_ADDRESS,
    TRANSLATE_TOOLKIT,
    require_tool,
)

CATALOGS = sorted((REPO / "locales").rglob("*.po")) + sorted(
    (REPO / "letters" / "data").rglob("*.po")
)
IDS = [p.relative_to(REPO).as_posix() for p in CATALOGS]
POFILTER_TESTS = [
    "printf",
    "escapes",
    "newlines",
    "tabs",
    "variables",
    "xmltags",
    "nplurals",
    "doublespacing",
    "untranslated",
    "brackets",
    "doublewords",
]


def test_sample_ships_uk_and_ru_catalogs() -> None:
    for lang in ("uk", "ru"):
        for domain in ("templates", "case-akhmetova"):
            assert (REPO / "locales" / lang / "LC_MESSAGES" / f"{domain}.po").is_file()


@pytest.mark.parametrize("po", CATALOGS, ids=IDS)
def test_msgfmt_check_and_complete(po: Path, tmp_path: Path) -> None:
    msgfmt = require_tool("msgfmt", GETTEXT)
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", str(tmp_path / "x.mo"), str(po)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


@pytest.mark.parametrize("po", CATALOGS, ids=IDS)
def test_pofilter_finds_nothing(po: Path, tmp_path: Path) -> None:
    pofilter = require_tool("pofilter", TRANSLATE_TOOLKIT)
    out = tmp_path / "failures.po"
    args = [pofilter, "--progress=none"]
    # the review request's translations put an aside in brackets where the English has a
    # comma, and translate "<version>", words the signatory reads, not a tag
    skipped = ("brackets", "xmltags") if po.name == "review.po" else ()
    for name in POFILTER_TESTS:
        args += [] if name in skipped else ["-t", name]
    subprocess.run([*args, str(po), str(out)], check=True, capture_output=True)
    failures = (
        [
            line
            for line in out.read_text(encoding="utf-8").splitlines()
            if line.startswith("# (pofilter)")
        ]
        if out.exists()
        else []
    )
    assert failures == []


def test_skeleton_template_catalogs_match_the_sample() -> None:
    for lang in ("uk", "ru"):
        shipped = REPO / "letters" / "data" / "locales" / lang / "LC_MESSAGES" / "templates.po"
        sample = REPO / "locales" / lang / "LC_MESSAGES" / "templates.po"
        assert shipped.read_bytes() == sample.read_bytes()
    shipped_email = REPO / "letters" / "data" / "appeal.email.txt"
    assert shipped_email.read_bytes() == (REPO / "templates" / "appeal.email.txt").read_bytes()


def _private_values(node: object) -> list[str]:
    """Every value marked ``private: true`` in a parsed case file."""
    if isinstance(node, list):
        return [value for item in node for value in _private_values(item)]
    if not isinstance(node, dict):
        return []
    if node.get("private") is True:
        return [str(node[key]) for key in ("text", "date") if key in node]
    return [value for item in node.values() for value in _private_values(item)]


CASE_FILES = sorted(REPO.glob("cases/*/case.yaml")) + sorted(
    REPO.glob("tests/workspaces/*/cases/*/case.yaml")
)
ALL_CATALOGS = sorted(  # every catalog of the repository, not those of the virtual environments
    path
    for pattern in ("*.po", "*.pot")
    for path in REPO.rglob(pattern)
    if not path.relative_to(REPO).parts[0].startswith(".")
)


def test_no_catalog_holds_a_private_fact() -> None:
    """Translators see every catalog: a private fact must never reach one, not even as an
    obsolete entry or a comment."""
    from babel.messages.pofile import read_po
    from ruamel.yaml import YAML

    private = [v for case in CASE_FILES for v in _private_values(YAML(typ="safe").load(case))]
    assert SAMPLE_ADDRESS in private
    assert len(private) >= 4  # the sample's address, birth date and note; another case's note
    for po in ALL_CATALOGS:
        with po.open("rb") as handle:
            catalog = read_po(handle)
        texts = []
        for message in [*catalog, *catalog.obsolete.values()]:
            for part in (message.id, message.string):
                texts += [part] if isinstance(part, str) else list(part)
            texts += [*message.auto_comments, *message.user_comments]
        found = "\n".join([*texts, po.read_text(encoding="utf-8")])
        for value in private:
            assert value not in found, f"{po.relative_to(REPO)} holds a private fact"


def test_a_msgid_edited_by_the_translator_is_pointed_at(sample: Path, runner: CliRunner) -> None:
    """A search-and-replace that reaches a msgid leaves its English without a translation;
    the warning names the edited entry's line and how to carry the translation over."""
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "case-akhmetova.po"
    text = po.read_text(encoding="utf-8")
    english = "Her extradition would put her in grave danger."
    msgid = f'msgid "{english}"\n'
    assert text.count(msgid) == 1
    line = text[: text.index(msgid)].count("\n") + 1
    po.write_text(text.replace(msgid, msgid.replace("grave", "serious")), encoding="utf-8")
    result = runner.invoke(main, ["check", "-w", str(sample)])
    found = [row for row in result.output.splitlines() if english in row]
    assert found and all(
        row.startswith(f"warning: locales/uk/LC_MESSAGES/case-akhmetova.po:{line}: ")
        and f"the entry on line {line} translates a text close to it (the English before it"
        " changed, or a msgid edited in the .po): 'letters i18n update' carries that"
        " translation over to this text, marked fuzzy for review; used by"
        in row
        for row in found
    ), result.output


def test_a_changed_english_text_is_pointed_at_without_blaming_the_translator(
    sample: Path, runner: CliRunner
) -> None:
    """The case's English changed after translation: the warning does not say that the
    translator edited anything, and names the entry that still translates the old text."""
    case = sample / "cases" / "akhmetova" / "letters.yaml"  # each letter's framing
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "case-akhmetova.po"
    english = "Her extradition would put her in grave danger."
    msgid = f'msgid "{english}"\n'
    text = po.read_text(encoding="utf-8")
    line = text[: text.index(msgid)].count("\n") + 1
    source = case.read_text(encoding="utf-8")
    assert source.count(english) == 4
    case.write_text(source.replace(english, english.replace("grave", "serious")), "utf-8")
    result = runner.invoke(main, ["check", "-w", str(sample)])
    changed = english.replace("grave", "serious")
    found = [row for row in result.output.splitlines() if "/uk/" in row and changed in row]
    said = (
        f"warning: locales/uk/LC_MESSAGES/case-akhmetova.po:{line}: {changed!r} has no"
        f" translation; the entry on line {line} translates a text close to it (the English"
        " before it changed, or a msgid edited in the .po): 'letters i18n update' carries that"
        " translation over to this text, marked fuzzy for review; used by"
        " cases/akhmetova/letters.yaml:"
    )
    assert len(found) == 4 and all(row.startswith(said) for row in found), result.output


PRIVATE_NOTE = (
    "In court it came out that Kazakhstani official papers gave a likely address of hers in"
    " Ukraine, a sign that Kazakh services may be active there."
)


@pytest.mark.parametrize(
    ("entries", "says"),
    [
        # a translation the checks would quote: a letter of another alphabet, a tab
        ([("", SAMPLE_ADDRESS, "вул. Прикладна, 1ы")], "warning"),
        ([("", PRIVATE_NOTE, "У суді\tз’ясувалося")], "warning"),
        # the same private text twice: the second entry is named by the first's line
        ([("", SAMPLE_ADDRESS, "вул. Прикладна, 1"), ("", SAMPLE_ADDRESS, "вул. 1")], "twice"),
        # obsolete, and also kept as an entry
        ([("", SAMPLE_ADDRESS, "вул. 1"), ("#~ ", SAMPLE_ADDRESS, "вул. 1")], "obsolete"),
        # obsolete only: never used, but in the catalog the translators are sent
        ([("#~ ", SAMPLE_ADDRESS, "вул. Прикладна, 1")], "warning"),
    ],
    ids=["other-alphabet", "control-character", "twice", "obsolete-twice", "obsolete"],
)
@pytest.mark.parametrize("command", ["check", "build", "i18n compile"])
def test_a_catalog_entry_of_a_private_text_is_never_quoted(
    sample: Path, runner: CliRunner, command: str, entries: list[tuple[str, str, str]], says: str
) -> None:
    """A catalog made before a text was marked private (or a translator's old copy) may still
    hold it; what any command says of the entry names its line, never the text or its
    translation, and no .mo holds it."""
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "case-akhmetova.po"
    before = po.read_text(encoding="utf-8")
    first = before.count("\n") + 2
    added = "".join(
        f'\n{mark}msgid "{english}"\n{mark}msgstr "{translated}"\n'
        for mark, english, translated in entries
    )
    po.write_text(before + added, encoding="utf-8")
    result = runner.invoke(main, [*command.split(), "-w", str(sample)])
    shown = result.output + (str(result.exception) if result.exception else "")
    for _mark, english, translated in entries:
        assert english not in shown and translated not in shown
        assert english[:20] not in shown and translated[:8] not in shown
    label = "locales/uk/LC_MESSAGES/case-akhmetova.po"
    if says == "warning":
        assert (
            f"warning: {label}:{first}: this entry's English is a text the case marks private"
            in shown
        )
        assert result.exit_code == 0, shown
    else:
        second = first + 3
        what = (
            f"a second entry for the message at line {first}: keep one of them"
            if says == "twice"
            else f"an obsolete (#~) entry repeats the entry at line {first}"
        )
        assert f"{label}:{second}: invalid .po file: {what}" in shown
        assert result.exit_code == 1
    for mo in sample.rglob("*.mo"):
        assert SAMPLE_ADDRESS.encode() not in mo.read_bytes()
        assert PRIVATE_NOTE[:40].encode() not in mo.read_bytes()


def test_a_text_marked_private_is_no_catalog_entrys_earlier_english(
    sample: Path, runner: CliRunner
) -> None:
    """A paragraph marked private beside a new public one like it: update matched the new
    text to the private one's entry, writing the private English into the catalog as the
    text the translation was made for (#| msgid), with its translation."""
    case = sample / "cases" / "akhmetova" / "case.yaml"
    old = "  - id: flight\n    text: >-\n"
    private = "In March 2017 she fled to Ukraine with her son and applied for protection"
    text = case.read_text(encoding="utf-8")
    assert text.count(old) == 1 and text.count(private) == 1
    case.write_text(
        text.replace(
            old,
            f"  - id: flight\n    private: true\n    text: >-\n      {private}\n      there.\n"
            "  - id: flight2\n    text: >-\n",
        ).replace(
            f"{private}\n      there.\n  - id: request",
            f"{private[:-10]}asylum\n      there.\n  - id: request",
        ),
        encoding="utf-8",
    )
    translated = "У березні 2017 р. вона із сином утекла до України й звернулася по захист."
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "case-akhmetova.po"
    assert translated in po.read_text(encoding="utf-8")
    result = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    for catalog in (sample / "locales").glob("*/LC_MESSAGES/*.po"):
        written = catalog.read_text(encoding="utf-8")
        assert "applied for protection" not in written, catalog
        assert translated not in written, catalog
    assert "applied for asylum there" in po.read_text(encoding="utf-8")


def test_an_edit_taken_back_with_its_text_made_private_leaves_no_obsolete_entry_of_it(
    sample: Path, runner: CliRunner
) -> None:
    """A paragraph edited (update made its entry fuzzy, #| msgid the English it was
    translated from), then put back as it was and marked private: the edited entry became
    obsolete with that English and its translation (#~| msgid), in every catalog the
    translators see. It is moved out with the other translations of private texts."""
    case = sample / "cases" / "akhmetova" / "case.yaml"
    public = case.read_text(encoding="utf-8")
    ending = "applied for protection\n      there.\n"
    assert public.count(ending) == 1
    case.write_text(public.replace(ending, ending.replace("there.", "there soon.")), "utf-8")
    edited = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert edited.exit_code == 0, edited.output
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "case-akhmetova.po"
    assert '#| msgid "In March 2017 she fled' in po.read_text(encoding="utf-8")
    flight = "  - id: flight\n    text: >-\n"
    case.write_text(
        public.replace(flight, "  - id: flight\n    private: true\n    text: >-\n"), "utf-8"
    )
    lines = po.read_text(encoding="utf-8").splitlines()
    line = 1 + next(n for n, text in enumerate(lines) if text.startswith('msgid "In March 2017'))
    checked = runner.invoke(main, ["check", "-w", str(sample)])
    assert (
        f"warning: locales/uk/LC_MESSAGES/case-akhmetova.po:{line}: {PRIVATE_EARLIER}"
        in checked.output.splitlines()
    ), checked.output
    result = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    translated = "У березні 2017 р. вона із сином утекла до України й звернулася по захист."
    for catalog in (sample / "locales").glob("*/LC_MESSAGES/*.po"):
        written = catalog.read_text(encoding="utf-8")
        assert "applied for protection" not in written, catalog
        assert translated not in written, catalog
    kept = sample / "locales" / ".private" / "uk" / "case-akhmetova.po"
    assert translated in kept.read_text(encoding="utf-8")
    assert "1 translation of a text now private moved out" in result.output
    # kept as the translation of the English it was made for, which it comes back with
    case.write_text(public, encoding="utf-8")
    back = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert "1 translation of a text public again put back" in back.output, back.output
    assert not kept.exists()
    entry = read_po(po.open("rb")).get(
        "In March 2017 she fled to Ukraine with her son and applied for protection there."
    )
    assert entry is not None and entry.string == translated and entry.fuzzy


def test_the_translation_of_a_text_made_private_is_kept_out_of_the_catalogs_and_comes_back(
    sample: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No catalog may hold a private text, but its translation is a translator's work:
    update moves it to locales/.private/ (which no tool reads, and check does not call a
    stray catalog), says so, and puts it back once the text is public again."""
    monkeypatch.chdir(sample)  # files shown from the workspace
    case = sample / "cases" / "akhmetova" / "case.yaml"
    public = case.read_text(encoding="utf-8")
    old = "  - id: flight\n    text: >-\n"
    assert public.count(old) == 1
    case.write_text(
        public.replace(old, "  - id: flight\n    private: true\n    text: >-\n"),
        encoding="utf-8",
    )
    translated = "У березні 2017 р. вона із сином утекла до України й звернулася по захист."
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "case-akhmetova.po"
    kept = sample / "locales" / ".private" / "uk" / "case-akhmetova.po"
    assert translated in po.read_text(encoding="utf-8")
    moved = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert moved.exit_code == 0, moved.output
    assert (
        "updated locales/uk/LC_MESSAGES/case-akhmetova.po: 0 untranslated, 0 newly fuzzy"
        "; 1 translation of a text now private moved out to"
        " locales/.private/uk/case-akhmetova.po (no catalog may hold a private text; it comes"
        " back if the text is public again)"
    ) in moved.output.splitlines()
    assert translated not in po.read_text(encoding="utf-8")
    assert translated in kept.read_text(encoding="utf-8")
    msgfmt = require_tool("msgfmt", GETTEXT)  # a .po msgfmt -c has no warning for
    checked_po = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(kept)], capture_output=True, text=True
    )
    assert (checked_po.returncode, checked_po.stderr) == (0, "")
    checked = runner.invoke(main, ["check", "-w", str(sample)])
    assert checked.exit_code == 0 and ".private" not in checked.output, checked.output
    again = runner.invoke(main, ["i18n", "update", "-w", str(sample)])  # nothing moves twice
    assert "moved out" not in again.output and translated in kept.read_text(encoding="utf-8")

    case.write_text(public, encoding="utf-8")
    back = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert back.exit_code == 0, back.output
    assert (
        "updated locales/uk/LC_MESSAGES/case-akhmetova.po: 0 untranslated, 0 newly fuzzy"
        "; 1 translation of a text public again put back"
    ) in back.output.splitlines()
    assert translated in po.read_text(encoding="utf-8")
    assert not kept.exists()
    assert not (sample / "locales" / ".private" / "ru" / "case-akhmetova.po").exists()
    # each language gets back its own translation, not the one put back in another first
    russian = "В марте 2017 г. она вместе с сыном бежала в Украину и обратилась за защитой."
    ru = (sample / "locales" / "ru" / "LC_MESSAGES" / "case-akhmetova.po").read_text("utf-8")
    assert russian in ru and translated not in ru
    assert (
        "updated locales/ru/LC_MESSAGES/case-akhmetova.po: 0 untranslated, 0 newly fuzzy"
        "; 1 translation of a text public again put back"
    ) in back.output.splitlines()


def test_a_text_private_in_one_case_is_translated_in_a_case_that_shows_it(
    sample: Path, runner: CliRunner
) -> None:
    """Two cases that share a sentence (a couple's, say), private in one of them: the other
    case's letters show it, so its catalog's translation is used and kept, not skipped as
    'a text the case marks private' (its letters then untranslated) nor removed by update."""
    cases, locales = sample / "cases", sample / "locales"
    shutil.copytree(cases / "akhmetova", cases / "second")
    letters_yaml = cases / "second" / "letters.yaml"
    letters_yaml.write_text(
        re.sub(r"(?m)^  - id: ", "  - id: second-", letters_yaml.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    for lang in ("uk", "ru"):
        folder = locales / lang / "LC_MESSAGES"
        shutil.copy(folder / "case-akhmetova.po", folder / "case-second.po")
    case = cases / "akhmetova" / "case.yaml"
    text = case.read_text(encoding="utf-8")
    old = "  - id: flight\n    text: >-\n"
    assert text.count(old) == 1
    case.write_text(
        text.replace(old, "  - id: flight\n    private: true\n    text: >-\n"), encoding="utf-8"
    )
    shown = "In March 2017 she fled to Ukraine with her son and applied for protection there."
    translated = "У березні 2017 р. вона із сином утекла до України й звернулася по захист."
    second = locales / "uk" / "LC_MESSAGES" / "case-second.po"
    checked = runner.invoke(main, ["check", "-w", str(sample)])
    assert checked.exit_code == 0, checked.output
    assert "case-second.po" not in checked.output
    assert "locales/uk/LC_MESSAGES/case-akhmetova.po:" in checked.output  # the private one
    updated = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert updated.exit_code == 0, updated.output
    assert f'msgid "{shown}"\nmsgstr "{translated}"' in second.read_text(encoding="utf-8")
    assert shown not in (locales / "uk" / "LC_MESSAGES" / "case-akhmetova.po").read_text(
        encoding="utf-8"
    )


def test_a_fuzzy_translation_put_back_is_not_newly_fuzzy(
    sample: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A translation kept fuzzy while its text was private comes back fuzzy, as it was:
    this update did not make it so, and does not say it did."""
    monkeypatch.chdir(sample)  # files shown from the workspace
    case = sample / "cases" / "akhmetova" / "case.yaml"
    public = case.read_text(encoding="utf-8")
    old = "  - id: flight\n    text: >-\n"
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "case-akhmetova.po"
    text = po.read_text(encoding="utf-8")
    english = '#: cases/akhmetova/case.yaml:46\nmsgid "In March 2017'
    assert public.count(old) == 1 and text.count(english) == 1
    po.write_text(text.replace(english, english.replace("\n", "\n#, fuzzy\n", 1)), "utf-8")
    case.write_text(
        public.replace(old, "  - id: flight\n    private: true\n    text: >-\n"), "utf-8"
    )
    run_update = ["i18n", "update", "-w", str(sample)]
    assert runner.invoke(main, run_update).exit_code == 0
    case.write_text(public, encoding="utf-8")
    back = runner.invoke(main, run_update)
    assert back.exit_code == 0, back.output
    lines = back.output.splitlines()
    said = lines.index(
        "updated locales/uk/LC_MESSAGES/case-akhmetova.po: 0 untranslated, 0 newly fuzzy"
        "; 1 translation of a text public again put back"
    )
    assert not lines[said + 1].startswith("  "), back.output  # nothing made fuzzy to tell
    with po.open("rb") as file:
        entry = read_po(file).get(
            "In March 2017 she fled to Ukraine with her son and applied for protection there."
        )
    assert entry is not None and entry.fuzzy


@pytest.mark.parametrize("close_stays", [True, False], ids=["close-stays", "close-gone"])
def test_a_translation_kept_comes_back_over_one_the_merge_takes_from_a_close_english(
    sample: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, close_stays: bool
) -> None:
    """While a text was private, a close one was added and translated. When the text is
    public again, Babel's merge would give it the close one's translation (fuzzy): its own,
    kept in locales/.private, is put back instead, and not lost. Where the close text
    went at the same time, its translation is kept as #~ (the merge, having taken it for
    the guess put back, kept it nowhere: it was lost)."""
    monkeypatch.chdir(sample)  # files shown from the workspace
    case = sample / "cases" / "akhmetova" / "case.yaml"
    public = case.read_text(encoding="utf-8")
    close = "In March 2018 she fled to Ukraine with her son and applied for protection there again."
    added = f"  - id: flight-again\n    text: {close}\n  - id: request\n"
    old = "  - id: flight\n    text: >-\n"
    assert public.count(old) == 1 and public.count("  - id: request\n") == 1
    public = public.replace("  - id: request\n", added)
    case.write_text(
        public.replace(old, "  - id: flight\n    private: true\n    text: >-\n"), "utf-8"
    )
    run_update = ["i18n", "update", "-w", str(sample)]
    assert runner.invoke(main, run_update).exit_code == 0
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "case-akhmetova.po"
    text = po.read_text(encoding="utf-8")
    untranslated = f'msgid "{close}"\nmsgstr ""'
    assert text.count(untranslated) == 1
    po.write_text(
        text.replace(
            untranslated, f'msgid "{close}"\nmsgstr "У березні 2018 р. вона знову втекла."'
        ),
        encoding="utf-8",
    )
    case.write_text(
        public if close_stays else public.replace(added, "  - id: request\n"), encoding="utf-8"
    )
    back = runner.invoke(main, run_update)
    assert back.exit_code == 0, back.output
    assert (
        "updated locales/uk/LC_MESSAGES/case-akhmetova.po: 0 untranslated, 0 newly fuzzy"
        "; 1 translation of a text public again put back"
    ) in back.output.splitlines()
    kept_as_obsolete = f'#~ msgid "{close}"\n#~ msgstr "У березні 2018 р. вона знову втекла."\n'
    assert (kept_as_obsolete in po.read_text(encoding="utf-8")) is not close_stays
    with po.open("rb") as file:
        entry = read_po(file).get(
            "In March 2017 she fled to Ukraine with her son and applied for protection there."
        )
    translated = "У березні 2017 р. вона із сином утекла до України й звернулася по захист."
    assert entry is not None and (entry.string, entry.fuzzy, entry.previous_id) == (
        translated,
        False,
        [],
    )
