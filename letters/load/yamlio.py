"""Read YAML files into plain Python data, remembering the line of every value.

YAML 1.1 rules are used on purpose: they are what most tools apply, so an
unquoted ``no`` really is read as false and ``0123`` as 83. The schema then
refuses such values where text is meant, instead of quietly storing them.

What a file may hold beyond plain data — its size, what aliases repeat, how deep it nests,
tags (none) — is bounded by :mod:`letters.load.yamllimits`; every parse error names its line
and column, and :mod:`letters.load.yamlhints` says what it means.

Plain YAML is read by libyaml (:mod:`letters.load.yamlfast`), anything else by ruamel,
which explains every error; both record each value's kind (:mod:`letters.load.yamlkinds`).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import stat
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, overload

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from letters.errors import Problem
from letters.files.memo import by_content
from letters.load.bad_scalars import Unbuilt, bad_scalar, is_private_at, unbuilt
from letters.load.characters import character_named
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
from letters.load.key_names import is_field_name, shown_key
from letters.load.yamlfast import load_fast
from letters.load.yamlhints import (
    CONTROL,
    double_quoted,
    escaped_control,
    merge_conflict,
    parse_error,
    place,
    written_key,
)
from letters.load.yamlkinds import number_kind, value_kind
from letters.load.yamllimits import (
    MAX_YAML_BYTES,
    TOO_LONG_BASE60,
    GuardedComposer,
    YamlRefused,
    long_base60,
    too_large,
)

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
    unbuilt_nodes: Any = field(default=None, repr=False)
    """The fast reader's nodes of a file whose values it could not all build (an impossible
    date), so that they are found without parsing the file again."""

    def line_of(self, loc: Loc) -> int | None:
        """The line of ``loc`` or, failing that, of its nearest parent."""
        while loc and loc not in self.lines:
            loc = loc[:-1]
        return self.lines.get(loc)


class YamlProblem(Exception):
    """Raised when a YAML file cannot be read; carries the :class:`Problem` (file and line).

    A file whose only fault is values that cannot be built (impossible dates) carries a
    problem for each in ``problems``, and in ``doc`` the file read with each put aside as
    text, at the places ``unbuilt``, as the texts ``aside``: its other errors can then be
    found too (none about a text put aside, which the user never wrote: a date as a key).
    """

    def __init__(
        self,
        problem: Problem,
        problems: list[Problem] | None = None,
        doc: Document | None = None,
        unbuilt: list[Loc] | None = None,
        aside: list[str] | None = None,
        keys: list[bool] | None = None,
    ) -> None:
        self.problem = problem
        self.problems = problems or [problem]
        self.doc = doc
        self.unbuilt = unbuilt or []
        self.aside = aside or []
        self.keys = keys or [False] * len(self.unbuilt)  # for each: written as a key
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
                doc.kinds[child] = "key:" + value_kind(key)
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
    kind = value_kind(node)
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


@by_content(most=64)  # a Workspace kept open reads its files again for each command
def _parsed(data: bytes, label: str) -> Document:
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
    return load_text(text, label)


def load_bytes(data: bytes, label: str, path: Path | None = None) -> Document:
    """Parse ``data`` as :func:`load` parses a file's bytes: text not UTF-8, saved as UTF-16
    or holding a lone carriage return is refused naming its line, as is YAML not valid.
    A file parsed before in the process is not parsed again: the caller gets a copy."""
    path = path or Path(label)
    try:
        return _own_copy(_parsed(data, label), path)
    except YamlProblem as exc:  # the file read with its unbuilt values put aside, if any
        if exc.doc is not None:
            exc.doc = replace(exc.doc, path=path)
        raise


def _own_copy(doc: Document, path: Path) -> Document:
    """``doc`` with its data and places its own, read from ``path``: a caller may change
    what it is given, and the same bytes are parsed once wherever they are."""
    return replace(
        doc,
        path=path,
        data=copy.deepcopy(doc.data),
        lines=dict(doc.lines),
        kinds=dict(doc.kinds),
        aliases=dict(doc.aliases),
        anchored=dict(doc.anchored),
        alias_items=dict(doc.alias_items),
    )


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
    if load_fast(text, doc):
        return doc
    if doc.unbuilt_nodes is not None:  # found by the fast reader: not parsed again for them
        found = _unbuilt_problem(text, label, path, doc.unbuilt_nodes)
        if found is not None:
            raise found
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
        # too long to read fails there, without a line; find them ourselves.
        raise _unbuilt_problem(text, label, path) from exc
    lines = text.removeprefix("\ufeff").splitlines()  # ruamel's columns count from after it
    doc.alias_items = reader.composer.alias_items
    doc.data = _plain(raw, (), doc, lines, (0, 0))
    doc.anchored.clear()  # the ids of objects now gone
    doc.alias_items = {}
    return doc


@overload
def _unbuilt_problem(text: str, label: str, path: Path | None) -> YamlProblem: ...


@overload
def _unbuilt_problem(
    text: str, label: str, path: Path | None, nodes: Any
) -> YamlProblem | None: ...


def _unbuilt_problem(
    text: str, label: str, path: Path | None, nodes: Any = None
) -> YamlProblem | None:
    """The error of a file holding values ruamel cannot build: one problem for each, and
    the file read with them put aside, for its other errors (see :class:`YamlProblem`).
    Given the ``nodes`` the fast reader made of it (each impossible date is parsed once),
    None where they do not tell: ruamel then reads the file, and explains any other fault
    first (a tag, an invalid line)."""
    found: tuple[str, list[Unbuilt]] | None = None
    try:
        found = unbuilt(_yaml().compose(text) if nodes is None else nodes, text)
        aside = load_text(found[0], label, path) if found else None
    except (YAMLError, YamlRefused, YamlProblem, ValueError, OverflowError):
        aside = None
    if nodes is not None and (found is None or aside is None):
        return None
    if found is None or aside is None:  # the first such value, found in the text alone
        line, column, what = bad_scalar(text)
        where = format_loc(_loc_at(text, line, column) or ())
        return YamlProblem(Problem(label, line, where, what, column=column))
    problems = [
        Problem(
            label,
            u.line,
            format_loc(u.loc),
            u.private if is_private_at(aside.data, u.loc) else u.public,
            column=u.column,
        )
        for u in found[1]
    ]
    return YamlProblem(
        problems[0],
        problems,
        aside,
        [u.loc for u in found[1]],
        [u.aside for u in found[1]],
        [u.key for u in found[1]],
    )


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
