"""Load a workspace: every file parsed, every problem collected before stopping once."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from letters.errors import Problem, WorkspaceError, problems_error
from letters.files.digest import file_sha256
from letters.files.inside import links_out, outside_message
from letters.load.below import workspaces_below_hint
from letters.load.born import births_ahead
from letters.load.encoding import FOLDER_NOT_FILE, NOT_A_FILE
from letters.load.fields import id_hint, id_written
from letters.load.language_keys import (
    language_key_problems,
    language_value_problems,
    languages_wrong,
    refused_config_key_problems,
)
from letters.load.model_file import load_model
from letters.load.models import (
    CONFIG,
    Case,
    DirectoryFile,
    LetterDef,
    LettersFile,
    Person,
    WorkspaceConfig,
)
from letters.load.overlooked import cases_without_letters, empty_directory, stray_files
from letters.load.references import cross_check
from letters.load.yamlio import Document, Loc, format_loc, load
from letters.people.name_check import name_mismatches, two_alphabet_names
from letters.render.images import ImageFile, read_image


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
    refused: list[Document] = field(default_factory=list)  # files read but refused by their model

    def locale(self, lang: str) -> Locale:
        """The locale dates and lists are written with in ``lang``."""
        return Locale.parse(self.config.languages[lang])

    def rel(self, path: Path) -> str:
        """``path`` relative to the workspace, as problems name files (a byte of a name
        that is not UTF-8 shown as "�", so that the name can be printed)."""
        return relative(self.root, path)

    def commented_out(self, key: str) -> int | None:
        """The line of workspace.yaml where the setting ``key`` is there only as a comment
        (``# key: …``, as ``letters init`` writes one to fill in), for a message asking
        for it to point at; None if it is not."""
        try:
            text = (self.root / CONFIG).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        found = re.search(rf"^#[ \t]*{re.escape(key)}[ \t]*:", text, re.MULTILINE)
        return text.count("\n", 0, found.start()) + 1 if found else None


def relative(root: Path, path: Path) -> str:
    """``path`` as problems name it: relative to the workspace ``root`` (see ``rel``)."""
    try:
        name = path.relative_to(root).as_posix()
    except ValueError:
        name = str(path)
    return os.fsencode(name).decode("utf-8", "replace")


# --- loading -----------------------------------------------------------------


def find_root(path: Path) -> Path:
    """The workspace ``path`` is in, resolved: the nearest folder from ``path`` up that holds
    workspace.yaml (a command run in ``cases/akhmetova`` finds it, as git finds .git); raise
    if there is none, saying so of a folder that does not exist. ``.``, the default, is the
    folder the command runs in: only then is passing --workspace a way out."""
    start = path.resolve()
    for root in (start, *start.parents):
        if (root / CONFIG).exists():  # a folder of that name too: its load says what it is
            return root
    if not start.exists():  # a folder named that is not there: a typo, most often
        raise WorkspaceError(
            f"{path} does not exist: check the folder's name, or run 'letters init {path}'"
            " to create a new workspace there."
        )
    here = path == Path(".")  # no folder named: where the command runs; else one named
    if start.is_dir() and any(start.iterdir()):  # 'letters init' takes only an empty folder
        where = (
            "Run the command in your workspace's folder, or pass --workspace"
            if here
            else "Name your workspace's folder instead"
        )
        hint = f"{where}; 'letters init NEW-FOLDER' creates a new workspace."
        hint = workspaces_below_hint(start, path, here) or hint
    else:
        hint = f"Run 'letters init {path}' to create one{', or pass --workspace' if here else ''}."
    shown = f"the current folder ({start})" if here else str(path)
    raise WorkspaceError(
        f"{shown} is not in a letters workspace: neither it nor a folder above it has"
        f" {CONFIG}. {hint}"
    )


def unreadable_folder(why: str) -> str:
    """What a problem says of a folder letters reads that cannot be listed (its name goes
    before it)."""
    return (
        f"cannot read the folder: {why}; letters reads every file in it, so nothing was read:"
        " give your user permission to open it (chmod u+rx)"
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
        # a name that is not UTF-8 (unzipped from a cp1251 archive) is hashed as its bytes
        digest.update(os.fsencode(path.relative_to(root).as_posix()) + b"\0")
        try:
            digest.update(file_sha256(path))
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()


def load_workspace(path: Path) -> tuple[WorkspaceData | None, list[Problem]]:
    """Parse every file of the workspace at ``path``; return it with every problem found
    (nothing is read, and no workspace returned, if a file or folder it would read is a
    symbolic link leading outside it: see :mod:`letters.files.inside`)."""
    root = find_root(path)
    # a workspace from elsewhere may link to the user's own files: refused, nothing read
    unreadable: list[tuple[Path, str]] = []
    links = [
        Problem(relative(root, p), None, "", outside_message(t))
        for p, t in links_out(root, unreadable)
    ]
    # a folder that cannot be listed would look empty: its people unknown, its case gone
    links += [Problem(relative(root, p), None, "", unreadable_folder(why)) for p, why in unreadable]
    if links:
        return None, links
    taken = fingerprint(root)  # first: a file changed while parsing shows as a mismatch later
    config, problems, letterhead_gaps = load_config(root)
    if config is None:
        return None, problems
    ws = WorkspaceData(root=root, config=config, fingerprint=taken)
    found, directory_complete = load_directory(ws)
    problems += found
    problems += name_mismatches(ws) + two_alphabet_names(ws)
    problems += load_images(ws)
    strays = list(stray_files(ws))
    problems += strays
    # a directory file not read (.yml) would make echoes of every person in it unknown
    directory_strays = [p for p in strays if p.file.startswith("recipients/")]
    directory_complete &= not directory_strays
    problems += load_cases(ws)
    problems += births_ahead(ws)
    problems += cases_without_letters(ws)
    empty = empty_directory(ws, found or directory_strays)
    if empty is not None:
        problems.append(empty)
        # each letter's every person would be unknown for this one reason: said once
        directory_complete = False
    # a language no letter is written in yet (just added) needs no letterhead form yet
    written = _written_languages(ws)
    problems += [problem for lang, problem in letterhead_gaps if lang in written]
    problems += find_templates(ws)
    problems += cross_check(ws, check_people=directory_complete)
    # a form under a key no language has, unless the list of languages is itself wrong
    if not languages_wrong(problems):
        docs = [e.doc for e in ws.people.values()] + [e.doc for e in ws.cases.values()]
        docs += [e.doc for e in ws.letters.values()]
        problems += language_key_problems(docs + ws.refused, list(config.languages))
        problems += language_value_problems(ws.refused, list(config.languages))
    problems += catalog_file_problems(ws)
    return ws, problems


def catalog_file_problems(ws: WorkspaceData) -> list[Problem]:
    """The catalogs never read (saved in the wrong place) and the translations typed into a
    .pot: warnings, see :mod:`letters.i18n.catalog_files`."""
    from letters.i18n.catalog_files import gone_case_files, pot_translations, stray_catalogs

    strays = [stray.problem for stray in stray_catalogs(ws)]
    return [*strays, *pot_translations(ws), *gone_case_files(ws)]


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
    config, doc, problems = load_model(root / CONFIG, CONFIG, WorkspaceConfig)
    if config is None:
        return None, problems + refused_config_key_problems(doc, problems), []
    for lang, ident in config.languages.items():
        line = doc.line_of(("languages", lang)) if doc else None
        why = _locale_problem(lang, ident)
        if why is not None:
            problems.append(Problem(CONFIG, line, f"languages.{lang}", why))
    if config.source_language not in config.languages:
        line = doc.line_of(("source_language",)) if doc else None
        known = ", ".join(config.languages)
        why = f"'{config.source_language}' is not one of the languages ({known})"
        problems.append(Problem(CONFIG, line, "source_language", why))
    if doc is not None and not languages_wrong(problems):
        # the letterhead's forms: one under a key no language has is never used
        problems += language_key_problems([doc], list(config.languages), skip={("languages",)})
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
        (entry.person.signature_image, entry.label, *entry.where("signature_image"), "signature")
        for entry in ws.people.values()
        if entry.person.signature_image
    ]
    logo = ws.config.letterhead.logo if ws.config.letterhead else None
    if logo:
        named.append((logo, CONFIG, None, "letterhead.logo", "logo"))
    problems: list[Problem] = []
    for rel, label, line, where, what in named:
        if rel not in ws.images:
            try:
                ws.images[rel] = read_image(ws.root, rel, what)
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
        return (
            f"the locale {ident} is for '{locale.language}', not '{lang}': write"
            f" '{locale.language}: {ident}'"
        )
    return None


def load_directory(ws: WorkspaceData) -> tuple[list[Problem], bool]:
    """Every ``recipients/*.yaml`` into ``ws.people``; the problems, and whether every file
    loaded (references to people are checked only then)."""
    problems: list[Problem] = []
    complete = True
    for path in sorted((ws.root / "recipients").glob("*.yaml")):
        label = ws.rel(path)
        directory, doc, found = load_model(path, label, DirectoryFile)
        problems += found
        complete = complete and not found
        ws.refused += [doc] if directory is None and doc is not None else []
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
                    f" digits and hyphens{_folder_hint(case_dir.name)}",
                )
            )
            continue
        case_path = case_dir / "case.yaml"
        if not case_path.exists():  # a folder of that name is read, and said to be one
            problems.append(Problem(ws.rel(case_dir), None, "", "a case folder needs a case.yaml"))
            continue
        label = ws.rel(case_path)
        case, doc, found = load_model(case_path, label, Case)
        problems += found
        ws.refused += [doc] if case is None and doc is not None else []
        if case is not None and doc is not None:
            ws.cases[case_dir.name] = CaseEntry(case_dir.name, case, label, doc)
        if (case_dir / "letters.yaml").exists():
            problems += _load_letters(ws, case_dir.name, case_dir / "letters.yaml")
    return problems


def _folder_hint(name: str) -> str:
    """How to rename a case folder whose name is no id."""
    written = id_written(name)
    return f"; rename it to '{written}'" if written else id_hint(name)


def _load_letters(ws: WorkspaceData, case_id: str, path: Path) -> list[Problem]:
    label = ws.rel(path)
    letters, doc, problems = load_model(path, label, LettersFile)
    if letters is None or doc is None:
        ws.refused += [doc] if doc is not None else []
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
                label,
                line,
                where,
                f"duplicate letter id '{letter.id}' (also in {first.label}:{first.where('id')[0]});"
                " each letter needs its own: its files and approvals are found by it",
            )
        )
    return problems


def find_templates(ws: WorkspaceData) -> list[Problem]:
    """The Word templates and e-mail texts in ``templates/``, by name; a problem for each
    that is a folder (or a device), not a file."""
    problems = []
    found = [p for p in (ws.root / "templates").glob("*.docx") if not p.name.startswith("~$")]
    texts = list((ws.root / "templates").glob("*.email.txt"))  # ~$: Word's lock files
    for path in sorted([*found, *texts]):
        if not path.is_file():  # still named: a letter using it is not told it is unknown
            why = FOLDER_NOT_FILE if path.is_dir() else NOT_A_FILE
            problems.append(Problem(ws.rel(path), None, "", why))
    for template in sorted(found):
        ws.templates[template.stem] = template
    for text in sorted(texts):
        ws.email_texts[text.name.removesuffix(".email.txt")] = text
    return problems


def load_checked(path: Path) -> WorkspaceData:
    """Load the workspace at ``path``, or raise one error listing every problem in it."""
    ws, problems = load_workspace(path)
    errors = [p for p in problems if not p.warning]
    if errors or ws is None:
        raise problems_error(errors)
    return ws
