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

__all__ = ["refuse_strict", "saved_as_strict", "strict_element", "strict_problem"]

_STRICT_NAMESPACES = "{http://purl.oclc.org/ooxml/"
# how much of a part is read to find its root element: a part's whole reading, with its
# size limit, comes later, and a root hidden behind more than this is found then
_ROOT_WITHIN = 64 * 1024
# in document order, so the first is the first element `root.iter()` would give
_STRICT_NAMED = f"starts-with(namespace-uri(), '{_STRICT_NAMESPACES[1:]}')"
_FIRST_STRICT = etree.XPath(f"descendant-or-self::*[{_STRICT_NAMED} or @*[{_STRICT_NAMED}]]")


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


def strict_problem(part: str, root: etree._Element) -> str | None:
    """What is said of ``part`` (parsed as ``root``) where it holds Strict Open XML: saved
    so as a whole, or one element of it written so among Word's usual markup (by a hand
    edit or a tool: saving the template again as .docx may keep it)."""
    if str(root.tag).startswith(_STRICT_NAMESPACES):
        return saved_as_strict(part)
    found = strict_element(root)
    if found is None:
        return None
    return (
        f"{part} holds Strict Open XML markup ({etree.QName(found).localname}, line"
        f" {found.sourceline}) among Word's usual markup: LibreOffice reads it, no check of"
        " letters does; remove it (a hand edit or another tool wrote it)"
    )


def strict_element(root: etree._Element) -> etree._Element | None:
    """The first element of the parsed part ``root`` named, or holding an attribute named,
    in a Strict Open XML namespace (wherever in the part it is declared); None if none is."""
    found = _FIRST_STRICT(root)
    return found[0] if isinstance(found, list) and found else None


def _root_tag(archive: zipfile.ZipFile, name: str) -> str:
    """The name of a part's root element, read from its first bytes only (never the whole
    part: a few kB of zip can unpack to gigabytes of blanks before it); nothing where it
    cannot be unpacked or parsed that far (the part's full reading names the damage)."""
    try:
        with archive.open(name) as part:
            head = part.read(_ROOT_WITHIN)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        return ""
    parser = etree.XMLPullParser(
        events=("start",), resolve_entities=False, no_network=True, load_dtd=False
    )
    try:
        parser.feed(head)
        for _event, root in parser.read_events():
            return str(root.tag)
    except etree.XMLSyntaxError:
        pass
    return ""
