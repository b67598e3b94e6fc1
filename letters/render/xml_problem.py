"""What is said of a template part libxml2 refuses as not well-formed XML.

Every message names the part, the line and column libxml2 stopped at, what is wrong there
(told by libxml2's error number and domain, which stay the same between its releases, never
by its wording, which changes and may quote the part's text) and a fix that works. Three
things are told before libxml2's error, which would misname them: a part empty or blank; a
part cut short, the beginning of a part with nothing wrong in it but its missing end (a
tag, value or prefix cut off reads as something to mend by hand); bytes that are not text
in the part's encoding, found by decoding it (libxml2 2.12 calls them control characters,
and deleting them would drop the ë of a name saved in Latin-1 from every letter).
LibreOffice cannot open a template with a malformed part (but for one emptied) other than
those it can do without (its properties, custom XML, web settings, Word 2010's styles with
effects, the glossary), which it leaves out: only for those is saving the template again
in LibreOffice a fix. Any other part is
corrected by hand inside the .docx, where that can be done, or the template restored from
an earlier copy. A namespace prefix used but never declared (a hand edit, or a tool that
copied markup from another file without its ``xmlns:``) is named with the element or
attribute as written.
"""

from __future__ import annotations

import codecs
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
EARLIER = "restore the template from an earlier copy"
"""The fix for a part cut short or emptied: nothing in it says what is missing."""
LEAVES_OUT = (
    "LibreOffice opens the template without this part: open it there and save it again as .docx"
)
"""The fix for a part LibreOffice can do without."""

# parts whose damage LibreOffice (7.4, headless) passes over, saving the template without
# them; customXml/ too. Tried on every part of the sample: any other malformed part stops it
# (one emptied it opens, with nothing of the part: an emptied body gives a blank letter).
_LEFT_OUT = frozenset(
    (
        "docProps/app.xml",
        "docProps/core.xml",
        "docProps/custom.xml",
        "word/webSettings.xml",
        "word/stylesWithEffects.xml",  # Word 2010's copy of the styles, beside styles.xml
    )
)
# folders whose malformed parts LibreOffice leaves out too: the glossary's building blocks
_LEFT_OUT_UNDER = ("customXml/", "word/glossary/")

_PARSER, _IO = etree.ErrorDomains.PARSER, etree.ErrorDomains.IO
_E = etree.ErrorTypes
_NOT_A_NAME = "a name is missing after a < or & (text writes them &lt; and &amp;) or a tag has no >"
_NOT_TEXT = (
    "bytes that are not text in the part's encoding (UTF-8 unless its first line names another)"
)
_RETYPE = "type the characters there again and save the part as UTF-8"
_CUT = "the part ends before its root element is closed: it is cut short"
_BLANK = "the part is empty, or blank"
_BEFORE = (
    "something that is not markup comes before the part's first element (text, or a byte"
    " order mark, which editors do not show)",
    "delete what is there, up to the next <",
)
_TWICE = (
    "the part begins with a second byte order mark (three bytes editors do not show)",
    "delete the bytes before its first <",
)
# LibreOffice (7.4) reads a part that begins with byte order marks as it would without them
_PASSES_OVER = (
    "open the template in LibreOffice, which passes over them, and save it again as .docx"
)
_BOM = codecs.BOM_UTF8
# letters.render.docxpost.strict_parser's options, for the parsers made here
_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
_DECLARED = re.compile(rb"<\?xml[^>]*?\sencoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_BAD_CHARACTER = "a character XML does not allow (a control character), as it is or as &#…;"
# what is wrong by libxml2's (domain, number), and how to mend it by hand; None: it cannot be
_WRONG: dict[tuple[int | None, int], tuple[str, str | None]] = {
    (_PARSER, _E.ERR_DOCUMENT_EMPTY): _BEFORE,  # "start tag expected": a blank part is known before
    (_PARSER, _E.ERR_TAG_NOT_FINISHED): ("the part ends inside an element: it is cut short", None),
    (_PARSER, _E.ERR_COMMENT_NOT_FINISHED): (
        "a comment begun before this place is not closed (no -->)",
        "close it",
    ),
    (_PARSER, _E.ERR_CDATA_NOT_FINISHED): (
        "a CDATA section begun before this place is not closed (no ]]>)",
        "close it",
    ),
    (_PARSER, _E.ERR_GT_REQUIRED): ("a tag is not closed (no >)", "close it with >"),
    (_PARSER, _E.ERR_TAG_NAME_MISMATCH): (
        "an end tag does not match the element it closes (one is left open, or closed twice)",
        "close each element once, the one opened last first",
    ),
    (_PARSER, _E.ERR_NAME_REQUIRED): (
        _NOT_A_NAME,
        "write the & or < as &amp; or &lt;, or close the tag",
    ),
    (_PARSER, _E.ERR_ENTITYREF_SEMICOL_MISSING): (
        "an & begins no entity (no ; ends it)",
        "write the & as &amp;",
    ),
    (_PARSER, _E.ERR_UNDECLARED_ENTITY): (
        "an entity XML does not define is used (it knows &amp; &lt; &gt; &quot; &apos; and"
        " numbers only; &nbsp; is HTML's)",
        "write the character itself instead",
    ),
    (_PARSER, _E.ERR_INVALID_CHAR): (_BAD_CHARACTER, "delete it"),
    (_PARSER, _E.ERR_INVALID_CHARREF): (_BAD_CHARACTER, "delete it"),
    # bytes not in the part's encoding are found before, by decoding it; these are left for
    # an encoding Python does not know. libxml2 2.12 says ERR_INVALID_CHAR of them
    (_IO, _E.ERR_INVALID_ENCODING): (_NOT_TEXT, _RETYPE),  # libxml2 2.14's domain
    (_PARSER, _E.ERR_INVALID_ENCODING): (_NOT_TEXT, _RETYPE),
    (_PARSER, _E.ERR_RESERVED_XML_NAME): (
        "an XML declaration (<?xml … ?>) is not at the very start of the part (something comes"
        " before it, or it is written twice)",
        "delete what comes before it, or the second one",
    ),
    (_PARSER, _E.ERR_DOCUMENT_END): (
        "something follows the end of the part's root element",
        "delete what follows it",
    ),
    (_PARSER, _E.ERR_ATTRIBUTE_REDEFINED): (
        "an element has the same attribute twice",
        "delete one of them",
    ),
    (_PARSER, _E.ERR_ATTRIBUTE_NOT_STARTED): (
        "an attribute's value is not in quotes",
        'put it in quotes (w:val="1")',
    ),
    (_PARSER, _E.ERR_ATTRIBUTE_WITHOUT_VALUE): (
        "an attribute has no value",
        'give it one in quotes (w:val="1") or delete it',
    ),
    (_PARSER, _E.ERR_LT_IN_ATTRIBUTE): (
        "an attribute's value holds a < or is not closed by its quote",
        "write the < as &lt;, or close the value with its quote",
    ),
}


def not_well_formed(part: str, data: bytes, exc: etree.XMLSyntaxError) -> str:
    """What is said of ``part`` (a template's label goes before), whose ``data`` ``exc``
    stopped: where, what is wrong there, and a fix that works."""
    if _blank(data):
        (line, column), what, mend = _end(data), _BLANK, None
    elif _cut_short(data):  # what is left may look like a tag to close, a value to give…
        (line, column), what, mend = _end(data), _CUT, None
    elif data.startswith(_BOM * 2):
        return _bom_twice(part, data, exc)
    elif (not_text := _not_text(data)) is not None:  # libxml2 2.12 calls them control characters
        (line, column), what, mend = not_text
    elif exc.code == _UNDECLARED_PREFIX and _domain(exc) == etree.ErrorDomains.NAMESPACE:
        return _undeclared(part, data, exc)
    else:
        line, column = exc.position
        what, mend = _WRONG.get((_domain(exc), exc.code), (_unknown(exc), None))
    said = f"{part}, line {line}, column {column}: {what}, so it is not well-formed XML"
    if _left_out(part):
        return f"{said}; {LEAVES_OUT}, {RESTORE}"
    if mend is None:  # LibreOffice may open it, with nothing of the part (an emptied body)
        return f"{said}: {EARLIER}"
    inside = f"in {part} inside the .docx (a zip archive)"
    return f"{said} and LibreOffice cannot open the template: {inside}, {mend} ({RESTORE})"


def _bom_twice(part: str, data: bytes, exc: etree.XMLSyntaxError) -> str:
    """What is said of ``part``, whose ``data`` begins with more than one byte order mark:
    if nothing else is wrong with it, LibreOffice saves it again as it should be."""
    line, column = exc.position
    said = f"{part}, line {line}, column {column}: {_TWICE[0]}, so it is not well-formed XML"
    inside = f"in {part} inside the .docx (a zip archive)"
    try:
        etree.fromstring(
            _BOM + re.sub(b"^(?:\xef\xbb\xbf)+", b"", data), etree.XMLParser(**_OPTIONS)
        )
    except etree.XMLSyntaxError:  # LibreOffice cannot open it either
        return f"{said} and LibreOffice cannot open the template: {inside}, {_TWICE[1]} ({RESTORE})"
    if _left_out(part):
        return f"{said}; {LEAVES_OUT}, {RESTORE}"
    return f"{said}: {inside}, {_TWICE[1]}, or {_PASSES_OVER} ({RESTORE})"


def _blank(data: bytes) -> bool:
    """Whether ``data`` holds nothing but white space and byte order marks."""
    return not data.replace(_BOM, b"").strip()


def _cut_short(data: bytes) -> bool:
    """Whether ``data`` is the beginning of a part whose end is missing: libxml2, given it
    bit by bit, finds nothing wrong in it (each error it has is at its end), and its root
    element is not closed (a comment or CDATA section left open may hide the closing)."""
    parser = etree.XMLPullParser(events=("start",), **_OPTIONS)
    try:
        parser.feed(data)
    except etree.XMLSyntaxError:
        return False
    root = next((element for _event, element in parser.read_events()), None)
    if root is None:
        return True
    local = etree.QName(root).localname
    name = local if root.prefix is None else f"{root.prefix}:{local}"
    text = data.decode(_encoding(data) or "utf-8", errors="replace")
    return re.search(f"</{re.escape(name)}\\s*>\\s*$", text) is None


def _end(data: bytes) -> tuple[int, int]:
    """The line and column (in characters) just after the last whole character of ``data``."""
    text = data.decode(_encoding(data) or "utf-8", errors="ignore").removeprefix("\ufeff")
    return _line_column(text)


def _line_column(text: str) -> tuple[int, int]:
    """The line and column, both from 1, of the character after ``text``."""
    return text.count("\n") + 1, len(text) - text.rfind("\n")


def _encoding(data: bytes) -> str | None:
    """The encoding of ``data`` as Python names it: its byte order mark's, or the one its
    XML declaration names (UTF-8 if none); None for one Python does not know."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    declared = _DECLARED.match(data.removeprefix(_BOM))
    try:
        return codecs.lookup("utf-8" if declared is None else declared.group(1).decode()).name
    except LookupError:
        return None


def _not_text(data: bytes) -> tuple[tuple[int, int], str, str | None] | None:
    """Where the first bytes of ``data`` that are not text in its encoding are, what is
    wrong and the fix (typing those characters again: deleting them would drop the ë of a
    name saved in Latin-1 from every letter; None where no text was typed in, the part not
    beginning with markup); None if it is all text."""
    encoding = _encoding(data)
    if encoding is None:
        return None
    declared = _DECLARED.match(data.removeprefix(_BOM))
    if declared is not None and encoding.startswith(("utf-16", "utf-32")):
        name = declared.group(1).decode()  # read byte for byte as ASCII: not saved in it
        what = f"the part's first line names {name}, an encoding the part is not saved in"
        return (1, declared.start(1) + 1), what, "name UTF-8 there instead"
    try:
        data.decode(encoding)
    except UnicodeDecodeError as bad:
        where = _line_column(data[: bad.start].decode(encoding).removeprefix("\ufeff"))
        if b"<" not in data[: bad.start]:  # no markup before: nothing typed in to type again
            return where, "the part is not XML: it begins with bytes that are not text", None
        if encoding == "utf-8":
            what = "bytes that are not UTF-8 text (characters saved in another encoding)"
            return where, what, _RETYPE
        name = encoding.upper() if declared is None else declared.group(1).decode()
        what = f"bytes that are not {name} text, the encoding the part's first line names"
        return where, what, f"type the characters there again, saving the part in {name}"
    return None


def _undeclared(part: str, data: bytes, exc: etree.XMLSyntaxError) -> str:
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


def _first(exc: etree.XMLSyntaxError) -> etree._LogEntry | None:
    """libxml2's error that ``exc`` reports: its first (libxml2 goes on to log what follows
    from it)."""
    return next((entry for entry in exc.error_log if entry.type == exc.code), None)


def _domain(exc: etree.XMLSyntaxError) -> int | None:
    entry = _first(exc)
    return None if entry is None else int(entry.domain)


def _unknown(exc: etree.XMLSyntaxError) -> str:
    """An error :data:`_WRONG` does not know, by libxml2's name for its number."""
    entry = _first(exc)
    return f"libxml2 cannot read on (its error {exc.code if entry is None else entry.type_name})"


def _left_out(part: str) -> bool:
    """Whether LibreOffice opens a template whose ``part`` is malformed, leaving it out."""
    return part in _LEFT_OUT or part.startswith(_LEFT_OUT_UNDER)


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
