"""``letters i18n update``: the current messages merged into every language's catalogs.

Nothing a translator wrote is dropped (see :mod:`letters.i18n.workflow`): a changed
message keeps its old translation, marked fuzzy with the English it was made for, a
removed one stays as an obsolete ``#~`` entry, and the translation of a text a case has
since marked private is moved out of the catalogs and kept
(:mod:`letters.i18n.private_kept`). Every catalog is merged before any is written.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.catalog import Message as BabelMessage
from babel.messages.pofile import escape

from letters.errors import TranslationError
from letters.files.atomic import refuse_read_only
from letters.files.lock import workspace_lock
from letters.files.size_limits import CATALOG_TOO_LARGE, MAX_CATALOG_BYTES, read_at_most
from letters.files.together import Rewrites
from letters.i18n.catalog import case_people, po_path
from letters.i18n.catalog_files import read_catalogs, refuse_empty_beside, require_usable
from letters.i18n.header import fill_header
from letters.i18n.person_note import PersonOfCase, settle
from letters.i18n.po_keep import kept_as_written
from letters.i18n.po_read import read_catalog_scanned
from letters.i18n.po_write import (
    EntryKey,
    Previous,
    entry_key,
    po_bytes,
    previous_ids,
    would_change,
    write_if_changed,
)
from letters.i18n.private_kept import kept_entries, kept_path, write_kept
from letters.i18n.private_translations import refuse_private_translations
from letters.i18n.translated import (
    has_translation,
    is_translated,
)
from letters.i18n.update_lines import UpdateReport, fuzzy_reasons, left_to_do, taken_from
from letters.i18n.update_lines import named as _named
from letters.i18n.update_sources import count_claims, settle_sources, translation_source
from letters.i18n.workflow import (
    domains_in,
    languages,
    messages_by_domain,
    new_catalog,
    pot_path,
    template_for,
)
from letters.i18n.workspace_catalogs import private_texts
from letters.load.loader import WorkspaceData

__all__ = ["UPDATE", "CatalogPlace", "Merged", "UpdateReport", "merge_catalog", "update"]

UPDATE = "letters i18n update"


def update(ws: WorkspaceData) -> list[UpdateReport]:
    """Merge the current messages into every language's catalogs, losing nothing.

    Every catalog is merged before any is written: a broken one, or a read-only one the
    merge would change, stops the command with no catalog changed; and every one is
    written before any replaces its file, so one that cannot be written (a folder that
    may not be written, a full disk) changes none either.
    """
    with workspace_lock(ws.root, "i18n update"):
        domains = messages_by_domain(ws)
        pots = [pot_path(ws.root, domain) for domain in domains]  # each dates its template
        each = {lang: domains_in(domains, lang) for lang in languages(ws)}
        written = [po_path(ws.root, lang, d) for lang in languages(ws) for d in each[lang]]
        written += [kept_path(ws.root, lang, d) for lang in languages(ws) for d in each[lang]]
        require_usable(ws, read=[*read_catalogs(ws), *pots], written=written)
        refuse_empty_beside(ws, [path for path in written if not path.exists()])
        refuse_private_translations(ws)
        private = private_texts(ws)
        people = case_people(ws)
        templates = {d: template_for(ws, messages, d) for d, messages in domains.items()}
        place = CatalogPlace(ws.root, ws.rel, partial(new_catalog, ws))
        merged = []
        for lang in languages(ws):
            for domain, (template, current) in templates.items():
                if domain not in each[lang]:
                    continue
                merge = merge_catalog(place, lang, template, private, people.get(domain))
                merge.report.stale_pot = None if current else pot_path(ws.root, domain)
                merge.report.pot_too_large = current is None
                merged.append(merge)
        changed = [m.path for m in merged if would_change(m.read, m.new, m.old)]
        refuse_read_only(changed, UPDATE, ws.rel, "catalog")
        # every file is written under a temporary name before any is renamed into place:
        # one that cannot be written leaves all of them as they were
        with Rewrites(ws.rel, within=ws.root, what="catalog", command=UPDATE) as rewrites:
            for m in merged:  # a translation leaves a catalog only once it is kept
                m.kept = write_kept(m.kept_path, m.lang, m.domain, m.kept, rewrites, m.moved_out)
            for m in merged:
                label = ws.rel(m.path)
                m.report.changed = write_if_changed(
                    m.path,
                    m.new,
                    m.old,
                    read=m.read,
                    label=label,
                    command=UPDATE,
                    rewrites=rewrites,
                )
            for m in merged:  # and is no longer kept once its catalog has it again
                write_kept(m.kept_path, m.lang, m.domain, m.kept, rewrites, drop=m.public_again)
            rewrites.commit()
        return [m.report for m in merged]


@dataclass(frozen=True)
class CatalogPlace:
    """Where catalogs are merged: the folder that holds their ``locales/``, each file's
    name as a message gives it, and how a catalog not begun yet is begun (from a language
    and the template)."""

    root: Path
    rel: Callable[[Path], str]
    begin: Callable[[str, Catalog], Catalog]


@dataclass
class Merged:
    """A catalog merged, to be written if an entry changed: ``new``, from the bytes
    ``read`` (None: no file), ``old`` being those as :func:`po_bytes` writes them."""

    path: Path
    new: bytes
    old: bytes | None
    read: bytes | None
    report: UpdateReport
    lang: str
    domain: str
    kept_path: Path  # the translations of texts made private (letters.i18n.private_kept)
    kept: dict[EntryKey, BabelMessage]
    moved_out: list[BabelMessage]  # to be kept: their texts are private now
    public_again: set[EntryKey]  # kept no longer: their texts are public again


def merge_catalog(
    place: CatalogPlace,
    lang: str,
    template: Catalog,
    private: set[str],
    person: PersonOfCase | None,
) -> Merged:
    """Merge ``template`` into the catalog of its domain in ``lang`` (see
    :mod:`letters.i18n.po_write` for what the file keeps when it is written). A case's
    catalog (translated for ``person``) gets its note on whom the case is about put right
    (see :mod:`letters.i18n.person_note`)."""
    # Babel's merge puts a new message in as the template's own object: every language
    # merged from one template would then share it, a translation put back in one showing
    # in the next. Its dates are kept as they are (immutable; Babel 2.16's own time zone
    # cannot be copied)
    dates = [value for value in vars(template).values() if isinstance(value, datetime)]
    template = copy.deepcopy(template, {id(date): date for date in dates})
    path = po_path(place.root, lang, str(template.domain))
    # a text private in one case but shown all the same (in this one): kept, and translated
    private = private - {_text_of(m.id) for m in template if m.id}
    previous: dict[EntryKey, Previous] = {}
    old: bytes | None = None
    read: bytes | None = None
    header: str | None = None
    header_added: list[str] = []
    if path.is_file():
        read = read_at_most(path, MAX_CATALOG_BYTES)  # a save made after this is not written over
        if read is None:
            raise TranslationError(f"{place.rel(path)}: {CATALOG_TOO_LARGE}")
    begun = bool(read and read.strip())  # an empty file: a catalog never begun
    if read and begun:
        catalog, scan = read_catalog_scanned(path, place.rel(path), lang, read)
        header = scan.header_text
        previous = previous_ids(catalog)
        contexts = {e: p.context for e, p in previous.items() if p.context is not None}
        # before the merge, which changes it in place; each entry as the file wraps it
        old = kept_as_written(po_bytes(catalog, header, contexts), read)
        header_added = fill_header(catalog, scan, lang)
        if header_added:  # as read, the file would seem to have them already
            old = None
    else:
        catalog = place.begin(lang, template)
    domain = str(template.domain)
    kept_at = kept_path(place.root, lang, domain)
    kept = kept_entries(kept_at, place.rel(kept_at), lang)
    moved_out = [m for m in catalog if m.id and _text_of(m.id) in private]
    moved_out += [m for k, m in catalog.obsolete.items() if _text_of(k) in private]
    for message in [m for m in catalog if m.id and _text_of(m.id) in private]:
        # a text now marked private leaves the catalogs before the merge, which would
        # otherwise give a new text like it its English (#| msgid) and translation
        catalog.delete(message.id, message.context)
    revived = _revive(catalog, template)
    obsolete_before = set(catalog.obsolete)
    # fuzzy before (marked by hand, or by an earlier update): not newly fuzzy
    was_fuzzy = {entry_key(m) for m in catalog if m.id and m.fuzzy}
    before = {entry_key(m): m for m in catalog if m.id}
    catalog.update(
        template, update_header_comment=False, keep_user_comments=True, update_creation_date=True
    )
    contexts = {e: p.context for e, p in previous.items() if p.context is not None}
    present = {entry_key(m) for m in catalog if m.id}
    lent: dict[EntryKey, BabelMessage] = {}  # a new entry's: whose translation it has
    guessed: set[EntryKey] = set()  # ...where that is not known to be its own: a suggestion
    taken_fuzzy: set[EntryKey] = set()  # ...where it is, and that entry was fuzzy already
    changed_again: set[EntryKey] = set()
    passed_over: list[BabelMessage] = []  # Babel's picks a message did not take after all
    claims = count_claims(catalog, before, present)
    for message in catalog:  # Babel's merge forgets them: a fuzzy entry keeps its own
        entry = entry_key(message)
        if (
            entry in before
            and _ids(before[entry].id) != _ids(message.id)
            and entry not in previous
            and has_translation(message)  # untranslated: nothing to review (msgmerge)
        ):
            # a new msgid_plural: the old forms Babel kept need review, as msgmerge says
            message.flags.add("fuzzy")
            message.previous_id = _ids(before[entry].id)
        if message.fuzzy and not message.previous_id and entry in previous:
            message.previous_id = previous[entry].ids
        if message.id and entry not in before:  # before its previous msgid is put right
            found = translation_source(message, before, present, claims, guessed, passed_over)
            if found is not None:
                lent[entry] = found
        source = before.get(entry) or lent.get(entry)
        if source is None or not message.id:
            continue
        earlier = previous.get(entry_key(source))
        if source.fuzzy and entry in lent and entry not in guessed:
            was_fuzzy.add(entry)  # its own entry, fuzzy already: not made fuzzy by this run
            taken_fuzzy |= {entry} if source.context != message.context else set()
        if source is not before.get(entry) and source.fuzzy and earlier is not None:
            # a translation still fuzzy: the English it was made for stays the one shown
            # (as msgmerge keeps it); the entry is not new if its English changed again,
            # but a suggestion if that English is still there (msgmerge says so too)
            message.previous_id = earlier.ids
            contexts.pop(entry, None)
            if earlier.context is not None:
                contexts[entry] = earlier.context
            if entry_key(source) not in present:
                was_fuzzy.add(entry)
                changed_again.add(entry)
        elif message.previous_id and (entry not in previous or source is not before.get(entry)):
            contexts.pop(entry, None)
            if source.context is not None:  # msgmerge writes the context it had, if any
                contexts[entry] = source.context
        _keep_plural_forms(message, source)
    emptied: list[tuple[bool, str]] = []  # (an obsolete entry already, its name)
    for message in catalog:
        if message.id and entry_key(message) not in was_fuzzy and not has_translation(message):
            # Babel takes an untranslated plural's empty forms for a translation to reuse:
            # there is nothing to review (msgmerge marks no such entry fuzzy)
            message.flags.discard("fuzzy")
            message.previous_id = []
            contexts.pop(entry_key(message), None)
            source = lent.get(entry_key(message))
            if source is not None and entry_key(source) not in present:
                # ...and keeps no entry of the English gone, as it would an untranslated
                # singular's, which leaves the file as nothing was written for it
                emptied += [] if source.user_comments else [(False, _named(source))]
    put_back, given_back = 0, set()
    for message in catalog:  # a text public again gets back the translation kept of it
        back = kept.get(entry_key(message)) if message.id else None
        if back is None or (entry_key(message) in before and is_translated(message.string)):
            continue
        if entry_key(message) not in before:
            # what the merge gave it is the translation of a close English, a guess: the
            # translation kept is this text's own; the guess's own English, if gone, keeps
            # its translation as #~ (the merge, having used it, kept it nowhere else)
            given_back.add(entry_key(message))
            taken_fuzzy.discard(entry_key(message))
            changed_again.discard(entry_key(message))
            message.flags.discard("fuzzy")
            message.previous_id, message.user_comments = [], []
            contexts.pop(entry_key(message), None)
        message.string, put_back = back.string, put_back + 1
        message.flags |= back.flags & {"fuzzy"}
        message.user_comments = message.user_comments or list(back.user_comments)
        if back.fuzzy:  # fuzzy when it was kept: not made fuzzy by this run
            was_fuzzy.add(entry_key(message))
    public_again = {entry_key(m) for m in catalog if m.id} & kept.keys()
    settle_sources(catalog, lent, guessed | given_back, passed_over)
    for message in catalog:  # the English a translation was made for, now private: not shown
        if message.previous_id and _text_of(message.previous_id) in private:
            message.previous_id = []
            contexts.pop(entry_key(message), None)
    for key, message in list(catalog.obsolete.items()):
        if message.previous_id and _text_of(message.previous_id) in private:
            # an edit taken back, the text then marked private: this translation was made
            # for the private English, which its #~| msgid shows, and is kept as its
            moved_out.append(_made_for_previous(message))
            del catalog.obsolete[key]
        elif _text_of(key) in private:
            del catalog.obsolete[key]  # a text now marked private leaves the catalogs
        elif not has_translation(message) and not message.user_comments:
            del catalog.obsolete[key]  # nothing written for it: dropped, as msgmerge does
            emptied.append((key in obsolete_before, _named(message)))
    # before the note marks translations fuzzy for a reason of its own, which it says
    reasons = fuzzy_reasons(catalog, before, was_fuzzy, lent, guessed)
    note = settle(catalog, person.gender) if person is not None and begun else None
    fuzzy = sum(1 for m in catalog if m.id and m.fuzzy and entry_key(m) not in was_fuzzy)
    new = po_bytes(catalog, header, contexts)
    if read and begun:  # the entries that did not change, as the translator's tool wrote them
        new = kept_as_written(new, read)
    # counted as 'i18n stats' counts the file as this run leaves it
    left = new if read is None or would_change(read, new, old) else read
    added, lacking, refused = left_to_do(catalog, left, lang)
    report = UpdateReport(path, added, fuzzy, len(catalog.obsolete), created=not begun, note=note)
    report.moved_out = sum(1 for m in moved_out if has_translation(m))
    report.put_back, report.kept = put_back, kept_at
    report.header_added = header_added
    report.lacking, report.refused = lacking, refused
    report.new_entries = [
        _named(m)
        for m in catalog
        if m.id and (entry_key(m) not in before or entry_key(m) in revived)
        if not has_translation(m)
    ]
    report.made_fuzzy, report.renamed = reasons.changed, reasons.renamed
    report.suggested, report.suggested_same = reasons.suggested, reasons.same
    report.changed_again = [_named(m) for m in catalog if m.id and entry_key(m) in changed_again]
    report.taken_fuzzy = [
        f"{_named(m)} {taken_from(lent[entry_key(m)])}"
        for m in catalog
        if m.id and entry_key(m) in taken_fuzzy - changed_again and m.fuzzy
    ]
    asked = {english for english, _context in present}  # under any msgctxt (or none)
    for key, message in catalog.obsolete.items():
        if key not in obsolete_before:  # its English gone, or asked for under another msgctxt
            gone = _text_of(key) not in asked
            (report.made_obsolete if gone else report.context_gone).append(_named(message))
    report.removed = list(dict.fromkeys(n for was_obsolete, n in emptied if not was_obsolete))
    report.dropped = [n for was_obsolete, n in emptied if was_obsolete]
    return Merged(
        path, new, old, read, report, lang, domain, kept_at, kept, moved_out, public_again
    )


def _keep_plural_forms(message: BabelMessage, source: BabelMessage) -> None:
    """Keep, as translator comments, the plural forms of a translation whose English is no
    longer plural: Babel's merge (msgmerge too) keeps only msgstr[0], marked fuzzy."""
    if not isinstance(message.id, str) or not isinstance(source.string, tuple | list):
        return
    forms = [(n, text) for n, text in enumerate(source.string) if n and text]
    if forms:
        message.user_comments = [
            *message.user_comments,
            "the English is no longer plural; the other forms of the translation were:",
            *(f"msgstr[{n}] {escape(text)}" for n, text in forms),
        ]


def _revive(catalog: Catalog, template: Catalog) -> set[EntryKey]:
    """Bring an obsolete (``#~``) entry back when its English is a message again, with its
    translation, as msgmerge does: Babel's merge would add an empty entry beside it (which
    msgfmt refuses as a duplicate) and the translation would be lost to the letters.
    The keys of those brought back."""
    revived = set()
    for key, message in list(catalog.obsolete.items()):
        if template.get(message.id, message.context) is not None:
            del catalog.obsolete[key]
            catalog[message.id] = message
            revived.add(entry_key(message))
    return revived


def _made_for_previous(message: BabelMessage) -> BabelMessage:
    """``message`` as the entry of the English its translation was made for (its
    ``previous_id``), to come back with that English when it is public again; as it is if
    one of the two is a plural and the other not."""
    ids = list(message.previous_id)
    msgid: str | tuple[str, ...] = ids[0] if len(ids) == 1 else tuple(ids)
    if isinstance(msgid, tuple) != isinstance(message.string, tuple | list):
        return message
    return BabelMessage(
        msgid,
        message.string,
        flags=message.flags,
        user_comments=message.user_comments,
        context=message.context,
    )


def _text_of(key: object) -> str:
    """The English of an obsolete entry's key (msgid, or (msgid, context), or plural)."""
    while isinstance(key, tuple | list) and key:
        key = key[0]
    return str(key)


def _ids(msgid: str | tuple[str, ...] | list[str]) -> list[str]:
    """The English of an entry: its msgid, and its msgid_plural if it has one."""
    return [msgid] if isinstance(msgid, str) else list(msgid)
