"""An HTML reply as the text a reader sees, and the text it holds that no reader sees.

Left out of the text: the blockquotes (the quoted message) and a client's quoting ``div``;
the words struck through (``<s>``, ``<strike>``, ``<del>``, a ``line-through`` style:
withdrawn, not said); and the words a reader does not see, kept apart as the hidden text —
the page's head (``<head>``, ``<title>``, ``<style>``, ``<script>``), ``<template>`` and
``<noscript>``, comments, and what the markup or its style hides: the ``hidden`` attribute,
``display:none``, ``visibility:hidden``, ``opacity:0``, a font too small to read, a box of
no size that hides what overflows it, a clip to nothing, text moved far off the page, and
text in a colour a reader cannot tell from its background (white on the white page, or a
colour this reading does not know, which it cannot tell either). What stands between two
quotations (a quoting div's blockquotes, or Thunderbird's blockquotes at the top) or below the
last is kept apart too, with the quoted line above it: the sender typed it into the quotation.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import ClassVar

from letters.signoff.reply_grammar import MOBILE_SIGNOFF

_LINE_THROUGH = re.compile(r"text-decoration[\w-]*\s*:[^;]*line-through", re.IGNORECASE)
RGB = tuple[float, float, float]
_WHITE: RGB = (255.0, 255.0, 255.0)
_BLACK: RGB = (0.0, 0.0, 0.0)
_NAMES: dict[str, RGB] = {
    "white": _WHITE, "window": _WHITE, "black": _BLACK, "windowtext": _BLACK,
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


def _colour(value: str) -> RGB | str | None:
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


def _unseen(colour: RGB | None, background: RGB | None) -> bool:
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


def _style(tag: str, attrs: list[tuple[str, str | None]], rules: list[Rule]) -> dict[str, str]:
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


def _hides(style: dict[str, str], attrs: list[tuple[str, str | None]]) -> bool:
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


@dataclass
class _Open:
    tag: str
    struck: bool = False
    hidden: bool = False  # hides what it holds from a reader
    page: bool = False  # no part of the page's text: head, title, style, script
    colour: RGB | None = _BLACK
    background: RGB | None = _WHITE  # None: one this reading does not know


def _colours(
    tag: str, style: dict[str, str], given: dict[str, str | None], parent: _Open
) -> tuple[RGB | None, RGB | None]:
    """The colour of an element's text and of its background, as given (a style, ``<font
    color>``, ``<body text>``, ``bgcolor``) or as its parent's; None for one not known."""
    colour = _colour(style.get("color", given.get("color") or ""))
    if tag == "body" and "color" not in style:
        colour = _colour(given.get("text") or "")
    background = _colour(style.get("background-color", given.get("bgcolor") or ""))
    for word in style.get("background", "").replace(",", " ").split():
        if background in ("inherit", None) and _colour(word) not in ("inherit", None):
            background = _colour(word)
    return (
        None if colour == "clear" else colour if not isinstance(colour, str) else parent.colour,
        background if not isinstance(background, str) else parent.background,
    )


@dataclass
class Html:
    """An HTML reply read: the text a reader sees, the text hidden from them, and whether
    words are struck through (and a strike is left open, so which cannot be known) or
    hidden in the body (not only in the page's head)."""

    text: str = ""
    hidden: str = ""  # all of it, the page's head and comments too
    unseen: str = ""  # what the body hides (its style, colour or markup): words it holds
    struck: bool = False
    unbalanced: bool = False
    concealed: bool = False
    # words typed inside a quoting div between its blockquotes, as Gmail keeps an answer typed
    # into the quotation: (the quoted words nearest above, the words typed)
    typed: list[tuple[str, str]] = field(default_factory=list)
    # words below the last quotation, up to a signature's "-- " line: (its last quoted words,
    # the words); a phone's footer ("Sent from my iPhone") is none
    below: list[tuple[str, str]] = field(default_factory=list)


class _Text(HTMLParser):
    """HTML as the text a reader sees and the text hidden from them (see the module)."""

    _QUOTED: ClassVar[set[str]] = {"blockquote"}
    _PAGE: ClassVar[set[str]] = {"head", "title", "style", "script"}
    _UNSHOWN: ClassVar[set[str]] = {"template", "noscript"}
    _BLOCK: ClassVar[set[str]] = {"p", "div", "br", "tr", "li", "table", "hr", "h1", "h2", "h3"}
    _STRUCK: ClassVar[set[str]] = {"s", "strike", "del"}
    _VOID: ClassVar[set[str]] = {"br", "hr", "img", "wbr", "meta", "link", "input", "col"}
    # what starts a block a browser ends an open paragraph at
    _ENDS_P: ClassVar[set[str]] = {"p", "div", "table", "ul", "ol", "h1", "h2", "h3", "hr"}

    def __init__(self, rules: list[Rule] | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.rules = rules or []
        self.parts: list[str] = []
        self.hidden: list[str] = []
        self.unseen: list[str] = []
        self.skipping = 0
        self.open: list[_Open] = []
        # how many of each tag, and how many striking, are open: counted as they open and
        # close, as looking through every open element at each tag or word took minutes for
        # a reply of elements nested a few thousand deep
        self.tags: Counter[str] = Counter()
        self.striking_open = 0
        self.struck = False  # whether any words were struck through
        self.concealed = False  # whether any words of the body were hidden
        # a strike left open where its element ends: whether a browser shows the words
        # after it struck through depends on the kind of element, so they cannot be read
        self.unbalanced = False
        self.typed: list[tuple[str, str]] = []
        self.quote_div = 0  # the skipping depth of the quoting div open, if any
        self.blockquotes = 0  # open inside it
        self.between: list[str] = []  # typed in it since its last blockquote closed
        self.quoted_last = ""  # its last quoted words: "" before its first blockquote
        self.quote_top = False  # inside a blockquote not in a quoting div (Thunderbird's)
        self.cited = False  # below a quotation that closed
        self.after: list[str] = []  # the words seen since, with its line breaks

    def striking(self) -> bool:
        return self.striking_open > 0

    def _close(self, tag: str) -> None:
        """End the last open ``tag`` and every element left open inside it."""
        if not self.tags[tag]:
            return
        for n in range(len(self.open) - 1, -1, -1):
            if self.open[n].tag == tag:
                if any(o.struck for o in self.open[n + 1 :]):
                    self.unbalanced = True
                for closed in self.open[n:]:
                    self.tags[closed.tag] -= 1
                    self.striking_open -= closed.struck
                del self.open[n:]
                return

    def close(self) -> None:
        super().close()
        if self.striking():
            self.unbalanced = True

    def _opened(self, tag: str, attrs: list[tuple[str, str | None]]) -> _Open:
        parent = self.open[-1] if self.open else _Open("")
        style = _style(tag, attrs, self.rules)
        written = " ".join(v or "" for k, v in attrs if k == "style")  # its own only
        colour, background = _colours(tag, style, dict(attrs), parent)
        return _Open(
            tag,
            struck=tag in self._STRUCK or bool(_LINE_THROUGH.search(written)),
            hidden=parent.hidden or tag in self._UNSHOWN or _hides(style, attrs),
            page=parent.page or tag in self._PAGE,
            colour=colour,
            background=background,
        )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._ENDS_P:
            self._close("p")
        if tag not in self._VOID:
            opened = self._opened(tag, attrs)
            self.open.append(opened)
            self.tags[tag] += 1
            self.striking_open += opened.struck
        quoted = tag == "div" and any(
            name in ("class", "id") and value and "quote" in value.lower() for name, value in attrs
        )
        if tag in self._QUOTED or (self.skipping and tag == "div") or quoted:
            self.skipping += 1
            if tag in self._QUOTED and self.skipping == 1:  # Thunderbird's, at the top
                self._typed_after()
                self.quote_top = True
            if quoted and self.skipping == 1:
                self.quote_div, self.between, self.quoted_last = 1, [], ""
            elif tag in self._QUOTED and self.quote_div:
                self._typed_between()
                self.blockquotes += 1
        elif tag in self._BLOCK:
            self._newline()
        if tag == "div" and ("class", "moz-cite-prefix") in attrs:  # Thunderbird's "On … wrote:"
            self.cited, self.after = True, []  # what is typed under it is inside the quotation
        if tag in self._BLOCK and self.quote_div and not self.blockquotes:
            self.between.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCK and not self.skipping:
            self._newline()

    def _typed_after(self) -> None:
        """What was typed since the last quotation (a blockquote or a quoting div) closed:
        inside the quotation, as another blockquote follows it."""
        lines = "".join(self.after).split("\n") if self.cited else []
        words = [x.strip() for x in lines if x.strip()]
        above = self.quoted_last or (words.pop(0) if words else "")  # or the client's header
        self.typed += [(above, x) for x in words]
        self.after = []

    def _typed_between(self) -> None:
        """What was typed since the quoting div's last blockquote, or under its attribution."""
        words = [x.strip() for x in "".join(self.between).split("\n") if x.strip()]
        above = self.quoted_last or (words.pop(0) if words else "")  # Gmail's "On … wrote:"
        self.typed += [(above, x) for x in words]
        self.between = []

    def handle_endtag(self, tag: str) -> None:
        self._close(tag)
        if self.skipping and (tag in self._QUOTED or tag == "div"):
            self.skipping -= 1
            if tag in self._QUOTED and self.blockquotes:
                self.blockquotes -= 1
            elif self.quote_div and not self.blockquotes and tag == "div":
                self.between.append("\n")
            if not self.skipping:
                self.quote_div, self.quote_top, self.after = 0, False, []
                self.cited = bool(self.quoted_last)
        elif tag in self._BLOCK:
            self._newline()

    def _newline(self) -> None:
        for parts in (self.parts, self.hidden, self.unseen, self.after):
            parts.append("\n")

    def handle_data(self, data: str) -> None:
        if (self.quote_div or self.quote_top) and not self.striking():
            if (self.blockquotes or not self.quote_div) and data.strip():
                # a <pre> holds the quoted message's lines: the last one is nearest
                last = data.strip().split("\n")[-1] if self.tags["pre"] else data
                self.quoted_last = re.sub(r"[ \t\r\n\u00a0]+", " ", last).strip()
            elif not self.blockquotes:
                self.between.append(re.sub(r"[ \t\r\n\u00a0]+", " ", data))
        if self.striking() and data.strip():
            self.struck = True
        elif not self.skipping:
            text = re.sub(r"[ \t\r\n\u00a0]+", " ", data)
            inner = self.open[-1] if self.open else _Open("")
            if inner.page:
                self.hidden.append(f"\n{data}\n")  # a style's or a script's lines as written
            elif inner.hidden or _unseen(inner.colour, inner.background):
                self.hidden.append(text)
                self.unseen.append(text)
                self.concealed = self.concealed or bool(data.strip())
            else:
                self.parts.append(text)
                if self.cited:  # below a quotation: typed inside it if another follows
                    self.after.append(text)

    def handle_comment(self, data: str) -> None:
        if not self.skipping:
            self.hidden.append(f"\n{data}\n")


def _lines(parts: list[str]) -> str:
    return "\n".join(line.strip() for line in "".join(parts).split("\n"))


def read_html(html: str) -> Html:
    """``html`` read: its text as a reader sees it, without the quoted parts (blockquotes)
    and the words struck through, and apart from it the text hidden from a reader."""
    parser = _Text(style_sheet(html))
    parser.feed(html)
    parser.close()
    return Html(
        _lines(parser.parts),
        _lines(parser.hidden),
        _lines(parser.unseen),
        parser.struck,
        parser.unbalanced,
        parser.concealed,
        parser.typed,
        _below(parser),
    )


def _below(parser: _Text) -> list[tuple[str, str]]:
    """The lines of words below ``parser``'s last quotation, up to a signature's "-- "."""
    found: list[tuple[str, str]] = []
    lines = "".join(parser.after).split("\n") if parser.cited and parser.quoted_last else []
    for line in (x.strip() for x in lines):
        if line == "--":
            break
        if line and not MOBILE_SIGNOFF.match(line):
            found.append((parser.quoted_last, line))
    return found


def html_text(html: str) -> str:
    """The text of an HTML message body as a reader sees it: its quoted parts (blockquotes),
    the words struck through and the words hidden left out."""
    return read_html(html).text
