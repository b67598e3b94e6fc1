"""A PDF that cannot be written whole (a full disk, a file size limit) is an error naming it,
with nothing half-written left: never the end of the process.

Each writer runs in a child process whose files may not grow past a few kilobytes
(``RLIMIT_FSIZE``, with its signal ignored, so a write fails with EFBIG as on a full
disk): pikepdf aborted the process there (exit status 134, ``terminate called after
throwing an instance of 'QPDFSystemError'``), so a build on a full disk died without a
word, its LibreOffice processes left running.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from letters.publish.join_docx import BOOKMARK, FILLER

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_FSIZE")

LIMIT = 4096  # bytes a file may hold in the child; every PDF below is larger


def _bulky_pdf(path: Path, pages: int) -> Path:
    """A PDF of ``pages`` pages, each with a content stream too big for ``LIMIT``, and the
    named destinations a joined document's PDF has: a letter's start on every odd page
    (the first, third…), the empty page after it on every even one."""
    pdf = pikepdf.new()
    tree = pikepdf.NameTree.new(pdf)
    for index in range(pages):
        noise = os.urandom(LIMIT).hex().encode()  # incompressible: the file stays large
        content = pdf.make_stream(b"% " + noise + b"\n")
        page = Dictionary(Type=Name.Page, MediaBox=Array([0, 0, 595, 842]), Contents=content)
        pdf.pages.append(pikepdf.Page(pdf.make_indirect(page)))
        mark = BOOKMARK.format(index // 2) if index % 2 == 0 else FILLER.format(index // 2)
        tree[mark] = Array([pdf.pages[index].obj, Name.XYZ, 0, 842, 0])
    pdf.Root.Names = Dictionary(Dests=tree.obj)
    pdf.save(path)
    return path


WRITERS = {
    "print-file": "from letters.publish.printfile import join_pdfs\njoin_pdfs([source], target)",
    "split-letters": "import datetime\nfrom letters.publish.split_pdf import split\n"
    "split(source, [target, None], ['One', 'Two'], datetime.date(2020, 5, 1))",
    "pinned-dates": "import datetime\nfrom letters.publish.pdfdates import pin_dates\n"
    "pin_dates(source, target, datetime.date(2020, 5, 1))",
}


@pytest.mark.parametrize("writer", list(WRITERS), ids=list(WRITERS))
def test_a_pdf_too_big_for_the_disk_is_an_error_naming_it(tmp_path: Path, writer: str) -> None:
    source = _bulky_pdf(tmp_path / "joined.pdf", 3)
    target = tmp_path / "out" / "letter.pdf"
    target.parent.mkdir()
    body = textwrap.indent(WRITERS[writer], "    ")
    script = (
        "import resource, signal, sys\n"
        "from pathlib import Path\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({LIMIT}, resource.RLIM_INFINITY))\n"
        "source, target = Path(sys.argv[1]), Path(sys.argv[2])\n"
        f"try:\n{body}\n"
        "except OSError as exc:\n"
        "    print(f'{type(exc).__name__}: {exc.strerror}: {exc.filename}')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(source), str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        f"OSError: File too large: {target}\n",
        "",
    )
    assert list(target.parent.iterdir()) == []  # no temporary file left either
