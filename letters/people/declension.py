"""Name forms a letter needs, derived from a name's parts where nobody typed them, graded.

Ukrainian uses shevchenko, Russian pytrovich, each corrected by our rules where it errs
(:mod:`letters.people.ukrainian`, :mod:`letters.people.russian`); every form carries a
grade — *certain*, *check* or *type it* (:mod:`letters.people.grading`). Titles are never
derived: libraries leave «Голова …» undeclined, so a title's dative is typed. Other
languages (pl, de…) are not derived at all: their forms are typed.

Formats:

* uk addressee line (ДСТУ 4163:2020): given name and FAMILY NAME in the dative,
  «Денису МАЛЮСЬЦІ»; salutation in the vocative, «Шановний пане Денисе!».
* ru addressee line (ГОСТ Р 7.0.97-2016): initials and family name in the
  dative, «Д. Л. Малюське»; salutation «Уважаемый Денис Леонтьевич!», or
  «Уважаемый господин Нурдаулетов!» where no patronymic is known.
* en: «Dear Mr Maliuska,» / «Dear Ms Denisova,».
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from letters.load.models import Gender, NameParts
from letters.people import russian, ukrainian
from letters.people.grading import Derived, Origin, Part, combine

DERIVABLE = ("en", "uk", "ru")
"""The languages whose name forms can be derived; any other needs typed forms."""

NOT_DERIVABLE = "name forms in this language are not derived (only in en, uk and ru)"
LIBRARY_ERROR = "the declension library could not decline the name"


def address_name(
    parts: NameParts,
    gender: Gender,
    lang: str,
    *,
    country: str | None = None,
    others: Mapping[str, NameParts] | None = None,
) -> Derived:
    """The name line of an addressee block in ``lang``; ``others`` are the person's name
    parts in other languages, which can settle an ambiguous name (a Russian Безуглая tells
    that the Ukrainian Безугла is an adjective)."""
    origin = Origin(country)
    other = others or {}
    try:
        if lang == "uk":
            given = ukrainian.given(parts.given, gender, "dative", origin)
            family = ukrainian.family_dative(parts.family, gender, origin, _family(other, "ru"))
            return _joined([given, family], lambda g, f: f"{g} {surname_in_capitals(f)}")
        if lang == "ru":
            family = russian.family_dative(parts.family, gender, origin, _family(other, "uk"))
            first = russian.initials(parts.given, parts.patronymic)
            return _joined([family], lambda f: f"{first} {f}")
    except Exception:  # a library's own error on an unusual name
        return Derived(None, "type it", (LIBRARY_ERROR,))
    if lang == "en":
        return Derived(f"{parts.given} {parts.family}", "certain")
    return Derived(None, "type it", (NOT_DERIVABLE,))


# A particle elided before a vowel and joined to the name by an apostrophe: д’Аламбер.
_ELIDED = re.compile(r"[^\W\d_]+['’ʼ](?=[^\W\d_])")


def surname_in_capitals(surname: str) -> str:
    """``surname`` in the capitals of «Власне ім'я ПРІЗВИЩЕ» (ДСТУ 4163:2020), its particles
    written in small letters left so: «де ФРІС», «фон дер ЛЯЄН», «ін 'т ВЕЛД», «д’АЛАМБЕР».

    The orthography writes such a particle in small letters, apart from the surname it
    stands before (Правопис 2019: «Людвіг ван Бетховен», «фон дер Гольц»), so it is not the
    surname the capitals mark; in a Ukrainian letter «Анні ДЕ ФРІС» reads as a surname of two
    words. A particle the name itself writes with a capital, as a Belgian «Ван Бремпт» does,
    is part of the surname, and is in capitals with it."""
    words = []
    for word in surname.split(" "):
        first = next((c for c in word if c.isalpha()), "")
        elided = _ELIDED.match(word)
        if first.isupper():
            words.append(word.upper())
        elif elided and word[elided.end()].isupper():
            words.append(word[: elided.end()] + word[elided.end() :].upper())
        else:
            words.append(word)
    return " ".join(words)


def salutation(
    parts: NameParts,
    gender: Gender,
    lang: str,
    *,
    country: str | None = None,
    others: Mapping[str, NameParts] | None = None,
) -> Derived:
    """The greeting line in ``lang`` (``others`` as for :func:`address_name`)."""
    female = gender == "female"
    if lang == "uk":
        try:
            given = ukrainian.given(parts.given, gender, "vocative", Origin(country))
        except Exception:
            return Derived(None, "type it", (LIBRARY_ERROR,))
        dear = "Шановна пані" if female else "Шановний пане"
        return _joined([given], lambda g: f"{dear} {g}!")
    if lang == "ru":
        dear = "Уважаемая" if female else "Уважаемый"
        if parts.patronymic:
            return Derived(f"{dear} {parts.given} {parts.patronymic}!", "certain")
        return Derived(f"{dear} {'госпожа' if female else 'господин'} {parts.family}!", "certain")
    if lang == "en":
        return Derived(f"Dear {'Ms' if female else 'Mr'} {parts.family},", "certain")
    return Derived(None, "type it", (NOT_DERIVABLE,))


def _family(others: Mapping[str, NameParts], lang: str) -> str | None:
    parts = others.get(lang)
    return parts.family if parts is not None else None


def _joined(parts: list[Part], compose: Callable[..., str]) -> Derived:
    grade, reasons = combine(parts)
    if grade == "type it":
        return Derived(None, grade, reasons)
    return Derived(compose(*(str(p.text) for p in parts)), grade, reasons)
