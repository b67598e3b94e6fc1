"""What ``letters i18n update`` says of each catalog it merged: what the merge did, kept as
an :class:`UpdateReport`, said as a line of the catalog's totals, and under it a line for
each kind of change the run made, naming the entries.

Each number is said in words that make it true: the untranslated entries are the file's,
what is "newly" fuzzy is this run's doing. The file's obsolete (``#~``) entries are not
counted on the catalog's line: most were there before, untouched, and a count beside the
run's would read as if this run had made them obsolete; those it did move are named below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from babel.messages.catalog import Catalog, Message

from letters.i18n.person_note import NoteChange
from letters.i18n.plurals import msgstr_list
from letters.i18n.po_scan import scan_po
from letters.i18n.po_write import EntryKey, entry_key
from letters.i18n.translated import forms_needed, has_translation, missing_forms, standing

LISTED = 3  # more entries than this are counted only: 'letters check' names each


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
    # ...or, where it is over the catalog size limit, not read to know (it is no catalog:
    # 'i18n extract' writes it again once it is moved aside)
    pot_too_large: bool = False
    # translations of texts now private, moved out of the catalog into ``kept`` (see
    # letters.i18n.private_kept), and those put back from it, their texts public again
    moved_out: int = 0
    put_back: int = 0
    kept: Path | None = None
    # header fields the file lacked, added as 'i18n init' writes them (letters.i18n.header)
    header_added: list[str] = field(default_factory=list)
    # what this run did, entry by entry (the counts above are totals of the file): each
    # entry's English as check names it, for a translator to find it in their editor
    new_entries: list[str] = field(default_factory=list)
    made_fuzzy: list[str] = field(default_factory=list)
    # fuzzy before this run, their English changed again: not made fuzzy by it, but changed
    changed_again: list[str] = field(default_factory=list)
    # fuzzy before this run, under a msgctxt no template asks for now: not made fuzzy by it
    taken_fuzzy: list[str] = field(default_factory=list)
    # new entries Babel gave the translation of a close English still there, to review,
    # and of the same English under another msgctxt; entries made fuzzy as only their
    # msgctxt is not their translation's (a msgctxt changed, or translated in the file)
    suggested: list[str] = field(default_factory=list)
    suggested_same: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    made_obsolete: list[str] = field(default_factory=list)
    # ...and those whose English is still asked for, but under another msgctxt (or none)
    context_gone: list[str] = field(default_factory=list)
    # entries that leave the file, as nothing was written for them: untranslated ones whose
    # English is gone, and obsolete (#~) ones already (as msgmerge drops both)
    removed: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    # translations the file has that every command refuses (as 'i18n stats' counts them):
    # plurals lacking a msgstr[n] line, each with the forms to add, and the others
    lacking: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def named(message: Message) -> str:
    """An entry as the update's lines name it: its English (the singular of a plural),
    cut short, and its context, which tells apart two entries of the same English."""
    return _english(message) + (f" (context {message.context!r})" if message.context else "")


class FuzzyReasons(NamedTuple):
    """The entries a merge made fuzzy, named, by why: their English changed; only their
    msgctxt is not the one their translation was made under; new, given the translation of
    another entry as a suggestion, of a close English or of the very same (``same``)."""

    changed: list[str]
    renamed: list[str]
    suggested: list[str]
    same: list[str]


def fuzzy_reasons(
    catalog: Catalog,
    before: dict[EntryKey, Message],
    was_fuzzy: set[EntryKey],
    lent: dict[EntryKey, Message],
    guessed: set[EntryKey],
) -> FuzzyReasons:
    """The entries this merge made fuzzy, named: those whose English changed (the entry
    their translation was made for is gone; where it had another msgctxt, that is named),
    those whose English is that entry's but not their msgctxt, and new ones given the
    translation of another entry not known to be theirs (``lent``: the entry each came
    from; ``guessed``: those not known), each named with it."""
    present = {entry_key(m) for m in catalog if m.id}
    reasons = FuzzyReasons([], [], [], [])
    for m in catalog:
        if not (m.id and m.fuzzy and entry_key(m) not in was_fuzzy and has_translation(m)):
            continue
        source = None if entry_key(m) in before else lent.get(entry_key(m))
        same = source is not None and _ids(source) == _ids(m)
        if source is not None and (entry_key(source) in present or entry_key(m) in guessed):
            (reasons.same if same else reasons.suggested).append(f"{named(m)} from {named(source)}")
        elif source is not None and source.context != m.context:
            (reasons.renamed if same else reasons.changed).append(
                f"{named(m)} {taken_from(source)}"
            )
        else:
            reasons.changed.append(named(m))
    return reasons


def _ids(message: Message) -> list[str]:
    """The English of an entry: its msgid, and its msgid_plural if it has one."""
    return [message.id] if isinstance(message.id, str) else list(message.id)


def taken_from(source: Message) -> str:
    """Where an entry's translation was taken from, when that entry had another msgctxt
    and no template asks for it now: what is known, not why (changed, or translated). That
    entry leaves the file, as its translation is in this one: no #~ copy of it is kept."""
    where = f"under msgctxt {source.context!r}" if source.context else "without a msgctxt"
    return (
        f"taken from the entry {where}, which no template uses now and which it replaces in"
        " the file"
    )


def _english(message: Message) -> str:
    text = message.id if isinstance(message.id, str) else message.id[0]
    short = text if len(text) <= 60 else f"{text[:57]}..."
    return repr(short)


def totals(report: UpdateReport) -> str:
    """The catalog's own line, without its path: what is left to translate in the file,
    and how many entries this run made fuzzy."""
    refused = len(report.lacking) + len(report.refused)
    said = f", {refused} refused" if refused else ""  # as 'i18n stats' counts them
    return f"{report.added} untranslated{said}, {report.fuzzy} newly fuzzy"


def change_lines(report: UpdateReport) -> list[str]:
    """What ``update`` did to one catalog, a line for each kind of change it made, to print
    under the catalog's own line: new entries to translate (or given a suggestion, from a
    close English or the same one under another msgctxt), entries made fuzzy (their English
    changed, or only their msgctxt; the translation is kept to review), entries fuzzy
    already whose English changed again, entries moved to obsolete ``#~`` (their English is
    gone, or asked for only under another msgctxt) and those that leave the file with
    nothing written for them, each naming its entries when there are few."""
    said = []
    for found, what in (
        (
            report.lacking,
            "refused, a plural form's msgstr[n] line missing (gettext's msgfmt -c refuses the"
            " file too; add it)",
        ),
        (report.refused, "refused, as check refuses the translation ('letters check' says why)"),
        (report.new_entries, "new, to translate"),
        (
            report.suggested_same,
            "new, translation suggested from another entry of the same English (fuzzy: review"
            " it, then remove the fuzzy flag)",
        ),
        (
            report.suggested,
            "new, translation suggested from a close English (fuzzy: review it, then remove"
            " the fuzzy flag)",
        ),
        (
            report.made_fuzzy,
            "made fuzzy, as the English changed (translation kept: review it, then remove"
            " the fuzzy flag)",
        ),
        (
            report.renamed,
            "made fuzzy, as only its msgctxt differs from the entry its translation was made"
            " for (translation carried over: review it, then remove the fuzzy flag)",
        ),
        (report.changed_again, "still fuzzy, its English changed again"),
        (report.taken_fuzzy, "still fuzzy, as the entry its translation was taken from was"),
        (report.made_obsolete, "moved to obsolete #~ entries, as the English is gone"),
        (
            report.context_gone,
            "moved to obsolete #~ entries, as their English is now asked for only under"
            " another msgctxt (or none)",
        ),
        (
            report.removed,
            "removed, as the English is gone and nothing was written (no translation, no comment)",
        ),
        (
            report.dropped,
            "dropped from the obsolete #~ entries, as nothing was written (no translation, no"
            " comment)",
        ),
    ):
        if not found:
            continue
        listed = f": {', '.join(found)}" if len(found) <= LISTED else ""
        said.append(f"  {len(found)} {what}{listed}")
    return said


def left_to_do(catalog: Catalog, written: bytes, lang: str) -> tuple[int, list[str], list[str]]:
    """What the catalog ``written`` (its entries read as ``catalog``) has left to do, counted
    as 'i18n stats' counts it: its untranslated entries (fuzzy or not), the plurals refused
    as they lack a ``msgstr[n]`` line, named with the lines to add (left unchanged by the
    run, Babel would read the line as there and empty), and the other translations every
    command refuses, named."""
    lines, needed = scan_po(written.decode("utf-8")).msgstr_lines, forms_needed(catalog, lang)
    untranslated, lacking, refused = 0, [], []
    for message in (m for m in catalog if m.id):
        english = message.id if isinstance(message.id, str) else message.id[0]
        forms = lines.get((message.context, english), {})
        said = standing(message, forms, lang, needed, catalog.plural_expr)
        untranslated += said == "untranslated"
        gaps = missing_forms(message, forms, needed)
        if gaps:
            lacking.append(f"{named(message)} lacks {msgstr_list(list(gaps))}")
        elif said == "refused":
            refused.append(named(message))
    return untranslated, lacking, refused
