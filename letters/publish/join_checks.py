"""What joining letters into one document would change, refused before anything is joined:
:class:`NotJoinable`, raised by :func:`check_joinable` (endnotes, comments, embedded documents,
a second section) and :func:`check_fields` (fields that count or refer across the document).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from letters.errors import LettersError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


class NotJoinable(LettersError):
    """Raised when letters cannot be joined safely; convert them one by one instead."""


def w(tag: str) -> str:
    """``tag`` in the WordprocessingML namespace, as lxml names it."""
    return f"{{{W}}}{tag}"


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


def check_joinable(source: Path, document: etree._Element) -> None:
    """Refuse what joining would change: references to endnotes and comments (their parts
    are not merged), and fields that count or refer across the document."""
    for tag, what in _UNJOINABLE.items():
        if document.find(f".//{w(tag)}") is not None:
            raise NotJoinable(f"{source.name} has {what} (w:{tag})")
    # a section of its own inside the letter would take its headers from the letter before
    if document.find(f".//{w('pPr')}/{w('sectPr')}") is not None:
        raise NotJoinable(f"{source.name} has more than one section")
    check_fields(source.name, document)


def check_fields(where: str, root: etree._Element) -> None:
    """Refuse a field in ``root`` (of ``where``) that counts or refers across the whole
    document: joined, it would count every letter's pages, or refer to a bookmark
    another letter may name alike."""
    codes = [field.get(w("instr"), "") for field in root.iter(w("fldSimple"))]
    codes += [code.text or "" for code in root.iter(w("instrText"))]
    for code in codes:
        words = code.split()
        if words and words[0].upper() in _DOCUMENT_FIELDS:
            raise NotJoinable(
                f"{where} has a {words[0].upper()} field, which counts or refers across the"
                " whole document"
            )
