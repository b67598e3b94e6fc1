"""Import people from the lists NGOs really use, into a directory file.

Sources: the European Parliament's MEP list (XML), the EP Open Data API's JSON,
and CSV saved by Excel or Google Sheets (UTF-8, UTF-8 with BOM or
Windows-1251; comma, semicolon or tab). Re-importing updates people by id and
reports what changed; fields typed by hand (Ukrainian and Russian forms, tags)
are kept. Nothing is written unless the whole import is valid.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale
from lxml import etree
from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from letters.atomic import atomic_write_bytes
from letters.errors import LettersError, Problem, problems_error
from letters.models import Person
from letters.workspace import format_loc, open_workspace

PARTICLES = {"von", "van", "der", "den", "de", "del", "della", "di", "du", "la", "le", "zu", "af"}
MEP_TITLE = {"en": "Member of the European Parliament"}
MEP_INSTITUTION = {"en": "European Parliament"}


@dataclass
class Row:
    """One person read from the source, with where it stood."""

    where: str  # "" for a line of the file, or "data[2]" in JSON
    data: dict[str, Any]
    line: int | None = None


@dataclass
class ImportReport:
    target: Path
    added: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)


# --- reading sources -----------------------------------------------------------------


def _decode(data: bytes, label: str, encoding: str | None) -> str:
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise LettersError(f"{label}: cannot be read as {encoding}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1251", errors="replace")
    mixed = re.search(r"[A-Za-z][А-Яа-яЁёІіЇїЄєҐґЎў]|[А-Яа-яЁёІіЇїЄєҐґЎў][A-Za-z]", text)
    if "\ufffd" in text or mixed or not re.search(r"[А-Яа-яІіЇїЄє]", text):
        raise LettersError(
            f"{label}: cannot tell the text encoding: it is not UTF-8, and read as Windows-1251"
            " it would mix Latin and Cyrillic letters inside words. Save it as UTF-8"
            " (Excel: 'CSV UTF-8'), or name the encoding with --encoding."
        )
    return text


def _split_full_name(full: str) -> tuple[str, str]:
    """'Petras AUŠTREVIČIUS' -> ('Petras', 'Auštrevičius'); the family name is in capitals."""
    words = full.split()
    first_upper = next(
        (i for i, w in enumerate(words) if any(c.isalpha() for c in w) and w == w.upper()),
        len(words),
    )
    given, family = words[:first_upper], words[first_upper:]
    if not family:
        return " ".join(words[:-1]), words[-1] if words else ""
    return " ".join(given), " ".join(_title_word(w) for w in family)


def _title_word(word: str) -> str:
    if word.lower() in PARTICLES:
        return word.lower()
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), word.lower())


def _country_code(value: str, where: str) -> str:
    value = value.strip()
    if re.fullmatch(r"[A-Z]{2}", value):
        return value
    names = {
        name.casefold(): code
        for code, name in Locale("en").territories.items()
        if re.fullmatch(r"[A-Z]{2}", code)
    }
    code = names.get(value.casefold())
    if code is None:
        raise LettersError(f"{where}: unknown country '{value}'")
    return str(code)


def read_ep_xml(data: bytes, label: str) -> list[Row]:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=False,
    )
    if re.search(rb"<!DOCTYPE|<!ENTITY", data[:4096], re.IGNORECASE):
        raise LettersError(
            f"{label}: XML with a DOCTYPE is refused (it can define entities);"
            " the European Parliament's list has none"
        )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise LettersError(f"{label}:{exc.lineno}: not well-formed XML ({exc.msg})") from None
    rows = []
    for mep in root.iter("mep"):

        def text(tag: str, mep: Any = mep) -> str:
            node = mep.find(tag)
            return (node.text or "").strip() if node is not None else ""

        given, family = _split_full_name(text("fullName"))
        fields = {
            "ep_id": text("id"),
            "given": given,
            "family": family,
            "country": text("country"),
            "group": text("politicalGroup"),
        }
        rows.append(Row("", fields, mep.sourceline))
    return rows


def read_ep_json(data: bytes, label: str) -> list[Row]:
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise LettersError(f"{label}{f':{line}' if line else ''}: not valid JSON") from None
    items = parsed.get("data", []) if isinstance(parsed, dict) else parsed
    if not isinstance(items, list):
        raise LettersError(f"{label}: expected a list of people under 'data'")
    rows = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise LettersError(f"{label} data[{index}]: expected an object")

        def get(*keys: str, item: dict[str, Any] = item) -> str:
            for key in keys:
                value = item.get(key)
                if isinstance(value, str) and value.strip():
                    return value.strip()
            return ""

        email = get("hasEmail", "email").removeprefix("mailto:")
        prefix = get("honorificPrefix").rstrip(".").casefold()
        gender = {"mr": "male", "ms": "female", "mrs": "female"}.get(prefix, "")
        identifier = get("identifier") or get("id").rsplit("/", 1)[-1]
        rows.append(
            Row(
                f"data[{index}]",
                {
                    "ep_id": identifier,
                    "given": get("givenName"),
                    "family": get("familyName"),
                    "country": get("api:country-of-representation", "countryOfRepresentation"),
                    "group": get("api:political-group", "politicalGroup"),
                    "email": email,
                    "gender": gender,
                },
            )
        )
    return rows


CSV_REQUIRED = ("id", "title", "institution")


def read_csv(data: bytes, label: str, encoding: str | None) -> list[Row]:
    text = _decode(data, label, encoding)
    first = text.splitlines()[0] if text else ""
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    for column in CSV_REQUIRED:
        if column not in header:
            raise LettersError(
                f"{label}: missing column '{column}' (the header has:"
                f" {', '.join(header) or 'nothing'})"
            )
    if "name" not in header and not {"given_name", "family_name"} <= set(header):
        raise LettersError(f"{label}: missing column 'name' (or 'given_name' and 'family_name')")
    rows = []
    for number, record in enumerate(reader, start=2):
        values = {k: (v or "").strip() for k, v in record.items() if k}
        if None in record:
            raise LettersError(f"{label} row {number}: more cells than the header has columns")
        rows.append(Row("", values, number))
    return rows


# --- turning rows into people --------------------------------------------------------


def _ep_person(row: Row, label: str, language: str) -> dict[str, Any]:
    d = row.data
    if not d.get("ep_id", "").isdigit():
        raise LettersError(f"{label}:{row.line}: missing or non-numeric MEP id")
    person: dict[str, Any] = {
        "id": f"ep-{d['ep_id']}",
        "name": {"en": f"{d['given']} {d['family']}".strip()},
        "parts": {"en": {"given": d["given"], "family": d["family"]}},
        "language": language,
        "tags": ["mep"],
        "roles": [{"title": dict(MEP_TITLE), "institution": dict(MEP_INSTITUTION)}],
    }
    if d.get("country"):
        person["country"] = _country_code(d["country"], f"{label}:{row.line}")
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
    person: dict[str, Any] = {
        "id": d.get("id", ""),
        "name": {"en": name},
        "language": d.get("language") or language,
    }
    if d.get("given_name") and d.get("family_name"):
        person["parts"] = {"en": {"given": d["given_name"], "family": d["family_name"]}}
    for key in ("gender", "email"):
        if d.get(key):
            person[key] = d[key]
    if d.get("country"):
        person["country"] = _country_code(d["country"], f"{label}:{row.line}")
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


def _check(people: list[tuple[Row, dict[str, Any]]], label: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for row, person in people:
        pid = str(person.get("id", ""))
        if pid in seen:
            problems.append(
                Problem(label, row.line, row.where, f"duplicate person '{pid}' (also {seen[pid]})")
            )
        seen.setdefault(pid, f"line {row.line}" if row.line else row.where)
        try:
            Person.model_validate(person)
        except ValidationError as exc:
            for error in exc.errors(include_input=False, include_url=False):
                loc = format_loc(tuple(error["loc"]))
                message = {"missing": "field required", "too_short": "must not be empty"}.get(
                    error["type"], str(error["msg"])
                )
                problems.append(Problem(label, row.line, f"{row.where} {loc}".strip(), message))
    return problems


def _rows(source: Path, label: str, fmt: str | None, encoding: str | None) -> tuple[str, list[Row]]:
    data = source.read_bytes()
    kind = fmt or {".xml": "ep-xml", ".json": "ep-json"}.get(source.suffix.lower(), "csv")
    if kind == "ep-xml":
        return kind, read_ep_xml(data, label)
    if kind == "ep-json":
        return kind, read_ep_json(data, label)
    if kind == "csv":
        return kind, read_csv(data, label, encoding)
    raise LettersError(f"unknown format '{kind}'; use ep-xml, ep-json or csv")


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


def import_people(
    workspace: Path,
    source: Path,
    into: Path | None = None,
    fmt: str | None = None,
    encoding: str | None = None,
    language: str = "en",
) -> ImportReport:
    """Import ``source`` into the directory file ``into`` (default recipients/imported.yaml)."""
    ws = open_workspace(workspace)
    label = source.name
    kind, rows = _rows(source, label, fmt, encoding)
    make = _ep_person if kind.startswith("ep-") else _csv_person
    people = [(row, make(row, label, language)) for row in rows]
    problems = _check(people, label)
    target = (into if into is not None else ws.root / "recipients" / "imported.yaml").resolve()
    target_label = ws.rel(target)
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

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    if target.is_file():
        data = yaml.load(target.read_text(encoding="utf-8")) or CommentedMap()
    else:
        data = CommentedMap()
    entries = data.setdefault("people", [])
    by_id = {str(e.get("id")): e for e in entries}
    report = ImportReport(target)
    for _row, person in people:
        pid = person["id"]
        if pid in by_id:
            changed = _merge(by_id[pid], person)
            if changed:
                report.updated[pid] = changed
            else:
                report.unchanged.append(pid)
        else:
            entries.append(_as_map(person))
            report.added.append(pid)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    # The result must be a valid directory file before it replaces the old one.
    from letters.models import DirectoryFile
    from letters.workspace import validate
    from letters.yamlio import load_text

    _value, found = validate(DirectoryFile, load_text(buffer.getvalue(), target_label))
    if found:
        raise problems_error(found, f"{target_label} after the import; it was not changed")
    atomic_write_bytes(target, buffer.getvalue().encode("utf-8"))
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
    for pid in report.added:
        yield f"added {pid}"
    for pid, fields in report.updated.items():
        yield f"updated {pid}: {', '.join(fields)}"
    total = len(report.added) + len(report.updated) + len(report.unchanged)
    yield (
        f"{total} people read: {len(report.added)} added, {len(report.updated)} updated,"
        f" {len(report.unchanged)} unchanged"
    )
