"""Import people from the lists NGOs really use, into a directory file.

Sources: the European Parliament's MEP list (XML), the EP Open Data API's JSON,
and CSV saved by Excel or Google Sheets (UTF-8, UTF-8 with BOM or
Windows-1251; comma, semicolon or tab). Re-importing updates people by id and
reports what changed; fields typed by hand (Ukrainian and Russian forms, tags)
are kept. Nothing is written unless the whole import is valid.
"""

from __future__ import annotations

import csv
import functools
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
from ruamel.yaml.comments import CommentedMap

from letters.errors import LettersError, Problem, problems_error
from letters.files.atomic import atomic_write_bytes
from letters.files.lock import workspace_lock
from letters.load.loader import Workspace, format_loc, open_workspace, validate
from letters.load.models import DirectoryFile, Person
from letters.load.yamlio import YamlProblem, dump_like, load_text, round_trip

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
            return data.decode(encoding).removeprefix("\ufeff")
        except (UnicodeDecodeError, LookupError):
            raise LettersError(f"{label}: cannot be read as {encoding}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1251", errors="replace")
    mixed = re.search(
        r"[A-Za-z][А-Яа-яЁёІіЇїЄєҐґЎў]|[А-Яа-яЁёІіЇїЄєҐґЎў][A-Za-z]"
        r"|[а-яёіїєґў][А-ЯЁІЇЄҐЎ]",  # upper case inside a word: KOI8 or another code page
        text,
    )
    if "\ufffd" in text or mixed or not re.search(r"[А-Яа-яІіЇїЄє]", text):
        raise LettersError(
            f"{label}: cannot tell the text encoding: it is not UTF-8, and read as Windows-1251"
            " it would not read as words. Save it as UTF-8"
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


# Names CLDR used before it renamed these countries: files exported by older tools (or
# typed by people) still carry them, and CLDR may rename again in any Babel release.
_FORMER_NAMES = {
    "czech republic": "CZ",
    "turkey": "TR",
    "turkiye": "TR",
    "macedonia": "MK",
    "republic of north macedonia": "MK",
    "swaziland": "SZ",
    "cape verde": "CV",
    "the netherlands": "NL",
    "burma": "MM",
    "ivory coast": "CI",
}


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    names = dict(_FORMER_NAMES)
    for code, name in Locale("en").territories.items():
        if re.fullmatch(r"[A-Z]{2}", code):
            names[str(name).casefold()] = str(code)
    return names


def _country_code(value: str, where: str) -> str:
    value = value.strip()
    if re.fullmatch(r"[A-Z]{2}", value):
        return value
    code = _country_names().get(value.casefold())
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
    if re.search(rb"<!DOCTYPE|<!ENTITY", data, re.IGNORECASE):
        raise LettersError(
            f"{label}: XML with a DOCTYPE is refused (it can define entities);"
            " the European Parliament's list has none"
        )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise LettersError(f"{label}:{exc.lineno}: not well-formed XML ({exc.msg})") from None
    rows = []
    for mep in root.iter("{*}mep"):  # with or without a namespace

        def text(tag: str, mep: Any = mep) -> str:
            node = mep.find(f"{{*}}{tag}")
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
    items = parsed.get("data") if isinstance(parsed, dict) else parsed
    if not isinstance(items, list):
        raise LettersError(f"{label}: expected the people as a list under 'data'")
    rows = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise LettersError(f"{label} data[{index}]: expected an object")

        def get(*keys: str, item: dict[str, Any] = item, index: int = index) -> str:
            for key in keys:
                value = item.get(key)
                if isinstance(value, int) and not isinstance(value, bool):
                    return str(value)
                if isinstance(value, str) and value.strip():
                    return value.strip()
                if value not in (None, ""):
                    raise LettersError(f"{label} data[{index}].{key}: expected one text value")
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
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        duplicated = sorted({h for h in header if h and header.count(h) > 1})
        if duplicated:
            raise LettersError(f"{label}:1: the column '{duplicated[0]}' appears twice")
        for column in CSV_REQUIRED:
            if column not in header:
                raise LettersError(
                    f"{label}: missing column '{column}' (the header has:"
                    f" {', '.join(h for h in header if h) or 'nothing'})"
                )
        if "name" not in header and not {"given_name", "family_name"} <= set(header):
            raise LettersError(
                f"{label}: missing column 'name' (or 'given_name' and 'family_name')"
            )
        rows = []
        while True:
            line = reader.line_num + 1  # where the record starts, even if a cell spans lines
            record = next(reader, None)
            if record is None:
                break
            if not any(cell.strip() for cell in record):
                continue  # an empty row, as spreadsheets write them
            if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
                raise LettersError(f"{label}:{line}: more cells than the header has columns")
            values = {h: (v or "").strip() for h, v in zip(header, record, strict=False) if h}
            rows.append(Row("", values, line))
    except csv.Error as exc:
        raise LettersError(f"{label}:{reader.line_num}: cannot be read as CSV ({exc})") from None
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
    person: dict[str, Any] = {"id": d.get("id", ""), "name": {"en": name}}
    if d.get("language"):
        person["language"] = d["language"]
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


def _check(
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
        try:
            Person.model_validate({"language": default, **person})
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


def _load_target(ws: Workspace, target: Path) -> tuple[Any, str]:
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
    if not rows:
        expected = {"ep-xml": "<mep> elements", "ep-json": "entries under 'data'"}.get(
            kind, "rows under the header"
        )
        raise LettersError(f"{label}: no people found (expected {expected})")
    make = _ep_person if kind.startswith("ep-") else _csv_person
    people = [(row, make(row, label, language)) for row in rows]
    problems = _check(people, label, set(ws.config.languages), language)
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
    for pid in report.added:
        yield f"added {pid}"
    for pid, fields in report.updated.items():
        yield f"updated {pid}: {', '.join(fields)}"
    total = len(report.added) + len(report.updated) + len(report.unchanged)
    yield (
        f"{total} people read: {len(report.added)} added, {len(report.updated)} updated,"
        f" {len(report.unchanged)} unchanged"
    )
