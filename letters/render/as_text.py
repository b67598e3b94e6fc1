"""What a template may turn into text: a text, a number, a date; never a whole record, list,
function or other object.

Python's own form of a record or list (``['Zhanara Akhmet', 'Zhanna Bota']``), of a
function or object (``<built-in method replace of datetime.date object at 0x7f…>``) is no
letter's text, and one with a memory address in it differs from run to run: the letter's
version id would change on every build and no approval could match it. So whatever turns a
value into text asks :func:`kind` first and refuses, in the template's words, what is not
one:

- printing it (``{{ … }}``) and joining it with ``~`` (:mod:`.value_checks`);
- every filter that writes its input, or an argument, as text (``string``, ``upper``,
  ``format``, ``xmlattr`` …) and those that write a list's items (``join``,
  ``format_list``, ``items``): :mod:`.text_filters`;
- ``%`` (:func:`check_printf`), a text's ``.format`` and ``.format_map``
  (:func:`wrap_str_format`), a Markup's ``.join`` and the values of a translated sentence
  given with ``**`` (:func:`check_call`): the hooks of :class:`.environment.LetterEnvironment`.

Filters meant for lists (``length``, ``first``, ``map``, ``select``, ``sort`` …) take
lists (:mod:`.list_filters` refuses anything else): what they give is checked where it is
printed.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import re
import types
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from babel.support import LazyProxy
from jinja2.runtime import LoopContext, Macro, Undefined
from jinja2.sandbox import SandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.utils import Namespace
from markupsafe import Markup

from letters.errors import TemplateProblem
from letters.i18n.catalog import Translator
from letters.load.partial_date import PartialDate
from letters.render.template_context import ParagraphView

_PARTS = "print one of its parts (a field or an item)"
ADVICE = {
    "a whole record": _PARTS,
    "a whole list": _PARTS,
    "a namespace": _PARTS,
    "an object": _PARTS,
    "a function": "call it and print what it gives",
    "a macro": "call it and print what it gives",
    "a date": "write it with the date filter (…|date)",
    "a picture": "show it in a tag of its own ({{ letterhead.logo }}) in a Word template",
}
"""What each kind of value :func:`kind` (or :func:`check`: a picture) names is, and what
to print instead."""

# What a letter writes as it is: its str() is the text a reader sees, the same in every
# run. A date writes itself as 2020-05-21 (printed alone it is refused: see value_checks).
_TEXTS = (str, int, float, LazyProxy, ParagraphView, dt.date, type(None))
_SHOWN = (*_TEXTS, Undefined)


def kind(value: Any) -> str:
    """What ``value`` is if Python's form of it is no letter's text: "a whole record", "a
    whole list", "a namespace", "a function", "a macro", "a date" (one known in part; a
    whole date writes itself) or "an object"; "" for a text, a number, a date, a paragraph
    of the case, None (refused elsewhere, as a gap) or markup of ours or docxtpl's (a
    picture). An undefined value is left to Jinja, which refuses it as it is used."""
    if isinstance(value, _SHOWN) or hasattr(value, "__html__"):
        return ""
    if isinstance(value, Namespace):
        return "a namespace"
    if isinstance(value, Mapping):
        return "a whole record"
    if isinstance(value, Iterable) and not isinstance(value, LoopContext):  # a range …
        return "a whole list"
    if isinstance(value, Macro):
        return "a macro"
    if inspect.isroutine(value) or isinstance(value, type):
        return "a function"
    if isinstance(value, PartialDate):
        return "a date"
    return "an object"


def described(value: Any) -> str:
    """What a message calls ``value``: what it is ("a paragraph", "a number", "a whole
    list" …), never what it says, which may be a case's text."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, ParagraphView):
        return "a paragraph"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, str | LazyProxy):
        return "a text"
    if hasattr(value, "__html__"):
        return "a picture"
    return kind(value) or "an object"


def refusal(what: str, given: str, role: str = "") -> TemplateProblem:
    """The problem of ``what`` (a filter, an operator) given a value of the kind ``given``,
    as its input or, with ``role`` ("to write"), as a value it writes into a text."""
    role = f" {role}" if role else ""
    return TemplateProblem(f"{what} was given {given}{role}, not a text; {ADVICE[given]}")


# What a template is told to do with None, which Python would write as "None"
NONE_ADVICE = "show it inside {% if … %}…{% endif %}"


def check(value: Any, what: str, role: str = "", *, none: bool = True) -> None:
    """Refuse ``value``, given to ``what``, if it is not a text (see :func:`kind`) or,
    unless ``none`` is False (an argument that may be left out), if it is None."""
    if value is None and none:
        role = f" {role}" if role else ""
        raise TemplateProblem(f"{what} was given None{role}, not a text; {NONE_ADVICE}")
    given = kind(value)
    # an undefined value has an __html__ too: Jinja refuses it, named, as it is written
    if not given and hasattr(value, "__html__") and not isinstance(value, str | Undefined):
        given = "a picture"  # markup of its own, which no text can hold
    if given:
        raise refusal(what, given, role)


def check_items(items: Iterable[Any], what: str, verb: str, example: str) -> None:
    """Refuse a list whose items ``what`` writes (joins, lists) if one is not a text;
    ``example`` shows how to write one field of each instead."""
    for item in items:
        if item is None:
            raise TemplateProblem(f"{what} was given None to {verb}, not a text; {NONE_ADVICE}")
        given = kind(item)
        if given:
            raise TemplateProblem(
                f"{what} was given {given} to {verb}, not a text; {verb} one of their"
                f" fields ({example})"
            )


# A printf conversion: its key, if it has one, its width and precision (a "*" takes one
# of the values) and its type ("%" for "%%"); PRINTF_PLACE is all but the type.
PRINTF_PLACE = r"%(\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?"
_PRINTF = re.compile(PRINTF_PLACE + "([a-zA-Z%])")
# The conversions that write a number, and those of them that write a whole number only.
_NUMBERS = frozenset("diouxXeEfFgG")
_WHOLE_NUMBERS = frozenset("oxX")
PRINTF_ADVICE = (
    "each %s, %d … takes one value in turn (a number for %d or %f), %(name)s the value of"
    " that name, and %% writes a % sign"
)


def check_printf(template: str, args: Any, what: str) -> None:
    """Refuse ``template % args`` if a value it writes is not a text (each of a tuple's
    items, a mapping's values its ``%(key)s`` name, or the one value given), if one a
    conversion writes as a number (``%d``) is none, or if it is given more or fewer values
    than its text takes, or not the names it uses. What else Python refuses in it (a ``%``
    before no conversion) is :func:`printf_failed`."""
    for conversion, value in _printf_values(template, args, what):
        check(value, what, "to write")
        if conversion in _NUMBERS and not _is_number(value, conversion in _WHOLE_NUMBERS):
            needs = "a whole number" if conversion in _WHOLE_NUMBERS else "a number"
            raise TemplateProblem(
                f"{what}'s %{conversion} writes {needs}, and was given {described(value)};"
                f" give it {needs}, or write a text with %s"
            )


def _is_number(value: Any, whole: bool) -> bool:
    if isinstance(value, int):
        return True
    return isinstance(value, float) and not whole


def _printf_values(template: str, args: Any, what: str) -> list[tuple[str, Any]]:
    """Each value ``template % args`` writes, with the type of its conversion ("*" for a
    width or precision given as a value), paired as Python pairs them."""
    # as Python: what has items by key (a mapping, a list), but a tuple or text, gives
    # the values of %(key)s, and is itself the one value of a conversion without a key
    by_key = hasattr(type(args), "__getitem__") and not isinstance(args, tuple | str)
    values = list(args) if isinstance(args, tuple) else [args]
    pairs: list[tuple[str, Any]] = []
    places = 0
    for match in _PRINTF.finditer(template):
        key, width, precision, conversion = match.groups()
        if conversion == "%":
            continue
        if key is not None:
            if not by_key:
                raise TemplateProblem(
                    f"{what}'s text names its values (%(name)s), and was given them by place;"
                    " give each one by its name"
                )
            if isinstance(args, Mapping):
                if key[1:-1] not in args:
                    raise TemplateProblem(
                        f"{what}'s text names a value (%(name)s) it was not given; give it a"
                        " value of each name its text uses"
                    )
                pairs.append((conversion, args[key[1:-1]]))
            continue
        stars = ["*"] * ((width == "*") + (precision == "*"))  # a width or precision given
        for taken in (*stars, conversion):
            if places < len(values):
                pairs.append((taken, values[places]))
            places += 1
    if places > len(values) or (places < len(values) and not by_key):
        raise TemplateProblem(
            f"{what} was given {_count(len(values), 'value')} for a text with"
            f" {_count(places, 'place')} to fill (%s, %d …); give it one value for each place,"
            " and write a % sign as %%"
        )
    return pairs


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def printf_failed(what: str) -> TemplateProblem:
    """The problem of ``what`` (the format filter, the % operator), which could not fill its
    text with the values it was given for a reason :func:`check_printf` does not name."""
    return TemplateProblem(
        f"{what} cannot fill its text with the values it was given; {PRINTF_ADVICE}"
    )


class _TextFormatter(SandboxedFormatter):
    """The sandbox's formatter for ``.format``, refusing a field that is not a text."""

    def __init__(self, env: SandboxedEnvironment, what: str, **kwargs: Any) -> None:
        super().__init__(env, **kwargs)
        self.what = what

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        check(value, self.what, "to write")  # before !r or !s writes it out
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> Any:
        try:
            return super().format_field(value, format_spec)
        except (TypeError, ValueError):  # Python's words name the value's type
            raise TemplateProblem(
                f"{self.what} cannot write {described(value)} in the form its text gives it"
                " ({:…}); give it a number for a number's form ({:d}, {:.2f}), or leave the"
                " form out"
            ) from None


class _TextEscapeFormatter(_TextFormatter, SandboxedEscapeFormatter):
    """:class:`_TextFormatter` for a Markup's ``.format``, escaping what it writes."""


def wrap_str_format(env: SandboxedEnvironment, value: Any) -> Callable[..., str] | None:
    """What Jinja's ``SandboxedEnvironment.wrap_str_format`` gives for a text's ``format``
    or ``format_map`` method (None for any other value), its fields each refused if not a
    text: ``"{}".format(case.person.aliases)``."""
    if not isinstance(value, types.MethodType | types.BuiltinMethodType):
        return None
    method, owner = value.__name__, getattr(value, "__self__", None)
    if method not in ("format", "format_map") or not isinstance(owner, str):
        return None
    what = f"the .{method} method"
    formatter: _TextFormatter
    if isinstance(owner, Markup):
        formatter = _TextEscapeFormatter(env, what, escape=owner.escape)
    else:
        formatter = _TextFormatter(env, what)
    text_type = type(owner)

    @functools.wraps(value)
    def formatted(*args: Any, **kwargs: Any) -> str:
        try:
            if method == "format_map":
                if kwargs or len(args) != 1:
                    raise TemplateProblem(
                        f"{what} takes one record; write it as ….format_map(record)"
                    )
                return text_type(formatter.vformat(owner, (), args[0]))
            return text_type(formatter.vformat(owner, args, kwargs))
        except (IndexError, KeyError):
            raise TemplateProblem(
                f"{what}'s text has a place to fill ({{}}, {{0}} or {{name}}) it was given no"
                " value for; give it one value for each place"
            ) from None
        except (TypeError, ValueError):  # a brace left open, say
            raise TemplateProblem(f"{what} cannot fill its text; {FORMAT_ADVICE}") from None

    return formatted


FORMAT_ADVICE = (
    "each {} takes the next value it is given, {0} or {name} the one of that place or name,"
    " and {{ or }} writes a brace"
)


# What Jinja passes a call inside a loop or block, and takes back before calling a function.
JINJA_KEYWORDS = frozenset({"_loop_vars", "_block_vars"})


def jinja_passes(function: Callable[..., Any]) -> int:
    """How many arguments Jinja passes a filter, test or function before the template's
    own: 1 where it asks for a context, an evaluation context or the environment."""
    return 1 if getattr(function, "jinja_pass_arg", None) is not None else 0


def check_call(obj: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Refuse a call that would write a value that is not a text: a Markup's ``join`` of
    such items (it escapes each, writing it out), a translated sentence given one with
    ``**`` (those named one by one are checked where they are given)."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if isinstance(owner, Markup) and name == "join" and args:
        if isinstance(args[0], list | tuple):  # a generator: listed by limits.checked_call
            check_items(args[0], "the join method", "join", "…|map(attribute='signature')")
    elif isinstance(owner, Translator):
        for key, value in kwargs.items():
            if key not in JINJA_KEYWORDS:
                check(value, f"the {name} function", "to write")
