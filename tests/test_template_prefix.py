"""A template part using a namespace prefix it never declares (``<wp:inline>`` once its
``xmlns:wp`` is gone, ``<foo:bar>``) is refused by 'build' and 'check' with the part, the
line and column, the prefix and a fix that works, not only libxml2's words: neither Word nor
LibreOffice is told to save it again, as LibreOffice cannot load such a part at all."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.test_template_safety import Bad, make_bad, refused_by_build_and_check

RESTORE = "or restore the template from an earlier copy"


def undeclared(part: str, at: str, what: str, prefix: str, deleted: str) -> str:
    """The problem said of ``part`` where ``what`` at ``at`` ("line 3, column 9") uses
    ``prefix``, with its fix (declare it, or delete the ``deleted``)."""
    return (
        f"{part}, {at}: {what} uses the prefix '{prefix}', which the part does not declare"
        f" (no xmlns:{prefix}), so it is not well-formed XML: in {part} inside the .docx (a"
        f' zip archive), declare the prefix on the part\'s root element (xmlns:{prefix}="…"'
        f" with the namespace it stands for) or delete that {deleted}; {RESTORE}"
    )


def _no_wp(data: bytes) -> bytes:
    """document.xml without its ``xmlns:wp`` and with a drawing on line 3 that uses it."""
    data = re.sub(rb' xmlns:wp="[^"]*"', b"", data)
    drawing = b"\n<w:p><w:r><w:drawing><wp:inline/></w:drawing></w:r></w:p>"
    return data.replace(b"<w:body>", b"<w:body>" + drawing, 1)


def _after_body(markup: bytes) -> Callable[[bytes], bytes]:
    return lambda data: data.replace(b"<w:body>", b"<w:body>" + markup, 1)


# the sample's document.xml is, as Word saves it, one line after the XML declaration: its
# <w:body> ends at column 1190 of line 2; libxml2 names the column where a start tag ends
CASES = [
    Bad(
        "drawing-without-its-wp",
        [
            undeclared(
                "word/document.xml", "line 3, column 32", "the element <wp:inline>", "wp", "element"
            )
        ],
        {"word/document.xml": _no_wp},
    ),
    Bad(
        "element-of-an-unknown-prefix",
        [
            undeclared(
                "word/document.xml", "line 3, column 9", "the element <foo:bar>", "foo", "element"
            )
        ],
        {"word/document.xml": _after_body(b"\n<foo:bar/>")},
    ),
    Bad(
        "attribute-of-an-unknown-prefix",
        [
            undeclared(
                "word/document.xml",
                "line 3, column 15",
                "the attribute foo:x of the element <w:p>",
                "foo",
                "attribute",
            )
        ],
        {"word/document.xml": _after_body(b'\n<w:p foo:x="1"/>')},
    ),
    Bad(
        "attribute-on-the-one-line-word-saves",
        [
            undeclared(
                "word/document.xml",
                "line 2, column 1217",
                "the attribute foo:x of the element <w:p>",
                "foo",
                "attribute",
            )
        ],
        {"word/document.xml": _after_body('<w:p w:rsidR="Ї" foo:x="1"/>'.encode())},
    ),
    Bad(
        "attribute-of-a-tag-over-lines",
        [
            undeclared(
                "word/document.xml",
                "line 5, column 1",
                "the attribute foo:x of the element <w:p>",
                "foo",
                "attribute",
            )
        ],
        {"word/document.xml": _after_body(b'\n<w:p\n foo:x="1"\n/>')},
    ),
    Bad(
        "in-the-styles",
        [
            undeclared(
                "word/styles.xml", "line 3, column 9", "the element <foo:bar>", "foo", "element"
            )
        ],
        {"word/styles.xml": lambda d: d.replace(b"</w:styles>", b"\n<foo:bar/></w:styles>")},
    ),
    Bad(
        # xmlns is no prefix to declare: libxml2's words, and only the fixes that work
        "the-reserved-prefix-xmlns",
        [
            "word/document.xml is not well-formed XML (Namespace prefix xmlns on bar is not"
            " defined, line 3, column 11): in word/document.xml inside the .docx (a zip"
            f" archive), delete that element or attribute; {RESTORE}"
        ],
        {"word/document.xml": _after_body(b"\n<xmlns:bar/>")},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_an_undeclared_prefix_is_named_with_its_line_and_column(
    case: Bad, sample: Path, runner: CliRunner
) -> None:
    make_bad(sample, case)
    refused_by_build_and_check(runner, sample, case.problems[0])
