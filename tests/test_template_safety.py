"""What is signed is what is seen: a template is an untrusted package.

Each bad template is the sample's ``templates/appeal.docx`` with parts rewritten here, run
through the real ``letters build`` and ``letters check``: refused with the part named and a
fix, exit status 1, the output folder untouched. A final letter's parts hold nothing
external, hidden or active; the version changes with anything in the file a reader could be
shown; LibreOffice never reaches the network while converting.
"""

from __future__ import annotations

import http.server
import io
import os
import re
import struct
import threading
import urllib.error
import urllib.request
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import docx
import pytest
from click.testing import CliRunner
from lxml import etree
from ruamel.yaml import YAML

from letters import Workspace
from letters.cli import main
from letters.publish.pdf import convert
from letters.render.contrast import TABLE_PARTS
from tests.conftest import docx_parts, docx_text, files_under, needs_libreoffice, rewrite_docx
from tests.test_signoff import JOINT, SIX, VIA

LABEL = "templates/appeal.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
MS_REL = "http://schemas.microsoft.com/office/2006/relationships"
RELS_HEAD = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{PKG_REL}">'
)

NO_MACROS = (
    "letters never carry macros — save the template as a plain .docx"
    " (Word: File › Save As › Word Document)"
)
NO_OBJECTS = (
    "a letter shows only its own text and pictures — paste the object as a picture"
    " (Word: Paste Special › Picture) or remove it"
)
OUTSIDE = "a letter carries nothing from outside"
UNHIDE = (
    "a letter shows everything it holds — clear 'Hidden' (Word: Format › Font) or delete the text"
)
AGAIN = "open the template in Word or LibreOffice and save it again as .docx"
NO_FIELD = f"{OUTSIDE} — remove the field (Word shows field codes with Alt+F9)"
FIXED_TEXT = (
    "a letter shows the text it holds, which its signatories approve — type the text instead"
    " of the field (Word: select the field and press Ctrl+Shift+F9)"
)

Edit = Callable[[bytes], bytes]


def rel(kind: str, target: str, *, external: bool = True, rid: str = "rIdBad") -> bytes:
    """One relationship; ``kind`` is a full type URI or one of the officeDocument types."""
    uri = kind if kind.startswith("http") else f"{R}/{kind}"
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{rid}" Type="{uri}" Target="{target}"{mode}/>'.encode()


def add_rel(*rels: bytes) -> Edit:
    return lambda data: data.replace(b"</Relationships>", b"".join(rels) + b"</Relationships>")


def rels_part(*rels: bytes) -> bytes:
    return RELS_HEAD.encode() + b"".join(rels) + b"</Relationships>"


def add_type(entry: str) -> Edit:
    return lambda data: data.replace(b"</Types>", entry.encode() + b"</Types>")


def in_body(xml: str) -> Edit:
    """Put ``xml`` (paragraphs) at the start of the document's body."""
    return lambda data: data.replace(b"<w:body>", b"<w:body>" + xml.encode(), 1)


def in_header(xml: str) -> Edit:
    return lambda data: data.replace(b"</w:hdr>", xml.encode() + b"</w:hdr>", 1)


def hidden_run(tag: str, text: str) -> str:
    return f"<w:p><w:r><w:rPr><w:{tag}/></w:rPr><w:t>{text}</w:t></w:r></w:p>"


def hidden_style(data: bytes) -> bytes:
    style = (
        '<w:style w:type="character" w:customStyle="1" w:styleId="Quiet">'
        '<w:name w:val="Quiet"/><w:rPr><w:vanish/></w:rPr></w:style>'
    )
    return data.replace(b"</w:styles>", style.encode() + b"</w:styles>")


def with_doctype(data: bytes) -> bytes:
    head, _, rest = data.partition(b"?>")
    root = re.match(rb"\s*<([\w:]+)", rest)
    assert root is not None
    name = root.group(1).decode()
    return head + f'?><!DOCTYPE {name} [<!ENTITY who "x">]>'.encode() + rest


READABLE = "a letter shows everything it holds — make the text readable (Word: Format › Font)"


def formatted(rpr: str, text: str, ppr: str = "") -> str:
    """A paragraph of one run of ``text`` with the run properties ``rpr``."""
    return f"<w:p><w:pPr>{ppr}</w:pPr><w:r><w:rPr>{rpr}</w:rPr><w:t>{text}</w:t></w:r></w:p>"


def in_cell(paragraph: str, tcpr: str = "") -> str:
    """A table of one cell, with the cell properties ``tcpr``, holding ``paragraph``."""
    return (
        '<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:tc>'
        f"<w:tcPr>{tcpr}</w:tcPr>{paragraph}</w:tc></w:tr></w:tbl>"
    )


WITHDRAW = "We also withdraw every request above."
WHITE = '<w:color w:val="FFFFFF"/>'
ON_WITHDRAW = f"word/document.xml, paragraph “{WITHDRAW}”:"
# Word shows a theme colour, LibreOffice (the PDF) the w:val or w:fill Word keeps beside it
THEME_WHITE_STALE_BLACK = '<w:color w:val="000000" w:themeColor="background1"/>'
THEME_BLACK_STALE_WHITE = (
    '<w:shd w:val="clear" w:color="auto" w:fill="FFFFFF" w:themeFill="text1"/>'
)
IN_THE_PDF = "LibreOffice shows w:val and w:fill, not theme colours"


def add_style(xml: str) -> Edit:
    return lambda data: data.replace(b"</w:styles>", xml.encode() + b"</w:styles>")


def table_style(
    conditionals: dict[str, str],
    own: str = "",
    *,
    style_id: str = "EvilTable",
    name: str = "Evil Table",
    based: str = "",
) -> str:
    """A table style with its own formatting ``own`` (``w:rPr``, ``w:tcPr``) and a
    conditional format (``w:tblStylePr``) of each kind in ``conditionals`` holding its
    formatting."""
    based_on = f'<w:basedOn w:val="{based}"/>' if based else ""
    blocks = "".join(
        f'<w:tblStylePr w:type="{kind}">{xml}</w:tblStylePr>' for kind, xml in conditionals.items()
    )
    return (
        f'<w:style w:type="table" w:styleId="{style_id}"><w:name w:val="{name}"/>{based_on}'
        f'<w:tblPr><w:tblLook w:val="04A0"/></w:tblPr>{own}{blocks}</w:style>'
    )


def styled_table(style_id: str, rows: list[str], look: str = 'w:firstRow="1"') -> str:
    """A table of one column in the table style ``style_id``, its ``w:tblLook`` switching
    on the conditional formats ``look`` names, a row for each of ``rows``."""
    cells = "".join(f"<w:tr><w:tc><w:tcPr/>{formatted('', row)}</w:tc></w:tr>" for row in rows)
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{style_id}"/><w:tblLook w:val="04A0" {look}/>'
        f'</w:tblPr><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid>{cells}</w:tbl>'
    )


HIDDEN_ROW = "HIDDENROW We withdraw the appeal."
IN_EVIL_TABLE = "word/styles.xml, style “Evil Table”:"
# A table whose w:tblLook switches every conditional format off
LOOK_OFF = (
    'w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"'
)
BLACK_CELL = '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="000000"/></w:tcPr>'


STRAY = (
    "write text inside a run, and a value as {{ value }}: docxtpl's {{r }} and {{p }} put it"
    " outside any run, where LibreOffice leaves it out and Word reports damage"
)


def alternatives(word: str, fallback: str) -> str:
    """A paragraph whose text Word (the choice) and LibreOffice (the fallback) show."""
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    return (
        f'<w:p><mc:AlternateContent xmlns:mc="{mc}"><mc:Choice Requires="w14">'
        f"<w:r><w:t>{word}</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>{fallback}</w:t>"
        "</w:r></mc:Fallback></mc:AlternateContent></w:p>"
    )


@dataclass(frozen=True)
class Bad:
    """A bad template: the sample's with ``edits`` and ``add``, and the problems it has."""

    id: str
    problems: list[str]
    edits: dict[str, Edit] = field(default_factory=dict)
    add: dict[str, bytes] = field(default_factory=dict)


RENAME_STYLE = "rename the style, typing its name again (Word: Home › Styles › Modify)"
RENAME_FONT = "choose the font again from Word's list (Home › Font), which names it as installed"
DOC_RELS = "word/_rels/document.xml.rels"
TYPES = "[Content_Types].xml"
FIELD_PARAGRAPH = (
    '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> INCLUDE</w:instrText></w:r>'
    '<w:r><w:instrText xml:space="preserve">TEXT "http://example.org/a.docx" </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Included</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
)


def page_field(code: str, result: str) -> str:
    """A paragraph "See page …" with a field across runs whose code is ``code`` and whose
    stored result (what Word shows until the field is updated) is ``result``."""
    return (
        '<w:p><w:r><w:t xml:space="preserve">See page </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {code} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r><w:t xml:space="preserve">{result}</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


NUMBER_ONLY = (
    "a page number field holds its number only — update the field (Word: select it and press"
    " F9) and type any other text outside it"
)
SHOWN_UNTIL_UPDATED = "which Word shows until the field is updated, and the PDF does not"
CLAUSE = "7 — the signatories withdraw this appeal"
FIELD_RESULTS = [
    Bad(  # Word shows the stored sentence; the PDF says "See page 1"
        "pageref-result-holding-a-clause",
        [
            f"word/document.xml, paragraph “See page {CLAUSE}”: a page number field (PAGEREF)"
            f" holding more than its number (“{CLAUSE}”), {SHOWN_UNTIL_UPDATED}; {NUMBER_ONLY}"
        ],
        {"word/document.xml": in_body(page_field("PAGEREF _Ref1 \\h", CLAUSE))},
    ),
    Bad(
        "page-field-holding-text",
        [
            "word/header1.xml, paragraph “FIELDRESULTCLAUSE”: a page number field (PAGE)"
            f" holding more than its number (“FIELDRESULTCLAUSE”), {SHOWN_UNTIL_UPDATED};"
            f" {NUMBER_ONLY}"
        ],
        {
            "word/header1.xml": in_header(
                '<w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>FIELDRESULTCLAUSE</w:t></w:r>'
                "</w:fldSimple></w:p>"
            )
        },
    ),
    Bad(
        "numpages-as-roman-holding-a-word",
        [
            "word/document.xml, paragraph “See page civil”: a page number field (NUMPAGES)"
            f" holding more than its number (“civil”), {SHOWN_UNTIL_UPDATED}; {NUMBER_ONLY}"
        ],
        {"word/document.xml": in_body(page_field("NUMPAGES \\* roman", "civil"))},
    ),
    Bad(
        "sectionpages-holding-a-drawing",
        [
            "word/document.xml, paragraph “See page 2We withdraw”: a page number field"
            " (SECTIONPAGES) holding more than its number (“2We withdraw” and a drawing),"
            f" {SHOWN_UNTIL_UPDATED}; {NUMBER_ONLY}"
        ],
        {
            "word/document.xml": in_body(
                page_field(
                    "SECTIONPAGES",
                    '2</w:t></w:r><w:r><w:pict><v:shape style="width:90pt;height:20pt">'
                    '<v:textbox style="mso-fit-shape-to-text:t"><w:txbxContent><w:p><w:r>'
                    "<w:t>We withdraw</w:t></w:r></w:p>"
                    "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
                    '<w:r><w:t xml:space="preserve">',
                )
            )
        },
    ),
    Bad(  # Word shows what a field without a code holds; nothing works it out again
        "field-without-a-code",
        [
            "word/document.xml, paragraph “See page withdrawn”: a field without a code holding"
            f" text (“withdrawn”); {FIXED_TEXT}"
        ],
        {"word/document.xml": in_body(page_field("", "withdrawn"))},
    ),
]


BAD = [
    Bad(
        "vba-project",
        [f"word/vbaProject.bin is a macro project; {NO_MACROS}"],
        {
            DOC_RELS: add_rel(rel(f"{MS_REL}/vbaProject", "vbaProject.bin", external=False)),
            TYPES: add_type(
                '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
            ),
        },
        {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 macros"},
    ),
    Bad(
        "vba-project-anywhere",
        [f"customXml/VBAProject.bin is a macro project; {NO_MACROS}"],
        add={"customXml/VBAProject.bin": b"macros"},
    ),
    Bad(
        "macro-enabled-docm",
        [
            "word/document.xml is macro-enabled"
            f" (application/vnd.ms-word.document.macroEnabled.main+xml); {NO_MACROS}"
        ],
        {
            TYPES: lambda data: data.replace(
                b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                b"application/vnd.ms-word.document.macroEnabled.main+xml",
            )
        },
    ),
    Bad(
        "macro-enabled-dotm",
        [
            "word/document.xml is macro-enabled"
            f" (application/vnd.ms-word.template.macroEnabledTemplate.main+xml); {NO_MACROS}"
        ],
        {
            TYPES: lambda data: data.replace(
                b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
            )
        },
    ),
    Bad(
        "macro-relationship",
        [f"{DOC_RELS} relates a macro project (vbaProject.bin); {NO_MACROS}"],
        {DOC_RELS: add_rel(rel(f"{MS_REL}/vbaProject", "vbaProject.bin", external=False))},
    ),
    Bad(
        "ole-embedding",
        [f"word/embeddings/oleObject1.bin is an embedded object (OLE); {NO_OBJECTS}"],
        {DOC_RELS: add_rel(rel("oleObject", "embeddings/oleObject1.bin", external=False))},
        {"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0 object"},
    ),
    Bad(
        "activex-control",
        [f"word/activeX/activeX1.xml is an ActiveX control; {NO_OBJECTS}"],
        {
            TYPES: add_type(
                '<Override PartName="/word/activeX/activeX1.xml"'
                ' ContentType="application/vnd.ms-office.activeX+xml"/>'
            )
        },
        {"word/activeX/activeX1.xml": b'<ax:ocx xmlns:ax="urn:x" ax:classid="{1}"/>'},
    ),
    Bad(
        "external-hyperlink",
        [
            f"{DOC_RELS} holds a link to an outside address (https://example.org/track);"
            " a letter links only to its case's sources — remove the link, or cite the"
            " address as a source of the case (it then shows as a footnote)"
        ],
        {DOC_RELS: add_rel(rel("hyperlink", "https://example.org/track"))},
    ),
    Bad(
        "external-image-in-a-header",
        [
            "word/_rels/header1.xml.rels holds a picture linked from outside"
            f" (http://example.org/pixel.png); {OUTSIDE} — insert the picture itself"
            " (Word: Insert › Pictures, not 'Link to File')"
        ],
        add={
            "word/_rels/header1.xml.rels": rels_part(rel("image", "http://example.org/pixel.png"))
        },
    ),
    Bad(
        "attached-template",
        [
            "word/_rels/settings.xml.rels holds an attached template from outside"
            f" (https://example.org/Normal.dotm); {OUTSIDE} — detach the template"
            " (Word: Developer › Document Template)"
        ],
        {
            "word/settings.xml": lambda data: data.replace(
                b"<w:zoom ", f'<w:attachedTemplate xmlns:r="{R}" r:id="rIdBad"/><w:zoom '.encode()
            )
        },
        {
            "word/_rels/settings.xml.rels": rels_part(
                rel("attachedTemplate", "https://example.org/Normal.dotm")
            )
        },
    ),
    Bad(
        "subdocument",
        [
            f"{DOC_RELS} holds a subdocument linked from outside (file:///srv/share/part.docx);"
            f" {OUTSIDE} — paste the subdocument's text into the template"
        ],
        {DOC_RELS: add_rel(rel("subDocument", "file:///srv/share/part.docx"))},
    ),
    Bad(
        "frame",
        [
            "word/_rels/webSettings.xml.rels holds a frame linked from outside"
            f" (http://example.org/frame.html); {OUTSIDE} — remove the frame"
        ],
        add={
            "word/_rels/webSettings.xml.rels": rels_part(
                rel("frame", "http://example.org/frame.html")
            )
        },
    ),
    Bad(
        "linked-object",
        [
            f"{DOC_RELS} holds an object linked from outside (\\\\server\\share\\sheet.xlsx);"
            f" {OUTSIDE} — paste the object as a picture (Word: Paste Special › Picture)"
        ],
        {DOC_RELS: add_rel(rel("oleObject", "\\\\server\\share\\sheet.xlsx"))},
    ),
    Bad(
        "external-package-relationship",
        [
            "_rels/.rels holds a relationship (customThing) to outside"
            f" (https://example.org/\\u202eevil); {OUTSIDE} — remove it"
        ],
        {"_rels/.rels": add_rel(rel(f"{R}/customThing", "https://example.org/\u202eevil"))},
    ),
    Bad(
        "vml-picture-address",
        [
            "word/document.xml, paragraph “Old picture”: a picture linked from outside"
            f" (http://example.org/p.png); {OUTSIDE} — insert the picture itself"
            " (Word: Insert › Pictures, not 'Link to File')"
        ],
        {
            "word/document.xml": in_body(
                '<w:p><w:r><w:pict><v:shape style="width:5pt;height:5pt"><v:imagedata'
                ' src="http://example.org/p.png"/></v:shape></w:pict></w:r>'
                "<w:r><w:t>Old picture</w:t></w:r></w:p>"
            )
        },
    ),
    Bad(
        "hidden-text",
        [f"word/document.xml, paragraph “Withdraw the appeal”: hidden text (w:vanish); {UNHIDE}"],
        {"word/document.xml": in_body(hidden_run("vanish", "Withdraw the appeal"))},
    ),
    Bad(
        "hidden-style",
        [f"word/styles.xml, style “Quiet”: hidden text (w:vanish); {UNHIDE}"],
        {"word/styles.xml": hidden_style},
    ),
    Bad(
        "hidden-paragraph-mark",
        [f"word/header1.xml, paragraph “Run-in”: a hidden paragraph mark (w:specVanish); {UNHIDE}"],
        {"word/header1.xml": in_header(hidden_run("specVanish", "Run-in"))},
    ),
    Bad(
        "web-hidden",
        [f"word/document.xml, paragraph “Web”: text hidden in web view (w:webHidden); {UNHIDE}"],
        {"word/document.xml": in_body(hidden_run("webHidden", "Web"))},
    ),
    Bad(
        "doctype-in-settings",
        [
            "word/settings.xml declares a DOCTYPE, which a Word part never does (its"
            f" entities could hide or swell the content); {AGAIN}"
        ],
        {"word/settings.xml": with_doctype},
    ),
    Bad(
        "doctype-in-app-properties",
        [
            "docProps/app.xml declares a DOCTYPE, which a Word part never does (its"
            f" entities could hide or swell the content); {AGAIN}"
        ],
        {"docProps/app.xml": with_doctype},
    ),
    Bad(
        "fetching-field",
        [
            "word/header1.xml, paragraph “cached”: a field that fetches from outside the letter"
            f" (INCLUDEPICTURE); {NO_FIELD}"
        ],
        {
            "word/header1.xml": in_header(
                '<w:p><w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://example.org/p.png&quot;'
                ' \\d "><w:r><w:t>cached</w:t></w:r></w:fldSimple></w:p>'
            )
        },
    ),
    Bad(
        "fetching-field-across-runs",
        [
            "word/document.xml, paragraph “Included”: a field that fetches from outside the"
            f" letter (INCLUDETEXT); {NO_FIELD}"
        ],
        {"word/document.xml": in_body(FIELD_PARAGRAPH)},
    ),
    Bad(  # a place (\l) in a document at an address: Word opens the address
        "hyperlink-field-to-a-place-at-an-address",
        [
            "word/header1.xml, paragraph “Back”: a field that fetches from outside the letter"
            f" (HYPERLINK); {NO_FIELD}"
        ],
        {
            "word/header1.xml": in_header(
                '<w:p><w:fldSimple w:instr=" HYPERLINK \\l &quot;top&quot;'
                ' &quot;https://example.org/track&quot; "><w:r><w:t>Back</w:t></w:r>'
                "</w:fldSimple></w:p>"
            )
        },
    ),
    Bad(
        "date-field",  # the date the letter is opened or made a PDF, not the one approved
        [
            "word/document.xml, paragraph “Dated 21 May 2020”: a field whose text is worked out"
            f" again as the letter is opened, printed or made a PDF (DATE); {FIXED_TEXT}"
        ],
        {
            "word/document.xml": in_body(
                '<w:p><w:r><w:t xml:space="preserve">Dated </w:t></w:r><w:fldSimple w:instr='
                '" DATE \\@ &quot;d MMMM yyyy&quot; "><w:r><w:t>21 May 2020</w:t></w:r>'
                "</w:fldSimple></w:p>"
            )
        },
    ),
    Bad(
        "if-field-across-runs",  # its cached text is approved, its computed text is shown
        [
            "word/header1.xml, paragraph “We ask again.”: a field whose text is worked out"
            f" again as the letter is opened, printed or made a PDF (IF); {FIXED_TEXT}"
        ],
        {
            "word/header1.xml": in_header(
                FIELD_PARAGRAPH.replace(" INCLUDE", ' IF 1 = 1 "We withdraw our appeal." ')
                .replace('TEXT "http://example.org/a.docx" ', '"We ask again." ')
                .replace("Included", "We ask again.")
            )
        },
    ),
    Bad(
        "data-binding",
        [
            "word/document.xml, paragraph “Shown”: a content control bound to data"
            " (w:dataBinding), which shows text that is not the letter's own; remove the"
            " content control and type its text (Word: right-click › Remove Content Control)"
        ],
        {
            "word/document.xml": in_body(
                '<w:p><w:sdt><w:sdtPr><w:dataBinding w:xpath="/a[1]" w:storeItemID="{1}"/>'
                "</w:sdtPr><w:sdtContent><w:r><w:t>Shown</w:t></w:r></w:sdtContent></w:sdt></w:p>"
            )
        },
    ),
    Bad(  # Word runs the query as the letter is opened: here against a share elsewhere
        "mail-merge-without-a-relationship",
        [
            "word/settings.xml: a mail merge (w:mailMerge), which Word runs against its data"
            " source as the letter is opened, filling it with text that is not the letter's"
            f" own; {OUTSIDE} — make it a normal document again (Word: Mailings › Start Mail"
            " Merge › Normal Word Document)"
        ],
        {
            "word/settings.xml": lambda data: data.replace(
                b"<w:zoom ",
                b'<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:dataType'
                b' w:val="native"/><w:connectString w:val="Data Source=\\\\host\\share\\x.xlsx"/>'
                b'<w:query w:val="SELECT * FROM x"/></w:mailMerge><w:zoom ',
            )
        },
    ),
    Bad(
        "every-problem-at-once",
        [
            f"{DOC_RELS} holds a link to an outside address (https://example.org/track);"
            " a letter links only to its case's sources — remove the link, or cite the"
            " address as a source of the case (it then shows as a footnote)",
            f"word/document.xml, paragraph “Secret”: hidden text (w:vanish); {UNHIDE}",
            f"word/vbaProject.bin is a macro project; {NO_MACROS}",
        ],
        {
            DOC_RELS: add_rel(
                rel("hyperlink", "https://example.org/track"),
                rel(f"{MS_REL}/vbaProject", "vbaProject.bin", external=False, rid="rIdVba"),
            ),
            "word/document.xml": in_body(hidden_run("vanish", "Secret")),
        },
        {"word/vbaProject.bin": b"macros"},
    ),
    Bad(
        "white-text",
        [
            "word/document.xml, paragraph “Unseen”: white text on the white page (w:color"
            f" FFFFFF); {READABLE}"
        ],
        {"word/document.xml": in_body(formatted('<w:color w:val="FFFFFF"/>', "Unseen"))},
    ),
    Bad(
        "tiny-text",
        [f"word/document.xml, paragraph “Unseen”: text too small to read (1 pt); {READABLE}"],
        {"word/document.xml": in_body(formatted('<w:sz w:val="2"/>', "Unseen"))},
    ),
    Bad(
        "white-on-a-white-highlight",
        [
            f"{ON_WITHDRAW} white text on a white highlight (w:color FFFFFF; w:highlight white);"
            f" {READABLE}"
        ],
        {"word/document.xml": in_body(formatted(f'<w:highlight w:val="white"/>{WHITE}', WITHDRAW))},
    ),
    Bad(
        "white-in-a-plain-table-cell",
        [f"{ON_WITHDRAW} white text on the white page (w:color FFFFFF); {READABLE}"],
        {"word/document.xml": in_body(in_cell(formatted(WHITE, WITHDRAW)))},
    ),
    Bad(
        "white-in-a-white-table-cell",
        [
            f"{ON_WITHDRAW} white text on a table cell shaded white (w:color FFFFFF;"
            f" w:shd FFFFFF); {READABLE}"
        ],
        {
            "word/document.xml": in_body(
                in_cell(formatted(WHITE, WITHDRAW), '<w:shd w:val="clear" w:fill="FFFFFF"/>')
            )
        },
    ),
    *(
        Bad(
            f"theme-{theme}-text",
            [
                f"{ON_WITHDRAW} white text on the white page (w:color auto, w:themeColor"
                f" {theme}); {READABLE}"
            ],
            {
                "word/document.xml": in_body(
                    formatted(f'<w:color w:val="auto" w:themeColor="{theme}"/>', WITHDRAW)
                )
            },
        )
        for theme in ("background1", "light1", "bg1")
    ),
    Bad(
        "theme-white-text-with-a-stale-black-value",
        [
            f"{ON_WITHDRAW} white text on the white page (w:color 000000, w:themeColor"
            f" background1); {READABLE}"
        ],
        {"word/document.xml": in_body(formatted(THEME_WHITE_STALE_BLACK, WITHDRAW))},
    ),
    Bad(
        "theme-black-text-with-a-stale-white-value",
        [
            f"{ON_WITHDRAW} white text on the white page in the PDF (w:color FFFFFF,"
            f" w:themeColor text1: {IN_THE_PDF}); {READABLE}"
        ],
        {
            "word/document.xml": in_body(
                formatted('<w:color w:val="FFFFFF" w:themeColor="text1"/>', WITHDRAW)
            )
        },
    ),
    Bad(
        "white-on-a-theme-black-shading-with-a-stale-white-fill",
        [
            f"{ON_WITHDRAW} white text on a paragraph shaded white in the PDF (w:color FFFFFF;"
            f" w:shd FFFFFF, w:themeFill text1: {IN_THE_PDF}); {READABLE}"
        ],
        {"word/document.xml": in_body(formatted(WHITE, WITHDRAW, THEME_BLACK_STALE_WHITE))},
    ),
    Bad(
        "black-on-a-black-highlight",
        [
            f"{ON_WITHDRAW} black text on a black highlight (w:color 000000; w:highlight black);"
            f" {READABLE}"
        ],
        {
            "word/document.xml": in_body(
                formatted('<w:highlight w:val="black"/><w:color w:val="000000"/>', WITHDRAW)
            )
        },
    ),
    Bad(
        "nearly-black-on-black-from-a-style",
        [
            f"{ON_WITHDRAW} text coloured 1A1A1A on a black highlight (w:color 1A1A1A; w:highlight"
            f" black from style “Marked”); {READABLE}"
        ],
        {
            "word/styles.xml": lambda data: data.replace(
                b"</w:styles>",
                b'<w:style w:type="character" w:customStyle="1" w:styleId="Marked">'
                b'<w:name w:val="Marked"/><w:rPr><w:highlight w:val="black"/></w:rPr></w:style>'
                b"</w:styles>",
            ),
            "word/document.xml": in_body(
                formatted('<w:rStyle w:val="Marked"/><w:color w:val="1A1A1A"/>', WITHDRAW)
            ),
        },
    ),
    Bad(
        "squeezed-text",
        [f"{ON_WITHDRAW} text squeezed to 1% of its width (w:w 1); {READABLE}"],
        {"word/document.xml": in_body(formatted('<w:w w:val="1"/>', WITHDRAW))},
    ),
    Bad(
        "white-text-style",
        [
            "word/styles.xml, style “Quiet”: white text on the white page (w:color FFFFFF);"
            f" {READABLE}"
        ],
        {
            "word/styles.xml": lambda data: data.replace(
                b"</w:styles>",
                b'<w:style w:type="character" w:customStyle="1" w:styleId="Quiet">'
                b'<w:name w:val="Quiet"/><w:rPr><w:color w:val="FFFFFF"/></w:rPr></w:style>'
                b"</w:styles>",
            )
        },
    ),
    Bad(
        "white-in-a-table-styles-first-row",
        [
            f"{IN_EVIL_TABLE} white text on the white page (w:color FFFFFF in its first row);"
            f" {READABLE}"
        ],
        {
            "word/styles.xml": add_style(table_style({"firstRow": f"<w:rPr>{WHITE}</w:rPr>"})),
            "word/document.xml": in_body(styled_table("EvilTable", [HIDDEN_ROW, "Row two"])),
        },
    ),
    Bad(
        "black-on-black-in-a-table-styles-first-row",
        [
            f"{IN_EVIL_TABLE} black text on a table cell shaded black (w:color 000000 in its first"
            f" row; w:shd 000000 in its first row); {READABLE}"
        ],
        {
            "word/styles.xml": add_style(
                table_style({"firstRow": f'<w:rPr><w:color w:val="000000"/></w:rPr>{BLACK_CELL}'})
            ),
            "word/document.xml": in_body(styled_table("EvilTable", [HIDDEN_ROW, "Row two"])),
        },
    ),
    *(
        Bad(  # judged whether or not the table switches the format on
            f"white-in-a-table-styles-{kind}",
            [
                f"{IN_EVIL_TABLE} white text on the white page (w:color FFFFFF in its {part});"
                f" {READABLE}"
            ],
            {
                "word/styles.xml": add_style(table_style({kind: f"<w:rPr>{WHITE}</w:rPr>"})),
                "word/document.xml": in_body(
                    styled_table("EvilTable", [HIDDEN_ROW, "Row two"], LOOK_OFF)
                ),
            },
        )
        for kind, part in TABLE_PARTS.items()
    ),
    Bad(  # the style's own black on its banded rows' black paragraph shading
        "black-on-a-table-styles-black-banded-rows",
        [
            f"{IN_EVIL_TABLE} black text on a paragraph shaded black (w:color 000000; w:shd 000000"
            f" in its odd banded rows); {READABLE}"
        ],
        {
            "word/styles.xml": add_style(
                table_style(
                    {"band1Horz": '<w:pPr><w:shd w:val="clear" w:fill="000000"/></w:pPr>'},
                    '<w:rPr><w:color w:val="000000"/></w:rPr>',
                )
            )
        },
    ),
    Bad(  # white on its base style's black cells, on the white cells of the style based on it
        "white-in-the-first-row-a-table-style-inherits",
        [
            f"{IN_EVIL_TABLE} white text on a table cell shaded white (w:color FFFFFF in the"
            f" first row of style “Dark Base”; w:shd FFFFFF); {READABLE}"
        ],
        {
            "word/styles.xml": add_style(
                table_style(
                    {"firstRow": f"<w:rPr>{WHITE}</w:rPr>"},
                    BLACK_CELL,
                    style_id="DarkBase",
                    name="Dark Base",
                )
                + table_style(
                    {}, '<w:tcPr><w:shd w:val="clear" w:fill="FFFFFF"/></w:tcPr>', based="DarkBase"
                )
            ),
            "word/document.xml": in_body(styled_table("EvilTable", [HIDDEN_ROW, "Row two"])),
        },
    ),
    Bad(  # a pattern of 95% white over black shows as nearly white
        "white-on-a-95-percent-white-pattern",
        [
            f"{ON_WITHDRAW} white text on F2F2F2 shading (w:color FFFFFF; w:shd 000000, pattern"
            f" pct95 in FFFFFF); {READABLE}"
        ],
        {
            "word/document.xml": in_body(
                formatted(
                    f'<w:shd w:val="pct95" w:color="FFFFFF" w:fill="000000"/>{WHITE}', WITHDRAW
                )
            )
        },
    ),
    Bad(  # an automatic pattern is black, an automatic fill white: 50% grey
        "grey-on-an-automatic-half-pattern",
        [
            f"{ON_WITHDRAW} text coloured 808080 on a paragraph shaded 7F7F7F (w:color 808080;"
            f" w:shd auto, pattern pct50 in auto); {READABLE}"
        ],
        {
            "word/document.xml": in_body(
                formatted(
                    '<w:color w:val="808080"/>',
                    WITHDRAW,
                    '<w:shd w:val="pct50" w:color="auto" w:fill="auto"/>',
                )
            )
        },
    ),
    Bad(  # a named pattern is a third of its colour over its fill, as the PDF prints it
        "black-on-black-stripes",
        [
            f"{ON_WITHDRAW} black text on 151515 shading (w:color 000000; w:shd 202020, pattern"
            f" horzStripe in 000000); {READABLE}"
        ],
        {
            "word/document.xml": in_body(
                formatted(
                    '<w:shd w:val="horzStripe" w:color="000000" w:fill="202020"/>'
                    '<w:color w:val="000000"/>',
                    WITHDRAW,
                )
            )
        },
    ),
    Bad(
        "ribbon",
        [f"customUI/customUI14.xml changes Word's ribbon, for macros to answer; {NO_MACROS}"],
        add={
            "customUI/customUI14.xml": b'<customUI xmlns="http://schemas.microsoft.com/office/'
            b'2009/07/customui" onLoad="Ribbon_Load"/>'
        },
    ),
    Bad(
        "bidi-override-in-text",
        [
            "word/document.xml, paragraph “Pay \\u202eyas”: an invisible character that can"
            " hide or reorder text (U+202E at character 5); delete it (Word: show formatting"
            " marks with Ctrl+Shift+8), or type it again"
        ],
        {"word/document.xml": in_body("<w:p><w:r><w:t>Pay \u202eyas</w:t></w:r></w:p>")},
    ),
    Bad(  # a symbol is a character too: the PDF shows "Pay say", reordered
        "bidi-override-as-a-symbol",
        [
            "word/document.xml, paragraph “Pay yas”: an invisible character that can hide or"
            " reorder text (U+202E) as a symbol (w:sym); delete it (Word: show formatting marks"
            " with Ctrl+Shift+8), or type it again"
        ],
        {
            "word/document.xml": in_body(
                '<w:p><w:r><w:t xml:space="preserve">Pay </w:t><w:sym w:font="Arial"'
                ' w:char="202E"/><w:t>yas</w:t></w:r></w:p>'
            )
        },
    ),
    Bad(  # the markup's U+202E: Word shows "yas ton od", LibreOffice's PDF "do not say"
        "bidi-override-as-markup",
        [
            "word/document.xml, paragraph “do not say”: text under a direction override"
            " (w:bdo), which Word shows in reverse order and the PDF as it is stored; type"
            " the text again outside it, so that the .docx and the PDF read alike"
        ],
        {
            "word/document.xml": in_body(
                '<w:p><w:bdo w:val="rtl"><w:r><w:t>do not say</w:t></w:r></w:bdo></w:p>'
            )
        },
    ),
    Bad(  # U+FDD0 is a noncharacter as U+FFFE is: a program's marker, never a letter's text
        "noncharacter-in-text",
        [
            "word/document.xml, paragraph “Pay \\ufdd0now”: a noncharacter (U+FDD0 at character"
            " 5); delete it (Word: show formatting marks with Ctrl+Shift+8), or type it again"
        ],
        {"word/document.xml": in_body("<w:p><w:r><w:t>Pay \ufdd0now</w:t></w:r></w:p>")},
    ),
    Bad(  # Word shows "Start three !one, two", LibreOffice's PDF "Start one, two! three"
        "bidi-embedding-as-markup",
        [
            "word/document.xml, paragraph “Start one, two! three”: text under a direction"
            " embedding (w:dir), which Word shows in another order and the PDF as it is stored;"
            " type the text again outside it, so that the .docx and the PDF read alike"
        ],
        {
            "word/document.xml": in_body(
                '<w:p><w:r><w:t xml:space="preserve">Start </w:t></w:r><w:dir w:val="rtl">'
                '<w:r><w:t xml:space="preserve">one, two! </w:t></w:r><w:r><w:t>three</w:t>'
                "</w:r></w:dir></w:p>"
            )
        },
    ),
    Bad(  # a style named "Header\u202eChar" shows reordered in Word's styles box
        "style-name-with-a-bidi-override",
        [
            "word/styles.xml: a style name (w:name val, the part's w:name no. 3) holding an"
            " invisible character that can hide or reorder text (U+202E at character 7);"
            f" {RENAME_STYLE}"
        ],
        {
            "word/styles.xml": lambda data: data.replace(
                b'<w:name w:val="Header Char"', '<w:name w:val="Header\u202eChar"'.encode(), 1
            )
        },
    ),
    Bad(  # a zero-width space makes two font names that look alike differ
        "font-name-with-a-zero-width-space",
        [
            "word/fontTable.xml: a font name (w:font name, the part's w:font no. 2) holding an"
            " invisible character that can hide or reorder text (U+200B at character 6);"
            f" {RENAME_FONT}"
        ],
        {
            "word/fontTable.xml": lambda data: data.replace(
                b'w:name="Times New Roman"', 'w:name="Times\u200b New Roman"'.encode(), 1
            )
        },
    ),
    Bad(  # a run's font named by a page of text, read by no one
        "font-name-far-too-long",
        [
            "word/document.xml, paragraph “Dear colleagues”: a font name (w:rFonts hAnsi, the"
            " part's w:rFonts no. 1) holding 5,000 characters, more than the 253 of Word's"
            f" longest; {RENAME_FONT}"
        ],
        {
            "word/document.xml": in_body(
                f'<w:p><w:r><w:rPr><w:rFonts w:hAnsi="{"a" * 5000}"/></w:rPr>'
                "<w:t>Dear colleagues</w:t></w:r></w:p>"
            )
        },
    ),
    Bad(  # the theme's font, behind a tab written as a character reference
        "theme-font-name-with-a-control-character",
        [
            "word/theme/theme1.xml: a font name (a:latin typeface, the part's a:latin no. 1)"
            f" holding a control character (U+0009 at character 1); {RENAME_FONT}"
        ],
        {
            "word/theme/theme1.xml": lambda data: data.replace(
                b'<a:latin typeface="', b'<a:latin typeface="&#9;', 1
            )
        },
    ),
    Bad(  # every page shows a list's number: "1.\u202e" reorders what follows it in Word
        "list-number-with-a-bidi-override",
        [
            "word/numbering.xml: an invisible character that can hide or reorder text (U+202E at"
            " character 4) in a list's number (w:lvlText of list 0, level 0); define the list's"
            " numbering again (Word: Home › Numbering › Define New Number Format)"
        ],
        {
            "word/numbering.xml": lambda data: data.replace(
                b'<w:lvlText w:val="%1."/>', '<w:lvlText w:val="%1.\u202e"/>'.encode(), 1
            )
        },
    ),
    Bad(
        "text-outside-a-run",
        [f"word/document.xml, paragraph “Seen”: text outside any run (“Unseen”); {STRAY}"],
        {"word/document.xml": in_body("<w:p><w:r><w:t>Seen</w:t></w:r>Unseen</w:p>")},
    ),
    Bad(
        "alternatives-that-differ",
        [
            "word/document.xml, paragraph “Word sees thisLibreOffice sees this”: alternative"
            " content whose versions differ (mc:AlternateContent); keep one version (Word: save"
            " the template in compatibility mode, or retype the element), so that the PDF and"
            " the .docx say the same"
        ],
        {"word/document.xml": in_body(alternatives("Word sees this", "LibreOffice sees this"))},
    ),
    Bad(  # LibreOffice shows the fallback (it knows no w16se): "We not ask" in the PDF
        "alternatives-that-differ-by-symbols",
        [
            "word/document.xml, paragraph “We askWe ask”: alternative content whose versions"
            " differ (mc:AlternateContent); keep one version (Word: save the template in"
            " compatibility mode, or retype the element), so that the PDF and the .docx say the"
            " same"
        ],
        {
            "word/document.xml": in_body(
                alternatives("We ask", "We")
                .replace(
                    'Requires="w14"',
                    'Requires="w16se" xmlns:w16se="http://schemas.microsoft.com/office/word/2015/'
                    'wordml/symex"',
                )
                .replace(
                    "<w:t>We</w:t></w:r>",
                    "<w:t>We</w:t></w:r><w:r>"
                    + "".join(f'<w:sym w:font="Arial" w:char="{ord(c):04X}"/>' for c in " not")
                    + '</w:r><w:r><w:t xml:space="preserve"> ask</w:t></w:r>',
                )
            )
        },
    ),
    *FIELD_RESULTS,
    # LibreOffice's PDF shows "Pay 100.50 EUR (now), by 12-05-2020." as stored; Word lays
    # out an rtl run's punctuation and numbers right to left and mirrors its brackets
    Bad(
        "right-to-left-run",
        [
            "word/document.xml, paragraph “Pay 100.50 EUR (now).”: text set right to left"
            " (w:rtl), which Word shows with its punctuation and numbers reordered and the PDF"
            " as it is stored; set it left to right (Word: Home › Left-to-Right Text"
            " Direction), so that the .docx and the PDF read alike"
        ],
        {"word/document.xml": in_body(formatted("<w:rtl/>", "Pay 100.50 EUR (now)."))},
    ),
    # both Word and LibreOffice's PDF show ".Pay 100.50 EUR (now)", the full stop first
    Bad(
        "right-to-left-paragraph",
        [
            "word/document.xml, paragraph “Pay 100.50 EUR (now).”: a paragraph set right to"
            " left (w:bidi), which Word and the PDF show with its punctuation and numbers moved"
            " (a full stop at its start); set it left to right (Word: Home › Left-to-Right Text"
            " Direction)"
        ],
        {"word/document.xml": in_body(formatted("", "Pay 100.50 EUR (now).", "<w:bidi/>"))},
    ),
    Bad(
        "right-to-left-style",
        [
            "word/styles.xml, style “Backwards”: text set right to left (w:rtl), which Word"
            " shows with its punctuation and numbers reordered and the PDF as it is stored; set"
            " the style left to right (Word: Modify Style › Format › Paragraph › Direction:"
            " Left-to-right), so that the .docx and the PDF read alike"
        ],
        {
            "word/styles.xml": lambda data: data.replace(
                b"</w:styles>",
                b'<w:style w:type="character" w:customStyle="1" w:styleId="Backwards">'
                b'<w:name w:val="Backwards"/><w:rPr><w:rtl w:val="1"/></w:rPr></w:style>'
                b"</w:styles>",
            )
        },
    ),
]


# what a page number field may hold: its number as its format switch writes it, or nothing
PAGE_NUMBERS = {
    "3": "PAGEREF _Ref1 \\h",
    " 12 ": "PAGE \\* MERGEFORMAT",
    "xiv": "PAGE \\* roman",
    "MCMXCIX": "NUMPAGES \\* ROMAN",
    "cc": "SECTIONPAGES \\* alphabetic",
    "- 4 -": "PAGE \\* ArabicDash",
    "": "SECTION",
}


def make_bad(sample: Path, case: Bad) -> None:
    template = sample / "templates" / "appeal.docx"
    template.write_bytes(rewrite_docx(template, case.edits, case.add))


def build_error(problems: list[str]) -> str:
    count = len(problems)
    noun = "problem" if count == 1 else "problems"
    lines = "".join(f"  {LABEL}: {p}\n" for p in problems)
    return f"Error: {count} {noun} in the letters; nothing was written:\n{lines}"


def check_errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if not line.startswith("warning: ")]


def refused_by_build_and_check(runner: CliRunner, sample: Path, problem: str) -> None:
    """``problem`` (what the template's label is followed by: its part, where, what is
    wrong) is the one error both 'build', which writes nothing, and 'check' report."""
    built = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert (built.exit_code, built.output) == (1, build_error([problem]))
    assert not (sample / "out").exists()
    checked = runner.invoke(main, ["check", "-w", str(sample)])
    errors = [f"error: {LABEL}: {problem}", "Error: 1 problem found."]
    assert (checked.exit_code, check_errors(checked.output)) == (1, errors)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` with its bytes and modification time."""
    return {
        name: (data, (folder / name).stat().st_mtime_ns)
        for name, data in files_under(folder).items()
    }


@pytest.mark.parametrize("case", BAD, ids=[c.id for c in BAD])
def test_a_bad_template_is_refused_naming_the_part(
    case: Bad, sample: Path, runner: CliRunner
) -> None:
    make_bad(sample, case)

    built = runner.invoke(main, ["build", "-w", str(sample)])
    assert (built.exit_code, built.output) == (1, build_error(case.problems))
    assert not (sample / "out").exists()  # nothing made, not even the folder

    earlier = sample / "out" / JOINT / f"{JOINT}.en.docx"
    earlier.parent.mkdir(parents=True)
    earlier.write_bytes(b"an earlier build")
    before = snapshot(sample / "out")
    again = runner.invoke(main, ["build", JOINT, "--pdf", "-w", str(sample)])
    assert (again.exit_code, again.output) == (1, build_error(case.problems))
    assert snapshot(sample / "out") == before

    checked = runner.invoke(main, ["check", "-w", str(sample)])
    count = len(case.problems)
    assert checked.exit_code == 1
    assert check_errors(checked.output) == [
        *(f"error: {LABEL}: {p}" for p in case.problems),
        f"Error: {count} problem{'s' if count != 1 else ''} found.",
    ]
    assert snapshot(sample / "out") == before


def test_i18n_extract_refuses_a_bad_template_too(sample: Path, runner: CliRunner) -> None:
    make_bad(sample, BAD[0])
    result = runner.invoke(main, ["i18n", "extract", "-w", str(sample)])
    assert (result.exit_code, result.output) == (1, f"Error: {LABEL}: {BAD[0].problems[0]}\n")


@pytest.mark.parametrize(
    "edits",
    [
        {"word/document.xml": in_body(hidden_run('vanish w:val="0"', "Shown after all"))},
        {"word/document.xml": in_body(hidden_run('vanish w:val="false"', "Shown after all"))},
        {  # a link to a place in the letter itself
            "word/header1.xml": in_header(
                '<w:p><w:fldSimple w:instr=" HYPERLINK \\l &quot;top&quot; ">'
                "<w:r><w:t>Back</w:t></w:r></w:fldSimple></w:p>"
            )
        },
        {"word/document.xml": in_body(alternatives("The same", "The same"))},
        {  # a tick in a symbol font, in both versions
            "word/document.xml": in_body(
                alternatives("Ticked", "Ticked").replace(
                    "</w:t></w:r>", '</w:t><w:sym w:font="Wingdings" w:char="F0FE"/></w:r>'
                )
            )
        },
        {  # white on a dark paragraph shading
            "word/document.xml": in_body(
                formatted(
                    '<w:color w:val="FFFFFF"/>', "Seen", '<w:shd w:val="clear" w:fill="1F3864"/>'
                )
            )
        },
        {"word/document.xml": in_body(formatted('<w:sz w:val="8"/>', "Small but seen"))},
        {"word/document.xml": in_body(formatted('<w:color w:val="808080"/>', "Grey but seen"))},
        {  # white on a dark table cell, the letterhead's blue
            "word/document.xml": in_body(
                in_cell(formatted(WHITE, "Seen"), '<w:shd w:val="clear" w:fill="142D5F"/>')
            )
        },
        {  # automatic text turns white on a dark highlight
            "word/document.xml": in_body(
                formatted('<w:highlight w:val="black"/><w:color w:val="auto"/>', "Seen")
            )
        },
        {"word/document.xml": in_body(formatted('<w:w w:val="50"/>', "Narrow but seen"))},
        {  # Word: white on black theme shading; the PDF: black on the white fill beside it
            "word/document.xml": in_body(
                formatted(THEME_WHITE_STALE_BLACK, "Seen", THEME_BLACK_STALE_WHITE)
            )
        },
        {  # white in the header row a table style shades dark (judged in the letter too)
            "word/document.xml": in_body(
                in_cell(formatted(WHITE, "Seen")).replace(
                    "<w:tblPr/>",
                    '<w:tblPr><w:tblStyle w:val="MediumShading1-Accent1"/>'
                    '<w:tblLook w:firstRow="1"/></w:tblPr>',
                )
            )
        },
        {  # a table style's dark header row with white bold text, light grey banded rows
            "word/styles.xml": add_style(
                table_style(
                    {
                        "firstRow": f"<w:rPr><w:b/>{WHITE}</w:rPr>"
                        '<w:tcPr><w:shd w:val="clear" w:fill="1F3864"/></w:tcPr>',
                        "band1Horz": '<w:rPr><w:color w:val="000000"/></w:rPr>'
                        '<w:tcPr><w:shd w:val="clear" w:fill="F2F2F2"/></w:tcPr>',
                    },
                    style_id="PlainHeader",
                    name="Plain Header",
                )
            ),
            "word/document.xml": in_body(
                styled_table("PlainHeader", ["Seen", "Row one", "Row two"], 'w:firstRow="1"')
            ),
        },
        {  # black on a light pattern, white on a dark one
            "word/document.xml": in_body(
                formatted(
                    '<w:shd w:val="pct10" w:color="auto" w:fill="auto"/><w:color w:val="000000"/>',
                    "Seen",
                )
                + formatted(
                    f'<w:shd w:val="pct90" w:color="000000" w:fill="FFFFFF"/>{WHITE}', "Seen"
                )
            )
        },
        *({"word/document.xml": in_body(page_field(c, r))} for r, c in PAGE_NUMBERS.items()),
        {  # set left to right again, as Word writes it when the direction is switched off
            "word/document.xml": in_body(
                formatted('<w:rtl w:val="0"/>', "Pay now.", '<w:bidi w:val="false"/>')
            )
        },
        {  # right to left, hidden, tiny, off the page only before a tracked formatting change
            "word/document.xml": in_body(
                formatted(
                    '<w:rPrChange w:id="901" w:author="A"><w:rPr><w:rtl/><w:vanish/>'
                    '<w:sz w:val="2"/><w:position w:val="-20000"/></w:rPr></w:rPrChange>',
                    "Pay now.",
                    '<w:pPrChange w:id="902" w:author="A"><w:pPr><w:bidi/>'
                    '<w:ind w:left="-99999"/></w:pPr></w:pPrChange>',
                )
            )
        },
        {  # the paragraph mark alone set right to left: no text is reordered
            "word/document.xml": in_body(formatted("", "Pay now.", "<w:rPr><w:rtl/></w:rPr>"))
        },
        {  # old lines commented out, their tags closed: docxtpl finds each one's end at once
            "word/document.xml": in_body(
                formatted("", "{# old closing: {{ signatory.name }}, {{ signatory.role }} #}") * 40
            )
        },
        {  # "²" passes str.isdigit() and int() refuses it: a width Word does not read
            "word/document.xml": in_body(formatted('<w:w w:val="²"/>', "Not a width"))
        },
    ],
    ids=[
        "vanish-off",
        "vanish-false",
        "hyperlink-to-a-bookmark",
        "alternatives-that-agree",
        "symbols-that-agree",
        "white-on-shading",
        "four-points",
        "grey-on-white",
        "white-on-a-dark-table-cell",
        "auto-on-a-black-highlight",
        "half-width",
        "theme-colours-with-stale-values",
        "white-in-a-table-styles-dark-header-row",
        "a-table-style-with-a-dark-header-and-grey-bands",
        "text-on-patterned-shading",
        *(f"page-number-{r.strip() or 'empty'}" for r in PAGE_NUMBERS),
        "right-to-left-off",
        "formatting-before-a-tracked-change",
        "right-to-left-paragraph-mark",
        "many-tags-commented-out",
        "a-width-of-a-superscript-two",
    ],
)
def test_what_is_shown_is_accepted(edits: dict[str, Edit], sample: Path, runner: CliRunner) -> None:
    make_bad(sample, Bad("", [], edits))
    result = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert result.exit_code == 0, result.output


OPEN_RUN = "&lt;/w:t&gt;&lt;/w:r&gt;&lt;w:r&gt;&lt;w:rPr&gt;"
CLOSE_RUN = "&lt;/w:rPr&gt;&lt;w:t&gt;"


@pytest.mark.parametrize(
    ("formatting", "what", "checked"),
    [
        ("&lt;w:vanish/&gt;", "hidden text (w:vanish)", True),
        (
            "&lt;w:highlight w:val=&quot;black&quot;/&gt;&lt;w:color w:val=&quot;000000&quot;/&gt;",
            "black text on a black highlight (w:color 000000; w:highlight black)",
            False,
        ),
        (
            "&lt;s:vanish xmlns:s=&quot;http://purl.oclc.org/ooxml/wordprocessingml/main&quot;/&gt;",
            "Strict Open XML markup (vanish)",
            True,
        ),
    ],
    ids=["hidden", "faint", "strict"],
)
def test_a_template_cannot_write_unseen_markup_while_rendering(
    formatting: str, what: str, checked: bool, sample: Path, runner: CliRunner
) -> None:
    # The package is clean; its tag writes Word markup through |safe as it renders.
    markup = OPEN_RUN + formatting + CLOSE_RUN
    tag = f"<w:p><w:r><w:t>{{{{ '{markup}Secret'|safe }}}}</w:t></w:r></w:p>"
    make_bad(sample, Bad("", [], {"word/document.xml": in_body(tag)}))
    problem = (
        f"{LABEL} (word/document.xml, paragraph “Secret”): the rendered letter would hold"
        f" {what}; a template writes text, not Word markup"
    )
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: 1 problem in the letters; nothing was written:\n  {problem}\n",
    )
    assert not (sample / "out").exists()
    if checked:
        checked_output = runner.invoke(main, ["check", "-w", str(sample)]).output
        assert check_errors(checked_output) == [f"error: {problem}", "Error: 1 problem found."]


@pytest.mark.parametrize(
    ("markup", "what"),
    [
        (
            "&lt;w:del w:id=&quot;99&quot; w:author=&quot;a&quot;&gt;&lt;w:r&gt;"
            "&lt;w:delText&gt;Secret&lt;/w:delText&gt;&lt;/w:r&gt;&lt;/w:del&gt;",
            "a tracked change (w:del)",
        ),
        (
            "&lt;w:ins w:id=&quot;99&quot; w:author=&quot;a&quot;&gt;&lt;w:r&gt;"
            "&lt;w:t&gt;Secret&lt;/w:t&gt;&lt;/w:r&gt;&lt;/w:ins&gt;",
            "a tracked change (w:ins)",
        ),
        ("&lt;w:commentRangeStart w:id=&quot;9&quot;/&gt;", "a comment mark (w:commentRangeStart)"),
    ],
    ids=["deleted", "inserted", "comment"],
)
def test_a_template_cannot_write_tracked_changes_while_rendering(
    markup: str, what: str, sample: Path, runner: CliRunner
) -> None:
    """A template's own tracked changes are accepted before it is rendered; one its tags
    write would show or hide text as the reader's Word chooses (the PDF prints deleted text)."""
    close, reopen = "&lt;/w:t&gt;&lt;/w:r&gt;", "&lt;w:r&gt;&lt;w:t&gt;"
    tag = f"<w:p><w:r><w:t>{{{{ 'x{close}{markup}{reopen}y'|safe }}}}</w:t></w:r></w:p>"
    make_bad(sample, Bad("", [], {"word/document.xml": in_body(tag)}))
    result = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: 1 problem in the letters; nothing was written:\n")
    assert f"the rendered letter would hold {what}; a template writes text, not Word markup\n" in (
        result.output
    )
    assert not (sample / "out").exists()


@pytest.mark.parametrize(
    ("tag", "problem"),
    [
        (  # docxtpl's rich-text tag, given a plain value, puts it outside any run
            "Re: {{r subject }}",
            "(word/document.xml, paragraph “Re:”): the rendered letter would hold text outside"
            " any run (“Preventing the extradition of Zhanara Akhmetova from Ukraine to"
            f" Kazakhstan”); {STRAY}",
        ),
        (
            "{{ '\\u202e' }}x",
            "(word/document.xml, paragraph “\\u202ex”): the rendered letter would hold an"
            " invisible character that can hide or reorder text (U+202E at character 1); a"
            " template writes text, not Word markup",
        ),
        (
            "{{ '\\x7f' }}x",
            "(word/document.xml, paragraph “\\u007fx”): the rendered letter would hold a"
            " control character (U+007F at character 1); a template writes text, not Word markup",
        ),
        (  # Python's form of a record changes from run to run, and is no letter's text
            "{{ case.person }}",
            "(word/document.xml, paragraph “{{ case.person }}”): case.person is a whole record,"
            " not a text; print one of its parts (a field or an item)",
        ),
        (
            "{{ case.asks }}",
            "(word/document.xml, paragraph “{{ case.asks }}”): case.asks is a whole list, not a"
            " text; print one of its parts (a field or an item)",
        ),
        (  # Jinja's own objects print a form of Python's, no letter's text
            "{{ self }}",
            "(word/document.xml, paragraph “{{ self }}”): self is an object, not a text; print"
            " one of its parts (a field or an item)",
        ),
        (
            "{{ namespace(a=1) }}",
            "(word/document.xml, paragraph “{{ namespace(a=1) }}”): namespace(…) is a"
            " namespace, not a text; print one of its parts (a field or an item)",
        ),
        (
            "{{ case.person|tojson }}",
            "(word/document.xml, paragraph “{{ case.person|tojson }}”): tojson writes plain"
            " values only, and this holds the letter's own texts or records: print one of its"
            " parts (a field or an item) instead",
        ),
    ],
    ids=[
        "rich-text-tag",
        "bidi-override",
        "control-character",
        "record",
        "list",
        "template-reference",
        "namespace",
        "tojson",
    ],
)
def test_what_a_template_prints_is_text_a_reader_sees(
    tag: str, problem: str, sample: Path, runner: CliRunner
) -> None:
    make_bad(
        sample,
        Bad("", [], {"word/document.xml": in_body(f"<w:p><w:r><w:t>{tag}</w:t></w:r></w:p>")}),
    )
    result = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: 1 problem in the letters; nothing was written:\n  {LABEL} {problem}\n",
    )
    assert not (sample / "out").exists()


def deflated(template: Path, add: dict[str, bytes] | None = None) -> bytes:
    """``template`` packed as Word packs it (deflated), with the parts ``add`` added."""
    packed = io.BytesIO()
    with (
        zipfile.ZipFile(template) as src,
        zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for name in src.namelist():
            dst.writestr(name, src.read(name))
        for name, data in (add or {}).items():
            dst.writestr(name, data)
    return packed.getvalue()


def damaged(part: str, how: str) -> Callable[[bytes], bytes]:
    """A template package with ``part`` damaged: a byte of its data, or its zip entry."""

    def damage(package: bytes) -> bytes:
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            info = archive.getinfo(part)
        data = bytearray(package)
        if how == "data":  # a byte in the middle of its compressed data
            start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
            data[start + info.compress_size // 2] ^= 0xFF
            return bytes(data)
        # its entry in the central directory says it is encrypted (general flag, bit 0)
        at = package.find(b"PK\x01\x02")
        while at != -1:
            length = int.from_bytes(package[at + 28 : at + 30], "little")
            if package[at + 46 : at + 46 + length] == part.encode():
                data[at + 8] |= 0x01
                return bytes(data)
            at = package.find(b"PK\x01\x02", at + 1)
        raise AssertionError(f"{part} not in the central directory")

    return damage


@pytest.mark.parametrize(
    ("how", "problem"),
    [
        ("data", "word/document.xml is damaged ("),
        ("encrypted", "word/document.xml cannot be unpacked ("),
    ],
)
def test_a_damaged_template_is_named_not_a_crash(
    how: str, problem: str, sample: Path, runner: CliRunner
) -> None:
    template = sample / "templates" / "appeal.docx"
    template.write_bytes(damaged("word/document.xml", how)(deflated(template)))
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert result.exit_code == 1, result.output
    head, line, end = result.output.split("\n")
    assert head == "Error: 1 problem in the letters; nothing was written:"
    assert line.startswith(f"  {LABEL}: {problem}") and line.endswith(f"); {AGAIN}")
    assert end == "" and not (sample / "out").exists()


def test_a_zip_bomb_is_stopped_by_the_part_limit(sample: Path, runner: CliRunner) -> None:
    """33 MB of one repeated tag, a few kB packed: refused by its size before it is read whole."""
    template = sample / "templates" / "appeal.docx"
    bomb = b"<a>" + b"<b/>" * (33 * 2**20 // 4) + b"</a>"
    packed = deflated(template, {"customXml/item9.xml": bomb})
    assert len(packed) < len(bomb) // 100
    template.write_bytes(packed)
    for command in (["build"], ["check"]):
        result = runner.invoke(main, [*command, "-w", str(sample)])
        assert result.exit_code == 1
        assert (
            f"{LABEL}: customXml/item9.xml unpacks to more than 32 MB (template limit: 32 MB a"
            " part); remove it, or save a smaller picture"
        ) in result.output
    assert not (sample / "out").exists()


def png(width: int, height: int) -> bytes:
    """A black and white PNG of ``width`` × ``height`` pixels, all white."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress((b"\0" + b"\xff" * ((width + 7) // 8)) * height, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def test_a_picture_bomb_is_stopped_by_the_pixel_limit(sample: Path, runner: CliRunner) -> None:
    """400 million pixels in 60 kB: LibreOffice would unpack them to gigabytes to make the
    PDF. Refused by the size its header gives, before anything is rendered."""
    bomb = png(20_000, 20_000)
    assert len(bomb) < 2**20
    make_bad(sample, Bad("", [], with_picture("Seal"), {"word/media/seal.png": bomb}))
    for command in (["build"], ["check"]):
        result = runner.invoke(main, [*command, "-w", str(sample)])
        assert result.exit_code == 1
        assert (
            f"{LABEL}: word/media/seal.png is a picture of 20,000×20,000 pixels (template"
            " limit: 50 million pixels a picture); save it smaller: a picture as wide as the"
            " page needs about 2,500 pixels across"
        ) in result.output
    assert not (sample / "out").exists()


@pytest.mark.parametrize(
    ("added", "problem"),
    [
        (  # five parts under the part limit, 150 MB together
            {f"customXml/item{n}.bin": bytes(30 * 2**20) for n in range(5)},
            "its parts unpack to more than 128 MB together (template limit: 128 MB in all);"
            " remove what the letter does not show, or save smaller pictures",
        ),
        (
            {f"customXml/item{n}.bin": b"" for n in range(1000)},
            "holds 1,0{} parts (template limit: 1,000 parts); open the template in Word or"
            " LibreOffice and save it again as .docx",
        ),
    ],
    ids=["bytes-in-all", "parts"],
)
def test_a_template_is_limited_in_all_its_parts(
    added: dict[str, bytes], problem: str, sample: Path, runner: CliRunner
) -> None:
    """Many parts each under the part limit: refused as a whole, the limit named."""
    template = sample / "templates" / "appeal.docx"
    own = len(zipfile.ZipFile(template).namelist())
    template.write_bytes(deflated(template, added))
    problem = problem.replace("1,0{}", f"{own + len(added):,}")
    for command in (["build"], ["check"]):
        result = runner.invoke(main, [*command, "-w", str(sample)])
        assert result.exit_code == 1
        assert f"{LABEL}: {problem}" in result.output
    assert not (sample / "out").exists()


# --- the version covers what a reader could be shown -------------------------------------

PNG = (Path(__file__).resolve().parent.parent / "templates" / "logo.png").read_bytes()
PICTURE = (
    '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/'
    '2006/wordprocessingDrawing"><wp:extent cx="360000" cy="360000"/>'
    '<wp:docPr id="900" name="Seal" descr="{alt}"/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:nvPicPr><pic:cNvPr id="0" name="seal.png"/><pic:cNvPicPr/></pic:nvPicPr>'
    f'<pic:blipFill><a:blip xmlns:r="{R}" r:embed="rIdSeal"/><a:stretch><a:fillRect/>'
    '</a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
    '<a:ext cx="360000" cy="360000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
    "</pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
)


def with_picture(alt: str) -> dict[str, Edit]:
    return {
        "word/document.xml": in_body(PICTURE.format(alt=alt)),
        DOC_RELS: add_rel(rel("image", "media/seal.png", external=False, rid="rIdSeal")),
        TYPES: add_type('<Default Extension="png" ContentType="image/png"/>'),
    }


def version_with(
    sample: Path, edits: dict[str, Edit], add: dict[str, bytes]
) -> tuple[str, tuple[str, ...]]:
    """The digest and text of the joint letter's English version with the template edited."""
    template = sample / "templates" / "appeal.docx"
    original = template.read_bytes()
    try:
        template.write_bytes(rewrite_docx(template, edits, add))
        version = Workspace(sample).version(JOINT, "en")
        return version.digest, version.text
    finally:
        template.write_bytes(original)


def custom_xml(data: bytes) -> bytes:
    return data.replace(b'StyleName="APA"/>', b'StyleName="APA"><b:Tag>unseen</b:Tag></b:Sources>')


def session_ids(data: bytes) -> bytes:
    """What Word changes when it saves a template again: its editing-session ids."""
    return data.replace(b"<w:p>", b'<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00A1B2C3">', 3)


@pytest.mark.parametrize(
    ("edits", "add"),
    [
        (with_picture("The seal of the NGO"), {"word/media/seal.png": PNG}),
        ({"word/styles.xml": lambda data: data.replace(b'<w:jc w:val="both"/>', b"")}, {}),
    ],
    ids=["alt-text", "formatting"],
)
def test_a_change_a_reader_could_be_shown_is_a_new_version(
    edits: dict[str, Edit], add: dict[str, bytes], sample: Path
) -> None:
    # with a picture: the same picture, another alternative text
    base = (with_picture("Seal"), add) if "word/media/seal.png" in add else ({}, {})
    before, before_text = version_with(sample, *base)
    after, after_text = version_with(sample, edits, add)
    assert after_text == before_text  # not one word of the text changed ...
    assert after != before  # ... and still the letter did


@pytest.mark.parametrize(
    "edits",
    [
        {
            "word/document.xml": session_ids,
            "word/header1.xml": session_ids,
            "word/styles.xml": lambda data: data.replace(b'w:val="00AA1D8D"', b'w:val="00F00F00"'),
            "word/settings.xml": lambda data: data.replace(
                b"<w:rsid ", b'<w:rsid w:val="0012AB34"/><w:rsid ', 1
            ),
        },
        {
            "docProps/core.xml": lambda data: data.replace(
                b"<dc:creator>letters</dc:creator>", b"<dc:creator>Somebody Else</dc:creator>"
            )
        },
        {"docProps/thumbnail.jpeg": lambda _data: b"\xff\xd8\xff another thumbnail"},
        # Word's bibliography sources: no page shows them, and a letter no longer carries
        # them (it carried "We withdraw the appeal" written there, unseen)
        {"customXml/item1.xml": custom_xml},
    ],
    ids=["word-session-ids", "template-author", "thumbnail", "custom-xml"],
)
def test_what_no_reader_can_see_keeps_the_version(edits: dict[str, Edit], sample: Path) -> None:
    assert version_with(sample, edits, {}) == version_with(sample, {}, {})


# --- a final letter ----------------------------------------------------------------------


def _fields(root: etree._Element) -> Iterator[str]:
    for element in root.iter(f"{{{W}}}instrText", f"{{{W}}}fldSimple"):
        yield element.get(f"{{{W}}}instr", "") or element.text or ""


def test_a_final_letter_holds_nothing_external_hidden_or_active(
    sample: Path, runner: CliRunner
) -> None:
    letters = sample / "cases" / "akhmetova" / "letters.yaml"
    letters.write_text(
        letters.read_text(encoding="utf-8").replace("languages: [en, uk, ru]", "languages: [en]"),
        encoding="utf-8",
    )
    ws = Workspace(sample)
    version = ws.version(JOINT, "en").short
    for who in SIX:
        ws.approve(JOINT, "en", who, via=VIA, version=version)
    result = runner.invoke(main, ["finalise", JOINT, "--quiet", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    (final,) = (sample / "final" / JOINT).glob("*/*.docx")
    assert not any(line.startswith("DRAFT") for line in docx_text(final))
    case = YAML(typ="safe").load((sample / "cases" / "akhmetova" / "case.yaml").read_text())
    sources = {s["url"] for s in case["sources"]}

    parts = docx_parts(final)
    assert sorted(parts) == [
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/app.xml",
        "docProps/core.xml",
        "word/_rels/document.xml.rels",
        "word/_rels/footnotes.xml.rels",
        "word/document.xml",
        "word/fontTable.xml",
        "word/footnotes.xml",
        "word/header1.xml",
        "word/header2.xml",
        *(f"word/media/image{n}.png" for n in range(1, 8)),  # the logo, six signatures
        "word/numbering.xml",
        "word/settings.xml",
        "word/styles.xml",
        "word/theme/theme1.xml",
        "word/webSettings.xml",
    ]
    external = []
    for name, data in parts.items():
        assert b"<!DOCTYPE" not in data and b"<!ENTITY" not in data, name
        if not name.endswith((".xml", ".rels")):
            continue
        root = etree.fromstring(data)
        assert not root.getroottree().docinfo.doctype, name
        hidden = root.iter(f"{{{W}}}vanish", f"{{{W}}}specVanish", f"{{{W}}}webHidden")
        assert not list(hidden), name
        assert not list(root.iter(f"{{{W}}}dataBinding", f"{{{W}}}altChunk")), name
        assert all(code.split()[:1] in ([], ["PAGE"]) for code in _fields(root)), name
        for relationship in root.iter(f"{{{PKG_REL}}}Relationship"):
            assert "vbaProject" not in relationship.get("Type", ""), name
            assert not relationship.get("Type", "").endswith(("/oleObject", "/control")), name
            if relationship.get("TargetMode") == "External":
                external.append((name, relationship.get("Type"), relationship.get("Target")))
    # the only thing outside: the case's own sources, as the footnotes' links
    assert external and {target for _name, _kind, target in external} == sources
    assert {(name, kind) for name, kind, _target in external} == {
        ("word/_rels/footnotes.xml.rels", f"{R}/hyperlink")
    }
    assert not any("macroEnabled" in part for part in parts["[Content_Types].xml"].decode().split())


# --- LibreOffice stays offline -------------------------------------------------------------


@pytest.fixture
def web_server() -> Iterator[tuple[str, list[str]]]:
    """A web server on localhost that records every request made to it."""
    seen: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def _any(self) -> None:
            seen.append(f"{self.command} {self.path}")
            self.send_response(404)
            self.end_headers()

        do_GET = do_HEAD = do_OPTIONS = do_POST = do_PROPFIND = _any

        def log_message(self, format: str, *args: object) -> None:
            return None

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


@needs_libreoffice
def test_libreoffice_fetches_no_linked_picture(
    tmp_path: Path, web_server: tuple[str, list[str]]
) -> None:
    address, seen = web_server
    with pytest.raises(urllib.error.HTTPError):  # the server does hear what reaches it
        urllib.request.urlopen(f"{address}/probe", timeout=5)
    assert seen == ["GET /probe"]
    seen.clear()
    # A letter that links its picture from outside (a template may not; this one is made
    # by hand): LibreOffice 7.4 fetches such a picture as it loads, unless told not to.
    plain = tmp_path / "plain.docx"
    document = docx.Document()
    document.add_paragraph("A letter with a picture linked from outside.")
    document.save(str(plain))
    linked = PICTURE.format(alt="").replace('r:embed="rIdSeal"', 'r:link="rIdSeal"')
    letter = tmp_path / "letter.docx"
    letter.write_bytes(
        rewrite_docx(
            plain,
            {
                "word/document.xml": lambda data: data.replace(
                    b"<w:sectPr", linked.encode() + b"<w:sectPr", 1
                ),
                DOC_RELS: add_rel(rel("image", f"{address}/pixel.png", rid="rIdSeal")),
            },
        )
    )
    with zipfile.ZipFile(letter) as archive:
        assert b'TargetMode="External"' in archive.read(DOC_RELS)
    report = convert([letter], tmp_path / "pdf", workers=1)
    assert report.failures == [] and [p.name for p in report.converted] == ["letter.pdf"]
    assert seen == []
    assert os.path.getsize(tmp_path / "pdf" / "letter.pdf") > 0


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["check"], "error: {problem}\nError: 1 problem found.\n"),
        (["build"], "Error: 1 problem in the letters; nothing was written:\n  {problem}\n"),
        (["i18n", "extract"], "Error: {problem}\n"),
    ],
    ids=["check", "build", "extract"],
)
def test_a_template_file_over_the_limit_is_not_read(
    sample: Path, runner: CliRunner, command: list[str], said: str
) -> None:
    """A sparse file of a gigabyte in the template's place, no disk taken, was read whole
    into memory (by each command) and then called no Word document: it is refused by its
    size, unread, the limit named."""
    from letters.files.size_limits import MAX_TEMPLATE_BYTES

    template = sample / "templates" / "appeal.docx"
    with template.open("r+b") as file:
        file.truncate(MAX_TEMPLATE_BYTES + 1)
    before = files_under(sample / "locales")
    result = runner.invoke(main, [*command, "-w", str(sample)])
    problem = (
        f"{LABEL}: the file is larger than 128 MB (template limit: 128 MB in all), so it is"
        " not read; remove what the letter does not show, or save smaller pictures"
    )
    assert (result.exit_code, result.output) == (1, said.format(problem=problem))
    assert not (sample / "out").exists()
    assert files_under(sample / "locales") == before


STRICT_W = b"http://purl.oclc.org/ooxml/wordprocessingml/main"


def test_a_strict_open_xml_template_is_named_as_such(sample: Path, runner: CliRunner) -> None:
    """A template saved as Word's "Strict Open XML Document" names its parts in other
    namespaces, which none of the checks reads: it was refused for its headers, "no section
    uses" them (untrue), with the hidden text in it unnamed; without headers, as "cannot be
    rendered (KeyError)". Said as what it is, and how to save it instead."""

    def strict(data: bytes) -> bytes:
        hidden = data.replace(
            b"<w:body>", b"<w:body><w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>x</w:t></w:r></w:p>"
        )
        return hidden.replace(W.encode(), STRICT_W)

    template = sample / "templates" / "appeal.docx"
    template.write_bytes(rewrite_docx(template, {"word/document.xml": strict}, {}))
    result = runner.invoke(main, ["check", "-w", str(sample)])
    assert (result.exit_code, check_errors(result.output)) == (
        1,
        [
            f"error: {LABEL}: word/document.xml is saved as Strict Open XML, which letters does"
            " not read; save the template as 'Word Document (.docx)', not as 'Strict Open XML"
            " Document'",
            "Error: 1 problem found.",
        ],
    )


HIDDEN_AND_WHITE = (
    "<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>HIDDENWORDS</w:t></w:r><w:r><w:rPr><w:color"
    ' w:val="FFFFFF"/></w:rPr><w:t>WHITEWORDS</w:t></w:r></w:p>'
)
# more than the first bytes of word/document.xml, where its root names its namespaces
PLAIN_PAGES = "".join(
    f"<w:p><w:r><w:t>Paragraph {n} of the letter.</w:t></w:r></w:p>" for n in range(600)
)


def _strict(edit: Edit) -> Edit:
    return lambda data: edit(data).replace(W.encode(), STRICT_W)


@pytest.mark.parametrize(
    ("part", "edit"),
    [
        ("word/header2.xml", _strict(in_header(HIDDEN_AND_WHITE))),
        ("word/styles.xml", _strict(hidden_style)),
        (
            "word/document.xml",
            in_body(
                PLAIN_PAGES + f'<w:p><w:r><w:rPr><s:vanish xmlns:s="{STRICT_W.decode()}"/>'
                "</w:rPr><w:t>HIDDENWORDS</w:t></w:r></w:p>"
            ),
        ),
    ],
    ids=["header", "styles", "one-element-deep-in-the-document"],
)
def test_a_part_in_strict_open_xml_is_refused(
    part: str, edit: Edit, sample: Path, runner: CliRunner, request: pytest.FixtureRequest
) -> None:
    """A Word template whose header (or styles, or one element deep in its text) is in
    Strict Open XML's namespaces: LibreOffice reads it as Word's own markup, so hidden and
    white text in it reached the letter, while the same in Word's usual namespace is
    refused. Only the start of word/document.xml was looked at; every part is, wholly."""
    template = sample / "templates" / "appeal.docx"
    template.write_bytes(rewrite_docx(template, {part: edit}, {}))
    problem = (
        f"{part} is saved as Strict Open XML, which letters does not read; save the template as"
        " 'Word Document (.docx)', not as 'Strict Open XML Document'"
    )
    if request.node.callspec.id == "one-element-deep-in-the-document":
        # saved as .docx all the same: saving it so again may keep the stray element
        problem = (
            f"{part} holds Strict Open XML markup (vanish, line 2) among Word's usual markup:"
            " LibreOffice reads it, no check of letters does; remove it (a hand edit or"
            " another tool wrote it)"
        )
    checked = runner.invoke(main, ["check", "-w", str(sample)])
    assert (checked.exit_code, check_errors(checked.output)) == (
        1,
        [f"error: {LABEL}: {problem}", "Error: 1 problem found."],
    )
    built = runner.invoke(main, ["build", "-w", str(sample)])
    assert (built.exit_code, built.output) == (1, build_error([problem]))
    assert not (sample / "out").exists()


@pytest.mark.parametrize(
    ("xml", "first"),
    [
        ('<w:p><w:r><s:vanish xmlns:s="{strict}"/></w:r></w:p>', "vanish"),
        ('<w:p><w:r s:rsid="1" xmlns:s="{strict}"><w:t/></w:r></w:p>', "r"),  # an attribute
        # the first in document order: an element's attribute before its children
        ('<w:p xmlns:s="{strict}"><w:pPr s:x="1"><s:b/></w:pPr><s:i/></w:p>', "pPr"),
        ('<w:p xmlns:s="{strict}"><w:pPr><s:b/></w:pPr><w:r s:x="1"/></w:p>', "b"),
        ('<w:p xmlns:s="{strict}x"><s:b/></w:p>', "b"),  # any of Strict's namespaces
        ('<w:p xmlns:s="http://purl.oclc.org/other"><s:b s:x="1"/></w:p>', None),
        ("<w:p><w:r><w:t>http://purl.oclc.org/ooxml/</w:t></w:r></w:p>", None),  # text
    ],
)
def test_the_first_element_in_strict_open_xml_is_found(xml: str, first: str | None) -> None:
    from letters.render.strict_xml import strict_element

    root = etree.fromstring(
        f'<w:body xmlns:w="{W}">{xml.format(strict=STRICT_W.decode())}</w:body>'
    )
    found = strict_element(root)
    assert (None if found is None else etree.QName(found).localname) == first


def test_a_documents_root_is_looked_for_in_its_first_bytes_only(tmp_path: Path) -> None:
    """Whether a template is Strict Open XML is told by its document's root element, looked
    for before any size limit is applied: 1 GiB of blanks before the root (a zip of about a
    megabyte) was unpacked whole to find it. The part's full reading, with its limit, comes
    after, and refuses it by its size."""
    from letters.render import strict_xml

    blanks = b"<?xml version='1.0'?>" + b" " * 2**30 + b"<w:document/>"
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", blanks)
    del blanks
    read: list[int] = []
    with zipfile.ZipFile(path) as archive:
        opened = archive.open

        def counted(name: str) -> IO[bytes]:
            part = opened(name)
            real_read = part.read

            def counting_read(size: int = -1) -> bytes:
                data = real_read(size)
                read.append(len(data))
                return data

            part.read = counting_read  # type: ignore[method-assign]
            return part

        archive.open = counted  # type: ignore[assignment]
        strict_xml.refuse_strict(archive, "bomb.docx")
    assert sum(read) <= 64 * 1024


@pytest.mark.parametrize(
    ("element", "what"),
    [
        ("bdo", "text under a direction override (w:bdo), which Word shows in reverse order"),
        ("dir", "text under a direction embedding (w:dir), which Word shows in another order"),
    ],
    ids=["override", "embedding"],
)
def test_a_template_cannot_write_a_direction_override_or_embedding_while_rendering(
    element: str, what: str, sample: Path, runner: CliRunner
) -> None:
    # The package is clean; its tag writes the direction markup through |safe.
    close, reopen = "&lt;/w:t&gt;&lt;/w:r&gt;", "&lt;w:r&gt;&lt;w:t&gt;"
    markup = (
        f"&lt;w:{element} w:val=&quot;rtl&quot;&gt;&lt;w:r&gt;&lt;w:t&gt;one, two!"
        f"&lt;/w:t&gt;&lt;/w:r&gt;&lt;/w:{element}&gt;"
    )
    tag = f"<w:p><w:r><w:t>{{{{ 'x{close}{markup}{reopen}y'|safe }}}}</w:t></w:r></w:p>"
    make_bad(sample, Bad("", [], {"word/document.xml": in_body(tag)}))
    problem = (
        f"{LABEL} (word/document.xml, paragraph “xone, two!y”): the rendered letter would hold"
        f" {what} and the PDF as it is stored; a template writes text, not Word markup"
    )
    result = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: 1 problem in the letters; nothing was written:\n  {problem}\n",
    )
    assert not (sample / "out").exists()


def test_a_template_cannot_write_a_font_name_holding_unseen_text_while_rendering(
    sample: Path, runner: CliRunner
) -> None:
    # The package is clean; its tag writes a run whose font's name hides a bidi override.
    markup = (
        "&lt;/w:t&gt;&lt;/w:r&gt;&lt;w:r&gt;&lt;w:rPr&gt;&lt;w:rFonts w:ascii=&quot;Arial"
        "\\u202eSecret&quot;/&gt;&lt;/w:rPr&gt;&lt;w:t&gt;Seen"  # written by an escape
    )
    tag = f"<w:p><w:r><w:t>{{{{ 'x{markup}'|safe }}}}</w:t></w:r></w:p>"
    make_bad(sample, Bad("", [], {"word/document.xml": in_body(tag)}))
    problem = (
        f"{LABEL} (word/document.xml, paragraph “xSeen”): the rendered letter would hold a font"
        " name (w:rFonts ascii, the part's w:rFonts no. 1) holding an invisible character that"
        " can hide or reorder text (U+202E at character 6); a template writes text, not Word"
        " markup"
    )
    result = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: 1 problem in the letters; nothing was written:\n  {problem}\n",
    )
    assert not (sample / "out").exists()


CODED = (
    "a field code holds a tag opener (“{{”, “{%” or “{#”), which a letter never needs there"
    " and docxtpl would look for the end of through the rest of the part — take it out of"
    " the field code (Word shows field codes with Alt+F9)"
)


@pytest.mark.parametrize(
    "paragraph",
    [
        page_field("PAGE {{", "1"),
        page_field("PAGE {# {{ #}", "1"),
        page_field("PAGE {{ page }}", "1"),
        '<w:p><w:r><w:t xml:space="preserve">See page </w:t></w:r>'
        '<w:fldSimple w:instr="PAGE {%"><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>',
    ],
    ids=["opener", "comment-around-an-opener", "closed-tag", "simple-field"],
)
def test_a_tag_in_a_field_code_is_refused_before_docxtpl_reads_it(
    paragraph: str, sample: Path, runner: CliRunner
) -> None:
    """docxtpl's patterns read a field's code as they read text, and looked for the end of
    each opener there through the rest of the part (a thousand “PAGE {{” in a 0.5 MB part:
    a quarter of a minute) before the template was refused, if at all; the tag check read
    the text of runs only."""
    make_bad(sample, Bad("", [], {"word/document.xml": in_body(paragraph)}))
    built = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert (built.exit_code, built.output) == (
        1,
        "Error: 1 problem in the letters; nothing was written:\n"
        f"  {LABEL} (word/document.xml, paragraph “See page 1”): {CODED}\n",
    )


def test_a_styles_part_judged_once_is_judged_again_with_another_theme(sample: Path) -> None:
    """A part's problems are kept for its bytes and the styles and theme they were judged
    with: the same styles part (a style's text in the theme's first accent) is readable
    with a blue accent and faint with a white one, in one process, in either order."""
    from letters.errors import TemplateProblem
    from letters.render.package_check import check_docx

    template = sample / "templates" / "appeal.docx"
    style = add_style(
        '<w:style w:type="paragraph" w:styleId="Accent"><w:name w:val="Accent"/>'
        '<w:rPr><w:color w:val="000000" w:themeColor="accent1"/></w:rPr></w:style>'
    )
    blue = rewrite_docx(template, {"word/styles.xml": style})
    white = rewrite_docx(
        template,
        {
            "word/styles.xml": style,
            "word/theme/theme1.xml": lambda data: data.replace(
                b'<a:srgbClr val="4F81BD"/>', b'<a:srgbClr val="FFFFFF"/>', 1
            ),
        },
    )
    for _ in range(2):
        check_docx(blue, LABEL)
        with pytest.raises(TemplateProblem) as refused:
            check_docx(white, LABEL)
        assert f"{LABEL}: word/styles.xml, style “Accent”: white text on the white page" + (
            f" (w:color 000000, w:themeColor accent1); {READABLE}"
        ) in [str(problem) for problem in refused.value.problems]
