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
from babel.messages.mofile import write_mo

from letters import __version__
from letters.errors import LettersError, Problem, TemplateProblem, TranslationError
from letters.files.atomic import atomic_write_bytes, refuse_read_only, rewrite_bytes
from letters.files.lock import workspace_lock
from letters.files.together import Rewrites
from letters.i18n.catalog import (
    TEMPLATES_DOMAIN,
    Messages,
    case_domain,
    case_people,
    load_messages,
    po_path,
)
from letters.i18n.catalog_files import (
    read_catalogs,
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
    with_note,
)
from letters.i18n.po_keep import holds_texts
from letters.i18n.po_read import read_catalog
from letters.i18n.po_write import (
    po_bytes,
    unchanged,
    write_if_changed,
)
from letters.i18n.private_translations import private_translations, refuse_private_translations
from letters.i18n.workspace_catalogs import private_texts
from letters.load.encoding import read_template
from letters.load.loader import WorkspaceData
from letters.load.models import CONFIG
from letters.load.private_index import PrivateIndex, sender_words
from letters.load.references import country_not_language, language_meant, not_a_code
from letters.load.yamlwrite import append_key, dump_like, round_trip
from letters.render.email_text import email_source
from letters.render.private_literals import message_copies
from letters.signoff.request_words import (
    REVIEW_DOMAIN,
    review_languages,
    review_messages,
    translated_here,
)

EXTRACT = "letters i18n extract"


def pot_path(root: Path, domain: str) -> Path:
    """Where the template (.pot) of ``domain`` is written."""
    return root / "locales" / f"{domain}.pot"


def messages_by_domain(ws: WorkspaceData) -> dict[str, list[Message]]:
    """The current English messages of every domain, from templates and cases."""
    domains: dict[str, list[Message]] = {TEMPLATES_DOMAIN: []}
    used = {entry.definition.template for entry in ws.letters.values()}
    for name, path in sorted(ws.templates.items()):
        label = ws.rel(path)
        try:
            domains[TEMPLATES_DOMAIN] += template_messages(read_template(path, label), label)
        except TemplateProblem as problem:
            if name in used:
                raise
            raise TemplateProblem(unused_template(label, str(problem))) from None
    for name, path in sorted(ws.email_texts.items()):  # templates/<name>.email.txt
        label = ws.rel(path)
        try:
            domains[TEMPLATES_DOMAIN] += text_messages(email_source(path, label), label)
        except LettersError as problem:
            if name in used:
                raise
            raise TemplateProblem(unused_template(label, str(problem))) from None
    for case_id, case in sorted(ws.cases.items()):
        letters = [entry for entry in ws.letters.values() if entry.case_id == case_id]
        domains[case_domain(case_id)] = case_messages(case, letters)
    if review_languages(ws):  # the review request's words, in a language letters lacks
        domains[REVIEW_DOMAIN] = review_messages()
    return domains


def unused_template(label: str, problem: str) -> str:
    """``problem``, which refuses the template ``label``, said of a template no letter uses
    (a draft left in ``templates/``, or an e-mail text no letter's template is named for):
    'letters build' and 'letters check' never read it, but the translators are given the
    messages of every template there."""
    said = problem.removeprefix(label)
    line = re.match(r":(\d+): ", said)  # an e-mail text's line
    said = f"line {line[1]}: {said[line.end() :]}" if line else said.lstrip(": ")
    said = said.replace("the letter", "a letter made from it")
    return (
        f"{label}, which no letter uses, is read all the same for its messages to translate,"
        f" as every template in templates/ is: {said}. If it is no longer needed, remove it"
        " or move it out of templates/"
    )


def domains_in(domains: dict[str, list[Message]], lang: str) -> dict[str, list[Message]]:
    """The domains a catalog of ``lang`` is kept for: all of ``domains`` but the review
    request's where letters has its own in ``lang``, which every workspace shares."""
    if not translated_here(lang):
        return {domain: found for domain, found in domains.items() if domain != REVIEW_DOMAIN}
    return {**domains, REVIEW_DOMAIN: domains.get(REVIEW_DOMAIN) or review_messages()}


@dataclass(frozen=True)
class PotReport:
    """One domain's .pot after ``extract``: whether it was written or left as it was."""

    path: Path
    changed: bool


def extract(ws: WorkspaceData) -> list[PotReport]:
    """Write ``locales/<domain>.pot`` for every domain; a report of each domain's .pot.

    A .pot whose entries are all as they were is left as it is (its POT-Creation-Date
    too), so that a run changes no file in version control for nothing. A .pot holding a
    translation someone typed into it is not written over, nor a read-only one that would
    change: nothing is written. Nor is anything when one cannot be written (its folder may
    not be written to): every .pot is written before any replaces its file.
    """
    with workspace_lock(ws.root, "i18n extract"):
        domains = messages_by_domain(ws)
        written = [pot_path(ws.root, domain) for domain in domains]
        require_usable(ws, read=written, written=written)  # each is compared before it is written
        refuse_writing_over(ws, written)
        refuse_private_translations(ws)
        copied = message_copies(
            domains[TEMPLATES_DOMAIN], PrivateIndex(ws.cases.values(), sender_words(ws))
        )
        if copied:
            raise TranslationError(
                "a template's message is a private text; nothing was changed:", copied
            )
        pots = {
            path: po_bytes(to_catalog(m, d))
            for path, (d, m) in zip(written, domains.items(), strict=True)
        }
        changed = [path for path, new in pots.items() if not unchanged(path, new)]
        refuse_read_only(changed, EXTRACT, ws.rel, ".pot")
        # every .pot is written under a temporary name before any replaces its file
        with Rewrites(ws.rel, within=ws.root, what=".pot", command=EXTRACT) as rewrites:
            reports = [
                PotReport(path, write_if_changed(path, new, rewrites=rewrites))
                for path, new in pots.items()
            ]
            rewrites.commit()
        return reports


def template_for(
    ws: WorkspaceData, messages: list[Message], domain: str
) -> tuple[Catalog, bool | None]:
    """The template of ``domain`` for ``messages``, dated as its .pot is where that .pot
    holds the same messages (a catalog says which .pot it was merged from, whenever the
    update runs); and whether it holds their English (as written by any Babel release),
    None where it is too large to be read (:func:`letters.i18n.po_keep.holds_texts`)."""
    template = to_catalog(messages, domain)
    pot = pot_path(ws.root, domain)
    if unchanged(pot, po_bytes(template)):
        template.creation_date = read_catalog(pot, ws.rel(pot)).creation_date
        return template, True
    return template, holds_texts(pot, ws.rel(pot), template)


def languages(ws: WorkspaceData) -> list[str]:
    """The languages translated into: the workspace's, but for the one the texts are in."""
    return [lang for lang in ws.config.languages if lang != ws.config.source_language]


def new_catalog(ws: WorkspaceData, lang: str, template: Catalog) -> Catalog:
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
    A read-only workspace.yaml is refused before any catalog is written.
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
        domains = domains_in(messages_by_domain(ws), lang)
        existing = [po_path(ws.root, lang, d) for d in domains]
        existing = [path for path in existing if path.exists()]
        if existing and lang in ws.config.languages:
            raise LettersError(
                f"{ws.rel(existing[0])} already exists;"
                " use 'letters i18n update' to bring it up to date"
            )
        catalogs = [po_path(ws.root, lang, domain) for domain in domains]
        # a catalog there is kept, so it must be one; each domain's .pot dates its catalog
        pots = [pot_path(ws.root, domain) for domain in domains]
        require_usable(ws, read=[*catalogs, *pots], written=catalogs)
        if lang not in ws.config.languages:  # the one file there that init changes
            command = f"letters i18n init {lang}" + (f" --locale {locale}" if locale else "")
            refuse_read_only([ws.root / CONFIG], command, ws.rel)
        written = []
        for domain, messages in domains.items():
            path = po_path(ws.root, lang, domain)
            if path.exists():  # an init stopped before workspace.yaml, or begun by hand: kept
                continue
            template, _current = template_for(ws, messages, domain)
            catalog = new_catalog(ws, lang, template)
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
        read_messages: dict[tuple[str, str], Messages] = {}
        for path in sorted(path for path in read if path.is_file()):
            lang = path.parent.parent.name
            # the checks a build makes: a .mo with a wrong plural rule or a broken
            # placeholder would fail later, in whatever program reads it
            private = private_texts(ws, path.stem)  # less the texts its case shows
            read_messages[(lang, path.stem)], found = load_messages(
                path, ws.rel(path), lang, private=private
            )
            errors = [p for p in found if not p.warning]
            problems += errors
            if warnings is not None:
                warnings += [p for p in found if p.warning]
            if not errors:
                catalog = read_catalog(path, ws.rel(path), lang)
                for message in [m for m in catalog if m.id and m.id in private]:
                    catalog.delete(message.id, message.context)  # never in a .mo either
                catalogs.append((path, catalog))
        problems = private_translations(ws, read_messages, problems)  # never in a .mo
        if problems:
            raise TranslationError("cannot compile; nothing was written:", problems)
        for path, catalog in catalogs:
            buffer = io.BytesIO()
            write_mo(buffer, catalog, use_fuzzy=False)
            target = path.with_suffix(".mo")
            atomic_write_bytes(target, buffer.getvalue())
            written.append(target)
        return written
