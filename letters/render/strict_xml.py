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

__all__ = ["refuse_strict", "saved_as_strict", "strict_element"]

_STRICT_NAMESPACES = "{http://purl.oclc.org/ooxml/"


def saved_as_strict(part: str) -> str:
    """What is said of a template's ``part`` in Strict Open XML (its label goes before)."""
    return (
        f"{part} is saved as Strict Open XML, which letters does not read; save the template"
        " as 'Word Document (.docx)', not as 'Strict Open XML Document'"
    )


def refuse_strict(archive: zipfile.ZipFile, label: str) -> None:
    """Raise :class:`TemplateProblem` if the document of ``archive`` (the template
    ``label``) is in Strict Open XML: its root element is named in its namespace (the
    address alone, as text the template quotes, is no sign of it)."""
    if _root_tag(archive, "word/document.xml").startswith(_STRICT_NAMESPACES):
        raise TemplateProblem(f"{label}: {saved_as_strict('word/document.xml')}")


def strict_element(root: etree._Element) -> etree._Element | None:
    """The first element of the parsed part ``root`` named, or holding an attribute named,
    in a Strict Open XML namespace (wherever in the part it is declared); None if none is."""
    for element in root.iter(etree.Element):
        if element.tag.startswith(_STRICT_NAMESPACES):
            return element
        if any(name.startswith(_STRICT_NAMESPACES) for name in element.attrib):
            return element
    return None


def _root_tag(archive: zipfile.ZipFile, name: str) -> str:
    """The name of a part's root element, read from its start only; nothing where it
    cannot be unpacked or parsed that far (the part's full reading names the damage)."""
    try:
        with archive.open(name) as part:
            events = etree.iterparse(
                part, events=("start",), resolve_entities=False, no_network=True, load_dtd=False
            )
            for _event, root in events:
                return str(root.tag)
    except (
        zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
        etree.XMLSyntaxError,
    ):  # fmt: skip
        pass
    return ""
