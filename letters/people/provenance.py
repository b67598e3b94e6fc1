"""What an import from the European Parliament's lists read for each person, and how a
re-import uses it to tell the EP's changes from a person's hand corrections.

Every person imported from an EP list carries an ``imported:`` record of the values the
last import read (``name``, ``given``, ``family``, ``country``, ``group``, ``party``,
``email``, ``gender``). On the next import, for each of those fields:

* the directory holds what was imported: the EP's new value replaces it (*updated*);
* the directory holds something else: someone corrected it by hand, and it is kept
  (*kept*, and the report says what the EP says now);
* a person with no record (typed by hand, like the sample's signatories) is treated as
  corrected by hand in every field that differs, and only gains the fields it lacks.

The record is then set to what the EP says now, so a correction stays kept until the EP
itself changes to agree with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap

from letters.people import groups

TRACKED = ("name", "given", "family", "country", "group", "party", "email", "gender")
"""The fields an EP list gives, in the order of the ``imported:`` record."""

SHOWN = {"name": "name.en", "given": "parts.en.given", "family": "parts.en.family"}
"""How a tracked field is named in the report: its path in the directory entry."""

ORDER = (
    "id",
    "ep_id",
    "gender",
    "language",
    "country",
    "tags",
    "email",
    "name",
    "parts",
    "group",
    "party",
    "imported",
    "roles",
)
"""The order of a directory entry's keys, which an import keeps when it adds one (before
the roles: a key added after them would land after the blank line closing the entry)."""


@dataclass
class Merged:
    """What a re-import did to one person: fields updated, and fields kept as corrected by
    hand with what the list says now."""

    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def put(entry: CommentedMap, key: str, value: Any) -> None:
    """Set ``key``; a new key goes where :data:`ORDER` puts it, not at the end."""
    if key in entry or key not in ORDER:
        entry[key] = value
        return
    before = ORDER[: ORDER.index(key)]
    position = max((i + 1 for i, k in enumerate(entry) if k in before), default=0)
    entry.insert(position, key, value)


def source_values(person: dict[str, Any]) -> dict[str, str]:
    """The tracked values of a person as an importer built them from the list."""
    parts = person.get("parts", {}).get("en", {})
    group = groups.of_labels(person.get("group"))
    values = {
        "name": person.get("name", {}).get("en"),
        "given": parts.get("given"),
        "family": parts.get("family"),
        "country": person.get("country"),
        "group": group.id if group else (person.get("group") or {}).get("en"),
        "party": person.get("party"),
        "email": person.get("email"),
        "gender": person.get("gender"),
    }
    return {k: v for k, v in values.items() if v}


NOTE = "what the last import read; a field you correct is kept by the next"


def stamp(entry: CommentedMap, values: dict[str, str]) -> None:
    """Set the ``imported:`` record of ``entry`` to ``values``, with a note saying why."""
    put(entry, "imported", CommentedMap((k, values[k]) for k in TRACKED if k in values))
    entry.yaml_add_eol_comment(NOTE, "imported")


def _current(entry: CommentedMap, name: str) -> str | None:
    if name == "name":
        return (entry.get("name") or {}).get("en")
    if name in ("given", "family"):
        return ((entry.get("parts") or {}).get("en") or {}).get(name)
    if name == "group":
        labels = entry.get("group")
        group = groups.of_labels(labels)
        return group.id if group else (labels or {}).get("en")
    value = entry.get(name)
    return None if value is None else str(value)


def _set(entry: CommentedMap, name: str, value: str, languages: Iterable[str]) -> None:
    if name == "name":
        if not isinstance(entry.get("name"), dict):
            put(entry, "name", CommentedMap())
        entry["name"]["en"] = value
    elif name in ("given", "family"):
        if not isinstance(entry.get("parts"), dict):
            put(entry, "parts", CommentedMap())
        if not isinstance(entry["parts"].get("en"), dict):
            entry["parts"]["en"] = CommentedMap()
        entry["parts"]["en"][name] = value
    elif name == "group":
        group = groups.find(value)
        labels = groups.labels(group, languages) if group else {"en": value}
        put(entry, "group", CommentedMap(labels))
    else:
        put(entry, name, value)


def merge(entry: CommentedMap, person: dict[str, Any], languages: Iterable[str]) -> Merged:
    """Bring ``entry`` (a person in a directory file) up to date with ``person`` as an EP
    list gives them now, keeping every field corrected by hand; update the record."""
    new = source_values(person)
    old = dict(entry.get("imported") or {})
    done = Merged()
    languages = list(languages)
    for name in TRACKED:
        value = new.get(name)
        if value is None:
            continue  # this list does not give it (the XML has no e-mail, the JSON no party)
        current = _current(entry, name)
        if current == value:
            continue
        shown = SHOWN.get(name, name)
        if current is None or (name in old and current == str(old[name])):
            _set(entry, name, value, languages)
            done.updated.append(shown)
        else:
            done.kept.append(f"{shown} (corrected by hand; the list says '{_said(name, value)}')")
    if person.get("ep_id") is not None and entry.get("ep_id") != person["ep_id"]:
        put(entry, "ep_id", person["ep_id"])
        done.updated.append("ep_id")
    tags = list(entry.get("tags") or [])
    added = [t for t in person.get("tags", []) if t not in tags]
    if added:
        put(entry, "tags", tags + added)
        done.updated.append("tags")
    before = {k: str(v) for k, v in old.items()}
    if {**before, **new} != before:
        stamp(entry, {**before, **new})
    return done


def _said(name: str, value: str) -> str:
    group = groups.find(value) if name == "group" else None
    return group.label if group else value
