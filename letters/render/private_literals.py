"""A private text of a case written where no case text goes: as the display name of
``email_from``, or as the literal words of a paragraph, a table cell, a header, a footer or
a note of a Word template, or of a paragraph of an e-mail text. Every letter (or e-mail)
made from it would tell it; each is an error naming its place and the private text's,
never the text. Compared as :mod:`letters.load.private_copies` compares: whole texts only,
the template's tags (``{{ … }}``, ``{% … %}``, ``{# … #}``) left out of its words.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from io import BytesIO

from lxml import etree

from letters.errors import Problem, TemplateProblem
from letters.load.addresses import parse_sender
from letters.load.loader import WorkspaceData
from letters.load.models import CONFIG
from letters.load.private_index import PrivateIndex
from letters.render.package_read import read_part

__all__ = ["sender_copy", "template_copies", "text_copies"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TAGS = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
_FIX = "write there what a letter may tell, or put the case's text in through its field"


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
            _line_of(ws, "email_from"),
            "email_from",
            f"the sender's name is the same text as {said}, so every e-mail would tell it;"
            " write here the name e-mails are sent from",
        )
    ]


def _line_of(ws: WorkspaceData, key: str) -> int | None:
    """The line of workspace.yaml where the setting ``key`` is written."""
    try:
        text = (ws.root / CONFIG).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    found = re.search(rf"^{re.escape(key)}[ \t]*:", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _words(text: str) -> str:
    """``text`` without its template tags."""
    return _TAGS.sub(" ", text)


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
                    f" it would tell it; {_FIX}",
                )
            )
    return problems


def _copies(name: str, data: bytes, index: PrivateIndex) -> Iterator[tuple[str, str]]:
    """(where, what is said of the private text) for each copy in the part ``name``."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except (etree.XMLSyntaxError, ValueError):  # told where the template is compiled
        return
    texts = f"{{{_W}}}t"
    number = 0
    for element in root.iter(f"{{{_W}}}p", f"{{{_W}}}tc"):
        if element.tag == f"{{{_W}}}p":
            number += 1
            words = "".join(t.text or "" for t in element.iter(texts))
            kind = f"paragraph {number}"
        else:
            paragraphs = element.iter(f"{{{_W}}}p")
            words = " ".join("".join(t.text or "" for t in p.iter(texts)) for p in paragraphs)
            kind = f"the table cell that begins at paragraph {number + 1}"
        said = index.find(_words(words))
        if said is not None:
            yield f"{name}, {kind}", said


def text_copies(source: str, label: str, index: PrivateIndex) -> list[Problem]:
    """Each line of the e-mail text ``source`` whose literal words are a private text."""
    if not index:
        return []
    problems = []
    for number, line in enumerate(_words_by_line(source), 1):
        said = index.find(line) if line.strip() else None
        if said is not None:
            problems.append(
                Problem(
                    label,
                    number,
                    "",
                    f"the same text as {said}, so every e-mail made from it would tell it; {_FIX}",
                )
            )
    return problems


def _words_by_line(source: str) -> list[str]:
    """Each line of ``source`` without its tags (a tag over several lines blanks them all)."""
    kept = _TAGS.sub(lambda m: "\n" * m.group().count("\n"), source)
    return kept.split("\n")
