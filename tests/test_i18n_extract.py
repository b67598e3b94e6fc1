"""A template Jinja cannot read stops ``letters i18n extract`` and ``update`` (and pybabel
through our extractor), as ``letters check`` stops: its messages would be missing from the
.pot, and a merge would move every translation of them to obsolete ``#~`` entries."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from lxml import etree

from letters.files.size_limits import MAX_TEMPLATE_BYTES
from letters.i18n.extract import Message, template_messages, text_messages
from tests.conftest import REPO, fails, files_under, rewrite_docx
from tests.conftest import cli as run
from tests.test_signoff import JOINT
from tests.test_template_safety import LABEL, Bad, make_bad
from tests.test_template_unseen_tags import (
    SAVE_AGAIN,
    TEXT,
    bookmarked,
    commented,
    hidden,
    in_attribute,
    in_comment,
    instructed,
    with_nodes,
)

SINCERELY = '_("Yours sincerely,")'
UNCLOSED = '_("Yours sincerely,)'  # the quote never closed
DOCX_PROBLEM = (  # the paragraph where the quote was left open, its translator's note left out
    'templates/appeal.docx (word/document.xml, paragraph “{{ _("Yours sincerely,) }}”):'
    " template syntax error: a text in quotation marks in a tag is not closed in its"
    " paragraph; close it before the tag ends"
)
# the e-mail shows its closing as the recipient's (recipient.closing): its reply line breaks
REPLY = '_("We would be grateful for a reply to this address.")'
REPLY_UNCLOSED = '_("We would be grateful for a reply to this address.)'
EMAIL_PROBLEM = "templates/appeal.email.txt:18: template syntax error: unexpected char '\"' at 1507"


def _pybabel_extract(
    sample: Path, output: str, folder: str, *options: str, config: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``pybabel extract`` run in ``sample`` on ``folder``, with the shipped babel.cfg (or
    one of text ``config``): the pybabel of the Python running the tests, whose Babel it is
    (the lowest release's, in a virtual environment of the lowest, whatever else is on PATH)."""
    pybabel = Path(sys.executable).with_name("pybabel")
    assert pybabel.is_file(), "Babel installs pybabel"
    if config is None:
        shutil.copy(REPO / "babel.cfg", sample / "babel.cfg")
    else:
        (sample / "babel.cfg").write_text(config, encoding="utf-8")
    return subprocess.run(
        [str(pybabel), "extract", "-F", "babel.cfg", *options, "-o", output, folder],
        cwd=sample,
        capture_output=True,
        text=True,
    )


def _break_docx(workspace: Path) -> None:
    template = workspace / "templates" / "appeal.docx"

    def unclosed(xml: bytes) -> bytes:
        assert xml.count(SINCERELY.encode()) == 1
        return xml.replace(SINCERELY.encode(), UNCLOSED.encode())

    template.write_bytes(rewrite_docx(template, {"word/document.xml": unclosed}))


def _break_email(workspace: Path) -> None:
    text = workspace / "templates" / "appeal.email.txt"
    source = text.read_text(encoding="utf-8")
    assert source.count(REPLY) == 1
    text.write_text(source.replace(REPLY, REPLY_UNCLOSED), encoding="utf-8")


@pytest.mark.parametrize(
    ("broken", "problem"),
    [(_break_docx, DOCX_PROBLEM), (_break_email, EMAIL_PROBLEM)],
    ids=["docx", "email"],
)
@pytest.mark.parametrize("command", ["extract", "update"])
def test_a_template_jinja_cannot_read_stops_extract_and_update(
    sample: Path,
    runner: CliRunner,
    broken: Callable[[Path], None],
    problem: str,
    command: str,
) -> None:
    broken(sample)
    before = files_under(sample / "locales")
    assert f"error: {problem}" in fails(runner, sample, "check").splitlines()
    assert fails(runner, sample, "i18n", command) == f"Error: {problem}\n"
    assert files_under(sample / "locales") == before  # the .pot and every .po, byte for byte


def test_a_tracked_deletion_is_read_as_the_letter_has_it(sample: Path, runner: CliRunner) -> None:
    """Text deleted with Word's tracked changes is no part of a letter (rendering accepts
    the changes): a broken tag in it stops nothing, and a message in it is no message."""
    template = sample / "templates" / "appeal.docx"
    deleted = (
        '<w:p><w:del w:id="94" w:author="Reviewer"><w:r><w:delText>{{ _("Gone) }}'
        ' {{ _("Deleted") }}</w:delText></w:r></w:del></w:p>'
    )

    def with_deletion(xml: bytes) -> bytes:
        at = xml.rindex(b"<w:sectPr")
        return xml[:at] + deleted.encode() + xml[at:]

    template.write_bytes(rewrite_docx(template, {"word/document.xml": with_deletion}))
    before = _undated(files_under(sample / "locales"))
    assert "The workspace is valid" in run(runner, sample, "check")
    run(runner, sample, "i18n", "extract")
    run(runner, sample, "i18n", "update")
    assert _undated(files_under(sample / "locales")) == before


OVERSIZE_PROBLEM = (
    "templates/appeal.docx: the file is larger than 128 MB (template limit: 128 MB in all), so"
    " it is not read; remove what the letter does not show, or save smaller pictures"
)


def _oversize_docx(workspace: Path) -> None:
    with (workspace / "templates" / "appeal.docx").open("r+b") as template:
        template.truncate(MAX_TEMPLATE_BYTES + 1)  # sparse: no disk taken


def _undated(files: dict[str, bytes]) -> dict[str, object]:
    """``files``, each .pot as its messages (id, comments, places): Babel releases write a
    template's header and flags their own way (its date, Generated-By, python-brace-format),
    whatever its messages; each .po as it is."""
    return {
        name: [(m.id, m.context, m.auto_comments, m.locations) for m in read_po(io.BytesIO(data))]
        if name.endswith(".pot")
        else data
        for name, data in files.items()
    }


@pytest.mark.parametrize(
    ("broken", "last_lines"),
    [
        # our extractor (letters_docx) stops pybabel with what check says, no traceback
        (_break_docx, [f"Error: {DOCX_PROBLEM}"]),
        # a sparse file over the template limit was read whole, then called no Word document
        (_oversize_docx, [f"Error: {OVERSIZE_PROBLEM}"]),
        # letters_email: see tests/test_i18n_pybabel_email.py
        (_break_email, [f"Error: {EMAIL_PROBLEM}"]),
    ],
    ids=["docx", "oversize-docx", "email"],
)
def test_pybabel_with_the_shipped_config_stops_at_it_too(
    sample: Path, broken: Callable[[Path], None], last_lines: list[str]
) -> None:
    broken(sample)
    result = _pybabel_extract(sample, "pybabel.pot", "templates")
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[-len(last_lines) :] == last_lines, result.stderr
    assert "Traceback" not in result.stderr, result.stderr


def _shipped_template_messages() -> list[Message]:
    docx_path = REPO / "templates" / "appeal.docx"
    email_path = REPO / "templates" / "appeal.email.txt"
    return [
        *template_messages(docx_path.read_bytes(), "templates/appeal.docx"),
        *text_messages(email_path.read_text(encoding="utf-8"), "templates/appeal.email.txt"),
    ]


def test_every_shipped_template_message_tells_its_translator_what_it_is() -> None:
    """A note that only quotes the template's Jinja ("word/document.xml: {{ _(…) }}") says
    neither who is addressed (Вас or вас) nor what a placeholder becomes."""
    for message in _shipped_template_messages():
        assert not message.comment.startswith(("word/", "e-mail:")), message.id
        english = " ".join(message.id) if isinstance(message.id, tuple) else message.id
        for name in set(re.findall(r"%\((\w+)\)", english)):
            assert f"{name}:" in message.comment, (message.id, name)


def test_each_message_of_a_paragraph_gets_the_note_before_it() -> None:
    """Jinja gives the last note of a line to the line's first message, and none to the
    next: the plural "for %(count)s years" read the one-year sentence's Jinja source."""
    notes = {m.id: m.comment for m in _shipped_template_messages()}
    one_year = notes["%(name)s has now been seeking protection for a year."]
    years = notes[
        (
            "%(name)s has now been seeking protection for %(count)s year.",
            "%(name)s has now been seeking protection for %(count)s years.",
        )
    ]
    assert one_year.startswith("exactly one year, said without a number")
    assert years.startswith("two years or more (one takes the sentence of its own). count:")


@pytest.mark.parametrize("held", [0, 10, 11], ids=["empty", "at-the-limit", "over-it"])
@pytest.mark.parametrize("kind", ["file", "stream"])
def test_pybabels_file_is_read_up_to_the_template_limit(
    held: int, kind: str, tmp_path: Path
) -> None:
    """What pybabel hands the extractor: an open file (judged by its size, unread) or any
    stream without one (read in pieces); either is refused past the limit, from where it is."""
    from letters.files.size_limits import read_stream_at_most

    path = tmp_path / "appeal.docx"
    path.write_bytes(b"PK" + b"x" * held)
    with path.open("rb") as file:
        stream = file if kind == "file" else io.BytesIO(file.read())
        stream.seek(2)
        expected = b"x" * held if held <= 10 else None
        assert read_stream_at_most(stream, 10) == expected


def test_pybabel_reads_a_case_only_up_to_the_yaml_limit(sample: Path) -> None:
    """A sparse case.yaml of gigabytes was read whole by the extractor (letters_case) before
    its size was judged (and what it held past the limit decoded); it is refused as
    `letters check` refuses it, unread."""
    from letters.load.yamllimits import MAX_YAML_BYTES

    with (sample / "cases" / "akhmetova" / "case.yaml").open("r+b") as case:
        case.truncate(MAX_YAML_BYTES)
        case.seek(0, 2)
        case.write(b"\xff")  # past the limit, where nothing is read: no UTF-8 there
    result = _pybabel_extract(sample, "pybabel.pot", "cases/akhmetova")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines()[-1] == (
        "Error: cases/akhmetova/case.yaml: YAML limit: the"
        " file is larger than 5 MiB; a workspace's other files hold a few kB: check that it is"
        " the file meant"
    ), result.stderr


CASE = "cases/akhmetova/case.yaml"
GENDER = f"{CASE}:11 person.gender: must be one of: female or male"


def _edited(name: str, old: str, new: str) -> Callable[[Path], None]:
    """Replace the first ``old`` in the sample's ``name`` (of its akhmetova case) by ``new``."""

    def edit(workspace: Path) -> None:
        path = workspace / "cases" / "akhmetova" / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _saved_as_cp1251(workspace: Path) -> None:
    path = workspace / CASE
    text = path.read_text(encoding="utf-8").replace("‘", '"').replace("’", '"')
    path.write_bytes(text.encode("cp1251"))


def _two_problems(workspace: Path) -> None:
    _edited("case.yaml", "gender: female", f"gender: {SECRET}")(workspace)
    _edited("case.yaml", "nationality: KZ", "nationality: [KZ]")(workspace)


SECRET = "Secretvalue"  # written where a case's fact is: never shown
ADDRESS = "text: 1 Example Street, Sampletown (invented for this sample)"
REFUSED_CASES = [
    (_edited("case.yaml", "gender: female", f"gender: {SECRET}"), [f"Error: {GENDER}"]),
    (  # a private fact's text, written as a list: the message shows none of it
        _edited("case.yaml", ADDRESS, f"text: [{SECRET}, Sampletown]"),
        [f"Error: {CASE}:19 person.address.text: expected text"],
    ),
    (
        _two_problems,
        [
            f"Error: 2 problems in {CASE}:",
            f"  {GENDER}",
            f"  {CASE}:15 person.nationality: expected text",
        ],
    ),
    (
        _edited("letters.yaml", "    framing:", "    framin:"),
        [
            "Error: cases/akhmetova/letters.yaml:15 letters[0].framin: unknown field 'framin';"
            " did you mean 'framing'?"
        ],
    ),
    (  # Cyrillic text saved as Windows-1251 (Notepad, older Word)
        _saved_as_cp1251,
        [f"Error: {CASE}:9: not UTF-8 text: column 9 has the byte 0xC6; save it as UTF-8"],
    ),
]
REFUSED_CASE_IDS = [
    "not-a-choice",
    "private-text-not-text",
    "two-problems",
    "letters-yaml",
    "cp1251",
]


@pytest.mark.parametrize(("broken", "last_lines"), REFUSED_CASES, ids=REFUSED_CASE_IDS)
def test_pybabel_stops_at_a_case_letters_refuses_in_its_words(
    sample: Path, runner: CliRunner, broken: Callable[[Path], None], last_lines: list[str]
) -> None:
    """letters_case read an invalid case.yaml or letters.yaml as having no messages (pybabel
    exited 0 with a .pot short of them), and one not UTF-8 with a traceback; it stops pybabel
    with status 1 and the problems 'letters i18n extract' names, no value of the case shown."""
    broken(sample)
    result = _pybabel_extract(sample, "pybabel.pot", "cases/akhmetova")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert SECRET not in result.stderr, result.stderr
    assert result.stderr.splitlines()[-len(last_lines) :] == last_lines, result.stderr
    said = fails(runner, sample, "i18n", "extract").splitlines()
    problems = [line.removeprefix("Error: ").strip() for line in last_lines]
    assert all(f"  {p}" in said for p in problems if not p.endswith(":")), said


HIDDEN_NOTE = '{{ _("We never wrote this to the minister.") }}'


HIDDEN = [
    (
        "word/document.xml",
        commented(f" {HIDDEN_NOTE} "),
        f"paragraph “{TEXT}”): {in_comment('{{')}",
    ),
    (
        "word/header1.xml",
        commented(f" {HIDDEN_NOTE} "),
        f"paragraph “{TEXT}”): {in_comment('{{')}",
    ),
    (
        "word/document.xml",
        instructed("letters", HIDDEN_NOTE),
        f"paragraph “{TEXT}”): "
        + hidden(
            "a processing instruction (<?letters?>)",
            "{{",
            f"delete the processing instruction ({SAVE_AGAIN})",
        ),
    ),
    (
        "word/document.xml",
        bookmarked(HIDDEN_NOTE),
        f"paragraph “{TEXT}”): {in_attribute('w:name of w:bookmarkStart', '{{')}",
    ),
]
HIDDEN_IDS = ["xml-comment", "xml-comment-in-a-header", "processing-instruction", "bookmark-name"]


@pytest.mark.parametrize(("part", "made", "problem"), HIDDEN, ids=HIDDEN_IDS)
@pytest.mark.parametrize("command", ["extract", "update"])
def test_a_message_where_no_page_shows_it_is_refused_as_check_and_build_refuse_it(
    sample: Path,
    runner: CliRunner,
    part: str,
    made: Callable[[], list[etree._Element]],
    problem: str,
    command: str,
) -> None:
    """A gettext tag in an XML comment, a processing instruction or a bookmark's name: no
    page shows it and build refuses the template, yet extract put its English in the .pot
    for translators to translate. Both stop with build's and check's words, writing nothing."""
    make_bad(sample, Bad("", [], {part: with_nodes(made)}))
    said = f"{LABEL} ({part}, {problem}"
    before = files_under(sample / "locales")
    assert fails(runner, sample, "check").splitlines()[-2:] == [
        f"error: {said}",
        "Error: 1 problem found.",
    ]
    built = fails(runner, sample, "build", JOINT, "--lang", "en")
    assert built == f"Error: 1 problem in the letters; nothing was written:\n  {said}\n"
    assert fails(runner, sample, "i18n", command) == f"Error: {said}\n"
    assert files_under(sample / "locales") == before  # the .pot and every .po, byte for byte


@pytest.mark.parametrize("command", ["extract", "update"])
def test_a_template_no_letter_uses_is_refused_for_what_it_is(
    sample: Path, runner: CliRunner, command: str
) -> None:
    """A draft no letter uses, left in templates/ with a gettext tag in an XML comment:
    check and build never read it, so the workspace is valid, but extract and update read
    every template for its messages. They stop, naming it as used by no letter (never
    "the letter") and saying how to put it out of their way, and write nothing."""
    template = sample / "templates" / "appeal.docx"
    used = template.read_bytes()
    make_bad(sample, Bad("", [], {"word/document.xml": with_nodes(commented(f" {HIDDEN_NOTE} "))}))
    template.rename(sample / "templates" / "draft-old.docx")
    template.write_bytes(used)
    before = files_under(sample / "locales")
    assert run(runner, sample, "check").splitlines()[-1] == (
        "The workspace is valid: every letter renders in every language."
    )
    assert fails(runner, sample, "i18n", command) == (
        "Error: templates/draft-old.docx, which no letter uses, is read all the same for its"
        " messages to translate, as every template in templates/ is: (word/document.xml,"
        f" paragraph “{TEXT}”): an XML comment holds a tag opener (“{{{{”), which Jinja reads"
        " there though no page shows it: a letter made from it would carry text its"
        " signatories never see, or lose text they do — delete the comment (saving the"
        " template again from Word or LibreOffice does), and type the tag in the text if a"
        " letter made from it needs it. If it is no longer needed, remove it or move it out"
        " of templates/\n"
    )
    assert files_under(sample / "locales") == before


@pytest.mark.parametrize(("part", "made", "problem"), HIDDEN, ids=HIDDEN_IDS)
def test_pybabel_stops_at_a_hidden_tag_and_has_emptied_its_output_as_the_readme_says(
    sample: Path, part: str, made: Callable[[], list[etree._Element]], problem: str
) -> None:
    """pybabel runs letters_docx, which refuses a gettext tag no page shows with the words
    of 'letters i18n extract': pybabel exits 1 showing them as its last line, without a
    traceback, and the file given to -o, opened before any template was read, is left
    empty, as the README warns (while 'letters i18n extract' leaves every .pot as it was)."""
    make_bad(sample, Bad("", [], {part: with_nodes(made)}))
    pot = sample / "locales" / "templates.pot"
    assert pot.stat().st_size > 0
    result = _pybabel_extract(sample, "locales/templates.pot", "templates")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines()[-1] == f"Error: {LABEL} ({part}, {problem}", result.stderr
    assert pot.read_bytes() == b""
