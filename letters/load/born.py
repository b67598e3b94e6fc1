"""Birth dates that cannot be: a family member's after today, or, for one a letter tells of
(a public minor: whether the person has a minor child), after the date of a letter of the
case (which would speak of one not yet born). One no letter tells of (private, or not a
minor) may be born after a case's older letter: the letters of a case that lasts years are
kept.

A birth after today is an error; one after a letter is a warning (``after-the-letter``, as
an event dated after its letter is), which stops ``build --final`` and ``check --strict``:
either date may be wrong, and the older letter may be one nobody will send again. Each is
named at the birth date's line and field. No message repeats the date: a birth date may be
private, and is never put into a letter. Today is
:func:`letters.render.after_today.today` (``LETTERS_TODAY`` when it is set). Every command
reads the files, so a ``LETTERS_TODAY`` that is not a date skips this check here rather than
stopping a command that never needs today; ``check`` and every command that renders a letter
refuse that value themselves.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from letters.errors import AFTER_THE_LETTER, Problem
from letters.load.yamlio import Loc, format_loc

if TYPE_CHECKING:
    from letters.load.loader import LetterEntry, WorkspaceData

__all__ = ["births_ahead"]


def births_ahead(ws: WorkspaceData) -> list[Problem]:
    """An error for each family member of a case born after today, or, if not and a letter
    tells of them, a warning for a birth after the date of one of the case's letters (named
    with the first of them and how many more)."""
    born = [
        (case, i, relative.born.date, relative.minor and not relative.private)
        for case in ws.cases.values()
        for i, relative in enumerate(case.case.person.family)
        if relative.born is not None
    ]
    if not born:
        return []
    from letters.render.after_today import today_or_none  # it reads the loader's entries

    day = today_or_none()
    if day is None:  # LETTERS_TODAY is not a date: said by the commands that need today
        return []
    problems = []
    for case, index, date, told in born:
        loc: Loc = ("person", "family", index, "born", "date")
        letters = [e for e in ws.letters.values() if e.case_id == case.id] if told else []
        why = _why(date, day, letters)
        if why is not None:
            text, after_letter = why
            line, where = case.doc.line_of(loc), format_loc(loc)
            code = AFTER_THE_LETTER if after_letter else ""
            problems.append(Problem(case.label, line, where, text, warning=after_letter, code=code))
    return problems


def _why(date: dt.date, day: dt.date, letters: list[LetterEntry]) -> tuple[str, bool] | None:
    """Why a birth on ``date`` cannot be, today being ``day``, and whether it is only after a
    letter (a warning) rather than after today (an error); None if it can be."""
    if date > day:
        text = (
            f"a birth date cannot be in the future, and this one is after today ({day}): correct it"
        )
        return text, False
    before = [letter for letter in letters if letter.definition.date < date]
    if not before:
        return None
    first = before[0]
    more = len(before) - 1
    others = f" and of {more} more of the case's letters" if more else ""
    text = (
        "a birth date cannot be after the date of a letter of its case, and this one is after"
        f" that of letter {first.id} ({first.label}:{first.where('date')[0]}){others}: correct"
        " whichever date is wrong"
    )
    return text, True
