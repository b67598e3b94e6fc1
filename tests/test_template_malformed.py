"""A template part that is not well-formed XML — a tag left open or unfinished, an entity
XML does not know, a stray '&', a control character, bytes that are not UTF-8, a part cut
short or emptied — is refused by 'build' and 'check' with the part, libxml2's line and
column, what is wrong there in words of our own (libxml2's may quote the part's text) and a
fix that works. LibreOffice 7.4 opens none of these templates (``soffice --convert-to
docx`` says "source file could not be loaded"), nor does python-docx, unless the part is one
LibreOffice can do without (document properties, custom XML, web settings): it leaves that
part out, and the template it saves is valid. Only then is saving again the fix. A
document.xml emptied it opens as a blank letter: no fix either."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.test_template_safety import Bad, make_bad, refused_by_build_and_check

RESTORE = "or restore the template from an earlier copy"
DOCUMENT = "word/document.xml"


def by_hand(part: str, at: str, what: str, mend: str) -> str:
    """The problem said of ``part`` where ``what`` is wrong at ``at`` ("line 3, column 9")
    and can be mended by hand (``mend``)."""
    return (
        f"{part}, {at}: {what}, so it is not well-formed XML and LibreOffice cannot open the"
        f" template: in {part} inside the .docx (a zip archive), {mend} ({RESTORE})"
    )


def earlier_copy(part: str, at: str, what: str) -> str:
    """The problem said of ``part``, which nothing in it says how to mend."""
    return (
        f"{part}, {at}: {what}, so it is not well-formed XML: restore the template from an"
        " earlier copy"
    )


def saved_again(part: str, at: str, what: str) -> str:
    """The problem said of ``part``, which LibreOffice leaves out of the template it saves."""
    return (
        f"{part}, {at}: {what}, so it is not well-formed XML; LibreOffice opens the template"
        " without this part: open it there and save it again as .docx, or restore the"
        " template from an earlier copy"
    )


def _after_body(markup: bytes) -> Callable[[bytes], bytes]:
    """document.xml with ``markup`` on a line of its own after ``<w:body>`` (line 3)."""
    return lambda data: data.replace(b"<w:body>", b"<w:body>\n" + markup, 1)


def _after_root(markup: bytes) -> Callable[[bytes], bytes]:
    """A part with ``markup`` right after its root element's start tag."""

    def edit(data: bytes) -> bytes:
        end = data.index(b">", data.index(b"<", data.index(b"?>") + 2)) + 1
        return data[:end] + markup + data[end:]

    return edit


def _cut(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _declared_1251(data: bytes) -> bytes:
    """document.xml whose first line names windows-1251, with its one undefined byte."""
    data = data.replace(b"encoding='UTF-8'", b"encoding='windows-1251'", 1)
    return _after_body(b"<w:p><w:r><w:t>\x98</w:t></w:r></w:p>")(data)


def _upto(end: int) -> Callable[[bytes], bytes]:
    return lambda data: data[:end]


def _cut_in_character(data: bytes) -> bytes:
    """document.xml cut between the two bytes of a Cyrillic letter on line 3."""
    data = _after_body("<w:p><w:r><w:t>Ахметова Світлана</w:t></w:r></w:p>".encode())(data)
    return data[: data.index("Світлана".encode()) + 5]


_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

MISMATCH = (
    "an end tag does not match the element it closes (one is left open, or closed twice)",
    "close each element once, the one opened last first",
)
CHARACTER = "a character XML does not allow (a control character), as it is or as &#…;"
NOT_A_NAME = "a name is missing after a < or & (text writes them &lt; and &amp;) or a tag has no >"
NOT_A_NAME_MEND = "write the & or < as &amp; or &lt;, or close the tag"
NOT_UTF8 = "bytes that are not UTF-8 text (characters saved in another encoding)"
RETYPE = "type the characters there again and save the part as UTF-8"
CUT = "the part ends before its root element is closed: it is cut short"
BEFORE = (
    "something that is not markup comes before the part's first element (text, or a byte"
    " order mark, which editors do not show)"
)
BEFORE_MEND = "delete what is there, up to the next <"

CASES = [
    Bad(
        "end-tags-crossed",
        [by_hand(DOCUMENT, "line 3, column 17", *MISMATCH)],
        {DOCUMENT: _after_body(b"<w:p><w:r></w:p></w:r>")},
    ),
    Bad(
        # the body's end tag is where libxml2 finds the paragraph still open
        "a-paragraph-never-closed",
        [by_hand(DOCUMENT, "line 3, column 12376", *MISMATCH)],
        {DOCUMENT: _after_body(b"<w:p><w:r><w:t>x</w:t></w:r>")},
    ),
    Bad(
        "a-start-tag-without-its-end",
        [by_hand(DOCUMENT, "line 3, column 6", NOT_A_NAME, NOT_A_NAME_MEND)],
        {DOCUMENT: _after_body(b"<w:p <w:r/></w:p>")},
    ),
    Bad(
        "an-end-tag-without-its-end",
        [by_hand(DOCUMENT, "line 3, column 12", "a tag is not closed (no >)", "close it with >")],
        {DOCUMENT: _after_body(b"<w:p></w:p <w:p/>")},
    ),
    Bad(
        "an-html-entity",
        [
            by_hand(
                DOCUMENT,
                "line 3, column 24",
                "an entity XML does not define is used (it knows &amp; &lt; &gt; &quot; &apos;"
                " and numbers only; &nbsp; is HTML's)",
                "write the character itself instead",
            )
        ],
        {DOCUMENT: _after_body(b"<w:p><w:r><w:t>a &nbsp; b</w:t></w:r></w:p>")},
    ),
    Bad(
        "a-bare-ampersand",
        [by_hand(DOCUMENT, "line 3, column 19", NOT_A_NAME, NOT_A_NAME_MEND)],
        {DOCUMENT: _after_body(b"<w:p><w:r><w:t>a & b</w:t></w:r></w:p>")},
    ),
    Bad(
        "an-ampersand-without-its-semicolon",
        [
            by_hand(
                DOCUMENT,
                "line 3, column 22",
                "an & begins no entity (no ; ends it)",
                "write the & as &amp;",
            )
        ],
        {DOCUMENT: _after_body(b"<w:p><w:r><w:t>a &amp b</w:t></w:r></w:p>")},
    ),
    Bad(
        "a-control-character",
        [by_hand(DOCUMENT, "line 3, column 18", CHARACTER, "delete it")],
        {DOCUMENT: _after_body(b"<w:p><w:r><w:t>a \x01 b</w:t></w:r></w:p>")},
    ),
    Bad(
        "a-control-character-by-its-number",
        [by_hand(DOCUMENT, "line 3, column 22", CHARACTER, "delete it")],
        {DOCUMENT: _after_body(b"<w:p><w:r><w:t>a &#1; b</w:t></w:r></w:p>")},
    ),
    Bad(
        "bytes-not-utf8",
        [by_hand(DOCUMENT, "line 3, column 18", NOT_UTF8, RETYPE)],
        {DOCUMENT: _after_body(b"<w:p><w:r><w:t>a \xff b</w:t></w:r></w:p>")},
    ),
    Bad(
        # a name typed in Latin-1: deleting the byte would drop the ë from every letter
        "a-name-in-latin1",
        [by_hand(DOCUMENT, "line 3, column 18", NOT_UTF8, RETYPE)],
        {
            DOCUMENT: _after_body(
                "<w:p><w:r><w:t>Zo\xeb Ad\xe8le</w:t></w:r></w:p>".encode("latin-1")
            )
        },
    ),
    Bad(
        # after good UTF-8 on the same line: the column counts characters, as libxml2's do
        "latin1-after-cyrillic",
        [by_hand(DOCUMENT, "line 3, column 27", NOT_UTF8, RETYPE)],
        {DOCUMENT: _after_body("<w:p><w:r><w:t>Ахметова ".encode() + b"Zo\xeb</w:t></w:r></w:p>")},
    ),
    Bad(
        # a byte windows-1251 leaves undefined, in a part whose first line names it
        "bytes-not-in-the-declared-encoding",
        [
            by_hand(
                DOCUMENT,
                "line 3, column 16",
                "bytes that are not windows-1251 text, the encoding the part's first line names",
                "type the characters there again, saving the part in windows-1251",
            )
        ],
        {DOCUMENT: _declared_1251},
    ),
    Bad(
        # the declaration is read byte for byte as ASCII: the part is not in UTF-16
        "utf16-declared-of-utf8",
        [
            by_hand(
                DOCUMENT,
                "line 1, column 31",
                "the part's first line names UTF-16, an encoding the part is not saved in",
                "name UTF-8 there instead",
            )
        ],
        {DOCUMENT: lambda data: data.replace(b"encoding='UTF-8'", b"encoding='UTF-16'", 1)},
    ),
    Bad(
        # a picture's bytes in place of the part: nothing there to type again
        "not-xml-at-all",
        [
            earlier_copy(
                DOCUMENT,
                "line 1, column 1",
                "the part is not XML: it begins with bytes that are not text",
            )
        ],
        {DOCUMENT: lambda _data: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
    ),
    Bad(
        "an-attribute-twice",
        [
            by_hand(
                DOCUMENT,
                "line 3, column 29",
                "an element has the same attribute twice",
                "delete one of them",
            )
        ],
        {DOCUMENT: _after_body(b'<w:p w:rsidR="1" w:rsidR="2"/>')},
    ),
    Bad(
        "an-attribute-unquoted",
        [
            by_hand(
                DOCUMENT,
                "line 3, column 14",
                "an attribute's value is not in quotes",
                'put it in quotes (w:val="1")',
            )
        ],
        {DOCUMENT: _after_body(b"<w:p w:rsidR=1/>")},
    ),
    Bad(
        "more-after-the-root",
        [
            by_hand(
                DOCUMENT,
                "line 3, column 1",
                "something follows the end of the part's root element",
                "delete what follows it",
            )
        ],
        {DOCUMENT: lambda data: data + b"\n<w:p/>"},
    ),
    Bad(
        # libxml2's words would quote the text after <![CDATA[: a name, say
        "a-cdata-section-not-closed",
        [
            by_hand(
                DOCUMENT,
                "line 3, column 12412",
                "a CDATA section begun before this place is not closed (no ]]>)",
                "close it",
            )
        ],
        {DOCUMENT: _after_body(b"<w:p><w:r><w:t><![CDATA[Akhmetova</w:t></w:r></w:p>")},
    ),
    Bad("cut-short", [earlier_copy(DOCUMENT, "line 2, column 6750", CUT)], {DOCUMENT: _cut}),
    # cut where what is left looks like something to mend by hand: each is still cut short
    Bad(
        "cut-in-a-tag", [earlier_copy(DOCUMENT, "line 2, column 797", CUT)], {DOCUMENT: _upto(852)}
    ),
    Bad(
        "cut-in-an-attribute",
        [earlier_copy(DOCUMENT, "line 2, column 17", CUT)],
        {DOCUMENT: _upto(72)},
    ),
    Bad(
        # before the root's xmlns:w: not a prefix the part fails to declare
        "cut-in-the-root-tag",
        [earlier_copy(DOCUMENT, "line 2, column 13", CUT)],
        {DOCUMENT: _upto(68)},
    ),
    Bad(
        "cut-after-an-ampersand",
        [earlier_copy(DOCUMENT, "line 2, column 2021", CUT)],
        {DOCUMENT: _upto(2076)},
    ),
    Bad(
        "cut-in-a-character",
        [earlier_copy(DOCUMENT, "line 3, column 27", CUT)],
        {DOCUMENT: _cut_in_character},
    ),
    Bad(
        "cut-after-the-declaration",
        [earlier_copy(DOCUMENT, "line 2, column 1", CUT)],
        {DOCUMENT: lambda data: data[: data.index(b"?>") + 3]},
    ),
    Bad(
        "emptied",
        [earlier_copy(DOCUMENT, "line 1, column 1", "the part is empty, or blank")],
        {DOCUMENT: lambda _data: b""},
    ),
    Bad(
        "blank",
        [earlier_copy(DOCUMENT, "line 2, column 3", "the part is empty, or blank")],
        {DOCUMENT: lambda _data: b"\xef\xbb\xbf \n  "},
    ),
    Bad(
        # LibreOffice 7.4 passes over it, reading the part as it would without it
        "a-second-byte-order-mark",
        [
            f"{DOCUMENT}, line 1, column 1: the part begins with a second byte order mark"
            " (three bytes editors do not show), so it is not well-formed XML: in"
            f" {DOCUMENT} inside the .docx (a zip archive), delete the bytes before its first"
            " <, or open the template in LibreOffice, which passes over them, and save it"
            f" again as .docx ({RESTORE})"
        ],
        {DOCUMENT: lambda data: b"\xef\xbb\xbf\xef\xbb\xbf" + data.removeprefix(b"\xef\xbb\xbf")},
    ),
    Bad(
        # a byte order mark after the declaration: LibreOffice cannot open this one
        "a-byte-order-mark-before-the-root",
        [by_hand(DOCUMENT, "line 2, column 1", BEFORE, BEFORE_MEND)],
        {DOCUMENT: lambda data: data.replace(b"?>\n", b"?>\n\xef\xbb\xbf", 1)},
    ),
    Bad(
        "a-line-before-the-declaration",
        [
            by_hand(
                DOCUMENT,
                "line 2, column 6",
                "an XML declaration (<?xml … ?>) is not at the very start of the part"
                " (something comes before it, or it is written twice)",
                "delete what comes before it, or the second one",
            )
        ],
        {DOCUMENT: lambda data: b" \n" + data},
    ),
    Bad(
        "text-before-the-root",
        [by_hand(DOCUMENT, "line 2, column 1", BEFORE, BEFORE_MEND)],
        {DOCUMENT: lambda data: data.replace(b"?>\n", b"?>\nDear ", 1)},
    ),
    Bad(
        # an error no message here knows: libxml2's name for it, and the earlier copy
        "an-error-not-described",
        [
            earlier_copy(
                DOCUMENT,
                "line 3, column 16",
                "libxml2 cannot read on (its error ERR_MISPLACED_CDATA_END)",
            )
        ],
        {DOCUMENT: _after_body(b"<w:p><w:r><w:t>]]></w:t></w:r></w:p>")},
    ),
    Bad(
        "the-styles",
        [by_hand("word/styles.xml", "line 2, column 316", NOT_A_NAME, NOT_A_NAME_MEND)],
        {"word/styles.xml": _after_root(b"&")},
    ),
    Bad(
        "the-properties-cut-short",
        [
            saved_again(
                "docProps/app.xml",
                "line 37, column 1",
                CUT,
            )
        ],
        {"docProps/app.xml": lambda data: data.replace(b"</Properties>", b"")},
    ),
    Bad(
        "the-core-properties",
        [saved_again("docProps/core.xml", "line 2, column 293", CHARACTER)],
        {"docProps/core.xml": _after_root(b"&#1;")},
    ),
    Bad(
        "custom-xml-with-more-after-its-root",
        [
            saved_again(
                "customXml/item1.xml",
                "line 3, column 1",
                "something follows the end of the part's root element",
            )
        ],
        {"customXml/item1.xml": lambda data: data + b"<x/>"},
    ),
    Bad(
        "the-web-settings",
        [saved_again("word/webSettings.xml", "line 2, column 331", MISMATCH[0])],
        {"word/webSettings.xml": _after_root(b"<w:a></w:b>")},
    ),
    Bad(
        "the-styles-with-effects",
        [saved_again("word/stylesWithEffects.xml", "line 2, column 83", NOT_A_NAME)],
        {},
        {"word/stylesWithEffects.xml": _DECLARATION + b"<w:styles " + _W + b">&</w:styles>"},
    ),
    Bad(
        "the-glossary",
        [saved_again("word/glossary/document.xml", "line 2, column 105", NOT_A_NAME)],
        {},
        {
            "word/glossary/document.xml": _DECLARATION
            + b"<w:glossaryDocument "
            + _W
            + b"><w:docParts>&</w:docParts></w:glossaryDocument>"
        },
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_malformed_part_is_named_with_what_is_wrong_and_a_fix_that_works(
    case: Bad, sample: Path, runner: CliRunner
) -> None:
    make_bad(sample, case)
    refused_by_build_and_check(runner, sample, case.problems[0])
