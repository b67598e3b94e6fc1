"""What changed in a letter since the version a signatory answered on, said to the signatory.

The review packet's ``….changes.txt`` lists the changed inputs for the staff, by their keys
("changed: translation of case text cases/akhmetova/case.yaml timeline[5].text"), which
a signatory cannot read; a review request says the same in the request's language, naming
the part of the letter, the fact or the translation, and the person by name. It never
quotes a text: the redline shows the words, and a case's text may be private.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Literal

from letters.i18n.text_uses import LETTER_TEXT_USES
from letters.load.loader import WorkspaceData
from letters.render.approval import comparable_input, recorded_fields
from letters.signoff.request_words import shipped_words

__all__ = ["Change", "change_in_words", "change_words", "translation_only", "what_changed"]

How = Literal["added", "removed", "changed", "translated"]


@dataclass(frozen=True)
class Change:
    """One input of a letter added, removed or changed (``translated``: only its
    translation), by the part it is: ``part`` a key of :func:`change_words`'s parts,
    ``person`` the directory id of the signatory or recipient it is about."""

    how: How
    part: str
    person: str = ""


# the case texts a letter shows, by the field they come from (letters.yaml's own as well)
_CASE_PARTS = {
    *("summary", "background", "timeline", "risks", "instruments", "asks", "sources"),
    *("person", "subject", "framing"),
}
_FIELD = re.compile(r"(?:letters\[\d+\]\.)?([a-z_]+)")


def what_changed(old: dict[str, str], new: dict[str, str]) -> list[Change]:
    """The changes from the inputs of one version (``old``) to another's, each said once,
    in the order of their keys."""
    found: list[Change] = []
    for key in sorted(set(old) | set(new)):
        if key not in old:
            how: How = "added"
        elif key not in new:
            how = "removed"
        elif comparable_input(key, old[key]) == comparable_input(key, new[key]):
            continue
        elif key.startswith("letter ") and _settings(old[key]) == _settings(new[key]):
            continue  # only its texts changed, each said as the part of the letter it is
        else:
            how = "translated" if translation_only(key, old[key], new[key]) else "changed"
        change = _change(key, how)
        if change not in found:
            found.append(change)
    return found


def _settings(recorded: str) -> object:
    """A letter's recorded definition without its texts (its heading, summary, framing),
    which are compared as case texts."""
    found = recorded_fields(recorded)
    if found is None:
        return recorded  # not a record this tool wrote: compared as it stands
    return {name: value for name, value in found.items() if name not in LETTER_TEXT_USES}


def translation_only(key: str, old: str, new: str) -> bool:
    """True when an input changed only in its translation: a case text's English (what its
    value holds before ' => ') or a template text's (its key) is the same."""
    if key.startswith("template text"):
        return True
    if key.startswith("case text "):
        return old.split(" => ", 1)[0] == new.split(" => ", 1)[0]
    return False


def _change(key: str, how: How) -> Change:
    kind, _, rest = key.partition(" ")
    if key.startswith("template text"):
        return Change(how, "template-text")
    if key.startswith("case text "):
        where = rest.removeprefix("text ").rpartition(" ")[2]  # after the file's name
        field = _FIELD.match(where)
        part = field.group(1) if field else ""
        return Change(how, part if part in _CASE_PARTS else "case-text")
    if kind in ("signatory", "recipient"):
        return Change(how, kind, rest)
    if kind == "letter":
        return Change(how, "letter")
    if key == "case facts":
        return Change(how, "facts")
    return Change(how, "template")  # the template file: its layout, pictures, fixed text


def change_in_words(
    change: Change, lang: str, ws: WorkspaceData, words: Mapping[str, str] | None = None
) -> str:
    """``change`` in ``words`` (by key, as :func:`change_words` holds them), which are in
    ``lang`` (default: letters' own in ``lang``, a key of :func:`change_words`)."""
    words = change_words()[lang] if words is None else words
    part = words[change.part]
    if change.person:
        entry = ws.people.get(change.person)
        names = entry.person.name if entry else {}
        # one no longer in the directory is named as the staff knew them
        name = names.get(lang) or names.get("en") or next(iter(names.values()), change.person)
        part = part.format(name=name)
    return words[change.how].format(part=part)


@cache
def change_words() -> dict[str, dict[str, str]]:
    """Letters' own words saying what changed, in English and the languages it ships, by
    language (read on first use); a request's are its signatory's
    (:mod:`letters.signoff.request_words`)."""
    return {lang: words.changes for lang, words in shipped_words().items()}
