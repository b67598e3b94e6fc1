"""A build killed while it moved its files from the staging folder into ``out/``: run again, it
makes only what is missing, and ``out/`` ends as an uninterrupted build would leave it."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.publish.batch import STAGING_PREFIX
from tests.conftest import (
    LIBREOFFICE,
    REPO,
    copy_workspace,
    files_under,
    killed_at,
    require_tool,
)

JOINT_UK = "may-2020-joint/may-2020-joint.uk.docx"


def _rename_her(workspace: Path) -> None:
    """An input every letter shows changed: a build after it replaces every file of out/."""
    case = workspace / "cases" / "akhmetova" / "case.yaml"
    text = case.read_text(encoding="utf-8")
    text = text.replace("en: Zhanara Akhmetova\n", "en: Zhanara Akhmetova-Bota\n", 1)
    text = text.replace("uk: Жанара Ахметова\n", "uk: Жанара Ахметова-Бота\n", 1)
    case.write_text(text.replace("ru: Жанара Ахметова\n", "ru: Жанара Ахметова-Бота\n", 1))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("earlier", "pattern", "times", "moved", "kept"),
    [
        # the second opening after its staging and flushing: the move of the second letter
        pytest.param(False, "may-2020-joint.uk.docx", 3, 2, 12, id="first-build-mid-way"),
        # with an earlier build, a link keeps the file it replaces before the move
        pytest.param(True, "may-2020-joint.uk.docx", 4, 2, 12, id="over-earlier-mid-way"),
        # every letter moved (the one to Kazakhstan does not name her: the same as before),
        # the manifest.csv too; manifest.json still staged: the rerun moves them back into
        # staging (manifest.csv with them) before it puts the earlier files back
        pytest.param(True, "manifest.csv", 4, 9, 12, id="over-earlier-all-letters-moved"),
        # every file moved, the manifest last; the staging folder, empty, not yet removed:
        # the manifest in out/ names the batch
        pytest.param(True, "manifest.json", 4, 9, 10, id="over-earlier-all-moved"),
    ],
)
def test_a_build_killed_while_publishing_makes_only_what_it_had_not_moved(
    tmp_path: Path,
    runner: CliRunner,
    earlier: bool,
    pattern: str,
    times: int,
    moved: int,
    kept: int,
) -> None:
    whole = copy_workspace(REPO, tmp_path / "whole")
    _rename_her(whole)
    assert runner.invoke(main, ["build", "-w", str(whole)]).exit_code == 0
    expected = files_under(whole / "out")
    cut = copy_workspace(REPO, tmp_path / "cut")
    if earlier:
        assert runner.invoke(main, ["build", "-w", str(cut)]).exit_code == 0
    before = files_under(cut / "out")
    _rename_her(cut)

    killed_at(pattern, times, "build", "-w", str(cut), "--quiet")
    out = cut / "out"
    (staging,) = out.glob(f"{STAGING_PREFIX}*")
    now = {name: data for name, data in files_under(out).items() if not name.startswith(".")}
    new = sorted(n for n, data in now.items() if data == expected[n] != before.get(n))
    assert len([name for name in new if name.endswith(".docx")]) == moved
    assert JOINT_UK in new and now != before  # killed with the new letters half in place
    assert (staging / "manifest.json").exists() == (pattern != "manifest.json")

    result = runner.invoke(main, ["build", "-w", str(cut)])
    assert result.exit_code == 0, result.output
    # every letter was made by the killed run: none is made again
    assert result.output.endswith(f"; {kept} kept from an interrupted run.\n"), result.output
    assert files_under(out) == expected
    assert not list(out.glob(".letters-*"))  # no staging folder, no earlier files kept


def test_a_moved_letter_changed_since_is_made_again(tmp_path: Path, runner: CliRunner) -> None:
    cut = copy_workspace(REPO, tmp_path / "cut")
    whole = copy_workspace(REPO, tmp_path / "whole")
    assert runner.invoke(main, ["build", "-w", str(whole)]).exit_code == 0
    expected = files_under(whole / "out")
    killed_at("may-2020-joint.uk.docx", 3, "build", "-w", str(cut), "--quiet")
    moved = cut / "out" / JOINT_UK
    assert _sha(moved.read_bytes()) == _sha(expected[JOINT_UK])
    moved.write_bytes(b"PK\x03\x04 edited by hand since")  # not what the batch staged

    result = runner.invoke(main, ["build", "-w", str(cut)])
    assert result.exit_code == 0, result.output
    # the other letter moved before the kill is kept; this one is made again, and the
    # edited one kept where no later run removes it
    summary, note = result.output.splitlines()
    assert summary.endswith("; 11 kept from an interrupted run."), result.output
    (kept,) = (cut / "out").glob("letters-earlier-files.*")
    assert note == (
        "note: kept 1 earlier file this build replaced that letters had not written as they"
        f" were (edited since, or not made by letters) in out/{kept.name}/, which no later run"
        f" removes: {JOINT_UK}"
    )
    assert (kept / JOINT_UK).read_bytes() == b"PK\x03\x04 edited by hand since"
    shutil.rmtree(kept)
    assert files_under(cut / "out") == expected


def test_pdfs_and_email_drafts_moved_before_the_kill_are_not_made_again(
    tmp_path: Path, runner: CliRunner
) -> None:
    """LibreOffice's PDFs and the e-mail drafts carrying them are taken back as the Word
    letters are: killed once some drafts were moved, only the others are still staged."""
    require_tool("soffice", LIBREOFFICE)
    command = ["build", "may-2020-joint", "--email", "--quiet"]
    whole = copy_workspace(REPO, tmp_path / "whole")
    assert runner.invoke(main, [*command, "-w", str(whole)]).exit_code == 0
    expected = files_under(whole / "out")
    cut = copy_workspace(REPO, tmp_path / "cut")
    killed_at("may-2020-joint.denisova.eml", 3, *command, "-w", str(cut))
    moved = sorted(p.name for p in (cut / "out" / "may-2020-joint").iterdir())
    drafts = [name for name in moved if name.endswith(".eml")]
    assert "may-2020-joint.denisova.eml" in drafts and len(drafts) < 6  # some still staged
    assert len(moved) == 6 + len(drafts)  # the three Word letters and their PDFs too

    result = runner.invoke(main, [*command[:-1], "-w", str(cut)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith("; 14 kept from an interrupted run.\n"), result.output
    assert files_under(cut / "out") == expected


def _no_gender(workspace: Path) -> None:
    """An input now bad, found as the workspace is read."""
    case = workspace / "cases" / "akhmetova" / "case.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("gender: female", "gender: 7"))


def _not_yaml(workspace: Path) -> None:
    """An input now bad, found before anything is read: a letters file cut short."""
    letters = workspace / "cases" / "akhmetova" / "letters.yaml"
    letters.write_text(letters.read_text(encoding="utf-8") + "\n  - [unclosed\n")


@pytest.mark.parametrize("spoil", [_no_gender, _not_yaml], ids=["bad-field", "bad-yaml"])
@pytest.mark.parametrize(
    ("pattern", "kept", "whole"),
    [
        # killed with the new letters half in place: out/ goes back as it was before it
        pytest.param("may-2020-joint.uk.docx", 12, False, id="mid-way"),
        pytest.param("manifest.csv", 12, False, id="all-letters-moved"),
        # every file moved: the killed batch is whole in out/, and stays so
        pytest.param("manifest.json", 10, True, id="all-moved"),
    ],
)
def test_a_rerun_that_fails_leaves_out_as_before_the_killed_build(
    tmp_path: Path,
    runner: CliRunner,
    spoil: Callable[[Path], None],
    pattern: str,
    kept: int,
    whole: bool,
) -> None:
    """An interrupted build leaves every file of out/ as before it or complete: a run after
    it that fails (an input now bad) finds out/ half new, and puts the earlier files back;
    no file is lost, and the killed run's letters wait, staged, for the input fixed."""
    done = copy_workspace(REPO, tmp_path / "whole")
    _rename_her(done)
    assert runner.invoke(main, ["build", "-w", str(done)]).exit_code == 0
    expected = files_under(done / "out")
    cut = copy_workspace(REPO, tmp_path / "cut")
    assert runner.invoke(main, ["build", "-w", str(cut)]).exit_code == 0
    before = files_under(cut / "out")
    _rename_her(cut)
    killed_at(pattern, 4, "build", "-w", str(cut), "--quiet")
    out = cut / "out"
    fixed = {p: p.read_bytes() for p in (cut / "cases" / "akhmetova").iterdir()}
    spoil(cut)

    result = runner.invoke(main, ["build", "-w", str(cut)])
    assert result.exit_code == 1, result.output
    shown = {name: data for name, data in files_under(out).items() if not name.startswith(".")}
    assert shown == (expected if whole else before)
    assert not list(out.glob("letters-earlier-files*"))  # nothing left that needs the user
    if not whole:
        assert not list(out.glob(".letters-earlier-files*"))  # every earlier file in place

    for path, data in fixed.items():
        path.write_bytes(data)
    result = runner.invoke(main, ["build", "-w", str(cut)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(f"; {kept} kept from an interrupted run.\n"), result.output
    assert files_under(out) == expected


def test_an_earlier_file_whose_place_was_taken_since_stays_kept_and_is_named(
    tmp_path: Path, runner: CliRunner
) -> None:
    """A letter the killed run moved into place, edited by hand since: neither it nor the
    earlier file it replaced is lost; the earlier one stays kept, and the build says where."""
    cut = copy_workspace(REPO, tmp_path / "cut")
    assert runner.invoke(main, ["build", "-w", str(cut)]).exit_code == 0
    before = files_under(cut / "out")
    _rename_her(cut)
    killed_at("may-2020-joint.uk.docx", 4, "build", "-w", str(cut), "--quiet")
    out = cut / "out"
    (out / JOINT_UK).write_bytes(b"PK\x03\x04 edited by hand since")
    _no_gender(cut)

    result = runner.invoke(main, ["build", "-w", str(cut)])
    assert result.exit_code == 1, result.output
    (kept,) = out.glob("letters-earlier-files.*")
    assert result.output.startswith(
        f"warning: a build killed while it put its files in place had replaced files of {out}"
        f" that were changed since; the earlier ones are kept in {kept}, each at its path in"
        f" {out}: copy back those you want, then delete that folder\nError: "
    ), result.output
    assert files_under(kept) == {JOINT_UK: before[JOINT_UK]}
    now = {name: data for name, data in files_under(out).items() if not name.startswith(".")}
    kept_name = kept.name
    now = {name: data for name, data in now.items() if not name.startswith(kept_name)}
    assert now == {**before, JOINT_UK: b"PK\x03\x04 edited by hand since"}
