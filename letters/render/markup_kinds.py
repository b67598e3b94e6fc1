"""A rendered part holds only the kinds of Word markup its template part holds.

A template's tags write text; a value marked safe (``|safe``) is written as it stands, as
Word markup. :func:`~letters.render.package_check.refuse_unseen` refuses the markup that hides
or fetches text, but Word has many more elements, each with its own effect: a bookmark, a
field, a content control, a hyperlink, a footnote mark, a permission range … and the
signatories approve the letter they read, not the markup under it. So every element of a
rendered part must be of a kind (namespace and local name) the template's own part holds
as its author saved it, or one the renderer itself writes (:data:`RENDERER_KINDS`: a
picture, a line break or tab of a value, a table's column): a paragraph, run or row that
a loop repeats is of the template's kinds, and passes.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from letters.errors import TemplateProblem
from letters.render.docxpost import W, w
from letters.render.images import drawing_kinds
from letters.render.tag_check import paragraph_quote
from letters.render.unseen import shown, where

Kinds = frozenset[str]
"""Element kinds, each as lxml writes a tag: ``{namespace}local-name``."""

RENDERER_KINDS: Kinds = drawing_kinds() | {f"{{{W}}}{name}" for name in ("br", "tab", "gridCol")}
"""What the renderer writes in a part besides the template's kinds: an image's drawing
(:class:`~letters.render.images.Picture`), docxtpl's line break, tab and page break for a
value's new line, tab and form feed, and its table fix's column of a grid."""

_TABLE_TAGS = {
    "vm": f"{{{W}}}vMerge",
    "hm": f"{{{W}}}gridSpan",
    "colspan": f"{{{W}}}gridSpan",
    "cellbg": f"{{{W}}}shd",
}
_TABLE_TAG = re.compile(r"\{%\s*(vm|hm|colspan|cellbg)\b")
_MARKUP = re.compile(r"<[^>]*>")


def table_tag_kinds(xml: str) -> Kinds:
    """What docxtpl's own table tags in the part's ``xml`` (as saved, before docxtpl
    prepares it) write: ``{% vm %}`` a cell's vertical merge (w:vMerge), ``{% hm %}`` and
    ``{% colspan n %}`` a cell's span (w:gridSpan), ``{% cellbg c %}`` its shading (w:shd)."""
    return frozenset(_TABLE_TAGS[m.group(1)] for m in _TABLE_TAG.finditer(_MARKUP.sub("", xml)))


_COUNTED = tuple(
    f"{{{W}}}{name}"
    for name in (
        "footnote",
        "endnote",
        "sectPr",
        "headerReference",
        "footerReference",
        "bookmarkStart",
        "bookmarkEnd",
    )
)
COUNTED: Kinds = frozenset(_COUNTED)
"""Structure a tag may not add more of, though its part holds some: a note, a section
break and the headers and footers it names, a bookmark."""

Limits = dict[str, int]
"""The most of each :data:`COUNTED` kind a rendered part may hold."""

_LOOP = re.compile(r"\{%-?\s*(?:[prc]|tr|tc)?\s*(end)?for\b")


def count_limits(root: etree._Element) -> Limits:
    """How many of each :data:`COUNTED` kind the template part ``root`` holds, leaving out
    a kind its own loop (``{% for %}`` … ``{% endfor %}``, in text before and after the
    element) repeats: each repetition is the template's."""
    counts: Counter[str] = Counter()
    repeated: set[str] = set()
    depth = 0
    for element in root.iter(etree.Element):
        if element.tag == w("t"):
            for loop in _LOOP.finditer(element.text or ""):
                depth += -1 if loop.group(1) else 1
        elif element.tag in COUNTED:
            counts[str(element.tag)] += 1
            if depth > 0:
                repeated.add(str(element.tag))
    return {kind: counts[kind] for kind in COUNTED - repeated}


_COUNT_FIX = (
    "only the template's own loop ({% for %}) may repeat it — take out the |safe that writes"
    " it, or the macro or other tag that repeats it"
)
_FIX = (
    "a template writes text, not Word markup — take out the |safe (or |urlize, which writes"
    " a web page's link) that writes it, or put the markup in the template itself"
)


def element_kinds(root: etree._Element) -> Kinds:
    """The kinds of element in ``root``, itself included (comments and processing
    instructions are not elements)."""
    return frozenset(str(e.tag) for e in root.iter(etree.Element))


def refuse_new_kinds(
    root: etree._Element, template: Kinds, limits: Limits, label: str, part: str
) -> None:
    """Refuse the rendered ``part`` ``root`` if it holds an element of a kind neither the
    template's part (its ``template`` kinds) nor the renderer (:data:`RENDERER_KINDS`)
    writes, or more of a :data:`COUNTED` kind than its ``limits``: its tags wrote it, as
    markup no check of the template read."""
    allowed = template | RENDERER_KINDS
    counted: dict[str, list[etree._Element]] = {kind: [] for kind in limits}
    for element in root.iter(etree.Element):
        if element.tag not in allowed:
            raise TemplateProblem(
                f"{label} ({part}{place(element)}): the rendered letter would hold"
                f" {kind_name(element)}, Word markup its template's part does not hold; {_FIX}"
            )
        if element.tag in counted:
            counted[str(element.tag)].append(element)
    for kind, most in sorted(limits.items(), key=lambda limit: _COUNTED.index(limit[0])):
        found = counted[kind]
        if len(found) > most:
            raise TemplateProblem(
                f"{label} ({part}{place(found[most])}): the rendered letter would hold"
                f" {len(found)} of {kind_name(found[most])} where its template's part holds"
                f" {most}; {_COUNT_FIX}"
            )


def kind_name(element: etree._Element) -> str:
    """The element's kind as a message names it: ``w:bookmarkStart``, with its prefix, or
    its local name and namespace where it has no prefix (HTML's ``a`` has none)."""
    qname = etree.QName(element)
    if element.prefix:
        return shown(f"{element.prefix}:{qname.localname}")
    if qname.namespace:
        return f"{shown(qname.localname)} (of namespace {shown(qname.namespace)})"
    return f"{shown(qname.localname)} (of no namespace: a web page's markup)"


def place(element: etree._Element) -> str:
    """Where ``element`` is, for a message: its paragraph (:func:`where`), else the table
    cell, table or footnote it is or is in, quoted by its first words, else its section's
    page setup."""
    if said := where(element):
        return said
    for kind, what in (("tc", "table cell"), ("tbl", "table"), ("footnote", "footnote")):
        holder = element if element.tag == w(kind) else next(element.iterancestors(w(kind)), None)
        if holder is not None:
            text = paragraph_quote("".join(t.text or "" for t in holder.iter(w("t"))), 80)
            return f", {what} “{shown(text)}”" if text else f", an empty {what}"
    if element.tag == w("sectPr") or next(element.iterancestors(w("sectPr")), None) is not None:
        return ", a section's page setup"
    return ""
