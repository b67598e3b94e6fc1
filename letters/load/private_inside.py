"""A distinctive private text found inside a longer public one.

A private text is looked for inside longer texts when, compared as
:func:`letters.load.private_copies.comparable` makes it, it is *distinctive*: it has at least
two words (runs of characters between spaces that hold a letter or a digit) or a digit. A
name and a surname, a phone or passport number, an address with a house number are; a single
word such as a town or a common word is not, and is found only as a whole text (a town a case
keeps private is also what ordinary public texts name). It is found at word boundaries only
(``zhanara akhmet`` is not inside ``zhanara akhmetova``), with its own punctuation (the
private sentence ``she was detained.`` is not inside ``she was detained in kyiv.``).

Many private texts are compared with many public ones: each private text is filed under its
first word, and a public text is read word by word, each word's few candidates compared
where it stands, rather than every private text searched for in every public one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["INSIDE_FIX", "Found", "InsideIndex", "distinctive", "occurs"]

T = TypeVar("T")

_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")

INSIDE_FIX = "reword it, or, if that text may be told, take off its private mark"
"""What a message suggests for a public text that holds a private one among other words."""


def distinctive(folded: str) -> bool:
    """Whether the private text ``folded`` (in its comparable form) is looked for inside
    longer texts: it has two words or more, or a digit."""
    words = [w for w in folded.split(" ") if _LETTER_OR_DIGIT.search(w)]
    return len(words) >= 2 or (bool(words) and _DIGIT.search(folded) is not None)


def _ends_clear(text: str, start: int, end: int, private: str) -> bool:
    """Whether ``private`` at ``text[start:end]`` stands at word boundaries: no word
    character runs on where the private text begins or ends with one."""
    if _WORD.match(private) and start > 0 and _WORD.match(text, start - 1):
        return False
    return not (_WORD.match(private, len(private) - 1) and _WORD.match(text, end))


def occurs(private: str, text: str) -> bool:
    """Whether ``private`` stands in ``text`` at word boundaries (both comparable forms)."""
    at = text.find(private)
    while at != -1:
        if _ends_clear(text, at, at + len(private), private):
            return True
        at = text.find(private, at + 1)
    return False


@dataclass(frozen=True)
class Found:
    """A private text found in another: what a message says of it, and whether it is the
    whole text or among other words."""

    said: str
    whole: bool

    @property
    def verb(self) -> str:
        """How the text found relates to the private one, before :attr:`said`."""
        return "is the same text as" if self.whole else "holds the words of"

    def fix(self, whole_fix: str) -> str:
        """The fix a message suggests: ``whole_fix`` for a copy, else to reword."""
        return whole_fix if self.whole else INSIDE_FIX


class InsideIndex(Generic[T]):
    """Distinctive private texts (comparable forms), each with what is known of it (what a
    message says of it, its place), filed under their first word for finding inside longer
    texts."""

    def __init__(self) -> None:
        # first word -> (private text, where that word begins in it, what is known of it)
        self._by_word: dict[str, list[tuple[str, int, T]]] = {}
        self._known: set[str] = set()

    def __bool__(self) -> bool:
        return bool(self._known)

    def add(self, folded: str, said: T) -> None:
        """File ``folded`` (distinctive, see :func:`distinctive`) with ``said``, what is
        known of it (the first, for a text filed twice)."""
        first = _WORD.search(folded)
        if first is None or folded in self._known:
            return
        self._known.add(folded)
        self._by_word.setdefault(first.group(), []).append((folded, first.start(), said))

    def found(self, folded: str) -> Iterator[T]:
        """What is known of each private text found inside ``folded``, in the order found."""
        for word in _WORD.finditer(folded):
            for private, offset, said in self._by_word.get(word.group(), ()):
                start = word.start() - offset
                if (
                    start >= 0
                    and folded.startswith(private, start)
                    and _ends_clear(folded, start, start + len(private), private)
                ):
                    yield said

    def find(self, folded: str) -> T | None:
        """What is known of the first private text found inside ``folded``, or None."""
        return next(self.found(folded), None)
