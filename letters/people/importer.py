"""Import people from the lists NGOs really use, into a directory file.

Sources: the European Parliament's MEP list (XML), the EP Open Data API's JSON,
and CSV saved by Excel or Google Sheets (UTF-8, UTF-8 with BOM or
Windows-1251; comma, semicolon or tab). Re-importing updates people by id and
reports what changed; fields typed by hand (Ukrainian and Russian forms, tags)
are kept. Nothing is written unless the whole import is valid.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from letters.errors import LettersError, Problem, problems_error
from letters.files.atomic import atomic_write_bytes
from letters.files.lock import workspace_lock
from letters.load.loader import WorkspaceData
from letters.load.models import DirectoryFile, Person
from letters.load.validation import format_loc, validate, validate_data
from letters.load.yamlio import YamlProblem, dump_like, load_text, round_trip
from letters.people.sources import Row, country_code, read_source

MEP_TITLE = {"en": "Member of the European Parliament"}
MEP_INSTITUTION = {"en": "European Parliament"}


@dataclass
class ImportReport:
    """What an import did to the directory file ``target``: people added, updated, unchanged."""

    target: Path
    added: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)


# --- turning rows into people --------------------------------------------------------


def _ep_person(row: Row, label: str, language: str) -> dict[str, Any]:
    d = row.data
    if not d.get("ep_id", "").isdigit():
        raise LettersError(f"{label}:{row.line}: missing or non-numeric MEP id")
    person: dict[str, Any] = {
        "id": f"ep-{d['ep_id']}",
        "name": {"en": f"{d['given']} {d['family']}".strip()},
        "parts": {"en": {"given": d["given"], "family": d["family"]}},
        "tags": ["mep"],
        "roles": [{"title": dict(MEP_TITLE), "institution": dict(MEP_INSTITUTION)}],
    }
    if d.get("country"):
        person["country"] = country_code(d["country"], f"{label}:{row.line}")
    if d.get("group"):
        person["group"] = {"en": d["group"]}
    if d.get("email"):
        person["email"] = d["email"]
    if d.get("gender"):
        person["gender"] = d["gender"]
    return person


def _csv_person(row: Row, label: str, language: str) -> dict[str, Any]:
    d = row.data
    name = d.get("name") or f"{d.get('given_name', '')} {d.get('family_name', '')}".strip()
    person: dict[str, Any] = {"id": d.get("id", ""), "name": {"en": name}}
    if d.get("language"):
        person["language"] = d["language"]
    if d.get("given_name") and d.get("family_name"):
        person["parts"] = {"en": {"given": d["given_name"], "family": d["family_name"]}}
    for key in ("gender", "email"):
        if d.get(key):
            person[key] = d[key]
    if d.get("country"):
        person["country"] = country_code(d["country"], f"{label}:{row.line}")
    if d.get("tags"):
        person["tags"] = d["tags"].replace(",", " ").split()
    if d.get("group"):
        person["group"] = {"en": d["group"]}
    for key, value in d.items():  # name_uk, title_ru, group_uk ...
        match = re.fullmatch(r"(name|group)_([a-z]{2,3})", key)
        if match and value:
            person.setdefault(match.group(1), {})[match.group(2)] = value
    title = {"en": d["title"]} if d.get("title") else {}
    institution = {"en": d["institution"]} if d.get("institution") else {}
    for key, value in d.items():
        match = re.fullmatch(r"(title|institution)_([a-z]{2,3})", key)
        if match and value:
            (title if match.group(1) == "title" else institution)[match.group(2)] = value
    person["roles"] = [{"title": title, "institution": institution}]
    return person


def _validate_people(
    people: list[tuple[Row, dict[str, Any]]], label: str, languages: set[str], default: str
) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for row, person in people:
        lang = person.get("language", default)
        if lang not in languages:
            problems.append(
                Problem(
                    label,
                    row.line,
                    f"{row.where} language".strip(),
                    f"unknown language '{lang}'; this workspace writes in"
                    f" {', '.join(sorted(languages))}",
                )
            )
        pid = str(person.get("id", ""))
        if pid in seen:
            problems.append(
                Problem(label, row.line, row.where, f"duplicate person '{pid}' (also {seen[pid]})")
            )
        seen.setdefault(pid, f"line {row.line}" if row.line else row.where)
        _person, errors = validate_data(Person, {"language": default, **person})
        for loc, message in errors:
            where = f"{row.where} {format_loc(loc)}".strip()
            problems.append(Problem(label, row.line, where, message))
    return problems


# --- merging into the directory file ------------------------------------------------------

MERGED_KEYS = ("name", "parts", "country", "group", "email", "gender", "language")


def _merge(existing: CommentedMap, person: dict[str, Any]) -> list[str]:
    changed = []
    for key in MERGED_KEYS:
        if key not in person:
            continue
        new = person[key]
        if isinstance(new, dict):
            current = existing.get(key)
            if not isinstance(current, dict):
                existing[key] = CommentedMap()
                current = existing[key]
            for lang, value in new.items():
                if current.get(lang) != value:
                    current[lang] = value
                    changed.append(f"{key}.{lang}")
        elif existing.get(key) != new:
            existing[key] = new
            changed.append(key)
    tags = list(existing.get("tags") or [])
    added_tags = [t for t in person.get("tags", []) if t not in tags]
    if added_tags:
        existing["tags"] = tags + added_tags
        changed.append("tags")
    return changed


def _load_target(ws: WorkspaceData, target: Path) -> tuple[Any, str]:
    """The directory file to import into, checked like any other, with its text."""
    label = ws.rel(target)
    if target.suffix != ".yaml" or target.parent != (ws.root / "recipients").resolve():
        raise LettersError(f"--into must name a .yaml file in recipients/, not {label}")
    if not target.is_file():
        return CommentedMap({"people": []}), ""
    try:
        text = target.read_bytes().decode("utf-8")
        doc = load_text(text, label)
    except UnicodeDecodeError:
        raise LettersError(f"{label}: not UTF-8 text") from None
    except YamlProblem as exc:
        raise LettersError(str(exc.problem)) from None
    _value, found = validate(DirectoryFile, doc)
    if found:
        raise problems_error(found, f"{label}; nothing was imported")
    return round_trip().load(text), text


def import_people(
    ws: WorkspaceData,
    source: Path,
    into: Path | None = None,
    fmt: str | None = None,
    encoding: str | None = None,
    language: str = "en",
) -> ImportReport:
    """Import ``source`` into the directory file ``into`` (default recipients/imported.yaml)."""
    label = source.name
    kind, rows = read_source(source, label, fmt, encoding)
    if not rows:
        expected = {"ep-xml": "<mep> elements", "ep-json": "entries under 'data'"}.get(
            kind, "rows under the header"
        )
        raise LettersError(f"{label}: no people found (expected {expected})")
    make = _ep_person if kind.startswith("ep-") else _csv_person
    people = [(row, make(row, label, language)) for row in rows]
    problems = _validate_people(people, label, set(ws.config.languages), language)
    target = (into if into is not None else ws.root / "recipients" / "imported.yaml").resolve()
    for _row, person in people:
        other = ws.people.get(str(person.get("id")))
        if other is not None and (ws.root / other.label).resolve() != target:
            problems.append(
                Problem(
                    label,
                    _row.line,
                    _row.where,
                    f"person '{person['id']}' is already in {other.label};"
                    f" import into that file with --into {other.label}",
                )
            )
    if problems:
        raise problems_error(problems, f"{label}; the directory was not changed")
    data, original = _load_target(ws, target)
    entries = data.setdefault("people", [])
    by_id = {str(e.get("id")): e for e in entries}
    report = ImportReport(target)
    for _row, person in people:
        pid = person["id"]
        if pid in by_id:
            changed = _merge(by_id[pid], person)
            title = person["roles"][0]["title"].get("en")
            held = [r.get("title", {}).get("en") for r in by_id[pid].get("roles", [])]
            if title and title not in held:
                changed.append(
                    f"(title in the source: '{title}'; roles are not changed by"
                    " an import, edit them by hand)"
                )
            if changed:
                report.updated[pid] = changed
            else:
                report.unchanged.append(pid)
        else:
            entries.append(_as_map({"language": language, **person}))
            report.added.append(pid)
    text = dump_like(data, original)
    # The result must be a valid directory file before it replaces the old one.
    _value, found = validate(DirectoryFile, load_text(text, ws.rel(target)))
    if found:
        raise problems_error(found, f"{ws.rel(target)} after the import; it was not changed")
    with workspace_lock(ws.root, "recipients import"):
        atomic_write_bytes(target, text.encode("utf-8"))
    return report


def _as_map(person: dict[str, Any]) -> CommentedMap:
    order = (
        "id",
        "gender",
        "language",
        "country",
        "tags",
        "email",
        "name",
        "parts",
        "group",
        "roles",
    )
    out = CommentedMap()
    for key in order:
        if key in person:
            out[key] = person[key]
    return out


def report_lines(report: ImportReport) -> Iterator[str]:
    """The lines ``letters recipients import`` prints: each change, then the counts."""
    for pid in report.added:
        yield f"added {pid}"
    for pid, fields in report.updated.items():
        yield f"updated {pid}: {', '.join(fields)}"
    total = len(report.added) + len(report.updated) + len(report.unchanged)
    yield (
        f"{total} people read: {len(report.added)} added, {len(report.updated)} updated,"
        f" {len(report.unchanged)} unchanged"
    )
