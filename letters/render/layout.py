"""The layout choices of a language's letters, made to a letter's styles and margins.

One template serves every language; what differs in layout (:mod:`.conventions`) is
set here when a letter is finished, in both render paths: Ukrainian and Russian
indent the first line of a body paragraph and centre the salutation; Ukrainian
keeps a left margin of at least 30 mm (ДСТУ 4163:2020). Only the styles the
choices name are touched ("Body Text", "Salutation", by their style ids), so a
template without them is left as it is, and a margin is only ever widened.
"""

from __future__ import annotations

from lxml import etree

from letters.render.conventions import conventions_for

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TWIPS_PER_CM = 1440 / 2.54

# The children of w:pPr in the order of the schema (ECMA-376 CT_PPr).
# fmt: off
_PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
    "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
    "cnfStyle", "rPr", "sectPr", "pPrChange",
)
# The children of w:style before w:pPr (CT_Style).
_BEFORE_PPR = (
    "name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
    "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
    "personalReply", "rsid",
)
# fmt: on


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _child(parent: etree._Element, tag: str, order: tuple[str, ...]) -> etree._Element:
    """``parent``'s ``w:<tag>``, made where the schema puts it when there is none."""
    found = parent.find(_w(tag))
    if found is not None:
        return found
    element = etree.Element(_w(tag))
    later = order[order.index(tag) + 1 :]
    anchor = next((c for c in parent if etree.QName(c).localname in later), None)
    if anchor is None:
        parent.append(element)
    else:
        anchor.addprevious(element)
    return element


def _paragraph_properties(styles: etree._Element, style_id: str) -> etree._Element | None:
    style = styles.find(f"{_w('style')}[@{_w('styleId')}='{style_id}']")
    if style is None:
        return None
    ppr = style.find(_w("pPr"))
    if ppr is None:
        ppr = etree.Element(_w("pPr"))
        after = [c for c in style if etree.QName(c).localname in _BEFORE_PPR]
        if after:
            after[-1].addnext(ppr)
        else:
            style.insert(0, ppr)
    return ppr


def lay_out(name: str, root: etree._Element, lang_tag: str) -> None:
    """Make the layout choices of ``lang_tag``'s letters in one parsed part, in place:
    ``word/styles.xml`` (indent, salutation) or ``word/document.xml`` (left margin)."""
    choices = conventions_for(lang_tag.split("-")[0])
    if name == "word/styles.xml":
        if choices.paragraph_indent_cm:
            ppr = _paragraph_properties(root, "BodyText")
            if ppr is not None:
                indent = _child(ppr, "ind", _PPR_ORDER)
                indent.set(_w("firstLine"), str(round(choices.paragraph_indent_cm * TWIPS_PER_CM)))
                indent.attrib.pop(_w("hanging"), None)
        if choices.centred_salutation:
            ppr = _paragraph_properties(root, "Salutation")
            if ppr is not None:
                _child(ppr, "jc", _PPR_ORDER).set(_w("val"), "center")
    elif name == "word/document.xml" and choices.min_left_margin_cm:
        least = round(choices.min_left_margin_cm * TWIPS_PER_CM)
        for margins in root.iter(_w("pgMar")):
            if int(margins.get(_w("left"), "0")) < least:
                margins.set(_w("left"), str(least))
