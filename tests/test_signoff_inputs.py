"""What sign-off is given to read: text staff type into `approve`, `revoke` and
`request-changes` (no control or invisible character that hides words or turns them around),
and replies that a broken mail program names alike (`Message-ID: <>`) or that come in a
mailbox too large to hold — each answer recorded once, and never taken for another."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters import Workspace
from letters.cli import main
from letters.signoff.ledger import read_ledger
from tests.test_review_replies import BILCIK, EARLIER, LATER, thunderbird, write_mbox
from tests.test_signoff import JOINT, VIA

HIDES = " that can hide text or change its order"
TYPED = {  # the option, what is typed into it, and what is said of it
    "via-bidi-override": (
        "--via",
        "email of 20 May \u202e0202 yaM",
        "an invisible character (U+202E at character 17)",
    ),
    "via-zero-width-space": (
        "--via",
        "email\u200b of 20 May",
        "an invisible character (U+200B at character 6)",
    ),
    "via-escape": (
        "--via",
        "email \x1b[8mnot\x1b[0m of 20 May",
        "a control character (U+001B at character 7)",
    ),
    "comment-bidi-isolate": (
        "--comment",
        "Fix \u2066the date\u2069",
        "an invisible character (U+2066 at character 5)",
    ),
    "comment-bell": (
        "--comment",
        "Fix the date\x07",
        "a control character (U+0007 at character 13)",
    ),
    "comment-noncharacter": (
        "--comment",
        "Fix the date\ufffe",
        "a noncharacter (U+FFFE at character 13)",
    ),
    "comment-carriage-return": (  # a line break only as CRLF or LF: alone it rewrites the line
        "--comment",
        "Fix the date\rName the court.",
        "a control character (U+000D at character 13)",
    ),
    "via-line-break": (  # a comment may run over lines; how the answer came is one
        "--via",
        "email of\n20 May",
        "a control character (U+000A at character 9)",
    ),
    "version-bidi-override": (
        "--version",
        "\u202eE3DA-8200",
        "an invisible character (U+202E at character 1)",
    ),
}


@pytest.mark.parametrize("case", sorted(TYPED))
def test_typed_text_with_a_hidden_character_is_refused_naming_the_option(
    sample: Path, runner: CliRunner, case: str
) -> None:
    option, value, found = TYPED[case]
    found += HIDES if found.startswith("an invisible") else ""
    version = Workspace(sample).version(JOINT, "en").short
    given = {"--via": VIA, "--comment": "Name the court.", "--version": version, option: value}
    args = ["request-changes", JOINT, "--lang", "en", "--by", "bilcik", "-w", str(sample)]
    result = runner.invoke(main, args + [a for pair in given.items() for a in pair])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {option} contains {found}; delete it and retype the text\n",
    )
    assert read_ledger(sample) == []


def _broken_id(version: str, answer: str, mid: str, date: str) -> bytes:
    return thunderbird(BILCIK, version, answer, "x", date=date).replace(
        b"Message-ID: <x>", f"Message-ID: {mid}".encode()
    )


@pytest.mark.parametrize(
    "mid",
    ["<>", "< >", "", "<a b>", "<1@localhost>"],
    ids=["empty", "space", "blank", "spaced", "well-formed-reused"],
)
def test_two_replies_with_one_broken_message_id_are_two_replies(
    sample: Path, runner: CliRunner, tmp_path: Path, mid: str
) -> None:
    # Bilcik approves, then, the next morning, asks for a change: his mail program writes
    # the same Message-ID on both — an unusable one, or one that looks right but is written
    # on every reply it sends — and the second must not be "already recorded"
    version = Workspace(sample).version(JOINT, "en").short
    first = _broken_id(version, f"APPROVE {version}", mid, EARLIER)
    second = _broken_id(version, f"CHANGES {version}\nName the court.", mid, LATER)
    inbox = write_mbox(tmp_path / "inbox.mbox", first, second)
    result = runner.invoke(main, ["review", "replies", str(inbox), "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"recorded entry 1: bilcik approve {JOINT} [en] version {version}",
        f"recorded entry 2: bilcik request-changes {JOINT} [en] version {version}",
    ]
    # the same mailbox read again records nothing twice
    again = runner.invoke(main, ["review", "replies", str(inbox), "-w", str(sample)])
    assert again.exit_code == 0, again.output
    names = [e.via.split()[1] for e in read_ledger(sample)]
    if mid == "<1@localhost>":
        assert names == [mid, mid]
    else:
        assert all(name.startswith("sha256:") for name in names) and names[0] != names[1]
    assert again.output.splitlines() == [
        f"already recorded: reply {names[0]} ({inbox}#1): APPROVE {version} already recorded"
        " (entry 1)",
        f"already recorded: reply {names[1]} ({inbox}#2): CHANGES {version} already recorded"
        " (entry 2)",
    ]
    assert len(read_ledger(sample)) == 2


def test_a_reply_recorded_before_its_digest_was_kept_is_still_known(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    # a ledger written before `via` kept the digest of what the sender wrote names a reply
    # by its Message-ID: with its Date and sender that still tells the copy recorded then
    # (delivered by another server, so other bytes) from the next reply under the same ID
    version = Workspace(sample).version(JOINT, "en").short
    approval = _broken_id(version, f"APPROVE {version}", "<1@localhost>", EARLIER)
    changes = _broken_id(version, f"CHANGES {version}\nName the court.", "<1@localhost>", LATER)
    inbox = write_mbox(tmp_path / "inbox.mbox", approval, changes)
    old_via = (
        f"e-mail <1@localhost> of 2020-05-20T18:00:00+02:00 from {BILCIK}, sha256 {'0' * 64},"
        " dkim=pass header.d=europarl.europa.eu spf=pass smtp.mailfrom=europarl"
    )
    Workspace(sample).approve(JOINT, "en", "bilcik", via=old_via, version=version)
    result = runner.invoke(main, ["review", "replies", str(inbox), "-w", str(sample)])
    assert (result.exit_code, result.output.splitlines()) == (
        0,
        [
            f"recorded entry 2: bilcik request-changes {JOINT} [en] version {version}",
            f"already recorded: reply <1@localhost> ({inbox}#1): APPROVE {version} already"
            " recorded (entry 1)",
        ],
    )


def test_a_large_mailbox_is_read_one_message_at_a_time(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    # 24 MiB of mail, most of it from people who sign nothing: never held whole
    version = Workspace(sample).version(JOINT, "en").short
    other = thunderbird("someone@example.com", version, "Hello\n" + "x" * 60_000, "o")
    answer = thunderbird(BILCIK, version, f"APPROVE {version}", "tb-1@example.eu")
    inbox = write_mbox(tmp_path / "inbox.mbox", *[other] * 400, answer)
    assert inbox.stat().st_size > 24_000_000
    ws = Workspace(sample)
    tracemalloc.start()
    try:
        report = ws.record_replies([inbox])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert report.recorded == [f"recorded entry 1: bilcik approve {JOINT} [en] version {version}"]
    assert len(report.refused) == 400
    assert peak < 12_000_000, f"{peak:,} bytes held at once"


def test_a_message_over_the_size_limit_is_named_not_read(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    version = Workspace(sample).version(JOINT, "en").short
    # written as a mail program writes an mbox, not through the mailbox library, which
    # would hold several copies of it
    inbox = tmp_path / "inbox.mbox"
    with inbox.open("wb") as file:
        file.write(b"From bilcik Thu May 21 09:14:02 2020\n")
        file.write(thunderbird(BILCIK, version, f"APPROVE {version}", "b"))
        for _ in range(64):
            file.write(b"A" * 1024 * 1024 + b"\n")
    result = runner.invoke(main, ["review", "replies", str(inbox), "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        f"not recorded: reply ({inbox}#1): it is larger than 64 MiB, the limit ('reply size'),"
        " so it is not read; nothing recorded: read the reply, then record what the signatory"
        " decided ('letters approve' or 'letters request-changes')\n"
        "Error: 1 reply not recorded (listed above)\n",
    )
    assert read_ledger(sample) == []


@pytest.mark.parametrize(
    ("action", "via"),
    [
        ("request-changes", "e-mail of 20 May; UNAUTHENTICATED"),
        ("approve", "UNAUTHENTICATED"),
        ("revoke", "phone call of 21 May ;UNAUTHENTICATED ; his office"),
    ],
    ids=["changes-flag-last", "approve-flag-alone", "revoke-flag-between"],
)
def test_a_typed_via_that_reads_as_the_unauthenticated_flag_is_refused(
    sample: Path, runner: CliRunner, action: str, via: str
) -> None:
    """A hand-typed 'UNAUTHENTICATED' field was read as the flag 'review replies' writes: a
    CHANGES so typed no longer held back an unauthenticated APPROVE sent over it, and an
    approval so typed was held for a confirmation that recording it by hand had given."""
    ws = Workspace(sample)
    version = ws.version(JOINT, "en").short
    ws.approve(JOINT, "en", "bilcik", via=VIA, version=version)
    before = read_ledger(sample)
    args = [action, JOINT, "--lang", "en", "--by", "bilcik", "--via", via, "-w", str(sample)]
    args += {"approve": ["--version", version], "revoke": []}.get(
        action, ["--comment", "Name the court."]
    )
    result = runner.invoke(main, args)
    assert (result.exit_code, result.output) == (
        1,
        "Error: --via has UNAUTHENTICATED as one of its ';'-separated parts, which marks an"
        " answer 'review replies' read from an e-mail it could not authenticate; an answer"
        " recorded by hand is vouched for by you: confirm it with the signatory if you have"
        " not, then give --via without that word (e.g. 'phone call of 21 May 2020')\n",
    )
    assert read_ledger(sample) == before


def test_a_typed_value_not_in_utf8_is_told_as_the_terminals_encoding(
    sample: Path, runner: CliRunner
) -> None:
    """A terminal sending Latin-1 gives Python a surrogate for each byte not UTF-8 (é is
    0xE9): the user typed no surrogate, and typing it again the same way changes nothing."""
    args = ["request-changes", JOINT, "--lang", "en", "--by", "bilcik", "-w", str(sample)]
    typed = ["--via", "email \udce9t\udce9", "--comment", "Name the court."]
    result = runner.invoke(main, args + typed)
    assert (result.exit_code, result.output) == (
        1,
        "Error: --via holds a byte that is not UTF-8 (0xE9 at character 7): the terminal sent"
        " another encoding; set it to UTF-8 (LANG=C.UTF-8, say) and type the text again\n",
    )
    assert read_ledger(sample) == []


# a byte not UTF-8 where each command takes a letter, a language or a signatory: told as
# --via is, not shown escaped inside "does not sign" or "not written in"
_WHERE_TYPED = {
    "approve-by": (["approve", JOINT, "--lang", "en", "--by", "bilc\udce9k"], "--by", 5),
    "approve-lang": (["approve", JOINT, "--lang", "\udce9n", "--by", "bilcik"], "--lang", 1),
    "approve-letter": (
        ["approve", "may-2020-j\udce9", "--lang", "en", "--by", "bilcik"],
        "LETTER",
        11,
    ),
    "revoke-by": (["revoke", JOINT, "--lang", "en", "--by", "bilc\udce9k"], "--by", 5),
    "request": (["review", "request", "bilc\udce9k"], "SIGNATORY", 5),
    "packet": (["review", "packet", "bilc\udce9k"], "SIGNATORY", 5),
    "build-lang": (["build", JOINT, "--lang", "\udce9n"], "--lang", 1),
}


@pytest.mark.parametrize(("args", "name", "at"), _WHERE_TYPED.values(), ids=_WHERE_TYPED.keys())
def test_a_letter_language_or_signatory_not_in_utf8_is_told_as_the_terminals_encoding(
    sample: Path, runner: CliRunner, args: list[str], name: str, at: int
) -> None:
    answer = ["--via", VIA] if "--by" in args else []
    answer += ["--version", "1462-F10D"] if args[0] == "approve" else []
    result = runner.invoke(main, [*args, *answer, "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {name} holds a byte that is not UTF-8 (0xE9 at character {at}): the terminal"
        " sent another encoding; set it to UTF-8 (LANG=C.UTF-8, say) and type the text again\n",
    )
    assert read_ledger(sample) == []
