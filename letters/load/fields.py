"""The field types of workspace files: texts, ids, language and country codes, e-mail
addresses, localised names, image paths — each with the check that refuses a bad value.

:mod:`letters.load.models` builds the files' models from them.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from letters.load.addresses import address_problem, sender_problem

# --- text -----------------------------------------------------------------

_NONCHARACTERS = {0xFFFE, 0xFFFF}
# The same set as the loop below: Unicode's Cc and Cs categories and the two noncharacters.
_BAD = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BAD_WITH_NEWLINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def bad_character(text: str, allow_newline: bool) -> str | None:
    """Describe the first character that may not stand in a letter, or return None.

    Control characters and characters XML 1.0 forbids would be dropped or
    would corrupt the document; we refuse them instead. Only the code point
    and position are reported, never the surrounding text.
    """
    if not (_BAD_WITH_NEWLINE if not allow_newline else _BAD).search(text):
        return None  # the common case, found without a loop in Python
    for position, char in enumerate(text, start=1):
        code = ord(char)
        if char == "\n" and allow_newline:
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or code in _NONCHARACTERS:
            return f"U+{code:04X} at character {position}"
    return None


def _text(allow_newline: bool) -> Any:
    def check(value: str) -> str:
        value = value.strip()
        found = bad_character(value, allow_newline)
        if found:
            raise PydanticCustomError(
                "control_character",
                "contains a control character ({found}); delete it and retype the text there",
                {"found": found},
            )
        if not value:
            raise PydanticCustomError("empty_text", "must not be empty")
        return value

    return AfterValidator(check)


Text = Annotated[str, _text(allow_newline=True)]
"""A paragraph of text: no control characters but line breaks, not empty."""

Line = Annotated[str, _text(allow_newline=False)]
"""One line of text, such as a name or a title."""

_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")


def _check_id(value: str) -> str:
    if not _ID.fullmatch(value):
        raise PydanticCustomError(
            "bad_id",
            "must be a short id of lowercase Latin letters, digits and hyphens, such as"
            " 'may-2020' (it is used in file names)",
        )
    return value


Id = Annotated[str, AfterValidator(_check_id)]

_LANG = re.compile(r"[a-z]{2,3}")


def _check_lang(value: str) -> str:
    if not _LANG.fullmatch(value):
        raise PydanticCustomError(
            "bad_language", "must be a language code of two or three lowercase letters, like 'uk'"
        )
    return value


Lang = Annotated[str, AfterValidator(_check_lang)]


def _check_country(value: str) -> str:
    from babel import Locale

    if not re.fullmatch(r"[A-Z]{2}", value) or value not in Locale("en").territories:
        raise PydanticCustomError(
            "bad_country", "must be an ISO 3166 country code of two capital letters, like 'UA'"
        )
    return value


Country = Annotated[str, AfterValidator(_check_country)]


def _check_email(value: str) -> str:
    if address_problem(value) is not None:
        raise PydanticCustomError(
            "bad_email", "must be one e-mail address, like name@example.org (no lists, no names)"
        )
    return value


Email = Annotated[str, AfterValidator(_check_email)]
"""One plain e-mail address, by the rule e-mail drafts are written with."""


def _check_sender(value: str) -> str:
    if sender_problem(value) is not None:
        raise PydanticCustomError(
            "bad_sender",
            "must be one sender address, like 'Appeals desk <appeals@example.org>' or"
            " 'appeals@example.org'",
        )
    return value


Sender = Annotated[str, _text(allow_newline=False), AfterValidator(_check_sender)]
"""The sender of e-mail drafts: ``Name <address>`` or an address, by the drafts' rule."""

Localized = Annotated[dict[Lang, Line], Field(min_length=1)]
"""A name or title written out in each language: ``{en: ..., uk: ..., ru: ...}``."""

OptionalForms = dict[Lang, Line]
"""Forms given for some languages only (a title's dative, a salutation)."""


def _check_image_path(value: str) -> str:
    parts = value.split("/")
    if "\\" in value or value.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise PydanticCustomError(
            "bad_image_path",
            "must be the path of an image file from the workspace folder, with forward"
            " slashes and no '..', like recipients/signatures/bilcik.png",
        )
    return value


ImagePath = Annotated[str, _text(allow_newline=False), AfterValidator(_check_image_path)]
"""An image file (PNG or JPEG), relative to the workspace; the loader reads and checks it."""
