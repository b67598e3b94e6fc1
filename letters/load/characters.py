"""The characters a text of a letter may not hold, and the checks that find them: control
characters, surrogates and noncharacters (:func:`bad_character`), and characters that hide
text or change its order (:func:`invisible_character`). Every text read from a workspace
file, a template, a catalog or a reply is held to them.
"""

from __future__ import annotations

import re
import unicodedata

NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
)
"""Unicode's 66 noncharacters, as a regular expression's character set without brackets:
U+FDD0–U+FDEF and the last two code points of every plane. Unicode keeps them from ever
meaning a character (a program's own markers), so no reader shows them alike; every check
of a text refuses all of them, not only U+FFFE and U+FFFF."""
# The same set as the loop below: Unicode's Cc and Cs categories and the noncharacters.
_BAD = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff{NONCHARACTERS}]")
_BAD_WITH_NEWLINE = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{NONCHARACTERS}]")
# A search tries a set's characters beyond U+FFFF one by one at every character of a text
# (16 times slower on a page of Ukrainian for these two): a text with none of them is
# searched for the rest of the set alone.
_BEYOND = "[\U00010000-\U0010ffff]"
_BEYOND_BMP = re.compile(_BEYOND)


def _in_bmp(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern``, a set of characters, short of those beyond U+FFFF."""
    return re.compile(re.sub(f"{_BEYOND}(?:-{_BEYOND})?", "", pattern.pattern))


_BMP_BAD, _BMP_BAD_WITH_NEWLINE = _in_bmp(_BAD), _in_bmp(_BAD_WITH_NEWLINE)


def is_noncharacter(code: int) -> bool:
    """Whether the code point ``code`` is one of :data:`NONCHARACTERS`."""
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def bad_character(text: str, allow_newline: bool) -> str | None:
    """Describe the first character that may not stand in a letter, or return None.

    Control characters and characters XML 1.0 forbids would be dropped or
    would corrupt the document; we refuse them instead. Only the code point
    and position are reported, never the surrounding text.
    """
    if _BEYOND_BMP.search(text):
        found = (_BAD if allow_newline else _BAD_WITH_NEWLINE).search(text)
    else:
        found = (_BMP_BAD if allow_newline else _BMP_BAD_WITH_NEWLINE).search(text)
    if found is None:
        return None  # the common case, found without a loop in Python
    for position, char in enumerate(text, start=1):
        code = ord(char)
        if char == "\n" and allow_newline:
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or is_noncharacter(code):
            return f"U+{code:04X} at character {position}"
    return None


def character_named(found: str) -> str:
    """``found``, a refused character as :func:`bad_character` describes it (``U+0007 at
    character 5``, or its code point alone), with what the character is: a control
    character; an unpaired surrogate, half of the pair UTF-16 writes a character beyond
    U+FFFF with, which alone is no character; or a noncharacter, which Unicode keeps
    from ever meaning one."""
    code = int(found.removeprefix("U+").split(" ")[0], 16)
    if 0xD800 <= code <= 0xDFFF:
        return f"an unpaired surrogate ({found})"
    if is_noncharacter(code):
        return f"a noncharacter ({found})"
    return f"a control character ({found})"


JOINERS = "\u200c\u200d"
"""Zero-width non-joiner and joiner: invisible, but part of spelling words in Persian, the
Indic scripts and emoji sequences, so allowed in texts."""

# Blank letters and marks outside category Cf that show nothing either: the combining
# grapheme joiner, the Hangul fillers, the Khmer inherent vowels, variation selectors (an
# emoji's or an ideograph's, and Mongolian ones): each makes two names that look the same
# differ, or hides text between two words.
_BLANK_CHARS = (
    "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u3164\ufe00-\ufe0f\uffa0"
    "\U000e0100-\U000e01ef"
)
_BLANK = re.compile(f"[{_BLANK_CHARS}]")
# The common case: no format character, separator or blank at all, found without a loop.
_MAYBE_INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001-\U000e007f"
    f"{_BLANK_CHARS}]"
)
_BMP_MAYBE_INVISIBLE = _in_bmp(_MAYBE_INVISIBLE)


def invisible_character(text: str, allow_line_separators: bool = False) -> str | None:
    """Describe the first invisible character that may not stand in a letter, or return None.

    Bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) can
    show text in another order than it is stored, so a signatory would read one name and
    sign another; zero-width and other format characters (U+200B, U+2060, U+FEFF, …,
    Unicode's category Cf) hide text or make two names look the same; the Unicode line
    and paragraph separators (U+2028, U+2029) break a line where no line break is seen.
    Blank characters of other categories (:data:`_BLANK`: U+034F, U+3164, variation
    selectors…) hide text as well. Refused everywhere a name or text is read, except the
    soft hyphen (U+00AD, a hint where a word may break) and :data:`JOINERS`.

    With ``allow_line_separators``, U+2028 and U+2029 pass: where a text is kept as lines
    (a comment in the sign-off ledger, a reply's own words), they are line breaks shown as
    such, hiding nothing.
    """
    if not (_MAYBE_INVISIBLE if _BEYOND_BMP.search(text) else _BMP_MAYBE_INVISIBLE).search(text):
        return None
    for position, char in enumerate(text, start=1):
        if char in JOINERS or char == "\u00ad":
            continue
        if allow_line_separators and char in "\u2028\u2029":
            continue
        if _BLANK.match(char) or unicodedata.category(char) in ("Cf", "Zl", "Zp"):
            return f"U+{ord(char):04X} at character {position}"
    return None


# A word's letters, and the two alphabets whose look-alike letters (K and К, i and і, a and
# а) a word typed on the other keyboard layout, or pasted, mixes.
WORD = re.compile(r"[^\W\d_]+")
"""A word's letters (no digits, no underscore)."""
_CYRILLIC = re.compile("[\u0400-\u052f]")
_ALPHABET_WORD = re.compile(r"[^\W\d_\u02bc]+")
"""A word's letters, cut at Ukrainian's apostrophe (U+02BC, a letter to Unicode), which
joins a Latin name to its Cyrillic ending: «iPhoneʼа», «Facebookʼу»."""
LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
"""A Latin letter, of English and of the languages written with accents (é, ł, ş)."""


def two_alphabets(text: str, known: str = "") -> tuple[str, str, str] | None:
    """The first word of ``text`` with Latin and Cyrillic letters together (one that looks
    like its kin of the other alphabet, most often), with the first letter of the fewer
    and its alphabet's name as the message says it ("a Latin letter among Cyrillic ones"),
    or None. A word ``known`` has too is a spelling kept on purpose."""
    for found in _ALPHABET_WORD.finditer(text):
        word = found.group()
        latin = [c for c in word if LATIN.match(c)]
        cyrillic = [c for c in word if _CYRILLIC.match(c)]
        if not latin or not cyrillic or word in known:
            continue
        if len(latin) <= len(cyrillic):
            return word, latin[0], "a Latin letter among Cyrillic ones"
        return word, cyrillic[0], "a Cyrillic letter among Latin ones"
    return None


def two_alphabets_said(text: str, known: str = "", longest: int = 24) -> str | None:
    """:func:`two_alphabets` as a message says it: "'Kазахстан', a word of Latin and
    Cyrillic letters together: 'K' (U+004B) is a Latin letter …", the word cut at
    ``longest`` characters; None where there is none."""
    found = two_alphabets(text, known)
    if found is None:
        return None
    word, letter, kind = found
    shown = word if len(word) <= longest else f"{word[:longest]}…"
    return (
        f"{shown!r}, a word of Latin and Cyrillic letters together: {letter!r}"
        f" (U+{ord(letter):04X}) is {kind}; type the word again in one alphabet (the letter"
        " looks the same, but search, spell-checking and screen readers read another)"
    )
