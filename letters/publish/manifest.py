"""The manifest of a batch — drafts or final letters, one format: every file with its hash.

``manifest.csv`` (for a spreadsheet) and ``manifest.json`` (for programs) list
the same rows: letter, recipient, name, language, kind, file (relative to the
folder holding the manifest), sha256 and bytes. The JSON also says what the
batch is (``kind``: ``draft`` or ``final``), each letter's version, and for
final letters the ledger entries that approved them and a hash of what decides their files
(``made_from``).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from letters.errors import LettersError, Problem
from letters.files import json_read
from letters.files.atomic import atomic_file
from letters.publish.staging import batch_key, letters_hash

if TYPE_CHECKING:
    from letters.publish.batch import Batch

__all__ = [
    "MANIFEST_FIELDS",
    "as_listed",
    "batch_head",
    "csv_bytes",
    "enclosing_batch",
    "json_bytes",
    "neutralise",
    "previous_kind",
    "previous_rows",
    "rows_of_batch",
    "rows_planned",
    "superseded",
    "write_batch_manifest",
    "write_manifest",
]

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
        # With a byte-order mark: Excel reads the file as UTF-8 only then (names in Cyrillic)
        text = io.TextIOWrapper(csv_file, encoding="utf-8-sig", newline="")
        writer = _csv_writer(text)

        def each(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
            for row in rows:
                writer.writerow({k: neutralise(str(v)) for k, v in row.items()})
                yield row

        for chunk in _json_chunks(head, each(rows)):
            json_file.write(chunk)
        text.flush()
        text.detach()


def json_bytes(head: dict[str, Any], rows: Iterable[dict[str, Any]]) -> bytes:
    """The manifest.json :func:`write_manifest` writes of ``head`` and ``rows``, as bytes."""
    return b"".join(_json_chunks(head, rows))


def _json_chunks(head: dict[str, Any], rows: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """manifest.json in pieces: ``head``'s keys, then ``"files"``, a row a line."""
    opening = json.dumps(head, ensure_ascii=False, indent=2)[:-2]  # leave the object open
    yield f'{opening},\n  "files": ['.encode()
    separator = "\n"
    for row in rows:
        yield f"{separator}    {json.dumps(row, ensure_ascii=False)}".encode()
        separator = ",\n"
    yield b"\n  ]\n}\n"


def _csv_writer(text: io.TextIOWrapper) -> csv.DictWriter[str]:
    writer = csv.DictWriter(text, fieldnames=MANIFEST_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    return writer


def csv_bytes(rows: Iterable[dict[str, Any]]) -> bytes:
    """The manifest.csv :func:`write_manifest` writes of ``rows``, as bytes."""
    data = io.BytesIO()
    text = io.TextIOWrapper(data, encoding="utf-8-sig", newline="")
    writer = _csv_writer(text)
    for row in rows:
        writer.writerow({k: neutralise(str(v)) for k, v in row.items()})
    text.flush()
    text.detach()
    return data.getvalue()


def previous_rows(folder: Path) -> list[dict[str, Any]]:
    """The file rows of the manifest in ``folder``; empty if there is none or it is unreadable."""
    return _previous(folder)[0]


def enclosing_batch(folder: Path) -> tuple[Path, Path] | None:
    """The output folder of an earlier batch whose files ``folder`` (resolved) is among,
    and the folder of that batch's (a letter's) that holds it; None if there is none.

    ``out/may-2020-joint`` is such a folder when ``out/manifest.json`` lists
    ``may-2020-joint/may-2020-joint.en.docx``: a batch written there would mix its files,
    and its manifest, with that letter's. Only a manifest of letters counts (its ``files``
    rows), so a folder above that holds some other program's manifest.json is no matter.
    """
    for above in folder.parents:
        within = folder.relative_to(above).parts
        for row in previous_rows(above):
            held = PurePosixPath(str(row.get("file", ""))).parts[:-1]
            if held and ".." not in held and within[: len(held)] == held:
                return above, above.joinpath(*held)
    return None


def _previous(folder: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The manifest in ``folder``: its file rows and its letters' versions (both empty if
    there is none or it is unreadable)."""
    try:
        previous = json_read.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        rows = [row for row in previous["files"] if isinstance(row, dict)]
        versions = previous.get("versions")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return [], {}
    return rows, versions if isinstance(versions, dict) else {}


def rows_of_batch(folder: Path, key: str) -> list[dict[str, Any]]:
    """The file rows of the manifest in ``folder`` if it is that of the batch ``key`` (its
    ``"batch"``); empty otherwise, or if there is none or it is unreadable."""
    try:
        manifest = json_read.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(manifest, dict) or manifest.get("batch") != key:
        return []
    return previous_rows(folder)


def previous_kind(folder: Path) -> str | None:
    """What the manifest in ``folder`` describes — ``draft``, ``final``, ``review packet`` —
    or None if there is none (a manifest from before kinds were written is a draft's)."""
    try:
        previous = json_read.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return "unreadable"
    if not isinstance(previous, dict):
        return "unreadable"
    return str(previous.get("kind", "draft"))


def write_batch_manifest(batch: Batch, placed: dict[str, str]) -> None:
    """manifest.csv and manifest.json: every file of the batch with its hash.

    The drafts' manifest describes the whole output folder: the files earlier builds made
    for other letters and languages stay listed (with their versions) while they are still
    as written, so that a later build of those letters knows what to replace.
    """
    kept, kept_versions = ([], {}) if batch.destination.final else _kept(batch, placed)
    head = batch_head(batch, kept_versions)
    head["batch"] = batch_key(batch.staging)  # a rerun of the same batch finds it
    write_manifest(batch.staging, head, chain(_rows(batch, placed), kept))


def batch_head(batch: Batch, kept_versions: dict[str, Any] | None = None) -> dict[str, Any]:
    """What a batch's manifest.json says before its files but for its ``"batch"`` key:
    whose workspace, what kind, each letter's version (``kept_versions``: those of other
    letters a drafts' folder still holds); for final letters, their full digests, the ledger
    entries that approved them and the hash of what decides their files
    (:func:`~letters.publish.staging.letters_hash`)."""
    versions = batch.versions.items()
    head: dict[str, Any] = {
        "workspace": batch.ws.config.name or "",
        "kind": batch.destination.kind,
        "versions": {
            **(kept_versions or {}),
            **{f"{letter}.{lang}": v.short for (letter, lang), v in versions},
        },
    }
    if batch.destination.final:
        head["digests"] = {f"{letter}.{lang}": v.digest for (letter, lang), v in versions}
        head["ledger"] = batch.destination.approvals
        key = {**batch.options.key(), "kind": "final", "approvals": batch.destination.approvals}
        shown = _emails_shown(batch)
        head["made_from"] = letters_hash(batch.ws, batch.jobs, batch.versions.values(), key, shown)
    return head


def _emails_shown(batch: Batch) -> dict[str, Any]:
    """Each letter's e-mail in each language as it reads, recipients as placeholders: its
    subject and every line, blank ones too (None without an e-mail text)."""
    shown: dict[str, Any] = {}
    for job in batch.jobs:
        name = f"{job.letter.id}.{job.lang}"
        if name not in shown:
            email = batch.renderer.emails.preview(job.letter, job.lang, whole=True)
            shown[name] = [email[0], email[1]] if isinstance(email, tuple) else None
    return shown


def rows_planned(batch: Batch, placed: dict[str, str]) -> Iterator[dict[str, Any]]:
    """A row per file of the batch, as :func:`write_batch_manifest` writes it but for its
    sha256 and size (known once it is made)."""
    for job, person, name in batch.files():
        names = person.person.name if person else {}
        yield {
            "letter": job.letter.id if job else "",
            "recipient": person.person.id if person else "",
            "name": names.get(job.lang, "") if job else "",
            "language": job.lang if job else "",
            "kind": Path(name).suffix.lstrip(".") if name != "print.pdf" else "print",
            "file": placed[name],
        }


def _rows(batch: Batch, placed: dict[str, str]) -> Iterator[dict[str, Any]]:
    """One row per file of the batch, made as they are written out (never all at once)."""
    names = (name for _job, _person, name in batch.files())
    for name, row in zip(names, rows_planned(batch, placed), strict=True):
        if name not in batch.hashes:  # made by an interrupted run, or not a letter
            data = (batch.staging / name).read_bytes()
            batch.hashes[name] = (hashlib.sha256(data).hexdigest(), len(data))
        digest, size = batch.hashes.pop(name)
        yield {**row, "sha256": digest, "bytes": size}


def as_listed(folder: Path, row: dict[str, Any]) -> bool | None:
    """Whether the file a manifest ``row`` of ``folder`` lists is still as it was written
    (True), changed since (False), or gone or outside ``folder`` (None)."""
    name = str(row.get("file", ""))
    path = folder / name
    if not name or name.startswith(("/", "..")) or not path.resolve().is_relative_to(folder):
        return None
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == row.get("sha256")
    except OSError:
        return None


def not_as_written(batch: Batch, placed: dict[str, str]) -> list[str]:
    """The files this batch puts in place (``placed``: their names in the output folder)
    whose earlier file there the last manifest does not list as it is now: edited since
    letters wrote it (a draft touched up in Word), or never letters' own (a folder of other
    files given as --out). The last manifest is letters' own where its manifest.json can be
    read and its manifest.csv is the one letters wrote of it (not saved from a spreadsheet)."""
    out = batch.destination.folder
    rows = previous_rows(out)
    listed = {str(row.get("file", "")): row for row in rows}
    found = []
    for name in placed.values():
        if not (out / name).is_file() or (listed and name == "manifest.json"):
            continue
        if listed and name == "manifest.csv":
            with contextlib.suppress(OSError, ValueError):
                if (out / name).read_bytes() == csv_bytes(rows):
                    continue
            found.append(name)
            continue
        row = listed.get(name)
        if row is None or not as_listed(out, row):
            found.append(name)
    return found


def superseded(batch: Batch, placed: dict[str, str]) -> tuple[list[Path], list[Path]]:
    """Files the last build made that nobody changed since and that are no longer made:
    left in place they could be sent. First those of this batch's letters and languages
    that this one does not make (a recipient taken out of the directory, PDFs not asked for
    again, an old print file); then those of a letter or language this workspace no longer
    writes at all (a letter renamed or taken out of letters.yaml, a language taken off its
    list), when the last manifest is this workspace's."""
    out = batch.destination.folder
    gone = _no_longer_written(batch)
    stale: list[Path] = []
    orphans: list[Path] = []
    for row, replaced in _earlier(batch, placed):
        orphan = not replaced and (row.get("letter"), row.get("language")) in gone
        if not (replaced or orphan):
            continue
        name = str(row.get("file", ""))
        unchanged = as_listed(out, row)
        if unchanged:
            (orphans if orphan else stale).append(out / name)
        elif unchanged is not None:
            batch.warnings.append(
                Problem(
                    name,
                    None,
                    "",
                    "kept: changed since the last build, and this build"
                    " no longer makes it; delete it if it is out of date",
                    warning=True,
                )
            )
    return stale, orphans


def _no_longer_written(batch: Batch) -> set[tuple[Any, Any]]:
    """The letters and languages the last manifest lists that this workspace no longer
    writes; none if that manifest is another workspace's (an output folder shared by two
    keeps the other's files) or this one's letters cannot all be planned."""
    from letters.plan import letter_languages

    out = batch.destination.folder
    try:
        head = json_read.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(head, dict) or head.get("workspace") != (batch.ws.config.name or ""):
        return set()
    try:
        written = {
            (letter_id, lang)
            for letter_id, letter in batch.ws.letters.items()
            for lang in letter_languages(batch.ws, letter)
        }
    except LettersError:  # a letter this build does not make may not plan: keep its files
        return set()
    listed = {(row.get("letter"), row.get("language")) for row in previous_rows(out)}
    return {pair for pair in listed if pair[0] and pair not in written}


def _kept(batch: Batch, placed: dict[str, str]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The last manifest's rows for other letters and languages, which this workspace still
    writes, whose files are still as written; and those letters' versions."""
    out = batch.destination.folder
    gone = _no_longer_written(batch)
    kept = [
        {field: _cell(row.get(field, "")) for field in MANIFEST_FIELDS}
        for row, replaced in _earlier(batch, placed)
        if not replaced
        and (row.get("letter"), row.get("language")) not in gone
        and as_listed(out, row)
    ]
    keys = {f"{row['letter']}.{row['language']}" for row in kept}
    versions = _previous(out)[1].items()
    return kept, {key: short for key, short in versions if key in keys and isinstance(short, str)}


def _cell(value: Any) -> str | int:
    """A value of an earlier manifest as a cell of this one (that file is not trusted)."""
    return value if isinstance(value, (str, int)) and not isinstance(value, bool) else str(value)


def _earlier(batch: Batch, placed: dict[str, str]) -> Iterator[tuple[dict[str, Any], bool]]:
    """The last manifest's rows for files this build does not make, each with whether this
    build replaces it: a file of one of its letters and languages, or a print file."""
    ours = {(job.letter.id, job.lang) for job in batch.jobs}
    made = set(placed.values())
    for row in previous_rows(batch.destination.folder):
        if str(row.get("file", "")) not in made:
            mine = (row.get("letter"), row.get("language")) in ours
            yield row, mine or row.get("kind") == "print"
