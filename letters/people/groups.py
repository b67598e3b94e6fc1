"""The political groups of the European Parliament: one canonical id each, the label shown
in each language, and every name a list or a person uses for it.

The EP names a group differently in each of its lists ("Renew Europe Group" in the XML,
"Renew" in the Open Data JSON, "EPP" in English, "PPE" in French, «ЄНП» in a Ukrainian
article). Importers write a known group as its labels (:func:`labels`); selections
(``groups: [EPP]``, ``--group PPE``) match a person by the group their labels name
(:func:`selects`), whatever name either side uses.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PoliticalGroup:
    """One group of the European Parliament."""

    id: str
    label: str  # shown under a signature in a language without its own label
    labels: Mapping[str, str]  # the EP's own abbreviation in its languages, where it differs
    aliases: tuple[str, ...]  # every other name lists and people use for it

    def label_in(self, lang: str) -> str:
        """The label shown in ``lang``: the EP's abbreviation in that language, else the
        English one (the sample's letters in Ukrainian and Russian sign "(EPP, Литва)")."""
        return self.labels.get(lang, self.label)


GROUPS = (
    PoliticalGroup(
        "epp",
        "EPP",
        {"de": "EVP", "fr": "PPE", "it": "PPE", "es": "PPE", "pt": "PPE"},
        (
            "Group of the European People's Party (Christian Democrats)",
            "European People's Party",
            "EPP Group",
            "ЄНП",
            "ЕНП",
            "ΕΛΚ",
        ),
    ),
    PoliticalGroup(
        "sd",
        "S&D",
        {},
        (
            "Group of the Progressive Alliance of Socialists and Democrats in the European"
            " Parliament",
            "Progressive Alliance of Socialists and Democrats",
            "Socialists and Democrats",
            "S&D Group",
        ),
    ),
    PoliticalGroup(
        "renew",
        "Renew Europe",
        {},
        ("Renew Europe Group", "Renew"),
    ),
    PoliticalGroup(
        "greens-efa",
        "Greens/EFA",
        {"de": "Grüne/EFA", "fr": "Verts/ALE", "it": "Verts/ALE", "es": "Verts/ALE"},
        (
            "Group of the Greens/European Free Alliance",
            "Greens/European Free Alliance",
            "Greens",
            "Verts/ALE",
            "Grüne/EFA",
        ),
    ),
    PoliticalGroup(
        "ecr",
        "ECR",
        {"de": "EKR"},
        (
            "European Conservatives and Reformists Group",
            "European Conservatives and Reformists",
            "EKR",
        ),
    ),
    PoliticalGroup(
        "id",
        "ID",
        {},
        ("Identity and Democracy Group", "Identity and Democracy"),
    ),
    PoliticalGroup(
        "left",
        "The Left",
        {"de": "Die Linke", "fr": "La Gauche"},
        (
            "The Left group in the European Parliament - GUE/NGL",
            "The Left in the European Parliament - GUE/NGL",
            "GUE/NGL",
            "GUE-NGL",
            "Left",
            "The Left - GUE/NGL",
        ),
    ),
    PoliticalGroup(
        "ni",
        "NI",
        {},
        ("Non-attached Members", "Non-attached", "Non-inscrits", "NA"),
    ),
    PoliticalGroup(
        "pfe",
        "PfE",
        {},
        ("Patriots for Europe Group", "Patriots for Europe", "Patriots"),
    ),
    PoliticalGroup(
        "esn",
        "ESN",
        {},
        ("Europe of Sovereign Nations Group", "Europe of Sovereign Nations"),
    ),
)
"""The groups of the 2019–2024 and 2024–2029 terms. A group the EP forms later imports
under the name the list gives it, and is matched by that name until it is added here."""


def key(name: str) -> str:
    """What names of a group are compared by: letters and digits only, case and Unicode
    normalisation ignored ("Greens/EFA", "GREENS_EFA" and "greens-efa" are one)."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"[\W_]+", "", folded)


@functools.lru_cache(maxsize=1)
def _by_key() -> dict[str, PoliticalGroup]:
    found: dict[str, PoliticalGroup] = {}
    for group in GROUPS:
        for name in (group.id, group.label, *group.labels.values(), *group.aliases):
            other = found.setdefault(key(name), group)
            if other is not group:  # a name must never stand for two groups
                raise AssertionError(f"'{name}' names both {other.id} and {group.id}")
    return found


def find(name: str) -> PoliticalGroup | None:
    """The group ``name`` stands for, by any of its names; None for a name not known."""
    return _by_key().get(key(name))


def of_labels(labels: Mapping[str, str] | None) -> PoliticalGroup | None:
    """The known group a person's labels (``{en: EPP, uk: EPP}``) name, if any."""
    for name in (labels or {}).values():
        group = find(name)
        if group is not None:
            return group
    return None


def labels(group: PoliticalGroup, languages: Iterable[str]) -> dict[str, str]:
    """The labels an import writes for ``group``: one for each language of the workspace."""
    return {lang: group.label_in(lang) for lang in languages}


def selects(labels: Mapping[str, str] | None, wanted: Iterable[str]) -> bool:
    """Whether a person with the group ``labels`` is in any group ``wanted``: the same
    known group by any name, or a group not known here by one of its labels."""
    if not labels:
        return False
    mine = of_labels(labels)
    have = {key(name) for name in labels.values()}
    for name in wanted:
        group = find(name)
        if (group is not None and group is mine) or key(name) in have:
            return True
    return False


def unknown(name: str, people_labels: Iterable[Mapping[str, str] | None]) -> str | None:
    """Why ``name`` selects no group — it is neither a known group nor the label of a
    group someone in the directory has — or None when it is one of those."""
    if find(name) is not None:
        return None
    used = {label for labels in people_labels for label in (labels or {}).values()}
    if key(name) in {key(label) for label in used}:
        return None
    names = [g.label for g in GROUPS] + sorted(u for u in used if find(u) is None)
    spelled = {n.casefold(): n for n in [*names, *(a for g in GROUPS for a in g.aliases)]}
    close = difflib.get_close_matches(name.casefold(), list(spelled), n=1)
    hint = f"did you mean '{spelled[close[0]]}'? " if close else ""
    return f"unknown political group '{name}'; {hint}known groups: {', '.join(names)}"
