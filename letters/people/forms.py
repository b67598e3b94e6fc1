"""The address block and salutation of a person in a language: typed, or derived.

Typed forms always win. A missing form is derived from the person's name parts
(and, for the address block, the typed dative of the title) and marked as
derived until someone confirms it with ``letters recipients review``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from letters.load.models import Person, Role
from letters.people.declension import address_name, salutation


@dataclass(frozen=True)
class Forms:
    """A person's address block and salutation in one language: typed, derived or missing."""

    address: list[str] | None
    salutation: str | None
    derived: dict[str, str | list[str]] = field(default_factory=dict)  # field -> value
    missing: list[str] = field(default_factory=list)  # reasons


def forms_for(person: Person, role: Role, lang: str) -> Forms:
    """The address block and salutation of ``person`` holding ``role``, in ``lang``: the typed
    forms, else forms derived from the name's parts (listed in ``derived``), else the reasons
    they are missing."""
    derived: dict[str, str | list[str]] = {}
    missing: list[str] = []
    parts = person.parts.get(lang) if person.gender is not None else None
    no_parts = f"give gender and parts.{lang}" if person.gender is None else f"give parts.{lang}"

    address = role.address.get(lang)
    if address is None:
        if lang == "en" and "en" in person.name and "en" in role.title:
            address = [person.name["en"], role.title["en"]]
        elif parts is not None and lang in role.title_dative:
            try:
                gender = person.gender or "male"  # parts is None without a gender
                address = [role.title_dative[lang], address_name(parts, gender, lang)]
                derived["address"] = address
            except Exception:  # a library's own error on an unusual name
                missing.append(f"the '{lang}' name could not be declined; type address.{lang}")
        else:
            missing.append(
                f"no '{lang}' address lines: type address.{lang}, or give title_dative.{lang}"
                f" and {no_parts.removeprefix('give ')} to derive them"
            )

    greeting = role.salutation.get(lang)
    if greeting is None:
        if parts is not None:
            try:
                greeting = salutation(parts, person.gender or "male", lang)
                derived["salutation"] = greeting
            except Exception:
                missing.append(f"the '{lang}' name could not be declined; type salutation.{lang}")
        else:
            missing.append(f"no '{lang}' salutation: type salutation.{lang}, or {no_parts}")
    return Forms(address, greeting, derived, missing)
