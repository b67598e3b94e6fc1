"""A batch of letters — Word, PDF, e-mail drafts, a print file, a manifest — made resumably.

One pipeline for drafts and final letters: the plan's files are rendered
(in parallel), converted, mailed and joined in a staging folder, each file
atomically; only when the whole batch is ready is it published — drafts are
moved into the output folder (manifest last), final letters become a new
numbered folder in one rename. A failed or interrupted batch leaves the
published files as they were. The staging folder is named after a hash of
every input and option, so running the same command again after Ctrl-C or
``kill -9`` finishes only what is missing; a changed input starts afresh.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from letters.errors import Interrupted, LettersError, Problem, problems_error, sort_problems
from letters.files.atomic import check_writable
from letters.files.lock import output_folder_lock, workspace_lock
from letters.load.loader import PersonEntry, WorkspaceData
from letters.plan import Job, Plan
from letters.publish.drafts import publish_drafts
from letters.publish.final_folders import (
    MADE_BEFORE,
    MADE_FROM_SAME,
    made_already,
    newest_same,
    publish_folder,
    published_before,
    record_made_from,
    same_letters,
)
from letters.publish.left_elsewhere import remind_left
from letters.publish.manifest import neutralise, write_batch_manifest
from letters.publish.outputs import (
    Email,
    convert_all,
    email_targets,
    footnotes_apart,
    print_file,
    write_emails,
)
from letters.publish.staging import (
    STAGING_PREFIX,
    check_destination,
    check_inside,
    check_unchanged,
    complete,
    inputs_hash,
    room_needed,
    take_back_published,
)
from letters.publish.stopping import stop_signals
from letters.publish.workers import render_batch
from letters.render.content_version import Version
from letters.render.renderer import Renderer, VersionKey

__all__ = [
    "STAGING_PREFIX",
    "Batch",
    "BuildResult",
    "Destination",
    "Options",
    "Progress",
    "inputs_hash",
    "neutralise",
    "run_batch",
    "staging_name",
]


@dataclass(frozen=True)
class Options:
    """What a batch makes besides the Word letters, and how."""

    pdf: bool = False
    pdfa: bool = False  # PDF/A-2b, for archiving
    email: bool = False  # an e-mail draft per recipient, the PDF attached
    print_file: bool = False  # every letter joined into print.pdf
    # many letters per LibreOffice layout, split back (see letters.publish.joined); False
    # lays out each letter's PDF on its own
    join_pdfs: bool = True
    strict: bool = False  # refuse untranslated or fuzzy messages instead of marking them
    workers: int | None = None  # processes for rendering and PDF; default: every core

    def key(self) -> dict[str, Any]:
        """What of the options changes the files (the staging folder's name depends on it)."""
        return {
            "pdf": self.wants_pdf,
            "pdfa": self.pdfa,
            "email": self.email,
            "print": self.print_file,
            "join_pdfs": self.join_pdfs,
            "strict": self.strict,
        }

    @property
    def wants_pdf(self) -> bool:
        """PDFs are made when asked, and for e-mail drafts and the print file."""
        return self.pdf or self.pdfa or self.email or self.print_file

    @property
    def processes(self) -> int:
        """How many processes render and convert."""
        return max(1, self.workers or os.cpu_count() or 1)


class Progress(Protocol):
    """What a batch reports while it runs (the command line draws a bar)."""

    def phase(self, name: str, total: int) -> None: ...

    def advance(self, count: int = 1) -> None: ...

    def done(self) -> None: ...


class _Silent:
    def phase(self, name: str, total: int) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass

    def done(self) -> None:
        pass


@dataclass
class BuildResult:
    """What a batch made: the files published, warnings, counts, time taken."""

    written: list[Path]
    warnings: list[Problem]
    letters: int = 0
    languages: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # ".docx" -> files written
    resumed: int = 0  # files an interrupted run of the same batch had already made
    seconds: float = 0.0
    out: Path = Path("out")  # the folder published into (for final letters, their new folder)
    notes: list[str] = field(default_factory=list)  # how the batch was made, worth knowing
    untranslated: int = 0  # messages the drafts mark [UNTRANSLATED: ...], each counted once
    # finalise found these letters in ``out`` already (a notes line says why): nothing written
    already_final: bool = False


@dataclass
class Destination:
    """Where a batch is published, and whether its letters are drafts or final.

    Drafts go into ``folder`` (``out/``), one subfolder per letter, replacing
    the last build's files. Final letters become a new folder
    ``folder/NNN-<versions>`` (``final/<letter>/``), never replacing an earlier one.
    """

    kind: Literal["draft", "final"]
    folder: Path
    approvals: list[dict[str, Any]] = field(default_factory=list)  # ledger entries (finals)

    @property
    def final(self) -> bool:
        """True for final letters: no DRAFT mark, a new folder each time."""
        return self.kind == "final"

    def relative(self, job: Job | None, name: str) -> str:
        """Where a staged file named ``name`` goes, relative to the published folder."""
        parts = [name] if job is None or self.final else [job.letter.id, name]
        for part in parts:  # ids are slugs already; this second lock keeps files inside
            if not part or part in (".", "..") or any(c in part for c in "/\\\0"):
                raise LettersError(f"refusing to write outside {self.folder}: {name}")
        return "/".join(parts)


# Run under the workspace lock once every version is known: the approving ledger entries.
Gate = Callable[[dict[VersionKey, Version]], list[dict[str, Any]]]


@dataclass
class Batch:
    """One batch while it runs: its plan, renderer, versions and staging folder."""

    ws: WorkspaceData
    jobs: list[Job]
    versions: dict[VersionKey, Version]
    renderer: Renderer
    options: Options
    destination: Destination
    staging: Path = Path()
    emails: list[Email] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    hashes: dict[str, tuple[str, int]] = field(default_factory=dict)  # staged name: sha256, size
    notes: list[str] = field(default_factory=list)  # how it was made, for the summary

    def draft(self, job: Job) -> str | None:
        """The version id a draft shows; None for a final letter (no DRAFT mark)."""
        if self.destination.final:
            return None
        return self.versions[(job.letter.id, job.lang)].short

    def staged(self, stem: str, suffix: str) -> Path:
        """A file in the staging folder."""
        return self.staging / f"{stem}{suffix}"

    def files(self) -> Iterator[tuple[Job | None, PersonEntry | None, str]]:
        """Every file of the batch but the manifest: (job, recipient, staged name)."""
        for job in self.jobs:
            yield job, job.recipient, f"{job.stem}.docx"
            if self.options.wants_pdf:
                yield job, job.recipient, f"{job.stem}.pdf"
        for email in self.emails:
            yield email.job, email.recipient, f"{email.stem}.eml"
        if self.options.print_file:
            yield None, None, "print.pdf"

    def destinations(self) -> dict[str, str]:
        """{staged name: path relative to the published folder}, the manifest last."""
        placed = {name: self.destination.relative(job, name) for job, _p, name in self.files()}
        placed.update({"manifest.csv": "manifest.csv", "manifest.json": "manifest.json"})
        return placed


def run_batch(
    ws: WorkspaceData,
    the_plan: Plan,
    options: Options,
    destination: Destination,
    *,
    progress: Progress | None = None,
    gate: Gate | None = None,
) -> BuildResult:
    """Render, convert, mail, join and publish ``the_plan``'s letters to ``destination``.

    ``gate`` (finalise) runs under the workspace lock once every version is
    known and returns the ledger entries approving them, or raises. Drafts
    mark each untranslated message and report it as a warning; final letters,
    and drafts built with ``options.strict`` (``build --final``), refuse any gap instead.
    """
    started = time.monotonic()
    progress = progress or _Silent()
    if the_plan.problems:
        raise problems_error(the_plan.problems)
    jobs = the_plan.jobs
    renderer = Renderer(ws, options.strict or destination.final)
    versions, warnings = _versions(renderer, jobs)
    batch = Batch(ws, jobs, versions, renderer, options, destination, warnings=warnings)
    if options.email:
        try:
            _check_emails(batch)
        except LettersError as exc:  # the letters' warnings are still true: said with it
            exc.warnings = sort_problems([*batch.warnings, *exc.warnings])
            raise
    if not destination.final:
        check_destination(ws, destination.folder, destination.kind)
        targets = [destination.folder / rel for rel in batch.destinations().values()]
        check_inside(ws, destination.folder, [path.parent for path in targets])
        check_writable(targets)
    if options.wants_pdf:
        from letters.publish.pdf import soffice

        soffice()  # a missing LibreOffice is reported before anything is done
    command = "finalise" if destination.final else "build"
    with contextlib.ExitStack() as locks:
        locks.enter_context(workspace_lock(ws.root, command))
        check_unchanged(ws)  # what was read is what is on disk, now that nobody else writes
        if gate is not None:
            try:
                destination.approvals = gate(versions)
            except LettersError:
                _discard_unpublished(destination.folder)  # letters nobody approved: not kept
                raise
            renderer.signed = _signed(destination.approvals, versions)
        out = destination.folder
        staging = staging_name(ws, jobs, options, destination)
        check_inside(ws, out, [out, out / staging])  # none made, locked or cleared via a link
        earlier = published_before(out, staging) if destination.final else None
        note = MADE_BEFORE  # a run killed once it published them: not a second time
        if earlier is None and destination.final:  # an edit that changes no letter, known
            earlier, note = made_already(batch), MADE_FROM_SAME  # before any letter is made
        if earlier is not None:  # what a batch left staged (a crash once it recorded
            _discard_unpublished(out)  # made_from, say) is cleared, as a run making them does
            remind_left(out)  # the records set aside there, as a run that makes them says
            if options.wants_pdf:  # as the run that made them warned: read, not converted
                batch.warnings += footnotes_apart(batch, earlier[0])
            return _published_already(batch, the_plan, earlier, started, note)
        out.mkdir(parents=True, exist_ok=True)
        if not destination.final:  # workspaces may share out/
            locks.enter_context(output_folder_lock(ws.root, out, command))
        killed = not destination.final and (out / staging).is_dir()  # left by a killed run
        batch.staging = _staging_folder(out, staging)
        remind_left(out)  # once every staging folder's records are read, or set aside
        placed = batch.destinations()
        stop = locks.enter_context(stop_signals())
        locks.enter_context(room_needed(ws, batch.staging))
        if killed:  # as it moved them into place, perhaps: those it moved are not made again
            take_back_published(batch.staging, out, placed)
        resumed = sum(1 for name in placed if (batch.staging / name).exists())
        phases = [
            (render_batch, True),
            (convert_all, options.wants_pdf),
            (write_emails, options.email),
            (print_file, options.print_file),
        ]
        try:
            for phase, wanted in phases:
                if wanted:
                    phase(batch, progress)
                    stop.check()  # a stop swallowed in the phase still stops the batch
            write_batch_manifest(batch, placed)
            stop.check()
        except KeyboardInterrupt:
            progress.done()
            raise Interrupted(
                "interrupted; the letters finished so far are kept, and running the same"
                " command again finishes only what is missing"
            ) from None
        progress.done()
        same = newest_same(batch) if destination.final else None
        if same is not None:  # an edit that changes no letter: its newest folder holds them
            note = same_letters(record_made_from(batch, same[0]))  # so a rerun knows first
            shutil.rmtree(batch.staging, ignore_errors=True)
            return _published_already(batch, the_plan, same, started, note)
        if destination.final:
            out, written = publish_folder(batch, placed)
        else:
            written = publish_drafts(batch, placed)
    return BuildResult(
        written=written,
        warnings=sort_problems(batch.warnings),
        untranslated=renderer.marked(),
        letters=len(jobs),
        languages=the_plan.languages,
        counts=_counts(written),
        resumed=resumed,
        seconds=time.monotonic() - started,
        out=out,
        notes=batch.notes,
    )


def _published_already(
    batch: Batch, the_plan: Plan, earlier: tuple[Path, list[Path]], started: float, note: str
) -> BuildResult:
    """What a finalise reports of final letters a folder holds already: ``note`` says why."""
    folder, files = earlier
    batch.notes.append(f"{batch.ws.rel(folder)}{note}")
    return BuildResult(
        written=files,
        warnings=sort_problems(batch.warnings),
        letters=len(batch.jobs),
        languages=the_plan.languages,
        counts=_counts(files),
        seconds=time.monotonic() - started,
        out=folder,
        notes=batch.notes,
        already_final=True,
    )


def _check_emails(batch: Batch) -> None:
    """Find every e-mail draft's problems before any letter is made, its warnings kept in
    ``batch``; an error raised carries the e-mail texts' own warnings."""
    renderer = batch.renderer
    batch.emails, email_warnings = email_targets(batch.ws, batch.jobs)
    batch.warnings += email_warnings
    known = len(renderer.warnings)
    try:
        for name in sorted({job.letter.definition.template for job in batch.jobs}):
            renderer.emails.template(name)  # its problems found now, not after the letters
    finally:
        batch.warnings += renderer.warnings[known:]
    # every draft's text before any letter is made: a branch of the e-mail text only
    # real recipients take may show a message untranslated, or text nobody approved
    found = [
        problem
        for email in batch.emails
        for problem in renderer.emails.problems(
            Job(email.job.letter, email.job.lang, email.recipient),
            draft=batch.draft(email.job),
        )
    ]
    if any(not p.warning for p in found):
        error = problems_error(found, "the e-mail drafts; nothing was written")
        error.warnings = [p for p in found if p.warning]
        raise error
    batch.warnings += found


def staging_name(
    ws: WorkspaceData, jobs: list[Job], options: Options, destination: Destination
) -> str:
    """The name of a batch's staging folder: the same inputs, options, kind and approvals
    give the same name, so a rerun finds what an interrupted run made."""
    key = {**options.key(), "kind": destination.kind, "approvals": destination.approvals}
    return STAGING_PREFIX + inputs_hash(ws, jobs, key)


def _signed(
    approvals: list[dict[str, Any]], versions: dict[VersionKey, Version]
) -> dict[VersionKey, frozenset[str]]:
    """Who approved exactly the version of each letter and language: the signatories whose
    signatures the final letters show."""
    return {
        key: frozenset(
            entry["who"]
            for entry in approvals
            if entry["action"] == "approve"
            and (entry["letter"], entry["lang"]) == key
            and entry["version"] == version.digest
        )
        for key, version in versions.items()
    }


def _counts(written: list[Path]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in written:
        kind = "print file" if path.name == "print.pdf" else path.suffix
        if path.name.startswith("manifest."):
            kind = "manifest"
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def _versions(
    renderer: Renderer, jobs: list[Job]
) -> tuple[dict[VersionKey, Version], list[Problem]]:
    """The version of every letter, rendered once with its recipients as placeholders:
    most problems show here, before the batch starts; the rest stop it before publishing."""
    problems = list(renderer.catalog_problems)
    if problems:
        raise problems_error(problems, "the letters; nothing was written")
    versions, found = renderer.versions(jobs)
    problems += found + renderer.warnings
    errors = [p for p in problems if not p.warning]
    warnings = [p for p in problems if p.warning]
    if errors:
        error = problems_error(errors, "the letters; nothing was written")
        error.warnings = warnings  # listed first, as a build that succeeds lists them
        raise error
    return versions, warnings


def _staging_folder(out: Path, name: str) -> Path:
    """The batch's staging folder: kept from an interrupted run of the same batch, else new."""
    staging = out / name
    if out.is_dir():
        for other in out.glob(STAGING_PREFIX + "*"):
            if other.name != name and other.is_dir():
                _stop_orphans(other)
                shutil.rmtree(other, ignore_errors=True)  # other inputs' batch: never published
    staging.mkdir(parents=True, exist_ok=True)
    _stop_orphans(staging)
    for leftover in staging.iterdir():
        if leftover.is_symlink():  # letters stages no link: nothing is read through it
            leftover.unlink()  # the link only; what it leads to is not ours
        elif leftover.name.startswith(".") or leftover.name.endswith(".tmp"):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
        elif not complete(leftover):
            leftover.unlink()  # cut short by a crash of the machine: made again
    return staging


def _discard_unpublished(folder: Path) -> None:
    """Remove the staging folders an interrupted batch left in ``folder``, stopping any
    LibreOffice still converting into them."""
    if folder.is_dir():
        for staging in folder.glob(STAGING_PREFIX + "*"):
            _stop_orphans(staging)
            shutil.rmtree(staging, ignore_errors=True)


def _stop_orphans(staging: Path) -> None:
    """Stop LibreOffice processes a killed run left converting into ``staging``.

    They run in sessions of their own (so a hung one can be killed with its
    children), which also lets them outlive a ``kill -9`` of the build. Each one
    was recorded in ``staging`` when it started; only those still the same
    processes (pid and start time) are stopped, never another that happens to
    name the folder. Called before the staging folder's hidden files are cleared.
    """
    from letters.publish.processes import stop_recorded

    stop_recorded(staging)
