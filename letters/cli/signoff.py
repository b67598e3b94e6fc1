"""Sign-off on the command line: approve, revoke, request-changes, review status and packet."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from letters.cli import (
    CommandGroup,
    OutputFolder,
    main,
    open_ws,
    reports_errors,
    shown,
    workspace_option,
)
from letters.errors import LanguageNotWritten, LettersError
from letters.signoff.ledger import Action
from letters.signoff.reply_report import RepliesReport, RepliesStopped

F = TypeVar("F", bound=Callable[..., Any])


def _answer_options(func: F) -> F:
    func = click.option(
        "--via",
        required=True,
        metavar="HOW",
        help="How the answer came, e.g. 'email of 20 May 2020'.",
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
    ws = open_ws(workspace, renders=True)
    try:
        if action == "approve":
            recorded = ws.approve(letter, lang, who, via=via, version=version or "")
        elif action == "revoke":
            recorded = ws.revoke(letter, lang, who, via=via)
        else:
            recorded = ws.request_changes(
                letter, lang, who, via=via, comment=comment, version=version
            )
    except LanguageNotWritten as exc:  # named as 'build --lang' names it
        raise LettersError(f"--lang {exc.language}: {exc}") from None
    said = f"{who} {action} {letter} [{lang}] version {recorded.version.short}"
    if recorded.already:
        click.echo(f"already recorded as entry {recorded.entry}: {said}; nothing written")
    else:
        click.echo(f"recorded entry {recorded.entry}: {said}")
    for warning in recorded.warnings:
        click.echo(f"warning: {warning}", err=True)


@main.command()
@click.argument("letter")
@_answer_options
@click.option(
    "--version",
    required=True,
    metavar="VERSION",
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
@click.option(
    "--comment", required=True, metavar="TEXT", help="What the signatory asked to change."
)
@click.option(
    "--version", default=None, metavar="VERSION", help="The version id the signatory saw."
)
@workspace_option
@reports_errors
def request_changes(
    letter: str, lang: str, who: str, via: str, comment: str, version: str | None, workspace: Path
) -> None:
    """Record that a signatory asked for changes to LETTER in one language."""
    _record(letter, lang, who, "request-changes", via, comment, version, workspace)


@main.group(cls=CommandGroup)
def review() -> None:
    """Sign-off: who approved which version; packets for signatories."""


@review.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option(
    "--html",
    "page",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Write the status as one self-contained HTML page to FILE, to open or share.",
)
@workspace_option
@reports_errors
def review_status(as_json: bool, page: Path | None, workspace: Path) -> None:
    """Per letter and language: who approved the current version, whose approval is stale,
    who has not answered."""
    from letters.signoff.answers import status_json, status_table

    if page is not None:
        if as_json:
            raise click.UsageError("choose one of --json and --html")
        click.echo(f"wrote {shown(open_ws(workspace, renders=True).status_page(page))}")
        return
    rows = open_ws(workspace, renders=True).status()
    click.echo(status_json(rows) if as_json else status_table(rows))


@review.command("packet")
@click.argument("signatory")
@click.option(
    "--out",
    "-o",
    "out_dir",
    type=OutputFolder("the packet is"),
    metavar="DIR",
    default=None,
    help="Output folder.  [default: out/review/SIGNATORY]",
)
@workspace_option
@reports_errors
def review_packet(signatory: str, out_dir: Path | None, workspace: Path) -> None:
    """Write what SIGNATORY needs: current drafts, and redlines since the versions they last
    approved or asked changes on."""
    result = open_ws(workspace, renders=True).packet(signatory, out_dir)
    for path in result.written:
        click.echo(f"wrote {shown(path)}")
    for note in result.notes:
        click.echo(note)


@review.command("request")
@click.argument("signatories", nargs=-1, metavar="[SIGNATORY]...")
@click.option(
    "--letter", default=None, metavar="LETTER", help="Only this letter's drafts, packets and notes."
)
@click.option(
    "--out",
    "-o",
    "out_dir",
    type=OutputFolder("the e-mail drafts are"),
    metavar="DIR",
    default=None,
    help="Output folder.  [default: out/review/requests]",
)
@click.option("--no-pdf", is_flag=True, help="Attach the drafts as .docx, not PDF.")
@workspace_option
@reports_errors
def review_request(
    signatories: tuple[str, ...],
    letter: str | None,
    out_dir: Path | None,
    no_pdf: bool,
    workspace: Path,
) -> None:
    """Write an e-mail draft per SIGNATORY (default: every signatory) asking them to approve
    the current drafts: the drafts attached, redlines, what changed, the lines to answer."""
    result = open_ws(workspace, renders=True).review_requests(
        signatories, letter=letter, out=out_dir, pdf=not no_pdf
    )
    for path in result.written:
        packet = shown(result.packets[path])
        click.echo(f"wrote {shown(path)} (it attaches the packet in {packet}/)")
    for note in result.notes:
        click.echo(note)


@review.command("replies")
@click.argument(
    "sources",
    nargs=-1,
    required=True,
    metavar="SOURCE...",
    type=click.Path(exists=True, path_type=Path),
)
@click.option(
    "--authenticated-only",
    is_flag=True,
    help="Refuse a reply without a DKIM or SPF pass for its From domain (or with a DMARC"
    " fail) instead of recording it flagged.",
)
@workspace_option
@reports_errors
def review_replies(sources: tuple[Path, ...], authenticated_only: bool, workspace: Path) -> None:
    """Record the answers in signatories' e-mail replies: .eml files, mbox files or Maildir
    folders. A reply answers with a line 'APPROVE <version>' or 'CHANGES <version>' (uk
    СХВАЛЮЮ/ЗМІНИ, ru ОДОБРЯЮ/ИЗМЕНЕНИЯ) followed by what should change."""
    try:
        report = open_ws(workspace, renders=True).record_replies(
            sources, authenticated_only=authenticated_only
        )
    except RepliesStopped as stopped:  # what was recorded before the stop stands: say it
        _say_replies(stopped.report)
        raise
    _say_replies(report)
    if report.refused:
        raise click.ClickException(f"{report.not_recorded()} not recorded (listed above)")


def _say_replies(report: RepliesReport) -> None:
    for line in report.recorded:
        click.echo(line)
    for line in report.skipped:
        click.echo(f"already recorded: {line}")
    for line in report.ours:
        click.echo(f"skipped: {line}")
    for line in report.warnings:
        click.echo(f"warning: {line}", err=True)
    for line in report.refused:
        click.echo(f"not recorded: {line}")
