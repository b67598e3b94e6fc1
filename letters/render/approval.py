"""What signatories approve, and what may go out under their names.

A version records what it was made from (:func:`version_inputs`, :func:`version_facts`),
so a review packet can say which inputs changed. A letter may say nothing its approved
draft does not show: the problems here name a final letter that would
(:func:`final_only_problem`), a draft that shows what its final letter leaves out
(:func:`draft_problem`) and a recipient's letter that differs from the approved text
by more than the recipient's own lines (:func:`recipient_only_problem`), which the version
of an individual letter, or of a joint one its e-mails carry, covers all the same
(:func:`addressee_lines`);
:func:`signed_only_problem` marks a problem that only a final letter's signatures bring.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from letters.errors import Problem
from letters.i18n.catalog import Translator
from letters.load.loader import LetterEntry, PersonEntry, WorkspaceData
from letters.people.directory import select
from letters.plan import Job
from letters.render.closing import addressee_views
from letters.render.content_version import draft_only, unshown
from letters.render.context import CaseTexts, ContextBuilder
from letters.render.template_context import SourceView, TemplateContext


def recipient_only_problem(label: str, job: Job, says: str, shown: str) -> Problem:
    """A template whose letter to one recipient says what its signatories never see."""
    assert job.recipient is not None
    says, shown = (_cut(text) for text in (says, shown))
    return Problem(
        label,
        None,
        "",
        f"the letter {job.letter.id} ({job.lang}) to {job.recipient.person.id} says"
        f" “{says}” where its signatories see “{shown}”; they approve the letter with"
        " placeholders for the recipient, so letters to different recipients may differ"
        " only by the recipient's own name, title, address, salutation and closing: write text"
        " chosen by {% if recipient... %} for every recipient, or make a letter per group",
    )


def own_text(recipient: Mapping[str, object]) -> list[str]:
    """Every text of a recipient a template may show: name, title, address lines..."""
    values = [
        v for value in recipient.values() for v in (value if isinstance(value, list) else [value])
    ]
    return [value for value in values if isinstance(value, str)]


def covers_addressees(ws: WorkspaceData, letter: LetterEntry) -> bool:
    """Whether a version of ``letter`` covers each recipient's own lines
    (:func:`addressee_lines`): an individual letter's draft shows placeholders where they
    go, and the e-mail that carries a joint letter (``templates/<name>.email.txt``) greets
    and closes to each of its recipients with their own salutation and closing."""
    return letter.definition.mode == "individual" or letter.definition.template in ws.email_texts


def addressee_lines(
    builder: ContextBuilder, ws: WorkspaceData, letter: LetterEntry, lang: str
) -> dict[str, str]:
    """{recipient id: their own lines} of each recipient of ``letter`` in ``lang``: every
    text of theirs its letters or e-mails may show where its draft has placeholders
    (:func:`own_text`), in one line: "Генеральному прокурору … | Уважаемый …! | С уважением".
    A version covers them (see :func:`covers_addressees`), so a salutation typed anew after
    the approvals, a sentence added to it, or a recipient added, makes a new version that
    signatories approve again."""
    lines = {}
    for who, view in addressee_views(builder, ws, letter, lang):
        shown = own_text({k: v for k, v in view.items() if k not in ("id", "gender")})
        lines[who] = " | ".join(dict.fromkeys(t for t in shown if t))
    return lines


def _cut(text: str) -> str:
    return text if len(text) <= 60 else text[:57].rstrip() + "..."


def final_only_problem(label: str, letter: str, lang: str, said: str) -> Problem:
    """A template whose final letters would say what their drafts do not show."""
    return Problem(
        label,
        None,
        "",
        f"the final letter {letter} ({lang}) would say “{_cut(said)}”, which its draft does not"
        " show; signatories approve the draft, so a final letter may differ from it only by"
        " the DRAFT mark and placeholders {% if draft %} adds to drafts and by"
        " signature pictures: no text under {% if not draft %}, {% else %} or a signature,"
        " and no {% if draft %} inside a paragraph",
    )


def draft_problem(
    label: str, letter: str, lang: str, final: list[str], draft: list[str], version_id: str
) -> Problem | None:
    """A template whose final letters and drafts (their paragraphs, the draft showing
    ``version_id``) differ by more than a draft's own mark and placeholders, either way."""
    said = unshown(final, draft)
    if said is not None:
        return final_only_problem(label, letter, lang, said)
    shown = draft_only(final, draft, version_id)
    if shown is None:
        return None
    return Problem(
        label,
        None,
        "",
        f"the draft of {letter} ({lang}) shows “{_cut(shown)}”, which its final letter would"
        " not say; signatories approve what the draft shows, so a draft may add to its letter"
        " only its DRAFT mark (the paragraph with the version id) and placeholders where"
        " signatures go (a word, or up to three in square brackets: [signature]): no other"
        " text under {% if draft %}",
    )


# The version id a draft is rendered with to compare it with its final form.
DRAFT_PROBE = "0000-0000"

SIGNED_ONLY = "(only in the final letter, where the signatures are shown)"


def signed_only_problem(problem: Problem) -> Problem:
    """``problem``, found in a letter rendered with every signature shown, saying so: no
    draft shows a signature, so no draft has it, and it would stop only ``finalise``."""
    return replace(problem, message=f"{problem.message} {SIGNED_ONLY}")


def version_inputs(
    label: str,
    source: bytes,
    template_tr: Translator,
    case_texts: CaseTexts,
    signatories: list[PersonEntry],
    lang: str,
) -> dict[str, str]:
    """What a version was made from, to tell a signatory which inputs changed since."""
    inputs = {f"template {label}": hashlib.sha256(source).hexdigest()[:16]}
    for (context, msgid), found in template_tr.used.items():
        ctx = f" ({context})" if context else ""
        inputs[f"template text{ctx}: {msgid}"] = f"{lang}: {found}" if found else msgid
    for key, found in case_texts.translator.used.items():
        # keyed by field, not line: adding a paragraph must not "change" all that follow
        where = case_texts.fields.get(key, case_texts.doc.label)
        inputs[f"case text {where}"] = f"{key[1]} => {found}"
    for entry in signatories:
        shown = entry.person.model_dump(mode="json", exclude=REVIEW_ONLY)
        inputs[f"signatory {entry.person.id}"] = repr(shown)
    return inputs


# What the directory says of a signatory for their review alone: which drafts they read,
# who answers for them, how they were imported. No letter shows it, so a change to it must
# not be listed to signatories as a change to the letter they are asked to approve again.
REVIEW_ONLY = {"language", "reads", "delegates", "tags", "ep_id", "imported"}


def comparable_input(key: str, value: str) -> str:
    """A version's input ``value`` as it is compared with another version's: a signatory
    recorded before their REVIEW_ONLY fields were left out of the inputs without them, or
    every version answered before an upgrade would list every signatory as changed."""
    if not key.startswith("signatory ") or not any(f"'{name}'" in value for name in REVIEW_ONLY):
        return value
    recorded = recorded_fields(value)
    if recorded is None:
        return value  # not a record this tool wrote: compared as it stands
    return repr({name: field for name, field in recorded.items() if name not in REVIEW_ONLY})


def recorded_fields(value: str) -> dict[Any, Any] | None:
    """A version's input that records a mapping (a signatory, a letter's definition) read
    back as one; None for any other text, which is compared as it stands."""
    try:
        recorded = ast.literal_eval(value)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    return recorded if isinstance(recorded, dict) else None


def version_facts(
    letter: LetterEntry, context: TemplateContext, ws: WorkspaceData
) -> dict[str, str]:
    """The inputs of a version that are not texts: the letter's own settings, the public
    facts of its case (dates, kinds of events, sources) and the letter's addressees."""
    case = context["case"]
    facts = {
        f"letter {letter.id}": repr(letter.definition.model_dump(mode="json")),
        "case facts": repr(
            {
                "timeline": [
                    (str(e["date"]), e["kind"], _sources(e["sources"])) for e in case["timeline"]
                ],
                "years_seeking_protection": case["years_seeking_protection"],
                "has_minor_child": case["person"]["has_minor_child"],
                "sources": _sources(case["sources"]),
            }
        ),
    }
    for entry in select(ws, letter.definition.recipients):  # an individual letter's too
        facts[f"recipient {entry.person.id}"] = repr(entry.person.model_dump(mode="json"))
    return facts


def _sources(sources: list[SourceView]) -> list[tuple[str, str]]:
    """Each source's id and address: its description is a case text, compared as one, and
    its lazy translation has no repr that stays the same from run to run."""
    return [(source["id"], source["url"]) for source in sources]
