"""Text a reader would not see for where it is put or how it is drawn: moved off the page or
over other text, fitted into no room, drawn without ink, or in a place no page shows.

:func:`misplaced` finds it in one parsed Word part, for :func:`letters.render.unseen.unseen`:

- text raised or lowered more than :data:`MAX_RAISE` half-points (``w:position``), its
  characters drawn over each other (``w:spacing`` in a run, condensed more than
  :data:`MAX_CONDENSE`), or fitted into a set width (``w:fitText``, any text in any room);
- text drawn by a Word text effect (``w14:textFill``): Word draws it in that fill, or with
  none, and LibreOffice, which makes the PDF, in the font colour;
- a page colour (``w:background``), which Word shows on screen but does not print, and
  LibreOffice puts in the PDF: text is judged on the white page;
- something put farther than any page reaches (:data:`MAX_OFFSET`: a floating text box or
  picture, a frame, a floating table, an indent), or before the page's top or left edge
  where it is placed from the page; an indent (a table's too) farther into the margin than
  it is wide;
- a page smaller than :data:`MIN_PAGE`, or whose text runs in a column narrower than
  :data:`MIN_COLUMN`; lines of text cut lower than :data:`MIN_LINE` (an exact line
  spacing), which Word clips (an empty paragraph may be that thin: a letterhead's rule);
- (in :mod:`letters.render.cut_off`) text in a table row, frame or text box of a set
  height, and text pushed out of its table cell by its margins;
- text in a footnote or endnote separator, which Word shows above the notes and LibreOffice
  does not;
- text in a table cell merged into the one above it (:func:`merged_away`), which
  LibreOffice leaves out;
- a hidden drawing: one whose properties say ``hidden`` (``wp:docPr``, ``pic:cNvPr``,
  ``wps:cNvPr`` and their kin), which neither Word nor LibreOffice shows though the file holds
  its text box or picture, and an old Word (VML) shape styled ``visibility:hidden`` or
  ``display:none``, which Word hides and LibreOffice prints.

A picture with text drawn in it, and a drawing put over text on the page, are not found:
what a picture shows cannot be read from the file, nor where text ends up on the page
without laying it out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from letters.render.docxpost import w

MAX_RAISE = 24
"""The most a run may be raised or lowered, in half-points (Word's w:position): 12 pt."""
MAX_CONDENSE = 40
"""The most a run's characters may be drawn closer, in twentieths of a point: 2 pt."""
MAX_OFFSET = 23811
"""The farthest anything may be put from where it is placed from, in twentieths of a point:
42 cm, the long side of an A3 page."""
MIN_PAGE = 2835
"""The shortest side a page may have, in twentieths of a point: 5 cm."""
MIN_COLUMN = 1134
"""The narrowest a page's text may run, between its margins, in twentieths of a point: 2 cm."""
MIN_LINE = 120
"""The lowest an exact line spacing may be, in twentieths of a point: 6 pt."""

_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
VML = "urn:schemas-microsoft-com:vml"
EMU = 635  # English metric units in a twentieth of a point
_PLAIN = "a letter shows everything it holds — set the text plainly (Word: Format › Font)"
_ON_PAGE = (
    "a letter shows everything it holds — put it on the page (Word: Layout › Position,"
    " Format › Paragraph)"
)
_PAGE = "a letter is set on a page it can be read on — Word: Layout › Size and Margins"
_SEPARATOR = (
    "a separator holds only its line — delete the text (Word: View › Draft, References ›"
    " Show Notes)"
)
_MEASURE = re.compile(r"\s*(-?\d+(?:\.\d+)?)\s*(mm|cm|in|pt|pc|pi)?\s*")
_TWIPS_PER = {
    "mm": 1440 / 25.4,
    "cm": 1440 / 2.54,
    "in": 1440.0,
    "pt": 20.0,
    "pc": 240.0,
    "pi": 240.0,
}


def twips(value: str | None, unit: float = 1.0) -> float | None:
    """A measure of Word's in twentieths of a point: a number in ``unit`` twips (a
    half-point is 10), or a number with its unit ("1pt", "2.5cm"); None if it is neither."""
    match = _MEASURE.fullmatch(value or "")
    if match is None:
        return None
    number, suffix = float(match.group(1)), match.group(2)
    return number * _TWIPS_PER[suffix] if suffix else number * unit


def _attribute(element: etree._Element, name: str, unit: float = 1.0) -> float | None:
    return twips(element.get(w(name)), unit)


def misplaced(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """(element, what it is, the fix) for text in one parsed part that its place or drawing
    keeps from being seen (see the module's docs)."""
    yield from _runs(root)
    for background in root.iter(w("background")):
        colour = background.get(w("color"), "auto").upper()
        if colour not in ("AUTO", "FFFFFF") or len(background) or background.get(w("themeColor")):
            what = (
                f"a page colour (w:background {colour}), which Word shows on screen but does"
                " not print, and the PDF shows"
            )
            fix = "a letter is printed on white — set no page colour (Word: Design › Page Color)"
            yield background, what, fix
    yield from _placed(root)
    yield from _pages(root)
    yield from _hidden_drawings(root)
    for note in root.iter(w("footnote"), w("endnote")):
        if note.get(w("type"), "normal") != "normal":
            text = "".join(t.text or "" for t in note.iter(w("t"))).strip()
            if text:
                what = (
                    f"text in a {etree.QName(note).localname} separator, which Word shows"
                    " above the notes and the PDF does not"
                )
                yield note, what, _SEPARATOR


# what `_runs` looks for in a run's properties
_RUN_MARKS = (w("position"), w("spacing"), w("fitText"), f"{{{_W14}}}textFill")


def _runs(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    # only the run properties holding one of them (one pass in lxml, not four finds in each
    # of a letter's hundreds of runs), in the same order
    marked = {mark.getparent() for mark in root.iter(*_RUN_MARKS)}
    for rpr in root.iter(w("rPr")) if marked else ():
        if rpr not in marked:
            continue
        position = rpr.find(w("position"))
        raised = _attribute(position, "val", 10) if position is not None else None
        if raised is not None and abs(raised) > MAX_RAISE * 10:
            way = "raised" if raised > 0 else "lowered"
            what = f"text {way} by {abs(raised) / 20:g} pt (w:position {position.get(w('val'))})"
            yield rpr, what, _PLAIN
        spacing = rpr.find(w("spacing"))
        closer = _attribute(spacing, "val") if spacing is not None else None
        if closer is not None and closer < -MAX_CONDENSE:
            what = (
                f"characters drawn over each other (condensed by {-closer / 20:g} pt, w:spacing"
                f" {spacing.get(w('val'))})"
            )
            yield rpr, what, _PLAIN
        if rpr.find(w("fitText")) is not None:
            yield rpr, "text fitted into a set width (w:fitText), however narrow", _PLAIN
        fill = rpr.find(f"{{{_W14}}}textFill")
        if fill is not None:
            what = (
                "text drawn by a Word text effect (w14:textFill), which the PDF does not show"
                " (it shows the font colour)"
            )
            yield rpr, what, _PLAIN


# (element, its attributes of place and of size, placed from the page when)
_PLACES = (
    ("framePr", ("x", "w"), ("y", "h"), ("hAnchor", "vAnchor")),
    ("tblpPr", ("tblpX", ""), ("tblpY", ""), ("horzAnchor", "vertAnchor")),
)
_INDENTS = ("left", "right", "start", "end", "firstLine", "hanging")


def _placed(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """Positions off the page: floating drawings, frames, floating tables, indents."""
    for offset in root.iter(f"{{{WP}}}posOffset"):
        holder = offset.getparent()
        value = twips(offset.text, 1 / EMU)
        from_page = holder is not None and holder.get("relativeFrom") == "page"
        if value is not None and _off(value, from_page):
            what = f"a drawing put off the page ({value / 20:g} pt from its {_from(holder)})"
            yield offset, what, _ON_PAGE
    for tag, across, down, anchors in _PLACES:
        for place in root.iter(w(tag)):
            for (name, _size), anchor in zip((across, down), anchors, strict=True):
                value = _attribute(place, name)
                from_page = place.get(w(anchor)) == "page"
                if value is not None and _off(value, from_page):
                    thing = "a frame" if tag == "framePr" else "a floating table"
                    what = f"{thing} put off the page (w:{name} {place.get(w(name))})"
                    yield place, what, _ON_PAGE
                    break
    margin = _widest_margin(root)
    for indent in root.iter(w("ind")):
        for name in _INDENTS:
            value = _attribute(indent, name)
            if value is not None and abs(value) > MAX_OFFSET:
                what = f"text indented off the page (w:ind {name} {indent.get(w(name))})"
                yield indent, what, _ON_PAGE
                break
        else:
            yield from _before_the_edge(indent, margin)
    for table_indent in root.iter(w("tblInd")):
        value = _attribute(table_indent, "w")
        if table_indent.get(w("type"), "dxa") == "dxa" and value is not None and value < -margin:
            what = (
                f"a table indented off the page (w:tblInd {table_indent.get(w('w'))}, before"
                " the page's edge)"
            )
            yield table_indent, what, _ON_PAGE
    for spacing in root.iter(w("spacing")):
        line = _attribute(spacing, "line")
        exact = spacing.get(w("lineRule")) == "exact"
        if exact and line is not None and abs(line) < MIN_LINE and not _spacer(spacing):
            what = f"lines cut to {abs(line) / 20:g} pt high (an exact line spacing)"
            yield spacing, what, _PLAIN


ONE_CELL_FIX = (
    "a merged cell shows its first cell's text — move the text there, or split the cells"
    " (Word: Layout › Split Cells)"
)


def merged_away(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """Text in a table cell that continues a vertical merge (``w:vMerge`` without
    ``restart``): LibreOffice shows the merged cell with its first cell's text only."""
    for merge in root.iter(w("vMerge")):
        properties = merge.getparent()
        cell = properties.getparent() if properties is not None else None
        if merge.get(w("val"), "continue") == "restart" or cell is None or cell.tag != w("tc"):
            continue
        text = first_text(cell)
        if text is not None:
            what = (
                "text in a table cell merged into the one above it (w:vMerge), which the PDF"
                " does not show"
            )
            yield text, what, ONE_CELL_FIX


def first_text(holder: etree._Element | None) -> etree._Element | None:
    """The first ``w:t`` in ``holder`` that is more than spaces, or None."""
    for text in holder.iter(w("t")) if holder is not None else ():
        if (text.text or "").strip():
            return text
    return None


WIDE_MARGIN = 2880
"""The widest margin of Word's page layouts (Wide: 2 in), in twentieths of a point: an
indent farther into it than this is off the page in a part that sets no page."""


def _widest_margin(root: etree._Element) -> float:
    """The widest left or right margin (with its gutter) of the sections of a part; for a
    part without any (a header, the styles), :data:`WIDE_MARGIN`."""
    widest = None
    for margins in root.iter(w("pgMar")):
        sides = [_attribute(margins, side) or 0 for side in ("left", "right")]
        margin = max(sides) + (_attribute(margins, "gutter") or 0)
        widest = margin if widest is None else max(widest, margin)
    return WIDE_MARGIN if widest is None else widest


def _before_the_edge(
    indent: etree._Element, margin: float
) -> Iterator[tuple[etree._Element, str, str]]:
    """An indent (``w:ind``) that moves text farther into the page's margin than it is wide,
    at its start (the first line's too) or its end: the page leaves that text out."""
    values = {name: _attribute(indent, name) for name in _INDENTS}
    start_name = "start" if values["start"] is not None else "left"
    end_name = "end" if values["end"] is not None else "right"
    start, end = values[start_name] or 0, values[end_name] or 0
    first = start - (values["hanging"] or 0) + (values["firstLine"] or 0)
    if start < -margin or first < -margin:
        name = start_name if start < -margin else "hanging" if values["hanging"] else "firstLine"
        what = f"text indented off the page (w:ind {name} {indent.get(w(name))}, before the"
        yield indent, f"{what} page's edge)", _ON_PAGE
    elif end < -margin:
        what = f"text indented off the page (w:ind {end_name} {indent.get(w(end_name))}, past"
        yield indent, f"{what} the page's edge)", _ON_PAGE


def _spacer(spacing: etree._Element) -> bool:
    """Whether ``spacing`` is a paragraph's own and the paragraph holds no text: a thin
    line a letterhead draws with an exact spacing of a point or two and a border."""
    ppr = spacing.getparent()
    paragraph = ppr.getparent() if ppr is not None and ppr.tag == w("pPr") else None
    if paragraph is None or paragraph.tag != w("p"):
        return False
    return not any((t.text or "").strip() for t in paragraph.iter(w("t")))


def _off(value: float, from_page: bool) -> bool:
    return abs(value) > MAX_OFFSET or (from_page and value < 0)


def _from(holder: etree._Element | None) -> str:
    return holder.get("relativeFrom", "place") if holder is not None else "place"


def _pages(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """Pages too small to hold a letter, and text columns too narrow to read."""
    for section in root.iter(w("sectPr")):
        size, margins = section.find(w("pgSz")), section.find(w("pgMar"))
        width = _attribute(size, "w") if size is not None else None
        height = _attribute(size, "h") if size is not None else None
        if size is not None and min(width or MIN_PAGE, height or MIN_PAGE) < MIN_PAGE:
            what = f"a page of {(width or 0) / 20:g} × {(height or 0) / 20:g} pt (w:pgSz)"
            yield size, what, _PAGE
            continue
        if width is None or margins is None:
            continue
        sides = [_attribute(margins, side) or 0 for side in ("left", "right", "gutter")]
        if width - sum(sides) < MIN_COLUMN:
            what = f"text in a column {(width - sum(sides)) / 20:g} pt wide (w:pgMar)"
            yield margins, what, _PAGE


# A drawing's properties (wp:docPr) and a shape's or picture's own (pic:cNvPr, wps:cNvPr …)
# may say "hidden": Word and LibreOffice leave it out, and the file holds its text.
_SAYS_HIDDEN = etree.XPath("//*[local-name() = 'docPr' or local-name() = 'cNvPr'][@hidden]")
_DRAWING_PREFIXES = {
    WP: "wp",
    "http://schemas.openxmlformats.org/drawingml/2006/picture": "pic",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingShape": "wps",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup": "wpg",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas": "wpc",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "a",
}
_SHOW_DRAWING = (
    "a letter shows everything it holds — show the drawing (Word: Home › Select › Selection"
    " Pane) or delete it"
)
_VML_HIDING = {("visibility", "hidden"), ("visibility", "collapse"), ("display", "none")}


def _hidden_drawings(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """Drawings whose properties hide them, and VML shapes whose style does."""
    for properties in _SAYS_HIDDEN(root):
        if properties.get("hidden", "").strip().lower() in ("1", "true", "on"):
            name = etree.QName(properties)
            prefix = _DRAWING_PREFIXES.get(name.namespace or "")
            shown = f"{prefix}:{name.localname}" if prefix else name.localname
            what = f'a hidden drawing ({shown} hidden="{properties.get("hidden")}"), which'
            yield properties, f"{what} neither Word nor the PDF shows", _SHOW_DRAWING
    for shape in root.iter(f"{{{VML}}}*"):
        for declaration in shape.get("style", "").split(";"):
            key, _, value = declaration.partition(":")
            key, value = key.strip().lower(), value.strip().lower()
            if (key, value) in _VML_HIDING:
                what = (
                    f"a hidden drawing (v:{etree.QName(shape).localname} style {key}:{value}),"
                    " which Word does not show and the PDF does"
                )
                yield shape, what, _SHOW_DRAWING
                break
