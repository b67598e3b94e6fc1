"""One workspace file read into its model: parsed, validated, every problem of it found.

A file holding a value that cannot be built (an impossible date) is still validated, with
that value put aside (:class:`letters.load.yamlio.YamlProblem`): its other errors are
named in the same run, not one more on each run once the date is corrected.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from letters.errors import Problem
from letters.load.partial_date import PartialDate
from letters.load.validation import MISSING, fields_at, validate
from letters.load.yamlio import Document, Loc, YamlProblem, format_loc, load

__all__ = ["EMPTY_FILE", "load_model"]

M = TypeVar("M", bound=BaseModel)

EMPTY_FILE = {
    "WorkspaceConfig": "write the workspace's settings in it (README: 'workspace.yaml')",
    "DirectoryFile": "list people in it under 'people:' (README: 'The directory'), or delete it",
    "Case": "write the case's facts in it (README: 'A case')",
    "LettersFile": "list the case's letters in it under 'letters:' (README: 'Letters'),"
    " or delete it",
}
"""What to write in an empty file, by the model it is read into."""


def load_model(
    path: Path, label: str, model: type[M]
) -> tuple[M | None, Document | None, list[Problem]]:
    """The file at ``path`` (named ``label``) as a ``model``, the document read and every
    problem; no model if there is one (a file whose values could not all be built is read
    with them put aside, for its other problems: its model is never returned)."""
    try:
        doc = load(path, label)
    except YamlProblem as exc:
        if exc.doc is None:
            return None, None, exc.problems
        _value, found = validate(model, exc.doc)
        places = {format_loc(loc) for loc in exc.unbuilt}
        others = [p for p in found if p.where not in places and not _names(p, exc.aside)]
        unbuilt = list(exc.problems)
        for i, (loc, key) in enumerate(zip(exc.unbuilt, exc.keys, strict=True)):
            if key:  # one problem for it, not also a text as a key and a date missing
                unbuilt[i], stood_for = _date_as_key(unbuilt[i], model, loc, others)
                # by identity: two texts as keys on one line are equal problems
                others = [p for p in others if not any(p is q for q in stood_for)]
        return None, exc.doc, _in_line_order(unbuilt, others)
    if doc.data is None:  # a file just made, or saved before anything was typed into it
        said = f"the file is empty: {EMPTY_FILE[model.__name__]}"
        return None, doc, [Problem(label, None, "", said)]
    value, problems = validate(model, doc)
    return value, doc, problems


def _date_as_key(
    problem: Problem, model: type[BaseModel], loc: Loc, found: list[Problem]
) -> tuple[Problem, list[Problem]]:
    """The one problem of an impossible date written as a key (``2020-02-30:`` for ``date:
    2020-02-30``) in the mapping at ``loc``: named at the date field that mapping misses (if
    one does), with the fix; and the problems of ``found`` it stands for (that field
    missing, a text as a key), which the user did not make besides. A key where no field
    name belongs (a language code's place) keeps its problem."""
    at = format_loc(loc)

    def path(name: str) -> str:
        return f"{at}.{name}" if at else name

    missing = {p.where: p for p in found if p.message.startswith(MISSING)}
    dates = [name for name, kind in fields_at(model, loc).items() if _holds_a_date(kind)]
    field = next((name for name in dates if path(name) in missing), None)
    # its own text as a key, once: another text on its line (a flow mapping) is a mistake
    # of its own, still named
    said = [p for p in found if p.where == path("(text)") and p.line == problem.line][:1]
    if field is not None:
        said.append(missing[path(field)])
    if not said:  # not where a field name belongs (a language code's place): as it was
        return problem, said
    what, _, its_fix = problem.message.partition(";")  # "not a calendar date: …"; its fix
    hint = re.search(r" \([^()]*\?\)$", its_fix)  # "(… were month and day swapped?)"
    fix = f"'{field}: YYYY-MM-DD'" if field else "the value of its field (name: YYYY-MM-DD)"
    message = (
        f"{what}, and written where a field name belongs: write it as {fix}, a day the calendar has"
        + (hint.group() if hint else "")
    )
    where = path(field) if field is not None else problem.where
    return replace(problem, where=where, message=message), said


def _holds_a_date(annotation: Any) -> bool:
    """Whether a field of this annotation is a date (a whole one or a partial one)."""
    if annotation in (dt.date, PartialDate):
        return True
    return any(_holds_a_date(arg) for arg in typing.get_args(annotation))


def _names(problem: Problem, aside: list[str]) -> bool:
    """Whether ``problem`` names a text put aside (a date written as a key: an unknown field
    of that name), which the user never wrote: the value's own problem says what is wrong."""
    return any(text in problem.where or text in problem.message for text in aside)


def _in_line_order(unbuilt: list[Problem], others: list[Problem]) -> list[Problem]:
    """``others`` in their order, each of ``unbuilt`` (in line order) before the first of
    them on a later line."""
    merged: list[Problem] = []
    todo = list(unbuilt)
    for problem in others:
        while todo and problem.line is not None and (todo[0].line or 0) < problem.line:
            merged.append(todo.pop(0))
        merged.append(problem)
    return merged + todo
