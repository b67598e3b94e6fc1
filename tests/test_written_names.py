"""A file letters writes whole (through a temporary file renamed over it) is named by its
own name or folder when it cannot be written, never by the temporary name nobody knows; and
a name that fits a folder can be written, however close to the 255 bytes a name may have."""

from __future__ import annotations

import contextlib
import errno
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from tests.conftest import killed_at
from tests.test_signoff import JOINT


def test_a_status_page_with_a_name_near_the_limit_is_written(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """250 bytes of a name (125 Cyrillic letters): the temporary file beside it, 13 bytes
    longer, was too long a name, and the page could not be written ('File name too long',
    naming the temporary file)."""
    name = "Статус" * 20 + "xxxxx.html"
    assert len(os.fsencode(name)) == 250
    folder = tmp_path / "pages"
    folder.mkdir()
    page = folder / name
    result = runner.invoke(main, ["review", "status", "--html", str(page), "-w", str(sample)])
    assert (result.exit_code, result.output) == (0, f"wrote {page}\n")
    assert page.read_bytes().startswith(b"<!DOCTYPE html>")
    assert [p.name for p in folder.iterdir()] == [name]


CAPSH = shutil.which("capsh")


@pytest.mark.skipif(
    not CAPSH or not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="needs root and capsh, to be root that mode bits stop",
)
def test_a_read_only_folder_is_named_not_a_temporary_file(sample: Path, tmp_path: Path) -> None:
    """A status page asked for in a folder without write permission: the message named
    '.status.html.<random>.tmp', a file nobody made or can find."""
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o555)
    command = [sys.executable, "-m", "letters", "review", "status", "--html"]
    command += [str(folder / "status.html"), "-w", str(sample)]
    shell = " ".join(shlex.quote(part) for part in command)
    drop = "--drop=cap_dac_override,cap_dac_read_search,cap_fowner"
    done = subprocess.run(
        [str(CAPSH), drop, "--", "-c", shell],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        1,
        "",
        f"Error: {folder}: Permission denied: it is yours but read-only: make it writable"
        f" (chmod u+w {folder}); nothing more was written\n",
    )
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    "name",
    ["Статус" * 20 + "xxxxx.html", "s" * 245 + ".html"],
    ids=["cyrillic-250-bytes", "latin-250-bytes"],
)
def test_a_long_named_status_page_left_half_written_is_removed_by_the_next_run(
    sample: Path, runner: CliRunner, tmp_path: Path, name: str
) -> None:
    """kill -9 as a status page of a 250-byte name was written: its temporary name, cut at
    the front to fit the folder, was not known as the page's, and stayed for good."""
    folder = tmp_path / "pages"
    folder.mkdir()
    page = folder / name
    killed_at(".*.tmp", 1, "review", "status", "--html", str(page), "-w", str(sample))
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
    result = runner.invoke(main, ["review", "status", "--html", str(page), "-w", str(sample)])
    assert (result.exit_code, result.output) == (0, f"wrote {page}\n")
    assert [p.name for p in folder.iterdir()] == [name]


@contextlib.contextmanager
def _small_disk(folder: Path, options: str) -> Iterator[Path]:
    """``folder`` made the mount point of a small tmpfs of its own, mounted with
    ``options``; the test is skipped where none can be mounted (not root, a container)."""
    folder.mkdir()
    mount, umount = shutil.which("mount"), shutil.which("umount")
    if mount is None or umount is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("needs root and mount, to mount a small tmpfs")
    made = subprocess.run(
        [mount, "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run([umount, str(folder)], check=True)


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a disk of its own with no space left: a small tmpfs (room for a new
    workspace once its filler is deleted), filled up."""
    with _small_disk(tmp_path / "full", "size=1m") as folder:
        _fill(folder)
        yield folder


def _fill(disk: Path, leaving: int = 0) -> None:
    """Fill ``disk`` up, but for about ``leaving`` bytes of room (rounded up to pages)."""
    kept = disk / "kept"
    kept.write_bytes(b"\0" * leaving)
    with contextlib.suppress(OSError), (disk / "filler").open("wb", buffering=0) as filler:
        while filler.write(b"\0" * 4096):
            pass
    kept.unlink()


@pytest.mark.parametrize(
    ("command", "named"),
    [
        (["review", "status", "--html", "{full}/status.html"], "{full}/status.html"),
        (["build", "--out", "{full}/out"], "{full}/out/.letters.files.lock"),
    ],
    ids=["status-page", "build-lock"],
)
def test_a_file_that_fills_the_disk_is_named(
    sample: Path, runner: CliRunner, full_disk: Path, command: list[str], named: str
) -> None:
    """A status page written to a full disk, or the lock of a build's output folder there:
    the message said only 'No space left on device', naming neither the file nor its disk."""
    command = [part.format(full=full_disk) for part in command]
    result = runner.invoke(main, [*command, "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {named.format(full=full_disk)}: No space left on device; nothing more was"
        " written\n",
    )
    assert [p.name for p in full_disk.rglob("*") if not p.is_dir()] == ["filler"]


@pytest.mark.parametrize(
    ("command", "named"),
    [
        (["review", "status", "--html", "{disk}/status.html"], "{disk}"),
        (["build", "--out", "{disk}/out"], "{disk}/out"),
    ],
    ids=["status-page", "build"],
)
def test_a_read_only_disk_is_said_to_be_one(
    sample: Path, runner: CliRunner, tmp_path: Path, command: list[str], named: str
) -> None:
    """A build into a folder on a disk mounted read-only was refused with 'permission
    denied', which sends one to change the folder's permissions, to no avail."""
    with _small_disk(tmp_path / "disk", "size=64k") as disk:
        (disk / "out").mkdir()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        command = [part.format(disk=disk) for part in command]
        result = runner.invoke(main, [*command, "-w", str(sample)])
        assert (result.exit_code, result.output) == (
            1,
            f"Error: {named.format(disk=disk)}: Read-only file system; nothing more was written\n",
        )


@pytest.mark.parametrize("below", ["", "letters"], ids=["the-folder", "a-folder-below-it"])
def test_an_output_folder_whose_name_is_too_long_is_said_to_be(
    sample: Path, runner: CliRunner, tmp_path: Path, below: str
) -> None:
    """--out with a folder's name of 300 bytes, or a folder below one: refused as a folder
    whose manifest.json 'cannot be read as the manifest of letters', not as too long."""
    out = tmp_path / ("b" * 300) / below
    result = runner.invoke(main, ["build", "--out", str(out), "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: cannot write into {out}: a folder's name in it, or the whole path, is longer"
        f" than the system allows ({os.strerror(errno.ENAMETOOLONG)}): give --out a shorter"
        " path; nothing was written\n",
    )
    assert not (sample / "out").exists()


def test_init_stopped_by_a_full_disk_says_that_running_it_again_finishes(
    runner: CliRunner, full_disk: Path
) -> None:
    """letters init on a full disk left a folder begun, and said only 'No space left on
    device; nothing more was written': not that the same command finishes it."""
    new = full_disk / "new"
    result = runner.invoke(main, ["init", str(new)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: cannot write {new}/.workspace.yaml.unfinished: No space left on device;"
        f" the workspace is not made yet: free some space, and run 'letters init {new}' again,"
        " which finishes it\n",
    )
    (full_disk / "filler").unlink()
    again = runner.invoke(main, ["init", str(new)])
    assert again.exit_code == 0, again.output
    assert (new / "workspace.yaml").is_file()


def _approved_on_a_small_disk(runner: CliRunner, disk: Path) -> tuple[Path, str]:
    """The sample copied to ``disk``, austrevicius's approval of the joint letter in English
    recorded: the workspace and the version approved."""
    from tests.conftest import REPO, copy_workspace
    from tests.test_ledger_recovery import approve, version_of

    ws = copy_workspace(REPO, disk / "ws")
    version = version_of(runner, ws)
    approve(runner, ws, "austrevicius", version)
    return ws, version


@pytest.mark.parametrize(
    "command",
    [
        ["approve", "--by", "bilcik", "--version", "{version}"],
        ["request-changes", "--by", "bilcik", "--comment", "Shorter, please."],
        ["revoke", "--by", "austrevicius"],
        ["review", "replies", "{ws}/reply.eml"],
    ],
    ids=["approve", "request-changes", "revoke", "review-replies"],
)
def test_an_answer_recorded_on_a_full_disk_is_said_to_stand(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    """The disk filled up between the answer's line in the ledger and ledger.head: the
    message said only '…ledger.head: No space left on device; nothing more was written', as
    if the answer was not recorded, though it was (and the next command completes it)."""
    from tests.test_review_replies import BILCIK, thunderbird

    with _small_disk(tmp_path / "disk", "size=2m") as disk:
        ws, version = _approved_on_a_small_disk(runner, disk)
        reply = thunderbird(BILCIK, version, f"APPROVE {version}", "full-1@example.eu")
        (ws / "reply.eml").write_bytes(reply)
        # the one page of room left: the command's lock takes it
        _fill(disk, leaving=os.sysconf("SC_PAGE_SIZE"))
        if command[0] in ("approve", "request-changes", "revoke"):
            command = [command[0], "may-2020-joint", "--lang", "en", "--via", "email",
                       *command[1:]]  # fmt: skip
        command = [part.format(version=version, ws=ws) for part in command]
        result = runner.invoke(main, [*command, "-w", str(ws)])
        assert (result.exit_code, result.output) == (
            1,
            f"Error: {ws}/signoff/ledger.head: No space left on device; the answer is recorded"
            " all the same, as entry 2 of signoff/ledger.jsonl, but signoff/ledger.head does"
            " not name it yet: free some space on that disk, and the next letters command in"
            " this workspace (this one again, or 'letters review status') completes it\n",
        )
        status = runner.invoke(main, ["review", "status", "-w", str(ws)])
        assert status.exit_code == 0, status.output
        assert status.output.splitlines()[0] == (
            "warning: signoff/ledger.jsonl: entry 2 was written but signoff/ledger.head was not"
            " updated (an interrupted write); it cannot be completed now (No space left on"
            " device), and is not counted until it is: free some space on that disk, and the"
            " next command completes it"
        )
        still = runner.invoke(main, [*command, "-w", str(ws)])  # the disk as full as before
        assert (still.exit_code, still.output.splitlines()[-1]) == (
            1,
            f"Error: {ws}/signoff/ledger.head: No space left on device; signoff/ledger.jsonl:"
            " entry 2 was written but signoff/ledger.head was not updated (an interrupted"
            " write), and it cannot be completed now: free some space on that disk, and run"
            " the command again; nothing more was written",
        )
        (disk / "filler").unlink()
        again = runner.invoke(main, [*command, "-w", str(ws)])
        assert again.exit_code == 0, again.output
        assert "completed it" in again.output
        assert "already recorded" in again.output
        assert len((ws / "signoff" / "ledger.jsonl").read_bytes().splitlines()) == 2


@pytest.mark.parametrize(
    "command",
    [["build", "--out", "/proc/letters"], ["review", "packet", "bilcik", "--out", "/proc/letters"]],
    ids=["build", "review-packet"],
)
def test_an_output_folder_in_proc_is_said_to_be_impossible(
    sample: Path, runner: CliRunner, command: list[str]
) -> None:
    """An output folder in /proc, which is there but where nothing can be made: the message
    was '/proc/letters: No such file or directory', which sends one to make a folder."""
    if not Path("/proc/self").is_dir():
        pytest.skip("needs Linux's /proc")
    result = runner.invoke(main, [*command, "-w", str(sample)])
    assert (result.exit_code, result.output.splitlines()[-1]) == (
        1,
        "Error: /proc/letters: No such file or directory: nothing can be made in /proc, a folder"
        " whose contents the system makes up: choose another place; nothing more was written",
    )


@pytest.mark.parametrize("by", ["request-changes", "review-replies"])
def test_an_answer_the_disk_filled_up_during_is_taken_back_whole(
    runner: CliRunner, tmp_path: Path, by: str
) -> None:
    """The disk filled up while the answer's own line was appended to the ledger: part of
    the line stayed on disk (the next command set it aside as cut short) while the message
    said nothing more was written; and review replies went on to the next reply, which a
    shorter line let it record, before the answer the signatory gave first."""
    from tests.test_review_replies import BILCIK, SIMECKA, thunderbird

    with _small_disk(tmp_path / "disk", "size=2m") as disk:
        ws, version = _approved_on_a_small_disk(runner, disk)
        ledger, head = ws / "signoff" / "ledger.jsonl", ws / "signoff" / "ledger.head"
        # longer than the room left in the ledger's last page: its start fits, the rest not
        comment = "\n".join(f"Please name the court in paragraph {n}." for n in range(1, 150))
        first = thunderbird(BILCIK, version, f"CHANGES {version}\n{comment}", "full-1@example.eu")
        (ws / "1.eml").write_bytes(first)
        later = thunderbird(SIMECKA, version, f"APPROVE {version}", "full-2@example.eu",
                            date="Thu, 21 May 2020 10:14:02 +0200")  # fmt: skip
        (ws / "2.eml").write_bytes(later.replace(b"Vladimir Bilcik", b"Michal Simecka"))
        before = {path: path.read_bytes() for path in (ledger, head)}
        # the one page of room left: the command's lock takes it
        _fill(disk, leaving=os.sysconf("SC_PAGE_SIZE"))
        command = ["request-changes", "may-2020-joint", "--lang", "en", "--via", "email",
                   "--by", "bilcik", "--comment", comment.replace("\n", " ")]  # fmt: skip
        if by == "review-replies":
            command = ["review", "replies", str(ws / "1.eml"), str(ws / "2.eml")]
        result = runner.invoke(main, [*command, "-w", str(ws)])
        reply = f"reply <full-1@example.eu> ({ws}/1.eml): bilcik's CHANGES {version}: "
        assert (result.exit_code, result.output) == (
            1,
            f"Error: {reply * (by == 'review-replies')}{ledger}: No space left on device; the"
            " answer is not recorded, and"
            " signoff/ledger.jsonl is as it was before it: free some space on that disk,"
            " and run the command again\n",
        )
        assert {path: path.read_bytes() for path in (ledger, head)} == before
        assert sorted(p.name for p in ledger.parent.iterdir() if p.is_file()) == [
            "ledger.head",
            "ledger.jsonl",
        ]
        (disk / "filler").unlink()
        again = runner.invoke(main, [*command, "-w", str(ws)])
        assert again.exit_code == 0, again.output
        assert again.output.splitlines()[0].startswith("recorded entry 2: bilcik")


def test_review_requests_stopped_by_a_full_disk_say_which_are_written(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """The disk filled up after the first of two review requests: the message said only
    'No space left on device; nothing more was written', and not which request was."""
    with _small_disk(tmp_path / "disk", "size=1m") as disk:
        # room for the first request (about 310 kB), not the second
        _fill(disk, leaving=400_000)
        requests = disk / "requests"
        command = ["review", "request", "austrevicius", "bilcik", "--no-pdf", "--out"]
        result = runner.invoke(main, [*command, str(requests), "-w", str(sample)])
        assert (result.exit_code, result.output) == (
            1,
            f"Error: {requests}/bilcik.eml: No space left on device; the review request to"
            f" austrevicius is written ({requests}), and none yet to bilcik: free some space on"
            " that disk, and run 'letters review request bilcik' (with the same options) to"
            " write the rest\n",
        )
        assert [p.name for p in requests.iterdir()] == ["austrevicius.eml"]


@pytest.mark.parametrize(
    ("command", "folder", "said"),
    [
        (
            ["build", "--out", "{ws}/elsewhere"],
            "elsewhere",
            "{folder}: {refusal}: it {why}, or choose another --out",
        ),
        # "permission denied" was said where the system said "Operation not permitted"
        (["build"], "out", "{folder}: {refusal}: it {why}, or choose another --out"),
        (
            ["approve", JOINT, "-l", "en", "--by", "austrevicius", "--via", "e-mail"],
            "signoff",
            "{folder}/versions: {refusal}: {folder} {why}",
        ),
    ],
    ids=["given-output-folder", "workspace-out", "ledger"],
)
def test_a_folder_letters_may_not_write_in_says_what_to_do(
    sample: Path, runner: CliRunner, command: list[str], folder: str, said: str
) -> None:
    """A folder that refuses writes said only "Permission denied" (or "Operation not
    permitted"): who can let you write there is said, and another --out where the command
    writes in its output folder (not for the ledger's folder, which no --out moves)."""
    from letters import Workspace
    from tests.test_i18n_update_together import NOT_PERMITTED, unwritable

    refused = sample / folder
    refused.mkdir()
    version = Workspace(sample).version(JOINT, "en").short
    args = [part.format(ws=sample) for part in command]
    args += ["--version", version] if args[0] == "approve" else []
    with unwritable(refused):
        result = runner.invoke(main, [*args, "-w", str(sample)])
    if os.geteuid() == 0:  # immutable: its permissions are not what refuses
        why = (
            "is writable by its permissions, but the system refuses: it may be marked"
            f" immutable or append-only (see 'lsattr -d {refused}'; as root, 'chattr -i' or"
            " 'chattr -a' undoes it)"
        )
    else:
        why = f"is yours but read-only: make it writable (chmod u+w {refused})"
    expected = said.format(folder=refused, why=why, refusal=NOT_PERMITTED)
    assert (result.exit_code, result.output.splitlines()[-1]) == (
        1,
        f"Error: {expected}; nothing more was written",
    )
    assert list(refused.iterdir()) == []


def test_review_replies_stopped_by_a_full_disk_says_what_it_recorded_and_which_reply_not(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The disk filled up at the second reply's answer: the first reply's answer, recorded,
    was not printed, and the error did not say which reply's answer was not recorded."""
    from tests.test_review_replies import BILCIK, SIMECKA, thunderbird

    with _small_disk(tmp_path / "disk", "size=2m") as disk:
        ws, version = _approved_on_a_small_disk(runner, disk)
        ledger = ws / "signoff" / "ledger.jsonl"
        first = thunderbird(SIMECKA, version, f"APPROVE {version}", "full-1@example.eu")
        (ws / "1.eml").write_bytes(first.replace(b"Vladimir Bilcik", b"Michal Simecka"))
        # longer than the room the first answer leaves: its start fits, the rest not
        comment = "\n".join(f"Please name the court in paragraph {n}." for n in range(1, 400))
        later = thunderbird(BILCIK, version, f"CHANGES {version}\n{comment}", "full-2@example.eu",
                            date="Thu, 21 May 2020 10:14:02 +0200")  # fmt: skip
        (ws / "2.eml").write_bytes(later)
        # a page for the command's lock, one for the ledger.head written after the first answer
        _fill(disk, leaving=2 * os.sysconf("SC_PAGE_SIZE"))
        command = ["review", "replies", str(ws / "1.eml"), str(ws / "2.eml"), "-w", str(ws)]
        result = runner.invoke(main, command)
        assert (result.exit_code, result.output) == (
            1,
            f"recorded entry 2: simecka approve may-2020-joint [en] version {version}\n"
            f"Error: reply <full-2@example.eu> ({ws}/2.eml): bilcik's CHANGES {version}:"
            f" {ledger}: No space left on device; the answer is not recorded, and"
            " signoff/ledger.jsonl is as it was before it: free some space on that disk, and"
            " run the command again\n",
        )
        assert len(ledger.read_bytes().splitlines()) == 2


@pytest.mark.parametrize("stop", ["second-answer-not-recorded", "head-not-written"])
def test_an_unauthenticated_reply_stopped_part_way_still_flags_what_it_recorded(
    runner: CliRunner, tmp_path: Path, stop: str
) -> None:
    """A full disk stopped 'review replies' inside an unauthenticated reply: the answers of
    it already recorded (or recorded before ledger.head could be written) stood in the
    ledger flagged UNAUTHENTICATED, but the warning to confirm them with the sender was not
    printed, as it was only said once the whole reply was done."""
    from letters import Workspace
    from letters.signoff.ledger import keep_version
    from tests.test_review_replies import BILCIK, thunderbird

    with _small_disk(tmp_path / "disk", "size=2m") as disk:
        ws, version = _approved_on_a_small_disk(runner, disk)
        uk = Workspace(ws).version(JOINT, "uk")
        keep_version(ws, uk)  # kept before the disk fills: the answer's line is what fails
        comment = "\n".join(f"Please name the court in paragraph {n}." for n in range(1, 400))
        answer = f"APPROVE {version}"
        if stop == "second-answer-not-recorded":
            answer += f"\n\nCHANGES {uk.short}\n{comment}"
        (ws / "1.eml").write_bytes(thunderbird(BILCIK, version, answer, "full-1", auth=""))
        # a page for the command's lock, and one for ledger.head after the first answer
        pages = 2 if stop == "second-answer-not-recorded" else 1
        _fill(disk, leaving=pages * os.sysconf("SC_PAGE_SIZE"))
        result = runner.invoke(main, ["review", "replies", str(ws / "1.eml"), "-w", str(ws)])
        reply = f"reply <full-1> ({ws}/1.eml)"
        warning = (
            f"warning: {reply}: no DKIM or SPF pass for europarl.europa.eu (no"
            " Authentication-Results): recorded, flagged UNAUTHENTICATED; confirm with the"
            " sender that they sent it"
        )
        recorded = [f"recorded entry 2: bilcik approve {JOINT} [en] version {version}"]
        *said, error = result.output.splitlines()
        assert (result.exit_code, said) == (1, [*recorded[: pages - 1], warning])
        assert error.startswith("Error: ")
