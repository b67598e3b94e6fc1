"""LibreOffice processes this tool started: started, recorded, and stopped — only those.

Each LibreOffice call runs in a session of its own, so that a hung one can be killed with
its helpers and a Ctrl-C in the terminal reaches only us. That also lets it outlive a
``kill -9`` of the build. So every process is recorded, before it may start working, in
the folder it converts into (``<folder>/.soffice-processes/<pid>.json``): its pid, its
start time (``/proc/<pid>/stat`` field 22) and the boot it belongs to, so a pid the system
has since given to another process is never mistaken for ours; and the machine id and PID
namespace it ran in (:mod:`letters.files.identity`, as the workspace lock records them; the
boot and machine ids as keyed digests, never as they are, a record of an older letters
holding them raw still judged as it was), so
that a record written on another computer sharing the folder, or in a container, whose pid
names some unrelated process here, is never acted on: such a record, and one written before
records held them, is judged as the lock judges it, and its process is never signalled. A
process that ends while
we watch is forgotten; a later run reads what is left and stops exactly those processes
that are still the ones recorded, nothing else — never a process that merely names the
folder on its command line. The temporary folder a run keeps its profiles in is recorded
there too (``<name>.work``), so a run killed between two calls leaves no folder behind
either; LibreOffice's own temporary files go into that folder (``TMPDIR``). That record
says where it was made as a process record does: a container sharing this ``/tmp`` and the
workspace may be converting in a folder of that name, so one of another computer or PID
namespace is set aside with its folder left (:mod:`letters.publish.left_elsewhere`: the user
is told, once, where that folder is here to delete, and every build reminds of the records
set aside until they are deleted); an older one, the folder's name alone, or one of a
system without ``/proc`` saying no more than it can, is removed, unless a process record
naming it is left unsignalled (an older one, or on such a system): that process may still
use it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from letters.errors import ToolMissing
from letters.files import json_read
from letters.files.atomic import atomic_write_bytes
from letters.files.identity import (
    ANOTHER_COMPUTER,
    ANOTHER_NAMESPACE,
    elsewhere,
    identity,
    pid_namespace,
    same_boot,
    start_ticks,
)
from letters.publish.left_elsewhere import WORK_PREFIX, set_aside
from letters.publish.pdf_profile import discard_profile

log = logging.getLogger(__name__)

RECORD = ".soffice-processes"
_WORK_SUFFIX = ".work"

# The process waits for this line before it runs the real command, so a build killed
# between starting it and recording it leaves nothing running: the line never comes.
_GATE = 'read -r go && [ "$go" = go ] && exec "$@" </dev/null'
_PROC = Path("/proc")
_GONE_SECONDS = 5.0


@dataclass(frozen=True)
class Started:
    """What identifies a process we started, even after our own end."""

    pid: int  # also its process group and session: it leads a session of its own
    start: int  # clock ticks after boot at which it started
    boot: str  # the boot it started in, as a digest ("" where the system does not say)
    work: str  # the temporary folder its profile lives in, removed with it
    machine: str = ""  # the digest of the machine id of its computer ("": not known)
    pidns: str = ""  # the PID namespace its pid counts in ("": not known, an older record)


def launch(command: list[str], *, record_in: Path, work: Path) -> subprocess.Popen[bytes]:
    """Start ``command`` in a session of its own, recorded in ``record_in`` before it runs.

    Its output (stdout and stderr together) is the returned process's ``stdout``; its
    temporary files go into ``work``, which is removed with it.
    """
    temporary = work / "tmp"
    temporary.mkdir(exist_ok=True)
    process = subprocess.Popen(
        ["/bin/sh", "-c", _GATE, "letters-soffice", *command],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, "TMPDIR": str(temporary)},
    )
    assert process.stdin is not None
    try:
        # Unreaped, our child's pid cannot be reused: what /proc says is about it (where
        # /proc is this namespace's: else no start is known, and nothing is recorded).
        found = identity(process.pid)
        start = found.get("start")
        if isinstance(start, int):
            said = {key: str(found.get(key, "")) for key in ("boot", "machine", "pidns")}
            started = Started(process.pid, start, work=str(work), **said)
            _write(record_in, started)
        else:
            log.debug("no /proc here: LibreOffice pid %d is not recorded", process.pid)
        process.stdin.write(b"go\n")
        process.stdin.close()
    except BaseException:
        stop(process, record_in)
        raise
    return process


def has_exited(pid: int) -> bool:
    """Whether the process has exited, leaving it unreaped so its group id stays ours."""
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def stop(process: subprocess.Popen[bytes], record_in: Path) -> None:
    """Kill ``process`` with its whole group (helpers included), reap it, forget it."""
    # The leader is not reaped yet (see has_exited), so its group id cannot have been
    # reused by an unrelated process.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(OSError, ValueError):
        if process.stdin is not None:
            process.stdin.close()
    process.wait()
    # The helpers it started die of the same SIGKILL, but not at once on a busy machine;
    # a batch that ends says none is left.
    _wait_gone([(pid, found.start) for pid, found in _processes() if found.session == process.pid])
    forget(record_in, process.pid)


def forget(record_in: Path, pid: int) -> None:
    """Remove ``pid``'s record; the record folder too once it is empty."""
    _unrecord(record_in / RECORD / f"{pid}.json")


def make_work(record_in: Path) -> Path:
    """A new temporary folder for profiles, recorded in ``record_in`` before it is made.

    A later run's :func:`stop_recorded` removes it if this run is killed before
    :func:`remove_work` does.
    """
    name = WORK_PREFIX + secrets.token_hex(6)
    work = Path(tempfile.gettempdir()) / name
    # Where it was made, as a process record says it: a run on another computer or in a
    # container sharing the folder (and perhaps this /tmp) leaves it alone.
    said = {"work": str(work), **identity(os.getpid())}
    _record(record_in / RECORD / f"{name}{_WORK_SUFFIX}", json.dumps(said).encode())
    try:
        work.mkdir(mode=0o700)
    except BaseException:
        _unrecord(record_in / RECORD / f"{name}{_WORK_SUFFIX}")
        raise
    return work


def remove_work(record_in: Path, work: Path) -> None:
    """Remove a folder :func:`make_work` made, then its record."""
    _remove_work(work)
    _unrecord(record_in / RECORD / f"{work.name}{_WORK_SUFFIX}")


def _unrecord(path: Path) -> None:
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        path.parent.rmdir()  # fails, as it should, while something else is recorded


def stop_recorded(record_in: Path) -> list[int]:
    """Stop the processes recorded in ``record_in`` that are still the ones recorded.

    For a run that was killed and could not stop its own LibreOffice processes; call it
    only while no live run converts into ``record_in``. Returns the pids stopped. The
    records, and the temporary folders of the processes they name, are removed; but a
    record that says it was made on another computer or in another PID namespace is set
    aside (:func:`~letters.publish.left_elsewhere.set_aside`: beside ``record_in``, kept
    when staging folders are cleared) with a warning, its folder left; a process record of
    an older letters, not saying where, is left in place, its process not signalled (see
    :func:`_ours_to_judge`), and the folder it names is not removed.
    """
    folder = record_in / RECORD
    if record_in.is_symlink() or folder.is_symlink():
        # Not made by letters (a workspace from elsewhere may hold one, linked to a folder of
        # the user's): nothing through it is read, stopped or removed; a linked record folder
        # is removed itself, so no record is written through it either.
        if folder.is_symlink() and not record_in.is_symlink():
            folder.unlink()
        return []
    try:
        paths = sorted(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    killed: list[tuple[int, int]] = []
    work: set[str] = set()
    in_use: set[str] = set()  # the folders of processes left running: never removed
    told: set[str] = set()
    for path in paths:
        if path.name.endswith(_WORK_SUFFIX):
            folder_named, said = _read_work(path)
            if said is not None:
                set_aside(path, said, record_in, told)  # another computer's or container's
                continue
            work.add(folder_named)
        started = _read(path)
        if started is not None:
            if not _ours_to_judge(started, path):
                in_use.add(started.work)
                if _positively_elsewhere(asdict(started)):
                    set_aside(path, asdict(started), record_in, told)  # left, as its folder
                continue
            work.add(started.work)
            killed += _stop_session(started)
        path.unlink(missing_ok=True)
    _wait_gone(killed)
    for name in sorted(work - in_use):
        _remove_work(Path(name))
    with contextlib.suppress(OSError):
        folder.rmdir()
    return [pid for pid, _start in killed]


def _write(record_in: Path, started: Started) -> None:
    path = record_in / RECORD / f"{started.pid}.json"
    _record(path, json.dumps(asdict(started)).encode())
    log.debug("recorded pid %d (started at tick %d) in %s", started.pid, started.start, path)


def _record(path: Path, data: bytes) -> None:
    for attempt in range(3):
        try:
            # Not synced: it must outlive our process, not the machine (nor do the processes).
            atomic_write_bytes(path, data, durable=False)
            return
        except FileNotFoundError:  # another run removed the emptied folder meanwhile
            if attempt == 2:
                raise


def _read(path: Path) -> Started | None:
    if not (path.name.endswith(".json") and path.name[:-5].isdigit()):
        return None  # a temporary file of a write cut short, or not ours
    try:
        data = json_read.loads(path.read_text(encoding="utf-8"))
        started = Started(**data)
    except (OSError, ValueError, TypeError):
        started = None
    if (
        started is None
        or not isinstance(started.pid, int)
        or not isinstance(started.start, int)
        or not isinstance(started.boot, str)
        or not isinstance(started.work, str)
        or not isinstance(started.machine, str)
        or not isinstance(started.pidns, str)
        or started.pid <= 1
    ):
        log.debug("unreadable process record %s: ignored", path)
        return None
    return started


def _read_work(path: Path) -> tuple[str, dict[str, object] | None]:
    """The temporary folder the ``.work`` record ``path`` names ("" if none), and None; or,
    if it says it was made on another computer or in another PID namespace, what it says:
    then the record and its folder are left (see :func:`_positively_elsewhere`). An older
    record, the folder's name alone, names it as that letters removed it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return "", None  # nothing to remove through it; the record itself goes
    try:
        said = json_read.loads(text)
    except ValueError:
        said = None
    if not isinstance(said, dict):
        return text, None  # an older record, the folder's name alone: removed as that one did
    if not isinstance(said.get("work"), str):
        return "", None
    if _positively_elsewhere(said):
        _not_here(said, path, "the temporary folder of LibreOffice processes")
        return str(said["work"]), said
    return str(said["work"]), None


def _positively_elsewhere(recorded: dict[str, object]) -> bool:
    """Whether ``recorded`` says more than that this system cannot tell where it ran: that it
    ran on another computer, or in another PID namespace of this boot (both recorded and
    known here). A record saying nothing of it (an older one, or one of a system without
    ``/proc``, as this one may be) is not."""
    where = elsewhere(recorded)
    if where == ANOTHER_NAMESPACE:
        return bool(recorded.get("pidns")) and bool(pid_namespace())
    return bool(where)


def _ours_to_judge(started: Started, path: Path) -> bool:
    """Whether the process ``started`` names ran on this computer, in this PID namespace,
    and this process's ``/proc`` shows them: only then do its pid and start say which
    process it is here. A record of another computer or container (or an older one, which
    does not say) is left to a run there: its pid here is another process, never signalled,
    and its temporary folder, that computer's, is not removed either."""
    return not _not_here(asdict(started), path, f"LibreOffice process {started.pid}")


def _not_here(recorded: dict[str, object], path: Path, what: str) -> bool:
    """Whether ``recorded`` (a record's fields) says it was written on another computer or in
    another PID namespace, does not say which, or this process's ``/proc`` cannot tell;
    logged, naming ``what`` it records, as left alone."""
    where = elsewhere(recorded)
    if not where and start_ticks(os.getpid()) is not None:
        return False
    there = "on another computer" if where == ANOTHER_COMPUTER else "in another PID namespace"
    if not where:
        there = "where this process's /proc does not show its own PID namespace"
    elif not recorded.get("pidns"):
        there = "that does not say which computer and PID namespace it ran in (an older one)"
    log.info("%s records %s of a run %s: it is left from here", path, what, there)
    return True


def _stop_session(started: Started) -> list[tuple[int, int]]:
    """Kill the session ``started`` leads if it is still that one; the (pid, start) killed."""
    if not same_boot(started.boot):
        return []  # the machine restarted since: the process is long gone
    leader = _stat(started.pid)
    if leader is not None and (leader.start, leader.group, leader.session) != (
        started.start,
        started.pid,
        started.pid,
    ):
        return []  # the pid is another process's now: ours, and its session, ended long ago
    # While any process remains in the session, the kernel gives its number to no one else,
    # so with the leader alive every process in it is ours. With the leader gone, only those
    # that started after it and use our profile are taken for ours.
    members = [] if leader is None else [(started.pid, leader.start)]
    for pid, found in _processes():
        if found.session != started.pid or pid == started.pid or found.start < started.start:
            continue
        if leader is not None or started.work.encode() in _cmdline(pid):
            members.append((pid, found.start))
    if leader is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(started.pid, signal.SIGKILL)
    for pid, _start in members:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    if members:
        log.info(
            "stopped LibreOffice left running by an earlier run: session %d (pids %s)",
            started.pid,
            ", ".join(str(pid) for pid, _start in members),
        )
    return members


def _wait_gone(killed: list[tuple[int, int]]) -> None:
    """Wait until the killed processes have released their files (exited, or zombies)."""
    deadline = time.monotonic() + _GONE_SECONDS
    waiting = dict(killed)
    while waiting and time.monotonic() < deadline:
        for pid, start in list(waiting.items()):
            found = _stat(pid)
            if found is None or found.state == "Z" or found.start != start:
                del waiting[pid]
        if waiting:
            time.sleep(0.02)


def _remove_work(path: Path) -> None:
    """Remove a run's temporary profiles and links, and the sockets LibreOffice processes
    killed in them left — only such a folder of ours."""
    if not path.is_absolute() or not path.name.startswith(WORK_PREFIX):
        return
    try:
        info = path.lstat()
    except OSError:
        return
    if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid():
        with contextlib.suppress(OSError):
            for profile in path.glob("profile-*"):
                discard_profile(profile)
        shutil.rmtree(path, ignore_errors=True)


@dataclass(frozen=True)
class _Stat:
    state: str  # R, S, D, Z ...
    group: int
    session: int
    start: int


def _stat(pid: int) -> _Stat | None:
    """What /proc/<pid>/stat says of a process; None if there is no such process."""
    try:
        text = (_PROC / str(pid) / "stat").read_text(encoding="ascii", errors="replace")
        fields = text.rsplit(")", 1)[1].split()  # the name in parentheses may hold anything
        return _Stat(fields[0], int(fields[2]), int(fields[3]), int(fields[19]))
    except (OSError, IndexError, ValueError):
        return None


def _processes() -> list[tuple[int, _Stat]]:
    found = []
    with contextlib.suppress(OSError):
        for entry in _PROC.iterdir():
            if entry.name.isdigit():
                info = _stat(int(entry.name))
                if info is not None:
                    found.append((int(entry.name), info))
    return found


def _cmdline(pid: int) -> bytes:
    try:
        return (_PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return b""


def soffice() -> str:
    """The LibreOffice program, or :class:`ToolMissing` saying how to install it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ToolMissing(
        "LibreOffice is needed for PDF output but was not found. Install it (Debian/Ubuntu:"
        " 'apt-get install libreoffice-writer-nogui fonts-liberation2', and for each language"
        " of the letters its hyphenation patterns, such as hyphen-uk, or its PDFs are not"
        " hyphenated) or build without --pdf."
    )
