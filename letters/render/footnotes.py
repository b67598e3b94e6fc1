"""Real Word footnotes: ``{{ footnote(text, link) }}`` in the body of a letter's template.

A letter cites its sources the way a reader of Word expects: a superscript number in the
text (``w:footnoteReference``) and the source at the foot of the page (a ``w:footnote`` in
``word/footnotes.xml``), its web address a real hyperlink.

Jinja cannot write into another part of the package, so the template function only leaves
a mark where it stands: plain text, escaped like any value, that carries the footnote's text
and link between characters no text may hold, and a number chosen when this module is
loaded, which no data can know. Once the rendered body has been parsed strictly,
:func:`take_notes` cuts each mark out of its run — the text on either side keeps the run's
properties — and puts a footnote reference there; :class:`FootnoteParts` then numbers the
notes in the order of the body and writes them into the footnotes part, made with the
separators Word needs when the template has none, with the relationships and the content
type that go with it, and Word's footnote styles where the template has not its own. A
letter without footnotes is not touched at all.
"""

from __future__ import annotations

import copy
import posixpath
import re
import secrets
import unicodedata
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from markupsafe import Markup, escape

from letters.errors import TemplateProblem
from letters.render.conventions import conventions_for
from letters.render.docxpost import (
    CT,
    PKG_REL,
    W,
    finish_part,
    finish_text,
    kept_names,
    member,
    parse_strict,
    serialize,
    w,
)
from letters.render.zipout import Member

__all__ = ["FootnoteParts", "Note", "TemplateFootnotes", "footnote", "refuse_notes", "take_notes"]

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = f"{R}/footnotes"
HYPERLINK_REL = f"{R}/hyperlink"
CONTENT_TYPES = "[Content_Types].xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
STYLES = "word/styles.xml"

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
_REFUSED = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff{_OPEN}-{_CLOSE}]")

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Word's built-in styles by their names, which Word never translates (their ids it does).
_STYLES = {
    "paragraph: footnote text": "FootnoteText",
    "character: footnote reference": "FootnoteReference",
    "character: hyperlink": "Hyperlink",
}
_STYLE_XML = f'<w:style xmlns:w="{W}" w:type="{{}}" w:styleId="{{}}"><w:name w:val="{{}}"/>'
_UI = '<w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
# The styles Word has built in for footnotes, for a template that has none (basedOn its
# default paragraph or character style is added). A note is set in 10 pt, single-spaced.
_BUILT_IN_STYLES = {
    "FootnoteText": (
        "paragraph",
        _STYLE_XML.format("paragraph", "FootnoteText", "footnote text") + _UI + "<w:pPr>"
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:left="0"'
        ' w:firstLine="0"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>'
        "</w:style>",
    ),
    "FootnoteReference": (
        "character",
        _STYLE_XML.format("character", "FootnoteReference", "footnote reference")
        + _UI
        + '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>',
    ),
    "Hyperlink": (
        "character",
        _STYLE_XML.format("character", "Hyperlink", "Hyperlink") + _UI + "<w:rPr>"
        '<w:color w:val="0563C1" w:themeColor="hyperlink"/><w:u w:val="single"/></w:rPr>'
        "</w:style>",
    ),
}
_SEPARATORS = (
    f'<w:footnotes xmlns:w="{W}" xmlns:r="{R}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0"'
    ' w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"'
    ' w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote></w:footnotes>"
).encode()
_NO_RELATIONSHIPS = f'<Relationships xmlns="{PKG_REL}"/>'.encode()


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
            runs[-1].append(_text(pieces[index]))
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


def _text(value: str) -> etree._Element:
    element = etree.Element(w("t"))
    element.set(_XML_SPACE, "preserve")
    element.text = value
    return element


def _element(tag: str, **values: str) -> etree._Element:
    element = etree.Element(w(tag))
    for name, value in values.items():
        element.set(w(name), value)
    return element


def _rpr(*children: etree._Element) -> etree._Element:
    rpr = etree.Element(w("rPr"))
    rpr.extend(children)
    return rpr


def _rid(relationships: etree._Element) -> str:
    """An Id no relationship of ``relationships`` has."""
    taken = {rel.get("Id", "") for rel in relationships}
    number = 1 + max((int(i[3:]) for i in taken if re.fullmatch(r"rId\d{1,9}", i)), default=0)
    return f"rId{number}"


def _relationship(relationships: etree._Element, kind: str, target: str, **extra: str) -> str:
    rid = _rid(relationships)
    etree.SubElement(relationships, f"{{{PKG_REL}}}Relationship", Id=rid, Type=kind, Target=target)
    for name, value in extra.items():
        relationships[-1].set(name, value)
    return rid


def _first_free_id(footnotes: etree._Element) -> int:
    ids = [footnote.get(w("id"), "") for footnote in footnotes.iter(w("footnote"))]
    return 1 + max((int(i) for i in ids if re.fullmatch(r"-?\d{1,9}", i)), default=0)


class FootnoteParts:
    """Writes a letter's footnotes into its package.

    ``read`` gives the finished bytes of a part of the letter (None if it has no such
    part). What every letter with footnotes shares is worked out once, when this is made:
    the styles footnotes are written in — the template's own "footnote text", "footnote
    reference" and "Hyperlink" styles, those it lacks added to its styles part as Word
    has them built in (LibreOffice prints a footnote's number in the footnote reference
    style, whatever the run around it says).
    """

    def __init__(self, read: Callable[[str], bytes | None], *, label: str, lang_tag: str) -> None:
        self.label = label
        self.lang_tag = lang_tag
        self.style_ids = {key: key for key in _STYLES.values()}
        self.styles: bytes | None = None  # the styles part with the styles added, if any
        self._last: tuple[Any, int, dict[str, bytes]] | None = None  # see `parts`
        data = read(STYLES)
        if data is not None:
            self._add_styles(parse_strict(data, f"{label} ({STYLES})"))

    def _add_styles(self, root: etree._Element) -> None:
        found: dict[str, str] = {}
        defaults: dict[str, str] = {}  # the default style of each type: what ours are based on
        taken = set()
        for style in root.iter(w("style")):
            kind, style_id = style.get(w("type"), ""), style.get(w("styleId"), "")
            taken.add(style_id)
            if style.get(w("default")) in ("1", "true", "on"):
                defaults.setdefault(kind, style_id)
            name = style.find(w("name"))
            key = f"{kind}: {'' if name is None else name.get(w('val'), '')}".lower()
            if key in _STYLES and style_id:
                found.setdefault(_STYLES[key], style_id)
        self.style_ids.update(found)
        added = False
        for key, (kind, xml) in _BUILT_IN_STYLES.items():
            if key in found or key in taken:  # a style of that id: taken as it is
                continue
            style = parse_strict(xml.encode(), f"{self.label} ({STYLES})")
            if defaults.get(kind):
                style.find(w("name")).addnext(_element("basedOn", val=defaults[kind]))
            root.append(style)
            added = True
        if added:
            finish_part(STYLES, root, self.lang_tag)
            self.styles = self._checked(serialize(root), STYLES)

    def parts(self, notes: list[Note], read: Callable[[str], bytes | None]) -> dict[str, bytes]:
        """The parts of the letter made or changed to hold ``notes``, by name; numbers
        ``notes`` and marks their references in the body.

        The parts depend only on the notes' texts and links and on the parts they are
        written into, which most letters of a batch share: the last letter's are kept."""
        inputs = {name: read(name) for name in (DOCUMENT_RELS, CONTENT_TYPES)}
        relationships = self._parse(inputs[DOCUMENT_RELS], DOCUMENT_RELS)
        partname = self._footnotes_partname(relationships) or "word/footnotes.xml"
        rels_name = posixpath.join(
            posixpath.dirname(partname), "_rels", posixpath.basename(partname) + ".rels"
        )
        for name in (partname, rels_name):
            inputs[name] = read(name)
        key = (tuple((note.text, note.link) for note in notes), tuple(inputs.items()))
        if self._last is None or self._last[0] != key:
            self._last = (key, *self._written(notes, inputs, partname, rels_name))
        _key, first, changed = self._last
        for number, note in enumerate(notes, first):
            self._mark(note.reference, number)
        return dict(changed)

    def _written(
        self, notes: list[Note], inputs: dict[str, bytes | None], partname: str, rels_name: str
    ) -> tuple[int, dict[str, bytes]]:
        """The number of ``notes``' first footnote, and the parts that hold them."""
        changed: dict[str, bytes] = {} if self.styles is None else {STYLES: self.styles}
        relationships = self._parse(inputs[DOCUMENT_RELS], DOCUMENT_RELS)
        if self._footnotes_partname(relationships) is None:
            _relationship(relationships, FOOTNOTES_REL, "footnotes.xml")
            changed[DOCUMENT_RELS] = self._checked(serialize(relationships), DOCUMENT_RELS)
        types = self._parse(inputs[CONTENT_TYPES], CONTENT_TYPES)
        if not any(o.get("PartName") == f"/{partname}" for o in types.iter(f"{{{CT}}}Override")):
            override = etree.SubElement(types, f"{{{CT}}}Override")
            override.set("PartName", f"/{partname}")
            override.set("ContentType", FOOTNOTES_TYPE)
            changed[CONTENT_TYPES] = self._checked(serialize(types), CONTENT_TYPES)
        footnotes = self._parse(inputs[partname] or _SEPARATORS, partname)
        links = self._parse(inputs[rels_name] or _NO_RELATIONSHIPS, rels_name)
        linked: dict[str, str] = {}
        first = _first_free_id(footnotes)
        for number, note in enumerate(notes, first):
            if note.link and note.link not in linked:
                linked[note.link] = _relationship(
                    links, HYPERLINK_REL, note.link, TargetMode="External"
                )
            element = self._footnote(note, number, linked.get(note.link, ""), footnotes)
            finish_part(partname, element, self.lang_tag)
            finish_text(partname, element, self.lang_tag)
        changed[partname] = self._checked(serialize(footnotes), partname)
        if linked:
            changed[rels_name] = self._checked(serialize(links), rels_name)
        return first, changed

    def _parse(self, data: bytes | None, name: str) -> etree._Element:
        if data is None:
            raise TemplateProblem(f"{self.label}: the package has no {name}")
        return parse_strict(data, f"{self.label} ({name})")

    def _checked(self, data: bytes, name: str) -> bytes:
        parse_strict(data, f"{self.label} ({name})")  # as every part of a letter is
        return data

    @staticmethod
    def _footnotes_partname(relationships: etree._Element) -> str | None:
        for rel in relationships:
            if rel.get("Type") == FOOTNOTES_REL and rel.get("TargetMode") != "External":
                target = str(rel.get("Target", ""))
                if target.startswith("/"):
                    return target[1:]
                return posixpath.normpath(posixpath.join("word", target))
        return None

    def _mark(self, reference: etree._Element, number: int) -> None:
        """Number a reference in the body and give it the footnote reference style, in
        place of the character style and the raising or lowering of the text around it."""
        reference.set(w("id"), str(number))
        run = reference.getparent()
        rpr = run.find(w("rPr"))
        if rpr is None:
            rpr = etree.Element(w("rPr"))
            run.insert(0, rpr)
        for old in rpr.findall(w("rStyle")) + rpr.findall(w("vertAlign")):
            rpr.remove(old)
        rpr.insert(0, _element("rStyle", val=self.style_ids["FootnoteReference"]))

    def _footnote(
        self, note: Note, number: int, rid: str, footnotes: etree._Element
    ) -> etree._Element:
        """The ``w:footnote`` of ``note``, added to ``footnotes``: one paragraph, its
        number, its text and its link, in the footnote styles."""
        styles = self.style_ids
        element = etree.SubElement(footnotes, w("footnote"))
        element.set(w("id"), str(number))
        paragraph = etree.SubElement(element, w("p"))
        etree.SubElement(paragraph, w("pPr")).extend(
            # no hyphen may break a web address ("https://ex-ample.org") or a case number
            [_element("pStyle", val=styles["FootnoteText"]), _element("suppressAutoHyphens")]
        )
        mark = _rpr(_element("rStyle", val=styles["FootnoteReference"]))
        etree.SubElement(paragraph, w("r")).extend([mark, etree.Element(w("footnoteRef"))])
        words = " " + note.text + (" " if note.text and rid else "")
        etree.SubElement(paragraph, w("r")).append(_text(words))
        if rid:
            nsmap = None if R in footnotes.nsmap.values() else {"r": R}
            link = etree.SubElement(paragraph, w("hyperlink"), nsmap=nsmap)
            link.set(f"{{{R}}}id", rid)
            link.set(w("history"), "1")
            look = _rpr(_element("rStyle", val=styles["Hyperlink"]))
            etree.SubElement(link, w("r")).extend([look, _text(note.link)])
        return element


def _unpacked(part: Member | None) -> bytes | None:
    return None if part is None else zlib.decompress(part.compressed, -15)


class TemplateFootnotes:
    """The footnotes of the letters of one compiled template (the batch renderer's side of
    :class:`FootnoteParts`): the template's styles are read on its first letter with
    footnotes, and a part that comes out as it did for the letter before is not packed
    again."""

    def __init__(
        self, static: Mapping[str, Member], names: list[str], *, label: str, lang_tag: str
    ) -> None:
        self.static = static
        self.names = names
        self.label = label
        self.lang_tag = lang_tag
        self._parts: FootnoteParts | None = None
        self._packed: dict[str, tuple[bytes, Member]] = {}  # the last of each part, packed

    def add(self, notes: list[Note], members: dict[str, Member]) -> list[str]:
        """Put the parts that hold ``notes`` into a letter's ``members``; the names of
        all the letter's parts, in the order the package stores them."""

        def read(name: str) -> bytes | None:
            return _unpacked(members.get(name) or self.static.get(name))

        if self._parts is None:
            self._parts = FootnoteParts(read, label=self.label, lang_tag=self.lang_tag)
        changed = self._parts.parts(notes, read)
        for name, data in changed.items():
            packed = self._packed.get(name)
            if packed is None or packed[0] != data:  # the styles part: packed once
                packed = self._packed[name] = (data, member(name, data))
            members[name] = packed[1]
        return kept_names(list({*self.names, *changed}))
