"""The colours of a Word document as a reader sees them, and whether text stands out.

A colour is six upper-case hex digits (``"FFFFFF"``). :func:`contrast` is WCAG's contrast
ratio: 1 for the same colour, 21 for black on white. :func:`theme_colours` reads a theme
part's colour scheme; :func:`text_colour`, :func:`shading_colours` and :data:`HIGHLIGHTS`
turn Word's ``w:color``, ``w:shd`` and ``w:highlight`` into colours, the first two as Word
shows them (a theme colour first) or as LibreOffice does (``w:val`` and ``w:fill`` alone); a
patterned shading (``pct95``, ``diagCross`` …) is the :func:`blend` of its two colours.
"""

from __future__ import annotations

import colorsys
import re

from lxml import etree

from letters.render.docxpost import w

WHITE, BLACK = "FFFFFF", "000000"
_HEX = re.compile(r"[0-9A-Fa-f]{6}")
_BYTE = re.compile(r"[0-9A-Fa-f]{2}")
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"

HIGHLIGHTS = {
    "black": "000000",
    "blue": "0000FF",
    "cyan": "00FFFF",
    "green": "00FF00",
    "magenta": "FF00FF",
    "red": "FF0000",
    "yellow": "FFFF00",
    "white": "FFFFFF",
    "darkBlue": "000080",
    "darkCyan": "008080",
    "darkGreen": "008000",
    "darkMagenta": "800080",
    "darkRed": "800000",
    "darkYellow": "808000",
    "darkGray": "808080",
    "lightGray": "C0C0C0",
}
"""The colours of Word's highlights (``w:highlight``), by name."""

# Word's names of theme colours (w:themeColor, w:themeFill), and DrawingML's short ones, for
# the scheme's own; text and background as Word maps them by default (w:clrSchemeMapping).
_SCHEME = {
    "dark1": "dk1",
    "light1": "lt1",
    "dark2": "dk2",
    "light2": "lt2",
    "text1": "dk1",
    "background1": "lt1",
    "text2": "dk2",
    "background2": "lt2",
    "tx1": "dk1",
    "bg1": "lt1",
    "tx2": "dk2",
    "bg2": "lt2",
    "hyperlink": "hlink",
    "followedHyperlink": "folHlink",
    **{f"accent{n}": f"accent{n}" for n in range(1, 7)},
}
# Without a theme part, the two whose colours every Office theme gives them.
_PLAIN_THEME = {"dk1": BLACK, "lt1": WHITE}


def hex_colour(value: str | None) -> str | None:
    """``value`` as a colour, or None when it is none (``auto``, missing, malformed)."""
    return value.upper() if value and _HEX.fullmatch(value) else None


def theme_colours(theme: etree._Element | None) -> dict[str, str]:
    """The colours of a theme part's scheme by their short names (``dk1``, ``lt1``,
    ``accent1`` …); black and white for ``dk1`` and ``lt1`` without a theme."""
    found = dict(_PLAIN_THEME)
    scheme = next(theme.iter(f"{{{_A}}}clrScheme"), None) if theme is not None else None
    for slot in scheme if scheme is not None else ():
        for colour in slot:
            value = colour.get("lastClr") if colour.tag == f"{{{_A}}}sysClr" else None
            value = value or (colour.get("val") if colour.tag == f"{{{_A}}}srgbClr" else None)
            if hex_colour(value):
                found[etree.QName(slot).localname] = str(hex_colour(value))
    return found


def _themed(
    name: str | None, tint: str | None, shade: str | None, theme: dict[str, str]
) -> str | None:
    """A theme colour with its tint or shade (as Word does it: on its lightness), or None
    when the theme does not say what it is."""
    base = theme.get(_SCHEME.get(name or "", ""))
    if base is None:
        return None
    red, green, blue = (int(base[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, saturation = colorsys.rgb_to_hls(red, green, blue)
    if shade and _BYTE.fullmatch(shade):
        light *= int(shade, 16) / 255
    elif tint and _BYTE.fullmatch(tint):
        light = light * int(tint, 16) / 255 + (1 - int(tint, 16) / 255)
    rgb = colorsys.hls_to_rgb(hue, light, saturation)
    return "".join(f"{round(c * 255):02X}" for c in rgb)


def text_colour(color: etree._Element, theme: dict[str, str], *, themed: bool = True) -> str | None:
    """The colour a ``w:color`` shows: in Word (``themed``) its theme colour where the theme
    has it, else its ``w:val``; in LibreOffice its ``w:val``, which Word keeps beside a theme
    colour and which is stale once either changes. None for ``auto``, which Word and
    LibreOffice turn white on a dark ground."""
    plain = hex_colour(color.get(w("val")))
    if not themed:
        return plain
    tint, shade = color.get(w("themeTint")), color.get(w("themeShade"))
    return _themed(color.get(w("themeColor")), tint, shade, theme) or plain


def shading_colours(
    shd: etree._Element, theme: dict[str, str], *, themed: bool = True
) -> list[str] | None:
    """The colours a ``w:shd`` shows behind text in Word (``themed``: its theme colours
    first) or in LibreOffice (``w:fill`` and ``w:color`` alone), or None when it shows none
    (``nil``, or a clear pattern on no fill). A pattern other than clear is its pattern
    colour (``w:color``; automatic: black) over its fill (automatic: white) in the share
    :func:`pattern_share` gives, shown as their blend (:func:`blend`): one colour."""
    pattern = shd.get(w("val")) or "clear"
    if pattern == "nil":
        return None
    tint, shade = shd.get(w("themeFillTint")), shd.get(w("themeFillShade"))
    themed_fill = _themed(shd.get(w("themeFill")), tint, shade, theme) if themed else None
    fill = themed_fill or hex_colour(shd.get(w("fill")))
    if pattern == "clear":
        return [fill] if fill else None
    tint, shade = shd.get(w("themeTint")), shd.get(w("themeShade"))
    themed_ink = _themed(shd.get(w("themeColor")), tint, shade, theme) if themed else None
    ink = themed_ink or hex_colour(shd.get(w("color"))) or BLACK  # an automatic pattern is black
    return [blend(ink, fill or WHITE, pattern_share(pattern))]


# The share of the pattern colour in Word's patterns (w:shd w:val) other than clear and
# pctNN, in thousandths. Word draws them as stripes or crosses of the pattern colour over the
# fill; LibreOffice, which makes the PDFs, prints every one of them as a third of the pattern
# colour blended into the fill (as it reads a .doc's brushes), and so they are judged: the
# PDF is the letter sent, and a third is about what Word's stripes cover (its thin ones
# less, its dark ones more). An unknown pattern counts as half.
_NAMED_PATTERNS = (
    "horzStripe",
    "vertStripe",
    "reverseDiagStripe",
    "diagStripe",
    "horzCross",
    "diagCross",
    "thinHorzStripe",
    "thinVertStripe",
    "thinReverseDiagStripe",
    "thinDiagStripe",
    "thinHorzCross",
    "thinDiagCross",
)
_PATTERN_SHARES = {"solid": 1000, **dict.fromkeys(_NAMED_PATTERNS, 333)}
# pct12, pct37, pct62 and pct87 are eighths: 12.5% and so on
_PERCENT = re.compile(r"pct(\d{1,3})")


def pattern_share(pattern: str) -> int:
    """The share, in thousandths, of the pattern colour in shading of pattern ``pattern``
    (``w:shd w:val``, other than clear and nil): ``pctNN`` is NN% (pct12, pct37, pct62 and
    pct87 an eighth more: 12.5% …), solid all of it, a named pattern a third (see above)."""
    percent = _PERCENT.fullmatch(pattern)
    if percent:
        share = min(int(percent.group(1)), 100) * 10
        return share + 5 if share in (120, 370, 620, 870) else share
    return _PATTERN_SHARES.get(pattern, 500)


def blend(ink: str, fill: str, share: int) -> str:
    """``ink`` laid over ``fill`` in ``share`` thousandths, as LibreOffice mixes a pattern's
    colours (channel by channel, rounded down)."""
    channels = (
        (int(ink[i : i + 2], 16) * share + int(fill[i : i + 2], 16) * (1000 - share)) // 1000
        for i in (0, 2, 4)
    )
    return "".join(f"{c:02X}" for c in channels)


def _luminance(colour: str) -> float:
    """WCAG's relative luminance of ``colour``: 0 for black, 1 for white."""
    channels = []
    for i in (0, 2, 4):
        c = int(colour[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two colours: 1 (the same) to 21 (black and white)."""
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def named(colour: str) -> str:
    """A colour for a message: white, black, or its hex digits."""
    return {WHITE: "white", BLACK: "black"}.get(colour, colour)
