"""A family member's birth date cannot be after today (``LETTERS_TODAY`` when it is set), nor
after the date of a letter of the case that tells of them: the first is an error, the second
a warning that stops ``check --strict`` and ``build --final`` (as an event dated after its
letter does); each is named at the date's line and field, and no message repeats the date (a
birth date may be private).

The sample's letters are dated 2020-05-21; its son's birth date is private.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.cli.build import NOT_RENDERED

CASE = "cases/akhmetova/case.yaml"
BORN = "        date: 2010-01-01\n        private: true\n"
WHERE = f"{CASE}:25 person.family[0].born.date"
FUTURE = "a birth date cannot be in the future, and this one is after today ({today}): correct it"
BEFORE = (
    "a birth date cannot be after the date of a letter of its case, and this one is after"
    " that of letter may-2020-joint (cases/akhmetova/letters.yaml:13) and of 4 more of the"
    " case's letters: correct whichever date is wrong"
)

STOPS = "No errors; the warnings above would stop a --final build or check --strict."

# (the birth date written, private or not, today, the error check names it with)
CASES = {
    "tomorrow": ("2021-06-02", True, "2021-06-01", FUTURE.format(today="2021-06-01")),
    "next-century": ("2121-06-02", False, "2021-06-01", FUTURE.format(today="2021-06-01")),
    "today-after-the-letters": ("2021-06-01", True, "2021-06-01", BEFORE),
    "the-day-after-the-letters": ("2020-05-22", True, "2021-06-01", BEFORE),
    # today as LETTERS_TODAY sets it: past by then, yet after the letters
    "past-by-letters-today": ("2021-06-02", True, "2021-07-01", BEFORE),
    "the-letters-day": ("2020-05-21", True, "2021-06-01", None),
    "public-and-past": ("2010-01-01", False, "2021-06-01", None),
}


@pytest.mark.parametrize(("born", "private", "today", "said"), CASES.values(), ids=CASES.keys())
def test_a_birth_date_after_today_is_an_error_after_a_letter_a_warning(
    sample: Path, born: str, private: bool, today: str, said: str | None
) -> None:
    case = sample / CASE
    text = case.read_text(encoding="utf-8")
    written = f"        date: {born}\n" + ("        private: true\n" if private else "")
    case.write_text(text.replace(BORN, written, 1), encoding="utf-8")

    result = CliRunner(env={"LETTERS_TODAY": today}).invoke(main, ["check", "-w", str(sample)])

    lines = result.output.splitlines()
    errors = [line for line in lines if line.startswith("error: ")]
    warnings = [line for line in lines if line.startswith("warning: ")]
    if said is None:
        assert (result.exit_code, errors, warnings) == (0, [], []), result.output
        return
    assert born not in result.output
    if said is not BEFORE:
        assert result.exit_code == 1
        assert (errors, warnings) == ([f"error: {WHERE}: {said}"], [])
        assert lines[-1] == f"Error: 1 problem found. {NOT_RENDERED}"
        return
    assert (result.exit_code, errors) == (0, []), result.output
    assert warnings == [f"warning: {WHERE}: {said}"]
    assert (
        lines[-1] == "No errors; the warnings above would stop a --final build or check --strict."
    )
    strict = CliRunner(env={"LETTERS_TODAY": today}).invoke(
        main, ["check", "--strict", "-w", str(sample)]
    )
    assert strict.exit_code == 1, strict.output


# a family member no letter tells of: private, or not a minor (only whether a public child
# is a minor reaches a letter)
UNTOLD = {
    "private-member": "    - relation: daughter\n      private: true\n      minor: true\n",
    "not-a-minor": "    - relation: daughter\n",
}


@pytest.mark.parametrize("member", UNTOLD.values(), ids=UNTOLD.keys())
def test_one_no_letter_tells_of_may_be_born_after_a_letter(sample: Path, member: str) -> None:
    """A case's older letter does not speak of a member no letter tells of: born after it,
    they refuse nothing (the letters of a case that lasts years are kept)."""
    case = sample / CASE
    text = case.read_text(encoding="utf-8")
    born = "      born: {date: 2020-08-01, private: true}\n"
    case.write_text(text.replace("  family:\n", f"  family:\n{member}{born}", 1), "utf-8")

    result = CliRunner(env={"LETTERS_TODAY": "2021-06-01"}).invoke(
        main, ["check", "-w", str(sample)]
    )

    assert result.exit_code == 0, result.output
    assert "birth date" not in result.output


def test_one_born_after_today_is_an_error_even_if_no_letter_tells_of_them(sample: Path) -> None:
    case = sample / CASE
    text = case.read_text(encoding="utf-8")
    member = "    - relation: daughter\n      private: true\n"
    born = "      born: {date: 2021-06-02, private: true}\n"
    case.write_text(text.replace("  family:\n", f"  family:\n{member}{born}", 1), "utf-8")

    result = CliRunner(env={"LETTERS_TODAY": "2021-06-01"}).invoke(
        main, ["check", "-w", str(sample)]
    )

    assert result.exit_code == 1
    said = FUTURE.format(today="2021-06-01")
    assert f"error: {CASE}:24 person.family[0].born.date: {said}" in result.output.splitlines()
