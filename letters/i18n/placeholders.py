"""What a translation's placeholders must be: those of its English, written the same way
(``%(name)s``, ``{date}``), a percent sign doubled where the text is formatted; one the
translator typed otherwise is named as they typed it."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from letters.errors import closest
from letters.i18n.plural_forms import COUNT_NAMES, FormUse
from letters.i18n.typed import bad_translation_character, edge_space
from letters.load.models import DATE_FIELD

__all__ = ["BRACE_PLACEHOLDER", "PLACEHOLDER", "PluralForm", "translation_problem"]

# A named printf placeholder with its flags, width, precision and conversion: %(num)d, %(x)05.1f.
PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*(?:\d+)?(?:\.\d+)?[hlL]?[diouxXeEfFgGcrsa]")
# Python's and Jinja's brace placeholders: {name}, {0}, {}, {{ name }}. A translation never
# fills these in, so one the English does not have would be printed as it is. A name
# translated may take an apostrophe, a hyphen or a space ({ім'я}, {numer wersji}).
# A tag's text runs to its end, never over another tag's start: "{{{{{{…" without an end
# was looked through to the end of its line from each brace, a time growing with its
# length squared (a translation of 80,000 such characters took a minute).
BRACE_PLACEHOLDER = re.compile(
    r"\{\{(?:(?!\{\{).)*?\}\}|\{%(?:(?!\{%).)*?%\}|\{[\w.!:\[\]'’ʼ\- ]*\}"
)
# Jinja's comment: in a template it hides a note; in a translation, which is never run as
# a template, it would be printed with the letter's text.
_JINJA_COMMENT = re.compile(r"\{#(?:(?!\{#).)*?#\}", re.DOTALL)

_NO_PLACEHOLDERS = "the English text has no placeholders"
_TAKE_IT_OUT = "take it out (a note to other translators goes in a '# ' line above the msgid)"
_LOST = "so the letter would lose what it stands for; use every placeholder of the English"


def translation_problem(
    msgid: str, msgstr: str, plural: bool = False, form: PluralForm | None = None
) -> str | None:
    """What is wrong with ``msgstr``, one translation (a plural's form, if ``plural``) of
    ``msgid``: blank, an invisible character, a placeholder of the English left out, added
    or written otherwise, a stray percent sign; None if nothing is.

    With ``form`` (a plural's form: its English plural and the counts it serves), the form
    must have the placeholders of the English it is printed for, the count's too unless it
    serves 1 alone, and may have any of both English texts; the message names the form."""
    problem = _problem(msgid, msgstr, plural or form is not None, form)
    if problem is None or form is None:
        return problem
    subject = f"translation of {msgid!r}"
    return problem.replace(subject, f"{subject} in {form.use.described()}", 1)


@dataclass(frozen=True)
class PluralForm:
    """One form of a plural translation: the English plural (``msgid_plural``) and the
    counts the form is printed for."""

    plural: str
    use: FormUse


def _problem(msgid: str, msgstr: str, plural: bool, form: PluralForm | None) -> str | None:
    if not msgstr.strip():  # counted as translated, it would be a blank in the letter
        return (
            f"translation of {msgid!r} is only spaces; type the translation, or leave the"
            ' msgstr empty ("") until it is translated'
        )
    found = bad_translation_character(msgstr)
    if found:
        return f"translation of {msgid!r} contains {found}"
    edge = edge_space(msgid, msgstr)
    if edge:
        return f"translation of {msgid!r} {edge}; remove it"
    got = _placeholders(msgstr)
    want, needed = _wanted(msgid, form)
    unwritable = _singular_only(msgid, needed, form)
    if unwritable:
        return (
            f"translation of {msgid!r} can be written no way that passes: printed for 1, it"
            f" must keep {unwritable}, which the English singular has, and gettext's msgfmt -c"
            " refuses a form with a placeholder the English plural (msgid_plural) lacks; the"
            f" template's plural must use {unwritable} too, then this can be translated"
        )
    doubled = _escaped_placeholder(msgstr, want)
    if doubled:
        return (
            f"translation of {msgid!r} writes %{doubled}: a doubled % is printed as one, so"
            f" the letter would print {doubled} as it is rather than fill it in; write {doubled}"
        )
    english_braces = set(BRACE_PLACEHOLDER.findall(msgid + (form.plural if form else "")))
    spelling = ", ".join(sorted(set().union(*want.values(), english_braces)))
    allowed = f"the placeholders of this text are {spelling}" if spelling else _NO_PLACEHOLDERS
    if not needed <= got.keys() or not got.keys() <= want.keys():
        left_out = needed - set(got)
        near = _misspelt_placeholder(msgid, msgstr, {n: want[n] for n in left_out})
        if near:
            return near
        for typed in BRACE_PLACEHOLDER.findall(msgstr):  # {instruments}: a case text's way
            meant = _brace_meant(typed, {min(want[n]) for n in left_out})
            if meant and typed not in english_braces:
                return (
                    f"translation of {msgid!r} writes {typed} where the English has {meant};"
                    " use the English placeholder as it is"
                )
        extra = sorted(set(got) - set(want))
        if not extra:  # only some left out: name the first, as for a {date} below
            gone = min(want[min(left_out)])
            why = _count_needed(form, min(left_out))
            return f"translation of {msgid!r} leaves out {gone}, {why or _LOST}: {spelling}"
        named = f" (it has {min(got[extra[0]])}, which the English has not)"
        if not spelling:  # only the placeholder it has can be named
            return f"translation of {msgid!r} has {min(got[extra[0]])}; {_NO_PLACEHOLDERS}"
        return f"translation of {msgid!r} must use the placeholders {spelling}{named}"
    for name, forms in sorted(got.items()):
        wrong = sorted(forms - want[name])
        if wrong:
            ways = " or ".join(sorted(_ways(name, want[name], form)))
            return (
                f"translation of {msgid!r} writes {wrong[0]} where the English has {ways};"
                " use the English placeholder as it is"
            )
    gettext = _plural_conversion(msgid, got, form)
    if gettext:
        return gettext
    comment = next((c for c in _JINJA_COMMENT.findall(msgstr) if c not in msgid), None)
    if comment:  # checked before braces: a {{ x }} commented out is the comment's
        return (
            f"translation of {msgid!r} has {_shortened(comment)}, a template comment, which"
            " a translation cannot hold: it is printed, not run, so the letter would show it;"
            f" {_TAKE_IT_OUT}"
        )
    half = _half_comment(msgid, msgstr)
    if half:
        return half
    translated_braces = BRACE_PLACEHOLDER.findall(msgstr)
    stray = [b for b in translated_braces if b not in english_braces]
    if stray:
        meant = _brace_meant(stray[0], english_braces | set().union(*want.values()))
        return (
            f"translation of {msgid!r} has {stray[0]}, which is never filled in and would be"
            f" printed as it is; {f'did you mean {meant}?' if meant else allowed}"
        )
    formatted = _FORMAT_SPEC.search(msgstr)
    if formatted and f"{{{formatted.group(1)}}}" in english_braces:
        return (
            f"translation of {msgid!r} writes {formatted.group()} where the English has"
            f" {{{formatted.group(1)}}}: a placeholder takes no format here, the letter writes"
            " its value as the language writes it; use the English placeholder as it is"
        )
    lone = _lone_brace(msgid, msgstr)
    if lone:
        return (
            f"translation of {msgid!r} has a {lone} that belongs to no placeholder, which"
            " the letter would print as it is; "
            + (
                f"take it out, or write the placeholder whole: {spelling}"
                if spelling
                else f"take it out: {_NO_PLACEHOLDERS}"
            )
        )
    markup = _markup_problem(msgid, msgstr)
    if markup:
        return markup
    # A case text's {date} left out would take the date out of the letter without a word.
    served = [BRACE_PLACEHOLDER.findall(text) for text in _served(msgid, form)]
    missing = sorted(set().union(*served).difference(translated_braces))
    if missing:
        return f"translation of {msgid!r} leaves out {missing[0]}, {_LOST}: {spelling}"
    if translated_braces.count(DATE_FIELD) > max(found.count(DATE_FIELD) for found in served):
        return (
            f"translation of {msgid!r} has {DATE_FIELD} {translated_braces.count(DATE_FIELD)}"
            " times, so the letter would give the date as often; write it once, where the"
            " language puts it"
        )
    if want or plural:  # a text with placeholders is formatted, as is every plural (%(num)d)
        try:
            msgstr % dict.fromkeys(want, 0)
        except (ValueError, TypeError, KeyError):
            return f"translation of {msgid!r} has a stray % (write %% for a percent sign)"
    elif "%%" in msgstr:  # not formatted: both signs would be printed
        return (
            f"translation of {msgid!r}: '%%' in a translation whose English has no placeholders"
            " prints as two percent signs: write one %"
        )
    return None


# What a translator used to web tools may type for formatting or a character: a tag (<b>,
# </i>, <br/>) or an HTML entity (&amp;, &nbsp;, &#171;). A letter prints a translation as
# text, so either would be printed as typed.
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")
# A character written as in a program's string (\u2019), as a .po file's escape: written
# \\u2019 there (the advice once given for an unsupported escape), it passes every check
# and is printed as typed
_CODE_POINT = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})")


def _shown(char: str) -> str:
    """``char`` as a message shows it: quoted, or by its code and name where it is not
    visible."""
    if char.isprintable() and not char.isspace():
        return f"'{char}'"
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".strip()


def _markup_problem(msgid: str, msgstr: str) -> str | None:
    """A tag or an HTML entity in ``msgstr`` that its English has not, described."""
    tag = next((t for t in _TAG.findall(msgstr) if t not in msgid), None)
    if tag:
        return (
            f"translation of {msgid!r} has {tag}, markup a letter would print as it is (its"
            " formatting comes from the template); write the text without it"
        )
    entities = (e for e in _ENTITY.findall(msgstr) if e not in msgid)
    entity = next((e for e in entities if len(html.unescape(e)) == 1), None)  # not "AT&T;"
    if entity:
        return (
            f"translation of {msgid!r} has {entity}, a character written as in HTML, which a"
            f" letter would print as it is; type the character itself"
            f" ({_shown(html.unescape(entity))})"
        )
    code_point = next((c for c in _CODE_POINT.findall(msgstr) if c not in msgid), None)
    if code_point:
        try:
            itself = f"the character itself ({_shown(chr(int(code_point[2:], 16)))})"
        except ValueError:  # past U+10FFFF: no character
            itself = "the character meant"
        return (
            f"translation of {msgid!r} has {code_point}, a character written as in a"
            f" program, which a letter would print as it is; type {itself}"
        )
    return None


# A translator's try at a %(name)s placeholder, however it went wrong: the letter after it
# typed in another keyboard layout (%(ask)ы) or left out (%(ask).), spaces after the % (a
# space before a bracket, as in prose) or in the brackets.
_ATTEMPT = re.compile(r"%[ \t\u00a0]*\(([^()%\n]{1,40})\)([#0 +-]*\d*(?:\.\d+)?[hlL]?)(\w?)")


def _misspelt_placeholder(msgid: str, msgstr: str, missing: dict[str, set[str]]) -> str | None:
    """The message for a placeholder of the English, one of ``missing``, that ``msgstr``
    spells otherwise — another letter after it, spaces in its brackets, a Cyrillic letter
    that looks like a Latin one in its name — rather than "leaves out", which would send
    the translator looking for one they see there; None if there is none."""
    for attempt in _ATTEMPT.finditer(msgstr):
        typed = attempt.group(1).strip()
        name = next((n for n in sorted(missing) if _looks_like(typed, n)), None)
        if name is None:
            continue
        written, english = attempt.group(0), min(missing[name])
        unlike = [c for c in attempt.group(1) + attempt.group(3) if not c.isascii()]
        told = ""
        if unlike:  # invisible in the message otherwise: %(аsk)s looks just like %(ask)s
            char = unlike[0]
            told = f" ('{char}' in it is U+{ord(char):04X} {unicodedata.name(char, '')})"
        return (
            f"translation of {msgid!r} writes {written}{told} where the English has"
            f" {english}; use the English placeholder as it is"
        )
    if len(missing) == 1:  # its name translated, into words Python takes for no name
        english = min(next(iter(missing.values())))
        for attempt in _ATTEMPT.finditer(msgstr):
            if not PLACEHOLDER.fullmatch(attempt.group(0)):
                return (
                    f"translation of {msgid!r} writes {attempt.group(0)} where the English has"
                    f" {english}; use the English placeholder as it is (its name is never"
                    " translated)"
                )
    return None


# The kind of value each conversion takes, as GNU gettext's ``msgfmt -c`` tells them apart:
# it holds each form of a plural to its English plural (msgid_plural), kind for kind.
_KINDS = {
    **dict.fromkeys("diouxX", "a whole number"),
    **dict.fromkeys("eEfFgG", "a number with decimals"),
    **dict.fromkeys("sra", "a text"),
    "c": "a character",
}


def _plural_conversion(msgid: str, got: dict[str, set[str]], form: PluralForm | None) -> str | None:
    """What ``msgfmt -c`` refuses in a plural's form whose placeholders (``got``) are the
    English singular's where its English plural differs: one the plural has not, or one
    converted as another kind (``%(num)s``, a text, for the plural's ``%(num)d``, a whole
    number). gettext's tools refuse the whole catalog for it; None if neither is so."""
    if form is None:
        return None
    english = _placeholders(form.plural)
    for name, ways in sorted(got.items()):
        if name not in english:
            return (
                f"translation of {msgid!r} has {min(ways)}, which the English plural"
                " (msgid_plural) has not; gettext's msgfmt -c refuses a form with a placeholder"
                " its msgid_plural lacks: leave it out, or have the template's plural use it too"
            )
        kinds = {_KINDS[way[-1]] for way in english[name]}
        wrong = sorted(way for way in ways if _KINDS[way[-1]] not in kinds)
        if wrong:
            plural = " or ".join(sorted(english[name]))
            return (
                f"translation of {msgid!r} writes {wrong[0]} ({_KINDS[wrong[0][-1]]}) where"
                f" the English plural (msgid_plural) has {plural} ({' or '.join(sorted(kinds))});"
                " gettext's msgfmt -c refuses a form converting its placeholder otherwise than"
                f" the English plural, whatever the singular writes: write {min(english[name])}"
            )
    return None


def _ways(name: str, english: set[str], form: PluralForm | None) -> set[str]:
    """The ways a translation may write the placeholder ``name``: as its English writes it
    (``english``), and in a plural's form only as the English plural converts it, so that
    a message never offers a way :func:`_plural_conversion` refuses."""
    plural = _placeholders(form.plural).get(name) if form is not None else None
    if not plural:
        return english
    kinds = {_KINDS[way[-1]] for way in plural}
    return {way for way in english if _KINDS[way[-1]] in kinds}


def _singular_only(msgid: str, needed: set[str], form: PluralForm | None) -> str | None:
    """A placeholder a plural's form must keep (one of ``needed``: the form is printed for
    1, so it keeps the English singular's, ``msgid``) that the English plural has not, as
    the singular writes it: ``msgfmt -c`` refuses the form that keeps it, check the form that
    leaves it out, so only the template can put it right; None if there is none."""
    if form is None:
        return None
    plural = _placeholders(form.plural)
    lacking = sorted(needed - plural.keys())
    if not lacking:
        return None
    return min(_placeholders(msgid)[lacking[0]])


def _half_comment(msgid: str, msgstr: str) -> str | None:
    """The message for a ``{#`` left open or a ``#}`` left alone in ``msgstr`` (one its
    English does not print as well); None if there is none."""
    english, translated = _JINJA_COMMENT.sub("", msgid), _JINJA_COMMENT.sub("", msgstr)
    if translated.count("{#") > english.count("{#"):
        return (
            f"translation of {msgid!r} has {{# with no #}} after it, the start of a template"
            " comment, which a translation cannot hold: it is printed, not run, so the letter"
            f" would show it; {_TAKE_IT_OUT}"
        )
    if translated.count("#}") > english.count("#}"):
        return (
            f"translation of {msgid!r} has #}} with no {{# before it, the end of a template"
            " comment, which a translation cannot hold: it is printed, not run, so the letter"
            f" would show it; {_TAKE_IT_OUT}"
        )
    return None


def _shortened(comment: str, most: int = 40) -> str:
    """A comment as a message quotes it: its start and end, where it is long."""
    return comment if len(comment) <= most else f"{comment[: most - 6]}… #}}"


_FORMAT_SPEC = re.compile(r"\{(\w+)[:!][^{}]*\}")
"""A brace placeholder given a format or conversion, as Python writes them: {date:%d.%m}."""


def _lone_brace(msgid: str, msgstr: str) -> str | None:
    """A brace of ``msgstr`` that is no placeholder's ({date}, {{ x }}) and that its English
    does not have as many times as it (``{.``, ``без змін }``), or None."""
    english, translated = (BRACE_PLACEHOLDER.sub("", text) for text in (msgid, msgstr))
    return next((b for b in "{}" if translated.count(b) > english.count(b)), None)


def _brace_meant(typed: str, english: set[str]) -> str | None:
    """The placeholder of the English that ``typed``, a brace one the English has not, is a
    slip for ({data} for {date}, {instruments} for %(instruments)s), by the names inside."""
    names = {_name_of(placeholder): placeholder for placeholder in english}
    close = closest(_name_of(typed), names, cutoff=0.75)
    return names[close] if close else None


def _name_of(placeholder: str) -> str:
    return re.sub(r"^[{%(\s]+|[}\s]+$|\)\S*$", "", placeholder)


def _looks_like(typed: str, name: str) -> bool:
    """Whether ``typed``, a placeholder's name in a translation, is ``name`` but for
    letters of another script in the places of some of its own (a Cyrillic «а» for "a")."""
    return len(typed) == len(name) and all(
        t == n or not t.isascii() for t, n in zip(typed, name, strict=True)
    )


def _wanted(msgid: str, form: PluralForm | None) -> tuple[dict[str, set[str]], set[str]]:
    """The placeholders a translation may have (with the ways the English writes each),
    and the names of those it must have: its English's, or, for a plural's form, those of
    both English texts and those of the English it is printed for, less the count where
    it is printed for 1 alone."""
    if form is None:
        want = _placeholders(msgid)
        return want, set(want)
    want = _placeholders(msgid)
    for name, ways in _placeholders(form.plural).items():
        want.setdefault(name, set()).update(ways)
    needed = {n for text in _served(msgid, form) for n in _placeholders(text)}
    if form.use.for_one_alone:
        needed -= COUNT_NAMES
    return want, needed


def _served(msgid: str, form: PluralForm | None) -> list[str]:
    """The English texts a translation is printed for: a plural form's, or its msgid."""
    return form.use.english(msgid, form.plural) if form else [msgid]


def _count_needed(form: PluralForm | None, name: str) -> str | None:
    """Why a form that leaves out the count ``name`` needs it: it serves more than 1."""
    if form is None or name not in COUNT_NAMES or 1 not in form.use.counts:
        return None
    others = form.use.others()
    if not others:
        return None
    return (
        f"so the letter would not say the number: in this language the form is printed for"
        f" {others} as well as 1; use every placeholder of the English"
    )


# A text's %-tokens as Python's % reads them, left to right: a doubled percent sign is one
# printed "%", so the %(name)s written right after it is text, never filled in.
_PERCENT_TOKEN = re.compile(f"%%|{PLACEHOLDER.pattern}")


def _placeholders(text: str) -> dict[str, set[str]]:
    """Each %(name)… placeholder of a text, with the ways it is written there."""
    out: dict[str, set[str]] = {}
    for match in _PERCENT_TOKEN.finditer(text):
        if match.group(1):
            out.setdefault(match.group(1), set()).add(match.group(0))
    return out


def _escaped_placeholder(text: str, english: dict[str, set[str]]) -> str | None:
    """A placeholder of the English that ``text`` writes after a doubled percent sign
    (``%%(name)s``), which % prints as it stands; None if there is none."""
    for match in _PERCENT_TOKEN.finditer(text):
        after = PLACEHOLDER.match(f"%{text[match.end() :]}") if not match.group(1) else None
        if after and after.group(1) in english:
            return after.group(0)
    return None
