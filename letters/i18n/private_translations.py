"""A private text of a case pasted as a translation: refused wherever a catalog is read.

A translation (``msgstr``, or any ``msgstr[n]``; a fuzzy one too, one click from being used)
that is, compared as :mod:`letters.load.private_copies` compares, the same text as a private
text of the case (in its English, or in a language a catalog translates it into), or that
holds a distinctive one among other words, would put that text in the letter. A case's
catalog is compared with its own case's private texts, the templates' catalog with every
case's (its texts are in every letter). Each is an error at
the msgstr's line naming the private text's place, never either text; ``check``, ``build``,
``i18n compile``, ``i18n extract`` and ``i18n update`` refuse it, the last three writing
nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from letters.errors import LettersError, Problem, TranslationError
from letters.i18n.catalog import TEMPLATES_DOMAIN, Messages, case_domain, load_messages, po_path
from letters.i18n.private_kept import kept_entries, kept_path
from letters.load.loader import WorkspaceData
from letters.load.private_index import PrivateIndex, sender_words

__all__ = ["private_translations", "read_and_compare", "refuse_private_translations"]

Catalogs = Mapping[tuple[str, str], Messages]  # by (language, domain)


def private_index(ws: WorkspaceData, catalogs: Catalogs) -> PrivateIndex:
    """The private texts of ``ws``'s cases, with their translations in ``catalogs`` and in
    the files that keep the translations of texts made private."""
    index = PrivateIndex(ws.cases.values(), sender_words(ws))
    if not index:
        return index
    cases = {case_domain(case_id): case_id for case_id in ws.cases}
    for (lang, domain), messages in catalogs.items():
        case_id = cases.get(domain)
        for english, translation in messages.private_forms if case_id else ():
            index.add_translation(str(case_id), english, translation, lang)
    for lang in sorted({lang for lang, _domain in catalogs}):  # the same one named each run
        for domain, case_id in cases.items():
            path = kept_path(ws.root, lang, domain)
            try:
                kept = kept_entries(path, ws.rel(path), lang)
            except (LettersError, OSError):  # letters' own file; 'i18n update' names it
                continue
            for message in kept.values():
                english = message.id if isinstance(message.id, str) else message.id[0]
                strings = (
                    message.string if isinstance(message.string, tuple | list) else [message.string]
                )
                for text in strings:
                    if text:
                        index.add_translation(case_id, english, text, lang)
    return index


def private_translations(
    ws: WorkspaceData, catalogs: Catalogs, found: list[Problem] | None = None
) -> list[Problem]:
    """Each translation in ``catalogs`` that is the same text as a private one, after
    ``found`` (the catalogs' other problems) less those of the entries that hold such a
    copy: a check of the translation may quote it."""
    index = private_index(ws, catalogs)
    found = list(found or [])
    if not index:
        return found
    cases = {case_domain(case_id): case_id for case_id in ws.cases}
    problems: list[Problem] = []
    silenced: set[tuple[str, int]] = set()
    for (_lang, domain), messages in catalogs.items():
        case_id = cases.get(domain)
        if case_id is None and domain != TEMPLATES_DOMAIN:
            continue  # the review request's words are letters' own
        for line, english, text, entry_lines in messages.written_forms:
            hit = index.look(text, case_id)
            if hit is None:
                continue
            silenced |= {(messages.label, n) for n in entry_lines}
            # its English is quoted, but where that is (or holds) a private text too
            in_english = index.look(english)
            entry = (
                f"translation of {english!r}"
                if in_english is None
                else "the translation of an entry whose English"
                f" {'is' if in_english.whole else 'holds'} a private text too"
            )
            fix = hit.fix("write here the translation of its English")
            problems.append(
                Problem(
                    messages.label,
                    line,
                    "",
                    f"{entry} {hit.verb} {hit.said}, so the letter would tell it; {fix}",
                )
            )
    kept = [p for p in found if (p.file, p.line) not in silenced]
    return kept + problems


def read_and_compare(ws: WorkspaceData) -> list[Problem]:
    """Every catalog letters reads (for a language but the source one), read for this
    comparison alone, and the problems :func:`private_translations` finds in them (the
    catalogs' other problems are told where they are used)."""
    from letters.i18n.workspace_catalogs import private_texts

    domains = [TEMPLATES_DOMAIN, *(case_domain(case_id) for case_id in ws.cases)]
    catalogs: dict[tuple[str, str], Messages] = {}
    for lang in ws.config.languages:
        if lang == ws.config.source_language:
            continue
        for domain in domains:
            path = po_path(ws.root, lang, domain)
            if path.is_file():
                private = private_texts(ws, domain)
                catalogs[(lang, domain)], _found = load_messages(
                    path, ws.rel(path), lang, None, None, private
                )
    return private_translations(ws, catalogs)


def refuse_private_translations(ws: WorkspaceData) -> None:
    """Stop an i18n command before it writes anything if a catalog holds a private text."""
    problems = read_and_compare(ws)
    if problems:
        raise TranslationError("a catalog holds a private text; nothing was changed:", problems)
