"""Every letter of a plan rendered in memory, with the e-mail that carries it to each of its
recipients: what ``letters check`` renders, writing nothing."""

from __future__ import annotations

from letters.errors import Problem, sort_problems
from letters.load.loader import WorkspaceData
from letters.plan import Job, email_recipients
from letters.render.content_version import Version
from letters.render.renderer import Renderer, VersionKey

__all__ = ["render_all"]


def render_all(
    ws: WorkspaceData,
    jobs: list[Job],
    renderer: Renderer | None = None,
    *,
    final: bool = False,
    draft: bool = True,
) -> tuple[dict[Job, bytes], list[Problem], dict[VersionKey, Version]]:
    """Render every job (with ``renderer``, else a new one); return the documents, every
    problem (warnings too) and the versions.

    Drafts show their version id and a DRAFT mark; with ``draft=False`` (finalise)
    the letters carry neither.
    """
    renderer = renderer or Renderer(ws, final)
    problems = list(renderer.catalog_problems)
    if problems:
        return {}, problems, {}
    versions, found = renderer.versions(jobs)
    # the letters' own renders repeat their warnings, but a letter with no version is not
    # rendered: its warnings are these (the same ones, where both give them, listed once)
    unrendered = any((job.letter.id, job.lang) not in versions for job in jobs)
    problems += [p for p in found if not p.warning or unrendered]
    results: dict[Job, bytes] = {}
    for job in jobs:
        version_ = versions.get((job.letter.id, job.lang))
        if version_ is None:
            continue
        data, found = renderer.render(job, draft=version_.short if draft else None)
        problems += found
        if data is not None:
            results[job] = data
    # each recipient's e-mail, as build --email writes it: a branch the preview's
    # placeholders do not take (a salutation's {% else %}) is checked too; one to a
    # recipient without an address is never written (see email_targets), so not checked
    for job, entry in email_recipients(ws, [job for job in jobs if job in results]):
        if not entry.person.email:
            continue
        version_ = versions[(job.letter.id, job.lang)]
        addressed = Job(job.letter, job.lang, entry)
        problems += renderer.emails.problems(addressed, draft=version_.short if draft else None)
    # but what the e-mail a version covers shows is approved with it, addresses or not: its
    # messages keep the draft from approval (the same problem a recipient's e-mail gave is
    # listed once)
    for key in versions:
        problems += renderer.emails.version_gaps.get(key, [])
    problems += renderer.warnings
    return results, sort_problems(problems), versions
