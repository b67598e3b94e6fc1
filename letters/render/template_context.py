"""What a template may use: every name of the context a letter is rendered with.

These typed dictionaries are the documentation for template authors and the
type :class:`letters.render.context.ContextBuilder` builds; a test renders the
sample and checks that its contexts hold exactly these keys. Every text is
already in the letter's language; every private fact is already left out
(no key here can hold one). Besides these names, templates have the filters
``date`` (a date in the letter's locale), ``format_list`` (a list joined as the
language joins lists), ``words`` (one to nine in words, as running text writes
them; ``words('f')`` and ``words('n')`` for a feminine or neuter noun in uk and ru,
«дві особи»), ``items`` (a list's items numbered and punctuated as the language does:
"(a) … ;" in English, «1) … ;» in Ukrainian), the gettext functions below and,
in a letter's body, ``footnote(text, link="")``: a Word footnote citing ``text`` and
the web address ``link`` (:func:`letters.render.footnotes.footnote`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypedDict

from babel import Locale

if TYPE_CHECKING:
    from letters.render.images import Picture

__all__ = [
    "CaseView",
    "LetterheadView",
    "ParagraphView",
    "PersonView",
    "SourceView",
    "TemplateContext",
    "TimelineEvent",
    "VictimView",
]


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
    - ``title_plural`` (str): that title of several holders ("Members of …"), "" if not given
    - ``institution`` (str)
    - ``address`` (list[str]): recipients only: the address block lines, in the right case
    - ``salutation`` (str): recipients only: "Dear Minister," in the language's own form
    - ``closing`` (str): recipients only: the closing their salutation asks for, translated:
      "Yours faithfully," after "Dear Sir or Madam,", else "Yours sincerely,"
      (:mod:`letters.render.closing`)
    - ``signature`` (str): the line under a signature, as the language signs:
      "Petras Auštrevičius (Renew Europe, Lithuania)", «Петрас АУШТРЯВІЧЮС (…)»;
      an organisation's name
    - ``signed_by`` (str): who signs for an organisation, "Name, title" in English and
      «Title Name» in uk and ru, as their signatures put it ("" for a person)
    - ``signature_image`` (Picture | None): a signatory's signature, only in a final letter
      (``letters finalise``) that they approved in this language; None otherwise, and always
      in drafts: ``{{ s.signature_image }}`` shows it where the tag stands
    """

    id: str  # the directory id
    gender: str | None  # "female", "male", or None — for grammatical agreement
    email: str
    name: str  # the name as written in this language
    country: str  # the country's name in this language ("" if none)
    group: str  # the political group ("" if none)
    title: str  # the role held on the letter's date (nominative)
    title_plural: str  # that title of several holders ("Members of …"), "" if not given
    institution: str
    address: list[str]  # recipients only: the address block lines, in the right case
    salutation: str  # recipients only: "Dear Minister," in the language's own form
    closing: str  # recipients only: the closing their salutation asks for, translated
    signature: str  # the line under a signature: "Name (group, country)", in capitals in uk
    signed_by: str  # who signs for an organisation: "Name, title"; uk, ru «Title Name»
    signature_image: Picture | None  # a signatory's signature, only in a final they approved


class VictimView(TypedDict):
    """The person the case is about: public facts only.

    Keys:

    - ``name`` (str)
    - ``gender`` (str | None): "female", "male", or None
    - ``aliases`` (list[str]): her other names, those the case keeps private left out
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


class SourceView(TypedDict):
    """A public source the letter cites in a footnote.

    Keys:

    - ``id`` (str)
    - ``description`` (str): what it is (court, date, number), translated; "" if not given
    - ``url`` (str)
    """

    id: str
    description: str  # what it is (court, date, number), translated; "" if not given
    url: str


class ParagraphView:
    """A paragraph of the case's background: ``{{ paragraph }}`` (or ``paragraph.text``)
    is its text, ``paragraph.sources`` the public sources it cites (list[SourceView]).

    Written as its text, so a template made when paragraphs were plain texts still shows
    them as they are (not as a dictionary)."""

    __slots__ = ("sources", "text")

    def __init__(self, text: str, sources: list[SourceView]) -> None:
        self.text = text
        self.sources = sources

    def __str__(self) -> str:
        return str(self.text)


class TimelineEvent(TypedDict):
    """One public event of the case, as a whole sentence.

    Keys:

    - ``date`` (Any): a letters.load.models.PartialDate, known to the day, month or year;
      it is already written into ``text``
    - ``kind`` (str)
    - ``text`` (str): the sentence, its date written in ("On 18 October 2017 the …")
    - ``sources`` (list[SourceView]): the public sources it cites
    """

    date: Any  # a letters.load.models.PartialDate, already written into ``text``
    kind: str
    text: str  # the sentence, its date written in ("On 18 October 2017 the …")
    sources: list[SourceView]  # the public sources it cites


class CaseView(TypedDict):
    """The case's public facts, translated.

    Keys:

    - ``person`` (VictimView)
    - ``summary`` (str): who the person is: the letter's own summary when it gives one
    - ``years_seeking_protection`` (int): full years by the letter's date; 0 when the
      case gives no ``seeking_protection_since`` or the letter says
      ``seeking_protection: false``
    - ``background`` (list[ParagraphView]): the paragraphs the letter tells, in its order
    - ``timeline`` (list[TimelineEvent]): the events the letter tells, in its order
    - ``risks`` (list[str]): the letter's risks, whole sentences
    - ``instruments`` (list[str]): the letter's instruments, names to list
    - ``asks`` (list[str]): the letter's asks, in its order: clauses with no final
      punctuation, to list with the ``items`` filter or to end a sentence
    - ``sources`` (list[SourceView]): every public source
    """

    person: VictimView
    summary: str
    years_seeking_protection: int  # full years by the letter's date
    background: list[ParagraphView]  # the paragraphs the letter tells, in its order
    timeline: list[TimelineEvent]  # the events the letter tells, in its order
    risks: list[str]  # the letter's risks, whole sentences
    instruments: list[str]  # the letter's instruments, names to list
    asks: list[str]  # the letter's asks, in its order, with no final punctuation
    sources: list[SourceView]  # every public source


class LetterheadView(TypedDict):
    """The sender's letterhead (``letterhead`` in workspace.yaml), in the letter's language.

    Keys:

    - ``name`` (str): "" when the workspace has no letterhead
    - ``address`` (list[str]): its lines
    - ``logo`` (Picture | None): ``{{ letterhead.logo }}`` shows it where the tag stands,
      ``{{ letterhead.logo.sized(2.5) }}`` 2.5 cm wide
    """

    name: str
    address: list[str]
    logo: Picture | None


class TemplateContext(TypedDict, total=False):
    """Every name a letter template can use.

    Keys:

    - ``language`` (str): the language code, e.g. "uk"
    - ``locale`` (Locale): the Babel locale the workspace gives that language
    - ``_`` (Callable[..., str]): gettext: _("text") — translated, escaped
    - ``gettext`` (Callable[..., str])
    - ``pgettext`` (Callable[..., str]): pgettext("context", "text")
    - ``ngettext`` (Callable[..., str]): ngettext("one", "many", n) — the language's plural rule
    - ``npgettext`` (Callable[..., str]): npgettext("context", "one", "many", n)
    - ``mode`` (str): "joint" (one letter to all) or "individual" (one per recipient)
    - ``place`` (str): where the letter is written, in this language
    - ``date`` (dt.date): the letter's date
    - ``subject`` (str): the heading, saying what the letter is about
    - ``framing`` (str): the letter's sentence leading to the risks ("" if none)
    - ``state`` (str): the country the letter invokes the obligations of ("" if none), nominative,
      as running text names it ("the Netherlands")
    - ``state_plural`` (bool): True where the state's name is plural for a verb in this
      language (ru «Нидерланды являются»): a sentence with the state as its subject then
      takes its form for a plural name (pgettext "state named in the plural")
    - ``case`` (CaseView)
    - ``signatories`` (list[PersonView])
    - ``signatories_title`` (str): the title every signatory shares, plural for several
      ("Members of the European Parliament"); "" when they differ
    - ``conventions`` (dict[str, bool]): the language's choices a template follows:
      ``recipients_label`` — several addressees under a "To:" label (en) or one address
      block under another, with no label (uk, ru); see letters.render.conventions
    - ``draft`` (bool): True in a draft: show the DRAFT mark
    - ``version`` (str): the draft's version id ("" in a final letter)
    - ``recipients`` (list[PersonView]): everyone the letter is addressed to
    - ``recipient`` (PersonView): the addressee of an individual letter or an e-mail
    - ``letterhead`` (LetterheadView): the sender's name, address and logo
    """

    language: str  # the language code, e.g. "uk"
    locale: Locale  # the Babel locale the workspace gives that language
    _: Callable[..., str]  # gettext: _("text") — translated, escaped
    gettext: Callable[..., str]
    pgettext: Callable[..., str]  # pgettext("context", "text")
    ngettext: Callable[..., str]  # ngettext("one", "many", n) — the language's plural rule
    npgettext: Callable[..., str]  # npgettext("context", "one", "many", n)
    mode: str  # "joint" (one letter to all) or "individual" (one per recipient)
    place: str  # where the letter is written, in this language
    date: dt.date  # the letter's date
    subject: str  # the heading, saying what the letter is about
    framing: str  # the letter's sentence leading to the risks ("" if none)
    state: str  # the country the letter invokes the obligations of ("" if none), nominative
    # (as running text names it: "the Netherlands")
    state_plural: bool  # True where the state's name is plural for a verb in this language
    case: CaseView
    signatories: list[PersonView]
    signatories_title: str  # the title every signatory shares, plural for several; or ""
    conventions: dict[str, bool]  # {"recipients_label": …}: see letters.render.conventions
    draft: bool  # True in a draft: show the DRAFT mark
    version: str  # the draft's version id ("" in a final letter)
    recipients: list[PersonView]  # everyone the letter is addressed to
    recipient: PersonView  # the addressee of an individual letter or an e-mail
    letterhead: LetterheadView  # the sender's name, address and logo


TEMPLATE_NAMES = frozenset(TemplateContext.__annotations__)
"""Every top-level name of a template's context."""
