"""Replies as a hostile or broken mail program writes them (tests/data/mail/hostile/*.eml,
their version written VERSION): a From or a Message-ID the mail library cannot parse, an
address standing as a name, no From line or two, a From written as a group, bytes not in the
character set the reply names, tabs in a signature, a terminal's escape codes or invisible
characters (U+202E, U+200B, a soft hyphen) in a signatory's own words, words in two text
parts with a picture between; an mbox (tests/data/mail/mbox) cut by a reply's own line
beginning with "From ".
Each is recorded, or refused naming the reply and why, never with a traceback; nothing a
hostile reply's From does not prove is recorded under a signatory's name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters import Workspace
from letters.cli import main
from letters.signoff.ledger import read_ledger
from tests.test_signoff import JOINT

HOSTILE = Path(__file__).parent / "data" / "mail" / "hostile"
BY_HAND = (
    "; nothing recorded: read the reply, then record what the signatory decided ('letters"
    " approve' or 'letters request-changes')"
)
RECORDED = "recorded entry 1: bilcik approve may-2020-joint [en] version {version}"
GROUP = (
    "not recorded: {name}: its From is written as a group ('name: addresses;'), not as one"
    " sender's address, so who sent it cannot be known; nothing recorded"
)

CASES = {
    # the mail library's parser stops with IndexError on these Message-IDs
    "message-id-empty": RECORDED,
    "message-id-unreadable": RECORDED,
    "from-unreadable": "not recorded: {name}: no single sender in From; nothing recorded",
    # the mail library keeps the address shown as the name, not the one that sent it
    "from-address-as-name": "not recorded: {name}: no single sender in From; nothing recorded",
    # no From at all (a file that is no e-mail, a draft saved without it): an IndexError
    "from-missing": (
        "not recorded: {name}: no From line, so who sent it cannot be known (is it an e-mail"
        " saved whole, as .eml?); nothing recorded"
    ),
    "from-twice": (
        "not recorded: {name}: 2 From lines, so who sent it cannot be known; nothing recorded"
    ),
    # a group ("MEPs: …;") names whoever its writer listed, not who sent it; the library
    # reads neither the unclosed one nor its address as a group's
    "from-group": GROUP,
    "from-group-unclosed": GROUP,
    # a colon in a quoted name is no group
    "from-quoted-name-with-colon": RECORDED,
    # «Нет, не одобряю.» above the APPROVE line, in letters its charset has not
    "windows-1251-said-utf-8": (
        "not recorded: {name}: its text/plain part is not written in the character set it"
        " names (utf-8; byte 1 is 0xCD), so some of its words cannot be read" + BY_HAND
    ),
    "latin-1-said-us-ascii": (
        "not recorded: {name}: its text/plain part is not written in the character set it"
        " names (us-ascii; byte 29 is 0xE8), so some of its words cannot be read" + BY_HAND
    ),
    "no-charset-utf-8": RECORDED + ", and wrote with it: “Děkuji, V. Bilčík”",
    "tabs-in-signature": (
        RECORDED + ", and wrote with it: “V. Bilcik / Tel.: +32 2 284 00 00 Office: ASP 10E”"
    ),
    # ESC[8m hides "Not yet" on a terminal
    "escape-in-own-words": (
        "not recorded: {name}: its own words hold a control character (U+001B), which a mail"
        " program shows as nothing, so what the signatory wrote cannot be known for sure" + BY_HAND
    ),
    "escape-in-quoted-words": RECORDED,
    # U+202E shows "tey toN" as "Not yet"; U+200B splits "No" for a reader but not on screen
    "bidi-override-in-own-words": (
        "not recorded: {name}: its own words hold an invisible character (U+202E), which can"
        " hide words or show them in another order, so what the signatory wrote cannot be"
        " known for sure" + BY_HAND
    ),
    "zero-width-in-own-words": (
        "not recorded: {name}: its own words hold an invisible character (U+200B), which can"
        " hide words or show them in another order, so what the signatory wrote cannot be"
        " known for sure" + BY_HAND
    ),
    # a line separator hides no words: a line break, kept as ever
    "line-separator-in-own-words": RECORDED + ", and wrote with it: “Agreed. V. Bilcik”",
    # Apple Mail's text, a picture, more text: the refusal is in the second text part
    "text-picture-text": (
        "not recorded: {name}: its words are in 2 separate text parts (a picture between"
        " them, say), and only one of them is read, so a refusal in another could be missed"
        + BY_HAND
    ),
    # one text in two versions (plain; HTML with its picture), an attached file and an
    # attached message: their words are not the reply's
    "versions-and-attachments": RECORDED,
    # a soft hyphen shows as nothing inside a word: "N\u00ado" is the refusal "No"
    "soft-hyphen-in-own-words": (
        "not recorded: {name}: APPROVE {version} is in a reply that also says “No, not as it"
        " is.”, which may refuse or qualify it; nothing recorded for it: read the reply, then"
        " record what the signatory decided ('letters approve' or 'letters request-changes')"
    ),
}


# refused as one answer of a reply that was read; every other refusal is of a whole reply
ONE_ANSWER = {"soft-hyphen-in-own-words"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_hostile_reply_is_recorded_or_refused_in_words(
    sample: Path, runner: CliRunner, tmp_path: Path, case: str
) -> None:
    ws = Workspace(sample)
    version = ws.version(JOINT, "en").short
    reply = tmp_path / f"{case}.eml"
    reply.write_bytes((HOSTILE / f"{case}.eml").read_bytes().replace(b"VERSION", version.encode()))
    result = runner.invoke(main, ["review", "replies", str(reply), "-w", str(sample)])
    mid = {"message-id-empty": "<>", "message-id-unreadable": "<<<@@@>>>"}.get(
        case, f"<{case}@example.net>"
    )
    said = CASES[case].format(version=version, name=f"reply {mid} ({reply})")
    entries = read_ledger(sample)
    if said.startswith("recorded"):
        assert (result.exit_code, result.output) == (0, said + "\n")
        assert [(e.who, e.action) for e in entries] == [("bilcik", "approve")]
    else:
        assert (result.exit_code, result.output) == (
            1,
            said + f"\nError: 1 {'answer' if case in ONE_ANSWER else 'reply'} not recorded"
            " (listed above)\n",
        )
        assert entries == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_given_as_replies_is_named_not_read(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """A named pipe (or a device such as /dev/null) is neither mail nor a folder of it: it
    is said to be so, not 'no such file', and not read (a pipe would wait for a writer)."""
    pipe = tmp_path / "replies.eml"
    os.mkfifo(pipe)
    result = runner.invoke(main, ["review", "replies", str(pipe), "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {pipe}: not a file or a folder; give the replies as .eml files, an mbox or a"
        " Maildir folder\n",
    )
    assert read_ledger(sample) == []


def _reply(body: str, content_type: str = "text/plain; charset=utf-8") -> bytes:
    head = (HOSTILE / "tabs-in-signature.eml").read_bytes().split(b"\n\n", 1)[0].decode()
    head = head.replace("Content-Type: text/plain; charset=utf-8", f"Content-Type: {content_type}")
    return (head + "\n\n" + body).encode("utf-8")


@pytest.mark.parametrize(
    "body",
    [
        "APPROVE {version}\n" + "ok\n" * 60_000,  # under the limit of 200,000 characters
        "<div>" * 15_000 + "APPROVE {version}" + "</div>" * 15_000,
    ],
    ids=["sixty-thousand-lines", "html-nested-fifteen-thousand-deep"],
)
def test_a_long_or_deep_reply_is_read_whole(
    sample: Path, runner: CliRunner, tmp_path: Path, body: str
) -> None:
    """Each line read the lines below it again, and each HTML element looked through every
    element open: such a reply, under the text limit, took minutes (the HTML one a hundred
    thousand deep did not end)."""
    version = Workspace(sample).version(JOINT, "en").short
    reply = tmp_path / "long.eml"
    html = body.startswith("<")
    reply.write_bytes(_reply(body.format(version=version), "text/html" if html else "text/plain"))
    # no timed assertion (the machines are shared and noisy): read before the change, these
    # took minutes, and the nested one never ended
    result = runner.invoke(main, ["review", "replies", str(reply), "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        0,
        RECORDED.format(version=version)
        + (f", and wrote with it: “{' / '.join(['ok'] * 24)}...”\n" if not html else "\n"),
    )


def test_parts_nested_thousands_deep_are_refused_for_a_reading_by_hand(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """A part in a part, 3,000 deep: the mail library stopped with RecursionError, reported
    as a bug in letters."""
    version = Workspace(sample).version(JOINT, "en").short
    parts = "".join(
        f"--b{n}\nContent-Type: multipart/mixed; boundary=b{n + 1}\n\n" for n in range(3000)
    )
    body = parts + f"--b3000\nContent-Type: text/plain\n\nAPPROVE {version}\n"
    reply = tmp_path / "deep.eml"
    reply.write_bytes(_reply(body, "multipart/mixed; boundary=b0"))
    result = runner.invoke(main, ["review", "replies", str(reply), "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        f"not recorded: reply ({reply}): its parts are nested too deeply to be read (a part in"
        " a part, thousands deep)" + BY_HAND + "\nError: 1 reply not recorded (listed"
        " above)\n",
    )
    assert read_ledger(sample) == []


MBOX = Path(__file__).parent / "data" / "mail" / "mbox"
CUT = (
    "not recorded: reply ({box}#1): line {line} of the mailbox begins with 'From ' inside this"
    " message, where its mail program should have written '>From ', so the mailbox cuts the"
    " message there and it cannot be read whole" + BY_HAND
)
MBOXES = {
    # a signatory's later line "From here on I withdraw my name…" would start a message of
    # its own, leaving an APPROVE above it alone in the first; Šimečka's reply below is whole
    "from-line-in-body": [
        "recorded entry 1: simecka approve may-2020-joint [en] version {version}",
        CUT.replace("{line}", "14"),
    ],
    # the line under the cut one looks like a header field: it is not after an envelope line
    "from-line-above-a-label": [CUT.replace("{line}", "13")],
    # as Thunderbird, Gmail and mutt write the line before each message, and a line of the
    # text beginning with "From " written ">From …", as it should be: read as written
    "envelope-lines": [
        f"recorded entry {n}: {who} approve may-2020-joint [en] version {{version}}, and wrote"
        f" with it: “From the office of {name}, as agreed.”"
        for n, (who, name) in enumerate(
            [
                ("bilcik", "Vladimir Bilcik"),
                ("simecka", "Michal Simecka"),
                ("austrevicius", "Petras Austrevicius"),
            ],
            start=1,
        )
    ],
    # written as ">From …", as it should be: the signatory's own line, not one they quoted
    "from-line-escaped": [
        "not recorded: reply <from-line-escaped@example.net> ({box}#1): APPROVE {version} is in"
        " a reply that also says “From now on I cannot sign it: the court is still not named.”,"
        " which may refuse or qualify it; nothing recorded for it: read the reply, then record"
        " what the signatory decided ('letters approve' or 'letters request-changes')"
    ],
}


@pytest.mark.parametrize("case", sorted(MBOXES))
def test_a_line_beginning_with_from_in_a_reply_never_cuts_it_in_two(
    sample: Path, runner: CliRunner, tmp_path: Path, case: str
) -> None:
    """An mbox whose mail program did not write a reply's own line "From …" as ">From …":
    the mailbox library starts a message there; the reply above it is not read as if it ended
    there, but sent to a reading by hand, the line named. One that did is read as sent."""
    version = Workspace(sample).version(JOINT, "en").short
    box = tmp_path / f"{case}.mbox"
    box.write_bytes((MBOX / f"{case}.mbox").read_bytes().replace(b"VERSION", version.encode()))
    result = runner.invoke(main, ["review", "replies", str(box), "-w", str(sample)])
    said = [line.format(version=version, box=box) for line in MBOXES[case]]
    # a cut reply is refused whole; the escaped line's APPROVE alone, the reply read
    refused = {
        "from-line-in-body": "1 reply",
        "from-line-above-a-label": "1 reply",
        "from-line-escaped": "1 answer",
    }.get(case, "")
    assert len([line for line in said if line.startswith("not recorded")]) == int(bool(refused))
    error = f"Error: {refused} not recorded (listed above)\n" if refused else ""
    assert (result.exit_code, result.output) == (int(bool(refused)), "\n".join(said) + "\n" + error)
    assert [(e.who, e.action) for e in read_ledger(sample)] == [
        (line.split()[3], "approve") for line in said if line.startswith("recorded")
    ]


def test_a_file_beginning_with_from_that_holds_no_message_is_refused(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """Its first line is taken for an mbox's, yet no header lines follow: it is not mail."""
    version = Workspace(sample).version(JOINT, "en").short
    notes = tmp_path / "notes.mbox"
    text = (MBOX / "notes-not-mail.mbox").read_bytes()
    notes.write_bytes(text.replace(b"VERSION", version.encode()))
    result = runner.invoke(main, ["review", "replies", str(notes), "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {notes}:1: begins with 'From ' as an mbox does, but no message follows (no"
        " header lines under it); give the replies as .eml files, an mbox or a Maildir folder\n",
    )
    assert read_ledger(sample) == []


def test_a_reply_of_style_elements_never_closed_is_read_in_one_pass() -> None:
    """A reply's style sheets were found by a lazy pattern that looked from each "<style"
    to the end of the reply: one of openers never closed took a time growing with its
    length squared (140 kB: a minute and a half; this one, some half an hour). The sheets
    found are the same as before."""
    from letters.signoff.reply_style import style_sheet

    sheet = "<STYLE type=x>p.a { color: white }</style>"
    rule = ("p", frozenset({"a"}), frozenset(), {"color": "white"})
    assert style_sheet(sheet + "<style>") == [rule]
    assert style_sheet(sheet + "<style" * 100_000) == [rule]
    assert style_sheet(sheet + "<style>" * 100_000) == [rule]


def test_a_style_sheet_of_rules_or_comments_never_closed_is_read_in_one_pass() -> None:
    """Inside a style element, the rules were found by a pattern tried from each character
    of a rule never closed, and comments by a lazy one looking from each "/*" to the sheet's
    end: each took a time growing with the sheet's length squared (an 80 kB reply: over a
    minute; these, far longer). The rules found are the same as before, comments and an
    @media block's inner rules included."""
    from letters.signoff.reply_style import style_sheet

    rule = ("p", frozenset({"a"}), frozenset(), {"color": "white"})
    sheet = "/* x */ @media screen { p.a { color: white } } /* y"
    assert style_sheet(f"<style>{sheet}</style>") == [rule]
    assert style_sheet(f"<style>{sheet}{'/*' * 200_000}</style>") == [rule]
    assert style_sheet(f"<style>{sheet} p{'a' * 200_000}{{{'b' * 200_000}</style>") == [rule]
