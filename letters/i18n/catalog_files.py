"""Catalog files letters never reads, and translations typed where they would be lost.

letters reads a translation only from ``locales/<language>/LC_MESSAGES/<domain>.po``,
for each language of ``workspace.yaml`` but the source language and each domain
(``templates``, and ``case-<case>`` for each folder of ``cases/``). A .po saved anywhere
else — one folder off, misnamed, for a case renamed since, for a language the workspace
does not write in — is named (:func:`stray_catalogs`), with where it belongs when that is
clear: otherwise its translations would be missing from the letters without a word, and
``letters i18n update`` would begin an empty catalog beside it.

A .pot holds only the English, and ``letters i18n extract`` writes it anew: a translation
typed into it (Poedit opens a .pot as readily as a .po) is named too
(:func:`pot_translations`), and ``extract`` refuses to write over it.

Both are warnings: no letter is wrong for them (a draft marks every text the catalog
would have translated, and a final letter refuses it), but a translator's work is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from letters.errors import LettersError, Problem, TranslationError, closest
from letters.files.size_limits import MAX_CATALOG_BYTES, POT_TOO_LARGE, read_at_most
from letters.i18n.catalog import TEMPLATES_DOMAIN, case_domain, po_path
from letters.i18n.private_kept import KEPT_FOLDER
from letters.load.encoding import NOT_A_FILE, unreadable
from letters.load.fields import LANGUAGE_CODE, id_written
from letters.load.loader import WorkspaceData
from letters.load.references import language_meant, misnamed

READ_AT = "locales/<language>/LC_MESSAGES/<domain>.po"
_MSGSTR = re.compile(r'msgstr(?:\[\d+\])?[ \t]+"(.*)"[ \t]*')
_MSGID = re.compile(r'(msgctxt|msgid|msgid_plural)[ \t]+"(.*)"[ \t]*')


@dataclass(frozen=True)
class Stray:
    """A .po letters never reads, where it belongs (``target``) if that is clear, and why."""

    path: Path
    target: Path | None
    problem: Problem


def read_catalogs(ws: WorkspaceData) -> set[Path]:
    """Every path a catalog is read from, whether a file is there or not."""
    from letters.signoff.request_words import REVIEW_DOMAIN, review_languages

    found = {po_path(ws.root, lang, domain) for lang in _languages(ws) for domain in _domains(ws)}
    return found | {po_path(ws.root, lang, REVIEW_DOMAIN) for lang in review_languages(ws)}


FOLDER_WHERE_WRITTEN = (
    "a folder where letters writes a file: rename or remove the folder, and run the command again"
)
"""What a problem says of a folder found where an i18n command writes a file it never
reads (a .mo); its name goes before."""


def require_usable(
    ws: WorkspaceData, read: Iterable[Path] = (), written: Iterable[Path] = ()
) -> None:
    """Refuse an i18n command before it reads or writes anything if a file it reads
    cannot be (a folder of its name, a pipe, no permission), or one it writes cannot be
    put in its place (a folder of its name), or a file stands where a folder on the way to
    either must be (a folder not there yet is made).

    Each is named, not taken for a file not made yet, which the command would try to
    write in its place after writing the files before it. A symbolic link is told of
    where it is followed."""
    reads = sorted(set(read))
    writes = list(dict.fromkeys(written))  # a folder in the way is told for the first
    reading: dict[Path, str] = {}
    writing: dict[Path, str] = {}
    for path in [*writes, *reads]:
        if path in reading or path in writing or path.is_symlink():
            continue
        in_the_way = file_in_the_way(ws, path)
        if in_the_way is not None:
            blocked, said = in_the_way
            if blocked not in reading and blocked not in writing:
                (writing if path in writes else reading)[blocked] = said
            continue
        if not path.exists():
            continue
        if path in reads:
            why = unreadable(path)
            if why:
                reading[path] = why
        elif not path.is_file():
            writing[path] = FOLDER_WHERE_WRITTEN if path.is_dir() else NOT_A_FILE
    if reading or writing:
        done = "read or written" if reading and writing else "written" if writing else "read"
        named = sorted({**reading, **writing}.items())
        raise TranslationError(
            f"a catalog cannot be {done}; nothing was changed:",
            [Problem("", None, "", f"{ws.rel(path)}: {why}") for path, why in named],
        )


def file_in_the_way(ws: WorkspaceData, path: Path) -> tuple[Path, str] | None:
    """The nearest folder above ``path`` (in the workspace) that is there as something
    else, a file (``locales/uk`` saved as one), and what a problem says of it (its name
    goes before); None if there is none (a folder not there yet is made)."""
    for parent in path.parents:
        if parent == ws.root or ws.root not in parent.parents:
            return None
        if parent.exists() or parent.is_symlink():
            if parent.is_dir():
                return None
            return parent, (
                f"a file where a folder must be, for {ws.rel(path)}: rename or remove the"
                " file, and run the command again"
            )
    return None


def stray_catalogs(ws: WorkspaceData) -> list[Stray]:
    """Every .po under ``locales/`` or ``cases/`` that letters never reads."""
    read = read_catalogs(ws)
    found = [
        path
        for folder in ("locales", "cases")
        for path in sorted((ws.root / folder).rglob("*.po"))
        if path.is_file()
        and path not in read
        and KEPT_FOLDER not in path.relative_to(ws.root).parents
    ]
    return [_stray(ws, path) for path in found]


def refuse_empty_beside(ws: WorkspaceData, begun: Iterable[Path]) -> None:
    """Refuse to begin a catalog at a path of ``begun`` (where none is yet) while a stray
    .po holds its translations (saved one folder off, or named after a case's old folder):
    an empty catalog beside it would be read, and the translator's work not."""
    waiting = {s.target: s.path for s in stray_catalogs(ws) if s.target is not None}
    lines = [f"  {ws.rel(waiting[path])} → {ws.rel(path)}" for path in begun if path in waiting]
    if lines:
        raise LettersError(
            "'letters i18n update' would begin an empty catalog where these files' translations"
            " belong; move each there first (git mv keeps its history), or delete it if its"
            " case is gone, then run it again:\n" + "\n".join(lines)
        )


def _languages(ws: WorkspaceData) -> list[str]:
    return [lang for lang in ws.config.languages if lang != ws.config.source_language]


def _domains(ws: WorkspaceData) -> list[str]:
    """Every domain: a case's folder counts though its case.yaml cannot be read now; the
    review request's where a language translates it."""
    from letters.signoff.request_words import REVIEW_DOMAIN, review_languages

    cases = (ws.root / "cases").glob("*")
    review = [REVIEW_DOMAIN] if review_languages(ws) else []
    return [TEMPLATES_DOMAIN, *sorted(folder_domain(p.name) for p in cases if p.is_dir()), *review]


def folder_domain(name: str) -> str:
    """The domain of the case in the folder ``name``: of the id check tells to rename it to
    (``cases/my case/``: ``case-my-case``), so a catalog is never told to take a name the
    folder is told to drop."""
    return case_domain(id_written(name) or name)


def _shipped_review(lang: str | None, domain: str | None) -> str | None:
    """Why a workspace's review catalog in a language letters ships one in is never read."""
    from letters.signoff.request_words import REVIEW_DOMAIN, SHIPPED

    if domain != REVIEW_DOMAIN or lang not in SHIPPED:
        return None
    return (
        f"never read: letters ships its own review request words in {lang}, the same in every"
        " workspace, as replies are read for their sentences and answer words; delete this file"
    )


def _stray(ws: WorkspaceData, path: Path) -> Stray:
    parts = path.relative_to(ws.root).parts
    lang: str | None = None
    domain: str | None = None
    if parts[0] == "cases" and len(parts) >= 3:  # cases/<case>/uk.po
        lang, domain = path.stem, folder_domain(parts[1])
    elif len(parts) >= 3:  # locales/<language>/…/<domain>.po
        lang, domain = parts[1], path.stem
    elif path.stem in _domains(ws):  # locales/templates.po: whose language?
        domain = path.stem
    label = ws.rel(path)
    if lang is not None:
        said = _language_problem(ws, lang)
        if said is not None:
            return Stray(path, None, Problem(label, None, "", said, warning=True))
        lang = _language(ws, lang)
    shipped = _shipped_review(lang, domain)
    if shipped is not None:
        return Stray(path, None, Problem(label, None, "", shipped, warning=True))
    if domain is not None and domain not in _domains(ws):
        near = closest(domain, _domains(ws), cutoff=0.8)
        if near is None and domain.startswith("case-"):  # a case renamed or deleted since
            renamed = _renamed_to(ws, lang)
            if renamed is not None:
                message = (
                    f"never read: no folder cases/{domain[5:]}/ holds its case, and"
                    f" cases/{renamed[5:]}/ has no {lang} catalog (a case's catalog is named"
                    f" case-<folder>.po): if the case was renamed, move it to"
                    f" {ws.rel(po_path(ws.root, lang or '', renamed))}; delete it if that case"
                    " is gone"
                )
                target = po_path(ws.root, lang or "", renamed)
                return Stray(path, target, Problem(label, None, "", message, warning=True))
            message = (
                f"never read: no folder cases/{domain[5:]}/ holds its case (a case's catalog is"
                " named case-<folder>.po): rename it after the case's folder, or delete it if"
                " that case is gone"
            )
            return Stray(path, None, Problem(label, None, "", message, warning=True))
        domain = near
    never = f"never read: letters reads a catalog only at {READ_AT}"
    if lang is None or domain is None:
        message = f"{never} ({_known(ws)}); move it there"
        return Stray(path, None, Problem(label, None, "", message, warning=True))
    target = po_path(ws.root, lang, domain)
    if target.is_file():
        message = (
            f"{never}, and {ws.rel(target)} is the one read: copy into it what it lacks from"
            " this file, then delete this file"
        )
        return Stray(path, None, Problem(label, None, "", message, warning=True))
    message = f"{never}: move it to {ws.rel(target)}"
    return Stray(path, target, Problem(label, None, "", message, warning=True))


def _renamed_to(ws: WorkspaceData, lang: str | None) -> str | None:
    """The one case domain with no catalog in ``lang`` yet, which a catalog named after a
    case folder no longer there was most likely made for (the folder renamed); None if
    there is no such case, or more than one."""
    if lang is None:
        return None
    cases = [d for d in _domains(ws) if d.startswith("case-")]
    lacking = [d for d in cases if not po_path(ws.root, lang, d).exists()]
    return lacking[0] if len(lacking) == 1 else None


def _language(ws: WorkspaceData, folder: str) -> str | None:
    """The workspace's language a folder (or file) name stands for: uk, UK, uk_UA, uk-UA."""
    code = folder.lower().replace("-", "_").split("_")[0]
    return code if code in _languages(ws) else None


def _language_problem(ws: WorkspaceData, folder: str) -> str | None:
    """Why a catalog for a language letters does not translate into is never read, or None
    for a language it translates into (or a folder that names no language)."""
    if _language(ws, folder) is not None or folder.lower() == "lc_messages":
        return None
    code = folder.lower().replace("-", "_").split("_")[0]
    if code == ws.config.source_language:
        return (
            f"never read: {code} is the source language (workspace.yaml), whose text is the one"
            " written in the cases and templates themselves; edit it there"
        )
    if not LANGUAGE_CODE.fullmatch(code):
        return None  # not a language's name: a misplaced catalog, told as one
    slip = misnamed(code, ws.config.languages)  # ua: uk_UA, a slip in the settings
    if slip is not None:
        return f"never read: {slip}"
    meant = language_meant(code, _languages(ws))
    if meant is not None:  # ua, rus: a slip for a language it translates into
        there = f"locales/{meant}/LC_MESSAGES/"
        return (
            f"never read: '{code}' is no language of workspace.yaml; did you mean '{meant}'?"
            f" Its catalogs are in {there}: move this one there, or, if {there} has one of"
            " the same name, copy the translations you need into it"
        )
    return (
        f"never read: '{code}' is not one of the languages in workspace.yaml; 'letters i18n"
        f" init {code}' adds it, keeping the catalogs already in locales/{code}/LC_MESSAGES/"
    )


def _known(ws: WorkspaceData) -> str:
    langs = ", ".join(_languages(ws)) or "none yet: 'letters i18n init <language>' adds one"
    return f"languages: {langs}; domains: {', '.join(_domains(ws))}"


def gone_case_files(ws: WorkspaceData) -> list[Problem]:
    """A warning for each ``locales/case-<case>.pot`` and each
    ``locales/<language>/LC_MESSAGES/case-<case>.mo`` whose case folder is gone: extract
    writes a .pot, and compile a .mo, for each case there is and leaves these: a .pot
    Poedit or Weblate would still bring into a catalog, a .mo still holding the gone
    case's translations."""
    locales = ws.root / "locales"
    made_by = {".pot": "letters i18n extract", ".mo": "letters i18n compile"}
    found = [*sorted(locales.glob("case-*.pot")), *sorted(locales.glob("*/LC_MESSAGES/case-*.mo"))]
    problems = []
    for path in found:
        if path.is_file() and path.stem not in _domains(ws):
            kind = path.suffix
            message = (
                f"no folder cases/{path.stem[5:]}/ holds its case (a case's {kind} is named"
                f" case-<folder>{kind}): delete it if that case is gone, as '{made_by[kind]}'"
                " writes one for each case there is and leaves this one"
            )
            problems.append(Problem(ws.rel(path), None, "", message, warning=True))
    return problems


def pot_translations(ws: WorkspaceData, *, warning: bool = True) -> list[Problem]:
    """A problem for each ``locales/*.pot`` holding a translation (a msgstr that is not
    empty, but the header's), at the line of its first."""
    problems = []
    for pot in sorted((ws.root / "locales").glob("*.pot")):
        if not pot.is_file():  # a pipe would wait for a writer: the i18n commands name it
            continue
        try:
            data = read_at_most(pot, MAX_CATALOG_BYTES)
        except OSError:
            continue
        if data is None:  # extract would write over what it cannot look into
            problems.append(Problem(ws.rel(pot), None, "", POT_TOO_LARGE, warning=warning))
            continue
        text = data.decode("utf-8", errors="replace")
        lines = translated_lines(text)
        if not lines:
            continue
        domain = pot.stem
        targets = [ws.rel(po_path(ws.root, lang, domain)) for lang in _languages(ws)]
        into = (
            " or ".join(targets)
            if targets
            else "not made yet: 'letters i18n init <language>' makes it"
        )
        held = (
            "a translation is typed into the .pot here"
            if len(lines) == 1
            else f"{len(lines)} translations are typed into the .pot (the first here)"
        )
        them = "it" if len(lines) == 1 else "them"
        message = (
            f"{held}, where no letter reads {them} and 'letters i18n extract' would write over"
            f" {them}: move {them} into the catalog of {'its' if them == 'it' else 'their'}"
            f" language ({into}), then delete this .pot and run 'letters i18n extract'"
        )
        problems.append(Problem(ws.rel(pot), lines[0], "", message, warning=warning))
    return problems


def translated_lines(text: str) -> list[int]:
    """The line of each entry's first msgstr that is not empty in a .po or .pot, but the
    header's (its msgid is empty). Read line by line and forgiving of broken syntax: a
    .pot with a merge conflict in it is still looked through."""
    found: list[int] = []
    msgid: str | None = None  # the entry's msgid (and context) so far
    current = ""  # the keyword the last string belongs to
    start = 0  # the line of the msgstr being read
    entry_done = False  # a translation of this entry is counted
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        keyword = _MSGID.fullmatch(line)
        value = _MSGSTR.fullmatch(line)
        if keyword is not None:
            if keyword.group(1) != "msgid_plural" and current.startswith("msgstr"):
                msgid, entry_done = None, False  # a new entry
            msgid = (msgid or "") + keyword.group(2)
            current = keyword.group(1)
        elif value is not None:
            current, start = "msgstr", number
            if value.group(1) and msgid and not entry_done:
                found.append(number)
                entry_done = True
        elif line.startswith('"') and len(line) > 2 and current:
            if current == "msgstr" and msgid and not entry_done:
                found.append(start)
                entry_done = True
            elif current != "msgstr":
                msgid = (msgid or "") + line
    return found


def refuse_writing_over(ws: WorkspaceData, pots: list[Path]) -> None:
    """Raise, naming each, if any of ``pots`` holds a translation ``extract`` would lose."""
    names = {ws.rel(pot) for pot in pots}
    held = [p for p in pot_translations(ws, warning=False) if p.file in names]
    too_large = [p for p in held if p.message == POT_TOO_LARGE]
    if too_large:
        raise TranslationError(str(too_large[0]))
    if held:
        raise LettersError(
            "a translation typed into a .pot would be lost, so nothing was written:", held
        )
