"""Text a reader cannot tell from what is behind it: white on white, black on black, yellow
on the white page, whatever its colours are set by.

:func:`faint_text` finds it in one parsed Word part, for :func:`letters.render.unseen.unseen`:

- each run with text, its colour and background found as Word finds them (:class:`Styles`);
- each style, the document's default format and each numbering level that sets a colour,
  highlight or shading, on the white page (a table style's own formatting is not judged: its
  cells may be shaded);
- each conditional format of a table style (``w:tblStylePr``: its first row, its banded
  rows …) that sets a colour, highlight or shading, whether or not a table switches it on
  (``w:tblLook``): its colour on its shading, each its own or else that of the formats it
  lies over (a corner cell its row's and its column's, each the whole table's), of the table
  style itself, else the white page (:meth:`Styles.conditional`).

The text's colour is the first ``w:color`` of: the run's own properties, its character
style and those it is based on (``w:basedOn``), its paragraph's style and those it is based
on (the default paragraph style when it names none), its table's style, the document's
defaults. ``auto`` alone is never faint: Word and LibreOffice show automatic text white on a
dark background.

What is behind it is the first of: the run's highlight, the run's shading, its paragraph's
shading (each as its colour is found), its table cell's shading, its table's, its table
style's, the white page. Text in a text box is not judged (the box's fill is the
drawing's). Where a table style shades only some cells (a first row, bands), text is faint
only if it is faint on each. Shading in a pattern (``pct95``, ``diagCross`` …) is the blend
of its pattern colour over its fill, as LibreOffice prints it
(:func:`letters.render.colours.shading_colours`).

Text is judged as each program a letter is read in shows it, its colour and its background
alike. Word shows a theme colour (``w:themeColor``, ``w:themeFill``, with its tint or shade,
read from the template's theme) where one is given, and ``w:val`` or ``w:fill`` only where
none is; LibreOffice, which makes the PDFs, shows ``w:val`` and ``w:fill`` alone: the colour
Word keeps beside a theme colour, stale once the theme or the colour has changed. Text faint
as either shows it is faint. (A highlight is named, never themed: both show it alike.)

The rule: text is faint when the WCAG contrast ratio of its colour and its background is
under :data:`MIN_CONTRAST` (1 is the same colour, 21 black on white; WCAG asks 4.5 of text
to be read with ease: 1.5 refuses only what cannot be seen, as yellow on white (1.07) or black
on dark blue (1.31), not pale text: grey 808080 on white is 3.9).
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from letters.render.colours import (
    HIGHLIGHTS,
    WHITE,
    contrast,
    named,
    shading_colours,
    text_colour,
    theme_colours,
)
from letters.render.docxpost import W, w

MIN_CONTRAST = 1.5
"""The lowest WCAG contrast ratio of text and its background that a letter may hold."""
READABLE = "a letter shows everything it holds — make the text readable (Word: Format › Font)"
# Said of text faint only as LibreOffice shows it (Word showing its theme colours)
_IN_THE_PDF = "LibreOffice shows w:val and w:fill, not theme colours"
_ON = ("1", "true", "on")
# Runs with a colour of their own: the only ones that can be faint when no style has one.
_COLOURED_RUNS = etree.XPath("//w:r[w:rPr/w:color]", namespaces={"w": W})
Places = list[etree._Element | None]

TABLE_PARTS = {
    "wholeTable": "whole table",
    "firstRow": "first row",
    "lastRow": "last row",
    "firstCol": "first column",
    "lastCol": "last column",
    "band1Horz": "odd banded rows",
    "band2Horz": "even banded rows",
    "band1Vert": "odd banded columns",
    "band2Vert": "even banded columns",
    "nwCell": "top left cell",
    "neCell": "top right cell",
    "swCell": "bottom left cell",
    "seCell": "bottom right cell",
}
"""The conditional formats of a table style (``w:tblStylePr w:type``), as a message names
them (Word: Table Design › Modify Table Style › Apply formatting to)."""
# What a conditional format lies over, nearest first: a corner cell over its row's and its
# column's format (Word formats a corner only where both are on), each over the whole table's.
_UNDER = {
    **{kind: ("wholeTable",) for kind in TABLE_PARTS if kind != "wholeTable"},
    "nwCell": ("firstRow", "firstCol", "wholeTable"),
    "neCell": ("firstRow", "lastCol", "wholeTable"),
    "swCell": ("lastRow", "firstCol", "wholeTable"),
    "seCell": ("lastRow", "lastCol", "wholeTable"),
}


def _first(places: Places, tag: str) -> etree._Element | None:
    """The first ``tag`` in the property elements ``places`` (nearest first)."""
    for place in places:
        found = place.find(tag) if place is not None else None
        if found is not None:
            return found
    return None


def _val(holder: etree._Element | None, tag: str) -> str | None:
    found = holder.find(tag) if holder is not None else None
    return found.get(w("val")) if found is not None else None


class Styles:
    """A template's styles and theme colours: where a run's formatting comes from. Without
    a styles part (a rendered part is checked alone) only the run's own formatting counts."""

    def __init__(
        self, root: etree._Element | None = None, theme: dict[str, str] | None = None
    ) -> None:
        self.theme = theme if theme is not None else theme_colours(None)
        self._by_id: dict[tuple[str, str], etree._Element] = {}
        self._default: dict[str, etree._Element] = {}
        self._chains: dict[tuple[str, str | None], list[etree._Element]] = {}
        self._alone: dict[etree._Element, str | None] = {}
        defaults = root.find(w("docDefaults")) if root is not None else None
        self._rpr = defaults.find(f"{w('rPrDefault')}/{w('rPr')}") if defaults is not None else None
        self._ppr = defaults.find(f"{w('pPrDefault')}/{w('pPr')}") if defaults is not None else None
        for style in root.iter(w("style")) if root is not None else ():
            kind = style.get(w("type"), "paragraph")
            self._by_id.setdefault((kind, style.get(w("styleId"), "")), style)
            if style.get(w("default"), "").lower() in _ON:
                self._default.setdefault(kind, style)
        self.coloured = root is not None and next(root.iter(w("color")), None) is not None
        self.key: bytes | None = None
        """The sha256 of the styles and theme parts these were read from, strictly (set by
        :func:`~letters.render.package_read.read_styles`), so that what is judged with them
        can be kept by it; None otherwise."""

    @classmethod
    def of(cls, styles: bytes | None, theme: bytes | None, parse: etree.XMLParser) -> Styles:
        """The styles of a package from its styles and theme parts (either may be missing
        or unreadable: that part is reported on its own, and counts as missing here)."""
        roots = []
        for data in (styles, theme):
            try:
                roots.append(etree.fromstring(data, parse) if data else None)
            except etree.XMLSyntaxError:
                roots.append(None)
        return cls(roots[0], theme_colours(roots[1]))

    def _chain_from(self, style: etree._Element | None) -> list[etree._Element]:
        chain: list[etree._Element] = []
        while style is not None and all(style is not s for s in chain):
            chain.append(style)
            based = _val(style, w("basedOn"))
            style = self._by_id.get((style.get(w("type"), "paragraph"), based or ""))
        return chain

    def chain(self, kind: str, style_id: str | None) -> list[etree._Element]:
        """The style of type ``kind`` named ``style_id`` (the type's default when it names
        none it has) and those it is based on, nearest first."""
        key = (kind, style_id)
        if key not in self._chains:
            style = self._by_id.get((kind, style_id or ""))
            if style is None and kind != "character":
                style = self._default.get(kind)
            self._chains[key] = self._chain_from(style)
        return self._chains[key]

    def unhyphenated(self) -> frozenset[str]:
        """The ids of the paragraph styles never hyphenated (*Don't hyphenate*,
        w:suppressAutoHyphens, set in the style, one it is based on or the document's
        defaults); "" stands for a paragraph that names no style."""
        found = set()
        for style_id in [sid for kind, sid in self._by_id if kind == "paragraph"] + [""]:
            holders = [s.find(w("pPr")) for s in self.chain("paragraph", style_id or None)]
            for holder in [*holders, self._ppr]:
                switch = holder.find(w("suppressAutoHyphens")) if holder is not None else None
                if switch is not None:
                    if switch.get(w("val"), "true").lower() in _ON:
                        found.add(style_id)
                    break
        return frozenset(found)

    def places(
        self, rpr: etree._Element | None, ppr: etree._Element | None, table: etree._Element | None
    ) -> tuple[Places, Places]:
        """Where a run's properties come from (its ``rpr``, in paragraph ``ppr`` and
        ``table``), nearest first: run properties, then paragraph properties."""
        table_chain = (
            self.chain("table", _val(table.find(w("tblPr")), w("tblStyle")))
            if table is not None
            else []
        )
        paragraph_chain = self.chain("paragraph", _val(ppr, w("pStyle")))
        run_places: Places = [
            rpr,
            *(s.find(w("rPr")) for s in self.chain("character", _val(rpr, w("rStyle")))),
            *(s.find(w("rPr")) for s in (*paragraph_chain, *table_chain)),
            self._rpr,
        ]
        para_places: Places = [
            ppr,
            *(s.find(w("pPr")) for s in (*paragraph_chain, *table_chain)),
            self._ppr,
        ]
        return run_places, para_places

    def definition(self, rpr: etree._Element) -> str | None:
        """What is faint in run properties that a style, the document's defaults or a
        numbering level define, on the white page; None if nothing is."""
        if rpr not in self._alone:
            holder = rpr.getparent()
            if holder is not None and holder.get(w("type")) == "table":
                return None  # its cells may be shaded
            if holder is not None and holder.tag == w("style"):
                chain = self._chain_from(holder)
                run_places: Places = [*(s.find(w("rPr")) for s in chain), self._rpr]
                para_places: Places = [*(s.find(w("pPr")) for s in chain), self._ppr]
            else:
                run_places, para_places = [rpr, self._rpr], [self._ppr]
            self._alone[rpr] = self.judge(run_places, para_places, None, holder)
        return self._alone[rpr]

    def conditional(self, style: etree._Element) -> Iterator[tuple[etree._Element, str]]:
        """(element, what) for each conditional format of table style ``style``, its own or
        inherited, that sets a colour, highlight or shading and holds faint text (see the
        module's docs); one it inherits as it is, faint in the style it comes from too, is
        that style's to report."""
        chain = self._chain_from(style)
        blocks = [block for s in chain for block in s.iterfind(w("tblStylePr"))]
        for kind in dict.fromkeys(_kind(block) for block in blocks):
            own = next((b for b in style.iterfind(w("tblStylePr")) if _kind(b) == kind), None)
            what = self._conditional(chain, kind)
            if what and (own is not None or not self._conditional(chain[1:], kind)):
                yield (own if own is not None else next(iter(style), style)), what

    def _conditional(self, chain: list[etree._Element], kind: str) -> str | None:
        """What is faint in the conditional format ``kind`` of the table style whose chain
        (:meth:`chain`) is ``chain``, or None (also when it sets no colour of its own): its
        colour on its shading, each its own or else that of the formats it lies over, the
        style's own, the white page; whether a table switches it on or not."""
        blocks = [b for s in chain for b in s.iterfind(w("tblStylePr")) if _kind(b) == kind]
        if not any(_sets_colour(b) for b in blocks):
            return None
        kinds = (kind, *_UNDER.get(kind, ()))
        layers = [
            b for k in kinds for s in chain for b in s.iterfind(w("tblStylePr")) if _kind(b) == k
        ]
        cells: Places = [
            *(b.find(f"{w(tag)}/{w('shd')}") for tag in ("tcPr", "tblPr") for b in layers),
            *(s.find(f"{w(tag)}/{w('shd')}") for tag in ("tcPr", "tblPr") for s in chain),
        ]
        return self.judge(
            [*(b.find(w("rPr")) for b in (*layers, *chain)), self._rpr],
            [*(b.find(w("pPr")) for b in (*layers, *chain)), self._ppr],
            None,
            chain[0],
            cells,
        )

    def judge(
        self,
        run_places: Places,
        para_places: Places,
        paragraph: etree._Element | None,
        subject: etree._Element | None = None,
        cells: Places | None = None,
    ) -> str | None:
        """What makes text with these properties faint (in ``paragraph``), or None.
        ``cells``: the shading of the table cells it is in (nearest first) where there is
        no ``paragraph`` to find them from; ``subject``: the style judged, if one is."""
        color = _first(run_places, w("color"))
        if color is None:
            return None
        for themed in (True, False):  # as Word shows it, then as LibreOffice does
            ink = text_colour(color, self.theme, themed=themed)
            if ink is None:
                continue
            grounds, what, marked = self._ground(run_places, para_places, paragraph, themed, cells)
            if grounds and all(contrast(ink, ground) < MIN_CONTRAST for ground in grounds):
                text = f"{named(ink)} text" if named(ink) != ink else f"text coloured {ink}"
                said = "; ".join(_said(e, subject) for e in (color, marked) if e is not None)
                faint = f"{text} on {what.format(named(grounds[-1]))}"
                return (
                    f"{faint} ({said})" if themed else f"{faint} in the PDF ({said}: {_IN_THE_PDF})"
                )
        return None

    def _ground(
        self,
        run_places: Places,
        para_places: Places,
        paragraph: etree._Element | None,
        themed: bool,
        cells: Places | None = None,
    ) -> tuple[list[str], str, etree._Element | None]:
        """The colours that may be behind text (none: not known) in Word (``themed``) or
        LibreOffice, what they are (``{}`` for the colour) and the element that says so;
        ``cells``: see :meth:`judge`."""
        highlight = _first(run_places, w("highlight"))
        name = highlight.get(w("val"), "none") if highlight is not None else "none"
        if highlight is not None and name != "none":
            known = HIGHLIGHTS.get(name)
            return ([known] if known else []), f"a {name} highlight", highlight
        for places, what in ((run_places, "{} shading"), (para_places, "a paragraph shaded {}")):
            shd = _first(places, w("shd"))
            colours = shading_colours(shd, self.theme, themed=themed) if shd is not None else None
            if shd is not None and colours is not None:
                return colours, what, shd
        for shd in (c for c in cells or () if c is not None):
            colours = shading_colours(shd, self.theme, themed=themed)
            if colours is not None:
                parent = shd.getparent()
                cell = parent is not None and parent.tag == w("tcPr")
                return colours, "a table cell shaded {}" if cell else "a table shaded {}", shd
        return self._table_ground(paragraph, themed)

    def _table_ground(
        self, paragraph: etree._Element | None, themed: bool
    ) -> tuple[list[str], str, etree._Element | None]:
        """What is behind a paragraph with no shading: its cells' and tables' shading
        (nearest first), or the white page."""
        maybe: list[str] = []  # what a table style shades in some cells only
        if paragraph is None:
            return [WHITE], "the white page", None
        for holder in paragraph.iterancestors(w("tc"), w("tbl"), w("txbxContent")):
            if holder.tag == w("txbxContent"):
                return [], "", None  # a text box's fill is in its drawing: not judged
            properties = holder.find(w("tcPr") if holder.tag == w("tc") else w("tblPr"))
            what = "a table cell shaded {}" if holder.tag == w("tc") else "a table shaded {}"
            candidates = [properties.find(w("shd")) if properties is not None else None]
            if holder.tag == w("tbl"):
                for style in self.chain("table", _val(properties, w("tblStyle"))):
                    candidates += [style.find(f"{w('tcPr')}/{w('shd')}")]
                    candidates += [style.find(f"{w('tblPr')}/{w('shd')}")]
                    for shd in style.iterfind(f"{w('tblStylePr')}//{w('shd')}"):
                        maybe += shading_colours(shd, self.theme, themed=themed) or []
            for shd in (c for c in candidates if c is not None):
                colours = shading_colours(shd, self.theme, themed=themed)
                if colours is not None:
                    return maybe + colours, what, shd
        return [*maybe, WHITE], "the white page", None


def _said(element: etree._Element, subject: etree._Element | None) -> str:
    """The markup that sets a colour, for a message: ``w:color FFFFFF``, with its theme
    colour and, when a style gives it, the style."""
    name = etree.QName(element).localname
    theme_attribute = "themeFill" if name == "shd" else "themeColor"
    said = f"w:{name} {element.get(w('fill' if name == 'shd' else 'val'), 'auto')}"
    if element.get(w(theme_attribute)):
        said += f", w:{theme_attribute} {element.get(w(theme_attribute))}"
    pattern = element.get(w("val"), "clear") if name == "shd" else "clear"
    if pattern != "clear":  # a pattern in w:color over the fill
        said += f", pattern {pattern} in {element.get(w('color'), 'auto')}"
    holder = element.getparent()
    holder = holder.getparent() if holder is not None else None
    if holder is not None and holder.tag == w("tblStylePr"):  # a table style's conditional
        part = TABLE_PARTS.get(_kind(holder), _kind(holder))
        style = holder.getparent()
        if style is None or style is subject:
            return f"{said} in its {part}"
        style_name = _val(style, w("name")) or style.get(w("styleId"), "")
        return f"{said} in the {part} of style “{style_name}”"
    if holder is None or holder is subject:
        return said
    if holder.tag == w("style"):
        style_name = _val(holder, w("name")) or holder.get(w("styleId"), "")
        return f"{said} from style “{style_name}”"
    if holder.tag in (w("rPrDefault"), w("pPrDefault")):
        return f"{said} from the document's default format"
    return said


def faint_text(
    root: etree._Element, styles: Styles | None, *, rendered: bool = False
) -> Iterator[tuple[etree._Element, str]]:
    """(element, what) for text in one parsed part that a reader cannot tell from what is
    behind it (see the module's docs); ``styles``: the template's, if known. In a
    ``rendered`` part only runs with a colour of their own are judged: the template's
    runs and styles were judged before rendering, and a letter is not judged twice."""
    styles = styles or Styles()
    if root.tag in (w("styles"), w("numbering")):
        if root.tag == w("styles"):
            styles = Styles(root, styles.theme)
            for style in root.iter(w("style")):
                if style.get(w("type")) == "table":
                    yield from styles.conditional(style)
        for rpr in root.iter(w("rPr")):
            holder = rpr.getparent()
            if holder is None or holder.tag not in (w("style"), w("rPrDefault"), w("lvl")):
                continue
            if holder.get(w("type")) == "table" or not _sets_colour(rpr):
                continue
            what = styles.definition(rpr)
            if what:
                yield rpr, what
        return
    every = styles.coloured and not rendered
    for run in root.iter(w("r")) if every else _COLOURED_RUNS(root):
        if not "".join(t.text or "" for t in run.iter(w("t"))).strip():
            continue
        paragraph = next(run.iterancestors(w("p")), None)
        run_places, para_places = styles.places(
            run.find(w("rPr")),
            paragraph.find(w("pPr")) if paragraph is not None else None,
            next(run.iterancestors(w("tbl")), None),
        )
        color = _first(run_places, w("color"))
        if color is not None and color.getparent() is not run_places[0]:
            defined = color.getparent()
            if defined is not None and styles.definition(defined):
                continue  # reported as the style's (or the defaults') own problem
        what = styles.judge(run_places, para_places, paragraph)
        if what:
            yield run, what


def _sets_colour(holder: etree._Element) -> bool:
    """Whether run properties, or a table style's conditional format, set a colour,
    highlight or shading."""
    if holder.tag == w("tblStylePr"):
        tags = [f"{w('rPr')}/{w(t)}" for t in ("color", "highlight", "shd")]
        tags += [f"{w(t)}/{w('shd')}" for t in ("pPr", "tcPr", "tblPr")]
        return any(holder.find(tag) is not None for tag in tags)
    return any(holder.find(w(tag)) is not None for tag in ("color", "highlight", "shd"))


def _kind(block: etree._Element) -> str:
    """Which conditional format of its table style a ``w:tblStylePr`` is (``firstRow`` …)."""
    return str(block.get(w("type"), ""))
