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
- embedded fonts (``word/fonts/``, a ``font`` relationship, ``w:embedRegular`` and its
  kin in the font table): a font of the template's own can draw one letter, or one word,
  as another, so the PDF LibreOffice makes with it would not say what the text says;
- anything from outside: a relationship with ``TargetMode="External"`` in any ``.rels``
  part (links, linked pictures, an attached template, subdocuments, frames, linked
  objects), a VML picture that names its address instead of being in the file, and the
  fields that fetch (INCLUDETEXT, INCLUDEPICTURE, LINK, DDE, DDEAUTO, IMPORT, a HYPERLINK
  field to an address). The web links in a letter's footnotes are added by the renderer
  from the case's sources, never taken from a template;
- in any XML part, what a reader would not see, or would see otherwise than it is stored
  (:mod:`letters.render.unseen`): hidden text and drawings, a page number field holding more
  than its number, text too small or too narrow to read, text whose colour is too close to
  what is behind it (its colours found through the template's styles and theme:
  :mod:`letters.render.contrast`), text shown from elsewhere, characters that hide or
  reorder text, text outside any run, alternative content whose versions differ;
- what the letter would carry and no page shows: a footnote or endnote that no mark in the
  text refers to, a picture a part relates and draws nowhere, and a header or footer no
  section shows (:mod:`letters.render.unshown_parts`);
- XML a Word part never holds: a DOCTYPE (and so any ENTITY declaration) in any part, a
  part that is not well-formed, and markup in Strict Open XML's namespaces, which no check
  reads and LibreOffice does (:mod:`letters.render.strict_xml`);
- a package that cannot be read safely: a damaged or encrypted part, or one that unpacks to
  more than :data:`~letters.render.package_read.MAX_PART_BYTES` (a zip bomb), and a picture
  of more than :data:`MAX_PICTURE_PIXELS` (a picture bomb).

Every problem of a template is listed at once. :func:`refuse_unseen` holds a rendered part
to the same rules: a template that writes Word markup (``|safe``) or docxtpl's ``{{r }}``
cannot slip hidden text, a fetching field or text outside a run in after the check.
"""

from __future__ import annotations

import functools
import hashlib
import io
import posixpath
import re
import zipfile

from docx.image.image import Image
from lxml import etree

from letters.errors import Problem, TemplateProblem
from letters.files.memo import Kept, by_content
from letters.files.size_limits import MAX_TEMPLATE_BYTES
from letters.render.contrast import Styles
from letters.render.docxpost import PKG_REL, kept_names, strict_parser, w
from letters.render.image_metadata import NotAnImage, picture_type, picture_without_metadata
from letters.render.images import UNREADABLE_PICTURE
from letters.render.package_read import (
    content_types,
    parsed_part,
    read_part,
    read_styles,
    xml_parts,
)
from letters.render.placement import ONE_CELL_FIX
from letters.render.strict_xml import refuse_strict, strict_element, strict_problem
from letters.render.tag_check import unshown_node
from letters.render.unseen import (
    LINKED_PICTURE,
    NOTHING_OUTSIDE,
    SAVE_AGAIN,
    STRAY_FIX,
    shown,
    unseen,
    where,
)
from letters.render.unshown_parts import (
    unshown_notes,
    unshown_parts,
    unshown_pictures,
)
from letters.render.xml_problem import not_well_formed

_NO_MACROS = (
    "letters never carry macros — save the template as a plain .docx"
    " (Word: File › Save As › Word Document)"
)
_NO_OBJECTS = (
    "a letter shows only its own text and pictures — paste the object as a picture"
    " (Word: Paste Special › Picture) or remove it"
)

# Each kind of outside relationship: what it is, and how to do without it.
_EXTERNAL = {
    "hyperlink": (
        "a link to an outside address",
        "a letter links only to its case's sources — remove the link, or cite the address"
        " as a source of the case (it then shows as a footnote)",
    ),
    "image": LINKED_PICTURE,
    "attachedTemplate": (
        "an attached template from outside",
        f"{NOTHING_OUTSIDE} — detach the template (Word: Developer › Document Template)",
    ),
    "subDocument": (
        "a subdocument linked from outside",
        f"{NOTHING_OUTSIDE} — paste the subdocument's text into the template",
    ),
    "frame": ("a frame linked from outside", f"{NOTHING_OUTSIDE} — remove the frame"),
    "oleObject": (
        "an object linked from outside",
        f"{NOTHING_OUTSIDE} — paste the object as a picture (Word: Paste Special › Picture)",
    ),
}
_NO_FONTS = (
    "a letter is drawn in the fonts installed where it is opened, whose letters are what"
    " they say — turn off embedding (Word: File › Options › Save › Embed fonts in the file)"
    " and save the template again"
)
_REPLACE = (
    "save it as PNG or JPEG and put that into the template instead (Word: select it,"
    " Picture Format › Change Picture)"
)
# pictures whose metadata is not taken out, by their first bytes
_UNCLEANED = {b"GIF8": "GIF", b"II*\0": "TIFF", b"MM\0*": "TIFF"}
_EMBEDDED_FONT = ("embedRegular", "embedBold", "embedItalic", "embedBoldItalic")
_MACRO_RELS = ("vbaProject", "wordVbaData", "keyMapCustomizations")
_OLE_RELS = ("oleObject", "package")
_ACTIVEX_RELS = ("control", "activeXControlBinary")


MAX_PARTS = 1000
"""The most parts (files in its zip) a template may hold: a letter's template has a few
dozen; a package of tens of thousands is built to wear the machine down."""
MAX_TOTAL_BYTES = MAX_TEMPLATE_BYTES
"""The most bytes all the parts of a template may unpack to together."""
MAX_PICTURE_PIXELS = 50_000_000
"""The most pixels a picture in a template may have: a page scanned at 600 dpi has 35
million; a picture bomb packs billions into a few kB, which LibreOffice unpacks to make the
PDF."""


def check_docx(source: bytes, label: str) -> None:
    """Refuse a template that is not a Word document, or that carries what a letter may
    not (see the module's docs), naming the part; every problem at once. The same bytes
    under the same name are read once in a process (a batch prepares its template for each
    language); each refusal is a new exception."""
    refusal = _refusal(source, label)
    if refusal is not None:
        raise TemplateProblem(*refusal)


@by_content(most=64)
def _refusal(source: bytes, label: str) -> tuple[str, list[Problem]] | None:
    try:
        _check_docx(source, label)
    except TemplateProblem as exc:
        return exc.args[0], exc.problems
    return None


def _check_docx(source: bytes, label: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(source)) as archive:
            names = archive.namelist()
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise TemplateProblem(
                    f"{label}: a zip file but not a Word document (no word/document.xml)"
                )
            refuse_strict(archive, label)
            if len(names) > MAX_PARTS:
                raise TemplateProblem(
                    f"{label}: holds {len(names):,} parts (template limit: {MAX_PARTS:,} parts);"
                    f" {SAVE_AGAIN}"
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


def refuse_unseen(
    root: etree._Element, label: str, part: str, styles: Styles | None = None
) -> None:
    """Refuse a rendered part that holds hidden text, a fetching field or text shown from
    elsewhere: the template's own XML was checked, so its tags wrote that Word markup.
    ``styles``: the template's (:func:`template_styles`), which colours come from."""
    if (strict := strict_element(root)) is not None:  # none of the checks below reads it
        raise TemplateProblem(
            f"{label} ({part}{where(strict)}): the rendered letter would hold Strict Open XML"
            f" markup ({etree.QName(strict).localname}); a template writes text, not Word markup"
        )
    if (unshown := unshown_node(root)) is not None:
        raise TemplateProblem(
            f"{label} ({part}{where(unshown[0])}): the rendered letter would hold {unshown[1]},"
            " which no page shows; a template writes text, not Word markup"
        )
    for element, what, fix in unseen(root, styles, rendered=True):
        if fix not in (STRAY_FIX, ONE_CELL_FIX):  # those two docxtpl's own tags can write
            fix = "a template writes text, not Word markup"
        raise TemplateProblem(
            f"{label} ({part}{where(element)}): the rendered letter would hold {what}; {fix}"
        )


# --- the parts ---------------------------------------------------------------------------


class _Findings:
    """The problems of one package: one for each kind of active content (macros, OLE,
    ActiveX, embedded fonts: a macro project shows as a part, a content type and a
    relationship, and is one thing to fix), one for each other thing found."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.problems: list[str] = []
        self.active: dict[str, tuple[int, str]] = {}
        self.styles = Styles()

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
            elif lowered.startswith("word/fonts/"):
                self.add_active("font", 0, f"{name} is an embedded font; {_NO_FONTS}")
            elif lowered.startswith("customui/"):
                message = f"{name} changes Word's ribbon, for macros to answer; {_NO_MACROS}"
                self.add_active("macro", 0, message)
        xml_names = xml_parts(archive, names, self.label)
        self.styles = read_styles(archive, names, self.label)
        total = 0
        for name in names:
            data = read_part(archive, name, self.label)  # every part: none may be a bomb
            total += len(data)
            if total > MAX_TOTAL_BYTES:
                limit = MAX_TOTAL_BYTES // 2**20
                raise TemplateProblem(
                    f"{self.label}: its parts unpack to more than {limit} MB together (template"
                    f" limit: {limit} MB in all); remove what the letter does not show, or save"
                    " smaller pictures"
                )
            if name in xml_names:
                self.read_xml(data, name)
            else:
                self.read_picture(data, name)
        # a part is read for several checks, and parsed once
        parsed = functools.cache(functools.partial(parsed_part, archive, names, label=self.label))
        self.problems += unshown_parts(parsed)
        self.problems += unshown_notes(parsed)
        self.problems += unshown_pictures(names, parsed)

    def read_picture(self, data: bytes, name: str) -> None:
        """Refuse a picture of more than :data:`MAX_PICTURE_PIXELS`, by the size its header
        gives; a PNG or JPEG whose metadata cannot be taken out of it, since its structure
        does not add up; a GIF, TIFF, WebP, EMF or WMF, whose metadata is not taken out
        (anything else is left to what shows it)."""
        # a thumbnail of the template's is left out of a letter, whatever it holds
        if kept_names([name]) and (problem := _metadata_kept(data, name)):
            self.problems.append(problem)
            return
        try:
            picture = Image.from_blob(data)
            width, height = picture.px_width, picture.px_height
        except UNREADABLE_PICTURE:
            return  # not a picture python-docx reads (an EMF, a damaged one): no size to judge
        if width * height > MAX_PICTURE_PIXELS:
            self.problems.append(
                f"{name} is a picture of {width:,}×{height:,} pixels (template limit:"
                f" {MAX_PICTURE_PIXELS // 10**6} million pixels a picture); save it smaller: a"
                " picture as wide as the page needs about 2,500 pixels across"
            )

    def read_xml(self, data: bytes, name: str) -> None:
        try:
            root = etree.fromstring(data, strict_parser())
        except etree.XMLSyntaxError as exc:
            self.problems.append(not_well_formed(name, data, exc))
            return
        info = root.getroottree().docinfo
        if info.doctype or info.internalDTD is not None:
            self.problems.append(
                f"{name} declares a DOCTYPE, which a Word part never does (its entities"
                f" could hide or swell the content); {SAVE_AGAIN}"
            )
            return
        if strict := strict_problem(name, root):  # LibreOffice reads it; no check here does
            self.problems.append(strict)
        for font in root.iter(*(w(tag) for tag in _EMBEDDED_FONT)):
            message = f"{name} embeds a font ({etree.QName(font).localname}); {_NO_FONTS}"
            self.add_active("font", 1, message)
        if name == "[Content_Types].xml":
            self.content_types(root)
        elif name.endswith(".rels"):
            self.relationships(root, name)
        self.problems += _unseen_in_part(data, name, root, self.styles)

    def content_types(self, root: etree._Element) -> None:
        for part, ctype in content_types(root):
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
            target = shown(rel.get("Target", ""))
            external = rel.get("TargetMode", "").lower() == "external"
            if kind in _MACRO_RELS:
                message = f"{name} relates a macro project ({target}); {_NO_MACROS}"
                self.add_active("macro", 2, message)
            elif kind in _ACTIVEX_RELS:
                message = f"{name} relates an ActiveX control ({target}); {_NO_OBJECTS}"
                self.add_active("activex", 2, message)
            elif kind == "font" and not external:
                message = f"{name} relates an embedded font ({target}); {_NO_FONTS}"
                self.add_active("font", 2, message)
            elif kind in _OLE_RELS and not external:
                message = f"{name} relates an embedded object ({target}); {_NO_OBJECTS}"
                self.add_active("ole", 2, message)
            if external:
                thing, fix = _EXTERNAL.get(
                    kind, (f"a relationship ({kind}) to outside", f"{NOTHING_OUTSIDE} — remove it")
                )
                self.problems.append(f"{name} holds {thing} ({target}); {fix}")


def _metadata_kept(data: bytes, name: str) -> str | None:
    """Why the picture ``data`` would go to a letter with its metadata, if it would."""
    try:
        picture_without_metadata(data)
    except NotAnImage as exc:
        kind = "PNG" if picture_type(data) == "image/png" else "JPEG"
        return (
            f"{name} is a {kind} picture that does not add up ({exc}), so what it says of itself"
            f" cannot be left out of the letter; {_REPLACE}"
        )
    if saved_as := _uncleaned(data):
        return (
            f"{name} is a picture saved as {saved_as}, whose comments and metadata (author, place,"
            f" editing history) would go to every addressee; {_REPLACE}"
        )
    return None


def _uncleaned(data: bytes) -> str | None:
    """The kind of picture ``data`` is, if it is one whose metadata is not taken out: an
    EMF or WMF may carry, besides its description, a whole bitmap with its EXIF."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if data[:4] == b"\x01\0\0\0" and data[40:44] == b" EMF":
        return "EMF"
    if data[:4] == b"\xd7\xcd\xc6\x9a" or data[:6] in (
        b"\x01\0\x09\0\0\x03",
        b"\x02\0\x09\0\0\x03",
    ):
        return "WMF"
    return _UNCLEANED.get(data[:4])


def shows_version(template: bytes) -> bool:
    """True if the template prints the version id somewhere (the DRAFT mark)."""
    try:
        with zipfile.ZipFile(io.BytesIO(template)) as archive:
            names = archive.namelist()
            parts = [n for n in names if n.startswith("word/") and n.endswith(".xml")]
            text = "".join(
                re.sub(r"<[^>]+>", "", read_part(archive, n, "").decode("utf-8", "replace"))
                for n in parts
            )
    except (zipfile.BadZipFile, TemplateProblem):
        return True  # not a .docx, or a damaged one: rendering reports that, more usefully
    # [^{}]: from each "{{" to the next brace only, so that "{{{{…" is read in one pass
    return re.search(r"\{\{[^{}]*\bversion\b", text) is not None


_UNSEEN_KEPT: Kept[list[str]] = Kept(most=256)


def _unseen_in_part(data: bytes, name: str, root: etree._Element, styles: Styles) -> list[str]:
    """The problems :func:`unseen` finds in the part ``name`` (``data``, parsed: ``root``),
    kept by its bytes and the styles it was judged with: a template edited in one part
    (its body, say) is judged again in that part only. A styles part of a Word template
    holds a hundred table styles, which take most of a template's check."""

    def judged() -> list[str]:
        return [f"{name}{where(e)}: {what}; {fix}" for e, what, fix in unseen(root, styles)]

    if styles.key is None:
        return judged()
    return _UNSEEN_KEPT.get((hashlib.sha256(data).digest(), name, styles.key), judged)
