"""What a filter, a test or a function a template calls takes, and a call that gives it
something else refused in words.

``{{ 'abc'|upper(1) }}``, ``{{ x|truncate(foo=1) }}`` or ``{{ n is divisibleby }}`` would
stop with Python's own error (``do_upper() takes 1 positional argument but 2 were given``),
and where that is raised in a wrapper of ours, as a bug in letters. So every filter and
test of the environment (:func:`check_filters`) and every function, method or macro a
template calls (:func:`check_call`, from :meth:`.environment.LetterEnvironment.call`) is
held to its Python signature (a macro to the arguments it names) first, once, here: too
many arguments, one it does not take, one given twice or one it needs left out is told in
words, with how to write the call. What a filter does with the arguments it does take is
its own affair (:mod:`.text_filters`, :mod:`.list_filters`, :mod:`.jinja_tests`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from types import FunctionType, MethodType, ModuleType, NoneType
from typing import Any

from jinja2.runtime import LoopContext, Macro
from jinja2.utils import Cycler, Namespace

from letters.errors import TemplateProblem, in_words
from letters.i18n.catalog import Translator
from letters.render.as_text import JINJA_KEYWORDS, described, jinja_passes

_BY_PLACE = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
_BY_NAME = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
_GIVEN = (*_BY_PLACE, inspect.Parameter.KEYWORD_ONLY)
_JINJA_LITERALS = {True: "true", False: "false", None: "none"}


def _written(parameter: inspect.Parameter) -> str:
    """How a usage writes ``parameter``: its name, with its default as a template writes
    it where it has one (``length=255``, ``leeway=none``); ``…`` for any more."""
    if parameter.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
        return "…"
    default = parameter.default
    if default is inspect.Parameter.empty:
        return parameter.name
    if isinstance(default, bool) or default is None:
        return f"{parameter.name}={_JINJA_LITERALS[default]}"
    if isinstance(default, str | int | float):
        return f"{parameter.name}={default!r}"
    return parameter.name


def _count(number: int) -> str:
    return f"{number} argument" if number == 1 else f"{number} arguments"


def _names(names: list[str]) -> str:
    return in_words(names)


class Takes:
    """What ``function`` (or a signature) takes after the arguments Jinja passes it (``skip``
    of its signature's parameters: a context, a filter's or test's input), for a template
    to give:
    ``what`` names it in messages ("the truncate filter") and ``usage`` is how a call of it
    begins ("…|truncate"), its arguments written after it (in brackets, and if ``called``
    even when it takes none: ``joiner()``)."""

    def __init__(
        self,
        function: Callable[..., Any] | inspect.Signature,
        skip: int,
        what: str,
        usage: str,
        called: bool = False,
    ) -> None:
        self.what = what
        if not isinstance(function, inspect.Signature):
            function = inspect.signature(function)
        parameters = list(function.parameters.values())[skip:]
        self.by_place = [p.name for p in parameters if p.kind in _BY_PLACE]
        self.by_place_only = {p.name for p in parameters if p.kind is p.POSITIONAL_ONLY}
        self.by_name = {p.name for p in parameters if p.kind in _BY_NAME}
        self.needed = {p.name for p in parameters if p.default is p.empty and p.kind in _GIVEN}
        self.any_by_place = any(p.kind is p.VAR_POSITIONAL for p in parameters)
        self.any_by_name = any(p.kind is p.VAR_KEYWORD for p in parameters)
        written = [_written(p) for p in parameters]
        listed = f"({', '.join(dict.fromkeys(written))})"
        self.usage = usage + (listed if written or called else "")
        # a call giving fewer or more by place, or any by name, is checked in full (-1:
        # any call, where an argument is needed by name)
        self.most = len(self.by_place) if not self.any_by_place else 1 << 30
        self.fewest = sum(1 for name in self.by_place if name in self.needed)
        if self.needed - set(self.by_place):
            self.most = -1

    def check(self, given: int, kwargs: Mapping[str, Any]) -> None:
        """Refuse a call giving ``given`` arguments by place and ``kwargs`` by name if
        this does not take them."""
        problem = self.problem(given, kwargs)
        if problem:
            raise TemplateProblem(f"{problem}; write it as {self.usage}")

    def problem(self, given: int, kwargs: Mapping[str, Any]) -> str:
        """What is wrong with a call giving ``given`` arguments by place and ``kwargs`` by
        name, in words ("" if nothing is)."""
        if given > len(self.by_place) and not self.any_by_place:
            return f"{self.what} {self._how_many()}, and was given {given}"
        placed = set(self.by_place[:given])
        for key in kwargs:
            if key in placed and key in self.by_name:
                return f"{self.what} was given its {key} argument twice, by place and by name"
            if key in self.by_place_only and not self.any_by_name:  # else it is one of those
                return f"{self.what} takes its {key} argument by place, not by name"
            if key not in self.by_name and not self.any_by_name:
                named = f"named {key}" if key.isidentifier() and len(key) <= 30 else "by that name"
                return f"{self.what} has no argument {named}"
        missing = [n for n in self.by_place[given:] if n in self.needed and n not in kwargs]
        missing += sorted(n for n in self.needed - set(self.by_place) if n not in kwargs)
        if missing:
            noun = "argument" if len(missing) == 1 else "arguments"
            return f"{self.what} needs its {_names(missing)} {noun}"
        return ""

    def _how_many(self) -> str:
        fewest, most = self.fewest, len(self.by_place)
        if most == 0:
            return "takes no arguments"
        if fewest == most:
            return f"takes {_count(most)}"
        if fewest == 0:
            return f"takes at most {_count(most)}"
        return f"takes {fewest} {'or' if most == fewest + 1 else 'to'} {most} arguments"


def _skipped(function: Callable[..., Any]) -> int:
    """How many parameters of ``function``'s signature Jinja fills before a filter's or
    test's input: one for a context or environment it asks for (its innermost function's
    signature is the one given: an async variant of Jinja's is passed an evaluation context
    that its signature does not show)."""
    inner = inspect.unwrap(function)
    return jinja_passes(inner)


def _checked(function: Callable[..., Any], takes: Takes) -> Callable[..., Any]:
    """``function``, a filter or test, refusing a call whose arguments ``takes`` refuses."""
    lead = jinja_passes(function) + 1
    fewest, most = takes.fewest, takes.most

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if kwargs or not fewest <= len(args) - lead <= most:
            takes.check(len(args) - lead, kwargs)
        return function(*args, **kwargs)

    return checked


def check_filters(filters: dict[str, Any], tests: dict[str, Any]) -> None:
    """Make every filter of ``filters`` and test of ``tests`` refuse, in words, arguments
    its signature does not take (they are given their input first, not counted)."""
    for kind, functions, usage in (("filter", filters, "…|"), ("test", tests, "… is ")):
        for name, function in functions.items():
            try:
                takes = _filter_takes(function, f"the {name} {kind}", usage + name)
            except (TypeError, ValueError):  # no signature: left as it is
                continue
            functions[name] = _checked(function, takes)


def _filter_takes(function: Callable[..., Any], what: str, usage: str) -> Takes:
    """What the filter or test ``function`` takes (see :func:`check_filters`). Every
    environment wraps the same functions anew, and the signature Python reads through the
    wrappers is the innermost function's: what that takes is worked out once a process."""
    inner = inspect.unwrap(function, stop=_signature_stops)  # as inspect.signature goes
    if not isinstance(function, FunctionType) or not isinstance(inner, FunctionType):
        return Takes(function, _skipped(function) + 1, what, usage)  # a method, a partial…
    return _takes_of(inner, what, usage)


def _signature_stops(function: Any) -> bool:
    return hasattr(function, "__signature__") or isinstance(function, MethodType)


@functools.lru_cache(maxsize=1024)
def _takes_of(function: FunctionType, what: str, usage: str) -> Takes:
    return Takes(function, _skipped(function) + 1, what, usage)


def cycler(first: Any, *items: Any) -> Cycler:
    """Jinja's ``cycler``, its first item needed (Jinja's own stops with a RuntimeError)."""
    return Cycler(first, *items)


def record(items: Any = None, /, **named: Any) -> dict[Any, Any]:
    """Jinja's ``dict``: a record of the items given by name, added to those of ``items``
    (a record, or a list of pairs), which anything else is refused in words."""
    return {**_items(items, "dict"), **named}


def namespace(items: Any = None, /, **named: Any) -> Namespace:
    """Jinja's ``namespace``, its first values ``items`` and ``named`` as :func:`record`
    takes them."""
    return Namespace(_items(items, "namespace"), **named)


def _items(items: Any, name: str) -> dict[Any, Any]:
    """``items``, what ``name`` (dict, namespace) was given by place: a record, or a list
    of pairs (key, value); None for none."""
    if items is None:
        return {}
    if isinstance(items, Mapping):
        return dict(items)
    if isinstance(items, list | tuple) and all(
        isinstance(pair, list | tuple) and len(pair) == 2 for pair in items
    ):
        return dict(items)
    pairs = "a list whose items are not each a pair" if isinstance(items, list | tuple) else ""
    raise TemplateProblem(
        f"the {name} function was given {pairs or described(items)}, not a record; give it"
        f" its values by name, as {name}(name='…', count=2)"
    )


_KNOWN: dict[Any, Takes | None] = {}
"""What each function or method a template has called takes, by the function or (a method)
its owner's type and name; None where Python does not say."""


def check_call(
    obj: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any], functions: Mapping[str, Any]
) -> None:
    """Refuse a template's call of ``obj`` with ``args`` and ``kwargs`` if it does not take
    them: a function (by its name among ``functions``, the environment's globals, if it is
    one), a translating function of the template's (``gettext``) or a value's method. A
    template's macro is held to the arguments it names; another callable object, or a
    function Python gives no signature for (``dict``, some methods of texts and dates), is
    left as it is."""
    if isinstance(obj, Macro):
        _check_macro(obj, args, kwargs)
        return
    owner = getattr(obj, "__self__", None)
    if isinstance(owner, LoopContext) and obj.__name__ == "cycle" and not args:
        raise TemplateProblem(  # Jinja's words, "no items for cycling given", name no fix
            "the loop.cycle method needs the values it takes in turn, one for each turn of"
            " the loop; write it as loop.cycle('odd', 'even')"
        )
    if owner is None and not isinstance(obj, FunctionType | type):
        return  # a callable object: a loop, a joiner
    # a bound method is made anew each time it is named: known by its owner's type
    key = obj if isinstance(owner, ModuleType | NoneType) else (type(owner), obj.__name__)
    try:
        takes = _KNOWN[key]
    except KeyError:
        takes = _KNOWN[key] = _takes(obj, owner, functions)
    if takes is None:
        return
    jinja = ("_loop_vars" in kwargs) + ("_block_vars" in kwargs)  # inside a loop, a block
    if len(kwargs) > jinja or not takes.fewest <= len(args) <= takes.most:
        takes.check(len(args), {k: v for k, v in kwargs.items() if k not in JINJA_KEYWORDS})


def _takes(obj: Any, owner: Any, functions: Mapping[str, Any]) -> Takes | None:
    """What ``obj``, a function or method a template calls, takes; None if Python does
    not say."""
    name = next((key for key, value in functions.items() if value is obj), obj.__name__)
    if isinstance(owner, Translator | ModuleType | NoneType):
        what, usage = f"the {name} function", name
    else:
        what, usage = f"the .{name} method", "…." + name
    skip = jinja_passes(obj)
    try:
        return Takes(obj, skip, what, usage, called=True)
    except (TypeError, ValueError):  # no signature
        return None


# A macro's argument a call leaves out is undefined in it, not missing: none is needed.
_UNDEFINED_IF_LEFT_OUT = object()
_POSITIONAL = inspect.Parameter.POSITIONAL_OR_KEYWORD
# What Jinja gives a macro besides its arguments: what a {% call %} block holds, if it shows it.
_ALSO_GIVEN = JINJA_KEYWORDS | {"caller"}


def _check_macro(macro: Macro, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Refuse a call of the template's ``macro`` with more arguments than it names, or one
    by a name it does not have (Jinja's own error names Python's TypeError)."""
    names = macro.arguments
    if (
        (len(args) <= len(names) or macro.catch_varargs)
        and (
            macro.catch_kwargs
            or all(key in names[len(args) :] or key in _ALSO_GIVEN for key in kwargs)
        )
        and ("caller" not in kwargs or macro.caller)
    ):
        return
    if "caller" in kwargs and not macro.caller and not macro.catch_kwargs:
        raise TemplateProblem(
            f"the {macro.name} macro is called by a {{% call %}} block, and does not show what"
            f" the block holds; show it in the macro with {{{{ caller() }}}}, or call the macro"
            f" as {{{{ {macro.name}(…) }}}}"
        )
    left_out = _UNDEFINED_IF_LEFT_OUT
    parameters = [inspect.Parameter(n, _POSITIONAL, default=left_out) for n in names]
    if macro.catch_varargs:
        parameters.append(inspect.Parameter("varargs", inspect.Parameter.VAR_POSITIONAL))
    if macro.catch_kwargs:
        parameters.append(inspect.Parameter("kwargs", inspect.Parameter.VAR_KEYWORD))
    takes = Takes(inspect.Signature(parameters), 0, f"the {macro.name} macro", macro.name, True)
    given = {k: v for k, v in kwargs.items() if k not in JINJA_KEYWORDS}
    if macro.caller:  # what a {% call %} block gives the macro that shows it
        given.pop("caller", None)
    takes.check(len(args), given)
