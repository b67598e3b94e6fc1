"""Translation catalogs (.po) and the gettext functions templates call.

A translator's text is data: it is never parsed as Jinja or as Word XML, and
the rendered letter escapes it like any other value. Fuzzy entries are never
used. A message with no usable translation is recorded, so a letter is never
sent out half in English. A file is read strictly by :mod:`letters.i18n.po_read`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

from letters.errors import (
    FUZZY,
    INCONSISTENT,
    UNTRANSLATED,
    Problem,
    TranslationError,
    closest,
    sort_problems,
)
from letters.files.memo import by_content
from letters.files.size_limits import CATALOG_TOO_LARGE, MAX_CATALOG_BYTES, read_at_most
from letters.i18n.absent import absent_catalog
from letters.i18n.consistency import end_lacking, kept_names, lacking
from letters.i18n.entry_mismatch import (
    context_mismatch,
    kind_mismatch,
    plural_changed,
    unfinished,
)
from letters.i18n.header import header_problems
from letters.i18n.person_note import PersonOfCase, wrong_note
from letters.i18n.plural_forms import forms_lacking
from letters.i18n.plurals import form_count_problem, plural_function
from letters.i18n.po_read import HeaderCharsetError, catalog_of_bytes
from letters.i18n.po_write import previous_ids
from letters.i18n.translated import (
    blank_forms,
    forms_needed,
    has_translation,
    missing_forms,
    refusal,
)
from letters.load.encoding import cannot_read, unreadable

if TYPE_CHECKING:
    from letters.load.loader import WorkspaceData

TEMPLATES_DOMAIN = "templates"
# A message as a catalog knows it: its msgctxt (None where it has none) and its msgid, the
# singular's English for a plural.
Key = tuple[str | None, str]  # (msgctxt, msgid)


def case_domain(case_id: str) -> str:
    """The gettext domain of a case's texts: ``case-<case>``."""
    return f"case-{case_id}"


def case_people(ws: WorkspaceData) -> dict[str, PersonOfCase]:
    """The person each case's catalog is translated for, by the case's domain."""
    return {
        case_domain(c): PersonOfCase(entry.case.person.gender, entry.label)
        for c, entry in ws.cases.items()
    }


def po_path(root: Path, lang: str, domain: str) -> Path:
    """Where the catalog of ``domain`` in ``lang`` lives in the workspace at ``root``."""
    return root / "locales" / lang / "LC_MESSAGES" / f"{domain}.po"


@dataclass
class Messages:
    """The usable translations of one domain in one language.

    With a ``locale`` (a Babel locale such as ``uk_UA``), every translation a
    :class:`Translator` uses is checked against its English
    (:mod:`letters.i18n.consistency`); ``names`` are the Latin-script names the
    catalog keeps, which that check looks for. ``lines`` are the lines of the entries'
    ``msgid``, ``msgstr_lines`` those of the translations used (``msgstr``), where a
    problem of the translation is fixed.
    """

    label: str
    singular: dict[Key, str] = field(default_factory=dict)
    plural: dict[Key, tuple[str, ...]] = field(default_factory=dict)
    fuzzy: set[Key] = field(default_factory=set)
    unfinished: dict[Key, tuple[int, ...]] = field(default_factory=dict)  # fuzzy, forms empty
    lines: dict[Key, int] = field(default_factory=dict)
    written: set[Key] = field(default_factory=set)  # entries with a msgstr, used or not
    msgstr_lines: dict[Key, int] = field(default_factory=dict)
    # a plural's English plural (msgid_plural) and the line of each of its forms, by number
    plural_ids: dict[Key, str] = field(default_factory=dict)
    form_lines: dict[Key, dict[int, int]] = field(default_factory=dict)
    plural_expr: str | None = None
    locale: str | None = None
    # a template catalog's locale: its texts state no facts of a case, so only a plural's
    # forms are checked, each against the English of the counts it is printed for
    plural_locale: str | None = None
    names: frozenset[str] = frozenset()
    absent: bool = False  # no .po file at all yet
    would_hold: int | None = None  # if absent: how many messages update would put in it
    misplaced: str | None = None  # if absent: the file saved where it is never read
    english: Callable[[], Collection[Key]] = frozenset  # the keys of its domain's messages
    # every translation written, fuzzy too (one click from use): (line of its msgstr or
    # msgstr[n], the English, the text, the lines of its entry), compared once with the
    # private texts
    written_forms: list[tuple[int, str, str, frozenset[int]]] = field(default_factory=list)
    # the translations of entries whose English is private: (English, translation)
    private_forms: list[tuple[str, str]] = field(default_factory=list)

    def close_to(self, key: Key) -> Key | None:
        """The entry whose msgid is nearly ``key``'s (one number or word changed), if one is."""
        same = [k for k in self.lines if k[0] == key[0] and k != key]
        found = closest(key[1], [k[1] for k in same], cutoff=0.8)
        return next((k for k in same if k[1] == found), None) if found else None

    def lacks(self, key: Key, plural: str | None = None) -> tuple[int | None, str] | None:
        """What the translation of ``key`` lacks of its English (a number, date, URL or
        name), with the line to fix it at; None where it lacks nothing or is not checked:
        a singular text only in a case's catalog (its texts state facts); a plural's forms
        (``plural``: its English plural) in any catalog, each against the English of the
        counts it is printed for."""
        if plural is not None:
            forms = self.plural.get(key)
            if forms is None or (self.locale or self.plural_locale) is None:
                return None
            found = forms_lacking(key, plural, forms, self)
            if found is None:
                return None
            first, said = found
        else:
            translated = self.singular.get(key)
            if translated is None:
                return None
            lacks = lacking(key[1], translated, self.locale, self.names) if self.locale else []
            lacks += end_lacking(key[1], translated)  # a template's sentences end too
            if not lacks:
                return None
            first, said = 0, ", ".join(lacks)
        return first or self.msgstr_lines.get(key) or self.lines.get(key), said

    def plural_index(self, n: int) -> int:
        """Which plural form the catalog's rule picks for ``n``."""
        if self.plural_expr is None:
            return 0 if n == 1 else 1
        return int(plural_function(self.plural_expr)(n))


EMPTY_CATALOG = "the file is empty; 'letters i18n update' begins the catalog in it"
"""What a problem says of a catalog file with nothing in it (its name goes before)."""


def load_messages(
    path: Path,
    label: str,
    lang: str,
    check_locale: str | None = None,
    person: PersonOfCase | None = None,
    private: frozenset[str] | set[str] = frozenset(),
    plural_locale: str | None = None,
) -> tuple[Messages, list[Problem]]:
    """Read one .po file strictly; return its usable translations and its problems.

    With ``check_locale`` (the Babel locale of ``lang``), each translation will be
    checked for the numbers, dates, URLs and names of its English when it is used
    (see :class:`Messages`). With ``person`` (a case's catalog), a note saying the
    catalog was translated for the other gender is a problem. An entry whose English is
    one of the ``private`` texts (a catalog made before the text was marked private) is
    never used nor checked, so that no message quotes it or its translation: a warning
    names its line. With ``plural_locale`` alone, only plural translations are checked so.
    """
    messages = Messages(label, locale=check_locale, plural_locale=plural_locale)
    if not path.exists():
        messages.absent = True
        return messages, []
    why = unreadable(path)  # a pipe, a folder of its name, no permission: no catalog to begin
    if why is None:
        try:
            read = read_at_most(path, MAX_CATALOG_BYTES)
        except OSError as exc:  # taken away since it was opened
            why = cannot_read(exc)
        else:
            why, data = (CATALOG_TOO_LARGE, b"") if read is None else (None, read)
    if why:
        return messages, [Problem("", None, "", f"{label}: {why}")]
    if not data.strip():  # not a catalog with no header: one never begun
        return messages, [Problem("", None, "", f"{label}: {EMPTY_CATALOG}")]
    found, problems = _read_messages(
        data, label, lang, check_locale, person, frozenset(private), plural_locale
    )
    return _own_copy(found), list(problems)


def _own_copy(messages: Messages) -> Messages:
    """``messages`` with containers of its own: a caller may change what it is given."""
    containers = (dict, set, list)
    return replace(
        messages,
        **{
            f.name: copy.copy(getattr(messages, f.name))
            for f in fields(messages)
            if isinstance(getattr(messages, f.name), containers)
        },
    )


@by_content(most=64)  # a catalog is read again by each command of a kept Workspace
def _read_messages(
    data: bytes,
    label: str,
    lang: str,
    check_locale: str | None,
    person: PersonOfCase | None,
    private: frozenset[str],
    plural_locale: str | None,
) -> tuple[Messages, list[Problem]]:
    """:func:`load_messages` of the file's ``data``, read and not empty (the same bytes
    and arguments give the same result: kept, and copied for each caller)."""
    messages = Messages(label, locale=check_locale, plural_locale=plural_locale)
    try:
        catalog, scan = catalog_of_bytes(data, label, lang)
    except HeaderCharsetError as exc:  # every problem of the header at once
        found = [exc.problem, *header_problems(None, exc.scan, label, lang)]
        return messages, sort_problems(found)
    except TranslationError as exc:
        return messages, [Problem("", None, "", str(exc))]
    problems = header_problems(catalog, scan, label, lang)
    if person is not None:
        translated = any(m.id and has_translation(m) for m in catalog)
        problems += wrong_note(data, scan.header_line, label, person, translated)
    messages.plural_expr = catalog.plural_expr
    # a header wrong for the language is reported above: no entry repeats its error
    needed = forms_needed(catalog, lang)
    previous_ids(catalog)  # each entry's #| (#~|) msgid, which Babel reads as a comment
    for message in catalog.obsolete.values():  # never used, but sent with the catalog
        said = PRIVATE_ENTRY if _english(message.id) in private else PRIVATE_EARLIER
        if _english(message.id) in private or _english(message.previous_id) in private:
            problems.append(Problem(label, message.lineno, "", said, warning=True))
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
        key: Key = (message.context, msgid)
        line = message.lineno
        raw = message.string if isinstance(message.string, tuple | list) else (message.string,)
        forms = scan.msgstr_lines.get(key, {})
        if msgid in private:
            problems.append(Problem(label, line, "", PRIVATE_ENTRY, warning=True))
            messages.private_forms += [(msgid, text) for text in raw if text]
            continue
        at = frozenset({line or 0, *forms.values()})
        messages.written_forms += [
            (forms.get(n) or line or 0, msgid, text, at) for n, text in enumerate(raw) if text
        ]
        if _english(message.previous_id) in private:
            problems.append(Problem(label, line, "", PRIVATE_EARLIER, warning=True))
        messages.lines[key] = line or 0
        messages.written |= {key} if message.string else set()  # one update may take
        if missing_forms(message, forms, needed):  # fuzzy or not: no tool would fill it in
            written = {n: raw[n] or "" if n < len(raw) else "" for n in forms}
            problem = form_count_problem(msgid, needed, lang, written)
            problems.append(Problem(label, forms.get(max(forms, default=0)) or line, "", problem))
            continue
        if message.fuzzy:
            # flagged, but not all written (a tool's "needs work" on an empty entry):
            # untranslated, as 'i18n stats' counts it, and msgfmt where nothing is written
            blank = blank_forms(message.string)
            if not blank:
                messages.fuzzy.add(key)
            elif len(blank) < len(raw):
                messages.unfinished[key] = blank
            continue
        strings = tuple(s or "" for s in raw)
        filled = sum(1 for text in strings if text)
        # a problem of a translation is placed on its msgstr (or msgstr[n]), not its msgid
        if isinstance(message.id, tuple | list) and 0 < filled < needed:
            empty = next((n for n, text in enumerate(strings) if not text), len(strings))
            written = {n: strings[n] if n < len(strings) else "" for n in forms}
            problems.append(
                Problem(
                    label,
                    forms.get(empty) or forms.get(max(forms, default=0)) or line,
                    "",
                    form_count_problem(msgid, needed, lang, written),
                )
            )
            continue
        if not all(strings):
            continue
        plural = isinstance(message.id, tuple | list)
        english_plural = str(message.id[1]) if plural else None
        notes = message.user_comments
        bad = refusal(msgid, strings, lang, notes, plural, english_plural, catalog.plural_expr)
        if bad:
            problems.append(Problem(label, forms.get(bad[0]) or line, "", bad[1]))
            continue
        messages.msgstr_lines[key] = forms.get(0) or line or 0
        if isinstance(message.id, tuple | list):
            messages.plural[key] = strings
            messages.plural_ids[key] = str(message.id[1])
            messages.form_lines[key] = dict(forms)
        else:
            messages.singular[key] = strings[0]
    if check_locale is not None or plural_locale is not None:
        pairs = [(k[1], v) for k, v in messages.singular.items()]
        pairs += [
            (english, form)
            for key, forms in messages.plural.items()
            for english in (key[1], messages.plural_ids[key])
            for form in forms
        ]
        messages.names = kept_names(pairs)
    return messages, problems


def _english(ids: object) -> str:
    """The English of a msgid, or of a ``previous_id`` (a list: msgid and its plural)."""
    while isinstance(ids, tuple | list):
        if not ids:
            return ""
        ids = ids[0]
    return str(ids or "")


PRIVATE_ENTRY = (
    "this entry's English is a text the case marks private, which no letter shows and no"
    " catalog should hold; its translation is never used: 'letters i18n update' removes it"
)
"""The warning for a catalog entry of a private text; it quotes neither the text nor its
translation."""

PRIVATE_EARLIER = (
    "this entry's earlier English (#| msgid) is a text the case marks private, which no"
    " catalog should hold: 'letters i18n update' removes it"
)
"""The warning for a catalog entry whose earlier English is a private text; it quotes
neither."""

NOT_IN_CATALOG = (
    "and no entry in the catalog yet ('letters i18n extract' and then 'letters i18n update' add it)"
)
"""Said of a message a catalog has no entry for, after "has no translation"."""

MARK = "[UNTRANSLATED: {}]"


class Translator:
    """gettext for one language: looks up, escapes nothing (Jinja autoescapes), records gaps.

    With ``mark_gaps`` a missing translation is shown as ``[UNTRANSLATED: ...]``
    around the English, so a draft shows every gap to its reader. When its catalog
    has a locale, a translation that lacks a number, date, URL or name of its
    English is recorded in ``inconsistent`` as it is used (it is still used).
    """

    def __init__(self, messages: Messages | None, mark_gaps: bool = False) -> None:
        self.messages = messages
        self.mark_gaps = mark_gaps
        self.missing: dict[Key, None] = {}
        self.used: dict[Key, str] = {}  # what each lookup gave: a version's inputs
        self.inconsistent: dict[Key, str] = {}  # what each translation lacks, in words
        # the line to fix it at: a singular's msgstr, a plural's first form lacking something
        self.inconsistent_at: dict[Key, int | None] = {}
        # a plural translated for another English plural than the template's: (its, the template's)
        self.replaced_plural: dict[Key, tuple[str, str]] = {}
        self.checked: set[Key] = set()

    def _format(self, text: str, variables: dict[str, object]) -> str:
        return text % variables if variables else text

    def _gap(self, key: Key, english: str) -> str:
        self.missing[key] = None
        return MARK.format(english) if self.mark_gaps else english

    def pgettext(self, context: str | None, msgid: str, **variables: object) -> str:
        """The translation of ``msgid`` in ``context``, ``%(name)s`` filled from ``variables``."""
        if self.messages is None:
            self.used[(context, msgid)] = msgid
            return self._format(msgid, variables)
        found = self.messages.singular.get((context, msgid))
        self.used[(context, msgid)] = found or ""
        if found is None:
            return self._gap((context, msgid), self._format(msgid, variables))
        self._check((context, msgid))
        return self._format(found, variables)

    def _check(self, key: Key, plural: str | None = None) -> None:
        """Compare the translation of ``key`` with its English, once (see
        :meth:`Messages.lacks`)."""
        if self.messages is None or key in self.checked:
            return
        self.checked.add(key)
        found = self.messages.lacks(key, plural)
        if found is not None:
            self.inconsistent_at[key], self.inconsistent[key] = found

    def gettext(self, msgid: str, **variables: object) -> str:
        """The translation of ``msgid``, its ``%(name)s`` filled from ``variables``."""
        return self.pgettext(None, msgid, **variables)

    def ngettext(self, singular: str, plural: str, n: int, **variables: object) -> str:
        """The form for ``n`` of a plural message; ``%(num)d`` is ``n``."""
        return self.npgettext(None, singular, plural, n, **variables)

    def npgettext(
        self, context: str | None, singular: str, plural: str, n: int, **variables: object
    ) -> str:
        """The form for ``n`` of a plural message in ``context``; ``%(num)d`` is ``n``."""
        variables.setdefault("num", n)
        english = self._format(singular if n == 1 else plural, variables)
        key = (context, singular)
        if self.messages is None:
            self.used[key] = f"{singular} | {plural}"
            return english
        forms = self.messages.plural.get(key)
        held = self.messages.plural_ids.get(key, plural)
        if held != plural:  # its forms translate (and were checked against) another English
            self.replaced_plural[key] = (held, plural)
            forms = None
        self.used[key] = " | ".join(forms or ())
        if forms is None:
            return self._gap(key, english)
        self._check(key, plural)  # every form: any count may come
        index = self.messages.plural_index(n)
        return self._format(forms[min(index, len(forms) - 1)], variables)

    def gaps(
        self,
        po_label: str,
        used_by: Callable[[Key], str],
        *,
        warning: bool,
        only: Collection[Key] | None = None,
    ) -> list[Problem]:
        """A problem for each message this translator could not translate, and for each
        translation it used that lacks a number, date, URL or name of its English (of the
        messages ``only`` when given)."""
        out = []
        missing = [key for key in self.missing if only is None or key in only]
        if missing and self.messages is not None and self.messages.absent:
            found = self.messages
            return [absent_catalog(po_label, found.would_hold, warning, found.misplaced)]
        for key in missing:
            line = self.messages.lines.get(key) if self.messages else None
            fuzzy = self.messages is not None and key in self.messages.fuzzy
            state = (
                "is marked fuzzy (review it, then remove the fuzzy flag)"
                if fuzzy
                else plural_changed(self.replaced_plural.get(key))
                or kind_mismatch(self.messages, key)
                or unfinished(self.messages, key)
                or "has no translation"
            )
            context = f" (context {key[0]!r})" if key[0] else ""
            held = None if line or fuzzy else self.messages
            elsewhere = context_mismatch(held, key, held.english) if held else None
            edited = None if line or self.messages is None else self.messages.close_to(key)
            if elsewhere is not None:  # before a close English: this one is the same
                line, state = elsewhere
            elif edited is not None:  # the English changed, or the msgid was edited
                line = self.messages.lines[edited] if self.messages else None
                state += (
                    f"; the entry on line {line} translates a text close to it (the English"
                    " before it changed, or a msgid edited in the .po): 'letters i18n update'"
                    " carries that translation over to this text, marked fuzzy for review"
                )
            elif not line and self.messages is not None:  # the translator would look in vain
                state += f" {NOT_IN_CATALOG}"
            out.append(
                Problem(
                    po_label,
                    line or None,
                    "",
                    f"{key[1]!r}{context} {state}; used by {used_by(key)}",
                    warning=warning,
                    code=FUZZY if fuzzy else UNTRANSLATED,
                )
            )
        for key, lacks in self.inconsistent.items():
            if only is not None and key not in only:
                continue
            out.append(
                Problem(
                    po_label,
                    self.inconsistent_at.get(key) or None,
                    "",
                    f"the translation lacks what its English text has: {lacks};"
                    f" used by {used_by(key)}",
                    warning=warning,
                    code=INCONSISTENT,
                )
            )
        return out
