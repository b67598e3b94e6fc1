"""What was made from a file's bytes, kept for the rest of the process.

A batch prepares its template once for each language, and a :class:`~letters.Workspace`
kept open reads its files and prepares its templates again on every call: the steps that
depend on nothing but a file's bytes (and a name) are done once — preparing a template,
checking a template's part (:mod:`letters.render.package_check`), patching a part's XML
for Jinja (:meth:`letters.render.template.SafeDocxTemplate.patch_xml`), reading a catalog
(:func:`letters.i18n.catalog.load_messages`) or a YAML file
(:func:`letters.load.yamlio.load_bytes`), wherever the file is. The bytes themselves are
not kept, only their sha256; a changed file is a new key. :class:`Kept` holds the values,
:func:`by_content` keys a function's by the bytes it is given.
"""

from __future__ import annotations

import functools
import hashlib
import os
import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class Kept(Generic[T]):
    """Values by key, the last ``most`` made; safe to share between threads (two may both
    make a value; one is kept), and in a process forked while another thread held it (a
    batch's render workers are forked): the child starts with its lock free."""

    def __init__(self, most: int) -> None:
        self.most = most
        self._values: dict[Hashable, T] = {}
        self._lock = threading.Lock()
        _EVERY.add(self)

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value kept for ``key``, else what ``make`` returns, kept (an exception it
        raises is not kept: it is raised again next time)."""
        with self._lock:
            if key in self._values:
                return self._values[key]
        value = make()
        with self._lock:
            while len(self._values) >= self.most:
                self._values.pop(next(iter(self._values)))
            return self._values.setdefault(key, value)


_EVERY: weakref.WeakSet[Kept[Any]] = weakref.WeakSet()


def _free_locks_in_child() -> None:
    """A forked child has only the thread that forked: a lock another thread held at the
    fork would never be released in it."""
    for kept in list(_EVERY):
        kept._lock = threading.Lock()


os.register_at_fork(after_in_child=_free_locks_in_child)

OfBytes = Callable[Concatenate[bytes, P], T]


def by_content(most: int) -> Callable[[OfBytes[P, T]], OfBytes[P, T]]:
    """Keep what the decorated function returns for its first argument's bytes and its
    other (hashable) arguments, for the last ``most`` keys it made. The function must
    depend on nothing else, and what it returns must not be changed by its callers."""

    def decorate(func: OfBytes[P, T]) -> OfBytes[P, T]:
        kept: Kept[T] = Kept(most)

        @functools.wraps(func)
        def wrapper(data: bytes, /, *args: P.args, **kwargs: P.kwargs) -> T:
            key = (hashlib.sha256(data).digest(), *args, *sorted(kwargs.items()))
            return kept.get(key, lambda: func(data, *args, **kwargs))

        return wrapper

    return decorate
