"""Write files so that a reader sees either the old content or the new, never half."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import socket
import stat
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from letters.errors import LettersError, Problem
from letters.files.inside import OTHER_OUT, check_writing, outside


@contextlib.contextmanager
def atomic_file(
    path: Path,
    *,
    durable: bool = True,
    mode: int | None = None,
    before_replace: Callable[[], None] | None = None,
    owned: bool = False,
) -> Iterator[BinaryIO]:
    """A file to write ``path`` through: a temporary file in the same folder, renamed over
    ``path`` when the block ends, removed if it fails. Nobody ever sees half of it.

    ``durable=False`` skips the flush to disk, for files that are checked and
    synced before anyone relies on them (a batch's staging folder). ``mode`` gives the
    file's permissions (by default, as the umask makes a new file's). ``before_replace``
    is called last, just before the rename: if it raises, ``path`` is left as it is.
    ``owned`` puts this process in the temporary file's name (:func:`owner_tag`), for a
    file written without the workspace lock: what a killed run left is then told from
    what a running one writes, and removed (:func:`remove_dead_temporaries`, first here).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if owned:
        remove_dead_temporaries(path.parent, path.name)
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=temporary_prefix(path.name, owner_tag() if owned else ""),
            suffix=".tmp",
            dir=path.parent,
        )
    except OSError as exc:  # named by its folder, not by a temporary name nobody knows
        raise OSError(exc.errno, exc.strerror, str(path.parent)) from None
    try:
        # mkstemp makes files private: follow the umask, or keep the mode of the file replaced
        os.chmod(tmp, 0o666 & ~current_umask() if mode is None else mode)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if before_replace is not None:
            before_replace()
        try:
            os.replace(tmp, path)
        except OSError as exc:  # a folder in the way, say: named, not the temporary file
            raise OSError(exc.errno, exc.strerror, str(path)) from None
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.filename is None and exc.errno is not None:
            # a write or flush that failed (a full disk) names no file: the one written is meant
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise


def temporary_prefix(name: str, tag: str = "") -> str:
    """The start of the temporary name of a file ``name``: ".<name>." (with ``tag``,
    ".<name>.<tag>."), its name cut at the front (its end, with the extension, kept) where
    the temporary name, 13 bytes longer and the tag's, would be too long for a folder (255
    bytes): a name that fits is written."""
    tagged = f"{tag}." if tag else ""
    while len(os.fsencode(name)) > 255 - len("..12345678.tmp") - len(tagged):
        name = name[1:]
    return f".{name}.{tagged}"


def owner_tag() -> str:
    """This process as an owned temporary file's name gives it: "<pid>-<host>", the host
    as eight hex digits of its name, since a pid says whether its process is alive only
    on the host it ran on (a workspace may be in a shared folder)."""
    host = zlib.crc32(socket.gethostname().encode("utf-8", "surrogateescape"))
    return f"{os.getpid()}-{host:08x}"


# An owned temporary file: ".<name>.<pid>-<host>.<random>.tmp"
_OWNED = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)-(?P<host>[0-9a-f]{8})\.[a-z0-9_]{8}\.tmp")


def process_alive(pid: int) -> bool:
    """Whether the process ``pid`` of this host is running."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_dead_temporaries(folder: Path, name: str | None = None) -> list[Path]:
    """Remove the owned temporary files in ``folder`` (of the file ``name`` only, if given)
    that a command killed while it wrote left: those of a process of this host that is
    dead. A live one's is being written; another host's is left to that host's commands,
    which can tell. Links are not followed. Returns what was removed."""
    removed: list[Path] = []
    host = owner_tag().rpartition("-")[2]
    try:
        names = os.listdir(folder)
    except OSError:
        return removed  # no folder yet, or unreadable: nothing of ours in it
    for each in names:
        owned = _OWNED.fullmatch(each)
        if owned is None or owned["host"] != host:
            continue
        # a long name is cut at the front to fit, by as much as that process's tag needed
        if name and not each.startswith(temporary_prefix(name, f"{owned['pid']}-{host}")):
            continue
        path = folder / each
        if process_alive(int(owned["pid"])) or path.is_symlink() or not path.is_file():
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed


def atomic_write_bytes(
    path: Path, data: bytes, *, durable: bool = True, owned: bool = False
) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder (``owned``:
    named by this process, as for :func:`atomic_file`)."""
    with atomic_file(path, durable=durable, owned=owned) as handle:
        handle.write(data)


def rewrite_bytes(
    path: Path,
    data: bytes,
    *,
    before_replace: Callable[[], None] | None = None,
    within: Path | None = None,
) -> None:
    """Write ``data`` to a user's file ``path`` atomically, as an editor saves it: the
    file's permissions are kept, and a symbolic link is written through, to the file it
    points to (the link stays a link; replacing it by a file would part the copy the user
    edits from the one read). ``before_replace`` is as for :func:`atomic_file`.

    A link to nothing, to something other than a file, or (with ``within``, a workspace)
    to a file outside ``within`` is refused with a LettersError: writing would make a file
    wherever the link points, replace what is there, or change a file a workspace from
    elsewhere pointed at (one a colleague sent may hold such links).
    """
    target = written_through(path, within)
    with atomic_file(target, mode=file_mode(target), before_replace=before_replace) as handle:
        handle.write(data)


def written_through(path: Path, within: Path | None = None) -> Path:
    """The file that writing the user's file ``path`` replaces: ``path``, or the file its
    symbolic link points to. A link to nothing, to something other than a file, or (with
    ``within``) to a file outside ``within`` is refused (see :func:`rewrite_bytes`)."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if target != path:
        what = "is not a file" if target.exists() else "does not exist"
        if target.is_file():
            leaves = within is not None and outside(within, target) is not None
            what = f"is outside {within}" if leaves else ""
        if what:
            raise LettersError(
                f"{path} is a symbolic link to {target}, which {what}; point the link at a"
                " file in the workspace, or put the file in its place; nothing was written"
            )
    return target


def file_mode(path: Path) -> int | None:
    """The permissions of the file ``path``, to be kept when it is replaced; None if there
    is no such file (a new one gets what the umask gives)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None


def current_umask() -> int:
    """The process's umask (the permissions a new file is made without), read without
    changing it where the system shows it (Linux's ``/proc/self/status``).

    Elsewhere it is set and set back, under a lock, so that two threads asking at once do
    not keep each other's: a file another thread makes in between gets the mode 0o022
    leaves (the joined documents are written in a thread while LibreOffice starts)."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass  # no /proc (macOS, Windows), or a kernel before 4.7 that does not show it
    with _UMASK_LOCK:
        current = os.umask(0o022)
        os.umask(current)
    return current


_UMASK_LOCK = threading.Lock()


def check_writable(paths: list[Path]) -> None:
    """Raise OSError before anything is written if any of ``paths`` cannot be written."""
    for path in paths:
        if path.is_dir():
            raise IsADirectoryError(21, "a folder is in the way", str(path))
        for parent in path.parents:
            if parent.exists():
                if not parent.is_dir():
                    raise NotADirectoryError(20, "a file is in the way", str(parent))
                if not os.access(parent, os.W_OK):
                    refused = _making_refused(parent)
                    if refused is not None:
                        raise refused
                break


def _making_refused(folder: Path) -> OSError | None:
    """The system's own refusal of a file made in ``folder`` (``Permission denied``, or
    ``Operation not permitted`` of one marked immutable, ``Read-only file system``), which
    ``os.access`` only answers with False; None where the file can be made after all (an
    access list or a network disk the check does not read)."""
    try:
        handle, name = tempfile.mkstemp(prefix=".letters-", suffix=".probe", dir=folder)
    except OSError as exc:
        return type(exc)(exc.errno, exc.strerror, str(folder))
    os.close(handle)
    os.unlink(name)
    return None


def read_only(path: Path) -> bool:
    """Whether the file at ``path`` (through a link) is read-only: no one may write it
    (``chmod a-w``, a file manager's "Read-only", a checkout not opened for editing), or
    this user may not. Replacing it, as :func:`rewrite_bytes` does, needs only its
    folder to be writable: a command that respects it asks this first."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return False
    return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK)


def refuse_read_only(
    paths: Iterable[Path], command: str, name: Callable[[Path], str], kind: str = "file"
) -> None:
    """Raise a LettersError naming each of ``paths``, the user's files ``command`` would
    change, that is read-only (:func:`read_only`): whoever made it so does not expect it
    changed, as an editor asks before it saves over one. A command asks this before it
    writes anything, so that nothing is written. ``name`` shows a path as problems name
    it (relative to the workspace); ``kind`` says what such a file is, in the heading."""
    locked = [path for path in paths if read_only(path)]
    if locked:
        raise LettersError(
            f"a {kind} is read-only; nothing was changed:",
            [
                Problem(
                    name(path),
                    None,
                    "",
                    f"read-only, and '{command}' would change it: make it writable"
                    f" (chmod u+w) and run '{command}' again",
                )
                for path in locked
            ],
        )


def check_folder(folder: Path, given: bool = True) -> None:
    """Refuse an output ``folder`` that is not a folder (a file, a device such as
    /dev/null, a link to one) or that cannot be made because a file is in the way: a
    LettersError naming it, before anything is written. ``given``: the folder was given
    with --out (the fix is another --out), else it is letters' own (``final/<letter>``:
    the fix is to move the file away)."""
    for path in (folder, *folder.parents):
        try:
            mode = path.stat().st_mode  # through a link, to what it points at
        except (FileNotFoundError, NotADirectoryError):
            continue  # not made yet (or under a file, found further up)
        except OSError as exc:
            if exc.errno == errno.ENAMETOOLONG:  # else every file in it would be named so
                fix = "give --out a shorter path" if given else "give the letter a shorter id"
                raise LettersError(
                    f"cannot write into {folder}: a folder's name in it, or the whole path, is"
                    f" longer than the system allows ({exc.strerror}): {fix}; nothing was"
                    " written"
                ) from None
            return  # unreadable: writing into it says why
        if stat.S_ISDIR(mode):
            return
        kind = ("a link to " if path.is_symlink() else "") + _kind(mode)
        if not given:
            raise LettersError(
                f"cannot write into {folder}: {path} is {kind}, not a folder; move it away (or"
                " rename it), and run the command again; nothing was written"
            )
        if path == folder:
            raise LettersError(
                f"cannot write into {folder}: it is {kind}, not a folder; give --out a"
                " folder, or a path where one can be made; nothing was written"
            )
        raise LettersError(
            f"cannot write into {folder}: {path} is {kind}, not a folder, so no folder can"
            " be made in it; give --out another path; nothing was written"
        )


def check_output_folder(root: Path, folder: Path) -> None:
    """Refuse an output ``folder`` of the workspace ``root`` (``out/``, or one given with
    --out) that is not a folder (:func:`check_folder`), or that a symbolic link leads out
    of the workspace or into its inputs (:func:`letters.files.inside.check_writing`)."""
    check_folder(folder)
    check_writing(root, folder, OTHER_OUT)


def _kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    return "a socket" if stat.S_ISSOCK(mode) else "something other than a file"


def atomic_write_text(path: Path, text: str, *, owned: bool = False) -> None:
    """Write ``text`` as UTF-8 to ``path`` through a temporary file in the same folder."""
    atomic_write_bytes(path, text.encode("utf-8"), owned=owned)


def flush(paths: Iterable[Path]) -> None:
    """Make ``paths`` durable: fsync each file, then each folder holding them (once), so
    their contents and their names survive a power cut. Only these files are flushed,
    never the whole disk (``os.sync``)."""
    folders: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            folders[path] = None
            continue
        _fsync(path)
        folders[path.parent] = None
    for folder in folders:
        _fsync(folder)


def _fsync(path: Path) -> None:
    """fsync ``path``; its error (a disk that filled up, on a network disk) names it."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:
        raise _named(exc, path) from None
    finally:
        os.close(fd)


class NotTakenBack(OSError):
    """Raised when an append failed part way and the part written could not be taken back:
    ``written`` bytes of it stay at the file's end. Its errno and text are those of the
    failed append (a full disk); ``cause`` is why the part could not be removed."""

    def __init__(self, failed: OSError, written: int, cause: OSError) -> None:
        super().__init__(failed.errno, failed.strerror, failed.filename)
        self.written = written
        self.cause = cause


def append_whole(path: Path, data: bytes) -> None:
    """Append ``data`` to ``path`` (made if missing) and flush it to disk, whole or not at
    all: if the write fails part way (a full disk) or is interrupted (Ctrl-C), the file is
    cut back to its size before, so that no part of ``data`` stays to be taken for an
    interrupted write. An OSError names ``path``; :class:`NotTakenBack` if the part written
    stays. A file it made is removed again."""
    try:
        fd, made = os.open(path, os.O_WRONLY | os.O_APPEND), False
    except FileNotFoundError:
        fd, made = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL, 0o666), True
    try:
        size = os.fstat(fd).st_size
        try:
            left = memoryview(data)
            while left:
                left = left[os.write(fd, left) :]
            os.fsync(fd)
        except BaseException as exc:
            try:
                os.ftruncate(fd, size)
                os.fsync(fd)
                if made:
                    path.unlink()
            except OSError as cause:
                failed = exc if isinstance(exc, OSError) else OSError(errno.EINTR, "interrupted")
                written = os.fstat(fd).st_size - size
                raise NotTakenBack(_named(failed, path), written, cause) from None
            if isinstance(exc, OSError):
                raise _named(exc, path) from None
            raise
    finally:
        os.close(fd)


def _named(exc: OSError, path: Path) -> OSError:
    """``exc``, naming ``path`` if it names no file (as os.write's errors do not)."""
    if exc.filename:
        return exc
    return OSError(exc.errno, exc.strerror, str(path))
