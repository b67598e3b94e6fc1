"""Translation catalogs (.po) and the gettext functions templates call.

A translator's text is data: it is never parsed as Jinja or as Word XML, and
the rendered letter escapes it like any other value. Fuzzy entries are never
used. A message with no usable translation is recorded, so a letter is never
sent out half in English.
"""

from __future__ import annotations

import functools
import gettext
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

from letters.errors import Problem, TranslationError
from letters.models import bad_character

TEMPLATES_DOMAIN = "templates"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")

Key = tuple[str | None, str]  # (msgctxt, msgid)


def case_domain(case_id: str) -> str:
    return f"case-{case_id}"


def po_path(root: Path, lang: str, domain: str) -> Path:
    return root / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"


@dataclass
class Messages:
    """The usable translations of one domain in one language."""

    label: str
    singular: dict[Key, str] = field(default_factory=dict)
    plural: dict[Key, tuple[str, ...]] = field(default_factory=dict)
    fuzzy: set[Key] = field(default_factory=set)
    lines: dict[Key, int] = field(default_factory=dict)
    plural_expr: str | None = None

    def plural_index(self, n: int) -> int:
        if self.plural_expr is None:
            return 0 if n == 1 else 1
        return int(_plural_function(self.plural_expr)(n))


@functools.lru_cache(maxsize=32)
def _plural_function(expr: str) -> Callable[[int], int]:
    return gettext.c2py(expr)


_PO_KEYWORD = re.compile(r"(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])[ \t]+(.*)")
_PO_STRING = re.compile(r'"(?:[^"\\]|\\.)*"[ \t]*')
_PO_ESCAPE = re.compile(r"\\(.)")


def po_syntax_error(text: str) -> tuple[int, str] | None:
    """The first line that is not valid .po syntax, with the reason, or None.

    Babel quietly accepts a string with a missing quote (and drops a letter
    of it), so every line is checked here first.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _PO_KEYWORD.fullmatch(stripped)
        quoted = match.group(2) if match else stripped
        if not match and not stripped.startswith('"'):
            return number, "expected msgid, msgstr, msgctxt or a quoted string"
        if not _PO_STRING.fullmatch(quoted):
            return number, "the text must be one string in double quotes (is a quote missing?)"
        for escape in _PO_ESCAPE.findall(quoted.rstrip()[1:-1]):
            if escape not in '\\"ntr':
                return number, f"unsupported escape \\{escape}"
    return None


def read_catalog(path: Path, label: str, lang: str | None = None) -> Catalog:
    """Read a .po or .pot strictly: any syntax error stops, naming the file and line."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise TranslationError(f"{label}: not UTF-8 text; save it as UTF-8") from None
    error = po_syntax_error(text)
    if error is not None:
        raise TranslationError(f"{label}:{error[0]}: invalid .po file: {error[1]}")
    try:
        with path.open("rb") as handle:
            catalog: Catalog = read_po(handle, locale=lang, abort_invalid=True)
    except PoFileError as exc:
        if lang and "num_plurals" in str(exc):
            # A wrong Plural-Forms header is the cause; say so rather than blame the entry.
            with path.open("rb") as handle:
                lenient: Catalog = read_po(handle, locale=lang)
            header = header_problems(lenient, label, lang)
            if header:
                raise TranslationError(str(header[0])) from None
        line = getattr(exc, "lineno", None)
        where = f":{line}" if line else ""
        reason = str(exc).split(" on ", 1)[0].strip()
        raise TranslationError(f"{label}{where}: invalid .po file: {reason}") from None
    except (UnicodeDecodeError, LookupError, ValueError) as exc:
        raise TranslationError(
            f"{label}: cannot read ({type(exc).__name__}); save it as UTF-8"
        ) from None
    return catalog


def header_problems(catalog: Catalog, label: str, lang: str) -> list[Problem]:
    """Charset and Plural-Forms problems of a catalog's header."""
    from babel.messages.plurals import PLURALS, get_plural

    problems = []
    if (catalog.charset or "").lower().replace("_", "-") not in ("utf-8", "utf8"):
        problems.append(
            Problem(
                label,
                None,
                "",
                f"charset is {catalog.charset}; it must be UTF-8 (set"
                " 'Content-Type: text/plain; charset=UTF-8' and save as UTF-8)",
            )
        )
    if lang.split("_")[0] in PLURALS:
        want = get_plural(lang)
        got_n = catalog.num_plurals
        got_expr = "".join(str(catalog.plural_expr).split())
        if got_n != want.num_plurals or got_expr.strip("()") != "".join(
            want.plural_expr.split()
        ).strip("()"):
            problems.append(
                Problem(
                    label,
                    None,
                    "",
                    f"the Plural-Forms header does not match the language '{lang}';"
                    f" use 'nplurals={want.num_plurals}; plural={want.plural_expr};'",
                )
            )
    return problems


def load_messages(path: Path, label: str, lang: str) -> tuple[Messages, list[Problem]]:
    """Read one .po file strictly; return its usable translations and its problems."""
    messages = Messages(label)
    if not path.is_file():
        return messages, []
    try:
        catalog = read_catalog(path, label, lang)
    except TranslationError as exc:
        return messages, [Problem("", None, "", str(exc))]
    problems = header_problems(catalog, label, lang)
    messages.plural_expr = catalog.plural_expr
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
        key: Key = (message.context, msgid)
        line = message.lineno
        messages.lines[key] = line or 0
        if message.fuzzy:
            messages.fuzzy.add(key)
            continue
        raw = message.string if isinstance(message.string, tuple | list) else (message.string,)
        strings = tuple(s or "" for s in raw)
        filled = sum(1 for text in strings if text)
        if isinstance(message.id, tuple | list) and 0 < filled < catalog.num_plurals:
            problems.append(
                Problem(
                    label,
                    line,
                    "",
                    f"translation of {msgid!r} has {filled} plural forms;"
                    f" '{lang}' needs {catalog.num_plurals}",
                )
            )
            continue
        if not all(strings):
            continue
        bad = [p for s in strings if (p := _string_problem(msgid, s))]
        if bad:
            problems.append(Problem(label, line, "", bad[0]))
            continue
        if isinstance(message.id, tuple | list):
            messages.plural[key] = strings
        else:
            messages.singular[key] = strings[0]
    return messages, problems


def _string_problem(msgid: str, msgstr: str) -> str | None:
    found = bad_character(msgstr, allow_newline=False)
    if found:
        return f"translation of {msgid!r} contains a control character ({found})"
    want, got = set(PLACEHOLDER.findall(msgid)), set(PLACEHOLDER.findall(msgstr))
    if want != got:
        return (
            f"translation of {msgid!r} must use the placeholders"
            f" {', '.join(sorted(f'%({n})s' for n in want)) or '(none)'}"
        )
    if want:
        try:
            msgstr % dict.fromkeys(want, 0)
        except (ValueError, TypeError, KeyError):
            return f"translation of {msgid!r} has a stray % (write %% for a percent sign)"
    return None


MARK = "[UNTRANSLATED: {}]"


class Translator:
    """gettext for one language: looks up, escapes nothing (Jinja autoescapes), records gaps.

    With ``mark_gaps`` a missing translation is shown as ``[UNTRANSLATED: ...]``
    around the English, so a draft shows every gap to its reader.
    """

    def __init__(self, messages: Messages | None, mark_gaps: bool = False) -> None:
        self.messages = messages
        self.mark_gaps = mark_gaps
        self.missing: dict[Key, None] = {}
        self.used: dict[Key, str] = {}  # what each lookup gave: a version's inputs

    def _format(self, text: str, variables: dict[str, object]) -> str:
        return text % variables if variables else text

    def _gap(self, key: Key, english: str) -> str:
        self.missing[key] = None
        return MARK.format(english) if self.mark_gaps else english

    def pgettext(self, context: str | None, msgid: str, **variables: object) -> str:
        if self.messages is None:
            self.used[(context, msgid)] = msgid
            return self._format(msgid, variables)
        found = self.messages.singular.get((context, msgid))
        self.used[(context, msgid)] = found or ""
        if found is None:
            return self._gap((context, msgid), self._format(msgid, variables))
        return self._format(found, variables)

    def gettext(self, msgid: str, **variables: object) -> str:
        return self.pgettext(None, msgid, **variables)

    def ngettext(self, singular: str, plural: str, n: int, **variables: object) -> str:
        variables.setdefault("num", n)
        english = self._format(singular if n == 1 else plural, variables)
        if self.messages is None:
            self.used[(None, singular)] = f"{singular} | {plural}"
            return english
        forms = self.messages.plural.get((None, singular))
        self.used[(None, singular)] = " | ".join(forms or ())
        if forms is None:
            return self._gap((None, singular), english)
        index = self.messages.plural_index(n)
        return self._format(forms[min(index, len(forms) - 1)], variables)

    def gaps(self, po_label: str, used_by: Callable[[Key], str], *, warning: bool) -> list[Problem]:
        """A problem for each message this translator could not translate."""
        out = []
        for key in self.missing:
            line = self.messages.lines.get(key) if self.messages else None
            fuzzy = self.messages is not None and key in self.messages.fuzzy
            state = (
                "is marked fuzzy (review it, then remove the fuzzy flag)"
                if fuzzy
                else ("has no translation")
            )
            context = f" (context {key[0]!r})" if key[0] else ""
            out.append(
                Problem(
                    po_label,
                    line or None,
                    "",
                    f"{key[1]!r}{context} {state}; used by {used_by(key)}",
                    warning=warning,
                )
            )
        return out
