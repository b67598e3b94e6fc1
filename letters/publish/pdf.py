"""Convert many .docx letters to PDF with few LibreOffice start-ups.

A cold ``soffice --convert-to pdf`` spends over a second starting up for a tenth of a second
of work, and a campaign has thousands of letters. So each LibreOffice process converts a
chunk of files, a few processes run side by side (each needs a profile of its own), and each
PDF is checked and moved into place atomically: a hung, crashed or interrupted run leaves
whole PDFs or none, never half of one, and never a LibreOffice process behind. What one run
owns and does — its calls, their progress, each PDF checked and moved — is
:mod:`letters.publish.pdf_batch`.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from letters.publish.pdf_batch import Batch, Item
from letters.publish.pdf_outcomes import ConversionReport, Failure, not_a_docx
from letters.publish.pdf_profile import export_filter
from letters.publish.processes import soffice

__all__ = ["DEFAULT_CHUNK", "DEFAULT_TIMEOUT", "ConversionReport", "Failure", "convert", "soffice"]

# Start-up costs ~1.2 s and a one-page letter ~0.08 s more, so long calls win: on 2 cores,
# 200 letters took 22 s in chunks of 10, 17 s of 20, 13 s of 50 and 12 s of 100, with
# LibreOffice's memory flat throughout. A hung call costs no more in a long chunk: its
# finished PDFs are kept. convert() evens the chunks out below this size.
DEFAULT_CHUNK = 100

# Seconds a call may go without converting a file (start-up included) before we call it hung.
# Counting from the last progress, not from the start, lets the limit grow with the chunk.
DEFAULT_TIMEOUT = 60.0


def convert(
    sources: Sequence[Path],
    outdir: Path,
    *,
    pdfa: bool = False,
    workers: int | None = None,
    chunk: int = DEFAULT_CHUNK,
    timeout: float = DEFAULT_TIMEOUT,
    date: datetime.date | None = None,
    on_done: Callable[[Path], None] | None = None,
    bookmarks: bool = False,
    retry: bool = True,
    record_in: Path | None = None,
    prepare: Callable[[Path], str | None] | None = None,
) -> ConversionReport:
    """Convert ``sources`` to ``outdir/<stem>.pdf``; report the files that failed.

    ``workers`` LibreOffice processes run at once, each converting up to ``chunk`` files
    (the work is split into equal chunks, a whole number of rounds of ``workers``). A
    process that goes ``timeout`` seconds without finishing a file is killed; the PDFs it
    finished are kept, and the rest go to another process. A file LibreOffice fails on is
    retried once on its own, then reported as a `Failure`, not raised.

    LibreOffice stamps the conversion time into each PDF. With ``date``, every timestamp
    is set to that day and /ID is derived from the content, so the same .docx always gives
    the same bytes and a resumed batch ends as an uninterrupted one would.

    ``on_done`` is called in this thread with each PDF as soon as it is in ``outdir``.
    With ``bookmarks``, the document's bookmarks become named destinations in the PDF.
    Without ``retry``, a file LibreOffice fails on is reported at once. Each LibreOffice
    process is recorded in ``record_in`` (default ``outdir``), where a later run finds it
    if this one is killed. With ``prepare``, a source need not exist yet: ``prepare`` is
    called with it (in this thread) just before LibreOffice is handed it, and a reason it
    returns fails the source unconverted; the first round of calls then takes one source
    each, so that LibreOffice starts before every source is prepared.

    Raises `ToolMissing` without LibreOffice, ValueError for clashing stems, and OSError
    naming a PDF when LibreOffice leaves PDFs unmade on a disk with no room for them.
    """
    order = {source.stem: number for number, source in enumerate(sources)}
    if len(order) != len(sources):
        raise ValueError("sources must have unique stems; their PDFs would overwrite each other")
    if chunk < 1 or timeout <= 0 or (workers is not None and workers < 1):
        raise ValueError("workers, chunk and timeout must be positive")
    report = ConversionReport()
    if not sources:
        return report
    program = soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    export = export_filter(pdfa=pdfa, bookmarks=bookmarks)
    with Batch(
        program,
        outdir,
        export=export,
        timeout=timeout,
        date=date,
        on_done=on_done,
        retry=retry,
        record_in=record_in or outdir,
        prepare=prepare,
    ) as run:
        items: list[Item] = []
        for index, source in enumerate(sources):
            problem = "" if prepare else not_a_docx(source)
            if problem:
                report.failures.append(Failure(source, problem))
            else:
                items.append(run.add(index, source))
        run.convert(items, workers=workers or os.cpu_count() or 1, chunk=chunk)
        report.converted = [item.target for item in items if item.done]
        report.failures += run.failures
    report.failures.sort(key=lambda failure: order[failure.source.stem])
    return report
