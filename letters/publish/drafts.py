"""Draft letters put in place: a finished batch moved from its staging folder into ``out/``,
the manifest last, as one step (:func:`letters.files.swap.replace_all`)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from letters.errors import LettersError
from letters.files.atomic import flush
from letters.files.swap import NotPlaced, discard_kept, not_placed, replace_all
from letters.publish.manifest import superseded
from letters.publish.staging import check_inside

if TYPE_CHECKING:
    from letters.publish.batch import Batch

__all__ = ["publish_drafts"]


def _flush(batch: Batch) -> None:
    """Every staged file, and the staging folder, on disk before any of them is published."""
    flush([batch.staging / name for name in batch.destinations()])


def publish_drafts(batch: Batch, placed: dict[str, str]) -> list[Path]:
    """Move the finished drafts into the output folder; manifest last, so it never lies."""
    out = batch.destination.folder
    moves = [(batch.staging / name, out / rel) for name, rel in placed.items()]
    folders = [out, *(target.parent for _source, target in moves), batch.staging]
    check_inside(batch.ws, out, folders)  # again: a link made while the letters were made
    _flush(batch)
    stale = superseded(batch, placed)
    check_inside(batch.ws, out, [path.parent for path in stale])
    try:
        replace_all(moves, stale, out)
    except NotPlaced as exc:
        raise LettersError(not_placed(exc, out)) from None
    if stale:
        names = ", ".join(batch.ws.rel(path) for path in stale[:3])
        more = f" and {len(stale) - 3} more" if len(stale) > 3 else ""
        files = f"{len(stale)} file" if len(stale) == 1 else f"{len(stale)} files"
        batch.notes.append(
            f"removed {files} an earlier build made for these letters that this"
            f" one no longer makes, so that none is sent by mistake: {names}{more}"
        )
    written = [target for _source, target in moves]
    flush(dict.fromkeys(path.parent for path in written))  # the new names, durable too
    shutil.rmtree(batch.staging, ignore_errors=True)
    discard_kept(out)  # what they replaced, now they are on disk
    return written
