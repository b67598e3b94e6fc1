"""A brace that docxtpl would join to one in the next paragraph is refused, not rendered.

docxtpl deletes the XML between a ``{`` and a following ``{``, ``%`` or ``#`` (and between
a ``%``, ``}`` or ``#`` and a following ``}``) even where it ends one paragraph and begins
the next. A lone ``{`` at the end of a paragraph then joins the ``{%p if … %}`` below it,
and both paragraphs vanish from every letter without a word. Each case edits the sample
template as a user would in Word, and runs ``letters check`` and ``letters build``: the
exact problem, exit status 1, no ``out/`` folder. The same characters split over runs
inside one paragraph (as Word splits a tag) and a brace in running text still build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from letters.cli import main
from tests.conftest import docx_text, rewrite_docx

LABEL = "templates/appeal.docx"
IF_JOINT = "{%p if recipients|length > 1 %}"
SUBJECT = "{{ subject }}"
OPEN_FIX = "remove the lone “{” at the end of this paragraph"
CLOSE_FIX = "remove the lone “}” that starts the next paragraph"


def _joined(part: str, paragraph: str, end: str, start: str, fix: str) -> str:
    return (
        f"{LABEL} ({part}, paragraph “{paragraph}”): “{end}” ends this paragraph and the"
        f" next paragraph with text starts with “{start}”: docxtpl would join the two into"
        f" “{end}{start}” across the paragraph break, and text would be lost; {fix} or put"
        " the tag in one paragraph"
    )


def _template(workspace: Path) -> Path:
    return workspace / "templates" / "appeal.docx"


def insert_before(anchor: str, *paragraphs: str | list[str]) -> Callable[[Path], None]:
    """An edit that adds ``paragraphs`` (a list: one run per item) just before the
    sample template's first paragraph reading ``anchor``."""

    def edit(workspace: Path) -> None:
        document = docx.Document(str(_template(workspace)))
        target = next(p for p in document.paragraphs if p.text == anchor)
        for runs in paragraphs:
            added = target.insert_paragraph_before()
            for run in [runs] if isinstance(runs, str) else runs:
                added.add_run(run)
        document.save(str(_template(workspace)))

    return edit


def table_cells(*texts: str) -> Callable[[Path], None]:
    """An edit that adds a table of one row, one cell per text, at the end of the body."""

    def edit(workspace: Path) -> None:
        document = docx.Document(str(_template(workspace)))
        row = document.add_table(rows=1, cols=len(texts)).rows[0]
        for cell, text in zip(row.cells, texts, strict=True):
            cell.paragraphs[0].add_run(text)
        document.save(str(_template(workspace)))

    return edit


def header_paragraph_first(text: str) -> Callable[[Path], None]:
    """An edit that puts a paragraph reading ``text`` first in word/header1.xml."""
    first = '<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr><w:r><w:t>{%p if draft %}'

    def add(xml: bytes) -> bytes:
        assert xml.count(first.encode()) == 1
        return xml.replace(
            first.encode(), f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>{first}".encode()
        )

    def edit(workspace: Path) -> None:
        path = _template(workspace)
        path.write_bytes(rewrite_docx(path, {"word/header1.xml": add}))

    return edit


@dataclass
class Case:
    id: str
    edit: Callable[[Path], None]
    problem: str


BODY = "word/document.xml"
CASES = [
    Case(  # the reviewer's case: both paragraphs vanished from the letter
        "lone-brace-before-paragraph-tag",
        insert_before(IF_JOINT, "Important note {"),
        f"{LABEL} (word/document.xml, paragraph “Important note {{”): “{{” ends this"
        " paragraph and the next paragraph with text starts with “{”: docxtpl would join"
        " the two into “{{” across the paragraph break, and text would be lost; remove the"
        " lone “{” at the end of this paragraph or put the tag in one paragraph",
    ),
    Case(
        "lone-brace-before-printed-value",
        insert_before(SUBJECT, "Subject {"),
        _joined(BODY, "Subject {", "{", "{", OPEN_FIX),
    ),
    Case(
        "lone-brace-over-an-empty-paragraph",
        insert_before(IF_JOINT, "Important note {", ""),
        _joined(BODY, "Important note {", "{", "{", OPEN_FIX),
    ),
    Case(
        "lone-brace-over-empty-paragraphs-and-runs",
        insert_before(IF_JOINT, ["Important ", "note {"], "", ["", ""], ""),
        _joined(BODY, "Important note {", "{", "{", OPEN_FIX),
    ),
    Case(
        "lone-brace-before-comment",
        insert_before(SUBJECT, "Nota bene {", "# a note to the team #}"),
        _joined(BODY, "Nota bene {", "{", "#", OPEN_FIX),
    ),
    Case(  # a block tag broken over two paragraphs by an Enter after its "{"
        "block-tag-broken-after-its-brace",
        insert_before(SUBJECT, "Draft: {", "% if draft %}yes{% endif %}"),
        _joined(BODY, "Draft: {", "{", "%", OPEN_FIX),
    ),
    Case(
        "percent-before-lone-closing-brace",
        insert_before(SUBJECT, "Fees rose by 5%", "} of the total"),
        _joined(BODY, "Fees rose by 5%", "%", "}", CLOSE_FIX),
    ),
    Case(
        "closing-brace-before-lone-closing-brace",
        insert_before(IF_JOINT, "} stray"),
        _joined(BODY, SUBJECT, "}", "}", CLOSE_FIX),
    ),
    Case(
        "hash-before-lone-closing-brace",
        insert_before(SUBJECT, "Item #", "} more"),
        _joined(BODY, "Item #", "#", "}", CLOSE_FIX),
    ),
    Case(
        "lone-brace-in-a-table-cell",
        table_cells("Total {", SUBJECT),
        _joined(BODY, "Total {", "{", "{", OPEN_FIX),
    ),
    Case(
        "lone-brace-in-a-header",
        header_paragraph_first("Draft {"),
        _joined("word/header1.xml", "Draft {", "{", "{", OPEN_FIX),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_build_refuses_a_join_across_paragraphs(
    case: Case, sample: Path, runner: CliRunner
) -> None:
    case.edit(sample)
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert result.exit_code == 1, result.output
    assert result.output == (
        f"Error: 1 problem in the letters; nothing was written:\n  {case.problem}\n"
    )
    assert not (sample / "out").exists()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_check_refuses_a_join_across_paragraphs(
    case: Case, sample: Path, runner: CliRunner
) -> None:
    case.edit(sample)
    result = runner.invoke(main, ["check", "-w", str(sample)])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert errors == [f"error: {case.problem}"]
    assert result.output.splitlines()[-1] == "Error: 1 problem found."
    assert not (sample / "out").exists()


FINE = [
    # Word's own split of a tag over runs, inside one paragraph: docxtpl joins it back
    ("tag-split-over-runs", insert_before(IF_JOINT, ["Re: {", "{ subject }", "}"]), "Re: "),
    # braces in running text, and a brace at a paragraph's end before plain text
    ("brace-in-running-text", insert_before(IF_JOINT, "a {b} c"), "a {b} c"),
    ("brace-before-plain-text", insert_before(IF_JOINT, "Note {", "plain"), "Note {"),
    ("closing-brace-after-plain-text", insert_before(IF_JOINT, "plain", "} x"), "} x"),
]


def test_the_sample_template_passes(sample: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", "-w", str(sample)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("edit", "shown"), [f[1:] for f in FINE], ids=[f[0] for f in FINE])
def test_what_docxtpl_does_not_join_across_paragraphs_still_builds(
    edit: Callable[[Path], None], shown: str, sample: Path, runner: CliRunner
) -> None:
    edit(sample)
    assert runner.invoke(main, ["check", "-w", str(sample)]).exit_code == 0
    result = runner.invoke(main, ["build", "may-2020-joint", "--lang", "en", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    lines = docx_text(sample / "out" / "may-2020-joint" / "may-2020-joint.en.docx")
    assert any(line.startswith(shown) for line in lines), lines
    assert "Dear colleagues," in lines
