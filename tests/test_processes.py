"""Only the processes this tool started are ever stopped: recorded by pid and start time,
never found by what their command line says."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.files.identity import identity, start_ticks
from letters.publish.batch import STAGING_PREFIX
from letters.publish.processes import RECORD, launch, make_work, remove_work, stop_recorded
from tests.conftest import processes_where

SLEEP = [sys.executable, "-c", "import time; time.sleep(60)"]
STALE = f"{STAGING_PREFIX}0000"  # a staging folder an earlier run left


def running(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for its parent counts as stopped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def session_members(session: int) -> list[int]:
    return processes_where(3, session)


@pytest.fixture
def bystander(tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Someone else's process whose command line names a staging folder."""
    process = subprocess.Popen(
        [*SLEEP, str(tmp_path / "ws" / "out" / STALE)], start_new_session=True
    )
    yield process
    process.kill()
    process.wait()


def forged_record(folder: Path, process: subprocess.Popen[bytes]) -> None:
    """A record naming ``process``'s pid with another start time: the pid reused (written
    here, on this computer and in this PID namespace, so judged by its pid and start)."""
    records = folder / RECORD
    records.mkdir(parents=True, exist_ok=True)
    start = start_ticks(process.pid)
    assert start is not None
    here = identity(os.getpid())
    here.update(pid=process.pid, start=start - 1, work="/nowhere")
    (records / f"{process.pid}.json").write_text(json.dumps(here))


def test_a_build_stops_no_process_it_did_not_start(
    sample: Path, runner: CliRunner, bystander: subprocess.Popen[bytes]
) -> None:
    stale = sample / "out" / STALE
    stale.mkdir(parents=True)
    forged_record(stale, bystander)
    result = runner.invoke(main, ["build", "may-2020-joint", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert running(bystander.pid)


def test_a_recorded_process_is_stopped_with_its_session(
    tmp_path: Path, bystander: subprocess.Popen[bytes]
) -> None:
    staging = tmp_path / "ws" / "out" / STALE
    work = tmp_path / "letters-soffice-test"
    work.mkdir()
    # A leader with a helper in its session, as soffice has soffice.bin.
    helper = f"import subprocess, time; subprocess.Popen({SLEEP!r}); time.sleep(60)"
    orphan = launch([sys.executable, "-c", helper], record_in=staging, work=work)
    assert orphan.stdout is not None
    orphan.stdout.close()
    forged_record(staging, bystander)
    deadline = time.monotonic() + 10
    while not session_members(orphan.pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    helpers = session_members(orphan.pid)
    assert helpers

    # What a run after a kill -9 of the one that started them does:
    assert sorted(stop_recorded(staging)) == sorted([orphan.pid, *helpers])
    assert orphan.wait(timeout=5) == -9
    assert not any(running(pid) for pid in helpers)
    assert running(bystander.pid)
    assert not (staging / RECORD).exists()
    assert not work.exists()  # its profiles went with it


def test_a_helper_left_by_a_finished_leader_is_stopped(tmp_path: Path) -> None:
    staging = tmp_path / "out" / f"{STAGING_PREFIX}5678"
    work = tmp_path / "letters-soffice-test"
    work.mkdir()
    spawn = (
        "import subprocess, sys;"
        f" subprocess.Popen({SLEEP!r} + [sys.argv[1]], stdout=subprocess.DEVNULL)"
    )
    leader = launch(
        [sys.executable, "-c", spawn, str(work / "profile")], record_in=staging, work=work
    )
    assert leader.wait(timeout=10) == 0  # the leader is gone; its helper runs on
    assert leader.stdout is not None
    leader.stdout.close()
    helpers = session_members(leader.pid)
    assert len(helpers) == 1 and running(helpers[0])

    assert stop_recorded(staging) == helpers
    deadline = time.monotonic() + 5
    while running(helpers[0]) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not running(helpers[0])


def test_a_process_that_ends_normally_is_forgotten(tmp_path: Path) -> None:
    from letters.publish.processes import stop

    staging = tmp_path / "staging"
    staging.mkdir()
    work = tmp_path / "letters-soffice-test"
    work.mkdir()
    tell = "import os; print(os.environ['TMPDIR'])"
    process = launch([sys.executable, "-c", tell], record_in=staging, work=work)
    assert (staging / RECORD / f"{process.pid}.json").is_file()
    # its temporary files go where its profile is, and are removed with it
    assert process.stdout is not None and process.stdout.read() == f"{work / 'tmp'}\n".encode()
    stop(process, staging)
    assert process.returncode == 0
    assert not (staging / RECORD).exists()
    assert os.listdir(staging) == []


@pytest.fixture
def temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_a_profile_folder_left_by_a_run_killed_between_calls_is_removed(
    tmp_path: Path, temp_folder: Path
) -> None:
    staging = tmp_path / "out" / STALE
    staging.mkdir(parents=True)
    work = make_work(staging)
    assert work.parent == temp_folder and work.is_dir()
    (work / "profile-0-1").mkdir()
    # Killed here, while no LibreOffice runs: only the folder's own record names it.
    assert stop_recorded(staging) == []
    assert os.listdir(temp_folder) == []
    assert not (staging / RECORD).exists()


def test_a_run_that_ends_removes_its_profile_folder_and_its_record(
    tmp_path: Path, temp_folder: Path
) -> None:
    work = make_work(tmp_path)
    remove_work(tmp_path, work)
    assert os.listdir(temp_folder) == []
    assert os.listdir(tmp_path) == ["tmp"]


def test_a_record_naming_a_folder_not_ours_removes_nothing(tmp_path: Path) -> None:
    precious = tmp_path / "thesis"
    precious.mkdir()
    (precious / "chapter-1.docx").write_bytes(b"years of work")
    staging = tmp_path / "out" / STALE
    (staging / RECORD).mkdir(parents=True)
    said = {"work": str(precious), **identity(os.getpid())}  # written here, as letters does
    (staging / RECORD / "letters-soffice-0000.work").write_text(json.dumps(said))
    assert stop_recorded(staging) == []
    assert (precious / "chapter-1.docx").read_bytes() == b"years of work"
    assert not (staging / RECORD).exists()
