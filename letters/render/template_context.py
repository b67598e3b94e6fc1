"""What a template may use: every name of the context a letter is rendered with.

These typed dictionaries are the documentation for template authors and the
type :class:`letters.render.context.ContextBuilder` builds; a test renders the
sample and checks that its contexts hold exactly these keys. Every text is
already in the letter's language; every private fact is already left out
(no key here can hold one). Besides these names, templates have the filters
``date`` (a date in the letter's locale), ``join`` (a list joined as the
language joins lists) and the gettext functions below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypedDict

from babel import Locale

__all__ = ["CaseView", "PersonView", "TemplateContext", "TimelineEvent", "VictimView"]


class PersonView(TypedDict, total=False):
    """A recipient or a signatory, in the letter's language.

    Keys:

    - ``id`` (str): the directory id
    - ``gender`` (str | None): "female", "male", or None — for grammatical agreement
    - ``email`` (str)
    - ``name`` (str): the name as written in this language
    - ``country`` (str): the country's name in this language ("" if none)
    - ``group`` (str): the political group ("" if none)
    - ``title`` (str): the role held on the letter's date (nominative)
    - ``institution`` (str)
    - ``address`` (list[str]): recipients only: the address block lines, in the right case
    - ``salutation`` (str): recipients only: "Dear Minister," in the language's own form
    - ``signature`` (str): "name, group, country": the line under a signatory's signature
    """

    id: str  # the directory id
    gender: str | None  # "female", "male", or None — for grammatical agreement
    email: str
    name: str  # the name as written in this language
    country: str  # the country's name in this language ("" if none)
    group: str  # the political group ("" if none)
    title: str  # the role held on the letter's date (nominative)
    institution: str
    address: list[str]  # recipients only: the address block lines, in the right case
    salutation: str  # recipients only: "Dear Minister," in the language's own form
    signature: str  # "name, group, country": the line under a signatory's signature


class VictimView(TypedDict):
    """The person the case is about: public facts only.

    Keys:

    - ``name`` (str)
    - ``gender`` (str | None): "female", "male", or None
    - ``aliases`` (list[str])
    - ``occupation`` (str)
    - ``organisation`` (str)
    - ``has_minor_child`` (bool): only true when that fact is not private
    """

    name: str
    gender: str | None  # "female", "male", or None
    aliases: list[str]
    occupation: str
    organisation: str
    has_minor_child: bool  # only true when that fact is not private


class TimelineEvent(TypedDict):
    """One public event of the case.

    Keys:

    - ``date`` (Any): a letters.load.models.PartialDate, known to the day, month or year:
      format it with the ``date`` filter (``date("in")`` in running text)
    - ``kind`` (str)
    - ``authority`` (str)
    - ``text`` (str)
    - ``sources`` (list[str]): the URLs of its public sources
    """

    date: Any  # a letters.load.models.PartialDate: format it with the ``date`` filter
    kind: str
    authority: str
    text: str
    sources: list[str]  # the URLs of its public sources


class CaseView(TypedDict):
    """The case's public facts, translated.

    Keys:

    - ``person`` (VictimView)
    - ``summary`` (str)
    - ``years_seeking_protection`` (int): full years by the letter's date
    - ``background`` (list[str])
    - ``timeline`` (list[TimelineEvent])
    - ``risks`` (list[str])
    - ``instruments`` (list[str])
    - ``asks`` (list[str]): the letter's asks, in the order the letter lists them
    - ``sources`` (list[dict[str, str]]): {"id", "url"} of every public source
    """

    person: VictimView
    summary: str
    years_seeking_protection: int  # full years by the letter's date
    background: list[str]
    timeline: list[TimelineEvent]
    risks: list[str]
    instruments: list[str]
    asks: list[str]  # the letter's asks, in the order the letter lists them
    sources: list[dict[str, str]]  # {"id", "url"} of every public source


class TemplateContext(TypedDict, total=False):
    """Every name a letter template can use.

    Keys:

    - ``language`` (str): the language code, e.g. "uk"
    - ``locale`` (Locale): the Babel locale the workspace gives that language
    - ``_`` (Callable[..., str]): gettext: _("text") — translated, escaped
    - ``gettext`` (Callable[..., str])
    - ``pgettext`` (Callable[..., str]): pgettext("context", "text")
    - ``ngettext`` (Callable[..., str]): ngettext("one", "many", n) — the language's plural rule
    - ``mode`` (str): "joint" (one letter to all) or "individual" (one per recipient)
    - ``place`` (str): where the letter is written, in this language
    - ``date`` (dt.date): the letter's date
    - ``subject`` (str)
    - ``state`` (str): the country the letter invokes the obligations of ("" if none), nominative
    - ``case`` (CaseView)
    - ``signatories`` (list[PersonView])
    - ``draft`` (bool): True in a draft: show the DRAFT mark
    - ``version`` (str): the draft's version id ("" in a final letter)
    - ``recipients`` (list[PersonView]): everyone the letter is addressed to
    - ``recipient`` (PersonView): the addressee of an individual letter or an e-mail
    """

    language: str  # the language code, e.g. "uk"
    locale: Locale  # the Babel locale the workspace gives that language
    _: Callable[..., str]  # gettext: _("text") — translated, escaped
    gettext: Callable[..., str]
    pgettext: Callable[..., str]  # pgettext("context", "text")
    ngettext: Callable[..., str]  # ngettext("one", "many", n) — the language's plural rule
    mode: str  # "joint" (one letter to all) or "individual" (one per recipient)
    place: str  # where the letter is written, in this language
    date: dt.date  # the letter's date
    subject: str
    state: str  # the country the letter invokes the obligations of ("" if none), nominative
    case: CaseView
    signatories: list[PersonView]
    draft: bool  # True in a draft: show the DRAFT mark
    version: str  # the draft's version id ("" in a final letter)
    recipients: list[PersonView]  # everyone the letter is addressed to
    recipient: PersonView  # the addressee of an individual letter or an e-mail


TEMPLATE_NAMES = frozenset(TemplateContext.__annotations__)
"""Every top-level name of a template's context."""
