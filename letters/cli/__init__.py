"""The ``letters`` command line: parse options, call one library function, print."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from letters import __version__
from letters.errors import LettersError
from letters.signoff.ledger import Action

if TYPE_CHECKING:
    from letters.publish.batch import BuildResult

F = TypeVar("F", bound=Callable[..., Any])

workspace_option = click.option(
    "--workspace",
    "-w",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default="the current directory",
    help="The workspace folder (it holds workspace.yaml).",
)


def reports_errors(func: F) -> F:
    """Turn a LettersError into 'Error: ...' and exit status 1, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except LettersError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:  # a full disk, a missing permission, a file in the way
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(
                f"{where}{exc.strerror or exc}; nothing more was written"
            ) from None
        except KeyboardInterrupt:
            click.echo(
                "Interrupted; files already written are complete, nothing is half-written.",
                err=True,
            )
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="letters")
def main() -> None:
    """Appeal letters from case facts and directories, in several languages.

    Run the commands inside a workspace (a folder with workspace.yaml), or
    point at one with --workspace.
    """


@main.command()
@click.argument("letter", nargs=-1)
@click.option(
    "--lang",
    "-l",
    "langs",
    multiple=True,
    metavar="LANG",
    help="Build only this language (repeat for several). Default: each letter's own.",
)
@click.option(
    "--out",
    "-o",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder.  [default: out/ in the workspace]",
)
@click.option("--pdf", is_flag=True, help="Also write a PDF of each letter (needs LibreOffice).")
@click.option(
    "--pdfa", is_flag=True, help="Write the PDFs as PDF/A-2b, for archiving (implies --pdf)."
)
@click.option(
    "--email",
    is_flag=True,
    help="Also write an e-mail draft (.eml) per recipient with the PDF attached (implies --pdf).",
)
@click.option(
    "--print",
    "print_file",
    is_flag=True,
    help="Also join all letters into one PDF to print, out/print.pdf (implies --pdf).",
)
@click.option(
    "--final",
    is_flag=True,
    help="Refuse any untranslated or fuzzy message instead of marking it in a draft.",
)
@click.option(
    "--jobs",
    "-j",
    "workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to use.  [default: one per core]",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; print only the summary.")
@workspace_option
@reports_errors
def build(
    letter: tuple[str, ...],
    langs: tuple[str, ...],
    out_dir: Path | None,
    pdf: bool,
    pdfa: bool,
    email: bool,
    print_file: bool,
    final: bool,
    workers: int | None,
    quiet: bool,
    workspace: Path,
) -> None:
    """Write draft letters (all letters, or the LETTER ids given).

    A batch is resumable: after Ctrl-C (or a crash), the same command again
    finishes only what is missing. Output appears only when the whole batch is ready.
    """
    from letters.publish.batch import Options
    from letters.publish.batch import build as run_build

    options = Options(
        pdf=pdf, pdfa=pdfa, email=email, print_file=print_file, final=final, workers=workers
    )
    progress = _Bar() if not quiet and _interactive() else None
    result = run_build(workspace, letter, langs, out_dir, options=options, progress=progress)
    for problem in result.warnings:
        click.echo(f"warning: {problem}", err=True)
    click.echo(summary(result))
    gaps = sum(
        1 for w in result.warnings if "has no translation" in w.message or "fuzzy" in w.message
    )
    if gaps:
        click.echo(
            f"{gaps} untranslated message{'s' if gaps != 1 else ''} marked"
            " [UNTRANSLATED: ...] in the drafts; a --final build refuses them.",
            err=True,
        )


def _interactive() -> bool:
    return sys.stdout.isatty()


def summary(result: BuildResult) -> str:
    """The one paragraph a build prints: what was made, where, how long it took."""
    letters = f"{result.letters} letter{'s' if result.letters != 1 else ''}"
    langs = ", ".join(result.languages)
    files = ", ".join(
        f"{count} {kind}" for kind, count in result.counts.items() if kind != "manifest"
    )
    total = len(result.written)
    resumed = f"; {result.resumed} kept from an interrupted run" if result.resumed else ""
    return (
        f"Built {letters} in {langs}: {files} ({total} files with the manifest)"
        f" in {_shown(result.out)}/ in {result.seconds:.1f} s{resumed}."
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


def _wrote(paths: list[Path]) -> None:
    for path in paths:
        click.echo(f"wrote {_shown(path)}")


def _shown(path: Path) -> Path:
    cwd = Path.cwd()
    return path.relative_to(cwd) if path.is_relative_to(cwd) else path


@main.command()
@click.option("--strict", is_flag=True, help="Treat warnings (untranslated messages) as errors.")
@workspace_option
@reports_errors
def check(strict: bool, workspace: Path) -> None:
    """Validate the whole workspace and list every problem found."""
    from letters.check import check_workspace

    problems = check_workspace(workspace, strict=strict)
    errors = [p for p in problems if not p.warning]
    for problem in problems:
        prefix = "warning" if problem.warning else "error"
        click.echo(f"{prefix}: {problem}")
    if errors:
        noun = "problem" if len(errors) == 1 else "problems"
        raise click.ClickException(f"{len(errors)} {noun} found.")
    if problems:
        click.echo("No errors; the warnings above would stop a --final build or check --strict.")
    else:
        click.echo("The workspace is valid: every letter renders in every language.")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@reports_errors
def init(directory: Path) -> None:
    """Create a new workspace in DIRECTORY with a short example to edit."""
    from letters.starter import init_workspace

    created = init_workspace(directory)
    for path in created:
        click.echo(f"created {path}")
    click.echo(f"Next: cd {directory} && letters check && letters build")


@main.group()
def i18n() -> None:
    """Translation catalogs: extract, update, init, compile, stats."""


@i18n.command("extract")
@workspace_option
@reports_errors
def i18n_extract(workspace: Path) -> None:
    """Write locales/<domain>.pot from the templates and cases."""
    from letters.i18n.workflow import extract

    _wrote(extract(workspace))


@i18n.command("update")
@workspace_option
@reports_errors
def i18n_update(workspace: Path) -> None:
    """Merge the current messages into every .po, keeping every translation."""
    from letters.i18n.workflow import update

    for report in update(workspace):
        click.echo(
            f"updated {_shown(report.path)}: {report.added} untranslated,"
            f" {report.fuzzy} newly fuzzy, {report.obsolete} obsolete"
        )


@i18n.command("init")
@click.argument("lang")
@click.option("--locale", default=None, help="Locale for dates and lists, e.g. pl_PL.")
@workspace_option
@reports_errors
def i18n_init(lang: str, locale: str | None, workspace: Path) -> None:
    """Start translating into LANG: new catalogs, and LANG added to workspace.yaml."""
    from letters.i18n.workflow import init_language

    _wrote(init_language(workspace, lang, locale))


@i18n.command("compile")
@workspace_option
@reports_errors
def i18n_compile(workspace: Path) -> None:
    """Write a .mo beside every .po (fuzzy entries left out)."""
    from letters.i18n.workflow import compile_catalogs

    _wrote(compile_catalogs(workspace))


@i18n.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@workspace_option
@reports_errors
def i18n_stats(as_json: bool, workspace: Path) -> None:
    """Translated, fuzzy and untranslated messages per language and domain."""
    from letters.i18n.workflow import stats, stats_json, stats_table

    rows = stats(workspace)
    click.echo(stats_json(rows) if as_json else stats_table(rows))


@main.group()
def recipients() -> None:
    """The directory: list people, review derived forms, import lists."""


def _selection_options(func: F) -> F:
    for name, help_text in (
        ("--id", "A person id."),
        ("--tag", "A tag, e.g. mep."),
        ("--country", "An ISO country code, e.g. LT."),
        ("--group", "A political group, by name, e.g. 'Renew Europe'."),
        ("--institution", "An institution, by name."),
        ("--language", "A preferred language, e.g. uk."),
    ):
        func = click.option(name, multiple=True, help=help_text + " Repeat for several.")(func)
    return func


@recipients.command("list")
@_selection_options
@workspace_option
@reports_errors
def recipients_list(
    id: tuple[str, ...],
    tag: tuple[str, ...],
    country: tuple[str, ...],
    group: tuple[str, ...],
    institution: tuple[str, ...],
    language: tuple[str, ...],
    workspace: Path,
) -> None:
    """Show the people a selection picks (everyone without options).

    Options of different kinds must all match; several values of one kind
    match any of them: --tag mep --group 'Renew Europe' --group EPP
    --country LT --country SK.
    """
    from letters.load.models import SelectionSpec
    from letters.people.directory import list_people, people_table

    spec = SelectionSpec(
        ids=list(id),
        tags=list(tag),
        countries=list(country),
        groups=list(group),
        institutions=list(institution),
        languages=list(language),
    )
    click.echo(people_table(list_people(workspace, spec)))


@recipients.command("review")
@click.argument("person", nargs=-1)
@click.option(
    "--confirm", is_flag=True, help="Write the listed forms into the directory file as typed forms."
)
@workspace_option
@reports_errors
def recipients_review(person: tuple[str, ...], confirm: bool, workspace: Path) -> None:
    """List forms derived by a declension library for PERSON (or everyone)."""
    from letters.people.directory import review

    forms = review(workspace, list(person), confirm=confirm)
    for form in forms:
        click.echo(str(form))
    if not forms:
        click.echo("No derived forms: every form is typed.")
    elif confirm:
        click.echo(
            f"Confirmed {len(forms)} form{'s' if len(forms) != 1 else ''};"
            " they are typed in the directory now."
        )
    else:
        click.echo(
            "Check each form; correct a wrong one by typing it in the directory file,"
            " or run again with --confirm to accept them all."
        )


@recipients.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--into",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The directory file to update.  [default: recipients/imported.yaml]",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ep-xml", "ep-json", "csv"]),
    default=None,
    help="The source's format.  [default: from the file name]",
)
@click.option(
    "--encoding",
    default=None,
    help="The CSV's text encoding, if it is neither UTF-8 nor Windows-1251.",
)
@click.option(
    "--language",
    default="en",
    show_default=True,
    help="Preferred language for people the source gives none.",
)
@workspace_option
@reports_errors
def recipients_import(
    source: Path,
    into: Path | None,
    fmt: str | None,
    encoding: str | None,
    language: str,
    workspace: Path,
) -> None:
    """Import people from SOURCE: an EP MEP list (XML), EP Open Data (JSON) or a CSV."""
    from letters.people.importer import import_people, report_lines

    report = import_people(workspace, source, into, fmt, encoding, language)
    for line in report_lines(report):
        click.echo(line)
    click.echo(f"wrote {_shown(report.target)}")


def _answer_options(func: F) -> F:
    func = click.option(
        "--via", required=True, help="How the answer came, e.g. 'email of 20 May 2020'."
    )(func)
    func = click.option(
        "--by", "who", required=True, metavar="ID", help="The signatory who answered."
    )(func)
    func = click.option(
        "--lang", "-l", required=True, metavar="LANG", help="The language version answered on."
    )(func)
    return func


def _record(
    letter: str,
    lang: str,
    who: str,
    action: Action,
    via: str,
    comment: str,
    version: str | None,
    workspace: Path,
) -> None:
    from letters.signoff.review import record

    number, current = record(
        workspace,
        letter,
        lang,
        who,
        action,
        via,
        comment,
        expected=version,
    )
    click.echo(f"recorded entry {number}: {who} {action} {letter} [{lang}] version {current.short}")


@main.command()
@click.argument("letter")
@_answer_options
@click.option(
    "--version",
    required=True,
    metavar="ID",
    help="The version id printed in the header of the draft the signatory approved;"
    " refused if the draft has changed since.",
)
@workspace_option
@reports_errors
def approve(
    letter: str, lang: str, who: str, via: str, version: str | None, workspace: Path
) -> None:
    """Record that a signatory approved the current draft of LETTER in one language."""
    _record(letter, lang, who, "approve", via, "", version, workspace)


@main.command()
@click.argument("letter")
@_answer_options
@workspace_option
@reports_errors
def revoke(letter: str, lang: str, who: str, via: str, workspace: Path) -> None:
    """Record that a signatory withdrew their approval of LETTER in one language."""
    _record(letter, lang, who, "revoke", via, "", None, workspace)


@main.command("request-changes")
@click.argument("letter")
@_answer_options
@click.option("--comment", required=True, help="What the signatory asked to change.")
@click.option("--version", default=None, help="The version id the signatory saw.")
@workspace_option
@reports_errors
def request_changes(
    letter: str, lang: str, who: str, via: str, comment: str, version: str | None, workspace: Path
) -> None:
    """Record that a signatory asked for changes to LETTER in one language."""
    _record(letter, lang, who, "request-changes", via, comment, version, workspace)


@main.group()
def review() -> None:
    """Sign-off: who approved which version; packets for signatories."""


@review.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@workspace_option
@reports_errors
def review_status(as_json: bool, workspace: Path) -> None:
    """Per letter and language: who approved the current version, whose approval is stale,
    who has not answered."""
    from letters.signoff.review import status, status_json, status_table

    rows = status(workspace)
    click.echo(status_json(rows) if as_json else status_table(rows))


@review.command("packet")
@click.argument("signatory")
@click.option(
    "--out",
    "-o",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder.  [default: out/review/SIGNATORY]",
)
@workspace_option
@reports_errors
def review_packet(signatory: str, out_dir: Path | None, workspace: Path) -> None:
    """Write what SIGNATORY needs: current drafts, and redlines since their last approval."""
    from letters.signoff.review import packet

    written, notes = packet(workspace, signatory, out_dir)
    for path in written:
        click.echo(f"wrote {_shown(path)}")
    for note in notes:
        click.echo(note)


@main.command()
@click.argument("letter")
@workspace_option
@reports_errors
def finalise(letter: str, workspace: Path) -> None:
    """Write the final LETTER (no DRAFT mark) once every signatory approved it."""
    from letters.signoff.review import finalise as run

    folder = run(workspace, letter)
    click.echo(f"wrote {_shown(folder)}")
