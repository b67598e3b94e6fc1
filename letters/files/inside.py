"""Reading stays inside the workspace: no file is read through a symbolic link leading out.

A workspace may come from someone else, as a zip or a git repository, and such a folder can
hold symbolic links to any file of the user's (``templates/logo.png`` linked to a passport
scan in ``~/Pictures``, ``recipients/`` linked to a folder elsewhere). Read through, the
user's picture would go into letters sent to officials, or a private file's words into an
error message. So before the loader reads anything, :func:`links_out` looks at every file
and folder letters reads from the workspace and names each one that leads outside it, by
its own link or by a linked folder on the way; the workspace is then refused unread. A link
that stays inside the workspace is read as its file. Paths written in YAML (an image's) are
kept inside by their own rule: relative, with no ``..``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

__all__ = ["READ_FROM", "links_out", "outside", "outside_message"]

READ_FROM = ("workspace.yaml", "recipients", "cases", "templates", "locales", "signoff")
"""What letters reads in a workspace: its settings, and every file in these folders."""


def outside(root: Path, path: Path) -> str | None:
    """Where ``path`` really is (every link on the way followed), if that is outside the
    workspace ``root``; None if it is inside (or is ``root`` itself)."""
    real = os.path.realpath(path)
    return None if Path(real).is_relative_to(os.path.realpath(root)) else real


def outside_message(target: str) -> str:
    """What a problem says of a file or folder that leads to ``target``, outside the
    workspace (its name goes before it)."""
    kind = "folder" if os.path.isdir(target) else "file"
    return (
        f"a symbolic link to {target}, outside the workspace; nothing is read through it:"
        f" replace the link with the {kind} itself"
    )


def links_out(root: Path) -> Iterator[tuple[Path, str]]:
    """Each path letters would read under the workspace ``root`` that leads outside it, with
    where it leads; nothing under such a folder is looked at. A folder linked inside the
    workspace is looked through once (a link to a folder above it would never end)."""
    seen = {os.path.realpath(root)}
    # each path with where it really is, when that is known without following a link: only
    # a link (or a path from READ_FROM) is resolved, not each of the thousands of files of
    # a case's papers
    pending: list[tuple[Path, str | None]] = [(root / name, None) for name in reversed(READ_FROM)]
    while pending:
        path, real = pending.pop()
        if real is None:
            target = outside(root, path)
            if target is not None:
                yield path, target
                continue
            real = os.path.realpath(path)
        if real in seen or not os.path.isdir(real):
            continue
        seen.add(real)
        try:
            with os.scandir(path) as entries:
                children = sorted(entries, key=lambda entry: entry.name)
        except OSError:  # unreadable: the loader says so when it reads what it needs
            continue
        for entry in reversed(children):
            if entry.is_symlink():
                pending.append((path / entry.name, None))
            elif entry.is_dir(follow_symlinks=False):  # a file that is no link stays inside
                pending.append((path / entry.name, os.path.join(real, entry.name)))
