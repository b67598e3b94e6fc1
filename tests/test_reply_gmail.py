"""Gmail's HTML reply: its quoting div holds its "On … wrote:" above the blockquote of the
message it quotes. Only a line that names the request's sender or a verb of writing is that
line; any other words typed in the quoting div, above, beside or below the blockquote, hold
the approval on top and are named where they stand."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters import Workspace
from letters.render.tag_check import shortened
from tests.test_reply_quotes import (
    GMAIL_ATTRIBUTION,
    _held,
    reply,
    review_replies,
    the_request,
)
from tests.test_review_replies import english_only_with_delegate
from tests.test_signoff import JOINT

HTML = "text/html; charset=utf-8"
ABOVE = "above the message it quotes (in its HTML, above the blockquote)"


def _gmail(own: str, inside: str, lines: list[str], after: str = "") -> str:
    """Gmail's HTML reply: ``own`` on top, then its quoting div holding ``inside`` above the
    blockquote of the request's ``lines`` and ``after`` below it."""
    return (
        f'<div dir="ltr">{escape(own)}</div><br>'
        f'<div class="gmail_quote">{inside}<blockquote class="gmail_quote" style="margin:0px'
        ' 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">'
        + "<br>".join(map(escape, lines))
        + f"</blockquote>{after}</div>"
    )


def _attr(*lines: str) -> str:
    return f'<div dir="ltr" class="gmail_attr">{"<br>".join(map(escape, lines))}<br></div>'


ATTR = _attr(GMAIL_ATTRIBUTION)
NOT_BEFORE = "Not before 2021:"


@pytest.mark.parametrize(
    ("inside", "after", "words", "where"),
    [
        (f"<div>{NOT_BEFORE}</div>", "", NOT_BEFORE, ABOVE),
        ("<div>But change the date to 12 May 2021:</div>", "",
         "But change the date to 12 May 2021:", ABOVE),
        ("<div>Only if sent after the 10:00 hearing, not before:</div>", "",
         "Only if sent after the 10:00 hearing, not before:", ABOVE),
        ("<div>Не раніше 12:00:</div>", "", "Не раніше 12:00:", ABOVE),
        ("<div>Only for 500.00:</div>", "", "Only for 500.00:", ABOVE),
        # a typed line above Gmail's own attribution is named itself, above the message
        (f"<div>{NOT_BEFORE}</div>{ATTR}", "", NOT_BEFORE, ABOVE),
        (_attr(NOT_BEFORE, GMAIL_ATTRIBUTION), "", NOT_BEFORE, ABOVE),
        # typed in the quoting div below its blockquote
        (ATTR, "<div>No - I do not approve.</div>", "No - I do not approve.", "last"),
    ],
    ids=["year", "date", "time", "ukrainian-time", "decimal", "above-attribution",
         "in-attribution-div", "after-last-blockquote"],
)  # fmt: skip
def test_words_typed_in_gmail_s_quoting_div_hold_the_approval(
    sample: Path, runner: CliRunner, tmp_path: Path, inside: str, after: str, words: str, where: str
) -> None:
    """A line ending with a colon that names a date, a time or a number but not the request's
    sender nor a verb of writing is typed, not Gmail's attribution: it was taken for it and
    not read, and the APPROVE on top recorded. Words below the last blockquote were not read."""
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    lines = the_request(runner, ws_path).rstrip("\n").split("\n")
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(_gmail(f"APPROVE {version}", inside, lines, after), HTML))
    result = review_replies(runner, ws_path, path)
    if where == "last":
        where = f"below the message it quotes (its last line “{shortened(lines[-1])}”)"
    _held(result, ws_path, path, f"APPROVE {version}", words, where)


@pytest.mark.parametrize(
    "attribution",
    [
        GMAIL_ATTRIBUTION,
        "Appeals Desk <appeals@example.org> 于2026年12月2日周三 12:00写道：",
        "ср, 2 дек. 2026 г. в 12:00, Appeals Desk <appeals@example.org>:",
        "ср, 2 груд. 2026 р. о 12:00 Appeals Desk <appeals@example.org> пише:",
    ],
    ids=["english", "chinese", "russian", "ukrainian"],
)
def test_an_approval_under_gmail_s_attribution_in_any_language_is_recorded(
    sample: Path, runner: CliRunner, tmp_path: Path, attribution: str
) -> None:
    """Gmail's attribution names the request's sender (and, in most languages, a verb of
    writing); Chinese Gmail ends it with a full-width colon, and was held."""
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    lines = the_request(runner, ws_path).rstrip("\n").split("\n")
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(_gmail(f"APPROVE {version}", _attr(attribution), lines), HTML))
    result = review_replies(runner, ws_path, path)
    assert (result.exit_code, result.output) == (
        0,
        f"recorded entry 1: guetta approve {JOINT} [en] version {version}\n",
    )


@pytest.mark.parametrize(
    "typed",
    ["Not before 12 May 2021:", "Лише після засідання 12.05.2027 о 10:00:"],
    ids=["date", "ukrainian-date-time"],
)
def test_a_dated_line_typed_in_a_gmail_reply_with_a_plain_part_holds_the_approval(
    sample: Path, runner: CliRunner, tmp_path: Path, typed: str
) -> None:
    """Gmail sends its plain part beside the HTML: the line typed above the quotation in
    both holds the approval, named where it stands in the HTML."""
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    lines = the_request(runner, ws_path).rstrip("\n").split("\n")
    quoted = "\n".join(f"> {x}" if x else ">" for x in lines)
    html = _gmail(f"APPROVE {version}", f"<div>{escape(typed)}</div>", lines)
    body = (
        f"--b1\nContent-Type: text/plain; charset=utf-8\n\nAPPROVE {version}\n\n{typed}\n\n"
        f"{quoted}\n\n--b1\nContent-Type: {HTML}\n\n{html}\n--b1--\n"
    )
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(body, 'multipart/alternative; boundary="b1"'))
    result = review_replies(runner, ws_path, path)
    _held(result, ws_path, path, f"APPROVE {version}", typed, ABOVE)


@pytest.mark.parametrize(
    ("typed", "blank", "marked"),
    [
        ("Not before 12 May 2021:", "\n", True),
        ("Not before 12 May 2021:", "", True),
        ("Лише після засідання 12.05.2027 о 10:00:", "\n", True),
        ("Only after the 10:00 hearing:", "", True),
        ("Not before 12 May 2021:", "\n", False),
    ],
    ids=["date", "date-no-blank", "ukrainian-date-time", "time-no-blank", "date-unmarked"],
)
def test_a_dated_line_typed_above_a_plain_quotation_holds_the_approval(
    sample: Path, runner: CliRunner, tmp_path: Path, typed: str, blank: str, marked: bool
) -> None:
    """In a plain reply, a line ending with a colon that names a date or a time but no
    sender nor a verb of writing, above the request quoted (marked '>' or not), is the
    signatory's: it was taken for a mail program's "On … wrote:" and left out."""
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    lines = the_request(runner, ws_path).rstrip("\n").split("\n")
    quoted = "\n".join((f"> {x}" if x else ">") if marked else x for x in lines)
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(f"APPROVE {version}\n{blank}{typed}\n{blank}{quoted}\n"))
    result = review_replies(runner, ws_path, path)
    _held(result, ws_path, path, f"APPROVE {version}", typed, "")


@pytest.mark.parametrize(
    "attribution",
    [
        GMAIL_ATTRIBUTION,
        GMAIL_ATTRIBUTION.replace("> wrote:", ">\nwrote:"),
        "Appeals Desk <appeals@example.org> wrote:",
    ],
    ids=["whole", "wrapped", "no-date"],
)
def test_a_dated_line_typed_right_above_a_plain_attribution_holds_the_approval(
    sample: Path, runner: CliRunner, tmp_path: Path, attribution: str
) -> None:
    """A line with a date but no colon, typed right above the mail program's "On … wrote:"
    (no blank line between), is the signatory's, not a piece of that line it wrapped."""
    ws_path = english_only_with_delegate(sample)
    version = Workspace(ws_path).version(JOINT, "en").short
    lines = the_request(runner, ws_path).rstrip("\n").split("\n")
    quoted = "\n".join(f"> {x}" if x else ">" for x in lines)
    typed = "Not before 12 May 2021"
    path = tmp_path / "reply.eml"
    path.write_bytes(reply(f"APPROVE {version}\n\n{typed}\n{attribution}\n{quoted}\n"))
    result = review_replies(runner, ws_path, path)
    _held(result, ws_path, path, f"APPROVE {version}", typed, "")
