"""Plural rules of gettext catalogs, judged by what they do rather than how they are spelt.

A catalog's ``Plural-Forms`` header is a small C expression. GNU gettext, Babel
2.14 and Babel 2.19 spell the same Ukrainian rule three different ways, and any
of them is right. So a rule is compared with the language's by the form it picks
for every count from 0 to 1001 and for a few large ones: two rules that agree
there agree for every count a letter will ever print.
"""

from __future__ import annotations

import functools
import gettext
import re
from collections.abc import Callable
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from letters.errors import in_words
from letters.i18n.po_scan import PoScan

# Every count a letter is likely to print, and large ones that exercise the
# hundreds, thousands and millions where Slavic rules turn.
SAMPLE_COUNTS: tuple[int, ...] = (
    *range(1002),
    1011,
    1021,
    1111,
    1112,
    1125,
    10_001,
    100_011,
    1_000_000,
    1_000_001,
    1_000_002,
    1_000_005,
    1_000_011,
    1_000_021,
    2**31 - 1,
    2**31,
    2**32 + 1,
    10**9 + 2,
    10**12 + 11,
    10**15 + 22,
)

# gettext finds each part by its name and '=' together ("plural="): msgfmt refuses a
# "plural = …" the header has no other rule for, and GNU and Python gettext fall back to
# English's two forms, so such a header is refused here too, however Babel reads it.
_NPLURALS = re.compile(r"^\s*nplurals=\s*(\S*?)\s*$")
_PLURAL = re.compile(r"^\s*plural=\s*(.*?)\s*$", re.DOTALL)
_SPACED = re.compile(r"^\s*(nplurals|plural)\s+=")


class PluralRuleError(ValueError):
    """Raised when a Plural-Forms value cannot be read as gettext reads it."""


@dataclass(frozen=True)
class PluralRule:
    """A gettext plural rule: how many forms, and the expression choosing one for a count."""

    nplurals: int
    expr: str

    @property
    def header(self) -> str:
        """The rule as a translator writes it after ``Plural-Forms:``."""
        return f"nplurals={self.nplurals}; plural={self.expr};"

    def forms(self) -> tuple[int, ...]:
        """The form chosen for each of :data:`SAMPLE_COUNTS`.

        Raises :class:`PluralRuleError` if the expression is not valid gettext
        or picks a form outside ``0 … nplurals-1``.
        """
        return _forms(self.nplurals, self.expr)

    def disagreement(self, other: PluralRule) -> str | None:
        """How this rule differs from ``other`` in behaviour, or None when they agree.

        Raises :class:`PluralRuleError` if either rule cannot be evaluated.
        """
        if self.nplurals != other.nplurals:
            return f"it has {self.nplurals} forms, the language has {other.nplurals}"
        mine, theirs = self.forms(), other.forms()
        for n, got, want in zip(SAMPLE_COUNTS, mine, theirs, strict=True):
            if got != want:
                return f"for {n} it picks form {got}, the language needs form {want}"
        return None


def parse_plural_forms(value: str) -> PluralRule:
    """Read a ``Plural-Forms`` value such as ``nplurals=2; plural=(n != 1);``.

    Parts other than ``nplurals`` and ``plural`` are ignored, as gettext does.
    """
    nplurals: str | None = None
    expr: str | None = None
    for part in value.split(";"):
        if (match := _NPLURALS.match(part)) is not None:
            nplurals = match.group(1)
        elif (match := _PLURAL.match(part)) is not None:
            expr = match.group(1)
    if nplurals is None or expr is None:
        missing = "nplurals" if nplurals is None else "plural"
        spaced = any(
            (found := _SPACED.match(part)) and found.group(1) == missing
            for part in value.split(";")
        )
        hint = f" (write '{missing}=' with no space before '=': gettext reads no other)"
        raise PluralRuleError(f"it has no '{missing}=' part{hint if spaced else ''}")
    if not nplurals.isascii() or not nplurals.isdigit() or not 1 <= int(nplurals) <= 10:
        raise PluralRuleError(f"nplurals must be a whole number from 1 to 10, not {nplurals!r}")
    rule = PluralRule(int(nplurals), expr)
    rule.forms()  # refuse an expression gettext cannot evaluate, now
    return rule


# GNU gettext's rules (its manual and msginit's table) for the languages a European campaign
# is likely to need. They are what msginit, Poedit and Weblate write, and they do not move
# with Babel releases, whose rules follow CLDR and change between releases (Babel 2.19 gives
# French three forms and 2.16 two; Hungarian and Turkish differ the other way).
_GETTEXT_RULES: dict[str, str] = {
    **dict.fromkeys(
        (
            "en",
            "de",
            "nl",
            "sv",
            "da",
            "nb",
            "nn",
            "no",
            "fi",
            "et",
            "el",
            "it",
            "es",
            "pt",
            "eo",
            "bg",
            "ca",
        ),
        "nplurals=2; plural=(n != 1);",
    ),
    **dict.fromkeys(("fr", "pt_BR"), "nplurals=2; plural=(n > 1);"),
    **dict.fromkeys(
        ("ru", "uk", "be", "hr", "sr", "bs"),
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4"
        " && (n%100<10 || n%100>=20) ? 1 : 2);",
    ),
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    **dict.fromkeys(("cs", "sk"), "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"),
    "lt": (
        "nplurals=3;"
        " plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "ro": "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);",
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
    "ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
    **dict.fromkeys(("ja", "ko", "vi", "zh"), "nplurals=1; plural=0;"),
}


def language_rules(lang: str) -> list[PluralRule]:
    """The plural rules a catalog of ``lang`` (``uk``, ``pt_BR``) may carry, preferred first.

    GNU gettext's rule where we know it, then the installed Babel's where it behaves
    differently: a catalog made by msginit, Poedit or any Babel release is accepted. An
    empty list means the language is not known.
    """
    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError, TypeError):
        return []
    rules = []
    gnu = _GETTEXT_RULES.get(str(locale)) or _GETTEXT_RULES.get(locale.language)
    if gnu is not None:
        rules.append(parse_plural_forms(gnu))
    table = _babel_table()
    found = table.get(str(locale)) or table.get(locale.language)
    if found is not None:
        babel = PluralRule(int(found[0]), str(found[1]))
        if not rules or rules[0].disagreement(babel) is not None:
            rules.append(babel)
    return rules


def language_rule(lang: str) -> PluralRule | None:
    """The rule a new catalog of ``lang`` gets and an error message suggests, or None."""
    rules = language_rules(lang)
    return rules[0] if rules else None


@functools.lru_cache(maxsize=1)
def _babel_table() -> dict[str, tuple[int, str]]:
    # babel.messages.plurals.PLURALS is the table gettext catalogs are made from;
    # get_plural() itself answers "n != 1" for a language it does not know, which
    # would make every unknown language look checked.
    from babel.messages import plurals

    table = getattr(plurals, "PLURALS", None)
    return dict(table) if isinstance(table, dict) else {}


@functools.lru_cache(maxsize=64)
def _forms(nplurals: int, expr: str) -> tuple[int, ...]:
    choose = plural_function(expr)
    out = []
    for n in SAMPLE_COUNTS:
        try:
            form = choose(n)
        except ArithmeticError:
            raise PluralRuleError(f"the expression fails for {n} (division by zero?)") from None
        if not 0 <= form < nplurals:
            raise PluralRuleError(
                f"for {n} the expression picks form {form}, but nplurals={nplurals}"
            )
        out.append(form)
    return tuple(out)


@functools.lru_cache(maxsize=64)
def plural_function(expr: str) -> Callable[[int], int]:
    """A gettext plural expression as a function of the count; :class:`PluralRuleError`
    if gettext cannot evaluate it."""
    try:
        return gettext.c2py(expr)
    except (ValueError, SyntaxError, RecursionError, MemoryError):
        raise PluralRuleError(f"'{expr}' is not a gettext plural expression") from None


def form_count_problem(msgid: str, needed: int, lang: str | None, written: dict[int, str]) -> str:
    """The problem of a plural translation whose ``msgstr[n]`` are not the ``needed`` ones,
    saying which to add, fill in or remove. ``written`` gives each form the .po has, by its
    number, with its text."""
    filled = [n for n, text in written.items() if text]
    steps = [
        f"{verb} {msgstr_list(numbers)}"
        for verb, numbers in (
            ("add", [n for n in range(needed) if n not in written]),
            ("fill in", [n for n in range(needed) if n in written and not written[n]]),
            ("remove", sorted(n for n in written if n >= needed)),
        )
        if numbers
    ]
    empty = [n for n in range(needed) if n in written and not written[n]]
    if len(steps) == 1 and empty:  # every form is there: "has 2 forms" would deny a line shown
        are = "is empty; fill it in" if len(empty) == 1 else "are empty; fill them in"
        return f"translation of {msgid!r}: {msgstr_list(empty)} {are}"
    whose = f"'{lang}'" if lang else "the Plural-Forms header"
    return (
        f"translation of {msgid!r} has {len(filled)} plural form{'s' * (len(filled) != 1)};"
        f" {whose} needs {needed}; {'; '.join(steps)}"
    )


def msgstr_list(numbers: list[int]) -> str:
    """The forms ``numbers`` as a translator reads them: "msgstr[1] and msgstr[2]"."""
    names = [f"msgstr[{n}]" for n in numbers]
    return in_words(names)


def too_many_forms(scan: PoScan, lang: str | None) -> tuple[int, str] | None:
    """The first translation with more plural forms than the header's Plural-Forms: the line
    of its first form to remove, and the problem (Babel names only the entry's msgid)."""
    try:
        needed = parse_plural_forms(scan.header["plural-forms"][0]).nplurals
    except (KeyError, PluralRuleError):
        return None
    for (_context, msgid), forms in scan.msgstr_lines.items():
        if msgid and max(forms, default=0) >= needed:
            line = forms[min(n for n in forms if n >= needed)]
            return line, form_count_problem(msgid, needed, lang, dict.fromkeys(forms, "x"))
    return None
