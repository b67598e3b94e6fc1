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


HTML = "text/html; charset=utf-8"


@pytest.mark.parametrize(
    ("html", "text"),
    [
        (
            "<p><s>ОДОБРЯЮ BABE-0ABC</s></p><p>Пока нет — жду мнения юриста.</p>",
            "Пока нет — жду мнения юриста.",
        ),
        ("<p><strike>APPROVE BABE-0ABC</strike> not yet</p>", "not yet"),
        ("<div><del>APPROVE BABE-0ABC</del><ins>later</ins></div>", "later"),
        (
            '<p><span style="color:red; text-decoration: line-through">APPROVE BABE-0ABC'
            " <b>now</b></span> later</p>",
            "later",
        ),
        ('<p style="text-decoration-line:line-through">APPROVE BABE-0ABC</p><p>later</p>', "later"),
        # a struck span holding a span of its own ends with its own end tag, not the inner one
        (
            '<span style="text-decoration:line-through">a <span>b</span> c</span> d',
            "d",
        ),
        # an unclosed struck paragraph ends where the next one starts, as a browser shows it;
        # an unclosed <s> goes on into it, as a browser shows it too
        ('<p style="text-decoration:line-through">APPROVE BABE-0ABC<p>later', "later"),
        ('<p style="text-decoration:line-through">APPROVE BABE-0ABC<div>later</div>', "later"),
        ("<p><s>APPROVE BABE-0ABC<p>later", ""),
        ("<p>APPROVE BABE-0ABC</p>", "APPROVE BABE-0ABC"),
    ],
    ids=[
        "s",
        "strike",
        "del",
        "style",
        "style-line",
        "nested",
        "unclosed-p",
        "p-then-div",
        "unclosed-s",
        "none",
    ],
)
def test_struck_through_words_are_not_read(html: str, text: str) -> None:
    assert " ".join(body_text(parsed(message(html, HTML))).split()) == text


def alternative(plain: str, html: str) -> bytes:
    """A reply with both a plain and an HTML part, as most mail programs send it."""
    body = (
        "--b1\nContent-Type: text/plain; charset=utf-8\n\n"
        f"{plain}\n--b1\nContent-Type: text/html; charset=utf-8\n\n{html}\n--b1--\n"
    )
    return message(body, 'multipart/alternative; boundary="b1"')


def test_a_reply_that_strikes_words_through_is_read_from_its_html() -> None:
    # the plain part a mail program writes beside the HTML shows struck words as if written
    html = "<p><s>ОДОБРЯЮ BABE-0ABC</s></p><p>Пока нет — жду мнения юриста.</p>"
    plain = "ОДОБРЯЮ BABE-0ABC\n\nПока нет — жду мнения юриста."
    assert read_answers(body_text(parsed(alternative(plain, html)))).said == []
    # without struck words the plain part is read, as before
    plain, html = "APPROVE BABE-0ABC\nplain", "<p>APPROVE BABE-0ABC</p><p>html</p>"
    said = read_answers(body_text(parsed(alternative(plain, html)))).said
    assert [(s.action, s.version, s.comment) for s in said] == [("approve", "BABE-0ABC", "plain")]


def test_an_approval_struck_through_in_html_approves_nothing(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    ws_path = english_only_with_delegate(sample)
    short = Workspace(ws_path).version(JOINT, "en").short
    reply = tmp_path / "reply.eml"
    html = f"<p><s>ОДОБРЯЮ {short}</s></p><p>Пока нет — жду мнения юриста.</p>"
    reply.write_bytes(message(html, HTML))
    result = runner.invoke(main, ["review", "replies", str(reply), "-w", str(ws_path)])
    assert result.exit_code == 1
    assert result.output == (
        f"not recorded: reply <s-1@example.eu> ({reply}): no answer in it (a line"
        " 'APPROVE <version>' or 'CHANGES <version>' written by the sender, not quoted);"
        " nothing recorded\n"
        "Error: 1 answer(s) not recorded (listed above)\n"
    )
    assert not ledger_path(ws_path).exists() or read_ledger(ws_path) == []
