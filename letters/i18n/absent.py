"""The one problem of a catalog that is not where letters reads it."""

from __future__ import annotations

from letters.errors import UNTRANSLATED, Problem


def absent_catalog(
    label: str, messages: int | None, warning: bool, misplaced: str | None = None
) -> Problem:
    """The one problem of a catalog not made yet (not one for each of its messages), or
    saved at ``misplaced``, where it is never read."""
    held = {None: "its messages have", 1: "its 1 message has"}.get(messages)
    said = f"so {held or f'its {messages} messages have'} no translation"
    if misplaced is not None:
        message = f"the catalog is not here, {said}: move {misplaced} to {label}"
    else:
        message = f"the catalog does not exist yet, {said}: 'letters i18n update' makes it"
    return Problem(label, None, "", message, warning=warning, code=UNTRANSLATED)
