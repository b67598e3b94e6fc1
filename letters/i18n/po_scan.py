"""A line-by-line reading of a .po file, before Babel reads it.

Babel quietly accepts some broken files (a string with a missing quote loses a
letter; of two entries for the same message the first wins), so every line is
checked here first, the way GNU msgfmt checks it; the header's fields are read
with the line each starts on, and every entry's ``msgstr`` lines are noted (Babel
gives only the line of the ``msgid``, and a translator fixes a translation where
it is written).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from letters.files.conflicts import MERGE_CONFLICT, first_conflict_marker

_PO_KEYWORD = re.compile(r"(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])[ \t]+(.*)")
_PO_STRING = re.compile(r'"(?:[^"\\]|\\.)*"[ \t]*')
_PO_ESCAPE = re.compile(r"\\(.)")
# the fields gettext tools write in a header (X-Generator and every X- field too, such as
# Poedit's X-Poedit-SearchPath-0), longest first where one name begins another
_FIELD_NAMES = (
    r"(Project-Id-Version|Report-Msgid-Bugs-To|POT-Creation-Date|PO-Revision-Date"
    r"|Last-Translator|Language-Team|Language|MIME-Version|Content-Type"
    r"|Content-Transfer-Encoding|Plural-Forms|Generated-By|X-[A-Za-z0-9-]+):"
)
# a field that lost its \n has the next one's joined to it: glued to its text, or (a field
# left empty, as Poedit writes "Language-Team: ") in place of its value
_HEADER_NAME = re.compile(rf"(?<=\S){_FIELD_NAMES}")
_HEADER_NAME_FIRST = re.compile(_FIELD_NAMES)
_PO_UNESCAPE = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r"}


@dataclass
class PoScan:
    """What a line-by-line reading of a .po file found, before Babel reads it.

    ``header`` maps each field of the header entry, by its lower-case name
    (``plural-forms``…), to its value and the line it starts on; ``header_line`` is the line of that
    entry's ``msgid``. ``msgstr_lines`` gives, for each entry by its ``(msgctxt, msgid)`` (the
    singular msgid of a plural), the line of its ``msgstr`` as form 0, or of each
    ``msgstr[n]`` as form n. ``header_text`` is the header entry's msgstr, every field as
    it is written (Babel keeps only the fields it knows).
    """

    header: dict[str, tuple[str, int]] = field(default_factory=dict)
    header_line: int | None = None
    header_text: str | None = None
    msgstr_lines: dict[tuple[str | None, str], dict[int, int]] = field(default_factory=dict)


@dataclass
class _Entry:
    line: int
    last: str = ""
    strings: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


# GNU gettext reads \x and octal escapes as bytes (\xe2\x80\x99 is ’; \x takes every hex
# digit after it, keeping the last byte), and no .po has \u escapes (a program's string
# does); letters reads none of them, so that a translation is the text any editor shows:
# the translator is told the character to type instead
_BYTE_ESCAPES = re.compile(r"(?:\\(?:x[0-9A-Fa-f]+|[0-7]{1,3}))+")
_CODE_POINT = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")


def _meant(inner: str, at: int) -> tuple[str, str] | None:
    """The escape that starts at ``inner[at]`` (its backslash) as typed, and the printable
    text it stands for in a program's string (``\\u2019``) or to msgfmt (bytes,
    ``\\xe2\\x80\\x99``, ``\\101``); None where it stands for none."""
    code_point = _CODE_POINT.match(inner, at)
    if code_point:
        try:
            meant = chr(int(code_point.group(1) or code_point.group(2), 16))
        except ValueError:  # past U+10FFFF
            return None
        typed = code_point.group(0)
    else:
        byte_escapes = _BYTE_ESCAPES.match(inner, at)
        if byte_escapes is None:
            return None
        typed = byte_escapes.group(0)
        pieces = typed.split("\\")[1:]
        data = bytes((int(p[1:], 16) if p[0] == "x" else int(p, 8)) & 0xFF for p in pieces)
        try:
            meant = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if not meant.isprintable() or meant.isspace():
        return None
    return typed, meant


def _escape_problem(inner: str, at: int) -> str:
    """What is wrong with the unsupported escape at ``inner[at]`` (its backslash), and how
    to write what it was typed for."""
    escape = inner[at + 1]
    if escape == "'":  # as in a program's string; a .po needs none
        return "unsupported escape \\'; an apostrophe is written without a backslash in a .po file"
    meant = _meant(inner, at)
    if meant is not None:
        typed, text = meant
        itself = "the character itself" if len(text) == 1 else "the characters themselves"
        return f"unsupported escape {typed}; type {itself} ('{text}') in a .po file"
    return f"unsupported escape \\{escape}; a backslash is written \\\\ in a .po file"


def scan_po(text: str) -> PoScan:
    """Check every line of a .po file and read its header; raise :class:`PoSyntaxError`.

    Babel quietly accepts a string with a missing quote (and drops a letter of
    it) and keeps the first of two entries for the same message, so every line
    is checked here first. Lines end at a line feed only: a vertical tab, form
    feed or U+2028 inside a string belongs to that string, and is reported as
    the character it is when the translation is checked. An obsolete (``#~``) entry
    for a message the file also has is refused, as msgfmt refuses it. A merge conflict left
    in the file is named at its first marker line, before any other line is judged.
    """
    conflict = first_conflict_marker(text)
    if conflict is not None:
        raise PoSyntaxError(conflict, MERGE_CONFLICT)
    scan, seen = _scan(text)
    # the obsolete entries alone, on their own lines (a broken one is left to msgfmt)
    old = [line.lstrip(" \t") for line in text.split("\n")]
    old = [line[2:] if line.startswith("#~") and not line.startswith("#~|") else "" for line in old]
    try:
        _scan_old, obsolete = _scan("\n".join(old))
    except PoSyntaxError:
        return scan
    for (context, msgid), line in obsolete.items():
        if msgid and (context, msgid) in seen:
            raise PoSyntaxError(
                line,
                f"an obsolete (#~) entry repeats the entry at line {seen[(context, msgid)]}:"
                " delete one of them (keep the translation you want)",
            )
    return scan


def _scan(text: str) -> tuple[PoScan, dict[tuple[str | None, str], int]]:
    """``scan_po`` without the obsolete entries: the scan, and each entry's key and line."""
    scan = PoScan()
    seen: dict[tuple[str | None, str], int] = {}
    entry: _Entry | None = None

    def finish(done: _Entry | None) -> None:
        if done is None:
            return
        if "msgid" not in done.strings:
            raise PoSyntaxError(done.line, "msgctxt without a msgid after it")
        msgid = "".join(value for value, _ in done.strings["msgid"])
        context = (
            "".join(value for value, _ in done.strings["msgctxt"])
            if "msgctxt" in done.strings
            else None
        )
        key = (context, msgid)
        if key in seen:  # named by its line: its English may be a private text
            raise PoSyntaxError(
                done.line, f"a second entry for the message at line {seen[key]}: keep one of them"
            )
        seen[key] = done.line
        scan.msgstr_lines[key] = {
            int(keyword[7:-1] or 0): parts[0][1]  # "msgstr" is form 0, "msgstr[2]" form 2
            for keyword, parts in done.strings.items()
            if keyword.startswith("msgstr")
        }
        if key == (None, "") and scan.header_line is None:
            scan.header_line = done.line
            scan.header = _header_fields(done.strings.get("msgstr", []))
            scan.header_text = "".join(value for value, _ in done.strings.get("msgstr", []))

    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.removesuffix("\r").strip(" \t")
        if not stripped or stripped.startswith("#"):
            continue
        match = _PO_KEYWORD.fullmatch(stripped)
        if not match and not stripped.startswith('"'):
            raise PoSyntaxError(number, "expected msgid, msgstr, msgctxt or a quoted string")
        quoted = match.group(2) if match else stripped
        if not _PO_STRING.fullmatch(quoted):
            raise PoSyntaxError(number, _string_error(quoted))
        inner = quoted.rstrip(" \t")[1:-1]
        for escape in _PO_ESCAPE.finditer(inner):
            if escape.group(1) not in _PO_UNESCAPE:
                raise PoSyntaxError(number, _escape_problem(inner, escape.start()))
        value = _PO_ESCAPE.sub(lambda m: _PO_UNESCAPE[m.group(1)], inner)
        if match is None:
            if entry is None or not entry.last:
                raise PoSyntaxError(number, "a string that belongs to no msgid or msgstr")
            entry.strings[entry.last].append((value, number))
            continue
        keyword = match.group(1)
        if keyword == "msgctxt" or (
            keyword == "msgid" and (entry is None or entry.last != "msgctxt")
        ):
            finish(entry)
            entry = _Entry(number)
        elif entry is None:
            raise PoSyntaxError(number, f"{keyword} before any msgid")
        if keyword == "msgid":
            entry.line = number
        _check_keyword(entry, keyword, number)
        entry.last = keyword
        entry.strings[keyword] = [(value, number)]
    finish(entry)
    return scan, seen


def _string_error(quoted: str) -> str:
    """Why a line's text is not one quoted string: a straight quote typed inside it, which
    ends the string early, or a quote missing at its start or end."""
    first = _PO_STRING.match(quoted)
    if first and quoted[first.end() :].strip(" \t"):
        return (
            'a double quote inside the text ends it early; write it as \\"'
            " (or use the language's quotation marks, «…»)"
        )
    return "the text must be one string in double quotes (is a quote missing?)"


def _check_keyword(entry: _Entry, keyword: str, number: int) -> None:
    """Refuse what msgfmt refuses and Babel would silently resolve by dropping a string."""
    if keyword in entry.strings:
        raise PoSyntaxError(number, f"a second {keyword} in one entry; keep one of them")
    if keyword.startswith("msgstr[") and "msgid_plural" not in entry.strings:
        raise PoSyntaxError(number, f"{keyword} without a msgid_plural; write msgstr")
    if keyword == "msgstr" and "msgid_plural" in entry.strings:
        raise PoSyntaxError(number, "an entry with msgid_plural needs msgstr[0], msgstr[1]…")
    if keyword not in ("msgctxt", "msgid") and "msgid" not in entry.strings:
        raise PoSyntaxError(number, f"{keyword} before the entry's msgid")


def _header_fields(parts: list[tuple[str, int]]) -> dict[str, tuple[str, int]]:
    """The header's ``Name: value`` fields, each with the .po line it starts on.

    Names are matched without regard to case and a line that starts with white space
    continues the field above it, as in an e-mail header (and as Babel reads it). A field
    given twice is refused: gettext uses the first, Babel the last.
    """
    text = "".join(value for value, _ in parts)
    offsets, position = [], 0
    for value, number in parts:
        offsets.append((position, number))
        position += len(value)
    fields: dict[str, tuple[str, int]] = {}
    last: str | None = None
    start = 0
    for line in text.split("\n"):
        number = next((n for offset, n in reversed(offsets) if offset <= start), 0)
        start += len(line) + 1
        if line[:1] in (" ", "\t") and last is not None:
            value, first = fields[last]
            fields[last] = (f"{value} {line.strip()}".strip(), first)
            continue
        name, colon, value = line.partition(":")
        key = name.strip().lower()
        if not colon or not key:
            continue
        run_on = _HEADER_NAME.search(value) or _HEADER_NAME_FIRST.match(value.strip())
        if run_on:  # its \n lost or mistyped (/n, \ n): gettext reads the next field as its value
            raise PoSyntaxError(
                number,
                f"the header field {name.strip()} runs on into {run_on.group(1)}: the \\n that"
                f" ends it is missing; end the line of {name.strip()} with \\n, as every"
                " header field ends",
            )
        if key in fields:
            raise PoSyntaxError(
                number,
                f"the header gives {name.strip()} twice (first at line {fields[key][1]});"
                " gettext reads the first and other tools the last: keep one",
            )
        fields[key] = (value.strip(), number)
        last = key
    return fields


class PoSyntaxError(ValueError):
    """Raised by :func:`scan_po` for a line that is not valid .po syntax."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"{line}: {reason}")
        self.line = line
        self.reason = reason
