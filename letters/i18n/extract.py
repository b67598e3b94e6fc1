"""Find the translatable messages of templates and cases.

Templates are read the way docxtpl renders them: its own preprocessing first
(which joins tags Word split across runs and unwraps ``{%p %}``, ``{%tr %}``
and ``{%r %}``), then Jinja's extractor. Reading raw document.xml finds
nothing in a real Word file, because Word splits ``{{ _("...") }}`` into runs.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from jinja2.ext import babel_extract

from letters.errors import TemplateProblem
from letters.i18n.catalog import PLACEHOLDER
from letters.i18n.plurals import language_rule
from letters.load.case_texts import case_texts
from letters.load.loader import CaseEntry, LetterEntry
from letters.load.yamlio import Loc, format_loc
from letters.render.package_check import check_docx
from letters.render.template import SafeDocxTemplate, paragraph_text

GETTEXT_KEYWORDS = ("_", "gettext", "ngettext", "pgettext", "npgettext")


@dataclass(frozen=True)
class Message:
    """One translatable message found, with where it was found and a note for translators."""

    id: str | tuple[str, str]
    context: str | None
    location: tuple[str, int]
    comment: str


def template_parts(source: bytes, label: str) -> Iterator[tuple[str, str]]:
    """(part name, preprocessed XML) for the body, headers, footers and footnotes."""
    check_docx(source, label)
    template = SafeDocxTemplate(source, label)
    template.init_docx()
    yield "word/document.xml", template.patch_xml(template.get_xml())
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        for _rel, part in template.get_headers_footers(uri):
            yield str(part.partname).lstrip("/"), template.patch_xml(template.get_part_xml(part))
    for part in template.docx.part.package.parts:
        if str(part.partname).endswith("/footnotes.xml"):
            yield str(part.partname).lstrip("/"), template.patch_xml(part.blob.decode("utf-8"))


def template_messages(source: bytes, label: str) -> list[Message]:
    """The messages of a Word template, as docxtpl will see its tags."""
    found = []
    for partname, xml in template_parts(source, label):
        xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
        found += _jinja_messages(xml, label, partname)
    return found


def text_messages(text: str, label: str) -> list[Message]:
    """The messages of a plain-text template (an e-mail's message)."""
    return _jinja_messages(text, label, None)


def _jinja_messages(source: str, label: str, partname: str | None) -> list[Message]:
    lines = source.splitlines()
    options = {} if partname else {"trim_blocks": "true", "lstrip_blocks": "true"}
    try:
        extracted = list(
            babel_extract(
                io.BytesIO(source.encode("utf-8")),
                GETTEXT_KEYWORDS,
                ["NOTE:", "TRANSLATORS:"],
                options,
            )
        )
    except Exception as exc:  # jinja raises TemplateSyntaxError with the line
        line = getattr(exc, "lineno", None)
        if partname is None:
            raise TemplateProblem(f"{label}:{line or 0}: {exc}") from None
        quote = paragraph_text(lines[line - 1]) if line and 0 < line <= len(lines) else ""
        raise TemplateProblem(f"{label} ({partname}, paragraph “{quote}”): {exc}") from None
    found = []
    for lineno, func, message, comments in extracted:
        msg = _message_from(func, message)
        if msg is None:
            continue
        msgid, context = msg
        quote = paragraph_text(lines[lineno - 1]) if 0 < lineno <= len(lines) else ""
        note = " ".join(comments) or f"{partname or 'e-mail'}: {quote}"
        found.append(Message(msgid, context, (label, lineno), note))
    return found


def babel_extract_docx(
    fileobj: Any, keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Babel extractor for .docx templates (entry point ``letters_docx``).

    Use it in a babel.cfg section ``[letters_docx: templates/**.docx]``.
    """
    label = str(getattr(fileobj, "name", "template.docx"))
    for partname, xml in template_parts(fileobj.read(), label):
        xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
        for lineno, func, message, comments in babel_extract(
            io.BytesIO(xml.encode("utf-8")), keywords, comment_tags, options
        ):
            yield lineno, func, message, comments or [partname]


def babel_extract_case(
    fileobj: Any, keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Babel extractor for case.yaml and letters.yaml (entry point ``letters_case``).

    Private facts are skipped, exactly as ``letters i18n extract`` skips them.
    """
    from letters.load.models import Case, LettersFile
    from letters.load.validation import validate
    from letters.load.yamlio import load_text

    label = str(getattr(fileobj, "name", "case.yaml"))
    doc = load_text(fileobj.read().decode("utf-8"), label)
    if Path(label).name == "letters.yaml":
        letters, _problems = validate(LettersFile, doc)
        entries = (
            [LetterEntry(d, "", label, doc, i) for i, d in enumerate(letters.letters)]
            if (letters)
            else []
        )
        found = [
            Message(text, None, (label, doc.line_of(loc) or 0), format_loc(loc))
            for e in entries
            for text, loc in letter_texts(e)
        ]
    else:
        case, _problems = validate(Case, doc)
        found = case_messages(CaseEntry("", case, label, doc), []) if case else []
    for m in found:
        yield m.location[1], "gettext", m.id, [m.comment]


def _message_from(func: str, message: Any) -> tuple[str | tuple[str, str], str | None] | None:
    args = message if isinstance(message, tuple) else (message,)
    if func in ("_", "gettext") and isinstance(args[0], str):
        return args[0], None
    if (
        func == "pgettext"
        and len(args) >= 2
        and isinstance(args[0], str)
        and isinstance(args[1], str)
    ):
        return args[1], args[0]
    if func == "ngettext" and len(args) >= 2 and all(isinstance(a, str) for a in args[:2]):
        return (args[0], args[1]), None
    if func == "npgettext" and len(args) >= 3 and all(isinstance(a, str) for a in args[:3]):
        return (args[1], args[2]), args[0]
    return None


def case_messages(case: CaseEntry, letters: list[LetterEntry]) -> list[Message]:
    """Every public text of a case and of its letters, each with its file, line and field.

    Which texts a case has, and which are public, is :mod:`letters.load.case_texts`.
    """
    out: list[Message] = []

    def add(text: str, loc: tuple[str | int, ...], doc: Any = case.doc) -> None:
        out.append(Message(text, None, (doc.label, doc.line_of(loc) or 0), format_loc(loc)))

    for found in case_texts(case.case):
        if found.translated and found.public:
            add(found.text, found.loc)
    for letter in letters:
        for text, loc in letter_texts(letter):
            add(text, loc, letter.doc)
    return out


def letter_texts(letter: LetterEntry) -> Iterator[tuple[str, Loc]]:
    """The translated texts of a letter definition (its subject, its own summary, its
    framing sentence), each with where it stands in letters.yaml."""
    d = letter.definition
    yield d.subject, ("letters", letter.index, "subject")
    if d.summary is not None:
        yield d.summary, ("letters", letter.index, "summary")
    if d.framing is not None:
        yield d.framing, ("letters", letter.index, "framing")


def empty_catalog(domain: str, locale: str | None = None) -> Catalog:
    """A catalog with our header; for a language, the Plural-Forms of GNU gettext where
    :mod:`letters.i18n.plurals` knows it (the same with any Babel release), else Babel's."""
    catalog = Catalog(
        locale=locale,
        domain=domain,
        project="letters",
        version="",
        msgid_bugs_address="",
        charset="utf-8",
        fuzzy=False,
        language_team=f"{locale} translators" if locale else None,
        last_translator="",
    )
    rule = language_rule(locale) if locale else None
    if rule is not None:
        catalog.mime_headers = [("Plural-Forms", rule.header)]
    return catalog


def to_catalog(messages: list[Message], domain: str, locale: str | None = None) -> Catalog:
    """A catalog of ``messages``, one entry per message with every place it is used."""
    catalog = empty_catalog(domain, locale)
    for m in messages:
        existing = catalog.get(m.id, context=m.context)
        if existing is not None:
            existing.locations.append(m.location)
            continue
        flags = ["python-format"] if PLACEHOLDER.search(str(m.id)) else []
        catalog.add(
            m.id,
            string=("", "") if isinstance(m.id, tuple) else "",
            locations=[m.location],
            auto_comments=[m.comment],
            context=m.context,
            flags=flags,
        )
    return catalog
