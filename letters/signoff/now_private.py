"""What an answered version told of texts its case has marked private since.

A redline shows a signatory what a draft lost since the version they answered: a paragraph
made private would be shown to them again, struck through, in a packet and in the review
request that carries it by e-mail. :func:`without_private` cuts what the answered version
showed of each such text out of its paragraphs first, leaving :data:`CUT` in its place.

What the version showed of a text is found through the inputs kept with it (a case text's
English, and the translation the letter used: ``"<English> => <translation>"``), in its
paragraphs as rendered: typography changed only spaces, apostrophes and quotation marks
there, one character for one (:mod:`letters.render.typography`), so those are compared as
one kind each. An event's ``{date}`` was written in: the parts around it are cut.

Found by its words alone, a text is cut wherever they stand: a short one ("Kyiv") also in
public text would be cut there too, and the redline would set that cut against the same
words in the draft. Such words make no redline (:attr:`Unshown.ALSO_PUBLIC`).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable

__all__ = ["CUT", "Unshown", "without_private"]

CUT = "[…]"
"""What a redline shows where the answered version told a text now private: one word, as a
redline compares a changed paragraph word by word (the packet's list of changed inputs
names the text's field)."""

CASE_TEXT = "case text "
"""How a version's inputs name a case text (letters.render.approval.version_inputs)."""

# One character for each character typography may have put in its place.
_SAME = str.maketrans(
    {
        "\u00a0": " ",
        "\u202f": " ",
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)


def _told(inputs: dict[str, str], private: Iterable[str]) -> list[str]:
    """What the version with ``inputs`` showed of each of the ``private`` texts it used:
    its translation, or its English where it had none."""
    told = []
    for key, value in inputs.items():
        if not key.startswith(CASE_TEXT):
            continue
        for text in private:
            if value.startswith(f"{text} => "):
                told.append(value[len(text) + len(" => ") :] or text)
    return told


def _parts(text: str) -> list[str]:
    """The pieces of ``text`` a letter shows as written: around an event's ``{date}``,
    without the full stop or semicolon a list item may lose."""
    pieces = (piece.strip().rstrip(".;").strip() for piece in text.split("{date}"))
    return [piece.translate(_SAME) for piece in pieces if piece]


class Unshown(enum.Enum):
    """Why a version's paragraphs cannot be shown in a redline with its private texts cut."""

    NOT_FOUND = "not found"
    """A private text it told is not in its paragraphs as rendered (changed some other way)."""
    ALSO_PUBLIC = "also public"
    """A private text's words stand in public text too (another text the version told, or
    the current draft): cut there as well, the redline would pair the cut with those words
    in the draft, showing what was cut."""


def _public(inputs: dict[str, str], private: set[str], current: Iterable[str]) -> list[str]:
    """Texts, as compared, that the letter shows in public: the current draft's paragraphs,
    and the case texts that are not private the version told."""
    texts = [paragraph.translate(_SAME) for paragraph in current]
    for key, value in inputs.items():
        english, _, found = value.partition(" => ")
        if key.startswith(CASE_TEXT) and english not in private:
            texts += _parts(found or english)
    return texts


def without_private(
    paragraphs: Iterable[str],
    inputs: dict[str, str],
    private: Iterable[str],
    current: Iterable[str] = (),
) -> list[str] | Unshown:
    """``paragraphs`` of a version made from ``inputs``, with what they showed of each of
    the ``private`` texts replaced by :data:`CUT`; why not, when no redline may be made
    from them. ``current`` are the paragraphs of the draft the redline compares them with."""
    result = list(paragraphs)
    private = set(private)
    public = _public(inputs, private, current)
    for told in _told(inputs, private):
        for part in _parts(told):
            if any(part in text for text in public):
                return Unshown.ALSO_PUBLIC
            found = False
            for n, paragraph in enumerate(result):
                compared = paragraph.translate(_SAME)
                # each occurrence, from the last, so the places of the others stay
                starts = [m.start() for m in re.finditer(re.escape(part), compared)]
                for start in reversed(starts):
                    paragraph = paragraph[:start] + CUT + paragraph[start + len(part) :]
                found = found or bool(starts)
                result[n] = paragraph
            if not found:
                return Unshown.NOT_FOUND
    return result
