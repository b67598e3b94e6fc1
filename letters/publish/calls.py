"""How the files of a conversion are dealt into LibreOffice calls."""

from __future__ import annotations

import math
from typing import TypeVar

_T = TypeVar("_T")


def deal(items: list[_T], workers: int, chunk: int, *, ramp: bool = False) -> list[list[_T]]:
    """Calls of at most ``chunk`` files, in whole rounds of ``workers`` calls, their sizes
    differing by one at most (the longer first): no call is left short at the end.

    A round's files are dealt to its calls card by card, so neighbouring files, which are
    alike (one template and language), go to different calls, and calls of a round take
    about as long as each other: dealt in runs, a call of English letters finished while
    one of heavier Cyrillic ones ran on, and one core idled at the end.

    With ``ramp``, a first round of calls that take one file each comes before those
    rounds: files prepared just before LibreOffice is handed them (joined documents) then
    keep no process waiting for a whole chunk of them at the start, and the later calls
    can be long (each call is a start-up), as preparing a file is much quicker than
    converting it. With two files or fewer per process there is nothing to ramp.
    """
    if not items:
        return []
    if ramp and len(items) > 2 * workers:
        first = [[item] for item in items[:workers]]
        rest = items[workers:]
        return first + _rounds(rest, _calls(len(rest), workers, chunk), workers)
    return _rounds(items, _calls(len(items), workers, chunk), workers)


def _calls(count: int, workers: int, chunk: int) -> int:
    """Calls for ``count`` files: whole rounds of ``workers``, none over ``chunk``."""
    return min(math.ceil(math.ceil(count / chunk) / workers) * workers, count)


def _rounds(items: list[_T], calls: int, workers: int) -> list[list[_T]]:
    size, longer = divmod(len(items), calls)
    sizes = [size + (n < longer) for n in range(calls)]
    dealt: list[list[_T]] = []
    start = 0
    for first in range(0, calls, workers):
        hands = sizes[first : first + workers]  # the last round may have fewer calls
        block = items[start : start + sum(hands)]
        start += len(block)
        dealt += [block[hand :: len(hands)] for hand in range(len(hands))]
    return dealt
