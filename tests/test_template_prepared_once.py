"""What preparing a template does with its bytes alone is done once in a process, and never
vouches for other bytes.

A batch prepares its template once per language, and a Workspace kept open prepared it
again on every call. The package check (:func:`letters.render.package_check.check_docx`)
and the template as python-docx saves it are kept by the template's bytes (and name); the
code each part compiles to is kept by its source and the kind of environment. A template
changed in between is read and compiled again, whatever was found before.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import TemplateSyntaxError

from letters import Workspace
from letters.errors import TemplateProblem
from letters.files.memo import by_content
from letters.render import package_check
from letters.render.environment import make_environment
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


def test_environments_made_alike_share_a_templates_code_and_only_theirs() -> None:
    source = "<w:t>{{ name }} & {{ 1 + 2 }}</w:t>"
    xml, again, text = make_environment(), make_environment(), make_environment(text=True)
    assert again.compile(source) is xml.compile(source)
    assert text.compile(source) is not xml.compile(source)
    # escaped in a Word part, not in an e-mail: each kind runs its own code
    data = {"name": "Smith & Sons"}
    assert again.from_string(source).render(data) == "<w:t>Smith &amp; Sons & 3</w:t>"
    assert text.from_string(source).render(data) == "<w:t>Smith & Sons & 3</w:t>"
    assert xml.compile(source + " ") is not xml.compile(source)


def test_a_template_that_does_not_compile_is_refused_every_time() -> None:
    for env in (make_environment(), make_environment()):
        with pytest.raises(TemplateSyntaxError):
            env.compile("{% if x %}never closed")


def test_what_is_kept_is_bounded_and_keyed_by_the_bytes_and_the_other_arguments() -> None:
    calls: list[tuple[bytes, str]] = []

    @by_content(most=2)
    def made(data: bytes, name: str) -> str:
        calls.append((data, name))
        return f"{name}:{len(data)}"

    assert made(b"one", "a") == made(b"one", "a") == "a:3"
    assert made(b"one", "b") == "b:3"  # another name, made again
    assert made(bytearray(b"one").decode().encode(), "a") == "a:3"  # equal bytes: kept
    assert len(calls) == 2
    made(b"two", "a")  # a third key: the first one made is let go
    made(b"one", "a")
    assert calls == [(b"one", "a"), (b"one", "b"), (b"two", "a"), (b"one", "a")]


def test_a_tag_that_would_lose_text_is_refused_on_every_check_until_mended(sample: Path) -> None:
    """The tag check's finding is kept by the template's bytes: found again on the second
    check, and gone once the file is mended."""
    template = sample / "templates" / "appeal.docx"
    good = template.read_bytes()
    unclosed = {"word/document.xml": lambda xml: xml.replace(b"{{ letterhead.name }}", b"{{ x", 1)}
    template.write_bytes(rewrite_docx(template, unclosed))
    ws = Workspace(sample)
    refused = _errors(ws)
    assert refused == [
        f"{LABEL} (word/document.xml, paragraph “{{{{ x”): “{{{{” is not closed in this"
        " paragraph; a tag must end in the paragraph where it starts, or the text up to its"
        " end is lost"
    ]
    assert _errors(ws) == refused

    template.write_bytes(good)
    assert _errors(ws) == []
