"""Shared fixtures and helpers: a fresh copy of the sample workspace for each test, the
programs some tests need, reading .docx and PDF files."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import docx
import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
WORKSPACE_PARTS = ("workspace.yaml", "cases", "recipients", "templates", "locales")
# The sample's private home address: an invented placeholder, like the son's birth date.
SAMPLE_ADDRESS = "1 Example Street, Sampletown (invented for this sample)"
# What a build says first of a template a test writes without the DRAFT mark in its header
# (a failing build lists the warnings it found before it stopped, as one that succeeds).
NO_DRAFT_MARK = (
    "warning: templates/appeal.docx: shows no DRAFT mark: drafts from it could pass for final"
    ' letters. Add {%p if draft %} / {{ _("DRAFT") }} · {{ version }} / {%p endif %} to its'
    " header (as in the template 'letters init' writes)\n"
)


def copy_workspace(source: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in WORKSPACE_PARTS:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, target / name)
        elif src.is_file():
            shutil.copy2(src, target / name)
    return target


def without_letterhead(workspace: Path) -> Path:
    """Drop the sample's letterhead from a copy of it: for tests about other pictures, or
    that compare with plain docxtpl, which cannot show our logo."""
    path = workspace / "workspace.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("# The letterhead on the first page")], encoding="utf-8")
    return workspace


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A private copy of the repository's sample workspace."""
    return copy_workspace(REPO, tmp_path / "ws")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


class Prepared:
    """Workspaces that several tests start from, each made once per test process from the
    sample (approvals recorded, a campaign's day) and copied whole for every test that asks,
    so no test sees another's changes. What made one is kept with it (a version, a ledger
    line) for the tests to use."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.made: dict[str, object] = {}

    def copy(self, name: str, prepare: Callable[[Path], object], target: Path) -> object:
        """Copy the workspace ``prepare`` makes of the sample to ``target``; what
        ``prepare`` returned, which it ran for the first test that asked."""
        source = self.root / name
        if name not in self.made:
            self.made[name] = prepare(copy_workspace(REPO, source))
            for path, data in files_under(source).items():  # a copy must not lead back here
                parts = docx_parts(data) if data.startswith(b"PK") else {"": data}
                for part, held in parts.items():
                    assert str(source).encode() not in held, f"{path} {part} names {source}"
        shutil.copytree(source, target, symlinks=True)
        return self.made[name]


@pytest.fixture(scope="session")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    return Prepared(tmp_path_factory.mktemp("prepared"))


@pytest.fixture
def approved(prepared: Prepared, tmp_path: Path) -> Path:
    """A private copy of the sample with the joint letter in English only, approved by every
    signatory (tests.test_finalise.approved_english), where ``sample`` would be."""
    from tests.test_finalise import approved_english

    prepared.copy("approved-english", approved_english, tmp_path / "ws")
    return tmp_path / "ws"


@pytest.fixture
def all_approved(prepared: Prepared, tmp_path: Path) -> Path:
    """A private copy of the sample with the joint letter approved by every signatory in
    each of its languages (tests.test_finalise.approve_all), where ``sample`` would be."""
    from tests.test_finalise import approve_all

    prepared.copy("approved-all", approve_all, tmp_path / "ws")
    return tmp_path / "ws"


class Built(NamedTuple):
    """The sample built once with some options: its workspace and what the command said."""

    workspace: Path
    output: str


@pytest.fixture(scope="session")
def sample_built(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Built]:
    """``sample_built(*options)``: the sample after ``letters build *options``, made once per
    test process for each set of options (``--pdf`` costs a LibreOffice run of every letter),
    so that the tests which only read the letters of a whole build share one. A test that
    would change the workspace copies it, or starts from ``sample``."""
    made: dict[tuple[str, ...], Built] = {}

    def build(*options: str) -> Built:
        if options not in made:
            from letters.cli import main

            if "--pdf" in options or "--pdfa" in options:
                require_tool("soffice", LIBREOFFICE)
            workspace = copy_workspace(REPO, tmp_path_factory.mktemp("built") / "ws")
            result = CliRunner().invoke(main, ["build", *options, "-w", str(workspace)])
            assert result.exit_code == 0, result.output
            made[options] = Built(workspace, result.output)
        return made[options]

    return build


def docx_text(path: Path) -> list[str]:
    """Every paragraph of a .docx as python-docx reads it (body, then headers and footers)."""
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for section in document.sections:
        lines += [p.text for p in section.header.paragraphs]
        lines += [p.text for p in section.footer.paragraphs]
    return lines


def docx_parts(source: Path | bytes) -> dict[str, bytes]:
    """Every part of a .docx, from its file or its bytes."""
    with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def no_break(text: str) -> str:
    """Text with every no-break space made U+00A0.

    CLDR writes the space before «р.» and «г.» in a date as U+202F in some releases and
    U+00A0 in others; what a letter needs is that it does not break. Write expectations
    with U+00A0 and compare ``no_break(actual)``.
    """
    return text.replace("\u202f", "\u00a0")


def kept_whole(text: str, paragraph: str) -> bool:
    """Whether every word of ``text``, a run that says no language (never hyphenated), is
    a name (it starts with a capital) or the last word of ``paragraph``, the text of the
    paragraph holding the run: the only words the finishing keeps whole."""
    last = re.findall(r"\w+(?:[-’]\w+)*", paragraph)[-1:]
    return all(
        word[:1].isupper() or [word] == last for word in re.findall(r"\w+(?:[-’]\w+)*", text)
    )


def files_under(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def add_paragraphs(template: Path, *texts: str) -> None:
    """Add paragraphs holding ``texts`` at the end of the .docx ``template``, as Word stores
    them ("&" as "&amp;")."""
    import docx

    document = docx.Document(str(template))
    for text in texts:
        document.add_paragraph(text)
    document.save(str(template))


def rewrite_docx(
    source: Path, edits: dict[str, Callable[[bytes], bytes]], add: dict[str, bytes] | None = None
) -> bytes:
    """The package at ``source`` with some parts edited and others added."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            dst.writestr(name, edits[name](data) if name in edits else data)
        for name, data in (add or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


# --- the letters command in a process of its own, with its peak memory ------------------

LETTERS_CHILD = (
    "import atexit, sys\n"
    "def _peak():\n"
    "    with open('/proc/self/status') as status:\n"
    "        found = [line.split()[1] for line in status if line.startswith('VmHWM:')]\n"
    "    sys.stderr.write(f'\\npeak_kb={found[0]}\\n')\n"
    "atexit.register(_peak)\n"
    "from letters.cli import main\n"
    "main()\n"
)
"""``python -c LETTERS_CHILD build …`` runs ``letters build …`` and writes, last on stderr,
``peak_kb=``: the most memory the command itself held (VmHWM). Not ``ru_maxrss``: a child
started from pytest reports the test process's own peak there, which Linux carries across
``exec`` (after many tests, several hundred MB that the command never used)."""


def child_peak_mb(stderr: str) -> tuple[str, float]:
    """What a :data:`LETTERS_CHILD` wrote on stderr before its peak, and the peak in MB."""
    before, _, peak = stderr.rpartition("\npeak_kb=")
    return before, int(peak.split()[0]) / 1024


# --- the letters command killed at a point it reaches --------------------------------

KILLED_AT = (
    "import fnmatch, os, signal, sys\n"
    "pattern, times = sys.argv[1], int(sys.argv[2])\n"
    "seen = 0\n"
    "def kill_once_made(call, where):\n"
    "    def made(*args, **kwargs):\n"
    "        global seen\n"
    "        done = call(*args, **kwargs)\n"
    "        if fnmatch.fnmatch(os.path.basename(os.fsdecode(args[where])), pattern):\n"
    "            seen += 1\n"
    "            if seen == times:\n"
    "                os.kill(os.getpid(), signal.SIGKILL)\n"
    "        return done\n"
    "    return made\n"
    "for name, where in (('open', 0), ('link', 1), ('replace', 1), ('rename', 1), ('mkdir', 0)):\n"
    "    setattr(os, name, kill_once_made(getattr(os, name), where))\n"
    "sys.argv = ['letters', *sys.argv[3:]]\n"
    "from letters.cli import main\n"
    "main()\n"
)
"""``python -c KILLED_AT PATTERN N COMMAND…`` runs ``letters COMMAND…`` and kills it with
SIGKILL the moment it has made a file or folder whose name matches PATTERN the Nth time
(opened or created, linked, renamed or moved there): a point of its own, reached whatever
the machine's speed, where a kill after a delay would land anywhere. Opening a file to read
it counts too."""


def killed_at(pattern: str, times: int, *command: str) -> subprocess.CompletedProcess[str]:
    """Run ``letters COMMAND…`` killed where :data:`KILLED_AT` says; it must not finish."""
    run = subprocess.run(
        [sys.executable, "-c", KILLED_AT, pattern, str(times), *command],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == -signal.SIGKILL, f"not killed at {pattern}: {run.stderr}"
    return run


# --- programs the tests run -------------------------------------------------------------

LIBREOFFICE = "LibreOffice makes the PDFs (apt-get install libreoffice-writer-nogui)"
POPPLER = "poppler-utils reads the text and fonts of a PDF (apt-get install poppler-utils)"
GETTEXT = "GNU gettext is the reference for catalogs (apt-get install gettext)"
TRANSLATE_TOOLKIT = "translate-toolkit is in the test extras (pip install -e '.[test]')"


def require_tool(name: str, why: str) -> str:
    """The path of the program ``name``, looked for on the PATH and beside this Python
    (a virtual environment's scripts work without activating it).

    Without it the test is skipped on a developer's machine, saying ``why`` it is needed and
    how to install it; in CI (the ``CI`` environment variable set, as ``.ci/run`` does) the
    test fails instead, since a missing tool must never pass as a quietly skipped check.
    """
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        message = f"{name} is not installed: {why}"
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(f"{message}; CI must have it", pytrace=False)
        pytest.skip(message)
    return found


def msgfmt_check(po: Path) -> None:
    """GNU gettext's ``msgfmt --check`` accepts the catalog ``po``."""
    msgfmt = require_tool("msgfmt", GETTEXT)
    result = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def needs_tool(name: str, why: str) -> pytest.MarkDecorator:
    """Mark a test that runs ``name``: :func:`require_tool` before it starts."""
    return pytest.mark.needs_tool(name, why)


needs_libreoffice = needs_tool("soffice", LIBREOFFICE)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "needs_tool(name, why): the test runs this program")


def pytest_runtest_setup(item: pytest.Item) -> None:
    for mark in item.iter_markers("needs_tool"):
        require_tool(*mark.args)


def pdf_text(pdf: Path, *options: str) -> str:
    """The text poppler's pdftotext reads in ``pdf`` (pages end with a form feed)."""
    pdftotext = require_tool("pdftotext", POPPLER)
    return subprocess.run(
        [pdftotext, *options, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_fonts(pdf: Path) -> list[str]:
    """One line per font of ``pdf`` as poppler's pdffonts lists it (no header)."""
    pdffonts = require_tool("pdffonts", POPPLER)
    listing = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True, check=True)
    return listing.stdout.splitlines()[2:]


def status_rows(table: str) -> list[dict[str, str]]:
    """The rows of ``letters review status`` as dictionaries keyed by its header."""
    header, *lines = table.splitlines()
    keys = header.split()
    return [dict(zip(keys, [*re.split(r"  +", line.strip()), ""], strict=False)) for line in lines]


def answers_of(table: str, letter: str, lang: str) -> dict[str, tuple[str, str]]:
    """{signatory: (answer, entry)} of one letter in one language, from the status table."""
    return {
        row["signatory"]: (row["answer"], row["entry"])
        for row in status_rows(table)
        if row["letter"] == letter and row["language"] == lang
    }


# --- processes, as /proc shows them ---------------------------------------------------------


def processes_where(field: int, value: int) -> list[int]:
    """The pids whose ``/proc/<pid>/stat`` field ``field`` (counted after the command name:
    1 is the parent, 3 the session) is ``value``, leaving out ``value`` itself."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[field]) == value and int(entry.name) != value:
            found.append(int(entry.name))
    return found


# --- the command line ---------------------------------------------------------------------


def cli(runner: CliRunner, ws: Path, *args: str) -> str:
    """Run ``letters ARGS -w ws``; it must succeed; its output."""
    from letters.cli import main

    result = runner.invoke(main, [*args, "-w", str(ws)])
    assert result.exit_code == 0, result.output
    return result.output


def fails(runner: CliRunner, ws: Path, *args: str) -> str:
    """Run ``letters ARGS -w ws``; it must fail with status 1; its output."""
    from letters.cli import main

    result = runner.invoke(main, [*args, "-w", str(ws)])
    assert result.exit_code == 1, result.output
    return result.output
