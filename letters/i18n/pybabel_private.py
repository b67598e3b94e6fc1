"""A template's message whose English is (or holds) a private text, stopped where pybabel
extracts it through ``letters_docx`` or ``letters_email`` (as ``letters i18n extract``
stops it), so no .pot gets it. pybabel hands over one file: its private texts are those of
the cases of the workspace it is in (found as ``letters`` finds it, from the file's folder
up); a file in no workspace, or in one that cannot be loaded, is not compared.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from letters.errors import LettersError, TemplateProblem

__all__ = ["private_refused"]

_Found = Iterator[tuple[int, str, Any, list[str]]]


def private_refused(fileobj: Any, label: str, found: _Found) -> _Found:
    """What ``found`` (the messages of the template ``fileobj``) yields, unless the English
    of one of them is a private text of the workspace: then a :class:`TemplateProblem`
    naming the private text's place, never the text, before anything is yielded."""
    from letters.load.private_index import PrivateIndex, sender_words
    from letters.render.private_literals import IN_QUOTES, TEMPLATE_FIX

    messages = list(found)
    ws = _workspace(fileobj)
    index = PrivateIndex(ws.cases.values(), sender_words(ws)) if ws is not None else None
    reader = "e-mail" if label.endswith(".txt") else "letter"
    for lineno, _func, message, _comments in messages if index else ():
        english = [message] if isinstance(message, str) else [m for m in message if m]
        hit = next(filter(None, (index.look(e) for e in english)), None) if index else None
        if hit is not None:
            at = f"{label}:{lineno}" if reader == "e-mail" else label
            raise TemplateProblem(
                f"{at}: {IN_QUOTES} {hit.verb} {hit.said}, so every {reader} made from"
                f" it would tell it; {hit.fix(TEMPLATE_FIX)}"
            )
    yield from messages


def _workspace(fileobj: Any) -> Any:
    """The workspace the file ``fileobj`` is in, loaded; None if none can be."""
    from letters.load.loader import find_root, load_workspace

    name = getattr(fileobj, "name", None)
    if not isinstance(name, str):
        return None
    try:
        ws, _problems = load_workspace(find_root(Path(name).absolute().parent))
    except (LettersError, OSError, ValueError):
        return None
    return ws
