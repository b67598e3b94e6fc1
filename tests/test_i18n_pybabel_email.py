"""pybabel reads e-mail texts with our extractor (``letters_email``), as ``letters i18n
extract`` reads them: one it refuses stops pybabel with the words extract says it in, no
traceback (Jinja's own extractor raised one, or passed over what letters refuses), and a
good one gives exactly the messages Jinja's extractor gave."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from tests.conftest import REPO, add_paragraphs, fails
from tests.test_i18n_extract import EMAIL_PROBLEM, REPLY, REPLY_UNCLOSED, _pybabel_extract

EMAIL = "templates/appeal.email.txt"
CLOSING = b"{{ recipient.closing }}"  # line 21


def _replaced(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    def edit(text: bytes) -> bytes:
        assert text.count(old) == 1
        return text.replace(old, new)

    return edit


def _as_cp1251(text: bytes) -> bytes:
    return text.decode("utf-8").encode("cp1251")


BAD_EMAILS = [
    (  # a quote never closed: Jinja cannot read it
        _replaced(REPLY.encode(), REPLY_UNCLOSED.encode()),
        EMAIL_PROBLEM,
    ),
    (  # a tag neither Jinja nor letters has
        _replaced(CLOSING, b"{% do recipient.closing %}"),
        f"{EMAIL}:21: template syntax error: unknown tag 'do'",
    ),
    (  # Jinja's extractor reads it; letters has no filter that chooses by chance
        _replaced(CLOSING, b"{{ recipient.closing|random }}"),
        f"{EMAIL}:21: template syntax error: there is no filter 'random'; a letter is the"
        " same for the same inputs, so a template chooses nothing by chance",
    ),
    (  # saved as Windows-1251 (Notepad, older Word)
        _as_cp1251,
        f"{EMAIL}:7: not UTF-8 text: column 153 has the byte 0x91; save it as UTF-8",
    ),
    (  # a line ended by CR alone, which Jinja takes for a line end and letters does not
        _replaced(b"{% endif %}\n{% if recipient", b"{% endif %}\r{% if recipient"),
        f"{EMAIL}:9: a carriage return alone (U+000D) ends a line here, where the other lines"
        " end with a line feed, so a terminal shows the line after it over this one; delete"
        " it, or save the file again",
    ),
]
INVISIBLE = (  # a right-to-left override in a message: it would reach the .pot
    _replaced(b"a reply to this", "a reply\u202e to this".encode()),
    f"{EMAIL}:18: contains an invisible character (U+202E at character 156) that can hide"
    " text or change its order; delete it and retype the text there",
)
NO_TRANS = (
    "template syntax error: letters has no {% trans %} blocks: write a text to translate as"
    ' {{ _("…") }}, a plural as {{ ngettext("one", "many", n) }} and a text with a context'
    ' as {{ pgettext("context", "…") }}, a value in it as %(name)s given as name=…'
)
BAD_EMAILS += [
    INVISIBLE,
    (  # Jinja's i18n block, which letters has not: told what to write instead
        _replaced(CLOSING, b"{% trans %}{{ recipient.closing }}{% endtrans %}"),
        f"{EMAIL}:21: {NO_TRANS}",
    ),
    (
        _replaced(CLOSING, b"{% pluralize %}"),
        f"{EMAIL}:21: {NO_TRANS}",
    ),
]
BAD_EMAILS += [
    (  # a call with nothing to translate (Jinja's extractor gives it as an empty tuple)
        _replaced(CLOSING, b"{{ _() }}"),
        f'{EMAIL}:21: _() is given no text to translate: write its English in it, as _("…")',
    ),
    (  # an empty English: its entry would be taken for the catalog's header
        _replaced(CLOSING, b'{{ _("") }}'),
        f'{EMAIL}:21: _() is given no text to translate: write its English in it, as _("…")',
    ),
    (
        _replaced(CLOSING, b"{{ pgettext() }}"),
        f"{EMAIL}:21: pgettext() is given no text to translate: write its English in it, as"
        ' pgettext("context", "…")',
    ),
]
BAD_EMAIL_IDS = [
    *("syntax-error", "unknown-tag", "refused-filter", "cp1251", "lone-cr", "invisible"),
    *("trans-block", "pluralize-alone", "empty-call", "empty-text", "empty-pgettext"),
]


def test_extract_refuses_a_template_call_with_no_text_to_translate(
    sample: Path, runner: CliRunner
) -> None:
    add_paragraphs(sample / "templates" / "appeal.docx", "{{ ngettext() }}")
    assert fails(runner, sample, "i18n", "extract") == (
        "Error: templates/appeal.docx (word/document.xml, paragraph “{{ ngettext() }}”):"
        " ngettext() is given no text to translate: write its English in it, as"
        ' ngettext("one", "many", n)\n'
    )


@pytest.mark.parametrize(("broken", "problem"), BAD_EMAILS, ids=BAD_EMAIL_IDS)
def test_pybabel_stops_at_an_email_text_letters_refuses_in_its_words(
    sample: Path, runner: CliRunner, broken: Callable[[bytes], bytes], problem: str
) -> None:
    text = sample / EMAIL
    text.write_bytes(broken(text.read_bytes()))
    assert fails(runner, sample, "i18n", "extract") == f"Error: {problem}\n"
    result = _pybabel_extract(sample, "pybabel.pot", "templates")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines()[-1] == f"Error: {problem}", result.stderr


JINJAS = "[jinja2: **.email.txt]\ntrim_blocks = true\nlstrip_blocks = true\nsilent = false\n"


def _entries(pot: Path) -> str:
    """The entries of a .pot as written, without its header (dated as it was made)."""
    header, _, entries = pot.read_text(encoding="utf-8").partition("\n\n")
    assert header.startswith("# Translations template")
    return entries


@pytest.mark.parametrize("options", [[], ["-c", "TRANSLATORS:"]], ids=["plain", "comments"])
def test_pybabel_gives_an_email_text_exactly_the_messages_jinjas_extractor_gave(
    sample: Path, options: list[str]
) -> None:
    shipped = (REPO / "babel.cfg").read_text(encoding="utf-8").splitlines()
    assert "[letters_email: **.email.txt]" in shipped
    theirs = _pybabel_extract(sample, "jinja.pot", EMAIL, *options, config=JINJAS)
    assert theirs.returncode == 0, theirs.stderr
    ours = _pybabel_extract(sample, "ours.pot", EMAIL, *options)
    assert ours.returncode == 0, ours.stderr
    assert f"extracting messages from {EMAIL}" in ours.stderr.splitlines()
    assert _entries(sample / "ours.pot").count("\nmsgid ") == 4
    assert _entries(sample / "ours.pot") == _entries(sample / "jinja.pot")


def test_check_refuses_an_invisible_character_in_an_email_text_in_the_same_words(
    sample: Path, runner: CliRunner
) -> None:
    edit, problem = INVISIBLE
    text = sample / EMAIL
    text.write_bytes(edit(text.read_bytes()))
    result = runner.invoke(main, ["check", "-w", str(sample)])
    assert (result.exit_code, result.output) == (1, f"Error: {problem}\n")


@pytest.mark.parametrize("command", ["extract", "update"])
def test_an_email_text_no_letter_uses_is_refused_for_what_it_is(
    sample: Path, runner: CliRunner, command: str
) -> None:
    """An e-mail text left beside the templates under a name no letter's template has:
    no letter is sent with it, but extract and update read every one for its messages. A
    problem in it stops them, naming it as used by no letter and the line, and saying how
    to put it out of their way, as a draft .docx is told."""
    text = (sample / EMAIL).read_text(encoding="utf-8")
    (sample / "templates" / "old.email.txt").write_text(
        text.replace(REPLY, REPLY_UNCLOSED), encoding="utf-8"
    )
    assert fails(runner, sample, "i18n", command) == (
        "Error: templates/old.email.txt, which no letter uses, is read all the same for its"
        " messages to translate, as every template in templates/ is: line 18: template"
        " syntax error: unexpected char '\"' at 1507. If it is no longer needed, remove it or"
        " move it out of templates/\n"
    )


def test_extract_refuses_a_trans_block_in_a_word_template_as_check_does(
    sample: Path, runner: CliRunner
) -> None:
    """Jinja's extractor reads {% trans %}, which a letter cannot render: its text is not
    put in a .pot for translators, and the words are check's."""
    add_paragraphs(
        sample / "templates" / "appeal.docx", "{% trans %}Dear colleagues,{% endtrans %}"
    )
    assert fails(runner, sample, "i18n", "extract") == (
        "Error: templates/appeal.docx (word/document.xml, paragraph “{% trans %}Dear"
        f" colleagues,{{% endtrans %}}”): {NO_TRANS}\n"
    )
