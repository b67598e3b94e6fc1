"""Records of LibreOffice runs on another computer or in a container, set aside.

A staging folder's records of such a run (:mod:`letters.publish.processes`) are not this
computer's to act on, and the staging folder they are in is cleared: they are moved into
:data:`LEFT` beside it (``out/.letters-soffice-left/``, the ``-o`` folder's, or
``final/<letter>/…`` for finalise), which clearing keeps, with the temporary folder they
name left where it is. There they keep the ids as digests only, an older record's written
back so (the folder is shared and synced), under names ``ls`` shows. Nothing of letters
reads them again, and what made one, only the user can tell: every build and finalise
reminds of those in the folder it writes (:func:`remind_left`), until the user, once nothing
converts in the folder a record names, deletes that folder and the record.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
from pathlib import Path

from letters.files import json_read
from letters.files.atomic import atomic_write_bytes
from letters.files.identity import ANOTHER_COMPUTER, digested, elsewhere
from letters.publish.staging import STAGING_PREFIX, batch_key

log = logging.getLogger(__name__)

# Beside the staging folders, kept when they are cleared: the records of another computer's or
# PID namespace's runs, set aside with their folders (a run there may still convert in one).
LEFT = ".letters-soffice-left"
# The temporary folder of a run's profiles: /tmp/letters-soffice-<12 hex digits>
WORK_PREFIX = "letters-soffice-"
# A record set aside: '<batch>-<pid>.json' (a process's) or '<batch>-<name>.work' (a
# temporary folder's), <batch> the staging folder's hash; the letters before this one named
# them '.letters-batch-<batch><pid>.json' and '.letters-batch-<batch><name>.work'.
_SET_ASIDE = re.compile(r"(?:[^.].*-|" + re.escape(STAGING_PREFIX) + r".+?)(?:\d+\.json|.+\.work)")
_LARGEST = 65536  # bytes: a record is a few hundred; a bigger file is not read


def set_aside(path: Path, said: dict[str, object], record_in: Path, told: set[str]) -> None:
    """Move the record ``path``, of another computer's or PID namespace's run, out of
    ``record_in`` into :data:`LEFT` beside it, which clearing staging folders keeps, as
    ``<batch>-<record's name>``, with the ids of an older record as their digests; and warn
    that the temporary folder it names (``said``: what the caller read in it) is left, once
    (``told``: the folders warned of), and only where that folder is there to delete
    (another computer's, or a container's gone since, is not)."""
    aside = record_in.parent / LEFT
    named = work_folder(said)
    with contextlib.suppress(OSError):
        if aside.is_symlink():
            aside.unlink()  # letters makes no link here: nothing is written through it
        aside.mkdir(mode=0o700, exist_ok=True)
        target = aside / f"{batch_key(record_in)}-{path.name}"
        try:
            data = json.dumps(digested(said), allow_nan=False).encode()
        except ValueError:
            data = None
        if data is None:
            # What the caller read cannot be written back as JSON (a number too large for a
            # float, read as infinity): the record is set aside as it is, never rewritten
            # with a field lost or changed.
            os.replace(path, target)
        else:
            # Written back whole, with digests for the raw ids an older letters wrote
            # (out/ is shared and synced), before the record it replaces is removed.
            atomic_write_bytes(target, data, owned=True)
            path.unlink()
    if named and named not in told and os.path.isdir(named):
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


def work_folder(said: dict[str, object]) -> str:
    """The temporary folder a record (``said``: what it holds) names, if it is one letters
    could have made (an absolute path, named ``letters-soffice-…``, printable): the user is
    told to delete it, and a record from a shared folder may name anything. "" if not."""
    named = said.get("work")
    if not isinstance(named, str) or not named.isprintable():
        return ""
    path = Path(named)
    return named if path.is_absolute() and path.name.startswith(WORK_PREFIX) else ""


def remind_left(folder: Path) -> None:
    """Warn that records of runs elsewhere are set aside in ``folder``'s :data:`LEFT`, if
    any is, naming the temporary folders they name: nothing there is ever read again by
    letters, so each build says so until the user, once nothing converts in such a folder,
    deletes it and its records (which computer or container made a record, only the user
    can tell). Only the records letters sets aside there are counted: a file a file manager
    or a sync tool puts there is not one."""
    left = folder / LEFT
    if left.is_symlink():
        return  # letters makes no link here: nothing is read through it
    try:
        records = [
            path
            for path in sorted(left.iterdir())
            if _SET_ASIDE.fullmatch(path.name) and path.is_file() and not path.is_symlink()
        ]
    except OSError:
        return
    named = [_named_in(path) for path in records]
    if records:
        log.warning("%s", _reminder(_shown(left), len(records), named))


def _named_in(path: Path) -> str:
    """The temporary folder the record ``path`` names ("" if it names none it could)."""
    try:
        with path.open("rb") as handle:
            said = json_read.loads(handle.read(_LARGEST + 1).decode("utf-8"))
    except (OSError, ValueError):  # UnicodeDecodeError is one
        return ""
    return work_folder(said) if isinstance(said, dict) else ""


def _reminder(left: str, count: int, named: list[str]) -> str:
    """What :func:`remind_left` says of the ``count`` records in ``left``, naming ``named``
    ("" for one naming no folder letters could have made): records naming one folder are
    one run's (a temporary folder's and its processes')."""
    folders = sorted({each for each in named if each})
    nameless = named.count("")
    if count == 1:
        head = f"{left}/ holds 1 record of a LibreOffice run on another computer or in a container"
    elif len(folders) == 1 and not nameless:
        head = (
            f"{left}/ holds {count} records of one LibreOffice run on another computer or in"
            " a container"
        )
    else:
        head = (
            f"{left}/ holds {count} records of LibreOffice runs on other computers or in containers"
        )
    if not folders:
        none, them = ("not", "it") if count == 1 else ("none", "them")
        return f"{head}, {none} naming a temporary folder of letters: delete {them}"
    also = f" ({nameless} naming none: delete {'it' if nameless == 1 else 'them'})"
    also = also if nameless else ""
    if len(folders) == 1:
        then = (
            "the record" if count == 1 else "the records naming it" if nameless else "the records"
        )
        return (
            f"{head}, naming the temporary folder {folders[0]}{also}: once nothing converts"
            f" there, delete that folder where it is, then {then}"
        )
    return (
        f"{head}, naming the temporary folders {', '.join(folders)}{also}: once nothing"
        " converts in one, delete it where it is, then the records naming it"
    )


def _shown(path: Path) -> str:
    """``path`` as the build's summary names the output folder (``letters.cli.shown``):
    relative to the current folder when it is under it, else as it is."""
    with contextlib.suppress(OSError, ValueError):
        return str(path.relative_to(Path.cwd()))
    return str(path)
