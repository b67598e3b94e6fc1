"""Build a batch of letters — Word, PDF, e-mail drafts, a print file, a manifest — resumably.

Everything is first written into a staging folder inside the output folder,
each file atomically (a temporary file, then a rename). Only when the whole
batch is ready are the files moved into place, so a failed or interrupted
build leaves the previous output as it was. The staging folder is named after
a hash of every input and option: running the same command again after Ctrl-C
or ``kill -9`` finds the files already made and finishes only what is
missing; a changed input starts a fresh batch.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import json
import multiprocessing
import os
import shutil
import signal
import threading
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import docxtpl

from letters import __version__
from letters.errors import LettersError, Problem, problems_error, sort_problems
from letters.files.atomic import atomic_file, atomic_write_bytes, check_writable
from letters.files.lock import workspace_lock
from letters.load.loader import PersonEntry, Workspace, open_workspace
from letters.plan import Job, plan
from letters.render.content_version import Version
from letters.render.renderer import Renderer, VersionKey, lang_tag, output_file, output_path

STAGING_PREFIX = ".letters-batch-"
MANIFEST_FIELDS = ("letter", "recipient", "name", "language", "kind", "file", "sha256", "bytes")
# Cells a spreadsheet would run as a formula (or hide behind a control character).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CHUNK = 24  # letters per task sent to a worker: big enough to amortise, small for an even spread


@dataclass(frozen=True)
class Options:
    pdf: bool = False
    pdfa: bool = False
    email: bool = False
    print_file: bool = False
    final: bool = False
    workers: int | None = None  # processes for rendering and PDF; default: every core

    def key(self) -> dict[str, Any]:
        return {
            "pdf": self.wants_pdf,
            "pdfa": self.pdfa,
            "email": self.email,
            "print": self.print_file,
            "final": self.final,
        }

    @property
    def wants_pdf(self) -> bool:
        return self.pdf or self.pdfa or self.email or self.print_file


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
    written: list[Path]
    warnings: list[Problem]
    letters: int = 0
    languages: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # ".docx" -> files written
    resumed: int = 0  # files an interrupted run of the same batch had already made
    seconds: float = 0.0
    out: Path = Path("out")


@dataclass(frozen=True)
class _Email:
    """One e-mail draft: a letter to one recipient, in the language they read."""

    job: Job
    recipient: PersonEntry

    @property
    def stem(self) -> str:
        return f"{self.job.letter.id}.{self.recipient.person.id}"


@dataclass
class _Batch:
    ws: Workspace
    jobs: list[Job]
    versions: dict[VersionKey, Version]
    renderer: Renderer
    options: Options
    staging: Path
    out: Path
    emails: list[_Email] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    hashes: dict[str, tuple[str, int]] = field(default_factory=dict)  # staged name: sha256, size

    def draft(self, job: Job) -> str:
        return self.versions[(job.letter.id, job.lang)].short

    def staged(self, stem: str, suffix: str) -> Path:
        return self.staging / f"{stem}{suffix}"


def build(
    workspace: Path,
    letter_ids: Iterable[str] = (),
    langs: Iterable[str] = (),
    out_dir: Path | None = None,
    pdf: bool = False,
    final: bool = False,
    *,
    options: Options | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Render the chosen letters and write them under ``out_dir`` (default ``out/``).

    A draft (the default) marks each untranslated message in the letter and
    reports it as a warning; a ``final`` build refuses any gap instead.
    """
    started = time.monotonic()
    options = options or Options(pdf=pdf, final=final)
    progress = progress or _Silent()
    ws = open_workspace(workspace)
    out = (out_dir if out_dir is not None else ws.root / "out").resolve()
    the_plan = plan(ws, letter_ids, langs)
    if the_plan.problems:
        raise problems_error(the_plan.problems)
    jobs = the_plan.jobs
    renderer = Renderer(ws, options.final)
    versions, warnings = _check(renderer, jobs)
    batch = _Batch(ws, jobs, versions, renderer, options, out, out, warnings=warnings)
    if options.email:
        batch.emails, email_warnings = _email_targets(ws, jobs)
        batch.warnings += email_warnings
        for name in sorted({job.letter.definition.template for job in jobs}):
            renderer.email_template(name)  # its problems found now, not after the letters
    finals = _final_paths(batch)
    check_writable(list(finals))
    if options.wants_pdf:
        from letters.publish.pdf import soffice

        soffice()  # a missing LibreOffice is reported before anything is done
    with contextlib.ExitStack() as locks:
        locks.enter_context(workspace_lock(ws.root, "build"))
        out.mkdir(parents=True, exist_ok=True)
        if out != ws.root.resolve():  # two workspaces may share an output folder
            locks.enter_context(workspace_lock(out, "build", "this output folder"))
        batch.staging = _staging_folder(ws, out, jobs, options)
        resumed = sum(1 for staged in finals.values() if (batch.staging / staged).exists())
        locks.enter_context(_stopped_like_ctrl_c())
        try:
            _render(batch, progress)
            if options.wants_pdf:
                _convert(batch, progress)
            if options.email:
                _write_emails(batch, progress)
            if options.print_file:
                _print_file(batch, progress)
            _manifest(batch, finals)
        except KeyboardInterrupt:
            progress.done()
            raise LettersError(
                "interrupted; the letters finished so far are kept, and running the same"
                " command again finishes only what is missing"
            ) from None
        progress.done()
        written = _publish(batch, finals)
    counts: dict[str, int] = {}
    for path in written:
        kind = "print file" if path.name == "print.pdf" else path.suffix
        if path.name.startswith("manifest."):
            kind = "manifest"
        counts[kind] = counts.get(kind, 0) + 1
    return BuildResult(
        written=written,
        warnings=sort_problems(batch.warnings),
        letters=len(jobs),
        languages=sorted({job.lang for job in jobs}),
        counts=counts,
        resumed=resumed,
        seconds=time.monotonic() - started,
        out=out,
    )


@contextlib.contextmanager
def _stopped_like_ctrl_c() -> Iterator[None]:
    """Let ``kill`` (SIGTERM) and a closed terminal (SIGHUP) stop a batch the way Ctrl-C
    does: LibreOffice stopped, finished files kept, a clear message."""

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _check(renderer: Renderer, jobs: list[Job]) -> tuple[dict[VersionKey, Version], list[Problem]]:
    """The version of every letter, rendered once with its recipients as placeholders:
    most problems show here, before the batch starts; the rest stop it before publishing."""
    problems = list(renderer.catalog_problems)
    if problems:
        raise problems_error(problems, "the letters; nothing was written")
    versions, found = renderer.versions(jobs)
    problems += found + renderer.template_warnings
    errors = [p for p in problems if not p.warning]
    if errors:
        raise problems_error(errors, "the letters; nothing was written")
    return versions, [p for p in problems if p.warning]


def _email_targets(ws: Workspace, jobs: list[Job]) -> tuple[list[_Email], list[Problem]]:
    """One draft per letter and recipient, in the recipient's language where it was built."""
    from letters.people.directory import select
    from letters.publish.mail import validate_sender

    if ws.config.email_from is None:
        raise LettersError(
            "workspace.yaml: e-mail drafts need a sender; add a line such as"
            " 'email_from: Appeals desk <appeals@example.org>'"
        )
    if not validate_sender(ws.config.email_from):
        raise LettersError(
            "workspace.yaml email_from: not a sender address; write it as"
            " 'Appeals desk <appeals@example.org>' or 'appeals@example.org'"
        )

    by_letter: dict[str, list[Job]] = {}
    for job in jobs:
        by_letter.setdefault(job.letter.id, []).append(job)
    targets: list[_Email] = []
    without: dict[str, tuple[PersonEntry, list[str]]] = {}
    for letter_jobs in by_letter.values():
        letter = letter_jobs[0].letter
        if letter.definition.mode == "joint":
            people = select(ws, letter.definition.recipients)
        else:
            unique = {id(j.recipient): j.recipient for j in letter_jobs if j.recipient}
            people = list(unique.values())
        for entry in people:
            mine = [j for j in letter_jobs if j.recipient is None or j.recipient is entry]
            chosen = next((j for j in mine if j.lang == entry.person.language), mine[0])
            if entry.person.email:
                targets.append(_Email(chosen, entry))
            else:
                without.setdefault(entry.person.id, (entry, []))[1].append(letter.id)
    warnings = []
    for entry, letter_ids in without.values():
        line, where = entry.where()
        warnings.append(
            Problem(
                entry.label,
                line,
                where,
                f"{entry.person.id} has no e-mail address, so no draft was written for them"
                f" (letters: {', '.join(letter_ids)})",
                warning=True,
            )
        )
    return targets, warnings


def _final_paths(batch: _Batch) -> dict[Path, Path]:
    """Where each staged file goes: {final path: staged name relative to the staging folder}."""
    out = batch.out
    finals: dict[Path, Path] = {}
    for job in batch.jobs:
        finals[output_path(out, job)] = Path(f"{job.stem}.docx")
        if batch.options.wants_pdf:
            finals[output_path(out, job, ".pdf")] = Path(f"{job.stem}.pdf")
    for email in batch.emails:
        finals[output_file(out, email.job.letter.id, f"{email.stem}.eml")] = Path(
            f"{email.stem}.eml"
        )
    if batch.options.print_file:
        finals[out / "print.pdf"] = Path("print.pdf")
    finals[out / "manifest.csv"] = Path("manifest.csv")
    finals[out / "manifest.json"] = Path("manifest.json")
    return finals


def inputs_hash(ws: Workspace, jobs: Sequence[Job], options: Options) -> str:
    """A hash of everything the batch's files are made from."""
    digest = hashlib.sha256()
    tools = {"letters": __version__, "docxtpl": getattr(docxtpl, "__version__", "")}
    plan_key = [job.stem for job in jobs]
    digest.update(json.dumps([tools, options.key(), plan_key], sort_keys=True).encode())
    for path in _input_files(ws.root):
        digest.update(ws.rel(path).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:20]


def _input_files(root: Path) -> Iterator[Path]:
    yield root / "workspace.yaml"
    for folder in ("recipients", "cases", "templates", "locales"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():  # hidden ones too: a directory file may start with a dot
                yield path


def _staging_folder(ws: Workspace, out: Path, jobs: list[Job], options: Options) -> Path:
    """The batch's staging folder: kept from an interrupted run of the same batch, else new."""
    name = STAGING_PREFIX + inputs_hash(ws, jobs, options)
    staging = out / name
    if out.is_dir():
        for other in out.glob(STAGING_PREFIX + "*"):
            if other.name != name and other.is_dir():
                _stop_orphans(other)
                shutil.rmtree(other, ignore_errors=True)  # other inputs' batch: never published
    staging.mkdir(parents=True, exist_ok=True)
    _stop_orphans(staging)
    for leftover in staging.iterdir():
        if leftover.name.startswith(".") or leftover.name.endswith(".tmp"):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
        elif not _complete(leftover):
            leftover.unlink()  # cut short by a crash of the machine: made again
    return staging


def _stop_orphans(staging: Path) -> None:
    """Stop LibreOffice processes a killed run left converting into ``staging``.

    They run in sessions of their own (so a hung one can be killed with its
    children), which also lets them outlive a ``kill -9`` of the build. Their
    command line names the staging folder, so they are found without doubt.
    """
    proc = Path("/proc")
    if not proc.is_dir():
        return
    mark = str(staging).encode()
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if mark in (entry / "cmdline").read_bytes():
                os.kill(int(entry.name), signal.SIGKILL)
        except (OSError, ValueError):
            continue  # gone already, or not ours to read


def _complete(path: Path) -> bool:
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


# --- rendering -------------------------------------------------------------

_WORKER: _Batch | None = None  # the batch a forked worker renders


def _render(batch: _Batch, progress: Progress) -> None:
    todo = [i for i, job in enumerate(batch.jobs) if not batch.staged(job.stem, ".docx").exists()]
    progress.phase("Word", len(batch.jobs))
    problems: list[Problem] = []
    pending = set(todo)
    for job in (job for i, job in enumerate(batch.jobs) if i not in pending):
        # made by an interrupted run: its warnings (a derived name form …) are still due
        problems += batch.renderer.check(job, draft=batch.draft(job))
    progress.advance(len(batch.jobs) - len(todo))
    chunks = [todo[i : i + _CHUNK] for i in range(0, len(todo), _CHUNK)]
    workers = min(_workers(batch.options), len(chunks))
    if workers <= 1:
        for chunk in chunks:
            found, hashes = _render_chunk(batch, chunk)
            problems += found
            batch.hashes.update(hashes)
            progress.advance(len(chunk))
    else:
        global _WORKER
        _WORKER = batch  # forked workers inherit it: the compiled templates are not copied
        context = multiprocessing.get_context("fork")
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_setup)
        try:
            results = pool.map(_render_in_worker, chunks)
            for chunk, (found, hashes) in zip(chunks, results, strict=True):
                problems += found
                batch.hashes.update(hashes)
                progress.advance(len(chunk))
        except BrokenProcessPool:
            raise LettersError(
                "a process rendering letters stopped unexpectedly (killed, or out of"
                " memory?); the letters finished so far are kept: run the same command again"
            ) from None
        finally:
            pool.shutdown(wait=True, cancel_futures=True)  # a stop leaves no worker behind
            _WORKER = None
    batch.warnings += [p for p in problems if p.warning]
    errors = [p for p in problems if not p.warning]
    if errors:
        raise problems_error(
            errors,
            "the letters; the letters finished so far are kept for the next run,"
            " nothing in the output folder was changed",
        )


def _workers(options: Options) -> int:
    return max(1, options.workers or os.cpu_count() or 1)


def _worker_setup() -> None:
    # Ctrl-C reaches every process of the terminal's group: only the main one stops the
    # batch (cancelling what is queued); a worker finishes its few letters quietly.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)


def _render_in_worker(chunk: list[int]) -> _Rendered:
    if _WORKER is None:  # pragma: no cover - only reachable if the pool is misused
        raise RuntimeError("worker started without a batch")
    return _render_chunk(_WORKER, chunk)


_Rendered = tuple[list[Problem], dict[str, tuple[str, int]]]


def _render_chunk(batch: _Batch, chunk: list[int]) -> _Rendered:
    """Render and stage ``chunk``; return its problems and each file's sha256 and size."""
    problems: list[Problem] = []
    hashes: dict[str, tuple[str, int]] = {}
    for index in chunk:
        job = batch.jobs[index]
        data, found = batch.renderer.render(job, draft=batch.draft(job))
        problems += found
        if data is not None:
            name = f"{job.stem}.docx"
            atomic_write_bytes(batch.staging / name, data, durable=False)
            hashes[name] = (hashlib.sha256(data).hexdigest(), len(data))
    return problems, hashes


# --- PDF, e-mail, print file --------------------------------------------------


def _convert(batch: _Batch, progress: Progress) -> None:
    from letters.publish.pdf import convert

    sources = [batch.staged(job.stem, ".docx") for job in batch.jobs]
    todo = [s for s in sources if not s.with_suffix(".pdf").exists()]
    progress.phase("PDF", len(sources))
    progress.advance(len(sources) - len(todo))
    if not todo:
        return
    failures = []
    by_date: dict[dt.date, list[Path]] = {}
    dates = {batch.staged(job.stem, ".docx"): job.letter.definition.date for job in batch.jobs}
    for source in todo:
        by_date.setdefault(dates[source], []).append(source)
    for day, sources_of_day in by_date.items():
        report = convert(
            sources_of_day,
            batch.staging,
            pdfa=batch.options.pdfa,
            workers=_workers(batch.options),
            date=day,  # dated like the letter, so the same letter always gives the same bytes
            on_done=lambda _path: progress.advance(),
        )
        failures += report.failures
    if failures:
        shown = "\n".join(f"  {f.source.stem}: {f.reason}" for f in failures[:20])
        more = len(failures) - 20
        raise LettersError(
            f"LibreOffice could not convert {len(failures)} letter(s) to PDF:\n{shown}"
            + (f"\n  … and {more} more" if more > 0 else "")
            + "\nThe other letters are kept; run the same command again to retry these."
        )


def _write_emails(batch: _Batch, progress: Progress) -> None:
    from letters.publish.mail import Attachment, make_draft

    progress.phase("E-mail", len(batch.emails))
    sender = batch.ws.config.email_from or ""
    for email in batch.emails:
        target = batch.staged(email.stem, ".eml")
        if not target.exists():
            job = email.job
            addressed = Job(job.letter, job.lang, email.recipient)  # joint letters too
            subject, body = batch.renderer.email_text(addressed, draft=batch.draft(job))
            pdf = batch.staged(job.stem, ".pdf")
            person = email.recipient.person
            data = make_draft(
                sender=sender,
                to_name=person.name.get(job.lang) or next(iter(person.name.values())),
                to_address=person.email or "",
                subject=subject,
                body=body,
                attachments=[Attachment(f"{job.stem}.pdf", pdf.read_bytes())],
                date=job.letter.definition.date,
                language=lang_tag(batch.ws, job.lang),
                label=email.recipient.label,
            )
            atomic_write_bytes(target, data, durable=False)
        progress.advance()


def _print_file(batch: _Batch, progress: Progress) -> None:
    from letters.publish.printfile import join_pdfs

    target = batch.staged("print", ".pdf")
    progress.phase("Print file", 1)
    if not target.exists():
        join_pdfs([batch.staged(job.stem, ".pdf") for job in batch.jobs], target)
    progress.advance()


# --- manifest and publishing ---------------------------------------------------


def neutralise(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _manifest_rows(batch: _Batch, finals: dict[Path, Path]) -> Iterator[dict[str, Any]]:
    """One row per file of the batch, made as they are written out (never all at once)."""
    staged_to_final = {staged.name: final for final, staged in finals.items()}

    def row(job: Job | None, person: PersonEntry | None, name: str) -> dict[str, Any]:
        path = batch.staging / name
        if name not in batch.hashes:  # made by an interrupted run, or not a letter
            data = path.read_bytes()
            batch.hashes[name] = (hashlib.sha256(data).hexdigest(), len(data))
        digest, size = batch.hashes.pop(name)
        names = person.person.name if person else {}
        return {
            "letter": job.letter.id if job else "",
            "recipient": person.person.id if person else "",
            "name": names.get(job.lang, "") if job else "",
            "language": job.lang if job else "",
            "kind": path.suffix.lstrip(".") if name != "print.pdf" else "print",
            "file": staged_to_final[name].relative_to(batch.out).as_posix(),
            "sha256": digest,
            "bytes": size,
        }

    for job in batch.jobs:
        yield row(job, job.recipient, f"{job.stem}.docx")
        if batch.options.wants_pdf:
            yield row(job, job.recipient, f"{job.stem}.pdf")
    for email in batch.emails:
        yield row(email.job, email.recipient, f"{email.stem}.eml")
    if batch.options.print_file:
        yield row(None, None, "print.pdf")


def _manifest(batch: _Batch, finals: dict[Path, Path]) -> None:
    """manifest.csv and manifest.json, written row by row."""
    versions = {
        f"{letter}.{lang}": version.short for (letter, lang), version in batch.versions.items()
    }
    head = {"workspace": batch.ws.config.name or "", "versions": versions}
    with (
        atomic_file(batch.staged("manifest", ".csv")) as csv_file,
        atomic_file(batch.staged("manifest", ".json")) as json_file,
    ):
        text = io.TextIOWrapper(csv_file, encoding="utf-8", newline="")
        writer = csv.DictWriter(text, fieldnames=MANIFEST_FIELDS, lineterminator="\r\n")
        writer.writeheader()
        opening = json.dumps(head, ensure_ascii=False, indent=2)[:-2]  # leave the object open
        json_file.write(f'{opening},\n  "files": ['.encode())
        separator = "\n"
        for entry in _manifest_rows(batch, finals):
            writer.writerow({k: neutralise(str(v)) for k, v in entry.items()})
            json_file.write(f"{separator}    {json.dumps(entry, ensure_ascii=False)}".encode())
            separator = ",\n"
        json_file.write(b"\n  ]\n}\n")
        text.flush()
        text.detach()


def _superseded(batch: _Batch, finals: dict[Path, Path]) -> list[Path]:
    """Files the last build made for this batch's letters and languages that this one does
    not make (a recipient taken out of the directory, PDFs not asked for again, an old
    print file) and that nobody changed since: left in place they could be sent."""
    try:
        previous = json.loads((batch.out / "manifest.json").read_text(encoding="utf-8"))
        rows = [r for r in previous["files"] if isinstance(r, dict)]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    ours = {(job.letter.id, job.lang) for job in batch.jobs}
    made = {final.relative_to(batch.out).as_posix() for final in finals}
    stale = []
    for row in rows:
        name = str(row.get("file", ""))
        mine = (row.get("letter"), row.get("language")) in ours or row.get("kind") == "print"
        if not mine or name in made or not name or name.startswith(("/", "..")):
            continue
        path = batch.out / name
        try:
            unchanged = hashlib.sha256(path.read_bytes()).hexdigest() == row.get("sha256")
        except OSError:
            continue
        if unchanged and path.resolve().is_relative_to(batch.out):
            stale.append(path)
        elif path.exists():
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
    return stale


def _publish(batch: _Batch, finals: dict[Path, Path]) -> list[Path]:
    """Move the finished batch into the output folder; manifest last, so it never lies."""
    os.sync()  # every staged file on disk before any of them is published
    for path in _superseded(batch, finals):
        path.unlink(missing_ok=True)
    ordered = sorted(finals.items(), key=lambda item: item[1].name.startswith("manifest."))
    for done, (final, staged) in enumerate(ordered):
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(batch.staging / staged, final)
        except OSError as exc:
            raise LettersError(
                f"cannot write {final} ({exc.strerror}); {done} of {len(ordered)} files were"
                " put in place, the rest are kept: fix this and run the same command again"
            ) from None
    shutil.rmtree(batch.staging, ignore_errors=True)
    return [final for final, _staged in ordered]
