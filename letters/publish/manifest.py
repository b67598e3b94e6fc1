"""The manifest of a batch — drafts or final letters, one format: every file with its hash.

``manifest.csv`` (for a spreadsheet) and ``manifest.json`` (for programs) list
the same rows: letter, recipient, name, language, kind, file (relative to the
folder holding the manifest), sha256 and bytes. The JSON also says what the
batch is (``kind``: ``draft`` or ``final``), each letter's version, and for
final letters the ledger entries that approved them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from letters.files.atomic import atomic_file

__all__ = ["MANIFEST_FIELDS", "neutralise", "previous_kind", "previous_rows", "write_manifest"]

MANIFEST_FIELDS = ("letter", "recipient", "name", "language", "kind", "file", "sha256", "bytes")
# Cells a spreadsheet would run as a formula (or hide behind a control character).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def write_manifest(folder: Path, head: dict[str, Any], rows: Iterable[dict[str, Any]]) -> None:
    """Write ``folder/manifest.csv`` and ``folder/manifest.json``, row by row (a batch of
    thousands of letters is never held as one list), each file atomically."""
    with (
        atomic_file(folder / "manifest.csv", durable=False) as csv_file,
        atomic_file(folder / "manifest.json", durable=False) as json_file,
    ):
        text = io.TextIOWrapper(csv_file, encoding="utf-8", newline="")
        writer = csv.DictWriter(text, fieldnames=MANIFEST_FIELDS, lineterminator="\r\n")
        writer.writeheader()
        opening = json.dumps(head, ensure_ascii=False, indent=2)[:-2]  # leave the object open
        json_file.write(f'{opening},\n  "files": ['.encode())
        separator = "\n"
        for row in rows:
            writer.writerow({k: neutralise(str(v)) for k, v in row.items()})
            json_file.write(f"{separator}    {json.dumps(row, ensure_ascii=False)}".encode())
            separator = ",\n"
        json_file.write(b"\n  ]\n}\n")
        text.flush()
        text.detach()


def previous_rows(folder: Path) -> list[dict[str, Any]]:
    """The file rows of the manifest in ``folder``; empty if there is none or it is unreadable."""
    try:
        previous = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        return [row for row in previous["files"] if isinstance(row, dict)]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def previous_kind(folder: Path) -> str | None:
    """What the manifest in ``folder`` describes — ``draft``, ``final``, ``review packet`` —
    or None if there is none (a manifest from before kinds were written is a draft's)."""
    try:
        previous = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return "unreadable"
    if not isinstance(previous, dict):
        return "unreadable"
    return str(previous.get("kind", "draft"))
