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
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "ANOTHER_COMPUTER",
    "ANOTHER_NAMESPACE",
    "boot_id",
    "elsewhere",
    "identity",
    "machine_id",
    "other_process",
    "pid_namespace",
    "start_ticks",
]

_PROC = Path("/proc")
_MACHINE_IDS = (Path("/etc/machine-id"), Path("/var/lib/dbus/machine-id"))
ANOTHER_COMPUTER = "computer"
ANOTHER_NAMESPACE = "namespace"


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
    it."""
    found: dict[str, object] = {}
    boot, start, machine, namespace = boot_id(), start_ticks(pid), machine_id(), pid_namespace()
    if boot:
        found["boot"] = boot
    if start is not None:
        found["start"] = start
    if machine:
        found["machine"] = machine
    if namespace:
        found["pidns"] = namespace
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
    if machine and here and machine != here:
        return ANOTHER_COMPUTER
    now = boot_id()
    if not boot or not now:
        return ANOTHER_COMPUTER  # no boot to compare: which computer it ran on is not known
    if boot != now:
        return "" if machine and machine == here else ANOTHER_COMPUTER  # restarted since
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
    if boot and boot != boot_id():
        return True
    if start is not None:
        found = start_ticks(pid)
        return found is not None and found != start
    return False
