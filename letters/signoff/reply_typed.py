"""Words a signatory typed inside the message their reply quotes, or below all of it.

A reply quotes our review request, and what stands in the quotation is dropped before the
answers are read (:mod:`letters.signoff.reply_quotes`). But a signatory may answer inside it
("No - not until the date is fixed" between two quoted lines) or below it (bottom-posting):
those words are theirs, and may refuse the APPROVE written above. They are found here, each
with the quoted line nearest above it and how the quotation was marked, so that
:func:`letters.signoff.reply_text.read_answers` holds the reply's approval for a reading by
hand and the report says where they stand:

- a quotation marked ``>`` (or ``|``, as Outlook may prefix each line it quotes): the
  unmarked lines between its marked lines;
- a quotation not marked at all (Outlook's, under its "From: … Sent: …" block or
  "-----Original Message-----"; a request pasted below) or indented: it is known by the
  request's own lines (we wrote them, in every language and as earlier requests wrote
  them; a draft's line only whole, never with words after it), and a line that is none of
  them between two that are was typed there;
- under a client's quotation header ("On … wrote:", Outlook's block), above the first line
  it quotes: the header's own lines are the mail program's (a line of Outlook's it wrapped
  too, :mod:`letters.signoff.reply_outlook`), the words under them typed;
- an HTML reply's blockquotes (Gmail's quoting div, Thunderbird's ``<blockquote
  type="cite">``): what stands between two of them (found by
  :mod:`letters.signoff.reply_html`);
- below the whole quotation: every line but a mail program's own footer (a phone's "Sent
  from my iPhone", a signature under its "-- " line). Under a quotation not marked, nothing
  shows where the quoted message ends (its sender's mail system may have added a footer),
  so those lines are named for what they may be, and held still: a false hold costs a
  reading; a false approval puts a name under a letter.

What a mail program makes of the quoted lines is not taken for typed words: the rest of a
line it wrapped, a client's "On … wrote:" over a quotation of its own
(:func:`~letters.signoff.reply_quotes.mail_made`).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Literal

from letters.render.tag_check import shortened
from letters.signoff.reply_grammar import (
    IDS,
    MOBILE_SIGNOFF,
    REFUSING,
    answer_line,
    answer_of_word,
    normal_id,
)
from letters.signoff.reply_outlook import outlook_block_end, prefixed_as_marked
from letters.signoff.reply_quotes import WROTE, own_lines_and_cut
from letters.signoff.reply_request import Request

# how the quotation the words stand in was marked, or "below" for words under all of it
Marking = Literal["marked", "piped", "blockquote", "unmarked", "indented", "below", "after"]
Typed = tuple[str, str]  # the quoted line nearest above, the words typed there

_HOW: dict[Marking, str] = {
    "marked": "marked '>'",
    "piped": "marked '|'",  # as Outlook may prefix each line it quotes
    "blockquote": "in a blockquote of its HTML",
    "unmarked": "not marked as quoted",
    "indented": "indented",
}

__all__ = ["Marking", "Typed", "bare_approve", "mail_made", "typed_in_quotation", "where_typed"]
# the longest line of the request a mail program's wrapped pieces are joined into: a line
# of words typed one under another is never read again and again as one
_LONGEST = 1000


def where_typed(line: str, marking: Marking) -> str:
    """Where words typed under the quoted ``line`` stand, for a message: "under the line “…”
    of the message it quotes (marked '>')", or "below the message it quotes (…)"."""
    if not line and marking == "blockquote":  # in Gmail's quoting div, outside any blockquote
        return "above the message it quotes (in its HTML, above the blockquote)"
    if not line:  # above the first line it quotes, under no header
        return f"above the message it quotes ({_HOW[marking]})"
    if marking == "below":
        return f"below the message it quotes (its last line “{shortened(line)}”)"
    if marking == "after":  # an unmarked quotation shows no end: a footer may stand there
        return (
            f"after the line “{shortened(line)}”, the last of our request in the message it"
            " quotes (not marked as quoted, so perhaps still that message: its footer, say)"
        )
    return f"under the line “{shortened(line)}” of the message it quotes ({_HOW[marking]})"


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _next_with_text(lines: list[str]) -> list[str]:
    """The next line with text below each line of ``lines`` ("" below the last)."""
    below = [""] * (len(lines) + 1)
    for number in range(len(lines) - 1, 0, -1):
        below[number - 1] = lines[number] if lines[number].strip() else below[number]
    return below


def _signature(line: str) -> bool:
    return line.rstrip() in ("--", "-- ")


def _footer(line: str) -> bool:
    """Whether ``line`` is a mail program's own line under what it sends ("Sent from my
    iPhone"), which no one types."""
    return bool(MOBILE_SIGNOFF.match(" ".join(line.split())))


def typed_in_quotation(text: str, ours: Request) -> dict[Typed, Marking]:
    """The words typed inside the quotations of ``text`` (marked ``>``, unmarked or indented)
    and below the last of them, each with how that quotation was marked, in the order they
    stand."""
    found: dict[Typed, Marking] = {}
    lines = prefixed_as_marked(_lines(text))
    marked: Marking = "piped" if lines != _lines(text) else "marked"
    header = _header(lines, ours)
    for pair in _typed_in_marked(lines, ours, header):
        found.setdefault(pair, marked)
    for pair, marking in _typed_in_unmarked(lines, ours, header):
        found.setdefault(pair, marking)
    return found


def _header(lines: list[str], ours: Request) -> tuple[int, str]:
    """The number of the last line of a client's quotation header in ``lines`` ("On …
    wrote:", Outlook's "From: … Sent: …" block) and that line whole (with the lines its mail
    program wrapped it onto), or (-1, ""): words typed under it, above the first line it
    quotes, are inside the quotation. Its own lines run to a blank line, a line marked '>',
    or the one ending with a colon; Outlook's block to its last labelled line ("Subject: …"
    ends with no colon, and may have words typed right under it) and the lines it wrapped
    that one onto."""
    own, cut = own_lines_and_cut("\n".join(lines), ours)
    if cut != "quotation":
        return -1, ""
    kept = 0  # own_lines_and_cut keeps every line above the header not marked '>'
    for number, line in enumerate(lines):
        if kept == len(own):
            last, field = outlook_block_end(lines, number, ours)
            if last >= 0:
                return last, field
            start = number
            while number + 1 < len(lines) and not line.rstrip().endswith(":"):
                following = lines[number + 1].strip()
                if not following or following.startswith(">"):
                    break
                number, line = number + 1, lines[number + 1]
            return number, " ".join(x.strip() for x in lines[start : number + 1] if x.strip())
        kept += not line.lstrip().startswith(">")
    return -1, ""


def _typed_in_marked(lines: list[str], ours: Request, header: tuple[int, str]) -> list[Typed]:
    """The lines of ``lines`` typed, unmarked, inside its quotation (below its first line
    marked '>', or its client's header, and above a later one), but the mail program's own
    (:func:`mail_made`)."""
    typed: list[Typed] = []
    waiting: list[Typed] = []  # typed since the last marked line: inside if one follows
    anchor = ""
    signed = False
    below = _next_with_text(lines)
    for number, line in enumerate(lines):
        if line.lstrip()[:1] == ">":
            typed += waiting
            waiting, signed = [], False
            anchor = re.sub(r"^[\s>]+", "", line).strip() or anchor
        elif number == header[0] and not anchor:
            anchor = header[1]
        elif anchor and _signature(line):
            signed = True  # a signature, with a quotation of its own below it, is no answer
        elif (
            anchor
            and line.strip()
            and not signed
            and not _footer(line)
            and not mail_made(line.strip(), anchor, below[number], ours)
        ):
            waiting.append((anchor, line.strip()))
    return typed


def _request_line(line: str, ours: Request, answers: Counter[tuple[str, ...]] | None) -> bool:
    """Whether ``line`` is one of the request's own: a line of its text (its greeting by
    name too), or, inside its quotation (with ``answers`` seen there), an answer line it
    lists (each once: "APPROVE …" and "CHANGES …" of each version; one more of them is
    typed). Above it, an answer line is the sender's own."""
    text = line.strip()
    if ours.quoted(line):  # not a greeting without a name: a signatory writes those too
        return True
    match = answer_line().match(text)
    if answers is None or match is None or match["rest"].strip():
        return False
    verb = answer_of_word()[match["verb"].lower()]
    key = (verb, *sorted(normal_id(i) for i in IDS.findall(match["ids"])))
    answers[key] += 1
    return answers[key] == 1


def _typed_in_unmarked(
    lines: list[str], ours: Request, header: tuple[int, str]
) -> list[tuple[Typed, Marking]]:
    """The lines typed inside a quotation of our request not marked with '>' (unmarked or
    indented, known by the request's own lines, or under a client's header above them), and
    those below the last quoted line (marked or not), but a mail program's own: the rest of
    a line it wrapped, its footer, and a signature under its "-- " line."""
    found: list[tuple[Typed, Marking]] = []
    waiting: list[Typed] = []
    anchor = ""  # the request's line nearest above (its pieces joined, where wrapped)
    marking: Marking = "unmarked"
    opened = False  # its first line seen: that tells how the whole quotation is marked
    headed = False  # under a client's header, no line of ours below it yet: maybe no request
    in_marked = False  # below a line marked '>': what is typed there is found apart
    answers: Counter[tuple[str, ...]] = Counter()
    below = _next_with_text(lines)
    wrapped_to = -1  # the last line of a request's line the mail program wrapped
    for number, line in enumerate(lines):
        words = line.strip()
        if number <= wrapped_to:
            continue
        if number == header[0] and not anchor:
            anchor, headed = header[1], True
            continue
        if words.startswith(">"):
            waiting, in_marked, headed = [], True, False
            anchor = re.sub(r"^[\s>]+", "", line).strip() or anchor
            continue
        if not words or (headed and " ".join(words.split()).casefold() in ours.greetings):
            continue  # the request's greeting, under the header: a signatory's too, elsewhere
        if anchor and _signature(line):
            break
        wrapped = _wrapped_line(lines, number, ours)
        if wrapped:
            wrapped_to = number + len(wrapped) - 1
            line, words = (
                line[: len(line) - len(line.lstrip())] + " ".join(wrapped),
                " ".join(wrapped),
            )
        if wrapped or _request_line(line, ours, answers if anchor else None):
            if not opened or in_marked:
                marking = "indented" if line[:1].isspace() else "unmarked"
            if not in_marked and not (headed and not wrapped and not ours.quoted(line)):
                found += [(pair, marking) for pair in waiting]  # not above an answer line
            waiting, anchor, in_marked, opened, headed = [], words, False, True, False
            continue
        if not anchor or _footer(line):
            continue
        joined = ours.goes_on(anchor, words) if len(anchor) < _LONGEST else ""
        if joined:
            anchor = joined  # a line wrapped in three is joined in turn
        elif not mail_made(words, anchor, below[number], ours):
            waiting.append((anchor, words))
    if headed:  # the quoted message is not our request, nor anything typed into it
        return found
    after: Marking = "after" if opened and marking == "unmarked" and not in_marked else "below"
    return found + [(pair, after) for pair in waiting]


def _wrapped_line(lines: list[str], number: int, ours: Request) -> list[str]:
    """The lines from ``number`` on (up to four) that make a line of the request, or a start
    of one long enough to be known (a draft's line to its version), where a mail program
    wrapped it and its first piece alone is too short to be known (else []). The last of
    them alone is no whole line of it: a line of ours after a typed "No" is not taken for
    the end of one that takes any words first."""
    if ours.quoted(lines[number]):  # known as it is: the words after it are its own
        return []
    pieces: list[str] = []
    for line in lines[number : number + 4]:
        if not line.strip() or line.lstrip()[:1] == ">":
            break
        pieces.append(line.strip())
        joined = " ".join(pieces)
        if len(pieces) > 1 and ours.quoted(joined):  # a start long enough to know, at least
            return [] if ours.whole_line(pieces[-1]) else pieces
    return []


def mail_made(words: str, above: str, below: str, ours: Request) -> bool:
    """Whether ``words``, typed unmarked inside a quotation under its line ``above`` with
    ``below`` the next line, are the mail program's, not the sender's: the rest of ``above``
    as the program wrapped it, a line of our request, or a client's "On … wrote:" over a
    quotation of its own. Else, never words that may refuse or an answer line: held, they
    cost a reading."""
    if ours.goes_on(above, words):
        return True  # the rest of a line of the request cut short, whatever it says ("If …")
    if REFUSING.search(words) or answer_line().match(words.strip()):
        return False
    joined = above + words.strip()
    if ours.whole_line(joined) and ours.cuts_file(above, joined):
        return True  # a file name the request listed, cut by the program, whole again
    return ours.whole_line(words) or bool(
        WROTE.search(words.strip()) and below.lstrip().startswith(">")
    )


def bare_approve(words: str, approved: set[str]) -> bool:
    """Whether ``words`` are an APPROVE line with nothing more on it, of versions all among
    ``approved`` (the sender's own APPROVE answers)."""
    match = answer_line().match(words)
    if match is None:
        return False
    verb = answer_of_word()[match["verb"].lower()]
    ids = {normal_id(i) for i in IDS.findall(match["ids"])}
    return verb == "approve" and not match["rest"].strip(" \t-–—:.!,;") and ids <= approved
