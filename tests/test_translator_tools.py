"""Catalogs as translators' tools see them: GNU msgfmt -c, Poedit and msgmerge output."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from letters.cli import main
from letters.i18n.po_scan import scan_po
from tests.conftest import (
    GETTEXT,
    add_paragraphs,
    docx_text,
    msgfmt_check,
    needs_tool,
    require_tool,
)
from tests.conftest import cli as run

UK_PO = Path("locales/uk/LC_MESSAGES")
FRAMING = "Her extradition would put her in grave danger."


# A case text is printed as it is, never %-formatted: a "%" followed by a letter that
# Babel took for a conversion (% i, % o, % s) must not make it a python-format message,
# which msgfmt -c and Poedit would check, refusing the right translation.
PERCENT_TEXTS = [
    ("Support for her rose to 5% in 2019.", "Її підтримка зросла до 5% у 2019 р."),
    ("She was fined 50% of her salary.", "Її оштрафували на 50% від зарплати."),
    ("Only 10% said they trusted the courts.", "Лише 10% сказали, що довіряють судам."),
]


@pytest.mark.parametrize(("english", "translation"), PERCENT_TEXTS)
def test_a_case_text_with_a_percent_sign_is_no_format_string(
    sample: Path, runner: CliRunner, english: str, translation: str
) -> None:
    letters = sample / "cases" / "akhmetova" / "letters.yaml"
    letters.write_text(
        letters.read_text(encoding="utf-8").replace(FRAMING, english), encoding="utf-8"
    )
    run(runner, sample, "i18n", "extract")
    run(runner, sample, "i18n", "update")
    pot = sample / "locales" / "case-akhmetova.pot"
    po = sample / UK_PO / "case-akhmetova.po"
    untranslated = f'msgid "{english}"\nmsgstr ""\n'
    text = po.read_text(encoding="utf-8")
    assert text.count(untranslated) == 1
    po.write_text(
        text.replace(untranslated, f'msgid "{english}"\nmsgstr "{translation}"\n'),
        encoding="utf-8",
    )
    for catalog in (pot, po):
        assert f'#, python-format\nmsgid "{english}"' not in catalog.read_text(encoding="utf-8")
        msgfmt_check(catalog)
    run(runner, sample, "build", "may-2020-joint", "--lang", "uk")
    letter = sample / "out" / "may-2020-joint" / "may-2020-joint.uk.docx"
    assert translation in "\n".join(docx_text(letter)).replace("\xa0", " ")  # typography


def test_update_takes_the_format_flag_an_earlier_version_wrote_off_a_case_text(
    sample: Path, runner: CliRunner
) -> None:
    """A catalog written before case texts lost the flag: its entry, translated, keeps
    python-format until update rewrites it (Babel's reader sets the flag from the msgid, so
    the catalog read back looked as update would write it, and was left "unchanged")."""
    english, translation = PERCENT_TEXTS[0]
    _set_framing(sample, runner, FRAMING, english)
    run(runner, sample, "i18n", "update")
    po = sample / UK_PO / "case-akhmetova.po"
    untranslated = f'msgid "{english}"\nmsgstr ""\n'
    flagged = f'#, python-format\nmsgid "{english}"\nmsgstr "{translation}"\n'
    text = po.read_text(encoding="utf-8")
    assert text.count(untranslated) == 1
    po.write_text(text.replace(untranslated, flagged), encoding="utf-8")
    output = run(runner, sample, "i18n", "update")
    assert f"updated {po}: 0 untranslated, 0 newly fuzzy" in output.split("\n")
    text = po.read_text(encoding="utf-8")
    assert flagged not in text and f'msgid "{english}"\nmsgstr "{translation}"\n' in text
    msgfmt_check(po)


# Obsolete entries left by an earlier version of `update`: one with a translator's note,
# and one with nothing written for it.
LEFT_OVER = """
# Olena: ask the lawyers which word the court uses
#~ msgid "The appeal court heard the case in private."
#~ msgstr ""

#~ msgid "She was held without charge."
#~ msgstr ""
"""


def test_an_obsolete_entry_nobody_translated_is_dropped(sample: Path, runner: CliRunner) -> None:
    """An English text that is gone leaves a #~ entry only where a translator wrote something
    for it (a translation, a comment); empty ones would pile up, and msgmerge drops them."""
    po = sample / UK_PO / "case-akhmetova.po"
    po.write_text(po.read_text(encoding="utf-8") + LEFT_OVER, encoding="utf-8")
    added = "Kazakhstan persecutes journalists who criticise it."
    _set_framing(sample, runner, FRAMING, added)
    output = run(runner, sample, "i18n", "update").split("\n")  # the framing goes to #~
    assert f'msgid "{added}"\nmsgstr ""\n' in po.read_text(encoding="utf-8")
    nothing = "nothing was written (no translation, no comment)"
    at = output.index(f"updated {po}: 1 untranslated, 0 newly fuzzy")
    assert output[at + 1 : at + 4] == [
        f"  1 new, to translate: {added!r}",
        f"  1 moved to obsolete #~ entries, as the English is gone: {FRAMING!r}",
        f"  1 dropped from the obsolete #~ entries, as {nothing}: 'She was held without charge.'",
    ]
    _set_framing(sample, runner, added, "Sending her back would endanger her.")
    output = run(runner, sample, "i18n", "update").split("\n")  # the new one, untranslated, goes
    at = output.index(f"updated {po}: 1 untranslated, 0 newly fuzzy")
    assert output[at + 1 : at + 3] == [
        "  1 new, to translate: 'Sending her back would endanger her.'",
        f"  1 removed, as the English is gone and {nothing}: {added!r}",
    ]
    text = po.read_text(encoding="utf-8")
    assert [line for line in text.split("\n") if line.startswith(("#~", "# Olena"))] == [
        "# Olena: ask the lawyers which word the court uses",
        '#~ msgid "The appeal court heard the case in private."',
        '#~ msgstr ""',
        f'#~ msgid "{FRAMING}"',
        '#~ msgstr "Екстрадиція наразила б її на серйозну небезпеку."',
    ]
    msgfmt_check(po)


def _set_framing(workspace: Path, runner: CliRunner, old: str, new: str) -> None:
    letters = workspace / "cases" / "akhmetova" / "letters.yaml"
    text = letters.read_text(encoding="utf-8")
    assert old in text
    letters.write_text(text.replace(old, new), encoding="utf-8")
    run(runner, workspace, "i18n", "extract")


def _msgmerge(po: Path, pot: Path) -> None:
    """Bring ``po`` up to date as Poedit's "Update from POT" does: with GNU msgmerge."""
    msgmerge = require_tool("msgmerge", GETTEXT)
    subprocess.run(
        [msgmerge, "--quiet", "--previous", "--update", "--backup=off", str(po), str(pot)],
        check=True,
    )


# How a fuzzy entry becomes obsolete (#~): by our update, or by msgmerge (Poedit), which
# writes the English its translation was made for as #~| lines.
MERGERS = ["letters", "msgmerge"]


@pytest.mark.parametrize("merger", MERGERS)
def test_an_obsolete_fuzzy_entry_comes_back_fuzzy(
    sample: Path, runner: CliRunner, merger: str
) -> None:
    """A translation marked fuzzy, then taken out of every letter, then back: it is still
    fuzzy, so never used unreviewed (Babel wrote obsolete entries without their flags)."""
    changed = "Her extradition would put her in grave danger at once."
    _set_framing(sample, runner, FRAMING, changed)
    run(runner, sample, "i18n", "update")  # fuzzy, with its old translation
    _set_framing(sample, runner, changed, "Kazakhstan persecutes journalists who criticise it.")
    po = sample / UK_PO / "case-akhmetova.po"
    if merger == "msgmerge":
        _msgmerge(po, sample / "locales" / "case-akhmetova.pot")
        assert f'#~| msgid "{FRAMING}"' in po.read_text(encoding="utf-8")
    run(runner, sample, "i18n", "update")
    text = po.read_text(encoding="utf-8")
    assert (
        f'#, fuzzy\n#~| msgid "{FRAMING}"\n#~ msgid "{changed}"\n'
        '#~ msgstr "Екстрадиція наразила б її на серйозну небезпеку."\n'
    ) in text
    msgfmt_check(po)
    again = po.read_bytes()
    run(runner, sample, "i18n", "update")
    assert po.read_bytes() == again  # read back as it was written

    _set_framing(sample, runner, "Kazakhstan persecutes journalists who criticise it.", changed)
    run(runner, sample, "i18n", "update")
    assert f'#, fuzzy\n#| msgid "{FRAMING}"\nmsgid "{changed}"\n' in po.read_text(encoding="utf-8")
    check = runner.invoke(main, ["check", "--strict", "-w", str(sample)])
    assert check.exit_code == 1
    assert (
        f"error: locales/uk/LC_MESSAGES/case-akhmetova.po:{_line_of(po, changed)}: {changed!r}"
        " is marked fuzzy (review it, then remove the fuzzy flag); used by"
        " cases/akhmetova/letters.yaml:15 letters[0].framing"
    ) in check.output.split("\n")


def _line_of(po: Path, msgid: str) -> int:
    lines = po.read_text(encoding="utf-8").split("\n")
    return lines.index(f'msgid "{msgid}"') + 1


EMPTY_PLURAL = 'msgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""\n'
PAGES = (
    'msgstr[0] "Додано %(num)d сторінку."\nmsgstr[1] "Додано %(num)d сторінки."\n'
    'msgstr[2] "Додано %(num)d сторінок."\n'
)
# An e-mail text's message, translated, then its English changed where its msgid stays the
# same: (the line before, its empty and its translated msgstr, the line after, the entry
# after, what update says of the catalog).
ENGLISH_CHANGES = [
    (
        '{{ ngettext("%(num)d page is attached.", "%(num)d pages are attached.", 3) }}',
        EMPTY_PLURAL,
        PAGES,
        '{{ ngettext("%(num)d page is attached.", "%(num)d pages of evidence are attached.", 3) }}',
        '#, fuzzy, python-format\n#| msgid "%(num)d page is attached."\n'
        '#| msgid_plural "%(num)d pages are attached."\nmsgid "%(num)d page is attached."\n'
        f'msgid_plural "%(num)d pages of evidence are attached."\n{PAGES}',
        "0 untranslated, 1 newly fuzzy",
    ),
    (
        '{{ _("%(num)d page is attached.", num=3) }}',
        'msgid "%(num)d page is attached."\nmsgstr ""\n',
        'msgid "%(num)d page is attached."\nmsgstr "Додано %(num)d сторінки."\n',
        '{{ ngettext("%(num)d page is attached.", "%(num)d pages are attached.", 3) }}',
        '#, fuzzy, python-format\n#| msgid "%(num)d page is attached."\n'
        'msgid "%(num)d page is attached."\nmsgid_plural "%(num)d pages are attached."\n'
        'msgstr[0] "Додано %(num)d сторінки."\nmsgstr[1] ""\nmsgstr[2] ""\n',
        "1 untranslated, 1 newly fuzzy",  # two plural forms to write
    ),
    (  # never translated: nothing to review, so not fuzzy (msgmerge leaves it so too)
        '{{ ngettext("%(num)d page is attached.", "%(num)d pages are attached.", 3) }}',
        EMPTY_PLURAL,
        EMPTY_PLURAL,
        '{{ ngettext("%(num)d page is attached.", "%(num)d pages of evidence are attached.", 3) }}',
        '#, python-format\nmsgid "%(num)d page is attached."\n'
        f'msgid_plural "%(num)d pages of evidence are attached."\n{EMPTY_PLURAL}',
        "1 untranslated, 0 newly fuzzy",
    ),
]


@pytest.mark.parametrize(
    ("before", "empty", "translated", "after", "expected", "report"), ENGLISH_CHANGES
)
def test_an_entry_whose_plural_english_changed_becomes_fuzzy(
    sample: Path,
    runner: CliRunner,
    before: str,
    empty: str,
    translated: str,
    after: str,
    expected: str,
    report: str,
) -> None:
    """As msgmerge does: the translation is kept, marked fuzzy, with the English it was
    made for (Babel found the entry by its msgid and used it as it was)."""
    email = sample / "templates" / "appeal.email.txt"
    text = email.read_text(encoding="utf-8")
    email.write_text(f"{text}{before}\n", encoding="utf-8")
    run(runner, sample, "i18n", "extract")
    run(runner, sample, "i18n", "update")
    po = sample / UK_PO / "templates.po"
    catalog = po.read_text(encoding="utf-8")
    assert catalog.count(empty) == 1
    po.write_text(catalog.replace(empty, translated), encoding="utf-8")
    email.write_text(f"{text}{after}\n", encoding="utf-8")
    run(runner, sample, "i18n", "extract")
    output = run(runner, sample, "i18n", "update")
    assert (f"updated {sample}/locales/uk/LC_MESSAGES/templates.po: {report}") in output.split("\n")
    assert expected in po.read_text(encoding="utf-8")
    msgfmt_check(po)


# An earlier `i18n init pl` stopped (Ctrl-C, kill) after writing some catalogs and before
# workspace.yaml, or a translator began one in Poedit: the catalogs already there.
STARTED = [["templates"], ["templates", "case-akhmetova"]]


@pytest.mark.parametrize("there", STARTED, ids=["+".join(d) for d in STARTED])
def test_init_finishes_a_language_begun_before(
    sample: Path, runner: CliRunner, there: list[str]
) -> None:
    """The catalogs there are kept as they are, and the language is added, so that
    `update` and `stats` see it (init refused them, and update ignored the language)."""
    folder = sample / "locales" / "pl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    kept = {}
    for domain in there:
        po = folder / f"{domain}.po"
        source = (sample / UK_PO / f"{domain}.po").read_bytes()  # a translator's file, as is
        po.write_bytes(source.replace(b"Language: uk", b"Language: pl"))
        kept[po] = po.read_bytes()
    output = run(runner, sample, "i18n", "init", "pl", "--locale", "pl_PL")
    assert all(path.read_bytes() == data for path, data in kept.items())
    assert (folder / "case-akhmetova.po").is_file()
    assert "  pl: pl_PL" in (sample / "workspace.yaml").read_text(encoding="utf-8")
    made = [
        f"wrote {folder / f'{d}.po'}"
        for d in ("templates", "case-akhmetova", "review")
        if d not in there
    ]
    assert output.split("\n") == [*made, f"wrote {sample / 'workspace.yaml'}", ""]
    stats = run(runner, sample, "i18n", "stats")
    assert [line.split()[:2] for line in stats.split("\n") if line.startswith("pl")] == [
        ["pl", "templates"],
        ["pl", "case-akhmetova"],
        ["pl", "review"],
    ]
    again = runner.invoke(main, ["i18n", "init", "pl", "-w", str(sample)])
    assert again.exit_code == 1
    assert again.output == (
        "Error: locales/pl/LC_MESSAGES/templates.po already exists; use 'letters i18n update'"
        " to bring it up to date\n"
    )


def test_init_keeps_the_permissions_of_workspace_yaml(sample: Path, runner: CliRunner) -> None:
    """Adding the language rewrites workspace.yaml as an editor saves it: a file the team
    made readable to the group only stays so (it was written with the default mode)."""
    config = sample / "workspace.yaml"
    config.chmod(0o640)
    run(runner, sample, "i18n", "init", "pl", "--locale", "pl_PL")
    assert "  pl: pl_PL" in config.read_text(encoding="utf-8")
    assert stat.S_IMODE(config.stat().st_mode) == 0o640


@needs_tool("msgfmt", GETTEXT)
def test_init_leaves_no_placeholder_in_the_header(sample: Path, runner: CliRunner) -> None:
    """`msgfmt -c` warns of every header field left as Babel's template has it: a new catalog
    has none, names no one (its translator is the language's team) and is dated as the
    template it was merged from (the .pot's date while the .pot is current), so that two runs
    write the same file."""
    run(runner, sample, "i18n", "init", "pl")
    msgfmt = require_tool("msgfmt", GETTEXT)
    for domain in ("templates", "case-akhmetova"):
        po = sample / "locales" / "pl" / "LC_MESSAGES" / f"{domain}.po"
        gnu = subprocess.run(
            [msgfmt, "-c", "--check-format", "-o", "/dev/null", str(po)],
            capture_output=True,
            text=True,
        )
        assert (gnu.returncode, gnu.stderr) == (0, "")
        text = po.read_text(encoding="utf-8")
        head = text[: text.index("\n\n")]
        assert head.startswith(f'# Polish translation of letters, domain "{domain}".\n')
        for placeholder in ("VERSION", "FIRST AUTHOR", "YEAR-MO-DA", "FULL NAME", "LL@li.org"):
            assert placeholder not in head
        header = scan_po(text).header
        # dated as the template it was merged from: the .pot's own date where the .pot
        # holds what Babel would write for it (Babel 2.16 writes a .pot's header otherwise,
        # so its template is dated now), and revised then
        assert header["pot-creation-date"][0] == header["po-revision-date"][0]
        assert header["last-translator"][0] == header["language-team"][0] == "pl translators"


SALUTATION = 'msgid "Dear colleagues,"\nmsgstr "Шановні колеги!"'
YEARS = (
    '#, python-format\nmsgid "%(name)s has now been seeking protection for %(count)s year."\n'
    'msgid_plural "%(name)s has now been seeking protection for %(count)s years."\n'
    'msgstr[0] "%(name)s шукає захисту вже %(count)s рік."\n'
    'msgstr[1] "%(name)s шукає захисту вже %(count)s роки."\n'
    'msgstr[2] "%(name)s шукає захисту вже %(count)s років."'
)


UNTRANSLATED = "has no translation"


@needs_tool("msgfmt", GETTEXT)
@pytest.mark.parametrize(
    ("entry", "flagged", "english", "said"),
    [
        (  # Poedit's "Needs work" set on an entry not translated yet
            SALUTATION,
            '#, fuzzy\nmsgid "Dear colleagues,"\nmsgstr ""',
            "Dear colleagues,",
            UNTRANSLATED,
        ),
        (  # a plural flagged before any of its forms was written
            YEARS,
            YEARS.replace("#, python-format", "#, fuzzy, python-format").split("msgstr[0]")[0]
            + 'msgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""',
            "%(name)s has now been seeking protection for %(count)s year.",
            UNTRANSLATED,
        ),
        (  # a plural flagged with a form still to write (msgfmt calls it fuzzy)
            YEARS,
            YEARS.replace("#, python-format", "#, fuzzy, python-format").replace(
                '[2] "%(name)s шукає захисту вже %(count)s років."', '[2] ""'
            ),
            "%(name)s has now been seeking protection for %(count)s year.",
            "is marked fuzzy with msgstr[2] empty: fill it in, review the other forms, then"
            " remove the fuzzy flag",
        ),
    ],
    ids=["empty", "plural-empty", "plural-form-empty"],
)
def test_a_fuzzy_flag_on_an_entry_not_translated_leaves_it_untranslated(
    sample: Path, runner: CliRunner, entry: str, flagged: str, english: str, said: str
) -> None:
    """There is nothing, or not all, to review: check, build and the status count it as
    untranslated, as 'letters i18n stats' does (and GNU msgfmt --statistics, where nothing
    is written), not as fuzzy."""
    po = sample / UK_PO / "templates.po"
    text = po.read_text(encoding="utf-8")
    assert text.count(entry) == 1
    text = text.replace(entry, flagged)
    po.write_text(text, encoding="utf-8")
    if said == UNTRANSLATED:
        msgfmt = require_tool("msgfmt", GETTEXT)
        gnu = subprocess.run(
            [msgfmt, "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True
        )
        assert "fuzzy" not in gnu.stderr and "1 untranslated" in gnu.stderr, gnu.stderr
    stats = run(runner, sample, "i18n", "stats")
    assert (
        "uk        templates               23        0             0      0             1   96%"
        in stats
    )
    check = runner.invoke(main, ["check", "-w", str(sample)])
    line = text.split("\n").index(f'msgid "{english}"') + 1
    told = [row for row in check.output.split("\n") if f"templates.po:{line}:" in row]
    assert [row.partition("; used by")[0] for row in told] == [
        f"warning: locales/uk/LC_MESSAGES/templates.po:{line}: {english!r} {said}"
    ]
    build = runner.invoke(main, ["build", "may-2020-joint", "-w", str(sample)])
    assert build.exit_code == 0, build.output
    assert (
        "1 untranslated message marked [UNTRANSLATED: ...] in the drafts; a --final build"
        " refuses it.\n"
    ) in build.output


APPEAL = (
    "{date} the Kyiv Administrative Court of Appeal ordered the migration service to consider"
    " her application again, with due regard to her work as a journalist and opposition activist."
)


def test_update_tells_each_catalog_what_it_did_to_it(sample: Path, runner: CliRunner) -> None:
    """A new release: one English text changed, one taken out, a plural added. A translator
    reads, per catalog, what the update did to it (which entries are new, which fuzzy and
    why, which went to #~), not only the totals of the file; entries are named when few."""
    case = sample / "cases" / "akhmetova" / "case.yaml"
    text = case.read_text(encoding="utf-8")
    appeal = text[text.index("  - id: appeal-2018\n") : text.index("  - id: supreme-2018\n")]
    case.write_text(
        text.replace(appeal, "").replace("refused her application", "turned down her application"),
        encoding="utf-8",
    )
    plan = sample / "cases" / "akhmetova" / "letters.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(" appeal-2018,", ""), "utf-8")
    add_paragraphs(
        sample / "templates" / "appeal.docx",
        '{{ ngettext("%(num)d enclosure", "%(num)d enclosures", 2) }}',
    )
    run(runner, sample, "i18n", "extract")
    output = run(runner, sample, "i18n", "update").split("\n")
    po = sample / UK_PO
    fuzzy = (
        "  1 made fuzzy, as the English changed (translation kept: review it, then remove the"
        " fuzzy flag): '{date} the State Migration Service of Ukraine turned down...'"
    )
    assert output[:5] == [
        f"updated {po}/templates.po: 1 untranslated, 0 newly fuzzy",
        "  1 new, to translate: '%(num)d enclosure'",
        f"updated {po}/case-akhmetova.po: 0 untranslated, 1 newly fuzzy",
        fuzzy,
        "  1 moved to obsolete #~ entries, as the English is gone: '{date} the Kyiv"
        " Administrative Court of Appeal ordered th...'",
    ]
    assert f'#~ msgid ""\n#~ "{APPEAL[:90]}' in (po / "case-akhmetova.po").read_text("utf-8")
    assert all(line.startswith(("updated", "  ")) for line in output if line)
    again = run(runner, sample, "i18n", "update").split("\n")
    assert [line for line in again if line.startswith("  ")] == []  # nothing more was done
    # many at once are counted, not listed: check names each at its line
    add_paragraphs(
        sample / "templates" / "appeal.docx", *(f'{{{{ _("Annex {n}") }}}}' for n in "ABCD")
    )
    run(runner, sample, "i18n", "extract")
    output = run(runner, sample, "i18n", "update").split("\n")
    assert output[:2] == [
        f"updated {po}/templates.po: 5 untranslated, 0 newly fuzzy",
        "  4 new, to translate",
    ]
    # a msgctxt translated in Poedit: the entry's English is the same, its context is not
    templates = po / "templates.po"
    text = templates.read_text(encoding="utf-8")
    individual = 'msgctxt "individual"\nmsgid "We therefore ask you:"'
    assert text.count(individual) == 1
    templates.write_text(
        text.replace(individual, individual.replace('"individual"', '"індивідуальний"')), "utf-8"
    )
    output = run(runner, sample, "i18n", "update").split("\n")
    assert output[:2] == [
        f"updated {po}/templates.po: 5 untranslated, 1 newly fuzzy",
        "  1 made fuzzy, as only its msgctxt differs from the entry its translation was made"
        " for (translation carried over: review it, then remove the fuzzy flag): 'We therefore"
        " ask you:' (context 'individual') taken from the entry under msgctxt 'індивідуальний',"
        " which no template uses now and which it replaces in the file",
    ]
    assert output[2].startswith(f"unchanged {po}/case-akhmetova.po")  # no entry left as #~


def test_a_new_entry_given_the_translation_of_a_close_english_still_there_is_told_so(
    sample: Path, runner: CliRunner
) -> None:
    """Babel's merge gives a new message the translation of a close English (fuzzy). When
    that English is still a message of its own, nothing changed: the entry is new, its
    translation a suggestion, named with the entry it came from."""
    add_paragraphs(
        sample / "templates" / "appeal.docx",
        '{{ pgettext("email", "We therefore ask you:") }}',
        '{{ _("We therefore ask you all:") }}',
    )
    run(runner, sample, "i18n", "extract")
    output = run(runner, sample, "i18n", "update").split("\n")
    individual = "'We therefore ask you:' (context 'individual')"
    assert output[:3] == [
        f"updated {sample / UK_PO}/templates.po: 0 untranslated, 2 newly fuzzy",
        "  1 new, translation suggested from another entry of the same English (fuzzy: review"
        f" it, then remove the fuzzy flag): 'We therefore ask you:' (context 'email') from"
        f" {individual}",
        "  1 new, translation suggested from a close English (fuzzy: review it, then remove"
        f" the fuzzy flag): 'We therefore ask you all:' from {individual}",
    ]


def test_an_untranslated_plural_whose_english_changed_is_new_and_not_fuzzy(
    sample: Path, runner: CliRunner
) -> None:
    """Babel takes the empty forms of an untranslated plural for a translation to carry
    over to its changed English: there is nothing to review, so the entry is new, to
    translate, with no fuzzy flag nor #| msgid (as msgmerge writes it); the entry of the
    English gone is removed, and said so, as an untranslated singular's is."""
    appeal = sample / "templates" / "appeal.docx"
    original = appeal.read_bytes()
    add_paragraphs(appeal, '{{ ngettext("%(num)d enclosure", "%(num)d enclosures", 2) }}')
    run(runner, sample, "i18n", "extract")
    run(runner, sample, "i18n", "update")
    appeal.write_bytes(original)
    add_paragraphs(appeal, '{{ ngettext("%(num)d enclosure:", "%(num)d enclosures:", 2) }}')
    run(runner, sample, "i18n", "extract")
    output = run(runner, sample, "i18n", "update").split("\n")
    assert output[:3] == [
        f"updated {sample / UK_PO}/templates.po: 1 untranslated, 0 newly fuzzy",
        "  1 new, to translate: '%(num)d enclosure:'",
        "  1 removed, as the English is gone and nothing was written (no translation, no"
        " comment): '%(num)d enclosure'",
    ]
    text = (sample / UK_PO / "templates.po").read_text(encoding="utf-8")
    entry = text[text.index('msgid "%(num)d enclosure:"') - 200 :]
    assert "#, fuzzy" not in entry and "#|" not in entry
    msgfmt_check(sample / UK_PO / "templates.po")


def test_an_untranslated_obsolete_entry_brought_back_is_new_to_translate(
    sample: Path, runner: CliRunner
) -> None:
    """An obsolete entry kept for its translator's comment, with no translation, comes
    back when its English is a message again: it is to translate, and said so."""
    po = sample / UK_PO / "templates.po"
    po.write_text(
        po.read_text(encoding="utf-8") + '\n# an annex, if any\n#~ msgid "Annex A"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    add_paragraphs(sample / "templates" / "appeal.docx", '{{ _("Annex A") }}')
    run(runner, sample, "i18n", "extract")
    output = run(runner, sample, "i18n", "update").split("\n")
    assert output[:2] == [
        f"updated {sample / UK_PO}/templates.po: 1 untranslated, 0 newly fuzzy",
        "  1 new, to translate: 'Annex A'",
    ]


def test_a_suggestion_from_an_english_still_fuzzy_is_counted_and_listed(
    sample: Path, runner: CliRunner
) -> None:
    """The close English whose translation Babel lends a new message is still there, but
    its own translation is fuzzy still (its English changed once): the new entry is a
    suggestion all the same, counted as newly fuzzy and named, and stays fuzzy."""
    po = sample / UK_PO / "templates.po"
    text = po.read_text(encoding="utf-8")
    individual = 'msgctxt "individual"\nmsgid "We therefore ask you:"'
    assert text.count(individual) == 1
    still_fuzzy = '#, fuzzy\n#| msgctxt "individual"\n#| msgid "We therefore ask you"\n'
    po.write_text(text.replace(individual, still_fuzzy + individual), encoding="utf-8")
    add_paragraphs(sample / "templates" / "appeal.docx", '{{ _("We therefore ask you all:") }}')
    run(runner, sample, "i18n", "extract")
    output = run(runner, sample, "i18n", "update").split("\n")
    assert output[:2] == [
        f"updated {po}: 0 untranslated, 1 newly fuzzy",
        "  1 new, translation suggested from a close English (fuzzy: review it, then remove"
        " the fuzzy flag): 'We therefore ask you all:' from 'We therefore ask you:'"
        " (context 'individual')",
    ]
    with po.open("rb") as file:
        entry = read_po(file).get("We therefore ask you all:")
    assert entry is not None and entry.fuzzy
    msgfmt_check(po)


RECALL = "We would recall that %(state)s is a party to %(instrument)s"


@pytest.mark.parametrize(
    ("lang", "call"),
    [
        ("uk", f'_("{RECALL}")'),  # its two contexts translated alike
        ("ru", f'_("{RECALL}")'),  # translated otherwise
        # one text made a plural: Babel's merge puts the translation in msgstr[0]
        ("ru", f'ngettext("{RECALL}", "{RECALL} and others", 2)'),
    ],
    ids=["translated-alike", "translated-otherwise", "made-plural"],
)
def test_a_suggestion_names_the_entry_babel_took_it_from(
    sample: Path, runner: CliRunner, lang: str, call: str
) -> None:
    """One English with two msgctxt: Babel's merge lends a new message the translation of
    the last of them in the file, whose context update writes as its #| msgctxt. The line
    names that one entry, never several joined by "or" (they may have been translated
    alike, or the translation reshaped into a plural form)."""
    add_paragraphs(sample / "templates" / "appeal.docx", f"{{{{ {call} }}}}")
    run(runner, sample, "i18n", "extract")
    output = run(runner, sample, "i18n", "update").split("\n")
    po = sample / "locales" / lang / "LC_MESSAGES" / "templates.po"
    left = int(call.startswith("ngettext"))  # a plural: its other forms are to translate
    at = output.index(f"updated {po}: {left} untranslated, 1 newly fuzzy")
    assert output[at + 1] == (
        "  1 new, translation suggested from a close English (fuzzy: review it, then remove"
        f" the fuzzy flag): {RECALL!r} from {(RECALL + '.')!r} (context 'one instrument')"
    )
    text = po.read_text(encoding="utf-8")
    entry = text[: text.index(f'msgid "{RECALL}"\n')].rpartition("\n\n")[2]
    assert '#| msgctxt "one instrument"\n' in entry
    with po.open("rb") as file:
        catalog = read_po(file)
    lent = catalog.get(RECALL)
    source = catalog.get(RECALL + ".", "one instrument")
    assert lent is not None and source is not None
    assert source.string in (lent.string, lent.string[0])


def test_the_catalogs_line_counts_what_the_file_and_the_run_hold(
    sample: Path, runner: CliRunner
) -> None:
    """Obsolete #~ entries the file held before, untouched by the run, are not counted on
    the catalog's line beside what the run did: an 'unchanged' catalog said '2 obsolete' as
    if this run had made them so. Every number left on the line is checked in the file."""
    po = sample / UK_PO / "templates.po"
    gone = (
        '\n#~ msgctxt "one"\n#~ msgid "Gone text"\n#~ msgstr "Вилучений текст"\n'
        '\n#~ msgctxt "two"\n#~ msgid "Gone text"\n#~ msgstr "Вилучений текст два"\n'
    )
    po.write_text(po.read_text(encoding="utf-8") + gone, encoding="utf-8")
    run(runner, sample, "i18n", "update")
    saved = po.read_bytes()
    output = run(runner, sample, "i18n", "update").split("\n")
    assert f"unchanged {po}: 0 untranslated, 0 newly fuzzy" in output
    assert po.read_bytes() == saved and saved.decode("utf-8").count("#~ msgid") == 2
    add_paragraphs(sample / "templates" / "appeal.docx", '{{ _("Annex A") }}')
    run(runner, sample, "i18n", "extract")
    output = run(runner, sample, "i18n", "update").split("\n")
    assert output[:2] == [
        f"updated {po}: 1 untranslated, 0 newly fuzzy",
        "  1 new, to translate: 'Annex A'",
    ]
    with po.open("rb") as file:
        catalog = read_po(file)
    assert [m.id for m in catalog if m.id and not m.string] == ["Annex A"]
    assert not [m for m in catalog if m.id and m.fuzzy]


def test_an_entry_still_fuzzy_whose_english_changed_again_is_listed(
    sample: Path, runner: CliRunner
) -> None:
    """A translation marked fuzzy by an earlier update, its English changed again before
    anyone reviewed it: the run did not make it fuzzy (it is not counted so), but it did
    change the entry, and says which (the catalog was 'updated' with nothing under it).
    The English shown as the one translated stays that of the translation."""
    po = sample / UK_PO / "case-akhmetova.po"
    made_for = "{date} the State Migration Service refused her application."
    flags = '#, python-brace-format\nmsgid "{date} the State Migration Service of Ukraine'
    text = po.read_text(encoding="utf-8")
    assert text.count(flags) == 1
    fuzzy = f'#, fuzzy, python-brace-format\n#| msgid "{made_for}"\n'
    po.write_text(text.replace(flags, fuzzy + flags.partition("\n")[2]), encoding="utf-8")
    case = sample / "cases" / "akhmetova" / "case.yaml"
    english = case.read_text(encoding="utf-8")
    case.write_text(english.replace("refused her application", "turned down her application"))
    run(runner, sample, "i18n", "extract")
    output = run(runner, sample, "i18n", "update").split("\n")
    at = output.index(f"updated {po}: 0 untranslated, 0 newly fuzzy")
    assert output[at + 1 : at + 3] == [
        "  1 still fuzzy, its English changed again: '{date} the State Migration Service"
        " of Ukraine turned down...'",
        f"unchanged {sample / 'locales/ru/LC_MESSAGES/templates.po'}: 0 untranslated, 0 newly"
        " fuzzy",
    ]
    assert f'#| msgid "{made_for}"\n' in po.read_text(encoding="utf-8")
    msgfmt_check(po)
