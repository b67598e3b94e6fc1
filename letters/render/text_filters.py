"""Jinja's filters as a letter template has them: those that write what they are given as
text refuse what is not one (:func:`letters.render.as_text.check`), so a whole record,
list, function, picture or None never becomes a letter's text through a filter.

A value that writes itself as text but is not a Python text (a paragraph of the case, a
translated text still to be looked up, a number, a date) is given to them as that text,
as ``{{ … }}`` writes it: Jinja's ``truncate`` cannot measure a paragraph, ``reverse``
would not reverse one, and ``pprint`` would write Python's form of it, with its memory
address (a letter's version id would differ in every run).

:func:`check_filters` puts them in place, over the limits of :mod:`.limits`.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
from collections.abc import Callable, Iterator
from typing import Any

from jinja2.filters import make_attrgetter
from jinja2.runtime import Context, Undefined

from letters.errors import TemplateProblem
from letters.render.as_text import check, check_items, check_printf, described, kind
from letters.render.limits import listed

TEXT_FILTERS = frozenset(
    {
        "capitalize",
        "center",
        "e",
        "escape",
        "forceescape",
        "format",
        "indent",
        "lower",
        "pprint",
        "replace",
        "safe",
        "string",
        "striptags",
        "title",
        "trim",
        "truncate",
        "upper",
        "urlencode",
        "urlize",
        "wordcount",
        "wordwrap",
        "xmlattr",
    }
)
"""Jinja's filters that write their input (and their arguments) as text."""

# A text filter's arguments that are lists of texts (urlize's schemes): checked item by item.
_LISTS_OF_TEXTS = frozenset({"extra_schemes"})
# The filters that write each item of a list, the verb their messages use and an example.
_LIST_WRITERS = {
    "format_list": ("list", "…|map(attribute='signature')|format_list"),
    "items": ("list", "…|map(attribute='signature')|items"),
}


def _passed(function: Callable[..., Any]) -> int:
    """How many arguments Jinja passes a filter before its input (a context or the like)."""
    return 1 if getattr(function, "jinja_pass_arg", None) is not None else 0


def _as_text(value: Any) -> Any:
    """``value``, which :func:`.as_text.check` let through, as a text filter is given it: a
    paragraph, a translated text, a number or a date as the text it writes (Jinja's
    ``truncate`` cannot measure a paragraph, ``pprint`` would write Python's form of it,
    with a memory address); a text or markup as it is; None or an undefined value as it
    is, to be refused."""
    if isinstance(value, str | Undefined) or value is None or hasattr(value, "__html__"):
        return value
    return str(value)


def _text_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, the filter ``name``, refusing an input or argument that is not a text,
    and given a value that writes itself as text (a paragraph …) as that text."""
    what = f"the {name} filter"
    passed = _passed(function)
    parameters = list(inspect.signature(function).parameters)[passed + 1 :]

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if len(args) > passed:
            value = args[passed]
            check(value, what)
            if name == "format":  # the template is a text: its values are the arguments
                check_printf(str(value), kwargs or tuple(args[passed + 1 :]), what)
                return function(*args, **kwargs)
            if name == "xmlattr":  # it takes a record, which check refuses: nothing else is one
                raise TemplateProblem(
                    f"{what} was given {described(value)}, not a record of XML attributes;"
                    " print it without the filter"
                )
            # pprint writes Python's form, which of a number or a date is the same in every run
            if name != "pprint" or not isinstance(value, int | float | dt.date):
                value = _as_text(value)
            args = (*args[:passed], value, *args[passed + 1 :])
        given = [*zip(parameters, args[passed + 1 :], strict=False), *kwargs.items()]
        for parameter, argument in given:
            listed_texts = parameter in _LISTS_OF_TEXTS and isinstance(argument, list | tuple)
            for each in argument if listed_texts else [argument]:
                check(each, what, "to write", none=False)  # None: an argument left out
        return function(*args, **kwargs)

    return checked


def _reverse(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, the reverse filter: a list reversed as it is, a text (or a value that
    writes itself as one, see :func:`_as_text`) as a text; None or an object refused."""
    passed = _passed(function)

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if len(args) > passed and kind(args[passed]) not in ("a whole list", "a whole record"):
            check(args[passed], "the reverse filter")
            args = (*args[:passed], _as_text(args[passed]), *args[passed + 1 :])
        return function(*args, **kwargs)

    return checked


def _list_writer(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, the filter ``name``, refusing an item that is not a text."""
    verb, example = _LIST_WRITERS[name]
    passed = _passed(function)

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        value = args[passed] if len(args) > passed else None
        if isinstance(value, list | tuple):
            check_items(value, f"the {name} filter", verb, example)
        return function(*args, **kwargs)

    return checked


def _join(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, the join filter (given its context first), refusing a separator or an
    item, or the attribute of an item it joins by, that is not a text."""

    @functools.wraps(function)
    def checked(context: Context, value: Any, d: Any = "", attribute: Any = None) -> Any:
        check(d, "the join filter", "to write", none=False)
        items = listed(value) if isinstance(value, Iterator) else value  # |reverse, |select
        if isinstance(items, list | tuple):
            if attribute is not None:  # joined by a field: the fields are what is written
                items = list(map(make_attrgetter(context.environment, attribute), items))
                attribute = None
            check_items(items, "the join filter", "join", "…|map(attribute='signature')|join(', ')")
        return function(context, items, d, attribute)

    return checked


def check_filters(filters: dict[str, Any]) -> None:
    """Make ``filters`` (an environment's, their limits already in place) refuse what is
    not a text wherever they write it: the :data:`TEXT_FILTERS` and ``reverse`` their
    input and arguments, ``join``, ``format_list`` and ``items`` each item."""
    for name in TEXT_FILTERS:
        filters[name] = _text_filter(name, filters[name])
    filters["reverse"] = _reverse(filters["reverse"])
    for name in _LIST_WRITERS:
        filters[name] = _list_writer(name, filters[name])
    filters["join"] = _join(filters["join"])
