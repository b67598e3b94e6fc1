"""The ``letters`` command's first code: it imports the command line, and a Ctrl-C meanwhile
ends it as one during a command does.

Importing the library takes a second or two (longer on a slow disk); a Ctrl-C in that time
would otherwise show Python's traceback and end the command by the signal. This module
imports nothing of letters' own, so that it runs before any of that importing starts.
"""

from __future__ import annotations

import contextlib
import sys
from typing import NoReturn

# What a command stopped by Ctrl-C says (status 130), wherever the Ctrl-C came.
INTERRUPTED = "Interrupted; files already written are complete, nothing is half-written."

# The status a shell gives a command Ctrl-C ended: 128 + SIGINT.
INTERRUPTED_EXIT = 130


def main() -> None:
    """Run the command line (``letters …`` and ``python -m letters …``), a Ctrl-C at any
    time ending it with :data:`INTERRUPTED` and status 130, never a traceback."""
    try:
        from letters.cli import main as command_line

        command_line()
    except KeyboardInterrupt:
        interrupted()


def interrupted() -> NoReturn:
    """Say that Ctrl-C stopped the command, and end it with status 130."""
    with contextlib.suppress(KeyboardInterrupt, OSError):  # a second Ctrl-C, stderr gone
        print(INTERRUPTED, file=sys.stderr, flush=True)
    sys.exit(INTERRUPTED_EXIT)
