"""A template saved as Word's "Strict Open XML Document": every element of it is named in
other namespaces (``http://purl.oclc.org/ooxml/…``) than the ones every check of a
template reads, so hidden text in it would be found nowhere. It is refused as a whole,
rather than found clean, or refused for what it is not."""

from __future__ import annotations

import zipfile
import zlib

from letters.errors import TemplateProblem

__all__ = ["STRICT_XML", "refuse_strict"]

_STRICT = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
STRICT_XML = (
    "word/document.xml is saved as Strict Open XML, which letters does not read; save the"
    " template as 'Word Document (.docx)', not as 'Strict Open XML Document'"
)
"""What is said of a template in Strict Open XML (its label goes before)."""


def refuse_strict(archive: zipfile.ZipFile, label: str) -> None:
    """Raise :class:`TemplateProblem` if the document of ``archive`` (the template
    ``label``) is in Strict Open XML."""
    if _STRICT in _head(archive, "word/document.xml"):
        raise TemplateProblem(f"{label}: {STRICT_XML}")


def _head(archive: zipfile.ZipFile, name: str) -> bytes:
    """The first bytes of a part, where its root element names its namespaces; nothing
    where it cannot be unpacked (the part's full reading names the damage)."""
    try:
        with archive.open(name) as part:
            return part.read(16384)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        return b""
