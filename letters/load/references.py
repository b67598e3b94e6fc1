"""References between a workspace's files: every id, language, template and source one
file names must exist in another. Checked once every file is loaded."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from letters.errors import PRIVATE_SOURCE, UNKNOWN_LANGUAGE, Problem, closest
from letters.load.case_texts import TELLS_NOTHING, field_of
from letters.load.models import CONFIG, SelectionSpec
from letters.load.private_copies import private_copies
from letters.load.yamlio import Document, Loc, format_loc
from letters.people import groups

if TYPE_CHECKING:
    from letters.load.loader import CaseEntry, LetterEntry, PersonEntry, WorkspaceData


def cross_check(ws: WorkspaceData, check_people: bool = True) -> list[Problem]:
    """References between files: ids, languages, templates.

    References to people are checked only when every directory file loaded,
    so one broken file does not bury its own error under a list of echoes.
    """
    return [
        *_check_people(ws),
        *_check_cases(ws),
        *(p for letter in ws.letters.values() for p in _check_letter(ws, letter, check_people)),
    ]


def _check_people(ws: WorkspaceData) -> Iterator[Problem]:
    """Each person reads a language of the workspace, and has an e-mail address (compared
    ignoring case and Unicode normalisation: one inbox, one person) and an EP id of their
    own (an import finds people by it)."""
    langs = set(ws.config.languages)
    owners: dict[tuple[str, str], PersonEntry] = {}
    for entry in ws.people.values():
        if entry.person.language not in langs:
            line, where = entry.where("language")
            yield Problem(
                entry.label,
                line,
                where,
                unknown_language(entry.person.language, ws.config.languages, person=True),
                code=UNKNOWN_LANGUAGE,
            )
        for i, lang in enumerate(entry.person.reads):
            if lang not in langs:
                line, where = entry.where("reads", i)
                slip = read_language_problem(entry.label, line, where, lang, ws.config.languages)
                yield from [slip] if slip is not None else []
        email, ep_id = entry.person.email, entry.person.ep_id
        for key, value in (
            ("email", unicodedata.normalize("NFC", email).casefold() if email else None),
            ("ep_id", str(ep_id) if ep_id else None),
        ):
            first = owners.setdefault((key, value), entry) if value else entry
            if first is not entry:
                line, where = entry.where(key)
                yield Problem(
                    entry.label,
                    line,
                    where,
                    f"the same {'e-mail address' if key == 'email' else 'EP id'} as"
                    f" {first.person.id} ({first.label}:{first.where(key)[0]})",
                )


def _check_cases(ws: WorkspaceData) -> Iterator[Problem]:
    """Each event cites sources of its case; the ids of each of its lists are unique."""
    for entry in ws.cases.values():
        source_ids = {s.id for s in entry.case.sources}
        citing: list[tuple[str, list[Any]]] = [
            ("background", entry.case.background),
            ("timeline", entry.case.timeline),
        ]
        private = {s.id for s in entry.case.sources if s.private}
        for key, items in citing:
            for i, item in enumerate(items):
                for j, sid in enumerate(item.sources):
                    loc: Loc = (key, i, "sources", j)
                    if sid not in source_ids:
                        yield Problem(
                            entry.label,
                            entry.doc.line_of(loc),
                            format_loc(loc),
                            unknown_value("source", sid, source_ids),
                        )
                    elif sid in private and not item.private:
                        yield Problem(
                            entry.label,
                            entry.doc.line_of(loc),
                            format_loc(loc),
                            f"source '{sid}' is private, so letters tell this without its"
                            " footnote; make the source public if letters may cite it, or"
                            " take it off",
                            warning=True,
                            code=PRIVATE_SOURCE,
                        )
        aliased = list(_private_aliased(entry.label, entry.doc))
        yield from aliased
        told = {problem.where for problem in aliased}
        letters = [letter for letter in ws.letters.values() if letter.case_id == entry.id]
        yield from private_copies(entry, letters, told)
        yield from _duplicate_ids(entry)


# What finds a case's items by their ids, for the message of an id given twice.
_FOUND_BY = {"sources": "paragraphs and events cite them by it"}


def _duplicate_ids(entry: CaseEntry) -> Iterator[Problem]:
    """Each item of a case's list whose id an earlier item of that list has: at its line and
    field, with the first one's line (a letter, or a citation, would find only one of them)."""
    c = entry.case
    lists: tuple[tuple[str, list[Any]], ...] = (
        ("background", c.background),
        ("timeline", c.timeline),
        ("risks", c.risks),
        ("instruments", c.instruments),
        ("asks", c.asks),
        ("sources", c.sources),
    )
    for key, items in lists:
        first: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id is None:
                continue
            earlier = first.setdefault(item.id, i)
            if earlier == i:
                continue
            loc: Loc = (key, i, "id")
            found_by = _FOUND_BY.get(key, "a letter chooses them by it")
            yield Problem(
                entry.label,
                entry.doc.line_of(loc),
                format_loc(loc),
                f"duplicate id '{item.id}' (also in {entry.label}"
                f":{entry.doc.line_of((key, earlier, 'id'))}); give each item of {key} its"
                f" own: {found_by}",
            )


def _private_aliased(label: str, doc: Document) -> Iterator[Problem]:
    """An alias (``date: *born``) of a value marked private where it was written (its anchor
    stands in an item or mapping with ``private: true``) read where nothing marks it private:
    one line that shows none of the value would put it in letters. A text, a date or any
    other value; an alias of a whole private item brings its mark along, and is no leak, as
    is one in a field no letter shows or that holds only a choice or an id."""
    told: list[Loc] = []
    for at, anchor in doc.aliases.items():
        if any(at[: len(loc)] == loc for loc in told):
            continue  # inside an alias already told: the anchor's values come along with it
        if field_of(at) in TELLS_NOTHING:
            continue  # the same court, the same kind of event: no letter tells it
        if _marked_private(doc.data, anchor) and not _marked_private(doc.data, at):
            told.append(at)
            yield Problem(
                label,
                doc.line_of(at),
                format_loc(at),
                f"an alias of a value marked private on line {doc.line_of(anchor)}"
                f" ({format_loc(anchor)}), so a letter would tell it; write out here what"
                " letters may tell, or mark this one private too",
            )


def _marked_private(data: Any, loc: Loc) -> bool:
    """Whether a mapping around the value at ``loc`` (not the value itself: an alias of it
    brings its own mark along) holds ``private: true``."""
    for part in loc:
        if isinstance(data, dict) and data.get("private") is True:
            return True
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return False
    return False


CHOSEN = (
    ("background", "paragraph"),
    ("timeline", "event"),
    ("risks", "risk"),
    ("instruments", "instrument"),
    ("asks", "ask"),
)
"""The parts of a case a letter chooses by id (``asks: [suspend]``), each with what one
item of it is called in a message."""


def _check_letter(ws: WorkspaceData, letter: LetterEntry, check_people: bool) -> Iterator[Problem]:
    """A letter's template, languages, asks, risks, instruments and (with ``check_people``)
    every value of its recipients and signatories exist."""
    d = letter.definition
    langs = set(ws.config.languages)
    if d.template not in ws.templates:
        line, where = letter.where("template")
        yield Problem(
            letter.label,
            line,
            where,
            unknown_value("template", d.template, set(ws.templates))
            + f" (looked for templates/{d.template}.docx)",
        )
    for i, lang in enumerate(d.languages if isinstance(d.languages, list) else []):
        if lang not in langs:
            line, where = letter.where("languages", i)
            yield Problem(
                letter.label,
                line,
                where,
                unknown_language(lang, ws.config.languages),
                code=UNKNOWN_LANGUAGE,
            )
    case = ws.cases.get(letter.case_id)
    if case is not None:
        for key, what in CHOSEN:
            chosen: list[str] | None = getattr(d, key)
            ids = [item.id for item in getattr(case.case, key) if item.id is not None]
            for i, wanted in enumerate(chosen or []):
                if wanted not in ids:
                    line, where = letter.where(key, i)
                    said = unknown_value(what, wanted, set(ids))
                    if "did you mean" not in said:  # nothing close: what there is to choose
                        listed = f"the ids {', '.join(ids)}" if ids else "no id to choose them by"
                        said += f"; the {what}s of {case.label} have {listed}"
                    yield Problem(letter.label, line, where, said)
    for key in ("recipients", "signatories") if check_people else ():
        # written as a plain list ([a, b]) or as {ids: [a, b], ...}: the path as written
        plain = ("letters", letter.index, key, 0) in letter.doc.lines
        for part, i, message, code in selection_problems(ws, getattr(d, key)):
            line, where = letter.where(key, i) if plain else letter.where(key, part, i)
            yield Problem(letter.label, line, where, message, code=code)


def selection_problems(
    ws: WorkspaceData, spec: SelectionSpec
) -> Iterator[tuple[str, int, str, str]]:
    """Each value of ``spec`` that could select nobody, as (key, index, message, code): an
    id, tag, country or institution no one in the directory has, a language the workspace
    does not write in, a group neither known nor anyone's. One such value among good ones
    leaves the selection not empty, so it would otherwise drop everyone it meant, silently.
    """
    people = [entry.person for entry in ws.people.values()]
    tags = {tag for person in people for tag in person.tags}
    countries = sorted({person.country for person in people if person.country})
    institutions: dict[str, str] = {}  # matched ignoring case, in any language
    for person in people:
        for role in person.roles:
            for name in role.institution.values():
                institutions.setdefault(name.casefold(), name)
    for i, pid in enumerate(spec.ids):
        if pid not in ws.people:
            yield "ids", i, unknown_value("person", pid, set(ws.people)), ""
    for i, tag in enumerate(spec.tags):
        if tag not in tags:
            yield "tags", i, unknown_value("tag", tag, tags), ""
    for i, country in enumerate(spec.countries):
        if country not in countries:
            there = f"; the countries there are {', '.join(countries)}" if countries else ""
            yield "countries", i, f"no one in the directory has the country '{country}'{there}", ""
    for i, lang in enumerate(spec.languages):
        if lang not in ws.config.languages:
            yield "languages", i, unknown_language(lang, ws.config.languages), UNKNOWN_LANGUAGE
    for i, name in enumerate(spec.groups):
        why = groups.unknown(name, (person.group for person in people))
        if why is not None:
            yield "groups", i, why, ""
    for i, name in enumerate(spec.institutions):
        if name.casefold() not in institutions:
            close = closest(name.casefold(), institutions)
            hint = f"; did you mean '{institutions[close]}'?" if close else ""
            yield "institutions", i, f"unknown institution '{name}'{hint}", ""


def read_language_problem(
    label: str, line: int | None, where: str, lang: str, known: Iterable[str]
) -> Problem | None:
    """A language in a person's ``reads`` that is a slip for one the workspace writes in
    (``ua``: their drafts in ``uk`` would be said to be in a language they do not read).
    Another (``de``) may be true of them, and no draft comes in it: nothing to say."""
    if language_meant(lang, known) is None:
        return None
    return Problem(label, line, where, unknown_language(lang, known), code=UNKNOWN_LANGUAGE)


def unknown_value(what: str, value: str, known: set[str]) -> str:
    """The words for a value nobody knows, with the closest known one as a suggestion."""
    close = closest(value, known)
    hint = f"; did you mean '{close}'?" if close else ""
    return f"unknown {what} '{value}'{hint}"


def unknown_person(who: str, known: Iterable[str]) -> str:
    """The words for an id no one in the directory has: the closest id, or where to look."""
    close = closest(who, known)
    if close is not None:
        return f"unknown person '{who}'; did you mean '{close}'?"
    return f"unknown person '{who}'; 'letters recipients list' shows who is in the directory"


def language_meant(value: str, known: Iterable[str]) -> str | None:
    """The language of ``known`` that ``value``, which is none of them, most likely means:
    its three-letter or locale form (``rus``, ``uk_UA``), the code of the one country that
    speaks it (``ua``: Ukrainian, ``uk``), or a close spelling; None if there is none, or
    if ``value`` is itself a language's code (``sl``, ``ga``: a language not written in)."""
    from babel import Locale, UnknownLocaleError
    from babel.languages import get_official_languages

    langs = set(known)
    try:
        alias: str | None = Locale.parse(value).language
    except (UnknownLocaleError, ValueError, TypeError):
        alias = None
    if alias in langs:
        return alias
    if alias is not None and alias == value.lower():
        return None  # a language of its own (sl: Slovenian, not Sierra Leone's English)
    spoken = get_official_languages(value.upper()) if len(value) == 2 else ()
    if len(spoken) == 1 and spoken[0] in langs:
        return str(spoken[0])
    return closest(value, langs)


def not_a_code(given: str) -> str:
    """Why ``given`` is refused as the code of a language to start, and what to give."""
    language, sep, region = given.replace("-", "_").partition("_")
    # a system's locale name (LANG) ends in its encoding or a variant: de_DE.UTF-8, de_DE@euro;
    # a variant naming a script is the script CLDR names (sr_RS@latin: sr_Latn_RS), as
    # CLDR's sr_RS writes Cyrillic and its uz_UZ Latin
    variant = region.partition("@")[2].lower()
    region = re.split(r"[.@]", region, maxsplit=1)[0]
    region = region.upper() if len(region) == 2 else region
    script = {"latin": "Latn_", "cyrillic": "Cyrl_"}.get(variant, "")
    if sep and re.fullmatch(r"[A-Za-z]{2,3}", language) and region:
        code = language.lower()
        return (
            f"'{given}' is a locale, not a language code: give the language and, for its"
            f" dates and lists, the locale: letters i18n init {code} --locale"
            f" {code}_{script}{region}"
        )
    if re.fullmatch(r"[A-Za-z]{2,3}", given):
        return f"'{given}': language codes are lower case: did you mean '{given.lower()}'?"
    return f"'{given}' is not a language code; use two or three lowercase letters, such as pl or de"


def country_not_language(value: str, known: Iterable[str] = ()) -> str | None:
    """The words for ``value`` when it is a country's code and no language's (``kz``:
    Kazakhstan's, whose languages are ``kk`` and ``ru``), else None."""
    from babel import Locale
    from babel.languages import get_official_languages

    if _babel_knows(value):
        return None
    english = Locale("en")
    country = english.territories.get(value.upper()) if len(value) == 2 else None
    spoken = get_official_languages(value.upper()) if country else ()
    if not spoken:
        return None
    names = [
        f"{english.languages.get(code, code)} ({code}"
        + (", which this workspace writes in" if code in known else "")
        + ")"
        for code in spoken
    ]
    return f"'{value}' is {country}'s country code, not a language code; its languages: " + (
        ", ".join(names)
    )


def misnamed(lang: str, locales: Mapping[str, str]) -> str | None:
    """Where the settings give another code (``ua``) the locale of ``lang`` (``uk_UA``),
    what to write there instead; None if none does."""
    for code, locale in locales.items():
        if code != lang and str(locale).split("_")[0] == lang:
            return (
                f"{CONFIG} gives '{code}' the locale {locale}, which is for '{lang}': write"
                f" '{lang}: {locale}' there"
            )
    return None


def unknown_language(lang: str, known: Iterable[str], person: bool = False) -> str:
    """The words for a language code the workspace does not write in: the language meant,
    where the code looks like a slip (in the settings, where ``known`` maps each code to
    its locale and one of them is ``lang``'s), else how to add it. A ``person``'s language may
    also be one the workspace writes in already, the one to write to them in: a signatory
    who reads French gets requests in English, not a French edition of every letter."""
    slip = misnamed(lang, known) if isinstance(known, Mapping) else None
    known = list(known)  # in the workspace's order, as every other list of its languages
    langs = ", ".join(known)
    if slip is not None:  # ua: uk_UA, a slip in the settings, not here
        return f"unknown language '{lang}'; this workspace writes in {langs}; {slip}"
    meant = language_meant(lang, known)
    if meant is not None:
        return (
            f"unknown language '{lang}'; this workspace writes in {langs}; did you mean '{meant}'?"
        )
    either = "give the one of these to write to them in, or, to" if person else "to"
    country = country_not_language(lang, known)
    if country is not None:
        return (
            f"unknown language '{lang}'; this workspace writes in {langs}; {country} ({either}"
            f" add a language: letters i18n init CODE, which starts its catalogs and adds it to"
            f" {CONFIG})"
        )
    if not _babel_knows(lang):
        return (
            f"unknown language '{lang}'; this workspace writes in {langs}; '{lang}' is not a"
            " language code (use one such as pl or de)"
            + (": give the one of these to write to them in" if person else "")
        )
    return (
        f"unknown language '{lang}'; this workspace writes in {langs}"
        f" ({either} add it: letters i18n init {lang}, which starts its catalogs and adds it"
        f" to {CONFIG})"
    )


def _babel_knows(code: str) -> bool:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def asks_for(problem: Problem, lang: str) -> bool:
    """Whether ``problem`` is only that ``lang`` is not a language of the workspace yet,
    which ``letters i18n init`` puts right."""
    return problem.code == UNKNOWN_LANGUAGE and problem.message.startswith(
        f"unknown language '{lang}'; this workspace writes in"
    )
