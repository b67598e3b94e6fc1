"""What a template's operator does with values it cannot take, told in words.

``{{ 1 + 'a' }}``, ``{{ [] - 1 }}``, ``{{ 1 / 0 }}`` or ``{{ none < 1 }}`` would stop with
Python's own error (``unsupported operand type(s) for +: 'int' and 'str'``), which names
Python's types, not what the template wrote, and says nothing of a fix. So the
environment runs every arithmetic operator (:func:`arithmetic`), sign (:func:`signed`)
and comparison (:func:`compared`) of a template here: what Python refuses is told as
what the operator was given (:func:`.as_text.described`: "a number", "a text", "None",
never the value, which may be a case's text) and what it takes.
"""

from __future__ import annotations

import operator as python
from collections.abc import Callable
from typing import Any

from letters.errors import TemplateProblem
from letters.render.as_text import NONE_ADVICE, described

# What each arithmetic operator takes, in words.
_TAKES = {
    "+": (
        "it adds two numbers, or puts two texts or two lists together; join a number to"
        " a text with ~ ({{ a ~ b }})"
    ),
    "-": "it subtracts a number from a number",
    "*": "it multiplies two numbers, or repeats a text or a list a whole number of times",
    "/": "it divides a number by a number",
    "//": "it divides a number by a number, leaving out the remainder",
    "%": (
        "it gives the remainder of a number divided by a number, or fills a text's %s"
        " places with values"
    ),
    "**": "it raises a number to the power of a number",
}
ARITHMETIC = tuple(_TAKES)
"""The arithmetic operators, each run by :func:`arithmetic`."""
_VERBS = {"+": "add", "-": "subtract", "*": "multiply", "%": "divide"}
_VERBS.update({"/": "divide", "//": "divide", "**": "raise"})

# Jinja's names of the comparisons its code generator passes here, and Python's.
COMPARISONS = {
    "lt": ("<", python.lt),
    "lteq": ("<=", python.le),
    "gt": (">", python.gt),
    "gteq": (">=", python.ge),
    "eq": ("==", python.eq),
    "ne": ("!=", python.ne),
    "in": ("in", lambda item, whole: item in whole),
    "notin": ("not in", lambda item, whole: item not in whole),
}
"""Each comparison a template writes (by Jinja's name for it): how it is written and
what it does."""


def _none_advice(*values: Any) -> str:
    """Where one of ``values`` is None: how to leave the operation out then."""
    if any(value is None for value in values):
        return f"; where a value may be None, {NONE_ADVICE}"
    return ""


def arithmetic(operator: str, left: Any, right: Any, work: Callable[[], Any]) -> Any:
    """What ``work`` gives, ``left operator right``; what Python refuses in it told in
    words: values the operator does not take, a division by zero, a result too large."""
    try:
        return work()
    except ZeroDivisionError:
        raise TemplateProblem(
            f"the {operator} operator divides by zero here; where the number it divides by"
            " may be 0, show it inside {% if … %}…{% endif %}"
        ) from None
    except OverflowError:
        raise TemplateProblem(
            f"the {operator} operator gives a number too large to work out; give it smaller numbers"
        ) from None
    except TypeError:
        verb = _VERBS[operator]
        raise TemplateProblem(
            f"the {operator} operator was given {described(left)} and {described(right)},"
            f" which it cannot {verb}; {_TAKES[operator]}{_none_advice(left, right)}"
        ) from None


def signed(operator: str, value: Any, work: Callable[[], Any]) -> Any:
    """What ``work`` gives, ``value`` with the sign ``operator`` (``-``, ``+``) before it;
    a value that is not a number refused in words."""
    try:
        return work()
    except TypeError:
        raise TemplateProblem(
            f"the {operator} sign was given {described(value)}; it goes before a number"
            f"{_none_advice(value)}"
        ) from None


def compared(first: Any, *rest: Any) -> bool:
    """``first``, then each comparison (by Jinja's name) and value of ``rest`` in turn, as
    Python compares them (``a < b < c``: each pair, until one is false); two values a
    comparison cannot compare told in words."""
    left = first
    result: Any = True
    for name, right in zip(rest[::2], rest[1::2], strict=True):
        written, compare = COMPARISONS[name]
        try:
            result = compare(left, right)
        except TypeError:
            raise TemplateProblem(_incomparable(written, left, right)) from None
        if not result:
            return result  # type: ignore[no-any-return]
        left = right
    return result  # type: ignore[no-any-return]


def _incomparable(written: str, left: Any, right: Any) -> str:
    advice = _none_advice(left, right)
    if written in ("in", "not in"):
        if isinstance(right, str):
            return (
                f"the {written} test was given {described(left)} to look for in a text;"
                f" it looks for a text in a text{advice}"
            )
        return (
            f"the {written} test was given {described(right)} to look in; it looks in a"
            f" text, a list or a record{advice}"
        )
    return (
        f"the {written} comparison was given {described(left)} and {described(right)},"
        f" which it cannot compare; it compares two numbers, two texts or two dates{advice}"
    )
