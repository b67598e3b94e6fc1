"""The sandboxed Jinja environment letter templates are rendered in, and its filters."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable
from types import CodeType
from typing import Any, ClassVar

from babel import Locale
from babel.lists import format_list
from babel.support import LazyProxy
from jinja2 import BaseLoader, Environment, nodes, pass_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from letters.errors import TemplateProblem
from letters.files.memo import Kept
from letters.i18n.catalog import MARK, Translator
from letters.load.partial_date import PartialDate
from letters.render import (
    as_text,
    bounded,
    jinja_tests,
    limits,
    list_filters,
    operators,
    signatures,
    text_filters,
    text_methods,
)
from letters.render.as_text import NONE_ADVICE
from letters.render.conventions import GENDERS, in_words, list_items
from letters.render.dates import format_when
from letters.render.footnotes import footnote
from letters.render.gettext_calls import check_translating_call
from letters.render.value_checks import FILTERS, PathUndefined, add_checks


def _locale(context: Context) -> Locale:
    locale = context.get("locale")
    if not isinstance(locale, Locale):
        raise TemplateProblem("internal: no locale in the template context")
    return locale


@pass_context
def _date_filter(context: Context, value: object, form: str = "long") -> str:
    """A date, or a date known to the month or year, in the letter's language
    (:mod:`letters.render.dates`)."""
    if not isinstance(value, PartialDate | dt.date):
        advice = NONE_ADVICE if value is None else "give it a date (date, an event's date)"
        raise TemplateProblem(
            f"the date filter was given {as_text.described(value)}, not a date; {advice}"
        )
    return format_when(value, form, _locale(context))


@pass_context
def _list_filter(context: Context, value: object) -> str:
    items = list_filters.items_of("format_list", value)
    return format_list([str(v) for v in items], locale=_locale(context))


# A gender left untranslated in a draft ("[UNTRANSLATED: m]") is its English: the gap is listed.
_UNTRANSLATED_GENDERS = {MARK.format(key): key for key in GENDERS}


@pass_context
def _words_filter(context: Context, value: object, gender: object = "m") -> str:
    """A number as running text writes it: one to nine in words (:mod:`.conventions`),
    agreeing with a noun of ``gender``: ``m`` (the default), ``f`` or ``n``."""
    if not isinstance(value, int) or isinstance(value, bool):
        advice = NONE_ADVICE if value is None else "give it a count (case.asks|length)"
        raise TemplateProblem(
            f"the words filter was given {as_text.described(value)}, not a whole number; {advice}"
        )
    if isinstance(gender, str | LazyProxy):
        gender = _UNTRANSLATED_GENDERS.get(str(gender), str(gender))
    if not isinstance(gender, str) or gender not in GENDERS:
        choices = ", ".join(f"'{key}' ({name})" for key, name in GENDERS.items())
        # the template's own letter is in the paragraph its message quotes; a value is not
        given = "another text" if isinstance(gender, str) else as_text.described(gender)
        raise TemplateProblem(
            f"the words filter's gender must be one of {choices}, not {given}"
            " (a gender a translation gives is translated as one of these letters)"
        )
    return in_words(value, _locale(context).language, gender)


@pass_context
def _items_filter(context: Context, value: object) -> list[str]:
    """The items of a list numbered and punctuated as the language does (:mod:`.conventions`)."""
    items = list_filters.items_of("items", value)
    return list_items([str(v) for v in items], _locale(context).language)


class _NoTemplates(BaseLoader):
    """A letter template stands alone: it may not pull in other templates."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, None, None]:
        raise TemplateProblem(
            "{% include %}, {% import %} and {% extends %} are not available in letter templates"
        )


class _BufferCounting(CodeGenerator):
    """Jinja's code generator, with what a macro or a block writes held to the part size,
    and a comparison that can fail (``<``, ``in`` …) made by :func:`.operators.compared`."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.bounded_buffer()")

    def visit_Compare(self, node: nodes.Compare, frame: Frame) -> None:
        if all(operand.op in ("eq", "ne") for operand in node.ops):  # any two values compare
            super().visit_Compare(node, frame)
            return
        # each value is worked out before the first comparison, not only if it is reached
        self.write("environment.compared(")
        self.visit(node.expr, frame)
        for operand in node.ops:
            self.write(f", {operand.op!r}, ")
            self.visit(operand.expr, frame)
        self.write(")")


class LetterEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox with the checks of :mod:`.value_checks` compiled into every template,
    the render limits of :mod:`.limits` on what a template can make, and nothing but a
    text turned into text (:mod:`.as_text`: its hooks here, for ``%``, a call and
    ``.format``; :mod:`.text_filters`: its filters)."""

    intercepted_binops = frozenset(operators.ARITHMETIC)
    intercepted_unops = frozenset({"-", "+"})
    code_generator_class = _BufferCounting
    # What sets the code a template compiles to, beyond its source: make_environment's
    # ``text``. None: not made there, so nothing is shared (see compile).
    compile_key: str | None = None
    _compiled: ClassVar[Kept[CodeType]] = Kept(most=64)

    def compile(  # type: ignore[override]
        self,
        source: str | nodes.Template,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> str | CodeType:
        """Jinja's compile, its code kept for the same source by environments made alike:
        a batch compiles each part of its template once per language, and a Workspace
        kept open compiled them again on every call. A template's code depends only on its
        source and the environment's settings (its filters and tests are looked up as it
        runs); a template that does not compile is compiled, and refused, each time."""
        if raw:
            return super().compile(source, name, filename, True, defer_init)
        if not isinstance(source, str) or self.compile_key is None:
            return super().compile(source, name, filename, False, defer_init)
        digest = hashlib.sha256(source.encode("utf-8", "surrogatepass")).digest()
        key = (self.compile_key, digest, name, filename, defer_init)
        return self._compiled.get(
            key,
            lambda: ImmutableSandboxedEnvironment.compile(
                self, source, name, filename, False, defer_init
            ),
        )

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        printf = operator == "%" and isinstance(left, str | LazyProxy)
        if printf:
            as_text.check_printf(str(left), right, "the % operator")
        limits.check_binop(context, operator, left, right)
        work = functools.partial(self.binop_table[operator], left, right)
        if not printf:
            result = operators.arithmetic(operator, left, right, work)
        else:
            try:
                result = work()
            except (TypeError, ValueError, KeyError):  # a % before no conversion
                raise as_text.printf_failed("the % operator") from None
        if isinstance(result, int):  # its size is known exactly only now
            limits.check_value(result)
        return result

    def call_unop(self, context: Context, operator: str, arg: Any) -> Any:
        return operators.signed(operator, arg, functools.partial(self.unop_table[operator], arg))

    @staticmethod
    def compared(first: Any, *rest: Any) -> bool:
        """A template's comparison (see :class:`_BufferCounting`)."""
        return operators.compared(first, *rest)

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        signatures.check_call(obj, args, kwargs, self.globals)
        args = limits.checked_call(context, obj, args)
        args = text_methods.taken(obj, args, kwargs)
        as_text.check_call(obj, args, kwargs)
        if isinstance(getattr(obj, "__self__", None), Translator):
            check_translating_call(obj.__name__, args, kwargs)
        try:
            return super().call(context, obj, *args, **kwargs)
        except ValueError:
            problem = text_methods.not_found(obj)
            if problem is None:
                raise
            raise problem from None

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        call = as_text.wrap_str_format(self, value)
        return None if call is None else limits.bounded_format(call, value.__self__)

    def bounded_buffer(self) -> limits.Buffer:
        """A buffer for what a macro or block writes (see :class:`_BufferCounting`)."""
        return limits.Buffer()

    def _generate(
        self,
        source: nodes.Template,
        name: str | None,
        filename: str | None,
        defer_init: bool = False,
    ) -> str:
        # Jinja's hook between parsing and generating code: where the checks go in. Parsing
        # alone (Babel's extraction) sees the template as written.
        checked = add_checks(source)
        checked.set_environment(self)
        return super()._generate(checked, name, filename, defer_init)


def _not_json(_value: object) -> object:
    """What tojson meets beyond text, numbers, lists and mappings: the letter's own texts
    and records, which it does not write out whole."""
    raise TemplateProblem(
        "tojson writes plain values only, and this holds the letter's own texts or records:"
        " print one of its parts (a field or an item) instead"
    )


UNCHANCY = frozenset({"random", "lipsum"})
"""Jinja's filter and function that choose by chance, which templates are not given."""


def make_environment(*, text: bool = False) -> LetterEnvironment:
    """The Jinja environment templates are rendered in; ``text`` for plain-text messages
    (e-mail), which are not XML and so are not escaped."""
    env = _bare_environment(text)
    filters, tests, names = _checked_functions(text)
    env.filters, env.tests, env.globals = dict(filters), dict(tests), dict(names)
    env.compile_key = "text" if text else "xml"
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "default": _not_json}
    return env


def _bare_environment(text: bool) -> LetterEnvironment:
    return LetterEnvironment(
        autoescape=not text,
        trim_blocks=text,
        lstrip_blocks=text,
        undefined=PathUndefined,
        auto_reload=False,
        loader=_NoTemplates(),
    )


Functions = dict[str, Any]


@functools.cache
def _checked_functions(text: bool) -> tuple[Functions, Functions, Functions]:
    """The filters, tests and globals of an environment, each wrapped in its checks: made
    once a process for each kind (wrapping them took 15 ms, and every Renderer makes two
    environments). The wrappers hold nothing of an environment, only the functions they
    wrap; each environment is given its own copies of the three tables."""
    env = _bare_environment(text)
    env.filters["date"] = _date_filter
    env.filters["format_list"] = _list_filter
    env.filters["words"] = _words_filter
    env.filters["items"] = _items_filter
    if not text:  # a footnote needs a Word document around it
        env.globals["footnote"] = footnote
    # Chance has no place in a letter: the same inputs give the same text and version id
    for name in UNCHANCY:
        env.filters.pop(name, None)
        env.globals.pop(name, None)
    env.globals["cycler"] = signatures.cycler
    env.globals["dict"] = signatures.record
    env.globals["namespace"] = signatures.namespace
    bounded.add_bounded(env)
    text_filters.check_filters(env.filters)
    list_filters.check_lists(env.filters)
    jinja_tests.check_tests(env.tests)
    signatures.check_filters(env.filters, env.tests)
    env.filters.update(FILTERS)
    return env.filters, env.tests, env.globals
