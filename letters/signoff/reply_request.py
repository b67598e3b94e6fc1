"""Our review request as a reply may quote it without a mark (:class:`Request`): its
sentences in every language it is written in, earlier requests' sentences too, a draft's
line and title line, its subject, the files it lists, its greeting and its sender — so that
:mod:`letters.signoff.reply_quotes` can tell its lines from the signatory's own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email.policy import default

from letters.signoff.reply_grammar import ID
from letters.signoff.request_english import EARLIER_GREETINGS, EARLIER_SENTENCES

# its greeting by name ("Dear Mr Guetta,") addresses the signatory, and a draft's title
# line is the letter's own title (a line in quotes of the signatory's is theirs).
_SENTENCES = (
    "intro", "approved", "approved-one", "unread", "unread-one", "email", "recipients",
    "recipients-email", "recipients-both", "picture", "redline", "redline-asked", "not-kept",
    "not-kept-asked", "how", "changes", "others", "rule", "picture-text", "stale",
    "stale-unverified", "unconfirmed", "unconfirmed-revoked",
)  # fmt: skip
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_FILLS = {
    "letter": r"[\w.-]+", "lang": r"[\w-]+", "version": ID, "file": r"\S+",
    "versions": rf"{ID}(?:, {ID})*",  # the subject's: one or more, separated by commas
}  # fmt: skip
_ENGLISH_QUOTE = re.compile(r"‘(\{\w+\})’")
# what the request writes after a draft's line, on the same line
_AFTER_ITEM = ("translation", "only", "pending")
_WRAPPED = 40  # the shortest line taken for the start of a sentence the mail program wrapped
# The tags a mail system puts before the subject of a message from outside its organisation,
# as a header that quotes it shows them: "[EXTERNAL] [review] please approve: …". Only these,
# in square brackets, one or more, in any case: a tag not listed ("EXTERNAL: …", "[EXT:
# check the sender]", "Re:") leaves the subject another's, and a line under it typed.
MAIL_SYSTEM_TAGS = (
    "EXTERNAL", "EXT", "EXTERNAL EMAIL", "EXTERNAL E-MAIL", "EXTERNAL MAIL",
    "EXTERNAL MESSAGE", "EXTERNAL SENDER",
)  # fmt: skip
_TAGGED = re.compile(
    r"^(?:\[(?:" + "|".join(re.escape(t.casefold()) for t in MAIL_SYSTEM_TAGS) + r")\] ?)+"
)


def normal(line: str) -> str:
    """``line`` as compared with the request's: no quote marks (``>``), ``*`` or whitespace
    at its ends, its spaces one, in lower case."""
    return " ".join(re.sub(r"^[\s>*]+|[\s>*]+$", "", line).split()).casefold()


def _as_sent(template: str) -> list[str]:
    """``template`` and its earlier English form: requests sent before December 2026 quoted
    a title or a picture's text in double marks (“…”), and their replies still come in."""
    earlier = _ENGLISH_QUOTE.sub(r"“\1”", template)
    return [template] if earlier == template else [template, earlier]


def _pattern(template: str) -> str:
    parts = _PLACEHOLDER.split(normal(template))
    fills = (_FILLS.get(p, ".+?") for p in parts[1::2])
    return "".join(re.escape(p) + next(fills, "") for p in parts[::2])


@dataclass(frozen=True)
class Request:
    """Our review request, as a reply may quote it without a mark: its sentences (in every
    language it is written in), a draft's line ("* <letter> [<lang>], version <id>") and
    title line (‘<title>’), and its greeting of the signatory by name; and its sender and
    subject, as a client's quotation header names them. Built from the request's own texts
    (:func:`letters.signoff.request.request_texts`) with :meth:`of`, so the two cannot drift
    apart."""

    lines: re.Pattern[str] | None = None  # a whole line of the request
    items: re.Pattern[str] | None = None  # a draft's whole line, with what may follow it
    # a draft's line cut short where a mail program wrapped it: the line to its version, and
    # the words of what may follow it up to one of them
    item_starts: re.Pattern[str] | None = None
    heads: tuple[str, ...] = ()  # a sentence's start, for a line wrapped by the mail program
    sender: tuple[str, ...] = ()  # its address and display name, in lower case
    # its greetings without a name (today's and earlier ones: «Добрий день!»), which a
    # signatory writes too: the request's only right above a line of it
    greetings: tuple[str, ...] = ()
    subjects: re.Pattern[str] | None = None  # its whole subject, naming the versions asked
    files: frozenset[str] = frozenset()  # the names of the files it lists, in lower case
    file_lines: re.Pattern[str] | None = None  # its lines ending in a file name (any word)
    # the mailboxes it was sent from and to (with the signatory's delegates): their
    # addresses in lower case, and their display names as it wrote them
    addresses: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        texts: Mapping[str, Mapping[str, str]],
        named: Iterable[str] = (),
        sender: str = "",
        titles: Iterable[str] = (),
        changes: Mapping[str, Mapping[str, str]] | None = None,
        files: Iterable[str] = (),
        recipients: Iterable[tuple[str, str]] = (),
    ) -> Request:
        """The request in ``texts`` (by language: its sentences by key), sent by ``sender``
        ("Name <address>") to the signatory it greets with a line of ``named`` (any of them:
        "Dear Mr Guetta,", «Шановний пане Бернаре!») about drafts of ``titles`` (any of
        them), saying what changed in the words of ``changes`` (by language,
        :func:`letters.signoff.what_changed.change_words`), listing the ``files`` named, sent
        to the ``recipients`` (display name, address; a name "" where it has none)."""
        titles = [" ".join(t.split()) for t in titles if t.strip()]
        whole = [x for x in map(_changed, (changes or {}).values()) if x]
        items: list[str] = []
        starts: list[str] = []
        heads: list[str] = []
        greetings: list[str] = []
        subjects = [_pattern(text["subject"]) for text in texts.values() if "subject" in text]
        filed: list[str] = []
        for lang, text in texts.items():
            # an old request's greeting too: its replies still come in
            greetings += [normal(line) for line in EARLIER_GREETINGS.get(lang, ())]
            sentences = [x for key in _SENTENCES if key in text for x in _as_sent(text[key])]
            for sentence in [*sentences, *EARLIER_SENTENCES.get(lang, ())]:  # old ones too
                whole.append(_pattern(sentence))
                if sentence.endswith("{file}"):
                    filed.append(_pattern(sentence))
                head = normal(sentence).split("{")[0].strip()
                if len(head) >= _WRAPPED:
                    heads.append(head)
            if "item" in text:
                after = [text[key] for key in _AFTER_ITEM if key in text]
                items.append(_pattern(text["item"]) + _after_item(after, whole=True))
                starts.append(_pattern(text["item"]) + _after_item(after, whole=False))
            forms = _as_sent(text["title"]) if "title" in text else []
            for title in (form.format(title=t) for form in forms for t in titles):
                whole.append(re.escape(normal(title)))
                if len(normal(title)) >= _WRAPPED:
                    heads.append(normal(title))
            if text.get("greeting"):
                greetings.append(normal(text["greeting"]))
        whole += [re.escape(normal(line)) for line in named]
        mailboxes = [*_mailboxes(sender), *recipients]
        return cls(
            re.compile("(?:" + "|".join(whole) + ")$") if whole else None,
            re.compile("(?:" + "|".join(items) + ")$") if items else None,
            re.compile("(?:" + "|".join(starts) + ")$") if starts else None,
            tuple(heads),
            _sender(sender),
            tuple(greetings),
            re.compile("(?:" + "|".join(subjects) + ")$") if subjects else None,
            frozenset(name.casefold() for name in files),
            re.compile("(?:" + "|".join(filed) + ")$") if filed else None,
            frozenset(a.casefold() for _, a in mailboxes if a.strip()),
            frozenset(" ".join(n.split()) for n, _ in mailboxes if n.strip()),
        )

    def recipient(self, name: str, address: str = "") -> bool:
        """Whether a mailbox a client's header lists is one the request was sent from or to:
        by its ``address`` (in any case) where it has one, else by a ``name`` of the very
        words of one the request wrote, in any order and case, each as often: Outlook on
        Exchange lists "Bernard Guetta" from its address book as "GUETTA Bernard", "Marie de
        Villiers" as "de VILLIERS Marie". Nothing looser: never a name of some of those words
        or of more ("Bernard", "GUETTA Bernard Legal"), nor words that only look like a name
        ("Please Hold"); and a letter's diacritics count ("Austrevicius" is not
        "Auštrevičius": a client that drops them costs a reading, not an approval)."""
        if address:
            return address.casefold() in self.addresses
        words = _name_words(name)
        return bool(words) and any(_name_words(x) == words for x in self.names)

    def whole_line(self, line: str) -> bool:
        """Whether ``line`` is a whole sentence or title of the request (not a draft's line,
        nor the start of a line a mail program wrapped)."""
        return bool(self.lines and self.lines.match(normal(line)))

    def subject(self, line: str) -> bool:
        """Whether ``line`` is the request's whole subject, as a client's header names it:
        with a mail system's tags before it (:data:`MAIL_SYSTEM_TAGS`, "[EXTERNAL] …") or
        without, never with other words ("[EXTERNAL] Re: …" is a reply's subject)."""
        said = _TAGGED.sub("", normal(line), count=1)
        return bool(self.subjects and self.subjects.match(said))

    def whole_item(self, line: str) -> bool:
        """Whether ``line`` is a draft's whole line ("* <letter> [<lang>], version <id>", and
        " – this letter has no version in a language you read" or the like after it)."""
        return bool(self.items and self.items.match(normal(line)))

    def item_start(self, line: str) -> bool:
        """Whether ``line`` is a draft's line, whole or cut short after its version where a
        mail program wrapped it: never with words of the signatory's after it."""
        return bool(self.item_starts and self.item_starts.match(normal(line)))

    def cuts_file(self, above: str, joined: str) -> bool:
        """Whether ``joined``, the request's line ``above`` with words after it, ends in a
        file the request lists and ``above`` did not (a name a mail program cut): a word
        typed under it ("notes.txt") is no part of it."""
        tail = joined.split()[-1].casefold() if joined.split() else ""
        return tail in self.files and not above.rstrip().casefold().endswith(tail)

    def goes_on(self, above: str, words: str) -> str:
        """The request's line ``above`` with ``words`` after it, where they go on it as a mail
        program wraps a line (at a space, or inside a long file name), else "": a sentence or
        title whole with them (not without: a placeholder takes any words; a line ending in
        a file name only with a name it listed), a draft's line whole or cut short again
        with them, or a sentence's start (40 characters or more)."""
        for joined in (" ".join(f"{above} {words}".split()), above + words):
            said = normal(joined)
            whole = self.whole_line(joined) and not self.whole_line(above)
            if whole and self.file_lines and self.file_lines.match(said):
                whole = self.cuts_file(above, joined)
            if whole or self.item_start(joined):
                return joined
            if len(said) >= _WRAPPED and any(
                head.startswith(said) and head[len(said) : len(said) + 1] in ("", " ")
                for head in self.heads
            ):
                return joined
        return ""

    def quoted(self, line: str) -> bool:
        """Whether ``line`` is one of the request's own (a mail program may have wrapped it)."""
        text = normal(line)
        if not text:
            return False
        if (self.lines and self.lines.match(text)) or self.item_start(text):
            return True
        return len(text) >= _WRAPPED and any(
            head.startswith(text) and head[len(text) : len(text) + 1] in ("", " ")
            for head in self.heads
        )


def _name_words(name: str) -> tuple[str, ...]:
    """The words of ``name`` in lower case, in order: the same in every order and case, and
    however its letters are encoded (an "š" composed or as "s" with its mark), but for no
    name with a word more, less or other."""
    folded = unicodedata.normalize("NFD", unicodedata.normalize("NFD", name).casefold())
    return tuple(sorted(folded.split()))  # Unicode's canonical caseless match


def _after_item(templates: list[str], *, whole: bool) -> str:
    """A pattern of what may follow a draft's line: one of ``templates`` (" – this letter has
    no version in a language you read"), whole, or (not ``whole``) any of its first words,
    as a mail program cuts a line at a space; or nothing."""
    forms: list[str] = []
    for template in templates:
        words = [_pattern(word) for word in normal(template).split(" ")]
        if whole:
            forms.append(" " + " ".join(words))
            continue
        nested = ""
        for word in reversed(words):
            nested = f"(?: {word}{nested})?"
        forms.append(nested[3:-2])  # the first word at least: none is the bare line
    return "(?:" + "|".join(forms) + ")?" if forms else ""


def _changed(words: Mapping[str, str]) -> str:
    """A line of the request saying what changed ("- changed: the account of events"), in
    ``words``: how ("changed: {part}") with one of its parts, not any words after the
    colon, so that a signatory's own "- changed: …" stays theirs."""
    parts = "|".join(_pattern(w) for w in words.values() if "{part}" not in w)
    hows = (normal("- " + w).split("{part}") for w in words.values() if "{part}" in w)
    return "|".join(re.escape(a) + f"(?:{parts})" + re.escape(b) for a, b in hows)


def _mailboxes(given: str) -> list[tuple[str, str]]:
    """The display name and address of ``given`` ("Name <address>"), as written."""
    if not given.strip():
        return []
    try:
        parsed = default.header_factory("From", given)
        return [(a.display_name, a.addr_spec) for a in getattr(parsed, "addresses", ())]
    except (ValueError, IndexError):  # checked when the workspace was read: not expected
        return []


def _sender(given: str) -> tuple[str, ...]:
    """The address and display name of ``given`` ("Name <address>"), in lower case."""
    if not given.strip():
        return ()
    try:
        parsed = default.header_factory("From", given)
        found = [(a.display_name, a.addr_spec) for a in getattr(parsed, "addresses", ())]
    except (ValueError, IndexError):  # checked when the workspace was read: not expected
        return ()
    return tuple(x.casefold() for pair in found for x in pair if len(x.strip()) >= 3)
