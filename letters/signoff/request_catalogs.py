"""The review request's catalogs letters ships (``letters/data/locales/<lang>/LC_MESSAGES/
review.po``, for :data:`~letters.signoff.request_words.SHIPPED`), merged with the English of
:mod:`letters.signoff.request_english` after a text there changed::

    python -m letters.signoff.request_catalogs

They are merged as ``letters i18n update`` merges a workspace's catalogs
(:func:`letters.i18n.update.merge_catalog`): every translation kept, one whose English
changed marked fuzzy with the English it was made for (``#| msgid``), a text taken out kept
as an obsolete ``#~`` entry, an entry that did not change written as the file had it. Both
are merged before either is written. Then translate what it reports (Poedit, any .po
editor) and remove the fuzzy flags: a request is never sent half in English, so a test
fails until each catalog holds every text, translated.

Each run says what every catalog still needs, fuzzy and untranslated entries counted as
``letters i18n stats`` counts them (:mod:`letters.i18n.translated`), not only what this
run changed; and its exit status is 1 while any entry is left, as on an error, so that a
release checklist that runs it stops until both catalogs are translated.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from letters.errors import LettersError
from letters.i18n.extract import empty_catalog, to_catalog
from letters.i18n.po_write import write_if_changed
from letters.i18n.translated import is_translated
from letters.i18n.update import CatalogPlace, UpdateReport, merge_catalog
from letters.signoff.request_words import (
    MERGE_COMMAND,
    REVIEW_DOMAIN,
    SHIPPED,
    review_messages,
    usable_shipped,
)

__all__ = ["MERGE_COMMAND", "SHIPPED_ROOT", "left_to_translate", "main", "update_shipped"]

SHIPPED_ROOT = Path(__file__).resolve().parent.parent / "data"  # holds their locales/


def update_shipped(root: Path = SHIPPED_ROOT) -> list[UpdateReport]:
    """Merge the request's English (the answer words too) into the catalog of every
    shipped language under ``root``; each report says what changed in one."""
    template = to_catalog(review_messages(with_verbs=True), REVIEW_DOMAIN)
    place = CatalogPlace(root, _shown, _begun)
    merged = [merge_catalog(place, lang, template, set(), None) for lang in SHIPPED]
    for lang, m in zip(SHIPPED, merged, strict=True):
        m.report.changed = write_if_changed(
            m.path, m.new, m.old, read=m.read, label=_shown(m.path), command=MERGE_COMMAND
        )
        # a translation that cannot be used stops the release, named where it was merged
        usable_shipped(lang, m.path, _shown(m.path), "correct it as below, then merge again")
    return [m.report for m in merged]


def left_to_translate(path: Path) -> tuple[int, int]:
    """How many entries of the catalog at ``path`` are fuzzy, and how many untranslated
    (one not translated counts as untranslated, fuzzy or not, as in ``i18n stats``)."""
    with path.open("rb") as file:
        catalog = read_po(file)
    current = [m for m in catalog if m.id]
    untranslated = sum(not is_translated(m.string) for m in current)
    fuzzy = sum(m.fuzzy and is_translated(m.string) for m in current)
    return fuzzy, untranslated


def _begun(lang: str, template: Catalog) -> Catalog:
    """A catalog for a language letters begins to ship, dated as its template."""
    catalog = empty_catalog(str(template.domain), lang)
    catalog.revision_date = template.creation_date
    return catalog


def _shown(path: Path) -> str:
    """``path`` as the messages give it: from the current folder, where it is under it."""
    cwd = Path.cwd()
    return str(path.relative_to(cwd) if path.is_relative_to(cwd) else path)


def main(root: Path = SHIPPED_ROOT) -> int:
    """Merge the shipped catalogs (under ``root``) and say what each needs now; 1 on an
    error or while an entry is left to translate or review."""
    try:
        reports = update_shipped(root)
    except LettersError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    left = False
    for report in reports:
        done = "created" if report.created else "updated" if report.changed else "unchanged"
        fuzzy, untranslated = left_to_translate(report.path)
        left = left or bool(fuzzy or untranslated)
        print(
            f"{done} {_shown(report.path)}: {report.added} untranslated,"
            f" {report.fuzzy} newly fuzzy, {report.obsolete} obsolete; left to do:"
            f" {untranslated} untranslated, {fuzzy} fuzzy"
        )
    if left:
        print(
            "translate the untranslated entries and review the fuzzy ones (then remove their"
            " fuzzy flag): a review request is written in English while its catalog lacks any"
        )
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
