"""The batch renderer (compile once, render many) writes what plain docxtpl writes.

The reference is docxtpl used as its own documentation shows — ``DocxTemplate(file)``,
``render(context, jinja_env=...)``, ``save`` — with the sandboxed Jinja environment our
renderer uses and none of our rendering code. The README documents what the fast renderer
adds to that, and only that is allowed to differ: tracked changes left in a template are
accepted before its tags run, and the finished letter has its runs tagged with the
letter's language, no-break spaces where the language wants them, hyphenation on, no
comment marks, comments or thumbnail, clean settings and metadata, and fixed zip bytes.

Two comparisons, for every letter of every language:

* independent of our code: the parts, their text and their canonical XML are those of
  docxtpl's output once the documented finishing is taken out of both (see ``_normalised``);
* byte for byte, as the README promises, against docxtpl's output finished by
  :func:`letters.render.docxpost.finalize`. That function is made of the same finishing steps
  (``letters.render.docxpost``) the fast path applies, on purpose: they *are* the documented
  finishing (tags, no-break spaces, metadata, fixed zip), whose effects test_safety.py and
  test_typography.py check on their own, and the comparison above checks them independently.
  What this one holds is everything else — the template prepared once, docxtpl's
  preprocessing and Jinja compiled once, the parts finished and cached once for many letters.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.shared import Cm
from docxtpl import DocxTemplate
from lxml import etree

from letters.load.loader import load_checked
from letters.plan import Job, plan
from letters.render.docxpost import finalize
from letters.render.layout import lay_out
from letters.render.renderer import Renderer, lang_tag
from letters.render.template import make_environment, resolve_listing
from letters.render.typography import typeset
from letters.render.whole_words import NO_LANGUAGE, XML_SPACE, name_words
from tests.conftest import docx_parts, docx_text, kept_whole, rewrite_docx, without_letterhead
from tests.test_footnotes import without_added_footnotes
from tests.test_safety import _template_with_footnote_and_revisions

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DRAFT = "0000-TEST"
STORY = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
# What a finished letter loses: the comments and the thumbnail (README, "Clean documents"),
# with the list of the comments' authors, the template's custom document properties and its
# custom XML (the bibliography's sources).
DROPPED = re.compile(
    r"docProps/(thumbnail\.\w+|custom\.xml)|word/(comments\w*|people)\.xml|customXml/.+"
)


@pytest.fixture
def sample(sample: Path) -> Path:
    """The sample without its letterhead (a picture in every letter)."""
    return without_letterhead(sample)


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _png(width: int, height: int) -> bytes:
    """A small red PNG, made here so the test needs no image file."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _rich_template() -> bytes:
    """Images, tables with row loops, headers and footers, all with template tags."""
    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = "{{ subject }} — {{ place }}"
    section.header.add_paragraph().add_run().add_picture(io.BytesIO(_png(8, 4)), width=Cm(1))
    section.first_page_header.paragraphs[
        0
    ].text = '{% if draft %}{{ _("DRAFT") }} {{ version }}{% endif %}'
    section.footer.paragraphs[0].text = "{{ date|date }} · {{ case.person.name }}"
    document.add_paragraph("{{ subject }}", style="Title")
    document.add_paragraph().add_run().add_picture(io.BytesIO(_png(16, 16)), width=Cm(2))
    table = document.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    table.cell(0, 0).text = "{{ _('Name') }}"
    table.cell(0, 1).text = "{{ _('Group') }}"
    table.cell(0, 2).text = "{{ _('Country') }}"
    table.cell(1, 0).text = "{%tr for s in signatories %}"
    table.cell(2, 0).text = "{{ s.name }}"
    table.cell(2, 1).text = "{{ s.group }}"
    table.cell(2, 2).text = "{{ s.country }}"
    table.cell(3, 0).text = "{%tr endfor %}"
    document.add_paragraph("{%p for ask in case.asks %}")
    document.add_paragraph("{{ loop.index }}. {{ ask }}", style="List Number")
    document.add_paragraph("{%p endfor %}")
    nested = document.add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "{{ case.summary }}"
    nested.cell(0, 1).add_paragraph().add_run().add_picture(io.BytesIO(_png(4, 4)), width=Cm(1))
    document.add_paragraph(
        "{% for r in recipients %}{{ r.name }}{% if not loop.last %}; {% endif %}{% endfor %}"
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- the reference: plain docxtpl -------------------------------------------------------


_REJECTED = {
    "del",
    "moveFrom",
    "moveFromRangeStart",
    "moveFromRangeEnd",
    "moveToRangeStart",
    "moveToRangeEnd",
}
_BREAKS = {w("tab"): "\t", w("br"): "\n", w("cr"): "\n"}


def _accept_all(data: bytes) -> bytes:
    """A story part with its tracked changes accepted, as Word's "Accept All" leaves it."""
    root = etree.fromstring(data)
    for element in list(root.iter(etree.Element)):
        name = etree.QName(element)
        parent = element.getparent()
        if parent is None or name.namespace != W:
            continue
        local = name.localname
        if local in _REJECTED or local.endswith("Change"):
            parent.remove(element)
        elif local in ("ins", "moveTo"):
            if parent.tag == w("rPr"):  # an inserted paragraph mark: only a marker
                parent.remove(element)
            else:
                index = parent.index(element)
                parent[index : index + 1] = list(element)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _docxtpl(template: Path, context: dict[str, Any]) -> bytes:
    """``template`` rendered by docxtpl alone, after the one documented step that comes
    first: its tracked changes accepted, so a tag in a deleted passage does not run."""
    with zipfile.ZipFile(template) as archive:
        stories = [name for name in archive.namelist() if STORY.fullmatch(name)]
    accepted = rewrite_docx(template, dict.fromkeys(stories, _accept_all))
    document = DocxTemplate(io.BytesIO(accepted))
    # docxtpl renders a footnotes part once per section and turns "{_{" into "{{" in the
    # output; neither changes anything here (no data holds Jinja syntax), and our renderer
    # does neither on purpose.
    document.render(context, jinja_env=make_environment(), autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _normalised(name: str, data: bytes) -> etree._Element:
    """One XML part without what the documented finishing changes after rendering:
    language tags, comment marks, no-break spaces (each made a plain space), the
    template's own settings, hyphenation and links to dropped parts.
    Applied to both outputs, so what is left must be the same."""
    root = etree.fromstring(data)
    for text in root.iter(w("t")):  # no-break spaces, as the typography pass may make them
        text.text = (text.text or "").replace("\u00a0", " ").replace("\u202f", " ")
    for element in list(root.iter(w("lang"), w("commentRangeStart"), w("commentRangeEnd"))):
        element.getparent().remove(element)
    for mark in list(root.iter(w("commentReference"))):
        run = mark.getparent()
        run.remove(mark)
        if all(child.tag == w("rPr") for child in run):  # the run was only the mark
            run.getparent().remove(run)
    if name == "word/settings.xml":
        hyphenation = ("autoHyphenation", "doNotHyphenateCaps")  # switched on by the finishing
        for tag in ("attachedTemplate", "docVars", "trackRevisions", "proofState", *hyphenation):
            for element in root.findall(w(tag)):
                root.remove(element)
    # what the language tags leave empty once they are gone (innermost first)
    for element in reversed(list(root.iter(w("rPr"), w("rPrDefault"), w("docDefaults")))):
        if len(element) == 0 and not element.attrib:
            element.getparent().remove(element)
    for mark in list(root.iter(w("noBreakHyphen"))):  # the finishing's, a hyphen again
        hyphen = etree.Element(w("t"))
        hyphen.text = "-"
        mark.addprevious(hyphen)
        mark.getparent().remove(mark)
    _join_runs(root)  # a paragraph's last word has a run of its own: joined again
    if name.endswith(".rels"):
        source = posixpath.dirname(posixpath.dirname(name))  # word/_rels/x.rels: word
        for rel in list(root):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            target = target[1:] if target.startswith("/") else posixpath.join(source, target)
            if DROPPED.fullmatch(posixpath.normpath(target)):
                root.remove(rel)
    if name == "[Content_Types].xml":
        for override in list(root):
            if DROPPED.fullmatch(override.get("PartName", "").lstrip("/")):
                root.remove(override)
    return root


def _join_runs(root: etree._Element) -> None:
    """Each run joined to the one before it where both have the same formatting (their
    properties once the language tags are gone), and the texts that then stand side by
    side made one, marked as keeping their spaces where they need it."""
    for run in list(root.iter(w("r"))):
        before = run.getprevious()
        if before is None or before.tag != w("r"):
            continue
        props = [r.find(w("rPr")) for r in (before, run)]
        if len({etree.tostring(p, method="c14n") if p is not None else b"" for p in props}) > 1:
            continue
        at = 0 if props[1] is None else 1
        for child in [c for c in before if c.tag != w("rPr")][::-1]:
            run.insert(at, child)
        before.getparent().remove(before)
    for text in list(root.iter(w("t"))):
        following = text.getnext()
        if following is not None and following.tag == w("t"):
            following.text = (text.text or "") + (following.text or "")
            text.getparent().remove(text)
    for text in root.iter(w("t")):
        text.attrib.pop(XML_SPACE, None)
        if text.text != (text.text or "").strip():
            text.set(XML_SPACE, "preserve")


def _paragraphs(root: etree._Element) -> list[str]:
    """The text of every paragraph of a story part, tabs and breaks included."""
    texts = []
    for paragraph in root.iter(w("p")):
        parts = paragraph.iter(w("t"), *_BREAKS)
        texts.append("".join(_BREAKS.get(e.tag) or e.text or "" for e in parts))
    return texts


def _canonical(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, method="c14n"))


def _same_content(fast: bytes, reference: bytes, where: str, title: str, tag: str) -> None:
    """``fast`` holds what docxtpl's ``reference`` holds, less only the documented finishing."""
    ours, theirs = docx_parts(fast), docx_parts(reference)
    without_added_footnotes(ours, theirs)  # footnote(): its marks are notes only in ours
    assert any(_paragraphs(etree.fromstring(ours["word/document.xml"]))), f"{where}: no text"
    assert sorted(ours) == sorted(n for n in theirs if not DROPPED.fullmatch(n)), where
    for name, data in ours.items():
        if name in ("docProps/core.xml", "docProps/app.xml"):
            continue  # replaced by the finishing, whatever the template held
        if not name.endswith((".xml", ".rels")):
            assert data == theirs[name], f"{where}: {name}"
            continue
        mine, other = _normalised(name, data), _normalised(name, theirs[name])
        lay_out(name, other, tag)  # the language's layout (indent, margin) is finishing too
        if STORY.fullmatch(name):
            assert _paragraphs(mine) == _paragraphs(other), f"{where}: {name}"
        assert _canonical(mine) == _canonical(other), f"{where}: {name}"
    core = {etree.QName(e).localname: e.text for e in etree.fromstring(ours["docProps/core.xml"])}
    assert (core["title"], core["language"]) == (title, tag), where


def _compare(workspace: Path) -> list[Job]:
    """Every letter of ``workspace`` on both paths; the jobs compared."""
    ws = load_checked(workspace)
    renderer = Renderer(ws)
    jobs = plan(ws).jobs
    for job in jobs:
        fast, problems = renderer.render(job, draft=DRAFT)
        assert fast is not None, problems
        context, _found = renderer.context(job, draft=DRAFT)
        assert context is not None
        template = ws.templates[job.letter.definition.template]
        reference = _docxtpl(template, context)
        tag, title = lang_tag(ws, job.lang), context["subject"]
        _same_content(fast, reference, job.stem, title, tag)
        day = job.letter.definition.date
        finished = finalize(
            reference,
            label=ws.rel(template),
            lang_tag=tag,
            title=title,
            day=day,
            names=name_words(context),
        )
        assert fast == finished, f"{job.stem}: not byte for byte what docxtpl gives"
    return jobs


LISTINGS = [
    '<w:p><w:r><w:t xml:space="preserve">One\nTwo</w:t></w:r></w:p>',
    '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>A\tB\aC\fD'
    "</w:t></w:r><w:r><w:t>plain</w:t></w:r></w:p><w:p><w:r><w:t>untouched</w:t></w:r></w:p>",
    '<w:p w14:paraId="1"><w:r><w:t>no break</w:t></w:r></w:p>\n<w:p><w:r><w:t>x\ny</w:t></w:r>'
    "<w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>in\na box</w:t></w:r></w:p>"
    "</w:txbxContent></w:drawing></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell\t"
    "</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
    "<w:p><w:r><w:t>nothing to do</w:t></w:r></w:p><w:p/>",
    '<w:p w:rsidR="00A1"><w:pPr><w:pStyle w:val="Addressee"/></w:pPr><w:r><w:t>a\nb</w:t>'
    "</w:r></w:p>",
]


@pytest.mark.parametrize("xml", LISTINGS)
def test_line_breaks_and_tabs_in_text_become_what_docxtpl_makes_of_them(xml: str) -> None:
    """Only paragraphs that need it go through docxtpl's pass; the part comes out as
    docxtpl's pass over all of it would make it."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    template = DocxTemplate(buffer)
    assert resolve_listing(template, xml) == template.resolve_listing(xml)


def test_sample_letters_are_identical_on_both_paths(sample: Path) -> None:
    jobs = _compare(sample)
    assert len(jobs) == 10
    ws = load_checked(sample)
    every = {(name, lang) for name in ws.templates for lang in ws.config.languages}
    assert {(job.letter.definition.template, job.lang) for job in jobs} == every


def test_images_tables_and_headers_are_identical_on_both_paths(sample: Path) -> None:
    (sample / "templates" / "appeal.docx").write_bytes(_rich_template())
    assert len(_compare(sample)) == 10
    out = sample / "check.docx"
    ws = load_checked(sample)
    job = plan(ws, ["may-2020-joint"], ["en"]).jobs[0]
    data, _problems = Renderer(ws).render(job, draft=DRAFT)
    assert data is not None
    out.write_bytes(data)
    document = docx.Document(str(out))
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["Name", "Group", "Country"]
    assert rows[1] == ["Petras Auštrevičius", "Renew Europe", "Lithuania"]
    assert len(rows) == 7  # a row per signatory
    assert len(document.inline_shapes) == 2  # the body's pictures, one of them in a table
    assert "Kazakhstan" in docx_text(out)[0]


# Tags inside tracked changes and a comment: an inserted tag runs, a deleted one (which
# would fail: the value does not exist) does not, and the comment goes with its marks.
REVISED_AND_COMMENTED = (
    '<w:p><w:ins w:id="93" w:author="Reviewer"><w:r><w:t>{{ place }}</w:t></w:r></w:ins>'
    '<w:del w:id="94" w:author="Reviewer"><w:r><w:delText>{{ no_such_value }}</w:delText>'
    "</w:r></w:del></w:p>"
    '<w:p><w:commentRangeStart w:id="5"/><w:r><w:t>{{ subject }}</w:t></w:r>'
    '<w:commentRangeEnd w:id="5"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
    '<w:commentReference w:id="5"/></w:r></w:p>'
)
COMMENTS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<w:comments xmlns:w="{W}"><w:comment w:id="5" w:author="Reviewer">'
    "<w:p><w:r><w:t>Secret remark</w:t></w:r></w:p></w:comment></w:comments>"
)


def test_footnotes_tracked_changes_and_comments_are_identical_on_both_paths(
    sample: Path,
) -> None:
    template = sample / "templates" / "appeal.docx"
    template.write_bytes(_template_with_footnote_and_revisions(template))
    template.write_bytes(
        rewrite_docx(
            template,
            {
                "word/document.xml": lambda data: data.replace(
                    b"<w:body>", b"<w:body>" + REVISED_AND_COMMENTED.encode(), 1
                ),
                "word/_rels/document.xml.rels": lambda data: data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdCm" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/comments" Target="comments.xml"/>'
                    b"</Relationships>",
                ),
                "[Content_Types].xml": lambda data: data.replace(
                    b"</Types>",
                    b'<Override PartName="/word/comments.xml" ContentType="application/vnd.'
                    b'openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>',
                ),
            },
            add={"word/comments.xml": COMMENTS.encode()},
        )
    )
    jobs = _compare(sample)
    assert len(jobs) == 10
    joint = next(job for job in jobs if job.stem == "may-2020-joint.uk")
    renderer = Renderer(load_checked(sample))
    data, _problems = renderer.render(joint, draft=DRAFT)
    context, _found = renderer.context(joint, draft=DRAFT)
    assert data is not None and context is not None
    parts = docx_parts(data)
    assert _paragraphs(etree.fromstring(parts["word/document.xml"]))[:2] == [
        "Брюссель",
        typeset(str(context["subject"]), "uk-UA"),
    ]
    assert "word/comments.xml" not in parts
    assert b"Secret" not in b"".join(parts.values())


@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
def test_every_run_is_tagged_with_the_letter_language(sample: Path, lang: str) -> None:
    ws = load_checked(sample)
    job = plan(ws, ["may-2020-joint"], [lang]).jobs[0]
    data, _problems = Renderer(ws).render(job, draft=DRAFT)
    assert data is not None
    path = sample / "x.docx"
    path.write_bytes(data)
    document = docx.Document(str(path))
    tag = lang_tag(ws, lang)
    assert document.paragraphs
    for paragraph in document.paragraphs:  # but words kept whole: they say no language
        for run in paragraph.runs:
            found = run._r.rPr.find(w("lang"))
            assert found is not None
            assert found.get(w("val")) == tag or (
                found.get(w("val")) == NO_LANGUAGE and kept_whole(run.text, paragraph.text)
            ), run.text
