"""The versions a reply to a review request can name: each letter's current draft in each
language, by the short id a request shows (with its title, which a request shows under it),
and every earlier version the ledger or ``signoff/versions`` knows."""

from __future__ import annotations

from dataclasses import dataclass

from letters.errors import LettersError
from letters.load.loader import WorkspaceData
from letters.plan import Job, letter_languages
from letters.render.renderer import Renderer
from letters.signoff.answers import draft_gaps
from letters.signoff.final_warnings import HOLDS_APPROVAL, NOT_FINAL, counted
from letters.signoff.ledger import Entry

__all__ = ["Current", "Earlier", "known_versions", "short_id"]


Earlier = dict[str, tuple[str, str]]  # a short id: (letter, language)


@dataclass(frozen=True)
class Current:
    """A letter's current draft in one language: its letter, language and short id."""

    letter: str
    lang: str
    short: str
    title: str = ""  # its draft's title, which a review request shows under its line
    # its messages untranslated, fuzzy or inconsistent: while any is, no one can approve it
    gaps: int = 0
    # its other warnings that hold an approval back (an event told twice …), by kind with
    # their counts in words, and how many in all: while any is, no one can approve it either
    held: str = ""
    held_count: int = 0


def known_versions(ws: WorkspaceData, entries: list[Entry]) -> tuple[dict[str, Current], Earlier]:
    """The current version of every letter and language by short id, and every earlier
    version known (answered in the ledger or kept) by short id → (letter, lang)."""
    renderer = Renderer(ws)
    current: dict[str, Current] = {}
    for letter in ws.letters.values():
        for lang in letter_languages(ws, letter):
            try:
                version, counts = draft_gaps(ws, letter, lang, renderer)
            except LettersError:
                continue  # a draft that cannot be made now: no reply can name it
            # the draft's title is its subject (see Renderer.render)
            context, _problems = renderer.context(
                Job(letter, lang), placeholder=letter.definition.mode == "individual"
            )
            title = str(context["subject"]) if context is not None else ""
            gaps = sum(counts[code] for code in NOT_FINAL)
            held, count = counted(counts, HOLDS_APPROVAL - NOT_FINAL)
            current[version.short] = Current(
                letter.id, lang, version.short, title, gaps, held, count
            )
    earlier: Earlier = {}
    for entry in entries:
        earlier[short_id(entry.version)] = (entry.letter, entry.lang)
    for kept in (ws.root / "signoff" / "versions").glob("*.json"):
        parts = kept.name.split(".")
        if len(parts) == 4:
            earlier.setdefault(short_id(parts[2]), (parts[0], parts[1]))
    return current, earlier


def short_id(digest: str) -> str:
    """The short id a request and a reply write for a version's ``digest`` (ABCD-1234)."""
    top = digest[:8].upper()
    return f"{top[:4]}-{top[4:]}"


def listed_files(current: dict[str, Current], earlier: Earlier) -> list[str]:
    """The names of the files a review request lists under the draft's line of each version
    in ``current`` and ``earlier``: its e-mail, its recipients' lines and its redline
    ("<letter>.<lang>.<version>.email.txt"), so that a reply quoting it is read knowing
    them."""
    stems = [f"{c.letter}.{c.lang}.{c.short}" for c in current.values()]
    stems += [f"{letter}.{lang}.{short}" for short, (letter, lang) in earlier.items()]
    return [
        f"{x}.{kind}" for x in stems for kind in ("email.txt", "recipients.txt", "redline.docx")
    ]
