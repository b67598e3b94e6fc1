"""A batch's staging folder: named after its inputs, so a rerun finds what a killed run made.

Files are written here first, each atomically; they are checked for
completeness on resume and published (moved into place) only when the whole
batch is ready.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import shutil
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import docxtpl

from letters import __version__
from letters.files.digest import file_sha256
from letters.files.inside import READ_FROM
from letters.load.loader import WorkspaceData, fingerprint
from letters.plan import Job
from letters.render.content_version import Version

__all__ = [
    "NO_ROOM",
    "STAGING_PREFIX",
    "batch_key",
    "check_destination",
    "check_inside",
    "check_not_kept",
    "check_unchanged",
    "complete",
    "inputs_hash",
    "letters_hash",
    "publish_files",
    "room_needed",
    "take_back_published",
    "undo_killed_files",
]

# Folders of a workspace that hold its inputs and records: never an output folder.
_KEPT = ("cases", "recipients", "templates", "locales", "signoff", "final")

STAGING_PREFIX = ".letters-batch-"

# A file that cannot be written for want of room (a full disk, a quota, a file size limit)
# or on a disk that takes no writes: no letter's fault, and no retry of it helps.
NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})


@contextlib.contextmanager
def room_needed(ws: WorkspaceData, staging: Path) -> Iterator[None]:
    """Stop a batch whose file could not be written for want of room with a `LettersError`
    that names the file and where the letters made so far wait for the same command."""
    from letters.errors import LettersError

    try:
        yield
    except OSError as exc:
        if exc.errno not in NO_ROOM:
            raise
        kept = ws.rel(staging)
        where = ws.rel(Path(exc.filename)) if isinstance(exc.filename, str) else None
        what = where or f"a file on the disk of {kept}/"  # an fsync says no name
        again = "run the same command again to finish the rest"
        if exc.errno == errno.EFBIG:  # a limit on one file's size: freeing space will not do
            raise LettersError(
                f"cannot write {what}: {exc.strerror}, larger than that disk or your file"
                f" size limit (ulimit -f) lets one file grow; the letters made so far are"
                f" kept in {kept}/, but making room will not help: raise the limit and {again},"
                " or write to a folder on another disk, or fewer letters at a time"
            ) from None
        fix = "make that disk writable" if exc.errno == errno.EROFS else "make room on it"
        raise LettersError(
            f"cannot write {what}: {exc.strerror}; the letters made so far are kept in"
            f" {kept}/: {fix} and {again}"
        ) from None


def inputs_hash(ws: WorkspaceData, jobs: Sequence[Job], key: dict[str, Any]) -> str:
    """A hash of everything a batch's files are made from: the input files as they were
    read (``ws.fingerprint``), the tool versions, the files planned and ``key`` (the
    options, and for final letters the approvals)."""
    digest = hashlib.sha256()
    plan_key = [job.stem for job in jobs]
    digest.update(json.dumps([_tools(), key, plan_key], sort_keys=True).encode())
    digest.update(ws.fingerprint.encode())
    return digest.hexdigest()[:20]


def letters_hash(
    ws: WorkspaceData,
    jobs: Sequence[Job],
    versions: Iterable[Version],
    key: dict[str, Any],
    emails_shown: dict[str, Any] | None = None,
) -> str:
    """A hash of what decides a final batch's files, unlike :func:`inputs_hash` blind to an
    edit that changes none (a comment in a case file, a recipient no letter addresses): the
    tool versions, ``key`` (the options and approvals) and the files planned, as there; each
    letter's ``versions`` (its content's digest, and what it was made from: the template's
    bytes, the texts it uses, its public facts, every signatory and recipient as read, with
    their e-mail addresses); every image the workspace names (the signature pictures a final
    letter shows, which no version holds), the e-mail texts' bytes and ``emails_shown``,
    each letter's e-mail as it reads, recipients as placeholders (their blank lines too,
    which no version holds: a case text only an e-mail shows may gain one), and the
    workspace's settings. Recorded in a final folder's manifest, it lets finalise
    know before making anything that the newest one holds what it would make. As in
    :func:`inputs_hash`, the LibreOffice and fonts of the machine are not part of it."""
    letters = {
        f"{v.letter}.{v.lang}": [v.digest, sorted(v.inputs.items())]
        for v in sorted(versions, key=lambda v: (v.letter, v.lang))
    }
    mails = {}
    for name, path in sorted(ws.email_texts.items()):
        try:
            mails[name] = file_sha256(path).hex()
        except OSError:
            mails[name] = "unreadable"
    payload = {
        "tools": _tools(),
        "key": key,
        "plan": [job.stem for job in jobs],
        "letters": letters,
        "images": {rel: image.sha1 for rel, image in sorted(ws.images.items())},
        "emails": mails,
        "emails_shown": emails_shown or {},
        "config": ws.config.model_dump(mode="json"),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _tools() -> dict[str, str]:
    """The versions of the tools that write the files (a release may write them otherwise)."""
    return {"letters": __version__, "docxtpl": getattr(docxtpl, "__version__", "")}


def batch_key(staging: Path | str) -> str:
    """What a final letters' manifest records of their batch, to be known by a rerun of it:
    the hash its staging folder is named by."""
    return Path(staging).name.removeprefix(STAGING_PREFIX)


def check_unchanged(ws: WorkspaceData) -> None:
    """Refuse to go on if an input file changed since the workspace was read: the letters
    would be made from the old text under a name that says the new one."""
    from letters.errors import LettersError

    if fingerprint(ws.root) != ws.fingerprint:
        raise LettersError(
            "the workspace's files changed after this command read them (someone is editing"
            " them?); nothing was written: run the command again (in Python, call"
            " Workspace.reload() first)"
        )


def check_destination(ws: WorkspaceData, folder: Path, kind: str) -> None:
    """Refuse to publish a ``kind`` of batch into ``folder`` when that would overwrite or
    prune what is not ours: the workspace's own folders, or another kind's output."""
    from letters.errors import LettersError
    from letters.publish.manifest import enclosing_batch, previous_kind

    check_not_kept(ws, folder, kind)
    folder = folder.resolve()
    found = previous_kind(folder)
    if found == "unreadable":
        raise LettersError(
            f"refusing to write {kind} files into {folder}: its manifest.json cannot be read"
            " as the manifest of letters, so what this would replace or prune there is not"
            " known; choose another output folder"
        )
    if found is not None and found != kind:
        raise LettersError(
            f"refusing to write {kind} files into {folder}: it holds the manifest of a {found}"
            " output, which this would replace or prune; choose another output folder"
        )
    enclosing = enclosing_batch(folder)
    if enclosing is not None:
        above, held = enclosing
        where = "it is" if held == folder else f"it is inside {held},"
        same = previous_kind(above) == kind  # a build again where the earlier one was
        choose = f"{above} itself, or a folder outside {held}" if same else "another folder"
        raise LettersError(
            f"refusing to write {kind} files into {folder}: {where} a folder of the batch"
            f" written into {above} (its manifest.json lists files in it), and the two"
            f" batches would be mixed; choose {choose}"
        )


def check_not_kept(ws: WorkspaceData, folder: Path, kind: str) -> None:
    """Refuse to write ``kind`` files into ``folder`` if it really is the workspace or in one
    of its own folders (its inputs, its records): they would be read as inputs, or mixed with
    the records."""
    from letters.errors import LettersError
    from letters.files.inside import within

    root = ws.root.resolve()
    folder = folder.resolve()
    same = within(folder, root) and within(root, folder)
    if same or any(within(folder, root / name) for name in _KEPT):
        raise LettersError(
            f"refusing to write {kind} files into {folder}: it is the workspace or one of its"
            f" own folders ({', '.join(_KEPT)}); choose another output folder"
        )


def check_inside(ws: WorkspaceData, folder: Path, folders: Iterable[Path]) -> None:
    """Refuse to write into ``folders`` (the output ``folder``, resolved, and folders in it)
    when one leads outside where they belong: the workspace, for an output folder in it; else
    the ``folder`` the user named; or when a link leads one into a folder letters reads. Each
    is resolved once, right before it is written into, so a link made since the command began
    (``out/`` or a letter's folder replaced by a link elsewhere) is found before anything goes
    through it; nothing has been moved then."""
    from letters.files.inside import check_writing, outside, within

    in_workspace = folder.is_relative_to(ws.root)
    bound = ws.root if in_workspace else folder
    inputs = [ws.root.resolve() / name for name in READ_FROM]
    for where in dict.fromkeys(folders):
        real = where.resolve()
        if outside(bound, where) is not None or any(within(real, i) for i in inputs):
            what = "the workspace" if in_workspace else str(folder)
            check_writing(bound, where, " and run the same command again", what)


def complete(path: Path) -> bool:
    """A cheap check that a staged file was fully written (it may predate a power cut)."""
    try:
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                return archive.testzip() is None
        data = path.read_bytes()
        if path.suffix == ".pdf":
            return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
        if path.suffix == ".eml":
            return data.endswith(b"--\r\n")
        return bool(data)
    except (OSError, zipfile.BadZipFile):
        return False


def take_back_published(staging: Path, out: Path, placed: dict[str, str]) -> int:
    """Copy back into ``staging`` the files a run of the same batch, killed while it moved them
    into ``out``, had moved already, so that they are not made again; returns how many.

    A file is taken back only if it is, byte for byte, the one that run staged: the staged
    ``manifest.json`` (moved last, so still there) records each file's hash and size; once
    it was moved too (nothing is left staged), the one in ``out`` does if it names this
    batch. One changed since (edited by hand, cut short) is left in ``out`` and made again,
    and replaced as any earlier file is. ``placed`` maps each staged name to its path in
    ``out``; ``staging`` is the staging folder the killed run left."""
    from letters.publish.manifest import previous_rows, rows_of_batch

    if (staging / "manifest.json").exists():
        rows = previous_rows(staging)
    elif not any(staging.iterdir()):  # all moved, the manifest last; its folder not removed
        rows = rows_of_batch(out, batch_key(staging))
    else:  # killed before its manifest was made: nothing was moved
        return 0
    recorded = {str(row.get("file", "")): row for row in rows}
    taken = 0
    for name, rel in placed.items():
        row = recorded.get(rel)
        moved = out / rel
        if row is None or (staging / name).exists() or moved.is_symlink():
            continue
        try:
            if not moved.is_file() or moved.stat().st_size != row.get("bytes"):
                continue
            source = moved.open("rb")
        except OSError:  # gone, or unreadable: made again
            continue
        with source:
            taken += _copy_if_staged(source, staging / name, str(row.get("sha256")))
    return taken


class _NotStaged(Exception):
    """A file's content is not the one staged: it is not taken back."""


def _copy_if_staged(source: BinaryIO, staged: Path, sha256: str) -> bool:
    """Copy ``source`` to ``staged``, a piece at a time (a print file of thousands of letters
    is never held whole), if its content has the hash ``sha256``; else write nothing."""
    from letters.files.atomic import atomic_file

    digest = hashlib.sha256()

    def same() -> None:
        if digest.hexdigest() != sha256:
            raise _NotStaged

    try:
        with atomic_file(staged, durable=False, before_replace=same) as copy:
            while piece := source.read(2**20):
                digest.update(piece)
                copy.write(piece)
    except _NotStaged:
        return False
    return True


def undo_killed_files(ws: WorkspaceData, folder: Path, command: str) -> list[Path]:
    """Put ``folder`` back as it was before a :func:`publish_files` into it was killed while
    it moved its files into place (as :func:`letters.publish.drafts.undo_killed_publish`
    does for a build), so that what the next one reads there (another letter's files, the
    manifest) and the earlier files it had taken out of the way are the earlier packet's:
    call it before the folder is read. Returns the folders of earlier files that could not
    go back, their place taken since (kept, shown)."""
    from letters.publish.drafts import killed_publishes, undo_moves

    if not killed_publishes(folder):
        return []
    with _locks(ws, folder, command):
        return undo_moves(folder)


@contextlib.contextmanager
def _locks(ws: WorkspaceData, folder: Path, command: str) -> Iterator[None]:
    """The workspace's lock, then ``folder``'s (made if need be) unless it is the workspace:
    another workspace may publish into the same folder (``review packet -o DIR``), as builds
    share an output folder."""
    from letters.files.lock import output_folder_lock, workspace_lock

    with workspace_lock(ws.root, command):
        check_inside(ws, folder, [folder])  # none made or locked via a link
        folder.mkdir(parents=True, exist_ok=True)
        with output_folder_lock(ws.root, folder, command):
            yield


def publish_files(
    ws: WorkspaceData,
    folder: Path,
    files: dict[str, bytes],
    head: dict[str, Any],
    *,
    command: str,
    about: dict[str, tuple[str, str]] | None = None,
) -> list[Path]:
    """Publish a few small files made in memory (a review packet) the way a batch is
    published: staged, listed in a manifest, flushed to disk, then moved into ``folder``
    with the manifest last. Files the last manifest there listed that are not made again,
    and that nobody changed since, are removed (an old draft must not be sent by mistake).
    ``about`` gives a file's (letter, language) for the manifest. Returns the paths
    written, the manifest's included."""
    from letters.errors import LettersError
    from letters.files.atomic import atomic_write_bytes, check_writable, flush
    from letters.files.swap import NotPlaced, discard_kept, new_keep, not_placed, replace_all
    from letters.publish.drafts import record_moving, undo_moves
    from letters.publish.manifest import as_listed, previous_rows, write_manifest

    names = [*sorted(files), "manifest.csv", "manifest.json"]
    check_destination(ws, folder, str(head["kind"]))
    check_writable([folder / name for name in names])
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    with _locks(ws, folder, command):  # the folder's too: another workspace may publish there
        staging = folder / (STAGING_PREFIX + digest.hexdigest()[:20])
        check_inside(ws, folder, [folder, staging])
        undo_moves(folder)  # a killed one's, if the caller did not: its kept files not lost
        for other in folder.glob(STAGING_PREFIX + "*"):
            if other != staging:
                shutil.rmtree(other, ignore_errors=True)  # an interrupted run's, never published
        staging.mkdir(parents=True, exist_ok=True)
        rows = []
        for name in sorted(files):
            atomic_write_bytes(staging / name, files[name], durable=False)
            letter, lang = (about or {}).get(name, ("", ""))
            rows.append(
                {
                    "letter": letter,
                    "recipient": "",
                    "name": "",
                    "language": lang,
                    "kind": name.rsplit(".", 1)[-1],
                    "file": name,
                    "sha256": hashlib.sha256(files[name]).hexdigest(),
                    "bytes": len(files[name]),
                }
            )
        write_manifest(staging, head, rows)
        check_inside(ws, folder, [folder, staging])  # again: a link made while it was made
        flush([staging / name for name in names])
        stale = []
        for row in previous_rows(folder):
            old = folder / str(row.get("file", ""))
            if old.name not in files and old.parent == folder and as_listed(folder, row):
                stale.append(old)  # superseded and unchanged: an out-of-date draft goes
        moves = [(staging / name, folder / name) for name in names]
        keep = new_keep(folder)
        # what a later packet's undo (undo_killed_files) may take back: these only
        record_moving(staging, keep, {name: name for name in names[:-1]})
        try:
            replace_all(moves, stale, folder, keep)
        except NotPlaced as exc:
            raise LettersError(not_placed(exc, folder)) from None
        flush([folder / name for name in names])
        shutil.rmtree(staging, ignore_errors=True)
        discard_kept(folder)
    return [folder / name for name in names]
