"""E-mail drafts (.eml) that a campaigner opens, checks and sends from their own mail program.

Each draft is one recipient's letter as a message with the PDF attached. The
tool never sends mail itself: a person reads every draft before it goes out.

Choices, and why:

* Headers are 7-bit ASCII with RFC 2047 encoded-words, not raw UTF-8 (RFC 6532).
  Every version of Thunderbird and Outlook reads encoded-words; raw 8-bit headers
  in an .eml are read in the Windows code page by older Outlook, which would
  garble Cyrillic names and subjects.
* We write those encoded-words ourselves. CPython's folder drops the spaces
  between words when it splits a long Cyrillic subject (the space becomes the
  separator between encoded-words, which RFC 2047 section 6.2 tells readers to
  ignore; see also python/cpython#144156). Ours splits after a space and keeps
  the space inside the encoded-word, so every RFC 2047 reader gets the text back.
* An attachment's name is written twice: ``Content-Disposition: filename``
  (RFC 2183; Thunderbird reads it first) and ``Content-Type: name`` (MS-OXCMAIL
  2.1.3.4.2.2 asks writers for it; older Outlook and Exchange read only that one).
  A plain ASCII name is quoted as it is. Any other name goes into ``filename`` as
  one RFC 2231 parameter, ``filename*=utf-8''%D0%BB...``, and into ``name`` as
  RFC 2047 encoded-words in quotes. RFC 2047 forbids them there, but it is the
  form Outlook writes and reads (MimeKit's FAQ on untitled attachments, MimeKit
  issues 186 and 231, MailKit issue 1041), and Thunderbird decodes it too
  (Mozilla's nsIMIMEHeaderParam reads both forms in parameters).
* Never RFC 2231 *continuations* (``filename*0*=...; filename*1*=...``), which
  CPython writes for names of about 66 characters or more: Outlook shows such an
  attachment as "Untitled attachment" or ATT00001.dat (MimeKit issue 281, for a
  long name), and simpler readers do not join them either (Indy issue 628). The
  one parameter may make its line longer than RFC 5322's 78 characters (a
  SHOULD); it has that line to itself (folding is allowed only between
  parameters), and a name whose line would pass the 998-octet MUST is refused.
* ``X-Unsent: 1`` makes Outlook open the file as an editable draft with a Send
  button. Thunderbird opens it as a message; "Edit as New Message" (Ctrl+E)
  turns it into a draft.
* Same inputs give the same bytes: the Date is the letter's date at 12:00 UTC
  (the same calendar day from UTC-11 to UTC+11, so Kyiv and Brussels see the
  letter's date), and the Message-ID and MIME boundary come from a hash of the
  content. Rebuilding a campaign therefore changes only the drafts whose letter
  changed.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email import policy as email_policy
from email.message import MIMEPart
from email.utils import format_datetime
from urllib.parse import quote

from letters.errors import Problem, problems_error
from letters.load.addresses import (
    HEADER_BAD,
    MAX_NAME,
    address_problem,
    has_control,
    parse_sender,
    sender_problem,
)

__all__ = ["Attachment", "make_draft", "validate_address", "validate_sender"]

# cte_type="7bit": bodies are base64 or quoted-printable, never raw 8-bit, so the
# file survives any transport or editor; SMTP gives CRLF line ends.
_POLICY = email_policy.SMTP.clone(cte_type="7bit")
_CRLF = "\r\n"
_MAX_LINE = 78  # RFC 5322 2.1.1: SHOULD be at most 78 characters
_LIMIT = 998  # RFC 5322 2.1.1: MUST be at most 998 octets
# 42 bytes are 56 base64 characters, an encoded-word of 68: under RFC 2047's 75,
# and "Subject: " plus one word still fits in 78.
_WORD_BYTES = 42
_ATEXT = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_NAME = r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"  # RFC 6838 restricted-name
_MIMETYPE = re.compile(f"{_NAME}/{_NAME}")
# Headers refuse letters.load.addresses.HEADER_BAD, invisible format characters included;
# the body only what breaks it: Python splits lines at U+2028 and friends.
_BODY_BAD = frozenset({"Cc", "Cs", "Zl", "Zp"})
# RFC 2231 attribute-char minus letters and digits: kept as they are in filename*=.
_KEPT = "!#$&+-.^_`|~"


@dataclass(frozen=True)
class Attachment:
    """A file attached to a draft, usually the recipient's letter as PDF (a ``text/…`` one
    is UTF-8)."""

    filename: str
    data: bytes
    mimetype: str = "application/pdf"


def validate_address(value: str) -> bool:
    """Whether ``value`` is exactly one plain e-mail address, ``name@example.org``.

    The rule is :func:`letters.load.addresses.address_problem`, the one a workspace's
    directory is checked with when it loads.
    """
    return address_problem(value) is None


def validate_sender(value: str) -> bool:
    """Whether :func:`make_draft` accepts ``value`` as sender: ``Name <address>`` or an address."""
    return sender_problem(value) is None


def make_draft(
    *,
    sender: str,
    to_name: str,
    to_address: str,
    subject: str,
    body: str,
    attachments: Sequence[Attachment],
    date: dt.date,
    language: str,
    label: str,
) -> bytes:
    """One recipient's letter as an RFC 5322 message ready to open in a mail program.

    ``sender`` is ``"Name <name@example.org>"`` or a bare address. ``body`` is
    plain text; it is stored with CRLF line breaks and ends with a line break.
    Surrounding spaces of the subject and names are dropped.

    Raises :class:`~letters.errors.WorkspaceError` listing every unusable field,
    each named after ``label`` (where the values came from); values are never
    quoted because they may be private.
    """
    fields = {
        "sender": sender,
        "to_name": to_name,
        "to_address": to_address,
        "subject": subject,
        "language": language,
    }
    problems = [Problem(label, None, where, why) for where, why in _problems(fields, body)]
    problems += [
        Problem(label, None, f"attachments[{n}].{where}", why)
        for n, attachment in enumerate(attachments)
        for where, why in _attachment_problems(attachment)
    ]
    if problems:
        raise problems_error(problems, "the e-mail draft")
    from_name, from_address = parse_sender(sender) or ("", "")

    record = {
        **fields,
        "body": body,
        "date": date.isoformat(),
        "attachments": [
            [a.filename, a.mimetype, hashlib.sha256(a.data).hexdigest()] for a in attachments
        ],
    }
    blob = json.dumps(["letters-draft-1", record], sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(blob.encode("utf-8")).hexdigest()

    noon = dt.datetime(date.year, date.month, date.day, 12, tzinfo=dt.timezone.utc)
    domain = from_address.rpartition("@")[2].lower()
    headers = [
        _fold("From", _mailbox(from_name.strip(), from_address)),
        _fold("To", _mailbox(to_name.strip(), to_address)),
        _fold("Subject", _text(subject.strip())),
        f"Date: {format_datetime(noon)}",
        f"Message-ID: <{digest[:32]}@{domain}>",
        f"Content-Language: {language}",
        "X-Unsent: 1",
        "MIME-Version: 1.0",
    ]
    head = (_CRLF.join(headers) + _CRLF).encode("ascii")
    return head + _mime_content(body, attachments, digest)


def _problems(fields: dict[str, str], body: str) -> list[tuple[str, str]]:
    """(field, message) for every unusable header field and the body."""
    found = [
        (where, "contains a line break or control character")
        for where, value in fields.items()
        if has_control(value, HEADER_BAD)
    ]
    if has_control(body.replace("\r\n", "\n"), _BODY_BAD, allowed="\t\n"):
        found.append(("body", "contains a control character other than tab and line break"))
    bad = {where for where, _ in found}
    if "sender" not in bad:
        why = sender_problem(fields["sender"])
        if why:
            found.append(("sender", why))
    if "to_address" not in bad:
        why = address_problem(fields["to_address"])
        if why:
            found.append(("to_address", why))
    if len(fields["to_name"].strip()) > MAX_NAME:
        found.append(("to_name", f"longer than {MAX_NAME} characters"))
    if not fields["subject"].strip():
        found.append(("subject", "empty"))
    if "language" not in bad and not _LANGUAGE.fullmatch(fields["language"]):
        found.append(("language", "not a language tag like uk-UA"))
    return found


def _attachment_problems(attachment: Attachment) -> list[tuple[str, str]]:
    found = []
    name = attachment.filename
    if has_control(name, HEADER_BAD):
        found.append(("filename", "contains a line break or control character"))
    elif not name.strip() or name in {".", ".."} or "/" in name or "\\" in name:
        found.append(("filename", "not a plain file name"))
    else:
        width = 1 + len(_filename(name))  # the folding space, then the parameter
        if width > _LIMIT:
            found.append(
                (
                    "filename",
                    f"too long for an e-mail header: {width} characters once encoded,"
                    f" at most {_LIMIT} fit on its line; shorten the name",
                )
            )
    if not _MIMETYPE.fullmatch(attachment.mimetype):
        found.append(("mimetype", "not a media type like application/pdf"))
    return found


def _mime_content(body: str, attachments: Sequence[Attachment], digest: str) -> bytes:
    """The MIME part of the message: its Content-* headers, a blank line, the content.

    The standard library writes the text part: it chooses 7bit, quoted-printable or
    base64 for the body. The multipart/mixed around it (RFC 2046 section 5.1.1) and
    the attachments we write ourselves, byte for byte as the library wrote them
    (tests/test_mail_bytes.py): its generator splits a base64 body into lines and
    writes them one at a time, which took most of a draft's time.
    """
    text = body.replace("\r\n", "\n")
    if not text.endswith("\n"):
        text += "\n"
    part = MIMEPart(policy=_POLICY)
    part.set_content(text, charset="utf-8")
    content = part.as_bytes(policy=_POLICY)
    if not attachments:
        return content
    parts = [content, *(_attachment_part(attachment) for attachment in attachments)]
    for counter in range(100):
        seed = hashlib.sha256(f"{digest}:{counter}".encode("ascii")).hexdigest()
        boundary = f"=_letters_{seed[:32]}"
        head = f'Content-Type: multipart/mixed;{_CRLF} boundary="{boundary}"{_CRLF}'
        delimiter = f"{_CRLF}--{boundary}{_CRLF}".encode("ascii")
        end = f"{_CRLF}--{boundary}--{_CRLF}".encode("ascii")
        data = delimiter.join([head.encode("ascii"), *parts]) + end
        # A boundary must not occur inside a part: one per part plus the closing one.
        if data.count(f"--{boundary}".encode("ascii")) == len(attachments) + 2:
            return data
    raise AssertionError("no MIME boundary found that is absent from the content")


def _attachment_part(attachment: Attachment) -> bytes:
    """An attachment's part: its headers, a blank line, its data in base64.

    ``base64.encodebytes`` gives lines of 76 characters, RFC 2045's longest; they end
    in CRLF like every other line of the draft.
    """
    headers = ["Content-Transfer-Encoding: base64"]
    headers += [f"{name}: {value}" for name, value in _name_headers(attachment)]
    head = (_CRLF.join(headers) + _CRLF + _CRLF).encode("ascii")
    return head + base64.encodebytes(attachment.data).replace(b"\n", b"\r\n")


def _plain(name: str) -> bool:
    """Whether a file name can stand in quotes as it is, with nothing to decode."""
    return name.isascii() and '"' not in name and "\\" not in name and "=?" not in name


def _filename(name: str) -> str:
    """The ``filename`` parameter: quoted, or one RFC 2231 parameter, never continued."""
    if _plain(name):
        return f'filename="{name}"'
    return "filename*=utf-8''" + quote(name, safe=_KEPT, encoding="utf-8")


def _media_type(mimetype: str) -> str:
    """The Content-Type value: a text attachment is UTF-8, and says so."""
    return f"{mimetype}; charset=utf-8" if mimetype.startswith("text/") else mimetype


def _name_headers(attachment: Attachment) -> list[tuple[str, str]]:
    """Content-Disposition and Content-Type of an attachment, folded with CRLF.

    The parameter goes on the header's first line when all of it fits in 78
    characters, else on lines of its own. ``name`` is a quoted string; a name
    that is not plain ASCII is encoded-words in it, one per line: a reader
    drops the folding whitespace between them (RFC 2047 section 6.2).
    """
    name = attachment.filename
    words = [name] if _plain(name) else _encoded_words(name)
    quoted = [f'name="{words[0]}', *words[1:]]
    quoted[-1] += '"'
    headers = []
    for header, value, param in [
        ("Content-Disposition", "attachment", [_filename(name)]),
        ("Content-Type", _media_type(attachment.mimetype), quoted),
    ]:
        line = f"{value}; {param[0]}"
        if len(param) == 1 and len(f"{header}: {line}") <= _MAX_LINE:
            headers.append((header, line))
        else:
            headers.append((header, _CRLF.join([f"{value};", *(f" {p}" for p in param)])))
    return headers


def _text(value: str) -> list[str]:
    """Tokens of an unstructured header (Subject), joined by foldable spaces."""
    words = value.split(" ")
    if value.isascii() and "=?" not in value and all(len(w) <= _MAX_LINE - 10 for w in words):
        return words
    return _encoded_words(value)


def _mailbox(name: str, address: str) -> list[str]:
    """Tokens of ``name <address>`` joined by foldable spaces."""
    if not name:
        return [address]
    if not name.isascii() or "=?" in name:
        return [*_encoded_words(name), f"<{address}>"]
    words = name.split()
    if all(_ATEXT.fullmatch(w) for w in words):
        return [*words, f"<{address}>"]
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    return [f'"{quoted}"', f"<{address}>"]


def _encoded_words(value: str) -> list[str]:
    """RFC 2047 B-encoded words, split after spaces where possible.

    Readers drop the whitespace between encoded-words, so a space that belongs
    to the text travels inside the word before it.
    """
    chunks: list[str] = []
    current = ""
    for piece in re.findall(r"\S+\s*|\s+", value):
        if len((current + piece).encode("utf-8")) <= _WORD_BYTES:
            current += piece
            continue
        if current:
            chunks.append(current)
            current = ""
        while len(piece.encode("utf-8")) > _WORD_BYTES:
            cut = _WORD_BYTES
            while len(piece[:cut].encode("utf-8")) > _WORD_BYTES:
                cut -= 1
            chunks.append(piece[:cut])
            piece = piece[cut:]
        current = piece
    if current:
        chunks.append(current)
    return [f"=?utf-8?b?{base64.b64encode(c.encode('utf-8')).decode('ascii')}?=" for c in chunks]


def _fold(name: str, tokens: list[str]) -> str:
    """``Name: token token ...`` with CRLF inserted before spaces to keep lines short."""
    line = f"{name}:"
    lines: list[str] = []
    for n, token in enumerate(tokens):
        if n and len(line) + 1 + len(token) > _MAX_LINE:
            lines.append(line)
            line = ""
        line += f" {token}"
    lines.append(line)
    return _CRLF.join(lines)
