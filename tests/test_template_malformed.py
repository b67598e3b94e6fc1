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
        f" template: in {part} inside the .docx (a zip archive), {mend}; {RESTORE}"
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


MISMATCH = (
    "an end tag does not match the element it closes (one is left open, or closed twice)",
    "close each element once, the one opened last first",
)
CHARACTER = "a character XML does not allow (a control character), as it is or as &#…;"
NOT_A_NAME = "a name is missing after a < or & (text writes them &lt; and &amp;) or a tag has no >"
NOT_A_NAME_MEND = "write the & or < as &amp; or &lt;, or close the tag"
NOT_TEXT = (
    "bytes that are not text in the part's encoding (UTF-8 unless its first line names another)"
)

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
        [by_hand(DOCUMENT, "line 3, column 18", NOT_TEXT, "delete them")],
        {DOCUMENT: _after_body(b"<w:p><w:r><w:t>a \xff b</w:t></w:r></w:p>")},
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
    Bad(
        "cut-short",
        [
            earlier_copy(
                DOCUMENT, "line 2, column 6750", "the part ends inside an element: it is cut short"
            )
        ],
        {DOCUMENT: _cut},
    ),
    Bad(
        "emptied",
        [earlier_copy(DOCUMENT, "line 1, column 1", "the part is empty, or blank")],
        {DOCUMENT: lambda _data: b""},
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
                "the part ends inside an element: it is cut short",
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
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_malformed_part_is_named_with_what_is_wrong_and_a_fix_that_works(
    case: Bad, sample: Path, runner: CliRunner
) -> None:
    make_bad(sample, case)
    refused_by_build_and_check(runner, sample, case.problems[0])
