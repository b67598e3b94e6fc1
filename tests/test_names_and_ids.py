"""Names, texts and ids as untrusted input: no character that hides text or reorders it, no id
Windows cannot use as a file name. Each refusal names the field; nothing is written."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.load.characters import _MAYBE_INVISIBLE, invisible_character
from letters.load.fields import not_a_country, reserved_name
from tests.conftest import files_under

OFFICIAL_NAME = "      en: Dmytro Lubinets\n      uk:"
REFUSED = {
    "left-to-right embedding": "\u202a",
    "right-to-left embedding": "\u202b",
    "pop directional formatting": "\u202c",
    "left-to-right override": "\u202d",
    "right-to-left override": "\u202e",
    "left-to-right isolate": "\u2066",
    "right-to-left isolate": "\u2067",
    "first strong isolate": "\u2068",
    "pop directional isolate": "\u2069",
    "left-to-right mark": "\u200e",
    "right-to-left mark": "\u200f",
    "arabic letter mark": "\u061c",
    "zero-width space": "\u200b",
    "word joiner": "\u2060",
    "zero-width no-break space": "\ufeff",
    "line separator": "\u2028",
    "paragraph separator": "\u2029",
    "invisible tag character": "\U000e0041",
}


def _edit(path: Path, find: str, replace: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(find) == 1
    path.write_text(text.replace(find, replace), encoding="utf-8")


def _refused(runner: CliRunner, workspace: Path) -> str:
    (workspace / "out").mkdir(exist_ok=True)
    before = files_under(workspace / "out")
    result = runner.invoke(main, ["build", "-w", str(workspace)])
    assert result.exit_code == 1
    assert files_under(workspace / "out") == before
    return result.output


@pytest.mark.parametrize("char", REFUSED.values(), ids=REFUSED.keys())
def test_an_invisible_character_in_a_name_is_refused_with_the_field(
    char: str, sample: Path, runner: CliRunner
) -> None:
    escaped = f"\\U{ord(char):08X}"  # written as a YAML escape: the file stays readable
    _edit(
        sample / "recipients" / "officials.yaml",
        OFFICIAL_NAME,
        f'      en: "Dmytro {escaped}Lubinets"\n      uk:',
    )
    assert _refused(runner, sample) == (
        "Error: 1 problem in the workspace:\n  recipients/officials.yaml:20 people[0].name.en:"
        f" contains an invisible character (U+{ord(char):04X} at character 8) that can hide"
        " text or change its order; delete it and retype the text there\n"
    )


@pytest.mark.parametrize(
    ("where", "find", "replace", "problem"),
    [
        (
            "cases/akhmetova/case.yaml",
            "  occupation: journalist\n",
            '  occupation: "journ\\u202Ealist"\n',
            "cases/akhmetova/case.yaml:16 person.occupation.text: contains an invisible"
            " character (U+202E at character 6)",
        ),
        (
            "cases/akhmetova/letters.yaml",
            "    subject: Withdrawal of the request ",
            "    subject: Withdrawal of the \u202erequest ",
            "cases/akhmetova/letters.yaml:99 letters[4].subject: contains an invisible"
            " character (U+202E at character 19)",
        ),
    ],
    ids=["case text", "letter text"],
)
def test_an_invisible_character_in_a_text_is_refused_with_the_field(
    where: str, find: str, replace: str, problem: str, sample: Path, runner: CliRunner
) -> None:
    _edit(sample / where, find, replace)
    assert _refused(runner, sample) == (
        f"Error: 1 problem in the workspace:\n  {problem} that can hide text or change its order;"
        " delete it and retype the text there\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        "می\u200cخواهم",  # ZWNJ: Persian spelling
        "क्\u200dष",  # ZWJ: a Devanagari conjunct
        "Lubi\u00adnets",  # soft hyphen: where the word may break
    ],
    ids=["zero-width non-joiner", "zero-width joiner", "soft hyphen"],
)
def test_joiners_and_the_soft_hyphen_are_part_of_spelling(
    text: str, sample: Path, runner: CliRunner
) -> None:
    assert invisible_character(text) is None
    _edit(sample / "recipients" / "officials.yaml", OFFICIAL_NAME, f"      en: {text}\n      uk:")
    result = runner.invoke(main, ["check", "-w", str(sample)])
    assert result.exit_code == 0, result.output


def test_line_separators_pass_only_where_a_text_is_kept_as_lines() -> None:
    """A comment in the ledger or a reply's words keep U+2028/U+2029 as line breaks; a name
    or a letter's text refuses them. Other invisible characters are refused either way, at
    their own position."""
    text = "Agreed,\u2028with one change\u2029"
    assert invisible_character(text) == "U+2028 at character 8"
    assert invisible_character(text, allow_line_separators=True) is None
    hidden = "Agreed,\u2028\u202eok"
    assert invisible_character(hidden, allow_line_separators=True) == "U+202E at character 9"


def test_the_quick_search_finds_every_format_character_of_this_unicode() -> None:
    """The prefilter is written out by hand; a Unicode version with a new format or
    separator character fails here until the prefilter has it."""
    missing = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Cf", "Zl", "Zp")
        and not _MAYBE_INVISIBLE.match(chr(code))
    ]
    assert missing == [], unicodedata.unidata_version


# --- ids that Windows keeps for devices ---------------------------------------------

RESERVED = ["con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9"]


@pytest.mark.parametrize("name", RESERVED)
def test_a_letter_id_windows_keeps_for_a_device_is_refused(
    name: str, sample: Path, runner: CliRunner
) -> None:
    _edit(
        sample / "cases" / "akhmetova" / "letters.yaml",
        "  - id: may-2020-joint\n",
        f"  - id: {name}\n",
    )
    assert _refused(runner, sample) == (
        f"Error: 1 problem in the workspace:\n  cases/akhmetova/letters.yaml:5 letters[0].id:"
        f" '{name}' names a device on Windows (like CON, PRN, AUX, NUL, COM1 and LPT1), so no"
        f" file or folder can have it there; choose another id, such as '{name}-1'\n"
    )


def test_a_person_id_windows_keeps_for_a_device_is_refused(sample: Path, runner: CliRunner) -> None:
    _edit(sample / "recipients" / "meps.yaml", "  - id: bilcik\n", "  - id: aux\n")
    output = _refused(runner, sample)
    assert (
        "  recipients/meps.yaml:45 people[1].id: 'aux' names a device on Windows (like CON,"
        " PRN, AUX, NUL, COM1 and LPT1), so no file or folder can have it there; choose another"
        " id, such as 'aux-1'\n"
    ) in output


def test_an_id_never_holds_an_invisible_character(sample: Path, runner: CliRunner) -> None:
    _edit(
        sample / "cases" / "akhmetova" / "letters.yaml",
        "  - id: may-2020-joint\n",
        '  - id: "may-2020\\u202Ejoint"\n',
    )
    assert _refused(runner, sample) == (
        "Error: 1 problem in the workspace:\n  cases/akhmetova/letters.yaml:5 letters[0].id:"
        " must be a short id of lowercase Latin letters, digits and hyphens, such as"
        " 'may-2020' (it is used in file names)\n"
    )


@pytest.mark.parametrize(
    ("name", "reserved"),
    [
        ("CON", True),
        ("con.en.docx", True),
        ("Com1.txt", True),
        ("nul ", True),
        ("LPT9", True),
        ("con-1", False),
        ("console", False),
        ("com10", False),
        ("may-2020.con.en.docx", False),
    ],
)
def test_reserved_names_in_any_case_and_with_any_extension(name: str, reserved: bool) -> None:
    assert reserved_name(name) is reserved


@pytest.mark.parametrize(
    ("code", "is_a_country"),
    [
        ("UA", True),
        ("XK", True),  # Kosovo: user-assigned in ISO 3166, and the EU's own code for it
        ("AC", True),  # Ascension Island: reserved by ISO 3166 for a real place
        ("ZZ", False),
        ("QO", False),
        ("XA", False),
        ("AA", False),
        ("EU", False),
        ("UN", False),
    ],
)
def test_a_country_code_is_a_country_s(code: str, is_a_country: bool) -> None:
    """What Unicode's data names is not always a country: its groups and ISO 3166's
    user-assigned codes are refused wherever a country is asked for."""
    assert not_a_country(code) is not is_a_country
