"""A file made read-only on purpose is not changed: every command that rewrites a user's or
a translator's file in place refuses a read-only one it would change, naming it, before it
writes anything; one it leaves as it is stops nothing. One it writes keeps its mode, and a
link stays a link, as when an editor saves it.

The tests run as root, whom no mode bit stops: a file is made read-only by its mode, as
letters.files.atomic.read_only reads it (tests/test_i18n_update_keeps.py has update's
own cases, with a link and each mode)."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from tests.conftest import files_under
from tests.test_directory import MALIUSKA_PARTS, MALIUSKA_TYPED
from tests.test_i18n_update_keeps import change_a_case_text

IMPORT_SOURCE = Path(__file__).parent / "data" / "import" / "ep-meps.json"


def nothing(_workspace: Path) -> None:
    pass


def pot_changed_and_one_before_it_gone(workspace: Path) -> None:
    """A case text changed, and templates.pot, which extract writes first, deleted: a
    refusal after it was written would leave it there."""
    change_a_case_text(workspace)
    (workspace / "locales" / "templates.pot").unlink()


def forms_to_confirm(workspace: Path) -> None:
    """The minister's uk and ru forms left to the declension libraries, to be confirmed."""
    officials = workspace / "recipients" / "officials.yaml"
    text = officials.read_text(encoding="utf-8")
    assert text.count(MALIUSKA_TYPED) == 1
    officials.write_text(text.replace(MALIUSKA_TYPED, MALIUSKA_PARTS), encoding="utf-8")


def forms_to_confirm_in_officials_only(workspace: Path) -> None:
    """Every form confirmed once (the MEPs' English salutations their names' parts give
    among them), then the minister's left to the libraries again: only officials.yaml has
    a form to confirm."""
    result = CliRunner().invoke(main, ["recipients", "review", "--confirm", "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    forms_to_confirm(workspace)


# the command, made to change what (before the run), the file made read-only, what such a
# file is called in the heading, and the command as the message gives it
CHANGING: dict[str, tuple[list[str], Callable[[Path], None], str, str, str]] = {
    "i18n-update": (
        ["i18n", "update"],
        change_a_case_text,
        "locales/ru/LC_MESSAGES/case-akhmetova.po",
        "a catalog",
        "letters i18n update",
    ),
    "i18n-extract": (
        ["i18n", "extract"],
        pot_changed_and_one_before_it_gone,
        "locales/case-akhmetova.pot",
        "a .pot",
        "letters i18n extract",
    ),
    "i18n-init": (
        ["i18n", "init", "pl"],
        nothing,
        "workspace.yaml",
        "a file",
        "letters i18n init pl",
    ),
    "i18n-init-locale": (
        ["i18n", "init", "pl", "--locale", "pl_PL"],
        nothing,
        "workspace.yaml",
        "a file",
        "letters i18n init pl --locale pl_PL",
    ),
    "recipients-review-confirm": (
        ["recipients", "review", "--confirm"],
        forms_to_confirm,
        "recipients/officials.yaml",
        "a directory file",
        "letters recipients review --confirm",
    ),
    "recipients-import": (
        ["recipients", "import", str(IMPORT_SOURCE)],
        nothing,
        "recipients/meps.yaml",  # updated; recipients/imported.yaml would be made after it
        "a directory file",
        "letters recipients import",
    ),
}


@pytest.mark.parametrize(
    ("command", "prepare", "locked", "kind", "named"), CHANGING.values(), ids=CHANGING.keys()
)
def test_a_read_only_file_a_command_would_change_is_refused_and_nothing_is_written(
    sample: Path,
    runner: CliRunner,
    command: list[str],
    prepare: Callable[[Path], None],
    locked: str,
    kind: str,
    named: str,
) -> None:
    """Only update refused a read-only file: extract wrote a .pot, init workspace.yaml
    (after the new language's catalogs), review --confirm and import a directory file
    over one made read-only (chmod a-w, a file manager's Read-only, a checkout not opened
    for editing), keeping its mode; replacing a file needs only its folder writable."""
    prepare(sample)
    path = sample / locked
    path.chmod(0o444)
    before = files_under(sample)
    result = runner.invoke(main, [*command, "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {kind} is read-only; nothing was changed:\n"
        f"  {locked}: read-only, and '{named}' would change it: make it writable (chmod u+w)"
        f" and run '{named}' again\n",
    )
    assert files_under(sample) == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    path.chmod(0o644)  # made writable, as the message says
    again = runner.invoke(main, [*command, "-w", str(sample)])
    assert again.exit_code == 0, again.output
    assert path.read_bytes() != before[locked]


# the command, made to change what, and a read-only file it reads but leaves as it is
UNCHANGED: dict[str, tuple[list[str], Callable[[Path], None], str]] = {
    "i18n-update": (
        ["i18n", "update"],
        change_a_case_text,
        "locales/ru/LC_MESSAGES/templates.po",
    ),
    "i18n-extract": (["i18n", "extract"], change_a_case_text, "locales/templates.pot"),
    "i18n-init": (["i18n", "init", "pl"], nothing, "locales/templates.pot"),
    "recipients-review-confirm": (
        ["recipients", "review", "--confirm"],
        forms_to_confirm_in_officials_only,
        "recipients/meps.yaml",
    ),
    "recipients-import": (
        ["recipients", "import", str(IMPORT_SOURCE)],
        nothing,
        "recipients/officials.yaml",
    ),
}


@pytest.mark.parametrize(("command", "prepare", "kept"), UNCHANGED.values(), ids=UNCHANGED.keys())
def test_a_read_only_file_a_command_leaves_as_it_is_stops_nothing(
    sample: Path,
    runner: CliRunner,
    command: list[str],
    prepare: Callable[[Path], None],
    kept: str,
) -> None:
    prepare(sample)
    path = sample / kept
    path.chmod(0o444)
    before = path.read_bytes()
    result = runner.invoke(main, [*command, "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_a_read_only_mo_is_written_over(sample: Path, runner: CliRunner) -> None:
    """A .mo is made from its .po, and made again whenever the .po changes: no one edits
    it, so its mode says nothing of what it should hold (a read-only .po does)."""
    assert runner.invoke(main, ["i18n", "compile", "-w", str(sample)]).exit_code == 0
    mo = sample / "locales" / "uk" / "LC_MESSAGES" / "templates.mo"
    mo.chmod(0o444)
    before = mo.read_bytes()
    po = mo.with_suffix(".po")
    text = po.read_text(encoding="utf-8")
    assert text.count('msgstr "Шановні колеги!"') == 1
    po.write_text(text.replace("Шановні колеги!", "Шановні колеги,"), encoding="utf-8")
    result = runner.invoke(main, ["i18n", "compile", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert mo.read_bytes() != before


# the command, made to change what, and the directory file it rewrites
REWRITING: dict[str, tuple[list[str], Callable[[Path], None], str]] = {
    "recipients-review-confirm": (
        ["recipients", "review", "--confirm"],
        forms_to_confirm,
        "recipients/officials.yaml",
    ),
    "recipients-import": (
        ["recipients", "import", str(IMPORT_SOURCE)],
        nothing,
        "recipients/meps.yaml",
    ),
}


@pytest.mark.parametrize(
    ("command", "prepare", "rewritten"), REWRITING.values(), ids=REWRITING.keys()
)
def test_a_directory_file_keeps_its_mode(
    sample: Path,
    runner: CliRunner,
    command: list[str],
    prepare: Callable[[Path], None],
    rewritten: str,
) -> None:
    """review --confirm and import wrote a new file in its place, with the umask's mode:
    a directory file kept from others (0o640, 0o600) became readable by everyone."""
    prepare(sample)
    path = sample / rewritten
    path.chmod(0o640)
    before = path.read_bytes()
    result = runner.invoke(main, [*command, "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert path.read_bytes() != before
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def _linked_to_shared(sample: Path, rewritten: str) -> tuple[Path, Path]:
    """The directory file ``rewritten`` moved to ``shared/`` and linked from where it was:
    the link, and the file it points to."""
    path = sample / rewritten
    shared = sample / "shared" / path.name
    shared.parent.mkdir()
    path.rename(shared)
    path.symlink_to(Path("..") / "shared" / path.name)
    return path, shared


@pytest.mark.parametrize(
    ("command", "prepare", "rewritten"), REWRITING.values(), ids=REWRITING.keys()
)
def test_a_linked_directory_file_is_written_through_its_link(
    sample: Path,
    runner: CliRunner,
    command: list[str],
    prepare: Callable[[Path], None],
    rewritten: str,
) -> None:
    """review --confirm replaced the link with a file: the confirmed forms went into a copy,
    and the file the link points to (kept in the workspace) stayed as it was."""
    prepare(sample)
    path, shared = _linked_to_shared(sample, rewritten)
    before = shared.read_bytes()
    result = runner.invoke(main, [*command, "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert path.is_symlink()
    assert shared.read_bytes() != before


@pytest.mark.parametrize("key", REWRITING)
def test_a_linked_directory_file_is_named_by_its_link_not_by_its_file(
    sample: Path, runner: CliRunner, key: str
) -> None:
    """import named the file behind a link (shared/meps.yaml), where review --confirm named
    the link in recipients/: both now name the directory file as the user knows it, in
    the refusal and in what was written."""
    command, prepare, rewritten = REWRITING[key]
    named = CHANGING[key][4]
    prepare(sample)
    _link, shared = _linked_to_shared(sample, rewritten)
    shared.chmod(0o444)
    result = runner.invoke(main, [*command, "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        "Error: a directory file is read-only; nothing was changed:\n"
        f"  {rewritten}: read-only, and '{named}' would change it: make it writable (chmod u+w)"
        f" and run '{named}' again\n",
    )
    shared.chmod(0o644)
    again = runner.invoke(main, [*command, "-w", str(sample)])
    assert again.exit_code == 0, again.output
    assert "shared" not in again.output


def test_files_made_while_another_thread_reads_the_umask_keep_the_umask_s_mode(
    tmp_path: Path,
) -> None:
    """Reading the umask set it to 0o022 for a moment, and the joined documents are
    written in a thread (reading it) while the main thread makes files and starts
    LibreOffice: under a umask of 0o077, about a third of the files made meanwhile were
    readable by everyone."""
    import os
    import threading

    from letters.files.atomic import current_umask

    stop = threading.Event()
    seen: set[int] = set()

    def read_the_umask() -> None:
        while not stop.is_set():
            seen.add(current_umask())

    before = os.umask(0o077)
    reader = threading.Thread(target=read_the_umask)
    try:
        reader.start()
        for number in range(3000):
            (tmp_path / f"{number}.txt").touch()
    finally:
        stop.set()
        reader.join()
        os.umask(before)
    modes = {stat.S_IMODE(path.stat().st_mode) for path in tmp_path.iterdir()}
    assert (modes, seen) == ({0o600}, {0o077})
