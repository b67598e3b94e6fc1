"""Which counts each form of a plural translation serves, and so which English it must keep.

A plural entry has two English texts: its ``msgid``, which English prints for 1, and its
``msgid_plural``, for every other count. A translated form is printed for the counts its
language's rule picks it for, so it must keep what the English says for each of them: the
Ukrainian ``msgstr[0]`` serves 1, 21, 31…, so it keeps the facts of both English texts, and
the German ``msgstr[0]`` serves 1 alone, so it keeps those of the ``msgid``. Only a form
that serves 1 alone may leave out the count (``ein Jahr`` for ``%(num)d year``): nobody
reads the number there. Which counts a form serves is found by running the catalog's rule
(its ``Plural-Forms``, or the language's) over :data:`~letters.i18n.plurals.SAMPLE_COUNTS`,
never by reading the rule's text.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from letters.errors import in_words
from letters.i18n.consistency import lacking
from letters.i18n.plurals import (
    SAMPLE_COUNTS,
    PluralRuleError,
    language_rules,
    parse_plural_forms,
)

if TYPE_CHECKING:
    from letters.i18n.catalog import Messages

__all__ = ["COUNT_NAMES", "FormUse", "form_uses", "forms_lacking"]

# The placeholders a plural's count is given by: ``num`` is always its count (letters fills
# it in), and ``n`` and ``count`` are what templates call it (the starter's gives ``count``).
COUNT_NAMES = frozenset({"num", "n", "count"})
_SHOWN = 1002  # a form's counts are described from 0 to 1001
_RUNS = 3  # and by its first runs of counts, then "…"


@dataclass(frozen=True)
class FormUse:
    """One plural form (``msgstr[number]``) and the counts a rule picks it for; ``known``
    is False where no rule of the catalog could be run, when every form is taken to serve
    1 and other counts alike (so none may leave anything out)."""

    number: int
    counts: tuple[int, ...]
    known: bool = True

    @property
    def for_one_alone(self) -> bool:
        """Whether the form is printed for the count 1 and no other."""
        return self.known and self.counts == (1,)

    def english(self, singular: str, plural: str) -> list[str]:
        """The English texts the form must keep: the singular's where it serves 1, the
        plural's where it serves any other count (or none we know)."""
        out = [singular] if not self.known or 1 in self.counts else []
        if not self.known or any(n != 1 for n in self.counts) or not self.counts:
            out.append(plural)
        return out

    def others(self) -> str:
        """``21, 31, 41…``: the counts other than 1 the form serves, in words ("" if none)."""
        rest = tuple(n for n in self.counts if n != 1)
        return _counts_in_words(rest) if self.known and rest else ""

    def described(self) -> str:
        """``the form for 1, 21, 31… (msgstr[0])``: the form as a message names it."""
        if not self.known:
            return f"the form msgstr[{self.number}]"
        if not self.counts:
            return f"the form no count uses (msgstr[{self.number}])"
        return f"the form for {_counts_in_words(self.counts)} (msgstr[{self.number}])"


@functools.lru_cache(maxsize=64)
def form_uses(nforms: int, lang: str | None, expr: str | None = None) -> tuple[FormUse, ...]:
    """Each of ``nforms`` plural forms with the counts it serves: by the catalog's rule
    ``expr`` (its Plural-Forms) where that has ``nforms`` forms, else by a rule of ``lang``
    that has; where neither has, every form is taken to serve every count. Worked out once
    for each rule: every plural entry of a catalog, and every letter printing one, asks."""
    for counts in _rule_forms(nforms, lang, expr):
        return tuple(
            FormUse(n, tuple(c for c, form in zip(SAMPLE_COUNTS, counts, strict=True) if form == n))
            for n in range(nforms)
        )
    return tuple(FormUse(n, (), known=False) for n in range(nforms))


def _rule_forms(nforms: int, lang: str | None, expr: str | None) -> list[tuple[int, ...]]:
    known = [rule.forms() for rule in language_rules(lang or "") if rule.nplurals == nforms]
    found = []
    if expr is not None:
        with contextlib.suppress(PluralRuleError):  # the header check names it
            found.append(parse_plural_forms(f"nplurals={nforms}; plural={expr};").forms())
    if known and found and found[0] not in known:
        # the header check refuses a rule the language has not: judge each form by the
        # rule it asks for, so a form is not passed now and refused once the header is fixed
        return known
    return found + known


def _counts_in_words(counts: tuple[int, ...]) -> str:
    """``1, 21, 31…``, ``2–4, 22–24, 32–34…``, ``0 and 2 or more``: a form's counts. A form
    no count under 1002 picks is named by the smallest it serves (``some large counts, such
    as 1,000,000``), and "or more" says which large counts another form takes, if any: a
    sample of counts is all that is known above 1001, so a message gives examples there."""
    shown = [n for n in counts if n < _SHOWN]
    if not shown:
        return f"some large counts, such as {min(counts):,}" if counts else ""
    runs: list[list[int]] = []
    for n in shown:
        if runs and runs[-1][1] == n - 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    words = []
    for first, last in runs[:_RUNS]:
        if last == _SHOWN - 1:
            words.append(f"{first} or more")
        elif last == first:
            words.append(str(first))
        elif last == first + 1:
            words += [str(first), str(last)]
        else:
            words.append(f"{first}–{last}")
    if len(runs) > _RUNS:
        return ", ".join(words) + "…"
    said = in_words(words)
    if runs[-1][1] == _SHOWN - 1:  # "2 or more" must not take in 1,000,000 another form has
        served = set(counts)
        taken = [n for n in SAMPLE_COUNTS if n >= _SHOWN and n not in served]
        if taken:
            said += f", except some large counts such as {taken[0]:,}"
    return said


def forms_lacking(
    key: tuple[str | None, str], plural: str, forms: Sequence[str], messages: Messages
) -> tuple[int, str] | None:
    """What the forms of the plural translation ``key`` (its English plural ``plural``) of
    the catalog ``messages`` (which has a Babel locale) lack of the English each is printed
    for, as a message says it (``in the form for 1, 21, 31… (msgstr[0]) of 'In %(num)d
    year': "2018" (a year)``),
    with the line of the first form lacking something; None when every form keeps it all."""
    singular, locale = key[1], str(messages.locale or messages.plural_locale)
    lines = messages.form_lines.get(key, {})
    said, first = [], None
    for use, text in zip(form_uses(len(forms), locale, messages.plural_expr), forms, strict=True):
        found = [
            thing
            for english in use.english(singular, plural)
            for thing in lacking(english, text, locale, messages.names)
        ]
        if found:
            said.append(f"in {use.described()} of {singular!r}: {', '.join(dict.fromkeys(found))}")
            first = first or lines.get(use.number)
    return (first or 0, "; ".join(said)) if said else None
