"""Every catalog of a workspace, read as a render reads it: each language's templates
catalog and each case's, with their problems.

A catalog not made yet (a new case or language, before ``letters i18n update``) holds no
translation; it is told as one problem, with the number of messages ``update`` would put
in it (:func:`letters.i18n.absent.absent_catalog`), not as one for each of its texts; if
the catalog was saved one folder off or misnamed, it says to move that file
(:mod:`letters.i18n.catalog_files`). A file where a folder on the way to catalogs must be
(``locales/uk`` saved as a file) is an error, told once for that file in the words the i18n
commands use (:func:`letters.i18n.catalog_files.file_in_the_way`): no catalog can be made
there until it is moved.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from letters.errors import LettersError, Problem
from letters.i18n.catalog import (
    TEMPLATES_DOMAIN,
    Key,
    Messages,
    case_domain,
    case_people,
    load_messages,
    po_path,
)
from letters.i18n.catalog_files import file_in_the_way, stray_catalogs
from letters.load.case_texts import private_texts as case_private_texts
from letters.load.case_texts import public_texts
from letters.load.loader import WorkspaceData


def load_catalogs(
    ws: WorkspaceData, english: EnglishKeys | None = None
) -> tuple[dict[tuple[str, str], Messages], list[Problem]]:
    """The usable translations of every domain in every language, by (language, domain),
    and the problems of their catalogs; each reads its domain's messages with ``english``
    (a new :class:`EnglishKeys` without it)."""
    catalogs: dict[tuple[str, str], Messages] = {}
    problems: list[Problem] = []
    domains = {TEMPLATES_DOMAIN: None, **case_people(ws)}
    sizes: dict[str, int | None] | None = None
    # a catalog saved one folder off or misnamed: the absent one's advice is to move it
    moved = {s.target: ws.rel(s.path) for s in stray_catalogs(ws) if s.target is not None}
    private = {domain: private_texts(ws, domain) for domain in domains}
    blocked: set[Path] = set()  # a file where a folder must be: told once, not per catalog
    english = english if english is not None else EnglishKeys(ws)
    for lang in (lang for lang in ws.config.languages if lang != ws.config.source_language):
        for domain, person in domains.items():
            path = po_path(ws.root, lang, domain)
            in_the_way = file_in_the_way(ws, path)
            if in_the_way is not None:  # no catalog can be there, nor can 'update' make one
                file, said = in_the_way
                if file not in blocked:
                    blocked.add(file)
                    problems.append(Problem(ws.rel(file), None, "", said))
                catalogs[(lang, domain)] = Messages(ws.rel(path))
                continue
            # only case texts state facts (numbers, dates, URLs) a translation must keep;
            # a template's plural keeps in each form what its English says
            locale = ws.config.languages[lang]
            check = None if domain == TEMPLATES_DOMAIN else locale
            messages, found = load_messages(
                path, ws.rel(path), lang, check, person, private[domain], plural_locale=locale
            )
            messages.english = partial(english, domain)
            if messages.absent:
                sizes = sizes if sizes is not None else _sizes(ws)
                messages.would_hold = sizes.get(domain)
                messages.misplaced = moved.get(path)
            catalogs[(lang, domain)] = messages
            problems += found
    from letters.i18n.private_translations import private_translations

    return catalogs, private_translations(ws, catalogs, problems)


def private_texts(ws: WorkspaceData, domain: str | None = None) -> set[str]:
    """Every text marked private in any case: no catalog may hold it, even obsolete; with
    ``domain``, but for a text its case shows all the same (the same words public in it, or
    in a case of its own), whose translation its letters need."""
    private = set().union(*(case_private_texts(entry.case) for entry in ws.cases.values()))
    for case_id, entry in ws.cases.items():
        if private and case_domain(case_id) == domain:
            private -= {text.text for text in public_texts(entry.case).values()}
    return private


class EnglishKeys:
    """The keys of a domain's current messages, by its name (call it with the name): the
    templates and cases are read for them once, when first asked (only an entry under a
    msgctxt that is not its message's needs them).

    A template that cannot be read leaves none known, as before such a template was told
    anywhere: a build or a review is never stopped by a draft no letter uses. What stopped
    the reading is kept in ``unread``, for 'letters check' to list among its problems."""

    def __init__(self, ws: WorkspaceData) -> None:
        self._ws = ws
        self._read: dict[str, frozenset[Key]] | None = None
        self.unread: Problem | None = None

    def __call__(self, domain: str) -> frozenset[Key]:
        """The keys of the messages of ``domain`` (none if a template cannot be read)."""
        if self._read is None:
            self._read = self._keys()
        return self._read.get(domain, frozenset())

    def _keys(self) -> dict[str, frozenset[Key]]:
        from letters.i18n.workflow import messages_by_domain

        try:
            domains = messages_by_domain(self._ws)
        except LettersError as exc:  # said as 'letters i18n update' says it
            self.unread = Problem("", None, "", str(exc))
            return {}
        except ValueError:
            return {}
        return {
            name: frozenset((m.context, _msgid(m.id)) for m in found)
            for name, found in domains.items()
        }

    def unread_problem(self, listed: list[Problem]) -> list[Problem]:
        """The problem of the template that could not be read, unless ``listed`` has an
        error of that file already (an e-mail text a letter uses is rendered, and told so)."""
        if self.unread is None:
            return []
        said = self.unread.message
        told = any(
            not p.warning and p.file and said.startswith((f"{p.file}:", f"{p.file} ", f"{p.file},"))
            for p in listed
        )
        return [] if told else [self.unread]


def _msgid(msgid: str | tuple[str, ...] | list[str]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def _sizes(ws: WorkspaceData) -> dict[str, int | None]:
    """How many messages each domain's catalog holds once ``letters i18n update`` made it;
    none known if a template cannot be read (that problem is told where it is rendered)."""
    from letters.i18n.workflow import messages_by_domain

    try:
        domains = messages_by_domain(ws)
    except (LettersError, ValueError):
        return {}
    return {domain: len({(m.context, m.id) for m in found}) for domain, found in domains.items()}
