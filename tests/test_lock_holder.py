"""The workspace lock tells its holder from a later process given the same id: a lock records
the boot it was taken in and its process's start time (Linux), so a lock whose process id
was reused, after a restart or by another program, is taken over like a dead holder's. It
records the machine id and PID namespace too: one of another computer of this host's name,
or of a container, is never taken over."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.files.identity import identity
from tests.conftest import fails, killed_at

JOINT = "may-2020-joint"
PROC = Path("/proc")
HOST = socket.gethostname()
pytestmark = pytest.mark.skipif(not PROC.is_dir(), reason="Linux: a process's start in /proc")


def start_of(pid: int) -> int:
    """Field 22 of /proc/<pid>/stat: when the process started, in clock ticks after boot."""
    return int((PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[19])


def boot() -> str:
    return (PROC / "sys" / "kernel" / "random" / "boot_id").read_text().strip()


def here() -> dict[str, object]:
    """What a lock taken by a process of this computer, boot and PID namespace records."""
    found = {"boot": boot(), "pidns": os.readlink("/proc/self/ns/pid")}
    machine = Path("/etc/machine-id")
    if machine.is_file():
        found["machine"] = machine.read_text(encoding="ascii").strip()
    return found


@pytest.fixture
def bystander() -> Iterator[subprocess.Popen[bytes]]:
    """A live process that is no letters command: the one a reused id now belongs to."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    yield process
    process.kill()
    process.wait()


def lock_of(workspace: Path, holder: dict[str, object]) -> Path:
    lock = workspace / ".letters.files.lock"
    lock.write_text(json.dumps(holder), encoding="utf-8")
    return lock


def test_a_lock_records_the_boot_and_the_start_of_its_process(sample: Path) -> None:
    from letters.files.lock import workspace_lock

    with workspace_lock(sample, "finalise"):
        holder = json.loads((sample / ".letters.files.lock").read_text(encoding="utf-8"))
    assert (holder["pid"], holder["boot"], holder["start"]) == (
        os.getpid(),
        identity(os.getpid())["boot"],  # the boot id's digest, never the id itself
        start_of(os.getpid()),
    )
    assert boot() not in json.dumps(holder)


def test_a_lock_whose_id_another_process_has_now_is_taken_over(
    sample: Path, runner: CliRunner, bystander: subprocess.Popen[bytes]
) -> None:
    holder: dict[str, object] = {"pid": bystander.pid, "host": HOST, "command": "build"}
    holder.update(here(), start=start_of(bystander.pid) - 1)
    lock = lock_of(sample, holder)
    result = runner.invoke(main, ["build", JOINT, "-w", str(sample), "--quiet"])
    assert result.exit_code == 0, result.output
    assert not lock.exists()
    assert bystander.poll() is None  # the process the id belongs to now is left alone


def test_the_lock_of_a_killed_command_naming_a_reused_id_is_taken_over(
    sample: Path, runner: CliRunner
) -> None:
    """A real command's lock, killed the moment it was in place; its id given since to a
    process that runs still (as after a restart): the start recorded tells them apart. The
    process is started after the command's lock is in place, so never in the same clock
    tick as that command."""
    killed_at(".letters.files.lock", 1, "build", JOINT, "-w", str(sample))
    lock = sample / ".letters.files.lock"
    holder = json.loads(lock.read_text(encoding="utf-8"))
    with subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    ) as later:
        lock_of(sample, {**holder, "pid": later.pid})
        result = runner.invoke(main, ["build", JOINT, "-w", str(sample), "--quiet"])
        later.communicate(b"")
    assert result.exit_code == 0, result.output
    assert not lock.exists()


def test_a_lock_whose_process_runs_still_is_not_taken_and_needs_no_deleting(
    sample: Path, runner: CliRunner, bystander: subprocess.Popen[bytes]
) -> None:
    holder: dict[str, object] = {"pid": bystander.pid, "host": HOST, "command": "finalise"}
    holder.update(here(), start=start_of(bystander.pid))
    lock = lock_of(sample, {**holder, "started": "2020-05-21T09:41:00+00:00"})
    assert fails(runner, sample, "build", JOINT) == (
        "Error: another letters command is writing this workspace: 'letters finalise' is"
        f" running (process {bystander.pid}, since 2020-05-21 09:41 UTC). Wait for it to"
        " finish (if it dies, the next command takes its lock over).\n"
    )
    assert json.loads(lock.read_text(encoding="utf-8"))["pid"] == bystander.pid


@pytest.mark.parametrize(
    "recorded",
    [
        pytest.param({}, id="written-before-locks-recorded-them"),
        pytest.param({"boot": "", "start": None}, id="written-where-no-proc-says"),
    ],
)
def test_a_lock_without_a_start_time_is_taken_for_its_live_process(
    sample: Path,
    runner: CliRunner,
    bystander: subprocess.Popen[bytes],
    recorded: dict[str, object],
) -> None:
    """An older lock (or one from a system without /proc) cannot tell a reused id: as before,
    its live process is taken for the holder, and deleting it by hand is the advice."""
    holder: dict[str, object] = {"pid": bystander.pid, "host": HOST, "command": "finalise"}
    lock = lock_of(sample, {**holder, **recorded})
    assert fails(runner, sample, "build", JOINT) == (
        "Error: another letters command is writing this workspace: 'letters finalise' is"
        f" running (process {bystander.pid}). Wait for it to finish (if it dies, the next"
        f" command takes its lock over); if process {bystander.pid} is no letters command"
        f" (its id reused after a restart), delete {lock}.\n"
    )


@pytest.mark.parametrize("start", [-1, 0], ids=["its-id-reused", "still-taking-it"])
def test_a_lock_a_killed_command_was_taking_is_removed_once_its_id_is_another_s(
    sample: Path, runner: CliRunner, bystander: subprocess.Popen[bytes], start: int
) -> None:
    """The lock written under its process's own name before it is linked into place: left by
    a command killed then, whose id a live process has now, it is the dead command's."""
    holder = {"pid": bystander.pid, "host": HOST, "command": "build", **here()}
    taking = sample / f".letters.files.lock.taking.{bystander.pid}"
    taking.write_text(json.dumps({**holder, "start": start_of(bystander.pid) + start}))
    result = runner.invoke(main, ["build", JOINT, "-w", str(sample), "--quiet"])
    assert result.exit_code == 0, result.output
    assert taking.exists() == (start == 0)  # one its live process is writing is left alone


def machine() -> str:
    return Path("/etc/machine-id").read_text(encoding="ascii").strip()


OTHER_ID = "0f0e0d0c-0b0a-4009-8807-060504030201"
OTHER_MACHINE = "0f0e0d0c0b0a40098807060504030201"
needs_machine_id = pytest.mark.skipif(
    not Path("/etc/machine-id").is_file(), reason="needs /etc/machine-id to tell computers apart"
)


@needs_machine_id
def test_a_lock_of_another_boot_of_this_computer_is_taken_over(
    sample: Path, runner: CliRunner, bystander: subprocess.Popen[bytes]
) -> None:
    """This computer restarted since: every process of that boot has ended, whatever its
    namespace."""
    holder = {"pid": bystander.pid, "host": HOST, "command": "build", "machine": machine()}
    lock = lock_of(sample, {**holder, "boot": OTHER_ID, "start": 0, "pidns": "pid:[1]"})
    result = runner.invoke(main, ["build", JOINT, "-w", str(sample), "--quiet"])
    assert result.exit_code == 0, result.output
    assert not lock.exists()


@needs_machine_id
@pytest.mark.parametrize(
    "recorded",
    [
        pytest.param({"machine": OTHER_MACHINE, "boot": OTHER_ID}, id="another-machine-id"),
        pytest.param({"machine": OTHER_MACHINE}, id="another-machine-id-same-boot"),
        pytest.param({"boot": OTHER_ID, "machine": None}, id="another-boot-machine-id-unknown"),
    ],
)
def test_a_lock_of_another_computer_of_the_same_name_is_never_taken_over(
    sample: Path,
    runner: CliRunner,
    bystander: subprocess.Popen[bytes],
    recorded: dict[str, object],
) -> None:
    """Cloned machines, or several named "ubuntu", share a folder: a holder recorded with
    another machine id (or another boot, where a machine id is unknown) may run there still."""
    holder = {"pid": bystander.pid, "host": HOST, "command": "finalise", **here()}
    holder.update(start=start_of(bystander.pid) - 1)
    lock = lock_of(sample, {**holder, **recorded, "started": "2020-05-21T09:41:00+00:00"})
    before = lock.read_text(encoding="utf-8")
    assert fails(runner, sample, "build", JOINT) == (
        "Error: another letters command is writing this workspace: 'letters finalise' is"
        f" running (process {bystander.pid}, on another computer named {HOST}, since"
        " 2020-05-21 09:41 UTC). Wait for it to finish; if it is no longer running on the"
        f" other computer named {HOST}, delete {lock} (whether a process on another"
        " computer is alive cannot be told from here).\n"
    )
    assert lock.read_text(encoding="utf-8") == before


def in_another_namespace(*code: str) -> list[str]:
    """A command running Python ``code`` as PID 1 of a PID namespace of its own."""
    tool = ["unshare", "--user", "--map-root-user", "--pid", "--fork", "--mount-proc"]
    return [*tool, sys.executable, "-c", "\n".join(code)]


def namespaces_allowed() -> bool:
    try:
        run = subprocess.run(in_another_namespace("import os; print(os.getpid())"), **QUIET)
    except OSError:
        return False
    return run.returncode == 0 and run.stdout.strip() == b"1"


QUIET: dict[str, object] = {"capture_output": True, "check": False}
needs_namespaces = pytest.mark.skipif(
    not namespaces_allowed(), reason="unshare may not make a user and PID namespace here"
)


@needs_namespaces
def test_a_lock_held_in_another_pid_namespace_is_never_taken_over(
    sample: Path, runner: CliRunner
) -> None:
    """A container sharing this host's name (docker --uts=host) runs its command as PID 1:
    that id, and its start, say nothing of the processes of this namespace."""
    holder = subprocess.Popen(
        in_another_namespace(
            "import sys",
            "from pathlib import Path",
            "from letters.files.lock import workspace_lock",
            f"with workspace_lock(Path({str(sample)!r}), 'build'):",
            "    print('held', flush=True)",
            "    sys.stdin.read()",
        ),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        lock = sample / ".letters.files.lock"
        held = json.loads(lock.read_text(encoding="utf-8"))
        since = dt.datetime.fromisoformat(held["started"])
        assert fails(runner, sample, "build", JOINT) == (
            "Error: another letters command is writing this workspace: a program using"
            " letters (build) is running (process 1, in another process namespace of this"
            f" computer, since {since:%Y-%m-%d %H:%M} UTC). Wait for it to finish; if it is"
            f" no longer running in its container, delete {lock} (whether a process in"
            " another process namespace is alive cannot be told from here).\n"
        )
        assert json.loads(lock.read_text(encoding="utf-8")) == held
    finally:
        holder.communicate(b"")
    assert holder.returncode == 0


@pytest.mark.parametrize("name", [".letters.files.lock", ".letters.files.lock.taking.{pid}"])
def test_what_a_process_of_another_pid_namespace_wrote_is_left_alone(
    sample: Path, runner: CliRunner, bystander: subprocess.Popen[bytes], name: str
) -> None:
    """Its id, here the id of a live process that started at another time, is another's."""
    holder = {"pid": bystander.pid, "host": HOST, "command": "build", **here()}
    holder.update(start=start_of(bystander.pid) - 1, pidns="pid:[4026530000]")
    written = lock_of(sample, holder).rename(sample / name.format(pid=bystander.pid))
    runner.invoke(main, ["build", JOINT, "-w", str(sample), "--quiet"])
    assert json.loads(written.read_text(encoding="utf-8")) == holder


def test_a_lock_being_taken_again_by_its_live_process_is_not_removed(
    sample: Path,
    runner: CliRunner,
    bystander: subprocess.Popen[bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A killed command's lock, under the name of an id a live process has now, judged dead
    and replaced by that process's own before it is removed: the new one is left alone.
    (The live process replaces it the moment the dead one has been opened to be read, as a
    real one may at any moment; letters reads from the file it opened.)"""
    taking = sample / f".letters.files.lock.taking.{bystander.pid}"
    holder = {"pid": bystander.pid, "host": HOST, "command": "build", **here()}
    fresh = json.dumps({**holder, "start": start_of(bystander.pid)})
    taking.write_text(json.dumps({**holder, "start": start_of(bystander.pid) - 1}))
    replaced: list[Path] = []
    opened = os.open

    def open_then_replace(path: str | Path, flags: int, *args: int, **kwargs: int) -> int:
        fd = opened(path, flags, *args, **kwargs)
        if os.fspath(path) == str(taking) and not replaced:
            new = taking.with_name(f"{taking.name}.new")
            new.write_text(fresh, encoding="utf-8")
            os.rename(new, taking)  # by the live process, after the dead one was opened
            replaced.append(taking)
        return fd

    monkeypatch.setattr(os, "open", open_then_replace)
    result = runner.invoke(main, ["build", JOINT, "-w", str(sample), "--quiet"])
    monkeypatch.undo()
    assert result.exit_code == 0, result.output
    assert replaced == [taking]  # the dead one was opened, to be judged, before
    assert taking.read_text(encoding="utf-8") == fresh


@needs_namespaces
def test_a_process_whose_proc_shows_another_namespace_records_no_start(sample: Path) -> None:
    """``unshare --pid --fork`` without ``--mount-proc``: /proc/<its id> is another process,
    whose start would be taken for its own."""
    code = (
        "import sys",
        "from pathlib import Path",
        "from letters.files.lock import workspace_lock",
        f"with workspace_lock(Path({str(sample)!r}), 'build'):",
        f"    print(Path({str(sample / '.letters.files.lock')!r}).read_text())",
    )
    command = [arg for arg in in_another_namespace(*code) if arg != "--mount-proc"]
    run = subprocess.run(command, capture_output=True, check=True)
    recorded = json.loads(run.stdout)
    boot_digest = identity(os.getpid())["boot"]
    assert (recorded["pid"], "start" in recorded, recorded["boot"]) == (1, False, boot_digest)
