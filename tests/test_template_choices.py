"""A content control with wording to choose from is refused: no page shows its choices.

A drop-down list or a combo box (``w:dropDownList``, ``w:comboBox``) keeps each of its
items' wording in the file. Word shows them only when the control is clicked, and puts any
of them in the letter's text with one more click; the PDF shows none. The letter the
signatories approve would carry wording they never read, ready to replace what they did.
Each template is the sample's, a paragraph added by lxml, run through ``letters check`` and
``letters build``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from letters.cli import main
from tests.test_signoff import JOINT
from tests.test_template_safety import Bad, Edit, make_bad, refused_by_build_and_check

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SHOWN = "We support the appeal"
OTHER = "We withdraw the appeal"
FIX = (
    "a letter says one thing — remove the content control and type its text (Word:"
    " right-click › Remove Content Control)"
)


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def controlled(kind: str | None, items: list[str]) -> Edit:
    """An edit of the document putting first a paragraph whose text :data:`SHOWN` is in a
    content control of ``kind`` (None: plain text) offering ``items``."""

    def edit(data: bytes) -> bytes:
        root = etree.fromstring(data)
        paragraph = etree.Element(_w("p"))
        control = etree.SubElement(paragraph, _w("sdt"))
        properties = etree.SubElement(control, _w("sdtPr"))
        etree.SubElement(properties, _w("alias")).set(_w("val"), "Position")
        if kind is not None:
            choices = etree.SubElement(properties, _w(kind))
            for number, item in enumerate(items, start=1):
                entry = etree.SubElement(choices, _w("listItem"))
                entry.set(_w("displayText"), item)
                entry.set(_w("value"), str(number))
        run = etree.SubElement(etree.SubElement(control, _w("sdtContent")), _w("r"))
        etree.SubElement(run, _w("t")).text = SHOWN
        root.find(_w("body")).insert(0, paragraph)
        return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))

    return edit


@pytest.mark.parametrize(
    ("kind", "items"),
    [("dropDownList", [SHOWN, OTHER]), ("comboBox", [OTHER]), ("dropDownList", [SHOWN])],
    ids=["drop-down-list", "combo-box", "one-item"],
)
def test_a_content_control_with_wording_to_choose_from_is_refused(
    kind: str, items: list[str], sample: Path, runner: CliRunner
) -> None:
    make_bad(sample, Bad("", [], {"word/document.xml": controlled(kind, items)}))
    problem = (
        f"word/document.xml, paragraph “{SHOWN}”: a content control with wording to choose"
        f" from (w:{kind}), whose items Word shows only when it is clicked and puts in the letter"
        f" with one more click, and the PDF not at all; {FIX}"
    )
    refused_by_build_and_check(runner, sample, problem)


@pytest.mark.parametrize(
    ("kind", "items"), [(None, []), ("dropDownList", [])], ids=["plain", "no-items"]
)
def test_a_content_control_with_nothing_else_to_say_passes(
    kind: str | None, items: list[str], sample: Path, runner: CliRunner
) -> None:
    make_bad(sample, Bad("", [], {"word/document.xml": controlled(kind, items)}))
    built = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert built.exit_code == 0, built.output
