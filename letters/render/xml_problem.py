"""What is said of a template part libxml2 refuses as not well-formed XML.

A namespace prefix used but never declared (a hand edit, or a tool that copied markup from
another file without its ``xmlns:``) is named with its line and column, the element or
attribute as written, and a fix that works: LibreOffice cannot load such a part at all, so
saving the template again is no fix. Anything else is said in libxml2's words, with the fix
the caller gives.
"""

from __future__ import annotations

import re

from lxml import etree

# libxml2's number for a namespace prefix no xmlns: declares (its wording changes between
# releases, its numbers do not), and its wording of the element or attribute named so
_UNDECLARED_PREFIX = 201
_PREFIX_ON = re.compile(r"Namespace prefix (\S+) (?:for (\S+) )?on (\S+) is not defined")
# prefixes XML itself binds: never declared, so "no xmlns:xmlns" would be no fix
_RESERVED = ("xml", "xmlns")
_START_TAG = re.compile(r"<([^\s/>:]+:)?([^\s/>:]+)")
RESTORE = "or restore the template from an earlier copy"
"""The last fix offered for a part no program can open: its earlier copy."""


def not_well_formed(part: str, data: bytes, exc: etree.XMLSyntaxError, fix: str) -> str:
    """What is said of ``part`` (a template's label goes before), whose ``data`` ``exc``
    stopped; ``fix`` ends the message for XML broken otherwise than by an undeclared
    prefix."""
    if exc.code != _UNDECLARED_PREFIX:
        return f"{part} is not well-formed XML ({exc.msg}); {fix}"
    inside = f"in {part} inside the .docx (a zip archive)"
    named = _named(data, exc)
    if named is None:  # a reserved prefix, or words of a libxml2 we do not know
        return (
            f"{part} is not well-formed XML ({exc.msg}): {inside}, delete that element or"
            f" attribute; {RESTORE}"
        )
    prefix, what, deleted = named
    line, column = exc.position
    return (
        f"{part}, line {line}, column {column}: {what} uses the prefix '{prefix}', which the"
        f" part does not declare (no xmlns:{prefix}), so it is not well-formed XML: {inside},"
        f' declare the prefix on the part\'s root element (xmlns:{prefix}="…" with the'
        f" namespace it stands for) or delete that {deleted}; {RESTORE}"
    )


def _named(data: bytes, exc: etree.XMLSyntaxError) -> tuple[str, str, str] | None:
    """The undeclared prefix ``exc`` names, the element or attribute using it as written in
    ``data`` ("the attribute foo:x of the element <w:p>"), and which of the two it is."""
    found = _PREFIX_ON.search(exc.msg or "")
    if found is None or found.group(1) in _RESERVED:
        return None
    prefix, attribute, local = found.groups()
    if attribute is None:
        return prefix, f"the element <{prefix}:{local}>", "element"
    line, column = exc.position
    element = _element_at(data, line, column, local)
    if element is None:
        return None
    return prefix, f"the attribute {prefix}:{attribute} of the element <{element}>", "attribute"


def _element_at(data: bytes, line: int, column: int, local: str) -> str | None:
    """The name, prefix and all, of the start tag that ends at ``line`` and ``column`` (in
    characters, as libxml2 counts them) of ``data``, if its local name is ``local``."""
    try:
        lines = data.decode("utf-8").split("\n")
    except UnicodeDecodeError:  # another encoding: libxml2's words alone
        return None
    if not 0 < line <= len(lines):
        return None
    before = "\n".join([*lines[: line - 1], lines[line - 1][:column]])
    start = before.rfind("<")
    tag = _START_TAG.match(before, start) if start >= 0 else None
    if tag is None or tag.group(2) != local:
        return None
    return tag.group(0)[1:]
