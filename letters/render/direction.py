"""Text, paragraphs and tables set right to left, which an en/uk/ru letter never is.

A run set right to left (``w:rtl``) has its punctuation and numbers laid out right to left
by Word, its brackets mirrored, and LibreOffice (the PDF) draws it as stored; a paragraph
set right to left (``w:bidi``) is reordered by both (its full stop drawn at its start):
never what a letter's signatories approve as typed. A table laid out right to left
(``w:bidiVisual``, on the table or in its style) is drawn by both with its columns in
reverse order, its first cell at the right: a row read as the file holds it is not the row
the page shows. Found by :func:`right_to_left` for :func:`letters.render.unseen.unseen`.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from letters.render.docxpost import w

_RUN_FIX = "set it left to right (Word: Home › Left-to-Right Text Direction)"
_STYLE_FIX = (
    "set the style left to right (Word: Modify Style › Format › Paragraph › Direction:"
    " Left-to-right)"
)
_ALIKE = ", so that the .docx and the PDF read alike"
_RIGHT_TO_LEFT = {
    w("rtl"): (
        "text set right to left (w:rtl), which Word shows with its punctuation and numbers"
        " reordered and the PDF as it is stored",
        _ALIKE,
    ),
    w("bidi"): (
        "a paragraph set right to left (w:bidi), which Word and the PDF show with its"
        " punctuation and numbers moved (a full stop at its start)",
        "",
    ),
}
_TABLE_FIX = (
    "set the table left to right (Word: Table Properties › Table › Table direction: Left-to-right)"
)
_TABLE_STYLE_FIX = (
    "set the table style left to right (Word: Modify Style › Format › Table Properties ›"
    " Table direction: Left-to-right)"
)
_BIDI_VISUAL = w("bidiVisual")
_TABLE_RIGHT_TO_LEFT = (
    "a table laid out right to left (w:bidiVisual), which Word and the PDF show with its"
    " columns in reverse order (its first cell at the right)"
)
OFF = {"0", "false", "off"}
"""The values of a Word on/off property (``w:val``) that switch it off."""


def right_to_left(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """(element, what, fix) for each run, paragraph, table or style in ``root`` set right to
    left. A section's ``w:bidi`` orders its columns, not text, and a paragraph mark's ``w:rtl``
    (``w:pPr/w:rPr``) the mark alone: both pass."""
    for element in root.iter(*_RIGHT_TO_LEFT, _BIDI_VISUAL):
        parent = element.getparent()
        if element.get(w("val"), "").lower() in OFF or parent is None:
            continue
        styled = next(element.iterancestors(w("style")), None) is not None
        if element.tag == _BIDI_VISUAL:
            if parent.tag == w("tblPr"):  # a table's, or a table style's
                yield element, _TABLE_RIGHT_TO_LEFT, _TABLE_STYLE_FIX if styled else _TABLE_FIX
            continue
        if parent.tag not in (w("rPr"), w("pPr")):
            continue
        grandparent = parent.getparent()
        if grandparent is not None and grandparent.tag == w("pPr"):
            continue
        what, alike = _RIGHT_TO_LEFT[element.tag]
        yield element, what, (_STYLE_FIX if styled else _RUN_FIX) + alike
