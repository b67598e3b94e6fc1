"""One workspace file read into its model: parsed, validated, every problem of it found.

A file holding a value that cannot be built (an impossible date) is still validated, with
that value put aside (:class:`letters.load.yamlio.YamlProblem`): its other errors are
named in the same run, not one more on each run once the date is corrected.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from letters.errors import Problem
from letters.load.validation import validate
from letters.load.yamlio import Document, YamlProblem, format_loc, load

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
        return None, exc.doc, _in_line_order(exc.problems, others)
    if doc.data is None:  # a file just made, or saved before anything was typed into it
        said = f"the file is empty: {EMPTY_FILE[model.__name__]}"
        return None, doc, [Problem(label, None, "", said)]
    value, problems = validate(model, doc)
    return value, doc, problems


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
