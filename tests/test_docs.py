"""The README tells the truth: its commands are the ones CI runs, every command has help."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from letters import __version__
from letters.cli import main
from letters.load import yamlio
from tests.conftest import REPO


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", quick)


VENV = "python3 -m venv .venv && . .venv/bin/activate && "


def test_readme_has_two_commands_build_then_test() -> None:
    build, test = readme_commands()
    # Each makes a virtual environment (Debian 12 refuses pip outside one, PEP 668) and
    # installs the locked versions into it.
    assert build.endswith(VENV + "pip install -c requirements.lock -e . && letters build --pdf")
    assert test.endswith(VENV + "pip install -c requirements.lock -e '.[test]' && pytest")
    for command in (build, test):
        assert command.startswith("apt-get update && apt-get install -y --no-install-recommends")
        assert " python3-venv " in command


def test_ci_runs_the_tests_again_on_the_newest_releases() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    after = ci.split(readme_commands()[1], 1)[1]
    newest = after.split("python3 -m venv .venv-newest", 1)[1]
    assert "requirements.lock" not in newest.split(".venv-lowest", 1)[0]
    assert "pip install -e '.[test]'" in newest.splitlines()
    assert "pytest" in newest.splitlines()
    lowest = newest.split("python3 -m venv .venv-lowest", 1)[1]
    assert "pip install -c requirements-lowest.lock -e '.[test]'" in lowest.splitlines()
    # the lowest releases run the tests of what the libraries do for us, each file there
    runs = [line.split()[1:] for line in lowest.splitlines() if line.startswith("pytest ")]
    assert len(runs) == 1 and runs[0]
    for pattern in runs[0]:
        assert sorted(REPO.glob(pattern)), pattern


def test_ci_runs_the_readme_test_command() -> None:
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert readme_commands()[1] in ci_lines


def test_the_readme_test_command_runs_the_suite_on_every_core() -> None:
    # `pytest` alone is parallel because pyproject.toml says so; the README tells how not to be.
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    addopts = re.search(r'^addopts = "(.+)"$', pyproject, flags=re.M)
    assert addopts and "-n auto" in addopts.group(1)
    assert '"pytest-xdist>=' in pyproject
    assert "`pytest -n 0` runs it in one process" in (REPO / "README.md").read_text("utf-8")


def test_ci_fails_a_test_whose_program_is_missing() -> None:
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci_lines.index("export CI=1") < ci_lines.index(readme_commands()[1])


def test_every_readme_command_exists() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| `letters ([\w-]+)", text, flags=re.M)
    assert sorted({name for name in table if not name.startswith("-")}) == sorted(main.commands)


def command_paths(group: click.Group = main, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = []
    for name, command in sorted(group.commands.items()):
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths += command_paths(command, (*prefix, name))
    return paths


@pytest.mark.parametrize("path", command_paths(), ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output
    command: click.Command = main
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    assert command.help


def test_every_i18n_command_is_in_the_readme() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    for path in command_paths():
        if path[0] == "i18n" and len(path) == 2:
            assert f"`letters i18n {path[1]}" in text


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("status", "Did you mean 'letters review status'?"),
        ("stats", "Did you mean 'letters i18n stats'?"),
        ("reviw", "Did you mean 'review'?"),  # click's own suggestion, kept
    ],
)
def test_a_command_typed_without_its_group_is_named_with_it(typed: str, said: str) -> None:
    result = CliRunner().invoke(main, [typed])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == f"Error: No such command '{typed}'. {said}"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (["review", "aprove"], "No such command 'aprove'. Did you mean 'letters approve'?"),
        (["review", "approve"], "No such command 'approve'. Did you mean 'letters approve'?"),
        (["review", "requets"], "No such command 'requets'. Did you mean 'request'?"),
        (["i18n", "extrat"], "No such command 'extrat'. Did you mean 'extract'?"),
        (
            ["build", "--verbose"],
            "No such option '--verbose' for 'build': --verbose is an option of letters itself,"
            " given before the command: letters --verbose build …",
        ),
        (
            ["review", "status", "-v"],
            "No such option '-v' for 'review status': -v is an option of letters itself, given"
            " before the command: letters -v review status …",
        ),
    ],
    ids=["top-level-misspelt", "top-level", "in-group", "i18n", "verbose", "v-in-group"],
)
def test_a_command_or_option_in_the_wrong_place_is_named_where_it_goes(
    typed: list[str], said: str
) -> None:
    result = CliRunner().invoke(main, typed)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == f"Error: {said}"


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.output == f"letters, version {__version__}\n"


def test_the_readme_example_of_a_translation_that_lacks_a_year_is_what_check_says(
    sample: Path, runner: CliRunner
) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"^warning: \S+case-akhmetova.po:.+ lacks what .+$", readme, re.M)
    catalog = sample / "locales" / "uk" / "LC_MESSAGES" / "case-akhmetova.po"
    text = catalog.read_text(encoding="utf-8")
    assert text.count('"У березні 2018 р. суд') == 1
    catalog.write_text(text.replace('"У березні 2018 р. суд', '"У березні суд'), encoding="utf-8")

    result = runner.invoke(main, ["check", "-w", str(sample)])

    assert example in result.output.splitlines(), result.output


def test_the_readme_counts_the_hand_checked_people_the_tests_hold() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    said = re.search(r"The table of (\d+)\s+hand-checked people", readme)
    table = YAML(typ="safe").load(
        (REPO / "tests" / "data" / "people_forms.yaml").read_text(encoding="utf-8")
    )
    assert said and int(said.group(1)) == len(table)


def test_the_readme_example_of_a_picture_that_is_no_image_is_what_build_says(
    sample: Path, runner: CliRunner
) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"^  \S+ people\[0\]\.signature_image: .+ not a PNG .+$", readme, re.M)
    (sample / "recipients" / "signatures" / "austrevicius.png").write_text("not a picture")

    result = runner.invoke(main, ["build", "-w", str(sample)])

    assert example in result.output.splitlines(), result.output


def test_the_readme_example_of_workspace_yaml_names_the_sender_as_the_sample_does() -> None:
    """A reader compares the README's workspace.yaml with the sample's: the sender's name in
    each language and its address are the sample's, not another body's."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### workspace.yaml\n", 1)[1]
    block = re.search(r"```yaml\n(.+?)\n```", section, re.S)
    assert block is not None
    example = YAML(typ="safe").load(block.group(1))
    sample = YAML(typ="safe").load((REPO / "workspace.yaml").read_text(encoding="utf-8"))
    assert example["letterhead"]["name"] == sample["letterhead"]["name"]
    assert example["email_from"] == sample["email_from"]


README_YAML = re.findall(r"```yaml\n(.*?)```", (REPO / "README.md").read_text("utf-8"), re.DOTALL)


@pytest.mark.parametrize("example", README_YAML, ids=lambda text: text.split(":", 1)[0])
def test_every_yaml_example_in_the_readme_is_read(example: str) -> None:
    """A user copies an example and fills it in: one the reader refuses (an unquoted ': '
    inside a text) fails them first thing."""
    yamlio.load_text(example, "README.md")


def _readme_usages() -> list[str]:
    """The first cell of every row of the README's command table, its code spans joined."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    cells = re.findall(r"^\|((?:[^|\\]|\\.)*)\|", text, flags=re.M)
    usages = [" ".join(re.findall(r"`([^`]*)`", cell)) for cell in cells]
    return [
        usage for usage in usages if usage.startswith("letters ") and usage != "letters --version"
    ]


# a quoted value in a usage ("email of 20 May") is an example, not the value's name
EXAMPLE = "<example>"


def _metavar(param: click.Parameter, context: click.Context) -> str:
    """What --help shows for ``param``'s value: click 8.2 asks for the context, 8.1 (the
    lowest release pyproject.toml allows) takes none."""
    try:
        return param.make_metavar(context)  # type: ignore[call-arg,unused-ignore]
    except TypeError:
        return param.make_metavar()  # type: ignore[call-arg,unused-ignore]


@pytest.mark.parametrize(
    "usage", _readme_usages(), ids=lambda usage: re.split(r" [A-Z\[`]", usage)[0]
)
def test_the_readme_names_a_commands_arguments_and_options_as_its_help_does(usage: str) -> None:
    """A newcomer reading `recipients import FILE` in the README and `SOURCE` in --help
    wonders whether they are the same thing."""
    words = re.sub(r'"[^"]*"', EXAMPLE, usage).split()[1:]
    command: click.Command = main
    while words and isinstance(command, click.Group) and words[0] in command.commands:
        command = command.commands[words.pop(0)]
    options = {name: param for param in command.params for name in param.opts}
    arguments, named, values = [], set(), {}
    while words:
        word = words.pop(0).strip("[]")
        if word.startswith("--"):
            named.add(word)
            option = options.get(word)
            if isinstance(option, click.Option) and not option.is_flag and words:
                values[word] = words.pop(0).strip("[]")
        elif word != "\\|":
            arguments.append((word.rstrip("…"), word.endswith("…")))
    helped = [
        (param.human_readable_name.strip("[]."), param.nargs == -1)
        for param in command.params
        if isinstance(param, click.Argument)
    ]
    assert arguments == helped
    long_names = {name for param in command.params for name in param.opts if name[:2] == "--"}
    assert named == long_names - {"--workspace"}
    # `--lang L` in the README and `--lang LANG` in --help read as two different things
    context = click.Context(command)
    helped_values = {
        word: _metavar(options[word], context) for word in values if values[word] != EXAMPLE
    }
    assert {word: value for word, value in values.items() if value != EXAMPLE} == helped_values


def _readme_joined() -> str:
    """The README with its lines joined, its spaces one (a code span may wrap)."""
    return " ".join((REPO / "README.md").read_text(encoding="utf-8").split())


def test_the_readme_lists_the_mail_system_tags_the_replies_reader_takes() -> None:
    from letters.signoff.reply_request import MAIL_SYSTEM_TAGS

    said = re.search(r"a mail system's tags before it or not: (.+?), in brackets", _readme_joined())
    assert said, "the README names the tags a mail system puts before a subject"
    listed = tuple(re.findall(r"`\[([^`\]]+)\]`", said.group(1)))
    assert listed == MAIL_SYSTEM_TAGS


def _under_outlook_s_to(sender: str, to: str, example: str) -> bool:
    """Whether ``example``, on the line under Outlook's "To:" line of a reply to a request
    sent from ``sender`` to ``to`` ("Name <address>"), is read as going on that line."""
    from letters.signoff.reply_outlook import outlook_block_end
    from letters.signoff.reply_request import Request

    name, address = re.fullmatch(r"(.+) <(.+)>", to).groups()  # type: ignore[union-attr]
    request = Request.of({}, sender=sender, recipients=[(name, address)])
    header = ["From: Appeals Desk", f"To: {sender};"]
    end = outlook_block_end([*header, example], 0, request)[0]
    assert end in (1, 2), example
    return end == 2


def test_the_readme_examples_of_outlook_s_mailboxes_are_read_as_it_says() -> None:
    """Each mailbox the README says counts as one the request was sent from or to goes on
    Outlook's wrapped "To:" line; each it says does not is a line the signatory typed."""
    said = re.search(
        r"So to a request sent from `([^`]+)` to `([^`]+)` these are its mailboxes: (.+?);"
        r" these are not: (.+?)\. ",
        _readme_joined(),
    )
    assert said, "the README gives examples of Outlook's mailboxes"
    sender, to, counted, held = said.groups()
    for example in re.findall(r"`([^`]+)`", counted):
        assert _under_outlook_s_to(sender, to, example), example
    for example in re.findall(r"`([^`]+)`", held):
        assert not _under_outlook_s_to(sender, to, example), example


def test_the_readme_s_mailboxes_held_though_the_request_s_own_are_held() -> None:
    """The README's examples of mailboxes the request was sent to that are held all the same
    (read by hand: the reader errs on the safe side) are held, and those it says count as
    theirs count: were the reader loosened, or the README, this would fail."""
    said = re.search(r"Held all the same, for a reading by hand: (.+?)\. ", _readme_joined())
    assert said, "the README gives examples of the request's own mailboxes it holds"
    sender = "Appeals Desk <appeals@example.org>"
    clauses = re.findall(r"to `([^`]+)`, `([^`]+)`(?: \(([^)]*)\))?", said.group(1))
    assert len(clauses) == 5, said.group(1)
    for to, held, note in clauses:
        assert not _under_outlook_s_to(sender, to, held), held
        for counted in re.findall(r"`([^`]+)` counts", note):
            assert _under_outlook_s_to(sender, to, counted), counted
