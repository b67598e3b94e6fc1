"""A private text of a case written where no case text goes: as the display name of
``email_from``, or as the literal words of a paragraph, a table cell, a header, a footer or
a note of a Word template, or of a paragraph of an e-mail text. Every letter (or e-mail)
made from it would tell it; each is an error naming its place and the private text's,
never the text. Compared as :mod:`letters.load.private_copies` compares: whole texts, and a
distinctive private text inside a longer one (:mod:`letters.load.private_inside`), the
template's tags (``{{ … }}``, ``{% … %}``, ``{# … #}``) left out of its words, but each
text quoted in a tag compared on its own (the English of ``_("…")``, shown in every letter
a catalog does not translate it for). A line break or a tab in a paragraph reads as a space.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from io import BytesIO

from lxml import etree

from letters.errors import Problem, TemplateProblem
from letters.i18n.extract import Message
from letters.load.addresses import parse_sender
from letters.load.loader import WorkspaceData
from letters.load.models import CONFIG
from letters.load.private_index import PrivateIndex
from letters.load.private_inside import Found
from letters.load.yamlio import load
from letters.render.package_read import read_part

__all__ = [
    "IN_QUOTES",
    "TEMPLATE_FIX",
    "message_copies",
    "sender_copy",
    "template_copies",
    "text_copies",
]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TAGS = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
# a quoted text in a tag, as Jinja writes one: "…" or '…', a backslash escaping what follows
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'', re.DOTALL)
IN_QUOTES = "a quoted text in its tags"
# curly quotes in a tag, as docxtpl makes them straight before Jinja reads it
_STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
TEMPLATE_FIX = "write there what a letter may tell, or put the case's text in through its field"


def sender_copy(ws: WorkspaceData, index: PrivateIndex) -> list[Problem]:
    """The problem of ``email_from`` whose display name is a private text, if it is."""
    sender = ws.config.email_from
    parsed = parse_sender(sender) if sender else None
    if not index or parsed is None or not parsed[0].strip():
        return []
    found = index.look(parsed[0])
    if found is None:
        return []
    fix = found.fix("write here the name e-mails are sent from")
    return [
        Problem(
            CONFIG,
            load(ws.root / CONFIG, CONFIG).line_of(("email_from",)),  # read, so readable
            "email_from",
            f"the sender's name {found.verb} {found.said}, so every e-mail would tell it; {fix}",
        )
    ]


def _words(text: str) -> str:
    """``text`` without its template tags."""
    return _TAGS.sub(" ", text)


def _quoted(text: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each quoted text in the tags of ``text``."""
    for tag in _TAGS.finditer(text):
        if tag.group().startswith("{#"):
            continue  # a comment: no letter shows it
        for quoted in _QUOTED.finditer(tag.group().translate(_STRAIGHT)):
            inner = quoted.group(1) if quoted.group(1) is not None else quoted.group(2)
            yield tag.start() + quoted.start(), re.sub(r"\\(.)", r"\1", inner, flags=re.DOTALL)


def _find(text: str, index: PrivateIndex) -> tuple[str, Found] | None:
    """(how the copy is placed, the private text found) of the words of ``text`` without
    its tags, or else of a text quoted in its tags, that is or holds a private one."""
    found = index.look(_words(text))
    if found is not None:
        return "", found
    for _offset, quoted in _quoted(text):
        found = index.look(quoted)
        if found is not None:
            return IN_QUOTES, found
    return None


def template_copies(source: bytes, label: str, index: PrivateIndex) -> list[Problem]:
    """Each paragraph or table cell of the Word template ``source`` whose literal words
    are a private text (a template that cannot be read is told where it is compiled)."""
    if not index:
        return []
    try:
        with zipfile.ZipFile(BytesIO(source)) as archive:
            names = sorted(n for n in archive.namelist() if _PARTS.fullmatch(n))
            parts = [(n, read_part(archive, n, label)) for n in names]  # no zip bomb
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, TemplateProblem):
        return []
    problems = []
    for name, data in parts:
        for place, found in _copies(name, data, index):
            problems.append(
                Problem(
                    "",
                    None,
                    "",
                    f"{label}: {place} {found.verb} {found.said}, so every letter made from"
                    f" it would tell it; {found.fix(TEMPLATE_FIX)}",
                )
            )
    return problems


def _copies(name: str, data: bytes, index: PrivateIndex) -> Iterator[tuple[str, Found]]:
    """(where, what is said of the private text) for each copy in the part ``name``."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except (etree.XMLSyntaxError, ValueError):  # told where the template is compiled
        return
    number = 0
    for element in root.iter(f"{{{_W}}}p", f"{{{_W}}}tc"):
        if element.tag == f"{{{_W}}}p":
            number += 1
            words = _paragraph_text(element)
            kind = f"paragraph {number}"
        else:
            paragraphs = list(element.iter(f"{{{_W}}}p"))
            if len(paragraphs) < 2:
                continue  # its paragraph is told, if it is one
            words = " ".join(_paragraph_text(p) for p in paragraphs)
            kind = f"the table cell that begins at paragraph {number + 1}"
        hit = _find(words, index)
        if hit is not None:
            how, found = hit
            yield f"{name}, {kind}" + (f", {how}," if how else ""), found


_READ = {f"{{{_W}}}{tag}": text for tag, text in (("br", " "), ("cr", " "), ("tab", " "))}
_READ[f"{{{_W}}}noBreakHyphen"] = "-"


def _paragraph_text(paragraph: etree._Element) -> str:
    """The text of a paragraph as it reads: its runs' texts, a line break or a tab in a run
    as a space, a non-breaking hyphen as a hyphen."""
    out = []
    for element in paragraph.iter(f"{{{_W}}}t", *_READ):
        if element.tag == f"{{{_W}}}t":
            out.append(element.text or "")
        elif etree.QName(element.getparent()).localname == "r":  # not a tab stop's setting
            out.append(_READ[element.tag])
    return "".join(out)


def text_copies(source: str, label: str, index: PrivateIndex) -> list[Problem]:
    """Each line (or paragraph, over its line breaks) of the e-mail text ``source`` whose
    literal words are, or hold, a private text."""
    if not index:
        return []
    found: list[tuple[int, str, Found]] = []
    lines = _words_by_line(source)
    for number, line in enumerate(lines, 1):
        hit = index.look(line) if line.strip() else None
        if hit is not None:
            found.append((number, "the same text as" if hit.whole else "the line holds", hit))
    told = {number for number, _how, _hit in found}
    for first, paragraph in _paragraphs(lines):
        if told.isdisjoint(range(first, first + len(paragraph))):  # over a line break
            hit = index.look(" ".join(paragraph))
            if hit is not None:
                how = "is the same text as" if hit.whole else "holds"
                found.append((first, f"the paragraph that begins on this line {how}", hit))
    for offset, quoted in _quoted(source):
        hit = index.look(quoted)
        if hit is not None:
            number = source.count("\n", 0, offset) + 1
            found.append((number, f"{IN_QUOTES} {hit.verb}", hit))
    return [
        Problem(
            label,
            number,
            "",
            f"{how} {hit.said}, so every e-mail made from it would tell it;"
            f" {hit.fix(TEMPLATE_FIX)}",
        )
        for number, how, hit in sorted(found, key=lambda f: (f[0], f[1]))
    ]


def _words_by_line(source: str) -> list[str]:
    """Each line of ``source`` without its tags (a tag over several lines blanks them all)."""
    kept = _TAGS.sub(lambda m: "\n" * m.group().count("\n"), source)
    return kept.split("\n")


def _paragraphs(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """(the number of its first line, its lines) of each paragraph of two lines or more
    among ``lines``: a reader reads a private text over a line break as one."""
    start = 0
    for number, line in enumerate([*lines, ""], 1):
        if not line.strip():
            if number - 1 - start >= 2:
                yield start + 1, lines[start : number - 1]
            start = number


def message_copies(messages: Iterable[Message], index: PrivateIndex) -> list[Problem]:
    """Each message of the templates (``_("…")``) whose English is a private text: no
    .pot may hold it. Said as :func:`template_copies` and :func:`text_copies` say it."""
    problems = []
    for message in messages if index else ():
        english = [message.id] if isinstance(message.id, str) else list(message.id)
        found = next(filter(None, (index.look(e) for e in english)), None)
        if found is None:
            continue
        label, line = message.location[0], message.location[1] or None
        if message.paragraph:  # a Word template's: its part, never the paragraph's words
            part = message.paragraph.split(",", 1)[0]
            where, reader = f"{label}: {part}, {IN_QUOTES},", "letter"
            label, line = "", None
        else:
            where, reader = IN_QUOTES, "e-mail"
        problems.append(
            Problem(
                label,
                line,
                "",
                f"{where} {found.verb} {found.said}, so every {reader} made from it would tell"
                f" it; {found.fix(TEMPLATE_FIX)}",
            )
        )
    return problems
