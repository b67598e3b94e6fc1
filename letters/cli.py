"""The ``letters`` command line: parse options, call one library function, print."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from letters import __version__
from letters.errors import LettersError

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
@workspace_option
@reports_errors
def build(
    letter: tuple[str, ...],
    langs: tuple[str, ...],
    out_dir: Path | None,
    pdf: bool,
    workspace: Path,
) -> None:
    """Write draft letters (all letters, or the LETTER ids given)."""
    from letters.build import build as run_build

    written = run_build(workspace, letter, langs, out_dir, pdf=pdf)
    cwd = Path.cwd()
    for path in written:
        shown = path.relative_to(cwd) if path.is_relative_to(cwd) else path
        click.echo(f"wrote {shown}")
    click.echo(f"{len(written)} file{'s' if len(written) != 1 else ''} written.")


@main.command()
@workspace_option
@reports_errors
def check(workspace: Path) -> None:
    """Validate the whole workspace and list every problem found."""
    from letters.check import check_workspace

    problems = check_workspace(workspace)
    errors = [p for p in problems if not p.warning]
    for problem in problems:
        prefix = "warning" if problem.warning else "error"
        click.echo(f"{prefix}: {problem}")
    if errors:
        noun = "problem" if len(errors) == 1 else "problems"
        raise click.ClickException(f"{len(errors)} {noun} found.")
    click.echo("The workspace is valid: every letter renders in every language.")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@reports_errors
def init(directory: Path) -> None:
    """Create a new workspace in DIRECTORY with a short example to edit."""
    from letters.scaffold import init_workspace

    created = init_workspace(directory)
    for path in created:
        click.echo(f"created {path}")
    click.echo(f"Next: cd {directory} && letters check && letters build")
