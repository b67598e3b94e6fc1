"""No-break spaces, apostrophes and quotation marks as each language's typography wants
them, in a rendered letter.

A line may not break between initials and a surname («Д. В. Лубинцу», "D. Lubinets"), nor
inside one that begins with a particle («А. де Фрис»), between a number and the word or
unit after it («21 травня», «2020 р.», "3 km"), between the groups of a number's digits
(«140 000»), after an abbreviation that introduces a number («№ 757», «ст. 3», "No 5"),
inside an abbreviation of two parts («т. д.», «т. е.»), after a place's or a street's
abbreviation in Ukrainian and Russian («м. Київ», «ул. Крещатик, д. 22»), or before a
spaced dash (the dash opens the next line, never ends one). And an apostrophe typed
straight between two letters ("Prosecutor General's", «Б'янкі», «пам'ять») is the
typographic one, U+2019, as the letter conventions write it in English, Ukrainian and
Russian; straight quotes, double or single, that pair up become the language's quotation
marks («…», ‘…’; see :mod:`letters.render.quotes`). :func:`typeset` does all of it in a text;
:func:`typeset_story` in every paragraph of a rendered story part (body, header, footer,
footnotes), in place.

Only a space, a straight apostrophe or a straight quote is ever replaced, by one
character: no text moves, no run is split, and the XML stays as it was around it. A
paragraph is read as one text across its runs, so a rule sees a date whose day and month
are in different runs; the character itself is changed in the run that holds it. Not
covered, on purpose or for now:

- text in different paragraphs, or on either side of a tab, line break, footnote mark,
  picture or field code (a field's instruction is not text; its shown result is);
- web and e-mail addresses, and the spaces next to them, are left alone, so an address
  can always start a new line;
- a space written as two or more, or spaces the rules do not name — "Article 3" written
  out in full.

In Ukrainian and Russian a one-letter preposition or conjunction keeps with the word after
it («у травні», «в Україні», «і політичні»), so that none is left hanging at a line's end.

In English, Ukrainian and Russian every U+202F (the narrow no-break space CLDR puts before
«р.» and «г.» in some releases and not in others) becomes U+00A0, as the letter
conventions write it: a letter looks the same, and keeps its version id, whatever Babel
release made it.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from babel import Locale, UnknownLocaleError
from lxml import etree

from letters.render.quotes import quote_marks

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _R, _T = f"{{{_W}}}p", f"{{{_W}}}r", f"{{{_W}}}t"
# Run content that is not text but shows nothing either: it does not interrupt the text.
_SILENT = {f"{{{_W}}}{tag}" for tag in ("rPr", "fldChar", "lastRenderedPageBreak")}
# Stands in the joined text of a paragraph for whatever interrupts it (a tab, a break, a
# footnote mark, a picture, a field's instruction): no rule matches across it.
_GAP = "\ufffc"

# Languages whose conventions write every no-break space as U+00A0 and an apostrophe as
# U+2019 (letter-conventions.md; Ukrainian allows U+02BC too, the sample's catalogs use U+2019).
_PLAIN_NBSP_LANGUAGES = frozenset({"en", "uk", "ru"})
APOSTROPHE = "\u2019"
# A straight apostrophe inside a word; one at a word's edge may be a quotation mark.
_STRAIGHT_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")

_LETTER = r"[^\W\d_]"
# Abbreviations that introduce a number: "No 5", "Art. 3", «№ 757», «ст. 3», «п. 2».
# fmt: off
_BEFORE_NUMBER = frozenset({
    "№", "§", "No", "No.", "Nos", "Nos.", "Art.", "art.", "Arts.", "para.", "paras.", "p.",
    "pp.", "ст.", "ч.", "п.", "пп.", "пт.", "абз.", "рис.", "гл.", "с.", "т.",
})
# fmt: on
# Those of them that stand before a document's or a case's number, not an article's or a page's.
_NUMBER_SIGNS = frozenset({"№", "No", "No.", "Nos", "Nos.", "no.", "nos."})
_UNIT_SYMBOLS = "%‰°€$£¥₴₽₸"
_OPENING = "([{«„“‘\"'"
_NARROW = re.compile(NARROW_NBSP)
# What ends a web or e-mail address, besides a space.
_ADDRESS_ENDS = frozenset(_GAP + '<>"«»')
_ADDRESS_MARKS = ("://", "www.", "mailto:", "@")
_DIGITS = tuple("0123456789")


def _token_before(text: str, at: int) -> str:
    """The word (letters, digits, punctuation) that ends just before ``text[at]``, without
    an opening bracket or quotation mark."""
    start = at
    while start > 0 and not text[start - 1].isspace() and text[start - 1] != _GAP:
        start -= 1
    return text[start:at].lstrip(_OPENING)


def _initials(text: str, at: int) -> bool:
    return text[at - 2].isupper() and text[at + 1].isupper()


# Lower-case words that begin a family name («А. де Фрис», "J. van der Berg", «Я. фон Ранке»):
# an initial keeps with them, and they with the rest of the name, as with any surname.
# fmt: off
_PARTICLES = frozenset({
    "af", "al", "da", "das", "de", "degli", "dei", "del", "della", "der", "di", "do", "dos",
    "du", "la", "le", "ten", "ter", "van", "von", "zu",
    "ван", "да", "де", "дель", "делла", "дер", "ди", "дос", "дю", "ла", "ле", "тен", "тер",
    "фан", "фон", "цу",
})
# fmt: on
_ONE_OR_MORE_INITIALS = re.compile(r"(?:[^\W\d_]\.)+")
_WORD_ENDS = " " + NBSP + "\n" + _GAP


def _words(text: str, at: int, step: int) -> list[str]:
    """The words next to the space at ``at`` (left of it if ``step`` is -1, else right),
    nearest first, up to the first that is not a name's particle."""
    found: list[str] = []
    edge = at
    while (
        0 <= edge < len(text)
        and text[edge] in (" ", NBSP)
        and (not found or found[-1] in _PARTICLES)
    ):
        end = edge + step
        while 0 <= end < len(text) and text[end] not in _WORD_ENDS:
            end += step
        found.append(text[end + 1 : edge] if step < 0 else text[edge + 1 : end])
        edge = end
    return found


def _particle_name(text: str, at: int) -> bool:
    """A space between initials and a family name that begins with a particle, or inside
    that name: «А.␣де␣Фрис», "J.␣van␣der␣Berg"."""
    before, after = _words(text, at, -1), _words(text, at, 1)
    if not before or not after or len(before) + len(after) < 3:
        return False
    initials, surname = before[-1], after[-1]
    return (
        _ONE_OR_MORE_INITIALS.fullmatch(initials) is not None
        and initials.isupper()
        and all(word in _PARTICLES for word in before[:-1] + after[:-1])
        and surname[:1].isupper()
    )


def _surname(text: str, at: int) -> bool:
    start = at - 1
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_’'-"):
        start -= 1
    before = text[start - 1] if start > 0 else ""
    return text[start].isupper() and before != "." and text[at + 1].isupper()


# What follows a year and belongs to it: «2020 р.», «2020 г.», «2018 року», «2018 году»
_YEAR_WORD = re.compile(
    r"(?:рр?|гг?)\.|(?:року|році|рік|роки|років|роках|год|году|года|годов|годах)\b"
)


def _number(text: str, at: int) -> bool:
    start = at - 1
    while start > 0 and (text[start - 1].isdigit() or text[start - 1] in ".,"):
        start -= 1
    before = text[start - 1] if start > 0 else ""
    # a number on its own, not the tail of a code: "COVID-19", "757/1234/20", "TA-8"
    if not text[start].isdigit() or before.isalnum() or (before and before in "_-/:"):
        return False
    # a year keeps only its «р.», «року»…: "In 2009 a court" breaks where it likes
    number = text[start:at]
    if len(number) == 4 and number.isdigit():
        return _YEAR_WORD.match(text, at + 1) is not None
    # a document's number names it, it counts nothing: the word after it is the sentence's
    # ("No 75728895 in the register", «№ 75728895 у реєстрі»), free to start a line
    if before == "№":  # typed on to its sign, «№75728895», as often in uk/ru
        return False
    return not (before in (" ", NBSP) and _token_before(text, start - 1) in _NUMBER_SIGNS)


_WITH_ENDING = re.compile(r"(\d+)-[^\W\d_]{1,3}")


def _number_with_ending(text: str, at: int) -> bool:
    """A number written with its ending and the word after it: «у 1990-х рр.», «в 1990-х
    гг.», «5-й том» (a decade's years only with their «рр.», «років»…)."""
    token = _token_before(text, at)
    match = _WITH_ENDING.fullmatch(token)
    if match is None:
        return False
    digits = match.group(1)
    return len(digits) != 4 or _YEAR_WORD.match(text, at + 1) is not None


def _group(text: str, at: int) -> bool:
    """A space between a number's groups of digits («140 000», «1 250 000»): one to
    three digits before it, themselves a number's start or a group of one; not a year
    before a number ("у 2020 100 осіб") nor the tail of a code ("TA-8 2019")."""
    start = at
    while start > 0 and text[start - 1].isdigit():
        start -= 1
    if not 1 <= at - start <= 3:
        return False
    before = text[start - 1] if start > 0 else ""
    if before in (" ", NBSP) and start > 1 and text[start - 2].isdigit():
        return _group(text, start - 1)  # a group after another: "1 250 000"
    return not before or not (before.isalnum() or before in "_-/:.,")


def _abbreviation(text: str, at: int) -> bool:
    return _token_before(text, at) in _BEFORE_NUMBER


def _roman(text: str, at: int) -> bool:
    return re.fullmatch("[IVXLC]+", _token_before(text, at)) is not None


def _two_part_abbreviation(text: str, at: int) -> bool:
    return text[at - 2].islower() and text[at + 1].islower()


def _always(_text: str, _at: int) -> bool:
    return True


@dataclass(frozen=True)
class _Rule:
    """A pattern that finds a space that must not break, if ``keep`` agrees (given the
    text and where the space is). Each pattern starts with the space, which the regular
    expression engine finds fast; a rule can only match a text that holds one of
    ``needs``, and, where it is given, a match of ``present``, both checked first."""

    pattern: re.Pattern[str]
    needs: tuple[str, ...]
    keep: Callable[[str, int], bool] = _always
    present: re.Pattern[str] | None = None


_COMMON = (
    # an initial before a surname or another initial: "D. Lubinets", «Д. В. Лубинцу»
    _Rule(re.compile(rf" (?<=(?<![\w.]){_LETTER}\. )(?={_LETTER})"), (".",), _initials),
    # a surname before its initials: «Науменко Н. Л.», «Науменко Н.Л.»
    _Rule(
        re.compile(rf" (?<={_LETTER}[\w’'\-] )(?={_LETTER}\.(?:[ \u00a0]?{_LETTER}\.)?(?!\w))"),
        (".",),
        _surname,
    ),
    # initials before a family name with a particle, and the spaces inside that name
    _Rule(
        re.compile(rf" (?={_LETTER})"),
        tuple(f"{word} " for word in _PARTICLES),
        _particle_name,
        # an initial, then a particle: no such name without them (and "de " is in "made ")
        re.compile(rf"\.[ {NBSP}](?:{'|'.join(sorted(_PARTICLES))})[ {NBSP}]"),
    ),
    # a number and the word, unit or abbreviation after it: «21 травня», «2020 р.», "3 km"
    _Rule(re.compile(rf" (?<=\d )(?={_LETTER}|[{_UNIT_SYMBOLS}])"), _DIGITS, _number),
    # a number with its ending and the word after it: «у 1990-х рр.», «5-й том»
    _Rule(
        re.compile(rf" (?:(?<=\d-{_LETTER} )|(?<=\d-{_LETTER}{{2}} )|(?<=\d-{_LETTER}{{3}} ))"),
        ("-",),
        _number_with_ending,
    ),
    # a number's groups of digits: «140 000», «1 250 000»
    _Rule(re.compile(r" (?<=\d )(?=\d{3}(?!\d))"), _DIGITS, _group),
    # an abbreviation and the number it introduces: «№ 757», «ст. 3», "No 5"
    _Rule(re.compile(r" (?=\d)"), _DIGITS, _abbreviation),
    # an abbreviation of two parts: «т. д.», «т. зв.», «т. е.», «до н. е.» (neither part
    # ends a line without the other)
    _Rule(
        re.compile(rf" (?<=(?<![\w.]){_LETTER}\. )(?={_LETTER}{{1,3}}\.(?!\w))"),
        (".",),
        _two_part_abbreviation,
    ),
    # a Roman numeral and «ст.»/«в.» (century): «XXI ст.», «XX в.»
    _Rule(re.compile(r" (?<=[IVXLC] )(?=(?:ст|в|вв|стст)\.)"), ("ст.", "в."), _roman),
    # before a spaced dash: "text — text", "text – text" (the dash never starts a line)
    _Rule(re.compile(r" (?<=\S )(?=[—–](?:[ \u00a0\n]|$))"), (" —", " –")),
)


# One-letter prepositions and conjunctions, which Ukrainian and Russian typesetting never
# leave at the end of a line: «у травні», «в Україні», «і політичні», «к Вам», «с сыном».
_ONE_LETTER_WORDS = {"uk": "авзійоуАВЗІЙОУ", "ru": "авикосуАВИКОСУ"}


# Abbreviations of a place, a street or a house, which keep with the name or number after
# them: «м. Київ», «вул. Хрещатик, буд. 22», «г. Киев», «ул. Крещатик, д. 22».
# fmt: off
_PLACE_WORDS = {
    "uk": frozenset({"м.", "с.", "смт", "вул.", "пл.", "просп.", "пров.", "бульв.", "буд.",
                     "кв."}),
    "ru": frozenset({"г.", "с.", "д.", "пос.", "ул.", "пл.", "просп.", "пер.", "бульв.",
                     "кв."}),
}
# fmt: on


# What stands before a unit's abbreviation, not a place's: a number or a range of them
# («5 м.», «5–7 м.», «2020–2021 г.»), or a word of quantity («50 кв. м.», «3 тис. м.»)
_QUANTITY = re.compile(
    r"\d+(?:[.,]\d+)?(?:[–—-]\d+(?:[.,]\d+)?)?|кв\.|куб\.|тис\.|тыс\.|млн\.?|млрд\.?"
)


def _place_rule(words: frozenset[str]) -> _Rule:
    def place(text: str, at: int) -> bool:
        word = _token_before(text, at)
        if word not in words:
            return False
        # «2020 г. Суд», «5 м. Далі», «50 кв. м. Далі», «т. д. Иванов»: a unit or the end of
        # an abbreviation of two parts, before a sentence, not a place
        before = _token_before(text, at - len(word) - 1) if at - len(word) > 1 else ""
        return not (_QUANTITY.fullmatch(before) or (len(before) == 2 and before[1] == "."))

    # only a space right after one of the words: `place` looks at the whole word before it
    after_word = "|".join(f"(?<={re.escape(word)} )" for word in sorted(words))
    return _Rule(
        re.compile(rf" (?=[^\W_])(?:{after_word})"),
        tuple(f"{word} " for word in words),
        place,
    )


def _one_letter_rule(letters: str) -> _Rule:
    return _Rule(
        re.compile(rf" (?<=(?<![\w\-’'.]{{1}})[{letters}] )(?=[\w«„“‘(\"'])"),
        tuple(f"{letter} " for letter in letters),
    )


@functools.lru_cache(maxsize=32)
def _rules(lang_tag: str) -> tuple[_Rule, ...]:
    """The rules for a language: the common ones; in Ukrainian and Russian, one that keeps
    a one-letter word with the next; and where the locale writes the month before the day
    ("May 21, 2020"), one that keeps the month with the day."""
    language = _language(lang_tag)
    common: tuple[_Rule, ...] = _COMMON
    if language in _ONE_LETTER_WORDS:
        common = (*_COMMON, _one_letter_rule(_ONE_LETTER_WORDS[language]))
    if language in _PLACE_WORDS:
        common = (*common, _place_rule(_PLACE_WORDS[language]))
    try:
        locale = Locale.parse(lang_tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return common
    long_date = str(locale.date_formats["long"].pattern)
    if long_date.find("M") == -1 or long_date.find("M") > long_date.find("d"):
        return common
    names = frozenset(
        name.lower()
        for context in ("format", "stand-alone")
        for width in ("wide", "abbreviated")
        for name in locale.months[context][width].values()
    )

    def month(text: str, at: int) -> bool:
        return _token_before(text, at).lower() in names

    return (*common, _Rule(re.compile(r" (?=\d{1,2}(?!\d))"), _DIGITS, month))


def _guarded(text: str) -> set[int]:
    """Where web and e-mail addresses are in ``text``, with the character on either side."""
    guarded: set[int] = set()
    for mark in _ADDRESS_MARKS:
        found = text.find(mark)
        while found != -1:
            start = end = found
            while start > 0 and not (text[start - 1].isspace() or text[start - 1] in _ADDRESS_ENDS):
                start -= 1
            while end < len(text) and not (text[end].isspace() or text[end] in _ADDRESS_ENDS):
                end += 1
            guarded.update(range(start - 1, end + 1))
            found = text.find(mark, end)
    return guarded


def _language(lang_tag: str) -> str:
    return lang_tag.replace("_", "-").split("-", 1)[0].lower()


@functools.lru_cache(maxsize=256)  # a letter rendered again (check, review, build): its texts
def _replacements(text: str, lang_tag: str) -> Mapping[int, str]:
    """Which characters of ``text`` to replace, and by what: spaces that must not break by
    U+00A0, straight apostrophes inside words by U+2019, straight double quotes that pair up
    by the language's quotation marks (never in a web or e-mail address). Read-only: the
    same mapping is given to every caller with the same text."""
    guarded = _guarded(text)
    found: dict[int, str] = {}
    for rule in _rules(lang_tag):
        if not any(needed in text for needed in rule.needs):
            continue
        if rule.present is not None and rule.present.search(text) is None:
            continue
        for match in rule.pattern.finditer(text):
            at = match.start()
            if at not in guarded and rule.keep(text, at):
                found[at] = NBSP
    if _language(lang_tag) in _PLAIN_NBSP_LANGUAGES:
        if NARROW_NBSP in text:
            found.update((match.start(), NBSP) for match in _NARROW.finditer(text))
        if "'" in text:
            found.update(
                (match.start(), APOSTROPHE)
                for match in _STRAIGHT_APOSTROPHE.finditer(text)
                if match.start() not in guarded
            )
        found.update(quote_marks(text, _language(lang_tag), guarded, _GAP))
    return MappingProxyType(found)


def typeset(text: str, lang_tag: str) -> str:
    """``text`` with the spaces that must not break made U+00A0, the apostrophes inside
    words U+2019 and paired straight quotes the language's, for ``lang_tag`` ("uk-UA",
    "ru", "en-GB")."""
    chars = list(text)
    for at, char in _replacements(text, lang_tag).items():
        chars[at] = char
    return "".join(chars)


def _story_text(root: etree._Element) -> tuple[str, list[int], list[etree._Element]]:
    """The text of every paragraph under ``root`` as one string, a line per paragraph,
    with where each w:t element's text starts in it.

    A paragraph nested in another (a text box) is a line of its own, and what else a run
    holds besides text (a tab, a break, a picture, a field's instruction) interrupts the
    line: no rule matches across either.
    """
    pieces: list[str] = []
    starts: list[int] = []
    nodes: list[etree._Element] = []
    length = 0
    current = None
    for run in root.iter(_R):
        parent = run.getparent()
        paragraph = parent if parent is not None and parent.tag == _P else None
        if paragraph is None:
            paragraph = next(run.iterancestors(_P), None)
        if paragraph is not current:
            current = paragraph
            pieces.append("\n")
            length += 1
        for child in run:
            if child.tag == _T:
                text = child.text or ""
                starts.append(length)
                nodes.append(child)
            elif child.tag in _SILENT:
                continue
            else:
                text = _GAP
            pieces.append(text)
            length += len(text)
    return "".join(pieces), starts, nodes


def typeset_story(root: etree._Element, lang_tag: str) -> None:
    """`typeset` every paragraph under ``root``: each character replaced in the w:t
    element that holds it."""
    text, starts, nodes = _story_text(root)
    changed: dict[int, list[tuple[int, str]]] = {}  # node -> where in its text, in order
    for at, char in sorted(_replacements(text, lang_tag).items()):
        index = bisect.bisect_right(starts, at) - 1
        changed.setdefault(index, []).append((at - starts[index], char))
    for index, offsets in changed.items():
        old = nodes[index].text or ""
        pieces: list[str] = []
        done = 0
        for offset, char in offsets:
            pieces += (old[done:offset], char)
            done = offset + 1
        pieces.append(old[done:])
        nodes[index].text = "".join(pieces)
