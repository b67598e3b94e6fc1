"""``letters recipients``: the directory — list people, review derived forms, import lists."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from letters.cli import main, open_ws, reports_errors, shown, workspace_option

F = TypeVar("F", bound=Callable[..., Any])


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
    from letters.people.directory import people_table

    spec = SelectionSpec(
        ids=list(id),
        tags=list(tag),
        countries=list(country),
        groups=list(group),
        institutions=list(institution),
        languages=list(language),
    )
    click.echo(people_table(open_ws(workspace).people(spec)))


@recipients.command("review")
@click.argument("person", nargs=-1)
@click.option(
    "--confirm", is_flag=True, help="Write the listed forms into the directory file as typed forms."
)
@workspace_option
@reports_errors
def recipients_review(person: tuple[str, ...], confirm: bool, workspace: Path) -> None:
    """List forms derived by a declension library for PERSON (or everyone)."""
    forms = open_ws(workspace).review_forms(person, confirm=confirm)
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
    from letters.people.importer import report_lines

    report = open_ws(workspace).import_people(
        source, into, format=fmt, encoding=encoding, language=language
    )
    for line in report_lines(report):
        click.echo(line)
    click.echo(f"wrote {shown(report.target)}")
