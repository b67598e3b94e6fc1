"""One to nine in words agree with the gender of the noun they count (uk and ru).

«два роки» but «дві особи», «одне відділення»: the ``words`` filter writes the masculine
forms unless a template asks for another gender (``{{ n|words('f') }}``), or a translator
gives the gender of their language's noun by translating a message of its own
(``words(pgettext("…", "m"))``). An unknown gender is refused, named where it is used.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.render.conventions import in_words
from tests.conftest import NO_DRAFT_MARK, REPO, docx_text, files_under

WORDS = {
    ("uk", "m"): "один два три чотири п’ять шість сім вісім дев’ять",
    ("uk", "f"): "одна дві три чотири п’ять шість сім вісім дев’ять",
    ("uk", "n"): "одне два три чотири п’ять шість сім вісім дев’ять",
    ("ru", "m"): "один два три четыре пять шесть семь восемь девять",
    ("ru", "f"): "одна две три четыре пять шесть семь восемь девять",
    ("ru", "n"): "одно два три четыре пять шесть семь восемь девять",
}
ENGLISH = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


@pytest.mark.parametrize("number", range(1, 10))
@pytest.mark.parametrize(("lang", "gender"), list(WORDS), ids="-".join)
def test_a_number_agrees_with_the_gender_of_its_noun(lang: str, gender: str, number: int) -> None:
    assert in_words(number, lang, gender) == WORDS[lang, gender].split()[number - 1]


@pytest.mark.parametrize("gender", ["m", "f", "n"])
def test_english_and_a_language_without_an_entry_have_one_form(gender: str) -> None:
    assert [in_words(n, "en", gender) for n in range(1, 11)] == [*ENGLISH, "10"]
    assert in_words(2, "de", gender) == "2"
    assert in_words(10, "uk", gender) == "10"


FIRST = "{{ place }}, {{ date|date }}"
GENDERS = "'m' (masculine), 'f' (feminine), 'n' (neuter)"
EMAIL = REPO / "templates" / "appeal.email.txt"
GENDER_MESSAGE = 'pgettext("grammatical gender of the noun counted: person", "m")'
PERSONS = (
    '{{ ngettext("%(count)s person", "%(count)s persons", N, count=N|words('
    + GENDER_MESSAGE
    + ")) }}"
)


def _template(workspace: Path, *paragraphs: str) -> None:
    document = docx.Document()
    for text in (FIRST, *paragraphs):
        document.add_paragraph(text)
    document.save(str(workspace / "templates" / "appeal.docx"))


# The gender given is not quoted: it may be a value (the template's own is in its paragraph).
REFUSED = (
    f"the words filter's gender must be one of {GENDERS}, not another text (a gender a"
    " translation gives is translated as one of these letters)"
)


@pytest.mark.parametrize(
    ("paragraph", "email_line", "problem"),
    [
        (
            "{{ 2|words('x') }} persons",
            "",
            "templates/appeal.docx (word/document.xml, paragraph “{{ 2|words('x') }} persons”): "
            + REFUSED,
        ),
        (
            "{{ 2|words(gender='female') }}",
            "",
            "templates/appeal.docx (word/document.xml, paragraph “{{ 2|words(gender='female')"
            " }}”): " + REFUSED,
        ),
        (
            "",
            "{{ 2|words('F') }} persons",
            f"templates/appeal.email.txt:{len(EMAIL.read_text('utf-8').splitlines()) + 1}: "
            + REFUSED,
        ),
    ],
    ids=["letter", "letter-keyword", "email"],
)
def test_an_unknown_gender_is_refused_where_it_is_used(
    paragraph: str, email_line: str, problem: str, sample: Path, runner: CliRunner
) -> None:
    if paragraph:
        _template(sample, paragraph)
    if email_line:
        email = sample / "templates" / "appeal.email.txt"
        email.write_text(email.read_text("utf-8") + email_line + "\n", encoding="utf-8")
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert result.exit_code == 1, result.output
    said = f"Error: 1 problem in the letters; nothing was written:\n  {problem}\n"
    assert result.output == (NO_DRAFT_MARK if paragraph else "") + said  # the test's template
    assert files_under(sample / "out") == {}


# The gender of "person" in each language, given by its translator: «особа» is feminine,
# «лицо» neuter.
TRANSLATED = {
    "uk": ("f", ("%(count)s особа", "%(count)s особи", "%(count)s осіб")),
    "ru": ("n", ("%(count)s лицо", "%(count)s лица", "%(count)s лиц")),
}


def _translate(workspace: Path, lang: str, *, gender: bool = True) -> None:
    gender_text, forms = TRANSLATED[lang]
    entries = [
        '\n#, python-format\nmsgid "%(count)s person"\nmsgid_plural "%(count)s persons"\n'
        + "".join(f'msgstr[{i}] "{form}"\n' for i, form in enumerate(forms))
    ]
    if gender:
        entries.append(
            '\nmsgctxt "grammatical gender of the noun counted: person"\nmsgid "m"\n'
            f'msgstr "{gender_text}"\n'
        )
    po = workspace / "locales" / lang / "LC_MESSAGES" / "templates.po"
    po.write_text(po.read_text("utf-8") + "".join(entries), encoding="utf-8")


def _built(workspace: Path, runner: CliRunner, lang: str) -> list[str]:
    result = runner.invoke(main, ["build", "may-2020-joint", "--lang", lang, "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    return docx_text(workspace / "out" / "may-2020-joint" / f"may-2020-joint.{lang}.docx")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("uk", ["одна дві одне два два", "одна особа", "дві особи", "п’ять осіб"]),
        ("ru", ["одна две одно два два", "одно лицо", "два лица", "пять лиц"]),
        ("en", ["one two one two two", "one person", "two persons", "five persons"]),
    ],
)
def test_a_letter_writes_the_form_its_template_or_translation_asks_for(
    lang: str, expected: list[str], sample: Path, runner: CliRunner
) -> None:
    by_template = "{{ 1|words('f') }} {{ 2|words('f') }} {{ 1|words('n') }} {{ 2|words('n') }}"
    counted = [PERSONS.replace("N", str(n)) for n in (1, 2, 5)]
    _template(sample, by_template + " {{ 2|words }}", *counted)
    if lang in TRANSLATED:
        _translate(sample, lang)
    assert _built(sample, runner, lang)[1:5] == expected


def test_an_untranslated_gender_leaves_a_draft_masculine_and_listed(
    sample: Path, runner: CliRunner
) -> None:
    _template(sample, PERSONS.replace("N", "2"))
    _translate(sample, "uk", gender=False)
    result = runner.invoke(main, ["build", "may-2020-joint", "--lang", "uk", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert "'m' (context 'grammatical gender of the noun counted: person') has no" in (
        result.output
    )
    lines = docx_text(sample / "out" / "may-2020-joint" / "may-2020-joint.uk.docx")
    assert lines[1] == "два особи"
