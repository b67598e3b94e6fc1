"""Each kind of bad input gets its exact message, no traceback, and nothing written.

The cases are data files in tests/bad_inputs/: a text edit of one sample file
(``file``/``find``/``replace``, or several such under ``edits``), a file renamed
(``rename: [from, to]``), a folder made where a file is read (``folder``), files removed
(``remove``: a glob), a file emptied (``emptied``) or a replacement template (``template``:
one paragraph per item, or ``template_bytes``), with the exact expected output.
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from letters.cli import main
from letters.cli.build import NOT_RENDERED
from tests.conftest import NO_DRAFT_MARK, files_under

CASES = sorted((Path(__file__).parent / "bad_inputs").glob("*.yaml"))


def apply_case(spec: dict, workspace: Path) -> None:
    if "rename" in spec:
        old, new = spec["rename"]
        (workspace / old).rename(workspace / new)
    if "emptied" in spec:
        (workspace / spec["emptied"]).write_bytes(b"")
    if "remove" in spec:
        for path in workspace.glob(spec["remove"]):
            path.unlink()
    if "folder" in spec:  # a folder where a file is read (a file of its name removed first)
        folder = workspace / spec["folder"]
        if folder.exists():
            folder.unlink()
        folder.mkdir()
    for edit in [spec, *spec.get("edits", [])]:
        if "file" in edit:
            target = workspace / edit["file"]
            text = target.read_text(encoding="utf-8")
            assert text.count(edit["find"]) == 1, "the case's 'find' text must occur exactly once"
            target.write_text(text.replace(edit["find"], edit["replace"]), encoding="utf-8")
    if "template" in spec:
        document = docx.Document()
        for paragraph in spec["template"]:
            document.add_paragraph(paragraph)
        document.save(str(workspace / "templates" / "appeal.docx"))
    if "template_bytes" in spec:
        (workspace / "templates" / "appeal.docx").write_bytes(spec["template_bytes"].encode())


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_input_is_refused_with_exact_message(
    case: Path, sample: Path, runner: CliRunner
) -> None:
    spec = YAML(typ="safe").load(case.read_text(encoding="utf-8"))
    apply_case(spec, sample)
    earlier = sample / "out" / "may-2020-joint" / "may-2020-joint.en.docx"
    earlier.parent.mkdir(parents=True)
    earlier.write_bytes(b"an earlier build")
    before = files_under(sample / "out")

    result = runner.invoke(main, ["build", "--workspace", str(sample)])

    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    # a case's template has no DRAFT mark: said first where it was found before the error
    assert result.output.removeprefix(NO_DRAFT_MARK) == spec["expected"]
    assert "Traceback" not in result.output
    assert files_under(sample / "out") == before
    assert "Example Street" not in result.output and "Sampletown" not in result.output


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_check_lists_the_same_problem(case: Path, sample: Path, runner: CliRunner) -> None:
    spec = YAML(typ="safe").load(case.read_text(encoding="utf-8"))
    apply_case(spec, sample)
    result = runner.invoke(main, ["check", "--workspace", str(sample)])
    assert result.exit_code == 1
    problem_lines = [line.strip() for line in spec["expected"].splitlines()[1:]]
    errors = [line for line in result.output.splitlines()[:-1] if not line.startswith("warning: ")]
    assert [line.removeprefix("error: ") for line in errors] == problem_lines
    count = len(problem_lines)
    # a file's error stops check before it renders the letters, and check says so
    after = f" {NOT_RENDERED}" if spec.get("stage", "files") == "files" else ""
    assert result.output.splitlines()[-1] == (
        f"Error: {count} problem{'s' if count != 1 else ''} found.{after}"
    )


def test_check_lists_every_problem_in_one_run(sample: Path, runner: CliRunner) -> None:
    for name in ("unknown-key", "yaml-octal", "unknown-language"):
        spec = YAML(typ="safe").load(
            (Path(__file__).parent / "bad_inputs" / f"{name}.yaml").read_text()
        )
        apply_case(spec, sample)
    result = runner.invoke(main, ["check", "--workspace", str(sample)])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == f"Error: 3 problems found. {NOT_RENDERED}"


@pytest.mark.parametrize("code", ["de", "sl"])  # sl: Slovenian, not Sierra Leone's English
def test_a_form_in_a_language_not_written_in_is_a_warning(
    sample: Path, runner: CliRunner, code: str
) -> None:
    """A German or Slovenian form beside the others is no slip for a language of the
    workspace: it is never used, which check says, where it stands; the letters are still
    built."""
    case = sample / "cases" / "akhmetova" / "case.yaml"
    text = case.read_text(encoding="utf-8")
    name = "    ru: Жанара Ахметова\n"
    added = f"    {code}: Zhanara Achmetowa\n"
    case.write_text(text.replace(name, name + added, 1), encoding="utf-8")
    result = runner.invoke(main, ["check", "--workspace", str(sample)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        f"warning: cases/akhmetova/case.yaml:11 person.name.{code}: unknown language '{code}';"
        f" this workspace writes in en, uk, ru (to add it: letters i18n init {code}, which"
        " starts its catalogs and adds it to workspace.yaml); the form given for it is never"
        " used\n"
    )
    assert "Zhanara Achmetowa" not in result.output  # the form's text is not shown


@pytest.mark.parametrize(
    ("encoding", "said"),
    [
        (
            "cp1251",
            "recipients/officials.yaml:3: not UTF-8 text: column 21 has the byte 0xC4, as in"
            " Cyrillic text saved as Windows-1251: open the file as that encoding, then save it"
            " as UTF-8",
        ),
        (
            "utf-16",
            "recipients/officials.yaml:1: not UTF-8 text: column 1 has the byte 0xFF, as in"
            " text saved as UTF-16 ('Unicode' in Notepad): save it as UTF-8",
        ),
        (  # valid UTF-8 too, but every character of it followed by U+0000
            "utf-16-le",
            "recipients/officials.yaml:1: not UTF-8 text: every other byte is 0x00, as in text"
            " saved as UTF-16 without a byte order mark: save it as UTF-8",
        ),
        (
            "utf-16-be",
            "recipients/officials.yaml:1: not UTF-8 text: every other byte is 0x00, as in text"
            " saved as UTF-16 without a byte order mark: save it as UTF-8",
        ),
    ],
)
def test_a_file_not_saved_as_utf8_is_named_with_its_line_and_how_to_save_it(
    sample: Path, runner: CliRunner, encoding: str, said: str
) -> None:
    directory = sample / "recipients" / "officials.yaml"
    directory.write_bytes(directory.read_text(encoding="utf-8").encode(encoding))
    result = runner.invoke(main, ["check", "--workspace", str(sample)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"error: {said}"


def test_not_a_workspace(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = runner.invoke(main, ["build", "--workspace", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path} is not in a letters workspace: neither it nor a folder above it has"
        f" workspace.yaml. Run 'letters init {tmp_path}' to create one.\n"
    )
    # a folder with files in it is no place for 'letters init', which needs an empty one
    (tmp_path / "notes.txt").write_text("my notes", encoding="utf-8")
    result = runner.invoke(main, ["check", "--workspace", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path} is not in a letters workspace: neither it nor a folder above it has"
        " workspace.yaml. Name your workspace's folder instead; 'letters init NEW-FOLDER'"
        " creates a new workspace.\n"
    )
    # only a command given no folder is told of --workspace
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: the current folder ({tmp_path.resolve()}) is not in a letters workspace:"
        " neither it nor a folder above it has workspace.yaml. Run the command in your"
        " workspace's folder, or pass --workspace;"
        " 'letters init NEW-FOLDER' creates a new workspace.\n"
    )
    (tmp_path / "notes.txt").unlink()
    result = runner.invoke(main, ["check"])
    assert result.output == (
        f"Error: the current folder ({tmp_path.resolve()}) is not in a letters workspace:"
        " neither it nor a folder above it has workspace.yaml. Run 'letters init .' to create"
        " one, or pass --workspace.\n"
    )


def test_a_workspace_folder_that_does_not_exist(tmp_path: Path, runner: CliRunner) -> None:
    missing = tmp_path / "walk" / "nonexist"
    said = (
        f"Error: {missing} does not exist: check the folder's name, or run"
        f" 'letters init {missing}' to create a new workspace there.\n"
    )
    for args in (["-w", str(missing), "check"], ["build", "--workspace", str(missing)]):
        result = runner.invoke(main, args)
        assert (result.exit_code, result.output) == (1, said)
    assert not (tmp_path / "walk").exists()


def test_the_workspace_is_found_from_a_folder_in_it_and_given_before_the_command(
    sample: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # as git finds .git: a command run in cases/akhmetova works on the workspace around it
    monkeypatch.chdir(sample / "cases" / "akhmetova")
    inside = runner.invoke(main, ["check"])
    assert inside.exit_code == 0, inside.output
    monkeypatch.chdir(sample.parent)
    for args in (["-w", str(sample), "check"], ["--workspace", str(sample), "i18n", "stats"]):
        before = runner.invoke(main, args)
        assert before.exit_code == 0, before.output
    # a command's own --workspace wins over the one given before it
    both = runner.invoke(main, ["-w", str(sample), "check", "-w", str(sample.parent)])
    assert both.exit_code == 1
    assert "is not in a letters workspace" in both.output


SIGNING = "austrevicius, bilcik, guetta, berg, jukneviciene, simecka"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["build", "may-2020-jiont"],
            "unknown letter 'may-2020-jiont'; did you mean 'may-2020-joint'?",
        ),
        (["review", "packet", "bilcick"], "unknown person 'bilcick'; did you mean 'bilcik'?"),
        (
            ["recipients", "review", "maliuksa"],
            "unknown person 'maliuksa'; did you mean 'maliuska'?",
        ),
        (
            ["review", "packet", "kuleba"],
            f"unknown person 'kuleba'; the letters' signatories are {SIGNING}",
        ),
        (  # a slip for a recipient's id is not "meant" as a signatory's
            ["review", "packet", "maliuksa"],
            "unknown person 'maliuksa' ('maliuska' is a recipient of may-2020-joint,"
            f" may-2020-extradition and signs no letter); the letters' signatories are {SIGNING}",
        ),
    ],
    ids=["letter", "packet", "recipients-review", "nobody-close", "packet-recipient"],
)
def test_a_misspelt_id_on_the_command_line_names_the_one_meant(
    sample: Path, runner: CliRunner, args: list[str], said: str
) -> None:
    result = runner.invoke(main, [*args, "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output == f"Error: {said}\n"
    assert not (sample / "out").exists()


def test_unknown_letter_on_the_command_line(sample: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["build", "may-2021", "-w", str(sample)])
    assert result.output == (
        "Error: unknown letter 'may-2021'; the letters are: may-2020-joint,"
        " may-2020-extradition, may-2020-migration, may-2020-oversight, kazakhstan-2020\n"
    )


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "de",
            "(to add it: letters i18n init de, which starts its catalogs and adds it to"
            " workspace.yaml)",
        ),
        ("ua", "; did you mean 'uk'?"),
    ],
    ids=["not-written-in", "slip"],
)
def test_an_unknown_language_on_the_command_line_names_the_option(
    sample: Path, runner: CliRunner, lang: str, said: str
) -> None:
    """As 'recipients list --language ua' names its option, so does 'build --lang ua'."""
    result = runner.invoke(main, ["build", "--lang", lang, "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: --lang {lang}: unknown language '{lang}'; this workspace writes in en, uk,"
        f" ru{'' if said.startswith(';') else ' '}{said}\n",
    )
    assert not (sample / "out").exists()


def test_a_workspace_without_letters_says_where_they_are_written(
    sample: Path, runner: CliRunner
) -> None:
    (sample / "cases" / "akhmetova" / "letters.yaml").unlink()
    said = (
        "no letters yet: a case's letters are written in cases/<case>/letters.yaml"
        " (README: 'Letters')"
    )
    build = runner.invoke(main, ["build", "-w", str(sample)])
    assert (build.exit_code, build.output) == (1, f"Error: {said}\n")
    assert not (sample / "out").exists()
    # the directory and the cases can be checked before there are letters
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 0
    assert check.output.splitlines()[0] == f"warning: {said}"


def test_a_case_without_letters_is_named_while_others_have_letters(
    sample: Path, runner: CliRunner
) -> None:
    """A new case whose letters.yaml was forgotten was left out of every build unsaid."""
    (sample / "cases" / "seitkali").mkdir()
    shutil.copy(sample / "cases" / "akhmetova" / "case.yaml", sample / "cases" / "seitkali")
    said = (
        "warning: cases/seitkali: no letters.yaml, so no letter is written about this case"
        " yet: write its letters in cases/seitkali/letters.yaml (README: 'Letters')"
    )
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 0
    assert said in check.output.splitlines()


@pytest.mark.parametrize("folder", ["recipients", "cases", "cases/akhmetova", "locales/uk"])
def test_a_folder_that_cannot_be_read_is_named_not_taken_for_an_empty_one(
    sample: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    """Without permission to open it (chmod 000, another user's), a folder of inputs looked
    empty: every person in recipients/ unknown, a whole case gone and check content."""
    unreadable = sample / folder
    scandir = os.scandir

    def refused(path: Any = ".") -> Any:
        if os.path.abspath(path) == str(unreadable):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refused)
    earlier = sample / "out" / "may-2020-joint" / "may-2020-joint.en.docx"
    earlier.parent.mkdir(parents=True)
    earlier.write_bytes(b"an earlier build")
    said = (
        f"{folder}: cannot read the folder: Permission denied; letters reads every file in it,"
        " so nothing was read: give your user permission to open it (chmod u+rx)"
    )
    build = runner.invoke(main, ["build", "-w", str(sample)])
    assert (build.exit_code, build.output) == (1, f"Error: 1 problem in the workspace:\n  {said}\n")
    assert files_under(sample / "out") == {
        "may-2020-joint/may-2020-joint.en.docx": b"an earlier build"
    }
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert (check.exit_code, check.output) == (
        1,
        f"error: {said}\nError: 1 problem found. {NOT_RENDERED}\n",
    )


@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("templates/appeal.docx", "Error: templates/appeal.docx: cannot read: Permission denied"),
        (
            "locales/uk/LC_MESSAGES/templates.po",
            "Error: 1 problem in the letters; nothing was written:\n"
            "  locales/uk/LC_MESSAGES/templates.po: cannot read: Permission denied",
        ),
    ],
    ids=["template", "catalog"],
)
def test_a_file_that_cannot_be_read_is_named_in_the_workspace(
    sample: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, path: str, said: str
) -> None:
    """Not the system's whole path with 'nothing more was written', as for a full disk."""
    unreadable = sample / path
    read_bytes = Path.read_bytes

    def refused(self: Path) -> bytes:
        if self == unreadable:
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    # a catalog is opened to be read no further than its size limit
    open_file = Path.open

    def refused_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == unreadable:
            raise PermissionError(13, "Permission denied", str(self))
        return open_file(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", refused)
    monkeypatch.setattr(Path, "open", refused_open)
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert (result.exit_code, result.output) == (1, f"{said}\n")
    assert not (sample / "out").exists()


def test_a_folder_named_as_a_catalog_is_not_taken_for_a_catalog_to_make(
    sample: Path, runner: CliRunner
) -> None:
    """'the catalog does not exist yet … letters i18n update makes it', which it could not."""
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "templates.po"
    po.unlink()
    po.mkdir()
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        "Error: 1 problem in the letters; nothing was written:\n"
        "  locales/uk/LC_MESSAGES/templates.po: a folder where a file is read: rename or remove"
        " the folder, and put the file in its place\n",
    )
    assert not (sample / "out").exists()


@pytest.mark.parametrize("command", ["update", "compile", "stats"])
def test_a_folder_named_as_a_catalog_stops_the_i18n_commands_before_they_change_anything(
    sample: Path, runner: CliRunner, command: str
) -> None:
    """update named a temporary file of its own ('.templates.po.x.tmp: Is a directory')
    after writing the catalogs before it, compile skipped the catalog, stats counted it as
    untranslated."""
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "templates.po"
    po.unlink()
    po.mkdir()
    before = {p: p.read_bytes() for p in sorted(sample.rglob("*")) if p.is_file()}
    result = runner.invoke(main, ["i18n", command, "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        "Error: a catalog cannot be read; nothing was changed:\n"
        "  locales/uk/LC_MESSAGES/templates.po: a folder where a file is read: rename or remove"
        " the folder, and put the file in its place\n",
    )
    assert {p: p.read_bytes() for p in sorted(sample.rglob("*")) if p.is_file()} == before


@pytest.mark.parametrize("command", [["build"], ["i18n", "update"], ["i18n", "compile"]])
def test_a_pipe_named_as_a_catalog_is_refused_not_opened(
    sample: Path, runner: CliRunner, command: list[str]
) -> None:
    """Opening a pipe waits for a writer that never comes: since a catalog that is not a
    file was no longer taken for one not made yet, build and the i18n commands hung."""
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "templates.po"
    po.unlink()
    os.mkfifo(po)

    def hung(_signum: int, _frame: object) -> None:
        raise TimeoutError("the command waited on the pipe")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(30)
    try:
        result = runner.invoke(main, [*command, "-w", str(sample)])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert result.exit_code == 1
    assert (
        "  locales/uk/LC_MESSAGES/templates.po: not a regular file (a device, a pipe or a"
        " socket); put the file itself in its place\n"
    ) in result.output
    assert not (sample / "out").exists()


FOLDER_READ = (
    "a folder where a file is read: rename or remove the folder, and put the file in its place"
)
NOT_A_FILE = "not a regular file (a device, a pipe or a socket); put the file itself in its place"


def in_the_way(path: str) -> str:
    return (
        f"a file where a folder must be, for {path}: rename or remove the file, and run the"
        " command again"
    )


# (what is made at the path, the command, the heading, the path named, what is said of it)
IN_THE_WAY = {
    "pot-folder-extract": (
        "folder",
        "locales/templates.pot",
        "extract",
        "read",
        "locales/templates.pot",
        FOLDER_READ,
    ),
    "case-pot-folder-extract": (
        "folder",
        "locales/case-akhmetova.pot",
        "extract",
        "read",
        "locales/case-akhmetova.pot",
        FOLDER_READ,
    ),
    "pot-pipe-extract": (
        "pipe",
        "locales/templates.pot",
        "extract",
        "read",
        "locales/templates.pot",
        NOT_A_FILE,
    ),
    "pot-folder-update": (
        "folder",
        "locales/case-akhmetova.pot",
        "update",
        "read",
        "locales/case-akhmetova.pot",
        FOLDER_READ,
    ),
    "pot-pipe-update": (
        "pipe",
        "locales/case-akhmetova.pot",
        "update",
        "read",
        "locales/case-akhmetova.pot",
        NOT_A_FILE,
    ),
    "pot-folder-init": (
        "folder",
        "locales/templates.pot",
        "init pl",
        "read",
        "locales/templates.pot",
        FOLDER_READ,
    ),
    "po-folder-init": (
        "folder",
        "locales/pl/LC_MESSAGES/case-akhmetova.po",
        "init pl",
        "read",
        "locales/pl/LC_MESSAGES/case-akhmetova.po",
        FOLDER_READ,
    ),
    "mo-folder-compile": (
        "folder",
        "locales/ru/LC_MESSAGES/templates.mo",
        "compile",
        "written",
        "locales/ru/LC_MESSAGES/templates.mo",
        "a folder where letters writes a file: rename or remove the folder, and run the command"
        " again",
    ),
    "locales-file-extract": (
        "file",
        "locales",
        "extract",
        "written",
        "locales",
        in_the_way("locales/templates.pot"),
    ),
    "language-file-update": (
        "file",
        "locales/ru",
        "update",
        "written",
        "locales/ru",
        in_the_way("locales/ru/LC_MESSAGES/templates.po"),
    ),
    "language-file-init": (
        "file",
        "locales/pl",
        "init pl",
        "written",
        "locales/pl",
        in_the_way("locales/pl/LC_MESSAGES/templates.po"),
    ),
    "language-file-compile": (
        "file",
        "locales/ru",
        "compile",
        "read",
        "locales/ru",
        in_the_way("locales/ru/LC_MESSAGES/case-akhmetova.po"),
    ),
    "language-file-stats": (
        "file",
        "locales/ru",
        "stats",
        "read",
        "locales/ru",
        in_the_way("locales/ru/LC_MESSAGES/case-akhmetova.po"),
    ),
}


@pytest.mark.parametrize(
    ("made", "path", "command", "heading", "named", "said"),
    IN_THE_WAY.values(),
    ids=IN_THE_WAY.keys(),
)
def test_a_path_an_i18n_command_cannot_use_stops_it_before_it_changes_anything(
    sample: Path,
    runner: CliRunner,
    made: str,
    path: str,
    command: str,
    heading: str,
    named: str,
    said: str,
) -> None:
    """A folder named as a .pot, a .mo or a new language's catalog, a pipe named as a .pot,
    a file where the folder a catalog goes in must be: extract named a temporary file of
    its own ('.templates.pot.x.tmp: Is a directory'), update the .pot by its whole path,
    each after writing the files before it; a pipe .pot hung every command; compile wrote
    the .mo files before the folder, and with a file in the way compiled nothing, saying
    nothing. A case text changed, so extract and update would write."""
    case = sample / "cases" / "akhmetova" / "case.yaml"
    text = case.read_text(encoding="utf-8")
    assert text.count("the UN Convention against Torture") == 1
    changed = text.replace("the UN Convention against Torture", "the UN Convention Against Torture")
    case.write_text(changed, encoding="utf-8")
    target = sample / path
    if target.is_dir():
        shutil.rmtree(target)
    elif target.exists():
        target.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    if made == "folder":
        target.mkdir()
    elif made == "pipe":
        os.mkfifo(target)
    else:
        target.write_text("not a folder\n", encoding="utf-8")
    before = files_under(sample)

    def hung(_signum: int, _frame: object) -> None:
        raise TimeoutError("the command waited on the pipe")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(30)
    try:
        result = runner.invoke(main, ["i18n", *command.split(), "-w", str(sample)])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert (result.exit_code, result.output) == (
        1,
        f"Error: a catalog cannot be {heading}; nothing was changed:\n  {named}: {said}\n",
    )
    assert files_under(sample) == before


# what each command says of a file where the catalogs' folder must be, given the line
# naming it: check and build say what update says
BLOCKED_SAID = {
    "check": "error: {line}\nError: 1 problem found. " + NOT_RENDERED + "\n",
    "build": "Error: 1 problem in the letters; nothing was written:\n  {line}\n",
    "i18n update": "Error: a catalog cannot be written; nothing was changed:\n  {line}\n",
}


@pytest.mark.parametrize("command", BLOCKED_SAID.keys())
@pytest.mark.parametrize("blocking", ["locales/uk", "locales/uk/LC_MESSAGES", "locales"])
def test_a_file_where_the_catalogs_folder_must_be_is_named_by_check_and_build(
    sample: Path, runner: CliRunner, command: str, blocking: str
) -> None:
    """locales/uk saved as a file: check and build said each catalog in it 'does not exist
    yet; 'letters i18n update' makes it', which update refuses to do, naming the file.
    Each now names the file, once (not for each catalog), as update does."""
    target = sample / blocking
    shutil.rmtree(target)
    target.write_text("not a folder\n", encoding="utf-8")
    before = files_under(sample)
    result = runner.invoke(main, [*command.split(), "-w", str(sample)])
    line = f"{blocking}: {in_the_way('locales/uk/LC_MESSAGES/templates.po')}"
    assert (result.exit_code, result.output) == (1, BLOCKED_SAID[command].format(line=line))
    assert files_under(sample) == before


@pytest.mark.parametrize("command", ["extract", "update", "init pl"])
def test_a_pot_that_cannot_be_read_stops_the_i18n_commands_that_read_it(
    sample: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """No permission to read the .pot (another user's, chmod 000): extract took it for one
    holding no translation typed into it, then failed by its whole path with 'nothing more
    was written'."""
    pot = sample / "locales" / "templates.pot"
    pot.write_bytes(b"")  # out of date: extract would write it
    opened = Path.open

    def refused(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == pot:
            raise PermissionError(13, "Permission denied", str(self))
        return opened(self, *args, **kwargs)

    before = files_under(sample)
    monkeypatch.setattr(Path, "open", refused)
    result = runner.invoke(main, ["i18n", *command.split(), "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        "Error: a catalog cannot be read; nothing was changed:\n"
        "  locales/templates.pot: cannot read: Permission denied\n",
    )
    monkeypatch.undo()
    assert files_under(sample) == before


def test_a_pipe_named_as_a_pot_is_not_opened_by_check(sample: Path, runner: CliRunner) -> None:
    """check looks through every .pot for a translation typed into it: it waited on the
    pipe for ever. Only the commands that write the .pot name it."""
    pot = sample / "locales" / "templates.pot"
    pot.unlink()
    os.mkfifo(pot)

    def hung(_signum: int, _frame: object) -> None:
        raise TimeoutError("check waited on the pipe")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    try:
        result = runner.invoke(main, ["check", "-w", str(sample)])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert (result.exit_code, result.output) == (
        0,
        "The workspace is valid: every letter renders in every language.\n",
    )


def test_a_language_read_that_no_letter_is_written_in_is_no_problem(
    sample: Path, runner: CliRunner
) -> None:
    """A signatory who also reads German says something true of them: no draft comes in it,
    so check says nothing of it, while a slip for a language of the workspace is refused."""
    meps = sample / "recipients" / "meps.yaml"
    text = meps.read_text(encoding="utf-8")
    said = "    ep_id: 96608\n    gender: male\n    language: en\n"
    meps.write_text(text.replace(said, said + "    reads: [de, uk]\n", 1), encoding="utf-8")
    result = runner.invoke(main, ["check", "--workspace", str(sample)])
    assert result.exit_code == 0, result.output
    assert "reads" not in result.output
