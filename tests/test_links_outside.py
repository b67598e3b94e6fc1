"""A workspace from elsewhere may link to the user's own files: nothing is read through a
symbolic link (of a file, or of a folder on the way) that leads outside the workspace; one
that stays inside works as its file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.cli.build import NOT_RENDERED
from letters.errors import WorkspaceError
from letters.render.images import read_image
from tests.conftest import docx_parts, files_under

PRIVATE = "a private note of the user's"

# Each input a workspace holds, linked (link given relative to the workspace) to its own
# content moved out of the workspace: what the problem names, and whether that is a folder.
LINKED = {
    "workspace-yaml": "workspace.yaml",
    "directory-yaml": "recipients/meps.yaml",
    "case-yaml": "cases/akhmetova/case.yaml",
    "letters-yaml": "cases/akhmetova/letters.yaml",
    "template-docx": "templates/appeal.docx",
    "email-text": "templates/appeal.email.txt",
    "logo": "templates/logo.png",
    "signature-image": "recipients/signatures/austrevicius.png",
    "po-catalog": "locales/uk/LC_MESSAGES/templates.po",
    "pot-template": "locales/templates.pot",
    "directory-folder": "recipients",
    "case-folder": "cases/akhmetova",
    "signatures-folder": "recipients/signatures",
    "ledger": "signoff/ledger.jsonl",
}


def _move_out(sample: Path, rel: str, elsewhere: Path) -> Path:
    """Move ``rel`` out of the workspace into ``elsewhere`` (a ledger is made there) and
    return where it went; a text file gets a line the user would not want shown."""
    moved = elsewhere / Path(rel).name
    if rel.startswith("signoff/"):
        moved.write_text(f'{{"note": "{PRIVATE}"}}\n', encoding="utf-8")
        (sample / "signoff").mkdir()
        return moved
    shutil.move(sample / rel, moved)
    if moved.suffix in (".yaml", ".po", ".pot"):
        with moved.open("a", encoding="utf-8") as file:
            file.write(f"# {PRIVATE}\n")
    return moved


def _snapshot(folder: Path) -> tuple[list[Path], dict[str, bytes]]:
    return sorted(folder.rglob("*")), files_under(folder)


@pytest.mark.parametrize("relative_link", [False, True], ids=["absolute", "dot-dot"])
@pytest.mark.parametrize("rel", LINKED.values(), ids=LINKED.keys())
def test_a_link_out_of_the_workspace_is_refused_unread(
    tmp_path: Path, sample: Path, runner: CliRunner, rel: str, relative_link: bool
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    moved = _move_out(sample, rel, elsewhere)
    link = sample / rel
    link.symlink_to(os.path.relpath(moved, link.parent) if relative_link else moved)
    earlier = sample / "out" / "may-2020-joint" / "may-2020-joint.en.docx"
    earlier.parent.mkdir(parents=True)
    earlier.write_bytes(b"an earlier build")
    before = _snapshot(tmp_path)
    kind = "folder" if moved.is_dir() else "file"
    problem = (
        f"{rel}: a symbolic link to {moved}, outside the workspace; nothing is read through"
        f" it: replace the link with the {kind} itself"
    )

    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 1
    assert check.output == f"error: {problem}\nError: 1 problem found. {NOT_RENDERED}\n"

    build = runner.invoke(main, ["build", "-w", str(sample)])
    assert build.exit_code == 1
    assert build.output == f"Error: 1 problem in the workspace:\n  {problem}\n"
    assert build.exception is None or isinstance(build.exception, SystemExit)
    assert PRIVATE not in check.output + build.output
    assert _snapshot(tmp_path) == before
    assert link.is_symlink()


def test_every_link_out_is_named_in_one_run(
    tmp_path: Path, sample: Path, runner: CliRunner
) -> None:
    """Nothing under a folder that leads out is looked at; every other link out is named."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for rel in ("templates/logo.png", "recipients", "locales/ru/LC_MESSAGES/templates.po"):
        (sample / rel).symlink_to(_move_out(sample, rel, elsewhere))
    result = runner.invoke(main, ["check", "-w", str(sample)])
    assert result.exit_code == 1
    fix = "nothing is read through it: replace the link with the"
    assert result.output == (
        f"error: locales/ru/LC_MESSAGES/templates.po: a symbolic link to {elsewhere}/templates.po,"
        f" outside the workspace; {fix} file itself\n"
        f"error: recipients: a symbolic link to {elsewhere}/recipients, outside the workspace;"
        f" {fix} folder itself\n"
        f"error: templates/logo.png: a symbolic link to {elsewhere}/logo.png, outside the"
        f" workspace; {fix} file itself\n"
        f"Error: 3 problems found. {NOT_RENDERED}\n"
    )


def test_links_that_stay_inside_the_workspace_work(sample: Path, runner: CliRunner) -> None:
    """The directory kept in another folder of the workspace, the logo in a case's folder,
    each linked from where letters reads it: the letters are made as without the links."""
    logo = read_image(sample, "templates/logo.png").blob  # as a letter shows it
    (sample / "recipients").rename(sample / "directory")
    (sample / "recipients").symlink_to("directory")
    (sample / "templates" / "logo.png").rename(sample / "cases" / "akhmetova" / "emblem.png")
    (sample / "templates" / "logo.png").symlink_to("../cases/akhmetova/emblem.png")

    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 0, check.output
    build = runner.invoke(main, ["build", "may-2020-joint", "--lang", "en", "-w", str(sample)])
    assert build.exit_code == 0, build.output
    letter = sample / "out" / "may-2020-joint" / "may-2020-joint.en.docx"
    assert [n for n, data in docx_parts(letter).items() if data == logo] == [
        "word/media/image1.png"
    ]


def test_a_folder_linked_to_the_workspace_itself_ends(sample: Path, runner: CliRunner) -> None:
    """Looked through once, not for ever; what the loader then says of it is its own."""
    (sample / "cases" / "loop").symlink_to("..")
    result = runner.invoke(main, ["check", "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output == (
        "error: cases/loop: a case folder needs a case.yaml\n"
        "error: cases/loop/workspace.yaml: never read: a case folder holds case.yaml and"
        " letters.yaml; did you mean case.yaml?\n"
        f"Error: 2 problems found. {NOT_RENDERED}\n"
    )


def test_an_image_read_on_its_own_is_not_read_through_a_link_out(
    tmp_path: Path, sample: Path
) -> None:
    """read_image keeps its own guard, for a link made after the workspace was loaded."""
    moved = _move_out(sample, "templates/logo.png", tmp_path)
    (sample / "templates" / "logo.png").symlink_to(moved)
    with pytest.raises(WorkspaceError) as raised:
        read_image(sample, "templates/logo.png")
    assert str(raised.value) == (
        f"templates/logo.png is a symbolic link to {moved}, outside the workspace; nothing is"
        " read through it: replace the link with the file itself"
    )


def test_only_links_are_followed_among_many_files(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case's papers may be thousands of files: each link is followed to see where it
    leads, not each file (resolving every one took seconds before a command began)."""
    from letters.files.inside import links_out

    papers = sample / "cases" / "akhmetova" / "papers"
    papers.mkdir()
    for number in range(300):
        (papers / f"scan-{number}.pdf").write_bytes(b"%PDF")
    (papers / "latest.pdf").symlink_to("scan-7.pdf")
    followed: list[str] = []
    realpath = os.path.realpath

    def counted(path: str | os.PathLike[str], **kwargs: bool) -> str:
        followed.append(os.fspath(path))
        return realpath(path, **kwargs)

    monkeypatch.setattr(os.path, "realpath", counted)
    assert list(links_out(sample)) == []
    assert str(papers / "latest.pdf") in followed
    assert len(followed) < 30
