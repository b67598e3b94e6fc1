"""Final letters made with an approval since revoked: they carry a name their signatory no
longer stands behind, and must not be sent (a revocation says so when it is recorded; a
request for changes recorded after them, that they must not be sent until the signatory
says they may)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from letters.files import json_read
from letters.signoff.ledger import Entry, read_ledger

__all__ = ["finals_with_revoked_approval"]


def finals_with_revoked_approval(root: Path, revocation: Entry) -> list[str]:
    """A warning for each final folder of ``revocation``'s letter made with an approval by its
    signatory in its language recorded before it, of whichever version (the draft may have
    changed since), and for each one whose manifest.json cannot be read, as it may carry the
    name as well.

    An approval an earlier revocation withdrew counts too: one given again after it may have
    made those letters good to send again, and this revocation takes that back as well."""
    base = root / "final" / revocation.letter
    # the published folders, NNN-<versions>, not a staging folder a finalise is still filling
    found = base.iterdir() if base.is_dir() else iter(())
    folders = sorted(p for p in found if re.match(r"\d+-", p.name) and p.is_dir())
    who, letter, lang = revocation.who, revocation.letter, revocation.lang
    changes = revocation.action == "request-changes"
    said_no: list[int] = []
    if changes:  # of the newest folder only, and only while its approval still stood
        folders = folders[-1:]
        said_no = [
            e.n
            for e in read_ledger(root)
            if (e.who, e.letter, e.lang) == (who, letter, lang)
            and e.action in ("revoke", "request-changes")
            and e.n < revocation.n
        ]
    warnings = []
    for folder in folders:
        shown = folder.relative_to(root).as_posix()
        ledger = _manifest_ledger(folder / "manifest.json")
        if ledger is None:
            # silence here could leave letters under a withdrawn name: say what to check
            now = "who now asks for changes" if changes else "now revoked"
            warnings.append(
                f"{shown}/manifest.json cannot be read, so it is not known whether the final"
                f" letters in {shown}/ were made with {who}'s approval of {letter} [{lang}],"
                f" {now}: do not send them unless they do not carry {who}'s name"
            )
            continue
        used: list[int] = [
            e["n"]
            for e in ledger
            if isinstance(e, dict)
            and (e.get("who"), e.get("letter"), e.get("lang"), e.get("action"))
            == (who, letter, lang, "approve")
            and isinstance(e.get("n"), int)
            and e["n"] < revocation.n
        ]
        if changes and used and any(n > max(used) for n in said_no):
            continue  # their "no" since was told of these letters when it was recorded
        if changes and used:
            warnings.append(
                f"the final letters in {shown}/ were made with {who}'s approval of {letter}"
                f" [{lang}] (entry {used[0]}) and carry their name, and {who} now asks for"
                f" changes (entry {revocation.n}): do not send them until {who} says they may"
                " still be sent; if not, record 'letters revoke'"
            )
        elif used:
            warnings.append(
                f"the final letters in {shown}/ were made with {who}'s approval of {letter}"
                f" [{lang}] (entry {used[0]}), now revoked, and carry their name: do not send"
                f" them; once {who} approves again, or is no longer among its signatories,"
                " 'letters finalise' makes new ones"
            )
    return warnings


def _manifest_ledger(path: Path) -> list[Any] | None:
    """The ledger entries a final folder's manifest names, or None if it cannot be read as a
    final letters' manifest (a build's own manifest, if one strayed here, names none)."""
    try:
        manifest = json_read.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict):
        return None
    if manifest.get("kind") != "final":
        return []
    ledger = manifest.get("ledger")
    return ledger if isinstance(ledger, list) else None
