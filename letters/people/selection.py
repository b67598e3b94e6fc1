"""A selection of people from options (``letters recipients list --group EPP``), refused
with the option named when a value is not one a selection can hold."""

from __future__ import annotations

import re
from collections.abc import Sequence

from letters.errors import LettersError
from letters.load.loader import WorkspaceData
from letters.load.models import SelectionSpec
from letters.load.references import selection_problems
from letters.load.validation import validate_data

OPTIONS = {
    "ids": "--id",
    "tags": "--tag",
    "countries": "--country",
    "groups": "--group",
    "institutions": "--institution",
    "languages": "--language",
}
"""Each key of a selection, with the command-line option that gives it."""


def selection_from_options(
    ws: WorkspaceData,
    *,
    ids: Sequence[str] = (),
    tags: Sequence[str] = (),
    countries: Sequence[str] = (),
    groups: Sequence[str] = (),
    institutions: Sequence[str] = (),
    languages: Sequence[str] = (),
) -> SelectionSpec | None:
    """The selection the options give, or None (everyone) when none is given.

    A value no selection can hold (``--country ua``) or one that selects nobody — an id, tag,
    country or institution no one in the directory has, a language the workspace does not
    write in, a group that is neither a known political group nor anyone's (``--group EEP``)
    — raises :class:`LettersError` naming the option and the value, as ``letters check``
    names it in a letter's selection."""
    given = {
        "ids": list(ids),
        "tags": list(tags),
        "countries": list(countries),
        "groups": list(groups),
        "institutions": list(institutions),
        "languages": list(languages),
    }
    if not any(given.values()):
        return None
    spec, errors = validate_data(SelectionSpec, given)
    if errors:
        (key, index, *_rest), message = errors[0]
        value = given[str(key)][int(index)]
        if key == "countries" and re.fullmatch(r"[A-Z]{2}", value):
            message = "no country has this code in ISO 3166 (codes are like LT, SK, UA)"
        raise LettersError(f"{OPTIONS[str(key)]} {value}: {message}")
    assert spec is not None
    found = next(selection_problems(ws, spec), None)  # the words check says of letters.yaml
    if found is not None:
        key, index, why, _code = found
        # a group's message names it already
        option = OPTIONS[key] if key == "groups" else f"{OPTIONS[key]} {given[key][index]}"
        raise LettersError(f"{option}: {why}")
    return spec
