"""The LibreOffice profile a conversion runs in: offline, with nothing active; and what the
PDF filter is asked (:func:`export_filter`).

A letter is checked before it is written (:mod:`letters.render.package_check` refuses
outside links, linked pictures, fetching fields and macros in a template), and this profile
makes sure of it a second time where LibreOffice reads the letter: a conversion never
reaches the network and never runs anything a document carries.

LibreOffice 7.4 fetches a picture linked from an outside address (``TargetMode="External"``)
as it loads a .docx, even with ``--headless``: an ``OPTIONS``, a ``HEAD`` and a ``GET`` to
the address. ``BlockUntrustedRefererLinks`` stops that for every document outside a trusted
location (we trust none); a test serves such a picture on localhost and sees no request.
Links to other documents (DDE, OLE, INCLUDETEXT) are never updated on loading, and macros
never run.

LibreOffice (7.2 and later) also draws a set of graphics tests whenever it starts with a
profile that has not recorded the version last run in it, and a headless conversion never
records it: about 0.55 s of every call. ``ooSetupLastVersion`` is set higher than any
release, so no start runs them (a test sees no ``GraphicsRenderTests.log``).

Each running LibreOffice listens on a socket in ``/tmp`` named after its profile, and
removes it when it exits; one that was killed leaves it. :func:`discard_profile` removes
it with the profile.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
from pathlib import Path

# (configuration path, property, value), as LibreOffice's registry names them.
SETTINGS = (
    ("org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("org.openoffice.Office.Writer/Content/Update", "Link", "0"),  # 0: never update links
    # compared as major * 10 + minor with the running version: no release is newer
    ("org.openoffice.Setup/Product", "ooSetupLastVersion", "99.9"),
)

# LibreOffice 7.4 reads filter options as JSON; version "2" is PDF/A-2b.
_PDFA_OPTION = {"SelectPdfVersion": {"type": "long", "value": "2"}}
# Bookmarks become named destinations: where each letter of a joined document starts.
_BOOKMARKS_OPTION = {"ExportBookmarksToPDFDestination": {"type": "boolean", "value": "true"}}
# Pictures are stored without loss. Otherwise LibreOffice JPEG-compresses each picture it
# draws to compare sizes, and keeps the smaller: lossless for the sample's logo and
# signatures, so the PDFs are unchanged, and the trial cost 7% of LibreOffice's instructions
# in the campaign. A JPEG picture is stored decoded: larger, never a second JPEG loss.
_LOSSLESS_OPTION = {"UseLosslessCompression": {"type": "boolean", "value": "true"}}


def export_filter(*, pdfa: bool, bookmarks: bool) -> str:
    """What ``--convert-to`` is given: the PDF filter and its options (PDF/A-2b with
    ``pdfa``; with ``bookmarks``, the document's bookmarks as named destinations)."""
    options = {**_LOSSLESS_OPTION, **(_PDFA_OPTION if pdfa else {})}
    options |= _BOOKMARKS_OPTION if bookmarks else {}
    return f"pdf:writer_pdf_Export:{json.dumps(options)}"


_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry"'
    ' xmlns:xs="http://www.w3.org/2001/XMLSchema"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
)


def prepare_profile(profile: Path) -> None:
    """Write the settings into a new LibreOffice profile folder (``-env:UserInstallation``);
    LibreOffice builds the rest of the profile around them on its first start."""
    items = "".join(
        f'<item oor:path="/{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>\n"
        for path, name, value in SETTINGS
    )
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(
        _HEAD + items + "</oor:items>\n", encoding="utf-8"
    )


def pipe_names(profile: Path) -> list[Path]:
    """Where a LibreOffice running with ``profile`` has its socket: ``/tmp`` (else
    ``/var/tmp``) ``/OSL_PIPE_<uid>_SingleOfficeIPC_<digest>``, the digest being the MD5 of
    the profile's address in UTF-16, each byte in hex without leading zeros."""
    digest = hashlib.md5(profile.as_uri().encode("utf-16-le"), usedforsecurity=False)
    name = f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_" + "".join(
        format(byte, "x") for byte in digest.digest()
    )
    return [Path(folder) / name for folder in ("/tmp", "/var/tmp")]


def discard_profile(profile: Path) -> None:
    """Remove ``profile``, which no LibreOffice runs with any more, and the socket one that
    was killed left for it: only a socket of our own user."""
    for pipe in pipe_names(profile):
        with contextlib.suppress(OSError):
            found = pipe.lstat()
            if stat.S_ISSOCK(found.st_mode) and found.st_uid == os.getuid():
                pipe.unlink()
    shutil.rmtree(profile, ignore_errors=True)
