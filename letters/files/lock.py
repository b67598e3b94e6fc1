"""One writer at a time: a lock file in the workspace, naming who holds it.

The lock file is made with ``O_EXCL``, which never follows a symbolic link; one already
there that leads outside the folder it locks (a workspace from elsewhere may hold
``.letters.files.lock`` linked to ``~/.bashrc``) is refused before it is read. If the
folder itself is replaced by a link while the lock is held, the lock file is not removed
through it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path

from letters.errors import LettersError
from letters.files.inside import outside

LOCK = ".letters.files.lock"
_HELD: set[str] = set()  # the folders whose lock this process holds now


class Locked(LettersError):
    """Raised when another letters command is writing the same workspace."""


def _holder(path: Path) -> dict[str, object]:
    """What the lock file at ``path`` says of its holder; empty if it cannot be read, or is
    not the object letters writes (a user's edit, a damaged file: ``[]``, ``"x"``, ``1``)."""
    try:
        holder = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return holder if isinstance(holder, dict) else {}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def workspace_lock(root: Path, command: str, what: str = "this workspace") -> Iterator[None]:
    """Hold the lock of ``root`` (a workspace or an output folder) while the block runs;
    a stale lock is taken over."""
    path = root / LOCK
    me = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "command": command,
        "started": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
    }
    for _attempt in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            target = outside(root, path)
            if target is not None:
                raise LettersError(
                    f"{path} is a symbolic link to {target}, outside {what}; nothing is read"
                    " or written through it: delete the link (letters makes its lock file"
                    " itself)"
                ) from None
            holder = _holder(path)
            same_host = holder.get("host") == me["host"]
            pid = holder.get("pid")
            if same_host and isinstance(pid, int) and not _alive(pid):
                # Its holder died. Move the stale lock aside under a name of our own:
                # rename is atomic, so of several commands doing this only one succeeds,
                # and none can remove a lock another has just taken.
                aside = path.with_name(f"{LOCK}.stale.{os.getpid()}")
                with contextlib.suppress(FileNotFoundError):
                    os.rename(path, aside)
                    if _holder(aside).get("pid") != pid:
                        os.rename(aside, path)  # not the stale one after all: put it back
                    aside.unlink(missing_ok=True)
                continue
            who = (
                f"'letters {holder.get('command', '?')}' (pid {pid}, on"
                f" {holder.get('host', '?')}, since {holder.get('started', '?')})"
                if holder
                else "a command that left no details (the lock file is empty or damaged)"
            )
            raise Locked(
                f"another letters command is writing {what}: {who}. Wait for it to finish;"
                f" if it is no longer running, delete {path}."
            ) from None
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(me, handle)
        break
    else:
        raise Locked(f"cannot take {LOCK}; another letters command keeps taking it")
    held = os.path.realpath(root)
    _HELD.add(held)
    try:
        yield
    finally:
        _HELD.discard(held)
        if os.path.realpath(root) == held:  # not through a link the folder was replaced by
            path.unlink(missing_ok=True)


def holds_lock(root: Path) -> bool:
    """Whether this process holds the lock of ``root`` now (inside `workspace_lock`)."""
    return os.path.realpath(root) in _HELD
