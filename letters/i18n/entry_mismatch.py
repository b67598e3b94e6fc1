"""Why a catalog's entry for a message's English is not used, said where a translator would
otherwise read "has no translation" beside the translation they see: the entry is a plural
where its English is one text (or the reverse), a plural marked fuzzy with a form still
empty, a plural translated for another English plural than the template's, or it has
another ``msgctxt``, which gettext takes for the name of another message."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from babel.messages.pofile import escape

from letters.errors import in_words
from letters.i18n.lender import claim, lender

if TYPE_CHECKING:
    from letters.i18n.catalog import Key, Messages

__all__ = ["context_mismatch", "kind_mismatch", "plural_changed", "unfinished"]


def kind_mismatch(messages: Messages | None, key: Key) -> str | None:
    """Why a translated entry is not used: it is a plural where its English is one text
    (a translator added msgid_plural), or one text where its English is a plural."""
    if messages is not None and key in messages.plural:
        return (
            "is translated as a plural (msgid_plural, msgstr[0], msgstr[1]…), but its English"
            " is one text: write its translation as one msgstr, without msgid_plural"
        )
    if messages is not None and key in messages.singular:
        return (
            "is translated as one text (msgstr), but its English is a plural: add its"
            " msgid_plural and a msgstr[n] for each form ('letters i18n update' adds them)"
        )
    return None


def plural_changed(plurals: tuple[str, str] | None) -> str | None:
    """Why a translated plural is not used: its forms translate the English plural its entry
    holds (``plurals[0]``), and the template now writes another (``plurals[1]``), which they
    were never checked against."""
    if plurals is None:
        return None
    held, written = plurals
    return (
        f"is translated for the English plural {held!r}, not for {written!r}, which the"
        " template writes: 'letters i18n update' marks it fuzzy, its translation kept, for"
        " review (a catalog holds one plural of an English text: give a second one a"
        " context, npgettext)"
    )


def unfinished(messages: Messages | None, key: Key) -> str | None:
    """Why a plural marked fuzzy is not used where some of its forms are written: the
    others are empty (untranslated, as 'letters i18n stats' counts it, not only fuzzy)."""
    empty = messages.unfinished.get(key) if messages is not None else None
    if not empty:
        return None
    names = [f"msgstr[{n}]" for n in empty]
    said = in_words(names)
    return (
        f"is marked fuzzy with {said} empty: fill {'it' if len(names) == 1 else 'them'} in,"
        " review the other forms, then remove the fuzzy flag"
    )


def context_mismatch(
    messages: Messages | None, key: Key, english: Callable[[], Collection[Key]]
) -> tuple[int, str] | None:
    """For ``key``, a message the catalog has no entry for: the line of the entry with its
    English under another msgctxt that 'letters i18n update' takes its translation from
    (:func:`letters.i18n.lender.lender`: one a translator's tool added, took out or changed,
    or, a suggestion only, another message's), and what to say of it; None if none.
    ``english`` gives the keys of the domain's messages (read only when asked): a context
    of one of them is never called a translation."""
    if messages is None:
        return None
    others = [
        (line, other[0])
        for other, line in messages.lines.items()
        if other[1] == key[1] and line and other in messages.written
    ]
    if not others:
        return None
    known = set(english())
    asked = {context for context, msgid in known if msgid == key[1]}
    contexts = [context for _line, context in others]
    # the messages of this English with no entry of their own, each claiming one: an entry
    # two claim is known to be neither's, as update tells it
    entries = {other[0] for other in messages.lines if other[1] == key[1]}
    claims = Counter(c for lacking in asked - entries for c in claim(contexts, asked, lacking))
    # the entry 'letters i18n update' takes this message's translation from, by its rule
    taken = lender(contexts, asked, key[0], claims)
    if taken is None:
        return None
    context, own = taken
    line = next(line for line, found in others if found == context)
    theirs = f"under msgctxt {escape(context)}" if context is not None else "without a msgctxt"
    if not own:
        # another message's entry, or one of several no template asks for: nothing tells
        # that it was made for this message, whose own entry is missing
        mine = f"with msgctxt {escape(key[0])}" if key[0] is not None else "without a msgctxt"
        unused = len(others) - len(asked & set(contexts))
        whose = (
            "another message's with the same English"
            if context in asked
            else f"the one entry of its English that no template uses, which {claims[context]}"
            " messages without an entry of their own would take: whose it was cannot be told"
            if unused == 1
            else f"the last of {unused} entries"
            " of its English that no template uses, which of them was this message's"
            " cannot be told"
        )
        return line, (
            f"has no entry of its own ({mine}): 'letters i18n update' adds one with a"
            f" suggestion to review (marked fuzzy), the translation of the entry here, {theirs},"
            f" {whose}"
        )
    unlike = ", which its English has not" if key[0] is None else ""
    if key[0] is not None and context and _translated(context, key[0]):
        # no English context is written so: the translator translated this one
        unlike = (
            f", a translation of its msgctxt {escape(key[0])} (a msgctxt is never translated:"
            f" write it back as msgctxt {escape(key[0])})"
        )
    return line, (
        f"is translated here {theirs}{unlike}, so gettext takes that for another message's"
        " translation: 'letters i18n update' adds an entry for this one, its translation"
        " taken from that one and marked fuzzy for review"
    )


def _translated(context: str, english: str | None) -> bool:
    """Whether a catalog's ``context`` is written as no English context is, so that it can
    only be a translation (of ``english``, the message's own context, where it has one): it
    has a letter of another script (Cyrillic, Greek…), or, where the English context is
    plain ASCII (an id such as "joint", as every template's is), a letter beyond ASCII
    (Polish "wspólny"). A translation into another word of plain ASCII cannot be told
    from another message's context, and is not called one."""
    if not english or not any(letter.isalpha() for letter in english):
        english = "a"  # no letters of its own (none, or "2"): the others are ASCII ids
    scripts = {_script(letter) for letter in english if letter.isalpha()}
    plain = english.isascii()
    return any(
        letter.isalpha() and (_script(letter) not in scripts or (plain and not letter.isascii()))
        for letter in context
    )


def _script(letter: str) -> str:
    """The script of a letter, as the first word of its Unicode name says it (LATIN,
    CYRILLIC, GREEK, ARABIC…), which the standard library has no other way to tell."""
    return unicodedata.name(letter, "").partition(" ")[0]
