"""Put a batch's files in place together: if one cannot be, those already moved go back.

A batch is staged in a folder of its own, then moved into the output folder file by
file. :func:`replace_all` keeps a link to every file it replaces or removes, and when a
move fails (a file locked, a disk full, a folder taken away) it moves the new files back
to where they were staged and the old ones back into place, so that the output folder
holds the earlier batch, whole, and a rerun finds the staged files where it left them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path

_replace = os.replace  # one name for the moves, which tests make fail


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


def replace_all(moves: Sequence[tuple[Path, Path]], removals: Sequence[Path], keep: Path) -> None:
    """Move each ``(source, target)`` of ``moves`` over its target and take ``removals``
    out of the way, as one step. What they replace or remove is kept under ``keep`` (a
    folder on the same disk, such as the staging folder) until the caller deletes it.

    Raises :class:`NotPlaced` after putting everything back if any move fails."""
    keep.mkdir(parents=True, exist_ok=True)
    kept: list[tuple[Path, Path]] = []  # (where a file was, where it is kept)
    done: list[tuple[Path, Path]] = []  # (source, target) of each move made
    target = keep
    try:
        for number, target in enumerate(removals):
            if not os.path.lexists(target):  # listed twice, or gone since it was listed
                continue
            copy = keep / f"removed-{number}"
            _replace(target, copy)
            kept.append((target, copy))
        for number, (source, target) in enumerate(moves):
            target.parent.mkdir(parents=True, exist_ok=True)
            earlier: Path | None = None
            if os.path.lexists(target):
                earlier = keep / f"replaced-{number}"
                _keep(target, earlier)
            try:
                _replace(source, target)
            except OSError:
                if earlier is not None:
                    earlier.unlink(missing_ok=True)
                raise
            if earlier is not None:
                kept.append((target, earlier))
            done.append((source, target))
    except BaseException as error:  # Ctrl-C or a signal too: nothing half-placed
        restored = _put_back(done, kept)
        if isinstance(error, OSError):
            raise NotPlaced(target, error, restored=restored, keep=keep) from None
        raise


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


def not_placed(exc: NotPlaced, folder: Path) -> str:
    """What a user is told when a batch could not be put in place in ``folder``."""
    if exc.restored:
        return (
            f"{exc}; nothing in {folder} was changed (the files put in place before it were"
            " taken back), and the new ones are kept: fix this and run the same command again"
        )
    return (
        f"{exc}, and putting the earlier files back failed too: they are kept in {exc.keep};"
        f" copy them back into {folder} before you run the command again"
    )
