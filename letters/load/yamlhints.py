"""What a YAML parser's error means for the person who wrote the file, and how to fix it.

The parser says what it expected where it stopped (``expected <block end>, but found
'<scalar>'``); most often that is the wrong place and the wrong diagnosis. The mistakes
people make are named instead:

- a tab where YAML allows only spaces, a line indented to fit no mapping or list, a ``': '``
  inside unquoted text, a quote never closed;
- a value whose first character means something to YAML: ``{`` or ``[`` opens a mapping or a
  list, and ``"`` or ``'`` a quoted text, after whose end the text cannot go on (``text:
  {date} the police …``, the way every timeline text begins); ``*`` is an alias, ``&`` an
  anchor, ``|`` and ``>`` put the text on the lines below, ``- `` starts a list, ``? `` a
  key, and ``@``, a backtick and ``%`` may not begin unquoted text at all;
- the markers of a merge conflict git left in the file (:func:`merge_conflict`), which the
  parser would blame on whatever line it stopped at;
- a line ``---`` or ``...`` in the middle of a file, which ends its one YAML document;
- a backslash in double quotes that begins no escape (a Windows path: ``"C:\\Cases"``).

An escape that does begin one (``"C:\\new"``, a line break) is valid YAML: the reader marks
the text (:func:`escaped_control`), and the schema, refusing its control character or its
line break where one line belongs, names the escape.

Three mistakes are valid YAML and would drop words from a text, or read them as something
else, without an error of their own, so the reader refuses them
(:class:`letters.load.yamllimits.GuardedComposer`) with the words here: a text whose first
word begins with ``&`` (an anchor's name, when no alias repeats it), an unquoted text going
on with `` #`` or `` ##`` and a word (``Article 3 #5``: a comment to YAML), and a list item
or line begun with ``? `` (``- ? what``: a mapping whose key is the words).

A message names the key and the value's first character, never more of the value (it may be
private); the fix is shown with ``…`` standing for the text. The parser's own words, where
they stay, lose what they quote of the file beyond a character (an alias's name, a tag's
handle: the first word of a text that begins with ``*`` or ``!``).
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.error import MarkedYAMLError

from letters.files.conflicts import MERGE_CONFLICT, first_conflict_marker
from letters.load.characters import NONCHARACTERS


def parse_error(exc: MarkedYAMLError, text: str) -> tuple[int | None, int | None, str]:
    """The line and column (from 1) of a parse error in ``text``, and what it means, after
    ``invalid YAML: ``."""
    mark = exc.problem_mark or exc.context_mark
    line, column = place(mark)
    message = (exc.problem or exc.context or "not valid YAML").strip()
    hint = None if "'\\t'" in message else first_character(text, exc) or _unclosed(text, exc)
    if hint is not None:
        return hint
    marker = _document_marker(text, exc, message)
    if marker is not None:
        return marker
    ctx = exc.context_mark
    started = ctx.line + 1 if ctx is not None and mark is not None else None
    explained = _explained(message, exc.context or "", started, line)
    if explained is not None:
        return line, column, explained
    message = _QUOTED.sub("…", message)
    if exc.context and started is not None and mark is not None and ctx.line != mark.line:
        message += f" ({exc.context.strip()} that starts on line {started})"
    return line, column, message


_AT_LINE_START = "; if it belongs to a text, indent it under its key, or put the text in quotes"


def _document_marker(text: str, exc: MarkedYAMLError, message: str) -> tuple[int, int, str] | None:
    """Where a line '---' or '...' ends the file's one YAML document, with more after it,
    and what to do; None for any other error. What follows such a line is a document of
    its own, and a file is read as one."""
    mark = exc.problem_mark
    if mark is None:
        return None
    if message.endswith("found another document"):  # ruamel's words, at a line '---'
        return (
            mark.line + 1,
            mark.column + 1,
            "a line '---' starts a second YAML document, and a file holds only one: delete"
            " the line" + _AT_LINE_START,
        )
    if message.startswith("expected '<document start>'"):  # after a line '...'
        lines = text.removeprefix("\ufeff").split("\n")[: mark.line]
        for number in range(len(lines) - 1, -1, -1):
            if re.match(r"\.\.\.(\s|$)", lines[number]):
                return (
                    number + 1,
                    1,
                    "a line '...' ends the YAML document, and the lines after it are not"
                    " read: delete the line" + _AT_LINE_START,
                )
    return None


def merge_conflict(text: str) -> tuple[int, str] | None:
    """The line of the first merge-conflict marker in ``text`` and what to do; None if it has
    none. Looked for before the text is parsed: between markers a file holds both sides of a
    change, and YAML may read some such files without an error."""
    line = first_conflict_marker(text)
    return None if line is None else (line, MERGE_CONFLICT)


def place(mark: Any) -> tuple[int | None, int | None]:
    """A ruamel mark's line and column, counted from 1 as editors show them."""
    if mark is None:
        return None, None
    return mark.line + 1, mark.column + 1


# What a parser's own words quote of the file beyond one character (an alias's or an
# anchor's name) is the start of a value, which may be private: left out. Its names of
# tokens ('<scalar>') are its own words, and kept.
_QUOTED = re.compile(r"'(?!<)[^'\s]{2,}'|\"(?!<)[^\"\s]{2,}\"")


def _explained(
    problem: str, context: str, started: int | None, line: int | None = None
) -> str | None:
    """The words of a YAML parser's message for the mistakes people make, with the fix;
    None for any other message."""
    if "'\\t'" in problem:  # ruamel: "found character '\t' that cannot start any token"
        return "a tab, where YAML allows only spaces; replace it with spaces"
    if problem.startswith("expected <block end>"):
        return (
            "this line's indentation does not fit the lines above it: the keys of one"
            " mapping, and the items of one list, start in the same column"
        )
    if problem == "mapping values are not allowed here":
        return (
            "a ': ' where no value can start: put text that holds ': ' in quotes"
            ' (summary: "…: …"), and check the indentation of this line and the one above'
        )
    if problem.startswith("found undefined alias"):  # a text such as "*Urgent: …"
        return (
            "a value begins with '*', which YAML reads as an alias (*name repeats the value"
            " marked &name), and no value is marked so: if it is text, put the whole text in"
            ' double quotes ("*…"), writing each " inside it as \\"'
        )
    if problem.startswith("found unknown escape character"):  # "C:\\dir" in double quotes
        return (
            'a \\ in double quotes begins an escape (\\n a line break, \\" a quote), and this'
            " one is not: write \\\\ for each backslash, or put the text in single quotes ('…'),"
            " where a \\ is itself and each ' inside is doubled ('')"
        )
    if "end of stream" in problem and "quoted scalar" in context and started is not None:
        return f"the quote opened on line {started} is never closed"
    if problem.startswith(("expected ',' or", "expected the node content")) and "flow" in context:
        return _bracket_open(problem, context, started, line)
    return None


def _bracket_open(problem: str, context: str, started: int | None, line: int | None) -> str | None:
    """A list or mapping in brackets the file ends in, or that goes on into a line below
    where it stops: its '[' or '{' is not closed (the parser says what it expected)."""
    opened, closing = ("{", "}") if "mapping" in context else ("[", "]")
    if "<stream end>" not in problem:
        # only a key read on the line below says the bracket was left open: a list wrapped
        # over lines on purpose, with another mistake in it, keeps the parser's words
        if started is None or line is None or line <= started or "but got ':'" not in problem:
            return None
        return (
            f"the '{opened}' opened on line {started} is not closed on its line, so YAML reads"
            f" on into this one: end it with '{closing}'"
        )
    if "node" in context or started is None:  # no line is named: the file's end
        return (
            "the file ends inside a list or a mapping in brackets ([…] or {…}) that is never"
            " closed: end it with its ']' or '}'"
        )
    return f"the '{opened}' opened on line {started} is never closed: end it with '{closing}'"


# A value after its key (`text: …`, `- text: …`) or a list's item (`- …`): the key, and where
# the value starts. A key that is not a field name (yamlio.is_field_name) may be misplaced
# private text: not matched, so never shown.
_VALUE = re.compile(r"(?P<lead>[ ]*(?:-[ \t]+)*)(?:(?P<key>[A-Za-z0-9_-]{1,40}):[ \t]+)?(?=\S)")

# What YAML reads a value that begins with these as, so that the text cannot go on after
# its end; the end, as the message names it.
_ENDED = {
    "{": ("the start of a mapping ({key: value})", "its '}'"),
    "[": ("the start of a list ([a, b])", "its ']'"),
    '"': ("the start of a quoted text", "the next '\"'"),
    "'": ("the start of a quoted text", 'the next "\'"'),
}

# What YAML reads a value that begins with these as, where its parser stops at once.
_BELOW = "which YAML reads as the start of a text written on the lines below, indented"
_RESERVED = "so no unquoted text may begin with it"
_STARTS = {
    "*": "which YAML reads as an alias (*name repeats the value marked &name)",
    "&": "which YAML reads as an anchor (&name marks a value for *name to repeat)",
    "@": f"which YAML reserves, {_RESERVED}",
    "`": f"which YAML reserves, {_RESERVED}",
    "%": f"which YAML keeps for directives (%YAML), {_RESERVED}",
    "|": _BELOW,
    ">": _BELOW,
    "- ": "which YAML reads as a list item, and a list cannot start on its key's line",
    "? ": "which YAML reads as marking a key (? key), and a key cannot start after a key",
}
_CLOSING = {"{": "}", "[": "]", "'": "'"}
_THEN = {  # what else may be meant, before "or put the whole text in double quotes"
    "|": "write it there, or ",
    ">": "write it there, or ",
    "- ": "start it on the line below, or ",
}


def first_character(text: str, exc: MarkedYAMLError) -> tuple[int, int, str] | None:
    """Where a value begins with a character that YAML reads as something other than
    text, and what to do, when that is why ``text`` could not be parsed; None otherwise."""
    lines = text.removeprefix("\ufeff").split("\n")  # ruamel's marks count from after it
    for mark in (exc.problem_mark, exc.context_mark):
        # the parser stops at the character: '@', an alias, a block scalar's indicator …
        if mark is not None and mark.line < len(lines):
            value = _value(lines[mark.line])
            if value is not None and value[0] == mark.column:
                start, key = value
                rest = lines[mark.line][start:]
                first = rest[0] + " " if re.match(r"[-?](\s|$)", rest) else rest[0]
                if first in _STARTS:
                    return _hint(mark.line, start, key, first, _STARTS[first])
    return _goes_on(lines, exc)


def _goes_on(lines: list[str], exc: MarkedYAMLError) -> tuple[int, int, str] | None:
    """A value begun by a bracket or quote, whose text goes on, on the line where it ends."""
    problem = exc.problem_mark
    if problem is None or problem.line >= len(lines):
        return None
    context = exc.context_mark
    top = context.line if context is not None and context.line <= problem.line else problem.line
    for number in range(problem.line, top - 1, -1):  # up to the line its value starts on
        value = _value(lines[number])
        if value is None:
            continue
        start, key = value
        first = lines[number][start]
        end = _end(lines[: problem.line + 1], number, start) if first in _ENDED else None
        if end is None or end[0] != problem.line or end[1] >= problem.column:
            return None
        what, closing = _ENDED[first]
        said = f"which YAML reads as {what}, so the text cannot go on after {closing}"
        return _hint(number, start, key, first, said)
    return None


def _unclosed(text: str, exc: MarkedYAMLError) -> tuple[int, int, str] | None:
    """A quote opened and not closed on its line, above where the parser stopped: YAML
    read on to the next quote, maybe many lines below, and stopped after it. The line
    of the quote and what to do; None if there is none (or it is never closed)."""
    lines = text.removeprefix("\ufeff").split("\n")
    problem, context = exc.problem_mark, exc.context_mark
    if problem is None or problem.line >= len(lines):
        return None
    top = context.line if context is not None and context.line <= problem.line else 0
    for number in range(top, problem.line):
        value = _value(lines[number])
        if value is None or lines[number][value[0]] not in "\"'":
            continue
        start, key = value
        end = _end(lines[: problem.line + 1], number, start)
        if end is None or end[0] == number:
            continue  # closed on its own line, or never: the parser says that well
        quote = lines[number][start]
        subject = f"the text after '{key}:'" if key else "the list item"
        return (
            number + 1,
            start + 1,
            f"{subject} opens a quote ({quote}) that is not closed on its line, so YAML reads"
            f" on to the next {quote} on line {end[0] + 1} and stops after it: close the"
            f" quote on line {number + 1}",
        )
    return None


def _value(line: str) -> tuple[int, str] | None:
    """Where a value starts on ``line`` (from 0) and its key ("" for a list's item)."""
    match = _VALUE.match(line)
    if match is None or (match["key"] is None and "-" not in match["lead"]):
        return None
    return match.end(), match["key"] or ""


def _end(lines: list[str], number: int, start: int) -> tuple[int, int] | None:
    """The line and column (from 0) of the bracket or quote that ends the one that starts
    at ``start`` on line ``number``, maybe lines below; None if it is not ended."""
    opener = lines[number][start]
    depth, quote, previous = 0, "", opener
    for line_number in range(number, len(lines)):
        line = lines[line_number]
        column = start + 1 if line_number == number else 0
        if line_number == number and opener in "\"'":
            quote = opener
        elif line_number == number:
            depth = 1
        while column < len(line):
            char = line[column]
            if quote == '"' and char == "\\":
                column += 1  # an escaped character
            elif quote and char == quote and line[column + 1 : column + 2] == quote == "'":
                column += 1  # '' is one ' in single quotes
            elif quote and char == quote:
                quote = ""
                if depth == 0:
                    return line_number, column
            elif not quote and char in "\"'" and previous in "[{,:":
                quote = char  # a quoted text inside the brackets
            elif not quote and char in "[{":
                depth += 1
            elif not quote and char in "]}":
                depth -= 1
                if depth == 0:
                    return line_number, column
            if not char.isspace():
                previous = char
            column += 1
    return None


def _hint(line: int, start: int, key: str, first: str, said: str) -> tuple[int, int, str]:
    """The message for a value on ``line`` (from 0) that begins with ``first``."""
    subject = f"the text after '{key}:'" if key else "the list item"
    shape = f"{key}: " if key else "- "
    if first == '"':  # single quotes keep its double quotes as they are
        fix = f"put the whole text in single quotes ({shape}'\"…\" …'),"
        fix += " doubling each ' inside it ('')"
    else:
        example = f"{first}…{_CLOSING[first]} …" if first in _CLOSING else f"{first}…"
        fix = f'put the whole text in double quotes ({shape}"{example}"),'
        fix += ' writing each " inside it as \\"'
    return (
        line + 1,
        start + 1,
        f"{subject} begins with {first!r}, {said}: {_THEN.get(first, '')}{fix}",
    )


# What follows an unquoted value on its line when YAML ends the value there: a space, then
# '#' and more at once ("Article 3 #5", "#hashtag", "##5"). A comment is written "# note"
# or "## note", with a space after its '#'s, so a '#' run into a word is text meant, and
# YAML would drop the rest of the line without a word.
_TIGHT_COMMENT = re.compile(r"[ \t]+(#+)(?=[^\s#])")


def comment_run_in(source: str, end: int) -> int | None:
    """Where (an index of ``source``) a comment run into a word begins right after an
    unquoted value ending at ``end``; None if no such comment follows it."""
    found = _TIGHT_COMMENT.match(source, end)
    return None if found is None else found.start(1)


# A line below an unquoted text that YAML reads as a comment, though indented as the text
# goes on: '#' (or several) run into a word, after blank lines or none.
_COMMENT_LINE_BELOW = re.compile(r"[ \t]*(?:\n[ \t]*)*\n( *)(#+)(?=[^\s#])")


def comment_line_below(source: str, end: int, column: int) -> int | None:
    """Where (an index of ``source``) a '#' run into a word begins on a line below an
    unquoted text ending at ``end``, indented past ``column`` (its key's or list item's),
    so that it reads as the text going on; None if there is none."""
    found = _COMMENT_LINE_BELOW.match(source, end)
    if found is None or len(found.group(1)) <= column:
        return None  # at the key's column or left of it: a comment, or a key commented out
    return found.start(2)


# '? ' marking a key (YAML's "explicit key"), just before where the key begins on its line:
# a list item or a line begun so is a mapping, its words a key, never a text.
_KEY_MARK = re.compile(r"\?[ \t]*")  # with no space, an empty key: '- ?' alone


# '?' alone at the end of a line (before a comment, if any), after its indentation or a
# list item's '- ': a mark whose key is on a line below, or is empty (the '?' is lost)
_KEY_MARK_ALONE = re.compile(r"[ \t]*(?:-[ \t]+)*(\?)[ \t]*(?:#.*)?")
_BLANK_OR_COMMENT = re.compile(r"[ \t]*(?:#.*)?")


def key_mark(source: str, key_start: int, since: int = 0) -> int | None:
    """Where (an index of ``source``) the '? ' that marks the key beginning at ``key_start``
    stands: on the key's line, or alone at the end of a line above it, with only blank
    lines and comments between; None if no '? ' marks it. ``since`` is where the key's
    pair may begin (its mapping's start, or the end of the value before it): a '?' before
    it belongs to that value, such as the last line of a text written as a block (``|``)."""
    line_start = source.rfind("\n", 0, key_start) + 1
    at = source.rfind("?", max(line_start, since), key_start)
    if at >= 0 and _KEY_MARK.fullmatch(source, at, key_start) is not None:
        return at
    if source[line_start:key_start].strip(" \t"):
        return None
    while line_start > since:  # the lines above, up to the mark
        end = line_start - 1
        line_start = source.rfind("\n", 0, end) + 1
        alone = _KEY_MARK_ALONE.fullmatch(source, line_start, end)
        if alone is not None:
            return alone.start(1) if alone.start(1) >= since else None
        if _BLANK_OR_COMMENT.fullmatch(source, line_start, end) is None:
            return None
    return None


def key_marked(line: str, column: int) -> str:
    """The message for a '? ' at ``column`` (from 0) of ``line`` that marks a key where a
    text was most likely meant ("- ? what"): YAML reads a mapping there."""
    subject, shape = _unquoted(line, column)
    subject = "a text" if subject == "an unquoted text" else subject
    return (
        f"{subject} begins with '? ', which YAML reads as marking a key (? key), so its words"
        f' are read as a key, not as text: put the whole text in double quotes ({shape}"? …"),'
        ' writing each " inside it as \\"'
    )


def _unquoted(line: str, column: int) -> tuple[str, str]:
    """How a message names the unquoted value starting at ``column`` (from 0) of ``line``
    ("the text after 'summary:'", "the list item", "an unquoted text"), and how it is
    written before its quotes ("summary: ", "- ", nothing)."""
    value = _value(line)
    key = value[1] if value is not None and value[0] == column else None
    if key is None:
        return "an unquoted text", ""
    if key == "":
        return "the list item", "- "
    return f"the text after '{key}:'", f"{key}: "


def dropped_below(line: str, column: int) -> str:
    """The message for an unquoted value starting at ``column`` (from 0) of ``line`` with a
    line below it that begins with a '#' run into a word, which YAML reads as a comment."""
    subject, _shape = _unquoted(line, column)
    return (
        f"a line indented under {subject} begins with '#' and a word, which YAML reads as a"
        " comment, so the line is left out of the text: put the whole text in double quotes,"
        ' writing each " inside it as \\"; a comment needs a space after its #'
    )


def dropped_after_hash(line: str, column: int) -> str:
    """The message for an unquoted value starting at ``column`` (from 0) of ``line`` whose
    line goes on with a '#' run into a word, which YAML reads as a comment."""
    subject, shape = _unquoted(line, column)
    return (
        f"{subject} goes on with ' #' and a word, which YAML reads as a comment, so the rest"
        f' of the line is left out of the text: put the whole text in double quotes ({shape}"…'
        ' #…"), writing each " inside it as \\"; a comment needs a space after its #'
    )


def anchor_unused(line: str, column: int) -> str:
    """The message for an anchor of a text at ``column`` (from 0) of ``line`` that no alias
    repeats: most often the first word of a text that begins with '&' ("&Urgent: …"),
    dropped."""
    value = _value(line)
    if value is not None and value[0] == column:
        said = _STARTS["&"] + ", and nothing repeats it, so its first word is left out"
        return _hint(0, column, value[1], "&", said)[2]
    return (
        "a text begins with '&', which YAML reads as an anchor (&name marks a value for *name"
        " to repeat), and nothing repeats it, so its first word is left out: put the whole"
        ' text in double quotes ("&…"), writing each " inside it as \\"'
    )


# A character refused in a text (control, line break, lone surrogate, noncharacter): in a
# double-quoted text, from an escape or not.
CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{NONCHARACTERS}]")
# An escape that writes one (\n, \t, \a, \x07 …), once each \\ is taken out.
_CONTROL_ESCAPE = re.compile(r"\\[0abtnvfreNxuU\t]")


def double_quoted(source: str, start: int) -> str:
    """The double-quoted text that begins at ``start`` of ``source``, as written with its
    escapes; "" if no double quote begins there."""
    if source[start : start + 1] != '"':
        return ""
    end = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL).match(source, start)
    return end.group() if end else ""


def escaped_control(written: str) -> bool:
    """Whether a double-quoted text ``written`` has an escape that makes a control
    character or line break ("C:\\new" is a line break the writer did not mean)."""
    return _CONTROL_ESCAPE.search(written.replace("\\\\", "")) is not None


# A plain key up to the colon that ends it (``12:30: x`` has the key ``12:30``).
_PLAIN_KEY = re.compile(r"\s*(.+?)\s*:(?:\s|$)")


def written_key(key: object, source: list[str], line: int, column: int | None) -> str:
    """A key YAML read as other than text (``yes`` as true, ``0x1F`` as 31) as the file
    writes it, so that a message names what the user sees; ``str(key)`` if not found."""
    found = _PLAIN_KEY.match(source[line][column:]) if column is not None else None
    return found.group(1) if found else str(key)
