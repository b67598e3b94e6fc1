"""Which entry ``letters i18n update`` gives a new message's translation from, where the
catalog has the message's English only under other msgctxt: the one rule that update
follows and that ``letters check`` states, so that what check says update does is what
it does."""

from __future__ import annotations

from collections.abc import Collection, Sequence

__all__ = ["lender"]


def lender(
    contexts: Sequence[str | None], asked: Collection[str | None], own: str | None
) -> tuple[str | None, bool] | None:
    """Of ``contexts``, the msgctxt of the catalog's translated entries with one English in
    file order, the one a new message of that English under msgctxt ``own`` takes its
    translation from, and whether that entry is known to be the message's own (True) or is
    only a suggestion (False); None if there is none. ``asked`` are the contexts under which
    the templates ask for that English.

    An entry no template asks for is the message's own where it has the message's msgctxt
    (its English changed), or where it is the only one unused (its msgctxt was changed or
    translated). Otherwise which entry was the message's cannot be told: Babel's merge
    takes the last in the file, which may be another message's (a letter to one official's
    polite "Ви" for a joint letter's "кожен із вас"), a suggestion to review."""
    if not contexts:
        return None
    unused = [context for context in contexts if context not in asked]
    if own in unused:
        return own, True
    if len(unused) == 1:
        return unused[0], True
    return contexts[-1], False
