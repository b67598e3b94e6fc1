"""The ``letters`` command line: parse options, call one library function, print."""

from __future__ import annotations

import difflib
import errno
import logging
import os
import select
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from letters import __version__
from letters.entry import INTERRUPTED, INTERRUPTED_EXIT
from letters.errors import Interrupted, LettersError

if TYPE_CHECKING:
    from letters.workspace import Workspace

F = TypeVar("F", bound=Callable[..., Any])


def _workspace_flag(**settings: Any) -> Callable[[F], F]:
    """``--workspace``/``-w``: the same option on the group and on each command."""
    return click.option(
        "--workspace",
        "-w",
        type=click.Path(file_okay=False, path_type=Path),
        metavar="DIR",
        **settings,
    )


workspace_option = _workspace_flag(
    default=Path("."),
    show_default="the workspace the current folder is in",
    help="The workspace folder (it holds workspace.yaml).",
)


# What letters writes: a path ending so is a file's name, never the folder --out names.
FILE_SUFFIXES = (
    *(".pdf", ".docx", ".eml", ".zip", ".txt", ".html", ".json", ".csv", ".yaml"),
    *(".odt", ".doc", ".rtf", ".md", ".xlsx", ".ods", ".mbox", ".tar", ".gz", ".tgz"),
)


class OutputFolder(click.Path):
    """An --out folder: ``--out letters.pdf`` that does not exist yet is a usage error, not a
    folder made with that name (an existing folder of that name is the user's choice)."""

    def __init__(self, what: str) -> None:
        super().__init__(path_type=Path)  # a file or device there: the library says what to do
        self.what = what

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        path = Path(os.fsdecode(super().convert(value, param, ctx)))
        if path.suffix.lower() in FILE_SUFFIXES and not os.path.lexists(path):
            self.fail(
                f"{click.format_filename(path)!r} looks like a file name; --out is the folder"
                f" {self.what} written into (give a folder, e.g. --out"
                f" {click.format_filename(_without_suffixes(path))}).",
                param,
                ctx,
            )
        return path


def _without_suffixes(path: Path) -> Path:
    """``path`` without the file-name endings it has (``x.tar.gz``: ``x``)."""
    while path.suffix.lower() in FILE_SUFFIXES:
        path = path.with_suffix("")
    return path


# The exit status of a bug in letters: EX_SOFTWARE of sysexits.h, apart from 1 (a problem
# with the user's files or system) and 2 (a mistake on the command line).
BUG_EXIT = 70
_BUG = "Error: internal error in letters (this is a bug, not a problem with your files)"


def reports_errors(func: F) -> F:
    """Turn a LettersError into 'Error: ...' and exit status 1, never a traceback.

    Any other exception is a bug in letters, and is reported as one (exit status 70)
    with a hint to run the command again with --debug, which shows the traceback.
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from letters.files.lock import running

        try:
            with running(_command_typed()):
                return func(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click's own ways to end a command
        except Interrupted as exc:  # Ctrl-C or a stop signal: the shell's status for it
            click.echo(f"Error: {exc}", err=True)
            sys.exit(130)
        except LettersError as exc:
            logging.getLogger("letters").debug("the error's traceback:", exc_info=True)
            from letters.cli.build import problem_lines

            for line in problem_lines(exc.warnings):
                click.echo(line, err=True)
            raise click.ClickException(str(exc)) from None
        except OSError as exc:  # a full disk, a missing permission, a file in the way
            if isinstance(exc, BrokenPipeError) and _output_unread():
                _end_unread()
            logging.getLogger("letters").debug("the error's traceback:", exc_info=True)
            raise click.ClickException(_not_written(exc)) from None
        except KeyboardInterrupt:  # as one while letters was starting (letters.entry)
            click.echo(INTERRUPTED, err=True)
            sys.exit(INTERRUPTED_EXIT)
        except Exception as exc:
            debug = _debugging()
            if debug:
                click.echo(traceback.format_exc().rstrip(), err=True)
            # the exception's type and where it was raised, never its text: that may quote data
            what = f"{type(exc).__name__} in {_where(exc)}"
            hint = (
                "The traceback above shows where; please report it."
                if debug
                else "Run the command again with --debug to see where, and report it."
            )
            click.echo(f"{_BUG}: {what}. {hint}", err=True)
            sys.exit(BUG_EXIT)

    return wrapper  # type: ignore[return-value]


# The status a shell gives a command its output's reader left (128 + SIGPIPE), as `yes | head`.
OUTPUT_UNREAD_EXIT = 141


def _not_written(exc: OSError) -> str:
    """The message for a file or folder that could not be written (or read)."""
    where = f"{exc.filename}: " if exc.filename else ""
    said = f"{where}{exc.strerror or exc}"
    if exc.errno == errno.ENAMETOOLONG:  # which of its names, the system does not say
        return (
            f"{said}: a name in that path, or the whole path, is longer than the system"
            " allows: choose a shorter one; nothing more was written"
        )
    if exc.errno in (errno.ENOENT, errno.EACCES, errno.EPERM) and isinstance(exc.filename, str):
        # "No such file or directory" of a folder that is there, or "Permission denied" even
        # to root: one of the system's own (/proc, /sys), where nothing can be made, which
        # no fix the message hints at would help. Only where its disk holds nothing at
        # all: elsewhere a file read went missing, or a permission can be given
        path = Path(exc.filename)
        folder = path if path.is_dir() else path.parent
        if (
            folder.is_dir()
            and (folder == path or not os.path.lexists(path))
            and _holds_nothing(folder)
        ):
            return (
                f"{said}: nothing can be made in {folder}, a folder whose contents the system"
                " makes up: choose another place; nothing more was written"
            )
    if exc.errno in (errno.ENOSPC, errno.EDQUOT) and isinstance(exc.filename, str):
        kept = _kept_batch(Path(exc.filename).parent)
        if kept is not None:  # a rerun on the disk the stopped build filled: not a new fault
            return (
                f"{said}: {kept}/ holds the letters a stopped build made, on that disk: make"
                " room on it and run the same command again to finish them; nothing more"
                " was written"
            )
    if exc.errno in (errno.EACCES, errno.EPERM) and isinstance(exc.filename, str):
        from letters.cli.write_refused import write_advice

        advice = write_advice(Path(exc.filename), *_output_option())
        if advice is not None:
            return f"{said}: {advice}; nothing more was written"
    return f"{said}; nothing more was written"


def _output_option() -> tuple[Path | None, bool]:
    """The output folder the running command was given with --out (None if it was not), and
    whether it has that option at all."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:  # a command run without click: no --out to choose
        return None, False
    option = next((p for p in ctx.command.params if "--out" in p.opts), None)
    if option is None or option.name is None:
        return None, False
    given = ctx.params.get(option.name)
    return (Path(given) if given is not None else None), True


def _kept_batch(folder: Path) -> Path | None:
    """A staging folder in ``folder`` that an interrupted or stopped batch kept, if any."""
    from letters.publish.staging import STAGING_PREFIX

    try:
        return next(iter(sorted(folder.glob(STAGING_PREFIX + "*"))), None)
    except OSError:
        return None


def _holds_nothing(folder: Path) -> bool:
    """Whether ``folder`` is on a file system with no room for any file (/proc, /sys)."""
    try:
        disk = os.statvfs(folder)
    except OSError:
        return False
    return disk.f_blocks == 0 and disk.f_files == 0


def _output_unread() -> bool:
    """Whether standard output is a pipe nobody reads any more (``letters … | head`` once
    head has its lines), rather than another pipe letters writes to (LibreOffice's)."""
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), 0)  # a pipe without a reader reports POLLERR
        return any(event & select.POLLERR for _fd, event in poller.poll(0))
    except (AttributeError, OSError, ValueError):  # no such pipe (a test's output, Windows)
        return False


def _end_unread() -> NoReturn:
    """End quietly, as a shell's own tools end when their reader has gone: what is left to
    print has no reader, and an error saying so would only stand among what was read."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # Python's last flush would fail again
    sys.exit(OUTPUT_UNREAD_EXIT)


def _command_typed() -> str:
    """The command running, as typed after ``letters``: "review replies"."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return "?"
    return ctx.command_path[len(ctx.find_root().command_path) :].strip()


def _where(exc: BaseException) -> str:
    """The innermost place in letters' own code an exception passed through: module:line."""
    found = "letters"
    for frame, line in traceback.walk_tb(exc.__traceback__):
        module = str(frame.f_globals.get("__name__", ""))
        if module == "letters" or module.startswith("letters."):
            found = f"{module}:{line} ({frame.f_code.co_name})"
    return found


class CommandGroup(click.Group):
    """A group of commands (``review``, ``i18n``, ``recipients``): a misspelt command is
    named with the one meant whatever click's release (8.1 named none), and a command of
    letters itself given under it (``letters review approve``) where it is."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            meant = self.meant(ctx, name)
            if meant:
                ctx.fail(f"No such command '{name}'. Did you mean {meant}?")
        return super().resolve_command(ctx, args)

    def meant(self, ctx: click.Context, name: str) -> str:
        """The command ``name`` most likely stands for, quoted as it is typed; "" if none."""
        said = {command: command for command in self.list_commands(ctx)}
        top = ctx.parent.command if ctx.parent else None
        for command in top.list_commands(ctx) if isinstance(top, click.Group) else []:
            said.setdefault(command, f"letters {command}")  # 'letters approve'
        close = difflib.get_close_matches(name, said, n=1)
        return f"'{said[close[0]]}'" if close else ""


class _Commands(CommandGroup):
    """The top-level group: a command that exists only under a group ('status' is 'review
    status', 'stats' is 'i18n stats') is named with its group rather than just refused,
    and a misspelt one with the command meant, whatever click's release."""

    def meant(self, ctx: click.Context, name: str) -> str:
        homes = [
            f"'letters {group} {name}'"
            for group in self.list_commands(ctx)
            if isinstance(command := self.get_command(ctx, group), click.Group)
            and command.get_command(ctx, name) is not None
        ]
        return " or ".join(homes) or super().meant(ctx, name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.NoSuchOption as exc:  # 'letters build --verbose': said where it goes
            if exc.option_name not in _OWN_OPTIONS or exc.ctx is None:
                raise
            root = exc.ctx.find_root().command_path  # 'letters', or 'python -m letters'
            name, command = exc.option_name, exc.ctx.command_path[len(root) :].strip()
            raise click.UsageError(
                f"No such option '{name}' for '{command}': {name} is an option of letters"
                f" itself, given before the command: letters {name} {command} …",
                exc.ctx,
            ) from None


# The options of letters itself, before any command (--workspace is every command's too).
_OWN_OPTIONS = ("--verbose", "-v", "--debug")


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="letters")
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="Say on stderr what is being done: each step, each LibreOffice call and its outcome.",
)
@click.option(
    "--debug",
    is_flag=True,
    help="Say everything on stderr (what LibreOffice was asked and answered, each template"
    " part rendered) and show the traceback of an error.",
)
@_workspace_flag(
    default=None,
    help="The workspace folder, for every command (as each command's own --workspace).",
)
@click.pass_context
def main(ctx: click.Context, verbose: bool, debug: bool, workspace: Path | None) -> None:
    """Appeal letters from case facts and directories, in several languages.

    Run the commands inside a workspace (a folder with workspace.yaml, or one
    of its folders), or point at one with --workspace, before or after the command.
    """
    _log_to_stderr(logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING)
    if workspace is not None:  # the default of every command's --workspace below this one
        ctx.default_map = _defaults(ctx.command, workspace)


def _defaults(group: click.Command, workspace: Path) -> dict[str, Any]:
    """A default map giving ``workspace`` to every command of ``group``, at every level."""
    commands = group.commands if isinstance(group, click.Group) else {}
    return {
        name: _defaults(command, workspace)
        if isinstance(command, click.Group)
        else {"workspace": workspace}
        for name, command in commands.items()
    }


class _Stderr(logging.Handler):
    """The tool's log on stderr, where errors go: 'warning: …', 'info: …', 'debug: …'."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = self.format(record)
            click.echo(f"{record.levelname.lower()}: {message}", err=True)
        except Exception:
            self.handleError(record)


def _log_to_stderr(level: int) -> None:
    """Show the tool's log records of ``level`` and above on stderr (warnings always)."""
    logger = logging.getLogger("letters")
    for handler in [h for h in logger.handlers if isinstance(h, _Stderr)]:
        logger.removeHandler(handler)  # from an earlier command run in this process
    handler = _Stderr()
    if level <= logging.DEBUG:
        handler.setFormatter(
            logging.Formatter("%(asctime)s.%(msecs)03d %(name)s: %(message)s", "%H:%M:%S")
        )
    logger.addHandler(handler)
    logger.setLevel(level)


def _debugging() -> bool:
    context = click.get_current_context(silent=True)
    return bool(context is not None and context.find_root().params.get("debug"))


def open_ws(path: Path, *, renders: bool = False) -> Workspace:
    """The workspace at ``path``, opened once for the command: its files' errors raised
    now, or, for a command that ``renders`` letters, by its method, which lists a
    LETTERS_TODAY that is not a date beside them (one run tells both)."""
    from letters.workspace import Workspace, open_workspace

    return Workspace(path) if renders else open_workspace(path)


def wrote(paths: list[Path]) -> None:
    """Say which files a command wrote."""
    for path in paths:
        click.echo(f"wrote {shown(path)}")


def shown(path: Path) -> Path:
    """``path`` relative to the current folder when it is under it, else as it is."""
    cwd = Path.cwd()
    return path.relative_to(cwd) if path.is_relative_to(cwd) else path


# The commands, one module per group; importing them registers them on ``main``.
from letters.cli import build, i18n, people, signoff  # noqa: E402, F401
