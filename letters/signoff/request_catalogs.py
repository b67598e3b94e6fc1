"""The review request's catalogs letters ships (``letters/data/locales/<lang>/LC_MESSAGES/
review.po``, for :data:`~letters.signoff.request_words.SHIPPED`), merged with the English of
:mod:`letters.signoff.request_english` after a text there changed::

    python -m letters.signoff.request_catalogs

They are merged as ``letters i18n update`` merges a workspace's catalogs
(:func:`letters.i18n.update.merge_catalog`): every translation kept, one whose English
changed marked fuzzy with the English it was made for (``#| msgid``), a text taken out kept
as an obsolete ``#~`` entry, an entry that did not change written as the file had it. Both
are merged before either is written, and both are written or neither. Then translate what
it reports (Poedit, any .po editor) and remove the fuzzy flags: a request is never sent
half in English, so a test fails until each catalog holds every text, translated.

Each run says what it changed in every catalog, as ``letters i18n update`` says it, and what
each still needs: fuzzy, untranslated and refused entries counted as ``letters i18n stats``
counts them (:mod:`letters.i18n.translated`), and each translation ``letters check`` refuses
told as check tells it, by its file and line (every catalog is merged all the same); its
exit status is 1 while any entry is left, as on an error, so that a release checklist that
runs it stops until both catalogs are translated.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog

from letters.errors import LettersError, Problem
from letters.files.together import Rewrites
from letters.i18n.catalog import load_messages
from letters.i18n.extract import empty_catalog, to_catalog
from letters.i18n.po_read import read_catalog_scanned
from letters.i18n.po_write import write_if_changed
from letters.i18n.translated import forms_needed, standing
from letters.i18n.update import CatalogPlace, UpdateReport, merge_catalog
from letters.i18n.update_lines import change_lines, totals
from letters.signoff.request_words import (
    MERGE_COMMAND,
    REVIEW_DOMAIN,
    SHIPPED,
    review_messages,
)

__all__ = [
    "MERGE_COMMAND",
    "SHIPPED_ROOT",
    "left_to_translate",
    "main",
    "refused_here",
    "update_shipped",
]

SHIPPED_ROOT = Path(__file__).resolve().parent.parent / "data"  # holds their locales/


def update_shipped(root: Path = SHIPPED_ROOT) -> list[UpdateReport]:
    """Merge the request's English (the answer words too) into the catalog of every
    shipped language under ``root``; each report says what changed in one."""
    template = to_catalog(review_messages(with_verbs=True), REVIEW_DOMAIN)
    place = CatalogPlace(root, _shown, _begun)
    merged = [merge_catalog(place, lang, template, set(), None) for lang in SHIPPED]
    # every catalog merged, its refused translations told after; and all of them written
    # or none, so that one that cannot be written does not leave the others merged alone
    with Rewrites(_shown, within=root, what="catalog", command=MERGE_COMMAND) as rewrites:
        for m in merged:
            m.report.changed = write_if_changed(
                m.path,
                m.new,
                m.old,
                read=m.read,
                label=_shown(m.path),
                command=MERGE_COMMAND,
                rewrites=rewrites,
            )
        rewrites.commit()
    return [m.report for m in merged]


def refused_here(lang: str, path: Path) -> list[Problem]:
    """What ``letters check`` refuses in the shipped catalog of ``lang`` at ``path`` (the
    same rule: :func:`letters.i18n.catalog.load_messages`), each problem naming the file,
    as shown from the current folder, and its line."""
    _messages, problems = load_messages(path, _shown(path), lang)
    return [p for p in problems if not p.warning]


def left_to_translate(path: Path, lang: str = "") -> tuple[int, int, int]:
    """How many entries of the catalog at ``path`` are fuzzy, how many untranslated and
    how many refused, counted as ``letters i18n stats`` counts them (one not translated is
    untranslated, fuzzy or not; one check refuses is refused, never done)."""
    catalog, scan = read_catalog_scanned(path, _shown(path), lang or None)
    lines = scan.msgstr_lines
    needed = forms_needed(catalog, lang)
    counts = {"fuzzy": 0, "untranslated": 0, "refused": 0, "translated": 0}
    for m in catalog:
        if m.id:
            msgid = m.id[0] if isinstance(m.id, tuple | list) else m.id
            forms = lines.get((m.context, msgid), {})
            counts[standing(m, forms, lang, needed, catalog.plural_expr)] += 1
    return counts["fuzzy"], counts["untranslated"], counts["refused"]


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
    left = any_refused = False
    for lang, report in zip(SHIPPED, reports, strict=True):
        done = "created" if report.created else "updated" if report.changed else "unchanged"
        fuzzy, untranslated, refused = left_to_translate(report.path, lang)
        errors = refused_here(lang, report.path)
        left = left or bool(fuzzy or untranslated)
        any_refused = any_refused or bool(refused or errors)
        # totals() counts the refused translations already, as 'i18n stats' does
        print(
            f"{done} {_shown(report.path)}: {totals(report)}; left to do:"
            f" {untranslated} untranslated, {fuzzy} fuzzy"
        )
        for line in change_lines(report):
            print(line)
        for problem in errors:  # as 'letters check' tells them
            print(f"error: {problem}")
    if left:
        print(
            "translate the untranslated entries and review the fuzzy ones (then remove their"
            " fuzzy flag): a review request is written in English while its catalog lacks any"
        )
    if any_refused:
        print(
            "correct each translation refused above at its line, then merge again: letters"
            " cannot use a catalog that holds one"
        )
    return 1 if left or any_refused else 0


if __name__ == "__main__":
    sys.exit(main())
