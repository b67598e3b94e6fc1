"""How the files of a conversion are dealt into LibreOffice calls."""

from __future__ import annotations

import math
from typing import TypeVar

_T = TypeVar("_T")


def deal(items: list[_T], workers: int, chunk: int, *, ramp: bool = False) -> list[list[_T]]:
    """Calls of at most ``chunk`` files, in whole rounds of ``workers`` calls, their sizes
    differing by one at most (the longer first): no call is left short at the end.

    With ``ramp``, the first round's calls take one file each and the others share the
    rest: files prepared just before LibreOffice is handed them (joined documents) then
    keep no process waiting for a whole chunk of them at the start, and the number of calls
    (each a start-up) stays the same.
    """
    if not items:
        return []
    calls = min(math.ceil(math.ceil(len(items) / chunk) / workers) * workers, len(items))
    if ramp and calls > workers:
        return [[item] for item in items[:workers]] + _even(items[workers:], calls - workers)
    return _even(items, calls)


def _even(items: list[_T], runs: int) -> list[list[_T]]:
    size, longer = divmod(len(items), runs)
    starts = [n * size + min(n, longer) for n in range(runs + 1)]
    return [items[starts[n] : starts[n + 1]] for n in range(runs)]
