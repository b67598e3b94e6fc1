"""Ctrl-C while letters is still starting (its modules importing, a second or two on a slow
disk) ends it as a later Ctrl-C does: the usual message, status 130, no traceback.

The window is widened, not faked: a ``sitecustomize`` put on the command's PYTHONPATH makes
the import of one module of the command's own wait, and says so in a file; the test sends
SIGINT once that file is there, so no timing decides the outcome.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from letters.entry import INTERRUPTED

# waits at the import of $SLOW_IMPORT, after writing $SLOW_IMPORT_MARK
_SITECUSTOMIZE = """
import os, sys, time

class _Slow:
    def find_spec(self, name, path=None, target=None):
        if name == os.environ["SLOW_IMPORT"]:
            with open(os.environ["SLOW_IMPORT_MARK"], "w") as mark:
                mark.write(name)
            time.sleep(120)
        return None

sys.meta_path.insert(0, _Slow())
"""

# modules a command imports: its command line, the library, the last group of commands, and
# one imported once the command runs (before the fix, by ``import letters`` at the start)
SLOW = ["click", "letters.publish.batch", "letters.cli.signoff", "letters.workspace"]
LAUNCHES = {
    "console script": [str(Path(sys.executable).parent / "letters")],
    "python -m letters": [sys.executable, "-m", "letters"],
}


def _as_from_a_terminal() -> None:
    # a terminal's command gets Ctrl-C, though the tests may run where it is ignored
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for(path: Path, command: subprocess.Popen[bytes]) -> None:
    """Until ``path`` exists; fails if the command ends first (it never reached the import)."""
    while not path.exists():
        try:
            command.wait(0.05)
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f"the command ended before the import waited: {command.stderr!r}")


@pytest.mark.parametrize("launch", LAUNCHES, ids=list(LAUNCHES))
@pytest.mark.parametrize("slow", SLOW)
def test_ctrl_c_while_letters_imports_exits_130_without_a_traceback(
    launch: str, slow: str, tmp_path: Path
) -> None:
    if launch == "console script":  # an install made before the entry point moved runs the old
        script = Path(LAUNCHES[launch][0]).read_text(encoding="utf-8")
        assert "letters.entry" in script, "reinstall letters (pip install -e .) for its script"
    (tmp_path / "sitecustomize.py").write_text(_SITECUSTOMIZE, encoding="utf-8")
    mark = tmp_path / "importing"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
        "SLOW_IMPORT": slow,
        "SLOW_IMPORT_MARK": str(mark),
    }
    command = subprocess.Popen(
        [*LAUNCHES[launch], "check", "-w", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        preexec_fn=_as_from_a_terminal,
    )
    try:
        _wait_for(mark, command)
        command.send_signal(signal.SIGINT)
        out, err = command.communicate(timeout=60)
    finally:
        command.kill()
    assert mark.read_text(encoding="utf-8") == slow
    assert b"Traceback" not in err
    assert err.decode() == INTERRUPTED + "\n"
    assert out == b""
    assert command.returncode == 130
