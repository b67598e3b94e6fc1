"""Which texts of a case are public: one definition, and every field of the model decided."""

from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from letters.i18n.extract import case_messages
from letters.load.case_texts import NOT_TEXTS, TEXT_FIELDS, case_texts, public_texts
from letters.load.loader import load_checked
from letters.load.models import Case, Item, Line


def string_fields(annotation: Any, path: str = "") -> set[str]:
    """Every path in the model below ``annotation`` that holds a string, as TEXT_FIELDS
    writes it (``[]`` each item of a list, ``{}`` each value of a mapping)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return string_fields(args[0], path)
    if origin in (typing.Union, types.UnionType):
        return set().union(*(string_fields(arg, path) for arg in args))
    if origin is list:
        return string_fields(args[0], f"{path}[]")
    if origin is dict:
        return string_fields(args[1], f"{path}{{}}")
    if origin is typing.Literal:
        return {path} if all(isinstance(a, str) for a in args) else set()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return set().union(
            *(
                string_fields(info.annotation, f"{path}.{name}".lstrip("."))
                for name, info in annotation.model_fields.items()
            )
        )
    return {path} if annotation is str else set()


def test_every_string_field_of_a_case_is_decided() -> None:
    """A new field in Case fails here until it is listed as a text or as not a text."""
    found = string_fields(Case)
    assert not set(TEXT_FIELDS) & set(NOT_TEXTS)
    assert found - set(TEXT_FIELDS) - set(NOT_TEXTS) == set(), "undecided: a text or not?"
    assert set(TEXT_FIELDS) | set(NOT_TEXTS) == found, "listed, but not in the model"


def test_the_check_sees_a_field_added_to_the_model() -> None:
    class Grown(Case):
        nickname: Line | None = None
        hearings: list[Item] | None = None

    undecided = string_fields(Grown) - set(TEXT_FIELDS) - set(NOT_TEXTS)
    assert undecided == {"nickname", "hearings[].text"}


def test_the_sample_case_yields_every_text_field(sample: Path) -> None:
    case = load_checked(sample).cases["akhmetova"].case
    texts = list(case_texts(case))
    assert {t.field for t in texts} == set(TEXT_FIELDS)
    assert [t.loc for t in texts if t.private] == [("person", "address"), ("background", 4)]
    assert [t.loc for t in texts[:4]] == [
        ("person", "aliases", 0),
        ("person", "aliases", 1),
        ("person", "occupation"),
        ("person", "organisation"),
    ]


def all_private(value: Any) -> Any:
    """``value`` with every ``private`` flag in it set."""
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        update = {name: all_private(getattr(value, name)) for name in fields}
        if "private" in fields:
            update["private"] = True
        return value.model_copy(update=update)
    if isinstance(value, list):
        return [all_private(item) for item in value]
    return value


def test_private_texts_are_never_public(sample: Path) -> None:
    entry = load_checked(sample).cases["akhmetova"]
    hidden = all_private(entry.case)
    assert all(t.private for t in case_texts(hidden) if t.loc != ("summary",))
    # the summary is the one text that cannot be private: a letter needs it
    assert list(public_texts(hidden)) == [("summary",)]
    entry.case = hidden
    assert [m.comment for m in case_messages(entry, [])] == ["summary"]


def test_extraction_takes_the_public_translated_texts_in_order(sample: Path) -> None:
    entry = load_checked(sample).cases["akhmetova"]
    comments = [m.comment for m in case_messages(entry, [])]
    assert comments[:4] == ["person.occupation", "person.organisation", "summary", "background[0]"]
    assert "background[4]" not in comments  # private
    assert "person.aliases[0]" not in comments  # shown as written, not translated
    assert comments[-10:-3] == [f"asks[{i}].text" for i in range(7)]
    assert comments[-3:] == [f"sources[{i}].description" for i in range(3)]
