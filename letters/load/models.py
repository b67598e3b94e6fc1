"""The shape of every workspace file, as strict pydantic models.

Files are parsed into these models in one place (:mod:`letters.load.loader`);
the rest of the code sees typed objects, never raw dictionaries.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from letters.errors import closest

# the field types, used here and imported from here by the rest of the code
from letters.load.fields import (  # noqa: F401
    AuthservIds,
    Country,
    Email,
    Id,
    ImagePath,
    Lang,
    LetterId,
    Line,
    Localized,
    OptionalForms,
    PersonId,
    Ref,
    Sender,
    Text,
    _check_lang,
    _text,
    in_order,
)
from letters.load.partial_date import When

CONFIG = "workspace.yaml"  # the file that makes a folder a workspace


class Strict(BaseModel):
    """The base of every model: unknown keys refused, no coercion, values never in errors."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        hide_input_in_errors=True,
        populate_by_name=True,
    )


def _item_shorthand(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class Item(Strict):
    """A piece of text that may be marked private (``{text: ..., private: true}``)."""

    text: Text
    private: bool = False


ItemOrText = Annotated[Item, BeforeValidator(_item_shorthand)]


class Choice(Item):
    """A risk or instrument: a text with an optional ``id`` by which letters choose it
    (a letter to a state names only the instruments that bind that state)."""

    id: Id | None = None


ChoiceOrText = Annotated[Choice, BeforeValidator(_item_shorthand)]

# --- workspace ------------------------------------------------------------


class Letterhead(Strict):
    """The sender's letterhead, for templates to show: a name and an address in each
    language, and a logo (``letterhead`` in the template context)."""

    name: Localized
    address: dict[Lang, list[Line]] = {}
    logo: ImagePath | None = None


def _neutral_salutation(text: str) -> str:
    if "{" in text.replace("{name}", "") or "}" in text.replace("{name}", ""):
        raise PydanticCustomError(
            "bad_placeholder", "only {name} may stand in braces: it shows the person's name"
        )
    return text


# the salutation of a person whose gender the directory does not give, per language:
# "Dear {name}," (their name in that language), never a guessed Mr or Ms
NeutralSalutation = dict[Lang, Annotated[Line, AfterValidator(_neutral_salutation)]]


class WorkspaceConfig(Strict):
    """``workspace.yaml``: the languages letters are written in."""

    name: Line | None = None
    source_language: Lang = "en"
    languages: dict[Lang, str] = Field(min_length=1)
    # "Name <address>": the sender of e-mail drafts (letters build --email) and review
    # requests (letters.errors.no_sender when there is none)
    email_from: Sender | None = None
    # the mail server(s) whose Authentication-Results replies are authenticated by
    email_authserv_id: AuthservIds | None = None
    letterhead: Letterhead | None = None
    neutral_salutation: NeutralSalutation = {}


# --- case -----------------------------------------------------------------


class DateFact(Strict):
    """A date that may be private (``{date: 2007-11-05, private: true}``)."""

    date: dt.date
    private: bool = False


class Relative(Strict):
    """A member of the person's family; only whether a child is a minor reaches a letter."""

    relation: Literal["son", "daughter", "child", "husband", "wife", "partner", "mother", "father"]
    minor: bool = False
    born: DateFact | None = None
    private: bool = False


Gender = Literal["female", "male"]


class CasePerson(Strict):
    """The person a case is about."""

    name: Localized
    gender: Gender
    aliases: list[ItemOrText] = []
    nationality: Country | None = None
    occupation: ItemOrText | None = None
    organisation: ItemOrText | None = None
    address: ItemOrText | None = None
    family: list[Relative] = []


class Paragraph(Choice):
    """A paragraph of the case's background: a text with an optional ``id`` by which
    letters choose it, and the ids of the sources its footnotes cite."""

    sources: list[Ref] = []


ParagraphOrText = Annotated[Paragraph, BeforeValidator(_item_shorthand)]


DATE_FIELD = "{date}"
"""Where an event's date stands in its sentence."""


class Event(Strict):
    """One step of the case's timeline, written as a whole sentence in which ``{date}``
    stands for when it happened ("{date} the court refused…" reads "On 14 May 2020 the
    court refused…", «14 травня 2020 р. суд відмовив…»)."""

    id: Id | None = None
    date: When
    kind: Literal["detention", "asylum-decision", "court-decision", "release", "other"]
    authority: Line | None = None  # who acted; for the reader of case.yaml, not shown
    text: Text
    sources: list[Ref] = []
    private: bool = False

    @field_validator("text")
    @classmethod
    def _says_when(cls, text: str) -> str:
        count = text.count(DATE_FIELD)
        if count != 1:
            # a placeholder mistyped ({dat}, {Date}, { date }) is named: it is no text
            typed = _mistyped_date(text) if count == 0 else None
            detail = (
                f" ({typed} is not {DATE_FIELD}: it would be printed as typed)"
                if typed
                else f" (it has {DATE_FIELD} {count} times)"
                if count
                else ""
            )
            raise PydanticCustomError(
                "no_date_field",
                "write the event as a whole sentence with {date} once where its date stands:"
                " '{date} the court dismissed the appeal.'{detail}",
                {"detail": detail},
            )
        return text


_BRACED_WORD = re.compile(r"\{\s*([^\W\d_]{1,12})\s*\}")


def _mistyped_date(text: str) -> str | None:
    """The first placeholder of ``text`` spelt near {date} ({dat}, {Date}, { date },
    {дата}), or None: only such a one is named, as a word in braces may be private."""
    for found in _BRACED_WORD.finditer(text):
        word = found.group(1).lower()
        if word in ("дата", "data") or closest(word, ["date"], cutoff=0.7):
            return found.group()
    return None


class Ask(Strict):
    """One thing the letters ask for; letters choose asks by id."""

    id: Id
    text: Text
    private: bool = False


def _check_url(value: str) -> str:
    if re.match(r"https?://", value) and re.search(r"[\s<>\"]", value):
        raise PydanticCustomError(
            "bad_url", 'a web address holds no spaces, < > or "; write a space as %20'
        )
    if not re.fullmatch(r"https?://[^\s<>\"]+", value):
        raise PydanticCustomError(
            "bad_url", "must be a web address starting with http:// or https://"
        )
    return value


class Source(Strict):
    """A public record the background and the timeline cite by id: a footnote of the letter
    holds its ``description`` (what it is: court, date, number) and its ``url``."""

    id: Id
    description: Text | None = None
    url: Annotated[Line, AfterValidator(_check_url)]
    private: bool = False


class Case(Strict):
    """``cases/<case>/case.yaml``: the facts of one case, in English.

    Which fields are texts, translated or not, is :mod:`letters.load.case_texts`.
    """

    person: CasePerson
    seeking_protection_since: When | None = None
    summary: Text
    background: list[ParagraphOrText] = []
    timeline: list[Event] = []
    risks: list[ChoiceOrText] = []
    instruments: list[ChoiceOrText] = []
    asks: list[Ask] = Field(min_length=1)
    sources: list[Source] = []


# --- directory ------------------------------------------------------------


class NameParts(Strict):
    """A name split for declension, used only where a form was not typed.

    ``{given: Денис, patronymic: Леонтійович, family: Малюська}``
    """

    given: Line
    family: Line
    patronymic: Line | None = None


class Role(Strict):
    """A title a person holds, with its dates and the forms a letter addresses them by."""

    title: Localized
    # the title of several holders, over the signatures of people who share it:
    # "Members of the European Parliament"
    title_plural: OptionalForms = {}
    title_dative: OptionalForms = {}
    institution: Localized
    start: dt.date | None = Field(default=None, alias="from")
    end: dt.date | None = Field(default=None, alias="to")
    address: dict[Lang, list[Line]] = {}
    salutation: OptionalForms = {}

    @model_validator(mode="after")
    def _ends_after_it_begins(self) -> Role:
        return in_order(self, self.start, self.end)

    def held_on(self, day: dt.date) -> bool:
        """Whether the role was held on ``day`` (a missing date is open-ended)."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


class Signer(Strict):
    """Who signs for an organisation: ``{name: {en: …}, title: {en: Director, …}}``."""

    name: Localized
    title: Localized


class Imported(Strict):
    """What the last import from the European Parliament's lists read for a person
    (``imported:``). A field whose value in the directory differs from what was imported
    was corrected by hand, and a re-import keeps it (:mod:`letters.people.provenance`)."""

    name: Line | None = None  # name.en
    given: Line | None = None  # parts.en.given
    family: Line | None = None  # parts.en.family
    country: Country | None = None
    group: Line | None = None  # the group's id in letters.people.groups, or its name
    party: Line | None = None
    email: Email | None = None
    gender: Gender | None = None


class Person(Strict):
    """One person of the directory: an official who receives letters, or a signatory.

    An organisation that signs letters is an entry with ``signed_by``: its ``name`` is the
    organisation's, and it needs no roles.
    """

    id: PersonId
    ep_id: Annotated[int, Field(gt=0)] | None = None  # the European Parliament's MEP id
    gender: Gender | None = None
    language: Lang
    reads: list[Lang] = []  # other languages they read drafts in
    country: Country | None = None
    tags: list[Id] = []
    email: Email | None = None
    # addresses that may answer a review request for this signatory (an assistant, an office)
    delegates: list[Email] = []
    name: Localized
    parts: dict[Lang, NameParts] = {}
    group: Localized | None = None
    party: Line | None = None  # the national party, as the party calls itself
    # a signatory's signature, shown only in a final letter they approved
    signature_image: ImagePath | None = None
    signed_by: Signer | None = None
    roles: list[Role] = []
    imported: Imported | None = None

    @property
    def read_languages(self) -> list[str]:
        """The languages they read drafts in: ``language`` first, then ``reads``."""
        return [self.language, *self.reads]

    @model_validator(mode="after")
    def _has_role(self) -> Person:
        if not self.roles and self.signed_by is None:
            raise PydanticCustomError(
                "no_roles",
                "roles: list at least one title the person holds (an organisation that signs"
                " letters gives 'signed_by' instead)",
            )
        return self

    @property
    def organisation(self) -> bool:
        """Whether this entry is an organisation, signed for by ``signed_by``."""
        return self.signed_by is not None


class DirectoryFile(Strict):
    """``recipients/*.yaml``: a part of the directory."""

    people: list[Person]


# --- letters --------------------------------------------------------------


def _selection_shorthand(value: Any) -> Any:
    if isinstance(value, str):  # "recipients: maliuska": one id, without its brackets
        raise PydanticCustomError(
            "selection_string",
            "write the ids as a list, in brackets: [{value}]; or give tags, countries,"
            " languages, groups or institutions",
            {"value": value},
        )
    return {"ids": value} if isinstance(value, list) else value


class SelectionSpec(Strict):
    """Who a letter goes to or is signed by; every given key must match."""

    ids: list[Ref] = []
    tags: list[Ref] = []
    countries: list[Country] = []
    languages: list[Lang] = []
    groups: list[Line] = []
    institutions: list[Line] = []

    @model_validator(mode="after")
    def _not_empty(self) -> SelectionSpec:
        if not (
            self.ids
            or self.tags
            or self.countries
            or self.languages
            or self.groups
            or self.institutions
        ):
            raise PydanticCustomError(
                "empty_selection",
                "selects nobody: list ids, or give tags, countries, languages, groups or"
                " institutions",
            )
        return self


Selection = Annotated[SelectionSpec, BeforeValidator(_selection_shorthand)]


def _languages(value: Any) -> list[str] | Literal["preferred"]:
    if value == "preferred":
        return "preferred"
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        langs = [_check_lang(v) for v in value]
        twice = next((lang for n, lang in enumerate(langs) if lang in langs[:n]), None)
        if twice is not None:
            raise PydanticCustomError(
                "repeated_language",
                "lists '{lang}' twice; a letter is made once in each language",
                {"lang": twice},
            )
        return langs
    raise PydanticCustomError(
        "bad_languages",
        "must be a list of language codes, like [en, uk, ru], or 'preferred' (each recipient's"
        " own language)",
    )


class LetterDef(Strict):
    """One letter of ``letters.yaml``: template, mode, languages, date, who gets and signs it."""

    id: LetterId
    template: Ref
    mode: Literal["joint", "individual"]
    languages: Annotated[list[Lang] | Literal["preferred"], PlainValidator(_languages)]
    place: Localized
    date: dt.date
    subject: Line
    # who the person is, told for this letter's addressee; the case's summary when not given
    summary: Text | None = None
    # the sentence that leads to the risks, true for this letter's case and addressee
    # ("If Ukraine extradites her, …"); none when not given
    framing: Text | None = None
    # false: the letter does not say how long the person has sought protection (to the
    # state they fled, say); true: it does when the case gives `seeking_protection_since`
    seeking_protection: bool = True
    recipients: Selection
    signatories: Selection
    asks: Annotated[list[Ref], Field(min_length=1)] | None = None
    # ids of the case's paragraphs, events and risks this letter tells; default all
    background: list[Ref] | None = None
    timeline: list[Ref] | None = None
    risks: list[Ref] | None = None
    state: Country | None = None  # the state whose obligations the letter invokes
    instruments: list[Ref] | None = None  # ids of the instruments; default all
    # for this letter, instead of the workspace's (per language)
    neutral_salutation: NeutralSalutation = {}


class LettersFile(Strict):
    """``cases/<case>/letters.yaml``: the letters written about a case."""

    letters: list[LetterDef]
