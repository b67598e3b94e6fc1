"""The front door: a :class:`Workspace` opened once, offering everything the commands do.

>>> from letters import Workspace
>>> ws = Workspace("path/to/workspace")        # doctest: +SKIP
>>> ws.check()                                   # doctest: +SKIP
[]

Every command of ``letters`` is one method here; the command line only parses
options, calls the method and prints what it returns. The workspace's files
are read and validated once, when it is opened; methods that change files
(an approval, an import, a catalog update) read them again afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from letters.errors import LettersError, Problem, problems_error, sort_problems
from letters.files.atomic import check_output_folder
from letters.load import loader
from letters.load.models import SelectionSpec
from letters.plan import NO_LETTERS, Plan, plan
from letters.publish.batch import BuildResult, Destination, Options, Progress, run_batch
from letters.publish.drafts import undo_killed_publish
from letters.render.content_version import Version
from letters.signoff.answers import LetterStatus, Recorded, current_version, record, status
from letters.signoff.ledger import Action, LedgerError, read_ledger
from letters.signoff.packet import Packet, packet
from letters.signoff.standing import check_typed_via

if TYPE_CHECKING:
    from letters.i18n.stats import Stat
    from letters.i18n.update import UpdateReport
    from letters.i18n.workflow import PotReport
    from letters.people.directory import DerivedForm
    from letters.people.importer import ImportReport
    from letters.signoff.replies import RepliesReport
    from letters.signoff.request import Requests

__all__ = ["Workspace", "open_workspace"]

PathLike = str | os.PathLike[str]
Names = str | Iterable[str]  # one id, or several


def _names(names: Names) -> list[str]:
    """``"may-2020-joint"`` and ``["may-2020-joint"]`` both name one letter."""
    return [names] if isinstance(names, str) else list(names)


class Workspace:
    """A letters workspace: ``workspace.yaml``, the directory (``recipients/``), the cases
    (``cases/``), the templates and the translations (``locales/``).

    Opening it reads and validates every file once. A workspace with errors
    can still be opened and :meth:`check`-ed (that lists every problem); any
    other method then raises :class:`letters.errors.WorkspaceError` listing them.
    Every error a user can cause is a :class:`letters.errors.LettersError`.
    """

    def __init__(self, path: PathLike = ".") -> None:
        """Open the workspace at ``path`` (the folder holding ``workspace.yaml``)."""
        self.root = loader.find_root(Path(path))
        self._data: loader.WorkspaceData | None = None
        self._problems: list[Problem] = []
        self._rendered = False  # whether the last check rendered the letters
        self.reload()

    def __repr__(self) -> str:
        return f"Workspace({str(self.root)!r})"

    def reload(self) -> None:
        """Read every file again (after something outside this object changed them)."""
        self._data, self._problems = loader.load_workspace(self.root)

    @property
    def data(self) -> loader.WorkspaceData:
        """Everything the files say, as typed objects; raises if the workspace has errors."""
        errors = [p for p in self._problems if not p.warning]
        if self._data is None or errors:
            raise problems_error(errors)
        return self._data

    @property
    def _data_to_render(self) -> loader.WorkspaceData:
        """:attr:`data`, for a method that renders letters and so needs today: a
        ``LETTERS_TODAY`` that is not a date is listed beside the files' errors (one run
        tells both), and refused on its own before anything is rendered or written."""
        from letters.render.after_today import today, today_problems

        errors = [p for p in self._problems if not p.warning]
        if self._data is None or errors:
            raise problems_error([*today_problems(), *errors])
        today()
        return self._data

    def _directory_data(self) -> loader.WorkspaceData:
        """What an import reads and changes, which only an error in ``workspace.yaml`` or
        ``recipients/`` stops: a letter naming people not imported yet (an unknown tag or
        id) is what the import puts right, so refusing it for that would leave no way in."""
        stopping = [
            p
            for p in self._problems
            if not p.warning and not p.file.startswith(("cases/", "templates/", "locales/"))
        ]
        if self._data is None or stopping:
            return self.data  # raises with every error, as any command would
        return self._data

    # --- what is in it ---------------------------------------------------------------

    @property
    def languages(self) -> list[str]:
        """The languages letters are written in (``workspace.yaml``)."""
        return list(self.data.config.languages)

    @property
    def letters(self) -> list[str]:
        """The ids of every letter of every case."""
        return list(self.data.letters)

    def plan(self, letters: Names = (), languages: Names = ()) -> Plan:
        """The letter files ``letters`` (default: all) make in ``languages`` (default: each
        letter's own) — the one plan ``build``, ``check``, ``status``, ``packet`` and
        ``finalise`` share. A language a named letter is not written in is an error."""
        return plan(self.data, _names(letters), _names(languages))

    def version(self, letter: str, language: str) -> Version:
        """The content version of ``letter`` in ``language`` now (what an approval names)."""
        data = self._data_to_render
        from letters.plan import check_language, the_letter

        entry = the_letter(data, letter)
        check_language(data, entry, language)
        return current_version(data, entry, language)

    # --- check, build, finalise ---------------------------------------------------------

    def check(self, strict: bool = False) -> list[Problem]:
        """Every problem in the workspace, sorted (empty when all is well): every file,
        the sign-off ledger, the review request's catalogs, then every planned letter
        rendered in memory; the letters are rendered only when none of those has an error.

        Untranslated or fuzzy messages and derived name forms are warnings;
        ``strict`` makes them errors.
        """
        from letters.render.after_today import today_problems

        # dates after today are checked: a LETTERS_TODAY that is not a date is an error
        # listed beside the files' errors, or on its own, before anything is rendered
        today_wrong = today_problems()
        self._rendered = False
        problems = self._file_problems()
        if today_wrong and not any(not p.warning for p in problems):
            raise LettersError(today_wrong[0].message)
        problems += today_wrong
        if self._data is not None and not any(not p.warning for p in problems):
            from letters.signoff.request_words import review_catalog_problems

            problems += review_catalog_problems(self._data)
        if self._data is None or any(not p.warning for p in problems):
            return sort_problems(problems)
        from letters.render.all_letters import render_all
        from letters.render.renderer import Renderer

        if not self._data.letters:  # the directory and cases can be checked before letters
            return sort_problems([*problems, Problem("", None, "", NO_LETTERS, warning=True)])
        the_plan = plan(self._data)
        problems += the_plan.problems
        renderer = Renderer(self._data)
        if renderer.catalog_problems:  # a catalog that cannot be used: nothing is rendered
            return sort_problems(problems + renderer.catalog_problems + renderer.warnings)
        _results, render_problems, _versions = render_all(self._data, the_plan.jobs, renderer)
        self._rendered = True
        found = problems + render_problems
        # a template whose messages a catalog's entry needed, and could not be read
        found = sort_problems(found + renderer.english.unread_problem(found))
        if strict:
            found = [replace(p, warning=False) for p in found]
        return found

    def renders_in_check(self) -> bool:
        """Whether the last :meth:`check` rendered the letters: only once neither a file,
        the sign-off ledger nor a translation catalog has an error (warnings do not stop it)."""
        return self._rendered

    def _file_problems(self) -> list[Problem]:
        """The problems of the files and of the sign-off ledger."""
        problems = list(self._problems)
        if self._data is not None:
            try:
                read_ledger(self.root)
            except LedgerError as exc:
                problems.append(Problem("", None, "", str(exc)))
        return problems

    def build(
        self,
        letters: Names = (),
        languages: Names = (),
        *,
        out: PathLike | None = None,
        options: Options | None = None,
        progress: Progress | None = None,
    ) -> BuildResult:
        """Write draft letters (DRAFT mark and version id) into ``out`` (default ``out/``).

        ``options`` asks for PDF, PDF/A, e-mail drafts, the print file, a strict
        (``final``) check of translations and the number of processes. Resumable:
        after Ctrl-C or ``kill -9`` the same call finishes only what is missing.
        """
        folder = Path(out) if out is not None else self.root / "out"
        check_output_folder(self.root, folder)
        undo_killed_publish(self.root, folder.resolve())  # a killed build undone first
        data = self._data_to_render
        destination = Destination("draft", folder.resolve())
        the_plan = plan(data, _names(letters), _names(languages))
        try:
            result = run_batch(data, the_plan, options or Options(), destination, progress=progress)
        except LettersError as exc:  # said as a build that succeeds says them
            exc.warnings = sort_problems([*self._file_warnings(), *exc.warnings])
            raise
        return self._with_file_warnings(result)

    def finalise(
        self,
        letter: str,
        *,
        options: Options | None = None,
        progress: Progress | None = None,
        confirmed: Collection[int] = (),
    ) -> BuildResult:
        """Make the final ``letter`` (no DRAFT mark) in a new ``final/<letter>/NNN-…`` folder,
        if every signatory approved its current version in every language; with
        ``options``, also its PDFs, e-mail drafts carrying the final PDF and print file.
        An approval read from an unauthenticated e-mail counts only if its ledger entry's
        number is in ``confirmed``, your word that its signatory confirmed it. Run again
        with nothing changed, it returns the folder made before (with a note)."""
        from letters.signoff.finalise import finalise

        return self._with_file_warnings(
            finalise(self._data_to_render, letter, options, progress=progress, confirmed=confirmed)
        )

    def _with_file_warnings(self, result: BuildResult) -> BuildResult:
        """``result`` with the warnings about the workspace's files (a private source cited,
        a typed name that disagrees with its parts) beside the letters' own."""
        return replace(result, warnings=sort_problems([*self._file_warnings(), *result.warnings]))

    def _file_warnings(self) -> list[Problem]:
        return [p for p in self._problems if p.warning]

    # --- sign-off ---------------------------------------------------------------------------

    def approve(self, letter: str, language: str, who: str, *, via: str, version: str) -> Recorded:
        """Record that ``who`` approved ``version`` of ``letter`` in ``language`` (refused if
        the current draft is another version): the ledger entry and the version."""
        return self._record(letter, language, who, "approve", via, "", version)

    def revoke(self, letter: str, language: str, who: str, *, via: str) -> Recorded:
        """Record that ``who`` withdrew their approval."""
        return self._record(letter, language, who, "revoke", via, "", None)

    def request_changes(
        self,
        letter: str,
        language: str,
        who: str,
        *,
        via: str,
        comment: str,
        version: str | None = None,
    ) -> Recorded:
        """Record that ``who`` asked for changes (to ``version``, if given)."""
        return self._record(letter, language, who, "request-changes", via, comment, version)

    def _record(
        self,
        letter: str,
        language: str,
        who: str,
        action: Action,
        via: str,
        comment: str,
        version: str | None,
    ) -> Recorded:
        check_typed_via(via)  # 'review replies' records through record(), not here
        return record(self._data_to_render, letter, language, who, action, via, comment, version)

    def status(self) -> list[LetterStatus]:
        """Per letter and language: the current version and each signatory's answer."""
        return status(self._data_to_render)

    def status_page(self, path: PathLike) -> Path:
        """Write the sign-off status as one self-contained HTML page to ``path`` (the same
        facts as :meth:`status`, with links to the current drafts and review packets that
        exist, and what is left before ``finalise``); the path written."""
        from letters.signoff.status_page import write_status_page

        data = self._data_to_render
        return write_status_page(data, status(data), Path(path))

    def record_replies(
        self, paths: Iterable[PathLike], *, authenticated_only: bool = False
    ) -> RepliesReport:
        """Read signatories' e-mail replies (.eml files, mbox files, Maildir folders) and
        record the answers in them (``APPROVE <version>``, ``CHANGES <version>``); a report of
        what was recorded, what was there already and what could not be, and why."""
        from letters.signoff.replies import record_replies

        return record_replies(
            self._data_to_render, [Path(p) for p in paths], authenticated_only=authenticated_only
        )

    def review_requests(
        self,
        signatories: Sequence[str] = (),
        *,
        letter: str | None = None,
        out: PathLike | None = None,
        pdf: bool = True,
    ) -> Requests:
        """Write one e-mail draft per signatory (default: every signatory of ``letter``, or of
        every letter) into ``out`` (default ``out/review/requests``): the drafts to approve,
        as PDF (or .docx without ``pdf``), redlines, what changed, and the lines to answer."""
        from letters.signoff.request import review_requests

        folder = Path(out) if out is not None else None
        return review_requests(self._data_to_render, list(signatories), letter, folder, pdf=pdf)

    def packet(self, signatory: str, out: PathLike | None = None) -> Packet:
        """Write what ``signatory`` needs to review into ``out`` (default
        ``out/review/<signatory>``): current drafts, and redlines since the versions they last
        approved or asked changes on."""
        return packet(self._data_to_render, signatory, Path(out) if out is not None else None)

    # --- the directory ------------------------------------------------------------------------

    def people(self, selection: SelectionSpec | None = None) -> list[loader.PersonEntry]:
        """The people ``selection`` picks (everyone without one), in directory order."""
        from letters.people.directory import select

        data = self.data
        if selection is None:
            return list(data.people.values())
        return select(data, selection)

    def review_forms(
        self,
        people: Sequence[str] = (),
        *,
        confirm: bool = False,
        grades: Sequence[str] = ("type it", "check", "certain"),
    ) -> list[DerivedForm]:
        """The name forms derived for ``people`` (default: everyone), and those that must be
        typed, of the given ``grades``, the riskiest first; with ``confirm``, the derived
        ones written into the directory files as typed forms (nothing else changes)."""
        from letters.people.directory import review
        from letters.people.grading import GRADES

        unknown = [g for g in grades if g not in GRADES]
        if unknown:
            raise LettersError(f"unknown grade '{unknown[0]}': one of {', '.join(GRADES)}")
        chosen = [g for g in GRADES if g in grades]
        found = review(self.data, list(people), confirm=confirm, grades=chosen)
        if confirm:
            self.reload()
        return found

    def import_people(
        self,
        source: PathLike,
        into: PathLike | None = None,
        *,
        format: str | None = None,
        encoding: str | None = None,
        language: str | None = None,
    ) -> ImportReport:
        """Import people from an EP list (XML or JSON) or a CSV. Someone already in the
        directory (by EP id, else by id) is updated in their own file, keeping any field
        corrected by hand since an EP import; new people go to ``into``, a file in
        ``recipients/`` (default ``recipients/imported.yaml``; a relative path is read from the
        workspace folder); ``language`` (default en) is that of people added whom the source
        gives none. Returns a report of what changed."""
        from letters.people.importer import import_people

        target = Path(into) if into is not None else None
        if not Path(source).is_file():
            there = Path(source).exists()  # a pipe or a device: reading it might never end
            raise LettersError(
                f"{source}: not a regular file (a device, a pipe or a socket); give the file"
                " to import itself"
                if there and not Path(source).is_dir()
                else f"{source}: no such file to import"
            )
        report = import_people(
            self._directory_data(), Path(source), target, format, encoding, language
        )
        self.reload()
        return report

    # --- translations -------------------------------------------------------------------------

    def extract_messages(self) -> list[PotReport]:
        """Write ``locales/<domain>.pot`` from the templates and cases; for each, its path
        and whether it changed (a .pot already holding the current texts is left alone)."""
        from letters.i18n.workflow import extract

        return extract(self.data)

    def update_catalogs(self) -> list[UpdateReport]:
        """Merge the current messages into every .po, keeping every translation."""
        from letters.i18n.update import update

        reports = update(self.data)
        self.reload()
        return reports

    def add_language(self, language: str, locale: str | None = None) -> list[Path]:
        """Start translating into ``language``: new catalogs, and the language added to
        ``workspace.yaml``. A letter or a person already naming ``language`` does not stop
        it: that error asks for this very command."""
        from letters.i18n.workflow import init_language
        from letters.load.references import asks_for

        data = self._data
        others = [p for p in self._problems if not p.warning and not asks_for(p, language)]
        if data is None or others:
            data = self.data  # refused, listing every problem
        written = init_language(data, language, locale)
        self.reload()
        return written

    def compile_catalogs(self, warnings: list[Problem] | None = None) -> list[Path]:
        """Write a .mo beside every .po letters reads (fuzzy entries left out); the
        catalogs' warnings are added to ``warnings``."""
        from letters.i18n.workflow import compile_catalogs

        return compile_catalogs(self.data, warnings)

    def translation_stats(self) -> list[Stat]:
        """Translated, refused, inconsistent, fuzzy and untranslated messages per language and
        domain."""
        from letters.i18n.stats import stats

        return stats(self.data)

    # --- a new workspace ----------------------------------------------------------------------

    @classmethod
    def create(cls, directory: PathLike) -> Workspace:
        """Create a new workspace in ``directory`` with a short example, and open it."""
        from letters.starter import init_workspace

        init_workspace(Path(directory))
        return cls(directory)


def open_workspace(path: PathLike = ".") -> Workspace:
    """Open the workspace at ``path``; raise if its files have errors (use
    ``Workspace(path).check()`` to list them instead). A ``LETTERS_TODAY`` that is not a
    date is no error of the files: the methods that render letters say it, beside the
    files' errors (``Workspace(path).build()`` lists both)."""
    ws = Workspace(path)
    ws.data  # noqa: B018 - raises the problems now, not at the first method
    return ws
