"""Issue 16 (prototype): letters joined into one document, converted once and split back
are the same letters, page for page, as the same letters converted one by one."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.joined_check import compare
from letters.cli import main
from letters.publish.joined import NotJoinable, convert_joined, join
from letters.publish.pdf import convert, soffice
from tests.conftest import POPPLER, needs_libreoffice, needs_tool, rewrite_docx


@needs_libreoffice
@needs_tool("pdftotext", POPPLER)
@pytest.mark.parametrize("pdfa", [False, True], ids=["pdf", "pdfa"])
def test_joined_letters_split_into_the_letters_converted_alone(
    sample: Path, runner: CliRunner, tmp_path: Path, pdfa: bool
) -> None:
    result = runner.invoke(main, ["build", "-l", "uk", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    # individual and joint letters: pictures, footnotes, first-page headers, page numbers
    sources = sorted((sample / "out").rglob("*.uk.docx"))
    assert len(sources) == 7
    alone, joined, work = tmp_path / "alone", tmp_path / "joined", tmp_path / "work"
    work.mkdir()
    assert not convert(sources, alone, pdfa=pdfa, workers=1).failures
    convert_joined(sources, joined, work, soffice=soffice(), pdfa=pdfa)
    problems = {
        source.name: compare(alone / f"{source.stem}.pdf", joined / f"{source.stem}.pdf")
        for source in sources
    }
    assert problems == {source.name: [] for source in sources}


def test_letters_with_other_styles_are_not_joined(sample: Path, runner: CliRunner,
                                                  tmp_path: Path) -> None:  # fmt: skip
    result = runner.invoke(main, ["build", "-l", "uk", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    first, second = sorted((sample / "out").rglob("*.uk.docx"))[:2]
    second.write_bytes(
        rewrite_docx(second, {"word/styles.xml": lambda xml: xml.replace(b"<w:b/>", b"<w:i/>")})
    )
    with pytest.raises(NotJoinable, match=r"word/styles\.xml differs"):
        join([first, second], tmp_path / "joined.docx")


def test_letters_counting_their_pages_are_not_joined(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(main, ["build", "-l", "uk", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    first, second = sorted((sample / "out").rglob("*.uk.docx"))[:2]
    page_of = b'<w:fldSimple w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>'
    second.write_bytes(
        rewrite_docx(
            second,
            {
                "word/header2.xml": lambda xml: xml.replace(
                    b"</w:p></w:hdr>", page_of.replace(b"PAGE", b"NUMPAGES") + b"</w:hdr>"
                )
            },
        )
    )
    with pytest.raises(NotJoinable, match="NUMPAGES field"):
        join([first, second], tmp_path / "joined.docx")
