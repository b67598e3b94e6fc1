"""Replies in: signatories' answers read from e-mail and recorded in the sign-off ledger.

A reply is attributed by its ``From`` address: a signatory's ``email`` in the directory, or
an address listed in a signatory's ``delegates`` (an assistant answering for them, recorded
as such). Which letter and language it answers comes from the version ids in it
(:mod:`letters.signoff.reply_text`), never from the subject. Nothing is recorded from a reply
that cannot be attributed; a version that is no longer current is not recorded either — the
signatory must be sent the current draft. Each answer of a reply is recorded by
:mod:`letters.signoff.reply_record`.

What the entry's ``via`` keeps: the Message-ID, the date, the sender, the sha256 of the
message as received, ``written`` and the digest of what its sender wrote
(:func:`~letters.signoff.inbox.written_digest`) and the receiving server's
``Authentication-Results`` verdict for DKIM,
SPF and DMARC with their domains (the topmost such header of a server ``email_authserv_id``
names; see :mod:`letters.signoff.mail_auth`). A reply without a DKIM or SPF pass aligned with its
From domain, or with a DMARC fail, or read without ``email_authserv_id`` (no verdict is then
trusted), is recorded all the same, flagged ``UNAUTHENTICATED`` (the last field of ``via``)
and in the report; ``authenticated_only`` refuses it instead. Its APPROVE is not recorded
where it would turn the signatory's authenticated CHANGES or revocation of that version into a
yes (:mod:`letters.signoff.reply_order`): they confirm it, and it is recorded by hand. The
same reply read twice (by its Message-ID with the digest of what its sender wrote — a mail
program may write one Message-ID on every reply, and one that cannot tell replies apart,
such as ``<>`` or a blank one, is left out —, or by its very bytes) is recorded once; an
entry recorded before ``via`` kept that digest is known by its Message-ID, Date and sender.

Replies are recorded in the order of their ``Date``, so a later answer stands; one written
before an answer already recorded from the same signatory for the same letter and language
(by the Date of the reply it came in, else when it was recorded) is not recorded — an
earlier APPROVE must never replace a later CHANGES — nor is one without a usable Date: none,
one that cannot be read, or one no reply can have (more than a day ahead, or before 2000).
"""

from __future__ import annotations

import datetime as dt
import email
import hashlib
import re
from collections.abc import Iterable
from contextlib import ExitStack
from email.message import EmailMessage
from email.policy import default
from email.utils import getaddresses
from pathlib import Path

from letters.load.loader import WorkspaceData
from letters.plan import signatory_ids
from letters.render.tag_check import shortened
from letters.signoff.inbox import (
    ReplyNotWhole,
    ReplyTooLarge,
    Stored,
    raw_header_values,
    reply_id,
    stored_mail,
    written_as_group,
    written_digest,
    written_on,
)
from letters.signoff.known_versions import Current, Earlier, known_versions, listed_files
from letters.signoff.ledger import read_ledger
from letters.signoff.mail_auth import NO_SETTING, authentication
from letters.signoff.reply_record import Reply, record_answer
from letters.signoff.reply_report import RepliesReport, RepliesStopped
from letters.signoff.reply_text import (
    Reading,
    Request,
    UnreadableReply,
    read_reply,
)
from letters.signoff.reply_typed import where_typed
from letters.signoff.reply_unanswered import (
    from_our_address,
    holds_an_answer,
    no_answer,
    qualified,
    still_approved,
)
from letters.signoff.request_greeting import greetings_by_name, recipients
from letters.signoff.request_words import known_words

__all__ = ["RepliesReport", "record_replies"]


def _senders(ws: WorkspaceData, address: str) -> tuple[list[str], bool]:
    """The signatories an address answers for, and whether it is a delegate's."""
    own = [e.person.id for e in ws.people.values() if (e.person.email or "").lower() == address]
    if own:
        return own, False
    delegated = [
        e.person.id
        for e in ws.people.values()
        if address in (d.lower() for d in e.person.delegates)
    ]
    return delegated, True


def record_replies(
    ws: WorkspaceData, paths: Iterable[Path], *, authenticated_only: bool = False
) -> RepliesReport:
    """Read every reply in ``paths`` and record the answers in it; report what happened."""
    report = RepliesReport()
    entries = read_ledger(ws.root)
    current, earlier = known_versions(ws, entries)
    # in the order they were written, so a later answer is recorded after an earlier one and
    # stands; those without a usable Date (refused) after them, in the order they were read.
    # Only where each is kept is remembered, and it is read again to be recorded: a mailbox
    # is read one message at a time, never held whole
    with ExitStack() as boxes:
        mail: list[tuple[dt.datetime | str, Stored, str]] = []
        for stored in stored_mail(paths, boxes):
            read = _read(stored, report)
            if read is not None:
                mail.append((written_on(read[1]), stored, hashlib.sha256(read[0]).hexdigest()))
        for i in sorted(range(len(mail)), key=lambda i: _sort_key(mail[i][0])):  # stable
            _date, stored, digest = mail[i]
            read = _read(stored, report)
            if read is None:
                continue
            raw, message = read
            if hashlib.sha256(raw).hexdigest() != digest:
                report.refuse_reply(
                    f"reply ({stored.where}): it changed while it was read (a mail program"
                    " wrote to the mailbox); nothing recorded: run the command again"
                )
                continue
            written = written_on(message)
            _one_reply(ws, stored.where, raw, message, written, current, earlier, report,
                       authenticated_only)  # fmt: skip
    if not ws.config.email_authserv_id and report.unchecked:
        report.warnings.insert(0, _NO_SETTING)
    return report


def _read(stored: Stored, report: RepliesReport) -> tuple[bytes, EmailMessage] | None:
    """The message kept at ``stored``, read and parsed; None, and why in the report, where it
    cannot be."""
    try:
        raw = stored.read()
        message = email.message_from_bytes(stored.as_sent(raw), policy=default)
    except (ReplyTooLarge, ReplyNotWhole) as exc:
        report.refuse_reply(f"reply ({stored.where}): {exc}{_BY_HAND}")
        return None
    except RecursionError:  # the mail library reads nested parts by recursion
        report.refuse_reply(f"reply ({stored.where}): {_TOO_DEEP}{_BY_HAND}")
        return None
    assert isinstance(message, EmailMessage)
    return raw, message


_BY_HAND = (
    "; nothing recorded: read the reply, then record what the signatory decided ('letters"
    " approve' or 'letters request-changes')"
)
_BY_HAND_ANSWER = _BY_HAND.replace("nothing recorded:", "nothing recorded for it:")
_TOO_DEEP = "its parts are nested too deeply to be read (a part in a part, thousands deep)"

_NO_SETTING = (
    f"{NO_SETTING} in workspace.yaml: which server's Authentication-Results to trust is not"
    " known; set it to the name your mail server writes first in that header (mx.example.org"
    " in 'Authentication-Results: mx.example.org; dkim=pass …'); until then every reply is"
    " recorded flagged UNAUTHENTICATED"
)


def _sort_key(written: dt.datetime | str) -> tuple[int, dt.datetime]:
    if isinstance(written, dt.datetime):
        return 0, written
    return 1, dt.datetime.min.replace(tzinfo=dt.timezone.utc)


def _request(
    ws: WorkspaceData, signers: Iterable[str], current: dict[str, Current], earlier: Earlier
) -> Request:
    """Our review request as a reply may quote it, greeting any of ``signers``, with the
    files it lists of the versions in ``current`` and ``earlier``."""
    people = [ws.people[who].person for who in signers]
    titles = [c.title for c in current.values()]
    known = known_words(ws)  # every language a request may have been written in
    texts = {words.language: words.request for words in known}
    changes = {words.language: words.changes for words in known}
    named = greetings_by_name(people, texts)
    # requests written before they greeted by the directory's form said "Dear <name>,"
    named += [f"Dear {name}," for person in people for name in person.name.values()]
    files, to = listed_files(current, earlier), recipients(people)  # to: its To and delegates
    return Request.of(texts, named, ws.config.email_from or "", titles, changes, files, to)


def _reading_of(
    message: EmailMessage, request: Request, name: str, said: str, report: RepliesReport
) -> Reading | None:
    """The reading of ``message`` against ``request``, or None once it is refused as
    unreadable (``said`` goes before the reason)."""
    try:
        return read_reply(message, request)
    except UnreadableReply as exc:
        report.refuse_reply(f"{name}: {said}{exc}{_BY_HAND}")
    except RecursionError:
        report.refuse_reply(f"{name}: {_TOO_DEEP}{_BY_HAND}")
    return None


def _from_here(
    ws: WorkspaceData,
    name: str,
    sender: str,
    message: EmailMessage,
    current: dict[str, Current],
    report: RepliesReport,
) -> None:
    """Skip a message sent from the workspace's own address (a request in a mailbox
    exported whole) unless it holds an answer, as one the office forwards would: that is
    refused, never dropped, as a CHANGES lost would let an earlier approval stand."""
    # sent to anyone: the request may greet any signatory
    signing = {who for entry in ws.letters.values() for who in signatory_ids(ws, entry)}
    request = _request(ws, signing, current, {})
    said = f"from the workspace's own address {sender}: "
    reading = _reading_of(message, request, name, said, report)
    if reading is None:
        return
    answer = holds_an_answer(reading)
    if answer:
        report.refuse_reply(from_our_address(name, sender, answer))
        return
    report.ours.append(
        f"{name}: from the workspace's own address {sender} (email_from), a message sent"
        " from here (a review request, say), not a signatory's reply; nothing to record"
    )


def _one_reply(
    ws: WorkspaceData,
    where: str,
    raw: bytes,
    message: EmailMessage,
    written: dt.datetime | str,
    current: dict[str, Current],
    earlier: Earlier,
    report: RepliesReport,
    authenticated_only: bool,
) -> None:
    digest = hashlib.sha256(raw).hexdigest()
    message_id = reply_id(raw, message)
    # the From as written, not as the mail library mends it: of "bilcik@europarl.europa.eu
    # <someone@example.com>" it keeps the first address, which is not the one that sent it
    written_from = raw_header_values(message, "from")
    addresses = [a.lower() for _name, a in getaddresses(written_from) if a]
    addresses = [a if re.fullmatch(r"[^\s<>@]+@[^\s<>@]+", a) else "" for a in addresses]
    sender = addresses[0] if len(addresses) == 1 and len(written_from) == 1 else ""
    name = f"reply {message_id} ({where})"
    if not written_from:  # not a message at all, it may be: an empty file, a picture
        report.refuse_reply(
            f"{name}: no From line, so who sent it cannot be known (is it an e-mail saved"
            " whole, as .eml?); nothing recorded"
        )
        return
    if len(written_from) > 1:
        report.refuse_reply(
            f"{name}: {len(written_from)} From lines, so who sent it cannot be known; nothing"
            " recorded"
        )
        return
    if written_as_group(written_from[0]):
        report.refuse_reply(
            f"{name}: its From is written as a group ('name: addresses;'), not as one sender's"
            " address, so who sent it cannot be known; nothing recorded"
        )
        return
    if not sender:
        report.refuse_reply(f"{name}: no single sender in From; nothing recorded")
        return
    signers, delegate = _senders(ws, sender)
    # a mailbox exported whole holds the requests sent too: adding their address to a
    # signatory's delegates, as for an unknown sender, would be wrong advice
    if not signers and sender in (
        a.lower() for _n, a in getaddresses([ws.config.email_from or ""])
    ):
        _from_here(ws, name, sender, message, current, report)
        return
    if not signers:
        report.refuse_reply(
            f"{name}: unknown sender {sender}: no signatory or delegate in the directory has"
            " this address; nothing recorded: if it is a signatory's own (a new address) or"
            " one who answers for them (an assistant, the office), confirm it with the"
            " signatory, add it to their 'email' or 'delegates' in the directory, and run"
            " the command again"
        )
        return
    verdict, doubt = authentication(message, sender, ws.config.email_authserv_id or [])
    report.unchecked = report.unchecked or verdict == NO_SETTING
    other = _sent_by(message, sender)
    if other and set(_senders(ws, other)[0]) & set(signers):
        other = ""  # their own other address, or a delegate of theirs the directory names
    if other:  # Outlook's "on behalf of": a pass for the domain does not say who wrote it
        verdict = f"{verdict} sender={other}"
        doubt = doubt or f"sent by {other} on behalf of {sender}, who may not have seen it"
    passed = not doubt
    if doubt and authenticated_only:
        report.refuse_reply(f"{name}: from {sender}: {doubt} ({verdict}); nothing recorded")
        return
    reading = _reading_of(message, _request(ws, signers, current, earlier), name, "", report)
    if reading is None:
        return
    # an answer is named by the verb as written («ОДОБРЯЮ»): the staff look for it in the reply
    for version in reading.both:
        approve, change = (reading.verb(v, version) for v in ("approve", "request-changes"))
        report.refuse_answer(
            f"{name}: both {approve} and {change} for version {version}; nothing recorded for"
            " it: ask the signatory which they meant"
        )
    for version, words in reading.qualified:
        why = qualified(reading, version, words, {*current, *earlier})
        report.refuse_answer(f"{name}: {why}{_BY_HAND_ANSWER}")
    for version, words in reading.unclear:
        unseen = " in words its HTML hides from a reader" if words in reading.hidden else ""
        if words in reading.signed_below:
            unseen = " below its signature line ('-- ')"
        for pair in (pair for pair in reading.typed_under if pair[1] == words):
            unseen = f" {where_typed(pair[0], reading.typed_how.get(pair, 'marked'))}"
        report.refuse_answer(
            f"{name}: {reading.verb('approve', version)} {version} is in a reply that also says"
            f" “{shortened(words)}”{unseen}, which may refuse or qualify it{_BY_HAND_ANSWER}"
        )
    if not reading.said and not reading.both and not reading.qualified and not reading.unclear:
        standing = still_approved(reading, signers, current, read_ledger(ws.root))
        report.refuse_reply(f"{name}: {no_answer(reading, {*current, *earlier})}{standing}")
        return
    date = written.isoformat() if isinstance(written, dt.datetime) else "no date"
    heading = f"e-mail {message_id} of {date} from {sender}, "
    said_digest = written_digest(raw, message)
    via = f"{heading}sha256 {digest}, written {said_digest}, {verdict}"
    reply = Reply(name, sender, signers, delegate, message_id, digest, said_digest, heading,
                  via, passed, written)  # fmt: skip
    entries = read_ledger(ws.root)
    before = len(report.recorded)
    try:
        for said in reading.said:
            record_answer(ws, reply, said, current, earlier, entries, report)
    except RepliesStopped as stopped:  # the answers recorded before the stop stand flagged
        if not passed and (len(report.recorded) > before or stopped.recorded):
            report.warnings.append(_flagged(name, doubt, verdict))
        raise
    if not passed and len(report.recorded) > before:
        report.warnings.append(_flagged(name, doubt, verdict))


def _sent_by(message: EmailMessage, sender: str) -> str:
    """Who a ``Sender`` line says sent the message, where that is not ``sender`` (the From
    address): another's address, or what the line says where no one address can be read;
    "" with no such line."""
    written = raw_header_values(message, "sender")
    addresses = {a.lower() for _name, a in getaddresses(written) if a}
    if not written or addresses == {sender}:
        return ""
    if len(addresses) == 1 and len(written) == 1:
        (other,) = addresses
        if re.fullmatch(r"[^\s<>@]+@[^\s<>@]+", other) and other.isprintable():
            try:
                other.encode("utf-8")
            except UnicodeEncodeError:  # a byte no character set could read
                return "an unreadable address"
            return other
    return "an unreadable address"


def _flagged(name: str, doubt: str, verdict: str) -> str:
    """The warning for a reply not authenticated whose answers were recorded flagged."""
    return (
        f"{name}: {doubt} ({verdict}): recorded, flagged UNAUTHENTICATED;"
        " confirm with the sender that they sent it"
    )
