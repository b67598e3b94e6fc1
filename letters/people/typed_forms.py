"""Write confirmed name forms into a directory file as typed forms, changing nothing else.

The file is not re-dumped: a YAML parser finds where each role and its ``address`` or
``salutation`` mapping end, and only the new lines (or, in a ``{en: …}`` mapping, the new
entries) are inserted there, in the file's own indentation and line endings. Every other byte
stays as it was: comments, blank lines, quoting, anchors. A role the change would reach by
another path (a YAML anchor, a ``<<`` merge) is refused, and so is a file that changed since
it was read. The result is read back and compared with what was meant before it is written.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from letters.errors import LettersError

FLOW_WIDTH = 100  # a list longer than this on one line is written one item a line


class Form(Protocol):
    """What is written: a person's form, by its place in the file."""

    @property
    def person(self) -> str: ...  # the person's id
    @property
    def index(self) -> int: ...  # the person's place in the file's list
    @property
    def role(self) -> int: ...
    @property
    def lang(self) -> str: ...
    @property
    def field(self) -> str: ...  # "address" or "salutation"
    @property
    def value(self) -> str | list[str] | None: ...


@dataclass(frozen=True)
class _Insert:
    line: int  # insert before this line (0-based); or, with column, inside it
    column: int | None
    depth: int  # of two inserts at one place, the deeper one goes first
    text: str


class _Refused(Exception):
    pass


# PyYAML's C parser where it is built (fast on a large directory), else its Python one;
# both give every node its start and end in the text
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# the line breaks of YAML 1.1, as the parser counts lines (not all of str.splitlines's)
_BREAKS = re.compile("(\r\n|\r|\n|\x85|\u2028|\u2029)")


def insert_forms(text: str, label: str, forms: Sequence[Form]) -> str:
    """``text`` (a directory file) with ``forms`` added as typed forms, nothing else changed.

    Raises :class:`LettersError` naming the person and the reason when it cannot be done
    without touching something else."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = _BREAKS.split(text)
    lines = [a + b for a, b in zip(lines[::2], [*lines[1::2], ""], strict=True) if a + b]
    root = yaml.compose(text, Loader=_LOADER)
    people = _get(root, "people")
    if root is None or not isinstance(people, SequenceNode):
        raise LettersError(f"{label}: no list of people to write into; nothing was written")
    refs = _references(root)
    inserts: list[_Insert] = []
    groups: dict[tuple[int, int, str], list[Form]] = {}
    for form in forms:
        groups.setdefault((form.index, form.role, form.field), []).append(form)
    for (index, role_at, name), items in groups.items():
        try:
            role = _role(people, index, role_at, items[0].person, refs)
            inserts.append(_insert_for(role, name, items, newline, lines, refs))
        except _Refused as exc:
            raise LettersError(
                f"{label}: people[{index}].roles[{role_at}] ({items[0].person}): {exc};"
                " nothing was written"
            ) from None
    out = _apply(lines, inserts, newline)
    _verify(text, out, forms, label)
    return out


def _get(node: Node | None, key: str) -> Node | None:
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return cast(Node, v)
    return None


def _references(root: Node) -> dict[int, int]:
    """How many places (a key's value, a list's item) hold each node: more than one when a
    YAML alias (*name) repeats it."""
    refs: dict[int, int] = {}
    seen: set[int] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        children: list[Node] = []
        if isinstance(node, MappingNode):
            children = [v for _k, v in node.value]
        elif isinstance(node, SequenceNode):
            children = list(node.value)
        for child in children:
            refs[id(child)] = refs.get(id(child), 0) + 1
            todo.append(child)
    return refs


CHANGED = "the file changed since it was read; run the command again"
SHARED = (
    "{what} is shared with another place through a YAML anchor (&name, *name): a confirmed"
    " form would be written for both. Give each person their own {what}, or type the forms"
    " by hand"
)


def _role(
    people: SequenceNode, index: int, role_at: int, person: str, refs: dict[int, int]
) -> MappingNode:
    if index >= len(people.value):
        raise _Refused(CHANGED)
    entry = people.value[index]
    pid = _get(entry, "id")
    if not isinstance(pid, ScalarNode) or pid.value != person:
        raise _Refused(CHANGED)
    roles = _get(entry, "roles")
    if not isinstance(roles, SequenceNode) or role_at >= len(roles.value):
        raise _Refused(CHANGED)
    role = roles.value[role_at]
    if refs.get(id(role), 0) > 1 or refs.get(id(roles), 0) > 1:
        raise _Refused(SHARED.format(what="roles"))
    if not isinstance(role, MappingNode) or not role.value:
        raise _Refused(CHANGED)
    if role.flow_style:
        raise _Refused("the role is written on one line ({…}); type the forms by hand")
    if _get(role, "<<") is not None:
        raise _Refused("the role takes keys from a YAML merge (<<: *name); type the forms by hand")
    return role


def _insert_for(
    role: MappingNode,
    name: str,
    items: list[Form],
    newline: str,
    lines: list[str],
    refs: dict[int, int],
) -> _Insert:
    indent = role.value[0][0].start_mark.column
    step = _step(role, indent)
    found = _get(role, name)
    if found is None:
        new = [" " * indent + f"{name}:"]
        for form in items:
            new += _entry(form.lang, _value(form), indent + step, step)
        return _Insert(_end(role, lines), None, 1, "".join(x + newline for x in new))
    if not isinstance(found, MappingNode):
        raise _Refused(f"{name} is not a mapping of languages; type the forms by hand")
    if refs.get(id(found), 0) > 1:
        raise _Refused(SHARED.format(what=name))
    if found.flow_style:
        return _flow_insert(found, items, lines)
    inner = found.value[0][0].start_mark.column if found.value else indent + step
    new = []
    for form in items:
        new += _entry(form.lang, _value(form), inner, step)
    return _Insert(_end(found, lines), None, 2, "".join(x + newline for x in new))


def _flow_insert(found: MappingNode, items: list[Form], lines: list[str]) -> _Insert:
    """New entries before the closing brace of ``{en: …}``."""
    line, column = found.end_mark.line, found.end_mark.column - 1
    text = lines[line]
    if text[column : column + 1] != "}":
        raise _Refused("the mapping's closing brace was not found; type the forms by hand")
    at = column
    while at > 0 and text[at - 1] in " \t":
        at -= 1
    entries = ", ".join(f"{f.lang}: {_scalar_or_flow(_value(f), flow=True)}" for f in items)
    lead = {"{": "", ",": " "}.get(text[at - 1 : at], ", ")
    return _Insert(line, at, 2, lead + entries)


def _value(form: Form) -> str | list[str]:
    if form.value is None:
        raise _Refused("a form to type has no value to write")
    return form.value


def _step(role: MappingNode, indent: int) -> int:
    """The file's indentation step, from a nested mapping of the role (2 if none)."""
    for _k, v in role.value:
        if isinstance(v, MappingNode) and not v.flow_style and v.value:
            step = v.value[0][0].start_mark.column - indent
            if step > 0:
                return int(step)
    return 2


def _end(node: Node, lines: list[str]) -> int:
    """The line after the text of ``node``'s last value: where a key after it goes."""
    last: Node = node
    while True:
        if isinstance(last, MappingNode) and not last.flow_style and last.value:
            child = last.value[-1][1]
        elif isinstance(last, SequenceNode) and not last.flow_style and last.value:
            child = last.value[-1]
        else:
            break
        _refuse_an_alias(child, last, lines)
        last = child
    end = last.end_mark
    if end.column:
        return int(end.line) + 1  # the value ends in a line's text: after that line
    # a block scalar (| or >) ends at the start of the line after it, blank lines included;
    # unless it keeps them (|+), the new lines go before the blank ones
    line = int(end.line)
    start = last.start_mark
    indicator = (
        lines[start.line][start.column :].split(" ", 1)[0] if start.line < len(lines) else ""
    )
    if isinstance(last, ScalarNode) and last.style in ("|", ">") and "+" not in indicator:
        while line > start.line + 1 and not lines[line - 1].strip():
            line -= 1
    return line


def _refuse_an_alias(child: Node, parent: Node, lines: list[str]) -> None:
    """Refuse when ``child``, the last value of ``parent``, is written as an alias (*name).

    The composer gives an alias its anchor's node, marks included, so the text after it is
    the anchor's, perhaps in another person's entry. At its own place a last value is
    followed by nothing but blanks and comments up to its parent's end; an alias's anchor,
    always before it, is followed by at least the alias itself."""
    start, end = child.end_mark, parent.end_mark
    between = [
        lines[n][: end.column if n == end.line else None][start.column if n == start.line else 0 :]
        for n in range(start.line, min(end.line + 1, len(lines)))
    ]
    if all(not text.strip() or text.lstrip().startswith("#") for text in between):
        return
    # the alias is the last one before its parent's end: PyYAML's events, unlike its nodes,
    # say where each alias stands
    events = yaml.parse("".join(lines), Loader=_LOADER)
    aliases = [e.start_mark for e in events if isinstance(e, AliasEvent) and e.start_mark]
    line = max(int(mark.line) for mark in aliases if mark.index < end.index)
    raise _Refused(
        f"line {line + 1} holds a YAML alias (*name) where the confirmed forms would follow it;"
        " write this value out, not as an alias, to have it confirmed"
    )


def _entry(lang: str, value: str | list[str], indent: int, step: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, str):
        return [f"{pad}{lang}: {_scalar_or_flow(value, flow=False)}"]
    flow = f"{pad}{lang}: {_scalar_or_flow(value, flow=False)}"
    if len(flow) <= FLOW_WIDTH:
        return [flow]
    return [f"{pad}{lang}:"] + [
        f"{pad}{' ' * step}- {_scalar_or_flow(item, flow=False)}" for item in value
    ]


def _scalar_or_flow(value: str | list[str], *, flow: bool) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(item, flow=True) for item in value) + "]"
    return _scalar(value, flow=flow)


def _scalar(value: str, *, flow: bool) -> str:
    """``value`` plain where YAML reads it back as the same text, else double-quoted."""
    probe = f"[{value}]" if flow else f"k: {value}"
    try:
        back = yaml.safe_load(probe)
    except yaml.YAMLError:
        back = None
    same = back == [value] if flow else back == {"k": value}
    if same and value == value.strip() and "\n" not in value:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def _apply(lines: list[str], inserts: list[_Insert], newline: str) -> str:
    lines = list(lines)
    at_end = any(i.line >= len(lines) and i.column is None for i in inserts)
    if at_end and lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline  # the last line, without its line break, gets one before more
    # bottom up, so earlier places stay where they are; at one place, the deeper first and
    # otherwise in the order given
    order = sorted(enumerate(inserts), key=lambda n: (n[1].line, -n[1].depth, n[0]), reverse=True)
    for _n, ins in order:
        if ins.column is None:
            lines.insert(ins.line, ins.text)
        else:
            at = lines[ins.line]
            lines[ins.line] = at[: ins.column] + ins.text + at[ins.column :]
    return "".join(lines)


def _verify(before: str, after: str, forms: Sequence[Form], label: str) -> None:
    """Read both texts back: ``after`` must be ``before`` plus exactly the forms."""
    meant: Any = copy.deepcopy(yaml.load(before, Loader=_LOADER))
    for form in forms:
        role = meant["people"][form.index]["roles"][form.role]
        role.setdefault(form.field, {})
        role[form.field][form.lang] = form.value
    if yaml.load(after, Loader=_LOADER) != meant:
        raise AssertionError(f"{label}: the confirmed forms would not read back as written")
