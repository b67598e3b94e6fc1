"""The review request's words are gettext messages of the `review` domain: Ukrainian and
Russian ship with letters; a workspace translates them into a language of its own
(`letters i18n init pl`), and a Polish signatory then gets a Polish request — in English
while the catalog is not complete, never half of each; a broken placeholder is refused."""

from __future__ import annotations

import email
import re
import shutil
import subprocess
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from letters.cli import main
from letters.i18n.po_write import po_bytes
from letters.signoff.request_words import SHIPPED, review_messages
from tests.test_reply_quotes import reading_first, reply

CATALOG = "locales/pl/LC_MESSAGES/review.po"
# a Polish translation of the request's first lines and of how to answer; the rest is
# marked Polish, its placeholders kept, as a translator's tool would leave them to check
POLISH = {
    "Hello,": "Dzień dobry,",
    "Please review the attached drafts. Each has a version id in its header.": (
        "Prosimy o przejrzenie załączonych projektów. Każdy ma w nagłówku numer wersji."
    ),
    "* {letter} [{lang}], version {version}": "* {letter} [{lang}], wersja {version}",
}


def _polish(workspace: Path, runner: CliRunner) -> None:
    """Polish added to the sample (its letterhead too), and guetta reading it first."""
    result = runner.invoke(main, ["i18n", "init", "pl", "--locale", "pl_PL", "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    assert f"wrote {workspace / CATALOG}" in result.output.splitlines()
    config = workspace / "workspace.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("    ru: Служба обращений\n", "    ru: Служба обращений\n    pl: Biuro\n")
    text = text.replace(
        "    ru:\n      - пл.", "    pl:\n      - plac 1, Bruksela\n    ru:\n      - пл."
    )
    config.write_text(text, encoding="utf-8")
    reading_first(workspace, "pl")


def _translate(workspace: Path, leave: str = "") -> None:
    """Every message of the Polish review catalog translated, but ``leave``."""
    path = workspace / CATALOG
    with path.open("rb") as file:
        catalog = read_po(file, locale="pl")
    for message in catalog:
        if message.id and message.id != leave:
            message.string = POLISH.get(str(message.id), f"(pl) {message.id}")
    path.write_bytes(po_bytes(catalog))


def _request(workspace: Path, runner: CliRunner) -> tuple[str, EmailMessage]:
    args = ["review", "request", "guetta", "--no-pdf", "-w", str(workspace)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    raw = (workspace / "out" / "review" / "requests" / "guetta.eml").read_bytes()
    message = email.message_from_bytes(raw, policy=default)
    assert isinstance(message, EmailMessage)
    return result.output, message


def _body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n")


def test_the_shipped_catalogs_translate_every_text_of_the_request() -> None:
    english = {(m.context, m.id) for m in review_messages(with_verbs=True)}
    for lang in SHIPPED:
        path = Path("letters/data/locales") / lang / "LC_MESSAGES" / "review.po"
        with path.open("rb") as file:
            catalog = read_po(file, locale=lang)
        assert {(m.context, m.id) for m in catalog if m.id} == english
        assert all(m.string and not m.fuzzy for m in catalog if m.id)


def test_a_polish_signatory_gets_a_polish_request(sample: Path, runner: CliRunner) -> None:
    _polish(sample, runner)
    stats = runner.invoke(main, ["i18n", "stats", "-w", str(sample)])
    assert "pl        review                   0      0            46    0%" in stats.output
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert (
        f"warning: {CATALOG}: the review request's catalog lacks 46 of 46 translations, so"
        " review requests to guetta are written in English: translate it ('letters i18n"
        " stats')"
    ) in check.output
    extracted = runner.invoke(main, ["i18n", "extract", "-w", str(sample)])
    assert f"wrote {sample / 'locales' / 'review.pot'}" in extracted.output.splitlines()
    (sample / CATALOG).unlink()
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert (
        f"warning: {CATALOG}: the review request's catalog is not made yet ('letters i18n"
        " update' begins it), so review requests to guetta are written in English: translate"
        " it ('letters i18n stats')"
    ) in check.output
    updated = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert (
        f"created {sample / CATALOG}: 46 untranslated, 0 newly fuzzy, 0 obsolete"
        in updated.output.splitlines()
    )
    assert "ru/LC_MESSAGES/review.po" not in updated.output  # letters' own, not the workspace's
    _translate(sample)
    msgfmt = shutil.which("msgfmt")
    assert msgfmt is not None
    subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(sample / CATALOG)], check=True)
    compiled = runner.invoke(main, ["i18n", "compile", "-w", str(sample)])
    assert f"wrote {sample / CATALOG[:-3]}.mo" in compiled.output.splitlines()
    stats = runner.invoke(main, ["i18n", "stats", "-w", str(sample)])
    assert "pl        review                  46      0             0  100%" in stats.output
    assert "review request" not in runner.invoke(main, ["check", "-w", str(sample)]).output
    output, message = _request(sample, runner)
    assert "the request to guetta is" not in output
    assert str(message["Subject"]).startswith("(pl) [review] please approve: ")
    body = _body(message)
    assert body.startswith("Dzień dobry,\n\nProsimy o przejrzenie załączonych projektów.")
    assert re.search(r"^\* may-2020-joint \[en\], wersja [0-9A-F]{4}-[0-9A-F]{4}$", body, re.M)
    # a reply is read for the English answer words and those letters ships, not Polish ones
    assert re.search(r"^APPROVE [0-9A-F]{4}-[0-9A-F]{4}$", body, re.M)
    assert "\n(pl) The words СХВАЛЮЮ / ЗМІНИ / ОДОБРЯЮ / ИЗМЕНЕНИЯ may be used instead.\n" in body
    # its Polish lines pasted below an answer are known as the request's, not his words
    line = next(x for x in body.splitlines() if x.startswith("APPROVE "))
    pasted = sample / "pasted.eml"
    pasted.write_bytes(reply(f"{line}\n\n{POLISH['Hello,']}\n{body.splitlines()[2]}\n"))
    result = runner.invoke(main, ["review", "replies", str(pasted), "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("recorded entry 1: guetta approve ")
    assert "wrote with it" not in result.output


def test_an_incomplete_polish_catalog_gives_a_request_wholly_in_english(
    sample: Path, runner: CliRunner
) -> None:
    _polish(sample, runner)
    _translate(sample, leave="The words {words} may be used instead.")
    output, message = _request(sample, runner)
    assert (
        f"the request to guetta is written in English: {CATALOG} has 1 untranslated or fuzzy"
        " message(s); a request is written in one language only ('letters i18n stats')"
    ) in output
    body = _body(message)
    assert body.startswith("Dear Bernard Guetta,\n\nPlease review the attached drafts.")
    assert "(pl)" not in body and "wersja" not in body


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (
            "{verison}",
            "has {verison}, which is never filled in and would be printed as it is;"
            " did you mean {version}?",
        ),
        (
            "",
            "leaves out {version}, so the letter would lose what it stands for; use every"
            " placeholder of the English: {file}, {version}",
        ),
        (
            "{version} {",
            "has a brace that is not one of its placeholders; write {{ or }} for a"
            " brace of the text",
        ),
    ],
    ids=["misspelt", "left-out", "lone-brace"],
)
def test_a_translation_that_breaks_a_placeholder_is_refused_with_its_line(
    sample: Path, runner: CliRunner, typed: str, said: str
) -> None:
    english = "What changed since the version you approved ({version}): {file}"
    _polish(sample, runner)
    _translate(sample)
    path = sample / CATALOG
    text = path.read_text(encoding="utf-8")
    before = f'msgstr "(pl) {english}"'
    assert before in text
    path.write_text(text.replace(before, f'msgstr "Zmiany od {typed}: {{file}}"'), "utf-8")
    line = text[: text.index(before)].count("\n") + 1
    problem = f"{CATALOG}:{line}: translation of {english!r} {said}"
    args = ["review", "request", "guetta", "--no-pdf", "-w", str(sample)]
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    assert result.output.endswith(
        f"Error: cannot write a review request in [pl]:\n  {problem}\n"
    ), result.output
    assert not (sample / "out" / "review").exists()  # nor his packet: nothing written
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 1
    assert f"error: {problem}" in check.output or problem in check.output
