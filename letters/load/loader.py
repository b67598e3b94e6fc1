"""Load a workspace: every file parsed, every problem collected before stopping once."""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from babel import Locale, UnknownLocaleError
from pydantic import BaseModel

from letters.errors import Problem, WorkspaceError, problems_error
from letters.load.models import (
    Case,
    DirectoryFile,
    LetterDef,
    LettersFile,
    Person,
    WorkspaceConfig,
)
from letters.load.validation import format_loc, validate
from letters.load.yamlio import Document, Loc, YamlProblem, load
from letters.people import groups
from letters.people.name_check import name_mismatches
from letters.render.images import ImageFile, read_image

CONFIG = "workspace.yaml"
M = TypeVar("M", bound=BaseModel)


@dataclass
class CaseEntry:
    """One case as loaded: its id (the folder's name), its facts and its file."""

    id: str
    case: Case
    label: str
    doc: Document


@dataclass(eq=False)
class LetterEntry:
    """One letter of a ``letters.yaml``, with the case it is about and where it stands."""

    definition: LetterDef
    case_id: str
    label: str
    doc: Document
    index: int

    @property
    def id(self) -> str:
        """The letter's id."""
        return self.definition.id

    def where(self, *loc: str | int) -> tuple[int | None, str]:
        """The line and field path of ``loc`` inside this letter's definition."""
        full: Loc = ("letters", self.index, *loc)
        return self.doc.line_of(full), format_loc(full)


@dataclass(eq=False)
class PersonEntry:
    """One person of the directory, with the file and position they were read from."""

    person: Person
    label: str
    doc: Document
    index: int

    def where(self, *loc: str | int) -> tuple[int | None, str]:
        """The line and field path of ``loc`` inside this person's entry."""
        full: Loc = ("people", self.index, *loc)
        return self.doc.line_of(full), format_loc(full)


@dataclass
class WorkspaceData:
    """Everything a workspace's files hold, parsed and checked: what the pipeline works on.

    The library's front door is :class:`letters.Workspace`; its ``data`` is one of these.
    """

    root: Path
    config: WorkspaceConfig
    people: dict[str, PersonEntry] = field(default_factory=dict)
    cases: dict[str, CaseEntry] = field(default_factory=dict)
    letters: dict[str, LetterEntry] = field(default_factory=dict)
    templates: dict[str, Path] = field(default_factory=dict)
    email_texts: dict[str, Path] = field(default_factory=dict)  # templates/<name>.email.txt
    fingerprint: str = ""  # of every input file, taken before they were parsed
    images: dict[str, ImageFile] = field(default_factory=dict)  # every image named, read once

    def locale(self, lang: str) -> Locale:
        """The locale dates and lists are written with in ``lang``."""
        return Locale.parse(self.config.languages[lang])

    def rel(self, path: Path) -> str:
        """``path`` relative to the workspace, as problems name files."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


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
    """The workspace ``path`` is in, resolved: the nearest folder from ``path`` up that holds
    workspace.yaml (a command run in ``cases/akhmetova`` finds it, as git finds .git); raise
    if there is none."""
    start = path.resolve()
    for root in (start, *start.parents):
        if (root / CONFIG).is_file():
            return root
    raise WorkspaceError(
        f"{path} is not in a letters workspace: neither it nor a folder above it has"
        f" {CONFIG}. Run 'letters init {path}' to create one, or pass --workspace."
    )


def input_files(root: Path) -> Iterator[Path]:
    """Every file letters are made from: workspace.yaml, the directory, cases, templates,
    translations."""
    yield root / CONFIG
    for folder in ("recipients", "cases", "templates", "locales"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():  # hidden ones too: a directory file may start with a dot
                yield path


def fingerprint(root: Path) -> str:
    """A hash of every input file's name and content: equal fingerprints, equal inputs."""
    digest = hashlib.sha256()
    for path in input_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()


def load_workspace(path: Path) -> tuple[WorkspaceData | None, list[Problem]]:
    """Parse every file of the workspace at ``path``; return it with every problem found."""
    root = find_root(path)
    taken = fingerprint(root)  # first: a file changed while parsing shows as a mismatch later
    config, problems, letterhead_gaps = load_config(root)
    if config is None:
        return None, problems
    ws = WorkspaceData(root=root, config=config, fingerprint=taken)
    found, directory_complete = load_directory(ws)
    problems += found
    problems += name_mismatches(ws)
    problems += load_images(ws)
    problems += stray_files(ws)
    problems += load_cases(ws)
    # a language no letter is written in yet (just added) needs no letterhead form yet
    written = _written_languages(ws)
    problems += [problem for lang, problem in letterhead_gaps if lang in written]
    find_templates(ws)
    problems += cross_check(ws, check_people=directory_complete)
    return ws, problems


def _written_languages(ws: WorkspaceData) -> set[str]:
    """The languages some letter may be written in (``preferred``: anyone's language)."""
    anyone = {entry.person.language for entry in ws.people.values()}
    return {
        lang
        for letter in ws.letters.values()
        for lang in (
            letter.definition.languages if isinstance(letter.definition.languages, list) else anyone
        )
    }


def load_config(
    root: Path,
) -> tuple[WorkspaceConfig | None, list[Problem], list[tuple[str, Problem]]]:
    """``workspace.yaml``: its model, with every language's locale checked; and, by
    language, the letterhead's missing forms (a problem where a letter is in it)."""
    config, doc, problems = _load_model(root / CONFIG, CONFIG, WorkspaceConfig)
    if config is None:
        return None, problems, []
    for lang, ident in config.languages.items():
        line = doc.line_of(("languages", lang)) if doc else None
        why = _locale_problem(lang, ident)
        if why is not None:
            problems.append(Problem(CONFIG, line, f"languages.{lang}", why))
    if config.source_language not in config.languages:
        problems.append(Problem(CONFIG, None, "source_language", "must be one of the languages"))
    head = config.letterhead
    given: dict[str, dict[str, Any]] = {"name": head.name, "address": head.address} if head else {}
    gaps = []
    for key, forms in given.items():
        for lang in [lang for lang in config.languages if forms and lang not in forms]:
            line = doc.line_of(("letterhead", key)) if doc else None
            why = f"no '{lang}' form; the letterhead needs one in every language letters are in"
            gaps.append((lang, Problem(CONFIG, line, f"letterhead.{key}", why)))
    return config, problems, gaps


def load_images(ws: WorkspaceData) -> list[Problem]:
    """Every image the workspace names — signatures, the letterhead's logo — read and
    checked once, into ``ws.images``."""
    named = [
        (entry.person.signature_image, entry.label, *entry.where("signature_image"))
        for entry in ws.people.values()
        if entry.person.signature_image
    ]
    logo = ws.config.letterhead.logo if ws.config.letterhead else None
    if logo:
        named.append((logo, CONFIG, None, "letterhead.logo"))
    problems: list[Problem] = []
    for rel, label, line, where in named:
        if rel not in ws.images:
            try:
                ws.images[rel] = read_image(ws.root, rel)
            except WorkspaceError as exc:
                if label == CONFIG:  # its line is looked up only when needed
                    line = load(ws.root / CONFIG, CONFIG).line_of(("letterhead", "logo"))
                problems.append(Problem(label, line, where, str(exc)))
    return problems


def _locale_problem(lang: str, ident: str) -> str | None:
    try:
        locale = Locale.parse(ident) if re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", ident) else None
    except (UnknownLocaleError, ValueError):
        locale = None
    if locale is None:
        return "unknown locale; use an identifier such as uk_UA"
    if locale.language != lang:
        return f"the locale is for '{locale.language}', not '{lang}'"
    return None


def load_directory(ws: WorkspaceData) -> tuple[list[Problem], bool]:
    """Every ``recipients/*.yaml`` into ``ws.people``; the problems, and whether every file
    loaded (references to people are checked only then)."""
    problems: list[Problem] = []
    complete = True
    for path in sorted((ws.root / "recipients").glob("*.yaml")):
        label = ws.rel(path)
        directory, doc, found = _load_model(path, label, DirectoryFile)
        problems += found
        complete = complete and not found
        if directory is None or doc is None:
            continue
        for index, person in enumerate(directory.people):
            entry = PersonEntry(person, label, doc, index)
            first = ws.people.get(person.id)
            if first is None:
                ws.people[person.id] = entry
                continue
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
    return problems, complete


def stray_files(ws: WorkspaceData) -> Iterator[Problem]:
    """A problem for each .yml file where a .yaml one is read."""
    for stray in sorted([*ws.root.glob("recipients/*.yml"), *ws.root.glob("cases/*/*.yml")]):
        yield Problem(
            ws.rel(stray), None, "", "files are read only with the .yaml extension; rename it"
        )


def load_cases(ws: WorkspaceData) -> list[Problem]:
    """Every ``cases/<case>/`` into ``ws.cases`` and its letters into ``ws.letters``."""
    problems: list[Problem] = []
    for case_dir in sorted(p for p in (ws.root / "cases").glob("*") if p.is_dir()):
        if not re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?", case_dir.name):
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
        if not case_path.is_file():
            problems.append(Problem(ws.rel(case_dir), None, "", "a case folder needs a case.yaml"))
            continue
        label = ws.rel(case_path)
        case, doc, found = _load_model(case_path, label, Case)
        problems += found
        if case is not None and doc is not None:
            ws.cases[case_dir.name] = CaseEntry(case_dir.name, case, label, doc)
        if (case_dir / "letters.yaml").is_file():
            problems += _load_letters(ws, case_dir.name, case_dir / "letters.yaml")
    return problems


def _load_letters(ws: WorkspaceData, case_id: str, path: Path) -> list[Problem]:
    label = ws.rel(path)
    letters, doc, problems = _load_model(path, label, LettersFile)
    if letters is None or doc is None:
        return problems
    for index, letter in enumerate(letters.letters):
        entry = LetterEntry(letter, case_id, label, doc, index)
        first = ws.letters.get(letter.id)
        if first is None:
            ws.letters[letter.id] = entry
            continue
        line, where = entry.where("id")
        problems.append(
            Problem(
                label, line, where, f"duplicate letter id '{letter.id}' (also in {first.label})"
            )
        )
    return problems


def find_templates(ws: WorkspaceData) -> None:
    """The Word templates and e-mail texts in ``templates/``, by name."""
    for template in sorted((ws.root / "templates").glob("*.docx")):
        if not template.name.startswith("~$"):  # Word's lock files
            ws.templates[template.stem] = template
    for text in sorted((ws.root / "templates").glob("*.email.txt")):
        ws.email_texts[text.name.removesuffix(".email.txt")] = text


def cross_check(ws: WorkspaceData, check_people: bool = True) -> list[Problem]:
    """References between files: ids, languages, templates.

    References to people are checked only when every directory file loaded,
    so one broken file does not bury its own error under a list of echoes.
    """
    return [
        *_check_people(ws),
        *_check_cases(ws),
        *(p for letter in ws.letters.values() for p in _check_letter(ws, letter, check_people)),
    ]


def _check_people(ws: WorkspaceData) -> Iterator[Problem]:
    """Each person reads a language of the workspace, and has an e-mail address (compared
    ignoring case and Unicode normalisation: one inbox, one person) and an EP id of their
    own (an import finds people by it)."""
    langs = set(ws.config.languages)
    owners: dict[tuple[str, str], PersonEntry] = {}
    for entry in ws.people.values():
        if entry.person.language not in langs:
            line, where = entry.where("language")
            yield Problem(entry.label, line, where, _unknown_language(entry.person.language, langs))
        email, ep_id = entry.person.email, entry.person.ep_id
        for key, value in (
            ("email", unicodedata.normalize("NFC", email).casefold() if email else None),
            ("ep_id", str(ep_id) if ep_id else None),
        ):
            first = owners.setdefault((key, value), entry) if value else entry
            if first is not entry:
                line, where = entry.where(key)
                yield Problem(
                    entry.label,
                    line,
                    where,
                    f"the same {'e-mail address' if key == 'email' else 'EP id'} as"
                    f" {first.person.id} ({first.label}:{first.where(key)[0]})",
                )


def _check_cases(ws: WorkspaceData) -> Iterator[Problem]:
    """Each event cites sources of its case; ask ids are unique."""
    for entry in ws.cases.values():
        source_ids = {s.id for s in entry.case.sources}
        citing: list[tuple[str, list[Any]]] = [
            ("background", entry.case.background),
            ("timeline", entry.case.timeline),
        ]
        for key, items in citing:
            for i, item in enumerate(items):
                for j, sid in enumerate(item.sources):
                    if sid not in source_ids:
                        loc: Loc = (key, i, "sources", j)
                        yield Problem(
                            entry.label,
                            entry.doc.line_of(loc),
                            format_loc(loc),
                            unknown_value("source", sid, source_ids),
                        )
        c = entry.case
        for key, items in (
            *citing,
            ("risks", c.risks),
            ("instruments", c.instruments),
            ("asks", c.asks),
        ):
            ids = [item.id for item in items if item.id is not None]
            for dup in sorted({a for a in ids if ids.count(a) > 1}):
                yield Problem(entry.label, None, key, f"duplicate id '{dup}'")


CHOSEN = (
    ("background", "paragraph"),
    ("timeline", "event"),
    ("risks", "risk"),
    ("instruments", "instrument"),
    ("asks", "ask"),
)
"""The parts of a case a letter chooses by id (``asks: [suspend]``), each with what one
item of it is called in a message."""


def _check_letter(ws: WorkspaceData, letter: LetterEntry, check_people: bool) -> Iterator[Problem]:
    """A letter's template, languages, asks, risks, instruments and (with ``check_people``)
    people exist."""
    d = letter.definition
    langs = set(ws.config.languages)
    if d.template not in ws.templates:
        line, where = letter.where("template")
        yield Problem(
            letter.label,
            line,
            where,
            unknown_value("template", d.template, set(ws.templates))
            + f" (looked for templates/{d.template}.docx)",
        )
    for i, lang in enumerate(d.languages if isinstance(d.languages, list) else []):
        if lang not in langs:
            line, where = letter.where("languages", i)
            yield Problem(letter.label, line, where, _unknown_language(lang, langs))
    case = ws.cases.get(letter.case_id)
    if case is not None:
        for key, what in CHOSEN:
            chosen: list[str] | None = getattr(d, key)
            known = {item.id for item in getattr(case.case, key) if item.id is not None}
            for i, wanted in enumerate(chosen or []):
                if wanted not in known:
                    line, where = letter.where(key, i)
                    yield Problem(letter.label, line, where, unknown_value(what, wanted, known))
    for key in ("recipients", "signatories") if check_people else ():
        for i, pid in enumerate(getattr(d, key).ids):
            if pid not in ws.people:
                line, where = letter.where(key, "ids", i)
                yield Problem(
                    letter.label, line, where, unknown_value("person", pid, set(ws.people))
                )
        for i, name in enumerate(getattr(d, key).groups):
            why = groups.unknown(name, (e.person.group for e in ws.people.values()))
            if why is not None:
                line, where = letter.where(key, "groups", i)
                yield Problem(letter.label, line, where, why)


def unknown_value(what: str, value: str, known: set[str]) -> str:
    """The words for a value nobody knows, with the closest known one as a suggestion."""
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown {what} '{value}'{hint}"


def _unknown_language(lang: str, known: set[str]) -> str:
    return (
        f"unknown language '{lang}'; this workspace writes in {', '.join(sorted(known))}"
        f" (add it under 'languages' in {CONFIG})"
    )


def load_checked(path: Path) -> WorkspaceData:
    """Load the workspace at ``path``, or raise one error listing every problem in it."""
    ws, problems = load_workspace(path)
    errors = [p for p in problems if not p.warning]
    if errors or ws is None:
        raise problems_error(errors)
    return ws
