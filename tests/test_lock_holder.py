"""The workspace lock tells its holder from a later process given the same id: a lock records
the boot it was taken in and its process's start time (Linux), so a lock whose process id
was reused, after a restart or by another program, is taken over like a dead holder's."""

from __future__ import annotations

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
        boot(),
        start_of(os.getpid()),
    )


@pytest.mark.parametrize(
    ("start", "boot_id"),
    [
        pytest.param(-1, None, id="another-start-time"),
        pytest.param(0, "0f0e0d0c-0b0a-4009-8807-060504030201", id="another-boot"),
    ],
)
def test_a_lock_whose_id_another_process_has_now_is_taken_over(
    sample: Path,
    runner: CliRunner,
    bystander: subprocess.Popen[bytes],
    start: int,
    boot_id: str | None,
) -> None:
    holder: dict[str, object] = {"pid": bystander.pid, "host": HOST, "command": "build"}
    holder.update(boot=boot_id or boot(), start=start_of(bystander.pid) + start)
    lock = lock_of(sample, holder)
    result = runner.invoke(main, ["build", JOINT, "-w", str(sample), "--quiet"])
    assert result.exit_code == 0, result.output
    assert not lock.exists()
    assert bystander.poll() is None  # the process the id belongs to now is left alone


def test_the_lock_of_a_killed_command_naming_a_reused_id_is_taken_over(
    sample: Path, runner: CliRunner, bystander: subprocess.Popen[bytes]
) -> None:
    """A real command's lock, killed the moment it was in place; its id given since to a
    process that runs still (as after a restart): the start recorded tells them apart."""
    killed_at(".letters.files.lock", 1, "build", JOINT, "-w", str(sample))
    lock = sample / ".letters.files.lock"
    holder = json.loads(lock.read_text(encoding="utf-8"))
    lock_of(sample, {**holder, "pid": bystander.pid})
    result = runner.invoke(main, ["build", JOINT, "-w", str(sample), "--quiet"])
    assert result.exit_code == 0, result.output
    assert not lock.exists()


def test_a_lock_whose_process_runs_still_is_not_taken_and_needs_no_deleting(
    sample: Path, runner: CliRunner, bystander: subprocess.Popen[bytes]
) -> None:
    holder: dict[str, object] = {"pid": bystander.pid, "host": HOST, "command": "finalise"}
    holder.update(boot=boot(), start=start_of(bystander.pid))
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
    holder = {"pid": bystander.pid, "host": HOST, "command": "build", "boot": boot()}
    taking = sample / f".letters.files.lock.taking.{bystander.pid}"
    taking.write_text(json.dumps({**holder, "start": start_of(bystander.pid) + start}))
    result = runner.invoke(main, ["build", JOINT, "-w", str(sample), "--quiet"])
    assert result.exit_code == 0, result.output
    assert taking.exists() == (start == 0)  # one its live process is writing is left alone
