"""The fast YAML reader (libyaml) reads exactly what the careful one (ruamel) reads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.campaign import directory_yaml
from letters.load import yamlio

REPO = Path(__file__).resolve().parent.parent

TRICKY = {
    "yaml-1.1 words": "a: no\nb: yes\nc: on\nd: off\ne: ~\nf: null\n",
    "numbers": "a: 0123\nb: 0x1f\nc: 1_000\nd: 1:20\ne: .inf\nf: -0.5\ng: 1.5e+3\nh: 0b101\n",
    "dates": "a: 2020-05-21\nb: 2020-05-21T10:00:00Z\nc: '2020-05-21'\n",
    "folded and literal": 'a: >-\n  one\n  two\n\n  three\nb: |\n  x\n   y\nc: "q\\tx"\n',
    "flow": "a: [1, 'two', {b: c}]\nd: {e: [f, g]}\n",
    "nested lists": "- - a\n  - b\n- c: d\n  e: [1]\n",
    # plain text that starts as a number might: text to both readers (ruamel's resolver
    # decides; "1e3" is not, see FALLS_BACK)
    "text starting with a digit": (
        "a: 1 Example Street\nb: 2017-03\nc: -x\nd: +\ne: .hidden\nf: 12abc\ng: 3-4 May\n"
    ),
    "empty": "",
    "comments only": "# nothing\n",
    # a comment after a value: '# ' with a space, or after a quoted text, drops nothing
    "comments after values": "a: x # note\nb: 'y' #5\nc: z  #\nd: [e, f] #1\ng: 3#4\n",
    # hashes then a space, or hashes alone, are a comment as a writer marks one
    "comments of several hashes": "a: x ## note\nb: text ###\nc:\n  - z\n    ## note\n",
    # a number, a date or true/false is whole before a comment, even one run into a word
    "comments after values not text": "a: true #b\nc: 14 #d\ne: 2017-03-01 #f\n",
    # a '#' inside a word, or in quotes, is text
    "hashes in text": (
        "a: https://example.org/page#section\nb: C# and F#\nc: '#Free'\nd: [\"#a\", '#b']\n"
    ),
    # ruamel's columns count from after the mark, as libyaml's do
    "after a byte order mark": '\ufeffa: 0123\nb: "C:\\new"\n',
    # a key commented out, a comment with a space after its '#', one below a number
    "comments below values": "a:\n  b: x\n  #c: y\n  d: z\n    # note\n  e: 1\n    #f\n",
    # a '?' alone on a block text's last line is the text's, not a key's mark
    "a block text ending in a line of '?'": "a: |\n  Why?\n  ?\nb: >\n  ?\nc: x\n",
}
FALLS_BACK = {
    "keys that are not text": "1: one\n2020-01-01: date\ntrue: yes\n",
    "a number libyaml reads as text": "a: 1e3\n",
    "duplicate key": "a: 1\na: 2\n",
    "anchor and alias": "a: &x {b: 1}\nc: *x\n",
    "merge key": "a: &x {b: 1}\nc:\n  <<: *x\n",
    "custom tag": "a: !secret text\n",
    "impossible date": "a: 2020-13-45\n",
    "syntax error": "a: [1, 2\n",
    "control character": "a: b\x07c\n",
    "a '#' run into a word after text": "a: Article 3 #5\n",
    "a '#' run into a word below text": "a: Article 3\n  #5 of the law\n",
    "'##' run into a word after text": "a: Article 3 ##5\n",
    "'##' run into a word below text": "a: Article 3\n  ##5 of the law\n",
    "a list item marked as a key": "a:\n  - ? what\n",
    "a list item marked as a key, its key below": "a:\n  - ?\n      what\n",
}


def _careful(text: str) -> yamlio.Document | Exception:
    fast = yamlio.load_fast
    try:
        yamlio.load_fast = lambda _text, _doc: False  # type: ignore[assignment]
        return yamlio.load_text(text, "x.yaml")
    except yamlio.YamlProblem as exc:
        return exc
    finally:
        yamlio.load_fast = fast  # type: ignore[assignment]


def _same(text: str, label: str = "x.yaml") -> None:
    fast = yamlio.Document(Path(label), label, None)
    assert yamlio.load_fast(text, fast), f"the fast reader declined {label}"
    careful = _careful(text)
    assert isinstance(careful, yamlio.Document)
    assert fast.data == careful.data
    assert fast.lines == careful.lines
    assert fast.kinds == careful.kinds


def _project_yaml() -> list[Path]:
    folders = ["recipients", "cases", "tests"]
    found = [REPO / "workspace.yaml"]
    for folder in folders:
        found += sorted((REPO / folder).rglob("*.yaml"))
    return found


# The project's YAML files the fast reader leaves to ruamel, and why. Every other one must
# be read by the fast reader and give what ruamel gives; a file listed here that the fast
# reader starts to accept fails too, so the list stays true.
DECLINED = {
    # a hundred quoted brackets: not surely shallow to the quick look that keeps deep files
    # from libyaml (yamllimits.surely_shallow)
    "tests/bad_inputs/yaml-nested-too-deep.yaml": "notes: [[[[[[[[[[[[[[[[[[[[[[[[",
}


def _rel(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


@pytest.mark.parametrize("path", _project_yaml(), ids=_rel)
def test_every_project_yaml_file_reads_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    name = _rel(path)
    if name not in DECLINED:
        _same(text, name)
        return
    assert DECLINED[name] in text, f"{name} no longer holds what DECLINED says"
    fast = yamlio.Document(path, name, None)
    assert not yamlio.load_fast(text, fast), f"the fast reader now reads {name}: unlist it"
    careful = _careful(text)
    assert isinstance(careful, yamlio.Document), careful


def test_every_declined_file_is_a_project_file() -> None:
    assert set(DECLINED) <= {_rel(path) for path in _project_yaml()}


@pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
def test_tricky_yaml_reads_the_same(text: str) -> None:
    _same(text)


def test_a_generated_directory_reads_the_same() -> None:
    _same(directory_yaml(60))


@pytest.mark.parametrize("text", FALLS_BACK.values(), ids=FALLS_BACK.keys())
def test_unusual_yaml_is_left_to_the_careful_reader(text: str) -> None:
    doc = yamlio.Document(Path("x.yaml"), "x.yaml", None)
    assert not yamlio.load_fast(text, doc)


AT_LINE_START = "; if it belongs to a text, indent it under its key, or put the text in quotes"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "asks:\n  - id: a\n    text: t\n - id: b\n",
            "f.yaml:4:2: invalid YAML: this line's indentation does not fit the lines above"
            " it: the keys of one mapping, and the items of one list, start in the same column",
        ),
        (
            "summary: She said: no\n",
            "f.yaml:1:18: invalid YAML: a ': ' where no value can start: put text that holds"
            " ': ' in quotes (summary: \"…: …\"), and check the indentation of this line and"
            " the one above",
        ),
        (
            'person: x\nsummary: "abc\n',
            "f.yaml:3:1: invalid YAML: the quote opened on line 2 is never closed",
        ),
        (
            "person:\n\tname: x\n",
            "f.yaml:2:1: invalid YAML: a tab, where YAML allows only spaces;"
            " replace it with spaces",
        ),
        (
            "person:\n  text: one\n---\n  id: x\n",
            "f.yaml:3:1: invalid YAML: a line '---' starts a second YAML document, and a file"
            " holds only one: delete the line" + AT_LINE_START,
        ),
        (
            "person:\n  text: one\n...\n\n  id: x\n",
            "f.yaml:3:1: invalid YAML: a line '...' ends the YAML document, and the lines after"
            " it are not read: delete the line" + AT_LINE_START,
        ),
        (
            'source:\n  file: "C:\\Cases\\akhmetova"\n',
            "f.yaml:2:13: invalid YAML: a \\ in double quotes begins an escape (\\n a line break,"
            ' \\" a quote), and this one is not: write \\\\ for each backslash, or put the text'
            " in single quotes ('…'), where a \\ is itself and each ' inside is doubled ('')",
        ),
    ],
    ids=["indentation", "colon", "quote", "tab", "second document", "document end", "escape"],
)
def test_a_parsers_words_become_the_mistake_and_its_fix(
    text: str, said: str, tmp_path: Path
) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(yamlio.YamlProblem) as raised:
        yamlio.load(path, "f.yaml")
    assert str(raised.value) == said


UNDEFINED_ALIAS = (
    "a value begins with '*', which YAML reads as an alias (*name repeats the value marked"
    " &name), and no value is marked so: if it is text, put the whole text in double quotes"
    ' ("*…"), writing each " inside it as \\"'
)
QUOTE_IT = 'put the whole text in double quotes ({}), writing each " inside it as \\"'
FIRST_CHARACTER = {
    "single-quoted word": (
        "person:\n  text: 'Critics' say\n",
        "2:9: invalid YAML: the text after 'text:' begins with \"'\", which YAML reads as the"
        ' start of a quoted text, so the text cannot go on after the next "\'": '
        + QUOTE_IT.format("text: \"'…' …\""),
    ),
    "quoted words over two lines": (
        'person:\n  text: "He said\n    "no" and left"\n',
        "2:9: invalid YAML: the text after 'text:' begins with '\"', which YAML reads as the"
        " start of a quoted text, so the text cannot go on after the next '\"': put the whole"
        " text in single quotes (text: '\"…\" …'), doubling each ' inside it ('')",
    ),
    "list item": (
        "aliases:\n  - {date} x\n",
        "2:5: invalid YAML: the list item begins with '{', which YAML reads as the start of a"
        " mapping ({key: value}), so the text cannot go on after its '}': "
        + QUOTE_IT.format('- "{…} …"'),
    ),
    "after a byte order mark": (
        "\ufeffsummary: [x], y\n",
        "1:10: invalid YAML: the text after 'summary:' begins with '[', which YAML reads as the"
        " start of a list ([a, b]), so the text cannot go on after its ']': "
        + QUOTE_IT.format('summary: "[…] …"'),
    ),
    "anchor": (
        "person:\n  text: & x\n",
        "2:9: invalid YAML: the text after 'text:' begins with '&', which YAML reads as an"
        " anchor (&name marks a value for *name to repeat): " + QUOTE_IT.format('text: "&…"'),
    ),
    "directive": (
        "person:\n  text: 100% x\n  note: %x\n",
        "3:9: invalid YAML: the text after 'note:' begins with '%', which YAML keeps for"
        " directives (%YAML), so no unquoted text may begin with it: "
        + QUOTE_IT.format('note: "%…"'),
    ),
    "folded text on its key's line": (
        "person:\n  text: >- x\n",
        "2:9: invalid YAML: the text after 'text:' begins with '>', which YAML reads as the"
        " start of a text written on the lines below, indented: write it there, or "
        + QUOTE_IT.format('text: ">…"'),
    ),
    "literal text on its key's line": (
        "asks:\n  - | x\n",
        "2:5: invalid YAML: the list item begins with '|', which YAML reads as the start of a"
        " text written on the lines below, indented: write it there, or "
        + QUOTE_IT.format('- "|…"'),
    ),
    "list item on its key's line": (
        "person:\n  text: - x\n",
        "2:9: invalid YAML: the text after 'text:' begins with '- ', which YAML reads as a list"
        " item, and a list cannot start on its key's line: start it on the line below, or "
        + QUOTE_IT.format('text: "- …"'),
    ),
    "a key's mark on its key's line": (
        "person:\n  text: ? who knows\n",
        "2:9: invalid YAML: the text after 'text:' begins with '? ', which YAML reads as"
        " marking a key (? key), and a key cannot start after a key: "
        + QUOTE_IT.format('text: "? …"'),
    ),
    # not the first character but the bracket left open is the mistake: named with its line
    "a list never closed": (
        "person:\n  text: [a b\n  id: x\n",
        "3:5: invalid YAML: the '[' opened on line 2 is not closed on its line, so YAML reads on"
        " into this one: end it with ']'",
    ),
    # a list wrapped over two lines on purpose: its bracket is closed, the mistake is elsewhere
    "a list wrapped, with text after a quote": (
        "person:\n  text: [a b,\n    'c' d]\n",
        "3:9: invalid YAML: expected ',' or ']', but got '<scalar>' (while parsing a flow"
        " sequence that starts on line 2)",
    ),
    "indentation below a quoted text": (
        "person:\n  text: 'a'\n id: x\n",
        "3:2: invalid YAML: this line's indentation does not fit the lines above it: the keys"
        " of one mapping, and the items of one list, start in the same column",
    ),
    # the alias's name is not shown: it is the first word of a text, which may be private
    "an alias in a list": (
        "person:\n  text: [a, *x]\n",
        "2:13: invalid YAML: " + UNDEFINED_ALIAS,
    ),
    # the parser's words quote what it read there, and a quote longer than a character is
    # left out: here a text beginning "!Sample!"
    "a text read as a tag's handle": (
        "person:\n  address: !Sample!town street\n",
        "2:12: invalid YAML: found undefined tag handle …",
    ),
    "a private text read as an alias": (
        "person:\n  address: {text: *Sampletown street, private: true}\n",
        "2:19: invalid YAML: " + UNDEFINED_ALIAS,
    ),
    # a word after '&' is an anchor's name, valid YAML, and dropped from the text: refused
    # when no alias repeats it, without the word
    "a text's first word read as an anchor": (
        "person:\n  text: &Urgent appeal\n",
        "2:9: the text after 'text:' begins with '&', which YAML reads as an anchor (&name"
        " marks a value for *name to repeat), and nothing repeats it, so its first word is left out"
        ": " + QUOTE_IT.format('text: "&…"'),
    ),
    "a list item's first word read as an anchor": (
        "tags: [a, &Urgent b]\n",
        "1:11: a text begins with '&', which YAML reads as an anchor (&name marks a value for"
        " *name to repeat), and nothing repeats it, so its first word is left out: "
        + QUOTE_IT.format('"&…"'),
    ),
    "an anchor named again before anything repeats it": (
        "a: &x one\nb: &x two\nc: *x\n",
        "1:4: the text after 'a:' begins with '&', which YAML reads as an anchor (&name marks a"
        " value for *name to repeat), and nothing repeats it, so its first word is left out: "
        + QUOTE_IT.format('a: "&…"'),
    ),
    # ' #' ends an unquoted text: a '#' run into a word ("#5") is text meant, not a comment
    "a '#' run into a word after a text": (
        "person:\n  text: Article 3 #5 of the law\n",
        "2:19: the text after 'text:' goes on with ' #' and a word, which YAML reads as a"
        " comment, so the rest of the line is left out of the text: "
        + QUOTE_IT.format('text: "… #…"')
        + "; a comment needs a space after its #",
    ),
    "a '#' run into a word after a list item's second line": (
        "tags:\n  - one\n    two #three\n",
        "3:9: the list item goes on with ' #' and a word, which YAML reads as a comment, so the"
        " rest of the line is left out of the text: "
        + QUOTE_IT.format('- "… #…"')
        + "; a comment needs a space after its #",
    ),
    "two '#' run into a word after a text": (
        "person:\n  text: Article 3 ##5 of the law\n",
        "2:19: the text after 'text:' goes on with ' #' and a word, which YAML reads as a"
        " comment, so the rest of the line is left out of the text: "
        + QUOTE_IT.format('text: "… #…"')
        + "; a comment needs a space after its #",
    ),
    # '? ' marks a key: a list item or line begun so is a mapping, its words a key, not text
    "a list item's key mark": (
        "tags:\n  - ? what\n",
        "2:5: the list item begins with '? ', which YAML reads as marking a key (? key), so its"
        " words are read as a key, not as text: " + QUOTE_IT.format('- "? …"'),
    ),
    "a key mark in a list in brackets": (
        "tags: [a, ? what]\n",
        "1:11: a text begins with '? ', which YAML reads as marking a key (? key), so its"
        " words are read as a key, not as text: " + QUOTE_IT.format('"? …"'),
    ),
    "a key mark at a line's start": (
        "person:\n  ? what\n",
        "2:3: a text begins with '? ', which YAML reads as marking a key (? key), so its"
        " words are read as a key, not as text: " + QUOTE_IT.format('"? …"'),
    ),
    # '?' alone at a line's end marks the key on a line below, or an empty key: the '?' lost
    "a key mark alone, its key below": (
        "person:\n  ?\n    what\n",
        "2:3: a text begins with '? ', which YAML reads as marking a key (? key), so its"
        " words are read as a key, not as text: " + QUOTE_IT.format('"? …"'),
    ),
    "a list item's key mark alone, its key below a comment": (
        "tags:\n  - ?  # asked\n\n    # still asked\n      what\n",
        "2:5: the list item begins with '? ', which YAML reads as marking a key (? key), so its"
        " words are read as a key, not as text: " + QUOTE_IT.format('- "? …"'),
    ),
    "a list item of a key mark alone": (
        "tags:\n  - ?\n  - next\n",
        "2:5: the list item begins with '? ', which YAML reads as marking a key (? key), so its"
        " words are read as a key, not as text: " + QUOTE_IT.format('- "? …"'),
    ),
    # a line indented under a text goes on with it, unless it begins with '#'
    "a '#' run into a word on a text's next line": (
        "person:\n  text: one of\n\n    #5 people\n",
        "4:5: a line indented under the text after 'text:' begins with '#' and a word, which"
        " YAML reads as a comment, so the line is left out of the text: put the whole text in"
        ' double quotes, writing each " inside it as \\"; a comment needs a space after its #',
    ),
    "two '#' run into a word on a text's next line": (
        "person:\n  text: one of\n    ##5 people\n",
        "3:5: a line indented under the text after 'text:' begins with '#' and a word, which"
        " YAML reads as a comment, so the line is left out of the text: put the whole text in"
        ' double quotes, writing each " inside it as \\"; a comment needs a space after its #',
    ),
    "a '#' run into a word below a list item": (
        "tags:\n  - one\n    #two\n",
        "3:5: a line indented under the list item begins with '#' and a word, which YAML reads"
        " as a comment, so the line is left out of the text: put the whole text in double"
        ' quotes, writing each " inside it as \\"; a comment needs a space after its #',
    ),
}


@pytest.mark.parametrize(("text", "said"), FIRST_CHARACTER.values(), ids=FIRST_CHARACTER.keys())
def test_a_value_read_as_yaml_by_its_first_character_is_explained(text: str, said: str) -> None:
    with pytest.raises(yamlio.YamlProblem) as raised:
        yamlio.load_text(text, "f.yaml")
    assert str(raised.value) == f"f.yaml:{said}"


def test_an_anchored_value_is_read_as_the_same_value_unanchored() -> None:
    """ruamel keeps an anchored yes as an int, and the anchor stood where 0123 was looked
    for: a schema refusing them where text belongs said "a number", without why."""
    plain = yamlio.load_text("a: yes\nb: yes\nc: 012\nd: 012\n", "f.yaml")
    anchored = yamlio.load_text("a: &x yes\nb: *x\nc: &y 012\nd: *y\n", "f.yaml")
    assert anchored.data == plain.data
    assert anchored.kinds == plain.kinds


def test_an_anchor_repeated_or_of_a_mapping_is_read() -> None:
    doc = yamlio.load_text("a: &x one\nb: *x\nc: &y\n  d: two\n", "f.yaml")
    assert doc.data == {"a": "one", "b": "one", "c": {"d": "two"}}


def test_the_readme_quotes_what_an_unquoted_event_text_is_told() -> None:
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    (quoted,) = re.findall(r"`(the text after 'text:' begins with '\{'[^`]*), …`", readme)
    with pytest.raises(yamlio.YamlProblem) as raised:
        yamlio.load_text("timeline:\n  - text: {date} the police …\n", "case.yaml")
    assert str(raised.value).startswith(f"case.yaml:2:11: invalid YAML: {quoted}, writing each")


ALIAS_ITEMS = {
    # ruamel places an alias item where its anchor stands: a message named that line twice
    "block list": ("a: &x one\nb:\n  - two\n  - *x\n", {("b", 0): 3, ("b", 1): 4}),
    "flow list over lines": ("a: &x one\nb: [two,\n  *x]\n", {("b", 0): 2, ("b", 1): 3}),
    "list in a list": ("a: &x one\nb:\n- - *x\n  - *x\n", {("b", 0, 0): 3, ("b", 0, 1): 4}),
    "anchored list repeated": (
        "a: &x one\nb: &y\n  - *x\nc: *y\n",
        {("b", 0): 3, ("c",): 4, ("c", 0): 3},
    ),
}


@pytest.mark.parametrize(("text", "lines"), ALIAS_ITEMS.values(), ids=ALIAS_ITEMS.keys())
def test_an_alias_in_a_list_has_its_own_line(text: str, lines: dict) -> None:
    doc = yamlio.load_text(text, "f.yaml")
    assert {loc: doc.lines[loc] for loc in lines} == lines


@pytest.mark.parametrize(
    "value",
    ['"a\\tb"', "|\n  a\n  b", '"a\n  b\\tc"'],
    ids=["double-quoted-escape", "block-text", "double-quoted-over-lines"],
)
def test_the_texts_of_a_file_read_by_ruamel_are_looked_at_once_each(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A text holding a tab or a line break is looked at as written (was it an escape?):
    the whole of the file below it was joined for each, so a file of many (an anchor sends
    it to ruamel) took a time growing with its size squared — minutes for one within the
    size limit. What is looked at now adds up to the file's size, give or take."""
    looked_at: list[int] = []
    real = yamlio.double_quoted

    def counted(source: str, start: int) -> str:
        looked_at.append(len(source))
        return real(source, start)

    monkeypatch.setattr(yamlio, "double_quoted", counted)
    text = "a: &x 1\nb: *x\n" + "".join(f"k{i}: {value}\n" for i in range(2000))
    doc = yamlio.load_text(text, "f.yaml")
    assert doc.data["k1999"] == yamlio.load_text(f"k: {value}\n", "g.yaml").data["k"]
    assert doc.kinds[("k0",)] == ("escaped" if "\\t" in value else "str")
    assert sum(looked_at) < 4 * len(text)


def test_a_file_parsed_again_is_a_copy_of_its_own() -> None:
    """A file's bytes parsed once are kept for the process (letters.files.memo), yet each
    reader gets data and places of its own: what one changes, the next never sees; and
    changed bytes are parsed anew."""
    data = (REPO / "cases" / "akhmetova" / "case.yaml").read_bytes()
    first = yamlio.load_bytes(data, "case.yaml")
    person = first.data["person"]
    first.data["person"] = "changed by a caller"
    first.lines.clear()
    again = yamlio.load_bytes(data, "case.yaml")
    assert again.data["person"] == person and again.lines
    assert again.lines == yamlio.load_bytes(data, "case.yaml").lines
    changed = yamlio.load_bytes(data + b"\nadded_by_a_test: 1\n", "case.yaml")
    assert changed.data["added_by_a_test"] == 1 and "added_by_a_test" not in again.data
