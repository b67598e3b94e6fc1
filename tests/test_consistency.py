"""Cross-language consistency: a translation that lacks a number, date, URL, case number or
name of its English is a warning in drafts and refused by ``build --final`` and ``finalise``.

Each file of ``tests/inconsistent_translations/`` edits one entry of the sample's catalogs:

- ``lang``: the language whose translation is under test;
- ``msgid``: the beginning of the entry's English text (one entry has it);
- ``english`` (optional): a find/replace on that English, in ``case.yaml`` and in the
  entry of every catalog, so a case can add a date, a URL or a case number;
- ``find``/``replace`` (optional): on the translation in ``lang``;
- ``others`` (optional): find/replace on the other languages' translations, which keep
  the English's facts;
- ``expected``: the exact warning (``{line}``: the line of the entry's msgstr in the .po,
  where the translation is fixed; ``{used_by}``: the case field that shows the text); without
  it no translation may be warned about.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner
from ruamel.yaml import YAML

from letters import LettersError, Workspace
from letters.cli import main
from letters.errors import INCONSISTENT
from letters.i18n.catalog import Messages, Translator
from letters.i18n.consistency import end_lacking, english_tokens, kept_names, lacking
from letters.load.case_texts import public_texts
from letters.load.yamlio import format_loc
from tests.test_finalise import approve_all
from tests.test_signoff import JOINT

CASES = sorted((Path(__file__).parent / "inconsistent_translations").glob("*.yaml"))
SPECS = {case.stem: YAML(typ="safe").load(case.read_text(encoding="utf-8")) for case in CASES}
WARNED = [name for name, spec in SPECS.items() if spec.get("expected")]
ACCEPTED = [name for name, spec in SPECS.items() if not spec.get("expected")]
LANGS = ("uk", "ru")


def _po(workspace: Path, lang: str) -> Path:
    return workspace / "locales" / lang / "LC_MESSAGES" / "case-akhmetova.po"


def _replace_once(text: str, find: str, replace: str) -> str:
    assert text.count(find) == 1, f"{find!r} is in the text {text.count(find)} times"
    return text.replace(find, replace)


def _edit(workspace: Path, spec: dict[str, Any]) -> str:
    """Apply one case to the workspace; the warning it expects, filled in ('' for none)."""
    edits = {lang: spec.get("others", {}).get(lang, {}) for lang in LANGS}
    edits[spec["lang"]] = spec
    with _po(workspace, spec["lang"]).open("rb") as handle:
        catalog = read_po(handle, locale=spec["lang"])
    old = [m.id for m in catalog if isinstance(m.id, str) and m.id.startswith(spec["msgid"])]
    assert len(old) == 1, old
    english = old[0]
    if "english" in spec:
        english = _replace_once(english, spec["english"]["find"], spec["english"]["replace"])
        case = workspace / "cases" / "akhmetova" / "case.yaml"
        text = case.read_text(encoding="utf-8")
        case.write_text(
            _replace_once(text, spec["english"]["find"], spec["english"]["replace"]),
            encoding="utf-8",
        )
    for lang in LANGS:
        with _po(workspace, lang).open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        message = catalog[old[0]]
        if english != old[0]:
            catalog.delete(old[0])
            message.id = english
            catalog[english] = message
        if "find" in edits[lang]:
            message.string = _replace_once(
                message.string, edits[lang]["find"], edits[lang]["replace"]
            )
        buffer = io.BytesIO()
        write_po(buffer, catalog)
        _po(workspace, lang).write_bytes(buffer.getvalue())
    if not spec.get("expected"):
        return ""
    with _po(workspace, spec["lang"]).open("rb") as handle:
        msgid_line = read_po(handle, locale=spec["lang"])[english].lineno
    lines = _po(workspace, spec["lang"]).read_text(encoding="utf-8").split("\n")
    line = next(n for n in range(msgid_line, len(lines)) if lines[n - 1].startswith("msgstr "))
    data = Workspace(workspace).data
    case_entry = data.cases["akhmetova"]
    shown = [t for t in public_texts(case_entry.case).values() if t.text == english]
    used_by = (
        f"{case_entry.label}:{case_entry.doc.line_of(shown[0].loc)} {format_loc(shown[0].loc)}"
    )
    return str(spec["expected"]).format(line=line, used_by=used_by)


def _inconsistencies(output: str) -> list[str]:
    return [line for line in output.splitlines() if "the translation lacks" in line]


@pytest.mark.parametrize("name", WARNED)
def test_inconsistent_translation_warns_in_drafts_and_stops_final_builds(
    name: str, sample: Path, runner: CliRunner
) -> None:
    spec = SPECS[name]
    expected = _edit(sample, spec)

    draft = runner.invoke(main, ["build", "--lang", spec["lang"], "-q", "-w", str(sample)])
    assert draft.exit_code == 0, draft.output
    assert _inconsistencies(draft.output) == [f"warning: {expected}"]
    assert "untranslated message" not in draft.output  # it is translated, only not faithfully
    assert (sample / "out" / "manifest.json").is_file()  # the drafts are made all the same

    strict = runner.invoke(main, ["check", "--strict", "-w", str(sample)])
    assert strict.exit_code == 1
    assert _inconsistencies(strict.output) == [f"error: {expected}"]

    final = runner.invoke(
        main, ["build", "--final", "--lang", spec["lang"], "--out", "final-out", "-w", str(sample)]
    )
    assert final.exit_code == 1
    assert _inconsistencies(final.output) == [f"  {expected}"]
    assert not (sample / "final-out").exists()


@pytest.mark.parametrize("name", ACCEPTED)
def test_localised_forms_are_accepted(name: str, sample: Path, runner: CliRunner) -> None:
    _edit(sample, SPECS[name])
    strict = runner.invoke(main, ["check", "--strict", "-w", str(sample)])
    assert strict.exit_code == 0, strict.output


def test_the_sample_translations_are_consistent(sample: Path) -> None:
    assert [p for p in Workspace(sample).check() if p.code == INCONSISTENT] == []


def test_finalise_refuses_an_inconsistent_translation(sample: Path, runner: CliRunner) -> None:
    expected = _edit(sample, SPECS["year-changed-ru"])
    with pytest.raises(LettersError, match="1 untranslated, fuzzy or inconsistent message"):
        approve_all(sample)  # what cannot become the final letter cannot be approved either
    refused = runner.invoke(main, ["finalise", JOINT, "-q", "-w", str(sample)])
    assert refused.exit_code == 1
    assert _inconsistencies(refused.output) == [f"  {expected}"]
    assert not (sample / "final").exists()


# --- the token finder ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "tokens"),
    [
        ("In 2009 a court", [("2009", "year")]),
        ("she was fined three times, 3 times in all", []),  # under ten: written in words
        ("the channel 16/12.", [("16/12", "number")]),
        ("in case No. 826/1234/18, No. 5", [("826/1234/18", "case number"), ("5", "case number")]),
        (
            "On 18 October 2017, then October 21, 2017, in May 2018 and on 3 May",
            [
                ("18 October 2017", "date"),
                ("October 21, 2017", "date"),
                ("May 2018", "date"),
                ("3 May", "date"),
            ],
        ),
        ("She may go in May.", []),  # a month with neither day nor year is not a date
        ("a fine of 12,500.50 euros, 3.5 per cent", [("12,500.50", "number"), ("3.5", "number")]),
        ("from 2017–2018 at 10:30", [("2017", "year"), ("2018", "year"), ("10:30", "number")]),
        ("the G20 and COVID-19 in the 21st century", [("19", "number")]),
        (
            "see http://reyestr.court.gov.ua/Review/75728895. Write to info@example.org.",
            [
                ("http://reyestr.court.gov.ua/Review/75728895", "URL"),
                ("info@example.org", "e-mail address"),
            ],
        ),
        ("%(name)s has been seeking protection for %(num)d years.", []),
        # a date in digits is a date, if it is one; a decision's number after No. is not
        (
            "ruled on 21.05.2020 and 3.6.2020 (No. 21.05.2020), not on 31.02.2020",
            [
                ("21.05.2020", "date"),
                ("3.6.2020", "date"),
                ("21.05.2020", "case number"),
                ("31.02.2020", "number"),
            ],
        ),
        # with slashes a part over 12 is the day, the other the month; where both could be,
        # which is which is unclear, and the date is kept as written
        (
            "ruled on 21/05/2020, 05/21/2020, 05/05/2020 and 05/06/2020, not on 31/02/2020",
            [
                ("21/05/2020", "date"),
                ("05/21/2020", "date"),
                ("05/05/2020", "date"),
                ("05/06/2020", "date in digits, its day and month unclear"),
                ("31/02/2020", "number"),
            ],
        ),
    ],
)
def test_english_tokens(english: str, tokens: list[tuple[str, str]]) -> None:
    assert [(t.text, t.kind) for t in english_tokens(english)] == tokens


def test_a_date_knows_its_parts() -> None:
    (date,) = english_tokens("on 4 March 2019")
    assert (date.day, date.month, date.year) == (4, 3, 2019)


@pytest.mark.parametrize(
    ("english", "translation", "locale", "lacks"),
    [
        ("a fine of 12,500 euros", "штраф 12\u00a0500 євро", "uk_UA", []),
        ("a fine of 12,500 euros", "штраф 12500 євро", "uk_UA", []),
        ("a fine of 12,500 euros", "штраф 12,500 євро", "uk_UA", ['"12,500" (a number)']),
        ("a fine of 12,500 euros", "eine Strafe von 12.500 Euro", "de_DE", []),
        ("3.5 per cent", "3,5 відсотка", "uk_UA", []),
        ("3.5 per cent", "35 відсотків", "uk_UA", ['"3.5" (a number)']),
        ("on 18 October 2017", "18 жовтня 2017 р.", "uk_UA", []),
        ("on 18 October 2017", "18.10.2017", "uk_UA", []),
        ("on 18 October 2017", "18 октября 2017 года", "ru_RU", []),
        (
            "on 18 October 2017",
            "19 октября 2017 года",
            "ru_RU",
            ['the day of "18 October 2017" (a date)'],
        ),
        ("in March 2019", "в марте 2019 года", "ru_RU", []),
        ("in March 2019", "в мае 2019 года", "ru_RU", ['the month of "March 2019" (a date)']),
        ("in May 2019", "в мае 2019 года", "ru_RU", []),
        ("in February 2018", "у лютому 2018 року", "uk_UA", []),
        ("in February 2018", "im Februar 2018", "de_DE", []),
        ("in June 2017", "у червні 2017 року", "uk_UA", []),
        ("in June 2017", "2017 року", "uk_UA", ['the month of "June 2017" (a date)']),
        ("the channel 16/12", "телеканал «16/12»", "ru_RU", []),
        ("the channel 16/12", "телеканал «16-12»", "ru_RU", ['"16/12" (a number)']),
        ("from 2017–2018", "з 2017 до 2018 року", "uk_UA", []),
        # a date the English writes in digits, the translator may write in words
        ("ruled on 21.05.2020", "ухвалив 21 травня 2020 р.", "uk_UA", []),
        ("ruled on 21.05.2020", "постановил 21 мая 2020 г.", "ru_RU", []),
        ("ruled on 21.05.2020", "ухвалив 21.05.2020", "uk_UA", []),
        (
            "ruled on 21.05.2020",
            "ухвалив 22 травня 2020 р.",
            "uk_UA",
            ['the day of "21.05.2020" (a date)'],
        ),
        ("ruled on 21/05/2020", "ухвалив 21 травня 2020 р.", "uk_UA", []),
        ("ruled on 05/21/2020", "постановил 21 мая 2020 г.", "ru_RU", []),
        ("ruled on 05/21/2020", "ухвалив 21.05.2020", "uk_UA", []),
        ("ruled on 05/21/2020", "ухвалив 05/21/2020", "uk_UA", []),
        (
            "ruled on 05/21/2020",
            "ухвалив 05.21.2020",
            "uk_UA",
            ['the month of "05/21/2020" (a date)'],
        ),
        ("ruled on 05/06/2020", "ухвалив 05/06/2020", "uk_UA", []),
        (
            "ruled on 05/06/2020",
            "ухвалив 5 червня 2020 р.",
            "uk_UA",
            ['"05/06/2020" (a date in digits, its day and month unclear)'],
        ),
    ],
)
def test_lacking(english: str, translation: str, locale: str, lacks: list[str]) -> None:
    assert lacking(english, translation, locale) == lacks


def test_names_are_checked_only_where_the_catalog_keeps_them_in_latin() -> None:
    pairs = [
        ("posts on Facebook about rallies", "дописи в Facebook про мітинги"),
        ("Zhanara Akhmetova is a journalist", "Жанара Ахметова — журналістка"),
        ("In 2009 the court", "У 2009 році суд"),
    ]
    names = kept_names(pairs)
    assert names == {"Facebook"}
    assert lacking("her posts on Facebook", "її дописи у Фейсбуці", "uk_UA", names) == [
        '"Facebook" (a name)'
    ]
    # transliterated names are not judged, nor is a translation written in Latin script
    assert lacking("the case of Zhanara Akhmetova", "справа Жанари Ахметової", "uk", names) == []
    assert lacking("her posts on Facebook", "ihre Beiträge im Netz", "de", names) == []


def test_a_name_of_several_words_is_kept_as_a_whole() -> None:
    # the channel keeps its Latin name; the city it is named after is translated
    pairs = [
        (
            "a blogger who reported on the protests for the channel Minsk Street Notes",
            "блогер, який висвітлював протести для каналу Minsk Street Notes",
        ),
    ]
    names = kept_names(pairs)
    assert names == {"Minsk Street Notes"}
    assert lacking("the protests in Minsk", "протести в Мінську", "uk", names) == []
    assert lacking(
        "He wrote for Minsk Street Notes", "Він писав для Мінськ Street Notes", "uk", names
    ) == ['"Minsk Street Notes" (a name)']
    # a name after a sentence's first word is still one ("On Facebook")
    names = kept_names(
        [("posts on Facebook about rallies", "дописи в мережі Facebook про мітинги")]
    )
    assert lacking(
        "On Facebook he called for rallies", "У Фейсбуці він закликав до мітингів", "uk", names
    ) == ['"Facebook" (a name)']


def test_only_the_translations_a_letter_uses_are_checked() -> None:
    messages = Messages(
        "uk.po",
        singular={(None, "In 2009 a court"): "У 2008 році суд", (None, "in 2017"): "у 2016"},
        lines={(None, "In 2009 a court"): 12, (None, "in 2017"): 15},
        msgstr_lines={(None, "In 2009 a court"): 13, (None, "in 2017"): 16},
        locale="uk_UA",
    )
    translator = Translator(messages)
    assert translator.gettext("In 2009 a court") == "У 2008 році суд"  # still used, as it is
    problems = translator.gaps("uk.po", lambda _key: "case.yaml:3 background[0]", warning=True)
    assert [(str(p), p.code, p.severity) for p in problems] == [
        (
            'uk.po:13: the translation lacks what its English text has: "2009" (a year);'
            " used by case.yaml:3 background[0]",
            INCONSISTENT,
            "warning",
        )
    ]


@pytest.mark.parametrize(
    ("english", "translation", "lacks"),
    [
        ("She was released.", "Її звільнили", ["the full stop at its end"]),
        ("Is she safe?", "Чи вона в безпеці", ["the question mark at its end"]),
        ('He said "no."', "Він сказав «ні»", ["the full stop at its end"]),
        ("She was released.", "Її звільнили!", []),  # the language's own mark
        ("She was released.", "Її звільнили.»", []),
        ("Yours sincerely,", "З повагою", []),  # no comma after «З повагою»
        ("to suspend the extradition", "зупинити екстрадицію;", []),  # a list's item
        ("", "", []),
        ("and so on, etc.", "і так далі тощо", []),  # an abbreviation's stop is its own
        ("The letter went to the U.S.", "Лист надіслано до США", []),
        ("Encl.", "Додаток", []),
    ],
    ids=[
        "stop",
        "question",
        "inside-quotes",
        "other-mark",
        "closer",
        "comma",
        "item",
        "empty",
        "etc",
        "initials",
        "encl",
    ],
)
def test_a_sentences_end_mark_is_kept(english: str, translation: str, lacks: list[str]) -> None:
    assert end_lacking(english, translation) == lacks
