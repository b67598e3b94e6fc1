"""A template's package check runs once for the same bytes, and never vouches for others.

The check (:func:`letters.render.package_check.check_docx`) was most of the time of
preparing a template, and a batch prepares its template once per language; a Workspace
kept open checks it again on every call. What it found is kept by the template's bytes and
name: a template changed in between is read again, whatever was found before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from letters import Workspace
from letters.errors import TemplateProblem
from letters.render import package_check
from letters.render.package_check import check_docx
from tests.conftest import rewrite_docx

LABEL = "templates/appeal.docx"
MACROS = {"word/vbaProject.bin": b"macros"}


def _errors(ws: Workspace) -> list[str]:
    return [str(p) for p in ws.check() if not p.warning]


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The labels of the templates the check really reads from now on."""
    reads: list[str] = []
    read = package_check._check_docx

    def counted(source: bytes, label: str) -> None:
        reads.append(label)
        read(source, label)

    monkeypatch.setattr(package_check, "_check_docx", counted)
    return reads


def test_a_template_changed_between_two_checks_is_read_again(sample: Path) -> None:
    template = sample / "templates" / "appeal.docx"
    good = template.read_bytes()
    ws = Workspace(sample)
    assert _errors(ws) == []

    template.write_bytes(rewrite_docx(template, {}, MACROS))
    refused = _errors(ws)
    assert len(refused) == 1 and refused[0].startswith(f"{LABEL}: word/vbaProject.bin is a macro")
    assert _errors(ws) == refused  # the same refusal again, from what was kept

    template.write_bytes(good)
    assert _errors(ws) == []


def test_a_batch_reads_its_template_once_for_all_its_languages(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = sample / "templates" / "appeal.docx"
    # bytes no other test checked, so that this process has not read them yet
    template.write_bytes(rewrite_docx(template, {}, {"customXml/note.txt": b"checked once"}))
    reads = _reads(monkeypatch)
    ws = Workspace(sample)
    assert _errors(ws) == []  # letters in English, Russian and Ukrainian
    assert reads == [LABEL]
    assert _errors(ws) == []
    assert reads == [LABEL]


def test_each_refusal_is_a_new_exception_with_the_same_problems(sample: Path) -> None:
    template = sample / "templates" / "appeal.docx"
    bad = rewrite_docx(template, {}, {**MACROS, "word/embeddings/o.bin": b"ole"})
    raised = []
    for _ in range(2):
        with pytest.raises(TemplateProblem) as caught:
            check_docx(bad, LABEL)
        raised.append(caught.value)
    first, second = raised
    assert first is not second
    assert str(first) == str(second) and str(first).startswith(f"2 problems in {LABEL}:")
    assert first.problems == second.problems and len(first.problems) == 2
    # the same bytes under another name are that name's problems
    with pytest.raises(TemplateProblem) as other:
        check_docx(bad, "templates/other.docx")
    assert str(other.value).startswith("2 problems in templates/other.docx:")
