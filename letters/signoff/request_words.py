"""The words of a review request in the language a signatory reads first, from catalogs.

The English (:mod:`letters.signoff.request_english`) is the msgid of each message of the
``review`` domain. Ukrainian and Russian ship with letters, like the starter templates'
catalogs (``letters/data/locales/<lang>/LC_MESSAGES/review.po``), and are the same in every
workspace: a reply is read for their answer words. Any other language is the workspace's
to translate, in ``locales/<lang>/LC_MESSAGES/review.po`` (``letters i18n init`` begins it,
``update`` keeps it current), read and checked as every catalog is
(:func:`letters.i18n.catalog.load_messages`: placeholders, invisible characters).

A request is written whole in one language: in English while its language's catalog lacks
a usable translation of any of its texts (untranslated, fuzzy, refused), so that no
signatory reads how to answer half in one language and half in another; the notes say so.
Its answer words are English but in a language letters ships, as only those are read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from string import Formatter
from typing import TYPE_CHECKING

from letters.errors import Problem, TranslationError
from letters.i18n.catalog import Messages, load_messages, po_path
from letters.load.loader import WorkspaceData
from letters.signoff.request_english import (
    CHANGE_ENGLISH,
    REQUEST_ENGLISH,
    VERB_ENGLISH,
    Text,
)

if TYPE_CHECKING:
    from letters.i18n.extract import Message

__all__ = [
    "MERGE_COMMAND",
    "REVIEW_DOMAIN",
    "ReviewWords",
    "known_words",
    "request_words",
    "review_catalog_problems",
    "review_languages",
    "review_messages",
    "shipped_words",
    "translated_here",
    "usable_shipped",
]

_log = logging.getLogger(__name__)
# merges a changed English text into the shipped catalogs (letters.signoff.request_catalogs)
MERGE_COMMAND = "python -m letters.signoff.request_catalogs"

REVIEW_DOMAIN = "review"
# the languages letters ships the request in, in the order a request names their answer words
SHIPPED = ("uk", "ru")
_WHERE = "letters/signoff/request_english.py"


@dataclass(frozen=True)
class ReviewWords:
    """The request's words in one ``language``: its sentences (``request``) and those
    saying what changed (``changes``), by key, and the answer words (approve, changes)."""

    language: str
    request: dict[str, str]
    changes: dict[str, str]
    verbs: tuple[str, str]


ENGLISH = ReviewWords(
    "en",
    {t.key: t.english for t in REQUEST_ENGLISH},
    {t.key: t.english for t in CHANGE_ENGLISH},
    (VERB_ENGLISH[0].english, VERB_ENGLISH[1].english),
)


def _translated(language: str, found: Callable[[Text], str | None]) -> tuple[ReviewWords, int]:
    """The words of ``language`` where ``found`` gives a translation, and how many texts
    have none (the verbs aside: not every catalog has them)."""
    request = {t.key: s for t in REQUEST_ENGLISH if (s := found(t)) is not None}
    changes = {t.key: s for t in CHANGE_ENGLISH if (s := found(t)) is not None}
    approve, change = (found(t) for t in VERB_ENGLISH)
    missing = len(REQUEST_ENGLISH) + len(CHANGE_ENGLISH) - len(request) - len(changes)
    verbs = (approve, change) if approve and change else ENGLISH.verbs
    return ReviewWords(language, request, changes, verbs), missing


def _from(messages: Messages) -> Callable[[Text], str | None]:
    return lambda text: messages.singular.get((text.context, text.english))


@cache
def shipped_words() -> dict[str, ReviewWords]:
    """The words letters ships, by language: English and :data:`SHIPPED`. Read on first
    use, not on import, so that only a command that needs them reads them, with its log
    there to warn of one lacking a translation; a shipped catalog that cannot be read or
    used is a :class:`~letters.errors.TranslationError` naming its file and line."""
    out = {"en": ENGLISH}
    for lang in SHIPPED:
        source = resources.files("letters") / "data" / "locales" / lang / "LC_MESSAGES"
        with resources.as_file(source / f"{REVIEW_DOMAIN}.po") as path:
            messages = usable_shipped(lang, path)
        label = shipped_label(lang)
        words, missing = _translated(lang, _from(messages))
        if missing or words.verbs == ENGLISH.verbs:
            # a text of request_english.py changed, its catalogs not yet merged and
            # translated: the request goes out whole in English, and letters still runs,
            # the command that merges them too (a test fails until they are translated)
            _log.warning(
                "%s lacks a translation of a review request's text, so requests in [%s] are"
                " written in English: run '%s' and translate what it reports",
                label,
                lang,
                MERGE_COMMAND,
            )
            words = ENGLISH
        out[lang] = words
    return out


_REINSTALL = "correct it as below, or install letters again"


def shipped_label(lang: str) -> str:
    """How a message names the review catalog letters ships in ``lang``."""
    return f"letters/data/locales/{lang}/LC_MESSAGES/{REVIEW_DOMAIN}.po"


def usable_shipped(lang: str, path: Path, label: str = "", fix: str = _REINSTALL) -> Messages:
    """The messages of the shipped review catalog of ``lang`` at ``path`` (named ``label``,
    by default as it is installed); a :class:`~letters.errors.TranslationError` naming its
    line, saying to ``fix`` it, where it cannot be used."""
    label = label or shipped_label(lang)
    messages, problems = load_messages(path, label, lang)
    errors = [p for p in problems if not p.warning]
    if errors or messages.absent:
        raise TranslationError(
            f"the review request's catalog in [{lang}] that letters ships cannot be used: {fix}",
            errors or [Problem(label, None, "", "the file is missing")],
        )
    return messages


def review_messages(with_verbs: bool = False) -> list[Message]:
    """The messages of the ``review`` domain (:class:`letters.i18n.extract.Message`), for a
    workspace's catalogs: the answer words only ``with_verbs`` (letters' own catalogs)."""
    from letters.i18n.extract import Message

    verbs = VERB_ENGLISH if with_verbs else ()
    texts: Iterable[Text] = (*REQUEST_ENGLISH, *CHANGE_ENGLISH, *verbs)
    return [Message(t.english, t.context, (_WHERE, 0), t.note) for t in texts]


def review_languages(ws: WorkspaceData) -> list[str]:
    """The workspace's languages whose review catalog is its own: every language it
    translates into but English (the messages' own) and those letters ships."""
    source = ws.config.source_language
    return [lang for lang in ws.config.languages if lang != source and translated_here(lang)]


def translated_here(lang: str) -> bool:
    """Whether a workspace translates the request into ``lang``: not English, the messages'
    own language, nor one letters ships the request in."""
    return lang not in ("en", *SHIPPED)


def _catalog(ws: WorkspaceData, lang: str) -> tuple[Messages, list[Problem], Path]:
    """The workspace's review catalog in ``lang``, its problems, and where it is."""
    path = po_path(ws.root, lang, REVIEW_DOMAIN)
    messages, problems = load_messages(path, ws.rel(path), lang)
    for text in (*REQUEST_ENGLISH, *CHANGE_ENGLISH):
        key = (text.context, text.english)
        found = messages.singular.get(key)
        if found is not None and not _formats(text.english, found):
            del messages.singular[key]  # never used: it would stop the request half written
            line = messages.msgstr_lines.get(key)
            said = (
                f"translation of {text.english!r} has a brace that is not one of its"
                " placeholders; write {{ or }} for a brace of the text"
            )
            problems.append(Problem(ws.rel(path), line, "", said))
    return messages, problems, path


def _formats(english: str, translated: str) -> bool:
    """Whether ``translated`` can be filled in as ``english`` is (a lone brace cannot)."""
    names = {name for _, name, _, _ in Formatter().parse(english) if name}
    try:
        translated.format(**dict.fromkeys(names, ""))
    except (ValueError, KeyError, IndexError, AttributeError):
        return False
    return True


def request_words(ws: WorkspaceData, lang: str) -> tuple[ReviewWords, str]:
    """The words of a request to one who reads ``lang`` first, and a note when they are
    English for want of a translation; a catalog that cannot be used is an error, naming
    its file and line."""
    if lang in ("en", *SHIPPED):
        return shipped_words()[lang], ""
    if lang not in review_languages(ws):
        return ENGLISH, ""
    messages, problems, path = _catalog(ws, lang)
    errors = [p for p in problems if not p.warning]
    if errors:
        raise TranslationError(f"cannot write a review request in [{lang}]:", errors)
    words, missing = _translated(lang, _from(messages))
    if messages.absent:
        return ENGLISH, (
            f"written in English: there is no {ws.rel(path)} ('letters i18n update' begins it)"
        )
    if missing:
        return ENGLISH, (
            f"written in English: {ws.rel(path)} has {missing} untranslated or fuzzy"
            f" message{'' if missing == 1 else 's'}; a request is written in one language only"
            " ('letters i18n stats')"
        )
    return words, ""


_KNOWN: dict[tuple[object, ...], list[ReviewWords]] = {}


def known_words(ws: WorkspaceData) -> list[ReviewWords]:
    """Every language's words a request may have been written in, as far as translated:
    what a reply may quote."""
    # each reply of a mailbox asks: its catalogs are read again only once they changed
    paths = [po_path(ws.root, lang, REVIEW_DOMAIN) for lang in review_languages(ws)]
    stamp = (ws.root, *((p, *_stamp(p)) for p in paths))
    if stamp not in _KNOWN:
        found = list(shipped_words().values())
        for lang in review_languages(ws):
            messages, _problems, _path = _catalog(ws, lang)
            found.append(_translated(lang, _from(messages))[0])
        _KNOWN.clear()
        _KNOWN[stamp] = found
    return _KNOWN[stamp]


def _stamp(path: Path) -> tuple[int, int]:
    """When ``path`` last changed, and its size; nothing for none there."""
    try:
        found = path.stat()
    except OSError:
        return (0, -1)
    return (found.st_mtime_ns, found.st_size)


def review_catalog_problems(ws: WorkspaceData) -> list[Problem]:
    """The problems of the workspace's review catalogs, as ``check`` tells them: one that
    cannot be used is an error; one not complete, a warning where a signatory reads its
    language first, whose requests are in English."""
    from letters.plan import signatory_ids

    signers: dict[str, list[str]] = {}
    for entry in ws.letters.values():
        for name in signatory_ids(ws, entry):
            who = signers.setdefault(ws.people[name].person.language, [])
            who += [] if name in who else [name]
    problems: list[Problem] = []
    for lang in review_languages(ws):
        messages, found, path = _catalog(ws, lang)
        problems += found
        who = signers.get(lang, [])
        missing = _translated(lang, _from(messages))[1]
        if who and (messages.absent or missing) and not any(not p.warning for p in found):
            total = len(REQUEST_ENGLISH) + len(CHANGE_ENGLISH)
            state = (
                "is not made yet ('letters i18n update' begins it)"
                if messages.absent
                else f"lacks {missing} of {total} translations"
            )
            said = (
                f"the review request's catalog {state}, so review requests to"
                f" {', '.join(who)} are written in English: translate it ('letters i18n stats')"
            )
            problems.append(Problem(ws.rel(path), None, "", said, warning=True))
    return problems
