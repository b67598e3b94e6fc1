"""Each signatory's standing on a letter's version, read from the ledger's entries.

The ledger (:mod:`letters.signoff.ledger`) records what was said; this says what it
means now: approved, stale (approved another version), an approval of another version
from an e-mail no one could verify, changes requested, revoked, or no answer; and whether
an answer came from a delegate or an unauthenticated e-mail.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from letters.errors import LettersError
from letters.signoff.ledger import Entry

UNVERIFIED_STALE = "unverified approval of another version"
"""An approval of another version read from an e-mail not authenticated: not known to be
the signatory's (their last verified answer may be a "no"), so not called stale, which
says they approved it; the review request says so too ('stale-unverified')."""

State = Literal[
    "approved",
    "needs confirmation",
    "stale",
    "unverified approval of another version",
    "changes requested",
    "revoked",
    "no answer",
]
"""``needs confirmation``: approved in an unauthenticated e-mail, or by a delegate, over the
signatory's own authenticated "no" to the version, which finalise refuses until they confirm it (see
:func:`letters.signoff.reply_order.held_approval`); ``stale``: they approved another
version; :data:`UNVERIFIED_STALE`: an e-mail not authenticated did, in their name."""


UNAUTHENTICATED = "; UNAUTHENTICATED"
"""What ``via`` ends with for an answer read from an e-mail without a DKIM or SPF pass for
its sender's domain, or with a DMARC fail."""


def unauthenticated(via: str) -> bool:
    """Whether ``via`` carries the UNAUTHENTICATED flag: as one of its ``;``-separated fields,
    wherever it stands (an entry recorded before the flag was always put last has the
    delegate's part after it)."""
    return UNAUTHENTICATED[2:] in (part.strip() for part in via.split(";"))


def check_typed_via(via: str) -> None:
    """Refuse a ``via`` typed by hand that would read as the UNAUTHENTICATED flag.

    Refused, not kept as text: the ledger cannot tell a typed flag from the one 'review
    replies' writes, and read as the flag it would do harm either way — a CHANGES or
    revocation so typed would no longer hold back an unauthenticated APPROVE sent over it,
    and an approval so typed would wait for a confirmation that recording it by hand gave.
    """
    if unauthenticated(via):
        raise LettersError(
            f"--via has {UNAUTHENTICATED[2:]} as one of its ';'-separated parts, which marks an"
            " answer 'review replies' read from an e-mail it could not authenticate; an answer"
            " recorded by hand is vouched for by you: confirm it with the signatory if you have"
            " not, then give --via without that word (e.g. 'phone call of 21 May 2020')"
        )


@dataclass(frozen=True)
class Answer:
    """A signatory's standing on a version: approved, stale, changes requested, revoked, none."""

    who: str
    state: State
    entry: int | None = None
    comment: str = ""
    unauthenticated: bool = False  # read from an e-mail not authenticated (mail_auth)
    # an approval whose signature picture is not the one recorded with it (finalise refuses
    # it): "changed", "added" or "not recorded" (see letters.signoff.pictures)
    picture: str = ""
    # the address of the delegate who answered for them (an assistant, the office), if one
    # did: the staff see that the signatory's own word may still be worth having
    delegate: str = ""
    # an approval written with words that may qualify it (letters.signoff.courtesy): finalise
    # takes it only with --confirmed, once someone read them
    worded: bool = False


def delegate_of(via: str) -> str:
    """The delegate's address in ``via`` ("…; by delegate <address> for <signatory>"), or ""."""
    found = re.search(r"; by delegate (\S+) for ", via)
    return found.group(1) if found else ""


def answers(
    entries: Iterable[Entry], letter: str, lang: str, current: str, signatories: list[str]
) -> list[Answer]:
    """Each signatory's standing on ``letter`` in ``lang`` against the ``current`` version."""
    last: dict[str, Entry] = {}
    for entry in entries:
        if entry.letter == letter and entry.lang == lang:
            last[entry.who] = entry
    out = []
    for who in signatories:
        found = last.get(who)
        if found is None:
            out.append(Answer(who, "no answer"))
        elif found.action == "approve":
            doubtful = unauthenticated(found.via)
            state: State = "approved"
            if found.version != current:
                state = "unverified approval of another version" if doubtful else "stale"
            out.append(
                Answer(
                    who,
                    state,
                    found.n,
                    found.comment,
                    unauthenticated=doubtful,
                    delegate=delegate_of(found.via),
                )
            )
        elif found.action == "revoke":
            out.append(Answer(who, "revoked", found.n))
        else:
            by = delegate_of(found.via)
            out.append(Answer(who, "changes requested", found.n, found.comment, delegate=by))
    return out
