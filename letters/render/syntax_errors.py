"""What a template's syntax error is told as: the line it is about and the words, where
Jinja's own message would name the wrong place or a piece of the part's XML."""

from __future__ import annotations

import re
import traceback
from typing import Any

from jinja2 import TemplateError, TemplateRuntimeError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from letters.errors import LettersError
from letters.render.environment import UNCHANCY, make_environment
from letters.render.template_context import TemplateContext
from letters.render.value_checks import did_you_mean


def template_line(exc: BaseException) -> int | None:
    """The template line Jinja names for ``exc``: its own for a syntax error, else the
    last line of the template it was running."""
    if isinstance(exc, TemplateSyntaxError) and exc.lineno:
        return exc.lineno
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == "<template>":
            line = lineno
    return line


def explain(exc: BaseException, in_word: bool = True) -> str:
    """What a template's failure is told as, after the file and paragraph it is in;
    ``in_word`` false for a plain text (an e-mail's), which has no paragraphs to give a
    tag of its own."""
    if isinstance(exc, LettersError):
        return str(exc)
    if isinstance(exc, RecursionError):
        return "a macro calls itself without end"
    if isinstance(exc, UndefinedError):
        name = re.search(r"'([^']+)' is undefined", str(exc))
        if name:
            hint = did_you_mean(name.group(1), TemplateContext.__annotations__)
            return f"{name.group(1)} is not defined for this letter{hint}"
        return (  # Jinja's words name the value's type and the field, which may be a value
            "uses a field or an item that a value here does not have (one a filter such as"
            " map, sort or groupby is given as attribute=…, or a .format's {0.field}, say);"
            " check its name"
        )
    if isinstance(exc, SecurityError):
        return "tries to reach something a template may not use (blocked by the sandbox)"
    if isinstance(exc, TemplateSyntaxError):
        unknown = re.search(r"Encountered unknown tag '(\w+)'", exc.message or "")
        if unknown and unknown.group(1) in I18N_TAGS:
            return NO_TRANS
        if unknown:
            hint = did_you_mean(unknown.group(1), TAGS)
            return f"template syntax error: unknown tag '{unknown.group(1)}'{hint}"
        no_filter = re.search(r"No filter named '(\w+)'", exc.message or "")
        if no_filter:
            called = no_filter.group(1)
            hint = (
                CHANCE if called in UNCHANCY else did_you_mean(called, make_environment().filters)
            )
            return f"template syntax error: there is no filter '{called}'{hint}"
        unclosed = re.search(
            r"innermost block that needs to be closed is '(\w+)'", exc.message or ""
        )
        if unclosed:
            tag = unclosed.group(1)
            own = f" ({{%p end{tag} %}} on a paragraph of its own)" if in_word else ""
            return (
                f"template syntax error: this {{% {tag} %}} is never closed; add"
                f" {{% end{tag} %}} where it should end{own}"
            )
        return f"template syntax error: {exc.message}"
    missing = re.search(r"No (filter|test) named '([^']*)'", str(exc))
    if isinstance(exc, TemplateRuntimeError) and missing:  # the name map, select … are given
        kind, called = missing.groups()  # not quoted: it may be a value of the case
        env = make_environment()
        hint = did_you_mean(called, env.filters if kind == "filter" else env.tests)
        return (
            f"a filter such as map, select or reject is given the name of a {kind} that does"
            f" not exist{hint or '; check its name'}"
        )
    if isinstance(exc, UndefinedError | TemplateError):
        return str(exc)
    return _unworkable(exc)


# What a failure nothing of ours names is told as, by its kind: never Python's own words,
# which name Python's types, not the template's, and may quote a value ("9 is not in list").
_UNWORKABLE: dict[type[BaseException], str] = {
    ZeroDivisionError: (
        "divides by zero; where the number it divides by may be 0, show it inside"
        " {% if … %}…{% endif %}"
    ),
    OverflowError: "works out a number too large; give it smaller numbers",
    LookupError: "looks up an item or a key that is not there; ask first with {% if … in … %}",
    TypeError: (
        "gives a filter, method or operator a value of a kind it cannot take; check what"
        " each is given (a number, a text, a list)"
    ),
    ValueError: (
        "gives a filter, method or operator a value it cannot take (a slice's step of 0,"
        " say); check what each is given"
    ),
}


def _unworkable(exc: BaseException) -> str:
    """What ``exc``, raised by Python as a template ran, is told as (see :data:`_UNWORKABLE`)."""
    for kind, words in _UNWORKABLE.items():
        if isinstance(exc, kind):
            return f"cannot be evaluated: it {words}"
    return "cannot be evaluated; check what each filter, method and operator in it is given"


BLOCKS = frozenset({"if", "for", "macro", "call", "filter", "with", "block", "raw"})
# the tags a template may use: Jinja's own and the ends of its blocks
TAGS = (*BLOCKS, "elif", "else", "set", "endset")
TAGS += tuple(f"end{tag}" for tag in BLOCKS)

# the tags of Jinja's i18n extension, which the sandbox has not: a text is translated by
# the calls a letter's context gives (letters.render.context), whose messages extract reads
I18N_TAGS = frozenset({"trans", "pluralize", "endtrans"})
NO_TRANS = (
    "template syntax error: letters has no {% trans %} blocks: write a text to translate as"
    ' {{ _("…") }}, a plural as {{ ngettext("one", "many", n) }} and a text with a context'
    ' as {{ pgettext("context", "…") }}, a value in it as %(name)s given as name=…'
)

CHANCE = "; a letter is the same for the same inputs, so a template chooses nothing by chance"

RUNAWAY = (
    "template syntax error: a text in quotation marks in a tag is not closed in its"
    " paragraph; close it before the tag ends"
)


def runaway_string(env: Any, source: str) -> int | None:
    """The line of a quoted text in a tag that runs on past its paragraph (a quotation
    mark left open: Jinja reads the part's XML after it as text, up to the next quote, and
    then names whatever follows, a style's name say, in a message of its own)."""
    try:
        for line, kind, value in env.lex(source):
            if kind == "string" and "<w:" in value:
                return int(line)
    except TemplateSyntaxError:
        return None
    return None


def unclosed_block(env: Any, source: str) -> int | None:
    """The line of the innermost block tag of ``source`` that is never closed."""
    opened: list[tuple[str, int]] = []
    expect_name = False
    try:
        for line, kind, value in env.lex(source):
            if kind == "block_begin":
                expect_name = True
                continue
            if kind == "whitespace":
                continue
            if expect_name and kind == "name":
                if value in BLOCKS:
                    opened.append((value, line))
                elif value.startswith("end") and opened and opened[-1][0] == value[3:]:
                    opened.pop()
            expect_name = False
    except TemplateSyntaxError:
        return None
    return opened[-1][1] if opened else None
