"""Rewrite several of a user's files as one step: all of them changed, or none.

:class:`Rewrites` writes each new content to a temporary file beside its file first (the
step that fails on a full disk, a folder that may not be written, a link that may not be
written through), and only once every one is written renames them into place, in the
order they were given. Should a rename fail all the same, those made before it are undone
(each replaced file was kept under another name until the end), so the files are all as
they were. A command killed while it renames leaves some files new and the others as they
were, each whole, as :func:`letters.files.atomic.atomic_file` leaves one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from letters.errors import LettersError
from letters.files.atomic import current_umask, file_mode, temporary_prefix, written_through

__all__ = ["Rewrites"]

_replace = os.replace  # one name for the renames, which tests make fail


@dataclass
class _Staged:
    """One file to replace (``target``, a link's file) by ``temporary``, or to remove
    (``temporary`` None); ``check`` is called before anything is renamed."""

    target: Path
    temporary: Path | None
    check: Callable[[], None] | None


class Rewrites:
    """The files one command rewrites, written together by :meth:`commit`.

    ``name`` shows a path as the command's messages name it (relative to the workspace),
    ``within`` is the workspace a symbolic link is written through into (see
    :func:`letters.files.atomic.rewrite_bytes`), ``what`` is what the files are and
    ``command`` the command to run again, for the error ("no catalog was changed"). Used
    as a context manager, it removes the temporary files of a block that fails before
    :meth:`commit`."""

    def __init__(
        self,
        name: Callable[[Path], str],
        *,
        command: str,
        within: Path | None = None,
        what: str = "file",
    ) -> None:
        self._name = name
        self._command = command
        self._within = within
        self._what = what
        self._staged: list[_Staged] = []

    def __enter__(self) -> Rewrites:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.discard()

    def write(
        self, path: Path, data: bytes, *, before_replace: Callable[[], None] | None = None
    ) -> None:
        """Write ``data`` for ``path`` to a temporary file beside it (the file's
        permissions kept, a link written through); ``before_replace`` is called at
        :meth:`commit`, before any file is renamed: if it raises, no file changes."""
        target = written_through(path, self._within)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(
                prefix=temporary_prefix(target.name), suffix=".tmp", dir=target.parent
            )
        except OSError as exc:
            self._refuse(path, exc)
        temporary = Path(name)
        self._staged.append(_Staged(target, temporary, before_replace))
        try:
            mode = file_mode(target)
            os.chmod(temporary, 0o666 & ~current_umask() if mode is None else mode)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            self._refuse(path, exc)

    def remove(self, path: Path) -> None:
        """Remove ``path`` at :meth:`commit` (if it is there then)."""
        if os.path.lexists(path):
            self._staged.append(_Staged(path, None, None))

    def commit(self) -> None:
        """Rename every temporary file over its file, and remove what is to be removed,
        in the order given; if one fails, undo those done and raise a LettersError."""
        staged, self._staged = self._staged, []
        try:
            for each in staged:
                if each.check is not None:
                    each.check()
        except BaseException:
            self._staged = staged
            raise
        done: list[tuple[_Staged, Path | None]] = []  # with the earlier file, kept
        for each in staged:
            try:
                done.append((each, _set_aside(each.target)))
                if each.temporary is not None:
                    _replace(each.temporary, each.target)
                else:
                    os.unlink(each.target)
            except BaseException as exc:  # Ctrl-C or a signal too: all as they were
                _undo(done)
                self._staged = staged
                if isinstance(exc, OSError):
                    self._refuse(each.target, exc)
                raise
        for _each, earlier in done:
            if earlier is not None:
                with contextlib.suppress(OSError):
                    earlier.unlink()

    def discard(self) -> None:
        """Remove the temporary files written and not renamed: nothing changes."""
        for each in self._staged:
            if each.temporary is not None:
                with contextlib.suppress(OSError):
                    each.temporary.unlink()
        self._staged = []

    def _refuse(self, path: Path, exc: OSError) -> None:
        self.discard()
        raise LettersError(
            f"cannot write {self._name(path)}: {exc.strerror or exc}; no {self._what} was"
            f" changed: fix this and run '{self._command}' again"
        ) from None


def _set_aside(path: Path) -> Path | None:
    """Keep the file at ``path`` under another name beside it (a hard link) until the
    rewrite is done, to put it back if it cannot be; None if there is no file there."""
    if not os.path.lexists(path):
        return None
    fd, name = tempfile.mkstemp(prefix=temporary_prefix(path.name), suffix=".tmp", dir=path.parent)
    os.close(fd)
    earlier = Path(name)
    os.unlink(earlier)
    os.link(path, earlier, follow_symlinks=False)
    return earlier


def _undo(done: list[tuple[_Staged, Path | None]]) -> None:
    """Put back the files ``done`` replaced or removed, the last first."""
    for each, earlier in reversed(done):
        with contextlib.suppress(OSError):
            if earlier is not None:
                _replace(earlier, each.target)
            else:  # there was no file: the new one goes
                os.unlink(each.target)
