"""What the report says of a reply that records nothing: one with no answer of its sender's
own, saying the true reason its answer line was not read (below a signature, a quotation
header or the request's own text), and one sent from the workspace's own address.
"""

from __future__ import annotations

from letters.render.tag_check import shortened
from letters.signoff.known_versions import Current, short_id
from letters.signoff.ledger import Entry
from letters.signoff.reply_text import Reading

__all__ = ["bare_changes", "from_our_address", "holds_an_answer", "no_answer"]

# no reply verb withdraws an approval, so 'letters revoke' is named too: a withdrawal in
# words is recorded by hand or the name stays under the letter
_RECORD = (
    ", record what they decided ('letters approve', 'letters request-changes', or"
    " 'letters revoke' for an approval they withdrew)"
)

# where a mail program puts what a reader is not to take for the sender's answer, by what
# ended the sender's own lines (see letters.signoff.reply_quotes.own_lines_and_cut)
_BELOW = {
    "signature": (
        "no answer above its signature; its line “{line}” stands below the signature"
        " separator (a line “-- ”), where a mail program puts a signature and may copy what"
        " the reply quotes unmarked"
    ),
    "quotation": (
        "no answer above the message it quotes; its line “{line}” stands in or below that"
        " quotation (from its header on, “On … wrote:”, “From: … Sent: …” or a forwarded"
        " message's), where a mail program copies what it quotes unmarked (the request's"
        " answer lines, another's answer)"
    ),
    "request": (
        "no answer above the review request it quotes; its line “{line}” stands in or below"
        " the request's own text, which a mail program copies unmarked (its answer lines"
        " among it)"
    ),
}


def no_answer(reading: Reading) -> str:
    """Why a reply with no answer of its sender's own in ``reading`` records nothing, and
    what to do: the true reason where an answer line stands where it is not read as theirs,
    else that there is none."""
    below = reading.below_quotation
    if below and reading.cut:
        why = _BELOW[reading.cut].format(line=shortened(below[0]))
        return (
            f"{why}, so it is not read as the sender's own; nothing recorded: read the reply,"
            f" and if the signatory answered there or in other words{_RECORD}"
        )
    return (
        "no answer in it (a line 'APPROVE <version>' or 'CHANGES <version>' written by the"
        " sender, not quoted); nothing recorded: read the reply, and if the signatory"
        f" answered in other words (a refusal or a withdrawn approval, say){_RECORD}"
    )


def holds_an_answer(reading: Reading) -> str:
    """An answer line in ``reading`` not from our request's own text (its sender's own, or
    one below a signature or a quotation header, as of a message forwarded), or ""."""
    for version, _words in reading.qualified + reading.unclear:
        return f"{reading.verb('approve', version)} {version}"
    if reading.said:
        said = reading.said[0]
        return f"{said.verb} {said.version}"
    if reading.both:
        return f"{reading.verb('approve', reading.both[0])} {reading.both[0]}"
    if reading.below_quotation and reading.cut != "request":
        return reading.below_quotation[0]
    return ""


def from_our_address(name: str, sender: str, answer: str) -> str:
    """Why a message from the workspace's own address holding ``answer`` is refused: what
    is sent from here is no signatory's answer, yet one forwarded must not be lost (a
    CHANGES dropped would let an earlier approval stand)."""
    return (
        f"{name}: from the workspace's own address {sender} (email_from) and holds an"
        f" answer (“{shortened(answer)}”): what is sent from here is no signatory's answer;"
        " nothing recorded: if it forwards a signatory's answer, confirm it with them and"
        " record it by hand ('letters approve' or 'letters request-changes' with --via)"
    )


def bare_changes(signer: str, found: Current, entries: list[Entry]) -> str:
    """Why a CHANGES without what should change is not recorded, and what to do: a "no"
    left out while the signatory's approval of that version stands lets finalise count it."""
    said = (
        " without saying what should change; nothing recorded: ask"
        f" {signer} what should change, then record it ('letters request-changes {found.letter}"
        f" --lang {found.lang} --by {signer} --via … --comment …')"
    )
    theirs = [e for e in entries if (e.who, e.letter, e.lang) == (signer, found.letter, found.lang)]
    last = theirs[-1] if theirs else None
    if last and last.action == "approve" and short_id(last.version) == found.short:
        said += (
            f"; until then their approval of this version (entry {last.n}) stands, and"
            " finalise counts it"
        )
    return said
