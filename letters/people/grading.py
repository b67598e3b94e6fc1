"""How sure a derived name form is, and what the grade depends on: where a name comes from.

A form derived from a name's parts carries a :class:`Grade`:

* ``certain`` — the name follows a regular, unambiguous pattern of the orthography, and the
  form is what that pattern gives (the declension library's result, or our rule's where the
  library cannot tell the pattern; where both give a form, they agree);
* ``check`` — the name fits more than one pattern and one was chosen (a feminine family
  name in -а read as an adjective), or our rule and the library disagree and the rule won
  (Жозепе, not the library's Жозепу);
* ``type it`` — nothing reliable can be derived (a French name in a stressed -а, a family
  name of two words): no form is produced, and the letter asks for a typed one.

The stress of a final -а or -я decides whether a foreign name declines (Петрарка →
Петрарці, but Дюма, Золя stay as they are), and only the country tells it; so does whether a
consonant stem changes (a Ukrainian Лубінець → Лубінцю, a foreign Макаллістер →
Макаллістеру). The country sets below are that knowledge.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Grade = Literal["type it", "check", "certain"]
GRADES: tuple[Grade, ...] = ("type it", "check", "certain")  # the riskiest first

# Names declined by Ukrainian and Russian patterns, stem changes included (Лубінець →
# Лубінцю): East Slavic, and the Russified names of the other former Soviet states.
EAST = frozenset({"UA", "RU", "BY"})
POST_SOVIET = frozenset({"KZ", "UZ", "KG", "TJ", "TM", "AZ", "AM", "GE", "MD"})
# Other Slavic languages: their names decline like Ukrainian nouns of the same ending.
SLAVIC = frozenset({"PL", "CZ", "SK", "BG", "MK", "RS", "HR", "SI", "BA", "ME"})
# Where a woman's family name in -ова or -іна is the feminine of one in -ов or -ін
# (Юрова, Москалькова): the Slavic and former Soviet states, the Baltic ones included.
POSSESSIVE = EAST | POST_SOVIET | SLAVIC | frozenset({"LT", "LV", "EE"})
# Languages whose names in -а are not stressed on the last syllable: fixed initial stress
# (Czech, Hungarian, Finnish…), penultimate (Polish, Italian, Spanish…), or Germanic.
UNSTRESSED_FINAL = (
    EAST
    | POST_SOVIET
    | SLAVIC
    | frozenset(
        {"IT", "ES", "PT", "MT", "DE", "AT", "NL", "SE", "DK", "NO", "FI", "IS", "EE", "LV"}
        | {"HU", "GB", "IE"}
    )
)


@dataclass(frozen=True)
class Origin:
    """Where a name comes from, as far as the directory says (its ISO country code)."""

    country: str | None = None

    @property
    def known(self) -> bool:
        """Whether the directory gives the country."""
        return self.country is not None

    @property
    def east(self) -> bool:
        """Declined with the stem changes of Ukrainian and Russian (Лубінець → Лубінцю);
        without a country a name is taken for one, and a stem change is graded *check*."""
        return self.country is None or self.country in EAST | POST_SOVIET

    @property
    def slavic(self) -> bool:
        """A name from a Slavic or former Soviet language (or of unknown origin)."""
        return self.east or self.country in SLAVIC

    @property
    def possessive(self) -> bool:
        """Whether -ова/-іна can be the feminine of -ов/-ін (Юрова → Юровій)."""
        return self.country is None or self.country in POSSESSIVE

    @property
    def unstressed_final(self) -> bool:
        """Whether a final -а/-я of its names is known to be unstressed, so they decline."""
        return self.country is None or self.country in UNSTRESSED_FINAL


@dataclass(frozen=True)
class Part:
    """One derived word or name, with its grade and the reasons for it."""

    text: str | None
    grade: Grade = "certain"
    reasons: tuple[str, ...] = ()

    @staticmethod
    def type_it(reason: str) -> Part:
        return Part(None, "type it", (reason,))


@dataclass(frozen=True)
class Derived:
    """A form derived from a name's parts: its text (None when it must be typed), its grade
    and why it has that grade."""

    text: str | None
    grade: Grade
    reasons: tuple[str, ...] = ()


def worst(grades: Iterable[Grade]) -> Grade:
    """The riskiest of ``grades`` (``certain`` for none)."""
    found = set(grades)
    return next((g for g in GRADES if g in found), "certain")


def combine(parts: Iterable[Part]) -> tuple[Grade, tuple[str, ...]]:
    """The grade and the reasons, without repeats, of several parts."""
    parts = list(parts)
    reasons: list[str] = []
    for part in parts:
        reasons += [r for r in part.reasons if r not in reasons]
    return worst(p.grade for p in parts), tuple(reasons)


VOWELS = frozenset("аеєиіїоуюяыэ")


def hiatus(word: str) -> bool:
    """A name ending in a vowel then -а (Франсуа, Андреа, Сарвамаа)."""
    low = word.lower()
    return len(low) > 1 and low[-1] == "а" and low[-2] in VOWELS


STRESS = (
    "a final -а or -я declines only when it is unstressed (Петрарка → Петрарці, but Дюма,"
    " Золя stay as they are), and the stress of names from this country cannot be told"
    " from the spelling"
)

HIATUS = (
    "the name ends in a vowel and -а (like Франсуа, Андреа): whether and how it declines"
    " cannot be told from the spelling"
)
SEVERAL_WORDS = (
    "the family name has several capitalised words: which of them decline cannot be told"
    " from the spelling"
)
