"""Real Word footnotes: ``{{ footnote(text, link) }}`` in the body of a letter's template.

A letter cites its sources the way a reader of Word expects: a superscript number in the
text (``w:footnoteReference``) and the source at the foot of the page (a ``w:footnote`` in
``word/footnotes.xml``), its web address a real hyperlink.

Jinja cannot write into another part of the package, so the template function only leaves
a mark where it stands: plain text, escaped like any value, that carries the footnote's text
and link between characters no text may hold, and a number chosen when this module is
loaded, which no data can know. Once the rendered body has been parsed strictly,
:func:`take_notes` cuts each mark out of its run — the text on either side keeps the run's
properties — and puts a footnote reference there; :mod:`letters.render.footnote_parts`
then numbers the notes and writes them into the package. A letter without footnotes is
not touched at all.
"""

from __future__ import annotations

import copy
import re
import secrets
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree
from markupsafe import Markup, escape

from letters.errors import TemplateProblem
from letters.load.characters import NONCHARACTERS
from letters.render.conventions import conventions_for
from letters.render.docxpost import w
from letters.render.tag_check import paragraph_quote
from letters.render.unseen import shown
from letters.render.whole_words import XML_SPACE

__all__ = [
    "Note",
    "footnote",
    "own_notes",
    "refuse_notes",
    "refuse_unmarked",
    "refuse_unreferenced",
    "rendered_notes",
    "take_notes",
    "text_element",
]

# The mark footnote() leaves: private-use characters no text or link may hold around a
# number no data can know, so nothing but footnote() can make one.
_OPEN, _SEP, _CLOSE = "\ue000", "\ue001", "\ue002"
_MARK = f"{_OPEN}{secrets.randbelow(10**12):012d}{_SEP}"  # digits: |upper leaves them
_FIELD = f"([^{_OPEN}{_SEP}{_CLOSE}]*)"
_MARKS = re.compile(f"{_MARK}{_FIELD}{_SEP}{_FIELD}{_CLOSE}")
_FIND_MARKS = etree.XPath(
    "//text()[contains(., $open) or contains(., $close)]"
    " | //@*[contains(., $open) or contains(., $close)]"
)
# Characters a footnote may not hold: controls (tab and newline too: a footnote is one
# line of text), lone surrogates, non-characters and the characters of the mark.
_REFUSED = re.compile(
    f"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff{NONCHARACTERS}{_OPEN}-{_CLOSE}]"
)


def _plain(value: object, what: str) -> str:
    if value is None:
        return ""
    # Markup is escaped XML text: its text is what it shows.
    text = value.unescape() if isinstance(value, Markup) else str(value)
    bad = _REFUSED.search(text)
    if bad:
        kind = "control character" if unicodedata.category(bad.group()) == "Cc" else "character"
        raise TemplateProblem(
            f"footnote(): the {what} holds a {kind} a footnote cannot hold"
            f" (U+{ord(bad.group()):04X})"
        )
    return text.strip()


def _checked_link(link: str) -> str:
    if not link:
        return ""
    if any(c.isspace() for c in link):
        raise TemplateProblem("footnote(): a link may not hold spaces (write them as %20)")
    try:
        parts = urlsplit(link)
    except ValueError:
        parts = urlsplit("")
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        given = f"'{parts.scheme}:'" if parts.scheme else "none"
        raise TemplateProblem(
            "footnote(): a link must be a web address starting with http:// or https://"
            f" (this one's scheme: {given})"
        )
    return link


def footnote(text: object, link: object = "") -> Markup:
    """A footnote at this point of the letter: ``{{ footnote(source.description, source.url) }}``.

    The footnote reads ``text`` and then, if given, ``link`` as a hyperlink (http or https
    only). Both are data: escaped, never markup; a control character in either, or a link
    of any other kind, stops the letter with a :class:`TemplateProblem`. Footnotes are
    numbered 1, 2, 3 … in the order of the letter. Only the body can hold one: in a header,
    footer or footnote the letter stops with a problem saying so.
    """
    note, url = _plain(text, "text"), _checked_link(_plain(link, "link"))
    if not note and not url:
        raise TemplateProblem("footnote(): the footnote has neither a text nor a link")
    return escape(f"{_MARK}{note}{_SEP}{url}{_CLOSE}")


def refuse_notes(xml: str | bytes, label: str, partname: str) -> None:
    """Refuse a rendered header, footer or footnotes part that holds a footnote mark."""
    if _MARK in xml if isinstance(xml, str) else _MARK.encode() in xml:
        raise TemplateProblem(
            f"{label} ({partname}): footnote() works only in the letter's body"
            " (word/document.xml), not in a header, footer or footnote"
        )


OwnNotes = dict[tuple[str, str], str]
"""A template's own notes: (``footnote`` or ``endnote``, its id) → where it is, for a
message (its part and its paragraph)."""


def own_notes(root: etree._Element, partname: str) -> OwnNotes:
    """The notes (not the separators) a template's footnotes or endnotes part ``root``
    holds."""
    found: OwnNotes = {}
    for note in root.iter(w("footnote"), w("endnote")):
        if note.get(w("type"), "normal") == "normal":
            text = paragraph_quote("".join(t.text or "" for t in note.iter(w("t"))), 80)
            kind = etree.QName(note).localname
            found[(kind, note.get(w("id"), ""))] = f"{partname}, paragraph “{text}”"
    return found


Marked = frozenset[tuple[str, str]]
"""The notes a rendered body's marks refer to: (``footnote`` or ``endnote``, its id)."""


def refuse_unmarked(body: etree._Element, notes: OwnNotes, label: str) -> Marked:
    """Refuse a rendered body from which a tag left out the mark of one of the template's
    own ``notes``: the letter would carry the note, and no page would show it. The notes
    its marks refer to."""
    marked = frozenset(
        (etree.QName(mark).localname.removesuffix("Reference"), mark.get(w("id"), ""))
        for mark in body.iter(w("footnoteReference"), w("endnoteReference"))
    )
    for (kind, number), place in notes.items():
        if (kind, number) not in marked:
            raise TemplateProblem(
                f"{label} ({place}): the rendered letter would hold a {kind} that no {kind}"
                " mark in the text refers to, so no page shows it; show its mark in every"
                " letter (a tag leaves it out of this one), or delete the note"
            )
    return marked


NoteKey = tuple[str, str, str]
"""A note of a rendered part: ``footnote`` or ``endnote``, its id and its first words."""


def rendered_notes(root: etree._Element) -> list[NoteKey]:
    """The notes (not the separators) of a rendered part, in its order."""
    return [
        (
            etree.QName(note).localname,
            note.get(w("id"), ""),
            paragraph_quote("".join(t.text or "" for t in note.iter(w("t"))), 80),
        )
        for note in root.iter(w("footnote"), w("endnote"))
        if note.get(w("type"), "normal") == "normal"
    ]


def refuse_unreferenced(notes: list[NoteKey], marked: Marked, label: str, part: str) -> None:
    """Refuse a rendered note no mark of the rendered body refers to, or a second note of
    the same id (a mark refers to the first): a tag wrote it or repeated it, and no page
    shows it."""
    seen: set[tuple[str, str]] = set()
    for kind, number, text in notes:
        if (kind, number) not in marked or (kind, number) in seen:
            raise TemplateProblem(
                f"{label} ({part}, {kind} “{shown(text)}”): the rendered letter would hold a"
                f" {kind} that no {kind} mark in the text refers to, so no page shows it; a"
                " tag writes or repeats it — take out the |safe that writes it or the loop"
                " that repeats it"
            )
        seen.add((kind, number))


@dataclass
class Note:
    """One footnote taken from a rendered body: its text, its link ("" if none) and the
    body's ``w:footnoteReference``, numbered when the footnotes part is written."""

    text: str
    link: str
    reference: etree._Element


def take_notes(body: etree._Element, label: str, lang_tag: str = "") -> list[Note]:
    """Replace every footnote mark in a rendered body (parsed, in place) by a footnote
    reference; the notes, in the order of the body ([] and no change if there are none).
    In a language that sets the mark before a sentence's full stop (``lang_tag``, see
    :mod:`letters.render.conventions`), the full stop moves after the marks."""
    before_period = conventions_for(lang_tag.split("-")[0]).note_before_period
    hits = _FIND_MARKS(body, open=_OPEN, close=_CLOSE)
    if not hits:
        return []
    texts: list[etree._Element] = []
    for hit in hits:
        if _MARK not in hit:
            raise _changed(label)
        parent = hit.getparent()
        run = parent.getparent() if parent is not None else None
        if not hit.is_text or parent.tag != w("t") or run is None or run.tag != w("r"):
            raise TemplateProblem(
                f"{label} (word/document.xml): footnote() can only stand in the text of a"
                " paragraph, not in a field, a picture's properties or an attribute"
            )
        texts.append(parent)
    notes: list[Note] = []
    for text in texts:
        notes += _split(text, label, before_period)
    return notes


# A word that ends with its own full stop, not the sentence's: «р.», «г.», «ст.», "No."
_ABBREVIATION = re.compile(r"(?:^|\s)\w{1,3}\.$")


def _period_after_marks(pieces: list[str]) -> None:
    """Move the full stop that ends the text before a mark (or a run of marks) after them:
    «мирним.¹» becomes «мирним¹.»; an abbreviation's own full stop stays (« 2019 р.¹»)."""
    for index in range(0, len(pieces) - 3, 3):
        before = pieces[index]
        if not before.endswith(".") or before.endswith("..") or _ABBREVIATION.search(before):
            continue
        after = index + 3
        while pieces[after] == "" and after + 3 < len(pieces):
            after += 3  # the marks that follow at once: the full stop goes after the last
        pieces[index] = before[:-1]
        pieces[after] = "." + pieces[after]


def _split(text: etree._Element, label: str, before_period: bool) -> list[Note]:
    """Cut the run of ``text`` at its marks: the text around each mark keeps the run's
    properties, and a run holding the footnote reference stands for the mark."""
    run = text.getparent()
    pieces = _MARKS.split(text.text or "")
    if any(_OPEN in piece or _CLOSE in piece for piece in pieces[::3]):
        raise _changed(label)
    if before_period:
        _period_after_marks(pieces)
    rpr = run.find(w("rPr"))
    content = [child for child in run if child is not rpr]
    at = content.index(text)
    runs: list[list[etree._Element]] = [content[:at]]
    notes = []
    for index in range(0, len(pieces), 3):
        if pieces[index]:
            runs[-1].append(text_element(pieces[index]))
        if index + 1 < len(pieces):
            reference = etree.Element(w("footnoteReference"))
            link = _checked_link(_plain(pieces[index + 2], "link"))
            notes.append(Note(_plain(pieces[index + 1], "text"), link, reference))
            runs += [[reference], []]
    runs[-1] += content[at + 1 :]
    parent = run.getparent()
    position = parent.index(run)
    parent.remove(run)
    for children in filter(None, runs):
        piece = etree.Element(run.tag, run.attrib)
        if rpr is not None:
            piece.append(copy.deepcopy(rpr))
        piece.extend(children)
        parent.insert(position, piece)
        position += 1
    return notes


def _changed(label: str) -> TemplateProblem:
    return TemplateProblem(
        f"{label} (word/document.xml): the letter holds a character footnote() marks its notes"
        " with (U+E000 or U+E002): a filter changed what footnote() returned (write"
        " {{ footnote(...) }} on its own), or a text holds one"
    )


def text_element(value: str) -> etree._Element:
    """A ``w:t`` holding ``value``, its spaces kept."""
    element = etree.Element(w("t"))
    element.set(XML_SPACE, "preserve")
    element.text = value
    return element
