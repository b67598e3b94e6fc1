"""What is kept for the rest of a process (letters.files.memo), in a process forked while
another thread was using it: a batch forks its render workers."""

from __future__ import annotations

import os
import signal

from letters.files.memo import Kept


def test_a_child_forked_while_a_lock_was_held_can_still_use_what_is_kept() -> None:
    kept: Kept[str] = Kept(most=4)
    assert kept.get("key", lambda: "made") == "made"
    kept._lock.acquire()  # as another thread inside get() at the moment of the fork
    try:
        pid = os.fork()
        if pid == 0:  # the child: without a fresh lock, get() would wait for ever
            signal.alarm(10)
            code = 0 if kept.get("key", lambda: "again") == "made" else 1
            code |= 0 if kept.get("new", lambda: "new") == "new" else 2
            os._exit(code)
    finally:
        kept._lock.release()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
