"""A picture's alternative text, in the letter's language.

What a screen reader says for a picture (``descr`` and ``title`` of ``wp:docPr``,
``pic:cNvPr`` and their kin, VML's ``alt`` and ``o:title``) is part of the letter: a
Ukrainian letter that says its pictures in the author's English is half translated, in
Word and in the tagged PDF alike. So a template's alternative text, typed as plain text, is
a message of the template like a paragraph's ``{{ _("…") }}``: :func:`translatable` turns
it into one as the template is read (for extracting and for rendering alike), in the
context :data:`CONTEXT`, with a note telling the translator what it is; each of its lines
is a message, as a translation is one line. An alternative
text that holds a tag of its own (``{{ … }}``) is the author's to translate and is kept.

Signatories approve what they read, and they do not hear a screen reader:
:func:`unshown_picture_texts` gives the alternative texts of a rendered letter that its
page does not say, which their review request shows them under the draft.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree
from markupsafe import escape

from letters.render.docxpost import parse_strict

CONTEXT = "alternative text of a picture"
"""The msgctxt of an alternative text: the same English as a paragraph's may need
another translation (a description, not a sentence of the letter)."""

NOTE = (
    "TRANSLATORS: what a screen reader says for a picture of the letter (its alternative"
    " text), in Word and in the PDF: describe the picture as the English does"
)

# A non-visual properties element of DrawingML (wp:docPr, pic:cNvPr, wps:cNvPr …) with
# its alternative texts, and VML's shapes (v:shape alt) and pictures (v:imagedata o:title)
_ELEMENT = re.compile(
    r"<(?:\w+:(?:docPr|cNvPr)|v:\w+)\s[^<>]*>",
)
_ATTRIBUTE = {
    "docPr": re.compile(r'(?<=\s)(descr|title)="([^"]*)"'),
    "cNvPr": re.compile(r'(?<=\s)(descr|title)="([^"]*)"'),
    "v": re.compile(r'(?<=\s)(alt|o:title)="([^"]*)"'),
}
# What a Jinja string literal may hold as it stands, inside an XML attribute and a tag
_PLAIN = re.compile(r"[\w .,;:!?()\-]")


def translatable(xml: str) -> str:
    """A template part's ``xml`` (as Jinja reads it) with each plain alternative text of a
    picture replaced by a tag that translates it (see the module's docs)."""
    return _ELEMENT.sub(_element_translated, xml)


def _element_translated(match: re.Match[str]) -> str:
    element = match.group()
    name = element[1:].split(None, 1)[0]
    kind = "v" if name.startswith("v:") else name.split(":", 1)[1]
    return _ATTRIBUTE[kind].sub(_attribute_translated, element)


def _attribute_translated(match: re.Match[str]) -> str:
    attribute, stored = match.groups()
    text = _attribute_value(stored)
    if not text.strip() or re.search(r"\{[{%#]|[}%#]\}", text):
        return match.group()  # nothing to say, or the author's own tags
    # A translation is one line (see letters.i18n.catalog): each line is a message.
    lines = [_translated(line) if line.strip() else _kept(line) for line in text.split("\n")]
    return f'{attribute}="{"&#10;".join(lines)}"'


def _translated(line: str) -> str:
    return f"{{# {NOTE} #}}{{{{ pgettext({_literal(CONTEXT)}, {_literal(line)}) }}}}"


def _kept(line: str) -> str:
    """A line of spaces as XML writes it in an attribute (a tab as ``&#9;``)."""
    return str(escape(line)).replace("\t", "&#9;").replace("\r", "&#13;")


def _attribute_value(stored: str) -> str:
    """An attribute's value as XML reads it (its escapes undone, ``&#10;`` a new line)."""
    return str(etree.fromstring(f'<a v="{stored}"/>').get("v"))


def _literal(text: str) -> str:
    """``text`` as a Jinja string literal that holds no quote, brace, escape or markup
    character as it stands: it sits in an XML attribute, inside a tag."""
    return '"' + "".join(c if _PLAIN.fullmatch(c) else _escaped(c) for c in text) + '"'


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


# every DrawingML element whose alternative text is translated (see _ELEMENT): a
# description only on the picture's own pic:cNvPr is said by a screen reader too
_ALT_TEXT = etree.XPath(
    "//*[local-name()='docPr' or local-name()='cNvPr'][@descr or @title] | //v:*[@alt]",
    namespaces={"v": "urn:schemas-microsoft-com:vml"},
)
_VISIBLE_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")


def unshown_picture_texts(docx: bytes) -> list[str]:
    """What a screen reader says for the pictures of the letter ``docx`` that its page does
    not show in words, once each, in reading order (the body first, then headers, footers
    and notes). The logo's and a signature's say the letterhead's and the signatory's
    name, which the page shows: only a template's own description is news to a reader."""
    from letters.render.content_version import paragraphs  # it reads what templates render

    shown = " \n ".join(" ".join(p.split()) for p in paragraphs(docx))
    out: list[str] = []
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        names = sorted(n for n in archive.namelist() if _VISIBLE_PARTS.fullmatch(n))
        names.sort(key=lambda n: n != "word/document.xml")
        for name in names:
            for element in _ALT_TEXT(parse_strict(archive.read(name), name)):
                said = element.get("descr") or element.get("alt") or element.get("title") or ""
                words = " ".join(said.split())
                if words and words not in shown and words not in out:
                    out.append(words)
    return out
