"""Every letter converts to PDF with LibreOffice, and the PDF holds the letter's text."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from tests.conftest import needs_libreoffice, pdf_fonts, pdf_text


@needs_libreoffice
def test_every_letter_converts_to_pdf(sample: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["build", "--pdf", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    docx_files = sorted((sample / "out").rglob("*.docx"))
    pdf_files = sorted((sample / "out").rglob("*.pdf"))
    assert len(docx_files) == 10
    assert [p.with_suffix("") for p in pdf_files] == [p.with_suffix("") for p in docx_files]
    for pdf in pdf_files:
        assert pdf.read_bytes().startswith(b"%PDF-")
    assert "Брюссель" in pdf_text(pdf_files[-1])
    fonts = "\n".join(pdf_fonts(pdf_files[-1]))
    assert "LiberationSerif" in fonts or "TimesNewRoman" in fonts


def test_pdf_needs_libreoffice(
    sample: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    result = runner.invoke(main, ["build", "may-2020-joint", "--pdf", "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: LibreOffice is needed for PDF output but was not found."
    )
    assert not (sample / "out").exists()
