"""Translations of texts a case has since marked private, kept out of the catalogs.

No catalog may hold a private text (catalogs go to translators and their tools), so
``letters i18n update`` takes the entry of a text newly marked private out of its
catalog. Its translation is a translator's work all the same: it is kept in
``locales/.private/<lang>/<domain>.po`` (:func:`kept_path`), a folder no translation tool
reads and letters never builds from, and put back by the next update after the text is
public again. The file holds private texts: keep it as the case file is kept.

The kept file gains its entries before the catalog loses them, and loses them only after
the catalog has them back: an interrupted update leaves a translation in one of the two,
or in both, never in neither.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Message as BabelMessage

from letters import __version__
from letters.files.together import Rewrites
from letters.i18n.extract import empty_catalog
from letters.i18n.po_read import read_catalog
from letters.i18n.po_write import EntryKey, entry_key, po_bytes
from letters.i18n.translated import has_translation

__all__ = ["KEPT_FOLDER", "kept_entries", "kept_path", "write_kept"]

KEPT_FOLDER = Path("locales", ".private")
"""Where the translations of texts made private are kept, under the workspace."""


def kept_path(root: Path, lang: str, domain: str) -> Path:
    """The file that keeps ``lang``'s translations of ``domain``'s texts made private."""
    return root / KEPT_FOLDER / lang / f"{domain}.po"


def kept_entries(path: Path, label: str, lang: str) -> dict[EntryKey, BabelMessage]:
    """The entries kept in ``path`` (none where there is no such file)."""
    if not path.is_file():
        return {}
    return {entry_key(m): m for m in read_catalog(path, label, lang) if m.id}


def write_kept(
    path: Path,
    lang: str,
    domain: str,
    kept: dict[EntryKey, BabelMessage],
    rewrites: Rewrites,
    add: Iterable[BabelMessage] = (),
    drop: Iterable[EntryKey] = (),
) -> dict[EntryKey, BabelMessage]:
    """Stage in ``rewrites`` the file ``kept`` with the translated entries of ``add``
    (which replace an entry of the same English) and without those of ``drop``, and
    return what the file then keeps; the file is removed when nothing is left in it, and
    left alone when nothing changed."""
    added = {entry_key(m): m for m in add if has_translation(m)}
    dropped = {key for key in drop if key in kept} - added.keys()
    if not added and not dropped:
        return kept
    entries = {k: m for k, m in kept.items() if k not in dropped} | added
    if not entries:
        rewrites.remove(path)
        return entries
    catalog = empty_catalog(domain, lang)  # with none of the placeholders msgfmt -c warns of
    catalog.version, catalog.revision_date = __version__, catalog.creation_date
    catalog.last_translator = catalog.language_team
    catalog.header_comment = (
        "# Translations of texts a case has marked private, kept out of the catalogs by\n"
        "# 'letters i18n update' and put back when a text is public again. This file holds\n"
        "# private texts: keep it as the case file is kept, and give it to no translator."
    )
    for message in entries.values():
        catalog[message.id] = BabelMessage(
            message.id,
            message.string,
            flags=message.flags,
            user_comments=message.user_comments,  # the translator's own notes
            context=message.context,
        )
    rewrites.write(path, po_bytes(catalog))
    return entries
