"""What a signatory wrote in a reply: the text of their own words, and the answers in it.

The grammar, in the words of a review request: a line of its own

    APPROVE E3DA-8200          (uk СХВАЛЮЮ, ru ОДОБРЯЮ)
    CHANGES E3DA-8200          (uk ЗМІНИ, ru ИЗМЕНЕНИЯ)

followed, for CHANGES, by what should change. A reply may hold several such lines, one per
version (or several versions on one line). The verb is read in any letter case and may end
with a colon; the id is the eight hex digits of a draft's version, with or without the hyphen.

Only the sender's own words count. Mail clients quote the message answered, and a review
request holds the very lines to copy, so everything quoted is dropped before the answers are
read: lines starting with ``>``, and everything from a client's quotation header on — "On …
wrote:", «… пише:», «… пишет:» (naming a time or an address, or followed by the quoted
lines), Outlook's "From: … Sent: …" block (in any of the three languages, its Sent or Date
line naming a year or a time) and its line of ten or more underscores when such a block, or
a block of labelled lines as below, opens within the next three non-blank lines,
"-----Original Message-----", a forwarded message's header; from a client in any other
language, a line of five dashes or more around words ("-----Ursprüngliche Nachricht-----")
that name an address or a date with its time, or that name no number and have a labelled
line ("Von: …") within the next three non-blank lines, and a block of labelled lines that
names a date with its time ("Von: … <…@…>", "Gesendet: … 2020 10:00") — and everything after
a signature's "-- " line. A signatory's own lines of that look stay theirs: "--- paragraph 2
---", "----- Summary -----" above their prose, a line of underscores between their points or
above their name, "From: paragraph 2, …" above "Date: should be 21 May, not 20 May",
"Contact: office@…" above "Re: paragraph 3: …", "… what the rapporteur wrote:" above the
words quoted. An HTML-only reply is turned into text first, its blockquotes (the quoted
message) and the words struck through (``<s>``, ``<strike>``, ``<del>``, a ``line-through``
style: withdrawn, not said) dropped; a reply whose HTML part strikes words through is read
from it, not from the plain part beside it, which shows them as if written. A plain reply
sent ``format=flowed`` (RFC 3676: Thunderbird, Apple Mail) has the lines its mail program
wrapped joined again first, so "I will not ⏎ approve E3DA-8200." is one line of prose that
answers nothing, not a refusal followed by an answer line.

An answer's comment is all the sender's own words around it, so a condition is never lost,
and an APPROVE is not read when any of the reply's own words may refuse or qualify it ("Sorry,
NO - I cannot sign this" below it, "OK, but please write …" above it): staff read such a reply
and record the answer by hand (see read_answers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import EmailMessage, MIMEPart
from html.parser import HTMLParser
from typing import ClassVar, Literal

from letters.errors import LettersError

Verb = Literal["approve", "request-changes"]

VERBS: dict[str, Verb] = {
    "approve": "approve",
    "схвалюю": "approve",
    "одобряю": "approve",
    "changes": "request-changes",
    "зміни": "request-changes",
    "изменения": "request-changes",
}
VERB_WORDS = {
    "en": ("APPROVE", "CHANGES"),
    "uk": ("СХВАЛЮЮ", "ЗМІНИ"),
    "ru": ("ОДОБРЯЮ", "ИЗМЕНЕНИЯ"),
}

_ID = r"[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}"
_ANSWER = re.compile(
    r"^[*_\s]*(?P<verb>" + "|".join(VERBS) + r")[*_]*\s*:?\s*"
    r"(?P<ids>" + _ID + r"(?:[\s,;]+(?:and\s+|і\s+|и\s+)?" + _ID + r")*)\b[*_.]*(?P<rest>.*)$",
    re.IGNORECASE,
)
_IDS = re.compile(_ID)
# "On … wrote:", «… пише:»: a client's quotation header, or a signatory quoting in a sentence
_WROTE = re.compile(r"(\bwrote|пише|пишет|написав\S*|написал\S*):\s*$", re.IGNORECASE)
_QUOTE_HEADER = re.compile(
    r"(^-+\s*Original Message\s*-+)|(^-+\s*Forwarded message\s*-+)"
    r"|(^Begin forwarded message:)|(^-+\s*(Пересланное|Переслане) (сообщение|повідомлення)\s*-+)",
    re.IGNORECASE,
)
# Outlook's line above the header it quotes, when one follows (see _underscores)
_UNDERSCORES = re.compile(r"^_{10,}$")
_OUTLOOK_FROM = re.compile(r"^\s*(From|Від|От):\s", re.IGNORECASE)
_OUTLOOK_SENT = re.compile(r"^\s*(Sent|Date|Надіслано|Отправлено|Дата):\s", re.IGNORECASE)
# The same in any language: "-------- Message transféré --------", "-----Ursprüngliche
# Nachricht-----" (five dashes or more on each side, as every client writes them), or a block
# of labelled lines ("De : …", "Von: …", "Nuo: …") that names a date with its time.
_SEPARATOR = re.compile(r"^-{5,}\s*(?P<words>[^-\s].*?)\s*-{5,}$")
_LABELLED = re.compile(r"^[^\W\d_][^\W\d_.-]{0,19}(?: [^\W\d_]{1,19})?\s?:\s+\S")
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# no digit either side, not a word boundary: «2020年», «2020년» (Japanese, Chinese, Korean)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_TIME = re.compile(r"\b\d{1,2}[:.]\d\d(?![.:]?\d)")  # 10:00, 10.00 (Finnish), not 02.06.2020


# Words that refuse or qualify an approval written in the same reply (see read_answers): a
# clause starting with a refusal, a condition or a change asked for; a refusal to approve or
# sign, or a change asked "instead", anywhere; a line ending in a negation (the sender's own
# line break before "APPROVE …").
_START = (
    r"no|nope|not|never|don['’]?t|do not|doesn['’]?t|won['’]?t|will not|can['’]?t|cannot"
    r"|can not|sorry|unfortunately|regrettably|but|however|though|although|unless|if|only"
    r"|provided|except|wait"
    r"|ні|не|ніяк|на жаль|але|проте|однак|якщо|лише|тільки|за умови|крім|поки ні|поки не"
    r"|поки що|ще ні|вибачте"
    r"|нет|ни|к сожалению|но|однако|если|лишь|только|при условии|кроме|пока не|пока нет"
    r"|ещё нет|еще нет|извините|простите"
    r"|(?:please\s+|будь ласка,?\s+|пожалуйста,?\s+)?(?:change|replace|remove|delete|add|fix"
    r"|correct|rewrite|write|insert|drop|cut|змініть|замініть|приберіть|видаліть|додайте"
    r"|виправте|напишіть|вставте|измените|замените|уберите|удалите|добавьте|исправьте"
    r"|напишите|вставьте)"
)
_REFUSING = re.compile(
    r"(?:^|[.!?;:,()\[\]–—]|\s-\s)[\s\"'«»“”„*_]*(?:" + _START + r")(?![\w'’])"
    r"|(?:\bnot|n['’]t|\bnever|\bcannot)\s+(?:\w+\s+){0,2}?"
    r"(?:approv|sign|agree|endors|support|accept)"
    r"|\bне\s+(?:\w+\s+){0,2}?(?:одобр|подпис|соглас|поддерж|схвал|підпис|згод|підтрим)"
    r"|\b(?:withdraw|revoke|declin|reject|refus|objection|hold off|instead|отзыва|отзову"
    r"|отказ|отклон|возража|подожд|вместо|відклика|відкличу|відмов|відхил|запереч|зачека"
    r"|почека|замість)"
    r"|(?:^|\s)(?:not|no|never|don['’]t|won['’]t|cannot|can['’]t|не|ні|нет|ни)\W*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Said:
    """One answer in a reply: the verb, the version id as written (normalised ``E3DA-8200``)
    and the sender's words with it (see read_answers): for CHANGES what should change, for
    APPROVE anything more the sender wrote above or below it."""

    action: Verb
    version: str
    comment: str = ""


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


_LINE_THROUGH = re.compile(r"text-decoration[\w-]*\s*:[^;]*line-through", re.IGNORECASE)


class _Text(HTMLParser):
    """HTML as the text a reader sees, without blockquotes, styles or scripts, and without
    the words struck through (``<s>``, ``<strike>``, ``<del>``, a ``line-through`` style)."""

    _SKIP: ClassVar[set[str]] = {"blockquote", "style", "script", "head", "title"}
    _BLOCK: ClassVar[set[str]] = {"p", "div", "br", "tr", "li", "table", "hr", "h1", "h2", "h3"}
    _STRUCK: ClassVar[set[str]] = {"s", "strike", "del"}
    _VOID: ClassVar[set[str]] = {"br", "hr", "img", "wbr", "meta", "link", "input", "col"}
    # what starts a block a browser ends an open paragraph at
    _ENDS_P: ClassVar[set[str]] = {"p", "div", "table", "ul", "ol", "h1", "h2", "h3", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.open: list[tuple[str, bool]] = []  # the open elements: tag, struck through?
        self.struck = False  # whether any words were struck through
        # a strike left open where its element ends: whether a browser shows the words
        # after it struck through depends on the kind of element, so they cannot be read
        self.unbalanced = False

    def striking(self) -> bool:
        return any(through for _tag, through in self.open)

    def _close(self, tag: str) -> None:
        """End the last open ``tag`` and every element left open inside it."""
        for n in range(len(self.open) - 1, -1, -1):
            if self.open[n][0] == tag:
                if any(through for _tag, through in self.open[n + 1 :]):
                    self.unbalanced = True
                del self.open[n:]
                return

    def close(self) -> None:
        super().close()
        if self.striking():
            self.unbalanced = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._ENDS_P:
            self._close("p")
        if tag not in self._VOID:
            style = " ".join(v or "" for k, v in attrs if k == "style")
            through = tag in self._STRUCK or bool(_LINE_THROUGH.search(style))
            self.open.append((tag, through))
        quoted = tag == "div" and any(
            name in ("class", "id") and value and "quote" in value.lower() for name, value in attrs
        )
        if tag in self._SKIP or (self.skipping and tag == "div") or quoted:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCK and not self.skipping:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self._close(tag)
        if self.skipping and (tag in self._SKIP or tag == "div"):
            self.skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.striking() and data.strip():
            self.struck = True
        elif not self.skipping:
            self.parts.append(re.sub(r"[ \t\r\n\u00a0]+", " ", data))


def _parsed_html(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser


def html_text(html: str) -> str:
    """The text of an HTML message body, its quoted parts (blockquotes) and the words struck
    through left out."""
    lines = (line.strip() for line in "".join(_parsed_html(html).parts).split("\n"))
    return "\n".join(lines)


class UnreadableReply(LettersError):
    """Raised when what a reply says cannot be known for sure: a part in a character set
    Python does not know, or words struck through with no clear end."""


def _content(part: MIMEPart) -> str:
    try:
        content = part.get_content()
    except LookupError:  # a charset Python does not know
        raise UnreadableReply(
            f"its {part.get_content_type()} part is in a character set that cannot be read"
            f" ({part.get_content_charset()})"
        ) from None
    return content if isinstance(content, str) else content.decode("utf-8", "replace")


def body_text(message: EmailMessage) -> str:
    """The text of a reply: its plain part (a ``format=flowed`` one with its wrapped lines
    joined again), or its HTML part turned into text — the HTML part too when it strikes
    words through, as the plain part beside it shows them as if they were written.
    Raises :class:`UnreadableReply` where that text cannot be known for sure."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    html = message.get_body(preferencelist=("html",))
    if html is not None:
        parsed = _parsed_html(_content(html))
        if parsed.unbalanced:
            raise UnreadableReply(
                "its HTML strikes words through and leaves the strike open, so which words"
                " the signatory struck out cannot be known"
            )
        if parsed.struck:
            part = html
    text = _content(part)
    if part.get_content_subtype() == "html":
        return html_text(text)
    if str(part.get_param("format", "")).lower() == "flowed":
        return unflowed(text, delsp=str(part.get_param("delsp", "")).lower() == "yes")
    return text


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
        if joining is not None and joining[0] == depth:
            line = joining[1] + line
        elif joining is not None:  # a wrapped line above a line of another depth ends there
            out.append(_quoted(*joining))
        joining = None
        if line.endswith(" ") and line != "-- ":
            joining = (depth, line[:-1] if delsp else line)
        else:
            out.append(_quoted(depth, line))
    if joining is not None:
        out.append(_quoted(*joining))
    return "\n".join(out)


def _quoted(depth: int, line: str) -> str:
    return f"{'>' * depth} {line}" if depth else line


def own_lines(text: str) -> list[str]:
    """The lines the sender wrote: no quoted lines, nothing from a quotation header or a
    signature on."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    for number, line in enumerate(lines):
        if line.rstrip() in ("--", "-- "):
            break
        if line.lstrip().startswith(">"):
            continue
        if _QUOTE_HEADER.search(line.strip()) or _attribution(line, lines[number + 1 :]):
            break
        if _outlook_block(lines[number:]) or _underscores(line, lines[number + 1 :]):
            break
        if _separator(line.strip(), lines[number + 1 :]) or _header_block(lines[number:]):
            break
        out.append(line)
    return out


def _dated(text: str) -> bool:
    """Whether ``text`` holds a year and a time of day, as a client's header writes a date."""
    return bool(_YEAR.search(text) and _TIME.search(text))


def _ahead(after: list[str]) -> list[list[str]]:
    """The next few (three) non-blank lines of ``after``, each with the lines after it, up to
    a line that opens a quotation of its own (quoted with ``>``, a signature's "--", a line of
    underscores or dashes, a client's header): that line decides for itself, so a signatory's
    separator a few lines above a client's is not taken for it."""
    found: list[list[str]] = []
    for number, line in enumerate(after):
        text = line.strip()
        if not text:
            continue
        if len(found) == 3 or text.startswith(">") or text == "--" or _UNDERSCORES.match(text):
            break
        if _QUOTE_HEADER.search(text) or _SEPARATOR.match(text):
            break
        found.append(after[number:])
    return found


def _outlook_block(lines: list[str]) -> bool:
    """Whether ``lines`` open Outlook's "From: …" / "Sent: …" block (uk «Від:» / «Надіслано:»,
    ru «От:» / «Отправлено:», or "Date:"): a From line, and within the three lines after it
    a Sent line naming a year or a time, as Outlook always writes it. A signatory's own
    "From: paragraph 2, …" above "Date: should be 21 May, not 20 May" names neither."""
    if not lines or not _OUTLOOK_FROM.match(lines[0]):
        return False
    return any(_OUTLOOK_SENT.match(x) and (_YEAR.search(x) or _TIME.search(x)) for x in lines[1:4])


def _underscores(line: str, after: list[str]) -> bool:
    """Whether ``line`` is Outlook's line of ten or more underscores above the header of the
    message it quotes: one of the next three non-blank lines opens Outlook's "From: … Sent:
    …" block or a block of labelled lines naming a date with its time. A signatory's own line
    of underscores, between their points or above their name, is followed by neither."""
    if not _UNDERSCORES.match(line.strip()):
        return False
    return any(_outlook_block(x) or _header_block(x) for x in _ahead(after))


def _attribution(line: str, after: list[str]) -> bool:
    """Whether ``line`` is a client's "On … wrote:" («… пише:») above the message it quotes:
    it names the time or the sender's address, or the quotation follows it (a line starting
    with ``>``, or nothing in an HTML reply, whose blockquote is gone). A signatory quoting
    someone in a sentence ("… what the 2019 report wrote:" and the words on the next line)
    is neither."""
    if not _WROTE.search(line.strip()):
        return False
    if _TIME.search(line) or _ADDRESS.search(line):
        return True
    following = next((x.strip() for x in after if x.strip()), "")
    return not following or following.startswith(">")


def _separator(line: str, after: list[str]) -> bool:
    """Whether ``line`` is a client's dashed line above a forwarded or quoted message, in any
    language ("-----Original Message-----", "-------- Message transféré --------", Notes'
    "----- Forwarded by … on 02.06.2020 10:00 -----"): five dashes or more on each side of
    words that name an address or a date with its time, or of words without a number with a
    labelled line ("Von: …", "De : …") among the next three non-blank lines, as the header
    of the message below it. A signatory's own heading ("--- paragraph 2 ---", "----- point 3
    -----", "----- Summary -----" above their prose) is not one."""
    match = _SEPARATOR.match(line)
    if match is None:
        return False
    words = match["words"]
    if _ADDRESS.search(words) or _dated(words):
        return True
    if re.search(r"\d", words):
        return False
    return any(
        _LABELLED.match(x[0].strip()) and not _ANSWER.match(x[0].strip()) for x in _ahead(after)
    )


def _header_block(lines: list[str]) -> bool:
    """Whether ``lines`` open with a quoted or forwarded message's header in a mail client
    of any language: labelled lines, one with a date and its time, as every client writes it
    ("Envoyé : mardi 2 juin 2020 10:00"), and with it another naming an address ("De : …
    <rasa@…>") or two more lines. A signatory's own labelled lines name no such date: a year
    alone ("Date: write 21 May 2020."), an address alone ("Contact: office@…") are theirs.
    An answer line ("APPROVE: …") is not a label."""
    run: list[str] = []
    for number, line in enumerate(x.strip() for x in lines[:12]):
        if not line:
            continue
        if not _LABELLED.match(line) or _ANSWER.match(line):
            break
        if run and _outlook_block(lines[number:]):  # Outlook's header starts there: the
            break  # signatory's "Date: should be 21 May" above it is no part of it
        run.append(line)
    if not any(_dated(x) for x in run):
        return False
    return len(run) >= 3 or (len(run) == 2 and any(_ADDRESS.search(x) for x in run))


def normal_id(given: str) -> str:
    """``e3da8200`` → ``E3DA-8200``."""
    digits = given.replace("-", "").upper()
    return f"{digits[:4]}-{digits[4:]}"


def read_answers(text: str) -> Reading:
    """The answers in the sender's own words of ``text``.

    An answer's comment is all the sender's words around it, so a condition is never lost:
    those above the reply's first answer line, the rest of its own line and the lines below
    it up to the next answer line, and for an APPROVE also the lines between the answer line
    above and it. An APPROVE is not said when its line goes on ("APPROVE E3DA-8200 if …":
    ``qualified``) or when any of the reply's own words may refuse or qualify it (``unclear``):
    a sentence or clause starting with a refusal or a condition ("No", "Not yet", "Sorry",
    "But …", "OK, but …", "Only if …", «Нет», «Пока нет», «Ні», «Але …», «Но …»), a refusal
    to approve or sign anywhere ("does not approve", "cannot sign", «не одобряю», «не могу
    подписать», «не можу підписати»), or a line ending in a negation ("I will not" above the
    answer line). A false refusal costs a reading; a false approval puts a name under a letter.
    """
    lines = own_lines(text)
    above: list[str] = []  # the words since the last answer line
    found: list[tuple[Verb, list[str], str, list[str], list[str]]] = []  # verb, ids, its
    for line in lines:  # line's rest, the words above it, the words after it
        match = _ANSWER.match(line.strip())
        if match:
            ids = [normal_id(i) for i in _IDS.findall(match["ids"])]
            rest = match["rest"].strip(" \t-–—:")
            found.append((VERBS[match["verb"].lower()], ids, rest, above, []))
            above = []
        elif line.strip():
            above.append(line.strip())
            if found:
                found[-1][4].append(line.strip())
    own = [x.strip() for x in lines if x.strip() and not _ANSWER.match(x.strip())]
    words = [rest for _verb, _ids, rest, _before, _after in found if rest] + own
    refusing = next((x for x in words if _REFUSING.search(x)), "")
    top = found[0][3] if found else []
    reading = Reading()
    verbs: dict[str, set[Verb]] = {}
    for number, (verb, ids, rest, before, after) in enumerate(found):
        between = before if number and verb == "approve" else []
        for version in ids:
            verbs.setdefault(version, set()).add(verb)
            if verb == "approve" and rest.strip(" .!,;"):  # "APPROVE … only if …"
                reading.qualified.append((version, rest))
                continue
            if verb == "approve" and refusing:
                if (version, refusing) not in reading.unclear:
                    reading.unclear.append((version, refusing))
                continue
            comment = " / ".join(top + between + ([rest] if rest else []) + after)
            said = Said(verb, version, comment)
            if said not in reading.said:
                reading.said.append(said)
    reading.both = [v for v, seen in verbs.items() if len(seen) > 1]
    reading.said = [s for s in reading.said if s.version not in reading.both]
    reading.qualified = [q for q in reading.qualified if q[0] not in reading.both]
    reading.unclear = [u for u in reading.unclear if u[0] not in reading.both]
    return reading
