"""What an import is refused for, or told of, beyond each row's fields: cells a
spreadsheet exported as formulas (a CSV's), people given the default language or keeping
theirs (any list's), and a signatory's e-mail address, which no import changes."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from letters.errors import LettersError, Problem
from letters.load.loader import PersonEntry, WorkspaceData
from letters.people.sources import Row

__all__ = [
    "address_kept",
    "default_language_notes",
    "formula_cells",
    "kept_language_notes",
    "named_as_formula",
    "signatories",
    "without_formulas",
]


def formula_cells(rows: list[Row], label: str) -> list[Problem]:
    """A problem for each CSV cell holding a spreadsheet formula (=HYPERLINK(…), =A2&" "&B2):
    its text would stand in letters as a name or an address, and the value it shows is not
    in the file. The cell itself is not quoted: it may name a private address."""
    return [
        Problem(
            label,
            row.line,
            column,
            "a spreadsheet formula, not the value it shows: replace the formula with its"
            " value in the spreadsheet (copy the column and paste it as values only) and"
            " export the CSV again (in LibreOffice, with 'Save cell formulas instead of"
            " calculated values' off)",
        )
        for row in rows
        for column, cell in row.data.items()
        if _is_formula(cell)
    ]


def _is_formula(cell: object) -> bool:
    return isinstance(cell, str) and cell.startswith("=")


def without_formulas(row: Row) -> Row:
    """``row`` with its formula cells empty: the rest of the row is still checked in the same
    run, and a formula's text would only add errors about a value the file does not hold
    (an e-mail address that is not one, a country no one has)."""
    data = {column: "" if _is_formula(cell) else cell for column, cell in row.data.items()}
    return replace(row, data=data)


# The fields an empty cell leaves missing, as the problems name them: all a formula cell
# emptied by without_formulas can still be blamed for.
_REQUIRED_FROM = {
    "id": "id",
    "name": "name.en",
    "given_name": "name.en",
    "family_name": "name.en",
    "title": "roles[0].title",
    "institution": "roles[0].institution",
}


def named_as_formula(problem: Problem, formulas: list[Problem]) -> bool:
    """Whether ``problem`` is only the emptied formula cell of one of ``formulas`` again: a
    required field it leaves missing."""
    return any(
        formula.line == problem.line and _REQUIRED_FROM.get(formula.where) == problem.where
        for formula in formulas
    )


def default_language_notes(
    people: list[tuple[Row, dict[str, Any]]],
    added: list[str],
    language: str,
    target: str,
    *,
    ep: bool = False,
) -> list[str]:
    """A note naming the people ``added`` with ``--language`` for a language the list does
    not give: their e-mails and the letters sent in each one's language come in it, so a
    list of officials of one country would otherwise be written to in English unsaid."""
    unsaid = [p["id"] for _row, p in people if p["id"] in added and "language" not in p]
    if not unsaid:
        return []
    return [
        f"{_named(unsaid)}: the list gives no language, so they read '{language}' (--language), the"
        f" language of their e-mails: change 'language:' in {target} where it is not theirs"
        + _how_to_give(ep)
    ]


def kept_language_notes(
    found: list[tuple[dict[str, Any], PersonEntry]], language: str | None, *, ep: bool = False
) -> list[str]:
    """A note naming the people already in the directory whom a ``--language`` given does
    not reach: the list gives no language of theirs, and --language is only for people
    added, so an import run again with it to correct their language would change nothing
    unsaid."""
    if language is None:
        return []
    kept = [e for p, e in found if "language" not in p and e.person.language != language]
    if not kept:
        return []
    files = ", ".join(sorted({entry.label for entry in kept}))
    return [
        f"{_named([entry.person.id for entry in kept])}: the list gives no language, and"
        f" --language '{language}' is only for people added: they keep the language the"
        f" directory gives them; change 'language:' in {files} where it is not theirs"
        + _how_to_give(ep)
    ]


def _how_to_give(ep: bool) -> str:
    """The end of a language note: a CSV can be given a column of languages, a European
    Parliament list (``ep``) cannot, so the directory file is the only place to say them."""
    return (
        " (a European Parliament list gives no one's)"
        if ep
        else ", or import with a 'language' column"
    )


def _named(ids: list[str]) -> str:
    return ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")


SIGNATORY_ADDRESS = (
    "email (the list says '{new}'; a signatory's address, whose replies are read as their"
    " answers, is changed by hand only)"
)


def signatories(ws: WorkspaceData) -> set[str] | None:
    """Who signs a letter of the workspace, or has an answer in its ledger: their replies
    are read as approvals from the address the directory gives. None where that cannot be
    told (a letter's signatories cannot be selected, the ledger cannot be read): then
    anyone may be one, and no address is changed."""
    from letters.plan import signatory_ids
    from letters.signoff.ledger import read_ledger

    found: set[str] = set()
    try:
        for letter in ws.letters.values():
            found.update(signatory_ids(ws, letter))
        found.update(entry.who for entry in read_ledger(ws.root))
    except (LettersError, OSError):
        return None
    return found


def address_kept(found: PersonEntry, person: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """``person`` (a row made a directory entry) without the e-mail address the list gives
    the signatory ``found`` where it differs from the directory's, and what the report says
    of it ("" where it is the same): an import that changed it would have the replies of
    whoever holds the new address read as the signatory's approvals."""
    new = person.get("email")
    if new is None or new == found.person.email:
        return person, ""
    kept = {key: value for key, value in person.items() if key != "email"}
    return kept, SIGNATORY_ADDRESS.format(new=new)
