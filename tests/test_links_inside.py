"""A workspace from elsewhere may hold a link from where letters writes to where it reads:
``out`` linked to ``templates``, a letter's folder to ``cases/<case>``, ``final`` to
``recipients``. The drafts, PDFs and manifests written through it would lie among the inputs
the next command reads (a .docx in ``templates/`` taken for a template), so such a link is
refused before anything is written, as a folder given with --out in those folders is."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.conftest import cli, fails
from tests.test_finalise import english_only
from tests.test_links_written import AGAIN, OTHER_OUT, _link, _snapshot
from tests.test_signoff import JOINT

FIX = "nothing was written through it: replace the link with a folder"
READS = "which letters reads its inputs from"

# command, the folder linked (relative to the workspace), the input folder it leads to, the
# folder it cannot write into, and the fix besides a folder
LINKED_IN = {
    "build-out": (["build", JOINT, "--lang", "en"], "out", "templates", "out", OTHER_OUT),
    "build-out-signoff": (["build", JOINT, "--lang", "en"], "out", "signoff", "out", OTHER_OUT),
    "build-letter": (
        ["build", JOINT, "--lang", "en"],
        f"out/{JOINT}",
        "cases/akhmetova",
        f"out/{JOINT}",
        AGAIN,
    ),
    "finalise-final": (["finalise", JOINT], "final", "recipients", f"final/{JOINT}", ""),
    "packet-review": (
        ["review", "packet", "bilcik"],
        "out/review",
        "locales",
        "out/review/bilcik",
        OTHER_OUT,
    ),
    "request-review": (
        ["review", "request", "bilcik", "--no-pdf"],
        "out/review",
        "locales/uk",
        "out/review/requests",
        OTHER_OUT,
    ),
}


@pytest.mark.parametrize("relative", [False, True], ids=["absolute", "dot-dot"])
@pytest.mark.parametrize(
    ("command", "linked", "leads_to", "into", "fix"), LINKED_IN.values(), ids=LINKED_IN.keys()
)
def test_an_output_folder_linked_to_an_input_folder_is_refused(
    approved: Path,
    runner: CliRunner,
    command: list[str],
    linked: str,
    leads_to: str,
    into: str,
    fix: str,
    relative: bool,
) -> None:
    sample = approved
    _link(sample / linked, sample / leads_to, relative)
    before = _snapshot(sample)
    named = "it" if linked == into else str(sample / linked)
    read = leads_to.split("/")[0]
    assert fails(runner, sample, *command) == (
        f"Error: cannot write into {sample / into}: {named} is a symbolic link to"
        f" {sample / leads_to}, in the workspace's {read}/, {READS}; {FIX}{fix}\n"
    )
    assert _snapshot(sample) == before


def test_a_folder_reached_through_a_link_to_the_workspace_is_refused(
    sample: Path, runner: CliRunner
) -> None:
    """``out`` linked to the workspace itself leads into no input folder, but a folder under
    it named like one (``out/templates``) is that folder: the link on the way is named."""
    _link(sample / "out", sample, relative=True)
    before = _snapshot(sample)
    given = sample / "out" / "templates"
    assert fails(runner, sample, "build", JOINT, "--lang", "en", "--out", str(given)) == (
        f"Error: cannot write into {given}: it leads through a symbolic link to"
        f" {sample / 'templates'}, in the workspace's templates/, {READS}; {FIX}{OTHER_OUT}\n"
    )
    assert _snapshot(sample) == before


def test_a_letters_folder_linked_to_an_input_folder_before_publishing_is_not_written_through(
    sample: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A letter's folder replaced by a link to ``cases/<case>`` while the letters are made:
    they are not moved there."""
    from letters.publish import batch

    english_only(sample)
    cli(runner, sample, "build", JOINT)  # out/<letter> exists, as after any earlier build
    original = batch.write_batch_manifest
    before: list[Any] = []

    def then_link(*args: Any, **kwargs: Any) -> Any:
        made = original(*args, **kwargs)
        shutil.rmtree(sample / "out" / JOINT)
        _link(sample / "out" / JOINT, sample / "cases" / "akhmetova", relative=True)
        before.append(_snapshot(sample / "cases"))
        return made

    monkeypatch.setattr(batch, "write_batch_manifest", then_link)
    into, case = sample / "out" / JOINT, sample / "cases" / "akhmetova"
    assert fails(runner, sample, "build", JOINT) == (
        f"Error: cannot write into {into}: it is a symbolic link to {case}, in the workspace's"
        f" cases/, {READS}; {FIX}{AGAIN}\n"
    )
    assert [_snapshot(sample / "cases")] == before


# command, and the kind of files it writes
GIVEN_OUT = {
    "build": (["build", JOINT, "--lang", "en"], "draft"),
    "packet": (["review", "packet", "bilcik"], "review packet"),
    "request": (["review", "request", "bilcik", "--no-pdf"], "review request"),
}


# Templates and SignOff are the workspace's folders on a disk that ignores case (macOS's own)
@pytest.mark.parametrize(
    "under", ["templates", "templates/drafts", "signoff", "Templates", "SignOff/drafts"]
)
@pytest.mark.parametrize(("command", "kind"), GIVEN_OUT.values(), ids=GIVEN_OUT.keys())
def test_an_out_given_in_an_input_folder_is_refused(
    sample: Path, runner: CliRunner, command: list[str], kind: str, under: str
) -> None:
    """What would be written there would be read as inputs (a draft taken for a template)."""
    english_only(sample)
    before = _snapshot(sample)
    assert fails(runner, sample, *command, "--out", str(sample / under)) == (
        f"Error: refusing to write {kind} files into {sample / under}: it is the workspace or"
        " one of its own folders (cases, recipients, templates, locales, signoff, final);"
        " choose another output folder\n"
    )
    assert _snapshot(sample) == before


# where the signatory's packet folder leads: out of the workspace, or into an input folder
PACKET_LINKED = {"outside": ("elsewhere", False), "input": ("ws/locales", True)}


@pytest.mark.parametrize(("leads_to", "inside"), PACKET_LINKED.values(), ids=PACKET_LINKED.keys())
def test_a_review_request_refused_for_a_packet_folder_writes_nothing(
    tmp_path: Path, sample: Path, runner: CliRunner, leads_to: str, inside: bool
) -> None:
    """The request keeps the versions it asks about in signoff/, then writes the packet:
    a packet folder that cannot be written into is found before either."""
    english_only(sample)
    target = tmp_path / leads_to
    target.mkdir(exist_ok=True)
    _link(sample / "out" / "review" / "bilcik", target, relative=False)
    before = _snapshot(tmp_path)
    where = f"in the workspace's locales/, {READS}" if inside else "outside the workspace"
    into = sample / "out" / "review" / "bilcik"
    assert fails(runner, sample, "review", "request", "bilcik", "--no-pdf") == (
        f"Error: cannot write into {into}: it is a symbolic link to {target}, {where};"
        f" {FIX}{OTHER_OUT}\n"
    )
    assert _snapshot(tmp_path) == before
    assert not (sample / "signoff").exists()
