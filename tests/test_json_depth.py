"""JSON nested a hundred thousand deep (``[[[[…]]]]``), or a number of thousands of digits,
where letters reads JSON — an EP list to import, an output folder's manifest, a ledger entry,
the lock file, a kept version — is damage named like any other, never Python's RecursionError
or its int() limit's ValueError reported as a bug in letters."""

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
# more digits than Python's int() reads (4,300): json.loads raised a bare ValueError
LONG_NUMBER = "9" * 5000
DAMAGE = {
    "nested-too-deep": (DEEP, "lists or objects nested too deeply to be read"),
    "number-too-long": (
        LONG_NUMBER,
        "a number of 5,000 digits, more than the 4,300 a JSON file is read with (JSON limit)",
    ),
}


def imported(ws: Path, tmp: Path, damage: str) -> list[str]:
    (tmp / "meps.json").write_text('{"data": ' + damage + "}", encoding="utf-8")
    return ["recipients", "import", str(tmp / "meps.json"), "--format", "ep-json"]


def a_manifest(ws: Path, tmp: Path, damage: str) -> list[str]:
    (ws / "out").mkdir()
    (ws / "out" / "manifest.json").write_text(damage, encoding="utf-8")
    return ["build", JOINT, "--quiet"]


def a_ledger_entry(ws: Path, tmp: Path, damage: str) -> list[str]:
    Workspace(ws).approve(
        JOINT, "en", "bilcik", via=VIA, version=Workspace(ws).version(JOINT, "en").short
    )
    with (ws / "signoff" / "ledger.jsonl").open("a", encoding="utf-8") as ledger:
        ledger.write(damage + "\n")
    return ["review", "status"]


def the_lock(ws: Path, tmp: Path, damage: str) -> list[str]:
    (ws / ".letters.files.lock").write_text(damage, encoding="utf-8")
    return ["build", JOINT, "--quiet"]


def a_kept_version(ws: Path, tmp: Path, damage: str) -> list[str]:
    english_only(ws)
    Workspace(ws).approve(
        JOINT, "en", "bilcik", via=VIA, version=Workspace(ws).version(JOINT, "en").short
    )
    [kept] = (ws / "signoff" / "versions").glob("*.json")
    kept.write_text(damage, encoding="utf-8")
    change_the_letter(ws)
    return ["review", "packet", "bilcik"]


CASES: dict[str, tuple[Callable[[Path, Path, str], list[str]], str]] = {
    "import": (
        imported,
        "meps.json: not the EP's JSON: {damage}",
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
        " (the lock file is empty or damaged). Wait for it to finish; the lock does not say"
        " which process holds it, so if no letters command is running, delete"
        " {ws}/.letters.files.lock.",
    ),
    "kept-version": (a_kept_version, "signoff/versions/{kept} is damaged"),
}


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("case", CASES)
def test_json_too_deep_or_with_too_long_a_number_is_named_as_damaged(
    sample: Path, runner: CliRunner, tmp_path: Path, case: str, damage: str
) -> None:
    text, what = DAMAGE[damage]
    prepare, said = CASES[case]
    args = prepare(sample, tmp_path, text)
    kept = [p.name for p in (sample / "signoff" / "versions").glob("*.json")]
    result = runner.invoke(main, [*args, "-w", str(sample)])
    message = said.format(ws=sample, kept=kept[0] if kept else "", damage=what)
    assert (result.exit_code, result.output) == (1, f"Error: {message}\n")


def test_a_key_twice_deeper_than_pythons_own_scanner_reaches_is_named_with_its_line(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """JSON's C parser reads 900 lists deep; the pure-Python one that went back for the
    repeated key's line ran out of stack there, and the file was called nested too deeply."""
    deep = "[" * 900 + '{"hasEmail": "a",\n"hasEmail": "b"}' + "]" * 900
    args = imported(sample, tmp_path, deep)
    result = runner.invoke(main, [*args, "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        "Error: meps.json:2: not the EP's JSON: the key 'hasEmail' a second time in one"
        " object (first on line 1); delete one of them\n",
    )
