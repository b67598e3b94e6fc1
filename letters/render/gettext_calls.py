"""A template's call of a translating function (``_``, ``gettext``, ``pgettext``,
``ngettext``, ``npgettext``) held to what its English text uses, before it is called.

The text is filled with the values the call gives by name (``%(name)s``; ``%(num)d`` is
a plural's count), in English and in each translation, which the catalog check holds to
the English's places. A text naming a value the call does not give, a ``%`` that is no
value's place, or a count that is not a number would otherwise stop the letter with
Python's error (a KeyError) as a bug in letters, or, in a text given no values at all,
print ``%(name)s`` in the letter. Both forms of a plural are held, whichever the count
chooses: a letter that renders for one count renders for every other, in every language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jinja2.runtime import Undefined

from letters.errors import TemplateProblem
from letters.render.as_text import JINJA_KEYWORDS, PRINTF_PLACE, check_printf, described

# a % and what follows it, as Python's % operator reads it (as the printf check does):
# its name, flags, width, precision, length and conversion; "" where no conversion follows
_PLACE = re.compile(PRINTF_PLACE + "([a-zA-Z%]?)")
_CONVERSIONS = frozenset("diouxXeEfFgGcrsa%")
# the English texts of each translating function, and all it takes by place
_TEXTS = {
    "gettext": ("msgid",),
    "pgettext": ("msgid",),
    "ngettext": ("singular", "plural"),
    "npgettext": ("singular", "plural"),
}
_ORDER = {
    "gettext": ("msgid",),
    "pgettext": ("context", "msgid"),
    "ngettext": ("singular", "plural", "n"),
    "npgettext": ("context", "singular", "plural", "n"),
}


def check_translating_call(name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Refuse a template's call of the translating function ``name`` whose English text
    names a value the call does not give, holds a ``%`` that is no value's place while it
    is filled, or (a plural) whose count is not a number. The call has the arguments its
    signature takes (:mod:`.signatures` refused any other)."""
    if name not in _ORDER:
        return
    given = {k: v for k, v in kwargs.items() if k not in JINJA_KEYWORDS}
    arguments = dict(zip(_ORDER[name], args, strict=False))
    arguments.update({k: given.pop(k) for k in _ORDER[name] if k in given})
    what = f"the {name} function"
    if "n" in _ORDER[name]:
        count = arguments.get("n")
        if isinstance(count, Undefined):
            count._fail_with_undefined_error()  # named as any undefined value is
        if isinstance(count, bool) or not isinstance(count, int | float):
            raise TemplateProblem(
                f"{what}'s count (its n) was given {described(count)}, not a number: it"
                f" chooses the plural form by it; give it a number, such as a list's"
                f" …|length (a text of digits becomes one with …|int)"
            )
        given.setdefault("num", count)
    filled = bool(given)  # a text given no values is written as it is: "50%"
    for text in (arguments.get(part) for part in _TEXTS[name]):
        if isinstance(text, str):
            _check_text(text, given, filled, what)


def _check_text(text: str, given: Mapping[str, Any], filled: bool, what: str) -> None:
    for place in _PLACE.finditer(text):
        key, _width, _precision, conversion = place.groups()
        if conversion == "%" and key is None:
            continue
        if key is not None and conversion in _CONVERSIONS - {"%"}:
            value = key[1:-1]
            if value not in given:
                raise TemplateProblem(
                    f"{what}'s text uses the value %({value})s, and the call gives none of"
                    f" that name; give it in the call as {value}=… (a % sign is written %%)"
                )
        elif filled:
            raise TemplateProblem(
                f"{what}'s text has a % that is no value's place ({place.group()}); write"
                " a % sign as %%, and each value as %(name)s, given in the call as name=…"
            )
    if filled:
        check_printf(text, dict(given), what)
