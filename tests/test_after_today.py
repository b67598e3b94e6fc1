"""Dates after today are most likely typos (2031 for 2021): an event a letter tells as past,
the start of a search for protection, or a letter dated further ahead than one is prepared.
Each is a warning (``after-today``), which ``check --strict`` and ``build --final`` refuse.

"Today" is set by LETTERS_TODAY in every test, so that no outcome depends on the day the
tests run; the sample's letters are dated 2020-05-21 and its last event 2020-05-14.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.errors import AFTER_TODAY
from tests.conftest import files_under

CASE = "cases/akhmetova/case.yaml"
LETTERS = "cases/akhmetova/letters.yaml"
TODAY = "2021-06-01"
LATE = f"is dated after today ({TODAY}); a letter tells it as past: correct the date"
AHEAD = (
    f"is dated more than 60 days after today ({TODAY}), further ahead than a letter is"
    " prepared: correct the date (a typo in its year?)"
)
SINCE = (
    f"the start of the search for protection is dated after today ({TODAY}); letters count"
    " from it how long the person has sought protection: correct the date"
)
UNNAMED = '  - date: 2027-02-10\n    kind: other\n    text: "{date} she was heard."\n'

# (file, the text or line to replace, its replacement, what `check` warns of dates after today)
CASES = {
    "letter-61-days-ahead": (
        LETTERS,
        13,
        "    date: 2021-08-01\n",
        [f"{LETTERS}:13 letters[0].date: letter may-2020-joint {AHEAD}"],
    ),
    "letter-60-days-ahead": (  # prepared to go out in two months: no typo
        LETTERS,
        13,
        "    date: 2021-07-31\n",
        [],
    ),
    "event-next-year": (
        CASE,
        "    date: 2020-05-14\n",
        "    date: 2022-05-14\n",
        [f"{CASE}:99 timeline[5].date: event 'supreme-2020' {LATE}"],
    ),
    "event-tomorrow": (
        CASE,
        "    date: 2020-05-14\n",
        "    date: 2021-06-02\n",
        [f"{CASE}:99 timeline[5].date: event 'supreme-2020' {LATE}"],
    ),
    "event-today": (CASE, "    date: 2020-05-14\n", "    date: 2021-06-01\n", []),
    "event-of-this-month": (CASE, "    date: 2020-05-14\n", "    date: 2021-06\n", []),
    "event-of-next-month": (
        CASE,
        "    date: 2020-05-14\n",
        "    date: 2021-07\n",
        [f"{CASE}:99 timeline[5].date: event 'supreme-2020' {LATE}"],
    ),
    "private-event": (  # no letter tells it
        CASE,
        "    date: 2020-05-14\n",
        "    date: 2027-02-10\n    private: true\n",
        [],
    ),
    "seeking-protection-since": (
        CASE,
        "seeking_protection_since: 2017-03\n",
        "seeking_protection_since: 2028-04\n",
        [f"{CASE}:29 seeking_protection_since: {SINCE}"],
    ),
    "seeking-protection-since-this-year": (
        CASE,
        "seeking_protection_since: 2017-03\n",
        "seeking_protection_since: 2021\n",
        [],
    ),
}


def _edit(workspace: Path, file: str, find: str | int, replace: str) -> None:
    path = workspace / file
    text = path.read_text(encoding="utf-8")
    if isinstance(find, int):  # a line (from 1): the sample's letters are dated alike
        lines = text.splitlines(keepends=True)
        assert lines[find - 1] == "    date: 2020-05-21\n"
        lines[find - 1] = replace
        path.write_text("".join(lines), encoding="utf-8")
        return
    assert text.count(find) == 1
    path.write_text(text.replace(find, replace), encoding="utf-8")


@pytest.mark.parametrize(("file", "find", "replace", "expected"), CASES.values(), ids=list(CASES))
def test_a_date_after_today_is_a_warning_naming_its_field(
    sample: Path, file: str, find: str | int, replace: str, expected: list[str]
) -> None:
    _edit(sample, file, find, replace)
    runner = CliRunner(env={"LETTERS_TODAY": TODAY})

    check = runner.invoke(main, ["check", "-w", str(sample)])

    warned = [line for line in check.output.splitlines() if "after today (" in line]
    assert warned == [f"warning: {line}" for line in expected]
    assert "Traceback" not in check.output
    strict = runner.invoke(main, ["check", "--strict", "-w", str(sample)])
    assert [line for line in strict.output.splitlines() if "after today (" in line] == [
        f"error: {line}" for line in expected
    ]
    if expected:
        assert strict.exit_code == 1


def test_check_says_a_final_build_would_stop_at_a_date_after_today(sample: Path) -> None:
    _edit(sample, LETTERS, 13, "    date: 2021-08-01\n")

    check = CliRunner(env={"LETTERS_TODAY": TODAY}).invoke(main, ["check", "-w", str(sample)])

    assert check.exit_code == 0
    assert check.output == (
        f"warning: {LETTERS}:13 letters[0].date: letter may-2020-joint {AHEAD}\n"
        "No errors; the warnings above would stop a --final build or check --strict.\n"
    )


def test_check_names_dates_after_today_among_what_stops_a_final_build(sample: Path) -> None:
    _edit(sample, CASE, "seeking_protection_since: 2017-03\n", "seeking_protection_since: 2028\n")
    # and a warning a final build does not refuse: a catalog of a language not written in
    stray = sample / "locales" / "pl" / "LC_MESSAGES"
    stray.mkdir(parents=True)
    (stray / "templates.po").write_bytes(
        (sample / "locales/uk/LC_MESSAGES/templates.po").read_bytes()
    )

    check = CliRunner(env={"LETTERS_TODAY": TODAY}).invoke(main, ["check", "-w", str(sample)])

    assert check.exit_code == 0
    assert check.output.splitlines()[-1] == (
        "No errors; the warnings above would stop check --strict; those about dates after"
        " their letter and dates after today would stop a --final build too, the others"
        " would not."
    )


def test_a_search_for_protection_from_after_today_is_not_said_to_be_told_as_past(
    sample: Path,
) -> None:
    # the letters dated before it leave out how long it has lasted: neither warning says more
    _edit(
        sample, CASE, "seeking_protection_since: 2017-03\n", "seeking_protection_since: 2028-04\n"
    )

    check = CliRunner(env={"LETTERS_TODAY": TODAY}).invoke(main, ["check", "-w", str(sample)])

    before = (
        "is dated 2020-05-21, before the case's seeking_protection_since (2028-04), so it cannot"
        " say how long the person has sought protection and leaves that out; correct whichever"
        " date is wrong"
    )
    assert check.output.splitlines()[:-1] == [
        f"warning: {CASE}:29 seeking_protection_since: {SINCE}",
        *(
            f"warning: {LETTERS}:{line} letters[{i}].date: letter may-2020-{name} {before}"
            for i, (line, name) in enumerate(
                [(13, "joint"), (37, "extradition"), (58, "migration"), (79, "oversight")]
            )
        ),
    ]


def test_an_event_without_an_id_is_named_by_its_field(sample: Path) -> None:
    _edit(sample, CASE, "  - id: supreme-2020\n", f"{UNNAMED}  - id: supreme-2020\n")
    letters = sample / LETTERS  # the joint letter tells every event: its list taken out
    lines = letters.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[19].startswith("    timeline: [")
    letters.write_text("".join(lines[:19] + lines[20:]), encoding="utf-8")

    check = CliRunner(env={"LETTERS_TODAY": TODAY}).invoke(main, ["check", "-w", str(sample)])

    assert [line for line in check.output.splitlines() if "after today (" in line] == [
        f"warning: {CASE}:98 timeline[5].date: this event {LATE}"
    ]


def test_a_letter_dated_years_ahead_is_named_by_its_code_not_by_its_date(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from letters.workspace import open_workspace

    monkeypatch.setenv("LETTERS_TODAY", "2020-01-01")  # every letter is 141 days ahead
    problems = [p for p in open_workspace(sample).check() if p.code == AFTER_TODAY]
    assert [(p.file, p.line, p.where) for p in problems if p.file == LETTERS] == [
        (LETTERS, line, f"letters[{i}].date") for i, line in enumerate([13, 37, 58, 79, 98])
    ]
    assert all(p.warning for p in problems)
    assert all("2020-05-21" not in p.message for p in problems)  # the date itself is not said


def test_a_future_event_also_warns_a_final_build(sample: Path) -> None:
    _edit(sample, CASE, "    date: 2020-05-14\n", "    date: 2031-05-14\n")
    runner = CliRunner(env={"LETTERS_TODAY": TODAY})

    result = runner.invoke(main, ["build", "may-2020-joint", "--final", "-w", str(sample)])

    assert result.exit_code == 1
    assert result.output == (
        "Error: 2 problems in the letters; nothing was written:\n"
        f"  {CASE}:99 timeline[5].date: event 'supreme-2020' {LATE}\n"
        f"  {LETTERS}:13 letters[0].date: letter may-2020-joint is dated 2020-05-21, yet it"
        " tells as past event 'supreme-2020' of 2031-05-14 dated after it; correct whichever"
        " date is wrong, or list under 'timeline:' the events it tells\n"
    )
    assert not (sample / "out").exists()


@pytest.mark.parametrize("given", ["", " "])
def test_a_today_set_empty_counts_as_unset(sample: Path, given: str) -> None:
    _edit(sample, CASE, "    date: 2020-05-14\n", "    date: 2999-05-14\n")

    empty = CliRunner(env={"LETTERS_TODAY": given}).invoke(main, ["check", "-w", str(sample)])
    unset = CliRunner(env={"LETTERS_TODAY": None}).invoke(main, ["check", "-w", str(sample)])

    assert (empty.exit_code, empty.output) == (unset.exit_code, unset.output)
    assert unset.exit_code == 0
    assert f"warning: {CASE}:99 timeline[5].date: event 'supreme-2020' is dated after" in (
        unset.output
    )


NOT_WRITTEN = "not written as YYYY-MM-DD"
NO_SUCH_DAY = "a day the calendar does not have"


def _refused(given: str, problem: str) -> str:
    return (
        f"Error: the environment variable LETTERS_TODAY is {given!r}, {problem}: set it to a"
        " date written as YYYY-MM-DD, or unset it to use today's date\n"
    )


TODAYS_NOT_DATES = {
    "a-word": ("tomorrow", NOT_WRITTEN),
    "day-first": ("01.06.2021", NOT_WRITTEN),
    "words-after": ("2021-06-01 x", NOT_WRITTEN),
    "no-hyphens": ("20210601", NOT_WRITTEN),  # Python 3.11's fromisoformat would take it
    "week-date": ("2021-W22-2", NOT_WRITTEN),
    "fullwidth-digits": ("\uff12\uff10\uff12\uff11-\uff10\uff16-\uff10\uff11", NOT_WRITTEN),
    "month-13": ("2021-13-01", NO_SUCH_DAY),
    "february-30": ("2021-02-30", NO_SUCH_DAY),
}


@pytest.mark.parametrize(
    ("given", "problem"), TODAYS_NOT_DATES.values(), ids=TODAYS_NOT_DATES.keys()
)
@pytest.mark.parametrize("command", [["check"], ["build"]], ids=["check", "build"])
def test_a_today_that_is_not_a_date_is_refused_by_a_command_that_needs_today(
    sample: Path, given: str, problem: str, command: list[str]
) -> None:
    result = CliRunner(env={"LETTERS_TODAY": given}).invoke(main, [*command, "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output == _refused(given, problem)
    assert not (sample / "out").exists()


def test_a_long_today_is_said_cut_short(sample: Path) -> None:
    given = "2021-06-01" * 20
    result = CliRunner(env={"LETTERS_TODAY": given}).invoke(main, ["check", "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output == _refused(given[:40] + "…", NOT_WRITTEN)


NO_GENDER = f"{CASE}:6 person.gender: missing; this field is required"
TOMORROW = (
    "the environment variable LETTERS_TODAY is 'tomorrow', not written as YYYY-MM-DD: set it"
    " to a date written as YYYY-MM-DD, or unset it to use today's date"
)
BOTH_IN_THE_WORKSPACE = f"Error: 2 problems in the workspace:\n  {TOMORROW}\n  {NO_GENDER}\n"

# (command, what it says of a LETTERS_TODAY that is not a date beside a file's error)
BESIDE_A_FILE_ERROR = {
    "check": (
        ["check"],
        f"error: {TOMORROW}\nerror: {NO_GENDER}\nError: 2 problems found. The letters were"
        " not rendered: run 'letters check' again once the files have no error and"
        " LETTERS_TODAY is a date written as YYYY-MM-DD or unset, for what rendering finds.\n",
    ),
    "build": (["build"], BOTH_IN_THE_WORKSPACE),
    "finalise": (["finalise", "may-2020-joint"], BOTH_IN_THE_WORKSPACE),
    "approve": (
        ["approve", "may-2020-joint", "-l", "en", "--by", "x", "--via", "y", "--version", "z"],
        BOTH_IN_THE_WORKSPACE,
    ),
    "review-status": (["review", "status"], BOTH_IN_THE_WORKSPACE),
    "review-status-html": (["review", "status", "--html", "status.html"], BOTH_IN_THE_WORKSPACE),
    "review-packet": (["review", "packet", "x"], BOTH_IN_THE_WORKSPACE),
    "review-request": (["review", "request", "--no-pdf"], BOTH_IN_THE_WORKSPACE),
    "revoke": (
        ["revoke", "may-2020-joint", "-l", "en", "--by", "x", "--via", "y"],
        BOTH_IN_THE_WORKSPACE,
    ),
}


@pytest.mark.parametrize(
    ("command", "said"), BESIDE_A_FILE_ERROR.values(), ids=BESIDE_A_FILE_ERROR.keys()
)
def test_a_today_that_is_not_a_date_is_said_beside_a_file_error_in_one_run(
    sample: Path, command: list[str], said: str
) -> None:
    """A command that needs today names both the variable and the file's error, so that
    fixing the one does not bring up the other in the next run; it writes nothing."""
    _edit(sample, CASE, "  gender: female\n", "")
    before = files_under(sample)
    runner = CliRunner(env={"LETTERS_TODAY": "tomorrow"})
    result = runner.invoke(main, [*command, "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output == said
    assert files_under(sample) == before


@pytest.mark.parametrize(
    "command",
    [["recipients", "list"], ["i18n", "stats"]],
    ids=["recipients-list", "i18n-stats"],
)
def test_a_command_that_never_needs_today_ignores_one_that_is_not_a_date(
    sample: Path, command: list[str]
) -> None:
    # the sample has a born: date, which every command reads
    unset = CliRunner(env={"LETTERS_TODAY": None}).invoke(main, [*command, "-w", str(sample)])
    wrong = CliRunner(env={"LETTERS_TODAY": "tomorrow"}).invoke(main, [*command, "-w", str(sample)])
    assert unset.exit_code == 0, unset.output
    assert (wrong.exit_code, wrong.output) == (unset.exit_code, unset.output)


def test_the_front_door_says_a_bad_today_beside_the_files_errors(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Library use: a method of :class:`Workspace` that renders letters lists both errors,
    with no option to ask for it; ``open_workspace`` takes the path alone, as before."""
    import inspect

    from letters import LettersError, Workspace, open_workspace

    _edit(sample, CASE, "  gender: female\n", "")
    monkeypatch.setenv("LETTERS_TODAY", "tomorrow")
    assert list(inspect.signature(open_workspace).parameters) == ["path"]
    with pytest.raises(LettersError) as raised:
        Workspace(sample).build()
    assert [str(p) for p in raised.value.problems] == [TOMORROW, NO_GENDER]
