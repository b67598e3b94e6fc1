"""Many letters per LibreOffice layout: join them into one .docx, convert once, split the PDF.

Most of a LibreOffice conversion is the cost of opening a document, not of laying out its
pages: on two cores, letters handed over as files (up to 100 per call) convert at about 22 a
second, and the same letters joined at about 100. So `convert_letters` joins the letters of
one template, language and date into documents of up to `LETTERS_PER_DOCUMENT`, converts a
few documents per LibreOffice call (through `letters.publish.pdf.convert`, with its timeouts
and retries), and `split` cuts each PDF back into one file per letter.

In a joined document each letter is a section of its own: it starts on a new page, keeps its
headers (a section whose headers equal the previous one's inherits them, rather than bringing
a copy; LibreOffice 7.4 still makes two page styles of every section, its first page's and
the others'), and its page numbers start again at 1. The rest is what it takes for
a split letter to be exactly the letter LibreOffice makes of it alone (tests compare pages,
text, every word's position, fonts, pictures and metadata):

* footnote numbers are written as each letter's own marks: LibreOffice ignores a section's
  footnote restart;
* a bookmark at each letter's start becomes a named destination in the PDF: where it is cut;
* an empty page numbered 2 follows each letter but the last (see `_fillers`): without it,
  the blank page LibreOffice inserts before an odd page 1 that follows an odd page came and
  went while a letter's footnotes and kept-together paragraphs settled, and the next letter's
  page breaks moved;
* a letter's last paragraph does not keep with the next letter's first;
* what only costs LibreOffice time goes: a link or picture every letter has is linked once
  for the document (LibreOffice reads a part's links again for every footnote), and runs
  lose the language tag that is the document's default anyway (it sets each one as it
  loads the run); together about a fifth of a document's time;
* each PDF gets its own title (LibreOffice takes the first letter's), dates pinned to its
  letter's day, and in PDF/A its own share of the tagged structure.

`join` refuses (`NotJoinable`) what joining would change — fields that count or refer across
the document, endnotes, comments, embedded documents, styles or settings that differ between
the letters — and those letters are converted one by one. A letter's PDF holds the font
subsets of its whole document, so the documents are cut from a group in the same way every
time (`cut`), never from what an interrupted run left to do: the same letters give the same
bytes.
"""

from __future__ import annotations

import datetime
import logging
import math
import shutil
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from letters.publish.join_checks import NotJoinable
from letters.publish.join_docx import join
from letters.publish.pdf import DEFAULT_TIMEOUT, ConversionReport, convert
from letters.publish.pdf_outcomes import check_room_for
from letters.publish.split_pdf import split
from letters.publish.staging import NO_ROOM

__all__ = ["JoinedReport", "LetterGroup", "NotJoinable", "convert_letters", "cut", "join", "split"]

log = logging.getLogger(__name__)

# Letters per joined document, and joined documents per LibreOffice call after each
# process's first (which takes one, see `letters.publish.calls.deal`): measured with
# `python -m bench`, see the module's docstring. Calls of 11 rather than 5-6 documents
# save the campaign's 24 documents two start-ups (0.55 s of LibreOffice's CPU each on the
# slower machine of bench/README.md); LibreOffice's memory stays flat across a call (222
# MB for one document, 238 MB for eleven).
LETTERS_PER_DOCUMENT = 100
DOCUMENTS_PER_CALL = 12


@dataclass(frozen=True)
class LetterGroup:
    """Letters that may share a joined document: one template, language and date.

    ``letters`` is the whole group in plan order, PDFs already made included: the joined
    documents are cut from it the same way every time, so a letter always shares its
    document (and its fonts' subsets) with the same letters and its PDF has the same bytes.
    """

    template: str  # for messages: "templates/appeal.docx"
    lang: str
    letters: tuple[Path, ...]
    date: datetime.date | None = None


@dataclass
class JoinedReport(ConversionReport):
    """A `ConversionReport`, and why letters that could not be joined were not."""

    # letters converted one by one rather than joined: (their group, how many, why)
    one_by_one: list[tuple[LetterGroup, int, str]] = field(default_factory=list)


def cut(letters: Sequence[Path], size: int = LETTERS_PER_DOCUMENT) -> list[list[Path]]:
    """Even runs of at most ``size`` letters; they depend only on the letters."""
    if not letters:
        return []
    count = math.ceil(len(letters) / size)
    each = math.ceil(len(letters) / count)
    return [list(letters[start : start + each]) for start in range(0, len(letters), each)]


# What converting a joined document holds on its disk at once, in sizes of its letters'
# .docx: its PDF and the letters' PDFs split from it, each two to three times the .docx.
_JOINED_ROOM_TIMES = 6


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # a letter gone is its own failure, found when it is converted
        return 0


@dataclass
class _Document:
    group: LetterGroup
    letters: list[Path]
    todo: list[Path]
    path: Path


def _naming(error: OSError, pdf: Path) -> OSError:
    """``error`` (a full disk, an input/output error) as it befell ``pdf``: the letter's,
    not a joined document's."""
    return OSError(error.errno, error.strerror, str(pdf))


def convert_letters(
    groups: Sequence[LetterGroup],
    outdir: Path,
    *,
    pdfa: bool = False,
    workers: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    on_done: Callable[[Path], None] | None = None,
    record_in: Path | None = None,
    size: int = LETTERS_PER_DOCUMENT,
) -> JoinedReport:
    """Convert every letter of ``groups`` without a PDF in ``outdir`` to ``outdir/<stem>.pdf``.

    The letters of a group are joined into documents of up to ``size`` letters, each
    converted by LibreOffice once and split back into one PDF per letter, dated like its
    group. A joined document LibreOffice fails on is tried again once the others are split.
    Letters that cannot be joined (`NotJoinable`), and those of a joined document that fails
    again on a disk with room for it, are converted one by one by `convert`, which retries
    and reports each letter; with ``size`` 1, every letter is. ``on_done`` is called with
    each PDF once it is in place.
    """
    report = JoinedReport()
    outdir.mkdir(parents=True, exist_ok=True)
    order = {letter: n for n, letter in enumerate(letter for g in groups for letter in g.letters)}
    target = {letter: outdir / f"{letter.stem}.pdf" for letter in order}
    alone: dict[LetterGroup, list[Path]] = {}
    work = Path(tempfile.mkdtemp(prefix=".pdf-join-", dir=outdir))
    pool = ThreadPoolExecutor(1, thread_name_prefix="join")
    try:
        documents: dict[str, _Document] = {}
        for group in groups:
            for letters in cut(group.letters, size):
                todo = [letter for letter in letters if not target[letter].exists()]
                if todo and size == 1:  # asked for: each letter on its own
                    alone.setdefault(group, []).extend(todo)
                elif todo:
                    path = work / f"{len(documents):06d}.docx"
                    documents[path.stem] = _Document(group, letters, todo, path)
        # Joined in the background, in the order LibreOffice takes them, while it converts.
        joining = {
            stem: pool.submit(join, document.letters, document.path)
            for stem, document in documents.items()
        }

        def one_by_one(document: _Document, why: str) -> None:
            report.one_by_one.append((document.group, len(document.todo), why))
            alone.setdefault(document.group, []).extend(document.todo)

        def wait_for_join(path: Path) -> str | None:
            try:
                joining[path.stem].result()
            except NotJoinable as exc:
                one_by_one(documents[path.stem], str(exc))
                return "cannot be joined"
            except Exception as exc:  # a bug of ours: the letters still come out, one by one
                if isinstance(exc, OSError) and exc.errno in NO_ROOM:
                    raise _naming(exc, target[documents[path.stem].todo[0]]) from None
                log.debug("%s: joining failed", path.name, exc_info=True)
                one_by_one(documents[path.stem], f"joining them failed ({type(exc).__name__})")
                return "cannot be joined"
            return None

        def split_document(pdf: Path) -> None:
            document = documents[pdf.stem]
            wanted = [target[one] if one in document.todo else None for one in document.letters]
            try:
                split(pdf, wanted, joining[pdf.stem].result(), document.group.date)
            except Exception as exc:  # LettersError, pikepdf's errors, or a bug of ours
                if isinstance(exc, OSError) and exc.errno in NO_ROOM:
                    raise  # one by one, LibreOffice would fail on every letter too
                log.info("%s: cannot split its PDF (%s: %s)", pdf.name, type(exc).__name__, exc)
                one_by_one(document, "their joined PDF could not be split")
                return
            finally:
                pdf.unlink(missing_ok=True)
            for letter in document.todo:
                report.converted.append(target[letter])
                if on_done is not None:
                    on_done(target[letter])

        def convert_joined(paths: list[Path]) -> ConversionReport:
            try:
                return convert(
                    paths,
                    work / "pdf",
                    pdfa=pdfa,
                    workers=workers,
                    chunk=DOCUMENTS_PER_CALL,
                    timeout=timeout,
                    on_done=split_document,
                    bookmarks=True,
                    retry=False,  # a joined document that fails is tried again below
                    record_in=record_in or outdir,
                    prepare=wait_for_join,
                )
            except OSError as exc:  # a joined PDF lies in a folder of ours, soon gone
                named = Path(exc.filename) if isinstance(exc.filename, str) else None
                ours = named is not None and named.parent in (work, work / "pdf")
                document = documents.get(named.stem) if named is not None and ours else None
                if document is None:
                    raise
                raise _naming(exc, target[document.todo[0]]) from None

        joined = convert_joined([document.path for document in documents.values()])
        # LibreOffice says nothing when the disk is full, and the other calls' joined PDFs
        # fill it only until they are split: a failed document is tried again joined, once
        # those are gone, and its letters go one by one (other bytes than a resumed build
        # would give them) only if it fails again on a disk with room for it.
        failed = [f.source for f in joined.failures if f.reason != "cannot be joined"]
        for failure in joined.failures:
            if failure.source in failed:
                log.info("%s: %s; it is tried again once the others are split",
                         failure.source.name, failure.reason)  # fmt: skip
        for failure in convert_joined(failed).failures if failed else []:
            document = documents[failure.source.stem]
            need = sum(_size(letter) for letter in document.letters) * _JOINED_ROOM_TIMES
            check_room_for(work, need, target[document.todo[0]])
            log.info("%s: %s; its letters are converted one by one", failure.source.name,
                     failure.reason)  # fmt: skip
            one_by_one(document, f"{failure.reason} on their joined document")
        by_date: dict[datetime.date | None, list[Path]] = {}
        for group, letters in alone.items():
            by_date.setdefault(group.date, []).extend(letters)
        for day, letters in by_date.items():
            single = convert(
                letters,
                outdir,
                pdfa=pdfa,
                workers=workers,
                timeout=timeout,
                date=day,
                on_done=on_done,
                record_in=record_in or outdir,
            )
            report.converted += single.converted
            report.failures += single.failures
    finally:
        # a join under way ends before its folder goes
        pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(work, ignore_errors=True)
    stems = {letter.stem: number for letter, number in order.items()}
    report.converted.sort(key=lambda pdf: stems[pdf.stem])
    report.failures.sort(key=lambda failure: order[failure.source])
    # in plan order, as everything else, not in the order LibreOffice was handed them
    report.one_by_one.sort(key=lambda entry: order[entry[0].letters[0]])
    return report
