"""A private text of a case typed again where a letter shows it never reaches a catalog, a
typographic variant of it is refused too, and the check does not refuse ordinary texts that
hold a one-word private text among other words, or a longer one inside other words (the
refusals themselves, one per kind of field, are data in tests/bad_inputs/private-*.yaml)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REPO, SAMPLE_ADDRESS, cli, fails, files_under

PARAGRAPH = (
    "In court it came out that Kazakhstani official papers gave a likely address of hers"
    " in Ukraine, a sign that Kazakh services may be active there."
)
SUMMARY = (
    "    summary: Zhanara Akhmetova is a Kazakhstani journalist known for her opposition work.\n"
)
FRAMING = "    framing: We fear for her safety should she be returned to Kazakhstan.\n"
COPIED = (
    "cases/akhmetova/letters.yaml:102 letters[4].framing: the same text as the private one on"
    " line 63 of cases/akhmetova/case.yaml (background[4]), so the letter would tell it; write"
    " here what the letter may tell"
)


def _edit(path: Path, find: str, replace: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(find) == 1
    path.write_text(text.replace(find, replace), encoding="utf-8")


def _framing_copied(workspace: Path) -> None:
    _edit(workspace / "cases/akhmetova/letters.yaml", FRAMING, f"    framing: {PARAGRAPH}\n")


@pytest.mark.parametrize("command", ["extract", "update"])
def test_a_catalog_is_never_written_with_a_private_text_copied_into_letters_yaml(
    sample: Path, runner: CliRunner, command: str
) -> None:
    """A private paragraph pasted as a letter's framing went into the .pot (and so every
    translator's .po) as a message to translate; extract and update now refuse as check
    does, writing nothing, and name both places, not the text."""
    _framing_copied(sample)
    before = files_under(sample / "locales")

    said = fails(runner, sample, "i18n", command)

    assert said == f"Error: 1 problem in the workspace:\n  {COPIED}\n"
    assert files_under(sample / "locales") == before


def test_pybabel_stops_at_a_private_text_copied_into_letters_yaml(sample: Path) -> None:
    """pybabel reads letters.yaml through letters_case one file at a time: the framing that
    copies a private paragraph of the case.yaml beside it stops it too, in letters' words."""
    _framing_copied(sample)
    pybabel = shutil.which("pybabel")
    assert pybabel, "Babel installs pybabel"
    shutil.copy(REPO / "babel.cfg", sample / "babel.cfg")

    result = subprocess.run(
        [pybabel, "extract", "-F", "babel.cfg", "-o", "scratch.pot", "cases/akhmetova"],
        cwd=sample,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and PARAGRAPH not in result.stderr
    assert result.stderr.splitlines()[-1] == f"Error: {COPIED}"


def test_a_private_text_typed_again_with_typographic_marks_is_refused(
    sample: Path, runner: CliRunner
) -> None:
    """A private address with a plain apostrophe, typed again in a letter's summary with a
    typographic one (as a word processor writes it), is the same text to a reader."""
    _edit(
        sample / "cases/akhmetova/case.yaml",
        "    text: 1 Example Street, Sampletown (invented for this sample)\n",
        "    text: 12 O'Brien Street, Sampletown\n",
    )
    _edit(
        sample / "cases/akhmetova/letters.yaml",
        SUMMARY,
        "    summary: 12 O\u2019Brien Street, Sampletown\n",
    )

    said = fails(runner, sample, "check")

    assert "Brien" not in said
    assert said == (
        "error: cases/akhmetova/letters.yaml:101 letters[4].summary: the same text as the"
        " private one on line 18 of cases/akhmetova/case.yaml (person.address), so the letter"
        " would tell it; write here what the letter may tell\n"
        "Error: 1 problem found. The letters were not rendered: run 'letters check' again once"
        " the files have no error, for what rendering finds.\n"
    )


ORDINARY = [
    # a private one-word alias, short: the public texts that name the town are no leak
    (
        "  aliases:\n    - Zhanara Akhmet\n",
        "  aliases:\n    - {text: Almaty, private: true}\n    - Zhanara Akhmet\n",
        FRAMING,
        "    framing: Her family in Almaty fears for her.\n",
    ),
    # a private common word inside other words of a public text, and as part of a longer word
    (
        "  aliases:\n    - Zhanara Akhmet\n",
        "  aliases:\n    - {text: court, private: true}\n    - Zhanara Akhmet\n",
        FRAMING,
        "    framing: The courts of Kazakhstan would try her.\n",
    ),
    # a private address as a longer public one's beginning: not the same words
    (
        "  aliases:\n    - Zhanara Akhmet\n",
        "  aliases:\n    - {text: Zhanara Akhmetov, private: true}\n    - Zhanara Akhmet\n",
        FRAMING,
        "    framing: Zhanara Akhmetova would be in grave danger.\n",
    ),
    # a private address that is the sender's city: the letterhead and the letter's place
    # describe the sender, and are not compared
    (
        "    text: 1 Example Street, Sampletown (invented for this sample)\n",
        "    text: Brussels, Belgium\n",
        "      en: Brussels\n      uk: Брюссель\n      ru: Брюссель\n    date: 2020-05-21\n"
        "    subject: Withdrawal",
        "      en: Brussels, Belgium\n      uk: Брюссель\n      ru: Брюссель\n"
        "    date: 2020-05-21\n    subject: Withdrawal",
    ),
    # a private name as the beginning of a longer word in a public text
    (
        "    - Zhanna Bota\n",
        "    - {text: Zhanna Bota, private: true}\n",
        FRAMING,
        "    framing: Zhanna Botakoz, her neighbour, fears for her.\n",
    ),
    # a private flat number inside a longer number
    (
        f"    text: {SAMPLE_ADDRESS}\n",
        "    text: Apartment 12\n",
        FRAMING,
        "    framing: She was held in apartment 125 of the detention centre.\n",
    ),
    # a private house number as the end of a fraction: 12½ is another house
    (
        f"    text: {SAMPLE_ADDRESS}\n",
        "    text: 2 Shevchenko Street\n",
        FRAMING,
        "    framing: She was seen at 12\u00bd Shevchenko Street.\n",
    ),
    # a private event told in few words: a public event says the same words and more
    (
        "  - id: appeal-2018\n    date:",
        "  - id: detained-2019\n    date: 2019-03-01\n    kind: detention\n"
        "    authority: National Police of Ukraine\n    private: true\n"
        '    text: "{date} she was detained."\n  - id: appeal-2018\n    date:',
        FRAMING,
        FRAMING,
    ),
]


@pytest.mark.parametrize(
    ("find", "replace", "letter_find", "letter_replace"),
    ORDINARY,
    ids=[
        "short-private-word",
        "common-private-word",
        "private-words-inside-a-longer-word",
        "private-city-of-the-sender",
        "private-name-as-a-longer-words-beginning",
        "private-number-inside-a-longer-number",
        "private-number-as-a-fractions-end",
        "private-event-in-a-public-one",
    ],
)
def test_an_ordinary_text_is_not_taken_for_a_private_one(
    sample: Path, runner: CliRunner, find: str, replace: str, letter_find: str, letter_replace: str
) -> None:
    """A one-word private text (a town, a common word) is compared only with whole texts, a
    longer one is found inside a public text at word boundaries only and with its own
    punctuation, and the sender's own words are not compared: none of these stops a letter."""
    _edit(sample / "cases/akhmetova/case.yaml", find, replace)
    _edit(sample / "cases/akhmetova/letters.yaml", letter_find, letter_replace)

    said = cli(runner, sample, "check").splitlines()
    # a new English text may have no translation yet, and a catalog may hold the text made
    # private (warnings); no text of a letter is taken for a private one
    assert not [line for line in said if line.startswith("error")]
    assert not [line for line in said if "private text" in line or "private one" in line]
    assert said[-1].startswith(("No errors;", "The workspace is valid"))


def test_who_acted_in_a_private_event_may_be_named_in_a_public_one(
    sample: Path, runner: CliRunner
) -> None:
    """A private event's authority ('Supreme Court') is private only as part of its event,
    whose own text is what is compared: the public events that name that court are no leak."""
    _edit(
        sample / "cases/akhmetova/case.yaml",
        "  - id: supreme-2018\n    date:",
        "  - id: supreme-2018\n    private: true\n    date:",
    )

    said = cli(runner, sample, "check").splitlines()

    assert not [line for line in said if line.startswith("error")]
    assert not [line for line in said if "private text" in line or "private one" in line]


def test_a_private_organisation_the_public_paragraphs_name_is_refused_there(
    sample: Path, runner: CliRunner
) -> None:
    """Her organisation marked private while the summary and a paragraph name it: every
    letter would tell it. Each public text is named, with the two ways out, never the name."""
    _edit(
        sample / "cases/akhmetova/case.yaml",
        "  organisation: Democratic Choice of Kazakhstan\n",
        "  organisation: {text: Democratic Choice of Kazakhstan, private: true}\n",
    )

    said = fails(runner, sample, "check")

    fix = "reword it, or, if that text may be told, take off its private mark"
    assert said == (
        "error: cases/akhmetova/case.yaml:31 summary: holds the words of the private one on"
        f" line 17 (person.organisation), so a letter would tell it; {fix}\n"
        "error: cases/akhmetova/case.yaml:56 background[3]: holds the words of the private one"
        f" on line 17 (person.organisation), so a letter would tell it; {fix}\n"
        "Error: 2 problems found. The letters were not rendered: run 'letters check' again once"
        " the files have no error, for what rendering finds.\n"
    )
    assert "Democratic" not in said


def test_a_private_sources_address_typed_again_is_refused(sample: Path, runner: CliRunner) -> None:
    """A source marked private keeps its record out of every footnote; its address given
    to another source, or typed into a public text, would put it back. Each place is
    named, never the address."""
    case = sample / "cases/akhmetova/case.yaml"
    _edit(
        case,
        "  - id: appeal-2018\n    description:",
        "  - id: appeal-2018\n    private: true\n    description:",
    )
    url = "https://reyestr.court.gov.ua/Review/75728895"
    _edit(
        case,
        "    url: https://www.europarl.europa.eu/doceo/document/TA-8-2019-0203_EN.html\n",
        "    url: https://www.europarl.europa.eu/doceo/document/TA-8-2019-0203_EN.html\n"
        f"  - id: appeal-copy\n    description: A copy of the ruling.\n    url: {url}\n",
    )
    _edit(
        case,
        "opposition television channel ‘16/12’.",
        f"opposition television channel ‘16/12’ ({url}).",
    )

    said = fails(runner, sample, "check")

    assert [line for line in said.splitlines() if not line.startswith("warning")] == [
        "error: cases/akhmetova/case.yaml:31 summary: holds the words of the private one on"
        " line 148 (sources[0].url), so a letter would tell it; reword it, or, if that text may"
        " be told, take off its private mark",
        "error: cases/akhmetova/case.yaml:157 sources[3].url: the same text as the private one"
        " on line 148 (sources[0].url), so a letter would tell it; make this one private too,"
        " or delete it",
        "Error: 2 problems found. The letters were not rendered: run 'letters check' again once"
        " the files have no error, for what rendering finds.",
    ]
    assert "75728895" not in said
