"""Ctrl-C, ``kill`` (SIGTERM) and a closed terminal (SIGHUP) stop a batch the same way:
LibreOffice stopped, finished files kept, a clear message, nothing published.

Python turns a signal into an exception in whatever code runs at that moment. When that is
an object's finaliser (``__del__``, a weak reference's callback), Python prints "Exception
ignored" and goes on: the stop would be lost, and the batch published as if nobody had
asked. So each stop is also recorded, and :meth:`Stop.check` raises it again between the
batch's phases and before anything is published.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

__all__ = ["Stop", "stop_signals"]


class Stop:
    """Whether a stop signal arrived while the batch ran."""

    def __init__(self) -> None:
        self.asked = False

    def check(self) -> None:
        """Raise :class:`KeyboardInterrupt` if a stop arrived, even one whose exception was
        swallowed where it was raised."""
        if self.asked:
            raise KeyboardInterrupt

    def _interrupt(self, _signum: int, _frame: FrameType | None) -> None:
        self.asked = True
        raise KeyboardInterrupt


@contextlib.contextmanager
def stop_signals() -> Iterator[Stop]:
    """Within the block, SIGTERM, SIGHUP and Ctrl-C raise :class:`KeyboardInterrupt` and are
    recorded in the :class:`Stop` it gives. Ctrl-C is taken only where Python handles it
    (a command started in the background by a shell script ignores it, and still does)."""
    stop = Stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop  # signals reach only the main thread; nothing to set up here
        return
    wanted = [signal.SIGTERM, signal.SIGHUP]
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        wanted.append(signal.SIGINT)
    previous = {sig: signal.signal(sig, stop._interrupt) for sig in wanted}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
