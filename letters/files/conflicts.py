"""Git's merge-conflict markers left in a file a person edits (a catalog, a YAML file).

``git merge`` and ``git pull`` write both sides of a conflict into the file between
``<<<<<<<``, ``=======`` and ``>>>>>>>`` lines (and ``|||||||`` with the common
ancestor, in diff3 style). Any parser then stops on a marker line with words about its
own syntax; the file's first marker is named instead, with what to do.
"""

from __future__ import annotations

import re

MERGE_CONFLICT = (
    "a merge conflict left unresolved (<<<<<<< … >>>>>>>): keep one side of each conflict"
    " and delete the marker lines"
)
# at the start of a line, as git writes them: seven of one character, then a space and a
# name (the branch or commit) or nothing
_MARKER = re.compile(r"^(?:<{7}|>{7}|\|{7})(?:[ \t].*)?\r?$|^={7}\r?$", re.MULTILINE)


def first_conflict_marker(text: str) -> int | None:
    """The line (from 1) of the first merge-conflict marker in ``text``; None if it has none."""
    found = _MARKER.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else None
