"""The style of an HTML reply's elements, as far as it decides what a reader sees.

Read from its style sheets (``<style>`` anywhere in it, each rule by the last part of its
selector) and each element's own ``style``: whether the markup or its style hides what an
element holds (the ``hidden`` attribute, ``display:none``, ``visibility:hidden``,
``opacity:0``, a font too small to read, a box of no size that hides what overflows it, a
clip to nothing, text moved far off the page), and the colours of its text and background,
so that :mod:`letters.signoff.reply_html` can tell text a reader cannot tell from its
background (white on the white page, or a colour this reading does not know).
"""

from __future__ import annotations

import re

RGB = tuple[float, float, float]
WHITE: RGB = (255.0, 255.0, 255.0)
BLACK: RGB = (0.0, 0.0, 0.0)
_NAMES: dict[str, RGB] = {
    "white": WHITE, "window": WHITE, "black": BLACK, "windowtext": BLACK,
    "red": (255, 0, 0), "green": (0, 128, 0), "blue": (0, 0, 255), "navy": (0, 0, 128),
    "gray": (128, 128, 128), "grey": (128, 128, 128), "silver": (192, 192, 192),
    "maroon": (128, 0, 0), "purple": (128, 0, 128), "teal": (0, 128, 128),
    "olive": (128, 128, 0), "lime": (0, 255, 0), "aqua": (0, 255, 255),
    "fuchsia": (255, 0, 255), "yellow": (255, 255, 0), "orange": (255, 165, 0),
    "darkblue": (0, 0, 139), "darkred": (139, 0, 0), "darkgreen": (0, 100, 0),
}  # fmt: skip
_INHERIT = {"inherit", "currentcolor", "initial", "unset", "revert", "auto", "none", ""}
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)"
_LENGTH = re.compile(rf"^({_NUMBER})\s*(px|pt|em|rem|%|cm|mm|in|pc|ex|ch|vw|vh)?$")
_TO_PX = {"px": 1.0, "pt": 4 / 3, "em": 16.0, "rem": 16.0, "%": 0.16, "cm": 37.8, "mm": 3.78}
_TO_PX |= {"in": 96.0, "pc": 16.0, "ex": 8.0, "ch": 8.0, "vw": 10.0, "vh": 10.0, "": 1.0}


def _px(value: str) -> float | None:
    """A CSS length in pixels (for a percentage or ``em``, of a 16-pixel font); None if it is
    not one."""
    match = _LENGTH.match(value.replace("!important", "").strip())
    return float(match[1]) * _TO_PX[match[2] or ""] if match else None


def colour_of(value: str) -> RGB | str | None:
    """A CSS colour as red, green and blue; "inherit" for one taken from the parent or none
    given, "clear" for a transparent one, and None for one this reading does not know."""
    text = value.replace("!important", "").strip().lower()
    if text in _INHERIT:
        return "inherit"
    if text == "transparent":
        return "clear"
    if text in _NAMES:
        return _NAMES[text]
    if re.fullmatch(r"#[0-9a-f]{3,4}", text):
        rgb = tuple(float(int(c * 2, 16)) for c in text[1:4])
        return "clear" if len(text) == 5 and text[4] in "01" else (rgb[0], rgb[1], rgb[2])
    if re.fullmatch(r"#[0-9a-f]{6}(?:[0-9a-f]{2})?", text):
        if len(text) == 9 and int(text[7:], 16) < 26:
            return "clear"
        return (float(int(text[1:3], 16)), float(int(text[3:5], 16)), float(int(text[5:7], 16)))
    found = re.fullmatch(r"rgba?\(([^)]*)\)", text)
    if found:
        numbers = re.findall(rf"{_NUMBER}%?", found[1])
        if len(numbers) not in (3, 4):
            return None
        if len(numbers) == 4:
            alpha = float(numbers[3].rstrip("%")) / (100 if numbers[3].endswith("%") else 1)
            if alpha < 0.1:
                return "clear"
        red, green, blue = (
            float(n.rstrip("%")) * (2.55 if n.endswith("%") else 1) for n in numbers[:3]
        )
        return (red, green, blue)
    return None


def _luminance(rgb: RGB) -> float:
    def channel(c: float) -> float:
        c = min(max(c, 0.0), 255.0) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])


def unreadable(colour: RGB | None, background: RGB | None) -> bool:
    """Whether text in ``colour`` cannot be told from ``background`` (a contrast below 1.5,
    as light grey on white; a colour not known cannot be told either)."""
    if colour is None or background is None:
        return True
    light, dark = sorted((_luminance(colour), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05) < 1.5


def _declarations(text: str) -> dict[str, str]:
    """The declarations of a style (``color: red; display: none``), by property, in lower
    case."""
    found: dict[str, str] = {}
    for declaration in text.split(";"):
        prop, colon, given = declaration.partition(":")
        if colon:
            found[prop.strip().lower()] = given.replace("!important", "").strip().lower()
    return found


_BRACE = re.compile(r"([{}])")
Rule = tuple[str, frozenset[str], frozenset[str], dict[str, str]]  # tag, classes, ids, style


_STYLE_START = re.compile("<style", re.IGNORECASE)
_STYLE_END = re.compile("</style", re.IGNORECASE)


def _style_elements(html: str) -> list[str]:
    """What each ``<style>`` element of ``html`` holds, found in one pass: a lazy pattern
    looked from each "<style" to the end of the reply, so one of many never closed took a
    time growing with its length squared (140 kB: a minute and a half)."""
    sheets: list[str] = []
    at = 0
    while start := _STYLE_START.search(html, at):
        opened = html.find(">", start.end())
        closed = _STYLE_END.search(html, opened + 1) if opened != -1 else None
        if closed is None:  # nor can any later one close
            break
        sheets.append(html[opened + 1 : closed.start()])
        at = closed.end()
    return sheets


def _without_comments(sheet: str) -> str:
    """``sheet`` with its ``/* … */`` comments and HTML comment marks made spaces, in one
    pass: a lazy pattern looked from each "/*" to the sheet's end, so a run of openers never
    closed took a time growing with its length squared. A comment never closed is left as
    it is (none after it can close), and the rules after it are read."""
    kept: list[str] = []
    at = 0
    while (start := sheet.find("/*", at)) != -1 and (end := sheet.find("*/", start + 2)) != -1:
        kept += (sheet[at:start], " ")
        at = end + 2
    kept.append(sheet[at:])
    return "".join(kept).replace("<!--", " ").replace("-->", " ")


def _rules(sheet: str) -> list[tuple[str, str]]:
    """Each ``selectors { declarations }`` of ``sheet`` whose declarations hold no brace,
    with the text since the brace before as its selectors (so the inner rules of an
    ``@media`` block), in one pass: a pattern tried from each character of a rule never
    closed took a time growing with its length squared (80 kB: a minute)."""
    pieces = _BRACE.split(sheet)  # text, brace, text, brace, … text
    found: list[tuple[str, str]] = []
    index = 0
    while index + 3 < len(pieces):
        selectors, opened, body, closed = pieces[index : index + 4]
        if selectors and opened == "{" and closed == "}":
            found.append((selectors, body))
            index += 4
        else:
            index += 2
    return found


def style_sheet(html: str) -> list[Rule]:
    """The rules of the style sheets in ``html`` (``<style>`` anywhere in it), each by the
    last part of its selector only: a tag, classes, an id. An element it may not apply to
    may take its style — what it hides is hidden all the same, which costs a reading, never
    an approval (see reply_text)."""
    rules: list[Rule] = []
    for sheet in _style_elements(html):
        for selectors, body in _rules(_without_comments(sheet)):
            style = _declarations(body)
            for selector in selectors.split(","):
                last = re.split(r"[\s>+~]+", selector.strip())[-1]
                if not last or last.startswith("@"):
                    continue
                last = re.sub(r"\[[^\]]*\]|::?[\w-]+(?:\([^)]*\))?", "", last)
                tag = re.match(r"[\w-]*", last)
                rules.append((
                    (tag[0] if tag else "").lower(),
                    frozenset(c.lower() for c in re.findall(r"\.([\w-]+)", last)),
                    frozenset(i.lower() for i in re.findall(r"#([\w-]+)", last)),
                    style,
                ))  # fmt: skip
    return rules


def element_style(
    tag: str, attrs: list[tuple[str, str | None]], rules: list[Rule]
) -> dict[str, str]:
    """An element's style: the style sheet's rules that may apply to it, then its own."""
    given = dict(attrs)
    classes = set((given.get("class") or "").lower().split())
    ident = {(given.get("id") or "").lower()}
    found: dict[str, str] = {}
    for rule_tag, rule_classes, ids, style in rules:
        if rule_tag in ("", "*", tag) and rule_classes <= classes and ids <= ident:
            found |= style
    for name, value in attrs:
        if name == "style" and value:
            found |= _declarations(value)
    return found


def hides(style: dict[str, str], attrs: list[tuple[str, str | None]]) -> bool:
    """Whether an element's markup or style hides what it holds from a reader."""
    if any(name == "hidden" for name, _value in attrs):
        return True
    if style.get("display") == "none" or style.get("visibility") in ("hidden", "collapse"):
        return True
    if style.get("mso-hide") == "all":  # Outlook's own
        return True
    opacity = style.get("opacity", "")
    scale = 100 if opacity.endswith("%") else 1
    if re.fullmatch(rf"{_NUMBER}%?", opacity) and float(opacity.rstrip("%")) / scale < 0.1:
        return True
    size = _px(style.get("font-size", "x"))
    if size is not None and size < 4:
        return True
    boxed = style.get("overflow", "").split(" ")[0] in ("hidden", "clip")
    for prop in ("width", "height", "max-width", "max-height"):
        length = _px(style.get(prop, "x"))
        if boxed and length is not None and length <= 1:
            return True
    clip = re.findall(_NUMBER, style.get("clip", ""))
    if clip and all(abs(float(n)) <= 1 for n in clip):
        return True
    path = style.get("clip-path", "")
    if re.search(r"inset\(\s*(?:50|100)%|circle\(\s*0", path):
        return True
    for prop in ("left", "top", "right", "bottom", "margin-left", "margin-top", "text-indent"):
        length = _px(style.get(prop, "x"))
        if length is not None and length <= -200:
            return True
    transform = style.get("transform", "")
    if re.search(r"scale[xy]?\(\s*0*\.?0*\s*[,)]", transform):
        return True
    return bool(re.search(r"translate[xy]?\(\s*-\d{3,}", transform))
