"""The directory of people: list a selection, review derived forms, confirm them.

Review lists every derived form with its grade, the riskiest first; confirming writes
the derived forms into the person's directory file as typed forms, inserting only their
lines (:mod:`letters.people.typed_forms`): nothing else in the file changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from letters.errors import LettersError
from letters.files.atomic import refuse_read_only
from letters.files.lock import workspace_lock
from letters.files.together import Rewrites
from letters.load.loader import PersonEntry, WorkspaceData
from letters.load.models import SelectionSpec
from letters.load.references import unknown_person
from letters.people import groups
from letters.people.forms import forms_for
from letters.people.grading import GRADES, Grade
from letters.people.typed_forms import insert_forms
from letters.tables import format_table

CONFIRM = "letters recipients review --confirm"


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
        if spec.groups and not groups.selects(p.group, spec.groups):
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
    """An institution matches by its name in any language, ignoring case."""
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
    """A form of a person's role derived from their name's parts, with its grade and
    where it belongs; ``value`` is None for a form to type (graded *type it*)."""

    person: str
    label: str
    index: int  # the person's position in its file
    role: int
    lang: str
    field: str  # "address" or "salutation"
    value: str | list[str] | None
    grade: Grade = "certain"
    reasons: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        """``maliuska roles[0].address.uk``."""
        return f"{self.person} roles[{self.role}].{self.field}.{self.lang}"

    def __str__(self) -> str:
        if self.value is None:
            return f"{self.where}: not derived; type it in {self.label}"
        shown = " / ".join(self.value) if isinstance(self.value, list) else self.value
        return f"{self.where}: {shown}"


def derived_forms(ws: WorkspaceData, ids: list[str]) -> list[DerivedForm]:
    """Every form of the given people (all people if none) that is derived, not typed, or
    that cannot be derived and must be typed: the riskiest first (*type it*, then *check*,
    then *certain*), in directory order within a grade."""
    unknown = [i for i in ids if i not in ws.people]
    if unknown:
        raise LettersError(unknown_person(unknown[0], ws.people))
    out = []
    for entry in (ws.people[i] for i in ids) if ids else ws.people.values():
        for r, role in enumerate(entry.person.roles):
            for lang in ws.config.languages:
                forms = forms_for(entry.person, role, lang)
                for name, found in [*forms.untyped.items(), *forms.derived.items()]:
                    out.append(
                        DerivedForm(
                            entry.person.id,
                            entry.label,
                            entry.index,
                            r,
                            lang,
                            name,
                            found.value,
                            found.grade,
                            found.reasons,
                        )
                    )
    return sorted(out, key=lambda form: GRADES.index(form.grade))


def review(
    ws: WorkspaceData,
    ids: list[str],
    confirm: bool = False,
    grades: Sequence[Grade] = GRADES,
) -> list[DerivedForm]:
    """List the derived forms (and those to type) of the given grades; with ``confirm``,
    write the derived ones into the directory files as typed forms, touching nothing else
    in them."""
    forms = [form for form in derived_forms(ws, ids) if form.grade in grades]
    written = [form for form in forms if form.value is not None]
    if confirm and written:
        by_file: dict[str, list[DerivedForm]] = {}
        for form in written:
            by_file.setdefault(form.label, []).append(form)
        with workspace_lock(ws.root, "recipients review --confirm"):
            texts = {}
            for label, items in by_file.items():  # every file checked before one is written
                path = ws.root / label
                original = path.read_bytes()
                bom = original.startswith(b"\xef\xbb\xbf")
                text = original.decode("utf-8-sig")
                texts[path] = (bom, insert_forms(text, label, items))
            refuse_read_only(texts, CONFIRM, ws.rel, "directory file")
            # all the files change or none: each is written under a temporary name before
            # any replaces its file
            with Rewrites(
                ws.rel, within=ws.root, what="directory file", command=CONFIRM
            ) as rewrites:
                for path, (bom, text) in texts.items():
                    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
                    rewrites.write(path, data)  # its mode kept, a link written through
                rewrites.commit()
    return forms


def review_lines(forms: list[DerivedForm], confirmed: bool = False) -> list[str]:
    """What ``letters recipients review`` prints: each form with its grade (and why, unless
    certain), then a count by grade and what to do."""
    lines = []
    for form in forms:
        lines.append(f"{form.grade:<8} {form}")
        lines += [f"{'':8}   because {reason}" for reason in form.reasons]
    if not forms:
        return [
            "No derived forms to review. A form a letter needs and nobody typed or could"
            " derive is an error of 'letters check'."
        ]
    count = {g: sum(1 for f in forms if f.grade == g) for g in GRADES}
    said = ", ".join(
        f"{n} {'to type' if g == 'type it' else 'to check' if g == 'check' else g}"
        for g, n in count.items()
        if n
    )
    written = len(forms) - count["type it"]
    if confirmed:
        lines.append(
            f"{said}. Confirmed {written} form{'s' if written != 1 else ''}; they are typed"
            " in the directory now." + (" Type the others by hand." if count["type it"] else "")
        )
    else:
        lines.append(
            f"{said}. Type the forms that cannot be derived in the directory file; check"
            " each derived form and correct a wrong one by typing it, or run again with"
            " --confirm to accept them (--only certain --confirm: only the certain ones)."
        )
    return lines
