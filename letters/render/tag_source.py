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
_TAG_INSIDE = re.compile(r"(?<=\{[{%])(.*?)(?=[}%]\})")
# "&amp;" last, so that a typed "&lt;" (stored "&amp;lt;") stays "&lt;"
_XML_ESCAPES = (("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&"))


def _unescaped(match: re.Match[str]) -> str:
    text = match.group(0)
    for escape, char in _XML_ESCAPES:
        text = text.replace(escape, char)
    return text


# Jinja copies what stands between {% raw %} and {% endraw %} as it is: XML, escapes kept
_RAW = re.compile(r"(\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\})", re.DOTALL)


def unescape_tags(xml: str) -> str:
    """``xml`` (after docxtpl's ``patch_xml``) with the XML escapes inside every ``{{ }}``
    and ``{% %}`` undone, so that Jinja reads the tag as it was typed (not inside a
    ``{% raw %}`` block, which Jinja writes out as it stands)."""
    pieces = _RAW.split(xml)  # odd pieces: the raw blocks
    return "".join(
        piece if number % 2 else _TAG_INSIDE.sub(_unescaped, piece)
        for number, piece in enumerate(pieces)
    )


def paragraph_text(xml_line: str) -> str:
    """The text of a paragraph's XML, shortened, for quoting it in an error message."""
    # (without the comment that puts a control tag on its line: see compile_part)
    text = _TAGS.sub("", xml_line.removeprefix("#}").removesuffix("{#"))
    return paragraph_quote(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
