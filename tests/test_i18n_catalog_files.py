"""A translator's work is never lost or passed over without a word: a translation typed into
a .pot is named by ``check`` and never written over by ``extract``; a catalog saved where
letters never reads it is named, with where it belongs, by ``check``, ``build`` and
``compile`` alike; and a draft's count of untranslated messages is the count its reader sees."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.i18n.catalog_files import translated_lines
from tests.conftest import cli as run
from tests.conftest import fails, files_under

UK = "locales/uk/LC_MESSAGES"
NEVER = "never read: letters reads a catalog only at locales/<language>/LC_MESSAGES/<domain>.po"
CONFLICT = "<<<<<<< HEAD\n{ours}\n=======\n{theirs}\n>>>>>>> review\n"


def _type_into_pot(sample: Path, pot: str, msgid: str, conflict: bool = False) -> int:
    """Type a translation into a .pot under ``msgid``; the line of that msgstr."""
    path = sample / "locales" / pot
    text = path.read_text(encoding="utf-8")
    entry = f'msgid "{msgid}"\nmsgstr ""\n'
    assert text.count(entry) == 1
    typed = 'msgstr "Переклад"'
    if conflict:  # the translation on one side of a merge conflict
        typed = CONFLICT.format(ours='msgstr ""', theirs=typed).rstrip("\n")
    path.write_text(text.replace(entry, f'msgid "{msgid}"\n{typed}\n'), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").split("\n")
    return lines.index('msgstr "Переклад"') + 1


POT_CASES = [
    ("templates.pot", "Yours sincerely,", "templates", False),
    ("case-akhmetova.pot", "the UN Convention against Torture", "case-akhmetova", False),
    ("templates.pot", "Yours sincerely,", "templates", True),
]


@pytest.mark.parametrize(
    ("pot", "msgid", "domain", "conflict"), POT_CASES, ids=["templates", "case", "in-a-conflict"]
)
def test_a_translation_typed_into_a_pot_is_named_and_never_written_over(
    sample: Path, runner: CliRunner, pot: str, msgid: str, domain: str, conflict: bool
) -> None:
    line = _type_into_pot(sample, pot, msgid, conflict)
    said = (
        f"locales/{pot}:{line}: a translation is typed into the .pot here, where no letter"
        " reads it and 'letters i18n extract' would write over it: move it into the catalog"
        f" of its language (locales/uk/LC_MESSAGES/{domain}.po or"
        f" locales/ru/LC_MESSAGES/{domain}.po), then delete this .pot and run"
        " 'letters i18n extract'"
    )
    if not conflict:  # (a .pot in conflict is refused by update's reading of it: not here)
        check = run(runner, sample, "check")
        assert f"warning: {said}" in check.splitlines()
    before = files_under(sample)
    output = fails(runner, sample, "i18n", "extract")
    assert output == (
        f"Error: a translation typed into a .pot would be lost, so nothing was written:\n  {said}\n"
    )
    assert files_under(sample) == before
    (sample / "locales" / pot).unlink()  # moved into its catalog: the .pot is written anew
    assert "wrote" in run(runner, sample, "i18n", "extract")
    assert 'msgstr "Переклад"' not in (sample / "locales" / pot).read_text(encoding="utf-8")


def test_several_translations_in_a_pot_are_told_once_at_the_first() -> None:
    text = (
        'msgid ""\nmsgstr ""\n"Project-Id-Version: x\\n"\n\n'
        'msgid "a"\nmsgstr ""\n\n'
        'msgid ""\n"long"\nmsgstr ""\n"Переклад"\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] ""\nmsgstr[1] "Переклади"\n\n'
        '#~ msgid "old"\n#~ msgstr "Старий"\n'
    )
    assert translated_lines(text) == [10, 16]  # a msgstr on lines of its own: its keyword


def _moved(sample: Path, source: str, target: str, copy: bool = False) -> None:
    (sample / target).parent.mkdir(parents=True, exist_ok=True)
    (shutil.copy if copy else shutil.move)(sample / source, sample / target)


STRAYS = [
    # saved one folder off: its place is clear
    (
        f"{UK}/case-akhmetova.po",
        "locales/uk/case-akhmetova.po",
        False,
        f"{NEVER}: move it to {UK}/case-akhmetova.po",
    ),
    # misnamed, as an editor names a catalog by its language
    (
        f"{UK}/case-akhmetova.po",
        f"{UK}/case-akhmetova-uk.po",
        False,
        f"{NEVER}: move it to {UK}/case-akhmetova.po",
    ),
    # beside the case's facts
    (
        f"{UK}/case-akhmetova.po",
        "cases/akhmetova/uk.po",
        False,
        f"{NEVER}: move it to {UK}/case-akhmetova.po",
    ),
    # the locale, not the language
    (
        f"{UK}/case-akhmetova.po",
        "locales/uk_UA/LC_MESSAGES/case-akhmetova.po",
        False,
        f"{NEVER}: move it to {UK}/case-akhmetova.po",
    ),
    # a copy under a name close to the one read, which has its own translations
    (
        f"{UK}/case-akhmetova.po",
        f"{UK}/case-akhmetva.po",
        True,
        f"{NEVER}, and {UK}/case-akhmetova.po is the one read: copy into it what it lacks"
        " from this file, then delete this file",
    ),
    # the catalog of a case since renamed or deleted: not offered to another case
    (
        f"{UK}/case-akhmetova.po",
        f"{UK}/case-example.po",
        True,
        "never read: no folder cases/example/ holds its case (a case's catalog is named"
        " case-<folder>.po): rename it after the case's folder, or delete it if that case is"
        " gone",
    ),
    # a language the workspace does not write in
    (
        f"{UK}/templates.po",
        "locales/pl/LC_MESSAGES/templates.po",
        True,
        "never read: 'pl' is not one of the languages in workspace.yaml; 'letters i18n init"
        " pl' adds it, keeping the catalogs already in locales/pl/LC_MESSAGES/",
    ),
    # Ukraine's country code for the language's: not 'letters i18n init ua', which refuses it
    (
        f"{UK}/templates.po",
        "locales/ua/LC_MESSAGES/templates.po",
        True,
        "never read: 'ua' is no language of workspace.yaml; did you mean 'uk'? Its catalogs"
        " are in locales/uk/LC_MESSAGES/: move this one there, or, if locales/uk/LC_MESSAGES/"
        " has one of the same name, copy the translations you need into it",
    ),
    # the source language
    (
        f"{UK}/templates.po",
        "locales/en/LC_MESSAGES/templates.po",
        True,
        "never read: en is the source language (workspace.yaml), whose text is the one"
        " written in the cases and templates themselves; edit it there",
    ),
    # whose language, letters cannot tell
    (
        f"{UK}/templates.po",
        "locales/templates.po",
        True,
        f"{NEVER} (languages: uk, ru; domains: templates, case-akhmetova); move it there",
    ),
    # the review request's words in a language letters ships them in
    (
        f"{UK}/templates.po",
        f"{UK}/review.po",
        True,
        "never read: letters ships its own review request words in uk, the same in every"
        " workspace, as replies are read for their sentences and answer words; delete this"
        " file",
    ),
]


@pytest.mark.parametrize(
    ("source", "stray", "copy", "said"),
    STRAYS,
    ids=[
        "one-off",
        "misnamed",
        "in-case",
        "locale",
        "close-name",
        "gone-case",
        "pl",
        "ua",
        "en",
        "no-language",
        "shipped-review",
    ],
)
def test_a_catalog_letters_never_reads_is_named_by_check_build_and_compile(
    sample: Path, runner: CliRunner, source: str, stray: str, copy: bool, said: str
) -> None:
    _moved(sample, source, stray, copy)
    warning = f"warning: {stray}: {said}"
    assert warning in run(runner, sample, "check").splitlines()
    assert warning in run(runner, sample, "build", "may-2020-joint").splitlines()
    compiled = run(runner, sample, "i18n", "compile").splitlines()
    assert warning in compiled  # the same note: left alone, as check only warns of it
    assert not [line for line in compiled if line.startswith("wrote") and stray[:-3] in line]


@pytest.mark.parametrize(
    ("made_by", "kept", "left"),
    [
        ("extract", "locales/case-akhmetova.pot", "locales/case-example.pot"),
        ("compile", f"{UK}/case-akhmetova.mo", f"{UK}/case-example.mo"),
    ],
    ids=["pot", "mo"],
)
def test_the_files_made_for_a_case_since_deleted_are_named_by_check_and_build(
    sample: Path, runner: CliRunner, made_by: str, kept: str, left: str
) -> None:
    """A case's folder deleted, its catalogs are named as never read, and its .pot and
    .mo files, which extract and compile leave as they are (a translator's tool would
    still offer the .pot), are named too."""
    run(runner, sample, "i18n", made_by)
    shutil.copy(sample / kept, sample / left)
    kind = Path(left).suffix
    warning = (
        f"warning: {left}: no folder cases/example/ holds its case (a case's {kind} is named"
        f" case-<folder>{kind}): delete it if that case is gone, as 'letters i18n {made_by}'"
        " writes one for each case there is and leaves this one"
    )
    assert warning in run(runner, sample, "check").splitlines()
    assert warning in run(runner, sample, "build", "may-2020-joint").splitlines()
    run(runner, sample, "i18n", made_by)
    assert warning in run(runner, sample, "check").splitlines()
    (sample / left).unlink()
    assert Path(left).name not in run(runner, sample, "check")


def test_the_missing_catalog_says_to_move_the_misplaced_one_and_the_count_is_the_marks(
    sample: Path, runner: CliRunner
) -> None:
    _moved(sample, f"{UK}/case-akhmetova.po", "locales/uk/case-akhmetova.po")
    result = runner.invoke(main, ["build", "may-2020-joint", "--lang", "uk", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        f"warning: {UK}/case-akhmetova.po: the catalog is not here, so its 37 messages have no"
        f" translation: move locales/uk/case-akhmetova.po to {UK}/case-akhmetova.po"
    ) in lines
    assert not [line for line in lines if "i18n update" in line]
    # every text of the case the letter shows is marked: the count says how many
    assert lines[-1] == (
        "25 untranslated messages marked [UNTRANSLATED: ...] in the drafts; a --final build"
        " refuses them."
    )
    letter = sample / "out" / "may-2020-joint" / "may-2020-joint.uk.docx"
    marks = _marked(letter)
    assert len(marks) == 25


def _marked(docx_path: Path) -> set[str]:
    """The texts a .docx marks [UNTRANSLATED: ...], in its body, notes and properties."""
    import re
    import zipfile

    with zipfile.ZipFile(docx_path) as docx:
        xml = "".join(docx.read(n).decode() for n in docx.namelist() if n.endswith(".xml"))
    text = re.sub(r"<[^>]*>", "", xml)  # a mark's text may be held by more than one run
    return set(re.findall(r"\[UNTRANSLATED: ([^\]]*)\]", text))


def test_a_check_says_what_its_warnings_would_stop(sample: Path, runner: CliRunner) -> None:
    """A catalog letters never reads is a warning that fails check --strict, and nothing
    else: a final build makes the same letters, so the check does not say it would stop."""
    _moved(sample, f"{UK}/templates.po", "locales/pl/LC_MESSAGES/templates.po", True)
    lines = run(runner, sample, "check").splitlines()
    assert lines[-1] == (
        "No errors; the warnings above would stop check --strict, not a --final build."
    )
    final = runner.invoke(main, ["build", "may-2020-joint", "--final", "-w", str(sample)])
    assert final.exit_code == 0, final.output
    strict = runner.invoke(main, ["check", "--strict", "-w", str(sample)])
    assert strict.exit_code == 1
    # with an untranslated text besides, a final build is stopped by that one
    po = sample / UK / "templates.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "З повагою"', 'msgstr ""', 1), encoding="utf-8")
    assert run(runner, sample, "check").splitlines()[-1] == (
        "No errors; the warnings above would stop check --strict; those about untranslated"
        " messages would stop a --final build too, the others would not."
    )


POT_TOO_LARGE = (
    "locales/templates.pot: larger than 10 MiB, the limit ('catalog size'), so it is not read;"
    " a .pot is written by 'letters i18n extract', which will not write over one it cannot"
    " read: move it out of locales/ (keeping any translation typed into it), then run"
    " 'letters i18n extract' again"
)


@pytest.mark.parametrize(
    ("command", "code", "said"),
    [
        (["check"], 0, f"warning: {POT_TOO_LARGE}\n"),
        (["i18n", "extract"], 1, f"Error: {POT_TOO_LARGE}\n"),
        # not "does not hold the current English texts: run 'letters i18n extract'", which
        # it was not read to know, and which extract refuses
        (["i18n", "update"], 0, f"note: {{sample}}/{POT_TOO_LARGE}\n"),
    ],
    ids=["check", "extract", "update"],
)
def test_a_pot_over_the_catalog_size_limit_is_not_read_nor_written_over(
    sample: Path, runner: CliRunner, command: list[str], code: int, said: str
) -> None:
    """A .pot was read whole, however large, to look for a translation typed into it, and
    extract wrote over it unread: it is refused as a .po of that size is, with the limit,
    and told how to have it written again."""
    pot = sample / "locales" / "templates.pot"
    with pot.open("ab") as file:
        file.write(b"# a translator's note, many times over\n" * (10 * 2**20 // 39 + 1))
    before = files_under(sample)
    result = runner.invoke(main, [*command, "-w", str(sample)])
    assert result.exit_code == code, result.output
    assert said.format(sample=sample) in result.output
    assert "English" not in result.output
    assert "wrote" not in result.output
    assert files_under(sample) == before


def test_a_catalog_grown_over_the_limit_before_it_is_written_is_not_read_whole(
    tmp_path: Path,
) -> None:
    """update and extract read a catalog once more just before writing it, to keep a save
    made meanwhile: that read had no limit, so a file grown huge was held whole."""
    import tracemalloc

    from letters.errors import TranslationError
    from letters.i18n.po_write import unchanged, write_if_changed

    label = "locales/uk/LC_MESSAGES/templates.po"
    path = tmp_path / "templates.po"
    path.write_bytes(b"# a note\n" * (11 * 2**20 // 9))
    tracemalloc.start()
    try:
        assert not unchanged(path, b'msgid ""\nmsgstr ""\n')
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2**20, f"{peak:,} bytes held to compare a catalog over the limit"
    with pytest.raises(TranslationError) as raised:
        write_if_changed(
            path, b'msgid ""\nmsgstr ""\n', read=b"", label=label, command="letters i18n update"
        )
    assert str(raised.value) == (
        f"{label}: larger than 10 MiB, the limit ('catalog size'), so it is not read; a catalog"
        " holds the messages of a workspace's letters: check that it is the .po file"
    )


RENAME = "a case folder's name is its id: use lowercase Latin letters, digits and hyphens"


@pytest.mark.parametrize(
    ("catalog", "said"),
    [
        # named after the folder as it is: moved to where the renamed case's is read
        ("case-my case.po", f"{NEVER}: move it to {UK}/case-my-case.po"),
        # named after the id the folder is to be renamed to: where it belongs, not a stray
        ("case-my-case.po", None),
    ],
    ids=["after-the-folder", "after-its-id"],
)
def test_a_case_folder_with_a_space_gets_one_name_for_itself_and_its_catalog(
    sample: Path, runner: CliRunner, catalog: str, said: str | None
) -> None:
    """``cases/my case/``: check says to rename it to 'my-case', and its catalog is told to
    be named after that id too, never after the folder's name letters refuses."""
    (sample / "cases" / "akhmetova").rename(sample / "cases" / "my case")
    for lang in ("uk", "ru"):
        folder = sample / "locales" / lang / "LC_MESSAGES"
        (folder / "case-akhmetova.po").rename(folder / catalog)
    lines = fails(runner, sample, "check").splitlines()
    assert f"error: cases/my case: {RENAME}; rename it to 'my-case'" in lines
    strays = [line for line in lines if line.startswith(f"warning: {UK}/case-my")]
    assert strays == ([f"warning: {UK}/{catalog}: {said}"] if said else [])


def test_a_renamed_case_folder_has_its_catalogs_moved_not_begun_again(
    sample: Path, runner: CliRunner
) -> None:
    """Renamed, a case's folder names a new domain: its catalogs, named after the old
    folder, are never read. check says where they belong, and update, which would begin
    empty ones beside them (37 messages to translate again, the old files left), refuses
    and changes nothing; moved as told, every translation is read again."""
    shutil.move(sample / "cases" / "akhmetova", sample / "cases" / "zhanara")
    lines = run(runner, sample, "check").splitlines()
    for lang in ("uk", "ru"):
        old, new = (f"locales/{lang}/LC_MESSAGES/case-{c}.po" for c in ("akhmetova", "zhanara"))
        assert (
            f"warning: {old}: never read: no folder cases/akhmetova/ holds its case, and"
            f" cases/zhanara/ has no {lang} catalog (a case's catalog is named"
            f" case-<folder>.po): if the case was renamed, move it to {new}; delete it if that"
            " case is gone"
        ) in lines
        assert (
            f"warning: {new}: the catalog is not here, so its 37 messages have no translation:"
            f" move {old} to {new}"
        ) in lines
    run(runner, sample, "i18n", "extract")
    before = files_under(sample)
    assert fails(runner, sample, "i18n", "update") == (
        "Error: 'letters i18n update' would begin an empty catalog where these files'"
        " translations belong; move each there first (git mv keeps its history), or delete it"
        " if its case is gone, then run it again:\n"
        f"  {UK}/case-akhmetova.po → {UK}/case-zhanara.po\n"
        "  locales/ru/LC_MESSAGES/case-akhmetova.po → locales/ru/LC_MESSAGES/case-zhanara.po\n"
    )
    assert files_under(sample) == before
    for lang in ("uk", "ru"):
        folder = sample / "locales" / lang / "LC_MESSAGES"
        shutil.move(folder / "case-akhmetova.po", folder / "case-zhanara.po")
    (sample / "locales" / "case-akhmetova.pot").unlink()
    updated = run(runner, sample, "i18n", "update")
    for lang in ("uk", "ru"):  # named from where the command ran
        done = f"/locales/{lang}/LC_MESSAGES/case-zhanara.po: 0 untranslated, 0 newly fuzzy"
        assert [line for line in updated.splitlines() if line.endswith(done)], updated
    assert run(runner, sample, "check", "--strict").splitlines() == [
        "The workspace is valid: every letter renders in every language."
    ]
