"""One error hierarchy for the whole tool, independent of the command line.

Messages name the file and the line, row or field path, and never include a
value from the user's data: a value may be private.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the workspace, located as precisely as we can."""

    file: str
    line: int | None = None
    where: str = ""
    message: str = ""
    warning: bool = field(default=False, compare=False)

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file, self.line or 0, self.where, self.message)

    def __str__(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
        if self.where:
            place += f" {self.where}"
        return f"{place}: {self.message}" if place else self.message


class LettersError(Exception):
    """Raised when the user's input or environment stops a command.

    The command line prints it as ``Error: ...`` and exits with status 1.
    """

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        self.problems = sort_problems(problems)
        super().__init__(message)

    def __str__(self) -> str:
        head = super().__str__()
        if not self.problems:
            return head
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


class WorkspaceError(LettersError):
    """Raised when workspace files are missing, malformed or inconsistent."""


class TemplateProblem(LettersError):
    """Raised when a template cannot be read or rendered safely."""


class TranslationError(LettersError):
    """Raised when a catalog is broken or a letter would be left half translated."""


class ToolMissing(LettersError):
    """Raised when an external program such as LibreOffice is not installed."""


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems without duplicates, by file, line and field."""
    return sorted(set(problems), key=Problem.sort_key)


def problems_error(problems: Iterable[Problem], what: str = "the workspace") -> WorkspaceError:
    found = sort_problems(p for p in problems if not p.warning)
    count = len(found)
    noun = "problem" if count == 1 else "problems"
    return WorkspaceError(f"{count} {noun} in {what}:", found)
