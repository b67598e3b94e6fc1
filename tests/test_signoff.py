"""Review and sign-off: no name goes under a letter unless that person approved its text."""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.files.atomic import owner_tag
from letters.render.content_version import PICTURE, beyond_recipient, unshown
from tests.conftest import (
    LIBREOFFICE,
    SAMPLE_ADDRESS,
    answers_of,
    cli,
    docx_text,
    fails,
    files_under,
    killed_at,
    require_tool,
    rewrite_docx,
    status_rows,
)

JOINT = "may-2020-joint"
SIX = ["austrevicius", "bilcik", "guetta", "berg", "jukneviciene", "simecka"]
VIA = "email of 20 May 2020"


@pytest.fixture
def english_only(sample: Path) -> Path:
    """The sample with the joint letter in English only, so six answers complete it."""
    letters = sample / "cases" / "akhmetova" / "letters.yaml"
    letters.write_text(
        letters.read_text(encoding="utf-8").replace(
            "languages: [en, uk, ru]", "languages: [en]", 1
        ),
        encoding="utf-8",
    )
    return sample


def approve(
    runner: CliRunner,
    ws: Path,
    who: str,
    lang: str = "en",
    letter: str = JOINT,
    version: str | None = None,
) -> str:
    version = version or _version_of(runner, ws, letter, lang)
    return cli(
        runner,
        ws,
        "approve",
        letter,
        "--lang",
        lang,
        "--by",
        who,
        "--via",
        VIA,
        "--version",
        version,
    )


def test_drafts_carry_a_draft_mark_and_a_stable_version(
    english_only: Path, runner: CliRunner
) -> None:
    cli(runner, english_only, "build", JOINT)
    first = (english_only / "out" / JOINT / f"{JOINT}.en.docx").read_bytes()
    header = docx_text(english_only / "out" / JOINT / f"{JOINT}.en.docx")
    mark = next(line for line in header if line.startswith("DRAFT · "))
    assert len(mark) == len("DRAFT · 0000-0000")
    cli(runner, english_only, "build", JOINT)
    assert (english_only / "out" / JOINT / f"{JOINT}.en.docx").read_bytes() == first


def test_individual_letters_share_one_version(sample: Path, runner: CliRunner) -> None:
    cli(runner, sample, "build", "may-2020-migration")
    marks = {
        next(line for line in docx_text(path) if line.startswith("ПРОЄКТ · "))
        for path in (sample / "out" / "may-2020-migration").glob("*.docx")
    }
    assert len(marks) == 1  # two recipients, one text to approve


def finalised_in(output: str) -> Path:
    """The folder ``finalise``'s summary names ("… in final/<letter>/<n>-<id>/ in 1.2 s.")."""
    found = re.fullmatch(r"Finalised .* in (\S+)/ in [0-9.]+ s\.", output.strip().splitlines()[-1])
    assert found, output
    return Path(found[1])


def test_the_whole_story(english_only: Path, runner: CliRunner, tmp_path: Path) -> None:
    ws = english_only
    cli(runner, ws, "build", JOINT)
    for who in SIX[:5]:
        assert approve(runner, ws, who).startswith("recorded entry")
    refused = fails(runner, ws, "finalise", JOINT)
    assert refused == (
        f"Error: letter {JOINT} cannot be finalised: not every signatory approved its current"
        " version:\n  en: simecka — no answer\n"
    )
    assert not (ws / "final").exists()

    approve(runner, ws, "simecka")
    final = finalised_in(cli(runner, ws, "finalise", JOINT))
    assert final.parent == (ws / "final" / JOINT).resolve()
    letter = final / f"{JOINT}.en.docx"
    lines = docx_text(letter)
    assert not any(line.startswith("DRAFT") for line in lines)
    assert "Michal Šimečka (Renew Europe, Slovakia)" in lines
    manifest = json.loads((final / "manifest.json").read_text(encoding="utf-8"))
    assert [f["file"] for f in manifest["files"]] == [f"{JOINT}.en.docx"]
    assert [e["n"] for e in manifest["ledger"]] == [1, 2, 3, 4, 5, 6]
    # finalise again with nothing changed names that folder: no second one, nothing replaced
    again = cli(runner, ws, "finalise", JOINT)
    assert f"\nnote: final/{JOINT}/{final.name}/ holds these final letters already" in again
    assert [p.name for p in final.parent.iterdir()] == [final.name] and letter.is_file()

    # A fact changes: every approval is now stale. (Bilčík's assistant now answers for him
    # too: that is no change to the letter, and the list of changes must not say it is.)
    meps = ws / "recipients" / "meps.yaml"
    bilcik = "    email: vladimir.bilcik@europarl.europa.eu\n"
    meps.write_text(
        meps.read_text(encoding="utf-8").replace(
            bilcik, bilcik + "    delegates: [assistant.bilcik@example.org]\n"
        ),
        encoding="utf-8",
    )
    case = ws / "cases" / "akhmetova" / "case.yaml"
    case.write_text(
        case.read_text(encoding="utf-8").replace(
            "the Supreme Court upheld that order.",
            "the Supreme Court confirmed that order.",
        ),
        encoding="utf-8",
    )
    status = cli(runner, ws, "review", "status")
    assert {row["status"] for row in status_rows(status) if row["letter"] == JOINT} == {"waiting"}
    assert answers_of(status, JOINT, "en") == {
        who: ("stale", str(n)) for n, who in enumerate(SIX, start=1)
    }
    rows = json.loads(cli(runner, ws, "review", "status", "--json"))
    assert {a["state"] for a in rows[0]["answers"]} == {"stale"}
    assert fails(runner, ws, "finalise", JOINT).count("approved an earlier version") == 6

    # The packet for one signatory holds a redline with the edit as a tracked change.
    out = tmp_path / "packet"
    written = cli(runner, ws, "review", "packet", "bilcik", "--out", str(out))
    redlines = sorted(out.glob(f"{JOINT}.en.*.redline.docx"))
    assert len(redlines) == 1 and "redline" in written
    xml = zipfile.ZipFile(redlines[0]).read("word/document.xml").decode()
    assert "<w:ins " in xml and "<w:del " in xml
    assert "confirmed" in xml.split("<w:ins ", 1)[1]
    assert "upheld" in xml.split("<w:del ", 1)[1]
    changes = next(out.glob(f"{JOINT}.en.*.changes.txt")).read_text(encoding="utf-8")
    assert "changed: case text cases/akhmetova/case.yaml timeline[3].text" in changes
    assert "signatory" not in changes
    # the redline's tracked changes, as another word processor reads them
    soffice = require_tool("soffice", LIBREOFFICE)
    converted = tmp_path / "odt"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "odt",
            "--outdir",
            str(converted),
            str(redlines[0]),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    content = zipfile.ZipFile(next(converted.glob("*.odt"))).read("content.xml").decode()
    assert "<text:tracked-changes" in content and "<text:insertion>" in content


def test_an_approval_counts_for_one_letter_and_one_language(
    sample: Path, runner: CliRunner
) -> None:
    approve(runner, sample, "bilcik", "uk")
    rows = {
        (r["letter"], r["lang"]): r
        for r in json.loads(cli(runner, sample, "review", "status", "--json"))
    }
    states = {a["who"]: a["state"] for a in rows[(JOINT, "uk")]["answers"]}
    assert states["bilcik"] == "approved"
    assert {a["who"]: a["state"] for a in rows[(JOINT, "ru")]["answers"]}["bilcik"] == "no answer"
    assert {a["who"]: a["state"] for a in rows[("may-2020-extradition", "uk")]["answers"]}[
        "bilcik"
    ] == "no answer"


def test_answers_are_checked(sample: Path, runner: CliRunner) -> None:
    assert fails(
        runner,
        sample,
        "approve",
        JOINT,
        "--lang",
        "uk",
        "--by",
        "maliuska",
        "--via",
        VIA,
        "--version",
        "0000-0000",
    ) == (
        "Error: 'maliuska' does not sign letter may-2020-joint; its signatories are"
        " austrevicius, bilcik, guetta, berg, jukneviciene, simecka\n"
    )
    assert fails(
        runner,
        sample,
        "approve",
        JOINT,
        "--lang",
        "de",
        "--by",
        "bilcik",
        "--via",
        VIA,
        "--version",
        "0000-0000",
    ) == (
        "Error: --lang de: letter may-2020-joint is not written in 'de'; its languages are"
        " en, uk, ru (cases/akhmetova/letters.yaml:8)\n"
    )
    # a slip for one of its languages (ua: Ukraine's code) gets the one meant
    assert fails(
        runner,
        sample,
        "approve",
        JOINT,
        "--lang",
        "ua",
        "--by",
        "bilcik",
        "--via",
        VIA,
        "--version",
        "0000-0000",
    ) == (
        "Error: --lang ua: letter may-2020-joint is not written in 'ua'; its languages are"
        " en, uk, ru (cases/akhmetova/letters.yaml:8); did you mean 'uk'?\n"
    )
    assert "the text changed since" in fails(
        runner,
        sample,
        "approve",
        JOINT,
        "--lang",
        "uk",
        "--by",
        "bilcik",
        "--via",
        VIA,
        "--version",
        "0000-0000",
    )
    cli(
        runner,
        sample,
        "request-changes",
        JOINT,
        "--lang",
        "uk",
        "--by",
        "guetta",
        "--via",
        VIA,
        "--comment",
        "Please name the court in the first paragraph.",
    )
    status = cli(runner, sample, "review", "status")
    assert answers_of(status, JOINT, "uk")["guetta"] == ("changes requested", "1")
    assert answers_of(status, JOINT, "en")["guetta"] == ("no answer", "")


def _ledger_with_three(runner: CliRunner, ws: Path) -> Path:
    for who in SIX[:3]:
        approve(runner, ws, who)
    return ws / "signoff" / "ledger.jsonl"


@pytest.mark.parametrize(
    "tamper,message",
    [
        ("edit", "signoff/ledger.jsonl: entry 2 was changed after it was written"),
        (
            "delete",
            "signoff/ledger.jsonl: entry 2 does not follow entry 1: an entry was deleted,"
            " inserted or moved",
        ),
        (
            "swap",
            "signoff/ledger.jsonl: entry 1 is not the first entry written: an entry was"
            " deleted, inserted or moved",
        ),
    ],
)
def test_a_tampered_ledger_is_reported_by_entry(
    english_only: Path, runner: CliRunner, tamper: str, message: str
) -> None:
    ledger = _ledger_with_three(runner, english_only)
    lines = ledger.read_text(encoding="utf-8").splitlines()
    if tamper == "edit":
        lines[1] = lines[1].replace('"who": "bilcik"', '"who": "berg"')
    elif tamper == "delete":
        del lines[1]
    else:
        lines[0], lines[1] = lines[1], lines[0]
    ledger.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for command in (["review", "status"], ["finalise", JOINT]):
        assert fails(runner, english_only, *command) == f"Error: {message}\n"
    assert f"error: {message}" in fails(runner, english_only, "check").splitlines()


def test_one_writer_at_a_time(sample: Path, runner: CliRunner) -> None:
    lock = sample / ".letters.files.lock"
    lock.write_text(
        json.dumps(
            {
                "pid": os.getpid(),
                "host": os.uname().nodename,
                "command": "finalise",
                "started": "2020-05-21T10:00:00+00:00",
            }
        )
    )
    output = fails(runner, sample, "build", JOINT)
    assert output.startswith(
        "Error: another letters command is writing this workspace: 'letters finalise' is running"
        f" (process {os.getpid()}, since 2020-05-21 10:00 UTC). Wait"
    )
    assert not (sample / "out").exists()
    lock.write_text(
        json.dumps(
            {
                "pid": 2**22 + 12345,
                "host": os.uname().nodename,
                "command": "build",
                "started": "2020-05-21T10:00:00+00:00",
            }
        )
    )
    cli(runner, sample, "build", JOINT)  # a dead holder's lock is taken over
    assert not lock.exists()


def test_what_a_killed_command_left_half_written_goes_with_its_lock(
    sample: Path, runner: CliRunner
) -> None:
    """kill -9 while a catalog or the ledger's head was written leaves a whole copy under a
    hidden temporary name; the next command to take over the dead command's lock removes
    it, and nothing else (a user's own file that only looks alike, one in out/, one a
    command that takes no lock may be writing)."""
    (sample / ".letters.files.lock").write_text(
        json.dumps({"pid": 2**22 + 12345, "host": os.uname().nodename, "command": "approve"})
    )
    left = [
        sample / "signoff" / ".ledger.head.hecib07j.tmp",
        sample / "locales" / "uk" / "LC_MESSAGES" / ".case-akhmetova.po.epaajd0j.tmp",
        sample / ".workspace.yaml.a1b2_c3d.tmp",
        # a lock written whole, or a stale one moved aside, by a command killed before it
        # linked it into place, or before it removed it
        sample / f".letters.files.lock.taking.{2**22 + 12345}",
        sample / f".letters.files.lock.stale.{2**22 + 12346}",
    ]
    kept = [
        sample / f".letters.files.lock.taking.{os.getppid()}",  # a live command's, trying
        sample / "signoff" / "notes.tmp",
        sample / "templates" / ".appeal.docx.draft.tmp",  # not eight letters of tempfile's
        sample / "out" / ".x.docx.abcdefgh.tmp",
        # what commands that take no lock may be writing now: review request, a status page
        sample / "signoff" / "versions" / ".joint.en.0123456789abcdef.json.abcdefgh.tmp",
        sample / ".status.html.abcdefgh.tmp",
        sample / "signoff" / ".status.html.abcdefgh.tmp",
        # a page may end in .htm or .HTML too
        sample / ".status.htm.abcdefgh.tmp",
        sample / f".Status.HTML.{owner_tag()}.abcdefgh.tmp",
    ]
    for path in [*left, *kept]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("whole", encoding="utf-8")
    run = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert run.exit_code == 0, run.output
    assert [p for p in left if p.exists()] == []
    assert [p for p in kept if not p.exists()] == []


def _owned_by_others(folder: Path, name: str) -> list[Path]:
    """Temporary files of ``name`` as a live process of this host (this one) and a dead
    one of another host name theirs: neither is removed."""
    host = owner_tag().rpartition("-")[2]
    other = f"{(int(host, 16) + 1) % 2**32:08x}"
    paths = [
        folder / f".{name}.{os.getpid()}-{host}.abcdefgh.tmp",
        folder / f".{name}.{2**22 + 12345}-{other}.abcdefgh.tmp",
    ]
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("being written", encoding="utf-8")
    return paths


@pytest.mark.parametrize(
    "then",
    [["review", "request", "--no-pdf"], ["i18n", "compile"]],
    ids=lambda command: " ".join(command[:2]),
)
def test_a_version_left_half_kept_by_a_killed_review_request_is_removed_later(
    sample: Path, runner: CliRunner, then: list[str]
) -> None:
    """review request keeps versions without the lock, so no lock is left to take over:
    kill -9 as it wrote one left its hidden copy in signoff/versions/ for good. The next
    review request, or any command that takes the lock, removes it, as its process is dead."""
    versions = sample / "signoff" / "versions"
    killed_at(".*.json.*.tmp", 1, "review", "request", "--no-pdf", "-w", str(sample))
    [left] = versions.glob(".*.json.*.tmp")
    kept = _owned_by_others(versions, left.name.split(".json.")[0][1:] + ".json")
    result = runner.invoke(main, [*then, "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert sorted(versions.glob(".*.tmp")) == sorted(kept)


def test_a_status_page_left_half_written_by_a_killed_run_is_removed_by_the_next(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    page = tmp_path / "shared" / "status.html"
    page.parent.mkdir()
    killed_at(".status.html.*.tmp", 1, "review", "status", "--html", str(page), "-w", str(sample))
    assert len(list(page.parent.glob(".status.html.*.tmp"))) == 1
    kept = _owned_by_others(page.parent, "status.html")
    host = owner_tag().rpartition("-")[2]
    other_page = page.parent / f".index.html.{2**22 + 12345}-{host}.abcdefgh.tmp"  # not ours
    other_page.write_text("whole", encoding="utf-8")
    result = runner.invoke(main, ["review", "status", "--html", str(page), "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert sorted(page.parent.glob(".*.tmp")) == sorted([*kept, other_page])
    assert page.is_file()


@pytest.mark.parametrize(
    "command",
    [
        ["approve", JOINT, "--lang", "en", "--by", "bilcik", "--via", VIA, "--version", "{en}"],
        ["i18n", "update"],
        ["i18n", "compile"],
    ],
    ids=lambda command: " ".join(command[:2]),
)
def test_a_command_killed_as_it_takes_the_lock_leaves_one_the_next_takes_over(
    sample: Path, runner: CliRunner, command: list[str]
) -> None:
    """kill -9 the moment the lock file is there: it already names its command, so the next
    run sees it died and takes the lock over. Made empty and written after, it stopped every
    later command ('a command that left no details') until someone deleted it."""
    version = _version_of(runner, sample)
    command = [part.replace("{en}", version) for part in command]
    killed_at(".letters.files.lock", 1, *command, "-w", str(sample))
    result = runner.invoke(main, [*command, "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert "another letters command" not in result.output
    assert not list(sample.glob(".letters.files.lock*"))  # nor what taking it left


@pytest.mark.parametrize("held", ["[]", '"x"', "1", "null", "{", ""], ids=repr)
def test_a_lock_file_that_is_no_record_of_its_holder_is_told_of_not_shown_as_a_traceback(
    sample: Path, runner: CliRunner, held: str
) -> None:
    """A lock file edited by hand, or damaged, may hold any JSON, or none: it is told of like
    one that cannot be read."""
    lock = sample / ".letters.files.lock"
    lock.write_text(held, encoding="utf-8")
    assert fails(runner, sample, "build", JOINT) == (
        "Error: another letters command is writing this workspace: a command that left no"
        " details (the lock file is empty or damaged). Wait for it to finish; the lock does"
        " not say which process holds it, so if no letters command is running, delete"
        f" {lock}.\n"
    )
    assert not (sample / "out").exists()
    assert lock.read_text(encoding="utf-8") == held


def _version_of(runner: CliRunner, ws: Path, letter: str = JOINT, lang: str = "en") -> str:
    rows = json.loads(cli(runner, ws, "review", "status", "--json"))
    return next(r["version"] for r in rows if (r["letter"], r["lang"]) == (letter, lang))


def test_invisible_edits_keep_the_version_and_visible_ones_change_it(
    sample: Path, runner: CliRunner
) -> None:
    before = _version_of(runner, sample)
    case = sample / "cases" / "akhmetova" / "case.yaml"
    text = case.read_text(encoding="utf-8")
    # a comment, and a private fact: nothing a reader sees
    case.write_text(
        "# reviewed by the legal team\n"
        + text.replace(f"    text: {SAMPLE_ADDRESS}\n", "    text: 2 Example Street, Sampletown\n"),
        encoding="utf-8",
    )
    assert _version_of(runner, sample) == before
    # a recipient's address changes the joint letter (it is visible there) ...
    officials = sample / "recipients" / "officials.yaml"
    officials.write_text(
        officials.read_text(encoding="utf-8").replace(
            "en: [Mr Denys Maliuska, Minister of Justice of Ukraine]",
            "en: [Mr Denys Maliuska, Minister of Justice]",
        ),
        encoding="utf-8",
    )
    assert _version_of(runner, sample) != before
    # ... and an individual letter's, whose draft shows placeholders for the recipient:
    # its version covers each recipient's own lines in its language
    individual = _version_of(runner, sample, "may-2020-extradition", "uk")
    for old, new, same in [
        ("en: Dear Minister,", "en: Dear Minister of Justice,", True),  # not in Ukrainian
        ("uk: Шановний пане Денисе!", "uk: Шановний пане Міністре!", False),
    ]:
        text = officials.read_text(encoding="utf-8")
        assert text.count(old) == 1
        officials.write_text(text.replace(old, new), encoding="utf-8")
        now = _version_of(runner, sample, "may-2020-extradition", "uk")
        assert (now == individual) is same, (old, new)
        individual = now
    # the order its recipients are listed in is no letter's text: each gets the same one
    letters_yaml = sample / "cases" / "akhmetova" / "letters.yaml"
    text = letters_yaml.read_text(encoding="utf-8")
    assert text.count("recipients: [maliuska, venediktova]") == 1
    letters_yaml.write_text(
        text.replace("[maliuska, venediktova]", "[venediktova, maliuska]"), encoding="utf-8"
    )
    assert _version_of(runner, sample, "may-2020-extradition", "uk") == individual


def test_an_approval_names_the_version_seen(english_only: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        main,
        ["approve", JOINT, "--lang", "en", "--by", "bilcik", "--via", VIA, "-w", str(english_only)],
    )
    assert result.exit_code == 2 and "Missing option '--version'" in result.output
    version = _version_of(runner, english_only)
    # the same version however it is written
    approve(runner, english_only, "bilcik", version=version.replace("-", "").lower())


def test_the_same_answer_recorded_twice_is_written_once(
    english_only: Path, runner: CliRunner
) -> None:
    """A command run again (after a lost terminal, say) adds no second entry for the same
    answer; an answer given again after another one is recorded, as the ledger's story."""
    version = _version_of(runner, english_only)
    assert approve(runner, english_only, "bilcik", version=version) == (
        f"recorded entry 1: bilcik approve {JOINT} [en] version {version}\n"
    )
    ledger = english_only / "signoff" / "ledger.jsonl"
    before = ledger.read_bytes()
    assert approve(runner, english_only, "bilcik", version=version) == (
        f"already recorded as entry 1: bilcik approve {JOINT} [en] version {version};"
        " nothing written\n"
    )
    assert ledger.read_bytes() == before
    cli(runner, english_only, "revoke", JOINT, "--lang", "en", "--by", "bilcik", "--via", VIA)
    assert approve(runner, english_only, "bilcik", version=version) == (
        f"recorded entry 3: bilcik approve {JOINT} [en] version {version}\n"
    )
    # told another way (a call after the e-mail): a fact of its own, recorded
    other = cli(runner, english_only, "approve", JOINT, "--lang", "en", "--by", "bilcik",
                "--via", "call of 21 May 2020", "--version", version)  # fmt: skip
    assert other == f"recorded entry 4: bilcik approve {JOINT} [en] version {version}\n"


def test_a_cut_off_ledger_is_noticed(english_only: Path, runner: CliRunner) -> None:
    ledger = _ledger_with_three(runner, english_only)
    lines = ledger.read_text(encoding="utf-8").splitlines()
    ledger.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    assert fails(runner, english_only, "review", "status") == (
        "Error: signoff/ledger.jsonl: entry 3 is missing (signoff/ledger.head records 3); the"
        " ledger was cut\n"
    )


def test_a_deleted_ledger_head_is_named(english_only: Path, runner: CliRunner) -> None:
    _ledger_with_three(runner, english_only)
    (english_only / "signoff" / "ledger.head").unlink()
    assert fails(runner, english_only, "review", "status") == (
        "Error: signoff/ledger.jsonl has 3 entries, but signoff/ledger.head, which records the"
        " last one, is missing: it was deleted (restore it from a backup or from version"
        " control)\n"
    )


def test_a_comment_with_a_line_separator_keeps_the_ledger_readable(
    english_only: Path, runner: CliRunner
) -> None:
    version = _version_of(runner, english_only)
    cli(
        runner,
        english_only,
        "request-changes",
        JOINT,
        "--lang",
        "en",
        "--by",
        "guetta",
        "--via",
        VIA,
        "--comment",
        "first\u2028second",
        "--version",
        version,
    )
    status = cli(runner, english_only, "review", "status")
    assert answers_of(status, JOINT, "en")["guetta"] == ("changes requested", "1")


# the message(s) the refusal counted, once told as 'message(s)', 'them' even of one
UNTRANSLATED = {
    "one": (["Шановні колеги!"], "1 untranslated, fuzzy or inconsistent message", "it"),
    "two": (
        ["Шановні колеги!", "Просимо невідкладно звернути увагу на викладену нижче справу."],
        "2 untranslated, fuzzy or inconsistent messages",
        "them",
    ),
}


@pytest.mark.parametrize("untranslated", UNTRANSLATED)
def test_an_untranslated_draft_cannot_be_approved(
    sample: Path, runner: CliRunner, untranslated: str
) -> None:
    blanked, counted, them = UNTRANSLATED[untranslated]
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "templates.po"
    text = po.read_text(encoding="utf-8")
    for translation in blanked:
        text = text.replace(f'msgstr "{translation}"', 'msgstr ""')
    po.write_text(text, encoding="utf-8")
    version = _version_of(runner, sample, JOINT, "uk")
    refused = fails(
        runner,
        sample,
        "approve",
        JOINT,
        "--lang",
        "uk",
        "--by",
        "bilcik",
        "--via",
        VIA,
        "--version",
        version,
    )
    assert refused == (
        f"Error: {JOINT} in uk still has {counted} ('letters build' lists {them}): an approval"
        f" is of the text that will be sent, so translate {them} first, then send the new"
        " draft\n"
    )
    assert answers_of(cli(runner, sample, "review", "status"), JOINT, "uk")
    rows = status_rows(cli(runner, sample, "review", "status"))
    assert {r["status"] for r in rows if r["letter"] == JOINT and r["language"] == "uk"} == {
        "untranslated"
    }


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--version", "4833"],
            "Error: --version 4833 is too short: give all eight characters of the id printed in"
            " the header of the draft bilcik answered on\n",
        ),
        (["--version", "XXXX-XXXX", "--via", " "], "say how the answer came"),
    ],
)
def test_unclear_answers_are_refused(
    sample: Path, runner: CliRunner, options: list[str], message: str
) -> None:
    args = ["approve", JOINT, "--lang", "en", "--by", "bilcik", "--via", VIA, *options]
    assert message in fails(runner, sample, *args)


def test_an_answer_naming_another_languages_draft_says_so(sample: Path, runner: CliRunner) -> None:
    english = _version_of(runner, sample, JOINT, "en")
    args = ["approve", JOINT, "--lang", "uk", "--by", "bilcik", "--via", VIA]
    assert fails(runner, sample, *args, "--version", english) == (
        f"Error: version {english} is the current en draft of {JOINT}, not the uk one: if"
        " bilcik approved the en letter, record it with --lang en\n"
    )


# the closing's tags as the template writes them, after its translators' note, in its run's
# text: a joint letter's to several, and one addressee's own (the one their salutation asks for)
CLOSING = '{{ _("Yours sincerely,") }}</w:t>'
OWN_CLOSING = "{{ recipients[0].closing }}</w:t>"
WITHDRAW = "We also withdraw our earlier requests."
FINAL_ONLY = [
    ("docx", "{% if not draft %}" + WITHDRAW + " {% endif %}", WITHDRAW + " Yours sincerely,"),
    (
        "docx",
        "{% if draft %}A draft. {% else %}" + WITHDRAW + " {% endif %}",
        WITHDRAW + " Yours sincerely,",
    ),
    ("email", "{% if not draft %}\n" + WITHDRAW + "\n{% endif %}\n", WITHDRAW),
    # what a draft leaves out of a paragraph turns it around: "We do not ask" becomes
    # "We ask", though the final letter has no word the draft does not show
    ("docx", "We {% if draft %}do not {% endif %}ask. ", "We ask. Yours sincerely,"),
    ("email", "We {% if draft %}do not {% endif %}ask. ", "We ask. Yours sincerely,"),
]


@pytest.mark.parametrize(
    ("where", "tag", "said"),
    FINAL_ONLY,
    ids=["not-draft", "else", "email", "turned-around", "email-turned-around"],
)
def test_text_only_a_final_letter_would_say_is_refused(
    where: str, tag: str, said: str, sample: Path, runner: CliRunner
) -> None:
    # What a signatory approves is the draft: a final letter may not say more than it.
    label = _add_before_the_closing(sample, where, tag)
    before = files_under(sample)
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 1
    found = [line for line in check.output.split("\n") if "would say" in line]
    # once for the template, with the first letter and language that would say it
    assert found == [
        f"error: {label}: the final letter {JOINT} (en) would say “{said}”, which its"
        " draft does not show; signatories approve the draft, so a final letter may differ from"
        " it only by the DRAFT mark and placeholders {% if draft %} adds to drafts and"
        " by signature pictures: no text under {% if not draft %}, {% else %} or a signature,"
        " and no {% if draft %} inside a paragraph"
    ], check.output
    build = runner.invoke(main, ["build", JOINT, "--lang", "en", "-w", str(sample)])
    assert build.exit_code == 1
    assert f"the final letter {JOINT} (en) would say “{said}”" in build.output, build.output
    assert files_under(sample) == before


PERSONAL = (
    '{% if recipient is defined and recipient.id == "maliuska" %}We ask you in person. {% endif %}'
)
CLOSING_UK = "З\u00a0повагою"  # a one-letter preposition keeps with the next word
RECIPIENT_ONLY = [
    ("docx", PERSONAL, f"We ask you in person. {CLOSING_UK}", CLOSING_UK, "maliuska"),
    ("email", PERSONAL, f"We ask you in person. {CLOSING_UK}", CLOSING_UK, "maliuska"),
    (
        "paragraphs",
        "".join(
            f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
            for text in (
                '{%p if recipient is defined and recipient.gender == "female" %}',
                "Madam, we count on you.",
                "{%p endif %}",
            )
        ),
        "Madam, we count on you.",
        CLOSING_UK,
        "venediktova",  # a woman; so are two recipients of other letters
    ),
]


@pytest.mark.parametrize(
    ("where", "tag", "says", "shown", "who"), RECIPIENT_ONLY, ids=["docx", "email", "paragraphs"]
)
def test_text_only_some_recipients_would_get_is_refused(
    where: str, tag: str, says: str, shown: str, who: str, sample: Path, runner: CliRunner
) -> None:
    # An individual letter is approved with placeholders for its recipient: text that
    # depends on who gets it is never seen by a signatory.
    label = _add_before_the_closing(sample, where, tag)
    before = files_under(sample)
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 1
    expected = (
        f"{label}: the letter may-2020-extradition (uk) to {who} says “{says}” where its"
        f" signatories see “{shown}”; they approve the letter with placeholders for the"
        " recipient, so letters to different recipients may differ only by the recipient's"
        " own name, title, address, salutation and closing: write text chosen by"
        " {% if recipient... %}"
        " for every recipient, or make a letter per group"
    )
    mine = f"may-2020-extradition (uk) to {who} says"
    assert [line for line in check.output.split("\n") if mine in line] == [f"error: {expected}"], (
        check.output
    )
    if where == "email":  # the joint letter's e-mail to the same recipient says it too
        joint = expected.replace("may-2020-extradition", "may-2020-joint")
        assert f"error: {joint}" in check.output.split("\n"), check.output
    assert files_under(sample) == before
    args = ["build", "may-2020-extradition", "--email", "-w", str(sample)]
    build = runner.invoke(main, args)
    assert build.exit_code == 1
    assert expected in build.output, build.output
    assert not (sample / "out" / "may-2020-extradition").exists()  # nothing published


def _add_before_the_closing(sample: Path, where: str, tag: str) -> str:
    """Put ``tag`` before the closing in the letter (each of its closings) or its e-mail
    text; its label."""
    if where == "paragraphs":  # whole paragraphs before the closing's {%p if %}
        template = sample / "templates" / "appeal.docx"

        def before_closing(xml: bytes) -> bytes:
            head = xml[: xml.index(CLOSING.encode())]
            at = [found.start() for found in re.finditer(rb"<w:p[ >]", head)][-2]
            return xml[:at] + tag.encode() + xml[at:]

        template.write_bytes(rewrite_docx(template, {"word/document.xml": before_closing}))
        return "templates/appeal.docx"
    if where == "docx":
        template = sample / "templates" / "appeal.docx"

        def tagged(xml: bytes) -> bytes:
            for closing in (CLOSING, OWN_CLOSING):
                assert xml.count(closing.encode()) == 1
                xml = xml.replace(closing.encode(), (tag + closing).encode())
            return xml

        template.write_bytes(rewrite_docx(template, {"word/document.xml": tagged}))
        return "templates/appeal.docx"
    text = sample / "templates" / "appeal.email.txt"
    source = text.read_text(encoding="utf-8")
    closing = "{{ recipient.closing }}"
    assert source.count(closing) == 1
    text.write_text(source.replace(closing, tag + closing), encoding="utf-8")
    return "templates/appeal.email.txt"


@pytest.mark.parametrize(
    ("final", "draft", "said"),
    [
        (["Dear Minister,", "We ask."], ["DRAFT", "Dear Minister,", "We ask."], None),
        (["We ask."], ["We do not ask."], "We ask."),  # a part of a paragraph left out
        (["We ask.", "Dear Minister,"], ["Dear Minister,", "We ask."], "Dear Minister,"),
        ([f"{PICTURE} Petras"], ["[signature] Petras"], None),  # a picture for a placeholder
        ([PICTURE, "Petras"], ["Petras"], None),  # a picture alone says nothing
        ([f"{PICTURE} Petras"], ["[signature] not Petras"], "Petras"),
        (["Petras"], ["[signature] Petras"], "Petras"),  # no picture: the paragraph changed
    ],
)
def test_a_final_letter_shows_its_drafts_paragraphs_as_they_are(
    final: list[str], draft: list[str], said: str | None
) -> None:
    assert unshown(final, draft) == said


SHOWN = [
    "[recipient: address]",
    "Kyiv, 21 May 2020",
    "[recipient: salutation]",
    "We ask.",
    "Yours,",
]
OWN = [
    "Ministry of Justice",
    "13 Horodetskoho St",
    "Kyiv 01001",
    "Dear Minister,",
    "Denys Maliuska",
]


@pytest.mark.parametrize(
    ("real", "differs"),
    [
        (
            [
                "Ministry of Justice",
                "13 Horodetskoho St",
                "Kyiv 01001",
                *SHOWN[1:2],
                "Dear Minister,",
                *SHOWN[3:],
            ],
            None,
        ),
        ([*SHOWN[1:2], "Dear Minister,", *SHOWN[3:]], None),  # no address at all
        (
            [
                "MINISTRY OF JUSTICE,\xa013 Horodetskoho St",
                *SHOWN[1:2],
                "Dear Minister,",
                *SHOWN[3:],
            ],
            None,
        ),
        # a paragraph of other text is not the recipient's address, though it follows it
        (
            ["Ministry of Justice", "Georgia must act.", *SHOWN[1:2], "Dear Minister,", *SHOWN[3:]],
            ("Georgia must act.", "Kyiv, 21 May 2020"),
        ),
        (
            ["Ministry of Justice", *SHOWN[1:2], "Dear Minister, we insist.", *SHOWN[3:]],
            ("Dear Minister, we insist.", "We ask."),
        ),
        (["Ministry of Justice", *SHOWN[1:2], "Dear Minister,", "We ask."], ("", "Yours,")),
    ],
    ids=["address", "no-address", "joined-address", "extra-paragraph", "added-words", "left-out"],
)
def test_a_letter_to_one_recipient_differs_only_by_their_own_text(
    real: list[str], differs: tuple[str, str] | None
) -> None:
    assert beyond_recipient(real, SHOWN, OWN) == differs


def test_an_untranslated_message_of_the_email_text_blocks_approval(
    sample: Path, runner: CliRunner
) -> None:
    # An approval covers the e-mail that carries the letter: a message only the e-mail
    # text uses counts as the letter's, and is named where it is used.
    po = sample / "locales" / "uk" / "LC_MESSAGES" / "templates.po"
    text = po.read_text(encoding="utf-8")
    msgid = 'msgid "We would be grateful for a reply to this address."\n'
    start = text.index(msgid) + len(msgid)
    end = text.index("\n", start)
    po.write_text(text[:start] + 'msgstr ""' + text[end:], encoding="utf-8")
    line = text[: text.index(msgid)].count("\n") + 1
    email = (sample / "templates" / "appeal.email.txt").read_text(encoding="utf-8")
    used = email[: email.index('_("We would be grateful')].count("\n") + 1
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert (
        f"warning: locales/uk/LC_MESSAGES/templates.po:{line}: 'We would be grateful for a reply"
        f" to this address.' has no translation; used by templates/appeal.email.txt:{used}"
    ) in check.output.split("\n"), check.output
    version = _version_of(runner, sample, JOINT, "uk")
    args = ["approve", JOINT, "--lang", "uk", "--by", "bilcik", "--via", VIA]
    refused = runner.invoke(main, [*args, "--version", version, "-w", str(sample)])
    assert refused.exit_code == 1
    assert refused.output == (
        f"Error: {JOINT} in uk still has 1 untranslated, fuzzy or inconsistent message"
        " ('letters build' lists it): an approval is of the text that will be sent, so"
        " translate it first, then send the new draft\n"
    )
    status = runner.invoke(main, ["review", "status", "-w", str(sample)])
    rows = [r.split() for r in status.output.splitlines() if r.startswith(f"{JOINT} ")]
    assert {r[3] for r in rows if r[1] == "uk"} == {"untranslated"}
    assert {r[3] for r in rows if r[1] == "en"} == {"waiting"}


def test_a_long_letter_is_compared_without_running_out_of_stack() -> None:
    body = [f"Paragraph {n}." for n in range(5000)]
    shown = ["[recipient: address]", "[recipient: salutation]", *body]
    real = ["Ministry of Justice", "Kyiv 01001", "Dear Minister,", *body]
    assert beyond_recipient(real, shown, OWN) is None
    assert beyond_recipient([*real[:-1], "Paragraph X."], shown, OWN) == (
        "Paragraph X.",
        "Paragraph 4999.",
    )


def test_a_lock_that_cannot_be_written_is_not_left_behind(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk as the lock is written: no empty lock file is left to stop every later
    command with 'a command that left no details'."""
    from letters.files import lock

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(lock.json, "dump", full)
    with pytest.raises(OSError), lock.workspace_lock(sample, "i18n update"):
        pass
    assert not (sample / lock.LOCK).exists()


def test_a_salutation_typed_anew_after_approval_makes_the_joint_letters_approval_stale(
    english_only: Path, runner: CliRunner
) -> None:
    """A joint letter's e-mail greets each recipient with their own salutation and closes
    with their own closing: its version covers them, so one typed anew in the directory is
    not sent under the signatories' names until they approve it again."""
    approved = _version_of(runner, english_only)
    for who in SIX:
        approve(runner, english_only, who, version=approved)
    officials = english_only / "recipients" / "officials.yaml"
    text = officials.read_text(encoding="utf-8")
    assert text.count("en: Dear Minister,") == 1  # Maliuska's, one of the joint letter's six
    officials.write_text(
        text.replace("en: Dear Minister,", "en: Dear Minister of Justice,"), encoding="utf-8"
    )
    stale = "".join(
        f"  en: {who} — approved an earlier version, entry {n}\n" for n, who in enumerate(SIX, 1)
    )
    assert fails(runner, english_only, "finalise", JOINT, "--email") == (
        f"Error: letter {JOINT} cannot be finalised: not every signatory approved its current"
        f" version:\n{stale}  en: since version {approved} was approved: changed: recipient"
        " maliuska\n"
    )
    assert not (english_only / "final").exists()


def test_a_lock_held_by_a_program_using_letters_says_so(sample: Path, runner: CliRunner) -> None:
    """A lock taken by a program calling letters as a library named 'letters finalise',
    a command nobody ran."""
    import datetime as dt

    from letters.files.lock import workspace_lock

    lock = sample / ".letters.files.lock"
    with workspace_lock(sample, "finalise"):
        started = dt.datetime.fromisoformat(json.loads(lock.read_text())["started"])
        output = fails(runner, sample, "build", JOINT)
    assert output == (
        "Error: another letters command is writing this workspace: a program using letters"
        f" (finalise) is running (process {os.getpid()}, since {started:%Y-%m-%d %H:%M} UTC)."
        " Wait for it to finish (if it dies, the next command takes its lock over).\n"
    )


def test_a_lock_held_on_another_computer_is_the_one_to_delete_by_hand(
    sample: Path, runner: CliRunner
) -> None:
    """A workspace in a shared folder: whether a process on another host died cannot be
    told from here, so its lock is never taken over, and deleting it is the advice; a dead
    process on this host is taken over without it."""
    lock = sample / ".letters.files.lock"
    holder = {"pid": 2**22 + 12345, "host": "build-server", "command": "finalise"}
    lock.write_text(json.dumps(holder), encoding="utf-8")
    assert fails(runner, sample, "build", JOINT) == (
        "Error: another letters command is writing this workspace: 'letters finalise' is"
        f" running (process {2**22 + 12345}, on build-server). Wait for it to finish; if it"
        f" is no longer running on build-server, delete {lock} (whether a process on another"
        " computer is alive cannot be told from here).\n"
    )
    assert json.loads(lock.read_text(encoding="utf-8")) == holder
