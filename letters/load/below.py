"""The workspace one folder down from where a command looked for one.

`letters init my-campaign` prints ``cd my-campaign && letters check``; the first command
typed without the ``cd`` runs in the folder above the new workspace. Telling that folder
only "not a workspace" sends a newcomer to `letters init` again, so the workspaces in its
folders are named, with the command that reaches them.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from letters.load.models import CONFIG

__all__ = ["workspaces_below_hint"]

NAMED = 3  # beyond this, a folder of many workspaces: they are counted, not listed


def workspaces_below_hint(folder: Path, path: Path, here: bool) -> str | None:
    """What to type to reach a workspace in a folder of ``folder`` (which ``path``, as the
    user gave it, names; ``here``: the folder the command runs in), or None if no folder
    in it holds one."""
    found = _below(folder)
    if not found:
        return None
    shown = [name if here else str(path / name) for name in found]
    if len(found) == 1:
        (typed,) = [shlex.quote(name) for name in shown]
        reach = f"cd {typed}, or pass --workspace {typed}" if here else "name it instead"
        return f"The folder {typed} in it is a workspace: {reach}."
    listed = ", ".join(shlex.quote(name) for name in shown[:NAMED])
    more = f" and {len(found) - NAMED} more" if len(found) > NAMED else ""
    reach = "cd into yours, or pass --workspace with it" if here else "name yours instead"
    return f"Folders in it are workspaces ({listed}{more}): {reach}."


def _below(folder: Path) -> list[str]:
    """The names of the folders in ``folder`` that hold workspace.yaml, hidden ones left out."""
    names = []
    try:
        for child in folder.iterdir():
            if not child.name.startswith(".") and (child / CONFIG).is_file():
                names.append(child.name)
    except OSError:  # a folder it may not list, or a child it may not open: nothing to say
        return []
    return sorted(names)
