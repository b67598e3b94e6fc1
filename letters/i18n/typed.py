"""What a translator may not type into a translation: characters a letter cannot show."""

from __future__ import annotations

import unicodedata

from letters.load.fields import bad_character, invisible_character

_SEPARATORS = {"Zl": "a line separator", "Zp": "a paragraph separator"}


def bad_translation_character(text: str) -> str | None:
    """A control character, a Unicode line or paragraph separator, or another invisible
    character a case text may not hold either (a bidi override…), described, or None."""
    found = bad_character(text, allow_newline=False)
    if found and found.startswith("U+000A "):  # a \n the translator typed, or an editor put
        return f"a line break (\\n, {found}): a translated text is one line; remove it"
    if found:
        return f"a control character ({found})"
    for position, char in enumerate(text, start=1):
        kind = _SEPARATORS.get(unicodedata.category(char))
        if kind:
            return f"{kind} (U+{ord(char):04X} at character {position})"
    found = invisible_character(text)
    if found:
        return f"an invisible character ({found}) that can hide text or change its order"
    return None
