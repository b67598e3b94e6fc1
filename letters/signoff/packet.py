"""A review packet: what one signatory needs to answer — the current drafts, and for each
letter they approved before, a redline of what changed since and which inputs changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from letters.errors import LettersError, problems_error
from letters.files.atomic import check_output_folder
from letters.load.loader import WorkspaceData
from letters.plan import Job, letter_languages, signatory_ids
from letters.publish.staging import check_destination, publish_files
from letters.render.renderer import Renderer
from letters.signoff.answers import current_version
from letters.signoff.ledger import kept_version, last_approved, read_ledger
from letters.signoff.redline import redline

__all__ = ["Packet", "packet", "packet_folder"]


@dataclass
class Packet:
    """The files of a review packet, and notes on what it leaves out and why."""

    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def changed_inputs(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """What changed from the inputs of one version to another's: "changed: case facts"."""
    lines = []
    for key in sorted(set(old) | set(new)):
        if key not in old:
            lines.append(f"added: {key}")
        elif key not in new:
            lines.append(f"removed: {key}")
        elif old[key] != new[key]:
            lines.append(f"changed: {key}")
    return lines


def packet_folder(ws: WorkspaceData, who: str, out_dir: Path | None = None) -> Path:
    """The folder ``who``'s packet goes into (``out_dir``, default ``out/review/<who>``),
    resolved; refused if it is not a folder letters may write into (not one, a link out of
    the workspace or into its inputs on the way, the workspace's own folders or another
    kind of output)."""
    out = out_dir or ws.root / "out" / "review" / who
    check_output_folder(ws.root, out)
    check_destination(ws, out, "review packet")
    return out.resolve()


def packet(ws: WorkspaceData, who: str, out_dir: Path | None = None) -> Packet:
    """Write what ``who`` needs to review into ``out_dir`` (default ``out/review/<who>``):
    current drafts, redlines since their approvals, the inputs that changed."""
    if who not in ws.people:
        raise LettersError(f"unknown person '{who}'")
    person = ws.people[who].person
    reads = [person.language, *person.reads]
    entries = read_ledger(ws.root)
    out = packet_folder(ws, who, out_dir)
    renderer = Renderer(ws)
    files: dict[str, bytes] = {}
    stems: dict[tuple[str, str], str] = {}  # (letter, language): its files' stem
    result = Packet()
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    for letter in ws.letters.values():
        if who not in signatory_ids(ws, letter):
            continue
        for lang in letter_languages(ws, letter):
            if lang not in reads:
                result.notes.append(
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
            stems[(letter.id, lang)] = stem
            files[f"{stem}.draft.docx"] = draft
            email = renderer.email_preview(letter, lang)
            if isinstance(email, tuple):  # the message that will carry the final letter
                subject, lines = email
                files[f"{stem}.email.txt"] = (
                    f"Subject: {subject}\n\n" + "\n".join(lines) + "\n"
                ).encode("utf-8")
            approved = last_approved(entries, who, letter.id, lang)
            if approved and approved != version.digest:
                old = kept_version(ws.root, letter.id, lang, approved)
                if old is None:
                    result.notes.append(
                        f"no redline for {letter.id} [{lang}]: the text of the version"
                        f" {who} approved is missing from signoff/versions"
                    )
                    continue
                title = (
                    f"{letter.id} [{lang}]: changes since version {old.short},"
                    f" which you approved, to version {version.short}"
                )
                files[f"{stem}.redline.docx"] = redline(
                    list(old.text), list(version.text), title, stamp
                )
                changed = changed_inputs(old.inputs, version.inputs)
                files[f"{stem}.changes.txt"] = (
                    f"What changed in {letter.id} [{lang}] since version {old.short}:\n"
                    + "".join(f"- {line}\n" for line in changed)
                ).encode("utf-8")
    if not any(who in signatory_ids(ws, letter) for letter in ws.letters.values()):
        raise LettersError(f"{who} signs no letter: no letter's signatories name them")
    if not files:
        raise LettersError(f"{who} signs no letter in a language they read ({', '.join(reads)})")
    head = {"workspace": ws.config.name or "", "kind": "review packet", "signatory": who}
    about = {name: tuple(name.split(".")[:2]) for name in files}
    result.written = publish_files(
        ws,
        out,
        files,
        head,
        command="review packet",
        about=about,  # type: ignore[arg-type]
    )
    return result
