"""The words of a letter that no line break splits: a paragraph's last word, and people's
names, wherever the body shows them; and no hyphen leaves one letter or a number alone at a
line's end or start («з-» / «під варти», "5-" / "year").

Typesetters in all three languages avoid both: a paragraph ending with half a word on its
last line («від-» / «повідь.»), and a person's name broken over two lines — a letter that
pleads for «Жанара Ахметова» should not print «Ахмето-» / «ва». LibreOffice 7.4 reads no
setting for either from a .docx, so each such word is tagged as of no language (``zxx``),
which neither LibreOffice nor Word hyphenates: it is still read, spelt and shown as before,
and only ever broken at a hyphen it has. Where it shares a run with other words, it is moved
into a run of its own with the same formatting.

The names are those the letter shows: the case's person and her other names, the
addressees and the signatories, each in the letter's language (:func:`name_words`).
Ukrainian and Russian decline them («Ахметова», «Ахметової», «Ахметову»), so a name's word
is found by its first letters: all but its last three, never fewer than four («Ахмет…»,
«Лубін…» for «Лубінцю»), in a word at most three letters longer than the name's own, that
starts with a capital. A word found that is not a name only loses its hyphenation, never a
letter ("Violations" is not found for "Viola": it is too long).

A hyphen is a place where any line may break, hyphenation or not. Where the word on one
side of it is a single letter («з-під», «із-за» is left as it is), or a number («5-річний»,
"COVID-19"), the hyphen becomes Word's no-break hyphen (``w:noBreakHyphen``), which Word
and LibreOffice draw as the same hyphen and never break at; a PDF's text still reads '-'.
A version id's hyphen and those of a web or e-mail address stay as typed: a reader copies
them from the letter shown (LibreOffice copies a no-break hyphen as U+2011, not as '-').
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from copy import copy  # of an lxml element: a deep copy
from dataclasses import dataclass
from typing import Any

from lxml import etree

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _T, _RPR, _PPR = (f"{{{_W}}}{tag}" for tag in ("p", "t", "rPr", "pPr"))
_P_STYLE, _SUPPRESS = f"{{{_W}}}pStyle", f"{{{_W}}}suppressAutoHyphens"
NO_BREAK_HYPHEN = f"{{{_W}}}noBreakHyphen"
_LANG, _VAL, _EAST_ASIA, _BIDI = (f"{{{_W}}}{tag}" for tag in ("lang", "val", "eastAsia", "bidi"))
# Elements that follow w:lang inside w:rPr (ECMA-376 CT_RPr sequence).
_AFTER_LANG = {f"{{{_W}}}{tag}" for tag in ("eastAsianLayout", "specVanish", "oMath", "rPrChange")}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
NO_LANGUAGE = "zxx"
"""The language tag of "no linguistic content": neither LibreOffice nor Word hyphenates a
word tagged with it."""


# The letters of a word; a hyphen or an apostrophe separates two words of a name.
_WORD = re.compile(r"[^\W\d_]+")
# What a word may hold between two letters or digits besides them: hyphens, apostrophes.
_INSIDE_WORD = "-\u2011’ʼ'"
_SHORTEST = 4  # a shorter word fits on any line
# A hyphen with a lone letter on one side and a letter on the other («з-під»), or a number
# on one side and a word of letters on the other («5-річний», "COVID-19"); never one of a
# code of letters and digits both (a version id, 1204-6A0C, is copied as it is written).
_UNBREAKABLE_HYPHEN = re.compile(
    r"(?<![\w’ʼ'])[^\W\d_]-(?=[^\W\d_])"
    r"|(?<=[^\W\d_])-[^\W\d_](?![\w’ʼ'])"
    r"|(?<![\w’ʼ'])\d+-[^\W\d_]+(?![\w’ʼ'])"
    r"|(?<![\w’ʼ'])[^\W\d_]+-\d+(?![\w’ʼ'])"
)
# A version id as a draft shows it (letters.render.content_version.Version.short): eight
# hex digits, of which the first four may be letters alone and the last four digits alone
# ("ABCD-1234"), which the patterns above take for a word and a number. Its hyphen stays
# as typed, so that an id copied from the draft is one a reply is read by.
_VERSION_ID = re.compile(r"(?<![\w’ʼ'])[0-9A-F]{4}-[0-9A-F]{4}(?![\w’ʼ'])")
# A web or e-mail address as a letter shows it (a footnote's source): its hyphens stay as
# typed, so that an address copied from the letter or its PDF is the one that works. An
# address is one with a scheme ("https://"), with "www.", a domain with a path
# ("europarl.europa.eu/doceo/…"), or an e-mail address. It starts a word, or follows an
# opening bracket or quote: tried only there, a paragraph is read once (tried at every
# character, a word of 20,000 letters took 5 s).
_ADDRESS = re.compile(
    r"(?<![^\s(\[<«\"'“‘„])"
    r"(?:(?:[a-z][a-z0-9+.-]*://|www\.)\S+"
    r"|(?:[a-z0-9-]+\.)+[a-z]{2,}/\S*"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)",
    re.IGNORECASE,
)
_ENDING = 3  # letters declension may change at a name's end («Лубінець», «Лубінцю»)


def _people(context: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    case = context.get("case")
    if isinstance(case, Mapping) and isinstance(case.get("person"), Mapping):
        yield case["person"]
    for key in ("recipients", "signatories"):
        yield from context.get(key) or ()
    if isinstance(context.get("recipient"), Mapping):
        yield context["recipient"]


def name_words(context: Mapping[str, Any]) -> frozenset[str]:
    """The words of every person's name a letter with ``context`` shows, four letters long
    or more: its person's (and her other names), its addressees' and its signatories'."""
    texts: list[str] = []
    for person in _people(context):
        texts.append(str(person.get("name") or ""))
        texts.extend(str(alias) for alias in person.get("aliases") or ())
    return frozenset(
        word for text in texts for word in _WORD.findall(text) if len(word) >= _SHORTEST
    )


@functools.lru_cache(maxsize=64)
def _stems(words: frozenset[str]) -> tuple[tuple[int, ...], dict[str, int]]:
    """The lengths of the names' stems, longest first, and {stem, case folded: the longest
    word it may begin}: a name's word less the letters declension may change."""
    longest: dict[str, int] = {}
    for word in words:
        stem = word[: max(_SHORTEST, len(word) - _ENDING)].casefold()
        longest[stem] = max(longest.get(stem, 0), len(word) + _ENDING)
    return tuple(sorted({len(stem) for stem in longest}, reverse=True)), longest


@functools.cache
def _capitalised() -> re.Pattern[str]:
    """Words of letters that start with a capital and are long enough to be a name's: the
    only words :func:`name_spans` looks at (Python's ``re`` has no class of capitals)."""
    capitals = "".join(re.escape(c) for c in map(chr, range(0x10000)) if c.isupper())
    return re.compile(rf"(?<![\w’ʼ'])[{capitals}][^\W\d_]{{{_SHORTEST - 1},}}")


def name_spans(text: str, words: frozenset[str]) -> list[tuple[int, int]]:
    """Where in ``text`` a word is one of ``words`` (:func:`name_words`), or a form of it:
    (start, end) of each, in order."""
    if not words:
        return []
    lengths, longest = _stems(words)
    spans = []
    for found in _capitalised().finditer(text):
        word = found.group().casefold()
        if any(len(word) <= longest.get(word[:n], 0) for n in lengths if n <= len(word)):
            spans.append(found.span())
    return spans


def set_lang(rpr: etree._Element, tag: str) -> None:
    """Tag the run properties ``rpr`` (or a paragraph mark's) with the language ``tag``,
    for its text of every script; the w:lang element where the schema puts it."""
    lang = rpr.find(_LANG)
    if lang is None:
        lang = etree.Element(_LANG)
        anchor = next((child for child in rpr if child.tag in _AFTER_LANG), None)
        if anchor is None:
            rpr.append(lang)
        else:
            anchor.addprevious(lang)
    elif lang.get(_VAL) == tag and lang.get(_EAST_ASIA) == tag and lang.get(_BIDI) == tag:
        return
    lang.set(_VAL, tag)
    lang.set(_EAST_ASIA, tag)
    lang.set(_BIDI, tag)


def tag_run(run: etree._Element, tag: str) -> None:
    """Tag ``run`` with the language ``tag``, giving it properties if it has none."""
    rpr = run.find(_RPR)
    if rpr is None:
        rpr = etree.Element(_RPR)
        run.insert(0, rpr)
    set_lang(rpr, tag)


def _last_word(text: str) -> tuple[int, int] | None:
    """Where the last word of ``text`` starts, and where its text ends (the full stop after
    it included); None if it is too short to hyphenate, or a number."""
    end = len(text)
    while end and not (text[end - 1].isalnum() or text[end - 1] == "_"):
        end -= 1
    start = end
    while start and (
        text[start - 1].isalnum()
        or text[start - 1] == "_"
        or (text[start - 1] in _INSIDE_WORD and start > 1 and text[start - 2].isalnum())
    ):
        start -= 1
    word = text[start:end]
    if len(word) < _SHORTEST or word.isdigit():
        return None
    return start, len(text)


def _whole_spans(text: str, names: frozenset[str]) -> list[tuple[int, int]]:
    """Where the words of a paragraph's ``text`` are that must stay whole: its last word
    and people's names, in order, none overlapping."""
    spans = name_spans(text, names)
    last = _last_word(text)
    if last is not None:
        # with the full stop after it, in the run of a name that ends the paragraph
        if spans and spans[-1][1] > last[0]:
            spans[-1] = (spans[-1][0], last[1])
        else:
            spans.append(last)
    joined: list[tuple[int, int]] = []  # a name's words, one run: «Жанара Ахметова»
    for start, end in spans:
        if joined and not text[joined[-1][1] : start].strip(" -"):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


@dataclass(frozen=True)
class Unbroken:
    """What a letter keeps whole: the words of the people's ``names`` it shows
    (:func:`name_words`), besides each paragraph's last word; and the ids of the paragraph
    styles never hyphenated (``Styles.unhyphenated``), whose paragraphs need nothing kept."""

    names: frozenset[str] = frozenset()
    unhyphenated: frozenset[str] = frozenset()

    def hyphenated(self, paragraph: etree._Element) -> bool:
        """Whether ``paragraph`` may be hyphenated: its own setting, else its style's."""
        ppr = next(paragraph.iterchildren(_PPR), None)  # iterchildren: twice as quick as find
        switch = next(ppr.iterchildren(_SUPPRESS), None) if ppr is not None else None
        if switch is not None:
            return switch.get(f"{{{_W}}}val", "true").lower() not in ("1", "true", "on")
        style = next(ppr.iterchildren(_P_STYLE), None) if ppr is not None else None
        return (style.get(f"{{{_W}}}val", "") if style is not None else "") not in self.unhyphenated


def keep_words_whole(root: etree._Element, unbroken: Unbroken) -> None:
    """Tag as of no language, in place, the last word of every paragraph under ``root``
    that may be hyphenated, and every form of the words of ``unbroken.names`` in it, each
    in a run of its own; and make no-break every hyphen that a line break would leave a lone
    letter or a number beside."""
    for paragraph in root.iter(_P):
        if unbroken.hyphenated(paragraph):
            _tag_whole(_own_texts(paragraph), unbroken.names)
        _no_break_hyphens(_own_texts(paragraph))


def _tag_whole(texts: list[etree._Element], names: frozenset[str]) -> None:
    """Tag a paragraph's last word and the forms of ``names`` in its ``texts``."""
    spans = _whole_spans("".join(t.text or "" for t in texts), names)
    start = 0
    for t in texts if spans else ():
        end = start + len(t.text or "")
        pieces = [
            (max(a, start) - start, min(b, end) - start) for a, b in spans if a < end and b > start
        ]
        if pieces:
            _tag_pieces(t, pieces)
        start = end


def _own_texts(paragraph: etree._Element) -> list[etree._Element]:
    """The w:t of ``paragraph`` itself, not of a paragraph inside it (a text box's)."""
    if next(paragraph.iterdescendants(_P), None) is None:  # the common case: none inside it
        return list(paragraph.iter(_T))
    return [t for t in paragraph.iter(_T) if next(t.iterancestors(_P)) is paragraph]


def _no_break_hyphens(texts: list[etree._Element]) -> None:
    """Make each hyphen of a paragraph's ``texts`` that has a lone letter or a number on one
    side a no-break hyphen: its w:t split around it, in the same run."""
    text = "".join(t.text or "" for t in texts)
    if "-" not in text:  # every pattern below holds one; most paragraphs have none
        return
    hyphens = {
        found.start() + found.group().index("-") for found in _UNBREAKABLE_HYPHEN.finditer(text)
    }
    hyphens -= {found.start() + 4 for found in _VERSION_ID.finditer(text)}
    for found in _ADDRESS.finditer(text) if hyphens else ():
        hyphens -= set(range(*found.span()))
    start = 0
    for t in texts if hyphens else ():
        own = t.text or ""
        at = [i - start for i in sorted(hyphens) if start <= i < start + len(own)]
        start += len(own)
        for i in reversed(at):  # from the end, so that ``t`` keeps the text before
            rest = etree.Element(_T)
            rest.text, t.text = (t.text or "")[i + 1 :], (t.text or "")[:i]
            mark = etree.Element(NO_BREAK_HYPHEN)
            t.addnext(mark)
            if rest.text:
                mark.addnext(rest)
            for element in (t, rest):
                _preserve_spaces(element)
        run = t.getparent()
        if at and not t.text and run is not None:
            run.remove(t)


def _preserve_spaces(t: etree._Element) -> None:
    """Mark ``t`` to keep the spaces at its ends, or unmark it where it has none."""
    if t.text != (t.text or "").strip():
        t.set(XML_SPACE, "preserve")
    elif XML_SPACE in t.attrib:
        del t.attrib[XML_SPACE]


def _tag_pieces(t: etree._Element, pieces: list[tuple[int, int]]) -> None:
    """Tag as of no language the characters ``pieces`` (start, end; in order) of the text
    of ``t``, each in a run of its own, split from the rest with the same formatting."""
    run = t.getparent()
    if run is None or not pieces:
        return
    moved = 0  # characters of the text moved into runs before ``run`` so far
    for a, b in pieces:
        if a > moved:
            _split_run(run, t, a - moved)
        if b - a < len(t.text or ""):
            tag_run(_split_run(run, t, b - a), NO_LANGUAGE)
        else:
            tag_run(_rest_only(run, t), NO_LANGUAGE)
        moved = b


def _split_run(run: etree._Element, t: etree._Element, at: int) -> etree._Element:
    """Move what ``run`` holds before character ``at`` of its ``t`` into a copy of the run
    put before it, its formatting the same; return the copy."""
    before = etree.Element(run.tag, dict(run.attrib))
    run.addprevious(before)
    for child in list(run):
        if child is t:
            break
        before.append(copy(child) if child.tag == _RPR else child)
    head = etree.SubElement(before, _T)
    text = t.text or ""
    head.text, t.text = text[:at], text[at:]
    for element in (head, t):
        _preserve_spaces(element)
    return before


def _rest_only(run: etree._Element, t: etree._Element) -> etree._Element:
    """``run``, once what it holds after ``t`` (text after a break, say) is moved into a
    copy of it put after it."""
    after = [child for child in t.itersiblings()]
    if after:
        rest = etree.Element(run.tag, dict(run.attrib))
        rpr = run.find(_RPR)
        if rpr is not None:
            rest.append(copy(rpr))
        rest.extend(after)
        run.addnext(rest)
    return run
