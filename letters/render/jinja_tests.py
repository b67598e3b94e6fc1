"""Jinja's tests (``{% if n is even %}``, ``is divisibleby(3)``, ``is in(…)``) as a letter
template has them: what they cannot test refused in words.

``even``, ``odd`` and ``divisibleby`` take the remainder of a number: given a text, Python
took ``%`` for a text's formatting (``not all arguments converted during string
formatting``), and a divisor of 0 stopped with its ZeroDivisionError. ``in`` looks for a
text in a text as it looks for an item in a list, so a translated text or a paragraph on
either side is its text (Python refused a translated text as ``not LazyProxy``), and what
is neither a text nor a list is refused.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Container
from typing import Any

from babel.support import LazyProxy
from jinja2.runtime import Undefined

from letters.errors import TemplateProblem
from letters.render.as_text import NONE_ADVICE, described
from letters.render.template_context import ParagraphView

NUMBER_TESTS = frozenset({"even", "odd", "divisibleby"})
"""The tests that take a number."""

_TEXTS = (str, LazyProxy, ParagraphView)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _number_test(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, the test ``name``, refusing what is not a number (or, divisibleby's
    divisor, is 0)."""

    @functools.wraps(function)
    def checked(value: Any, *args: Any, **kwargs: Any) -> Any:
        if not _is_number(value) and not isinstance(value, Undefined):
            advice = NONE_ADVICE if value is None else "give it a number"
            raise TemplateProblem(
                f"the {name} test was given {described(value)}, not a number; {advice}"
            )
        divisor = args[0] if args else kwargs.get("num", 1)
        if name == "divisibleby" and (not _is_number(divisor) or divisor == 0):
            raise TemplateProblem(
                "the divisibleby test's num must be a number other than 0, not"
                f" {'0' if _is_number(divisor) else described(divisor)}"
            )
        return function(value, *args, **kwargs)

    return checked


def _in_test(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, the in test: a text looked for in a text, or an item in a list."""

    @functools.wraps(function)
    def checked(value: Any, seq: Any) -> Any:
        if isinstance(seq, _TEXTS):
            if not isinstance(value, _TEXTS):
                raise TemplateProblem(
                    f"the in test looks for a text in a text, and was given {described(value)}"
                    " to look for; give it a text"
                )
            return function(str(value), str(seq))
        if not isinstance(seq, Container | Undefined):
            advice = NONE_ADVICE if seq is None else "give it a list or a text"
            raise TemplateProblem(
                f"the in test was given {described(seq)} to look in, not a list or a text; {advice}"
            )
        return function(value, seq)

    return checked


def check_tests(tests: dict[str, Any]) -> None:
    """Make the :data:`NUMBER_TESTS` of ``tests`` and ``in`` refuse, in words, what they
    cannot test."""
    for name in NUMBER_TESTS:
        tests[name] = _number_test(name, tests[name])
    tests["in"] = _in_test(tests["in"])
