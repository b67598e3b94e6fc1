"""What a function made of a file's bytes, kept by their sha256 for the rest of the process.

A batch prepares its template once for each language, and a :class:`~letters.Workspace`
kept open prepares it again on every call: the steps that depend on nothing but the
template's bytes (and a name) are done once. The bytes themselves are not kept, only their
digest; a changed file is a new key.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Callable, Hashable
from typing import Concatenate, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


OfBytes = Callable[Concatenate[bytes, P], T]


def by_content(most: int) -> Callable[[OfBytes[P, T]], OfBytes[P, T]]:
    """Keep what the decorated function returns for its first argument's bytes and its
    other (hashable) arguments, for the last ``most`` keys it computed. The function must depend on
    nothing else, and what it returns must not be changed by its callers."""

    def decorate(func: OfBytes[P, T]) -> OfBytes[P, T]:
        kept: dict[tuple[Hashable, ...], T] = {}
        lock = threading.Lock()  # two threads may both compute a value; one is kept

        @functools.wraps(func)
        def wrapper(data: bytes, /, *args: P.args, **kwargs: P.kwargs) -> T:
            key = (hashlib.sha256(data).digest(), *args, *sorted(kwargs.items()))
            with lock:
                if key in kept:
                    return kept[key]
            value = func(data, *args, **kwargs)
            with lock:
                while len(kept) >= most:
                    kept.pop(next(iter(kept)))
                return kept.setdefault(key, value)

        return wrapper

    return decorate
