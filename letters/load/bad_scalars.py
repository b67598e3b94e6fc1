"""Find the value ruamel could not build: the impossible date or the number too long to read.

ruamel parses such a value and fails only when it builds it, without a line; the
reader of a file (:mod:`letters.load.yamlio`) looks for it here, so that the error
still names where it stands and what to write instead, never the value itself.
"""

from __future__ import annotations

import datetime as dt
import re

_DATE_LIKE = re.compile(r"(?<![\w.-])(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ]([0-9:.]+))?")


def bad_scalar(text: str) -> tuple[int | None, int | None, str]:
    """The line and column (from 1) of the first impossible date or unreadably long number
    in ``text``, and what is wrong with it; no place if none is found."""
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _DATE_LIKE.finditer(line.split("#", 1)[0]):
            year, month, day = (int(match.group(n)) for n in (1, 2, 3))
            why = _impossible(year, month, day, match.group(4))
            if why is not None:
                return number, match.start() + 1, why
        long_number = re.search(r"(?<![\w.])\d{1000,}", line)
        if long_number:
            return (
                number,
                long_number.start() + 1,
                "a number too long to read; put it in quotes if it is text",
            )
    return None, None, "a value cannot be read (an impossible date or number)"


def _impossible(year: int, month: int, day: int, time: str | None) -> str | None:
    """What is wrong with a date, without its value (a date may be private); None if
    nothing is."""
    if not 1 <= month <= 12:
        return (
            "not a calendar date: its month is not 01 to 12; write it as YYYY-MM-DD"
            " (year, month, day: were month and day swapped?)"
        )
    try:
        dt.date(year, month, day)
    except ValueError:
        return "not a calendar date: its month has no such day; write it as YYYY-MM-DD"
    try:
        if time:
            dt.time.fromisoformat(time)
    except ValueError:
        return "not a valid time of day; write a date as YYYY-MM-DD"
    return None
