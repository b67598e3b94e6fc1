"""A template's e-mail text (``templates/<name>.email.txt``), read and compiled.

The text of the message that carries a letter: UTF-8 (a byte-order mark, as Notepad
writes one, is no text), any line ends. One that never says a review copy is a draft is
a warning (``no-draft-mark``): the subject says it in any case.
"""

from __future__ import annotations

import codecs
import functools
import re
from pathlib import Path

from letters.errors import NO_DRAFT_MARK, LettersError, Problem
from letters.files.size_limits import MAX_EMAIL_TEXT_BYTES, read_at_most, too_large
from letters.i18n.catalog import Key
from letters.load.characters import invisible_character
from letters.load.encoding import (
    LONE_CARRIAGE_RETURN,
    UNMARKED_UTF16,
    cannot_read,
    lone_carriage_return,
    not_utf8,
    unmarked_utf16,
)
from letters.render.environment import LetterEnvironment
from letters.render.template import CompiledText

__all__ = ["EmailText", "compile_email_text", "email_source", "email_text_of"]

_SAYS_DRAFT = re.compile(r"\{%-?\s*if\s+draft\b")


class EmailText(CompiledText):
    """An e-mail text compiled, which knows the line of each of its messages."""

    def place_of(self, key: Key) -> str:
        """``templates/<name>.email.txt:LINE``, where the message ``key`` is: a plain text
        has no paragraphs to quote, as a Word template's problems do, but lines."""
        return self._places.get(key, self.label)

    @functools.cached_property
    def _places(self) -> dict[Key, str]:
        from letters.i18n.extract import text_messages

        found: dict[Key, str] = {}
        for message in text_messages(self.source, self.label):
            msgid = message.id[0] if isinstance(message.id, tuple) else message.id
            found.setdefault((message.context, msgid), f"{self.label}:{message.location[1]}")
        return found


def email_source(path: Path, label: str) -> str:
    """The text of the e-mail text template at ``path``, its line ends made LF; a
    LettersError names the line of a text that is not UTF-8, or the size limit."""
    try:
        read = read_at_most(path, MAX_EMAIL_TEXT_BYTES)
    except OSError as exc:
        raise LettersError(f"{label}: {cannot_read(exc)}") from None
    return email_text_of(read, label)


def email_text_of(read: bytes | None, label: str) -> str:
    """The text of the e-mail text template ``label`` whose bytes are ``read`` (None: more
    than the size limit), as :func:`email_source` reads a file; pybabel's extractor
    (``letters_email``) is handed the file open. A LettersError names the line of a text
    not UTF-8, a carriage return alone, or an invisible character, as check names it."""
    if read is None:
        advice = "an e-mail is a few paragraphs: keep the letter's words in its template"
        why = too_large(MAX_EMAIL_TEXT_BYTES, "e-mail text size", advice)
        raise LettersError(f"{label}: {why}")
    data = read.removeprefix(codecs.BOM_UTF8)
    if unmarked_utf16(data):
        raise LettersError(f"{label}:1: {UNMARKED_UTF16}")
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, why = not_utf8(data, exc)
        raise LettersError(f"{label}:{line}: {why}") from None
    if (stray := lone_carriage_return(source)) is not None:
        raise LettersError(f"{label}:{stray}: {LONE_CARRIAGE_RETURN}")
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    # its own words go out under the signatories' names: nothing in them may hide a word,
    # nor reach a .pot for a translator to copy (extract and pybabel read it here too)
    for number, words in enumerate(source.split("\n"), start=1):
        found = invisible_character(words)
        if found is not None:
            raise LettersError(
                f"{label}:{number}: contains an invisible character ({found}) that can hide"
                " text or change its order; delete it and retype the text there"
            )
    return source


def compile_email_text(
    path: Path, label: str, env: LetterEnvironment
) -> tuple[EmailText, list[Problem]]:
    """The e-mail text at ``path`` (``label`` as the user knows it) compiled in ``env``,
    and its warnings; a LettersError names the line of a text that is not UTF-8."""
    source = email_source(path, label)
    compiled = EmailText(source, label, env)
    if _SAYS_DRAFT.search(source):
        return compiled, []
    warning = Problem(
        label,
        None,
        "",
        "never says that a review copy is a draft: add"
        ' {% if draft %}{{ _("DRAFT %(version)s — not for sending. ...",'
        " version=version) }}{% endif %} at its top (as in the text"
        " 'letters init' writes); the subject says it in any case",
        warning=True,
        code=NO_DRAFT_MARK,
    )
    return compiled, [warning]
