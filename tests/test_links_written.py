"""A workspace from elsewhere may hold links where letters writes: ``out/``, ``final/``, a
letter's folder in them, the lock file. Nothing is written through a link leading outside the
workspace, whether it was there when the command began or made while it ran; a folder the
user names with --out is theirs, and may be anywhere."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.conftest import cli, fails, files_under
from tests.test_finalise import english_only
from tests.test_signoff import JOINT

FIX = "nothing was written through it: replace the link with a folder"
OTHER_OUT = ", or give --out the folder to write into"
AGAIN = " and run the same command again"


def _snapshot(folder: Path) -> tuple[list[Path], dict[str, bytes]]:
    return sorted(folder.rglob("*")), files_under(folder)


def _users_folder(tmp_path: Path) -> Path:
    """A folder of the user's outside the workspace, with a file of theirs in it."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "notes.txt").write_text("the user's own notes\n", encoding="utf-8")
    return elsewhere


def _link(link: Path, target: Path, relative: bool) -> None:
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(os.path.relpath(target, link.parent) if relative else target)


# command, the folder linked out (relative to the workspace), the folder it cannot write into,
# and the fix besides a folder
LINKED_AT_START = {
    "build-out": (["build", JOINT, "--lang", "en"], "out", "out", OTHER_OUT),
    "build-letter": (["build", JOINT, "--lang", "en"], f"out/{JOINT}", f"out/{JOINT}", AGAIN),
    "build-out-given": (["build", JOINT, "--out", "{ws}/out"], "out", "out", OTHER_OUT),
    "packet-out": (["review", "packet", "bilcik"], "out", "out/review/bilcik", OTHER_OUT),
    "packet-review": (["review", "packet", "bilcik"], "out/review", "out/review/bilcik", OTHER_OUT),
    "request-out": (
        ["review", "request", "bilcik", "--no-pdf"],
        "out",
        "out/review/requests",
        OTHER_OUT,
    ),
    "finalise-final": (["finalise", JOINT], "final", f"final/{JOINT}", ""),
    "finalise-letter": (["finalise", JOINT], f"final/{JOINT}", f"final/{JOINT}", ""),
}


@pytest.mark.parametrize("relative", [False, True], ids=["absolute", "dot-dot"])
@pytest.mark.parametrize(
    ("command", "linked", "into", "fix"), LINKED_AT_START.values(), ids=LINKED_AT_START.keys()
)
def test_an_output_folder_linked_out_of_the_workspace_is_refused(
    tmp_path: Path,
    approved: Path,
    runner: CliRunner,
    command: list[str],
    linked: str,
    into: str,
    fix: str,
    relative: bool,
) -> None:
    sample = approved
    elsewhere = _users_folder(tmp_path)
    _link(sample / linked, elsewhere, relative)
    before = _snapshot(tmp_path)
    named = "it" if linked == into else str(sample / linked)
    output = fails(runner, sample, *[part.format(ws=sample) for part in command])
    assert output == (
        f"Error: cannot write into {sample / into}: {named} is a symbolic link to {elsewhere},"
        f" outside the workspace; {FIX}{fix}\n"
    )
    assert _snapshot(tmp_path) == before


def test_a_folder_given_with_out_may_be_anywhere(
    tmp_path: Path, sample: Path, runner: CliRunner
) -> None:
    """The user named it: outside the workspace, or reached through a link of their own."""
    mine = tmp_path / "drafts"
    mine.mkdir()
    (tmp_path / "shortcut").symlink_to(mine)
    cli(runner, sample, "build", JOINT, "--lang", "en", "--out", str(tmp_path / "shortcut"))
    assert (mine / JOINT / f"{JOINT}.en.docx").is_file()
    assert not (sample / "out").exists()


def test_a_letters_folder_in_a_given_out_stays_in_it(
    tmp_path: Path, sample: Path, runner: CliRunner
) -> None:
    """A folder named with --out is the user's; a letter's folder in it linked elsewhere is
    not, so nothing goes through it either."""
    mine, elsewhere = tmp_path / "drafts", tmp_path / "elsewhere"
    elsewhere.mkdir()
    _link(mine / JOINT, elsewhere, relative=False)
    before = _snapshot(tmp_path)
    output = fails(runner, sample, "build", JOINT, "--lang", "en", "--out", str(mine))
    assert output == (
        f"Error: cannot write into {mine / JOINT}: it is a symbolic link to {elsewhere},"
        f" outside {mine}; {FIX}{AGAIN}\n"
    )
    assert _snapshot(tmp_path) == before


# command, the function called once the files are made and before they are published, the
# folder replaced by a link then (relative to the workspace), and the folder named
SWAPPED = {
    "build-out": (["build", JOINT], "letters.publish.batch.write_batch_manifest", "out", "out"),
    "build-letter": (
        ["build", JOINT],
        "letters.publish.batch.write_batch_manifest",
        f"out/{JOINT}",
        f"out/{JOINT}",
    ),
    "finalise-final": (
        ["finalise", JOINT],
        "letters.publish.batch.write_batch_manifest",
        "final",
        f"final/{JOINT}",
    ),
    "finalise-letter": (
        ["finalise", JOINT],
        "letters.publish.batch.write_batch_manifest",
        f"final/{JOINT}",
        f"final/{JOINT}",
    ),
    "packet-review": (
        ["review", "packet", "bilcik"],
        "letters.publish.manifest.write_manifest",
        "out/review",
        "out/review/bilcik",
    ),
}


@pytest.mark.parametrize(
    ("command", "hook", "swapped", "into"), SWAPPED.values(), ids=SWAPPED.keys()
)
def test_a_link_made_before_publishing_is_not_written_through(
    tmp_path: Path,
    approved: Path,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    hook: str,
    swapped: str,
    into: str,
) -> None:
    """Someone moves the output folder, or a letter's, out of the workspace while the letters
    are made, and links it from where it was: they are not moved there, and nothing there
    changes (the staged files are there too: without the check, publishing would succeed)."""
    sample = approved
    cli(runner, sample, "build", JOINT)  # out/<letter> exists, as after any earlier build
    (sample / "final" / JOINT).mkdir(parents=True)
    (sample / "out" / "review").mkdir()
    elsewhere = _users_folder(tmp_path)
    module, name = hook.rsplit(".", 1)
    original: Callable[..., Any] = getattr(__import__(module, fromlist=[name]), name)

    moved = elsewhere / "moved"
    before: list[Any] = []

    def then_link(*args: Any, **kwargs: Any) -> Any:
        made = original(*args, **kwargs)
        folder = sample / swapped
        shutil.move(folder, moved)  # the staged files go with it
        folder.symlink_to(moved)
        before.append(_snapshot(elsewhere))
        return made

    monkeypatch.setattr(hook, then_link)
    named = "it" if swapped == into else str(sample / swapped)
    assert fails(runner, sample, *command) == (
        f"Error: cannot write into {sample / into}: {named} is a symbolic link to {moved},"
        f" outside the workspace; {FIX}{AGAIN}\n"
    )
    assert [_snapshot(elsewhere)] == before


# where the lock file links (relative to the test's folder), and what the lock guards
LOCKS = {
    "a-file": ("bashrc", "workspace"),
    "nothing": ("no-such-file", "workspace"),
    "a-folder": ("elsewhere", "workspace"),
    "output-folder": ("bashrc", "output"),
}


@pytest.mark.parametrize(("leads_to", "guards"), LOCKS.values(), ids=LOCKS.keys())
def test_a_lock_file_linked_out_is_neither_read_nor_written(
    tmp_path: Path, sample: Path, runner: CliRunner, leads_to: str, guards: str
) -> None:
    (tmp_path / "bashrc").write_text('{"pid": 1, "host": "elsewhere"}\n', encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    mine = tmp_path / "drafts"
    mine.mkdir()
    folder = sample if guards == "workspace" else mine
    lock = folder / ".letters.files.lock"
    lock.symlink_to(tmp_path / leads_to)
    before = _snapshot(tmp_path)
    output = fails(runner, sample, "build", JOINT, "--lang", "en", "--out", str(mine))
    what = "this workspace" if guards == "workspace" else "this output folder"
    assert output == (
        f"Error: {lock} is a symbolic link to {tmp_path / leads_to}, outside {what}; nothing is"
        " read or written through it: delete the link (letters makes its lock file itself)\n"
    )
    assert _snapshot(tmp_path) == before


def test_a_staging_folder_linked_out_is_neither_cleared_nor_written(
    tmp_path: Path, sample: Path, runner: CliRunner
) -> None:
    """A staging folder is named after the inputs, so a workspace can hold one already,
    linked to a folder of the user's: its unfinished files would be removed, new ones made."""
    from letters import Workspace
    from letters.publish.batch import Destination, Options, staging_name

    data = Workspace(sample).data
    jobs = Workspace(sample).plan([JOINT], ["en"]).jobs
    name = staging_name(data, jobs, Options(), Destination("draft", sample / "out"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "draft.tmp").write_text("the user's own draft\n", encoding="utf-8")
    (elsewhere / f"{JOINT}.en.docx").write_bytes(b"not a whole letter")
    _link(sample / "out" / name, elsewhere, relative=False)
    before = _snapshot(tmp_path)
    assert fails(runner, sample, "build", JOINT, "--lang", "en") == (
        f"Error: cannot write into {sample / 'out' / name}: it is a symbolic link to"
        f" {elsewhere}, outside the workspace; {FIX}{AGAIN}\n"
    )
    assert _snapshot(tmp_path) == before


def test_a_link_out_before_dot_dot_in_a_given_out_is_refused(
    tmp_path: Path, sample: Path, runner: CliRunner
) -> None:
    """``--out ws/notes/../out`` reads as the workspace's out/, but the system goes up from
    where ``notes`` leads: a link out of the workspace on the way is refused there too."""
    elsewhere = tmp_path / "elsewhere" / "notes"
    elsewhere.mkdir(parents=True)
    _link(sample / "notes", elsewhere, relative=False)
    before = _snapshot(tmp_path)
    given = f"{sample}/notes/../out"
    assert fails(runner, sample, "build", JOINT, "--lang", "en", "--out", given) == (
        f"Error: cannot write into {given}: {sample / 'notes'} is a symbolic link to"
        f" {elsewhere}, outside the workspace; {FIX}{OTHER_OUT}\n"
    )
    assert _snapshot(tmp_path) == before


# command, with {alias} the workspace reached through a link of the user's; the folder linked
# out (relative to the workspace), and the folder named
THROUGH_ALIAS = {
    "build": (["build", JOINT, "--lang", "en", "--out", "{alias}/out"], "out", "out"),
    "packet": (
        ["review", "packet", "bilcik", "--out", "{alias}/out/mine"],
        "out",
        "out/mine",
    ),
}


@pytest.mark.parametrize(
    ("command", "linked", "into"), THROUGH_ALIAS.values(), ids=THROUGH_ALIAS.keys()
)
def test_an_output_folder_named_through_a_link_to_the_workspace_is_checked(
    tmp_path: Path,
    sample: Path,
    runner: CliRunner,
    command: list[str],
    linked: str,
    into: str,
) -> None:
    """``--out`` names the workspace's own out/ by another path to it (a shell's $PWD in a
    folder reached through a link, ~/letters linked to where the workspace is): out/ is
    still the workspace's, and its link out of the workspace is refused as it is when named
    by the workspace's real path."""
    english_only(sample)
    alias = tmp_path / "alias"
    alias.symlink_to(sample)
    elsewhere = _users_folder(tmp_path)
    _link(sample / linked, elsewhere, relative=False)
    before = _snapshot(tmp_path)
    named = "it" if linked == into else str(alias / linked)
    output = fails(runner, sample, *[part.format(alias=alias) for part in command])
    assert output == (
        f"Error: cannot write into {alias / into}: {named} is a symbolic link to {elsewhere},"
        f" outside the workspace; {FIX}{OTHER_OUT}\n"
    )
    assert _snapshot(tmp_path) == before


# whose staging folder holds the record, and whether the link is the staging folder itself
RECORDS = {
    "this-batch": ("this", False),
    "another-batch": ("another", False),
    "another-batch-linked": ("another", True),
}


@pytest.mark.parametrize(("whose", "staging_linked"), RECORDS.values(), ids=RECORDS.keys())
def test_a_process_record_folder_linked_out_is_not_emptied(
    tmp_path: Path, sample: Path, runner: CliRunner, whose: str, staging_linked: bool
) -> None:
    """A staging folder's record of LibreOffice processes (``.soffice-processes``) is
    emptied before a batch starts; a workspace from elsewhere may hold one linked to a
    folder of the user's (or a staging folder linked to one that has such a record), whose
    files would all be removed through it."""
    from letters import Workspace
    from letters.publish.batch import STAGING_PREFIX, Destination, Options, staging_name
    from letters.publish.processes import RECORD

    data = Workspace(sample).data
    jobs = Workspace(sample).plan([JOINT], ["en"]).jobs
    mine = staging_name(data, jobs, Options(), Destination("draft", sample / "out"))
    name = mine if whose == "this" else STAGING_PREFIX + "0" * 20
    elsewhere = tmp_path / "elsewhere"
    records = elsewhere / RECORD if staging_linked else elsewhere
    records.mkdir(parents=True)
    (records / "notes.txt").write_text("the user's own notes\n", encoding="utf-8")
    (records / "1234.json").write_text("{}\n", encoding="utf-8")
    if staging_linked:
        _link(sample / "out" / name, elsewhere, relative=True)
    else:
        _link(sample / "out" / name / RECORD, elsewhere, relative=True)
    before = _snapshot(elsewhere)
    cli(runner, sample, "build", JOINT, "--lang", "en")
    assert _snapshot(elsewhere) == before
    assert (sample / "out" / JOINT / f"{JOINT}.en.docx").is_file()


def test_a_staged_file_linked_out_is_made_again_not_published(
    tmp_path: Path, sample: Path, runner: CliRunner
) -> None:
    """A rerun keeps the files a killed run staged; one the workspace came with as a link to
    a file of the user's (a private .docx, a passport scan as .pdf) would be published as
    the letter, or attached to its e-mail, read through the link."""
    import zipfile

    from letters import Workspace
    from letters.publish.batch import Destination, Options, staging_name

    data = Workspace(sample).data
    jobs = Workspace(sample).plan([JOINT], ["en"]).jobs
    name = staging_name(data, jobs, Options(), Destination("draft", sample / "out"))
    private = tmp_path / "elsewhere" / "private.docx"
    private.parent.mkdir()
    with zipfile.ZipFile(private, "w") as archive:
        archive.writestr("word/document.xml", "the user's own words")
    _link(sample / "out" / name / f"{JOINT}.en.docx", private, relative=True)
    before = _snapshot(private.parent)
    cli(runner, sample, "build", JOINT, "--lang", "en")
    made = sample / "out" / JOINT / f"{JOINT}.en.docx"
    assert not made.is_symlink()
    assert made.read_bytes() != private.read_bytes()
    assert _snapshot(private.parent) == before
