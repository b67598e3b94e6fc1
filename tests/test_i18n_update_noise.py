"""``letters i18n extract`` and ``update`` change a catalog only when an entry of it changed:
a run with nothing new leaves every file as it was, bytes and mtime, so version control
shows no date-only changes; a changed text or a moved one rewrites only its catalogs."""

from __future__ import annotations

import io
import os
import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from letters.i18n.extract import empty_catalog
from letters.i18n.po_write import po_bytes
from tests.conftest import GETTEXT, msgfmt_check, require_tool
from tests.conftest import cli as run

OLD_DATE = "2020-01-02 03:04+0000"
CREATION = re.compile(r'^"POT-Creation-Date: ([^\\]*)\\n"$', re.MULTILINE)
OLD_MTIME = 1_600_000_000_000_000_000  # ns: September 2020
CASE = "cases/akhmetova/case.yaml"
EMAIL = "templates/appeal.email.txt"

State = dict[str, tuple[bytes, int]]


def catalogs(workspace: Path) -> list[Path]:
    locales = workspace / "locales"
    return sorted([*locales.glob("*.pot"), *locales.glob("*/LC_MESSAGES/*.po")])


def state(workspace: Path) -> State:
    """Every catalog's bytes and mtime, by its path in the workspace."""
    return {
        p.relative_to(workspace).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in catalogs(workspace)
    }


def creation_date(path: Path) -> str:
    found = CREATION.search(path.read_text(encoding="utf-8"))
    assert found, path
    return found.group(1)


def change_a_text(workspace: Path, source: str, domain: str) -> tuple[str, str]:
    """Change one translated sentence of ``source`` (written there once, on one line)
    a little, as an author would; return it before and after.

    The sentence is looked up in the catalogs rather than written here, so that the test
    keeps working while the sample's wording changes.
    """
    path = workspace / source
    text = path.read_text(encoding="utf-8")
    po = workspace / "locales" / "uk" / "LC_MESSAGES" / f"{domain}.po"
    for entry in read_po(po.open("rb"), locale="uk"):
        old = entry.id
        if (
            isinstance(old, str)
            and entry.string
            and not entry.fuzzy
            and 20 < len(old) < 70
            and old.endswith(".")
            and '"' not in old
            and "\\" not in old
            and "\n" not in old
            and text.count(old) == 1
            and all(f == source for f, _ in entry.locations)
        ):
            new = old[:-1] + ", indeed."
            path.write_text(text.replace(old, new), encoding="utf-8")
            return old, new
    raise AssertionError(f"no sentence of {source} to change")


def settled(runner: CliRunner, workspace: Path) -> State:
    """The workspace's catalogs brought up to date, then made to look written long ago
    (an old POT-Creation-Date, an old mtime), as after a run some days before."""
    run(runner, workspace, "i18n", "extract")
    run(runner, workspace, "i18n", "update")
    for path in catalogs(workspace):
        text = path.read_text(encoding="utf-8")
        path.write_text(CREATION.sub(f'"POT-Creation-Date: {OLD_DATE}\\\\n"', text), "utf-8")
        assert creation_date(path) == OLD_DATE
        os.utime(path, ns=(OLD_MTIME, OLD_MTIME))
    return state(workspace)


def changed(before: State, after: State) -> set[str]:
    assert before.keys() == after.keys()
    return {name for name in before if before[name] != after[name]}


def test_a_run_with_nothing_new_changes_no_file(sample: Path, runner: CliRunner) -> None:
    before = settled(runner, sample)
    run(runner, sample, "i18n", "extract")
    output = run(runner, sample, "i18n", "update")
    run(runner, sample, "i18n", "update")
    assert len(before) == 6  # two .pot, two languages' two .po
    assert state(sample) == before  # the same bytes, the same mtimes: the old dates kept
    assert f"unchanged {sample}/locales/uk/LC_MESSAGES/templates.po: 0 untranslated" in output
    assert "updated" not in output


def test_the_committed_catalogs_are_as_every_allowed_babel_writes_them(
    sample: Path, runner: CliRunner
) -> None:
    """The sample's catalogs, as committed, are what ``extract`` and ``update`` write with
    the Babel installed, whichever release ``pyproject.toml`` allows (CI runs this with
    the lowest and the newest): no run rewrites them with nothing new, and a catalog
    merged later is dated as its .pot, not by the minute it ran."""
    before = state(sample)
    extracted = run(runner, sample, "i18n", "extract")
    updated = run(runner, sample, "i18n", "update")
    assert extracted.split("\n")[:2] == [
        f"unchanged {sample}/locales/templates.pot",
        f"unchanged {sample}/locales/case-akhmetova.pot",
    ]
    assert "updated" not in updated
    assert state(sample) == before


def test_a_changed_case_text_rewrites_only_the_case_catalogs(
    sample: Path, runner: CliRunner
) -> None:
    before = settled(runner, sample)
    old, new = change_a_text(sample, CASE, "case-akhmetova")
    run(runner, sample, "i18n", "extract")
    output = run(runner, sample, "i18n", "update")
    after = state(sample)
    assert changed(before, after) == {
        "locales/case-akhmetova.pot",
        "locales/uk/LC_MESSAGES/case-akhmetova.po",
        "locales/ru/LC_MESSAGES/case-akhmetova.po",
    }
    assert "case-akhmetova.po: 0 untranslated, 1 newly fuzzy" in output
    assert f"updated {sample}/locales/uk/LC_MESSAGES/case-akhmetova.po" in output
    assert f"unchanged {sample}/locales/uk/LC_MESSAGES/templates.po" in output
    for name in ("templates.pot", "uk/LC_MESSAGES/templates.po", "ru/LC_MESSAGES/templates.po"):
        assert creation_date(sample / "locales" / name) == OLD_DATE
    pot_date = creation_date(sample / "locales" / "case-akhmetova.pot")
    assert pot_date != OLD_DATE
    for lang in ("uk", "ru"):
        po = sample / "locales" / lang / "LC_MESSAGES" / "case-akhmetova.po"
        assert creation_date(po) == pot_date
        text = po.read_text(encoding="utf-8")
        assert f'#| msgid "{old}"' in text  # the English the translation was made for
        catalog = read_po(po.open("rb"), locale=lang)
        entry = catalog.get(new)
        assert entry.fuzzy and entry.string  # the old translation kept for review
        msgfmt_check(po)

    # Run again: the fuzzy entry and its previous English read back as they were written.
    run(runner, sample, "i18n", "extract")
    run(runner, sample, "i18n", "update")
    assert state(sample) == after


def test_a_changed_template_text_rewrites_only_the_template_catalogs(
    sample: Path, runner: CliRunner
) -> None:
    before = settled(runner, sample)
    _old, new = change_a_text(sample, EMAIL, "templates")
    output = run(runner, sample, "i18n", "update")  # without extract: the .pot stays as it was
    assert output.splitlines()[-1] == (
        f"note: {sample}/locales/templates.pot does not hold the current English texts, which"
        " the catalogs were merged with: run 'letters i18n extract' (tools that update a"
        " catalog from the .pot, such as Poedit and Weblate, would bring the old English back)"
    )
    assert output.count("note: ") == 1  # once for the .pot, not once per language
    after = state(sample)
    assert changed(before, after) == {
        "locales/uk/LC_MESSAGES/templates.po",
        "locales/ru/LC_MESSAGES/templates.po",
    }
    for lang in ("uk", "ru"):
        po = sample / "locales" / lang / "LC_MESSAGES" / "templates.po"
        assert creation_date(po) != OLD_DATE
        assert f'msgid "{new}"' in po.read_text(encoding="utf-8")
        msgfmt_check(po)
    run(runner, sample, "i18n", "extract")
    assert changed(after, state(sample)) == {"locales/templates.pot"}
    assert "note: " not in run(runner, sample, "i18n", "update")


def test_moved_text_counts_as_a_change(sample: Path, runner: CliRunner) -> None:
    """A source reference (#: file:line) tells a translator where a text is used: when the
    texts of a case move down a line, its catalogs are rewritten, nothing made fuzzy."""
    before = settled(runner, sample)
    case = sample / CASE
    case.write_text("# one more line of comment\n" + case.read_text(encoding="utf-8"), "utf-8")
    run(runner, sample, "i18n", "extract")
    output = run(runner, sample, "i18n", "update")
    after = state(sample)
    assert changed(before, after) == {
        "locales/case-akhmetova.pot",
        "locales/uk/LC_MESSAGES/case-akhmetova.po",
        "locales/ru/LC_MESSAGES/case-akhmetova.po",
    }
    assert "0 newly fuzzy" in output and "1 newly fuzzy" not in output
    for lang in ("uk", "ru"):
        po = sample / "locales" / lang / "LC_MESSAGES" / "case-akhmetova.po"
        old_bytes = before[f"locales/{lang}/LC_MESSAGES/case-akhmetova.po"][0]
        old = read_po(io.BytesIO(old_bytes), locale=lang)
        new = read_po(po.open("rb"), locale=lang)
        entries = [(m.id, m.string, m.fuzzy) for m in new if m.id]
        assert entries == [(m.id, m.string, m.fuzzy) for m in old if m.id]
        for was, now in zip(old, new, strict=True):
            want = [(f, line + 1 if f == CASE else line) for f, line in was.locations]
            assert now.locations == want, now.id
        assert any(f == CASE for m in new for f, _ in m.locations)
        msgfmt_check(po)


def test_a_catalog_saved_by_another_tool_is_left_alone(sample: Path, runner: CliRunner) -> None:
    """A translator's tool wraps lines its own way and writes its own Generated-By; with no
    entry changed, update does not rewrite the file into Babel's wrapping."""
    msgcat = require_tool("msgcat", GETTEXT)
    settled(runner, sample)
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "templates.po"
    ours = po.read_bytes()
    subprocess.run([msgcat, "--width=60", "-o", str(po), str(po)], check=True)
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace("Generated-By: Babel", "Generated-By: Babel 0.9 was"), "utf-8")
    os.utime(po, ns=(OLD_MTIME, OLD_MTIME))
    assert po.read_bytes() != ours  # really written differently
    before = state(sample)
    run(runner, sample, "i18n", "update")
    assert state(sample) == before
    msgfmt_check(po)


def test_a_translation_marked_fuzzy_by_hand_is_not_newly_fuzzy(
    sample: Path, runner: CliRunner
) -> None:
    """An update that changes nothing says 'unchanged … 0 newly fuzzy', though a
    translator marked an entry fuzzy themselves (it said '1 newly fuzzy' every time)."""
    settled(runner, sample)
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "templates.po"
    text = po.read_text(encoding="utf-8")
    entry = 'msgid "Yours sincerely,"\n'
    assert text.count(entry) == 1
    po.write_text(text.replace(entry, "#, fuzzy\n" + entry), encoding="utf-8")
    for _ in range(2):
        output = run(runner, sample, "i18n", "update")
        assert f"unchanged {po}: 0 untranslated, 0 newly fuzzy" in output, output


def test_a_catalog_is_dated_as_the_pot_it_was_merged_from(sample: Path, runner: CliRunner) -> None:
    """However long after 'extract' the 'update' runs (a minute turned between them on a
    slow machine), each catalog's POT-Creation-Date is its .pot's."""
    change_a_text(sample, CASE, "case-akhmetova")
    run(runner, sample, "i18n", "extract")
    pot = sample / "locales" / "case-akhmetova.pot"
    pot.write_text(CREATION.sub(f'"POT-Creation-Date: {OLD_DATE}\\\\n"', pot.read_text("utf-8")))
    run(runner, sample, "i18n", "update")
    for lang in ("uk", "ru"):
        po = sample / "locales" / lang / "LC_MESSAGES" / "case-akhmetova.po"
        assert creation_date(po) == creation_date(pot) == OLD_DATE


def test_a_catalog_wrapped_by_another_tool_changes_only_where_its_english_did(
    sample: Path, runner: CliRunner
) -> None:
    """Poedit and msgcat wrap a catalog at 79 columns, where this tool wraps at 100 and
    breaks lines elsewhere: after one English sentence changed, the translator's diff shows
    that entry and the header's POT-Creation-Date, not every long entry of the file."""
    msgcat = require_tool("msgcat", GETTEXT)
    settled(runner, sample)
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "case-akhmetova.po"
    subprocess.run([msgcat, str(po), "-o", str(po)], check=True, capture_output=True)
    saved = po.read_text(encoding="utf-8")
    assert max(len(line) for line in saved.splitlines() if line.startswith('"')) <= 79
    old, new = change_a_text(sample, CASE, "case-akhmetova")
    run(runner, sample, "i18n", "extract")
    run(runner, sample, "i18n", "update")
    written = po.read_text(encoding="utf-8")
    entries = saved.split("\n\n")
    rewritten = [entry for entry in entries if f'"{old}"' in entry.replace('"\n"', "")]
    assert len(rewritten) == 1
    header, kept = entries[0], [e for e in entries[1:] if e not in rewritten]
    assert all(entry in written for entry in kept)  # byte for byte, wrapping and all
    assert CREATION.sub("", written.split("\n\n")[0]) == CREATION.sub("", header)
    assert f'#| msgid "{old}"' in written and f'msgid "{new}"' in written
    msgfmt_check(po)
    # run again: nothing changed, nothing written
    before = state(sample)
    run(runner, sample, "i18n", "update")
    assert state(sample) == before


def test_a_pot_written_otherwise_but_holding_the_texts_is_not_called_behind(
    sample: Path, runner: CliRunner
) -> None:
    """A .pot another tool (or another Babel release) wrapped its own way still holds the
    current English: update names no .pot as behind the texts."""
    msgcat = require_tool("msgcat", GETTEXT)
    settled(runner, sample)
    for pot in (sample / "locales").glob("*.pot"):
        subprocess.run([msgcat, str(pot), "-o", str(pot)], check=True, capture_output=True)
    assert "note: " not in run(runner, sample, "i18n", "update")


@pytest.mark.parametrize(
    ("msgid", "msgstr", "flagged"),
    [
        ("{date} she was detained.", "{date} її затримали.", True),
        (
            ("{count} letter", "{count} letters"),
            ("{count} лист", "{count} листи", "{count} листів"),
            True,
        ),
        (
            ("one letter", "{count} letters"),
            ("{count} лист", "{count} листи", "{count} листів"),
            True,
        ),
        ("Set {braces} apart: {", "Дужки {braces} окремо: {", False),  # no format string
        ("No fields: {}", "Жодного поля: {}", True),  # an automatic field is one
        ("Plain text.", "Звичайний текст.", False),
    ],
    ids=["field", "plural", "plural-form-only", "stray-brace", "automatic", "plain"],
)
def test_brace_format_is_flagged_by_one_rule(
    tmp_path: Path, msgid: str | tuple[str, str], msgstr: str | tuple[str, ...], flagged: bool
) -> None:
    """``python-brace-format`` is set by the rule of Babel 2.17 and later whichever release
    writes the catalog, and GNU msgfmt accepts what is flagged."""
    catalog = empty_catalog("case-test", "uk")
    catalog.add(msgid, string=msgstr)
    po = tmp_path / "case-test.po"
    po.write_bytes(po_bytes(catalog))
    assert (b"python-brace-format" in po.read_bytes()) is flagged
    msgfmt_check(po)


def test_a_pot_not_written_yet_is_named_as_missing_not_as_stale(
    tmp_path: Path, runner: CliRunner
) -> None:
    """A new workspace (letters init) has no .pot: the first update says to write it, not
    that it holds old English that Poedit or Weblate would bring back."""
    from letters.cli import main

    folder = tmp_path / "new"
    assert runner.invoke(main, ["init", str(folder)]).exit_code == 0
    output = run(runner, folder, "i18n", "update")
    notes = [line for line in output.splitlines() if line.startswith("note: ")]
    assert notes == [
        f"note: there is no {folder}/locales/{domain}.pot yet: run 'letters i18n extract' to"
        " write it, for tools that update a catalog from the .pot (Poedit, Weblate)"
        for domain in ("templates", "case-example")
    ]
    run(runner, folder, "i18n", "extract")
    assert "note: " not in run(runner, folder, "i18n", "update")


def test_a_catalog_wrapped_by_another_tool_keeps_its_entries_when_only_their_lines_moved(
    sample: Path, runner: CliRunner
) -> None:
    """A line added near the top of the case file moves the reference (#:) of every entry
    below it: the translator's entries keep their strings and comments as their tool wrapped
    them, and only the references change, where they were rewritten as this tool wraps them."""
    msgcat = require_tool("msgcat", GETTEXT)
    settled(runner, sample)
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "case-akhmetova.po"
    subprocess.run([msgcat, str(po), "-o", str(po)], check=True, capture_output=True)
    saved = po.read_text(encoding="utf-8")
    case = sample / CASE
    case.write_text("# an editor's note\n" + case.read_text(encoding="utf-8"), encoding="utf-8")
    run(runner, sample, "i18n", "extract")
    run(runner, sample, "i18n", "update")
    written = po.read_text(encoding="utf-8")

    def without_references(text: str) -> list[str]:
        return [line for line in CREATION.sub("", text).split("\n") if not line.startswith("#:")]

    assert written != saved
    assert without_references(written) == without_references(saved)
    msgfmt_check(po)


def test_an_obsolete_entry_without_a_format_flag_is_left_as_written(
    sample: Path, runner: CliRunner
) -> None:
    """An obsolete entry with a placeholder, typed or kept by a tool without its
    python-format flag (msgmerge keeps a #~ entry as it is), was given the flag by every
    update: the catalog was rewritten, 'updated', with nothing new in it."""
    settled(runner, sample)
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "templates.po"
    with po.open("a", encoding="utf-8") as file:
        file.write('\n#~ msgid "Gone since %(date)s."\n#~ msgstr "Вилучено з %(date)s."\n')
    os.utime(po, ns=(OLD_MTIME, OLD_MTIME))
    before = state(sample)
    output = run(runner, sample, "i18n", "update")
    assert f"unchanged {po}: 0 untranslated, 0 newly fuzzy" in output, output
    assert state(sample) == before
