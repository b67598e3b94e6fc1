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
from tests.test_signoff import JOINT

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
    assert names(staging.parent / LEFT) == [f"0000-{unrelated.pid}.json"]


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


WORK = "letters-soffice-0a0b0c0d0e0f"


def reminder(left: str, records: int, folders: list[str]) -> str:
    """The warning every build gives while ``left`` holds ``records`` records naming
    ``folders`` (one run's, or several)."""
    if records == 1:
        return (
            f"warning: {left}/ holds 1 record of a LibreOffice run on another computer or in a"
            f" container, naming the temporary folder {folders[0]}: once nothing converts"
            " there, delete that folder where it is, then the record\n"
        )
    if len(folders) == 1:
        return (
            f"warning: {left}/ holds {records} records of one LibreOffice run on another"
            f" computer or in a container, naming the temporary folder {folders[0]}: once"
            " nothing converts there, delete that folder where it is, then the records\n"
        )
    return (
        f"warning: {left}/ holds {records} records of LibreOffice runs on other computers or"
        f" in containers, naming the temporary folders {', '.join(folders)}: once nothing"
        " converts in one, delete it where it is, then the records naming it\n"
    )


@pytest.mark.parametrize("records", [1, 2])
def test_every_build_reminds_of_the_records_set_aside_until_they_are_deleted(
    sample: Path, runner: CliRunner, records: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Named as the summary names the output folder: here, from the workspace, relative."""
    monkeypatch.chdir(sample)
    stale = sample / "out" / STALE
    work = sample.parent / "tmp" / WORK
    work_record(stale, work, {"machine": OTHER_MACHINE})
    if records == 2:  # its process's record too, of the same computer: one run
        process = {"pid": 4321, "start": 1, "work": str(work), **here(), "machine": OTHER_MACHINE}
        (stale / RECORD / "4321.json").write_text(json.dumps(process))
    left = sample / "out" / LEFT
    build = ["build", "may-2020-joint", "-w", str(sample), "--quiet"]
    first = runner.invoke(main, build)
    assert first.exit_code == 0, first.output
    assert first.output.count("was recorded by a run on another computer") == 1
    said = reminder(f"out/{LEFT}", records, [str(work)])
    assert first.output.count(said) == 1, first.output
    again = runner.invoke(main, build)
    assert again.exit_code == 0, again.output
    # the folder is named once, when set aside; the records, by every build
    assert again.output.startswith(said + "Built 3 letters"), again.output
    for path in left.iterdir():
        path.unlink()  # as the user is told, once nothing converts there
    after = runner.invoke(main, build)
    assert after.exit_code == 0, after.output
    assert after.output.startswith("Built 3 letters"), after.output


def test_records_set_aside_have_visible_names_of_their_batch_and_record(
    sample: Path, runner: CliRunner
) -> None:
    """'ls' shows them and 'rm out/.letters-soffice-left/*' deletes them."""
    stale = sample / "out" / STALE
    work = sample.parent / "tmp" / WORK
    work_record(stale, work, {"machine": OTHER_MACHINE})
    process = {"pid": 4321, "start": 1, "work": str(work), **here(), "machine": OTHER_MACHINE}
    (stale / RECORD / "4321.json").write_text(json.dumps(process))
    result = runner.invoke(main, ["build", "may-2020-joint", "-w", str(sample), "--quiet"])
    assert result.exit_code == 0, result.output
    assert names(sample / "out" / LEFT) == ["0000-4321.json", f"0000-{WORK}.work"]


OTHER_FILES = [
    pytest.param({".DS_Store": b"\0\0\0\1Bud1"}, id="finder"),
    pytest.param({"desktop.ini": b"[.ShellClassInfo]"}, id="windows"),
    pytest.param({".syncthing.0000-4321.json.tmp": b"{}"}, id="a-sync-tool-s-temporary-file"),
    pytest.param({"notes.txt": b"ask Olena"}, id="the-user-s-own"),
]


@pytest.mark.parametrize("others", OTHER_FILES)
def test_only_the_records_letters_set_aside_are_reminded_of(
    sample: Path, runner: CliRunner, others: dict[str, bytes]
) -> None:
    """A file a file manager or a sync tool puts in the folder is no record: it would make
    the reminder permanent."""
    left = sample / "out" / LEFT
    left.mkdir(parents=True)
    for name, data in others.items():
        (left / name).write_bytes(data)
    result = runner.invoke(main, ["build", "may-2020-joint", "-w", str(sample), "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Built 3 letters"), result.output


def test_records_set_aside_under_the_earlier_hidden_names_are_reminded_of(
    sample: Path, runner: CliRunner
) -> None:
    """The letters before this one set records aside as '.letters-batch-<hash><record>'."""
    left = sample / "out" / LEFT
    left.mkdir(parents=True)
    work = sample.parent / "tmp" / WORK
    said = {"work": str(work), "start": 1, **here(), "machine": OTHER_MACHINE}
    (left / f"{STALE}{WORK}.work").write_text(json.dumps(said))
    (left / f"{STALE}4321.json").write_text(json.dumps({**said, "pid": 4321}))
    result = runner.invoke(main, ["build", "may-2020-joint", "-w", str(sample), "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(reminder(str(left), 2, [str(work)])), result.output


@pytest.mark.parametrize("with_one", [False, True])
def test_a_record_set_aside_names_only_a_folder_letters_could_have_made(
    sample: Path, runner: CliRunner, with_one: bool
) -> None:
    """The folder named is one the user is told to delete: a record from a shared folder
    naming some other folder of theirs is counted, that folder not named."""
    left = sample / "out" / LEFT
    left.mkdir(parents=True)
    work = sample.parent / "tmp" / WORK
    folders = [str(sample / "letters"), "letters-soffice-relative", f"{work}\x1b[2J"]
    for key, folder in zip("abc", folders, strict=True):
        said = {"work": folder, "start": 1, **here(), "machine": OTHER_MACHINE}
        (left / f"{key}-{WORK}.work").write_text(json.dumps(said))
    if with_one:
        said = {"work": str(work), "start": 1, **here(), "machine": OTHER_MACHINE}
        (left / f"d-{WORK}.work").write_text(json.dumps(said))
    (left / f"e-{WORK}.work").write_text("{damaged")
    result = runner.invoke(main, ["build", "may-2020-joint", "-w", str(sample), "--quiet"])
    assert result.exit_code == 0, result.output
    said = (
        f"warning: {left}/ holds 5 records of LibreOffice runs on other computers or in"
        f" containers, naming the temporary folder {work} (4 naming none: delete them): once"
        " nothing converts there, delete that folder where it is, then the records naming it\n"
        if with_one
        else f"warning: {left}/ holds 4 records of LibreOffice runs on other computers or in"
        " containers, none naming a temporary folder of letters: delete them\n"
    )
    assert result.output.startswith(said + "Built 3 letters"), result.output


def test_a_build_to_another_folder_reminds_of_the_records_set_aside_there(
    sample: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reminder is of the output folder the command writes: 'build -o DIR' sets aside
    and reminds in DIR, and a build into out/ says nothing of DIR's."""
    monkeypatch.chdir(sample)
    work = sample.parent / "tmp" / WORK
    work_record(sample / "drafts" / STALE, work, {"machine": OTHER_MACHINE})
    other = ["build", "may-2020-joint", "-w", str(sample), "--quiet", "-o", "drafts"]
    first = runner.invoke(main, other)
    assert first.exit_code == 0, first.output
    said = reminder(f"drafts/{LEFT}", 1, [str(work)])
    assert first.output.count(said) == 1, first.output
    assert names(sample / "drafts" / LEFT) == [f"0000-{WORK}.work"]
    again = runner.invoke(main, other)
    assert again.output.startswith(said + "Built 3 letters"), again.output
    into_out = runner.invoke(main, ["build", "may-2020-joint", "-w", str(sample), "--quiet"])
    assert into_out.output.startswith("Built 3 letters"), into_out.output


def test_finalise_with_nothing_to_make_still_reminds_of_the_records_left(
    all_approved: Path, runner: CliRunner
) -> None:
    """Run again with nothing changed, finalise names the folder it made, and still the
    records set aside beside it."""
    finalise = ["finalise", JOINT, "--quiet", "-w", str(all_approved)]
    made = runner.invoke(main, finalise)
    assert made.exit_code == 0, made.output
    letter = all_approved / "final" / JOINT
    work = all_approved.parent / "tmp" / WORK
    said = {"work": str(work), "start": 1, **here(), "machine": OTHER_MACHINE}
    (letter / LEFT).mkdir()
    (letter / LEFT / f"0000-{WORK}.work").write_text(json.dumps(said))
    again = runner.invoke(main, finalise)
    assert again.exit_code == 0, again.output
    assert "holds these final letters already" in again.output
    assert again.output.startswith(reminder(str(letter / LEFT), 1, [str(work)])), again.output


@pytest.mark.parametrize("kind", ["process", "work"])
def test_an_older_record_set_aside_keeps_no_raw_id(
    sample: Path, runner: CliRunner, kind: str
) -> None:
    """A record an older letters wrote in a container of this computer (another PID
    namespace), holding this computer's machine and boot ids as they are, then a real
    build: what is set aside holds their digests, as this letters writes them."""
    stale = sample / "out" / STALE
    work = sample.parent / "tmp" / WORK
    older = {**raw_ids(), "pidns": "pid:[4026530000]"}
    assert older["pidns"] != os.readlink("/proc/self/ns/pid")
    recorded = work_record(stale, work, older)
    if kind == "process":
        recorded.unlink()
        process = {"pid": 4321, "start": 1, "work": str(work), **older}
        recorded = stale / RECORD / "4321.json"
        recorded.write_text(json.dumps(process))
    written = json.loads(recorded.read_text(encoding="utf-8"))
    assert holding_raw_ids(sample) == [recorded.relative_to(sample).as_posix()]
    result = runner.invoke(main, ["build", "may-2020-joint", "-w", str(sample), "--quiet"])
    assert result.exit_code == 0, result.output
    assert holding_raw_ids(sample) == []
    (aside,) = (sample / "out" / LEFT).iterdir()
    digests = {key: identity(os.getpid())[key] for key in ("machine", "boot")}
    assert json.loads(aside.read_text(encoding="utf-8")) == {**written, **digests}
