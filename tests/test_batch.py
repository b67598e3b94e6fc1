"""Batches: staged and resumable, a manifest that cannot run as a formula, a progress bar
only on a terminal, and nothing in the output folder until the whole batch is ready."""

from __future__ import annotations

import csv
import json
import os
import pty
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.campaign import LETTER, make_campaign
from letters.cli import main
from letters.publish.batch import STAGING_PREFIX, neutralise
from letters.publish.outputs import not_converted
from letters.publish.pdf_outcomes import Failure
from tests.conftest import (
    LIBREOFFICE,
    POPPLER,
    files_under,
    needs_libreoffice,
    pdf_text,
    processes_where,
    require_tool,
)

JOINT = "may-2020-joint"
INTERRUPTED = (
    "Error: interrupted; the letters finished so far are kept, and running the same"
    " command again finishes only what is missing\n"
)


def _as_from_a_terminal() -> None:
    # Ctrl-C as a terminal's command gets it, though these tests may run in the background
    # (`pytest &` in a script), whose commands inherit Ctrl-C ignored
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _letters(workspace: Path, *args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "letters", "build", *args, "-w", str(workspace)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its workers too can be killed at once
        preexec_fn=_as_from_a_terminal,
        **kwargs,  # type: ignore[arg-type]
    )


def _published(out: Path) -> dict[str, bytes]:
    # the staging folder and a killed run's lock are not output
    return {name: data for name, data in files_under(out).items() if not name.startswith(".")}


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Anna Rossi", "Anna Rossi"),
        ("", ""),
    ],
)
def test_manifest_cells_never_run_as_formulas(cell: str, shown: str) -> None:
    assert neutralise(cell) == shown


def test_manifest_lists_every_file_with_its_hash(sample: Path, runner: CliRunner) -> None:
    people = sample / "recipients" / "officials.yaml"
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace("en: Dmytro Lubinets\n", "en: '=HYPERLINK(\"x\")'\n", 1))
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    out = sample / "out"
    # UTF-8 with a byte-order mark, which Excel needs to read the names in Cyrillic
    assert (out / "manifest.csv").read_bytes().startswith(b"\xef\xbb\xbfletter,recipient,")
    with (out / "manifest.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.docx"))
    assert sorted(r["file"] for r in rows) == files
    import hashlib

    for row in rows:
        assert row["sha256"] == hashlib.sha256((out / row["file"]).read_bytes()).hexdigest()
    joint_en = next(r for r in rows if r["file"] == f"{JOINT}/{JOINT}.en.docx")
    assert joint_en["recipient"] == "" and joint_en["language"] == "en"
    listed = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [r["file"] for r in listed["files"]] == [r["file"] for r in rows]
    assert set(listed["versions"]) >= {f"{JOINT}.en", f"{JOINT}.uk", f"{JOINT}.ru"}
    # the name cell is where user data reaches the manifest (the English letters only
    # carry names in individual letters; the officials' are Ukrainian, so check the JSON)
    assert not any(r["name"].startswith("=") for r in rows)


@pytest.mark.parametrize(
    ("options", "meps", "watch"),
    [
        pytest.param([], 80, "*.docx", id="word"),
        pytest.param(["--email", "--print"], 12, "*.pdf", id="pdf-email-print"),
    ],
)
def test_kill_at_a_random_point_then_rerun_gives_the_files_of_an_uninterrupted_run(
    tmp_path: Path, options: list[str], meps: int, watch: str
) -> None:
    if options:
        require_tool("soffice", LIBREOFFICE)
    # The kill point comes from a seed, printed (pytest -s, or with a failure) and named in
    # every assertion, so that LETTERS_KILL_SEED=<seed> pytest … repeats a failing run.
    seed = int(os.environ.get("LETTERS_KILL_SEED") or random.SystemRandom().randrange(2**32))
    again = f"kill seed {seed}; LETTERS_KILL_SEED={seed} repeats this kill point"
    print(again)
    whole = make_campaign(tmp_path / "whole", meps=meps)
    cut = make_campaign(tmp_path / "cut", meps=meps)
    temp = tmp_path / "tmp"  # the runs' temporary folder, to see what they leave in it
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    done = _letters(whole, LETTER, "--jobs", "2", *options, env=env)
    _out, err = done.communicate(timeout=900)
    assert done.returncode == 0, err.decode()
    expected = _published(whole / "out")
    assert len([n for n in expected if n.endswith(".docx")]) == meps * 3

    killed = _letters(cut, LETTER, "--jobs", "2", *options, env=env)
    staging = cut / "out"
    deadline = time.monotonic() + 300
    wanted = random.Random(seed).randint(1, meps * 3 - 4)
    again = f"killed once {wanted} of {meps * 3} files were staged ({again})"
    while time.monotonic() < deadline:
        staged = list(staging.glob(f"{STAGING_PREFIX}*/{watch}")) if staging.exists() else []
        if len(staged) >= wanted or killed.poll() is not None:
            break
        time.sleep(0.005)
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait()
    assert killed.returncode == -signal.SIGKILL, again  # killed mid-batch, not after it
    assert _published(cut / "out") == {}, again  # nothing is published before the batch is whole

    rerun = _letters(cut, LETTER, "--jobs", "2", *options, env=env)
    _out, err = rerun.communicate(timeout=900)
    assert rerun.returncode == 0, f"{again}\n{err.decode()}"
    assert _published(cut / "out") == expected, again
    assert not list((cut / "out").glob(f"{STAGING_PREFIX}*")), again
    assert not [p for p in (cut / "out").rglob("*") if p.name.endswith(".tmp")], again
    assert _processes_naming(cut) == [], again  # no LibreOffice left behind by the killed run
    assert list(temp.iterdir()) == [], again  # nor its profiles and temporary files


def _processes_naming(folder: Path) -> list[str]:
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if str(folder).encode() in (entry / "cmdline").read_bytes():
                found.append(entry.name)
        except OSError:
            continue
    return found


def test_a_failure_mid_batch_changes_nothing_published(sample: Path, runner: CliRunner) -> None:
    from tests.conftest import rewrite_docx

    assert runner.invoke(main, ["build", "-w", str(sample)]).exit_code == 0
    before = _published(sample / "out")
    template = sample / "templates" / "appeal.docx"
    # a template that fails for one recipient only, so the check before the batch passes
    template.write_bytes(
        rewrite_docx(
            template,
            {
                "word/document.xml": lambda data: data.replace(
                    b"</w:body>",
                    b"<w:p><w:r><w:t>{{ 1 // (0 if recipient is defined and recipient.id =="
                    b" 'nurdauletov' else 1) }}</w:t></w:r></w:p></w:body>",
                    1,
                )
            },
        )
    )
    result = runner.invoke(main, ["build", "-w", str(sample), "--jobs", "1"])
    assert result.exit_code == 1
    (staging,) = (sample / "out").glob(f"{STAGING_PREFIX}*")
    # the failed letter, its language and recipient named; what is kept, and where, said
    assert result.output == (
        "Error: 1 problem in the letters; nothing was published: the 9 letters already made"
        f" are kept in out/{staging.name}/ and the next run of the same command resumes from"
        " them:\n  kazakhstan-2020 [ru] to nurdauletov: templates/appeal.docx"
        " (word/document.xml, paragraph “{{ 1 // (0 if recipient is defined and recipient.id"
        " == 'nurdauletov' else 1) }}”): the // operator divides by zero"
        " here; where the number it divides by may be 0, show it inside {% if … %}…{% endif %}\n"
    )
    assert _published(sample / "out") == before
    assert len(list(staging.glob("*.docx"))) == 9


def test_a_rerun_finishes_only_what_is_missing(sample: Path, runner: CliRunner) -> None:
    # an interrupted batch: the staging folder of these very inputs, partly filled
    from letters.load.loader import load_checked
    from letters.plan import plan
    from letters.publish.batch import Destination, Options, staging_name

    ws = load_checked(sample)
    jobs = plan(ws).jobs
    staging = sample / "out" / staging_name(ws, jobs, Options(), Destination("draft", sample))
    assert runner.invoke(main, ["build", "-w", str(sample)]).exit_code == 0
    complete = files_under(sample / "out")
    staging.mkdir(parents=True)
    for job in jobs[:4]:
        name = f"{job.letter.id}/{job.stem}.docx"
        (staging / f"{job.stem}.docx").write_bytes(complete[name])
    (staging / ".half-written.docx.123.tmp").write_bytes(b"PK")
    (staging / f"{jobs[4].stem}.docx").write_bytes(b"PK\x03\x04 cut short")
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert "4 kept from an interrupted run" in result.output
    assert files_under(sample / "out") == complete


def test_changed_inputs_start_a_fresh_batch(sample: Path, runner: CliRunner) -> None:
    stale = sample / "out" / f"{STAGING_PREFIX}0000"
    stale.mkdir(parents=True)
    (stale / f"{JOINT}.en.docx").write_bytes(b"old")
    result = runner.invoke(main, ["build", JOINT, "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert (sample / "out" / JOINT / f"{JOINT}.en.docx").read_bytes() != b"old"


def _on_a_terminal(args: list[str]) -> str:
    """Run letters with a pseudo-terminal as its output, as a user's shell would."""
    main_fd, child_fd = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "letters", *args],
        stdout=child_fd,
        stderr=child_fd,
        close_fds=True,
    )
    os.close(child_fd)
    chunks = []
    while True:
        try:
            data = os.read(main_fd, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=120)
    os.close(main_fd)
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_terminal_shows_a_progress_bar_with_count(sample: Path) -> None:
    shown = _on_a_terminal(["build", "-w", str(sample)])
    assert re.search(r"Word\s+\[#+\]\s+10/10", shown), shown
    assert "Built 10 letters in en, uk, ru" in shown


def test_quiet_prints_only_the_summary_on_a_terminal(sample: Path) -> None:
    shown = _on_a_terminal(["build", "--quiet", "-w", str(sample)])
    assert shown.startswith("Built 10 letters"), shown
    assert "Word" not in shown


# --- PDF, e-mail drafts, print file (LibreOffice) ------------------------------------


@needs_libreoffice
def test_campaign_drafts_carry_each_recipients_letter(tmp_path: Path, runner: CliRunner) -> None:
    import email
    import email.policy

    workspace = make_campaign(tmp_path / "ws", meps=3)
    result = runner.invoke(main, ["build", LETTER, "--email", "--print", "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    out = workspace / "out"
    drafts = sorted((out / LETTER).glob("*.eml"))
    assert [d.name for d in drafts] == [f"{LETTER}.mep-000{n}.eml" for n in (1, 2, 3)]
    message = email.message_from_bytes(drafts[1].read_bytes(), policy=email.policy.default)
    assert message["To"] == "Anna Rossi <mep-0002@example.org>"
    assert message["From"] == "Appeals Desk <appeals@example.org>"
    assert re.fullmatch(
        r"\[DRAFT [0-9A-F]{4}-[0-9A-F]{4}\] Preventing the extradition of Zhanara"
        r" Akhmetova from Ukraine to Kazakhstan",
        message["Subject"],
    )
    assert message["X-Unsent"] == "1"
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content().replace("\r\n", "\n")
    notice, letter = text.split("\n\n", 1)  # a review copy opens by saying so
    # EU English: a spaced en dash
    assert re.fullmatch(r"DRAFT [0-9A-F]{4}-[0-9A-F]{4}\u00a0– not for sending\. .*", notice)
    # EU English quotes with ‘…’, as the letter it carries does
    assert notice.endswith(" is made by ‘letters finalise’.")
    opening = (
        "Dear Ms Rossi,\n\nPlease find attached our letter of 21\u00a0May 2020: ‘Preventing"
        " the extradition of Zhanara Akhmetova from Ukraine to Kazakhstan’.\n"
    )
    assert letter.startswith(opening)
    assert "Michal Šimečka (Renew Europe, Slovakia)" in text
    attachments = list(message.iter_attachments())
    assert [a.get_filename() for a in attachments] == [f"{LETTER}.mep-0002.en.pdf"]
    assert attachments[0].get_content() == (out / LETTER / f"{LETTER}.mep-0002.en.pdf").read_bytes()
    pdfinfo = require_tool("pdfinfo", POPPLER)
    pages = subprocess.run(
        [pdfinfo, str(out / "print.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"Pages:\s+(\d+)", pages)
    first = pdf_text(out / "print.pdf", "-f", "1", "-l", "1")
    assert "Marco Rossi" in first  # directory order: the first MEP, in English, comes first


def _an_official_without_email(sample: Path) -> None:
    # the sample has a sender and an (invented) address for every official: take one away
    people = sample / "recipients" / "officials.yaml"
    people.write_text(
        people.read_text(encoding="utf-8").replace("    email: denisova@example.org\n", "", 1),
        encoding="utf-8",
    )


@needs_libreoffice
def test_joint_letter_drafts_go_out_in_the_recipients_language(
    sample: Path, runner: CliRunner
) -> None:
    import email
    import email.policy

    _an_official_without_email(sample)
    result = runner.invoke(main, ["build", JOINT, "--email", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    drafts = sorted(path.name for path in (sample / "out" / JOINT).glob("*.eml"))
    assert f"{JOINT}.maliuska.eml" in drafts and len(drafts) == 5  # not denisova
    draft = sample / "out" / JOINT / f"{JOINT}.maliuska.eml"
    message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    assert re.fullmatch(
        r"\[ПРОЄКТ [0-9A-F]{4}-[0-9A-F]{4}\] Щодо недопущення екстрадиції.*",
        message["Subject"],
    )
    assert message["Content-Language"] == "uk-UA"
    body = message.get_body(("plain",))
    assert body is not None
    notice, letter = body.get_content().split("\r\n\r\n", 1)
    assert notice.startswith("ПРОЄКТ ") and "не для надсилання" in notice
    assert letter.startswith("Шановний пане Денисе!\r\n")
    # signed as the letter is: what the signatories are, over their names
    closing = "З\u00a0повагою\r\nДепутати Європейського Парламенту:\r\nПетрас АУШТРЯВІЧЮС ("
    assert closing in letter
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == f"{JOINT}.uk.pdf"
    assert "denisova has no e-mail address" in result.output


def test_email_drafts_need_a_sender(sample: Path, runner: CliRunner) -> None:
    config = sample / "workspace.yaml"
    sender = "email_from: Appeals Desk <appeals@example.org>\n"
    config.write_text(config.read_text(encoding="utf-8").replace(sender, ""), encoding="utf-8")
    result = runner.invoke(main, ["build", "--email", "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output == (
        "Error: workspace.yaml: e-mail drafts need a sender; add a line such as"
        " 'email_from: Appeals Desk <appeals@example.org>'\n"
    )
    assert not (sample / "out").exists()


@needs_libreoffice
def test_pdfa_option_writes_pdf_a_2b(sample: Path, runner: CliRunner) -> None:
    import pikepdf

    result = runner.invoke(main, ["build", JOINT, "--lang", "en", "--pdfa", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    with pikepdf.open(sample / "out" / JOINT / f"{JOINT}.en.pdf") as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2"
        assert meta["pdfaid:conformance"] == "B"


def test_a_resumed_batch_still_reports_the_warnings_of_letters_made_before(
    sample: Path, runner: CliRunner
) -> None:
    from letters.load.loader import load_checked
    from letters.plan import plan
    from letters.publish.batch import Destination, Options, staging_name
    from letters.render.renderer import Renderer
    from tests.test_directory import MALIUSKA_PARTS, MALIUSKA_TYPED

    officials = sample / "recipients" / "officials.yaml"
    text = officials.read_text(encoding="utf-8").replace(MALIUSKA_TYPED, MALIUSKA_PARTS)
    officials.write_text(text, encoding="utf-8")
    ws = load_checked(sample)
    jobs = plan(ws, ["may-2020-extradition"]).jobs
    staging = sample / "out" / staging_name(ws, jobs, Options(), Destination("draft", sample))
    staging.mkdir(parents=True)
    renderer = Renderer(ws)
    for job in jobs:  # an interrupted run made every letter, the minister's too
        version, _problems = renderer.version(job.letter, job.lang)
        assert version is not None
        data, _found = renderer.render(job, draft=version.short)
        assert data is not None
        (staging / f"{job.stem}.docx").write_bytes(data)
    result = runner.invoke(main, ["build", "may-2020-extradition", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert "2 kept from an interrupted run" in result.output
    assert (
        "warning: 2 name forms derived from regular patterns (graded certain) are not yet"
        " confirmed; 'letters recipients review' lists them among the directory's"
        " derived forms, and"
        " 'letters recipients review --only certain --confirm' accepts them"
    ) in result.output.splitlines()


def _children(pid: int) -> list[int]:
    return processes_where(1, pid)


def _wait_for_staged(out: Path, pattern: str, count: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        if out.exists() and len(list(out.glob(f"{STAGING_PREFIX}*/{pattern}"))) >= count:
            return
        time.sleep(0.005)
    raise AssertionError("the build ended before it could be stopped")


def test_a_render_worker_that_dies_stops_the_batch_with_a_message(tmp_path: Path) -> None:
    workspace = make_campaign(tmp_path / "ws", meps=300)
    build = _letters(workspace, LETTER, "--jobs", "2")
    _wait_for_staged(workspace / "out", "*.docx", 50, build)
    workers = _children(build.pid)
    assert workers
    os.kill(workers[0], signal.SIGKILL)
    _out, err = build.communicate(timeout=300)
    assert build.returncode == 1
    assert err.decode().startswith(
        "Error: a process rendering letters stopped unexpectedly (killed, or out of memory?);"
    ), err.decode()
    assert "Traceback" not in err.decode()
    assert _published(workspace / "out") == {}


@needs_libreoffice
def test_sigterm_stops_a_batch_like_ctrl_c(tmp_path: Path) -> None:
    workspace = make_campaign(tmp_path / "ws", meps=12)
    build = _letters(workspace, LETTER, "--pdf", "--jobs", "2")
    # while LibreOffice converts the joined letters (their PDFs come a document at a time)
    _wait_for_staged(workspace / "out", ".pdf-join-*/pdf/.pdf-tmp-*/call-*", 1, build)
    build.send_signal(signal.SIGTERM)
    _out, err = build.communicate(timeout=300)
    # the shell's status for an interrupted command
    assert (build.returncode, err.decode()) == (130, INTERRUPTED)
    assert _published(workspace / "out") == {}
    assert _processes_naming(workspace) == []


def test_every_input_counts_even_under_a_hidden_folder(tmp_path: Path) -> None:
    from letters.load.loader import load_checked
    from letters.plan import plan
    from letters.publish.batch import Destination, Options, staging_name

    workspace = make_campaign(tmp_path / ".campaigns" / "ws", meps=2)

    def current() -> str:
        ws = load_checked(workspace)
        jobs = plan(ws, [LETTER]).jobs
        return staging_name(ws, jobs, Options(), Destination("draft", workspace / "out"))

    before = current()
    case = workspace / "cases" / "akhmetova" / "case.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("journalist", "reporter", 1))
    assert current() != before


def test_a_folder_in_the_way_is_found_before_anything_is_made(
    sample: Path, runner: CliRunner
) -> None:
    assert runner.invoke(main, ["build", JOINT, "-w", str(sample)]).exit_code == 0
    before = _published(sample / "out")
    target = sample / "out" / JOINT / f"{JOINT}.en.pdf"
    target.mkdir()
    result = runner.invoke(main, ["build", JOINT, "-w", str(sample)])
    assert result.exit_code == 0  # no PDF asked for: the folder is not in the way
    result = runner.invoke(main, ["build", JOINT, "--pdf", "-w", str(sample)])
    assert result.exit_code == 1
    assert "a folder is in the way" in result.output and str(target) in result.output
    assert _published(sample / "out") == before
    assert not list((sample / "out").glob(f"{STAGING_PREFIX}*"))


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            b"\xff\xfe D\x00e\x00a\x00r\x00",
            "column 1 has the byte 0xFF, as in text saved as UTF-16 ('Unicode' in Notepad): save"
            " it as UTF-8",
        ),
        (  # no byte order mark: valid UTF-8, every character of it followed by U+0000
            "Dear colleagues,\n".encode("utf-16-le"),
            "every other byte is 0x00, as in text saved as UTF-16 without a byte order mark:"
            " save it as UTF-8",
        ),
    ],
    ids=["utf-16", "utf-16-without-bom"],
)
def test_an_email_text_that_is_not_utf8_is_refused(
    text: bytes, said: str, sample: Path, runner: CliRunner
) -> None:
    _an_official_without_email(sample)
    (sample / "templates" / "appeal.email.txt").write_bytes(text)
    result = runner.invoke(main, ["build", JOINT, "--email", "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output.endswith(
        f"Error: templates/appeal.email.txt:1: not UTF-8 text: {said}\n"
    ), result.output


def test_a_bad_byte_after_notepads_bom_is_placed_as_an_editor_shows_it(
    sample: Path, runner: CliRunner
) -> None:
    _an_official_without_email(sample)
    text = "\ufeffSubject: x\n\nЖab".encode() + b"\xff\n"  # BOM, then a Cyrillic letter
    (sample / "templates" / "appeal.email.txt").write_bytes(text)
    result = runner.invoke(main, ["build", JOINT, "--email", "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output.endswith(
        "Error: templates/appeal.email.txt:3: not UTF-8 text: column 4 has the byte 0xFF;"
        " save it as UTF-8\n"
    ), result.output


def test_letters_for_people_no_longer_selected_are_removed_unless_changed(
    sample: Path, runner: CliRunner
) -> None:
    assert runner.invoke(main, ["build", "-w", str(sample)]).exit_code == 0
    out = sample / "out" / "may-2020-migration"
    naumenko = out / "may-2020-migration.naumenko.uk.docx"
    sokoliuk = out / "may-2020-migration.sokoliuk.uk.docx"
    assert naumenko.exists() and sokoliuk.exists()
    sokoliuk.write_bytes(sokoliuk.read_bytes() + b"edited by hand")
    letters = sample / "cases" / "akhmetova" / "letters.yaml"
    text = letters.read_text(encoding="utf-8")
    assert text.count("recipients: [sokoliuk, naumenko]") == 1
    letters.write_text(text.replace("[sokoliuk, naumenko]", "[venediktova]"), encoding="utf-8")
    result = runner.invoke(main, ["build", "may-2020-migration", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert not naumenko.exists()  # ours, unchanged: it could have been sent by mistake
    assert sokoliuk.exists()  # changed by someone: kept, with a warning
    assert (
        "warning: may-2020-migration/may-2020-migration.sokoliuk.uk.docx: kept: changed"
        " since the last build, and this build no longer makes it; delete it if it is out of"
        " date"
    ) in result.output.splitlines()
    assert (sample / "out" / JOINT / f"{JOINT}.en.docx").exists()  # other letters untouched
    assert (
        "note: removed 1 file an earlier build made for these letters that this one no"
        " longer makes, so that none is sent by mistake:"
        " out/may-2020-migration/may-2020-migration.naumenko.uk.docx"
    ) in result.output.splitlines()


def test_drafts_of_a_letter_renamed_or_a_language_dropped_are_removed_unless_changed(
    sample: Path, runner: CliRunner
) -> None:
    """A letter renamed in letters.yaml (or taken out), or a language taken off its list,
    leaves drafts nobody will make again: unchanged, they are removed and named, as those
    of a person no longer selected are, so that the old ones are not sent by mistake;
    changed by someone, kept with a warning; and the manifest no longer lists them."""
    out = sample / "out"
    assert runner.invoke(main, ["build", "-w", str(sample)]).exit_code == 0
    letters_yaml = sample / "cases" / "akhmetova" / "letters.yaml"
    text = letters_yaml.read_text(encoding="utf-8")
    text = text.replace("  - id: kazakhstan-2020\n", "  - id: kazakhstan-may-2020\n")
    text = text.replace("    languages: [en, uk, ru]\n", "    languages: [en, uk]\n")
    letters_yaml.write_text(text, encoding="utf-8")
    (out / JOINT / f"{JOINT}.ru.docx").write_bytes(b"edited by hand")
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert not (out / "kazakhstan-2020").exists()
    assert (out / "kazakhstan-may-2020" / "kazakhstan-may-2020.nurdauletov.ru.docx").exists()
    assert (out / JOINT / f"{JOINT}.ru.docx").read_bytes() == b"edited by hand"
    assert (
        "note: removed 1 file of letters or languages this workspace no longer writes (a"
        " letter renamed or taken out of letters.yaml, a language taken off its list), so"
        " that none is sent by mistake: out/kazakhstan-2020/kazakhstan-2020.nurdauletov.ru.docx"
    ) in result.output.splitlines()
    assert (
        f"warning: {JOINT}/{JOINT}.ru.docx: kept: changed since the last build, and this"
        " build no longer makes it; delete it if it is out of date"
    ) in result.output.splitlines()
    files, versions = _listed(out)
    assert not [
        name for name in files if "kazakhstan-2020" in name or (".ru." in name and JOINT in name)
    ]
    assert "kazakhstan-2020.ru" not in versions


def test_drafts_of_another_workspace_sharing_the_output_folder_are_left_alone(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """Two workspaces writing one output folder: the last manifest is the other's, whose
    letters this workspace does not have; they are not this build's to remove."""
    shared = tmp_path / "shared"
    assert runner.invoke(main, ["build", "-o", str(shared), "-w", str(sample)]).exit_code == 0
    other = tmp_path / "other"
    shutil.copytree(sample, other, ignore=shutil.ignore_patterns("out"))
    config = other / "workspace.yaml"
    named = config.read_text(encoding="utf-8")
    assert named.count("\nname: ") == 1
    config.write_text(named.replace("\nname: ", "\nname: Another desk, "), encoding="utf-8")
    letters_yaml = other / "cases" / "akhmetova" / "letters.yaml"
    text = letters_yaml.read_text(encoding="utf-8")
    letters_yaml.write_text(text.replace("  - id: kazakhstan-2020\n", "  - id: kz-2020\n"), "utf-8")
    result = runner.invoke(main, ["build", "kz-2020", "-o", str(shared), "-w", str(other)])
    assert result.exit_code == 0, result.output
    assert (shared / "kazakhstan-2020" / "kazakhstan-2020.nurdauletov.ru.docx").exists()
    assert "removed" not in result.output


KAZAKHSTAN = "kazakhstan-2020"


def _listed(out: Path) -> tuple[list[str], dict[str, str]]:
    """The files out/manifest.json lists, and its versions; the CSV lists the same files."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files = [row["file"] for row in manifest["files"]]
    with (out / "manifest.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert [row["file"] for row in csv.DictReader(handle)] == files
    return files, manifest["versions"]


def test_the_manifest_lists_the_drafts_of_earlier_builds_of_other_letters(
    sample: Path, runner: CliRunner
) -> None:
    out = sample / "out"
    assert runner.invoke(main, ["build", JOINT, "--pdf", "-w", str(sample)]).exit_code == 0
    joint, joint_versions = _listed(out)
    assert len(joint) == 6 and len(joint_versions) == 3
    result = runner.invoke(main, ["build", KAZAKHSTAN, "-w", str(sample)])
    assert result.exit_code == 0, result.output
    files, versions = _listed(out)
    kazakhstan = f"{KAZAKHSTAN}/{KAZAKHSTAN}.nurdauletov.ru.docx"
    assert files == [kazakhstan, *joint]
    assert versions == {**joint_versions, f"{KAZAKHSTAN}.ru": versions[f"{KAZAKHSTAN}.ru"]}
    assert "note:" not in result.output  # nothing of the earlier build was removed

    # The joint letter again, without PDFs: its PDFs of the first build go, though the
    # build in between did not make them.
    result = runner.invoke(main, ["build", JOINT, "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert not list((out / JOINT).glob("*.pdf"))
    assert result.output.splitlines()[-1] == (
        "note: removed 3 files an earlier build made for these letters that this one no"
        f" longer makes, so that none is sent by mistake: out/{JOINT}/{JOINT}.en.pdf,"
        f" out/{JOINT}/{JOINT}.uk.pdf, out/{JOINT}/{JOINT}.ru.pdf"
    )
    files, versions = _listed(out)
    assert files == [*(name for name in joint if name.endswith(".docx")), kazakhstan]
    assert versions.keys() == joint_versions.keys() | {f"{KAZAKHSTAN}.ru"}


def test_a_draft_changed_by_hand_is_no_longer_listed_and_is_kept(
    sample: Path, runner: CliRunner
) -> None:
    out = sample / "out"
    assert runner.invoke(main, ["build", "-w", str(sample)]).exit_code == 0
    everything, _versions = _listed(out)
    kazakhstan = f"{KAZAKHSTAN}/{KAZAKHSTAN}.nurdauletov.ru.docx"
    edited = out / kazakhstan
    edited.write_bytes(edited.read_bytes() + b"edited by hand")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for row in manifest["files"]:  # an earlier manifest is not trusted
        row["extra"] = "a column nobody knows"
    manifest["files"].append({"file": "../../elsewhere.docx", "letter": "x", "sha256": "0"})
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = runner.invoke(main, ["build", JOINT, "-w", str(sample)])
    assert result.exit_code == 0, result.output
    files, versions = _listed(out)
    joint = [f"{JOINT}/{JOINT}.{lang}.docx" for lang in ("en", "uk", "ru")]
    others = [name for name in everything if name not in joint and name != kazakhstan]
    assert others and files == [*joint, *others]
    assert f"{KAZAKHSTAN}.ru" not in versions
    assert edited.exists()  # not this build's letter: never removed


def test_ctrl_c_stops_a_batch_with_one_message(tmp_path: Path) -> None:
    workspace = make_campaign(tmp_path / "ws", meps=300)
    build = _letters(workspace, LETTER, "--jobs", "2")
    _wait_for_staged(workspace / "out", "*.docx", 50, build)
    os.killpg(build.pid, signal.SIGINT)  # what a terminal sends to the whole group
    _out, err = build.communicate(timeout=300)
    # the shell's status for an interrupted command
    assert (build.returncode, err.decode()) == (130, INTERRUPTED)
    assert _published(workspace / "out") == {}
    assert _children(build.pid) == []


@pytest.mark.parametrize("char", ["\u202e", "\u200b"], ids=["bidi-override", "zero-width-space"])
def test_an_invisible_character_in_an_email_texts_own_words_is_refused(
    char: str, sample: Path, runner: CliRunner
) -> None:
    """The e-mail text's words go out under the signatories' names, as a case text's do in a
    letter: a bidi override or a zero-width space in them was sent as it was, though every
    case text, name and translation refuses it."""
    path = sample / "templates" / "appeal.email.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, f"Kind{char} regards"]) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["build", JOINT, "--email", "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: templates/appeal.email.txt:{len(lines) + 1}: contains an invisible character"
        f" (U+{ord(char):04X} at character 5) that can hide text or change its order; delete it"
        " and retype the text there\n",
    )
    assert not (sample / "out").exists()


def test_an_email_text_over_the_size_limit_is_not_read(sample: Path, runner: CliRunner) -> None:
    path = sample / "templates" / "appeal.email.txt"
    with path.open("a", encoding="utf-8") as file:
        file.write("Kind regards, many times over\n" * (2**20 // 30 + 1))
    result = runner.invoke(main, ["build", JOINT, "--email", "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        "Error: templates/appeal.email.txt: larger than 1 MiB, the limit ('e-mail text size'),"
        " so it is not read; an e-mail is a few paragraphs: keep the letter's words in its"
        " template\n",
    )
    assert not (sample / "out").exists()


@pytest.mark.parametrize(
    ("reasons", "counted"),
    [
        (["LibreOffice could not open it twice"], "1 letter"),
        (
            ["LibreOffice could not open it twice", "not a .docx file (not a ZIP package)"],
            "2 letters",
        ),
    ],
    ids=["one", "two"],
)
def test_the_letters_libreoffice_could_not_convert_are_counted_in_words(
    reasons: list[str], counted: str
) -> None:
    """ "1 letter(s)" reads as a tool that did not count what it is telling."""
    failures = [
        Failure(Path(f"out/.staging/appeal.person-{n}.en.docx"), reason)
        for n, reason in enumerate(reasons)
    ]
    shown = [f"  appeal.person-{n}.en: {reason}" for n, reason in enumerate(reasons)]
    assert str(not_converted(failures, "out/.staging")).splitlines() == [
        f"LibreOffice could not convert {counted} to PDF:",
        *shown,
        "The other letters are kept in out/.staging/; run the same command again to retry these.",
    ]


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("\\u202e", "an invisible character that can hide text or change its order (U+202E"),
        ("\\u200b", "an invisible character that can hide text or change its order (U+200B"),
        ("\\ufdd0", "a noncharacter (U+FDD0"),
        ("\\x07", "a control character (U+0007"),
    ],
    ids=["bidi-override", "zero-width-space", "noncharacter", "bell"],
)
def test_a_character_an_email_texts_jinja_escape_writes_is_refused(
    written: str, said: str, sample: Path, runner: CliRunner
) -> None:
    """Its own lines refuse the character typed; a Jinja string's escape wrote it into
    every e-mail draft all the same, a bidi override or a zero-width space unseen."""
    path = sample / "templates" / "appeal.email.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, f'{{{{ "Kind{written} regards" }}}}']) + "\n", "utf-8")
    result = runner.invoke(main, ["build", JOINT, "--lang", "en", "--email", "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        "Error: 1 problem in the letters; nothing was written:\n"
        f"  templates/appeal.email.txt: the message would hold {said} at character 5 of its"
        " line 15); a message says what its reader sees: take out what writes it (a Jinja"
        " string's escape such as \\u202e, or a filter)\n",
    )
    assert not (sample / "out").exists()


def test_a_carriage_return_alone_in_an_email_text_is_refused(
    sample: Path, runner: CliRunner
) -> None:
    """A line of the e-mail text ended by a carriage return alone: a terminal or a diff
    drew the next line over it, and both went into every e-mail draft."""
    path = sample / "templates" / "appeal.email.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    hidden = "Kind regards\rWe withdraw our appeal."
    path.write_bytes(("\n".join([*lines, hidden]) + "\n").encode())
    result = runner.invoke(main, ["build", JOINT, "--lang", "en", "--email", "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: templates/appeal.email.txt:{len(lines) + 1}: a carriage return alone (U+000D)"
        " ends a line here, where the other lines end with a line feed, so a terminal shows"
        " the line after it over this one; delete it, or save the file again\n",
    )
    assert not (sample / "out").exists()


def test_a_file_edited_since_the_last_build_or_not_made_by_letters_is_kept(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """A draft touched up in Word in out/, or a file of someone else's in a folder given as
    --out, is replaced by the new letter as before, but kept first, in a folder of the
    output folder no later run removes, and the note names it; a file as letters wrote it
    is replaced without a word."""
    assert runner.invoke(main, ["build", "-w", str(sample)]).exit_code == 0
    draft = sample / "out" / JOINT / f"{JOINT}.en.docx"
    made = draft.read_bytes()
    draft.write_bytes(made + b"edited by hand")
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert draft.read_bytes() == made
    (kept,) = (sample / "out").glob("letters-earlier-files.*")
    assert (kept / JOINT / f"{JOINT}.en.docx").read_bytes() == made + b"edited by hand"
    assert result.output.splitlines()[-1] == (
        "note: kept 1 earlier file this build replaced that letters had not written as they"
        f" were (edited since, or not made by letters) in out/{kept.name}/, which no later run"
        f" removes: {JOINT}/{JOINT}.en.docx"
    )
    again = runner.invoke(main, ["build", "-w", str(sample)])
    assert again.exit_code == 0, again.output
    assert "note: kept" not in again.output
    assert list((sample / "out").glob("letters-earlier-files.*")) == [kept]
    # the manifest saved again from a spreadsheet, notes added: kept too
    sheet = sample / "out" / "manifest.csv"
    sheet.write_bytes(sheet.read_bytes() + b"my notes\r\n")
    noted = runner.invoke(main, ["build", "-w", str(sample)])
    assert noted.exit_code == 0, noted.output
    assert noted.output.splitlines()[-1].endswith(", which no later run removes: manifest.csv")

    docs = tmp_path / "docs"
    (docs / JOINT).mkdir(parents=True)
    (docs / JOINT / f"{JOINT}.uk.docx").write_text("mine", encoding="utf-8")
    (docs / "manifest.csv").write_text("my notes", encoding="utf-8")
    into = runner.invoke(main, ["build", "--out", str(docs), "-w", str(sample)])
    assert into.exit_code == 0, into.output
    (theirs,) = docs.glob("letters-earlier-files.*")
    assert (theirs / JOINT / f"{JOINT}.uk.docx").read_text(encoding="utf-8") == "mine"
    assert (theirs / "manifest.csv").read_text(encoding="utf-8") == "my notes"
