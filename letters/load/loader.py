"""Load a workspace: every file parsed, every problem collected before stopping once."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from babel import Locale, UnknownLocaleError
from pydantic import BaseModel, ValidationError

from letters.errors import Problem, WorkspaceError, problems_error
from letters.load.models import (
    Case,
    DirectoryFile,
    LetterDef,
    LettersFile,
    Person,
    WorkspaceConfig,
)
from letters.load.yamlio import Document, Loc, YamlProblem, is_field_name, load

CONFIG = "workspace.yaml"
M = TypeVar("M", bound=BaseModel)


@dataclass
class CaseEntry:
    id: str
    case: Case
    label: str
    doc: Document


@dataclass(eq=False)
class LetterEntry:
    definition: LetterDef
    case_id: str
    label: str
    doc: Document
    index: int

    @property
    def id(self) -> str:
        return self.definition.id

    def where(self, *loc: str | int) -> tuple[int | None, str]:
        full: Loc = ("letters", self.index, *loc)
        return self.doc.line_of(full), format_loc(full)


@dataclass(eq=False)
class PersonEntry:
    person: Person
    label: str
    doc: Document
    index: int

    def where(self, *loc: str | int) -> tuple[int | None, str]:
        full: Loc = ("people", self.index, *loc)
        return self.doc.line_of(full), format_loc(full)


@dataclass
class Workspace:
    root: Path
    config: WorkspaceConfig
    people: dict[str, PersonEntry] = field(default_factory=dict)
    cases: dict[str, CaseEntry] = field(default_factory=dict)
    letters: dict[str, LetterEntry] = field(default_factory=dict)
    templates: dict[str, Path] = field(default_factory=dict)
    email_texts: dict[str, Path] = field(default_factory=dict)  # templates/<name>.email.txt

    def locale(self, lang: str) -> Locale:
        return Locale.parse(self.config.languages[lang])

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def format_loc(loc: Loc) -> str:
    """``people[2].roles[0].title``; a key that is not a field name is not shown (it may be
    private text written where a key belongs)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + (str(part) if is_field_name(str(part)) else "(text)")
    return out


# --- pydantic errors into problems -------------------------------------------

_YAML_KINDS = {
    "bool": "a true/false value (unquoted yes, no, on, off, true and false are booleans in YAML)",
    "int": "a number (a leading 0 makes YAML read it as an octal number)",
    "float": "a number",
    "date": "a date",
    "datetime": "a date and time",
    "null": "an empty value",
}


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes an annotation may hold, through Annotated, unions, lists, dicts."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _unwrap(args[0])
    if origin in (typing.Union, types.UnionType):
        return [m for arg in args for m in _unwrap(arg)]
    if origin in (list, dict):
        return _unwrap(args[-1])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def _keys_at(model: type[BaseModel], loc: Loc) -> list[str]:
    current: list[type[BaseModel]] = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        nxt: list[type[BaseModel]] = []
        for cls in current:
            for name, info in cls.model_fields.items():
                if part in (name, info.alias):
                    nxt.extend(_unwrap(info.annotation))
        if not nxt:
            # a dict key such as a language code: stay on the same models
            continue
        current = nxt
    return sorted(
        {info.alias or name for cls in current for name, info in cls.model_fields.items()}
    )


def _message(error: Any, model: type[BaseModel], doc: Document) -> str:
    kind = error["type"]
    loc: Loc = tuple(error["loc"])
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _keys_at(model, loc[:-1])
        if not is_field_name(key):
            hint = "'text: ...'" if "text" in allowed else f"one of: {', '.join(allowed)}"
            return f"text written where a field name belongs; did you mean {hint}?"
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = (
            f"; did you mean '{close[0]}'?" if close else f"; expected one of: {', '.join(allowed)}"
        )
        return f"unknown field '{key}'{hint}"
    if kind == "missing":
        return "field required"
    if kind == "string_type":
        yaml_kind = doc.kinds.get(loc)
        if yaml_kind in _YAML_KINDS:
            return (
                f"expected text, but YAML read this unquoted value as {_YAML_KINDS[yaml_kind]};"
                " put the value in quotes"
            )
        return "expected text"
    if kind == "literal_error":
        return f"must be one of: {error['ctx']['expected']}".replace("'", "")
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        return (
            error["msg"]
            if kind == "date_type" and "YYYY" in error["msg"]
            else ("expected a date written as YYYY-MM-DD")
        )
    if kind == "bool_type":
        return "expected true or false"
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        want = "a list" if kind == "list_type" else "a mapping of keys to values"
        return f"expected {want}"
    if kind == "too_short":
        return "must not be empty"
    return str(error["msg"])


def validate(model: type[M], doc: Document, root: Loc = ()) -> tuple[M | None, list[Problem]]:
    data = doc.data
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_input=False, include_url=False):
            loc = (*root, *error["loc"])
            problems.append(
                Problem(doc.label, doc.line_of(loc), format_loc(loc), _message(error, model, doc))
            )
        return None, problems


# --- loading -----------------------------------------------------------------


def _load_model(
    path: Path, label: str, model: type[M]
) -> tuple[M | None, Document | None, list[Problem]]:
    try:
        doc = load(path, label)
    except YamlProblem as exc:
        return None, None, [exc.problem]
    if doc.data is None:
        return None, doc, [Problem(label, None, "", "the file is empty")]
    value, problems = validate(model, doc)
    return value, doc, problems


def find_root(path: Path) -> Path:
    root = path.resolve()
    if not (root / CONFIG).is_file():
        raise WorkspaceError(
            f"{path} is not a letters workspace: it has no {CONFIG}."
            f" Run 'letters init {path}' to create one, or pass --workspace."
        )
    return root


def load_workspace(path: Path) -> tuple[Workspace | None, list[Problem]]:
    """Parse every file of the workspace at ``path``; return it with every problem found."""
    root = find_root(path)
    config, _doc, problems = _load_model(root / CONFIG, CONFIG, WorkspaceConfig)
    if config is None:
        return None, problems
    for lang, ident in config.languages.items():
        line = _doc.line_of(("languages", lang)) if _doc else None
        try:
            locale = Locale.parse(ident) if re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", ident) else None
        except (UnknownLocaleError, ValueError):
            locale = None
        if locale is None:
            problems.append(
                Problem(
                    CONFIG,
                    line,
                    f"languages.{lang}",
                    "unknown locale; use an identifier such as uk_UA",
                )
            )
        elif locale.language != lang:
            problems.append(
                Problem(
                    CONFIG,
                    line,
                    f"languages.{lang}",
                    f"the locale is for '{locale.language}', not '{lang}'",
                )
            )
    if config.source_language not in config.languages:
        problems.append(Problem(CONFIG, None, "source_language", "must be one of the languages"))
    ws = Workspace(root=root, config=config)
    directory_complete = True

    for path_ in sorted((root / "recipients").glob("*.yaml")):
        label = ws.rel(path_)
        directory, doc, found = _load_model(path_, label, DirectoryFile)
        problems += found
        directory_complete = directory_complete and not found
        if directory is None or doc is None:
            continue
        for index, person in enumerate(directory.people):
            entry = PersonEntry(person, label, doc, index)
            if person.id in ws.people:
                first = ws.people[person.id]
                line, where = entry.where("id")
                problems.append(
                    Problem(
                        label,
                        line,
                        where,
                        f"duplicate person id '{person.id}' (also in {first.label}"
                        f":{first.where('id')[0]})",
                    )
                )
                continue
            ws.people[person.id] = entry

    for stray in sorted([*root.glob("recipients/*.yml"), *root.glob("cases/*/*.yml")]):
        problems.append(
            Problem(
                ws.rel(stray), None, "", "files are read only with the .yaml extension; rename it"
            )
        )
    for case_dir in sorted(p for p in (root / "cases").glob("*") if p.is_dir()):
        case_id = case_dir.name
        if not re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?", case_id):
            problems.append(
                Problem(
                    ws.rel(case_dir),
                    None,
                    "",
                    "a case folder's name is its id: use lowercase Latin letters,"
                    " digits and hyphens",
                )
            )
            continue
        case_path = case_dir / "case.yaml"
        label = ws.rel(case_path)
        if not case_path.is_file():
            problems.append(Problem(ws.rel(case_dir), None, "", "a case folder needs a case.yaml"))
            continue
        case, doc, found = _load_model(case_path, label, Case)
        problems += found
        if case is not None and doc is not None:
            ws.cases[case_id] = CaseEntry(case_id, case, label, doc)
        letters_path = case_dir / "letters.yaml"
        if letters_path.is_file():
            llabel = ws.rel(letters_path)
            letters, ldoc, found = _load_model(letters_path, llabel, LettersFile)
            problems += found
            if letters is None or ldoc is None:
                continue
            for index, letter in enumerate(letters.letters):
                lentry = LetterEntry(letter, case_id, llabel, ldoc, index)
                if letter.id in ws.letters:
                    line, where = lentry.where("id")
                    problems.append(
                        Problem(
                            llabel,
                            line,
                            where,
                            f"duplicate letter id '{letter.id}' (also in"
                            f" {ws.letters[letter.id].label})",
                        )
                    )
                    continue
                ws.letters[letter.id] = lentry

    for template in sorted((root / "templates").glob("*.docx")):
        if not template.name.startswith("~$"):  # Word's lock files
            ws.templates[template.stem] = template
    for text in sorted((root / "templates").glob("*.email.txt")):
        ws.email_texts[text.name.removesuffix(".email.txt")] = text

    problems += list(cross_check(ws, check_people=directory_complete))
    return ws, problems


def cross_check(ws: Workspace, check_people: bool = True) -> Iterator[Problem]:
    """References between files: ids, languages, templates.

    References to people are checked only when every directory file loaded,
    so one broken file does not bury its own error under a list of echoes.
    """
    langs = set(ws.config.languages)
    for entry in ws.people.values():
        person = entry.person
        if person.language not in langs:
            line, where = entry.where("language")
            yield Problem(entry.label, line, where, _unknown_language(person.language, langs))
    for entry_ in ws.cases.values():
        source_ids = {s.id for s in entry_.case.sources}
        for i, event in enumerate(entry_.case.timeline):
            for j, sid in enumerate(event.sources):
                if sid not in source_ids:
                    loc: Loc = ("timeline", i, "sources", j)
                    yield Problem(
                        entry_.label,
                        entry_.doc.line_of(loc),
                        format_loc(loc),
                        _unknown("source", sid, source_ids),
                    )
        ask_ids = [a.id for a in entry_.case.asks]
        for dup in {a for a in ask_ids if ask_ids.count(a) > 1}:
            yield Problem(entry_.label, None, "asks", f"duplicate ask id '{dup}'")
    for letter in ws.letters.values():
        d = letter.definition
        if d.template not in ws.templates:
            line, where = letter.where("template")
            yield Problem(
                letter.label,
                line,
                where,
                _unknown("template", d.template, set(ws.templates))
                + f" (looked for templates/{d.template}.docx)",
            )
        if isinstance(d.languages, list):
            for i, lang in enumerate(d.languages):
                if lang not in langs:
                    line, where = letter.where("languages", i)
                    yield Problem(letter.label, line, where, _unknown_language(lang, langs))
        case = ws.cases.get(letter.case_id)
        if case is not None and d.asks is not None:
            ask_ids_set = {a.id for a in case.case.asks}
            for i, ask in enumerate(d.asks):
                if ask not in ask_ids_set:
                    line, where = letter.where("asks", i)
                    yield Problem(letter.label, line, where, _unknown("ask", ask, ask_ids_set))
        for key in ("recipients", "signatories") if check_people else ():
            spec = getattr(d, key)
            for i, pid in enumerate(spec.ids):
                if pid not in ws.people:
                    line, where = letter.where(key, "ids", i)
                    yield Problem(
                        letter.label, line, where, _unknown("person", pid, set(ws.people))
                    )


def _unknown(what: str, value: str, known: set[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown {what} '{value}'{hint}"


def _unknown_language(lang: str, known: set[str]) -> str:
    return (
        f"unknown language '{lang}'; this workspace writes in {', '.join(sorted(known))}"
        f" (add it under 'languages' in {CONFIG})"
    )


def open_workspace(path: Path) -> Workspace:
    """Load the workspace or raise one error listing every problem in it."""
    ws, problems = load_workspace(path)
    errors = [p for p in problems if not p.warning]
    if errors or ws is None:
        raise problems_error(errors)
    return ws
