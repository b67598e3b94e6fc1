"""The template as an untrusted package: what a letter may not carry is refused before
anything is rendered.

A .docx is a zip of XML parts and whatever else its author put in. A letter goes out under
its signatories' names, so it carries only what they can see and nothing that acts on its
own. :func:`check_docx` refuses, naming the template, the part and a fix:

- macros: a ``vbaProject.bin`` (or ``vbaData.xml``) part, a macro-enabled content type
  (``.docm``, ``.dotm``), a relationship to a macro project, a ribbon of its own
  (``customUI/``), whose buttons and callbacks are for macros;
- embedded objects: OLE objects (``word/embeddings/``) and ActiveX controls
  (``word/activeX/``), which a reader's Word may run or show as something else;
- anything from outside: a relationship with ``TargetMode="External"`` in any ``.rels``
  part (links, linked pictures, an attached template, subdocuments, frames, linked
  objects), a VML picture that names its address instead of being in the file, and the
  fields that fetch (INCLUDETEXT, INCLUDEPICTURE, LINK, DDE, DDEAUTO, IMPORT, a HYPERLINK
  field to an address). The web links in a letter's footnotes are added by the renderer
  from the case's sources, never taken from a template;
- what a reader does not see: hidden text (``w:vanish``, ``w:specVanish``,
  ``w:webHidden``) in any part, styles included, text too small to read (under
  :data:`MIN_HALF_POINTS`) or white on the white page with nothing behind it, and text
  shown from elsewhere: a content control bound to data (``w:dataBinding``) and an
  imported chunk (``w:altChunk``);
- text a reader would see otherwise than it is stored: characters that reorder or hide text
  (bidirectional controls, zero-width and other format characters, control characters) in
  the text of a run; text outside any run, which LibreOffice leaves out and Word reports as
  damage (docxtpl's ``{{r }}`` and ``{{p }}`` put a plain value there); and alternative
  content (``mc:AlternateContent``) whose versions say different things, as Word shows one
  and LibreOffice, which makes the PDF, the other;
- XML a Word part never holds: a DOCTYPE (and so any ENTITY declaration) in any part, and a
  part that is not well-formed;
- a package that cannot be read safely: a damaged or encrypted part, or one that unpacks to
  more than :data:`MAX_PART_BYTES` (a zip bomb).

Every problem of a template is listed at once. :func:`refuse_unseen` holds a rendered part
to the same rules: a template that writes Word markup (``|safe``) cannot slip hidden text
or a fetching field in after the check.
"""

from __future__ import annotations

import io
import posixpath
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator

from lxml import etree

from letters.errors import Problem, TemplateProblem
from letters.load.fields import bad_character, invisible_character
from letters.render.docxpost import CT, PKG_REL, W, strict_parser, w

_AGAIN = "open the template in Word or LibreOffice and save it again as .docx"
_NO_MACROS = (
    "letters never carry macros — save the template as a plain .docx"
    " (Word: File › Save As › Word Document)"
)
_NO_OBJECTS = (
    "a letter shows only its own text and pictures — paste the object as a picture"
    " (Word: Paste Special › Picture) or remove it"
)
_NOTHING_OUTSIDE = "a letter carries nothing from outside"
_UNHIDE = (
    "a letter shows everything it holds — clear 'Hidden' (Word: Format › Font) or delete the text"
)

# Each kind of outside relationship: what it is, and how to do without it.
_EXTERNAL = {
    "hyperlink": (
        "a link to an outside address",
        "a letter links only to its case's sources — remove the link, or cite the address"
        " as a source of the case (it then shows as a footnote)",
    ),
    "image": (
        "a picture linked from outside",
        f"{_NOTHING_OUTSIDE} — insert the picture itself (Word: Insert › Pictures, not"
        " 'Link to File')",
    ),
    "attachedTemplate": (
        "an attached template from outside",
        f"{_NOTHING_OUTSIDE} — detach the template (Word: Developer › Document Template)",
    ),
    "subDocument": (
        "a subdocument linked from outside",
        f"{_NOTHING_OUTSIDE} — paste the subdocument's text into the template",
    ),
    "frame": ("a frame linked from outside", f"{_NOTHING_OUTSIDE} — remove the frame"),
    "oleObject": (
        "an object linked from outside",
        f"{_NOTHING_OUTSIDE} — paste the object as a picture (Word: Paste Special › Picture)",
    ),
}
_MACRO_RELS = ("vbaProject", "wordVbaData", "keyMapCustomizations")
_OLE_RELS = ("oleObject", "package")
_ACTIVEX_RELS = ("control", "activeXControlBinary")

# Fields that fetch their content from a file or address when Word updates them (Word
# fetches an INCLUDEPICTURE as it opens the document).
_FETCHING_FIELDS = {"INCLUDETEXT", "INCLUDEPICTURE", "LINK", "DDE", "DDEAUTO", "IMPORT"}
_HIDING = {
    w("vanish"): "hidden text (w:vanish)",
    w("specVanish"): "a hidden paragraph mark (w:specVanish)",
    w("webHidden"): "text hidden in web view (w:webHidden)",
}
_SHOWN_FROM_ELSEWHERE = {
    w("dataBinding"): (
        "a content control bound to data (w:dataBinding), which shows text that is not the"
        " letter's own",
        "remove the content control and type its text (Word: right-click › Remove Content Control)",
    ),
    w("altChunk"): (
        "an imported chunk (w:altChunk), which is merged in only when the letter is opened",
        "paste its content into the template",
    ),
}
_OFF = {"0", "false", "off"}
# VML (Word's older drawings) may name a picture's address in an attribute, not a relationship.
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_VML = ("urn:schemas-microsoft-com:vml", "urn:schemas-microsoft-com:office:office")
_EMBEDDED = {f"{{{_R}}}id", f"{{{_VML[1]}}}relid"}
_ADDRESS = re.compile(r"\s*([a-z][a-z0-9+.-]*:|\\\\|//)", re.IGNORECASE)
_FIELD_TAGS = (w("fldChar"), w("instrText"), w("fldSimple"))
CONTENT_TYPES = "[Content_Types].xml"
_TYPE = w("fldCharType")


MAX_PART_BYTES = 32 * 1024 * 1024
"""The most bytes one part of a template may unpack to. A template's text is a few hundred
kB and a logo a few MB; a zip bomb unpacks a few kB into gigabytes."""


def read_part(archive: zipfile.ZipFile, name: str, label: str) -> bytes:
    """The bytes of part ``name``, never more than :data:`MAX_PART_BYTES` (whatever the zip
    says of its size); a damaged, encrypted or oversized part is a `TemplateProblem`."""
    try:
        with archive.open(name) as part:
            data = part.read(MAX_PART_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise TemplateProblem(f"{label}: {name} is damaged ({exc}); {_AGAIN}") from None
    except (NotImplementedError, RuntimeError) as exc:  # a compression or encryption
        raise TemplateProblem(f"{label}: {name} cannot be unpacked ({exc}); {_AGAIN}") from None
    if len(data) > MAX_PART_BYTES:
        raise TemplateProblem(
            f"{label}: {name} unpacks to more than {MAX_PART_BYTES // 2**20} MB (template limit:"
            f" {MAX_PART_BYTES // 2**20} MB a part); remove it, or save a smaller picture"
        )
    return data


def check_docx(source: bytes, label: str) -> None:
    """Refuse a template that is not a Word document, or that carries what a letter may
    not (see the module's docs), naming the part; every problem at once."""
    try:
        with zipfile.ZipFile(io.BytesIO(source)) as archive:
            names = archive.namelist()
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise TemplateProblem(
                    f"{label}: a zip file but not a Word document (no word/document.xml)"
                )
            found = _Findings(label)
            found.read(archive, names)
    except zipfile.BadZipFile:
        raise TemplateProblem(
            f"{label}: not a Word document (.docx); save it from Word or LibreOffice as .docx"
        ) from None
    problems = [Problem(label, None, "", message) for message in found.messages()]
    if len(problems) == 1:
        raise TemplateProblem(str(problems[0]))
    if problems:
        raise TemplateProblem(f"{len(problems)} problems in {label}:", problems)


def refuse_unseen(root: etree._Element, label: str, part: str) -> None:
    """Refuse a rendered part that holds hidden text, a fetching field or text shown from
    elsewhere: the template's own XML was checked, so its tags wrote that Word markup."""
    for element, what, fix in _unseen(root):
        if fix != _STRAY_FIX:
            fix = "a template writes text, not Word markup"
        raise TemplateProblem(
            f"{label} ({part}{_where(element)}): the rendered letter would hold {what}; {fix}"
        )


# --- the parts ---------------------------------------------------------------------------


class _Findings:
    """The problems of one package: one for each kind of active content (macros, OLE,
    ActiveX: a macro project shows as a part, a content type and a relationship, and is
    one thing to fix), one for each other thing found."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.problems: list[str] = []
        self.active: dict[str, tuple[int, str]] = {}

    def add_active(self, kind: str, rank: int, message: str) -> None:
        """Keep the clearest sign of ``kind`` (the lowest ``rank``: a part's own name)."""
        if kind not in self.active or (rank, message) < self.active[kind]:
            self.active[kind] = (rank, message)

    def messages(self) -> list[str]:
        return sorted({*self.problems, *(m for _rank, m in self.active.values())})

    def read(self, archive: zipfile.ZipFile, names: list[str]) -> None:
        for name in names:
            base, lowered = posixpath.basename(name).lower(), name.lower()
            if base in ("vbaproject.bin", "vbadata.xml"):
                self.add_active("macro", 0, f"{name} is a macro project; {_NO_MACROS}")
            elif lowered.startswith("word/embeddings/"):
                self.add_active("ole", 0, f"{name} is an embedded object (OLE); {_NO_OBJECTS}")
            elif lowered.startswith("word/activex/"):
                self.add_active("activex", 0, f"{name} is an ActiveX control; {_NO_OBJECTS}")
            elif lowered.startswith("customui/"):
                message = f"{name} changes Word's ribbon, for macros to answer; {_NO_MACROS}"
                self.add_active("macro", 0, message)
        xml_names = _xml_names(archive, names, self.label)
        for name in names:
            data = read_part(archive, name, self.label)  # every part: none may be a bomb
            if name in xml_names:
                self.read_xml(data, name)

    def read_xml(self, data: bytes, name: str) -> None:
        try:
            root = etree.fromstring(data, strict_parser())
        except etree.XMLSyntaxError as exc:
            self.problems.append(f"{name} is not well-formed XML ({exc.msg}); {_AGAIN}")
            return
        info = root.getroottree().docinfo
        if info.doctype or info.internalDTD is not None:
            self.problems.append(
                f"{name} declares a DOCTYPE, which a Word part never does (its entities"
                f" could hide or swell the content); {_AGAIN}"
            )
            return
        if name == "[Content_Types].xml":
            self.content_types(root)
        elif name.endswith(".rels"):
            self.relationships(root, name)
        for element, what, fix in _unseen(root):
            self.problems.append(f"{name}{_where(element)}: {what}; {fix}")

    def content_types(self, root: etree._Element) -> None:
        for part, ctype in _content_types(root):
            lowered = ctype.lower()
            if "macroenabled" in lowered or "vbaproject" in lowered or "vbadata" in lowered:
                self.add_active("macro", 1, f"{part} is macro-enabled ({ctype}); {_NO_MACROS}")
            elif "activex" in lowered:
                message = f"{part} is an ActiveX control ({ctype}); {_NO_OBJECTS}"
                self.add_active("activex", 1, message)
            elif "oleobject" in lowered:
                self.add_active("ole", 1, f"{part} is an embedded object ({ctype}); {_NO_OBJECTS}")

    def relationships(self, root: etree._Element, name: str) -> None:
        for rel in root.iter(f"{{{PKG_REL}}}Relationship"):
            kind = rel.get("Type", "").rpartition("/")[2]
            target = _shown(rel.get("Target", ""))
            external = rel.get("TargetMode", "").lower() == "external"
            if kind in _MACRO_RELS:
                message = f"{name} relates a macro project ({target}); {_NO_MACROS}"
                self.add_active("macro", 2, message)
            elif kind in _ACTIVEX_RELS:
                message = f"{name} relates an ActiveX control ({target}); {_NO_OBJECTS}"
                self.add_active("activex", 2, message)
            elif kind in _OLE_RELS and not external:
                message = f"{name} relates an embedded object ({target}); {_NO_OBJECTS}"
                self.add_active("ole", 2, message)
            if external:
                thing, fix = _EXTERNAL.get(
                    kind, (f"a relationship ({kind}) to outside", f"{_NOTHING_OUTSIDE} — remove it")
                )
                self.problems.append(f"{name} holds {thing} ({target}); {fix}")


def _xml_names(archive: zipfile.ZipFile, names: list[str], label: str) -> set[str]:
    """The members that are XML: by their name, or by the content type declared for them."""
    xml = {n for n in names if n.lower().endswith((".xml", ".rels"))}
    try:
        root = etree.fromstring(read_part(archive, CONTENT_TYPES, label), strict_parser())
    except etree.XMLSyntaxError:
        return xml  # reported as a malformed part
    declared = {
        o.get("PartName", "").lstrip("/"): o.get("ContentType", "")
        for o in root.iter(f"{{{CT}}}Override")
    }
    by_extension = {
        d.get("Extension", "").lower(): d.get("ContentType", "")
        for d in root.iter(f"{{{CT}}}Default")
    }
    for name in names:
        ctype = declared.get(name) or by_extension.get(name.rpartition(".")[2].lower(), "")
        if ctype.lower().endswith("xml"):
            xml.add(name)
    return xml


def _content_types(root: etree._Element) -> Iterator[tuple[str, str]]:
    """(what, content type): each part an Override names, and the files of each Default."""
    for override in root.iter(f"{{{CT}}}Override"):
        yield override.get("PartName", "").lstrip("/"), override.get("ContentType", "")
    for default in root.iter(f"{{{CT}}}Default"):
        yield f"every .{default.get('Extension', '')} file", default.get("ContentType", "")


# --- what a reader would not see -----------------------------------------------------------


def _unseen(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """(element, what it is, the fix) for hidden text, each fetching field and text shown
    from elsewhere in one parsed part."""
    for element in root.iter(*_HIDING):
        if element.get(w("val"), "").lower() not in _OFF:
            yield element, _HIDING[element.tag], _UNHIDE
    for element, field in _fetching_fields(root):
        fix = f"{_NOTHING_OUTSIDE} — remove the field (Word shows field codes with Alt+F9)"
        yield element, f"a field that fetches from outside the letter ({field})", fix
    for element in root.iter(*_SHOWN_FROM_ELSEWHERE):
        what, fix = _SHOWN_FROM_ELSEWHERE[element.tag]
        yield element, what, fix
    for element in root.iter(*(f"{{{ns}}}*" for ns in _VML)):
        if _EMBEDDED.intersection(element.attrib):
            continue  # the picture is in the file; an address beside it says where it came from
        for key, value in element.attrib.items():
            if etree.QName(key).localname in ("src", "href") and _ADDRESS.match(value):
                what, fix = _EXTERNAL["image"]
                yield element, f"{what} ({_shown(value)})", fix
    yield from _unreadable(root)
    yield from _misread_text(root)


MIN_HALF_POINTS = 8
"""The smallest text a letter may hold, in half-points (Word's w:sz): 4 pt."""
_UNREADABLE_FIX = (
    "a letter shows everything it holds — make the text readable (Word: Format › Font)"
)
_WHITE = {"FFFFFF", "WHITE"}
_NO_FILL = {"", "auto", "FFFFFF", "ffffff"}


# Run properties that set a size or a colour (most runs take both from their style).
_SIZED_OR_COLOURED = etree.XPath("//w:rPr[w:sz or w:color]", namespaces={"w": W})


def _unreadable(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """Formatting that hides text in plain sight: too small to read, or white on the white
    page (with no shading, highlight, table or text box that could stand behind it)."""
    for rpr in _SIZED_OR_COLOURED(root):
        size = rpr.find(w("sz"))
        half_points = size.get(w("val"), "") if size is not None else ""
        if half_points.isdigit() and int(half_points) < MIN_HALF_POINTS:
            yield rpr, f"text too small to read ({int(half_points) / 2:g} pt)", _UNREADABLE_FIX
        color = rpr.find(w("color"))
        if color is not None and color.get(w("val"), "").upper() in _WHITE and not _behind(rpr):
            yield rpr, "white text on the white page (w:color FFFFFF)", _UNREADABLE_FIX


def _behind(rpr: etree._Element) -> bool:
    """Whether something may stand behind text formatted by ``rpr``: its own shading or
    highlight, its paragraph's or style's shading, a table or a text box around it."""
    highlight = rpr.find(w("highlight"))
    if highlight is not None and highlight.get(w("val")) != "none":
        return True
    holder = rpr.getparent()
    places = [rpr]
    if holder is not None:
        places.append(holder.find(w("pPr")) if holder.tag == w("r") else holder)
        around = (w("tbl"), w("txbxContent"), w("style"))
        for ancestor in (e for e in (holder, *holder.iterancestors()) if e.tag in around):
            if ancestor.tag != w("style") or ancestor.get(w("type")) == "table":
                return True  # a table's cells, a text box or a table style may be shaded
            places.append(ancestor.find(w("pPr")))
        paragraph = next(holder.iterancestors(w("p")), None)
        if paragraph is not None:
            places.append(paragraph.find(w("pPr")))
    for place in places:
        shading = place.find(w("shd")) if place is not None else None
        if shading is not None and shading.get(w("fill"), "") not in _NO_FILL:
            return True
    return False


# Word elements that hold text of their own; any other Word element holds only elements.
_TEXT_HOLDERS = {w("t"), w("delText"), w("instrText"), w("delInstrText"), w("fldData")}
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_STRAY_FIX = (
    "write text inside a run, and a value as {{ value }}: docxtpl's {{r }} and {{p }} put"
    " it outside any run, where LibreOffice leaves it out and Word reports damage"
)
_ALTERNATIVE_FIX = (
    "keep one version (Word: save the template in compatibility mode, or retype the"
    " element), so that the PDF and the .docx say the same"
)


# Text directly in any other Word element: its own text, or after one of its children.
_STRAY = etree.XPath(
    "//text()[parent::w:*][not("
    + " or ".join(f"parent::w:{etree.QName(t).localname}" for t in _TEXT_HOLDERS)
    + ")][normalize-space()]",
    namespaces={"w": W},
)
# An element's own text, as lxml keeps it (python-docx's classes, which parse a rendered
# header, give a run a .text of their own: the text of its w:t).
_OWN_TEXT = etree._Element.text.__get__


# All the text of the elements that hold text, to look for a bad character in one search.
_HELD_TEXT = etree.XPath(
    " | ".join(f"//w:{etree.QName(t).localname}/text()" for t in _TEXT_HOLDERS),
    namespaces={"w": W},
)


def _misread_text(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """(element, what, fix) for text a reader would see otherwise than it is stored."""
    held = "".join(_HELD_TEXT(root))
    suspect = invisible_character(held) or bad_character(held, allow_newline=False)
    for element in root.iter(*_TEXT_HOLDERS) if suspect else ():
        text = _OWN_TEXT(element) or ""
        invisible, control = invisible_character(text), bad_character(text, allow_newline=False)
        if invisible or control:
            what = (
                f"an invisible character that can hide or reorder text ({invisible})"
                if invisible
                else f"a control character ({control})"
            )
            fix = "delete it (Word: show formatting marks with Ctrl+Shift+8), or type it again"
            yield element, what, fix
    for stray in _STRAY(root):
        what = f"text outside any run (“{_shown(str(stray).strip())}”)"
        yield stray.getparent(), what, _STRAY_FIX
    for element in root.iter(f"{{{_MC}}}AlternateContent"):
        versions = {
            "".join(t.text or "" for t in branch.iter(w("t")))
            for branch in element
            if branch.tag in (f"{{{_MC}}}Choice", f"{{{_MC}}}Fallback")
        }
        if len(versions) > 1:
            what = "alternative content whose versions differ (mc:AlternateContent)"
            yield element, what, _ALTERNATIVE_FIX


def _fetching_fields(root: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """(element, field name) for each field that fetches from a file or an address."""
    open_fields: list[tuple[etree._Element, list[str], bool]] = []  # begin, code, judged
    for element in root.iter(*_FIELD_TAGS):
        if element.tag == w("fldSimple"):
            name = _fetching(element.get(w("instr"), ""))
            if name:
                yield element, name
        elif element.tag == w("instrText"):
            if open_fields:
                open_fields[-1][1].append(element.text or "")
        elif element.get(_TYPE) == "begin":
            open_fields.append((element, [], False))
        elif open_fields:
            begin, code, judged = open_fields[-1]
            if not judged:
                name = _fetching("".join(code))
                if name:
                    yield begin, name
                open_fields[-1] = (begin, code, True)
            if element.get(_TYPE) == "end":
                open_fields.pop()


def _fetching(code: str) -> str:
    """The name of a field that fetches from outside, or "" for any other field code."""
    words = code.split()
    if not words:
        return ""
    name = words[0].upper()
    if name in _FETCHING_FIELDS:
        return name
    if name == "HYPERLINK" and words[1:2] != ["\\l"]:  # \l: a place in the letter itself
        return name
    return ""


def _where(element: etree._Element) -> str:
    """Where ``element`` is, for a message: its paragraph quoted, or its style."""
    paragraph = next(element.iterancestors(w("p")), None)
    if paragraph is not None:
        text = " ".join("".join(t.text or "" for t in paragraph.iter(w("t"))).split())
        text = text if len(text) <= 80 else text[:77] + "..."
        return f", paragraph “{_shown(text)}”" if text else ", an empty paragraph"
    style = next(element.iterancestors(w("style")), None)
    if style is not None:
        named = style.find(w("name"))
        shown = named.get(w("val")) if named is not None else style.get(w("styleId"))
        return f", style “{_shown(shown or '')}”"
    if next(element.iterancestors(w("docDefaults")), None) is not None:
        return ", the document's default format"
    return ""


def _shown(text: str) -> str:
    """``text`` safe to print: control and format characters as escapes, at most 80."""
    text = "".join(c if unicodedata.category(c)[0] != "C" else f"\\u{ord(c):04x}" for c in text)
    return text if len(text) <= 80 else text[:77] + "..."
