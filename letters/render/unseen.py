"""What a reader of a letter would not see, or would see otherwise than it is stored.

:func:`unseen` finds it in one parsed Word part, of a template or of a rendered letter
(:mod:`letters.render.package_check` refuses what it finds, naming the part):

- (none of what follows counts in the old formatting a tracked change keeps, which Word
  does not show: ``w:rPrChange``, ``w:pPrChange`` …)
- hidden text (``w:vanish``, ``w:specVanish``, ``w:webHidden``), styles included;
- text too small to read (under :data:`MIN_HALF_POINTS`, in any script, a size given
  with its unit read too) or squeezed too narrow (under
  :data:`MIN_SCALE` per cent), and text whose colour is too close to what is behind it
  (:mod:`letters.render.contrast`: white on the white page or on a white highlight, black
  on black …), styles included; text moved off the page, drawn over itself or without
  ink, or in a place no page shows (:mod:`letters.render.placement`);
- a field that fetches from outside, a VML picture given by its address, and text shown
  from elsewhere (a content control bound to data, an imported chunk, a mail merge);
- a field whose text Word or LibreOffice works out again as the letter is opened, printed
  or made a PDF (``DATE``, ``IF``, ``AUTHOR`` …): it shows what the letter file, and so
  its version, does not hold. Only page numbers (:data:`PAGE_FIELDS`) and links to a place
  in the letter itself are left; a page number field's stored text, which Word shows until
  the field is updated and the PDF does not, is a number (:func:`page_number`) or nothing,
  and a field without a code holds no text;
- text set in a symbol font (:mod:`letters.render.glyphs`), drawn as pictures in Word and
  as letters in the PDF;
- characters that hide or reorder text (bidirectional controls, zero-width and other
  format characters, control characters) in the text of a run, or as a symbol (``w:sym``:
  a character given by its number, which Word and LibreOffice draw like any other), and
  their markup, a direction override (``w:bdo``) or embedding (``w:dir``), and text or a
  paragraph or table set right to left (``w:rtl``, ``w:bidi``, ``w:bidiVisual``:
  :mod:`letters.render.direction`);
- text outside any run, which LibreOffice leaves out and Word reports as damage (docxtpl's
  ``{{r }}`` and ``{{p }}`` put a plain value there);
- wording no page prints (:mod:`letters.render.unprinted`): a link's tooltip, a content
  control's items to choose from, and a character that hides or reorders text in a
  picture's alternative text or in a chart's or
  SmartArt's text;
- an element of a namespace marked ignorable (``mc:Ignorable``) other than Word's own,
  which Word leaves out and LibreOffice shows (:mod:`letters.render.ignorable`);
- alternative content (``mc:AlternateContent``) whose versions say different things, as
  Word shows one and LibreOffice, which makes the PDF, the other; and so a picture with an
  SVG version (``asvg:svgBlip``) beside its PNG.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from lxml import etree

from letters.load.characters import bad_character, invisible_character
from letters.render.contrast import READABLE, Styles, faint_text
from letters.render.cut_off import cut_off
from letters.render.direction import OFF, right_to_left
from letters.render.docxpost import W, w
from letters.render.glyphs import symbol_font_text
from letters.render.ignorable import foreign_ignorable
from letters.render.placement import merged_away, misplaced, twips
from letters.render.tag_check import paragraph_quote
from letters.render.unprinted import RETYPE, A, field_tooltip, hiding_character, unprinted

NOTHING_OUTSIDE = "a letter carries nothing from outside"
SAVE_AGAIN = "open the template in Word or LibreOffice and save it again as .docx"
LINKED_PICTURE = (
    "a picture linked from outside",
    f"{NOTHING_OUTSIDE} — insert the picture itself (Word: Insert › Pictures, not 'Link to File')",
)
_UNHIDE = (
    "a letter shows everything it holds — clear 'Hidden' (Word: Format › Font) or delete the text"
)

# Fields that fetch their content from a file or address when Word updates them (Word
# fetches an INCLUDEPICTURE as it opens the document).
_FETCHING_FIELDS = {"INCLUDETEXT", "INCLUDEPICTURE", "LINK", "DDE", "DDEAUTO", "IMPORT"}
# Fields whose text is a page number: the only ones besides links within the letter.
PAGE_FIELDS = {"PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION", "PAGEREF"}
_FIXED_TEXT = (
    "a letter shows the text it holds, which its signatories approve — type the text"
    " instead of the field (Word: select the field and press Ctrl+Shift+F9)"
)
_HIDING = {
    w("vanish"): "hidden text (w:vanish)",
    w("specVanish"): "a hidden paragraph mark (w:specVanish)",
    w("webHidden"): "text hidden in web view (w:webHidden)",
}
_SHOWN_FROM_ELSEWHERE = {
    w("dataBinding"): (
        "a content control bound to data (w:dataBinding), which shows text that is not the"
        " letter's own",
        "remove the content control and type its text (Word: right-click › Remove Content Control)",
    ),
    w("altChunk"): (
        "an imported chunk (w:altChunk), which is merged in only when the letter is opened",
        "paste its content into the template",
    ),
    # in settings.xml, with or without a relationship: its connection string alone may
    # name a file on another machine, which Word reaches as the letter is opened
    w("mailMerge"): (
        "a mail merge (w:mailMerge), which Word runs against its data source as the letter is"
        " opened, filling it with text that is not the letter's own",
        f"{NOTHING_OUTSIDE} — make it a normal document again (Word: Mailings › Start Mail"
        " Merge › Normal Word Document)",
    ),
}
# Word draws the text of a w:bdo in the direction it forces (Latin letters right to left, as
# U+202E does), and that of a w:dir in the direction it embeds (words and numbers reordered,
# as U+202B does); LibreOffice, which makes the PDF, ignores both and draws the text as stored.
_RETYPE_OUTSIDE = "type the text again outside it, so that the .docx and the PDF read alike"
_REORDERED = {
    w("bdo"): (
        "text under a direction override (w:bdo), which Word shows in reverse order and the"
        " PDF as it is stored",
        _RETYPE_OUTSIDE,
    ),
    w("dir"): (
        "text under a direction embedding (w:dir), which Word shows in another order and the"
        " PDF as it is stored",
        _RETYPE_OUTSIDE,
    ),
}
_RENUMBER = "define the list's numbering again (Word: Home › Numbering › Define New Number Format)"
# Tracked changes and comment marks: a template's own are accepted or removed before it is
# rendered (letters.render.docxpost), so any in a rendered part were written by its tags;
# Word shows the letter with or without them as the reader chooses.
_REVISION_MARKS = tuple(
    w(tag)
    for tag in (
        "del", "ins", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange",
        "tblPrChange", "trPrChange", "tcPrChange", "tblGridChange", "numberingChange",
        "moveFromRangeStart", "moveToRangeStart", "commentRangeStart", "commentReference",
    )
)  # fmt: skip
# VML (Word's older drawings) may name a picture's address in an attribute, not a relationship.
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_VML = ("urn:schemas-microsoft-com:vml", "urn:schemas-microsoft-com:office:office")
_EMBEDDED = {f"{{{_R}}}id", f"{{{_VML[1]}}}relid"}
_ADDRESS = re.compile(r"\s*([a-z][a-z0-9+.-]*:|\\\\|//)", re.IGNORECASE)
_FIELD_TAGS = (w("fldChar"), w("instrText"), w("fldSimple"))
_TYPE = w("fldCharType")
# What a field's stored result may show besides its text.
_DRAWN = (w("drawing"), w("pict"), w("object"))
_NUMBER_ONLY = (
    "a page number field holds its number only — update the field (Word: select it and press"
    " F9) and type any other text outside it"
)


def unseen(
    root: etree._Element, styles: Styles | None = None, *, rendered: bool = False
) -> Iterator[tuple[etree._Element, str, str]]:
    """(element, what it is, the fix) for everything in one parsed part that a reader
    would not see, or would see otherwise than it is stored (see the module's docs);
    ``styles``: the template's styles and theme, where a run's colours may come from;
    ``rendered``: a part of a letter, not of its template (see :func:`faint_text`)."""
    for found in _unseen(root, styles, rendered=rendered):
        # a tracked change's old formatting (w:rPrChange …) is what Word no longer shows
        if not any(a.tag.endswith(_OLD) for a in found[0].iterancestors()):
            yield found


_OLD = ("PrChange", "tblGridChange", "numberingChange")


def _unseen(
    root: etree._Element, styles: Styles | None, *, rendered: bool
) -> Iterator[tuple[etree._Element, str, str]]:
    for element in root.iter(*_HIDING):
        if element.get(w("val"), "").lower() not in OFF:
            yield element, _HIDING[element.tag], _UNHIDE
    for element, code, result, drawn in _fields(root):
        fetching, worked_out = _fetching(code), _worked_out(code)
        if fetching:
            fix = f"{NOTHING_OUTSIDE} — remove the field (Word shows field codes with Alt+F9)"
            yield element, f"a field that fetches from outside the letter ({fetching})", fix
        elif worked_out is not None:
            what = (
                f"a field whose text is worked out again as the letter is opened, printed or"
                f" made a PDF ({worked_out})"
            )
            yield element, what, _FIXED_TEXT
        else:
            yield from _stored_result(element, code, result, drawn)
            yield from field_tooltip(element, code)
    for element in root.iter(*_SHOWN_FROM_ELSEWHERE):
        what, fix = _SHOWN_FROM_ELSEWHERE[element.tag]
        yield element, what, fix
    for element in root.iter(*_REORDERED):
        yield element, *_REORDERED[element.tag]
    yield from right_to_left(root)
    for element in root.iter(*(f"{{{ns}}}*" for ns in _VML)):
        if _EMBEDDED.intersection(element.attrib):
            continue  # the picture is in the file; an address beside it says where it came from
        for key, value in element.attrib.items():
            if etree.QName(key).localname in ("src", "href") and _ADDRESS.match(value):
                what, fix = LINKED_PICTURE
                yield element, f"{what} ({shown(value)})", fix
    for element in root.iter(*_REVISION_MARKS) if rendered else ():
        what = "a comment mark" if "comment" in element.tag else "a tracked change"
        yield element, f"{what} (w:{etree.QName(element).localname})", _UNHIDE
    yield from _unreadable(root)
    yield from misplaced(root)
    yield from cut_off(root)
    yield from merged_away(root)  # docxtpl's {% vm %} leaves the rest of a cell in its copies
    for element, what in faint_text(root, styles, rendered=rendered):
        yield element, what, READABLE
    yield from symbol_font_text(root, styles or Styles(), rendered=rendered)
    yield from _misread_text(root)
    yield from unprinted(root)
    yield from foreign_ignorable(root)


MIN_HALF_POINTS = 8
"""The smallest text a letter may hold, in half-points (Word's w:sz): 4 pt."""
MIN_SCALE = 50
"""The narrowest text a letter may hold, in per cent of its width (Word's w:w)."""

SMALLER_BY = 0.58
"""How much smaller raised or lowered text (w:vertAlign superscript or subscript) is drawn
than its size: LibreOffice's 58% (Word's is near it), so 5 pt made superscript is 2.9 pt."""

# Run properties that set a size or a width (most runs take both from their style).
_SIZED = etree.XPath("//w:rPr[w:sz or w:szCs or w:w]", namespaces={"w": W})
_RAISED = etree.XPath(
    "w:vertAlign[@w:val='superscript' or @w:val='subscript']/@w:val", namespaces={"w": W}
)


def _unreadable(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """Formatting that hides text in plain sight: too small to read, or squeezed to
    nothing (Word: Format › Font › Advanced › Scale)."""
    for rpr in _SIZED(root):
        raised = _RAISED(rpr)
        for size in (rpr.find(w("sz")), rpr.find(w("szCs"))):
            size_twips = twips(size.get(w("val")), 10) if size is not None else None
            if size is None or size_twips is None:
                continue
            shown = size_twips * SMALLER_BY if raised else size_twips
            if shown < MIN_HALF_POINTS * 10:
                what = f"text too small to read ({round(shown / 20, 1):g} pt"
                if raised:
                    what += f": {size_twips / 20:g} pt made {raised[0]}"
                what += ", in a complex script)" if size.tag == w("szCs") else ")"
                yield rpr, what, READABLE
        width = rpr.find(w("w"))
        scale = (width.get(w("val"), "") if width is not None else "").removesuffix("%")
        if scale.isdecimal() and int(scale) < MIN_SCALE:  # not "²": a digit int() refuses
            yield rpr, f"text squeezed to {int(scale)}% of its width (w:w {scale})", READABLE


# Word elements that hold text of their own; any other Word element holds only elements.
_TEXT_HOLDERS = {w("t"), w("delText"), w("instrText"), w("delInstrText"), w("fldData")}
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MATH_TEXT = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"
STRAY_FIX = (
    "write text inside a run, and a value as {{ value }}: docxtpl's {{r }} and {{p }} put"
    " it outside any run, where LibreOffice leaves it out and Word reports damage"
)
_ALTERNATIVE_FIX = (
    "keep one version (Word: save the template in compatibility mode, or retype the"
    " element), so that the PDF and the .docx say the same"
)

# Word (since 2016) shows a picture's SVG where it has one, and keeps a PNG beside it for
# other programs: LibreOffice puts the PNG into the PDF.
_SVG_BLIP = "{http://schemas.microsoft.com/office/drawing/2016/SVG/main}svgBlip"
_ONE_PICTURE = (
    "a letter shows one picture — insert it as PNG or JPEG (Word: right-click it › Save as"
    " Picture…, then Insert › Pictures)"
)


# Text directly in any other Word element: its own text, or after one of its children.
_STRAY = etree.XPath(
    "//text()[parent::w:*][not("
    + " or ".join(f"parent::w:{etree.QName(t).localname}" for t in _TEXT_HOLDERS)
    + ")][normalize-space()]",
    namespaces={"w": W},
)
# An element's own text, as lxml keeps it (python-docx's classes, which parse a rendered
# header, give a run a .text of their own: the text of its w:t).
_OWN_TEXT = etree._Element.text.__get__


# All the text of the elements that hold text, to look for a bad character in one search.
_HELD_TEXT = etree.XPath(
    " | ".join(f"//w:{etree.QName(t).localname}/text()" for t in _TEXT_HOLDERS),
    namespaces={"w": W},
)


_SYMBOL = w("sym")


def symbol(element: etree._Element) -> str:
    """The character a ``w:sym`` draws (its ``w:char``, in hexadecimal), or "" for none."""
    try:
        code = int(element.get(w("char"), ""), 16)
    except ValueError:
        return ""
    return chr(code) if 0 <= code <= 0x10FFFF else ""


def _misread_text(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """(element, what, fix) for text a reader would see otherwise than it is stored."""
    held = "".join(_HELD_TEXT(root)) + "".join(map(symbol, root.iter(_SYMBOL)))
    suspect = invisible_character(held) or bad_character(held, allow_newline=False)
    for element in root.iter(*_TEXT_HOLDERS, _SYMBOL) if suspect else ():
        is_symbol = element.tag == _SYMBOL
        text = symbol(element) if is_symbol else _OWN_TEXT(element) or ""
        invisible = invisible_character(text)
        found = invisible or bad_character(text, allow_newline=False)
        if found:
            # a symbol is one character: where it stands in it says nothing
            found = f"U+{ord(text):04X}" if is_symbol else found
            what = hiding_character(found, invisible=bool(invisible))
            yield element, what + (" as a symbol (w:sym)" if is_symbol else ""), RETYPE
    for element in root.iter(w("lvlText")):  # a list's number, as every page shows it
        number = element.get(w("val"), "")
        invisible = invisible_character(number)
        if found := invisible or bad_character(number, allow_newline=False):
            level = next(element.iterancestors(w("lvl")), element)
            listed = next(element.iterancestors(w("abstractNum"), w("num")), element)
            said = (
                f"list {listed.get(w('abstractNumId')) or listed.get(w('numId')) or '?'},"
                f" level {level.get(w('ilvl'), '?')}"
            )
            what = hiding_character(found, invisible=bool(invisible))
            yield element, f"{what} in a list's number (w:lvlText of {said})", _RENUMBER
    for stray in _STRAY(root):
        what = f"text outside any run (“{shown(str(stray).strip())}”)"
        yield stray.getparent(), what, STRAY_FIX
    for element in root.iter(f"{{{_MC}}}AlternateContent"):
        versions = {
            "".join(
                symbol(t) if t.tag == _SYMBOL else t.text or ""
                for t in branch.iter(w("t"), _MATH_TEXT, _SYMBOL)
            )
            for branch in element
            if branch.tag in (f"{{{_MC}}}Choice", f"{{{_MC}}}Fallback")
        }
        if len(versions) > 1:
            what = "alternative content whose versions differ (mc:AlternateContent)"
            yield element, what, _ALTERNATIVE_FIX
    for element in root.iter(_SVG_BLIP):
        what = (
            "a picture in two versions (an SVG, asvg:svgBlip, beside its PNG), of which Word"
            " shows the SVG and the PDF the PNG"
        )
        yield element, what, _ONE_PICTURE


def _stored_result(
    element: etree._Element, code: str, result: str, drawn: bool
) -> Iterator[tuple[etree._Element, str, str]]:
    """A field left to show its stored result (a page number, a link within the letter, a
    field without a code) that holds more than it shows once it is worked out again."""
    name = (code.split() or [""])[0].upper()
    if not name and (result.strip() or drawn):
        held = f"text (“{shown(result)}”)" if result.strip() else "a drawing"
        yield element, f"a field without a code holding {held}", _FIXED_TEXT
    elif name in PAGE_FIELDS and (drawn or not page_number(result)):
        held = f"“{shown(result)}”" + (" and a drawing" if drawn else "")
        what = (
            f"a page number field ({name}) holding more than its number ({held}), which Word"
            " shows until the field is updated, and the PDF does not"
        )
        yield element, what, _NUMBER_ONLY


def _fields(root: etree._Element) -> Iterator[tuple[etree._Element, str, str, bool]]:
    """(element, field code, the text of its stored result, whether that result holds a
    drawing) for each field, a simple one or one across runs (one never ended included)."""
    # each open field: its begin, its code's pieces, its result's pieces (None before its
    # separator), whether its result holds a drawing
    open_fields: list[tuple[etree._Element, list[str], list[str] | None, list[bool]]] = []
    for element in root.iter(*_FIELD_TAGS, w("t"), *_DRAWN):
        if element.tag == w("fldSimple"):
            text = "".join(t.text or "" for t in element.iter(w("t")))
            drawn = next(element.iter(*_DRAWN), None) is not None
            yield element, element.get(w("instr"), ""), text, drawn
        elif element.tag in (w("t"), *_DRAWN):
            for _begin, _code, result, drawn_in in open_fields:
                if result is not None and element.tag == w("t"):
                    result.append(element.text or "")
                elif result is not None:
                    drawn_in[0] = True
        elif element.tag == w("instrText"):
            if open_fields and open_fields[-1][2] is None:
                open_fields[-1][1].append(element.text or "")
        elif element.get(_TYPE) == "begin":
            open_fields.append((element, [], None, [False]))
        elif open_fields and element.get(_TYPE) == "separate":
            begin, code, _result, drawn_in = open_fields[-1]
            open_fields[-1] = (begin, code, [], drawn_in)
        elif open_fields and element.get(_TYPE) == "end":
            begin, code, result, drawn_in = open_fields.pop()
            yield begin, "".join(code), "".join(result or ()), drawn_in[0]
    for begin, code, result, drawn_in in reversed(open_fields):
        yield begin, "".join(code), "".join(result or ()), drawn_in[0]


# A page number as Word writes one: in digits (1, "- 1 -" with \* ArabicDash), in roman
# numerals (\* roman, \* ROMAN) or in letters (\* alphabetic: a … z, aa, bb …).
_DIGITS = re.compile(r"(?:-\s*)?[0-9]+(?:\s*-)?")
_ROMAN = re.compile(r"M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_LETTERS = re.compile(r"([a-z])\1*|([A-Z])\2*")


def page_number(text: str) -> bool:
    """Whether ``text``, a page number field's stored result, is a page number or nothing:
    no more than its field shows once Word or LibreOffice works it out again."""
    text = text.strip()
    if not text or _DIGITS.fullmatch(text) or _LETTERS.fullmatch(text):
        return True
    return text in (text.upper(), text.lower()) and _ROMAN.fullmatch(text.upper()) is not None


def _worked_out(code: str) -> str | None:
    """The name of a field whose shown text is worked out when the letter is opened or
    printed, or None for a page number, a link within the letter or an empty code."""
    words = code.split()
    if not words:
        return None
    name = words[0].upper()
    if name in PAGE_FIELDS or _within_letter(code):
        return None
    return shown(name[:20])


def _fetching(code: str) -> str:
    """The name of a field that fetches from outside, or "" for any other field code."""
    words = code.split()
    if not words:
        return ""
    name = words[0].upper()
    if name in _FETCHING_FIELDS:
        return name
    if name == "HYPERLINK" and not _within_letter(code):
        return name
    return ""


# A field's words: a quoted text is one, quotes included.
_FIELD_WORDS = re.compile(r'"[^"]*"|\S+')
# The switches of a HYPERLINK field followed by a text of their own: the place (\l), a
# screen tip (\o), a target frame (\t).
_WITH_TEXT = {"\\l", "\\o", "\\t"}


def _within_letter(code: str) -> bool:
    """Whether ``code`` is a HYPERLINK field to a place in the letter itself: a place
    (\\l) and no address, which Word would open, at that place, as the link."""
    words = _FIELD_WORDS.findall(code)
    if not words or words[0].upper() != "HYPERLINK" or "\\l" not in words:
        return False
    rest = iter(words[1:])
    for word in rest:
        if word in _WITH_TEXT:
            next(rest, None)
        elif not word.startswith("\\"):
            return False  # an address
    return True


def where(element: etree._Element) -> str:
    """Where ``element`` is, for a message: its paragraph quoted, or its style."""
    paragraph = next(element.iterancestors(w("p"), f"{{{A}}}p"), None)
    if paragraph is not None:
        text = paragraph_quote(
            "".join(t.text or "" for t in paragraph.iter(w("t"), f"{{{A}}}t")), 80
        )
        return f", paragraph “{shown(text)}”" if text else ", an empty paragraph"
    style = next(element.iterancestors(w("style")), None)
    if style is not None:
        named = style.find(w("name"))
        name = named.get(w("val")) if named is not None else style.get(w("styleId"))
        return f", style “{shown(name or '')}”"
    if next(element.iterancestors(w("docDefaults")), None) is not None:
        return ", the document's default format"
    return ""


def shown(text: str) -> str:
    """``text`` safe to print: control and format characters as escapes, at most 80."""
    text = "".join(c if unicodedata.category(c)[0] != "C" else f"\\u{ord(c):04x}" for c in text)
    return text if len(text) <= 80 else text[:77] + "..."
