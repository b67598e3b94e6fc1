"""``letters i18n update`` changes every catalog it merged, or none: each is written under a
temporary name before any replaces its file, so a catalog that cannot be written (its folder
may not be written, a link that may not be written through) leaves the ones before it as
they were too, and a rename that fails after others were made undoes them. ``i18n extract``
writes its .pot files the same way."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.errors import LettersError
from letters.files.together import Rewrites
from tests.conftest import files_under
from tests.test_i18n_update_keeps import change_a_case_text, update

LATER = "locales/ru/LC_MESSAGES"  # merged after the Ukrainian catalogs
CASE_PO = f"{LATER}/case-akhmetova.po"


def _no_leftovers(folder: Path) -> list[str]:
    """The hidden temporary files left under ``folder`` (none, once a command is done)."""
    return sorted(p.name for p in folder.rglob(".*.tmp"))


@contextlib.contextmanager
def unwritable(folder: Path) -> Iterator[Path]:
    """``folder`` made one no file can be made in while the block runs: immutable for root
    (whom permissions do not stop), without write permission for anyone else."""
    if os.geteuid() == 0:
        chattr = shutil.which("chattr")
        if chattr is None:
            pytest.skip("chattr is not installed (e2fsprogs)")
        if subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode:
            pytest.skip("this file system cannot make a folder immutable")
        try:
            yield folder
        finally:
            subprocess.run([chattr, "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)


# what the commands say when a folder cannot be written: root is stopped by immutability
NOT_PERMITTED = "Operation not permitted" if os.geteuid() == 0 else "Permission denied"


@pytest.fixture
def unwritable_folder(sample: Path) -> Iterator[Path]:
    """The Russian catalogs' folder, made one no file can be made in."""
    with unwritable(sample / LATER) as folder:
        yield folder


def test_a_later_catalog_that_cannot_be_written_leaves_every_catalog_as_it_was(
    sample: Path, runner: CliRunner, unwritable_folder: Path
) -> None:
    change_a_case_text(sample)  # every case catalog would change, the Ukrainian one first
    before = files_under(sample / "locales")
    result = update(runner, sample)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: cannot write {CASE_PO}: Operation not permitted; no catalog was changed:"
        " fix this and run 'letters i18n update' again\n"
        if os.geteuid() == 0
        else f"Error: cannot write {CASE_PO}: Permission denied; no catalog was changed:"
        " fix this and run 'letters i18n update' again\n"
    )
    assert files_under(sample / "locales") == before
    assert _no_leftovers(sample / "locales") == []


def test_a_later_link_to_no_file_leaves_every_catalog_as_it_was(
    sample: Path, runner: CliRunner
) -> None:
    """The link is refused when its catalog is written: the catalogs before it are not."""
    change_a_case_text(sample)
    path = sample / CASE_PO
    path.unlink()
    path.symlink_to(sample / "missing.po")
    before = files_under(sample / "locales")
    result = update(runner, sample)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path} is a symbolic link to {sample / 'missing.po'}, which does not exist;"
        " point the link at a file in the workspace, or put the file in its place; nothing"
        " was written\n"
    )
    assert files_under(sample / "locales") == before
    assert _no_leftovers(sample / "locales") == []
    assert path.is_symlink() and not (sample / "missing.po").exists()


def test_the_catalogs_are_written_after_the_folder_can_be(
    sample: Path, runner: CliRunner, unwritable_folder: Path
) -> None:
    change_a_case_text(sample)
    assert update(runner, sample).exit_code == 1
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(unwritable_folder)], check=True)
    else:
        unwritable_folder.chmod(0o755)
    result = update(runner, sample)
    assert result.exit_code == 0, result.output
    assert result.output.count("\nupdated ") == 2  # the uk and ru case catalogs
    assert "confirmed that order" in (sample / CASE_PO).read_text(encoding="utf-8")


def test_a_rename_that_fails_undoes_the_renames_made_before_it(tmp_path: Path) -> None:
    """The rare failure after the files were written (a folder put where a file was): the
    file renamed before it is put back, and the file to remove is too."""
    first, second, gone = tmp_path / "a.po", tmp_path / "b.po", tmp_path / "c.po"
    first.write_bytes(b"first, as it was")
    second.write_bytes(b"second, as it was")
    gone.write_bytes(b"third, to be removed")
    first.chmod(0o640)
    with Rewrites(lambda p: p.name, command="letters i18n update") as rewrites:
        rewrites.write(first, b"first, new")
        rewrites.remove(gone)
        rewrites.write(second, b"second, new")
        second.unlink()
        (second / "in-the-way").mkdir(parents=True)  # a rename cannot replace this folder
        with pytest.raises(LettersError) as raised:
            rewrites.commit()
    assert str(raised.value).startswith("cannot write b.po: ")
    assert str(raised.value).endswith(
        "; no file was changed: fix this and run 'letters i18n update' again"
    )
    assert first.read_bytes() == b"first, as it was"
    assert oct(first.stat().st_mode & 0o777) == oct(0o640)
    assert gone.read_bytes() == b"third, to be removed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.po", "b.po", "c.po"]
    assert (second / "in-the-way").is_dir()


def test_rewrites_written_together_keep_each_file_mode(tmp_path: Path) -> None:
    first, second = tmp_path / "a.po", tmp_path / "new" / "b.po"
    first.write_bytes(b"old")
    first.chmod(0o600)
    with Rewrites(lambda p: p.name, command="letters i18n update") as rewrites:
        rewrites.write(first, b"new a")
        rewrites.write(second, b"new b")
        assert first.read_bytes() == b"old" and not second.exists()  # not yet
        rewrites.commit()
    assert (first.read_bytes(), second.read_bytes()) == (b"new a", b"new b")
    assert oct(first.stat().st_mode & 0o777) == oct(0o600)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.po", "b.po", "new"]


def test_extract_writes_no_pot_when_a_later_one_cannot_be_written(
    sample: Path, runner: CliRunner
) -> None:
    """``i18n extract`` too: the templates' .pot, written first, is not made either."""
    (sample / "locales" / "templates.pot").unlink()
    pot = sample / "locales" / "case-akhmetova.pot"
    pot.unlink()
    pot.symlink_to(sample / "missing.pot")
    before = files_under(sample / "locales")
    result = runner.invoke(main, ["i18n", "extract", "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {pot} is a symbolic link to {sample / 'missing.pot'}, which does not exist;"
        " point the link at a file in the workspace, or put the file in its place; nothing"
        " was written\n"
    )
    assert files_under(sample / "locales") == before
    assert _no_leftovers(sample / "locales") == []
