"""The sha256 of a file, read a MiB at a time: a case's papers may hold a video, and an
output folder a print file of thousands of letters, neither of which is held whole."""

from __future__ import annotations

import hashlib
from pathlib import Path

_PIECE = 2**20


def file_sha256(path: Path) -> bytes:
    """The sha256 digest of the file at ``path`` (``.hex()`` gives its usual text form);
    an ``OSError`` if it cannot be read."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while piece := file.read(_PIECE):
            digest.update(piece)
    return digest.digest()
