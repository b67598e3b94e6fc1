"""A tag may not add a section, a bookmark or a note the template's part does not hold.

Some of Word's markup is structure: a footnote or endnote (w:footnote, w:endnote), a section
break with its headers and footers (w:sectPr, w:headerReference …), a bookmark. A ``|safe``
that writes one more of a kind its template part holds passes the check of kinds, so these
are counted: a rendered part holds at most as many as its template part, unless the
template's own loop repeats them. A footnote no mark in the rendered letter refers to is
refused. Run through the real ``letters build`` and ``letters check``.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from click.testing import CliRunner

from letters.cli import main
from tests.test_signoff import JOINT
from tests.test_template_attacks import TEXT, notes
from tests.test_template_markup_kinds import refused, writing
from tests.test_template_safety import LABEL, Bad, check_errors, in_body, make_bad

MARK = '<w:p><w:r><w:t>Cited</w:t></w:r><w:r><w:footnoteReference w:id="7"/></w:r></w:p>'

FIX = (
    "only the template's own loop ({% for %}) may repeat it — take out the |safe that writes"
    " it, or the macro or other tag that repeats it"
)

SECTION = (
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134"'
    ' w:bottom="1134" w:left="1417" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>'
)


def test_a_section_a_tag_writes_is_refused(sample: Path, runner: CliRunner) -> None:
    markup = f"</w:p><w:p><w:pPr>{SECTION}</w:pPr></w:p><w:p>"
    make_bad(sample, Bad("", [], {"word/document.xml": in_body(writing(markup))}))
    refused(
        runner,
        sample,
        "(word/document.xml, a section's page setup): the rendered letter would hold 2 of w:sectPr"
        f" where its template's part holds 1; {FIX}",
    )


def test_a_bookmark_a_tag_writes_beside_words_own_is_refused(
    sample: Path, runner: CliRunner
) -> None:
    """Word's own _GoBack bookmark does not let a tag write another."""
    own = '<w:p><w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/></w:p>'
    bookmark = '<w:bookmarkStart w:id="77" w:name="b"/><w:bookmarkEnd w:id="77"/>'
    make_bad(sample, Bad("", [], {"word/document.xml": in_body(own + writing(bookmark))}))
    refused(
        runner,
        sample,
        "(word/document.xml, paragraph “xy”): the rendered letter would hold 2 of"
        f" w:bookmarkStart where its template's part holds 1; {FIX}",
    )


def test_a_footnote_a_tag_writes_in_a_footnote_is_refused(sample: Path, runner: CliRunner) -> None:
    """A tag in the template's own footnote closes it and opens another, which no mark
    refers to."""
    bad = notes("footnotes", marked=True)
    part = "word/footnotes.xml"
    raw = f'x</w:t></w:r></w:p></w:footnote><w:footnote w:id="50"><w:p><w:r><w:t>{TEXT}'
    tag = f"Source: {{{{ '{escape(raw, quote=True)}'|safe }}}}</w:t>"
    xml = bad.add[part].decode().replace(f"{TEXT}</w:t>", tag)
    make_bad(sample, Bad("", [], bad.edits, {part: xml.encode()}))
    refused(
        runner,
        sample,
        f"(word/footnotes.xml, footnote “{TEXT}”): the rendered letter would hold 4 of"
        f" w:footnote where its template's part holds 3; {FIX}",
    )


def test_sections_the_templates_loop_repeats_build(sample: Path, runner: CliRunner) -> None:
    """A loop over paragraphs that end a section (a page for each signatory) repeats the
    section break: the template's own, and the letters build."""
    loop = (
        "<w:p><w:r><w:t>{%p for s in signatories %}</w:t></w:r></w:p>"
        f"<w:p><w:pPr>{SECTION}</w:pPr><w:r><w:t>{{{{ s.name }}}}</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>{%p endfor %}</w:t></w:r></w:p>"
    )
    make_bad(sample, Bad("", [], {"word/document.xml": in_body(loop)}))
    built = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert built.exit_code == 0, built.output


def test_a_footnote_the_templates_loop_repeats_is_refused(sample: Path, runner: CliRunner) -> None:
    """A loop that opens in one footnote and closes in the next repeats the second: its
    mark refers to one of them, and no page shows the other."""
    bad = notes("footnotes", marked=True)
    part = "word/footnotes.xml"
    second = '<w:footnote w:id="8"><w:p><w:r><w:t>B{% endfor %}</w:t></w:r></w:p></w:footnote>'
    xml = (
        bad.add[part]
        .decode()
        .replace(f"{TEXT}</w:t>", f"{{% for s in signatories %}}{TEXT}</w:t>")
        .replace("</w:footnotes>", f"{second}</w:footnotes>")
    )
    mark = '<w:p><w:r><w:t>Also</w:t></w:r><w:r><w:footnoteReference w:id="8"/></w:r></w:p>'
    edits = {**bad.edits, "word/document.xml": in_body(MARK + mark)}
    make_bad(sample, Bad("", [], edits, {part: xml.encode()}))
    problem = (
        f"{LABEL} (word/footnotes.xml, footnote “B{TEXT}”): the rendered letter would hold a"
        " footnote that no footnote mark in the text refers to, so no page shows it; a tag"
        " writes or repeats it — take out the |safe that writes it or the loop that repeats it"
    )
    built = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert (built.exit_code, built.output) == (
        1,
        f"Error: 1 problem in the letters; nothing was written:\n  {problem}\n",
    )
    checked = runner.invoke(main, ["check", "-w", str(sample)])
    assert checked.exit_code == 1
    assert f"error: {problem}" in check_errors(checked.output)
