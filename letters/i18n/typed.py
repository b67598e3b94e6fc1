"""What a translator may not type into a translation: characters a letter cannot show,
the English copied, letters of the other language (a Russian text in the Ukrainian catalog,
or the reverse), a word of Latin and Cyrillic letters together, English quotation marks,
and what another keyboard gives for an apostrophe.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from letters.load.characters import (
    LATIN,
    WORD,
    bad_character,
    character_named,
    invisible_character,
    two_alphabets_said,
)
from letters.render.quotes import quote_marks

_SEPARATORS = {"Zl": "a line separator", "Zp": "a paragraph separator"}


def bad_translation_character(text: str) -> str | None:
    """A control character, a Unicode line or paragraph separator, or another invisible
    character a case text may not hold either (a bidi override…), described, or None."""
    found = bad_character(text, allow_newline=False)
    if found and found.startswith("U+000A "):  # a \n the translator typed, or an editor put
        return f"a line break (\\n, {found}): a translated text is one line; remove it"
    if found:
        return f"{character_named(found)}; remove it"
    for position, char in enumerate(text, start=1):
        kind = _SEPARATORS.get(unicodedata.category(char))
        if kind:
            return f"{kind} (U+{ord(char):04X} at character {position}); remove it"
    found = invisible_character(text)
    if found:
        return f"an invisible character ({found}) that can hide text or change its order; remove it"
    return None


def edge_space(english: str, text: str) -> str | None:
    """A space ``text`` begins or ends with where its ``english`` has none, described: a
    letter prints a translation as it is, so the space would set a paragraph in, or stand
    before what follows; None if there is none."""
    for edge, at in (("begins", 0), ("ends", -1)):
        if text and text[at].isspace() and not (english and english[at].isspace()):
            return f"{edge} with a space, which the English has not and the letter would print"
    return None


# Letters one of Ukrainian and Russian writes and the other does not: a translation that has
# them is the other language (a catalog copied with its header put right, an entry half
# edited). Ukrainian writes an apostrophe where Russian writes ъ.
_OTHER = {
    "uk": ("Russian", "Ukrainian", "ыэъё"),
    "ru": ("Ukrainian", "Russian", "іїєґ"),
}
_EXCERPT = 24  # characters of the word shown at most: the message says where, not what


def other_language_letters(
    msgid: str, text: str, lang: str, comments: Iterable[str] = ()
) -> str | None:
    """For a Ukrainian or Russian translation, the letters of the other language it has
    (with the word of the first), described, or None. A translator comment
    ``quotes Russian`` (in the Ukrainian catalog; ``quotes Ukrainian`` in the Russian one)
    says the entry quotes that language on purpose, and lets it be."""
    if lang not in _OTHER:
        return None
    other, own, letters = _OTHER[lang]
    found = list(dict.fromkeys(c.lower() for c in text if c.lower() in letters))
    allowed = f"quotes {other}"
    if not found or any(c.strip().lower().startswith(allowed.lower()) for c in comments):
        return None
    word = re.search(rf"\w*[{letters}]\w*", text, re.IGNORECASE)
    excerpt = word.group() if word else found[0]
    at = next(n for n, c in enumerate(excerpt) if c.lower() in letters)
    start = max(0, min(at - _EXCERPT // 2, len(excerpt) - _EXCERPT))
    end = start + _EXCERPT
    excerpt = f"{'…' * (start > 0)}{excerpt[start:end]}{'…' * (end < len(excerpt))}"
    kind = "a letter" if len(found) == 1 else "letters"
    return (
        f"translation of {msgid!r} has {', '.join(repr(c) for c in found)} (in {excerpt!r}),"
        f" {kind} of {other} that {own} does not have: translate it into {own} (if it quotes"
        f" {other} on purpose, add the translator comment '# {allowed}' to the entry)"
    )


# Quotation marks English writes and Ukrainian and Russian do not: they write «…», and „…“
# inside them, so “ closes a quotation there and never opens one, and ” and ‘ are not used.
_OWN_QUOTES = {"uk": ("Ukrainian", "«…»"), "ru": ("Russian", "«…»")}


def foreign_quotes(msgid: str, text: str, lang: str) -> str | None:
    """For a Ukrainian or Russian translation, the first English quotation mark it has
    (”, ‘, or a “ that opens a quotation rather than closing a „…“), described, or None."""
    if lang not in _OWN_QUOTES:
        return None
    open_low = 0  # „ still waiting for its “
    for char in text:
        if char == "„":
            open_low += 1
        elif char == "“" and open_low:
            open_low -= 1
        elif char in "“”‘":
            own, marks = _OWN_QUOTES[lang]
            return (
                f"translation of {msgid!r} has {char}, an English quotation mark: {own} quotes"
                f' with {marks} („…“ inside them); type those, or straight quotes ("…"),'
                " which the letter prints as them"
            )
    return None


# What keyboards without an apostrophe key give for one, typed between two letters of a
# word (зобов`язав, м´яч): a letter prints them as typed, where a straight ' becomes ’.
_APOSTROPHE_STAND_INS = re.compile(r"\w[`´]\w")


def apostrophe_slip(msgid: str, text: str) -> str | None:
    """The first backtick or acute accent a translation types inside a word for an
    apostrophe (with its word), described, or None."""
    slips = (m for m in _APOSTROPHE_STAND_INS.finditer(text) if m.group() not in msgid)
    found = next(slips, None)  # one the English has too is a name's spelling, kept
    if found is None:
        return None
    word = re.search(rf"\w*{re.escape(found.group())}\w*", text)
    mark = found.group()[1]
    return (
        f"translation of {msgid!r} has {mark} in {word.group() if word else found.group()!r},"
        " typed for an apostrophe, which a letter prints as it is: type ’ (or a straight ',"
        " which the letter prints as ’)"
    )


# A straight ' at a word's edge, which Ukrainian and Russian never write for an apostrophe
# (theirs stands inside a word: м'ясо, д'Артаньян): a letter prints it as «…» where it pairs
# with another around words, and as typed where it does not.
_EDGE_SINGLE = re.compile(r"(?<![^\W\d_])'|'(?![^\W\d_])")


def unpaired_single_quote(msgid: str, text: str, lang: str) -> str | None:
    """For a Ukrainian or Russian translation, a straight ' at a word's edge that does not
    pair with another around words (with its word), described, or None."""
    if lang not in _OWN_QUOTES or "'" not in text:
        return None
    printed = quote_marks(text, lang)
    stray = next((m for m in _EDGE_SINGLE.finditer(text) if m.start() not in printed), None)
    if stray is None:
        return None
    words = re.finditer(r"\S+", text)
    word = next(w.group() for w in words if w.start() <= stray.start() < w.end())
    return (
        f"translation of {msgid!r} has a straight ' in {word!r} that neither stands inside a"
        " word (an apostrophe, printed ’) nor pairs with another around words (printed"
        f" {_OWN_QUOTES[lang][1]}), so the letter would print it as typed: type «…» around a"
        " quotation, or ’ for an apostrophe"
    )


def mixed_alphabets(msgid: str, text: str) -> str | None:
    """The first word of a translation that mixes Latin and Cyrillic letters, described
    (:func:`letters.load.characters.two_alphabets`), or None. A word the English has too
    is a name's spelling, kept."""
    said = two_alphabets_said(text, known=msgid, longest=_EXCERPT)
    return f"translation of {msgid!r} has {said}" if said else None


# Placeholders, whose names are English in any language: not words a translator left
_PLACEHOLDER = re.compile(r"%\(\w{0,64}\)[a-z]|%[a-z%]|\{[^{}]{0,64}\}")
_PARTICLES = frozenset({"von", "van", "der", "den", "del", "della", "des", "les", "bin", "ibn"})
_COPIED_WORDS = 3  # an English text copied with at least these words is no name left as it is


def copied_english(msgid: str, text: str, lang: str, comments: Iterable[str] = ()) -> str | None:
    """For a Ukrainian or Russian translation that is its English copied (an editor's "copy
    from source"), of :data:`_COPIED_WORDS` words or more, described, or None. A translator
    comment ``quotes English`` says the letter quotes it on purpose, and lets it be."""
    if lang not in _OWN_QUOTES or text != msgid:
        return None
    words = [w for w in WORD.findall(_PLACEHOLDER.sub(" ", text)) if LATIN.match(w)]
    # a name of several words kept in Latin (Human Rights Watch, Ursula von der Leyen) has
    # no word of lower case but its particles; a sentence has
    running = [w for w in words if w.islower() and len(w) > 2 and w not in _PARTICLES]
    if (
        len(words) < _COPIED_WORDS
        or not running
        or any(c.strip().lower().startswith("quotes english") for c in comments)
    ):
        return None
    own = _OWN_QUOTES[lang][0]
    return (
        f"translation of {msgid!r} is its English, copied: translate it into {own} (if the"
        " letter quotes the English on purpose, add the translator comment '# quotes"
        " English' to the entry)"
    )


def language_slip(msgid: str, text: str, lang: str, comments: Iterable[str] = ()) -> str | None:
    """What a translation writes as another language does, or as another keyboard gives it:
    the English copied, the other language's letters, a word of two alphabets, English
    quotation marks, a stand-in for an apostrophe."""
    return (
        copied_english(msgid, text, lang, comments)
        or other_language_letters(msgid, text, lang, comments)
        or mixed_alphabets(msgid, text)
        or foreign_quotes(msgid, text, lang)
        or apostrophe_slip(msgid, text)
        or unpaired_single_quote(msgid, text, lang)
    )
