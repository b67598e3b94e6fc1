"""JSON read from a file someone may have edited, damaged or sent: nesting deeper than
Python's parser can follow, or a number longer than Python turns into an int, is damage
like any other (a ValueError the readers already handle), not a RecursionError or a bare
ValueError from deep inside ``json`` reported as a bug in letters. A key twice in one
object is damage too: ``json`` keeps the last value without a word, and the one dropped
may be the one whoever checked the file read."""

from __future__ import annotations

import json
import json.decoder
import json.scanner
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


def _where_twice(text: str) -> DuplicateKey:
    """The first key met twice in an object of ``text`` (well-formed JSON holding one),
    with its lines: the pure-Python scanner, whose object reader is ours and sees where
    each key starts."""
    blank = re.compile(r"[ \t\n\r]*")  # JSON's whitespace, as json's own reader

    def past_blank(s: str, index: int) -> int:
        match = blank.match(s, index)
        return match.end() if match else index

    # The pure-Python pieces of json, which typeshed does not describe (they are not in
    # json's documented API, but have been in it since Python 2.6).
    scanstring: Any = getattr(json.decoder, "py_scanstring")  # noqa: B009
    make_scanner: Any = getattr(json.scanner, "py_make_scanner")  # noqa: B009

    def line_of(index: int) -> int:
        return text.count("\n", 0, index) + 1

    def read_object(
        s_and_end: tuple[str, int], strict: bool, scan_once: Any, *_: Any
    ) -> tuple[dict[str, Any], int]:
        s, end = s_and_end
        seen: dict[str, int] = {}
        found: dict[str, Any] = {}
        end = past_blank(s, end)
        while s[end] != "}":
            start = end
            key, end = scanstring(s, end + 1, strict)
            if key in seen:
                raise DuplicateKey(key, line_of(start), line_of(seen[key]))
            seen[key] = start
            end = past_blank(s, past_blank(s, end) + 1)  # past the colon
            found[key], end = scan_once(s, end)
            end = past_blank(s, end)
            if s[end] == ",":
                end = past_blank(s, end + 1)
        return found, end + 1

    decoder: Any = json.JSONDecoder(parse_int=_whole_number)
    decoder.parse_object = read_object
    decoder.scan_once = make_scanner(decoder)
    try:
        decoder.decode(text)
    except DuplicateKey as exc:
        return exc
    except RecursionError:  # Python's own scanner reaches less deep than json's C one
        raise TooDeep("lists or objects nested too deeply to be read") from None
    raise AssertionError("a key twice in the fast parse, none in the slow one")


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
