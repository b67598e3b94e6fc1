"""The records of LibreOffice processes and their temporary folders, and those set aside,
lie in ``out/``, which is often shared or synced with colleagues: they hold a keyed digest of
the machine id and the boot id, never the ids themselves. A record an earlier letters wrote,
holding the raw ids, is still judged as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.files.identity import identity
from letters.publish.batch import STAGING_PREFIX
from letters.publish.left_elsewhere import LEFT
from letters.publish.processes import RECORD, stop_recorded
from tests.conftest import KILLED_AT, LIBREOFFICE, require_tool
from tests.test_lock_holder import in_another_namespace, needs_namespaces, start_of
from tests.test_processes import running
from tests.test_processes_elsewhere import here, work_record

PROC = Path("/proc")
MACHINE_ID = Path("/etc/machine-id")
pytestmark = [
    pytest.mark.skipif(not PROC.is_dir(), reason="Linux: a process's start in /proc"),
    pytest.mark.skipif(not MACHINE_ID.is_file(), reason="needs /etc/machine-id"),
]
STALE = f"{STAGING_PREFIX}0000"
OTHER_MACHINE = "0f0e0d0c0b0a40098807060504030201"
LOCK = ".letters.files.lock"


def raw_ids() -> dict[str, str]:
    """This computer's machine id and boot id, as the system says them."""
    return {
        "machine": MACHINE_ID.read_text(encoding="ascii").strip(),
        "boot": (PROC / "sys" / "kernel" / "random" / "boot_id").read_text().strip(),
    }


def holding_raw_ids(folder: Path) -> list[str]:
    """The files under ``folder`` (hidden ones too) whose bytes hold either raw id."""
    ids = [value.encode() for value in raw_ids().values()]
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and any(value in path.read_bytes() for value in ids)
    )


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def kill_at_first_process_record(workspace: Path, *, contained: bool) -> None:
    """Run ``letters build --pdf`` and kill it once it has recorded its first LibreOffice
    process: here, or in a PID namespace of its own (a container sharing the workspace and
    ``/tmp``), where it runs as process 2 (process 1 of a namespace ignores its own SIGKILL).
    """
    killed = [sys.executable, "-c", KILLED_AT, "[0-9]*.json", "1"]
    command = [*killed, "build", "may-2020-joint", "--pdf", "-w", str(workspace), "--quiet"]
    if contained:
        command = in_another_namespace(
            "import subprocess",
            f"print(subprocess.run({command!r}, capture_output=True).returncode)",
        )
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert (run.stdout.strip() if contained else run.returncode) == ("-9" if contained else -9)


@pytest.mark.parametrize(
    "contained",
    [
        pytest.param(False, id="here"),
        pytest.param(True, id="in-a-container", marks=needs_namespaces),
    ],
)
def test_no_record_a_killed_run_and_its_rerun_leave_holds_the_raw_ids(
    sample: Path, runner: CliRunner, contained: bool
) -> None:
    """A real build killed with its LibreOffice recorded, then run again here: neither id
    is in any file of the workspace, its locks and the records set aside included."""
    require_tool("soffice", LIBREOFFICE)
    kill_at_first_process_record(sample, contained=contained)
    (staging,) = (sample / "out").glob(f"{STAGING_PREFIX}*")
    assert names(staging / RECORD)  # the killed run's records, there to judge
    assert holding_raw_ids(sample) == []
    if contained:  # its locks name a process of a container: deleted by hand, as told
        (sample / LOCK).unlink()
        (sample / "out" / LOCK).unlink(missing_ok=True)
    result = runner.invoke(main, ["build", "may-2020-joint", "-w", str(sample), "--quiet"])
    assert result.exit_code == 0, result.output
    assert bool(names(sample / "out" / LEFT)) == contained  # a container's: set aside
    assert holding_raw_ids(sample) == []


@pytest.fixture
def unrelated() -> Iterator[subprocess.Popen[bytes]]:
    """A live process here leading a session of its own, as a recorded LibreOffice does."""
    process = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(120)"], start_new_session=True
    )
    yield process
    process.kill()
    process.wait()


def older_record(folder: Path, process: subprocess.Popen[bytes], machine: str) -> Path:
    """A record of ``process`` as the letters before this one wrote it: the raw boot id and
    ``machine`` as the machine id."""
    records = folder / RECORD
    records.mkdir(parents=True, exist_ok=True)
    work = folder.parent / "letters-soffice-older"
    work.mkdir(exist_ok=True)
    said = {
        "pid": process.pid,
        "start": start_of(process.pid),
        "work": str(work),
        "boot": raw_ids()["boot"],
        "machine": machine,
        "pidns": os.readlink("/proc/self/ns/pid"),
    }
    (records / f"{process.pid}.json").write_text(json.dumps(said))
    return work


def test_an_older_record_of_this_computer_is_judged_here(
    tmp_path: Path, unrelated: subprocess.Popen[bytes]
) -> None:
    staging = tmp_path / "out" / STALE
    work = older_record(staging, unrelated, raw_ids()["machine"])
    assert stop_recorded(staging) == [unrelated.pid]
    assert unrelated.wait(timeout=30) == -9
    assert not work.exists()
    assert names(staging.parent / LEFT) == []


def test_an_older_record_of_another_computer_is_set_aside(
    tmp_path: Path, unrelated: subprocess.Popen[bytes]
) -> None:
    staging = tmp_path / "out" / STALE
    work = older_record(staging, unrelated, OTHER_MACHINE)
    assert stop_recorded(staging) == []
    assert running(unrelated.pid)
    assert work.is_dir()
    assert names(staging.parent / LEFT) == [f"{STALE}{unrelated.pid}.json"]


def test_a_record_of_this_version_is_judged_by_its_digests(
    tmp_path: Path, unrelated: subprocess.Popen[bytes]
) -> None:
    """What this letters records of the process, written here: judged here, though it
    holds neither id as the system says it."""
    staging = tmp_path / "out" / STALE
    (staging / RECORD).mkdir(parents=True)
    said = {**identity(unrelated.pid), "pid": unrelated.pid, "work": "/nowhere"}
    assert not set(raw_ids().values()) & {str(value) for value in said.values()}
    (staging / RECORD / f"{unrelated.pid}.json").write_text(json.dumps(said))
    assert stop_recorded(staging) == [unrelated.pid]
    assert unrelated.wait(timeout=30) == -9


def reminder(left: Path, count: int) -> str:
    if count == 1:
        return (
            f"warning: {left} holds 1 record of a LibreOffice run on another computer or in"
            " a container: once nothing converts there, delete the temporary folder it"
            " names, where it is, then the record\n"
        )
    return (
        f"warning: {left} holds {count} records of LibreOffice runs on other computers or"
        " in containers: once nothing converts there, delete the temporary folder each"
        " names, where it is, then the record\n"
    )


@pytest.mark.parametrize("records", [1, 2])
def test_every_build_reminds_of_the_records_set_aside_until_they_are_deleted(
    sample: Path, runner: CliRunner, records: int
) -> None:
    stale = sample / "out" / STALE
    work = sample.parent / "tmp" / "letters-soffice-0a0b0c0d0e0f"
    work_record(stale, work, {"machine": OTHER_MACHINE})
    if records == 2:  # its process's record too, of the same computer
        process = {"pid": 4321, "start": 1, "work": str(work), **here(), "machine": OTHER_MACHINE}
        (stale / RECORD / "4321.json").write_text(json.dumps(process))
    left = sample / "out" / LEFT
    build = ["build", "may-2020-joint", "-w", str(sample), "--quiet"]
    first = runner.invoke(main, build)
    assert first.exit_code == 0, first.output
    assert first.output.count("was recorded by a run on another computer") == 1
    assert first.output.count(reminder(left, records)) == 1, first.output
    again = runner.invoke(main, build)
    assert again.exit_code == 0, again.output
    # the folder is named once, when set aside; the records, by every build
    assert again.output.startswith(reminder(left, records) + "Built 3 letters"), again.output
    for path in left.iterdir():
        path.unlink()  # as the user is told, once nothing converts there
    after = runner.invoke(main, build)
    assert after.exit_code == 0, after.output
    assert after.output.startswith("Built 3 letters"), after.output
