"""Render a batch's Word letters, in forked worker processes that share the compiled templates."""

from __future__ import annotations

import hashlib
import multiprocessing
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from letters.errors import LettersError, Problem, problems_error
from letters.files.atomic import atomic_write_bytes

if TYPE_CHECKING:
    from letters.plan import Job
    from letters.publish.batch import Batch, Progress

__all__ = ["render_batch"]

_CHUNK = 24  # letters per task sent to a worker: big enough to amortise, small for an even spread


_WORKER: Batch | None = None  # the batch a forked worker renders


def render_batch(batch: Batch, progress: Progress) -> None:
    """Render and stage every Word letter of ``batch`` not staged yet, in worker processes;
    raise listing the problems if any letter fails (the ones made are kept for a rerun)."""
    todo = [i for i, job in enumerate(batch.jobs) if not batch.staged(job.stem, ".docx").exists()]
    progress.phase("Word", len(batch.jobs))
    problems: list[Problem] = []
    pending = set(todo)
    for job in (job for i, job in enumerate(batch.jobs) if i not in pending):
        # made by an interrupted run: its warnings (a derived name form …) are still due
        problems += [
            _of_job(p, job) for p in batch.renderer.problems_of(job, draft=batch.draft(job))
        ]
    progress.advance(len(batch.jobs) - len(todo))
    chunks = [todo[i : i + _CHUNK] for i in range(0, len(todo), _CHUNK)]
    workers = min(batch.options.processes, len(chunks))
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
                " memory?); the letters finished so far are kept in"
                f" {batch.ws.rel(batch.staging)}/: run the same command again"
            ) from None
        finally:
            pool.shutdown(wait=True, cancel_futures=True)  # a stop leaves no worker behind
            _WORKER = None
    batch.warnings += [p for p in problems if p.warning]
    errors = [p for p in problems if not p.warning]
    if errors:
        raise problems_error(errors, f"the letters; {_what_is_kept(batch)}")


def _what_is_kept(batch: Batch) -> str:
    """What a batch stopped by a letter that cannot be made leaves behind, truthfully:
    the letters made so far stay staged, hidden in the output folder, for the next run."""
    made = sum(1 for job in batch.jobs if batch.staged(job.stem, ".docx").exists())
    if not made:
        try:
            batch.staging.rmdir()  # empty: nothing to resume from, so nothing left behind
            return "nothing was written"
        except OSError:
            pass
    where = batch.ws.rel(batch.staging)
    letters = "the letter already made is" if made == 1 else f"the {made} letters already made are"
    return (
        f"nothing was published: {letters} kept in {where}/ and the next run of the same"
        " command resumes from them"
    )


def job_label(job: Job) -> str:
    """``kazakhstan-2020 [ru] to nurdauletov``: which letter file a problem stopped."""
    to = f" to {job.recipient.person.id}" if job.recipient else ""
    return f"{job.letter.id} [{job.lang}]{to}"


def _of_job(problem: Problem, job: Job) -> Problem:
    """``problem`` led by the letter it stopped, so a batch of many names the one that failed."""
    if problem.warning:
        return problem  # a warning is the same for every letter that has it: listed once
    return Problem("", None, "", f"{job_label(job)}: {problem}", code=problem.code)


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


def _render_chunk(batch: Batch, chunk: list[int]) -> _Rendered:
    """Render and stage ``chunk``; return its problems and each file's sha256 and size."""
    problems: list[Problem] = []
    hashes: dict[str, tuple[str, int]] = {}
    for index in chunk:
        job = batch.jobs[index]
        data, found = batch.renderer.render(job, draft=batch.draft(job))
        problems += [_of_job(problem, job) for problem in found]
        if data is not None:
            name = f"{job.stem}.docx"
            atomic_write_bytes(batch.staging / name, data, durable=False)
            hashes[name] = (hashlib.sha256(data).hexdigest(), len(data))
    return problems, hashes
