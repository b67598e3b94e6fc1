"""A private text of a case typed again where a letter shows it: as a public text of
case.yaml or the person's name there (in any language: a private alias, a former name, written
as her name), or as a letter's subject, summary, framing or neutral salutation in letters.yaml.
Each is an error naming the public text's place and the private one's, never the value.

Two texts are the same when a reader would read the same words: Unicode compatibility forms
folded (a no-break space is a space), typographic apostrophes, quotation marks and dashes
taken as the plain ones, invisible format characters (a soft hyphen) dropped, every run of
white space one space, case ignored. A number's sign before its number is left out (``№12``,
``Nº12``, ``No. 12``, ``#12`` are ``12``); a sign that folds into letters is no part of a word, its
letters a word of their own (``Media™`` is ``Media TM``); a fraction's slash is a slash, and
a fraction after a number its part (``12½`` is ``12 1/2``). A digit written small or
enclosed right after a number (``12¹``, ``12₂``, ``12①``: a footnote's mark, a power) is no
part of it and is left out (``12¹ Shevchenko Street`` is ``12 Shevchenko Street``); after
no number it folds as any sign does (``km²`` is ``km2``). A private text that is
distinctive (two words or more, or a digit: see :mod:`letters.load.private_inside`) is also
found inside a longer public text, at word boundaries; a single word (a town, a common word)
only as the whole text, as ordinary public texts name a town a case keeps private. Who acted
in a private event is private only as part of its event, and found only as a whole text too.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from letters.errors import Problem
from letters.files.size_limits import read_stream_at_most
from letters.load.case_texts import UNSHOWN_FIELDS, CaseText, case_texts
from letters.load.models import Case, LettersFile
from letters.load.private_inside import LETTER_OR_DIGIT, Found, InsideIndex, distinctive
from letters.load.yamlio import Document, Loc, YamlProblem, format_loc
from letters.load.yamllimits import MAX_YAML_BYTES

if TYPE_CHECKING:
    from letters.load.loader import CaseEntry, LetterEntry

_PLAIN = str.maketrans(
    {
        **dict.fromkeys("\u2019\u2018\u02bc\u2032", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u00ab\u00bb", '"'),
        **dict.fromkeys([chr(c) for c in range(0x2010, 0x2016)] + ["\u2212"], "-"),
        "\u2044": "/",  # the fraction slash of ½ folded: a number's join, as a slash is
    }
)
"""Typographic apostrophes, quotation marks and dashes, as the plain ones they are read as."""

_ORDINALS = frozenset("\u00aa\u00ba")
"""The ordinal indicators ``ª`` and ``º``: letters the fold writes as ``a`` and ``o``, part of
the word before them (``Nº``, ``1º``), none of a word or number after (``Nº12`` is ``No 12``)."""


@functools.lru_cache(maxsize=4096)
def _fold(char: str) -> str:
    """``char`` folded (NFKC) on its own."""
    return unicodedata.normalize("NFKC", char)


def _apart(text: str) -> str:
    """``text`` with each sign the fold writes as letters (``№`` as ``No``, ``™``, ``℡``) so
    written, set off by a space from a letter or digit beside it: the sign is no part of a
    word, so its letters must not join one (``№12`` is ``No 12``, as ``№ 12`` is); an ordinal
    indicator (:data:`_ORDINALS`) is set off only from what follows it (``Nº12`` too); a
    fraction after a digit from that digit, as a mixed number is written (``12½`` is
    ``12 1/2``)."""
    if text.isascii():
        return text
    out: list[str] = []
    for i, char in enumerate(text):
        fold = _fold(char)
        if fold != char and "\u2044" in fold and i and _fold(text[i - 1])[-1:].isdigit():
            out.append(f" {fold}")  # a mixed number: 12½ is read as 12 1/2
            continue
        ordinal = char in _ORDINALS
        if not ordinal and (
            fold == char or LETTER_OR_DIGIT.match(char) or not LETTER_OR_DIGIT.search(fold)
        ):
            out.append(char)
            continue
        if (
            not ordinal
            and LETTER_OR_DIGIT.match(fold)
            and i
            and LETTER_OR_DIGIT.match(_fold(text[i - 1])[-1:])
        ):
            out.append(" ")
        out.append(fold)
        after = _fold(text[i + 1]) if i + 1 < len(text) else ""
        if LETTER_OR_DIGIT.match(fold[-1]) and LETTER_OR_DIGIT.match(after):
            out.append(" ")
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def _small_digit(char: str) -> bool:
    """Whether ``char`` is a digit written small or enclosed (``¹``, ``₂``, ``①``, ``⑴``):
    one the fold writes with a digit though it is no digit of normal size itself (as a
    full-width ``１`` is), and no fraction (``½`` is a number's part)."""
    fold = _fold(char)
    return (
        unicodedata.category(char) == "No"
        and any(c.isdigit() for c in fold)
        and "\u2044" not in fold
    )


def _marks_left_out(text: str) -> str:
    """``text`` without the small digits right after a number (``12¹``: a footnote's mark, a
    power, or one typed by mistake), which a reader reads apart from the number, not as its
    last digits (``12¹`` is no ``121``): the number stays itself, ``12¹ Shevchenko Street``
    the address ``12 Shevchenko Street``; what follows is set off by a space where it is a
    letter or digit (``1²3`` is ``1 3``). Small digits before a fraction's slash (``⁄``, or a
    plain ``/``) are no mark but a fraction's numerator, set off as ``12½`` is (``12³⁄₄`` and
    ``12³/₄`` are ``12 3/4``, not the building number ``12/4``)."""
    out: list[str] = []
    i = 0
    while i < len(text):
        end = i
        if i and text[i - 1].isdecimal():  # a digit of normal size, in any script
            while end < len(text) and _small_digit(text[end]):
                end += 1
        if end == i:
            out.append(text[i])
            i += 1
            continue
        if text[end : end + 1] in ("\u2044", "/"):  # 12³⁄₄, or typed 12³/₄ or 12³/4
            out.append(f" {text[i:end]}")  # a mixed number's fraction
        elif end < len(text) and LETTER_OR_DIGIT.match(_fold(text[end])[:1]):
            out.append(" ")
        i = end
    return "".join(out)


_NUMBER_SIGN = re.compile(r"(?:(?<![^\W_])(?:no\.?|n\u00b0)|#) ?(?=\d)")
"""A number's sign before its number, folded (``№``, ``Nº``, ``No.``, ``N°``, ``#``): left
out, as ``cell №12`` tells the same cell as ``cell 12``."""


@functools.lru_cache(maxsize=16384)  # a catalog's texts are looked up once for each case
def comparable(text: str) -> str:
    """``text`` as it is compared with a private one (see the module's docstring)."""
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    if not text.isascii():
        text = _marks_left_out(text)
    folded = unicodedata.normalize("NFKC", _apart(text)).translate(_PLAIN)
    folded = re.sub(r"\s+", " ", folded).strip().casefold()
    return _NUMBER_SIGN.sub("", folded)


WHOLE_ONLY_FIELDS = frozenset({"timeline[].authority"})
"""Private texts never looked for inside longer ones: who acted in a private event (a court,
a ministry) is private only as part of its event, and public events name it."""


class _Privates:
    """The case's private texts by their comparable form (the first of each), and those
    found inside longer texts too."""

    def __init__(self, texts: Iterable[CaseText]) -> None:
        self.whole: dict[str, CaseText] = {}
        self.inside: InsideIndex[CaseText] = InsideIndex()
        for text in texts:
            if not text.private:
                continue
            folded = comparable(text.text)
            self.whole.setdefault(folded, text)
            if distinctive(folded) and text.field not in WHOLE_ONLY_FIELDS:
                self.inside.add(folded, self.whole[folded])

    def find(self, text: str) -> tuple[CaseText, bool] | None:
        """The private text ``text`` is (True), or holds among other words (False)."""
        folded = comparable(text)
        if folded in self.whole:
            return self.whole[folded], True
        inside = self.inside.find(folded)
        return None if inside is None else (inside, False)


def private_copies(
    case: CaseEntry, letters: Iterable[LetterEntry], told: set[str]
) -> Iterator[Problem]:
    """Each public text of ``case`` a letter may show, the person's name in each language,
    and each text of its ``letters`` a letter shows, that is the same as a private text of
    the case or holds a distinctive one among other words (``told``: the places of aliases
    of private values already refused, not told again)."""
    urls = list(source_urls(case.case))
    texts = list(case_texts(case.case))
    privates = _Privates([*texts, *urls])
    if not privates.whole:
        return
    for text in [*texts, *urls]:
        if text.private or text.field in UNSHOWN_FIELDS:
            continue  # no letter shows who acted in an event, nor where she lives
        if {format_loc(text.loc), format_loc((*text.loc, "text"))} & told:
            continue
        yield from _copied(case, text.text, text.loc, privates, case.doc, "case")
    for lang, name in case.case.person.name.items():
        # no case text, yet every letter shows it: a private alias (a former name) in it
        loc: Loc = ("person", "name", lang)
        if format_loc(loc) not in told:
            yield from _copied(case, name, loc, privates, case.doc, "name")
    for letter in letters:
        for shown, loc in letter_shown_texts(letter):
            yield from _copied(case, shown, loc, privates, letter.doc, "letter")


def source_urls(case: Case) -> Iterator[CaseText]:
    """Each source's web address as a text, private with its source: a private record's
    address typed into a public text, or given to a public source, would reach a letter
    (a footnote shows a public source's address as it is)."""
    for index, source in enumerate(case.sources):
        yield CaseText(
            "sources[].url", ("sources", index, "url"), source.url, False, source.private
        )


def letter_shown_texts(letter: LetterEntry) -> Iterator[tuple[str, Loc]]:
    """The texts of a letter's definition compared with the case's private ones, with where
    each stands in letters.yaml: its subject, summary, framing and neutral salutation (not
    its place: the sender's city may be a city the case keeps private)."""
    d = letter.definition
    at: Loc = ("letters", letter.index)
    for field, text in (("subject", d.subject), ("summary", d.summary), ("framing", d.framing)):
        if text is not None:
            yield text, (*at, field)
    for lang, salutation in d.neutral_salutation.items():
        yield salutation, (*at, "neutral_salutation", lang)


_FIXES = {
    # where the public text is: who would read it, and the fix
    "case": ("a letter", "make this one private too, or delete it"),
    "letter": ("the letter", "write here what the letter may tell"),
    "name": (
        "every letter in '{lang}'",  # the name in one language: letters in that one show it
        "write here the name letters may show, or, if that name may be told, take off its"
        " private mark",
    ),
}


def _copied(
    case: CaseEntry,
    text: str,
    loc: Loc,
    privates: _Privates,
    doc: Document,
    kind: Literal["case", "letter", "name"],
) -> Iterator[Problem]:
    """The problem of a public ``text`` at ``loc`` of ``doc`` (a text of case.yaml, the
    person's name there or a text of a letters.yaml: ``kind``) that is, or holds among other
    words, a private text of ``case``."""
    hit = privates.find(text)
    if hit is None:
        return
    first, whole = hit
    private = f"the private one on line {case.doc.line_of(first.loc)}"
    if kind == "letter":
        private += f" of {case.label}"
    reader, fix = _FIXES[kind]
    reader = reader.format(lang=loc[-1])
    found = Found(f"{private} ({format_loc(first.loc)})", whole)
    relation = "the same text as" if whole else "holds the words of"
    yield Problem(
        doc.label,
        doc.line_of(loc),
        format_loc(loc),
        f"{relation} {found.said}, so {reader} would tell it; {found.fix(fix)}",
    )


def copies_in_one_file(
    path: Path, label: str, doc: Document, model: Case | LettersFile
) -> list[Problem]:
    """The problems :func:`private_copies` finds in one case.yaml or letters.yaml read on its
    own (as pybabel hands it over): a letters.yaml is compared with the case.yaml beside it
    (in ``path``'s folder) when that one is there and valid; a case.yaml refused is refused
    by its own extraction."""
    from letters.load.loader import CaseEntry, LetterEntry
    from letters.load.validation import validate
    from letters.load.yamlio import load_bytes

    if isinstance(model, Case):
        return list(private_copies(CaseEntry("", model, label, doc), [], set()))
    case_label = (Path(label).parent / "case.yaml").as_posix()
    try:
        with (path.parent / "case.yaml").open("rb") as stream:
            data = read_stream_at_most(stream, MAX_YAML_BYTES)
        if data is None:
            return []
        case_doc = load_bytes(data, case_label)
    except (OSError, YamlProblem):
        return []
    case, problems = validate(Case, case_doc)
    if case is None or problems:
        return []
    entry = CaseEntry("", case, case_label, case_doc)
    letters = [LetterEntry(d, "", label, doc, i) for i, d in enumerate(model.letters)]
    return list(private_copies(entry, letters, set()))
