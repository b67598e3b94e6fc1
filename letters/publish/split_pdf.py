"""Split the PDF of a joined document back into one PDF per letter.

Each letter's pages are found from the named destinations of the bookmarks `join` placed at
its start and at the empty page after it; each part keeps the catalogue entries and
metadata, gets its own title and pinned dates, and in PDF/A its own share of the tagged
structure.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from letters.errors import LettersError
from letters.publish.join_docx import BOOKMARK, FILLER
from letters.publish.pdf_save import save_pdf
from letters.publish.pdfdates import pin


def marks(pdf: pikepdf.Pdf, prefix: str) -> dict[int, int]:
    """Number -> index of the page of each named destination ``prefix<number>``."""
    pages: dict[tuple[int, int], int] = {
        page.obj.objgen: index for index, page in enumerate(pdf.pages)
    }
    found: dict[int, int] = {}
    names = pdf.Root.get("/Names")
    tree = names.get("/Dests") if names is not None else None
    entries: list[tuple[str, pikepdf.Object]] = []
    if tree is not None:
        entries = [(str(k), v) for k, v in pikepdf.NameTree(tree).items()]
    elif "/Dests" in pdf.Root:
        entries = [(str(k)[1:], v) for k, v in pdf.Root.Dests.items()]
    for name, dest in entries:
        number = name.removeprefix(prefix)
        if number == name or not number.isdigit():
            continue
        if isinstance(dest, pikepdf.Dictionary):
            dest = dest.D
        found[int(number)] = pages[dest[0].objgen]
    return found


def _letter_pages(pdf: pikepdf.Pdf, letters: int) -> list[range]:
    """The pages of each letter in a joined PDF, from the marks at its start and end."""
    starts = marks(pdf, BOOKMARK.format(0)[:-5])
    ends = marks(pdf, FILLER.format(0)[:-5])
    if sorted(starts) != list(range(letters)) or sorted(ends) != list(range(letters - 1)):
        raise LettersError(
            f"the joined PDF marks the starts of {len(starts)} and the ends of {len(ends)}"
            f" of {letters} letters"
        )
    ends[letters - 1] = len(pdf.pages)
    found = [range(starts[n], ends[n]) for n in range(letters)]
    for number, pages in enumerate(found):
        # one empty page after each letter but the last (two, should LibreOffice add one)
        gap = starts[number + 1] - pages.stop if number + 1 < letters else 1
        if not pages or gap not in (1, 2):
            raise LettersError(f"the joined PDF's letter {number + 1} is not where it should be")
    return found


def split(
    joined: Path,
    targets: Sequence[Path | None],
    titles: Sequence[str | None],
    day: datetime.date | None = None,
) -> list[int]:
    """Cut ``joined`` into one PDF per letter, written to ``targets`` in letter order (a
    letter whose target is None is not written); the page count of each letter.

    Each part keeps the joined PDF's catalogue entries, metadata and, for PDF/A, its own
    share of the tagged structure. LibreOffice takes the title from the document's (the
    first letter's), so each letter's own, from ``titles``, replaces it. With ``day``,
    every timestamp is that day and /ID comes from the content, as `pin_dates` does.
    Raises `LettersError` when the PDF does not mark where every letter starts.
    """
    counts = []
    with pikepdf.open(joined) as pdf:
        letters = _letter_pages(pdf, len(targets))
        if day is not None:
            pin(pdf, day)
        structure = _sort_structure(pdf, letters)
        for number, target in enumerate(targets):
            pages = letters[number]
            counts.append(len(pages))
            if target is None:
                continue
            part = pikepdf.new()
            part.pages.extend(pdf.pages[pages.start : pages.stop])
            for key in ("/Lang", "/MarkInfo", "/OutputIntents", "/ViewerPreferences"):
                if key in pdf.Root:
                    part.Root[key] = _copied(pdf.Root[key], pdf, part)
            if "/Metadata" in pdf.Root:
                part.Root.Metadata = part.copy_foreign(pdf.Root.Metadata)
            for key, value in pdf.docinfo.items():
                part.docinfo[key] = _copied(value, pdf, part)
            title = titles[number]
            if title is not None:
                part.docinfo[pikepdf.Name.Title] = title
            if "/OpenAction" in pdf.Root:  # LibreOffice's: open at the first page, /XYZ
                # never copy its page: that is the first letter's, and would ride along
                view = [_copied(item, pdf, part) for item in list(pdf.Root.OpenAction)[1:]]
                part.Root.OpenAction = pikepdf.Array([part.pages[0].obj, *view])
            _copy_structure(structure, part, number)
            if title is not None and "/Metadata" in part.Root:
                with part.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
                    xmp["dc:title"] = title
            version = pdf.pdf_version  # durable=False: the batch flushes its files
            save_pdf(part, target, durable=False, deterministic_id=True, force_version=version)
    return counts


def _copied(value: object, source: pikepdf.Pdf, part: pikepdf.Pdf) -> object:
    """``value`` of ``source``, for ``part``: a dictionary or array copied with what it
    refers to, a string or name as a new one (pikepdf before 10 refuses another file's)."""
    if isinstance(value, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)):
        return part.copy_foreign(source.make_indirect(value))
    if isinstance(value, pikepdf.String):
        return pikepdf.String(bytes(value))
    if isinstance(value, pikepdf.Name):
        return pikepdf.Name(str(value))
    return value


@dataclass
class _Structure:
    """A tagged PDF's structure, sorted by letter once: kids and parent-tree entries."""

    root: pikepdf.Object
    document: pikepdf.Object
    kids: list[pikepdf.Array]
    nums: list[pikepdf.Array]


def _sort_structure(pdf: pikepdf.Pdf, letters: list[range]) -> _Structure | None:
    """A PDF/A export is tagged: one Document element whose kids are the paragraphs in
    reading order, and a parent tree from each page's (and link's) key to its elements.
    What belongs to no letter's pages (the empty pages between letters) is dropped."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return None
    document = root.K
    if isinstance(document, pikepdf.Array) and len(document) == 1:
        document = document[0]
    if not isinstance(document, pikepdf.Dictionary) or document.get("/S") != "/Document":
        raise LettersError("tagged PDF without one Document element; cannot split it")
    letter_of_page: dict[tuple[int, int], int] = {}
    key_letter: dict[int, int] = {}
    for number, pages in enumerate(letters):
        for index in pages:
            page = pdf.pages[index].obj
            letter_of_page[page.objgen] = number
            if "/StructParents" in page:
                key_letter[int(page.StructParents)] = number
            for annot in page.get("/Annots", []):
                if "/StructParent" in annot:
                    key_letter[int(annot.StructParent)] = number
    kids = [pikepdf.Array() for _ in letters]
    owner: int | None = 0
    for kid in document.K:
        first = _first_page(kid)
        if first is not None:
            owner = letter_of_page.get(first)
        if owner is not None:
            kids[owner].append(kid)
    nums = [pikepdf.Array() for _ in letters]
    old = list(root.ParentTree.Nums)
    for key, value in zip(old[::2], old[1::2], strict=False):
        keyed = key_letter.get(int(key))
        if keyed is not None:
            nums[keyed].extend([key, value])
    return _Structure(root, document, kids, nums)


def _copy_structure(structure: _Structure | None, part: pikepdf.Pdf, number: int) -> None:
    """Give ``part`` (letter ``number``, its pages already copied) its tagged structure: the
    source tree narrowed to the letter's kids and entries, then copied; qpdf maps the /Pg
    references to the pages copied before."""
    if structure is None:
        return
    structure.document.K = structure.kids[number]
    structure.root.ParentTree = pikepdf.Dictionary(Nums=structure.nums[number])
    part.Root.StructTreeRoot = part.copy_foreign(structure.root)


def _first_page(element: object) -> tuple[int, int] | None:
    if isinstance(element, pikepdf.Dictionary):
        if "/Pg" in element:
            return element.Pg.objgen
        kids = element.get("/K")
        if kids is None:
            return None
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            found = _first_page(kid)
            if found is not None:
                return found
    return None
