"""Every letter converts to PDF with LibreOffice, and the PDF holds the letter's text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

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


def _line(text: str) -> str:
    """``text`` as one line of a PDF's text compares: its spaces, no-break ones too, one."""
    return " ".join(text.split())


@needs_libreoffice
@needs_tool("pdftotext", POPPLER)
def test_every_typed_address_line_is_one_line_on_the_page(
    sample_built: Callable[..., Built],
) -> None:
    """A uk or ru address block is typed line by line, broken where the sense allows
    (ДСТУ 4163:2020, ГОСТ Р 7.0.97-2016): a line too long for the block's half page is
    broken again by LibreOffice wherever it runs out of room, «Верховної Ради» /
    «України з прав людини», splitting the name of an institution. So every typed line
    of every addressee of the sample stands on a line of its own in the PDF."""
    sample = sample_built("--pdf").workspace
    people = YAML(typ="safe").load(sample / "recipients" / "officials.yaml")["people"]
    blocks = [
        (lang, [_line(text) for text in lines])
        for person in people
        for role in person["roles"]
        for lang, lines in role["address"].items()
        if lang in ("uk", "ru")  # en names its addressees in a "To:" list, wrapped as prose
    ]
    checked = 0
    for pdf in sorted((sample / "out").rglob("*.pdf")):
        lang = pdf.stem.rsplit(".", 1)[1]
        page_lines = {_line(text) for text in pdf_text(pdf).splitlines()}
        for block_lang, lines in blocks:
            if block_lang == lang and lines[-1] in page_lines:  # the addressee's name
                assert [line for line in lines if line not in page_lines] == [], pdf.name
                checked += 1
    assert checked == 19  # the joint letter's six in uk and in ru, one in each of seven others
