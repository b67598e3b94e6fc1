"""Warnings about what a letter tells, found as its facts are chosen: one event written
twice, an event (or the start of the person's search for protection) dated after the
letter, which the letter would tell as past, and every ask of the case asked of its
recipients because the letter chose none."""

from __future__ import annotations

import datetime as dt

from letters.errors import AFTER_THE_LETTER, EVERY_ASK, REPEATED_EVENT, Problem
from letters.load.loader import CaseEntry, LetterEntry
from letters.load.partial_date import PartialDate

__all__ = ["after_the_letter", "full_years", "same_events"]


def full_years(since: PartialDate | None, day: dt.date) -> int:
    """The full years from ``since`` to ``day``; 0 if there is no ``since`` or it is later."""
    if since is None:
        return 0
    start = since.as_date()
    years = day.year - start.year - ((day.month, day.day) < (start.month, start.day))
    return max(years, 0)


def event_name(case: CaseEntry, index: int) -> str:
    """An event as a message names it: its id, or where it stands in case.yaml."""
    event = case.case.timeline[index]
    if event.id:
        return f"'{event.id}'"
    return f"the event at {case.label}:{case.doc.line_of(('timeline', index))}"


def same_events(case: CaseEntry, letter: LetterEntry, told: list[int]) -> list[Problem]:
    """Where a letter that tells every event of its case (no ``timeline:`` of its own)
    would tell two of the same kind, by the same authority on the same day: most likely
    one event written twice, say for letters to different states."""
    warnings = []
    seen: dict[tuple[object, ...], int] = {}
    for i in told:
        event = case.case.timeline[i]
        first = seen.setdefault((str(event.date), event.kind, event.authority), i)
        if first == i:
            continue
        line, where = letter.where()
        warnings.append(
            Problem(
                letter.label,
                line,
                where,
                f"letter {letter.id} tells every event of its case, and"
                f" {event_name(case, first)} and {event_name(case, i)} are the same"
                " kind of step by the same authority on the same day: one event told"
                " twice? List the events this letter tells under 'timeline:'",
                warning=True,
                code=REPEATED_EVENT,
            )
        )
    return warnings


def _after(when: PartialDate, day: dt.date) -> bool:
    """Whether ``when`` begins after ``day`` (a month or year known alone: its first day)."""
    return when.as_date() > day


def after_the_letter(case: CaseEntry, letter: LetterEntry, told: list[int]) -> list[Problem]:
    """Where what a letter tells is dated after the letter: an event of ``told`` (a letter
    tells events as past), or the start of the search for protection the letter counts
    the years of (the sentence is then left out). Most likely one of the dates is wrong,
    or a letter was copied from another without its date."""
    day = letter.definition.date
    line, where = letter.where("date")
    said = f"letter {letter.id} is dated {day.isoformat()}"
    fix = "correct whichever date is wrong"
    later = [
        f"{event_name(case, i)} of {case.case.timeline[i].date}"
        for i in told
        if _after(case.case.timeline[i].date, day)
    ]
    warnings = []
    if later:
        events = f"event {later[0]}" if len(later) == 1 else f"{len(later)} events"
        warnings.append(
            f"{said}, yet it tells as past {events} dated after it"
            f"{'' if len(later) == 1 else ': ' + ', '.join(later)}; {fix}, or list under"
            " 'timeline:' the events it tells"
        )
    since = case.case.seeking_protection_since
    if letter.definition.seeking_protection and since is not None and _after(since, day):
        warnings.append(
            f"{said}, before the case's seeking_protection_since ({since}), so it cannot"
            f" say how long the person has sought protection and leaves that out; {fix}"
        )
    return [
        Problem(letter.label, line, where, text, warning=True, code=AFTER_THE_LETTER)
        for text in warnings
    ]


def every_ask(letter: LetterEntry, asks: list[str]) -> Problem:
    """A letter that chooses no asks asks its recipients every public ask of its case
    (``asks``, their ids): most cases' asks are for different authorities (to suspend an
    extradition, to withdraw the request for it), and a recipient asked for what they
    cannot grant has been told something false about their powers."""
    line, where = letter.where("id")
    return Problem(
        letter.label,
        line,
        where,
        f"letter {letter.id} chooses no asks, so it asks its recipients all {len(asks)} of"
        f" its case's: {', '.join(asks)}; list under 'asks:' those its recipients can grant",
        warning=True,
        code=EVERY_ASK,
    )
