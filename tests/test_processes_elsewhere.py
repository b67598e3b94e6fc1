"""A LibreOffice process record written on another computer sharing the folder, or in another
PID namespace (a container), names a pid that here is some unrelated process: a later run
never signals it. Records hold the machine id and PID namespace the workspace lock records,
and one without them (an older record) is judged as the lock judges such a lock."""

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
from tests.test_lock_holder import in_another_namespace, needs_namespaces, start_of
from tests.test_processes import running

PROC = Path("/proc")
pytestmark = pytest.mark.skipif(not PROC.is_dir(), reason="Linux: a process's start in /proc")
STALE = f"{STAGING_PREFIX}0000"
OTHER_MACHINE = "0f0e0d0c0b0a40098807060504030201"
OTHER_NAMESPACE = "pid:[4026530000]"


def here() -> dict[str, str]:
    machine = Path("/etc/machine-id")
    return {
        "boot": (PROC / "sys" / "kernel" / "random" / "boot_id").read_text().strip(),
        "machine": machine.read_text(encoding="ascii").strip() if machine.is_file() else "",
        "pidns": os.readlink("/proc/self/ns/pid"),
    }


@pytest.fixture
def unrelated() -> Iterator[subprocess.Popen[bytes]]:
    """A live process here leading a session of its own, as a recorded LibreOffice does:
    everything a record names but where it ran is true of it."""
    process = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(120)"], start_new_session=True
    )
    yield process
    process.kill()
    process.wait()


def record(folder: Path, process: subprocess.Popen[bytes], **where: str | None) -> Path:
    """A record of ``process`` (its pid, start and this boot), written ``where`` says (a
    field given None is not written, as by an older letters)."""
    records = folder / RECORD
    records.mkdir(parents=True, exist_ok=True)
    work = folder.parent / "letters-soffice-elsewhere"
    work.mkdir(exist_ok=True)
    fields = {"pid": process.pid, "start": start_of(process.pid), "work": str(work)}
    written = {key: value for key, value in {**here(), **where}.items() if value is not None}
    (records / f"{process.pid}.json").write_text(json.dumps({**fields, **written}))
    return work


ELSEWHERE = [
    pytest.param({"machine": OTHER_MACHINE}, id="another-computer"),
    pytest.param({"pidns": OTHER_NAMESPACE}, id="another-pid-namespace"),
    # as letters wrote them before: the pid, start, boot and work folder only; such a
    # record of a container's process names a process of this one's here
    pytest.param({"machine": None, "pidns": None}, id="older-record-not-saying"),
]


@pytest.mark.parametrize("where", ELSEWHERE)
def test_a_process_recorded_elsewhere_is_never_signalled(
    tmp_path: Path, unrelated: subprocess.Popen[bytes], where: dict[str, str | None]
) -> None:
    staging = tmp_path / "out" / STALE
    work = record(staging, unrelated, **where)
    assert stop_recorded(staging) == []
    assert running(unrelated.pid)
    assert work.is_dir()  # that computer's or container's folder: not removed from here
    if None in where.values():  # says nothing of where: left in place, as before
        assert [p.name for p in (staging / RECORD).iterdir()] == [f"{unrelated.pid}.json"]
    else:  # set aside where clearing the staging folders keeps it
        assert names(staging.parent / LEFT) == [f"0000-{unrelated.pid}.json"]


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_the_same_record_written_here_is_stopped(
    tmp_path: Path, unrelated: subprocess.Popen[bytes]
) -> None:
    """What tells the cases above apart is where the record says its process ran."""
    staging = tmp_path / "out" / STALE
    work = record(staging, unrelated)
    assert stop_recorded(staging) == [unrelated.pid]
    assert unrelated.wait(timeout=30) == -9
    assert not work.exists()


@pytest.mark.parametrize("where", ELSEWHERE)
def test_a_build_never_signals_a_process_recorded_elsewhere(
    sample: Path,
    runner: CliRunner,
    unrelated: subprocess.Popen[bytes],
    where: dict[str, str | None],
) -> None:
    stale = sample / "out" / STALE
    record(stale, unrelated, **where)
    result = runner.invoke(main, ["build", "may-2020-joint", "-w", str(sample), "--quiet"])
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert running(unrelated.pid)
    if None not in where.values():  # its record kept, for a run there
        assert names(sample / "out" / LEFT) == [f"0000-{unrelated.pid}.json"]


@needs_namespaces
def test_a_record_written_in_another_pid_namespace_says_so_and_is_left(tmp_path: Path) -> None:
    """A real run in a PID namespace of its own records its process (pid 2 or so there):
    the record names that namespace, and a run here signals nothing."""
    staging = tmp_path / "out" / STALE
    work = tmp_path / "letters-soffice-inside"
    work.mkdir()
    inside = subprocess.Popen(
        in_another_namespace(
            "import sys, time",
            "from pathlib import Path",
            "from letters.publish.processes import launch",
            f"sleeper = launch([sys.executable, '-c', 'import time; time.sleep(120)'],"
            f" record_in=Path({str(staging)!r}), work=Path({str(work)!r}))",
            "print(sleeper.pid, flush=True)",
            "sys.stdin.readline()",
            "print('alive' if sleeper.poll() is None else 'signalled', flush=True)",
            "sleeper.kill()",
        ),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert inside.stdout is not None and inside.stdin is not None
        pid = int(inside.stdout.readline())
        recorded = json.loads((staging / RECORD / f"{pid}.json").read_text(encoding="utf-8"))
        assert recorded["pidns"] != here()["pidns"]
        assert recorded["machine"] == identity(os.getpid())["machine"]  # its digest
        assert stop_recorded(staging) == []
        inside.stdin.write(b"done\n")
        inside.stdin.flush()
        assert inside.stdout.readline() == b"alive\n"
    finally:
        inside.communicate(b"")
    assert work.is_dir()


def work_record(folder: Path, work: Path, where: dict[str, str | None] | None) -> Path:
    """The record of the temporary folder ``work`` a run keeps its profiles in, written
    ``where`` says (None: as an older letters wrote it, the folder's name alone)."""
    records = folder / RECORD
    records.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True)
    (work / "profile-0-1").mkdir()
    path = records / f"{work.name}.work"
    if where is None:
        path.write_text(str(work), encoding="utf-8")
    else:
        written = {key: value for key, value in {**here(), **where}.items() if value is not None}
        path.write_text(json.dumps({"work": str(work), "start": 1, **written}))
    return path


@pytest.mark.parametrize(
    "where",
    [
        pytest.param({"machine": OTHER_MACHINE}, id="another-computer"),
        pytest.param({"pidns": OTHER_NAMESPACE}, id="another-pid-namespace"),
    ],
)
def test_a_profile_folder_recorded_elsewhere_is_left_with_its_record(
    tmp_path: Path, where: dict[str, str | None] | None
) -> None:
    """A folder of that name here may be the one a live conversion in a container sharing
    this /tmp and the workspace uses: neither it nor its record is removed from here; the
    record is set aside beside the staging folders, which clearing them keeps."""
    staging = tmp_path / "out" / STALE
    work = tmp_path / "tmp" / "letters-soffice-0a0b0c0d0e0f"
    recorded = work_record(staging, work, where)
    assert stop_recorded(staging) == []
    assert sorted(p.name for p in work.iterdir()) == ["profile-0-1"]
    assert names(staging.parent / LEFT) == [f"0000-{recorded.name}"]


@pytest.mark.parametrize(
    "where",
    [
        pytest.param({}, id="recorded-here"),
        # saying no more than a system without /proc can: judged as here
        pytest.param({"machine": None, "pidns": None}, id="not-saying-which"),
        pytest.param(None, id="older-record-a-name-alone"),
    ],
)
def test_a_profile_folder_recorded_here_is_removed(
    tmp_path: Path, where: dict[str, str | None] | None
) -> None:
    staging = tmp_path / "out" / STALE
    work = tmp_path / "tmp" / "letters-soffice-0a0b0c0d0e0f"
    work_record(staging, work, where)
    assert stop_recorded(staging) == []
    assert not work.exists()
    assert not (staging / RECORD).exists()
    assert not (staging.parent / LEFT).exists()


@pytest.mark.parametrize(
    ("where", "there"),
    [
        pytest.param({"machine": OTHER_MACHINE}, "on another computer", id="another-computer"),
        pytest.param(
            {"pidns": OTHER_NAMESPACE},
            "in another container (PID namespace)",
            id="another-pid-namespace",
        ),
    ],
)
def test_a_build_keeps_a_profile_folder_recorded_elsewhere_and_says_so(
    sample: Path, runner: CliRunner, where: dict[str, str | None], there: str
) -> None:
    """Clearing a killed batch's staging folder after its records were read removes neither
    the record left nor its folder, and the user is told the folder is left, and why."""
    stale = sample / "out" / STALE
    work = sample.parent / "tmp" / "letters-soffice-0a0b0c0d0e0f"
    recorded = work_record(stale, work, where)
    result = runner.invoke(main, ["build", "may-2020-joint", "-w", str(sample), "--quiet"])
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert names(work) == ["profile-0-1"]
    assert names(sample / "out" / LEFT) == [f"0000-{recorded.name}"]
    assert (
        f"warning: the temporary folder {work} was recorded by a run {there} and is left to"
        " it; once nothing converts there, delete it by hand\n"
    ) in result.output
    again = runner.invoke(main, ["build", "may-2020-joint", "-w", str(sample), "--quiet"])
    assert again.exit_code == 0, again.output
    assert "was recorded by a run" not in again.output  # said once, when it was set aside
    assert names(work) == ["profile-0-1"]


@needs_namespaces
def test_a_profile_folder_a_run_in_another_pid_namespace_uses_is_left(tmp_path: Path) -> None:
    """A real run in a container sharing this /tmp and the workspace makes its folder, and
    is converting: a run here that clears the staging folder's records removes neither."""
    staging = tmp_path / "out" / STALE
    shared = tmp_path / "tmp"
    shared.mkdir()
    inside = subprocess.Popen(
        in_another_namespace(
            "import sys, tempfile",
            "from pathlib import Path",
            "from letters.publish.processes import make_work",
            f"tempfile.tempdir = {str(shared)!r}",
            f"work = make_work(Path({str(staging)!r}))",
            "print(work, flush=True)",
            "sys.stdin.readline()",
            "print('in use' if work.is_dir() else 'removed', flush=True)",
        ),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert inside.stdout is not None and inside.stdin is not None
        work = Path(inside.stdout.readline().decode().strip())
        assert work.parent == shared
        assert stop_recorded(staging) == []
        inside.stdin.write(b"go on\n")
        inside.stdin.flush()
        assert inside.stdout.readline() == b"in use\n"
    finally:
        inside.communicate(b"")
    assert names(staging.parent / LEFT) == [f"0000-{work.name}.work"]


def test_a_profile_folder_is_removed_where_there_is_no_proc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a system without /proc (macOS) a record says no more than the system can: the
    folder of a killed run is removed by the next, as before records said where."""
    from letters.files import identity
    from letters.publish.processes import make_work

    monkeypatch.setattr(identity, "_PROC", tmp_path / "no-proc")
    monkeypatch.setattr(identity, "_MACHINE_IDS", (tmp_path / "no-machine-id",))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    staging = tmp_path / "out" / STALE
    work = make_work(staging)  # then killed: its own end never removes it
    (work / "profile-0-1").mkdir()
    assert json.loads((staging / RECORD / f"{work.name}.work").read_text()) == {"work": str(work)}
    assert stop_recorded(staging) == []
    assert not work.exists()
    assert not (staging / RECORD).exists()


def test_the_folder_of_an_older_record_s_process_left_running_is_kept(
    tmp_path: Path, unrelated: subprocess.Popen[bytes]
) -> None:
    """An older letters recorded its process without saying where it ran, so it is not
    signalled; the folder that process may still use is not removed under it, though the
    older record of the folder alone would have it removed."""
    staging = tmp_path / "out" / STALE
    work = record(staging, unrelated, machine=None, pidns=None)
    (staging / RECORD / f"{work.name}.work").write_text(str(work), encoding="utf-8")
    assert stop_recorded(staging) == []
    assert running(unrelated.pid)
    assert work.is_dir()


def test_a_folder_recorded_elsewhere_and_not_here_is_not_said_to_be_deleted(
    sample: Path, runner: CliRunner
) -> None:
    """A container that ran once and is gone (a fresh `docker run` each time) had its
    temporary folder in its own /tmp: there is nothing here to delete, and no warning
    says there is; the record is still set aside."""
    stale = sample / "out" / STALE
    work = sample.parent / "tmp" / "letters-soffice-0a0b0c0d0e0f"
    recorded = work_record(stale, work, {"pidns": OTHER_NAMESPACE})
    (work / "profile-0-1").rmdir()
    work.rmdir()
    result = runner.invoke(main, ["build", "may-2020-joint", "-w", str(sample), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "was recorded by a run" not in result.output  # no folder here said to be deleted
    assert names(sample / "out" / LEFT) == [f"0000-{recorded.name}"]


def test_a_folder_left_is_named_once_though_two_records_name_it(
    sample: Path, runner: CliRunner
) -> None:
    """The folder's own record and its process's record, both of another computer, set
    aside together: the user is told of the folder once."""
    stale = sample / "out" / STALE
    work = sample.parent / "tmp" / "letters-soffice-0a0b0c0d0e0f"
    work_record(stale, work, {"machine": OTHER_MACHINE})
    process = {"pid": 4321, "start": 1, "work": str(work), **here(), "machine": OTHER_MACHINE}
    (stale / RECORD / "4321.json").write_text(json.dumps(process))
    result = runner.invoke(main, ["build", "may-2020-joint", "-w", str(sample), "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.output.count(f"warning: the temporary folder {work} was recorded") == 1
    assert names(work) == ["profile-0-1"]
    assert len(names(sample / "out" / LEFT)) == 2
