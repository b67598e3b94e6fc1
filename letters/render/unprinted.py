"""Wording a letter carries that no page prints: a link's tooltip, a picture's alternative
text, the text of a chart or a SmartArt diagram, a content control's choices.

- A tooltip (Word's ScreenTip: ``w:hyperlink w:tooltip``, a HYPERLINK field's ``\\o``,
  DrawingML's ``a:hlinkClick`` and ``a:hlinkHover``) shows only under the mouse, in Word,
  and nowhere in the PDF. It is refused: its wording is not what the signatories read on
  the page, and a letter needs nothing said only there.
- A picture's alternative text (``descr`` and ``title`` of ``wp:docPr``, ``pic:cNvPr`` and
  their kin, VML's ``alt`` and ``o:title``) is what a reader who cannot see the picture
  hears: a letter needs it, so it is kept (said in the letter's language:
  :mod:`letters.render.picture_texts`), and held to what text on the page is held to —
  no character that hides or reorders text, no control character. A change to it is a new
  version of the letter, to be approved again.
- The text of charts and SmartArt is DrawingML's (``a:t``; a chart's labels and series
  names are the values it keeps, ``c:v``), which the checks of Word's own text (``w:t``)
  do not reach: it is held to the same characters.
- A table's alternative text (``w:tblCaption``, ``w:tblDescription``: Word's Table
  Properties › Alt Text) is refused. Only a screen reader says it; unlike a picture's it is
  not translated (a uk or ru letter would say it in the template's English) and its
  signatories are not shown it under the draft, so translating it would let a translator's
  words go out unapproved. What it says belongs on the page, as a caption.
- A content control with wording to choose from (a drop-down list, a combo box:
  ``w:dropDownList``, ``w:comboBox``) keeps each item's wording in the file; Word shows them
  only when the control is clicked, and puts one in the letter with one more click, the PDF
  none. It is refused: the letter would carry wording its signatories never read, ready to
  replace what they did.
- The names of fonts and styles (``styles.xml``, ``fontTable.xml``, the theme's fonts, a
  run's ``w:rFonts``) show in Word's font and style boxes and in a reviewer's eyes, never
  on the page: such a name is held to the same characters, and to :data:`MAX_NAME_CHARS`.
  A message names the part and the name's place in it, never the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from letters.load.characters import bad_character, character_named, invisible_character
from letters.render.docxpost import W, w

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_VML = "urn:schemas-microsoft-com:vml"
_OFFICE = "urn:schemas-microsoft-com:office:office"
_CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_NO_TOOLTIP = (
    "a letter says what it says in its text — clear the link's ScreenTip (Word: right-click"
    " the link › Edit Link › ScreenTip)"
)
_UNDER_THE_MOUSE = "which Word shows only under the mouse, and the PDF not at all"
RETYPE = "delete it (Word: show formatting marks with Ctrl+Shift+8), or type it again"
_CHOICES = (w("dropDownList"), w("comboBox"))
_TABLE_ALT_TEXTS = (w("tblCaption"), w("tblDescription"))
_ON_THE_PAGE = (
    "say it on the page, where it is translated and approved (a caption above the table),"
    " and clear it (Word: Table Properties › Alt Text)"
)
_ONE_WORDING = (
    "a letter says one thing — remove the content control and type its text (Word:"
    " right-click › Remove Content Control)"
)

# (element, its attribute holding a tooltip, how a message names it)
_TOOLTIPS = (
    (w("hyperlink"), w("tooltip"), "w:tooltip"),
    (f"{{{A}}}hlinkClick", "tooltip", "a:hlinkClick"),
    (f"{{{A}}}hlinkHover", "tooltip", "a:hlinkHover"),
)
# DrawingML's non-visual properties (wp:docPr, pic:cNvPr, wps:cNvPr …) and VML's shapes
_ALT_TEXT = etree.XPath(
    "//*[local-name()='docPr' or local-name()='cNvPr'][@descr or @title]"
    " | //v:*[@alt] | //v:imagedata[@o:title]",
    namespaces={"v": _VML, "o": _OFFICE},
)
_ALT_ATTRIBUTES = ("descr", "title", "alt", f"{{{_OFFICE}}}title")
# A HYPERLINK field's screen tip: \o and its text, quoted or one word
_FIELD_TOOLTIP = re.compile(r'\\o\s+("[^"]*"|\S+)')


def unprinted(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """(element, what it is, the fix) for each tooltip and each content control with wording
    to choose from in ``root``, and each character
    that hides or reorders text, or a control character, in its alternative texts and
    DrawingML text (see the module's docs)."""
    for tag, attribute, named in _TOOLTIPS:
        for element in root.iter(tag):
            if tip := element.get(attribute, "").strip():
                yield element, _tooltip(named, tip), _NO_TOOLTIP
    for element in _ALT_TEXT(root):
        for attribute in _ALT_ATTRIBUTES:
            if (what := _suspect(element.get(attribute, ""), allow_newline=True)) is not None:
                local = etree.QName(element).localname
                name = f"{element.prefix}:{local}" if element.prefix else local
                said = f"{name} {'o:title' if attribute.startswith('{') else attribute}"
                yield element, f"{what} in a picture's alternative text ({said})", RETYPE
    yield from _table_alt_texts(root)
    for element in root.iter(*_CHOICES):
        if element.find(w("listItem")) is not None:
            kind = etree.QName(element).localname
            what = (
                f"a content control with wording to choose from (w:{kind}),"
                " whose items Word shows only when it is clicked and puts in the letter with one"
                " more click, and the PDF not at all"
            )
            yield element, what, _ONE_WORDING
    for element in root.iter(f"{{{A}}}t", f"{{{_CHART}}}v"):
        if (what := _suspect(element.text or "", allow_newline=False)) is not None:
            yield element, what, RETYPE
    yield from hidden_in_names(root)


def _table_alt_texts(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """A table's alternative text that says something: the element named is the table's
    first text, whose paragraph says which table (its own value is not quoted)."""
    for element in root.iter(*_TABLE_ALT_TEXTS):
        if _in_tracked_history(element):
            continue  # a tracked change's old properties: accepted away before rendering
        if element.get(w("val"), "").strip():
            table = next(element.iterancestors(w("tbl")), None)
            first = next(table.iter(w("t")), None) if table is not None else None
            what = (
                f"a table's alternative text (w:{etree.QName(element).localname}), which only"
                " a screen reader says: no page prints it, its signatories are not shown it,"
                " and it is not translated"
            )
            yield element if first is None else first, what, _ON_THE_PAGE


def _in_tracked_history(element: etree._Element) -> bool:
    """Whether ``element`` is in the properties a tracked change replaced (``w:tblPrChange``
    and the other ``*PrChange``), which Word keeps only to undo the change."""
    return any(
        etree.QName(up).localname.endswith("PrChange") and etree.QName(up).namespace == W
        for up in element.iterancestors(etree.Element)
    )


MAX_NAME_CHARS = 253
"""The longest font or style name a template may hold: Word's own limit for a style name
(a font's family name is at most 31 characters in Windows, 63 in an OpenType font)."""

# The attributes that name a font or a style, by the element holding them: each refers to
# the font or style it names, so what it holds is what Word shows in its boxes.
_FONT_NAMES = {
    w("font"): (w("name"),),
    w("altName"): (w("val"),),
    w("rFonts"): (w("ascii"), w("hAnsi"), w("eastAsia"), w("cs")),
    w("sym"): (w("font"),),
    **{f"{{{A}}}{tag}": ("typeface",) for tag in ("latin", "ea", "cs", "sym", "font", "buFont")},
}
_STYLE_NAMES = {
    w("style"): (w("styleId"),),
    w("lsdException"): (w("name"),),
    **{
        w(tag): (w("val"),)
        for tag in ("name", "aliases", "basedOn", "next", "link", "pStyle", "rStyle", "tblStyle")
    },
}
_RENAME_FONT = "choose the font again from Word's list (Home › Font), which names it as installed"
_RENAME_STYLE = "rename the style, typing its name again (Word: Home › Styles › Modify)"


def hidden_in_names(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """(element, what, the fix) for each font or style name in ``root`` that holds a
    character a reader would not see, or that is longer than :data:`MAX_NAME_CHARS`. The
    element is the name's own in a paragraph (whose text says where), else the part's root:
    a style's name is not quoted to say where, since it may be what is wrong."""
    counted: dict[str, int] = {}
    for element in root.iter(*_FONT_NAMES, *_STYLE_NAMES):
        parent = element.getparent()
        if element.tag == w("name") and (parent is None or parent.tag != w("style")):
            continue  # a form field's or a document variable's name: no style's
        counted[element.tag] = number = counted.get(element.tag, 0) + 1
        font = element.tag in _FONT_NAMES
        for attribute in (_FONT_NAMES if font else _STYLE_NAMES)[element.tag]:
            name = element.get(attribute, "")
            what = _suspect(name, allow_newline=False)
            if what is None and len(name) > MAX_NAME_CHARS:
                what = f"{len(name):,} characters, more than the {MAX_NAME_CHARS} of Word's longest"
            if what is None:
                continue
            prefix = "a" if element.tag.startswith(f"{{{A}}}") else "w"
            tag = f"{prefix}:{etree.QName(element).localname}"
            said = f"{tag} {etree.QName(attribute).localname}, the part's {tag} no. {number}"
            kind, fix = ("a font name", _RENAME_FONT) if font else ("a style name", _RENAME_STYLE)
            in_text = next(element.iterancestors(w("p"), f"{{{A}}}p"), None) is not None
            yield element if in_text else root, f"{kind} ({said}) holding {what}", fix


def field_tooltip(element: etree._Element, code: str) -> Iterator[tuple[etree._Element, str, str]]:
    """A HYPERLINK field's screen tip (``\\o``), for the field ``code`` begun at ``element``."""
    words = code.split()
    found = _FIELD_TOOLTIP.search(code) if words and words[0].upper() == "HYPERLINK" else None
    if found and (tip := found.group(1).strip('"').strip()):
        yield element, _tooltip("\\o", tip), _NO_TOOLTIP


def _tooltip(named: str, tip: str) -> str:
    from letters.render.unseen import shown  # unseen calls this module

    return f"a link's tooltip ({named} “{shown(tip)}”), {_UNDER_THE_MOUSE}"


def hiding_character(found: str, *, invisible: bool) -> str:
    """How a message names the character ``found`` (its code point, where it stands):
    an ``invisible`` one, else a control character, a surrogate or a noncharacter."""
    if invisible:
        return f"an invisible character that can hide or reorder text ({found})"
    return character_named(found)


def _suspect(text: str, *, allow_newline: bool) -> str | None:
    """What a reader would not see in ``text``: an invisible or a control character."""
    if invisible := invisible_character(text):
        return hiding_character(invisible, invisible=True)
    if control := bad_character(text, allow_newline=allow_newline):
        return hiding_character(control, invisible=False)
    return None
