"""What a signatory wrote in a reply: the text of their own words, and the answers in it.

The grammar is :mod:`letters.signoff.reply_grammar`'s: ``APPROVE E3DA-8200`` or ``CHANGES
E3DA-8200`` (uk СХВАЛЮЮ/ЗМІНИ, ru ОДОБРЯЮ/ИЗМЕНЕНИЯ) on a line of its own, CHANGES followed
by what should change.

Only the sender's own words count. Mail clients quote the message answered, and a review
request holds the very lines to copy, so everything quoted is dropped before the answers are
read (:mod:`letters.signoff.reply_quotes`: lines marked ``>``, our request wherever it stands,
a client's quotation header in any language and all below it, a signature). An answer line
indented by spaces, as a mail program indents a message it quotes, cannot be told from a
quoted one: such a reply is read by hand. An HTML-only reply is turned into text first
(:mod:`letters.signoff.reply_html`), its blockquotes (the quoted message), the words struck
through (withdrawn, not said) and the words a reader does not see (hidden by the markup or
its style, white on white) dropped; a reply whose words are in more than one text part (the
text, a picture, more text) is read by hand; a reply whose HTML part strikes or hides words
is read from it, not from the plain part beside it, which shows them as if written; and one
whose hidden words hold an answer that its visible words do not is read by hand, as is one
whose plain part answers otherwise than the HTML beside it, which is what a reader sees. A
plain reply sent ``format=flowed`` (RFC 3676: Thunderbird, Apple Mail) has the lines its mail
program wrapped joined again first, so "I will not ⏎ approve E3DA-8200." is one line of prose
that answers nothing, not a refusal followed by an answer line.

Words the sender typed inside the quotation (marked '>' or not, indented, between an HTML
reply's blockquotes) or below all of it are theirs (:mod:`letters.signoff.reply_typed`): they
hold back an APPROVE above them, as words that may refuse it do.

An answer's comment is all the sender's own words around it, so a condition is never lost,
and an APPROVE is not read when any of the reply's own words may refuse or qualify it ("Sorry,
NO - I cannot sign this" below it, "OK, but please write …" above it): staff read such a reply
and record the answer by hand (see read_answers).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage, MIMEPart

from letters.errors import LettersError
from letters.load.characters import JOINERS, bad_character, character_named, invisible_character
from letters.render.tag_check import shortened
from letters.signoff.reply_grammar import (
    IDS,
    MOBILE_SIGNOFF,
    REFUSING,
    Verb,
    answer_line,
    answer_of_word,
    answered,
    named_with_verb,
    normal_id,
    verb_word,
    verb_words,
)
from letters.signoff.reply_html import html_text, read_html
from letters.signoff.reply_outlook import prefixed_as_marked
from letters.signoff.reply_quotes import Cut, below_signature, own_lines, own_lines_and_cut
from letters.signoff.reply_request import Request
from letters.signoff.reply_typed import Marking, Typed, bare_approve, typed_in_quotation

__all__ = [
    "REPLY_TEXT_LIMIT",
    "Reading",
    "Request",
    "Said",
    "UnreadableReply",
    "body_text",
    "html_text",
    "own_lines",
    "read_answers",
    "read_reply",
    "unflowed",
]


@dataclass(frozen=True)
class Said:
    """One answer in a reply: the verb, the version id as written (normalised ``E3DA-8200``)
    and the sender's words with it (see read_answers): for CHANGES what should change, for
    APPROVE anything more the sender wrote above or below it."""

    action: Verb
    version: str
    comment: str = ""
    # the verb as the sender wrote it ("ОДОБРЯЮ", "Approve"), for a message to quote: the
    # same answer written otherwise is the same answer
    word: str = field(default="", compare=False)
    # for an APPROVE below a CHANGES line: that line and the words under it, which are the
    # request's, not this approval's comment, but are shown with it in case they qualify it
    below: tuple[str, str] = field(default=("", ""), compare=False)

    @property
    def verb(self) -> str:
        """The verb as written, or the English one for an answer not read from a reply."""
        return self.word or english_verb(self.action)


@dataclass
class Reading:
    """What a reply's own words say: its answers, the ids answered with both verbs, and
    approvals that may be conditional or refused (see read_answers)."""

    said: list[Said] = field(default_factory=list)
    both: list[str] = field(default_factory=list)
    # approvals with more words on their line ("APPROVE E3DA-8200 if …"): version, words
    qualified: list[tuple[str, str]] = field(default_factory=list)
    # approvals in a reply whose other words may refuse or qualify them: version, those words
    unclear: list[tuple[str, str]] = field(default_factory=list)
    # of those words, the ones a reader does not see (in an HTML reply's hidden text)
    hidden: list[str] = field(default_factory=list)
    # of those words, the ones below the signature's "-- " line (a P.S.)
    signed_below: list[str] = field(default_factory=list)
    # each verb of each version as the sender first wrote it, for a message to quote
    words: dict[tuple[Verb, str], str] = field(default_factory=dict)
    # with no answer in the sender's own words, the answer lines not marked as quoted that
    # stand below a quotation's header (the request's own, or one written under it)
    below_quotation: list[str] = field(default_factory=list)
    # what left them out: a signature's "-- " line, our request's text, a quotation header
    cut: Cut = ""
    # with no answer line, the sender's own lines that name a version with an answer word
    in_words: list[str] = field(default_factory=list)
    # with no answer of the sender's own, the answer lines marked as quoted ("> APPROVE …",
    # or "| APPROVE …" in a quotation Outlook prefixed with '|'), and the mark of each
    quoted: list[str] = field(default_factory=list)
    quoted_marks: dict[str, str] = field(default_factory=dict)
    # the words typed inside a quotation (marked '>', unmarked, indented, an HTML blockquote)
    # or below it, but a bare repeat of the sender's own APPROVE (an approval of theirs then
    # waits): (the quoted line nearest above them, the words)
    typed_under: list[Typed] = field(default_factory=list)
    # how the quotation each of those stand in was marked, or "below" (see reply_typed)
    typed_how: dict[Typed, Marking] = field(default_factory=dict)

    def verb(self, action: Verb, version: str) -> str:
        """``action`` on ``version`` in the sender's own word ("ОДОБРЯЮ")."""
        return self.words.get((action, version)) or english_verb(action)


def english_verb(action: Verb) -> str:
    """The request's English word for ``action``: APPROVE or CHANGES."""
    approve, change = verb_words()["en"]
    return approve if action == "approve" else change


class UnreadableReply(LettersError):
    """Raised when what a reply says cannot be known for sure: a part in a character set
    Python does not know, words struck through with no clear end, an answer line indented
    as a quotation is, or an answer in words a reader does not see."""


def _content(part: MIMEPart) -> str:
    """The text of ``part``, decoded strictly: a byte its character set has no letter for
    (a Cyrillic reply in windows-1251 sent as UTF-8) would be read as U+FFFD, and a refusal
    written in such letters lost. Without a charset it is read as UTF-8, as ASCII is."""
    charset = part.get_content_charset()
    try:
        if charset is None:
            payload = part.get_payload(decode=True)
            content = payload.decode("utf-8") if isinstance(payload, bytes) else ""
        else:
            content = part.get_content(errors="strict")
    except LookupError:  # a charset Python does not know
        raise UnreadableReply(
            f"its {part.get_content_type()} part is in a character set that cannot be read"
            f" ({charset})"
        ) from None
    except UnicodeDecodeError as exc:
        named = charset or "none named: UTF-8"
        byte = f"byte {exc.start + 1} is 0x{exc.object[exc.start]:02X}"
        raise UnreadableReply(
            f"its {part.get_content_type()} part is not written in the character set it names"
            f" ({named}; {byte}), so some of its words cannot be read"
        ) from None
    return content if isinstance(content, str) else content.decode("utf-8", "replace")


def _text_blocks(part: MIMEPart) -> int:
    """How many separate texts a reader sees in ``part``: its inline plain and HTML parts,
    the versions of one text (multipart/alternative) counted once, an attachment and an
    attached message not at all."""
    if part.get_content_type() == "message/rfc822" or part.get_content_disposition() == (
        "attachment"
    ):
        return 0
    if part.is_multipart():
        blocks = [_text_blocks(inner) for inner in part.iter_parts()]
        if part.get_content_subtype() == "alternative":
            return min(1, max(blocks, default=0))
        return sum(blocks)
    return int(part.get_content_type() in ("text/plain", "text/html"))


def _texts(
    message: EmailMessage, sender: tuple[str, ...] = ()
) -> tuple[str, str, str, str, list[Typed], list[Typed]]:
    """The text of a reply (see body_text); of its HTML part, all the text hidden from a
    reader and the words of it its body hides; where the text read is the plain part, what
    its HTML part shows a reader (else ""); and where it is the HTML, the words typed
    between its quotation's blockquotes and below the last (see
    :class:`~letters.signoff.reply_html.Html`)."""
    blocks = _text_blocks(message)
    if blocks > 1:  # Apple Mail: the text, a picture, more text; only the first is a body
        raise UnreadableReply(
            f"its words are in {blocks} separate text parts (a picture between them, say),"
            " and only one of them is read, so a refusal in another could be missed"
        )
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return "", "", "", "", [], []
    html = message.get_body(preferencelist=("html",))
    if html is None:
        return _plain(part), "", "", "", [], []
    parsed = read_html(_content(html), sender)
    if parsed.unbalanced:
        raise UnreadableReply(
            "its HTML strikes words through and leaves the strike open, so which words"
            " the signatory struck out cannot be known"
        )
    if parsed.struck or parsed.concealed or part.get_content_subtype() == "html":
        return parsed.text, parsed.hidden, parsed.unseen, "", parsed.typed, parsed.below
    typed = parsed.typed, parsed.below
    return _plain(part), parsed.hidden, parsed.unseen, parsed.text, *typed  # both read


def _plain(part: MIMEPart) -> str:
    text = _content(part)
    if str(part.get_param("format", "")).lower() == "flowed":
        return unflowed(text, delsp=str(part.get_param("delsp", "")).lower() == "yes")
    return text


def body_text(message: EmailMessage) -> str:
    """The text of a reply: its plain part (a ``format=flowed`` one with its wrapped lines
    joined again), or its HTML part turned into text — the HTML part too when it strikes
    words through or hides them, as the plain part beside it shows them as if they were
    written. Raises :class:`UnreadableReply` where that text cannot be known for sure."""
    return _texts(message)[0]


# The most text a reply may hold (its own words and what it quotes, all its parts) to be
# read: a signatory's answer is a few lines; a longer one is read by hand.
REPLY_TEXT_LIMIT = 200_000


def read_reply(message: EmailMessage, request: Request | None = None) -> Reading:
    """The answers in the sender's own words of ``message`` (see read_answers), our
    ``request`` known wherever the reply quotes it. Raises :class:`UnreadableReply` where
    they cannot be known for sure: an answer line indented as a quotation is, or an answer
    in words of its HTML a reader does not see that the words they see do not give. Words
    its body hides that may refuse or qualify an approval are read as the reply's own: a
    reading by hand is safe, and what is hidden may be hidden by mistake."""
    text, hidden, unseen, shown, typed, below = _texts(message, request.sender if request else ())
    size = len(text) + len(hidden) + len(shown)
    if size > REPLY_TEXT_LIMIT:  # no one writes that much: not read, so no runaway either
        raise UnreadableReply(
            f"its text is {size:,} characters long, over the limit of {REPLY_TEXT_LIMIT:,}"
            " ('reply text')"
        )
    unseen_own = own_lines(unseen, request)
    reading = read_answers(text, request, unseen=unseen_own, typed=typed, typed_below=below)
    again = read_answers(shown, request, typed=typed, typed_below=below) if shown else reading
    if _verdict(again) != _verdict(reading):
        # the plain part says APPROVE where the HTML beside it, which a reader sees, says no
        raise UnreadableReply(
            "its HTML part, which a reader sees, does not answer as its plain part does, so"
            " what the signatory meant cannot be known"
        )
    seen = {pair for line in own_lines(text, request) for pair in answered(line)}
    for line in own_lines(hidden, request):
        pairs = answered(line)
        word = verb_word().search(line)
        if (pairs and not set(pairs) <= seen) or (word and not pairs):
            said = line.strip() if pairs else word[0] if word else ""
            raise UnreadableReply(
                f"its answer “{shortened(said)}” is in words a reader does not see (its HTML"
                " hides them), so what the signatory meant cannot be known"
            )
    return reading


def _verdict(reading: Reading) -> tuple[set[tuple[Verb, str]], set[str]]:
    """What a reading records (verb and version of each answer) and leaves to a reading by
    hand (the versions of approvals qualified or unclear, or answered with both verbs)."""
    recorded = {(said.action, said.version) for said in reading.said}
    by_hand = {v for v, _ in reading.qualified + reading.unclear} | set(reading.both)
    return recorded, by_hand


def unflowed(text: str, *, delsp: bool = False) -> str:
    """A ``format=flowed`` text (RFC 3676) as its writer typed it: a line ending in a space
    is wrapped, joined with the next line of the same quote depth (``>`` marks), the space
    deleted with ``DelSp=yes``; a line's stuffed space is removed; a signature's "-- " is
    never wrapped. A quoted paragraph keeps its ``>`` marks, so it stays quoted."""
    out: list[str] = []
    joining: tuple[int, str] | None = None  # the depth and words of a wrapped paragraph
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        depth = len(raw) - len(raw.lstrip(">"))
        line = raw[depth:]
        line = line[1:] if line.startswith(" ") else line  # space-stuffed
        if line == "-- " and joining is not None:  # a signature's separator is never joined
            out.append(_quoted(*joining))
            joining = None
        # whether this line is wrapped is its own trailing space, not the paragraph's: an
        # empty line after a wrapped one is fixed, and ends the paragraph (RFC 3676, 4.2)
        wrapped = line.endswith(" ") and line != "-- "
        if joining is not None and joining[0] == depth:
            line = joining[1] + line
        elif joining is not None:  # a wrapped line above a line of another depth ends there
            out.append(_quoted(*joining))
        joining = None
        if wrapped:
            joining = (depth, line[:-1] if delsp else line)
        else:
            out.append(_quoted(depth, line))
    if joining is not None:
        out.append(_quoted(*joining))
    return "\n".join(out)


# What shows as a space between words: a tab (Outlook's between a label and its value), a
# vertical tab or form feed, the C1 next-line (U+0085) and the lone carriage return; and what
# shows as nothing in a word, so is not in it ("N\u00ado" is read "No"): the soft hyphen and
# the zero-width joiners, the invisible characters a name or text may hold
_SPACES = str.maketrans(
    {**dict.fromkeys("\t\x0b\x0c\x85\r", " "), **dict.fromkeys("\u00ad" + JOINERS)}
)


def _spaced(line: str) -> str:
    return line.translate(_SPACES)


def _quoted(depth: int, line: str) -> str:
    return f"{'>' * depth} {line}" if depth else line


def read_answers(
    text: str,
    request: Request | None = None,
    *,
    unseen: Sequence[str] = (),
    typed: Sequence[Typed] = (),
    typed_below: Sequence[Typed] = (),
) -> Reading:
    """The answers in the sender's own words of ``text`` (our ``request`` known wherever it
    stands in it; ``unseen``, the words a reader does not see, may refuse or qualify an
    approval all the same). Raises :class:`UnreadableReply` for an answer line indented by
    spaces, as a mail program indents a message it quotes, which cannot be told from a quoted
    one.

    An answer's comment is all the sender's words around it, so a condition is never lost:
    those above the reply's first answer line, the rest of its own line and the lines below
    it up to the next answer line, and for an APPROVE also the lines between an APPROVE line
    above and it (under a CHANGES line they say what should change, and are that answer's).
    An APPROVE is not said when its line goes on ("APPROVE E3DA-8200 if …":
    ``qualified``) or when any of the reply's own words may refuse or qualify it (``unclear``):
    a sentence or clause starting with a refusal or a condition ("No", "Not yet", "Sorry",
    "But …", "OK, but …", "Only if …", «Нет», «Пока нет», «Ні», «Але …», «Но …»), a refusal
    to approve or sign anywhere ("does not approve", "cannot sign", «не одобряю», «не могу
    подписать», «не можу підписати»), or a line ending in a negation ("I will not" above the
    answer line). A false refusal costs a reading; a false approval puts a name under a letter.
    """
    kept, cut = own_lines_and_cut(text, request)
    lines = [_spaced(line) for line in kept]
    lines = [line for line in lines if not MOBILE_SIGNOFF.match(line.strip())]
    for line in lines:
        control = bad_character(line, allow_newline=False)
        if control:
            raise UnreadableReply(
                f"its own words hold {character_named(control.split(' at ')[0])}, which a"
                " mail program shows as nothing, so what the signatory wrote cannot be known"
                " for sure"
            )
        # "\u202etey toN" shows as "Not yet", "N\u200bo" as "No"; a line separator (U+2028,
        # U+2029) hides nothing, and is kept in a comment as ever
        hiding = invisible_character(line, allow_line_separators=True)
        if hiding:
            raise UnreadableReply(
                f"its own words hold an invisible character ({hiding.split(' at ')[0]}), which"
                " can hide words or show them in another order, so what the signatory wrote"
                " cannot be known for sure"
            )
    for line in lines:
        if line[:1].isspace() and answer_line().match(line.strip()):
            raise UnreadableReply(
                f"its line “{shortened(line.strip())}” is indented, as a mail program indents"
                " a message it quotes, so whether the signatory wrote it cannot be known"
            )
    above: list[str] = []  # the words since the last answer line
    written: dict[tuple[Verb, str], str] = {}  # each answer's verb as the sender wrote it
    found: list[tuple[Verb, list[str], str, list[str], list[str]]] = []  # verb, ids, its
    for line in lines:  # line's rest, the words above it, the words after it
        match = answer_line().match(line.strip())
        if match:
            ids = [normal_id(i) for i in IDS.findall(match["ids"])]
            rest = match["rest"].strip(" \t-–—:")
            verb = answer_of_word()[match["verb"].lower()]
            found.append((verb, ids, rest, above, []))
            for version in ids:
                written.setdefault((verb, version), match["verb"])
            above = []
        elif line.strip():
            above.append(line.strip())
            if found:
                found[-1][4].append(line.strip())
    own = [x.strip() for x in lines if x.strip() and not answer_line().match(x.strip())]
    words = [rest for _verb, _ids, rest, _before, _after in found if rest] + own
    refusing = next((x for x in words if REFUSING.search(x)), "")
    hidden: list[str] = []
    if not refusing:  # words hidden from a reader, maybe by mistake: a reading is safe
        refusing = next((x.strip() for x in unseen if REFUSING.search(x)), "")
        hidden = [refusing] if refusing else []
    signed_below: list[str] = []
    if not refusing and cut == "signature":  # "-- " ends the words read, not a P.S. below it
        postscript = (_spaced(x).strip() for x in below_signature(text, request))
        refusing = next((x for x in postscript if x and REFUSING.search(x)), "")
        signed_below = [refusing] if refusing else []
    top = found[0][3] if found else []
    how = typed_in_quotation(text, request or Request())
    how |= {pair: "blockquote" for pair in typed if pair not in how}
    how |= {pair: "below" for pair in typed_below if pair not in how}
    reading = Reading(hidden=hidden, words=written, cut=cut, typed_under=[*how], typed_how=how)
    reading.signed_below = signed_below
    # a bare APPROVE typed into the quotation agrees with the sender's own APPROVE of it;
    # of another version, it is an answer the reply does not give above: held, and named
    approved = {v for verb, ids, *_rest in found if verb == "approve" for v in ids}
    reading.typed_under = [
        (line, words) for line, words in reading.typed_under if not bare_approve(words, approved)
    ]
    # words typed into the quotation under its answer line ("> APPROVE …" / "No - not yet")
    # are cut with it, yet may answer that very line: an approval they may contradict waits
    doubt = refusing or next((words for _line, words in reading.typed_under), "")
    if not found:  # an answer written under the quoted message must not be called none
        # not where the sender's words may refuse ("I will not approve …", "I have not read
        # it" on another line, or hidden): asking for an answer line there would be wrong
        # advice, and the report's word for it is "answered in other words"
        reading.in_words = [] if refusing else [x.strip() for x in lines if named_with_verb(x)]
        reading.below_quotation = [
            x.strip() for x in text.splitlines() if not x[:1].isspace() and answer_line().match(x)
        ]
        # marked '>', or '|' where Outlook prefixed its quotation so (as reply_outlook reads it)
        as_sent = text.splitlines()
        marked = [
            (re.sub(r"^[\s>]+", "", x).strip(), line.lstrip()[:1])
            for x, line in zip(prefixed_as_marked(as_sent), as_sent, strict=True)
            if x.lstrip()[:1] == ">"
        ]
        # asking a sender whose words may refuse to answer again unquoted would be wrong
        # advice too: they may have quoted another's answer ("Michal wrote: > APPROVE …")
        answers = [] if refusing else [(x, m) for x, m in marked if answer_line().match(x)]
        reading.quoted = [x for x, _mark in answers]
        reading.quoted_marks = {x: m for x, m in reversed(answers)}  # the first mark stands
    verbs: dict[str, set[Verb]] = {}
    for number, (verb, ids, rest, before, after) in enumerate(found):
        # the words under an APPROVE line may be about it or the next one: both keep them;
        # under a CHANGES line they say what should change, and are not the next approval's
        # comment: a refusal among them holds it back (refusing), and any words are shown
        # with it (below), as a condition there must not go unread
        above_verb, above_ids = found[number - 1][:2] if number else ("approve", [])
        between = before if number and verb == "approve" == above_verb else []
        below = ("", "")
        if verb == "approve" and above_verb == "request-changes" and before:
            said_above = f"{written[(above_verb, above_ids[0])]} {', '.join(above_ids)}"
            below = (said_above, " / ".join(before))
        for version in ids:
            verbs.setdefault(version, set()).add(verb)
            if verb == "approve" and rest.strip(" .!,;"):  # "APPROVE … only if …"
                reading.qualified.append((version, rest))
                continue
            if verb == "approve" and doubt:
                if (version, doubt) not in reading.unclear:
                    reading.unclear.append((version, doubt))
                continue
            comment = " / ".join(top + between + ([rest] if rest else []) + after)
            said = Said(verb, version, comment, written[(verb, version)], below)
            if said not in reading.said:
                reading.said.append(said)
    for _line, typed_words in reading.typed_under:  # "CHANGES v" above, "APPROVE v" quoted
        answer = answer_line().match(typed_words)
        if answer is None:
            continue
        for version in (normal_id(i) for i in IDS.findall(answer["ids"])):
            if version in verbs:
                verbs[version].add(answer_of_word()[answer["verb"].lower()])
    reading.both = [v for v, seen in verbs.items() if len(seen) > 1]
    reading.said = [s for s in reading.said if s.version not in reading.both]
    reading.qualified = [q for q in reading.qualified if q[0] not in reading.both]
    reading.unclear = [u for u in reading.unclear if u[0] not in reading.both]
    return reading
