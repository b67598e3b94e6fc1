"""Russian name forms: the dative of a family name, graded (:mod:`letters.people.grading`).

An address in Russian (ГОСТ Р 7.0.97-2016) needs only the family name in the dative after
the initials («Д. Л. Малюське»); the salutation uses the given name and patronymic, or
«господин» and the family name, in the nominative. pytrovich declines Russian and Ukrainian
family names well. It cannot know the stress of a foreign name in -а (Гетта stays as it
is), and it reads a noun in -ий as an adjective (Корний → Корнему): there we decide.

Conventions (``tests/data/people_forms.yaml``): no ё; Ukrainian names in -ко do not decline
(Шевченко); a Ukrainian name in -ець loses its е (Лубинец → Лубинцу).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from letters.load.models import Gender
from letters.people.grading import (
    HIATUS,
    SEVERAL_WORDS,
    STRESS,
    VOWELS,
    Origin,
    Part,
    combine,
    hiatus,
)

INA = (
    "a woman's family name in -ина is an adjective when it is the feminine of one in -ин"
    " (Ильина → Ильиной) and a noun otherwise (Щербина → Щербине); it was read as an"
    " adjective"
)
NII_ADJECTIVE = (
    "a man's family name in -ний may be an adjective (Заболотний → Заболотнему) or a noun"
    " (Корний → Корнию); it was read as an adjective"
)
II_NOUN = (
    "a man's family name in -ий may be an adjective (Заболотний → Заболотнему) or a noun"
    " (Гордий → Гордию); it was read as a noun"
)
FOREIGN_STEM = (
    "a foreign name keeps its stem (Макаллистер → Макаллистеру), though the declension"
    " library changed it"
)
STEM_UNKNOWN = (
    "a Ukrainian name may lose a vowel (Лубинец → Лубинцу), a foreign one keeps it; the"
    " country is not given"
)
IKH_UNKNOWN = (
    "a family name in -их or -ых does not decline if it is Russian or Ukrainian (Седых)"
    " but does if it is foreign (Дитрих → Дитриху); the country is not given"
)
LIBRARY_DIFFERS = "our rule and the declension library disagree"


@cache
def _petrovich() -> Any:
    from pytrovich.maker import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker()


@cache
def _library(word: str, gender: Gender) -> str:
    from pytrovich.enums import Case, NamePart
    from pytrovich.enums import Gender as PGender

    g = PGender.MALE if gender == "male" else PGender.FEMALE
    return str(_petrovich().make(NamePart.LASTNAME, g, Case.DATIVE, word))


def _noun_dative(word: str) -> str:
    """The dative of a noun in -а/-я: Фотыга → Фотыге, Гамалия → Гамалии, Зозуля → Зозуле."""
    if word.lower().endswith("ия"):
        return word[:-1] + "и"
    return word[:-1] + "е"


def _simple_dative(word: str) -> str:
    """A foreign man's name in a consonant keeps its stem: Берг → Бергу, Боррель → Боррелю."""
    return word[:-1] + "ю" if word[-1:].lower() in ("ь", "й") else word + "у"


def family_dative(family: str, gender: Gender, origin: Origin, ukrainian: str | None) -> Part:
    """The dative of a family name; particles (фон, ван, де) stay as they are, each part of
    a double name declines; ``ukrainian`` is the person's Ukrainian family name, which tells
    a noun (Гордій) from an adjective."""
    *lead, last = family.split(" ")
    if any(word[:1].isupper() for word in lead):
        return Part.type_it(SEVERAL_WORDS)
    pieces = last.split("-")
    hints = (ukrainian or "").split(" ")[-1].split("-")
    if len(hints) != len(pieces):
        hints = [""] * len(pieces)
    done = [_piece(p, gender, origin, h.lower()) for p, h in zip(pieces, hints, strict=True)]
    grade, reasons = combine(done)
    if grade == "type it":
        return Part(None, grade, reasons)
    return Part(" ".join([*lead, "-".join(str(p.text) for p in done)]), grade, reasons)


def _piece(word: str, gender: Gender, origin: Origin, ukrainian: str) -> Part:
    low = word.lower()
    if len(low) < 2:
        return Part(word)
    if low[-1] in ("а", "я"):
        return _in_a(word, gender, origin)
    if gender == "female":
        return Part(word)  # a woman's name in a consonant or another vowel does not decline
    library = _library(word, gender)
    if low.endswith(("ский", "цкий", "ой", "ый")) or (
        low.endswith("ий") and low[-3:-2] in ("к", "г", "х", "ж", "ч", "ш", "щ")
    ):
        return Part(library)  # Зеленский, Белый, Толстой, Горький
    if low.endswith("ий"):
        return _male_ii(word, ukrainian)
    if low[-1] in VOWELS:
        return Part(word)  # Шевченко, Фитто, Ланге do not decline
    if low.endswith(("их", "ых")) and origin.east:
        # Седых, Черных do not decline; a foreign Дитрих does (Дитриху), below
        return Part(word) if origin.known else Part(word, "check", (IKH_UNKNOWN,))
    simple = _simple_dative(word)
    if not origin.east:
        return Part(simple) if library == simple else Part(simple, "check", (FOREIGN_STEM,))
    if not origin.known and library != simple:
        return Part(library, "check", (STEM_UNKNOWN,))
    return Part(library)


def _in_a(word: str, gender: Gender, origin: Origin) -> Part:
    low = word.lower()
    if hiatus(word):
        return Part.type_it(HIATUS)
    if not origin.unstressed_final:
        return Part.type_it(STRESS)
    library = _library(word, gender)
    if gender == "female" and low.endswith(("ая", "яя")):
        return Part(library)  # Безуглая → Безуглой
    if gender == "female" and low.endswith(("ова", "ева", "ына", "ина")) and origin.possessive:
        if low.endswith("ина"):
            return Part(word[:-1] + "ой", "check", (INA,))
        return Part(word[:-1] + "ой")  # Денисова → Денисовой
    noun = _noun_dative(word)
    return Part(noun) if library == noun else Part(noun, "check", (LIBRARY_DIFFERS,))


def _male_ii(word: str, ukrainian: str) -> Part:
    """Заболотний → Заболотнему (an adjective), Гордий → Гордию (a noun)."""
    adjective, noun = word[:-2] + "ему", word[:-1] + "ю"
    if ukrainian.endswith("ий"):
        return Part(adjective)  # Ukrainian -ий is an adjective
    if ukrainian.endswith("ій") and ukrainian[-3:-2] != "н":
        return Part(noun)  # Гордій: no Ukrainian adjective ends in -дій
    if word.lower()[-3] == "н" and word.lower()[-4] not in VOWELS | {"р"}:
        return Part(adjective, "check", (NII_ADJECTIVE,))
    return Part(noun, "check", (II_NOUN,))


def initials(given: str, patronymic: str | None) -> str:
    """«Л. П.» for Ларс Патрик, «Ж.-К.» for Жан-Клод, then the patronymic's initial."""
    words = ["-".join(f"{piece[:1]}." for piece in word.split("-")) for word in given.split(" ")]
    if patronymic:
        words.append(f"{patronymic[:1]}.")
    return " ".join(words)
