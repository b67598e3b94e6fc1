"""Text set in a symbol font, whose letters are pictures.

Symbol fonts (Wingdings, Webdings, Symbol …) put pictures or other scripts where a text
font has letters: a word set in one is drawn as that font's pictures (Word: "We withdraw"
in Wingdings is a row of arrows and boxes) wherever the font is installed, and as plain
letters, or in another script, where it is not: LibreOffice, which makes the PDF, has its
own mapping, and a reader who copies the text, searches it or hears it read gets the
letters. So a letter a signatory approved in one form could be read in another.
:func:`symbol_font_text` finds such text in one parsed part, and a symbol font made a
theme's font for headings or body text. A symbol inserted as one (``w:sym``, Word's
Insert › Symbol) or typed in the font's own code points (U+F000 …) is left alone: it is
drawn as the symbol everywhere.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from lxml import etree

from letters.render.contrast import Styles
from letters.render.docxpost import w

SYMBOL_FONTS = frozenset(
    name.lower()
    for name in (
        "Symbol", "Wingdings", "Wingdings 2", "Wingdings 3", "Webdings", "Marlett",
        "MT Extra", "MS Outlook", "Bookshelf Symbol 7", "ZapfDingbats", "Zapf Dingbats",
        "ITC Zapf Dingbats", "Monotype Sorts", "Dingbats",
    )
)  # fmt: skip
"""The fonts whose characters are pictures or another script, by name as a template names
them (in any case)."""

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_THEME_FONTS = {f"{{{_A}}}majorFont": "headings", f"{{{_A}}}minorFont": "body text"}
_TEXT_FONT = (
    "a letter's words are set in a font of letters — change the text's font (Word: Home ›"
    " Font), and insert a symbol with Insert › Symbol"
)
_THEME_FONT = "choose a font of letters for the theme (Word: Design › Fonts)"
# The fonts a run's Latin letters are drawn in: below U+0080, and the rest.
_LATIN = ("ascii", "hAnsi")


def symbol_font_text(
    root: etree._Element, styles: Styles, *, rendered: bool = False
) -> Iterator[tuple[etree._Element, str, str]]:
    """(element, what, fix) for each run of letters or digits in one parsed part set in a
    symbol font (through its styles too, except in a ``rendered`` part: the template's
    runs and styles were judged before), and each symbol font a theme gives text."""
    for scheme, used_for in _THEME_FONTS.items():
        for latin in root.iter(scheme):
            face = latin.find(f"{{{_A}}}latin")
            name = face.get("typeface", "") if face is not None else ""
            if name.lower() in SYMBOL_FONTS:
                what = (
                    f"a symbol font ({name}) as the theme's font for {used_for}, which would"
                    " draw their letters as pictures"
                )
                yield face, what, _THEME_FONT
    for run in root.iter(w("r")):
        rpr = run.find(w("rPr"))
        if rendered and (rpr is None or rpr.find(w("rFonts")) is None):
            continue
        text = "".join(t.text or "" for t in run.iter(w("t")))
        if not any(unicodedata.category(c)[0] in "LN" for c in text):
            continue
        paragraph = next(run.iterancestors(w("p")), None)
        places = (
            [rpr]
            if rendered
            else styles.places(
                rpr,
                paragraph.find(w("pPr")) if paragraph is not None else None,
                next(run.iterancestors(w("tbl")), None),
            )[0]
        )
        font = _symbol_font(places)
        if font:
            what = (
                f"text in a symbol font ({font}), which Word draws as its pictures where the"
                " font is installed, and the PDF as letters or in another script"
            )
            yield run, what, _TEXT_FONT


def _symbol_font(places: list[etree._Element | None]) -> str | None:
    """The symbol font that run properties ``places`` (nearest first) give Latin letters."""
    for which in _LATIN:
        for place in places:
            fonts = place.find(w("rFonts")) if place is not None else None
            name: str | None = fonts.get(w(which)) if fonts is not None else None
            if name is not None:
                if name.lower() in SYMBOL_FONTS:
                    return name
                break
    return None
