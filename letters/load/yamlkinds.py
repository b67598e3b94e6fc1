"""What kind of value YAML made of a scalar, and how a number was written.

YAML 1.1 turns some unquoted text into numbers, dates or booleans the writer never meant
(``no``, ``0123``, ``1:30``); both readers of :mod:`letters.load.yamlio` record each value's
kind, so that the schema can refuse such a value where text is meant and say why.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ruamel.yaml.scalarbool import ScalarBoolean

__all__ = ["number_kind", "value_kind"]

_BASE_60 = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_OCTAL = re.compile(r"[-+]?0[0-7_]+")
_EXPONENT = re.compile(r"[0-9.][eE][-+]?[0-9]")


def number_kind(source: str, kind: str) -> str:
    """``"base60"`` for a number YAML 1.1 read from digits joined by colons (``1:30`` is
    90), ``"octal"`` for one read with a leading 0 (``0123`` is 83), ``"grouped"`` for one
    whose digits it read past a ``_`` (``1_000`` is 1000), ``"exponent"`` for one with a
    power of ten (``1e3`` is 1000), else ``kind``: the ways text becomes a number unseen."""
    if _BASE_60.fullmatch(source):
        return "base60"
    if kind == "int" and _OCTAL.fullmatch(source):
        return "octal"
    if "_" in source:
        return "grouped"
    if kind == "float" and _EXPONENT.search(source):
        return "exponent"
    return kind


def value_kind(value: Any) -> str:
    """What YAML made of a scalar: "bool", "int", "float", "datetime", "date", "null" or
    "str" (an anchored yes is a ScalarBoolean, an int, yet "bool")."""
    if isinstance(value, bool | ScalarBoolean):  # an anchored yes: a ScalarBoolean, an int
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    if value is None:
        return "null"
    return "str"
