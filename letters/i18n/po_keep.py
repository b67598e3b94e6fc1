"""Keeping a translator's file as their tool wrote it, entry by entry.

``letters i18n update`` writes a catalog through Babel, which wraps long strings and
comments its own way; Poedit, msgcat and msgmerge wrap at 79 columns and break lines at
other places. Written as Babel writes it, one changed English sentence made every long
entry of the file change too: a diff nobody could review, and a merge conflict for two
translators who each changed one entry. Here every entry that means the same as one of the
file's (the same strings, flags, comments and references, however they are wrapped) is
written exactly as the file had it; only new and changed entries take Babel's form. An
entry whose only change is in what the tool writes for it (its references, ``#:``, moved by
a line added above its text in the case file; its ``#.`` notes) keeps the file's lines
but for those: a line added near the top of a case file moves every reference below it.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog

__all__ = ["holds_texts", "kept_as_written", "same_texts"]

_BLANK = re.compile(r"\n[ \t]*\n+")  # entries are separated by one blank line or more
_DATE = re.compile(r'^"POT-Creation-Date: [^"\\]*\\n"$', re.MULTILINE)
# Marks of lines that hold keywords and strings rather than comment text: an obsolete
# entry (#~), the English a fuzzy translation was made for (#|), and both (#~|).
_MARKS = ("#~|", "#~ |", "#~", "#|")

Signature = tuple[tuple[str, str], ...]


def kept_as_written(new: bytes, written: bytes) -> bytes:
    """``new`` (a catalog as :func:`letters.i18n.po_write.po_bytes` writes it: line feeds,
    entries separated by a blank line) with each entry that has its like in ``written``
    (the file's bytes, line feeds or CRLF) as the file has it; the header too, but for its
    POT-Creation-Date, which is taken from ``new``."""
    text = new.decode("utf-8")
    ending = "\n" if text.endswith("\n") else ""
    ours = _BLANK.split(text.strip("\n"))
    theirs = _BLANK.split(written.decode("utf-8").replace("\r\n", "\n").strip("\n"))
    kept = {_signature(block): block for block in theirs[1:]}
    moved = {_translated(block): block for block in theirs[1:]}
    # msgmerge and Poedit keep a #~ entry as it is, and no tool checks its format: only
    # Babel's reader flags it anew, so a flag the file lacks is no change of the entry
    obsolete = {_unflagged(block): block for block in theirs[1:] if _obsolete(block)}
    out = [_header(ours[0], theirs[0])] if ours else []
    for block in ours[1:]:
        if _signature(block) in kept:
            out.append(kept[_signature(block)])
        elif _obsolete(block) and _unflagged(block) in obsolete:
            out.append(obsolete[_unflagged(block)])
        elif _translated(block) in moved:
            out.append(_with_tool_comments(moved[_translated(block)], block))
        else:
            out.append(block)
    return ("\n\n".join(out) + ending).encode("utf-8")


_TOOL_COMMENTS = ("#.", "#:")  # what extract writes for an entry; the translator never does


def _translated(block: str) -> Signature:
    """What an entry says but for the comments the tool writes (its notes, its references)."""
    return tuple(item for item in _signature(block) if item[0] not in _TOOL_COMMENTS)


def _with_tool_comments(theirs: str, ours: str) -> str:
    """The file's entry ``theirs`` with the notes and references of ``ours`` in the place of
    its own (or, where it has none, after its translator comments)."""
    lines = theirs.split("\n")
    is_tool = [line.lstrip().startswith(_TOOL_COMMENTS) for line in lines]
    at = next(
        (n for n, tool in enumerate(is_tool) if tool),
        next((n for n, line in enumerate(lines) if not _translator_comment(line)), len(lines)),
    )
    new = [line for line in ours.split("\n") if line.lstrip().startswith(_TOOL_COMMENTS)]
    rest = [line for line, tool in zip(lines, is_tool, strict=True) if not tool]
    before = sum(1 for tool in is_tool[:at] if not tool)
    return "\n".join([*rest[:before], *new, *rest[before:]])


_FORMAT_FLAGS = frozenset({"python-format", "python-brace-format"})


def _obsolete(block: str) -> bool:
    """Whether an entry is obsolete: its keywords all behind ``#~``."""
    lines = [line.lstrip() for line in block.split("\n") if line.strip()]
    return any(line.startswith("#~") for line in lines) and all(
        line.startswith("#") for line in lines
    )


def _unflagged(block: str) -> Signature:
    """What an entry says but for its format flags."""
    out = []
    for kind, text in _signature(block):
        if kind == "#,":
            text = ", ".join(f for f in text.split(", ") if f not in _FORMAT_FLAGS)
            if not text:
                continue
        out.append((kind, text))
    return tuple(out)


def _translator_comment(line: str) -> bool:
    line = line.lstrip()
    return line.startswith("#") and not line.startswith(("#.", "#:", "#,", "#|", "#~"))


def _header(ours: str, theirs: str) -> str:
    """The file's header entry if it says what ours says but for the POT-Creation-Date,
    with our date in it; else ours."""
    if _signature(_DATE.sub("", ours)) != _signature(_DATE.sub("", theirs)):
        return ours
    dates = _DATE.findall(ours)
    if len(dates) != 1 or len(_DATE.findall(theirs)) != 1:
        return ours if dates or _DATE.findall(theirs) else theirs
    return _DATE.sub(lambda _: dates[0], theirs)


def _signature(block: str) -> Signature:
    """What an entry says, whatever its wrapping: each keyword with its whole string
    (continuation lines joined), each kind of comment with its words, the flags as a set."""
    out: list[list[str]] = []
    for raw in block.split("\n"):
        line = raw.strip()
        if not line:
            continue
        mark = next((m for m in _MARKS if line.startswith(m)), "")
        if mark:
            line = line[len(mark) :].lstrip()
            mark = mark.replace(" ", "")
        if not mark and line.startswith("#"):
            kind = line[:2] if line[1:2] in (".", ":", ",") else "#"
            words = line[len(kind) :].strip()
            if kind == "#,":
                out.append([kind, ", ".join(sorted(f.strip() for f in words.split(",")))])
            elif out and out[-1][0] == kind:  # a comment wrapped over several lines
                out[-1][1] = f"{out[-1][1]} {words}".strip()
            else:
                out.append([kind, words])
            continue
        if line.startswith('"') and out:  # a string continued
            out[-1][1] += line[1:-1]
            continue
        keyword, _, rest = line.partition(" ")
        rest = rest.strip()
        out.append([mark + keyword, rest[1:-1] if rest.startswith('"') else rest])
    return tuple((kind, text) for kind, text in out)


def same_texts(one: Catalog, other: Catalog) -> bool:
    """Whether two catalogs hold the same English texts (contexts, msgids and plurals),
    however a Babel release wrote their headers, flags and comments."""

    def texts(catalog: Catalog) -> set[tuple[str | None, tuple[str, ...]]]:
        return {
            (m.context, (m.id,) if isinstance(m.id, str) else tuple(m.id)) for m in catalog if m.id
        }

    return texts(one) == texts(other)


def holds_texts(pot: Path, label: str, template: Catalog) -> bool | None:
    """Whether the .pot at ``pot`` (shown as ``label``) holds ``template``'s English texts;
    False for a .pot that is missing or cannot be read, None for one over the catalog size
    limit, which is not read (:data:`letters.files.size_limits.POT_TOO_LARGE`)."""
    from letters.errors import LettersError
    from letters.files.size_limits import MAX_CATALOG_BYTES, read_at_most
    from letters.i18n.po_read import read_catalog_scanned

    try:
        if not pot.is_file():
            return False
        data = read_at_most(pot, MAX_CATALOG_BYTES)
        if data is None:
            return None
        return same_texts(read_catalog_scanned(pot, label, None, data)[0], template)
    except (LettersError, OSError):
        return False
