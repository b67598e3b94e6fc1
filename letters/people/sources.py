"""Read the lists NGOs really use into rows, one per person, each with where it stood.

Sources: the European Parliament's MEP list (XML), the EP Open Data API's JSON,
and CSV saved by Excel or Google Sheets (UTF-8, UTF-8 with BOM or
Windows-1251; comma, semicolon or tab). :mod:`letters.people.importer` turns
the rows into people and merges them into a directory file.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale
from lxml import etree

from letters.errors import LettersError, closest
from letters.files import json_read
from letters.files.size_limits import MAX_SOURCE_BYTES, read_at_most, too_large
from letters.load.encoding import LONE_CARRIAGE_RETURN, lone_carriage_return


@dataclass
class Row:
    """One person read from the source, with where it stood."""

    where: str  # "" for a line of the file, or "data[2]" in JSON
    data: dict[str, Any]
    line: int | None = None

    def at(self, label: str) -> str:
        """Where the row stood, as a message names it: "meps.csv:12", "meps.json data[2]"."""
        if self.line is not None:
            return f"{label}:{self.line}"
        return f"{label} {self.where}" if self.where else label


def _decode(data: bytes, label: str, encoding: str | None) -> str:
    if encoding:
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except (UnicodeDecodeError, LookupError):
            raise LettersError(f"{label}: cannot be read as {encoding}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode Text": UTF-16, marked
        try:
            return data.decode("utf-16").removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise LettersError(
                f"{label}: begins as UTF-16 text, but is not UTF-16 throughout: save it again,"
                " as UTF-8 (Excel: 'CSV UTF-8')"
            ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1251", errors="replace")
    mixed = re.search(
        r"[A-Za-z][А-Яа-яЁёІіЇїЄєҐґЎў]|[А-Яа-яЁёІіЇїЄєҐґЎў][A-Za-z]"
        r"|[а-яёіїєґў][А-ЯЁІЇЄҐЎ]",  # upper case inside a word: KOI8 or another code page
        text,
    )
    if "\ufffd" in text or mixed or not re.search(r"[А-Яа-яІіЇїЄє]", text):
        raise LettersError(
            f"{label}: cannot tell the text encoding: it is not UTF-8, and read as Windows-1251"
            " it would not read as words. Save it as UTF-8"
            " (Excel: 'CSV UTF-8'), or name the encoding with --encoding."
        )
    return text


# Particles of a surname: the EP writes one in lower case before the capitals when the
# person does (Esther de LANGE), and in capitals when it stands inside the surname (Diana
# RIBA I GINER) or begins it (Viola VON CRAMON-TAUBADEL).
PARTICLES = {
    "af", "av", "da", "das", "de", "del", "della", "der", "den", "di", "do", "dos", "du",
    "e", "i", "in", "la", "las", "le", "los", "'t", "’t", "ten", "ter", "van", "von", "y", "zu",
}  # fmt: skip
# Where a surname's first particle is written with a capital (De Meo, Van Brempt); "Le" and
# "La" begin a French surname with one everywhere (Le Pen).
_CAPITAL_PARTICLE = {"BE", "IT"}
_ALWAYS_CAPITAL = {"le", "la"}
# A surname word the EP writes with a small-letter prefix: McALLISTER, MacMANUS, d'AMATO.
_PREFIX = re.compile(r"(?:Mc|Mac|[a-z]['’])(?=[^\W\d_a-z])")


def split_full_name(full: str, country: str | None = None) -> tuple[str, str]:
    """The given name and the surname of a name as the EP writes it, the surname in
    capitals: ``Sophia in 't VELD`` -> ``Sophia``, ``in 't Veld``; ``David McALLISTER`` ->
    ``David``, ``McAllister``; ``Diana RIBA I GINER`` -> ``Diana``, ``Riba i Giner``.

    ``country`` (an ISO code) decides the case of a particle that begins the surname in
    capitals: ``De Meo`` in Italy and Belgium, ``von Cramon-Taubadel`` elsewhere."""
    words = full.split()
    start = next((i for i, w in enumerate(words) if i and _in_capitals(w)), None)
    if start is None:
        return " ".join(words[:-1]), words[-1] if words else ""
    while start > 1 and not words[start - 1][:1].isupper():  # de, van der, in 't
        start -= 1
    given, family = words[:start], words[start:]
    return " ".join(given), surname_in_prose(" ".join(family), country)


def surname_in_prose(surname: str, country: str | None = None) -> str:
    """A surname given apart from the name, in capitals or not: ``AUŠTREVIČIUS`` ->
    ``Auštrevičius``; one already in prose (``in 't Veld``) stays as it is."""
    return " ".join(_display(w, i, country) for i, w in enumerate(surname.split()))


def _in_capitals(word: str) -> bool:
    prefix = _PREFIX.match(word)
    letters = [c for c in word[prefix.end() if prefix else 0 :] if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _display(word: str, position: int, country: str | None) -> str:
    """One word of a surname in the case it is written in prose."""
    folded = word.casefold()
    if word == word.upper() and folded in PARTICLES:  # DE, VON, I
        if position == 0 and (country in _CAPITAL_PARTICLE or folded in _ALWAYS_CAPITAL):
            return folded.capitalize()
        return folded
    if not _in_capitals(word):
        return word  # written by the EP as it is spelt: de, van, in 't
    prefix = _PREFIX.match(word)
    head, rest = (prefix.group(0), word[prefix.end() :]) if prefix else ("", word)
    return head + re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), rest.lower())


# Names CLDR used before it renamed these countries: files exported by older tools (or
# typed by people) still carry them, and CLDR may rename again in any Babel release.
_FORMER_NAMES = {
    "czech republic": "CZ",
    "turkey": "TR",
    "turkiye": "TR",
    "macedonia": "MK",
    "republic of north macedonia": "MK",
    "swaziland": "SZ",
    "cape verde": "CV",
    "the netherlands": "NL",
    "burma": "MM",
    "ivory coast": "CI",
}


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    names = dict(_FORMER_NAMES)
    for code, name in Locale("en").territories.items():
        if re.fullmatch(r"[A-Z]{2}", code):
            names[str(name).casefold()] = str(code)
    return names


def country_code(value: str, where: str) -> str:
    """The ISO code of a country given by code or English name; ``where`` names the cell."""
    value = value.strip()
    if re.fullmatch(r"[A-Z]{2}", value):
        return value
    code = _country_names().get(value.casefold())
    if code is None:
        raise LettersError(f"{where}: unknown country '{value}'")
    return str(code)


_DOCTYPE = re.compile(r"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_WIDE = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
)
# What a well-formedness error means, by libxml2's error number (its wording changes
# between releases, its numbers do not).
_XML_ERRORS = {
    26: "an entity XML does not define (such as &nbsp;); write the character itself",
    68: "a bare '&'; write it as &amp;",
    73: "a tag is not closed with '>'",
    76: "a closing tag does not match the tag it closes",
    77: "the file ends inside an element: a closing tag is missing",
}


def _has_doctype(data: bytes) -> bool:
    """Whether the XML declares a DOCTYPE or an entity, in whatever encoding it is."""
    encoding = next((enc for bom, enc in _WIDE if data.startswith(bom)), "latin-1")
    return bool(_DOCTYPE.search(data.decode(encoding, errors="replace")))


def _xml_syntax(exc: etree.XMLSyntaxError, label: str) -> LettersError:
    line, column = exc.position
    said = re.sub(r", line \d+, column \d+$", "", exc.msg or "")
    what = _XML_ERRORS.get(exc.code, said)
    return LettersError(f"{label}:{line}:{column}: not well-formed XML: {what}")


def read_ep_xml(data: bytes, label: str) -> list[Row]:
    """The ``<mep>`` elements of the European Parliament's XML list; no DOCTYPE accepted."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=False,
    )
    refused = LettersError(
        f"{label}: XML with a DOCTYPE is refused (it can define entities);"
        " the European Parliament's list has none"
    )
    if _has_doctype(data):
        raise refused
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise _xml_syntax(exc, label) from None
    if root.getroottree().docinfo.doctype:  # an encoding the check above cannot read
        raise refused
    rows = []
    for mep in root.iter("{*}mep"):  # with or without a namespace

        def text(tag: str, mep: Any = mep) -> str:
            node = mep.find(f"{{*}}{tag}")
            return (node.text or "").strip() if node is not None else ""

        fields = {
            "ep_id": text("id"),
            "full_name": text("fullName"),
            "country": text("country"),
            "group": text("politicalGroup"),
            "party": text("nationalPoliticalGroup"),
        }
        rows.append(Row("", fields, mep.sourceline))
    return rows


def read_ep_json(data: bytes, label: str) -> list[Row]:
    """The people under ``data`` in the EP Open Data API's JSON."""
    try:
        parsed = json_read.loads(data.decode("utf-8-sig"))
    except json_read.Unreadable as exc:
        where = f":{exc.line}" if isinstance(exc, json_read.DuplicateKey) else ""
        raise LettersError(f"{label}{where}: not the EP's JSON: {exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise LettersError(f"{label}{f':{line}' if line else ''}: not valid JSON") from None
    items = parsed.get("data") if isinstance(parsed, dict) else parsed
    if not isinstance(items, list):
        raise LettersError(f"{label}: expected the people as a list under 'data'")
    rows = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise LettersError(f"{label} data[{index}]: expected an object")

        def get(*keys: str, item: dict[str, Any] = item, index: int = index) -> str:
            for key in keys:
                value = item.get(key)
                if isinstance(value, int) and not isinstance(value, bool):
                    return str(value)
                if isinstance(value, str) and value.strip():
                    return value.strip()
                if value not in (None, ""):
                    raise LettersError(f"{label} data[{index}].{key}: expected one text value")
            return ""

        email = get("hasEmail", "email").removeprefix("mailto:")
        prefix = get("honorificPrefix").rstrip(".").casefold()
        gender = {"mr": "male", "ms": "female", "mrs": "female"}.get(prefix, "")
        identifier = get("identifier") or get("id").rsplit("/", 1)[-1]
        rows.append(
            Row(
                f"data[{index}]",
                {
                    "ep_id": identifier,
                    "given": get("givenName"),
                    "family": get("familyName"),
                    "full_name": get("label"),
                    "country": get("api:country-of-representation", "countryOfRepresentation"),
                    "group": get("api:political-group", "politicalGroup"),
                    "email": email,
                    "gender": gender,
                },
            )
        )
    return rows


CSV_REQUIRED = ("id", "title", "institution")
CSV_COLUMNS = (
    *CSV_REQUIRED,
    "name",
    "given_name",
    "family_name",
    "gender",
    "language",
    "country",
    "email",
    "tags",
    "group",
    "party",
)
"""Every column a CSV may have, besides one per language of a name, group, title or
institution (``name_uk``, ``title_ru``)."""
CSV_PER_LANGUAGE = re.compile(r"(name|group|title|institution)_[a-z]{2,3}")


def _unknown_column(header: list[str], label: str) -> LettersError | None:
    """An error naming the first column a CSV may not have (its cells would be lost), with
    the column it may have that is spelt closest."""
    for number, column in enumerate(header, start=1):
        if column and column not in CSV_COLUMNS and not CSV_PER_LANGUAGE.fullmatch(column):
            # a line break in a header cell means rows below were read into it: quoting it
            # would print other people's names and e-mail addresses
            printable = column.isprintable()
            close = closest(column, CSV_COLUMNS) if printable else None
            hint = (
                f"did you mean '{close}'?"
                if close
                else f"the columns are {', '.join(CSV_COLUMNS)}, and per language"
                " name_uk, group_uk, title_uk, institution_uk …"
            )
            named = (
                f"'{column}'"
                if printable
                else f"{number} (its name holds a line break or control character)"
            )
            return LettersError(f"{label}:1: unknown column {named}; {hint}")
    return None


MAX_CSV_CELL_CHARS = 100_000
"""The most characters a CSV cell may hold: a name, a title or an address is a line or
two. Under Python's own limit, so the import's limit is met first and said so."""


def _long_cell(longest: int, label: str, line: int) -> LettersError | None:
    if longest <= MAX_CSV_CELL_CHARS:
        return None
    return LettersError(
        f"{label}:{line}: a cell of more than {MAX_CSV_CELL_CHARS:,} characters, the limit"
        " ('CSV cell size'; a cell holds a name, a title or an address): check for a"
        ' quotation mark (") that opens a cell and is closed far below'
    )


def _longest_cell(text: str, line: int, delimiter: str) -> int:
    """The characters of the longest cell in the record that starts on ``line`` (from 1, as
    the csv reader counts lines), its quotation marks counted with it: found where Python's
    csv stops at its own limit."""
    rest = "".join(io.StringIO(text, newline="").readlines()[line - 1 :])
    longest = length = 0
    quoted = just_closed = False
    for char in rest:
        if char == '"' and (quoted or just_closed or length == 0):
            quoted = not quoted  # a pair ("") in a quoted cell closes it and opens it again
            just_closed = not quoted
        elif not quoted and (char == delimiter or char in "\r\n"):
            if char != delimiter:
                break  # the record's end
            length, just_closed = 0, False
            continue
        else:
            just_closed = False
        length += 1
        longest = max(longest, length)
    return longest


def _cell_over_lines(record: list[str], label: str, start: int, end: int) -> LettersError | None:
    """An error for a record whose cells run from line ``start`` on to line ``end``: no
    column holds a line break, so it is a quotation mark left open, and Python's csv reads
    the lines below into that one cell, other people's rows and all. The cell itself is not
    quoted: it may hold their names and e-mail addresses."""
    if end == start and not any("\n" in cell or "\r" in cell for cell in record):
        return None
    read_as = (
        f"lines {start} to {end} would be read as one row, and no column holds a line break"
        if end > start
        else "its cell would hold a line break, which no column holds"
    )
    return LettersError(
        f'{label}:{start}: a quotation mark (") opens a cell on this line and is not closed'
        f" on it, so {read_as}; close the quotation mark on line {start}, or delete it"
    )


def _check_record(cells: list[str], label: str, line: int, last_line: int) -> None:
    """Refuse a record (the header too) read from ``line`` to ``last_line`` whose cell is over
    the cell size limit, or runs over more than one line."""
    for problem in (
        _long_cell(max(map(len, cells), default=0), label, line),
        _cell_over_lines(cells, label, line, last_line),
    ):
        if problem is not None:
            raise problem


def read_csv(data: bytes, label: str, encoding: str | None) -> list[Row]:
    """The rows of a CSV with a header; the encoding and the separator are found out."""
    text = _decode(data, label, encoding)
    if (stray := lone_carriage_return(text)) is not None:
        raise LettersError(f"{label}:{stray}: {LONE_CARRIAGE_RETURN}")
    first = text.splitlines()[0] if text else ""
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        header_cells = next(reader, [])
        _check_record(header_cells, label, line, reader.line_num)
        header = [h.strip().lower() for h in header_cells]
        duplicated = sorted({h for h in header if h and header.count(h) > 1})
        if duplicated:
            raise LettersError(f"{label}:1: the column '{duplicated[0]}' appears twice")
        unknown = _unknown_column(header, label)
        if unknown is not None:
            raise unknown
        for column in CSV_REQUIRED:
            if column not in header:
                raise LettersError(
                    f"{label}: missing column '{column}' (the header has:"
                    f" {', '.join(h for h in header if h) or 'nothing'})"
                )
        if "name" not in header and not {"given_name", "family_name"} <= set(header):
            raise LettersError(
                f"{label}: missing column 'name' (or 'given_name' and 'family_name')"
            )
        rows = []
        while True:
            line = reader.line_num + 1  # where the record starts, even if a cell spans lines
            record = next(reader, None)
            if record is None:
                break
            _check_record(record, label, line, reader.line_num)
            if not any(cell.strip() for cell in record):
                continue  # an empty row, as spreadsheets write them
            if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
                raise LettersError(f"{label}:{line}: more cells than the header has columns")
            unnamed = [
                i for i, h in enumerate(header[: len(record)]) if not h and record[i].strip()
            ]
            if unnamed:
                raise LettersError(
                    f"{label}:{line}: a cell under column {unnamed[0] + 1}, which has no name"
                    " in the header (it would be lost); name the column or empty the cell"
                )
            values = {h: (v or "").strip() for h, v in zip(header, record, strict=False) if h}
            rows.append(Row("", values, line))
    except csv.Error as exc:
        # Python's own cell limit is larger than ours: a cell over both is ours to name
        too_long = _long_cell(_longest_cell(text, line, delimiter), label, line)
        if too_long is not None:
            raise too_long from None
        raise LettersError(f"{label}:{reader.line_num}: cannot be read as CSV ({exc})") from None
    return rows


def read_source(
    source: Path, label: str, fmt: str | None, encoding: str | None
) -> tuple[str, list[Row]]:
    """The format of ``source`` (``fmt``, or guessed from its name) and the people it lists."""
    data = read_at_most(source, MAX_SOURCE_BYTES)
    if data is None:
        advice = "import the list in parts, each from a file of its own"
        raise LettersError(f"{label}: {too_large(MAX_SOURCE_BYTES, 'import source size', advice)}")
    kind = fmt or {".xml": "ep-xml", ".json": "ep-json"}.get(source.suffix.lower(), "csv")
    if kind == "ep-xml":
        return kind, read_ep_xml(data, label)
    if kind == "ep-json":
        return kind, read_ep_json(data, label)
    if kind == "csv":
        return kind, read_csv(data, label, encoding)
    raise LettersError(f"unknown format '{kind}'; use ep-xml, ep-json or csv")
