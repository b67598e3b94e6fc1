"""A distinctive private text found inside a longer public one.

A private text is looked for inside longer texts when, compared as
:func:`letters.load.private_copies.comparable` makes it, it is *distinctive*: it has at
least two words (runs of characters between spaces that hold a letter or a digit) or a
digit. A name and a surname, a phone or passport number, an address with a house number are;
a single word such as a town or a common word is not, and is found only as a whole text (a
town a case keeps private is also what ordinary public texts name). It is found at word
boundaries only (``zhanara akhmet`` is not inside ``zhanara akhmetova``, a number not inside
a longer one: ``apartment 12`` is not in ``apartment 12/3``, nor in ``apartment 12 1/2``),
with its own punctuation but for its final stop: the private sentence ``she was detained.``
is inside ``in may she was detained, then freed`` (a comma, a semicolon or the end of the
text in its place), not inside ``she was detained in kyiv.``; an event's words keep their
stop (``{date} she was detained.`` is not in another event ``{date} she was detained, then
freed.``). An event is also found where a text tells it with its date written out: by its
words after its ``{date}`` (``on 17 may the court upheld that order.`` holds the private
``{date} the court upheld that order.``), or, where the date stands within the sentence, by
its words before the date followed, past a date's few characters with a digit (or none), by
its words after it (``the court ruled {date} that she may stay.`` is not in ``the court
ruled that the law applies``).

Many private texts are compared with many public ones: each private text is filed under its
first word, and by its length and where that word stands in it; a public text is read word
by word, and at each word only one slice of it for each such length is looked up, rather
than every private text searched for in every public one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from letters.load.models import DATE_FIELD

__all__ = ["INSIDE_FIX", "LETTER_OR_DIGIT", "Found", "InsideIndex", "distinctive", "occurs"]

T = TypeVar("T")
_Filed = tuple[bool, "Tail | None", T]

_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
LETTER_OR_DIGIT = re.compile(r"[^\W_]")
"""A letter or a digit, in any script: what a word is made of."""
_STOP = ".;!?"
_STOPS = re.compile(r"[.;!?,]")
"""A sentence's final stop, which a longer text that tells the same words may write otherwise."""

INSIDE_FIX = "reword it, or, if that text may be told, take off its private mark"
"""What a message suggests for a public text that holds a private one among other words."""


def distinctive(folded: str) -> bool:
    """Whether the private text ``folded`` (in its comparable form) is looked for inside
    longer texts: it has two words or more, or a digit."""
    words = [w for w in folded.split(" ") if LETTER_OR_DIGIT.search(w)]
    return len(words) >= 2 or (bool(words) and _DIGIT.search(folded) is not None)


Tail = tuple[str, bool]
"""What follows an event's date in its sentence (possibly nothing but its stop), and whether
it had a final stop after a word."""

_GAP = 40
"""The most characters a date written out takes in a sentence ("on 17 september 2018")."""
_JOINS = "/.-,:"
"""What joins digits into a longer number (``12/3``, ``16/12/2017``, ``12.5``, ``12:30``)."""


def _stem(piece: str) -> Tail:
    """``piece`` without its final stop, and whether it had one after a word."""
    stem = piece.strip().rstrip(_STOP).rstrip()
    return stem, stem != piece.strip() and _WORD.match(stem, len(stem) - 1) is not None


def _pieces(folded: str) -> list[tuple[str, bool, Tail | None]]:
    """What of the private text ``folded`` is looked for inside longer texts: its words
    without their final stop, whether it had one after a word (then the text must not run on
    with a word where it stood), and for an event whose ``{date}`` stands within its sentence,
    what follows the date (found after at most a date's length of text that holds a digit,
    or none: the date left out). An event that begins with its ``{date}`` is looked for by its
    words after it alone. An event's words keep their own stop."""
    before, dated, after = folded.partition(DATE_FIELD)
    if not dated:
        stem, stopped = _stem(folded)
        return [(stem, stopped, None)] if distinctive(stem) else []
    # an event keeps its own stop: another event told in the same words is no copy of it
    if not before.strip():
        return [(after.strip(), False, None)] if distinctive(_stem(after)[0]) else []
    tail = (after.strip(), False)
    if not distinctive(f"{before.strip()} {_stem(after)[0]}"):
        return []
    return [(before.strip(), False, tail)]


_FRACTION = re.compile(rf"(\d{{1,2}})/(\d{{1,2}})(?!\d|[{re.escape(_JOINS)}]\d)")
"""A fraction after a number and a space: a mixed number's part (``12 1/2``), not a date's."""


def _fraction_at(text: str, at: int) -> bool:
    """Whether a proper fraction (``1/2``, ``3/4``: less than one) stands at ``at`` of
    ``text``, no more joined on: ``16/3`` is a building's number, ``16/12/2017`` a date."""
    found = _FRACTION.match(text, at)
    return found is not None and int(found[1]) < int(found[2])


def _number_at(text: str, digit: int, join: int) -> bool:
    """Whether ``text`` has a digit at ``digit`` joined on at ``join`` (``12/3``)."""
    return text[digit].isdigit() and text[join] in _JOINS


def _in_mixed_number(text: str, start: int, end: int, private: str) -> bool:
    """Whether ``private`` at ``text[start:end]`` ends with the whole number of a mixed number
    or begins with its fraction: ``12 1/2`` (``12½`` folded) is one number, with neither
    ``12`` nor ``1/2`` in it."""
    if private[-1:].isdigit() and text[end : end + 1] == " " and _fraction_at(text, end + 1):
        return True
    return (
        _fraction_at(private, 0)
        and text[start - 2 : start - 1].isdigit()
        and text[start - 1 : start] == " "
    )


def _ends_clear(text: str, start: int, end: int, private: str, stopped: bool = False) -> bool:
    """Whether ``private`` at ``text[start:end]`` stands at word boundaries: no word
    character runs on where the private text begins or ends with one, nor a number into a
    longer one; where it had a final stop (``stopped``), the text ends there or goes on with a
    stop of its own (not a space)."""
    if _WORD.match(private) and start > 0 and _WORD.match(text, start - 1):
        return False
    if private[:1].isdigit() and start > 1 and _number_at(text, start - 2, start - 1):
        return False
    if private[-1:].isdigit() and end + 1 < len(text) and _number_at(text, end + 1, end):
        return False
    if _in_mixed_number(text, start, end, private):
        return False
    if stopped:
        return end == len(text) or not (text[end] == " " or _WORD.match(text, end))
    return not (_WORD.match(private, len(private) - 1) and _WORD.match(text, end))


def _dated(gap: str) -> bool:
    """Whether ``gap`` may be where an event's date was written: nothing (left out), or a
    short text with a digit (or the ``{date}`` itself) and no comma or semicolon."""
    return not gap.strip() or (
        len(gap) <= _GAP
        and (_DIGIT.search(gap) is not None or DATE_FIELD in gap)
        and not any(c in gap for c in ",;")
    )


def _tail_follows(text: str, end: int, tail: Tail) -> bool:
    """Whether what follows an event's date (``tail``) follows in ``text`` from ``end``,
    after where its date may have been written."""
    stem, stopped = tail
    if not stem:  # the date ended the sentence: the end of the text, or a stop, follows it
        window = text[end : end + _GAP + 1]
        stop = _STOPS.search(window)
        if stop is None:
            return end + len(window) == len(text) and _dated(window)
        return _dated(window[: stop.start()])
    at = text.find(stem, end, end + _GAP + len(stem) + 1)
    while at != -1:
        if _dated(text[end:at]) and _ends_clear(text, at, at + len(stem), stem, stopped):
            return True
        at = text.find(stem, at + 1, end + _GAP + len(stem) + 1)
    return False


def occurs(private: str, text: str) -> bool:
    """Whether ``private`` stands in ``text`` (both comparable forms) as :class:`InsideIndex`
    finds it."""
    index: InsideIndex[bool] = InsideIndex()
    index.add(private, True)
    return index.find(text) is not None


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
        # first word -> (where it begins in a text filed, that text's length) -> text ->
        # (whether it had a final stop, what follows its date, what is known of it)
        self._by_word: dict[str, dict[tuple[int, int], dict[str, list[_Filed[T]]]]] = {}
        self._known: set[tuple[str, bool, Tail | None]] = set()

    def __bool__(self) -> bool:
        return bool(self._known)

    def add(self, folded: str, said: T) -> None:
        """File ``folded`` (distinctive, see :func:`distinctive`) with ``said``, what is
        known of it (the first, for a text filed twice): each piece of it looked for."""
        for stem, stopped, tail in _pieces(folded):
            first = _WORD.search(stem)
            if first is None or (stem, stopped, tail) in self._known:
                continue
            self._known.add((stem, stopped, tail))
            shapes = self._by_word.setdefault(first.group(), {})
            shape = shapes.setdefault((first.start(), len(stem)), {})
            shape.setdefault(stem, []).append((stopped, tail, said))

    def found(self, folded: str) -> Iterator[T]:
        """What is known of each private text found inside ``folded``, in the order found."""
        for word in _WORD.finditer(folded):
            for (offset, length), texts in self._by_word.get(word.group(), {}).items():
                start = word.start() - offset
                if start < 0:
                    continue
                stem = folded[start : start + length]
                for stopped, tail, said in texts.get(stem, ()):
                    end = start + length
                    if _ends_clear(folded, start, end, stem, stopped) and (
                        tail is None or _tail_follows(folded, end, tail)
                    ):
                        yield said

    def find(self, folded: str) -> T | None:
        """What is known of the first private text found inside ``folded``, or None."""
        return next(self.found(folded), None)
