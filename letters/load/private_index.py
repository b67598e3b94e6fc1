"""The private texts of a workspace's cases, in every language they are known in, ready to
compare with a text from elsewhere (a translation, the sender's name, a template's words).

A private text is known in English as its case writes it, and in each language where a
catalog (or the file that keeps the translations of texts made private) translates it.
Texts are compared as :func:`letters.load.private_copies.comparable` makes them, whole,
and a distinctive private text also inside a longer one (:mod:`letters.load.private_inside`);
each is found as what a message may say of it, its place, never its words. What the sender
says of itself in every letter (its letterhead's name and address, a letter's place) is
never found, nor a private text inside it: a case may keep private a city or a name that is
also the sender's own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from letters.load.case_texts import case_texts
from letters.load.private_copies import WHOLE_ONLY_FIELDS, comparable
from letters.load.private_inside import Found, InsideIndex, distinctive, occurs
from letters.load.yamlio import format_loc

if TYPE_CHECKING:
    from letters.load.loader import CaseEntry, WorkspaceData


def sender_words(ws: WorkspaceData) -> set[str]:
    """What the sender says of itself in the letters (the letterhead's name and address
    lines, each letter's place), as :func:`comparable` makes it: workspace.yaml and a
    letter's place are not compared with a case's private texts, so neither is the same
    text said again in a template, a catalog or the e-mails' sender."""
    said: list[str] = []
    letterhead = ws.config.letterhead
    if letterhead is not None:
        said += letterhead.name.values()
        said += [line for lines in letterhead.address.values() for line in lines]
    said += [place for entry in ws.letters.values() for place in entry.definition.place.values()]
    return {comparable(text) for text in said}


class PrivateIndex:
    """Every case's private texts by their comparable form, each with what a message says
    of it (``the private one on line 18 of cases/akhmetova/case.yaml (person.address)``)."""

    def __init__(self, cases: Iterable[CaseEntry], sender: Iterable[str] = ()) -> None:
        self._sender = set(sender)  # the comparable forms of the sender's own words
        self._cases: dict[str, dict[str, str]] = {}  # case id -> comparable -> said
        self._english: dict[str, dict[str, str]] = {}  # case id -> English text -> said
        self._any: dict[str, str] = {}  # every case's, the first of each
        self._inside: dict[str, InsideIndex[str]] = {}  # case id -> the distinctive ones
        self._inside_any: InsideIndex[str] = InsideIndex()
        self._whole_only: set[str] = set()  # English texts found whole only
        for entry in cases:
            for text in case_texts(entry.case):
                if not text.private:
                    continue
                line = entry.doc.line_of(text.loc)
                said = f"the private one on line {line} of {entry.label} ({format_loc(text.loc)})"
                self._english.setdefault(entry.id, {}).setdefault(text.text, said)
                whole_only = text.field in WHOLE_ONLY_FIELDS
                if whole_only:
                    self._whole_only.add(text.text)
                self._add(entry.id, comparable(text.text), said, inside=not whole_only)

    def _add(self, case_id: str, folded: str, said: str, *, inside: bool) -> None:
        if not folded or folded in self._sender:
            return
        self._cases.setdefault(case_id, {}).setdefault(folded, said)
        self._any.setdefault(folded, said)
        if inside and distinctive(folded) and not any(occurs(folded, s) for s in self._sender):
            self._inside.setdefault(case_id, InsideIndex[str]()).add(folded, said)
            self._inside_any.add(folded, said)

    def __bool__(self) -> bool:
        return bool(self._any)

    def is_private(self, case_id: str, english: str) -> bool:
        """Whether ``english`` is a private text of the case ``case_id``."""
        return english in self._english.get(case_id, {})

    def add_translation(self, case_id: str, english: str, translation: str, lang: str) -> None:
        """Know ``translation`` (into ``lang``) of the case's private text ``english``; a text
        not private in that case is not added."""
        said = self._english.get(case_id, {}).get(english)
        if said is not None and comparable(english) not in self._sender:  # the sender's too
            inside = english not in self._whole_only
            said = f"the {lang} translation of {said}"
            self._add(case_id, comparable(translation), said, inside=inside)

    def find(self, text: str, case_id: str | None = None) -> str | None:
        """What a message says of the private text ``text`` is the same as (of the case
        ``case_id``, or of any case), or None when it is no private text."""
        found = self._any if case_id is None else self._cases.get(case_id, {})
        return found.get(comparable(text)) if found else None

    def look(self, text: str, case_id: str | None = None) -> Found | None:
        """The private text (of the case ``case_id``, or of any case) ``text`` is, or else
        the first distinctive one it holds among other words; None when it holds none."""
        said = self.find(text, case_id)
        if said is not None:
            return Found(said, whole=True)
        inside = self._inside_any if case_id is None else self._inside.get(case_id)
        said = inside.find(comparable(text)) if inside else None
        return None if said is None else Found(said, whole=False)
