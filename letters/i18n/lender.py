"""Which entry ``letters i18n update`` gives a new message's translation from, where the
catalog has the message's English only under other msgctxt: the one rule that update
follows and that ``letters check`` states, so that what check says update does is what
it does."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

__all__ = ["claim", "lender"]


def claim(
    contexts: Sequence[str | None], asked: Collection[str | None], own: str | None
) -> list[str | None]:
    """The msgctxt of the entry, of ``contexts`` (the catalog's translated entries with one
    English, in file order), that a new message of that English under msgctxt ``own`` would
    take as its own, in a list, or an empty list where none is; ``asked`` are the contexts
    under which the templates ask for that English.

    An entry no template asks for is the message's own where it has the message's msgctxt
    (its English changed), or where it is the only one unused (its msgctxt was changed or
    translated)."""
    unused = [context for context in contexts if context not in asked]
    if own in unused:
        return [own]
    return unused if len(unused) == 1 else []


def lender(
    contexts: Sequence[str | None],
    asked: Collection[str | None],
    own: str | None,
    claims: Mapping[str | None, int],
) -> tuple[str | None, bool] | None:
    """Of ``contexts`` (as :func:`claim` takes them), the one a new message of that English
    under msgctxt ``own`` takes its translation from, and whether that entry is known to be
    the message's own (True) or is only a suggestion (False); None if there is none.
    ``claims``: for each context, how many new messages :func:`claim` that entry.

    An entry is known to be the message's own where the message claims it and no other
    message does: where two claim one entry, it was at most one's, and which cannot be
    told. Otherwise Babel's merge takes the last in the file, which may be another
    message's (a letter to one official's polite "Ви" for a joint letter's "кожен із вас"),
    a suggestion to review."""
    if not contexts:
        return None
    mine = claim(contexts, asked, own)
    if mine and claims.get(mine[0], 0) <= 1:
        return mine[0], True
    return contexts[-1], False
