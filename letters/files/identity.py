"""What tells a process of this host apart from a later one given the same id.

A process id is used again: after a restart, and by any process once the first has ended.
On Linux, ``/proc`` tells them apart: the id of the boot a process runs in
(``/proc/sys/kernel/random/boot_id``) and the time it started (field 22 of
``/proc/<pid>/stat``, in clock ticks after boot). Where there is no ``/proc`` (macOS), neither
is known, and a live process with the id is taken for the one recorded.

Both say something only of the computer and the process namespace they were read in. A
record also holds the machine id (``/etc/machine-id``): computers given the same name (cloned
machines, several called "ubuntu" sharing a folder) have different ones. And the namespace
its process id counts in (``/proc/self/ns/pid``): a container sharing this host's name runs
its command as process 1 of a namespace of its own, whose ids and start times say nothing of
this one's. A record from another computer or namespace is never judged here.

The machine id is confidential (systemd asks programs to store an application-specific
digest of it instead), and records lie in folders shared or synced with colleagues (``out/``,
the workspace). So a record holds neither id as the system says it, but its keyed digest:
HMAC-SHA256 keyed with ``letters process record v1`` of ``machine:<id>`` or ``boot:<id>``,
as 64 lowercase hex digits (:func:`identity`). A record is read by the form of each value: 64
hex digits are a digest, compared with the digest of the id read now; anything else (the
32 hex digits of a machine id, the dashed UUID of a boot id, as letters wrote them before)
is an id as the system said it, compared with the id read now, so that records written by
the letters before this one are judged as they were; one set aside is written back with
its digests instead (:func:`digested`). The PID namespace (``pid:[<inode>]``) says nothing
of the computer, and is recorded as it is.

The other way round, an older letters that wrote the ids as they are, reading a record or
lock this one wrote, compares the digests with the ids: they never match, so it takes every
such record or lock for another computer's. That is safe (it kills no process, and deletes no
folder or lock, of another computer), but it does not take over a lock a killed command of
this computer left: it says that lock was taken on another computer, which is wrong, and
asks for it to be deleted by hand once nothing runs there (deleting it is then right).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from pathlib import Path

__all__ = [
    "ANOTHER_COMPUTER",
    "ANOTHER_NAMESPACE",
    "boot_id",
    "digested",
    "elsewhere",
    "identity",
    "machine_id",
    "other_process",
    "pid_namespace",
    "same_boot",
    "start_ticks",
]

_PROC = Path("/proc")
_MACHINE_IDS = (Path("/etc/machine-id"), Path("/var/lib/dbus/machine-id"))
ANOTHER_COMPUTER = "computer"
ANOTHER_NAMESPACE = "namespace"
_KEY = b"letters process record v1"
_DIGEST = re.compile(r"[0-9a-f]{64}")


def _digest(kind: str, value: str) -> str:
    """The keyed digest a record holds for the id ``value`` of ``kind`` (machine, boot)."""
    return hmac.new(_KEY, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _same(kind: str, recorded: str, now: str) -> bool:
    """Whether ``recorded`` (a digest, or an id as an older record holds it) is the id
    ``now`` of ``kind``, read here; never where either is unknown ("")."""
    if not recorded or not now:
        return False
    if _DIGEST.fullmatch(recorded):
        return hmac.compare_digest(recorded, _digest(kind, now))
    return recorded == now


def same_boot(recorded: str) -> bool:
    """Whether the boot id ``recorded`` (its digest, or the id as an older record holds it)
    is this system's boot; False where either is not known."""
    return _same("boot", recorded, boot_id())


def machine_id() -> str:
    """The id of this computer's installed system; "" where it has none."""
    for path in _MACHINE_IDS:
        try:
            found = path.read_text(encoding="ascii", errors="replace").strip()
        except OSError:
            continue
        if found:
            return found
    return ""


def pid_namespace() -> str:
    """The PID namespace this process's id counts in (``pid:[4026531836]``); "" where the
    system does not say."""
    try:
        return os.readlink(_PROC / "self" / "ns" / "pid")
    except OSError:
        return ""


def boot_id() -> str:
    """The id of the boot this system runs in; "" where the system does not say."""
    try:
        return (_PROC / "sys" / "kernel" / "random" / "boot_id").read_text().strip()
    except OSError:
        return ""


def start_ticks(pid: int) -> int | None:
    """When the process ``pid`` started, in clock ticks after boot; None if there is no such
    process, or no ``/proc`` to say, or one of another PID namespace than this process's
    (``unshare --pid`` without mounting its own: there ``pid`` is another process)."""
    try:
        if os.readlink(_PROC / "self") != str(os.getpid()):
            return None
        text = (_PROC / str(pid) / "stat").read_text(encoding="ascii", errors="replace")
        return int(text.rsplit(")", 1)[1].split()[19])  # its name, in (), may hold anything
    except (OSError, IndexError, ValueError):
        return None


def identity(pid: int) -> dict[str, object]:
    """What a record of the process ``pid`` (this one, or one of its namespace) holds to know
    it again: ``boot``, ``start``, ``machine`` and ``pidns``, each only where the system says
    it; the boot and machine ids as their keyed digests, never as they are."""
    found: dict[str, object] = {}
    boot, start, machine, namespace = boot_id(), start_ticks(pid), machine_id(), pid_namespace()
    if boot:
        found["boot"] = _digest("boot", boot)
    if start is not None:
        found["start"] = start
    if machine:
        found["machine"] = _digest("machine", machine)
    if namespace:
        found["pidns"] = namespace
    return found


def digested(recorded: dict[str, object]) -> dict[str, object]:
    """``recorded`` with the machine and boot ids an older letters wrote as they are turned
    into the digests :func:`identity` writes for those ids; a digest, and every other
    field, as it is."""
    found = dict(recorded)
    for kind in ("machine", "boot"):
        value = recorded.get(kind)
        if isinstance(value, str) and value and not _DIGEST.fullmatch(value):
            found[kind] = _digest(kind, value)
    return found


def _text(recorded: dict[str, object], key: str) -> str:
    value = recorded.get(key)
    return value if isinstance(value, str) else ""


def _start(recorded: dict[str, object]) -> int | None:
    start = recorded.get("start")
    return start if isinstance(start, int) and not isinstance(start, bool) else None


def elsewhere(recorded: dict[str, object]) -> str:
    """Where the process ``recorded`` (by :func:`identity`, on a host of this one's name) ran
    if this process cannot judge it: ``ANOTHER_COMPUTER`` (another machine id; or another
    boot where a machine id is unknown, which a restart and another computer both explain)
    or ``ANOTHER_NAMESPACE`` (another PID namespace of this boot, or one not known); "" if it
    ran here, or the record says nothing of it (written before records did, or on a system
    without ``/proc``: judged as before, by its process id)."""
    boot, start = _text(recorded, "boot"), _start(recorded)
    if not boot and start is None:
        return ""
    machine, here = _text(recorded, "machine"), machine_id()
    if machine and here and not _same("machine", machine, here):
        return ANOTHER_COMPUTER
    now = boot_id()
    if not boot or not now:
        return ANOTHER_COMPUTER  # no boot to compare: which computer it ran on is not known
    if not _same("boot", boot, now):
        return "" if _same("machine", machine, here) else ANOTHER_COMPUTER  # restarted since
    namespace, mine = _text(recorded, "pidns"), pid_namespace()
    return "" if namespace and namespace == mine else ANOTHER_NAMESPACE


def other_process(pid: int, recorded: dict[str, object]) -> bool:
    """Whether the live process ``pid`` of this host is another than the one ``recorded``
    (by :func:`identity`): one of another boot of this computer, or one that started at
    another time. False where the record or the system does not say (an older record, no
    ``/proc``), and for a record :func:`elsewhere` says is not this process's to judge."""
    if elsewhere(recorded):
        return False
    boot, start = _text(recorded, "boot"), _start(recorded)
    if boot and not same_boot(boot):
        return True
    if start is not None:
        found = start_ticks(pid)
        return found is not None and found != start
    return False
