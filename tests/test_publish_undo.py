"""Undoing a killed build's half-done publish touches only what that build itself moved:
never another letter's files that its manifest merely lists, never the earlier files an
earlier, finished publish kept."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from tests.conftest import REPO, copy_workspace, files_under, killed_at
from tests.test_publish_killed import _no_gender, _rename_her

JOINT = "may-2020-joint"


def _others(files: dict[str, bytes]) -> dict[str, bytes]:
    """The files of ``files`` that are other letters' than the joint one (manifests and
    hidden files aside), wherever they are: a kept folder holding one counts."""
    return {
        name: data
        for name, data in files.items()
        if not Path(name).name.startswith((f"{JOINT}.", "manifest.", "."))
    }


@pytest.mark.parametrize("fails", [False, True], ids=["rerun-succeeds", "rerun-fails"])
@pytest.mark.parametrize(
    ("pattern", "times"),
    [
        pytest.param("may-2020-joint.uk.docx", 4, id="mid-way"),
        pytest.param("manifest.csv", 4, id="all-letters-moved"),
        pytest.param("manifest.json", 4, id="all-moved"),
    ],
)
def test_a_killed_build_of_one_letter_leaves_the_other_letters_in_out(
    tmp_path: Path, runner: CliRunner, pattern: str, times: int, fails: bool
) -> None:
    """out/ holds every letter; a build of one of them, killed while it put its files in
    place, then the same build again: the other letters' files stay, byte for byte."""
    whole = copy_workspace(REPO, tmp_path / "whole")
    assert runner.invoke(main, ["build", "-w", str(whole)]).exit_code == 0
    _rename_her(whole)
    assert runner.invoke(main, ["build", JOINT, "-w", str(whole)]).exit_code == 0
    expected = files_under(whole / "out")
    cut = copy_workspace(REPO, tmp_path / "cut")
    assert runner.invoke(main, ["build", "-w", str(cut)]).exit_code == 0
    out = cut / "out"
    before = files_under(out)
    assert len(_others(before)) == 7
    _rename_her(cut)
    killed_at(pattern, times, "build", JOINT, "-w", str(cut), "--quiet")
    if fails:
        _no_gender(cut)

    result = runner.invoke(main, ["build", JOINT, "-w", str(cut)])
    assert result.exit_code == (1 if fails else 0), result.output
    now = files_under(out)
    assert _others(now) == _others(before)
    if not fails:
        assert now == expected
        return
    hidden = [path for path in out.iterdir() if path.name.startswith((".", "letters-"))]
    for folder in hidden:  # none of them holds another letter's file
        assert not _others(files_under(folder)), folder
    # and a build of another letter after it loses none of them either
    case = cut / "cases" / "akhmetova" / "case.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("gender: 7", "gender: female"))
    result = runner.invoke(main, ["build", "kazakhstan-2020", "-w", str(cut)])
    assert result.exit_code == 0, result.output
    assert _others(files_under(out)) == _others(before)


@pytest.mark.parametrize(
    ("pattern", "times"),
    [
        pytest.param(".letters-earlier-files.*", 1, id="before-any-move"),
        pytest.param("may-2020-joint.uk.docx", 4, id="mid-way"),
    ],
)
def test_the_earlier_files_a_finished_publish_kept_are_not_put_back(
    tmp_path: Path, runner: CliRunner, pattern: str, times: int
) -> None:
    """A build killed once every file was in place, before it removed the earlier files it
    had kept; then a build of one letter killed as it began to put its files in place; then
    a build of another letter: the draft of a recipient taken out stays gone, no newer file
    is replaced by an earlier one, and no false warning is given."""
    cut = copy_workspace(REPO, tmp_path / "cut")
    assert runner.invoke(main, ["build", "-w", str(cut)]).exit_code == 0
    letters = cut / "cases" / "akhmetova" / "letters.yaml"
    text = letters.read_text(encoding="utf-8")
    assert "recipients: [sokoliuk, naumenko]" in text
    letters.write_text(text.replace("recipients: [sokoliuk, naumenko]", "recipients: [sokoliuk]"))
    _rename_her(cut)
    killed_at("manifest.json", 4, "build", "-w", str(cut), "--quiet")
    out = cut / "out"
    naumenko = out / "may-2020-migration" / "may-2020-migration.naumenko.uk.docx"
    assert not naumenko.exists() and list(out.glob(".letters-earlier-files.*"))
    published = {name: data for name, data in files_under(out).items() if name[0] != "."}
    killed_at(pattern, times, "build", JOINT, "-w", str(cut), "--quiet")

    result = runner.invoke(main, ["build", "may-2020-oversight", "-w", str(cut)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Built 2 letters"), result.output
    assert not naumenko.exists()
    now = files_under(out)
    assert _others(now) == _others(published)
    assert {n: d for n, d in now.items() if n.startswith(f"{JOINT}/")} == {
        n: d for n, d in published.items() if n.startswith(f"{JOINT}/")
    }  # the killed build of it undone: as the finished one left it
    assert not [name for name in now if name.startswith((".", "letters-"))]


def test_a_manifest_csv_changed_since_the_kill_is_not_taken_back(
    tmp_path: Path, runner: CliRunner
) -> None:
    """The killed build had moved manifest.csv too; edited since, it is no longer the one
    staged: it stays in out/, and the earlier one it replaced stays kept, named."""
    cut = copy_workspace(REPO, tmp_path / "cut")
    assert runner.invoke(main, ["build", "-w", str(cut)]).exit_code == 0
    out = cut / "out"
    before = files_under(out)
    _rename_her(cut)
    killed_at("manifest.csv", 4, "build", JOINT, "-w", str(cut), "--quiet")
    edited = b"letter,file\r\nedited by hand since\r\n"
    assert (out / "manifest.csv").read_bytes() != before["manifest.csv"]  # the new one moved
    (out / "manifest.csv").write_bytes(edited)
    _no_gender(cut)

    result = runner.invoke(main, ["build", JOINT, "-w", str(cut)])
    assert result.exit_code == 1, result.output
    assert (out / "manifest.csv").read_bytes() == edited
    (kept,) = out.glob("letters-earlier-files.*")
    assert files_under(kept) == {"manifest.csv": before["manifest.csv"]}
    assert result.output.startswith(
        f"warning: a build killed while it put its files in place had replaced files of {out}"
        f" that were changed since; the earlier ones are kept in {kept}"
    ), result.output


def _letter_folder(out: Path) -> Path:
    return out / JOINT


def _staging_folder(out: Path) -> Path:
    (staging,) = out.glob(".letters-batch-*")
    return staging


def _kept_folder(out: Path) -> Path:
    (kept,) = out.glob(".letters-earlier-files.*")
    return kept


@pytest.mark.parametrize(
    ("linked", "shown"),
    [
        # the earlier files cannot go back through it: they stay kept, the folder named
        pytest.param(_letter_folder, True, id="letter-folder"),
        pytest.param(_staging_folder, False, id="staging-folder"),
        # the earlier files are not where the killed run kept them: the new ones stay
        pytest.param(_kept_folder, False, id="kept-folder"),
    ],
)
def test_a_folder_become_a_link_since_the_kill_is_not_undone_through(
    tmp_path: Path, runner: CliRunner, linked: Callable[[Path], Path], shown: bool
) -> None:
    """A build killed mid-way through putting its files in place; since, a folder it moved
    files into, its staging folder or the folder it kept the earlier files in has become a
    link to a folder outside the workspace (moved there, a link left in its place). The
    undo moves nothing into or out of that folder, and leaves no path of out/ without a
    file: the rerun fails (an input now bad), and every file is where it was before it."""
    cut = copy_workspace(REPO, tmp_path / "cut")
    assert runner.invoke(main, ["build", "-w", str(cut)]).exit_code == 0
    out = cut / "out"
    _rename_her(cut)
    killed_at("may-2020-joint.uk.docx", 4, "build", JOINT, "-w", str(cut), "--quiet")
    earlier = files_under(_kept_folder(out))
    folder = linked(out)
    elsewhere = tmp_path / "elsewhere"
    shutil.move(folder, elsewhere)
    folder.symlink_to(elsewhere, target_is_directory=True)
    outside = files_under(elsewhere)
    before = {name: data for name, data in files_under(out).items() if name[0] != "."}
    _no_gender(cut)

    result = runner.invoke(main, ["build", JOINT, "-w", str(cut)])
    assert result.exit_code == 1, result.output
    assert files_under(elsewhere) == outside
    assert folder.is_symlink()
    now = {name: data for name, data in files_under(out).items() if name[0] != "."}
    if not shown:
        assert now == before
        assert result.output.startswith("Error: 1 problem in the workspace:"), result.output
        return
    (kept,) = out.glob("letters-earlier-files.*")
    assert files_under(kept) == earlier
    assert now == {**before, **{f"{kept.name}/{name}": data for name, data in earlier.items()}}
    assert result.output.startswith(  # not "changed since": its files are as moved
        f"warning: a build killed while it put its files in place had replaced files in"
        f" {folder}, a symbolic link now (nothing is put back through a link); the earlier"
        f" ones are kept in {kept}, each at its path in {out}: copy back those you want,"
        " then delete that folder\nError: 1 problem"
    ), result.output


def test_files_kept_for_a_link_and_for_an_edit_are_told_apart(
    tmp_path: Path, runner: CliRunner
) -> None:
    """Killed once every letter and manifest.csv were moved: since, the letter folder has
    become a link and manifest.csv was edited. The warning says which is which."""
    cut = copy_workspace(REPO, tmp_path / "cut")
    assert runner.invoke(main, ["build", "-w", str(cut)]).exit_code == 0
    out = cut / "out"
    _rename_her(cut)
    killed_at("manifest.csv", 4, "build", JOINT, "-w", str(cut), "--quiet")
    folder = out / JOINT
    shutil.move(folder, tmp_path / "elsewhere")
    folder.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (out / "manifest.csv").write_bytes(b"letter,file\r\nedited by hand since\r\n")
    _no_gender(cut)

    result = runner.invoke(main, ["build", JOINT, "-w", str(cut)])
    assert result.exit_code == 1, result.output
    (kept,) = out.glob("letters-earlier-files.*")
    assert result.output.startswith(
        f"warning: a build killed while it put its files in place had replaced files in"
        f" {folder}, a symbolic link now (nothing is put back through a link), and files of"
        f" {out} that were changed since; the earlier ones are kept in {kept}, each at its"
        f" path in {out}: copy back those you want, then delete that folder\nError: 1 problem"
    ), result.output
