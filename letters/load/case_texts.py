"""Which texts of a case there are, which are translated, and which are private.

The one definition every stage uses: ``letters i18n extract`` puts the public
translated texts into the case's catalog, the template context shows public
texts only, and ``letters i18n update`` drops private ones from the catalogs.

Every field of :class:`~letters.load.models.Case` that holds a string is listed
either in :data:`TEXT_FIELDS` or in :data:`NOT_TEXTS`; a test fails when a new
field is in neither, so nobody adds one without deciding whether it is a text
and whether it can be private.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from letters.load.models import Case, Item
from letters.load.yamlio import Loc

TEXT_FIELDS: dict[str, bool] = {
    "person.aliases[].text": False,  # other names she is known by: shown as written
    "person.occupation.text": True,
    "person.organisation.text": True,
    "person.address.text": False,  # never shown in a letter
    "summary": True,
    "background[].text": True,
    "timeline[].authority": False,  # who acted, for the reader of case.yaml: not shown
    "timeline[].text": True,
    "risks[].text": True,
    "instruments[].text": True,
    "asks[].text": True,
    "sources[].description": True,
}
"""Every text field of a case, by its path in the model (``[]``: each item of a list,
``{}``: each value of a mapping), and whether it is translated."""

UNSHOWN_FIELDS = frozenset({"person.address.text", "timeline[].authority"})
"""The text fields no template shows: for the reader of case.yaml only."""

NOT_TEXTS: dict[str, str] = {
    "person.name{}": "written out in each language in case.yaml, not translated",
    "person.gender": "a choice from a fixed list",
    "person.nationality": "a country code",
    "person.family[].relation": "a choice from a fixed list",
    "timeline[].kind": "a choice from a fixed list",
    "timeline[].sources[]": "ids of the case's sources",
    "timeline[].id": "an id letters choose it by",
    "background[].id": "an id letters choose it by",
    "background[].sources[]": "ids of the case's sources",
    "asks[].id": "an id",
    "risks[].id": "an id letters choose it by",
    "instruments[].id": "an id letters choose it by",
    "sources[].id": "an id",
    "sources[].url": "a web address, shown as it is when its source is public",
}
"""The other fields of a case that hold strings, each with why it is not a text."""

TELLS_NOTHING = UNSHOWN_FIELDS | {
    path for path, why in NOT_TEXTS.items() if why.startswith(("a choice", "an id", "ids of"))
}
"""The fields a private value repeated in tells nobody anything: no letter shows them, or
they hold only a choice from a fixed list or an id."""


def field_of(loc: Loc) -> str:
    """The path in the model (a key of :data:`TEXT_FIELDS` or :data:`NOT_TEXTS`) of the
    value at ``loc``: ``("timeline", 2, "authority")`` is ``timeline[].authority``."""
    path = ""
    for part in loc:
        path += "[]" if isinstance(part, int) else f".{part}" if path else str(part)
    return path


@dataclass(frozen=True)
class CaseText:
    """One text of a case, with where it stands and whether it may be shown."""

    field: str  # its path in the model, a key of TEXT_FIELDS: "timeline[].text"
    loc: Loc  # where it stands in case.yaml: ("timeline", 2, "text")
    text: str
    translated: bool
    private: bool  # it, or the item it belongs to, is marked private

    @property
    def public(self) -> bool:
        """Whether the text may reach a letter or a catalog."""
        return not self.private


def case_texts(case: Case) -> Iterator[CaseText]:
    """Every text of ``case`` in the order of the model's fields, private ones included.

    The text of an item written as plain text or ``{text: ..., private: ...}``
    stands at the item's own place (``background[1]``, not ``background[1].text``).
    """
    yield from _walk(case, (), "", False)


def public_texts(case: Case) -> dict[Loc, CaseText]:
    """The texts of ``case`` that may be shown, by where they stand."""
    return {t.loc: t for t in case_texts(case) if t.public}


def private_texts(case: Case) -> set[str]:
    """Every text of ``case`` marked private (or in an item marked private)."""
    return {t.text for t in case_texts(case) if t.private}


def _walk(value: Any, loc: Loc, path: str, private: bool) -> Iterator[CaseText]:
    if isinstance(value, BaseModel):
        private = private or bool(getattr(value, "private", False))
        for name in type(value).model_fields:
            # an item's text is written in its place when it is not private
            child = loc if isinstance(value, Item) and name == "text" else (*loc, name)
            yield from _walk(getattr(value, name), child, f"{path}.{name}".lstrip("."), private)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*loc, index), f"{path}[]", private)
    elif isinstance(value, str) and path in TEXT_FIELDS:
        yield CaseText(path, loc, value, TEXT_FIELDS[path], private)
