"""Each language's own letter conventions: lists, numbers, signatures, layout, footnote marks.

The choices themselves are in letters/render/conventions.py; these tests read the sample's
rendered letters back to see them made.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from lxml import etree

from letters.load.loader import load_checked
from letters.plan import Job, plan
from letters.render.approval import addressee_lines
from letters.render.closing import closing_message
from letters.render.conventions import in_words, list_items, signature_name, signer_line
from letters.render.renderer import Renderer
from tests.conftest import REPO, docx_parts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TWO_ASKS = ["to suspend the proceedings;", "to review her case."]


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["(a) to suspend the proceedings;", "(b) to review her case."]),
        ("uk", ["1) to suspend the proceedings;", "2) to review her case."]),
        ("de", ["1) to suspend the proceedings;", "2) to review her case."]),  # no entry
    ],
)
def test_a_list_is_numbered_and_punctuated_as_the_language_does(
    lang: str, expected: list[str]
) -> None:
    assert list_items(TWO_ASKS, lang) == expected


@pytest.mark.parametrize(
    ("number", "lang", "written"),
    [(3, "en", "three"), (3, "uk", "три"), (5, "ru", "пять"), (10, "en", "10"), (3, "de", "3")],
)
def test_numbers_under_ten_are_words(number: int, lang: str, written: str) -> None:
    assert in_words(number, lang) == written


def test_a_ukrainian_signature_writes_the_surname_in_capitals() -> None:
    assert signature_name("Петрас Ауштрявічюс", None, "uk") == "Петрас АУШТРЯВІЧЮС"
    assert signature_name("Ларс Патрік Берг", "Берг", "uk") == "Ларс Патрік БЕРГ"
    assert signature_name("Анна де Фріс", "де Фріс", "uk") == "Анна де ФРІС"  # a particle
    assert signature_name("Петрас Ауштрявичюс", None, "ru") == "Петрас Ауштрявичюс"


def test_a_surname_of_two_words_given_only_in_english_is_capitalised_whole(
    sample: Path,
) -> None:
    """A signatory with parts only in English ("González Pons") signs a Ukrainian letter
    with both words of the surname in capitals, not only the last («Гонсалес ПОНС»)."""
    meps = sample / "recipients" / "meps.yaml"
    text = meps.read_text(encoding="utf-8")
    berg = (
        "      en: Lars Patrick Berg\n      uk: Ларс Патрік Берг\n      ru: Ларс Патрик Берг\n"
        "    parts:\n      en: {given: Lars Patrick, family: Berg}\n"
    )
    assert berg in text
    meps.write_text(
        text.replace(
            berg,
            "      en: Esteban González Pons\n      uk: Естебан Гонсалес Понс\n"
            "      ru: Эстебан Гонсалес Понс\n"
            "    parts:\n      en: {given: Esteban, family: González Pons}\n",
        ),
        encoding="utf-8",
    )
    signed = {
        lang: etree.fromstring(_letter(sample, lang)["word/document.xml"]).xpath("string(.)")
        for lang in ("uk", "ru")
    }
    assert "Естебан ГОНСАЛЕС ПОНС (ID, Німеччина)" in signed["uk"]
    assert "Эстебан Гонсалес Понс (ID, Германия)" in signed["ru"]
    assert signature_name("Естебан Гонсалес Понс", None, "uk") == "Естебан Гонсалес ПОНС"


@pytest.mark.parametrize(
    ("code", "lang", "said"),
    [
        ("NL", "en", "We would recall that the Netherlands is a party to"),
        ("BA", "en", "We would recall that Bosnia and Herzegovina is a party to"),
        ("KN", "en", "We would recall that Saint Kitts and Nevis is a party to"),
        ("CD", "en", "that the Democratic Republic of the Congo is a party to"),
        ("CD", "uk", "що Демократична Республіка Конго є стороною"),
        ("UA", "en", "We would recall that Ukraine is a party to"),
        # a Russian verb agrees with a plural name; Ukrainian «є» and English "is" do not change
        ("NL", "ru", "Напоминаем, что Нидерланды являются стороной таких"),
        ("US", "ru", "Напоминаем, что Соединенные Штаты являются стороной"),
        ("NL", "uk", "Нагадуємо, що Нідерланди є стороною таких"),
        ("PH", "en", "We would recall that the Philippines is a party to"),
        ("UA", "ru", "Напоминаем, что Украина является стороной таких"),
        ("TT", "ru", "Напоминаем, что Тринидад и Тобаго является стороной"),
        # islands written out, not «Соломоновы о-ва»
        ("SB", "ru", "Напоминаем, что Соломоновы Острова являются стороной"),
        ("FO", "ru", "Напоминаем, что Фарерские острова являются стороной"),
    ],
)
def test_the_state_a_letter_invokes_is_named_as_running_text_names_it(
    sample: Path, code: str, lang: str, said: str
) -> None:
    """Babel's labels ("Netherlands", "Bosnia & Herzegovina", "Congo - Kinshasa") are not
    what a sentence says: "We would recall that the Netherlands is a party to …"."""
    letters = sample / "cases" / "akhmetova" / "letters.yaml"
    text = letters.read_text(encoding="utf-8")
    letters.write_text(text.replace("state: UA", f"state: {code}", 1), encoding="utf-8")
    body = etree.fromstring(_letter(sample, lang)["word/document.xml"]).xpath("string(.)")
    assert said in body.replace("\u00a0", " ")


ONE_TREATY = {
    "ru": "Конвенция ООН против пыток — международный договор, стороной которого",
    "uk": "Конвенція ООН проти катувань — міжнародний договір, стороною якого",
}


@pytest.mark.parametrize(
    ("state", "lang", "said"),
    [
        ("UA", "ru", f"Напоминаем, что {ONE_TREATY['ru']} является Украина."),
        ("NL", "ru", f"Напоминаем, что {ONE_TREATY['ru']} являются Нидерланды."),
        ("UA", "uk", f"Нагадуємо, що {ONE_TREATY['uk']} є Україна."),
        ("NL", "uk", f"Нагадуємо, що {ONE_TREATY['uk']} є Нідерланди."),
        (
            "UA",
            "en",
            "We would recall that Ukraine is a party to the UN Convention against Torture.",
        ),
        (
            "NL",
            "en",
            "We would recall that the Netherlands is a party to the UN Convention against Torture.",
        ),
        (
            None,
            "ru",
            "Для этого дела имеет значение следующий международный договор:"
            " Конвенция ООН против пыток.",
        ),
        (
            None,
            "uk",
            "Для цієї справи має значення такий міжнародний договір: Конвенція ООН проти катувань.",
        ),
        (
            None,
            "en",
            "The following international instrument is relevant to this case:"
            " the UN Convention against Torture.",
        ),
    ],
    ids=[f"{state}-{lang}" for lang in ("ru", "uk", "en") for state in ("UA", "NL")]
    + ["no-state-ru", "no-state-uk", "no-state-en"],
)
def test_one_instrument_is_named_in_a_sentence_not_as_a_list(
    sample: Path, state: str | None, lang: str, said: str
) -> None:
    """One treaty cited was written as a list of one: «является стороной таких международных
    договоров, как Конвенция ООН против пыток», "The following international instruments are
    relevant …: the UN Convention against Torture." One takes a sentence of its own, its
    name in the nominative as the case's catalog gives it."""
    letters = sample / "cases" / "akhmetova" / "letters.yaml"
    text = letters.read_text(encoding="utf-8")
    text = text.replace("instruments: [cat, iccpr, refugees, echr]", "instruments: [cat]", 1)
    state_line = "    state: UA  # the instruments are named as binding Ukraine\n"
    assert state_line in text
    text = text.replace(state_line, f"    state: {state}\n" if state else "", 1)
    letters.write_text(text, encoding="utf-8")
    body = etree.fromstring(_letter(sample, lang)["word/document.xml"]).xpath("string(.)")
    body = body.replace("\u00a0", " ")
    assert said in body
    for listed in ("таких міжнародних", "таких международных", "договоров:", "договорів:"):
        assert listed not in body
    assert "instruments are" not in body


@pytest.mark.parametrize(
    ("name", "title", "lang", "line"),
    [
        ("Olena Koval", "Director", "en", "Olena Koval, Director"),
        ("Олена Коваль", "директорка", "uk", "Директорка Олена КОВАЛЬ"),
        ("Ольга Коваль", "исполнительный директор", "ru", "Исполнительный директор Ольга Коваль"),
    ],
)
def test_who_signs_for_an_organisation_is_written_as_the_language_signs(
    name: str, title: str, lang: str, line: str
) -> None:
    """uk and ru signatures put the title first, with its capital (ДСТУ 4163:2020, ГОСТ Р
    7.0.97-2016); English puts it after the name."""
    assert signer_line(name, title, lang) == line


def _letter(sample: Path, lang: str) -> dict[str, bytes]:
    ws = load_checked(sample)
    job = plan(ws, ["may-2020-joint"], [lang]).jobs[0]
    data, problems = Renderer(ws).render(job, draft="0000-TEST")
    assert data is not None, problems
    return docx_parts(data)


def _style_ppr(styles: etree._Element, style_id: str) -> etree._Element:
    found = styles.find(f"{w('style')}[@{w('styleId')}='{style_id}']/{w('pPr')}")
    assert found is not None, style_id
    return found


@pytest.mark.parametrize(
    ("lang", "indent", "salutation", "left"),
    [("en", None, None, 1417), ("uk", "709", "center", 1701), ("ru", "709", "center", 1417)],
)
def test_each_language_gets_its_layout(
    sample: Path, lang: str, indent: str | None, salutation: str | None, left: int
) -> None:
    """uk/ru: a 1.25 cm first-line indent and a centred salutation; uk: a 30 mm left margin
    (ДСТУ 4163:2020); English: block paragraphs, as the template has them."""
    parts = _letter(sample, lang)
    styles = etree.fromstring(parts["word/styles.xml"])
    body = _style_ppr(styles, "BodyText").find(w("ind"))
    assert (body.get(w("firstLine")) if body is not None else None) == indent
    centred = _style_ppr(styles, "Salutation").find(w("jc"))
    assert (centred.get(w("val")) if centred is not None else None) == salutation
    document = etree.fromstring(parts["word/document.xml"])
    (margins,) = document.iter(w("pgMar"))
    assert int(margins.get(w("left"))) == left


def _text_around_notes(parts: dict[str, bytes]) -> list[tuple[str, str]]:
    """For each footnote reference of the body: the text just before it and just after."""
    body = etree.fromstring(parts["word/document.xml"])
    found = []
    for paragraph in body.iter(w("p")):
        pieces: list[str] = []
        for element in paragraph.iter(w("t"), w("footnoteReference")):
            pieces.append("\x00" if element.tag == w("footnoteReference") else element.text or "")
        joined = "".join(pieces)
        for at, char in enumerate(joined):
            if char == "\x00":
                found.append((joined[max(0, at - 6) : at], joined[at + 1 : at + 3]))
    return found


def test_a_footnote_mark_stands_before_the_full_stop_in_uk_and_after_it_in_en(
    sample: Path,
) -> None:
    uk = _text_around_notes(_letter(sample, "uk"))
    assert uk[0] == ("мирним", ".")  # «…назвав цей рух мирним¹.»
    assert all(not before.endswith(".") for before, _after in uk)
    en = _text_around_notes(_letter(sample, "en"))
    assert en[0] == ("ceful.", "")  # "…described the movement as peaceful.¹"


def test_page_numbers_stand_at_the_top_from_the_second_page(sample: Path) -> None:
    parts = _letter(sample, "en")
    document = etree.fromstring(parts["word/document.xml"])
    section = next(document.iter(w("sectPr")))
    assert section.find(w("titlePg")) is not None  # the first page has its own header
    kinds = {
        ref.get(w("type")): ref.get(
            "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
        )
        for ref in section.iter(w("headerReference"))
    }
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    target = {rel.get("Id"): rel.get("Target") for rel in rels}
    default = parts["word/" + target[kinds["default"]]].decode()
    first = parts["word/" + target[kinds["first"]]].decode()
    assert "PAGE" in default and "PAGE" not in first
    assert "DRAFT" in default and "DRAFT" in first
    for footer in (name for name in parts if name.startswith("word/footer")):
        assert "PAGE" not in parts[footer].decode()


def _minister_replaced(sample: Path, entry: str) -> None:
    """The sample with the minister of justice's directory entry replaced by ``entry``: the
    forms it does not type are derived, as for someone newly added."""
    officials = sample / "recipients" / "officials.yaml"
    text = officials.read_text(encoding="utf-8")
    start = text.index("  - id: maliuska\n")
    end = text.index("  - id: venediktova\n")
    officials.write_text(text[:start] + entry + "\n" + text[end:], encoding="utf-8")


def _derived_minister(gender: str, country: str, language: str, names: dict[str, str]) -> str:
    """A directory entry for the minister that types no address or salutation, only the
    ``names`` ("given family", by language) and the parts they split into."""
    parts = "\n".join(
        f"      {lang}: {{given: {given}, family: {family}}}"
        for lang, (given, family) in ((k, v.split(" ", 1)) for k, v in names.items())
    )
    return (
        f"  - id: maliuska\n    gender: {gender}\n    language: {language}\n"
        f"    country: {country}\n    tags: [may-2020, ukraine]\n"
        "    name: {" + ", ".join(f"{k}: {v}" for k, v in names.items()) + "}\n"
        f"    parts:\n{parts}\n"
        "    roles:\n      - from: 2019-08-29\n"
        "        title: {en: Minister of Justice of Ukraine, uk: Міністр юстиції України,"
        " ru: Министр юстиции Украины}\n"
        "        institution: {en: Ministry of Justice of Ukraine,"
        " uk: Міністерство юстиції України, ru: Министерство юстиции Украины}\n"
        "        title_dative: {uk: Міністрові юстиції України, ru: Министру юстиции Украины}\n"
    )


def _own_letter(sample: Path) -> list[str]:
    """The lines of the minister's own letter, in the language they read."""
    ws = load_checked(sample)
    (job,) = [
        job
        for job in plan(ws, ["may-2020-extradition"]).jobs
        if job.recipient and job.recipient.person.id == "maliuska"
    ]
    data, problems = Renderer(ws).render(job, draft="0000-TEST")
    assert data is not None, problems
    body = etree.fromstring(docx_parts(data)["word/document.xml"])
    lines: list[str] = []
    for paragraph in body.iter(w("p")):
        text = "".join(
            "\n" if e.tag == w("br") else e.text or "" for e in paragraph.iter(w("t"), w("br"))
        )
        lines.extend(text.replace("\u00a0", " ").split("\n"))
    return lines


@pytest.mark.parametrize(
    ("gender", "country", "language", "names", "lines"),
    [
        # the particle of a surname stands before it, in small letters (Правопис 2019), so
        # the capitals of «Ім'я ПРІЗВИЩЕ» leave it so
        (
            "female",
            "NL",
            "uk",
            {"en": "Anne de Vries", "uk": "Анна де Фріс", "ru": "Анна де Фрис"},
            ["Анні де ФРІС", "Шановна пані Анно!"],
        ),
        # English writes the particle as the name does: the Dutch capital when no given name
        # precedes ("mevrouw De Vries") is Dutch text's rule, and a Belgian's particle has its
        # capital everywhere
        (
            "female",
            "NL",
            "en",
            {"en": "Anne de Vries", "uk": "Анна де Фріс", "ru": "Анна де Фрис"},
            ["Ms Anne de Vries", "Dear Ms de Vries,"],
        ),
        (
            "male",
            "BE",
            "en",
            {"en": "Pieter Van Damme"},
            ["Mr Pieter Van Damme", "Dear Mr Van Damme,"],
        ),
        # Правопис 2019 § 87 gives «Олеже (й Олегу)»: the form it names first
        (
            "male",
            "UA",
            "uk",
            {"en": "Oleh Hordii", "uk": "Олег Гордій", "ru": "Олег Гордий"},
            ["Олегу ГОРДІЮ", "Шановний пане Олеже!"],
        ),
    ],
    ids=["uk-particle", "en-dutch-particle", "en-belgian-particle", "uk-vocative-oleh"],
)
def test_a_derived_name_is_addressed_and_greeted_as_the_language_writes_it(
    sample: Path,
    gender: str,
    country: str,
    language: str,
    names: dict[str, str],
    lines: list[str],
) -> None:
    _minister_replaced(sample, _derived_minister(gender, country, language, names))
    paragraphs = _own_letter(sample)
    assert [line for line in lines if line not in paragraphs] == [], paragraphs[:12]


def test_the_sample_sends_its_e_mails_under_its_letterhead_name() -> None:
    """A reader sees the sender's name in the letterhead and in the e-mail's From: it is one
    name, capitalised as the EU English Style Guide capitalises the name of a body."""
    from email.utils import parseaddr

    ws = load_checked(REPO)
    assert ws.config.email_from is not None and ws.config.letterhead is not None
    name, _address = parseaddr(ws.config.email_from)
    assert name == ws.config.letterhead.name["en"]


@pytest.mark.parametrize(
    ("salutation", "closing"),
    [
        ("Dear Sir or Madam,", "Yours faithfully,"),
        ("Dear Sir/Madam,", "Yours faithfully,"),
        ("Dear Sirs,", "Yours faithfully,"),
        ("dear madam", "Yours faithfully,"),
        ("To whom it may concern:", "Yours faithfully,"),
        ("Dear Minister,", "Yours sincerely,"),  # a known holder, greeted by their title
        ("Dear Mr Maliuska,", "Yours sincerely,"),
        ("Dear Sir Keir,", "Yours sincerely,"),  # a knight, named
        ("Dear colleagues,", "Yours sincerely,"),
        ("Шановні пані та панове!", "Yours sincerely,"),  # translated alike in uk, ru
        ("", "Yours sincerely,"),  # an e-mail's "Dear colleagues,"
    ],
)
def test_an_english_letter_closes_as_its_salutation_greets(salutation: str, closing: str) -> None:
    """The EU Interinstitutional Style Guide: "Yours faithfully," after a salutation that
    names no one, "Yours sincerely," after one that names or knows its addressee."""
    assert closing_message(salutation) == closing


def _in_english(sample: Path, unnamed: bool) -> None:
    """The sample with the minister and the prosecutor general reading English, the
    minister greeted "Dear Sir or Madam," if ``unnamed``."""
    officials = sample / "recipients" / "officials.yaml"
    text = officials.read_text(encoding="utf-8")
    for who in ("maliuska", "venediktova"):
        start = text.index(f"  - id: {who}\n")
        text = text[:start] + text[start:].replace("language: uk", "language: en", 1)
    if unnamed:
        assert text.count("en: Dear Minister,") == 1
        text = text.replace("en: Dear Minister,", "en: Dear Sir or Madam,")
    officials.write_text(text, encoding="utf-8")


def test_each_recipient_gets_the_closing_their_salutation_asks_for(sample: Path) -> None:
    """A recipient greeted "Dear Sir or Madam," gets "Yours faithfully," in the letter and
    in the e-mail that carries it, a named one "Yours sincerely,"; the draft signatories
    approve shows a placeholder where the two differ, and each recipient's closing is
    among the lines its version covers, as their salutation is."""
    _in_english(sample, unnamed=True)
    ws = load_checked(sample)
    renderer = Renderer(ws)
    letter = ws.letters["may-2020-extradition"]
    jobs = {job.recipient.person.id: job for job in plan(ws, [letter.id]).jobs if job.recipient}
    for who, greeting, closing in [
        ("maliuska", "Dear Sir or Madam,", "Yours faithfully,"),
        ("venediktova", "Dear Prosecutor General,", "Yours sincerely,"),
    ]:
        data, problems = renderer.render(jobs[who], draft="0000-TEST")
        assert data is not None, problems
        shown = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
        closings = [text for text in shown if text.startswith("Yours ")]
        assert (greeting in shown, closings) == (True, [closing]), shown
        _subject, body = renderer.emails.text(jobs[who])
        lines = body.splitlines()
        assert [line for line in lines if line.startswith(("Dear ", "Yours "))] == [
            greeting,
            closing,
        ], body
    draft, problems = renderer.render(Job(letter, "en"), draft="0000-TEST", placeholder=True)
    assert draft is not None, problems
    shown = [p.text for p in docx.Document(io.BytesIO(draft)).paragraphs]
    assert "[recipient: closing]" in shown, shown
    preview = renderer.emails.preview(letter, "en")
    assert isinstance(preview, tuple) and "[recipient: closing]" in preview[1], preview
    listed = addressee_lines(renderer.contexts, ws, letter, "en")
    assert listed["maliuska"].endswith(" | Dear Sir or Madam, | Yours faithfully,")
    assert listed["venediktova"].endswith(" | Dear Prosecutor General, | Yours sincerely,")


@pytest.mark.parametrize(
    ("lang", "closing"), [("en", "Yours sincerely,"), ("uk", "З повагою"), ("ru", "С уважением")]
)
def test_a_draft_shows_the_closing_its_recipients_share(
    sample: Path, lang: str, closing: str
) -> None:
    """Where every recipient of a letter in a language closes alike, its draft shows that
    closing, not a placeholder: both greeted by their titles in English, or in uk and ru,
    which close «З повагою», «С уважением» whatever the salutation (the minister's English
    one is "Dear Sir or Madam," there)."""
    officials = sample / "recipients" / "officials.yaml"
    text = officials.read_text(encoding="utf-8").replace("language: uk", f"language: {lang}")
    if lang != "en":
        text = text.replace("en: Dear Minister,", "en: Dear Sir or Madam,")
    officials.write_text(text, encoding="utf-8")
    ws = load_checked(sample)
    letter = ws.letters["may-2020-extradition"]
    draft, problems = Renderer(ws).render(Job(letter, lang), draft="0000-TEST", placeholder=True)
    assert draft is not None, problems
    shown = [p.text.replace("\u00a0", " ") for p in docx.Document(io.BytesIO(draft)).paragraphs]
    assert closing in shown and "[recipient: closing]" not in shown, shown
