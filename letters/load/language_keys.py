"""Forms written under a key that is no language of the workspace: ``name: {en: …, ua: …}``.

A per-language mapping is read by the languages the workspace writes in, so a form under
``ua`` (Ukraine's country code) or ``rus`` was never used, silently: ``check`` said only that
the ``uk`` form was missing, at the mapping's first line. Here such a key is named where it
stands: an error when it looks like a slip for a language of the workspace (``ua``: did you
mean ``uk``?), a warning when it is some other language (``de``), whose form is never used.
A mapping counts as per-language when one of its keys is a language of the workspace.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import Any

from letters.errors import UNKNOWN_LANGUAGE, Problem
from letters.load.fields import LANGUAGE_CODE
from letters.load.models import CONFIG
from letters.load.references import language_meant, read_language_problem, unknown_language
from letters.load.yamlio import Document, Loc, format_loc

__all__ = [
    "language_key_problems",
    "language_value_problems",
    "languages_wrong",
    "refused_config_key_problems",
]

# where a language is written as a value: the checks on the models read these only from a
# file its model accepted, so a file refused for another field is walked here instead
_VALUE_PLACES: tuple[tuple[str | None, ...], ...] = (
    ("people", None, "language"),
    ("people", None, "reads", None),
    ("letters", None, "languages", None),
    ("letters", None, "recipients", "languages", None),
    ("letters", None, "signatories", "languages", None),
)


def language_key_problems(
    docs: Iterable[Document], known: Collection[str], skip: Collection[Loc] = ()
) -> Iterator[Problem]:
    """Each key of a per-language mapping in ``docs`` that is not one of the ``known``
    languages (the mappings at ``skip`` left out: the workspace's list of languages)."""
    seen: set[int] = set()
    for doc in docs:
        if id(doc) not in seen:  # several entries (a case and its letters) share a file
            seen.add(id(doc))
            yield from _walk(doc, doc.data, (), known, skip)


def language_value_problems(docs: Iterable[Document], known: Collection[str]) -> Iterator[Problem]:
    """Each language named as a value in ``docs`` (a person's ``language``, a letter's
    ``languages``, a selection's) that is not one of the ``known`` ones: for files their
    model refused, so that the user fixing them learns of it in the same run."""
    for doc in docs:
        for place in _VALUE_PLACES:
            for loc, value in _values_at(doc.data, (), place):
                if isinstance(value, str) and LANGUAGE_CODE.fullmatch(value) and value not in known:
                    line, where = doc.line_of(loc), format_loc(loc)
                    if place[-2] == "reads":
                        slip = read_language_problem(doc.label, line, where, value, known)
                        yield from [slip] if slip is not None else []
                        continue
                    message = unknown_language(value, known, person=loc[0] == "people")
                    yield Problem(doc.label, line, where, message, code=UNKNOWN_LANGUAGE)


def _values_at(data: Any, loc: Loc, place: tuple[str | None, ...]) -> Iterator[tuple[Loc, Any]]:
    """The values at ``place`` in ``data``, where ``None`` stands for every item of a list."""
    if not place:
        yield loc, data
    elif place[0] is None and isinstance(data, list):
        for i, item in enumerate(data):
            yield from _values_at(item, (*loc, i), place[1:])
    elif isinstance(place[0], str) and isinstance(data, dict) and place[0] in data:
        yield from _values_at(data[place[0]], (*loc, place[0]), place[1:])


def refused_config_key_problems(doc: Document | None, problems: list[Problem]) -> list[Problem]:
    """The keys no language has in a ``workspace.yaml`` its model refused for another field,
    measured against its list of languages as written, when that list is itself sound."""
    data = doc.data if doc is not None else None
    langs = data.get("languages") if isinstance(data, dict) else None
    if doc is None or not isinstance(langs, dict) or languages_wrong(problems):
        return []
    if not all(isinstance(key, str) and LANGUAGE_CODE.fullmatch(key) for key in langs):
        return []
    return list(language_key_problems([doc], list(langs), skip={("languages",)}))


def languages_wrong(problems: Iterable[Problem]) -> bool:
    """Whether ``problems`` hold one of workspace.yaml's list of languages: then every key
    would be measured against a wrong list, one cause told many times."""
    return any(p.file == CONFIG and p.where.startswith("languages") for p in problems)


def _walk(
    doc: Document, data: Any, loc: Loc, known: Collection[str], skip: Collection[Loc]
) -> Iterator[Problem]:
    if loc in skip:
        return
    if isinstance(data, dict):
        keys = [key for key in data if isinstance(key, str)]
        if any(key in known for key in keys):
            for key in keys:
                if key not in known and LANGUAGE_CODE.fullmatch(key):
                    yield _problem(doc, (*loc, key), key, known)
        for key, value in data.items():
            yield from _walk(doc, value, (*loc, key), known, skip)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _walk(doc, value, (*loc, i), known, skip)


def _problem(doc: Document, loc: Loc, key: str, known: Collection[str]) -> Problem:
    slip = language_meant(key, known) is not None
    said = unknown_language(key, known)
    message = said if slip else f"{said}; the form given for it is never used"
    return Problem(
        doc.label,
        doc.line_of(loc),
        format_loc(loc),
        message,
        warning=not slip,
        code=UNKNOWN_LANGUAGE,
    )
