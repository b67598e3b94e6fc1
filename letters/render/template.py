"""Render one letter from a .docx template, safely.

docxtpl's defaults are not safe enough for letters that go to officials: no
autoescaping (a ``&`` silently empties the document), a recovering XML parser
(a bad character truncates the rest of the letter), an unsandboxed Jinja for
document properties. :class:`SafeDocxTemplate` closes each of these.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import hashlib
import io
import logging
import re
import zipfile
from collections.abc import Callable, Mapping
from typing import Any

from docx.oxml.parser import parse_xml as docx_parse_xml
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree

from letters.errors import LettersError, TemplateProblem
from letters.files.memo import Kept, by_content
from letters.load.characters import NONCHARACTERS, character_named, invisible_character
from letters.render.blame import package_caused, template_caused
from letters.render.docxpost import W as W_NS
from letters.render.docxpost import (
    core_member,
    drop_unshown_nodes,
    finish_part,
    finish_text,
    finished_blob,
    kept_names,
    member,
    parse_strict,
    serialize,
)
from letters.render.environment import make_environment as make_environment  # re-exported
from letters.render.footnote_parts import TemplateFootnotes
from letters.render.footnotes import (
    Marked,
    Note,
    NoteKey,
    OwnNotes,
    own_notes,
    refuse_notes,
    refuse_unmarked,
    refuse_unreferenced,
    rendered_notes,
    take_notes,
)
from letters.render.images import add_images, letter_package, showing_part
from letters.render.limits import joined
from letters.render.markup_kinds import (
    Kinds,
    Limits,
    count_limits,
    element_kinds,
    refuse_new_kinds,
    table_tag_kinds,
)
from letters.render.package_check import check_docx, refuse_unseen
from letters.render.package_read import template_styles
from letters.render.picture_texts import translatable
from letters.render.syntax_errors import (
    RUNAWAY,
    explain,
    runaway_string,
    template_line,
    unclosed_block,
)
from letters.render.tag_check import tag_problem
from letters.render.tag_source import paragraph_text as paragraph_text  # re-exported
from letters.render.tag_source import unescape_tags
from letters.render.whole_words import Unbroken, name_words
from letters.render.zipout import Member

# A tab, newline, bell or form feed in a w:t element (its text or its start
# tag): only then does docxtpl's resolve_listing change anything.
_LISTING = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\a\n\f]|<w:t [^>]*[\t\a\n\f]")
# What docxtpl's resolve_listing takes a paragraph to be; it changes nothing outside one.
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_ENDNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"

log = logging.getLogger(__name__)


class _Compiled:
    """A Jinja template compiled once; what the template does wrong is reported as its
    problem, anything else (a bug in the tool) goes on as it is."""

    name = "a template"  # what the log calls it: the file and, in a .docx, the part

    def __init__(self, source: str, env: Any) -> None:
        self.source = source
        self.env = env
        log.debug("compiling %s", self.name)
        try:
            self.template = env.from_string(source)
        except Exception as exc:
            raise self._failed("compiling", exc) from None

    def line_of(self, exc: BaseException) -> int | None:
        """The template line ``exc`` is about: for a block never closed, the line that
        opens it (Jinja names the end of the template)."""
        message = exc.message or "" if isinstance(exc, TemplateSyntaxError) else ""
        if "needs to be closed" in message and "unknown tag" not in message:
            opened = unclosed_block(self.env, self.source)
            if opened is not None:
                return opened
        return template_line(exc)

    def problem(self, exc: BaseException) -> TemplateProblem:
        raise NotImplementedError

    def run(self, context: Mapping[str, Any]) -> str:
        log.debug("rendering %s", self.name)
        try:
            return joined(self.template.generate(context))  # refused once over the part size
        except Exception as exc:
            raise self._failed("rendering", exc) from None

    def _failed(self, doing: str, exc: Exception) -> Exception:
        """The error to raise for ``exc``: the template's problem, or ``exc`` itself."""
        log.debug("%s %s failed", doing, self.name, exc_info=exc)
        return self.problem(exc) if template_caused(exc) else exc


class CompiledPart(_Compiled):
    """One XML part of a template, compiled once, rendered for each letter."""

    def __init__(self, owner: SafeDocxTemplate, source: str, partname: str, env: Any) -> None:
        self.owner = owner
        self.partname = partname
        self.name = f"{owner.label} ({partname})"
        super().__init__(source, env)

    def problem(self, exc: BaseException) -> TemplateProblem:
        runaway = None
        if isinstance(exc, TemplateSyntaxError):
            runaway = runaway_string(self.env, self.source)
        line = runaway or self.line_of(exc)
        lines = self.source.splitlines()
        quote = paragraph_text(lines[line - 1]) if line and 0 < line <= len(lines) else ""
        where = f", paragraph “{quote}”" if quote else ""
        said = RUNAWAY if runaway else explain(exc)
        return TemplateProblem(f"{self.owner.label} ({self.partname}{where}): {said}")

    def render(self, context: Mapping[str, Any]) -> str:
        dst_xml = showing_part(self.owner, self.partname, self.run, context)
        # docxtpl would now turn "{_{" into "{{" everywhere, data included; we do not.
        dst_xml = dst_xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        return resolve_listing(self.owner, dst_xml)


def resolve_listing(template: DocxTemplate, xml: str) -> str:
    """What docxtpl's ``resolve_listing`` makes of ``xml`` (a tab, newline, bell or form
    feed in a text becomes Word's tab, line break, paragraph or page break), run only on
    the paragraphs it would change, such as an address's: it runs three nested regular
    expressions over every paragraph it is given."""
    if not _LISTING.search(xml):
        return xml

    def resolved(paragraph: re.Match[str]) -> str:
        text = paragraph.group()
        return str(template.resolve_listing(text)) if _LISTING.search(text) else text

    return _PARAGRAPH.sub(resolved, xml)


class SafeDocxTemplate(DocxTemplate):  # type: ignore[misc]
    """DocxTemplate that renders in a sandbox and never recovers from broken XML."""

    def __init__(self, source: bytes, label: str) -> None:
        super().__init__(io.BytesIO(source))
        self.label = label

    def patch_xml(self, src_xml: str) -> str:
        """docxtpl's preprocessing, then :func:`unescape_tags` ("&amp;" in a tag); a
        picture's alternative text made a message (:mod:`.picture_texts`). Each step
        depends on the text alone, so what a part's XML becomes is kept for the process:
        about a tenth of preparing a template, once for each language and Renderer."""
        key = hashlib.sha256(src_xml.encode("utf-8", "surrogatepass")).digest()
        return _PATCHED.get(key, lambda: _patched(self, src_xml))

    def render_properties(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        # docxtpl renders document properties with an unsandboxed Jinja; we
        # never do, and replace them with clean values afterwards.
        return None

    def compile_part(self, src_xml: str, partname: str, jinja_env: Any) -> CompiledPart:
        """Compile one patched XML part into a Jinja template (done once per batch).

        Each paragraph starts a line of the template, and so does each tag left of a
        paragraph, row or cell tag (``{%p if x %}``): a problem's line is its paragraph.
        """
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
        return CompiledPart(self, _CONTROL_TAG.sub(_own_line, source), partname, jinja_env)

    def render_xml_part(
        self, src_xml: str, part: Any, context: dict[str, Any], jinja_env: Any = None
    ) -> str:
        partname = str(getattr(part, "partname", "word/document.xml")).lstrip("/")
        self.current_rendering_part = part
        return self.compile_part(src_xml, partname, jinja_env).render(context)

    def render_footnotes(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        # docxtpl renders the footnotes part once per section, so a second
        # section would run the first pass's output, data included, as a
        # template. Render each footnotes part exactly once.
        for part in self.docx.part.package.parts:
            if part.content_type == _FOOTNOTES:
                blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
                xml = self.render_xml_part(self.patch_xml(blob), part, context, jinja_env)
                part._blob = xml.encode("utf-8")

    def fix_tables(self, xml: str) -> Any:
        # docxtpl parses here with recover=True, which silently drops whatever
        # follows a broken spot. Refuse broken XML first; on well-formed XML the
        # recovering parse that follows yields exactly the same tree, and its
        # table fix changes nothing where there is no table.
        tree = parse_strict(xml.encode("utf-8"), f"{self.label} (word/document.xml)")
        if "<w:tbl" not in xml:
            return tree
        return super().fix_tables(xml)


def _patched(template: DocxTemplate, src_xml: str) -> str:
    return translatable(unescape_tags(str(DocxTemplate.patch_xml(template, src_xml))))


# each story part's XML as patched (SafeDocxTemplate.patch_xml), by the sha256 of its XML
_PATCHED: Kept[str] = Kept(most=64)

# An element that ends or opens a place between paragraphs, rows and cells, before a tag:
# the tag stands in for a paragraph, row or cell (``{%p if x %}``).
_CONTROL_TAG = re.compile(
    r"(?:</w:(?:p|tbl|tr|tc|tcPr|trPr|tblPr|tblGrid|sdtContent)>"
    r"|<w:(?:body|hdr|ftr|footnote|tr|tc|txbxContent)(?: [^>]*)?>)(?=\{%)"
)


def _own_line(match: re.Match[str]) -> str:
    """The element, then a comment holding a line break, which renders as nothing."""
    return match.group() + "{#\n#}"


_HEADER_FOOTER = (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI)
# what the tag check found in a template's part, by the template's sha256, its label, the
# part and the language it was finished for: None, or the message it is refused with
_TAG_PROBLEMS: Kept[str | None] = Kept(most=64)


@by_content(most=16)
def _as_saved(source: bytes) -> bytes:
    """The template as docxtpl (python-docx) saves it, unrendered: the parts a letter
    takes as they are, the same for every language."""
    saved = io.BytesIO()
    DocxTemplate(io.BytesIO(source)).save(saved)
    return saved.getvalue()


def _static_member(blob: bytes, name: str, label: str, lang_tag: str) -> Member:
    """A part no letter changes (styles, theme, pictures …), finished for ``lang_tag`` and
    compressed once in a process; a picture once for every language."""
    if name.endswith((".xml", ".rels")):
        return _finished_xml(blob, name, label, lang_tag)
    return _packed(blob, name, label)


@by_content(most=64)
def _finished_xml(blob: bytes, name: str, label: str, lang_tag: str) -> Member:
    return member(name, finished_blob(name, blob, label=label, lang_tag=lang_tag))


@by_content(most=64)
def _packed(blob: bytes, name: str, label: str) -> Member:
    return member(name, finished_blob(name, blob, label=label, lang_tag=""))


class CompiledTemplate:
    """A template prepared once per language for a whole batch: compile once, render many.

    What the one-letter path does to every letter's output and that does not
    depend on the letter — tracked changes accepted, comment marks removed,
    every run tagged with the language — is done here once, to the template
    itself; then docxtpl's own preprocessing (``patch_xml``) runs once per story
    part and each part is compiled into Jinja once. The parts no letter changes
    (styles, theme, fonts, numbering …) are finished and compressed once. Each
    letter then costs one Jinja run per story part and the steps that do depend
    on it (strict parse, docxtpl's table fix and drawing ids, no-break spaces).
    Both paths give the same bytes: a test holds them to it on several templates.
    """

    def __init__(
        self, source: bytes, label: str, env: ImmutableSandboxedEnvironment, lang_tag: str
    ) -> None:
        check_docx(source, label)
        self.styles = template_styles(source, label)  # for the rendered parts' colours
        self.unhyphenated = self.styles.unhyphenated()  # paragraphs with no words to keep
        self.label = label
        self.lang_tag = lang_tag
        log.info("preparing %s for the letters in %s", label, lang_tag)
        try:
            self._prepare(source, env)
        except LettersError:
            raise
        except Exception as exc:
            if not package_caused(exc):
                raise  # a bug in the tool, not the template's problem
            raise _unrenderable(label, exc) from None

    def _prepare(self, source: bytes, env: ImmutableSandboxedEnvironment) -> None:
        tag = self.lang_tag
        digest = hashlib.sha256(source).digest()
        tpl = SafeDocxTemplate(source, self.label)
        tpl.render_init()
        self._tpl = tpl
        self.kinds: dict[str, Kinds] = {}  # each story part's kinds of element
        self.limits: dict[str, Limits] = {}  # … and the most of each counted kind
        finish_part("word/document.xml", tpl.docx._element, tag)
        self._check_tags(digest, tpl.docx._element, "word/document.xml")
        self.body = self._compile(tpl.get_xml(), "word/document.xml", env)
        shell = copy.deepcopy(tpl.docx._element)
        old_body = shell.find(f"{{{W_NS}}}body")
        self._body_index = shell.index(old_body)
        shell.replace(old_body, etree.Element(f"{{{W_NS}}}body"))
        self._shell = shell
        self.headers_footers: list[CompiledPart] = []
        for uri in _HEADER_FOOTER:
            for _key, part in tpl.get_headers_footers(uri):
                name = str(part.partname).lstrip("/")
                root = docx_parse_xml(part.blob)
                finish_part(name, root, tag)
                self._check_tags(digest, root, name)
                xml = tpl.xml_to_string(root)
                self.headers_footers.append(self._compile(xml, name, env))
        self.footnotes: list[CompiledPart] = []
        self._own_notes: OwnNotes = {}
        self._marked: Marked = frozenset()  # the notes the last rendered body marks
        for part in tpl.docx.part.package.parts:
            if part.content_type in (_FOOTNOTES, _ENDNOTES):
                name = str(part.partname).lstrip("/")
                root = parse_strict(part.blob, f"{self.label} ({name})")
                self._own_notes |= own_notes(root, name)
            if part.content_type == _FOOTNOTES:
                finish_part(name, root, tag)
                self._check_tags(digest, root, name)
                xml = serialize(root).decode("utf-8")
                self.footnotes.append(self._compile(xml, name, env))
        unrendered = io.BytesIO(_as_saved(source))
        rendered = {"word/document.xml", "docProps/core.xml"}
        rendered |= {c.partname for c in self.headers_footers}
        rendered |= {c.partname for c in self.footnotes}
        self.static: dict[str, Member] = {}
        self._last: dict[str, tuple[bytes, Member, list[NoteKey]]] = {}
        self._cores: dict[tuple[str, dt.date], Member] = {}
        with zipfile.ZipFile(unrendered) as archive:
            self.names = kept_names(archive.namelist())
            for name in self.names:
                if name not in rendered:
                    self.static[name] = _static_member(archive.read(name), name, self.label, tag)
        self._notes = TemplateFootnotes(self.static, self.names, label=self.label, lang_tag=tag)

    def _compile(self, xml: str, name: str, env: ImmutableSandboxedEnvironment) -> CompiledPart:
        """The story part ``name``'s ``xml`` compiled; its kinds of element take in what
        docxtpl's own table tags write (:func:`~letters.render.markup_kinds.table_tag_kinds`)."""
        self.kinds[name] |= table_tag_kinds(xml)
        return self._tpl.compile_part(self._tpl.patch_xml(xml), name, env)

    def _check_tags(self, digest: bytes, root: etree._Element, name: str) -> None:
        """Refuse the template if the story part ``root`` has a tag that would lose text
        (:func:`~letters.render.tag_check.tag_problem`), checked once in a process; else
        take its XML comments out (:func:`~letters.render.docxpost.drop_unshown_nodes`)."""
        key = (digest, self.label, name, self.lang_tag)
        if problem := _TAG_PROBLEMS.get(key, lambda: tag_problem(root, self.label, name)):
            raise TemplateProblem(problem)
        drop_unshown_nodes(root)  # XML comments and processing instructions: no page shows them
        self.kinds[name] = element_kinds(root)  # all a rendered part's markup may be
        self.limits[name] = count_limits(root)

    def render(self, context: Mapping[str, Any], *, title: str, day: dt.date) -> bytes:
        """One finished .docx for ``context``."""
        document, notes = self._document(context)
        members: dict[str, Member] = {}
        for compiled in self.headers_footers:
            members[compiled.partname] = self._small_part(compiled, context, docx_parse_xml)
        for compiled in self.footnotes:
            strict = functools.partial(parse_strict, label=f"{self.label} ({compiled.partname})")
            members[compiled.partname] = self._small_part(compiled, context, strict)
        if (title, day) not in self._cores:
            self._cores = {(title, day): core_member(title, self.lang_tag, day)}
        members["docProps/core.xml"] = self._cores[(title, day)]
        add_images(members, self.static)  # first: the footnotes then take the next free rIds
        names = self._notes.add(notes, members) if notes else self.names
        members["word/document.xml"] = member("word/document.xml", serialize(document))
        return letter_package(members, self.static, names)

    def _small_part(
        self, compiled: CompiledPart, context: Mapping[str, Any], parse: Callable[[bytes], Any]
    ) -> Member:
        """A header, footer or footnotes part: most letters of a batch share its text (the
        DRAFT mark, a page number), so the last one is kept finished and compressed."""
        xml = compiled.render(context).encode("utf-8")
        refuse_notes(xml, self.label, compiled.partname)
        last = self._last.get(compiled.partname)
        if last is not None and last[0] == xml:
            refuse_unreferenced(last[2], self._marked, self.label, compiled.partname)
            return last[1]
        root = self._parse(xml, compiled.partname, parse)
        refuse_unseen(root, self.label, compiled.partname, self.styles)
        name = compiled.partname
        refuse_new_kinds(root, self.kinds[name], self.limits[name], self.label, name)
        notes = rendered_notes(root)
        refuse_unreferenced(notes, self._marked, self.label, name)
        finish_text(compiled.partname, root, self.lang_tag)
        finished = member(compiled.partname, serialize(root))
        self._last[compiled.partname] = (xml, finished, notes)
        return finished

    def _document(self, context: Mapping[str, Any]) -> tuple[etree._Element, list[Note]]:
        """The finished body of a letter, its footnotes not yet numbered, and the notes."""
        xml = self.body.render(context)
        self._tpl.docx_ids_index = 1000
        body = self._tpl.fix_tables(xml)  # strict parse first, then docxtpl's table fix
        refuse_unseen(body, self.label, "word/document.xml", self.styles)
        name = "word/document.xml"
        refuse_new_kinds(body, self.kinds[name], self.limits[name], self.label, name)
        self._marked = refuse_unmarked(body, self._own_notes, self.label)
        self._tpl.fix_docpr_ids(body)
        notes = take_notes(body, self.label, self.lang_tag)
        unbroken = Unbroken(name_words(context), self.unhyphenated)
        finish_text("word/document.xml", body, self.lang_tag, unbroken)
        root = copy.deepcopy(self._shell)
        root[self._body_index] = body
        return root, notes

    def _parse(self, xml: bytes, name: str, parse: Callable[[bytes], Any]) -> Any:
        try:
            return parse(xml)
        except etree.XMLSyntaxError as exc:
            raise TemplateProblem(
                f"{self.label} ({name}): the rendered document is not well-formed XML ({exc.msg})"
            ) from None


def _unrenderable(label: str, exc: BaseException) -> TemplateProblem:
    log.debug("%s cannot be read as a Word document", label, exc_info=exc)
    return TemplateProblem(
        f"{label}: cannot be rendered ({type(exc).__name__}); open it in"
        " Word or LibreOffice and save it again as .docx"
    )


# Characters a plain-text message may not hold: control characters but its tabs and line
# breaks, lone surrogates and noncharacters (what hides or reorders text is found apart).
_TEXT_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{NONCHARACTERS}]")
# The template's own lines refuse such characters as typed (letters.render.email_text); what
# the render writes can still hold one, from an escape in a Jinja string or a filter.
_NOT_WRITTEN = (
    "a message says what its reader sees: take out what writes it (a Jinja string's escape"
    " such as \\u202e, or a filter)"
)


class CompiledText(_Compiled):
    """A plain-text template (an e-mail's message), compiled once, rendered per letter."""

    def __init__(self, source: str, label: str, env: ImmutableSandboxedEnvironment) -> None:
        self.label = label
        self.name = label
        super().__init__(source, env)

    def problem(self, exc: BaseException) -> TemplateProblem:
        line = self.line_of(exc)
        place = f"{self.label}:{line}" if line else self.label
        return TemplateProblem(f"{place}: {explain(exc, in_word=False)}")

    def render(self, context: Mapping[str, Any]) -> str:
        text = self.run(context).strip()
        for number, line in enumerate(text.split("\n"), start=1):
            if invisible := invisible_character(line):
                said = f"an invisible character that can hide text or change its order ({invisible}"
            elif control := _TEXT_CONTROL.search(line):
                code = f"U+{ord(control.group()):04X} at character {control.start() + 1}"
                said = character_named(code).removesuffix(")")
            else:
                continue
            raise TemplateProblem(
                f"{self.label}: the message would hold {said} of its line {number}); {_NOT_WRITTEN}"
            )
        return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
