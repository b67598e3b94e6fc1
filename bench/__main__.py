"""One command for the campaign benchmark: ``python -m bench`` (``--help`` for options).

It writes a workspace with the sample case addressed to 720 made-up MEPs in
three languages (2,160 letters), then measures, in this one run on this machine:

* Word: letters per second of ``letters build`` on one core and on every core,
  against the obvious docxtpl loop (``DocxTemplate(path)``, ``render``, ``save``
  per letter) with the same contexts — as ratios, since the machine is shared;
* PDF: letters per second of the batch's LibreOffice conversion against one
  ``soffice --convert-to pdf`` per file (with a warm profile, as a user's would be);
* the whole campaign (Word, PDF, e-mail drafts): wall time, and peak memory with
  the same directory in one language and in three (a third of the letters, then all),
  to show it does not grow with the number of letters;
* the print file of the whole campaign: time, size and peak memory.

Each measurement runs in its own process so peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.campaign import LETTER, make_campaign
from letters.publish.joined import LETTERS_PER_DOCUMENT


def _cpu() -> tuple[float, float]:
    """CPU seconds used so far by this process and by its children that have ended."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


class _Clock:
    """Records how long each phase of a build takes, and the CPU it uses: this process's,
    and its children's (LibreOffice in the PDF phase; render workers end with theirs)."""

    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self.cpu: dict[str, tuple[float, float]] = {}
        self._name = ""
        self._start = 0.0
        self._cpu = (0.0, 0.0)

    def phase(self, name: str, total: int) -> None:
        self.done()
        self._name, self._start, self._cpu = name, time.perf_counter(), _cpu()

    def advance(self, count: int = 1) -> None:
        pass

    def done(self) -> None:
        if self._name:
            self.phases[self._name] = time.perf_counter() - self._start
            own, children = _cpu()
            self.cpu[self._name] = (own - self._cpu[0], children - self._cpu[1])
            self._name = ""


def _peak_mb() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_mb": round(own, 1), "largest_child_mb": round(children, 1)}


def measure_build(
    workspace: Path, workers: int, *, pdf: bool, langs: tuple[str, ...] = ()
) -> dict[str, Any]:
    from letters import Options, Workspace

    options = Options(pdf=pdf, email=pdf, workers=workers)
    clock = _Clock()
    started = time.perf_counter()
    result = Workspace(workspace).build([LETTER], langs, options=options, progress=clock)
    return {
        "letters": result.letters,
        "seconds": time.perf_counter() - started,
        "phases": clock.phases,
        "cpu": clock.cpu,
        "files": result.counts,
        **_peak_mb(),
    }


def measure_naive_docxtpl(workspace: Path, count: int) -> dict[str, Any]:
    """The obvious loop, with the contexts our renderer builds (not timed)."""
    import jinja2
    from docxtpl import DocxTemplate

    from letters.load.loader import load_checked
    from letters.plan import plan
    from letters.render.renderer import Renderer
    from letters.render.template import make_environment

    ws = load_checked(workspace)
    jobs = plan(ws, [LETTER]).jobs[:count]
    renderer = Renderer(ws)
    contexts = [renderer.context(job, draft="0000-BNCH")[0] for job in jobs]
    # our logo is a picture part the renderer adds; plain docxtpl has no such part
    contexts = [
        {**c, "letterhead": {**c["letterhead"], "logo": None}} for c in contexts if c is not None
    ]
    ours = make_environment()
    env = jinja2.Environment(autoescape=True)  # what a docxtpl user writes; no sandbox
    env.filters.update(ours.filters)
    env.globals.update(ours.globals)  # footnote() too; its marks stay text here: only time counts
    template = ws.templates["appeal"]
    out = Path(tempfile.mkdtemp(prefix="naive-"))
    started = time.perf_counter()
    for job, context in zip(jobs, contexts, strict=True):
        document = DocxTemplate(template)
        document.render(context, jinja_env=env, autoescape=True)
        document.save(out / f"{job.stem}.docx")
    seconds = time.perf_counter() - started
    shutil.rmtree(out)
    return {"letters": len(jobs), "seconds": seconds, **_peak_mb()}


def measure_naive_soffice(workspace: Path, count: int) -> dict[str, Any]:
    """One ``soffice --convert-to pdf`` per file, the profile already made (not timed)."""
    from letters.publish.pdf import soffice

    sources = sorted((workspace / "out" / LETTER).glob("*.docx"))[:count]
    work = Path(tempfile.mkdtemp(prefix="naive-pdf-"))
    profile = (work / "profile").as_uri()

    def convert(source: Path) -> None:
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation={profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )

    convert(sources[0])  # makes the profile, as a user's first run would
    started = time.perf_counter()
    for source in sources:
        convert(source)
    seconds = time.perf_counter() - started
    shutil.rmtree(work)
    return {"letters": len(sources), "seconds": seconds}


def measure_chunked_pdf(workspace: Path, cores: int) -> dict[str, Any]:
    """The PDF path before issue 16, for comparison: the campaign's .docx letters handed to
    LibreOffice as files, up to 100 per call, one process per core (``convert``)."""
    import datetime as dt

    from letters.publish.pdf import convert

    sources = sorted((workspace / "out" / LETTER).glob("*.docx"))
    out = Path(tempfile.mkdtemp(prefix="chunked-pdf-"))
    cpu = _cpu()
    started = time.perf_counter()
    report = convert(sources, out, workers=cores, date=dt.date(2020, 5, 20))
    seconds = time.perf_counter() - started
    used = [after - before for before, after in zip(cpu, _cpu(), strict=True)]
    shutil.rmtree(out)
    if report.failures:
        raise SystemExit(f"{len(report.failures)} letters failed: {report.failures[:3]}")
    return {"letters": len(sources), "seconds": seconds, "cpu": used, **_peak_mb()}


def measure_print_file(workspace: Path) -> dict[str, Any]:
    """Join the campaign's PDFs into one print file, as ``--print`` does."""
    from letters.publish.printfile import join_pdfs

    sources = sorted((workspace / "out" / LETTER).glob("*.pdf"))
    target = workspace / "out" / "print-bench.pdf"
    started = time.perf_counter()
    pages = join_pdfs(sources, target)
    return {
        "letters": len(sources),
        "pages": pages,
        "seconds": time.perf_counter() - started,
        "mb": round(target.stat().st_size / 1e6, 1),
        **_peak_mb(),
    }


def _child(kind: str, workspace: Path, arg: int) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--measure", kind, str(workspace), str(arg)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if result.returncode != 0:
        raise SystemExit(f"bench: measuring {kind} failed:\n{result.stdout}{result.stderr}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def _rate(measured: dict[str, Any], seconds: float | None = None) -> float:
    return float(measured["letters"]) / (seconds if seconds is not None else measured["seconds"])


def run(meps: int, naive_letters: int, naive_pdfs: int) -> None:
    cores = os.cpu_count() or 1
    root = Path(tempfile.mkdtemp(prefix="letters-bench-"))
    try:
        full = make_campaign(root / "full", meps)
        print(f"campaign: {meps} MEPs x 3 languages = {meps * 3} letters; {cores} cores")
        naive = _child("naive-docxtpl", full, naive_letters)
        one = _child("word-1", full, 1)
        every = _child("word-n", full, cores)
        word_small = _child("word-n-en", full, cores)
        naive_rate = _rate(naive)
        print(
            f"Word   naive docxtpl loop  {naive_rate:7.1f} letters/s  "
            f"({naive['letters']} letters, {naive['seconds']:.1f} s)"
        )
        for label, measured in (("1 core", one), (f"{cores} cores", every)):
            rate = _rate(measured)
            print(
                f"Word   letters, {label:<9} {rate:7.1f} letters/s"
                f"  = {rate / naive_rate:5.1f}x naive"
                f"  (whole command {measured['seconds']:.1f} s; rendering alone"
                f" {_rate(measured, measured['phases']['Word']):.0f} letters/s)"
            )
        campaign_small = _child("campaign-en", full, cores)
        campaign = _child("campaign", full, cores)
        pdf_seconds = campaign["phases"]["PDF"]
        soffice = _child("naive-soffice", full, naive_pdfs)
        chunked = _child("chunked-pdf", full, cores)
        pdf_rate, soffice_rate = _rate(campaign, pdf_seconds), _rate(soffice)
        chunked_rate = _rate(chunked)
        print(
            f"PDF    one soffice per file {soffice_rate:7.2f} letters/s"
            f"  ({soffice['letters']} files)"
        )
        print(
            f"PDF    files, 100 per call  {chunked_rate:7.2f} letters/s"
            f"  = {chunked_rate / soffice_rate:5.1f}x one soffice per file"
            f"  (the path before letters were joined; {chunked['letters']} letters)"
        )
        print(
            f"PDF    letters batch        {pdf_rate:7.2f} letters/s"
            f"  = {pdf_rate / soffice_rate:5.1f}x one soffice per file"
            f"  = {pdf_rate / chunked_rate:4.1f}x files per call"
            f"  (joined {LETTERS_PER_DOCUMENT} letters per document, split back)"
        )
        # CPU time per letter: steadier than wall time on a shared machine, and where it goes
        own, office = (1000 * t / campaign["letters"] for t in campaign["cpu"]["PDF"])
        before = 1000 * sum(chunked["cpu"]) / chunked["letters"]
        print(
            f"PDF    CPU a letter: files per call {before:.0f} ms; letters batch"
            f" {own + office:.0f} ms (LibreOffice {office:.0f}, this program {own:.0f})"
            f"  = {before / (own + office):4.1f}x less"
        )
        phases = ", ".join(f"{k} {v:.1f} s" for k, v in campaign["phases"].items())
        print(
            f"Campaign (Word, PDF, e-mail drafts): {campaign['seconds']:.1f} s [{phases}];"
            f" files: {campaign['files']}"
        )
        print(
            f"Peak memory of the campaign: {campaign_small['letters']} letters"
            f" {campaign_small['peak_mb']:.0f} MB, {campaign['letters']} letters"
            f" {campaign['peak_mb']:.0f} MB (largest child process: LibreOffice or a worker,"
            f" {campaign_small['largest_child_mb']:.0f} and {campaign['largest_child_mb']:.0f} MB);"
            f" Word only: {word_small['peak_mb']:.0f} and {every['peak_mb']:.0f} MB"
        )
        printed = _child("print-file", full, 0)
        print(
            f"Print file of {printed['letters']} letters: {printed['seconds']:.1f} s,"
            f" {printed['pages']} pages, {printed['mb']} MB,"
            f" peak memory {printed['peak_mb']:.0f} MB"
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--meps", type=int, default=720, help="MEPs in the campaign (x3 letters)")
    parser.add_argument(
        "--naive-letters", type=int, default=150, help="letters for the docxtpl loop"
    )
    parser.add_argument("--naive-pdfs", type=int, default=6, help="files for one-soffice-per-file")
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        kind, workspace, number = args.measure[0], Path(args.measure[1]), int(args.measure[2])
        if kind == "naive-docxtpl":
            found = measure_naive_docxtpl(workspace, number)
        elif kind == "naive-soffice":
            found = measure_naive_soffice(workspace, number)
        elif kind == "campaign":
            found = measure_build(workspace, number, pdf=True)
        elif kind == "campaign-en":  # the same directory, a third of the letters
            found = measure_build(workspace, number, pdf=True, langs=("en",))
        elif kind == "word-n-en":
            found = measure_build(workspace, number, pdf=False, langs=("en",))
        elif kind == "chunked-pdf":
            found = measure_chunked_pdf(workspace, number)
        elif kind == "print-file":
            found = measure_print_file(workspace)
        else:
            found = measure_build(workspace, number, pdf=False)
        print(json.dumps(found))
        return
    run(args.meps, args.naive_letters, args.naive_pdfs)


if __name__ == "__main__":
    main()
