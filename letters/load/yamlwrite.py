"""Writing back YAML files a user keeps (the directory, workspace.yaml): comments, quotes,
indentation and line endings stay as the user wrote them. Reading is :mod:`letters.load.yamlio`."""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.tokens import CommentToken

__all__ = ["append_key", "dump_like", "round_trip"]


def round_trip() -> YAML:
    """A YAML reader/writer that keeps comments, quotes and our files' indentation."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def append_key(mapping: CommentedMap, key: str, value: Any) -> None:
    """Add ``key: value`` below the last key of a round-trip ``mapping``.

    ruamel keeps the comment lines that follow a mapping's last key with that key,
    though they are most often about the key after the mapping; they go below the
    new key, so they stay right above what they describe. A comment on the last
    key's own line stays on that line. A key already there only gets the new value.
    """
    if key in mapping:
        mapping[key] = value
        return
    last = next(reversed(mapping), None) if mapping else None
    mapping[key] = value
    entry = mapping.ca.items.get(last) if last is not None else None
    if not entry or len(entry) < 3 or entry[2] is None:
        return
    token = entry[2]
    own_line, newline, below = token.value.partition("\n")
    if not below:  # nothing on the lines below the last key
        return
    # a value starting with a line break is written from the start of the next line
    mapping.ca.items[key] = [None, None, CommentToken(newline + below, token.start_mark), None]
    if own_line:
        token.value = own_line + newline
    else:
        entry[2] = None


def dump_like(data: Any, original: str) -> str:
    """Dump ``data`` with the line endings of the ``original`` text (CRLF stays CRLF)."""
    buffer = io.StringIO()
    round_trip().dump(data, buffer)
    text = buffer.getvalue()
    if original.endswith("\n") and not text.endswith("\n"):
        text += "\n"  # a file that ended a line still does
    return text.replace("\n", "\r\n") if "\r\n" in original else text
