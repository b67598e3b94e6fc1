"""Outlook's quoted header block in a plain-text reply, and its quotation prefixed with '|'.

Outlook quotes the message answered under a block of labelled lines ("From: … Sent: … To:
… Subject: …", «Від: … Надіслано: … Кому: … Тема: …», «От: … Отправлено: … Кому: … Тема:
…»), and wraps a long one onto the next line: the rest of a subject, of a list of
recipients. Those are the header's (:func:`outlook_block_end`); any other line under or
between its lines was typed there by the signatory, and holds the approval
(:mod:`letters.signoff.reply_typed`). Its option "Prefix each line of the original message"
marks the quotation with '>', or with a mark of the user's choosing: '|' is read as '>' is
under such a header (:func:`prefixed_as_marked`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from letters.signoff.reply_grammar import REFUSING, answer_line

if TYPE_CHECKING:
    from letters.signoff.reply_request import Request

__all__ = ["outlook_block_end", "prefixed_as_marked"]

# The labels of Outlook's header block as it writes them in English, Ukrainian, Russian,
# German and French ("De : …" with its space before the colon)
_OUTLOOK_LABEL = re.compile(
    r"^\s*(?:From|Sent|To|Cc|Bcc|Date|Subject|Importance|Attachments"
    r"|Від|Надіслано|Кому|Копія|Прихована копія|Дата|Тема|Вкладення"
    r"|От|Отправлено|Копия|Скрытая копия|Вложения"
    r"|Von|Gesendet|An|Datum|Betreff|Anlagen|De|Envoyé|À|Cci|Objet|Pièces jointes)\s?:(?:\s|$)",
    re.IGNORECASE,
)


def outlook_block_end(lines: list[str], number: int, ours: Request) -> tuple[int, str]:
    """The number of the last line of Outlook's header block starting at ``number`` (or
    below blank lines, or under Outlook's line of underscores or "-----Original Message-----"),
    and its last header line whole (with the lines Outlook wrapped it onto), or (-1, "")
    where none starts there. A line under a labelled one is its own only where it goes on
    its value (:func:`_goes_on`): else it was typed there."""
    at = number
    while at + 1 < len(lines) and not lines[at].strip():  # an HTML part's paragraphs apart
        at += 1
    if not _OUTLOOK_LABEL.match(lines[at]) and at + 1 < len(lines):
        at += 1
    if not _OUTLOOK_LABEL.match(lines[at]):
        return -1, ""
    field = lines[at].strip()
    while at + 1 < len(lines):
        if _OUTLOOK_LABEL.match(lines[at + 1]):
            at, field = at + 1, lines[at + 1].strip()
            continue
        rest = _goes_on(field, lines[at + 1 : at + 4], ours)
        if not rest:
            break
        at, field = at + len(rest), " ".join([field, *rest])
    return at, field


# Outlook's labels of a line of mailboxes, and of its subject line (see _OUTLOOK_LABEL)
_MAILBOXES = re.compile(
    r"^\s*(?:From|To|Cc|Bcc|Від|Кому|Копія|Прихована копія|От|Копия|Скрытая копия"
    r"|Von|An|De|À|Cci)\s?:",
    re.IGNORECASE,
)
_SUBJECT = re.compile(r"^\s*(?:Subject|Тема|Betreff|Objet)\s?:", re.IGNORECASE)
_ADDRESS = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
# a mailbox as Outlook writes it: "Name <address>", "Name [mailto:address]", an address alone;
# its name may be the address again ("x@y <x@y>", "'x@y' <x@y>")
_MAILBOX = re.compile(
    rf"(?P<name>[^<>;@\[\]\d]*?|['\"]?{_ADDRESS}['\"]?)\s*"
    rf"(?:<(?P<within>{_ADDRESS})>|\[mailto:(?P<mailto>{_ADDRESS})\])"
    rf"|(?P<alone>{_ADDRESS})"
)
# a display name in one pair of quotes: '"GUETTA Bernard"', or Outlook's "'Bernard Guetta'"
_QUOTED = re.compile(r"^(?P<mark>[\"'])(?P<name>[^\"']*)(?P=mark)$")
# the address book's "Surname, Given" ("GUETTA, Bernard", "de VILLIERS, Marie"): one comma,
# right after a word and before the next
_SURNAME_FIRST = re.compile(r"^(?P<surname>[^,]*[^\s,]), (?P<given>[^\s,][^,]*)$")


def _goes_on(field: str, below: list[str], ours: Request) -> list[str]:
    """The first lines of ``below`` that are the rest of Outlook's header line ``field``
    (with its label), as Outlook wraps a long one at a space, or [] where the first is not.

    Only a value that shows it goes on: the request's subject, whole with them and not
    without (never a subject Outlook shows for a message it did not know as ours); a list
    of mailboxes (From, To, Cc) where every one on the line is one the request was sent
    from or to (:meth:`Request.recipient`), by its address or by the very name the request
    wrote, the one cut short above joined whole into one ("…; Guetta" above "Bernard
    <bernard.guetta@…>"). Words that only look like names ("Call Me First; Bernard",
    "Ask Legal <legal@…>") or that may refuse are the signatory's, typed there."""
    first = below[0].strip() if below else ""
    if not first or _OUTLOOK_LABEL.match(first) or answer_line().match(first):
        return []
    subject = _SUBJECT.match(field)
    if subject:
        value = field[subject.end() :]
        if ours.subject(value):
            return []
        for count in range(1, len(below) + 1):
            pieces = [x.strip() for x in below[:count]]
            if not pieces[-1] or _OUTLOOK_LABEL.match(pieces[-1]):
                return []
            if ours.subject(" ".join([value, *pieces])):
                return below[:count]
        return []
    mailboxes = _MAILBOXES.match(field)
    if mailboxes is None or REFUSING.search(first):
        return []
    cut = field[mailboxes.end() :].rsplit(";", 1)[-1].strip()  # "" after a ';'
    pieces = [x.strip() for x in first.removesuffix(";").split(";")]
    if cut:
        pieces[0] = f"{cut} {pieces[0]}"
    return below[:1] if all(_ours(x, ours) for x in pieces) else []


def _ours(words: str, ours: Request) -> bool:
    """Whether ``words`` are one mailbox the request was sent from or to: a name alone as
    the request wrote it (:meth:`Request.recipient`), or "Name <address>" with an address it
    was sent from or to and, as its name, nothing, that address again, or a name the request
    wrote (:func:`_named_as_sent`). Any other words before its address were typed there:
    "Legal must check first <bernard.guetta@…>" is no mailbox of Outlook's."""
    match = _MAILBOX.fullmatch(words)
    if match is None:
        return ours.recipient(words)
    address = match["within"] or match["mailto"] or match["alone"]
    if not ours.recipient("", address):
        return False
    quoted = _QUOTED.fullmatch((match["name"] or "").strip())
    name = " ".join((quoted["name"] if quoted else match["name"] or "").split())
    return not name or name.casefold() == address.casefold() or _named_as_sent(name, ours)


def _named_as_sent(name: str, ours: Request) -> bool:
    """Whether the display ``name`` of a mailbox with an address the request was sent to is
    a name the request wrote, in any order and case, or in the address book's "Surname,
    Given" form Exchange lists it by ("GUETTA, Bernard"): one comma between two words adds
    no word, so a name of other words, or of one more or less, is still none. A name alone,
    with no address, has no comma (a line "GUETTA, Bernard" may be typed as the start of a
    sentence)."""
    if ours.recipient(name):
        return True
    parts = _SURNAME_FIRST.fullmatch(name)
    return parts is not None and ours.recipient(f"{parts['surname']} {parts['given']}")


# the first lines of Outlook's header block: "From: …" and, within three lines, "Sent: …"
# naming a year or a time (see letters.signoff.reply_quotes._outlook_block)
_FROM = re.compile(r"^\s*(?:From|Від|От)\s?:\s", re.IGNORECASE)
_SENT = re.compile(
    r"^\s*(?:Sent|Date|Надіслано|Отправлено|Дата)\s?:\s.*(?:(?<!\d)(?:19|20)\d\d(?!\d)|\d:\d\d)",
    re.IGNORECASE,
)
_BAR = re.compile(r"^\s*\|")
# Outlook's separator above its header, prefixed: "| -----Original Message-----", "| ____…"
_BAR_SEPARATOR = re.compile(r"^\s*\|\s*(?:-{3,}[^-]*-{3,}|_{8,})\s*$")


def prefixed_as_marked(lines: list[str]) -> list[str]:
    """``lines`` with the quotation Outlook prefixed with '|' marked '>' instead: from the
    first line of its header block ("From: …" with "Sent: …" below, the header prefixed too
    or not) on, every line starting with '|', and the separator prefixed right above it
    ("| -----Original Message-----", "| ____…"), no other line. Nothing above the header is
    changed (a signatory's own '|' there stays theirs), nor any line without the mark under
    it: typed there. A quotation most of whose lines bear no mark was not prefixed: its
    lines starting with '|' are left as typed."""
    start = next(
        (
            n
            for n, line in enumerate(lines)
            if _FROM.match(_BAR.sub("", line))
            and any(_SENT.match(_BAR.sub("", x)) for x in lines[n + 1 : n + 4])
        ),
        -1,
    )
    if start < 0:
        return lines
    marked = sum(1 for line in lines[start:] if _BAR.match(line))
    if marked <= sum(1 for line in lines[start:] if line.strip()) - marked:
        return lines  # not prefixed: a line of '|' among its own was typed (as its words)
    if start and _BAR_SEPARATOR.match(lines[start - 1]):  # never a line of the signatory's
        start -= 1
    return [
        *lines[:start],
        *(_BAR.sub(">", line, count=1) if _BAR.match(line) else line for line in lines[start:]),
    ]
