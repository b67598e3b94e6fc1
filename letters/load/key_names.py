"""Which keys of a case or directory file may be named in a message.

A key that is no field name may be private text written where a field name belongs
("Olena Kovalenko: her sister …"), and is shown as ``(text)``; a field name with a
character no one sees typed into it (a U+202E) is shown, the character escaped.
"""

from __future__ import annotations

import re
import unicodedata


def is_field_name(key: str) -> bool:
    """True for keys that look like field names; other keys may be misplaced private text."""
    return bool(re.fullmatch(r"[A-Za-z0-9_-]{1,40}", key))


def key_as_read(key: str) -> str:
    """``key`` as a reader sees it: without its format characters (U+202E, U+200B …) and
    controls, but for blanks (a tab, a line break), which stay, as does every space and
    separator (U+00A0, U+2028 …): words joined by one are text, not a field name."""
    return "".join(c for c in key if c.isspace() or unicodedata.category(c) not in ("Cf", "Cc"))


def has_unseen(key: str) -> bool:
    """Whether ``key`` holds a character :func:`key_as_read` leaves out."""
    return key_as_read(key) != key


def shown_key(key: str) -> str | None:
    """``key`` safe to print when it is a field name but for characters no one sees
    (control and format characters escaped), else None."""
    return escaped(key) if is_field_name(key_as_read(key)) else None


def escaped(key: str) -> str:
    """``key`` with every character :meth:`str.isprintable` refuses as an escape."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in key)
