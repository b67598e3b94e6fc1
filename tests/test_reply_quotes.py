"""A quoted review request never answers: mail programs in every language quote the request
under a line of their own ("Am … schrieb …:", «ср, 2 дек. 2026 г. в 12:00, …:»), or under
none, or indented instead of marked with '>'; the request's own sentences are known wherever
they stand, and an answer line indented as a quotation is, or hidden in an HTML reply, is
never taken as the signatory's."""

from __future__ import annotations

import email
import textwrap
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import default
from functools import partial
from html import escape
from pathlib import Path
from typing import NamedTuple, cast

import pytest
from click.testing import CliRunner, Result

from letters import Workspace
from letters.cli import main
from letters.render.tag_check import shortened
from letters.signoff.ledger import ledger_path, read_ledger
from letters.signoff.reply_grammar import answer_line, verb_words
from letters.signoff.reply_text import Request, read_answers
from letters.signoff.request import request_texts
from letters.signoff.what_changed import change_words
from tests.conftest import Prepared
from tests.test_review_replies import (
    PASS,
    below_the_quotation,
    change_the_letter,
    english_only_with_delegate,
    quoted_answer,
)
from tests.test_signoff import JOINT

GUETTA = "bernard.guetta@europarl.europa.eu"
THEN = (
    "; nothing recorded: read the reply, then record what the signatory decided"
    " ('letters approve' or 'letters request-changes')"
)
NO_ANSWER = (
    "no answer in it (a line 'APPROVE <version>' or 'CHANGES <version>' written by the"
    " sender, not quoted); nothing recorded: read the reply, and if the signatory answered in"
    " other words (a refusal or a withdrawn approval, say), record what they decided"
    " ('letters approve', 'letters request-changes', or 'letters revoke' for an approval"
    " they withdrew)"
)
HELD = THEN.replace("recorded:", "recorded for it:")


def review_replies(runner: CliRunner, ws_path: Path, *paths: Path) -> Result:
    """``letters review replies`` of the replies at ``paths`` in the workspace ``ws_path``."""
    return runner.invoke(main, ["review", "replies", *map(str, paths), "-w", str(ws_path)])


def _under(line: str, how: str) -> str:
    """Where words typed under the quoted ``line`` stand, as the report says it, in a
    quotation marked as ``how`` says ("marked '>'", "not marked as quoted")."""
    return f"under the line “{line}” of the message it quotes ({how})"


def _held(result: Result, ws_path: Path, path: Path, answer: str, words: str, where: str) -> None:
    """``result`` of reading the reply at ``path`` held its ``answer`` ("APPROVE …") for the
    ``words`` it also says ``where`` (:func:`_under` a quoted line, below the quotation …;
    "" where the report names no place), said in exactly these words, and nothing was
    recorded."""
    place = f" {where}" if where else ""
    assert (result.exit_code, result.output) == (
        1,
        f"not recorded: reply <q-1@example.eu> ({path}): {answer} is in a reply that also"
        f" says “{words}”{place}, which may refuse or qualify it{HELD}\n"
        "Error: 1 answer not recorded (listed above)\n",
    )
    assert not ledger_path(ws_path).exists() or read_ledger(ws_path) == []


def the_request(runner: CliRunner, ws_path: Path, who: str = "guetta") -> str:
    """The text of the review request `review request` writes to ``who``."""
    args = ["review", "request", who, "--no-pdf", "-w", str(ws_path)]
    assert runner.invoke(main, args).exit_code == 0
    raw = (ws_path / "out" / "review" / "requests" / f"{who}.eml").read_bytes()
    message = email.message_from_bytes(raw, policy=default)
    assert isinstance(message, EmailMessage)
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n")


def reply(body: str, content_type: str = "text/plain; charset=utf-8") -> bytes:
    """Guetta's reply, authenticated, with ``body`` as its one part."""
    head = (
        f"Authentication-Results: {PASS}\n"
        f"From: Bernard Guetta <{GUETTA}>\nTo: Appeals Desk <appeals@example.org>\n"
        "Subject: Re: [review] please approve\nDate: Thu, 03 Dec 2026 09:00:00 +0100\n"
        "Message-ID: <q-1@example.eu>\nMIME-Version: 1.0\n"
        f"Content-Type: {content_type}\nContent-Transfer-Encoding: 8bit\n\n"
    )
    return (head + body).encode("utf-8")


def indented(text: str) -> str:
    return "\n".join(f"  {line}" if line else "" for line in text.split("\n"))


# what a mail program writes above the message it quotes, in its language, without '>'
ATTRIBUTIONS = {
    "german": "Am 02.12.2026 um 12:00 schrieb Appeals Desk:",
    "french": "Le mer. 2 déc. 2026 à 12:00, Appeals Desk <appeals@example.org> a écrit :",
    "russian-gmail": "ср, 2 дек. 2026 г. в 12:00, Appeals Desk <appeals@example.org>:",
    "ukrainian": "ср, 2 груд. 2026 р. о 12:00 Appeals Desk <appeals@example.org> пише:",
    "polish": "W dniu 2.12.2026 o 12:00, Appeals Desk napisał(a):",
    "dutch": "Op wo 2 dec. 2026 om 12:00 schreef Appeals Desk <appeals@example.org>:",
    "spanish": "El mié, 2 dic 2026 a las 12:00, Appeals Desk (<appeals@example.org>) escribió:",
    "italian": "Il giorno mer 2 dic 2026 alle ore 12:00 Appeals Desk ha scritto:",
    "bare": "Appeals Desk wrote:",
    "gmail-wrapped": "On Wed, 2 Dec 2026 at 12:00, Appeals Desk <\nappeals@example.org> wrote:",
    "indented": "",  # no line above it: the request indented by two spaces
    "none": "",  # no line above it, no mark: the request pasted below
}


def quoting(own: str, style: str, request: str) -> str:
    """``own`` words, then the request quoted as the mail program of ``style`` quotes it."""
    above = f"{ATTRIBUTIONS[style]}\n\n" if ATTRIBUTIONS[style] else ""
    quoted = indented(request) if style == "indented" else request
    return f"{own}\n\n{above}{quoted}"


@pytest.mark.parametrize("style", list(ATTRIBUTIONS))
def test_a_request_quoted_without_marks_approves_nothing(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, style: str
) -> None:
    ws_path, version, request = requested(prepared, tmp_path)
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(quoting("Will read it next week.", style, request)))
    result = review_replies(runner, ws_path, path)
    assert result.exit_code == 1
    # the request's own answer line, copied unmarked, is named: the staff see it is the copy
    # named for what ended his own words: the pasted request's first line, else the header
    cut = "request" if style == "none" else "quotation"
    why = NO_ANSWER if style == "indented" else below_the_quotation(f"APPROVE {version}", cut)
    assert result.output == (
        f"not recorded: reply <q-1@example.eu> ({path}): {why}\n"
        "Error: 1 reply not recorded (listed above)\n"
    )
    assert not ledger_path(ws_path).exists() or read_ledger(ws_path) == []


@pytest.mark.parametrize("style", list(ATTRIBUTIONS))
def test_an_answer_above_a_request_quoted_without_marks_counts_once(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, style: str
) -> None:
    ws_path, version, request = requested(prepared, tmp_path)
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(quoting(f"APPROVE {version}\n\nBest,\nBernard", style, request)))
    result = review_replies(runner, ws_path, path)
    assert result.exit_code == 0, result.output
    # the mail program's line above the quotation is no part of what he wrote with it
    assert result.output == (
        f"recorded entry 1: guetta approve {JOINT} [en] version {version}, and wrote with it:"
        " “Best, / Bernard”\n"
    )
    assert [(e.who, e.action, e.comment) for e in read_ledger(ws_path)] == [
        ("guetta", "approve", "Best, / Bernard")
    ]


def reading_first(ws_path: Path, lang: str) -> None:
    """Guetta reads ``lang`` first (his request is written in it), and English."""
    if lang == "en":
        return
    meps = ws_path / "recipients" / "meps.yaml"
    text = meps.read_text(encoding="utf-8")
    before = "  - id: guetta\n    ep_id: 197543\n    gender: male\n    language: en\n"
    assert before in text
    after = before.replace("language: en", f"language: {lang}\n    reads: [en]")
    meps.write_text(text.replace(before, after), encoding="utf-8")


def ukrainian_first(ws_path: Path) -> None:
    reading_first(ws_path, "uk")


class Requested(NamedTuple):
    """A private copy of the sample at ``workspace``: English only, Guetta with a delegate
    (:func:`english_only_with_delegate`), reading ``lang`` first (:func:`reading_first`),
    and his review request written; the joint letter's English version and the request."""

    workspace: Path
    version: str
    request: str


def _request_of_guetta(
    ws_path: Path, lang: str, edit: Callable[[Path], None] | None
) -> tuple[str, str]:
    english_only_with_delegate(ws_path)
    reading_first(ws_path, lang)
    if edit:
        edit(ws_path)
    version = Workspace(ws_path).version(JOINT, "en").short
    return version, the_request(CliRunner(), ws_path)


def requested(
    prepared: Prepared,
    tmp_path: Path,
    lang: str = "en",
    edit: Callable[[Path], None] | None = None,
) -> Requested:
    """What a test would make itself with :func:`english_only_with_delegate`,
    :func:`reading_first` in ``lang``, ``edit`` of the workspace if given, the letter's
    version, then :func:`the_request` (in that order): made once per test process for each
    language and edit (known by its name) and copied to ``tmp_path / "ws"``, where
    ``sample`` would be, as rendering the letters for each test took most of this file's
    time."""
    ws_path = tmp_path / "ws"
    name = f"guetta-requested-{lang}" + (f"-{edit.__name__}" if edit else "")
    made = prepared.copy(name, partial(_request_of_guetta, lang=lang, edit=edit), ws_path)
    version, request = cast(tuple[str, str], made)
    return Requested(ws_path, version, request)


def test_a_ukrainian_request_pasted_below_is_known_by_its_sentences_not_its_greeting(
    prepared: Prepared, runner: CliRunner, tmp_path: Path
) -> None:
    # «Добрий день!» was the request's greeting, and is the signatory's own too: the answer
    # below his greeting counts, the request below it (its greeting and its lines) does not
    ws_path, version, request = requested(prepared, tmp_path, "uk")
    assert request.startswith("Добрий день!\n\nПросимо переглянути")
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(f"Добрий день!\n\nСХВАЛЮЮ {version}\n\n{request}"))
    result = review_replies(runner, ws_path, path)
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"recorded entry 1: guetta approve {JOINT} [en] version {version}, and wrote with it:"
        " “Добрий день!”\n"
    )


@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
def test_no_line_of_a_request_pasted_unquoted_is_the_signatorys_own(
    sample: Path, runner: CliRunner, tmp_path: Path, lang: str
) -> None:
    # each line of a real request (every letter and language, its drafts' titles, the files
    # that go with them, what changed since his approval) below an answer, without '>':
    # none is taken for his words
    reading_first(sample, lang)
    approved = tmp_path / "approved.eml"
    approved.write_bytes(reply(f"APPROVE {Workspace(sample).version(JOINT, 'en').short}\n"))
    assert review_replies(runner, sample, approved).exit_code == 0
    change_the_letter(sample)
    request = the_request(runner, sample)
    assert change_words()[lang]["changed"].format(part=change_words()[lang]["framing"]) in request
    version = Workspace(sample).version(JOINT, "en").short
    # an answer line is an answer; «Добрий день!», «Здравствуйте!» greet as a signatory does
    greeting = request_texts()[lang]["greeting"]
    lines = [x.strip() for x in request.split("\n") if x.strip() and not answer_line().match(x)]
    lines = list(dict.fromkeys(x for x in lines if x != greeting))
    assert len(lines) > 20
    paths = [tmp_path / f"{number:02}.eml" for number in range(len(lines))]
    for number, (path, line) in enumerate(zip(paths, lines, strict=True)):
        raw = reply(f"{verb_words()[lang][0]} {version}\n\n{line}\n")
        raw = raw.replace(b"<q-1@", f"<q-{number + 2}@".encode())
        path.write_bytes(raw.replace(b"03 Dec 2026", b"04 Dec 2026"))  # after his approval
    result = review_replies(runner, sample, *paths)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"recorded entry 2: guetta approve {JOINT} [en] version")
    assert "wrote with it" not in result.output
    entries = read_ledger(sample)[1:]  # after his first approval
    assert len(entries) == len(lines)  # one for each reply
    assert {(e.action, e.comment) for e in entries} == {("approve", "")}


OURS = Request.of(
    request_texts(),
    named=["Dear Mr Guetta,", "Dear Bernard Guetta,"],
    sender="Appeals Desk <appeals@example.org>",
    titles=["Preventing the extradition  of Zhanara Akhmetova"],
    changes=change_words(),
)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # each of the request's sentences, wherever it stands, starts the quotation
        ("Yes.\nDear Bernard Guetta,\nAPPROVE E3DA-8200", []),
        ("Yes.\nDear Mr Guetta,\nAPPROVE E3DA-8200", []),
        ("Yes.\n* may-2020-joint [en], version E3DA-8200\nAPPROVE E3DA-8200", []),
        ("Так.\n  * may-2020-joint [en], версія E3DA-8200\nСХВАЛЮЮ E3DA-8200", []),
        ("Да.\n**  * may-2020-joint [ru], версия E3DA-8200\nОДОБРЯЮ E3DA-8200", []),
        (f"Yes.\n{request_texts()['ru']['how']}\nОДОБРЯЮ E3DA-8200", []),
        (f"Yes.\n> {request_texts()['en']['how']}\nAPPROVE E3DA-8200", []),
        (
            f"Yes.\n{request_texts()['uk']['changes'].format(change='ЗМІНИ')}\nЗМІНИ E3DA-8200\nx",
            [],
        ),
        (f"Yes.\n{request_texts()['en']['rule']}\nAPPROVE E3DA-8200", []),
        (f"Yes.\n{request_texts()['uk']['approved']}\nСХВАЛЮЮ E3DA-8200", []),
        (f"Yes.\n{request_texts()['ru']['unread']}\nОДОБРЯЮ E3DA-8200", []),
        (f"Yes.\n{request_texts()['en']['others'].format(words='X / Y')}\nAPPROVE E3DA-8200", []),
        (
            f"Yes.\n{request_texts()['ru']['picture-text'].format(text='Печать')}\n"
            "ОДОБРЯЮ E3DA-8200",
            [],
        ),
        # the line naming a joint letter's recipients.txt, and an individual letter's (which
        # requests written before said of a joint letter's too)
        (
            f"Yes.\n{request_texts()['uk']['recipients-email'].format(file='a.txt')}\n"
            "СХВАЛЮЮ E3DA-8200",
            [],
        ),
        (
            f"Yes.\n{request_texts()['ru']['recipients'].format(file='a.txt')}\nОДОБРЯЮ E3DA-8200",
            [],
        ),
        # an individual letter's whose e-mail shows placeholders too
        (
            f"Yes.\n{request_texts()['uk']['recipients-both'].format(file='a.txt')}\n"
            "СХВАЛЮЮ E3DA-8200",
            [],
        ),
        # a draft's title line, in the quotes of any language the request is written in
        ("Yes.\n«Preventing the extradition of Zhanara Akhmetova»\nAPPROVE E3DA-8200", []),
        # and in the double marks English requests sent before December 2026 used
        ("Yes.\n“Preventing the extradition of Zhanara Akhmetova”\nAPPROVE E3DA-8200", []),
        (
            "Yes.\nA picture in it, as a screen reader says it (part of the version): “Seal”\n"
            "APPROVE E3DA-8200",
            [],
        ),
        # a sentence of the request wrapped by the mail program that quoted it
        (f"Yes.\n{request_texts()['en']['unread'][:70].rsplit(' ', 1)[0]}\nAPPROVE E3DA-8200", []),
        # another's greeting, the signatory's own greetings and a line of theirs are theirs
        (
            "Dear colleagues,\nЗдравствуйте!\nDear Bernard,\nAPPROVE E3DA-8200",
            [("approve", "E3DA-8200", "Dear colleagues, / Здравствуйте! / Dear Bernard,")],
        ),
        # what changed, as the request says it, in any of its languages
        ("Yes.\n- изменено: сведения о подписанте (Бернар Гетта)\nAPPROVE E3DA-8200", []),
        # what they say changed, not in the request's words, is theirs
        (
            "CHANGES E3DA-8200\n- changed: the account of events is wrong",
            [("request-changes", "E3DA-8200", "- changed: the account of events is wrong")],
        ),
        # a line in quotes that is not a draft's title is theirs: the words to put in
        (
            "CHANGES E3DA-8200\n“Preventing the extradition”",
            [("request-changes", "E3DA-8200", "“Preventing the extradition”")],
        ),
        (
            "CHANGES E3DA-8200\n* paragraph 2 [en], version 3: the date.",
            [("request-changes", "E3DA-8200", "* paragraph 2 [en], version 3: the date.")],
        ),
        # a line of their own that ends with ':' and names a date is theirs when no answer
        # or request follows it
        (
            "CHANGES E3DA-8200\nThe hearing was on 2 Dec 2026, not:\n1 Dec 2026.",
            [("request-changes", "E3DA-8200", "The hearing was on 2 Dec 2026, not: / 1 Dec 2026.")],
        ),
    ],
)
def test_the_request_is_known_by_its_own_lines(text: str, said: list[tuple[str, str, str]]) -> None:
    found = read_answers(text, OURS).said
    assert [(s.action, s.version, s.comment) for s in found] == said


# a request in words this version of the tool does not write (an earlier one's)
EARLIER = (
    "Dear Mr Guetta,\n\nWe would be grateful for your review of the attached draft.\n"
    "It names its version in its header.\nPlease answer by the end of the week.\n"
    "To answer, reply with one of these lines:\n\nAPPROVE E3DA-8200\nCHANGES E3DA-8200\n"
)


@pytest.mark.parametrize("style", [s for s in ATTRIBUTIONS if ATTRIBUTIONS[s]])
def test_a_mail_programs_line_in_any_language_starts_a_quotation_of_answer_lines(
    style: str,
) -> None:
    # a request not known by its sentences is still quoted below the mail program's line,
    # which is no part of the answer's words
    text = f"APPROVE E3DA-8200\n\n{ATTRIBUTIONS[style]}\n\n{EARLIER}"
    sender = Request.of({}, sender="Appeals Desk <appeals@example.org>")
    found = read_answers(text, sender)
    assert [(s.action, s.version, s.comment) for s in found.said] == [("approve", "E3DA-8200", "")]
    if style != "bare":  # a verb alone starts a quotation of answer lines right below it
        assert read_answers(text).said == found.said  # without knowing the sender too


def test_an_indented_answer_line_is_read_by_hand(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(f"Forwarding what I was sent.\n\n  APPROVE {version}\n"))
    result = review_replies(runner, ws_path, path)
    assert result.exit_code == 1
    assert result.output == (
        f"not recorded: reply <q-1@example.eu> ({path}): its line “APPROVE {version}” is"
        " indented, as a mail program indents a message it quotes, so whether the signatory"
        f" wrote it cannot be known{THEN}\n"
        "Error: 1 reply not recorded (listed above)\n"
    )


@pytest.mark.parametrize(
    "attribution",
    ["On Wed, 2 Dec 2026 at 12:00, Appeals Desk <appeals@example.org> wrote:", ""],
    ids=["gmail", "no-attribution"],
)
def test_an_answer_written_below_the_quoted_request_is_named_not_called_none(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, attribution: str
) -> None:
    """Guetta answers at the bottom, under the request his mail program quoted with '>':
    what stands under a quotation is not read, but the report must not say he wrote no
    answer line when the staff will see one there."""
    ws_path, version, request = requested(prepared, tmp_path)
    quoted = "\n".join(f"> {line}" if line else ">" for line in request.split("\n"))
    above = f"{attribution}\n" if attribution else ""
    cut = "quotation" if attribution else "request"
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(f"{above}{quoted}\n\napprove {version.lower()}\n\nBernard\n"))
    result = review_replies(runner, ws_path, path)
    assert result.exit_code == 1
    assert result.output == (
        f"not recorded: reply <q-1@example.eu> ({path}):"
        f" {below_the_quotation(f'approve {version.lower()}', cut)}\n"
        "Error: 1 reply not recorded (listed above)\n"
    )
    assert not ledger_path(ws_path).exists() or read_ledger(ws_path) == []


# Guetta's APPROVE marked as quoted: his mail program quoted his own line, or he typed it
# into the quotation; the request's own pair of lines quoted with it is no answer of his
QUOTED_ANSWERS = {
    "alone": "> APPROVE {version}\n\nThanks,\nBernard\n",
    "above-the-request": "> APPROVE {version}\n\n{attribution}\n{quoted}\n",
    "in-the-quotation": "Fine by me.\n\n{attribution}\n> APPROVE {version}\n",
}


@pytest.mark.parametrize("body", QUOTED_ANSWERS.values(), ids=QUOTED_ANSWERS.keys())
def test_an_answer_marked_as_quoted_is_named_with_what_to_do_not_recorded(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, body: str
) -> None:
    """Nobody can tell who wrote a line marked '>': it is never recorded, but the report
    must not say there is no answer line when the staff see one, and says what to do."""
    ws_path, version, request = requested(prepared, tmp_path)
    quoted = "\n".join(f"> {line}" if line else ">" for line in request.split("\n"))
    attribution = "On Wed, 2 Dec 2026 at 12:00, Appeals Desk <appeals@example.org> wrote:"
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(body.format(version=version, attribution=attribution, quoted=quoted)))
    result = review_replies(runner, ws_path, path)
    assert (result.exit_code, result.output) == (
        1,
        f"not recorded: reply <q-1@example.eu> ({path}): {quoted_answer(version)}\n"
        "Error: 1 reply not recorded (listed above)\n",
    )
    assert not ledger_path(ws_path).exists() or read_ledger(ws_path) == []


# the greeting a request without a form of address writes now, and those it wrote before
NAMELESS = {
    "en": ("Dear Bernard Guetta,", "Hello,", "Dear Sir or Madam,"),
    "uk": ("Добрий день!", "Шановні пані та панове!"),
    "ru": ("Здравствуйте!", "Уважаемые дамы и господа!"),
}


def without_gender(ws_path: Path) -> None:
    """Guetta's entry in the directory without his gender: no form of address for him."""
    meps = ws_path / "recipients" / "meps.yaml"
    text = meps.read_text(encoding="utf-8")
    start = text.index("  - id: guetta\n")
    entry = text[start : text.index("\n  - id: ", start) + 1]
    assert "    gender: male\n" in entry
    meps.write_text(text.replace(entry, entry.replace("    gender: male\n", "")), "utf-8")


@pytest.mark.parametrize(
    ("lang", "when"),
    [(lang, n) for lang, said in sorted(NAMELESS.items()) for n in range(len(said))],
)
def test_a_request_pasted_below_is_known_with_the_greeting_it_wrote_then(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, lang: str, when: int
) -> None:
    """Guetta has no form of address in the directory: his request greets him by his name
    (in English) or without one, and a reply pasting it below the answer, the greeting on
    top, writes nothing with the answer — whether it quotes a request of today or one sent
    before the greeting changed."""
    ws_path, version, request = requested(prepared, tmp_path, lang, without_gender)
    now = NAMELESS[lang][0]
    assert request.startswith(f"{now}\n\n")
    greeting = NAMELESS[lang][when]
    pasted = greeting + request.removeprefix(now)
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(f"{verb_words()[lang][0]} {version}\n\n{pasted}"))
    result = review_replies(runner, ws_path, path)
    assert (result.exit_code, result.output) == (
        0,
        f"recorded entry 1: guetta approve {JOINT} [en] version {version}\n",
    )


@pytest.mark.parametrize(
    ("lang", "words"), [("uk", "Так, погоджую."), ("ru", "Да, согласен.")], ids=["uk", "ru"]
)
def test_words_typed_under_a_quoted_answer_line_are_named_not_called_no_answer(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, lang: str, words: str
) -> None:
    """Guetta's office answers inside the quoted request, right under its answer line: the
    line is the request's, his words are no answer line, so nothing is recorded — but the
    report says where his words stand, not that he wrote nothing."""
    ws_path, version, request = requested(prepared, tmp_path, lang)
    quoted = "\n".join(f"> {line}" if line else ">" for line in request.split("\n"))
    approve = f"{verb_words()[lang][0]} {version}"
    assert f"\n> {approve}\n" in quoted
    attribution = ATTRIBUTIONS["ukrainian" if lang == "uk" else "russian-gmail"]
    inline = quoted.replace(f"\n> {approve}\n", f"\n> {approve}\n{words}\n", 1)
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(f"{attribution}\n{inline}\n"))
    result = review_replies(runner, ws_path, path)
    assert (result.exit_code, result.output) == (
        1,
        f"not recorded: reply <q-1@example.eu> ({path}): its words “{words}” stand under"
        f" the line “{approve}” of the message it quotes (marked '>'), as an answer typed into"
        " a quotation does; the quoted line is not the sender's, and their words are not read"
        " as an answer; nothing recorded: read the reply, and if the signatory answered"
        " there, confirm it with them and record what they decided ('letters approve',"
        " 'letters request-changes', or 'letters revoke' for an approval they withdrew)\n"
        "Error: 1 reply not recorded (listed above)\n",
    )
    assert not ledger_path(ws_path).exists() or read_ledger(ws_path) == []


@pytest.mark.parametrize(
    ("own", "under", "words"),
    [
        ("APPROVE {version}", "APPROVE", "No - not until the date is fixed."),
        (
            "APPROVE {version}\nBernard",
            "CHANGES",
            "The date in paragraph 1 is wrong, it must be 20 May.",
        ),
    ],
    ids=["no-under-approve", "changes-under-changes"],
)
def test_words_typed_under_a_quoted_answer_line_hold_the_reply_s_own_approval(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, own: str, under: str, words: str
) -> None:
    """Guetta approves above, then answers again inside the quoted request, right under one
    of its answer lines: his words there may contradict his approval ("No", or what should
    change), so the approval is not recorded, and the report says where the words stand."""
    ws_path, version, request = requested(prepared, tmp_path)
    quoted = "\n".join(f"> {line}" if line else ">" for line in request.split("\n"))
    line = f"{under} {version}"
    assert f"\n> {line}\n" in quoted
    inline = quoted.replace(f"\n> {line}\n", f"\n> {line}\n{words}\n", 1)
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(f"{own.format(version=version)}\n\n{ATTRIBUTIONS['bare']}\n{inline}\n"))
    result = review_replies(runner, ws_path, path)
    _held(result, ws_path, path, f"APPROVE {version}", words, _under(line, "marked '>'"))


NO = "No - not until the date is fixed."


@pytest.mark.parametrize(
    ("typed", "anchor", "words"),
    [
        (f"\n> APPROVE {{version}}\n\n{NO}\n\n", "APPROVE {version}", NO),
        (f"\n> APPROVE {{version}}\n>\n{NO}\n", "APPROVE {version}", NO),
        (f"\n> APPROVE {{version}}\nAPPROVE {{version}}\n{NO}\n", "APPROVE {version}", NO),
        (f"\n> {{listed}}\n{NO}\n", "{listed}", NO),
        ("\n> APPROVE {version}\nAPPROVE ABCD-1234\n", "APPROVE {version}", "APPROVE ABCD-1234"),
    ],
    ids=[
        "blank-between",
        "quoted-blank",
        "approve-then-no",
        "under-the-listed-letter",
        "approve-of-another-version",
    ],
)
def test_words_typed_anywhere_inside_the_quotation_hold_the_reply_s_own_approval(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, typed: str, anchor: str, words: str
) -> None:
    """Guetta approves above, then types "No" inside the quoted request: set apart by an
    empty line (as Gmail and Thunderbird do), after a repeat of his APPROVE, or under
    another quoted line than an answer line; or an APPROVE of a version he does not approve
    above. Each may refuse his approval or answer otherwise: held, and named with the quoted
    line above it."""
    ws_path, version, request = requested(prepared, tmp_path)
    quoted = "\n".join(f"> {line}" if line else ">" for line in request.split("\n"))
    listed = next(x for x in request.split("\n") if x.startswith(f"* {JOINT} [en], version"))
    line = f"\n> APPROVE {version}\n" if "APPROVE" in anchor else f"\n> {listed}\n"
    assert line in quoted
    inline = quoted.replace(line, typed.format(version=version, listed=listed), 1)
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(f"APPROVE {version}\n\n{ATTRIBUTIONS['bare']}\n{inline}\n"))
    result = review_replies(runner, ws_path, path)
    above = shortened(anchor.format(version=version, listed=listed))
    _held(result, ws_path, path, f"APPROVE {version}", words, _under(above, "marked '>'"))


def test_an_approve_typed_into_the_quotation_under_changes_above_is_not_read_as_changes(
    prepared: Prepared, runner: CliRunner, tmp_path: Path
) -> None:
    """Guetta asks for changes above, then types "APPROVE" of the same version inside the
    quoted request: which he meant cannot be known, so neither is recorded."""
    ws_path, version, request = requested(prepared, tmp_path)
    quoted = "\n".join(f"> {line}" if line else ">" for line in request.split("\n"))
    line = f"\n> APPROVE {version}\n"
    assert line in quoted
    inline = quoted.replace(line, f"{line}\nAPPROVE {version}\n\n", 1)
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(f"CHANGES {version}\n\n{ATTRIBUTIONS['bare']}\n{inline}\n"))
    result = review_replies(runner, ws_path, path)
    assert (result.exit_code, result.output) == (
        1,
        f"not recorded: reply <q-1@example.eu> ({path}): both APPROVE and CHANGES for version"
        f" {version}; nothing recorded for it: ask the signatory which they meant\n"
        "Error: 1 answer not recorded (listed above)\n",
    )
    assert not ledger_path(ws_path).exists() or read_ledger(ws_path) == []


@pytest.mark.parametrize("layout", ["wrapped", "nested-attribution"])
def test_what_a_mail_program_leaves_unmarked_inside_a_quotation_holds_no_approval(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, layout: str
) -> None:
    """Unmarked lines a mail program leaves inside a quotation are not the signatory's
    words: the rest of a quoted line it wrapped (Outlook's "prefix each line" leaves it
    unmarked) and a client's "On … wrote:" above a quotation of its own. Held as typed-in
    words, they kept ordinary approvals from being recorded."""
    ws_path, version, request = requested(prepared, tmp_path)
    if layout == "wrapped":
        quoted = "\n".join(
            f"> {line[:70]}\n{line[70:]}" if len(line) > 70 else f"> {line}".rstrip()
            for line in request.split("\n")
        )
        assert any(len(line) > 70 for line in request.split("\n"))
        body = f"APPROVE {version}\n\nBernard\n\n-----Original Message-----\nFrom: Appeals Desk\n"
        body += f"{quoted}\n"
    else:
        body = f"APPROVE {version}\n\nOn Thu Appeals Desk wrote:\n> Thanks, one more question.\n"
        body += "\nOn Wed Bernard wrote:\n>> I have a question\n"
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(body))
    result = review_replies(runner, ws_path, path)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"recorded entry 1: guetta approve {JOINT} [en] version")


OUTLOOK_HEADER = (
    "From: Appeals Desk <appeals@example.org>",
    "Sent: Wednesday, December 2, 2026 12:00 PM",
    f"To: Guetta Bernard <{GUETTA}>",
    "Subject: [review] please approve",
)


def _paragraphs(lines: list[str]) -> str:
    """``lines`` as Outlook writes a plain message it quotes in HTML: a paragraph each."""
    return "".join(f"<p class=MsoPlainText>{escape(x) or '&nbsp;'}<o:p></o:p></p>" for x in lines)


def _outlook_html(own: str, before: list[str], typed: str, after: list[str]) -> str:
    header = "<br>".join(
        f"<b>{label}:</b> {escape(value)}"
        for label, value in (x.split(": ", 1) for x in OUTLOOK_HEADER)
    )
    typed_html = f"<p class=MsoNormal>{escape(typed)}<o:p></o:p></p>" if typed else ""
    return (
        "<html><head><style>p.MsoNormal{margin:0cm}</style></head><body lang=EN-GB>"
        "<div class=WordSection1>"
        + "".join(
            f"<p class=MsoNormal>{escape(x) or '&nbsp;'}<o:p></o:p></p>" for x in own.split("\n")
        )
        + '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">'
        f"<p class=MsoNormal>{header}<o:p></o:p></p></div>"
        + _paragraphs(before)
        + typed_html
        + _paragraphs(after)
        + "</div></body></html>"
    )


def _outlook_plain(own: str, before: list[str], typed: str, after: list[str]) -> str:
    lines = [*before, *([typed] if typed else []), *after]
    return "\n".join([own, "", "_" * 32, *OUTLOOK_HEADER, "", *lines, ""])


def _wrapped(own: str, before: list[str], typed: str, after: list[str]) -> str:
    """Outlook's plain text as it goes out: the quoted lines wrapped at 76 characters."""

    def wrap(lines: list[str]) -> list[str]:
        return [
            piece
            for line in lines
            for piece in (textwrap.wrap(line, 76, break_on_hyphens=False) or [""])
        ]

    return _outlook_plain(own, wrap(before), typed, wrap(after))


def _original_message(own: str, before: list[str], typed: str, after: list[str]) -> str:
    lines = [*before, *([typed] if typed else []), *after]
    return "\n".join([own, "", "-----Original Message-----", *OUTLOOK_HEADER, "", *lines, ""])


def _indented(own: str, before: list[str], typed: str, after: list[str]) -> str:
    def indent(lines: list[str]) -> list[str]:
        return [f"    {x}" if x else "" for x in lines]

    return "\n".join([own, "", *indent(before), *([typed] if typed else []), *indent(after), ""])


def _thunderbird_html(own: str, before: list[str], typed: str, after: list[str]) -> str:
    def cite(lines: list[str]) -> str:
        return (
            '<blockquote type="cite" cite="mid:r-1@example.org"><pre class="moz-quote-pre"'
            f' wrap="">{escape(chr(10).join(lines))}</pre></blockquote>'
        )

    between = f"<p>{escape(typed)}</p>" if typed else ""
    return (
        '<html><head><meta http-equiv="content-type" content="text/html; charset=UTF-8"></head>'
        f"<body><p>{'<br>'.join(map(escape, own.split(chr(10))))}</p>"
        '<div class="moz-cite-prefix">On 02/12/2026 12:00, Appeals Desk wrote:<br></div>'
        + (cite(before) if before else "")
        + between
        + (cite(after) if after else "")
        + "</body></html>"
    )


def _gmail_html(own: str, before: list[str], typed: str, after: list[str]) -> str:
    def cite(lines: list[str]) -> str:
        return (
            '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px'
            ' solid rgb(204,204,204);padding-left:1ex">'
            + "<br>".join(map(escape, lines))
            + "</blockquote>"
        )

    between = f"<div>{escape(typed)}</div>" if typed and after else ""
    below = f"<div>{escape(typed)}</div>" if typed and not after else ""
    return (
        f'<div dir="ltr">{"<br>".join(map(escape, own.split(chr(10))))}</div><br>'
        '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Wed, 2 Dec 2026 at'
        " 12:00, Appeals Desk &lt;appeals@example.org&gt; wrote:<br></div>"
        + (cite(before) if before else "")
        + between
        + (cite(after) if after else "")
        + f"</div>{below}"
    )


def _marked(own: str, before: list[str], typed: str, after: list[str]) -> str:
    def mark(lines: list[str]) -> list[str]:
        return [f"> {x}" if x else ">" for x in lines]

    lines = [*mark(before), *([typed] if typed else []), *mark(after)]
    return "\n".join([own, "", "On 02/12/2026 12:00, Appeals Desk wrote:", *lines, ""])


PLAIN = "text/plain; charset=utf-8"
# each mail program's reply, built from the sender's own words on top and the request quoted
# below, split where words are typed into it; and how the report says it was quoted
PROGRAMS: dict[str, tuple[Callable[[str, list[str], str, list[str]], str], str, str]] = {
    "outlook-plain": (_outlook_plain, PLAIN, "not marked as quoted"),
    "outlook-original-message": (_original_message, PLAIN, "not marked as quoted"),
    "outlook-wrapped": (_wrapped, PLAIN, "not marked as quoted"),
    "outlook-html": (_outlook_html, "text/html; charset=utf-8", "not marked as quoted"),
    "outlook-both": (_outlook_plain, "multipart", "not marked as quoted"),
    "indented": (_indented, PLAIN, "indented"),
    "thunderbird-html": (
        _thunderbird_html,
        "text/html; charset=utf-8",
        "in a blockquote of its HTML",
    ),
    "gmail-html": (_gmail_html, "text/html; charset=utf-8", "in a blockquote of its HTML"),
    "marked": (_marked, PLAIN, "marked '>'"),
}


def program_reply(program: str, own: str, before: list[str], typed: str, after: list[str]) -> bytes:
    """Guetta's reply as ``program`` writes it: ``own`` words on top, ``typed`` between the
    request's lines ``before`` and ``after``."""
    write, content_type, _how = PROGRAMS[program]
    if content_type != "multipart":
        return reply(write(own, before, typed, after), content_type)
    body = (
        "--b1\nContent-Type: text/plain; charset=utf-8\n\n"
        f"{write(own, before, typed, after)}\n"
        "--b1\nContent-Type: text/html; charset=utf-8\n\n"
        f"{_outlook_html(own, before, typed, after)}\n--b1--\n"
    )
    return reply(body, 'multipart/alternative; boundary="b1"')


def _split_request(request: str, anchor: str) -> tuple[list[str], list[str]]:
    lines = request.rstrip("\n").split("\n")
    at = lines.index(anchor) + 1 if anchor else len(lines)
    return lines[:at], lines[at:]


HOW_TO_ANSWER = "How to answer: reply to this message with one line per version"


@pytest.mark.parametrize(
    ("program", "anchor"),
    [
        *((p, "APPROVE {version}") for p in PROGRAMS if p != "marked"),
        ("outlook-wrapped", HOW_TO_ANSWER),
        ("indented", HOW_TO_ANSWER),
        ("outlook-plain", "Dear Mr Guetta,"),
    ],
    ids=[*(p for p in PROGRAMS if p != "marked"), "wrapped-sentence", "indented-sentence",
         "outlook-under-greeting"],
)  # fmt: skip
def test_words_typed_into_a_quotation_not_marked_hold_the_reply_s_approval(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, program: str, anchor: str
) -> None:
    """Guetta's office approves on top, then types "No" inside the request its mail program
    quoted without a '>': under Outlook's header (plain, HTML, both, wrapped at 76), indented,
    or in an HTML blockquote (Thunderbird, Gmail). The request's own lines tell where the
    quotation is: his words there are held as words typed into a '>' quotation are, and
    named with the quoted line above them and how it was quoted. They were cut unread, and
    his APPROVE recorded."""
    ws_path, version, request = requested(prepared, tmp_path)
    line = next(x for x in request.split("\n") if x.startswith(anchor.format(version=version)))
    before, after = _split_request(request, line)
    path = tmp_path / "reply.eml"
    own = f"APPROVE {version}\n\nBest regards,\nBernard Guetta"
    path.write_bytes(program_reply(program, own, before, NO, after))
    result = review_replies(runner, ws_path, path)
    where = _under(shortened(line), PROGRAMS[program][2])
    _held(result, ws_path, path, f"APPROVE {version}", NO, where)


@pytest.mark.parametrize("program", list(PROGRAMS))
def test_an_approval_from_each_mail_program_quoting_the_request_is_recorded(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, program: str
) -> None:
    """The same replies with nothing typed into the quotation: every line of the request
    quoted (wrapped, indented, in blockquotes) is known as the request's, so the approval on
    top is recorded, with the sender's own words only."""
    ws_path, version, request = requested(prepared, tmp_path)
    before, after = _split_request(request, "")
    path = tmp_path / "reply.eml"
    own = f"APPROVE {version}\n\nBest regards,\nBernard Guetta"
    path.write_bytes(program_reply(program, own, before, "", after))
    result = review_replies(runner, ws_path, path)
    assert (result.exit_code, result.output) == (
        0,
        f"recorded entry 1: guetta approve {JOINT} [en] version {version}, and wrote with it:"
        " “Best regards, / Bernard Guetta”\n",
    )


@pytest.mark.parametrize(
    ("program", "below", "held"),
    [
        ("marked", NO, True),
        ("outlook-plain", NO, True),
        ("indented", "Please name the court in paragraph 2.", True),
        ("thunderbird-html", NO, True),
        ("gmail-html", NO, True),
        ("marked", "Sent from my iPhone", False),
        ("outlook-plain", "Sent from Outlook for Android", False),
        ("thunderbird-html", "Sent from my iPhone", False),
    ],
    ids=["marked", "outlook", "indented-change", "thunderbird-html", "gmail-html",
         "marked-phone-footer", "outlook-phone-footer", "thunderbird-phone-footer"],
)  # fmt: skip
def test_words_below_the_whole_quotation_hold_the_reply_s_approval(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, program: str, below: str, held: bool
) -> None:
    """Guetta approves on top and writes again below the request his mail program quoted
    (bottom-posting): a refusal or a change asked there may contradict his approval, so it is
    held, named as standing below the quotation. They were dropped unread. A mail program's
    own footer ("Sent from my iPhone") says nothing: the approval is recorded."""
    ws_path, version, request = requested(prepared, tmp_path)
    before, after = _split_request(request, "")
    path = tmp_path / "reply.eml"
    path.write_bytes(program_reply(program, f"APPROVE {version}", before, below, after))
    result = review_replies(runner, ws_path, path)
    if not held:
        assert (result.exit_code, result.output) == (
            0,
            f"recorded entry 1: guetta approve {JOINT} [en] version {version}\n",
        )
        return
    last = next(x for x in reversed(before) if x.strip())
    where = f"below the message it quotes (its last line “{shortened(last)}”)"
    if program == "outlook-plain":  # no end of its quotation shows: see the footer's test
        where = (
            f"after the line “{shortened(last)}”, the last of our request in the message it"
            " quotes (not marked as quoted, so perhaps still that message: its footer, say)"
        )
    _held(result, ws_path, path, f"APPROVE {version}", below, where)


OUTLOOK_HEADERS = {
    "uk": ("Від: Appeals Desk <appeals@example.org>", "Надіслано: 2 грудня 2026 р. 12:00"),
    "ru": ("От: Appeals Desk <appeals@example.org>", "Отправлено: 2 декабря 2026 г. 12:00"),
}


@pytest.mark.parametrize(
    ("lang", "words"),
    [("uk", "Ні, поки що не схвалюю: дата неправильна."), ("ru", "Нет, пока не одобряю.")],
    ids=["uk", "ru"],
)
def test_words_typed_into_a_request_outlook_quoted_in_its_language_hold_the_approval(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, lang: str, words: str
) -> None:
    """Outlook in Ukrainian or Russian quotes the request, written in that language, under
    «Від: … Надіслано: …» without marks: the request is known by its lines in every language
    it is written in, so a refusal typed under its answer line holds the approval on top."""
    ws_path, version, request = requested(prepared, tmp_path, lang)
    approve = f"{verb_words()[lang][0]} {version}"
    before, after = _split_request(request, approve)
    header = [*OUTLOOK_HEADERS[lang], "Кому: Guetta Bernard", "Тема: [review]"]
    body = "\n".join([approve, "", "_" * 32, *header, "", *before, words, *after, ""])
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(body))
    result = review_replies(runner, ws_path, path)
    _held(result, ws_path, path, approve, words, _under(approve, "not marked as quoted"))


COMMENT = "Paragraph 3 must name the court."
SUBJECT = OUTLOOK_HEADER[-1]
ATTRIBUTION = "On 02/12/2026 12:00, Appeals Desk wrote:"
GMAIL_ATTRIBUTION = "On Wed, 2 Dec 2026 at 12:00, Appeals Desk <appeals@example.org> wrote:"


@pytest.mark.parametrize(
    ("program", "lang", "under", "typed", "shown"),
    [
        ("outlook-plain", "en", f"* {JOINT} ", COMMENT, ""),
        ("outlook-plain", "en", f"* {JOINT} ", f"{COMMENT}\nAnd the date is 21 May.", ""),
        ("marked", "en", f"* {JOINT} ", COMMENT, ""),
        ("marked", "en", f"* {JOINT} ", f"{COMMENT}\nAnd the date is 21 May.", ""),
        ("indented", "en", f"* {JOINT} ", COMMENT, ""),
        ("outlook-plain", "uk", f"* {JOINT} ", "Абзац 3 має назвати суд.", ""),
        ("marked", "uk", f"* {JOINT} ", "Абзац 3 має назвати суд.", ""),
        ("outlook-plain", "en", "  The e-mail that will carry", NO, ""),
        ("outlook-plain", "en", "", NO, SUBJECT),
        ("outlook-plain", "en", "", COMMENT, SUBJECT),
        ("marked", "en", "", NO, ATTRIBUTION),
        ("thunderbird-html", "en", "", NO, ATTRIBUTION),
        ("gmail-html", "en", "", COMMENT, GMAIL_ATTRIBUTION),
        ("outlook-html", "en", "", COMMENT, SUBJECT),
        ("outlook-both", "en", "", COMMENT, SUBJECT),
    ],
    ids=["outlook", "outlook-two-lines", "marked", "marked-two-lines", "indented", "outlook-uk",
         "marked-uk", "outlook-under-a-sub-line", "outlook-above-the-first-line",
         "outlook-comment-above-the-first-line", "marked-above-the-first-line",
         "thunderbird-above-the-first-line", "gmail-above-the-first-line",
         "outlook-html-above-the-first-line", "outlook-both-above-the-first-line"],
)  # fmt: skip
def test_words_typed_under_a_draft_s_line_or_the_quotation_header_hold_the_approval(
    prepared: Prepared,
    runner: CliRunner,
    tmp_path: Path,
    program: str,
    lang: str,
    under: str,
    typed: str,
    shown: str,
) -> None:
    """Guetta approves on top and comments right under a draft's own line of the request
    his mail program quoted ("* may-2020-joint [en], version …" and "Paragraph 3 must name
    the court."), or under its header above the request's first line: his words are held,
    named with the request's own line above them (never with his words joined to it) and
    how the quotation as a whole is marked (Outlook's sub-lines of a draft start with two
    spaces, yet it is not indented). They were taken for the rest of the draft's line, or
    not read at all, and his APPROVE recorded."""
    ws_path, version, request = requested(prepared, tmp_path, lang)
    line = next((x for x in request.split("\n") if under and x.startswith(under)), "")
    lines = request.rstrip("\n").split("\n")
    before, after = _split_request(request, line) if line else ([], lines)
    path = tmp_path / "reply.eml"
    path.write_bytes(program_reply(program, f"APPROVE {version}", before, typed, after))
    result = review_replies(runner, ws_path, path)
    where = _under(shortened(shown or line.strip()), PROGRAMS[program][2])
    _held(result, ws_path, path, f"APPROVE {version}", typed.split("\n")[0], where)


LONG_ID = "may-2020-joint-appeal-to-the-prosecutor-general-of-ukraine"


@pytest.mark.parametrize(
    ("lang", "letter"),
    [("en", JOINT), ("uk", JOINT), ("ru", JOINT), ("en", LONG_ID), ("ru", LONG_ID)],
    ids=["en", "uk", "ru", "en-long-id", "ru-long-id"],
)
def test_an_approval_outlook_quoted_wrapped_at_any_width_is_recorded(
    sample: Path, runner: CliRunner, tmp_path: Path, lang: str, letter: str
) -> None:
    """Outlook quotes the request without marks and wraps its lines (at 76 characters, or
    any width from 40 to 100), nothing typed into it: the rest of a draft's line it wrapped
    («… на языке, которым Вы владеете,» / «нет») is the request's own, not a refusal, so
    the approval on top is recorded, for a letter's id of any length. They were held."""
    ws_path = english_only_with_delegate(sample)
    reading_first(ws_path, lang)
    letters = ws_path / "cases" / "akhmetova" / "letters.yaml"  # the letter of that id
    text = letters.read_text(encoding="utf-8")
    letters.write_text(text.replace(f"id: {JOINT}\n", f"id: {letter}\n", 1), "utf-8")
    version = Workspace(ws_path).version(letter, "en").short
    request = the_request(runner, ws_path)
    assert f"{letter}.en.{version}.email.txt" in request  # the file it lists, cut too
    widths = range(40, 101, 3)
    paths = [tmp_path / f"{width}.eml" for width in widths]
    for path, width in zip(paths, widths, strict=True):
        wrapped = [
            piece
            for line in request.rstrip("\n").split("\n")
            for piece in textwrap.wrap(line, width, break_on_hyphens=False, break_long_words=False)
            or [""]
        ]
        raw = reply(_outlook_plain(f"APPROVE {version}", wrapped, "", []))
        path.write_bytes(raw.replace(b"<q-1@", f"<q-{width}@".encode()))
    result = review_replies(runner, ws_path, *paths)
    assert (result.exit_code, "not recorded" in result.output) == (0, False), result.output
    assert len(read_ledger(ws_path)) == len(paths)


def test_a_long_comment_under_a_draft_s_line_is_held_whole(
    prepared: Prepared, runner: CliRunner, tmp_path: Path
) -> None:
    """A long reply (1,200 lines, 40 KB) typed under a draft's line of a request Outlook
    quoted: each line is read against the request's line above it, never against all the
    lines above joined into one (that took minutes, and took his words for the request's),
    and the reply is held."""
    ws_path, version, request = requested(prepared, tmp_path)
    line = next(x for x in request.split("\n") if x.startswith(f"* {JOINT} "))
    before, after = _split_request(request, line)
    typed = "\n".join(f"{COMMENT[:-1]}, point {n}." for n in range(1200))
    path = tmp_path / "reply.eml"
    path.write_bytes(program_reply("outlook-plain", f"APPROVE {version}", before, typed, after))
    result = review_replies(runner, ws_path, path)
    where = _under(shortened(line), "not marked as quoted")
    _held(result, ws_path, path, f"APPROVE {version}", f"{COMMENT[:-1]}, point 0.", where)


FOOTER = ["Appeals Desk | Human Rights Foundation", "This message is confidential."]


def test_a_footer_under_a_request_outlook_quoted_is_named_for_what_it_may_be(
    prepared: Prepared, runner: CliRunner, tmp_path: Path
) -> None:
    """The NGO's mail system adds its footer under the request it sends; Outlook quotes it
    without marks, so nothing tells it from words Guetta typed below the quotation. The
    approval is held (a false approval puts a name under a letter), and the report says
    truthfully where the lines stand: after the request's last line, perhaps still the
    message quoted. It said "below the message it quotes", which they are not."""
    ws_path, version, request = requested(prepared, tmp_path)
    before, _after = _split_request(request, "")
    last = next(x for x in reversed(before) if x.strip())
    path = tmp_path / "reply.eml"
    path.write_bytes(program_reply("outlook-plain", f"APPROVE {version}", before, "", FOOTER))
    result = review_replies(runner, ws_path, path)
    where = (
        f"after the line “{shortened(last)}”, the last of our request in the message it quotes"
        " (not marked as quoted, so perhaps still that message: its footer, say)"
    )
    _held(result, ws_path, path, f"APPROVE {version}", FOOTER[0], where)


@pytest.mark.parametrize(
    ("program", "lang", "ending", "typed"),
    [
        *((p, "en", ".email.txt", "Unsure") for p in PROGRAMS),
        ("outlook-plain", "en", "recipients.txt", "Unsure"),
        ("marked", "en", "recipients.txt", "Unsure"),
        ("outlook-plain", "uk", ".email.txt", "Пізніше."),
        ("marked", "ru", ".email.txt", "Сомневаюсь."),
        ("outlook-plain", "en", ".email.txt", "Later."),
        ("indented", "en", ".email.txt", "Disagree."),
        # a word of their own that ends as a file name does: no file the request named
        *((p, "en", ".email.txt", "notes.txt") for p in PROGRAMS),
        ("outlook-wrapped", "en", "recipients.txt", "ok.pdf"),
        ("outlook-plain", "en", "recipients.txt", "NO.docx"),
        ("marked", "uk", ".email.txt", "NO.docx"),
    ],
)
def test_a_word_typed_under_a_line_ending_in_a_file_name_holds_the_approval(
    prepared: Prepared,
    runner: CliRunner,
    tmp_path: Path,
    program: str,
    lang: str,
    ending: str,
    typed: str,
) -> None:
    """A one-word comment typed under the request's line that ends in a file name
    ("… may-2020-joint.en.<version>.email.txt") is held: it was glued on and taken for the
    rest of a file name the mail program cut, and the APPROVE recorded."""
    ws_path, version, request = requested(prepared, tmp_path, lang)
    line = next(x for x in request.split("\n") if x.rstrip().endswith(ending))
    before, after = _split_request(request, line)
    path = tmp_path / "reply.eml"
    path.write_bytes(program_reply(program, f"APPROVE {version}", before, typed, after))
    result = review_replies(runner, ws_path, path)
    assert result.exit_code == 1, result.output
    assert f"also says “{typed}” under the line" in result.output
    assert not ledger_path(ws_path).exists() or read_ledger(ws_path) == []


def _outlook_no_blank(own: str, before: list[str], typed: str, after: list[str]) -> str:
    """Outlook's plain text with no blank line under its header block ("Subject: …")."""
    lines = [*before, *([typed] if typed else []), *after]
    return "\n".join([own, "", "_" * 32, *OUTLOOK_HEADER, *lines, ""])


@pytest.mark.parametrize("program", ["outlook-no-blank", "outlook-html"])
def test_words_typed_right_under_outlook_s_subject_line_hold_the_approval(
    prepared: Prepared, runner: CliRunner, tmp_path: Path, program: str
) -> None:
    """Outlook's header block ends with "Subject: …", no colon at its end; with no blank
    line under it, the comment typed there (and in its HTML the request's own lines) was
    taken for the header's, and the APPROVE recorded."""
    ws_path, version, request = requested(prepared, tmp_path)
    lines = request.rstrip("\n").split("\n")
    own = f"APPROVE {version}"
    if program == "outlook-html":
        raw = reply(_outlook_html(own, [], COMMENT, lines), "text/html; charset=utf-8")
    else:
        raw = reply(_outlook_no_blank(own, [], COMMENT, lines))
    path = tmp_path / "reply.eml"
    path.write_bytes(raw)
    result = review_replies(runner, ws_path, path)
    where = _under(shortened(SUBJECT), "not marked as quoted")
    _held(result, ws_path, path, f"APPROVE {version}", COMMENT, where)


@pytest.mark.parametrize(
    ("program", "cut", "typed", "held"),
    [
        ("marked", 0, ".email.txt", False),
        ("marked", 5, "l.txt", False),
        ("marked", 0, "notes.txt", True),
        ("marked", 0, "ok.pdf", True),
        ("marked", 0, "NO.docx", True),
        ("outlook-plain", -1, "", False),
        ("outlook-plain", -1, "notes.txt", True),
        ("outlook-plain", -1, "ok.pdf", True),
    ],
    ids=["cut-before-its-extension", "cut-inside-its-extension", "notes-txt", "ok-pdf",
         "no-docx", "wrapped-before-the-name", "wrapped-notes-txt", "wrapped-ok-pdf"],
)  # fmt: skip
def test_a_file_name_line_is_joined_only_with_a_file_the_request_listed(
    prepared: Prepared,
    runner: CliRunner,
    tmp_path: Path,
    program: str,
    cut: int,
    typed: str,
    held: bool,
) -> None:
    """A mail program may cut the request's line "… part of the version: <letter>.en.<version>
    .email.txt" inside its file name (Outlook's '>' on each line leaves the rest unmarked)
    or wrap it before the name: the pieces join into the name the request listed. A word of
    the signatory's under such a line that merely ends as a file name does ("notes.txt",
    "ok.pdf") is theirs, and holds the approval; it was joined on by its extension, and the
    APPROVE recorded (and a name cut inside its extension, ".emai" / "l.txt", was held)."""
    ws_path, version, request = requested(prepared, tmp_path)
    line = next(x for x in request.split("\n") if x.rstrip().endswith(".email.txt"))
    before, after = _split_request(request, line)
    if cut >= 0:  # cut inside the name: its first piece marked, the rest (or a word) not
        piece = line[: line.index(".email.txt") + cut]
        before[-1] = piece
    else:  # wrapped at the space before the name, a word typed between the two pieces
        piece, name = line.rsplit(" ", 1)
        before[-1:] = [piece]
        after = [f"  {name}", *after]
    path = tmp_path / "reply.eml"
    path.write_bytes(program_reply(program, f"APPROVE {version}", before, typed, after))
    result = review_replies(runner, ws_path, path)
    if held:
        where = _under(shortened(piece.strip()), PROGRAMS[program][2])
        _held(result, ws_path, path, f"APPROVE {version}", typed, where)
    else:
        assert (result.exit_code, result.output) == (
            0,
            f"recorded entry 1: guetta approve {JOINT} [en] version {version}\n",
        )


def _gmail_bare(own: str, inside: str, lines: list[str]) -> str:
    """Gmail's HTML reply: ``own`` on top, then its quoting div holding ``inside`` (HTML)
    above the blockquote of the request's ``lines``."""
    return (
        f'<div dir="ltr">{"<br>".join(map(escape, own.split(chr(10))))}</div><br>'
        f'<div class="gmail_quote">{inside}<blockquote class="gmail_quote" style="margin:0px'
        ' 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">'
        + "<br>".join(map(escape, lines))
        + "</blockquote></div>"
    )


GMAIL_ATTR = f'<div dir="ltr" class="gmail_attr">{escape(GMAIL_ATTRIBUTION)}<br></div>'


@pytest.mark.parametrize(
    ("own", "inside", "words", "line"),
    [
        # the words held and the quoted line above them (none: above the message quoted)
        ("APPROVE {version}", f"<div>{NO}</div>", NO, ""),
        ("APPROVE {version}", f"<div>Fine by me.</div><div>{NO}</div>", "Fine by me.", ""),
        ("APPROVE {version}", f"<div>{NO}</div>{GMAIL_ATTR}", NO, ""),
        ("APPROVE {version}", f"{escape(GMAIL_ATTRIBUTION)}<br><div>{NO}</div>", NO,
         GMAIL_ATTRIBUTION),
        # the reply's own words on top are read as they always were
        ("APPROVE {version}\nFine by me.", "", "", ", and wrote with it: “Fine by me.”"),
        ("APPROVE {version} — fine by me", "", "", "fine by me"),
        ("APPROVE {version}", escape(GMAIL_ATTRIBUTION), "", ""),
        ("APPROVE {version}", GMAIL_ATTR, "", ""),
    ],
    ids=["no-attribution", "no-attribution-two-lines", "above-its-attribution",
         "under-an-attribution-as-text", "top-text", "top-text-on-its-line",
         "attribution-as-text", "attribution-div"],
)  # fmt: skip
def test_words_typed_in_gmail_s_quoting_div_without_its_attribution_hold_the_approval(
    prepared: Prepared,
    runner: CliRunner,
    tmp_path: Path,
    own: str,
    inside: str,
    words: str,
    line: str,
) -> None:
    """Gmail's quoting div holds its "On … wrote:" (its gmail_attr div, or as text in an
    older Gmail) above the blockquote: words typed there with no such line, or above it,
    hold the approval on top, named as standing above the message quoted. The first of
    them was taken for the attribution and not read, and the APPROVE recorded. Words on
    top, above the quoting div, are the reply's own, read as they were."""
    ws_path, version, request = requested(prepared, tmp_path)
    lines = request.rstrip("\n").split("\n")
    html = _gmail_bare(own.format(version=version), inside, lines)
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(html, "text/html; charset=utf-8"))
    result = review_replies(runner, ws_path, path)
    if words:
        how = "in a blockquote of its HTML"
        above = "above the message it quotes (in its HTML, above the blockquote)"
        where = _under(shortened(line), how) if line else above
        _held(result, ws_path, path, f"APPROVE {version}", words, where)
    elif line.startswith(", "):  # its words with it
        assert (result.exit_code, result.output) == (
            0,
            f"recorded entry 1: guetta approve {JOINT} [en] version {version}{line}\n",
        )
    elif line:  # words after APPROVE on its line
        assert (result.exit_code, result.output) == (
            1,
            f"not recorded: reply <q-1@example.eu> ({path}): APPROVE {version} is followed on"
            f" its line by “{line}”, so it may be conditional{HELD}\n"
            "Error: 1 answer not recorded (listed above)\n",
        )
    else:
        assert (result.exit_code, result.output) == (
            0,
            f"recorded entry 1: guetta approve {JOINT} [en] version {version}\n",
        )
