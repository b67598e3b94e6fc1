"""Put a batch's files in place together: if one cannot be, those already moved go back.

A batch is staged in a folder of its own, then moved into the output folder file by
file. :func:`replace_all` keeps a link to every file it replaces or removes, in a new
folder beside the staging folder (at the same path as in the output folder), and when a
move fails (a file locked, a disk full, a folder taken away) it moves the new files back
to where they were staged and the old ones back into place, so that the output folder
holds the earlier batch, whole, and a rerun finds the staged files where it left them.
If putting a file back fails too, the folder keeping the earlier files stays, made
visible where it can be (``letters-earlier-files.…``); no clean-up of staging folders
matches its name, so a later run never removes what it holds.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

_replace = os.replace  # one name for the moves, which tests make fail

KEEP_PREFIX = ".letters-earlier-files."  # the folder a publish keeps the earlier files in
# in a kept folder that could not be shown: the files did not go back, :func:`discard_kept`
# leaves it
_STAYS = ".not-put-back"


class NotPlaced(Exception):
    """A file could not be moved into place; every other is as it was before, unless
    putting one back failed too (``restored`` False: the earlier files are in ``keep``)."""

    def __init__(self, target: Path, error: OSError, *, restored: bool, keep: Path) -> None:
        super().__init__(f"cannot write {target} ({error.strerror})")
        self.target = target
        self.error = error
        self.restored = restored
        self.keep = keep


def _keep(path: Path, copy: Path) -> None:
    """``copy``: the same file as ``path`` (a hard link; a copy where links fail)."""
    try:
        os.link(path, copy, follow_symlinks=False)
    except OSError:
        shutil.copy2(path, copy, follow_symlinks=False)


def new_keep(folder: Path) -> Path:
    """A new, empty folder in ``folder`` for :func:`replace_all` to keep earlier files in."""
    return Path(tempfile.mkdtemp(prefix=KEEP_PREFIX, dir=folder))


def replace_all(
    moves: Sequence[tuple[Path, Path]],
    removals: Sequence[Path],
    folder: Path,
    keep: Path | None = None,
) -> Path:
    """Move each ``(source, target)`` of ``moves`` over its target and take ``removals``
    out of the way, as one step; every target and removal is in ``folder``. What they
    replace or remove is kept, at its path in ``folder``, in ``keep`` (made by
    :func:`new_keep`; a new one if None), which is returned (:func:`discard_kept` removes
    it once the new files are on disk).

    Raises :class:`NotPlaced` after putting everything back if any move fails."""
    keep = keep if keep is not None else new_keep(folder)
    kept: list[tuple[Path, Path]] = []  # (where a file was, where it is kept)
    done: list[tuple[Path, Path]] = []  # (source, target) of each move made
    target = folder
    try:
        for target in removals:
            if not os.path.lexists(target):  # listed twice, or gone since it was listed
                continue
            copy = keep / target.relative_to(folder)
            copy.parent.mkdir(parents=True, exist_ok=True)
            _replace(target, copy)
            kept.append((target, copy))
        for source, target in moves:
            target.parent.mkdir(parents=True, exist_ok=True)
            earlier: Path | None = None
            try:
                if os.path.lexists(target):
                    earlier = keep / target.relative_to(folder)
                    earlier.parent.mkdir(parents=True, exist_ok=True)
                    _keep(target, earlier)
                _replace(source, target)
            except OSError:
                if earlier is not None:
                    earlier.unlink(missing_ok=True)  # a link or copy; the file is in place
                raise
            if earlier is not None:
                kept.append((target, earlier))
            done.append((source, target))
    except BaseException as error:  # Ctrl-C or a signal too: nothing half-placed
        restored = _put_back(done, kept)
        keep = _after_put_back(keep, restored)
        if isinstance(error, OSError):
            raise NotPlaced(target, error, restored=restored, keep=keep) from None
        raise
    return keep


def _put_back(done: list[tuple[Path, Path]], kept: list[tuple[Path, Path]]) -> bool:
    """Undo the moves ``done`` and restore the files ``kept``; False if any would not go."""
    restored = True
    for source, moved in reversed(done):
        try:
            _replace(moved, source)
        except OSError:
            restored = False
    for path, copy in reversed(kept):
        try:
            _replace(copy, path)
        except OSError:
            restored = False
    return restored


def _after_put_back(keep: Path, restored: bool) -> Path:
    """Where the earlier files are once put back: ``keep``'s now empty folders removed when
    every file went back (never a file); else ``keep`` shown, without its leading dot."""
    if restored:
        for where, _folders, _files in os.walk(keep, topdown=False):
            with contextlib.suppress(OSError):
                os.rmdir(where)  # an empty folder only
        return keep
    shown = keep.with_name(keep.name.lstrip("."))
    try:
        os.rename(keep, shown)
    except OSError:
        with contextlib.suppress(OSError):
            (keep / _STAYS).touch()  # hidden, but no clean-up removes it either
        return keep
    return shown


SHOWN_PREFIX = KEEP_PREFIX[1:]  # a kept folder shown: never removed by a later run


def keep_shown(folder: Path, keep: Path, names: Sequence[str]) -> Path | None:
    """Move the earlier files ``names`` (paths in ``folder``) that :func:`replace_all` kept
    in ``keep`` into a new folder of ``folder`` that no later run removes
    (``letters-earlier-files.…``): files the batch replaced that were not as letters wrote
    them (edited since, or never its own). The new folder, or None if none of them was
    kept; the caller makes it durable before the kept folder is discarded."""
    found = [name for name in names if (keep / name).is_file()]
    if not found:
        return None
    shown = Path(tempfile.mkdtemp(prefix=SHOWN_PREFIX, dir=folder))
    for name in found:
        (shown / name).parent.mkdir(parents=True, exist_ok=True)
        os.replace(keep / name, shown / name)
    return shown


def discard_kept(folder: Path) -> None:
    """Once a batch's new files are on disk in ``folder``: remove the earlier files
    :func:`replace_all` kept there, and those a run killed while it put its files in place
    left (hidden folders; the new files have replaced theirs since, as they would have).
    A folder shown after putting back failed (no leading dot), or marked so where it could
    not be shown, is never removed."""
    for kept in folder.glob(f"{KEEP_PREFIX}*"):
        if kept.is_dir() and not kept.is_symlink() and not (kept / _STAYS).exists():
            shutil.rmtree(kept, ignore_errors=True)


def not_placed(exc: NotPlaced, folder: Path) -> str:
    """What a user is told when a batch could not be put in place in ``folder``."""
    if exc.restored:
        return (
            f"{exc}; nothing in {folder} was changed (the files put in place before it were"
            " taken back), and the new ones are kept: fix this and run the same command again"
        )
    if not exc.keep.is_dir() or exc.keep.is_symlink():  # taken away since: never named
        return (
            f"{exc}, and putting the earlier files back failed too: the folder they were"
            f" kept in is no longer there (another command took them back or removed it);"
            f" check the files in {folder}, then run the same command again"
        )
    return (
        f"{exc}, and putting the earlier files back failed too: those that did not go back"
        f" are kept in {exc.keep}, each at its path in {folder}, and no later command"
        f" removes them; fix this, then copy them back into {folder} to have the earlier"
        " files again, or run the same command again to publish the new ones"
    )


def put_back_kept(folder: Path, keep: Path) -> Path | None:
    """Put the earlier files that ``keep`` (a hidden folder of ``folder``, made by a run killed
    while it put its files in place) holds back where they were, each only where nothing is
    now: call it once that run's new files are out of the way. A file that finds another in
    its place (edited, or written since) stays kept, and the folder is shown, never removed
    (see :func:`discard_kept`); returns it then, else None. Only that run's folder: the
    earlier files another run kept are no matter of its."""
    if not keep.is_dir() or keep.is_symlink() or (keep / _STAYS).exists():
        return None
    restored = True
    for where, _folders, files in os.walk(keep):
        for name in files:
            copy = Path(where) / name
            path = folder / copy.relative_to(keep)
            restored = _put_back_one(copy, path, folder) and restored
    found = _after_put_back(keep, restored)
    if restored:
        with contextlib.suppress(OSError):
            found.rmdir()
        return None
    return found


def _put_back_one(copy: Path, path: Path, folder: Path) -> bool:
    """Move the kept ``copy`` back to ``path`` in ``folder`` if nothing is there, or drop it
    if ``path`` is the same file (a link kept just before the run was killed); False if
    another is there, or a folder on the way has become a link."""
    try:
        above = path.parent
        while not os.path.lexists(above) and above != folder:
            above = above.parent  # a folder of the killed run's, removed since: made again
        real = Path(os.path.realpath(folder)).joinpath(above.relative_to(folder))
        if Path(os.path.realpath(above)) != real:
            return False  # a folder on the way is a link now: nothing goes through it
        if os.path.lexists(path):
            if not os.path.samestat(os.lstat(path), os.lstat(copy)):
                return False
            copy.unlink()
            return True
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace(copy, path)
    except OSError:
        return False
    return True
