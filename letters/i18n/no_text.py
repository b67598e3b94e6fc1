"""A translation call given no text at all (``{{ _() }}``, ``{{ pgettext() }}``): Jinja's
extractor hands it over as an empty tuple, which has no English to put in a .pot; nor has
``{{ _("") }}``, whose empty msgid a catalog takes for its header. It is
refused where the messages are read, by ``letters i18n extract`` and by pybabel's
extractors alike, naming the template and its line (or paragraph), never passed over: a
letter made from it cannot be rendered either. So is a ``{% trans %}`` block, which
Jinja's extractor reads and the sandbox letters render in has not, in check's words."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from letters.errors import TemplateProblem
from letters.render.syntax_errors import NO_TRANS

__all__ = ["refuse_empty_calls", "refuse_trans_blocks"]

_TRANS = re.compile(r"\{%-?\s*(?:trans|pluralize|endtrans)\b")

# how a call of each is written, for the advice
_WRITTEN = {
    "_": '_("…")',
    "gettext": 'gettext("…")',
    "pgettext": 'pgettext("context", "…")',
    "ngettext": 'ngettext("one", "many", n)',
    "npgettext": 'npgettext("context", "one", "many", n)',
}


def refuse_empty_calls(
    extracted: list[tuple[int, str, Any, list[str]]], place: Callable[[int], str]
) -> list[tuple[int, str, Any, list[str]]]:
    """``extracted`` (what Jinja's extractor found) as it is, if no call in it is given no
    text; else a TemplateProblem at ``place`` of the first one's line."""
    for lineno, func, message, _comments in extracted:
        if message in ((), ""):
            written = _WRITTEN.get(func, f'{func}("…")')
            raise TemplateProblem(
                f"{place(lineno)}: {func}() is given no text to translate: write its English"
                f" in it, as {written}"
            )
    return extracted


def refuse_trans_blocks(lines: list[str], place: Callable[[int], str]) -> None:
    """Raise a TemplateProblem at ``place`` of the first of ``lines`` (a template's lines,
    or a part's paragraphs) with a tag of a ``{% trans %}`` block."""
    for lineno, line in enumerate(lines, start=1):
        if _TRANS.search(line):
            raise TemplateProblem(f"{place(lineno)}: {NO_TRANS}")
