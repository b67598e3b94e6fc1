"""Refuse a template whose tags would make docxtpl drop text without a word.

docxtpl joins a tag that Word split over several runs by deleting the XML
between its ``{{`` and its ``}}``. A tag left open in one paragraph
(``Note {{ subject``) and closed in a later one therefore swallows every
paragraph in between, and the letter silently loses them. And a paragraph
tag (``{%p … %}``, ``{{p … }}``), a cell tag (``{%tc … %}``) or a row tag
(``{%tr … %}``) stands for its whole paragraph, cell or row: any other text
there is dropped. docxtpl also deletes the XML between a ``{`` and a ``{``,
``%`` or ``#`` that follows it (and between a ``%``, ``}`` or ``#`` and a ``}``)
even where that XML ends one paragraph and begins another, so a lone ``{`` at
the end of a paragraph joins the ``{%p … %}`` starting the next and both
paragraphs vanish. All three are refused before the template is compiled,
quoting the paragraph, so that ``letters check`` finds them as a build would.

A ``{{`` or ``{%`` left open inside a comment (``{# {{ #}``) is refused
too: docxtpl's last pass over the part (``clean_tags``) takes it for a tag and rewrites
everything from there to the next ``}}`` or ``%}``, straightening curly quotes and turning
escaped ``&lt;…&gt;`` into markup, so the letter would no longer say what was approved (and
each one costs a scan of the rest of the part). One closed in there
(``{# {{ name }} #}``, a line commented out) and a ``{#`` are left as they are, and pass.
docxtpl's patterns, and Jinja, read the whole part, not only its text: an opener in a field
code (``w:instrText``), where a letter needs none, is refused, and so is one left open in a
picture's alternative text or an equation's text, where a reader meets a tag's value. Any
opener elsewhere, where no page shows it (an XML comment, a processing instruction, a
bookmark's name or any other attribute, an element's text outside the text of runs), is
refused too, closed or not: Jinja would fill it in, and the letter carry text its signatories
never see under the version they approve, or a ``{#`` there swallow the text up to its ``#}``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

from lxml import etree

from letters.render.docxpost import UNSHOWN_NODES, W, drop_unshown_nodes

_P, _T, _TC, _TR, _TBL = (f"{{{W}}}{name}" for name in ("p", "t", "tc", "tr", "tbl"))
_OPENER = re.compile(r"\{[{%#]")
_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}
# docxtpl's tags that stand for their whole paragraph, cell or row ("{%p if x %}")
_WHOLE = re.compile(r"\{([{%#])(p|tc|tr) ")
_SCOPE = {"p": (_P, "paragraph"), "tc": (_TC, "table cell"), "tr": (_TR, "table row")}
# the characters docxtpl joins over any XML between them (patch_xml's first step),
# each pair with the lone character to remove: a "{" that ends a paragraph, a "}"
# that starts one
_OPEN_FIX = "remove the lone “{” at the end of this paragraph"
_CLOSE_FIX = "remove the lone “}” that starts the next paragraph"
_INNER = re.compile(r"\{[{%]")
# what docxtpl reads besides the text: a field's code, and any other text or attribute
_FIELD_CODES = (f"{{{W}}}instrText", f"{{{W}}}delInstrText")
_FIELD_INSTR = f"{{{W}}}instr"
_JOINED = {("{", start): _OPEN_FIX for start in "{%#"} | {(end, "}"): _CLOSE_FIX for end in "%}#"}


def shortened(text: str, limit: int = 120) -> str:
    """``text`` on one line and at most ``limit`` characters long, to quote in a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _without_comments(text: str) -> str:
    """``text`` without its Jinja comments closed where they open ("{# TRANSLATORS: … #}");
    one left open stays, as it may be the very problem a message quotes. Found by hand,
    not by a lazy pattern: that looked from each "{#" through to the end of the text, so a
    paragraph of "{#{#{#…" took a time growing with its length squared (a minute for 40 kB)."""
    kept, at = [], 0
    while (start := text.find("{#", at)) != -1 and (end := text.find("#}", start + 2)) != -1:
        kept.append(text[at:start])
        at = end + 2
    return "".join(kept) + text[at:]


def paragraph_quote(text: str, limit: int = 120) -> str:
    """A template paragraph's ``text`` as a message quotes it: shortened, and without
    its Jinja comments, since a translator's note opens many paragraphs and would fill
    the quote in place of the text at fault (a paragraph that is nothing but a comment
    is quoted as it is)."""
    kept = _without_comments(text)
    return shortened(kept if kept.strip() else text, limit)


def _text(element: etree._Element, paragraph: etree._Element | None = None) -> str:
    """The text of ``element``; of a paragraph only its own (not a text box's in it)."""
    texts = element.iter(_T)
    if paragraph is not None:
        texts = (t for t in texts if next(t.iterancestors(_P), None) is paragraph)
    return "".join(t.text or "" for t in texts)


def tag_problem(root: etree._Element, label: str, partname: str) -> str | None:
    """Why the story part ``root`` (a body, header, footer or footnotes) must be refused,
    or None: a tag in it is not closed in its paragraph, a paragraph, cell or row tag
    shares its paragraph, cell or row with other text, or docxtpl would join a character
    at the end of one paragraph to one at the start of the next into a tag's ``{{``,
    ``{%``, ``{#``, ``%}``, ``}}`` or ``#}``. The XML comments and processing instructions
    are looked at first, then left out as docxtpl never reads them (the part's are dropped
    once it passes): the text after one is its element's (lxml keeps it as theirs)."""
    if unshown := _unshown_opener(root):
        said, node = unshown
        return f"{label} ({partname}{_quoted(node)}): {said}"
    if UNSHOWN_NODES(root):
        root = copy.deepcopy(root)
        drop_unshown_nodes(root)
    if (coded := _in_field_code(root)) is not None:
        return f"{label} ({partname}{_quoted(coded)}): {_CODED}"
    if outside := _outside_text(root):
        said, element = outside
        return f"{label} ({partname}{_quoted(element)}): {said}"
    for paragraph in root.iter(_P):
        text = _text(paragraph, paragraph)
        if "{" not in text:
            continue
        problem = _unclosed(text) or _not_alone(paragraph, text)
        if not problem and (nested := _nested_opener(text)):
            problem = _left_open_message(nested, "inside a comment")
        if problem:
            return f"{label} ({partname}, paragraph “{paragraph_quote(text)}”): {problem}"
    if joined := _joined_across_paragraphs(root):
        paragraph, problem = joined
        text = paragraph_quote(_text(paragraph, paragraph))
        return f"{label} ({partname}, paragraph “{text}”): {problem}"
    return None


def _paragraph_of(element: etree._Element) -> etree._Element | None:
    if element.tag == _P:
        return element
    return next(element.iterancestors(_P), None)


def _chunks(root: etree._Element) -> Iterator[tuple[str, etree._Element | None]]:
    """Each piece of character data in ``root`` in the order it is written out, with
    the paragraph it is in: what docxtpl's patterns see between the tags."""
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            if isinstance(element.tag, str) and element.text:  # not a comment's text
                yield element.text, _paragraph_of(element)
        elif element.tail and element is not root:
            yield element.tail, _paragraph_of(element.getparent())


def _joined_across_paragraphs(root: etree._Element) -> tuple[etree._Element, str] | None:
    """The paragraph whose last character docxtpl would join to the first character of
    a later paragraph (only markup between them), and what to say about it."""
    before: tuple[str, etree._Element | None] | None = None
    for chunk, paragraph in _chunks(root):
        if before is not None and paragraph is not before[1]:
            end, start = before[0][-1], chunk[0]
            fix = _JOINED.get((end, start))
            quoted = before[1] if before[1] is not None else paragraph
            if fix is not None and quoted is not None:
                return quoted, (
                    f"“{end}” ends this paragraph and the next paragraph with text starts"
                    f" with “{start}”: docxtpl would join the two into “{end}{start}” across"
                    f" the paragraph break, and text would be lost; {fix} or put the tag in"
                    " one paragraph"
                )
        before = chunk, paragraph
    return None


def _unclosed(text: str) -> str | None:
    start = 0
    while match := _OPENER.search(text, start):
        opener = match.group()
        end = text.find(_CLOSER[opener], match.end())
        if end < 0:
            return (
                f"“{opener}” is not closed in this paragraph; a tag must end in the"
                " paragraph where it starts, or the text up to its end is lost"
            )
        start = end + 2
    return None


def _left_open_message(opener: str, where: str) -> str:
    closer = _CLOSER[opener]
    return (
        f"a “{opener}” is left open {where}: docxtpl takes it for a tag and rewrites the"
        " text from there to the next “}}” or “%}” in the part (curly quotes made straight,"
        " escaped markup made real), so the letter would not say what the template says —"
        f" close it (“{opener} … {closer}”) or take it out"
    )


_CODED = (
    "a field code holds a tag opener (“{{”, “{%” or “{#”), which a letter never needs there"
    " and docxtpl would look for the end of through the rest of the part — take it out of"
    " the field code (Word shows field codes with Alt+F9)"
)


def _quoted(element: etree._Element) -> str:
    """``element``'s paragraph quoted for a message, or its table's first text for one of a
    table's own (its properties), or nothing outside both."""
    around = element if element.tag == _P else next(element.iterancestors(_P, _TBL), None)
    if around is None:
        return ""
    if around.tag == _TBL:
        texts = (_text(paragraph, paragraph) for paragraph in around.iter(_P))
        first = next((text for text in texts if text.strip()), "")
        return f", table “{paragraph_quote(first)}”" if first else ", a table without text"
    return f", paragraph “{paragraph_quote(_text(around, around))}”"


def _in_field_code(root: etree._Element) -> etree._Element | None:
    """The first field in ``root`` whose code holds a tag opener."""
    for element in root.iter(*_FIELD_CODES, f"{{{W}}}fldSimple"):
        code = element.get(_FIELD_INSTR, "") if element.tag.endswith("fldSimple") else element.text
        if _OPENER.search(code or ""):
            return element
    return None


def _left_open(text: str) -> str | None:
    """The first "{{" or "{%" in ``text`` with no "}}" or "%}" after it: docxtpl's
    clean_tags pattern would run from there to the next one in the rest of the part."""
    last_closer = max(text.rfind("}}"), text.rfind("%}"))
    return next((m.group() for m in _INNER.finditer(text) if last_closer < m.end()), None)


# every attribute and character data with a brace: docxtpl's patterns and Jinja read them all
_BRACED = etree.XPath("//@*[contains(., '{')] | //text()[contains(., '{')]")
# and every XML comment and processing instruction with one
_BRACED_UNSHOWN = etree.XPath(
    "//comment()[contains(., '{')] | //processing-instruction()[contains(., '{')]"
)
# What a reader meets besides the text of runs: a picture's alternative text (see
# letters.render.picture_texts) on a drawing's or a picture's own properties, or VML's, and
# an equation's text.
_ALT_TEXT_HOLDERS = (
    "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr",
    "{http://schemas.openxmlformats.org/drawingml/2006/picture}cNvPr",
)
_ALT_TEXTS = {"descr", "title"}
_VML = "urn:schemas-microsoft-com:vml"
_VML_ALT_TEXTS = {"alt", "{urn:schemas-microsoft-com:office:office}title"}
_MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_MATH_TEXT, _EQUATIONS = f"{{{_MATH}}}t", (f"{{{_MATH}}}oMath", f"{{{_MATH}}}oMathPara")
_SAVED_AGAIN = "saving the template again from Word or LibreOffice does"


def _unshown_opener(root: etree._Element) -> tuple[str, etree._Element] | None:
    """What is wrong with the first XML comment or processing instruction in ``root`` that
    holds a tag opener, closed or not, and the node itself."""
    for node in _BRACED_UNSHOWN(root):
        if opener := _OPENER.search(node.text or ""):
            if isinstance(node, etree._Comment):
                place, fix = "an XML comment", "delete the comment"
            else:
                place = f"a processing instruction (<?{node.target}?>)"
                fix = "delete the processing instruction"
            return _unseen_message(place, opener.group(), f"{fix} ({_SAVED_AGAIN})"), node
    return None


def _holder(found: etree._ElementUnicodeResult) -> etree._Element:
    """The element whose attribute or character data ``found`` is: lxml gives the text after
    a child as the child's (its tail), and its parent holds it."""
    parent = found.getparent()
    return parent.getparent() if found.is_tail else parent


def _outside_text(root: etree._Element) -> tuple[str, etree._Element] | None:
    """What is wrong with the first tag opener in ``root`` (without its XML comments) outside
    the text of runs and field codes (checked on their own), with the element holding it:
    any opener where no page shows it, one left open where a reader meets it (see the
    module's docs)."""
    for found in _BRACED(root):
        text, element = str(found), _holder(found)
        if found.is_text and element.tag in (_T, *_FIELD_CODES):
            continue
        if (unseen := _unseen_place(found, element)) and (opener := _OPENER.search(text)):
            place, fix = unseen
            return _unseen_message(place, opener.group(), fix), element
        where = "outside the text (in a picture's description …)"
        if element.tag == _MATH_TEXT:
            where = f"in an equation ({_prefixed(element, element.tag)})"
        if opener_left := _left_open(text):
            return _left_open_message(opener_left, where), element
        if (start := text.rfind("{#")) != -1 and text.find("#}", start + 2) == -1:
            return _comment_left_open(where), element
    return None


def _comment_left_open(where: str) -> str:
    return (
        f"a “{{#” is left open {where}: Jinja takes everything from there to the next “#}}”"
        " in the part for a comment, and the letter would lose it — close it (“{# … #}”) or"
        " take it out"
    )


def _unseen_place(
    found: etree._ElementUnicodeResult, element: etree._Element
) -> tuple[str, str] | None:
    """(what ``found`` is, how to take a tag out of it) if no page shows it, or None for a
    picture's alternative text or an equation's text."""
    holder = etree.QName(element)
    if found.is_attribute:
        name = str(found.attrname)
        if (element.tag in _ALT_TEXT_HOLDERS and name in _ALT_TEXTS) or (
            holder.namespace == _VML and name in _VML_ALT_TEXTS
        ):
            return None
        what = f"{_prefixed(element, name)} of {_prefixed(element, element.tag)}"
        return f"an attribute no page shows ({what})", "take the tag out of it"
    if element.tag == _MATH_TEXT and next(element.iterancestors(*_EQUATIONS), None) is not None:
        return None
    return f"the text of {_prefixed(element, element.tag)}", "take the tag out of it"


def _prefixed(element: etree._Element, name: str) -> str:
    """``name`` (a tag or an attribute's, ``{namespace}local``) as the part writes it."""
    qname = etree.QName(name)
    prefix = next((p for p, uri in element.nsmap.items() if uri == qname.namespace and p), None)
    return f"{prefix}:{qname.localname}" if prefix else qname.localname


def _unseen_message(place: str, opener: str, fix: str) -> str:
    return (
        f"{place} holds a tag opener (“{opener}”), which Jinja reads there though no page shows"
        " it: the letter would carry text its signatories never see, or lose text they do —"
        f" {fix}, and type the tag in the text if the letter needs it"
    )


def _nested_opener(text: str) -> str | None:
    """The first "{{" or "{%" that ``text`` (a paragraph whose tags all close) leaves open
    inside one of its comments, the only tags whose own end ("#}") does not close it: one
    closed there (``{# {{ name }} #}``) is left alone by docxtpl, as is a "{#"."""
    start = 0
    while match := _OPENER.search(text, start):
        end = text.find(_CLOSER[match.group()], match.end())
        if end < 0:
            break
        if opener := _left_open(text[match.end() : end + 2]):
            return opener
        start = end + 2
    return None


def _not_alone(paragraph: etree._Element, text: str) -> str | None:
    for match in _WHOLE.finditer(text):
        kind = match.group(2)
        tag, noun = _SCOPE[kind]
        scope = paragraph if kind == "p" else next(paragraph.iterancestors(tag), None)
        if scope is None:
            continue  # docxtpl finds no cell or row around it, and leaves it as it is
        whole = text if kind == "p" else _text(scope)
        begin = match.start() if kind == "p" else whole.find(match.group())
        closer = _CLOSER["{" + match.group(1)]
        end = whole.find(closer, begin + len(match.group()))
        rest = whole[:begin] + whole[end + len(closer) :]
        if rest.strip():
            shown = f"{match.group()}… {closer}"
            return (
                f"{shown} stands for its whole {noun}, so the other text of this {noun}"
                f" would be lost; give {shown} a {noun} of its own"
            )
    return None


def unshown_node(root: etree._Element) -> tuple[etree._Element, str] | None:
    """The first XML comment or processing instruction in the rendered part ``root``, and
    what it is: its template's own were taken out, so its tags wrote it."""
    for node in UNSHOWN_NODES(root):
        if node.getparent() is not None:
            comment = isinstance(node, etree._Comment)
            return node, "an XML comment" if comment else "a processing instruction"
    return None
