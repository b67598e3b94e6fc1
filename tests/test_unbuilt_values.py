"""Values YAML parses but cannot build (an impossible date, a number too long to read): each
is named where it stands, all of them at once, and the rest of the file is still read, so
that its other errors are found in the same run (:mod:`letters.load.bad_scalars`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from letters.load import yamlio
from letters.load.model_file import load_model
from letters.load.models import Case

NO_SUCH_DAY = "not a calendar date: its month has no such day; write it as YYYY-MM-DD"
NO_SUCH_ZONE = (
    "not a valid time zone: it is a day or more from UTC; write a date as YYYY-MM-DD, or"
    " a zone from -23:59 to +23:59"
)


def _caught(text: str) -> yamlio.YamlProblem:
    with pytest.raises(yamlio.YamlProblem) as caught:
        yamlio.load_text(text, "x.yaml")
    return caught.value


SEVERAL = {
    "two dates and a number": (
        "a: 2021-02-30\nb: text\nc: [1, 2020-13-01]\nd: " + "9" * 5000 + "\n",
        [
            "x.yaml:1:4 a: not a calendar date: February 2021 has 28 days; correct its day,"
            " written as YYYY-MM-DD",
            "x.yaml:3:8 c[1]: not a calendar date: its month is not 01 to 12; write it as"
            " YYYY-MM-DD (year, month, day: were month and day swapped?)",
            "x.yaml:4:4 d: a number too long to read; put it in quotes if it is text",
        ],
    ),
    "a day of a month of 30": (
        "e:\n  - {date: 2019-04-31, id: x}\n",
        [
            "x.yaml:2:12 e[0].date: not a calendar date: April 2019 has 30 days; correct its"
            " day, written as YYYY-MM-DD"
        ],
    ),
    # where it is private, its month and year are not said: only that the day is wrong
    "private beside it": (
        "born: {date: 2010-02-29, private: true}\n",
        [f"x.yaml:1:14 born.date: {NO_SUCH_DAY}"],
    ),
    "inside a private event": (
        "timeline:\n  - private: true\n    date: 2010-02-29\n",
        [f"x.yaml:3:11 timeline[0].date: {NO_SUCH_DAY}"],
    ),
    "a family member's": (
        "person:\n  family:\n    - born:\n        date: 2010-02-29\n",
        [f"x.yaml:4:15 person.family[0].born.date: {NO_SUCH_DAY}"],
    ),
    # a time with its zone, as YAML writes one: named too, not left for the next run
    "with a time and a zone": (
        "a: 2021-02-30\nb: 2021-02-29T10:00:00Z\nc: 2021-04-31 10:00:00 +02:00\n",
        [
            "x.yaml:1:4 a: not a calendar date: February 2021 has 28 days; correct its day,"
            " written as YYYY-MM-DD",
            "x.yaml:2:4 b: not a calendar date: February 2021 has 28 days; correct its day,"
            " written as YYYY-MM-DD",
            "x.yaml:3:4 c: not a calendar date: April 2021 has 30 days; correct its day,"
            " written as YYYY-MM-DD",
        ],
    ),
    # a zone a day or more away from UTC cannot be built either: named where it stands,
    # not "a value cannot be read" without a line
    "a zone a day away": (
        "a: 2021-06-01 10:00:00 +25:00\nb: 2021-06-01 10:00:00 -23:60\n"
        "c: 2021-06-01T10:00:00+23:59\n",
        [
            f"x.yaml:1:4 a: {NO_SUCH_ZONE}",
            f"x.yaml:2:4 b: {NO_SUCH_ZONE}",
        ],
    ),
    # the day is not what is wrong in a year 0: no month of it is named
    "year 0": (
        "a: 0000-01-15\n",
        ["x.yaml:1:4 a: not a calendar date: its year is not 0001 to 9999; write it as YYYY-MM-DD"],
    ),
    # an alias brings the same value again: named once, where it is written
    "repeated by an alias": (
        "a: &d 2021-02-30\nb: *d\n",
        [
            "x.yaml:1:7 a: not a calendar date: February 2021 has 28 days; correct its day,"
            " written as YYYY-MM-DD"
        ],
    ),
}


@pytest.mark.parametrize(("text", "said"), SEVERAL.values(), ids=SEVERAL.keys())
def test_every_value_that_cannot_be_built_is_named(text: str, said: list[str]) -> None:
    caught = _caught(text)
    assert [str(p) for p in caught.problems] == said
    assert str(caught.problem) == said[0]


@pytest.mark.parametrize(("text", "said"), SEVERAL.values(), ids=SEVERAL.keys())
def test_the_careful_reader_names_them_as_the_fast_one(
    text: str, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the fast reader's nodes name them above; a file it leaves to ruamel (an anchor, a
    # tag elsewhere) has them named by ruamel's, word for word the same
    monkeypatch.setattr(yamlio, "load_fast", lambda _text, _doc: False)
    caught = _caught(text)
    assert [str(p) for p in caught.problems] == said


def test_the_rest_of_the_file_is_read_with_each_put_aside() -> None:
    caught = _caught("a: 2021-02-30\nb: [no, 0123]\nc:\n  d: x\n")
    assert caught.doc is not None
    assert caught.unbuilt == [("a",)]
    assert caught.doc.data["b"] == [False, 83]
    assert caught.doc.data["c"] == {"d": "x"}
    assert caught.doc.lines[("c", "d")] == 4
    assert caught.doc.kinds[("b", 1)] == "octal"  # every other value keeps its column
    assert isinstance(caught.doc.data["a"], str) and "2021" not in caught.doc.data["a"]


# an impossible date written as a key: put aside, its placeholder is a key no model knows;
# an error about that key would name a text the user never wrote
KEYS = {
    "a key of a per-language mapping": (
        "person:\n  name: {en: A, 2021-02-30: x}\n",
        "x.yaml:2:17 person.name: not a calendar date: February 2021 has 28 days",
    ),
    "an unknown field": (
        "timeline:\n  - id: a\n    2021-02-31: y\n",
        "x.yaml:3:5 timeline[0].date: not a calendar date: February 2021 has 28 days",
    ),
}


@pytest.mark.parametrize(("text", "said"), KEYS.values(), ids=KEYS.keys())
def test_a_key_put_aside_is_named_once_and_its_placeholder_never(
    tmp_path: Path, text: str, said: str
) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    _model, _doc, problems = load_model(path, "x.yaml", Case)
    told = [str(p) for p in problems]
    assert [t for t in told if t.startswith(said)] != [], told
    assert not [t for t in told if "__" in t], told  # no message names the placeholder


def test_a_date_as_key_keeps_the_hint_of_its_own_problem(tmp_path: Path) -> None:
    # month 13 as a key: the fix of a date as a key, and still the month and day swapped
    path = tmp_path / "case.yaml"
    path.write_text("timeline:\n  - id: a\n    2021-13-01: y\n", encoding="utf-8")

    _model, _doc, problems = load_model(path, "x.yaml", Case)

    told = [str(p) for p in problems if p.where == "timeline[0].date"]
    assert len(told) == 1, told
    assert "written where a field name belongs" in told[0], told
    assert told[0].endswith("(year, month, day: were month and day swapped?)"), told


def test_a_date_as_key_stands_for_its_own_text_as_a_key_only(tmp_path: Path) -> None:
    # two texts where field names belong on one line: one is the date, whose problem says
    # so; the other is a mistake of its own, still named in the same run
    path = tmp_path / "case.yaml"
    path.write_text(
        "timeline:\n  - {id: a, 2021-02-30, kind detention, text: x}\n", encoding="utf-8"
    )

    _model, _doc, problems = load_model(path, "x.yaml", Case)

    told = [str(p) for p in problems]
    assert [t for t in told if "timeline[0].date: not a calendar date" in t] != [], told
    assert [t for t in told if "timeline[0].(text): text written where a field" in t] != [], told


def test_a_file_of_many_impossible_dates_is_parsed_once_with_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # each reader that parses the whole file is watched (not replaced): the one that found
    # the dates was parsing them, so the others need not again; the file read with them
    # put aside holds none of them
    from ruamel.yaml import YAML

    parsed: list[str] = []

    def watch(owner: object, name: str) -> None:
        real = getattr(owner, name)

        def watched(*args: object, **kwargs: object) -> object:
            parsed.append(next(str(a) for a in args if isinstance(a, str)))
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, watched)

    watch(YAML, "load")
    watch(YAML, "compose")
    watch(yamlio, "load_fast")
    path = tmp_path / "case.yaml"
    events = "".join(f"  - date: 2021-02-{29 + i % 2}\n    text: x\n" for i in range(100))
    path.write_text(f"timeline:\n{events}", encoding="utf-8")

    _model, _doc, problems = load_model(path, "x.yaml", Case)

    assert sum("2021-02-30" in p.message or p.where.endswith(".date") for p in problems) == 100
    assert [text for text in parsed if "2021-02-30" in text] == [path.read_text("utf-8")]
