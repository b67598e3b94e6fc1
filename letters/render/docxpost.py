"""Finish a rendered .docx: strict XML, language tags, no-break spaces, clean metadata,
stable bytes.

Every XML part is parsed without recovery, so a broken part stops the build
instead of being silently truncated. Runs are tagged with the letter's
language so Word proof-reads Ukrainian as Ukrainian; the text gets the no-break
spaces the language wants (:mod:`letters.render.typography`), and the words no line may
break are kept whole (:mod:`letters.render.whole_words`). Whatever the template's
author left in its metadata (name, company, comments, thumbnail) is replaced.
The zip is written with fixed timestamps, so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from xml.sax.saxutils import escape

from lxml import etree

from letters.errors import TemplateProblem
from letters.render.image_metadata import NotAnImage, picture_without_metadata
from letters.render.layout import lay_out
from letters.render.typography import typeset_story
from letters.render.whole_words import Unbroken, keep_words_whole, set_lang, tag_run
from letters.render.zipout import Member, package

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML element: ``w("p")`` is ``{...main}p``."""
    return f"{{{W}}}{tag}"


# Tracked changes left in a template carry their authors' names and deleted
# text: the output accepts them all.
_REVISIONS_DROPPED = {
    w(t)
    for t in (
        "del",
        "moveFrom",
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "trPrChange",
        "tcPrChange",
        "tblGridChange",
        "numberingChange",
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
    )
}
_REVISIONS_UNWRAPPED = {w("ins"), w("moveTo")}
_STORY_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
# Parts a letter does without: what a template's author left (a thumbnail, custom
# properties, comments and their authors, the settings of the printer it was last printed
# on, which begin with the printer's name), Word's building blocks (the glossary: text
# for content controls and AutoText) and custom XML data (Word's bibliography sources, a
# document server's fields; a content control bound to it is refused): text no page shows
# but the file carries
_DROPPED = re.compile(
    r"docProps/(thumbnail\.[a-z]+|custom\.xml)|word/(comments[A-Za-z]*\.xml|people\.xml)"
    r"|word/glossary/.+|word/printerSettings/.+|customXml/.+"
)
# Settings that name a file or a place outside the letter, which Word may look for as the
# letter is opened or saved: the template it was made from, the XML schemas and transform
# (and the library giving their locations) it was saved with, where smart tags come from
_NAMING_OUTSIDE = (
    "attachedTemplate",
    "attachedSchema",
    "saveThroughXslt",
    "useXSLTWhenSaving",
    "smartTagType",
)
_SCHEMA_LIBRARY = "{http://schemas.openxmlformats.org/schemaLibrary/2006/main}schemaLibrary"
_COMMENT_MARKS = {w("commentRangeStart"), w("commentRangeEnd"), w("commentReference")}


def strict_parser() -> etree.XMLParser:
    """An XML parser that refuses what it cannot read: no recovery, no entities, no network."""
    return etree.XMLParser(
        recover=False, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )


def parse_strict(data: bytes, label: str) -> etree._Element:
    """Parse a rendered part strictly; malformed XML is the template's problem (``label``)."""
    try:
        root = etree.fromstring(data, strict_parser())
    except etree.XMLSyntaxError as exc:
        raise TemplateProblem(
            f"{label}: the rendered document is not well-formed XML ({exc.msg})"
        ) from None
    if root.getroottree().docinfo.doctype:
        raise TemplateProblem(f"{label}: a document part declares a DOCTYPE; refusing it")
    return root


_RUN, _RPR, _PPR = w("r"), w("rPr"), w("pPr")


def accept_revisions(root: etree._Element) -> None:
    """Accept Word's tracked changes in a story part, in place: deleted text goes, inserted
    text stays as if typed. A letter is rendered from what this leaves, and its messages
    are extracted from it."""
    for element in list(root.iter(*_REVISIONS_DROPPED)):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    for element in list(root.iter(*_REVISIONS_UNWRAPPED)):
        parent = element.getparent()
        if parent is None:
            continue
        if parent.tag == _RPR:  # an inserted paragraph mark: just a marker
            parent.remove(element)
            continue
        index = parent.index(element)
        for offset, child in enumerate(list(element)):
            parent.insert(index + offset, child)
        parent.remove(element)


def _tag_runs(root: etree._Element, tag: str) -> None:
    for mark in list(root.iter(*_COMMENT_MARKS)):
        parent = mark.getparent()
        if parent is not None and parent.tag == _RUN and len(parent) <= 2:
            grand = parent.getparent()
            if grand is not None:
                grand.remove(parent)
        elif parent is not None:
            parent.remove(mark)
    for element in root.iter(_RUN, _PPR):
        if element.tag == _RUN:
            tag_run(element, tag)
        elif (rpr := element.find(_RPR)) is not None:
            set_lang(rpr, tag)


def _tag_styles(root: etree._Element, tag: str) -> None:
    defaults = root.find(w("docDefaults"))
    if defaults is None:
        defaults = etree.Element(w("docDefaults"))
        root.insert(0, defaults)
    rpr_default = defaults.find(w("rPrDefault"))
    if rpr_default is None:
        rpr_default = etree.Element(w("rPrDefault"))
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(w("rPr"))
    if rpr is None:
        rpr = etree.SubElement(rpr_default, w("rPr"))
    set_lang(rpr, tag)


# The elements of w:settings from w:autoHyphenation on, in the order of the schema
# (ECMA-376 CT_Settings; m:mathPr is the math namespace's).
# fmt: off
_FROM_HYPHENATION = (
    "autoHyphenation", "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps",
    "showEnvelope", "summaryLength", "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders",
    "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter",
    "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml",
    "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml",
    "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
    "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr",
    "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
    "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
    "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
    "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)
# fmt: on


def _insert_setting(root: etree._Element, tag: str) -> None:
    """Add an empty ``w:<tag>`` (a setting that is on) where the schema puts it."""
    later = _FROM_HYPHENATION[_FROM_HYPHENATION.index(tag) + 1 :]
    anchor = next((c for c in root if etree.QName(c).localname in later), None)
    element = etree.Element(w(tag))
    if anchor is None:
        root.append(element)
    else:
        anchor.addprevious(element)


def _hyphenate(root: etree._Element) -> None:
    """Switch automatic hyphenation on — justified uk and ru text needs it (ДСТУ 4163,
    ГОСТ Р 7.0.97) — in the language each run is tagged with, words in capitals
    (surnames: «Денису МАЛЮСЬЦІ») left whole. A template that sets either itself
    (``w:val="false"``) keeps its choice; a paragraph style with "don't hyphenate"
    (w:suppressAutoHyphens) is not hyphenated."""
    for tag in ("autoHyphenation", "doNotHyphenateCaps"):
        if root.find(w(tag)) is None:
            _insert_setting(root, tag)


def _core_xml(title: str, lang_tag: str, day: dt.date) -> bytes:
    stamp = f"{day.isoformat()}T00:00:00Z"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>letters</dc:creator>"
        "<cp:lastModifiedBy>letters</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f"<dc:language>{lang_tag}</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


_APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>letters</Application><DocSecurity>0</DocSecurity></Properties>"
)


def _without_dropped_rels(root: etree._Element) -> None:
    for rel in list(root):
        target = rel.get("Target", "")
        if _DROPPED.search(target if target.startswith(("docProps", "word")) else "word/" + target):
            root.remove(rel)


# Containers the schema (ECMA-376 Part 1, CT_HdrFtr, CT_Tc, CT_FtnEdn, CT_TxbxContent)
# wants at least one block in, and Word wants a cell to end with a paragraph: a template's
# {%p if %} around the whole of one (the DRAFT mark in a header) may leave it empty, and
# Word then calls the letter unreadable.
_HOLDS_BLOCKS = tuple(w(tag) for tag in ("hdr", "ftr", "tc", "footnote", "endnote", "txbxContent"))
_BLOCKS = {w(tag) for tag in ("p", "tbl", "sdt", "customXml", "altChunk")}


def _no_empty_containers(root: etree._Element) -> None:
    """An empty paragraph in each container rendering left without one, and after a table
    that ends a table cell."""
    for container in root.iter(*_HOLDS_BLOCKS):
        blocks = [child for child in container if child.tag in _BLOCKS]
        if not blocks or (container.tag == w("tc") and blocks[-1].tag == w("tbl")):
            container.append(etree.Element(w("p")))


def finish_part(name: str, root: etree._Element, lang_tag: str) -> None:
    """Clean one parsed XML part of a rendered package in place."""
    if _STORY_PARTS.fullmatch(name):
        accept_revisions(root)
        _tag_runs(root, lang_tag)
        if name == "word/document.xml":
            lay_out(name, root, lang_tag)
            for printer in list(root.iter(w("printerSettings"))):  # its part is dropped
                printer.getparent().remove(printer)
    elif name == "word/styles.xml":
        _tag_styles(root, lang_tag)
        lay_out(name, root, lang_tag)
    elif name == "word/settings.xml":
        # proofState: the template's text was proof-read, not the letter's; without it
        # Word checks the letter's spelling and grammar in its language
        for tag_name in ("docVars", "trackRevisions", "proofState", *_NAMING_OUTSIDE):
            for element in root.findall(w(tag_name)):
                root.remove(element)
        for library in root.findall(_SCHEMA_LIBRARY):
            root.remove(library)
        _hyphenate(root)
    elif name.endswith(".rels"):
        _without_dropped_rels(root)
    elif name == "[Content_Types].xml":
        for override in root.findall(f"{{{CT}}}Override"):
            if _DROPPED.fullmatch(override.get("PartName", "").lstrip("/")):
                root.remove(override)
        for default in root.findall(f"{{{CT}}}Default"):
            if default.get("ContentType", "").endswith(".printerSettings"):
                root.remove(default)  # the type of the parts dropped above


def finish_text(
    name: str, root: etree._Element, lang_tag: str, unbroken: Unbroken | None = None
) -> None:
    """Finish the text of one rendered part in place: in a story part, no-break spaces and
    apostrophes as the letter's language wants them (:mod:`letters.render.typography`), and
    no paragraph's last word nor any form of the people's names hyphenated (``unbroken``).
    Done after
    rendering, never to a template, whose tags and messages must stay as they are; and a
    paragraph wherever rendering left a header, a cell or a note without one."""
    if _STORY_PARTS.fullmatch(name):
        typeset_story(root, lang_tag)
        keep_words_whole(root, unbroken or Unbroken())
        _no_empty_containers(root)


def serialize(root: etree._Element) -> bytes:
    """A part's XML as Word writes it: declaration, UTF-8, standalone."""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def kept_names(names: list[str]) -> list[str]:
    """The parts a finished package keeps, in the order it stores them."""
    kept = [n for n in names if not _DROPPED.fullmatch(n)]
    return sorted(kept, key=lambda n: (n != "[Content_Types].xml", n))


UNSHOWN_NODES = etree.XPath("//comment() | //processing-instruction()")
"""Every XML comment and processing instruction of a part."""


def drop_unshown_nodes(root: etree._Element) -> None:
    """Take the XML comments and processing instructions out of the part ``root`` (in a story
    part, once its tag check found no tag in them): no page shows them, and a letter carries
    nothing no page shows. Whatever text follows one stays where it was."""
    for node in UNSHOWN_NODES(root):
        parent = node.getparent()
        if parent is None:
            continue  # beside the part's root, never written out with it
        if node.tail:
            previous = node.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + node.tail
            else:
                parent.text = (parent.text or "") + node.tail
        parent.remove(node)


def finished_blob(name: str, blob: bytes, *, label: str, lang_tag: str) -> bytes:
    """The finished bytes of one part that rendering does not change: XML without its
    comments, a picture without its metadata (the template's check refused one that does
    not add up)."""
    if name == "docProps/app.xml":
        return _APP_XML
    if name.endswith((".xml", ".rels")):
        root = parse_strict(blob, f"{label} ({name})")
        drop_unshown_nodes(root)
        finish_part(name, root, lang_tag)
        finish_text(name, root, lang_tag)
        return serialize(root)
    try:
        return picture_without_metadata(blob)
    except NotAnImage as exc:
        raise TemplateProblem(f"{label}: {name} is not a whole picture ({exc})") from None


def member(name: str, blob: bytes) -> Member:
    """A part ready for the package. Parts made anew for every letter are compressed
    lightly (three times faster, 10% larger); the rest once, as well as zlib can."""
    per_letter = name == "docProps/core.xml" or _STORY_PARTS.fullmatch(name)
    return Member.of(name, blob, 1 if per_letter else 6)


def core_member(title: str, lang_tag: str, day: dt.date) -> Member:
    """``docProps/core.xml`` for a letter: its title, language and date, no names or clock times."""
    return member("docProps/core.xml", _core_xml(title, lang_tag, day))


def finalize(
    data: bytes,
    *,
    label: str,
    lang_tag: str,
    title: str,
    day: dt.date,
    names: frozenset[str] = frozenset(),
) -> bytes:
    """Return the finished .docx for the rendered ``data``, its footnotes written; the
    people's ``names`` are never hyphenated in its body."""
    # footnotes and the styles' reader build on this module: imported here, once loaded
    from letters.render.footnote_parts import FootnoteParts
    from letters.render.footnotes import refuse_notes, take_notes
    from letters.render.package_read import template_styles

    source = zipfile.ZipFile(io.BytesIO(data))
    body = parse_strict(source.read("word/document.xml"), f"{label} (word/document.xml)")
    drop_unshown_nodes(body)
    finish_part("word/document.xml", body, lang_tag)
    notes = take_notes(body, label, lang_tag)
    unbroken = Unbroken(names, template_styles(data, label).unhyphenated())
    finish_text("word/document.xml", body, lang_tag, unbroken)
    parts: dict[str, bytes] = {}
    for name in kept_names(source.namelist()):
        if name not in ("word/document.xml", "docProps/core.xml"):
            refuse_notes(blob := source.read(name), label, name)
            parts[name] = finished_blob(name, blob, label=label, lang_tag=lang_tag)
    if notes:
        footnotes = FootnoteParts(parts.get, label=label, lang_tag=lang_tag)
        parts.update(footnotes.parts(notes, parts.get))
    parts["word/document.xml"] = serialize(body)
    core = core_member(title, lang_tag, day)
    order = kept_names([*parts, *(n for n in source.namelist() if n == core.name)])
    return package(core if name == core.name else member(name, parts[name]) for name in order)
