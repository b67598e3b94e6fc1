"""Review and sign-off: record answers, show who approved what, send packets, finalise.

No name goes under a letter unless that person approved exactly its text: an
approval is of one letter, in one language, at one content version, and a
changed draft does not carry old approvals.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from letters.errors import LettersError, problems_error
from letters.files.atomic import atomic_write_bytes, atomic_write_text
from letters.files.lock import workspace_lock
from letters.load.loader import LetterEntry, Workspace, open_workspace
from letters.load.models import bad_character
from letters.people.directory import select
from letters.plan import Job, plan
from letters.render.content_version import Version
from letters.render.renderer import Renderer, output_path, render_all
from letters.signoff.ledger import (
    Action,
    Answer,
    Entry,
    answers,
    append,
    kept_version,
    last_approved,
    read_ledger,
)
from letters.signoff.redline import redline


def _letter(ws: Workspace, letter_id: str) -> LetterEntry:
    if letter_id not in ws.letters:
        raise LettersError(
            f"unknown letter '{letter_id}'; the letters are: {', '.join(ws.letters) or 'none'}"
        )
    return ws.letters[letter_id]


def letter_languages(ws: Workspace, letter: LetterEntry) -> list[str]:
    d = letter.definition
    if d.languages == "preferred":
        return list(dict.fromkeys(e.person.language for e in select(ws, d.recipients)))
    return list(d.languages)


def signatory_ids(ws: Workspace, letter: LetterEntry) -> list[str]:
    return [e.person.id for e in select(ws, letter.definition.signatories)]


def current_version(
    ws: Workspace, letter: LetterEntry, lang: str, renderer: Renderer | None = None
) -> Version:
    renderer = renderer or Renderer(ws)
    if renderer.catalog_problems:
        raise problems_error(renderer.catalog_problems)
    version, problems = renderer.version(letter, lang)
    errors = [p for p in problems if not p.warning]
    if version is None or errors:
        raise problems_error(errors, f"letter {letter.id} in {lang}")
    return version


def record(
    workspace: Path,
    letter_id: str,
    lang: str,
    who: str,
    action: Action,
    via: str,
    comment: str = "",
    expected: str | None = None,
) -> tuple[int, Version]:
    """Record ``who``'s answer on the current version of a letter in one language."""
    ws = open_workspace(workspace)
    letter = _letter(ws, letter_id)
    languages = letter_languages(ws, letter)
    if lang not in languages:
        raise LettersError(
            f"letter {letter_id} is not written in '{lang}'; its languages are"
            f" {', '.join(languages)}"
        )
    if who not in signatory_ids(ws, letter):
        raise LettersError(
            f"'{who}' does not sign letter {letter_id}; its signatories are"
            f" {', '.join(signatory_ids(ws, letter))}"
        )
    if action == "request-changes" and not comment.strip():
        raise LettersError("say what should change: --comment '...'")
    if action == "approve" and not expected:
        raise LettersError(
            "say which version was approved: --version, as printed in the draft's header"
            " (an approval is of the text the signatory saw, not of whatever the draft is now)"
        )
    for name, value in (("--via", via), ("--comment", comment)):
        found = bad_character(value, allow_newline=False)
        if found:
            raise LettersError(f"{name} contains a control character ({found})")
    with workspace_lock(ws.root, action):
        version = current_version(ws, letter, lang)
        if expected and not _same_version(expected, version):
            raise LettersError(
                f"{who} answered on version {expected}, but the current draft of {letter_id}"
                f" in {lang} is version {version.short}: the text changed since. Send the"
                " current draft ('letters review packet') and record the answer to it."
            )
        entry = append(ws.root, who, action, version, via, comment)
    return entry.n, version


def _same_version(given: str, version: Version) -> bool:
    """'4794-154F', '4794154f' and a full digest all name the same version."""
    wanted = "".join(given.split()).replace("-", "").lower()
    return len(wanted) >= 8 and version.digest.startswith(wanted)


# --- status ---------------------------------------------------------------------------


@dataclass
class LetterStatus:
    letter: str
    lang: str
    version: str
    answers: list[Answer] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(a.state == "approved" for a in self.answers)


def status(workspace: Path) -> list[LetterStatus]:
    ws = open_workspace(workspace)
    entries = read_ledger(ws.root)
    renderer = Renderer(ws)
    out = []
    for letter in ws.letters.values():
        signers = signatory_ids(ws, letter)
        for lang in letter_languages(ws, letter):
            version = current_version(ws, letter, lang, renderer)
            out.append(
                LetterStatus(
                    letter.id,
                    lang,
                    version.short,
                    answers(entries, letter.id, lang, version.digest, signers),
                )
            )
    return out


def status_table(rows: list[LetterStatus]) -> str:
    lines = []
    for row in rows:
        groups: dict[str, list[str]] = {}
        for answer in row.answers:
            shown = answer.who + (f" (entry {answer.entry})" if answer.entry else "")
            groups.setdefault(answer.state, []).append(shown)
        mark = "ready" if row.complete else "waiting"
        lines.append(f"{row.letter} [{row.lang}] version {row.version}: {mark}")
        for state in ("approved", "stale", "changes requested", "revoked", "no answer"):
            if state in groups:
                lines.append(f"  {state}: {', '.join(groups[state])}")
    return "\n".join(lines)


def status_json(rows: list[LetterStatus]) -> str:
    return json.dumps(
        [
            {
                "letter": r.letter,
                "lang": r.lang,
                "version": r.version,
                "complete": r.complete,
                "answers": [asdict(a) for a in r.answers],
            }
            for r in rows
        ],
        ensure_ascii=False,
        indent=2,
    )


# --- review packet ------------------------------------------------------------------------


def _changed_inputs(old: dict[str, str], new: dict[str, str]) -> list[str]:
    lines = []
    for key in sorted(set(old) | set(new)):
        if key not in old:
            lines.append(f"added: {key}")
        elif key not in new:
            lines.append(f"removed: {key}")
        elif old[key] != new[key]:
            lines.append(f"changed: {key}")
    return lines


def packet(workspace: Path, who: str, out_dir: Path | None = None) -> tuple[list[Path], list[str]]:
    """What ``who`` needs to review: current drafts, redlines since their approvals, changes.

    Returns the files written and notes on what the packet leaves out and why.
    """
    ws = open_workspace(workspace)
    if who not in ws.people:
        raise LettersError(f"unknown person '{who}'")
    person = ws.people[who].person
    reads = [person.language, *person.reads]
    entries = read_ledger(ws.root)
    out = (out_dir or ws.root / "out" / "review" / who).resolve()
    renderer = Renderer(ws)
    files: dict[Path, bytes] = {}
    notes: list[str] = []
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    for letter in ws.letters.values():
        if who not in signatory_ids(ws, letter):
            continue
        for lang in letter_languages(ws, letter):
            if lang not in reads:
                notes.append(
                    f"not included: {letter.id} [{lang}] — {who} does not read '{lang}'"
                    f" (add it to their 'reads' in the directory); finalise needs"
                    " their approval of it too"
                )
                continue
            version = current_version(ws, letter, lang, renderer)
            placeholder = letter.definition.mode == "individual"
            draft, problems = renderer.render(
                Job(letter, lang), draft=version.short, placeholder=placeholder
            )
            if draft is None:
                raise problems_error(problems, f"letter {letter.id}")
            stem = f"{letter.id}.{lang}.{version.short}"
            files[out / f"{stem}.draft.docx"] = draft
            approved = last_approved(entries, who, letter.id, lang)
            if approved and approved != version.digest:
                old = kept_version(ws.root, letter.id, lang, approved)
                if old is None:
                    notes.append(
                        f"no redline for {letter.id} [{lang}]: the text of the version"
                        f" {who} approved is missing from signoff/versions"
                    )
                else:
                    title = (
                        f"{letter.id} [{lang}]: changes since version {old.short},"
                        f" which you approved, to version {version.short}"
                    )
                    files[out / f"{stem}.redline.docx"] = redline(
                        list(old.text), list(version.text), title, stamp
                    )
                    changed = _changed_inputs(old.inputs, version.inputs)
                    files[out / f"{stem}.changes.txt"] = (
                        f"What changed in {letter.id} [{lang}] since version {old.short}:\n"
                        + "".join(f"- {line}\n" for line in changed)
                    ).encode("utf-8")
    if not files:
        raise LettersError(f"{who} signs no letter in a language they read ({', '.join(reads)})")
    with workspace_lock(ws.root, "review packet"):
        for path, data in files.items():
            atomic_write_bytes(path, data)
    return sorted(files), notes


# --- finalise -----------------------------------------------------------------------------


def finalise(workspace: Path, letter_id: str) -> Path:
    """Write the final letters into a new numbered folder, if every signatory approved."""
    ws = open_workspace(workspace)
    letter = _letter(ws, letter_id)
    with workspace_lock(ws.root, "finalise"):
        entries = read_ledger(ws.root)
        signers = signatory_ids(ws, letter)
        the_plan = plan(ws, [letter_id])
        if the_plan.problems:
            raise problems_error(the_plan.problems)
        results, problems, versions = render_all(ws, the_plan.jobs, final=True, draft=False)
        errors = [p for p in problems if not p.warning]
        if errors:
            raise problems_error(errors, f"letter {letter_id}; nothing was written")
        missing = []
        approvals = []
        for (_letter_id, lang), version in sorted(versions.items()):
            for answer in answers(entries, letter_id, lang, version.digest, signers):
                if answer.state == "approved":
                    approvals.append(answer.entry)
                    continue
                detail = {"stale": "approved an earlier version"}.get(answer.state, answer.state)
                at = f", entry {answer.entry}" if answer.entry else ""
                missing.append(f"  {lang}: {answer.who} — {detail}{at}")
        if missing:
            raise LettersError(
                f"letter {letter_id} cannot be finalised: not every signatory approved its"
                f" current version:\n" + "\n".join(missing)
            )
        return _write_final(ws, letter_id, the_plan.jobs, results, versions, entries, approvals)


def _write_final(
    ws: Workspace,
    letter_id: str,
    jobs: list[Job],
    results: dict[Job, bytes],
    versions: dict[tuple[str, str], Version],
    entries: list[Entry],
    approvals: list[int | None],
) -> Path:
    base = ws.root / "final" / letter_id
    base.mkdir(parents=True, exist_ok=True)
    number = 1 + max((int(p.name[:3]) for p in base.iterdir() if p.name[:3].isdigit()), default=0)
    shorts = "-".join(sorted({v.short for v in versions.values()}))
    target = base / f"{number:03d}-{shorts}"
    staging = Path(tempfile.mkdtemp(prefix=".final-", dir=base))
    try:
        listed: list[dict[str, object]] = []
        manifest = {
            "letter": letter_id,
            "folder": target.name,
            "files": listed,
            "ledger": [asdict(e) for e in entries if e.n in set(approvals)],
        }
        for job in jobs:
            path = output_path(staging, job)
            data = results[job]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            listed.append(
                {
                    "file": path.relative_to(staging / letter_id).as_posix(),
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "lang": job.lang,
                    "recipient": job.recipient.person.id if job.recipient else None,
                    "version": versions[(letter_id, job.lang)].digest,
                }
            )
        atomic_write_text(
            staging / letter_id / "manifest.json",
            json.dumps(manifest, ensure_ascii=False, indent=2),
        )
        if target.exists():
            raise LettersError(f"{target} exists already; an earlier final is never overwritten")
        os.rename(staging / letter_id, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
