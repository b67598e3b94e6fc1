"""Import people from the lists NGOs really use, into a directory file.

Sources: the European Parliament's MEP list (XML), the EP Open Data API's JSON,
and CSV saved by Excel or Google Sheets (UTF-8, UTF-8 with BOM or
Windows-1251; comma, semicolon or tab). A person already in the directory (by
EP id, else by id) is updated where they are, and the report says what changed;
from an EP list, a field corrected by hand is kept
(:mod:`letters.people.provenance`). Nothing is written unless the whole import
is valid.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from letters.errors import LettersError, Problem, problems_error
from letters.files.atomic import refuse_read_only
from letters.files.lock import workspace_lock
from letters.files.together import Rewrites
from letters.load.loader import PersonEntry, WorkspaceData
from letters.load.models import DirectoryFile, Person
from letters.load.references import unknown_language
from letters.load.validation import validate, validate_data
from letters.load.yamlio import YamlProblem, format_loc, load_text
from letters.load.yamllimits import MAX_YAML_BYTES
from letters.load.yamlwrite import dump_like, round_trip
from letters.people import groups
from letters.people.import_checks import (
    address_kept,
    default_language_notes,
    formula_cells,
    kept_language_notes,
    named_as_formula,
    signatories,
    without_formulas,
)
from letters.people.provenance import ORDER, merge, put, source_values, stamp
from letters.people.role_forms import merge_role_forms
from letters.people.sources import (
    Row,
    country_code,
    read_source,
    split_full_name,
    surname_in_prose,
)

MEP_TITLE = {"en": "Member of the European Parliament"}
MEP_INSTITUTION = {"en": "European Parliament"}


@dataclass
class ImportReport:
    """What an import did to the directory: people added (to ``target``), updated, kept as
    corrected by hand, unchanged; ``written`` the files it wrote."""

    target: Path
    added: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)
    kept: dict[str, list[str]] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


# --- turning rows into people --------------------------------------------------------


def _group(name: str, languages: list[str]) -> dict[str, str]:
    """A group as the directory holds it: a known one by its labels in every language."""
    group = groups.find(name)
    return groups.labels(group, languages) if group else {"en": name}


MAX_EP_ID_DIGITS = 9
"""The digits an MEP id may have: the European Parliament's have 1 to 6."""


def _ep_person(row: Row, label: str, languages: list[str]) -> dict[str, Any]:
    d = row.data
    # only 0-9: str.isdigit() passes '١٢' (read as 12) and '²' (which int() refuses)
    if not re.fullmatch(r"[0-9]+", d.get("ep_id", "")):
        raise LettersError(f"{row.at(label)}: missing or non-numeric MEP id")
    if len(d["ep_id"]) > MAX_EP_ID_DIGITS:  # int() refuses thousands of digits
        raise LettersError(
            f"{row.at(label)}: an MEP id of {len(d['ep_id']):,} digits, more than the"
            f" {MAX_EP_ID_DIGITS} an import takes (import limit; the European Parliament's"
            " have up to 6)"
        )
    country = country_code(d["country"], row.at(label)) if d.get("country") else None
    if d.get("given") or d.get("family"):
        given, family = d.get("given", ""), surname_in_prose(d.get("family", ""), country)
    else:
        given, family = split_full_name(d.get("full_name", ""), country)
    person: dict[str, Any] = {
        "id": f"ep-{int(d['ep_id'])}",
        "ep_id": int(d["ep_id"]),
        "name": {"en": f"{given} {family}".strip()},
        "parts": {"en": {"given": given, "family": family}},
        "tags": ["mep"],
        "roles": [{"title": dict(MEP_TITLE), "institution": dict(MEP_INSTITUTION)}],
    }
    if country:
        person["country"] = country
    for key in ("email", "gender", "party"):
        if d.get(key):
            person[key] = d[key]
    if d.get("group"):
        person["group"] = _group(d["group"], languages)
    return person


def _csv_person(row: Row, label: str, languages: list[str]) -> dict[str, Any]:
    d = row.data
    name = d.get("name") or f"{d.get('given_name', '')} {d.get('family_name', '')}".strip()
    person: dict[str, Any] = {"id": d.get("id", ""), "name": {"en": name}}
    if d.get("language"):
        person["language"] = d["language"]
    if d.get("given_name") and d.get("family_name"):
        person["parts"] = {"en": {"given": d["given_name"], "family": d["family_name"]}}
    for key in ("gender", "email", "party"):
        if d.get(key):
            person[key] = d[key]
    if d.get("country"):
        person["country"] = country_code(d["country"], row.at(label))
    if d.get("tags"):
        person["tags"] = re.split(r"[\s,;|]+", d["tags"].strip())  # as spreadsheets join them
    if d.get("group"):
        person["group"] = _group(d["group"], languages)
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
    people: list[tuple[Row, dict[str, Any]]], label: str, languages: list[str], default: str
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
                    unknown_language(str(lang), languages, person=True),
                )
            )
        pid = str(person.get("id", ""))
        if pid and pid in seen:  # an empty id is refused on its own: a second says nothing more
            fix = (
                "delete one of the two rows, or give each an id of their own if they are two people"
                if row.line is not None
                else "delete one of them"
            )
            said = f"duplicate person '{pid}' (also {seen[pid]}): {fix}"
            problems.append(Problem(label, row.line, row.where, said))
        seen.setdefault(pid, _row_place(row))
        _person, errors = validate_data(Person, {"language": default, **person})
        for loc, message in errors:
            where = f"{row.where} {format_loc(loc)}".strip()
            problems.append(Problem(label, row.line, where, message))
    return problems


def _row_place(row: Row) -> str:
    return f"line {row.line}" if row.line else row.where


# --- merging into the directory files ------------------------------------------------------

MERGED_KEYS = ("name", "parts", "country", "group", "party", "email", "gender", "language")


def _merge(existing: CommentedMap, person: dict[str, Any]) -> list[str]:
    """A person from a CSV into their entry: the CSV is the user's own list, so what it
    says now replaces what the entry says."""
    changed = []
    for key in MERGED_KEYS:
        if key not in person:
            continue
        new = person[key]
        if isinstance(new, dict):
            current = existing.get(key)
            if not isinstance(current, dict):
                put(existing, key, CommentedMap())
                current = existing[key]
            for lang, value in new.items():
                if current.get(lang) != value:
                    current[lang] = value
                    changed.append(f"{key}.{lang}")
        elif existing.get(key) != new:
            put(existing, key, new)
            changed.append(key)
    tags = list(existing.get("tags") or [])
    added_tags = [t for t in person.get("tags", []) if t not in tags]
    if added_tags:
        put(existing, "tags", tags + added_tags)
        changed.append("tags")
    return changed


@dataclass
class _File:
    """A directory file being changed: its round-trip data and its text before."""

    path: Path
    data: Any
    original: str


def _load_file(ws: WorkspaceData, path: Path) -> _File:
    """The directory file to import into, checked like any other, with its text."""
    label = ws.rel(path)
    if not path.is_file():
        return _File(path, CommentedMap({"people": []}), "")
    try:
        text = path.read_bytes().decode("utf-8")
        doc = load_text(text, label)
    except UnicodeDecodeError:
        raise LettersError(f"{label}: not UTF-8 text") from None
    except YamlProblem as exc:
        raise LettersError(str(exc.problem)) from None
    _value, found = validate(DirectoryFile, doc)
    if found:
        raise problems_error(found, f"{label}; nothing was imported")
    data = round_trip().load(text)
    if data.get("people") is None:
        data["people"] = []
    return _File(path, data, text)


def _match(ws: WorkspaceData, person: dict[str, Any]) -> PersonEntry | None:
    """The person of the directory an imported one is: by EP id, else by id."""
    ep_id = person.get("ep_id")
    if ep_id is not None:
        for entry in ws.people.values():
            if entry.person.ep_id == ep_id:
                return entry
    return ws.people.get(str(person.get("id")))


def _target(ws: WorkspaceData, given: Path) -> Path:
    """The directory file ``--into`` names, named as given (a link by its own name, as
    review --confirm names it), to be written through. A relative path is a workspace file
    as the tool names it everywhere (recipients/imported.yaml), so it is read from the
    workspace, wherever the command runs; or from the current folder where only that reading
    leads into recipients/ (a path the shell completed): the two readings differ only
    outside the workspace's own folder, and there at most one of them can."""
    folder = (ws.root / "recipients").resolve()
    readings = [given] if given.is_absolute() else [ws.root / given, Path.cwd() / given]
    for reading in readings:
        target = reading.parent.resolve() / reading.name
        if target.suffix == ".yaml" and target.parent == folder:
            return target
    # a folder (recipients itself) or a name that is all suffix (.yaml) has no name to keep
    folder_given = any(reading.is_dir() for reading in readings)
    usable = given.stem and not given.stem.startswith(".") and not folder_given
    name = given.stem if usable and given.suffix in (".yaml", ".yml", "") else "imported"
    raise LettersError(
        f"--into must name a .yaml file in the workspace's recipients/ folder, not {given}:"
        f" give --into recipients/{name}.yaml (a relative path is read from the workspace"
        " folder)"
    )


def _duplicate_emails(
    ws: WorkspaceData, imported: list[tuple[Row, str, Any]], label: str
) -> list[Problem]:
    """A problem for each imported person whose e-mail address, ignoring case and Unicode
    normalisation, another person of the directory (or of the list) has after the import."""
    mine = {pid for _row, pid, _entry in imported}
    owners: dict[str, tuple[str, str]] = {}  # address -> (person, where they stand)
    for entry in ws.people.values():
        if entry.person.email and entry.person.id not in mine:
            where = f"{entry.label}:{entry.where('email')[0]}"
            owners.setdefault(_email_key(entry.person.email), (entry.person.id, where))
    problems = []
    for row, pid, entry in imported:
        if not entry.get("email"):
            continue
        place = (pid, f"{label} {_row_place(row)}")
        other, where = owners.setdefault(_email_key(str(entry["email"])), place)
        if other != pid:
            message = f"the same e-mail address as {other} ({where})"
            problems.append(Problem(label, row.line, f"{row.where} email".strip(), message))
    return problems


def _email_key(address: str) -> str:
    return unicodedata.normalize("NFC", address).casefold()


def import_people(
    ws: WorkspaceData,
    source: Path,
    into: Path | None = None,
    fmt: str | None = None,
    encoding: str | None = None,
    language: str | None = None,
) -> ImportReport:
    """Import ``source`` into the directory: people already there (by EP id, else by id)
    are updated in the file that holds them, new ones added to ``into`` (default
    recipients/imported.yaml); ``language`` (default en) is that of people added whom the
    source gives none."""
    given_language, language = language, language or "en"
    label = source.name
    kind, rows = read_source(source, label, fmt, encoding)
    if not rows:
        expected = {"ep-xml": "<mep> elements", "ep-json": "entries under 'data'"}.get(
            kind, "rows under the header"
        )
        raise LettersError(f"{label}: no people found (expected {expected})")
    ep = kind.startswith("ep-")
    formulas = [] if ep else formula_cells(rows, label)
    languages = list(ws.config.languages)
    make = _ep_person if ep else _csv_person
    people = [(row, make(row if ep else without_formulas(row), label, languages)) for row in rows]
    # in the workspace's order: a set's would name them in another order each run
    problems = formulas + [
        problem
        for problem in _validate_people(people, label, languages, language)
        if not named_as_formula(problem, formulas)
    ]
    if problems:
        raise problems_error(problems, f"{label}; the directory was not changed")
    target = _target(ws, into if into is not None else Path("recipients", "imported.yaml"))
    files: dict[Path, _File] = {}

    def file(path: Path) -> _File:
        same = path.resolve()  # a link and its file are one file to change
        if same not in files:
            files[same] = _load_file(ws, path)
        return files[same]

    report = ImportReport(target)
    imported: list[tuple[Row, str, Any]] = []
    found_people: list[tuple[dict[str, Any], PersonEntry]] = []
    signing = signatories(ws)
    for row, person in people:
        found = _match(ws, person)
        if found is not None and (signing is None or found.person.id in signing):
            person, why = address_kept(found, person)
            if why:
                report.kept.setdefault(found.person.id, []).append(why)
        if found is None:
            entry = _as_map({"language": language, **person})
            if ep:
                stamp(entry, source_values(person))
            file(target).data["people"].append(entry)
            imported.append((row, person["id"], entry))
            _added(report, person, ep)
        else:
            entry = file(ws.root / found.label).data["people"][found.index]
            imported.append((row, found.person.id, entry))
            found_people.append((person, found))
            _updated(report, found.person.id, entry, person, languages if ep else None)
    problems = _duplicate_emails(ws, imported, label)
    if problems:
        raise problems_error(problems, f"{label}; the directory was not changed")
    report.notes += default_language_notes(people, report.added, language, ws.rel(target), ep=ep)
    report.notes += kept_language_notes(found_people, given_language, ep=ep)
    _write(ws, list(files.values()), report)
    return report


def _added(report: ImportReport, person: dict[str, Any], ep: bool) -> None:
    report.added.append(person["id"])
    if ep and person.get("group") and not groups.of_labels(person["group"]):
        report.notes.append(
            f"{person['id']}: the political group '{person['group']['en']}' is not"
            " one letters knows; it is kept as the list names it"
        )


def _updated(
    report: ImportReport,
    pid: str,
    entry: CommentedMap,
    person: dict[str, Any],
    languages: list[str] | None,
) -> None:
    """Merge ``person`` into their ``entry``: from an EP list (``languages`` given) keeping
    hand corrections, from a CSV taking what it says."""
    if languages is not None:
        merged = merge(entry, person, languages)
        changed, kept = merged.updated, merged.kept
    else:
        changed, kept = _merge(entry, person), []
    title = person["roles"][0]["title"].get("en")
    held = [r.get("title", {}).get("en") for r in entry.get("roles", [])]
    if title and title not in held:
        # counted apart from the changes: the directory keeps its roles as they were
        report.notes.append(
            f"{pid}: no role of theirs has the title '{title}' the source gives; roles are"
            " not changed by an import, edit them by hand"
        )
    elif title and languages is None:
        changed.extend(merge_role_forms(report.notes, pid, entry, person))
    if changed:
        report.updated[pid] = changed
    if kept:
        report.kept.setdefault(pid, []).extend(kept)
    if not changed and pid not in report.kept:
        report.unchanged.append(pid)


def _write(ws: WorkspaceData, changed: list[_File], report: ImportReport) -> None:
    """Write every changed file, once each is checked as a valid directory file."""
    texts = []
    for item in changed:
        text = dump_like(item.data, item.original)
        # a file too large to be read again would take the whole directory down with it
        if len(text.encode("utf-8")) > MAX_YAML_BYTES:
            raise LettersError(
                f"{ws.rel(item.path)}: after the import it would be larger than"
                f" {MAX_YAML_BYTES // 2**20} MiB (YAML limit), too large to be read again; the"
                " directory was not changed: import the list in parts, each into a file of its"
                " own (--into recipients/<name>.yaml)"
            )
        # The result must be a valid directory file before it replaces the old one.
        _value, found = validate(DirectoryFile, load_text(text, ws.rel(item.path)))
        if found:
            raise problems_error(
                found, f"{ws.rel(item.path)} after the import; the directory was not changed"
            )
        if text != item.original:
            texts.append((item.path, text))
    with workspace_lock(ws.root, "recipients import"):
        refuse_read_only(
            [p for p, _ in texts], "letters recipients import", ws.rel, "directory file"
        )
        # each file is written under a temporary name before any replaces its file: one
        # that cannot be written (its folder may not be written) leaves them all as they were
        with Rewrites(
            ws.rel, within=ws.root, what="directory file", command="letters recipients import"
        ) as rewrites:
            for path, text in texts:
                rewrites.write(path, text.encode("utf-8"))  # its mode kept
            rewrites.commit()
        report.written.extend(path for path, _ in texts)


def _as_map(person: dict[str, Any]) -> CommentedMap:
    out = CommentedMap()
    for key in ORDER:
        if key in person:
            out[key] = person[key]
    return out


def report_lines(report: ImportReport) -> Iterator[str]:
    """The lines ``letters recipients import`` prints: each change, then the counts."""
    for pid in report.added:
        yield f"added {pid}"
    for pid, fields in report.updated.items():
        yield f"updated {pid}: {', '.join(fields)}"
    for pid, fields in report.kept.items():
        yield f"kept {pid}: {', '.join(fields)}"
    yield from report.notes
    total = len(report.added) + len(set(report.updated) | set(report.kept) | set(report.unchanged))
    changed = len(report.updated)
    read = f"{total} {'person' if total == 1 else 'people'} read"
    yield (
        f"{read}: {len(report.added)} added, {changed} updated,"
        f" {total - len(report.added) - changed} unchanged"
    )
