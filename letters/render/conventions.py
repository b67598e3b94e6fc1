"""What an official letter does differently in each language, beyond its words.

The sentences of a letter are translated in the catalogs; the choices here are
not sentences: whether several addressees stand under a "To:" label or one
under another without one, how a list of asks is numbered, whether a surname in
a signature is written in capitals, which small numbers are written in words and
how they agree with the gender of the noun they count («два роки», «дві особи»).
Sources: ДСТУ 4163:2020 (uk), ГОСТ Р 7.0.97-2016 (ru), the EU Interinstitutional
Style Guide (en); ``../shared/letter-conventions.md`` in the project sums them up.

A language without an entry gets :data:`OTHER`: a "To:" list, items numbered
``1)``, surnames as written and numbers in figures — add its entry here when
letters are written in it.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from letters.people.declension import surname_in_capitals

__all__ = [
    "CONVENTIONS",
    "GENDERS",
    "OTHER",
    "Conventions",
    "conventions_for",
    "family_words",
    "in_words",
    "list_items",
    "signature_name",
    "signer_line",
]

GENDERS = {"m": "masculine", "f": "feminine", "n": "neuter"}
"""The grammatical genders a number in words agrees with, by the letter that asks for
each: ``{{ n|words('f') }}``."""


@dataclass(frozen=True)
class Conventions:
    """The choices of one language's official letters."""

    recipients_label: bool
    """Several addressees stand as a list under a "To:" label (en); otherwise each one's
    address block stands under the other's, with no label (a nominative label over
    datives does not agree: no «Адресати:»)."""

    item_marker: str
    """How an item of a list of lower-case items ending in ";" is numbered: ``{letter}``
    is a, b, c…, ``{number}`` is 1, 2, 3…: "(a)" in EU English, «1)» in uk and ru."""

    surname_capitals: bool
    """A signature writes the surname in capitals («Петрас АУШТРЯВІЧЮС», ДСТУ 4163:2020)."""

    number_words: tuple[str, ...] = ()
    """One to nine in words, as running text writes them ("three years"); where numbers
    agree with their noun's gender, the masculine forms («два роки»)."""

    gendered_words: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    """The forms of one to nine for a feminine (``f``) or neuter (``n``) noun where they
    are not the masculine ones («дві особи», «одне відділення»)."""

    note_before_period: bool = False
    """A footnote's mark stands before the full stop that ends its sentence («мирним¹.»,
    uk and ru typesetting), not after it ("peaceful.¹", English)."""

    paragraph_indent_cm: float = 0.0
    """The first line of a body paragraph ("Body Text") is indented: 1.25 cm in uk and ru;
    English sets block paragraphs."""

    centred_salutation: bool = False
    """The salutation ("Salutation") is centred («Шановний пане Денисе!»), as uk and ru
    letters customarily set it."""

    min_left_margin_cm: float = 0.0
    """The left margin is at least this wide (ДСТУ 4163:2020: 30 mm); a template's wider
    margin stays."""

    title_first: bool = False
    """Who signs for an organisation is given title first, with a capital, then the name
    («Директорка Олена КОВАЛЬ»: the signature of ДСТУ 4163:2020 and ГОСТ Р 7.0.97-2016
    is title, signature, name); otherwise name, then title ("Olena Koval, Director")."""


CONVENTIONS: dict[str, Conventions] = {
    "en": Conventions(
        recipients_label=True,
        item_marker="({letter})",
        surname_capitals=False,
        number_words=("one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
    ),
    "uk": Conventions(
        recipients_label=False,
        item_marker="{number})",
        surname_capitals=True,
        note_before_period=True,
        paragraph_indent_cm=1.25,
        centred_salutation=True,
        min_left_margin_cm=3.0,
        title_first=True,
        number_words=("один", "два", "три", "чотири", "п’ять", "шість", "сім", "вісім", "дев’ять"),
        gendered_words={"f": ("одна", "дві"), "n": ("одне", "два")},
    ),
    "ru": Conventions(
        recipients_label=False,
        item_marker="{number})",
        surname_capitals=False,
        note_before_period=True,
        paragraph_indent_cm=1.25,
        centred_salutation=True,
        min_left_margin_cm=2.0,  # ГОСТ Р 7.0.97-2016
        title_first=True,
        number_words=("один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"),
        gendered_words={"f": ("одна", "две"), "n": ("одно", "два")},
    ),
}
"""The conventions of each language the tool knows, by language code."""

OTHER = Conventions(recipients_label=True, item_marker="{number})", surname_capitals=False)
"""The conventions of a language :data:`CONVENTIONS` has no entry for."""


def conventions_for(language: str) -> Conventions:
    """The conventions of ``language`` (a code such as ``uk``)."""
    return CONVENTIONS.get(language, OTHER)


def in_words(number: int, language: str, gender: str = "m") -> str:
    """``number`` as running text writes it: one to nine in words where the language's
    entry lists them ("three", «три»), agreeing with a noun of ``gender`` (a key of
    :data:`GENDERS`: «одна», «дві» for ``f``); any other number in figures."""
    conventions = conventions_for(language)
    words = conventions.number_words
    if not (isinstance(number, int) and 1 <= number <= len(words)):
        return str(number)
    own = conventions.gendered_words.get(gender, ())
    return own[number - 1] if number <= len(own) else words[number - 1]


def list_items(items: Sequence[str], language: str) -> list[str]:
    """The items of a list of lower-case clauses, each with its number and punctuation:
    "(a) to suspend …;" … "(c) to ensure … ." in English, «1) зупинити …;» in Ukrainian.
    A clause's own final ";" or "." is replaced, so the data need not carry one."""
    marker = conventions_for(language).item_marker
    out = []
    for index, item in enumerate(items):
        text = str(item).rstrip().rstrip(";.").rstrip()
        letter = string.ascii_lowercase[index % 26] * (index // 26 + 1)
        end = "." if index == len(items) - 1 else ";"
        out.append(f"{marker.format(number=index + 1, letter=letter)} {text}{end}")
    return out


def signature_name(name: str, family: str | None, language: str) -> str:
    """``name`` as a signature writes it: the surname (``family``, or the last word of
    the name) in capitals where the language wants them («Петрас АУШТРЯВІЧЮС»), a particle
    in small letters before it left so («Анна де ФРІС»: :func:`surname_in_capitals`)."""
    if not conventions_for(language).surname_capitals:
        return name
    surname = family if family and family in name else name.split()[-1] if name else ""
    if not surname:
        return name
    start = name.rfind(surname)
    return name[:start] + surname_in_capitals(surname) + name[start + len(surname) :]


def family_words(name: str, families: Iterable[str]) -> str | None:
    """The surname in ``name`` where only the person's name parts in other languages give
    it (``families``, their family names): as many last words of ``name`` as those have —
    «Естебан Гонсалес Понс» after "González Pons" gives «Гонсалес Понс» — so a signature
    does not capitalise only its last word («Естебан Гонсалес ПОНС»). None where they do not
    agree on the count, or it is one word, or the name has no word left before it."""
    counts = {len(family.split()) for family in families if family.strip()}
    words = name.split()
    if len(counts) != 1 or (count := counts.pop()) < 2 or count >= len(words):
        return None
    return " ".join(words[-count:])


def signer_line(name: str, title: str, language: str) -> str:
    """Who signs for an organisation, as ``language``'s letters write it under the
    organisation's name: "Olena Koval, Director"; «Директорка Олена КОВАЛЬ» where the
    title comes first (:attr:`Conventions.title_first`)."""
    signed = signature_name(name, None, language)
    if not conventions_for(language).title_first:
        return f"{signed}, {title}"
    return f"{title[:1].upper()}{title[1:]} {signed}"
