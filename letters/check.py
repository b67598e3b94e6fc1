"""Validate a whole workspace: every file, the sign-off ledger, then every letter rendered."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from letters.errors import Problem, sort_problems
from letters.load.loader import load_workspace
from letters.plan import plan
from letters.render.renderer import render_all
from letters.signoff.ledger import LedgerError, read_ledger


def check_workspace(path: Path, strict: bool = False) -> list[Problem]:
    """Every problem in the workspace at ``path``, sorted; empty when all is well.

    Untranslated or fuzzy messages are warnings; ``strict`` makes them errors.
    """
    ws, problems = load_workspace(path)
    if ws is not None:
        try:
            read_ledger(ws.root)
        except LedgerError as exc:
            problems.append(Problem("", None, "", str(exc)))
    if ws is None or any(not p.warning for p in problems):
        return sort_problems(problems)
    the_plan = plan(ws)
    problems += the_plan.problems
    _results, render_problems, _versions = render_all(ws, the_plan.jobs)
    found = sort_problems(problems + render_problems)
    if strict:
        found = [replace(p, warning=False) for p in found]
    return found
