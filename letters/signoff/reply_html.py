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
Whether an element's style hides it, and its colours, are read by
:mod:`letters.signoff.reply_style`; the elements and their words are read here.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import ClassVar

from letters.signoff.reply_grammar import MOBILE_SIGNOFF
from letters.signoff.reply_quotes import WROTE
from letters.signoff.reply_style import (
    BLACK,
    RGB,
    WHITE,
    Rule,
    colour_of,
    element_style,
    hides,
    style_sheet,
    unreadable,
)

_LINE_THROUGH = re.compile(r"text-decoration[\w-]*\s*:[^;]*line-through", re.IGNORECASE)
# the end of Gmail's "On … wrote:": a colon, or Chinese Gmail's full-width one («…写道：»)
_COLON = (":", "\uff1a")


@dataclass
class _Open:
    tag: str
    struck: bool = False
    hidden: bool = False  # hides what it holds from a reader
    page: bool = False  # no part of the page's text: head, title, style, script
    colour: RGB | None = BLACK
    background: RGB | None = WHITE  # None: one this reading does not know


def _colours(
    tag: str, style: dict[str, str], given: dict[str, str | None], parent: _Open
) -> tuple[RGB | None, RGB | None]:
    """The colour of an element's text and of its background, as given (a style, ``<font
    color>``, ``<body text>``, ``bgcolor``) or as its parent's; None for one not known."""
    colour = colour_of(style.get("color", given.get("color") or ""))
    if tag == "body" and "color" not in style:
        colour = colour_of(given.get("text") or "")
    background = colour_of(style.get("background-color", given.get("bgcolor") or ""))
    for word in style.get("background", "").replace(",", " ").split():
        if background in ("inherit", None) and colour_of(word) not in ("inherit", None):
            background = colour_of(word)
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

    def __init__(self, rules: list[Rule] | None = None, sender: tuple[str, ...] = ()) -> None:
        super().__init__(convert_charrefs=True)
        self.rules = rules or []
        self.sender = sender  # the request's sender: its address and name, in lower case
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
        self.ending: list[tuple[str, str]] = []  # typed in it below its last blockquote
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
        style = element_style(tag, attrs, self.rules)
        written = " ".join(v or "" for k, v in attrs if k == "style")  # its own only
        colour, background = _colours(tag, style, dict(attrs), parent)
        return _Open(
            tag,
            struck=tag in self._STRUCK or bool(_LINE_THROUGH.search(written)),
            hidden=parent.hidden or tag in self._UNSHOWN or hides(style, attrs),
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
        """What was typed since the quoting div's last blockquote, or in it above the first:
        under its attribution (Gmail's "On … wrote:"), or above it or where it has none,
        with "" for the line above, as no quoted line is."""
        above, headed = self.quoted_last, bool(self.quoted_last)
        for line in (x.strip() for x in "".join(self.between).split("\n") if x.strip()):
            if not headed and self._attribution(line):
                above, headed = line, True
            else:
                self.typed.append((above, line))
        self.between = []

    def _attribution(self, line: str) -> bool:
        """Whether ``line`` is Gmail's "On … wrote:": it ends with a colon and names the
        request's sender (its address or name, as Gmail always writes one), or ends with a
        verb of writing ("wrote:", «пише:»). A date or a time is no sign: "Not before 12 May
        2021:" or «Не раніше 12:00:» is typed, and holds the approval."""
        if not line.endswith(_COLON):
            return False
        if WROTE.search(line[:-1] + ":"):
            return True
        folded = line.casefold()
        return any(re.search(r"(?<!\w)" + re.escape(x) + r"(?!\w)", folded) for x in self.sender)

    def handle_endtag(self, tag: str) -> None:
        self._close(tag)
        if self.skipping and (tag in self._QUOTED or tag == "div"):
            self.skipping -= 1
            if tag in self._QUOTED and self.blockquotes:
                self.blockquotes -= 1
            elif self.quote_div and not self.blockquotes and tag == "div":
                self.between.append("\n")
            if not self.skipping:
                if self.quote_div and self.quoted_last:  # typed in it below its last blockquote
                    held = len(self.typed)
                    self._typed_between()
                    self.ending += self.typed[held:]
                    del self.typed[held:]
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
            elif inner.hidden or unreadable(inner.colour, inner.background):
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


def read_html(html: str, sender: tuple[str, ...] = ()) -> Html:
    """``html`` read: its text as a reader sees it, without the quoted parts (blockquotes)
    and the words struck through, and apart from it the text hidden from a reader; a line
    in a quoting div above its first blockquote is Gmail's "On … wrote:" only if it names
    ``sender`` (the request's, in lower case) or a verb of writing."""
    parser = _Text(style_sheet(html), sender)
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
    """The lines of words below ``parser``'s last quotation (inside a quoting div below its
    last blockquote, then under the div), up to a signature's "-- " under it."""
    found: list[tuple[str, str]] = list(parser.ending)  # in the quoting div, then under it
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
