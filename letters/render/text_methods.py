"""What a text's methods take besides their count of arguments, refused in words.

:mod:`.signatures` holds a call to how many arguments a method takes; what it takes at
each place is Python's affair, told in Python's words (``'str' object cannot be
interpreted as an integer`` for ``'x'.center('a')``, ``must be str or None, not int``
for ``'x'.split(1)``), as a bug in letters where a check of ours ran it. So each
argument a template gives a text's method is held here to what the method needs there
(:data:`METHODS`) first: a text where a text goes (a translated text or a paragraph of
the case given as the text it writes, as the text filters are given them), a whole
number for a width or a count, one character to fill with, a list of texts to join.
"""

from __future__ import annotations

from typing import Any

from babel.support import LazyProxy
from markupsafe import Markup

from letters.errors import TemplateProblem
from letters.render.as_text import described
from letters.render.signatures import Takes
from letters.render.template_context import ParagraphView

TEXT = "a text"
TEXT_OR_NONE = "a text or none"
TEXTS = "a text, or a list of texts"
WHOLE_NUMBER = "a whole number"
PLACE = "a whole number or none"
CHARACTER = "a text of one character"
LIST_OF_TEXTS = "a list of texts"
FLAG = "true or false"

_FILL = (("width", WHOLE_NUMBER), ("fillchar", CHARACTER))
_SEARCH = (("sub", TEXT), ("start", PLACE), ("end", PLACE))
_SPLIT = (("sep", TEXT_OR_NONE), ("maxsplit", WHOLE_NUMBER))

METHODS: dict[str, tuple[tuple[str, str], ...]] = {
    "center": _FILL,
    "ljust": _FILL,
    "rjust": _FILL,
    "zfill": (("width", WHOLE_NUMBER),),
    "count": _SEARCH,
    "find": _SEARCH,
    "rfind": _SEARCH,
    "index": _SEARCH,
    "rindex": _SEARCH,
    "startswith": (("prefix", TEXTS), ("start", PLACE), ("end", PLACE)),
    "endswith": (("suffix", TEXTS), ("start", PLACE), ("end", PLACE)),
    "split": _SPLIT,
    "rsplit": _SPLIT,
    "replace": (("old", TEXT), ("new", TEXT), ("count", WHOLE_NUMBER)),
    "strip": (("chars", TEXT_OR_NONE),),
    "lstrip": (("chars", TEXT_OR_NONE),),
    "rstrip": (("chars", TEXT_OR_NONE),),
    "removeprefix": (("prefix", TEXT),),
    "removesuffix": (("suffix", TEXT),),
    "partition": (("sep", TEXT),),
    "rpartition": (("sep", TEXT),),
    "expandtabs": (("tabsize", WHOLE_NUMBER),),
    "join": (("iterable", LIST_OF_TEXTS),),
    "splitlines": (("keepends", FLAG),),
}
"""What each method of a text that takes arguments needs at each place, in order (by
the name Python gives it there). A method not here takes none, or is held
elsewhere (``format``)."""

# A text, or what writes itself as the text a method is given: a translated text, a case's
# paragraph.
_TEXTS = (str, LazyProxy, ParagraphView)


def taken(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """``args``, what a template gives ``obj`` by place, as the method is given them if
    ``obj`` is a text's method of :data:`METHODS` (a translated text as its text); an
    argument it does not take at its place, by place or by name (``kwargs``, changed in
    place), refused in words. Anything else's are ``args`` as they are."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if not isinstance(owner, str) or name not in METHODS:
        return args
    needs = METHODS[name]
    given = [
        _taken(owner, name, parameter, needs_there, value)
        for (parameter, needs_there), value in zip(needs, args, strict=False)
    ]
    wanted = dict(needs)
    for key, value in kwargs.items():
        if key in wanted:
            kwargs[key] = _taken(owner, name, key, wanted[key], value)
    return (*given, *args[len(given) :])


def _taken(owner: str, method: str, parameter: str, needs: str, value: Any) -> Any:
    """``value``, given to ``method`` as its ``parameter``, as it is given it; refused if
    it is not what the method ``needs`` there."""
    if needs == LIST_OF_TEXTS:
        return _texts_to_join(value, isinstance(owner, Markup))
    if value is None and needs in (TEXT_OR_NONE, PLACE):
        return value
    if needs == FLAG:  # Python takes a whole number too, as true or false
        if isinstance(value, int):
            return value
    elif needs in (WHOLE_NUMBER, PLACE):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif isinstance(value, _TEXTS):
        text = str(value)
        if needs != CHARACTER or len(text) == 1:
            return text
    elif needs == TEXTS and isinstance(value, list | tuple):
        return tuple(_text_among(method, parameter, each) for each in value)
    given = described(value)
    if needs == CHARACTER and isinstance(value, _TEXTS):
        given = "a text of another length"
    raise TemplateProblem(
        f"the .{method} method's {parameter} must be {needs}, not {given}; write it as"
        f" {_usage(owner, method)}"
    )


def _usage(owner: str, method: str) -> str:
    """How a call of ``owner``'s ``method`` is written, as :mod:`.signatures` writes it
    where Python gives its signature."""
    try:
        return Takes(getattr(owner, method), 0, "", f"….{method}", called=True).usage
    except (TypeError, ValueError):  # no signature: its arguments' names, in order
        return f"….{method}({', '.join(name for name, _needs in METHODS[method])})"


def _text_among(method: str, parameter: str, value: Any) -> str:
    if isinstance(value, _TEXTS):
        return str(value)
    raise TemplateProblem(
        f"the .{method} method's {parameter} must be {TEXTS}, and one of the list is"
        f" {described(value)}; write it as ….{method}('…') or ….{method}(('…', '…'))"
    )


def _texts_to_join(value: Any, markup: bool) -> Any:
    """``value``, what a text's ``join`` joins (a list by now: :func:`.limits.checked_call`
    lists what it is given): refused unless its items are texts, or, where a Markup's
    ``join`` escapes each (``markup``), left to :func:`.as_text.check_call`."""
    if not isinstance(value, list | tuple):
        raise TemplateProblem(
            f"the .join method joins {LIST_OF_TEXTS}, and was given {described(value)};"
            " write it as ', '.join(list)"
        )
    for each in value:
        if not isinstance(each, str) and not markup:
            raise TemplateProblem(
                f"the .join method joins texts only, and one of the list is {described(each)};"
                " join them with the join filter (…|join(', ')), which writes each as text"
            )
    return value


def not_found(obj: Any) -> TemplateProblem | None:
    """The problem of ``obj``, a text's or a list's ``index`` or ``rindex`` method, which
    raised Python's ValueError: it did not find what it looks for (Python's words may
    quote that, a value of the case); None for any other callable."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if isinstance(owner, str) and name in ("index", "rindex"):
        find = "find" if name == "index" else "rfind"
        return TemplateProblem(
            f"the .{name} method did not find the text it looks for; ask first with"
            f" {{% if … in … %}}, or use .{find}, which gives -1 where it finds nothing"
        )
    if isinstance(owner, list | tuple) and name == "index":
        return TemplateProblem(
            "the .index method did not find the item it looks for; ask first with {% if … in … %}"
        )
    return None
