"""A rendered part holds only the kinds of Word markup its template part holds.

A template's ``|safe`` writes its value as Word markup. The checks of hidden text, fetching
fields and tracked changes read some of it; every other element a tag writes (a bookmark,
a field that works out its text as the letter opens, a content control, a link, a footnote
mark …) is refused when the template's own part holds no element of its kind. Each bad
template is the sample's with one clean paragraph whose tag writes the markup; run through
the real ``letters build`` and ``letters check``.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from tests.test_signoff import JOINT
from tests.test_template_safety import LABEL, Bad, check_errors, in_body, in_header, make_bad

FIX = (
    "a template writes text, not Word markup — take out the |safe (or |urlize, which writes"
    " a web page's link) that writes it, or put the markup in the template itself"
)


def refused(runner: CliRunner, sample: Path, problem: str) -> None:
    """``problem`` (what follows the template's label) is the one error 'build', which
    writes nothing, and 'check' report."""
    built = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    said = f"{LABEL} {problem}"
    assert (built.exit_code, built.output) == (
        1,
        f"Error: 1 problem in the letters; nothing was written:\n  {said}\n",
    )
    assert not (sample / "out").exists()
    checked = runner.invoke(main, ["check", "-w", str(sample)])
    errors = [f"error: {said}", "Error: 1 problem found."]
    assert (checked.exit_code, check_errors(checked.output)) == (1, errors)


def writing(markup: str, before: str = "x", after: str = "y") -> str:
    """A paragraph whose tag writes ``markup`` between two runs, ``before`` and ``after``."""
    raw = f"{before}</w:t></w:r>{markup}<w:r><w:t>{after}"
    return f"<w:p><w:r><w:t>{written(raw)}</w:t></w:r></w:p>"


def written(raw: str) -> str:
    """A tag that writes ``raw`` as it stands, as Word markup."""
    return f"{{{{ '{escape(raw, quote=True)}'|safe }}}}"


FIELD = (
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>{code}</w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
)

WRITTEN = [
    (
        "bookmark",
        '<w:bookmarkStart w:id="90" w:name="b"/><w:bookmarkEnd w:id="90"/>',
        "w:bookmarkStart",
        "xy",
    ),
    (
        "simple-field",
        '<w:fldSimple w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>',
        "w:fldSimple",
        "x1y",
    ),
    ("field-code", FIELD.format(code="PAGEREF b"), "w:fldChar", "x1y"),
    (
        "content-control",
        "<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>z</w:t></w:r></w:sdtContent></w:sdt>",
        "w:sdt",
        "xzy",
    ),
    (
        "link",
        '<w:hyperlink w:anchor="b"><w:r><w:t>z</w:t></w:r></w:hyperlink>',
        "w:hyperlink",
        "xzy",
    ),
    ("footnote-mark", '<w:r><w:footnoteReference w:id="1"/></w:r>', "w:footnoteReference", "xy"),
    (
        "permission",
        '<w:permStart w:id="1" w:edGrp="everyone"/><w:permEnd w:id="1"/>',
        "w:permStart",
        "xy",
    ),
    (
        "smart-tag",
        '<w:smartTag w:uri="u" w:element="e"><w:r><w:t>z</w:t></w:r></w:smartTag>',
        "w:smartTag",
        "xzy",
    ),
    ("formatting", "<w:r><w:rPr><w:b/></w:rPr><w:t>z</w:t></w:r>", "w:b", "xzy"),
    (
        "foreign-namespace",
        '<w:r><q:note xmlns:q="urn:example:q">z</q:note></w:r>',
        "q:note",
        "xy",
    ),
    (
        "no-prefix",
        '<w:r><note xmlns="urn:example:q"/></w:r>',
        "note (of namespace urn:example:q)",
        "xy",
    ),
]


@pytest.mark.parametrize(
    ("markup", "kind", "paragraph"),
    [case[1:] for case in WRITTEN],
    ids=[case[0] for case in WRITTEN],
)
def test_markup_a_tag_writes_that_its_part_does_not_hold_is_refused(
    markup: str, kind: str, paragraph: str, sample: Path, runner: CliRunner
) -> None:
    make_bad(sample, Bad("", [], {"word/document.xml": in_body(writing(markup))}))
    refused(
        runner,
        sample,
        f"(word/document.xml, paragraph “{paragraph}”): the rendered letter would hold {kind},"
        f" Word markup its template's part does not hold; {FIX}",
    )


def test_a_link_urlize_writes_is_refused(sample: Path, runner: CliRunner) -> None:
    """urlize writes HTML's ``<a href=…>`` inside the run's text, where Word has no such
    element: the address is cited as a source instead (a footnote)."""
    tag = "<w:p><w:r><w:t>{{ 'See https://example.org'|urlize }}</w:t></w:r></w:p>"
    make_bad(sample, Bad("", [], {"word/document.xml": in_body(tag)}))
    refused(
        runner,
        sample,
        "(word/document.xml, paragraph “See”): the rendered letter would hold a (of no"
        " namespace: a web page's markup), Word markup its template's part does not hold;"
        f" {FIX}",
    )


def test_a_header_is_held_to_its_own_kinds(sample: Path, runner: CliRunner) -> None:
    """The body holds bookmarks; a header that does not may not be given one."""
    bookmark = '<w:bookmarkStart w:id="91" w:name="h"/><w:bookmarkEnd w:id="91"/>'
    own = f"<w:p>{bookmark}<w:r><w:t>Kept</w:t></w:r></w:p>"
    edits = {
        "word/document.xml": in_body(own),
        "word/header1.xml": in_header(writing(bookmark)),
    }
    make_bad(sample, Bad("", [], edits))
    refused(
        runner,
        sample,
        "(word/header1.xml, paragraph “xy”): the rendered letter would hold w:bookmarkStart,"
        f" Word markup its template's part does not hold; {FIX}",
    )


def test_markup_of_kinds_the_part_holds_and_repeated_rows_build(
    sample: Path, runner: CliRunner
) -> None:
    """A loop's paragraphs and rows, a value's line breaks and the renderer's own pictures
    and footnotes are of kinds the template holds or the renderer writes: the letters build."""
    rows = (
        '<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid>'
        "<w:tr><w:tc><w:p><w:r><w:t>{%tr for ask in case.asks %}</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{{ ask }}</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:p><w:r><w:t>{%tr endfor %}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    # bold written through |safe passes where the part holds bold of its own
    bold = writing("<w:r><w:rPr><w:b/></w:rPr><w:t>z</w:t></w:r>")
    make_bad(sample, Bad("", [], {"word/document.xml": in_body(rows + bold)}))
    built = runner.invoke(main, ["build", "-w", str(sample)])
    assert built.exit_code == 0, built.output
    assert built.output.startswith("Built 10 letters in en, uk, ru: 10 .docx")


def cell(text: str, span: int = 1) -> str:
    """A table cell of one paragraph, ``text``, ``span`` columns wide."""
    width = f'<w:tcW w:w="{4500 * span}" w:type="dxa"/>'
    return f"<w:tc><w:tcPr>{width}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def table(*rows: list[str]) -> str:
    """A table of two columns holding ``rows`` of cells."""
    grid = '<w:tblGrid><w:gridCol w:w="4500"/><w:gridCol w:w="4500"/></w:tblGrid>'
    body = "".join(f"<w:tr>{''.join(row)}</w:tr>" for row in rows)
    return f"<w:tbl><w:tblPr/>{grid}{body}</w:tbl>"


TABLE_TAGS = [
    (
        "vm",
        table(
            [cell("{%tr for s in signatories %}"), cell("")],
            [cell("{% vm %}Signed by"), cell("{{ s.name }}")],
            [cell("{%tr endfor %}"), cell("")],
        ),
    ),
    (
        "hm",
        table(
            [
                cell("{%tc for s in signatories[:2] %}"),
                cell("{% hm %}Signed"),
                cell("{%tc endfor %}"),
            ],
            [
                cell("{%tc for s in signatories[:2] %}"),
                cell("{{ s.name }}"),
                cell("{%tc endfor %}"),
            ],
        ),
    ),
    ("colspan", table([cell("{% colspan 2 %}Signed", 2)], [cell("a"), cell("b")])),
    ("cellbg", table([cell("{% cellbg 'D9D9D9' %}Signed"), cell("x")])),
]


@pytest.mark.parametrize("markup", [case[1] for case in TABLE_TAGS], ids=[c[0] for c in TABLE_TAGS])
def test_docxtpls_own_table_tags_build(markup: str, sample: Path, runner: CliRunner) -> None:
    """docxtpl's table tags write a merge (w:vMerge, w:gridSpan) or a shading (w:shd) the
    template's part need not hold: they are the template's own, and the letters build."""
    make_bad(sample, Bad("", [], {"word/document.xml": in_body(markup)}))
    built = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert built.exit_code == 0, built.output


def test_a_merge_written_through_safe_is_refused(sample: Path, runner: CliRunner) -> None:
    """A template with no table tag of docxtpl's may not write a cell's merge itself."""
    merge = '<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>z'
    markup = table([cell(written(f"x</w:t></w:r></w:p></w:tc>{merge}")), cell("y")])
    make_bad(sample, Bad("", [], {"word/document.xml": in_body(markup)}))
    refused(
        runner,
        sample,
        "(word/document.xml, table cell “z”): the rendered letter would hold w:vMerge, Word"
        f" markup its template's part does not hold; {FIX}",
    )
