"""Read YAML files into plain Python data, remembering the line of every value.

YAML 1.1 rules are used on purpose: they are what most tools apply, so an
unquoted ``no`` really is read as false and ``0123`` as 83. The schema then
refuses such values where text is meant, instead of quietly storing them.

What a file may hold beyond plain data — its size, what aliases repeat, how deep it nests,
tags (none) — is bounded by :mod:`letters.load.yamllimits`; every parse error names its line
and column, and :mod:`letters.load.yamlhints` says what it means.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import stat
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scalarbool import ScalarBoolean

from letters.errors import Problem
from letters.load.bad_scalars import bad_scalar
from letters.load.encoding import (
    FOLDER_NOT_FILE,
    LONE_CARRIAGE_RETURN,
    NOT_A_FILE,
    UNMARKED_UTF16,
    cannot_read,
    lone_carriage_return,
    not_utf8,
    unmarked_utf16,
)
from letters.load.fields import character_named
from letters.load.key_names import is_field_name, shown_key
from letters.load.yamlhints import (
    CONTROL,
    comment_line_below,
    comment_run_in,
    double_quoted,
    escaped_control,
    key_mark,
    merge_conflict,
    parse_error,
    place,
    written_key,
)
from letters.load.yamllimits import (
    MAX_YAML_BYTES,
    MAX_YAML_DEPTH,
    TOO_LONG_BASE60,
    GuardedComposer,
    YamlRefused,
    long_base60,
    surely_shallow,
    too_large,
)
from letters.render.limits import MAX_VALUE_CHARS

Loc = tuple[str | int, ...]


@dataclass
class Document:
    """A parsed YAML file: plain data plus where each value stood."""

    path: Path
    label: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    kinds: dict[Loc, str] = field(default_factory=dict)
    aliases: dict[Loc, Loc] = field(default_factory=dict)  # an alias's place: its anchor's
    anchored: dict[int, Loc] = field(default_factory=dict, repr=False)  # while it is read
    alias_items: dict[tuple[int, int, int], tuple[int, int]] = field(
        default_factory=dict, repr=False
    )  # while it is read: GuardedComposer.alias_items

    def line_of(self, loc: Loc) -> int | None:
        """The line of ``loc`` or, failing that, of its nearest parent."""
        while loc and loc not in self.lines:
            loc = loc[:-1]
        return self.lines.get(loc)


class YamlProblem(Exception):
    """Raised when a YAML file cannot be read; carries the :class:`Problem` (file and line)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.version = (1, 1)
    yaml.allow_duplicate_keys = False
    yaml.Composer = GuardedComposer  # no tags; aliases counted (letters.load.yamllimits)
    return yaml


def _plain(node: Any, loc: Loc, doc: Document, source: list[str], at: tuple[int, int]) -> Any:
    """``node`` as plain data; ``at`` is its (line, column) in ``source``, from 0."""
    # an alias brings its anchor's object again (a date keeps no anchor, yet is never shared)
    if getattr(getattr(node, "anchor", None), "value", None) or isinstance(node, dt.date):
        first = doc.anchored.setdefault(id(node), loc)
        if first != loc:
            doc.aliases[loc] = first
    if isinstance(node, CommentedMap):
        out: dict[Any, Any] = {}
        for key, value in node.items():
            try:
                line, col = node.lc.value(key)
            except (KeyError, TypeError):
                line, col = node.lc.line, node.lc.col
            try:
                key_line, key_col = node.lc.key(key)
            except (KeyError, TypeError):
                key_line, key_col = line, None
            # as written: a key yes is read as True, and "unknown field 'True'" names nothing
            shown = key if isinstance(key, str) else written_key(key, source, key_line, key_col)
            child = (*loc, shown)
            doc.lines[child] = key_line + 1
            if not isinstance(key, str):
                doc.kinds[child] = "key:" + _kind(key)
            out[shown] = _plain(value, child, doc, source, (line, col))
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            child = (*loc, index)
            try:
                line, col = node.lc.item(index)
            except (KeyError, TypeError, IndexError):
                line, col = node.lc.line, node.lc.col
            # an alias's value is written at its anchor, yet the item is where the alias is
            placed = doc.alias_items.get((node.lc.line, node.lc.col, index), (line, col))
            doc.lines[child] = placed[0] + 1
            items.append(_plain(value, child, doc, source, (line, col)))
        return items
    kind = _kind(node)
    doc.kinds[loc] = kind
    if kind in ("int", "float") and at[0] < len(source):
        # the value as written, after its anchor (&name 012)
        token = re.match(r"(?:&\S+\s+)?([^\s,\]}]*)", source[at[0]][at[1] :])
        doc.kinds[loc] = number_kind(token.group(1) if token else "", kind)
    if kind == "bool":
        return bool(node)
    if kind == "int":
        return int(node)
    if kind == "float":
        return float(node)
    if isinstance(node, str) and CONTROL.search(node) and at[0] < len(source):
        written = re.match(r"(?:&\S+\s+)?", source[at[0]][at[1] :])
        start = at[1] + (written.end() if written else 0)
        if escaped_control(_double_quoted_at(source, at[0], start)):
            doc.kinds[loc] = "escaped"
    if isinstance(node, str):
        return str(node)
    return node


def _double_quoted_at(source: list[str], line: int, start: int) -> str:
    """The double-quoted text at column ``start`` of line ``line`` of ``source``, as
    :func:`double_quoted` finds it; its lines joined twice as many at each try, not all the
    lines below: a file of many such texts was read in a time growing with its size squared."""
    if source[line][start : start + 1] != '"':
        return ""
    count = 1
    while not (found := double_quoted("\n".join(source[line : line + count]), start)):
        if line + count >= len(source):
            return ""
        count *= 2
    return found


_BASE_60 = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_OCTAL = re.compile(r"[-+]?0[0-7_]+")
_EXPONENT = re.compile(r"[0-9.][eE][-+]?[0-9]")


def number_kind(source: str, kind: str) -> str:
    """``"base60"`` for a number YAML 1.1 read from digits joined by colons (``1:30`` is
    90), ``"octal"`` for one read with a leading 0 (``0123`` is 83), ``"grouped"`` for one
    whose digits it read past a ``_`` (``1_000`` is 1000), ``"exponent"`` for one with a
    power of ten (``1e3`` is 1000), else ``kind``: the ways text becomes a number unseen."""
    if _BASE_60.fullmatch(source):
        return "base60"
    if kind == "int" and _OCTAL.fullmatch(source):
        return "octal"
    if "_" in source:
        return "grouped"
    if kind == "float" and _EXPONENT.search(source):
        return "exponent"
    return kind


def _kind(value: Any) -> str:
    if isinstance(value, bool | ScalarBoolean):  # an anchored yes: a ScalarBoolean, an int
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    if value is None:
        return "null"
    return "str"


def load(path: Path, label: str) -> Document:
    """Parse ``path``; raise :class:`YamlProblem` naming the line when it is not valid YAML."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise YamlProblem(Problem(label, None, "", FOLDER_NOT_FILE))
        if not stat.S_ISREG(mode):  # a pipe would hang, /dev/zero never end
            raise YamlProblem(Problem(label, None, "", NOT_A_FILE))
        with path.open("rb") as file:
            data = file.read(MAX_YAML_BYTES + 1)  # a file may grow after its size is read
    except OSError as exc:
        raise YamlProblem(Problem(label, None, "", cannot_read(exc))) from None
    if len(data) > MAX_YAML_BYTES:
        raise YamlProblem(Problem(label, None, "", too_large(label)))
    return load_bytes(data, label, path)


def load_bytes(data: bytes, label: str, path: Path | None = None) -> Document:
    """Parse ``data`` as :func:`load` parses a file's bytes: text not UTF-8, saved as UTF-16
    or holding a lone carriage return is refused naming its line, as is YAML not valid."""
    try:
        if unmarked_utf16(data):
            raise YamlProblem(Problem(label, 1, "", UNMARKED_UTF16))
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, why = not_utf8(data, exc)
        raise YamlProblem(Problem(label, line, "", why)) from None
    if (stray := lone_carriage_return(text)) is not None:
        raise YamlProblem(Problem(label, stray, "", LONE_CARRIAGE_RETURN))
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as read_text
    return load_text(text, label, path)


def load_text(text: str, label: str, path: Path | None = None) -> Document:
    """Parse YAML ``text``; raise :class:`YamlProblem` naming the line and column when it is
    not valid, holds a tag, or repeats too much through aliases."""
    if len(text) > MAX_YAML_BYTES:
        raise YamlProblem(Problem(label, None, "", too_large(label)))
    conflict = merge_conflict(text)
    if conflict is not None:
        raise YamlProblem(Problem(label, conflict[0], "", conflict[1]))
    base60 = long_base60(text)
    if base60 is not None:
        raise YamlProblem(Problem(label, base60[0], "", TOO_LONG_BASE60, column=base60[1]))
    doc = Document(path=path or Path(label), label=label, data=None)
    if _load_fast(text, doc):
        return doc
    doc = Document(path=path or Path(label), label=label, data=None)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. a reused anchor: valid YAML, not our concern
            reader = _yaml()
            raw = reader.load(text)
    except YamlRefused as exc:
        raise YamlProblem(Problem(label, exc.line, "", exc.message, column=exc.column)) from None
    except DuplicateKeyError as exc:
        line, column = place(exc.problem_mark)
        first = exc.context_mark.line + 1 if exc.context_mark else None
        key = _duplicate_key(exc)
        what = f"duplicate key {key!r}" if key and is_field_name(key) else "duplicate key"
        message = f"{what} (the mapping starting on line {first} has it twice)"
        raise YamlProblem(Problem(label, line, "", message, column=column)) from None
    except MarkedYAMLError as exc:
        line, column, message = parse_error(exc, text)
        raise YamlProblem(
            Problem(label, line, "", f"invalid YAML: {message}", column=column)
        ) from None
    except ReaderError as exc:
        before = text[: max(exc.position, 0)]
        line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
        char = exc.character
        code = char if isinstance(char, int) else ord(str(char)[:1] or "?")
        message = f"contains {character_named(f'U+{code:04X}')}; delete it"
        raise YamlProblem(Problem(label, line, "", message, column=column)) from None
    except YAMLError as exc:
        raise YamlProblem(Problem(label, None, "", f"invalid YAML: {type(exc).__name__}")) from None
    except (ValueError, OverflowError) as exc:
        # ruamel builds dates and numbers after parsing: 2020-13-45 or a number
        # too long to read fails there, without a line; find it ourselves.
        line, column, what = bad_scalar(text)
        where = format_loc(_loc_at(text, line, column) or ())
        raise YamlProblem(Problem(label, line, where, what, column=column)) from exc
    lines = text.removeprefix("\ufeff").splitlines()  # ruamel's columns count from after it
    doc.alias_items = reader.composer.alias_items
    doc.data = _plain(raw, (), doc, lines, (0, 0))
    doc.anchored.clear()  # the ids of objects now gone
    doc.alias_items = {}
    return doc


class _Unusual(Exception):
    """Something the fast reader leaves to the careful one (which also explains errors)."""


def _load_fast(text: str, doc: Document) -> bool:
    """Read plain, valid YAML with libyaml: a 700-person directory in a fraction of a second.

    Anything else — invalid YAML, duplicate keys, anchors and aliases, explicit tags,
    impossible dates — returns False and goes to ruamel, which reads the same YAML 1.1
    values and explains every error with its line. A test holds both readers to the
    same result on every YAML file of the project.
    """
    loader_class = getattr(yaml, "CSafeLoader", None)
    if loader_class is None or not surely_shallow(text):
        return False
    text = text.removeprefix("\ufeff")  # libyaml skips it: its marks count from after it
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            doc.data, doc.kinds[()] = None, "null"
        else:
            doc.data = _fast_plain(loader, node, (), doc, (text, set()))
    except (_Unusual, yaml.YAMLError, ValueError, OverflowError, TypeError, RecursionError):
        return False
    finally:
        loader.dispose()
    return True


def _fast_plain(loader: Any, node: Any, loc: Loc, doc: Document, walk: tuple[str, set[int]]) -> Any:
    text, seen = walk
    start = node.start_mark.index
    if (
        id(node) in seen
        or text[start : start + 1] in ("!", "&")
        or not node.tag.startswith("tag:yaml.org,2002:")
    ):
        # an alias would bring the same node twice; a node starts with its tag or anchor
        # (libyaml keeps a tag such as !!str only by what it makes of the value)
        raise _Unusual
    seen.add(id(node))
    if len(loc) >= MAX_YAML_DEPTH and not isinstance(node, yaml.ScalarNode):
        raise _Unusual  # nested past the limit: ruamel refuses it with its line
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        since = node.start_mark.index
        for key_node, value_node in node.value:
            if (
                not isinstance(key_node, yaml.ScalarNode)
                or key_node.tag == "tag:yaml.org,2002:merge"
                or key_mark(text, key_node.start_mark.index, since) is not None  # ruamel refuses it
            ):
                raise _Unusual
            since = value_node.end_mark.index
            key = _fast_scalar(loader, key_node)
            if not isinstance(key, str) or key in out:
                raise _Unusual  # ruamel's view of such keys differs in details: let it decide
            child = (*loc, key)
            doc.lines[child] = key_node.start_mark.line + 1
            _comment_below(node, value_node, key_node.start_mark.column, text)
            out[key] = _fast_plain(loader, value_node, child, doc, walk)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            child = (*loc, index)
            doc.lines[child] = item.start_mark.line + 1
            _comment_below(node, item, node.start_mark.column, text)
            items.append(_fast_plain(loader, item, child, doc, walk))
        return items
    if len(node.value) > MAX_VALUE_CHARS:
        raise _Unusual  # ruamel refuses it with its line
    value = _fast_scalar(loader, node)
    if (
        not node.style
        and isinstance(value, str)
        and comment_run_in(text, node.end_mark.index) is not None
    ):
        raise _Unusual  # a '#' run into a word after unquoted text: ruamel refuses it
    kind = doc.kinds[loc] = _kind(value)
    if kind in ("int", "float"):
        doc.kinds[loc] = number_kind(node.value, kind)
    control = node.style == '"' and isinstance(value, str) and CONTROL.search(value)
    if control and escaped_control(text[node.start_mark.index : node.end_mark.index]):
        doc.kinds[loc] = "escaped"  # told apart from a line break written as one
    return value


def _comment_below(parent: Any, node: Any, column: int, text: str) -> None:
    """Leave to ruamel, which refuses it, an unquoted text of a block ``parent`` with a line
    below it that YAML reads as a comment, indented as the text would go on."""
    if (
        not parent.flow_style
        and isinstance(node, yaml.ScalarNode)
        and not node.style
        and node.tag == _STR
        and comment_line_below(text, node.end_mark.index, column) is not None
    ):
        raise _Unusual


def _fast_scalar(loader: Any, node: Any) -> Any:
    if not node.tag.startswith("tag:yaml.org,2002:") or node.tag.endswith(
        (":binary", ":set", ":omap", ":pairs", ":value", ":yaml")
    ):
        raise _Unusual
    value = loader.construct_object(node, deep=True)
    if (
        isinstance(value, str)
        and not node.style
        and value[:1] in _NUMBER_START
        and str(_resolver().resolve(ScalarNode, value, (True, False))) != _STR
    ):
        raise _Unusual  # e.g. 1e3: a float to ruamel, text to libyaml's YAML 1.1 rules
    return value


_NUMBER_START = frozenset("0123456789+-.")
_STR = "tag:yaml.org,2002:str"


@functools.cache
def _resolver() -> Any:
    """ruamel's YAML 1.1 resolver: what it makes of a plain value that libyaml read as text
    ("1 Example Street", "2017-03" stay text; "1e3" is a number to ruamel)."""
    return _yaml().resolver


def _loc_at(text: str, line: int | None, column: int | None) -> Loc | None:
    """The field path of the value that starts at ``line`` and ``column`` (from 1), read
    from ``text``'s structure alone (no value is built); None if no value starts there."""
    if line is None or column is None:
        return None
    try:
        node = _yaml().compose(text)
    except (YAMLError, YamlRefused, ValueError):
        return None
    todo: list[tuple[Any, Loc]] = [(node, ())]
    seen: set[int] = set()  # an alias brings a node again, maybe one it is inside
    while todo:
        node, loc = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            todo += [(v, (*loc, str(k.value))) for k, v in node.value]
        elif isinstance(node, SequenceNode):
            todo += [(item, (*loc, i)) for i, item in enumerate(node.value)]
        elif node is not None and (node.start_mark.line, node.start_mark.column) == (
            line - 1,
            column - 1,
        ):
            return loc
    return None


def format_loc(loc: Loc) -> str:
    """``people[2].roles[0].title``; a key that is not a field name is not shown (it may be
    private text written where a key belongs), unless it is one but for unseen characters."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + (shown_key(str(part)) or "(text)")
    return out


def _duplicate_key(exc: DuplicateKeyError) -> str | None:
    # ruamel's message quotes the key and both values; keep only the key,
    # since a value may be private.
    problem = exc.problem or ""
    start = problem.find('duplicate key "')
    if start < 0:
        return None
    start += len('duplicate key "')
    end = problem.find('"', start)
    return problem[start:end] if end > start else None
