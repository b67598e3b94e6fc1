"""`letters init` makes a valid workspace, and a second case written from the README builds."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.shared import Pt

from letters.cli import main
from letters.cli.build import NOT_RENDERED
from letters.starter import UNFINISHED
from letters.starter.template import appeal_template_bytes
from tests.conftest import (
    REPO,
    docx_parts,
    docx_text,
    files_under,
    killed_at,
    no_break,
    require_tool,
)

ASHIM = Path(__file__).parent / "workspaces" / "ashim"


@pytest.mark.parametrize(
    ("given", "said"),
    [
        (".", "Next: letters check && letters build"),
        ("My Campaign", "Next: cd 'My Campaign' && letters check && letters build"),
    ],
    ids=["here", "spaces"],
)
def test_init_says_the_next_commands_as_they_can_be_typed(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, given: str, said: str
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    result = runner.invoke(main, ["init", given])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == said


def test_init_creates_a_workspace_that_builds(tmp_path: Path, runner: CliRunner) -> None:
    target = tmp_path / "campaign"
    result = runner.invoke(main, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"Next: cd {target} && letters check && letters build"
    assert runner.invoke(main, ["check", "-w", str(target)]).exit_code == 0
    result = runner.invoke(main, ["build", "-w", str(target)])
    assert result.exit_code == 0, result.output
    lines = docx_text(target / "out" / "example-appeal" / "example-appeal.en.docx")
    # one addressee: her address block and her own salutation, not "To:" and "colleagues"
    assert "Jane Example\nMinister of Examples" in lines
    assert "Dear Minister," in lines and "To:" not in lines
    assert "1 Example Street" not in "\n".join(lines)


def test_a_new_workspace_passes_its_own_strict_check(tmp_path: Path, runner: CliRunner) -> None:
    """`letters init w && letters check --workspace w`, whatever Babel spells its plural rules."""
    target = tmp_path / "w"
    assert runner.invoke(main, ["init", str(target)]).exit_code == 0
    for args in (["check", "--workspace", str(target)], ["check", "--strict", "-w", str(target)]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        assert result.output == "The workspace is valid: every letter renders in every language.\n"


def test_a_new_workspace_shows_where_the_sender_of_e_mails_goes(
    tmp_path: Path, runner: CliRunner
) -> None:
    """init wrote no email_from, so 'build --email' stopped asking for a line to add, which
    nothing in the new workspace mentioned. It is there as a comment to fill in, which the
    error points at; uncommented with the placeholder's words left, it is refused as the
    placeholder, never used as an address."""
    target = tmp_path / "w"
    assert runner.invoke(main, ["init", str(target)]).exit_code == 0
    config = target / "workspace.yaml"
    text = config.read_text(encoding="utf-8")
    placeholder = "# email_from: Your name <your address>"
    line = text.split("\n").index(placeholder) + 1
    build = runner.invoke(main, ["build", "--email", "-w", str(target)])
    assert (build.exit_code, build.output) == (
        1,
        f"Error: workspace.yaml:{line}: e-mail drafts need a sender, and email_from is only a"
        " comment here: delete the '# ' before it and write the name and address they are"
        " sent from, such as 'email_from: Appeals Desk <appeals@example.org>'\n",
    )
    assert not (target / "out").exists()
    # uncommented as it is, or with only the name or only the address typed over
    for left in ("Your name <your address>", "Alex Example <your address>", "Your name <a@b.org>"):
        config.write_text(text.replace(placeholder, f"email_from: {left}"), "utf-8")
        check = runner.invoke(main, ["check", "-w", str(target)])
        assert (check.exit_code, check.output) == (
            1,
            f"error: workspace.yaml:{line} email_from: still holds the placeholder 'letters"
            " init' wrote (Your name <your address>): write in its place the name and address"
            " e-mails are sent from, such as 'Appeals Desk <appeals@example.org>'\n"
            f"Error: 1 problem found. {NOT_RENDERED}\n",
        ), left
    sender = "email_from: Appeals Desk <appeals@example.org>"
    config.write_text(text.replace(placeholder, sender), "utf-8")
    check = runner.invoke(main, ["check", "-w", str(target)])
    assert check.exit_code == 0, check.output


@pytest.mark.parametrize(
    "beside",
    [
        {},
        # what a killed init leaves, with a file of someone's put in since: not init's to finish
        {UNFINISHED: b"name: x\n", "recipients/people.yaml": b"people: []\n"},
    ],
    ids=["files", "unfinished-and-files"],
)
def test_init_refuses_a_folder_with_files(
    tmp_path: Path, runner: CliRunner, beside: dict[str, bytes]
) -> None:
    (tmp_path / "notes.txt").write_text("keep me")
    for name, data in beside.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    result = runner.invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tmp_path} is not empty; choose a new folder so nothing in it is overwritten\n"
    )
    assert files_under(tmp_path) == {"notes.txt": b"keep me", **beside}


@pytest.mark.parametrize("made", ["people.yaml", ".case.yaml.*.tmp", "appeal.docx", ".gitignore"])
def test_init_killed_mid_way_leaves_no_workspace_and_a_rerun_finishes_it(
    tmp_path: Path, runner: CliRunner, made: str
) -> None:
    """kill -9 as init writes its files: the folder is no workspace yet (no workspace.yaml,
    so no command takes it for one), and init run again finishes it, as if never stopped,
    where it used to refuse the folder as not empty."""
    target = tmp_path / "campaign"
    killed_at(made, 1, "init", str(target))
    assert not (target / "workspace.yaml").exists()
    result = runner.invoke(main, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["init", str(tmp_path / "whole")]).exit_code == 0
    finished, whole = files_under(target), files_under(tmp_path / "whole")
    docx = "templates/appeal.docx"  # its zip entries are dated as written: compare its parts
    assert docx_parts(finished.pop(docx)) == docx_parts(whole.pop(docx))
    assert finished == whole


@pytest.mark.parametrize("inside", ["cases/newcase", "cases", "recipients/more/deeper"])
def test_init_refuses_a_folder_inside_a_workspace(
    tmp_path: Path, runner: CliRunner, inside: str
) -> None:
    """`cd cases && letters init newcase` looks like starting a case; it would have made a
    second workspace inside the first, which that one's `check` then calls a stray file."""
    outer = tmp_path / "campaign"
    assert runner.invoke(main, ["init", str(outer)]).exit_code == 0
    before = files_under(outer)
    target = outer / inside
    result = runner.invoke(main, ["init", str(target)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {target} is inside the workspace {outer} (it has workspace.yaml): a new case"
        " goes into that workspace's cases/<case>/ folder, with a case.yaml and a letters.yaml"
        " (README, 'Starting a new case'); for a separate workspace, choose a folder outside"
        f" {outer}\n"
    )
    assert files_under(outer) == before


def test_shipped_template_is_the_one_init_writes(tmp_path: Path, runner: CliRunner) -> None:
    """Part for part, byte for byte, not only its text: the sample's footnotes were made
    9 pt by hand (c8f0751) while `letters init` went on writing 10 pt ones, which a
    comparison of the paragraphs' text never saw."""
    target = tmp_path / "w"
    assert runner.invoke(main, ["init", str(target)]).exit_code == 0
    written = docx_parts(target / "templates" / "appeal.docx")
    shipped = docx_parts(REPO / "templates" / "appeal.docx")
    assert list(written) == list(shipped)
    assert [name for name in shipped if written[name] != shipped[name]] == []
    assert docx_parts(appeal_template_bytes()) == written


def test_a_new_workspace_writes_its_footnotes_in_9_pt(tmp_path: Path, runner: CliRunner) -> None:
    """At 10 pt LibreOffice printed a sample letter's third note a page after its mark."""
    target = tmp_path / "w"
    assert runner.invoke(main, ["init", str(target)]).exit_code == 0
    styles = docx.Document(str(target / "templates" / "appeal.docx")).styles
    (note_text,) = [style for style in styles if style.style_id == "FootnoteText"]
    assert note_text.font.size == Pt(9)
    (reference,) = [style for style in styles if style.style_id == "FootnoteReference"]
    assert reference.font.size is None  # the size of the text it stands in


def test_second_case_written_from_the_readme_builds(tmp_path: Path, runner: CliRunner) -> None:
    """tests/workspaces/ashim was made with `letters init` and edited by the README's steps only
    (its template since replaced by the current one)."""
    workspace = tmp_path / "ashim"
    shutil.copytree(ASHIM, workspace)
    check = runner.invoke(main, ["check", "-w", str(workspace)])
    assert check.exit_code == 0, check.output
    result = runner.invoke(main, ["build", "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    uk = [
        no_break(line)
        for line in docx_text(workspace / "out" / "ashim-2019" / "ashim-2019.sokoliuk.uk.docx")
    ]
    assert "Варшава, 20\u00a0березня 2019\u00a0р." in uk
    assert "Голові Державної міграційної служби України\nМаксиму СОКОЛЮКУ" in uk
    assert (
        "У\u00a0травні 2018\u00a0р. органи влади Казахстану звільнили її"
        " з\u00a0психіатричної лікарні під міжнародним тиском. 6\u00a0березня 2019\u00a0р."
        " Державна міграційна служба України відмовила їй у\u00a0визнанні біженкою." in uk
    )
    # an organisation signs, with the person who signs for it
    signature = uk.index("Мережа «Правозахисний нагляд»")
    # title first, with its capital, as ДСТУ 4163:2020's signature; in English after the name
    assert uk[signature + 1] == "Директорка Олена КОВАЛЬ"
    en = docx_text(workspace / "out" / "ashim-2019" / "ashim-2019.sokoliuk.en.docx")
    assert en[en.index("Rights Watch Network") + 1] == "Olena Koval, Director"
    assert "Request to reconsider the refusal of refugee status to Ardak Ashim" in en
    assert "extradition" not in "\n".join(uk + en)
    assert "Kyiv" not in "\n".join(uk + en)


@pytest.mark.parametrize(
    ("path", "ignored"),
    [
        (f"signoff/versions/.joint.en.0123.json.{2**22}-0a1b2c3d.abcdefgh.tmp", True),
        (f".status.html.{2**22}-0a1b2c3d.abcdefgh.tmp", True),
        (f"signoff/.status.html.{2**22}-0a1b2c3d.abcdefgh.tmp", True),
        (f".status.htm.{2**22}-0a1b2c3d.abcdefgh.tmp", True),  # .htm and .HTML are pages too
        (f".Status.HTML.{2**22}-0a1b2c3d.abcdefgh.tmp", True),
        (".letters.files.lock", True),
        ("signoff/versions/joint.en.0123.json", False),
        ("status.html", False),
        ("signoff/ledger.jsonl", False),
    ],
)
def test_a_new_workspace_never_commits_what_a_killed_command_left(
    tmp_path: Path, runner: CliRunner, path: str, ignored: bool
) -> None:
    """A kept version or status page half written by a command killed without the lock
    stays until a later run removes it: meanwhile `git add -A` must not commit it."""
    git = require_tool("git", "git reads the .gitignore init writes (apt-get install git)")
    ws = tmp_path / "ws"
    assert runner.invoke(main, ["init", str(ws)]).exit_code == 0
    subprocess.run([git, "init", "-q", str(ws)], check=True)
    asked = subprocess.run([git, "-C", str(ws), "check-ignore", "-q", path], check=False)
    assert asked.returncode == (0 if ignored else 1)


def test_build_in_a_language_no_letter_is_written_in_says_where_languages_are_chosen(
    tmp_path: Path, runner: CliRunner
) -> None:
    """A new workspace writes in en, uk and ru, and its example letter only in en: asking for
    uk is the newcomer's first step towards a Ukrainian letter, so the error says where."""
    ws = tmp_path / "w"
    assert runner.invoke(main, ["init", str(ws)]).exit_code == 0
    result = runner.invoke(main, ["build", "--lang", "uk", "-w", str(ws)])
    assert result.exit_code == 1
    assert result.output == (
        "Error: --lang uk: no letter is written in 'uk'; the letters are written in en"
        " (each letter's 'languages' in cases/<case>/letters.yaml says which)\n"
    )
    assert not (ws / "out").exists()


@pytest.mark.parametrize(
    ("made", "said"),
    [
        (
            ["my-campaign"],
            "The folder my-campaign in it is a workspace: cd my-campaign, or pass --workspace"
            " my-campaign.",
        ),
        (
            ["Campaign 2026", "my-campaign"],
            "Folders in it are workspaces ('Campaign 2026', my-campaign): cd into yours, or"
            " pass --workspace with it.",
        ),
    ],
    ids=["one", "two"],
)
def test_a_command_run_before_cd_into_the_new_workspace_names_it(
    tmp_path: Path,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    made: list[str],
    said: str,
) -> None:
    """`letters init my-campaign` says `cd my-campaign && letters check`; the newcomer who
    types only `letters check` is told where their workspace is, not to make another."""
    monkeypatch.chdir(tmp_path)
    for name in made:
        assert runner.invoke(main, ["init", name]).exit_code == 0
    (tmp_path / ".hidden").mkdir()  # a hidden folder's workspace.yaml is nobody's slip
    (tmp_path / ".hidden" / "workspace.yaml").write_text("name: x\n", encoding="utf-8")
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: the current folder ({tmp_path.resolve()}) is not in a letters workspace:"
        f" neither it nor a folder above it has workspace.yaml. {said}\n"
    )
