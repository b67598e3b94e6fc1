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

# --- text -----------------------------------------------------------------

NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
)
"""Unicode's 66 noncharacters, as a regular expression's character set without brackets:
U+FDD0–U+FDEF and the last two code points of every plane. Unicode keeps them from ever
meaning a character (a program's own markers), so no reader shows them alike; every check
of a text refuses all of them, not only U+FFFE and U+FFFF."""
# The same set as the loop below: Unicode's Cc and Cs categories and the noncharacters.
_BAD = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff{NONCHARACTERS}]")
_BAD_WITH_NEWLINE = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{NONCHARACTERS}]")
# A search tries a set's characters beyond U+FFFF one by one at every character of a text
# (16 times slower on a page of Ukrainian for these two): a text with none of them is
# searched for the rest of the set alone.
_BEYOND = "[\U00010000-\U0010ffff]"
_BEYOND_BMP = re.compile(_BEYOND)


def _in_bmp(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern``, a set of characters, short of those beyond U+FFFF."""
    return re.compile(re.sub(f"{_BEYOND}(?:-{_BEYOND})?", "", pattern.pattern))


_BMP_BAD, _BMP_BAD_WITH_NEWLINE = _in_bmp(_BAD), _in_bmp(_BAD_WITH_NEWLINE)


def is_noncharacter(code: int) -> bool:
    """Whether the code point ``code`` is one of :data:`NONCHARACTERS`."""
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def bad_character(text: str, allow_newline: bool) -> str | None:
    """Describe the first character that may not stand in a letter, or return None.

    Control characters and characters XML 1.0 forbids would be dropped or
    would corrupt the document; we refuse them instead. Only the code point
    and position are reported, never the surrounding text.
    """
    if _BEYOND_BMP.search(text):
        found = (_BAD if allow_newline else _BAD_WITH_NEWLINE).search(text)
    else:
        found = (_BMP_BAD if allow_newline else _BMP_BAD_WITH_NEWLINE).search(text)
    if found is None:
        return None  # the common case, found without a loop in Python
    for position, char in enumerate(text, start=1):
        code = ord(char)
        if char == "\n" and allow_newline:
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or is_noncharacter(code):
            return f"U+{code:04X} at character {position}"
    return None


def character_named(found: str) -> str:
    """``found``, a refused character as :func:`bad_character` describes it (``U+0007 at
    character 5``, or its code point alone), with what the character is: a control
    character; an unpaired surrogate, half of the pair UTF-16 writes a character beyond
    U+FFFF with, which alone is no character; or a noncharacter, which Unicode keeps
    from ever meaning one."""
    code = int(found.removeprefix("U+").split(" ")[0], 16)
    if 0xD800 <= code <= 0xDFFF:
        return f"an unpaired surrogate ({found})"
    if is_noncharacter(code):
        return f"a noncharacter ({found})"
    return f"a control character ({found})"


JOINERS = "\u200c\u200d"
"""Zero-width non-joiner and joiner: invisible, but part of spelling words in Persian, the
Indic scripts and emoji sequences, so allowed in texts."""

# Blank letters and marks outside category Cf that show nothing either: the combining
# grapheme joiner, the Hangul fillers, the Khmer inherent vowels, variation selectors (an
# emoji's or an ideograph's, and Mongolian ones): each makes two names that look the same
# differ, or hides text between two words.
_BLANK_CHARS = (
    "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u3164\ufe00-\ufe0f\uffa0"
    "\U000e0100-\U000e01ef"
)
_BLANK = re.compile(f"[{_BLANK_CHARS}]")
# The common case: no format character, separator or blank at all, found without a loop.
_MAYBE_INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001-\U000e007f"
    f"{_BLANK_CHARS}]"
)
_BMP_MAYBE_INVISIBLE = _in_bmp(_MAYBE_INVISIBLE)


def invisible_character(text: str, allow_line_separators: bool = False) -> str | None:
    """Describe the first invisible character that may not stand in a letter, or return None.

    Bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) can
    show text in another order than it is stored, so a signatory would read one name and
    sign another; zero-width and other format characters (U+200B, U+2060, U+FEFF, …,
    Unicode's category Cf) hide text or make two names look the same; the Unicode line
    and paragraph separators (U+2028, U+2029) break a line where no line break is seen.
    Blank characters of other categories (:data:`_BLANK`: U+034F, U+3164, variation
    selectors…) hide text as well. Refused everywhere a name or text is read, except the
    soft hyphen (U+00AD, a hint where a word may break) and :data:`JOINERS`.

    With ``allow_line_separators``, U+2028 and U+2029 pass: where a text is kept as lines
    (a comment in the sign-off ledger, a reply's own words), they are line breaks shown as
    such, hiding nothing.
    """
    if not (_MAYBE_INVISIBLE if _BEYOND_BMP.search(text) else _BMP_MAYBE_INVISIBLE).search(text):
        return None
    for position, char in enumerate(text, start=1):
        if char in JOINERS or char == "\u00ad":
            continue
        if allow_line_separators and char in "\u2028\u2029":
            continue
        if _BLANK.match(char) or unicodedata.category(char) in ("Cf", "Zl", "Zp"):
            return f"U+{ord(char):04X} at character {position}"
    return None


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
