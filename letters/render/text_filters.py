"""Jinja's filters as a letter template has them: those that write what they are given as
text refuse what is not one (:func:`letters.render.as_text.check`), so a whole record,
list, function, picture or None never becomes a letter's text through a filter.

A value that writes itself as text but is not a Python text (a paragraph of the case, a
translated text still to be looked up, a number, a date) is given to them as that text,
as ``{{ … }}`` writes it: Jinja's ``truncate`` cannot measure a paragraph, ``reverse``
would not reverse one, and ``pprint`` would write Python's form of it, with its memory
address (a letter's version id would differ in every run). What they are given besides
(a width, a length, a text to end with: :data:`ARGUMENTS`) is refused in words if it is
not what they need there, and None only where the argument may be left out; the filters
that take a number (:data:`NUMBER_FILTERS`) refuse anything else in words.

:func:`check_filters` puts them in place, over the limits of :mod:`.limits`.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import re
from collections.abc import Callable, Iterator
from typing import Any

from babel.support import LazyProxy
from jinja2.filters import make_attrgetter
from jinja2.runtime import Context, Undefined

from letters.errors import TemplateProblem
from letters.render.as_text import (
    NONE_ADVICE,
    check,
    check_items,
    check_printf,
    described,
    jinja_passes,
    kind,
    printf_failed,
)
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
# A scheme urlize takes besides its own, as Jinja's urlize reads one ("ftp:", "tel:").
_SCHEME = re.compile(r"[\w.+-]{2,}:(/){0,2}")
# The filters that write each item of a list, the verb their messages use and an example.
_LIST_WRITERS = {
    "format_list": ("list", "…|map(attribute='signature')|format_list"),
    "items": ("list", "…|map(attribute='signature')|items"),
}


TEXT = "a text"
WHOLE_NUMBER = "a whole number"
FLAG = "true or false"
NUMBER_OR_TEXT = "a whole number or a text"
ARGUMENTS: dict[str, dict[str, str]] = {
    "center": {"width": WHOLE_NUMBER},
    "indent": {"width": NUMBER_OR_TEXT, "first": FLAG, "blank": FLAG},
    "replace": {"count": WHOLE_NUMBER},
    "truncate": {"length": WHOLE_NUMBER, "killwords": FLAG, "leeway": WHOLE_NUMBER},
    "urlize": {"trim_url_limit": WHOLE_NUMBER, "nofollow": FLAG},
    "wordwrap": {"width": WHOLE_NUMBER, "break_long_words": FLAG, "break_on_hyphens": FLAG},
    "xmlattr": {"autospace": FLAG},
    "filesizeformat": {"binary": FLAG},
    "round": {"precision": WHOLE_NUMBER},
}
"""What a text or number filter's arguments are where they are not texts: a whole number
(a width, a length, a count), true or false, or indent's width (so many spaces, or a text
to put before each line). Every other argument is a text, given to the filter as one."""
CHOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "round": {"method": ("common", "ceil", "floor")},
}
"""The texts a filter's argument may be, where it takes only these (Jinja's own refusal is
in English and names no fix)."""


def _as_text(value: Any) -> Any:
    """``value``, which :func:`.as_text.check` let through, as a text filter is given it: a
    paragraph, a translated text, a number or a date as the text it writes (Jinja's
    ``truncate`` cannot measure a paragraph, ``pprint`` would write Python's form of it,
    with a memory address); a text or markup as it is; None or an undefined value as it
    is, to be refused."""
    if isinstance(value, str | Undefined) or value is None or hasattr(value, "__html__"):
        return value
    return str(value)


class _Arguments:
    """The arguments the filter ``name`` takes after its input, each refused if it is not
    what the filter needs there (:data:`ARGUMENTS`: a text if not named there)."""

    def __init__(self, name: str, function: Callable[..., Any]) -> None:
        self.what = f"the {name} filter"
        self.name = name
        self.needs = ARGUMENTS.get(name, {})
        self.choices = CHOICES.get(name, {})
        parameters = inspect.signature(function).parameters
        self.names = list(parameters)[jinja_passes(function) + 1 :]
        # what may be left out as None: the arguments whose default is None
        self.optional = {p for p in self.names if parameters[p].default is None}
        self.defaults = {p: parameters[p].default for p in self.names}

    def taken(
        self, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """``args`` and ``kwargs``, what the template gives after the input, as the filter
        is given them (one too many is left for Python to refuse)."""
        named = [self._taken(p, a) for p, a in zip(self.names, args, strict=False)]
        return (
            (*named, *args[len(named) :]),
            {p: self._taken(p, a) for p, a in kwargs.items()},
        )

    def _taken(self, parameter: str, argument: Any) -> Any:
        needs = self.needs.get(parameter, TEXT)
        choices = self.choices.get(parameter)
        if choices and not (isinstance(argument, str) and argument in choices):
            listed = ", ".join(f"'{c}'" for c in choices[:-1]) + f" or '{choices[-1]}'"
            other = "another text" if isinstance(argument, str) else described(argument)
            raise TemplateProblem(
                f"{self.what}'s {parameter} must be {listed}, not {other}; write it as"
                f" …|{self.name}({parameter}='{choices[-1]}')"
            )
        if needs == FLAG or (argument is None and parameter in self.optional):
            return argument  # anything is true or false; None leaves the argument out
        whole = isinstance(argument, int) and not isinstance(argument, bool)
        if whole and needs != TEXT:
            return argument
        if needs == WHOLE_NUMBER or (
            needs == NUMBER_OR_TEXT and isinstance(argument, bool | float | None)
        ):
            raise TemplateProblem(
                f"{self.what}'s {parameter} must be {needs}, not {described(argument)}"
            )
        if parameter in _LISTS_OF_TEXTS:
            return self._schemes(parameter, argument)
        check(argument, self.what, "to write")
        return _as_text(argument)

    def _schemes(self, parameter: str, argument: Any) -> list[Any]:
        """``argument``, urlize's list of schemes, each a text and a scheme."""
        if not isinstance(argument, list | tuple):
            raise TemplateProblem(
                f"{self.what}'s {parameter} must be a list of schemes, not"
                f" {described(argument)}; write it as {parameter}=['ftp:', 'tel:']"
            )
        for each in argument:
            check(each, self.what, "to write")
        schemes = [_as_text(each) for each in argument]
        if not all(_SCHEME.fullmatch(str(scheme)) for scheme in schemes):
            raise TemplateProblem(  # the scheme is not quoted: it may be a value of the case
                f"{self.what}'s {parameter} must each be a scheme and its colon, such as 'ftp:'"
                " or 'tel:' (two or more letters, digits, '.', '+' or '-' before it), and one"
                " is not"
            )
        return schemes

    def given(self, rest: tuple[Any, ...], kwargs: dict[str, Any], parameter: str) -> Any:
        """The value of ``parameter`` in a call giving ``rest`` and ``kwargs``: its default
        where neither gives it."""
        index = self.names.index(parameter)
        if index < len(rest):
            return rest[index]
        return kwargs.get(parameter, self.defaults[parameter])


_Call = Callable[[Any, tuple[Any, ...], tuple[Any, ...], dict[str, Any]], Any]
"""What a text filter's wrapper does with a call once its input is checked: given the input,
the arguments Jinja passes before it, the template's arguments after it, and the keywords."""


def _checked_input(function: Callable[..., Any], what: str, call: _Call) -> Callable[..., Any]:
    """``function``, a filter (``what``, "the upper filter"), refusing an input that is not a
    text (:func:`.as_text.check`), then called by ``call``; without an input it is left for
    Python to refuse."""
    passed = jinja_passes(function)

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if len(args) <= passed:
            return function(*args, **kwargs)  # no input: left for Python to refuse
        check(args[passed], what)
        return call(args[passed], args[:passed], args[passed + 1 :], kwargs)

    return checked


def _text_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, the filter ``name``, refusing an input or argument that is not a text,
    and given a value that writes itself as text (a paragraph …) as that text."""
    arguments = _Arguments(name, function)

    def call(value: Any, before: tuple[Any, ...], after: tuple[Any, ...], kwargs: Any) -> Any:
        value = _as_text(value)
        rest, kwargs = arguments.taken(after, kwargs)
        if name == "truncate":
            _check_truncate(arguments, rest, kwargs)
        elif name == "wordwrap" and arguments.given(rest, kwargs, "width") < 1:
            raise TemplateProblem(  # Python's textwrap raised it, as a bug in letters
                "the wordwrap filter's width must be at least 1; give the characters a line"
                " may hold"
            )
        return function(*before, value, *rest, **kwargs)

    return _checked_input(function, f"the {name} filter", call)


def _format(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, the format filter: its input is the text to fill, and its arguments
    the values it fills it with, each refused if it is not a text (see
    :func:`.as_text.check_printf`)."""
    what = "the format filter"

    def call(value: Any, before: tuple[Any, ...], after: tuple[Any, ...], kwargs: Any) -> Any:
        check_printf(str(value), kwargs or after, what)
        try:
            return function(*before, value, *after, **kwargs)
        except (TypeError, ValueError, KeyError):  # a % before no conversion, say
            raise printf_failed(what) from None

    return _checked_input(function, what, call)


def _xmlattr(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, the xmlattr filter, which takes a record of XML attributes: no letter
    template has one (:func:`.as_text.check` refuses a record), so it refuses anything."""
    what = "the xmlattr filter"

    def call(value: Any, before: tuple[Any, ...], after: tuple[Any, ...], kwargs: Any) -> Any:
        raise TemplateProblem(
            f"{what} was given {described(value)}, not a record of XML attributes;"
            " print it without the filter"
        )

    return _checked_input(function, what, call)


def _pprint(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, the pprint filter, refusing an input that is not a text and given a
    value that writes itself as text (a paragraph …) as that text; a number or a date as
    it is, as Python's form of it is the same in every run."""

    def call(value: Any, before: tuple[Any, ...], after: tuple[Any, ...], kwargs: Any) -> Any:
        if not isinstance(value, int | float | dt.date):
            value = _as_text(value)
        return function(*before, value, *after, **kwargs)

    return _checked_input(function, "the pprint filter", call)


# The text filters with a wrapper of their own, not :func:`_text_filter`.
_OWN_WRAPPERS = {"format": _format, "xmlattr": _xmlattr, "pprint": _pprint}


def _check_truncate(arguments: _Arguments, rest: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse what Jinja's truncate asserts (Python's AssertionError, in its words): a
    length shorter than the end it writes, a negative leeway."""
    length, end = arguments.given(rest, kwargs, "length"), arguments.given(rest, kwargs, "end")
    if length < len(end):
        raise TemplateProblem(
            "the truncate filter's length is shorter than its end (the text it ends with,"
            " '...' unless given); give a length of at least the end's, or a shorter end"
        )
    leeway = arguments.given(rest, kwargs, "leeway")
    if leeway is not None and leeway < 0:
        raise TemplateProblem(
            "the truncate filter's leeway (how many characters over its length a text may"
            " run and be kept whole) must not be below 0"
        )


def _reverse(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, the reverse filter: a list reversed as it is, a text (or a value that
    writes itself as one, see :func:`_as_text`) as a text; None or an object refused."""
    passed = jinja_passes(function)

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if len(args) > passed and kind(args[passed]) not in ("a whole list", "a whole record"):
            check(args[passed], "the reverse filter")
            args = (*args[:passed], _as_text(args[passed]), *args[passed + 1 :])
        return function(*args, **kwargs)

    return checked


NUMBER_FILTERS = frozenset({"abs", "filesizeformat", "round"})
"""Jinja's filters that take a number (``filesizeformat`` a text that holds one too)."""


def _number_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, the filter ``name``, refusing an input that is not a number, or an
    argument that is not what it needs there."""
    what = f"the {name} filter"
    passed = jinja_passes(function)
    arguments = _Arguments(name, function)

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if len(args) <= passed:
            return function(*args, **kwargs)  # no input: left for Python to refuse
        value = args[passed]
        if not isinstance(value, int | float) and not (
            name == "filesizeformat" and _holds_number(value)
        ):
            advice = NONE_ADVICE if value is None else "give it a number"
            raise TemplateProblem(f"{what} was given {described(value)}, not a number; {advice}")
        rest, kwargs = arguments.taken(args[passed + 1 :], kwargs)
        return function(*args[:passed], value, *rest, **kwargs)

    return checked


def _holds_number(value: Any) -> bool:
    """Whether ``value`` is a text that holds a number ("1024")."""
    if not isinstance(value, str | LazyProxy):
        return False
    try:
        float(str(value))
    except ValueError:
        return False
    return True


def _list_writer(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, the filter ``name``, refusing an item that is not a text."""
    verb, example = _LIST_WRITERS[name]
    passed = jinja_passes(function)

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        value = args[passed] if len(args) > passed else None
        if isinstance(value, Iterator):  # |map(…), |select(…): its items, listed once
            value = listed(value)
            args = (*args[:passed], value, *args[passed + 1 :])
        if isinstance(value, list | tuple):
            check_items(value, f"the {name} filter", verb, example)
        return function(*args, **kwargs)

    return checked


def _join(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, the join filter (given its context first), refusing a separator or an
    item, or the attribute of an item it joins by, that is not a text."""

    @functools.wraps(function)
    def checked(context: Context, value: Any, d: Any = "", attribute: Any = None) -> Any:
        check(d, "the join filter", "to write")  # Jinja would write None as "None"
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
    for name in TEXT_FILTERS - _OWN_WRAPPERS.keys():
        filters[name] = _text_filter(name, filters[name])
    for name, wrapper in _OWN_WRAPPERS.items():
        filters[name] = wrapper(filters[name])
    filters["reverse"] = _reverse(filters["reverse"])
    for name in NUMBER_FILTERS:
        filters[name] = _number_filter(name, filters[name])
    for name in _LIST_WRITERS:
        filters[name] = _list_writer(name, filters[name])
    filters["join"] = _join(filters["join"])
