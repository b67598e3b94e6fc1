"""One `convert` run: its LibreOffice calls, what they say, and the PDFs they finish.

`Batch` owns everything a run makes — a staging folder on the output disk, a work folder
with numbered links and LibreOffice profiles, the LibreOffice processes — and removes it all
when the run ends, however it ends. Each call converts a list of files; a thread
reads its output, which tells how far it has got, and each PDF it finishes is checked,
given its fixed dates and moved into place. A call that hangs is killed, its unfinished
files tried again or reported as failed.
"""

from __future__ import annotations

import datetime
import logging
import os
import queue
import re
import shlex
import shutil
import subprocess
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pikepdf

from letters.publish.calls import deal
from letters.publish.pdf_outcomes import (
    Failure,
    check_room,
    is_whole_pdf,
    not_a_docx,
    reason,
    trouble,
)
from letters.publish.pdf_profile import discard_profile, prepare_profile
from letters.publish.pdfdates import pin_dates
from letters.publish.processes import has_exited, launch, make_work, remove_work, stop

__all__ = ["HANGS_BEFORE_GIVING_UP", "Batch", "Item"]

log = logging.getLogger("letters.publish.pdf")  # the name its messages always had

# After this many hung calls in a row LibreOffice itself is broken, not a letter; waiting out
# every remaining file would take hours.
HANGS_BEFORE_GIVING_UP = 3

# The import filter is forced: unforced, LibreOffice imports a file that is not a Word
# document as plain text and "converts" it to pages of garbage.
_IMPORT_FILTER = "MS Word 2007 XML"

_POLL_SECONDS = 0.1
# LibreOffice prints this after loading a file and before writing its PDF, so a line about
# file n means every earlier file is finished.
_CONVERT_LINE = re.compile(rb"/(\d+)\.docx -> ")
# What it prints when it gives up on a file: also a file finished. Other output (warnings
# about Java, say) is no sign of progress.
_LOAD_ERROR = b"Error: source file could not be loaded"
_PDF_NAME = re.compile(r"(\d+)\.pdf")


@dataclass(eq=False)
class Item:
    """A file to convert: its source, the PDF it becomes, the numbered link LibreOffice sees."""

    index: int
    source: Path
    target: Path
    link: Path
    outcomes: list[str] = field(default_factory=list)
    done: bool = False

    @property
    def pdf_name(self) -> str:
        return f"{self.link.stem}.pdf"


@dataclass(eq=False)
class _Call:
    serial: int
    worker: int
    items: list[Item]
    retry: bool
    outdir: Path
    process: subprocess.Popen[bytes]
    reader: threading.Thread
    last_progress: float
    # Position of the last file LibreOffice was seen working on; earlier ones are finished.
    reached: int = -1
    invalid: set[int] = field(default_factory=set)
    accepted: int = 0
    said: deque[str] = field(default_factory=lambda: deque(maxlen=5))  # its last lines

    def position(self, index: int) -> int | None:
        for position, item in enumerate(self.items):
            if item.index == index:
                return position
        return None


class Batch:
    """Everything one convert() run owns: temp folders, profiles, LibreOffice processes."""

    def __init__(
        self,
        program: str,
        outdir: Path,
        *,
        export: str,
        timeout: float,
        date: datetime.date | None,
        on_done: Callable[[Path], None] | None,
        retry: bool,
        record_in: Path,
        prepare: Callable[[Path], str | None] | None,
    ) -> None:
        self.program = program
        self.outdir = outdir
        self.filter = export
        self.retry = retry
        self.record_in = record_in
        self.prepare = prepare
        self.timeout = timeout
        self.date = date
        self.on_done = on_done
        self.failures: list[Failure] = []
        self.events: queue.Queue[tuple[int, bytes | None]] = queue.Queue()
        self.active: dict[int, _Call] = {}
        self.profiles: dict[int, Path] = {}
        self.serials = 0
        self.hangs = 0

    def __enter__(self) -> Batch:
        # PDFs are staged on the output disk so that os.replace() into outdir is a rename,
        # never a copy; profiles and links stay off it.
        self.stage = Path(tempfile.mkdtemp(prefix=".pdf-tmp-", dir=self.outdir))
        try:
            self.work = make_work(self.record_in)
        except BaseException:
            shutil.rmtree(self.stage, ignore_errors=True)
            raise
        try:
            (self.work / "in").mkdir()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        for call in list(self.active.values()):
            log.info("LibreOffice call %d: stopped, the conversion is cut short", call.serial)
            stop(call.process, self.record_in)
        for call in list(self.active.values()):
            call.reader.join(timeout=5)
        self.active.clear()
        shutil.rmtree(self.stage, ignore_errors=True)
        remove_work(self.record_in, self.work)

    def add(self, index: int, source: Path) -> Item:
        # LibreOffice sees numbered links: its output names and messages are then ours to
        # parse, whatever characters the real names hold, and it leaves no lock files
        # next to the user's letters.
        link = self.work / "in" / f"{index:06d}.docx"
        item = Item(index, source, self.outdir / f"{source.stem}.pdf", link)
        if self.prepare is None:
            self._link(item)
        return item

    def _link(self, item: Item) -> None:
        try:
            item.link.symlink_to(item.source.resolve())
        except OSError:
            shutil.copyfile(item.source, item.link)

    def _ready(self, items: list[Item]) -> list[Item]:
        """The items LibreOffice can be handed now; the others failed (see ``prepare``)."""
        if self.prepare is None:
            return items
        ready = []
        for item in items:
            if not os.path.lexists(item.link):
                problem = self.prepare(item.source) or not_a_docx(item.source)
                if problem:
                    self.failures.append(Failure(item.source, problem))
                    continue
                self._link(item)
            ready.append(item)
        return ready

    def convert(self, items: list[Item], *, workers: int, chunk: int) -> None:
        pending = deque(deal(items, workers, chunk, ramp=self.prepare is not None))
        retries: deque[Item] = deque()
        idle = list(range(workers))
        while pending or retries or self.active:
            while idle and (retries or pending) and self.hangs < HANGS_BEFORE_GIVING_UP:
                if retries:
                    self._start(idle.pop(0), [retries.popleft()], retry=True)
                    continue
                ready = self._ready(pending.popleft())
                if ready:
                    self._start(idle.pop(0), ready, retry=False)
            if self.hangs >= HANGS_BEFORE_GIVING_UP and not self.active:
                log.info("LibreOffice hung %d times in a row; giving up", self.hangs)
                for item in [*retries, *(item for batch in pending for item in batch)]:
                    why = f"not converted: LibreOffice hung {self.hangs} times in a row"
                    self.failures.append(Failure(item.source, why))
                return
            self._wait_for_events()
            for call in list(self.active.values()):
                self._collect(call, final=False, clean=False)
                exited = has_exited(call.process.pid)
                if not exited and time.monotonic() - call.last_progress <= self.timeout:
                    continue
                if not exited:
                    log.info(
                        "LibreOffice call %d: no progress for %g s; killing it",
                        call.serial,
                        self.timeout,
                    )
                stop(call.process, self.record_in)  # its helpers too, and its record
                del self.active[call.serial]
                returncode = call.process.returncode if exited else None
                again, untried = self._settle(call, returncode)
                retries.extend(again)
                if untried:
                    pending.appendleft(untried)
                idle.append(call.worker)

    def _wait_for_events(self) -> None:
        try:
            event = self.events.get(timeout=_POLL_SECONDS)
        except queue.Empty:
            return
        while True:
            serial, line = event
            call = self.active.get(serial)
            if call is not None and line is not None:
                said = line.decode("utf-8", "replace").rstrip()
                call.said.append(said)
                log.debug("LibreOffice call %d said: %s", serial, said)
                match = _CONVERT_LINE.search(line)
                position = call.position(int(match.group(1))) if match else None
                if position is not None:
                    call.reached = max(call.reached, position)
                if position is not None or line.startswith(_LOAD_ERROR):
                    call.last_progress = time.monotonic()
            try:
                event = self.events.get_nowait()
            except queue.Empty:
                return

    def _start(self, worker: int, items: list[Item], *, retry: bool) -> None:
        self.serials += 1
        outdir = self.stage / f"call-{self.serials}"
        outdir.mkdir()
        # A worker keeps its profile between calls: building one costs ~0.2 s a start.
        profile = self.profiles.get(worker)
        if profile is None:
            profile = self.work / f"profile-{worker}-{self.serials}"
            prepare_profile(profile)  # offline, nothing active
            self.profiles[worker] = profile
        command = [
            self.program,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            f"--infilter={_IMPORT_FILTER}",
            "--convert-to",
            self.filter,
            "--outdir",
            str(outdir),
            *(str(item.link) for item in items),
        ]
        # A session of its own: the timeout kill reaches soffice.bin and its helpers, and a
        # Ctrl-C in the terminal reaches only us, so we decide what gets cleaned up.
        process = launch(command, record_in=self.record_in, work=self.work)
        try:  # an interrupt before the call is known to __exit__ still stops its process
            self._track(process, worker, items, retry, outdir, command)
        except BaseException:
            stop(process, self.record_in)
            raise

    def _track(
        self,
        process: subprocess.Popen[bytes],
        worker: int,
        items: list[Item],
        retry: bool,
        outdir: Path,
        command: list[str],
    ) -> None:
        assert process.stdout is not None
        reader = threading.Thread(
            target=_pump, args=(self.serials, process.stdout, self.events), daemon=True
        )
        reader.start()
        self.active[self.serials] = _Call(
            self.serials, worker, items, retry, outdir, process, reader, time.monotonic()
        )
        log.info(
            "LibreOffice call %d (pid %d): %s and %s from %s%s",
            self.serials,
            process.pid,
            shlex.join(command[: -len(items)]),
            "1 file" if len(items) == 1 else f"{len(items)} files",
            items[0].link.parent,
            ", a retry alone" if retry else "",
        )
        log.debug("LibreOffice call %d: files %s", self.serials, [i.link.name for i in items])

    def _collect(self, call: _Call, *, final: bool, clean: bool) -> None:
        """Move every PDF LibreOffice has finished out of the call's folder."""
        present: set[int] = set()
        for name in os.listdir(call.outdir):
            match = _PDF_NAME.fullmatch(name)
            position = call.position(int(match.group(1))) if match else None
            if position is not None:
                present.add(position)
        if present and max(present) > call.reached:
            call.reached = max(present)
            call.last_progress = time.monotonic()
        for position in sorted(present):
            item = call.items[position]
            # LibreOffice writes in order, so a PDF is whole once a later file is under way,
            # or once LibreOffice has exited cleanly; the latest one may be half copied.
            if item.done or position in call.invalid:
                continue
            if position < call.reached or (final and clean):
                self._accept(call, position)

    def _accept(self, call: _Call, position: int) -> None:
        item = call.items[position]
        produced = call.outdir / item.pdf_name
        if not is_whole_pdf(produced):
            call.invalid.add(position)
            return
        if self.date is not None:
            pinned = produced.with_suffix(".pinned")
            try:
                pin_dates(produced, pinned, self.date)
            except pikepdf.PdfError:
                call.invalid.add(position)
                return
            produced = pinned
        try:
            with open(produced, "rb") as handle:
                os.fsync(handle.fileno())
        except OSError as exc:  # named by the PDF it was to become, not by a folder soon gone
            raise OSError(exc.errno, exc.strerror, str(item.target)) from None
        os.replace(produced, item.target)
        item.done = True
        call.accepted += 1
        call.last_progress = time.monotonic()
        if self.on_done is not None:
            self.on_done(item.target)

    def _settle(self, call: _Call, returncode: int | None) -> tuple[list[Item], list[Item]]:
        """Sort a finished call's unconverted files: retry alone, run again, or failed."""
        clean = returncode == 0
        self._collect(call, final=True, clean=clean)
        unmade = [item for item in call.items if not item.done]
        if unmade:  # LibreOffice fails every file alike on a full disk, and never says why
            check_room(self.stage, [item.source for item in unmade], unmade[0].target)
        made = len(call.items) - len(unmade)
        log.info(
            "LibreOffice call %d ended: %s; %d of %d PDFs made",
            call.serial,
            "exit status 0" if clean else trouble(returncode, self.timeout),
            made,
            len(call.items),
        )
        if not clean and call.said:
            log.info("LibreOffice call %d's last words: %s", call.serial, " | ".join(call.said))
        shutil.rmtree(call.outdir, ignore_errors=True)
        if returncode is None or not clean:
            # A killed LibreOffice may leave its profile half written.
            discard_profile(self.profiles.pop(call.worker))
        self.hangs = self.hangs + 1 if returncode is None and not call.accepted else 0
        busy = max(call.reached, 0)
        again: list[Item] = []
        untried: list[Item] = []
        for position, item in enumerate(call.items):
            if item.done:
                continue
            if position in call.invalid:
                item.outcomes.append("wrote no valid PDF")
            elif clean or position < busy:
                item.outcomes.append("could not open it")
            elif position == busy:
                item.outcomes.append(trouble(returncode, self.timeout))
            else:
                untried.append(item)
                continue
            if call.retry or not self.retry or len(item.outcomes) > 1:
                self.failures.append(Failure(item.source, reason(item.outcomes)))
                log.info("%s: not converted (%s)", item.source.name, reason(item.outcomes))
            else:
                log.info(
                    "%s: %s; it will be tried again alone", item.source.name, item.outcomes[-1]
                )
                again.append(item)
        return again, untried


def _pump(serial: int, stream: IO[bytes], events: queue.Queue[tuple[int, bytes | None]]) -> None:
    with stream:
        for line in stream:
            events.put((serial, line))
    events.put((serial, None))
