"""One print file per batch: every letter's PDF joined in order, ready for the printer.

Printing two thousand letters one file at a time is slow and error-prone; one
file prints in one job, in the order the letters were planned (by constituency,
say, for posting).

Choices, and why:

* pikepdf (qpdf) copies pages without re-rendering them, so the print file
  shows exactly what was reviewed. Each source is opened, copied and closed
  before the next: pikepdf copies the stream data at once, so two thousand
  letters never hold two thousand files open.
* Letters from one template embed the same fonts and images again and again.
  Identical streams and font dictionaries are kept once, which makes the file a
  fraction of the size and lets the printer load each font once.
* Every source is checked before anything is written; the file is written to a
  temporary name and renamed, so an interrupted run leaves the old print file
  or none, never half of one.
* The output depends only on the input bytes (``deterministic_id``; no dates),
  so rebuilding an unchanged batch gives a byte-identical file.
* LibreOffice names the font subsets of every letter alike (``BAAAAA+LiberationSerif``)
  though each holds that letter's glyphs. One file must give different subsets different
  names (ISO 32000-1, 9.6.4): a printer that keeps fonts by name would print one letter
  with another's glyphs. So a subset whose name another subset already has is renamed,
  its new tag made from its bytes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from letters.errors import LettersError, Problem
from letters.publish.pdf_save import save_pdf_streamed

__all__ = ["join_pdfs"]

# Links upwards; following them would walk the whole page tree.
_UPWARD_KEYS = frozenset({"/Parent", "/P"})
_DUPLEX_VERSION = "1.7"  # /ViewerPreferences /Duplex is a PDF 1.7 key


def join_pdfs(
    sources: Sequence[Path],
    target: Path,
    *,
    duplex: bool = True,
    root: Path | None = None,
) -> int:
    """Join ``sources`` in order into ``target``; return the number of pages written.

    With ``duplex`` (the default) every letter starts on a new sheet when the
    file is printed double-sided: a letter with an odd number of pages that is
    not the last is followed by a blank page of the size of its last page, so
    duplex printing never puts the end of one letter and the start of the next
    on the two sides of one sheet. The file also asks the print dialog for
    double-sided printing (long-edge binding). ``duplex=False`` adds nothing.

    Problems with sources are reported with names relative to ``root``
    (default: the target's folder); the target is then left untouched.
    """
    if not sources:
        raise LettersError("No PDF files to join; the print file was not written.")
    base = (root or target.parent).absolute()
    joined = pikepdf.new()
    sharing = _Sharing()
    pages: list[pikepdf.Object] = []
    problems: list[Problem] = []
    version = "1.4"
    for n, source in enumerate(sources):
        name = _shown(source, base)
        try:
            with pikepdf.open(source, attempt_recovery=False) as pdf:
                count = len(pdf.pages)
                if count and not problems:  # after a problem, only look for more
                    version = max(version, pdf.pdf_version, key=_version_key)
                    for page in pdf.pages:
                        pages.append(sharing.share(joined.copy_foreign(page.obj)))
                    if duplex and count % 2 and n < len(sources) - 1:
                        pages.append(_blank_like(joined, pdf.pages[-1]))
        except pikepdf.PasswordError:
            problems.append(Problem(name, message="is encrypted"))
        except pikepdf.PdfError:
            problems.append(Problem(name, message="is damaged or not a PDF"))
        except OSError as exc:
            problems.append(Problem(name, message=f"cannot be read ({exc.strerror})"))
        else:
            if not count:
                problems.append(Problem(name, message="has no pages"))
    if problems:
        noun = "PDF file" if len(problems) == 1 else "PDF files"
        raise LettersError(
            f"{len(problems)} {noun} could not be joined; the print file was not written:",
            problems,
        )
    _set_pages(joined, pages)
    _name_subsets_apart(pages)
    if duplex:
        joined.Root.ViewerPreferences = Dictionary(Duplex=Name.DuplexFlipLongEdge)
        version = max(version, _DUPLEX_VERSION, key=_version_key)
    _save_atomically(joined, target, version)
    return len(pages)


def _set_pages(pdf: pikepdf.Pdf, pages: list[pikepdf.Object]) -> None:
    """Make ``pages`` the page list of ``pdf``, which has none yet.

    Each change to pikepdf's page list takes time in proportion to its length
    (measured with pikepdf 10.17), so appending thousands of pages one by one
    grows with the square of their number; building the tree once is linear.
    ``copy_foreign`` leaves out a page's /Parent, which is set here.
    """
    tree = pdf.Root.Pages
    for page in pages:
        page.Parent = tree
    tree.Kids = Array(pages)
    tree.Count = len(pages)


class _Sharing:
    """Replaces each copy of a stream or dictionary (fonts, resources) with the first one seen.

    Works bottom-up, so two fonts whose font files were merged become equal
    and are merged too.
    """

    def __init__(self) -> None:
        self._first: dict[bytes, pikepdf.Object] = {}
        self._seen: dict[tuple[int, int], pikepdf.Object] = {}

    def share(self, page: pikepdf.Object) -> pikepdf.Object:
        """``page`` (not shared itself), now referring to the first copy of each part."""
        self._children(page)
        return page

    def _visit(self, obj: pikepdf.Object) -> pikepdf.Object:
        """The object to refer to instead of ``obj`` (``obj`` itself if it is the first)."""
        if not obj.is_indirect:
            self._children(obj)
            return obj
        seen = self._seen.get(obj.objgen)
        if seen is not None:
            return seen
        self._seen[obj.objgen] = obj  # guards against cycles while below it
        if isinstance(obj, Dictionary) and obj.get("/Type") in (Name.Page, Name.Pages):
            return obj  # a link to a page: leave it to the page's own turn
        self._children(obj)
        if isinstance(obj, Stream):
            key = b"S" + obj.stream_dict.unparse() + b"\0" + obj.read_raw_bytes()
        elif isinstance(obj, Dictionary) and _shareable(obj):
            key = b"D" + obj.unparse(resolved=True)
        else:
            return obj
        first = self._first.setdefault(hashlib.sha256(key).digest(), obj)
        if first.objgen != obj.objgen:
            self._seen[obj.objgen] = first
            if isinstance(obj, Stream):
                obj.write(b"")  # unreferenced from now on; free its memory before saving
        return first

    def _children(self, obj: pikepdf.Object) -> None:
        text = obj.stream_dict.unparse() if isinstance(obj, Stream) else obj.unparse(resolved=True)
        if b" R" not in text:
            return  # no references below (a /Widths array, say): nothing to share
        if isinstance(obj, Array):
            for i, item in enumerate(obj):
                if isinstance(item, (Dictionary, Array, Stream)):
                    replacement = self._visit(item)
                    if replacement.objgen != item.objgen:
                        obj[i] = replacement
        elif isinstance(obj, (Dictionary, Stream)):
            for key in list(obj.keys()):
                if key in _UPWARD_KEYS:
                    continue
                item = obj[key]
                if isinstance(item, (Dictionary, Array, Stream)):
                    replacement = self._visit(item)
                    if replacement.objgen != item.objgen:
                        obj[key] = replacement


_SUBSET = re.compile(r"/([A-Z]{6})\+(.+)")
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def _name_subsets_apart(pages: list[pikepdf.Object]) -> None:
    """Rename each font subset that has the name of a different one (another program)."""
    programs: dict[str, tuple[int, int]] = {}  # subset name: the font program that has it
    renamed: dict[tuple[int, int], str] = {}  # font descriptor: its new name
    for font in _fonts(pages):
        descriptor = font.get("/FontDescriptor")
        if not isinstance(descriptor, Dictionary) or descriptor.objgen in renamed:
            continue
        name = str(descriptor.get("/FontName", ""))
        found = _SUBSET.fullmatch(name)
        program = next((descriptor[key] for key in _FONT_FILES if key in descriptor), None)
        if found is None or not isinstance(program, Stream):
            continue
        owner = programs.setdefault(name, program.objgen)
        if owner == program.objgen:
            continue
        digest = hashlib.sha256(program.read_raw_bytes()).digest()
        new = name
        while new in programs:
            tag = "".join(chr(ord("A") + byte % 26) for byte in digest[:6])
            new = f"/{tag}+{found.group(2)}"
            digest = hashlib.sha256(digest).digest()
        programs[new] = program.objgen
        renamed[descriptor.objgen] = new
        descriptor.FontName = Name(new)
    if not renamed:
        return
    for font in _fonts(pages):
        descriptor = font.get("/FontDescriptor")
        if isinstance(descriptor, Dictionary) and descriptor.objgen in renamed:
            font.BaseFont = Name(renamed[descriptor.objgen])


def _fonts(pages: list[pikepdf.Object]) -> Iterator[pikepdf.Dictionary]:
    """Every font the pages use (a composite font's descendant too), each once."""
    seen: set[tuple[int, int]] = set()
    stack: list[pikepdf.Object] = list(pages)
    while stack:
        resources = stack.pop().get("/Resources")
        if not isinstance(resources, Dictionary):
            continue
        for group in ("/Font", "/XObject"):
            found = resources.get(group)
            for _key, item in found.items() if isinstance(found, Dictionary) else ():
                if item.is_indirect and item.objgen in seen:
                    continue
                if item.is_indirect:
                    seen.add(item.objgen)
                if isinstance(item, Stream):
                    stack.append(item)  # a form, with resources of its own
                elif isinstance(item, Dictionary):
                    yield item
                    for descendant in item.get("/DescendantFonts", Array()):
                        if isinstance(descendant, Dictionary):
                            yield descendant


def _shareable(obj: pikepdf.Dictionary) -> bool:
    """Whether a dictionary may serve several pages: not one that belongs to one place.

    An annotation (it has a /Rect) sits on one page; anything with /Parent or
    /P is part of a tree.
    """
    return "/Rect" not in obj and _UPWARD_KEYS.isdisjoint(obj.keys())


def _blank_like(pdf: pikepdf.Pdf, page: pikepdf.Page) -> pikepdf.Object:
    """An empty page in ``pdf`` of the same size and orientation as ``page``."""
    blank = Dictionary(
        Type=Name.Page,
        MediaBox=Array(list(page.mediabox)),
        Resources=Dictionary(),
    )
    for key in ("/CropBox", "/Rotate", "/UserUnit"):
        if key in page.obj:
            value = page.obj[key]
            blank[key] = Array(list(value)) if isinstance(value, Array) else value
    return pdf.make_indirect(blank)


def _save_atomically(pdf: pikepdf.Pdf, target: Path, version: str) -> None:
    """Save through a temporary file in the target's folder.

    qpdf writes straight to the file: building the whole print file in memory
    first, as ``atomic_write_bytes`` needs, would double the peak memory.
    """
    save_pdf_streamed(pdf, target, deterministic_id=True, min_version=version)


def _shown(path: Path, base: Path) -> str:
    """``path`` as messages show it: relative to ``base``, else only its name."""
    try:
        return path.absolute().relative_to(base).as_posix()
    except ValueError:
        return path.name


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())
