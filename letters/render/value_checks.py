"""Checks compiled into every template: nothing undefined, None or empty is printed.

A template that prints ``{{ s.signature_image }}`` where it is None would put
"None" into a letter; one that prints an empty fact leaves a gap nobody sees.
Before a template is compiled, its syntax tree is rewritten (:func:`add_checks`):

- each value a ``{{ … }}`` prints, and each value given to a translated
  sentence (``_("… %(state)s …", state=state)``), passes :func:`printed`,
  which refuses None, an empty text, an undefined value and what is not a text
  (a whole record or list, a function, a date not written with the date filter …),
  naming it as the template does (``case.person.occupation``);
- each name with its attributes and items (``case.person.organisation.name``)
  passes :func:`defined`, so an undefined one is named in full wherever it
  is used, not as "'dict object' has no attribute …";
- each piece joined with ``~`` is refused if it is not a text
  (:func:`letters.render.as_text.kind`: a whole record or list, a function …) and held
  to the value size, and each loop's turns are counted (:mod:`letters.render.limits`).

The checks are filters whose names a template cannot write, so a template can
neither call nor replace them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Mapping
from typing import Any

from babel.support import LazyProxy
from jinja2 import ChainableUndefined, StrictUndefined, UndefinedError, nodes, pass_context
from jinja2.runtime import Context, Undefined
from jinja2.utils import missing as jinja_missing
from jinja2.visitor import NodeTransformer

from letters.errors import TemplateProblem, closest
from letters.render.as_text import ADVICE, described, kind
from letters.render.limits import MAX_VALUE_CHARS, charge, counted_loop, exceeded, size
from letters.render.template_context import TemplateContext

PRINTED = "(printed)"
# how a message names what "{{ x if y }}" prints when y is false
NO_ELSE = "an inline “… if …” whose test is false and that has no “else”"
DEFINED = "(defined)"
JOINED = "(joined)"
LOOP = "(loop)"
UNPACKED = "(unpacked)"
EACH_UNPACKED = "(each unpacked)"
# how a message names a piece joined with ~ that is no name, filter or call
JOINED_PIECE = "a piece joined with ~"
# how a message names what a loop goes over that is no name, filter or call
LOOPED = "what the {% for %} loop goes over"

# What a template calls to translate: the values it gives them become text of the letter.
_GETTEXT = frozenset({"_", "gettext", "ngettext", "pgettext", "npgettext"})


class PathUndefined(ChainableUndefined, StrictUndefined):
    """Undefined as :class:`StrictUndefined` is (printing, testing or iterating it fails),
    but ``.attribute`` and ``[item]`` of it are undefined too, so that :func:`defined`
    sees the whole of ``case.person.organisation.name`` and names it."""

    __slots__ = ()


def _refuse_undefined(value: Undefined, name: str) -> None:
    if value._undefined_exception is not UndefinedError:
        value._fail_with_undefined_error()  # the sandbox's refusal, as it is
    parent, missing = value._undefined_obj, value._undefined_name
    base = _base(name, missing)
    if parent is None and base:  # a field of None: it is the None that is to be asked about
        raise TemplateProblem(
            f"{name} is not there: {base} is None here; show it inside"
            f" {{% if {base} %}}…{{% endif %}}"
        )
    if parent is jinja_missing:  # a name of its own: one of the template's names
        known: Iterable[object] = TemplateContext.__annotations__
    else:
        known = parent if isinstance(parent, Mapping) else ()
    raise TemplateProblem(f"{name} is not defined for this letter{did_you_mean(missing, known)}")


def _base(name: str, missing: object) -> str:
    """What ``name`` (``case.person.occupation.text``, ``s.aliases[0]``), the name of a
    value's field or item ``missing``, names that value by; "" if it does not end so."""
    if isinstance(missing, str) and name.endswith(f".{missing}"):
        return name[: -len(missing) - 1]
    item = re.search(r"\[[^][]*\]$", name)
    return name[: item.start()] if item else ""


def did_you_mean(name: object, known: Iterable[object]) -> str:
    """ "; did you mean 'summary'?" for a misspelt ``name``, if one of ``known`` is close."""
    names = [key for key in known if isinstance(key, str)]
    close = closest(name, names, cutoff=0.75) if isinstance(name, str) else None
    return f"; did you mean '{close}'?" if close else ""


def defined(value: Any, name: str) -> Any:
    """``value``, the value of the name ``name``; refused if it is undefined."""
    if isinstance(value, Undefined):
        _refuse_undefined(value, name)
    return value


@pass_context
def printed(context: Context, value: Any, name: str, test: str) -> Any:
    """``value``, printed where the template says ``name``; refused if it is undefined,
    None or empty, or over the value size. ``test`` is the name to suggest an
    ``{% if %}`` around it with ("" if none)."""
    if isinstance(value, Undefined):
        _refuse_undefined(value, name)
    if value is None:
        raise TemplateProblem(_missing(name, "None", test))
    text = str(value) if isinstance(value, LazyProxy) else value
    given = kind(text) or ("a date" if isinstance(text, dt.date) else "")
    if given:  # a date alone is written with the date filter, in the letter's language
        raise TemplateProblem(f"{name} is {given}, not a text; {ADVICE[given]}")
    if isinstance(text, str):
        if not text:
            raise TemplateProblem(_missing(name, "empty", test))
        if len(text) > MAX_VALUE_CHARS:
            raise exceeded("value size")
    elif size(value) > MAX_VALUE_CHARS:
        raise exceeded("value size")
    return value


def _missing(name: str, what: str, test: str) -> str:
    message = f"{name} is {what} here"
    if test:
        message += f"; show it inside {{% if {test} %}}…{{% endif %}}"
    return message


@pass_context
def joined(context: Context, value: Any, name: str = JOINED_PIECE) -> Any:
    """``value``, a piece joined to others with ``~`` where the template says ``name``;
    refused if it is not a text (:func:`.as_text.kind`) or over the value size."""
    given = kind(value)
    if given:
        raise TemplateProblem(f"{name} is {given}, not a text; {ADVICE[given]}")
    chars = size(value)
    if chars > MAX_VALUE_CHARS:
        raise exceeded("value size")
    charge(context, chars)
    return value


@pass_context
def looped(context: Context, value: Any, name: str = LOOPED, test: str = "") -> Any:
    """``value``, what a ``{% for %}`` loop goes over where the template says ``name``;
    refused if it is None or no list (a number, a date, a function), and its turns counted
    (:func:`.limits.counted_loop`). ``test`` is as :func:`printed`'s."""
    if value is None:
        raise TemplateProblem(_missing(name, "None", test))
    if not isinstance(value, Iterable | Undefined):  # an undefined value is refused as it is
        raise TemplateProblem(
            f"{name} is {described(value)}, not a list to loop over; loop over a list"
            " (case.asks), or over range(n) to count n turns"
        )
    return counted_loop(context, value)


def unpacked(value: Any, names: str, tag: str = "set") -> Any:
    """``value`` taken apart into ``names`` ("a, b", or "(a, b), c" with names nested in
    brackets) by a ``{% set %}`` or, ``tag`` "for", a loop's item: refused in words unless
    it is exactly as many values, and each value named in brackets likewise (Python's own
    words, "not enough values to unpack", name no tag and no fix)."""
    return _taken_apart(value, names, names, tag)


def _taken_apart(value: Any, part: str, names: str, tag: str) -> Any:
    """``value`` as the tuple of values ``part`` of the target ``names`` takes it apart
    into, those its nested brackets take apart made tuples too."""
    if isinstance(value, Undefined):
        return value  # refused as an undefined value is
    parts = _target_parts(part)
    count = len(parts)
    given = described(value)
    if isinstance(value, Iterable):
        items = tuple(itertools.islice(value, count + 1))
        if len(items) == count:
            return tuple(
                _taken_apart(item, inner[1:-1], names, tag) if inner.startswith("(") else item
                for item, inner in zip(items, parts, strict=True)
            )
        if isinstance(value, list | tuple):  # how many it holds may be the case's
            given = "a list of another length"
    if part != names:  # names in brackets: the value they take apart is named by them
        if tag == "for":
            raise TemplateProblem(
                f"{{% for {names} in … %}} takes the value it names ({part}) apart into"
                f" {count} values, and one is {given}; loop with one name ({{% for item in"
                f" … %}}), or over items shaped as {names}"
            )
        raise TemplateProblem(
            f"{{% set {names} = … %}} takes the value it names ({part}) apart into {count}"
            f" values, and it is {given}; set one name, or give it values shaped as {names}"
        )
    if tag == "for":
        raise TemplateProblem(
            f"{{% for {names} in … %}} takes each item apart into {count} values, and one"
            f" is {given}; loop with one name ({{% for item in … %}}), or over items of"
            f" {count} values each (…|dictsort gives a record's pairs)"
        )
    raise TemplateProblem(
        f"{{% set {names} = … %}} takes its value apart into {count} values, and it is"
        f" {given}; set one name, or give it exactly {count} values ({{% set {names} ="
        f" …, … %}})"
    )


def _target_parts(names: str) -> list[str]:
    """The parts a target's value is taken apart into: "(a, b), c" gives "(a, b)" and
    "c"; a trailing comma ("a,") adds none."""
    parts, depth, start = [], 0, 0
    for at, char in enumerate(names):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(names[start:at].strip())
            start = at + 1
    parts.append(names[start:].strip())
    return [part for part in parts if part]


def each_unpacked(items: Iterable[Any], names: str) -> Iterable[Any]:
    """``items``, what a ``{% for a, b in … %}`` loop goes over, each taken apart by
    :func:`unpacked`."""
    return (unpacked(item, names, "for") for item in items)


FILTERS = {
    PRINTED: printed,
    DEFINED: defined,
    JOINED: joined,
    LOOP: looped,
    UNPACKED: unpacked,
    EACH_UNPACKED: each_unpacked,
}
"""The checks, as the filters :func:`add_checks` calls."""


_LINKS = (nodes.Name, nodes.Getattr, nodes.Getitem)


def path(node: nodes.Node) -> str | None:
    """The name ``node`` stands for as a template writes it (``case.person.name``,
    ``case.asks[0]``), or None if it is not a name with attributes and items."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        base = path(node.node)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, nodes.Getitem):
        base = path(node.node)
        if base is None:
            return None
        arg = node.arg
        if isinstance(arg, nodes.Const) and isinstance(arg.value, str) and arg.value.isidentifier():
            return f"{base}.{arg.value}"
        if isinstance(arg, nodes.Const) and isinstance(arg.value, int):
            return f"{base}[{arg.value}]"
        return f"{base}[{path(arg) or '…'}]"
    return None


def _description(node: nodes.Node, other: str = "the printed value") -> tuple[str, str]:
    """How a message names the printed ``node`` (``other`` if it is no name, filter or
    call), and the name to test in an ``{% if %}``."""
    name = path(node)
    if name:
        return name, name
    if isinstance(node, nodes.Filter) and node.node is not None:
        base = path(node.node)
        return (f"{base}|{node.name}", base) if base else (f"the {node.name} filter's result", "")
    if isinstance(node, nodes.Call):
        callee = path(node.node)
        return (f"{callee}(…)", "") if callee else ("a call's result", "")
    return other, ""


def _filter(node: Any, name: str, *args: str) -> nodes.Filter:
    consts: list[nodes.Expr] = [nodes.Const(a, lineno=node.lineno) for a in args]
    return nodes.Filter(node, name, consts, [], None, None, lineno=node.lineno)


class _Checks(NodeTransformer):
    """Rewrites a template's syntax tree to pass its values through the checks."""

    def visit_Output(self, node: nodes.Output) -> nodes.Output:
        node.nodes = [
            n if isinstance(n, nodes.TemplateData) else self._printed(n) for n in node.nodes
        ]
        return node

    def _printed(self, node: nodes.Expr) -> nodes.Expr:
        if isinstance(node, nodes.Const):
            return node
        if isinstance(node, nodes.CondExpr):  # each branch is what is printed
            node.test = self.visit(node.test)
            node.expr1 = self._printed(node.expr1)
            if node.expr2 is None and isinstance(node.expr1, nodes.Const):
                node.expr2 = nodes.Const("", lineno=node.lineno)  # {{ ", " if not loop.last }}
            elif node.expr2 is None:  # Jinja would print its base Undefined there: nothing
                node.expr2 = _filter(nodes.Const("", lineno=node.lineno), PRINTED, NO_ELSE, "")
            else:
                node.expr2 = self._printed(node.expr2)
            return node
        if isinstance(node, nodes.Concat):
            node.nodes = [self._printed(n) for n in node.nodes]
            return node
        name, test = _description(node)
        inner = self._links(node) if isinstance(node, _LINKS) else self.visit(node)
        return _filter(inner, PRINTED, name, test)

    def visit_Name(self, node: nodes.Name) -> nodes.Expr:
        return self._defined(node)

    def visit_Getattr(self, node: nodes.Getattr) -> nodes.Expr:
        return self._defined(node)

    def visit_Getitem(self, node: nodes.Getitem) -> nodes.Expr:
        return self._defined(node)

    def _defined(self, node: nodes.Name | nodes.Getattr | nodes.Getitem) -> nodes.Expr:
        if node.ctx != "load":
            return node
        name = path(node)
        node = self._links(node)
        return _filter(node, DEFINED, name) if name else node

    def _links(self, node: nodes.Expr) -> Any:
        """``node``, a name with attributes and items, with what it holds besides its own
        links checked: the items' keys, and a start that is not a name."""
        if isinstance(node, nodes.Getitem):
            node.arg = self.visit(node.arg)
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            base = node.node
            node.node = self._links(base) if isinstance(base, _LINKS) else self.visit(base)
        return node

    def visit_Test(self, node: nodes.Test) -> Any:
        # "is defined" and "|default" are how a template asks: they get the undefined value
        if node.name in ("defined", "undefined"):
            return self._asking(node)
        return self.generic_visit(node)

    def visit_Filter(self, node: nodes.Filter) -> Any:
        if node.name in ("default", "d"):
            return self._asking(node)
        return self.generic_visit(node)

    def _asking(self, node: Any) -> Any:
        if isinstance(node.node, _LINKS):
            node.node = self._links(node.node)
        elif node.node is not None:
            node.node = self.visit(node.node)
        node.args = [self.visit(a) for a in node.args]
        node.kwargs = [self.visit(k) for k in node.kwargs]
        node.dyn_args = self.visit(node.dyn_args) if node.dyn_args else None
        node.dyn_kwargs = self.visit(node.dyn_kwargs) if node.dyn_kwargs else None
        return node

    def visit_Call(self, node: nodes.Call) -> Any:
        if path(node.node) not in _GETTEXT:
            return self.generic_visit(node)
        keywords, node.kwargs = node.kwargs, []
        self.generic_visit(node)  # changes node in place
        for keyword in keywords:  # what a translated sentence says is printed in it
            keyword.value = self._printed(keyword.value)
        node.kwargs = keywords
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Concat:
        node.nodes = [n if isinstance(n, nodes.Const) else self._joined(n) for n in node.nodes]
        return node

    def _joined(self, node: nodes.Expr) -> nodes.Expr:
        name, _test = _description(node, JOINED_PIECE)
        return _filter(self.visit(node), JOINED, name)

    def visit_For(self, node: nodes.For) -> nodes.For:
        name, test = _description(node.iter, LOOPED)  # as written, before the checks go in
        self.generic_visit(node)  # changes node in place
        node.iter = _filter(node.iter, LOOP, name, test)
        names = _names(node.target)
        if names:
            node.iter = _filter(node.iter, EACH_UNPACKED, names)
        return node

    def visit_Assign(self, node: nodes.Assign) -> nodes.Assign:
        self.generic_visit(node)  # changes node in place
        names = _names(node.target)
        if names:
            node.node = _filter(node.node, UNPACKED, names)
        return node


def _names(target: nodes.Node) -> str:
    """The names a ``{% for %}`` or ``{% set %}`` takes its value apart into as the
    template writes them ("a, b", "(a, b), c"), or "" for one name."""
    if isinstance(target, nodes.Tuple):
        return _written(target)[1:-1]
    return ""


def _written(target: nodes.Node) -> str:
    """One part of a target as written: a name, or names in brackets ("(a, b)")."""
    if isinstance(target, nodes.Tuple):
        inner = [_written(item) for item in target.items]
        return f"({', '.join(inner)}{',' if len(inner) == 1 else ''})"
    if isinstance(target, nodes.Name):
        return target.name
    return "…"  # no other target parses in a template


def add_checks(template: nodes.Template) -> nodes.Template:
    """``template``'s syntax tree with the checks in it (see the module's docstring)."""
    checked = _Checks().visit(template)
    assert isinstance(checked, nodes.Template)
    return checked
