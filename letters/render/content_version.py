"""Draft versions: a short id derived from the visible text of a letter in a language.

The id hashes what a reader sees — body, headers, footers, footnotes — so an
edit that changes nothing visible keeps it, and the same inputs always give
the same id. In individual mode the recipient's own lines are replaced by
placeholders first, so one approval covers every recipient of the same text.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

from letters.render.docxpost import W, parse_strict

_VISIBLE_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
PLACEHOLDER = {
    "id": "recipient",
    "gender": "",
    "email": "",
    "name": "[recipient: name]",
    "title": "[recipient: title]",
    "institution": "[recipient: institution]",
    "address": ["[recipient: address]"],
    "salutation": "[recipient: salutation]",
    "country": "[recipient: country]",
    "group": "",
    "signature": "[recipient: name]",
}


def paragraphs(docx: bytes) -> list[str]:
    """The visible paragraphs of a .docx, part by part, in reading order."""
    out: list[str] = []
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        names = sorted(n for n in archive.namelist() if _VISIBLE_PARTS.fullmatch(n))
        names.sort(key=lambda n: n != "word/document.xml")
        for name in names:
            root = parse_strict(archive.read(name), name)
            for p in root.iter(f"{{{W}}}p"):
                pieces = []
                for node in p.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br"):
                    tag = etree.QName(node).localname
                    pieces.append(node.text or "" if tag == "t" else "\t" if tag == "tab" else "\n")
                text = unicodedata.normalize("NFC", "".join(pieces)).strip()
                if text:
                    out.append(text)
    return out


@dataclass(frozen=True)
class Version:
    """The content version of one letter in one language."""

    letter: str
    lang: str
    digest: str  # sha256 hex of the letter, language and visible text
    text: tuple[str, ...]
    inputs: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def short(self) -> str:
        """The id shown in a draft: eight hex digits, grouped for reading aloud."""
        top = self.digest[:8].upper()
        return f"{top[:4]}-{top[4:]}"


def make_version(
    letter: str, lang: str, docx: bytes, inputs: dict[str, str], message: Sequence[str] = ()
) -> Version:
    """The content version of a rendered letter: a hash of its id, language and visible
    text, and of the ``message`` lines of the e-mail that carries it (when there is one)."""
    text = (*paragraphs(docx), *message)
    payload = "\n".join([letter, lang, *text]).encode("utf-8")
    return Version(letter, lang, hashlib.sha256(payload).hexdigest(), text, inputs)
