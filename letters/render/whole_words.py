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
from copy import deepcopy
from typing import Any

from lxml import etree

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _T, _RPR = (f"{{{_W}}}{tag}" for tag in ("p", "t", "rPr"))
_LANG, _VAL, _EAST_ASIA, _BIDI = (f"{{{_W}}}{tag}" for tag in ("lang", "val", "eastAsia", "bidi"))
# Elements that follow w:lang inside w:rPr (ECMA-376 CT_RPr sequence).
_AFTER_LANG = {f"{{{_W}}}{tag}" for tag in ("eastAsianLayout", "specVanish", "oMath", "rPrChange")}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
NO_LANGUAGE = "zxx"
"""The language tag of "no linguistic content": neither LibreOffice nor Word hyphenates a
word tagged with it."""


# The letters of a word; a hyphen or an apostrophe separates two words of a name.
_WORD = re.compile(r"[^\W\d_]+")
# A paragraph's last word: letters, digits and the apostrophes and hyphens inside a word.
_LAST_WORD = re.compile(r"\w+(?:[-\u2011’ʼ']\w+)*(?=\W*\Z)")
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


@functools.lru_cache(maxsize=256)
def _pattern(words: frozenset[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    # sorted: the same words give the same pattern, whatever the set's order
    choices = sorted(
        {
            (re.escape(stem), len(word) + _ENDING - len(stem))
            for word in words
            for stem in [word[: max(_SHORTEST, len(word) - _ENDING)]]
        },
        key=lambda choice: (-len(choice[0]), choice),
    )
    found = "|".join(f"{stem}[^\\W\\d_]{{0,{more}}}" for stem, more in choices)
    return re.compile(rf"(?<![\w’ʼ'])(?:{found})(?![\w])", re.IGNORECASE)


def name_spans(text: str, words: frozenset[str]) -> list[tuple[int, int]]:
    """Where in ``text`` a word is one of ``words`` (:func:`name_words`), or a form of it:
    (start, end) of each, in order."""
    pattern = _pattern(words)
    if pattern is None:
        return []
    return [m.span() for m in pattern.finditer(text) if m.group()[0].isupper()]


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


def _whole_spans(text: str, names: frozenset[str]) -> list[tuple[int, int]]:
    """Where the words of a paragraph's ``text`` are that must stay whole: its last word
    and people's names, in order, none overlapping."""
    spans = name_spans(text, names) if names else []
    found = _LAST_WORD.search(text)
    if found is not None and len(found.group()) >= 4 and not found.group().isdigit():
        # with the full stop after it, in the run of a name that ends the paragraph
        if spans and spans[-1][1] > found.start():
            spans[-1] = (spans[-1][0], len(text))
        else:
            spans.append((found.start(), len(text)))
    joined: list[tuple[int, int]] = []  # a name's words, one run: «Жанара Ахметова»
    for start, end in spans:
        if joined and not text[joined[-1][1] : start].strip(" -"):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def keep_words_whole(root: etree._Element, names: frozenset[str]) -> None:
    """Tag as of no language, in place, the last word of every paragraph under ``root`` and
    every form of the words of ``names`` (:func:`name_words`), each in a run of its own."""
    for paragraph in root.iter(_P):
        texts = [t for t in paragraph.iter(_T) if next(t.iterancestors(_P)) is paragraph]
        spans = _whole_spans("".join(t.text or "" for t in texts), names)
        start = 0
        for t in texts if spans else ():
            end = start + len(t.text or "")
            inside = [(max(a, start) - start, min(b, end) - start) for a, b in spans]
            _tag_pieces(t, [(a, b) for a, b in inside if a < b])
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
        before.append(deepcopy(child) if child.tag == _RPR else child)
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
            rest.append(deepcopy(rpr))
        rest.extend(after)
        run.addnext(rest)
    return run
