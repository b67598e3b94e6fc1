"""YAML files as untrusted input: a size limit, aliases counted before they are expanded, a
limit to nesting, no tags, and every parse error placed by line and column.

Messages for single edits of the sample are in tests/bad_inputs/ (yaml-alias-bomb, yaml-tag-*,
yaml-base60, yaml-nested-too-deep, broken-yaml …); here are the limits' values, every kind of
tag and of nesting, and the bomb run as a user would run it, its time and memory measured.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.load import yamlio
from letters.load.models import Strict
from letters.load.validation import validate
from letters.load.yamllimits import (
    MAX_ALIAS_VALUES,
    MAX_YAML_BYTES,
    MAX_YAML_DEPTH,
    surely_shallow,
)
from letters.render.limits import MAX_VALUE_CHARS
from tests.conftest import LETTERS_CHILD, REPO, child_peak_mb, files_under

LIMIT_MESSAGE = (
    "YAML limit: aliases (*name) repeat more than 10,000 values of their anchors (&name);"
    " write the values out, or use fewer aliases"
)
TAG_TAIL = (
    " is not allowed: tags such as !!python/object or !custom are not read here; delete it"
    " (and put the value in quotes if it is text)"
)


def _careful(text: str) -> yamlio.Document:
    """``text`` read by ruamel, the reader that explains (the fast one declines on purpose)."""
    fast = yamlio.load_fast
    try:
        yamlio.load_fast = lambda _text, _doc: False  # type: ignore[assignment]
        return yamlio.load_text(text, "x.yaml")
    finally:
        yamlio.load_fast = fast  # type: ignore[assignment]


def _refusal(text: str) -> str:
    with pytest.raises(yamlio.YamlProblem) as caught:
        yamlio.load_text(text, "x.yaml")
    # the fast reader never reads what the careful one refuses
    assert not yamlio.load_fast(text, yamlio.Document(Path("x.yaml"), "x.yaml", None))
    return str(caught.value.problem)


def laughs(levels: int, per_level: int = 10) -> str:
    """Nested aliases: each level repeats the one before ``per_level`` times."""
    lines = [f"lol0: &a0 [{', '.join(['lol'] * per_level)}]"]
    for level in range(1, levels):
        aliases = ", ".join([f"*a{level - 1}"] * per_level)
        lines.append(f"lol{level}: &a{level} [{aliases}]")
    return "\n".join(lines) + "\n"


# --- tags --------------------------------------------------------------------------

TAGS = {
    "python object": (
        "a: !!python/object:os.system x\n",
        "x.yaml:1:4: the YAML tag !!python/object:os.system",
    ),
    "python apply": (
        "a:\n  - !!python/object/apply:os.system ['echo hi']\n",
        "x.yaml:2:5: the YAML tag !!python/object/apply:os.system",
    ),
    # a tag of the file's own is not named: it may be a private text's first word
    "local tag": ("a: b\nc: !custom text\n", "x.yaml:2:4: a YAML tag"),
    "local tag on a mapping": ("a: !custom {b: 1}\n", "x.yaml:1:4: a YAML tag"),
    "text beginning with !": ("a: !Urgent: she moved\n", "x.yaml:1:4: a YAML tag"),
    "text beginning with !!": ("a: !!Urgent she moved\n", "x.yaml:1:4: a YAML tag"),
    "python-like text": ("a: !!python-secret x\n", "x.yaml:1:4: a YAML tag"),
    "binary": ("a: !!binary aGVsbG8=\n", "x.yaml:1:4: the YAML tag !!binary"),
    "set": ("a: !!set {b, c}\n", "x.yaml:1:4: the YAML tag !!set"),
    "omap": ("a: !!omap [b: 1]\n", "x.yaml:1:4: the YAML tag !!omap"),
    "str that changes a number": ("a: !!str 0123\n", "x.yaml:1:4: the YAML tag !!str"),
    "str that changes nothing": ("a: !!str text\n", "x.yaml:1:4: the YAML tag !!str"),
    "verbatim": ("a: !<tag:yaml.org,2002:str> x\n", "x.yaml:1:4: the YAML tag !!str"),
    "non-specific": ("a: ! 12\n", "x.yaml:1:4: the YAML tag !"),
    "after an anchor": ("a: &x !!int '5'\n", "x.yaml:1:4: the YAML tag !!int"),
    "on a key": ("!!str a: 1\n", "x.yaml:1:1: the YAML tag !!str"),
    "on the document": ("--- !!map\na: 1\n", "x.yaml:1:5: the YAML tag !!map"),
    "in a flow sequence": ("a: [1, !!float 2]\n", "x.yaml:1:8: the YAML tag !!float"),
    "after a byte-order mark": ("\ufeffa: !!str x\n", "x.yaml:1:4: the YAML tag !!str"),
    "a tag not shown": ("a: !<%21%21x%20y> z\n", "x.yaml:1:4: a YAML tag"),
}


@pytest.mark.parametrize(("text", "start"), TAGS.values(), ids=TAGS.keys())
def test_every_written_tag_is_refused_as_a_tag(text: str, start: str) -> None:
    assert _refusal(text) == start + TAG_TAIL


def test_text_with_exclamation_marks_is_not_a_tag() -> None:
    doc = yamlio.load_text("a: Free her!\nb: '!important'\nc: \"!!x\"\n", "x.yaml")
    assert doc.data == {"a": "Free her!", "b": "!important", "c": "!!x"}


# --- aliases -----------------------------------------------------------------------


def test_aliases_may_repeat_up_to_the_limit_and_not_one_value_more() -> None:
    assert MAX_ALIAS_VALUES == 10_000
    anchor = "a: &x [" + ", ".join(["1"] * 99) + "]\n"  # a list and its 99 items: 100 values
    at_limit = anchor + "".join(f"b{n}: *x\n" for n in range(100))  # 100 × 100 = 10,000
    assert len(yamlio.load_text(at_limit, "x.yaml").data) == 101
    over = at_limit + "c: *x\n"
    assert _refusal(over) == f"x.yaml:102:4: {LIMIT_MESSAGE}"


def test_nested_aliases_are_counted_in_full_and_refused_where_they_pass_the_limit() -> None:
    # a3's eighth alias brings the count to 1,220 + 8 × 1,111 = 10,108
    assert _refusal(laughs(6)) == f"x.yaml:4:47: {LIMIT_MESSAGE}"


def test_aliases_of_long_text_are_counted_by_its_characters() -> None:
    """Few values, much text: a 900-character anchor repeated through nested aliases, 999,000
    characters in a 2 kB file, is read; 900,000 more are refused, though their 2,341 values
    are well under that limit."""
    text = "s: &s " + "x" * 900 + "\n"
    text += "l1: &l1 [" + ", ".join(["*s"] * 10) + "]\n"
    text += "l2: &l2 [" + ", ".join(["*l1"] * 10) + "]\n"
    text += "l3: &l3 [" + ", ".join(["*l2"] * 10) + "]\n"
    assert yamlio.load_text(text, "x.yaml").data is not None
    assert _refusal(text + "l4: [*l3]\n") == (
        "x.yaml:5:6: YAML limit: aliases (*name) repeat more than 1,000,000 characters of"
        " their anchors (&name); write the values out, or use fewer aliases"
    )


def test_a_text_longer_than_a_letter_may_hold_is_refused_where_it_starts() -> None:
    """Found as the file is read, at its line, not where a template first prints it."""
    assert yamlio.load_text("framing: " + "x" * MAX_VALUE_CHARS + "\n", "x.yaml").data
    for text in ("a: 1\nframing: ", "a: 1\nframing: '"):  # the fast reader and the careful one
        assert _refusal(text + "x" * (MAX_VALUE_CHARS + 1) + "'" * text.endswith("'")) == (
            "x.yaml:2:10: YAML limit: a text of more than 1,000,000 characters, more than a"
            " letter may hold; shorten it"
        )


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("summary: " + ":".join(["59"] * 1_000_000) + "\n", "1:10"),  # minutes to build
        ("tags: [" + ":".join(["5"] * 21) + "]\n", "1:8"),
        ("- " + ":".join(["5"] * 21) + "\n", "1:3"),
    ],
    ids=["a-million-parts", "in-a-list", "an-item"],
)
def test_a_long_base_60_number_is_refused_before_it_is_built(text: str, place: str) -> None:
    with pytest.raises(yamlio.YamlProblem) as caught:
        yamlio.load_text(text, "x.yaml")
    assert str(caught.value) == (
        f"x.yaml:{place}: YAML limit: more than 20 numbers joined by colons, which YAML 1.1"
        " reads as one number in base 60; put the value in quotes"
    )


def test_numbers_joined_by_colons_in_quotes_or_short_are_read() -> None:
    twenty = ":".join(["5"] * 20)
    doc = yamlio.load_text(f"a: '{':'.join(['5'] * 30)}'\nb: {twenty}\n", "x.yaml")
    assert doc.data["a"] == ":".join(["5"] * 30)
    assert isinstance(doc.data["b"], int)


def test_a_few_aliases_read_as_copies() -> None:
    doc = _careful("base: &b {country: UA, tags: [x]}\none: *b\ntwo:\n  tags: *b\n  extra: 1\n")
    assert doc.data == {
        "base": {"country": "UA", "tags": ["x"]},
        "one": {"country": "UA", "tags": ["x"]},
        "two": {"extra": 1, "tags": {"country": "UA", "tags": ["x"]}},
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "a: &x [1, *x]\n",
            "x.yaml:1:11: the alias *x stands inside the value of its own anchor &x",
        ),
        (
            "a: &x {b: *x}\n",
            "x.yaml:1:11: the alias *x stands inside the value of its own anchor &x",
        ),
    ],
    ids=["list", "mapping"],
)
def test_an_alias_inside_its_own_anchor_is_refused(text: str, message: str) -> None:
    assert _refusal(text) == message + ": a value cannot contain itself"


def test_a_billion_laughs_ends_in_seconds_with_bounded_memory(sample: Path) -> None:
    """The whole command, in a process of its own: a runaway would take minutes and
    gigabytes (ten times more per level); the ceilings are far above a normal run."""
    case = sample / "cases" / "akhmetova" / "case.yaml"
    bomb = laughs(10)  # 10^10 values once expanded, in 660 bytes
    case.write_text(case.read_text(encoding="utf-8") + bomb, encoding="utf-8")
    line = len(case.read_text(encoding="utf-8").splitlines()) - 6  # lol3's line
    (sample / "out").mkdir()
    before = files_under(sample / "out")
    started = time.monotonic()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(  # a runaway is stopped by the timeout, and then fails
        [sys.executable, "-c", LETTERS_CHILD, "build", "-w", str(sample)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    seconds = time.monotonic() - started
    said, peak_mb = child_peak_mb(result.stderr)
    assert result.stdout + said == (
        f"Error: 1 problem in the workspace:\n  cases/akhmetova/case.yaml:{line}:47:"
        f" {LIMIT_MESSAGE}\n"
    )
    assert result.returncode == 1
    assert seconds < 60, seconds
    assert peak_mb < 400, f"{peak_mb:.0f} MB"
    assert files_under(sample / "out") == before


@pytest.mark.parametrize(
    ("name", "advice"),
    [
        (
            "recipients/huge.yaml",
            "split it into smaller files (every file in recipients/ is part of the directory)",
        ),
        # a case is one file: "split it", and recipients/, were no help for it
        (
            "cases/akhmetova/case.yaml",
            "a workspace's other files hold a few kB: check that it is the file meant",
        ),
    ],
    ids=["directory-file", "case-file"],
)
def test_a_file_over_the_size_limit_is_not_read(
    sample: Path, runner: CliRunner, name: str, advice: str
) -> None:
    assert MAX_YAML_BYTES == 5 * 2**20
    huge = sample / name
    huge.write_bytes(b"# a comment line, many times over\n" * (MAX_YAML_BYTES // 34 + 1))
    assert huge.stat().st_size > MAX_YAML_BYTES
    (sample / "out").mkdir()
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: 1 problem in the workspace:\n  {name}: YAML limit: the file is larger than"
        f" 5 MiB; {advice}\n"
    )
    assert files_under(sample / "out") == {}


def _device(path: Path) -> None:
    path.symlink_to("/dev/zero")  # endless, and 0 bytes long by its size


def _pipe(path: Path) -> None:
    os.mkfifo(path)  # a read would wait for a writer for ever


@pytest.mark.parametrize(
    ("make", "why"),
    [
        # a link out of the workspace is refused before its target is looked at
        (
            _device,
            "a symbolic link to /dev/zero, outside the workspace; nothing is read through it:"
            " replace the link with the file itself",
        ),
        (
            _pipe,
            "not a regular file (a device, a pipe or a socket); put the file itself in its place",
        ),
    ],
    ids=["dev-zero", "pipe"],
)
def test_a_device_or_a_pipe_among_the_files_is_refused_unread(
    sample: Path, runner: CliRunner, make: Callable[[Path], None], why: str
) -> None:
    make(sample / "recipients" / "more.yaml")
    (sample / "out").mkdir()
    result = runner.invoke(main, ["build", "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output == f"Error: 1 problem in the workspace:\n  recipients/more.yaml: {why}\n"
    assert files_under(sample / "out") == {}


def test_a_file_name_that_is_not_utf8_is_named_not_a_crash(sample: Path, runner: CliRunner) -> None:
    """A name unzipped from a cp1251 archive ("Справа.yaml" as bytes)."""
    name = os.fsdecode("Справа".encode("cp1251") + b".yaml")
    (sample / "recipients" / name).write_text("", encoding="utf-8")
    result = runner.invoke(main, ["check", "-w", str(sample)])
    assert result.exit_code == 1
    unreadable = "\ufffd" * 6  # each byte that is not UTF-8
    assert f"error: recipients/{unreadable}.yaml: the file is empty: list people" in result.output
    assert "internal error" not in result.output


def test_text_over_the_size_limit_is_not_parsed() -> None:
    with pytest.raises(yamlio.YamlProblem) as caught:
        yamlio.load_text("a: b\n" + "#" * MAX_YAML_BYTES, "recipients/import.yaml")
    assert str(caught.value.problem) == (
        "recipients/import.yaml: YAML limit: the file is larger than 5 MiB; split it into"
        " smaller files (every file in recipients/ is part of the directory)"
    )


# --- nesting -------------------------------------------------------------------------

DEEP_MESSAGE = (
    "YAML limit: lists and mappings nested more than 100 levels deep (no workspace file needs"
    " 10); check the brackets [ { and the indentation up to here"
)


def _keys_indented(levels: int) -> str:
    """A mapping under a key under a key …: ``levels`` mappings, a key indented on each line."""
    return "".join("  " * n + "a:\n" for n in range(levels)) + "  " * (levels - 1) + "  1\n"


def _dashes_indented(levels: int) -> str:
    """A list as the only item of a list …, a dash indented on each line."""
    return "".join("  " * n + "-\n" for n in range(levels)) + "  " * levels + "1\n"


def _mixed(levels: int) -> str:
    """Two keys indented, a dash, then lists and mappings in brackets, turn about."""
    inner = ["[" if n % 2 else "{c: " for n in range(levels - 3)]
    closing = "".join("]" if part == "[" else "}" for part in reversed(inner))
    return "a:\n  b:\n    - " + "".join(inner) + "d" + closing + "\n"


NESTED = {
    # each: ``levels`` lists or mappings, one inside another, and the column where the
    # level past the limit starts
    "flow lists": (lambda n: "[" * n + "]" * n + "\n", "1:101"),
    "flow mappings": (lambda n: "{a: " * n + "1" + "}" * n + "\n", "1:401"),
    "flow lists in a mapping": (lambda n: "a: " + "[" * (n - 1) + "]" * (n - 1) + "\n", "1:103"),
    "keys indented": (_keys_indented, "101:201"),
    "dashes indented": (_dashes_indented, "101:201"),
    "dashes on one line": (lambda n: "- " * n + "1\n", "1:201"),
    "mixed": (_mixed, "3:251"),
}


def _depth(data: object) -> int:
    """How many lists and mappings hold one another, down the first value of each."""
    depth = 0
    while isinstance(data, dict | list):
        depth += 1
        values = list(data.values()) if isinstance(data, dict) else data
        data = values[0] if values else None
    return depth


@pytest.mark.parametrize(("nested", "place"), NESTED.values(), ids=NESTED.keys())
def test_nesting_up_to_the_limit_is_read_and_a_level_more_is_refused_where_it_starts(
    nested: Callable[[int], str], place: str
) -> None:
    assert MAX_YAML_DEPTH == 100
    at_limit = nested(MAX_YAML_DEPTH)
    for doc in (yamlio.load_text(at_limit, "x.yaml"), _careful(at_limit)):
        assert _depth(doc.data) == MAX_YAML_DEPTH
    assert _refusal(nested(MAX_YAML_DEPTH + 1)) == f"x.yaml:{place}: {DEEP_MESSAGE}"


def test_nesting_far_past_the_limit_is_refused_at_the_same_place_and_soon() -> None:
    """A hundred thousand brackets: libyaml stops at 1,000 levels with a message of its own,
    and Python at about 1,000 calls with none; the refusal names the 101st level."""
    started = time.monotonic()
    assert _refusal("a: " + "[" * 100_000 + "\n") == f"x.yaml:1:103: {DEEP_MESSAGE}"
    assert _refusal("- " * 100_000 + "1\n") == f"x.yaml:1:201: {DEEP_MESSAGE}"
    assert time.monotonic() - started < 20


def test_an_alias_that_nests_its_anchors_lists_past_the_limit_is_refused_where_it_stands() -> None:
    """Aliases add no brackets of their own: twelve anchors of 95 lists, each holding the one
    before, are 1,140 levels deep in 2,300 characters, and reading them made Python's stack
    overflow (reported as a bug). Up to the limit an alias is read."""
    within = "a: &a " + "[" * 49 + "x" + "]" * 49 + "\nb: " + "[" * 50 + "*a" + "]" * 50 + "\n"
    assert _depth(_careful(within).data["b"]) == MAX_YAML_DEPTH - 1
    chained = "".join(
        f"k{n}: &a{n} " + "[" * 95 + (f"*a{n - 1}" if n else "x") + "]" * 95 + "\n"
        for n in range(12)
    )
    assert _refusal(chained) == f"x.yaml:2:104: {DEEP_MESSAGE}"


# --- where, and what YAML 1.1 made of a value ---------------------------------------

PLACED = {
    "flow not closed": (
        "a: [b\nc: d\n",
        "x.yaml:2:2: invalid YAML: the '[' opened on line 1 is not closed on its line, so YAML"
        " reads on into this one: end it with ']'",
    ),
    "duplicate key": ("a: 1\nb: 2\n  \na: 3\n", "x.yaml:4:1: duplicate key 'a'"),
    "control character": ("a: b\nc: d\x07e\n", "x.yaml:2:5: contains a control character (U+0007)"),
    "noncharacter": ("a: b\nc: d\ufffee\n", "x.yaml:2:5: contains a noncharacter (U+FFFE)"),
    "impossible date": ("a: 1\nb:  2020-13-45\n", "x.yaml:2:5 b: not a calendar date: its month"),
    "impossible date in a list": (
        "a:\n  - b: [1, 2020-02-30]\n",
        "x.yaml:2:12 a[0].b[1]: not a calendar date: February 2020 has 29 days; correct its day",
    ),
    # a merge key's keys were read as if written, and one written beside it won unseen
    "merge key of an alias": (
        "a: &x {b: 1}\nc:\n  d: 2\n  <<: *x\n  b: 3\n",
        "x.yaml:4:3: a YAML merge key (<<) is not allowed: it copies the keys",
    ),
    "merge key of a list of aliases": (
        "a: &x {b: 1}\nd: &y {b: 2}\nc: {<<: [*x, *y]}\n",
        "x.yaml:3:5: a YAML merge key (<<) is not allowed",
    ),
    "a '<<' in quotes is a key like any other": ("a: 1\na: {'<<': 1}\n", "x.yaml:2:1: duplicate"),
    "undefined alias": (
        "a: b\nc: [1, *x]\n",
        "x.yaml:2:8: invalid YAML: a value begins with '*', which YAML reads as an alias",
    ),
}


@pytest.mark.parametrize(("text", "start"), PLACED.values(), ids=PLACED.keys())
def test_parse_errors_give_line_and_column(text: str, start: str) -> None:
    assert _refusal(text).startswith(start)


class _Name(Strict):
    name: str


NUMBERS = {
    "octal": ("0123", "a number (a leading 0 makes YAML read it as an octal number: 0123 is 83)"),
    "base 60": (
        "1:30",
        "a number (YAML 1.1 reads digits joined by colons as a base-60 number, like a time:"
        " 1:30 is 90)",
    ),
    "base 60 with seconds": (
        "1:30:00",
        "a number (YAML 1.1 reads digits joined by colons as a base-60 number, like a time:"
        " 1:30 is 90)",
    ),
    "base 60 float": (
        "1:30.5",
        "a number (YAML 1.1 reads digits joined by colons as a base-60 number, like a time:"
        " 1:30 is 90)",
    ),
    "decimal": ("1234", "a number"),
    "hexadecimal": ("0x1F", "a number"),
    "zero": ("0", "a number"),
    "float": ("1.5", "a number"),
}


@pytest.mark.parametrize(("value", "explained"), NUMBERS.values(), ids=NUMBERS.keys())
@pytest.mark.parametrize("reader", ["fast", "careful"])
def test_a_number_where_text_belongs_is_explained_by_how_yaml_read_it(
    value: str, explained: str, reader: str
) -> None:
    text = f"name: {value}\n"
    doc = yamlio.load_text(text, "x.yaml") if reader == "fast" else _careful(text)
    _model, problems = validate(_Name, doc)
    assert [str(p) for p in problems] == [
        f"x.yaml:1 name: expected text, but YAML read this unquoted value as {explained};"
        " put the value in quotes"
    ]


@pytest.mark.parametrize(
    ("text", "shallow"),
    [
        ("[" * 100_000, False),  # crashed libyaml's reader in PyYAML 6.0
        ("[" * 24 + "]" * 24, True),
        ("a:\n" + " " * 30 + "b: 1\n", False),
        ("- " * 30 + "x\n", False),
        ("- - - x\n", True),
        ("key: '[[[[[[[[[[[[[[[[[[[[[[[[[[['\n", False),  # quoted brackets count: only slower
    ],
    ids=["brackets", "few-brackets", "indented", "dashes", "few-dashes", "quoted"],
)
def test_only_surely_shallow_yaml_goes_to_the_fast_reader(text: str, shallow: bool) -> None:
    assert surely_shallow(text) is shallow


def test_every_yaml_file_of_the_project_is_surely_shallow() -> None:
    files = [
        *REPO.glob("*.yaml"),
        *REPO.glob("recipients/**/*.yaml"),
        *REPO.glob("cases/**/*.yaml"),
    ]
    assert files
    assert all(surely_shallow(f.read_text(encoding="utf-8")) for f in files)


# An alias of a value marked private is refused only where it would be read as public
# (tests/bad_inputs/private-*-alias*); these keep every private value private.
PRIVATE_KEPT = {
    "an alias of a whole private item brings its mark along": (
        "  - text: >-\n      In court",
        "  - &secret\n    text: >-\n      In court",
        "    private: true\n\n# Each event",
        "    private: true\n  - *secret\n\n# Each event",
    ),
    "an alias of a private date in an event marked private": (
        "        date: 2010-01-01\n",
        "        date: &born 2010-01-01\n",
        '    text: "{date} the Supreme Court upheld that order."\n',
        '    text: "{date} the Supreme Court upheld that order."\n  - date: *born\n'
        '    kind: other\n    text: "{date} her son was born."\n    private: true\n',
    ),
    # not an alias: the same text typed twice, where no letter shows it (who acted)
    "a private event by the same court as a public one": (
        "    sources: [supreme-2018]\n",
        "    sources: [supreme-2018]\n    private: true\n",
        "    date: 2018-09-17\n",
        "    date: 2018-09-17\n",
    ),
    # the court written once in a private event and reused where no letter shows it, with
    # the kind of event: neither tells a reader anything of the private one
    "an alias of a private event's authority and kind": (
        "  - id: refusal-2017\n    date: 2017-10-18\n    kind: asylum-decision\n"
        "    authority: State Migration Service of Ukraine\n",
        "  - id: refusal-2017\n    private: true\n    date: 2017-10-18\n"
        "    kind: &asylum asylum-decision\n"
        "    authority: &sms State Migration Service of Ukraine\n",
        "    kind: asylum-decision\n    authority: State Migration Service of Ukraine\n"
        '    text: "{date} the migration',
        '    kind: *asylum\n    authority: *sms\n    text: "{date} the migration',
    ),
    "an alias of a public value": (
        '    authority: State Migration Service of Ukraine\n    text: "{date} the State',
        '    authority: &sms State Migration Service of Ukraine\n    text: "{date} the State',
        '    authority: State Migration Service of Ukraine\n    text: "{date} the migration',
        '    authority: *sms\n    text: "{date} the migration',
    ),
}


@pytest.mark.parametrize("edit", sorted(PRIVATE_KEPT))
def test_an_alias_that_keeps_a_private_value_private_passes_the_check(
    sample: Path, runner: CliRunner, edit: str
) -> None:
    case = sample / "cases" / "akhmetova" / "case.yaml"
    text = case.read_text(encoding="utf-8")
    anchor, anchored, place, alias = PRIVATE_KEPT[edit]
    assert text.count(anchor) == 1 and text.count(place) == 1
    case.write_text(text.replace(anchor, anchored).replace(place, alias), encoding="utf-8")

    result = runner.invoke(main, ["check", "--workspace", str(sample)])

    assert (result.exit_code, "alias" in result.output) == (0, False), result.output
