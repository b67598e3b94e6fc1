"""When a catalog entry counts as translated: the one rule of every command.

``letters i18n stats``, ``letters i18n update``'s summary, ``letters check`` and a draft's
``[UNTRANSLATED: …]`` marks must count an entry alike, or a translator is told a catalog
is done that a check then refuses. A form of only spaces is no translation: gettext
would print the blank, so a letter never uses it. Nor does it use a translation every
command refuses (:func:`refusal`): ``stats`` counts it as refused, not as translated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from babel.messages.catalog import Catalog, Message

from letters.i18n.placeholders import PluralForm, translation_problem
from letters.i18n.plural_forms import form_uses
from letters.i18n.plurals import language_rules
from letters.i18n.typed import language_slip


def is_written(text: str | None) -> bool:
    """Whether one msgstr (or one plural form) holds a translation: more than spaces."""
    return bool(text and text.strip())


def forms_of(string: str | tuple[str, ...] | list[str] | None) -> list[str | None]:
    """The msgstr of an entry as a list: its one text, or each of its plural forms."""
    return list(string) if isinstance(string, tuple | list) else [string]


def is_translated(string: str | tuple[str, ...] | list[str] | None) -> bool:
    """Whether every form of a msgstr is written: not untranslated (fuzzy or not)."""
    return all(is_written(text) for text in forms_of(string))


def blank_forms(string: str | tuple[str, ...] | list[str] | None) -> tuple[int, ...]:
    """The numbers of a msgstr's forms that are not written (0 for a text of its own)."""
    return tuple(n for n, text in enumerate(forms_of(string)) if not is_written(text))


def has_translation(message: Message) -> bool:
    """Whether ``message`` has a translation in one form at least: something a translator
    wrote, to keep or review."""
    return any(is_written(text) for text in forms_of(message.string))


def refusal(
    msgid: str,
    strings: Sequence[str],
    lang: str,
    notes: Iterable[str] = (),
    plural: bool = False,
    english_plural: str | None = None,
    expr: str | None = None,
) -> tuple[int, str] | None:
    """The first form of a translation written in full (``strings``: its one text, or each
    plural form) that every command refuses, and why: a placeholder broken, markup, spaces
    at its edges, another language's letters…; None for one a letter may use. Such a
    translation is never used, so it is never counted as translated either. A plural's
    form (given its ``english_plural``) is held to the English of the counts it serves, by
    the catalog's rule ``expr`` (:mod:`letters.i18n.plural_forms`)."""
    uses = form_uses(len(strings), lang, expr) if english_plural is not None else ()
    for n, text in enumerate(strings):
        form = PluralForm(english_plural, uses[n]) if english_plural is not None else None
        problem = translation_problem(msgid, text, plural, form)
        if problem:
            return n, problem
    for n, text in enumerate(strings):  # a Russian text in the Ukrainian catalog, “English” quotes…
        slip = language_slip(msgid, text, lang, notes)
        if slip:
            return n, slip
    return None


def forms_needed(catalog: Catalog, lang: str) -> int:
    """The plural forms a translation in ``catalog`` (of ``lang``) needs: its header's,
    unless no rule of the language has that many (a header check refuses), when the
    language's, which gettext would ask for once the header is put right. ``stats`` and
    ``check`` both ask here, so stats never counts done a plural that check refuses."""
    rules = language_rules(lang) if lang else []
    needed = catalog.num_plurals
    if rules and needed not in {rule.nplurals for rule in rules}:
        return rules[0].nplurals
    return needed


def lacks_forms(string: str | tuple[str, ...] | list[str] | None, needed: int) -> bool:
    """Whether a plural translation has fewer forms than the ``needed`` ones (its language's),
    which every command refuses, naming the ``msgstr[n]`` to add."""
    return isinstance(string, tuple | list) and len(string) < needed


def missing_forms(message: Message, lines: dict[int, int], needed: int) -> tuple[int, ...]:
    """The plural forms of a translation begun that have no ``msgstr[n]`` line in the file
    (``lines``: the line of each form written, by its number). Babel reads such an entry
    as if the line were there and empty, which would make it look untranslated; it is
    incomplete, and every command refuses it, naming the ``msgstr[n]`` to add."""
    if not isinstance(message.id, tuple | list) or not has_translation(message):
        return ()
    return tuple(n for n in range(needed) if n not in lines)


def is_refused(message: Message, lang: str, needed: int, expr: str | None = None) -> bool:
    """Whether a translation written in full is one every command refuses (see
    :func:`refusal`, :func:`lacks_forms`; ``needed``: the plural forms of ``lang``): shown
    as refused, never as translated, so no translator sees done what ``check`` refuses."""
    if lacks_forms(message.string, needed):
        return True
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    strings = [text or "" for text in forms_of(message.string)]
    plural = isinstance(message.id, tuple | list)
    english_plural = str(message.id[1]) if isinstance(message.id, tuple | list) else None
    found = refusal(str(msgid), strings, lang, message.user_comments, plural, english_plural, expr)
    return found is not None


def standing(
    message: Message, lines: dict[int, int], lang: str, needed: int, expr: str | None = None
) -> str:
    """How ``i18n stats`` counts an entry (``lines``: its ``msgstr[n]`` lines, by number;
    ``expr``: its catalog's plural rule):
    ``refused`` (incomplete, or a translation check refuses), ``untranslated`` (fuzzy or
    not), ``fuzzy`` or ``translated``. The merge of the shipped catalogs counts so too."""
    if missing_forms(message, lines, needed):
        return "refused"
    if not is_translated(message.string):
        return "untranslated"
    if message.fuzzy:
        return "fuzzy"
    return "refused" if is_refused(message, lang, needed, expr) else "translated"
