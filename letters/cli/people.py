"""``letters recipients``: the directory — list people, review derived forms, import lists."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from letters.cli import CommandGroup, main, open_ws, reports_errors, workspace_option, wrote

F = TypeVar("F", bound=Callable[..., Any])


@main.group(cls=CommandGroup)
def recipients() -> None:
    """The directory: list people, review derived forms, import lists."""


def _selection_options(func: F) -> F:
    for name, metavar, help_text in (
        ("--id", "ID", "A person id."),
        ("--tag", "TAG", "A tag, e.g. mep."),
        ("--country", "COUNTRY", "An ISO country code, e.g. LT."),
        (
            "--group",
            "GROUP",
            "A political group, by any of its names, e.g. EPP, PPE or 'Renew Europe'.",
        ),
        ("--institution", "INSTITUTION", "An institution, by name."),
        ("--language", "LANG", "A preferred language, e.g. uk."),
    ):
        func = click.option(
            name, multiple=True, metavar=metavar, help=help_text + " Repeat for several."
        )(func)
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
    from letters.people.directory import people_table
    from letters.people.selection import selection_from_options

    ws = open_ws(workspace)
    spec = selection_from_options(
        ws.data,
        ids=id,
        tags=tag,
        countries=country,
        groups=group,
        institutions=institution,
        languages=language,
    )
    click.echo(people_table(ws.people(spec)))


@recipients.command("review")
@click.argument("person", nargs=-1)
@click.option(
    "--only",
    "only",
    multiple=True,
    type=click.Choice(["type-it", "check", "certain"]),
    metavar="GRADE",
    help="List (and confirm) only forms of this grade: type-it, check or certain."
    " Repeat for several.",
)
@click.option(
    "--confirm",
    is_flag=True,
    help="Write the listed derived forms into the directory file as typed forms.",
)
@workspace_option
@reports_errors
def recipients_review(
    person: tuple[str, ...], only: tuple[str, ...], confirm: bool, workspace: Path
) -> None:
    """List the name forms derived for PERSON (or everyone), the riskiest first.

    Each form is graded: 'type it' (no reliable derivation: type the form in the
    directory file), 'check' (an ambiguous name, or our rule and the declension
    library disagree: the reason follows) or 'certain' (a regular pattern).
    """
    from letters.people.directory import review_lines

    grades = [g.replace("-", " ") for g in only] or ["type it", "check", "certain"]
    forms = open_ws(workspace).review_forms(person, confirm=confirm, grades=grades)
    for line in review_lines(forms, confirmed=confirm):
        click.echo(line)


@recipients.command("import")
@click.argument(
    "source", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--into",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="The file in recipients/ new people go into, read from the workspace folder."
    "  [default: recipients/imported.yaml]",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ep-xml", "ep-json", "csv"]),
    default=None,
    metavar="FORMAT",
    help="The source's format: ep-xml, ep-json or csv.  [default: from the file name]",
)
@click.option(
    "--encoding",
    default=None,
    metavar="ENCODING",
    help="The CSV's text encoding, if it is neither UTF-8 nor Windows-1251.",
)
@click.option(
    "--language",
    default=None,  # told apart from en given: people found keep theirs, and are told so
    metavar="LANG",
    help="Preferred language for people added whom the source gives none.  [default: en]",
)
@workspace_option
@reports_errors
def recipients_import(
    source: Path,
    into: Path | None,
    fmt: str | None,
    encoding: str | None,
    language: str | None,
    workspace: Path,
) -> None:
    """Import people from FILE: an EP MEP list (XML), EP Open Data (JSON) or a CSV."""
    from letters.people.importer import report_lines
    from letters.workspace import Workspace

    # not open_ws: a letter naming people not imported yet must not keep them out
    report = Workspace(workspace).import_people(
        source, into, format=fmt, encoding=encoding, language=language
    )
    for line in report_lines(report):
        click.echo(line)
    wrote(report.written)
    if not report.written:
        click.echo("the directory was already up to date; nothing was written")
