"""The field types of workspace files: texts, ids, language and country codes, e-mail
addresses, localised names, image paths — each with the check that refuses a bad value.

:mod:`letters.load.models` builds the files' models from them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from letters.load.addresses import (
    HIDDEN_CONTROL,
    NOT_ONE_ADDRESS,
    address_problem,
    sender_problem,
)
from letters.load.characters import bad_character, character_named, invisible_character

# --- text -----------------------------------------------------------------


def _text(allow_newline: bool) -> Any:
    def check(value: str) -> str:
        value = value.strip()
        found = bad_character(value, allow_newline)
        if found:
            raise PydanticCustomError(
                "control_character",
                "contains {character}; delete it and retype the text there",
                {"found": found, "character": character_named(found)},
            )
        found = invisible_character(value)
        if found:
            raise PydanticCustomError(
                "invisible_character",
                "contains an invisible character ({found}) that can hide text or change its"
                " order; delete it and retype the text there",
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

RESERVED_NAMES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10)]
)
"""Names Windows keeps for devices, in any case and with any extension (``con.en.docx``):
no file or folder can have them there."""


def reserved_name(name: str) -> bool:
    """True for a file name Windows refuses: a device name, alone or before a dot."""
    return name.split(".", 1)[0].strip().lower() in RESERVED_NAMES


def _check_id(value: str) -> str:
    _check_id_form(value, names=False)
    if reserved_name(value):
        # refused rather than renamed: a file name that differs from its id would surprise
        raise PydanticCustomError(
            "reserved_id",
            "'{id}' names a device on Windows (like CON, PRN, AUX, NUL, COM1 and LPT1), so no"
            " file or folder can have it there; choose another id, such as '{id}-1'",
            {"id": value},
        )
    return value


def _check_reference(value: str) -> str:
    # no id is a device name: one named here is unknown, and said so with the ids there are
    return _check_id_form(value, names=True)


def _check_id_form(value: str, names: bool) -> str:
    if not _ID.fullmatch(value):
        why = "as it is written where it is defined" if names else "it is used in file names"
        raise PydanticCustomError(
            "bad_id",
            "must be a short id of lowercase Latin letters, digits and hyphens, such as"
            " 'may-2020' ({why}){hint}",
            {"why": why, "hint": id_hint(value, names=names)},
        )
    return value


def id_written(value: str) -> str | None:
    """``value`` written as an id, where only its capitals or the way its words are joined
    are wrong (``Arman Seitkali``, ``may_2020``); None if that is not enough."""
    for written in (value.lower(), re.sub(r"[\s_]+", "-", value.strip().lower())):
        if _ID.fullmatch(written):
            return written
    return None


def id_hint(value: str, *, names: bool = False) -> str:
    """What to write instead of a bad id, or which character is wrong: a Cyrillic «а» looks
    just like a Latin "a".

    An id that ``names`` something defined elsewhere (a tag, a template) is never offered
    a respelling, which might name nothing: ``sadykov-2O24`` (a letter O for a zero) in lower
    case is no tag either. Its wrong character is named instead.
    """
    for suffix in (".docx", ".yaml", ".yml"):
        if value.endswith(suffix) and _ID.fullmatch(value.removesuffix(suffix)):
            return f"; write it without '{suffix}': '{value.removesuffix(suffix)}'"
    written = None if names else id_written(value)
    if written is not None:
        return f"; write it as '{written}'"
    wrong = next((c for c in value if not re.fullmatch(r"[a-z0-9-]", c)), None)
    if wrong is None or not wrong.isprintable() or wrong.isspace():
        return ""
    name = unicodedata.name(wrong, "")
    return f"; '{wrong}' (U+{ord(wrong):04X}{' ' + name if name else ''}) is not one of them"


Id = Annotated[str, AfterValidator(_check_id)]
"""The id of what is defined where it stands: a person, a letter, a case's paragraph, a
person's tag."""

OUT_FOLDERS = frozenset({"review"})
"""Folders of ``out/`` that hold something other than a letter's files: ``out/review/`` the
review packets and requests."""

REVIEW_FOLDERS = frozenset({"requests"})
"""Folders of ``out/review/`` that hold something other than a signatory's review packet:
``out/review/requests/`` the e-mails asking for reviews."""


def _not_reserved(reserved: frozenset[str], code: str, message: str) -> AfterValidator:
    """Refuse an id that is one of the ``reserved`` folder names beside the folder the id
    would name: that folder would hold two things at once, and one batch refuse the other."""

    def check(value: str) -> str:
        if value in reserved:
            raise PydanticCustomError(code, message, {"id": value})
        return value

    return AfterValidator(check)


LetterId = Annotated[
    str,
    AfterValidator(_check_id),
    _not_reserved(
        OUT_FOLDERS,
        "reserved_letter_id",
        "'{id}' is the folder review packets are written into (out/{id}/), and a letter's"
        " files go into out/<letter id>/; choose another id, such as '{id}-1'",
    ),
]
"""A letter's id: also the folder its files are written into, in ``out/``."""

PersonId = Annotated[
    str,
    AfterValidator(_check_id),
    _not_reserved(
        REVIEW_FOLDERS,
        "reserved_person_id",
        "'{id}' is the folder review requests are written into (out/review/{id}/), and"
        " a signatory's review packet goes into out/review/<person id>/; choose another"
        " id, such as the person's family name",
    ),
]
"""A person's id: also the folder their review packet is written into, in ``out/review/``."""

Ref = Annotated[str, AfterValidator(_check_reference)]
"""An id naming what is defined elsewhere: the people or tags a letter is for, a source cited,
a template, a case's asks a letter chooses."""

LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
"""What a language code is here: two or three lowercase letters (``uk``, ``ast``)."""


def _check_lang(value: str) -> str:
    if LANGUAGE_CODE.fullmatch(value.lower()) and not LANGUAGE_CODE.fullmatch(value):
        # a language code is no private value: the one meant can be named
        raise PydanticCustomError(
            "bad_language",
            "language codes are lower case: did you mean '{meant}'?",
            {"meant": value.lower()},
        )
    if not LANGUAGE_CODE.fullmatch(value):
        raise PydanticCustomError(
            "bad_language", "must be a language code of two or three lowercase letters, like 'uk'"
        )
    return value


Lang = Annotated[str, AfterValidator(_check_lang)]


# Written by the EU's institutions (its style guide) where ISO 3166 has another code: an NGO
# writing to MEPs meets them in the Parliament's own texts.
_EU_ABBREVIATIONS = {"UK": "GB", "EL": "GR"}


def not_a_country(code: str) -> bool:
    """Whether ``code``, two capital letters Unicode's data may name, is no country's: a
    group of them (EU, EZ, UN) or one of ISO 3166's user-assigned codes (AA, QM–QZ, XA–XZ,
    ZZ: "Unknown Region", "Outlying Oceania", test codes), which a letter would print as a
    country's name. Kosovo's XK, user-assigned too, is the code the EU itself gives it."""
    return (
        code in _GROUPS
        or code == "AA"
        or code == "ZZ"
        or (code[0] == "Q" and code[1] >= "M")
        or (code[0] == "X" and code != "XK")
    )


_GROUPS = frozenset({"EU", "EZ", "UN"})


def _country_hint(value: str) -> str:
    """The code meant by a bad country code: the same in capitals ("ua"), or the code of a
    country written out by its name in English, Ukrainian or Russian ("Georgia", «Грузія»);
    or what a code that is no country's stands for ("ZZ")."""
    from babel import Locale

    english = Locale("en").territories
    if re.fullmatch(r"[A-Z]{2}", value) and not_a_country(value):
        name = f" ({english[value]})" if value in english else ""
        return f"; '{value}'{name} is not a country's code"
    if value.upper() in english and not not_a_country(value.upper()):
        return f"; did you mean '{value.upper()}'?"
    meant = _EU_ABBREVIATIONS.get(value.upper())
    if meant:
        return (
            f"; '{value.upper()}' is the EU's abbreviation, not an ISO 3166 code: did you mean"
            f" '{meant}', the code of {english[meant]}?"
        )
    wanted = " ".join(value.split()).casefold()
    for language in ("en", "uk", "ru"):
        for code, name in Locale(language).territories.items():
            if len(code) == 2 and code.isalpha() and name.casefold() == wanted:
                return f"; did you mean '{code}', the code of {english[code]}?"
    return ""


def _check_country(value: str) -> str:
    from babel import Locale

    known = Locale("en").territories
    if not re.fullmatch(r"[A-Z]{2}", value) or value not in known or not_a_country(value):
        hint = _country_hint(value)
        raise PydanticCustomError(
            "bad_country",
            "must be an ISO 3166 country code of two capital letters, like 'UA'{hint}",
            {"hint": hint},
        )
    return value


Country = Annotated[str, AfterValidator(_check_country)]


def _check_email(value: str) -> str:
    problem = address_problem(value)
    if problem is not None:
        # a reason more precise than the shape (josé@…: not ASCII) says what to change
        detail = {NOT_ONE_ADDRESS: " (no lists, no names)", "empty": ""}.get(
            problem, f": it {problem}"
        )
        raise PydanticCustomError(
            "bad_email",
            "must be one e-mail address, like name@example.org{detail}",
            {"detail": detail},
        )
    return value


Email = Annotated[str, AfterValidator(_check_email)]
"""One plain e-mail address, by the rule e-mail drafts are written with."""


STARTER_SENDER = "Your name <your address>"
"""The sender ``letters init`` writes, commented out, for a new workspace to fill in."""


def _check_sender(value: str) -> str:
    # its words, not a spelling of an address: either half may be left after the other is typed
    if any(part in value.lower() for part in ("your name", "your address")):
        raise PydanticCustomError(
            "starter_sender",
            "still holds the placeholder 'letters init' wrote ({starter}): write in its place"
            " the name and address e-mails are sent from, such as"
            " 'Appeals Desk <appeals@example.org>'",
            {"starter": STARTER_SENDER},
        )
    why = sender_problem(value)
    if why == HIDDEN_CONTROL:
        raise PydanticCustomError(
            "bad_sender", "{why}; type the name as plain text", {"why": HIDDEN_CONTROL}
        )
    if why is not None:
        raise PydanticCustomError(
            "bad_sender",
            "must be one sender address, like 'Appeals Desk <appeals@example.org>' or"
            " 'appeals@example.org'",
        )
    return value


Sender = Annotated[str, _text(allow_newline=False), AfterValidator(_check_sender)]
"""The sender of e-mail drafts: ``Name <address>`` or an address, by the drafts' rule."""


def _check_authserv_id(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", value) or value.strip(".") != value:
        raise PydanticCustomError(
            "bad_authserv_id",
            "must be the name your mail server writes first in its Authentication-Results"
            " header, like 'mx.example.org' (one name: no spaces, no ';')",
        )
    return value


def _one_or_more(value: object) -> object:
    """One name as a list of one, checked here so that an error names the field itself."""
    if isinstance(value, str):
        return [_check_authserv_id(value)]
    if not isinstance(value, list):
        raise PydanticCustomError(
            "bad_authserv_id", "must be a name like 'mx.example.org', or a list of such names"
        )
    return value


AuthservIds = Annotated[
    list[Annotated[str, AfterValidator(_check_authserv_id)]],
    BeforeValidator(_one_or_more),
    Field(min_length=1),
]
"""The servers whose Authentication-Results a reply's authentication is read from: a name
(their authserv-id, RFC 8601) or a list of names."""

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


T = TypeVar("T")


def in_order(model: T, start: dt.date | None, end: dt.date | None) -> T:
    """``model`` (a title with its dates) if its ``end`` is not before its ``start``; dates
    typed the wrong way round would make a title never held, and every letter say so."""
    if start is not None and end is not None and end < start:
        raise PydanticCustomError(
            "role_dates_swapped",
            "'to' ({end}) is before 'from' ({start}): the title would never be held; were the"
            " dates swapped?",
            {"start": start.isoformat(), "end": end.isoformat()},
        )
    return model
