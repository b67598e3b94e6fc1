"""A letter's footnotes written into its package (see :mod:`letters.render.footnotes`).

:class:`FootnoteParts` numbers the notes :func:`~letters.render.footnotes.take_notes` took
out of a rendered body, in the order of the body, and writes them into the footnotes part,
made with the separators Word needs when the template has none, with the relationships and
the content type that go with it, and Word's footnote styles where the template has not
its own. :class:`TemplateFootnotes` is the batch renderer's side of it.
"""

from __future__ import annotations

import posixpath
import re
import zlib
from collections.abc import Callable, Mapping
from typing import Any

from lxml import etree

from letters.errors import TemplateProblem
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
from letters.render.footnotes import Note, text_element
from letters.render.zipout import Member

__all__ = ["FOOTNOTES_TYPE", "FootnoteParts", "TemplateFootnotes"]

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = f"{R}/footnotes"
HYPERLINK_REL = f"{R}/hyperlink"
CONTENT_TYPES = "[Content_Types].xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
STYLES = "word/styles.xml"

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


def add_footnote_styles(styles: etree._Element) -> tuple[dict[str, str], bool]:
    """Add to ``styles`` (a styles part) the footnote and link styles it lacks, as Word has
    them built in; the ids of those it has, by Word's id, and whether any was added.

    A template that has them (as `letters init`'s has) gives every letter the same styles
    part, with footnotes or without, so that a batch's letters can be joined."""
    found: dict[str, str] = {}
    defaults: dict[str, str] = {}  # the default style of each type: what ours are based on
    taken = set()
    for style in styles.iter(w("style")):
        kind, style_id = style.get(w("type"), ""), style.get(w("styleId"), "")
        taken.add(style_id)
        if style.get(w("default")) in ("1", "true", "on"):
            defaults.setdefault(kind, style_id)
        name = style.find(w("name"))
        key = f"{kind}: {'' if name is None else name.get(w('val'), '')}".lower()
        if key in _STYLES and style_id:
            found.setdefault(_STYLES[key], style_id)
    added = False
    for key, (kind, xml) in _BUILT_IN_STYLES.items():
        if key in found or key in taken:  # a style of that id: taken as it is
            continue
        style = etree.fromstring(xml.encode())
        if defaults.get(kind):
            style.find(w("name")).addnext(_element("basedOn", val=defaults[kind]))
        styles.append(style)
        added = True
    return found, added


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
        found, added = add_footnote_styles(root)
        self.style_ids.update(found)
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
        etree.SubElement(paragraph, w("r")).append(text_element(words))
        if rid:
            nsmap = None if R in footnotes.nsmap.values() else {"r": R}
            link = etree.SubElement(paragraph, w("hyperlink"), nsmap=nsmap)
            link.set(f"{{{R}}}id", rid)
            link.set(w("history"), "1")
            look = _rpr(_element("rStyle", val=styles["Hyperlink"]))
            etree.SubElement(link, w("r")).extend([look, text_element(note.link)])
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
