"""Join rendered letters of one template and language into one .docx, each letter a section.

What `letters.publish.joined` converts: see its docstring for why each step is there. What
joining would change is refused first (`letters.publish.join_checks`); each letter's
relationships, and the headers, footers and pictures they bring, are copied by
`letters.publish.join_rels`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Collection, Iterator, Mapping, Sequence
from copy import deepcopy
from pathlib import Path

from lxml import etree

from letters.files.atomic import atomic_write_bytes
from letters.publish.join_checks import NotJoinable, check_joinable
from letters.publish.join_checks import w as _w
from letters.publish.join_rels import (
    PER_LETTER,
    Out,
    R,
    Rel,
    Rels,
    content_types,
    copy_rels,
    read_rels,
    rename_ids,
    write_rels,
)
from letters.render.zipout import Member, package

# Parts every letter of a template shares; a letter whose copy differs cannot be joined.
_SHARED = ("word/styles.xml", "word/numbering.xml", "word/settings.xml", "word/fontTable.xml")
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


def join(sources: Sequence[Path], target: Path, *, share_headers: bool = True) -> list[str | None]:
    """Write ``sources`` (rendered letters of one template and language) as one .docx, never
    half of it; the title of each letter (its ``docProps/core.xml``), which its PDF takes.

    Raises `NotJoinable` where joining would change a letter: parts every letter must
    share (styles, numbering, settings, fonts) that differ, and what `check_joinable`
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
    out = Out(files={}, overrides={}, media={}, rels=Rels())
    keep_rels: list[Rel] = []
    for rid, rtype, target_, mode in read_rels(files["word/_rels/document.xml.rels"]):
        if rtype not in PER_LETTER:
            keep_rels.append((rid, rtype, target_, mode))
    # the base's per-letter parts go; each letter brings its own
    for name in list(files):
        if name.startswith(("word/header", "word/footer", "word/media/", "word/_rels/header",
                            "word/_rels/footer")):  # fmt: skip
            del files[name]
    body_parts: list[etree._Element] = []
    footnotes: list[etree._Element] = []
    footnote_rels = Rels()
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
            check_joinable(source, document)
            if default_lang is not None:
                _drop_lang(document, default_lang)
            mapping = copy_rels(parts, "word/document.xml", prefix, out)
            rename_ids(document, mapping)
            # footnotes: new ids, their own relationships renamed likewise
            note_map: dict[str, str] = {}
            if "word/footnotes.xml" in parts:
                fn_mapping = copy_rels(parts, "word/footnotes.xml", prefix, out, into=footnote_rels)
                notes = etree.fromstring(parts["word/footnotes.xml"])
                for note in notes.findall(_w("footnote")):
                    if note.get(_w("type")) in ("separator", "continuationSeparator",
                                                "continuationNotice"):  # fmt: skip
                        continue
                    new = str(next_footnote)
                    next_footnote += 1
                    note_map[note.get(_w("id"))] = new
                    note.set(_w("id"), new)
                    rename_ids(note, fn_mapping)
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
        files["word/_rels/footnotes.xml.rels"] = write_rels(footnote_rels.entries)
    files["word/_rels/document.xml.rels"] = write_rels(keep_rels + out.rels.entries)
    files.update(out.files)
    files["[Content_Types].xml"] = content_types(files["[Content_Types].xml"], out.overrides)
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
