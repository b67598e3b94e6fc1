"""Signatories' answers: record an approval, a revocation or a request for changes; show status.

No name goes under a letter unless that person approved exactly its text: an
approval is of one letter, in one language, at one content version, and a
changed draft does not carry old approvals.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace

from letters.errors import (
    FUZZY,
    INCONSISTENT,
    UNTRANSLATED,
    LettersError,
    problems_error,
    refuse_not_utf8,
)
from letters.files.lock import workspace_lock
from letters.load.characters import bad_character, character_named, invisible_character
from letters.load.loader import LetterEntry, WorkspaceData
from letters.plan import check_language, letter_languages, signatory_ids, the_letter
from letters.render.content_version import Version
from letters.render.renderer import Renderer
from letters.signoff.courtesy import worded_checked
from letters.signoff.final_warnings import (
    HOLDS_APPROVAL,
    NOT_FINAL,
    approval_held,
    final_counts,
    held_since,
    left_for_finalise,
    refused_after_approval,
)
from letters.signoff.ledger import Action, Entry, append, read_ledger
from letters.signoff.pictures import mismatch, picture_digest
from letters.signoff.revoked_finals import finals_with_revoked_approval
from letters.signoff.standing import Answer, answers

# Which warnings finalise refuses hold an approval back (NOT_FINAL, the translation gaps,
# among them), and what one recorded despite the others is told: letters.signoff.final_warnings


def current_version(
    ws: WorkspaceData, letter: LetterEntry, lang: str, renderer: Renderer | None = None
) -> Version:
    """The content version of ``letter`` in ``lang`` now, or an error saying why there is none."""
    return current_draft(ws, letter, lang, renderer)[0]


def current_draft(
    ws: WorkspaceData, letter: LetterEntry, lang: str, renderer: Renderer | None = None
) -> tuple[Version, int]:
    """The current version of ``letter`` in ``lang`` and how many of its messages are
    untranslated, fuzzy or inconsistent with their English (a draft with any cannot
    become the final letter, so it cannot be approved either)."""
    version, counts = draft_gaps(ws, letter, lang, renderer)
    return version, sum(counts[code] for code in NOT_FINAL)


def draft_gaps(
    ws: WorkspaceData, letter: LetterEntry, lang: str, renderer: Renderer | None = None
) -> tuple[Version, dict[str, int]]:
    """As :func:`current_draft`, every warning finalise refuses counted by its code (each
    code of :data:`~letters.errors.FINAL_KINDS`: ``untranslated``, ``fuzzy`` and
    ``inconsistent``, in the words of ``letters i18n stats``, among them)."""
    renderer = renderer or Renderer(ws)
    if renderer.catalog_problems:
        raise problems_error(renderer.catalog_problems)
    version, problems = renderer.version(letter, lang)
    errors = [p for p in problems if not p.warning]
    if version is None or errors:
        raise problems_error(errors, f"letter {letter.id} in {lang}")
    return version, final_counts(ws, letter, lang, problems, renderer)


@dataclass(frozen=True)
class Recorded:
    """An answer written to the ledger: its entry number, the version answered on, and
    what the person recording it should know (the command line prints it as warnings)."""

    entry: int
    version: Version
    warnings: tuple[str, ...] = ()
    # the same answer (action, version, via, comment, signature picture) was the last one
    # recorded for this signatory, letter and language: entry ``entry``, nothing written
    already: bool = False


def record(
    ws: WorkspaceData,
    letter_id: str,
    lang: str,
    who: str,
    action: Action,
    via: str,
    comment: str = "",
    expected: str | None = None,
) -> Recorded:
    """Record ``who``'s answer on the current version of a letter in one language."""
    refuse_not_utf8(("LETTER", letter_id), ("--lang", lang), ("--by", who))
    letter = the_letter(ws, letter_id)
    check_language(ws, letter, lang)
    if who not in signatory_ids(ws, letter):
        raise LettersError(
            f"'{who}' does not sign letter {letter_id}; its signatories are"
            f" {', '.join(signatory_ids(ws, letter))}"
        )
    # a comment of several lines is kept as typed, its line ends as one: a Windows
    # terminal's CRLF is the same line break, and the ledger's hash is of what is kept
    comment = comment.replace("\r\n", "\n")
    if action == "request-changes" and not comment.strip():
        raise LettersError("say what should change: --comment '...'")
    if action == "approve" and not expected:
        raise LettersError(
            "say which version was approved: --version, as printed in the draft's header"
            " (an approval is of the text the signatory saw, not of whatever the draft is now)"
        )
    if not via.strip():
        raise LettersError("say how the answer came: --via 'email of 20 May 2020'")
    for name, value in (("--via", via), ("--comment", comment), ("--version", expected or "")):
        _typed(name, value, allow_newline=name == "--comment")
    with workspace_lock(ws.root, action):
        version, counts = draft_gaps(ws, letter, lang)
        gaps = sum(counts[code] for code in NOT_FINAL)
        if expected and len(_digits(expected)) < 8:
            raise LettersError(  # not the current id as an example: it could be pasted in
                f"--version {expected} is too short: give all eight characters of the id"
                f" printed in the header of the draft {who} answered on"
            )
        held = approval_held(letter_id, lang, counts) if action == "approve" else None
        picture = picture_digest(ws, who) if action == "approve" else None  # as it is now
        said = (action, version.digest, via, comment, picture)
        last: Entry | None = None
        standing: Entry | None = None  # their last approval or revocation
        for earlier in read_ledger(ws.root):
            if (earlier.who, earlier.letter, earlier.lang) == (who, letter_id, lang):
                last = earlier
                standing = earlier if earlier.action in ("approve", "revoke") else standing
        # A command run twice (again after a kill, to be sure it got through) is told that
        # its answer is there and exits 0, a revocation as an approval: asked before the
        # revocation is refused for the approval it already withdrew; an approval, though a
        # warning that holds one back came since without changing the version (an event's
        # authority, which no letter shows, corrected to make two events one)
        again = last is not None and _recorded(last) == said
        if held and not again:  # said with the translation gaps, if any: every one at once
            raise LettersError(held)
        if action == "approve" and gaps:
            them = "it" if gaps == 1 else "them"
            raise LettersError(
                f"{letter_id} in {lang} still has {gaps} untranslated, fuzzy or inconsistent"
                f" message{'' if gaps == 1 else 's'} ('letters build' lists {them}): an approval"
                f" is of the text that will be sent, so translate {them} first, then send the"
                " new draft"
            )
        if expected and not _same_version(expected, version):
            raise LettersError(_not_current(ws, letter, lang, who, expected, version))
        if last is not None and again:
            # a rerun after a kill that came before the first run's warning was printed
            warned = finals_with_revoked_approval(ws.root, last) if action != "approve" else []
            if action == "approve":  # told again, as the first run told it
                warned = _approval_notes(ws, letter_id, lang, who, counts)
                warned[:0] = held_since(letter_id, lang, counts)
            return Recorded(last.n, version, tuple(warned), already=True)
        if action == "revoke" and (standing is None or standing.action == "revoke"):
            since = f"was revoked in entry {standing.n}" if standing else "was never recorded"
            raise LettersError(
                f"{who} has no approval of {letter_id} in {lang} to revoke: their approval"
                f" {since}; nothing was written"
            )
        entry = append(ws.root, who, action, version, via, comment, picture)
    if action != "approve":  # final letters made already still carry the name
        return Recorded(entry.n, version, tuple(finals_with_revoked_approval(ws.root, entry)))
    notes = _approval_notes(ws, letter_id, lang, who, counts) if action == "approve" else []
    return Recorded(entry.n, version, tuple(notes))


def _recorded(entry: Entry) -> tuple[object, ...]:
    """What ``entry`` recorded, as :func:`record` compares an answer run again with it."""
    return (entry.action, entry.version, entry.via, entry.comment, entry.signature_image)


def _approval_notes(
    ws: WorkspaceData, letter_id: str, lang: str, who: str, counts: dict[str, int]
) -> list[str]:
    """What the person recording ``who``'s approval must know: the warnings finalise still
    refuses of this version (``counts``, by code), and a language ``who`` does not read."""
    notes = [refused_after_approval(letter_id, lang, counts), _unread(ws, who, lang)]
    return [note for note in notes if note]


def _typed(name: str, value: str, allow_newline: bool = False) -> None:
    """Refuse a control character in the text of option ``name`` (a terminal's escape code),
    a line break too unless ``allow_newline`` (a comment may run over several lines),
    and an invisible one that hides words or shows them in another order (U+202E and its
    kin, U+200B…): the ledger must say what the person recording it read."""
    refuse_not_utf8((name, value))
    found = bad_character(value, allow_newline=allow_newline)
    if found:
        raise LettersError(
            f"{name} contains {character_named(found)}; delete it and retype the text"
        )
    # a line or paragraph separator (U+2028, U+2029) is a line break the ledger, the status
    # table and page keep readable, as ever: not one that hides words
    found = invisible_character(value, allow_line_separators=True)
    if found:
        raise LettersError(
            f"{name} contains an invisible character ({found}) that can hide text or change"
            " its order; delete it and retype the text"
        )


def _unread(ws: WorkspaceData, who: str, lang: str) -> str:
    """A warning when ``who`` approves a language the directory says they do not read.

    Recorded all the same: finalise needs every signatory's approval in every language,
    and a signatory may approve a translation they had read to them or trust; the
    warning makes sure it was meant.
    """
    person = ws.people[who].person
    if lang == person.language or lang in person.reads:
        return ""
    reads = f"; reads: {', '.join(person.reads)}" if person.reads else ""
    return (
        f"{who} does not read {lang} by the directory (language: {person.language}{reads});"
        " the approval is recorded all the same, as a signatory may approve a"
        f" translation they trust. If they read {lang}, add it to their 'reads'"
    )


def _not_current(
    ws: WorkspaceData, letter: LetterEntry, lang: str, who: str, expected: str, version: Version
) -> str:
    """Why ``expected`` is not the current draft of ``letter`` in ``lang``, as far as known:
    another language's draft, a draft of another letter, or an earlier one of this."""
    wanted = _digits(expected)
    for other in letter_languages(ws, letter):
        if other != lang:
            try:
                theirs, _gaps = current_draft(ws, letter, other)
            except LettersError:
                continue
            if _same_version(expected, theirs):
                return (
                    f"version {expected} is the current {other} draft of {letter.id}, not the"
                    f" {lang} one: if {who} approved the {other} letter, record it with --lang"
                    f" {other}"
                )
    for kept in (ws.root / "signoff" / "versions").glob("*.json"):
        parts = kept.name.split(".")
        if len(parts) == 4 and parts[2].startswith(wanted[:16]) and parts[:2] != [letter.id, lang]:
            return (
                f"version {expected} is a draft of {parts[0]} in {parts[1]}, not of"
                f" {letter.id} in {lang}: check the letter and --lang"
            )
    return (
        f"{who} answered on version {expected}, but the current draft of {letter.id} in"
        f" {lang} is version {version.short}: the text changed since (or the id is mistyped:"
        " check it against the draft's header). Send the current draft ('letters review"
        " packet') and record the answer to it."
    )


def _digits(given: str) -> str:
    return "".join(given.split()).replace("-", "").lower()


def _same_version(given: str, version: Version) -> bool:
    """'4794-154F', '4794154f' and a full digest all name the same version."""
    wanted = _digits(given)
    return len(wanted) >= 8 and version.digest.startswith(wanted)


# --- status ---------------------------------------------------------------------------


@dataclass
class LetterStatus:
    """One letter in one language: its current version and each signatory's answer."""

    letter: str
    lang: str
    version: str
    answers: list[Answer] = field(default_factory=list)
    # messages the draft marks [UNTRANSLATED: ...], by kind, as 'letters i18n stats' counts
    # them: a fuzzy one has a translation, to review
    untranslated: int = 0
    fuzzy: int = 0
    inconsistent: int = 0  # translated, but without a number or name of its English
    # the other warnings finalise refuses (letters.errors.FINAL_KINDS), by code: those
    # that hold an approval back, and those it is recorded despite
    refuses: dict[str, int] = field(default_factory=dict)

    @property
    def gaps(self) -> int:
        """The messages that keep the draft from approval (untranslated, fuzzy or
        inconsistent): the translation gaps; the other warnings are in ``refuses``."""
        return self.untranslated + self.fuzzy + self.inconsistent

    @property
    def approved(self) -> bool:
        """True when every signatory approved the current version, as finalise judges it."""
        return all(a.state == "approved" and not a.picture for a in self.answers)

    @property
    def complete(self) -> bool:
        """True when every signatory approved the current version, and it has none of the
        warnings finalise refuses (it is translated, its name forms confirmed …) and no
        approval that needs ``--confirmed`` (read from an unauthenticated e-mail, or written
        with words that may qualify it)."""
        return not self.gaps and not self.refuses and self.approved and not self.to_confirm

    @property
    def to_confirm(self) -> list[int]:
        """The ledger entries of the approvals read from an unauthenticated e-mail or written
        with words that may qualify them, which finalise takes only when given each with
        ``--confirmed``."""
        return [
            a.entry
            for a in self.answers
            if a.state == "approved" and (a.unauthenticated or a.worded) and a.entry
        ]

    @property
    def state(self) -> str:
        """``ready``, ``waiting`` (for answers), or, for a draft not ready for approval, its
        first kind of gap: ``untranslated``, ``fuzzy`` or ``inconsistent`` (a draft whose
        only gaps are fuzzy has its translations, to review: it is not "untranslated"), then
        the code of its first warning that holds an approval back (``repeated-event``…);
        approved by everyone, the code of the first warning finalise still refuses, or
        ``unconfirmed`` where an approval was read from an unauthenticated e-mail or written
        with words that may qualify it, which finalise takes only with ``--confirmed``."""
        if self.untranslated:
            return "untranslated"
        if self.fuzzy:
            return "fuzzy"
        if self.inconsistent:
            return "inconsistent"
        held = [code for code in self.refuses if code in HOLDS_APPROVAL]
        if held:
            return held[0]
        if self.refuses and self.approved:
            return next(iter(self.refuses))
        if self.complete:
            return "ready"
        return "unconfirmed" if self.approved and self.to_confirm else "waiting"


def status(ws: WorkspaceData) -> list[LetterStatus]:
    """Per letter and language: the current version and every signatory's answer to it."""
    entries = read_ledger(ws.root)
    renderer = Renderer(ws)
    out = []
    for letter in ws.letters.values():
        signers = signatory_ids(ws, letter)
        for lang in letter_languages(ws, letter):
            version, counts = draft_gaps(ws, letter, lang, renderer)
            found = standing_now(ws, entries, letter.id, lang, version.digest, signers)
            refuses = {c: n for c, n in counts.items() if n and c not in NOT_FINAL}
            out.append(
                LetterStatus(
                    letter.id,
                    lang,
                    version.short,
                    found,
                    counts[UNTRANSLATED],
                    counts[FUZZY],
                    counts[INCONSISTENT],
                    refuses,
                )
            )
    return out


def standing_now(
    ws: WorkspaceData,
    entries: list[Entry],
    letter_id: str,
    lang: str,
    digest: str,
    signers: list[str],
) -> list[Answer]:
    """Each of ``signers``' standing on ``letter_id`` in ``lang`` against the version
    ``digest``, as finalise judges it: an approval it refuses (one needing the signatory's
    confirmation, or with another signature picture) is not "approved" plain. The one rule
    that status and review requests both follow, so that no one is left unasked for an
    approval finalise would refuse."""
    found = answers(entries, letter_id, lang, digest, signers)
    return worded_checked(ws, picture_checked(ws, entries, confirmation_checked(entries, found)))


def confirmation_checked(entries: list[Entry], found: list[Answer]) -> list[Answer]:
    """``found``, each approval that finalise refuses as standing, unauthenticated, over the
    signatory's authenticated no to that version saying it needs their confirmation."""
    # imported here: reply_order reads short ids from known_versions, which imports this module
    from letters.signoff.reply_order import held_approval

    return [
        replace(answer, state="needs confirmation")
        if answer.state == "approved"
        and answer.entry
        and held_approval(entries[answer.entry - 1], entries)
        else answer
        for answer in found
    ]


def picture_checked(ws: WorkspaceData, entries: list[Entry], found: list[Answer]) -> list[Answer]:
    """``found``, each approval whose signature picture is not the one recorded with it
    (which finalise refuses) saying so."""
    out = []
    for answer in found:
        wrong = None
        if answer.state == "approved" and answer.entry:
            wrong = mismatch(ws, entries[answer.entry - 1])
        out.append(replace(answer, picture=wrong) if wrong else answer)
    return out


def _said(answer: Answer) -> str:
    """An answer as the status table says it."""
    notes = [f"by delegate {answer.delegate}"] if answer.delegate else []
    notes += ["unauthenticated e-mail"] if answer.unauthenticated else []
    notes += ["words to read"] if answer.worded else []
    notes += [f"signature picture {answer.picture}"] if answer.picture else []
    return f"{answer.state} ({'; '.join(notes)})" if notes else answer.state


def status_table(rows: list[LetterStatus]) -> str:
    """The status as the command line prints it: one line per signatory's answer."""
    from letters.tables import format_table

    header = ("letter", "language", "version", "status", "signatory", "answer", "entry", "comment")
    body = [
        (
            row.letter,
            row.lang,
            row.version,
            row.state,
            answer.who,
            _said(answer),
            str(answer.entry or ""),
            " ".join(answer.comment.split()),  # on one line, however it was written
        )
        for row in rows
        for answer in row.answers
    ]
    notes = [
        f"{row.letter} [{row.lang}]: {left}"
        for row in rows
        for left in left_for_finalise(row.refuses)
    ]
    table = format_table(header, body, align="llllllrl")
    return "\n\n".join([table, "\n".join(notes)]) if notes else table


def status_json(rows: list[LetterStatus]) -> str:
    """The status as JSON, for programs."""
    return json.dumps(
        [
            {
                "letter": r.letter,
                "lang": r.lang,
                "version": r.version,
                "state": r.state,
                "complete": r.complete,
                "to_confirm": r.to_confirm,
                "untranslated": r.untranslated,
                "fuzzy": r.fuzzy,
                "inconsistent": r.inconsistent,
                "finalise_refuses": r.refuses,
                "answers": [asdict(a) for a in r.answers],
            }
            for r in rows
        ],
        ensure_ascii=False,
        indent=2,
    )
