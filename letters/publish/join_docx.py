"""Join rendered letters of one template and language into one .docx, each letter a section.

What `letters.publish.joined` converts: see its docstring for why each step is there.
"""

from __future__ import annotations

import hashlib
import posixpath
import zipfile
from collections.abc import Collection, Iterator, Mapping, Sequence
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from letters.errors import LettersError
from letters.files.atomic import atomic_write_bytes
from letters.render.zipout import Member, package

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

# Parts every letter of a template shares; a letter whose copy differs cannot be joined.
_SHARED = ("word/styles.xml", "word/numbering.xml", "word/settings.xml", "word/fontTable.xml")
# Relationship types copied per letter; any other one makes the letter unjoinable.
_PER_LETTER = {_REL + t for t in ("header", "footer", "image", "hyperlink")}
_PART_TYPES = {
    _REL + "header": "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
    _REL + "footer": "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
}
# Order of a sectPr's children (ECMA-376 CT_SectPr), to insert ours where Word expects them.
_SECT_ORDER = [
    "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
    "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign",
    "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings",
]  # fmt: skip
# LibreOffice escapes "_" in a destination name (as "5F"): letters and digits only.
BOOKMARK = "JoinedLetter{:05d}"
# The empty page after each letter but the last (see `_fillers`).
FILLER = "JoinedFiller{:05d}"


class NotJoinable(LettersError):
    """Raised when letters cannot be joined safely; convert them one by one instead."""


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_Rel = tuple[str, str, str, str | None]  # id, type, target, mode


@dataclass
class _Rels:
    """A part's relationships, each (type, target, mode) once: a hundred letters linking
    the same page or picture share one. (LibreOffice 7.4 reads a part's relationships
    again for every footnote and looks each one up in a list: a hundred copies of three
    links made about a tenth of a joined document's time.)"""

    entries: list[_Rel] = field(default_factory=list)
    ids: dict[tuple[str, str, str | None], str] = field(default_factory=dict)

    def add(self, rid: str, rtype: str, target: str, mode: str | None) -> str:
        """The id of this relationship: ``rid``, or the one an equal relationship has."""
        known = self.ids.setdefault((rtype, target, mode), rid)
        if known == rid:
            self.entries.append((rid, rtype, target, mode))
        return known


class _Parts(Mapping[str, bytes]):
    """A letter's parts, each read when asked for (joining needs only a few of them)."""

    def __init__(self, package: zipfile.ZipFile, *, skip: Collection[str]) -> None:
        self._package = package
        self._names = dict.fromkeys(name for name in package.namelist() if name not in skip)

    def __getitem__(self, name: str) -> bytes:
        if name not in self._names:
            raise KeyError(name)
        return self._package.read(name)

    def __contains__(self, name: object) -> bool:  # without reading the part
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


@dataclass
class _Out:
    files: dict[str, bytes]
    overrides: dict[str, str]
    media: dict[str, str]  # content hash -> part name
    rels: _Rels


def join(sources: Sequence[Path], target: Path, *, share_headers: bool = True) -> list[str | None]:
    """Write ``sources`` (rendered letters of one template and language) as one .docx, never
    half of it; the title of each letter (its ``docProps/core.xml``), which its PDF takes.

    Raises `NotJoinable` where joining would change a letter: parts every letter must
    share (styles, numbering, settings, fonts) that differ, and what `_check_joinable`
    refuses."""
    if not sources:
        raise ValueError("nothing to join")
    with zipfile.ZipFile(sources[0]) as base:
        files = {name: base.read(name) for name in base.namelist()}
    # compared by size and CRC-32 (from the ZIP's directory, without reading them): the
    # renderer writes these parts from the template, the same for every letter of it
    with zipfile.ZipFile(sources[0]) as base:
        shared = {name: _stamp(base, name) for name in _SHARED}
    titles: list[str | None] = []
    default_lang = _default_lang(files["word/styles.xml"]) if "word/styles.xml" in files else None
    out = _Out(files={}, overrides={}, media={}, rels=_Rels())
    keep_rels: list[_Rel] = []
    for rid, rtype, target_, mode in _read_rels(files["word/_rels/document.xml.rels"]):
        if rtype not in _PER_LETTER:
            keep_rels.append((rid, rtype, target_, mode))
    # the base's per-letter parts go; each letter brings its own
    for name in list(files):
        if name.startswith(("word/header", "word/footer", "word/media/", "word/_rels/header",
                            "word/_rels/footer")):  # fmt: skip
            del files[name]
    body_parts: list[etree._Element] = []
    footnotes: list[etree._Element] = []
    footnote_rels = _Rels()
    next_footnote = 1
    previous: tuple[tuple[str, str, str], ...] = ()
    for number, source in enumerate(sources):
        with zipfile.ZipFile(source) as letter:
            for name, stamp in shared.items():
                if _stamp(letter, name) != stamp:
                    raise NotJoinable(f"{name} differs between {sources[0].name} and {source.name}")
            parts = _Parts(letter, skip=shared)
            titles.append(_core_title(parts.get("docProps/core.xml")))
            prefix = f"L{number}_"
            document = etree.fromstring(parts["word/document.xml"])
            _check_joinable(source, document)
            if default_lang is not None:
                _drop_lang(document, default_lang)
            mapping = _copy_rels(parts, "word/document.xml", prefix, out)
            _rename_ids(document, mapping)
            # footnotes: new ids, their own relationships renamed likewise
            note_map: dict[str, str] = {}
            if "word/footnotes.xml" in parts:
                fn_mapping = _copy_rels(
                    parts, "word/footnotes.xml", prefix, out, into=footnote_rels
                )
                notes = etree.fromstring(parts["word/footnotes.xml"])
                for note in notes.findall(_w("footnote")):
                    if note.get(_w("type")) in ("separator", "continuationSeparator",
                                                "continuationNotice"):  # fmt: skip
                        continue
                    new = str(next_footnote)
                    next_footnote += 1
                    note_map[note.get(_w("id"))] = new
                    note.set(_w("id"), new)
                    _rename_ids(note, fn_mapping)
                    if default_lang is not None:
                        _drop_lang(note, default_lang)
                    footnotes.append(note)
            # LibreOffice 7.4 ignores a section's footnote restart (w:numRestart eachSect), so each
            # reference carries its letter's own number as a custom mark.
            for local, ref in enumerate(document.iter(_w("footnoteReference")), 1):
                ref.set(_w("id"), note_map[ref.get(_w("id"))])
                ref.set(_w("customMarkFollows"), "1")
                mark = etree.Element(_w("t"))
                mark.text = str(local)
                ref.addnext(mark)
            body = document.find(_w("body"))
            children = list(body)
            sect = children[-1]
            if sect.tag != _w("sectPr"):
                raise NotJoinable(f"{source.name}: the body does not end with its section")
            children = children[:-1]
            for mark in document.iter(_w("bookmarkStart"), _w("bookmarkEnd")):
                mark.set(_w("id"), str(int(mark.get(_w("id"))) + 1000 * (number + 1)))
            _restart(sect)
            # A section without header references keeps the previous section's headers (Word's
            # rule): one copy, read once (LibreOffice copies it into every section's styles).
            targets = {rid: target_ for rid, _, target_, _ in out.rels.entries}
            refs = [r for r in sect if r.tag in (_w("headerReference"), _w("footerReference"))]
            signature = tuple(sorted((r.tag, r.get(_w("type")), targets[r.get(f"{{{R}}}id")])
                                     for r in refs))  # fmt: skip
            if share_headers and number and signature == previous:
                for ref in refs:
                    sect.remove(ref)
            previous = signature
            start = etree.Element(_w("bookmarkStart"))
            start.set(_w("id"), str(900_000_000 + number))
            start.set(_w("name"), BOOKMARK.format(number))
            end = etree.Element(_w("bookmarkEnd"))
            end.set(_w("id"), str(900_000_000 + number))
            first = children[0]
            if first.tag != _w("p"):
                raise NotJoinable(f"{source.name}: the letter does not start with a paragraph")
            ppr = first.find(_w("pPr"))
            at = 0 if ppr is None else list(first).index(ppr) + 1
            first.insert(at, start)
            first.insert(at + 1, end)
            if number < len(sources) - 1:
                last = children[-1]
                if last.tag != _w("p"):
                    raise NotJoinable(f"{source.name}: the letter does not end with a paragraph")
                _keep_apart(last)
                fillers = _fillers(number, sect)
                last.find(_w("pPr")).append(sect)  # sectPr is pPr's last child but for pPrChange
                body_parts.extend(children)
                body_parts.extend(fillers)
            else:
                body_parts.extend(children)
                body_parts.append(sect)
    document = etree.fromstring(files["word/document.xml"])
    body = document.find(_w("body"))
    for child in list(body):
        body.remove(child)
    body.extend(body_parts)
    files["word/document.xml"] = etree.tostring(document, xml_declaration=True,
                                                encoding="UTF-8", standalone=True)  # fmt: skip
    if footnotes:
        notes = etree.fromstring(files["word/footnotes.xml"])
        for note in notes.findall(_w("footnote")):
            if note.get(_w("type")) is None:
                notes.remove(note)
        notes.extend(footnotes)
        files["word/footnotes.xml"] = etree.tostring(notes, xml_declaration=True,
                                                     encoding="UTF-8", standalone=True)  # fmt: skip
        files["word/_rels/footnotes.xml.rels"] = _write_rels(footnote_rels.entries)
    files["word/_rels/document.xml.rels"] = _write_rels(keep_rels + out.rels.entries)
    files.update(out.files)
    files["[Content_Types].xml"] = _content_types(files["[Content_Types].xml"], out.overrides)
    members = (Member.of(name, content, level=1) for name, content in files.items())
    atomic_write_bytes(target, package(members), durable=False)
    return titles


def _stamp(package: zipfile.ZipFile, name: str) -> tuple[int, int] | None:
    try:
        info = package.getinfo(name)
    except KeyError:
        return None
    return info.file_size, info.CRC


def _core_title(core: bytes | None) -> str | None:
    if core is None:
        return None
    title = etree.fromstring(core).find("{http://purl.org/dc/elements/1.1/}title")
    return title.text if title is not None else None


# Fields whose value depends on the whole document (a joined one would count every letter's
# pages) or on bookmarks, whose names may clash between letters.
_DOCUMENT_FIELDS = ("NUMPAGES", "SECTIONPAGES", "PAGEREF", "REF", "NOTEREF", "SEQ", "TOC")


# What a letter may hold but joining does not merge.
_UNJOINABLE = {
    "endnoteReference": "endnotes",
    "commentReference": "comments",
    "altChunk": "an embedded document",
    "subDoc": "a subdocument",
}


def _check_joinable(source: Path, document: etree._Element) -> None:
    """Refuse what joining would change: references to endnotes and comments (their parts
    are not merged), and fields that count or refer across the document."""
    for tag, what in _UNJOINABLE.items():
        if document.find(f".//{_w(tag)}") is not None:
            raise NotJoinable(f"{source.name} has {what} (w:{tag})")
    # a section of its own inside the letter would take its headers from the letter before
    if document.find(f".//{_w('pPr')}/{_w('sectPr')}") is not None:
        raise NotJoinable(f"{source.name} has more than one section")
    _check_fields(source.name, document)


def _check_fields(where: str, root: etree._Element) -> None:
    codes = [field.get(_w("instr"), "") for field in root.iter(_w("fldSimple"))]
    codes += [code.text or "" for code in root.iter(_w("instrText"))]
    for code in codes:
        words = code.split()
        if words and words[0].upper() in _DOCUMENT_FIELDS:
            raise NotJoinable(
                f"{where} has a {words[0].upper()} field, which counts or refers across the"
                " whole document"
            )


def _default_lang(styles: bytes) -> dict[str, str] | None:
    """The document's default language (``w:docDefaults``), where no style sets one: a run
    tagged with it then reads the same without the tag."""
    root = etree.fromstring(styles)
    tags = list(root.iter(_w("lang")))
    default = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}/{_w('lang')}")
    if default is None or any(tag is not default for tag in tags):
        return None
    return dict(default.attrib)


def _drop_lang(root: etree._Element, lang: dict[str, str]) -> None:
    """Drop the language tag of every run (and paragraph mark) tagged with the document's
    default language, and the run properties left empty.

    The renderer tags every run with the letter's language (Word proof-reads by it), which
    is also the document's default; a run without the tag reads the same. LibreOffice 7.4
    sets each tag as it loads a run, about 7% of a joined document's time."""
    for tag in list(root.iter(_w("lang"))):
        rpr = tag.getparent()
        if rpr is None or rpr.tag != _w("rPr") or dict(tag.attrib) != lang:
            continue
        rpr.remove(tag)
        holder = rpr.getparent()
        if len(rpr) == 0 and not rpr.attrib and holder is not None and holder.tag == _w("r"):
            holder.remove(rpr)


def _keep_apart(paragraph: etree._Element) -> None:
    """Let a letter's last paragraph go without the next one, as it does alone, where no
    paragraph follows it: a "keep with next" from its style would pull it onto the next
    letter's page."""
    ppr = paragraph.find(_w("pPr"))
    if ppr is None:
        ppr = etree.Element(_w("pPr"))
        paragraph.insert(0, ppr)
    for old in ppr.findall(_w("keepNext")):
        ppr.remove(old)
    keep = etree.Element(_w("keepNext"))
    keep.set(_w("val"), "0")
    style = ppr.find(_w("pStyle"))  # keepNext comes right after it (CT_PPrBase)
    ppr.insert(0 if style is None else list(ppr).index(style) + 1, keep)


def _fillers(number: int, sect: etree._Element) -> list[etree._Element]:
    """A section of its own after letter ``number``'s, marked by a bookmark: an empty page
    numbered 2, so that the next letter's page 1 always follows an even page.

    LibreOffice puts an odd page number on a right-hand page, and before a section that
    starts again at 1 right after an odd page it inserts a blank page (left out of the
    PDF). A letter whose page count changes while LibreOffice lays it out (footnotes
    against "keep with next", say) made that blank page come and go before the next
    letter, and the next letter's page breaks then fell elsewhere than they do alone.
    The split leaves the empty page out (and a blank page LibreOffice may put before it).
    """
    filler = deepcopy(sect)  # its headers too, or the next letter could not inherit them
    pages = filler.find(_w("pgNumType"))
    if pages is None:
        pages = _insert(filler, "pgNumType")
    pages.set(_w("start"), "2")
    kind = filler.find(_w("type"))
    if kind is None:
        kind = _insert(filler, "type")
    kind.set(_w("val"), "nextPage")
    marked = etree.Element(_w("p"))
    for tag in ("bookmarkStart", "bookmarkEnd"):
        mark = etree.SubElement(marked, _w(tag))
        mark.set(_w("id"), str(950_000_000 + number))
        if tag == "bookmarkStart":
            mark.set(_w("name"), FILLER.format(number))
    # the section's properties in a paragraph of their own, which LibreOffice drops
    closing = etree.Element(_w("p"))
    etree.SubElement(closing, _w("pPr")).append(filler)
    return [marked, closing]


def _restart(sect: etree._Element) -> None:
    """Page numbers start again (at 1, or where the letter's section starts them), and the
    section on a new page. (Footnote numbers are
    written as marks: LibreOffice ignores a section's footnote restart, and a section with
    footnote settings of its own lays its footnotes out differently from a document.)"""
    kind = sect.find(_w("type"))
    if kind is None:
        kind = _insert(sect, "type")
    kind.set(_w("val"), "nextPage")
    pages = sect.find(_w("pgNumType"))
    if pages is None:
        pages = _insert(sect, "pgNumType")
    if pages.get(_w("start")) is None:  # a letter numbered from 5 stays so
        pages.set(_w("start"), "1")


def _insert(sect: etree._Element, tag: str) -> etree._Element:
    rank = _SECT_ORDER.index(tag)
    element = etree.Element(_w(tag))
    for position, child in enumerate(sect):
        name = etree.QName(child).localname
        if name in _SECT_ORDER and _SECT_ORDER.index(name) > rank:
            sect.insert(position, element)
            return element
    sect.append(element)
    return element


def _read_rels(data: bytes) -> list[_Rel]:
    root = etree.fromstring(data)
    return [
        (rel.get("Id"), rel.get("Type"), rel.get("Target"), rel.get("TargetMode"))
        for rel in root.findall(f"{{{PR}}}Relationship")
    ]


def _write_rels(rels: list[_Rel]) -> bytes:
    root = etree.Element(f"{{{PR}}}Relationships", nsmap={None: PR})
    for rid, rtype, target, mode in rels:
        rel = etree.SubElement(root, f"{{{PR}}}Relationship", Id=rid, Type=rtype, Target=target)
        if mode:
            rel.set("TargetMode", mode)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return f"{folder}/_rels/{name}.rels"


def _copy_rels(
    parts: Mapping[str, bytes],
    part: str,
    prefix: str,
    out: _Out,
    *,
    into: _Rels | None = None,
) -> dict[str, str]:
    """Copy ``part``'s per-letter relationships (and their parts) into ``out``; old id -> new."""
    rels_name = _rels_name(part)
    if rels_name not in parts:
        return {}
    into = out.rels if into is None else into
    mapping: dict[str, str] = {}
    for rid, rtype, target, mode in _read_rels(parts[rels_name]):
        if rtype not in _PER_LETTER:
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
            sub = _Out(files=out.files, overrides=out.overrides, media=out.media, rels=_Rels())
            sub_map = _copy_rels(parts, source, prefix, sub)
            root = etree.fromstring(content)
            _check_fields(source, root)  # "page 1 of NUMPAGES" would count every letter
            _rename_ids(root, sub_map)
            out.files[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                             standalone=True)  # fmt: skip
            if sub.rels.entries:
                out.files[_rels_name(name)] = _write_rels(sub.rels.entries)
            out.overrides["/" + name] = _PART_TYPES[rtype]
        relative = posixpath.relpath(name, posixpath.dirname(part))
        mapping[rid] = into.add(new_id, rtype, relative, None)
    return mapping


def _rename_ids(root: etree._Element, mapping: dict[str, str]) -> None:
    if not mapping:
        return
    for element in root.iter():
        for attribute, value in element.attrib.items():
            if attribute.startswith(f"{{{R}}}") and value in mapping:
                element.set(attribute, mapping[value])


def _content_types(data: bytes, overrides: dict[str, str]) -> bytes:
    root = etree.fromstring(data)
    for override in root.findall(f"{{{CT}}}Override"):
        name = override.get("PartName")
        if name.startswith(("/word/header", "/word/footer")):
            root.remove(override)
    for name, kind in overrides.items():
        etree.SubElement(root, f"{{{CT}}}Override", PartName=name, ContentType=kind)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
