"""Signature pictures tied to approvals: an approval records the sha256 of the signatory's
signature picture file as it was then (or that there was none), and a final letter shows a
signatory's picture only if it is still that one.

The content version is made without signatures, so without this a picture swapped after
the approvals (``cp guetta.png berg.png``) would go under the letter with nothing noticed.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from letters.errors import LettersError
from letters.load.loader import WorkspaceData
from letters.render.images import MAX_IMAGE_BYTES
from letters.signoff.ledger import Entry

NONE = "none"
"""What an approval records for a signatory without a signature picture."""

Mismatch = Literal["changed", "added", "not recorded"]
"""How a signatory's picture now stands to the one recorded with their approval."""


def picture_file(ws: WorkspaceData, who: str) -> str | None:
    """The path (from the workspace folder) of ``who``'s signature picture, if they have one."""
    entry = ws.people.get(who)
    return entry.person.signature_image if entry is not None else None


def picture_digest(ws: WorkspaceData, who: str) -> str:
    """The sha256 of ``who``'s signature picture file as it is now, or :data:`NONE`."""
    rel = picture_file(ws, who)
    if not rel:
        return NONE
    try:
        with (ws.root / rel).open("rb") as handle:
            blob = handle.read(MAX_IMAGE_BYTES + 1)
    except OSError as exc:
        raise LettersError(
            f"{rel} (the signature picture of {who}) cannot be read ({exc.strerror})"
        ) from None
    return hashlib.sha256(blob).hexdigest()


def mismatch(ws: WorkspaceData, approval: Entry) -> Mismatch | None:
    """Why the signature picture a final letter would show for ``approval``'s signatory is
    not the one recorded with the approval; None if it is, or if none would be shown (a
    letter without their picture puts nobody's under their name)."""
    now = picture_digest(ws, approval.who)
    if now == NONE or now == approval.signature_image:
        return None
    if approval.signature_image is None:
        return "not recorded"
    return "added" if approval.signature_image == NONE else "changed"


def described(found: str) -> str:
    """A mismatch in a few words, as ``review status --html`` says it."""
    if found == "not recorded":
        return "signature picture not recorded with the approval"
    return f"signature picture {found} since the approval"


def refusal(ws: WorkspaceData, approval: Entry, found: Mismatch) -> str:
    """A line of finalise's refusal: the language, the signatory, the picture file, the
    ledger entry and what to do."""
    rel = picture_file(ws, approval.who)
    start = f"  {approval.lang}: {approval.who} — {rel}"
    if found == "not recorded":
        return (
            f"{start}: their approval (entry {approval.n}) was recorded before approvals kept"
            " the signature picture, so which one they approved with is not known; ask them"
            " to approve again"
        )
    if found == "added":
        return (
            f"{start} was added after their approval (entry {approval.n}), which recorded no"
            " picture; ask them to approve again, or take the picture out until they do"
        )
    return (
        f"{start} is not the picture recorded with their approval (entry {approval.n}); ask"
        " them to approve again, or put back the picture they approved with"
    )
