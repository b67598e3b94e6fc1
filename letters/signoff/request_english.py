"""The English of a review request's words, the source of their translations.

Each text is a message of the ``review`` domain (:mod:`letters.signoff.request_words`):
its English is the msgid, its key says where the request uses it, and its note tells a
translator what each ``{placeholder}`` holds and where the line stands. Translations into
Ukrainian and Russian ship with letters (``letters/data/locales/<lang>/LC_MESSAGES/review.po``);
a workspace translates them into any other language in its own ``locales/``. A text changed
here must be merged into the shipped catalogs (``python -m letters.signoff.request_catalogs``)
and translated there (a test fails until each holds every text, translated; until then a
request in their languages is written in English): a request is never sent half in English.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CHANGE_ENGLISH",
    "EARLIER_GREETINGS",
    "EARLIER_SENTENCES",
    "NAMED_GREETING",
    "REQUEST_ENGLISH",
    "VERB_ENGLISH",
    "Text",
]


@dataclass(frozen=True)
class Text:
    """One text of the request: ``key`` names its use, ``english`` is the msgid,
    ``note`` the translator's comment, ``context`` its msgctxt where the English alone
    does not say what it is."""

    key: str
    english: str
    note: str
    context: str | None = None


_VERSION = "version: a version id, such as 33FC-0BE1"
_FILE = "file: the name of the attached file"
_LINE = "a line of its own under a draft's line"
# English spaces an en dash (EU style), Ukrainian and Russian an em dash
_AFTER = (
    "put after a draft's line (keep the space it starts with; its dash is your language's:"
    " uk, ru « — »)"
)

REQUEST_ENGLISH: tuple[Text, ...] = (
    Text(
        "subject",
        "[review] please approve: {versions}",
        "the e-mail's subject. versions: the version ids asked about, separated by commas",
    ),
    Text(
        "greeting",
        "Hello,",
        "the request's first line, greeting the one signatory it is sent to without their"
        " name (the directory holds no form of address for them in your language): neutral"
        " and polite to one person, as uk «Добрий день!», ru «Здравствуйте!»; not a greeting"
        " of several addressees. An English request greets by name instead ('Dear {name},')",
        "greeting without a name",
    ),
    Text(
        "intro",
        "Please review the attached drafts. Each has a version id in its header.",
        "the paragraph above the list of drafts to approve",
    ),
    Text(
        "approved",
        "You have already approved these current versions; they need no answer:",
        "above the list of several drafts already approved",
    ),
    Text(
        "approved-one",
        "You have already approved this current version; it needs no answer:",
        "above the one draft already approved",
    ),
    Text(
        "unread",
        "Your name will also stand under these versions, in languages you do not read"
        " according to our directory; their drafts are attached too. The letters cannot be"
        " finalised without your approval of each: approve one only if you know and accept"
        " what it says.",
        "above the list of several drafts in languages the signatory does not read",
    ),
    Text(
        "unread-one",
        "Your name will also stand under this version, in a language you do not"
        " read according to our directory; its draft is attached too. The letter cannot be"
        " finalised without your approval of it: approve it only if you know and accept what"
        " it says.",
        "above the one draft in a language the signatory does not read",
    ),
    Text(
        "translation",
        " – the same letter as the [{lang}] draft above, in another language",
        f"{_AFTER}. lang: the code of the language of the draft above, such as uk",
    ),
    Text(
        "only",
        " – this letter has no version in a language you read",
        _AFTER,
    ),
    Text(
        "pending",
        " – its version in a language you read, [{lang}], cannot be approved yet:"
        " its translation is not complete",
        f"{_AFTER}. lang: the code of the language the signatory reads, such as uk",
    ),
    Text(
        "item",
        "* {letter} [{lang}], version {version}",
        "a draft's line, which a reply may quote. letter: the letter's id; lang: the code of"
        f" its language; {_VERSION}",
    ),
    Text(
        "title",
        "‘{title}’",
        "the line under a draft's line: its heading, in the quotation marks of the language."
        " title: the letter's heading",
        "draft title",
    ),
    Text(
        "email",
        "The e-mail that will carry this letter, part of the version: {file}",
        f"{_LINE}. {_FILE}",
    ),
    Text(
        "recipients",
        "Whom this letter goes to, and what each gets where the draft shows"
        " placeholders, part of the version: {file}",
        f"{_LINE}. {_FILE}",
    ),
    Text(
        "recipients-email",
        "Whom this letter goes to, and what each gets where the e-mail shows"
        " placeholders, part of the version: {file}",
        f"{_LINE}, of a joint letter (one letter to all, in an e-mail that greets each"
        f" recipient in their own words). {_FILE}",
    ),
    Text(
        "recipients-both",
        "Whom this letter goes to, and what each gets where the draft and the e-mail show"
        " placeholders, part of the version: {file}",
        f"{_LINE}, of a letter each recipient gets in their own words, in an e-mail that"
        f" greets them in their own words too. {_FILE}",
    ),
    Text(
        "picture-text",
        "A picture in it, as a screen reader says it (part of the version): ‘{text}’",
        f"{_LINE}. text: what a screen reader says for a picture of the letter",
    ),
    Text(
        "picture",
        "You approved this version, but we cannot confirm that the signature picture"
        " now under your name is the one it had then: please check the signature in the draft"
        " and approve again.",
        _LINE,
    ),
    Text(
        "stale",
        "You approved another version of this letter ({version}). Your approval holds only for"
        " that version, so we ask you to answer again.",
        f"{_LINE}, above the line naming what changed: why a signatory is asked again. {_VERSION}"
        " (the version approved: the draft may have gone back to an older text, so it is"
        " 'another' version, not 'an earlier' one)",
    ),
    Text(
        "stale-unverified",
        "An e-mail approving another version of this letter ({version}) reached us in your"
        " name, but we could not verify that you sent it; in any case an approval holds only"
        " for the version approved, so we ask you to answer again.",
        f"{_LINE}, above the line naming what changed: why a signatory is asked again whose"
        " last answer, approving another version, came in an e-mail we could not verify"
        f" (their last verified answer, if any, may be a 'no'). {_VERSION} (the version that"
        " e-mail approved)",
    ),
    Text(
        "unconfirmed",
        "After you had asked for changes to this version, an e-mail approving it reached us in"
        " your name, but we could not verify that you sent it. If you approve this version,"
        " please confirm it by answering again.",
        f"{_LINE}: why a signatory who asked for changes is asked again for a version",
    ),
    Text(
        "unconfirmed-revoked",
        "After you withdrew your approval of this letter, an e-mail approving this version"
        " reached us in your name, but we could not verify that you sent it. If you approve"
        " this version, please confirm it by answering again.",
        f"{_LINE}: why a signatory who withdrew their approval is asked again for a version",
    ),
    Text(
        "redline",
        "What changed since the version you approved ({version}): {file}",
        f"{_LINE}. {_VERSION}; {_FILE}",
    ),
    Text(
        "redline-asked",
        "What changed since the version you asked changes on ({version}): {file}",
        f"{_LINE}. {_VERSION}; {_FILE}",
    ),
    Text(
        "not-kept",
        "What changed since the version you approved ({version}) cannot be shown:"
        " its copy is no longer kept. Please read the whole draft.",
        f"{_LINE}. {_VERSION}",
    ),
    Text(
        "not-kept-asked",
        "What changed since the version you asked changes on ({version})"
        " cannot be shown: its copy is no longer kept. Please read the whole draft.",
        f"{_LINE}. {_VERSION}",
    ),
    Text(
        "how",
        "How to answer: reply to this message with one line per version, at the top of"
        " your reply, copied from these:",
        "above the lines to copy, each the word APPROVE and a version id",
    ),
    Text(
        "changes",
        "or, to ask for changes, the line {change} <version> followed by what should change:",
        "above the lines to copy that ask for changes. change: the word CHANGES as the reply"
        " must write it; translate <version> (uk: <версія>)",
    ),
    Text(
        "others",
        "The words {words} may be used instead.",
        "under the lines to copy. words: the answer words of the other languages, separated"
        " by slashes",
    ),
    Text(
        "rule",
        "An approval is of the version named and of no other: if the draft changes, you"
        " will be sent the new one. If someone else answers for you (an assistant, your"
        " office), please tell us their e-mail address first: we record answers only from"
        " addresses we know.",
        "the request's last paragraph",
    ),
)

# An English request without the directory's form of address greets its one signatory by
# the English name the directory holds, in full: no gender is needed for it.
NAMED_GREETING = "Dear {name},"

# The greetings without a name that requests wrote before, by language: a reply quoting
# such a request is still read for them ("Dear Sir or Madam," and the plural uk/ru forms
# were written in December 2026, "Hello," and its translations before and since).
EARLIER_GREETINGS: dict[str, tuple[str, ...]] = {
    "en": ("Hello,", "Dear Sir or Madam,"),
    "uk": ("Добрий день!", "Шановні пані та панове!"),
    "ru": ("Здравствуйте!", "Уважаемые дамы и господа!"),
}

# The request's sentences as requests wrote them before, by language: a reply quoting such
# a request still knows them as the request's, not the signatory's words.
EARLIER_SENTENCES: dict[str, tuple[str, ...]] = {
    "en": (
        "You approved an earlier version of this letter ({version}). It has changed since,"
        " and an approval holds only for the version it names, so we ask you to answer again.",
        "After you had declined this version (asked for changes or withdrawn your approval),"
        " an e-mail approving it reached us in your name, but we could not verify that you"
        " sent it. If you approve this version, please confirm it by answering again.",
    ),
    "uk": (
        "Ви схвалили попередню версію цього листа ({version}). Відтоді до нього внесено"
        " зміни, а схвалення стосується лише тієї версії, яку в ньому названо, тому просимо"
        " Вас відповісти ще раз.",
        "Після того як Ви відхилили цю версію (попросили внести зміни або відкликали"
        " схвалення), ми отримали від Вашого імені електронний лист із її схваленням, проте"
        " не змогли перевірити, що його надіслали саме Ви. Якщо Ви схвалюєте цю версію,"
        " просимо підтвердити це повторною відповіддю.",
        # «цієї» could be read as the draft asked about, not the one approved
        "Ви схвалили іншу версію цього листа ({version}). Ваше схвалення стосується лише цієї"
        " версії, тому просимо Вас відповісти ще раз.",
    ),
    "ru": (
        "Вы одобрили предыдущую версию этого письма ({version}). С тех пор в него внесены"
        " изменения, а одобрение относится только к названной в нем версии, поэтому просим"
        " Вас ответить еще раз.",
        "После того как Вы отклонили эту версию (попросили внести изменения или отозвали"
        " одобрение), от Вашего имени пришло электронное письмо с ее одобрением, однако мы"
        " не смогли проверить, что его отправили именно Вы. Если Вы одобряете эту версию,"
        " просим подтвердить это повторным ответом.",
    ),
}

_PART = "the line's last words name it: a noun phrase that can follow a colon (a nominative)"
_HOW = "a line saying what changed, under a draft's line. part: the part of the letter that changed"

CHANGE_ENGLISH: tuple[Text, ...] = (
    Text("added", "added: {part}", _HOW),
    Text("removed", "removed: {part}", _HOW),
    Text("changed", "changed: {part}", _HOW),
    Text("translated", "changed in translation only: {part}", _HOW),
    Text("summary", "the summary of the case", _PART),
    Text("background", "the background of the case", _PART),
    Text("timeline", "the account of events", _PART),
    Text("risks", "the account of the risks", _PART),
    Text("instruments", "the treaties cited", _PART),
    Text("asks", "what the letter asks", _PART),
    Text("sources", "the footnotes on sources", _PART),
    Text("person", "the description of the person (occupation, organisation)", _PART),
    Text("subject", "the letter's heading", _PART),
    Text("framing", "the sentence leading into the risks", _PART),
    Text("case-text", "a text of the case", _PART),
    Text("template-text", "the standard wording of the letter", _PART),
    Text("template", "the letter's layout or standard wording (its template)", _PART),
    Text(
        "letter",
        "the letter's particulars: date, place, addressees, signatories or events told",
        _PART,
    ),
    Text("facts", "the facts of the case: dates and kinds of events, sources", _PART),
    Text(
        "signatory",
        "what the letter says of its signatory ({name})",
        f"{_PART}. name: the signatory's name",
    ),
    Text("recipient", "the addressee's details ({name})", f"{_PART}. name: the addressee's name"),
)

# A reply is read for these words (letters.signoff.reply_grammar): only the languages letters
# ships have their own; a workspace's language asks for the English ones, which every
# reply is read for.
VERB_ENGLISH: tuple[Text, ...] = (
    Text("approve", "APPROVE", "the word a reply writes to approve a version", "answer verb"),
    Text(
        "changes",
        "CHANGES",
        "the word a reply writes to ask for changes to a version",
        "answer verb",
    ),
)
