"""Whether an answer read from a reply may stand over the signatory's answers already in the
ledger for the same letter and language.

Not one written before an answer already recorded (an earlier APPROVE must never replace a
later CHANGES), nor one whose Date cannot tell where it stands; and not an approval from an
unauthenticated e-mail over the signatory's authenticated "no" (CHANGES, or a revocation) of
the same version: anyone can write a From line and a later Date, so such a yes is held until
the signatory confirms it, and recorded by hand then.
"""

from __future__ import annotations

import datetime as dt
import re

from letters.signoff.known_versions import short_id
from letters.signoff.ledger import Entry
from letters.signoff.standing import delegate_of, unauthenticated

__all__ = [
    "answered_on",
    "held_approval",
    "last_trusted_answer",
    "not_in_order",
    "overturned_refusal",
]


def answered_on(entry: Entry) -> dt.datetime:
    """When the answer of ``entry`` was given: the Date of the reply it was read from, else
    (an answer recorded by hand) when it was recorded; never later than it was recorded,
    as the Date is the sender's to write (and the Message-ID in ``via`` before it too)."""
    recorded = dt.datetime.fromisoformat(entry.time)
    recorded = recorded if recorded.tzinfo else recorded.replace(tzinfo=dt.timezone.utc)
    for found in reversed(re.findall(r" of (\S+) from ", entry.via)):
        try:
            when = dt.datetime.fromisoformat(found)
        except ValueError:
            continue
        return min(when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc), recorded)
    return recorded


def not_in_order(
    written: dt.datetime | str,
    passed: bool,
    signer: str,
    letter: str,
    lang: str,
    entries: list[Entry],
) -> str:
    """Why an answer from a reply ``written`` then (or why it has no usable Date), and
    authenticated if ``passed``, cannot be recorded for ``signer`` on ``letter`` in ``lang``
    as the last one: it was written before an answer already recorded (which it must not
    replace), or when it was written cannot be known; "" if it can."""
    if not isinstance(written, dt.datetime):
        return (
            f": the reply {written}, so whether another answer of the signatory came after"
            " it cannot be known"
        )
    for entry in reversed(entries):
        if (entry.who, entry.letter, entry.lang) == (signer, letter, lang):
            if passed and unauthenticated(entry.via):
                continue  # one anyone could have sent does not hold back an authenticated one
            when = answered_on(entry)
            if when > written:
                return (
                    f" was written on {written.isoformat()}, before the answer recorded in"
                    f" entry {entry.n} ({entry.action}, of {when.isoformat()}), and does not"
                    " replace it"
                )
    return ""


def overturned_refusal(
    signer: str, letter: str, lang: str, version: str, entries: list[Entry]
) -> Entry | None:
    """The entry of ``signer``'s authenticated "no" to ``version`` (its short id) of
    ``letter`` in ``lang`` — a CHANGES or a revocation, recorded by hand or read from an
    authenticated reply, and their last answer so authenticated — that an approval from an
    unauthenticated e-mail would turn into a yes; None if there is none."""
    trusted = [
        entry
        for entry in entries
        if (entry.who, entry.letter, entry.lang) == (signer, letter, lang)
        and not unauthenticated(entry.via)
    ]
    if not trusted:
        return None
    last = trusted[-1]
    refused = last.action in ("request-changes", "revoke")
    return last if refused and short_id(last.version) == version else None


def held_approval(entry: Entry, entries: list[Entry]) -> Entry | None:
    """The signatory's authenticated "no" that ``entry``, an approval in ``entries`` (the
    ledger), stands over if it was read from an unauthenticated e-mail (a ledger written
    before 'review replies' held such a yes back) or given by a delegate (an assistant's
    yes over the signatory's own request for changes): finalise refuses it, and the status
    says it needs the signatory's confirmation; None if the approval may stand, as a
    delegate's authenticated yes after a delegate's no does (the same office's word)."""
    if entry.action != "approve":
        return None
    doubtful = unauthenticated(entry.via)
    if not doubtful and not delegate_of(entry.via):
        return None
    version = short_id(entry.version)
    found = overturned_refusal(entry.who, entry.letter, entry.lang, version, entries[: entry.n - 1])
    if found is not None and not doubtful and delegate_of(found.via):
        return None
    return found


def how_given(entry: Entry) -> str:
    """How an approval held so (:func:`held_approval`) was given, as messages say it."""
    if unauthenticated(entry.via):
        return "read from an unauthenticated e-mail"
    return f"given by their delegate {delegate_of(entry.via)}"


def last_trusted_answer(entries: list[Entry], who: str, letter: str, lang: str) -> Entry | None:
    """The last entry in which ``who`` approved ``letter`` in ``lang`` or asked for changes
    to it, an approval read from an unauthenticated e-mail left out: the version a redline
    for them starts from, as a yes they may never have sent is no version they answered on."""
    found = None
    for entry in entries:
        if (entry.who, entry.letter, entry.lang) != (who, letter, lang):
            continue
        if entry.action == "request-changes" or (
            entry.action == "approve" and not unauthenticated(entry.via)
        ):
            found = entry
    return found
