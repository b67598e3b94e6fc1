"""How a review request greets its signatory: by the form of address the directory gives.

A request greets as a letter does in its language ("Dear Mr Auštrevičius,", «Шановний пане
Денисе!», «Уважаемый господин Берг!»): the salutation typed for the role the signatory holds
on the day, else one derived from the name's parts and gender where the derivation is
certain. A form that would need checking is not risked on a colleague: without a certain
form an English request greets them by the English name the directory holds ("Dear Bernard
Guetta,"), and one in another language greets one person politely without a name (the
``greeting`` text, «Добрий день!», «Здравствуйте!»): a request goes to one signatory, so
never with a greeting of several ("Dear Sir or Madam,", «Шановні пані та панове!»).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from letters.load.models import Person
from letters.people.declension import salutation
from letters.signoff.request_english import NAMED_GREETING

__all__ = [
    "addressed_to",
    "greeting_by_name",
    "greetings_by_name",
    "recipients",
    "request_greeting",
]


def greeting_by_name(person: Person, lang: str, day: dt.date) -> str | None:
    """The line greeting ``person`` in ``lang`` in a request written on ``day``, or None
    where the directory gives no certain form of address for them in that language."""
    held = [role for role in person.roles if role.held_on(day)]
    # a typed form belongs to its role ("Dear Minister,"): only one held that day is true
    typed = held[0].salutation.get(lang) if len(held) == 1 else None
    return typed or _derived(person, lang)


def request_greeting(person: Person, lang: str, day: dt.date, nameless: str) -> str:
    """The first line of a request in ``lang`` to ``person`` on ``day``: the directory's
    form of address, else in English their name, else ``nameless`` (the language's
    greeting without a name)."""
    if found := greeting_by_name(person, lang, day):
        return found
    name = person.name.get("en") or next(iter(person.name.values()), "")
    return NAMED_GREETING.format(name=name) if lang == "en" and name else nameless


def _derived(person: Person, lang: str) -> str | None:
    """The salutation worked out from ``person``'s name parts and gender, where certain."""
    parts = person.parts.get(lang)
    if parts is None or person.gender is None:
        return None
    derived = salutation(parts, person.gender, lang, country=person.country, others=person.parts)
    return derived.text if derived.grade == "certain" else None


def greetings_by_name(people: Iterable[Person], languages: Iterable[str]) -> list[str]:
    """Every line a request may have greeted one of ``people`` with, in any of
    ``languages``, on any day (a reply may quote an old request): each role's typed
    salutation, and the form their name's parts give."""
    languages = list(languages)
    found: list[str] = []
    for person in people:
        for lang in languages:
            typed = [role.salutation.get(lang) for role in person.roles]
            for line in [*typed, _derived(person, lang)]:
                if line and line not in found:
                    found.append(line)
    return found


def addressed_to(person: Person) -> str:
    """The display name a review request to ``person`` puts on its "To:" line: their name
    in their own language, else the first the directory gives."""
    return person.name.get(person.language) or next(iter(person.name.values()))


def recipients(people: Iterable[Person]) -> list[tuple[str, str]]:
    """The mailboxes (display name, address) a request to any of ``people`` may be seen
    sent to: each one's as its "To:" line names it, and each delegate's address (who may
    have it forwarded or copied), with no name."""
    found: list[tuple[str, str]] = []
    for person in people:
        if person.email:
            found.append((addressed_to(person), str(person.email)))
        found += [("", str(address)) for address in person.delegates]
    return found
