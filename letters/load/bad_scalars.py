"""Find the values ruamel could not build: impossible dates and numbers too long to read.

ruamel parses such a value and fails only when it builds it, without a line; the
reader of a file (:mod:`letters.load.yamlio`) looks for them here (:func:`unbuilt`), so
that each error still names where it stands and what to write instead, never the value
itself, and the rest of the file is read with each put aside, for its other errors.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

_DATE_LIKE = re.compile(r"(?<![\w.-])(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ]([0-9:.]+))?")

_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:[Tt]|[ \t]+)([0-9:.]+)(?:[ \t]*(?:Z|[-+](\d{1,2})(?::(\d\d))?))?)?"
)
"""A value YAML reads as a date or a time: its date, time and zone (``Z``, ``+02:00``)."""

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

_NO_SUCH_DAY = "not a calendar date: its month has no such day; write it as YYYY-MM-DD"

_LONG_NUMBER = "a number too long to read; put it in quotes if it is text"

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Unbuilt:
    """A value that could not be built: where it stands (line and column from 1, the field
    path) and what is wrong with it, said with its month where that is not private; and the
    text it was put aside as (``aside``), which no message may name."""

    loc: Loc
    line: int
    column: int
    public: str
    private: str
    aside: str
    key: bool = False
    """Whether it is written as a key (``2020-02-30:``), where a field name belongs."""


def unbuilt(root: Any, text: str) -> tuple[str, list[Unbuilt]] | None:
    """Every impossible date and unreadably long number of the YAML ``text``, whose nodes
    ``root`` is (composed by ruamel or libyaml, nothing built), in the order written; and
    ``text`` with each put aside (written over by a text of its length, so every other
    value keeps its line and column). None if none is found, or one cannot be put aside."""
    lines = text.removeprefix("\ufeff").split("\n")  # ruamel's columns count from after it
    found: list[Unbuilt] = []
    for loc, node, key in _scalars(root):
        why = _unbuilt_why(node)
        if why is None:
            continue
        line, column, written = node.start_mark.line, node.start_mark.column, str(node.value)
        anchor = re.match(r"&\S+\s+", lines[line][column:]) if line < len(lines) else None
        column += anchor.end() if anchor else 0  # the value, after its anchor (&d 2021-02-30)
        if line >= len(lines) or lines[line][column : column + len(written)] != written:
            return None  # not written as it is read (across lines): not put aside
        aside = f"_{len(found)}".ljust(len(written), "_")  # unique: a key stays one
        lines[line] = lines[line][:column] + aside + lines[line][column + len(written) :]
        found.append(Unbuilt(loc, line + 1, column + 1, *why, aside, key))
    found.sort(key=lambda u: (u.line, u.column))
    return ("\n".join(lines), found) if found else None


def _scalars(root: Any) -> list[tuple[Loc, Any, bool]]:
    """The plain scalars under ``root`` with their field paths (a key's at its mapping's)
    and whether each is a key, each once (an alias brings a node again)."""
    out: list[tuple[Loc, Any, bool]] = []
    todo: list[tuple[Any, Loc, bool]] = [(root, (), False)]
    seen: set[int] = set()
    while todo:
        node, loc, key = todo.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        # children pushed last first: taken in the order written (an alias's node is
        # named where its anchor is)
        if isinstance(node, (MappingNode, yaml.MappingNode)):
            for name, value in reversed(node.value):
                todo += [(value, (*loc, str(name.value)), False), (name, loc, True)]
        elif isinstance(node, (SequenceNode, yaml.SequenceNode)):
            todo += reversed([(item, (*loc, i), False) for i, item in enumerate(node.value)])
        elif isinstance(node, (ScalarNode, yaml.ScalarNode)) and not node.style:  # plain
            out.append((loc, node, key))
    return out


def _unbuilt_why(node: Any) -> tuple[str, str] | None:
    """What is wrong with a plain scalar that cannot be built, said with its month and
    without (for a private date); None for one that can."""
    tag = str(getattr(node.tag, "value", node.tag))
    value = str(node.value)
    if tag.endswith(":int") and len(re.sub(r"\D", "", value)) >= 1000:
        return _LONG_NUMBER, _LONG_NUMBER
    match = _TIMESTAMP.fullmatch(value.strip()) if tag.endswith(":timestamp") else None
    if match is None:
        return None
    year, month, day = (int(match.group(n)) for n in (1, 2, 3))
    why = _impossible(year, month, day, match.group(4)) or _no_such_zone(*match.group(5, 6))
    if why != _NO_SUCH_DAY:
        return (why, why) if why is not None else None
    days = calendar.monthrange(year, month)[1]
    named = (
        f"not a calendar date: {_MONTHS[month - 1]} {year} has {days} days; correct its day,"
        " written as YYYY-MM-DD"
    )
    return named, why


def is_private_at(data: Any, loc: Loc) -> bool:
    """Whether the value at ``loc`` of ``data`` is private: something inside a mapping marked
    ``private: true``, or a family member's (their birth date never reaches a letter)."""
    if loc[:2] == ("person", "family"):
        return True
    for part in loc:
        if isinstance(data, dict) and data.get("private") is True:
            return True
        inside = (isinstance(data, dict) and part in data) or (
            isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        )
        if not inside:
            return True  # not found as read: not known to be public
        data = data[part]
    return isinstance(data, dict) and data.get("private") is True


def bad_scalar(text: str) -> tuple[int | None, int | None, str]:
    """The line and column (from 1) of the first impossible date or unreadably long number
    in ``text``, and what is wrong with it; no place if none is found."""
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _DATE_LIKE.finditer(line.split("#", 1)[0]):
            year, month, day = (int(match.group(n)) for n in (1, 2, 3))
            why = _impossible(year, month, day, match.group(4))
            if why is not None:
                return number, match.start() + 1, why
        long_number = re.search(r"(?<![\w.])\d{1000,}", line)
        if long_number:
            return number, long_number.start() + 1, _LONG_NUMBER
    return None, None, "a value cannot be read (an impossible date or number)"


def _no_such_zone(hours: str | None, minutes: str | None) -> str | None:
    """What is wrong with a time's zone (``+25:00``: a day or more from UTC, which Python
    has no zone for); None if nothing is."""
    if hours is not None and int(hours) * 60 + int(minutes or 0) >= 24 * 60:
        return (
            "not a valid time zone: it is a day or more from UTC; write a date as YYYY-MM-DD,"
            " or a zone from -23:59 to +23:59"
        )
    return None


def _impossible(year: int, month: int, day: int, time: str | None) -> str | None:
    """What is wrong with a date, without its value (a date may be private); None if
    nothing is."""
    if year < dt.MINYEAR:  # 0000: no month of it has days to count
        return "not a calendar date: its year is not 0001 to 9999; write it as YYYY-MM-DD"
    if not 1 <= month <= 12:
        return (
            "not a calendar date: its month is not 01 to 12; write it as YYYY-MM-DD"
            " (year, month, day: were month and day swapped?)"
        )
    try:
        dt.date(year, month, day)
    except ValueError:
        return _NO_SUCH_DAY
    try:
        if time:
            dt.time.fromisoformat(time)
    except ValueError:
        return "not a valid time of day; write a date as YYYY-MM-DD"
    return None
