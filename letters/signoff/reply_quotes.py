"""What in a reply is quoted, not the sender's own: the lines to leave out before it is read.

Mail programs quote the message answered, and a review request holds the very lines to copy,
so everything quoted is dropped before the answers are read (see :func:`own_lines`): lines
starting with ``>`` (or with ``|`` under Outlook's header, as its option to prefix each line
may mark them); everything from our own request on, known by its sentences wherever it
stands, marked or not (see :class:`letters.signoff.reply_request.Request`); and everything
from a client's quotation header on — "On … wrote:" in any language («… пише:», "Am …
schrieb …:", «ср, 2 дек. 2026 г. в 12:00, …:»: a line ending with a colon that names an
address, the request's sender or a verb of writing, with an answer line or the request below
it; a date or a time alone does not make one, "Not before 12 May 2021:" is the signatory's),
Outlook's "From: … Sent: …" block (in any of the three languages, its Sent or Date line
naming a year or a time) and its line of ten or more underscores when such
a block, or a block of labelled lines as below, opens within the next three non-blank lines,
"-----Original Message-----", a forwarded message's header; from a client in any other
language, a line of five dashes or more around words ("-----Ursprüngliche Nachricht-----")
that name an address or a date with its time, or that name no number and have a labelled
line ("Von: …") within the next three non-blank lines, and a block of labelled lines that
names a date with its time ("Von: … <…@…>", "Gesendet: … 2020 10:00") — and everything after
a signature's "-- " line. A signatory's own lines of that look stay theirs: "--- paragraph 2
---", "----- Summary -----" above their prose, a line of underscores between their points or
above their name, "From: paragraph 2, …" above "Date: should be 21 May, not 20 May",
"Contact: office@…" above "Re: paragraph 3: …", "… what the rapporteur wrote:" above the
words quoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from typing import Literal

from letters.signoff.reply_grammar import REFUSING, answer_line
from letters.signoff.reply_outlook import prefixed_as_marked
from letters.signoff.reply_request import Request, normal

_QUOTE_HEADER = re.compile(
    r"(^-+\s*Original Message\s*-+)|(^-+\s*Forwarded message\s*-+)"
    r"|(^Begin forwarded message:)|(^-+\s*(Пересланное|Переслане) (сообщение|повідомлення)\s*-+)",
    re.IGNORECASE,
)
# a client's "… wrote:" in the languages of Europe: at the end of its line, or anywhere in it
_VERB = (
    r"wrote|writes|schrieb|a\s+écrit|escribió|escreveu|escribiu|scrisse|ha\s+scritto|schreef"
    r"|napisał|napisała|pisze|написал|написала|пишет|написав|пише|skrev|kirjoitti|írta"
    r"|napsal|napísal|rašė|rakstīja|kirjutas|έγραψε|yazdı"
)
WROTE = re.compile(r"(?<!\w)(?:" + _VERB + r")(?:\(\w+\))?\s?:\s*$", re.IGNORECASE)
_WRITES = re.compile(r"(?<!\w)(?:" + _VERB + r")(?!\w)", re.IGNORECASE)
# Outlook's line above the header it quotes, when one follows (see _underscores)
_UNDERSCORES = re.compile(r"^_{10,}$")
_OUTLOOK_FROM = re.compile(r"^\s*(From|Від|От):\s", re.IGNORECASE)
_OUTLOOK_SENT = re.compile(r"^\s*(Sent|Date|Надіслано|Отправлено|Дата):\s", re.IGNORECASE)
# The same in any language: "-------- Message transféré --------", "-----Ursprüngliche
# Nachricht-----" (five dashes or more on each side, as every client writes them), or a block
# of labelled lines ("De : …", "Von: …", "Nuo: …") that names a date with its time.
_SEPARATOR = re.compile(r"^-{5,}\s*(?P<words>[^-\s].*?)\s*-{5,}$")
_LABELLED = re.compile(r"^[^\W\d_][^\W\d_.-]{0,19}(?: [^\W\d_]{1,19})?\s?:\s+\S")
_ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# no digit either side, not a word boundary: «2020年», «2020년» (Japanese, Chinese, Korean)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_TIME = re.compile(r"\b\d{1,2}[:.]\d\d(?![.:]?\d)")  # 10:00, 10.00 (Finnish), not 02.06.2020
# a day as a client writes it above a quotation: 2.12.2026, 2026-12-02, 2 Dec 2026, 2. Juni
# 2026, 2 de dic. de 2026, Dec 2, 2026, 2 дек.
_DATE = re.compile(
    r"(?<!\d)\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d\d)(?!\d)"
    r"|(?<!\d)(?:19|20)\d\d[./-]\d{1,2}[./-]\d{1,2}(?!\d)"
    r"|(?<!\d)\d{1,2}\.?\s+(?:de\s+)?[^\W\d_]{3,10}\.?,?\s+(?:de\s+)?(?:19|20)\d\d(?!\d)"
    r"|[^\W\d_]{3,10}\.?\s+\d{1,2},?\s+(?:19|20)\d\d(?!\d)"
    r"|(?<!\d)\d{1,2}\s+[^\W\d_]{3,5}\.",
)

# The request's sentences that stand on a line of their own and that no signatory writes:
# not its subject, nor its greetings without a name (a signatory greets with them too);
# why the lines below a reply's own were left out: a signature's "-- " line, our request's
# own text, or a client's quotation header (or Outlook's block, a forwarded message's)
Cut = Literal["signature", "request", "quotation", ""]


def own_lines(text: str, request: Request | None = None) -> list[str]:
    """The lines the sender wrote: no quoted lines, nothing from our ``request`` (when
    given), a quotation header or a signature on."""
    return own_lines_and_cut(text, request)[0]


# a postscript's mark: "P.S.", "PS:", "P.P.S.", «П.С.», «ПС»
_POSTSCRIPT = re.compile(r"(?:p\.?\s?)+s\b\.?|(?:п\.?\s?)+с(?![\w])\.?", re.IGNORECASE)


def below_signature(text: str, request: Request | None = None) -> list[str]:
    """The postscript below the first signature separator ("-- ", or "--" as some programs
    send it) of ``text``: its first line starting "P.S." (or "PS", «П.С.») and the lines
    after it, up to a quotation or our request below it ("P.S. No, wait: …" may refuse an
    approval above it); the rest of a signature (a name, an address, a notice to whoever
    received the message by mistake) is not read."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    at = next((n for n, line in enumerate(lines) if line.rstrip() in ("--", "-- ")), None)
    if at is None:
        return []
    below = own_lines("\n".join(lines[at + 1 :]), request)
    start = next((n for n, line in enumerate(below) if _POSTSCRIPT.match(line.strip())), None)
    return [] if start is None else below[start:]


def own_lines_and_cut(text: str, request: Request | None = None) -> tuple[list[str], Cut]:
    """:func:`own_lines` of ``text``, and what ended them ("" when nothing did), so that a
    reply whose answer was left out can be told the true reason."""
    ours = request or Request()
    lines = prefixed_as_marked(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    # whether an answer line or a line of our request stands below each line: read once, as
    # the lines below each were read again for every line (a reply of 20,000 lines took
    # minutes); and the tests below look at what lies after a line only where its own text
    # can open a quotation, and then only as far as they read
    answer_below = [False] * (len(lines) + 1)
    for number in range(len(lines) - 1, -1, -1):
        line = lines[number]
        answer_below[number] = answer_below[number + 1] or bool(
            line.strip()
            and (answer_line().match(re.sub(r"^[\s>]+", "", line)) or ours.quoted(line))
        )
    out: list[str] = []
    for number, line in enumerate(lines):
        if line.rstrip() in ("--", "-- "):
            return out, "signature"
        if ours.quoted(line):
            return _above_quotation(out, ours, blank=True), "request"
        if line.lstrip().startswith(">"):
            continue
        text = line.strip()
        if _QUOTE_HEADER.search(text) or (
            text.endswith(":") and _attribution(line, lines, number, answer_below, ours)
        ):
            return _above_quotation(out, ours, blank=False), "quotation"
        if _outlook_block(lines[number : number + 4]) or (
            _UNDERSCORES.match(text) and _underscores(line, lines, number)
        ):
            return out, "quotation"
        if (_SEPARATOR.match(text) and _separator(text, lines, number)) or _header_block(
            lines[number : number + 16]  # all it reads: 12 lines, and Outlook's 4 from one
        ):
            return out, "quotation"
        out.append(line)
    return out, ""


def _sends(text: str, ours: Request) -> bool:
    """Whether ``text`` names a sender: an address, or the request's sender by name."""
    if _ADDRESS.search(text):
        return True
    folded = text.casefold()
    return any(re.search(r"(?<!\w)" + re.escape(x) + r"(?!\w)", folded) for x in ours.sender)


def _named(text: str, ours: Request) -> bool:
    """Whether ``text`` names what only a client's quotation header names: a sender (an
    address or the request's), a date or a time."""
    return _sends(text, ours) or bool(_DATE.search(text) or _TIME.search(text))


def _header_line(text: str, ours: Request) -> bool:
    """Whether ``text`` may be the line of a client's "On … wrote:" that ends it: it names a
    sender or a verb of writing. A date or a time alone does not make one: "Not before 12
    May 2021:" typed above the quotation is the signatory's own, and is read."""
    return _sends(text, ours) or bool(_WRITES.search(text))


def _heading(text: str, ours: Request) -> bool:
    """Whether ``text`` may be (a part of) a client's quotation header: it names what one
    names, or a verb of writing; an answer line, or words that may refuse, never are."""
    if not text or answer_line().match(text) or REFUSING.search(text):
        return False
    return _named(text, ours) or bool(_WRITES.search(text))


def _above_quotation(out: list[str], ours: Request, *, blank: bool) -> list[str]:
    """``out`` without the client's quotation header at its end, above the quotation found
    below it: (when ``blank``, above the request found, after the blank lines and the
    request's greeting above it) a line ending with a colon that names what such a header
    names, and the lines of it the mail program wrapped above it (up to two, naming the
    same, not ending a sentence)."""
    end = len(out)
    if blank:
        while end and not out[end - 1].strip():
            end -= 1
        if end and normal(out[end - 1]) in ours.greetings:
            end -= 1
            while end and not out[end - 1].strip():
                end -= 1
        text = out[end - 1].strip() if end else ""
        if not (text.endswith(":") and _heading(text, ours) and _header_line(text, ours)):
            return out[:end]
        end -= 1
    for _ in range(2):
        text = out[end - 1].strip() if end else ""
        if not _heading(text, ours) or text.endswith((".", "!", "?", ":")):
            break
        end -= 1
    return out[:end]


def _ahead(lines: list[str], start: int) -> list[list[str]]:
    """The next few (three) non-blank lines of ``after``, each with the lines after it, up to
    a line that opens a quotation of its own (quoted with ``>``, a signature's "--", a line of
    underscores or dashes, a client's header): that line decides for itself, so a signatory's
    separator a few lines above a client's is not taken for it."""
    found: list[list[str]] = []
    for number in range(start, len(lines)):
        text = lines[number].strip()
        if not text:
            continue
        if len(found) == 3 or text.startswith(">") or text == "--" or _UNDERSCORES.match(text):
            break
        if _QUOTE_HEADER.search(text) or _SEPARATOR.match(text):
            break
        found.append(lines[number : number + 16])  # as far as a header's tests read
    return found


def _outlook_block(lines: list[str]) -> bool:
    """Whether ``lines`` open Outlook's "From: …" / "Sent: …" block (uk «Від:» / «Надіслано:»,
    ru «От:» / «Отправлено:», or "Date:"): a From line, and within the three lines after it
    a Sent line naming a year or a time, as Outlook always writes it. A signatory's own
    "From: paragraph 2, …" above "Date: should be 21 May, not 20 May" names neither."""
    if not lines or not _OUTLOOK_FROM.match(lines[0]):
        return False
    return any(_OUTLOOK_SENT.match(x) and (_YEAR.search(x) or _TIME.search(x)) for x in lines[1:4])


def _underscores(line: str, lines: list[str], number: int) -> bool:
    """Whether ``line`` is Outlook's line of ten or more underscores above the header of the
    message it quotes: one of the next three non-blank lines opens Outlook's "From: … Sent:
    …" block or a block of labelled lines naming a date with its time. A signatory's own line
    of underscores, between their points or above their name, is followed by neither."""
    if not _UNDERSCORES.match(line.strip()):
        return False
    return any(_outlook_block(x) or _header_block(x) for x in _ahead(lines, number + 1))


def _attribution(
    line: str, lines: list[str], number: int, answer_below: list[bool], ours: Request
) -> bool:
    """Whether ``line`` is a client's "On … wrote:" (in any language: «… пише:», "Am …
    schrieb …:", «ср, 2 дек. 2026 г. в 12:00, … <…@…>:») above the message it quotes.

    A line ending with "wrote:" (or its like) that names the time or an address, or with
    the quotation below it (a line starting with ``>``, or nothing in an HTML reply, whose
    blockquote is gone); or any line ending with a colon with an answer line or a line of the
    request below it: anywhere below, when it names a sender (an address, the request's
    sender) or a verb of writing with a date or a time; among the next three non-blank lines
    when it names only a verb of writing. A signatory quoting someone in a sentence ("… what
    the 2019 report wrote:" and the words on the next line) is none of these, nor is a line
    naming only a date or a time ("Not before 12 May 2021:")."""
    text = line.strip()
    if not text.endswith(":"):
        return False

    def after() -> Iterator[str]:  # the lines below it (islice would read them from line 0)
        return (lines[n] for n in range(number + 1, len(lines)))

    if WROTE.search(text):
        if _TIME.search(text) or _ADDRESS.search(text):
            return True
        following = next((x.strip() for x in after() if x.strip()), "")
        if not following or following.startswith(">"):
            return True
    verb = bool(_WRITES.search(text))
    if not _header_line(text, ours):  # a date or a time alone: "Not before 12 May 2021:"
        return False
    if _sends(text, ours) or (verb and _named(text, ours)):
        return answer_below[number + 1]  # anywhere below
    # a date or a verb alone: the quotation starts right below it
    below = islice((x for x in after() if x.strip()), 3)
    return any(answer_line().match(re.sub(r"^[\s>]+", "", x)) or ours.quoted(x) for x in below)


def _separator(line: str, lines: list[str], number: int) -> bool:
    """Whether ``line`` is a client's dashed line above a forwarded or quoted message, in any
    language ("-----Original Message-----", "-------- Message transféré --------", Notes'
    "----- Forwarded by … on 02.06.2020 10:00 -----"): five dashes or more on each side of
    words that name an address or a date with its time, or of words without a number with a
    labelled line ("Von: …", "De : …") among the next three non-blank lines, as the header
    of the message below it. A signatory's own heading ("--- paragraph 2 ---", "----- point 3
    -----", "----- Summary -----" above their prose) is not one."""
    match = _SEPARATOR.match(line)
    if match is None:
        return False
    words = match["words"]
    if _ADDRESS.search(words) or _dated(words):
        return True
    if re.search(r"\d", words):
        return False
    return any(
        _LABELLED.match(x[0].strip()) and not answer_line().match(x[0].strip())
        for x in _ahead(lines, number + 1)
    )


def _dated(text: str) -> bool:
    """Whether ``text`` holds a year and a time of day, as a client's header writes a date."""
    return bool(_YEAR.search(text) and _TIME.search(text))


def _header_block(lines: list[str]) -> bool:
    """Whether ``lines`` open with a quoted or forwarded message's header in a mail client
    of any language: labelled lines, one with a date and its time, as every client writes it
    ("Envoyé : mardi 2 juin 2020 10:00"), and with it another naming an address ("De : …
    <rasa@…>") or two more lines. A signatory's own labelled lines name no such date: a year
    alone ("Date: write 21 May 2020."), an address alone ("Contact: office@…") are theirs.
    An answer line ("APPROVE: …") is not a label."""
    run: list[str] = []
    for number, line in enumerate(x.strip() for x in lines[:12]):
        if not line:
            continue
        if not _LABELLED.match(line) or answer_line().match(line):
            break
        if run and _outlook_block(lines[number:]):  # Outlook's header starts there: the
            break  # signatory's "Date: should be 21 May" above it is no part of it
        run.append(line)
    if not any(_dated(x) for x in run):
        return False
    return len(run) >= 3 or (len(run) == 2 and any(_ADDRESS.search(x) for x in run))
