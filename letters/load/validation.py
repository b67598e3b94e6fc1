"""Validation errors into problems: the one place a pydantic error becomes a user's message.

Workspace files (:mod:`letters.load.loader`) and imported people
(:mod:`letters.people.importer`) are validated through here, so the same mistake
reads the same wherever it is made. Messages name the field and never quote a value.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from letters.errors import Problem, closest
from letters.load.characters import character_named
from letters.load.key_names import escaped, has_unseen, key_as_read, shown_key
from letters.load.models import Item
from letters.load.yamlio import Document, Loc, format_loc

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], doc: Document, root: Loc = ()) -> tuple[M | None, list[Problem]]:
    """``doc``'s data as a ``model``, or None and a problem, with line and field, per error."""
    value, errors = validate_data(model, doc.data, doc.kinds)
    problems = []
    for loc, message in errors:
        full = (*root, *loc)
        # a key shown as "(text)" is still found at its own line, not at its mapping's
        line = doc.line_of(tuple(p.key if isinstance(p, KeyAsText) else p for p in full))
        problems.append(Problem(doc.label, line, format_loc(full), message))
    return value, problems


class KeyAsText(str):
    """A key that may be private text written where a field name belongs: "(text)" in a
    message, with the key as written kept for finding its line."""

    key: str

    def __new__(cls, key: str) -> KeyAsText:
        shown = super().__new__(cls, "(text)")
        shown.key = key
        return shown


def validate_data(
    model: type[M], data: Any, kinds: Mapping[Loc, str] | None = None
) -> tuple[M | None, list[tuple[Loc, str]]]:
    """``data`` as a ``model``, or None and the location and message of every error.

    ``kinds`` gives the YAML type each value was read as, when the data came from YAML,
    so an unquoted ``no`` read as false is explained as such.
    """
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        # an unknown key given no value ({journalist, private: true}): whether it had one is
        # all that is taken of the input
        bare = {
            tuple(e["loc"])
            for e in exc.errors(include_url=False)
            if e["type"] == "extra_forbidden" and e.get("input") is None
        }
        errors = [
            _text_as_key(e, model, tuple(e["loc"]) in bare)
            for e in exc.errors(include_input=False, include_url=False)
        ]
        # A misspelt key is one mistake, not two: the message about it names the field
        # meant, which is then not reported missing as well.
        meant = {(*e["loc"][:-1], _meant(e, model)) for e in errors if e["type"] in _UNKNOWN_KEYS}
        errors = [e for e in errors if e["type"] != "missing" or tuple(e["loc"]) not in meant]
        return None, [
            (
                _as_written(data, _shown_loc(e)),
                _of_key(e, error_message(e, model, kinds or {}, _value_at(data, tuple(e["loc"])))),
            )
            for e in errors
        ]


TEXT_AS_KEY = "text_as_key"
"""The type of an unknown key's error when the key may be text written where a field name
belongs: it is never shown (it may be private)."""

_UNKNOWN_KEYS = ("extra_forbidden", TEXT_AS_KEY)


def _text_as_key(error: Any, model: type[BaseModel], bare: bool) -> Any:
    """``error``, as a :data:`TEXT_AS_KEY` error if it is of an unknown key that may be
    text: one that reads like no field name, or one ``bare`` (given no value) where a value
    may be private (``{Sampletown, private: true}``, ``text:`` forgotten) that misspells no
    field there."""
    if error["type"] != "extra_forbidden":
        return error
    loc: Loc = tuple(error["loc"])
    key, allowed = str(loc[-1]), _keys_at(model, loc[:-1])
    # a field name with a character no one sees typed into it (U+202E) is no private text,
    # but words run together by one ("Olena\u200bKovalenko") are, and are close to no field
    unseen = has_unseen(key) and not closest(key_as_read(key), allowed)
    if (
        shown_key(key) is None
        or unseen
        or (bare and "private" in allowed and not closest(key, allowed))
    ):
        return {**error, "type": TEXT_AS_KEY}
    return error


def _shown_loc(error: Any) -> Loc:
    """Where ``error`` is; a key that may be text as one that is not a field name, which
    :func:`letters.load.yamlio.format_loc` does not show."""
    loc: Loc = tuple(error["loc"])
    if loc[-1:] == ("[key]",):  # pydantic's mark of an error in the key itself, not its value
        return loc[:-1]
    return (*loc[:-1], KeyAsText(str(loc[-1]))) if error["type"] == TEXT_AS_KEY else loc


# A language code written wrong ("Ru!", "en_GB") is no private value, and a key of two or
# three letters is none either: named as written, since the place cannot show it.
_CODE_LIKE = re.compile(r"[A-Za-z]{2,3}(?:[^\sA-Za-z]{1,3}|[-_][A-Za-z0-9]{2,4})?")


def _of_key(error: Any, message: str) -> str:
    """``message``, naming the key it is about when the error is in a mapping's key (a
    language code) that the place does not show and that may be shown."""
    loc: Loc = tuple(error["loc"])
    if loc[-1:] != ("[key]",) or len(loc) < 2 or shown_key(key := str(loc[-2])) is not None:
        return message  # shown in the place already, escaped if need be
    if not _CODE_LIKE.fullmatch(key):
        return message
    return f"the key '{escaped(key)}': {message}"


def _as_written(data: Any, loc: Loc) -> Loc:
    """``loc`` as the file has it: a key the model adds to a shorthand is left out
    (``signatories: [a, b]`` is read as ``{ids: [a, b]}``, and its second id is
    ``signatories[1]``, not ``signatories.ids[1]``)."""
    written: list[str | int] = []
    for n, part in enumerate(loc):
        if isinstance(data, list) and isinstance(part, str):
            continue  # the model's key for what the file writes as a list
        written.append(part)
        inside = (isinstance(data, dict) and part in data) or (
            isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        )
        if not inside:
            return (*written, *loc[n + 1 :])
        data = data[part]
    return tuple(written)


def _value_at(data: Any, loc: Loc) -> Any:
    """The value ``loc`` names in ``data`` as the file has it (see :func:`_as_written`);
    None where it is not there."""
    for part in loc:
        if isinstance(data, list) and isinstance(part, str):
            continue
        inside = (isinstance(data, dict) and part in data) or (
            isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        )
        if not inside:
            return None
        data = data[part]
    return data


_YAML_KINDS = {
    "bool": "a true/false value (unquoted yes, no, on, off, true and false are booleans in YAML)",
    "int": "a number",
    "octal": "a number (a leading 0 makes YAML read it as an octal number: 0123 is 83)",
    "base60": (
        "a number (YAML 1.1 reads digits joined by colons as a base-60 number, like a time:"
        " 1:30 is 90)"
    ),
    "float": "a number",
    "grouped": "a number (YAML 1.1 leaves out a _ between digits: 1_000 is 1000)",
    "exponent": "a number (YAML 1.1 reads an e between digits as a power of ten: 1e3 is 1000)",
    "date": "a date",
    "datetime": "a date and time",
    "null": "an empty value",
}


MISSING = "missing; this field is required"
"""What a required field not written is told."""


def _kin(model: type[BaseModel]) -> set[str]:
    """The names of ``model`` and of every model derived from it."""
    return {model.__name__}.union(*(_kin(sub) for sub in model.__subclasses__()))


_TEXT_ITEMS = _kin(Item)
"""The models a text alone may stand for (``occupation: journalist``, ``- the UN …``)."""


_QUOTED_DATE = re.compile(r"\s*\d{4}-\d{2}-\d{2}\s*")
"""A whole date, as a quoted text holds it: unquoted, YAML would have read it as a date."""


def _is_date(text: str) -> bool:
    """Whether ``text`` names a day of the calendar (not 2020-02-30)."""
    try:
        dt.date.fromisoformat(text.strip())
    except ValueError:
        return False
    return True


def error_message(
    error: Any, model: type[BaseModel], kinds: Mapping[Loc, str], given: Any = None
) -> str:
    """The user's message for one pydantic ``error`` of validating ``model``; ``given`` is
    the value as written, to find the choice a misspelt one meant (never printed)."""
    kind = error["type"]
    loc: Loc = tuple(error["loc"])
    if kind in _UNKNOWN_KEYS:
        allowed = _keys_at(model, loc[:-1])
        meant = _meant(error, model)
        item = len(loc) >= 2 and isinstance(loc[-2], int)
        if kind == TEXT_AS_KEY and item and isinstance(given, str):
            # "- She fled in 2017: then …", a list's item: the words before ': ' read as a
            # key, the rest as its value
            return (
                "text written where a field name belongs: YAML reads the words before a ': '"
                " as a field's name; put text that holds ': ' in quotes"
            )
        if kind == TEXT_AS_KEY:
            hint = "'text: ...'" if meant else f"one of: {', '.join(allowed)}"
            return f"text written where a field name belongs; did you mean {hint}?"
        hint = f"; did you mean '{meant}'?" if meant else f"; expected one of: {', '.join(allowed)}"
        return f"unknown field '{shown_key(str(loc[-1])) or loc[-1]}'{hint}"
    if kind == "missing":
        return MISSING
    if kind == "string_type":
        yaml_kind = kinds.get(loc)
        if yaml_kind in _YAML_KINDS:
            return (
                f"expected text, but YAML read this unquoted value as {_YAML_KINDS[yaml_kind]};"
                " put the value in quotes"
            )
        return "expected text"
    if kind == "literal_error":
        expected = str(error["ctx"]["expected"])
        # only a choice is printed, never what was written: it may be private
        meant = (
            closest(given, re.findall(r"'([^']*)'", expected)) if isinstance(given, str) else None
        )
        hint = f"; did you mean '{meant}'?" if meant else ""
        return f"must be one of: {expected}".replace("'", "") + hint
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        if isinstance(given, str) and _QUOTED_DATE.fullmatch(given):
            # the user wrote the very form the plain message asks for, only in quotes
            if not _is_date(given):
                return (
                    "expected a date: this one, in quotes, is written as YYYY-MM-DD but is no"
                    " day of the calendar (its month or day is out of range): correct it, and"
                    " delete the quotes around it"
                )
            return (
                "expected a date, but YAML reads a date in quotes as text: delete the quotes"
                " around it (2020-05-21, not '2020-05-21')"
            )
        return (
            error["msg"]
            if kind == "date_type" and "YYYY" in error["msg"]
            else ("expected a date written as YYYY-MM-DD")
        )
    if kind == "bool_type":
        return "expected true or false"
    if kind == "dict_type" and _per_language(model, loc):
        return (
            "expected a form for each language: {en: ..., uk: ..., ru: ...} in braces, or a"
            " line 'en: ...' for each under the field"
        )
    if kind == "model_type" and error.get("ctx", {}).get("class_name") in _TEXT_ITEMS:
        # text, or {text: ..., private: true}: a bare value is meant as the text
        yaml_kind = kinds.get(loc)
        if yaml_kind in _YAML_KINDS:
            return (
                f"expected text, but YAML read this unquoted value as {_YAML_KINDS[yaml_kind]};"
                " put the value in quotes"
            )
        return "expected text, or {text: ..., private: true}"
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        want = "a list" if kind == "list_type" else "a mapping of keys to values"
        return f"expected {want}"
    if kind == "control_character" and _escaped(kinds, loc):
        found = str(error["ctx"]["found"])
        line_break = found.startswith("U+000A ")
        what = f"a line break ({found})" if line_break else character_named(found)
        where = ", where one line belongs" if line_break else ""
        return (
            f"contains {what} that an escape in double quotes wrote (\\n is a line"
            f" break, \\t a tab){where}: delete the escape; if each \\ is meant as itself"
            " (C:\\new), write \\\\ for each, or put the text in single quotes ('…'), where a \\"
            " is itself and each ' inside is doubled ('')"
        )
    if kind == "too_short":
        return "must not be empty"
    return str(error["msg"])


def _escaped(kinds: Mapping[Loc, str], loc: Loc) -> bool:
    """Whether the text at ``loc`` was written in double quotes with an escape that makes a
    control character or line break; a bare text stands for its item's ``text``."""
    return "escaped" in (kinds.get(loc), kinds.get(loc[:-1]) if loc[-1:] == ("text",) else None)


def _meant(error: Any, model: type[BaseModel]) -> str | None:
    """The field the unknown key of ``error`` was probably meant to be: a close spelling,
    or ``text`` where text was written in place of a field name."""
    loc: Loc = tuple(error["loc"])
    allowed = _keys_at(model, loc[:-1])
    if error["type"] == TEXT_AS_KEY:
        return "text" if "text" in allowed else None
    return closest(key_as_read(str(loc[-1])), allowed)


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes an annotation may hold, through Annotated, unions, lists, dicts."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _unwrap(args[0])
    if origin in (typing.Union, types.UnionType):
        return [m for arg in args for m in _unwrap(arg)]
    if origin in (list, dict):
        return _unwrap(args[-1])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def _per_language(model: type[BaseModel], loc: Loc) -> bool:
    """True if the field at ``loc`` holds a form per language (``{en: ..., uk: ...}``), the
    type :data:`letters.load.fields.Localized` and its kin have."""
    from letters.load.fields import Lang

    *path, last = [part for part in loc if not isinstance(part, int)] or [""]
    owners = [model]
    for part in path:
        owners = [
            m
            for cls in owners
            for name, info in cls.model_fields.items()
            if part in (name, info.alias)
            for m in _unwrap(info.annotation)
        ]
    for cls in owners:
        for name, info in cls.model_fields.items():
            if last not in (name, info.alias):
                continue
            args = typing.get_args(info.annotation)
            options = [a for a in args if a is not type(None)] if args else []
            # Localized | None: the option is Annotated (its length), the dict inside it
            options = [
                typing.get_args(a)[0] if typing.get_origin(a) is typing.Annotated else a
                for a in options
            ]
            for option in [info.annotation, *options]:
                if typing.get_origin(option) is dict:
                    key, value = typing.get_args(option)
                    # a text per language, not a setting per language (workspace languages)
                    return bool(key == Lang and value is not str)
    return False


def _keys_at(model: type[BaseModel], loc: Loc) -> list[str]:
    return sorted(fields_at(model, loc))


def fields_at(model: type[BaseModel], loc: Loc) -> dict[str, Any]:
    """The fields a mapping at ``loc`` of a ``model`` file may hold (by the name written,
    its alias if it has one), with their annotations."""
    current: list[type[BaseModel]] = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        nxt: list[type[BaseModel]] = []
        for cls in current:
            for name, info in cls.model_fields.items():
                if part in (name, info.alias):
                    nxt.extend(_unwrap(info.annotation))
        if not nxt:
            # a dict key such as a language code: stay on the same models
            continue
        current = nxt
    return {
        info.alias or name: info.annotation
        for cls in current
        for name, info in cls.model_fields.items()
    }
