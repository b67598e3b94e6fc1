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
from docx.oxml.parser import parse_xml
from jinja2 import TemplateSyntaxError
from jinja2.ext import babel_extract
from lxml import etree

from letters.errors import LettersError, Problem, TemplateProblem, problems_error
from letters.files.size_limits import (
    MAX_EMAIL_TEXT_BYTES,
    MAX_TEMPLATE_BYTES,
    TEMPLATE_TOO_LARGE,
    read_stream_at_most,
)
from letters.i18n.no_text import refuse_empty_calls, refuse_trans_blocks
from letters.i18n.placeholders import PLACEHOLDER
from letters.i18n.plurals import language_rule
from letters.i18n.pybabel_private import private_refused
from letters.i18n.text_uses import CASE_TEXT_USES, LETTER_TEXT_USES
from letters.load.case_texts import case_texts
from letters.load.loader import CaseEntry, LetterEntry
from letters.load.yamlio import Loc, YamlProblem, format_loc
from letters.render.closing import CLOSINGS, SHOWS_CLOSING
from letters.render.docxpost import accept_revisions, parse_strict, serialize
from letters.render.environment import make_environment
from letters.render.package_check import check_docx
from letters.render.picture_texts import CONTEXT as PICTURE_TEXT
from letters.render.tag_check import tag_problem
from letters.render.template import (
    CompiledTemplate,
    CompiledText,
    SafeDocxTemplate,
    paragraph_text,
)

GETTEXT_KEYWORDS = ("_", "gettext", "ngettext", "pgettext", "npgettext")
COMMENT_TAGS = ("NOTE:", "TRANSLATORS:")


@dataclass(frozen=True)
class Message:
    """One translatable message found, with where it was found and a note for translators:
    ``comment``, the template's own or, for a case's text, the field it comes from; and
    for a case's text ``usage``, how a letter uses it (:mod:`letters.i18n.text_uses`)."""

    id: str | tuple[str, str]
    context: str | None
    location: tuple[str, int]
    comment: str
    usage: str = ""
    paragraph: str = ""  # a Word template's: "word/document.xml, paragraph “…”"

    @property
    def comments(self) -> list[str]:
        """The extracted comments (``#.``) of its catalog entry."""
        return [self.comment, self.usage] if self.usage else [self.comment]


def template_parts(source: bytes, label: str) -> Iterator[tuple[str, str]]:
    """(part name, preprocessed XML) for the body, headers, footers and footnotes, with
    Word's tracked changes accepted, as a letter is rendered from them. A part is refused
    as a build refuses it where a tag would lose text or stand where no page shows it (an
    XML comment, an attribute: :func:`~letters.render.tag_check.tag_problem`), so that no
    message of it goes to the translators of a template no letter can be made from."""
    check_docx(source, label)
    template = SafeDocxTemplate(source, label)
    template.init_docx()
    accept_revisions(template.docx._element)
    _refuse_tags(template.docx._element, label, "word/document.xml")
    yield "word/document.xml", template.patch_xml(template.get_xml())
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        for _rel, part in template.get_headers_footers(uri):
            name = str(part.partname).lstrip("/")
            root = parse_xml(part.blob)
            accept_revisions(root)
            _refuse_tags(root, label, name)
            yield name, template.patch_xml(template.xml_to_string(root))
    for part in template.docx.part.package.parts:
        if str(part.partname).endswith("/footnotes.xml"):
            name = str(part.partname).lstrip("/")
            root = parse_strict(part.blob, f"{label} ({name})")
            accept_revisions(root)
            _refuse_tags(root, label, name)
            yield name, template.patch_xml(serialize(root).decode("utf-8"))


def _refuse_tags(root: etree._Element, label: str, partname: str) -> None:
    if problem := tag_problem(root, label, partname):
        raise TemplateProblem(problem)


def template_messages(source: bytes, label: str) -> list[Message]:
    """The messages of a Word template, as docxtpl will see its tags; a template Jinja
    cannot read is refused (:func:`unreadable`)."""
    found = []
    for partname, xml in template_parts(source, label):
        lines = _paragraph_lines(xml)
        extracted = _paragraph_messages(
            source, label, partname, lines, GETTEXT_KEYWORDS, COMMENT_TAGS, {}
        )
        messages = _messages(extracted, lines, label, partname)
        found += _in_place(messages, _closings(messages, lines, label, partname))
    return found


def text_messages(text: str, label: str) -> list[Message]:
    """The messages of a plain-text template (an e-mail's message); a text refused as
    :func:`_text_found` refuses it raises what ``letters check`` says of it."""
    extracted = _text_found(text, label, GETTEXT_KEYWORDS, COMMENT_TAGS)
    found = _messages(extracted, text, label, None)
    return _in_place(found, _closings(found, text, label, None))


def _text_found(
    text: str, label: str, keywords: Any, comment_tags: Any
) -> list[tuple[int, str, Any, list[str]]]:
    """What Jinja's extractor finds in an e-mail text, with the settings it is rendered
    with. It is compiled first in the sandboxed environment a letter's e-mail is rendered
    in, which refuses more than Jinja's extractor does (a filter or test letters has not,
    a tag of an extension): its messages would be translated for an e-mail no letter can
    be sent with."""
    CompiledText(text, label, make_environment(text=True))  # raises the text's problem
    options = {"trim_blocks": "true", "lstrip_blocks": "true"}
    try:
        extracted = _extracted(text, keywords, comment_tags, options)
    except TemplateSyntaxError as exc:  # never seen: the environment refuses more
        raise unreadable(text, label, exc) from None
    return refuse_empty_calls(extracted, lambda lineno: f"{label}:{lineno}")


def _in_place(found: list[Message], added: list[Message]) -> list[Message]:
    """``found`` with ``added`` among them by line, so a catalog lists them in reading order."""
    return sorted([*found, *added], key=lambda message: message.location[1])


def _closings(found: list[Message], source: str, label: str, partname: str | None) -> list[Message]:
    """The closings a template shows through ``recipient.closing`` that it does not show
    itself: the tool chooses one by the recipient's salutation (:mod:`letters.render.closing`),
    so each needs its translation, at the first paragraph (or line) that shows one."""
    have = {m.id for m in found if m.context is None}
    for lineno, line in enumerate(source.splitlines(), start=1):
        if SHOWS_CLOSING.search(line):
            quote = paragraph_text(line)
            paragraph = f"{partname}, paragraph “{quote}”" if partname else ""
            return [
                Message(msgid, None, (label, lineno), note, paragraph=paragraph)
                for msgid, note in CLOSINGS
                if msgid not in have
            ]
    return []


def _paragraph_lines(xml: str) -> str:
    """A part's XML with each paragraph on a line of its own: a message's line is its
    paragraph."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


_NOTE_START = re.compile(r"\{#-?\s*(?:" + "|".join(map(re.escape, COMMENT_TAGS)) + ")")


def _paragraph_messages(
    source: bytes,
    label: str,
    partname: str,
    lines: str,
    keywords: Any,
    comment_tags: Any,
    options: dict[str, Any],
) -> list[tuple[int, str, Any, list[str]]]:
    """What Jinja's extractor finds in a part's paragraphs (one a line), each message at its
    paragraph's line. Jinja gives every message of a line the last note on that line, and
    only the first message gets it: a paragraph's second message ("%(count)s years" after
    "a year") lost its own note, and the first took it. So each note starts a line of its
    own here, which puts it before the message it precedes in the paragraph."""
    paragraph_of = []
    apart = []
    for number, line in enumerate(lines.split("\n"), start=1):
        pieces = _NOTE_START.sub(lambda match: "\n" + match[0], line).split("\n")
        apart += pieces
        paragraph_of += [number] * len(pieces)

    def paragraph(lineno: int) -> int:
        return paragraph_of[lineno - 1] if 0 < lineno <= len(paragraph_of) else lineno

    try:
        extracted = _extracted("\n".join(apart), keywords, comment_tags, options)
    except TemplateSyntaxError as exc:
        exc.lineno = paragraph(exc.lineno)
        raise unreadable(source, label, exc, partname, lines) from None
    found = [(paragraph(lineno), *rest) for lineno, *rest in extracted]
    paragraphs = lines.split("\n")

    def place(lineno: int) -> str:
        quote = paragraph_text(paragraphs[lineno - 1]) if 0 < lineno <= len(paragraphs) else ""
        return f"{label} ({partname}, paragraph “{quote}”)" if quote else f"{label} ({partname})"

    refuse_trans_blocks(paragraphs, place)
    return refuse_empty_calls(found, place)


def _extracted(
    source: str, keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> list[tuple[int, str, Any, list[str]]]:
    """What Jinja's extractor finds in ``source``; a TemplateSyntaxError if Jinja cannot
    read it. (By default Jinja's extractor returns nothing for such a template, silently:
    its messages would be missing from the .pot, and a merge would make every
    translation of them obsolete.)"""
    return list(
        babel_extract(
            io.BytesIO(source.encode("utf-8")),
            keywords,
            comment_tags,
            {**options, "silent": "false"},
        )
    )


def unreadable(
    source: bytes | str,
    label: str,
    exc: TemplateSyntaxError,
    partname: str | None = None,
    xml: str = "",
) -> LettersError:
    """The problem of a template Jinja cannot read (``source``: a .docx's bytes, whose part
    ``partname`` is ``xml``, or an e-mail text), in the words of ``letters check``: the
    template is compiled as a letter is rendered, which names the file and the paragraph
    (or line) as check does."""
    try:
        if isinstance(source, bytes):
            CompiledTemplate(source, label, make_environment(), "en")
        else:
            CompiledText(source, label, make_environment(text=True))
    except LettersError as problem:
        return problem
    # compiled for letters after all (Jinja's extractor reads with settings of its own)
    lines = xml.splitlines()
    if partname is None:
        place = f"{label}:{exc.lineno}" if exc.lineno else label
    elif exc.lineno and 0 < exc.lineno <= len(lines):
        place = f"{label} ({partname}, paragraph “{paragraph_text(lines[exc.lineno - 1])}”)"
    else:
        place = f"{label} ({partname})"
    return TemplateProblem(f"{place}: template syntax error: {exc.message}")


def _messages(
    extracted: list[tuple[int, str, Any, list[str]]],
    source: str,
    label: str,
    partname: str | None,
) -> list[Message]:
    lines = source.splitlines()
    found = []
    for lineno, func, message, comments in extracted:
        msg = _message_from(func, message)
        if msg is None:
            continue
        msgid, context = msg
        quote = paragraph_text(lines[lineno - 1]) if 0 < lineno <= len(lines) else ""
        note = " ".join(comments) or f"{partname or 'e-mail'}: {quote}"
        paragraph = f"{partname}, paragraph “{quote}”" if partname else ""
        if partname and context == PICTURE_TEXT:  # the paragraph holding it shows no words
            paragraph = f"{partname}, a picture's alternative text"
        found.append(Message(msgid, context, (label, lineno), note, paragraph=paragraph))
    return found


def babel_extract_docx(
    fileobj: Any, keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Babel extractor for .docx templates (entry point ``letters_docx``).

    Use it in a babel.cfg section ``[letters_docx: templates/**.docx]``. A template Jinja
    cannot read, or the tag check refuses, stops pybabel (status 1) with the words
    ``letters i18n extract`` says it in, and no traceback: see :func:`_stopping_pybabel`.
    Unlike Jinja's own extractor, this one has no ``silent`` option, as a template passed
    over would leave its messages out of the .pot.
    """
    label = _pybabel_label(fileobj, "template.docx")
    found = _docx_found(fileobj, label, keywords, comment_tags, options)
    yield from _stopping_pybabel(private_refused(fileobj, label, found))


def babel_extract_case(
    fileobj: Any, keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Babel extractor for case.yaml and letters.yaml (entry point ``letters_case``).

    Private facts are skipped, exactly as ``letters i18n extract`` skips them; a file it
    refuses stops pybabel as a refused template does (:func:`babel_extract_docx`).
    """
    yield from _stopping_pybabel(_case_found(fileobj, _pybabel_label(fileobj, "case.yaml")))


def babel_extract_email(
    fileobj: Any, keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Babel extractor for e-mail texts (entry point ``letters_email``).

    Use it in a babel.cfg section ``[letters_email: templates/**.email.txt]``. It finds
    what Jinja's own extractor finds, with the settings a letter's e-mail is rendered with
    whatever ``options`` say; a text ``letters i18n extract`` refuses (not UTF-8, a syntax
    error, a filter or tag letters has not) stops pybabel as a refused template does
    (:func:`babel_extract_docx`).
    """
    label = _pybabel_label(fileobj, "message.email.txt")
    found = _email_found(fileobj, label, keywords, comment_tags)
    yield from _stopping_pybabel(private_refused(fileobj, label, found))


_Found = Iterator[tuple[int, str, Any, list[str]]]


def _email_found(fileobj: Any, label: str, keywords: Any, comment_tags: Any) -> _Found:
    from letters.render.email_text import email_text_of

    text = email_text_of(read_stream_at_most(fileobj, MAX_EMAIL_TEXT_BYTES), label)
    yield from _text_found(text, label, keywords, comment_tags)


def _pybabel_label(fileobj: Any, default: str) -> str:
    """The file pybabel handed over, as it names it under the folder it runs in (the same
    label ``letters`` gives it when run there); elsewhere as pybabel named it."""
    name = str(getattr(fileobj, "name", default))
    try:
        return Path(name).relative_to(Path.cwd()).as_posix()
    except ValueError:  # a relative name, or one outside the folder
        return name


def _stopping_pybabel(found: _Found) -> _Found:
    """What ``found`` yields; a file it refuses ends the process with status 1 and the one
    paragraph ``letters i18n extract`` prints for it ("Error: …"), not a traceback: pybabel
    catches nothing an extractor raises and has no way to report a file it could not read,
    so :class:`SystemExit` is how an extractor stops it cleanly (Babel 2.16 to 2.19 alike).
    The exception it stopped for is kept as the cause, for a program calling Babel itself."""
    try:
        yield from found
    except (LettersError, YamlProblem) as exc:
        raise SystemExit(f"Error: {exc}") from exc


def _docx_found(
    fileobj: Any, label: str, keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> _Found:
    source = read_stream_at_most(fileobj, MAX_TEMPLATE_BYTES)
    if source is None:
        raise TemplateProblem(f"{label}: {TEMPLATE_TOO_LARGE}")
    for partname, xml in template_parts(source, label):
        lines = _paragraph_lines(xml)
        extracted = _paragraph_messages(
            source, label, partname, lines, keywords, comment_tags, options
        )
        for lineno, func, message, comments in extracted:
            yield lineno, func, message, comments or [partname]
        for found in _closings([], lines, label, partname):
            yield found.location[1], "gettext", found.id, [found.comment]


def _case_found(fileobj: Any, label: str) -> _Found:
    """The messages of a case.yaml or letters.yaml pybabel handed over; one ``letters``
    would refuse (too large, not UTF-8, not valid YAML, not a valid case) raises what
    ``letters`` says of it, never a value of the case."""
    from letters.load.models import Case, LettersFile
    from letters.load.private_copies import copies_in_one_file
    from letters.load.validation import validate
    from letters.load.yamlio import load_bytes
    from letters.load.yamllimits import MAX_YAML_BYTES, too_large

    data = read_stream_at_most(fileobj, MAX_YAML_BYTES)
    if data is None:  # as `letters check` says it, before a byte is read past the limit
        raise YamlProblem(Problem(label, None, "", too_large(label)))
    doc = load_bytes(data, label)
    model: Case | LettersFile | None
    if Path(label).name == "letters.yaml":
        letters, problems = validate(LettersFile, doc)
        model = letters
        found = [
            Message(text, None, (label, doc.line_of(loc) or 0), format_loc(loc), usage)
            for i, d in enumerate(letters.letters if letters else [])
            for text, loc, usage in letter_texts(LetterEntry(d, "", label, doc, i))
        ]
    else:
        case, problems = validate(Case, doc)
        model = case
        found = case_messages(CaseEntry("", case, label, doc), []) if case else []
    if model is not None and not problems:  # no private text into a .pot, as letters refuses
        where = Path(str(getattr(fileobj, "name", label)))
        problems = copies_in_one_file(where, label, doc, model)
    if len(problems) == 1:  # said as `letters` says it, in one line
        raise YamlProblem(problems[0])
    if problems:
        raise problems_error(problems, label)
    for m in found:
        yield m.location[1], "gettext", m.id, m.comments


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

    def add(text: str, loc: Loc, usage: str, doc: Any = case.doc) -> None:
        where = (doc.label, doc.line_of(loc) or 0)
        out.append(Message(text, None, where, format_loc(loc), usage))

    for found in case_texts(case.case):
        if found.translated and found.public:
            add(found.text, found.loc, CASE_TEXT_USES[found.field])
    for letter in letters:
        for text, loc, usage in letter_texts(letter):
            add(text, loc, usage, letter.doc)
    return out


def letter_texts(letter: LetterEntry) -> Iterator[tuple[str, Loc, str]]:
    """The translated texts of a letter definition (its subject, its own summary, its
    framing sentence), each with where it stands in letters.yaml and how a letter uses it."""
    d = letter.definition
    for field, text in (("subject", d.subject), ("summary", d.summary), ("framing", d.framing)):
        if text is not None:
            yield text, ("letters", letter.index, field), LETTER_TEXT_USES[field]


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
            auto_comments=m.comments,
            context=m.context,
            flags=flags,
        )
    return catalog
