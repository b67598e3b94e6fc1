"""Something no letters command made at the lock file's path — a named pipe (FIFO), whose
opening waits for a writer for ever, a folder, or a link to either — is refused at once,
never opened: the command says what is there and that it is to be removed."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from letters.cli import main

LOCK = ".letters.files.lock"
JOINT = "may-2020-joint"
# A command that hangs is stopped being waited for after this long, and the test fails: it
# says nothing of how fast a command that does not hang is.
GENEROUS = 120.0
pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes: os.mkfifo")


def _fifo(path: Path) -> str:
    os.mkfifo(path)
    return "a named pipe (FIFO)"


def _folder(path: Path) -> str:
    path.mkdir()
    return "a folder"


def _link_to_fifo(path: Path) -> str:
    os.mkfifo(path.with_name("pipe"))
    path.symlink_to("pipe")
    return "a symbolic link to a named pipe (FIFO)"


def _invoke_or_fail(runner: CliRunner, args: list[str], fifos: list[Path]) -> Result:
    """Run ``letters ARGS`` in a thread; if it has not ended after a generous wait, it hangs:
    the named pipes are opened for writing, which lets it go on, and the test fails."""
    found: list[Result] = []
    thread = threading.Thread(target=lambda: found.append(runner.invoke(main, args)))
    thread.daemon = True
    thread.start()
    thread.join(GENEROUS)
    if thread.is_alive():
        for fifo in fifos:
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(GENEROUS)
        pytest.fail(f"letters {' '.join(args)} hangs on what is at the lock file's path")
    return found[0]


@pytest.mark.parametrize(
    "plant",
    [
        pytest.param(_fifo, id="fifo"),
        pytest.param(_folder, id="folder"),
        pytest.param(_link_to_fifo, id="link-to-fifo"),
    ],
)
@pytest.mark.parametrize(
    ("args", "where", "what"),
    [
        pytest.param(["build", JOINT], ".", "this workspace", id="build"),
        pytest.param(["i18n", "compile"], ".", "this workspace", id="i18n-compile"),
        pytest.param(["build", JOINT], "out", "this output folder", id="build-output-folder"),
    ],
)
def test_what_is_no_lock_file_at_its_path_is_refused_at_once(
    sample: Path,
    runner: CliRunner,
    plant: Callable[[Path], str],
    args: list[str],
    where: str,
    what: str,
) -> None:
    folder = sample / where
    folder.mkdir(exist_ok=True)
    lock = folder / LOCK
    kind = plant(lock)
    fifos = [p for p in (lock, folder / "pipe") if os.path.exists(p) and not p.is_dir()]
    result = _invoke_or_fail(runner, [*args, "-w", str(sample)], fifos)
    assert result.exit_code == 1, result.output
    assert result.output == (
        f"Error: {lock} is {kind}, not the lock file of letters; nothing is read from it,"
        f" and no letters command can write {what} while it is there: remove it (letters"
        " makes its lock file itself) and run the command again\n"
    )
    assert os.path.lexists(lock)  # left for the user to remove: letters made none of it
    assert not list(folder.glob(f"{LOCK}.*"))  # nor is its own attempt left beside it


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(f"{LOCK}.stale.99999", id="stale"),
        pytest.param(f"out/{LOCK}.taking.99998", id="taking-in-output-folder"),
        pytest.param(f"{LOCK}.judged.99997", id="judged"),
    ],
)
def test_a_named_pipe_beside_the_lock_file_is_left_alone(
    sample: Path, runner: CliRunner, name: str
) -> None:
    """Under the name of a killed command's attempt at the lock, a named pipe is not what
    letters writes: never opened to wait for a writer, nor removed; the command goes on."""
    pipe = sample / name
    pipe.parent.mkdir(exist_ok=True)
    os.mkfifo(pipe)
    result = _invoke_or_fail(runner, ["build", JOINT, "-w", str(sample), "--quiet"], [pipe])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Built 3 letters in en, uk, ru: 3 .docx"), result.output
    assert os.path.lexists(pipe) and not pipe.is_file()
