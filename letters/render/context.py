"""What a template sees: the facts of one letter in one language.

Private facts are left out here, before any template runs, so no template,
metadata field, log line or error message can ever show them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import cast

from babel import Locale
from babel.support import LazyProxy

from letters.errors import PRIVATE_CHOSEN, Problem
from letters.i18n.catalog import Key, Messages, Translator, case_domain, po_path
from letters.load.case_texts import public_texts
from letters.load.fields import Localized
from letters.load.loader import CaseEntry, LetterEntry, PersonEntry, WorkspaceData
from letters.load.models import DATE_FIELD, Person, Role
from letters.load.partial_date import PartialDate
from letters.load.references import CHOSEN
from letters.load.yamlio import Document, Loc, format_loc
from letters.people.forms import forms_for
from letters.plan import Job
from letters.render.after_today import after_today, today
from letters.render.closing import closing_message, placeholder_closing
from letters.render.content_version import PLACEHOLDER
from letters.render.conventions import (
    conventions_for,
    family_words,
    signature_name,
    signer_line,
)
from letters.render.countries import in_running_text, named_in_plural
from letters.render.dates import IN, format_when
from letters.render.images import SIGNATURE_WIDTH_CM, Picture
from letters.render.template_context import (
    CaseView,
    ParagraphView,
    PersonView,
    SourceView,
    TemplateContext,
)
from letters.render.told_events import after_the_letter, every_ask, full_years, same_events


@dataclass
class CaseTexts:
    """Looks up the translation of case text, remembering where each text came from."""

    translator: Translator
    doc: Document
    po_label: str
    sources: dict[Key, str] = field(default_factory=dict)
    fields: dict[Key, str] = field(default_factory=dict)  # the same, without line numbers
    # the e-mail text that showed a text first, where one did (see :meth:`used_by`)
    emailed: dict[Key, str] = field(default_factory=dict)

    def __call__(self, text: str, loc: Loc) -> str:
        """The translation of ``text`` (found at ``loc``), looked up when a template first
        shows it: a text no template shows is never reported as untranslated."""
        if (None, text) not in self.sources:  # where it was first used (found only then)
            field_path = format_loc(loc)
            self.sources[(None, text)] = f"{self.doc.label}:{self.doc.line_of(loc)} {field_path}"
            self.fields[(None, text)] = f"{self.doc.label} {field_path}"
        return cast(str, LazyProxy(self.translator.gettext, text, enable_cache=True))

    def used_by(self, key: Key) -> str:
        """Where the text of ``key`` was first used, as ``file:line field``, and the e-mail
        text that shows it where an e-mail showed it first: a translator would look in vain
        for it in the letter."""
        where = self.sources.get(key, self.doc.label)
        email = self.emailed.get(key)
        return f"{where}, which the e-mail text {email} shows" if email else where


def _clause(text: str) -> str:
    """An ask as a clause, without the ";" or "." a list item in the data may end with."""
    return str(text).rstrip().rstrip(";.").rstrip()


def _dated(text: str, when: PartialDate, locale: Locale) -> str:
    """An event's sentence with its ``{date}`` written in, as :mod:`letters.render.dates`
    says when something happened: "On 18 October 2017" at the start of the sentence,
    "on 18 October 2017" inside it, «у травні 2018 р.». A language that module has no
    such forms for gets the date alone ("1. März 2020"): its translator writes the
    preposition around ``{date}``."""
    text = str(text)
    if DATE_FIELD not in text:
        return text
    if locale.language not in IN:
        form = "long"
    else:
        form = "In" if text.lstrip().startswith(DATE_FIELD) else "in"
    date = format_when(when, form, locale)
    if date.endswith("."):  # «… 2018 р.» ending the sentence takes no second full stop
        text = text.replace(DATE_FIELD + ".", DATE_FIELD)
    return text.replace(DATE_FIELD, date)


def _shared_title(signatories: list[PersonView]) -> str:
    """The title over the signatures: the plural title every signatory shares ("Members
    of the European Parliament", whatever each one's own form of it), or the one
    signatory's title; "" when they differ or no plural is given."""
    if len(signatories) == 1:
        return signatories[0].get("title", "")
    plurals = {v.get("title_plural", "") for v in signatories}
    return plurals.pop() if len(plurals) == 1 else ""


class ContextBuilder:
    """Builds template contexts for the jobs of one build, collecting problems."""

    def __init__(
        self, ws: WorkspaceData, catalogs: dict[tuple[str, str], Messages], mark_gaps: bool = False
    ) -> None:
        self.ws = ws
        self.mark_gaps = mark_gaps
        self.catalogs = catalogs
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.today = today()  # what no event a letter tells may be dated after
        # the closings (their messages) each letter's recipients get, by (letter, language)
        self.closings: dict[tuple[str, str], set[str]] = {}

    def _pick(
        self,
        values: Localized | None,
        lang: str,
        label: str,
        place: Callable[[], tuple[int | None, str]],
        why: str,
    ) -> str:
        """The ``lang`` form of ``values``; else "" and a problem at ``place()`` (the line
        and field path, found only then)."""
        if values and lang in values:
            return values[lang]
        line, where = place()
        self.problems.append(Problem(label, line, where, f"no '{lang}' form ({why})"))
        return ""

    def role_on(
        self, entry: PersonEntry, day: dt.date, job_letter: LetterEntry
    ) -> tuple[int, Role] | None:
        """The one role ``entry`` held on ``day`` with its index; None, and a problem, if
        they held none or several."""
        held = [(i, r) for i, r in enumerate(entry.person.roles) if r.held_on(day)]
        if len(held) == 1:
            return held[0]
        if held:
            message = (
                f"{entry.person.id} held {len(held)} of the listed titles on {day.isoformat()};"
                " give the earlier title a 'to' date so only one applies"
            )
        else:
            spans = "; ".join(
                f"{r.title.get('en', next(iter(r.title.values())))} "
                f"{'from ' + r.start.isoformat() if r.start else ''}"
                f"{' to ' + r.end.isoformat() if r.end else ''}".strip()
                for r in entry.person.roles
            )
            message = (
                f"{entry.person.id} held none of the listed titles on {day.isoformat()},"
                f" the date of letter {job_letter.id} (listed: {spans})"
            )
        line, where = entry.where("roles")
        self.problems.append(Problem(entry.label, line, where, message))
        return None

    def person_view(
        self,
        entry: PersonEntry,
        lang: str,
        letter: LetterEntry,
        *,
        addressee: bool,
        signed: bool = False,
    ) -> PersonView:
        """What a template sees of a person in ``lang``; an ``addressee`` also gets the
        address block and salutation, typed or derived (a derived one is a warning); a
        signatory ``signed`` (in a final letter they approved) their signature image."""
        person: Person = entry.person
        why = f"needed by letter {letter.id}"
        view: PersonView = {
            "id": person.id,
            "gender": person.gender,
            "email": person.email or "",
            "name": self._pick(person.name, lang, entry.label, partial(entry.where, "name"), why),
            "country": self.ws.locale(lang).territories.get(person.country, "")
            if person.country
            else "",
            "group": "",
            "signed_by": "",
        }
        if person.group is not None:
            view["group"] = self._pick(
                person.group, lang, entry.label, partial(entry.where, "group"), why
            )
        image = self.ws.images.get(person.signature_image or "") if signed else None
        picture = Picture(image, SIGNATURE_WIDTH_CM, view["name"]) if image else None
        view["signature_image"] = picture
        if person.signed_by is not None and not addressee:
            signer = person.signed_by
            name = self._pick(
                signer.name, lang, entry.label, partial(entry.where, "signed_by", "name"), why
            )
            title = self._pick(
                signer.title, lang, entry.label, partial(entry.where, "signed_by", "title"), why
            )
            view["title"], view["title_plural"], view["institution"] = "", "", view["name"]
            view["signed_by"] = signer_line(name, title, lang)
            view["signature"] = view["name"]
            return view
        held = self.role_on(entry, letter.definition.date, letter)
        if held is not None:
            index, role = held
            view["title"] = self._pick(
                role.title, lang, entry.label, partial(entry.where, "roles", index, "title"), why
            )
            view["title_plural"] = role.title_plural.get(lang, "")
            view["institution"] = self._pick(
                role.institution,
                lang,
                entry.label,
                partial(entry.where, "roles", index, "institution"),
                why,
            )
            if addressee:
                neutral = {
                    **self.ws.config.neutral_salutation,
                    **letter.definition.neutral_salutation,
                }
                forms = forms_for(person, role, lang, neutral)
                line, where = entry.where("roles", index)
                for reason in forms.missing:
                    self.problems.append(Problem(entry.label, line, where, f"{reason} ({why})"))
                for name, form in forms.derived.items():
                    self.warnings.append(
                        Problem(
                            entry.label,
                            line,
                            f"{where}.{name}.{lang}",
                            form.warning(person.id),
                            warning=True,
                            code=form.code,
                        )
                    )
                view["address"] = forms.address or []
                view["salutation"] = forms.salutation or ""
        view["signature"] = self._signature(entry, view, lang)
        return view

    def _signature(self, entry: PersonEntry, view: PersonView, lang: str) -> str:
        """The line under a signature: the name as the language signs it («Петрас
        АУШТРЯВІЧЮС»), then the group and country of a member of a parliament in brackets:
        "Petras Auštrevičius (Renew Europe, Lithuania)"."""
        person = entry.person
        parts = person.parts.get(lang)
        family = (
            parts.family
            if parts
            else family_words(view["name"], (p.family for p in person.parts.values()))
        )
        name = signature_name(view["name"], family, lang)
        if view["group"]:
            return (
                f"{name} ({view['group']}, {view['country']})"
                if view["country"]
                else (f"{name} ({view['group']})")
            )
        return name

    def _private_chosen(self, case: CaseEntry, letter: LetterEntry, key: str, n: int) -> None:
        """Warn that the ``n``-th item a letter names under ``key`` is private, and so left
        out: what the letter's entry lists is then not what it tells."""
        line, where = letter.where(key, n)
        what = dict(CHOSEN)[key]
        self.warnings.append(
            Problem(
                letter.label,
                line,
                where,
                f"{what} '{getattr(letter.definition, key)[n]}' is private in {case.label},"
                f" so letter {letter.id} leaves it out; take it off this list, or make it"
                " public there if the letter may tell it",
                warning=True,
                code=PRIVATE_CHOSEN,
            )
        )

    def case_view(self, case: CaseEntry, tr: CaseTexts, letter: LetterEntry, lang: str) -> CaseView:
        """The ``case`` a template sees: public facts only, texts translated by ``tr``,
        the parts the letter chooses (``background: [...]``, ``asks: [...]`` …) in its order.

        Which texts are public, and which are translated, is :mod:`letters.load.case_texts`.
        """
        c = case.case
        person = c.person
        public = public_texts(c)
        locale = self.ws.locale(lang)

        def shown(*loc: str | int) -> str:
            found = public.get(loc)
            if found is None:
                return ""
            return tr(found.text, found.loc) if found.translated else found.text

        def listed(*key: str) -> list[str]:
            return [shown(*loc) for loc in public if loc[:-1] == key and isinstance(loc[-1], int)]

        def chosen(key: str, text: tuple[str, ...] = ()) -> list[int]:
            """The indexes of the public items of ``key`` this letter tells, in its order
            (default: all, in the case's order)."""
            wanted: list[str] | None = getattr(letter.definition, key)
            items = list(enumerate(getattr(c, key)))
            if wanted is not None:
                order = {w: n for n, w in enumerate(wanted)}
                items = sorted(
                    ((i, x) for i, x in items if x.id in order), key=lambda ix: order[ix[1].id]
                )
                for i, x in items:
                    if (key, i, *text) not in public:
                        self._private_chosen(case, letter, key, order[x.id])
            return [i for i, _x in items if (key, i, *text) in public]

        sources: dict[str, SourceView] = {
            s.id: {
                "id": s.id,
                "description": shown("sources", i, "description") if s.description else "",
                "url": s.url,
            }
            for i, s in enumerate(c.sources)
            if not s.private
        }

        def cited(ids: list[str]) -> list[SourceView]:
            return [sources[s] for s in ids if s in sources]

        told = chosen("timeline", ("text",))
        if letter.definition.timeline is None:
            self.warnings += same_events(case, letter, told)
        self.warnings += after_the_letter(case, letter, told)
        self.warnings += after_today(case, letter, told, self.today)

        asked = chosen("asks", ("text",))
        if letter.definition.asks is None and len(asked) > 1:
            self.warnings.append(every_ask(letter, [c.asks[i].id for i in asked]))

        def event_text(i: int) -> str:
            event = c.timeline[i]
            text = shown("timeline", i, "text")
            return cast(str, LazyProxy(_dated, text, event.date, locale, enable_cache=True))

        return {
            "person": {
                "name": "",  # filled by the caller, per language
                "gender": person.gender,
                "aliases": listed("person", "aliases"),
                "occupation": shown("person", "occupation"),
                "organisation": shown("person", "organisation"),
                "has_minor_child": any(r.minor and not r.private for r in person.family),
            },
            "summary": shown("summary"),
            "years_seeking_protection": full_years(
                c.seeking_protection_since, letter.definition.date
            )
            if letter.definition.seeking_protection
            else 0,
            "background": [
                ParagraphView(shown("background", i), cited(c.background[i].sources))
                for i in chosen("background")
            ],
            "timeline": [
                {
                    "date": c.timeline[i].date,
                    "kind": c.timeline[i].kind,
                    "text": event_text(i),
                    "sources": cited(c.timeline[i].sources),
                }
                for i in chosen("timeline", ("text",))
            ],
            "risks": [shown("risks", i) for i in chosen("risks")],
            "instruments": [shown("instruments", i) for i in chosen("instruments")],
            "asks": [
                cast(str, LazyProxy(_clause, shown("asks", i, "text"), enable_cache=True))
                for i in asked
            ],
            "sources": list(sources.values()),
        }

    def shared(
        self,
        letter: LetterEntry,
        lang: str,
        template_tr: Translator,
        signatories: list[PersonEntry],
        *,
        draft: str | None = None,
    ) -> tuple[TemplateContext, CaseTexts]:
        """Everything a letter's context holds but its recipients, the same for every job
        of the letter in ``lang``; ``draft`` is the version id a draft shows, None for a final."""
        ws = self.ws
        d = letter.definition
        case = ws.cases[letter.case_id]
        domain = case_domain(case.id)
        messages = self.catalogs.get((lang, domain))
        tr = CaseTexts(
            Translator(messages, self.mark_gaps), case.doc, ws.rel(po_path(ws.root, lang, domain))
        )
        letter_tr = CaseTexts(tr.translator, letter.doc, tr.po_label)
        view = self.case_view(case, tr, letter, lang)
        if d.summary:
            view["summary"] = letter_tr(d.summary, ("letters", letter.index, "summary"))
        view["person"]["name"] = self._pick(
            case.case.person.name,
            lang,
            case.label,
            lambda: (case.doc.line_of(("person", "name")), "person.name"),
            f"needed by letter {letter.id}",
        )
        signing = [self.person_view(s, lang, letter, addressee=False) for s in signatories]
        state = (
            in_running_text(d.state, ws.locale(lang).territories.get(d.state, ""), lang)
            if d.state
            else ""
        )
        context: TemplateContext = {
            "language": lang,
            "locale": ws.locale(lang),
            "_": template_tr.gettext,
            "gettext": template_tr.gettext,
            "pgettext": template_tr.pgettext,
            "ngettext": template_tr.ngettext,
            "npgettext": template_tr.npgettext,
            "mode": d.mode,
            "place": self._pick(
                d.place,
                lang,
                letter.label,
                partial(letter.where, "place"),
                f"needed by letter {letter.id}",
            ),
            "date": d.date,
            "subject": letter_tr(d.subject, ("letters", letter.index, "subject")),
            "state": state,
            "state_plural": bool(state) and named_in_plural(d.state or "", state, lang),
            "case": view,
            "signatories": signing,
            "signatories_title": _shared_title(signing),
            "framing": letter_tr(d.framing, ("letters", letter.index, "framing"))
            if d.framing
            else "",
            "conventions": {"recipients_label": conventions_for(lang).recipients_label},
            "draft": draft is not None,
            "version": draft or "",
        }
        tr.sources.update(letter_tr.sources)
        tr.fields.update(letter_tr.fields)
        return context, tr

    def addressed(
        self,
        shared: TemplateContext,
        job: Job,
        recipients: list[PersonEntry],
        *,
        placeholder: bool = False,
    ) -> TemplateContext:
        """The context of ``job``: the shared part and its recipients.
        ``placeholder`` stands placeholders in for an individual letter's recipient."""
        context = shared.copy()
        translate = shared["_"]
        if placeholder:
            view = PersonView(**PLACEHOLDER)  # type: ignore[typeddict-item]
            view["closing"] = placeholder_closing(self, job.letter, job.lang, translate)
            context["recipient"], context["recipients"] = view, [view]
            return context
        views = [self.person_view(r, job.lang, job.letter, addressee=True) for r in recipients]
        if job.recipient is not None and not (
            len(recipients) == 1 and recipients[0] is job.recipient
        ):
            views.append(self.person_view(job.recipient, job.lang, job.letter, addressee=True))
        for view in views:  # the closing its salutation asks for, in the letter's language
            view["closing"] = translate(closing_message(view.get("salutation", "")))
        context["recipients"] = views[: len(recipients)]
        if job.recipient is not None:
            context["recipient"] = views[-1]
        return context
