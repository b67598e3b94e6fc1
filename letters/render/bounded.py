"""Jinja's filters that can make a text or list longer than what they are given, and
``range``, as a template has them: each refused before the work if its result would be over
a render limit of :mod:`.limits`, every other filter refusing a value given to it that is
over the value size. ``range`` and ``sum`` also refuse in words what they cannot count or
add (Python's TypeError was reported as a bug in letters, raised in code of ours).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from jinja2 import pass_context
from jinja2.filters import (
    do_center,
    do_format,
    do_indent,
    do_replace,
    do_wordwrap,
    make_attrgetter,
    sync_do_join,
    sync_do_sum,
)
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from letters.errors import TemplateProblem
from letters.render.as_text import NONE_ADVICE, described, jinja_passes
from letters.render.limits import (
    MAX_LIST_ITEMS,
    MAX_VALUE_CHARS,
    exceeded,
    expected,
    guard,
    is_sequence,
    joined_size,
    listed,
    printf_size,
    replaced_size,
    size,
)


@pass_context
def _center(context: Context, value: Any, width: int = 80) -> str:
    guard(context, lambda: max(size(value), width))
    return do_center(value, width)


@pass_context
def _indent(
    context: Context, s: Any, width: int | str = 4, first: bool = False, blank: bool = False
) -> str:
    text = str(s)
    each = width if isinstance(width, int) else len(width)
    guard(context, lambda: len(text) + (text.count("\n") + 1) * max(0, each))
    return do_indent(text, width, first, blank)


@pass_context
def _replace(context: Context, s: Any, old: Any, new: Any, count: int | None = None) -> str:
    guard(context, lambda: replaced_size(str(s), str(old), str(new), count))
    return do_replace(context.eval_ctx, s, old, new, count)


@pass_context
def _join(context: Context, value: Any, d: str = "", attribute: str | int | None = None) -> str:
    items = listed(value)
    if items is None:
        return sync_do_join(context.eval_ctx, value, d, attribute)
    if attribute is None:
        guard(context, lambda: joined_size(items, str(d)))
    result = sync_do_join(context.eval_ctx, items, d, attribute)
    expected(len(result), context)  # an attribute's values: counted once they are known
    return result


@pass_context
def _format(context: Context, value: Any, *args: Any, **kwargs: Any) -> str:
    guard(context, lambda: printf_size(str(value), kwargs or args))
    return do_format(value, *args, **kwargs)


@pass_context
def _wordwrap(
    context: Context,
    s: Any,
    width: int = 79,
    break_long_words: bool = True,
    wrapstring: str | None = None,
    break_on_hyphens: bool = True,
) -> str:
    text = str(s)
    between = 2 if wrapstring is None else len(str(wrapstring))
    expected(len(text) * (1 + between), context)
    return do_wordwrap(
        context.environment, text, width, break_long_words, wrapstring, break_on_hyphens
    )


@pass_context
def _sum(context: Context, iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
    items = listed(iterable)
    if items is None:
        return sync_do_sum(context.environment, iterable, attribute, start)
    if attribute is not None:
        items = list(map(make_attrgetter(context.environment, attribute), items))
    _check_addable(items, start)
    if any(is_sequence(item) for item in [start, *items]):
        count = sum(len(item) for item in [start, *items] if isinstance(item, list | tuple))
        if count > MAX_LIST_ITEMS:
            raise exceeded("list size")
        expected(size([start, *items]), context)
    return sync_do_sum(context.environment, items, None, start)


def _check_addable(items: list[Any], start: Any) -> None:
    """Refuse, in words, what the sum filter cannot add (Python's TypeError, or a bug in
    letters where a translated text raised it): numbers, or lists from a list, only."""
    for item in (start, *items):
        if not isinstance(item, int | float | list | tuple):
            given = described(item)
            advice = {"None": NONE_ADVICE, "a text": "join texts with the join filter"}
            advice["a paragraph"] = advice["a text"]
            raise TemplateProblem(
                f"the sum filter adds numbers, and was given {given};"
                f" {advice.get(given, 'give it a list of numbers')}"
            )
    lists = isinstance(start, list | tuple)
    if any(isinstance(item, list | tuple) != lists for item in items):
        raise TemplateProblem(
            "the sum filter adds numbers only to a number; leave its start out"
            if lists
            else "the sum filter adds lists only to a list; write it as …|sum(start=[])"
        )


def _inputs_checked(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, a filter, refusing a value or argument over the value size (a list
    that holds a list many times can stand for more text than any memory holds)."""
    passed = jinja_passes(function)

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        for value in (*args[passed:], *kwargs.values()):
            if not isinstance(value, str) and size(value) > MAX_VALUE_CHARS:
                raise exceeded("value size")
        return function(*args, **kwargs)

    return checked


RANGE_USAGE = "write it as range(stop), range(start, stop) or range(start, stop, step)"


def bounded_range(*args: int, **kwargs: int) -> range:
    """``range`` as a template has it: at most ``MAX_LIST_ITEMS`` numbers, and what it is
    given that is not 1 to 3 whole numbers by place, or a step of 0, refused in words."""
    if kwargs:
        raise TemplateProblem(
            f"the range function takes its numbers by place, not by name; {RANGE_USAGE}"
        )
    if not 1 <= len(args) <= 3:
        given = len(args) or "none"
        raise TemplateProblem(
            f"the range function takes 1 to 3 whole numbers, and was given {given}; {RANGE_USAGE}"
        )
    for number in args:
        if not isinstance(number, int) or isinstance(number, bool):
            raise TemplateProblem(
                f"the range function takes whole numbers, not {described(number)}; {RANGE_USAGE}"
            )
    if len(args) == 3 and args[2] == 0:
        raise TemplateProblem("the range function's step must not be 0; leave it out to count by 1")
    numbers = range(*args)
    try:
        count = len(numbers)
    except OverflowError:  # more numbers than Python can count
        count = MAX_LIST_ITEMS + 1
    if count > MAX_LIST_ITEMS:
        raise exceeded("list size")
    return numbers


# Filters that only count their input: a number comes out, whatever goes in
# (``recipients|length``, several times in every letter).
_COUNTING = {"length", "count"}


def add_bounded(env: SandboxedEnvironment) -> None:
    """Bound ``env``'s filters and ``range``; drop ``lipsum``, which no letter needs."""
    env.filters.update(
        center=_center,
        indent=_indent,
        replace=_replace,
        join=_join,
        format=_format,
        wordwrap=_wordwrap,
        sum=_sum,
    )
    for name, function in list(env.filters.items()):
        if name not in _COUNTING:
            env.filters[name] = _inputs_checked(function)
    env.globals["range"] = bounded_range
    env.globals.pop("lipsum", None)
