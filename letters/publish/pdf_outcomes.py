"""What a PDF conversion made, and why a letter failed: in words a user can act on, never
the letter's contents."""

from __future__ import annotations

import contextlib
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Failure:
    """A letter that did not become a PDF, and why (never its contents)."""

    source: Path
    reason: str


@dataclass
class ConversionReport:
    """The PDFs written, in the order of their sources, and the letters that failed."""

    converted: list[Path] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def not_a_docx(source: Path) -> str:
    """Why ``source`` is no letter to convert (missing, not a ZIP package); "" when it is."""
    try:
        if not source.is_file():
            return "file not found"
        if not zipfile.is_zipfile(source):
            return "not a .docx file (not a ZIP package)"
    except OSError as exc:
        return f"cannot read it ({exc.strerror or type(exc).__name__})"
    return ""


def is_whole_pdf(path: Path) -> bool:
    """Whether ``path`` starts and ends as a PDF does: LibreOffice finished writing it."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(5)
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - 1024))
            tail = handle.read()
    except OSError:
        return False
    return head == b"%PDF-" and b"%%EOF" in tail


def trouble(returncode: int | None, timeout: float) -> str:
    """What befell a LibreOffice call, from its exit status (None: it was killed as hung)."""
    if returncode is None:
        return f"timed out ({timeout:g} s without progress)"
    if returncode < 0:
        return f"crashed (signal {-returncode})"
    return f"failed (exit status {returncode})"


def reason(outcomes: list[str]) -> str:
    """Why a letter failed, from what befell each try ("timed out twice", say)."""
    first, last = outcomes[0], outcomes[-1]
    if len(outcomes) == 1:
        return f"LibreOffice {last}"
    if first == last:
        verb, _, detail = last.partition(" (")
        return f"LibreOffice {verb} twice" + (f" ({detail}" if detail else "")
    return f"LibreOffice {first}, then {last}"


# What a probe of the disk writes, in sizes of the largest source: LibreOffice's PDF of a
# letter is a little over its .docx. Not more: a disk with room for the letters' PDFs but
# not for a larger probe would blame the disk for a letter LibreOffice cannot convert.
_PROBE_TIMES = 2


def check_room(folder: Path, sources: list[Path], target: Path) -> None:
    """Raise, naming ``target``, the OSError (ENOSPC, EDQUOT, EFBIG…) of a write into
    ``folder`` of about the size of ``sources``' PDFs, if it fails: LibreOffice says nothing
    when it cannot write a PDF, so no letter it made none of is blamed before the disk is
    known to have room for one."""
    sizes = [0]
    for source in sources:
        with contextlib.suppress(OSError):  # a source gone is the letter's failure
            sizes.append(source.stat().st_size)
    check_room_for(folder, _PROBE_TIMES * max(sizes), target)


def check_room_for(folder: Path, size: int, target: Path) -> None:
    """Raise, naming ``target``, the OSError of a write of ``size`` bytes into ``folder``,
    if it fails; the probe is gone either way."""
    chunk = b"\0" * (1 << 16)
    try:
        with tempfile.TemporaryFile(dir=folder) as probe:
            left = size
            while left > 0:
                left -= probe.write(chunk[:left])
            probe.flush()
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(target)) from None
