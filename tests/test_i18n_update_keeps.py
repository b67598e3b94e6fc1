"""``letters i18n update`` rewrites a translator's catalog losing nothing of it: a save made
while it ran, the header fields Poedit, Weblate or Lokalize wrote, the context a fuzzy
translation was made for, the file's Windows line ends, its permissions and symbolic link,
and the forms of a plural translation whose English became singular. Each catalog here is
one such tool's file, and every result is checked by GNU msgfmt."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from click.testing import CliRunner, Result

import letters.i18n.update as merging
from letters.cli import main
from letters.errors import LettersError
from letters.files.atomic import rewrite_bytes
from letters.i18n.person_note import with_note
from letters.i18n.po_scan import PoScan, scan_po
from tests.conftest import REPO, copy_workspace, files_under, msgfmt_check
from tests.test_i18n_update_noise import creation_date, run

DATA = Path(__file__).parent / "data" / "catalogs" / "update"
PO = "locales/uk/LC_MESSAGES/templates.po"
HEADERS = ["poedit.po", "weblate.po", "lokalize.po", "by-hand.po"]
EVERY = [*HEADERS, "previous-context.po", "plural-became-singular.po"]


def put(workspace: Path, name: str) -> Path:
    """The data catalog ``name`` as the workspace's Ukrainian templates catalog."""
    path = workspace / PO
    path.write_bytes((DATA / name).read_bytes())
    return path


def update(runner: CliRunner, workspace: Path) -> Result:
    return runner.invoke(main, ["i18n", "update", "-w", str(workspace)])


def header_fields(data: bytes) -> list[str]:
    """The header entry's fields, each as written (name and value), in their order."""
    text = scan_po(data.decode("utf-8")).header_text
    assert text is not None
    return text.removesuffix("\n").split("\n")


def following(lines: list[str], block: list[str]) -> bool:
    """Whether ``block`` is in ``lines``, one line after the other."""
    return any(lines[i : i + len(block)] == block for i in range(len(lines)))


@pytest.mark.parametrize(
    ("name", "added"),
    [
        ("poedit.po", {"Report-Msgid-Bugs-To"}),  # as msgmerge adds it
        ("weblate.po", set()),
        ("lokalize.po", set()),
        (
            "by-hand.po",
            {
                "Project-Id-Version",
                "Report-Msgid-Bugs-To",
                "POT-Creation-Date",
                "PO-Revision-Date",
                "Last-Translator",
                "Language-Team",
                "MIME-Version",
                "Content-Transfer-Encoding",
            },
        ),
    ],
)
def test_every_header_field_is_kept_in_its_order(
    sample: Path, runner: CliRunner, name: str, added: set[str]
) -> None:
    path = put(sample, name)
    original = path.read_bytes()
    run(runner, sample, "i18n", "extract")
    run(runner, sample, "i18n", "update")
    date = creation_date(sample / "locales" / "templates.pot")
    assert date != "2026-11-01 10:00+0000"
    wanted = [
        f"POT-Creation-Date: {date}" if field.startswith("POT-Creation-Date:") else field
        for field in header_fields(original)
    ]
    fields = header_fields(path.read_bytes())
    assert [f for f in fields if f.partition(":")[0] not in added] == wanted
    assert {f.partition(":")[0] for f in fields} - {f.partition(":")[0] for f in wanted} == added
    if "POT-Creation-Date" in added:
        assert f"POT-Creation-Date: {date}" in fields
    comment = [line for line in original.decode().split("\n") if line.startswith("#")]
    assert path.read_text(encoding="utf-8").split("\n")[: len(comment)] == comment
    msgfmt_check(path)


@pytest.mark.parametrize(
    "block",
    [
        ['#| msgctxt "salutation"', '#| msgid "Dear colleague,"', 'msgid "Dear colleagues,"'],
        [  # a context longer than a line, wrapped as msgmerge wraps it
            "#, fuzzy",
            '#| msgctxt ""',
            '#| "the letter that goes to every official of a joint appeal at once, whatever'
            ' their post and "',
            '#| "whatever their powers"',
            '#| msgid "We therefore ask each of you %(ask)s."',
            'msgctxt "joint"',
            'msgid "We therefore ask each of you, within your respective powers:"',
        ],
        [  # the file's entry, whose English did not change, as the file wraps it
            "#: templates/appeal.docx:22",
            "#, python-format, fuzzy",
            '#| msgctxt ""',
            '#| "the letter that goes to every official of a joint appeal at once, whatever'
            ' their post "',
            '#| "and whatever their powers"',
            '#| msgid "We therefore ask each of you %(ask)s."',
            'msgctxt "joint"',
        ],
        [  # Babel's merge gave a close English the translation of another entry
            "#, fuzzy, python-format",
            '#| msgctxt "individual"',
            '#| msgid "We therefore ask you, please, %(ask)s."',
            'msgctxt "individual"',
            'msgid "We therefore ask you %(ask)s."',
        ],
        [
            "#, fuzzy",
            '#~| msgctxt "individual"',
            '#~| msgid "We ask you:"',
            '#~ msgctxt "individual"',
            '#~ msgid "We ask you, please:"',
        ],
    ],
    ids=["current", "long", "long-kept", "merged", "obsolete"],
)
def test_a_fuzzy_entry_keeps_its_previous_context(
    sample: Path, runner: CliRunner, block: list[str]
) -> None:
    path = put(sample, "previous-context.po")
    run(runner, sample, "i18n", "update")
    written = path.read_bytes()
    assert following(written.decode("utf-8").split("\n"), block)
    msgfmt_check(path)
    output = run(runner, sample, "i18n", "update")  # read back as it was written
    assert f"unchanged {sample}/{PO}:" in output
    assert path.read_bytes() == written


@pytest.mark.parametrize(
    "block",
    [
        [
            "# the English is no longer plural; the other forms of the translation were:",
            '# msgstr[1] "Кому всім:"',
            '# msgstr[2] "Кому всім разом:"',
            "#. label above the list of addressees of a joint letter",
            "#: templates/appeal.docx:6",
            "#, fuzzy",
            '#| msgid "To:"',
            '#| msgid_plural "To all:"',
            'msgid "To:"',
            'msgstr "Кому:"',
        ],
        [  # an empty form is no translation to keep
            "# the English is no longer plural; the other forms of the translation were:",
            '# msgstr[2] "Шановні колеги, \\"усі\\"!"',
            "#. the salutation of a letter to several officials, and of an e-mail to one who has"
            " no salutation of",  # the template's note on "Dear colleagues,"; it wraps here
        ],
    ],
    ids=["every-form", "one-form"],
)
def test_a_plural_become_singular_keeps_its_other_forms(
    sample: Path, runner: CliRunner, block: list[str]
) -> None:
    path = put(sample, "plural-became-singular.po")
    output = run(runner, sample, "i18n", "update")
    assert f"updated {sample}/{PO}: 22 untranslated, 2 newly fuzzy" in output
    assert following(path.read_text(encoding="utf-8").split("\n"), block)
    msgfmt_check(path)
    run(runner, sample, "i18n", "update")  # said once, not once a run
    assert path.read_text(encoding="utf-8").count("no longer plural") == 2


@pytest.mark.parametrize("name", EVERY)
def test_windows_line_ends_are_kept(
    sample: Path, tmp_path: Path, runner: CliRunner, name: str
) -> None:
    lf = put(sample, name)
    windows = copy_workspace(REPO, tmp_path / "windows")
    crlf = windows / PO
    crlf.write_bytes(lf.read_bytes().replace(b"\n", b"\r\n"))
    run(runner, sample, "i18n", "update")
    run(runner, windows, "i18n", "update")
    assert crlf.read_bytes() == lf.read_bytes().replace(b"\n", b"\r\n")
    assert b"\n" not in crlf.read_bytes().replace(b"\r\n", b"")
    msgfmt_check(crlf)
    written = crlf.read_bytes()
    assert f"unchanged {windows}/{PO}:" in run(runner, windows, "i18n", "update")
    assert crlf.read_bytes() == written


SAVES = {  # what a translator's editor wrote while update was merging the catalog
    "a-translation": lambda data: data.replace("Кому:".encode(), "Адресатам:".encode()),
    "line-ends": lambda data: data.replace(b"\n", b"\r\n"),
    "a-bookmark": lambda data: data.replace(b"-1,3,-1", b"-1,4,-1"),
}


@pytest.mark.parametrize("save", sorted(SAVES))
def test_a_save_made_while_update_runs_is_kept(
    sample: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, save: str
) -> None:
    path = put(sample, "poedit.po")
    saved = SAVES[save](path.read_bytes())
    assert saved != path.read_bytes()
    reading = merging.read_catalog_scanned

    def saved_after_reading(
        read: Path, label: str, lang: str | None, data: bytes | None = None
    ) -> tuple[Catalog, PoScan]:
        found = reading(read, label, lang, data)
        if read == path:
            path.write_bytes(saved)  # Poedit saves just then
        return found

    monkeypatch.setattr(merging, "read_catalog_scanned", saved_after_reading)
    result = update(runner, sample)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {PO} was saved by someone else (an editor such as Poedit?) while 'letters"
        " i18n update' was merging it; it was left as saved, not updated: run 'letters i18n"
        " update' again\n"
    )
    assert path.read_bytes() == saved
    assert sorted(p.name for p in path.parent.iterdir()) == ["case-akhmetova.po", "templates.po"]
    monkeypatch.undo()
    assert f"updated {sample}/{PO}:" in run(runner, sample, "i18n", "update")  # run again
    if save == "a-translation":
        assert 'msgstr "Адресатам:"' in path.read_text(encoding="utf-8")


def test_a_save_at_the_last_moment_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "templates.po"
    path.write_bytes(b"as read\n")

    def saved_just_before_replace() -> None:
        path.write_bytes(b"saved by Poedit\n")
        raise LettersError("saved meanwhile")

    with pytest.raises(LettersError, match="saved meanwhile"):
        rewrite_bytes(path, b"merged\n", before_replace=saved_just_before_replace)
    assert path.read_bytes() == b"saved by Poedit\n"
    assert [p.name for p in tmp_path.iterdir()] == ["templates.po"]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_the_file_mode_is_kept(sample: Path, runner: CliRunner, mode: int) -> None:
    path = put(sample, "poedit.po")
    path.chmod(mode)
    assert f"updated {sample}/{PO}:" in run(runner, sample, "i18n", "update")
    assert stat.S_IMODE(path.stat().st_mode) == mode


CASE_PO = "locales/ru/LC_MESSAGES/case-akhmetova.po"


def change_a_case_text(workspace: Path) -> None:
    """Change an English case text, so that update changes every case catalog."""
    case = workspace / "cases" / "akhmetova" / "case.yaml"
    text = case.read_text(encoding="utf-8")
    old, new = "the Supreme Court upheld that order", "the Supreme Court confirmed that order"
    assert text.count(old) == 1
    case.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("mode", [0o444, 0o440, 0o400, 0o555], ids=oct)
def test_a_read_only_catalog_is_refused_and_no_catalog_is_changed(
    sample: Path, runner: CliRunner, mode: int
) -> None:
    """Made read-only by its translator (chmod a-w, a file manager's Read-only, a checkout
    not opened for editing), a catalog was rewritten all the same, its mode kept: replacing
    a file needs only its folder to be writable. It is named, and no catalog is changed,
    not even the Ukrainian one before it."""
    change_a_case_text(sample)
    path = sample / CASE_PO
    path.chmod(mode)
    before = files_under(sample / "locales")
    result = update(runner, sample)
    assert (result.exit_code, result.output) == (
        1,
        "Error: a catalog is read-only; nothing was changed:\n"
        f"  {CASE_PO}: read-only, and 'letters i18n update' would change it: make it writable"
        " (chmod u+w) and run 'letters i18n update' again\n",
    )
    assert files_under(sample / "locales") == before
    assert stat.S_IMODE(path.stat().st_mode) == mode
    path.chmod(0o644)  # made writable, as the message says
    assert f"updated {sample}/{CASE_PO}:" in run(runner, sample, "i18n", "update")


def test_a_read_only_catalog_the_merge_leaves_as_it_is_stops_nothing(
    sample: Path, runner: CliRunner
) -> None:
    """Only a catalog update would change is refused: a translator's finished catalog, made
    read-only, does not stop the others being updated."""
    change_a_case_text(sample)
    path = sample / "locales" / "ru" / "LC_MESSAGES" / "templates.po"
    path.chmod(0o444)
    before = path.read_bytes()
    output = run(runner, sample, "i18n", "update")
    assert f"unchanged {sample}/locales/ru/LC_MESSAGES/templates.po:" in output
    assert f"updated {sample}/{CASE_PO}:" in output
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_a_linked_catalog_whose_file_is_read_only_is_refused(
    sample: Path, runner: CliRunner
) -> None:
    """The file a link points to is the one that would be written: its mode counts."""
    change_a_case_text(sample)
    shared = sample / "shared-translations" / "case-akhmetova.po"
    shared.parent.mkdir()
    path = sample / CASE_PO
    shared.write_bytes(path.read_bytes())
    shared.chmod(0o444)
    path.unlink()
    path.symlink_to(shared)
    result = update(runner, sample)
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: a catalog is read-only; nothing was changed:\n  {CASE_PO}: read-only,"
    )


@pytest.mark.parametrize("relative", [True, False], ids=["relative", "absolute"])
def test_a_linked_catalog_is_written_through_its_link(
    sample: Path, runner: CliRunner, relative: bool
) -> None:
    shared = sample / "shared-translations" / "uk" / "templates.po"  # a translators' checkout
    shared.parent.mkdir(parents=True)
    shared.write_bytes((DATA / "poedit.po").read_bytes())
    shared.chmod(0o640)
    path = sample / PO
    path.unlink()
    link = os.path.relpath(shared, path.parent) if relative else str(shared)
    path.symlink_to(link)
    assert f"updated {sample}/{PO}:" in run(runner, sample, "i18n", "update")
    assert path.is_symlink() and os.readlink(path) == link
    assert "X-Poedit-Bookmarks" in shared.read_text(encoding="utf-8")
    assert "#: templates/appeal.docx:6" in shared.read_text(encoding="utf-8")  # merged
    assert stat.S_IMODE(shared.stat().st_mode) == 0o640
    assert sorted(p.name for p in shared.parent.iterdir()) == ["templates.po"]
    msgfmt_check(path)


@pytest.mark.parametrize(
    ("target", "what"),
    [("missing.po", "does not exist"), ("folder", "is not a file")],
    ids=["missing", "folder"],
)
def test_a_link_to_no_file_is_refused(
    sample: Path, runner: CliRunner, target: str, what: str
) -> None:
    path = sample / PO
    path.unlink()
    (sample / "folder").mkdir()
    path.symlink_to(sample / target)
    result = update(runner, sample)
    assert result.exit_code == 1
    pointed = (sample / target).resolve()
    assert result.output == (
        f"Error: {path} is a symbolic link to {pointed}, which {what}; point the link"
        " at a file in the workspace, or put the file in its place; nothing was written\n"
    )
    assert not (sample / "missing.po").exists()
    assert list((sample / "folder").iterdir()) == []
    assert path.is_symlink()


def _elsewhere(sample: Path) -> Path:
    """A catalog of the user's beside the workspace, and the workspace's linked to it."""
    elsewhere = sample.parent / "elsewhere" / "templates.po"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes((DATA / "poedit.po").read_bytes())
    (sample / PO).unlink()
    (sample / PO).symlink_to("../../../../elsewhere/templates.po")
    return elsewhere


def test_a_link_out_of_the_workspace_is_neither_read_nor_written(
    sample: Path, runner: CliRunner
) -> None:
    """A workspace from elsewhere may link to any file of the user's: the loader refuses it
    before anything is read (tests/test_links_outside.py has every kind of file)."""
    elsewhere = _elsewhere(sample)
    before = elsewhere.read_bytes()
    result = update(runner, sample)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: 1 problem in the workspace:\n  {PO}: a symbolic link to {elsewhere}, outside"
        " the workspace; nothing is read through it: replace the link with the file itself\n"
    )
    assert elsewhere.read_bytes() == before
    assert (sample / PO).is_symlink()


def test_a_link_made_out_of_the_workspace_after_it_was_read_is_not_written(
    sample: Path,
) -> None:
    """The writer's own guard, for a link made while a command ran."""
    elsewhere = _elsewhere(sample)
    before = elsewhere.read_bytes()
    path = sample / PO
    with pytest.raises(LettersError) as raised:
        rewrite_bytes(path, b"", within=sample)
    assert str(raised.value) == (
        f"{path} is a symbolic link to {elsewhere}, which is outside {sample}; point the link"
        " at a file in the workspace, or put the file in its place; nothing was written"
    )
    assert elsewhere.read_bytes() == before
    assert path.is_symlink()


def test_an_entry_still_fuzzy_keeps_the_english_its_translation_was_made_for(
    sample: Path, runner: CliRunner
) -> None:
    """The English changed twice before a translator looked: the entry's #| still shows the
    English its translation was made for, as msgmerge keeps it (the review a translator's
    tool shows is of what changed since they translated), and it is not counted again."""
    case = sample / "cases" / "akhmetova" / "case.yaml"
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "case-akhmetova.po"
    made_for = '#| msgid "{date} the Supreme Court upheld that order."'
    for wording in ("this order", "the order"):
        text = case.read_text(encoding="utf-8")
        case.write_text(
            text.replace("upheld that order.", f"upheld {wording}.").replace(
                "upheld this order.", f"upheld {wording}."
            ),
            encoding="utf-8",
        )
        run(runner, sample, "i18n", "extract")
        output = run(runner, sample, "i18n", "update")
        lines = po.read_text(encoding="utf-8").split("\n")
        at = lines.index(f'msgid "{{date}} the Supreme Court upheld {wording}."')
        assert lines[at - 1] == made_for
        assert lines[at + 1] == 'msgstr "{date} Верховний Суд залишив це рішення без змін."'
        newly = "1 newly fuzzy" if wording == "this order" else "0 newly fuzzy"
        assert f"case-akhmetova.po: 0 untranslated, {newly}" in output
    msgfmt_check(po)


@pytest.mark.parametrize("blank", [b"", b"\n\n", b"  \r\n"])
def test_an_empty_catalog_is_named_so_and_update_begins_it(
    sample: Path, runner: CliRunner, blank: bytes
) -> None:
    """An empty file was 'the header has no Plural-Forms line', and update merged into it
    with Babel's placeholder header (PROJECT, FIRST AUTHOR), not the one a new catalog has."""
    path = sample / PO
    path.write_bytes(blank)
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 1
    assert check.output.splitlines()[0] == (
        f"error: {PO}: the file is empty; 'letters i18n update' begins the catalog in it"
    )
    result = update(runner, sample)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"created {path}: 24 untranslated, 0 newly fuzzy"
    text = path.read_text(encoding="utf-8")
    assert text.startswith('# Ukrainian translation of letters, domain "templates".\n')
    assert "PROJECT" not in text and "FIRST AUTHOR" not in text
    msgfmt_check(path)


GONE_ENGLISH = (
    "We have followed the case of the journalist since her arrest in Kyiv, and we shall go"
    " on following it until she is safe from extradition to Kazakhstan."
)
GONE_TRANSLATION = (
    "Ми стежимо за справою журналістки від її арешту в Києві й стежитимемо за нею, доки їй"
    " не перестане загрожувати екстрадиція до Казахстану."
)


def test_an_obsolete_entry_is_wrapped_as_the_live_ones_are(sample: Path, runner: CliRunner) -> None:
    """Babel wrapped a #~ entry at about 50 columns (it counts the '#~ ' once a word);
    it is written as wide as the file's other entries, and read back whole."""
    path = sample / PO
    with path.open("a", encoding="utf-8") as po:
        po.write(f'\nmsgid "{GONE_ENGLISH}"\nmsgstr "{GONE_TRANSLATION}"\n')
    output = run(runner, sample, "i18n", "update")
    assert f"updated {sample}/{PO}: 0 untranslated, 0 newly fuzzy" in output
    written = path.read_text(encoding="utf-8").split("\n")
    gone = [line for line in written if line.startswith("#~ ")]
    assert gone[0] == '#~ msgid ""'
    strings = [line.removeprefix("#~ ") for line in gone if line.startswith('#~ "')]
    assert len(strings) == 4 and all(len(line) <= 100 for line in gone)
    assert [len(line) > 80 for line in strings] == [True, False, True, False]
    scanned = read_po(path.open("rb"), locale="uk")
    assert scanned.obsolete[GONE_ENGLISH].string == GONE_TRANSLATION
    msgfmt_check(path)
    assert f"unchanged {sample}/{PO}:" in run(runner, sample, "i18n", "update")


# The comment above a header as gettext's tools write it, their placeholders left for the
# translator to fill in; Babel's writer filled them in with its own words.
XGETTEXT_COMMENT = (
    b"# SOME DESCRIPTIVE TITLE.\n"
    b"# Copyright (C) YEAR THE PACKAGE'S COPYRIGHT HOLDER\n"
    b"# This file is distributed under the same license as the PROJECT VERSION package.\n"
    b"# FIRST AUTHOR <EMAIL@ADDRESS>, YEAR.\n"
    b"#\n"
)


# Comment lines longer than Babel's width, which it wraps: the lines under them were left
# behind, a word written twice, when the lines Babel wrote were counted by breaking the
# line at its hyphens, as Babel's wrapper never does.
LONG_COMMENTS = {
    "long-hyphenated-line": "# Copyright (C) YEAR the office: "
    + " ".join(["-".join(["ab"] * 20)] * 5),
    "long-url-line": "# Glossary: https://translations.example.org/letters-appeals/ukrainian-terms"
    "/courts-and-prosecutors/supreme-court-of-ukraine/high-anti-corruption-court.html",
}


@pytest.mark.parametrize(
    "begun_as", ["copy-of-pot", "copy-of-case-pot", "xgettext-comment", *LONG_COMMENTS]
)
def test_the_comment_above_the_header_is_kept_as_written(
    sample: Path, runner: CliRunner, begun_as: str
) -> None:
    po = PO if begun_as != "copy-of-case-pot" else PO.replace("templates", "case-akhmetova")
    path = sample / po
    if begun_as.startswith("copy-of"):  # as a translator begins one: cp templates.pot uk/...
        path.write_bytes((sample / "locales" / f"{path.stem}.pot").read_bytes())
    else:
        long_line = LONG_COMMENTS.get(begun_as, "").encode() + b"\n" * (begun_as in LONG_COMMENTS)
        path.write_bytes(long_line + XGETTEXT_COMMENT + (DATA / "poedit.po").read_bytes())
    lines = path.read_text(encoding="utf-8").split("\n")
    comment = lines[: next(n for n, line in enumerate(lines) if not line.startswith("#"))]
    output = run(runner, sample, "i18n", "update")
    assert f"updated {sample}/{po}:" in output  # its header completed: written again
    written = path.read_text(encoding="utf-8").split("\n")
    head = written[: written.index('msgid ""')]
    assert head[: len(comment)] == comment
    # Nothing of Babel's is left under it, only the note update adds to a case's catalog.
    note = with_note("", "female").split("\n") if begun_as == "copy-of-case-pot" else []
    assert head[len(comment) :] == note
    msgfmt_check(path)
