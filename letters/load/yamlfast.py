"""The fast reader: plain, valid YAML read with libyaml, values and lines as the careful one.

ruamel (:mod:`letters.load.yamlio`) reads a 700-person directory in seconds; libyaml in a
fraction of one. Anything but plain YAML — an error, a duplicate key, an anchor or alias, a
tag, a value past a limit, a text YAML reads otherwise than libyaml — is left to ruamel,
which explains every error with its line; a test holds both to the same result.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.nodes import ScalarNode

from letters.load.yamlhints import (
    CONTROL,
    comment_line_below,
    comment_run_in,
    escaped_control,
    key_mark,
)
from letters.load.yamlkinds import number_kind, value_kind
from letters.load.yamllimits import MAX_YAML_DEPTH, surely_shallow
from letters.render.limits import MAX_VALUE_CHARS

if TYPE_CHECKING:
    from letters.load.yamlio import Document, Loc

__all__ = ["load_fast"]


class _Unusual(Exception):
    """Something the fast reader leaves to the careful one (which also explains errors)."""


def load_fast(text: str, doc: Document) -> bool:
    """Read plain, valid YAML with libyaml: a 700-person directory in a fraction of a second.

    Anything else — invalid YAML, duplicate keys, anchors and aliases, explicit tags —
    returns False and goes to ruamel, which reads the same YAML 1.1 values and explains
    every error with its line. A value it cannot build (an impossible date) returns False
    too, its nodes kept in ``doc.unbuilt_nodes``: the reader looks for such values in them
    rather than parse the file again. A test holds both readers to the same result on
    every YAML file of the project.
    """
    loader_class = getattr(yaml, "CSafeLoader", None)
    if loader_class is None or not surely_shallow(text):
        return False
    text = text.removeprefix("\ufeff")  # libyaml skips it: its marks count from after it
    loader = loader_class(text)
    node = None
    try:
        node = loader.get_single_node()
        if node is None:
            doc.data, doc.kinds[()] = None, "null"
        else:
            doc.data = _fast_plain(loader, node, (), doc, (text, set()))
    except (ValueError, OverflowError):  # a value it cannot build: an impossible date?
        doc.unbuilt_nodes = node  # looked for in these nodes, the file not parsed again
        return False
    except (_Unusual, yaml.YAMLError, TypeError, RecursionError):
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
    kind = doc.kinds[loc] = value_kind(value)
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
    """ruamel's YAML 1.1 resolver, as the careful reader has it: what it makes of a plain
    value that libyaml read as text ("1 Example Street", "2017-03" stay text; "1e3" is a
    number to ruamel)."""
    reader = YAML(typ="rt")
    reader.version = (1, 1)
    return reader.resolver
