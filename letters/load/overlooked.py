"""What letters would otherwise pass over in the workspace's folders, unsaid: a file where
one is read that is never read itself (a ``.yml``, a misspelt ``letters.yaml``), a directory
with no one in it, a case with no letters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from letters.errors import Problem, closest

if TYPE_CHECKING:
    from collections.abc import Iterator

    from letters.load.loader import WorkspaceData


def empty_directory(ws: WorkspaceData, file_problems: list[Problem]) -> Problem | None:
    """The problem of a directory with no one in it (no ``recipients/*.yaml``, or files that
    list nobody), said of the folder; None if it has people, or if a file of it has a
    problem of its own (a file not read is no sign that the folder is empty). An error once
    a letter is written, as every person it names is then unknown."""
    if ws.people or file_problems:
        return None
    folder = ws.root / "recipients"
    if any(folder.glob("*.yaml")):
        what = "its files list no one (people: [])"
    elif folder.is_dir():
        what = "the folder holds no .yaml file"
    else:
        what = "there is no recipients folder"
    return Problem(
        "recipients",
        None,
        "",
        f"the directory is empty: {what}, so no letter has anyone to write to or to sign it;"
        " write the people you write to and the signatories in recipients/people.yaml"
        " (README: 'The directory')",
        warning=not ws.letters,
    )


def stray_files(ws: WorkspaceData) -> Iterator[Problem]:
    """A problem for each file where one is read that is never read itself: .yml for .yaml,
    in a case folder any YAML file but case.yaml and letters.yaml (a misspelt letters.yaml
    would leave the case without letters, silently), and a list to import (.csv, .xml) left
    in recipients/, a warning: its people are in no letter until it is imported."""
    for stray in sorted([*ws.root.glob("recipients/*.yml"), *ws.root.glob("cases/*/*.yml")]):
        yield Problem(
            ws.rel(stray),
            None,
            "",
            f"files are read only with the .yaml extension; rename it to {stray.stem}.yaml",
        )
    for stray in sorted(p for p in ws.root.glob("recipients/*") if p.suffix.lower() in _LISTS):
        yield Problem(
            ws.rel(stray),
            None,
            "",
            "never read: the directory is read from recipients/*.yaml; import the people of"
            f" this list with 'letters recipients import {ws.rel(stray)}', then keep the list"
            " outside recipients/ (README: 'Importing')",
            warning=True,
        )
    for stray in sorted(ws.root.glob("cases/*/*.yaml")):
        if stray.name not in _CASE_FILES:
            close = closest(stray.name, _CASE_FILES)
            hint = f"; did you mean {close}?" if close else "; move it out of cases/"
            yield Problem(ws.rel(stray), None, "", f"never read: a case folder holds {_READ}{hint}")


_CASE_FILES = ("case.yaml", "letters.yaml")
_LISTS = (".csv", ".xml")  # what 'letters recipients import' reads: a list, not the directory
_READ = " and ".join(_CASE_FILES)


def cases_without_letters(ws: WorkspaceData) -> list[Problem]:
    """A warning for each case with no letters.yaml while other cases have letters (with no
    letter at all, one warning says where letters are written): a new case whose letters
    were forgotten would otherwise be left out of every build. A case folder holding another
    YAML file (a letters.yml, a letter.yaml) is not named here: :func:`stray_files` names it."""
    if not ws.letters:
        return []
    problems = []
    for case_id in sorted(ws.cases):
        folder = ws.root / "cases" / case_id
        if any(p.name != "case.yaml" for p in folder.glob("*.y*ml")):
            continue
        problems.append(
            Problem(
                ws.rel(folder),
                None,
                "",
                "no letters.yaml, so no letter is written about this case yet: write its"
                f" letters in {ws.rel(folder / 'letters.yaml')} (README: 'Letters')",
                warning=True,
            )
        )
    return problems
