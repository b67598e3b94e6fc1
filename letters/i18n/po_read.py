"""Reading a .po or .pot file strictly: any syntax error stops, naming the file and line.

What is refused before Babel reads it (too large, not UTF-8, a byte order mark, lines ended
by a carriage return alone, a header naming another charset: :class:`HeaderCharsetError`)
and what Babel's own errors are said as (a wrong Plural-Forms header rather than the entry
it trips on). :mod:`letters.i18n.catalog` makes the usable translations of what is read.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

from letters.errors import Problem, TranslationError
from letters.files.size_limits import CATALOG_TOO_LARGE, MAX_CATALOG_BYTES, read_at_most
from letters.i18n.header import charset_problem, declared_charset, plural_problem
from letters.i18n.plurals import too_many_forms
from letters.i18n.po_scan import PoScan, PoSyntaxError, scan_po
from letters.load.encoding import UNMARKED_UTF16, not_utf8, unmarked_utf16

_OBSOLETE_PREVIOUS = re.compile(rb"^([ \t]*)#~[ \t]*\|", re.MULTILINE)


class HeaderCharsetError(TranslationError):
    """Raised when a catalog's header names another charset than the UTF-8 it is written
    in, or one gettext cannot read; ``scan`` is the file as read, so the rest of its
    header can be checked too."""

    def __init__(self, problem: Problem, scan: PoScan) -> None:
        super().__init__(str(problem))
        self.problem = problem
        self.scan = scan


def read_catalog(path: Path, label: str, lang: str | None = None) -> Catalog:
    """Read a .po or .pot strictly: any syntax error stops, naming the file and line."""
    catalog, _ = read_catalog_scanned(path, label, lang)
    return catalog


def read_catalog_scanned(
    path: Path, label: str, lang: str | None, data: bytes | None = None
) -> tuple[Catalog, PoScan]:
    """:func:`read_catalog`, with what the line-by-line reading found (the header's lines).

    ``data`` is the file's content when the caller has read it already.
    """
    data = read_at_most(path, MAX_CATALOG_BYTES) if data is None else data
    if data is None:
        raise TranslationError(f"{label}: {CATALOG_TOO_LARGE}")
    return catalog_of_bytes(data, label, lang)


def catalog_of_bytes(data: bytes, label: str, lang: str | None) -> tuple[Catalog, PoScan]:
    """:func:`read_catalog_scanned` of a file's content, ``data``: it depends on nothing
    else (``label`` names the file in errors)."""
    if unmarked_utf16(data):
        raise TranslationError(f"{label}:1: {UNMARKED_UTF16}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        number, why = not_utf8(data, exc, _charset_of(data))
        raise TranslationError(f"{label}:{number}: {why}") from None
    if text.startswith("\ufeff"):
        raise TranslationError(
            f"{label}:1: invalid .po file: it starts with a byte order mark (BOM), which gettext"
            " refuses; save it as UTF-8 without BOM"
        )
    if "\r" in text and "\n" not in text:  # read as one line, it would be "no header"
        raise TranslationError(f"{label}:1: invalid .po file: {CR_LINE_ENDS}")
    try:
        scan = scan_po(text)
    except PoSyntaxError as exc:
        raise TranslationError(f"{label}:{exc.line}: invalid .po file: {exc.reason}") from None
    charset = charset_problem(scan, label)
    if charset is not None:  # Babel would read every entry in it: one error for each
        raise HeaderCharsetError(charset, scan)
    # the English an obsolete entry's translation was made for (#~|, as msgmerge and Poedit
    # write it) is read as the #| comment Babel knows; Babel refused the line
    data = _OBSOLETE_PREVIOUS.sub(rb"\1#|", data)
    try:
        catalog: Catalog = read_po(io.BytesIO(data), locale=lang, abort_invalid=True)
    except PoFileError as exc:
        if lang:
            # A wrong Plural-Forms header is the likely cause; say so rather than blame an entry.
            plural = plural_problem(scan, label, lang)
            if plural is not None:
                raise TranslationError(str(plural)) from None
        extra = too_many_forms(scan, lang) if "than num_plurals" in str(exc) else None
        if extra is not None:
            raise TranslationError(f"{label}:{extra[0]}: {extra[1]}") from None
        line = getattr(exc, "lineno", None)  # Babel counts lines from 0
        where = f":{line + 1}" if isinstance(line, int) and line >= 0 else ""
        reason = str(exc).removesuffix(f" on {line}").strip()
        if "keyword" in reason:  # Babel's words for it vary: "Start of line didn't match…"
            reason = (
                "Unknown or misformatted keyword"
                " (write msgctxt, msgid, msgid_plural, msgstr or msgstr[n])"
            )
        raise TranslationError(f"{label}{where}: invalid .po file: {reason}") from None
    except (UnicodeDecodeError, LookupError, ValueError) as exc:
        raise TranslationError(
            f"{label}: cannot read ({type(exc).__name__}); save it as UTF-8"
        ) from None
    return catalog, scan


CR_LINE_ENDS = (
    "its lines end with a carriage return alone (CR, as old Mac editors save text), which"
    " gettext does not take for line ends; save it with LF (or Windows CRLF) line ends"
)


def _charset_of(data: bytes) -> str | None:
    """The charset named in the header of a catalog that is not UTF-8, when not UTF-8:
    its bytes read one character each (as Latin-1), only to find the header's line."""
    try:
        found = declared_charset(scan_po(data.decode("latin-1")))
    except PoSyntaxError:
        return None
    return found[0] if found else None
