"""What the report says of a reply that records nothing: one with no answer of its sender's
own, saying the true reason its answer line was not read (below a signature, a quotation
header or the request's own text), and one sent from the workspace's own address.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from letters.render.tag_check import shortened
from letters.signoff.known_versions import Current, short_id
from letters.signoff.ledger import Entry
from letters.signoff.reply_grammar import Verb, answered, named_ids, named_with_verb
from letters.signoff.reply_text import Reading
from letters.signoff.reply_typed import where_typed

__all__ = [
    "bare_changes",
    "from_our_address",
    "holds_an_answer",
    "no_answer",
    "qualified",
    "still_approved",
]

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


def no_answer(reading: Reading, known: Collection[str]) -> str:
    """Why a reply with no answer of its sender's own in ``reading`` records nothing, and
    what to do: the true reason where an answer line stands where it is not read as theirs,
    else that there is none. Only ids in ``known`` (the versions a reply can name) are
    named: a reference number or a phone's digits are no version."""
    in_words = [
        (line, ids)
        for line, (_action, _word, named) in _with_verb(reading)
        if (ids := [i for i in named if i in known])
    ]
    below = reading.below_quotation
    # with prose naming a version, the request's own pair of lines copied unmarked is not
    # worth a word; a line beyond that pair may be the answer (a CHANGES bottom-posted),
    # so it is told first, the prose line with it
    below = _beyond_the_request(below) if in_words else below
    if below and reading.cut:
        why = _BELOW[reading.cut].format(line=shortened(below[0]))
        also = f", and {_named(*in_words[0])}" if in_words else ""
        return (
            f"{why}, so it is not read as the sender's own{also}; nothing recorded: read the"
            f" reply, and if the signatory answered there or in other words{_RECORD}"
        )
    for line, ids in in_words:
        return _in_words(line, ids)
    # the request's own pair of lines quoted is no answer; an answer line beyond it, marked
    # as quoted, may be the signatory's own (their mail program quoted it, or they wrote it
    # into the quotation) or anyone's: never read, but told, with what to do
    for line in _beyond_the_request(reading.quoted):
        return _quoted(line, reading.quoted_marks.get(line, ">"))
    for answer, words in reading.typed_under:
        how = reading.typed_how.get((answer, words), "marked")
        if how == "below":  # words under the quotation, no answer line: nothing to name
            continue
        return (
            f"its words “{shortened(words)}” stand {where_typed(answer, how)},"
            " as an answer typed into a quotation does;"
            " the quoted line is not the sender's, and their words are not read as an answer;"
            " nothing recorded: read the reply, and if the signatory answered there, confirm"
            f" it with them and{_RECORD.removeprefix(',')}"
        )
    return (
        "no answer in it (a line 'APPROVE <version>' or 'CHANGES <version>' written by the"
        " sender, not quoted); nothing recorded: read the reply, and if the signatory"
        f" answered in other words (a refusal or a withdrawn approval, say){_RECORD}"
    )


def _quoted(line: str, mark: str) -> str:
    """Why a reply whose only answer line ``line`` is marked as quoted with ``mark`` ("> APPROVE
    …", or '|' under Outlook's header) records nothing, and what to do: a line so marked is
    what a mail program quotes, the request's own answer lines or another's, so who wrote it
    cannot be known."""
    return (
        f"its line “{shortened(line)}” is marked as quoted ('{mark}'), as a mail program marks"
        " the message a reply quotes (another's answer, or the request's own line), so whether"
        " the signatory wrote it cannot be known, and it is not read as their answer; nothing"
        " recorded: read the reply, and if the signatory did answer, ask them to write the"
        f" line again on its own, not marked with '{mark}', or confirm their answer with them"
        f" and{_RECORD.removeprefix(',')}"
    )


def _beyond_the_request(lines: list[str]) -> list[str]:
    """The answer lines of ``lines`` beyond what a copy of the request holds: as many
    APPROVE as CHANGES lines for each version."""
    said = Counter(a for line in lines for a in answered(line))
    return [
        line
        for line in lines
        if any(
            said[(verb, version)] > said[(_OTHER[verb], version)]
            for verb, version in answered(line)
        )
    ]


_OTHER: dict[Verb, Verb] = {"approve": "request-changes", "request-changes": "approve"}


def _with_verb(reading: Reading) -> list[tuple[str, tuple[Verb, str, list[str]]]]:
    """Each prose line of ``reading`` naming a version with a verb, with what it names."""
    return [(line, named) for line in reading.in_words if (named := named_with_verb(line))]


def _named(line: str, ids: list[str]) -> str:
    """That ``line`` names ``ids`` with a verb but is no answer line."""
    return (
        f"its line “{shortened(line)}” names version{'s' if len(ids) > 1 else ''}"
        f" {' and '.join(ids)} with a verb, but not as an answer line, so it is not read as an"
        " answer"
    )


def _in_words(line: str, ids: list[str]) -> str:
    """Why a reply whose own words name versions ``ids`` with a verb, but not on an answer
    line ("I approve E3DA-8200, thanks"), records nothing, and how to answer: a sentence may
    deny or qualify its verb ("I cannot approve …"), so only a line of its own is read."""
    action, word, _all_ids = named_with_verb(line) or ("approve", "", [])
    answer = f"“{word.upper()} {', '.join(ids)}”"
    if action == "request-changes":
        answer += " followed by what should change"
    command = "approve" if action == "approve" else "request-changes"
    version = ids[0] if len(ids) == 1 else "… for each version"
    return (
        f"{_named(line, ids)}; nothing recorded: read the reply, and if the signatory meant it,"
        f" ask them to answer with a line of its own, {answer}, or record it by hand ('letters"
        f" {command} … --version {version}')"
    )


def qualified(reading: Reading, version: str, words: str, known: Collection[str]) -> str:
    """Why an APPROVE followed on its line by ``words`` is not recorded, naming every version
    id in ``known`` on that line: one named after the first ("APPROVE X (en) and Y (uk)") is
    no answer either, and a report naming only the first hides it."""
    others = [v for v in named_ids(words) if v != version and v in known]
    named = " and ".join(others)
    plural = len(others) > 1
    also = (
        f", which names version{'s' if plural else ''} {named} too, so it may be conditional,"
        f" and {named} {'are' if plural else 'is'} not read as answered"
        if others
        else ", so it may be conditional"
    )
    return (
        f"{reading.verb('approve', version)} {version} is followed on its line by"
        f" “{shortened(words)}”{also}"
    )


def still_approved(
    reading: Reading, signers: list[str], current: dict[str, Current], entries: list[Entry]
) -> str:
    """For a CHANGES not read because it stands below a quotation (bottom-posted under a
    ``>`` quote), the warning that the same signatory's approval of that version still
    stands, which finalise counts until the change is recorded by hand; else ""."""
    if not reading.cut:
        return ""
    # not the request's own lines, which an Outlook reply copies below its header unmarked
    for line in _beyond_the_request(reading.below_quotation):
        for action, version in answered(line):
            found = current.get(version)
            if action != "request-changes" or found is None:
                continue
            for signer in signers:
                theirs = [
                    e
                    for e in entries
                    if (e.who, e.letter, e.lang) == (signer, found.letter, found.lang)
                ]
                last = theirs[-1] if theirs else None
                if last and last.action == "approve" and short_id(last.version) == version:
                    return (
                        f"; {signer}'s approval of version {version} (entry {last.n}) still"
                        " stands, and finalise counts it until the change is recorded"
                        f" ('letters request-changes {found.letter} --lang {found.lang} --by"
                        f" {signer} --via … --comment …')"
                    )
    return ""


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
