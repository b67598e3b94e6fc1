"""A crash in the middle of recording an answer is recognised and completed by the next
command, with a note; anything else wrong with the ledger is still reported as tampering."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import NamedTuple

import pytest
from click.testing import CliRunner

from letters.cli import main
from tests.conftest import Prepared, answers_of, cli, fails

JOINT = "may-2020-joint"
SIGNERS = ["austrevicius", "bilcik", "guetta"]
LEDGER = "signoff/ledger.jsonl"


def version_of(runner: CliRunner, ws: Path) -> str:
    result = runner.invoke(main, ["review", "status", "--json", "-w", str(ws)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    return str(next(r["version"] for r in rows if (r["letter"], r["lang"]) == (JOINT, "en")))


def approve(runner: CliRunner, ws: Path, who: str, version: str) -> str:
    return cli(runner, ws, "approve", JOINT, "--lang", "en", "--by", who, "--via", "email",
               "--version", version)  # fmt: skip


class Interrupted(NamedTuple):
    """Two answers recorded, and what a third one's append and ledger.head would be."""

    ws: Path
    version: str
    head: bytes  # ledger.head after the second answer
    third: bytes  # the line of the third


def _interrupt(ws: Path) -> tuple[str, bytes, bytes]:
    """Record two answers, and a third that is then taken back out of the ledger: the
    version, ledger.head after the second and the third's line."""
    runner = CliRunner()
    version = version_of(runner, ws)
    for who in SIGNERS[:2]:
        approve(runner, ws, who, version)
    ledger, head = ws / LEDGER, ws / "signoff" / "ledger.head"
    before, head_before = ledger.read_bytes(), head.read_bytes()
    approve(runner, ws, SIGNERS[2], version)
    third = ledger.read_bytes()[len(before) :]
    ledger.write_bytes(before)
    head.write_bytes(head_before)
    return version, head_before, third


@pytest.fixture
def interrupted(prepared: Prepared, tmp_path: Path) -> Interrupted:
    """A private copy of the sample after :func:`_interrupt` (made once per test process)."""
    made = prepared.copy("interrupted", _interrupt, tmp_path / "ws")
    assert isinstance(made, tuple)
    return Interrupted(tmp_path / "ws", *made)


def test_an_entry_written_without_its_head_is_completed_with_a_note(
    interrupted: Interrupted, runner: CliRunner
) -> None:
    ws, version, _head, third = interrupted
    ledger = ws / LEDGER
    ledger.write_bytes(ledger.read_bytes() + third)  # appended; ledger.head not yet updated

    output = cli(runner, ws, "review", "status")
    assert output.splitlines()[0] == (
        "warning: signoff/ledger.jsonl: entry 3 was written but signoff/ledger.head was not"
        " updated (an interrupted write); completed it"
    )
    entry = json.loads(third)
    assert (ws / "signoff" / "ledger.head").read_text() == f"3 {entry['hash']}\n"
    assert "warning" not in cli(runner, ws, "review", "status")  # completed once
    assert approve(runner, ws, "berg", version).startswith("recorded entry 4:")


def test_an_entry_without_its_line_end_is_completed_by_the_next_answer(
    interrupted: Interrupted, runner: CliRunner
) -> None:
    ws, version, _head, third = interrupted
    ledger = ws / LEDGER
    ledger.write_bytes(ledger.read_bytes() + third.rstrip(b"\n"))

    output = approve(runner, ws, "berg", version)
    assert output.splitlines()[0] == (
        "warning: signoff/ledger.jsonl: entry 3 was written but signoff/ledger.head was not"
        " updated (an interrupted write); completed it"
    )
    assert output.splitlines()[1].startswith("recorded entry 4:")
    lines = ledger.read_bytes().split(b"\n")
    assert len(lines) == 5 and lines[-1] == b""
    assert [json.loads(line)["n"] for line in lines[:-1]] == [1, 2, 3, 4]


def test_a_line_cut_short_is_kept_aside_and_reported(
    interrupted: Interrupted, runner: CliRunner
) -> None:
    ws, version, head, third = interrupted
    ledger = ws / LEDGER
    whole = ledger.read_bytes()
    partial = third[:57]
    ledger.write_bytes(whole + partial)  # the crash cut the line short

    output = cli(runner, ws, "review", "status")
    assert output.splitlines()[0] == (
        "warning: signoff/ledger.jsonl: entry 3 was cut short while it was written (an"
        " interrupted write); its 57 bytes were moved to signoff/ledger.entry-3.cut-short"
        " and the ledger ends at entry 2: record that answer again"
    )
    assert (ws / "signoff" / "ledger.entry-3.cut-short").read_bytes() == partial
    assert ledger.read_bytes() == whole
    assert (ws / "signoff" / "ledger.head").read_bytes() == head
    assert "warning" not in cli(runner, ws, "review", "status")
    assert approve(runner, ws, "guetta", version).startswith("recorded entry 3:")


def test_a_write_in_progress_is_left_to_the_command_writing_it(
    interrupted: Interrupted, runner: CliRunner
) -> None:
    ws, _version, head, third = interrupted
    ledger = ws / LEDGER
    ledger.write_bytes(ledger.read_bytes() + third)
    written = ledger.read_bytes()
    (ws / ".letters.files.lock").write_text(
        json.dumps(
            {
                "pid": os.getpid(),  # alive: the answer is being recorded right now
                "host": os.uname().nodename,
                "command": "approve",
                "started": "2020-05-21T10:00:00+00:00",
            }
        )
    )
    output = cli(runner, ws, "review", "status")
    assert "warning" not in output
    answers = answers_of(output, JOINT, "en")  # the answer being recorded does not count yet
    assert answers["austrevicius"] == ("approved", "1")
    assert answers["bilcik"] == ("approved", "2")
    assert answers["guetta"] == ("no answer", "")
    assert ledger.read_bytes() == written
    assert (ws / "signoff" / "ledger.head").read_bytes() == head


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        pytest.param(
            "edit the unrecorded entry",
            "signoff/ledger.jsonl: entry 3 was changed after it was written",
            id="edited",
        ),
        pytest.param(
            "head two behind",
            "signoff/ledger.jsonl: entry 3 does not match signoff/ledger.head;"
            " the ledger was edited",
            id="head-behind",
        ),
        pytest.param(
            "head ahead",
            "signoff/ledger.jsonl: entry 3 is missing (signoff/ledger.head records 3); the"
            " ledger was cut",
            id="head-ahead",
        ),
        pytest.param(
            "remove an entry, cut the last",
            "signoff/ledger.jsonl: entry 2 is damaged; the ledger was edited",
            id="removed-then-cut",
        ),
    ],
)
def test_anything_else_is_still_tampering(
    interrupted: Interrupted, runner: CliRunner, damage: str, message: str
) -> None:
    ws, _version, _head, third = interrupted
    ledger, head_file = ws / LEDGER, ws / "signoff" / "ledger.head"
    first, second = ledger.read_bytes().splitlines(keepends=True)
    if damage == "edit the unrecorded entry":
        ledger.write_bytes(first + second + third.replace(b'"guetta"', b'"berg"'))
    elif damage == "head two behind":
        ledger.write_bytes(first + second + third)
        entry = json.loads(first)
        head_file.write_text(f"1 {entry['hash']}\n")
    elif damage == "head ahead":
        ledger.write_bytes(first + second + third)
        entry = json.loads(third)
        head_file.write_text(f"3 {entry['hash']}\n")
        ledger.write_bytes(first + second)
    else:
        ledger.write_bytes(first + third[:40])
    before = (ledger.read_bytes(), head_file.read_bytes())
    assert fails(runner, ws, "review", "status") == f"Error: {message}\n"
    assert (ledger.read_bytes(), head_file.read_bytes()) == before  # nothing "repaired"
    assert not list((ws / "signoff").glob("*.cut-short"))


def test_answers_recorded_while_status_reads_are_not_taken_for_an_edit(
    interrupted: Interrupted, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review status (which does not wait for the lock) read signoff/ledger.head, then two
    answers were recorded by another command, then it read the ledger: 'entry 4 does not
    match signoff/ledger.head; the ledger was edited'. The other command's two answers are
    recorded here for real, at that very point: just before the ledger is first read."""
    ws, version, _head, _third = interrupted
    reading = Path.read_bytes
    pending = ["guetta", "berg"]

    def others_record_first(path: Path) -> bytes:
        if path.name == "ledger.jsonl" and pending:
            for who in [pending.pop(0), pending.pop(0)]:
                approve(CliRunner(), ws, who, version)
        return reading(path)

    monkeypatch.setattr(Path, "read_bytes", others_record_first)
    output = cli(runner, ws, "review", "status")
    answers = answers_of(output, JOINT, "en")
    assert (answers["guetta"], answers["berg"]) == (("approved", "3"), ("approved", "4"))


@pytest.mark.parametrize(
    "command",
    [["review", "status"], ["review", "replies", "{ws}/reply.eml"]],
    ids=["completing-the-ledger", "recording-a-reply"],
)
def test_a_lock_names_the_command_that_holds_it(
    interrupted: Interrupted, runner: CliRunner, command: list[str]
) -> None:
    """The lock of 'review status' completing an interrupted write was said to be held by
    'letters complete the sign-off ledger', and that of 'review replies' recording an answer
    by 'letters approve': no command anyone ran."""
    from tests.conftest import killed_at
    from tests.test_lock_holder import start_of
    from tests.test_review_replies import BILCIK, thunderbird

    ws, version, _head, third = interrupted
    (ws / LEDGER).write_bytes((ws / LEDGER).read_bytes() + third)
    reply = thunderbird(BILCIK, version, f"APPROVE {version}", "lock-1@example.eu")
    (ws / "reply.eml").write_bytes(reply)
    command = [part.format(ws=ws) for part in command]
    killed_at(".letters.files.lock", 1, *command, "-w", str(ws))
    lock = ws / ".letters.files.lock"
    holder = json.loads(lock.read_text(encoding="utf-8"))
    # alive: ourselves (the start time too, which a reused process id would not have)
    holder.update(pid=os.getpid(), start=start_of(os.getpid()), started="2020-05-21T09:41:00+00:00")
    lock.write_text(json.dumps(holder), encoding="utf-8")
    named = " ".join(command[:2])
    assert fails(runner, ws, "revoke", JOINT, "--lang", "en", "--by", "bilcik", "--via", "x") == (
        f"Error: another letters command is writing this workspace: 'letters {named}'"
        f" is running (process {os.getpid()}, since 2020-05-21 09:41 UTC). Wait for it to"
        " finish (if it dies, the next command takes its lock over).\n"
    )
