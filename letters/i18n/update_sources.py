"""Where ``letters i18n update`` takes a new message's translation from, and what becomes of
the entries it took from: the rule of :mod:`letters.i18n.lender` applied to a catalog
during the merge, so that no translation a translator wrote ends up nowhere (an entry
taken as a message's own leaves the file; one only suggested, or one Babel's merge used
up instead, is kept as ``#~``)."""

from __future__ import annotations

from collections import Counter

from babel.messages.catalog import Catalog
from babel.messages.catalog import Message as BabelMessage

from letters.i18n.lender import claim, lender
from letters.i18n.po_write import EntryKey, entry_key

__all__ = ["count_claims", "settle_sources", "translation_source"]


def _found(
    english: str, before: dict[EntryKey, BabelMessage], present: set[EntryKey]
) -> tuple[list[BabelMessage], set[str | None]]:
    """The translated entries of ``english`` before the merge, in file order, and the
    msgctxt under which the templates ask for it (``present``: the keys asked for)."""
    found = [m for m in before.values() if _key(m.id) == english and m.string]
    return found, {context for text, context in present if text == english}


def count_claims(
    catalog: Catalog, before: dict[EntryKey, BabelMessage], present: set[EntryKey]
) -> dict[str, Counter[str | None]]:
    """For each English the merge took new messages' translations from (their previous
    msgid), how many of them claim each of its entries as their own
    (:func:`letters.i18n.lender.claim`): an entry two claim is known to be neither's."""
    claims: dict[str, Counter[str | None]] = {}
    for message in catalog:
        if message.id and message.previous_id and entry_key(message) not in before:
            english = message.previous_id[0]
            found, asked = _found(english, before, present)
            claims.setdefault(english, Counter()).update(
                claim([m.context for m in found], asked, message.context)
            )
    return claims


def translation_source(
    message: BabelMessage,
    before: dict[EntryKey, BabelMessage],
    present: set[EntryKey],
    claims: dict[str, Counter[str | None]],
    suggested: set[EntryKey],
    passed_over: list[BabelMessage],
) -> BabelMessage | None:
    """The entry ``message``'s translation comes from (a close English), as
    :func:`letters.i18n.lender.lender` tells it of the entries with the English of its
    previous msgid (one English may have several msgctxt; ``present``: the keys still
    asked for; ``claims``: see :func:`count_claims`), its translation put in. Where that entry
    is not known to be the message's own, ``message``'s key is added to ``suggested``;
    where it is not Babel's pick, that pick is added to ``passed_over``."""
    if not message.previous_id:
        return None
    found, asked = _found(message.previous_id[0], before, present)
    claimed = claims.get(message.previous_id[0], Counter())
    taken = lender([m.context for m in found], asked, message.context, claimed)
    if taken is None:
        return None
    own = next(m for m in found if m.context == taken[0]) if taken[1] else None
    if own is not None and own is not found[-1]:
        if isinstance(own.string, str) != isinstance(message.string, str):
            own = None  # a plural for one text, or the reverse: Babel's own pick stays
        else:
            message.string = own.string if isinstance(own.string, str) else tuple(own.string or ())
            message.user_comments = list(own.user_comments)
            passed_over.append(found[-1])  # which Babel's merge used up, keeping it nowhere
    if own is None:
        suggested.add(entry_key(message))
    return own or found[-1]


def settle_sources(
    catalog: Catalog,
    lent: dict[EntryKey, BabelMessage],
    not_own: set[EntryKey],
    passed_over: list[BabelMessage],
) -> None:
    """Keep as #~ each entry a translation was taken from (``lent``) or that Babel's merge
    used up (``passed_over``), whose English and msgctxt no template asks for now, unless a
    message has taken it as its own: that message has its translation, so the entry leaves
    the file. Given only as a suggestion (the messages in ``not_own``, or to none), it is a
    translator's work that a review could write over: Babel's merge kept it nowhere."""
    present = {entry_key(m) for m in catalog if m.id}
    owned = {entry_key(s) for entry, s in lent.items() if entry not in not_own}
    for source in [*lent.values(), *passed_over]:
        if entry_key(source) in present:
            continue
        key = _obsolete_key(source)
        if entry_key(source) not in owned:
            catalog.obsolete.setdefault(key, source)
        elif catalog.obsolete.get(key) is source:  # Babel's merge left it #~
            del catalog.obsolete[key]


def _obsolete_key(message: BabelMessage) -> str | tuple[str, str]:
    """``message``'s key among a catalog's obsolete entries, as Babel's merge makes it."""
    key = _key(message.id)
    return key if message.context is None else (key, message.context)


def _key(msgid: str | tuple[str, ...] | list[str]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]
