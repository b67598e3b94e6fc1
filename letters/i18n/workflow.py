"""The translators' workflow: extract, update, init, compile and stats.

Layout, as gettext tools expect it::

    locales/templates.pot                       fixed text of every template
    locales/case-<case>.pot                     one domain per case: its texts and letter subjects
    locales/<lang>/LC_MESSAGES/<domain>.po      the translations

Nothing a translator wrote is ever dropped: ``update`` keeps a changed
message's old translation (marked fuzzy, with the previous English shown) and
keeps a removed message as an obsolete ``#~`` entry if it has a translation or a
translator's comment (one with neither is dropped, as msgmerge drops it). A case's
catalog says whom the case is about, and is marked for review when that changes
(:mod:`letters.i18n.person_note`).

Nor is a file rewritten for nothing: ``extract`` and ``update`` leave a catalog
alone (same bytes, same mtime) unless an entry of it changed — its text, context,
plural forms, translation, flags, comments or source references (``#:``, which tell
a translator where a text is used). A new POT-Creation-Date alone is no change.

What a rewritten catalog keeps besides its entries (the header fields and line ends its
editor wrote, its link and permissions, a save made while ``update`` ran) is told in
:mod:`letters.i18n.po_write`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.catalog import Message as BabelMessage
from babel.messages.mofile import write_mo
from babel.messages.pofile import escape

from letters import __version__
from letters.errors import LettersError, Problem, TranslationError
from letters.files.atomic import atomic_write_bytes, rewrite_bytes
from letters.files.lock import workspace_lock
from letters.i18n.catalog import (
    TEMPLATES_DOMAIN,
    case_domain,
    case_people,
    load_messages,
    po_path,
    read_catalog,
    read_catalog_scanned,
)
from letters.i18n.catalog_files import (
    read_catalogs,
    refuse_read_only,
    refuse_writing_over,
    require_usable,
)
from letters.i18n.extract import (
    Message,
    case_messages,
    empty_catalog,
    template_messages,
    text_messages,
    to_catalog,
)
from letters.i18n.person_note import (
    NoteChange,
    PersonOfCase,
    has_translation,
    settle,
    with_note,
)
from letters.i18n.po_keep import holds_texts, kept_as_written
from letters.i18n.po_write import (
    EntryKey,
    Previous,
    entry_key,
    po_bytes,
    previous_ids,
    unchanged,
    would_change,
    write_if_changed,
)
from letters.i18n.workspace_catalogs import private_texts
from letters.load.loader import WorkspaceData
from letters.load.models import CONFIG
from letters.load.references import country_not_language, language_meant, not_a_code
from letters.load.yamlio import append_key, dump_like, round_trip


def pot_path(root: Path, domain: str) -> Path:
    """Where the template (.pot) of ``domain`` is written."""
    return root / "locales" / f"{domain}.pot"


def messages_by_domain(ws: WorkspaceData) -> dict[str, list[Message]]:
    """The current English messages of every domain, from templates and cases."""
    domains: dict[str, list[Message]] = {TEMPLATES_DOMAIN: []}
    for _name, path in sorted(ws.templates.items()):
        domains[TEMPLATES_DOMAIN] += template_messages(path.read_bytes(), ws.rel(path))
    for _name, path in sorted(ws.email_texts.items()):
        domains[TEMPLATES_DOMAIN] += text_messages(path.read_text(encoding="utf-8"), ws.rel(path))
    for case_id, case in sorted(ws.cases.items()):
        letters = [entry for entry in ws.letters.values() if entry.case_id == case_id]
        domains[case_domain(case_id)] = case_messages(case, letters)
    return domains


@dataclass(frozen=True)
class PotReport:
    """One domain's .pot after ``extract``: whether it was written or left as it was."""

    path: Path
    changed: bool


def extract(ws: WorkspaceData) -> list[PotReport]:
    """Write ``locales/<domain>.pot`` for every domain; a report of each domain's .pot.

    A .pot whose entries are all as they were is left as it is (its POT-Creation-Date
    too), so that a run changes no file in version control for nothing. A .pot holding a
    translation someone typed into it is not written over: nothing is written.
    """
    with workspace_lock(ws.root, "i18n extract"):
        domains = messages_by_domain(ws)
        written = [pot_path(ws.root, domain) for domain in domains]
        require_usable(ws, read=written, written=written)  # each is compared before it is written
        refuse_writing_over(ws, written)
        return [
            PotReport(path, write_if_changed(path, po_bytes(to_catalog(m, d)), within=ws.root))
            for path, (d, m) in zip(written, domains.items(), strict=True)
        ]


def _template(ws: WorkspaceData, messages: list[Message], domain: str) -> tuple[Catalog, bool]:
    """The template of ``domain`` for ``messages``, dated as its .pot is where that .pot
    holds the same messages (a catalog says which .pot it was merged from, whenever the
    update runs); and whether it holds their English (as written by any Babel release)."""
    template = to_catalog(messages, domain)
    pot = pot_path(ws.root, domain)
    if unchanged(pot, po_bytes(template)):
        template.creation_date = read_catalog(pot, ws.rel(pot)).creation_date
        return template, True
    return template, holds_texts(pot, ws.rel(pot), template)


@dataclass
class UpdateReport:
    """What ``update`` did to one catalog: messages left to translate, newly fuzzy, obsolete."""

    path: Path
    added: int
    fuzzy: int
    obsolete: int
    changed: bool = True  # False: no entry changed, and the file was left as it was
    created: bool = False  # there was no catalog: this one was begun
    note: NoteChange | None = None  # the note on whom the case is about, added or corrected
    # the domain's .pot, when it does not hold the messages merged (no 'i18n extract' since
    # they changed): tools that merge from it (Poedit, Weblate) would bring back old English
    stale_pot: Path | None = None


def languages(ws: WorkspaceData) -> list[str]:
    """The languages translated into: the workspace's, but for the one the texts are in."""
    return [lang for lang in ws.config.languages if lang != ws.config.source_language]


UPDATE = "letters i18n update"


def update(ws: WorkspaceData) -> list[UpdateReport]:
    """Merge the current messages into every language's catalogs, losing nothing.

    Every catalog is merged before any is written: a broken one, or a read-only one the
    merge would change, stops the command with no catalog changed.
    """
    with workspace_lock(ws.root, "i18n update"):
        domains = messages_by_domain(ws)
        pots = [pot_path(ws.root, domain) for domain in domains]  # each dates its template
        written = [po_path(ws.root, lang, d) for lang in languages(ws) for d in domains]
        require_usable(ws, read=[*read_catalogs(ws), *pots], written=written)
        private = private_texts(ws)
        people = case_people(ws)
        templates = {d: _template(ws, messages, d) for d, messages in domains.items()}
        merged = []
        for lang in languages(ws):
            for domain, (template, current) in templates.items():
                merge = _merge_catalog(ws, lang, template, private, people.get(domain))
                merge.report.stale_pot = None if current else pot_path(ws.root, domain)
                merged.append(merge)
        refuse_read_only(ws, [m.path for m in merged if would_change(m.read, m.new, m.old)])
        for m in merged:
            label = ws.rel(m.path)
            m.report.changed = write_if_changed(
                m.path, m.new, m.old, read=m.read, label=label, command=UPDATE, within=ws.root
            )
        return [m.report for m in merged]


@dataclass
class _Merged:
    """A catalog merged, to be written if an entry changed: ``new``, from the bytes
    ``read`` (None: no file), ``old`` being those as :func:`po_bytes` writes them."""

    path: Path
    new: bytes
    old: bytes | None
    read: bytes | None
    report: UpdateReport


def _merge_catalog(
    ws: WorkspaceData,
    lang: str,
    template: Catalog,
    private: set[str],
    person: PersonOfCase | None,
) -> _Merged:
    """Merge ``template`` into the catalog of its domain in ``lang`` (see
    :mod:`letters.i18n.po_write` for what the file keeps when it is written). A case's
    catalog (translated for ``person``) gets its note on whom the case is about put right
    (see :mod:`letters.i18n.person_note`)."""
    path = po_path(ws.root, lang, str(template.domain))
    # a text private in one case but shown all the same (in this one): kept, and translated
    private = private - {_text_of(m.id) for m in template if m.id}
    previous: dict[EntryKey, Previous] = {}
    old: bytes | None = None
    read: bytes | None = None
    header: str | None = None
    if path.is_file():
        read = path.read_bytes()  # a save made after this is never written over
    begun = bool(read and read.strip())  # an empty file: a catalog never begun
    if read and begun:
        catalog, scan = read_catalog_scanned(path, ws.rel(path), lang, read)
        header = scan.header_text
        previous = previous_ids(catalog)
        contexts = {e: p.context for e, p in previous.items() if p.context is not None}
        # before the merge, which changes it in place; each entry as the file wraps it
        old = kept_as_written(po_bytes(catalog, header, contexts), read)
    else:
        catalog = _new_catalog(ws, lang, template)
    for message in [m for m in catalog if m.id and _text_of(m.id) in private]:
        # a text now marked private leaves the catalogs before the merge, which would
        # otherwise give a new text like it its English (#| msgid) and translation
        catalog.delete(message.id, message.context)
    _revive(catalog, template)
    # fuzzy before (marked by hand, or by an earlier update): not newly fuzzy
    was_fuzzy = {entry_key(m) for m in catalog if m.id and m.fuzzy}
    before = {entry_key(m): m for m in catalog if m.id}
    catalog.update(
        template, update_header_comment=False, keep_user_comments=True, update_creation_date=True
    )
    contexts = {e: p.context for e, p in previous.items() if p.context is not None}
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
        source = before.get(entry) or _matched(message, before)
        if source is None or not message.id:
            continue
        earlier = previous.get(entry_key(source))
        if source is not before.get(entry) and source.fuzzy and earlier is not None:
            # an entry still fuzzy, its English changed again: the English its translation
            # was made for stays the one shown (as msgmerge keeps it), and it is not new
            message.previous_id = earlier.ids
            contexts.pop(entry, None)
            if earlier.context is not None:
                contexts[entry] = earlier.context
            was_fuzzy.add(entry)
        elif message.previous_id and (entry not in previous or source is not before.get(entry)):
            contexts.pop(entry, None)
            if source.context is not None:  # msgmerge writes the context it had, if any
                contexts[entry] = source.context
        _keep_plural_forms(message, source)
    for message in catalog:  # the English a translation was made for, now private: not shown
        if message.previous_id and _text_of(message.previous_id) in private:
            message.previous_id = []
            contexts.pop(entry_key(message), None)
    for key, message in list(catalog.obsolete.items()):
        if _text_of(key) in private:
            del catalog.obsolete[key]  # a text now marked private leaves the catalogs
        elif not has_translation(message) and not message.user_comments:
            del catalog.obsolete[key]  # nothing written for it: dropped, as msgmerge does
    note = settle(catalog, person.gender) if person is not None and begun else None
    fuzzy = sum(1 for m in catalog if m.id and m.fuzzy and entry_key(m) not in was_fuzzy)
    added = sum(1 for m in catalog if m.id and not _translated(m.string))
    new = po_bytes(catalog, header, contexts)
    if read and begun:  # the entries that did not change, as the translator's tool wrote them
        new = kept_as_written(new, read)
    report = UpdateReport(path, added, fuzzy, len(catalog.obsolete), created=not begun, note=note)
    return _Merged(path, new, old, read, report)


def _matched(message: BabelMessage, before: dict[EntryKey, BabelMessage]) -> BabelMessage | None:
    """The entry Babel's merge took ``message``'s translation from, when it was another
    one (a close English): the last translated entry with its previous msgid, as Babel
    picks it."""
    if not message.previous_id:
        return None
    found = [m for m in before.values() if _key(m.id) == message.previous_id[0] and m.string]
    return found[-1] if found else None


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


def _revive(catalog: Catalog, template: Catalog) -> None:
    """Bring an obsolete (``#~``) entry back when its English is a message again, with its
    translation, as msgmerge does: Babel's merge would add an empty entry beside it (which
    msgfmt refuses as a duplicate) and the translation would be lost to the letters."""
    for key, message in list(catalog.obsolete.items()):
        if template.get(message.id, message.context) is not None:
            del catalog.obsolete[key]
            catalog[message.id] = message


def _text_of(key: object) -> str:
    """The English of an obsolete entry's key (msgid, or (msgid, context), or plural)."""
    while isinstance(key, tuple | list) and key:
        key = key[0]
    return str(key)


def _translated(string: str | tuple[str, ...] | list[str] | None) -> bool:
    strings = [string] if not isinstance(string, tuple | list) else list(string)
    return all(strings)


def _ids(msgid: str | tuple[str, ...] | list[str]) -> list[str]:
    """The English of an entry: its msgid, and its msgid_plural if it has one."""
    return [msgid] if isinstance(msgid, str) else list(msgid)


def _key(msgid: str | tuple[str, ...] | list[str]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def _new_catalog(ws: WorkspaceData, lang: str, template: Catalog) -> Catalog:
    """A catalog to start ``template``'s domain in ``lang``; a case's says whom the case is
    about. Its header has none of Babel's placeholders (``msgfmt -c`` warns of them): it is
    dated as its template, so that two runs write the same file, and its translator is the
    language's team, as no one's name is known."""
    domain = str(template.domain)
    catalog = empty_catalog(domain, lang)
    catalog.version = __version__
    catalog.revision_date = template.creation_date
    catalog.last_translator = catalog.language_team
    name = Locale.parse(lang).english_name
    catalog.header_comment = f'# {name} translation of letters, domain "{domain}".'
    person = case_people(ws).get(domain)
    if person is not None:
        catalog.header_comment = with_note(catalog.header_comment, person.gender)
    return catalog


def init_language(ws: WorkspaceData, lang: str, locale: str | None = None) -> list[Path]:
    """Start a new language: catalogs from the current messages, an entry in workspace.yaml.

    A catalog of the language already there (an earlier run stopped before it wrote
    workspace.yaml) is kept as it is; once the language is in workspace.yaml, it is refused.
    """
    with workspace_lock(ws.root, "i18n init"):
        if not re.fullmatch(r"[a-z]{2,3}", lang):
            raise LettersError(not_a_code(lang))
        if lang == ws.config.source_language:
            raise LettersError(f"'{lang}' is the source language; it needs no catalogs")
        ident = locale or lang
        try:
            parsed = Locale.parse(ident)
        except (UnknownLocaleError, ValueError):
            what = f"locale '{locale}'" if locale else f"language '{lang}'"
            meant = None if locale else language_meant(lang, ws.config.languages)
            country = None if locale else country_not_language(lang, ws.config.languages)
            raise LettersError(
                f"unknown {what}; did you mean '{meant}', which this workspace writes in already?"
                if meant
                else f"unknown {what}: {country}"
                if country
                else f"unknown {what}: use a code such as pl or de (and --locale pl_PL)"
            ) from None
        if parsed.language != lang and locale is None:  # 'rus': Babel reads it as 'ru'
            code = parsed.language
            raise LettersError(
                f"'{lang}' is another code for '{code}', which this workspace writes in already"
                if code in ws.config.languages
                else f"'{lang}' is another code for '{code}': use 'letters i18n init {code}'"
            )
        if parsed.language != lang:
            raise LettersError(
                f"--locale {locale} is for '{parsed.language}', not '{lang}': give a locale of"
                f" the language, such as {lang}_{lang.upper()} (dates and lists are written"
                " with it)"
            )
        existing = [
            po_path(ws.root, lang, d)
            for d in messages_by_domain(ws)
            if po_path(ws.root, lang, d).exists()
        ]
        if existing and lang in ws.config.languages:
            raise LettersError(
                f"{ws.rel(existing[0])} already exists;"
                " use 'letters i18n update' to bring it up to date"
            )
        domains = messages_by_domain(ws)
        catalogs = [po_path(ws.root, lang, domain) for domain in domains]
        # a catalog there is kept, so it must be one; each domain's .pot dates its catalog
        pots = [pot_path(ws.root, domain) for domain in domains]
        require_usable(ws, read=[*catalogs, *pots], written=catalogs)
        written = []
        for domain, messages in domains.items():
            path = po_path(ws.root, lang, domain)
            if path.exists():  # an init stopped before workspace.yaml, or begun by hand: kept
                continue
            template, _current = _template(ws, messages, domain)
            catalog = _new_catalog(ws, lang, template)
            catalog.update(template)
            atomic_write_bytes(path, po_bytes(catalog))
            written.append(path)
        if lang not in ws.config.languages:
            _add_language(ws.root, lang, ident)
            written.append(ws.root / CONFIG)
        return written


def _add_language(root: Path, lang: str, ident: str) -> None:
    """Add the language to workspace.yaml, keeping the user's comments and order, and the
    file's permissions (or the link it is, to a file inside the workspace)."""
    config = root / CONFIG
    original = config.read_text(encoding="utf-8")
    data = round_trip().load(original)
    append_key(data["languages"], lang, ident)  # comments below the languages stay below
    rewrite_bytes(config, dump_like(data, original).encode("utf-8"), within=root)


def compile_catalogs(ws: WorkspaceData, warnings: list[Problem] | None = None) -> list[Path]:
    """Write a .mo beside every .po letters reads (fuzzy entries left out, and any entry of
    a private text), after checking each strictly; one it never reads is left alone, as
    ``check`` only warns of it. The catalogs' warnings are added to ``warnings``."""
    with workspace_lock(ws.root, "i18n compile"):
        read = read_catalogs(ws)
        require_usable(ws, read=read, written=[p.with_suffix(".mo") for p in read if p.is_file()])
        written = []
        problems: list[Problem] = []
        catalogs = []
        for path in sorted(path for path in read if path.is_file()):
            lang = path.parent.parent.name
            # the checks a build makes: a .mo with a wrong plural rule or a broken
            # placeholder would fail later, in whatever program reads it
            private = private_texts(ws, path.stem)  # less the texts its case shows
            _, found = load_messages(path, ws.rel(path), lang, private=private)
            errors = [p for p in found if not p.warning]
            problems += errors
            if warnings is not None:
                warnings += [p for p in found if p.warning]
            if not errors:
                catalog = read_catalog(path, ws.rel(path), lang)
                for message in [m for m in catalog if m.id and m.id in private]:
                    catalog.delete(message.id, message.context)  # never in a .mo either
                catalogs.append((path, catalog))
        if problems:
            raise TranslationError("cannot compile; nothing was written:", problems)
        for path, catalog in catalogs:
            buffer = io.BytesIO()
            write_mo(buffer, catalog, use_fuzzy=False)
            target = path.with_suffix(".mo")
            atomic_write_bytes(target, buffer.getvalue())
            written.append(target)
        return written
