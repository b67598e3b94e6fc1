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

Writing stays inside too: an output folder in the workspace (``out/``, ``final/<letter>/``,
a letter's folder in them) that a link leads outside is refused by :func:`check_writing`
before anything is written, and again when a batch is published (a link made meanwhile). So
is one a link leads into a folder letters reads (``out`` linked to ``templates``): the drafts
and manifests written there would be read as inputs by the next command.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from letters.errors import LettersError

__all__ = [
    "OTHER_OUT",
    "READ_FROM",
    "check_writing",
    "link_into_inputs",
    "link_on_the_way",
    "links_out",
    "outside",
    "outside_message",
    "within",
]

READ_FROM = ("workspace.yaml", "recipients", "cases", "templates", "locales", "signoff")
"""What letters reads in a workspace: its settings, and every file in these folders."""

OTHER_OUT = ", or give --out the folder to write into"
"""The other fix for an output folder (given with --out, or ``out/``) that links outside."""


def within(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or inside it, their names compared as a disk that ignores
    case compares them (macOS's and Windows' own, a USB stick's, many shared drives'): there
    ``Templates`` is the workspace's ``templates/``, and must be refused as it is. Both paths
    are given resolved; where the disk tells case apart, only a folder named like one of the
    workspace's but for case is refused besides, which is no loss."""
    names, above = path.parts, folder.parts
    return len(names) >= len(above) and all(
        a.casefold() == b.casefold() for a, b in zip(names[: len(above)], above, strict=True)
    )


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


def link_on_the_way(root: Path, path: Path) -> tuple[Path, str] | None:
    """The first of ``path`` and the folders above it, from ``root`` down, that leads outside
    ``root``, with where it leads; None if none does, or if ``path`` is not under ``root`` as
    written (``..`` taken away, once the folder before it is checked): a folder the user
    named elsewhere is theirs. ``root`` may be written another way that leads to it
    (``~/letters`` linked to the workspace, a shell's $PWD through such a link): what is
    under it is the workspace's all the same."""
    parts = Path(path).parts
    for n, part in enumerate(parts):
        # the system goes up from where the folder before ``..`` leads, not from its name
        found = link_on_the_way(root, Path(*parts[:n])) if part == ".." and n else None
        if found is not None:
            return found
    for _top, step in _steps(root, path):
        target = outside(root, step)
        if target is not None:
            return step, target
    return None


def _steps(root: Path, path: Path) -> Iterator[tuple[Path, Path]]:
    """(the workspace as written in ``path``, each folder from there down to ``path``):
    nothing if ``path`` is not under the workspace ``root`` as written (perhaps by another
    path to it, ``~/letters`` linked to it)."""
    real, written = os.path.realpath(root), Path(os.path.abspath(path))
    # a realpath for each folder above ``path``: a few, once per folder checked
    top = next(
        (p for p in [*reversed(written.parents), written] if os.path.realpath(p) == real), None
    )
    if top is None:
        return
    step = top
    for part in written.relative_to(top).parts:
        step = step / part
        yield top, step


def link_into_inputs(root: Path, path: Path) -> tuple[Path, str, str] | None:
    """The first of ``path`` and the folders above it under the workspace ``root`` that a
    symbolic link on the way leads into a folder letters reads (``out`` linked to
    ``templates``, a letter's folder to ``cases/x``), with where it leads and that folder's
    name; None if none does. Files written there would be read as inputs by the next
    command. A folder named as what it is (``root/templates``) is no link, and is left to
    the check of the output folder (:func:`letters.publish.staging.check_destination`)."""
    real_root = Path(os.path.realpath(root))
    inputs = [(name, real_root / name) for name in READ_FROM]
    for top, step in _steps(root, path):
        real = Path(os.path.realpath(step))
        read = next((name for name, folder in inputs if within(real, folder)), None)
        if read is not None:
            if real == real_root / step.relative_to(top):  # no link on the way
                return None
            return step, str(real), read
    return None


def check_writing(root: Path, folder: Path, fix: str = "", what: str = "the workspace") -> None:
    """Refuse to write into ``folder`` if it, or a folder above it under ``root`` (the
    workspace, or ``what`` else), is a symbolic link leading outside ``root``, or into a
    folder letters reads (:func:`link_into_inputs`): a LettersError naming the link, where it
    leads and ``fix`` besides replacing the link with a folder."""
    found = link_on_the_way(root, folder)
    if found is not None:
        link, target = found
        named = "it" if link == Path(os.path.abspath(folder)) else str(link)
        raise LettersError(
            f"cannot write into {folder}: {named} is a symbolic link to {target}, outside"
            f" {what}; nothing was written through it: replace the link with a folder{fix}"
        )
    into = link_into_inputs(root, folder)
    if into is not None:
        link, target, read = into
        named = "it" if link == Path(os.path.abspath(folder)) else str(link)
        how = "is a symbolic link" if os.path.islink(link) else "leads through a symbolic link"
        raise LettersError(
            f"cannot write into {folder}: {named} {how} to {target}, in the workspace's"
            f" {read}{'' if '.' in read else '/'}, which letters reads its inputs from; nothing"
            f" was written through it: replace the link with a folder{fix}"
        )


def links_out(
    root: Path, unreadable: list[tuple[Path, str]] | None = None
) -> Iterator[tuple[Path, str]]:
    """Each path letters would read under the workspace ``root`` that leads outside it, with
    where it leads; nothing under such a folder is looked at. A folder linked inside the
    workspace is looked through once (a link to a folder above it would never end). Each
    folder that cannot be listed (no permission) is added to ``unreadable``, with why: a
    listing would skip it silently, leaving its files unread."""
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
        except OSError as exc:  # unreadable: pathlib's glob would see it as empty
            if unreadable is not None:
                unreadable.append((path, exc.strerror or type(exc).__name__))
            continue
        for entry in reversed(children):
            if entry.is_symlink():
                pending.append((path / entry.name, None))
            elif entry.is_dir(follow_symlinks=False):  # a file that is no link stays inside
                pending.append((path / entry.name, os.path.join(real, entry.name)))
