"""Name forms a letter needs, derived by declension libraries where nobody typed them.

Ukrainian uses shevchenko, Russian pytrovich: both declined the sample's names
correctly, foreign names written in Cyrillic included, where general
morphological analysers (pymorphy3) guess at unknown surnames. Titles are never
derived: libraries leave «Голова …» undeclined, so a title's dative is typed.

Formats:

* uk addressee line (ДСТУ 4163:2020): given name and FAMILY NAME in the dative,
  «Денису МАЛЮСЬЦІ»; salutation in the vocative, «Шановний пане Денисе!».
* ru addressee line (ГОСТ Р 7.0.97-2016): initials and family name in the
  dative, «Д. Л. Малюське»; salutation «Уважаемый Денис Леонтьевич!», or
  «Уважаемый господин Нурдаулетов!» where no patronymic is known.
* en: «Dear Mr Maliuska,» / «Dear Ms Denisova,».
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from letters.load.models import Gender, NameParts

DERIVABLE = ("en", "uk", "ru")


@dataclass(frozen=True)
class Declined:
    """A name's parts in one grammatical case, as a declension library gave them."""

    given: str
    family: str
    patronymic: str | None = None


def _uk(parts: NameParts, gender: Gender, case: str) -> Declined:
    import shevchenko

    data: dict[str, object] = {
        "gender": shevchenko.GrammaticalGender.MASCULINE
        if gender == "male"
        else shevchenko.GrammaticalGender.FEMININE,
        "givenName": parts.given,
        "familyName": parts.family,
    }
    if parts.patronymic:
        data["patronymicName"] = parts.patronymic
    function = shevchenko.in_dative if case == "dative" else shevchenko.in_vocative
    out = function(data)
    return Declined(
        str(out.get("givenName") or parts.given),
        str(out.get("familyName") or parts.family),
        str(out["patronymicName"]) if out.get("patronymicName") else None,
    )


@cache
def _petrovich() -> object:
    from pytrovich.maker import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker()


def _ru(parts: NameParts, gender: Gender) -> Declined:
    from pytrovich.enums import Case, NamePart
    from pytrovich.enums import Gender as PGender

    maker = _petrovich()
    g = PGender.MALE if gender == "male" else PGender.FEMALE

    def make(part: object, value: str) -> str:
        # pytrovich declines each word of a compound name on its own
        return "-".join(
            str(maker.make(part, g, Case.DATIVE, piece))  # type: ignore[attr-defined]
            for piece in value.split("-")
        )

    return Declined(
        make(NamePart.FIRSTNAME, parts.given),
        " ".join(make(NamePart.LASTNAME, word) for word in parts.family.split()),
        make(NamePart.MIDDLENAME, parts.patronymic) if parts.patronymic else None,
    )


_ADJECTIVAL_MALE = ("ський", "цький", "зький")
_ADJECTIVAL_FEMALE = ("ова", "ева", "єва", "ина", "іна", "їна", "ька", "ая", "яя")
_ALTERNATION = {"г": "з", "к": "ц", "х": "с"}
_HARD_FINAL = set("бвдзлмнпрстфц")


def _uk_corrected(parts: NameParts, gender: Gender, case: str, d: Declined) -> Declined:
    """Rules where shevchenko errs on names our tests hold (tests/data/people_forms.yaml).

    * male adjectival family names decline as adjectives: Зеленський -> Зеленському;
    * a male family name in -ій that is not adjectival is a noun: Гордій -> Гордію;
    * a female family name in -а that is not adjectival is a noun, with the
      г/к/х alternation: Фотига -> Фотизі, Мецола -> Мецолі;
    * foreign names in -о (not -ко) and given names in -е do not decline: Фітто, Раффаеле;
    * the vocative of a given name ending in a hard consonant takes -е: Ігоре, Жозепе.
    """
    given, family = d.given, d.family
    # A double surname: the rules below concern its last part; the library's
    # declension of the parts before it stands.
    *library_head, _ = family.split("-")
    source_family = parts.family.split("-")[-1]
    lower = source_family.lower()
    family = family.split("-")[-1]
    if case == "dative":
        if gender == "male" and lower.endswith(_ADJECTIVAL_MALE):
            family = source_family[:-2] + "ому"
        elif gender == "male" and lower.endswith("ій"):
            family = source_family[:-1] + "ю"
        elif gender == "female" and lower.endswith("а") and not lower.endswith(_ADJECTIVAL_FEMALE):
            stem = source_family[:-1]
            family = stem[:-1] + _ALTERNATION.get(stem[-1], stem[-1]) + "і" if stem else family
        elif gender == "male" and lower.endswith("о") and not lower.endswith("ко"):
            family = source_family
    family = "-".join([*library_head, family])
    if parts.given.lower().endswith("е"):
        given = parts.given
    elif case == "vocative" and parts.given[-1:].lower() in _HARD_FINAL:
        given = parts.given + "е"
    return Declined(given, family, d.patronymic)


def _upper_family(family: str) -> str:
    return family.upper()


def address_name(parts: NameParts, gender: Gender, lang: str) -> str:
    """The name line of an addressee block in ``lang``."""
    if lang == "uk":
        d = _uk_corrected(parts, gender, "dative", _uk(parts, gender, "dative"))
        return f"{d.given} {_upper_family(d.family)}"
    if lang == "ru":
        d = _ru(parts, gender)
        initials = f"{parts.given[0]}."
        if parts.patronymic:
            initials += f" {parts.patronymic[0]}."
        return f"{initials} {d.family}"
    return f"{parts.given} {parts.family}"


def salutation(parts: NameParts, gender: Gender, lang: str) -> str:
    """The greeting line in ``lang``."""
    female = gender == "female"
    if lang == "uk":
        d = _uk_corrected(parts, gender, "vocative", _uk(parts, gender, "vocative"))
        return f"Шановна пані {d.given}!" if female else f"Шановний пане {d.given}!"
    if lang == "ru":
        dear = "Уважаемая" if female else "Уважаемый"
        if parts.patronymic:
            return f"{dear} {parts.given} {parts.patronymic}!"
        return f"{dear} {'госпожа' if female else 'господин'} {parts.family}!"
    return f"Dear {'Ms' if female else 'Mr'} {parts.family},"
