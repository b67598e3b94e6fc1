"""Typography of the rendered letters: no-break spaces where each language wants them,
hyphenation in the letter's language."""

from __future__ import annotations

import io
import itertools
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

from bench.campaign import LETTER, make_campaign
from letters.cli import main
from letters.load.loader import load_checked
from letters.plan import plan
from letters.render.content_version import paragraphs
from letters.render.contrast import Styles
from letters.render.docxpost import finish_text
from letters.render.renderer import Renderer
from letters.render.typography import typeset, typeset_story
from letters.render.whole_words import NO_LANGUAGE, XML_SPACE, Unbroken
from letters.starter.template import appeal_template_bytes
from tests.conftest import (
    REPO,
    Built,
    add_paragraphs,
    docx_parts,
    needs_libreoffice,
    pdf_text,
    rewrite_docx,
)

NB = "\u00a0"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _nb(text: str) -> str:
    """Expected text, written with "~" where a no-break space must be."""
    return text.replace("~", NB)


CASES = {
    "uk-UA": [
        ("Брюссель, 21 травня 2020\u202fр.", "Брюссель, 21~травня 2020~р."),
        ("Брюссель, 21 травня 2020 р.", "Брюссель, 21~травня 2020~р."),
        ("у 2018 році, у 2017–2018 рр.", "у~2018~році, у~2017–2018~рр."),
        # a one-letter preposition or conjunction keeps with the next word
        ("по захист. У червні а в Україні", "по захист. У~червні а~в~Україні"),
        (
            "права і свободи, з сином, й інші, у “Правді”",
            "права і~свободи, з~сином, й~інші, у~“Правді”",
        ),
        ("«в лапках» (у дужках), О. Бойко, XX в.", "«в~лапках» (у~дужках), О.~Бойко, XX~в."),
        ("Н. Науменко, Д. В. Лубинцю", "Н.~Науменко, Д.~В.~Лубинцю"),
        ("Науменко Н. Л. і Науменко Н.Л.", "Науменко~Н.~Л. і~Науменко~Н.Л."),
        (
            "18 жовтня 2017 р. — Державна міграційна служба: відмовила",
            "18~жовтня 2017~р.~— Державна міграційна служба: відмовила",
        ),
        ("шукає захисту вже 3 роки", "шукає захисту вже 3~роки"),
        ("справа № 757/1234/20, ст. 3 Конвенції", "справа №~757/1234/20, ст.~3~Конвенції"),
        ("у XXI ст., 3,5 км, 50 %", "у~XXI~ст., 3,5~км, 50~%"),
        # a number's groups of digits keep together; a year before a number does not
        (
            "близько 140 000 підписників, 1 250 000 гривень, у 2020 100 осіб",
            "близько 140~000~підписників, 1~250~000~гривень, у~2020 100~осіб",
        ),
        # an abbreviation of two parts keeps together; a place's keeps with its name or number
        ("і т. д., т. зв. «рух», до н. е.", "і~т.~д., т.~зв. «рух», до н.~е."),
        (
            "м. Київ, вул. Хрещатик, буд. 22, пл. Прикладна",
            "м.~Київ, вул.~Хрещатик, буд.~22, пл.~Прикладна",
        ),
        # a unit after a number, or the end of an abbreviation, before a sentence: no place
        ("за 5 м. Далі, і т. ін. Суд", "за 5~м. Далі, і~т.~ін. Суд"),
        # a unit after a quantity word or a range is no place either
        (
            "площа 50 кв. м. Далі, 3 тис. м. Пілот, 5–7 м. Він",
            "площа 50~кв. м. Далі, 3~тис. м. Пілот, 5–7~м. Він",
        ),
        # a number with its ending: a decade keeps its «рр.», a count its word
        (
            "у 1990-х рр., 2000-х років, 5-й том, у 1990-х він",
            "у~1990-х~рр., 2000-х~років, 5-й~том, у~1990-х він",
        ),
    ],
    "ru-RU": [
        ("Брюссель, 21 мая 2020\u202fг.", "Брюссель, 21~мая 2020~г."),
        ("Министру юстиции Украины, Д. Л. Малюське", "Министру юстиции Украины, Д.~Л.~Малюське"),
        ("Г. Нурдаулетову", "Г.~Нурдаулетову"),
        # a family name that begins with a particle keeps with the initials, and together
        ("А. де Фрис, Я. ван дер Бергу", "А.~де~Фрис, Я.~ван~дер~Бергу"),
        ("Н.Л. фон Ранке, де Фрис, сказал А. де", "Н.Л.~фон~Ранке, де Фрис, сказал А. де"),
        ("в мае 2018 г. — Верховный Суд", "в~мае 2018~г.~— Верховный Суд"),
        ("в 2009 году, в 1990-х гг., XX в.", "в~2009~году, в~1990-х~гг., XX~в."),
        (
            "В 2009 году суд, 18 октября 2017 г. Служба",
            "В~2009~году суд, 18~октября 2017~г. Служба",
        ),
        ("за защитой. В июне к Вам и с сыном, о нем", "за защитой. В~июне к~Вам и~с~сыном, о~нем"),
        ("и т. д., т. е. так", "и~т.~д., т.~е. так"),
        ("г. Киев, ул. Крещатик, д. 22, кв. 5", "г.~Киев, ул.~Крещатик, д.~22, кв.~5"),
        ("в 2020 г. Суд, и т. д. Иванов", "в~2020~г. Суд, и~т.~д. Иванов"),
        ("в 2020–2021 г. Суд, 50 кв. м. Далее", "в~2020–2021~г. Суд, 50~кв. м. Далее"),
    ],
    "en-GB": [
        ("Brussels, 21 May 2020", "Brussels, 21~May 2020"),
        ("D. Lubinets and J. R. R. Tolkien", "D.~Lubinets and J.~R.~R.~Tolkien"),
        ("J. van der Berg and Ms de Vries", "J.~van~der~Berg and Ms de Vries"),
        ("a de facto ban, in effect A. de facto", "a de facto ban, in effect A. de facto"),
        ("14 May 2020 – Supreme Court: set aside", "14~May 2020~– Supreme Court: set aside"),
        ("for 3 years, 12 km, 40 %, Art. 3, No 5", "for 3~years, 12~km, 40~%, Art.~3, No~5"),
        ("the years 2017–2018 - not a dash", "the years 2017–2018 - not a dash"),
        # a year keeps no word after it: only a number's own word or unit does
        (
            "In 2009 a court, on 18 October 2017 the service",
            "In 2009 a court, on 18~October 2017 the service",
        ),
    ],
    "en-US": [("on May 21, 2020 in Kyiv", "on May~21, 2020 in Kyiv")],
}


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [(lang, text, expected) for lang, pairs in CASES.items() for text, expected in pairs],
)
def test_no_break_spaces_where_the_language_wants_them(lang: str, text: str, expected: str) -> None:
    assert typeset(text, lang) == _nb(expected)


URL = "https://www.europarl.europa.eu/doceo/document/TA-8-2019-0203_EN.html"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an address and the spaces next to it stay as they are: it may start a new line
        (f"see {URL} 3 days later", f"see {URL} 3~days later"),
        ("write to appeals@example.org 2 times", "write to appeals@example.org 2~times"),
        ("mailto:a.b@example.org A. Smith", "mailto:a.b@example.org A.~Smith"),
        # numbers inside codes and versions are not counts of anything
        (
            "COVID-19 pandemic, case 757/1234/20 decided",
            "COVID-19 pandemic, case 757/1234/20 decided",
        ),
        ("version 4833-D31F", "version 4833-D31F"),
        ("TA-8 2019 and 12.5 000", "TA-8 2019 and 12.5 000"),
        # two spaces, a tab, a hyphen: no rule names them
        ("two  — spaces, a tab\tafter, a - hyphen", "two  — spaces, a tab\tafter, a - hyphen"),
    ],
)
def test_addresses_codes_and_what_no_rule_names_are_left_alone(text: str, expected: str) -> None:
    assert typeset(text, "en-GB") == _nb(expected)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # inside a word: the typographic apostrophe, U+2019
        ("en-GB", "the Prosecutor General's Office", "the Prosecutor General’s Office"),
        ("uk-UA", "пані К'яро, пам'ять, «м'яко»", "пані К’яро, пам’ять, «м’яко»"),
        ("ru-RU", "д'Артаньян", "д’Артаньян"),
        # at an English word's edge: ’ after its last letter (a closing quote is ’ too) or
        # before a year's digits; ‘ where it opens a quotation that closes
        ("en-GB", "the MEPs' letter, 'quoted', '90s", "the MEPs’ letter, ‘quoted’, ’90s"),
        # before a word English elides ('tis, 'twas): ’, unless it opens a quotation that
        # closes; one that opens a quotation that never closes otherwise: as typed
        ("en-GB", "'tis a letter", "’tis a letter"),
        ("en-GB", "'Twas 'quoted' then", "’Twas ‘quoted’ then"),
        ("en-GB", "'tis so,' he said", "‘tis so,’ he said"),
        ("en-GB", "'this letter", "'this letter"),
        # in an address, or a number ("5'10"), or a language whose conventions we do not hold
        ("en-GB", "write to o'brien@example.org", "write to o'brien@example.org"),
        ("en-GB", "5'10, x'1", "5'10, x'1"),
        ("fr-FR", "l'homme", "l'homme"),
    ],
)
def test_an_apostrophe_inside_a_word_is_the_typographic_one(
    lang: str, text: str, expected: str
) -> None:
    assert typeset(text, lang) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # straight double quotes that plainly open and close: the language's marks
        (
            "uk-UA",
            'рух "Демократичний вибір Казахстану" заборонили',
            "рух «Демократичний вибір Казахстану» заборонили",
        ),
        ("ru-RU", 'движение "ДВК". Суд', "движение «ДВК». Суд"),
        # English: ‘…’, and “…” inside (EU Interinstitutional Style Guide, 10.1.9)
        ("en-GB", 'the "Democratic Choice" movement', "the ‘Democratic Choice’ movement"),
        # inside a quotation, the inner marks, whether the outer one was typed or straight
        ("uk-UA", 'сказав: "назва "ДВК" відома".', "сказав: «назва „ДВК“ відома»."),
        ("ru-RU", '«движение "ДВК"»', "«движение „ДВК“»"),
        ("en-GB", '"the "DCK" movement"', "‘the “DCK” movement’"),
        # an apostrophe inside a quotation typed ‘…’ does not close it
        ("en-GB", '‘Kazakhstan’s "DCK" movement’', "‘Kazakhstan’s “DCK” movement’"),
        # single straight quotes alike, by depth; an apostrophe inside a word is no quote
        ("uk-UA", "рух 'Демократичний вибір' та «м'ясо»", "рух «Демократичний вибір» та «м’ясо»"),
        ("uk-UA", "'м'ясо' та 'Дем'ян'", "«м’ясо» та «Дем’ян»"),
        ("uk-UA", "сказав: \"назва 'ДВК' відома\".", "сказав: «назва „ДВК“ відома»."),
        ("ru-RU", "д'Артаньян, '\"ДВК\"' O'Нил", "д’Артаньян, «„ДВК“» O’Нил"),
        ("en-GB", "\"the 'DCK' movement\"", "‘the “DCK” movement’"),
        # English: a unit's mark (a 5" screen, 6' tall) stays as typed, and the line's
        # other quotes pair without it
        ("en-GB", 'a 5" screen and "quoted"', 'a 5" screen and ‘quoted’'),
        ("en-GB", 'He said "a 5" screen"', 'He said ‘a 5" screen’'),
        ("en-GB", "6' tall and 'quoted'", "6' tall and ‘quoted’"),
        # …while a quotation that ends in digits still closes on its mark, one by one
        (
            "en-GB",
            'He cited "Article 3" and his cell is 6\' wide.',
            "He cited ‘Article 3’ and his cell is 6' wide.",
        ),
        ("en-GB", 'a 5" screen and "Article 3"', 'a 5" screen and ‘Article 3’'),
        # …but only where the line pairs no other way: an earlier ' stays an apostrophe
        (
            "en-GB",
            "In the '90s his cell was 6' by 8'.",
            "In the ’90s his cell was 6' by 8'.",
        ),
        ("en-GB", "'Tis a cell of 6' by 8'.", "’Tis a cell of 6' by 8'."),
        # a ' before a decade's two digits is its elision, never a quotation's opening
        ("en-GB", "In the '90s his cell was 6' wide.", "In the ’90s his cell was 6' wide."),
        ("en-GB", "The '20s and '30s were 'good'.", "The ’20s and ’30s were ‘good’."),
        # a line whose quotes do not plainly pair keeps them all as typed
        ("en-GB", 'a 5" screen and "open', 'a 5" screen and "open'),
        ("uk-UA", "Дем'ян: 'почато \"і' не закрито\"", "Дем’ян: 'почато \"і' не закрито\""),
        ("uk-UA", "зобов'язань 'ДВК та \"рух\"", 'зобов’язань \'ДВК та "рух"'),
        ("en-GB", 'a"b"c', 'a"b"c'),
        ("uk-UA", '"відкрита, але не закрита', '"відкрита, але не закрита'),
        # English: an isolated 'n' is two apostrophes; a ' before digits or after a word's
        # last letter is read as an apostrophe or a quote, whichever lets the line pair
        ("en-GB", "rock 'n' roll", "rock ’n’ roll"),
        ("en-GB", "He wrote 'rock 'n' roll' there.", "He wrote ‘rock ’n’ roll’ there."),
        # (a number keeps its word: a no-break space)
        ("en-GB", "'5 years' in prison", "‘5\u00a0years’ in prison"),
        ("en-GB", "'20 years' later", "‘20\u00a0years’ later"),
        ("en-GB", "He got '5' votes.", "He got ‘5’ votes."),
        ("en-GB", "Article '5'", "Article ‘5’"),
        ("en-GB", "'2020 was hard,' she wrote", "‘2020 was hard,’ she wrote"),
        ("en-GB", "In the '90s he said 'no'.", "In the ’90s he said ‘no’."),
        (
            "en-GB",
            "He said 'the MEPs' \"urgent\" letter' was late",
            "He said ‘the MEPs’ “urgent” letter’ was late",
        ),
        ("en-GB", '‘The MEPs’ letter said "no"’', "‘The MEPs’ letter said “no”’"),
        ("en-GB", '‘quoted’ and "this"', "‘quoted’ and ‘this’"),
        ("en-GB", "Charles' book", "Charles’ book"),
        ("en-GB", "O'Brien said 'yes'", "O’Brien said ‘yes’"),
        ("en-GB", "'I can't,' he said", "‘I can’t,’ he said"),
        # Ukrainian, Russian: a unit's mark (5") voids only its own kind's marks
        ("uk-UA", "Партія 'Вибір' (екран 5\")", 'Партія «Вибір» (екран 5")'),
        ("ru-RU", 'партия "Выбор" (угол 5\')', "партия «Выбор» (угол 5')"),
        # …and so does one left open after the other kind's quotations, as it cannot hold them
        ("uk-UA", "Партія 'Вибір' і \"відкрита", 'Партія «Вибір» і\u00a0"відкрита'),
        # next to an address, or in a language whose conventions we do not hold
        ("en-GB", 'see "https://x.org" now', 'see "https://x.org" now'),
        ("fr-FR", 'le "mouvement"', 'le "mouvement"'),
    ],
)
def test_straight_quotes_that_pair_up_are_the_languages_quotation_marks(
    lang: str, text: str, expected: str
) -> None:
    assert typeset(text, lang) == expected


def test_quotes_pair_across_a_paragraphs_runs_and_never_across_two_paragraphs() -> None:
    root = _paragraph(
        '<w:r><w:t xml:space="preserve">рух "Демократичний </w:t></w:r>'
        '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">вибір Казахстану"'
        " заборонили</w:t></w:r>"
    )
    typeset_story(root, "uk-UA")
    assert _texts(root) == ["рух «Демократичний ", "вибір Казахстану» заборонили"]
    two = etree.fromstring(
        f'<w:body xmlns:w="{W}"><w:p><w:r><w:t>"почато</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>закінчено"</w:t></w:r></w:p></w:body>'.encode()
    )
    typeset_story(two, "uk-UA")
    assert _texts(two) == ['"почато', 'закінчено"']


def test_an_apostrophe_between_runs_is_changed_in_the_run_that_holds_it() -> None:
    root = _paragraph("<w:r><w:t>Б</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>'янкі</w:t></w:r>")
    typeset_story(root, "uk-UA")
    assert _texts(root) == ["Б", "’янкі"]


def test_a_language_without_plain_no_break_conventions_keeps_narrow_ones() -> None:
    assert typeset("« le 21 mai 2020\u202f»", "fr-FR") == "« le 21~mai 2020\u202f»".replace("~", NB)


def _paragraph(inner: str) -> etree._Element:
    return etree.fromstring(f'<w:body xmlns:w="{W}"><w:p>{inner}</w:p></w:body>'.encode())


def _texts(root: etree._Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{{{W}}}t")]


def _rendered(workspace: Path, letter: str, lang: str, recipient: str | None = None) -> list[str]:
    """The text of each paragraph of ``letter``'s body in ``lang`` (to ``recipient``, or
    its first job's), rendered as a draft with no problem that stops it."""
    ws = load_checked(workspace)
    jobs = plan(ws, [letter], [lang]).jobs
    job = next(j for j in jobs if recipient is None or j.recipient.person.id == recipient)
    data, problems = Renderer(ws).render(job, draft="0000-TEST")
    assert data is not None, problems
    body = etree.fromstring(docx_parts(data)["word/document.xml"])
    return ["".join(_texts(p)) for p in body.iter(f"{{{W}}}p")]


def test_a_date_split_over_runs_gets_its_space_in_the_run_that_holds_it() -> None:
    root = _paragraph(
        '<w:r><w:t xml:space="preserve">Брюссель, 21 </w:t></w:r>'
        "<w:r><w:rPr><w:b/></w:rPr><w:t>травня</w:t></w:r>"
        '<w:r><w:t xml:space="preserve"> 2020 р. </w:t></w:r><w:r><w:t>— суд</w:t></w:r>'
    )
    typeset_story(root, "uk-UA")
    assert _texts(root) == ["Брюссель, 21" + NB, "травня", " 2020" + NB + "р." + NB, "— суд"]
    assert len(root[0]) == 4  # no run split, none added


def test_field_codes_links_tabs_and_text_boxes() -> None:
    root = _paragraph(
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://x.org/a b" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>Д. Лубинець</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:t xml:space="preserve">, 3</w:t></w:r><w:r><w:tab/><w:t>роки</w:t></w:r>'
        '<w:r><w:drawing><w:txbxContent><w:p><w:r><w:t xml:space="preserve">А. Б</w:t></w:r>'
        "</w:p></w:txbxContent></w:drawing></w:r>"
        '<w:hyperlink><w:r><w:t xml:space="preserve"> 5 днів</w:t></w:r></w:hyperlink>'
    )
    typeset_story(root, "uk-UA")
    instr = root.find(f".//{{{W}}}instrText")
    assert instr is not None and instr.text == ' HYPERLINK "https://x.org/a b" '
    # the field's shown text, the text box's own paragraph and a hyperlink's text are
    # text like any other; a tab interrupts the text ("3" and "роки" stay apart)
    assert _texts(root) == [
        "Д." + NB + "Лубинець",
        ", 3",
        "роки",
        "А." + NB + "Б",
        " 5" + NB + "днів",
    ]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["Brussels, 21~May 2020"]),
        ("uk", ["Брюссель, 21~травня 2020~р.", "18~жовтня 2017~р. Державна"]),
        ("ru", ["Брюссель, 21~мая 2020~г.", "Д.~Л.~Малюське"]),
    ],
)
def test_rendered_letters_have_no_break_spaces(
    sample: Path, lang: str, expected: list[str]
) -> None:
    ws = load_checked(sample)
    job = plan(ws, ["may-2020-joint"], [lang]).jobs[0]
    data, _problems = Renderer(ws).render(job, draft="0000-TEST")
    assert data is not None
    body = etree.fromstring(docx_parts(data)["word/document.xml"])
    paragraphs = ["".join(_texts(p)) for p in body.iter(f"{{{W}}}p")]
    for line in expected:
        assert any(_nb(line) in p for p in paragraphs), line
    text = "\n".join(paragraphs)
    assert "\u202f" not in text
    assert " —" not in text and " –" not in text  # every spaced dash keeps to its line
    notes = etree.fromstring(docx_parts(data)["word/footnotes.xml"])
    links = [t for t in _texts(notes) if t.startswith("http")]
    assert links and all(NB not in t for t in links)  # an address is left as it is


@pytest.mark.parametrize(
    ("lang", "path", "typed", "shown"),
    [
        # a translator's straight apostrophe, and one typed in a directory
        (
            "uk",
            "locales/uk/LC_MESSAGES/case-akhmetova.po",
            "міжнародно-правових зобов’язань",
            "міжнародно-правових зобов'язань",
        ),
        (
            "en",
            "recipients/officials.yaml",
            "Prosecutor General of Ukraine]",
            "Prosecutor General's Office of Ukraine]",
        ),
    ],
)
def test_a_straight_apostrophe_typed_in_a_text_is_printed_typographic(
    sample: Path, lang: str, path: str, typed: str, shown: str
) -> None:
    source = sample / path
    text = source.read_text(encoding="utf-8")
    assert typed in text
    source.write_text(text.replace(typed, shown.replace("’", "'")), encoding="utf-8")
    letter = "\n".join(_rendered(sample, "may-2020-joint", lang))
    assert shown.replace("'", "’").rstrip("]") in letter
    assert re.search(r"[^\W\d_]'[^\W\d_]", letter) is None


@pytest.mark.parametrize("quote", ['\\"', "'"], ids=["double", "single"])
def test_straight_quotes_typed_in_a_translation_are_printed_as_the_languages(
    sample: Path, quote: str
) -> None:
    """Single ones too, beside apostrophes typed straight inside words (зобов'язань)."""
    po = sample / "locales/uk/LC_MESSAGES/case-akhmetova.po"
    text = po.read_text(encoding="utf-8")
    typed = "заборонив рух «Демократичний вибір Казахстану», "
    assert typed in text
    text = text.replace(typed, f"заборонив рух {quote}Демократичний вибір Казахстану{quote}, ")
    po.write_text(text.replace("зобов’язань", "зобов'язань"), encoding="utf-8")
    letter = "\n".join(_rendered(sample, "may-2020-joint", "uk"))
    assert "рух «Демократичний вибір Казахстану», визнавши" in letter
    assert "зобов’язань" in letter and '"' not in letter and "'" not in letter


def test_a_recipients_address_typed_with_straight_quotes_is_still_their_own_text(
    sample: Path,
) -> None:
    # the letter prints «…»; the check that it says only what signatories saw, with the
    # recipient's own lines, reads the directory's "…" as the same marks
    officials = sample / "recipients" / "officials.yaml"
    text = officials.read_text(encoding="utf-8")
    typed = "uk: [Генеральному прокуророві, Ірині ВЕНЕДІКТОВІЙ]"
    assert typed in text
    quoted = "uk: ['Генеральному прокуророві (\"ОГП\")', Ірині ВЕНЕДІКТОВІЙ]"
    officials.write_text(text.replace(typed, quoted), encoding="utf-8")
    paragraphs = _rendered(sample, "may-2020-extradition", "uk", "venediktova")
    assert "Генеральному прокуророві («ОГП»)Ірині ВЕНЕДІКТОВІЙ" in paragraphs  # a line break


def test_initials_keep_with_a_family_name_that_begins_with_a_particle(sample: Path) -> None:
    # «А. де Фрис», as the Russian address block of a Dutch or Belgian official reads
    officials = sample / "recipients" / "officials.yaml"
    text = officials.read_text(encoding="utf-8")
    typed = "Республики Казахстан, Г. Д. Нурдаулетову]"
    assert typed in text
    officials.write_text(
        text.replace(typed, "Республики Казахстан, Г. Д. ван дер Берг]"), encoding="utf-8"
    )
    paragraphs = _rendered(sample, "kazakhstan-2020", "ru", "nurdauletov")
    assert any(_nb("Г.~Д.~ван~дер~Берг") in p for p in paragraphs)


def test_a_recipient_named_with_a_straight_apostrophe_gets_their_letter(tmp_path: Path) -> None:
    # «К'яра Россі» typed in the directory: her letter shows «К’ярі» and «К’яро», and is
    # still the approved text with her own name in it (not a text nobody saw)
    letter = "\n".join(
        _rendered(make_campaign(tmp_path / "campaign", meps=14), LETTER, "uk", "mep-0014")
    )
    assert "К’ярі" in letter and "К’яро" in letter and "'" not in letter


# --- hyphenation ------------------------------------------------------------------------

HYPHEN_PATTERNS = Path("/usr/share/hyphen")
PATTERNS = "apt-get install hyphen-en-gb hyphen-uk hyphen-ru (LibreOffice's hyphenation patterns)"


def _settings(data: bytes) -> etree._Element:
    return etree.fromstring(docx_parts(data)["word/settings.xml"])


def test_letters_are_hyphenated_in_their_language_capitals_left_whole(sample: Path) -> None:
    ws = load_checked(sample)
    job = plan(ws, ["may-2020-joint"], ["uk"]).jobs[0]
    data, _problems = Renderer(ws).render(job, draft="0000-TEST")
    assert data is not None
    settings = [etree.QName(e).localname for e in _settings(data)]
    assert "autoHyphenation" in settings and "doNotHyphenateCaps" in settings
    # where the schema puts them: after defaultTabStop, before characterSpacingControl
    at = settings.index("autoHyphenation")
    assert settings[at - 1 : at + 3] == [
        "defaultTabStop",
        "autoHyphenation",
        "doNotHyphenateCaps",
        "characterSpacingControl",
    ]
    # hyphenation follows the language of the text: every run and the defaults say uk-UA,
    # but for a paragraph's last word and people's names, which say no language, so that
    # they stay whole
    parts = docx_parts(data)
    body = etree.fromstring(parts["word/document.xml"])
    runs = list(body.iter(f"{{{W}}}r"))
    langs = {r: r.find(f"{{{W}}}rPr/{{{W}}}lang").get(f"{{{W}}}val") for r in runs}
    assert runs and set(langs.values()) == {"uk-UA", NO_LANGUAGE}
    style_names = {  # style id: name
        style.get(f"{{{W}}}styleId"): style.find(f"{{{W}}}name").get(f"{{{W}}}val")
        for style in etree.fromstring(parts["word/styles.xml"]).iter(f"{{{W}}}style")
    }
    names = 0
    for paragraph in body.iter(f"{{{W}}}p"):
        last = re.findall(r"\w+(?:[-’]\w+)*", _paragraph_text(paragraph))[-1:]
        style = paragraph.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        hyphenated = style is None or style_names[style.get(f"{{{W}}}val")] not in UNHYPHENATED
        for run in paragraph.iter(f"{{{W}}}r"):
            text = "".join(t.text or "" for t in run.iter(f"{{{W}}}t"))
            if langs[run] != NO_LANGUAGE:
                # the case's person, where a line may be hyphenated: never
                assert not hyphenated or not re.search(r"\bАхметов", text), text
                continue
            assert hyphenated, text  # nothing to keep whole in a paragraph never hyphenated
            for word in re.findall(r"\w+", text):
                names += word[:1].isupper()
                assert word[:1].isupper() or word == last[0], (word, _paragraph_text(paragraph))
    assert names >= 4  # «Жанара Ахметова», both times the letter's text names her in full
    defaults = etree.fromstring(parts["word/styles.xml"]).find(f".//{{{W}}}rPrDefault//{{{W}}}lang")
    assert defaults is not None and defaults.get(f"{{{W}}}val") == "uk-UA"


def test_a_template_that_turns_hyphenation_off_keeps_it_off(sample: Path) -> None:
    template = sample / "templates" / "appeal.docx"
    template.write_bytes(
        rewrite_docx(
            template,
            {
                "word/settings.xml": lambda data: data.replace(
                    b"<w:defaultTabStop", b'<w:autoHyphenation w:val="false"/><w:defaultTabStop'
                )
            },
        )
    )
    ws = load_checked(sample)
    data, _problems = Renderer(ws).render(plan(ws, ["may-2020-joint"], ["en"]).jobs[0], draft=None)
    assert data is not None
    found = _settings(data).findall(f"{{{W}}}autoHyphenation")
    assert [e.get(f"{{{W}}}val") for e in found] == ["false"]


@needs_libreoffice
@pytest.mark.parametrize("lang", ["uk", "ru"])
def test_libreoffice_hyphenates_justified_text(
    sample_built: Callable[..., Built], lang: str
) -> None:
    tag = {"uk": "uk_UA", "ru": "ru_RU"}[lang]
    if not list(HYPHEN_PATTERNS.glob(f"hyph_{tag}*.dic")):
        message = f"no hyphenation patterns for {tag}: {PATTERNS}"
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(f"{message}; CI must have them", pytrace=False)
        pytest.skip(message)
    # the sample's whole build, which test_pdf.py and test_pdf_joined.py read too
    sample = sample_built("--pdf").workspace
    pdf = sample / "out" / "may-2020-joint" / f"may-2020-joint.{lang}.pdf"
    lines = [line.strip() for line in pdf_text(pdf, "-layout").splitlines()]
    # a word broken at the end of a line, its rest opening the next one in lower case
    broken = [
        (line, after)
        for line, after in itertools.pairwise(lines)
        if re.search(r"[а-яіїєґ]-$", line) and after[:1].islower()
    ]
    assert broken, "no word is hyphenated"
    # and never a paragraph's last word: no last line holds half of one («від-» «повідь.»)
    last_words = {
        words[-1]
        for paragraph in docx.Document(str(pdf.with_suffix(".docx"))).paragraphs
        if (words := re.findall(r"\w+(?:[-’]\w+)*", paragraph.text))
    }
    ends = {  # a word broken before the last line of a paragraph, which holds only its rest
        line.split()[-1][:-1] + after.rstrip(".,;:!?»)0123456789")
        for line, after in broken
        if len(after.split()) == 1
    }
    assert not ends & last_words, ends & last_words
    # nor a person's name («Ахмето-» «ва» in the ru letter before they were kept whole)
    names = [
        line for line, _after in broken if re.search(r"(?:Ахмет|Жанар|Лубин|Лубін)\w*-$", line)
    ]
    assert not names, names


def _run(run: etree._Element) -> tuple[str, str | None, bool]:
    """A run's text, language (None without a tag) and whether it is bold."""
    lang = run.find(f"{{{W}}}rPr/{{{W}}}lang")
    tag = lang.get(f"{{{W}}}val") if lang is not None else None
    return "".join(run.itertext()), tag, run.find(f"{{{W}}}rPr/{{{W}}}b") is not None


def _paragraph_text(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{{{W}}}t"))


def test_a_paragraphs_last_word_gets_a_run_of_its_own_that_says_no_language() -> None:
    """The run that holds it is split with its formatting; a word broken over runs has
    every piece tagged; a word too short to hyphenate, or a number, is left alone."""
    root = etree.fromstring(
        f'<w:body xmlns:w="{W}">'
        '<w:p><w:r><w:rPr><w:b/><w:lang w:val="uk-UA"/></w:rPr><w:t>Чекаємо на відповідь.</w:t>'
        '</w:r><w:r><w:footnoteReference w:id="2"/></w:r></w:p>'
        "<w:p><w:r><w:t>пере</w:t></w:r><w:r><w:t>гляду</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>у 2020</w:t></w:r></w:p><w:p><w:r><w:t>до неї.</w:t></w:r></w:p>"
        "</w:body>"
    )
    finish_text("word/document.xml", root, "uk-UA")
    found = [[_run(r) for r in p.iter(f"{{{W}}}r")] for p in root.iter(f"{{{W}}}p")]
    assert found == [
        [("Чекаємо на ", "uk-UA", True), ("відповідь.", NO_LANGUAGE, True), ("", None, False)],
        [("пере", NO_LANGUAGE, False), ("гляду", NO_LANGUAGE, False)],
        [("у\u00a02020", None, False)],
        [("до неї.", None, False)],
    ]


NAMES = frozenset({"Жанара", "Ахметова", "Лубінець", "Viola", "Cramon-Taubadel"})


@pytest.mark.parametrize(
    "text,whole",
    [
        ("Жанару Ахметову видворять, як і", ["Жанару Ахметову"]),  # declined; one run
        ("справу Ахметової та листи Лубінцю.", ["Ахметової", "Лубінцю."]),  # е dropped
        ("Cramon-Taubadel wrote to Viola", ["Cramon-Taubadel", "Viola"]),
        ("Violations were found again", ["again"]),  # too long to be a form of "Viola"
        ("ахметова is not a name here", ["here"]),  # a name starts with a capital
        ("Ахметовського району", ["району"]),  # five letters more than the name: not it
    ],
)
def test_peoples_names_get_runs_of_their_own_that_say_no_language(
    text: str, whole: list[str]
) -> None:
    """Every form of a person's name the letter shows is kept whole, as a paragraph's last
    word is; the text around it keeps the letter's language and its formatting."""
    words = frozenset(part for name in NAMES for part in name.split("-"))
    root = etree.fromstring(
        f'<w:body xmlns:w="{W}"><w:p><w:r><w:rPr><w:i/></w:rPr><w:t>{text}</w:t></w:r></w:p>'
        "</w:body>"
    )
    finish_text("word/document.xml", root, "uk-UA", Unbroken(words))
    runs = [_run(r) for r in root.iter(f"{{{W}}}r")]
    assert "".join(text for text, _tag, _bold in runs) == typeset(text, "uk-UA")
    assert [text for text, tag, _bold in runs if tag == NO_LANGUAGE] == whole
    assert all(r.find(f"{{{W}}}rPr/{{{W}}}i") is not None for r in root.iter(f"{{{W}}}r"))


def test_a_name_split_over_runs_is_tagged_in_every_piece_and_spaces_are_kept() -> None:
    root = etree.fromstring(
        f'<w:body xmlns:w="{W}"><w:p><w:r><w:t xml:space="preserve">Лист до Ахмет</w:t></w:r>'
        '<w:r><w:t xml:space="preserve">ової і далі </w:t></w:r><w:r><w:t>текст</w:t></w:r>'
        "</w:p></w:body>"
    )
    finish_text("word/document.xml", root, "uk-UA", Unbroken(frozenset({"Ахметова"})))
    texts = [(t.text, t.get(XML_SPACE)) for t in root.iter(f"{{{W}}}t")]
    assert texts == [
        ("Лист до ", "preserve"),
        ("Ахмет", None),
        ("ової", None),
        (" і\u00a0далі ", "preserve"),  # «і» keeps with the word after it
        ("текст", None),
    ]
    tags = [_run(r)[1] for r in root.iter(f"{{{W}}}r")]
    assert tags.count(NO_LANGUAGE) == 3


def test_a_text_boxs_paragraph_keeps_its_own_last_word_and_its_holders_keeps_theirs() -> None:
    """A text box's paragraph inside a paragraph is a paragraph of its own: each keeps its
    own last word whole, and its no-break hyphens, not the words of the other."""
    root = etree.fromstring(
        f'<w:body xmlns:w="{W}"><w:p><w:r><w:t xml:space="preserve">Лист про позбавлення </w:t>'
        "</w:r><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>Напис у рамці з-за кордону</w:t>"
        "</w:r></w:p></w:txbxContent></w:drawing></w:r></w:p></w:body>"
    )
    finish_text("word/document.xml", root, "uk-UA", Unbroken())
    whole = [text for text, tag, _bold in map(_run, root.iter(f"{{{W}}}r")) if tag == NO_LANGUAGE]
    assert whole == ["позбавлення ", "кордону"]
    assert len(list(root.iter(f"{{{W}}}noBreakHyphen"))) == 1  # «з-за», in the text box


def test_a_paragraph_never_hyphenated_keeps_nothing_whole() -> None:
    """A paragraph whose style, a style it is based on, or its own setting says *Don't
    hyphenate* needs no word tagged; its own setting wins over its style's."""
    styles = (
        f'<w:styles xmlns:w="{W}"><w:style w:styleId="Plain"><w:pPr><w:suppressAutoHyphens/>'
        '</w:pPr></w:style><w:style w:styleId="Child"><w:basedOn w:val="Plain"/></w:style>'
        '<w:style w:styleId="Body"/><w:style w:styleId="Undone"><w:basedOn w:val="Plain"/>'
        '<w:pPr><w:suppressAutoHyphens w:val="0"/></w:pPr></w:style></w:styles>'
    ).encode()
    unhyphenated = Styles.of(styles, None, etree.XMLParser()).unhyphenated()
    assert unhyphenated == {"Plain", "Child"}

    def paragraph(style: str, own: str = "") -> str:
        return (
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{own}</w:pPr>'
            "<w:r><w:t>Лист про Ахметову</w:t></w:r></w:p>"
        )

    off, on = '<w:suppressAutoHyphens w:val="false"/>', "<w:suppressAutoHyphens/>"
    body = "".join(
        paragraph(style, own)
        for style, own in [
            ("Plain", ""),
            ("Child", ""),
            ("Body", ""),
            ("Undone", ""),
            ("Plain", off),
            ("Body", on),
        ]
    )
    root = etree.fromstring(f'<w:body xmlns:w="{W}">{body}</w:body>')
    finish_text("word/document.xml", root, "uk-UA", Unbroken(frozenset({"Ахметова"}), unhyphenated))
    tagged = [
        any(_run(r)[1] == NO_LANGUAGE for r in p.iter(f"{{{W}}}r")) for p in root.iter(f"{{{W}}}p")
    ]
    assert tagged == [False, False, True, True, True, False]


# --- the default template's paragraph styles ----------------------------------------------


def _styles(source: Path | bytes) -> dict[str, set[str]]:
    """{style name: the on/off paragraph properties it sets} of a .docx."""
    root = etree.fromstring(docx_parts(source)["word/styles.xml"])
    found = {}
    for style in root.iter(f"{{{W}}}style"):
        name = style.find(f"{{{W}}}name")
        ppr = style.find(f"{{{W}}}pPr")
        if name is not None and ppr is not None:
            found[name.get(f"{{{W}}}val")] = {etree.QName(e).localname for e in ppr}
    return found


HEADINGS = ["Label", "Subject", "Salutation", "Closing", "Signatories Title", "Signature"]
UNHYPHENATED = [
    "Letter Date",
    "Label",
    "Addressee List",
    "Addressee",
    "Subject",
    "Signatory",
    "Signatory Detail",
]
LISTS = ["Ask"]


@pytest.mark.parametrize("which", ["shipped", "letters init"])
def test_headings_keep_with_what_follows_and_lists_are_spaced_as_a_whole(which: str) -> None:
    source = REPO / "templates" / "appeal.docx" if which == "shipped" else appeal_template_bytes()
    styles = _styles(source)
    for name in HEADINGS:
        assert "keepNext" in styles[name], name
    for name in UNHYPHENATED:
        assert "suppressAutoHyphens" in styles[name], name
    for name in LISTS:
        # no space between the items of a list, a paragraph's space after the last one
        assert "contextualSpacing" in styles[name], name
        assert "suppressAutoHyphens" not in styles[name], name
    assert "suppressAutoHyphens" not in styles["Body Text"]


def _pieces(root: etree._Element) -> str:
    """The text of ``root`` with each no-break hyphen as '~', each other piece as it is."""
    shown = {f"{{{W}}}t": None, f"{{{W}}}noBreakHyphen": "~"}
    return "".join(shown[node.tag] or node.text or "" for node in root.iter(*shown))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("її звільнили з-під варти", "її звільнили з~під варти"),  # «з-» never ends a line
        ("из-под стражи и из-за неё", "из-под стражи и из-за неё"),  # two letters may
        ("5-річний строк, COVID-19", "5~річний строк, COVID~19"),  # a number keeps its word
        ("Cramon-Taubadel, e-mail", "Cramon-Taubadel, e~mail"),
        ("a dash - and a hyphen-", "a dash - and a hyphen-"),  # no word on one side
        ("DRAFT · 1204-6A0C, D352-6172", "DRAFT · 1204-6A0C, D352-6172"),  # copied as it is
        # ids whose halves are letters alone and digits alone, as any id may be: still codes
        ("DRAFT · ABCD-1234, 5678-FACE", "DRAFT · ABCD-1234, 5678-FACE"),
        # an address is copied as it is shown: its hyphens stay, those beside it do not
        (
            "Text: https://www.europarl.europa.eu/doceo/document/TA-8-2019-0203_EN.html, e-mail",
            "Text: https://www.europarl.europa.eu/doceo/document/TA-8-2019-0203_EN.html, e~mail",
        ),
        ("see www.example.org/a-1 and COVID-19", "see www.example.org/a-1 and COVID~19"),
        ("write to x-1@e-mail.example.org.", "write to x-1@e-mail.example.org."),
        ("(HTTP://EXAMPLE.ORG/B-2)", "(HTTP://EXAMPLE.ORG/B-2)"),
        ("europarl.europa.eu/doc/TA-8-2019 з-під", "europarl.europa.eu/doc/TA-8-2019 з~під"),
        ("т. зв. COVID-19/SARS-2 і т.д. з-під", "т. зв. COVID~19/SARS~2 і т.д. з~під"),
        ("«www.example.org/a-1», e-mail", "«www.example.org/a-1», e~mail"),
        # an address is looked for where a word starts: a long word is read once, not at
        # every letter (which took seconds for a word of 20,000 letters)
        pytest.param("x" * 200_000 + "-1 e-mail", "x" * 200_000 + "~1 e~mail", id="a-long-word"),
    ],
)
def test_a_hyphen_beside_a_lone_letter_or_a_number_never_breaks(text: str, expected: str) -> None:
    """Such a hyphen becomes Word's no-break hyphen, its run otherwise the same; the text a
    reader of the letter gets (the version's, a redline's) still has the hyphen."""
    root = _paragraph(f"<w:r><w:rPr><w:i/></w:rPr><w:t>{text}</w:t></w:r>")
    finish_text("word/document.xml", root, "uk-UA")
    assert _pieces(root).replace(NB, " ") == expected
    assert all(r.find(f"{{{W}}}rPr/{{{W}}}i") is not None for r in root.iter(f"{{{W}}}r"))
    document = f'<w:document xmlns:w="{W}">{etree.tostring(root, encoding=str)}</w:document>'
    assert [p.replace(NB, " ") for p in paragraphs(_docx({"word/document.xml": document}))] == [
        text
    ]


def _docx(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_the_sample_letter_keeps_z_pid_on_one_line(sample: Path) -> None:
    """«звільнили з-під варти» of the Ukrainian joint letter, as Word and python-docx read it."""
    ws = load_checked(sample)
    job = plan(ws, ["may-2020-joint"], ["uk"]).jobs[0]
    data, _problems = Renderer(ws).render(job, draft="0000-TEST")
    assert data is not None
    body = etree.fromstring(docx_parts(data)["word/document.xml"])
    assert "звільнили з~під варти" in _pieces(body).replace(NB, " ")
    text = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert any("звільнили з-під варти" in p.replace(NB, " ") for p in text)


@needs_libreoffice
def test_libreoffice_never_breaks_a_line_after_a_lone_letters_hyphen(
    sample: Path, runner: CliRunner
) -> None:
    """Paragraphs that put «з-під» at every place of a line: LibreOffice breaks the lines of
    «зі-під» at its hyphen (so the layout does reach it), never those of «з-під»."""
    fillers = ["дім " * (k // 4) + "б" * (k % 4 + 1) for k in range(0, 96)]
    texts = [f"{filler} {word}під варти." for word in ("з-", "зі-") for filler in fillers]
    add_paragraphs(sample / "templates" / "appeal.docx", *texts)
    result = runner.invoke(
        main, ["build", "may-2020-joint", "--lang", "uk", "--pdf", "-w", str(sample)]
    )
    assert result.exit_code == 0, result.output
    pdf = sample / "out" / "may-2020-joint" / "may-2020-joint.uk.pdf"
    ends = [line.split()[-1] for line in pdf_text(pdf, "-raw").splitlines() if line.split()]
    assert "зі-" in ends
    assert "з-" not in ends


@pytest.mark.parametrize(("language", "quote"), [("en", '"'), ("uk", "'"), ("ru", '"')])
def test_a_line_of_more_quotes_than_are_searched_is_kept_as_typed(
    language: str, quote: str
) -> None:
    """A line's quotes are paired by a search that goes one call deeper for each mark: a
    line of hundreds of them (pasted data, not prose) raised RecursionError, a traceback
    for a user's text; it is kept as typed, as a line whose quotes do not pair is."""
    line = f"{quote}a{quote} " * 600
    assert typeset(line, language) == line


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # the sample's footnotes: the number keeps with its «№», not with the word after it
        (
            "en-GB",
            "document No 75728895 in the Unified State Register, Nos. 5 and 6",
            "document No~75728895 in the Unified State Register, Nos.~5 and 6",
        ),
        (
            "uk-UA",
            "документ № 75728895 у Єдиному державному реєстрі",
            "документ №~75728895 у~Єдиному державному реєстрі",
        ),
        (
            "ru-RU",
            "документ № 75728895 в Едином государственном реестре",
            "документ №~75728895 в~Едином государственном реестре",
        ),
        # typed on to its sign, as often in uk/ru, or after a lower-case "no."
        ("uk-UA", "документ №75728895 у реєстрі", "документ №75728895 у~реєстрі"),
        ("en-GB", "document no. 75728895 in the register", "document no. 75728895 in the register"),
        # an article's number still keeps with what it is the article of
        ("uk-UA", "ст. 3 Конвенції, № 5 від", "ст.~3~Конвенції, №~5 від"),
    ],
)
def test_the_word_after_a_documents_number_may_start_a_line(
    lang: str, text: str, expected: str
) -> None:
    """A document's number names it and counts nothing: "75728895 in" was kept on one line
    as if "in" were its unit, so the footnotes of the sample could break only before «№»."""
    assert typeset(text, lang) == _nb(expected)


def _alignment(source: Path | bytes, style_name: str) -> str | None:
    """The w:jc of a paragraph style of ``source`` (a .docx), None where it sets none."""
    root = etree.fromstring(docx_parts(source)["word/styles.xml"])
    for style in root.iter(f"{{{W}}}style"):
        name = style.find(f"{{{W}}}name")
        if name is not None and name.get(f"{{{W}}}val") == style_name:
            jc = style.find(f"{{{W}}}pPr/{{{W}}}jc")
            return None if jc is None else jc.get(f"{{{W}}}val")
    raise AssertionError(f"no style {style_name!r}")


@pytest.mark.parametrize("which", ["shipped", "letters init"])
def test_a_lists_items_are_justified_as_the_body_around_them(which: str) -> None:
    """The asks are part of the body, which the conventions justify (uk, ru; en too, in this
    template): the items were ragged, so a two-line item ended well short of the margin
    between two justified paragraphs («…і переглянути її справу» ␣␣␣ / «з урахуванням»)."""
    source = REPO / "templates" / "appeal.docx" if which == "shipped" else appeal_template_bytes()
    assert _alignment(source, "Body Text") == "both"
    for name in LISTS:
        assert _alignment(source, name) == "both", name
