"""JSON read from a file someone may have edited, damaged or sent: nesting deeper than
Python's parser can follow is damage like any other (a ValueError the readers already
handle), not a RecursionError reported as a bug in letters."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["TooDeep", "loads"]


class TooDeep(ValueError):
    """Raised when JSON nests lists or objects too deeply to be read."""


def loads(text: str | bytes) -> Any:
    """``json.loads(text)``, raising :class:`TooDeep` (a ValueError) where the text nests
    too deeply to be read (``[[[[…]]]]`` a hundred thousand deep)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise TooDeep("lists or objects nested too deeply to be read") from None
