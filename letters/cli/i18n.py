"""``letters i18n``: the translators' workflow — extract, update, init, compile, stats."""

from __future__ import annotations

from pathlib import Path

import click

from letters.cli import CommandGroup, main, open_ws, reports_errors, shown, workspace_option, wrote
from letters.errors import Problem


@main.group(cls=CommandGroup)
def i18n() -> None:
    """Translation catalogs: extract, update, init, compile, stats."""


@i18n.command("extract")
@workspace_option
@reports_errors
def i18n_extract(workspace: Path) -> None:
    """Write locales/<domain>.pot from the templates and cases (refused while a .pot holds
    a translation typed into it, which would be lost)."""
    for pot in open_ws(workspace).extract_messages():
        click.echo(f"{'wrote' if pot.changed else 'unchanged'} {shown(pot.path)}")


@i18n.command("update")
@workspace_option
@reports_errors
def i18n_update(workspace: Path) -> None:
    """Merge the current messages into every .po, keeping every translation."""
    from letters.files.size_limits import POT_TOO_LARGE
    from letters.i18n.person_note import PERSON
    from letters.i18n.update_lines import change_lines, totals

    reports = open_ws(workspace).update_catalogs()
    for report in reports:
        done = "created" if report.created else "updated" if report.changed else "unchanged"
        note = report.note
        why = ""
        if note is not None and note.was not in (None, note.now) and not note.review:
            why = f"; note put right: the person this case is about is now {PERSON[note.now]}"
        elif note is not None and note.was not in (None, note.now):
            why = (
                f"; {note.review} to review: the person this case is about is now"
                f" {PERSON[note.now]}, and the catalog was translated for {PERSON[note.was]}"
                " (marked fuzzy, translations kept)"
            )
        elif note is not None and note.was is None:
            why = f"; note added: the person this case is about is {PERSON[note.now]}"
        if report.moved_out and report.kept is not None:
            n = report.moved_out
            why += (
                f"; {n} translation{'s' if n != 1 else ''} of {'texts' if n != 1 else 'a text'}"
                f" now private moved out to {shown(report.kept)} (no catalog may hold a"
                " private text; it comes back if the text is public again)"
            )
        if report.header_added:
            why += f"; header completed: {' and '.join(report.header_added)} added"
        if report.put_back:
            n = report.put_back
            why += (
                f"; {n} translation{'s' if n != 1 else ''} of {'texts' if n != 1 else 'a text'}"
                " public again put back"
            )
        click.echo(f"{done} {shown(report.path)}: {totals(report)}{why}")
        for line in change_lines(report):
            click.echo(line)
    too_large = {r.stale_pot for r in reports if r.pot_too_large}
    for pot in dict.fromkeys(r.stale_pot for r in reports if r.stale_pot is not None):
        if pot in too_large:
            click.echo(f"note: {shown(pot)}: {POT_TOO_LARGE}")
            continue
        if not pot.exists():  # a new workspace: nothing there to bring old English back
            click.echo(
                f"note: there is no {shown(pot)} yet: run 'letters i18n extract' to write it,"
                " for tools that update a catalog from the .pot (Poedit, Weblate)"
            )
            continue
        click.echo(
            f"note: {shown(pot)} does not hold the current English texts, which the catalogs"
            " were merged with: run 'letters i18n extract' (tools that update a catalog from"
            " the .pot, such as Poedit and Weblate, would bring the old English back)"
        )


@i18n.command("init")
@click.argument("lang")
@click.option(
    "--locale", default=None, metavar="LOCALE", help="Locale for dates and lists, e.g. pl_PL."
)
@workspace_option
@reports_errors
def i18n_init(lang: str, locale: str | None, workspace: Path) -> None:
    """Start translating into LANG: new catalogs, and LANG added to workspace.yaml."""
    from letters.workspace import Workspace

    # not open_ws: a letter or a person naming LANG already is the error this command fixes
    wrote(Workspace(workspace).add_language(lang, locale))


@i18n.command("compile")
@workspace_option
@reports_errors
def i18n_compile(workspace: Path) -> None:
    """Write a .mo beside every .po letters reads (fuzzy entries left out)."""
    from letters.i18n.catalog_files import stray_catalogs

    ws = open_ws(workspace)
    warnings: list[Problem] = []
    wrote(ws.compile_catalogs(warnings))
    for problem in warnings:
        click.echo(f"warning: {problem}", err=True)
    for stray in stray_catalogs(ws.data):  # as check warns of them: not compiled
        click.echo(f"warning: {stray.problem}", err=True)


@i18n.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@workspace_option
@reports_errors
def i18n_stats(as_json: bool, workspace: Path) -> None:
    """Translated, refused (by check: never used), fuzzy and untranslated messages per
    language and domain."""
    from letters.i18n.stats import stats_json, stats_table

    rows = open_ws(workspace).translation_stats()
    click.echo(stats_json(rows) if as_json else stats_table(rows))
