"""A template part using a namespace prefix it never declares (``<wp:inline>`` once its
``xmlns:wp`` is gone, ``<foo:bar>``) is refused by 'build' and 'check' with the part, the
line, the prefix and the fix named, not only libxml2's words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.test_template_safety import AGAIN, Bad, make_bad, refused_by_build_and_check


def undeclared(part: str, what: str, prefix: str) -> str:
    """The problem said of ``part`` where ``what`` on its line 3 uses ``prefix``."""
    return (
        f"{part}, line 3: {what} uses the prefix '{prefix}', which the part does not declare"
        f" (no xmlns:{prefix}), so it is not well-formed XML"
    )


def _no_wp(data: bytes) -> bytes:
    """document.xml without its ``xmlns:wp`` and with a drawing on line 3 that uses it."""
    data = re.sub(rb' xmlns:wp="[^"]*"', b"", data)
    drawing = b"\n<w:p><w:r><w:drawing><wp:inline/></w:drawing></w:r></w:p>"
    return data.replace(b"<w:body>", b"<w:body>" + drawing, 1)


CASES = [
    Bad(
        "drawing-without-its-wp",
        [undeclared("word/document.xml", "the element <wp:inline>", "wp")],
        {"word/document.xml": _no_wp},
    ),
    Bad(
        "element-of-an-unknown-prefix",
        [undeclared("word/document.xml", "the element <foo:bar>", "foo")],
        {"word/document.xml": lambda d: d.replace(b"<w:body>", b"<w:body>\n<foo:bar/>", 1)},
    ),
    Bad(
        "attribute-of-an-unknown-prefix",
        [undeclared("word/document.xml", "the attribute foo:x (on a p)", "foo")],
        {"word/document.xml": lambda d: d.replace(b"<w:body>", b'<w:body>\n<w:p foo:x="1"/>', 1)},
    ),
    Bad(
        "in-the-styles",
        [undeclared("word/styles.xml", "the element <foo:bar>", "foo")],
        {"word/styles.xml": lambda d: d.replace(b"</w:styles>", b"\n<foo:bar/></w:styles>")},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_an_undeclared_prefix_is_named_with_its_line(
    case: Bad, sample: Path, runner: CliRunner
) -> None:
    make_bad(sample, case)
    refused_by_build_and_check(runner, sample, f"{case.problems[0]}; {AGAIN}")
