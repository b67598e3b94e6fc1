"""The batch renderer (compile once, render many) writes exactly what docxtpl's
one-letter-at-a-time path writes: same parts, same bytes."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib
from pathlib import Path

import docx
import pytest
from docx.shared import Cm

from letters.load.loader import open_workspace
from letters.plan import plan
from letters.render.docxpost import finalize
from letters.render.renderer import Renderer, lang_tag
from letters.render.template import render_docx
from tests.conftest import docx_text
from tests.test_safety import _template_with_footnote_and_revisions


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


def _compare(workspace: Path) -> int:
    ws = open_workspace(workspace)
    renderer = Renderer(ws)
    compared = 0
    for job in plan(ws).jobs:
        fast, problems = renderer.render(job, draft="0000-TEST")
        assert fast is not None, problems
        context, _found = renderer.context(job, draft="0000-TEST")
        assert context is not None
        name = job.letter.definition.template
        label = ws.rel(ws.templates[name])
        tag = lang_tag(ws, job.lang)
        day = job.letter.definition.date

        def finish(
            raw: bytes,
            label: str = label,
            tag: str = tag,
            title: str = context["subject"],
            day: dt.date = day,
        ) -> bytes:
            return finalize(raw, label=label, lang_tag=tag, title=title, day=day)

        slow = render_docx(renderer.sources[name], label, context, renderer.env, finish)
        assert fast == slow, job.stem
        compared += 1
    return compared


def test_sample_letters_are_identical_on_both_paths(sample: Path) -> None:
    assert _compare(sample) == 10


def test_images_tables_and_headers_are_identical_on_both_paths(sample: Path) -> None:
    (sample / "templates" / "appeal.docx").write_bytes(_rich_template())
    assert _compare(sample) == 10
    out = sample / "check.docx"
    ws = open_workspace(sample)
    job = plan(ws, ["may-2020-joint"], ["en"]).jobs[0]
    data, _problems = Renderer(ws).render(job, draft="0000-TEST")
    assert data is not None
    out.write_bytes(data)
    document = docx.Document(str(out))
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["Name", "Group", "Country"]
    assert rows[1] == ["Petras Auštrevičius", "Renew Europe", "Lithuania"]
    assert len(rows) == 7  # a row per signatory
    assert len(document.inline_shapes) == 2  # the body's pictures, one of them in a table
    assert "Kazakhstan" in docx_text(out)[0]


def test_footnotes_and_tracked_changes_are_identical_on_both_paths(sample: Path) -> None:
    template = sample / "templates" / "appeal.docx"
    template.write_bytes(_template_with_footnote_and_revisions(template))
    assert _compare(sample) == 10


@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
def test_every_run_is_tagged_with_the_letter_language(sample: Path, lang: str) -> None:
    ws = open_workspace(sample)
    job = plan(ws, ["may-2020-joint"], [lang]).jobs[0]
    data, _problems = Renderer(ws).render(job, draft="0000-TEST")
    assert data is not None
    path = sample / "x.docx"
    path.write_bytes(data)
    document = docx.Document(str(path))
    tag = lang_tag(ws, lang)
    runs = [r for p in document.paragraphs for r in p.runs]
    assert runs
    for run in runs:
        found = run._r.rPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang"
        )
        assert (
            found is not None
            and found.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
            == tag
        )
