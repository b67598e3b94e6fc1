"""Dates after today, most likely typos (2031 for 2021): an event a letter tells as past, or
the start of the search for protection whose years it counts, dated after today, and a
letter dated further ahead than one is prepared (more than :data:`LETTER_DAYS_AHEAD` days).
Each is a warning (``after-today``), and so, as every warning about what a letter tells,
stops ``check --strict``, ``build --final`` and ``finalise``.

No message repeats the date it is about (a date may be private): each names its line and
field, and today's date, after which it was found to be.
"""

from __future__ import annotations

import datetime as dt
import os
import re

from letters.errors import AFTER_TODAY, LettersError, Problem
from letters.load.loader import CaseEntry, LetterEntry
from letters.load.yamlio import Loc, format_loc

__all__ = [
    "LETTER_DAYS_AHEAD",
    "TODAY_VARIABLE",
    "after_today",
    "today",
    "today_or_none",
    "today_problems",
]

LETTER_DAYS_AHEAD = 60
"""How many days after today a letter may be dated without a warning: one prepared for the
day it is to go out."""

TODAY_VARIABLE = "LETTERS_TODAY"
"""The environment variable that, set to a date (YYYY-MM-DD), stands in for today's; empty,
it is as if unset."""


def today() -> dt.date:
    """Today's date where letters runs, or the one :data:`TODAY_VARIABLE` gives (set but
    empty, it counts as unset); a value that is not a day written as YYYY-MM-DD is an
    error naming the variable, said only by a command that needs today."""
    given = os.environ.get(TODAY_VARIABLE)
    if given is None or not given.strip():  # set empty (``LETTERS_TODAY= letters …``): unset
        return dt.date.today()
    # not fromisoformat: from Python 3.11 on it also takes 20210601 or 2021-W22-2; [0-9],
    # not \d, which also takes other scripts' digits (２０２１)
    written = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", given.strip())
    problem = "not written as YYYY-MM-DD"
    if written is not None:
        try:
            return dt.date(*(int(part) for part in written.groups()))
        except ValueError:
            problem = "a day the calendar does not have"
    shown = given if len(given) <= 40 else f"{given[:40]}…"
    raise LettersError(
        f"the environment variable {TODAY_VARIABLE} is {shown!r}, {problem}: set it to a"
        " date written as YYYY-MM-DD, or unset it to use today's date"
    )


def today_or_none() -> dt.date | None:
    """:func:`today`, or None where :data:`TODAY_VARIABLE` is not a date: for a check made
    on reading the files, which every command does, also one that never needs today (the
    commands that do, rendering the letters, say what is wrong with the variable)."""
    try:
        return today()
    except LettersError:
        return None


def today_problems() -> list[Problem]:
    """The error :func:`today` raises, as a problem (none where today is known): a command
    that needs today says it beside the errors of the workspace's files, in the same run,
    rather than only once they are put right."""
    try:
        today()
    except LettersError as exc:
        return [Problem("", None, "", str(exc))]
    return []


def after_today(
    case: CaseEntry, letter: LetterEntry, told: list[int], day: dt.date
) -> list[Problem]:
    """What ``letter`` tells that is dated after ``day`` (today): an event of ``told``, or the
    start of the search for protection whose years it counts (a month or a year known alone:
    its first day); and the letter itself, if dated more than :data:`LETTER_DAYS_AHEAD` days
    after it. An event's warning is the same for every letter that tells it (said once)."""
    late = f"is dated after today ({day.isoformat()})"
    found: list[Problem] = []
    dated: list[tuple[Loc, str]] = [
        (("timeline", i, "date"), f"{_event(case, i)} {late}; a letter tells it as past")
        for i in told
        if case.case.timeline[i].date.as_date() > day
    ]
    since = case.case.seeking_protection_since
    if letter.definition.seeking_protection and since is not None and since.as_date() > day:
        # not "told as past": a letter dated before it leaves the years out (after-the-letter)
        dated.append(
            (
                ("seeking_protection_since",),
                f"the start of the search for protection {late}; letters count from it how"
                " long the person has sought protection",
            )
        )
    for loc, what in dated:
        line = case.doc.line_of(loc)
        found.append(
            Problem(
                case.label,
                line,
                format_loc(loc),
                f"{what}: correct the date",
                warning=True,
                code=AFTER_TODAY,
            )
        )
    if letter.definition.date > day + dt.timedelta(days=LETTER_DAYS_AHEAD):
        line, where = letter.where("date")
        found.append(
            Problem(
                letter.label,
                line,
                where,
                f"letter {letter.id} is dated more than {LETTER_DAYS_AHEAD} days after today"
                f" ({day.isoformat()}), further ahead than a letter is prepared: correct the"
                " date (a typo in its year?)",
                warning=True,
                code=AFTER_TODAY,
            )
        )
    return found


def _event(case: CaseEntry, index: int) -> str:
    """An event as a message about its date names it: by its id, or as the one at its line."""
    event = case.case.timeline[index]
    return f"event '{event.id}'" if event.id else "this event"
