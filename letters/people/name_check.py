"""Typed name forms checked against the name's parts: a typo in either is warned of.

``parts`` are there for checking as well as for deriving: a name typed as «Денис Малюсько»
beside ``family: Малюська``, or an address block typed «Денису МАЛЮСЬЦ» where the parts
decline, by a regular pattern, to «МАЛЮСЬЦІ», is a wrong name form in a signed letter. Only
what can be told for sure is compared: the typed name must hold the given and family names
of the parts, and a typed address block the family name as the parts decline it where the
declension is graded *certain* (a form graded *check* may rightly be typed otherwise).
Salutations are not compared: «Dear Minister,» is as right as «Dear Mr Maliuska,».
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from letters.errors import NAME_MISMATCH, Problem
from letters.load.characters import two_alphabets_said
from letters.people.declension import address_name

if TYPE_CHECKING:  # the loader runs this check
    from letters.load.loader import PersonEntry, WorkspaceData


def name_mismatches(ws: WorkspaceData) -> list[Problem]:
    """A warning for each typed name or address block that disagrees with the name's parts."""
    found: list[Problem] = []
    for entry in ws.people.values():
        person = entry.person
        for lang, parts in person.parts.items():
            typed = person.name.get(lang)
            lacking = [
                (what, value)
                for what, value in (("given", parts.given), ("family", parts.family))
                if typed is not None and not set(_words(value)) <= set(_words(typed))
            ]
            if lacking:
                what, value = lacking[0]
                found.append(
                    _warning(
                        entry,
                        ("name", lang),
                        f"'{typed}' does not hold the {what} name of parts.{lang}, '{value}':"
                        " one of them is misspelt; correct it",
                    )
                )
            if person.gender is None:
                continue
            derived = address_name(
                parts, person.gender, lang, country=person.country, others=person.parts
            )
            if derived.text is None or derived.grade != "certain":
                continue
            family = _words(derived.text)[-1]
            for index, role in enumerate(person.roles):
                lines = role.address.get(lang)
                if lines is not None and family not in _words(" ".join(lines)):
                    found.append(
                        _warning(
                            entry,
                            ("roles", index, "address", lang),
                            f"does not name '{derived.text.split()[-1]}', the dative of parts"
                            f".{lang} (a regular pattern): is the name in it misspelt?",
                        )
                    )
    return found


def two_alphabet_names(ws: WorkspaceData) -> list[Problem]:
    """A warning for each name, title, address line or salutation of a person that has a
    word of Latin and Cyrillic letters together («Lubinеts» with a Cyrillic е): it looks
    right in the letter, and is searched, spell-checked and read aloud as another word."""
    found: list[Problem] = []
    for entry in ws.people.values():
        for loc, text in _texts(entry.person.model_dump(by_alias=True, exclude={"imported"})):
            said = two_alphabets_said(text)
            if said is not None:
                found.append(_warning(entry, loc, f"has {said}"))
    return found


def _texts(
    value: object, loc: tuple[str | int, ...] = ()
) -> list[tuple[tuple[str | int, ...], str]]:
    """Each text inside ``value`` (a person's fields, as their YAML spells them), with its
    place."""
    if isinstance(value, str):
        return [(loc, value)]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _texts(item, (*loc, key))]
    if isinstance(value, list | tuple):
        return [found for n, item in enumerate(value) for found in _texts(item, (*loc, n))]
    return []


def _words(text: str) -> list[str]:
    return [word.strip(".,;:!") for word in text.casefold().split()]


def _warning(entry: PersonEntry, loc: tuple[str | int, ...], message: str) -> Problem:
    line, where = entry.where(*loc)
    return Problem(entry.label, line, where, message, warning=True, code=NAME_MISMATCH)
