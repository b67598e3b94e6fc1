"""The words of a letter that no line break splits: a paragraph's last word, and people's
names, wherever the body shows them.

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
        ppr = paragraph.find(_PPR)
        switch = ppr.find(_SUPPRESS) if ppr is not None else None
        if switch is not None:
            return switch.get(f"{{{_W}}}val", "true").lower() not in ("1", "true", "on")
        style = ppr.find(_P_STYLE) if ppr is not None else None
        return (style.get(f"{{{_W}}}val", "") if style is not None else "") not in self.unhyphenated


def keep_words_whole(root: etree._Element, unbroken: Unbroken) -> None:
    """Tag as of no language, in place, the last word of every paragraph under ``root``
    that may be hyphenated, and every form of the words of ``unbroken.names`` in it, each
    in a run of its own."""
    for paragraph in root.iter(_P):
        if not unbroken.hyphenated(paragraph):
            continue
        texts = [t for t in paragraph.iter(_T) if next(t.iterancestors(_P)) is paragraph]
        spans = _whole_spans("".join(t.text or "" for t in texts), unbroken.names)
        start = 0
        for t in texts if spans else ():
            end = start + len(t.text or "")
            pieces = [
                (max(a, start) - start, min(b, end) - start)
                for a, b in spans
                if a < end and b > start
            ]
            if pieces:
                _tag_pieces(t, pieces)
            start = end


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
        if element.text != (element.text or "").strip():
            element.set(XML_SPACE, "preserve")
        elif XML_SPACE in element.attrib:
            del element.attrib[XML_SPACE]
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
