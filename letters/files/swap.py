"""Put a batch's files in place together: if one cannot be, those already moved go back.

A batch is staged in a folder of its own, then moved into the output folder file by
file. :func:`replace_all` keeps a link to every file it replaces or removes, and when a
move fails (a file locked, a disk full, a folder taken away) it moves the new files back
to where they were staged and the old ones back into place, so that the output folder
holds the earlier batch, whole, and a rerun finds the staged files where it left them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

_replace = os.replace  # one name for the moves, which tests make fail


class NotPlaced(Exception):
    """A file could not be moved into place; every other is as it was before."""

    def __init__(self, target: Path, error: OSError) -> None:
        super().__init__(f"cannot write {target} ({error.strerror})")
        self.target = target
        self.error = error


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
    except OSError as error:
        for source, moved in reversed(done):
            with contextlib.suppress(OSError):
                _replace(moved, source)
        for path, copy in reversed(kept):
            with contextlib.suppress(OSError):
                _replace(copy, path)
        raise NotPlaced(target, error) from None
