"""Draft letters put in place: a finished batch moved from its staging folder into ``out/``,
the manifest last, as one step (:func:`letters.files.swap.replace_all`).

A build killed while it moved them leaves ``out/`` half new, half earlier, the earlier files
it replaced kept in a hidden folder. Before anything else, the next build undoes that
(:func:`undo_killed_publish`): the files the killed run had moved, as it recorded them in its
staging folder before the first move (never the other letters its manifest lists), go back
into that folder, each only if it is still, byte for byte, the one staged, and the earlier
ones it kept, in the folder it recorded, back into place; so ``out/`` is as it was before
the killed build began, whether the next build then publishes (the same batch finds its files
staged again) or fails.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from letters.errors import LettersError
from letters.files import json_read
from letters.files.atomic import atomic_write_bytes, flush
from letters.files.digest import file_sha256
from letters.files.lock import output_folder_lock, workspace_lock
from letters.files.swap import (
    KEEP_PREFIX,
    NotPlaced,
    discard_kept,
    keep_shown,
    new_keep,
    not_placed,
    put_back_kept,
    replace_all,
)
from letters.publish.manifest import not_as_written, previous_rows, superseded
from letters.publish.staging import STAGING_PREFIX, check_inside

if TYPE_CHECKING:
    from letters.publish.batch import Batch

__all__ = [
    "killed_publishes",
    "publish_drafts",
    "record_moving",
    "undo_killed_build",
    "undo_killed_publish",
    "undo_moves",
]


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
    stale, orphans = superseded(batch, placed)
    check_inside(batch.ws, out, [path.parent for path in [*stale, *orphans]])
    edited = not_as_written(batch, placed)  # kept where a later run never removes them
    keep = new_keep(out)
    record_moving(batch.staging, keep, placed)  # what an undo may take back: these only
    try:
        replace_all(moves, [*stale, *orphans], out, keep)
    except NotPlaced as exc:
        raise LettersError(not_placed(exc, out)) from None
    shown = keep_shown(out, keep, edited)
    if shown is not None:
        flush([*(shown / name for name in edited if (shown / name).exists()), shown])
        names = ", ".join(edited[:3]) + (f" and {len(edited) - 3} more" if len(edited) > 3 else "")
        batch.notes.append(
            f"kept {len(edited)} earlier file{'s' if len(edited) != 1 else ''} this build"
            f" replaced that letters had not written as they were (edited since, or not"
            f" made by letters) in {batch.ws.rel(shown)}/, which no later run removes:"
            f" {names}"
        )
    if stale:
        which = "an earlier build made for these letters that this one no longer makes"
        batch.notes.append(_removed(batch, stale, which))
    if orphans:
        which = (
            "of letters or languages this workspace no longer writes (a letter renamed or"
            " taken out of letters.yaml, a language taken off its list)"
        )
        batch.notes.append(_removed(batch, orphans, which))
    written = [target for _source, target in moves]
    flush(dict.fromkeys(path.parent for path in written))  # the new names, durable too
    shutil.rmtree(batch.staging, ignore_errors=True)
    discard_kept(out)  # what they replaced, now they are on disk
    for folder in dict.fromkeys(path.parent for path in orphans if path.parent != out):
        with contextlib.suppress(OSError):  # a letter's folder left empty; not if it holds more
            folder.rmdir()
    return written


def _removed(batch: Batch, paths: list[Path], which: str) -> str:
    """The note naming files a publish removed: how many, ``which`` they were, the first
    three."""
    names = ", ".join(batch.ws.rel(path) for path in paths[:3])
    more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
    files = f"{len(paths)} file" if len(paths) == 1 else f"{len(paths)} files"
    return f"removed {files} {which}, so that none is sent by mistake: {names}{more}"


def undo_killed_build(workspace: Path, out: Path | None) -> list[str]:
    """Undo a killed build's half-done publishing into ``out`` (default: ``out/`` of the
    workspace at ``workspace``) before the workspace is read, so that a build that then
    fails, an input of it bad, leaves ``out/`` as it was before the killed one too. A
    problem found here (no workspace, an output folder refused, the lock held) is left for
    the build itself to report, in its own order. Returns what the user must be told: where
    earlier files that could not go back are kept."""
    from letters.errors import LettersError
    from letters.files.atomic import check_output_folder
    from letters.load.loader import find_root

    try:
        root = find_root(workspace)
        folder = out if out is not None else root / "out"
        check_output_folder(root, folder)
        shown = undo_killed_publish(root, folder.resolve())
    except LettersError:
        return []
    return [not_put_back(folder, kept) for kept in shown]


def not_put_back(out: Path, kept: Path, killed: str = "a build") -> str:
    """What the user is told of the earlier files that stay ``kept`` after ``killed`` (the
    run killed while it put its files into ``out``): their place taken by a file changed
    since, or a symbolic link now: a folder on the way there, or the file's own place."""
    folders: list[Path] = []  # folders on the way, links now: "files in <folder>"
    files: list[Path] = []  # places of files, links now: named themselves
    changed = False
    for where, _folders, names in os.walk(kept):
        for name in names:
            parts = (Path(where) / name).relative_to(kept).parts
            on_the_way = [out.joinpath(*parts[:depth]) for depth in range(1, len(parts) + 1)]
            link = next((path for path in on_the_way if path.is_symlink()), None)
            if link is None:
                changed = True
            else:
                found = files if link == on_the_way[-1] else folders
                found += [] if link in found else [link]
    said = f"files of {out} that were changed since"
    if folders or files:
        named = [f"files in {', '.join(str(p) for p in sorted(folders))}"] if folders else []
        named += [str(path) for path in sorted(files)]
        many = len(folders) + len(files) > 1
        said = (
            f"{', '.join(named)}, {'symbolic links' if many else 'a symbolic link'} now"
            " (nothing is put back through a link)" + (f", and {said}" if changed else "")
        )
    return (
        f"{killed} killed while it put its files in place had replaced {said}; the"
        f" earlier ones are kept in {kept}, each at its path in {out}: copy back those you"
        " want, then delete that folder"
    )


def undo_killed_publish(root: Path, out: Path) -> list[Path]:
    """Put ``out`` (the output folder of the workspace ``root``) back as it was before a build
    killed while it moved its files into place began; nothing if none was. Its staging
    folder still holds its ``manifest.json`` (moved last), which records each file's hash,
    and the record of its moves (:data:`MOVING`): each file that run moved, and only those
    (its manifest lists other letters' files too), that is still that file goes back into
    staging, then the earlier files it kept, in the folder it recorded, go back into place
    (those an earlier, finished run kept are left to :func:`discard_kept`); if that folder
    is no longer there, or is a link now, the moved files stay in place instead. Taken under the
    locks a build takes. Returns the folder of earlier files that could not go back, their
    place taken by another file since (shown, kept)."""
    if not killed_publishes(out):  # none killed mid-way: every file was moved, it is whole
        return []
    with workspace_lock(root, "build"), output_folder_lock(root, out, "build"):
        return undo_moves(out)


def killed_publishes(out: Path) -> list[Path]:
    """The staging folders in ``out`` of runs killed while they moved their files into it
    (each still holding its ``manifest.json`` and its record of the moves)."""
    if not out.is_dir() or out.is_symlink() or not any(out.glob(f"{KEEP_PREFIX}*")):
        return []
    return [
        staging
        for staging in sorted(out.glob(f"{STAGING_PREFIX}*"))
        if staging.is_dir()
        and not staging.is_symlink()
        and _is_file(staging / "manifest.json")
        and _is_file(staging / MOVING)
    ]


def undo_moves(out: Path) -> list[Path]:
    """Undo, in ``out``, each publish of :func:`killed_publishes` (call it under the locks
    of the command that publishes there): see :func:`undo_killed_publish`."""
    shown = []
    for staging in killed_publishes(out):
        moving = _read_moving(staging, out)
        if moving is None:
            continue  # not a record letters writes: nothing is done through it
        keep, moved = moving
        if keep.is_dir() and not keep.is_symlink():
            _take_back_moved(staging, out, moved)
        # else the earlier files are not where it kept them (that folder removed, or a link
        # now, nothing read through it): the files it moved stay in their place, so that
        # none of it is left without a file
        found = put_back_kept(out, keep)
        if found is not None:
            shown.append(found)
        (staging / MOVING).unlink(missing_ok=True)  # undone: staged as before it
    return shown


MOVING = ".moving.json"  # in a staging folder: what its publish moves, and where it keeps


def record_moving(staging: Path, keep: Path, placed: dict[str, str]) -> None:
    """Record in ``staging``, on disk before anything is moved, the folder the earlier files
    are kept in, each file about to be moved (``placed``) and ``manifest.csv``'s hash (the
    manifest.json records the others')."""
    csv = (staging / "manifest.csv").read_bytes()
    record = {
        "keep": keep.name,
        "moves": placed,
        "manifest.csv": {"sha256": hashlib.sha256(csv).hexdigest(), "bytes": len(csv)},
    }
    atomic_write_bytes(staging / MOVING, json.dumps(record, ensure_ascii=False).encode())


def _plain(name: object) -> bool:
    """Whether ``name`` is a relative path as letters writes one (no way out of its folder)."""
    if not isinstance(name, str) or "\\" in name or "\0" in name:
        return False
    parts = Path(name).parts
    return (
        not Path(name).is_absolute()
        and bool(parts)
        and all(p not in ("", ".", "..") for p in parts)
    )


def _read_moving(staging: Path, out: Path) -> tuple[Path, dict[str, dict[str, object]]] | None:
    """The kept folder and the moves (``{staged name: row}``, each row the path in ``out``
    as ``file``, with its hash) recorded in ``staging``; None if the record is not one letters
    writes (it is untrusted: ``out`` may come from anywhere)."""
    try:
        record = json_read.loads((staging / MOVING).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or not isinstance(record.get("moves"), dict):
        return None
    keep, csv = record.get("keep"), record.get("manifest.csv")
    if not _plain(keep) or "/" in str(keep) or not str(keep).startswith(KEEP_PREFIX):
        return None
    rows = {str(row.get("file", "")): row for row in previous_rows(staging)}
    rows["manifest.csv"] = {**(csv if isinstance(csv, dict) else {}), "file": "manifest.csv"}
    moved = {}
    for name, rel in record["moves"].items():
        if _plain(name) and "/" not in name and _plain(rel) and rel in rows:
            moved[name] = {**rows[rel], "file": rel}
    return out / str(keep), moved


def _is_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def _really_in(path: Path, folder: Path) -> bool:
    """Whether the folder of ``path`` (in ``folder`` as written) is there, not a link away."""
    return Path(os.path.realpath(path.parent)) == Path(os.path.realpath(folder)).joinpath(
        path.parent.relative_to(folder)
    )


def _take_back_moved(staging: Path, out: Path, moved: dict[str, dict[str, object]]) -> None:
    """Move back into ``staging`` each file of ``moved`` (``{staged name: row}``, the files a
    killed run recorded it moved into ``out``) that is still the one staged (its size and
    hash); its now empty letter folders removed. ``manifest.json`` is still staged."""
    for name, row in moved.items():
        rel = Path(str(row["file"]))
        moved_to, staged = out / rel, staging / name
        if os.path.lexists(staged) or not _is_file(moved_to) or not _really_in(moved_to, out):
            continue
        # one changed since, or that cannot be read or moved, is left where it is (and the
        # earlier file it replaced stays kept, shown: see put_back_kept)
        with contextlib.suppress(OSError):
            same_size = moved_to.stat().st_size == row.get("bytes")
            if same_size and file_sha256(moved_to).hex() == row.get("sha256"):
                os.replace(moved_to, staged)
                if moved_to.parent != out:
                    with contextlib.suppress(OSError):
                        moved_to.parent.rmdir()  # a letter's folder the killed run made, empty
