"""One writer at a time: a lock file in the workspace, naming who holds it.

The lock file is written whole under a name of its process's own, then linked into place: a link
never replaces what is there, nor follows a symbolic link, and a command killed at any
moment leaves either no lock or one naming it, which the next command takes over (a lock
made empty and written after would stop every later command until someone deleted it).
One already there that leads outside the folder it locks (a workspace from elsewhere may
hold ``.letters.files.lock`` linked to ``~/.bashrc``) is refused before it is read, and so is
anything there that is no file (a named pipe, whose opening would wait for a writer for ever;
a folder; a device; a link to one of them): it is never opened. If the
folder itself is replaced by a link while the lock is held, the lock file is not removed
through it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

from letters.errors import LettersError
from letters.files import json_read
from letters.files.atomic import process_alive as _alive
from letters.files.atomic import remove_dead_temporaries
from letters.files.identity import ANOTHER_COMPUTER, elsewhere, identity, other_process
from letters.files.inside import READ_FROM, outside

LOCK = ".letters.files.lock"
_HELD: set[str] = set()  # the folders whose lock this process holds now
# The command of the command line this process runs ("review replies"), innermost last: a
# lock names it, whatever part of letters takes the lock (recording an answer, completing
# the ledger) for it
_RUNNING: list[str] = []


@contextlib.contextmanager
def running(command: str) -> Iterator[None]:
    """Name ``command`` (as typed after ``letters``) as the one this process runs while the
    block runs: a lock taken meanwhile names it, so that a command stopped by it is told
    which command to wait for."""
    _RUNNING.append(command)
    try:
        yield
    finally:
        _RUNNING.pop()


class Locked(LettersError):
    """Raised when another letters command is writing the same workspace."""


# What a lock file's path may hold instead of a file, said in a message
_NOT_FILES = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def _refuse_no_file(path: Path, what: str) -> None:
    """Refuse the lock file ``path`` if it is no regular file, or a link to none (inside the
    folder it locks: one leading outside it is refused before), without opening it: opening
    a named pipe waits until something writes to it, and a device may do anything."""
    try:
        found = os.stat(path)  # a stat opens nothing
    except OSError:
        return  # gone since, or a link to nothing: read as a lock that says nothing
    if stat.S_ISREG(found.st_mode):
        return
    kind = next((name for test, name in _NOT_FILES if test(found.st_mode)), "no regular file")
    if os.path.islink(path):
        kind = f"a symbolic link to {kind}"
    raise LettersError(
        f"{path} is {kind}, not the lock file of letters; nothing is read from it, and no"
        f" letters command can write {what} while it is there: remove it (letters makes its"
        " lock file itself) and run the command again"
    )


def _holder(path: Path) -> dict[str, object]:
    """What the lock file at ``path`` says of its holder; empty if it cannot be read, is no
    regular file (opened without waiting: one replaced by a named pipe since it was judged
    never blocks), or is not the object letters writes (a user's edit, a damaged file:
    ``[]``, ``"x"``, ``1``)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return {}
    try:
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return {}
            holder = json_read.loads(handle.read().decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return holder if isinstance(holder, dict) else {}


@contextlib.contextmanager
def workspace_lock(root: Path, command: str, what: str = "this workspace") -> Iterator[None]:
    """Hold the lock of ``root`` (a workspace or an output folder) while the block runs;
    a stale lock is taken over. The lock names the command of the command line running
    (see :func:`running`); in a program using letters as a library, ``command``, what the
    program is doing (``finalise``, ``complete the sign-off ledger``)."""
    path = root / LOCK
    me: dict[str, object] = {"pid": os.getpid(), "host": socket.gethostname()}
    me.update(identity(os.getpid()))  # a later process given the same id is not taken for it
    if _RUNNING:
        me["command"] = _RUNNING[-1]
    else:
        me["task"] = command
    me["started"] = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    stale = False
    for _attempt in range(2):
        try:
            _link_whole(path, me)
        except FileExistsError:
            target = outside(root, path)
            if target is not None:
                raise LettersError(
                    f"{path} is a symbolic link to {target}, outside {what}; nothing is read"
                    " or written through it: delete the link (letters makes its lock file"
                    " itself)"
                ) from None
            _refuse_no_file(path, what)
            holder = _holder(path)
            here = holder.get("host") == me["host"] and not elsewhere(holder)
            pid = holder.get("pid")
            if here and isinstance(pid, int) and _dead(pid, holder):
                # Its holder died. Move the stale lock aside under a name of our own:
                # rename is atomic, so of several commands doing this only one succeeds,
                # and none can remove a lock another has just taken.
                aside = path.with_name(f"{LOCK}.stale.{os.getpid()}")
                with contextlib.suppress(FileNotFoundError):
                    os.rename(path, aside)
                    if _holder(aside) != holder:
                        os.rename(aside, path)  # not the stale one after all: put it back
                    aside.unlink(missing_ok=True)
                stale = True
                continue
            raise Locked(
                f"another letters command is writing {what}: {_holding(holder, me)}."
                f" Wait for it to finish{_when_to_delete(holder, me, path)}."
            ) from None
        break
    else:
        raise Locked(f"cannot take {LOCK}; another letters command keeps taking it")
    _remove_dead_attempts(root, str(me["host"]))
    if what == "this workspace":
        remove_dead_temporaries(root / "signoff" / "versions")
    if stale and what == "this workspace":
        remove_leftovers(root)
    held = os.path.realpath(root)
    _HELD.add(held)
    try:
        yield
    finally:
        _HELD.discard(held)
        if os.path.realpath(root) == held:  # not through a link the folder was replaced by
            path.unlink(missing_ok=True)


def output_folder_lock(
    root: Path, folder: Path, command: str
) -> contextlib.AbstractContextManager[None]:
    """The lock of ``folder``, an output folder of the workspace ``root`` that other
    workspaces may share (a build's ``out/``, ``review packet -o DIR``), to be taken while
    the workspace's is held; none where ``folder`` is the workspace itself, whose lock that
    is."""
    if os.path.realpath(folder) == os.path.realpath(root):
        return contextlib.nullcontext()
    return workspace_lock(folder, command, "this output folder")


def _dead(pid: int, holder: dict[str, object]) -> bool:
    """Whether the process of this host that ``holder`` names has ended: none runs with its
    id, or the one that does is another (another boot, another start time; a lock that does
    not record them cannot tell, and its live process is taken for the holder)."""
    return not _alive(pid) or other_process(pid, holder)


def _holding(holder: dict[str, object], me: dict[str, object]) -> str:
    """Who holds a lock, as a sentence: "'letters review replies' is running (process 123,
    since 2020-05-21 09:41 UTC)"; the host is named where it is not this one, or is another
    computer of its name; another PID namespace is said."""
    if not holder:
        return "a command that left no details (the lock file is empty or damaged)"
    command, task = holder.get("command"), holder.get("task")
    if isinstance(command, str):
        who = f"'letters {command}' is running"
    elif isinstance(task, str):
        who = f"a program using letters ({task}) is running"
    else:
        who = "a letters command is running"
    pid, host, started = holder.get("pid"), holder.get("host"), holder.get("started")
    details = [f"process {pid}"] if isinstance(pid, int) else []
    if isinstance(host, str) and host != me["host"]:
        details.append(f"on {host}")
    elif host == me["host"] and elsewhere(holder) == ANOTHER_COMPUTER:
        details.append(f"on another computer named {host}")
    elif host == me["host"] and elsewhere(holder):
        details.append("in another process namespace of this computer")
    try:
        since = dt.datetime.fromisoformat(str(started)).astimezone(dt.timezone.utc)
        details.append(f"since {since:%Y-%m-%d %H:%M} UTC")
    except ValueError:  # a lock file written by hand, or damaged: its time is not told
        pass
    return f"{who} ({', '.join(details)})" if details else who


def _when_to_delete(holder: dict[str, object], me: dict[str, object], path: Path) -> str:
    """The end of the advice to wait: deleting the lock is advised only where no command can
    tell whether its holder died, since one on this host that dies is taken over anyway."""
    host, pid = holder.get("host"), holder.get("pid")
    if isinstance(host, str) and host != me["host"]:
        return (
            f"; if it is no longer running on {host}, delete {path} (whether a process on"
            " another computer is alive cannot be told from here)"
        )
    if host == me["host"] and elsewhere(holder) == ANOTHER_COMPUTER:
        return (
            f"; if it is no longer running on the other computer named {host}, delete"
            f" {path} (whether a process on another computer is alive cannot be told from"
            " here)"
        )
    if host == me["host"] and elsewhere(holder):
        return (
            f"; if it is no longer running in its container, delete {path} (whether a"
            " process in another process namespace is alive cannot be told from here)"
        )
    if host == me["host"] and isinstance(pid, int) and _knows_its_process(holder):
        return " (if it dies, the next command takes its lock over)"
    if host == me["host"] and isinstance(pid, int):
        # a process id is used again after a restart: one alive need not be the holder
        return (
            " (if it dies, the next command takes its lock over); if process"
            f" {pid} is no letters command (its id reused after a restart), delete {path}"
        )
    return (
        "; the lock does not say which process holds it, so if no letters command is"
        f" running, delete {path}"
    )


def _knows_its_process(holder: dict[str, object]) -> bool:
    """Whether ``holder`` records what tells its process from a later one with its id (the
    boot and the start time), on a system that says them: then a live one is the holder."""
    start, boot = holder.get("start"), holder.get("boot")
    known = isinstance(start, int) and not isinstance(start, bool) and isinstance(boot, str)
    return known and bool(boot) and bool(identity(os.getpid()))


def _link_whole(path: Path, me: dict[str, object]) -> None:
    """Make the lock file ``path`` holding ``me``, whole, or raise FileExistsError if there
    is one: written under a name of this process's own beside it (a full disk fails there,
    leaving no lock), then linked to ``path``."""
    taking = path.with_name(f"{LOCK}.taking.{os.getpid()}")
    taking.unlink(missing_ok=True)  # left by a killed process this pid once was
    fd = os.open(taking, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    try:
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(me, handle)
        except OSError as exc:  # a full disk: named by the lock, which says where it is
            raise OSError(exc.errno, exc.strerror, exc.filename or str(path)) from None
        try:
            os.link(taking, path, follow_symlinks=False)
        except FileExistsError:
            raise
        except OSError:  # a disk without hard links (FAT): made empty, then written
            _create_then_write(path, me)
    finally:
        taking.unlink(missing_ok=True)


def _create_then_write(path: Path, me: dict[str, object]) -> None:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(me, handle)
    except BaseException:  # a full disk, say: no lock left behind that names nobody
        path.unlink(missing_ok=True)
        raise


def _remove_dead_attempts(root: Path, host: str) -> None:
    """Remove what commands killed as they took the lock of ``root`` left: the lock written
    under the name of its process before it is linked into place, or a stale lock moved
    aside (``.letters.files.lock.taking.<pid>``, ``….stale.<pid>``). Only one whose process
    is dead is removed; a live one is still trying (unless the lock it was taking says it
    is another process than the one running with its id now: that one died). One written
    on another host (a shared folder), another computer of this one's name or in another
    PID namespace (a container) is left to commands there, which can tell whether it is
    alive. Each file is read once, and removed only if it is still the one read."""
    for left in sorted(root.glob(f"{LOCK}.*.*")):
        pid = left.name.rpartition(".")[2]
        read = _read_once(left) if pid.isdigit() else None
        if read is None:
            continue
        record, judged = read
        if record.get("host", host) != host or elsewhere(record):
            continue
        taking = left.name == f"{LOCK}.taking.{pid}"  # its own lock: it says who it was
        if _alive(int(pid)) and not (taking and other_process(int(pid), record)):
            continue
        _remove_if_same(left, judged)


def _read_once(path: Path) -> tuple[dict[str, object], os.stat_result] | None:
    """What the file ``path`` says (empty if it is not what letters writes) and which file it
    is; None for a symbolic link, a file gone, or no regular file (a named pipe, a device:
    opened without waiting, never read, left where it is, as letters made none of them)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        which = os.fstat(handle.fileno())
        if not stat.S_ISREG(which.st_mode):
            return None
        try:
            record = json_read.loads(handle.read().decode("utf-8"))
        except (OSError, ValueError):
            record = {}
    return (record if isinstance(record, dict) else {}), which


def _remove_if_same(path: Path, judged: os.stat_result) -> None:
    """Remove ``path`` if it is still the file ``judged``: moved first under a name of this
    process's own (rename is atomic), and put back if another has replaced it since."""
    aside = path.with_name(f"{LOCK}.judged.{os.getpid()}")
    try:
        os.rename(path, aside)
    except OSError:
        return
    with contextlib.suppress(OSError):
        found = os.lstat(aside)
        if (found.st_dev, found.st_ino) == (judged.st_dev, judged.st_ino):
            aside.unlink()
        else:
            os.rename(aside, path)  # written since it was read: not the one judged


# What tempfile.mkstemp names a file letters writes before renaming it into place
# (letters.files.atomic): ".ledger.head.hecib07j.tmp" beside signoff/ledger.head.
_LEFTOVER = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
# What commands that take no lock write, and may be writing now: review request's kept
# versions (signoff/versions/) and a status page (review status --html: .html or .htm, in
# any case) anywhere. They are written owned (letters.files.atomic.owner_tag), removed by
# remove_dead_temporaries.
_UNLOCKED_FOLDERS = (Path("signoff") / "versions",)
_UNLOCKED_NAME = re.compile(r"\..+\.(?i:html?)\.(?:\d+-[0-9a-f]{8}\.)?[a-z0-9_]{8}\.tmp")


def remove_leftovers(root: Path) -> list[Path]:
    """Remove the files a command killed while it wrote left beside the ones it replaces:
    in the workspace ``root`` and the folders letters reads and keeps its records in (a
    whole catalog or ledger head under a hidden name, which ``git add -A`` would commit).
    Called when the lock of a command that died is taken over, so no other command that
    takes the lock is writing them; what commands without the lock write is left alone.
    Links are not followed. Returns what was removed."""
    removed = []
    folders = [(root, False), *((root / name, True) for name in READ_FROM)]
    for top, deep in folders:
        if top.is_symlink() or not top.is_dir():
            continue
        for folder, subfolders, files in os.walk(top):
            if not deep or Path(folder).relative_to(root) in _UNLOCKED_FOLDERS:
                subfolders.clear()
                if deep:
                    continue
            for name in files:
                path = Path(folder) / name
                if _UNLOCKED_NAME.fullmatch(name):
                    continue
                if _LEFTOVER.fullmatch(name) and path.is_file() and not path.is_symlink():
                    with contextlib.suppress(OSError):
                        path.unlink()
                        removed.append(path)
    return removed


def holds_lock(root: Path) -> bool:
    """Whether this process holds the lock of ``root`` now (inside `workspace_lock`)."""
    return os.path.realpath(root) in _HELD
