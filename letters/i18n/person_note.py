"""The note at the top of a case's catalog that says whom the case is about.

English rarely shows whether the person of a case is a man or a woman ("The journalist
was detained", "a court convicted them"); Ukrainian and Russian must («Журналістку
затримали»). So a case's catalog starts with a note, in its header comment, saying which
one the case's ``person.gender`` gave when the catalog was begun, and its translations
agree with it.

When ``person.gender`` is corrected later, every English text keeps its msgid, and its
translation would stay as it was: wrong, in every letter, without a word. Here:

- the note is found by the exact sentence this module writes, for either gender (wrapped
  over lines as any writer of .po files may wrap a comment), never by guessing;
- ``letters i18n update`` puts the right note in place of a wrong one and marks every
  translated entry fuzzy, with a translator comment saying what to check; the
  translations are kept. A catalog without a note gets one and nothing else;
- a build refuses a case catalog whose note names the other gender (:func:`wrong_note`).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from babel.messages.catalog import Catalog
from babel.messages.catalog import Message as BabelMessage

from letters.errors import Problem
from letters.i18n.po_write import WIDTH, header_comment_as_read
from letters.i18n.translated import has_translation

PERSON = {"female": "a woman", "male": "a man"}
_PRONOUN = {"female": "her", "male": "him"}


def note(gender: str) -> str:
    """The sentence the note says for a person of ``gender`` (``female`` or ``male``)."""
    person, pronoun = PERSON[gender], _PRONOUN[gender]
    return (
        f"The person this case is about is {person}: translate every text about {pronoun}"
        f" so that it agrees with {person} (pronouns, verbs in the past tense, nouns such as"
        " 'journalist')."
    )


def review_comment(gender: str) -> str:
    """The translator comment an entry gets when the case's person turned out to be of
    ``gender``: short enough that no writer wraps it, so that it is found again."""
    return (
        f"the case is now about {PERSON[gender]}: check that this translation agrees with"
        f" {_PRONOUN[gender]}"
    )


_NOTES = {gender: note(gender) for gender in PERSON}
_COMMENTS = {review_comment(gender) for gender in PERSON}
_START = "The person this case is about is "


@dataclass(frozen=True)
class PersonOfCase:
    """The person a case catalog is translated for: ``person.gender`` in the case's file."""

    gender: str
    case_file: str  # as shown to the user: cases/<id>/case.yaml


@dataclass(frozen=True)
class Note:
    """A note found in a header comment: its gender and its lines, ``start`` to ``end``."""

    gender: str
    start: int
    end: int


def notes_in(lines: list[str]) -> list[Note]:
    """Every note in ``lines``, comment lines (``# …``) as a .po file or Babel's
    ``header_comment`` has them: a note starts a line and ends one, however it is wrapped."""
    texts = [line.lstrip("#").strip() if line.startswith("#") else "" for line in lines]
    found = []
    for start, text in enumerate(texts):
        if not text.startswith(_START):
            continue
        joined = ""
        for end in range(start, len(texts)):
            if not texts[end]:
                break
            joined = f"{joined} {texts[end]}".lstrip()
            gender = next((g for g, sentence in _NOTES.items() if joined == sentence), None)
            if gender is not None:
                found.append(Note(gender, start, end + 1))
                break
    return found


def with_note(comment: str, gender: str) -> str:
    """The header comment ``comment`` with one note, for ``gender``: in place of the notes
    it has, else added at its end."""
    lines = comment.split("\n") if comment else []
    # Wrapped here, as the file will have it: the comment is written as it is held.
    wrapper = textwrap.TextWrapper(
        width=WIDTH, subsequent_indent="# ", break_long_words=False, break_on_hyphens=False
    )
    note_lines = wrapper.wrap(f"# {_NOTES[gender]}")
    found = notes_in(lines)
    for old in reversed(found[1:]):
        del lines[old.start : old.end]
    if found:
        lines[found[0].start : found[0].end] = note_lines
        return "\n".join(lines)
    if lines and lines[-1].strip() != "#":
        lines.append("#")
    return "\n".join([*lines, *note_lines, "#"])


@dataclass
class NoteChange:
    """What :func:`settle` did to a case catalog: ``was`` is the gender its note gave
    (None: it had none), ``now`` the one it gives, ``review`` how many translated entries
    it marked for review."""

    was: str | None
    now: str
    review: int = 0


def settle(catalog: Catalog, gender: str) -> NoteChange | None:
    """Make ``catalog``'s note say ``gender``; None when it did already.

    A note for the other gender is replaced, and every translated entry (obsolete ones
    too: one may come back) is marked fuzzy with a comment saying what to check; a
    catalog with no note gets one, its entries left as they are.
    """
    comment = header_comment_as_read(catalog)  # the translator's lines, left as they are
    found = notes_in(comment.split("\n"))
    if [n.gender for n in found] == [gender]:
        return None
    catalog.header_comment = with_note(comment, gender)
    other = next((n.gender for n in found if n.gender != gender), None)
    if other is None:  # none, or the same note twice
        return NoteChange(found[0].gender if found else None, gender)
    review = 0
    for message in (*catalog, *catalog.obsolete.values()):
        if message.id and has_translation(message):
            _mark(message, gender)
            review += 1
    return NoteChange(other, gender, review)


def _mark(message: BabelMessage, gender: str) -> None:
    """Mark ``message`` fuzzy, with the comment for ``gender`` (in place of an earlier one)."""
    message.flags.add("fuzzy")
    kept = [c for c in message.user_comments if c not in _COMMENTS]
    message.user_comments = [*kept, review_comment(gender)]


def wrong_note(
    data: bytes,
    header_line: int | None,
    label: str,
    person: PersonOfCase,
    translated: bool = True,
) -> list[Problem]:
    """The problem of a case catalog (``data``, its header entry's msgid on line
    ``header_line``) whose note names the other gender than the case now gives, if it has
    one; for a catalog with no ``translated`` entry yet, the note would mislead its
    translator, though nothing is translated for the other gender: a warning."""
    lines = data.decode("utf-8").split("\n")[: header_line - 1] if header_line else []
    other = next((n for n in notes_in(lines) if n.gender != person.gender), None)
    if other is None:
        return []
    now = (
        f"the person this case is about is now {PERSON[person.gender]} (person.gender in"
        f" {person.case_file}), but"
    )
    if not translated:
        said = (
            f"{now} this catalog's note tells its translator to translate for"
            f" {PERSON[other.gender]}: run 'letters i18n update', which puts the note right"
            " (nothing is translated yet)"
        )
    else:
        said = (
            f"{now} this catalog was translated for {PERSON[other.gender]}: run 'letters i18n"
            " update', which marks its translations fuzzy, and have the translator review the"
            " marked entries"
        )
    # nothing translated: no letter says anything wrong, so a catalog of a language no letter
    # is written in yet does not stop a build; the note is put right before it misleads
    return [Problem(label, other.start + 1, "", said, warning=not translated)]
