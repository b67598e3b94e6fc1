"""JSON read from a file someone may have edited, damaged or sent: nesting deeper than
Python's parser can follow, or a number longer than Python turns into an int, is damage
like any other (a ValueError the readers already handle), not a RecursionError or a bare
ValueError from deep inside ``json`` reported as a bug in letters."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["MAX_NUMBER_DIGITS", "NumberTooLong", "TooDeep", "Unreadable", "loads"]

# Python's own default for int(); fixed here so that a lower PYTHONINTMAXSTRDIGITS on one
# machine cannot make a file readable on another unreadable on it, unseen.
MAX_NUMBER_DIGITS = 4300


class Unreadable(ValueError):
    """Raised when JSON is well-formed but beyond what letters reads (see subclasses)."""


class TooDeep(Unreadable):
    """Raised when JSON nests lists or objects too deeply to be read."""


class NumberTooLong(Unreadable):
    """Raised when a JSON number has more digits than :data:`MAX_NUMBER_DIGITS`."""


def _whole_number(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_NUMBER_DIGITS:
        raise NumberTooLong(
            f"a number of {digits:,} digits, more than the {MAX_NUMBER_DIGITS:,} a JSON file"
            " is read with (JSON limit)"
        )
    try:
        return int(text)
    except ValueError:  # below our limit, yet over the interpreter's (PYTHONINTMAXSTRDIGITS)
        raise NumberTooLong(
            f"a number of {digits:,} digits, more than this Python reads (PYTHONINTMAXSTRDIGITS)"
        ) from None


def loads(text: str | bytes) -> Any:
    """``json.loads(text)``, raising :class:`TooDeep` where the text nests too deeply to be
    read (``[[[[…]]]]`` a hundred thousand deep) and :class:`NumberTooLong` for a number of
    thousands of digits; both are :class:`Unreadable`, a ValueError."""
    try:
        return json.loads(text, parse_int=_whole_number)
    except RecursionError:
        raise TooDeep("lists or objects nested too deeply to be read") from None
