"""Straight quotation marks typed in a text, as each language prints them.

A translator or a case's author may type ``"Демократичний вибір Казахстану"`` (or
``'…'``) where the letter conventions write «Демократичний вибір Казахстану» (Ukrainian
and Russian: «…», and „…“ inside them) or ‘…’ (English, “…” inside, as the EU's
Interinstitutional Style Guide has it, 10.1.9). :func:`quote_marks` finds, line by line,
the straight quotes (U+0022, and U+0027 at a word's edge) that plainly open or close a
quotation and pair up, and says which mark each becomes, by depth, whichever was typed. A
' between two letters is an apostrophe (м'ясо, Дем'ян, "General's"), never a quote: the
only one Ukrainian and Russian write. English writes one at a word's edge too ("the MEPs'
letter", "'90s"), as ’, the mark that closes a quotation: only an opening ‘ is a guess,
made where a later ' closes it. A line whose straight quotes do not pair up unambiguously
(an inch mark, ``5"``; a quote between two words; one left open, which may be an elision,
``'tis``) keeps every one of them as typed: a wrong guess would print a quotation the
author did not write.
"""

from __future__ import annotations

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


def _english_apostrophe(line: str, at: int, opens: bool, open_single: bool) -> bool:
    """Whether a straight ' at a word's edge in English is an apostrophe: after a word's
    last letter with no '…' open ("the MEPs' letter"), or before a year's digits ("'90s").
    Either is ’, as a closing quote is, so only an opening quote is ever a guess."""
    if opens:
        return at + 1 < len(line) and line[at + 1].isdigit()
    return not open_single and at > 0 and line[at - 1].isalpha()


def _line_marks(
    line: str, start: int, marks: tuple[tuple[str, str], ...], gaps: str, english: bool
) -> dict[int, str]:
    found: dict[int, str] = {}
    depth = 0  # quotations open here, the ones typed as « » or “ ” included
    stack: list[tuple[str, int]] = []  # each straight quotation still open: its quote, depth
    outer_open, outer_close = marks[0]
    for at, char in enumerate(line):
        if char == outer_open and char != outer_close:
            depth += 1
        elif char == outer_close and char != outer_open and depth and not _apostrophe(line, at):
            depth -= 1
        elif char == STRAIGHT or (char == SINGLE and not _apostrophe(line, at)):
            opens = _opens(line, at, gaps)
            if opens is None:
                return {}
            open_single = bool(stack) and stack[-1][0] == SINGLE
            if char == SINGLE and english and _english_apostrophe(line, at, opens, open_single):
                found[start + at] = "’"
            elif opens:
                level = min(depth, len(marks) - 1)
                found[start + at] = marks[level][0]
                stack.append((char, level))
                depth += 1
            else:
                if not stack or stack[-1][0] != char:  # none open, or "…' crossing
                    return {}
                found[start + at] = marks[stack.pop()[1]][1]
                depth -= 1
    return {} if stack else found


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
