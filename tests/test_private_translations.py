"""A private text of a case pasted as a translation, in its English or in a language a
catalog translates it into, is refused by every command that reads the catalog, at the
msgstr's line, naming the private text's place and never either text; nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.cli.build import NOT_RENDERED
from tests.conftest import SAMPLE_ADDRESS, files_under

UK = "locales/uk/LC_MESSAGES"
RU = "locales/ru/LC_MESSAGES"
PRIVATE_JOB = ("  occupation: journalist\n", "  occupation: {text: journalist, private: true}\n")
ADDRESS = "the private one on line 18 of cases/akhmetova/case.yaml (person.address)"
JOB = "the uk translation of the private one on line 16 of cases/akhmetova/case.yaml"
FIX = "so the letter would tell it; write here the translation of its English"
INSIDE = (
    "so the letter would tell it; reword it, or, if that text may be told, take off its"
    " private mark"
)
TORTURE = (
    "Їй загрожували б катування та жорстоке поводження: переслідувані в Казахстані опозиційні"
    " активісти повідомляли, що зазнавали такого поводження під вартою."
)

# (edits of the sample: (file, find, replace)..., the problem said, the text never shown)
CASES = {
    "english-in-templates": (
        [(f"{UK}/templates.po", 'msgstr "Шановні колеги!"', f'msgstr "{SAMPLE_ADDRESS}"')],
        f"{UK}/templates.po:27: translation of 'Dear colleagues,' is the same text as"
        f" {ADDRESS}, {FIX}",
        "Sampletown",
    ),
    "english-folded-in-a-case-catalog": (
        [
            (
                f"{RU}/case-akhmetova.po",
                'msgstr "журналист"',
                'msgstr "1 EXAMPLE STREET,\u00a0Sampletown (invented for this sample)"',
            )
        ],
        f"{RU}/case-akhmetova.po:26: translation of 'journalist' is the same text as"
        f" {ADDRESS}, {FIX}",
        "EXAMPLE STREET",
    ),
    "translation-of-a-private-text": (
        [
            ("cases/akhmetova/case.yaml", *PRIVATE_JOB),
            (f"{UK}/templates.po", 'msgstr "Шановні колеги!"', 'msgstr "Журналістка"'),
        ],
        f"{UK}/templates.po:27: translation of 'Dear colleagues,' is the same text as"
        f" {JOB} (person.occupation), {FIX}",
        "урналістка",
    ),
    "english-inside-a-translation": (
        [
            (
                f"{UK}/templates.po",
                'msgstr "Шановні колеги!"',
                f'msgstr "Шановні колеги з {SAMPLE_ADDRESS}!"',
            )
        ],
        f"{UK}/templates.po:27: translation of 'Dear colleagues,' holds the words of"
        f" {ADDRESS}, {INSIDE}",
        "Sampletown",
    ),
    "english-after-a-numero-sign-in-a-translation": (
        [
            (
                f"{UK}/templates.po",
                'msgstr "Шановні колеги!"',
                f'msgstr "Шановні колеги з №{SAMPLE_ADDRESS}!"',
            )
        ],
        f"{UK}/templates.po:27: translation of 'Dear colleagues,' holds the words of"
        f" {ADDRESS}, {INSIDE}",
        "Sampletown",
    ),
    "translation-of-a-private-text-inside-a-translation": (
        [
            (
                "cases/akhmetova/case.yaml",
                "  - id: torture\n",
                "  - id: torture\n    private: true\n",
            ),
            (
                f"{UK}/templates.po",
                'msgstr "Шановні колеги!"',
                f'msgstr "Шановні колеги! {TORTURE}"',
            ),
        ],
        f"{UK}/templates.po:27: translation of 'Dear colleagues,' holds the words of the uk"
        " translation of the private one on line 106 of cases/akhmetova/case.yaml (risks[0]),"
        f" {INSIDE}",
        "катування",
    ),
    "translation-in-another-language": (
        [
            ("cases/akhmetova/case.yaml", *PRIVATE_JOB),
            (f"{RU}/templates.po", 'msgstr "Уважаемые коллеги!"', 'msgstr "журналістка"'),
        ],
        f"{RU}/templates.po:27: translation of 'Dear colleagues,' is the same text as"
        f" {JOB} (person.occupation), {FIX}",
        "журналістка",
    ),
}


def _edit(workspace: Path, edits: list[tuple[str, str, str]]) -> None:
    for name, find, replace in edits:
        path = workspace / name
        text = path.read_text(encoding="utf-8")
        assert text.count(find) == 1, (name, find)
        path.write_text(text.replace(find, replace), encoding="utf-8")


# what each command says of the problem, and whether it may write anything at all
SAID = {
    "check": "error: {problem}\nError: 1 problem found. " + NOT_RENDERED + "\n",
    "build": "Error: 1 problem in the letters; nothing was written:\n  {problem}\n",
    "i18n compile": "Error: cannot compile; nothing was written:\n  {problem}\n",
    "i18n update": "Error: a catalog holds a private text; nothing was changed:\n  {problem}\n",
    "i18n extract": "Error: a catalog holds a private text; nothing was changed:\n  {problem}\n",
}


@pytest.mark.parametrize("command", SAID)
@pytest.mark.parametrize(("edits", "problem", "private"), CASES.values(), ids=CASES.keys())
def test_a_private_text_pasted_as_a_translation_is_refused(
    sample: Path,
    runner: CliRunner,
    command: str,
    edits: list[tuple[str, str, str]],
    problem: str,
    private: str,
) -> None:
    _edit(sample, edits)
    if command == "i18n extract":  # a case text changed: extract would write its .pot
        _edit(sample, [("cases/akhmetova/case.yaml", "against Torture", "Against Torture")])
    before = files_under(sample)

    result = runner.invoke(main, [*command.split(), "-w", str(sample)])

    said = result.output
    if command == "check":  # the warning of the catalog entry now private comes first
        said = "\n".join(line for line in said.split("\n") if not line.startswith("warning: "))
    assert (result.exit_code, said) == (1, SAID[command].format(problem=problem))
    assert private.casefold() not in result.output.casefold()
    assert "Traceback" not in result.output
    assert files_under(sample) == before


def test_a_private_text_kept_out_of_the_catalogs_is_known_in_its_translation(
    sample: Path, runner: CliRunner
) -> None:
    """Once 'update' moved the translation of a text made private out of the catalog, a
    translator pasting that translation into another entry is still refused."""
    _edit(sample, [("cases/akhmetova/case.yaml", *PRIVATE_JOB)])
    update = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert update.exit_code == 0, update.output
    catalog = (sample / UK / "case-akhmetova.po").read_text(encoding="utf-8")
    assert 'msgstr "журналістка"' not in catalog
    _edit(sample, [(f"{UK}/templates.po", 'msgstr "Шановні колеги!"', 'msgstr "журналістка"')])
    before = files_under(sample)

    result = runner.invoke(main, ["i18n", "update", "-w", str(sample)])

    assert (result.exit_code, result.output) == (
        1,
        SAID["i18n update"].format(
            problem=f"{UK}/templates.po:27: translation of 'Dear colleagues,' is the same text"
            f" as {JOB} (person.occupation), {FIX}"
        ),
    )
    assert files_under(sample) == before


def test_a_translation_that_holds_a_private_text_among_other_words_is_no_copy(
    sample: Path, runner: CliRunner
) -> None:
    """A one-word private text is compared with whole texts only, as in case.yaml: a
    translation naming her occupation in a sentence (as the sample's do) is no copy of it."""
    _edit(sample, [("cases/akhmetova/case.yaml", *PRIVATE_JOB)])
    result = runner.invoke(main, ["check", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert "same text" not in result.output


def test_an_entry_whose_english_is_a_private_text_too_is_told_without_it(
    sample: Path, runner: CliRunner
) -> None:
    """'translation of …' quotes the entry's English, never when that English is itself a
    private text (in other capitals: not an entry of a private text, which is skipped)."""
    path = sample / UK / "templates.po"
    with path.open("a", encoding="utf-8") as stream:
        stream.write(f'\nmsgid "{SAMPLE_ADDRESS.upper()}"\nmsgstr "{SAMPLE_ADDRESS}"\n')

    result = runner.invoke(main, ["i18n", "compile", "-w", str(sample)])

    assert result.exit_code == 1
    assert (
        f"{UK}/templates.po:195: the translation of an entry whose English is a private text"
        f" too is the same text as {ADDRESS}, {FIX}\n" in result.output
    )
    assert "SAMPLETOWN" not in result.output and "Sampletown" not in result.output


def test_an_entry_whose_english_holds_a_private_text_is_told_without_it(
    sample: Path, runner: CliRunner
) -> None:
    """Nor is the English quoted when it holds a private text among other words."""
    path = sample / UK / "templates.po"
    with path.open("a", encoding="utf-8") as stream:
        stream.write(f'\nmsgid "Not her address: {SAMPLE_ADDRESS}"\nmsgstr "{SAMPLE_ADDRESS}"\n')

    result = runner.invoke(main, ["i18n", "compile", "-w", str(sample)])

    assert result.exit_code == 1
    assert (
        f"{UK}/templates.po:195: the translation of an entry whose English holds a private text"
        f" too is the same text as {ADDRESS}, {FIX}\n" in result.output
    )
    assert "Sampletown" not in result.output
