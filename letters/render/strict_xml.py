"""A template saved as Word's "Strict Open XML Document": every element of it is named in
other namespaces (``http://purl.oclc.org/ooxml/…``) than the ones every check of a
template reads, so hidden text in it would be found nowhere. It is refused as a whole,
rather than found clean, or refused for what it is not; and so is any one part of a
template in those namespaces (a header, the styles), which LibreOffice reads as Word's own
markup while the checks see nothing in it."""

from __future__ import annotations

import zipfile
import zlib

from lxml import etree

from letters.errors import TemplateProblem

__all__ = ["refuse_strict", "saved_as_strict", "strict_markup"]

_STRICT = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_STRICT_NAMESPACES = "{http://purl.oclc.org/ooxml/"


def saved_as_strict(part: str) -> str:
    """What is said of a template's ``part`` in Strict Open XML (its label goes before)."""
    return (
        f"{part} is saved as Strict Open XML, which letters does not read; save the template"
        " as 'Word Document (.docx)', not as 'Strict Open XML Document'"
    )


def refuse_strict(archive: zipfile.ZipFile, label: str) -> None:
    """Raise :class:`TemplateProblem` if the document of ``archive`` (the template
    ``label``) is in Strict Open XML."""
    if _STRICT in _head(archive, "word/document.xml"):
        raise TemplateProblem(f"{label}: {saved_as_strict('word/document.xml')}")


def strict_markup(root: etree._Element) -> bool:
    """True if any element or attribute of the parsed part ``root`` is named in a Strict
    Open XML namespace, wherever in the part it is declared."""
    for element in root.iter(etree.Element):
        if element.tag.startswith(_STRICT_NAMESPACES):
            return True
        if any(name.startswith(_STRICT_NAMESPACES) for name in element.attrib):
            return True
    return False


def _head(archive: zipfile.ZipFile, name: str) -> bytes:
    """The first bytes of a part, where its root element names its namespaces; nothing
    where it cannot be unpacked (the part's full reading names the damage)."""
    try:
        with archive.open(name) as part:
            return part.read(16384)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        return b""
