"""Cross-language consistency: what an English text says exactly, its translation must keep.

A translator may reword anything, but the facts a reader could check — a URL, an
e-mail address, a number, a case number, a date, a name kept in Latin script —
must survive translation. :func:`english_tokens` finds them in an English text;
:func:`lacking` says which of them a translation in a given Babel locale does
not have, in any of the forms that locale writes them in.

What counts, and what is deliberately not checked (to keep false alarms near zero):

- **URLs and e-mail addresses** must appear exactly as in the English (trailing
  sentence punctuation is not part of them).
- **Numbers** of 10 and more must appear with the same value: written plainly
  (``12500``), grouped with the locale's separator or any space (``12 500`` in uk
  and ru), with the locale's decimal sign (``3,5``). The English grouping
  (``12,500``) is not accepted where the locale's separator differs, since there it
  reads as another number. Whole numbers under ten are not checked: style guides
  write them in words. A range (``2017–2018``) is checked number by number.
- **Case numbers and other compound numbers** — digits joined by ``/``, ``:`` or
  several dots (``855/20441/17``, ``16/12``, ``10:30``), and any number after
  ``No.``, ``Nos.`` or ``№`` — must appear as written (any dash counts as a dash).
- **Dates** written in English (``18 October 2017``, ``October 18, 2017``,
  ``October 2017``, ``18 October``) must stand together in the translation: a word
  for the month within three words of the day and the year. A word for a month is
  any of Babel's names of it (format or stand-alone, wide or abbreviated: uk
  «жовтня», «жовтень», «жовт.»), or a word that starts with what Babel's wide names
  share and ends in at most three more letters (uk «жовтні», ru «октябре»: the
  grammatical cases Babel does not list). A numeric date (``18.10.2017``) counts for
  the whole date; one the English writes so (day first) is a date too, which the
  translation may write in words. A month with neither day nor year (``in May``) is not checked:
  ``May`` is a word too. A year alone (``in 2009``) is a number.
- **Names** are transliterated (Akhmetova is Ахметова), which this check cannot
  judge, so only a name written in Latin script in a translation mainly in another
  script is checked: capitalised Latin words next to each other (``Facebook``,
  ``Minsk Street Notes``), not a lone first word of a sentence, that the same catalog
  keeps in Latin script, as a whole, in some translation whose English has them too.
  A name is the whole run of such words: a channel ``Minsk Street Notes`` kept in
  Latin does not make the city ``Minsk`` of another text one (its translation writes
  «Мінськ»). A name dropped from its only text is therefore not noticed.

A plural's forms are each checked against the English of the counts they are printed
for (:func:`letters.i18n.plural_forms.forms_lacking`).

Only presence is checked, never how often: "in 2017 … in June 2017" may be
translated with "that year" the second time. Words the translation adds are never
a problem.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

__all__ = ["Token", "english_tokens", "kept_names", "lacking"]

_SPACES = re.compile(r"[\u00a0\u2002-\u200a\u202f\u205f\u3000]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"«»“”]+", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PLACEHOLDER = re.compile(r"%\(\w+\)[#0 +-]*\d*(?:\.\d+)?[hlL]?[a-zA-Z]|%%")
_TRAILING = ".,;:!?)]}'\"’”»"

_EN = Locale.parse("en")
_MONTHS = {
    name.rstrip("."): number
    for width in ("wide", "abbreviated")
    for number, name in _EN.months["format"][width].items()
} | {"Sep": 9}
_MONTH = "(?P<{}>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{}>\d{{1,2}})(?:st|nd|rd|th)?"
DATE = re.compile(
    r"(?<![\w/.-])(?:"
    + _DAY.format("d1")
    + r"\s+(?:of\s+)?"
    + _MONTH.format("m1")
    + r"(?:,?\s+(?P<y1>\d{4}))?"
    + "|"
    + _MONTH.format("m2")
    + r"\s+"
    + _DAY.format("d2")
    + r"(?:,?\s+(?P<y2>\d{4}))?(?![\d:])"
    + "|"
    + _MONTH.format("m3")
    + r",?\s+(?P<y3>\d{4})"
    + r")(?![\w/-])"
)
# A number as English writes it: grouped by commas (12,500.5), or digits joined by
# separators (16/12, 3.5, 2017-2018, 10:30). Digits glued to letters (G20) are a word.
NUMBER = re.compile(r"(?<![^\W_])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[./:-]\d+)*)(?!\d)")
UNCLEAR_DATE = "date in digits, its day and month unclear"  # 05/06/2020: see _numeric_date
CASE_PREFIX = re.compile(r"(?:\bNos?\.|№)\s*$")
CENTURY = re.compile(r"^(?:st|nd|rd|th)\s+centur")
WORD = re.compile(r"[^\W\d_]+")
PIECE = re.compile(r"\d+|[^\W\d_]+")  # the words and numbers of a text


@dataclass(frozen=True)
class Token:
    """One thing of an English text that its translation must keep.

    ``kind`` is what it is, as a message names it: ``URL``, ``e-mail address``,
    ``number``, ``year``, ``case number``, ``date``, :data:`UNCLEAR_DATE` or ``name``. A
    date has its ``day``, ``month`` (1–12) and ``year`` where the English gives them.
    """

    text: str
    kind: str
    day: int | None = None
    month: int | None = None
    year: int | None = None

    def described(self) -> str:
        """``"2018" (a year)``: the token as a message shows it."""
        article = "an" if self.kind[0] in "aeiou" else "a"
        return f'"{self.text}" ({article} {self.kind})'


def _normal(text: str) -> str:
    """Every kind of space a single space, every kind of dash a hyphen."""
    return _DASHES.sub("-", _SPACES.sub(" ", text))


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def english_tokens(english: str) -> list[Token]:
    """The URLs, e-mail addresses, dates, numbers and case numbers of an English text,
    in the order they come (names are found by :func:`lacking`, which knows the catalog)."""
    text = PLACEHOLDER.sub(lambda m: " " * len(m.group()), _normal(english))
    found: list[tuple[int, Token]] = []
    for pattern, kind in ((URL, "URL"), (EMAIL, "e-mail address")):
        for match in pattern.finditer(text):
            value = match.group().rstrip(_TRAILING)
            found.append((match.start(), Token(value, kind)))
            text = _blank(text, match.start(), match.end())
    for match in DATE.finditer(text):
        parts = match.groupdict()
        day = parts["d1"] or parts["d2"]
        year = parts["y1"] or parts["y2"] or parts["y3"]
        month = _MONTHS[parts["m1"] or parts["m2"] or parts["m3"]]
        if day is not None and not 1 <= int(day) <= 31:
            continue
        token = Token(
            match.group(),
            "date",
            int(day) if day else None,
            month,
            int(year) if year else None,
        )
        found.append((match.start(), token))
        text = _blank(text, match.start(), match.end())
    for match in NUMBER.finditer(text):
        found += [(match.start(), t) for t in _numbers(text, match)]
    return [token for _start, token in sorted(found, key=lambda pair: pair[0])]


def _numbers(text: str, match: re.Match[str]) -> list[Token]:
    value = match.group()
    if CASE_PREFIX.search(text[: match.start()]):
        return [Token(value, "case number")]
    if "/" in value or ":" in value or value.count(".") > 1:
        return [_numeric_date(value) or Token(value, "number")]
    if CENTURY.match(text[match.end() :]):
        return []  # "21st century" is written in Roman numerals in many languages
    parts = value.split("-")
    if len(parts) > 1:  # a range: each end on its own
        return [t for part in parts for t in _plain(part)]
    return _plain(value)


def _numeric_date(value: str) -> Token | None:
    """A date written in digits, as a date: its translation may write it as the language
    writes dates («21 травня 2020 р.») or keep the digits; None if ``value`` is no such date
    (``31.02.2020``, ``1.2.3``). With dots (``21.05.2020``) the day is first, as in Europe;
    with slashes the day comes first in Britain (``21/05/2020``) and the month in the United
    States (``05/21/2020``), so a part over 12 says which is the day. Where both could be
    (``05/06/2020``: 5 June or May 6) it is a date of unclear day and month, kept exactly
    as written: a translation naming its month would name one the author may not mean."""
    found = re.fullmatch(r"(\d{1,2})([./])(\d{1,2})\2(\d{4})", value)
    if found is None:
        return None
    first, sign, second, year = found.groups()
    day, month = int(first), int(second)
    if sign == "/" and day <= 12 and month > 12:
        day, month = month, day
    elif sign == "/" and day != month and max(day, month) <= 12:
        return Token(value, UNCLEAR_DATE)
    try:
        dt.date(int(year), month, day)
    except ValueError:
        return None
    return Token(value, "date", day, month, int(year))


def _plain(value: str) -> list[Token]:
    if value.isdigit() and int(value) < 10:
        return []
    year = re.fullmatch(r"(?:1[89]|20)\d\d", value) is not None
    return [Token(value, "year" if year else "number")]


@dataclass(frozen=True)
class _LocaleForms:
    """How one locale writes numbers and month names."""

    group: str
    decimal: str
    months: dict[str, int]  # every Babel name of a month, lower case, without a final dot
    stems: dict[str, int]  # what the wide names of a month share, lower case


@lru_cache(maxsize=32)
def _forms(locale: str) -> _LocaleForms:
    loc = Locale.parse(locale)
    months: dict[str, int] = {}
    stems: dict[str, int] = {}
    for number in range(1, 13):
        wide = []
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                name = loc.months[context][width][number].lower().rstrip(".")
                months.setdefault(name, number)
                if width == "wide":
                    wide.append(name)
        stem = _common_prefix(wide)
        if len(stem) >= 2:
            stems[stem] = number
    group, decimal = get_group_symbol(loc), get_decimal_symbol(loc)
    return _LocaleForms(_normal(group), _normal(decimal), months, stems)


def _common_prefix(words: list[str]) -> str:
    first, last = min(words), max(words)
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    return first[:size]


def _month_of(word: str, forms: _LocaleForms) -> int | None:
    """The month a word of the translation names, if it names one."""
    word = word.lower()
    if word in forms.months:
        return forms.months[word]
    best = max(
        (s for s in forms.stems if word.startswith(s) and len(word) - len(s) <= 3),
        key=len,
        default=None,
    )
    return forms.stems[best] if best else None


def _has_number(text: str, spellings: Iterable[str]) -> bool:
    return any(re.search(rf"(?<!\d){re.escape(s)}(?!\d)", text) for s in spellings)


def _spellings(value: str, forms: _LocaleForms) -> set[str]:
    """The ways ``forms``' locale may write an English number."""
    whole, _, fraction = value.replace(",", "").partition(".")
    wholes = {whole}
    if len(whole) > 3:
        groups = [whole[max(i - 3, 0) : i] for i in range(len(whole), 0, -3)][::-1]
        wholes |= {sep.join(groups) for sep in {forms.group, " "}}
    if not fraction:
        return wholes
    return {f"{w}{sign}{fraction}" for w in wholes for sign in {forms.decimal, "."}}


def _date_lacks(token: Token, text: str, forms: _LocaleForms) -> list[str]:
    """What of a date the translation lacks: its parts must stand together, a word for
    its month within three words of its day and year (``18 жовтня 2017 р.``)."""
    day, month, year = token.day, token.month, token.year
    if re.fullmatch(r"[\d./]+", token.text) and _has_number(text, {token.text}):
        return []  # in digits as the English writes them (05/21/2020, month first)
    if day and year:
        numeric = rf"(?<!\d)0?{day}[./]0?{month}[./]{year}(?!\d)|(?<!\d){year}-0?{month}-0?{day}"
        if re.search(numeric, text):
            return []
    pieces = PIECE.findall(text)
    numbers = [int(piece) if piece.isdigit() else None for piece in pieces]
    named = False  # a word for its month anywhere
    with_month: set[int] = set()  # the numbers within three words of one
    for i, piece in enumerate(pieces):
        if not piece.isdigit() and _month_of(piece, forms) == month:
            named = True
            with_month.update(n for n in numbers[max(i - 3, 0) : i + 4] if n is not None)
    wanted = {part: value for part, value in (("day", day), ("year", year)) if value}
    absent = [part for part, value in wanted.items() if value not in numbers]
    if not named:
        out = ["month", *absent]
    elif absent:
        out = absent
    elif all(value in with_month for value in wanted.values()):
        out = []
    elif year and year not in with_month:
        out = ["month"]  # its year stands with another month, or with none
    else:
        out = ["day"]
    return [f'the {part} of "{token.text}" (a date)' for part in out]


def _is_latin(word: str) -> bool:
    return all("LATIN" in unicodedata.name(c, "") for c in word)


def _mainly_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if "LATIN" in unicodedata.name(c, "")) * 2 >= len(letters)


def _runs(text: str, joins: Callable[[str], bool]) -> list[tuple[int, list[str]]]:
    """The words of ``text`` that ``joins`` accepts, in runs of words with only spaces
    between them: each run with where it starts."""
    runs: list[tuple[int, list[str]]] = []
    end = -1
    for match in WORD.finditer(text):
        word = match.group()
        if not joins(word):
            end = -1
            continue
        if runs and end >= 0 and not text[end : match.start()].strip():
            runs[-1][1].append(word)
        else:
            runs.append((match.start(), [word]))
        end = match.end()
    return runs


def _name_candidates(english: str) -> list[str]:
    """The runs of capitalised Latin words of ``english`` (``Minsk Street Notes``); a run
    that starts a sentence also without its first word ("On Facebook": ``Facebook``),
    and a lone word there not at all."""
    text = EMAIL.sub(" ", URL.sub(" ", english))
    out = []
    for start, words in _runs(text, lambda w: w[0].isupper() and _is_latin(w)):
        before = text[:start].rstrip(" \"'“‘«([")
        if before and before[-1] not in ".!?":
            out.append(" ".join(words))
        elif len(words) > 1:
            out += [" ".join(words), " ".join(words[1:])]
    return out


def _latin_runs(translation: str) -> set[str]:
    """The runs of Latin words a translation in another script holds (``Minsk Street
    Notes`` in «каналу Minsk Street Notes»), each whole."""
    return {" ".join(words) for _, words in _runs(translation, _is_latin)}


def _has_run(text: str, name: str) -> bool:
    """Whether ``text`` holds the words of ``name`` next to each other, as whole words."""
    words = r"\s+".join(map(re.escape, name.split()))
    return re.search(rf"(?<![^\W\d_]){words}(?![^\W\d_])", text) is not None


def kept_names(pairs: Iterable[tuple[str, str]]) -> frozenset[str]:
    """The names a catalog keeps in Latin script: runs of capitalised Latin words that
    some translation, mainly in another script, writes as its English does, as a whole
    run of its Latin words. ``pairs`` are (English, translation)."""
    kept: set[str] = set()
    for english, translation in pairs:
        if _mainly_latin(translation):
            continue
        runs = _latin_runs(translation)
        kept.update(n for n in _name_candidates(english) if n in runs)
    return frozenset(kept)


def lacking(
    english: str, translation: str, locale: str, names: Collection[str] = frozenset()
) -> list[str]:
    """What ``translation`` (in the Babel ``locale``) lacks of ``english``, each as a
    message says it (``"2018" (a year)``); empty when it keeps everything. ``names``
    are the names its catalog keeps in Latin script (:func:`kept_names`)."""
    return list(_lacking(english, translation, locale, frozenset(names)))


# What may close a sentence after its end mark: quotes, brackets («…».» has its stop inside)
_CLOSERS = "\"'”’»)]"
_ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:(?:[A-Za-z]\.){2,}|(?:etc|encl|enc|cf|vs|approx|incl|ref|no|nos|mr|mrs|ms"
    r"|dr|prof|st|jr|sr|art|para|p|pp|ibid|e\.g|i\.e)\.)$",
    re.IGNORECASE,
)
"""A word at the end of a text whose full stop is its own: an abbreviation."""
_END_MARKS = {".": "full stop", "!": "exclamation mark", "?": "question mark", "…": "ellipsis"}


def end_lacking(english: str, translation: str) -> list[str]:
    """The mark that ends a sentence (., !, ?, …) ending ``english`` where ``translation``
    ends with none, described (``the full stop at its end``): the letter would run the next
    sentence on into it. Another mark is another language's way (! for .), and a text
    the English ends without one (a salutation's comma, a list's item) is left alone."""
    ended = english.rstrip().rstrip(_CLOSERS)
    translated = translation.rstrip().rstrip(_CLOSERS)
    if not ended or not translated or ended[-1] not in _END_MARKS:
        return []
    if ended[-1] == "." and _ABBREVIATION.search(ended):
        return []  # "etc.", "U.S.", "Encl.": the stop is the word's, not the sentence's
    if translated[-1] in _END_MARKS:
        return []
    return [f"the {_END_MARKS[ended[-1]]} at its end"]


@lru_cache(maxsize=4096)  # each letter asks again of the same translations
def _lacking(english: str, translation: str, locale: str, names: frozenset[str]) -> tuple[str, ...]:
    forms = _forms(locale)
    text = _normal(translation)
    out: list[str] = []
    for token in english_tokens(english):
        if token.kind == "date":
            out += _date_lacks(token, text, forms)
        elif token.kind in ("URL", "e-mail address"):
            if token.text not in text:
                out.append(token.described())
        elif token.kind == "case number" or not re.fullmatch(r"[\d,]+(?:\.\d+)?", token.text):
            if not _has_number(text, {token.text}):
                out.append(token.described())
        elif not _has_number(text, _spellings(token.text, forms)):
            out.append(token.described())
    if names and not _mainly_latin(translation):
        for name in dict.fromkeys(_name_candidates(english)):
            if name in names and not _has_run(translation, name):
                out.append(Token(name, "name").described())
    return tuple(dict.fromkeys(out))
