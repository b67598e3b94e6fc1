"""Straight quotation marks typed in a text, as each language prints them.

A translator or a case's author may type ``"Демократичний вибір Казахстану"`` (or
``'…'``) where the letter conventions write «Демократичний вибір Казахстану» (Ukrainian
and Russian: «…», and „…“ inside them) or ‘…’ (English, “…” inside, as the EU's
Interinstitutional Style Guide has it, 10.1.9). :func:`quote_marks` finds, line by line,
the straight quotes (U+0022, and U+0027 at a word's edge) that plainly open or close a
quotation and pair up, and says which mark each becomes, by depth, whichever was typed. A
' between two letters is an apostrophe (м'ясо, Дем'ян, "General's"), never a quote: the
only one Ukrainian and Russian write. English writes one at a word's edge too ("the MEPs'
letter", "'90s", "rock 'n' roll"), as ’, the mark that closes a quotation: a ' after a
word's last letter or before digits is read as an apostrophe or as a quote, whichever lets
the whole line pair (a possessive is tried first there, a quotation before digits: '5
years'), and before a word English elides ('tis, 'twas); before a decade ('90s), always
an apostrophe. A line whose straight quotes do not pair up unambiguously (a quote between
two words; one left open) keeps every one of them as typed: a wrong guess would print a
quotation the author did not write. A mark right after digits may be a unit's (an inch's
``5"``, a foot's ``6'``), kept as typed: the line is paired first with every such mark a
quote, then with every one a unit's, and only where neither pairs is it read so mark by
mark, a unit's where it can be ("Article 3" beside a foot's mark), so that an earlier '
stays the apostrophe it can be ('5 years, 'tis). In
Ukrainian and Russian, where ' is only ever a quote at a word's edge, a unit's mark of one
kind (``5"``) or an unpaired quote that cannot stand around the other kind's quotations
voids only its own kind's marks.
"""

from __future__ import annotations

import re
from collections.abc import Collection

# (opening, closing) by nesting depth: the outer pair, then the inner one
MARKS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "uk": (("«", "»"), ("„", "“")),
    "ru": (("«", "»"), ("„", "“")),
    # ’ closes an English quotation and is its apostrophe too: see _apostrophe
    "en": (("‘", "’"), ("“", "”")),
}
STRAIGHT = '"'
SINGLE = "'"
# What may stand before an opening quote, besides a space or the line's start; and what
# may follow a closing one, besides a space or the line's end.
_BEFORE_OPENING = "([{«„“‘—–-/\"'"
_AFTER_CLOSING = ")]}»“”’.,;:!?…—–-/\"'"


def _opens(line: str, at: int, gaps: str) -> bool | None:
    """Whether the straight quote at ``line[at]`` opens (True) or closes (False) a
    quotation, or None where its neighbours do not say."""
    quote = line[at]
    before = line[at - 1] if at else " "
    after = line[at + 1] if at + 1 < len(line) else " "
    boundary_before = before.isspace() or before in gaps or before in _BEFORE_OPENING
    boundary_after = after.isspace() or after in gaps or after in _AFTER_CLOSING
    if boundary_before and not after.isspace() and after not in gaps and after != quote:
        return True
    if boundary_after and not before.isspace() and before not in gaps and before != quote:
        return False
    return None


def _apostrophe(line: str, at: int) -> bool:
    """Whether the mark at ``line[at]`` stands between two letters ("Kazakhstan’s"), so
    that it is an apostrophe, not a closing quote."""
    return 0 < at < len(line) - 1 and line[at - 1].isalpha() and line[at + 1].isalpha()


# A line's reading is searched for; past this many steps, or with more marks than this to
# read (the search goes one call deeper for each), it is kept as typed rather than searched
# on (no real line comes near either)
_SEARCH_LIMIT = 5000
_MARKS_LIMIT = 300


# English words whose first letters an apostrophe stands for ('tis, 'twas): one before
# them may open a quotation too, which is tried first
_ELIDED_WORDS = frozenset({"tis", "twas", "twere", "twill", "twould", "em", "neath"})


def _elided_word(line: str, at: int) -> bool:
    """Whether the ' at ``line[at]`` begins one of :data:`_ELIDED_WORDS` ("'tis")."""
    end = at + 1
    while end < len(line) and line[end].isalpha():
        end += 1
    return line[at + 1 : end].casefold() in _ELIDED_WORDS


# A decade's two digits ('90s): a quotation that begins with them is too rare to be tried
_DECADE = re.compile(r"\d\ds(?!\w)")


def _unit(line: str, at: int) -> bool:
    """Whether the straight quote at ``line[at]`` follows a digit: an inch's or a foot's
    mark (a 5" screen, 6' tall), which never opens or closes a quotation."""
    return at > 0 and line[at - 1].isdigit()


def _elided_and(line: str, at: int) -> bool:
    """Whether ``line[at:at + 3]`` is an isolated 'n' ("rock 'n' roll"): two apostrophes."""
    before = line[at - 1] if at else " "
    after = line[at + 3] if at + 3 < len(line) else " "
    return line[at : at + 3].lower() == "'n'" and not before.isalnum() and not after.isalnum()


def _tokens(
    line: str, marks: tuple[tuple[str, str], ...], gaps: str, english: bool
) -> list[tuple[int, str, tuple[str, ...]]]:
    """Each mark of ``line`` that counts for pairing: its place, the straight quote or typed
    mark, and the readings it allows, the likelier first ("open", "close", "apostrophe",
    "typed open", "typed close"; none where its neighbours say nothing; "unit" is added
    by :func:`_unit_readings`)."""
    tokens: list[tuple[int, str, tuple[str, ...]]] = []
    outer_open, outer_close = marks[0]
    elided: set[int] = set()
    for at, char in enumerate(line):
        if at in elided:
            continue
        if char == outer_open and char != outer_close:
            tokens.append((at, char, ("typed open",)))
        elif char == outer_close and char != outer_open and not _apostrophe(line, at):
            # an English ’ after a word's last letter may be a possessive inside ‘…’
            possessive = english and at > 0 and line[at - 1].isalpha()
            tokens.append((at, char, ("typed apostrophe", "typed close")[not possessive :]))
        elif english and char == SINGLE and _elided_and(line, at):
            tokens += [(at, char, ("apostrophe",)), (at + 2, char, ("apostrophe",))]
            elided.add(at + 2)
        elif char == STRAIGHT or (char == SINGLE and not _apostrophe(line, at)):
            opens = _opens(line, at, gaps)
            readings: tuple[str, ...] = () if opens is None else ("open",) if opens else ("close",)
            if english and char == SINGLE and opens is not None:
                # English writes ’ before a year's digits ('90s), before a word it elides
                # ('tis) and after a word's last letter (the MEPs'), where a quotation may
                # open or close as well
                year = at + 1 < len(line) and line[at + 1].isdigit()
                if opens and _DECADE.match(line, at + 1):
                    readings = ("apostrophe",)
                elif opens and (year or _elided_word(line, at)):
                    readings = ("open", "apostrophe")
                elif not opens and at > 0 and line[at - 1].isalpha():
                    readings = ("apostrophe", "close")
            tokens.append((at, char, readings))
    return tokens


def _pairing(
    tokens: list[tuple[int, str, tuple[str, ...]]],
    marks: tuple[tuple[str, str], ...],
    strict: bool,
) -> dict[int, str] | None:
    """The marks of the first reading of ``tokens`` under which every straight quotation
    closes (and, ``strict``, every typed one too), or None. Not strict, a typed closing
    mark with nothing open is passed over, as an apostrophe may be."""
    if len(tokens) > _MARKS_LIMIT:
        return None
    steps = 0

    def search(
        index: int, stack: tuple[tuple[str, int], ...], depth: int, typed: int
    ) -> dict[int, str] | None:
        nonlocal steps
        steps += 1
        if steps > _SEARCH_LIMIT:
            return None
        if index == len(tokens):
            return {} if not stack and (typed == 0 or not strict) else None
        at, char, readings = tokens[index]
        for reading in readings:
            if reading == "typed apostrophe" and not strict:
                continue  # as before this search: a typed ’ closes whatever is open
            mark = None
            state = (stack, depth, typed)
            if reading == "typed open":
                state = (stack, depth + 1, typed + 1)
            elif reading == "typed close":
                if strict and not typed:
                    continue
                if depth:
                    state = (stack, depth - 1, max(typed - 1, 0))
            elif reading == "unit":
                pass  # no quotation mark: kept as typed, the quotes open left as they are
            elif reading == "apostrophe":
                mark = "’"
            elif reading == "open":
                level = min(depth, len(marks) - 1)
                mark = marks[level][0]
                state = (*stack, (char, level)), depth + 1, typed
            elif reading == "close":
                if not stack or stack[-1][0] != char:  # none open, or "…' crossing
                    continue
                mark = marks[stack[-1][1]][1]
                state = (stack[:-1], depth - 1, typed)
            rest = search(index + 1, *state)
            if rest is not None:
                return rest if mark is None else {at: mark, **rest}
        return None

    return search(0, (), 0, 0)


def _encloses(line: str, at: int, gaps: str, found: dict[int, str]) -> bool:
    """Whether the unpaired quote at ``line[at]`` may open or close a quotation around
    the ones in ``found``; one right after a digit is a unit's mark (5", 3'), never."""
    if at and line[at - 1].isdigit():
        return False
    opens = _opens(line, at, gaps)
    return (opens is not False and at < max(found)) or (opens is not True and at > min(found))


def _unit_readings(
    line: str, tokens: list[tuple[int, str, tuple[str, ...]]], english: bool
) -> list[list[tuple[int, str, tuple[str, ...]]]]:
    """``tokens`` as the search tries them, in turn: an English mark after digits (5", 6')
    a quote; then a unit's, left out; then either, a unit's first."""
    if not english or not any(_unit(line, at) for at, _, _ in tokens):
        return [tokens]
    # Reading a unit's mark as a quote only where nothing else pairs keeps a ' the line
    # began with ('90s, 'tis) an apostrophe rather than a quotation closed on a foot's mark
    either = [
        (at, char, ("unit", *readings) if _unit(line, at) else readings)
        for at, char, readings in tokens
    ]
    without = [token for token in tokens if not _unit(line, token[0])]
    return [tokens, without, either]


def _line_marks(
    line: str, start: int, marks: tuple[tuple[str, str], ...], gaps: str, english: bool
) -> dict[int, str]:
    tokens = _tokens(line, marks, gaps, english)
    found = None
    for readings in _unit_readings(line, tokens, english):
        found = _pairing(readings, marks, strict=True)
        if found is None:
            found = _pairing(readings, marks, strict=False)
        if found is not None:
            break
    if found is None and not english:
        # Ukrainian and Russian write ' only as a quote: one kind left unpaired (an inch
        # mark) need not void the other's pairs, where it cannot stand around them
        found = None
        for void in (STRAIGHT, SINGLE):
            kept = [token for token in tokens if token[1] != void]
            pairs = _pairing(kept, marks, strict=False)
            voided = [at for at, char, _ in tokens if char == void]
            if pairs and not any(_encloses(line, at, gaps, pairs) for at in voided):
                if found is not None:
                    return {}
                found = pairs
    return {start + at: mark for at, mark in (found or {}).items()}


def quote_marks(
    text: str, language: str, guarded: Collection[int] = (), gaps: str = ""
) -> dict[int, str]:
    """Where in ``text`` a straight double quote becomes ``language``'s quotation mark, and
    which: only in lines whose straight quotes pair up plainly, none of them in ``guarded``
    (an address); ``gaps`` are characters that stand for what interrupts a line (a tab, a
    footnote mark)."""
    marks = MARKS.get(language)
    if marks is None or (STRAIGHT not in text and SINGLE not in text):
        return {}
    found: dict[int, str] = {}
    start = 0
    for line in text.split("\n"):
        if STRAIGHT in line or SINGLE in line:
            here = _line_marks(line, start, marks, gaps, language == "en")
            if not any(at in guarded for at in here):
                found.update(here)
        start += len(line) + 1
    return found
