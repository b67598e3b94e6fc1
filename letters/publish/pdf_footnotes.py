"""Footnotes a PDF prints on another page than their marks.

Word keeps a footnote on the page of its mark: when the note does not fit below the line
that holds the mark, the line goes to the next page. LibreOffice 7.4 sometimes leaves the
line where it is and prints the whole note at the foot of the next page (seen with a mark
on a page's second-to-last line, the footnote area already holding two notes). The letter
then reads wrongly on paper, and nobody checks 2,000 PDFs by eye, so a build says which.

LibreOffice links each footnote mark to its note and the note's number back to the mark:
two internal links, one each way. A pair whose two ends are on different pages is such a
footnote; the marks, in reading order, give the footnotes' numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pikepdf


@dataclass(frozen=True)
class Separated:
    """Footnote ``number`` (from 1, in reading order): its mark on ``mark_page``, its note
    on ``note_page`` (pages from 1)."""

    number: int
    mark_page: int
    note_page: int


def footnote_pages(pdf_path: Path) -> list[tuple[int, int]]:
    """For each footnote of ``pdf_path``, in order, the pages (from 1) of its mark and of
    its note."""
    with pikepdf.open(pdf_path) as pdf:
        return _footnote_pages(_links(pdf))


def separated_footnotes(pdf_path: Path) -> list[Separated]:
    """The footnotes of ``pdf_path`` printed on another page than their marks."""
    return [
        Separated(number, mark, note)
        for number, (mark, note) in enumerate(footnote_pages(pdf_path), start=1)
        if mark != note
    ]


@dataclass(frozen=True)
class _Link:
    page: int  # where the link is, from 0
    box: tuple[float, float, float, float]  # left, bottom, right, top
    target: int  # the page it leads to, from 0
    point: tuple[float, float]  # where on that page

    def leads_to(self, other: _Link) -> bool:
        """Whether this link leads to ``other`` (LibreOffice puts the destination on a
        corner of the linked rectangle, give or take a point)."""
        x, y = self.point
        left, bottom, right, top = other.box
        near = 3.0
        return (
            self.target == other.page
            and left - near <= x <= right + near
            and bottom - near <= y <= top + near
        )


def _links(pdf: pikepdf.Pdf) -> list[_Link]:
    """The links of ``pdf`` that lead to a place on one of its pages."""
    index = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
    found = []
    for number, page in enumerate(pdf.pages):
        for annot in page.get("/Annots", []):
            if annot.get("/Subtype") != "/Link" or "/Rect" not in annot:
                continue
            dest = annot.get("/Dest")
            action = annot.get("/A")
            if dest is None and action is not None and action.get("/S") == "/GoTo":
                dest = action.get("/D")
            # [page /XYZ left top zoom]; an address outside or a named destination is not
            if not isinstance(dest, pikepdf.Array) or len(dest) < 4:
                continue
            if not isinstance(dest[0], pikepdf.Dictionary) or dest[0].objgen not in index:
                continue
            try:
                point = (float(dest[2]), float(dest[3]))
                x1, y1, x2, y2 = (float(value) for value in annot.Rect)
            except (TypeError, ValueError):  # a null coordinate: keep the current one
                continue
            box = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
            found.append(_Link(number, box, index[dest[0].objgen], point))
    return found


def _footnote_pages(links: list[_Link]) -> list[tuple[int, int]]:
    marks: list[tuple[_Link, _Link]] = []  # (mark, note)
    paired: set[int] = set()
    for first, one in enumerate(links):
        if first in paired:  # already the other end of an earlier link's pair
            continue
        for second in range(first + 1, len(links)):
            other = links[second]
            if second in paired or not (one.leads_to(other) and other.leads_to(one)):
                continue
            paired |= {first, second}
            # the mark comes first: on an earlier page, or above its note on the same one
            if (one.page, -one.box[1]) <= (other.page, -other.box[1]):
                marks.append((one, other))
            else:
                marks.append((other, one))
            break
    marks.sort(key=lambda pair: (pair[0].page, -pair[0].box[3], pair[0].box[0]))
    return [(mark.page + 1, note.page + 1) for mark, note in marks]
