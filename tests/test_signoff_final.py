"""Approval and what finalise will refuse: a warning whose fix changes the letter's text holds
an approval back; the others let it be recorded, telling who records it that finalise
refuses the letter until they are resolved, and which fixes would void the approval."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import answers_of, cli, fails, status_rows
from tests.test_directory import MALIUSKA_PARTS, MALIUSKA_TYPED
from tests.test_problem_codes import ASYLUM_FINAL, JOINT_TIMELINE, RISKS

JOINT = "may-2020-joint"
VIA = "email of 20 May 2020"
ASKS = "    asks: [recognise, suspend, obligations]\n"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def every_ask(ws: Path) -> None:
    """The joint letter chooses no asks: it asks all of its case's."""
    _edit(ws / "cases" / "akhmetova" / "letters.yaml", ASKS, "")


def told_twice(ws: Path) -> None:
    """The case tells a ruling twice, and the joint letter tells every event."""
    _edit(ws / "cases" / "akhmetova" / "case.yaml", RISKS, ASYLUM_FINAL + RISKS)
    _edit(ws / "cases" / "akhmetova" / "letters.yaml", JOINT_TIMELINE, "")


def untranslated(ws: Path) -> None:
    """One message of the template is not translated into Ukrainian."""
    _edit(
        ws / "locales" / "uk" / "LC_MESSAGES" / "templates.po",
        'msgstr "Шановні колеги!"',
        'msgstr ""',
    )


def derived(ws: Path) -> None:
    """Maliuska's Ukrainian and Russian forms are derived, not typed: two in each."""
    _edit(ws / "recipients" / "officials.yaml", MALIUSKA_TYPED, MALIUSKA_PARTS)


def private_item(ws: Path) -> None:
    """A paragraph the Kazakh letter names under 'background:' is now private."""
    flight = "asked Ukraine to extradite her.\n"
    _edit(ws / "cases" / "akhmetova" / "case.yaml", flight, flight + "    private: true\n")


def version_of(runner: CliRunner, ws: Path, letter: str, lang: str) -> str:
    rows = json.loads(cli(runner, ws, "review", "status", "--json"))
    return str(next(r["version"] for r in rows if (r["letter"], r["lang"]) == (letter, lang)))


def approving(
    runner: CliRunner, ws: Path, who: str, letter: str = JOINT, lang: str = "en"
) -> list[str]:
    version = version_of(runner, ws, letter, lang)
    return ["approve", letter, "--lang", lang, "--by", who, "--via", VIA, "--version", version]


HELD = (
    "('letters check' lists {them}), and a fix most often changes what the letter says: fix"
    " {them} first, then send the new draft for approval, or run this again if the version"
    " stays the same"
)


# what a draft has, the language approved, and the kinds the refusal names (with "it/them")
HOLDS = {
    "every ask": (
        [every_ask],
        "en",
        "letters asking every ask of their case (1)",
        "it",
    ),
    "told twice": ([told_twice], "en", "events told twice (1)", "it"),
    "translation too": (  # said at once, not one after the other
        [every_ask, untranslated],
        "uk",
        "untranslated messages (1), letters asking every ask of their case (1)",
        "them",
    ),
}


@pytest.mark.parametrize("case", HOLDS)
def test_a_warning_fixed_by_changing_the_text_holds_the_approval(
    sample: Path, runner: CliRunner, case: str
) -> None:
    edits, lang, kinds, them = HOLDS[case]
    for edit in edits:
        edit(sample)
    refused = fails(runner, sample, *approving(runner, sample, "austrevicius", lang=lang))
    assert refused == (
        f"Error: {JOINT} in {lang} cannot be approved yet: finalise refuses it for {kinds}"
        f" {HELD.format(them=them)}\n"
    )
    status = cli(runner, sample, "review", "status")
    assert answers_of(status, JOINT, lang)["austrevicius"] == ("no answer", "")
    assert not (sample / "signoff" / "ledger.jsonl").exists()


def _recorded_warning(
    letter: str, lang: str, kinds: str, them: str, fixes: tuple[str | None, str]
) -> str:
    keeps, voids = fixes
    return (
        f"warning: finalise refuses {letter} [{lang}] until its {kinds} are resolved ('letters"
        f" check' lists {them}); this approval stands if they are resolved without changing"
        f" what the letter says{f' ({keeps})' if keeps else ''}, and is void if a fix changes"
        f" it ({voids}): the new version then needs every signatory's approval\n"
    )


FORMS = (
    "a derived name form confirmed as it is",
    "a derived name form corrected where the letter shows it",
)
PRIVATE = ("a private item taken off the letter's list", "a private item made public")
# no fix of a date keeps the approval worth offering: the letter shows its dates
DATES = (None, "a date corrected where the letter shows it")


def dated_before(ws: Path) -> None:
    """The joint letter is dated before an event it tells as past."""
    _edit(ws / "cases" / "akhmetova" / "letters.yaml", "date: 2020-05-21\n", "date: 2020-05-01\n")


# what a draft has, the letter and language approved, the kinds the warning names and the
# fixes it says keep and void the approval
RECORDED = {
    "joint letter's forms": (derived, JOINT, "uk", "derived name forms (2)", "them", FORMS),
    # each recipient's letter shows their forms; the version, placeholders: counted all the same
    "recipient's forms": (
        derived,
        "may-2020-extradition",
        "uk",
        "derived name forms (2)",
        "them",
        FORMS,
    ),
    "private item": (
        private_item,
        "kazakhstan-2020",
        "ru",
        "private items a letter names (1)",
        "it",
        PRIVATE,
    ),
    "date after the letter": (
        dated_before,
        JOINT,
        "uk",
        "dates after their letter (1)",
        "it",
        DATES,
    ),
}


@pytest.mark.parametrize("case", RECORDED)
def test_an_approval_that_finalise_would_refuse_is_recorded_with_a_warning(
    sample: Path, runner: CliRunner, case: str
) -> None:
    edit, letter, lang, kinds, them, fixes = RECORDED[case]
    edit(sample)
    args = approving(runner, sample, "austrevicius", letter, lang)
    # the output, stderr's warnings after stdout's line: click 8.1's CliRunner mixes them
    # and has no stderr apart (Result.stderr raises), a later one mixes them in order too
    first, *warned = cli(runner, sample, *args).splitlines(keepends=True)
    assert first.startswith(f"recorded entry 1: austrevicius approve {letter} [{lang}]")
    unread = (
        f"warning: austrevicius does not read {lang} by the directory (language: en); the"
        " approval is recorded all the same, as a signatory may approve a translation they"
        f" trust. If they read {lang}, add it to their 'reads'\n"
    )
    said = _recorded_warning(letter, lang, kinds, them, fixes)
    assert "".join(warned) == said + unread
    # run again (after a kill, say): told again, nothing written
    first, *warned = cli(runner, sample, *args).splitlines(keepends=True)
    assert first.startswith("already recorded as entry 1: ")
    assert "".join(warned) == said + unread


def test_the_status_says_what_finalise_will_refuse(sample: Path, runner: CliRunner) -> None:
    derived(sample)
    rows = json.loads(cli(runner, sample, "review", "status", "--json"))
    refuses = {(r["letter"], r["lang"]): r["finalise_refuses"] for r in rows}
    assert refuses[(JOINT, "uk")] == {"derived-certain": 2}
    assert refuses[(JOINT, "en")] == {}
    assert refuses[("may-2020-extradition", "uk")] == {"derived-certain": 2}
    table = cli(runner, sample, "review", "status")
    notes = [line for line in table.splitlines() if "finalise refuses" in line]
    assert notes == [
        f"{letter} [{lang}]: finalise refuses it until its derived name forms (2) are resolved"
        " ('letters check' lists them)"
        for letter, lang in [(JOINT, "uk"), (JOINT, "ru"), ("may-2020-extradition", "uk")]
    ]
    assert table.endswith("\n\n" + "\n".join(notes) + "\n")  # after the table, apart
    # the rows are still the rows: every answer of every letter
    assert {r["status"] for r in status_rows(table.split("\n\n")[0])} == {"waiting"}


def test_every_approval_of_a_version_finalise_refuses_is_not_ready(
    sample: Path, runner: CliRunner
) -> None:
    derived(sample)
    letters = sample / "cases" / "akhmetova" / "letters.yaml"
    _edit(letters, "    languages: [en, uk, ru]\n", "    languages: [uk]\n")
    for who in ["austrevicius", "bilcik", "guetta", "berg", "jukneviciene", "simecka"]:
        cli(runner, sample, *approving(runner, sample, who, lang="uk"))
    rows = json.loads(cli(runner, sample, "review", "status", "--json"))
    joint = next(r for r in rows if r["letter"] == JOINT)
    assert joint["complete"] is False
    table = cli(runner, sample, "review", "status").split("\n\n")[0]
    assert {r["status"] for r in status_rows(table) if r["letter"] == JOINT} == {"derived-certain"}
    page = sample / "status.html"
    cli(runner, sample, "review", "status", "--html", str(page))
    html = page.read_text(encoding="utf-8")
    assert (
        "<li>uk: finalise refuses it until its derived name forms (2) are resolved"
        " (&#x27;letters check&#x27; lists them)</li>"
    ) in html
    assert "ready for" not in html


def test_the_packet_and_the_request_say_it_before_anyone_answers(
    sample: Path, runner: CliRunner
) -> None:
    every_ask(sample)
    derived(sample)
    joint = [
        f"{JOINT} [en]: no approval until its letters asking every ask of their case (1) are"
        " fixed, which most often changes what the letter says ('letters check' lists it)",
        *[
            line
            for lang in ("uk", "ru")
            for line in (
                f"{JOINT} [{lang}]: no approval until its letters asking every ask of their"
                " case (1) are fixed, which most often changes what the letter says ('letters"
                " check' lists it)",
                f"{JOINT} [{lang}]: finalise refuses it until its derived name forms (2) are"
                " resolved ('letters check' lists them)",
            )
        ],
    ]
    packet = cli(runner, sample, "review", "packet", "austrevicius")
    assert [line for line in packet.splitlines() if "refuses" in line or "no approval" in line] == [
        *joint,
        "may-2020-extradition [uk]: finalise refuses it until its derived name forms (2) are"
        " resolved ('letters check' lists them)",
    ]
    # asked of no one, as approve would refuse it; said once, not once per signatory
    request = cli(
        runner, sample, "review", "request", "austrevicius", "bilcik", "--letter", JOINT, "--no-pdf"
    )
    assert request.splitlines()[-len(joint) - 2 :] == [
        *joint,
        "no request to austrevicius: of the drafts asked about, they have approved every one"
        " that can be approved now (see above)",
        "no request to bilcik: of the drafts asked about, they have approved every one that"
        " can be approved now (see above)",
    ]
    assert not (sample / "out" / "review" / "requests").exists()


def test_a_reply_to_an_earlier_version_of_a_held_draft_says_to_fix_it_first(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """The current draft asks every ask: `review request` asks no one to approve it, so a
    reply to the version before is not told to send the current draft, but to fix it."""
    from tests.test_review_replies import BILCIK, replies, thunderbird

    old = version_of(runner, sample, JOINT, "en")
    cli(runner, sample, "request-changes", JOINT, "--lang", "en", "--by", "bilcik", "--via",
        VIA, "--comment", "Name the court.", "--version", old)  # fmt: skip
    every_ask(sample)
    new = version_of(runner, sample, JOINT, "en")
    reply = tmp_path / "reply.eml"
    reply.write_bytes(thunderbird(BILCIK, old, f"APPROVE {old}", "tb-held"))
    code, output = replies(runner, sample, reply)
    assert code == 1
    assert output.splitlines()[0] == (
        f"not recorded: reply <tb-held> ({reply}): APPROVE {old} is an earlier version of"
        f" {JOINT} [en]; the current draft is {new}, which cannot be approved yet: fix its"
        " letters asking every ask of their case (1) first, which most often changes what the"
        " letter says ('letters check' lists it), then send the signatory the current draft"
        " ('letters review request'); nothing recorded"
    )


def test_an_approval_run_again_is_not_refused_for_a_warning_that_came_after_it(
    sample: Path, runner: CliRunner
) -> None:
    """An event's authority corrected (a fact no letter shows) makes two events one: the
    version is the same, and the approval recorded of it stands; the same command run again
    (after a kill, say) names its entry, as ever, and says what finalise now refuses."""
    case = sample / "cases" / "akhmetova" / "case.yaml"
    other = ASYLUM_FINAL.replace("authority: Supreme Court", "authority: Supreme Court (civil)")
    _edit(case, RISKS, other + RISKS)
    _edit(sample / "cases" / "akhmetova" / "letters.yaml", JOINT_TIMELINE, "")
    args = approving(runner, sample, "bilcik")
    assert cli(runner, sample, *args).startswith("recorded entry 1: ")
    _edit(case, "authority: Supreme Court (civil)", "authority: Supreme Court")
    assert version_of(runner, sample, JOINT, "en") == args[-1]  # the same text
    first, *warned = cli(runner, sample, *args).splitlines()
    assert first == (
        f"already recorded as entry 1: bilcik approve {JOINT} [en] version {args[-1]};"
        " nothing written"
    )
    assert warned == [
        f"warning: finalise refuses {JOINT} [en] until its events told twice (1) are fixed"
        " ('letters check' lists it); this approval stands for the version it is of"
    ]
    # a new approval of it is refused all the same
    refused = fails(runner, sample, *approving(runner, sample, "guetta"))
    assert refused.startswith(f"Error: {JOINT} in en cannot be approved yet: finalise refuses")
