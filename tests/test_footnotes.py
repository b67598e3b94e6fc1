"""A letter cites its sources as real Word footnotes: ``{{ footnote(text, link) }}``.

Templates are made here with python-docx, rendered through the renderer a build uses, and
the letters read back with python-docx and, converted by LibreOffice, as PDF text.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from lxml import etree

from letters.errors import TemplateProblem
from letters.load.loader import load_checked
from letters.plan import Job, plan
from letters.publish.pdf import convert
from letters.render.docxpost import finalize
from letters.render.footnote_parts import FOOTNOTES_TYPE
from letters.render.renderer import Renderer, lang_tag
from letters.render.template import CompiledTemplate, make_environment
from tests.conftest import docx_parts, needs_libreoffice, pdf_text
from tests.test_safety import _template_with_footnote_and_revisions

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DRAFT = "0000-TEST"
LETTER = "may-2020-joint"
LABEL = "templates/appeal.docx"
FIRST = "Kyiv Administrative Court of Appeal, ruling of 31 July 2018 & more"
FIRST_LINK = "https://example.org/a?b=1&c=2"
# Values a template gets from a case, as a case gives them: a source's description and
# address hold "&" and "<" as they are (as a literal in a template's tag does: see
# tests/test_safety.py, test_an_ampersand_typed_in_a_template_tag_renders_as_one).
DATA = {"first": FIRST, "first_link": FIRST_LINK, "second": "Second <source>"}
FACTS = "Fact one.{{ footnote(first, first_link) }} Fact two.{{ footnote(second) }}"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _template(*paragraphs: str, header: str = "", styles: bool = False) -> bytes:
    """A template whose body is ``paragraphs``, the first in bold; with ``styles``, the
    footnote styles Word has built in."""
    document = docx.Document()
    document.add_paragraph().add_run(paragraphs[0]).bold = True
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if styles:  # as a German Word names them: the ids are translated, the names are not
        text_style = document.styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH)
        text_style.style_id = "Funotentext"
        text_style.font.size = Pt(8)
        reference = document.styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
        reference.style_id = "Funotenzeichen"
        reference.font.superscript = True
        link = document.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link.style_id = "Link"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _context(sample: Path, template: bytes) -> tuple[Renderer, Job, dict[str, Any]]:
    """The sample's joint letter in English, ``template`` its template; the context it is
    rendered with, and ``DATA``."""
    (sample / "templates" / "appeal.docx").write_bytes(template)
    ws = load_checked(sample)
    job = plan(ws, [LETTER], ["en"]).jobs[0]
    renderer = Renderer(ws)
    context, problems = renderer.context(job, draft=DRAFT)
    assert context is not None, problems
    return renderer, job, {**context, **DATA}


def _letter(sample: Path, template: bytes, **data: str) -> bytes:
    """The letter ``template`` makes, rendered as a build renders it, with ``data`` too."""
    renderer, job, context = _context(sample, template)
    compiled, _label = renderer.template(job.letter, job.lang)
    title, day = str(context["subject"]), job.letter.definition.date
    return compiled.render({**context, **data}, title=title, day=day)


def _text(element: etree._Element) -> str:
    """The text of ``element``, no-break spaces (the typography pass) made plain."""
    return "".join(t.text or "" for t in element.iter(w("t"))).replace("\u00a0", " ")


def _notes(data: bytes) -> tuple[etree._Element, dict[str, tuple[str, bool]]]:
    """The footnotes part of a letter, as python-docx finds it, and its links."""
    document = docx.Document(io.BytesIO(data))
    parts = [p for p in document.part.package.iter_parts() if p.content_type == FOOTNOTES_TYPE]
    assert parts == [document.part.part_related_by(RT.FOOTNOTES)]
    links = {rid: (rel.target_ref, rel.is_external) for rid, rel in parts[0].rels.items()}
    return etree.fromstring(parts[0].blob), links


def _body_paragraphs(data: bytes) -> list[Paragraph]:
    return docx.Document(io.BytesIO(data)).paragraphs


def test_sources_become_word_footnotes_numbered_in_order(sample: Path) -> None:
    data = _letter(sample, _template(FACTS, "Nothing to cite here."))
    notes, links = _notes(data)
    numbered = [n for n in notes.iter(w("footnote")) if int(n.get(w("id"))) > 0]
    assert [n.get(w("id")) for n in numbered] == ["1", "2"]
    assert [_text(n) for n in numbered] == [f" {FIRST} {FIRST_LINK}", " Second <source>"]
    separators = [n.get(w("type")) for n in notes.iter(w("footnote")) if n.get(w("type"))]
    assert separators == ["separator", "continuationSeparator"]
    # each note: one paragraph, its number first, then the text and the link
    first = numbered[0]
    assert len(first.findall(w("p"))) == 1
    assert first.find(f"{w('p')}/{w('r')}/{w('footnoteRef')}") is not None
    assert _styles_of(first) == ["FootnoteText", "FootnoteReference", "Hyperlink"]
    (hyperlink,) = first.iter(w("hyperlink"))
    assert _text(hyperlink) == FIRST_LINK
    assert links[hyperlink.get(f"{{{R}}}id")] == (FIRST_LINK, True)
    assert next(numbered[1].iter(w("hyperlink")), None) is None
    # the body: the two references where the calls stood, the text around them unchanged
    facts, plain = _body_paragraphs(data)[:2]
    assert facts.text == "Fact one. Fact two."
    assert plain.text == "Nothing to cite here."
    references = list(facts._p.iter(w("footnoteReference")))
    assert [r.get(w("id")) for r in references] == ["1", "2"]
    assert [r.style.name for r in facts.runs] == [
        "Default Paragraph Font",
        "footnote reference",
        "Default Paragraph Font",
        "footnote reference",
    ]
    assert [r.text for r in facts.runs] == ["Fact one.", "", " Fact two.", ""]
    assert all(r.bold for r in facts.runs)  # the run's own properties kept
    # the styles, as Word has them built in: the template had none
    styles = docx.Document(io.BytesIO(data)).styles
    assert styles["footnote text"].font.size == Pt(10)
    assert styles["footnote reference"].font.superscript
    assert styles["Hyperlink"].font.underline


def _styles_of(note: etree._Element) -> list[str]:
    """The styles a footnote's paragraph and runs name, in order."""
    return [s.get(w("val")) for s in note.iter(w("pStyle"), w("rStyle"))]


def test_a_template_with_footnote_styles_has_them_used(sample: Path) -> None:
    template = _template(FACTS, styles=True)
    data = _letter(sample, template)
    notes, _links = _notes(data)
    note = next(n for n in notes.iter(w("footnote")) if n.get(w("id")) == "1")
    assert _styles_of(note) == ["Funotentext", "Funotenzeichen", "Link"]
    reference = next(_body_paragraphs(data)[0]._p.iter(w("footnoteReference")))
    style = reference.getparent().find(f"{w('rPr')}/{w('rStyle')}")
    assert style.get(w("val")) == "Funotenzeichen"
    ids = re.findall(rb'w:styleId="([^"]+)"', docx_parts(data)["word/styles.xml"])
    assert ids == re.findall(rb'w:styleId="([^"]+)"', docx_parts(template)["word/styles.xml"])


def test_notes_are_added_after_those_a_template_has(sample: Path) -> None:
    template = sample / "templates" / "appeal.docx"
    template.write_bytes(_template(FACTS))
    data = _letter(sample, _template_with_footnote_and_revisions(template))
    notes, links = _notes(data)
    numbered = [n for n in notes.iter(w("footnote")) if int(n.get(w("id"))) > 0]
    assert [(n.get(w("id")), _text(n)) for n in numbered] == [
        ("1", "journalist"),
        ("2", f" {FIRST} {FIRST_LINK}"),
        ("3", " Second <source>"),
    ]
    assert list(links.values()) == [(FIRST_LINK, True)]
    body = etree.fromstring(docx_parts(data)["word/document.xml"])
    assert [r.get(w("id")) for r in body.iter(w("footnoteReference"))] == ["2", "3", "1"]


def test_a_letter_without_footnotes_has_no_footnotes_part_and_is_unchanged(
    sample: Path,
) -> None:
    template = _template("Nothing to cite.", "{{ subject }}")
    data = _letter(sample, template)
    parts = docx_parts(data)
    assert not [name for name in parts if "footnotes" in name]
    assert b"footnote" not in parts["[Content_Types].xml"] + parts["word/document.xml"]
    assert b"footnotes" not in parts["word/_rels/document.xml.rels"]
    # byte for byte what the renderer makes with no footnote() at all
    renderer, job, context = _context(sample, template)
    without = make_environment()
    del without.globals["footnote"]
    compiled = CompiledTemplate(template, LABEL, without, lang_tag(renderer.ws, "en"))
    title, day = str(context["subject"]), job.letter.definition.date
    assert compiled.render(context, title=title, day=day) == data


SCHEME = "footnote(): a link must be a web address starting with http:// or https://"
BAD_NOTES = {
    "javascript-link": (
        "A source",
        "javascript:alert(1)",
        f"{SCHEME} (this one's scheme: 'javascript:')",
    ),
    "file-link": ("A source", "file:///etc/passwd", f"{SCHEME} (this one's scheme: 'file:')"),
    "no-scheme": ("A source", "example.org/a", f"{SCHEME} (this one's scheme: none)"),
    "no-host": ("A source", "https:///a", f"{SCHEME} (this one's scheme: 'https:')"),
    "space-in-link": (
        "A source",
        "https://example.org/a b",
        "footnote(): a link may not hold spaces (write them as %20)",
    ),
    "control-in-text": (
        "A bell \a here",
        "",
        "footnote(): the text holds a control character a footnote cannot hold (U+0007)",
    ),
    "newline-in-text": (
        "Two\nlines",
        "",
        "footnote(): the text holds a control character a footnote cannot hold (U+000A)",
    ),
    "control-in-link": (
        "A source",
        "https://example.org/\x00",
        "footnote(): the link holds a control character a footnote cannot hold (U+0000)",
    ),
    "empty": (" ", "", "footnote(): the footnote has neither a text nor a link"),
}


@pytest.mark.parametrize("text, link, message", BAD_NOTES.values(), ids=BAD_NOTES.keys())
def test_a_bad_footnote_stops_the_letter_saying_why(
    sample: Path, text: str, link: str, message: str
) -> None:
    call = "Fact.{{ footnote(text, link) }}"
    with pytest.raises(TemplateProblem) as caught:
        _letter(sample, _template(call), text=text, link=link)
    assert str(caught.value) == f"{LABEL} (word/document.xml, paragraph “{call}”): {message}"


def test_a_footnote_in_a_header_stops_the_letter(sample: Path) -> None:
    with pytest.raises(TemplateProblem) as caught:
        _letter(sample, _template("Fact.", header="{{ footnote(second) }}"))
    assert str(caught.value) == (
        f"{LABEL} (word/header1.xml): footnote() works only in the letter's body"
        " (word/document.xml), not in a header, footer or footnote"
    )


def test_a_filter_cannot_turn_a_footnote_into_text(sample: Path) -> None:
    with pytest.raises(TemplateProblem) as caught:
        _letter(sample, _template("Fact.{{ footnote(second)[1:] }}"))
    assert str(caught.value) == (
        f"{LABEL} (word/document.xml): the letter holds a character footnote() marks its"
        " notes with (U+E000 or U+E002): a filter changed what footnote() returned (write"
        " {{ footnote(...) }} on its own), or a text holds one"
    )


def test_a_build_reports_a_bad_footnote_as_the_templates_problem(sample: Path) -> None:
    (sample / "templates" / "appeal.docx").write_bytes(
        _template('Fact.{{ footnote("A source", "ftp://example.org/") }}')
    )
    ws = load_checked(sample)
    data, problems = Renderer(ws).render(plan(ws, [LETTER], ["en"]).jobs[0], draft=DRAFT)
    assert data is None
    assert [p.message for p in problems if not p.warning] == [
        f'{LABEL} (word/document.xml, paragraph “Fact.{{{{ footnote("A source",'
        f" \"ftp://example.org/\") }}}}”): {SCHEME} (this one's scheme: 'ftp:')"
    ]


def test_both_render_paths_give_the_same_bytes_with_footnotes(sample: Path) -> None:
    template = _template(FACTS, "More.{{ footnote(case.person.name, 'http://example.org/') }}")
    fast = _letter(sample, template)
    renderer, job, context = _context(sample, template)
    reference = DocxTemplate(io.BytesIO(template))
    reference.render(context, jinja_env=make_environment(), autoescape=True)
    buffer = io.BytesIO()
    reference.save(buffer)
    title, day = str(context["subject"]), job.letter.definition.date
    tag = lang_tag(renderer.ws, "en")
    assert finalize(buffer.getvalue(), label=LABEL, lang_tag=tag, title=title, day=day) == fast
    notes, _links = _notes(fast)
    assert _text(notes).endswith(" Zhanara Akhmetova http://example.org/")


def test_letters_rendered_in_turn_each_get_their_own_footnotes(sample: Path) -> None:
    """The footnotes parts of one letter are kept for the next while its notes are the
    same: each letter of a run with other notes, fewer or none is still its own."""
    template = _template(
        "{% if first %}Fact one.{{ footnote(first, first_link) }}{% endif %}",
        "{% if second %}Fact two.{{ footnote(second) }}{% endif %}",
    )
    renderer, job, context = _context(sample, template)
    compiled, _label = renderer.template(job.letter, job.lang)
    title, day = str(context["subject"]), job.letter.definition.date
    tag = lang_tag(renderer.ws, "en")
    runs = [DATA, {**DATA, "second": "Another"}, DATA, {**DATA, "first": ""}, {**DATA,
            "first": "", "second": ""}, DATA]  # fmt: skip
    for data in runs:
        reference = DocxTemplate(io.BytesIO(template))
        reference.render({**context, **data}, jinja_env=make_environment(), autoescape=True)
        buffer = io.BytesIO()
        reference.save(buffer)
        expected = finalize(buffer.getvalue(), label=LABEL, lang_tag=tag, title=title, day=day)
        assert compiled.render({**context, **data}, title=title, day=day) == expected, data


# --- on paper -----------------------------------------------------------------------------

FILLER = (
    "This paragraph is here to fill the page, so that the letter runs on to a second page"
    " and the footnote cited there is printed at the foot of that page, not of the first."
)


@needs_libreoffice
def test_footnotes_print_at_the_foot_of_the_page_that_cites_them(
    sample: Path, tmp_path: Path
) -> None:
    template = _template(
        FACTS,
        *[FILLER] * 16,
        'Fact three.{{ footnote("Third source, cited on page two", "https://example.org/3") }}',
    )
    letter = tmp_path / "letter.docx"
    letter.write_bytes(_letter(sample, template))
    report = convert([letter], tmp_path / "pdf")
    assert not report.failures, report.failures
    pdf = tmp_path / "pdf" / "letter.pdf"
    # each page's text as laid out, its whitespace made single spaces: a note's number is
    # raised, so it stands on a line of its own just above the note
    first, second = (" ".join(pdf_text(pdf, "-layout", "-f", n, "-l", n).split()) for n in "12")
    assert "Fact one.1 Fact two.2 " in first
    assert f" 1 {FIRST} {FIRST_LINK} 2 Second <source>" in first
    assert "Third source" not in first
    assert "Fact three.3 3 Third source, cited on page two https://example.org/3" in second


# --- for the comparison with plain docxtpl (test_fastpath.py) -------------------------------

# The mark footnote() leaves in a template's text (letters.render.footnotes): what plain
# docxtpl, which has no footnote step, leaves in a letter.
FOOTNOTE_MARK = re.compile("\ue000[0-9]+\ue001[^\ue002]*\ue002")


def without_added_footnotes(ours: dict[str, bytes], theirs: dict[str, bytes]) -> None:
    """Take the footnote step out of two renders of a template, in place: the marks
    footnote() left in plain docxtpl's text (``theirs``), and what our finishing made of
    them (``ours``) — the references, the notes, their links, the styles and the part,
    override and relationship made for them where the template had none. A run cut at a
    reference is one run again on both sides: runs alike in all but text are joined."""
    theirs_notes = theirs.get("word/footnotes.xml")
    known = set()
    if theirs_notes is not None:
        known = {n.get(w("id")) for n in etree.fromstring(theirs_notes).iter(w("footnote"))}
    body = etree.fromstring(FOOTNOTE_MARK.sub("", theirs["word/document.xml"].decode()).encode())
    theirs["word/document.xml"] = _serialised(_joined(body))
    body = etree.fromstring(ours["word/document.xml"])
    for reference in list(body.iter(w("footnoteReference"))):
        if reference.get(w("id")) not in known:
            run = reference.getparent()
            run.getparent().remove(run)
    ours["word/document.xml"] = _serialised(_joined(body))
    styles = etree.fromstring(ours["word/styles.xml"])
    known_styles = set(re.findall(rb'w:styleId="([^"]+)"', theirs["word/styles.xml"]))
    for style in list(styles.iter(w("style"))):
        if style.get(w("styleId"), "").encode() not in known_styles:
            styles.remove(style)
    ours["word/styles.xml"] = _serialised(styles)
    rels_name = "word/_rels/footnotes.xml.rels"
    if theirs_notes is None:
        ours.pop("word/footnotes.xml", None)
        ours.pop(rels_name, None)
        types = etree.fromstring(ours["[Content_Types].xml"])
        for override in list(types):
            if override.get("PartName") == "/word/footnotes.xml":
                types.remove(override)
        ours["[Content_Types].xml"] = _serialised(types)
        rels = etree.fromstring(ours["word/_rels/document.xml.rels"])
        for rel in list(rels):
            if rel.get("Type") == f"{R}/footnotes":
                rels.remove(rel)
        ours["word/_rels/document.xml.rels"] = _serialised(rels)
        return
    notes = etree.fromstring(ours["word/footnotes.xml"])
    for note in list(notes):
        if note.get(w("id")) not in known:
            notes.remove(note)
    ours["word/footnotes.xml"] = _serialised(notes)
    if rels_name in ours and rels_name not in theirs:
        del ours[rels_name]
    elif rels_name in ours:
        kept = {rel.get("Id") for rel in etree.fromstring(theirs[rels_name])}
        rels = etree.fromstring(ours[rels_name])
        for rel in list(rels):
            if rel.get("Id") not in kept:
                rels.remove(rel)
        ours[rels_name] = _serialised(rels)


def _joined(root: etree._Element) -> etree._Element:
    """``root`` with every run of text joined to the run before it when the two differ
    in nothing but their text."""
    for run in list(root.iter(w("r"))):
        before = run.getprevious()
        if before is None or before.tag != w("r") or before.attrib != run.attrib:
            continue
        texts, more = _texts(before), _texts(run)
        if texts and more and _properties(before) == _properties(run):
            texts[-1].text = (texts[-1].text or "") + "".join(t.text or "" for t in more)
            run.getparent().remove(run)
    return root


def _texts(run: etree._Element) -> list[etree._Element]:
    """The w:t elements of a run that holds nothing else ([] if it does)."""
    content = [child for child in run if child.tag != w("rPr")]
    return content if all(child.tag == w("t") for child in content) else []


def _properties(run: etree._Element) -> bytes:
    found = run.find(w("rPr"))
    return b"" if found is None else bytes(etree.tostring(found, method="c14n"))


def _serialised(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
