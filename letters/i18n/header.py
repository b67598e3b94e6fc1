"""The header of a catalog (the entry with ``msgid ""``): its charset, its Plural-Forms,
and the language it says the catalog is in.

A catalog copied from another language's folder keeps that language's header: its
``Language:`` names the language it was translated into, which is how a Russian catalog
put in the Ukrainian folder is told (:func:`language_problem`). A header with no
``Language:`` line, or an empty one, is taken to be in its folder's language: the folder
is what letters reads a catalog by, and many editors leave the line out.
"""

from __future__ import annotations

import codecs
import re

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog

from letters.errors import Problem
from letters.i18n.plurals import (
    PluralRule,
    PluralRuleError,
    language_rule,
    language_rules,
    parse_plural_forms,
)
from letters.i18n.po_scan import PoScan

_LANGUAGE_PART = re.compile(r"[_\-@.]")
_CHARSET = re.compile(r"charset\s*=\s*\"?([^\s;\"]+)", re.IGNORECASE)


def declared_charset(scan: PoScan) -> tuple[str, int] | None:
    """The charset the header's Content-Type names, as it is spelt, and its line, when it
    is not UTF-8 (by any name: ``utf8``, ``UTF_8``); None when it is, when the header names
    none, or names the placeholder of a template (``charset=CHARSET``, as Babel reads it).

    letters reads every catalog as UTF-8, whatever its header says; a catalog whose header
    names another charset is refused by :func:`letters.i18n.po_read.read_catalog` at this
    line, before any of its entries is read in that charset."""
    found = scan.header.get("content-type")
    named = _CHARSET.search(found[0]) if found else None
    if found is None or named is None or named.group(1).lower() == "charset":
        return None
    try:
        if codecs.lookup(named.group(1)).name == "utf-8":
            return None
    except (LookupError, ValueError):  # no encoding Python knows
        pass
    return named.group(1), found[1]


# gettext (libintl, msgfmt, Python's gettext) finds the charset only as written here: in
# lower case, "=" with no space on either side; any other spelling is no charset to it
_GETTEXT_CHARSET = re.compile(r"charset=[^\s;]")

UNREAD_CHARSET = (
    "the header's charset cannot be read by gettext, which reads only 'charset=' written"
    " with no spaces around '=': set 'Content-Type: text/plain; charset=UTF-8' in the header"
)
"""What is said of a header whose charset gettext would not find (its file and line go
before): msgfmt --check only warns of it, and Python's gettext fails on the .mo it makes."""

EMPTY_CHARSET = (
    "the header's charset is empty, and gettext cannot read a catalog without one:"
    " set 'Content-Type: text/plain; charset=UTF-8' in the header"
)
"""What is said of a header whose Content-Type mentions a charset but gives it no value
(``charset=``): msgfmt --check only warns of it, and Python's gettext fails on it."""


def charset_problem(scan: PoScan, label: str) -> Problem | None:
    """The problem of the charset of a catalog's header (``scan``), at its line: one
    gettext would not read (:data:`UNREAD_CHARSET`, :data:`EMPTY_CHARSET`), or one that is not UTF-8
    (:func:`declared_charset`); None when the header names UTF-8, or no charset."""
    found = scan.header.get("content-type")
    mentioned = found is not None and "charset" in found[0].lower()
    if found and mentioned and not _GETTEXT_CHARSET.search(found[0]):
        said = UNREAD_CHARSET if _CHARSET.search(found[0]) else EMPTY_CHARSET
        return Problem(label, found[1], "", said)
    declared = declared_charset(scan)
    if declared is None:
        return None
    said = (
        f"the header says charset={declared[0]}, but the file is UTF-8 text, the only"
        " encoding letters reads a catalog in: set 'Content-Type: text/plain;"
        " charset=UTF-8' in the header"
    )
    return Problem(label, declared[1], "", said)


FILLED = ("Language", "Plural-Forms")
"""The header fields ``letters i18n update`` adds to a catalog that lacks them (one copied
from a .pot has neither), as ``letters i18n init`` writes them."""


def fill_header(catalog: Catalog, scan: PoScan, lang: str) -> list[str]:
    """Give ``catalog`` the header fields of :data:`FILLED` its file lacks (``scan``), for
    ``lang``, its folder's language; the names of those it gets. Its Plural-Forms is the
    one a new catalog gets, where letters knows the language's rule (else Babel's)."""
    missing = [name for name in FILLED if name.lower() not in scan.header]
    rule = language_rule(lang)
    if "Plural-Forms" in missing and rule is not None:
        catalog.mime_headers = [("Plural-Forms", rule.header)]
    written = {name.lower() for name, _ in catalog.mime_headers}
    return [name for name in missing if name.lower() in written]


def header_problems(catalog: Catalog | None, scan: PoScan, label: str, lang: str) -> list[Problem]:
    """Plural-Forms and Language problems of a catalog's header (its charset is checked
    when it is read: :func:`declared_charset`). Without ``catalog`` (one its charset
    stopped Babel reading), only the header's text is checked."""
    problems = []
    plural = plural_problem(scan, label, lang, catalog)
    if plural is not None:
        problems.append(plural)
    language = language_problem(scan, label, lang)
    if language is not None:
        problems.append(language)
    return problems


def plural_problem(
    scan: PoScan, label: str, lang: str, catalog: Catalog | None = None
) -> Problem | None:
    """A catalog's Plural-Forms checked by behaviour against the language's rule.

    Any spelling that picks the same form for every count as GNU gettext's rule or
    the installed Babel's is accepted; a language whose rule is not known is only
    checked for a usable rule. With ``catalog``, the rule Babel read (the one letters
    will use) must be the one checked.
    """
    known = language_rules(lang)
    found = scan.header.get("plural-forms")
    if found is None:
        if not known:
            return None
        return Problem(
            label,
            scan.header_line,
            "",
            f"the header has no Plural-Forms line; add 'Plural-Forms: {known[0].header}'"
            ' to the header entry (msgid "")',
        )
    value, line = found
    use = f"; use '{known[0].header}'" if known else ""
    try:
        rule = parse_plural_forms(value)
        differs = [rule.disagreement(want) for want in known]
        if catalog is not None:
            used = PluralRule(catalog.num_plurals, str(catalog.plural_expr))
            if used.disagreement(rule) is not None:
                return Problem(
                    label,
                    line,
                    "",
                    "the Plural-Forms header is read differently by different tools;"
                    f" write it as one line: 'Plural-Forms: {rule.header}'",
                )
    except PluralRuleError as exc:
        return Problem(label, line, "", f"the Plural-Forms header cannot be used: {exc}{use}")
    if not known or None in differs:
        return None
    most = max(want.nplurals for want in known)
    extra = rule.nplurals - most
    drop = (
        f", and delete each entry's msgstr[{most}]"
        + (f" to msgstr[{rule.nplurals - 1}], forms" if extra > 1 else ", a form")
        + " the language does not have (some tools add one for fractions)"
        if extra > 0
        else ""
    )
    return Problem(
        label,
        line,
        "",
        f"the Plural-Forms header does not match the language '{lang}' ({differs[0]}){use}{drop}",
    )


def language_problem(scan: PoScan, label: str, lang: str) -> Problem | None:
    """The header's ``Language:`` when it names another language than ``lang``, the
    catalog's folder (only the language counts: ``uk_UA`` is ``uk``); None when it names
    ``lang``, is empty, or is not there."""
    found = scan.header.get("language")
    if found is None or not found[0]:
        return None
    value, line = found
    code = _LANGUAGE_PART.split(value, maxsplit=1)[0].lower()
    if code == _LANGUAGE_PART.split(lang, maxsplit=1)[0]:
        return None
    said = f"the header says 'Language: {value}'"
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Problem(
            label,
            line,
            "",
            f"{said}, which is not a language code; this is the {lang} catalog:"
            f" set 'Language: {lang}'",
        )
    return Problem(
        label,
        line,
        "",
        f"{said}, but this is the {lang} catalog: was it copied from the {code} catalog?"
        f" Translate it into {_name(lang)}, and set 'Language: {lang}'",
    )


def _name(lang: str) -> str:
    """The language's English name (Ukrainian), or its code if Babel does not know it."""
    try:
        return Locale.parse(lang).english_name or lang
    except (UnknownLocaleError, ValueError):
        return lang
