"""Each answer in a reply recorded in the ledger: what the answers of one reply share
(:class:`Reply`) and the checks one answer passes before it is recorded
(:func:`record_answer`).

An answer is not recorded twice (the reply read before: :meth:`Reply.seen`), nor for a
version that is no longer current, nor from a sender who does not sign the letter, nor out
of order, nor where an APPROVE not authenticated would turn a refusal of that version into
a yes, nor as a CHANGES without a comment. The rules are set out in
:mod:`letters.signoff.replies`, which reads the replies and attributes them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from letters.errors import LettersError
from letters.load.loader import WorkspaceData
from letters.plan import signatory_ids
from letters.render.tag_check import shortened
from letters.signoff.answers import record
from letters.signoff.known_versions import Current, Earlier, short_id
from letters.signoff.ledger import AnswerNotRecorded, Entry, HeadNotWritten
from letters.signoff.reply_order import not_in_order, overturned_refusal
from letters.signoff.reply_report import RepliesReport, RepliesStopped
from letters.signoff.reply_text import Said
from letters.signoff.reply_unanswered import bare_changes
from letters.signoff.standing import UNAUTHENTICATED, delegate_of

# where via keeps the digest of what the sender wrote: at its place only, as the verdict
# after it is the sender's domain's to word
_KEPT_DIGEST = re.compile(
    r"e-mail (?P<name>\S+) of \S+ from \S+, sha256 [0-9a-f]{64},"
    r" written (?P<written>sha256:[0-9a-f]{64}), "
)


@dataclass(frozen=True)
class Reply:
    """What every answer in one reply shares: who sent it and how it came."""

    name: str  # "reply <message id> (where)", to begin the report's lines with
    sender: str
    signers: list[str]  # the signatories the sender answers for
    delegate: bool  # the sender is a delegate, not the signatory
    message_id: str
    digest: str  # sha256 of the message as received
    written_digest: str  # "sha256:" and the digest of what the sender wrote
    heading: str  # how via begins: "e-mail <message id> of <date> from <sender>, "
    via: str  # how it came, without the delegate's part and the flag
    passed: bool  # authenticated
    written: dt.datetime | str  # its Date, or why it has no usable one

    def seen(self, entry: Entry) -> bool:
        """Whether ``entry`` was recorded from this reply: the same Message-ID and the same
        digest of what the sender wrote, or the very same bytes. An entry recorded before
        ``via`` kept that digest: the same Message-ID, Date and sender."""
        if f", sha256 {self.digest}, " in entry.via:
            return True
        kept = _KEPT_DIGEST.match(entry.via)
        if kept:
            return kept["name"] == self.message_id and kept["written"] == self.written_digest
        return self.heading in entry.via

    def full_via(self, signer: str) -> str:
        """The entry's ``via``: the delegate's part, if any, then the flag, always last."""
        by = f"; by delegate {self.sender} for {signer}" if self.delegate else ""
        return f"{self.via}{by}{'' if self.passed else UNAUTHENTICATED}"


def record_answer(
    ws: WorkspaceData,
    reply: Reply,
    said: Said,
    current: dict[str, Current],
    earlier: Earlier,
    entries: list[Entry],
    report: RepliesReport,
) -> None:
    """Record one answer ``said`` of ``reply`` in the ledger, or say in ``report`` why it is
    not; ``entries`` are the ledger's as they were before the reply was read."""
    name, signers, sender = reply.name, reply.signers, reply.sender
    verb = said.verb
    for entry in entries:  # read before, even if its version is no longer the current one
        if entry.who in signers and short_id(entry.version) == said.version and reply.seen(entry):
            report.skipped.append(
                f"{name}: {verb} {said.version} already recorded (entry {entry.n})"
            )
            return
    found = current.get(said.version)
    if found is None:
        if said.version in earlier:
            letter, lang = earlier[said.version]
            now = next((c for c in current.values() if (c.letter, c.lang) == (letter, lang)), None)
            if now is None:  # the letter, or its language, since taken out of the workspace
                report.refuse_answer(
                    f"{name}: {verb} {said.version} is an earlier version of {letter} [{lang}],"
                    " which is no longer in the workspace; nothing recorded"
                )
                return
            report.refuse_answer(
                f"{name}: {verb} {said.version} is an earlier version of {letter} [{lang}]; the"
                f" current draft is {now.short}{_to_do(now)} the signatory the current draft"
                " ('letters review request'); nothing recorded"
            )
        else:
            report.refuse_answer(
                f"{name}: {verb} {said.version}: no letter has this version; nothing recorded"
            )
        return
    who = [s for s in signers if s in signatory_ids(ws, ws.letters[found.letter])]
    if len(who) != 1:
        whom = " or ".join(signers)
        why = "who does not sign it" if not who else "a delegate of several of its signatories"
        report.refuse_answer(
            f"{name}: {verb} {said.version} ({found.letter} [{found.lang}]) is from {sender}"
            f" ({whom}), {why}; nothing recorded"
        )
        return
    signer = who[0]
    for entry in entries:
        if (entry.who, entry.letter, entry.lang) == (signer, found.letter, found.lang) and (
            reply.seen(entry)
        ):
            report.skipped.append(
                f"{name}: {verb} {said.version} already recorded (entry {entry.n})"
            )
            return
    late = not_in_order(reply.written, reply.passed, signer, found.letter, found.lang, entries)
    if late:
        report.refuse_answer(
            f"{name}: {verb} {said.version}{late}; nothing recorded: if it is meant, record it by"
            " hand ('letters approve' or 'letters request-changes')"
        )
        return
    refusal = overturned_refusal(signer, found.letter, found.lang, said.version, entries)
    if said.action == "approve" and not reply.passed and refusal:
        report.refuse_answer(
            f"{name}: {verb} {said.version} is from an e-mail that is not authenticated, and"
            f" would turn {signer}'s {refusal.action} of this version (entry {refusal.n}) into"
            " an approval; nothing recorded: anyone can write a From line, so confirm with"
            f" {signer} that they approve it, then record it by hand ('letters approve"
            f" {found.letter} --lang {found.lang} --by {signer} --via … --version {said.version}')"
        )
        return
    comment = said.comment
    if said.action == "request-changes" and not comment:
        report.refuse_answer(f"{name}: {verb} {said.version}{bare_changes(signer, found, entries)}")
        return
    try:
        via = reply.full_via(signer)
        done = record(ws, found.letter, found.lang, signer, said.action, via, comment,
                      said.version)  # fmt: skip
    except HeadNotWritten as exc:  # recorded but unfinished, which every answer after it finds
        raise RepliesStopped(str(exc), report, recorded=True) from None
    except AnswerNotRecorded as exc:  # one after it must not stand in its place: the rest wait
        raise RepliesStopped(f"{name}: {signer}'s {verb} {said.version}: {exc}", report) from None
    except LettersError as exc:
        said_why = str(exc).rstrip(".")  # a sentence of its own ("… lock over).") runs on
        report.refuse_answer(f"{name}: {verb} {said.version}: {said_why}; nothing recorded")
        return
    by = f" (by delegate {sender})" if reply.delegate else ""
    # an approval's words with it are shown where it is recorded: read them (a condition
    # there means 'letters revoke'); they are kept in the ledger, as a CHANGES comment is
    words = f", and wrote with it: “{shortened(comment)}”" if said.action == "approve" else ""
    above, asked = said.below  # not its comment, but may qualify it all the same
    under = f"; it is below {above}, which asks: “{shortened(asked)}”" if asked else ""
    report.recorded.append(
        f"recorded entry {done.entry}: {signer}{by} {said.action} {found.letter}"
        f" [{found.lang}] version {done.version.short}{words if comment else ''}{under}"
    )
    report.warnings.extend(done.warnings)
    if said.action == "approve" and reply.delegate and refusal and not delegate_of(refusal.via):
        no = "asked for changes" if refusal.action == "request-changes" else "revoked it"
        report.warnings.append(
            f"{name}: {sender}, {signer}'s delegate, approved version {said.version}, for which"
            f" {signer} {no} themselves (entry {refusal.n}): finalise refuses it until {signer}"
            " approves it themselves (a reply of theirs, or 'letters approve …' once confirmed)"
        )


def _to_do(now: Current) -> str:
    """What is left before the current draft ``now`` can be sent for approval, as the
    refusal of an answer to an earlier version says it: 'review request' asks no one to
    approve a draft with a message still to translate, nor one with a warning whose fix
    changes its text (as 'approve' refuses it)."""
    them = {1: "it"}
    todo = []
    if now.gaps:
        todo.append(
            f"translate its {now.gaps} untranslated, fuzzy or inconsistent"
            f" message{'' if now.gaps == 1 else 's'} first ('letters build' lists"
            f" {them.get(now.gaps, 'them')})"
        )
    if now.held:
        todo.append(
            f"fix its {now.held} first, which most often changes what the letter says"
            f" ('letters check' lists {them.get(now.held_count, 'them')})"
        )
    return f", which cannot be approved yet: {', and '.join(todo)}, then send" if todo else ": send"
