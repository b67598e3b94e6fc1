"""A table laid out right to left (``w:bidiVisual``) is refused like right-to-left text.

Word and LibreOffice both draw such a table with its columns in reverse order: a row typed
"First cell, Second cell" comes out of the PDF as "Second cell  First cell" (pdftotext
-layout), so the page does not read as the file does. No en, uk or ru letter needs it. Each
template is the sample's, a table added to it by python-docx, run through ``letters check``
and ``letters build``.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from lxml import etree

from letters.cli import main
from tests.test_signoff import JOINT
from tests.test_template_safety import refused_by_build_and_check

WHAT = (
    "a table laid out right to left (w:bidiVisual), which Word and the PDF show with its"
    " columns in reverse order (its first cell at the right)"
)
TABLE_FIX = (
    "set the table left to right (Word: Table Properties › Table › Table direction: Left-to-right)"
)
STYLE_FIX = (
    "set the table style left to right (Word: Modify Style › Format › Table Properties ›"
    " Table direction: Left-to-right)"
)


def with_table(sample: Path, value: str | None, *, in_style: bool = False) -> None:
    """The sample's template with a table of two cells, laid out right to left by a
    ``w:bidiVisual`` of ``value`` (``None``: without ``w:val``) on the table itself or in
    its table style "Reversed"."""
    path = sample / "templates" / "appeal.docx"
    document = docx.Document(str(path))
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "First cell", "Second cell"
    table_properties = table._tbl.tblPr
    if in_style:
        styles = document.styles.element
        style = etree.SubElement(styles, qn("w:style"), {qn("w:type"): "table"})
        style.set(qn("w:styleId"), "Reversed")
        etree.SubElement(style, qn("w:name")).set(qn("w:val"), "Reversed")
        table_properties = etree.SubElement(style, qn("w:tblPr"))
        table._tbl.tblPr.insert(0, etree.Element(qn("w:tblStyle"), {qn("w:val"): "Reversed"}))
    visual = etree.SubElement(table_properties, qn("w:bidiVisual"))
    if value is not None:
        visual.set(qn("w:val"), value)
    document.save(str(path))


@pytest.mark.parametrize(
    ("value", "in_style"),
    [(None, False), ("1", False), ("true", False), ("on", False), (None, True), ("1", True)],
    ids=["on", "one", "true", "on-by-name", "in-a-table-style", "one-in-a-table-style"],
)
def test_a_table_laid_out_right_to_left_is_refused(
    value: str | None, in_style: bool, sample: Path, runner: CliRunner
) -> None:
    with_table(sample, value, in_style=in_style)
    where = "word/styles.xml, style “Reversed”" if in_style else "word/document.xml"
    problem = f"{where}: {WHAT}; {STYLE_FIX if in_style else TABLE_FIX}"
    refused_by_build_and_check(runner, sample, problem)


@pytest.mark.parametrize("value", ["0", "false", "off"])
@pytest.mark.parametrize("in_style", [False, True], ids=["table", "table-style"])
def test_a_table_laid_out_left_to_right_passes(
    value: str, in_style: bool, sample: Path, runner: CliRunner
) -> None:
    with_table(sample, value, in_style=in_style)
    built = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert built.exit_code == 0, built.output
