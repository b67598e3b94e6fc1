"""The sign-off ledger: who approved which version of which letter, in which language.

``signoff/ledger.jsonl`` is append-only. Each line is one entry chained to the
one before by hash, so an edited, deleted or reordered entry is detected and
reported by number. The text each version showed is kept in
``signoff/versions/`` so a later draft can be compared with what was approved.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from letters.errors import LettersError
from letters.files import json_read
from letters.files.atomic import NotTakenBack, append_whole, atomic_write_bytes, atomic_write_text
from letters.files.lock import Locked, holds_lock, workspace_lock
from letters.render.content_version import Version, version_digest

Action = Literal["approve", "revoke", "request-changes"]
GENESIS = "0" * 64
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    """One answer in the ledger, chained to the entry before it by ``prev`` (a hash)."""

    n: int
    prev: str
    who: str
    action: Action
    letter: str
    lang: str
    version: str  # the content hash (sha256 hex)
    time: str  # UTC, ISO 8601
    via: str  # how it was received, e.g. "email of 20 May"
    comment: str
    hash: str = ""
    # an approval's: the sha256 of the signatory's signature picture file as it was when the
    # approval was recorded, or "none"; None (and left out of the entry) in an entry of
    # another action, and in an approval written before approvals kept it
    signature_image: str | None = None

    def body(self) -> dict[str, object]:
        data = self.data()
        data.pop("hash")
        return data

    def data(self) -> dict[str, object]:
        """The entry as the ledger holds it (a field that is None is left out, so an entry
        written before that field existed keeps its hash)."""
        return {k: v for k, v in asdict(self).items() if v is not None}

    def computed_hash(self) -> str:
        canonical = json.dumps(self.body(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class LedgerError(LettersError):
    """Raised when the ledger does not verify: an entry was edited, deleted or moved."""


class HeadNotWritten(LettersError):
    """Raised when an answer was appended to the ledger but signoff/ledger.head could not be
    updated after it (a full disk): the answer is recorded, and the next command in the
    workspace completes the head (see `read_ledger`). A command recording several answers
    stops there: the rest are recorded when it is run again."""


class AnswerNotRecorded(LettersError):
    """Raised when an answer's line could not be appended to the ledger (a full disk): the
    ledger is as it was before it. A command recording several answers stops there, so that
    no later answer is recorded before it."""


def ledger_path(root: Path) -> Path:
    """``signoff/ledger.jsonl``: every answer, one JSON object per line, append-only."""
    return root / "signoff" / "ledger.jsonl"


_FIELDS = {
    "n": int,
    "prev": str,
    "who": str,
    "action": str,
    "letter": str,
    "lang": str,
    "version": str,
    "time": str,
    "via": str,
    "comment": str,
    "hash": str,
}
_OPTIONAL = {"signature_image": str}  # absent from entries written before it was kept
LABEL = "signoff/ledger.jsonl"


def head_path(root: Path) -> Path:
    """The number and hash of the last entry, kept apart so a cut-off ledger is noticed."""
    return root / "signoff" / "ledger.head"


def _read_head(root: Path) -> tuple[int, str] | None:
    path = head_path(root)
    if not path.is_file():
        return None
    try:
        count, last = path.read_text(encoding="ascii").split()
        return int(count), last
    except (ValueError, UnicodeDecodeError):
        raise LedgerError("signoff/ledger.head is damaged; the ledger was edited") from None


def _parse(number: int, line: str) -> Entry:
    try:
        data = json_read.loads(line)
        types = {**_FIELDS, **_OPTIONAL}
        if (
            not isinstance(data, dict)
            or not set(_FIELDS) <= set(data) <= set(types)
            or not all(isinstance(data[k], types[k]) for k in data)
        ):
            raise TypeError
        return Entry(**data)
    except (json.JSONDecodeError, json_read.Unreadable, TypeError):
        raise LedgerError(f"{LABEL}: entry {number} is damaged; the ledger was edited") from None


def read_ledger(root: Path) -> list[Entry]:
    """Every entry, verified; raise LedgerError naming the first entry that breaks the chain.

    The chain and ledger.head catch an edited, deleted, reordered or cut-off
    entry. They are evidence against mistakes and careless edits, not a
    signature: someone who can write the files can rebuild both.

    A write a crash interrupted — the entry appended but ledger.head not yet
    updated, or the entry's line cut short — is completed (under the workspace
    lock) and logged as a warning; a cut-short line is kept aside, never deleted.
    """
    found = _steady_scan(root)
    if not found.interrupted:
        return found.entries
    if holds_lock(root):
        try:
            return _complete(root, found)
        except OSError as exc:  # a disk still full: the command cannot go on
            raise HeadNotWritten(
                f"{exc.filename or LABEL}: {exc.strerror or type(exc).__name__}; {LABEL}:"
                f" {found.describe()}, and it cannot be completed now: {_fix(exc)}, and run"
                " the command again; nothing more was written"
            ) from None
    try:
        with workspace_lock(root, "completing the sign-off ledger"):
            return _complete(root, _scan(root))
    except Locked:
        # Another command is writing the ledger right now: what it has not committed
        # (ledger.head not yet updated) does not count yet, and is not ours to complete.
        return found.committed
    except OSError as exc:  # a read-only workspace, say: read it as it stands
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
        log.warning(
            "%s: %s; it cannot be completed now (%s)%s",
            LABEL,
            found.describe(),
            exc.strerror or type(exc).__name__,
            ", and is not counted until it is: free some space on that disk, and the next"
            " command completes it"
            if full
            else "",
        )
        return found.committed


@dataclass
class _Scan:
    """The ledger as read: its verified entries and what an interrupted write left."""

    entries: list[Entry]  # every complete, verified entry, the uncommitted one included
    head: tuple[int, str]
    size: int  # bytes of the whole lines
    unterminated: bool = False  # the last entry's newline is missing
    torn: bytes = b""  # a cut-short last line, not an entry

    @property
    def pending(self) -> bool:
        """The last entry is written, but ledger.head still names the one before it."""
        return len(self.entries) == self.head[0] + 1

    @property
    def interrupted(self) -> bool:
        return self.pending or self.unterminated or bool(self.torn)

    @property
    def committed(self) -> list[Entry]:
        return self.entries[: self.head[0]]

    def describe(self) -> str:
        number = self.head[0] + 1
        if self.torn:
            return f"entry {number} was cut short while it was written (an interrupted write)"
        if self.pending:
            return (
                f"entry {number} was written but signoff/ledger.head was not updated"
                " (an interrupted write)"
            )
        return f"entry {len(self.entries)} was written without its line end (an interrupted write)"


def _steady_scan(root: Path) -> _Scan:
    """:func:`_scan`, read again while signoff/ledger.head changes as it reads: a command
    reading without the lock (``review status``) reads ledger.head, then the ledger, and
    another recording two answers in between would look like an edit of the ledger. With
    ledger.head the same before and after, at most the one answer being recorded is beyond
    it, which :func:`_scan` knows."""
    for _attempt in range(10):
        before = _head_bytes(root)
        try:
            found = _scan(root)
        except LedgerError:
            if _head_bytes(root) == before:
                raise
            continue
        if _head_bytes(root) == before:
            return found
    return _scan(root)  # answers recorded without pause: this read is as good as any


def _head_bytes(root: Path) -> bytes | None:
    try:
        return head_path(root).read_bytes()
    except OSError:  # missing, or unreadable: as _scan then says
        return None


def _scan(root: Path) -> _Scan:
    """Read and verify the ledger; raise LedgerError unless it is whole or a write was
    interrupted in one of the ways ``append`` can be."""
    path = ledger_path(root)
    recorded = _read_head(root)
    head = recorded if recorded is not None else (0, GENESIS)
    if not path.is_file():
        if recorded is not None:
            raise LedgerError(
                f"{LABEL} is missing, but signoff/ledger.head records {recorded[0]} entries"
            )
        return _Scan([], head, 0)
    data = path.read_bytes()
    size = data.rfind(b"\n") + 1
    whole, tail = data[:size], data[size:]
    try:
        text = whole.decode("utf-8")
    except UnicodeDecodeError:
        raise LedgerError(f"{LABEL} is not UTF-8 text; the ledger was edited") from None
    lines = text.split("\n")[:-1]  # not splitlines(): a comment may hold U+2028
    entries = _verify(lines, [])
    found = _Scan(entries, head, size)
    if tail:
        try:
            entries = _verify([tail.decode("utf-8")], entries)
            found = _Scan(entries, head, size, unterminated=True)
        except (UnicodeDecodeError, LedgerError):
            if _matches(entries, head):
                return _Scan(entries, head, size, torn=tail)
            # not what a cut-short append leaves: report it as an edit, by entry number
            try:
                _verify([tail.decode("utf-8")], entries)
            except UnicodeDecodeError:
                raise LedgerError(f"{LABEL} is not UTF-8 text; the ledger was edited") from None
    count = head[0]
    if len(found.entries) < count:
        first = len(found.entries) + 1
        which = f"entry {first} is" if first == count else f"entries {first} to {count} are"
        raise LedgerError(
            f"{LABEL}: {which} missing (signoff/ledger.head records {count}); the ledger was cut"
        )
    if not _matches(found.entries, head) and not (
        found.pending and _matches(found.entries[:-1], head)
    ):
        if recorded is None:
            raise LedgerError(
                f"{LABEL} has {len(found.entries)} entries, but signoff/ledger.head, which"
                " records the last one, is missing: it was deleted (restore it from a backup"
                " or from version control)"
            )
        raise LedgerError(
            f"{LABEL}: entry {len(found.entries)} does not match signoff/ledger.head;"
            " the ledger was edited"
        )
    return found


def _verify(lines: list[str], before: list[Entry]) -> list[Entry]:
    """``before`` followed by the entries of ``lines``, each checked against the chain."""
    entries = list(before)
    prev = entries[-1].hash if entries else GENESIS
    for number, line in enumerate(lines, start=len(entries) + 1):
        if not line.strip():
            raise LedgerError(f"{LABEL}:{number}: an empty line; the ledger was edited")
        entry = _parse(number, line)
        if entry.n != number or entry.prev != prev:
            raise LedgerError(
                (
                    f"{LABEL}: entry {number} does not follow entry {number - 1}"
                    if number > 1
                    else f"{LABEL}: entry 1 is not the first entry written"
                )
                + ": an entry was deleted, inserted or moved"
            )
        if entry.computed_hash() != entry.hash:
            raise LedgerError(f"{LABEL}: entry {number} was changed after it was written")
        entries.append(entry)
        prev = entry.hash
    return entries


def _matches(entries: list[Entry], head: tuple[int, str]) -> bool:
    return (len(entries), entries[-1].hash if entries else GENESIS) == head


def _complete(root: Path, found: _Scan) -> list[Entry]:
    """Finish the interrupted write ``found`` describes; hold the workspace lock."""
    if not found.interrupted:
        return found.entries
    path = ledger_path(root)
    note = found.describe()
    if found.torn:
        aside = _keep_aside(root, found.head[0] + 1, found.torn)
        with path.open("r+b") as handle:
            handle.truncate(found.size)
            os.fsync(handle.fileno())
        ends = f"ends at entry {found.head[0]}" if found.head[0] else "is empty"
        log.warning(
            "%s: %s; its %d bytes were moved to signoff/%s and the ledger %s:"
            " record that answer again",
            LABEL,
            note,
            len(found.torn),
            aside.name,
            ends,
        )
        return found.entries
    if found.unterminated:
        append_whole(path, b"\n")
    if found.pending:
        last = found.entries[-1]
        atomic_write_text(head_path(root), f"{last.n} {last.hash}\n")
    log.warning("%s: %s; completed it", LABEL, note)
    return found.entries


def _keep_aside(root: Path, number: int, data: bytes) -> Path:
    """Save a cut-short line under a name of its own, next to the ledger."""
    for attempt in range(1, 1000):
        suffix = "" if attempt == 1 else f"-{attempt}"
        aside = root / "signoff" / f"ledger.entry-{number}{suffix}.cut-short"
        if aside.exists():
            if aside.read_bytes() == data:
                return aside  # kept already, by a completion a crash cut short
            continue
        atomic_write_bytes(aside, data)
        return aside
    raise LedgerError(f"{LABEL}: too many kept copies of entry {number}")


def append(
    root: Path,
    who: str,
    action: Action,
    version: Version,
    via: str,
    comment: str = "",
    signature_image: str | None = None,
) -> Entry:
    """Add one entry to the ledger (after verifying it) and keep the version's text;
    ``signature_image`` (an approval's) is the sha256 of the signatory's picture, or "none".

    The entry is written first and ledger.head updated after it: a crash between the two
    leaves a write the next command recognises and completes (see `read_ledger`).
    """
    entries = read_ledger(root)
    entry = Entry(
        n=len(entries) + 1,
        prev=entries[-1].hash if entries else GENESIS,
        who=who,
        action=action,
        letter=version.letter,
        lang=version.lang,
        version=version.digest,
        time=dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        via=via,
        comment=comment,
        signature_image=signature_image,
    )
    entry = Entry(**{**entry.body(), "hash": entry.computed_hash()})  # type: ignore[arg-type]
    keep_version(root, version)
    path = ledger_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry.data(), sort_keys=True, ensure_ascii=False) + "\n"
    try:
        append_whole(path, line.encode("utf-8"))  # append-only, never rewritten
    except NotTakenBack as exc:
        raise AnswerNotRecorded(
            f"{exc.filename}: {exc.strerror}; the answer is not recorded, but {exc.written}"
            f" bytes of its line stay at the end of {LABEL} ({exc.cause.strerror}): the next"
            f" letters command in this workspace sets them aside as an interrupted write;"
            f" {_fix(exc)}, and run the command again"
        ) from None
    except OSError as exc:
        raise AnswerNotRecorded(
            f"{exc.filename}: {exc.strerror}; the answer is not recorded, and {LABEL} is as it"
            f" was before it: {_fix(exc)}, and run the command again"
        ) from None
    try:
        atomic_write_text(head_path(root), f"{entry.n} {entry.hash}\n")
    except OSError as exc:
        # "No space left" alone would read as if nothing was recorded, and the answer be
        # recorded again by hand: say that it stands, and that it needs no more than room
        raise HeadNotWritten(
            f"{exc.filename or head_path(root)}: {exc.strerror or type(exc).__name__}; the"
            f" answer is recorded all the same, as entry {entry.n} of {LABEL}, but"
            f" signoff/ledger.head does not name it yet: {_fix(exc)}, and the next letters command"
            " in this workspace (this one again, or 'letters review status') completes it"
        ) from None
    return entry


def _fix(exc: OSError) -> str:
    """What to do about a file of the ledger that could not be written, as a message says it."""
    full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
    return "free some space on that disk" if full else "put that right"


def version_path(root: Path, letter: str, lang: str, digest: str) -> Path:
    """Where the text of an answered version is kept, for redlines later."""
    return root / "signoff" / "versions" / f"{letter}.{lang}.{digest[:16]}.json"


def keep_version(root: Path, version: Version) -> None:
    """Keep the text and inputs of ``version`` (once), so a later redline can show what changed."""
    path = version_path(root, version.letter, version.lang, version.digest)
    if not path.exists():
        data = {
            "letter": version.letter,
            "lang": version.lang,
            "version": version.digest,
            "text": list(version.text),
            "inputs": version.inputs,
            "package": version.package,
        }
        atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=1), owned=True)


def kept_version(root: Path, letter: str, lang: str, digest: str) -> Version | None:
    """The kept text of a version, or None if it is missing or unreadable."""
    path = version_path(root, letter, lang, digest)
    if not path.is_file():
        return None
    try:
        data = json_read.loads(path.read_text(encoding="utf-8"))
        version = Version(letter, lang, data["version"], tuple(data["text"]), dict(data["inputs"]))
        package = data.get("package")  # kept since versions are checked against their text
        if not isinstance(package, str | None) or not all(isinstance(t, str) for t in version.text):
            raise TypeError
        if not all(isinstance(v, str) for pair in version.inputs.items() for v in pair):
            raise TypeError
    except (ValueError, KeyError, TypeError, AttributeError):
        raise LedgerError(f"signoff/versions/{path.name} is damaged") from None
    if version.digest != digest:
        raise LedgerError(f"signoff/versions/{path.name} does not hold the version it names")
    if package and version_digest(letter, lang, version.text, package) != digest:
        raise LedgerError(
            f"signoff/versions/{path.name} was changed after it was kept: its text is not"
            f" the text of version {version.short}, so no redline is made from it; delete"
            " the file, and the signatory is asked to read the whole draft"
        )
    return version
