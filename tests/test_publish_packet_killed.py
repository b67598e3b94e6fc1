"""A review packet killed while it put its files in place: the earlier packet's files it had
taken out of the way (kept hidden) are put back before any later packet is written into
that folder, so a packet of some letters, which carries the others' files as they are,
loses none of them."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.files.swap import NotPlaced, not_placed
from letters.publish.drafts import not_put_back
from letters.signoff.packet import packet
from letters.workspace import Workspace
from tests.conftest import REPO, copy_workspace, files_under, killed_at
from tests.test_publish_killed import _rename_her

JOINT = "may-2020-joint"
OVERSIGHT = "may-2020-oversight.uk.*.draft.docx"


def _shown(folder: Path) -> dict[str, bytes]:
    return {name: data for name, data in files_under(folder).items() if name[0] != "."}


@pytest.mark.parametrize(
    "times",
    [
        pytest.param(3, id="earlier-files-out-of-the-way"),
        pytest.param(4, id="new-files-partly-in-place"),
    ],
)
def test_a_packet_of_one_letter_after_a_killed_packet_keeps_the_others(
    tmp_path: Path, runner: CliRunner, times: int
) -> None:
    """bilcik's packet is written; the letters change and a new packet of every letter is
    killed while it puts its files in place; then a packet of one letter (as a review
    request of it writes): the other letters' files are those of the earlier packet, byte
    for byte, and nothing is left hidden."""
    ws = copy_workspace(REPO, tmp_path / "ws")
    assert runner.invoke(main, ["review", "packet", "bilcik", "-w", str(ws)]).exit_code == 0
    out = ws / "out" / "review" / "bilcik"
    before = _shown(out)
    _rename_her(ws)
    killed_at(OVERSIGHT, times, "review", "packet", "bilcik", "-w", str(ws))
    assert _shown(out) != before  # half done: the earlier files partly out of the way

    made = packet(Workspace(ws).data, "bilcik", letters=[JOINT])
    now = _shown(out)
    others = {name: data for name, data in before.items() if name.startswith("may-2020-")}
    others = {name: data for name, data in others.items() if not name.startswith(JOINT)}
    assert others and {name: now.get(name) for name in others} == others
    mine = {name for name in now if name.startswith(f"{JOINT}.")}
    assert mine == {path.name for path in made.written if path.name.startswith(f"{JOINT}.")}
    assert set(now) == {*others, *mine, "manifest.csv", "manifest.json"}
    assert not [path for path in out.iterdir() if path.name.startswith(".")]
    listed = (out / "manifest.csv").read_text(encoding="utf-8")
    for name, data in others.items():
        assert f"{name},{hashlib.sha256(data).hexdigest()}" in listed.replace('"', "")


def test_the_same_packet_again_after_a_killed_one_is_whole(
    tmp_path: Path, runner: CliRunner
) -> None:
    """Nothing lost either way: the same command run again ends as one never killed."""
    whole = copy_workspace(REPO, tmp_path / "whole")
    _rename_her(whole)
    assert runner.invoke(main, ["review", "packet", "bilcik", "-w", str(whole)]).exit_code == 0
    ws = copy_workspace(REPO, tmp_path / "ws")
    assert runner.invoke(main, ["review", "packet", "bilcik", "-w", str(ws)]).exit_code == 0
    _rename_her(ws)
    killed_at(OVERSIGHT, 4, "review", "packet", "bilcik", "-w", str(ws))
    assert runner.invoke(main, ["review", "packet", "bilcik", "-w", str(ws)]).exit_code == 0
    expected = files_under(whole / "out" / "review" / "bilcik")
    now = files_under(ws / "out" / "review" / "bilcik")
    assert now.keys() == expected.keys()
    assert {n: d for n, d in now.items() if not n.startswith("manifest.")} == {
        n: d for n, d in expected.items() if not n.startswith("manifest.")
    }


HOLD = """
import sys
from pathlib import Path
from letters.files.lock import workspace_lock
with workspace_lock(Path(sys.argv[1]), "review packet", "this output folder"):
    print("held", flush=True)
    sys.stdin.readline()
"""


def test_a_packet_of_another_workspace_leaves_a_folder_being_written_alone(
    tmp_path: Path, runner: CliRunner
) -> None:
    """Two workspaces write packets into one folder (``-o DIR``): while one holds that
    folder (its packet half put in place, here held by another process), the other's packet
    neither undoes that publish nor writes: it is refused, and the folder is as it was."""
    shared = tmp_path / "shared"
    one = copy_workspace(REPO, tmp_path / "one")
    two = copy_workspace(REPO, tmp_path / "two")
    command = ["review", "packet", "bilcik", "-o", str(shared)]
    assert runner.invoke(main, [*command, "-w", str(one)]).exit_code == 0
    _rename_her(one)
    killed_at(OVERSIGHT, 3, *command, "-w", str(one))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(shared)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        before = files_under(shared)
        result = runner.invoke(main, [*command, "-w", str(two)])
        after = files_under(shared)  # the holder's lock file still in it
    finally:
        holder.communicate(b"done\n")
    assert result.exit_code == 1, result.output
    assert result.output.startswith(
        "Error: another letters command is writing this output folder: "
    )
    assert after == before


@pytest.mark.parametrize("there", [True, False], ids=["kept-folder-there", "kept-folder-gone"])
def test_a_failed_put_back_names_the_kept_folder_only_if_it_is_there(
    tmp_path: Path, there: bool
) -> None:
    keep = tmp_path / ".letters-earlier-files.abc"
    if there:
        keep.mkdir()
    target = tmp_path / "a.docx"
    error = NotPlaced(target, OSError(2, "No such file or directory"), restored=False, keep=keep)
    message = not_placed(error, tmp_path)
    assert (str(keep) in message) is there
    if not there:
        assert message == (
            f"cannot write {target} (No such file or directory), and putting the earlier"
            " files back failed too: the folder they were kept in is no longer there"
            f" (another command took them back or removed it); check the files in {tmp_path},"
            " then run the same command again"
        )


def test_a_packet_file_become_a_link_since_the_kill_is_said_to_be_a_link(
    tmp_path: Path, runner: CliRunner
) -> None:
    """A packet killed once it had put some of its new files in place; since, one of those
    has become a link to a file outside the workspace (moved there, a link left in its
    place). Nothing is put back through it, and the note says it is a link, as a build's
    says of a letter folder become one, not that the file was changed since."""
    ws = copy_workspace(REPO, tmp_path / "ws")
    assert runner.invoke(main, ["review", "packet", "bilcik", "-w", str(ws)]).exit_code == 0
    out = ws / "out" / "review" / "bilcik"
    killed_at(OVERSIGHT, 4, "review", "packet", "bilcik", "-w", str(ws))  # run again
    (linked,) = out.glob(OVERSIGHT)  # moved into place, the earlier one kept out of the way
    elsewhere = tmp_path / "elsewhere.docx"
    linked.rename(elsewhere)
    linked.symlink_to(elsewhere)
    outside = elsewhere.read_bytes()

    result = runner.invoke(main, ["review", "packet", "bilcik", "-w", str(ws)])

    assert result.exit_code == 0, result.output
    assert elsewhere.read_bytes() == outside
    (kept,) = out.glob("letters-earlier-files.*")
    notes = [line for line in result.output.splitlines() if "killed" in line]
    assert notes == [
        f"a review packet killed while it put its files in place had replaced {linked}, a"
        " symbolic link now (nothing is put back through a link); the earlier ones are kept"
        f" in {kept}, each at its path in {out}: copy back those you want, then delete that"
        " folder"
    ]


def test_files_kept_for_a_linked_file_a_linked_folder_and_an_edit_are_told_apart(
    tmp_path: Path,
) -> None:
    out, kept, elsewhere = tmp_path / "out", tmp_path / "out" / "kept", tmp_path / "elsewhere"
    (kept / "letter").mkdir(parents=True)
    elsewhere.mkdir()
    for name in ("letter/a.docx", "b.docx", "c.docx"):
        (kept / name).write_bytes(b"earlier")
    (out / "letter").symlink_to(elsewhere, target_is_directory=True)
    (out / "b.docx").symlink_to(elsewhere / "b.docx")
    (out / "c.docx").write_bytes(b"edited since")

    said = not_put_back(out, kept, "a review packet")

    assert said == (
        f"a review packet killed while it put its files in place had replaced files in"
        f" {out / 'letter'}, {out / 'b.docx'}, symbolic links now (nothing is put back"
        f" through a link), and files of {out} that were changed since; the earlier ones are"
        f" kept in {kept}, each at its path in {out}: copy back those you want, then delete"
        " that folder"
    )
