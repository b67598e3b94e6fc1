"""Text a template hides by where it puts it or how it draws it, refused before rendering.

Each template is the sample's ``templates/appeal.docx`` rewritten here, as in
``test_template_safety``: raised off its line, condensed over itself, fitted into no room, in
a size given with its unit or for a complex script, drawn by a Word text effect the PDF does
not show, on a page colour, off the page (a text box, a frame, a floating table, an indent),
on a page too small, in lines cut too low, in a footnote separator, in a header no page
shows, or in a document that is not word/document.xml. Without these checks each was
rendered: the .docx held the text and the PDF did not show it, or showed it otherwise.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from tests.test_signoff import JOINT
from tests.test_template_safety import (
    DOC_RELS,
    LABEL,
    PNG,
    READABLE,
    TYPES,
    Bad,
    Edit,
    add_rel,
    add_style,
    add_type,
    build_error,
    check_errors,
    formatted,
    in_body,
    in_header,
    make_bad,
    rel,
    rels_part,
)

PLAIN = "a letter shows everything it holds — set the text plainly (Word: Format › Font)"
ON_PAGE = (
    "a letter shows everything it holds — put it on the page (Word: Layout › Position,"
    " Format › Paragraph)"
)
PAGE = "a letter is set on a page it can be read on — Word: Layout › Size and Margins"
AGAIN = "open the template in Word or LibreOffice and save it again as .docx"
TEXT = "We withdraw the appeal"
# a letterhead's rule: an empty paragraph 1 pt high drawn as a line by its border
RULE = (
    '<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:pBdr>'
    '<w:spacing w:line="20" w:lineRule="exact"/>'
)
ON_TEXT = f"word/document.xml, paragraph “{TEXT}”:"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DOCUMENT = "word/document.xml"
HEADER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
HEADER = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:w="{W_NS}">'
    f"<w:p><w:r><w:t>{TEXT}</w:t></w:r></w:p></w:hdr>"
).encode()
SEPARATOR = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">'
    f'<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:t>{TEXT}</w:t></w:r>'
    '<w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator"'
    ' w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>'
).encode()


ENDNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"


def notes(kind: str, *, marked: bool = False) -> Bad:
    """A template whose footnotes or endnotes (``kind``) part holds a note of text, and whose
    body refers to it (``marked``) or not."""
    note, part = kind[:-1], f"word/{kind}.xml"
    body = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind} xmlns:w="{W_NS}">'
        f'<w:{note} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{note}>'
        f'<w:{note} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        f'</w:r></w:p></w:{note}><w:{note} w:id="7"><w:p><w:r><w:t>{TEXT}</w:t></w:r></w:p>'
        f"</w:{note}></w:{kind}>"
    )
    mark = f'<w:p><w:r><w:t>Cited</w:t></w:r><w:r><w:{note}Reference w:id="7"/></w:r></w:p>'
    ctype = FOOTNOTES_TYPE if kind == "footnotes" else ENDNOTES_TYPE
    edits: dict[str, Edit] = {
        DOC_RELS: add_rel(rel(kind, f"{kind}.xml", external=False, rid="rIdNotes")),
        TYPES: add_type(f'<Override PartName="/{part}" ContentType="{ctype}"/>'),
    }
    if marked:
        edits[DOCUMENT] = in_body(mark)
    what = f"{note} that no {note} mark in the text refers to, so no page shows it"
    fix = "delete it (LibreOffice leaves it out when it saves the template as .docx)"
    return Bad(
        f"{note}-no-mark-refers-to",
        [f"{part}, paragraph “{TEXT}”: a {what}; {fix}"],
        edits,
        {part: body.encode()},
    )


# a picture the package holds and its document does not show: a relationship, no drawing
UNSHOWN_PICTURE = Bad(
    "picture-no-page-shows",
    [
        "word/media/unseen.png is a picture word/document.xml holds and shows nowhere, so no"
        " page shows it; delete it (LibreOffice leaves it out when it saves the template as"
        " .docx)"
    ],
    {
        DOC_RELS: add_rel(rel("image", "media/unseen.png", external=False, rid="rIdUnseen")),
        TYPES: add_type('<Default Extension="png" ContentType="image/png"/>'),
    },
    {"word/media/unseen.png": PNG},
)


IN_SYMBOLS = (
    ", which Word draws as its pictures where the font is installed, and the PDF as letters"
    " or in another script"
)
TEXT_FONT = (
    "a letter's words are set in a font of letters — change the text's font (Word: Home ›"
    " Font), and insert a symbol with Insert › Symbol"
)
AS_FITS = "which shows only as much of its text as fits"
ROW_GROWS = (
    "a letter shows everything it holds — let the row grow with its text (Word: Table"
    " Properties › Row › Row height is: At least)"
)
FRAME_GROWS = (
    "a letter shows everything it holds — let the frame grow with its text (Word: Format ›"
    " Frame › Height: Auto)"
)
BOX_GROWS = (
    "a letter shows everything it holds — let the text box grow with its text (Word: Format"
    " Shape › Text Box › Resize shape to fit text)"
)
THEME_FONT = "choose a font of letters for the theme (Word: Design › Fonts)"


def wingdings(*which: str) -> str:
    """Run properties setting the font ``which`` (ascii, hAnsi …) to Wingdings."""
    fonts = " ".join(f'w:{name}="Wingdings"' for name in which)
    return f"<w:rFonts {fonts}/>"


def merged_cells(text: str) -> str:
    """A table of one column whose two cells are merged (w:vMerge), the second holding
    ``text``."""
    return (
        '<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:tc><w:tcPr>'
        f'<w:vMerge w:val="restart"/></w:tcPr>{formatted("", "Merged")}</w:tc></w:tr><w:tr>'
        f"<w:tc><w:tcPr><w:vMerge/></w:tcPr>{formatted('', text)}</w:tc></w:tr></w:tbl>"
    )


def row_of(text: str, trpr: str) -> str:
    """A table of one row, with the row properties ``trpr``, holding ``text``."""
    return (
        '<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr>'
        f"<w:trPr>{trpr}</w:trPr><w:tc><w:tcPr/>{formatted('', text)}</w:tc></w:tr></w:tbl>"
    )


def text_box(
    x: int, shape: str = "", properties: str = 'id="77" name="Box"', *, grows: bool = True
) -> str:
    """A paragraph with a text box put ``x`` EMU across and down from the page's corner;
    ``shape``: the shape's own properties (``wps:cNvPr``), ``properties``: the drawing's
    (``wp:docPr``); ``grows``: whether the box grows with its text (``a:spAutoFit``)."""
    body = "<wps:bodyPr><a:spAutoFit/></wps:bodyPr>" if grows else "<wps:bodyPr/>"
    return (
        '<w:p><w:r><w:drawing><wp:anchor behindDoc="0" distT="0" distB="0" distL="0" distR="0"'
        ' simplePos="0" locked="0" layoutInCell="1" allowOverlap="1" relativeHeight="5">'
        f'<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="page"><wp:posOffset>{x}'
        f'</wp:posOffset></wp:positionH><wp:positionV relativeFrom="page"><wp:posOffset>{x}'
        '</wp:posOffset></wp:positionV><wp:extent cx="1800000" cy="400000"/><wp:wrapNone/>'
        f'<wp:docPr {properties}/><a:graphic xmlns:a="http://schemas.openxmlformats.org/'
        'drawingml/2006/main"><a:graphicData uri="http://schemas.microsoft.com/office/word/'
        f'2010/wordprocessingShape"><wps:wsp>{shape}<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm>'
        '<a:off x="0" y="0"/><a:ext cx="1800000" cy="400000"/></a:xfrm><a:prstGeom prst="rect">'
        "<a:avLst/></a:prstGeom></wps:spPr><wps:txbx><w:txbxContent><w:p><w:r>"
        f"<w:t>{TEXT}</w:t></w:r></w:p></w:txbxContent></wps:txbx>{body}</wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>"
    )


def vml_text_box(style: str, shape: str = "shape", *, grows: bool = True) -> str:
    """A paragraph with an old Word (VML) shape of the style ``style`` holding a text box;
    ``grows``: whether the box grows with its text (``mso-fit-shape-to-text``)."""
    box = '<v:textbox style="mso-fit-shape-to-text:t">' if grows else "<v:textbox>"
    return (
        f'<w:p><w:r><w:pict><v:{shape} id="Box" style="position:absolute;{style}'
        f'width:140pt;height:20pt">{box}<w:txbxContent><w:p><w:r><w:t>{TEXT}</w:t>'
        f"</w:r></w:p></w:txbxContent></v:textbox></v:{shape}></w:pict></w:r></w:p>"
    )


def picture_with(properties: str) -> str:
    """A paragraph with an inline picture whose own properties (``pic:cNvPr``) are these."""
    return (
        f'<w:p><w:r><w:t>{TEXT}</w:t></w:r><w:r><w:drawing><wp:inline><wp:extent cx="90000"'
        ' cy="90000"/><wp:docPr id="78" name="Logo"/><a:graphic xmlns:a="http://schemas.'
        'openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.'
        'openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.'
        f'openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr {properties}/>'
        "<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill/><pic:spPr/></pic:pic></a:graphicData>"
        "</a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )


SVG_BLIP = (
    '<a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}"><asvg:svgBlip xmlns:asvg='
    f'"http://schemas.microsoft.com/office/drawing/2016/SVG/main" xmlns:r="{R_NS}"'
    ' r:embed="rIdSvg"/></a:ext></a:extLst>'
)
# a picture whose PNG says one thing and whose SVG, which Word shows instead, another
PICTURE_IN_TWO_VERSIONS: dict[str, Edit] = {
    DOCUMENT: in_body(
        picture_with('id="0" name="two.png"').replace(
            "<pic:blipFill/>",
            f'<pic:blipFill><a:blip xmlns:r="{R_NS}" r:embed="rIdPng">{SVG_BLIP}</a:blip>'
            "</pic:blipFill>",
        )
    ),
    DOC_RELS: add_rel(
        rel("image", "media/two.png", external=False, rid="rIdPng"),
        rel("image", "media/two.svg", external=False, rid="rIdSvg"),
    ),
    TYPES: add_type(
        '<Default Extension="png" ContentType="image/png"/>'
        '<Default Extension="svg" ContentType="image/svg+xml"/>'
    ),
}
TWO_PICTURES = {
    "word/media/two.png": PNG,
    "word/media/two.svg": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>We do not ask</text></svg>'
    ),
}


def section(old: bytes, new: bytes) -> dict[str, Edit]:
    return {DOCUMENT: lambda data: in_body(formatted("", TEXT))(data).replace(old, new, 1)}


def header(reference: str, settings: bytes = b"") -> dict[str, Edit]:
    """A header part with text, its relationship, and ``reference`` before the sample's."""
    edits: dict[str, Edit] = {
        DOC_RELS: add_rel(rel("header", "header9.xml", external=False, rid="rIdHidden")),
        TYPES: add_type(f'<Override PartName="/word/header9.xml" ContentType="{HEADER_TYPE}"/>'),
        DOCUMENT: lambda data: data.replace(
            b'<w:headerReference w:type="first"',
            reference.encode() + b'<w:headerReference w:type="first"',
            1,
        ),
    }
    if settings:
        edits["word/settings.xml"] = lambda data: data.replace(
            b"<w:defaultTabStop", settings + b"<w:defaultTabStop", 1
        )
    return edits


EVEN = '<w:headerReference w:type="even" r:id="rIdHidden"/>'
SHOW = (
    "a letter shows everything it holds — show the drawing (Word: Home › Select › Selection"
    " Pane) or delete it"
)
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
NO_TOOLTIP = (
    "a letter says what it says in its text — clear the link's ScreenTip (Word: right-click"
    " the link › Edit Link › ScreenTip)"
)
UNDER_THE_MOUSE = "which Word shows only under the mouse, and the PDF not at all"
RETYPE = "delete it (Word: show formatting marks with Ctrl+Shift+8), or type it again"
SEE_ABOVE = "word/document.xml, paragraph “See above”:"
TOOLTIP_FIELD = (
    '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
    f' HYPERLINK \\l "_top" \\o "{TEXT}" </w:instrText></w:r><w:r><w:fldChar'
    ' w:fldCharType="separate"/></w:r><w:r><w:t>See above</w:t></w:r><w:r><w:fldChar'
    ' w:fldCharType="end"/></w:r></w:p>'
)
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
DIAGRAM_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml"


CHART = '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"'
DIAGRAM = '<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram"'
HIDING_WORD = "We\u200b withdraw"  # a zero-width space in it


def in_part(case: str, part: str, root: str, body: str, place: str = "") -> Bad:
    """The sample with one more part, ``part`` (a chart's, a SmartArt diagram's), whose root
    element ``root`` (with its namespace) holds ``body``, where :data:`HIDING_WORD` is, at
    ``place`` (as a message gives it)."""
    kind, ctype = ("chart", CHART_TYPE) if "chart" in part else ("diagramData", DIAGRAM_TYPE)
    name = root.split()[0].lstrip("<")
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{root} xmlns:a="{A_NS}">'
        f"{body}</{name}>"
    )
    return Bad(
        case,
        [
            f"{part}{place}: an invisible character that can hide or reorder text (U+200B at"
            f" character 3); {RETYPE}"
        ],
        {
            DOC_RELS: add_rel(
                rel(kind, part.removeprefix("word/"), external=False, rid="rIdDrawn")
            ),
            TYPES: add_type(f'<Override PartName="/{part}" ContentType="{ctype}"/>'),
        },
        {part: xml.encode()},
    )


HIDDEN = "which neither Word nor the PDF shows"
HIDDEN_IN_WORD = "which Word does not show and the PDF does"
ATTACKS = [
    Bad(
        "lowered-off-its-line",
        [f"{ON_TEXT} text lowered by 1500 pt (w:position -3000); {PLAIN}"],
        {DOCUMENT: in_body(formatted('<w:position w:val="-3000"/>', TEXT))},
    ),
    Bad(
        "condensed-over-itself",
        [
            f"{ON_TEXT} characters drawn over each other (condensed by 20 pt, w:spacing -400);"
            f" {PLAIN}"
        ],
        {DOCUMENT: in_body(formatted('<w:spacing w:val="-400"/>', TEXT))},
    ),
    Bad(
        "fitted-into-no-room",
        [f"{ON_TEXT} text fitted into a set width (w:fitText), however narrow; {PLAIN}"],
        {DOCUMENT: in_body(formatted('<w:fitText w:val="20" w:id="99"/>', TEXT))},
    ),
    Bad(
        "tiny-in-a-complex-script",
        [f"{ON_TEXT} text too small to read (1 pt, in a complex script); {READABLE}"],
        {DOCUMENT: in_body(formatted('<w:cs/><w:szCs w:val="2"/>', TEXT))},
    ),
    Bad(
        "tiny-with-its-unit",
        [f"{ON_TEXT} text too small to read (1 pt); {READABLE}"],
        {DOCUMENT: in_body(formatted('<w:sz w:val="1pt"/>', TEXT))},
    ),
    Bad(  # 4 pt is allowed; raised, it is drawn at 2.3 pt
        "tiny-once-made-superscript",
        [f"{ON_TEXT} text too small to read (2.3 pt: 4 pt made superscript); {READABLE}"],
        {DOCUMENT: in_body(formatted('<w:sz w:val="8"/><w:vertAlign w:val="superscript"/>', TEXT))},
    ),
    Bad(
        "tiny-once-made-subscript-in-a-complex-script",
        [
            f"{ON_TEXT} text too small to read (3.5 pt: 6 pt made subscript, in a complex"
            f" script); {READABLE}"
        ],
        {
            DOCUMENT: in_body(
                formatted('<w:szCs w:val="12"/><w:vertAlign w:val="subscript"/>', TEXT)
            )
        },
    ),
    Bad(
        "word-text-effect-without-ink",
        [
            f"{ON_TEXT} text drawn by a Word text effect (w14:textFill), which the PDF does not"
            f" show (it shows the font colour); {PLAIN}"
        ],
        {DOCUMENT: in_body(formatted("<w14:textFill><w14:noFill/></w14:textFill>", TEXT))},
    ),
    Bad(
        "page-colour",
        [
            "word/document.xml: a page colour (w:background 000000), which Word shows on screen"
            " but does not print, and the PDF shows; a letter is printed on white — set no page"
            " colour (Word: Design › Page Color)"
        ],
        {
            DOCUMENT: lambda data: data.replace(
                b"<w:body>", b'<w:background w:color="000000"/><w:body>'
            )
        },
    ),
    Bad(
        "text-box-off-the-page",
        [
            f"word/document.xml, paragraph “{TEXT}”: a drawing put off the page (-1574.8 pt from"
            f" its page); {ON_PAGE}"
        ],
        {DOCUMENT: in_body(text_box(-20_000_000))},
    ),
    Bad(  # the .docx holds the text and its version covers it; no reader sees it
        "hidden-text-box",
        [f'{ON_TEXT} a hidden drawing (wp:docPr hidden="1"), {HIDDEN}; {SHOW}'],
        {DOCUMENT: in_body(text_box(1_000_000, properties='id="100" name="TB" hidden="1"'))},
    ),
    Bad(
        "hidden-shape-in-a-text-box",
        [f'{ON_TEXT} a hidden drawing (wps:cNvPr hidden="true"), {HIDDEN}; {SHOW}'],
        {DOCUMENT: in_body(text_box(1_000_000, '<wps:cNvPr id="5" name="S" hidden="true"/>'))},
    ),
    Bad(
        "hidden-picture-in-a-header",
        [
            f'word/header1.xml, paragraph “{TEXT}”: a hidden drawing (pic:cNvPr hidden="1"),'
            f" {HIDDEN}; {SHOW}"
        ],
        {"word/header1.xml": in_header(picture_with('id="0" name="Logo" hidden="1"'))},
    ),
    Bad(  # Word hides it; LibreOffice prints its text in the PDF
        "hidden-vml-text-box",
        [f"{ON_TEXT} a hidden drawing (v:shape style visibility:hidden), {HIDDEN_IN_WORD}; {SHOW}"],
        {DOCUMENT: in_body(vml_text_box("visibility:hidden;"))},
    ),
    Bad(
        "vml-text-box-displayed-as-none",
        [f"{ON_TEXT} a hidden drawing (v:rect style display:none), {HIDDEN_IN_WORD}; {SHOW}"],
        {DOCUMENT: in_body(vml_text_box(" Display : None ;", "rect"))},
    ),
    Bad(
        "frame-off-the-page",
        [f"{ON_TEXT} a frame put off the page (w:x -30000); {ON_PAGE}"],
        {
            DOCUMENT: in_body(
                formatted(
                    "", TEXT, '<w:framePr w:w="2000" w:x="-30000" w:y="-30000" w:hAnchor="page"/>'
                )
            )
        },
    ),
    Bad(
        "floating-table-off-the-page",
        [f"word/document.xml: a floating table put off the page (w:tblpX 40000); {ON_PAGE}"],
        {
            DOCUMENT: in_body(
                '<w:tbl><w:tblPr><w:tblpPr w:tblpX="40000"/></w:tblPr><w:tblGrid><w:gridCol'
                f' w:w="2000"/></w:tblGrid><w:tr><w:tc><w:p><w:r><w:t>{TEXT}</w:t></w:r></w:p>'
                "</w:tc></w:tr></w:tbl><w:p/>"
            )
        },
    ),
    Bad(  # -24.7 cm: within 42 cm, but the page's margin is 2.5 cm; the PDF holds none of it
        "indented-before-the-page",
        [
            f"{ON_TEXT} text indented off the page (w:ind left -14000, before the page's"
            f" edge); {ON_PAGE}"
        ],
        {DOCUMENT: in_body(formatted("", TEXT, '<w:ind w:left="-14000"/>'))},
    ),
    Bad(
        "first-line-hanging-before-the-page",
        [
            f"{ON_TEXT} text indented off the page (w:ind hanging 9000, before the page's"
            f" edge); {ON_PAGE}"
        ],
        {DOCUMENT: in_body(formatted("", TEXT, '<w:ind w:left="0" w:hanging="9000"/>'))},
    ),
    Bad(
        "indented-past-the-right-edge",
        [
            f"{ON_TEXT} text indented off the page (w:ind end -9000, past the page's edge);"
            f" {ON_PAGE}"
        ],
        {DOCUMENT: in_body(formatted("", TEXT, '<w:ind w:start="9000" w:end="-9000"/>'))},
    ),
    Bad(
        "table-indented-before-the-page",
        [
            "word/document.xml: a table indented off the page (w:tblInd -14000, before the"
            f" page's edge); {ON_PAGE}"
        ],
        {
            DOCUMENT: in_body(
                row_of(TEXT, "").replace(
                    "<w:tblPr/>", '<w:tblPr><w:tblInd w:w="-14000" w:type="dxa"/></w:tblPr>'
                )
            )
        },
    ),
    Bad(
        "indented-off-the-page",
        [f"{ON_TEXT} text indented off the page (w:ind left -40000); {ON_PAGE}"],
        {DOCUMENT: in_body(formatted("", TEXT, '<w:ind w:left="-40000"/>'))},
    ),
    Bad(  # Word and the PDF show the row a point high: the text's top is cut off, clean
        "row-cut-low",
        [f"{ON_TEXT} text in a table row of an exact height (1 pt), {AS_FITS}; {ROW_GROWS}"],
        {DOCUMENT: in_body(row_of(TEXT, '<w:trHeight w:val="20" w:hRule="exact"/>'))},
    ),
    Bad(  # a row a line high: the PDF shows the first paragraph, and not the second
        "row-of-a-line",
        [
            "word/document.xml, paragraph “We attach the court record.”: text in a table row"
            f" of an exact height (16 pt), {AS_FITS}; {ROW_GROWS}"
        ],
        {
            DOCUMENT: in_body(
                row_of(
                    f"We attach the court record.</w:t></w:r></w:p><w:p><w:r><w:t>{TEXT}",
                    '<w:trHeight w:val="320" w:hRule="exact"/>',
                )
            )
        },
    ),
    Bad(  # a tag may make the text any length: only a row that grows shows all of it
        "tag-in-a-row-of-an-exact-height",
        [
            "word/document.xml, paragraph “{{ case.summary }}”: text in a table row of an exact"
            f" height (100 pt), {AS_FITS}; {ROW_GROWS}"
        ],
        {
            DOCUMENT: in_body(
                row_of("{{ case.summary }}", '<w:trHeight w:val="2000" w:hRule="exact"/>')
            )
        },
    ),
    Bad(  # LibreOffice draws the box at its size, and the paragraphs that do not fit nowhere
        "text-box-of-a-set-size",
        [
            f"word/document.xml, paragraph “{TEXT}”: text in a text box 31.5 pt high that"
            f" does not grow with its text, {AS_FITS}; {BOX_GROWS}"
        ],
        {DOCUMENT: in_body(text_box(1_000_000, grows=False))},
    ),
    Bad(
        "vml-text-box-of-a-set-size",
        [
            f"word/document.xml, paragraph “{TEXT}”: text in a text box 20 pt high that does"
            f" not grow with its text, {AS_FITS}; {BOX_GROWS}"
        ],
        {DOCUMENT: in_body(vml_text_box("", grows=False))},
    ),
    Bad(  # the cell's left margin pushes its text past the page's edge
        "cell-margin-off-the-page",
        [
            "word/document.xml, paragraph “We withdraw the appeal”: text pushed out of its"
            " table cell (w:tcMar left 20000: a cell margin of 1000 pt); a letter shows"
            " everything it holds — give the cell its usual margins (Word: Table Properties ›"
            " Cell › Options, or Table › Options)"
        ],
        {
            DOCUMENT: in_body(
                row_of(TEXT, "").replace(
                    "<w:tcPr/>",
                    '<w:tcPr><w:tcW w:w="4500" w:type="dxa"/><w:tcMar><w:left w:w="20000"'
                    ' w:type="dxa"/></w:tcMar></w:tcPr>',
                )
            )
        },
    ),
    Bad(  # margins wider than the cell: no room for the text inside it
        "cell-margins-wider-than-the-cell",
        [
            "word/document.xml, paragraph “We withdraw the appeal”: text pushed out of its"
            " table cell (w:tcMar: margins of 60 pt in a cell 50 pt wide); a letter shows"
            " everything it holds — give the cell its usual margins (Word: Table Properties ›"
            " Cell › Options, or Table › Options)"
        ],
        {
            DOCUMENT: in_body(
                row_of(TEXT, "").replace(
                    "<w:tcPr/>",
                    '<w:tcPr><w:tcW w:w="1000" w:type="dxa"/><w:tcMar><w:left w:w="600"'
                    ' w:type="dxa"/><w:right w:w="600" w:type="dxa"/></w:tcMar></w:tcPr>',
                )
            )
        },
    ),
    Bad(  # the box is drawn half a point high, and none of its text in it
        "text-box-cut-low",
        [
            f"word/document.xml, paragraph “{TEXT}”: text in a text box 0.5 pt high, with room"
            f" for 0 pt of text inside its margins; {BOX_GROWS}"
        ],
        {DOCUMENT: in_body(text_box(1_000_000, grows=False).replace('cy="400000"', 'cy="6350"'))},
    ),
    Bad(
        "vml-text-box-cut-low",
        [
            f"word/document.xml, paragraph “{TEXT}”: text in a text box 1.5 pt high, with room"
            f" for 0 pt of text inside its margins; {BOX_GROWS}"
        ],
        {DOCUMENT: in_body(vml_text_box("", grows=False).replace("height:20pt", "height:2px"))},
    ),
    Bad(  # LibreOffice puts the PNG into the PDF
        "picture-in-two-versions",
        [
            f"{ON_TEXT} a picture in two versions (an SVG, asvg:svgBlip, beside its PNG), of"
            " which Word shows the SVG and the PDF the PNG; a letter shows one picture —"
            " insert it as PNG or JPEG (Word: right-click it › Save as Picture…, then Insert ›"
            " Pictures)"
        ],
        PICTURE_IN_TWO_VERSIONS,
        TWO_PICTURES,
    ),
    Bad(  # Word draws "We withdraw" in Wingdings' pictures, the PDF in letters
        "text-in-a-symbol-font",
        [f"{ON_TEXT} text in a symbol font (Wingdings){IN_SYMBOLS}; {TEXT_FONT}"],
        {DOCUMENT: in_body(formatted(wingdings("ascii"), TEXT))},
    ),
    Bad(  # the PDF shows Symbol's Greek letters for the Latin ones: "Ωε ωιτηδραω"
        "text-in-a-symbol-font-by-its-style",
        [f"{ON_TEXT} text in a symbol font (Symbol){IN_SYMBOLS}; {TEXT_FONT}"],
        {
            DOCUMENT: in_body(formatted('<w:rStyle w:val="Greek"/>', TEXT)),
            "word/styles.xml": add_style(
                '<w:style w:type="character" w:styleId="Greek"><w:name w:val="Greek"/>'
                '<w:rPr><w:rFonts w:hAnsi="Symbol" w:ascii="Symbol"/></w:rPr></w:style>'
            ),
        },
    ),
    Bad(
        "theme-font-a-symbol-font",
        [
            "word/theme/theme1.xml: a symbol font (Webdings) as the theme's font for headings,"
            f" which would draw their letters as pictures; {THEME_FONT}"
        ],
        {
            "word/theme/theme1.xml": lambda data: re.sub(
                rb'(<a:majorFont>\s*<a:latin typeface=")[^"]*"', rb'\1Webdings"', data, count=1
            )
        },
    ),
    Bad(  # its top margin, 100 pt, pushes the text below the box's foot
        "text-box-margin-pushing-the-text-out",
        [
            f"word/document.xml, paragraph “{TEXT}”: text in a text box 31.5 pt high, with room"
            f" for 0 pt of text inside its margins; {BOX_GROWS}"
        ],
        {
            DOCUMENT: in_body(
                text_box(1_000_000, grows=False).replace(
                    "<wps:bodyPr/>", '<wps:bodyPr tIns="1270000"/>'
                )
            )
        },
    ),
    Bad(
        "vml-text-box-margin-pushing-the-text-out",
        [
            f"word/document.xml, paragraph “{TEXT}”: text in a text box 20 pt high, with room"
            f" for 3 pt of text inside its margins; {BOX_GROWS}"
        ],
        {
            DOCUMENT: in_body(
                vml_text_box("", grows=False).replace(
                    "<v:textbox>", '<v:textbox inset="0,17pt,0,0">'
                )
            )
        },
    ),
    Bad(  # the PDF shows the merged cell with the first cell's text only
        "text-in-a-cell-merged-into-the-one-above",
        [
            f"{ON_TEXT} text in a table cell merged into the one above it (w:vMerge), which"
            " the PDF does not show; a merged cell shows its first cell's text — move the text"
            " there, or split the cells (Word: Layout › Split Cells)"
        ],
        {DOCUMENT: in_body(merged_cells(TEXT))},
    ),
    Bad(
        "frame-cut-low",
        [f"{ON_TEXT} text in a frame of an exact height (0.5 pt), {AS_FITS}; {FRAME_GROWS}"],
        {
            DOCUMENT: in_body(
                formatted("", TEXT, '<w:framePr w:w="4000" w:h="10" w:hRule="exact"/>')
            )
        },
    ),
    Bad(
        "lines-cut-low",
        [f"{ON_TEXT} lines cut to 0.05 pt high (an exact line spacing); {PLAIN}"],
        {DOCUMENT: in_body(formatted("", TEXT, '<w:spacing w:line="1" w:lineRule="exact"/>'))},
    ),
    Bad(
        "page-too-small",
        [f"word/document.xml: a page of 15 × 15 pt (w:pgSz); {PAGE}"],
        section(b'<w:pgSz w:w="11906" w:h="16838"/>', b'<w:pgSz w:w="300" w:h="300"/>'),
    ),
    Bad(
        "column-too-narrow",
        [f"word/document.xml: text in a column 10 pt wide (w:pgMar); {PAGE}"],
        section(b'w:right="1134"', b'w:right="10289"'),
    ),
    Bad(
        "footnote-separator-with-text",
        [
            "word/footnotes.xml: text in a footnote separator, which Word shows above the notes"
            " and the PDF does not; a separator holds only its line — delete the text (Word:"
            " View › Draft, References › Show Notes)"
        ],
        {
            DOC_RELS: add_rel(rel("footnotes", "footnotes.xml", external=False, rid="rIdNotes")),
            TYPES: add_type(
                f'<Override PartName="/word/footnotes.xml" ContentType="{FOOTNOTES_TYPE}"/>'
            ),
        },
        {"word/footnotes.xml": SEPARATOR},
    ),
    Bad(
        "even-page-header-never-shown",
        [
            "word/header9.xml is an even-page header that no page shows (the template has no"
            " different odd and even pages); delete it, or tick 'Different Odd & Even Pages'"
            " (Word: Insert › Header)"
        ],
        header(EVEN),
        {"word/header9.xml": HEADER},
    ),
    Bad(
        "first-page-header-never-shown",
        [
            "word/header1.xml is a first-page header that no page shows (its section has no"
            " different first page); delete it, or tick 'Different First Page' (Word: Insert ›"
            " Header)"
        ],
        {DOCUMENT: lambda data: data.replace(b"<w:titlePg/>", b"")},
    ),
    Bad(
        "header-no-section-uses",
        ["word/header9.xml is a header no section uses, so no page shows it; delete it"],
        header(""),
        {"word/header9.xml": HEADER},
    ),
    notes("footnotes"),
    notes("endnotes"),
    UNSHOWN_PICTURE,
    Bad(
        "document-elsewhere",
        [f"_rels/.rels makes word/main.xml the document, not word/document.xml; {AGAIN}"],
        {
            "_rels/.rels": lambda data: data.replace(
                b'Target="word/document.xml"', b'Target="word/main.xml"'
            )
        },
    ),
    Bad(
        "alternatives-that-differ-in-an-equation",
        [
            "word/document.xml, paragraph “SameSame”: alternative content whose versions differ"
            " (mc:AlternateContent); keep one version (Word: save the template in compatibility"
            " mode, or retype the element), so that the PDF and the .docx say the same"
        ],
        {
            DOCUMENT: in_body(
                '<w:p><mc:AlternateContent><mc:Choice Requires="w14"><w:r><w:t>Same</w:t></w:r>'
                "</mc:Choice><mc:Fallback><w:r><w:t>Same</w:t></w:r><m:oMath><m:r>"
                f"<m:t>{TEXT}</m:t></m:r></m:oMath></mc:Fallback></mc:AlternateContent></w:p>"
            )
        },
    ),
    Bad(
        "link-tooltip",
        [f"{SEE_ABOVE} a link's tooltip (w:tooltip “{TEXT}”), {UNDER_THE_MOUSE}; {NO_TOOLTIP}"],
        {
            DOCUMENT: in_body(
                f'<w:p><w:hyperlink w:anchor="_top" w:tooltip="{TEXT}"><w:r><w:t>See above</w:t>'
                "</w:r></w:hyperlink></w:p>"
            )
        },
    ),
    Bad(
        "hyperlink-field-tooltip",
        [f"{SEE_ABOVE} a link's tooltip (\\o “{TEXT}”), {UNDER_THE_MOUSE}; {NO_TOOLTIP}"],
        {DOCUMENT: in_body(TOOLTIP_FIELD)},
    ),
    Bad(
        "picture-link-tooltip",
        [f"{ON_TEXT} a link's tooltip (a:hlinkClick “{TEXT}”), {UNDER_THE_MOUSE}; {NO_TOOLTIP}"],
        {
            DOCUMENT: in_body(
                picture_with('id="0" name="logo.png"').replace(
                    'name="logo.png"/>',
                    f'name="logo.png"><a:hlinkClick xmlns:a="{A_NS}" xmlns:r="{R_NS}" r:id=""'
                    f' tooltip="{TEXT}"/></pic:cNvPr>',
                )
            )
        },
    ),
    Bad(
        "alt-text-reordered",
        [
            f"{ON_TEXT} an invisible character that can hide or reorder text (U+202E at character"
            f" 5) in a picture's alternative text (pic:cNvPr descr); {RETYPE}"
        ],
        {DOCUMENT: in_body(picture_with('id="0" name="logo.png" descr="Seal\u202eOGN"'))},
    ),
    Bad(
        "vml-alt-text-control",
        [
            "word/document.xml, an empty paragraph: a control character (U+0090 at character 5)"
            f" in a picture's alternative text (v:shape alt); {RETYPE}"
        ],
        {
            DOCUMENT: in_body(
                '<w:p><w:r><w:pict><v:shape id="Seal" alt="Seal\u0090" style="width:20pt;'
                'height:20pt"/></w:pict></w:r></w:p>'
            )
        },
    ),
    in_part(
        "chart-text-hides",
        "word/charts/chart1.xml",
        CHART,
        f"<a:p><a:r><a:t>{HIDING_WORD}</a:t></a:r></a:p>",
        ", paragraph “We\\u200b withdraw”",
    ),
    in_part(
        "chart-label-hides",
        "word/charts/chart1.xml",
        CHART,
        f'<c:chart><c:ser><c:tx><c:strRef><c:strCache><c:pt idx="0"><c:v>{HIDING_WORD}</c:v>'
        "</c:pt></c:strCache></c:strRef></c:tx></c:ser></c:chart>",
    ),
    in_part(
        "smartart-text-hides",
        "word/diagrams/data1.xml",
        DIAGRAM,
        f"<a:p><a:r><a:t>{HIDING_WORD}</a:t></a:r></a:p>",
        ", paragraph “We\\u200b withdraw”",
    ),
]


@pytest.mark.parametrize("case", ATTACKS, ids=[c.id for c in ATTACKS])
def test_text_hidden_by_its_place_or_drawing_is_refused(
    case: Bad, sample: Path, runner: CliRunner
) -> None:
    make_bad(sample, case)
    built = runner.invoke(main, ["build", JOINT, "--lang", "en", "--pdf", "-w", str(sample)])
    assert (built.exit_code, built.output) == (1, build_error(case.problems))
    assert not (sample / "out").exists()  # neither the .docx nor the PDF
    checked = runner.invoke(main, ["check", "-w", str(sample)])
    count = len(case.problems)
    assert checked.exit_code == 1
    assert check_errors(checked.output) == [
        *(f"error: {LABEL}: {p}" for p in case.problems),
        f"Error: {count} problem{'s' if count != 1 else ''} found.",
    ]


@pytest.mark.parametrize(
    "edits",
    [
        {DOCUMENT: in_body(formatted('<w:position w:val="6"/>', "Raised a little"))},
        {DOCUMENT: in_body(formatted('<w:spacing w:val="-20"/>', "Condensed by 1 pt"))},
        {DOCUMENT: in_body(formatted('<w:sz w:val="11pt"/><w:szCs w:val="22"/>', "Sized"))},
        {DOCUMENT: in_body(formatted("", "Exact", '<w:spacing w:line="240" w:lineRule="exact"/>'))},
        {DOCUMENT: in_body(formatted("", "", RULE))},
        {DOCUMENT: in_body(row_of("", '<w:trHeight w:val="20" w:hRule="exact"/>'))},
        {DOCUMENT: in_body(row_of("At least", '<w:trHeight w:val="20" w:hRule="atLeast"/>'))},
        # a letterhead's line in a row of its height, and in a text box of its size
        {DOCUMENT: in_body(row_of("Appeals Desk", '<w:trHeight w:val="400" w:hRule="exact"/>'))},
        {
            DOCUMENT: in_body(
                text_box(1_000_000, grows=False)
                .replace(TEXT, "Appeals")
                .replace("<wps:bodyPr/>", "<wps:bodyPr><a:noAutofit/></wps:bodyPr>")
            )
        },
        {
            DOCUMENT: in_body(
                row_of("Usual margins", "").replace(
                    "<w:tcPr/>",
                    '<w:tcPr><w:tcW w:w="4500" w:type="dxa"/><w:tcMar><w:left w:w="115"'
                    ' w:type="dxa"/><w:right w:w="1440" w:type="dxa"/></w:tcMar></w:tcPr>',
                )
            )
        },
        {  # a narrow cell gives only its top: its sides are the table's, none
            DOCUMENT: in_body(
                row_of("7", "")
                .replace(
                    "<w:tblPr/>",
                    '<w:tblPr><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0"'
                    ' w:type="dxa"/></w:tblCellMar></w:tblPr>',
                )
                .replace(
                    "<w:tcPr/>",
                    '<w:tcPr><w:tcW w:w="150" w:type="dxa"/><w:tcMar><w:top w:w="20"'
                    ' w:type="dxa"/></w:tcMar></w:tcPr>',
                )
            )
        },
        {DOCUMENT: in_body(formatted("", "Framed", '<w:framePr w:h="10" w:hRule="atLeast"/>'))},
        {DOCUMENT: in_body(formatted(wingdings("ascii", "hAnsi"), "\uf0fc\uf0fe"))},
        {DOCUMENT: in_body(merged_cells(""))},
        {DOCUMENT: in_body(formatted("", "Into the margin", '<w:ind w:left="-1000"/>'))},
        {
            DOCUMENT: in_body(
                '<w:p><w:r><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr>'
                '<w:sym w:font="Wingdings" w:char="F0FC"/></w:r><w:r><w:t>Done</w:t></w:r></w:p>'
            )
        },
        {DOCUMENT: in_body(formatted("", "Hanging", '<w:ind w:left="720" w:hanging="360"/>'))},
        {DOCUMENT: in_body(text_box(1_000_000))},
        header(EVEN, b"<w:evenAndOddHeaders/>"),
        {DOCUMENT: in_body(text_box(1_000_000, properties='id="100" name="TB" hidden="0"'))},
        {DOCUMENT: in_body(vml_text_box("visibility:visible;"))},
        {DOCUMENT: in_body(picture_with('id="0" name="a.png" descr="The seal&#10;of the NGO"'))},
        {DOCUMENT: in_body(TOOLTIP_FIELD.replace(f'\\o "{TEXT}"', ""))},
    ],
    ids=[
        "raised",
        "condensed",
        "sized",
        "exact-line",
        "rule",
        "empty-row-cut-low",
        "row-at-least",
        "row-of-its-line",
        "text-box-of-its-words",
        "cell-margins",
        "cell-margins-of-the-table",
        "frame-at-least",
        "symbols-in-a-symbol-font",
        "merged-cells",
        "indent-into-the-margin",
        "symbol-beside-text",
        "indent",
        "text-box",
        "even-pages",
        "drawing-not-hidden",
        "vml-text-box",
        "alt-text-of-two-lines",
        "link-within-the-letter",
    ],
)
def test_text_in_plain_view_is_accepted(
    edits: dict[str, Edit], sample: Path, runner: CliRunner
) -> None:
    add = {"word/header9.xml": HEADER} if DOC_RELS in edits else {}
    make_bad(sample, Bad("", [], edits, add))
    result = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("kind", ["footnotes", "endnotes"])
def test_a_note_its_mark_refers_to_is_accepted(kind: str, sample: Path, runner: CliRunner) -> None:
    make_bad(sample, notes(kind, marked=True))
    result = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("kind", ["footnotes", "endnotes"])
def test_a_note_whose_mark_a_tag_leaves_out_is_refused(
    kind: str, sample: Path, runner: CliRunner
) -> None:
    """The template's own note is marked, but under a condition no letter meets: every
    letter would carry the note, and no page would show it."""
    note = kind[:-1]
    bad = notes(kind, marked=True)
    mark = f'<w:p><w:r><w:t>Cited</w:t></w:r><w:r><w:{note}Reference w:id="7"/></w:r></w:p>'
    condition = formatted("", "{%p if recipients|length > 100 %}")
    body = condition + mark + formatted("", "{%p endif %}")
    make_bad(sample, Bad("", [], {**bad.edits, DOCUMENT: in_body(body)}, bad.add))
    result = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        "Error: 1 problem in the letters; nothing was written:\n"
        f"  {LABEL} (word/{kind}.xml, paragraph “{TEXT}”): the rendered letter would hold a"
        f" {note} that no {note} mark in the text refers to, so no page shows it; show its"
        " mark in every letter (a tag leaves it out of this one), or delete the note\n",
    )
    assert not (sample / "out").exists()


def test_a_cell_docxtpl_merges_keeps_no_text_the_pdf_leaves_out(
    sample: Path, runner: CliRunner
) -> None:
    """docxtpl's {% vm %} merges a column's cells down a table's rows, keeping in each row's
    copy the cell's other paragraphs: the PDF shows them for the first row only."""
    cell = formatted("", "{% vm %}Signed by") + formatted("", "{{ s.name }}")
    rows = "".join(
        f'<w:tr><w:tc><w:tcPr><w:tcW w:w="9000" w:type="dxa"/></w:tcPr>{inside}</w:tc></w:tr>'
        for inside in (
            formatted("", "{%tr for s in signatories %}"),
            cell,
            formatted("", "{%tr endfor %}"),
        )
    )
    table = f'<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid>{rows}</w:tbl>'
    make_bad(sample, Bad("", [], {DOCUMENT: in_body(table)}))
    result = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert result.exit_code == 1
    assert (
        f"{LABEL} (word/document.xml, paragraph “Vladimír Bilčík”): the rendered letter would"
        " hold text in a table cell merged into the one above it (w:vMerge), which the PDF"
        " does not show; a merged cell shows its first cell's text — move the text there, or"
        " split the cells (Word: Layout › Split Cells)"
    ) in result.output
    assert not (sample / "out").exists()


NO_FONTS = (
    "a letter is drawn in the fonts installed where it is opened, whose letters are what"
    " they say — turn off embedding (Word: File › Options › Save › Embed fonts in the file)"
    " and save the template again"
)
FONT_TABLE = "word/fontTable.xml"
EMBED = (
    '<w:font w:name="Symbol"><w:embedRegular r:id="rIdFont"'
    ' w:fontKey="{0F1E2D3C-0000-0000-0000-000000000000}"/>'
)
FONT_RELS = "word/_rels/fontTable.xml.rels"
# a font of the template's own: what it draws for each letter is whatever its author chose
FONTS = [
    Bad(
        "font-part",
        [f"word/fonts/font1.odttf is an embedded font; {NO_FONTS}"],
        {FONT_TABLE: lambda data: data.replace(b'<w:font w:name="Symbol">', EMBED.encode(), 1)},
        {
            "word/fonts/font1.odttf": b"\x00\x01\x00\x00 obfuscated font",
            FONT_RELS: rels_part(
                rel(
                    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font",
                    "fonts/font1.odttf",
                    external=False,
                    rid="rIdFont",
                )
            ),
        },
    ),
    Bad(
        "font-table-only",
        [f"{FONT_TABLE} embeds a font (embedRegular); {NO_FONTS}"],
        {FONT_TABLE: lambda data: data.replace(b'<w:font w:name="Symbol">', EMBED.encode(), 1)},
    ),
]


@pytest.mark.parametrize("case", FONTS, ids=[c.id for c in FONTS])
def test_an_embedded_font_is_refused(case: Bad, sample: Path, runner: CliRunner) -> None:
    """LibreOffice draws a letter with the fonts a .docx embeds: one of the template's own
    could show one word as another in the PDF the signatories sign."""
    make_bad(sample, case)
    built = runner.invoke(main, ["build", JOINT, "--lang", "en", "--pdf", "-w", str(sample)])
    assert (built.exit_code, built.output) == (1, build_error(case.problems))
    assert not (sample / "out").exists()


def test_a_paragraph_of_comment_openers_is_quoted_in_one_pass() -> None:
    """A message quotes a template paragraph without its Jinja comments; they were found by
    a lazy pattern that looked from each "{#" through to the end of the paragraph, so a
    paragraph of openers without an end took a time growing with its length squared (40 kB:
    a minute of 'letters check'; a template may hold 128 MB). This one took some twenty
    minutes; the comments taken out are the same as before."""
    from letters.render.tag_check import paragraph_quote

    quoted = paragraph_quote("Dear {# a {# b #}colleagues{# c #}, {# open")
    assert quoted == "Dear colleagues, {# open"
    assert paragraph_quote("{# only a note #}") == "{# only a note #}"
    assert paragraph_quote("Dear " + "{#" * 100_000).startswith("Dear {#{#")


def test_whether_a_template_shows_its_version_is_found_in_one_pass(tmp_path: Path) -> None:
    """Whether a template prints its version (its DRAFT mark) was found by a pattern that
    looked from each "{{" through to the end of the text: a paragraph of openers took a
    time growing with its length squared (12 kB: half a minute of 'letters check'). The
    answer is the same as before."""
    import docx

    from letters.render.package_check import shows_version

    def template(*paragraphs: str) -> bytes:
        document = docx.Document()
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
        document.save(str(tmp_path / "t.docx"))
        return (tmp_path / "t.docx").read_bytes()

    assert shows_version(template("DRAFT {{ a {{ version }}"))
    assert not shows_version(template("{{ a }} version"))
    assert not shows_version(template("Dear " + "{{" * 100_000))


def test_a_paragraph_of_tag_openers_is_unescaped_in_one_pass() -> None:
    """The XML escapes in each tag are undone before Jinja reads it; the tags and raw blocks
    were found by lazy patterns that looked from each "{{", "{%" or "{% raw %}" through to
    the end: a paragraph of openers never closed took a time growing with its length squared
    (40 kB of "{{": forty seconds of 'letters check'; this one, hours)."""
    from letters.render.tag_source import unescape_tags

    xml = "{{ &quot;a&quot; }}{% raw %}{{ &quot; }}{% endraw %}{{ &apos;b&apos; }}"
    assert unescape_tags(xml) == "{{ \"a\" }}{% raw %}{{ &quot; }}{% endraw %}{{ 'b' }}"
    for opener in ("{{", "{%", "{% raw %}"):
        assert unescape_tags(opener * 100_000) == opener * 100_000


@pytest.mark.parametrize(
    ("paragraph", "opener"),
    [(picture_with('id="0" name="logo.png" descr="The seal {%"'), "{%")],
    ids=["picture-description"],
)
def test_an_opener_left_open_outside_the_text_is_refused(
    paragraph: str, opener: str, sample: Path, runner: CliRunner
) -> None:
    """docxtpl's patterns read the whole part: one "{{" or "{%" left open in an attribute
    made it rewrite the letter's text from there to the next "}}" or "%}" (curly quotes made
    straight); even one was let through, up to five a part. (One in an XML comment, where
    no tag may stand at all: tests/test_template_unseen_tags.py.)"""
    make_bad(sample, Bad("", [], {"word/document.xml": in_body(paragraph)}))
    built = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    closer = {"{{": "}}", "{%": "%}"}[opener]
    assert (built.exit_code, built.output) == (
        1,
        "Error: 1 problem in the letters; nothing was written:\n"
        f"  {LABEL} (word/document.xml, paragraph “{TEXT}”): a “{opener}” is left open"
        " outside the text (in a picture's description …): docxtpl takes it for a tag and"
        " rewrites the text from there to the next “}}” or “%}” in the part (curly quotes"
        " made straight, escaped markup made real), so the letter would not say what the"
        f" template says — close it (“{opener} … {closer}”) or take it out\n",
    )
