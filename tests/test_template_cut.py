"""A template part cut short anywhere — in a tag, an attribute, an entity, the root's start
tag, the middle of a character — is called cut short, with the earlier copy as its fix: what
is left of it would otherwise read as something to mend by hand (a tag not closed, an
attribute without its value, a prefix not declared), and mending that would not bring back
what is missing. Each cut is read as 'check' reads it, by libxml2 through
:func:`~letters.render.xml_problem.not_well_formed`."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from letters.render.docxpost import strict_parser
from letters.render.xml_problem import not_well_formed

CUT = "the part ends before its root element is closed: it is cut short"
NAME = "Ахметова Світлана Zoë"


def _said(part: str, data: bytes) -> str:
    """What is said of ``part`` holding ``data``, which libxml2 must refuse."""
    with pytest.raises(etree.XMLSyntaxError) as refused:
        etree.fromstring(data, strict_parser())
    return not_well_formed(part, data, refused.value)


def _end(data: bytes) -> str:
    """The line and column (in characters) just after the last whole character of ``data``."""
    text = data.decode("utf-8", errors="ignore")
    return f"line {text.count(chr(10)) + 1}, column {len(text.rsplit(chr(10), 1)[-1]) + 1}"


@pytest.mark.parametrize(("part", "step"), [("word/document.xml", 37), ("word/styles.xml", 1999)])
def test_a_part_cut_at_any_byte_is_called_cut_short(sample: Path, part: str, step: int) -> None:
    with zipfile.ZipFile(sample / "templates" / "appeal.docx") as archive:
        data = archive.read(part)
    ends = {*range(1, 300), *range(300, len(data) - 1, step)}
    if part == "word/document.xml":  # letters of two bytes, to be cut in their middle
        paragraph = f"<w:body><w:p><w:r><w:t>{NAME}</w:t></w:r></w:p>".encode()
        data = data.replace(b"<w:body>", paragraph, 1)
        start = data.index(NAME.encode())
        ends |= {*range(start, start + len(NAME.encode()) + 1)}
    for end in sorted(ends):
        cut = data[:end]
        expected = f"{part}, {_end(cut)}: {CUT}, so it is not well-formed XML: restore the"
        assert _said(part, cut) == f"{expected} template from an earlier copy", end
