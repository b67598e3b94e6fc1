"""Final letters that can be sent: Word, PDF, e-mail and print file through the same batch as
drafts, resumable after kill -9, never replacing an earlier final; and every command agrees on
which (letter, language) pairs exist."""

from __future__ import annotations

import email
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner
from lxml import etree

from letters import Workspace
from letters.cli import main
from letters.publish.batch import STAGING_PREFIX
from letters.render.docxpost import W
from tests.conftest import (
    LIBREOFFICE,
    cli,
    copy_workspace,
    docx_text,
    files_under,
    killed_at,
    needs_libreoffice,
    pdf_text,
    require_tool,
    rewrite_docx,
)
from tests.test_signoff import JOINT, SIX, VIA

DRAFT_MARKS = ("DRAFT", "ПРОЄКТ", "ПРОЕКТ")


def approve_all(workspace: Path, letter: str = JOINT) -> None:
    """Every signatory approves the current version of ``letter`` in each of its languages."""
    ws = Workspace(workspace)
    for language in ws.plan([letter]).languages:
        version = ws.version(letter, language).short
        for who in SIX:
            ws.approve(letter, language, who, via=VIA, version=version)


def _final_folder(workspace: Path, letter: str = JOINT) -> Path:
    folders = [p for p in (workspace / "final" / letter).iterdir() if not p.name.startswith(".")]
    assert len(folders) == 1, folders
    return folders[0]


def _holds_what_word_needs(letter: Path) -> None:
    """Every header and footer holds a paragraph (the schema's CT_HdrFtr wants at least one
    block, and Word calls a letter without it unreadable), though the DRAFT mark, the only
    paragraph of the template's first-page header, is gone; Word is not told the text was
    proof-read."""
    with zipfile.ZipFile(letter) as package:
        stories = [
            n for n in package.namelist() if re.fullmatch(r"word/(header|footer)\d*\.xml", n)
        ]
        assert stories, letter
        for name in stories:
            root = etree.fromstring(package.read(name))
            assert root.find(f"{{{W}}}p") is not None, f"{letter.name}: {name} holds no paragraph"
        settings = etree.fromstring(package.read("word/settings.xml"))
        assert settings.find(f"{{{W}}}proofState") is None


def _message(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=default)
    assert isinstance(message, EmailMessage)
    return message


def test_finalise_names_the_new_folder_once(all_approved: Path, runner: CliRunner) -> None:
    """The summary says where the final letters are; no second line says it again."""
    sample = all_approved
    result = runner.invoke(main, ["finalise", JOINT, "--quiet", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    folder = _final_folder(sample)
    assert re.fullmatch(
        r"Finalised 3 letters in en, uk, ru: 3 \.docx \(5 files with the manifest\)"
        rf" in {re.escape(str(folder))}/ in \d+\.\d s\.\n",
        result.output,
    ), result.output


@needs_libreoffice
def test_finalise_writes_sendable_letters_pdfs_emails_and_a_print_file(
    all_approved: Path, runner: CliRunner
) -> None:
    sample = all_approved
    result = runner.invoke(
        main, ["finalise", JOINT, "--pdf", "--email", "--print", "--quiet", "-w", str(sample)]
    )
    assert result.exit_code == 0, result.output
    folder = _final_folder(sample)
    assert result.output.startswith("Finalised 3 letters in en, uk, ru: 3 .docx, 3 .pdf, ")
    assert f" in {folder}/ in " in result.output and "wrote" not in result.output
    names = sorted(p.name for p in folder.iterdir())
    emails = [n for n in names if n.endswith(".eml")]
    assert len(emails) == 6  # one per official, each in the language they read
    assert [n for n in names if not n.endswith(".eml")] == sorted(
        [
            *(
                f"{JOINT}.{lang}.{suffix}"
                for lang in ("en", "uk", "ru")
                for suffix in ("docx", "pdf")
            ),
            "print.pdf",
            "manifest.csv",
            "manifest.json",
        ]
    )
    for lang in ("en", "uk", "ru"):
        words = docx_text(folder / f"{JOINT}.{lang}.docx")
        assert not any(line.startswith(DRAFT_MARKS) for line in words), lang
        _holds_what_word_needs(folder / f"{JOINT}.{lang}.docx")
        assert not any(mark in pdf_text(folder / f"{JOINT}.{lang}.pdf") for mark in DRAFT_MARKS)
    for name in emails:
        message = _message(folder / name)
        subject = str(message["Subject"])
        assert not subject.startswith("["), subject  # no [DRAFT …] in a final letter's e-mail
        body = message.get_body(("plain",))
        assert body is not None
        assert not any(mark in body.get_content() for mark in DRAFT_MARKS)
        attachment = next(iter(message.iter_attachments()))
        pdf = folder / str(attachment.get_filename())
        assert attachment.get_content() == pdf.read_bytes()  # the final PDF, not a draft's

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kind"] == "final"
    assert [e["n"] for e in manifest["ledger"]] == list(range(1, 19))
    assert {e["who"] for e in manifest["ledger"]} == set(SIX)
    listed = {row["file"] for row in manifest["files"]}
    assert listed == set(names) - {"manifest.csv", "manifest.json"}
    assert not list((sample / "final" / JOINT).glob(f"{STAGING_PREFIX}*"))


@needs_libreoffice
def test_review_copies_say_they_are_drafts_in_subject_and_body(
    sample: Path, runner: CliRunner
) -> None:
    result = runner.invoke(main, ["build", JOINT, "--email", "--quiet", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    version = Workspace(sample).version(JOINT, "uk").short
    drafts = sorted((sample / "out" / JOINT).glob("*.eml"))
    assert drafts
    for path in drafts:
        message = _message(path)
        body = message.get_body(("plain",))
        assert body is not None
        text = body.get_content()
        if message["Content-Language"] == "uk":
            assert str(message["Subject"]).startswith(f"[ПРОЄКТ {version}] ")
            assert text.startswith(f"ПРОЄКТ {version} — не для надсилання.")


def test_finalise_refuses_before_every_approval_and_never_replaces_a_final(
    sample: Path, runner: CliRunner
) -> None:
    english_only(sample)
    ws = Workspace(sample)
    version = ws.version(JOINT, "en").short
    for who in SIX[:5]:
        ws.approve(JOINT, "en", who, via=VIA, version=version)
    refused = runner.invoke(main, ["finalise", JOINT, "-w", str(sample)])
    assert refused.exit_code == 1
    assert refused.output == (
        f"Error: letter {JOINT} cannot be finalised: not every signatory approved its current"
        " version:\n  en: simecka — no answer\n"
    )
    assert not list((sample / "final").rglob("*.docx"))
    ws.approve(JOINT, "en", "simecka", via=VIA, version=version)
    first = ws.finalise(JOINT)
    assert first.out.name.startswith("001-")
    again = ws.finalise(JOINT)  # the same letters: named where they are, not made twice
    assert again.out == first.out and again.notes
    sent = files_under(first.out)
    letter = first.out / f"{JOINT}.en.docx"
    letter.write_bytes(letter.read_bytes() + b"\0")  # no longer the letters finalise made
    second = ws.finalise(JOINT)
    assert second.out.name.startswith("002-") and not second.notes
    assert files_under(second.out) == sent
    assert files_under(first.out) == {**sent, letter.name: sent[letter.name] + b"\0"}


def english_only(workspace: Path) -> None:
    letters = workspace / "cases" / "akhmetova" / "letters.yaml"
    text = letters.read_text(encoding="utf-8")
    letters.write_text(text.replace("languages: [en, uk, ru]", "languages: [en]", 1), "utf-8")


def approved_english(workspace: Path) -> None:
    """The joint letter in English only, every signatory's approval recorded."""
    english_only(workspace)
    approve_all(workspace)


def _finalise(workspace: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "letters", "finalise", JOINT, *args, "-w", str(workspace)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


KILL_POINTS = [("*.docx", 1), ("*.docx", 2), ("*.pdf", 1), ("*.pdf", 2), ("*.eml", 1)]


def test_finalise_killed_mid_way_then_rerun_ends_byte_identical(tmp_path: Path) -> None:
    require_tool("soffice", LIBREOFFICE)
    seed = int(os.environ.get("LETTERS_KILL_SEED") or random.SystemRandom().randrange(2**32))
    pattern, count = random.Random(seed).choice(KILL_POINTS)
    again = f"killed at {count} {pattern}; LETTERS_KILL_SEED={seed} repeats this kill point"
    print(again)
    approved = copy_workspace(Path(__file__).resolve().parent.parent, tmp_path / "approved")
    approve_all(approved)
    whole = copy_workspace(approved, tmp_path / "whole")
    cut = copy_workspace(approved, tmp_path / "cut")
    for target in (whole, cut):  # the ledger comes along: the same approvals in both
        shutil.copytree(approved / "signoff", target / "signoff")
    options = ("--pdf", "--email", "--print", "--quiet")
    done = _finalise(whole, *options)
    _out, err = done.communicate(timeout=900)
    assert done.returncode == 0, err.decode()
    expected = files_under(_final_folder(whole))

    killed = _finalise(cut, *options)
    base = cut / "final" / JOINT
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and killed.poll() is None:
        if len(list(base.glob(f"{STAGING_PREFIX}*/{pattern}"))) >= count:
            break
        time.sleep(0.005)
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait()
    assert killed.returncode == -signal.SIGKILL, again  # killed mid-way, not after
    assert not [p for p in base.iterdir() if not p.name.startswith(".")], again

    rerun = _finalise(cut, *options)
    _out, err = rerun.communicate(timeout=900)
    assert rerun.returncode == 0, f"{again}: {err.decode()}"
    assert files_under(_final_folder(cut)) == expected, again
    assert _final_folder(cut).name == _final_folder(whole).name, again
    assert not list(base.glob(f"{STAGING_PREFIX}*")), again


def test_build_check_status_packet_and_finalise_agree_on_the_pairs(
    sample: Path, runner: CliRunner
) -> None:
    individual = "may-2020-extradition"  # preferred languages: its officials read Ukrainian
    refused = runner.invoke(main, ["build", individual, "--lang", "ru", "-w", str(sample)])
    assert refused.exit_code == 1
    assert refused.output == (
        f"Error: --lang ru: letter {individual} is not written in 'ru'; its languages are uk"
        " (cases/akhmetova/letters.yaml:32)\n"
    )
    assert not (sample / "out").exists()

    ws = Workspace(sample)
    planned = {pair for pair in ws.plan().pairs if pair[0] == individual}
    assert planned == {(individual, "uk")}
    built = ws.build([individual], ["uk"])
    manifest = json.loads((built.out / "manifest.json").read_text(encoding="utf-8"))
    assert {(r["letter"], r["language"]) for r in manifest["files"]} == planned
    assert {(row.letter, row.lang) for row in ws.status() if row.letter == individual} == planned
    packet = ws.packet("bilcik")
    in_packet = {
        (path.name.split(".")[0], path.name.split(".")[1])
        for path in packet.written
        if path.name.startswith(individual)
    }
    assert in_packet == planned  # in languages Bilčík does not read too: his to approve
    assert not [p for p in ws.check() if not p.warning]  # check renders the same plan
    refused_final = runner.invoke(main, ["finalise", individual, "-w", str(sample)])
    asked = {
        (individual, line.strip().split(":")[0])
        for line in refused_final.output.splitlines()[1:]
        if line.startswith("  ")
    }
    assert asked == planned
    for command in (["approve", individual, "--version", "0000-0000"], ["revoke", individual]):
        answered = runner.invoke(
            main, [*command, "--lang", "ru", "--by", "bilcik", "--via", VIA, "-w", str(sample)]
        )
        assert answered.output == refused.output


def test_a_changed_email_text_needs_a_new_approval(approved: Path, runner: CliRunner) -> None:
    sample = approved
    ws = Workspace(sample)
    assert all(row.complete for row in ws.status() if row.letter == JOINT)
    text = sample / "templates" / "appeal.email.txt"
    text.write_text(
        text.read_text(encoding="utf-8").replace(
            "{{ recipient.closing }}", "We withdraw our appeal.\n\n{{ recipient.closing }}"
        ),
        encoding="utf-8",
    )
    ws.reload()
    assert not any(row.complete for row in ws.status() if row.letter == JOINT)
    refused = runner.invoke(main, ["finalise", JOINT, "-w", str(sample)])
    assert refused.exit_code == 1
    assert refused.output.count("approved an earlier version") == 6
    packet = ws.packet("bilcik")
    email = next(path for path in packet.written if path.name.endswith(".email.txt"))
    assert "We withdraw our appeal." in email.read_text(encoding="utf-8")
    assert "[recipient: salutation]" in email.read_text(encoding="utf-8")
    # read as it will be sent: its paragraphs apart
    assert "\n\nWe withdraw our appeal.\n\n" in email.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("command", "out", "why"),
    [
        (["build", JOINT], "cases", "it is the workspace or one of its own folders"),
        (["build", JOINT], ".", "it is the workspace or one of its own folders"),
        (["build", JOINT], "final/elsewhere", "it is the workspace or one of its own folders"),
        (["review", "packet", "bilcik"], "out", "it holds the manifest of a draft output"),
        (["build", JOINT], "out/review/bilcik", "it holds the manifest of a review packet output"),
    ],
)
def test_an_output_folder_that_is_not_ours_is_refused(
    sample: Path, runner: CliRunner, command: list[str], out: str, why: str
) -> None:
    for made in (["build", JOINT], ["review", "packet", "bilcik"]):
        assert runner.invoke(main, [*made, "-w", str(sample)]).exit_code == 0
    before = files_under(sample)
    result = runner.invoke(main, [*command, "--out", str(sample / out), "-w", str(sample)])
    assert result.exit_code == 1
    assert why in result.output
    assert result.output.endswith("choose another output folder\n")
    assert files_under(sample) == before


_NOT_A_FOLDER = "it is {kind}, not a folder; give --out a folder, or a path where one can be made"
_UNDER_A_FILE = (
    "{under} is {kind}, not a folder, so no folder can be made in it; give --out another path"
)


@pytest.mark.parametrize(
    ("command", "out", "why"),
    [
        (["build"], "/dev/null", _NOT_A_FOLDER.format(kind="a device")),
        (["build", JOINT], "{tmp}/notes.txt", _NOT_A_FOLDER.format(kind="a file")),
        (["build"], "{tmp}/link", _NOT_A_FOLDER.format(kind="a link to a file")),
        (
            ["build"],
            "{tmp}/notes.txt/out",
            _UNDER_A_FILE.format(under="{tmp}/notes.txt", kind="a file"),
        ),
        (
            ["build"],
            "{tmp}/link/out/x",
            _UNDER_A_FILE.format(under="{tmp}/link", kind="a link to a file"),
        ),
        (["review", "packet", "bilcik"], "/dev/null", _NOT_A_FOLDER.format(kind="a device")),
        (
            ["review", "packet", "bilcik"],
            "{tmp}/notes.txt/out",
            _UNDER_A_FILE.format(under="{tmp}/notes.txt", kind="a file"),
        ),
        (["review", "request", "--no-pdf"], "/dev/null", _NOT_A_FOLDER.format(kind="a device")),
        (
            ["review", "request", "--no-pdf"],
            "{tmp}/link",
            _NOT_A_FOLDER.format(kind="a link to a file"),
        ),
    ],
)
def test_an_output_folder_that_is_not_a_folder_is_refused(
    sample: Path, runner: CliRunner, tmp_path: Path, command: list[str], out: str, why: str
) -> None:
    """A device, a file, a link to a file, or a path under one: an error naming it, and
    nothing written, in the workspace or beside it."""
    (tmp_path / "notes.txt").write_text("someone's notes\n", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "notes.txt")
    before = sorted(tmp_path.rglob("*")), files_under(tmp_path)
    out = out.format(tmp=tmp_path)
    result = runner.invoke(main, [*command, "--out", out, "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: cannot write into {out}: {why.format(tmp=tmp_path)}; nothing was written\n"
    )
    assert (sorted(tmp_path.rglob("*")), files_under(tmp_path)) == before


@pytest.mark.parametrize("in_the_way", ["final", f"final/{JOINT}"])
def test_a_file_where_the_final_folder_goes_is_named(
    approved: Path, runner: CliRunner, in_the_way: str
) -> None:
    """final/ (or final/<letter>/) saved as a file: finalise said 'final/<letter>: Not a
    directory', naming neither the file in the way nor what to do."""
    shutil.rmtree(approved / "final", ignore_errors=True)
    (approved / in_the_way).parent.mkdir(parents=True, exist_ok=True)
    (approved / in_the_way).write_text("someone's notes\n", encoding="utf-8")
    before = files_under(approved)
    result = runner.invoke(main, ["finalise", JOINT, "--quiet", "-w", str(approved)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: cannot write into {approved / 'final' / JOINT}: {approved / in_the_way} is a"
        " file, not a folder; move it away (or rename it), and run the command again; nothing"
        " was written\n",
    )
    assert files_under(approved) == before


_FILE_NAME = (
    "Error: Invalid value for '--out' / '-o': '{out}' looks like a file name; --out is the"
    " folder {what} written into (give a folder, e.g. --out {folder}).\n"
)


@pytest.mark.parametrize(
    "suffix",
    [
        *(".pdf", ".docx", ".eml", ".zip", ".txt", ".html", ".json", ".csv", ".yaml", ".PDF"),
        *(".odt", ".tar.gz"),
    ],
)
@pytest.mark.parametrize(
    ("command", "what"),
    [
        (["build", JOINT], "the letters are"),
        (["review", "packet", "bilcik"], "the packet is"),
        (["review", "request", "--no-pdf"], "the e-mail drafts are"),
    ],
)
@pytest.mark.parametrize(("name", "folder"), [("letters", "letters"), ("new/x", "new/x")])
def test_an_output_folder_named_like_a_file_is_a_usage_error(
    sample: Path,
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    what: str,
    suffix: str,
    name: str,
    folder: str,
) -> None:
    """`--out letters.pdf` that does not exist: exit status 2, as any bad option, and no
    folder of that name (nor the folder above it) made."""
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.rglob("*")), files_under(tmp_path)
    result = runner.invoke(main, [*command, "--out", f"{name}{suffix}", "-w", str(sample)])
    assert result.exit_code == 2
    assert result.output.endswith(
        "for help.\n\n" + _FILE_NAME.format(out=f"{name}{suffix}", what=what, folder=folder)
    )
    assert "Traceback" not in result.output
    assert (sorted(tmp_path.rglob("*")), files_under(tmp_path)) == before


def test_an_existing_folder_named_like_a_file_is_written_into(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """The user made the folder letters.pdf: it is the output folder they chose."""
    chosen = tmp_path / "letters.pdf"
    chosen.mkdir()
    result = runner.invoke(
        main, ["build", JOINT, "--lang", "en", "--out", str(chosen), "-w", str(sample)]
    )
    assert result.exit_code == 0, result.output
    assert (chosen / JOINT / f"{JOINT}.en.docx").is_file()


def test_an_output_folder_whose_manifest_cannot_be_read_is_refused(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "manifest.json").write_text("not a manifest\n", encoding="utf-8")
    before = files_under(tmp_path)
    result = runner.invoke(main, ["build", JOINT, "--out", str(elsewhere), "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: refusing to write draft files into {elsewhere.resolve()}: its manifest.json"
        " cannot be read as the manifest of letters, so what this would replace or prune"
        " there is not known; choose another output folder\n"
    )
    assert files_under(tmp_path) == before


@pytest.mark.parametrize("under", [JOINT, f"{JOINT}/more"], ids=["its-folder", "below-it"])
def test_a_build_into_a_letter_folder_of_an_earlier_build_is_refused(
    sample: Path, runner: CliRunner, under: str
) -> None:
    """``--out out/may-2020-joint`` (the folder of a letter that ``build`` wrote) would put
    a second batch, with its own manifest, among that letter's files."""
    cli(runner, sample, "build", JOINT, "-l", "en")
    out = (sample / "out").resolve()
    before = files_under(sample / "out")
    result = runner.invoke(main, ["build", "--out", str(sample / "out" / under), "-w", str(sample)])
    assert result.exit_code == 1
    where = "it is" if under == JOINT else f"it is inside {out / JOINT},"
    assert result.output == (
        f"Error: refusing to write draft files into {out / under}: {where} a folder of the"
        f" batch written into {out} (its manifest.json lists files in it), and the two batches"
        f" would be mixed; choose {out} itself, or a folder outside {out / JOINT}\n"
    )
    assert files_under(sample / "out") == before
    # beside the letters' folders, a new folder is the user's to choose
    cli(runner, sample, "build", JOINT, "-l", "en", "--out", str(sample / "out" / "second"))
    assert (sample / "out" / "second" / JOINT / f"{JOINT}.en.docx").is_file()


def test_a_build_into_a_final_folder_is_refused_and_deletes_nothing(
    approved: Path, runner: CliRunner
) -> None:
    sample = approved
    final = Workspace(sample).finalise(JOINT).out
    kept = files_under(final)
    result = runner.invoke(main, ["build", JOINT, "--pdf", "--out", str(final), "-w", str(sample)])
    assert result.exit_code == 1
    assert files_under(final) == kept


def test_a_new_packet_removes_the_drafts_it_replaces(sample: Path) -> None:
    english_only(sample)
    ws = Workspace(sample)
    first = ws.packet("bilcik")
    old_draft = next(path for path in first.written if path.name.endswith(".draft.docx"))
    case = sample / "cases" / "akhmetova" / "case.yaml"
    text = case.read_text(encoding="utf-8")
    case.write_text(
        text.replace(
            "Supreme Court upheld that order",
            "Supreme Court confirmed that order",
        )
    )
    ws.reload()
    second = ws.packet("bilcik")
    assert not old_draft.exists()  # an out-of-date draft is not left to be sent
    folder = old_draft.parent
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in second.written)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    individual = {(letter, "uk") for letter in ("may-2020-extradition", "may-2020-migration")}
    individual.add(("may-2020-oversight", "uk"))  # his to approve, though he reads English
    assert {(r["letter"], r["language"]) for r in manifest["files"]} == {(JOINT, "en")} | individual


def test_a_refused_finalise_keeps_no_unapproved_final_letters(
    approved: Path, runner: CliRunner
) -> None:
    sample = approved
    staging = sample / "final" / JOINT / f"{STAGING_PREFIX}0123"
    staging.mkdir(parents=True)
    (staging / f"{JOINT}.en.docx").write_bytes(b"a final letter made before a revocation")
    Workspace(sample).revoke(JOINT, "en", "bilcik", via=VIA)
    refused = runner.invoke(main, ["finalise", JOINT, "-w", str(sample)])
    assert refused.exit_code == 1
    assert not staging.exists()


def test_the_packet_names_a_changed_date_among_the_changed_inputs(sample: Path) -> None:
    english_only(sample)
    ws = Workspace(sample)
    ws.approve(JOINT, "en", "bilcik", via=VIA, version=ws.version(JOINT, "en").short)
    case = sample / "cases" / "akhmetova" / "case.yaml"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("date: 2017-10-18", "date: 2017-10-19", 1), encoding="utf-8")
    ws.reload()
    packet = ws.packet("bilcik")
    changes = next(path for path in packet.written if path.name.endswith(".changes.txt"))
    assert "- changed: case facts\n" in changes.read_text(encoding="utf-8")
    assert any(path.name.endswith(".redline.docx") for path in packet.written)


def test_a_version_kept_before_the_upgrade_lists_no_unchanged_signatory(sample: Path) -> None:
    """A version kept before a signatory's review-only fields (delegates, reads …) were left
    out of the inputs holds them; they are no change to the letter either way."""
    english_only(sample)
    ws = Workspace(sample)
    version = ws.version(JOINT, "en")
    ws.approve(JOINT, "en", "bilcik", via=VIA, version=version.short)
    kept = next((sample / "signoff" / "versions").glob(f"{JOINT}.en.*.json"))
    record = json.loads(kept.read_text(encoding="utf-8"))
    signatories = [key for key in record["inputs"] if key.startswith("signatory ")]
    assert signatories
    for key in signatories:  # the whole directory entry, as versions were kept before
        record["inputs"][key] = repr(
            ws.data.people[key.removeprefix("signatory ")].person.model_dump(mode="json")
        )
    # ... and one signatory whose shown name changed since is still listed
    first = signatories[0]
    record["inputs"][first] = record["inputs"][first].replace(
        "'name': {", "'name': {'xx': 'X', ", 1
    )
    kept.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    case = sample / "cases" / "akhmetova" / "case.yaml"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("date: 2017-10-18", "date: 2017-10-19", 1), encoding="utf-8")
    ws.reload()
    changes = next(p for p in ws.packet("bilcik").written if p.name.endswith(".changes.txt"))
    assert changes.read_text(encoding="utf-8").splitlines()[1:] == [
        "- changed: case facts",
        f"- changed: {first}",
    ]


@pytest.mark.parametrize(
    ("path", "old", "new", "changed"),
    [
        ("cases/akhmetova/case.yaml", "date: 2017-10-18", "date: 2017-10-19", "case facts"),
        (
            "cases/akhmetova/case.yaml",
            "Supreme Court upheld that order",
            "Supreme Court confirmed that order",
            "case text cases/akhmetova/case.yaml timeline[3].text",
        ),
        (
            "recipients/officials.yaml",
            "en: [Mr Denys Maliuska,",
            "en: [Mr Denis Maliuska,",
            "recipient maliuska",
        ),
        (
            "cases/akhmetova/letters.yaml",
            "date: 2020-05-21",
            "date: 2020-05-22",
            f"letter {JOINT}",
        ),
    ],
)
def test_a_refused_finalise_says_what_changed_since_the_approval(
    approved: Path, runner: CliRunner, path: str, old: str, new: str, changed: str
) -> None:
    sample = approved
    approved = Workspace(sample).version(JOINT, "en").short
    edited = sample / path
    text = edited.read_text(encoding="utf-8")
    assert old in text
    edited.write_text(text.replace(old, new, 1), encoding="utf-8")
    refused = runner.invoke(main, ["finalise", JOINT, "-w", str(sample)])
    assert refused.exit_code == 1
    stale = "".join(
        f"  en: {who} — approved an earlier version, entry {n}\n"
        for n, who in enumerate(SIX, start=1)
    )
    assert refused.output == (
        f"Error: letter {JOINT} cannot be finalised: not every signatory approved its current"
        f" version:\n{stale}  en: since version {approved} was approved: changed: {changed}\n"
    )


def test_a_changed_translation_is_named_as_a_translation(sample: Path, runner: CliRunner) -> None:
    """A translator's edit changes the Ukrainian letter, not the case's English: the
    refusal says a translation changed, so nobody goes looking in case.yaml."""
    letters = sample / "cases" / "akhmetova" / "letters.yaml"
    text = letters.read_text(encoding="utf-8")
    letters.write_text(text.replace("languages: [en, uk, ru]", "languages: [uk]", 1), "utf-8")
    approve_all(sample)
    approved = Workspace(sample).version(JOINT, "uk").short
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "case-akhmetova.po"
    text = po.read_text(encoding="utf-8")
    old = '"{date} Верховний Суд залишив це рішення без змін."'
    assert text.count(old) == 1
    po.write_text(text.replace(old, '"{date} Верховний Суд залишив цю постанову без змін."'))
    refused = runner.invoke(main, ["finalise", JOINT, "-w", str(sample)])
    assert refused.exit_code == 1
    assert refused.output.splitlines()[-1] == (
        f"  uk: since version {approved} was approved: changed: translation of case text"
        " cases/akhmetova/case.yaml timeline[3].text"
    )


def test_text_a_signature_would_bring_into_a_final_letter_is_refused(
    sample: Path, runner: CliRunner
) -> None:
    # Drafts are made without signatures; a final letter has them. Text that only a
    # signature brings in would be signed unseen: check and build find it (a version is
    # worked out with every signature shown), so it can never be approved.
    english_only(sample)
    template = sample / "templates" / "appeal.docx"
    tag = "{% if s.signature_image %}"
    rider = tag + "We also withdraw our earlier requests. {% endif %}{{ s.signature }}"
    edit = {"word/document.xml": lambda xml: xml.replace(b"{{ s.signature }}", rider.encode())}
    template.write_bytes(rewrite_docx(template, edit))
    problem = (
        f"templates/appeal.docx: the final letter {JOINT} (en) would say “We also withdraw our"
        " earlier requests. Petras Auštrevičiu...”, which its draft does not show; signatories"
        " approve the draft, so a final letter may differ from it only by the DRAFT mark and"
        " placeholders {% if draft %} adds to drafts and by signature pictures: no"
        " text under {% if not draft %}, {% else %} or a signature, and no {% if draft %}"
        " inside a paragraph"
    )
    checked = runner.invoke(main, ["check", "-w", str(sample)])
    assert checked.exit_code == 1
    assert f"error: {problem}" in checked.output.splitlines()
    built = runner.invoke(main, ["build", JOINT, "-w", str(sample)])
    assert built.exit_code == 1
    assert built.output == f"Error: 1 problem in the letters; nothing was written:\n  {problem}\n"
    assert not (sample / "out").exists()
    refused = runner.invoke(main, ["finalise", JOINT, "-w", str(sample)])
    assert refused.exit_code == 1
    assert problem in refused.output
    assert not list((sample / "final").rglob("*.docx"))


def _in_drafts_only(sample: Path, label: str, text: str, before: str) -> None:
    """Put ``text`` in ``label`` (a template or its e-mail text) just before ``before``, as
    a paragraph (a line) of its own that only drafts show."""
    path = sample / label
    if path.suffix == ".docx":
        lines = ("{%p if draft %}", escape(text), "{%p endif %}")
        shown = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines).encode()
        edit = {
            "word/document.xml": lambda xml: xml.replace(
                before.encode(), shown + before.encode(), 1
            )
        }
        path.write_bytes(rewrite_docx(path, edit))
    else:
        source = path.read_text(encoding="utf-8")
        path.write_text(
            source.replace(before, f"{{% if draft %}}\n{text}\n{{% endif %}}\n" + before), "utf-8"
        )


@pytest.mark.parametrize(
    ("label", "shown", "before"),
    [
        # a whole paragraph before the signatures: seen, approved, never sent
        (
            "templates/appeal.docx",
            "We also ask you to release her at once.",
            "<w:p><w:pPr/><w:r><w:t>{%p for s in signatories",
        ),
        # a condition beside each signature
        (
            "templates/appeal.docx",
            "Signs only if the others do.",
            '<w:p><w:pPr><w:pStyle w:val="Signatory"/>',
        ),
        # the e-mail's review copy
        (
            "templates/appeal.email.txt",
            "We expect your answer within a week.",
            "{{ recipient.closing }}",
        ),
    ],
)
def test_a_draft_that_shows_what_its_final_letter_leaves_out_is_refused(
    approved: Path, runner: CliRunner, label: str, shown: str, before: str
) -> None:
    # Signatories approve what a draft shows: a paragraph only drafts show would be approved
    # and then missing from the letter sent under their names, with the same version id.
    sample = approved
    _in_drafts_only(sample, label, shown, before)
    problem = (
        f"{label}: the draft of {JOINT} (en) shows “{shown}”, which its final letter would not"
        " say; signatories approve what the draft shows, so a draft may add to its letter only"
        " its DRAFT mark (the paragraph with the version id) and placeholders where"
        " signatures go (a word, or up to three in square brackets: [signature]): no other"
        " text under {% if draft %}"
    )
    checked = runner.invoke(main, ["check", "-w", str(sample)])
    assert checked.exit_code == 1
    assert f"error: {problem}" in checked.output.splitlines()
    refused = runner.invoke(main, ["finalise", JOINT, "-w", str(sample)])
    assert refused.exit_code == 1
    assert refused.output == f"Error: 1 problem in the letters; nothing was written:\n  {problem}\n"
    assert not list((sample / "final").rglob("*.docx"))


def test_a_signature_placeholder_not_translated_yet_is_still_a_drafts_own(
    sample: Path, runner: CliRunner
) -> None:
    """A draft marks a message without a translation "[UNTRANSLATED: [signature]]": still
    the placeholder where a signature goes (the gap is a warning, and stops a final build),
    not text the final letter leaves out, which hid the real problem, say a language's
    catalogs not made yet."""
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "templates.po"
    text = po.read_text(encoding="utf-8")
    assert text.count('msgid "[signature]"\nmsgstr "[підпис]"') == 1
    line = text.split("\n").index('msgid "[signature]"') + 1
    po.write_text(text.replace('msgstr "[підпис]"', 'msgstr ""'), encoding="utf-8")
    built = runner.invoke(main, ["build", JOINT, "-w", str(sample)])
    assert built.exit_code == 0, built.output
    draft = docx_text(sample / "out" / JOINT / f"{JOINT}.uk.docx")
    assert draft.count("[UNTRANSLATED: [signature]]") == 6  # one for each signatory
    final = runner.invoke(main, ["build", JOINT, "--final", "-w", str(sample)])
    assert final.exit_code == 1
    assert 'msgid "[signature]"' not in final.output  # named by its line, as gaps are
    assert f"templates.po:{line}" in final.output, final.output


def test_pictures_side_by_side_in_a_draft_are_its_final_letters_own(
    sample: Path, runner: CliRunner
) -> None:
    # A letterhead of two logos in one paragraph: both the draft and the final letter show
    # it, and nothing is said that either lacks.
    english_only(sample)
    logo = b"{{ letterhead.logo.sized(1.6) }}"
    path = sample / "templates" / "appeal.docx"
    path.write_bytes(
        rewrite_docx(path, {"word/document.xml": lambda xml: xml.replace(logo, logo + b" " + logo)})
    )
    checked = runner.invoke(main, ["check", "-w", str(sample)])
    assert checked.exit_code == 0, checked.output


SIGNATURES_LOOP = b"{%p for s in signatories %}</w:t></w:r></w:p>"
SIGNED_ONLY = " (only in the final letter, where the signatures are shown)"
IN_PARAGRAPH = "templates/appeal.docx (word/document.xml, paragraph"


def _per_signatory(template: Path, text: str) -> None:
    """Put a paragraph of ``text`` (tags) first in the template's loop over signatories."""
    paragraph = f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>".encode()
    loop = {
        "word/document.xml": lambda xml: xml.replace(SIGNATURES_LOOP, SIGNATURES_LOOP + paragraph)
    }
    template.write_bytes(rewrite_docx(template, loop))


@pytest.mark.parametrize(
    ("shown", "problem"),
    [
        (
            "{{ undefined_name }}",
            "“{% if s.signature_image %}{{ undefined_name }}{% endif %}”): undefined_name is not"
            " defined for this letter",
        ),
        (
            "{{ s.signed_by }}",
            "“{% if s.signature_image %}{{ s.signed_by }}{% endif %}”): s.signed_by is empty"
            " here; show it inside {% if s.signed_by %}…{% endif %}",
        ),
        (
            "{{ s.signature_image.sized(99) }}",
            "“{% if s.signature_image %}{{ s.signature_image.sized(99) }}{% endif %}”): sized()"
            " takes a width in centimetres, from 0.5 to 20",
        ),
        (
            "{{ 'x' * 2000000 }}",
            "“{% if s.signature_image %}{{ 'x' * 2000000 }}{% endif %}”): render limit “value"
            " size”: a value of more than 1,000,000 characters",
        ),
        (
            "{{ '\\x7f' }}",
            "“\\u007f”): the rendered letter would hold a control character (U+007F at"
            " character 1); a template writes text, not Word markup",
        ),
        (
            "{{ '</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>Secret'|safe }}",
            "“Secret”): the rendered letter would hold hidden text (w:vanish); a template"
            " writes text, not Word markup",
        ),
    ],
    ids=["undefined", "empty", "refused-width", "too-long", "control-character", "hidden"],
)
def test_a_problem_only_a_signature_brings_is_found_before_finalise(
    shown: str, problem: str, sample: Path, runner: CliRunner
) -> None:
    # check and build render each letter once more with every signature shown (to find
    # text a signature would bring): that render's own problems are theirs to report too,
    # said to be the final letter's, else they would first stop finalise, after approval
    english_only(sample)
    _per_signatory(
        sample / "templates" / "appeal.docx", f"{{% if s.signature_image %}}{shown}{{% endif %}}"
    )
    message = f"{IN_PARAGRAPH} {problem}{SIGNED_ONLY}"
    checked = runner.invoke(main, ["check", "-w", str(sample)])
    assert (checked.exit_code, checked.output) == (
        1,
        f"error: {message}\nError: 1 problem found.\n",
    )
    built = runner.invoke(main, ["build", JOINT, "-w", str(sample)])
    assert (built.exit_code, built.output) == (
        1,
        f"Error: 1 problem in the letters; nothing was written:\n  {message}\n",
    )
    assert not (sample / "out").exists()


def test_a_problem_of_every_render_is_not_said_to_be_the_final_letters(
    sample: Path, runner: CliRunner
) -> None:
    # the render with the signatures shown has the letter's own warnings too: they are
    # named once, as the letter's, and counted once
    _per_signatory(sample / "templates" / "appeal.docx", '{{ _("Signed in Strasbourg") }}')
    missing = (
        "'Signed in Strasbourg' has no translation and no entry in the catalog yet ('letters"
        " i18n extract' and then 'letters i18n update' add it); used by templates/appeal.docx"
        ' (word/document.xml, paragraph “{{ _("Signed in Strasbourg") }}”)'
    )
    warnings = [
        f"warning: locales/ru/LC_MESSAGES/templates.po: {missing}",
        f"warning: locales/uk/LC_MESSAGES/templates.po: {missing}",
    ]
    checked = runner.invoke(main, ["check", "-w", str(sample)])
    assert (checked.exit_code, checked.output.splitlines()) == (
        0,
        [*warnings, "No errors; the warnings above would stop a --final build or check --strict."],
    )
    built = runner.invoke(main, ["build", JOINT, "-w", str(sample)])
    assert built.exit_code == 0, built.output
    lines = built.output.splitlines()
    assert [line for line in lines if line.startswith("warning:")] == warnings
    assert lines[-1] == (
        "2 untranslated messages marked [UNTRANSLATED: ...] in the drafts; a --final build"
        " refuses them."
    )


@pytest.mark.parametrize(
    ("placeholder", "own"),
    [
        ("[signature]", True),
        ("[підпис]", True),
        ("[місце для підпису]", True),  # a translator's three words in brackets
        ("DE [signature]", True),  # a word beside them
        ("Release her now.", False),  # three words of text
        ("[We also ask you to release her at once.]", False),  # a sentence in brackets
        ("[signature] and release her", False),
    ],
)
def test_a_drafts_own_placeholder_is_a_word_or_a_few_in_brackets(
    placeholder: str, own: bool
) -> None:
    from letters.render.content_version import draft_only

    final = ["Dear Minister,", "Yours sincerely,", "Petras Auštrevičius"]
    draft = ["DRAFT · ABCD-1234", "Dear Minister,", "Yours sincerely,", placeholder, final[2]]
    assert draft_only(final, draft, "ABCD-1234") == (None if own else placeholder)


def test_finalise_shows_what_a_signatory_wrote_with_their_approval(
    approved: Path, runner: CliRunner
) -> None:
    """A condition written with an approval is read before the letters are made: finalise
    takes the approval only with --confirmed, and says its words once more; words that only
    thank and sign off ask for no reading."""
    from letters.load.loader import load_checked
    from letters.signoff.answers import record

    sample = approved
    version = Workspace(sample).version(JOINT, "en").short
    ws = load_checked(sample)
    record(ws, JOINT, "en", "berg", "approve", VIA, "Many thanks, all the best. Lars", version)
    record(ws, JOINT, "en", "guetta", "approve", VIA,
           "Only if the date\u2028is corrected.", version)  # fmt: skip
    before = files_under(sample)
    refused = runner.invoke(main, ["finalise", JOINT, "--quiet", "-w", str(sample)])
    assert (refused.exit_code, refused.output) == (
        1,
        f"Error: letter {JOINT} cannot be finalised: an approval came with words that may"
        " qualify it, which no program can rule out:\n  en: guetta — approve in entry 8:"
        " “Only if the date is corrected.”\nread each: if it approves the text as it stands,"
        f" run 'letters finalise {JOINT} --confirmed 8'; if it asks for a change, record that"
        " ('letters request-changes …')\n",
    )
    assert files_under(sample) == before
    status = runner.invoke(main, ["review", "status", "-w", str(sample)])
    guetta = [line.split() for line in status.output.splitlines() if " guetta " in line]
    assert guetta[0][3:8] == ["unconfirmed", "guetta", "approved", "(words", "to"]
    args = ["finalise", JOINT, "--confirmed", "8", "--quiet", "-w", str(sample)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        f"note: guetta wrote with their approval of {JOINT} [en] (entry 8): “Only if the date"
        " is corrected.”; finalised with --confirmed, your word that it approves the text as"
        " it stands"
    ]


@pytest.mark.parametrize(
    ("comment", "to_read"),
    [
        ("Fine by me. Best, Bernard", False),
        ("Дякую! З повагою, Бернар", False),
        ("Спасибо, с уважением", False),
        ("Could we say 'serious' rather than 'grave'? Otherwise fine.", True),
        ("Let me double-check with my group.", True),
        ("Small edits attached.", True),
        ("OK for me if Bilcik signs too.", True),
        ("Пропоную замінити «грубо» на «серйозно».", True),
        ("Правки во вложении.", True),
    ],
)
def test_words_beyond_courtesy_need_reading(comment: str, to_read: bool) -> None:
    from letters.signoff.courtesy import needs_reading

    assert needs_reading(comment, ["Bernard Guetta", "Бернар Ґетта"]) is to_read


KAZAKHSTAN = "kazakhstan-2020"  # individual, in Russian, to nurdauletov; two sign it
ADDED = " Настоящим мы отзываем все наши прежние обращения."


@pytest.mark.parametrize(
    "edit",
    [
        ("ru: Уважаемый Гизат Дауренбекович!", f"ru: Уважаемый Гизат Дауренбекович!{ADDED}"),
        ("Г. Д. Нурдаулетову]", f"Г. Д. Нурдаулетову.{ADDED}]"),
    ],
    ids=["salutation", "address"],
)
def test_a_recipients_lines_changed_after_the_approvals_are_not_signed(
    sample: Path, runner: CliRunner, edit: tuple[str, str]
) -> None:
    """An individual letter's draft shows placeholders for its recipient; what stands there
    is part of its version, so a sentence typed into a recipient's salutation or address
    after the approvals makes a new version that nobody approved, and finalise signs
    nothing. The review packet lists each recipient's lines beside the draft."""
    ws = Workspace(sample)
    version = ws.version(KAZAKHSTAN, "ru").short
    signers = ["austrevicius", "jukneviciene"]
    for who in signers:
        ws.approve(KAZAKHSTAN, "ru", who, via=VIA, version=version)
    directory = sample / "recipients" / "officials.yaml"
    text = directory.read_text(encoding="utf-8")
    assert text.count(edit[0]) == 1
    directory.write_text(text.replace(*edit), encoding="utf-8")
    assert Workspace(sample).version(KAZAKHSTAN, "ru").short != version
    refused = runner.invoke(main, ["finalise", KAZAKHSTAN, "-w", str(sample)])
    assert (refused.exit_code, refused.output) == (
        1,
        f"Error: letter {KAZAKHSTAN} cannot be finalised: not every signatory approved its"
        f" current version:\n  ru: {signers[0]} — approved an earlier version, entry 1\n"
        f"  ru: {signers[1]} — approved an earlier version, entry 2\n"
        f"  ru: since version {version} was approved: changed: recipient nurdauletov\n",
    )
    assert not (sample / "final").exists()
    made = Workspace(sample).packet(signers[0])
    listed = next(made.folder.glob(f"{KAZAKHSTAN}.ru.*.recipients.txt")).read_text("utf-8")
    assert listed.startswith("nurdauletov: nurdauletov@example.org | Гизат Нурдаулетов |")
    assert ADDED.strip() in listed


def test_finalise_killed_once_it_published_finds_that_folder_when_run_again(
    all_approved: Path, runner: CliRunner
) -> None:
    """kill -9 the moment the staging folder became final/<letter>/001-…: the letters were
    published, but nothing said so. Run again, finalise names that folder: a 002-… holding
    the same letters would look like a second sending of them."""
    killed_at("001-*", 1, "finalise", JOINT, "--quiet", "-w", str(all_approved))
    published = _final_folder(all_approved)
    kept = files_under(published)
    result = runner.invoke(main, ["finalise", JOINT, "--quiet", "-w", str(all_approved)])
    assert result.exit_code == 0, result.output
    assert _final_folder(all_approved) == published
    assert files_under(published) == kept
    assert result.output.endswith(
        f"note: final/{JOINT}/{published.name}/ holds these final letters already, made from"
        " the same inputs, approvals and options by an earlier run (stopped, perhaps, before"
        " it could say so), and each file is as it was written: no new folder was made\n"
    ), result.output


def test_changes_asked_after_finalise_warn_of_the_final_letters_carrying_the_name(
    sample: Path, runner: CliRunner
) -> None:
    """Berg asks for changes after the final letters were made: in practice a withdrawal
    until he says otherwise, so the final folder that carries his name is named, as for a
    revocation."""
    english_only(sample)
    approve_all(sample)
    cli(runner, sample, "finalise", JOINT, "--quiet")
    folder = _final_folder(sample).relative_to(sample).as_posix()
    version = Workspace(sample).version(JOINT, "en").short
    changes = ["request-changes", JOINT, "--lang", "en", "--by", "berg", "--via", "a call"]
    result = runner.invoke(main, [*changes, "--comment", "Name the court.", "-w", str(sample)])
    assert (result.exit_code, result.output.splitlines()) == (
        0,
        [
            f"recorded entry 7: berg request-changes {JOINT} [en] version {version}",
            f"warning: the final letters in {folder}/ were made with berg's approval of"
            f" {JOINT} [en] (entry 4) and carry their name, and berg now asks for changes"
            " (entry 7): do not send them until berg says they may still be sent; if not,"
            " record 'letters revoke'",
        ],
    )


@pytest.mark.parametrize("draft_changed", [False, True])
def test_a_revocation_after_finalise_warns_of_the_final_letters_carrying_the_name(
    sample: Path, runner: CliRunner, draft_changed: bool
) -> None:
    """Berg withdrew his approval after the final letters were made: the revocation was
    recorded without a word of the final folder that still carries his name, ready to send
    as if he stood behind it — and so it was still once a case date had changed the draft
    (the revocation then being of a version no final folder was made from)."""
    english_only(sample)
    approve_all(sample)
    cli(runner, sample, "finalise", JOINT, "--quiet")
    if draft_changed:
        case = sample / "cases" / "akhmetova" / "case.yaml"
        text = case.read_text(encoding="utf-8")
        case.write_text(text.replace("date: 2017-10-18", "date: 2017-10-19", 1), encoding="utf-8")
    folder = _final_folder(sample).relative_to(sample).as_posix()
    version = Workspace(sample).version(JOINT, "en").short
    revoke = ["revoke", JOINT, "--lang", "en", "--by", "berg", "--via", "e-mail of 23 May"]
    result = runner.invoke(main, [*revoke, "-w", str(sample)])
    assert (result.exit_code, result.output.splitlines()) == (
        0,
        [
            f"recorded entry 7: berg revoke {JOINT} [en] version {version}",
            f"warning: the final letters in {folder}/ were made with berg's approval of"
            f" {JOINT} [en] (entry 4), now revoked, and carry their name: do not send them;"
            " once berg approves again, or is no longer among its signatories, 'letters"
            " finalise' makes new ones",
        ],
    )
    # run again (after a kill before the warning was printed, say): warned all the same
    again = runner.invoke(main, [*revoke, "-w", str(sample)])
    assert again.output.splitlines() == [
        f"already recorded as entry 7: berg revoke {JOINT} [en] version {version}; nothing written",
        result.output.splitlines()[1],
    ]


def test_a_revocation_warns_of_a_final_folder_it_cannot_read(
    sample: Path, runner: CliRunner
) -> None:
    """A final folder whose manifest.json cannot be read may carry the name all the same:
    the revocation was recorded without a word of it."""
    english_only(sample)
    approve_all(sample)
    cli(runner, sample, "finalise", JOINT, "--quiet")
    folder = _final_folder(sample)
    (folder / "manifest.json").write_text("{", encoding="utf-8")
    shown = folder.relative_to(sample).as_posix()
    revoke = ["revoke", JOINT, "--lang", "en", "--by", "berg", "--via", "e-mail of 23 May"]
    result = runner.invoke(main, [*revoke, "-w", str(sample)])
    assert (result.exit_code, result.output.splitlines()[1:]) == (
        0,
        [
            f"warning: {shown}/manifest.json cannot be read, so it is not known whether the"
            f" final letters in {shown}/ were made with berg's approval of {JOINT} [en], now"
            " revoked: do not send them unless they do not carry berg's name"
        ],
    )


def test_a_second_revocation_warns_of_every_final_folder_carrying_the_name(
    sample: Path, runner: CliRunner
) -> None:
    """Berg approved, revoked, approved a changed draft and revoked again: the second
    revocation spoke only of the folder made from the version it was recorded against, and
    the first folder still carries his name as well."""
    english_only(sample)
    approve_all(sample)
    cli(runner, sample, "finalise", JOINT, "--quiet")
    revoke = ["revoke", JOINT, "--lang", "en", "--by", "berg", "--via", "e-mail of 23 May"]
    cli(runner, sample, *revoke)
    case = sample / "cases" / "akhmetova" / "case.yaml"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("date: 2017-10-18", "date: 2017-10-19", 1), encoding="utf-8")
    approve_all(sample)
    cli(runner, sample, "finalise", JOINT, "--quiet")
    first, second = sorted((sample / "final" / JOINT).glob("[0-9]*"))
    result = runner.invoke(main, [*revoke, "-w", str(sample), "--via", "call of 2 June"])
    assert (result.exit_code, result.output.splitlines()[1:]) == (
        0,
        [
            f"warning: the final letters in {folder.relative_to(sample).as_posix()}/ were made"
            f" with berg's approval of {JOINT} [en] (entry {n}), now revoked, and carry their"
            " name: do not send them; once berg approves again, or is no longer among its"
            " signatories, 'letters finalise' makes new ones"
            for folder, n in ((first, 4), (second, 11))
        ],
    )
