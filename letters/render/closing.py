"""The closing above a letter's signatures, as the recipient's salutation asks for it.

An English letter closes as it greets (the EU Interinstitutional Style Guide, and British
usage with it): "Yours faithfully," after a salutation that names no one ("Dear Sir or
Madam,", "Dear Sirs,", "To whom it may concern:"), "Yours sincerely," after any other
("Dear Mr Maliuska,", "Dear Minister,", "Dear colleagues,"). The two are texts of the
template's catalog, translated like any other: Ukrainian and Russian letters close «З
повагою», «С уважением» whatever the salutation (ДСТУ 4163:2020, ГОСТ Р 7.0.97-2016), so
both translate to the same words there.

A recipient's closing is theirs, as their salutation is (``recipient.closing``): a draft
shows it where every recipient of its letter in its language closes alike, and the
placeholder ``[recipient: closing]`` where they do not; each recipient's closing is among
their own lines, which the version of an individual letter, and of a joint letter its
e-mails carry, covers (``….recipients.txt``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from letters.i18n.catalog import TEMPLATES_DOMAIN, Translator
from letters.load.loader import LetterEntry, WorkspaceData
from letters.people.directory import select
from letters.render.content_version import PLACEHOLDER as RECIPIENT_PLACEHOLDER

if TYPE_CHECKING:
    from letters.render.context import ContextBuilder
    from letters.render.template_context import PersonView

SINCERELY = "Yours sincerely,"
FAITHFULLY = "Yours faithfully,"
PLACEHOLDER = str(RECIPIENT_PLACEHOLDER["closing"])

CLOSINGS = (
    (
        SINCERELY,
        "the closing above the signatures, of a letter and of its e-mail, after a salutation"
        " that names its addressee or greets several (uk: «З повагою», ru: «С уважением»,"
        " with no comma)",
    ),
    (
        FAITHFULLY,
        "the closing above the signatures after a salutation that names no one (“Dear Sir or"
        " Madam,”); where your language closes every letter alike, translate it as “Yours"
        " sincerely,” (uk: «З повагою», ru: «С уважением», with no comma)",
    ),
)
"""Each closing a template shows through ``.closing``, with its note for translators: the
tool chooses among them, so a template that shows one needs them all translated."""

SHOWS_CLOSING = re.compile(r"\.closing\b")
"""Where a template shows a recipient's closing (``{{ recipient.closing }}``)."""

_NO_NAME = r"(?:sirs?|madam|mesdames)"  # a word that greets whoever reads
_NAMES_NO_ONE = re.compile(
    rf"\s*(?:dear\s+{_NO_NAME}(?:\s*(?:or|and|/)\s*{_NO_NAME})*|to\s+whom\s+it\s+may\s+concern)"
    r"\s*[,:]?\s*",
    re.IGNORECASE,
)


def closing_message(salutation: str) -> str:
    """The closing (its English message) that follows ``salutation``: "Yours faithfully,"
    after one that names no one ("Dear Sir or Madam,"), else "Yours sincerely,"."""
    return FAITHFULLY if _NAMES_NO_ONE.fullmatch(salutation) else SINCERELY


def addressee_views(
    builder: ContextBuilder, ws: WorkspaceData, letter: LetterEntry, lang: str
) -> Iterator[tuple[str, PersonView]]:
    """(id, view) of each recipient of ``letter`` who gets it in ``lang``, their closing
    in it: a letter of ``languages: preferred`` goes to each in their own language. A
    recipient's problems (a missing form) are the letter's own, named when it is rendered;
    none is kept here."""
    kept = builder.problems, builder.warnings
    preferred = letter.definition.languages == "preferred"
    translate = Translator(builder.catalogs.get((lang, TEMPLATES_DOMAIN)), builder.mark_gaps)
    try:
        for entry in select(ws, letter.definition.recipients):
            if not preferred or entry.person.language == lang:
                builder.problems, builder.warnings = [], []
                view = builder.person_view(entry, lang, letter, addressee=True)
                view["closing"] = translate.gettext(closing_message(view.get("salutation", "")))
                yield entry.person.id, view
    finally:
        builder.problems, builder.warnings = kept


def placeholder_closing(
    builder: ContextBuilder, letter: LetterEntry, lang: str, translate: Callable[..., str]
) -> str:
    """The closing a letter shows in place of its recipient's: the one all its recipients
    in ``lang`` get where they close alike, else :data:`PLACEHOLDER`."""
    key = (letter.id, lang)
    if key not in builder.closings:
        views = addressee_views(builder, builder.ws, letter, lang)
        builder.closings[key] = {closing_message(v.get("salutation", "")) for _id, v in views}
    shown = {translate(message) for message in sorted(builder.closings[key] or {SINCERELY})}
    return shown.pop() if len(shown) == 1 else PLACEHOLDER
