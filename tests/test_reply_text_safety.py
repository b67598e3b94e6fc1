"""Reading a reply safely: a signatory's words are read as they wrote them — a line their mail
program wrapped (format=flowed) is one line again, words they struck through in HTML are not
theirs any more — and an APPROVE that the rest of their words refuse or qualify is not
recorded."""

from __future__ import annotations

import email
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters import Workspace
from letters.cli import main
from letters.signoff.ledger import ledger_path, read_ledger
from letters.signoff.reply_text import body_text, read_answers
from tests.test_review_replies import BILCIK, PASS, english_only_with_delegate
from tests.test_signoff import JOINT


def message(body: str, content_type: str, mid: str = "s-1@example.eu") -> bytes:
    """A reply from Bilčík with ``body`` as its one part of ``content_type``."""
    head = (
        f"Authentication-Results: {PASS}\n"
        f"From: Vladimir Bilcik <{BILCIK}>\nTo: appeals@example.org\n"
        "Subject: Re: [review] may-2020-joint\nDate: Thu, 21 May 2020 09:14:02 +0200\n"
        f"Message-ID: <{mid}>\nMIME-Version: 1.0\n"
        f"Content-Type: {content_type}\nContent-Transfer-Encoding: 8bit\n\n"
    )
    return (head + body).encode("utf-8")


def parsed(raw: bytes) -> EmailMessage:
    found = email.message_from_bytes(raw, policy=default)
    assert isinstance(found, EmailMessage)
    return found


FLOWED = "text/plain; charset=UTF-8; format=flowed"
FLOWED_DELSP = "text/plain; charset=UTF-8; format=flowed; delsp=yes"


@pytest.mark.parametrize(
    ("body", "content_type", "text"),
    [
        (  # Thunderbird: the space that ends a wrapped line stays, the lines are one again
            "Thank you. I am sorry, but after talking to my group, I will not \n"
            "approve F702-FF3F.\n",
            FLOWED,
            "Thank you. I am sorry, but after talking to my group, I will not approve F702-FF3F.",
        ),
        ("Не \nОДОБРЯЮ 8692-1E43\n", FLOWED, "Не ОДОБРЯЮ 8692-1E43"),
        # DelSp=yes: the space that marks the wrap is no part of the words
        ("Не \nОДОБРЯЮ 8692-1E43\n", FLOWED_DELSP, "НеОДОБРЯЮ 8692-1E43"),
        ("I will not  \napprove F702-FF3F.\n", FLOWED_DELSP, "I will not approve F702-FF3F."),
        # a quoted paragraph is rejoined at its depth and stays quoted; a different depth, a
        # signature's "-- " and a space-stuffed line end a paragraph
        (
            "Yes.\n> APPROVE \n> F702-FF3F\n>> older \n>> words\n",
            FLOWED,
            "Yes.\n> APPROVE F702-FF3F\n>> older words",
        ),
        ("Yes. \n> APPROVE F702-FF3F\n", FLOWED, "Yes. \n> APPROVE F702-FF3F"),
        ("-- \nV. Bilčík\n", FLOWED, "-- \nV. Bilčík"),
        ("  APPROVE F702-FF3F\n From here on\n", FLOWED, " APPROVE F702-FF3F\nFrom here on"),
        # without format=flowed a line's trailing space is only a space
        ("I will not \nAPPROVE F702-FF3F\n", "text/plain; charset=UTF-8", None),
    ],
    ids=["en", "ru", "ru-delsp", "delsp", "quoted", "depth", "signature", "stuffed", "fixed"],
)
def test_a_flowed_reply_is_read_with_its_lines_rejoined(
    body: str, content_type: str, text: str | None
) -> None:
    assert body_text(parsed(message(body, content_type))).rstrip("\n") == (
        body.rstrip("\n") if text is None else text
    )


@pytest.mark.parametrize(
    ("body", "version"),
    [
        (
            "Thank you. I am sorry, but after talking to my group, I will not \n"
            "approve {version}.\n\nOn 20/05/2020 18:02, Appeals desk wrote:\n> APPROVE {version}\n",
            "en",
        ),
        ("Не \nОДОБРЯЮ {version}\n", "ru"),
    ],
    ids=["en", "ru"],
)
def test_a_refusal_wrapped_by_the_mail_program_approves_nothing(
    sample: Path, runner: CliRunner, tmp_path: Path, body: str, version: str
) -> None:
    ws_path = english_only_with_delegate(sample)
    short = Workspace(ws_path).version(JOINT, "en").short
    reply = tmp_path / "reply.eml"
    reply.write_bytes(message(body.format(version=short), FLOWED))
    result = runner.invoke(main, ["review", "replies", str(reply), "-w", str(ws_path)])
    assert result.exit_code == 1
    assert result.output == (
        f"not recorded: reply <s-1@example.eu> ({reply}): no answer in it (a line"
        " 'APPROVE <version>' or 'CHANGES <version>' written by the sender, not quoted);"
        " nothing recorded\n"
        "Error: 1 answer(s) not recorded (listed above)\n"
    )
    assert not ledger_path(ws_path).exists() or read_ledger(ws_path) == []
    assert read_answers(body_text(parsed(reply.read_bytes()))).said == []
