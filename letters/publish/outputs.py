"""What a batch makes from its Word letters: PDFs, e-mail drafts and the print file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from letters.errors import FOOTNOTE_APART, NO_EMAIL, LettersError, Problem, no_sender
from letters.files.atomic import atomic_write_bytes
from letters.load.loader import PersonEntry, WorkspaceData
from letters.plan import Job, email_recipients

if TYPE_CHECKING:
    from letters.publish.batch import Batch, Progress
    from letters.publish.joined import LetterGroup
    from letters.publish.pdf_outcomes import Failure

__all__ = ["Email", "convert_all", "email_targets", "not_converted", "print_file", "write_emails"]


@dataclass(frozen=True)
class Email:
    """One e-mail draft: a letter to one recipient, in the language they read."""

    job: Job
    recipient: PersonEntry

    @property
    def stem(self) -> str:
        """The draft's file name without ``.eml``: ``letter.recipient``."""
        return f"{self.job.letter.id}.{self.recipient.person.id}"


def email_targets(ws: WorkspaceData, jobs: list[Job]) -> tuple[list[Email], list[Problem]]:
    """One draft per letter and recipient, in the recipient's language where it was built;
    a warning for each recipient without an address."""
    if ws.config.email_from is None:  # a bad one is refused when the workspace is read
        raise LettersError(no_sender("e-mail drafts", ws.commented_out("email_from")))
    targets: list[Email] = []
    without: dict[str, tuple[PersonEntry, list[str]]] = {}
    for chosen, entry in email_recipients(ws, jobs):
        if entry.person.email:
            targets.append(Email(chosen, entry))
        else:
            without.setdefault(entry.person.id, (entry, []))[1].append(chosen.letter.id)
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
                code=NO_EMAIL,
            )
        )
    return targets, warnings


def convert_all(batch: Batch, progress: Progress) -> None:
    """A PDF beside every staged Word letter that has none yet, dated like its letter.

    Letters of one template, language and date are converted joined, many per LibreOffice
    layout, and split back into one PDF each; why any were converted one by one instead
    goes into ``batch.notes``.
    """
    groups: dict[tuple[str, str, dt.date], list[Path]] = {}
    for job in batch.jobs:
        definition = job.letter.definition
        key = (definition.template, job.lang, definition.date)
        groups.setdefault(key, []).append(batch.staged(job.stem, ".docx"))
    sources = [source for letters in groups.values() for source in letters]
    done = sum(1 for source in sources if source.with_suffix(".pdf").exists())
    progress.phase("PDF", len(sources))
    progress.advance(done)
    if done < len(sources):
        _convert(batch, groups, progress)
    batch.warnings += footnotes_apart(batch)


def _convert(
    batch: Batch, groups: dict[tuple[str, str, dt.date], list[Path]], progress: Progress
) -> None:
    """Convert the letters of ``groups`` that have no PDF yet; a failure stops the batch."""
    from letters.publish.joined import LETTERS_PER_DOCUMENT, LetterGroup, convert_letters

    report = convert_letters(
        [
            LetterGroup(f"templates/{template}.docx", lang, tuple(letters), day)
            for (template, lang, day), letters in groups.items()
        ],
        batch.staging,
        pdfa=batch.options.pdfa,
        workers=batch.options.processes,
        on_done=lambda _path: progress.advance(),
        size=LETTERS_PER_DOCUMENT if batch.options.join_pdfs else 1,
    )
    batch.notes += _one_by_one(report.one_by_one)
    if report.failures:
        raise not_converted(report.failures, batch.ws.rel(batch.staging))


def not_converted(failures: list[Failure], kept_in: str) -> LettersError:
    """The error that stops a batch whose ``failures`` LibreOffice could not convert: each
    letter with why (the first 20), and where the rest waits for the same command again."""
    shown = "\n".join(f"  {f.source.stem}: {f.reason}" for f in failures[:20])
    more = len(failures) - 20
    letters = "1 letter" if len(failures) == 1 else f"{len(failures)} letters"
    return LettersError(
        f"LibreOffice could not convert {letters} to PDF:\n{shown}"
        + (f"\n  … and {more} more" if more > 0 else "")
        + f"\nThe other letters are kept in {kept_in}/; run the same"
        " command again to retry these."
    )


def footnotes_apart(batch: Batch, folder: Path | None = None) -> list[Problem]:
    """A warning for each footnote a letter's PDF prints on another page than its mark
    (see `letters.publish.pdf_footnotes`), naming the letter, the footnote and the pages:
    of the PDFs staged, or of those in the final ``folder`` that holds the batch's letters
    already (read from the PDFs as they are, each found as written: nothing is converted)."""
    from letters.publish.pdf_footnotes import separated_footnotes
    from letters.publish.workers import job_label

    return [
        Problem(
            "",
            None,
            "",
            f"{job_label(job)}: its PDF prints footnote {note.number} on page"
            f" {note.note_page}, apart from its mark on page {note.mark_page}, as"
            " LibreOffice laid it out; look at that page before the letter is signed or"
            " sent (a change to the text before the mark moves it)",
            warning=True,
            code=FOOTNOTE_APART,
        )
        for job in batch.jobs
        for note in separated_footnotes(
            batch.staged(job.stem, ".pdf") if folder is None else folder / f"{job.stem}.pdf"
        )
    ]


def _one_by_one(letters: list[tuple[LetterGroup, int, str]]) -> list[str]:
    """A note per reason letters were converted one by one: how many, of which templates
    and languages."""
    by_why: dict[str, dict[str, list[str]]] = {}
    counts: dict[str, int] = {}
    for group, count, why in letters:
        langs = by_why.setdefault(why, {}).setdefault(group.template, [])
        langs += [] if group.lang in langs else [group.lang]
        counts[why] = counts.get(why, 0) + count
    notes = []
    for why, templates in by_why.items():
        where = "; ".join(f"{name} ({', '.join(langs)})" for name, langs in templates.items())
        count = counts[why]
        notes.append(
            f"{count} letter{'s' if count != 1 else ''} of {where} converted to PDF one by one,"
            f" not joined, which is slower: {why}"
        )
    return notes


def write_emails(batch: Batch, progress: Progress) -> None:
    """An e-mail draft per target, carrying the batch's PDF of the letter (a review copy's
    message says it is a draft; a final letter's does not)."""
    from letters.publish.mail import Attachment, make_draft
    from letters.render.renderer import lang_tag

    progress.phase("E-mail", len(batch.emails))
    sender = batch.ws.config.email_from or ""
    for email in batch.emails:
        target = batch.staged(email.stem, ".eml")
        if not target.exists():
            job = email.job
            addressed = Job(job.letter, job.lang, email.recipient)  # joint letters too
            subject, body = batch.renderer.emails.text(addressed, draft=batch.draft(job))
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


def print_file(batch: Batch, progress: Progress) -> None:
    """``print.pdf``: every letter's PDF in plan order, ready for duplex printing."""
    from letters.publish.printfile import join_pdfs

    target = batch.staged("print", ".pdf")
    progress.phase("Print file", 1)
    if not target.exists():
        join_pdfs([batch.staged(job.stem, ".pdf") for job in batch.jobs], target)
    progress.advance()
