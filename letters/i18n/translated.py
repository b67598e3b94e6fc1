"""When a catalog entry counts as translated: the one rule of every command.

``letters i18n stats``, ``letters i18n update``'s summary, ``letters check`` and a draft's
``[UNTRANSLATED: …]`` marks must count an entry alike, or a translator is told a catalog
is done that a check then refuses. A form of only spaces is no translation: gettext
would print the blank, so a letter never uses it.
"""

from __future__ import annotations

from babel.messages.catalog import Message


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
