"""A redline: what changed between two versions of a letter, as Word tracked changes.

Insertions are ``w:ins`` and deletions ``w:del`` runs, so Word's and
LibreOffice's Accept and Reject work on them; unchanged paragraphs are plain.
Changed paragraphs are compared word by word.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Iterator
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from letters.starter.template import FONT

AUTHOR = "letters"
_TOKENS = re.compile(r"\s+|[^\s]+")


class _Ids:
    def __init__(self) -> None:
        self.value = 0

    def next(self) -> str:
        self.value += 1
        return str(self.value)


def _run(text: str, deleted: bool = False) -> Any:
    run = OxmlElement("w:r")
    node = OxmlElement("w:delText" if deleted else "w:t")
    node.set(qn("xml:space"), "preserve")
    node.text = text
    run.append(node)
    return run


def _change(kind: str, text: str, ids: _Ids, stamp: str) -> Any:
    wrapper = OxmlElement(f"w:{kind}")
    wrapper.set(qn("w:id"), ids.next())
    wrapper.set(qn("w:author"), AUTHOR)
    wrapper.set(qn("w:date"), stamp)
    wrapper.append(_run(text, deleted=kind == "del"))
    return wrapper


def _mark_paragraph(p: Any, kind: str, ids: _Ids, stamp: str) -> None:
    """Mark the paragraph's own mark inserted or deleted, so whole paragraphs come and go."""
    ppr = p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    marker = OxmlElement(f"w:{kind}")
    marker.set(qn("w:id"), ids.next())
    marker.set(qn("w:author"), AUTHOR)
    marker.set(qn("w:date"), stamp)
    rpr.append(marker)
    ppr.append(rpr)


def _word_diff(old: str, new: str) -> Iterator[tuple[str, str]]:
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            yield "equal", "".join(a[i1:i2])
        if op in ("delete", "replace"):
            yield "del", "".join(a[i1:i2])
        if op in ("insert", "replace"):
            yield "ins", "".join(b[j1:j2])


def redline(old: list[str], new: list[str], title: str, stamp: str) -> bytes:
    """A .docx showing ``new`` with every change from ``old`` as a tracked change."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    document.add_heading(title, level=2)
    ids = _Ids()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for text in new[j1:j2]:
                document.add_paragraph(text)
            continue
        pairs = list(zip(old[i1:i2], new[j1:j2], strict=False)) if op == "replace" else []
        for before, after in pairs:
            p = document.add_paragraph()._p
            for kind, text in _word_diff(before, after):
                p.append(_run(text) if kind == "equal" else _change(kind, text, ids, stamp))
        for text in old[i1 + len(pairs) : i2]:
            p = document.add_paragraph()._p
            _mark_paragraph(p, "del", ids, stamp)
            p.append(_change("del", text, ids, stamp))
        for text in new[j1 + len(pairs) : j2]:
            p = document.add_paragraph()._p
            _mark_paragraph(p, "ins", ids, stamp)
            p.append(_change("ins", text, ids, stamp))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
