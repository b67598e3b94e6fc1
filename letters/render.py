"""Render one letter from a .docx template, safely.

docxtpl's defaults are not safe enough for letters that go to officials: no
autoescaping (a ``&`` silently empties the document), a recovering XML parser
(a bad character truncates the rest of the letter), an unsandboxed Jinja for
document properties. :class:`SafeDocxTemplate` closes each of these.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import traceback
import zipfile
from collections.abc import Callable
from typing import Any

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError, pass_context
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from letters.docxpost import parse_strict
from letters.errors import LettersError, TemplateProblem
from letters.models import PartialDate

_TAGS = re.compile(r"<[^>]+>")
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def _locale(context: Context) -> Locale:
    locale = context.get("locale")
    if not isinstance(locale, Locale):
        raise TemplateProblem("internal: no locale in the template context")
    return locale


@pass_context
def _date_filter(context: Context, value: object, form: str = "long") -> str:
    locale = _locale(context)
    if isinstance(value, PartialDate):
        if value.day is None:
            return format_skeleton("yMMMM", value.as_date(), locale=locale)
        value = value.as_date()
    if isinstance(value, dt.date):
        return format_date(value, form, locale=locale)
    raise TemplateProblem(f"the date filter needs a date, not {type(value).__name__}")


@pass_context
def _list_filter(context: Context, value: object) -> str:
    if not isinstance(value, list | tuple):
        raise TemplateProblem("the format_list filter needs a list")
    return format_list([str(v) for v in value], locale=_locale(context))


def make_environment() -> ImmutableSandboxedEnvironment:
    """The one Jinja environment every template is rendered in."""
    env = ImmutableSandboxedEnvironment(
        autoescape=True,
        undefined=StrictUndefined,
        auto_reload=False,
    )
    env.filters["date"] = _date_filter
    env.filters["format_list"] = _list_filter
    return env


def paragraph_text(xml_line: str) -> str:
    text = _TAGS.sub("", xml_line)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    text = " ".join(text.split())
    return text if len(text) <= 120 else text[:117] + "..."


def _template_line(exc: BaseException) -> int | None:
    if isinstance(exc, TemplateSyntaxError) and exc.lineno:
        return exc.lineno
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == "<template>":
            line = lineno
    return line


def _explain(exc: BaseException) -> str:
    if isinstance(exc, LettersError):
        return str(exc)
    if isinstance(exc, TypeError) and "no loader" in str(exc):
        return "{% include %}, {% import %} and {% extends %} are not available in letter templates"
    if isinstance(exc, RecursionError):
        return "a macro calls itself without end"
    if isinstance(exc, UndefinedError):
        name = re.search(r"'([^']+)' is undefined", str(exc))
        if name:
            return f"'{name.group(1)}' is not defined for this letter"
        return "uses a value that is not defined for this letter"
    if isinstance(exc, SecurityError):
        return "tries to reach something a template may not use (blocked by the sandbox)"
    if isinstance(exc, TemplateSyntaxError):
        return f"template syntax error: {exc.message}"
    if isinstance(exc, UndefinedError | TemplateError):
        return str(exc)
    return f"cannot be evaluated ({type(exc).__name__}: {exc})"


class SafeDocxTemplate(DocxTemplate):  # type: ignore[misc]
    """DocxTemplate that renders in a sandbox and never recovers from broken XML."""

    def __init__(self, source: bytes, label: str) -> None:
        super().__init__(io.BytesIO(source))
        self.label = label

    def render_properties(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        # docxtpl renders document properties with an unsandboxed Jinja; we
        # never do, and replace them with clean values afterwards.
        return None

    def render_xml_part(
        self, src_xml: str, part: Any, context: dict[str, Any], jinja_env: Any = None
    ) -> str:
        src_xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
        partname = str(getattr(part, "partname", "word/document.xml")).lstrip("/")
        try:
            self.current_rendering_part = part
            template = jinja_env.from_string(src_xml)
            dst_xml = template.render(context)
        except Exception as exc:  # any failure inside a template is the template's problem
            line = _template_line(exc)
            lines = src_xml.splitlines()
            quote = paragraph_text(lines[line - 1]) if line and 0 < line <= len(lines) else ""
            where = f", paragraph “{quote}”" if quote else ""
            raise TemplateProblem(f"{self.label} ({partname}{where}): {_explain(exc)}") from None
        # docxtpl would now turn "{_{" into "{{" everywhere, data included; we do not.
        dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst_xml)
        return str(self.resolve_listing(dst_xml))

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
        # recovering parse that follows yields exactly the same tree.
        parse_strict(xml.encode("utf-8"), f"{self.label} (word/document.xml)")
        return super().fix_tables(xml)


def check_docx(source: bytes, label: str) -> None:
    """Refuse a template that is not a Word document, with a message saying so."""
    try:
        with zipfile.ZipFile(io.BytesIO(source)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise TemplateProblem(
            f"{label}: not a Word document (.docx); save it from Word or LibreOffice as .docx"
        ) from None
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise TemplateProblem(f"{label}: a zip file but not a Word document (no word/document.xml)")


def render_docx(
    source: bytes,
    label: str,
    context: dict[str, Any],
    env: ImmutableSandboxedEnvironment,
    finish: Callable[[bytes], bytes],
) -> bytes:
    """Render ``source`` with ``context`` and return the finished .docx bytes."""
    check_docx(source, label)
    try:
        template = SafeDocxTemplate(source, label)
        template.render(context, jinja_env=env, autoescape=True)
        buffer = io.BytesIO()
        template.save(buffer)
    except LettersError:
        raise
    except Exception as exc:  # a damaged or unusual package; never a traceback
        raise TemplateProblem(
            f"{label}: cannot be rendered ({type(exc).__name__}); open it in"
            " Word or LibreOffice and save it again as .docx"
        ) from None
    return finish(buffer.getvalue())
