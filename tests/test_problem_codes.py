"""Problems carry a code; the command line counts them by code, never by their words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters import Workspace
from letters.cli import main
from letters.errors import (
    AFTER_THE_LETTER,
    DERIVED_CERTAIN,
    DERIVED_FORM,
    EVERY_ASK,
    FUZZY,
    NAME_MISMATCH,
    PRIVATE_CHOSEN,
    PRIVATE_SOURCE,
    REPEATED_EVENT,
    UNTRANSLATED,
    Problem,
)
from letters.i18n.catalog import Messages, Translator
from tests.conftest import docx_parts
from tests.test_directory import MALIUSKA_PARTS, MALIUSKA_TYPED

UK_CASE_PO = Path("locales/uk/LC_MESSAGES/case-akhmetova.po")
UK_PARTS = "uk: {given: Денис, patronymic: Леонтійович, family: Малюська}"
UK_PARTS_TO_CHECK = "uk: {given: Денис, patronymic: Леонтійович, family: Кобзар}"
RISK = (
    "She would face the risk of an unfair trial and of imprisonment that would in effect punish her"
    " for her journalism and political activity."
)


def test_severity_follows_the_warning_flag() -> None:
    assert Problem("a.yaml", message="x").severity == "error"
    assert Problem("a.yaml", message="x", warning=True, code=FUZZY).severity == "warning"
    # the code says what kind of problem it is; it does not make two problems different
    assert Problem("a.yaml", message="x", code=FUZZY) == Problem("a.yaml", message="x")


def test_translation_gaps_say_which_kind_they_are() -> None:
    messages = Messages("uk.po", fuzzy={(None, "Yours sincerely,")})
    translator = Translator(messages, mark_gaps=True)
    translator.gettext("Dear colleagues,")
    translator.gettext("Yours sincerely,")
    gaps = translator.gaps("uk.po", lambda _key: "appeal.docx", warning=True)
    assert [(p.code, p.severity) for p in gaps] == [
        (UNTRANSLATED, "warning"),
        (FUZZY, "warning"),
    ]


def gap_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "untranslated message" in line]


def test_build_counts_untranslated_messages_by_code(sample: Path, runner: CliRunner) -> None:
    # A person whose id is a word the old count looked for ("... has no translation",
    # "fuzzy"), with derived forms: their warnings name them, and are no translation gaps.
    officials = sample / "recipients" / "officials.yaml"
    text = officials.read_text(encoding="utf-8").replace(MALIUSKA_TYPED, MALIUSKA_PARTS)
    text = text.replace("id: maliuska", "id: fuzzy").replace(UK_PARTS, UK_PARTS_TO_CHECK)
    officials.write_text(text, encoding="utf-8")
    letters = sample / "cases" / "akhmetova" / "letters.yaml"
    chosen = letters.read_text(encoding="utf-8")
    letters.write_text(
        chosen.replace("[maliuska, venediktova]", "[fuzzy, venediktova]"), encoding="utf-8"
    )
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 0, check.output
    assert "check it with 'letters recipients review fuzzy'" in check.output

    build = runner.invoke(main, ["build", "may-2020-joint", "--lang", "uk", "-w", str(sample)])
    assert build.exit_code == 0, build.output
    assert "letters recipients review fuzzy" in build.output
    assert gap_lines(build.output) == []

    po = sample / UK_CASE_PO
    text = po.read_text(encoding="utf-8")
    start = text.rindex("msgid", 0, text.index(f'"{RISK[:40]}'))
    end = text.index("\n\n", start)
    po.write_text(text[:start] + f'msgid "{RISK}"\nmsgstr ""' + text[end:], encoding="utf-8")
    build = runner.invoke(main, ["build", "may-2020-joint", "--lang", "uk", "-w", str(sample)])
    assert build.exit_code == 0, build.output
    assert gap_lines(build.output) == [
        "1 untranslated message marked [UNTRANSLATED: ...] in the drafts;"
        " a --final build refuses it."
    ]


def test_derived_forms_have_their_code(sample: Path) -> None:
    """A form from a regular pattern is told apart from one to check."""
    from letters.workspace import open_workspace

    officials = sample / "recipients" / "officials.yaml"
    text = officials.read_text(encoding="utf-8").replace(MALIUSKA_TYPED, MALIUSKA_PARTS)
    officials.write_text(text, encoding="utf-8")
    warnings = [p for p in open_workspace(sample).check() if p.warning]
    assert len(warnings) == 4
    assert {p.code for p in warnings} == {DERIVED_CERTAIN}
    # another family name, in the parts and the typed name alike (else: name-mismatch)
    kobzar = text.replace(UK_PARTS, UK_PARTS_TO_CHECK)
    kobzar = kobzar.replace("      uk: Денис Малюська\n", "      uk: Денис Кобзар\n", 1)
    officials.write_text(kobzar, encoding="utf-8")
    warnings = [p for p in open_workspace(sample).check() if p.warning]
    codes = {p.where.split(".", 2)[2]: p.code for p in warnings}
    assert codes == {
        "address.uk": DERIVED_FORM,  # Кобзар: like кобзар or like комар
        "salutation.uk": DERIVED_CERTAIN,
        "address.ru": DERIVED_CERTAIN,
        "salutation.ru": DERIVED_CERTAIN,
    }


def test_a_case_text_no_template_shows_is_never_reported_untranslated(
    sample: Path, runner: CliRunner
) -> None:
    """The sample's template never shows person.occupation: its missing translation does
    not mark a draft, stop an approval or stop a final letter."""
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "case-akhmetova.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace('msgstr "журналістка"', 'msgstr ""'),
        encoding="utf-8",
    )
    result = runner.invoke(main, ["build", "may-2020-joint", "--lang", "uk", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert "untranslated" not in result.output
    strict = runner.invoke(
        main, ["build", "may-2020-joint", "--lang", "uk", "--final", "-w", str(sample)]
    )
    assert strict.exit_code == 0, strict.output
    # a text the template does show is still reported
    po.write_text(
        po.read_text(encoding="utf-8").replace(
            'msgstr "призупинити процедуру екстрадиції на час перегляду її справи"',
            'msgstr ""',
        ),
        encoding="utf-8",
    )
    shown = runner.invoke(main, ["build", "may-2020-joint", "--lang", "uk", "-w", str(sample)])
    assert "1 untranslated message marked" in shown.output


JOINT_TIMELINE = (
    "    timeline: [refusal-2017, detention, appeal-2018, supreme-2018, refusal-2018,"
    " supreme-2020]\n"
)
REPEATED = (
    "warning: cases/akhmetova/letters.yaml:5 letters[0]: letter may-2020-joint tells every"
    " event of its case, and 'supreme-2020' and 'asylum-final' are the same kind of step by"
    " the same authority on the same day: one event told twice? List the events this letter"
    " tells under 'timeline:'"
)


RISKS = "\n# The personal risk first"
ASYLUM_FINAL = """
  - id: asylum-final
    date: 2020-05-14
    kind: court-decision
    authority: Supreme Court
    text: "{date} the Supreme Court left in force the refusal of asylum to her."
"""


def test_a_letter_telling_every_event_is_warned_of_one_told_twice(
    sample: Path, runner: CliRunner
) -> None:
    """A case that tells the Supreme Court's ruling of 14 May 2020 twice (once for a letter to
    Kazakhstan, say): a letter without a timeline of its own would say it twice."""
    from letters.workspace import open_workspace

    case = sample / "cases" / "akhmetova" / "case.yaml"
    told = case.read_text(encoding="utf-8")
    assert told.count(RISKS) == 1
    case.write_text(told.replace(RISKS, ASYLUM_FINAL + RISKS), encoding="utf-8")
    letters = sample / "cases" / "akhmetova" / "letters.yaml"
    text = letters.read_text(encoding="utf-8")
    assert text.count(JOINT_TIMELINE) == 4  # the joint letter's and the individual ones'
    letters.write_text(text.replace(JOINT_TIMELINE, "", 1), encoding="utf-8")

    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 0, check.output
    assert check.output.splitlines().count(REPEATED) == 1  # once, not once per language
    strict = runner.invoke(main, ["check", "--strict", "-w", str(sample)])
    assert strict.exit_code == 1, strict.output
    assert REPEATED.replace("warning: ", "error: ", 1) in strict.output.splitlines()
    codes = [p.code for p in open_workspace(sample).check() if p.warning]
    assert codes.count(REPEATED_EVENT) == 1

    # told on purpose, both events listed: no warning
    both = "    timeline: [supreme-2020, asylum-final]\n"
    letters.write_text(text.replace(JOINT_TIMELINE, both, 1), encoding="utf-8")
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 0, check.output
    assert "told twice" not in check.output


LATER = "warning: cases/akhmetova/letters.yaml:13 letters[0].date: letter may-2020-joint is dated"


@pytest.mark.parametrize(
    ("date", "since", "expected"),
    [
        (  # a letter copied from another, its date not changed
            "2020-05-01",
            "2017-03",
            [
                f"{LATER} 2020-05-01, yet it tells as past event 'supreme-2020' of 2020-05-14"
                " dated after it; correct whichever date is wrong, or list under 'timeline:'"
                " the events it tells"
            ],
        ),
        (
            "2018-08-01",
            "2017-03",
            [
                f"{LATER} 2018-08-01, yet it tells as past 3 events dated after it:"
                " 'supreme-2018' of 2018-09-17, 'refusal-2018' of 2018-12-22, 'supreme-2020'"
                " of 2020-05-14; correct whichever date is wrong, or list under 'timeline:'"
                " the events it tells"
            ],
        ),
        (  # a month known alone is after a letter of the month before, not of its own
            "2020-05-21",
            "2020-06",
            [
                f"{LATER} 2020-05-21, before the case's seeking_protection_since (2020-06), so"
                " it cannot say how long the person has sought protection and leaves that"
                " out; correct whichever date is wrong"
            ],
        ),
        ("2020-05-21", "2020-05", []),
    ],
)
def test_what_a_letter_tells_as_past_is_not_dated_after_it(
    sample: Path, runner: CliRunner, date: str, since: str, expected: list[str]
) -> None:
    from letters.workspace import open_workspace

    letters = sample / "cases" / "akhmetova" / "letters.yaml"
    text = letters.read_text(encoding="utf-8").splitlines(keepends=True)
    assert text[12] == "    date: 2020-05-21\n"
    text[12] = f"    date: {date}\n"
    letters.write_text("".join(text), encoding="utf-8")
    case = sample / "cases" / "akhmetova" / "case.yaml"
    facts = case.read_text(encoding="utf-8")
    assert facts.count("seeking_protection_since: 2017-03\n") == 1
    case.write_text(facts.replace("2017-03\n", f"{since}\n", 1), encoding="utf-8")
    result = runner.invoke(main, ["check", "-w", str(sample)])
    said = [line for line in result.output.splitlines() if line.startswith(LATER)]
    assert said == expected, result.output
    problems = open_workspace(sample).check()
    assert len([p for p in problems if p.code == AFTER_THE_LETTER and p.line == 13]) == len(said)


def test_a_letter_naming_a_private_item_is_warned_that_it_leaves_it_out(
    sample: Path, runner: CliRunner
) -> None:
    """Marking a paragraph private keeps it out of every letter at once; a letter that
    names it under ``background:`` says so, rather than telling less than its entry lists."""
    case = sample / "cases" / "akhmetova" / "case.yaml"
    text = case.read_text(encoding="utf-8")
    flight = "asked Ukraine to extradite her.\n"
    assert text.count(flight) == 1
    case.write_text(text.replace(flight, flight + "    private: true\n"), encoding="utf-8")

    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 0, check.output
    warned = [line for line in check.output.splitlines() if "is private" in line]
    assert warned == [
        "warning: cases/akhmetova/letters.yaml:107 letters[4].background[1]: paragraph"
        " 'request' is private in cases/akhmetova/case.yaml, so letter kazakhstan-2020"
        " leaves it out; take it off this list, or make it public there if the letter may"
        " tell it",
    ]
    assert "wanted list" not in check.output  # the private text itself is never shown
    strict = runner.invoke(main, ["check", "--strict", "-w", str(sample)])
    assert strict.exit_code == 1, strict.output

    from letters.workspace import open_workspace

    codes = [p.code for p in open_workspace(sample).check() if p.warning]
    assert codes.count(PRIVATE_CHOSEN) == len(warned)


def test_a_letter_choosing_no_asks_is_warned_that_it_asks_every_one(
    sample: Path, runner: CliRunner
) -> None:
    """Without 'asks:' a letter asks all of its case's asks, among them what only another
    state's authorities can grant ('withdraw' the request for her extradition, which only
    Kazakhstan can): a Ukrainian official would be asked for what they cannot do."""
    letters = sample / "cases" / "akhmetova" / "letters.yaml"
    text = letters.read_text(encoding="utf-8")
    chosen = "    asks: [recognise, suspend, obligations]\n"
    assert text.count(chosen) == 2
    letters.write_text(text.replace(chosen, "", 1), encoding="utf-8")

    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 0, check.output
    warned = [line for line in check.output.splitlines() if "chooses no asks" in line]
    assert warned == [  # once, though the letter is in three languages
        "warning: cases/akhmetova/letters.yaml:5 letters[0].id: letter may-2020-joint chooses"
        " no asks, so it asks its recipients all 7 of its case's: recognise, suspend,"
        " obligations, withdraw, urge, raise, follow; list under 'asks:' those its recipients"
        " can grant"
    ]
    from letters.workspace import open_workspace

    codes = [p.code for p in open_workspace(sample).check() if p.warning]
    assert codes.count(EVERY_ASK) == 1


MISSPELT = [
    (
        "      uk: Денис Малюська\n",
        "      uk: Денис Малюсько\n",
        "warning: recipients/officials.yaml:127 people[2].name.uk: 'Денис Малюсько' does not hold"
        " the family name of parts.uk, 'Малюська': one of them is misspelt; correct it",
    ),
    (
        "Денису МАЛЮСЬЦІ]",
        "Денису МАЛЮСЬЦ]",
        "warning: recipients/officials.yaml:145 people[2].roles[0].address.uk: does not name"
        " 'МАЛЮСЬЦІ', the dative of parts.uk (a regular pattern): is the name in it misspelt?",
    ),
    (
        "family: Малюська}\n      ru:",
        "family: Малюськa}\n      ru:",  # a Latin "a" at the end of the parts' family name
        "warning: recipients/officials.yaml:127 people[2].name.uk: 'Денис Малюська' does not hold"
        " the family name of parts.uk, 'Малюськa': one of them is misspelt; correct it",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), MISSPELT, ids=["name", "address", "parts"])
def test_a_typed_name_form_that_disagrees_with_the_parts_is_warned(
    sample: Path, runner: CliRunner, old: str, new: str, expected: str
) -> None:
    officials = sample / "recipients" / "officials.yaml"
    text = officials.read_text(encoding="utf-8")
    assert text.count(old) == 1
    officials.write_text(text.replace(old, new), encoding="utf-8")
    check = runner.invoke(main, ["check", "-w", str(sample)])
    warned = [line for line in check.output.splitlines() if "people[2]" in line]
    assert warned[:1] == [expected], check.output
    from letters.workspace import open_workspace

    codes = [p.code for p in open_workspace(sample).check() if p.warning]
    assert NAME_MISMATCH in codes
    assert runner.invoke(main, ["check", "--strict", "-w", str(sample)]).exit_code == 1


LATIN_AMONG_CYRILLIC = "'i' (U+0069) is a Latin letter among Cyrillic ones"
CYRILLIC_AMONG_LATIN = "'е' (U+0435) is a Cyrillic letter among Latin ones"


def test_a_word_of_two_alphabets_in_the_directory_is_warned(
    sample: Path, runner: CliRunner
) -> None:
    """A look-alike letter of the other alphabet reads right in the letter: only the name's
    check against its parts caught it, and only where the parts were typed right. Each
    field is named: a name, its parts, an address block, a salutation."""
    officials = sample / "recipients" / "officials.yaml"
    text = officials.read_text(encoding="utf-8")
    text = text.replace("Lubinets", "Lubin\u0435ts")  # a Cyrillic е
    text = text.replace("Голові Комітету Верховної Ради", "Голові Комiтету Верховної Ради")
    officials.write_text(text, encoding="utf-8")
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 0, check.output
    found = [
        (20, "name.en", "Lubinеts", CYRILLIC_AMONG_LATIN),
        (24, "parts.en.family", "Lubinеts", CYRILLIC_AMONG_LATIN),
        (52, "roles[0].address.en[0]", "Lubinеts", CYRILLIC_AMONG_LATIN),
        (59, "roles[0].address.uk[0]", "Комiтету", LATIN_AMONG_CYRILLIC),
        (81, "roles[0].salutation.en", "Lubinеts", CYRILLIC_AMONG_LATIN),
    ]
    assert [line for line in check.output.splitlines() if "Latin and Cyrillic" in line] == [
        f"warning: recipients/officials.yaml:{line} people[0].{path}: has {word!r}, a word of"
        f" Latin and Cyrillic letters together: {letter}; type the word again in one alphabet"
        " (the letter looks the same, but search, spell-checking and screen readers read"
        " another)"
        for line, path, word, letter in found
    ]
    assert runner.invoke(main, ["check", "--strict", "-w", str(sample)]).exit_code == 1


def test_the_samples_typed_names_agree_with_their_parts(sample: Path) -> None:
    from letters.workspace import open_workspace

    assert [p for p in open_workspace(sample).check() if p.code == NAME_MISMATCH] == []


def test_a_private_source_cited_by_a_public_paragraph_is_named(
    sample: Path, runner: CliRunner
) -> None:
    """Its footnote is left out of every letter, as a private fact must be; the warning
    says so, where the paragraph cites it."""
    case = sample / "cases" / "akhmetova" / "case.yaml"
    text = case.read_text(encoding="utf-8")
    url = "    url: https://www.europarl.europa.eu/doceo/document/TA-8-2019-0203_EN.html\n"
    assert text.count(url) == 1
    case.write_text(text.replace(url, url + "    private: true\n"), encoding="utf-8")
    result = runner.invoke(main, ["build", "may-2020-joint", "--lang", "en", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert (
        "warning: cases/akhmetova/case.yaml:62 background[3].sources[0]: source"
        " 'ep-resolution-2019' is private, so letters tell this without its footnote; make"
        " the source public if letters may cite it, or take it off"
    ) in result.output.splitlines()
    letter = sample / "out" / "may-2020-joint" / "may-2020-joint.en.docx"
    assert "P8_TA(2019)0203" not in docx_parts(letter)["word/footnotes.xml"].decode()
    ws = Workspace(sample)
    assert [p.code for p in ws.check() if "ep-resolution-2019" in p.message] == [PRIVATE_SOURCE]


UK_TEMPLATES_PO = Path("locales/uk/LC_MESSAGES/templates.po")
DEAR = "Dear colleagues,"
WRITING = "We are writing to ask for your urgent attention to the following case."
FUZZY_WHY = " (a fuzzy translation is used once reviewed and its flag removed)"


@pytest.mark.parametrize(
    ("fuzzy", "emptied", "summary"),
    [
        (
            [DEAR],
            [],
            f"1 fuzzy message marked [UNTRANSLATED: ...] in the drafts{FUZZY_WHY};"
            " a --final build refuses it.",
        ),
        (
            [DEAR, WRITING],
            [],
            f"2 fuzzy messages marked [UNTRANSLATED: ...] in the drafts{FUZZY_WHY};"
            " a --final build refuses them.",
        ),
        (
            [DEAR],
            [WRITING],
            "2 messages, 1 untranslated and 1 fuzzy, marked [UNTRANSLATED: ...] in the"
            f" drafts{FUZZY_WHY}; a --final build refuses them.",
        ),
    ],
    ids=["one-fuzzy", "two-fuzzy", "fuzzy-and-untranslated"],
)
def test_the_build_summary_calls_fuzzy_messages_fuzzy_as_stats_does(
    sample: Path, runner: CliRunner, fuzzy: list[str], emptied: list[str], summary: str
) -> None:
    """A fuzzy translation is not used, so a draft marks it [UNTRANSLATED: ...] like a
    missing one; the summary says which kind each is, and counts them as stats does."""
    po = sample / UK_TEMPLATES_PO
    text = po.read_text(encoding="utf-8")
    for msgid in fuzzy:
        text = text.replace(f'\nmsgid "{msgid}"', f'\n#, fuzzy\nmsgid "{msgid}"', 1)
    for msgid in emptied:
        start = text.index(f'msgid "{msgid}"')
        end = text.index("\n\n", start)
        text = text[:start] + f'msgid "{msgid}"\nmsgstr ""' + text[end:]
    po.write_text(text, encoding="utf-8")
    build = runner.invoke(main, ["build", "may-2020-joint", "--lang", "uk", "-w", str(sample)])
    assert build.exit_code == 0, build.output
    assert [line for line in build.output.splitlines() if "in the drafts" in line] == [summary]
    marks = docx_parts(sample / "out" / "may-2020-joint" / "may-2020-joint.uk.docx")
    shown = marks["word/document.xml"].decode()
    assert all(f"[UNTRANSLATED: {msgid}]" in shown for msgid in fuzzy + emptied)
    stats = runner.invoke(main, ["i18n", "stats", "--json", "-w", str(sample)])
    (row,) = [
        r for r in json.loads(stats.output) if (r["language"], r["domain"]) == ("uk", "templates")
    ]
    assert (row["fuzzy"], row["untranslated"]) == (len(fuzzy), len(emptied))
