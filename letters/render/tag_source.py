"""A template part's XML as Jinja reads it, and a paragraph of it as a message quotes it.

docxtpl's preprocessing (``patch_xml``) joins the tags Word split over runs and undoes the
``&lt;`` and ``&gt;`` Word wrote inside them, but leaves ``&amp;``: Word stores
``{{ 'A & B' }}`` as ``{{ 'A &amp; B' }}``, and the letter would print "A &amp; B", or a
``{{ _("Terms & conditions") }}`` be extracted and looked up as "Terms &amp; conditions".
:func:`unescape_tags` undoes the rest of the escapes between a tag's braces.
"""

from __future__ import annotations

import re

from letters.render.tag_check import paragraph_quote

# An element's start or end tag: Word's all have a prefix (w:t, m:r …). A "<" Jinja reads as
# a comparison (docxtpl's patch_xml has undone its &lt;) is no tag, nor what follows it.
_TAGS = re.compile(r"</?[A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*(?:\s[^<>]*)?/?>")
# What is between a tag's braces, as docxtpl's own clean-up finds it.
# never over another tag's start: "{{{{…" was looked through to its end from each brace
_TAG_INSIDE = re.compile(r"(?<=\{[{%])((?:(?!\{[{%]).)*?)(?=[}%]\})")
# "&amp;" last, so that a typed "&lt;" (stored "&amp;lt;") stays "&lt;"
_XML_ESCAPES = (("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&"))


def _unescaped(match: re.Match[str]) -> str:
    text = match.group(0)
    for escape, char in _XML_ESCAPES:
        text = text.replace(escape, char)
    return text


# Jinja copies what stands between {% raw %} and {% endraw %} as it is: XML, escapes kept
_RAW_START = re.compile(r"\{%-?\s*raw\s*-?%\}")
_RAW_END = re.compile(r"\{%-?\s*endraw\s*-?%\}")


def _split_raw(xml: str) -> list[str]:
    """``xml`` in pieces, the odd ones its raw blocks, found in one pass: a lazy pattern
    looked from each {% raw %} to the end, so a paragraph of them never ended took a time
    growing with its length squared (27 kB: a minute of 'letters check')."""
    pieces, at = [], 0
    while (start := _RAW_START.search(xml, at)) and (end := _RAW_END.search(xml, start.end())):
        pieces += [xml[at : start.start()], xml[start.start() : end.end()]]
        at = end.end()
    return [*pieces, xml[at:]]


def unescape_tags(xml: str) -> str:
    """``xml`` (after docxtpl's ``patch_xml``) with the XML escapes inside every ``{{ }}``
    and ``{% %}`` undone, so that Jinja reads the tag as it was typed (not inside a
    ``{% raw %}`` block, which Jinja writes out as it stands)."""
    pieces = _split_raw(xml)  # odd pieces: the raw blocks
    return "".join(
        piece if number % 2 else _TAG_INSIDE.sub(_unescaped, piece)
        for number, piece in enumerate(pieces)
    )


def paragraph_text(xml_line: str) -> str:
    """The text of a paragraph's XML, shortened, for quoting it in an error message."""
    # (without the comment that puts a control tag on its line: see compile_part)
    text = _TAGS.sub("", xml_line.removeprefix("#}").removesuffix("{#"))
    return paragraph_quote(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
