"""Final letters' numbered folders, ``final/<letter>/NNN-<versions>/``: each batch is published
as a new one, never replacing an earlier one, and a batch published already is found again.

A finalise killed just after its rename published the letters without saying so; run again,
it must name that folder rather than publish the same letters as the next number, which
would look like a second sending. The folder's ``manifest.json`` holds the batch's key (its
staging folder's hash: inputs, options, approvals), so the same batch is known by it.

An edit that changes no letter (a comment in a case file, a recipient no letter addresses)
changes that key, but a "final 2" holding what "final 1" holds would look like a change, or
a second sending. So a batch is published only if it differs from the newest final folder:
in any file's bytes (every letter, PDF, e-mail draft and print file is made the same bytes
from the same content: dates are the letter's, ids come from the content, never from the
key), in the set of files, or in its manifest but for the key (the versions and the ledger
entries that approved them: a folder from approvals revoked since is not named as this one).
A version id a letter shows is its content's, so one that would change is a new folder.

Making them all (a LibreOffice run for every PDF) only to find them the same would be slow,
so each final manifest also records ``made_from``, a hash of what decides its files and
nothing else (:func:`~letters.publish.staging.letters_hash`: the versions and what they were
made from, the approvals, options, files planned, pictures, e-mail texts and each e-mail as
it reads, settings and tool versions), and finalise first asks :func:`made_already`: if the
newest folder records the same, with the same manifest and each of its files as written,
nothing is made at all. Only if it cannot tell so are the letters made and compared as above;
when they are the same, the folder then records the ``made_from`` of this run
(:func:`record_made_from`), or every later run would make them again (after an upgrade of
letters, say, or with a folder an earlier release made, which records none).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from letters.errors import LettersError
from letters.files import json_read
from letters.files.atomic import atomic_write_bytes, flush, read_only
from letters.publish.manifest import as_listed, batch_head, csv_bytes, json_bytes, rows_planned
from letters.publish.staging import batch_key, check_inside

if TYPE_CHECKING:
    from letters.publish.batch import Batch

__all__ = [
    "MADE_BEFORE",
    "MADE_FROM_SAME",
    "made_already",
    "newest_same",
    "publish_folder",
    "published_before",
    "record_made_from",
    "same_letters",
]

_NUMBERED = re.compile(r"(\d+)-")  # final/<letter>/NNN-<versions>/


def publish_folder(batch: Batch, placed: dict[str, str]) -> tuple[Path, list[Path]]:
    """Final letters: the staging folder becomes ``NNN-<versions>`` in one rename, never
    replacing an earlier final (its number is one more than the highest there)."""
    base = batch.destination.folder
    check_inside(batch.ws, base, [base, batch.staging])  # a link made while they were made
    flush([batch.staging / name for name in batch.destinations()])
    numbers = [int(m.group(1)) for p in base.iterdir() if (m := _NUMBERED.match(p.name))]
    shorts = "-".join(sorted({v.short for v in batch.versions.values()}))
    if len(shorts) > 60:  # many languages: one id for them all keeps the name short
        shorts = hashlib.sha256(shorts.encode()).hexdigest()[:8].upper()
    target = base / f"{1 + max(numbers, default=0):03d}-{shorts}"
    try:
        os.rename(batch.staging, target)  # never replaces a folder that has files
    except OSError as exc:
        raise LettersError(
            f"cannot publish the final letters as {target} ({exc.strerror}); they are kept:"
            " fix this and run the same command again"
        ) from None
    flush([base])
    return target, [target / rel for rel in placed.values()]


def published_before(base: Path, staging: str) -> tuple[Path, list[Path]] | None:
    """The newest folder in ``base`` (``final/<letter>/``) if the batch staged as ``staging``
    was published there already, and its files; None if it was not, or if a file of it was
    changed, removed or added since (then the letters are made again, into a new folder). An
    older folder is never named: a newer one, with other letters, was published after it."""
    folder = _newest(base)
    rows = None if folder is None else _rows_if_ours(folder, batch_key(staging))
    if folder is None or rows is None:  # only the newest counts: an older one was replaced
        return None
    files = _as_written(folder, rows)
    return None if files is None else (folder, files)


def newest_same(batch: Batch) -> tuple[Path, list[Path]] | None:
    """The newest final folder of the batch's letter if it already holds what its staging
    folder (complete, its manifest written) would publish; None if there is none, or if a
    file, the set of files, the versions or the approvals differ, or it was changed since."""
    newest = _newest(batch.destination.folder)
    if newest is None:
        return None
    staged, earlier = _head(batch.staging), _head(newest)
    if staged is None or earlier is None or earlier.get("kind") != "final":
        return None
    for head in (staged, earlier):  # the inputs' keys: what an unseen edit changes
        head.pop("batch", None)
        head.pop("made_from", None)
    if staged != earlier:  # so its rows are ours: each file's name, sha256 and size
        return None
    files = _as_written(newest, staged["files"])
    if files is None:
        return None
    try:  # the same rows make the same CSV: one edited by hand is not what this would write
        same_csv = (newest / "manifest.csv").read_bytes() == (
            batch.staging / "manifest.csv"
        ).read_bytes()
    except OSError:
        return None
    if not same_csv:
        return None
    return newest, files


def made_already(batch: Batch) -> tuple[Path, list[Path]] | None:
    """The newest final folder of the batch's letter if, before anything is made, it is known
    to hold what the batch would publish: its manifest says what the batch's would (the same
    ``made_from``, versions, approvals and rows of files, in order), each file is as written
    and there is no other, and its manifest.csv is what its rows make; None if not."""
    newest = _newest(batch.destination.folder)
    earlier = None if newest is None else _head(newest)
    if newest is None or earlier is None or earlier.pop("batch", None) is None:
        return None
    rows = earlier.pop("files", None)
    expected = json_read.loads(json.dumps(batch_head(batch)))  # as the JSON holds it
    if earlier != expected or not isinstance(rows, list):
        return None
    if not all(isinstance(row, dict) for row in rows):
        return None
    planned = list(rows_planned(batch, batch.destinations()))
    if [{k: v for k, v in row.items() if k not in ("sha256", "bytes")} for row in rows] != planned:
        return None
    files = _as_written(newest, rows)
    try:
        same_csv = files is not None and (newest / "manifest.csv").read_bytes() == csv_bytes(rows)
    except OSError:
        return None
    return (newest, files) if files is not None and same_csv else None


def record_made_from(batch: Batch, folder: Path) -> bool:
    """Record the batch's ``made_from`` in the final ``folder`` that :func:`newest_same`
    found holding what the batch made, in place of the other one it records (or of none):
    these inputs make those very files, so the next run from them knows it before making
    any. True if written; False if the folder records it already, if it or its manifest.json
    is read-only (as someone made it: it is left as it is), or if its manifest is not one
    this release can write again as it was (then the next run compares again).

    The folder's manifest.json becomes the batch's (the same versions, approvals, rows and
    ``made_from``) but for ``"batch"``, which still names the batch the folder was made as.
    It is written in the staging folder and renamed over the folder's: a reader sees the old
    one or the new, and what a crash leaves is in the staging folder, cleared by the next run.
    """
    try:
        staged_bytes = (batch.staging / "manifest.json").read_bytes()
    except OSError:
        return False
    staged, earlier = _head(batch.staging), _head(folder)
    if staged is None or earlier is None or not isinstance(earlier.get("batch"), str):
        return False
    if earlier.get("made_from") == staged.get("made_from"):
        return False
    rows = staged.pop("files", None)
    if not isinstance(rows, list) or json_bytes(staged, rows) != staged_bytes:
        return False  # written by another release, perhaps: not rewritten as this one would
    if read_only(folder) or read_only(folder / "manifest.json"):
        return False  # someone made it so (chmod -R a-w), which root may write through
    staged["batch"] = earlier["batch"]
    remade = batch.staging / ".manifest.json"  # hidden: cleared from a staging folder
    try:  # not written through a link made since, nor where the system refuses it:
        check_inside(batch.ws, batch.destination.folder, [folder])  # it only saves time
        atomic_write_bytes(remade, json_bytes(staged, rows))
        os.replace(remade, folder / "manifest.json")
    except (LettersError, OSError):
        remade.unlink(missing_ok=True)
        return False
    with contextlib.suppress(OSError):  # written: the old manifest or the new, either true
        flush([folder])
    return True


# What finalise says of the folder that holds its letters already, after the folder's name.
MADE_BEFORE = (
    "/ holds these final letters already, made from the same inputs, approvals and options"
    " by an earlier run (stopped, perhaps, before it could say so), and each file is as it"
    " was written: no new folder was made"
)
MADE_FROM_SAME = (  # known from made_from: no file was made, so none was compared
    "/ already holds these final letters: they were made from what this run would make them"
    " from (the versions and what each was made from, the approvals, options, pictures,"
    " e-mail texts and settings), and each file there is as it was written; what changed in"
    " the inputs changes no letter, so no letter was made again and nothing was written"
)


def same_letters(recorded: bool) -> str:
    """What finalise says of the folder :func:`newest_same` found, after its name; whether
    it ``recorded`` there what they were made from (:func:`record_made_from`)."""
    written = (
        "no letter was written: its manifest.json now records what they were made from this"
        " time, so that a run from these inputs knows so before making any"
        if recorded
        else "nothing was written"
    )
    return (
        "/ already holds these final letters: every file this run would publish is the same,"
        " byte for byte, as the one there, and so are the approvals it names; what changed in"
        f" the inputs changes no letter, so no new folder was made and {written}"
    )


def _as_written(folder: Path, rows: list[dict[str, Any]]) -> list[Path] | None:
    """The files of the final ``folder`` whose manifest has ``rows`` (the files it lists, in
    its order, which is the order the batch made them in, then its manifests), if each is as
    listed and there is no other; None if not."""
    listed = [str(row.get("file", "")) for row in rows]
    manifests = ["manifest.csv", "manifest.json"]
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    if all(as_listed(folder, row) for row in rows) and present == {*listed, *manifests}:
        return [folder / name for name in dict.fromkeys([*listed, *manifests])]
    return None


def _newest(base: Path) -> Path | None:
    """The numbered folder in ``base`` (``final/<letter>/``) with the highest number."""
    if not base.is_dir():
        return None
    folders = [p for p in base.iterdir() if _NUMBERED.match(p.name) and p.is_dir()]
    return max(folders, key=lambda p: int(p.name.split("-")[0]), default=None)


def _head(folder: Path) -> dict[str, Any] | None:
    """The manifest.json in ``folder`` as read, or None if it cannot be."""
    try:
        manifest = json_read.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _rows_if_ours(folder: Path, key: str) -> list[dict[str, Any]] | None:
    """The file rows of the final manifest in ``folder`` if it records the batch ``key``."""
    try:
        manifest = json_read.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("kind") != "final":
        return None
    if manifest.get("batch") != key or not isinstance(manifest.get("files"), list):
        return None
    rows = [row for row in manifest["files"] if isinstance(row, dict)]
    return rows if len(rows) == len(manifest["files"]) else None
