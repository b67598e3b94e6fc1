"""What ``finalise`` will refuse of a draft, told before anyone approves it.

``finalise`` (and ``build --final``) refuses every warning in
:data:`letters.errors.FINAL_KINDS`. An approval waits for those whose fix most often
changes what the letter says (:data:`HOLDS_APPROVAL`): a translation still to make or
correct, an event told twice, a letter asking every ask of its case — an approval now
would most likely be of a text that will not be sent. Holding it back costs little where a
fix keeps the text after all (two events of one day both listed under a letter's
``timeline:``): the version is then the same, and the signatory's answer to it is recorded
once the warning is gone, with the same ``--version``; the refusal says both. The others
may be resolved without touching the text (a derived name form confirmed as it is, a
private item taken off a letter's list), which keeps an approval, since it is of the text:
those approvals are recorded, and the person recording one is told which of these warnings
the version has, that finalise refuses it until they are resolved, and which fixes keep
the approval and which void it (a date after the letter or today has no keeping fix worth
offering: the letter shows its dates, or the years they count).

No message here repeats a value of the warnings it counts: it names their kinds, counts
them and the command that lists them with their files and lines.
"""

from __future__ import annotations

from letters.errors import (
    AFTER_THE_LETTER,
    AFTER_TODAY,
    DERIVED_CERTAIN,
    DERIVED_FORM,
    EVERY_ASK,
    FINAL_KINDS,
    FUZZY,
    INCONSISTENT,
    PRIVATE_CHOSEN,
    REPEATED_EVENT,
    UNTRANSLATED,
    Problem,
)
from letters.load.loader import LetterEntry, WorkspaceData
from letters.plan import plan
from letters.render.renderer import Renderer

__all__ = [
    "HOLDS_APPROVAL",
    "LISTS_THEM",
    "NOT_FINAL",
    "approval_held",
    "counted",
    "final_counts",
    "held_since",
    "left_for_finalise",
    "refused_after_approval",
]

NOT_FINAL = frozenset({UNTRANSLATED, FUZZY, INCONSISTENT})
"""The translation gaps: messages untranslated, fuzzy, or lacking what their English has."""

HOLDS_APPROVAL = NOT_FINAL | {REPEATED_EVENT, EVERY_ASK}
"""The kinds finalise refuses whose fix most often changes the letter's text: an approval
waits for them to be fixed, since one given now would most likely be of a text that will
not be sent."""

LISTS_THEM = "'letters check' lists"
"""How a message points at the command that lists the warnings it counts (then it/them)."""

# Of the kinds an approval does not wait for: a fix that keeps the letter's text (and so
# the approval), and one that changes it (and so voids the approval), in a message's words.
# A date has no keeping fix worth offering: the letter shows its dates, or the years they
# count, so correcting one almost always changes what it says.
_FIXES: dict[str, tuple[str | None, str]] = {
    DERIVED_FORM: (
        "a derived name form confirmed as it is",
        "a derived name form corrected where the letter shows it",
    ),
    AFTER_THE_LETTER: (None, "a date corrected where the letter shows it"),
    PRIVATE_CHOSEN: (
        "a private item taken off the letter's list",
        "a private item made public",
    ),
}
_FIXES[DERIVED_CERTAIN] = _FIXES[DERIVED_FORM]
_FIXES[AFTER_TODAY] = _FIXES[AFTER_THE_LETTER]


def final_counts(
    ws: WorkspaceData, letter: LetterEntry, lang: str, problems: list[Problem], renderer: Renderer
) -> dict[str, int]:
    """Every warning finalise would refuse of ``letter`` in ``lang``, counted by code (each
    code of :data:`~letters.errors.FINAL_KINDS`, 0 when none): those of its version,
    ``problems``, and, for a letter to each recipient on their own, those of each recipient's
    letter (their name forms, which the version shows as placeholders)."""
    found = [p for p in problems if p.warning]
    if letter.definition.mode == "individual":
        for job in plan(ws, [letter.id], [lang]).jobs:
            found += [p for p in renderer.problems_of(job) if p.warning]
    counts = dict.fromkeys(FINAL_KINDS, 0)
    for problem in set(found):  # a warning the version and a recipient both give: once
        if problem.code in counts:
            counts[problem.code] += 1
    return counts


def counted(counts: dict[str, int], codes: frozenset[str] | None = None) -> tuple[str, int]:
    """The kinds of ``counts`` (of ``codes`` only, if given) present, in the words of
    :data:`~letters.errors.FINAL_KINDS` with their counts ("derived name forms (4), events
    told twice (1)"; two codes of the same words counted together), and how many in all."""
    by_words: dict[str, int] = {}
    for code, words in FINAL_KINDS.items():
        if counts.get(code) and (codes is None or code in codes):
            by_words[words] = by_words.get(words, 0) + counts[code]
    return ", ".join(f"{words} ({n})" for words, n in by_words.items()), sum(by_words.values())


def _them(count: int) -> str:
    return "it" if count == 1 else "them"


def approval_held(letter_id: str, lang: str, counts: dict[str, int]) -> str | None:
    """Why no approval of ``letter_id`` in ``lang`` can be recorded while it has ``counts``
    (by code): its warnings whose fix changes its text, beyond the translation gaps alone
    (which the caller says in its own words); None if it has none."""
    if not any(counts.get(code) for code in HOLDS_APPROVAL - NOT_FINAL):
        return None
    kinds, count = counted(counts, HOLDS_APPROVAL)
    them = _them(count)
    return (
        f"{letter_id} in {lang} cannot be approved yet: finalise refuses it for {kinds}"
        f" ({LISTS_THEM} {them}), and a fix most often changes what the letter says: fix"
        f" {them} first, then send the new draft for approval, or run this again if the"
        " version stays the same"
    )


def refused_after_approval(letter_id: str, lang: str, counts: dict[str, int]) -> str | None:
    """What the person recording an approval of ``letter_id`` in ``lang`` must know while it
    has ``counts`` (by code) of the warnings an approval does not wait for: finalise refuses
    it until they are resolved, and which fixes keep the approval and which void it."""
    rest = frozenset(FINAL_KINDS) - HOLDS_APPROVAL
    kinds, count = counted(counts, rest)
    if not count:
        return None
    fixes = list(
        dict.fromkeys(_FIXES[code] for code in FINAL_KINDS if code in rest and counts[code])
    )
    keeps = "; ".join(keep for keep, _void in fixes if keep)
    voids = "; ".join(void for _keep, void in fixes)
    return (
        f"finalise refuses {letter_id} [{lang}] until its {kinds} are resolved"
        f" ({LISTS_THEM} {_them(count)}); this approval stands if they are resolved without"
        f" changing what the letter says{f' ({keeps})' if keeps else ''}, and is void if a fix"
        f" changes it ({voids}): the new version then needs every signatory's approval"
    )


def left_for_finalise(counts: dict[str, int]) -> list[str]:
    """What is left before finalise of the warnings in ``counts`` (by code) beyond the
    translation gaps (which the status says in its own words), as the status says it: those
    that hold an approval back, then the others."""
    left = []
    kinds, count = counted(counts, HOLDS_APPROVAL - NOT_FINAL)
    if count:
        left.append(
            f"no approval until its {kinds} are fixed, which most often changes what the"
            f" letter says ({LISTS_THEM} {_them(count)})"
        )
    kinds, count = counted(counts, frozenset(FINAL_KINDS) - HOLDS_APPROVAL)
    if count:
        left.append(
            f"finalise refuses it until its {kinds} are resolved ({LISTS_THEM} {_them(count)})"
        )
    return left


def held_since(letter_id: str, lang: str, counts: dict[str, int]) -> list[str]:
    """What an approval of ``letter_id`` in ``lang`` recorded already is told, run again,
    of the warnings in ``counts`` (by code) that hold an approval back, beyond the
    translation gaps (which change the version): one that came without changing it (an
    event's authority corrected) is refused by finalise, and the approval stays."""
    kinds, count = counted(counts, HOLDS_APPROVAL - NOT_FINAL)
    if not count:
        return []
    return [
        f"finalise refuses {letter_id} [{lang}] until its {kinds} are fixed ({LISTS_THEM}"
        f" {_them(count)}); this approval stands for the version it is of"
    ]
