"""The benchmark the README documents runs (a small campaign; no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO, needs_libreoffice


@needs_libreoffice
def test_the_benchmark_prints_every_figure() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--meps", "3", "--naive-letters", "3", "--naive-pdfs", "2"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "campaign: 3 MEPs x 3 languages = 9 letters; " + lines[0].split("; ")[1]
    for start in (
        "Word   naive docxtpl loop",
        "Word   letters, 1 core",
        "PDF    one soffice per file",
        "PDF    files, 100 per call",
        "PDF    letters batch",
        "PDF    CPU a letter:",
        "Campaign (Word, PDF, e-mail drafts):",
        "Peak memory of the campaign:",
        "Print file of 9 letters:",
    ):
        assert any(line.startswith(start) for line in lines), (start, result.stdout)
    assert "x naive" in result.stdout and "x one soffice per file" in result.stdout
