"""How large a file other than YAML may be before it is read: a catalog, an import source,
an e-mail text, a template. Each is read whole into memory and then parsed, so a file of
gigabytes (sent by mistake, or a device in its place) would take the machine down before a
word was said; one over its limit is refused unread, naming the limit. YAML files have their
own limits (:mod:`letters.load.yamllimits`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

MAX_CATALOG_BYTES = 10 * 2**20
"""The largest translation catalog (.po) read: 10 MiB (the sample's are under 50 kB)."""

MAX_SOURCE_BYTES = 20 * 2**20
"""The largest list an import reads (CSV, EP XML or JSON): 20 MiB (the European Parliament's
list of all 720 members is under 1 MiB)."""

MAX_EMAIL_TEXT_BYTES = 2**20
"""The largest e-mail text template (``templates/<name>.email.txt``) read: 1 MiB (an e-mail
is a few paragraphs)."""

MAX_TEMPLATE_BYTES = 128 * 2**20
"""The largest template (.docx) read: 128 MiB, as much as its parts may unpack to together
(:data:`letters.render.package_check.MAX_TOTAL_BYTES`); packed, they take no more."""


def read_at_most(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path``, or None when it holds more than ``limit``: never more than one
    byte past the limit is read, so a huge file (or one still growing) is not held whole."""
    with path.open("rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > limit:
            return None
        # read(limit + 1) would take limit + 1 bytes of memory first, whatever the file's
        # size: 10 MiB for each catalog of a few kB. Read what it holds, then on while it grows
        data = file.read(size + 1)
        while len(data) <= limit:
            more = file.read(min(2**16, limit + 1 - len(data)))
            if not more:
                break
            data += more
    return data if len(data) <= limit else None


def read_stream_at_most(stream: BinaryIO, limit: int) -> bytes | None:
    """What is left in ``stream`` (an open file, as pybabel hands its extractors one), or
    None when it holds more than ``limit``: as :func:`read_at_most`, never more than one
    byte past the limit is read."""
    try:
        if os.fstat(stream.fileno()).st_size - stream.tell() > limit:
            return None  # a sparse file of gigabytes is refused without reading it
    except (AttributeError, OSError, ValueError):
        pass  # a stream that is no file (io.UnsupportedOperation is an OSError): read on
    chunks: list[bytes] = []
    held = 0
    # in pieces: read(limit + 1) would take limit + 1 bytes of memory first
    while held <= limit and (chunk := stream.read(min(2**20, limit + 1 - held))):
        chunks.append(chunk)
        held += len(chunk)
    return b"".join(chunks) if held <= limit else None


def too_large(limit: int, name: str, advice: str) -> str:
    """What is said of a file over the limit called ``name`` (its name goes before)."""
    return f"larger than {limit // 2**20} MiB, the limit ('{name}'), so it is not read; {advice}"


CATALOG_TOO_LARGE = too_large(
    MAX_CATALOG_BYTES,
    "catalog size",
    "a catalog holds the messages of a workspace's letters: check that it is the .po file",
)
"""What is said of a translation catalog over :data:`MAX_CATALOG_BYTES`."""

POT_TOO_LARGE = too_large(
    MAX_CATALOG_BYTES,
    "catalog size",
    "a .pot is written by 'letters i18n extract', which will not write over one it cannot"
    " read: move it out of locales/ (keeping any translation typed into it), then run"
    " 'letters i18n extract' again",
)
"""What is said of a template (.pot) over :data:`MAX_CATALOG_BYTES`: letters writes it, so
the way out is to have it written again, not to look for the catalog meant."""


TEMPLATE_TOO_LARGE = (
    f"the file is larger than {MAX_TEMPLATE_BYTES // 2**20} MB (template limit:"
    f" {MAX_TEMPLATE_BYTES // 2**20} MB in all), so it is not read; remove what the letter"
    " does not show, or save smaller pictures"
)
"""What is said of a template over :data:`MAX_TEMPLATE_BYTES`, in the words of the limits
on its parts (:mod:`letters.render.package_check`)."""
