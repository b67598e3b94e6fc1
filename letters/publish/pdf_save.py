"""Save a PDF with pikepdf so that a full disk is an error, not the end of the process.

When a write into its output fails (no space left, a file size limit) while qpdf
computes a deterministic /ID (``deterministic_id=True``, which every PDF of ours uses,
so that a resumed batch ends byte for byte as an uninterrupted one), pikepdf 10 cannot
catch qpdf's error and the whole process aborts (``terminate called after throwing an
instance of 'QPDFSystemError'``, exit status 134): no message, no clean-up, LibreOffice
left running. So qpdf is never given an output that can fail.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, BinaryIO, cast

import pikepdf

from letters.files.atomic import atomic_file, atomic_write_bytes

__all__ = ["save_pdf", "save_pdf_streamed"]


def save_pdf(pdf: pikepdf.Pdf, target: Path, *, durable: bool = True, **options: Any) -> None:
    """Save ``pdf`` to ``target`` (through a temporary file renamed over it) with qpdf's
    ``options``: made in memory first, then written; for a letter's PDF, small enough."""
    buffer = io.BytesIO()
    pdf.save(buffer, **options)
    atomic_write_bytes(target, buffer.getvalue(), durable=durable)


class _KeptError(io.RawIOBase):
    """A file as qpdf writes it that never fails: the first write error is kept, and
    what comes after it is dropped, for :func:`save_pdf_streamed` to raise once qpdf is done."""

    def __init__(self, handle: BinaryIO) -> None:
        super().__init__()
        self.handle = handle
        self.error: OSError | None = None

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        size = len(memoryview(data))
        if self.error is None:
            try:
                self.handle.write(data)
            except OSError as exc:
                self.error = exc
        return size

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self.handle.seek(offset, whence)

    def tell(self) -> int:
        return self.handle.tell()

    def flush(self) -> None:
        # io.IOBase flushes again when this is collected, after the file itself has closed
        if self.error is None and not self.handle.closed:
            try:
                self.handle.flush()
            except OSError as exc:
                self.error = exc


def save_pdf_streamed(pdf: pikepdf.Pdf, target: Path, **options: Any) -> None:
    """Save ``pdf`` to ``target`` as :func:`save_pdf` does, written as qpdf makes it rather
    than held in memory first (the print file: memory holds the joined pages already)."""
    with atomic_file(target) as handle:
        guarded = _KeptError(handle)
        pdf.save(cast(BinaryIO, guarded), **options)
        if guarded.error is not None:
            raise guarded.error
