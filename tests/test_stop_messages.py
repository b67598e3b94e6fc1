"""Messages that must be true and complete: a batch that stops names the letter that failed
and says what it left behind, and one told to stop says so even where Python lost the
signal; an answer says how it came; an approval in a language the signatory does not read
is recorded with a warning."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters import Workspace
from letters.cli import main
from letters.publish import batch as batch_module
from letters.publish.batch import STAGING_PREFIX, Batch, Progress
from letters.publish.stopping import stop_signals
from tests.conftest import files_under, rewrite_docx

JOINT = "may-2020-joint"
VIA = "email of 20 May 2020"


def _fail_for_every_recipient(workspace: Path) -> str:
    """A template that renders with placeholders (so the check before the batch passes) and
    fails for every real recipient; the failing paragraph, as the message quotes it."""
    tag = "{{ 1 // (recipient is undefined or recipient.id == 'recipient') }}"  # placeholder
    template = workspace / "templates" / "appeal.docx"
    template.write_bytes(
        rewrite_docx(
            template,
            {
                "word/document.xml": lambda data: data.replace(
                    b"</w:body>", f"<w:p><w:r><w:t>{tag}</w:t></w:r></w:p></w:body>".encode(), 1
                )
            },
        )
    )
    return f"templates/appeal.docx (word/document.xml, paragraph “{tag}”)"


def test_a_batch_where_no_letter_could_be_made_names_each_and_leaves_nothing(
    sample: Path, runner: CliRunner
) -> None:
    where = _fail_for_every_recipient(sample)
    (sample / "out").mkdir()
    result = runner.invoke(
        main, ["build", "may-2020-extradition", "--lang", "uk", "--jobs", "1", "-w", str(sample)]
    )
    assert result.exit_code == 1
    failed = sorted(["maliuska", "venediktova"])
    assert result.output == "Error: 2 problems in the letters; nothing was written:\n" + "".join(
        f"  may-2020-extradition [uk] to {who}: {where}: the // operator"
        " divides by zero here; where the number it divides by may be 0, show it inside"
        " {% if … %}…{% endif %}\n"
        for who in failed
    )
    assert files_under(sample / "out") == {}
    assert not list((sample / "out").glob(f"{STAGING_PREFIX}*"))  # not even an empty folder


def test_a_batch_that_stops_after_some_letters_says_where_they_are_kept(
    sample: Path, runner: CliRunner
) -> None:
    where = _fail_for_every_recipient(sample)
    result = runner.invoke(main, ["build", "kazakhstan-2020", JOINT, "-w", str(sample)])
    assert result.exit_code == 1
    (staging,) = (sample / "out").glob(f"{STAGING_PREFIX}*")
    made = sorted(path.name for path in staging.iterdir())
    assert made == [f"{JOINT}.en.docx", f"{JOINT}.ru.docx", f"{JOINT}.uk.docx"]
    assert result.output == (
        "Error: 1 problem in the letters; nothing was published: the 3 letters already made"
        f" are kept in out/{staging.name}/ and the next run of the same command resumes from"
        f" them:\n  kazakhstan-2020 [ru] to nurdauletov: {where}: the // operator"
        " divides by zero here; where the number it divides by may be 0, show it inside"
        " {% if … %}…{% endif %}\n"
    )
    assert [p.name for p in (sample / "out").iterdir()] == [staging.name]  # nothing else


class _StopInFinaliser:
    """An object that gets Ctrl-C as it is collected: Python reports the KeyboardInterrupt
    raised in its finaliser as "Exception ignored" and goes on, the stop lost."""

    def __del__(self) -> None:
        signal.raise_signal(signal.SIGINT)


@pytest.fixture(autouse=True)
def _ctrl_c_handled() -> Iterator[None]:
    """Ctrl-C handled as Python does for a command started from a terminal, though these
    tests may run in the background (`pytest &` in a script), which inherits it ignored."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


def _lose_a_stop() -> None:
    assert signal.getsignal(signal.SIGINT) is not signal.default_int_handler  # ours, not pytest's
    _StopInFinaliser()  # collected at once


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_stop_lost_in_a_finaliser_is_raised_again() -> None:
    with stop_signals() as stop:
        _lose_a_stop()
        assert stop.asked
        with pytest.raises(KeyboardInterrupt):
            stop.check()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_batch_whose_stop_was_lost_still_stops_and_publishes_nothing(
    sample: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    render = batch_module.render_batch

    def render_then_lose_a_stop(batch: Batch, progress: Progress) -> None:
        render(batch, progress)
        _lose_a_stop()

    monkeypatch.setattr(batch_module, "render_batch", render_then_lose_a_stop)
    result = runner.invoke(main, ["build", JOINT, "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        130,
        "Error: interrupted; the letters finished so far are kept, and running the same"
        " command again finishes only what is missing\n",
    )
    (staging,) = (sample / "out").glob(f"{STAGING_PREFIX}*")
    assert [p.name for p in (sample / "out").iterdir()] == [staging.name]  # nothing published
    assert sorted(p.name for p in staging.iterdir()) == [
        f"{JOINT}.{lang}.docx" for lang in ("en", "ru", "uk")
    ]


# --- answers ----------------------------------------------------------------------------


@pytest.mark.parametrize("via", ["", "   "], ids=["empty", "spaces"])
@pytest.mark.parametrize(
    "command",
    [
        ["approve", JOINT, "--lang", "en", "--by", "bilcik", "--version", "0000-0000"],
        ["revoke", JOINT, "--lang", "en", "--by", "bilcik"],
        ["request-changes", JOINT, "--lang", "en", "--by", "bilcik", "--comment", "Shorter."],
    ],
    ids=["approve", "revoke", "request-changes"],
)
def test_an_answer_must_say_how_it_came(
    command: list[str], via: str, sample: Path, runner: CliRunner
) -> None:
    result = runner.invoke(main, [*command, "--via", via, "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output == "Error: say how the answer came: --via 'email of 20 May 2020'\n"
    assert not (sample / "signoff").exists()


NOT_READ = (
    "warning: bilcik does not read {lang} by the directory (language: en{reads}); the approval"
    " is recorded all the same, as a signatory may approve a translation they trust. If they"
    " read {lang}, add it to their 'reads'\n"
)


@pytest.mark.parametrize(
    ("lang", "reads", "warning"),
    [
        ("en", None, ""),
        ("uk", None, NOT_READ.format(lang="uk", reads="")),
        ("uk", "[uk]", ""),
        ("ru", "[uk]", NOT_READ.format(lang="ru", reads="; reads: uk")),
    ],
    ids=["own language", "not read", "read", "read another"],
)
def test_an_approval_in_a_language_not_read_is_recorded_with_a_warning(
    lang: str, reads: str | None, warning: str, sample: Path, runner: CliRunner
) -> None:
    if reads:
        meps = sample / "recipients" / "meps.yaml"
        text = meps.read_text(encoding="utf-8")
        meps.write_text(
            text.replace("  - id: bilcik\n", f"  - id: bilcik\n    reads: {reads}\n", 1),
            encoding="utf-8",
        )
    version = Workspace(sample).version(JOINT, lang).short
    result = runner.invoke(
        main,
        [
            *("approve", JOINT, "--lang", lang, "--by", "bilcik", "--via", VIA),
            *("--version", version, "-w", str(sample)),
        ],
    )
    assert result.exit_code == 0
    assert result.output == (
        f"recorded entry 1: bilcik approve {JOINT} [{lang}] version {version}\n{warning}"
    )
    answers = {(s.letter, s.lang): s.answers for s in Workspace(sample).status()}
    assert {a.who: a.state for a in answers[(JOINT, lang)]}["bilcik"] == "approved"


def test_other_answers_in_a_language_not_read_need_no_warning(
    sample: Path, runner: CliRunner
) -> None:
    version = Workspace(sample).version(JOINT, "uk").short
    Workspace(sample).approve(JOINT, "uk", "bilcik", via=VIA, version=version)
    result = runner.invoke(
        main,
        [*("revoke", JOINT, "--lang", "uk", "--by", "bilcik", "--via", VIA), "-w", str(sample)],
    )
    assert result.exit_code == 0
    assert "warning" not in result.output


def test_only_an_approval_can_be_revoked(sample: Path, runner: CliRunner) -> None:
    revoke = [*("revoke", JOINT, "--lang", "en", "--by", "guetta", "--via", VIA), "-w", str(sample)]
    ledger = sample / "signoff" / "ledger.jsonl"
    result = runner.invoke(main, revoke)
    assert (result.exit_code, result.output) == (
        1,
        f"Error: guetta has no approval of {JOINT} in en to revoke: their approval was never"
        " recorded; nothing was written\n",
    )
    assert not ledger.exists() or ledger.read_text(encoding="utf-8") == ""
    version = Workspace(sample).version(JOINT, "en").short
    Workspace(sample).approve(JOINT, "en", "guetta", via=VIA, version=version)
    assert runner.invoke(main, revoke).exit_code == 0
    before = ledger.read_bytes()
    # run again as it was (after a kill, say): told it is done, as a repeated approve is
    result = runner.invoke(main, revoke)
    assert (result.exit_code, result.output) == (
        0,
        f"already recorded as entry 2: guetta revoke {JOINT} [en] version {version};"
        " nothing written\n",
    )
    assert ledger.read_bytes() == before
    # another revocation of the approval already withdrawn is still refused
    result = runner.invoke(main, [*revoke[:-3], "letter of 2 June 2020", *revoke[-2:]])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: guetta has no approval of {JOINT} in en to revoke: their approval was revoked"
        " in entry 2; nothing was written\n",
    )
    assert ledger.read_bytes() == before
