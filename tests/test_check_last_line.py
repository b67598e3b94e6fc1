"""``letters check``'s last line says truly what its warnings stop: every one stops
``check --strict``; those whose code is in FINAL_REFUSES stop ``build --final`` too, and
the line names their kinds. Each case runs the --final build as well, so the line is
checked against what the build does, not against a second list."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.errors import FINAL_REFUSES

LETTERS = "cases/akhmetova/letters.yaml"
UK = "locales/uk/LC_MESSAGES"


def _edit(sample: Path, rel: str, old: str, new: str) -> None:
    path = sample / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def _line(sample: Path, rel: str, number: int, old: str, new: str) -> None:
    path = sample / rel
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[number - 1] == old
    lines[number - 1] = new
    path.write_text("".join(lines), encoding="utf-8")


def _every_ask(sample: Path) -> None:  # every-ask: refused by --final
    _line(sample, LETTERS, 23, "    asks: [recognise, suspend, obligations]\n", "")


def _dated_before(sample: Path) -> None:  # after-the-letter: refused by --final
    _line(sample, LETTERS, 13, "    date: 2020-05-21\n", "    date: 2020-05-01\n")


def _stray_catalog(sample: Path) -> None:  # a catalog never read (no code): not refused
    (sample / "locales/pl/LC_MESSAGES").mkdir(parents=True)
    shutil.copy(sample / UK / "templates.po", sample / "locales/pl/LC_MESSAGES/templates.po")


def _misspelt(sample: Path) -> None:  # name-mismatch: not refused
    officials = "recipients/officials.yaml"
    _edit(sample, officials, "      uk: Денис Малюська\n", "      uk: Денис Малюсько\n")


ALL_FINAL = "No errors; the warnings above would stop a --final build or check --strict."
NONE_FINAL = "No errors; the warnings above would stop check --strict, not a --final build."
SOME_FINAL = (
    "No errors; the warnings above would stop check --strict; those about {} would stop"
    " a --final build too, the others would not."
)

CASES = {
    "every-ask": ([_every_ask], ALL_FINAL, 1),
    "after-the-letter": ([_dated_before], ALL_FINAL, 1),
    "both-refused": ([_every_ask, _dated_before], ALL_FINAL, 1),
    "stray-catalog": ([_stray_catalog], NONE_FINAL, 0),
    "name-mismatch": ([_misspelt], NONE_FINAL, 0),
    "every-ask-and-stray": (
        [_every_ask, _stray_catalog],
        SOME_FINAL.format("letters asking every ask of their case"),
        1,
    ),
    "two-kinds-and-a-mismatch": (
        [_every_ask, _dated_before, _misspelt],
        SOME_FINAL.format("dates after their letter and letters asking every ask of their case"),
        1,
    ),
}


@pytest.mark.parametrize(("edits", "last", "final_status"), CASES.values(), ids=list(CASES))
def test_checks_last_line_says_what_its_warnings_stop(
    sample: Path, edits: list[Callable[[Path], None]], last: str, final_status: int
) -> None:
    for edit in edits:
        edit(sample)
    runner = CliRunner(env={"LETTERS_TODAY": "2021-06-01"})

    check = runner.invoke(main, ["check", "-w", str(sample)])

    assert check.exit_code == 0, check.output
    assert check.output.splitlines()[-1] == last
    strict = runner.invoke(main, ["check", "--strict", "-w", str(sample)])
    assert strict.exit_code == 1
    final = runner.invoke(
        main, ["build", "--final", "--out", str(sample / "drafts"), "-w", str(sample)]
    )
    assert final.exit_code == final_status, final.output


def test_every_code_a_final_build_refuses_has_words_for_checks_last_line() -> None:
    from letters.errors import FINAL_KINDS

    assert set(FINAL_KINDS) == FINAL_REFUSES
    assert all(FINAL_KINDS.values())


def test_build_help_names_every_kind_a_final_build_refuses() -> None:
    """``build --help`` says what ``--final`` refuses as check's last line does: not only
    untranslated and fuzzy messages (a user told so is surprised by an every-ask refusal)."""
    from letters.errors import FINAL_KINDS

    result = CliRunner().invoke(main, ["build", "--help"], terminal_width=400)
    text = " ".join(result.output.split())
    assert all(words in text for words in FINAL_KINDS.values()), text
