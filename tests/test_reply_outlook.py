"""Outlook's plain-text quotation of the review request under its header block ("From: …
Sent: … To: … Subject: …", in every language it writes it): a header line it wrapped is
the header's own, never words the signatory typed; words typed under the block, between
its lines or into a quotation it prefixed with '> ' or '| ' still hold the approval; and
words typed under Thunderbird's or Apple Mail's "On … wrote:" are named for where they
stand."""

from __future__ import annotations

import email
import textwrap
import unicodedata
from email.policy import default
from pathlib import Path
from typing import NamedTuple

import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.render.tag_check import shortened
from letters.signoff.reply_grammar import verb_words
from letters.signoff.reply_request import Request
from tests.conftest import Prepared
from tests.test_reply_quotes import GUETTA, _held, _under, reply, requested
from tests.test_review_replies import ASSISTANT
from tests.test_signoff import JOINT

# Outlook's labels of its header block, in the languages a signatory's Outlook writes
LABELS = {
    "en": ("From", "Sent", "To", "Cc", "Subject"),
    "uk": ("Від", "Надіслано", "Кому", "Копія", "Тема"),
    "ru": ("От", "Отправлено", "Кому", "Копия", "Тема"),
}
SENT = {
    "en": "Wednesday, December 2, 2026 12:00 PM",
    "uk": "2 грудня 2026 р. 12:00",
    "ru": "2 декабря 2026 г. 12:00",
}
# the request's own recipients, as Outlook lists them: Guetta, his delegate, our desk (a
# delegate by the address alone: its name in an address book is none the request wrote),
# Guetta as the request's "To:" line names him in its language (GUETTA_NAMED)
TO = f"Appeals Desk <appeals@example.org>; {{family}} {{given}} <{GUETTA}>; {ASSISTANT}"
CC = f"{{family}} {{given}} <{GUETTA}>; {ASSISTANT.upper()} <{ASSISTANT.upper()}>"
NO = "No, not yet."


def request_subject(ws_path: Path) -> str:
    """The subject of the review request `review request` wrote to Guetta."""
    raw = (ws_path / "out" / "review" / "requests" / "guetta.eml").read_bytes()
    return str(email.message_from_bytes(raw, policy=default)["Subject"])


def wrap(line: str, width: int = 72) -> list[str]:
    """``line`` as Outlook's plain text wraps it: at a space, at ``width`` characters."""
    return textwrap.wrap(line, width, break_on_hyphens=False, break_long_words=False)


def outlook_header(lang: str, subject: str, cc: bool = True) -> list[str]:
    """Outlook's header block over the request it quotes, its long lines wrapped."""
    sender, sent, to, copy, about = LABELS[lang]
    lines = [
        f"{sender}: Appeals Desk <appeals@example.org>",
        f"{sent}: {SENT[lang]}",
        f"{to}: {TO.format(family=GUETTA_NAMED[lang][0], given=GUETTA_NAMED[lang][1])}",
        *(
            [f"{copy}: {CC.format(family=GUETTA_NAMED[lang][0], given=GUETTA_NAMED[lang][1])}"]
            if cc
            else []
        ),
        f"{about}: {subject}",
    ]
    return [piece for line in lines for piece in wrap(line)]


class Asked(NamedTuple):
    """A test's private copy of the sample as Guetta's request left it (the joint letter in
    English only, his delegate listed, he reads ``lang`` first), what he approves with, and
    his request."""

    workspace: Path
    version: str
    approve: str
    subject: str
    request: list[str]


def asked(prepared: Prepared, tmp_path: Path, lang: str) -> Asked:
    """A private copy, at ``tmp_path / "ws"``, of the sample as Guetta's request in ``lang``
    left it (:func:`tests.test_reply_quotes.requested`, made once per test process), with
    his answer line approving the joint letter's English version and the request's subject
    and lines."""
    ws_path, version, request = requested(prepared, tmp_path, lang)
    approve = f"{verb_words()[lang][0]} {version}"
    lines = request.rstrip("\n").split("\n")
    return Asked(ws_path, version, approve, request_subject(ws_path), lines)


RECORDED = "recorded entry 1: guetta approve {letter} [en] version {version}\n"


@pytest.mark.parametrize("cc", [True, False], ids=["with-cc", "without-cc"])
@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
def test_an_approval_under_outlook_s_wrapped_header_lines_is_recorded(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, lang: str, cc: bool
) -> None:
    """Outlook wraps its long "To:" line (inside a name, not after its ';') and its
    "Subject:" line (the request's subject, naming every version asked about) onto a second
    line in the quotation: the rest of each is the header's, not words Guetta typed, so his
    approval on top is recorded. It was held for a reading by hand."""
    ws_path, version, approve, subject, request = asked(prepared, tmp_path, lang)
    header = outlook_header(lang, subject, cc)
    assert len(header) == (8 if cc else 6), header  # To, Cc and Subject wrapped
    assert not header[2].endswith(";")  # To cut between a name and its address
    body = "\n".join([approve, "", "_" * 32, *header, "", *request, ""])
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(body))
    result = runner.invoke(main, ["review", "replies", str(path), "-w", str(ws_path)])
    assert (result.exit_code, result.output) == (
        0,
        RECORDED.format(letter=JOINT, version=version),
    )


WAIT = "Wait until my office has checked the date"
ASK = "Ask Dana Ivanova <dana.ivanova@example.org>"
HOLD = "Please Hold"  # capitalised words, as a name is


def typed_into_header(lang: str, subject: str, case: str) -> tuple[list[str], str, str]:
    """Outlook's header block with words typed into it, as ``case`` says; the words, and
    the header's line above them."""
    sender, sent, to, _copy, about = LABELS[lang]
    top = [f"{sender}: Appeals Desk <appeals@example.org>", f"{sent}: {SENT[lang]}"]
    if case == "under-the-wrapped-subject":
        return [*outlook_header(lang, subject), NO], NO, f"{about}: {subject}"
    after = case in ("after-a-semicolon", "capitalised-after-a-semicolon")
    recipients = f"{to}: Guetta Bernard <{GUETTA}>" + (";" if after else "")
    typed = {"after-a-semicolon": WAIT, "capitalised-after-a-semicolon": HOLD}.get(case, ASK)
    return [*top, recipients, typed, *wrap(f"{about}: {subject}")], typed, recipients


@pytest.mark.parametrize(
    "case",
    [
        "under-the-wrapped-subject",
        "after-a-semicolon",
        "capitalised-after-a-semicolon",
        "a-mailbox-after-a-whole-one",
    ],
)
@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
def test_words_typed_into_outlook_s_header_block_hold_the_approval(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, lang: str, case: str
) -> None:
    """Words Guetta typed right under Outlook's wrapped "Subject:" line, or between its
    header lines (under a "To:" line ending with ';', or a mailbox of his own under a whole
    one) go on no header's value: they hold his approval, named with the header's line
    above them, whole. Under a wrapped subject the rest of the subject was named as his
    words; under a ';' his words were taken for a recipient, and his approval recorded."""
    ws_path, _version, approve, subject, request = asked(prepared, tmp_path, lang)
    header, typed, above = typed_into_header(lang, subject, case)
    body = "\n".join([approve, "", "_" * 32, *header, "", *request, ""])
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(body))
    result = runner.invoke(main, ["review", "replies", str(path), "-w", str(ws_path)])
    _held(result, ws_path, path, approve, typed, _under(shortened(above), "not marked as quoted"))


# the line Thunderbird and Apple Mail write above the message they quote with '>', as each
# writes it in plain text, in the languages of the signatories
ATTRIBUTIONS = {
    "thunderbird-en": ("en", "On 02/12/2026 12:00, Appeals Desk wrote:"),
    "thunderbird-uk": ("uk", "02.12.2026 12:00, Appeals Desk пише:"),
    "thunderbird-ru": ("ru", "02.12.2026 12:00, Appeals Desk пишет:"),
    "apple-en": ("en", "On 2 Dec 2026, at 12:00, Appeals Desk <appeals@example.org> wrote:"),
    "apple-uk": ("uk", "2 груд. 2026 р. о 12:00 Appeals Desk <appeals@example.org> написав(ла):"),
    "apple-ru": ("ru", "2 дек. 2026 г., в 12:00, Appeals Desk <appeals@example.org> написал(а):"),
    # wrapped as each wraps a long one: named whole, never by its last piece ("wrote:")
    "thunderbird-wrapped": (
        "en",
        "On 02/12/2026 12:00, Appeals Desk via Human Rights Foundation\nAppeals wrote:",
    ),
    "apple-wrapped": ("en", "On 2 Dec 2026, at 12:00, Appeals Desk <appeals@example.org>\nwrote:"),
}


@pytest.mark.parametrize("blank", [False, True], ids=["close", "apart"])
@pytest.mark.parametrize("style", list(ATTRIBUTIONS))
def test_words_typed_under_a_plain_text_attribution_are_named_marked(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, style: str, blank: bool
) -> None:
    """Guetta approves on top and types a refusal between his mail program's "On … wrote:"
    and the request it quotes with '>' (Thunderbird's plain text, Apple Mail's "On …, at
    …, … wrote:"), right under it or a blank line apart: held, and named as standing under
    that line, in a quotation marked '>'. Where the line was wrapped, it is named whole:
    it was named by its last piece ("wrote:")."""
    lang, attribution = ATTRIBUTIONS[style]
    ws_path, _version, approve, _subject, request = asked(prepared, tmp_path, lang)
    gap = [""] if blank else []
    quoted = [f"> {x}".rstrip() for x in request]
    body = "\n".join([approve, "", attribution, *gap, NO, *gap, *quoted, ""])
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(body))
    result = runner.invoke(main, ["review", "replies", str(path), "-w", str(ws_path)])
    whole = shortened(attribution.replace("\n", " "))
    _held(result, ws_path, path, approve, NO, _under(whole, "marked '>'"))


def prefixed(lang: str, subject: str, request: list[str], where: str) -> tuple[list[str], str]:
    """The request as Outlook quotes it under its header with "Prefix each line of the
    original message" set to '|' (and its header too, for ``where`` "header-in"), and "No,
    not yet." typed ``where``: under its answer line ("in", "header-in"), above its first
    line ("top"), below its last ("below"), or nowhere ("", "header"); and where that is,
    as the report names it."""
    sep = ["-----Original Message-----", *outlook_header(lang, subject, cc=False)]
    top = [*(f"| {x}" for x in sep), "|"] if where.startswith("header") else [*sep, ""]
    quoted = [f"| {x}".rstrip() for x in request]
    approve = next(x for x in request if x.startswith(verb_words()[lang][0]))
    at = request.index(approve) + 1
    if where in ("in", "header-in"):
        lines, above = [*top, *quoted[:at], NO, *quoted[at:]], f"under the line “{approve}”"
    elif where == "top":
        label = LABELS[lang][4]
        lines, above = (
            [*top, NO, "", *quoted],
            f"under the line “{shortened(f'{label}: {subject}')}”",
        )
    elif where == "below":
        lines = [*top, *quoted, "", NO]
        above = f"below the message it quotes (its last line “{shortened(request[-1])}”)"
    else:
        lines, above = [*top, *quoted], ""
    return lines, above + " of the message it quotes (marked '|')" * (where != "below")


@pytest.mark.parametrize("where", ["", "header", "in", "header-in", "top", "below"])
@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
def test_a_request_outlook_prefixed_with_a_bar_is_read_as_quoted(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, lang: str, where: str
) -> None:
    """Outlook's "Prefix each line of the original message" with '|' (its mark may be set
    to any): the lines it prefixed are quoted, so an approval on top is recorded, and words
    typed between them, above them under the header, or below them hold it, named as marked
    '|'. The quotation under the header was taken for another message, not the request, and
    those words left unread: the approval was recorded (with the header prefixed too, the
    request's lines were taken for the signatory's words and held)."""
    ws_path, version, approve, subject, request = asked(prepared, tmp_path, lang)
    quoted, where_typed = prefixed(lang, subject, request, where)
    path = tmp_path / "reply.eml"
    path.write_bytes(reply("\n".join([approve, "", *quoted, ""])))
    result = runner.invoke(main, ["review", "replies", str(path), "-w", str(ws_path)])
    if where in ("", "header"):
        assert (result.exit_code, result.output) == (
            0,
            RECORDED.format(letter=JOINT, version=version),
        )
        return
    _held(result, ws_path, path, approve, NO, where_typed)


OWN_BAR = "| Not until legal has checked."


@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
def test_a_signatory_s_own_bar_line_above_outlook_s_header_holds_the_approval(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, lang: str
) -> None:
    """Guetta approves, then types a line of his own starting with '|' right above
    Outlook's header block (not prefixed) over the request: his line is no separator of a
    prefixed quotation, so it holds the approval. It was marked quoted with the header below
    it, and the approval recorded."""
    ws_path, _version, approve, subject, request = asked(prepared, tmp_path, lang)
    header = outlook_header(lang, subject, cc=False)
    body = "\n".join([approve, "", OWN_BAR, *header, "", *request, ""])
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(body))
    result = runner.invoke(main, ["review", "replies", str(path), "-w", str(ws_path)])
    _held(result, ws_path, path, approve, OWN_BAR, "")


# a line typed under Outlook's list of mailboxes that looks like one: (language, the label
# of the line above, the line above's value, the words typed), with or without Outlook's
# separator above the header
LOOK_LIKE_NAMES = {
    "call-me": ("en", 2, f"Guetta Bernard <{GUETTA}>;", "Call Me First; Bernard"),
    "please-hold": ("en", 2, f"Guetta Bernard <{GUETTA}>;", "Please Hold; Thanks"),
    "hang-on": ("en", 2, f"Guetta Bernard <{GUETTA}>;", "Hang On; Speak Soon"),
    "confirm-cc": ("en", 3, "Appeals Desk <appeals@example.org>;", "Let Me Confirm; Thanks"),
    "ru": ("ru", 2, f"Guetta Bernard <{GUETTA}>;", "Дождитесь Юриста; Спасибо"),
    "uk": ("uk", 2, f"Guetta Bernard <{GUETTA}>;", "Зателефонуйте Мені; Дякую"),
    "uk-cc": ("uk", 3, "Appeals Desk <appeals@example.org>;", "Дочекайтеся Юриста; Дякую"),
    "an-address": ("en", 2, f"Guetta Bernard <{GUETTA}>;", "Ask Legal <legal@example.org>"),
    # a recipient's name split, with a word more, or the name of one not sent the request
    "split-name": ("en", 2, f"Guetta Bernard <{GUETTA}>;", "Bernard; Guetta"),
    "name-and-a-word": ("en", 2, f"Guetta Bernard <{GUETTA}>;", "GUETTA Bernard Legal"),
    "not-sent-to": ("en", 2, f"Guetta Bernard <{GUETTA}>;", "IVANOVA Dana; GUETTA Bernard"),
    "cut-name-and-a-word": ("en", 2, "Appeals Desk <appeals@example.org>; GUETTA", "Bernard Legal"),
    "after-a-cut-name": (
        "en",
        2,
        "Appeals Desk <appeals@example.org>; Guetta",
        f"Bernard <{GUETTA}>; Call Me",
    ),
    "ru-after-a-cut-name": (
        "ru",
        3,
        f"Guetta Bernard <{GUETTA}>; Appeals",
        "Desk <appeals@example.org>; Позвоните Мне",
    ),
    # words of the signatory's before an address the request was sent to: no name it wrote
    "words-and-his-address": (
        "en",
        2,
        "Appeals Desk <appeals@example.org>;",
        f"Legal must check first <{GUETTA}>",
    ),
    "words-and-a-delegate-s-address": (
        "en",
        2,
        "Appeals Desk <appeals@example.org>;",
        f"My office checks the dates first <{ASSISTANT}>",
    ),
    "uk-words-and-his-address": (
        "uk",
        2,
        "Appeals Desk <appeals@example.org>;",
        f"Спершу перевірить юрист <{GUETTA}>",
    ),
    "ru-words-and-a-delegate-s-address": (
        "ru",
        3,
        "Appeals Desk <appeals@example.org>;",
        f"Мой офис сначала проверит даты <{ASSISTANT}>",
    ),
    "quoted-words-and-his-address": (
        "en",
        2,
        f"Guetta Bernard <{GUETTA}>;",
        f'"Please Hold" <{GUETTA}>',
    ),
    "commas-and-his-address": (
        "en",
        2,
        f"Guetta Bernard <{GUETTA}>;",
        f"Hold, Bernard, Guetta <{GUETTA}>",
    ),
}


@pytest.mark.parametrize("separator", [True, False], ids=["separated", "no-separator"])
@pytest.mark.parametrize("case", list(LOOK_LIKE_NAMES))
def test_capitalised_words_typed_under_outlook_s_recipients_hold_the_approval(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, case: str, separator: bool
) -> None:
    """Guetta types a short sentence of capitalised words (or a mailbox the request never
    had) under Outlook's "To:" or "Cc:" line: a line goes on that list only where every
    mailbox on it is one the request was sent from or to, so his words hold the approval,
    named under that line. They were taken for recipients, and the approval recorded."""
    lang, label, listed, typed = LOOK_LIKE_NAMES[case]
    ws_path, _version, approve, subject, request = asked(prepared, tmp_path, lang)
    sender, sent, to, _copy, about = LABELS[lang]
    above = f"{LABELS[lang][label]}: {listed}"
    header = [f"{sender}: Appeals Desk <appeals@example.org>", f"{sent}: {SENT[lang]}"]
    header += [f"{to}: Guetta Bernard <{GUETTA}>"] if label == 3 else []
    header += [above, typed, *wrap(f"{about}: {subject}")]
    top = ["_" * 32] if separator else []
    body = "\n".join([approve, "", *top, *header, "", *request, ""])
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(body))
    result = runner.invoke(main, ["review", "replies", str(path), "-w", str(ws_path)])
    _held(result, ws_path, path, approve, typed, _under(shortened(above), "not marked as quoted"))


@pytest.mark.parametrize("where", ["in", "below"])
@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
def test_a_bar_line_typed_into_an_unprefixed_outlook_quotation_is_named_as_typed(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, lang: str, where: str
) -> None:
    """Outlook quotes the request without a prefix, and Guetta types a line starting with
    '|' between its lines or below it: held, and named as his words in a quotation not
    marked, with the '|' he typed. It was said to be marked '|', or taken for a quoted line
    and the reply said to hold both APPROVE and CHANGES."""
    ws_path, _version, approve, subject, request = asked(prepared, tmp_path, lang)
    header = ["_" * 32, *outlook_header(lang, subject, cc=False), ""]
    typed = f"| {NO}"
    if where == "in":
        at = request.index(approve) + 1
        quoted = [*request[:at], typed, *request[at:]]
        named = f"under the line “{approve}” of the message it quotes (not marked as quoted)"
    else:
        quoted = [*request, "", typed]
        named = (
            f"after the line “{shortened(request[-1])}”, the last of our request in the message"
            " it quotes (not marked as quoted, so perhaps still that message: its footer, say)"
        )
    path = tmp_path / "reply.eml"
    path.write_bytes(reply("\n".join([approve, "", *header, *quoted, ""])))
    result = runner.invoke(main, ["review", "replies", str(path), "-w", str(ws_path)])
    _held(result, ws_path, path, approve, typed, named)


def quoted_answer_marked(version: str, mark: str) -> str:
    """What the report says of a reply whose only answer line is marked as quoted with
    ``mark`` ('>', or '|' under Outlook's header it prefixed)."""
    return (
        f"its line “APPROVE {version}” is marked as quoted ('{mark}'), as a mail program marks"
        " the message a reply quotes (another's answer, or the request's own line), so whether"
        " the signatory wrote it cannot be known, and it is not read as their answer; nothing"
        " recorded: read the reply, and if the signatory did answer, ask them to write the"
        f" line again on its own, not marked with '{mark}', or confirm their answer with them"
        " and record what they decided ('letters approve', 'letters request-changes', or"
        " 'letters revoke' for an approval they withdrew)"
    )


@pytest.mark.parametrize("header", [True, False], ids=["header-prefixed", "header-not"])
@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
def test_an_answer_quoted_with_outlook_s_bar_is_named_as_quoted(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, lang: str, header: bool
) -> None:
    """Guetta writes no answer of his own; Outlook prefixed the message he answers with '|'
    under its header (that header prefixed too, or not), and an APPROVE line above the
    request it quotes stands in it: the report names that line as quoted with '|', and
    what to do, as it does for one quoted with '>'. It said the reply had no answer line."""
    ws_path, version, _approve, subject, request = asked(prepared, tmp_path, lang)
    sep = ["-----Original Message-----", *outlook_header(lang, subject, cc=False)]
    top = [*(f"| {x}" for x in sep), "|"] if header else [*sep, ""]
    quoted = [f"| {x}".rstrip() for x in [f"APPROVE {version}", "", *request]]
    body = "\n".join(["Fine by me.", "", *top, *quoted, ""])
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(body))
    result = runner.invoke(main, ["review", "replies", str(path), "-w", str(ws_path)])
    assert (result.exit_code, result.output) == (
        1,
        f"not recorded: reply <q-1@example.eu> ({path}): {quoted_answer_marked(version, '|')}\n"
        "Error: 1 reply not recorded (listed above)\n",
    )


# a request sent to these mailboxes (display name, address), and from Appeals Desk
SENT_TO = Request.of(
    {},
    sender="Appeals Desk <appeals@example.org>",
    recipients=[
        ("Bernard Guetta", GUETTA),
        ("Marie de Villiers", "marie.devilliers@example.org"),
        ("Petras Auštrevičius", "petras.austrevicius@example.org"),
        ("", ASSISTANT),
    ],
)
# names Outlook on Exchange lists from its address book, of a mailbox the request was sent
# from or to: the very words of the name it wrote, in another order and case
ADDRESS_BOOK_NAMES = [
    "GUETTA Bernard",
    "guetta   BERNARD",
    "Bernard Guetta",
    "de VILLIERS Marie",
    "VILLIERS Marie de",
    "AUŠTREVIČIUS Petras",
    unicodedata.normalize("NFD", "Auštrevičius Petras"),  # its marks as characters apart
    "DESK Appeals",
]
# words that are no name the request wrote: typed by the signatory
NOT_SENT_TO = [
    "Please Hold",
    "Thanks",
    "Дождитесь Юриста",
    "Bernard",
    "Guetta",
    "GUETTA Bernard Legal",  # a recipient's name with a word typed after it
    "Legal GUETTA Bernard",
    "GUETTA Guetta Bernard",  # a word of it twice
    "VILLIERS Marie",  # a word of it left out
    "AUSTREVICIUS Petras",  # its diacritics left out
    "GUETTA, Bernard",
    "IVANOVA Dana",  # a name the request was not sent to
    "Bernard-Guetta",
    "",
]


@pytest.mark.parametrize("name", ADDRESS_BOOK_NAMES)
def test_a_name_of_a_recipient_s_words_in_any_order_and_case_is_the_recipient(name: str) -> None:
    """A name alone is a mailbox the request was sent from or to where it has the very
    words of the display name the request wrote, in any order and case: it was only where
    it was that name as written."""
    assert SENT_TO.recipient(name)


@pytest.mark.parametrize("name", NOT_SENT_TO)
def test_words_that_are_no_recipient_s_name_are_no_recipient(name: str) -> None:
    """Words with one of a recipient's name more or less, another, the diacritics dropped,
    or no name at all, are no mailbox the request was sent to."""
    assert not SENT_TO.recipient(name)


# Outlook on Exchange's list of mailboxes as its address book names them, wrapped: (the
# label of the line, its value, the line it wrapped onto), a name cut there or not; Guetta
# as his request's "To:" line names him in the language it is written in ("Бернар Гетта")
ADDRESS_BOOK = {
    "to-whole": (2, f"Assistant to Bernard Guetta <{ASSISTANT}>;", "{family} {given}"),
    "to-cut": (
        2,
        f"Assistant to Bernard Guetta <{ASSISTANT}>; {{family}}",
        "{given}; DESK Appeals",
    ),
    "no-addresses": (2, "DESK Appeals; {family}", "{given}"),
    "cc-cut": (3, "{family} {given}; DESK", "Appeals"),
    # Outlook on Exchange with the addresses: the name in either order, in quotes, in the
    # address book's "Surname, Given" form, cut there; the address as its own name
    "with-address": (2, "Appeals Desk <appeals@example.org>;", f"{{family}} {{given}} <{GUETTA}>"),
    "given-first": (2, "Appeals Desk <appeals@example.org>;", f"{{given}} {{family}} <{GUETTA}>"),
    "quoted": (2, "Appeals Desk <appeals@example.org>;", f'"{{family}} {{given}}" <{GUETTA}>'),
    "single-quoted": (
        2,
        "Appeals Desk <appeals@example.org>;",
        f"'{{given}} {{family}}' <{GUETTA}>",
    ),
    "comma": (
        2,
        '"DESK, Appeals" <appeals@example.org>;',
        f'"{{family}}, {{given}}" <{GUETTA}>; {ASSISTANT} <{ASSISTANT}>',
    ),
    "comma-cut": (2, "DESK, Appeals <appeals@example.org>; {family},", f"{{given}} <{GUETTA}>"),
    "address-named": (3, "Appeals Desk <appeals@example.org>;", f"'{ASSISTANT}' <{ASSISTANT}>"),
}
GUETTA_NAMED = {"en": ("GUETTA", "Bernard"), "uk": ("ГЕТТА", "Бернар"), "ru": ("ГЕТТА", "Бернар")}


@pytest.mark.parametrize("case", list(ADDRESS_BOOK))
@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
def test_an_approval_under_outlook_s_address_book_names_is_recorded(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, lang: str, case: str
) -> None:
    """Outlook on Exchange lists the request's mailboxes by its address book's names
    ("GUETTA Bernard", "DESK Appeals", without their addresses too) and wraps the list:
    the line it wrapped onto is the header's, so Guetta's approval on top is recorded. It
    was held, taken for words he typed."""
    family, given = GUETTA_NAMED[lang]
    label, listed, wrapped = (
        x.format(family=family, given=given) if isinstance(x, str) else x
        for x in ADDRESS_BOOK[case]
    )
    ws_path, version, approve, subject, request = asked(prepared, tmp_path, lang)
    sender, sent, to, _copy, about = LABELS[lang]
    header = [f"{sender}: Appeals Desk <appeals@example.org>", f"{sent}: {SENT[lang]}"]
    header += [f"{to}: {family} {given}"] if label == 3 else []
    header += [f"{LABELS[lang][label]}: {listed}", wrapped, *wrap(f"{about}: {subject}")]
    body = "\n".join([approve, "", "_" * 32, *header, "", *request, ""])
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(body))
    result = runner.invoke(main, ["review", "replies", str(path), "-w", str(ws_path)])
    assert (result.exit_code, result.output) == (
        0,
        RECORDED.format(letter=JOINT, version=version),
    )


# the tags a mail system puts before the subject of a message from outside, which
# Outlook's header then shows before the request's own subject
TAGGED = ["[EXTERNAL] ", "[EXT] ", "[External Sender] ", "[EXTERNAL] [EXT] ", "[external email]"]
# a subject that is not the request's own with a tag before it: another message's
OTHER_SUBJECT = ["EXTERNAL: ", "[EXTERNAL] Re: ", "Re: ", "[Please Hold] ", "[EXT: wait] "]


def tagged_header(lang: str, subject: str) -> list[str]:
    """Outlook's header block over the request, its "Subject:" line as ``subject`` says."""
    sender, sent, to, _copy, about = LABELS[lang]
    lines = [
        f"{sender}: Appeals Desk <appeals@example.org>",
        f"{sent}: {SENT[lang]}",
        f"{to}: Guetta Bernard <{GUETTA}>",
    ]
    return [*lines, *wrap(f"{about}: {subject}", 60)]


@pytest.mark.parametrize("tag", TAGGED)
@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
def test_an_approval_under_a_subject_a_mail_system_tagged_is_recorded(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, lang: str, tag: str
) -> None:
    """Guetta's mail system tagged the request's subject as from outside ("[EXTERNAL] …"),
    and Outlook wrapped that subject in its header: the rest is the header's, so his
    approval on top is recorded. It was held, the rest taken for words he typed."""
    ws_path, version, approve, subject, request = asked(prepared, tmp_path, lang)
    header = tagged_header(lang, tag + subject)
    assert len(header) == 5, header  # the subject wrapped
    body = "\n".join([approve, "", "_" * 32, *header, "", *request, ""])
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(body))
    result = runner.invoke(main, ["review", "replies", str(path), "-w", str(ws_path)])
    assert (result.exit_code, result.output) == (
        0,
        RECORDED.format(letter=JOINT, version=version),
    )


@pytest.mark.parametrize("other", OTHER_SUBJECT)
@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
def test_a_subject_not_the_request_s_with_a_mail_system_s_tag_holds_the_approval(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, lang: str, other: str
) -> None:
    """A subject with words before the request's own that are no mail system's tag in
    brackets ("EXTERNAL: …", "Re: …", "[EXTERNAL] Re: …", "[Please Hold] …") is another
    message's: the line under it, wrapped or typed, holds the approval, named under it."""
    ws_path, _version, approve, subject, request = asked(prepared, tmp_path, lang)
    header = tagged_header(lang, other + subject)
    assert len(header) == 5, header  # the subject wrapped
    body = "\n".join([approve, "", "_" * 32, *header, "", *request, ""])
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(body))
    result = runner.invoke(main, ["review", "replies", str(path), "-w", str(ws_path)])
    above = _under(shortened(header[3]), "not marked as quoted")
    _held(result, ws_path, path, approve, header[4].strip(), above)
