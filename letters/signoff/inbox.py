"""Replies as they are kept: .eml files, mbox files and Maildir folders, read one message at
a time (a mailbox of years of mail is never held whole), and what tells one reply from
another — its Message-ID where it can, else, and with it, a digest of what its sender wrote.

A message may be read twice (:class:`Stored` reads it again when asked), so replies can be
put in the order they were written while only their places are kept in memory. A message
larger than :data:`REPLY_SIZE_LIMIT` is not read (:class:`ReplyTooLarge`).
"""

from __future__ import annotations

import hashlib
import mailbox
import re
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from letters.errors import LettersError

__all__ = [
    "REPLY_SIZE_LIMIT",
    "ReplyTooLarge",
    "Stored",
    "header_values",
    "one_line",
    "raw_header_values",
    "read_mail",
    "reply_id",
    "stored_mail",
    "written_digest",
]

# The most a reply may weigh, attachments and all, to be read: mail servers take messages
# of up to 25-50 MiB; one larger is a runaway (a broken mbox read as one message) or a trap.
REPLY_SIZE_LIMIT = 64 * 1024 * 1024


class ReplyTooLarge(LettersError):
    """Raised when a message is larger than :data:`REPLY_SIZE_LIMIT`; it is not read."""


@dataclass(frozen=True)
class Stored:
    """Where one message is kept: ``where`` names it in reports (``inbox.mbox#3``)."""

    where: str
    path: Path
    box: mailbox.Mailbox[Any] | None = None  # the mbox or Maildir it is in; None for an .eml file
    key: str = ""

    def read(self) -> bytes:
        """The message's bytes as kept, read now; :class:`ReplyTooLarge` past the limit."""
        with self.path.open("rb") if self.box is None else self.box.get_file(self.key) as file:
            raw = file.read(REPLY_SIZE_LIMIT + 1)
        if len(raw) > REPLY_SIZE_LIMIT:
            raise ReplyTooLarge(
                f"it is larger than {REPLY_SIZE_LIMIT // (1024 * 1024)} MiB, the limit"
                " ('reply size'), so it is not read"
            )
        return raw


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
                for number, key in enumerate(folder.keys(), start=1):
                    yield Stored(f"{path}#{number}", path, folder, key)
            else:
                yield Stored(str(path), path)
        elif path.exists():  # a device, a pipe: reading it could wait for ever
            raise LettersError(
                f"{path}: not a file or a folder; give the replies as .eml files, an mbox or a"
                " Maildir folder"
            )
        else:
            raise LettersError(f"{path}: no such file or folder")


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
    cannot read (``Message-ID: <>``, ``From: "``)."""
    try:
        return [str(value) for value in message.get_all(key) or []]
    except (IndexError, ValueError, TypeError, AttributeError, HeaderParseError):
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
