"""A country's name as running text writes it: "We would recall that the Netherlands is a
party to …".

Babel's (CLDR's) names are labels for lists and menus: "Netherlands", "Bosnia & Herzegovina",
"St Kitts & Nevis", "Congo - Kinshasa", «Конго – Кіншаса». A sentence of an official letter
needs the name the EU Interinstitutional Style Guide gives (its list of countries): with
"the" where English says it, "and" for "&", "Saint" for "St", and a name for the two Congos
rather than a label that tells them apart by their capitals. Only the country a letter
invokes the obligations of (``state``) is written so; the country after a signatory's
group ("Renew Europe, Netherlands") stays a label. Russian labels shorten islands («Соломоновы
о-ва»), which a letter writes out («Соломоновы Острова»).

A sentence's verb agrees with the state's name, and in Russian some names are plural
(«Нидерланды являются», «Украина является»): :func:`named_in_plural` tells the template,
which then takes the sentence's plural form (``state_plural`` in its context).
"""

from __future__ import annotations

import re

__all__ = ["in_running_text", "named_in_plural"]

THE = frozenset(
    {"BS", "CD", "CF", "CG", "DO", "GB", "GM", "KM", "MH", "MV", "NL", "PH", "SB", "AE", "US", "VA"}
)
"""The countries English names with "the" in running text (EU style: "the Netherlands")."""

NAMES = {
    "en": {
        "CD": "Democratic Republic of the Congo",
        "CG": "Congo",
        "HK": "Hong Kong",
        "MM": "Myanmar/Burma",
        "MO": "Macao",
        "VA": "Holy See",
    },
    "uk": {"CD": "Демократична Республіка Конго", "CG": "Республіка Конго"},
    "ru": {
        "AE": "Объединенные Арабские Эмираты",
        "CD": "Демократическая Республика Конго",
        "CG": "Республика Конго",
        # states named as islands: "Острова" with a capital, as in their official names
        "MH": "Маршалловы Острова",
        "SB": "Соломоновы Острова",
        "SC": "Сейшельские Острова",
    },
}
"""Names that differ from the locale's label in more than the rules below, by language."""


PLURAL = {
    "ru": frozenset(
        {"AE", "BS", "FM", "KM", "MH", "MV", "NL", "PH", "PS", "SB", "SC", "US"}
        # and every territory named as islands (see named_in_plural)
    ),
}
"""The countries whose name is plural in a language where the verb shows it: ru
«Нидерланды», «Соединенные Штаты», «Филиппины», «Коморы» (but «Тринидад и Тобаго
является», one state). Ukrainian «є» and English "is" are the same for both."""

_ISLANDS = re.compile(r"(?<!\w)(?:о-ва|острова)(?!\w)", re.IGNORECASE)
_SHORTENED_ISLAND = re.compile(r"(?<!\w)о-в(а?)(?!\w)")
"""Russian labels' «о-в» (island) and «о-ва» (islands)."""


def in_running_text(code: str, label: str, language: str) -> str:
    """The name of the country ``code`` inside a sentence of a letter in ``language``, its
    locale's ``label`` for it amended: "the Netherlands", "Bosnia and Herzegovina", "Saint
    Lucia", «Демократична Республіка Конго», «Соломоновы Острова»."""
    name = NAMES.get(language, {}).get(code, label)
    if language == "ru":
        name = _SHORTENED_ISLAND.sub(r"остров\1", name)
        return name[:1].upper() + name[1:]
    if language != "en":
        return name
    name = re.sub(r"^St\.? ", "Saint ", name.replace(" & ", " and "))
    return f"the {name}" if code in THE else name


def named_in_plural(code: str, name: str, language: str) -> bool:
    """Whether the country ``code``, written ``name`` (:func:`in_running_text`), is plural
    for a verb in ``language``: True for ru «Нидерланды» and «Фарерские острова», False for
    «Украина», and for every name in a language whose verb does not show it (en, uk)."""
    return code in PLURAL.get(language, ()) or (
        language == "ru" and _ISLANDS.search(name) is not None
    )
