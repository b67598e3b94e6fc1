"""The README tells the truth: its commands are the ones CI runs, every command has help."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from letters import __version__
from letters.cli import main
from tests.conftest import REPO


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", quick)


def test_readme_has_two_commands_build_then_test() -> None:
    build, test = readme_commands()
    assert build.endswith("pip install -e . && letters build --pdf")
    assert test.endswith("pip install -e '.[test]' && pytest")


def test_ci_runs_the_readme_test_command() -> None:
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert readme_commands()[1] in ci_lines


def test_every_readme_command_exists() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| `letters (\w+)", text, flags=re.M)
    assert sorted(set(table) - {"-"}) == sorted(main.commands)


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert main.commands[command].help
    assert "Usage: main" in result.output or "Usage: letters" in result.output


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.output == f"letters, version {__version__}\n"
