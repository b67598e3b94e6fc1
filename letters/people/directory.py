"""The directory of people: list a selection, review derived forms, confirm them.

Confirming writes the derived forms into the person's directory file as typed
forms, through a round-trip YAML writer that keeps the file's comments and
layout; nothing else in the file changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from letters.errors import LettersError
from letters.files.atomic import atomic_write_bytes
from letters.files.lock import workspace_lock
from letters.load.loader import PersonEntry, WorkspaceData
from letters.load.models import SelectionSpec
from letters.load.yamlio import dump_like, round_trip
from letters.people.forms import forms_for
from letters.tables import format_table


def select(ws: WorkspaceData, spec: SelectionSpec) -> list[PersonEntry]:
    """People matching every key given in ``spec``, in directory order."""
    chosen = []
    for entry in ws.people.values():
        p = entry.person
        if spec.ids and p.id not in spec.ids:
            continue
        if spec.tags and not set(spec.tags) & set(p.tags):
            continue
        if spec.countries and p.country not in spec.countries:
            continue
        if spec.languages and p.language not in spec.languages:
            continue
        if spec.groups and not _matches(p.group, spec.groups):
            continue
        if spec.institutions and not any(
            _matches(r.institution, spec.institutions) for r in p.roles
        ):
            continue
        chosen.append(entry)
    only_ids = not (
        spec.tags or spec.countries or spec.languages or spec.groups or spec.institutions
    )
    if spec.ids and only_ids:
        order = {pid: i for i, pid in enumerate(spec.ids)}
        chosen.sort(key=lambda e: order[e.person.id])
    return chosen


def _matches(names: dict[str, str] | None, wanted: list[str]) -> bool:
    """A group or institution matches by its name in any language, ignoring case."""
    if not names:
        return False
    have = {name.casefold() for name in names.values()}
    return any(w.casefold() in have for w in wanted)


def people_table(entries: list[PersonEntry]) -> str:
    """The table ``letters recipients list`` prints: one person a line, then the count."""
    header = ("id", "name", "title", "country", "group", "language")
    rows = []
    for entry in entries:
        p = entry.person
        title = p.roles[-1].title.get("en") or next(iter(p.roles[-1].title.values()))
        group = (p.group or {}).get("en", "")
        rows.append(
            (
                p.id,
                p.name.get("en") or next(iter(p.name.values())),
                title,
                p.country or "",
                group,
                p.language,
            )
        )
    table = format_table(header, rows, max_width=40)
    return f"{table}\n{len(rows)} {'person' if len(rows) == 1 else 'people'}"


@dataclass(frozen=True)
class DerivedForm:
    """A form of a person's role derived by a declension library, with where it belongs."""

    person: str
    label: str
    index: int  # the person's position in its file
    role: int
    lang: str
    field: str  # "address" or "salutation"
    value: str | list[str]

    def __str__(self) -> str:
        shown = " / ".join(self.value) if isinstance(self.value, list) else self.value
        return f"{self.person} roles[{self.role}].{self.field}.{self.lang}: {shown}"


def derived_forms(ws: WorkspaceData, ids: list[str]) -> list[DerivedForm]:
    """Every form of the given people (all people if none) that is derived, not typed."""
    unknown = [i for i in ids if i not in ws.people]
    if unknown:
        raise LettersError(
            f"unknown person '{unknown[0]}'; 'letters recipients list' shows who"
            " is in the directory"
        )
    out = []
    for entry in (ws.people[i] for i in ids) if ids else ws.people.values():
        for r, role in enumerate(entry.person.roles):
            for lang in ws.config.languages:
                forms = forms_for(entry.person, role, lang)
                for name, value in forms.derived.items():
                    out.append(
                        DerivedForm(entry.person.id, entry.label, entry.index, r, lang, name, value)
                    )
    return out


def review(ws: WorkspaceData, ids: list[str], confirm: bool = False) -> list[DerivedForm]:
    """List derived forms; with ``confirm``, write them into the directory files as typed."""
    forms = derived_forms(ws, ids)
    if confirm and forms:
        by_file: dict[str, list[DerivedForm]] = {}
        for form in forms:
            by_file.setdefault(form.label, []).append(form)
        with workspace_lock(ws.root, "recipients review --confirm"):
            for label, items in by_file.items():
                _write_forms(ws.root / label, items)
    return forms


def _write_forms(path: Path, forms: list[DerivedForm]) -> None:
    original = path.read_text(encoding="utf-8")
    data = round_trip().load(original)
    owners: dict[int, int] = {}
    for form in forms:
        role = data["people"][form.index]["roles"][form.role]
        if owners.setdefault(id(role), form.index) != form.index:
            raise LettersError(
                f"{path.name}: people[{form.index}] shares its roles with"
                f" people[{owners[id(role)]}] through a YAML anchor; a confirmed name would be"
                " written for both. Give each person their own roles, then confirm again."
            )
        if form.field not in role:
            role[form.field] = CommentedMap()
        if isinstance(form.value, list):
            value = CommentedSeq(form.value)
            value.fa.set_flow_style()
            role[form.field][form.lang] = value
        else:
            role[form.field][form.lang] = form.value
    atomic_write_bytes(path, dump_like(data, original).encode("utf-8"))
