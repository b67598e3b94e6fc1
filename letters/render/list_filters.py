"""Jinja's filters meant for lists (``length``, ``first``, ``sort``, ``map``, ``select`` …)
and for records (``dictsort``), refusing in words an input that is neither.

Given a number, a date, None or a paragraph of the case they stopped with Python's error
(``cannot be evaluated (TypeError: 'ParagraphView' object is not iterable)``), and
``dictsort`` of a translated text was reported as a bug in letters. A text is a list of its
characters to Jinja, as before (``s.name|first`` is an initial, ``case.summary|length``
its length). A paragraph writes itself as its text (:mod:`.text_filters` gives it to a
text filter as that text), so ``length`` and ``count``, which measure a text, measure a
paragraph's; the other list filters, which would take a paragraph's text apart character
by character, refuse one, naming the lists a template has of paragraphs and sources.
``sort``, ``min`` and ``max`` say in words what they cannot order, ``batch`` and ``slice``
take a count of at least 1. Our ``format_list`` and ``items`` take a list of texts, or what
makes one (:func:`items_of`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from babel.support import LazyProxy
from jinja2.runtime import Undefined

from letters.errors import TemplateProblem
from letters.render.as_text import NONE_ADVICE, described, jinja_passes
from letters.render.limits import listed
from letters.render.template_context import ParagraphView

LIST_FILTERS = frozenset(
    {
        "batch",
        "count",
        "first",
        "groupby",
        "join",
        "last",
        "length",
        "list",
        "map",
        "max",
        "min",
        "reject",
        "rejectattr",
        "select",
        "selectattr",
        "slice",
        "sort",
        "sum",
        "unique",
    }
)
"""The filters that take a list (or a text, as a list of its characters)."""

MEASURING = frozenset({"length", "count"})
"""The list filters that measure a text, and so a paragraph as its text."""

COUNTS = {"batch": "linecount", "slice": "slices"}
"""The list filters that take a count, and its name."""

ORDERING = frozenset({"sort", "min", "max"})
"""The list filters that compare their items."""

PARAGRAPH_ADVICE = (
    "give it a list (case.background, a paragraph's sources), or print the paragraph without it"
)


def _as_list(name: str, value: Any) -> Any:
    """``value``, the input of the list filter ``name``, as the filter is given it: a
    paragraph as its text where the filter measures it; refused if it is no list."""
    if isinstance(value, ParagraphView) and name in MEASURING:
        return str(value)
    if isinstance(value, Iterable | Undefined) and not isinstance(value, ParagraphView):
        return value  # an undefined value is refused by Jinja, named, as it is used
    raise not_a_list(name, value)


def not_a_list(name: str, value: Any) -> TemplateProblem:
    """The problem of the list filter ``name`` given ``value``, which is no list."""
    if isinstance(value, ParagraphView):
        advice = PARAGRAPH_ADVICE
    else:
        advice = NONE_ADVICE if value is None else "give it a list"
    return TemplateProblem(f"the {name} filter was given {described(value)}, not a list; {advice}")


def items_of(name: str, value: Any) -> list[Any]:
    """The items of ``value``, given to the filter ``name`` of ours that takes a list of
    texts (``format_list``, ``items``): a list, or what gives one (``…|map(…)``,
    ``range(…)``); a text, a record or anything else refused."""
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, Iterable) and not isinstance(value, str | LazyProxy | Mapping):
        items = listed(value)
        if items is not None:
            return items
    raise not_a_list(name, value)


def _checked(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, the list filter ``name``, given its input as :func:`_as_list` has it."""
    passed = jinja_passes(function)

    count = COUNTS.get(name)

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if len(args) > passed:
            args = (*args[:passed], _as_list(name, args[passed]), *args[passed + 1 :])
        if count is not None:
            given = args[passed + 1] if len(args) > passed + 1 else kwargs.get(count, 1)
            _check_count(name, count, given)
        if name not in ORDERING:
            return function(*args, **kwargs)
        try:
            return function(*args, **kwargs)
        except TypeError:  # Python's words name the items' types
            raise TemplateProblem(
                f"the {name} filter cannot order its items: they are not all texts or all"
                f" numbers; order records or paragraphs by a field (…|{name}(attribute='text'))"
            ) from None

    return checked


def _check_count(name: str, parameter: str, given: Any) -> None:
    """Refuse a count (batch's lines, slice's slices) that is not a whole number of at
    least 1 (Python's ZeroDivisionError, or a batch of all the items)."""
    if not isinstance(given, int) or isinstance(given, bool) or given < 1:
        whole = isinstance(given, int) and not isinstance(given, bool)
        raise TemplateProblem(
            f"the {name} filter's {parameter} must be a whole number of at least 1, not"
            f" {'a number below 1' if whole else described(given)}"
        )


def _dictsort(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, the dictsort filter, refusing an input that is not a record."""

    @functools.wraps(function)
    def checked(value: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(value, Mapping | Undefined):
            given = described(value)
            advice = {"None": NONE_ADVICE, "a whole list": "sort a list with the sort filter"}
            raise TemplateProblem(
                f"the dictsort filter was given {given}, not a record;"
                f" {advice.get(given, 'give it a record')}"
            )
        by = args[1] if len(args) > 1 else kwargs.get("by", "key")
        if by not in ("key", "value"):  # Jinja's words are English, and name no fix
            raise TemplateProblem(
                f"the dictsort filter's by must be 'key' or 'value', not {_other(by)};"
                " write it as …|dictsort(by='value') to order a record by its values"
            )
        return function(value, *args, **kwargs)

    return checked


def _other(value: Any) -> str:
    """What a message calls ``value``, a choice not among those a filter takes."""
    return "another text" if isinstance(value, str) else described(value)


def check_lists(filters: dict[str, Any]) -> None:
    """Make the :data:`LIST_FILTERS` of ``filters`` and ``dictsort`` refuse, in words, an
    input that is not what they take."""
    for name in LIST_FILTERS:
        filters[name] = _checked(name, filters[name])
    filters["dictsort"] = _dictsort(filters["dictsort"])
