"""The library's front door: the README's snippet runs, every public name is documented, the
layout keeps modules small, and the template context is what the documentation says."""

from __future__ import annotations

import ast
import importlib
import inspect
import os
import pkgutil
import pydoc
import re
import subprocess
import sys
from pathlib import Path

import pytest

import letters
from letters import Workspace
from letters.plan import plan
from letters.render.renderer import Renderer
from letters.render.template_context import TEMPLATE_NAMES, CaseView, PersonView
from tests.conftest import REPO

LIBRARY_USE = re.compile(r"## Library use\n.*?```python\n(.*?)```", re.S)


def test_the_readme_library_snippet_runs_in_the_sample(sample: Path) -> None:
    snippet = LIBRARY_USE.search((REPO / "README.md").read_text(encoding="utf-8"))
    assert snippet is not None, "README.md has no ```python block under '## Library use'"
    done = subprocess.run(
        [sys.executable, "-c", snippet.group(1)],
        cwd=sample,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "[('may-2020-joint', 'uk')]" in lines
    assert f"{sample / 'out'} {{'.docx': 1, 'manifest': 2}}" in lines
    assert (sample / "out" / "may-2020-joint" / "may-2020-joint.uk.docx").is_file()


def test_help_documents_the_workspace() -> None:
    shown = pydoc.render_doc(letters.Workspace, renderer=pydoc.plaintext)
    for method in ("check", "plan", "build", "finalise", "approve", "status", "packet"):
        assert f"{method}(" in shown
    done = subprocess.run(
        [sys.executable, "-c", "import letters; help(letters.Workspace)"],
        capture_output=True,
        text=True,
        env={**os.environ, "PAGER": "cat", "PYTHONPATH": str(REPO)},
        check=True,
    )
    assert "class Workspace" in done.stdout and "finalise" in done.stdout


def test_every_public_name_is_exported_and_documented() -> None:
    assert sorted(letters.__all__) == sorted(set(letters.__all__))
    for name in letters.__all__:
        value = getattr(letters, name)
        if name == "__version__":
            continue
        assert inspect.getdoc(value), f"letters.{name} has no docstring"
    for name, member in inspect.getmembers(Workspace):
        if not name.startswith("_"):
            assert inspect.getdoc(member), f"Workspace.{name} has no docstring"


def _modules() -> list[str]:
    return [
        info.name
        for info in pkgutil.walk_packages(letters.__path__, "letters.")
        if not info.name.startswith("letters.__main__")
    ]


@pytest.mark.parametrize("module", _modules())
def test_every_public_function_and_class_has_a_docstring(module: str) -> None:
    source = inspect.getsource(importlib.import_module(module))
    tree = ast.parse(source)
    assert ast.get_docstring(tree), f"{module} has no module docstring"
    missing = [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and not node.name.startswith("_")
        and not ast.get_docstring(node)
    ]
    assert not missing, f"{module}: public names without a docstring: {', '.join(missing)}"


@pytest.mark.parametrize("module", _modules())
def test_no_module_is_over_500_lines(module: str) -> None:
    path = Path(inspect.getfile(importlib.import_module(module)))
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 500, f"{path.relative_to(REPO)} has {lines} lines: split it by what it does"


def test_the_template_context_holds_exactly_the_documented_names(sample: Path) -> None:
    ws = Workspace(sample).data
    renderer = Renderer(ws)
    seen: set[str] = set()
    for job in plan(ws).jobs:
        context, problems = renderer.context(job, draft="0000-0000")
        assert context is not None, problems
        assert set(context) <= TEMPLATE_NAMES, set(context) - TEMPLATE_NAMES
        assert set(context["case"]) == set(CaseView.__annotations__)
        for person in [*context["signatories"], *context["recipients"]]:
            assert set(person) <= set(PersonView.__annotations__)
        seen |= set(context)
    assert seen == TEMPLATE_NAMES  # every documented name exists in some letter


def test_a_file_changed_after_opening_is_never_built_from_the_old_text(sample: Path) -> None:
    ws = Workspace(sample)
    case = sample / "cases" / "akhmetova" / "case.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("journalist", "reporter", 1))
    with pytest.raises(letters.LettersError, match="files changed after this command read"):
        ws.build(["may-2020-joint"], ["en"])
    assert not (sample / "out" / "may-2020-joint").exists()
    ws.reload()
    assert ws.build(["may-2020-joint"], ["en"]).letters == 1


def test_mypy_reports_a_misspelt_name_imported_from_letters(tmp_path: Path) -> None:
    # the names are imported when first asked for (letters.__getattr__), which mypy must not see
    user = tmp_path / "misspelt.py"
    user.write_text("from letters import Worksapce\n\nprint(Worksapce)\n", encoding="utf-8")
    done = subprocess.run(
        [
            *(sys.executable, "-m", "mypy", "--cache-dir", os.devnull, "--no-error-summary"),
            # the user's file alone: the library's own typing is mypy's run in CI, and with
            # the lowest releases allowed its dependencies' stubs differ (pikepdf's, say)
            *("--follow-imports", "silent", str(user)),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        f'{user}:1: error: Module "letters" has no attribute "Worksapce"; maybe "Workspace"?'
        "  [attr-defined]"
    ]


# the library's parts, each reachable as letters.<part> after a bare ``import letters``
PARTS = ["errors", "workspace", "plan", "load", "publish", "signoff", "render"]


@pytest.mark.parametrize("part", PARTS)
def test_a_part_of_the_library_is_reachable_after_a_bare_import(part: str) -> None:
    # each in a fresh process, where nothing else has imported it yet
    done = subprocess.run(
        [sys.executable, "-c", f"import letters\nprint(letters.{part}.__name__)"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=300,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, f"letters.{part}\n", "")


def test_a_bare_import_reaches_a_name_through_its_module_and_refuses_an_unknown_one() -> None:
    program = "import letters\nprint(letters.errors.Problem.__name__)\nletters.Worksapce"
    done = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=300,
    )
    assert done.stdout == "Problem\n"
    last = done.stderr.splitlines()[-1]
    assert last == (
        "AttributeError: module 'letters' has no attribute 'Worksapce'. Did you mean: 'Workspace'?"
    )
