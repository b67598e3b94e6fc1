"""What is kept for the rest of a process (letters.files.memo), in a process forked while
another thread was using it: a batch forks its render workers."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest
from docxtpl import DocxTemplate

from letters.files.memo import Kept
from letters.i18n.catalog import load_messages
from letters.load.yamlio import YamlProblem, load
from letters.render.environment import make_environment
from letters.render.picture_texts import translatable
from letters.render.tag_source import unescape_tags
from letters.render.template import SafeDocxTemplate
from tests.conftest import REPO


def test_a_child_forked_while_a_lock_was_held_can_still_use_what_is_kept() -> None:
    kept: Kept[str] = Kept(most=4)
    assert kept.get("key", lambda: "made") == "made"
    kept._lock.acquire()  # as another thread inside get() at the moment of the fork
    try:
        pid = os.fork()
        if pid == 0:  # the child: without a fresh lock, get() would wait for ever
            signal.alarm(10)
            code = 0 if kept.get("key", lambda: "again") == "made" else 1
            code |= 0 if kept.get("new", lambda: "new") == "new" else 2
            os._exit(code)
    finally:
        kept._lock.release()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_the_same_file_in_two_places_is_parsed_once_and_each_has_its_own(tmp_path: Path) -> None:
    """A YAML file and a catalog are kept by their bytes, not their place: a workspace's
    copy elsewhere reads the same values, each caller gets its own, with its own path."""
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for path in (first, second):
        path.write_text("case:\n  id: sample\n", encoding="utf-8")
    doc_a, doc_b = load(first, "cases/x/case.yaml"), load(second, "cases/x/case.yaml")
    assert (doc_a.path, doc_b.path) == (first, second)
    assert doc_a.data == doc_b.data and doc_a.data is not doc_b.data
    doc_a.data["case"]["id"] = "changed"
    assert load(second, "cases/x/case.yaml").data["case"]["id"] == "sample"
    for path in (first, second):  # refused, read with its impossible date put aside
        path.write_text("case:\n  id: sample\n  date: 2020-02-30\n", encoding="utf-8")
        with pytest.raises(YamlProblem) as refused:
            load(path, "cases/x/case.yaml")
        assert refused.value.doc is not None and refused.value.doc.path == path

    catalogs = [tmp_path / name / "letters.po" for name in ("a", "b")]
    for path in catalogs:
        path.parent.mkdir()
        shutil.copy(REPO / "locales" / "uk" / "LC_MESSAGES" / "templates.po", path)
    label = "locales/uk/LC_MESSAGES/templates.po"
    read = [load_messages(path, label, "uk", "uk_UA") for path in catalogs]
    assert read[0][1] == read[1][1] == [] and read[0][0].singular
    assert read[0][0].singular == read[1][0].singular
    assert read[0][0].singular is not read[1][0].singular


def test_environments_share_their_checked_functions_and_each_has_its_own_tables() -> None:
    """Wrapping the filters and tests in their checks is done once a process for each kind
    of environment; each environment still has its own tables, so a change to one's reaches
    no other."""
    first, second = make_environment(), make_environment()
    assert first.filters == second.filters and first.filters is not second.filters
    assert first.tests == second.tests and first.tests is not second.tests
    assert first.globals == second.globals and first.globals is not second.globals
    first.filters["upper"] = str.lower
    first.globals["footnote"] = None
    third = make_environment()
    assert third.filters["upper"] is second.filters["upper"] is not str.lower
    assert third.globals["footnote"] is second.globals["footnote"] is not None
    text = make_environment(text=True)
    assert "footnote" not in text.globals and not text.autoescape
    rendered = [env.from_string("{{ 'a & b'|upper }}").render() for env in (second, text)]
    assert rendered == ["A &amp; B", "A & B"]


def test_a_parts_xml_is_patched_as_docxtpl_and_our_steps_patch_it() -> None:
    """The patched XML kept for a part's text is what the steps make of that text, for
    each text apart, whichever template asks."""
    source = (REPO / "templates" / "appeal.docx").read_bytes()
    first, second = SafeDocxTemplate(source, "a.docx"), SafeDocxTemplate(source, "b.docx")
    xmls = [
        "<w:p><w:r><w:t>{{</w:t></w:r><w:r><w:t> name }}</w:t></w:r></w:p>",
        "<w:p><w:r><w:t>{%p if x &amp;&amp; y %}</w:t></w:r></w:p>",
    ]
    for xml in xmls:
        made = translatable(unescape_tags(DocxTemplate.patch_xml(first, xml)))
        assert first.patch_xml(xml) == second.patch_xml(xml) == made
    assert first.patch_xml(xmls[0]) != first.patch_xml(xmls[1])
    assert (
        first.patch_xml(xmls[0])
        == '<w:p><w:r><w:t xml:space="preserve">{{ name }}</w:t></w:r></w:p>'
    )
