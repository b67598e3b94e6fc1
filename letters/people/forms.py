"""The address block and salutation of a person in a language: typed, or derived.

Typed forms always win. A missing form is derived from the person's name parts (and, for
the address block, the typed dative of the title), graded *certain* or *check*, and marked
as derived until someone confirms it with ``letters recipients review``. A form that cannot
be derived reliably (*type it*), or one in a language without declension support, is not
produced: the letter asks for it to be typed. A person without a gender gets the neutral
salutation the letter or the workspace chooses (``neutral_salutation``), never a guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from letters.errors import DERIVED_CERTAIN, DERIVED_FORM
from letters.load.models import Person, Role
from letters.people.declension import DERIVABLE, address_name, salutation
from letters.people.grading import Derived, Grade


@dataclass(frozen=True)
class Derivation:
    """A derived form (None when it must be typed), its grade and the reasons for it."""

    value: str | list[str] | None
    grade: Grade
    reasons: tuple[str, ...] = ()

    def warning(self, person: str) -> str:
        """The warning a letter gives while the form is not confirmed."""
        review = f"check it with 'letters recipients review {person}'"
        if self.grade == "certain":
            return f"derived from a regular pattern (graded certain), not yet confirmed; {review}"
        why = "; ".join(self.reasons)
        return f"derived by a rule to check ({why}), not yet confirmed; {review}"

    @property
    def code(self) -> str:
        """The problem code of its warning: certain forms are told apart from risky ones."""
        return DERIVED_CERTAIN if self.grade == "certain" else DERIVED_FORM


@dataclass(frozen=True)
class Forms:
    """A person's address block and salutation in one language: typed, derived or missing."""

    address: list[str] | None
    salutation: str | None
    derived: dict[str, Derivation] = field(default_factory=dict)  # field -> produced form
    untyped: dict[str, Derivation] = field(default_factory=dict)  # field -> "type it"
    missing: list[str] = field(default_factory=list)  # reasons, for errors


def forms_for(
    person: Person, role: Role, lang: str, neutral: Mapping[str, str] | None = None
) -> Forms:
    """The address block and salutation of ``person`` holding ``role``, in ``lang``: the typed
    forms, else forms derived from the name's parts (listed in ``derived``), else the reasons
    they are missing. ``neutral`` maps a language to the salutation of a person without a
    gender (``{name}`` stands for their name)."""
    out = Forms(None, None)
    parts = person.parts.get(lang)
    gender = person.gender
    needs = "gender and parts" if gender is None else "parts"
    not_derived = f"name forms in '{lang}' are not derived (only in {', '.join(DERIVABLE)})"

    address = role.address.get(lang)
    if address is None:
        if lang == "en" and "en" in person.name and "en" in role.title:
            # "Mr Denys Maliuska / Minister of Justice of Ukraine", as typed ones are (EU style)
            honorific = {"female": "Ms ", "male": "Mr "}.get(gender or "", "")
            address = [honorific + person.name["en"], role.title["en"]]
        elif lang not in DERIVABLE:
            out.missing.append(
                f"no '{lang}' address lines for {person.id}: {not_derived}; type address.{lang}"
            )
        elif parts is None or gender is None or lang not in role.title_dative:
            out.missing.append(
                f"no '{lang}' address lines: type address.{lang}, or give title_dative.{lang}"
                f" and {needs}.{lang} to derive them"
            )
        else:
            name = address_name(parts, gender, lang, country=person.country, others=person.parts)
            if name.text is not None:
                address = [role.title_dative[lang], name.text]
            _record(out, "address", lang, person.id, name, address)

    greeting = role.salutation.get(lang)
    if greeting is None:
        chosen = (neutral or {}).get(lang) if gender is None else None
        if chosen is not None:
            greeting = _neutral(chosen, person, lang, out)
        elif lang not in DERIVABLE:
            out.missing.append(
                f"no '{lang}' salutation for {person.id}: {not_derived}; type salutation.{lang}"
            )
        elif parts is None or gender is None:
            without = (
                f", or set neutral_salutation.{lang} in workspace.yaml or the letter"
                if gender is None
                else ""
            )
            out.missing.append(
                f"no '{lang}' salutation: type salutation.{lang}, or give {needs}.{lang}{without}"
            )
        else:
            said = salutation(parts, gender, lang, country=person.country, others=person.parts)
            greeting = said.text
            _record(out, "salutation", lang, person.id, said, greeting)
    return Forms(address, greeting, out.derived, out.untyped, out.missing)


def _record(
    out: Forms, name: str, lang: str, person: str, found: Derived, value: str | list[str] | None
) -> None:
    if found.text is None:
        out.untyped[name] = Derivation(None, found.grade, found.reasons)
        out.missing.append(
            f"the '{lang}' {name} of {person} cannot be derived ({'; '.join(found.reasons)});"
            f" type {name}.{lang}"
        )
    else:
        out.derived[name] = Derivation(value, found.grade, found.reasons)


def _neutral(chosen: str, person: Person, lang: str, out: Forms) -> str | None:
    if "{name}" not in chosen:
        return chosen
    name = person.name.get(lang)
    if name is None:
        out.missing.append(
            f"no '{lang}' name for {person.id}, which neutral_salutation.{lang} shows;"
            f" give name.{lang} or type salutation.{lang}"
        )
        return None
    return chosen.replace("{name}", name)
