"""Ukrainian name forms: the dative of a given and a family name, the vocative of a given
name, each graded (:mod:`letters.people.grading`).

shevchenko declines nouns well, the vocative of Ігор and Лазар included (Ігорю: they belong
to the soft group, Правопис 2019 § 87). Its Python port cannot tell an adjectival family name
from a noun (the classifier of the JavaScript original is missing): it declines every
Зеленський as a noun (Зеленськию) and every woman's name in -а as an adjective
(Мецолій). So we decide which a name is, and decline adjectives ourselves. For foreign names
it applies Ukrainian stem changes they do not have (Макаллістер → Макаллістру,
Кефалоянніс → Кефалоянносу), and it gives -у in the vocative of names in -е and a consonant
(Жозепу): there our rules win, and the form is graded *check*.

Conventions (those of ``tests/data/people_forms.yaml``): the dative of a man's name takes
-у/-ю (Денису, Шевченку), not -ові; the family name is declined as the orthography says
(Правопис 2019 §§ 142–145): a woman's name in a consonant or -о does not decline, foreign
names in -о, -е, -і, -у and a stressed -а do not.
"""

from __future__ import annotations

import re
from functools import cache

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

_ALTERNATION = {"г": "з", "ґ": "з", "к": "ц", "х": "с"}
_SOFT_ENDS = ("ь", "й")
_MIXED = ("ж", "ч", "ш", "щ")
_APOSTROPHES = ("'", "’", "ʼ")
# Russian endings that do not tell an adjective from a noun (or are not Russian at all)
_RUSSIAN_UNSETTLED = ("ова", "ева", "ина", "ына", "ська", "цька", "зька")

ADJECTIVE_GUESS = (
    "a woman's family name in -а may be an adjective (Чорна → Чорній, the feminine of"
    " Чорний) or a noun (Сковорода → Сковороді); it was read as an adjective — the Russian"
    " parts settle it (Черная or Сковорода)"
)
NOUN_GUESS = (
    "a woman's family name in -а may be an adjective (Чорна → Чорній) or a noun"
    " (Сковорода → Сковороді); it was read as a noun — the Russian parts settle it"
    " (Черная or Сковорода)"
)
INA = (
    "a woman's family name in -ина is an adjective when it is the feminine of one in -ин"
    " (Стефанішин → Стефанішиній) and a noun otherwise (Калина → Калині); it was read as an"
    " adjective"
)
SOFT_ADJECTIVE = (
    "a woman's family name in -ня was read as an adjective (Задорожня → Задорожній); a noun"
    " would give -ні"
)
II_ADJECTIVE = (
    "a man's family name in -ій may be an adjective (Заболотній → Заболотньому) or a noun"
    " (Гордій → Гордію); it was read as an adjective"
)
II_NOUN = (
    "a man's family name in -ій may be an adjective (Заболотній → Заболотньому) or a noun"
    " (Гордій → Гордію); it was read as a noun"
)
IV = (
    "a family name in -ів declines with о or е for і (Прокопів → Прокопову, Гриців →"
    " Грицеву); check the vowel"
)
IV_UNKNOWN = (
    "a family name in -лів declines with о or е for і depending on the name it comes from"
    " (Михайлів → Михайлову, Ковалів → Ковалеву)"
)
AR = (
    "a family name in -ар declines like кобзар (Бондар → Бондарю) or like комар (Комару);"
    " it was declined like кобзар"
)
O_UNKNOWN = (
    "a family name in -о declines if it is Ukrainian (Шило → Шилу) but not if it is foreign"
    " (Фітто); the country is not given"
)
IKH_UNKNOWN = (
    "a family name in -их does not decline if it is Ukrainian or Russian (Чорних, Седих)"
    " but does if it is foreign (Дітріх → Дітріху); the country is not given"
)
STEM_UNKNOWN = (
    "a Ukrainian name changes its stem (Лубінець → Лубінцю), a foreign one keeps it"
    " (Макаллістер → Макаллістеру); the country is not given"
)
FOREIGN_STEM = (
    "a foreign name keeps its stem (Макаллістер → Макаллістеру), though the declension"
    " library changed it"
)
VOCATIVE = (
    "the vocative of a name in a hard consonant other than г, к, х ends in -е (Жозепе), though"
    " the declension library gave -у"
)
FOREIGN_GIVEN = "our rule for foreign given names and the declension library disagree"
GIVEN_O = (
    "a foreign man's given name in -о is declined by some writers and not by others (Бруно, Отто)"
)
MALE_A = (
    "a foreign man's given name in -а was declined like Микола; check that it is not"
    " stressed on the -а"
)
FOREIGN_FEMALE = (
    "a foreign woman's given name in a consonant usually stays as it is (Кармен), though"
    " the declension library declines it"
)
HYPHEN = (
    "only the last part of a man's hyphenated given name was declined (Жан-Клоду); usage varies"
)
LIBRARY_DIFFERS = "our rule and the declension library disagree"
ALTERNATION = (
    "the і of a Ukrainian name's last syllable may alternate (Кисіль → Киселю, Кривоніс →"
    " Кривоносу) or stay (Кушнір → Кушніру); it was kept"
)


@cache
def _library(word: str, gender: Gender, case: str, kind: str) -> str:
    """shevchenko's form of one name (``kind``: givenName or familyName); a man's dative
    in the -у/-ю variant the orthography gives beside -ові/-еві (Журавлеві → Журавлю,
    Буслові → Буслу, § 142), as every other name in an address line has it."""
    import shevchenko

    out = (shevchenko.in_dative if case == "dative" else shevchenko.in_vocative)(
        {
            "gender": shevchenko.GrammaticalGender.MASCULINE
            if gender == "male"
            else shevchenko.GrammaticalGender.FEMININE,
            kind: word,
        }
    )
    form = str(out.get(kind) or word)
    if gender == "male" and case == "dative" and word[-1:].lower() not in ("а", "я"):
        low = form.lower()
        if low.endswith("ові"):
            return form[:-3] + "у"
        if low.endswith("еві"):
            return form[:-3] + ("у" if low[-4:-3] in _MIXED else "ю")
        if low.endswith("єві"):
            return form[:-3] + "ю"
    return form


def _soft_noun_dative(word: str) -> str:
    """The dative of a noun of the first declension: Фотига → Фотизі, Зозуля → Зозулі,
    Гамалія → Гамалії, Кая → Каї."""
    stem, end = word[:-1], word[-1].lower()
    if end == "а":
        last = stem[-1:].lower()
        if last in _ALTERNATION:
            swap = _ALTERNATION[last]
            stem = stem[:-1] + (swap.upper() if stem[-1].isupper() else swap)
        return stem + "і"
    if stem[-1:].lower() in VOWELS or stem[-1:] in _APOSTROPHES:
        return stem + "ї"
    return stem + "і"


def _simple_dative(word: str) -> str:
    """The dative of a foreign man's name in a consonant: the stem kept (Берг → Бергу,
    Боррель → Боррелю, Макаллістер → Макаллістеру)."""
    if word[-1:].lower() in _SOFT_ENDS:
        return word[:-1] + "ю"
    return word + "у"


def _simple_vocative(word: str) -> str:
    """The vocative of a foreign man's name in a consonant (Правопис 2019 § 87): -у after
    г, к, х (Джеку, Фрідріху), -ю after a soft consonant (Рафаелю), -е otherwise (Жозепе,
    Януше, Бернаре)."""
    low = word.lower()
    if low[-1:] in _SOFT_ENDS:
        return word[:-1] + "ю"
    if low[-1:] in ("г", "ґ", "к", "х"):
        return word + "у"
    return word + "е"


# --- family names ------------------------------------------------------------------------


def family_dative(family: str, gender: Gender, origin: Origin, russian: str | None) -> Part:
    """The dative of a family name; ``russian`` is the person's Russian family name, which
    tells an adjective (Безуглая) from a noun (Сковорода)."""
    *lead, last = family.split(" ")
    if any(word[:1].isupper() for word in lead):
        return Part.type_it(SEVERAL_WORDS)
    pieces = last.split("-")
    hints = (russian or "").split(" ")[-1].split("-")
    if len(hints) != len(pieces):
        hints = [""] * len(pieces)
    done = [_family_piece(p, gender, origin, h) for p, h in zip(pieces, hints, strict=True)]
    grade, reasons = combine(done)
    if grade == "type it":
        return Part(None, grade, reasons)
    return Part(" ".join([*lead, "-".join(str(p.text) for p in done)]), grade, reasons)


def _family_piece(word: str, gender: Gender, origin: Origin, russian: str) -> Part:
    if len(word) < 2:
        return Part(word)
    if gender == "female":
        return _female_family(word, origin, russian.lower())
    return _male_family(word, origin, russian.lower())


def _female_family(word: str, origin: Origin, russian: str) -> Part:
    low = word.lower()
    if low[-1] not in "ая":
        return Part(word)  # a woman's name in a consonant, -о, -е… does not decline
    if hiatus(word):
        return Part.type_it(HIATUS)
    if not origin.unstressed_final:
        return Part.type_it(STRESS)
    adjective = word[:-1] + "ій"
    noun = _soft_noun_dative(word)
    if russian.endswith(("ая", "яя")):
        return Part(adjective)  # the Russian form says: Безуглая
    if russian[-1:] in ("а", "я") and not russian.endswith(_RUSSIAN_UNSETTLED):
        return Part(noun)  # Сковорода, Фотыга; a woman's Малюська
    if low.endswith(("ська", "цька", "зька")):
        return Part(adjective)
    if low.endswith(("ова", "ева", "єва", "іна", "їна")):
        return Part(adjective if origin.possessive else noun)
    if not origin.slavic:
        return Part(noun)  # Мецола, Міранда: foreign names in -а are nouns
    if low.endswith("я"):
        if low.endswith("ня") and low[-3:-2] not in VOWELS:
            return Part(adjective, "check", (SOFT_ADJECTIVE,))
        return Part(noun)  # Зозуля, Гмиря, Гамалія: no adjective ends so
    if low.endswith("ина"):
        return Part(adjective, "check", (INA,))
    if low[-2] in "нлвтдр":
        return Part(adjective, "check", (ADJECTIVE_GUESS,))
    return Part(noun, "check", (NOUN_GUESS,))


def _male_family(word: str, origin: Origin, russian: str) -> Part:
    low = word.lower()
    if low.endswith(("ий", "ой")) and len(low) > 3:
        return Part(word[:-2] + "ому")  # Зеленський, Білий, Толстой
    if low.endswith("ій") and len(low) > 3:
        return _male_ii(word, russian)
    if low.endswith(("их", "іх")) and origin.east:
        # Чорних, Седих do not decline; a foreign Дітріх does (Дітріху), below
        return Part(word) if origin.known else Part(word, "check", (IKH_UNKNOWN,))
    library = _library(word, "male", "dative", "familyName")
    if low[-1] == "о":
        if low.endswith("ко") or (origin.slavic and origin.known):
            return Part(library)  # Шевченко → Шевченку, Шило → Шилу
        if origin.known:
            return Part(word)  # foreign: Фітто, Тоскано
        return Part(library, "check", (O_UNKNOWN,))
    if low[-1] in VOWELS - {"а", "я"}:
        return Part(word)  # Ланге, Таяні, Гайду: foreign names in a vowel do not decline
    if low[-1] in ("а", "я"):
        if hiatus(word):
            return Part.type_it(HIATUS)
        if not origin.unstressed_final:
            return Part.type_it(STRESS)
        noun = _soft_noun_dative(word)
        return Part(library) if library == noun else Part(library, "check", (LIBRARY_DIFFERS,))
    simple = _simple_dative(word)
    if not origin.east:
        return Part(simple) if library == simple else Part(simple, "check", (FOREIGN_STEM,))
    native = origin.country in (None, "UA")
    if native and low.endswith(("ів", "їв")):
        return _male_iv(word)
    if native and low.endswith("ар") and not low.endswith("яр") and len(low) > 3:
        return Part(word + "ю", "check", (AR,))
    if not origin.known and library != simple:
        return Part(library, "check", (STEM_UNKNOWN,))
    closed_i = re.search(r"і[бвгґджзклмнпрстфхцчшщ]ь?$", low) and not low.endswith("ін")
    if library == simple and closed_i:
        return Part(library, "check", (ALTERNATION,))
    return Part(library)


def _male_ii(word: str, russian: str) -> Part:
    """Заболотній → Заболотньому (an adjective), Гордій → Гордію (a noun)."""
    adjective, noun = word[:-2] + "ьому", word[:-1] + "ю"
    if russian.endswith("ый"):
        return Part(adjective)
    if russian.endswith("ий") and russian[-3:-2] not in "нкгхжчшщ":
        return Part(noun)  # Гордий: no Russian adjective ends in -дий
    low = word.lower()
    if low[-3] == "н" and low[-4] not in VOWELS | {"р"}:
        return Part(adjective, "check", (II_ADJECTIVE,))
    return Part(noun, "check", (II_NOUN,))


def _male_iv(word: str) -> Part:
    """Прокопів → Прокопову, Гриців → Грицеву, Андріїв → Андрієву (і alternates with о
    or е in an open syllable)."""
    low = word.lower()
    if low.endswith("їв"):
        return Part(word[:-2] + "єву", "check", (IV,))
    before = low[-3:-2]
    if before == "л" or before in VOWELS:
        return Part.type_it(IV_UNKNOWN)
    vowel = "е" if before in (*_MIXED, "ц", "й") else "о"
    return Part(word[:-2] + vowel + "ву", "check", (IV,))


# --- given names -------------------------------------------------------------------------


def given(name: str, gender: Gender, case: str, origin: Origin) -> Part:
    """A given name in the dative or vocative (``case``); each word of several is declined
    (Ларсу Патріку), and only the last part of a man's hyphenated name (Жан-Клоду)."""
    done = []
    for word in name.split(" "):
        pieces = word.split("-")
        if len(pieces) == 1:
            done.append(_given_word(word, gender, case, origin))
            continue
        if gender == "female":
            parts = [_given_word(p, gender, case, origin) for p in pieces]
        else:
            parts = [Part(p) for p in pieces[:-1]] + [_given_word(pieces[-1], gender, case, origin)]
        grade, reasons = combine(parts)
        if grade == "type it":
            done.append(Part(None, grade, reasons))
        else:
            text = "-".join(str(p.text) for p in parts)
            done.append(Part(text, "check", (*reasons, HYPHEN) if gender == "male" else reasons))
    grade, reasons = combine(done)
    if grade == "type it":
        return Part(None, grade, reasons)
    return Part(" ".join(str(p.text) for p in done), grade, reasons)


def _given_word(word: str, gender: Gender, case: str, origin: Origin) -> Part:
    if len(word) < 2:
        return Part(word)
    low = word.lower()
    library = _library(word, gender, case, "givenName")
    if gender == "female":
        if low[-1] in ("а", "я"):
            return Part.type_it(HIATUS) if hiatus(word) else Part(library)
        if low[-1] in VOWELS:
            return Part(word)  # Софі, Ніно, Габріеле
        if origin.east or library == word:
            return Part(library)  # Любов → Любові, Любове; Естер stays
        return Part.type_it(FOREIGN_FEMALE)
    if low[-1] == "о":
        if origin.slavic:
            return Part(library)  # Петро → Петру, Петре
        return Part(word) if low[-2] in VOWELS else Part.type_it(GIVEN_O)
    if low[-1] in ("а", "я"):
        if hiatus(word):
            return Part.type_it(HIATUS)
        if origin.slavic:
            return Part(library)  # Микола, Ілля, Лука
        if origin.unstressed_final:
            return Part(library, "check", (MALE_A,))
        return Part.type_it(STRESS)
    if low[-1] in VOWELS:
        return Part(word)  # Раффаеле, Гі, Паулу, Петрі
    if origin.east:
        if case == "vocative" and low[-1] == "г":
            # Правопис 2019 § 87 gives «Олеже (й Олегу)»: the form it names first
            return Part(word[:-1] + "же")
        if case == "vocative" and _library_vocative_wrong(low, library):
            return Part(word + "е", "check", (VOCATIVE,))
        return Part(library)
    ours = _simple_dative(word) if case == "dative" else _simple_vocative(word)
    if library == ours:
        return Part(ours)
    vocative = case == "vocative" and _library_vocative_wrong(low, library)
    return Part(ours, "check", (VOCATIVE if vocative else FOREIGN_GIVEN,))


def _library_vocative_wrong(low: str, library: str) -> bool:
    """shevchenko's rule for names in -е and a consonant (Марек → Мареку) also gives
    Жозепу, Йоганнесу: -у belongs only after г, к, х and to some names in a hissing
    consonant (Правопис 2019 § 87)."""
    return (
        library.lower() == low + "у"
        and low[-2:-1] == "е"
        and low[-1] not in ("г", "ґ", "к", "х", *_MIXED)
    )
