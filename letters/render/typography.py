"""No-break spaces where each language's typography wants them, in a rendered letter.

A line may not break between initials and a surname («Д. В. Лубинцу», "D. Lubinets"),
between a number and the word or unit after it («21 травня», «2020 р.», "3 km"), after
an abbreviation that introduces a number («№ 757», «ст. 3», "No 5"), or before a spaced
dash (the dash opens the next line, never ends one). :func:`no_break_spaces` makes those
spaces U+00A0 in a text; :func:`set_no_break_spaces` does it in every paragraph of a
rendered story part (body, header, footer, footnotes), in place.

Only a space character is ever replaced, by one no-break space: no text moves, no run is
split, and the XML stays as it was around it. A paragraph is read as one text across its
runs, so a rule sees a date whose day and month are in different runs; the space itself is
changed in the run that holds it. Not covered, on purpose or for now:

- text in different paragraphs, or on either side of a tab, line break, footnote mark,
  picture or field code (a field's instruction is not text; its shown result is);
- web and e-mail addresses, and the spaces next to them, are left alone, so an address
  can always start a new line;
- a space written as two or more, or spaces the rules do not name — one-letter
  prepositions in uk/ru («у травні»), "Article 3" written out in full.

In English, Ukrainian and Russian every U+202F (the narrow no-break space CLDR puts before
«р.» and «г.» in some releases and not in others) becomes U+00A0, as the letter
conventions write it: a letter looks the same, and keeps its version id, whatever Babel
release made it.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from lxml import etree

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _R, _T = f"{{{_W}}}p", f"{{{_W}}}r", f"{{{_W}}}t"
# Run content that is not text but shows nothing either: it does not interrupt the text.
_SILENT = {f"{{{_W}}}{tag}" for tag in ("rPr", "fldChar", "lastRenderedPageBreak")}
# Stands in the joined text of a paragraph for whatever interrupts it (a tab, a break, a
# footnote mark, a picture, a field's instruction): no rule matches across it.
_GAP = "\ufffc"

# Languages whose conventions write every no-break space as U+00A0 (letter-conventions.md).
_PLAIN_NBSP_LANGUAGES = frozenset({"en", "uk", "ru"})

_LETTER = r"[^\W\d_]"
# A number on its own: not the tail of a code such as "COVID-19", "757/1234/20" or "TA-8".
_NUMBER = r"(?<![\w\-/.,:])\d+(?:[.,]\d+)*"
# Abbreviations that introduce a number: "No 5", "Art. 3", «№ 757», «ст. 3», «п. 2».
_BEFORE_NUMBER = (
    r"№|§|No\.?|Nos\.?|Art\.|art\.|Arts\.|para\.|paras\.|pp?\.|"
    r"ст\.|ч\.|п\.|пп\.|пт\.|абз\.|рис\.|гл\.|с\.|т\."
)
_UNIT_SYMBOLS = "%‰°€$£¥₴₽₸"
_WEB = re.compile(
    r"(?:[a-z][a-z0-9+.\-]*://|www\.|mailto:)[^\s\u00a0<>\"«»]+|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Rule:
    """A pattern whose group ``sp`` is a space that must not break, if ``keep`` agrees."""

    pattern: re.Pattern[str]
    keep: Callable[[re.Match[str]], bool] = lambda _m: True


def _upper(*groups: str) -> Callable[[re.Match[str]], bool]:
    return lambda m: all(m.group(g)[0].isupper() for g in groups)


_COMMON = (
    # an initial before a surname or another initial: "D. Lubinets", «Д. В. Лубинцу»
    _Rule(
        re.compile(rf"(?<![\w.])(?P<i>{_LETTER})\.(?P<sp> )(?=(?P<n>{_LETTER}))"),
        _upper("i", "n"),
    ),
    # a surname before its initials: «Науменко Н. Л.», «Науменко Н.Л.»
    _Rule(
        re.compile(
            rf"(?<![\w.])(?P<s>{_LETTER}[\w’'\-]+)(?P<sp> )"
            rf"(?=(?P<i>{_LETTER})\.(?:[ \u00a0]?{_LETTER}\.)?(?!\w))"
        ),
        _upper("s", "i"),
    ),
    # a number and the word, unit or abbreviation after it: «21 травня», «2020 р.», "3 km"
    _Rule(re.compile(rf"{_NUMBER}(?P<sp> )(?=[^\W\d_]|[{_UNIT_SYMBOLS}])")),
    # an abbreviation and the number it introduces: «№ 757», «ст. 3», "No 5"
    _Rule(re.compile(rf"(?<![\w.])(?:{_BEFORE_NUMBER})(?P<sp> )(?=\d)")),
    # a Roman numeral and «ст.»/«в.» (century): «XXI ст.», «XX в.»
    _Rule(re.compile(r"(?<![\w.])[IVXLC]+(?P<sp> )(?=(?:ст|в|вв|стст)\.)")),
    # before a spaced dash: "text — text", "text – text" (the dash never starts a line)
    _Rule(re.compile(r"(?<=\S)(?P<sp> )(?=[—–](?:[ \u00a0]|$))")),
)


@functools.lru_cache(maxsize=32)
def _rules(lang_tag: str) -> tuple[_Rule, ...]:
    """The rules for a language: the common ones, and where the locale writes the month
    before the day ("May 21, 2020"), one that keeps the month with the day."""
    try:
        locale = Locale.parse(lang_tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return _COMMON
    long_date = str(locale.date_formats["long"].pattern)
    if long_date.find("M") == -1 or long_date.find("M") > long_date.find("d"):
        return _COMMON
    names = {
        name
        for context in ("format", "stand-alone")
        for width in ("wide", "abbreviated")
        for name in locale.months[context][width].values()
    }
    months = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    month_day = re.compile(rf"(?<!\w)(?:{months})(?P<sp> )(?=\d{{1,2}}(?!\d))", re.IGNORECASE)
    return (*_COMMON, _Rule(month_day))


def _language(lang_tag: str) -> str:
    return lang_tag.replace("_", "-").split("-", 1)[0].lower()


def no_break_positions(text: str, lang_tag: str) -> list[int]:
    """Where in ``text`` a space must become a no-break space, in order."""
    guarded: set[int] = set()
    for match in _WEB.finditer(text):
        guarded.update(range(match.start() - 1, match.end() + 1))
    found = set()
    for rule in _rules(lang_tag):
        for match in rule.pattern.finditer(text):
            at = match.start("sp")
            if at not in guarded and rule.keep(match):
                found.add(at)
    if _language(lang_tag) in _PLAIN_NBSP_LANGUAGES:
        found.update(i for i, char in enumerate(text) if char == NARROW_NBSP)
    return sorted(found)


def no_break_spaces(text: str, lang_tag: str) -> str:
    """``text`` with the spaces that must not break made U+00A0, for ``lang_tag``
    ("uk-UA", "ru", "en-GB")."""
    chars = list(text)
    for at in no_break_positions(text, lang_tag):
        chars[at] = NBSP
    return "".join(chars)


def _paragraph_text(paragraph: etree._Element) -> tuple[str, list[int], list[etree._Element]]:
    """A paragraph's text as one string, with where each w:t element's text starts in it.

    Runs of a paragraph nested inside this one (a text box) are left to their own
    paragraph; whatever else a run holds besides text interrupts the text.
    """
    pieces: list[str] = []
    starts: list[int] = []
    nodes: list[etree._Element] = []
    length = 0
    for run in paragraph.iter(_R):
        if next(run.iterancestors(_P), None) is not paragraph:
            continue
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


def set_no_break_spaces(root: etree._Element, lang_tag: str) -> None:
    """Make the spaces that must not break U+00A0 in every paragraph under ``root``."""
    for paragraph in root.iter(_P):
        text, starts, nodes = _paragraph_text(paragraph)
        positions = no_break_positions(text, lang_tag)
        if not positions:
            continue
        changed: dict[int, list[str]] = {}
        for at in positions:
            index = bisect.bisect_right(starts, at) - 1
            chars = changed.setdefault(index, list(nodes[index].text or ""))
            chars[at - starts[index]] = NBSP
        for index, chars in changed.items():
            nodes[index].text = "".join(chars)
