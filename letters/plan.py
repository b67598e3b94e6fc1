"""The plan: which letters exist, to whom, in which languages — one definition for every command.

``letters build``, ``check``, ``approve``, ``review status``, ``review packet`` and
``finalise`` all ask this module which (letter, language) pairs exist, so they
cannot disagree: a language a letter is not written in is refused here, once,
with the same message for every command.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from letters.errors import LanguageNotWritten, LettersError, Problem, closest, refuse_not_utf8
from letters.load.loader import LetterEntry, PersonEntry, WorkspaceData
from letters.load.models import SelectionSpec
from letters.load.references import language_meant, unknown_language
from letters.people.directory import select

__all__ = [
    "Job",
    "Plan",
    "email_recipients",
    "letter_languages",
    "plan",
    "signatory_ids",
    "the_letter",
]


@dataclass(frozen=True)
class Job:
    """One letter file: a letter, in one language, for everyone (joint) or one recipient."""

    letter: LetterEntry
    lang: str
    recipient: PersonEntry | None = None

    @property
    def stem(self) -> str:
        """The file name without suffix: ``letter[.recipient].lang``."""
        who = f".{self.recipient.person.id}" if self.recipient else ""
        return f"{self.letter.id}{who}.{self.lang}"


@dataclass
class Plan:
    """The letter files a command makes, and the problems that stop some of them."""

    jobs: list[Job]
    problems: list[Problem] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    """The workspace's languages, in the order its settings give them."""

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """Every (letter id, language) the plan holds, in plan order."""
        return list(dict.fromkeys((job.letter.id, job.lang) for job in self.jobs))

    @property
    def languages(self) -> list[str]:
        """Every language of the plan, in the workspace's order."""
        used = {job.lang for job in self.jobs}
        return [lang for lang in self.order if lang in used] + sorted(used - set(self.order))


def the_letter(ws: WorkspaceData, letter_id: str) -> LetterEntry:
    """The letter ``letter_id``, or an error listing the letters there are."""
    refuse_not_utf8(("LETTER", letter_id))
    if letter_id not in ws.letters:
        close = closest(letter_id, ws.letters, cutoff=0.8)  # a slip, not another letter
        if close is not None:
            raise LettersError(f"unknown letter '{letter_id}'; did you mean '{close}'?")
        known = ", ".join(ws.letters) or "none"
        raise LettersError(f"unknown letter '{letter_id}'; the letters are: {known}")
    return ws.letters[letter_id]


def letter_languages(ws: WorkspaceData, letter: LetterEntry) -> list[str]:
    """The languages ``letter`` is written in: its list, or with ``languages: preferred``
    each recipient's own language (in directory order)."""
    d = letter.definition
    if d.languages == "preferred":
        if d.mode == "joint":
            return []  # one letter to all cannot be in each one's language: a problem of plan()
        return list(dict.fromkeys(e.person.language for e in select(ws, d.recipients)))
    return [lang for lang in d.languages if lang in ws.config.languages]


def signatory_ids(ws: WorkspaceData, letter: LetterEntry) -> list[str]:
    """The ids of the people who sign ``letter``, in directory order."""
    return [e.person.id for e in select(ws, letter.definition.signatories)]


def check_language(ws: WorkspaceData, letter: LetterEntry, lang: str) -> None:
    """Refuse ``lang`` unless ``letter`` is written in it (the one message for every command)."""
    refuse_not_utf8(("--lang", lang))
    languages = letter_languages(ws, letter)
    if lang not in languages:
        line, _where = letter.where("languages")
        at = f" ({letter.label}:{line})" if line else f" ({letter.label})"
        meant = language_meant(lang, languages)
        hint = f"; did you mean '{meant}'?" if meant else ""
        raise LanguageNotWritten(
            f"letter {letter.id} is not written in '{lang}'; its languages are"
            f" {', '.join(languages) or 'none'}{at}{hint}",
            lang,
        )


def _known_languages(ws: WorkspaceData, langs: list[str]) -> None:
    for lang in langs:
        refuse_not_utf8(("--lang", lang))
        if lang not in ws.config.languages:
            # the words check says of a letter's languages, so a slip gets the same advice
            raise LanguageNotWritten(unknown_language(lang, ws.config.languages), lang)


NO_LETTERS = (
    "no letters yet: a case's letters are written in cases/<case>/letters.yaml (README: 'Letters')"
)


def plan(ws: WorkspaceData, letter_ids: Iterable[str] = (), langs: Iterable[str] = ()) -> Plan:
    """The letter files for ``letter_ids`` (default: every letter) in ``langs`` (default:
    each letter's own languages).

    A language asked for must be one the letter is written in: naming a letter
    and a language it does not have is an error; without letter ids, letters not
    written in the language are left out (and it is an error if none is).
    """
    explicit = list(dict.fromkeys(letter_ids))
    if not ws.letters:
        raise LettersError(NO_LETTERS)
    wanted = [the_letter(ws, letter_id) for letter_id in explicit] or list(ws.letters.values())
    langs = list(dict.fromkeys(langs))
    _known_languages(ws, langs)
    result = Plan([], order=list(ws.config.languages))
    for letter in wanted:
        if langs and explicit:
            for lang in langs:
                check_language(ws, letter, lang)
        problems, plannable = _letter_problems(ws, letter)
        result.problems += problems
        if plannable:
            result.jobs += _letter_jobs(ws, letter, langs)
    if langs and not result.jobs and not result.problems:
        raise LettersError(_none_written_in(ws, wanted, langs))
    return result


def _none_written_in(ws: WorkspaceData, wanted: list[LetterEntry], langs: list[str]) -> str:
    """Why ``--lang`` picked no letter: a workspace's language is not yet a letter's, and
    the newcomer who asked needs to know where a letter's languages are chosen."""
    written = {lang for letter in wanted for lang in letter_languages(ws, letter)}
    their = [lang for lang in ws.config.languages if lang in written]
    options = " ".join(f"--lang {lang}" for lang in langs)
    asked = " or ".join(f"'{lang}'" for lang in langs)
    return (
        f"{options}: no letter is written in {asked}; the letters are written"
        f" in {', '.join(their) or 'no language yet'} (each letter's 'languages' in"
        " cases/<case>/letters.yaml says which)"
    )


def _letter_jobs(ws: WorkspaceData, letter: LetterEntry, langs: list[str]) -> list[Job]:
    """The files of one letter: one per language (joint), or per recipient (individual)."""
    own = letter_languages(ws, letter)
    chosen = [lang for lang in own if not langs or lang in langs]
    if letter.definition.mode == "joint":
        return [Job(letter, lang) for lang in chosen]
    jobs = []
    preferred = letter.definition.languages == "preferred"
    for entry in select(ws, letter.definition.recipients):
        for lang in chosen:
            if not preferred or lang == entry.person.language:
                jobs.append(Job(letter, lang, entry))
    return jobs


def _nobody(spec: SelectionSpec) -> str:
    """Why a selection picks nobody. A value no one has (a typo, most often) is an error of
    the files already (letters.load.references.selection_problems), so here each value is
    someone's, or a language or group that could be: no one has one of each key at once."""
    keys = [key for key in SelectionSpec.model_fields if key != "ids" and getattr(spec, key)]
    has = "has " + " and ".join(f"one of its {key}" for key in keys)
    said = " and ".join((["is one of its ids"] if spec.ids else []) + ([has] if keys else []))
    return f"selects nobody: no one in the directory {said}"


def _letter_problems(ws: WorkspaceData, letter: LetterEntry) -> tuple[list[Problem], bool]:
    """What stops a letter before any rendering (nobody to write to or to sign, no ask),
    and whether its files can still be listed."""
    d = letter.definition
    problems = []

    def problem(field_name: str, message: str) -> None:
        line, where = letter.where(field_name)
        problems.append(Problem(letter.label, line, where, message))

    plannable = True
    if not select(ws, d.recipients):
        problem("recipients", _nobody(d.recipients))
        plannable = False
    if not select(ws, d.signatories):
        problem("signatories", _nobody(d.signatories))
    case = ws.cases.get(letter.case_id)
    asks = [a for a in case.case.asks if d.asks is None or a.id in d.asks] if case else []
    if case and not [a for a in asks if not a.private]:
        problem("asks", "the letter asks for nothing: every ask it selects is private")
    if d.mode == "joint" and d.languages == "preferred":
        problem("languages", "a joint letter needs a list of languages, not 'preferred'")
        plannable = False
    return problems, plannable


def email_recipients(ws: WorkspaceData, jobs: list[Job]) -> list[tuple[Job, PersonEntry]]:
    """Each recipient of the letters of ``jobs`` with the job whose letter an e-mail draft
    carries to them: in their own language where the letter is written in it, else in
    its first. A joint letter goes to each of its recipients too."""
    by_letter: dict[str, list[Job]] = {}
    for job in jobs:
        by_letter.setdefault(job.letter.id, []).append(job)
    pairs: list[tuple[Job, PersonEntry]] = []
    for letter_jobs in by_letter.values():
        letter = letter_jobs[0].letter
        if letter.definition.mode == "joint":
            people = select(ws, letter.definition.recipients)
        else:
            unique = {id(j.recipient): j.recipient for j in letter_jobs if j.recipient}
            people = list(unique.values())
        for entry in people:
            mine = [j for j in letter_jobs if j.recipient is None or j.recipient is entry]
            chosen = next((j for j in mine if j.lang == entry.person.language), mine[0])
            pairs.append((chosen, entry))
    return pairs
