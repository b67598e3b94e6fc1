"""Translation catalogs (.po) and the gettext functions templates call.

A translator's text is data: it is never parsed as Jinja or as Word XML, and
the rendered letter escapes it like any other value. Fuzzy entries are never
used. A message with no usable translation is recorded, so a letter is never
sent out half in English.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

from letters.errors import Problem
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
        return int(gettext.c2py(self.plural_expr)(n))


def load_messages(path: Path, label: str, lang: str) -> tuple[Messages, list[Problem]]:
    """Read one .po file strictly; return its usable translations and its problems."""
    messages = Messages(label)
    if not path.is_file():
        return messages, []
    problems: list[Problem] = []
    try:
        with path.open("rb") as handle:
            catalog: Catalog = read_po(handle, locale=lang, abort_invalid=True)
    except PoFileError as exc:
        line = getattr(exc, "lineno", None)
        text = str(exc).split(" on ", 1)[0].strip() or "syntax error"
        return messages, [Problem(label, line, "", f"invalid .po file: {text}")]
    except (UnicodeDecodeError, ValueError, LookupError) as exc:
        return messages, [
            Problem(label, None, "", f"cannot read: {type(exc).__name__}; save it as UTF-8")
        ]
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
    return None


class Translator:
    """gettext for one language: looks up, escapes nothing (Jinja autoescapes), records gaps."""

    def __init__(self, messages: Messages | None) -> None:
        self.messages = messages
        self.missing: dict[Key, None] = {}

    def _format(self, text: str, variables: dict[str, object]) -> str:
        return text % variables if variables else text

    def pgettext(self, context: str | None, msgid: str, **variables: object) -> str:
        if self.messages is None:
            return self._format(msgid, variables)
        found = self.messages.singular.get((context, msgid))
        if found is None:
            self.missing[(context, msgid)] = None
            found = msgid
        return self._format(found, variables)

    def gettext(self, msgid: str, **variables: object) -> str:
        return self.pgettext(None, msgid, **variables)

    def ngettext(self, singular: str, plural: str, n: int, **variables: object) -> str:
        variables.setdefault("num", n)
        if self.messages is None:
            return self._format(singular if n == 1 else plural, variables)
        forms = self.messages.plural.get((None, singular))
        if forms is None:
            self.missing[(None, singular)] = None
            return self._format(singular if n == 1 else plural, variables)
        index = self.messages.plural_index(n)
        return self._format(forms[min(index, len(forms) - 1)], variables)
