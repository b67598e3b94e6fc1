"""The LibreOffice profile a conversion runs in: offline, with nothing active.

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
"""

from __future__ import annotations

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
