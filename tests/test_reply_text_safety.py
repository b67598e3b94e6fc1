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
from letters.signoff.reply_text import UnreadableReply, body_text, read_answers, read_reply
from tests.test_review_replies import BILCIK, PASS, english_only_with_delegate
from tests.test_signoff import JOINT

OTHER = "may-2020-extradition"  # a letter Bilčík signs in Ukrainian


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


def _refused_as_no_answer(runner: CliRunner, ws_path: Path, reply: Path) -> None:
    """`review replies` finds no answer in ``reply`` and records nothing."""
    result = runner.invoke(main, ["review", "replies", str(reply), "-w", str(ws_path)])
    assert result.exit_code == 1
    assert result.output == (
        f"not recorded: reply <s-1@example.eu> ({reply}): no answer in it (a line"
        " 'APPROVE <version>' or 'CHANGES <version>' written by the sender, not quoted);"
        " nothing recorded: read the reply, and if the signatory answered in other words (a"
        " refusal or a withdrawn approval, say), record what they decided ('letters approve',"
        " 'letters request-changes', or 'letters revoke' for an approval they withdrew)\n"
        "Error: 1 reply not recorded (listed above)\n"
    )
    assert not ledger_path(ws_path).exists() or read_ledger(ws_path) == []


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
        # an empty line is a fixed line: the last of the paragraph of a wrapped line above it
        (
            "Name the court. \n\nOn 20/05/2020 18:02, Appeals Desk wrote:\n",
            FLOWED,
            "Name the court. \nOn 20/05/2020 18:02, Appeals Desk wrote:",
        ),
        # without format=flowed a line's trailing space is only a space
        ("I will not \nAPPROVE F702-FF3F\n", "text/plain; charset=UTF-8", None),
    ],
    ids=[
        "en",
        "ru",
        "ru-delsp",
        "delsp",
        "quoted",
        "depth",
        "signature",
        "stuffed",
        "paragraph",
        "fixed",
    ],
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
            "approve {version}.\n\nOn 20/05/2020 18:02, Appeals Desk wrote:\n> APPROVE {version}\n",
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
    _refused_as_no_answer(runner, ws_path, reply)
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
        # an unclosed struck paragraph ends where the next one starts, as a browser shows it
        ('<p style="text-decoration:line-through">APPROVE BABE-0ABC<p>later', "later"),
        ('<p style="text-decoration:line-through">APPROVE BABE-0ABC<div>later</div>', "later"),
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
        "none",
    ],
)
def test_struck_through_words_are_not_read(html: str, text: str) -> None:
    assert " ".join(body_text(parsed(message(html, HTML))).split()) == text


@pytest.mark.parametrize(
    "html",
    [
        # an <s> left open goes on into the next paragraph in a browser, a struck <span>
        # ends with its <div>: rather than guess which words are struck, none are read
        "<p><s>APPROVE BABE-0ABC<p>later",
        "<div>APPROVE BABE-0ABC</div><div><span style='text-decoration:line-through'>old</div>"
        "<div>Sorry, on reflection I cannot sign this after all.</div>",
        "<div><s>old</div><div>APPROVE BABE-0ABC</div>",
        "<p>APPROVE BABE-0ABC</p><p><s>and the rest",
    ],
    ids=["s-into-p", "span-in-div", "s-into-div", "open-at-end"],
)
def test_a_strike_left_open_makes_the_reply_unreadable(html: str) -> None:
    with pytest.raises(UnreadableReply, match="leaves the strike open"):
        body_text(parsed(message(html, HTML)))


def test_a_reply_that_cannot_be_read_is_not_recorded(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    ws_path = english_only_with_delegate(sample)
    short = Workspace(ws_path).version(JOINT, "en").short
    struck, charset = tmp_path / "struck.eml", tmp_path / "charset.eml"
    html = f"<div><s>old</div><div>APPROVE {short}</div>"
    struck.write_bytes(message(html, HTML, mid="s-1@example.eu"))
    charset.write_bytes(message(f"APPROVE {short}\n", "text/plain; charset=x-unknown", "c-1"))
    result = runner.invoke(
        main, ["review", "replies", str(struck), str(charset), "-w", str(ws_path)]
    )
    assert result.exit_code == 1
    then = (
        "; nothing recorded: read the reply, then record what the signatory decided"
        " ('letters approve' or 'letters request-changes')"
    )
    assert result.output == (
        f"not recorded: reply <s-1@example.eu> ({struck}): its HTML strikes words through and"
        f" leaves the strike open, so which words the signatory struck out cannot be known{then}\n"
        f"not recorded: reply <c-1> ({charset}): its text/plain part is in a character set that"
        f" cannot be read (x-unknown){then}\n"
        "Error: 2 replies not recorded (listed above)\n"
    )
    assert not ledger_path(ws_path).exists() or read_ledger(ws_path) == []


def test_a_signature_separator_after_a_wrapped_line_is_not_joined_to_it() -> None:
    # RFC 3676: "-- " is never part of a paragraph, so "I will not" still ends its line
    text = body_text(parsed(message("APPROVE F702-FF3F\nI will not \n-- \nV. Bilcik\n", FLOWED)))
    assert text.splitlines()[:3] == ["APPROVE F702-FF3F", "I will not ", "-- "]
    assert read_answers(text).unclear == [("F702-FF3F", "I will not")]


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


QUOTED_PLAIN = (
    "APPROVE BABE-0ABC\n\nV. Bilcik\n\nOn Thu, 21 May 2020 at 09:00, Appeals Desk"
    " <appeals@example.org> wrote:\n> Please reply APPROVE BABE-0ABC or CHANGES BABE-0ABC.\n"
)
QUOTED_HTML = (
    "<div>APPROVE BABE-0ABC</div><div><br></div><div>V. Bilcik</div><div class=gmail_quote>On"
    " Thu, 21 May 2020 at 09:00, Appeals Desk &lt;appeals@example.org&gt; wrote:<blockquote>"
    "Please reply APPROVE BABE-0ABC or CHANGES BABE-0ABC.</blockquote></div>"
)


@pytest.mark.parametrize(
    "html",
    [
        "<p>No, I do not approve this letter.</p>",
        "<p>APPROVE BABE-0ABC</p><p>Sorry, not yet: I am waiting for our lawyer.</p>",
        "<p>CHANGES BABE-0ABC</p><p>The date in paragraph 2 is wrong.</p>",
    ],
    ids=["html-refuses", "html-qualifies", "html-asks-changes"],
)
def test_a_plain_part_that_answers_otherwise_than_the_html_is_read_by_hand(html: str) -> None:
    """What a reader sees is the HTML part; letters reads the plain part beside it. A
    crafted reply whose plain part approves while its HTML refuses is not recorded."""
    with pytest.raises(UnreadableReply) as caught:
        read_reply(parsed(alternative("APPROVE BABE-0ABC\n\nV. Bilcik", html)))
    assert str(caught.value) == (
        "its HTML part, which a reader sees, does not answer as its plain part does, so what"
        " the signatory meant cannot be known"
    )


def test_a_plain_part_and_html_that_answer_alike_are_read_as_ever() -> None:
    # as a mail program writes both: the quotation a blockquote in one, '>' lines in the other
    said = read_reply(parsed(alternative(QUOTED_PLAIN, QUOTED_HTML))).said
    assert [(s.action, s.version) for s in said] == [("approve", "BABE-0ABC")]


def test_an_approval_struck_through_in_html_approves_nothing(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    ws_path = english_only_with_delegate(sample)
    short = Workspace(ws_path).version(JOINT, "en").short
    reply = tmp_path / "reply.eml"
    html = f"<p><s>ОДОБРЯЮ {short}</s></p><p>Пока нет — жду мнения юриста.</p>"
    reply.write_bytes(message(html, HTML))
    _refused_as_no_answer(runner, ws_path, reply)


CONDITION = (
    'OK, but please write "11 years" instead of "seven years" in the second paragraph before it'
    " goes out."
)


@pytest.mark.parametrize(
    ("text", "said", "unclear"),
    [
        # a refusal below the answer line, or above it (a line the sender broke by hand)
        (
            "APPROVE F702-FF3F\nSorry, NO - I cannot sign this",
            [],
            ["Sorry, NO - I cannot sign this"],
        ),
        ("I will not\nAPPROVE F702-FF3F.", [], ["I will not"]),
        ("Не\nОДОБРЯЮ F702-FF3F", [], ["Не"]),
        ("ОДОБРЯЮ F702-FF3F\nПока нет — жду мнения юриста.", [], ["Пока нет — жду мнения юриста."]),
        ("Не одобряю.\nОДОБРЯЮ F702-FF3F", [], ["Не одобряю."]),
        ("Ні, не можу підписати.\nСХВАЛЮЮ F702-FF3F", [], ["Ні, не можу підписати."]),
        (
            "APPROVE F702-FF3F\nThe group does not support it.",
            [],
            ["The group does not support it."],
        ),
        ("Я не могу подписать.\nОДОБРЯЮ F702-FF3F", [], ["Я не могу подписать."]),
        # a condition, above it or below it
        (f"{CONDITION}\nAPPROVE F702-FF3F\nBest, Vladimir", [], [CONDITION]),
        (
            "APPROVE F702-FF3F\nBut not the Russian one, please.",
            [],
            ["But not the Russian one, please."],
        ),
        ("СХВАЛЮЮ F702-FF3F\nАле приберіть «терміново».", [], ["Але приберіть «терміново»."]),
        ("ОДОБРЯЮ F702-FF3F, но уберите «срочно».", [], []),  # on its line: conditional, as before
        ("ОДОБРЯЮ F702-FF3F\nНо уберите «срочно».", [], ["Но уберите «срочно»."]),
        ("APPROVE F702-FF3F\nOnly if the date is fixed.", [], ["Only if the date is fixed."]),
        # a change asked for, a refusal in other words
        (
            "Please write “11 years” instead of “seven years”.\nAPPROVE F702-FF3F",
            [],
            ["Please write “11 years” instead of “seven years”."],
        ),
        ("ОДОБРЯЮ F702-FF3F\nУберите слово «срочно».", [], ["Уберите слово «срочно»."]),
        ("I am afraid I must decline.\nAPPROVE F702-FF3F", [], ["I am afraid I must decline."]),
        ("СХВАЛЮЮ F702-FF3F\nЗачекайте на нашу групу.", [], ["Зачекайте на нашу групу."]),
        # one refusal anywhere holds back every approval in the reply
        (
            "APPROVE 1234-ABCD\nNot this one yet:\nAPPROVE F702-FF3F",
            [],
            ["Not this one yet:", "Not this one yet:"],
        ),
        # a condition or a change asked in other words than "Only if" or "Please fix": an
        # approval with it is of a text the signatory wants otherwise
        (
            "APPROVE F702-FF3F\nOn condition that the date is corrected.",
            [],
            ["On condition that the date is corrected."],
        ),
        ("APPROVE F702-FF3F\nAs long as the date is fixed.", [], ["As long as the date is fixed."]),
        ("APPROVE F702-FF3F\nSubject to the legal check.", [], ["Subject to the legal check."]),
        ("APPROVE F702-FF3F\nPending our group's vote.", [], ["Pending our group's vote."]),
        (
            "Happy to sign once the date is corrected.\nAPPROVE F702-FF3F",
            [],
            ["Happy to sign once the date is corrected."],
        ),
        (
            "APPROVE F702-FF3F\nThe date in paragraph 2 should be 21 May.",
            [],
            ["The date in paragraph 2 should be 21 May."],
        ),
        ("APPROVE F702-FF3F\nNB the date is wrong.", [], ["NB the date is wrong."]),
        ("APPROVE F702-FF3F\nPlease amend the date.", [], ["Please amend the date."]),
        (
            "APPROVE F702-FF3F\nCould you correct the date first?",
            [],
            ["Could you correct the date first?"],
        ),
        (
            "APPROVE F702-FF3F\nI'd rather we didn't send it yet.",
            [],
            ["I'd rather we didn't send it yet."],
        ),
        ("СХВАЛЮЮ F702-FF3F\nЗа умов, що дату виправлять.", [], ["За умов, що дату виправлять."]),
        ("СХВАЛЮЮ F702-FF3F\nДата має бути 21 травня.", [], ["Дата має бути 21 травня."]),
        ("СХВАЛЮЮ F702-FF3F\nПоправте дату.", [], ["Поправте дату."]),
        (
            "ОДОБРЯЮ F702-FF3F\nС условием, что дату исправят.",
            [],
            ["С условием, что дату исправят."],
        ),
        ("ОДОБРЯЮ F702-FF3F\nДата должна быть 21 мая.", [], ["Дата должна быть 21 мая."]),
        ("ОДОБРЯЮ F702-FF3F\nПоправьте дату.", [], ["Поправьте дату."]),
        # under a change request, a condition holds back the approval below it as well
        (
            "CHANGES 1234-ABCD\nName the court.\nThe other one once the date is fixed.\n"
            "APPROVE F702-FF3F",
            [("request-changes", "Name the court. / The other one once the date is fixed.")],
            ["The other one once the date is fixed."],
        ),
        # thanks and a signature are no condition
        (
            "APPROVE F702-FF3F\nThanks once again.\nVladimír Bilčík\nCommittee on Foreign Affairs",
            [("approve", "Thanks once again. / Vladimír Bilčík / Committee on Foreign Affairs")],
            [],
        ),
        # a plain approval, with a greeting and a sign-off: recorded, all their words kept
        (
            "Dear all,\nAPPROVE F702-FF3F\nBest,\nPetras",
            [("approve", "Dear all, / Best, / Petras")],
            [],
        ),
        (
            "Thank you for the work on this.\n\nAPPROVE F702-FF3F\n\nVladimir",
            [("approve", "Thank you for the work on this. / Vladimir")],
            [],
        ),
        # a request for changes is recorded whatever it says, with the words above it too
        (
            "Thanks.\nCHANGES F702-FF3F\nDon't say “urgently”.",
            [("request-changes", "Thanks. / Don't say “urgently”.")],
            [],
        ),
        # a condition on a line of its own below the answer: a clause starting with one, or a
        # fix the text needs or a typo named anywhere
        ("APPROVE F702-FF3F\nWhen the date is fixed.", [], ["When the date is fixed."]),
        (
            "APPROVE F702-FF3F\nWhenever the date is fixed, go ahead.",
            [],
            ["Whenever the date is fixed, go ahead."],
        ),
        (
            "APPROVE F702-FF3F\nAs soon as the date is corrected.",
            [],
            ["As soon as the date is corrected."],
        ),
        (
            "APPROVE F702-FF3F\nHappy to sign as soon as the date is corrected.",
            [],
            ["Happy to sign as soon as the date is corrected."],
        ),
        ("APPROVE F702-FF3F\nUntil then, hold it.", [], ["Until then, hold it."]),
        (
            "APPROVE F702-FF3F\nTill the date is fixed, keep it here.",
            [],
            ["Till the date is fixed, keep it here."],
        ),
        ("APPROVE F702-FF3F\nThe date needs fixing.", [], ["The date needs fixing."]),
        ("APPROVE F702-FF3F\nThe date needs a correction.", [], ["The date needs a correction."]),
        ("APPROVE F702-FF3F\nSmall typo in the date.", [], ["Small typo in the date."]),
        ("СХВАЛЮЮ F702-FF3F\nЯк тільки виправите дату.", [], ["Як тільки виправите дату."]),
        (
            "СХВАЛЮЮ F702-FF3F\nПідпишу, як тільки виправите дату.",
            [],
            ["Підпишу, як тільки виправите дату."],
        ),
        ("СХВАЛЮЮ F702-FF3F\nДату треба виправити.", [], ["Дату треба виправити."]),
        ("СХВАЛЮЮ F702-FF3F\nПотрібно змінити дату.", [], ["Потрібно змінити дату."]),
        ("СХВАЛЮЮ F702-FF3F\nДата потребує уточнення.", [], ["Дата потребує уточнення."]),
        ("СХВАЛЮЮ F702-FF3F\nУ даті одруківка.", [], ["У даті одруківка."]),
        (
            "СХВАЛЮЮ F702-FF3F\nДоки дату виправляють, тримайте лист.",
            [],
            ["Доки дату виправляють, тримайте лист."],
        ),
        ("ОДОБРЯЮ F702-FF3F\nКак только исправите дату.", [], ["Как только исправите дату."]),
        (
            "ОДОБРЯЮ F702-FF3F\nПодпишу, как только исправите дату.",
            [],
            ["Подпишу, как только исправите дату."],
        ),
        ("ОДОБРЯЮ F702-FF3F\nДату нужно исправить.", [], ["Дату нужно исправить."]),
        ("ОДОБРЯЮ F702-FF3F\nНадо поправить дату.", [], ["Надо поправить дату."]),
        ("ОДОБРЯЮ F702-FF3F\nДата требует исправления.", [], ["Дата требует исправления."]),
        ("ОДОБРЯЮ F702-FF3F\nВ дате опечатка.", [], ["В дате опечатка."]),
        ("ОДОБРЯЮ F702-FF3F\nВ дате описка.", [], ["В дате описка."]),
        (
            "ОДОБРЯЮ F702-FF3F\nДо тех пор, пока дату исправляют, держите письмо.",
            [],
            ["До тех пор, пока дату исправляют, держите письмо."],
        ),
        # a clause starting with "when" may set a condition ("when the date is fixed") as well as
        # ask to hear back: only a reading tells which, and a reading costs less than a signature
        # nobody approved
        (
            "APPROVE F702-FF3F\nThanks, when you send it let me know.",
            [],
            ["Thanks, when you send it let me know."],
        ),
        # "when" inside a clause, "as soon as possible", a goodbye («Пока!») and thanks: recorded
        (
            "APPROVE F702-FF3F\nThanks, and see you when you are back in Kyiv.\nPetras",
            [("approve", "Thanks, and see you when you are back in Kyiv. / Petras")],
            [],
        ),
        (
            "APPROVE F702-FF3F\nPlease send it out as soon as possible.",
            [("approve", "Please send it out as soon as possible.")],
            [],
        ),
        (
            "ОДОБРЯЮ F702-FF3F\nСпасибо, жду новостей. Пока!\nИрина",
            [("approve", "Спасибо, жду новостей. Пока! / Ирина")],
            [],
        ),
        (
            "СХВАЛЮЮ F702-FF3F\nДякую, все добре.\nЗ повагою,\nОлена",
            [("approve", "Дякую, все добре. / З повагою, / Олена")],
            [],
        ),
    ],
)
def test_an_approval_its_own_words_refuse_or_qualify_is_not_recorded(
    text: str, said: list[tuple[str, str]], unclear: list[str]
) -> None:
    reading = read_answers(text)
    assert [(s.action, s.comment) for s in reading.said] == said
    assert [words for _version, words in reading.unclear] == unclear


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # what is written between two approvals may be about either: both keep it
        (
            "Hi,\nAPPROVE 1234-ABCD\nThe second one is for the press in Kyiv.\nAPPROVE F702-FF3F",
            [
                ("1234-ABCD", "Hi, / The second one is for the press in Kyiv."),
                ("F702-FF3F", "Hi, / The second one is for the press in Kyiv."),
            ],
        ),
        # under a CHANGES line, what should change: that request's, never read as the comment
        # of the approval below it
        (
            "Hi,\nЗМІНИ 1234-ABCD\nНазвіть суд.\nСХВАЛЮЮ F702-FF3F\nДякую.",
            [("1234-ABCD", "Hi, / Назвіть суд."), ("F702-FF3F", "Hi, / Дякую.")],
        ),
    ],
    ids=["after-an-approval", "after-a-change-request"],
)
def test_words_above_a_later_approval_are_kept_with_it(
    text: str, said: list[tuple[str, str]]
) -> None:
    assert [(s.version, s.comment) for s in read_answers(text).said] == said


def test_words_under_a_change_request_are_shown_with_the_approval_below_it() -> None:
    # not the approval's comment, but a condition there must not go unread: the approval
    # carries them, and the request line they are under, apart from its own words
    text = "CHANGES 1234-ABCD\nName the court.\nThe other one: its date too.\n"
    reading = read_answers(text + "APPROVE F702-FF3F\nPetras")
    assert [(s.action, s.comment, s.below) for s in reading.said] == [
        ("request-changes", "Name the court. / The other one: its date too.", ("", "")),
        (
            "approve",
            "Petras",
            ("CHANGES 1234-ABCD", "Name the court. / The other one: its date too."),
        ),
    ]


UNCLEAR = (
    "not recorded: reply <s-1@example.eu> ({reply}): APPROVE {version} is in a reply that also"
    " says “{words}”, which may refuse or qualify it; nothing recorded for it: read the reply,"
    " then record what the signatory decided ('letters approve' or 'letters request-changes')\n"
)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("APPROVE {version}\nSorry, NO - I cannot sign this", "Sorry, NO - I cannot sign this"),
        (
            f"{CONDITION}\n\nAPPROVE {{version}}\n\nVladimir",
            'OK, but please write "11 years" instead of "seven years" in the second paragraph'
            " before it goes out.",
        ),
        ("<p><s>ОДОБРЯЮ BABE-0ABC</s></p><p>Пока нет — жду мнения юриста.</p>", ""),
    ],
    ids=["refused-below", "condition-above", "struck"],
)
def test_an_unclear_approval_is_refused_and_says_why(
    sample: Path, runner: CliRunner, tmp_path: Path, body: str, words: str
) -> None:
    ws_path = english_only_with_delegate(sample)
    short = Workspace(ws_path).version(JOINT, "en").short
    reply = tmp_path / "reply.eml"
    if not words:  # struck through in HTML, the words below it said for it
        body = f"<p>APPROVE {short}</p><p><s>No</s> Sorry, not yet.</p>"
        words = "Sorry, not yet."
    reply.write_bytes(message(body.format(version=short), FLOWED if "<p>" not in body else HTML))
    result = runner.invoke(main, ["review", "replies", str(reply), "-w", str(ws_path)])
    assert result.exit_code == 1
    assert result.output == (
        UNCLEAR.format(reply=reply, version=short, words=words)
        + "Error: 1 answer not recorded (listed above)\n"
    )
    assert not ledger_path(ws_path).exists() or read_ledger(ws_path) == []


def test_a_plain_approval_with_a_greeting_and_a_sign_off_is_recorded(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    ws_path = english_only_with_delegate(sample)
    short = Workspace(ws_path).version(JOINT, "en").short
    reply = tmp_path / "reply.eml"
    reply.write_bytes(message(f"Dear all,\nAPPROVE {short}\nBest,\nPetras\n", FLOWED))
    result = runner.invoke(main, ["review", "replies", str(reply), "-w", str(ws_path)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"recorded entry 1: bilcik approve {JOINT} [en] version {short}, and wrote with it:"
        " “Dear all, / Best, / Petras”\n"
    )
    assert [(e.action, e.comment) for e in read_ledger(ws_path)] == [
        ("approve", "Dear all, / Best, / Petras")
    ]


def test_a_change_request_above_an_approval_is_kept_apart_from_its_comment(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """Bilčík asks for a change to one letter and approves another below it: what should
    change is the request's comment, not the approval's; the staff see it beside the
    approval all the same, said to be the request's, in case it is about both."""
    ws_path = english_only_with_delegate(sample)
    ws = Workspace(ws_path)
    joint, other = ws.version(JOINT, "en").short, ws.version(OTHER, "uk").short
    reply = tmp_path / "reply.eml"
    body = f"ЗМІНИ {joint}\nНазвіть суд.\n\nСХВАЛЮЮ {other}\n\nЗ повагою,\nВ. Більчик\n"
    reply.write_bytes(message(body, FLOWED))
    result = runner.invoke(main, ["review", "replies", str(reply), "-w", str(ws_path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        f"recorded entry 1: bilcik request-changes {JOINT} [en] version {joint}",
        f"recorded entry 2: bilcik approve {OTHER} [uk] version {other}, and wrote with it:"
        f" “З повагою, / В. Більчик”; it is below ЗМІНИ {joint}, which asks: “Назвіть суд.”",
    ]
    assert [(e.action, e.comment) for e in read_ledger(ws_path)] == [
        ("request-changes", "Назвіть суд."),
        ("approve", "З повагою, / В. Більчик"),
    ]


@pytest.mark.parametrize("words", ["Name the court. ", "Name the court in paragraph 2. " * 220])
def test_a_change_asked_in_a_paragraph_ending_with_a_space_is_recorded(
    sample: Path, runner: CliRunner, tmp_path: Path, words: str
) -> None:
    """Thunderbird sends a paragraph typed with a space at its end as a wrapped line, and
    the empty line after it ends the paragraph: what should change is not run into the
    client's "On … wrote:" below, which made it a quotation header, and the request was
    refused as not saying what should change (whatever the paragraph's length)."""
    ws_path = english_only_with_delegate(sample)
    short = Workspace(ws_path).version(JOINT, "en").short
    reply = tmp_path / "reply.eml"
    body = (
        f"CHANGES {short}\n{words}\n\nOn 20/05/2020 18:02, Appeals Desk wrote:\n> CHANGES {short}\n"
    )
    reply.write_bytes(message(body, FLOWED))
    result = runner.invoke(main, ["review", "replies", str(reply), "-w", str(ws_path)])
    assert result.exit_code == 0, result.output
    assert (
        result.output == f"recorded entry 1: bilcik request-changes {JOINT} [en] version {short}\n"
    )
    assert [(e.action, e.comment) for e in read_ledger(ws_path)] == [
        ("request-changes", words.strip())
    ]


@pytest.mark.parametrize(
    ("text", "unclear"),
    [
        ("Mr Guetta has not seen it yet.\nAPPROVE F702-FF3F", "Mr Guetta has not seen it yet."),
        ("He hasn't read the final text.\nAPPROVE F702-FF3F", "He hasn't read the final text."),
        ("APPROVE F702-FF3F\nShe has not yet looked at it.", "She has not yet looked at it."),
        ("APPROVE F702-FF3F\nThe MEP will see it tomorrow.", "The MEP will see it tomorrow."),
        ("Пан Гетта ще не бачив.\nСХВАЛЮЮ F702-FF3F", "Пан Гетта ще не бачив."),
        ("СХВАЛЮЮ F702-FF3F\nВін не читав остаточного тексту.", "Він не читав остаточного тексту."),
        ("Господин Берг его не видел.\nОДОБРЯЮ F702-FF3F", "Господин Берг его не видел."),
        ("ОДОБРЯЮ F702-FF3F\nОн ещё не прочитал.", "Он ещё не прочитал."),
        *(
            (f"{words}\n{verb} F702-FF3F", words)
            for words, verb in [
                ("Mr Guetta hasn't had a chance to read it yet.", "APPROVE"),
                ("Mr Guetta has not yet had time to look at it.", "APPROVE"),
                ("He is yet to see it.", "APPROVE"),
                ("He will have a look tomorrow.", "APPROVE"),
                ("Пан Гетта ще не переглядав текст.", "СХВАЛЮЮ"),
                ("Пан Гетта ще не ознайомився з текстом.", "СХВАЛЮЮ"),
                ("Господин Берг ещё не посмотрел.", "ОДОБРЯЮ"),
                ("Господин Берг не ознакомился с текстом.", "ОДОБРЯЮ"),
                ("Господин Берг его не прочёл.", "ОДОБРЯЮ"),
                ("Без прочтения господином Бергом.", "ОДОБРЯЮ"),
            ]
        ),
    ],
)
def test_an_approval_said_to_be_unseen_by_the_signatory_is_not_recorded(
    text: str, unclear: str
) -> None:
    """An assistant's reply approving for an MEP who has not seen the letter yet: recorded
    as the MEP's approval, their name going under a text they never read."""
    reading = read_answers(text)
    assert (reading.said, [words for _v, words in reading.unclear]) == ([], [unclear])


@pytest.mark.parametrize(
    "text",
    [
        "I have read it.\nAPPROVE F702-FF3F",
        "Seen and agreed by Mr Guetta.\nAPPROVE F702-FF3F",
        "Я прочитав.\nСХВАЛЮЮ F702-FF3F",
        "Прочитал, всё верно.\nОДОБРЯЮ F702-FF3F",
        # a look to come at the final letter, not at this text
        "APPROVE F702-FF3F\nThanks, looks good. I will look out for the final.",
    ],
)
def test_an_approval_said_to_be_read_is_recorded(text: str) -> None:
    assert [s.action for s in read_answers(text).said] == ["approve"]


@pytest.mark.parametrize(
    ("between", "unclear"),
    [
        ("<div>No - not until the date is fixed.</div>", ["No - not until the date is fixed."]),
        ("<div><br></div><div>APPROVE BABE-0ABC</div><div><br></div>", []),
    ],
    ids=["refusal-between-quotes", "own-approve-repeated"],
)
def test_words_typed_between_an_html_reply_s_blockquotes_hold_its_approval(
    between: str, unclear: list[str]
) -> None:
    """Gmail keeps words typed into a quotation between two blockquotes of its quoting div:
    in an HTML-only reply they are the sender's words, and may refuse the approval above."""
    html = QUOTED_HTML.replace(
        "</blockquote></div>",
        f"</blockquote>{between}<blockquote>Thank you.</blockquote></div>",
    )
    reading = read_reply(parsed(message(html, HTML)))
    assert [words for _version, words in reading.unclear] == unclear
    assert [s.version for s in reading.said] == ([] if unclear else ["BABE-0ABC"])
    assert [line for line, _words in reading.typed_under] == [
        "Please reply APPROVE BABE-0ABC or CHANGES BABE-0ABC." for _ in unclear
    ]


def test_words_typed_into_both_parts_of_a_gmail_reply_hold_its_approval_as_one() -> None:
    """Gmail writes words typed into the quotation in both parts: between '>' lines in the
    plain one, between blockquotes in the HTML. Both readings hold the approval, and the
    reply is told as held, not as parts that answer differently (the HTML part was read
    without its typed words, so it seemed to approve)."""
    refusal = "No - not until the date is fixed."
    plain = QUOTED_PLAIN + f"\n{refusal}\n\n> Thank you.\n"
    html = QUOTED_HTML.replace(
        "</blockquote></div>",
        f"</blockquote><div>{refusal}</div><blockquote>Thank you.</blockquote></div>",
    )
    reading = read_reply(parsed(alternative(plain, html)))
    assert [words for _version, words in reading.unclear] == [refusal]
    assert reading.said == []
