"""Build letters: plan the files, render them all in memory, then write them atomically.

Nothing is written unless every letter renders: a failed build leaves the
previous output exactly as it was.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from letters.atomic import atomic_write_bytes, check_writable
from letters.catalog import (
    TEMPLATES_DOMAIN,
    Messages,
    Translator,
    case_domain,
    load_messages,
    po_path,
)
from letters.context import CaseTexts, ContextBuilder, Job
from letters.directory import select
from letters.errors import (
    LettersError,
    Problem,
    TemplateProblem,
    ToolMissing,
    problems_error,
    sort_problems,
)
from letters.lock import workspace_lock
from letters.render import CompiledTemplate, make_environment
from letters.versions import Version, make_version
from letters.workspace import LetterEntry, PersonEntry, Workspace, open_workspace


def lang_tag(ws: Workspace, lang: str) -> str:
    return ws.config.languages[lang].replace("_", "-")


@dataclass
class Plan:
    jobs: list[Job]
    problems: list[Problem]


def plan(ws: Workspace, letter_ids: Iterable[str] = (), langs: Iterable[str] = ()) -> Plan:
    problems: list[Problem] = []
    wanted = list(dict.fromkeys(letter_ids)) or list(ws.letters)
    langs = list(dict.fromkeys(langs))
    for lang in langs:
        if lang not in ws.config.languages:
            raise LettersError(
                f"unknown language '{lang}'; this workspace writes in"
                f" {', '.join(ws.config.languages)} (see workspace.yaml)"
            )
    jobs: list[Job] = []
    for letter_id in wanted:
        if letter_id not in ws.letters:
            known = ", ".join(ws.letters) or "none"
            raise LettersError(f"unknown letter '{letter_id}'; the letters are: {known}")
        letter = ws.letters[letter_id]
        d = letter.definition
        recipients = select(ws, d.recipients)
        if not recipients:
            line, where = letter.where("recipients")
            problems.append(Problem(letter.label, line, where, "selects nobody"))
            continue
        if not select(ws, d.signatories):
            line, where = letter.where("signatories")
            problems.append(Problem(letter.label, line, where, "selects nobody"))
        case = ws.cases.get(letter.case_id)
        asks = [a for a in case.case.asks if d.asks is None or a.id in d.asks] if case else []
        if case and not [a for a in asks if not a.private]:
            line, where = letter.where("asks")
            problems.append(
                Problem(
                    letter.label,
                    line,
                    where,
                    "the letter asks for nothing: every ask it selects is private",
                )
            )
        if d.mode == "joint":
            if d.languages == "preferred":
                line, where = letter.where("languages")
                problems.append(
                    Problem(
                        letter.label,
                        line,
                        where,
                        "a joint letter needs a list of languages, not 'preferred'",
                    )
                )
                continue
            for lang in langs or d.languages:
                if langs or lang in ws.config.languages:
                    jobs.append(Job(letter, lang))
        else:
            for entry in recipients:
                if langs:
                    chosen = langs
                elif d.languages == "preferred":
                    chosen = [entry.person.language]
                else:
                    chosen = d.languages
                jobs.extend(Job(letter, lang, entry) for lang in chosen)
    return Plan(jobs, problems)


@dataclass
class _Shared:
    """What every job of one letter in one language shares, built once."""

    context: dict[str, Any]
    case_texts: CaseTexts
    template_tr: Translator
    signatories: list[PersonEntry]
    problems: list[Problem]
    warnings: list[Problem]


class Renderer:
    """Renders jobs of one workspace, loading each catalog and compiling each template once."""

    def __init__(self, ws: Workspace, final: bool = False) -> None:
        self.ws = ws
        self.final = final
        self.env = make_environment()
        self.catalogs: dict[tuple[str, str], Messages] = {}
        self.catalog_problems: list[Problem] = []
        self.template_warnings: list[Problem] = []
        self.templates: dict[str, CompiledTemplate] = {}
        self.sources: dict[str, bytes] = {}
        self.contexts = ContextBuilder(ws, self.catalogs, mark_gaps=not final)
        self._shared: dict[tuple[str, str, str | None], _Shared] = {}
        self._load_catalogs()

    def _load_catalogs(self) -> None:
        ws = self.ws
        domains = [TEMPLATES_DOMAIN, *(case_domain(c) for c in ws.cases)]
        for lang in ws.config.languages:
            if lang == ws.config.source_language:
                continue
            for domain in domains:
                path = po_path(ws.root, lang, domain)
                messages, problems = load_messages(path, ws.rel(path), lang)
                self.catalogs[(lang, domain)] = messages
                self.catalog_problems += problems

    def version(self, letter: LetterEntry, lang: str) -> tuple[Version | None, list[Problem]]:
        """The content version of ``letter`` in ``lang`` (recipients as placeholders)."""
        placeholder = letter.definition.mode == "individual"
        data, problems = self.render(Job(letter, lang), draft=None, placeholder=placeholder)
        if data is None:
            return None, problems
        shared = self._shared_for(letter, lang, None)
        _template, label = self.template(letter)
        inputs = _inputs(
            label,
            self.sources[letter.definition.template],
            shared.template_tr,
            shared.case_texts,
            shared.signatories,
            lang,
        )
        return make_version(letter.id, lang, data, inputs), problems

    def template(self, letter: LetterEntry) -> tuple[CompiledTemplate, str]:
        """The compiled template of ``letter`` and its name for messages."""
        name = letter.definition.template
        path = self.ws.templates[name]
        label = self.ws.rel(path)
        if name not in self.templates:
            source = path.read_bytes()
            self.sources[name] = source
            self.templates[name] = CompiledTemplate(source, label, self.env)
            if not shows_version(source):
                self.template_warnings.append(
                    Problem(
                        label,
                        None,
                        "",
                        "shows no DRAFT mark: drafts from it could pass for final letters. Add"
                        ' {%p if draft %} / {{ _("DRAFT") }} · {{ version }} / {%p endif %}'
                        " to its header (as in the template 'letters init' writes)",
                        warning=True,
                    )
                )
        return self.templates[name], label

    def _shared_for(self, letter: LetterEntry, lang: str, draft: str | None) -> _Shared:
        key = (letter.id, lang, draft)
        if key not in self._shared:
            builder = self.contexts
            builder.problems, builder.warnings = [], []
            messages = self.catalogs.get((lang, TEMPLATES_DOMAIN))
            template_tr = Translator(messages, mark_gaps=not self.final)
            signatories = select(self.ws, letter.definition.signatories)
            context, case_texts = builder.shared(
                letter, lang, template_tr, signatories, draft=draft
            )
            self._shared[key] = _Shared(
                context, case_texts, template_tr, signatories, builder.problems, builder.warnings
            )
        return self._shared[key]

    def render(
        self, job: Job, *, draft: str | None = None, placeholder: bool = False
    ) -> tuple[bytes | None, list[Problem]]:
        """Render ``job``; a ``draft`` shows that version id and a DRAFT mark."""
        ws = self.ws
        d = job.letter.definition
        try:
            template, label = self.template(job.letter)
        except TemplateProblem as exc:
            return None, [Problem("", None, "", str(exc))]
        shared = self._shared_for(job.letter, job.lang, draft)
        builder = self.contexts
        builder.problems, builder.warnings = [], []
        recipients = [job.recipient] if job.recipient else select(ws, d.recipients)
        context = builder.addressed(shared.context, job, recipients, placeholder=placeholder)
        if shared.problems or builder.problems:
            return None, [*shared.problems, *builder.problems]
        tag = lang_tag(ws, job.lang)
        try:
            data = template.render(context, lang_tag=tag, title=context["subject"], day=d.date)
        except TemplateProblem as exc:
            return None, [Problem("", None, "", str(exc))]
        final = self.final
        case_texts = shared.case_texts
        template_po = ws.rel(po_path(ws.root, job.lang, TEMPLATES_DOMAIN))
        gaps = shared.template_tr.gaps(template_po, lambda _key: label, warning=not final)
        gaps += case_texts.translator.gaps(
            case_texts.po_label, case_texts.used_by, warning=not final
        )
        gaps += [replace(w, warning=not final) for w in [*shared.warnings, *builder.warnings]]
        if final and gaps:
            return None, gaps
        return data, gaps


def shows_version(template: bytes) -> bool:
    """True if the template prints the version id somewhere (the DRAFT mark)."""
    try:
        with zipfile.ZipFile(io.BytesIO(template)) as archive:
            names = archive.namelist()
            parts = [n for n in names if n.startswith("word/") and n.endswith(".xml")]
            text = "".join(
                re.sub(r"<[^>]+>", "", archive.read(n).decode("utf-8", "replace")) for n in parts
            )
    except zipfile.BadZipFile:
        return True  # not a .docx at all: rendering reports that, more usefully
    return re.search(r"\{\{[^}]*\bversion\b", text) is not None


def _inputs(
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
        inputs[f"signatory {entry.person.id}"] = repr(entry.person.model_dump(mode="json"))
    return inputs


VersionKey = tuple[str, str]  # (letter id, language)


def render_all(
    ws: Workspace, jobs: list[Job], final: bool = False, draft: bool = True
) -> tuple[dict[Job, bytes], list[Problem], dict[VersionKey, Version]]:
    """Render every job; return the documents, every problem (warnings too) and the versions.

    Drafts show their version id and a DRAFT mark; with ``draft=False`` (finalise)
    the letters carry neither.
    """
    renderer = Renderer(ws, final)
    problems = list(renderer.catalog_problems)
    if problems:
        return {}, problems, {}
    versions: dict[VersionKey, Version] = {}
    for job in jobs:
        key = (job.letter.id, job.lang)
        if key not in versions:
            version, found = renderer.version(job.letter, job.lang)
            problems += [p for p in found if not p.warning]
            if version is not None:
                versions[key] = version
    results: dict[Job, bytes] = {}
    for job in jobs:
        version_ = versions.get((job.letter.id, job.lang))
        if version_ is None:
            continue
        data, found = renderer.render(job, draft=version_.short if draft else None)
        problems += found
        if data is not None:
            results[job] = data
    problems += renderer.template_warnings
    return results, sort_problems(problems), versions


@dataclass
class BuildResult:
    written: list[Path]
    warnings: list[Problem]


def output_path(out_dir: Path, job: Job, suffix: str = ".docx") -> Path:
    path = (out_dir / job.letter.id / f"{job.stem}{suffix}").resolve()
    if not path.is_relative_to(out_dir.resolve()):  # ids are slugs; this is a second lock
        raise LettersError(f"refusing to write outside {out_dir}: {job.stem}")
    return path


def build(
    workspace: Path,
    letter_ids: Iterable[str] = (),
    langs: Iterable[str] = (),
    out_dir: Path | None = None,
    pdf: bool = False,
    final: bool = False,
) -> BuildResult:
    """Render the chosen letters and write them under ``out_dir``.

    A draft (the default) marks each untranslated message in the letter and
    reports it as a warning; a ``final`` build refuses any gap instead.
    """
    ws = open_workspace(workspace)
    out = (out_dir if out_dir is not None else ws.root / "out").resolve()
    the_plan = plan(ws, letter_ids, langs)
    if the_plan.problems:
        raise problems_error(the_plan.problems)
    results, problems, _versions = render_all(ws, the_plan.jobs, final)
    errors = [p for p in problems if not p.warning]
    if errors:
        raise problems_error(errors, "the letters; nothing was written")
    targets = [output_path(out, job) for job in the_plan.jobs]
    check_writable(targets + ([p.with_suffix(".pdf") for p in targets] if pdf else []))
    pdfs: dict[Job, bytes] = convert_to_pdf(results) if pdf else {}
    written = []
    with workspace_lock(ws.root, "build"):
        for job in the_plan.jobs:
            path = output_path(out, job)
            atomic_write_bytes(path, results[job])
            written.append(path)
            if job in pdfs:
                pdf_path = output_path(out, job, ".pdf")
                atomic_write_bytes(pdf_path, pdfs[job])
                written.append(pdf_path)
    return BuildResult(written, [p for p in problems if p.warning])


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ToolMissing(
        "LibreOffice is needed for PDF output but was not found. Install it (Debian/Ubuntu:"
        " 'apt-get install libreoffice-writer-nogui fonts-liberation2') or build without --pdf."
    )


def convert_to_pdf(documents: dict[Job, bytes], timeout: int = 300) -> dict[Job, bytes]:
    """Convert all documents with one LibreOffice run; return PDF bytes per job."""
    program = soffice()
    with tempfile.TemporaryDirectory(prefix="letters-pdf-") as tmp:
        tmpdir = Path(tmp)
        sources = []
        for job, data in documents.items():
            path = tmpdir / f"{job.stem}.docx"
            path.write_bytes(data)
            sources.append(path)
        profile = (tmpdir / "profile").as_uri()
        command = [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmpdir / "pdf"),
            *map(str, sources),
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise LettersError(
                f"LibreOffice did not finish converting within {timeout} s"
            ) from None
        except subprocess.CalledProcessError as exc:
            raise LettersError(
                f"LibreOffice failed to convert the letters (exit {exc.returncode})"
            ) from None
        result = {}
        for job in documents:
            pdf = tmpdir / "pdf" / f"{job.stem}.pdf"
            if not pdf.is_file():
                raise LettersError(f"LibreOffice produced no PDF for {job.stem}")
            result[job] = pdf.read_bytes()
        return result
