"""The render limits: how much a template may make while one part of a letter renders.

A template is input like any other: ``{{ 'x' * 10**9 }}`` must be refused in
a moment, not after minutes and gigabytes. Each limit (:data:`LIMITS`) has a
name, which its message gives, and a value, both in the README's table. The
checks come before the work: a refused value is never made. What one render
has made so far (its work and loop steps) is kept on its Jinja context.
"""

from __future__ import annotations

import itertools
import math
import re
import string
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from letters.errors import TemplateProblem

MAX_VALUE_CHARS = 1_000_000
MAX_LIST_ITEMS = 100_000
MAX_NUMBER_DIGITS = 4_300  # Python's own limit for writing a number out
MAX_TEMPLATE_WORK = 20_000_000
MAX_LOOP_STEPS = 1_000_000
MAX_PART_CHARS = 10_000_000

LIMITS: dict[str, tuple[int, str]] = {
    "value size": (MAX_VALUE_CHARS, "a value of more than {:,} characters"),
    "list size": (MAX_LIST_ITEMS, "a list of more than {:,} items"),
    "number size": (MAX_NUMBER_DIGITS, "a number of more than {:,} digits"),
    "template work": (MAX_TEMPLATE_WORK, "more than {:,} characters made in one part"),
    "loop steps": (MAX_LOOP_STEPS, "more than {:,} loop steps in one part"),
    "part size": (MAX_PART_CHARS, "a rendered part of more than {:,} characters"),
}
"""Each limit's name, value and what going over it makes, for messages and the README."""

_BITS_PER_DIGIT = math.log2(10)


def exceeded(name: str) -> TemplateProblem:
    """The error for going over the limit ``name``."""
    value, what = LIMITS[name]
    return TemplateProblem(f"render limit “{name}”: {what.format(value)}")


def size(value: object) -> int:
    """The characters ``value`` makes when written out: a text's length, a number's
    digits, for a list, tuple or dict its items' sizes and one for each item. A list
    that holds one object many times counts it each time, as writing it out would."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return len(value) + sum(map(len, value))  # most lists a letter joins: quickly
    known: dict[int, int] = {}
    pending: list[tuple[object, bool]] = [(value, False)]
    while pending:  # depth first, without recursion: a template can nest lists deeply
        item, expanded = pending.pop()
        if id(item) in known and not expanded:
            continue
        parts = _parts(item)
        if parts is None:
            known[id(item)] = _flat_size(item)
        elif expanded:
            known[id(item)] = len(parts) + sum(known.get(id(p), 0) for p in parts)
        else:
            known[id(item)] = 0  # a list that holds itself counts once
            pending.append((item, True))
            pending.extend((p, False) for p in parts if id(p) not in known)
    return known[id(value)]


def _parts(value: object) -> list[object] | None:
    if isinstance(value, list | tuple | set | frozenset):
        return list(value)
    if isinstance(value, dict):
        return [*value.keys(), *value.values()]
    return None


def _flat_size(value: object) -> int:
    if isinstance(value, str | bytes | bytearray):
        return len(value)
    if isinstance(value, int):
        return math.ceil(abs(value).bit_length() / _BITS_PER_DIGIT) + 1
    return 1


def check_value(value: object) -> None:
    """Refuse ``value`` if it is over the value size (or, a number, the number size)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value).bit_length() > _MAX_BITS + 1:
            raise exceeded("number size")
    elif size(value) > MAX_VALUE_CHARS:
        raise exceeded("value size")


class _Meter:
    """What one render has made so far."""

    def __init__(self) -> None:
        self.work = 0
        self.steps = 0


def _meter(context: Context) -> _Meter:
    meter = context.__dict__.get("_letters_meter")
    if meter is None:
        meter = context.__dict__["_letters_meter"] = _Meter()
    return meter


def charge(context: Context | None, chars: int) -> None:
    """Count ``chars`` characters made against the template work of ``context``'s render."""
    if context is None:
        return
    meter = _meter(context)
    meter.work += chars
    if meter.work > MAX_TEMPLATE_WORK:
        raise exceeded("template work")


@pass_context
def counted_loop(context: Context, iterable: Any) -> Any:
    """A loop's iterable, its turns counted against the loop steps of the render."""
    meter = _meter(context)
    try:
        turns = len(iterable)
    except TypeError:
        return _counted(meter, iterable)
    meter.steps += turns
    if meter.steps > MAX_LOOP_STEPS:
        raise exceeded("loop steps")
    return iterable


def _counted(meter: _Meter, iterable: Iterable[Any]) -> Iterator[Any]:
    for item in iterable:
        meter.steps += 1
        if meter.steps > MAX_LOOP_STEPS:
            raise exceeded("loop steps")
        yield item


def expected(chars: int, context: Context | None) -> None:
    """Refuse to make a text of about ``chars`` characters if that is over a limit."""
    if chars > MAX_VALUE_CHARS:
        raise exceeded("value size")
    charge(context, chars)


def guard(context: Context | None, estimate: Callable[[], int]) -> None:
    """Refuse an operation whose result ``estimate`` says is over a limit. A value the
    operation cannot take at all passes: the operation refuses it with its own message."""
    try:
        chars = estimate()
    except (TypeError, ValueError, AttributeError, OverflowError):
        return
    expected(chars, context)


def _whole(value: object) -> bool:
    return isinstance(value, int)


def is_sequence(value: object) -> bool:
    """Whether ``value`` is a text or a list, which ``+`` joins and ``*`` repeats."""
    return isinstance(value, str | bytes | list | tuple)


def check_binop(context: Context, operator: str, left: Any, right: Any) -> None:
    """Refuse ``left operator right`` (an operator that can grow a value: ``*``, ``**``,
    ``+``, ``%``) before the work if its result would be over a limit."""
    if operator == "*":
        _check_times(context, left, right)
    elif operator == "**" and _whole(left) and _whole(right) and right > 0 and abs(left) > 1:
        if math.log2(abs(left)) * right > _MAX_BITS:
            raise exceeded("number size")
    elif operator == "+":
        if is_sequence(left) and is_sequence(right):
            if isinstance(left, list | tuple) and len(left) + len(right) > MAX_LIST_ITEMS:
                raise exceeded("list size")
            expected(size(left) + size(right), context)
    elif operator == "%" and isinstance(left, str):
        guard(context, lambda: printf_size(left, right))


_MAX_BITS = MAX_NUMBER_DIGITS * _BITS_PER_DIGIT


def _check_times(context: Context, left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int):
        if abs(left).bit_length() + abs(right).bit_length() > _MAX_BITS + 1:
            raise exceeded("number size")
        return
    sequence, times = (left, right) if is_sequence(left) else (right, left)
    if not is_sequence(sequence) or not isinstance(times, int) or times <= 0:
        return
    if not isinstance(sequence, str | bytes) and len(sequence) * times > MAX_LIST_ITEMS:
        raise exceeded("list size")
    expected(size(sequence) * times, context)


_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([a-zA-Z%])")


def printf_size(template: str, args: Any) -> int:
    """How long ``template % args`` can be, at most: each field at its widest."""
    if isinstance(args, dict):
        values = list(args.values())
    else:
        values = list(args) if isinstance(args, tuple) else [args]
    widest = max((size(v) for v in values), default=0)
    numbers = [v for v in values if isinstance(v, int)]
    total = len(template)
    for match in _PRINTF.finditer(template):
        if match.group(3) != "%":
            total += widest + _width(match.group(1), numbers) + _width(match.group(2), numbers)
    return total


def _width(spec: str | None, numbers: list[int]) -> int:
    if spec is None:
        return 0
    if spec == "*":  # the width is one of the arguments
        return max([0, *numbers])
    return int(spec)


def _format_size(template: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """How long ``template.format(*args, **kwargs)`` can be, at most."""
    values = [*args, *kwargs.values()]
    widest = max((size(v) for v in values), default=0)
    numbers = [v for v in values if isinstance(v, int)]
    total = len(template)
    for _text, field, spec, _conversion in string.Formatter().parse(template):
        if field is None:
            continue
        total += widest + sum(int(width) for width in re.findall(r"\d+", spec or ""))
        if spec and "{" in spec:  # a width given as an argument
            total += max([0, *numbers])
    return total


def bounded_format(call: Callable[..., str], template: str) -> Callable[..., str]:
    """``template.format`` or ``format_map`` (sandboxed as ``call``), refused before the
    work if its result could be over the value size."""

    def bounded(*args: Any, **kwargs: Any) -> str:
        mapping = args[0] if len(args) == 1 and isinstance(args[0], dict) else {}
        guard(None, lambda: _format_size(template, args, {**mapping, **kwargs}))
        return call(*args, **kwargs)

    return bounded


def listed(items: Any) -> list[Any] | None:
    """The items of ``items``, taken from a generator too; None if it is not iterable."""
    try:
        iterator = iter(items)
    except TypeError:
        return None
    # what fails as a generator makes its items (|map of a filter) is raised as it is
    found = list(itertools.islice(iterator, MAX_LIST_ITEMS + 1))
    if len(found) > MAX_LIST_ITEMS:
        raise exceeded("list size")
    return found


def joined_size(items: list[Any], separator: str) -> int:
    """The length of ``items`` joined by ``separator``; past the limit on a value's size,
    the limit's error."""
    total = 0
    for count, item in enumerate(items):
        total += size(item) + (len(separator) if count else 0)
        if total > MAX_VALUE_CHARS:
            raise exceeded("value size")
    return total


def replaced_size(text: str, old: str, new: str, count: int | None = None) -> int:
    """The length of ``text`` once ``count`` (default: every) ``old`` is replaced by ``new``."""
    found = text.count(old) if old else len(text) + 1
    if count is not None and count >= 0:
        found = min(found, count)
    return len(text) + found * max(0, len(new) - len(old))


def checked_call(context: Context, function: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """The arguments to call ``function`` with (a generator given to ``join`` is listed);
    refused if it is a text's method that would make a text over the value size."""
    owner = getattr(function, "__self__", None)
    if not isinstance(owner, str) or not args:
        return args
    name = getattr(function, "__name__", "")
    first = args[0]
    if name in ("center", "ljust", "rjust", "zfill"):
        guard(context, lambda: max(len(owner), first))
    elif name == "expandtabs":
        guard(context, lambda: len(owner) * max(1, first))
    elif name == "replace" and len(args) >= 2:
        guard(context, lambda: replaced_size(owner, args[0], args[1], *args[2:3]))
    elif name == "join":
        items = listed(first)
        if items is not None:
            expected(joined_size(items, owner), context)
            return (items, *args[1:])
    elif name == "translate" and isinstance(first, dict):
        guard(context, lambda: len(owner) * max([1, *(size(v) for v in first.values())]))
    return args


class Buffer(list[str]):
    """What a macro, a call or a ``{% set %}``/``{% filter %}`` block writes, refused once
    it grows past the part size."""

    def __init__(self) -> None:
        super().__init__()
        self.chars = 0

    def append(self, item: str) -> None:
        self._count(item)
        super().append(item)

    def extend(self, items: Iterable[str]) -> None:
        items = list(items)
        for item in items:
            self._count(item)
        super().extend(items)

    def _count(self, item: str) -> None:
        self.chars += len(item)
        if self.chars > MAX_PART_CHARS:
            raise exceeded("part size")


def joined(chunks: Iterable[str]) -> str:
    """A rendered part from the pieces Jinja yields, refused once over the part size."""
    pieces: list[str] = []
    chars = 0
    for chunk in chunks:
        chars += len(chunk)
        if chars > MAX_PART_CHARS:
            raise exceeded("part size")
        pieces.append(chunk)
    return "".join(pieces)
