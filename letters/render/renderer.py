"""Build letters: plan the files, render them all in memory, then write them atomically.

Nothing is written unless every letter renders: a failed build leaves the
previous output exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from letters.errors import (
    NO_DRAFT_MARK,
    Problem,
    TemplateProblem,
)
from letters.i18n.catalog import TEMPLATES_DOMAIN, Key, Translator, po_path
from letters.i18n.private_translations import private_index
from letters.i18n.workspace_catalogs import EnglishKeys, load_catalogs
from letters.load.encoding import read_template
from letters.load.loader import LetterEntry, PersonEntry, WorkspaceData
from letters.people.directory import select
from letters.plan import Job
from letters.render.approval import (
    DRAFT_PROBE,
    addressee_lines,
    covers_addressees,
    draft_problem,
    own_text,
    recipient_only_problem,
    signed_only_problem,
    version_facts,
    version_inputs,
)
from letters.render.content_version import (
    Version,
    beyond_recipient,
    make_version,
    paragraphs,
)
from letters.render.context import CaseTexts, ContextBuilder
from letters.render.emails import Emails
from letters.render.environment import make_environment
from letters.render.images import letter_images, letterhead_view
from letters.render.package_check import shows_version
from letters.render.private_literals import sender_copy, template_copies
from letters.render.template import CompiledTemplate
from letters.render.template_context import PersonView, TemplateContext


def lang_tag(ws: WorkspaceData, lang: str) -> str:
    """The BCP 47 tag of ``lang`` in this workspace (``uk_UA`` is ``uk-UA``)."""
    return ws.config.languages[lang].replace("_", "-")


VersionKey = tuple[str, str]  # (letter id, language)


@dataclass
class LetterParts:
    """What every job of one letter in one language shares, built once: its shared
    context, case texts, the templates' translator, signatories and their problems."""

    context: TemplateContext
    case_texts: CaseTexts
    template_tr: Translator
    signatories: list[PersonEntry]
    problems: list[Problem]
    warnings: list[Problem]


class Renderer:
    """Renders jobs of one workspace, loading each catalog and compiling each template once."""

    def __init__(self, ws: WorkspaceData, final: bool = False) -> None:
        self.ws = ws
        self.final = final
        self.env = make_environment()
        # the domains' messages, read only if a catalog needs them: a template that cannot
        # be read is kept there (check lists it; a build is not stopped by a draft)
        self.english = EnglishKeys(ws)
        self.catalogs, found = load_catalogs(ws, self.english)
        # a catalog's errors stop every letter; the warnings of the catalogs and of the
        # templates (found as they are compiled) are told once, beside the letters' own
        self.catalog_problems = [p for p in found if not p.warning]
        # the private texts in every language the catalogs know, compared once a build
        self.private = private_index(ws, self.catalogs)
        self.catalog_problems += sender_copy(ws, self.private)
        self.copied: dict[str, list[Problem]] = {}  # each template's private texts
        self.warnings: list[Problem] = [p for p in found if p.warning]
        self.final_only: set[str] = set()  # templates found saying more than drafts
        self.templates: dict[tuple[str, str], CompiledTemplate] = {}
        self.sources: dict[str, bytes] = {}
        # each template's messages, with the paragraph that shows it (see _paragraph_of)
        self.paragraphs: dict[str, dict[Key, str]] = {}
        self.contexts = ContextBuilder(ws, self.catalogs, mark_gaps=not final)
        self._shared: dict[tuple[str, str, str | None, frozenset[str]], LetterParts] = {}
        # Final letters only (set by finalise): who approved each letter's version in each
        # language, so their signatures are shown; drafts and versions never show one.
        self.signed: dict[VersionKey, frozenset[str]] = {}
        # the paragraphs signatories see of an individual letter, by (letter, lang, draft)
        self._shown: dict[tuple[str, str, str | None], list[str]] = {}
        self.emails = Emails(self)  # the e-mail that carries each letter

    def version(self, letter: LetterEntry, lang: str) -> tuple[Version | None, list[Problem]]:
        """The content version of ``letter`` in ``lang`` (recipients as placeholders), and
        the problems of rendering it, and of rendering it with every signature shown."""
        placeholder = letter.definition.mode == "individual"
        data, problems = self.render(Job(letter, lang), draft=None, placeholder=placeholder)
        if data is None:
            return None, problems
        _template, label = self.template(letter, lang)
        # the final letter as it would be once every signatory approved it: pictures and
        # all, so that text under a signature's {% if %} is found before anyone approves
        everyone = frozenset(s.person.id for s in select(self.ws, letter.definition.signatories))
        signed, found = self.render(
            Job(letter, lang), draft=None, placeholder=placeholder, signed=everyone
        )
        # its own problems, named so, else they would wait for finalise (not those the
        # letter's render above gave too: they are named once)
        problems = [*problems, *(signed_only_problem(p) for p in found if p not in problems)]
        if signed is None:
            return None, problems
        said = self._beyond_draft(Job(letter, lang), signed, label, placeholder=placeholder)
        if said is not None:
            return None, [*problems, *self.once(label, said)]
        shared = self.parts_for(letter, lang, None)
        inputs = version_inputs(
            label,
            self.sources[letter.definition.template],
            shared.template_tr,
            shared.case_texts,
            shared.signatories,
            lang,
        )
        inputs.update(version_facts(letter, shared.context, self.ws))
        addressees = (
            addressee_lines(self.contexts, self.ws, letter, lang)
            if covers_addressees(self.ws, letter)
            else {}
        )
        message, found = self.emails.version_lines(letter, lang, shared.template_tr)
        if message is None:
            return None, problems + found
        return make_version(letter.id, lang, data, inputs, message, addressees), problems + found

    def _beyond_draft(
        self, job: Job, final: bytes, label: str, *, placeholder: bool = False
    ) -> Problem | None:
        """Where ``final`` (``job`` rendered as a final letter) and the job's draft differ by
        more than the draft's mark and placeholders, or None: signatories approve the draft."""
        draft, _found = self.render(job, draft=DRAFT_PROBE, placeholder=placeholder)
        if draft is None:
            return None
        shown = paragraphs(final, pictures=True), paragraphs(draft, pictures=True)
        return draft_problem(label, job.letter.id, job.lang, *shown, DRAFT_PROBE)

    def once(self, label: str, problem: Problem) -> list[Problem]:
        """The problem of a template whose final letters and drafts differ (a draft_problem):
        for its first letter and language, then none."""
        if label in self.final_only:
            return []
        self.final_only.add(label)
        return [problem]

    def versions(self, jobs: list[Job]) -> tuple[dict[VersionKey, Version], list[Problem]]:
        """The version of every letter and language among ``jobs``, with the problems
        (warnings too) of rendering each once; where one fails, its recipients' own (their
        forms in its language), which its placeholders stand in for, are named at once too."""
        versions: dict[VersionKey, Version] = {}
        problems: list[Problem] = []
        failed: set[VersionKey] = set()
        for job in jobs:
            key = (job.letter.id, job.lang)
            if key not in versions and key not in failed:
                version, found = self.version(job.letter, job.lang)
                problems += found
                if version is not None:
                    versions[key] = version
                failed.update([key] if version is None else [])
            if key in failed:
                problems += self.problems_of(job)
        return versions, problems

    def template(self, letter: LetterEntry, lang: str) -> tuple[CompiledTemplate, str]:
        """The template of ``letter`` compiled for ``lang``, and its name for messages."""
        name = letter.definition.template
        path = self.ws.templates[name]
        label = self.ws.rel(path)
        if (name, lang) in self.templates:
            return self.templates[(name, lang)], label
        if name not in self.sources:
            source = read_template(path, label)
            self.copied[name] = template_copies(source, label, self.private)
            self.sources[name] = source
            if not shows_version(source):
                self.warnings.append(
                    Problem(
                        label,
                        None,
                        "",
                        "shows no DRAFT mark: drafts from it could pass for final letters. Add"
                        ' {%p if draft %} / {{ _("DRAFT") }} · {{ version }} / {%p endif %}'
                        " to its header (as in the template 'letters init' writes)",
                        warning=True,
                        code=NO_DRAFT_MARK,
                    )
                )
        if self.copied[name]:
            raise TemplateProblem(f"{label}: a private text", self.copied[name])
        compiled = CompiledTemplate(self.sources[name], label, self.env, lang_tag(self.ws, lang))
        self.templates[(name, lang)] = compiled
        return compiled, label

    def parts_for(
        self,
        letter: LetterEntry,
        lang: str,
        draft: str | None,
        signed: frozenset[str] = frozenset(),
    ) -> LetterParts:
        """What every job of ``letter`` in ``lang`` shares, built on first use; ``signed``:
        whose signatures its signatories' views show."""
        key = (letter.id, lang, draft, signed)
        if key not in self._shared:
            builder = self.contexts
            builder.problems, builder.warnings = [], []
            messages = self.catalogs.get((lang, TEMPLATES_DOMAIN))
            template_tr = Translator(messages, mark_gaps=not self.final)
            signatories = select(self.ws, letter.definition.signatories)
            context, case_texts = builder.shared(
                letter, lang, template_tr, signatories, draft=draft
            )
            context["letterhead"] = letterhead_view(self.ws.config.letterhead, self.ws.images, lang)
            if signed:
                context["signatories"] = [
                    builder.person_view(
                        s, lang, letter, addressee=False, signed=s.person.id in signed
                    )
                    for s in signatories
                ]
            self._shared[key] = LetterParts(
                context, case_texts, template_tr, signatories, builder.problems, builder.warnings
            )
        return self._shared[key]

    def context(
        self,
        job: Job,
        *,
        draft: str | None = None,
        placeholder: bool = False,
        signed: frozenset[str] | None = None,
    ) -> tuple[TemplateContext | None, list[Problem]]:
        """The template context of ``job`` and the problems found building it (warnings too);
        ``signed``: whose signatures it shows, if not those the approvals give."""
        context, problems, _shared = self.context_and_parts(job, draft, placeholder, signed)
        return context, problems

    def context_and_parts(
        self, job: Job, draft: str | None, placeholder: bool, signed: frozenset[str] | None
    ) -> tuple[TemplateContext | None, list[Problem], LetterParts]:
        """:meth:`context`, and the letter's shared part it was built from."""
        final = draft is None and not placeholder  # no DRAFT mark, real recipients
        if signed is None:
            approved = self.signed.get((job.letter.id, job.lang), frozenset())
            signed = approved if final else frozenset()
        shared = self.parts_for(job.letter, job.lang, draft, signed)
        builder = self.contexts
        builder.problems, builder.warnings = [], []
        recipients = (
            [job.recipient] if job.recipient else select(self.ws, job.letter.definition.recipients)
        )
        context = builder.addressed(shared.context, job, recipients, placeholder=placeholder)
        warning = not self.final
        warnings = [replace(w, warning=warning) for w in [*shared.warnings, *builder.warnings]]
        if shared.problems or builder.problems:  # its warnings too: every problem at once
            return None, [*shared.problems, *builder.problems, *warnings], shared
        return context, warnings, shared

    def problems_of(self, job: Job, *, draft: str | None = None) -> list[Problem]:
        """Every problem ``job`` has short of rendering it (a quick check before a batch)."""
        return self.context(job, draft=draft)[1]

    def render(
        self,
        job: Job,
        *,
        draft: str | None = None,
        placeholder: bool = False,
        signed: frozenset[str] | None = None,
    ) -> tuple[bytes | None, list[Problem]]:
        """Render ``job``; a ``draft`` shows that version id and a DRAFT mark; ``signed``,
        the signatures shown if not those the approvals give."""
        try:
            template, label = self.template(job.letter, job.lang)
        except TemplateProblem as exc:  # a template's package may have several problems
            return None, list(exc.problems) or [Problem("", None, "", str(exc))]
        context, found, shared = self.context_and_parts(job, draft, placeholder, signed)
        if context is None:
            return None, found
        day = job.letter.definition.date
        try:
            with letter_images():
                data = template.render(context, title=str(context["subject"]), day=day)
        except TemplateProblem as exc:
            return None, [Problem("", None, "", str(exc))]
        gaps = found + self._gaps(job, label, shared)  # of what this letter showed
        if self.final and gaps:
            return None, gaps
        if draft is None and self.signed.get((job.letter.id, job.lang)):
            # signatures shown: the letter may still say nothing its draft did not
            said = self._beyond_draft(job, data, label)
            if said is not None:
                return None, [*gaps, said]
        if job.recipient is not None and not placeholder:
            differs = self._beyond_recipient(job, data, draft, context["recipient"])
            if differs is not None:
                return None, [*gaps, recipient_only_problem(label, job, *differs)]
        return data, gaps

    def _beyond_recipient(
        self, job: Job, data: bytes, draft: str | None, recipient: PersonView
    ) -> tuple[str, str] | None:
        """Where ``job``'s letter differs from the one its signatories see, with the
        recipient as placeholders, by more than the recipient's own text."""
        key = (job.letter.id, job.lang, draft)
        shown = self._shown.get(key)
        if shown is None:
            approved, _found = self.render(Job(job.letter, job.lang), draft=draft, placeholder=True)
            shown = self._shown[key] = paragraphs(approved) if approved else []
        if not shown:
            return None  # the placeholder letter cannot be rendered: that problem is named
        return beyond_recipient(paragraphs(data), shown, own_text(recipient))

    def marked(self) -> int:
        """How many messages the letters rendered so far mark [UNTRANSLATED: ...]: each
        message of each catalog once, however many letters show it."""
        translators = [
            t for s in self._shared.values() for t in (s.template_tr, s.case_texts.translator)
        ]
        return len(
            {(t.messages.label, key) for t in translators if t.messages for key in t.missing}
        )

    def _gaps(self, job: Job, label: str, shared: LetterParts) -> list[Problem]:
        """The messages ``job``'s letter, rendered from ``shared``, shows untranslated: a
        draft's own too (its placeholder where a signature goes), which a --final build
        refuses as it refuses any other."""
        warning = not self.final
        case_texts = shared.case_texts
        template_po = self.ws.rel(po_path(self.ws.root, job.lang, TEMPLATES_DOMAIN))
        name = job.letter.definition.template
        by_email = self.emails.only.get(name, {})
        gaps = shared.template_tr.gaps(
            template_po,
            lambda key: by_email.get(key) or self._paragraph_of(name, label, key),
            warning=warning,
        )
        gaps += case_texts.translator.gaps(case_texts.po_label, case_texts.used_by, warning=warning)
        return gaps

    def _paragraph_of(self, name: str, label: str, key: Key) -> str:
        """The template ``name`` (its ``label``) with the paragraph that shows the message
        ``key`` quoted, as every other problem of a template quotes it; the template alone
        where none does."""
        from letters.i18n.extract import template_messages

        if name not in self.paragraphs:  # read only for a message it shows untranslated
            found: dict[Key, str] = {}
            for message in template_messages(self.sources[name], label):
                msgid = message.id[0] if isinstance(message.id, tuple) else message.id
                found.setdefault((message.context, msgid), message.paragraph)
            self.paragraphs[name] = found
        paragraph = self.paragraphs[name].get(key)
        return f"{label} ({paragraph})" if paragraph else label
