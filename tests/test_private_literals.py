"""A private text of a case typed where no case text goes — the sender's name of e-mail
drafts, the words of a Word template (a paragraph, a table cell, a header) or a line of an
e-mail text — stops check and build, naming its place and the private text's, never the
text; nothing is written."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.cli.build import NOT_RENDERED
from tests.conftest import SAMPLE_ADDRESS, add_paragraphs, files_under

ADDRESS = "the private one on line 18 of cases/akhmetova/case.yaml (person.address)"
TEMPLATE_FIX = "write there what a letter may tell, or put the case's text in through its field"


def _sender(workspace: Path) -> None:
    """Her private address typed as the display name of the e-mail drafts' sender."""
    path = workspace / "workspace.yaml"
    text = path.read_text(encoding="utf-8")
    old = "email_from: Appeals Desk <appeals@example.org>\n"
    assert text.count(old) == 1
    new = f"email_from: '\"{SAMPLE_ADDRESS.upper()}\" <appeals@example.org>'\n"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _paragraph(workspace: Path) -> None:
    """The address as a paragraph's words, around the tags that show it in drafts only."""
    add_paragraphs(
        workspace / "templates" / "appeal.docx",
        "{%p if draft %}",
        "{{ '' }}1 Example\u00a0Street, Sampletown (invented for this sample){# hers #}",
        "{%p endif %}",
    )


def _cell(workspace: Path) -> None:
    """The address in a table cell, broken over two of its paragraphs."""
    path = workspace / "templates" / "appeal.docx"
    document = docx.Document(str(path))
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "1 Example Street,"
    cell.add_paragraph("Sampletown (invented for this sample)")
    document.save(str(path))


def _header(workspace: Path) -> None:
    path = workspace / "templates" / "appeal.docx"
    document = docx.Document(str(path))
    document.sections[0].header.add_paragraph(SAMPLE_ADDRESS)
    document.save(str(path))


def _email_text(workspace: Path) -> None:
    path = workspace / "templates" / "appeal.email.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(f"{text}\n{{% if true %}}{SAMPLE_ADDRESS}{{% endif %}}\n", encoding="utf-8")


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "sender-name": (
        _sender,
        "workspace.yaml:4 email_from: the sender's name is the same text as"
        f" {ADDRESS}, so every e-mail would tell it; write here the name e-mails are sent"
        " from",
    ),
    "template-paragraph": (
        _paragraph,
        "templates/appeal.docx: word/document.xml, paragraph 89 is the same text as"
        f" {ADDRESS}, so every letter made from it would tell it; {TEMPLATE_FIX}",
    ),
    "template-table-cell": (
        _cell,
        "templates/appeal.docx: word/document.xml, the table cell that begins at paragraph 88 is"
        f" the same text as {ADDRESS}, so every letter made from it would tell it;"
        f" {TEMPLATE_FIX}",
    ),
    "template-header": (
        _header,
        "templates/appeal.docx: word/header2.xml, paragraph 5 is the same text as"
        f" {ADDRESS}, so every letter made from it would tell it; {TEMPLATE_FIX}",
    ),
    "email-text-line": (
        _email_text,
        f"templates/appeal.email.txt:32: the same text as {ADDRESS}, so every e-mail made"
        f" from it would tell it; {TEMPLATE_FIX}",
    ),
}


@pytest.mark.parametrize(("edit", "problem"), CASES.values(), ids=CASES.keys())
def test_a_private_text_typed_into_the_sender_or_a_template_stops_check_and_build(
    sample: Path, runner: CliRunner, edit: Callable[[Path], None], problem: str
) -> None:
    edit(sample)
    before = files_under(sample)

    check = runner.invoke(main, ["check", "-w", str(sample)])
    build = runner.invoke(main, ["build", "--email", "-w", str(sample)])

    # the sender is judged with the catalogs, before any letter is rendered
    after = f" {NOT_RENDERED}" if problem.startswith("workspace.yaml") else ""
    assert (check.exit_code, check.output) == (
        1,
        f"error: {problem}\nError: 1 problem found.{after}\n",
    )
    assert (build.exit_code, build.output) == (
        1,
        f"Error: 1 problem in the letters; nothing was written:\n  {problem}\n",
    )
    for said in (check.output, build.output):
        assert "Sampletown" not in said and "SAMPLETOWN" not in said
    assert files_under(sample) == before


INSIDE_FIX = "reword it, or, if that text may be told, take off its private mark"


def _inside_sender(workspace: Path) -> None:
    path = workspace / "workspace.yaml"
    text = path.read_text(encoding="utf-8")
    old = "email_from: Appeals Desk <appeals@example.org>\n"
    new = f"email_from: '\"Appeals Desk for {SAMPLE_ADDRESS}\" <appeals@example.org>'\n"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _inside_paragraph(workspace: Path) -> None:
    add_paragraphs(
        workspace / "templates" / "appeal.docx",
        "{%p if draft %}",
        f"Not her address: {SAMPLE_ADDRESS.upper()}, or so we hope.",
        "{%p endif %}",
    )


def _inside_message(workspace: Path) -> None:
    add_paragraphs(
        workspace / "templates" / "appeal.docx",
        "{%p if draft %}",
        f'{{{{ _("She lives at {SAMPLE_ADDRESS}.") }}}}',
        "{%p endif %}",
    )


def _inside_email_line(workspace: Path) -> None:
    path = workspace / "templates" / "appeal.email.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(f"{text}\nWrite to her at {SAMPLE_ADDRESS}.\n", encoding="utf-8")


def _over_two_email_lines(workspace: Path) -> None:
    path = workspace / "templates" / "appeal.email.txt"
    text = path.read_text(encoding="utf-8")
    street, town = SAMPLE_ADDRESS.split(", ", 1)
    path.write_text(f"{text}\nWrite to her at {street},\n{town}, by post.\n", encoding="utf-8")


INSIDE: dict[str, tuple[Callable[[Path], None], str]] = {
    "sender-name": (
        _inside_sender,
        f"workspace.yaml:4 email_from: the sender's name holds the words of {ADDRESS}, so"
        f" every e-mail would tell it; {INSIDE_FIX}",
    ),
    "template-paragraph": (
        _inside_paragraph,
        f"templates/appeal.docx: word/document.xml, paragraph 89 holds the words of {ADDRESS},"
        f" so every letter made from it would tell it; {INSIDE_FIX}",
    ),
    "template-message": (
        _inside_message,
        "templates/appeal.docx: word/document.xml, paragraph 89, a quoted text in its tags,"
        f" holds the words of {ADDRESS}, so every letter made from it would tell it;"
        f" {INSIDE_FIX}",
    ),
    "email-text-line": (
        _inside_email_line,
        f"templates/appeal.email.txt:32: the line holds {ADDRESS}, so every e-mail made from"
        f" it would tell it; {INSIDE_FIX}",
    ),
    "email-paragraph-over-two-lines": (
        _over_two_email_lines,
        "templates/appeal.email.txt:32: the paragraph that begins on this line holds"
        f" {ADDRESS}, so every e-mail made from it would tell it; {INSIDE_FIX}",
    ),
}


@pytest.mark.parametrize(("edit", "problem"), INSIDE.values(), ids=INSIDE.keys())
def test_a_private_text_among_other_words_of_the_sender_or_a_template_stops_check(
    sample: Path, runner: CliRunner, edit: Callable[[Path], None], problem: str
) -> None:
    """A distinctive private text (her address) inside a longer text of a template or of
    the e-mails' sender is told as surely as one standing alone."""
    edit(sample)
    before = files_under(sample)

    check = runner.invoke(main, ["check", "-w", str(sample)])

    assert check.exit_code == 1
    assert f"error: {problem}\n" in check.output
    assert "Sampletown" not in check.output and "SAMPLETOWN" not in check.output
    assert files_under(sample) == before


def _message(workspace: Path) -> None:
    """The address as the English of a message the template translates: every letter
    shows it, in English where no catalog has it."""
    add_paragraphs(
        workspace / "templates" / "appeal.docx",
        "{%p if draft %}",
        f'{{{{ _("{SAMPLE_ADDRESS.upper()}") }}}}',
        "{%p endif %}",
    )


def _curly_message(workspace: Path) -> None:
    """As Word types it: curly quotes, which docxtpl makes straight in a tag."""
    add_paragraphs(
        workspace / "templates" / "appeal.docx",
        "{%p if draft %}",
        f"{{{{ _(\u201c{SAMPLE_ADDRESS}\u201d) }}}}",
        "{%p endif %}",
    )


def _email_message(workspace: Path) -> None:
    path = workspace / "templates" / "appeal.email.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(f"{text}\n{{{{ 'x' }}}} {{{{ _('{SAMPLE_ADDRESS}') }}}}\n", encoding="utf-8")


def _line_break(workspace: Path) -> None:
    """The address over two lines of one paragraph (Shift+Enter in Word)."""
    path = workspace / "templates" / "appeal.docx"
    document = docx.Document(str(path))
    paragraph = document.add_paragraph("1 Example Street,")
    paragraph.add_run().add_break()
    paragraph.add_run("Sampletown (invented for this sample)")
    document.save(str(path))


def _tab(workspace: Path) -> None:
    path = workspace / "templates" / "appeal.docx"
    document = docx.Document(str(path))
    paragraph = document.add_paragraph("1 Example Street,")
    paragraph.add_run().add_tab()
    paragraph.add_run("Sampletown (invented for this sample)")
    document.save(str(path))


HIDDEN: dict[str, tuple[Callable[[Path], None], str]] = {
    "template-message": (
        _message,
        "templates/appeal.docx: word/document.xml, paragraph 89, a quoted text in its tags, is"
        f" the same text as {ADDRESS}, so every letter made from it would tell it;"
        f" {TEMPLATE_FIX}",
    ),
    "template-message-curly-quotes": (
        _curly_message,
        "templates/appeal.docx: word/document.xml, paragraph 89, a quoted text in its tags, is"
        f" the same text as {ADDRESS}, so every letter made from it would tell it;"
        f" {TEMPLATE_FIX}",
    ),
    "email-text-message": (
        _email_message,
        f"templates/appeal.email.txt:32: a quoted text in its tags is the same text as {ADDRESS},"
        f" so every e-mail made from it would tell it; {TEMPLATE_FIX}",
    ),
    "line-break": (
        _line_break,
        "templates/appeal.docx: word/document.xml, paragraph 88 is the same text as"
        f" {ADDRESS}, so every letter made from it would tell it; {TEMPLATE_FIX}",
    ),
    "tab": (
        _tab,
        "templates/appeal.docx: word/document.xml, paragraph 88 is the same text as"
        f" {ADDRESS}, so every letter made from it would tell it; {TEMPLATE_FIX}",
    ),
}


@pytest.mark.parametrize(("edit", "problem"), HIDDEN.values(), ids=HIDDEN.keys())
def test_a_private_text_in_a_templates_message_or_over_a_line_break_stops_check(
    sample: Path, runner: CliRunner, edit: Callable[[Path], None], problem: str
) -> None:
    """The words of a ``_("…")`` call (or any quoted text in a tag) are shown as much as
    the paragraph's own; a line break or a tab in a paragraph reads as a space."""
    edit(sample)
    before = files_under(sample)

    check = runner.invoke(main, ["check", "-w", str(sample)])

    assert check.exit_code == 1
    assert f"error: {problem}\n" in check.output
    assert "Sampletown" not in check.output and "SAMPLETOWN" not in check.output
    assert files_under(sample) == before


@pytest.mark.parametrize("edit", [_message, _email_message], ids=["docx", "email-text"])
def test_extract_never_writes_a_private_text_into_the_templates_pot(
    sample: Path, runner: CliRunner, edit: Callable[[Path], None]
) -> None:
    edit(sample)
    before = files_under(sample)

    result = runner.invoke(main, ["i18n", "extract", "-w", str(sample)])

    assert result.exit_code == 1
    assert "same text as the private one on line 18 of cases/akhmetova/case.yaml" in result.output
    assert "Sampletown" not in result.output and "SAMPLETOWN" not in result.output
    assert files_under(sample) == before


def _private(workspace: Path, old: str, new: str) -> None:
    path = workspace / "cases" / "akhmetova" / "case.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_senders_own_words_are_no_copy_of_a_private_text(
    sample: Path, runner: CliRunner
) -> None:
    """A private text that is also what the sender says of itself in every letter (its
    letterhead's name or address, a letter's place) is not refused where a template or the
    e-mails' sender says it again: the sender's city or name is no case's secret."""
    _private(sample, f"text: {SAMPLE_ADDRESS}", "text: Brussels")  # she lives where we work
    _private(
        sample,
        "organisation: Democratic Choice of Kazakhstan",  # and works for us, privately
        "organisation: {text: Appeals Desk, private: true}",
    )
    add_paragraphs(sample / "templates" / "appeal.docx", "Brussels", "APPEALS DESK")

    result = runner.invoke(main, ["check", "-w", str(sample)])

    assert "same text" not in result.output
    assert result.exit_code == 0, result.output


def test_a_private_text_inside_the_senders_own_words_is_no_copy(
    sample: Path, runner: CliRunner
) -> None:
    """A private text inside one of the letterhead's address lines (she lives in the
    building the sender works from) is the sender's too: a template's paragraph that gives
    the sender's address among other words is not refused."""
    _private(sample, f"text: {SAMPLE_ADDRESS}", "text: 1000 Brussels, Belgium")
    add_paragraphs(
        sample / "templates" / "appeal.docx",
        "Write to us at 1 Example Square, 1000 Brussels, Belgium, or by e-mail.",
    )

    result = runner.invoke(main, ["check", "-w", str(sample)])

    assert "private one" not in result.output
    assert result.exit_code == 0, result.output


def test_a_table_cell_of_one_paragraph_is_told_once(sample: Path, runner: CliRunner) -> None:
    path = sample / "templates" / "appeal.docx"
    document = docx.Document(str(path))
    document.add_table(rows=1, cols=1).cell(0, 0).text = SAMPLE_ADDRESS
    document.save(str(path))

    result = runner.invoke(main, ["check", "-w", str(sample)])

    assert result.output == (
        "error: templates/appeal.docx: word/document.xml, paragraph 88 is the same text as"
        f" {ADDRESS}, so every letter made from it would tell it; {TEMPLATE_FIX}\n"
        "Error: 1 problem found.\n"
    )


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (_message, f"is the same text as {ADDRESS}"),
        (_email_message, f"is the same text as {ADDRESS}"),
        (_inside_message, f"holds the words of {ADDRESS}"),
    ],
    ids=["docx", "email-text", "docx-among-other-words"],
)
def test_pybabel_stops_at_a_templates_message_that_is_a_private_text(
    sample: Path, edit: Callable[[Path], None], said: str
) -> None:
    """pybabel reads a template through letters_docx or letters_email one file at a time:
    the private texts are those of the workspace the template is in."""
    edit(sample)
    pybabel = Path(sys.executable).with_name("pybabel")
    shutil.copy(Path(__file__).parent.parent / "babel.cfg", sample / "babel.cfg")

    result = subprocess.run(
        [str(pybabel), "extract", "-F", "babel.cfg", "-o", "scratch.pot", "templates"],
        cwd=sample,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "Sampletown" not in result.stderr
    assert "SAMPLETOWN" not in result.stderr
    assert said in result.stderr.splitlines()[-1]
