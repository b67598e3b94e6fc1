"""Records of LibreOffice runs on another computer or in a container, set aside.

A staging folder's records of such a run (:mod:`letters.publish.processes`) are not this
computer's to act on, and the staging folder they are in is cleared: they are moved into
:data:`LEFT` beside it (``out/.letters-soffice-left/``, ``final/<letter>/…`` for finalise),
which clearing keeps, with the temporary folder they name left where it is. Nothing of
letters reads them again, and what made one, only the user can tell: every build reminds of
those still there (:func:`remind_left`), until the user, once nothing converts in the
folder a record names, deletes that folder and the record.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from letters.files.identity import ANOTHER_COMPUTER, elsewhere

log = logging.getLogger(__name__)

# Beside the staging folders, kept when they are cleared: the records of another computer's or
# PID namespace's runs, set aside with their folders (a run there may still convert in one).
LEFT = ".letters-soffice-left"


def set_aside(path: Path, said: dict[str, object], record_in: Path, told: set[str]) -> None:
    """Move the record ``path``, of another computer's or PID namespace's run, out of
    ``record_in`` into :data:`LEFT` beside it, which clearing staging folders keeps, and warn
    that the temporary folder it names (``said``: what the caller read in it) is left, once
    (``told``: the folders warned of), and only where that folder is there to delete
    (another computer's, or a container's gone since, is not)."""
    aside = record_in.parent / LEFT
    named = said.get("work")
    with contextlib.suppress(OSError):
        if aside.is_symlink():
            aside.unlink()  # letters makes no link here: nothing is written through it
        aside.mkdir(mode=0o700, exist_ok=True)
        os.replace(path, aside / f"{record_in.name}{path.name}")
    if isinstance(named, str) and named and named not in told and os.path.isdir(named):
        told.add(named)
        there = (
            "on another computer"
            if elsewhere(said) == ANOTHER_COMPUTER
            else "in another container (PID namespace)"
        )
        log.warning(
            "the temporary folder %s was recorded by a run %s and is left to it; once"
            " nothing converts there, delete it by hand",
            named,
            there,
        )


def remind_left(folder: Path) -> None:
    """Warn that records of runs elsewhere are set aside in ``folder``'s :data:`LEFT`, if
    any is: nothing there is ever read again by letters, so each build says so until the
    user, once nothing converts in the temporary folder a record names, deletes both (which
    computer or container made a record, only the user can tell)."""
    left = folder / LEFT
    if left.is_symlink():
        return  # letters makes no link here: nothing is read through it
    try:
        count = sum(1 for path in left.iterdir() if path.is_file() and not path.is_symlink())
    except OSError:
        return
    if count == 1:
        log.warning(
            "%s holds 1 record of a LibreOffice run on another computer or in a container:"
            " once nothing converts there, delete the temporary folder it names, where it is,"
            " then the record",
            left,
        )
    elif count:
        log.warning(
            "%s holds %d records of LibreOffice runs on other computers or in containers:"
            " once nothing converts there, delete the temporary folder each names, where it"
            " is, then the record",
            left,
            count,
        )
