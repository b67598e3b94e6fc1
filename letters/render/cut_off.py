"""Text cut off by the size a template sets, or pushed out of its place: in a table row or a
frame of an exact height, in a text box that does not grow with its text, or in a table
cell whose margins leave it no room. Word and the PDF show as much of such text as fits,
and nothing says the rest is cut. Where it is known only once the page is laid out whether
all of it fits — a tag in it (which may make it any length), or more lines than the room
holds at a generous width a character (:func:`_fits`) — the template is asked to let it
grow (Row height is: At least, Frame › Height: Auto, Resize shape to fit text), which looks
the same where it fits; a letterhead's line or two in a row of their height is let be. An
empty row or frame may be exact, however thin (a rule).

:func:`cut_off` finds it in one parsed Word part, for :func:`letters.render.unseen.unseen`,
beside :func:`letters.render.placement.misplaced`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from lxml import etree

from letters.render.docxpost import w
from letters.render.placement import EMU, MIN_LINE, VML, WP, first_text, twips

MAX_CELL_MARGIN = 1440
"""The widest a table cell's margin may be (Word: Table Properties › Cell › Options), in
twentieths of a point: 1 in, where Word's own is 0.08 in."""

_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def cut_off(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """(element, what it is, the fix) for text in one parsed part that a set size cuts
    off or its cell's margins push out (see the module's docs)."""
    yield from _cut(root)
    yield from _cut_boxes(root)
    yield from _cell_margins(root)


def _attribute(element: etree._Element, name: str) -> float | None:
    return twips(element.get(w(name)))


_ROW_GROWS = (
    "a letter shows everything it holds — let the row grow with its text (Word: Table"
    " Properties › Row › Row height is: At least)"
)
_FRAME_GROWS = (
    "a letter shows everything it holds — let the frame grow with its text (Word: Format ›"
    " Frame › Height: Auto)"
)
_AS_FITS = "which shows only as much of its text as fits"


def _cut(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """Text in a table row or a frame of an exact height that may not fit (:func:`_fits`):
    Word and the PDF show as much of it as fits. An empty row or frame may be exact,
    however thin (a rule)."""
    for height in root.iter(w("trHeight")):
        value = _attribute(height, "val")
        row = height.getparent()
        row = row.getparent() if row is not None else None
        text = first_text(row) if row is not None else None
        if height.get(w("hRule")) != "exact" or value is None or text is None or row is None:
            continue
        widths = _cell_widths(row)
        cells = [c for c in row.iterchildren(w("tc")) if first_text(c) is not None]
        if not all(_fits(cell, widths.get(cell), value) for cell in cells):
            what = f"text in a table row of an exact height ({value / 20:g} pt), {_AS_FITS}"
            yield text, what, _ROW_GROWS
    for frame in root.iter(w("framePr")):
        value = _attribute(frame, "h")
        paragraph = next(frame.iterancestors(w("p")), None)
        exact = frame.get(w("hRule")) == "exact"
        if not exact or value is None or paragraph is None or first_text(paragraph) is None:
            continue
        if not _fits(paragraph, _attribute(frame, "w"), value):
            what = f"text in a frame of an exact height ({value / 20:g} pt), {_AS_FITS}"
            yield frame, what, _FRAME_GROWS


_EM = 0.6  # a character's width at most, on average, in its font's size (Latin's is ~0.5)
_LINE = 1.25  # a line's height in its font's size, its spacing included
_SIZE = 240  # the font size where the text gives none: 12 pt, in twentieths of a point
_TAG = re.compile(r"\{[{%#]")  # a template tag: it may make the text any length


def _fits(holder: etree._Element, width: float | None, height: float) -> bool:
    """Whether the text of ``holder`` surely fits ``width`` × ``height`` (twentieths of a
    point): no template tag in it, a known width, and its paragraphs' lines — each
    character at most :data:`_EM` of the largest font size, each line :data:`_LINE` of it
    — no higher than the room. Told false where that cannot be known, so what is cut is
    never let through; a letterhead's line or two in a row of their height fits."""
    texts = ["".join(t.text or "" for t in p.iter(w("t"))) for p in holder.iter(w("p"))]
    texts = [text for text in texts if text.strip()]
    if not width or width <= 0 or any(_TAG.search(text) for text in texts):
        return False
    sizes = [twips(size.get(w("val")), 10) for size in holder.iter(w("sz"))]
    size = max([s for s in sizes if s], default=_SIZE)
    lines = sum(max(1, math.ceil(len(text) * _EM * size / width)) for text in texts)
    return lines * size * _LINE <= height


def _cell_widths(row: etree._Element) -> dict[etree._Element, float | None]:
    """The width text has in each cell of ``row``: its own (w:tcW in dxa), else that of the
    grid columns it spans, less Word's side margins; None where neither gives it. One pass
    over the row: a row of many cells is read once, not once for each."""
    table = next(row.iterancestors(w("tbl")), None)
    grid = table.find(w("tblGrid")) if table is not None else None
    columns = (
        [_attribute(c, "w") for c in grid.iterchildren(w("gridCol"))] if grid is not None else []
    )
    widths: dict[etree._Element, float | None] = {}
    start = 0
    for cell in row.iterchildren(w("tc")):
        span = _span(cell)
        own = cell.find(f"{w('tcPr')}/{w('tcW')}")
        dxa = own is not None and own.get(w("type"), "dxa") == "dxa"
        width = _attribute(own, "w") if own is not None and dxa else None
        if width is None:
            spanned = columns[start : start + span]
            known = [c for c in spanned if c is not None]
            width = sum(known) if spanned and len(known) == len(spanned) else None
        widths[cell] = width - 2 * _WORD_SIDE if width is not None else None
        start += span
    return widths


def _span(cell: etree._Element) -> int:
    """How many grid columns ``cell`` spans (w:gridSpan)."""
    span = cell.find(f"{w('tcPr')}/{w('gridSpan')}")
    value = span.get(w("val"), "1") if span is not None else "1"
    return max(1, int(value)) if value.isdecimal() and len(value) < 4 else 1


_BOX_GROWS = (
    "a letter shows everything it holds — let the text box grow with its text (Word: Format"
    " Shape › Text Box › Resize shape to fit text)"
)
_DRAWN_AT = (f"{{{WP}}}anchor", f"{{{WP}}}inline")
_PIXEL = 15  # twentieths of a point in a pixel, VML's unit where a length names none


def _cut_boxes(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """Text in a text box that does not grow with its text (DrawingML without
    ``a:spAutoFit``, VML without ``mso-fit-shape-to-text``) and may not fit it: Word and the
    PDF draw the box at its size and none of the text that does not fit in it."""
    for content in root.iter(w("txbxContent")):
        text = first_text(content)
        if text is None or _grows(content):
            continue
        height = width = None
        for drawing in content.iterancestors(*_DRAWN_AT, f"{{{VML}}}*"):
            if drawing.tag in _DRAWN_AT:
                extent = drawing.find(f"{{{WP}}}extent")
                height = twips(extent.get("cy"), 1 / EMU) if extent is not None else None
                width = twips(extent.get("cx"), 1 / EMU) if extent is not None else None
            else:  # the shape around its v:textbox
                height, width = _vml_length_of(drawing, "height"), _vml_length_of(drawing, "width")
            if height is not None:
                break
        room = height - _margins(content) if height is not None else None
        if room is not None and room < MIN_LINE:
            inside = (
                f", with room for {round(max(room, 0) / 20, 1):g} pt of text inside its margins"
            )
        elif room is None or not _fits(content, width and width - 2 * _BOX_SIDE, room):
            inside = f" that does not grow with its text, {_AS_FITS}"
        else:
            continue  # its few words surely fit
        size = f" {round(height / 20, 1):g} pt high" if height is not None else ""
        yield text, f"text in a text box{size}{inside}", _BOX_GROWS


def _grows(content: etree._Element) -> bool:
    """Whether the text box holding ``content`` grows with its text."""
    box = content.getparent()
    if box is None:
        return False
    if box.tag == f"{{{_WPS}}}txbx":
        shape = box.getparent()
        body = shape.find(f"{{{_WPS}}}bodyPr") if shape is not None else None
        return body is not None and body.find(f"{{{_A}}}spAutoFit") is not None
    if box.tag == f"{{{VML}}}textbox":
        for declaration in box.get("style", "").split(";"):
            key, _, value = declaration.partition(":")
            if key.strip().lower() == "mso-fit-shape-to-text":
                return value.strip().lower() in ("t", "true")
    return False


_BOX_MARGIN = 72  # a text box's top and bottom margins when it gives none: 0.05 in
_BOX_SIDE = 144  # and its left and right ones: 0.1 in


def _margins(content: etree._Element) -> float:
    """The top and bottom margins of the text box holding ``content`` together (Word:
    Format Shape › Text Box › Internal margin), which its text does not go into."""
    box = content.getparent()
    if box is None:
        return 0.0
    if box.tag == f"{{{_WPS}}}txbx":
        shape = box.getparent()
        body = shape.find(f"{{{_WPS}}}bodyPr") if shape is not None else None
        sides = [body.get(side) if body is not None else None for side in ("tIns", "bIns")]
        return sum(
            _BOX_MARGIN if (margin := twips(side, 1 / EMU)) is None else margin for side in sides
        )
    if box.tag == f"{{{VML}}}textbox":
        sides = (box.get("inset", "") + ",,,").split(",")[1:4:2]  # left, top, right, bottom
        return sum(
            _BOX_MARGIN if (margin := _vml_length(side)) is None else margin for side in sides
        )
    return 0.0


def _vml_length_of(shape: etree._Element, name: str) -> float | None:
    """The height or width (``name``) a VML shape's style gives it, or None if none."""
    for declaration in shape.get("style", "").split(";"):
        key, _, value = declaration.partition(":")
        if key.strip().lower() == name:
            return _vml_length(value)
    return None


def _vml_length(value: str) -> float | None:
    """A VML length in twentieths of a point (in pixels where it names no unit), or None."""
    return twips(value.strip().lower().removesuffix("px"), _PIXEL)


_CELL_MARGIN = (
    "a letter shows everything it holds — give the cell its usual margins (Word: Table"
    " Properties › Cell › Options, or Table › Options)"
)
_SIDES = ("top", "bottom", "left", "right", "start", "end")


def _cell_margins(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """A cell's or a table's cell margin (``w:tcMar``, ``w:tblCellMar``) wider than
    :data:`MAX_CELL_MARGIN`, and a cell whose left and right margins (its own, else its
    table's, else Word's) leave its text no room: the PDF leaves out what they push out of
    the cell. Only where the cell or table holds text: an empty one (a spacer) may be
    drawn so, and a table style's margins are judged where a table uses them no more than
    Word's are."""
    for margins in root.iter(w("tcMar"), w("tblCellMar")):
        text = _text_of(margins)
        if text is None:
            continue
        sides = _sides(margins)
        wide = next(((n, v) for n, (v, _w) in sides.items() if abs(v) > MAX_CELL_MARGIN), None)
        if wide is not None:
            name, value = wide
            tag = etree.QName(margins).localname
            what = (
                f"text pushed out of its table cell (w:{tag} {name} {sides[name][1]}: a cell"
                f" margin of {value / 20:g} pt)"
            )
            yield text, what, _CELL_MARGIN
            continue
        properties = margins.getparent()
        if margins.tag != w("tcMar") or properties is None:
            continue
        width = properties.find(w("tcW"))
        room = _attribute(width, "w") if width is not None else None
        if width is None or width.get(w("type"), "dxa") != "dxa" or room is None:
            continue
        table = next(margins.iterancestors(w("tbl")), None)
        table_margins = table.find(f"{w('tblPr')}/{w('tblCellMar')}") if table is not None else None
        around = _sides(table_margins) if table_margins is not None else {}
        across = sum(
            _side(sides, a, b, _side(around, a, b, _WORD_SIDE))
            for a, b in (("left", "start"), ("right", "end"))
        )
        if room > 0 and across >= room:
            what = (
                f"text pushed out of its table cell (w:tcMar: margins of {across / 20:g} pt"
                f" in a cell {room / 20:g} pt wide)"
            )
            yield text, what, _CELL_MARGIN


_WORD_SIDE = 108  # Word's left and right cell margin where no one gives one: 0.075 in


def _sides(margins: etree._Element) -> dict[str, tuple[float, str]]:
    """The sides ``margins`` gives in twentieths of a point (dxa), with each as written."""
    found = {}
    for side in margins.iterchildren(*(w(name) for name in _SIDES)):
        value = _attribute(side, "w") if side.get(w("type"), "dxa") == "dxa" else None
        if value is not None:
            found[etree.QName(side).localname] = (value, side.get(w("w"), ""))
    return found


def _side(sides: dict[str, tuple[float, str]], name: str, other: str, default: float) -> float:
    """The side ``name`` (or its other name: left/start, right/end) of ``sides``, else
    ``default``."""
    found = sides.get(name, sides.get(other))
    return found[0] if found is not None else default


def _text_of(margins: etree._Element) -> etree._Element | None:
    """The first text of the cell or table whose margins these are, which names the
    paragraph in a message; None where it holds none (a spacer cell, a table style)."""
    holder = next(margins.iterancestors(w("tc") if margins.tag == w("tcMar") else w("tbl")), None)
    return first_text(holder)
