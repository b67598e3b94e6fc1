"""A letter's relationships, and the parts they bring (headers, footers, pictures), copied into
the joined document: each relationship once, each picture and each header the letters share
stored once (:func:`copy_rels`), ids renamed to the joined document's (:func:`rename_ids`).
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

from letters.publish.join_checks import NotJoinable, check_fields

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

# Relationship types copied per letter; any other one makes the letter unjoinable.
PER_LETTER = {_REL + t for t in ("header", "footer", "image", "hyperlink")}
_PART_TYPES = {
    _REL + "header": "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
    _REL + "footer": "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
}

Rel = tuple[str, str, str, str | None]  # id, type, target, mode


@dataclass
class Rels:
    """A part's relationships, each (type, target, mode) once: a hundred letters linking
    the same page or picture share one. (LibreOffice 7.4 reads a part's relationships
    again for every footnote and looks each one up in a list: a hundred copies of three
    links made about a tenth of a joined document's time.)"""

    entries: list[Rel] = field(default_factory=list)
    ids: dict[tuple[str, str, str | None], str] = field(default_factory=dict)

    def add(self, rid: str, rtype: str, target: str, mode: str | None) -> str:
        """The id of this relationship: ``rid``, or the one an equal relationship has."""
        known = self.ids.setdefault((rtype, target, mode), rid)
        if known == rid:
            self.entries.append((rid, rtype, target, mode))
        return known


@dataclass
class Out:
    """What the letters add to the joined document: parts, their content types, the pictures
    and headers stored so far (by content), and the document's relationships."""

    files: dict[str, bytes]
    overrides: dict[str, str]
    media: dict[str, str]  # content hash -> part name
    rels: Rels


def read_rels(data: bytes) -> list[Rel]:
    """The relationships of a ``.rels`` part, in their order."""
    root = etree.fromstring(data)
    return [
        (rel.get("Id"), rel.get("Type"), rel.get("Target"), rel.get("TargetMode"))
        for rel in root.findall(f"{{{PR}}}Relationship")
    ]


def write_rels(rels: list[Rel]) -> bytes:
    """A ``.rels`` part holding ``rels``."""
    root = etree.Element(f"{{{PR}}}Relationships", nsmap={None: PR})
    for rid, rtype, target, mode in rels:
        rel = etree.SubElement(root, f"{{{PR}}}Relationship", Id=rid, Type=rtype, Target=target)
        if mode:
            rel.set("TargetMode", mode)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return f"{folder}/_rels/{name}.rels"


def copy_rels(
    parts: Mapping[str, bytes],
    part: str,
    prefix: str,
    out: Out,
    *,
    into: Rels | None = None,
) -> dict[str, str]:
    """Copy ``part``'s per-letter relationships (and their parts) into ``out``; old id -> new."""
    rels_name = _rels_name(part)
    if rels_name not in parts:
        return {}
    into = out.rels if into is None else into
    mapping: dict[str, str] = {}
    for rid, rtype, target, mode in read_rels(parts[rels_name]):
        if rtype not in PER_LETTER:
            if part == "word/document.xml":
                continue  # shared parts: the base's relationship, same id
            raise NotJoinable(f"{part} has a relationship of type {rtype.rsplit('/', 1)[-1]}")
        new_id = prefix + rid
        if mode == "External":
            mapping[rid] = into.add(new_id, rtype, target, mode)
            continue
        source = posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
        content = parts[source]
        if rtype == _REL + "image":
            digest = hashlib.sha256(content).hexdigest()
            name = out.media.get(digest)
            if name is None:  # the same picture in every letter is stored once
                name = f"word/media/j{len(out.media)}{posixpath.splitext(source)[1]}"
                out.media[digest] = name
                out.files[name] = content
        else:  # a header or footer, with relationships of its own
            own_rels = parts.get(_rels_name(source), b"")
            digest = "part:" + hashlib.sha256(content + b"\0" + own_rels).hexdigest()
            name = out.media.get(digest)
            if name is not None:  # the same header as an earlier letter's: shared
                relative = posixpath.relpath(name, posixpath.dirname(part))
                mapping[rid] = into.add(new_id, rtype, relative, None)
                continue
            name = f"word/{prefix}{posixpath.basename(source)}"
            out.media[digest] = name
            sub = Out(files=out.files, overrides=out.overrides, media=out.media, rels=Rels())
            sub_map = copy_rels(parts, source, prefix, sub)
            root = etree.fromstring(content)
            check_fields(source, root)  # "page 1 of NUMPAGES" would count every letter
            rename_ids(root, sub_map)
            out.files[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                             standalone=True)  # fmt: skip
            if sub.rels.entries:
                out.files[_rels_name(name)] = write_rels(sub.rels.entries)
            out.overrides["/" + name] = _PART_TYPES[rtype]
        relative = posixpath.relpath(name, posixpath.dirname(part))
        mapping[rid] = into.add(new_id, rtype, relative, None)
    return mapping


def rename_ids(root: etree._Element, mapping: dict[str, str]) -> None:
    """Rename the relationship ids ``root`` refers to, old id -> new."""
    if not mapping:
        return
    for element in root.iter():
        for attribute, value in element.attrib.items():
            if attribute.startswith(f"{{{R}}}") and value in mapping:
                element.set(attribute, mapping[value])


def content_types(data: bytes, overrides: dict[str, str]) -> bytes:
    """The ``[Content_Types].xml`` ``data`` with its headers' and footers' entries replaced by
    ``overrides`` (the joined letters' own)."""
    root = etree.fromstring(data)
    for override in root.findall(f"{{{CT}}}Override"):
        name = override.get("PartName")
        if name.startswith(("/word/header", "/word/footer")):
            root.remove(override)
    for name, kind in overrides.items():
        etree.SubElement(root, f"{{{CT}}}Override", PartName=name, ContentType=kind)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
