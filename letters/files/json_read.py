"""JSON read from a file someone may have edited, damaged or sent: nesting deeper than
Python's parser can follow, or a number longer than Python turns into an int, is damage
like any other (a ValueError the readers already handle), not a RecursionError or a bare
ValueError from deep inside ``json`` reported as a bug in letters. A key twice in one
object is damage too: ``json`` keeps the last value without a word, and the one dropped
may be the one whoever checked the file read."""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["MAX_NUMBER_DIGITS", "DuplicateKey", "NumberTooLong", "TooDeep", "Unreadable", "loads"]

# Python's own default for int(); fixed here so that a lower PYTHONINTMAXSTRDIGITS on one
# machine cannot make a file readable on another unreadable on it, unseen.
MAX_NUMBER_DIGITS = 4300


class Unreadable(ValueError):
    """Raised when JSON is well-formed but beyond what letters reads (see subclasses)."""


class TooDeep(Unreadable):
    """Raised when JSON nests lists or objects too deeply to be read."""


class NumberTooLong(Unreadable):
    """Raised when a JSON number has more digits than :data:`MAX_NUMBER_DIGITS`."""


class DuplicateKey(Unreadable):
    """Raised when one JSON object holds a key twice; ``line`` is the line of the second
    (counted from 1), ``first_line`` that of the first."""

    def __init__(self, key: str, line: int, first_line: int) -> None:
        shown = key if len(key) <= 60 else key[:60] + "…"
        super().__init__(
            f"the key {shown!r} a second time in one object (first on line {first_line});"
            " delete one of them"
        )
        self.key, self.line, self.first_line = key, line, first_line


class _Twice(Exception):
    """A key met twice by the fast parse, which knows no lines: the text is read again,
    slowly, to find them."""


def _refuse_twice(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _Twice
    return found


# What opens or closes a list, an object or a string: numbers, literals, commas, colons
# and whitespace hold none of them.
_SIGNIFICANT = re.compile(r'["{}\[\]]')
_BLANK = re.compile(r"[ \t\n\r]*")  # JSON's whitespace, as json's own reader
_STRING = json.JSONDecoder()


def _where_twice(text: str) -> DuplicateKey:
    """The first key met twice in an object of ``text`` (well-formed JSON up to the end of
    the object holding it, which the fast parse read), with its lines. Read in one pass
    without recursion: a duplicate a thousand lists deep is named like any other (Python's
    own scanner, recursive, ran out of stack there, and a repeated key was called too deep)."""
    # for each list or object open where the reading is: the keys seen in an object, with
    # where each starts; None for a list
    open_at: list[dict[str, int] | None] = []
    index = 0
    while match := _SIGNIFICANT.search(text, index):
        char, start = match.group(), match.start()
        index = start + 1
        if char == '"':
            key, index = _STRING.raw_decode(text, start)  # a JSON string, escapes and all
            seen = open_at[-1] if open_at else None
            after = _BLANK.match(text, index)
            if seen is None or after is None or text[after.end() : after.end() + 1] != ":":
                continue  # a value, not a key
            if key in seen:
                line, first_line = _line_of(text, start), _line_of(text, seen[key])
                return DuplicateKey(key, line, first_line)
            seen[key] = start
        elif char in "{[":
            open_at.append({} if char == "{" else None)
        else:
            open_at.pop()
    raise AssertionError("a key twice in the fast parse, none in the slow one")


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _whole_number(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_NUMBER_DIGITS:
        raise NumberTooLong(
            f"a number of {digits:,} digits, more than the {MAX_NUMBER_DIGITS:,} a JSON file"
            " is read with (JSON limit)"
        )
    try:
        return int(text)
    except ValueError:  # below our limit, yet over the interpreter's (PYTHONINTMAXSTRDIGITS)
        raise NumberTooLong(
            f"a number of {digits:,} digits, more than this Python reads (PYTHONINTMAXSTRDIGITS)"
        ) from None


def loads(text: str | bytes) -> Any:
    """``json.loads(text)``, raising :class:`TooDeep` where the text nests too deeply to be
    read (``[[[[…]]]]`` a hundred thousand deep) and :class:`NumberTooLong` for a number of
    thousands of digits, and :class:`DuplicateKey` for a key twice in one object; all are
    :class:`Unreadable`, a ValueError."""
    try:
        return json.loads(text, parse_int=_whole_number, object_pairs_hook=_refuse_twice)
    except _Twice:
        if isinstance(text, bytes):
            text = text.decode(json.detect_encoding(text), "surrogatepass")
        raise _where_twice(text) from None
    except RecursionError:
        raise TooDeep("lists or objects nested too deeply to be read") from None
