"""The e-mails that carry a renderer's letters, each rendered from ``templates/<name>.email.txt``.

A version covers the e-mail as its signatories see it, recipients as placeholders
(:meth:`Emails.preview`, :meth:`Emails.version_lines`); each recipient's own e-mail
(:meth:`Emails.text`) may differ from it only by that recipient's own lines, as their
letter may. :class:`Emails` is the :class:`~letters.render.renderer.Renderer`'s e-mail
part: it renders from the renderer's contexts and translators, so that a message shown
untranslated is told once, whether a letter or its e-mail showed it first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from letters.errors import LettersError, Problem, TemplateProblem, problems_error
from letters.i18n.catalog import TEMPLATES_DOMAIN, Key, Translator, po_path
from letters.load.loader import LetterEntry
from letters.plan import Job
from letters.render.approval import DRAFT_PROBE, draft_problem, own_text, recipient_only_problem
from letters.render.content_version import beyond_recipient
from letters.render.email_text import EmailText, compile_email_text
from letters.render.environment import make_environment
from letters.render.private_literals import text_copies
from letters.render.template import CompiledText
from letters.render.typography import typeset

if TYPE_CHECKING:
    from letters.render.context import CaseTexts
    from letters.render.renderer import Renderer

__all__ = ["EMAIL_HEADING", "Emails"]

EMAIL_HEADING = "E-mail message:"  # in a version's text, before the e-mail's lines


class Emails:
    """The e-mail part of ``renderer``: each e-mail text compiled once, the preview a
    version covers, and the e-mail each recipient gets, checked against that preview."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer
        self.ws = renderer.ws
        self.env = make_environment(text=True)
        self.templates: dict[str, EmailText] = {}
        # messages only a template's e-mail text uses, by template: named in their gaps
        self.only: dict[str, dict[Key, str]] = {}
        # messages a recipient's own e-mail showed untranslated first (see text)
        self.gaps: list[Problem] = []
        # the messages only the e-mail a version covers shows, by (letter, lang): they keep
        # the draft from approval whether or not any recipient has an address
        self.version_gaps: dict[tuple[str, str], list[Problem]] = {}
        # the preview of each letter's e-mail, by (letter, lang, draft)
        self._shown: dict[
            tuple[str, str, str | None], tuple[str, list[str]] | list[Problem] | None
        ] = {}

    def version_lines(
        self, letter: LetterEntry, lang: str, translator: Translator
    ) -> tuple[list[str] | None, list[Problem]]:
        """The lines a version holds of the e-mail that carries ``letter`` ([] without an
        e-mail text), and the problems of the messages only the e-mail uses (an approval
        covers it too); None for the lines if it cannot be rendered, or says more than its
        review copy."""
        before = {*translator.missing, *translator.inconsistent}
        case_texts = self.renderer.parts_for(letter, lang, None).case_texts  # the preview's
        case_before = _gap_keys(case_texts.translator)
        email = self.preview(letter, lang)
        if email is None:
            return [], []
        if isinstance(email, list):  # the e-mail text cannot be rendered: its problems
            return None, email
        label = self.ws.rel(self.ws.email_texts[letter.definition.template])
        new = {*translator.missing, *translator.inconsistent} - before
        place = self.template(letter.definition.template).place_of
        self.only.setdefault(letter.definition.template, {}).update(
            {key: place(key) for key in new}
        )
        po = self.ws.rel(po_path(self.ws.root, lang, TEMPLATES_DOMAIN))
        gaps = translator.gaps(po, place, warning=not self.renderer.final, only=new)
        gaps += self._case_gaps(case_texts, case_before, label)
        self.version_gaps[(letter.id, lang)] = gaps
        review = self.preview(letter, lang, draft=DRAFT_PROBE)
        said = None
        if isinstance(review, tuple):
            said = draft_problem(label, letter.id, lang, email[1], review[1], DRAFT_PROBE)
        if said is not None:
            return None, [*gaps, *self.renderer.once(label, said)]
        return [EMAIL_HEADING, f"Subject: {email[0]}", *email[1]], gaps

    def preview(
        self, letter: LetterEntry, lang: str, *, draft: str | None = None, whole: bool = False
    ) -> tuple[str, list[str]] | list[Problem] | None:
        """The final e-mail that carries ``letter`` in ``lang`` — subject and body lines,
        recipients as placeholders — so that an approval covers it too (with ``draft``, the
        review copy's); None if the letter's template has no e-mail text, its problems if
        it cannot be rendered. The lines are those that hold text (what an approval
        compares); with ``whole``, every line, blank ones between paragraphs too (to read)."""
        if letter.definition.template not in self.ws.email_texts:
            return None
        try:
            template = self.template(letter.definition.template)
            context, problems = self.renderer.context(
                Job(letter, lang), draft=draft, placeholder=True
            )
            if context is None:
                return problems
            subject, body = self._render(template, context, lang)
        except TemplateProblem as exc:  # a private text copied into it: each line of it
            return list(exc.problems) or [Problem("", None, "", str(exc))]
        return subject, body.splitlines() if whole else _lines(body)

    def _render(
        self, template: CompiledText, context: Mapping[str, Any], lang: str
    ) -> tuple[str, str]:
        """The subject and body of an e-mail, with no-break spaces and apostrophes as its
        letter has them («21 травня 2020 р.», «пані К’яро»): they read alike, and whatever
        space a Babel release writes in a date, the e-mail and its version id stay the same."""
        tag = self.ws.config.languages[lang]
        subject = typeset(str(context["subject"]), tag)
        return subject, typeset(template.render(context), tag)

    def template(self, name: str) -> EmailText:
        """The compiled ``templates/<name>.email.txt``."""
        if name not in self.templates:
            path = self.ws.email_texts.get(name)
            if path is None:
                raise LettersError(
                    f"templates/{name}.email.txt not found: e-mail drafts need the text of"
                    " their message beside the letter's template (see the README)"
                )
            compiled, warnings = compile_email_text(path, self.ws.rel(path), self.env)
            copied = text_copies(compiled.source, self.ws.rel(path), self.renderer.private)
            if copied:
                raise TemplateProblem(f"{self.ws.rel(path)}: a private text", copied)
            self.templates[name] = compiled
            self.renderer.warnings += warnings
        return self.templates[name]

    def problems(self, job: Job, *, draft: str | None = None) -> list[Problem]:
        """The problems of the e-mail that would carry ``job``'s letter to its recipient
        (none without a recipient or an e-mail text), warnings too: a message its branch
        for this recipient shows untranslated, named once."""
        if job.recipient is None or job.letter.definition.template not in self.ws.email_texts:
            return []
        known = len(self.gaps)
        try:
            self.text(job, draft=draft)
        except LettersError as exc:  # with the messages it showed untranslated first
            return [*self.gaps[known:], *(exc.problems or [Problem("", None, "", str(exc))])]
        return self.gaps[known:]

    def text(self, job: Job, *, draft: str | None = None) -> tuple[str, str]:
        """The subject and body of the e-mail that carries ``job``'s letter; a message it
        shows untranslated, not shown so by any render before, is a warning kept in
        :attr:`gaps` (an error raised in a final render)."""
        renderer = self.renderer
        template = self.template(job.letter.definition.template)
        context, problems, shared = renderer.context_and_parts(job, draft, False, None)
        if context is None:
            raise problems_error(problems, "the e-mail drafts")
        translator = shared.template_tr
        before = {*translator.missing, *translator.inconsistent}
        case_before = _gap_keys(shared.case_texts.translator)
        subject, body = self._render(template, context, job.lang)
        label = self.ws.rel(self.ws.email_texts[job.letter.definition.template])
        new = {*translator.missing, *translator.inconsistent} - before
        gaps: list[Problem] = []
        if new:  # a branch only real recipients take (the preview's placeholders do not)
            self.only.setdefault(job.letter.definition.template, {}).update(
                {key: template.place_of(key) for key in new}
            )
            po = self.ws.rel(po_path(self.ws.root, job.lang, TEMPLATES_DOMAIN))
            gaps = translator.gaps(po, template.place_of, warning=not renderer.final, only=new)
        # a case text this e-mail shows and its letter does not (untranslated, fuzzy, or
        # lacking a number or date of its English): named by its field, as a letter names it,
        # and said to be the e-mail's, or a translator would look for it in the letter
        gaps += self._case_gaps(shared.case_texts, case_before, label)
        if gaps and renderer.final:
            raise problems_error(gaps, "the e-mail drafts")
        self.gaps += gaps
        key = (job.letter.id, job.lang, draft)
        if key not in self._shown:
            self._shown[key] = self.preview(job.letter, job.lang, draft=draft)
        preview = self._shown[key]
        if job.recipient is not None and isinstance(preview, tuple):
            differs = beyond_recipient(_lines(body), preview[1], own_text(context["recipient"]))
            if differs is not None:
                problem = recipient_only_problem(label, job, *differs)
                raise problems_error([problem], "the e-mail drafts")
        if draft:  # a review copy says so where a mail program shows it first
            mark = translator.gettext("DRAFT")
            subject = f"[{mark} {draft}] {subject}"
        return subject, body

    def _case_gaps(self, case_texts: CaseTexts, before: set[Key], email: str) -> list[Problem]:
        """The problems of the case texts an e-mail showed first, since ``before`` (the gaps
        its case translator knew then): a letter's render names only those it shows. Each
        names its field and the e-mail text (``email``) that shows it."""
        translator = case_texts.translator
        new = _gap_keys(translator) - before
        if not new:
            return []
        for key in new:  # named as the e-mail's wherever it is named
            case_texts.emailed.setdefault(key, email)
        warning = not self.renderer.final
        return translator.gaps(case_texts.po_label, case_texts.used_by, warning=warning, only=new)


def _gap_keys(translator: Translator) -> set[Key]:
    """The messages ``translator`` has found untranslated or inconsistent so far."""
    return {*translator.missing, *translator.inconsistent}


def _lines(body: str) -> list[str]:
    """The lines of an e-mail's body that hold text: what its approval compares."""
    return [line for line in body.splitlines() if line.strip()]
