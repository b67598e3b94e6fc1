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

from letters.errors import LettersError

PARTICLES = {"von", "van", "der", "den", "de", "del", "della", "di", "du", "la", "le", "zu", "af"}


@dataclass
class Row:
    """One person read from the source, with where it stood."""

    where: str  # "" for a line of the file, or "data[2]" in JSON
    data: dict[str, Any]
    line: int | None = None


def _decode(data: bytes, label: str, encoding: str | None) -> str:
    if encoding:
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except (UnicodeDecodeError, LookupError):
            raise LettersError(f"{label}: cannot be read as {encoding}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
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


def _split_full_name(full: str) -> tuple[str, str]:
    """'Petras AUŠTREVIČIUS' -> ('Petras', 'Auštrevičius'); the family name is in capitals."""
    words = full.split()
    first_upper = next(
        (i for i, w in enumerate(words) if any(c.isalpha() for c in w) and w == w.upper()),
        len(words),
    )
    given, family = words[:first_upper], words[first_upper:]
    if not family:
        return " ".join(words[:-1]), words[-1] if words else ""
    return " ".join(given), " ".join(_title_word(w) for w in family)


def _title_word(word: str) -> str:
    if word.lower() in PARTICLES:
        return word.lower()
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), word.lower())


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
    if re.search(rb"<!DOCTYPE|<!ENTITY", data, re.IGNORECASE):
        raise LettersError(
            f"{label}: XML with a DOCTYPE is refused (it can define entities);"
            " the European Parliament's list has none"
        )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise LettersError(f"{label}:{exc.lineno}: not well-formed XML ({exc.msg})") from None
    rows = []
    for mep in root.iter("{*}mep"):  # with or without a namespace

        def text(tag: str, mep: Any = mep) -> str:
            node = mep.find(f"{{*}}{tag}")
            return (node.text or "").strip() if node is not None else ""

        given, family = _split_full_name(text("fullName"))
        fields = {
            "ep_id": text("id"),
            "given": given,
            "family": family,
            "country": text("country"),
            "group": text("politicalGroup"),
        }
        rows.append(Row("", fields, mep.sourceline))
    return rows


def read_ep_json(data: bytes, label: str) -> list[Row]:
    """The people under ``data`` in the EP Open Data API's JSON."""
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
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
                    "country": get("api:country-of-representation", "countryOfRepresentation"),
                    "group": get("api:political-group", "politicalGroup"),
                    "email": email,
                    "gender": gender,
                },
            )
        )
    return rows


CSV_REQUIRED = ("id", "title", "institution")


def read_csv(data: bytes, label: str, encoding: str | None) -> list[Row]:
    """The rows of a CSV with a header; the encoding and the separator are found out."""
    text = _decode(data, label, encoding)
    first = text.splitlines()[0] if text else ""
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        duplicated = sorted({h for h in header if h and header.count(h) > 1})
        if duplicated:
            raise LettersError(f"{label}:1: the column '{duplicated[0]}' appears twice")
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
            if not any(cell.strip() for cell in record):
                continue  # an empty row, as spreadsheets write them
            if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
                raise LettersError(f"{label}:{line}: more cells than the header has columns")
            values = {h: (v or "").strip() for h, v in zip(header, record, strict=False) if h}
            rows.append(Row("", values, line))
    except csv.Error as exc:
        raise LettersError(f"{label}:{reader.line_num}: cannot be read as CSV ({exc})") from None
    return rows


def read_source(
    source: Path, label: str, fmt: str | None, encoding: str | None
) -> tuple[str, list[Row]]:
    """The format of ``source`` (``fmt``, or guessed from its name) and the people it lists."""
    data = source.read_bytes()
    kind = fmt or {".xml": "ep-xml", ".json": "ep-json"}.get(source.suffix.lower(), "csv")
    if kind == "ep-xml":
        return kind, read_ep_xml(data, label)
    if kind == "ep-json":
        return kind, read_ep_json(data, label)
    if kind == "csv":
        return kind, read_csv(data, label, encoding)
    raise LettersError(f"unknown format '{kind}'; use ep-xml, ep-json or csv")
