"""Every letter converts to PDF with LibreOffice, and the PDF holds the letter's text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from tests.conftest import POPPLER, Built, needs_libreoffice, needs_tool, pdf_fonts, pdf_text


@needs_libreoffice
def test_every_letter_converts_to_pdf(sample_built: Callable[..., Built]) -> None:
    sample = sample_built("--pdf").workspace
    docx_files = sorted((sample / "out").rglob("*.docx"))
    pdf_files = sorted((sample / "out").rglob("*.pdf"))
    assert len(docx_files) == 10
    assert [p.with_suffix("") for p in pdf_files] == [p.with_suffix("") for p in docx_files]
    for pdf in pdf_files:
        assert pdf.read_bytes().startswith(b"%PDF-")
    assert "Брюссель" in pdf_text(pdf_files[-1])
    fonts = "\n".join(pdf_fonts(pdf_files[-1]))
    assert "LiberationSerif" in fonts or "TimesNewRoman" in fonts


# The closing, the first words of the letter's last paragraph, a signature's placeholder
SIGN_OFF = {
    "en": ("Yours sincerely,", "We trust", "[signature]"),
    "uk": ("З повагою", "Розраховуємо", "[підпис]"),
    "ru": ("С уважением", "Рассчитываем", "[подпись]"),
}


@needs_libreoffice
@needs_tool("pdftotext", POPPLER)
def test_no_page_holds_signatures_without_the_letters_text(
    sample_built: Callable[..., Built],
) -> None:
    """The letter's last paragraph, the closing and every signature share a page (README,
    Typography): a page of signatures alone could be put under another letter. The six
    signatures of the joint letter take its last paragraph with them onto page 3."""
    sample = sample_built("--pdf").workspace
    pages_of: dict[str, int] = {}
    for pdf in sorted((sample / "out").rglob("*.pdf")):
        closing, last_words, placeholder = SIGN_OFF[pdf.stem.rsplit(".", 1)[1]]
        pages = [page for page in pdf_text(pdf).split("\f") if page.strip()]
        [page] = [page for page in pages if closing in page]
        assert last_words in page, pdf.name
        assert page.count(placeholder) == sum(p.count(placeholder) for p in pages), pdf.name
        pages_of[pdf.name] = len(pages)
    assert pages_of["may-2020-joint.uk.pdf"] == 3


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
