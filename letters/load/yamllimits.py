"""What a workspace YAML file may hold beyond plain data: its size, its aliases, no tags.

Workspace files may come from anyone (a directory sent by a partner, a case file
from a colleague), so reading one must not run code or exhaust the machine:

- a file larger than :data:`MAX_YAML_BYTES` is not read at all;
- an alias (``*name``) repeats the value of its anchor (``&name``), and aliases of
  anchors that hold aliases multiply (the "billion laughs"): a 5 kB file can stand
  for billions of values, and one alias of a long text stands for all of it again.
  Reading stops as soon as aliases have repeated more than :data:`MAX_ALIAS_VALUES`
  values or :data:`MAX_ALIAS_CHARS` characters of text, counted while the file is
  parsed, before any of them is built;
- YAML 1.1 reads digits joined by colons as one number in base 60, and building a long
  one takes time that grows with the square of its length (minutes for a few MB): more
  than :data:`MAX_BASE60_PARTS` parts are refused before the file is parsed;
- lists and mappings nested more than :data:`MAX_YAML_DEPTH` levels deep (``[[[[…``, or a
  key indented under a key, many times over, or an alias of an anchor's lists among lists)
  are refused where the level past the limit starts (or at the alias), before the reader
  goes deeper: it reads each level by calling itself, and would
  otherwise stop only where Python's stack ends, with nothing to say where that was;
- a text longer than a letter may hold (:data:`letters.render.limits.MAX_VALUE_CHARS`) is
  refused where it starts, rather than where a template first prints it;
- a tag (``!!python/object:…``, ``!!binary``, ``!custom``) asks the reader to build
  something other than text, numbers, dates, lists and mappings: every written tag
  is refused, with its line and column;
- a merge key (``<<: *defaults``, ``<<: {gender: male}``) copies another mapping's keys
  in where none of them is written, and a key written beside it wins over the copied
  one without the duplicate-key error two written keys get: refused where it stands. An
  alias stands where its value is read (``title: *chair``), a merge for keys not named.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.composer import Composer
from ruamel.yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from ruamel.yaml.nodes import SequenceNode

from letters.load.yamlhints import (
    anchor_unused,
    comment_line_below,
    comment_run_in,
    dropped_after_hash,
    dropped_below,
    key_mark,
    key_marked,
)
from letters.render.limits import MAX_VALUE_CHARS

MAX_YAML_BYTES = 5 * 2**20
"""The largest YAML file read: 5 MiB (a directory of 720 people is under 1 MiB)."""

MAX_ALIAS_VALUES = 10_000
"""The most values aliases (``*name``) may repeat in one file, nested aliases counted in full."""

MAX_ALIAS_CHARS = 1_000_000
"""The most characters of text aliases may repeat in one file, nested aliases counted in full."""

MAX_BASE60_PARTS = 20
"""The most parts of an unquoted number whose parts are joined by colons (``1:30`` has two)."""

MAX_YAML_DEPTH = 100
"""The most levels of lists and mappings, one inside another (the project's files use 7)."""

TOO_LARGE = (
    f"YAML limit: the file is larger than {MAX_YAML_BYTES // 2**20} MiB; split it into"
    " smaller files (every file in recipients/ is part of the directory)"
)
TOO_LARGE_ONE_FILE = (
    f"YAML limit: the file is larger than {MAX_YAML_BYTES // 2**20} MiB; a workspace's other"
    " files hold a few kB: check that it is the file meant"
)


def too_large(label: str) -> str:
    """What is said of the file ``label`` (as messages name it) over the size limit: only
    the directory may be split into files (a case, its letters, workspace.yaml are one)."""
    return TOO_LARGE if label.startswith("recipients/") else TOO_LARGE_ONE_FILE


TOO_MANY_ALIASED = (
    f"YAML limit: aliases (*name) repeat more than {MAX_ALIAS_VALUES:,} values of their"
    " anchors (&name); write the values out, or use fewer aliases"
)
TOO_MUCH_ALIASED = (
    f"YAML limit: aliases (*name) repeat more than {MAX_ALIAS_CHARS:,} characters of their"
    " anchors (&name); write the values out, or use fewer aliases"
)
TOO_LONG_TEXT = (
    f"YAML limit: a text of more than {MAX_VALUE_CHARS:,} characters, more than a letter may"
    " hold; shorten it"
)
TOO_LONG_BASE60 = (
    f"YAML limit: more than {MAX_BASE60_PARTS} numbers joined by colons, which YAML 1.1 reads"
    " as one number in base 60; put the value in quotes"
)
MERGE_KEY = (
    "a YAML merge key (<<) is not allowed: it copies the keys of another mapping into this"
    " one unseen, and a key written beside it wins over the one copied without a word;"
    " write the keys out here"
)
TOO_DEEP = (
    f"YAML limit: lists and mappings nested more than {MAX_YAML_DEPTH} levels deep (no"
    " workspace file needs 10); check the brackets [ { and the indentation up to here"
)
# An unquoted value (after a key, a dash or a flow bracket) of more numbers joined by colons.
_LONG_BASE60 = re.compile(
    rf"(?:^|[:\-]\s|[\[{{,])\s*[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){{{MAX_BASE60_PARTS},}}",
    re.MULTILINE,
)


def long_base60(text: str) -> tuple[int, int] | None:
    """The line and column (from 1) of an unquoted base-60 number over the limit, if any."""
    found = _LONG_BASE60.search(text)
    if found is None:
        return None
    start = found.start() + len(found.group()) - len(found.group().lstrip(":-[{, \t"))
    line = text.count("\n", 0, start) + 1
    return line, start - text.rfind("\n", 0, start)


def self_alias(anchor: Any) -> str:
    """The message for an alias inside the value of its own anchor."""
    name = str(anchor) if re.fullmatch(r"[\w-]{1,40}", str(anchor)) else "name"
    return (
        f"the alias *{name} stands inside the value of its own anchor &{name}: a value"
        " cannot contain itself"
    )


# Two levels opened on one line ("- - x", "? - x"); and each line's marks that open levels
_TWO_MARKS = re.compile(r"[-?][ \t]+[-?](?=\s)")
_LEADING_MARKS = re.compile(r"^ *((?:[-?][ \t]+)+)", re.MULTILINE)


def surely_shallow(text: str) -> bool:
    """Whether ``text`` cannot nest lists and mappings past :data:`MAX_YAML_DEPTH`, seen
    without parsing it: a quarter of the limit each for indentation (a list may stand at
    its key's indentation, so it counts twice), levels opened at the start of one line
    (``- - - x``) and open brackets (quoted ones counted too) keeps it under the limit.

    libyaml's reader in some PyYAML releases (6.0) builds nested nodes by calling itself in
    C, and crashed the process on 100,000 brackets: a file not surely shallow is left to the
    reader that refuses it at its line. A few milliseconds for a 700-person directory."""
    quarter = MAX_YAML_DEPTH // 4
    if text.startswith(" " * quarter) or f"\n{' ' * quarter}" in text:
        return False
    if _TWO_MARKS.search(text) is not None:
        marks = (found.count("-") + found.count("?") for found in _LEADING_MARKS.findall(text))
        if max(marks, default=0) >= quarter:
            return False
    if text.count("[") + text.count("{") < quarter:
        return True
    depth = 0
    for bracket in re.sub(r"[^\[\]{}]+", "", text):
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        if depth >= quarter:
            return False
    return True


class YamlRefused(Exception):
    """Raised while parsing when a file holds a tag, too much through aliases or nesting too
    deep; carries the 1-based line and column and the message."""

    def __init__(self, line: int, column: int, message: str) -> None:
        self.line = line
        self.column = column
        self.message = message
        super().__init__(message)


# The tags named in a message: YAML's own types, Python's (which would run code), and the
# bare '!'. Any other is the file's own word, and a text that begins with '!' ("!Urgent: …")
# is read as a tag too, so naming it could print the first word of a private text.
_NAMED_TAG = re.compile(
    r"!|!!(?:str|int|float|bool|null|binary|timestamp|set|omap|pairs|map|seq|merge|value|yaml)"
    r"|!!python/[\w./:-]{0,60}"
)


def tag_message(tag: Any) -> str:
    """The message for a written ``tag``, naming it when YAML or Python defines it."""
    text = str(getattr(tag, "value", tag))  # a str; a Tag object in some ruamel releases
    short = text.replace("tag:yaml.org,2002:", "!!", 1)
    shown = f"the YAML tag {short}" if _NAMED_TAG.fullmatch(short) else "a YAML tag"
    return (
        f"{shown} is not allowed: tags such as !!python/object or !custom are not read here;"
        " delete it (and put the value in quotes if it is text)"
    )


class GuardedComposer(Composer):
    """ruamel's composer, counting what aliases repeat and how deep lists and mappings nest,
    and refusing tags, as it goes; it also refuses the valid YAML that drops words from a
    text (an anchor no alias repeats, a '#' run into a word after unquoted text).

    Each node's size (itself and everything under it, aliases expanded) is known when
    the node is complete, so an alias adds its anchor's size in constant time: a file
    of nested aliases is refused after reading about as many nodes as it has, never
    expanded.
    """

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader=loader)
        # id(node): values and characters of text in it, and how many lists and mappings
        # it holds one inside another (itself counted), aliases expanded
        self.sizes: dict[int, tuple[int, int, int]] = {}
        self.repeated = 0
        self.repeated_chars = 0
        self.nesting = 0  # lists and mappings open around the node being composed
        # anchors of texts no alias has repeated yet, and where each stands: one left at
        # the end is most often a text's first word, which YAML drops ("text: &Urgent …");
        # an anchor of a list or mapping drops nothing
        self.unrepeated: dict[Any, Any] = {}
        # where each alias written as a list item stands, by its list's start and its index:
        # ruamel gives such an item its anchor's place, and a message would name that line
        self.alias_items: dict[tuple[int, int, int], tuple[int, int]] = {}

    def compose_document(self) -> Any:
        node = super().compose_document()
        if self.unrepeated:
            mark = min(self.unrepeated.values(), key=lambda mark: mark.index)
            self.refuse_anchor(mark)
        return node

    def refuse_anchor(self, mark: Any) -> None:
        line = _line_at(self.loader.reader.buffer, mark)
        raise YamlRefused(mark.line + 1, mark.column + 1, anchor_unused(line, mark.column))

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        mark = event.start_mark
        if isinstance(event, AliasEvent):
            self.unrepeated.pop(event.anchor, None)
            if isinstance(parent, SequenceNode):
                start = parent.start_mark
                self.alias_items[start.line, start.column, index] = (mark.line, mark.column)
            node = super().compose_node(parent, index)
            size = self.sizes.get(id(node))
            if size is None:  # its anchor is still open: the alias is inside it
                raise YamlRefused(mark.line + 1, mark.column + 1, self_alias(event.anchor))
            self.repeated += size[0]
            self.repeated_chars += size[1]
            if self.repeated > MAX_ALIAS_VALUES:
                raise YamlRefused(mark.line + 1, mark.column + 1, TOO_MANY_ALIASED)
            if self.repeated_chars > MAX_ALIAS_CHARS:
                raise YamlRefused(mark.line + 1, mark.column + 1, TOO_MUCH_ALIASED)
            if self.nesting + size[2] > MAX_YAML_DEPTH:  # an anchor's lists, nested deeper here
                raise YamlRefused(mark.line + 1, mark.column + 1, TOO_DEEP)
            return node
        if getattr(event, "tag", None) is not None:
            raise YamlRefused(mark.line + 1, mark.column + 1, tag_message(event.tag))
        anchor = getattr(event, "anchor", None)
        if anchor is not None and isinstance(event, ScalarEvent):
            if anchor in self.unrepeated:  # named again before anything repeated it
                self.refuse_anchor(self.unrepeated[anchor])
            self.unrepeated[anchor] = mark
        collection = isinstance(event, CollectionStartEvent)
        if collection:
            if self.nesting >= MAX_YAML_DEPTH:
                raise YamlRefused(mark.line + 1, mark.column + 1, TOO_DEEP)
            self.nesting += 1
        node = super().compose_node(parent, index)
        if collection:
            self.nesting -= 1
        values, chars = 1, len(node.value) if node.id == "scalar" else 0
        if chars > MAX_VALUE_CHARS:
            raise YamlRefused(mark.line + 1, mark.column + 1, TOO_LONG_TEXT)
        self.refuse_comment_run_in(node)
        if collection:
            self.refuse_comment_below(node)
            self.refuse_key_mark(node)
            self.refuse_merge_key(node)
        depth = 0
        for child in _children(node):
            child_values, child_chars, child_depth = self.sizes.get(id(child), (1, 0, 0))
            values, chars = values + child_values, chars + child_chars
            depth = max(depth, child_depth)
        self.sizes[id(node)] = (values, chars, depth + collection)
        return node

    def refuse_comment_below(self, node: Any) -> None:
        """Refuse an unquoted text of ``node`` (a mapping or a list) with a line below it
        that begins with a '#' run into a word, indented as the text would go on: YAML
        reads that line as a comment, and drops it from the text."""
        if node.flow_style:
            return  # a comment inside brackets is not indented as a text's next line
        if node.id == "mapping":
            pairs = [(key.start_mark.column, value) for key, value in node.value]
        else:
            pairs = [(node.start_mark.column, item) for item in node.value]
        buffer = self.loader.reader.buffer
        for column, value in pairs:
            if value.id != "scalar" or value.style is not None or not _is_text(value):
                continue
            hash_at = comment_line_below(buffer, value.end_mark.index, column)
            if hash_at is not None:
                start = value.start_mark
                line = buffer.count("\n", 0, hash_at) + 1
                column = hash_at - buffer.rfind("\n", 0, hash_at)
                raise YamlRefused(
                    line, column, dropped_below(_line_at(buffer, start), start.column)
                )

    def refuse_key_mark(self, node: Any) -> None:
        """Refuse a key of the mapping ``node`` marked with '? ' ("- ? what"): no workspace
        file needs YAML's explicit keys, and a text begun with '? ' is read as one."""
        if node.id != "mapping":
            return
        buffer = self.loader.reader.buffer
        since = node.start_mark.index
        for key, value in node.value:
            at = key_mark(buffer, key.start_mark.index, since)
            since = value.end_mark.index
            if at is not None:  # on the key's line, or alone on a line above it
                line_start = buffer.rfind("\n", 0, at) + 1
                line = buffer[line_start : buffer.find("\n", at) % (len(buffer) + 1)]
                message = key_marked(line.lstrip("\ufeff").rstrip("\x00"), at - line_start)
                raise YamlRefused(buffer.count("\n", 0, at) + 1, at - line_start + 1, message)

    def refuse_merge_key(self, node: Any) -> None:
        """Refuse a merge key (``<<``, unquoted) of the mapping ``node``."""
        if node.id != "mapping":
            return
        for key, _ in node.value:
            if str(getattr(key.tag, "value", key.tag)) == "tag:yaml.org,2002:merge":
                mark = key.start_mark
                raise YamlRefused(mark.line + 1, mark.column + 1, MERGE_KEY)

    def refuse_comment_run_in(self, node: Any) -> None:
        """Refuse an unquoted text in ``node`` whose line goes on with a '#' run into a word,
        which YAML reads as a comment, dropping the rest of the line. A number, date or
        true/false is whole before its comment (private: true #note); where text belongs,
        the schema refuses it anyway."""
        if node.id == "scalar" and node.style is None and _is_text(node):
            buffer = self.loader.reader.buffer
            hash_at = comment_run_in(buffer, node.end_mark.index)
            if hash_at is not None:
                start = node.start_mark
                line = buffer.count("\n", 0, hash_at) + 1
                column = hash_at - buffer.rfind("\n", 0, hash_at)
                if line == 1 and buffer.startswith("\ufeff"):
                    column -= 1  # as in ruamel's marks, which count from after it
                message = dropped_after_hash(_line_at(buffer, start), start.column)
                raise YamlRefused(line, column, message)


def _is_text(node: Any) -> bool:
    return str(getattr(node.tag, "value", node.tag)) == "tag:yaml.org,2002:str"


def _line_at(buffer: str, mark: Any) -> str:
    """The line of ``buffer`` that ``mark`` stands on, without a byte order mark."""
    start = buffer.rfind("\n", 0, mark.index) + 1
    end = buffer.find("\n", mark.index)
    return buffer[start : end if end >= 0 else len(buffer)].lstrip("\ufeff").rstrip("\x00")


def _children(node: Any) -> list[Any]:
    if node.id == "mapping":
        return [part for pair in node.value for part in pair]
    if node.id == "sequence":
        return list(node.value)
    return []
