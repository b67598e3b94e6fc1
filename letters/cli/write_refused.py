"""What to do when the system refuses letters a file or folder it writes ("Permission
denied", "Operation not permitted"), said where a command's OSError becomes its message.

The error does not say whether a write or a read was refused; what is on the disk does. A
read is refused only of a file or folder that is there and that this user may not read (or
of one in a folder they may not open): such a refusal is said as the system says it, as the
fix of a read is not that of a write.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["write_advice"]


def write_advice(path: Path, out: Path | None, has_out: bool) -> str | None:
    """What to do about a refused write of ``path``: who may let this user write there,
    and, for a command with --out (``has_out``) writing in its output folder (``out``, or
    the workspace's out/ where none was given), that another --out would do; None where
    the refusal may have been of a read."""
    user = _user()
    there = os.path.lexists(path)
    where = path if there else path.parent
    try:
        found = os.stat(where, follow_symlinks=False)
    except OSError:
        return None
    folder = stat.S_ISDIR(found.st_mode)
    if user is None or (there and not os.access(path, os.R_OK | (os.X_OK if folder else 0))):
        return None  # a read of what this user may not read, as likely as a write
    if not there and not (folder and os.access(where, os.X_OK)):
        return None  # in a folder this user may not open: whatever was done there
    instead = ", or choose another --out" if has_out and _in_output(path, out) else ""
    named = "it" if where == path else str(where)  # the message names path first
    if found.st_uid != user:
        return (
            f"{named} belongs to {_name(found.st_uid)}: ask them or an administrator to let"
            f" you write there{instead}"
        )
    if not found.st_mode & stat.S_IWUSR:
        return f"{named} is yours but read-only: make it writable (chmod u+w {where}){instead}"
    # its permissions let its owner write, and the system refuses all the same
    return (
        f"{named} is writable by its permissions, but the system refuses: it may be marked"
        f" immutable or append-only (see 'lsattr -d {where}'; as root, 'chattr -i' or"
        f" 'chattr -a' undoes it){instead}"
    )


def _in_output(path: Path, out: Path | None) -> bool:
    """Whether ``path`` is in the output folder ``out``, or where none was given, in a
    workspace's out/ (the folder beside its workspace.yaml)."""
    path = path.resolve()
    if out is not None:
        out = out.resolve()
        return path == out or out in path.parents
    return any(
        p.name == "out" and (p.parent / "workspace.yaml").is_file() for p in [path, *path.parents]
    )


def _user() -> int | None:
    """This process's user id (None where the system has none, as on Windows)."""
    geteuid = getattr(os, "geteuid", None)
    return geteuid() if geteuid is not None else None


def _name(uid: int) -> str:
    """The login name of the user ``uid``, or "user <uid>" where the system knows none."""
    try:
        import pwd
    except ImportError:  # Windows
        return f"user {uid}"
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:  # a user of another system (a shared disk)
        return f"user {uid}"
