"""finalise after an edit that changes no letter: the newest final folder already holds what
it would publish, so it names that folder and writes nothing — known from what decides the
files, before any is made; any letter that differs, or one added or taken away, still makes
a new numbered folder."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from letters import Workspace
from letters.cli import main
from letters.publish.staging import STAGING_PREFIX
from tests.conftest import cli, files_under, needs_libreoffice
from tests.test_finalise import approve_all, english_only
from tests.test_signoff import JOINT

EXTRADITION = "may-2020-extradition"  # individual, in Ukrainian, to maliuska and venediktova


def _finals(workspace: Path, letter: str = JOINT) -> list[Path]:
    return sorted((workspace / "final" / letter).iterdir())


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _same_note(folder: Path, letter: str = JOINT, *, recorded: bool = False) -> str:
    """The note of a finalise that made the letters and found them in ``folder``; one that
    ``recorded`` there what they were made from this time says so."""
    written = (
        "no letter was written: its manifest.json now records what they were made from this"
        " time, so that a run from these inputs knows so before making any"
        if recorded
        else "nothing was written"
    )
    return (
        f"note: final/{letter}/{folder.name}/ already holds these final letters: every file"
        " this run would publish is the same, byte for byte, as the one there, and so are the"
        " approvals it names; what changed in the inputs changes no letter, so no new folder"
        f" was made and {written}\n"
    )


def _known_note(folder: Path, letter: str = JOINT) -> str:
    """The note of a finalise that made nothing: it knew the folder holds its letters from
    what they were made from, and says so, not that it compared files it never made."""
    return (
        f"note: final/{letter}/{folder.name}/ already holds these final letters: they were"
        " made from what this run would make them from (the versions and what each was made"
        " from, the approvals, options, pictures, e-mail texts and settings), and each file"
        " there is as it was written; what changed in the inputs changes no letter, so no"
        " letter was made again and nothing was written\n"
    )


# Edits that no letter shows: a comment in the case, a recipient the letter does not address.
UNSEEN = [
    pytest.param(
        "cases/akhmetova/case.yaml",
        "\n",
        "\n# checked against the court's record again\n",
        id="comment-in-case",
    ),
    pytest.param(
        "recipients/officials.yaml",
        "email: nurdauletov@example.org",
        "email: g.nurdauletov@example.org",
        id="recipient-not-selected",
    ),
]


@pytest.mark.parametrize(("name", "old", "new"), UNSEEN)
def test_an_edit_no_letter_shows_names_the_newest_final_folder(
    sample: Path, runner: CliRunner, name: str, old: str, new: str
) -> None:
    english_only(sample)
    approve_all(sample)
    cli(runner, sample, "finalise", JOINT, "--quiet")
    [first] = _finals(sample)
    kept = files_under(sample / "final")
    path = sample / name
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert path.read_text(encoding="utf-8") != text
    result = runner.invoke(main, ["finalise", JOINT, "--quiet", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(_known_note(first)), result.output
    # the summary says nothing was finalised: not "Finalised …" above a note that says so
    summary = result.output.splitlines()[-2]
    assert re.fullmatch(
        rf"Nothing new to finalise: 1 letter in en is final already, 1 \.docx \(3 files with"
        rf" the manifest\) in {re.escape(str(first))}/; checked in [0-9.]+ s\.",
        summary,
    ), result.output
    assert "Finalised" not in result.output
    assert _finals(sample) == [first]
    assert files_under(sample / "final") == kept


def test_a_changed_text_makes_a_new_folder(sample: Path, runner: CliRunner) -> None:
    english_only(sample)
    approve_all(sample)
    cli(runner, sample, "finalise", JOINT, "--quiet")
    [first] = _finals(sample)
    letters = sample / "cases" / "akhmetova" / "letters.yaml"
    before = Workspace(sample).version(JOINT, "en").short
    joint = "    state: UA  # the instruments are named as binding Ukraine\n    recipients:\n"
    _edit(
        letters,
        f"framing: Her extradition would put her in grave danger.\n{joint}",
        f"framing: Her extradition would put her life in grave danger.\n{joint}",
    )
    assert Workspace(sample).version(JOINT, "en").short != before
    approve_all(sample)
    result = runner.invoke(main, ["finalise", JOINT, "--quiet", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert "already holds" not in result.output
    folders = _finals(sample)
    assert folders[0] == first and len(folders) == 2
    assert folders[1].name.startswith("002-")


def test_a_removed_recipient_makes_a_new_folder(sample: Path, runner: CliRunner) -> None:
    approve_all(sample, EXTRADITION)
    cli(runner, sample, "finalise", EXTRADITION, "--quiet")
    [first] = _finals(sample, EXTRADITION)
    assert len(list(first.glob("*venediktova*"))) == 1
    _edit(
        sample / "cases" / "akhmetova" / "letters.yaml",
        "recipients: [maliuska, venediktova]",
        "recipients: [maliuska]",
    )
    approve_all(sample, EXTRADITION)
    result = runner.invoke(main, ["finalise", EXTRADITION, "--quiet", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert "already holds" not in result.output
    folders = _finals(sample, EXTRADITION)
    assert folders[0] == first and len(folders) == 2
    assert not list(folders[1].glob("*venediktova*"))
    assert list(first.glob("*venediktova*"))  # the earlier folder is never changed


@needs_libreoffice
def test_pdfs_and_emails_of_an_unchanged_letter_make_no_new_folder(
    sample: Path, runner: CliRunner
) -> None:
    """The PDFs and e-mail drafts are compared too: made again from the same letter they are
    the same bytes (their dates are the letter's, their ids from the content)."""
    english_only(sample)
    approve_all(sample)
    cli(runner, sample, "finalise", JOINT, "--email", "--quiet")
    [first] = _finals(sample)
    kept = files_under(sample / "final")
    assert {p.suffix for p in first.iterdir()} >= {".docx", ".pdf", ".eml"}
    case = sample / "cases" / "akhmetova" / "case.yaml"
    case.write_text(case.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    result = runner.invoke(main, ["finalise", JOINT, "--email", "--quiet", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(_known_note(first)), result.output
    assert files_under(sample / "final") == kept
    # asked for fewer files (no e-mail drafts) than the folder holds: a new folder
    result = runner.invoke(main, ["finalise", JOINT, "--pdf", "--quiet", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert "already holds" not in result.output
    assert len(_finals(sample)) == 2


def _approved_and_final(sample: Path, runner: CliRunner) -> Path:
    english_only(sample)
    approve_all(sample)
    cli(runner, sample, "finalise", JOINT, "--quiet")
    [first] = _finals(sample)
    return first


def _revoked_and_approved_again(sample: Path, first: Path) -> None:
    """Berg withdrew, then approved the very same version again: the letters are the same,
    but the folder's manifest names an approval that was withdrawn since."""
    ws = Workspace(sample)
    ws.revoke(JOINT, "en", "berg", via="telephone, 22 May 2020")
    ws.approve(JOINT, "en", "berg", via="telephone, 23 May 2020", version=first.name[4:])


def _edited_by_hand(sample: Path, first: Path) -> None:
    """The newest folder's letter was changed after it was made: it is not what finalise
    makes, so it cannot stand for it."""
    letter = first / f"{JOINT}.en.docx"
    letter.write_bytes(letter.read_bytes() + b"\0")


def _extra_file(sample: Path, first: Path) -> None:
    (first / "notes.txt").write_text("sent to Berg's office\n", encoding="utf-8")


def _manifest_garbled(sample: Path, first: Path) -> None:
    """The newest folder's manifest.json was edited into something letters never writes."""
    manifest = first / "manifest.json"
    head = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**head, "files": 5}), encoding="utf-8")


@pytest.mark.parametrize(
    "change", [_revoked_and_approved_again, _edited_by_hand, _extra_file, _manifest_garbled]
)
def test_the_same_letters_beside_other_approvals_or_files_make_a_new_folder(
    sample: Path, runner: CliRunner, change: Callable[[Path, Path], None]
) -> None:
    first = _approved_and_final(sample, runner)
    case = sample / "cases" / "akhmetova" / "case.yaml"
    case.write_text(case.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    change(sample, first)
    kept = files_under(first)
    result = runner.invoke(main, ["finalise", JOINT, "--quiet", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert "already holds" not in result.output
    folders = _finals(sample)
    assert folders[0] == first and len(folders) == 2
    assert folders[1].name == first.name.replace("001-", "002-")
    assert files_under(first) == kept


def test_only_the_newest_folder_is_compared(sample: Path, runner: CliRunner) -> None:
    """The letters are those of 001 again, but 002 was made in between from other text:
    naming 001 would point back past the letters that replaced it; 003 says these are the
    newest."""
    first = _approved_and_final(sample, runner)
    letters = sample / "cases" / "akhmetova" / "letters.yaml"
    joint = "\n    state: UA  # the instruments are named as binding Ukraine\n    recipients:\n"
    said, other = f"put her in grave danger.{joint}", f"put her life in grave danger.{joint}"
    _edit(letters, said, other)
    approve_all(sample)
    cli(runner, sample, "finalise", JOINT, "--quiet")
    _edit(letters, other, said)
    approve_all(sample)  # the first text again, approved again
    result = runner.invoke(main, ["finalise", JOINT, "--quiet", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert "already holds" not in result.output
    names = [p.name for p in _finals(sample)]
    assert names[0] == first.name and names[2] == first.name.replace("001-", "003-")


def test_letters_back_to_an_older_folders_are_the_next_number(
    sample: Path, runner: CliRunner
) -> None:
    """A language taken out and put back, with no approval asked again: the inputs, approvals
    and options are those of 001 once more, but 002 was published since. Naming 001, as made
    "by an earlier run", pointed back past the newest folder; these letters are the next."""
    approve_all(sample)
    cli(runner, sample, "finalise", JOINT, "--quiet")
    [first] = _finals(sample)
    letters = sample / "cases" / "akhmetova" / "letters.yaml"
    _edit(letters, "languages: [en, uk, ru]", "languages: [en, uk]")
    cli(runner, sample, "finalise", JOINT, "--quiet")
    _edit(letters, "languages: [en, uk]", "languages: [en, uk, ru]")
    kept = files_under(sample / "final")
    result = runner.invoke(main, ["finalise", JOINT, "--quiet", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert "holds these final letters" not in result.output
    folders = _finals(sample)
    assert [p.name[:4] for p in folders] == ["001-", "002-", "003-"]
    assert files_under(folders[2]) == files_under(first)
    assert {k: v for k, v in files_under(sample / "final").items() if k in kept} == kept


def _phases_run(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The phases that make a batch's files, each still run as it is, named as they start:
    the Word letters rendered, the LibreOffice conversion, the e-mail drafts, the print file."""
    import letters.publish.batch as batch

    ran: list[str] = []

    def counting(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any) -> Any:
            ran.append(name)
            return real(*args)

        return counted

    for name in ("render_batch", "convert_all", "write_emails", "print_file"):
        monkeypatch.setattr(batch, name, counting(name, getattr(batch, name)))
    return ran


@pytest.mark.parametrize(
    "options",
    [
        pytest.param((), id="word"),
        pytest.param(("--email", "--print"), id="pdf-email-print", marks=needs_libreoffice),
    ],
)
@pytest.mark.parametrize(("name", "old", "new"), UNSEEN)
def test_an_edit_no_letter_shows_makes_no_letter_at_all(
    sample: Path,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    options: tuple[str, ...],
    name: str,
    old: str,
    new: str,
) -> None:
    """What decides the files is the same, so finalise knows the newest folder holds them
    before rendering a letter or starting LibreOffice, and says how it knows."""
    english_only(sample)
    approve_all(sample)
    cli(runner, sample, "finalise", JOINT, *options, "--quiet")
    [first] = _finals(sample)
    kept = files_under(sample / "final")
    path = sample / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    ran = _phases_run(monkeypatch)
    result = runner.invoke(main, ["finalise", JOINT, *options, "--quiet", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(_known_note(first)), result.output
    assert result.output.splitlines()[-2].startswith("Nothing new to finalise: 1 letter in en")
    assert ran == []
    assert files_under(sample / "final") == kept


def _reviewed(sample: Path) -> None:
    """A comment added to the case: no letter shows it."""
    case = sample / "cases" / "akhmetova" / "case.yaml"
    case.write_text(case.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")


def _removed(sample: Path, first: Path) -> None:
    (first / f"{JOINT}.en.docx").unlink()


def _csv_edited(sample: Path, first: Path) -> None:
    """manifest.csv changed by hand: not what finalise writes of these files."""
    manifest = first / "manifest.csv"
    manifest.write_bytes(manifest.read_bytes() + b"note,,,,,,,\r\n")


@pytest.mark.parametrize("change", [_edited_by_hand, _removed, _csv_edited])
def test_a_final_file_changed_or_removed_is_made_again_and_compared(
    sample: Path,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[Path, Path], None],
) -> None:
    """The newest folder's files cannot stand for the letters once one is not as written:
    they are made again, compared, and published as the next folder."""
    first = _approved_and_final(sample, runner)
    _reviewed(sample)
    change(sample, first)
    kept = files_under(first)
    ran = _phases_run(monkeypatch)
    result = runner.invoke(main, ["finalise", JOINT, "--quiet", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert "already holds" not in result.output
    assert ran == ["render_batch"]
    assert [p.name[:4] for p in _finals(sample)] == ["001-", "002-"]
    assert files_under(first) == kept


def _made_by_an_earlier_release(head: dict[str, Any]) -> None:
    head.pop("made_from")  # it recorded no "made_from"


def _made_from_other_inputs(head: dict[str, Any]) -> None:
    """What decided its files was other (another release of letters, a setting no letter
    shows), yet they are what these inputs make, byte for byte."""
    head["made_from"] = "0" * 64


def _earlier(folder: Path, made: Callable[[dict[str, Any]], None]) -> None:
    """The final ``folder``'s manifest.json as ``made`` (one of the two above) left it."""
    manifest = folder / "manifest.json"
    head = json.loads(manifest.read_text(encoding="utf-8"))
    made(head)
    manifest.write_text(json.dumps(head, ensure_ascii=False, indent=2), encoding="utf-8")


@pytest.mark.parametrize("earlier", [_made_by_an_earlier_release, _made_from_other_inputs])
def test_a_folder_found_the_same_records_what_its_letters_are_made_from(
    sample: Path,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    earlier: Callable[[dict[str, Any]], None],
) -> None:
    """A final folder whose "made_from" is not what these inputs give: the letters are made
    and compared with it, and it is named when they are the same; its manifest.json then
    records what they were made from this time (all else as it was, "batch" too), so the
    next run knows before making any letter, rather than every run converting them again."""
    first = _approved_and_final(sample, runner)
    written = files_under(first)
    _earlier(first, earlier)
    _reviewed(sample)
    ran = _phases_run(monkeypatch)
    result = runner.invoke(main, ["finalise", JOINT, "--quiet", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(_same_note(first, recorded=True)), result.output
    assert ran == ["render_batch"]
    assert _finals(sample) == [first]
    # a comment changes no "made_from": the folder is again as the first finalise wrote it
    assert files_under(first) == written
    ran.clear()
    result = runner.invoke(main, ["finalise", JOINT, "--quiet", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(_known_note(first)), result.output
    assert ran == []
    assert files_under(first) == written


# Edits that change what a final e-mail draft holds but no version: no signatory approves
# the sender's name or the blank lines between an e-mail's paragraphs, yet they are sent.
UNAPPROVED_BUT_SENT = [
    pytest.param(
        "workspace.yaml", "Appeals Desk <appeals@", "Appeals Office <appeals@", id="sender-name"
    ),
    pytest.param(
        "templates/appeal.email.txt",
        "{{ recipient.closing }}",
        "\n{{ recipient.closing }}",
        id="blank-line-in-email-text",
    ),
]


@needs_libreoffice
@pytest.mark.parametrize(("name", "old", "new"), UNAPPROVED_BUT_SENT)
def test_an_edit_a_final_email_shows_makes_a_new_folder(
    sample: Path, runner: CliRunner, name: str, old: str, new: str
) -> None:
    """What decides the files is not only the versions: an edit that changes an e-mail draft
    and no version is not taken for one that changes nothing, and the drafts are made again."""
    english_only(sample)
    approve_all(sample)
    cli(runner, sample, "finalise", JOINT, "--email", "--quiet")
    [first] = _finals(sample)
    kept = files_under(first)
    before = Workspace(sample).version(JOINT, "en").short
    _edit(sample / name, old, new)
    assert Workspace(sample).version(JOINT, "en").short == before  # approvals still stand
    result = runner.invoke(main, ["finalise", JOINT, "--email", "--quiet", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert "already holds" not in result.output
    [_, second] = _finals(sample)
    assert second.name == first.name.replace("001-", "002-")
    made = files_under(second)
    assert made.keys() == kept.keys()
    changed = {Path(name).suffix for name in made if made[name] != kept[name]}
    assert changed == {".eml", ".csv", ".json"}, changed  # the letters and PDFs are the same
    assert files_under(first) == kept


@needs_libreoffice
def test_a_blank_line_of_a_text_only_the_email_shows_makes_a_new_folder(
    sample: Path, runner: CliRunner
) -> None:
    """The e-mail text shows a case text its letter does not, in two lines; a blank line put
    between them changes every e-mail draft but no version (its lines that hold text stay),
    and is no edit that changes nothing: the drafts are made again, into a new folder."""
    english_only(sample)
    case = sample / "cases" / "akhmetova" / "case.yaml"
    _edit(case, "  occupation: journalist\n", "  occupation: |-\n    journalist\n    and editor\n")
    ask = '{{ _("We would be grateful'
    _edit(
        sample / "templates" / "appeal.email.txt", ask, f"{{{{ case.person.occupation }}}}\n\n{ask}"
    )
    approve_all(sample)
    cli(runner, sample, "finalise", JOINT, "--email", "--quiet")
    [first] = _finals(sample)
    kept = files_under(first)
    before = Workspace(sample).version(JOINT, "en").short
    _edit(case, "    journalist\n    and editor\n", "    journalist\n\n    and editor\n")
    assert Workspace(sample).version(JOINT, "en").short == before  # approvals still stand
    result = runner.invoke(main, ["finalise", JOINT, "--email", "--quiet", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert "already holds" not in result.output
    [_, second] = _finals(sample)
    made = files_under(second)
    assert {Path(name).suffix for name in made if made[name] != kept[name]} == {
        ".eml",
        ".csv",
        ".json",
    }
    assert b"journalist\r\n\r\nand editor" in made[f"{JOINT}.denisova.eml"]
    assert files_under(first) == kept


def _file_kinds(output: str) -> str:
    """What the summary says of the files by kind: '1 .docx, 1 .pdf, …'."""
    found = re.search(r"(?:^Finalised [^:]*: |final already, )([^(]*) \(\d+ files with", output)
    assert found, output
    return found.group(1)


@needs_libreoffice
def test_a_rerun_that_makes_nothing_lists_the_files_as_the_first_run_did(
    sample: Path, runner: CliRunner
) -> None:
    """The summary of a finalise that finds its letters in their folder already lists the
    kinds of files in the order of the run that made them (Word, PDF, e-mail, print file),
    however it knew: the same batch, what it was made from, or its files made and compared."""
    english_only(sample)
    approve_all(sample)
    args = ["finalise", JOINT, "--email", "--print", "--quiet", "-w", str(sample)]
    first_run = runner.invoke(main, args)
    assert first_run.exit_code == 0, first_run.output
    kinds = _file_kinds(first_run.output)
    assert kinds == "1 .docx, 1 .pdf, 6 .eml, 1 print file", first_run.output
    [first] = _finals(sample)
    for edit in (None, _reviewed, _made_from_other_inputs):
        if edit is _made_from_other_inputs:  # so its files are made and compared
            _earlier(first, edit)
        elif edit is not None:
            edit(sample)
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        assert "Nothing new to finalise" in result.output, result.output
        assert _file_kinds(result.output) == kinds, result.output
    assert _finals(sample) == [first]


def _manifest_read_only(folder: Path) -> list[Path]:
    return [folder / "manifest.json"]


def _folder_read_only(folder: Path) -> list[Path]:
    """``chmod -R a-w`` of the folder: root may still write there, the user said not to."""
    return [*sorted(folder.iterdir()), folder]


@pytest.mark.parametrize("locked", [_manifest_read_only, _folder_read_only])
def test_a_read_only_final_folder_is_not_rewritten_to_record_what_it_is_made_from(
    sample: Path, runner: CliRunner, locked: Callable[[Path], list[Path]]
) -> None:
    """Someone made the final folder (or its manifest.json) read-only: recording there what
    its letters are made from only saves time, so it is left as it is, its permissions too,
    and the note says nothing was written."""
    first = _approved_and_final(sample, runner)
    _earlier(first, _made_by_an_earlier_release)
    written = files_under(first)
    paths = locked(first)
    modes = {path: path.stat().st_mode for path in paths}
    for path in paths:
        path.chmod(path.stat().st_mode & ~0o222)
    try:
        _reviewed(sample)
        result = runner.invoke(main, ["finalise", JOINT, "--quiet", "-w", str(sample)])
        assert result.exit_code == 0, result.output
        assert result.output.endswith(_same_note(first)), result.output
        assert files_under(first) == written
        assert {path: path.stat().st_mode for path in paths} == {
            path: mode & ~0o222 for path, mode in modes.items()
        }
    finally:
        for path, mode in modes.items():
            path.chmod(mode)


def test_a_staging_folder_a_crash_left_after_recording_made_from_is_cleared(
    sample: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The machine stopped once the folder recorded what its letters are made from, before
    the staging folder, a copy of every letter, was cleared: the next run, which knows the
    letters before making any, clears it, as a run that makes them would."""
    import letters.publish.batch as batch

    first = _approved_and_final(sample, runner)
    _earlier(first, _made_by_an_earlier_release)
    _reviewed(sample)
    with monkeypatch.context() as stopped:
        stopped.setattr(batch.shutil, "rmtree", lambda *_args, **_kwargs: None)
        result = runner.invoke(main, ["finalise", JOINT, "--quiet", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(_same_note(first, recorded=True)), result.output
    assert [p.name.startswith(STAGING_PREFIX) for p in _finals(sample)] == [True, False]
    result = runner.invoke(main, ["finalise", JOINT, "--quiet", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(_known_note(first)), result.output
    assert _finals(sample) == [first]
