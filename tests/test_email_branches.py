"""An e-mail text's branches that only real recipients take are checked as the drafts
`build --email` writes: `check --strict` renders each recipient's e-mail, not only the
preview whose placeholders take one branch of each `{% if recipient... %}`."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import cli, fails

EMAIL = Path("templates") / "appeal.email.txt"
UK_PO = Path("locales") / "uk" / "LC_MESSAGES" / "templates.po"
# said of a message its catalog has no entry for: where to look, or what makes the entry
NOT_IN_CATALOG = (
    "and no entry in the catalog yet ('letters i18n extract' and then 'letters i18n update' add it)"
)
# the review copy's first line, which only the e-mail text writes
DRAFT_LINE = (
    "DRAFT %(version)s – not for sending. The attached letter still awaits its signatories’"
    " approval; the letter to send is made by ‘letters finalise’."
)

# a message only the Word template shows, left untranslated: a warning of every draft build
UNTRANSLATED = "We are writing to ask for your urgent attention to the following case."
_SAMPLE_EMAIL = (Path(__file__).parents[1] / EMAIL).read_text(encoding="utf-8").splitlines()
_SAMPLE_UK = (Path(__file__).parents[1] / UK_PO).read_text(encoding="utf-8").splitlines()
_MSGID_LINE = _SAMPLE_UK.index(f'msgid "{UNTRANSLATED}"') + 1  # wherever the catalog has it
WARNED = (
    f"warning: locales/uk/LC_MESSAGES/templates.po:{_MSGID_LINE}: {UNTRANSLATED!r} has no"
    " translation; used by templates/appeal.docx (word/document.xml, paragraph"
    f' “{{{{ _("{UNTRANSLATED}") }}}} {{{{ case.summary }}}}{{% for paragraph ...”)'
)
SIGNATURE_LINE = _SAMPLE_EMAIL.index("{{ person.signature }}") + 1
# the lines of the e-mail text's messages, named where only the e-mail shows one
SALUTATION_LINE = next(i for i, line in enumerate(_SAMPLE_EMAIL, 1) if '_("Dear col' in line)
DRAFT_LINE_AT = next(i for i, line in enumerate(_SAMPLE_EMAIL, 1) if '_("DRAFT' in line)


def _else_for_women(sample: Path) -> None:
    """The salutation's {% else %} taken by the recipients who are women: the placeholder
    recipient, who has no gender, never takes it."""
    path = sample / EMAIL
    text = path.read_text(encoding="utf-8")
    text = text.replace("{% if recipient.salutation %}", '{% if recipient.gender != "female" %}')
    path.write_text(text.replace('_("Dear colleagues,")', '_("Dear Madam,")'), encoding="utf-8")


def test_a_message_only_an_else_branch_shows_fails_check_strict(
    sample: Path, runner: CliRunner
) -> None:
    _else_for_women(sample)
    lines = fails(runner, sample, "check", "--strict").splitlines()
    assert lines[0] == (
        "error: locales/uk/LC_MESSAGES/templates.po: 'Dear Madam,' has no translation"
        f" {NOT_IN_CATALOG};"
        f" used by templates/appeal.email.txt:{SALUTATION_LINE}"
    )
    # the joint letter's e-mails too, one to each recipient, as build --email writes them
    joint = [line for line in lines if "may-2020-joint (uk) to " in line]
    assert [line.split(" to ")[1].split()[0] for line in joint] == [
        "denisova",
        "naumenko",
        "venediktova",
    ]
    assert lines[-1] == "Error: 7 problems found."


def test_build_email_refuses_such_a_text_before_writing_anything(
    sample: Path, runner: CliRunner
) -> None:
    _else_for_women(sample)
    output = fails(runner, sample, "build", "may-2020-joint", "--lang", "uk", "--email")
    assert output.splitlines()[0] == (
        "warning: locales/uk/LC_MESSAGES/templates.po: 'Dear Madam,' has no translation"
        f" {NOT_IN_CATALOG};"
        f" used by templates/appeal.email.txt:{SALUTATION_LINE}"
    )
    assert output.splitlines()[1] == "Error: 3 problems in the e-mail drafts; nothing was written:"
    assert not (sample / "out").exists()


def _undefined_name(sample: Path) -> None:
    """A name the e-mail text uses that no letter defines: every build renders the text,
    with --email or without, so every build stops on it."""
    path = sample / EMAIL
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("{{ person.signature }}", "{{ person.signatur }}"), encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("stop", "options", "told"),
    [
        (
            _else_for_women,
            ["--email"],
            [
                "warning: locales/uk/LC_MESSAGES/templates.po: 'Dear Madam,' has no translation"
                f" {NOT_IN_CATALOG};"
                f" used by templates/appeal.email.txt:{SALUTATION_LINE}",
                WARNED,
                "Error: 3 problems in the e-mail drafts; nothing was written:",
            ],
        ),
        (
            _undefined_name,
            [],
            [
                WARNED,
                "Error: 1 problem in the letters; nothing was written:",
                f"  templates/appeal.email.txt:{SIGNATURE_LINE}: person.signatur is not defined"
                " for this letter; did you mean 'signature'?",
            ],
        ),
    ],
    ids=["email-branch", "undefined-name"],
)
def test_a_build_stopped_by_its_email_text_lists_the_warnings_first(
    stop: Callable[[Path], None],
    options: list[str],
    told: list[str],
    sample: Path,
    runner: CliRunner,
) -> None:
    """The warnings a draft build gathered before an e-mail text stopped it are listed as
    the same build that succeeds lists them, not lost until the next run."""
    po = sample / UK_PO
    text = po.read_text(encoding="utf-8")
    start = text.index(f'msgid "{UNTRANSLATED}"\nmsgstr "') + len(f'msgid "{UNTRANSLATED}"\n')
    end = text.index("\n", start)
    po.write_text(text[:start] + 'msgstr ""' + text[end:], encoding="utf-8")
    built = cli(runner, sample, "build", "may-2020-joint", "--lang", "uk")
    assert [line for line in built.splitlines() if line.startswith("warning: ")] == [WARNED]
    shutil.rmtree(sample / "out")
    stop(sample)
    output = fails(runner, sample, "build", "may-2020-joint", "--lang", "uk", *options)
    assert output.splitlines()[: len(told)] == told
    assert not (sample / "out").exists()


def test_the_review_copys_line_untranslated_is_named_as_the_e_mail_texts(
    sample: Path, runner: CliRunner
) -> None:
    """The DRAFT line is shown only by the drafts' e-mails: named as the e-mail text's,
    not the Word template's, for a joint letter as for individual ones."""
    po = sample / UK_PO
    text = po.read_text(encoding="utf-8")
    start = text.index('msgstr ""\n"ПРОЄКТ %(version)s')
    end = text.index("\n\n", start)
    po.write_text(text[:start] + 'msgstr ""' + text[end:], encoding="utf-8")
    line = text[:start].count("\n") - 2  # the msgid's line
    assert fails(runner, sample, "check", "--strict").splitlines() == [
        f"error: locales/uk/LC_MESSAGES/templates.po:{line}: {DRAFT_LINE!r} has no"
        f" translation; used by templates/appeal.email.txt:{DRAFT_LINE_AT}",
        "Error: 1 problem found.",
    ]
    assert f"used by templates/appeal.email.txt:{DRAFT_LINE_AT}" in cli(runner, sample, "check")
