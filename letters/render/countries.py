"""A country's name as running text writes it: "We would recall that the Netherlands is a
party to …".

Babel's (CLDR's) names are labels for lists and menus: "Netherlands", "Bosnia & Herzegovina",
"St Kitts & Nevis", "Congo - Kinshasa", «Конго – Кіншаса». A sentence of an official letter
needs the name the EU Interinstitutional Style Guide gives (its list of countries): with
"the" where English says it, "and" for "&", "Saint" for "St", and a name for the two Congos
rather than a label that tells them apart by their capitals. Only the country a letter
invokes the obligations of (``state``) is written so; the country after a signatory's
group ("Renew Europe, Netherlands") stays a label.
"""

from __future__ import annotations

import re

__all__ = ["in_running_text"]

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
    },
}
"""Names that differ from the locale's label in more than the rules below, by language."""


def in_running_text(code: str, label: str, language: str) -> str:
    """The name of the country ``code`` inside a sentence of a letter in ``language``, its
    locale's ``label`` for it amended: "the Netherlands", "Bosnia and Herzegovina", "Saint
    Lucia", «Демократична Республіка Конго»."""
    name = NAMES.get(language, {}).get(code, label)
    if language != "en":
        return name
    name = re.sub(r"^St\.? ", "Saint ", name.replace(" & ", " and "))
    return f"the {name}" if code in THE else name
