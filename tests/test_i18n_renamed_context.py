"""Where a catalog has a message's English only under other msgctxt: what 'letters check'
says of it and what 'letters i18n update' takes, one rule (letters.i18n.lender), never a
translator told to copy another message's translation, nor a guess reported as known."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from click.testing import CliRunner

from letters.cli import main
from tests.conftest import add_paragraphs, msgfmt_check
from tests.test_i18n_extract import EMAIL_PROBLEM, _break_docx, _break_email

UK = Path("locales/uk/LC_MESSAGES/templates.po")
RU = Path("locales/ru/LC_MESSAGES/templates.po")
TRUST = (
    "We trust that you will give this case your personal attention, and we would be"
    " grateful for your reply."
)
SHORT = "'We trust that you will give this case your personal atten...'"


def obsolete_entries(po: Path, lang: str) -> Catalog:
    """The obsolete (#~) entries of ``po`` read as live ones: Babel 2.16 keys a catalog's
    obsolete entries by msgid alone, two of one English under two msgctxt read as one."""
    lines, previous = [], ""
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("#~ "):
            lines += [""] if not previous.startswith("#~ ") else []
            lines.append(line[3:])
        previous = line
    return read_po(io.BytesIO("\n".join(lines).encode("utf-8")), locale=lang)


def _entry(context: str) -> str:
    return f'msgctxt "{context}"\nmsgid ""\n"We trust that'


def test_a_new_context_of_a_translated_english_is_told_new_not_translated(
    sample: Path, runner: CliRunner
) -> None:
    """A template adds the sentence of the joint and one-official letters under a context
    of its own: check, the catalog untouched, says the message has no entry and update adds
    one with a suggestion, naming the entry update takes (the last: "individual", not the
    first, "joint"); no translation is said to be the message's, no copy advised."""
    add_paragraphs(
        sample / "templates" / "appeal.docx", f'{{{{ pgettext("to Mr Bilčík", "{TRUST}") }}}}'
    )
    text = (sample / RU).read_text(encoding="utf-8")
    line = text[: text.index(_entry("individual"))].count("\n") + 2
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 0, check.output
    warnings = [row for row in check.output.splitlines() if row.startswith(f"warning: {RU}:")]
    assert [row.partition("; used by")[0] for row in warnings] == [
        f"warning: {RU}:{line}: {TRUST!r} (context 'to Mr Bilčík') has no entry of its own"
        " (with msgctxt \"to Mr Bilčík\"): 'letters i18n update' adds one with a suggestion"
        " to review (marked fuzzy), the translation of the entry here, under msgctxt"
        ' "individual", another message\'s with the same English'
    ]
    update = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert update.exit_code == 0, update.output
    assert (
        "  1 new, translation suggested from another entry of the same English (fuzzy: review"
        f" it, then remove the fuzzy flag): {SHORT} (context 'to Mr Bilčík') from {SHORT}"
        " (context 'individual')"
    ) in update.output.splitlines()
    with (sample / RU).open("rb") as read:
        catalog = read_po(read, locale="ru")
    new, taken = catalog.get(TRUST, "to Mr Bilčík"), catalog.get(TRUST, "individual")
    assert new is not None and taken is not None
    assert new.fuzzy and new.string == taken.string


def test_two_renamed_contexts_of_one_english_are_a_suggestion_not_a_known_rename(
    sample: Path, runner: CliRunner
) -> None:
    """Both entries of the sentence have their msgctxt translated ("joint" as "спільний",
    "individual" as "окремий"): which one was whose cannot be told, so check and update say
    each new entry's translation is a suggestion from the one update takes (Babel's, the
    last), never that only its msgctxt changed."""
    po = sample / UK
    text = po.read_text(encoding="utf-8")
    for english, translated in (("joint", "спільний"), ("individual", "окремий")):
        assert text.count(_entry(english)) == 1
        text = text.replace(_entry(english), _entry(translated))
    po.write_text(text, "utf-8")
    line = text[: text.index(_entry("окремий"))].count("\n") + 2
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 0, check.output
    warnings = [row for row in check.output.splitlines() if row.startswith(f"warning: {UK}:")]
    assert [row.partition("; used by")[0] for row in warnings] == [
        f"warning: {UK}:{line}: {TRUST!r} (context {context!r}) has no entry of its own (with"
        f" msgctxt \"{context}\"): 'letters i18n update' adds one with a suggestion to review"
        ' (marked fuzzy), the translation of the entry here, under msgctxt "окремий", the'
        " last of 2 entries of its English that no template uses, which of them was this"
        " message's cannot be told"
        for context in ("individual", "joint")
    ]
    update = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert update.exit_code == 0, update.output
    assert "only its msgctxt changed" not in update.output
    assert (
        "  2 new, translation suggested from another entry of the same English (fuzzy: review"
        f" it, then remove the fuzzy flag): {SHORT} (context 'joint') from {SHORT} (context"
        f" 'окремий'), {SHORT} (context 'individual') from {SHORT} (context 'окремий')"
    ) in update.output.splitlines()
    # both kept as #~: a suggestion a review writes over is no copy of a translation
    assert (
        "  2 moved to obsolete #~ entries, as their English is now asked for only under another"
        f" msgctxt (or none): {SHORT} (context 'спільний'), {SHORT} (context 'окремий')"
    ) in update.output.splitlines()
    msgfmt_check(po)


def test_a_fuzzy_entry_whose_msgctxt_is_translated_is_not_newly_fuzzy(
    sample: Path, runner: CliRunner
) -> None:
    """The joint letter's sentence, marked fuzzy by its translator, has its msgctxt
    translated ("спільний"): update gives the entry back its translation, still fuzzy, and
    counts it as fuzzy before this run, not as newly fuzzy."""
    po = sample / UK
    text = po.read_text(encoding="utf-8")
    assert text.count(_entry("joint")) == 1
    po.write_text(text.replace(_entry("joint"), f"#, fuzzy\n{_entry('спільний')}"), "utf-8")
    update = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert update.exit_code == 0, update.output
    lines = update.output.splitlines()
    assert f"updated {sample / UK}: 0 untranslated, 0 newly fuzzy" in lines
    assert (
        "  1 still fuzzy, as the entry its translation was taken from was:"
        f" {SHORT} (context 'joint') taken from the entry under msgctxt 'спільний', which no"
        " template uses now and which it replaces in the file"
    ) in lines
    assert not [line for line in lines if "obsolete" in line]  # no #~ copy of it is kept
    with po.open("rb") as read:
        entry = read_po(read, locale="uk").get(TRUST, "joint")
    assert entry is not None and entry.fuzzy
    assert entry.string.startswith("Розраховуємо, що кожен із вас")


RENAMED = (
    "  1 made fuzzy, as only its msgctxt differs from the entry its translation was made for"
    " (translation carried over: review it, then remove the fuzzy flag): {short} (context"
    " 'joint') taken from the entry under msgctxt 'спільний', which no template uses now and"
    " which it replaces in the file"
)
CHANGED = (
    "  2 made fuzzy, as the English changed (translation kept: review it, then remove the"
    " fuzzy flag): {short} (context 'joint'), {short} (context 'individual')"
)


@pytest.mark.parametrize(
    ("before", "after", "said"),
    [
        (_entry("joint"), _entry("спільний"), RENAMED),
        # the English changed in both entries: Babel's merge takes the last for both
        (
            '"We trust that you will give this case',
            '"We trust that you will give this matter',
            CHANGED,
        ),
    ],
    ids=["msgctxt-translated", "english-changed"],
)
def test_the_entry_update_takes_a_translation_from_is_not_left_obsolete(
    sample: Path, runner: CliRunner, before: str, after: str, said: str
) -> None:
    """The joint letter's entry takes the translation of the entry that was its own, not
    the last of its English (Babel's pick, the one-official letter's). Babel's merge moved
    that own entry to the obsolete #~ entries all the same, and the output said so "as the
    English is gone": a second copy of a translation now in use, reported as dropped. It
    leaves the file, and the line naming the entry that took it says so."""
    po = sample / UK
    text = po.read_text(encoding="utf-8")
    assert text.count(before) == (1 if said == RENAMED else 2)
    po.write_text(text.replace(before, after), "utf-8")
    update = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert update.exit_code == 0, update.output
    lines = update.output.splitlines()
    newly = 1 if said == RENAMED else 2
    assert lines[:2] == [
        f"updated {sample / UK}: 0 untranslated, {newly} newly fuzzy",
        said.format(short=SHORT),
    ]
    assert [line for line in lines if line.startswith("  ")] == [said.format(short=SHORT)]
    written = po.read_text(encoding="utf-8")
    assert "#~ msgctxt" not in written and "#~ msgid" not in written
    with po.open("rb") as read:
        catalog = read_po(read, locale="uk")
    assert list(catalog.obsolete) == []
    joint, individual = catalog.get(TRUST, "joint"), catalog.get(TRUST, "individual")
    assert joint is not None and joint.fuzzy
    assert joint.string.startswith("Розраховуємо, що кожен із вас")
    assert individual is not None and not individual.string.startswith("Розраховуємо, що кожен")
    msgfmt_check(po)


def test_two_messages_that_can_take_one_unused_entry_are_each_given_a_suggestion(
    sample: Path, runner: CliRunner
) -> None:
    """The joint letter's entry has its msgctxt translated ("спільний") while a template
    adds the sentence under a context of its own: two messages lack an entry and the one
    unused entry can be at most one's. Neither is told it is theirs (check, as update):
    both get the suggestion Babel's merge takes, and the "спільний" entry is kept as #~."""
    add_paragraphs(
        sample / "templates" / "appeal.docx", f'{{{{ pgettext("to Mr Bilčík", "{TRUST}") }}}}'
    )
    po = sample / UK
    text = po.read_text(encoding="utf-8")
    assert text.count(_entry("joint")) == 1
    po.write_text(text.replace(_entry("joint"), _entry("спільний")), "utf-8")
    line = text[: text.index(_entry("individual"))].count("\n") + 2
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 0, check.output
    warnings = [row for row in check.output.splitlines() if row.startswith(f"warning: {UK}:")]
    assert [row.partition("; used by")[0] for row in warnings] == [
        f"warning: {UK}:{line}: {TRUST!r} (context {context!r}) has no entry of its own (with"
        f" msgctxt \"{context}\"): 'letters i18n update' adds one with a suggestion to review"
        ' (marked fuzzy), the translation of the entry here, under msgctxt "individual",'
        " another message's with the same English"
        for context in ("joint", "to Mr Bilčík")
    ]
    update = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert update.exit_code == 0, update.output
    lines = update.output.splitlines()
    assert lines[lines.index(f"updated {po}: 0 untranslated, 2 newly fuzzy") + 1 :][:2] == [
        "  2 new, translation suggested from another entry of the same English (fuzzy: review"
        f" it, then remove the fuzzy flag): {SHORT} (context 'joint') from {SHORT} (context"
        f" 'individual'), {SHORT} (context 'to Mr Bilčík') from {SHORT} (context 'individual')",
        "  1 moved to obsolete #~ entries, as their English is now asked for only under another"
        f" msgctxt (or none): {SHORT} (context 'спільний')",
    ]
    kept = obsolete_entries(po, "uk").get(TRUST, "спільний")
    assert kept is not None and kept.string.startswith("Розраховуємо, що кожен із вас")
    msgfmt_check(po)


def _draft_left_broken(workspace: Path) -> None:
    """A copy of the template, a quote in it never closed, left in templates/ as a draft."""
    templates = workspace / "templates"
    shutil.copy(templates / "appeal.docx", templates / "kept.docx")
    _break_docx(workspace)
    (templates / "appeal.docx").rename(templates / "draft.docx")
    (templates / "kept.docx").rename(templates / "appeal.docx")


DRAFT_REFUSED = (
    "templates/draft.docx, which no letter uses, is read all the same for its messages to"
    " translate, as every template in templates/ is: (word/document.xml, paragraph"
    ' “{{ _("Yours sincerely,) }}”): template syntax error: a text in quotation marks in a'
    " tag is not closed in its paragraph; close it before the tag ends. If it is no longer"
    " needed, remove it or move it out of templates/"
)


@pytest.mark.parametrize(
    ("broken", "problem"),
    [(_draft_left_broken, DRAFT_REFUSED), (_break_email, EMAIL_PROBLEM)],
    ids=["unused-draft", "email"],
)
def test_a_template_whose_messages_cannot_be_read_is_listed_by_check_and_stops_update(
    sample: Path, runner: CliRunner, broken: Callable[[Path], None], problem: str
) -> None:
    """Whether an entry under another msgctxt is another message's is judged by the
    domain's messages, read from every template: one that cannot be read is one of the
    problems check lists (once, a draft's too, which no letter renders), beside the
    catalogs' warnings; 'letters i18n update' stops at it, naming it."""
    add_paragraphs(
        sample / "templates" / "appeal.docx", f'{{{{ pgettext("to Mr Bilčík", "{TRUST}") }}}}'
    )
    broken(sample)
    check = runner.invoke(main, ["check", "-w", str(sample)])
    lines = check.output.splitlines()
    assert (check.exit_code, len(lines)) == (1, 4), check.output
    assert lines[0] == f"error: {problem}"
    assert lines[1].startswith(f"warning: {RU}:143: '{TRUST}' (context 'to Mr Bilčík')")
    assert lines[2].startswith(f"warning: {UK}:143: '{TRUST}' (context 'to Mr Bilčík')")
    assert lines[3] == "Error: 1 problem found."
    update = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert (update.exit_code, update.output) == (1, f"Error: {problem}\n")


@pytest.mark.parametrize("command", [["build"], ["review", "status"]])
def test_a_draft_whose_messages_cannot_be_read_stops_no_build_nor_review(
    sample: Path, runner: CliRunner, command: list[str]
) -> None:
    """A draft no letter uses, broken, is no letter's problem: the letters are built and
    reviewed as before, while an entry under another msgctxt is told from the catalogs."""
    add_paragraphs(
        sample / "templates" / "appeal.docx", f'{{{{ pgettext("to Mr Bilčík", "{TRUST}") }}}}'
    )
    _draft_left_broken(sample)
    result = runner.invoke(main, [*command, "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert "draft.docx" not in result.output
    if command == ["build"]:
        warned = [row for row in result.output.splitlines() if row.startswith("warning: ")]
        assert [row.split(":")[1].strip() for row in warned] == [str(RU), str(UK)]
        assert "Built 10 letters in en, uk, ru: 10 .docx" in result.output
