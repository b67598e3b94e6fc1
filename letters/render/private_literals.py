"""A private text of a case written where no case text goes: as the display name of
``email_from``, or as the literal words of a paragraph, a table cell, a header, a footer or
a note of a Word template, or of a paragraph of an e-mail text. Every letter (or e-mail)
made from it would tell it; each is an error naming its place and the private text's,
never the text. Compared as :mod:`letters.load.private_copies` compares: whole texts only,
the template's tags (``{{ … }}``, ``{% … %}``, ``{# … #}``) left out of its words, but each
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
    said = index.find(parsed[0])
    if said is None:
        return []
    return [
        Problem(
            CONFIG,
            load(ws.root / CONFIG, CONFIG).line_of(("email_from",)),  # read, so readable
            "email_from",
            f"the sender's name is the same text as {said}, so every e-mail would tell it;"
            " write here the name e-mails are sent from",
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


def _find(text: str, index: PrivateIndex) -> tuple[str, str] | None:
    """(how the copy is placed, what is said of the private text) of the words of
    ``text`` without its tags, or else of a text quoted in its tags, that is a private one."""
    said = index.find(_words(text))
    if said is not None:
        return "", said
    for _offset, quoted in _quoted(text):
        said = index.find(quoted)
        if said is not None:
            return IN_QUOTES, said
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
        for place, said in _copies(name, data, index):
            problems.append(
                Problem(
                    "",
                    None,
                    "",
                    f"{label}: {place} is the same text as {said}, so every letter made from"
                    f" it would tell it; {TEMPLATE_FIX}",
                )
            )
    return problems


def _copies(name: str, data: bytes, index: PrivateIndex) -> Iterator[tuple[str, str]]:
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
        found = _find(words, index)
        if found is not None:
            how, said = found
            yield f"{name}, {kind}" + (f", {how}," if how else ""), said


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
    """Each line of the e-mail text ``source`` whose literal words are a private text."""
    if not index:
        return []
    found = []
    for number, line in enumerate(_words_by_line(source), 1):
        said = index.find(line) if line.strip() else None
        if said is not None:
            found.append((number, "the same text", said))
    for offset, quoted in _quoted(source):
        said = index.find(quoted)
        if said is not None:
            number = source.count("\n", 0, offset) + 1
            found.append((number, f"{IN_QUOTES} is the same text", said))
    return [
        Problem(
            label,
            number,
            "",
            f"{how} as {said}, so every e-mail made from it would tell it; {TEMPLATE_FIX}",
        )
        for number, how, said in sorted(found)
    ]


def _words_by_line(source: str) -> list[str]:
    """Each line of ``source`` without its tags (a tag over several lines blanks them all)."""
    kept = _TAGS.sub(lambda m: "\n" * m.group().count("\n"), source)
    return kept.split("\n")


def message_copies(messages: Iterable[Message], index: PrivateIndex) -> list[Problem]:
    """Each message of the templates (``_("…")``) whose English is a private text: no
    .pot may hold it. Said as :func:`template_copies` and :func:`text_copies` say it."""
    problems = []
    for message in messages if index else ():
        english = [message.id] if isinstance(message.id, str) else list(message.id)
        said = next(filter(None, map(index.find, english)), None)
        if said is None:
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
                f"{where} is the same text as {said}, so every {reader} made from it would tell"
                f" it; {TEMPLATE_FIX}",
            )
        )
    return problems
