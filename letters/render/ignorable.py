"""Markup a part marks ignorable that Word leaves out and LibreOffice shows.

Markup compatibility (``mc:Ignorable="w14 x"``) lets a part hold elements of namespaces a
reader may not know: a reader that does not know one leaves such an element out, with all
it holds. Word does; LibreOffice, which makes the PDF, reads through an element it does not
know and shows the runs and paragraphs in it. So text in an ignorable namespace of anyone
else's (``<x:note><w:r><w:t>…``) is in the PDF and not in the .docx, or the other way
round: the letter's two files say different things, and the signatories approve one of
them. Such an element is refused; the namespaces Word writes as ignorable for an ordinary
letter (:data:`WORD_IGNORABLE`: formatting, ids, a content control's looks, a drawing's
relative size) pass. Found by :func:`foreign_ignorable` for
:func:`letters.render.unseen.unseen`.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_IGNORABLE = f"{{{_MC}}}Ignorable"
_MARKED = etree.XPath("//*[@mc:Ignorable]", namespaces={"mc": _MC})

WORD_IGNORABLE = frozenset(
    {
        "http://schemas.microsoft.com/office/word/2010/wordml",  # w14
        "http://schemas.microsoft.com/office/word/2012/wordml",  # w15
        "http://schemas.microsoft.com/office/word/2015/wordml/symex",  # w16se
        "http://schemas.microsoft.com/office/word/2016/wordml/cid",  # w16cid
        "http://schemas.microsoft.com/office/word/2018/wordml",  # w16
        "http://schemas.microsoft.com/office/word/2018/wordml/cex",  # w16cex
        "http://schemas.microsoft.com/office/word/2020/wordml/sdtdatahash",  # w16sdtdh
        "http://schemas.microsoft.com/office/word/2024/wordml/sdtformatlock",  # w16sdtfl
        "http://schemas.microsoft.com/office/word/2023/wordml/word16du",  # w16du
        "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",  # wp14
        "http://schemas.microsoft.com/office/mac/office/2008/main",  # mo (Word for Mac)
        "urn:schemas-microsoft-com:mac:vml",  # mv (Word for Mac)
    }
)
"""The namespaces Word (and LibreOffice, a few of them) marks ignorable in a letter's parts."""

_FIX = (
    "remove it, and type any of its text the letter needs in an ordinary paragraph (Word's own"
    " ignorable markup, w14, w15, w16…, wp14, passes)"
)


def foreign_ignorable(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """(element, what, fix) for the outermost element of each namespace that ``root``
    marks ignorable and that is not one of :data:`WORD_IGNORABLE`."""
    for marked in _MARKED(root):
        prefixes = marked.get(_IGNORABLE, "").split()
        foreign = {marked.nsmap.get(prefix) for prefix in prefixes} - WORD_IGNORABLE - {None}
        tags = [f"{{{namespace}}}*" for namespace in sorted(foreign, key=str)]
        for element in marked.iter(*tags) if tags else ():
            if any(etree.QName(up).namespace in foreign for up in element.iterancestors()):
                continue  # inside one already named
            local = etree.QName(element).localname
            name = f"{element.prefix}:{local}" if element.prefix else local
            what = (
                f"an element of a namespace the part marks ignorable ({name}, mc:Ignorable),"
                " which Word leaves out with all it holds, and LibreOffice (the PDF) shows"
            )
            yield element, what, _FIX
