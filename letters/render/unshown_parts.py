"""What a template's package would carry into a letter and no page shows: a header or footer
no section shows (an even-page one without 'Different Odd & Even Pages', a first-page one
without 'Different First Page', one no section uses), a document part other than
word/document.xml, a footnote or endnote no mark in the text refers to, and a picture a
part relates and draws nowhere. Each function gives the problems of one kind, as
:func:`letters.render.package_check.check_docx` lists them.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from lxml import etree

from letters.render.docxpost import PKG_REL, w
from letters.render.unseen import SAVE_AGAIN, shown, where

__all__ = ["DOCUMENT_RELS", "unshown_notes", "unshown_parts", "unshown_pictures"]

DOCUMENT_RELS = "word/_rels/document.xml.rels"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


_HEADERS = ("header", "footer")
_ON_PAGES = {
    "even": (
        "an even-page",
        "the template has no different odd and even pages",
        "Odd & Even Pages",
    ),
    "first": ("a first-page", "its section has no different first page", "First Page"),
}


def _on(holder: etree._Element | None, tag: str) -> bool:
    found = holder.find(w(tag)) if holder is not None else None
    return found is not None and found.get(w("val"), "1").lower() not in ("0", "false", "off")


def unshown_parts(parsed: Callable[[str], etree._Element | None]) -> list[str]:
    """The problems of a package whose document is not word/document.xml, and of each header
    and footer no page shows: Word and LibreOffice leave it out, and the file carries it."""
    package_rels = parsed("_rels/.rels")
    for rel in package_rels.iter(f"{{{PKG_REL}}}Relationship") if package_rels is not None else ():
        target = posixpath.normpath(rel.get("Target", "").lstrip("/"))
        if rel.get("Type", "").endswith("/officeDocument") and target != "word/document.xml":
            return [
                f"_rels/.rels makes {shown(target)} the document, not word/document.xml;"
                f" {SAVE_AGAIN}"
            ]
    rels, document = parsed(DOCUMENT_RELS), parsed("word/document.xml")
    if rels is None or document is None:
        return []
    parts = {
        rel.get("Id", ""): (kind, posixpath.normpath(f"word/{rel.get('Target', '')}"))
        for rel in rels.iter(f"{{{PKG_REL}}}Relationship")
        if (kind := rel.get("Type", "").rpartition("/")[2]) in _HEADERS
    }
    even_pages = _on(parsed("word/settings.xml"), "evenAndOddHeaders")
    shown_ids: set[str] = set()
    unshown: dict[str, str] = {}
    for section in document.iter(w("sectPr")):
        for reference in section.iter(w("headerReference"), w("footerReference")):
            rid, kind = reference.get(f"{{{_R}}}id", ""), reference.get(w("type"), "default")
            if kind == "default" or (even_pages if kind == "even" else _on(section, "titlePg")):
                shown_ids.add(rid)
            elif kind in _ON_PAGES and rid in parts:
                which, why, tick = _ON_PAGES[kind]
                what, part = parts[rid]
                unshown[rid] = (
                    f"{part} is {which} {what} that no page shows ({why}); delete it, or tick"
                    f" 'Different {tick}' (Word: Insert › {what.title()})"
                )
    return [
        unshown.get(rid, f"{part} is a {what} no section uses, so no page shows it; delete it")
        for rid, (what, part) in sorted(parts.items(), key=lambda item: item[1][1])
        if rid not in shown_ids
    ]


def _target(folder: str, target: str) -> str:
    """The part a relationship of a part in ``folder`` names (from the package's root if
    ``target`` begins with a slash)."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


_NOTES = {"footnotes": "footnote", "endnotes": "endnote"}
# What tracked changes a template holds are accepted before it is rendered
# (letters.render.docxpost): a mark in deleted text is not in the letter.
_DELETED = (w("del"), w("moveFrom"))
_NO_NOTE_SHOWS = "delete it (LibreOffice leaves it out when it saves the template as .docx)"


def unshown_notes(parsed: Callable[[str], etree._Element | None]) -> list[str]:
    """The problems of each footnote and endnote that no mark in the text refers to: no page
    shows it, and the letter would carry it."""
    rels, document = parsed(DOCUMENT_RELS), parsed("word/document.xml")
    if rels is None or document is None:
        return []
    problems = []
    for rel in rels.iter(f"{{{PKG_REL}}}Relationship"):
        kind = rel.get("Type", "").rpartition("/")[2]
        part = _target("word", rel.get("Target", ""))
        notes = parsed(part) if kind in _NOTES else None
        if notes is None or rel.get("TargetMode", "").lower() == "external":
            continue
        note = _NOTES[kind]
        marked = {
            mark.get(w("id"))
            for mark in document.iter(w(f"{note}Reference"))
            if next(mark.iterancestors(*_DELETED), None) is None
        }
        for unmarked in notes.iter(w(note)):
            if unmarked.get(w("type"), "normal") != "normal" or unmarked.get(w("id")) in marked:
                continue  # a separator is shown by the notes it separates
            text = next(unmarked.iter(w("t")), unmarked)
            problems.append(
                f"{part}{where(text)}: a {note} that no {note} mark in the text refers to, so no"
                f" page shows it; {_NO_NOTE_SHOWS}"
            )
    return problems


_PICTURE = "/image"
_RELS_PART = re.compile(r"(.*/)?_rels/([^/]+)\.rels")


def unshown_pictures(names: list[str], parsed: Callable[[str], etree._Element | None]) -> list[str]:
    """The problems of each picture a part relates and does not show (no drawing names its
    relationship): no page shows it, and the letter would carry it."""
    problems = []
    for rels_name in names:
        found = _RELS_PART.fullmatch(rels_name)
        if found is None:
            continue
        holder = f"{found.group(1) or ''}{found.group(2)}"
        rels, root = parsed(rels_name), parsed(holder)
        if rels is None or root is None:
            continue
        named = {value for e in root.iter(etree.Element) for value in e.attrib.values()}
        for rel in rels.iter(f"{{{PKG_REL}}}Relationship"):
            external = rel.get("TargetMode", "").lower() == "external"  # refused as such
            picture = rel.get("Type", "").endswith(_PICTURE) and not external
            if picture and rel.get("Id") not in named:
                part = _target(posixpath.dirname(holder), rel.get("Target", ""))
                problems.append(
                    f"{shown(part)} is a picture {holder} holds and shows nowhere, so no page"
                    f" shows it; {_NO_NOTE_SHOWS}"
                )
    return problems
