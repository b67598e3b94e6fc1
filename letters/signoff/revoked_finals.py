"""Final letters made with an approval since revoked: they carry a name their signatory no
longer stands behind, and must not be sent (a revocation says so when it is recorded)."""

from __future__ import annotations

from pathlib import Path

from letters.files import json_read
from letters.signoff.ledger import Entry

__all__ = ["finals_with_revoked_approval"]


def finals_with_revoked_approval(root: Path, revocation: Entry) -> list[str]:
    """A warning for each final folder of ``revocation``'s letter that was made from the
    version it revokes with an approval of its signatory in that language; none if there
    is none (or a folder's manifest.json cannot be read, as finalise judges its own)."""
    base = root / "final" / revocation.letter
    folders = sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []
    key = f"{revocation.letter}.{revocation.lang}"
    warnings = []
    for folder in folders:
        try:
            manifest = json_read.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(manifest, dict) or manifest.get("kind") != "final":
            continue
        digests, ledger = manifest.get("digests"), manifest.get("ledger")
        if not isinstance(digests, dict) or digests.get(key) != revocation.version:
            continue
        approvals = [
            e
            for e in (ledger if isinstance(ledger, list) else [])
            if isinstance(e, dict)
            and (e.get("who"), e.get("lang"), e.get("action"))
            == (revocation.who, revocation.lang, "approve")
        ]
        for approval in approvals[:1]:
            who = revocation.who
            warnings.append(
                f"the final letters in {folder.relative_to(root).as_posix()}/ were made with"
                f" {who}'s approval of {revocation.letter} [{revocation.lang}] (entry"
                f" {approval.get('n')}), now revoked, and carry their name: do not send them;"
                f" once {who} approves again, or is no longer among its signatories, 'letters"
                " finalise' makes new ones"
            )
    return warnings
