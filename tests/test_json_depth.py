"""JSON nested a hundred thousand deep (``[[[[…]]]]``) where letters reads JSON — an EP list
to import, an output folder's manifest, a ledger entry, the lock file, a kept version — is
damage named like any other, never Python's RecursionError reported as a bug in letters."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters import Workspace
from letters.cli import main
from tests.test_finalise import english_only
from tests.test_review_replies import change_the_letter
from tests.test_signoff import JOINT, VIA

DEEP = "[" * 100_000 + "]" * 100_000


def imported(ws: Path, tmp: Path) -> list[str]:
    (tmp / "meps.json").write_text('{"data": ' + DEEP + "}", encoding="utf-8")
    return ["recipients", "import", str(tmp / "meps.json"), "--format", "ep-json"]


def a_manifest(ws: Path, tmp: Path) -> list[str]:
    (ws / "out").mkdir()
    (ws / "out" / "manifest.json").write_text(DEEP, encoding="utf-8")
    return ["build", JOINT, "--quiet"]


def a_ledger_entry(ws: Path, tmp: Path) -> list[str]:
    Workspace(ws).approve(
        JOINT, "en", "bilcik", via=VIA, version=Workspace(ws).version(JOINT, "en").short
    )
    with (ws / "signoff" / "ledger.jsonl").open("a", encoding="utf-8") as ledger:
        ledger.write(DEEP + "\n")
    return ["review", "status"]


def the_lock(ws: Path, tmp: Path) -> list[str]:
    (ws / ".letters.files.lock").write_text(DEEP, encoding="utf-8")
    return ["build", JOINT, "--quiet"]


def a_kept_version(ws: Path, tmp: Path) -> list[str]:
    english_only(ws)
    Workspace(ws).approve(
        JOINT, "en", "bilcik", via=VIA, version=Workspace(ws).version(JOINT, "en").short
    )
    [kept] = (ws / "signoff" / "versions").glob("*.json")
    kept.write_text(DEEP, encoding="utf-8")
    change_the_letter(ws)
    return ["review", "packet", "bilcik"]


CASES: dict[str, tuple[Callable[[Path, Path], list[str]], str]] = {
    "import": (
        imported,
        "meps.json: not the EP's JSON: lists or objects nested too deeply to be read",
    ),
    "manifest": (
        a_manifest,
        "refusing to write draft files into {ws}/out: its manifest.json cannot be read as the"
        " manifest of letters, so what this would replace or prune there is not known; choose"
        " another output folder",
    ),
    "ledger": (a_ledger_entry, "signoff/ledger.jsonl: entry 2 is damaged; the ledger was edited"),
    "lock": (
        the_lock,
        "another letters command is writing this workspace: a command that left no details"
        " (the lock file is empty or damaged). Wait for it to finish; if it is no longer"
        " running, delete {ws}/.letters.files.lock.",
    ),
    "kept-version": (a_kept_version, "signoff/versions/{kept} is damaged"),
}


@pytest.mark.parametrize("case", CASES)
def test_json_nested_too_deeply_is_named_as_damaged(
    sample: Path, runner: CliRunner, tmp_path: Path, case: str
) -> None:
    prepare, said = CASES[case]
    args = prepare(sample, tmp_path)
    kept = [p.name for p in (sample / "signoff" / "versions").glob("*.json")]
    result = runner.invoke(main, [*args, "-w", str(sample)])
    message = said.format(ws=sample, kept=kept[0] if kept else "")
    assert (result.exit_code, result.output) == (1, f"Error: {message}\n")
