"""Say what happened: --verbose and --debug show what the tool did and asked LibreOffice,
and a bug in the tool is reported as a bug, never as the user's damaged template."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import letters.render.template
from letters.cli import BUG_EXIT, OUTPUT_UNREAD_EXIT, main
from tests.conftest import SAMPLE_ADDRESS

JOINT = "may-2020-joint"
BUG = (
    r"Error: internal error in letters \(this is a bug, not a problem with your files\):"
    r" RuntimeError in letters\.render\.template:\d+ \(_prepare\)\."
)


@pytest.fixture
def buggy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in preparing a template: the code that finishes its parts fails."""

    def finish_part(*_args: object) -> None:
        raise RuntimeError("the tool tripped over itself")

    monkeypatch.setattr(letters.render.template, "finish_part", finish_part)


@pytest.mark.usefixtures("buggy")
def test_a_bug_is_reported_as_a_bug_not_as_a_damaged_template(
    sample: Path, runner: CliRunner
) -> None:
    result = runner.invoke(main, ["build", JOINT, "-w", str(sample)])
    assert result.exit_code == BUG_EXIT == 70
    assert re.fullmatch(
        f"{BUG} Run the command again with --debug to see where, and report it.\n",
        result.output,
    )
    assert "tripped" not in result.output  # an exception's text may quote data: not shown
    assert not (sample / "out" / JOINT).exists()


@pytest.mark.usefixtures("buggy")
def test_debug_shows_where_a_bug_is(sample: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["--debug", "build", JOINT, "-w", str(sample)])
    assert result.exit_code == BUG_EXIT
    assert "Traceback (most recent call last):" in result.output
    assert re.search(r'letters/render/template\.py", line \d+, in _prepare', result.output)
    assert re.search(
        "RuntimeError: the tool tripped over itself\n"
        f"{BUG} The traceback above shows where; please report it.\n$",
        result.output,
    )


def test_a_users_mistake_stays_an_error_without_a_traceback(
    sample: Path, runner: CliRunner
) -> None:
    result = runner.invoke(main, ["build", "no-such-letter", "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: unknown letter 'no-such-letter';")
    debug = runner.invoke(main, ["--debug", "build", "no-such-letter", "-w", str(sample)])
    assert debug.exit_code == 1
    assert "Traceback (most recent call last):" in debug.output  # --debug shows where
    assert debug.output.splitlines()[-1] == result.output.splitlines()[-1]


def test_output_whose_reader_has_gone_ends_quietly(sample: Path) -> None:
    """``letters … | head``: once the reader has its lines, the rest is not printed and
    nothing is said of it, as a shell's own tools end (it was "Error: Broken pipe")."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # gone before letters writes a line: its first write finds no reader
    try:
        done = subprocess.run(
            [sys.executable, "-m", "letters", "recipients", "list", "-w", str(sample)],
            stdout=write_end,
            stderr=subprocess.PIPE,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (OUTPUT_UNREAD_EXIT, b"")


def test_debug_names_each_template_part_and_no_private_fact(
    sample: Path, runner: CliRunner
) -> None:
    result = runner.invoke(main, ["--debug", "build", JOINT, "-w", str(sample)])
    assert result.exit_code == 0, result.output
    part = r"templates/appeal\.docx \(word/header1\.xml\)"
    line = rf"^debug: [\d:.]+ letters\.render\.template: rendering {part}$"
    assert re.search(line, result.output, re.M)
    assert "info: " in result.output
    assert SAMPLE_ADDRESS not in result.output  # the case's private address


def test_without_options_the_log_stays_quiet(sample: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["build", JOINT, "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert not re.search(r"^(info|debug): ", result.output, re.M)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_verbose_shows_what_libreoffice_was_asked_and_answered(
    sample: Path, runner: CliRunner
) -> None:
    result = runner.invoke(main, ["--verbose", "build", "--pdf", JOINT, "-w", str(sample)])
    assert result.exit_code == 0, result.output
    asked = re.findall(r"^info: LibreOffice call \d+ \(pid \d+\): (.+)$", result.output, re.M)
    assert asked, result.output
    assert re.fullmatch(
        r"\S*soffice -env:UserInstallation=file:///\S+ --headless --norestore"
        r" '--infilter=MS Word 2007 XML' --convert-to 'pdf:writer_pdf_Export:"
        r'{"UseLosslessCompression": {"type": "boolean", "value": "true"},'
        r' "ExportBookmarksToPDFDestination": {"type": "boolean", "value": "true"}}'
        r"' --outdir \S+/call-\d+"
        r" and (?:1 file|(?!1 )\d+ files) from \S+/in",
        asked[0],
    ), asked[0]
    ended = r"^info: LibreOffice call \d+ ended: exit status 0; (\d) of (\d) PDFs made$"
    assert re.findall(ended, result.output, re.M)
    assert "debug: " not in result.output
