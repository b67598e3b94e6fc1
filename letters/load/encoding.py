"""The words for a file that cannot be read as text: not UTF-8 (where, which byte, and how to
save it again), a folder in its place, no permission, or a line end that hides a line."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from letters.errors import LettersError, TemplateProblem
from letters.files.size_limits import MAX_TEMPLATE_BYTES, TEMPLATE_TOO_LARGE, read_at_most

__all__ = [
    "FOLDER_NOT_FILE",
    "LONE_CARRIAGE_RETURN",
    "NOT_A_FILE",
    "UNMARKED_UTF16",
    "cannot_read",
    "lone_carriage_return",
    "not_utf8",
    "read_input",
    "read_template",
    "unmarked_utf16",
    "unreadable",
]

FOLDER_NOT_FILE = (
    "a folder where a file is read: rename or remove the folder, and put the file in its place"
)
"""What a problem says of a folder found where letters reads a file (its name goes before)."""

NOT_A_FILE = "not a regular file (a device, a pipe or a socket); put the file itself in its place"
"""What a problem says of a pipe, device or socket where letters reads a file."""


LONE_CARRIAGE_RETURN = (
    "a carriage return alone (U+000D) ends a line here, where the other lines end with a"
    " line feed, so a terminal shows the line after it over this one; delete it, or save"
    " the file again"
)
"""What a problem says of the line :func:`lone_carriage_return` finds."""


def lone_carriage_return(text: str) -> int | None:
    """The line (from 1) that a carriage return alone ends, in a ``text`` whose lines end
    with a line feed; None if none does. Read as a line break, it makes a terminal or a diff
    draw the line after it over the line before: a reviewer saw one line, and the file is
    read as two. Only a carriage return followed by text is one: CR CR LF (a CRLF file
    converted twice, or written by Python's csv on Windows) and a CR at the end draw over
    nothing. A file whose line ends are more often carriage returns alone (old Mac editors,
    Excel's "CSV (Macintosh)", an LF in a cell or at the end of it) is read as it is."""
    lone = list(_CR_BEFORE_TEXT.finditer(text))
    if not lone or len(lone) > len(_LINE_FEED_ENDS.findall(text)):
        return None
    return text.count("\n", 0, lone[0].start()) + 1


# A carriage return that a line's text follows, and a line feed with the CRs before it.
_CR_BEFORE_TEXT = re.compile(r"\r(?=[^\r\n])")
_LINE_FEED_ENDS = re.compile(r"\r*\n")


def not_utf8(data: bytes, exc: UnicodeDecodeError, declared: str | None = None) -> tuple[int, str]:
    """The line of ``data`` (from 1) that is not UTF-8, and the words for it: the column
    and the byte (``exc`` is of decoding ``data`` itself, as UTF-8 without a BOM), and for
    Cyrillic text saved as Windows-1251 (Notepad, older Word) how to save it again. The
    text itself is not shown: it may be private.

    ``declared`` is the charset a catalog's header names, when not UTF-8 (``KOI8-R``): the
    file is taken to be in it, as gettext takes it, and is to be saved as UTF-8 with a
    header that says so."""
    line = data.count(b"\n", 0, exc.start) + 1
    start = data.rfind(b"\n", 0, exc.start) + 1
    # in characters, as an editor counts them; what stands before the byte is UTF-8 text
    column = len(data[start : exc.start].decode("utf-8", "replace")) + 1
    said = f"not UTF-8 text: column {column} has the byte 0x{data[exc.start]:02X}"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return line, f"{said}, as in text saved as UTF-16 ('Unicode' in Notepad): save it as UTF-8"
    if declared is None:
        return line, _saved_as(data, said)
    try:
        data.decode(declared)
    except (LookupError, ValueError):  # not an encoding Python knows, or not in it either
        header = f"set charset=UTF-8 in its header (it says charset={declared})"
        return line, f"{_saved_as(data, said)}, and {header}"
    return line, (
        f"{said}, as in text saved as {declared}, the charset its header names: open the"
        f" file as {declared}, then save it as UTF-8 with charset=UTF-8 in its header"
        " ('msgconv -t UTF-8' does both)"
    )


UNMARKED_UTF16 = (
    "not UTF-8 text: every other byte is 0x00, as in text saved as UTF-16 without a byte"
    " order mark: save it as UTF-8"
)
"""What a problem says, at line 1, of text saved as UTF-16 without a byte order mark."""


def unmarked_utf16(data: bytes) -> bool:
    """Whether ``data`` is text saved as UTF-16 without a byte order mark: its ASCII
    characters are a byte and a 0x00, all the 0x00 bytes on one side of each pair. Such
    text is valid UTF-8 too, so it would be read as text full of U+0000 controls."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False  # not valid UTF-8: its mark is named where it stands
    head = data[:65536]
    zeros_even, zeros_odd = head[0::2].count(0), head[1::2].count(0)
    return (zeros_even == 0) != (zeros_odd == 0) and max(zeros_even, zeros_odd) * 4 >= len(
        head
    ) // 2


def _saved_as(data: bytes, said: str) -> str:
    """``said`` of text not UTF-8, with how to save it again (as Windows-1251 or KOI8-R
    if it is Cyrillic text in one of them: the one whose reading is mostly lower case,
    as text is; KOI8-U for Ukrainian letters in KOI8)."""
    found: list[tuple[int, bool, str]] = []  # a tie (capitals only): Windows-1251
    for name, codec in (("Windows-1251", "cp1251"), ("KOI8-R", "koi8_u")):
        try:
            beyond = [c for c in data.decode(codec) if not c.isascii()]
        except UnicodeDecodeError:
            continue
        cyrillic = [c for c in beyond if "\u0400" <= c <= "\u04ff" and c.isalpha()]
        if len(cyrillic) >= 3 and len(cyrillic) * 10 >= len(beyond) * 9:  # words, not bytes
            if codec == "koi8_u" and any(c in "іїєґІЇЄҐ" for c in cyrillic):
                name = "KOI8-U"
            found.append((sum(c.islower() for c in cyrillic), codec == "cp1251", name))
    if found:
        return (
            f"{said}, as in Cyrillic text saved as {max(found)[2]}: open the file as that"
            " encoding, then save it as UTF-8"
        )
    return f"{said}; save it as UTF-8"


def cannot_read(exc: OSError) -> str:
    """What a problem says of a file that could not be read (its name goes before it): a
    folder in its place, or the system's reason (``Permission denied``)."""
    if isinstance(exc, IsADirectoryError):
        return FOLDER_NOT_FILE
    return f"cannot read: {exc.strerror or type(exc).__name__}"


def unreadable(path: Path) -> str | None:
    """Why the file ``path``, which is there, cannot be read (its name goes before it): not
    a regular file (a pipe, a device: opening one would wait for a writer for ever), a
    folder, no permission; None if it can be. It is opened, never read."""
    if not path.is_file() and not path.is_dir():
        return NOT_A_FILE
    try:
        with path.open("rb"):
            return None
    except OSError as exc:
        return cannot_read(exc)


def read_input(path: Path, label: str) -> bytes:
    """The bytes of the workspace's file ``path`` (``label`` as messages name it); one that
    cannot be read (no permission, a folder) is named so, not by the system's whole path."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise LettersError(f"{label}: {cannot_read(exc)}") from None


def read_template(path: Path, label: str) -> bytes:
    """The bytes of the template ``path``, as :func:`read_input` reads a file; one over
    :data:`~letters.files.size_limits.MAX_TEMPLATE_BYTES` is refused unread (a sparse
    file of a gigabyte was read whole, then found to be no Word document)."""
    try:
        data = read_at_most(path, MAX_TEMPLATE_BYTES)
    except OSError as exc:
        raise LettersError(f"{label}: {cannot_read(exc)}") from None
    if data is None:
        raise TemplateProblem(f"{label}: {TEMPLATE_TOO_LARGE}")
    return data
