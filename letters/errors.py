"""One error hierarchy for the whole tool, independent of the command line.

Messages name the file and the line, row or field path, and never include a
value from the user's data: a value may be private.

A :class:`Problem` may carry a machine-readable ``code``, so a program (and the
command line) can count or filter problems without reading their words. The
codes, and where they are set:

====================  ========  ======================================================
code                  severity  meaning
====================  ========  ======================================================
``untranslated``      warning   a message has no translation in a catalog
                                (:meth:`letters.i18n.catalog.Translator.gaps`)
``fuzzy``             warning   a message's translation is marked fuzzy, so unused
                                (:meth:`letters.i18n.catalog.Translator.gaps`)
``inconsistent``      warning   a case text's translation lacks a number, date, URL,
                                case number or name of its English text
                                (:mod:`letters.i18n.consistency`)
``derived-form``      warning   an address block or salutation was derived by a rule
                                graded *check* (an ambiguous name, or our rule and the
                                declension library disagree) and not yet confirmed
                                (:mod:`letters.people.forms`)
``derived-certain``   warning   an address block or salutation was derived from a
                                regular pattern (graded *certain*) and not yet confirmed;
                                the command line shows these in one line, and
                                ``check``'s count of problems says how many it counts
``no-email``          warning   a recipient has no e-mail address, so no e-mail draft
                                was written for them (:mod:`letters.publish.outputs`)
``no-draft-mark``     warning   a template never shows the DRAFT mark, or an e-mail
                                text never says a review copy is a draft
                                (:mod:`letters.render.renderer`)
``repeated-event``    warning   a letter that tells every event of its case would tell
                                two of one kind, by one authority, on one day
                                (:mod:`letters.render.context`)
``after-the-letter``  warning   a letter tells as past an event dated after it, or counts
                                years of seeking protection from a date after it
                                (:mod:`letters.render.told_events`)
``after-today``       warning   a letter tells as past an event, or counts years of
                                seeking protection from a date, after today, or is dated
                                more than 60 days after it: most likely a typo
                                (:mod:`letters.render.after_today`)
``every-ask``         warning   a letter that chooses no asks asks all of its case's
                                (:mod:`letters.render.told_events`)
``private-chosen``    warning   a letter names a case's item (``background: [...]``,
                                ``asks: [...]`` …) that is private, so it leaves it out
                                (:mod:`letters.render.context`)
``private-source``    warning   a public paragraph or event cites a private source, and
                                is told without that footnote
                                (:mod:`letters.load.references`)
``name-mismatch``     warning   a typed name or address block disagrees with the
                                name's parts (:mod:`letters.people.name_check`)
``footnote-apart``    warning   a letter's PDF prints a footnote on another page than
                                its mark, as LibreOffice laid it out
                                (:mod:`letters.publish.outputs`)
``unknown-language``  error     a letter or a person names a language the workspace does
                                not write in; ``letters i18n init`` of that language
                                is not stopped by it (:mod:`letters.load.references`)
``""``                either    everything else: no code yet
====================  ========  ======================================================

Every warning becomes an error under ``letters check --strict``; those whose code is in
:data:`FINAL_REFUSES` under ``build --final`` and ``finalise`` too.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

UNTRANSLATED = "untranslated"
"""Code of a message with no translation."""

FUZZY = "fuzzy"
"""Code of a message whose translation is marked fuzzy (and so not used)."""

INCONSISTENT = "inconsistent"
"""Code of a translation that lacks a number, date, URL, case number or name of its English."""

DERIVED_FORM = "derived-form"
"""Code of an address block or salutation derived by a rule to check, not yet confirmed."""

DERIVED_CERTAIN = "derived-certain"
"""Code of an address block or salutation derived from a regular pattern, not yet confirmed."""

NO_EMAIL = "no-email"
"""Code of a recipient without an e-mail address (no draft written for them)."""

NO_DRAFT_MARK = "no-draft-mark"
"""Code of a template or e-mail text that would not show that a draft is a draft."""

REPEATED_EVENT = "repeated-event"
"""Code of a letter that would tell two events of one kind, by one authority, on one day."""

AFTER_THE_LETTER = "after-the-letter"
"""Code of an event a letter tells, or a start of its count of years, dated after the letter."""

AFTER_TODAY = "after-today"
"""Code of an event or a start of seeking protection after today, or a letter far ahead."""

EVERY_ASK = "every-ask"
"""Code of a letter that chooses no asks, and so asks all of its case's."""

PRIVATE_CHOSEN = "private-chosen"
"""Code of a letter that names a private item of its case, which it therefore leaves out."""

PRIVATE_SOURCE = "private-source"
"""Code of a public paragraph or event that cites a private source, told without that note."""

NAME_MISMATCH = "name-mismatch"
"""Code of a typed name or address block that disagrees with the name's parts."""

FOOTNOTE_APART = "footnote-apart"
"""Code of a footnote a letter's PDF prints on another page than its mark."""

UNKNOWN_LANGUAGE = "unknown-language"
"""Code of a letter's or a person's language that the workspace does not write in."""

TRANSLATION_GAPS = frozenset({UNTRANSLATED, FUZZY})
"""The codes of messages a draft marks ``[UNTRANSLATED: ...]`` and a final build refuses."""

FINAL_KINDS: dict[str, str] = {
    UNTRANSLATED: "untranslated messages",
    FUZZY: "fuzzy messages",
    INCONSISTENT: "translations lacking what their English has",
    DERIVED_FORM: "derived name forms",
    DERIVED_CERTAIN: "derived name forms",
    REPEATED_EVENT: "events told twice",
    AFTER_THE_LETTER: "dates after their letter",
    AFTER_TODAY: "dates after today",
    EVERY_ASK: "letters asking every ask of their case",
    PRIVATE_CHOSEN: "private items a letter names",
}
"""The codes of warnings ``build --final`` (and ``finalise``) refuses, each with the words
``check``'s last line names its kind by: the translation gaps and every warning about what
a letter tells. Other warnings stop ``check --strict`` only."""

FINAL_REFUSES = frozenset(FINAL_KINDS)
"""The codes of warnings ``build --final`` refuses (other warnings only ``check --strict``)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the workspace, located as precisely as we can.

    ``code`` says what kind of problem it is, for programs (see the table in
    this module's docstring); ``warning`` whether it stops a draft build.
    Neither takes part in comparing problems.
    """

    file: str
    line: int | None = None
    where: str = ""
    message: str = ""
    warning: bool = field(default=False, compare=False)
    code: str = field(default="", compare=False)
    column: int | None = None  # where on the line, from 1, when a YAML parser says

    @property
    def severity(self) -> str:
        """``"warning"`` or ``"error"``."""
        return "warning" if self.warning else "error"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Problems sort by file, line, column, field and message."""
        return (self.file, self.line or 0, self.column or 0, self.where, self.message)

    def __str__(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        if self.where:
            place += f" {self.where}"
        return f"{place}: {self.message}" if place else self.message


class LettersError(Exception):
    """Raised when the user's input or environment stops a command.

    The command line prints it as ``Error: ...`` and exits with status 1, after the
    ``warnings`` the command had found before it stopped, as a run that succeeds prints
    them: fixing the error alone would otherwise hide them until the next run.
    """

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        self.problems = sort_problems(problems)
        self.warnings: list[Problem] = []
        super().__init__(message)

    def __str__(self) -> str:
        head = super().__str__()
        if not self.problems:
            return head
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


class WorkspaceError(LettersError):
    """Raised when workspace files are missing, malformed or inconsistent."""


class LanguageNotWritten(WorkspaceError):
    """Raised when a language asked for is not one the workspace, or the letter named, is
    written in; ``language`` is the code, so the command line can name the option that
    gave it."""

    def __init__(self, message: str, language: str) -> None:
        super().__init__(message)
        self.language = language


class TemplateProblem(LettersError):
    """Raised when a template cannot be read or rendered safely."""


class TranslationError(LettersError):
    """Raised when a catalog is broken or a letter would be left half translated."""


class Interrupted(LettersError):
    """Raised when Ctrl-C or a stop signal ends a batch; what was finished is kept."""


class ToolMissing(LettersError):
    """Raised when an external program such as LibreOffice is not installed."""


def not_utf8(name: str, value: str) -> str | None:
    """The message for a value typed on the command line (option or argument ``name``)
    that holds a byte not UTF-8, or None: Python keeps such a byte of argv as a surrogate
    (U+DC80..U+DCFF), which the user never typed, so it is told as the terminal's encoding,
    the same for every option and argument."""
    for at, char in enumerate(value, 1):
        if 0xDC80 <= ord(char) <= 0xDCFF:
            return (
                f"{name} holds a byte that is not UTF-8 (0x{ord(char) - 0xDC00:02X} at character"
                f" {at}): the terminal sent another encoding; set it to UTF-8 (LANG=C.UTF-8,"
                " say) and type the text again"
            )
    return None


def refuse_not_utf8(*typed: tuple[str, str]) -> None:
    """Raise :class:`LettersError` for the first of ``typed`` (name, value) holding a byte
    not UTF-8 (see :func:`not_utf8`)."""
    for name, value in typed:
        said = not_utf8(name, value)
        if said:
            raise LettersError(said)


def closest(value: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The one of ``known`` spelt closest to ``value``, to suggest in a message; None if
    none is close enough."""
    found = difflib.get_close_matches(value, list(known), n=1, cutoff=cutoff)
    return found[0] if found else None


def in_words(names: Sequence[str]) -> str:
    """``names`` as a message lists them: "a", "a and b", "a, b and c"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems without duplicates, by file, line and field."""
    return sorted(set(problems), key=Problem.sort_key)


def problems_error(problems: Iterable[Problem], what: str = "the workspace") -> WorkspaceError:
    """One error listing every problem that is not a warning, "N problems in ``what``:"."""
    found = sort_problems(p for p in problems if not p.warning)
    count = len(found)
    noun = "problem" if count == 1 else "problems"
    return WorkspaceError(f"{count} {noun} in {what}:", found)


def no_sender(what: str, commented: int | None = None) -> str:
    """The message for ``what`` (e-mail drafts, review requests) when workspace.yaml has no
    ``email_from``; ``commented`` is the line where it is only a comment (``letters init``
    writes one to fill in), if it is."""
    example = "'email_from: Appeals Desk <appeals@example.org>'"
    if commented is None:
        return f"workspace.yaml: {what} need a sender; add a line such as {example}"
    return (
        f"workspace.yaml:{commented}: {what} need a sender, and email_from is only a comment"
        " here: delete the '# ' before it and write the name and address they are sent"
        f" from, such as {example}"
    )
