"""A private text of a case copied where a letter shows it: typed again as a public text of
case.yaml, as a text of one of the case's letters in letters.yaml, or inside a longer public
text. Each is an error naming the public text's place and the private one's, never the value.

Two texts are compared as a reader reads them: Unicode compatibility forms folded (a
no-break space is a space), case ignored, every run of white space one space, invisible
format characters (a soft hyphen) dropped. A private text is looked for inside a longer one
only when it means something on its own: at least two words or at least
:data:`MIN_FOUND_CHARS` characters, and only as whole words, so a private first name or
town ("Anna", "Almaty") does not flag every text that mentions one, while an address or a
full name does. A private text typed again whole is refused whatever its length.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from letters.errors import Problem
from letters.files.size_limits import read_stream_at_most
from letters.load.case_texts import UNSHOWN_FIELDS, CaseText, case_texts
from letters.load.models import CONFIG, Case, LettersFile
from letters.load.yamlio import Document, Loc, YamlProblem, format_loc, load
from letters.load.yamllimits import MAX_YAML_BYTES

if TYPE_CHECKING:
    from letters.load.loader import CaseEntry, LetterEntry, WorkspaceData

MIN_FOUND_CHARS = 8
"""A one-word private text shorter than this is not looked for inside longer texts."""

NOT_LOOKED_FOR = frozenset({"timeline[].authority"})
"""Private texts not looked for inside longer ones: who acted in a private event (a court)
is private only as part of its event, whose own text is compared, and public events name it."""

_EDGES = " .,;:!?"  # a sentence's punctuation around a private text is not part of it


def comparable(text: str) -> str:
    """``text`` as it is compared with a private one (see the module's docstring)."""
    folded = unicodedata.normalize("NFKC", text)
    folded = "".join(c for c in folded if unicodedata.category(c) != "Cf")
    return re.sub(r"\s+", " ", folded).strip().casefold()


def means_something(text: str) -> bool:
    """Whether a private ``text`` (comparable) is specific enough to look for inside
    longer texts: two words or more, or one of :data:`MIN_FOUND_CHARS` characters or more."""
    core = text.strip(_EDGES)
    return len(core.split()) >= 2 or len(core) >= MIN_FOUND_CHARS


@dataclass(frozen=True)
class _Private:
    """A private text of the case, comparable, and where it stands."""

    text: CaseText
    same: str  # comparable
    found: re.Pattern[str] | None  # as whole words inside a longer text; None: too short


def _privates(texts: Iterable[CaseText]) -> list[_Private]:
    out: dict[str, _Private] = {}
    for text in texts:
        if not text.private:
            continue
        same = comparable(text.text)
        core = same.strip(_EDGES)
        found = (
            re.compile(rf"(?<!\w){re.escape(core)}(?!\w)")
            if core and means_something(same) and text.field not in NOT_LOOKED_FOR
            else None
        )
        out.setdefault(same, _Private(text, same, found))
    return list(out.values())


def private_copies(
    case: CaseEntry, letters: Iterable[LetterEntry], told: set[str]
) -> Iterator[Problem]:
    """Each public text of ``case`` a letter may show, and each text of its ``letters``,
    that is a private text of the case or holds one (``told``: the places of aliases of
    private values already refused, not told again)."""
    texts = list(case_texts(case.case))
    privates = _privates(texts)
    if not privates:
        return
    for text in texts:
        if text.private or text.field in UNSHOWN_FIELDS:
            continue  # no letter shows who acted in an event, nor where she lives
        if {format_loc(text.loc), format_loc((*text.loc, "text"))} & told:
            continue
        yield from _copied(case, text.text, text.loc, privates, case.doc, "case")
    for letter in letters:
        for shown, loc in letter_shown_texts(letter):
            yield from _copied(case, shown, loc, privates, letter.doc, "letter")


def letter_shown_texts(letter: LetterEntry) -> Iterator[tuple[str, Loc]]:
    """Every text of a letter's definition that its letter shows, with where it stands in
    letters.yaml: its subject, summary, framing, place and neutral salutation."""
    d = letter.definition
    at: Loc = ("letters", letter.index)
    for field, text in (("subject", d.subject), ("summary", d.summary), ("framing", d.framing)):
        if text is not None:
            yield text, (*at, field)
    for lang, place in d.place.items():
        yield place, (*at, "place", lang)
    for lang, salutation in d.neutral_salutation.items():
        yield salutation, (*at, "neutral_salutation", lang)


_FIXES = {
    # where the public text is: who would read it, and the fix when it is the private text
    # and when it holds it
    "case": (
        "a letter",
        "make this one private too, or delete it",
        "take it out of this text, or make this one private too",
    ),
    "letter": ("the letter", "write here what the letter may tell", "take it out of this text"),
    "workspace": ("every letter", "write here what letters may tell", "take it out of this text"),
}


def _copied(
    case: CaseEntry,
    text: str,
    loc: Loc,
    privates: list[_Private],
    doc: Document,
    kind: Literal["case", "letter", "workspace"],
) -> Iterator[Problem]:
    """The problem of a public ``text`` at ``loc`` of ``doc`` (case.yaml, a letters.yaml or
    workspace.yaml: ``kind``) that is a private text of ``case`` or holds one: the first it
    is, else the first it holds."""
    same = comparable(text)
    first = next((p for p in privates if p.same == same), None)
    holds = first is None
    if first is None:
        first = next((p for p in privates if p.found and p.found.search(same)), None)
    if first is None:
        return
    line = case.doc.line_of(first.text.loc)
    private = f"the private {'text' if holds else 'one'} on line {line}"
    if kind != "case":
        private += f" of {case.label}"
    private += f" ({format_loc(first.text.loc)})"
    said = f"holds {private}" if holds else f"the same text as {private}"
    reader, fix_same, fix_holds = _FIXES[kind]
    fix = fix_holds if holds else fix_same
    yield Problem(
        doc.label, doc.line_of(loc), format_loc(loc), f"{said}, so {reader} would tell it; {fix}"
    )


def workspace_copies(ws: WorkspaceData) -> Iterator[Problem]:
    """Each text of workspace.yaml every letter shows (its name, the letterhead's name and
    address lines, the neutral salutations) that is a private text of a case or holds one."""
    config = ws.config
    shown: list[tuple[str, Loc]] = [(config.name, ("name",))] if config.name else []
    if config.letterhead is not None:
        shown += [
            (name, ("letterhead", "name", lang)) for lang, name in config.letterhead.name.items()
        ]
        shown += [
            (line, ("letterhead", "address", lang, i))
            for lang, lines in config.letterhead.address.items()
            for i, line in enumerate(lines)
        ]
    shown += [
        (text, ("neutral_salutation", lang)) for lang, text in config.neutral_salutation.items()
    ]
    doc: Document | None = None
    for case in ws.cases.values():
        privates = _privates(case_texts(case.case))
        if not privates:
            continue
        doc = doc or load(ws.root / CONFIG, CONFIG)  # its lines are looked up only when needed
        for text, loc in shown:
            yield from _copied(case, text, loc, privates, doc, "workspace")


def copies_in_one_file(
    path: Path, label: str, doc: Document, model: Case | LettersFile
) -> list[Problem]:
    """The problems :func:`private_copies` finds in one case.yaml or letters.yaml read on its
    own (as pybabel hands it over): a letters.yaml is compared with the case.yaml beside it
    (in ``path``'s folder) when that one is there and valid; a case.yaml refused is refused
    by its own extraction."""
    from letters.load.loader import CaseEntry, LetterEntry
    from letters.load.validation import validate
    from letters.load.yamlio import load_bytes

    if isinstance(model, Case):
        return list(private_copies(CaseEntry("", model, label, doc), [], set()))
    case_label = (Path(label).parent / "case.yaml").as_posix()
    try:
        with (path.parent / "case.yaml").open("rb") as stream:
            data = read_stream_at_most(stream, MAX_YAML_BYTES)
        if data is None:
            return []
        case_doc = load_bytes(data, case_label)
    except (OSError, YamlProblem):
        return []
    case, problems = validate(Case, case_doc)
    if case is None or problems:
        return []
    entry = CaseEntry("", case, case_label, case_doc)
    letters = [LetterEntry(d, "", label, doc, i) for i, d in enumerate(model.letters)]
    return list(private_copies(entry, letters, set()))
