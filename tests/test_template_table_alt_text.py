"""A table's alternative text (Word: Table Properties › Alt Text) is refused.

Only a screen reader says it (``w:tblCaption``, ``w:tblDescription``): no page prints it,
its signatories are not shown it, and it is not translated, so a uk or ru letter would
read it out in the template's English. Each template is the sample's with a table added
by python-docx, run through ``letters build`` and ``letters check``.
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

FIX = (
    "say it on the page, where it is translated and approved (a caption above the table),"
    " and clear it (Word: Table Properties › Alt Text)"
)


def with_alt_text(sample: Path, texts: dict[str, str]) -> None:
    """The sample's template with a table of one cell, “Name”, whose alternative texts are
    ``texts`` (``tblCaption`` → its value …)."""
    path = sample / "templates" / "appeal.docx"
    document = docx.Document(str(path))
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Name"
    for name, value in texts.items():
        etree.SubElement(table._tbl.tblPr, qn(f"w:{name}")).set(qn("w:val"), value)
    document.save(str(path))


@pytest.mark.parametrize(
    ("texts", "named"),
    [
        ({"tblCaption": "Detainees"}, "w:tblCaption"),
        ({"tblDescription": "Names of the detainees"}, "w:tblDescription"),
        ({"tblCaption": "{{ subject }}"}, "w:tblCaption"),
        ({"tblCaption": " ", "tblDescription": "Detainees"}, "w:tblDescription"),
    ],
    ids=["caption", "description", "tag", "blank-caption"],
)
def test_a_tables_alternative_text_is_refused(
    texts: dict[str, str], named: str, sample: Path, runner: CliRunner
) -> None:
    with_alt_text(sample, texts)
    refused_by_build_and_check(
        runner,
        sample,
        f"word/document.xml, paragraph “Name”: a table's alternative text ({named}), which only"
        " a screen reader says: no page prints it, its signatories are not shown it, and it is"
        f" not translated; {FIX}",
    )


def test_a_table_without_alternative_text_builds(sample: Path, runner: CliRunner) -> None:
    with_alt_text(sample, {"tblCaption": "", "tblDescription": " "})
    built = runner.invoke(main, ["build", JOINT, "--lang", "uk", "-w", str(sample)])
    assert built.exit_code == 0, built.output


def test_alternative_text_only_in_tracked_history_builds(sample: Path, runner: CliRunner) -> None:
    """Word keeps a cleared alt text in the table's tracked change (``w:tblPrChange``); the
    changes are accepted before rendering, so the old caption is never in a letter."""
    path = sample / "templates" / "appeal.docx"
    document = docx.Document(str(path))
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Name"
    change = etree.SubElement(table._tbl.tblPr, qn("w:tblPrChange"))
    for name, value in (("id", "1"), ("author", "a"), ("date", "2020-01-01T00:00:00Z")):
        change.set(qn(f"w:{name}"), value)
    old = etree.SubElement(change, qn("w:tblPr"))
    etree.SubElement(old, qn("w:tblCaption")).set(qn("w:val"), "Old caption")
    document.save(str(path))
    built = runner.invoke(main, ["build", JOINT, "--lang", "uk", "-w", str(sample)])
    assert built.exit_code == 0, built.output
