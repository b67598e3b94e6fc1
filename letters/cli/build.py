"""``letters check``, ``build``, ``finalise`` and ``init``: letters from the workspace."""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from letters.cli import OutputFolder, main, open_ws, reports_errors, shown, workspace_option
from letters.errors import (
    DERIVED_CERTAIN,
    FINAL_KINDS,
    FINAL_REFUSES,
    FUZZY,
    LanguageNotWritten,
    LettersError,
    Problem,
    in_words,
)

if TYPE_CHECKING:
    from letters.publish.batch import BuildResult, Options

F = TypeVar("F", bound=Callable[..., Any])


def output_options(func: F) -> F:
    """The options build and finalise share: what to make besides Word, and how."""
    for decorator in reversed(
        [
            click.option(
                "--pdf", is_flag=True, help="Also write a PDF of each letter (needs LibreOffice)."
            ),
            click.option(
                "--pdfa",
                is_flag=True,
                help="Write the PDFs as PDF/A-2b, for archiving (implies --pdf).",
            ),
            click.option(
                "--email",
                is_flag=True,
                help="Also write an e-mail draft (.eml) per recipient with the PDF attached"
                " (implies --pdf).",
            ),
            click.option(
                "--print",
                "print_file",
                is_flag=True,
                help="Also join all letters into one PDF to print, print.pdf (implies --pdf).",
            ),
            click.option(
                "--pdf-one-by-one",
                "one_by_one",
                is_flag=True,
                help="Lay out each letter's PDF on its own instead of many letters per"
                " LibreOffice layout: about five times slower, for when a page break must"
                " fall exactly where LibreOffice puts it in the letter alone.",
            ),
            click.option(
                "--jobs",
                "-j",
                "workers",
                type=click.IntRange(min=1),
                metavar="N",
                default=None,
                help="Processes to use.  [default: one per core]",
            ),
            click.option(
                "--quiet", "-q", is_flag=True, help="No progress bar; print only the summary."
            ),
        ]
    ):
        func = decorator(func)
    return func


def _options(
    pdf: bool,
    pdfa: bool,
    email: bool,
    print_file: bool,
    one_by_one: bool,
    workers: int | None,
    final: bool = False,
) -> Options:
    from letters.publish.batch import Options

    return Options(
        pdf=pdf,
        pdfa=pdfa,
        email=email,
        print_file=print_file,
        join_pdfs=not one_by_one,
        strict=final,
        workers=workers,
    )


_FINAL_WORDS = in_words(list(dict.fromkeys(FINAL_KINDS.values())))


@main.command()
@click.argument("letter", nargs=-1)
@click.option(
    "--lang",
    "-l",
    "langs",
    multiple=True,
    metavar="LANG",
    help="Build only this language (repeat for several; it must be one the letter is"
    " written in). Default: each letter's own.",
)
@click.option(
    "--out",
    "-o",
    "out_dir",
    type=OutputFolder("the letters are"),
    metavar="DIR",
    default=None,
    help="Output folder.  [default: out/ in the workspace]",
)
@click.option(
    "--final",
    is_flag=True,
    help="Refuse what a letter to send may not have, as finalise does, instead of marking"
    f" it in a draft or warning of it: {_FINAL_WORDS} (the letters are still drafts:"
    " 'letters finalise' makes the ones to send).",
)
@output_options
@workspace_option
@reports_errors
def build(
    letter: tuple[str, ...],
    langs: tuple[str, ...],
    out_dir: Path | None,
    final: bool,
    pdf: bool,
    pdfa: bool,
    email: bool,
    print_file: bool,
    one_by_one: bool,
    workers: int | None,
    quiet: bool,
    workspace: Path,
) -> None:
    """Write draft letters (all letters, or the LETTER ids given).

    Drafts carry a DRAFT mark and their version id; e-mail drafts made with
    --email say they carry a draft. A batch is resumable: after Ctrl-C (or a
    crash), the same command again finishes only what is missing. Output
    appears only when the whole batch is ready.
    """
    from letters.publish.drafts import undo_killed_build

    options = _options(pdf, pdfa, email, print_file, one_by_one, workers, final)
    for kept in undo_killed_build(workspace, out_dir):  # before a bad input stops the build
        click.echo(f"warning: {kept}", err=True)
    try:
        result = open_ws(workspace, renders=True).build(
            letter, langs, out=out_dir, options=options, progress=_progress(quiet)
        )
    except LanguageNotWritten as exc:  # named as 'recipients list' names its --language
        raise LettersError(f"--lang {exc.language}: {exc}") from None
    _report(result, "Built")
    if final and not quiet:
        click.echo(FINAL_STILL_DRAFTS)
    if result.untranslated:
        click.echo(marked_gaps(result), err=True)


def marked_gaps(result: BuildResult) -> str:
    """How many messages the drafts mark [UNTRANSLATED: ...], and of which kind, in the
    words of 'letters i18n stats': a translation marked fuzzy is not used, so it is marked."""
    marked = result.untranslated  # a catalog not made yet is one warning for all its messages
    # each fuzzy entry is one catalog line, however many letters or e-mails warned of it
    fuzzy = min(marked, len({(p.file, p.line) for p in result.warnings if p.code == FUZZY}))
    if not fuzzy:
        what = f"{marked} untranslated message{'s' if marked != 1 else ''}"
    elif fuzzy == marked:
        what = f"{marked} fuzzy message{'s' if marked != 1 else ''}"
    else:
        what = f"{marked} messages, {marked - fuzzy} untranslated and {fuzzy} fuzzy,"
    why = " (a fuzzy translation is used once reviewed and its flag removed)" if fuzzy else ""
    return (
        f"{what} marked [UNTRANSLATED: ...] in the drafts{why};"
        f" a --final build refuses {'it' if marked == 1 else 'them'}."
    )


FINAL_STILL_DRAFTS = (
    "note: every message is translated, but these are drafts still (DRAFT mark, version id):"
    " the letters to send are made by 'letters finalise LETTER' once the signatories have"
    " approved these versions ('letters review request' asks them)."
)


@main.command()
@click.argument("letter")
@click.option(
    "--confirmed",
    "confirmed",
    type=click.IntRange(min=1),
    multiple=True,
    metavar="ENTRY",
    help="Count the approval of ledger entry ENTRY though it was read from an e-mail that is"
    " not authenticated (no DKIM or SPF pass for the sender's domain), or came with words that"
    " may qualify it: your word that you confirmed it with its signatory, or read them."
    " Repeat for each entry the refusal names.",
)
@output_options
@workspace_option
@reports_errors
def finalise(
    letter: str,
    confirmed: tuple[int, ...],
    pdf: bool,
    pdfa: bool,
    email: bool,
    print_file: bool,
    one_by_one: bool,
    workers: int | None,
    quiet: bool,
    workspace: Path,
) -> None:
    """Make the final LETTER (no DRAFT mark) once every signatory approved it.

    The letters go into a new folder final/LETTER/NNN-<versions>/, never
    replacing an earlier one, with a manifest naming the approving ledger
    entries; run again with nothing changed, or after an edit that changes
    no letter, it names the newest folder, which holds these letters already.
    --pdf, --email and --print make the final PDFs, e-mail drafts carrying
    them and the print file. Resumable like build. An approval read from an
    e-mail that is not authenticated, or written with words that may qualify
    it, counts only with --confirmed ENTRY (its ledger entry), once you have
    confirmed it with its signatory or read them.
    """
    options = _options(pdf, pdfa, email, print_file, one_by_one, workers)
    result = open_ws(workspace, renders=True).finalise(
        letter, options=options, progress=_progress(quiet), confirmed=confirmed
    )
    _report(result, "Finalised")  # its summary names the new folder


def _progress(quiet: bool) -> _Bar | None:
    return _Bar() if not quiet and sys.stdout.isatty() else None


def _report(result: BuildResult, verb: str) -> None:
    for line in problem_lines(result.warnings):
        click.echo(line, err=True)
    click.echo(summary(result, verb))
    for note in result.notes:
        click.echo(f"note: {note}")


def problem_lines(problems: list[Problem]) -> list[str]:
    """Each problem as 'warning: …' or 'error: …'; name forms derived from regular patterns
    (graded certain) are counted in one line, as `letters recipients review` lists them."""
    certain = [p for p in problems if p.code == DERIVED_CERTAIN]
    lines = [f"{p.severity}: {p}" for p in problems if p.code != DERIVED_CERTAIN]
    if certain:
        n = len(certain)
        lines.append(
            f"{certain[0].severity}: {n} name form{'s' if n != 1 else ''} derived from regular"
            f" patterns (graded certain) {'is' if n == 1 else 'are'} not yet confirmed;"
            " 'letters recipients review' lists them among the directory's"
            " derived forms, and"
            " 'letters recipients review --only certain --confirm' accepts them"
        )
    return lines


NOT_RENDERED = (
    "The letters were not rendered: run 'letters check' again once the files have no error,"
    " for what rendering finds."
)
NOT_RENDERED_NOR_TODAY = (
    "The letters were not rendered: run 'letters check' again once the files have no error"
    " and LETTERS_TODAY is a date written as YYYY-MM-DD or unset, for what rendering finds."
)
"""What :data:`NOT_RENDERED` says where one of the errors is a LETTERS_TODAY that is not a
date: the files put right, that error would still stop the rendering."""


def found(errors: list[Problem]) -> str:
    """'N problems found.', true of the lines above it: where several name forms are counted
    in one line (see :func:`problem_lines`), it says so."""
    count = len(errors)
    certain = sum(1 for p in errors if p.code == DERIVED_CERTAIN)
    counted = f" (one line counts {certain} name forms)" if certain > 1 else ""
    return f"{count} problem{'s' if count != 1 else ''} found{counted}."


def summary(result: BuildResult, verb: str = "Built") -> str:
    """The one paragraph a build prints: what was made, where, how long it took."""
    letters = f"{result.letters} letter{'s' if result.letters != 1 else ''}"
    langs = ", ".join(result.languages)
    files = ", ".join(
        f"{count} {kind}" for kind, count in result.counts.items() if kind != "manifest"
    )
    total = len(result.written)
    resumed = f"; {result.resumed} kept from an interrupted run" if result.resumed else ""
    if result.already_final:  # the note below says why nothing was written
        are = "is" if result.letters == 1 else "are"
        return (
            f"Nothing new to finalise: {letters} in {langs} {are} final already, {files}"
            f" ({total} files with the manifest) in {shown(result.out)}/;"
            f" checked in {result.seconds:.1f} s."
        )
    return (
        f"{verb} {letters} in {langs}: {files} ({total} files with the manifest)"
        f" in {shown(result.out)}/ in {result.seconds:.1f} s{resumed}."
    )


class _Bar:
    """A progress bar per phase on the terminal: count, percentage and time left."""

    def __init__(self) -> None:
        self._bar: Any = None

    def phase(self, name: str, total: int) -> None:
        self.done()
        self._bar = click.progressbar(
            length=total, label=f"{name:<10}", show_pos=True, show_eta=True, width=30
        )
        self._bar.__enter__()

    def advance(self, count: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(count)

    def done(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def _stopped_by(warnings: list[Problem]) -> str:
    """The last line of a check that found only warnings: what they would stop, each kind
    a --final build refuses (:data:`FINAL_REFUSES`) named by its words."""
    final = [p.code for p in warnings if p.code in FINAL_REFUSES]
    if len(final) == len(warnings):
        return "No errors; the warnings above would stop a --final build or check --strict."
    if not final:
        return "No errors; the warnings above would stop check --strict, not a --final build."
    kinds = list(dict.fromkeys(words for code, words in FINAL_KINDS.items() if code in final))
    about = in_words(kinds)
    return (
        "No errors; the warnings above would stop check --strict; those about"
        f" {about} would stop a --final build too, the others would not."
    )


@main.command()
@click.option(
    "--strict",
    is_flag=True,
    help="Treat warnings (untranslated or fuzzy messages, name forms to confirm) as errors.",
)
@workspace_option
@reports_errors
def check(strict: bool, workspace: Path) -> None:
    """Validate the whole workspace and list every problem found (the letters are
    rendered in memory once no file has an error: fix those, then check again)."""
    from letters.workspace import Workspace

    ws = Workspace(workspace)
    problems = ws.check(strict=strict)
    errors = [p for p in problems if not p.warning]
    for line in problem_lines(problems):
        click.echo(line)
    if errors and not ws.renders_in_check():
        from letters.render.after_today import today_problems

        # what rendering finds comes next: say so, or the next run's problems seem new
        today_wrong = any(p in errors for p in today_problems())
        then = NOT_RENDERED_NOR_TODAY if today_wrong else NOT_RENDERED
        raise click.ClickException(f"{found(errors)} {then}")
    if errors:
        raise click.ClickException(found(errors))
    if problems:
        click.echo(_stopped_by(problems))
    else:
        click.echo("The workspace is valid: every letter renders in every language.")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@reports_errors
def init(directory: Path) -> None:
    """Create a new workspace in DIRECTORY with a short example to edit."""
    from letters.starter import init_workspace

    for path in init_workspace(directory):
        click.echo(f"created {path}")
    here = directory.resolve() == Path.cwd().resolve()  # 'letters init .'
    go = "" if here else f"cd {shlex.quote(os.fsdecode(directory))} && "  # a name with spaces
    click.echo(f"Next: {go}letters check && letters build")
