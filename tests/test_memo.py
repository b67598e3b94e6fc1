"""What is kept for the rest of a process (letters.files.memo), in a process forked while
another thread was using it: a batch forks its render workers."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from letters.files.memo import Kept
from letters.i18n.catalog import load_messages
from letters.load.yamlio import YamlProblem, load
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
