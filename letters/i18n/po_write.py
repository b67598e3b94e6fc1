"""Writing a catalog back as gettext tools and translators expect it.

Babel's reader forgets some of what a translator's file holds, and its writer changes
more than the entries: here the catalog is written as msgmerge would write it.

- The header keeps every field of the file (``X-Generator``, ``X-Poedit-Bookmarks``,
  ``Language-Team``…), spelt and ordered as it was; only POT-Creation-Date, which says
  which .pot the catalog was merged from, is the tool's to change.
- The comment lines above the header are the file's, as written: Babel's writer fills
  in its template's words in them ("Translations template" becomes "Ukrainian
  translations", YEAR a year), changing a translator's lines nobody asked it to.
- A fuzzy entry keeps its ``#|`` lines (the English its translation was made for,
  context included), an obsolete one its flags and ``#~|`` lines.
- An obsolete entry is wrapped as the live ones, to the same width.
- A file with Windows line ends (CRLF) keeps them, so a translator's diff shows only
  what changed.
- A file is rewritten only when an entry changed, never over a save made after it was
  read, and through a symbolic link to the file it points to, with its permissions.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from string import Formatter

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import normalize, unescape, write_po

from letters.errors import LettersError, TranslationError
from letters.files.atomic import rewrite_bytes
from letters.files.size_limits import (
    CATALOG_TOO_LARGE,
    MAX_CATALOG_BYTES,
    POT_TOO_LARGE,
    read_at_most,
)
from letters.files.together import Rewrites
from letters.i18n.placeholders import PLACEHOLDER

WIDTH = 100
EntryKey = tuple[str, str | None]  # (msgid, msgctxt): the singular msgid of a plural


def entry_key(message: Message) -> EntryKey:
    """The key an entry is found by, whatever becomes of its plural: (msgid, msgctxt)."""
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return (msgid, message.context)


def format_flagged(po: bytes) -> int:
    """How many entries of a written .po file are flagged ``python-format`` (as the file
    says: Babel's reader sets the flag from the msgid alone)."""
    flagged = (line.split(b",") for line in po.split(b"\n") if line.startswith(b"#,"))
    return sum(b"python-format" in (flag.strip() for flag in flags) for flags in flagged)


def po_bytes(
    catalog: Catalog,
    header: str | None = None,
    previous_contexts: Mapping[EntryKey, str] | None = None,
) -> bytes:
    """``catalog`` as a .po file (line feeds), with the ``#|`` lines of its fuzzy entries.

    ``header`` is the header entry's text as the catalog's file had it: its fields are
    kept (see :func:`merged_header`). ``previous_contexts`` gives the ``#| msgctxt`` of
    the entries that have one.
    """
    _format_flags(catalog)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, include_previous=False, ignore_obsolete=False)
    data = _with_previous(buffer.getvalue(), catalog, previous_contexts or {})
    if header is None:
        return data
    data = _with_comment(data, header_comment_as_read(catalog))
    return _with_header(data, merged_header(header, catalog))


def header_comment_as_read(catalog: Catalog) -> str:
    """The comment lines above ``catalog``'s header as its file has them.

    Babel's ``header_comment`` fills in its template's placeholders (PROJECT, VERSION,
    YEAR, ORGANIZATION) and turns "Translations template" into the language's name:
    right for a .pot it writes itself, wrong for a translator's file, such as one begun
    as a copy of the .pot, whose lines are the translator's to change."""
    raw = getattr(catalog, "_header_comment", None)
    return raw if isinstance(raw, str) else catalog.header_comment


def _with_comment(data: bytes, kept: str) -> bytes:
    """``data`` with the header comment ``kept`` in place of the one Babel wrote.

    Babel wraps a comment line longer than the width (at spaces only, never at a hyphen
    of a name or URL); the lines it wrote are found by what they are, not counted by
    wrapping again, so none of them is left under the kept ones. Its ``#,`` line (the
    header's fuzzy flag) follows the comment and stays."""
    lines = data.decode("utf-8").split("\n")
    at = next(n for n, line in enumerate(lines) if not line.startswith("#"))
    if not lines[at]:  # an empty comment: Babel wrote an empty line for it
        at += 1
    flags = [line for line in lines[:at] if line.startswith("#,")]
    return "\n".join([*kept.splitlines(), *flags, *lines[at:]]).encode("utf-8")


def _format_flags(catalog: Catalog) -> None:
    """Keep ``python-format`` only on messages that are %-formatted: those with a named
    placeholder (``%(name)s``). Babel guesses the flag from any ``%`` followed by a letter,
    so a case text such as "rose to 5% in 2019" got it, and ``msgfmt -c`` (and Poedit on
    saving) then refused its right translation ("до 5% у 2019 р."), while the "fix" it
    asks for, ``5%%``, would be printed as it is: a case text is never %-formatted.
    """
    for message in (*catalog, *catalog.obsolete.values()):
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        if not any(PLACEHOLDER.search(text) for text in ids):
            message.flags.discard("python-format")
        if message.id and any(_brace_formatted(text) for text in ids):
            message.flags.add("python-brace-format")
        else:
            message.flags.discard("python-brace-format")


def _brace_formatted(text: str) -> bool:
    """Whether ``text`` is a ``str.format`` string with a field (``{date}``): flagged
    ``python-brace-format``, so that ``msgfmt -c`` checks a translation keeps its fields.
    Babel 2.17 and later flag such a message by this rule; earlier releases do not flag
    it, and the same catalog written by either must be the same file."""
    if "{" not in text:
        return False
    try:  # the whole text parsed: a stray brace anywhere makes it no format string
        fields = [field for _, field, _, _ in Formatter().parse(text)]
    except ValueError:
        return False
    return any(field is not None for field in fields)


def _quoted(mark: str, keyword: str, text: str) -> list[str]:
    quoted = normalize(text, width=WIDTH).split("\n")
    return [f"{mark} {keyword} {quoted[0]}", *(f"{mark} {line}" for line in quoted[1:])]


def _with_previous(data: bytes, catalog: Catalog, contexts: Mapping[EntryKey, str]) -> bytes:
    """``data`` (``catalog`` as written by Babel) with the ``#|`` lines of every fuzzy
    entry: the English its translation was made for, its context too, as msgmerge writes
    them; and, for an obsolete (``#~``) entry, its flags and its ``#~|`` lines.

    Babel writes these lines as wrapped comments: an English longer than a line came out
    cut in the middle of its quoted strings, and msgfmt, Poedit and Babel itself could no
    longer read the file. Here each line of the normalized string gets its own ``#|``.
    Babel writes an obsolete entry without its flags: a fuzzy one lost its mark, and
    coming back it was taken for a reviewed translation.
    """
    blocks = data.decode("utf-8").split("\n\n")  # one per entry: Babel ends each with a blank
    messages = list(catalog)  # the header first, in the order Babel writes them
    obsolete = list(catalog.obsolete.values())  # after them
    if len(blocks) < len(messages) + len(obsolete):
        raise RuntimeError("the catalog's entries do not match what Babel wrote")
    for number, message in enumerate(messages + obsolete):
        old = number >= len(messages)
        keys = ("#~ msgctxt ", "#~ msgid ") if old else ("msgctxt ", "msgid ")
        if old:
            lines = blocks[number].split("\n")
            at = next(i for i, line in enumerate(lines) if line.startswith(keys))
            ends = blocks[number].endswith("\n")  # the last block: the file's last line
            wrapped = _obsolete_lines(message, catalog.num_plurals)
            blocks[number] = "\n".join(lines[:at] + wrapped) + "\n" * ends
        if not message.previous_id and not (old and message.flags):
            continue
        lines = blocks[number].split("\n")
        at = next(i for i, line in enumerate(lines) if line.startswith(keys))
        added = [f"#, {', '.join(sorted(message.flags))}"] if old and message.flags else []
        mark = "#~|" if old else "#|"
        context = contexts.get(entry_key(message)) if message.previous_id else None
        if context is not None:
            added += _quoted(mark, "msgctxt", context)
        for keyword, text in zip(("msgid", "msgid_plural"), message.previous_id, strict=False):
            added += _quoted(mark, keyword, text)
        blocks[number] = "\n".join(lines[:at] + added + lines[at:])
    return "\n\n".join(blocks).encode("utf-8")


_OBSOLETE = "#~ "


def _obsolete_lines(message: Message, num_plurals: int) -> list[str]:
    """An obsolete entry's ``#~`` lines, wrapped as live entries are, to the same width.

    Babel counts the ``#~ `` before each line once for every word it wraps, so its
    obsolete entries broke at about 50 columns, unlike the rest of the file."""
    strings: list[tuple[str, str]] = []
    if message.context:
        strings.append(("msgctxt", message.context))
    if isinstance(message.id, list | tuple):
        strings += [("msgid", message.id[0]), ("msgid_plural", message.id[1])]
        forms = list(message.string) if isinstance(message.string, list | tuple) else []
        forms += [""] * (num_plurals - len(forms))
        strings += [(f"msgstr[{n}]", form) for n, form in enumerate(forms)]
    else:
        strings += [("msgid", message.id), ("msgstr", str(message.string or ""))]
    lines: list[str] = []
    for keyword, text in strings:
        quoted = normalize(text, width=WIDTH - len(_OBSOLETE)).split("\n")
        lines += [f"{_OBSOLETE}{keyword} {quoted[0]}", *(f"{_OBSOLETE}{q}" for q in quoted[1:])]
    return lines


# The header fields the tool changes in a translator's catalog: which .pot it was merged
# from, as msgmerge changes it. Every other field is the translator's.
_OWNED = frozenset({"pot-creation-date"})
# A field not added to a translator's header: which program made the file is theirs to say
# (Poedit, Weblate and Lokalize write X-Generator).
_NOT_ADDED = frozenset({"generated-by"})


def merged_header(kept: str, catalog: Catalog) -> str:
    """The header text of a catalog's file (``kept``), its fields spelt and ordered as they
    were, with the value of each field the tool owns taken from ``catalog``.

    A field Babel writes that the file lacks (such as a Plural-Forms, which msgfmt needs)
    is added after the field it follows in Babel's order, as msgmerge places one; all but
    Generated-By.
    """
    fields: list[tuple[str | None, str]] = []  # (lower-case name or None, its text)
    for line in kept.removesuffix("\n").split("\n") if kept else []:
        name, colon, _ = line.partition(":")
        if line[:1] in (" ", "\t") and fields:  # a continuation of the field above
            fields[-1] = (fields[-1][0], f"{fields[-1][1]}\n{line}")
        else:
            fields.append((name.strip().lower() if colon else None, line))
    place = 0
    for name, value in catalog.mime_headers:
        key, value = name.lower(), value.strip()
        found = next((n for n, (k, _) in enumerate(fields) if k == key), None)
        if found is None and key in _NOT_ADDED:
            continue
        if found is None:
            fields.insert(place, (key, f"{name}: {value}"))
            found = place
        elif key in _OWNED:
            spelt = fields[found][1].partition(":")[0]
            fields[found] = (key, f"{spelt}: {value}")
        place = found + 1
    return "".join(f"{text}\n" for _, text in fields)


def _with_header(data: bytes, header: str) -> bytes:
    """``data`` with the header entry's msgstr made ``header``."""
    first, blank, rest = data.partition(b"\n\n")
    lines = first.decode("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("msgstr "))
    text = "\n".join([*lines[:at], f"msgstr {normalize(header, width=WIDTH)}"])
    return text.encode("utf-8") + blank + rest


@dataclass
class Previous:
    """The English a fuzzy translation was made for: its ``#| msgctxt``, ``#| msgid``
    and ``#| msgid_plural`` lines."""

    context: str | None
    ids: list[str]


def previous_ids(catalog: Catalog) -> dict[EntryKey, Previous]:
    """Read back the ``#|`` lines (the English a fuzzy translation was made for), by entry.

    Babel's reader takes them for translator comments, and writing the catalog again
    would turn them into ``# |`` comments that Poedit and msgmerge no longer understand;
    its merge forgets them. They are taken out of the comments here and put back after.
    """
    found: dict[EntryKey, Previous] = {}
    for message in (*catalog, *catalog.obsolete.values()):  # #~| lines are read as #|
        kept: list[str] = []
        lines: list[str] = []
        for comment in message.user_comments:
            (lines if comment.startswith("|") else kept).append(comment.lstrip("|").strip())
        if not lines:
            continue
        context: list[str] = []
        ids: list[str] = []
        strings: list[str] = []  # the one a continuation line belongs to
        for line in lines:
            keyword, _, rest = line.partition(" ")
            if keyword in ("msgctxt", "msgid", "msgid_plural"):
                strings = context if keyword == "msgctxt" else ids
                strings.append(unescape(rest))
            elif keyword.startswith('"') and strings:
                strings[-1] += unescape(line)
        previous = Previous("".join(context) if context else None, ids)
        message.user_comments = kept
        message.previous_id = ids
        found[entry_key(message)] = previous
    return found


# Header lines a run changes by itself, with no entry changed: when it ran, and with
# which Babel. Babel's header comment of a .pot also carries the current year.
_VOLATILE_HEADER = re.compile(
    rb'^"(?:POT-Creation-Date|PO-Revision-Date|Generated-By):[^\n]*(?:\n|\Z)', re.MULTILINE
)
_YEAR = re.compile(rb"\b(?:19|20)\d\d\b")


def without_dates(data: bytes) -> bytes:
    """A catalog as written by :func:`po_bytes`, its run-dependent header lines left out.

    The header is the first paragraph (its comment and the ``msgid ""`` entry); the
    entries after it are compared as they are. Windows line ends are read as line feeds.
    """
    header, blank, entries = data.replace(b"\r\n", b"\n").partition(b"\n\n")
    comment, _, entry = header.partition(b'msgid ""')
    return _YEAR.sub(b"YEAR", comment) + _VOLATILE_HEADER.sub(b"", entry) + blank + entries


def unchanged(path: Path, new: bytes, old: bytes | None = None) -> bool:
    """Whether writing ``new`` over ``path`` would change nothing but header dates.

    ``old`` is the catalog read from ``path`` as :func:`po_bytes` writes it: a file saved
    by another tool (Poedit, msgcat) is wrapped differently, and is compared as we would
    write it.
    """
    try:
        current = read_at_most(path, MAX_CATALOG_BYTES)
    except FileNotFoundError:
        return False
    # one over the limit is not what letters writes: the caller refuses it, or writes anew
    return current is not None and _same(current, new, old)


def _same(current: bytes, new: bytes, old: bytes | None) -> bool:
    """Whether ``new`` differs from the file's ``current`` bytes only in header dates;
    ``old``, the file as read and written again by us (Poedit and msgcat wrap lines
    otherwise), counts if its python-format flags are the file's: Babel's reader sets them
    from the msgid, whatever the file says."""
    wanted = without_dates(new)
    if without_dates(current) == wanted:
        return True
    same_flags = format_flagged(current) == format_flagged(new)
    return old is not None and without_dates(old) == wanted and same_flags


def would_change(current: bytes | None, new: bytes, old: bytes | None = None) -> bool:
    """Whether :func:`write_if_changed` writes ``new`` over a file holding ``current``
    (None: there is no file), ``old`` as for :func:`unchanged`."""
    return current is None or not _same(current, new, old)


def crlf(data: bytes) -> bool:
    """Whether a file's lines end as on Windows (CRLF), most of them at least."""
    return data.count(b"\r\n") * 2 > data.count(b"\n")


def write_if_changed(
    path: Path,
    new: bytes,
    old: bytes | None = None,
    *,
    read: bytes | None = None,
    label: str = "",
    command: str = "",
    within: Path | None = None,
    rewrites: Rewrites | None = None,
) -> bool:
    """Write ``new`` (line feeds) to ``path`` (atomically) unless only header dates would
    change; return whether it was written. A file whose lines end in CRLF keeps them.
    With ``rewrites``, the file is only staged there, written with the others it holds
    (:class:`letters.files.together.Rewrites`); it is checked again then.

    With a ``label`` (the file's name as shown to the user), the file must still hold
    ``read``, its bytes when ``command`` read it (None: there was no file), up to the
    moment it is replaced: a translator's save in between is kept, nothing is written, and
    a LettersError says to run ``command`` again. A symbolic link is written through to a
    file inside ``within`` only (see :func:`rewrite_bytes`).
    """
    current = _content(path, label or path.name)

    def check() -> None:
        if label and _content(path, label) != read:
            raise LettersError(
                f"{label} was saved by someone else (an editor such as Poedit?) while"
                f" '{command}' was merging it; it was left as saved, not updated: run"
                f" '{command}' again"
            )

    check()
    if not would_change(current, new, old):
        return False
    data = new.replace(b"\n", b"\r\n") if current is not None and crlf(current) else new
    if rewrites is not None:
        rewrites.write(path, data, before_replace=check)
    else:
        rewrite_bytes(path, data, before_replace=check, within=within)
    return True


def _content(path: Path, label: str) -> bytes | None:
    """The bytes of the file at ``path`` (through a link), None where there is no file;
    one over the catalog limit is refused, as every catalog read is, never held whole."""
    try:
        if not path.is_file():
            return None
        data = read_at_most(path, MAX_CATALOG_BYTES)
    except FileNotFoundError:  # removed since
        return None
    if data is None:
        said = POT_TOO_LARGE if path.suffix == ".pot" else CATALOG_TOO_LARGE
        raise TranslationError(f"{label}: {said}")
    return data
