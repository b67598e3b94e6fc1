"""What tells a process of this host apart from a later one given the same id.

A process id is used again: after a restart, and by any process once the first has ended.
On Linux, ``/proc`` tells them apart: the id of the boot a process runs in
(``/proc/sys/kernel/random/boot_id``) and the time it started (field 22 of
``/proc/<pid>/stat``, in clock ticks after boot). Where there is no ``/proc`` (macOS), neither
is known, and a live process with the id is taken for the one recorded.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["boot_id", "identity", "other_process", "start_ticks"]

_PROC = Path("/proc")


def boot_id() -> str:
    """The id of the boot this system runs in; "" where the system does not say."""
    try:
        return (_PROC / "sys" / "kernel" / "random" / "boot_id").read_text().strip()
    except OSError:
        return ""


def start_ticks(pid: int) -> int | None:
    """When the process ``pid`` started, in clock ticks after boot; None if there is no such
    process, or no ``/proc`` to say."""
    try:
        text = (_PROC / str(pid) / "stat").read_text(encoding="ascii", errors="replace")
        return int(text.rsplit(")", 1)[1].split()[19])  # its name, in (), may hold anything
    except (OSError, IndexError, ValueError):
        return None


def identity(pid: int) -> dict[str, object]:
    """What a record of the process ``pid`` holds to know it again: ``boot`` and ``start``,
    each only where the system says it."""
    found: dict[str, object] = {}
    boot, start = boot_id(), start_ticks(pid)
    if boot:
        found["boot"] = boot
    if start is not None:
        found["start"] = start
    return found


def other_process(pid: int, recorded: dict[str, object]) -> bool:
    """Whether the live process ``pid`` of this host is another than the one ``recorded``
    (by :func:`identity`): one of another boot, or one that started at another time. False
    where the record or the system does not say (an older record, no ``/proc``)."""
    boot, start = recorded.get("boot"), recorded.get("start")
    now = boot_id()
    if isinstance(boot, str) and boot and now and boot != now:
        return True
    if isinstance(start, int) and not isinstance(start, bool):
        found = start_ticks(pid)
        return found is not None and found != start
    return False
