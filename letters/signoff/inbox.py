"""Replies as they are kept: .eml files, mbox files and Maildir folders, read one message at
a time (a mailbox of years of mail is never held whole), and what a reply says of itself as
its sender wrote it: what tells it from another — its Message-ID where it can, else, and with
it, a digest of what its sender wrote —, when it was written (:func:`written_on`) and whether
its From is a group rather than one sender (:func:`written_as_group`).

A message may be read twice (:class:`Stored` reads it again when asked), so replies can be
put in the order they were written while only their places are kept in memory. A message
larger than :data:`REPLY_SIZE_LIMIT` is not read (:class:`ReplyTooLarge`), nor one an mbox
cuts in two at a line of its own text beginning with "From " (:class:`ReplyNotWhole`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mailbox
import re
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from letters.errors import LettersError
from letters.render.tag_check import shortened

__all__ = [
    "REPLY_SIZE_LIMIT",
    "ReplyNotWhole",
    "ReplyTooLarge",
    "Stored",
    "header_values",
    "one_line",
    "raw_header_values",
    "read_mail",
    "reply_id",
    "stored_mail",
    "written_as_group",
    "written_digest",
    "written_on",
]

# The most a reply may weigh, attachments and all, to be read: mail servers take messages
# of up to 25-50 MiB; one larger is a runaway (a broken mbox read as one message) or a trap.
REPLY_SIZE_LIMIT = 64 * 1024 * 1024


class ReplyTooLarge(LettersError):
    """Raised when a message is larger than :data:`REPLY_SIZE_LIMIT`; it is not read."""


class ReplyNotWhole(LettersError):
    """Raised when a message in an mbox goes on past a line of its text beginning with
    "From " that the mailbox takes for the start of the next; it is not read."""


@dataclass(frozen=True)
class Stored:
    """Where one message is kept: ``where`` names it in reports (``inbox.mbox#3``)."""

    where: str
    path: Path
    box: mailbox.Mailbox[Any] | None = None  # the mbox or Maildir it is in; None for an .eml file
    key: str = ""
    cut_at: int = 0  # in an mbox: the line of its text the mailbox cuts it at, if any

    def read(self) -> bytes:
        """The message's bytes as kept, read now; :class:`ReplyTooLarge` past the limit,
        :class:`ReplyNotWhole` for one its mbox cuts in two."""
        if self.cut_at:
            raise ReplyNotWhole(
                f"line {self.cut_at} of the mailbox begins with 'From ' inside this message,"
                " where its mail program should have written '>From ', so the mailbox cuts the"
                " message there and it cannot be read whole"
            )
        with self.path.open("rb") if self.box is None else self.box.get_file(self.key) as file:
            raw = file.read(REPLY_SIZE_LIMIT + 1)
        if len(raw) > REPLY_SIZE_LIMIT:
            raise ReplyTooLarge(
                f"it is larger than {REPLY_SIZE_LIMIT // (1024 * 1024)} MiB, the limit"
                " ('reply size'), so it is not read"
            )
        return raw

    def as_sent(self, raw: bytes) -> bytes:
        """The message ``raw`` read from here as its sender wrote it: in an mbox, a line of
        its text beginning with "From " is kept as ">From " (and ">From " as ">>From ", where
        the mail program wrote mboxrd); read as kept, a signatory's own "From now on I cannot
        sign it" would be taken for a line they quoted, and left unread. Where the program
        wrote mboxo, a line quoted as ">From …" is read as the sender's own then: words that
        begin with "From " may refuse or qualify an answer, never give one."""
        if isinstance(self.box, mailbox.mbox):
            return _ESCAPED_FROM.sub(rb"\1", raw)
        return raw


_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)


def stored_mail(paths: Iterable[Path], boxes: ExitStack) -> Iterator[Stored]:
    """Each message in ``paths`` — .eml files, mbox files, Maildir folders — in the order
    they are kept, not read yet; the mailboxes opened stay open until ``boxes`` closes."""
    for path in paths:
        if path.is_dir():
            if not all((path / sub).is_dir() for sub in ("cur", "new", "tmp")):
                raise LettersError(f"{path}: a folder that is not a Maildir (no cur, new, tmp)")
            box = mailbox.Maildir(str(path), factory=None, create=False)
            for key in sorted(box.keys()):
                yield Stored(f"{path}/{key}", path, box, key)
        elif path.is_file():
            with path.open("rb") as file:
                start = file.read(5)
            if start == b"From ":
                folder = mailbox.mbox(str(path), factory=None, create=False)
                boxes.callback(folder.close)
                yield from _mbox_messages(path, folder)
            else:
                yield Stored(str(path), path)
        elif path.exists():  # a device, a pipe: reading it could wait for ever
            raise LettersError(
                f"{path}: not a file or a folder; give the replies as .eml files, an mbox or a"
                " Maildir folder"
            )
        else:
            raise LettersError(f"{path}: no such file or folder")


# An mbox's own line before each message gives when it came, in asctime's order ("From
# sender Thu May 21 09:14:02 2020", Gmail's with "+0000" before the year) or another: a time
# and a year. A reply's line "From here on …" has neither
_ENVELOPE_TIME = re.compile(rb" \d{1,2}:\d{2}(?::\d{2})?(?![\d:])")
_ENVELOPE_YEAR = re.compile(rb" \d{4}(?!\d)")
_HEADER_FIELD = re.compile(rb"[!-9;-~]+[ \t]*:")  # a name of printable ASCII, then its colon


def _mbox_pieces(path: Path) -> list[tuple[int, bool]]:
    """Each piece the mailbox library cuts the mbox ``path`` into — at every line beginning
    with "From " — as the number of that line and whether a message begins there: the line
    reads as an mbox's own, and a header field follows it."""
    pieces: list[tuple[int, bool]] = []
    with path.open("rb") as file:
        opened: tuple[int, bool] | None = None  # a "From " line; the line after it not read
        for number, line in enumerate(file, start=1):
            if opened is not None:
                pieces.append((opened[0], opened[1] and bool(_HEADER_FIELD.match(line))))
                opened = None
            if line.startswith(b"From "):
                envelope = bool(_ENVELOPE_TIME.search(line) and _ENVELOPE_YEAR.search(line))
                opened = (number, envelope)
        if opened is not None:
            pieces.append((opened[0], False))
    return pieces


def _mbox_messages(path: Path, folder: mailbox.mbox) -> Iterator[Stored]:
    """The messages of ``folder``, read from ``path``: a piece that does not begin a message
    is the text of the one before it, so that one is not read (:class:`ReplyNotWhole`) — a
    reply cut at its line "From here on I withdraw my name" must not be read as ending above
    it."""
    pieces = _mbox_pieces(path)
    keys = folder.keys()
    if len(pieces) != len(keys):
        raise LettersError(
            f"{path}: it changed while it was read (a mail program wrote to it); nothing"
            " recorded: run the command again"
        )
    messages: list[tuple[str, int]] = []  # the key of each message, and the line it is cut at
    for (line, begins), key in zip(pieces, keys, strict=True):
        if begins:
            messages.append((key, 0))
        elif not messages:
            raise LettersError(
                f"{path}:{line}: begins with 'From ' as an mbox does, but no message follows"
                " (no header lines under it); give the replies as .eml files, an mbox or a"
                " Maildir folder"
            )
        elif not messages[-1][1]:
            messages[-1] = (messages[-1][0], line)
    for number, (key, cut_at) in enumerate(messages, start=1):
        yield Stored(f"{path}#{number}", path, folder, key, cut_at)


def read_mail(paths: Iterable[Path]) -> Iterator[tuple[str, bytes]]:
    """Each message in ``paths`` — .eml files, mbox files, Maildir folders — as (where, raw),
    read one at a time."""
    with ExitStack() as boxes:
        for stored in stored_mail(paths, boxes):
            yield stored.where, stored.read()


def one_line(value: object) -> str:
    """A header value on one line, without control characters (nor the invisible marks that
    turn the text after them around on a terminal: U+202E and its kin)."""
    return re.sub(_UNSHOWN, " ", str(value or "")).strip()


_CONTROL = r"[\x00-\x1f\x7f\u2028\u2029]+"  # as the digests of replies already recorded read it
_UNSHOWN = r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069]+"


def raw_header_values(message: EmailMessage, key: str) -> list[str]:
    """The values of the header ``key`` as the message holds them, not parsed."""
    return [str(value) for name, value in message.raw_items() if name.lower() == key]


def header_values(message: EmailMessage, key: str) -> list[str]:
    """The values of the header ``key``, parsed as the mail library reads them where it can,
    else as written: its parser stops with IndexError on an address or a Message-ID it
    cannot read (``Message-ID: <>``, ``From: "``), and with OverflowError on a Date whose
    year has twenty digits."""
    try:
        return [str(value) for value in message.get_all(key) or []]
    except (IndexError, ValueError, TypeError, AttributeError, OverflowError, HeaderParseError):
        return raw_header_values(message, key)


_WRITTEN = ("from", "sender", "to", "cc", "subject", "date", "in-reply-to", "references")


def _written(raw: bytes, message: EmailMessage) -> str:
    """The sha256 of what the sender wrote — the headers of ``_WRITTEN`` and the body — and
    not what servers and mail programs add on the way (Received, Authentication-Results,
    X-Mozilla-Status, CRLF line ends): a reply without a Message-ID is known by it, so its
    copies in two mailboxes, or delivered twice, are one reply."""
    head = "\n".join(
        f"{key}: {re.sub(_CONTROL, ' ', value).strip()}"
        for key in _WRITTEN
        for value in header_values(message, key)
    )
    body = re.split(rb"\r?\n\r?\n", raw, maxsplit=1)[1:] or [b""]
    text = head.encode("utf-8", "replace") + b"\n\n" + body[0].replace(b"\r\n", b"\n").rstrip()
    return hashlib.sha256(text).hexdigest()


# A Message-ID that can tell one reply from another: something between its angle brackets
# (or written without them), printable ASCII, no space. Any other ("<>", "< >", blank, one
# with a space or an invisible mark) is shared by replies that are not one.
_USABLE_ID = re.compile(r"<[!-;=?-~]+>|[!-;=?-~]+")


def written_digest(raw: bytes, message: EmailMessage) -> str:
    """``sha256:`` and a digest of what the sender of ``raw`` wrote: two different replies
    never share it, two copies of one do, whatever servers added to each on the way."""
    return f"sha256:{_written(raw, message)}"


def reply_id(raw: bytes, message: EmailMessage) -> str:
    """What names the reply ``raw`` in reports and the ledger: its Message-ID, or, where it
    has none that can tell replies apart (``<>``, a blank one), its :func:`written_digest`.
    A mail program may write one well-formed Message-ID on every reply (``<1@localhost>``),
    so the name alone does not tell one reply from the next: the digest goes with it."""
    message_id = one_line(next(iter(header_values(message, "message-id")), ""))
    return message_id if _USABLE_ID.fullmatch(message_id) else written_digest(raw, message)


_SKEW = dt.timedelta(days=1)  # a Date later than now by more than this is in the future
# No reply to a draft of letters is older than this: a Date before it is a clock reset to its
# start (1970, 1980) or a year a mail program wrote wrong. Replies are ordered by their Date,
# so such a reply would sort before every answer, and an APPROVE written before it would
# stand over it: it is read by hand, as one dated in the future is
_EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
# the first number of three digits or more in a Date not in its time or its zone: its year
_YEAR = re.compile(r"(?<![\d:+-])\d{3,}(?![\d:])")


def written_on(message: EmailMessage) -> dt.datetime | str:
    """When the sender wrote ``message``, by its Date (one without a zone taken as UTC); else
    why that cannot be known, as the report says it."""
    # as written: the mail library's own reading of the header writes the year it took
    values = raw_header_values(message, "date")
    if not values:
        return "has no Date"
    value = one_line(values[0])
    try:
        when = parsedate_to_datetime(value)
        # the mail library reads a year below 100 as 19xx or 20xx (RFC 5322's two-digit
        # years) even where it is written in four digits: "0001" is not 2001
        year = _YEAR.search(value)
        when = when.replace(year=int(year[0])) if year else when
    except (TypeError, ValueError, OverflowError):  # OverflowError: a year of 20 digits
        return f"has a Date that cannot be read ({shortened(value)})"
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    if when > dt.datetime.now(dt.timezone.utc) + _SKEW:
        return f"is dated {when.isoformat()}, in the future"
    if when < _EARLIEST:
        return f"is dated {when.isoformat()}, before {_EARLIEST.year}, a date no reply can have"
    return when


def written_as_group(written: str) -> bool:
    """Whether the From ``written`` is a group ("MEPs: a@b;", RFC 5322's for those it is sent
    to): a colon outside its quoted names, comments and angle brackets. Read as written, as
    the mail library reads an unclosed one as the one address in it."""
    quoted = escaped = in_angle = False
    depth = 0  # of comments, which nest
    for char in written:
        if escaped:
            escaped = False
        elif char == "\\" and (quoted or depth):
            escaped = True
        elif quoted:
            quoted = char != '"'
        elif depth:
            depth += {"(": 1, ")": -1}.get(char, 0)
        elif in_angle:
            in_angle = char != ">"
        elif char == ":":
            return True
        else:
            quoted, in_angle, depth = char == '"', char == "<", int(char == "(")
    return False
