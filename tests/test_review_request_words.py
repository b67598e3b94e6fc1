"""The review request's words are gettext messages of the `review` domain: Ukrainian and
Russian ship with letters; a workspace translates them into a language of its own
(`letters i18n init pl`), and a Polish signatory then gets a Polish request — in English
while the catalog is not complete, never half of each; a broken placeholder is refused."""

from __future__ import annotations

import email
import io
import os
import re
import shutil
import subprocess
import sys
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from letters.cli import main
from letters.i18n.po_write import po_bytes
from letters.signoff.request_words import MERGE_COMMAND, SHIPPED, review_messages
from tests.test_i18n_update_together import NOT_PERMITTED, unwritable
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
        # a text of letters/signoff/request_english.py changed: the catalogs are merged with
        # it by one command, then translated
        merge = f"run '{MERGE_COMMAND}', then translate what it reports in {path}"
        assert {(m.context, m.id) for m in catalog if m.id} == english, merge
        left = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
        assert not left, f"untranslated or fuzzy in {path}: {left}; {merge}"


def test_a_polish_signatory_gets_a_polish_request(sample: Path, runner: CliRunner) -> None:
    _polish(sample, runner)
    stats = runner.invoke(main, ["i18n", "stats", "-w", str(sample)])
    row = "pl        review                   0        0             0      0            51    0%"
    assert row in stats.output
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert (
        f"warning: {CATALOG}: the review request's catalog lacks 51 of 51 translations, so"
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
        f"created {sample / CATALOG}: 51 untranslated, 0 newly fuzzy" in updated.output.splitlines()
    )
    assert "ru/LC_MESSAGES/review.po" not in updated.output  # letters' own, not the workspace's
    _translate(sample)
    msgfmt = shutil.which("msgfmt")
    assert msgfmt is not None
    subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(sample / CATALOG)], check=True)
    compiled = runner.invoke(main, ["i18n", "compile", "-w", str(sample)])
    assert f"wrote {sample / CATALOG[:-3]}.mo" in compiled.output.splitlines()
    stats = runner.invoke(main, ["i18n", "stats", "-w", str(sample)])
    row = "pl        review                  51        0             0      0             0  100%"
    assert row in stats.output
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
        " message; a request is written in one language only ('letters i18n stats')"
    ) in output
    body = _body(message)
    assert body.startswith("Dear Mr Guetta,\n\nPlease review the attached drafts.")
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
            "has a { that belongs to no placeholder, which the letter would print as it is;"
            " take it out, or write the placeholder whole: {file}, {version}",
        ),
        (
            "{numer wersji}",
            "has {numer wersji}, which is never filled in and would be printed as it is;"
            " the placeholders of this text are {file}, {version}",
        ),
    ],
    ids=["misspelt", "left-out", "lone-brace", "translated-in-two-words"],
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


INTRO = "Please review the attached drafts. Each has a version id in its header."
NEW_INTRO = "Please review the attached drafts. Each has its version id in its header."


def _merge(package_parent: Path) -> subprocess.CompletedProcess[str]:
    """The maintainers' command, run on the copy of letters in ``package_parent``."""
    return _module(package_parent, "letters.signoff.request_catalogs")


def _module(package_parent: Path, module: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m module args``, run on the copy of letters in ``package_parent``."""
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=package_parent,
        env={**os.environ, "PYTHONPATH": str(package_parent)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_changed_english_text_is_merged_into_the_shipped_catalogs(tmp_path: Path) -> None:
    """A maintainer changes a text of request_english.py: letters still runs (the request
    in English meanwhile, as for any catalog not complete), and one command merges the
    shipped catalogs as 'letters i18n update' merges a workspace's: the translation kept,
    marked fuzzy with the English it was made for, every other entry as it was written."""
    shutil.copytree("letters", tmp_path / "letters", ignore=shutil.ignore_patterns("__pycache__"))
    english = tmp_path / "letters" / "signoff" / "request_english.py"
    source = english.read_text(encoding="utf-8")
    assert source.count(f'"{INTRO}"') == 1
    english.write_text(source.replace(f'"{INTRO}"', f'"{NEW_INTRO}"'), encoding="utf-8")
    catalogs = {
        lang: tmp_path / "letters" / "data" / "locales" / lang / "LC_MESSAGES" / "review.po"
        for lang in SHIPPED
    }
    shipped = {lang: path.read_text(encoding="utf-8") for lang, path in catalogs.items()}
    merged = _merge(tmp_path)
    assert merged.returncode == 1, merged.stderr  # entries are left to review
    # what is left is said on stdout, of the catalogs merged; no warning telling the
    # maintainer to run the command they are running
    assert merged.stderr == ""
    assert merged.stdout == (
        "".join(
            f"updated letters/data/locales/{lang}/LC_MESSAGES/review.po: 0 untranslated,"
            " 1 newly fuzzy; left to do: 0 untranslated, 1 fuzzy\n"
            "  1 made fuzzy, as the English changed (translation kept: review it, then remove"
            f" the fuzzy flag): '{NEW_INTRO[:57]}...'\n"
            for lang in SHIPPED
        )
        + "translate the untranslated entries and review the fuzzy ones (then remove their"
        " fuzzy flag): a review request is written in English while its catalog lacks any\n"
    )
    for lang, path in catalogs.items():
        with path.open("rb") as file:
            intro = read_po(file, locale=lang).get(NEW_INTRO)
        translated = read_po(io.BytesIO(shipped[lang].encode()), locale=lang).get(INTRO)
        assert intro is not None and translated is not None
        assert intro.fuzzy and intro.string == translated.string
        # nothing else rewritten: the entry merged, the template's date, the file's end
        expected = shipped[lang].replace(
            f'msgid "{INTRO}"', f'#, fuzzy\n#| msgid "{INTRO}"\nmsgid "{NEW_INTRO}"'
        )
        new = path.read_text(encoding="utf-8")
        changed = [
            (was, now)
            for was, now in zip(expected.split("\n"), new.split("\n"), strict=False)
            if was != now
        ]
        assert [was for was, _now in changed if not was.startswith('"POT-Creation-Date:')] == []
    # merged again, nothing changes: what is left is the translators' to review
    again = _merge(tmp_path)
    assert again.stdout.startswith("unchanged letters/data/locales/uk/LC_MESSAGES/review.po:")


def test_merged_again_the_command_says_what_is_still_left_and_fails(tmp_path: Path) -> None:
    """A second run changes nothing, yet the catalogs still need a translator: it says how
    many entries are left in each, hints what to do, and fails (a release checklist stops);
    once every entry is translated and reviewed it succeeds, and hints nothing."""
    shutil.copytree("letters", tmp_path / "letters", ignore=shutil.ignore_patterns("__pycache__"))
    english = tmp_path / "letters" / "signoff" / "request_english.py"
    source = english.read_text(encoding="utf-8")
    english.write_text(source.replace(f'"{INTRO}"', f'"{NEW_INTRO}"'), encoding="utf-8")
    _merge(tmp_path)
    again = _merge(tmp_path)
    assert again.returncode == 1, again.stderr
    assert again.stdout == (
        "".join(
            f"unchanged letters/data/locales/{lang}/LC_MESSAGES/review.po: 0 untranslated,"
            " 0 newly fuzzy; left to do: 0 untranslated, 1 fuzzy\n"
            for lang in SHIPPED
        )
        + "translate the untranslated entries and review the fuzzy ones (then remove their"
        " fuzzy flag): a review request is written in English while its catalog lacks any\n"
    )
    for lang in SHIPPED:  # the translator reviews the entry and clears its fuzzy flag
        path = tmp_path / "letters" / "data" / "locales" / lang / "LC_MESSAGES" / "review.po"
        text = path.read_text(encoding="utf-8")
        flagged = f'#, fuzzy\n#| msgid "{INTRO}"\nmsgid "{NEW_INTRO}"'
        assert text.count(flagged) == 1
        path.write_text(text.replace(flagged, f'msgid "{NEW_INTRO}"'), encoding="utf-8")
    done = _merge(tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "".join(
        f"unchanged letters/data/locales/{lang}/LC_MESSAGES/review.po: 0 untranslated,"
        " 0 newly fuzzy; left to do: 0 untranslated, 0 fuzzy\n"
        for lang in SHIPPED
    )


def _letters(package_parent: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line, run on the copy of letters in ``package_parent``."""
    return _module(package_parent, "letters", *args)


def _answering_workspace(package_parent: Path) -> Path:
    """A new workspace whose signatory has an address, and an e-mail reply of theirs: what
    'letters review replies' needs to read a reply for the shipped answer words."""
    assert _letters(package_parent, "init", "ws").returncode == 0
    ws = package_parent / "ws"
    config = ws / "workspace.yaml"
    config.write_text(
        re.sub(
            r"(?m)^# email_from: .*$", "email_from: Desk <desk@example.org>", config.read_text()
        ),
        encoding="utf-8",
    )
    people = ws / "recipients" / "people.yaml"
    signatory = "  - id: example-signatory\n"
    assert people.read_text().count(signatory) == 1
    people.write_text(
        people.read_text().replace(signatory, f"{signatory}    email: sample@example.org\n"),
        encoding="utf-8",
    )
    (package_parent / "reply.eml").write_text(
        "From: sample@example.org\nTo: desk@example.org\nSubject: Re: review\n"
        "Date: Sat, 5 Dec 2026 10:00:00 +0000\nMessage-ID: <reply@example.org>\n\n"
        "APPROVE E3DA-8200\n",
        encoding="utf-8",
    )
    return ws


def test_an_incomplete_shipped_catalog_is_a_warning_of_the_command_that_reads_it(
    tmp_path: Path,
) -> None:
    """The shipped catalogs are read when a command first needs their words, its log there
    to say it: the warning is said as every warning is, once, on stderr; a command that
    does not need them (check) reads them not, and says nothing of them."""
    shutil.copytree("letters", tmp_path / "letters", ignore=shutil.ignore_patterns("__pycache__"))
    english = tmp_path / "letters" / "signoff" / "request_english.py"
    source = english.read_text(encoding="utf-8")
    english.write_text(source.replace(f'"{INTRO}"', f'"{NEW_INTRO}"'), encoding="utf-8")
    ws = _answering_workspace(tmp_path)
    checked = _letters(tmp_path, "check", "-w", str(ws))
    assert (checked.returncode, checked.stderr) == (0, "")
    replies = _letters(tmp_path, "review", "replies", "-w", str(ws), "reply.eml")
    said = "".join(
        f"warning: letters/data/locales/{lang}/LC_MESSAGES/review.po lacks a translation of a"
        f" review request's text, so requests in [{lang}] are written in English: run"
        f" '{MERGE_COMMAND}' and translate what it reports\n"
        for lang in SHIPPED
    )
    assert replies.stderr.startswith(said), replies.stderr
    assert replies.stderr.count("review.po") == len(SHIPPED)


# imports every module of letters, noting each catalog opened meanwhile
_IMPORT_ALL = """
import importlib, pkgutil, sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0]))
    if event == "open" and str(args[0]).endswith((".po", ".mo")) else None)
import letters
for module in pkgutil.walk_packages(letters.__path__, "letters."):
    if not module.name.endswith("__main__"):
        importlib.import_module(module.name)
print(opened)
"""


def test_a_broken_shipped_catalog_is_an_error_of_the_command_that_needs_it(
    tmp_path: Path,
) -> None:
    """Importing letters reads no catalog: a shipped one that cannot be used stops no
    command but one that needs its words, which says so as an error naming its line (not a
    traceback on import, and not a request quietly in English); the maintainers' merge
    command says it too, and fails."""
    shutil.copytree("letters", tmp_path / "letters", ignore=shutil.ignore_patterns("__pycache__"))
    catalog = tmp_path / "letters" / "data" / "locales" / "uk" / "LC_MESSAGES" / "review.po"
    text = catalog.read_text(encoding="utf-8")
    hello = 'msgid "Hello,"\nmsgstr "'
    assert text.count(hello) == 1
    catalog.write_text(text.replace(hello, f"{hello}%(name)s "), encoding="utf-8")
    line = text[: text.index(hello)].count("\n") + 2
    imported = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (imported.returncode, imported.stdout) == (0, "[]\n"), imported.stderr
    ws = _answering_workspace(tmp_path)
    checked = _letters(tmp_path, "check", "-w", str(ws))
    assert (checked.returncode, checked.stderr) == (0, ""), checked.stderr
    error = (
        "Error: the review request's catalog in [uk] that letters ships cannot be used:"
        " correct it as below, or install letters again\n"
        f"  letters/data/locales/uk/LC_MESSAGES/review.po:{line}: translation of"
        " 'Hello,' has %(name)s; the English text has no placeholders\n"
    )
    replies = _letters(tmp_path, "review", "replies", "-w", str(ws), "reply.eml")
    assert (replies.returncode, replies.stdout, replies.stderr) == (1, "", error)
    merged = _merge(tmp_path)
    # the catalog merged (named from the folder the command runs in) is to be corrected
    assert (merged.returncode, merged.stderr) == (1, "")
    assert (
        f"error: letters/data/locales/uk/LC_MESSAGES/review.po:{line}: translation of"
        " 'Hello,' has %(name)s; the English text has no placeholders\n"
    ) in merged.stdout


def test_the_merge_tells_what_check_refuses_in_each_shipped_catalog(tmp_path: Path) -> None:
    """A translation of a shipped catalog that letters refuses (a placeholder typed with a
    Cyrillic letter) is told as 'letters check' tells it, with its file and line, counted
    as refused on its catalog's line; the other catalog is merged all the same (the merge
    stopped at the first catalog it refused, leaving the one after it not merged)."""
    shutil.copytree("letters", tmp_path / "letters", ignore=shutil.ignore_patterns("__pycache__"))
    english = tmp_path / "letters" / "signoff" / "request_english.py"
    source = english.read_text(encoding="utf-8")
    english.write_text(source.replace(f'"{INTRO}"', f'"{NEW_INTRO}"'), encoding="utf-8")
    uk = tmp_path / "letters" / "data" / "locales" / "uk" / "LC_MESSAGES" / "review.po"
    text = uk.read_text(encoding="utf-8")
    typed = 'msgstr "[погодження] просимо схвалити: {versions}"'
    assert text.count(typed) == 1
    uk.write_text(text.replace(typed, typed.replace("{versions}", "{versiоns}")), "utf-8")
    line = text[: text.index(typed)].count("\n") + 1
    merged = _merge(tmp_path)
    assert merged.returncode == 1, merged.stderr
    assert merged.stderr == ""
    fuzzy = (
        "  1 made fuzzy, as the English changed (translation kept: review it, then remove the"
        f" fuzzy flag): '{NEW_INTRO[:57]}...'\n"
    )
    assert merged.stdout == (
        "updated letters/data/locales/uk/LC_MESSAGES/review.po: 0 untranslated, 1 refused,"
        " 1 newly fuzzy; left to do: 0 untranslated, 1 fuzzy\n"
        "  1 refused, as check refuses the translation ('letters check' says why):"
        " '[review] please approve: {versions}'\n"
        + fuzzy
        + f"error: letters/data/locales/uk/LC_MESSAGES/review.po:{line}: translation of"
        " '[review] please approve: {versions}' has {versiоns}, which is never filled in and"
        " would be printed as it is; did you mean {versions}?\n"
        "updated letters/data/locales/ru/LC_MESSAGES/review.po: 0 untranslated, 1 newly fuzzy"
        "; left to do: 0 untranslated, 1 fuzzy\n"
        + fuzzy
        + "translate the untranslated entries and review the fuzzy ones (then remove their"
        " fuzzy flag): a review request is written in English while its catalog lacks any\n"
        "correct each translation refused above at its line, then merge again: letters"
        " cannot use a catalog that holds one\n"
    )


def test_a_shipped_catalog_that_cannot_be_written_leaves_the_other_as_it_was(
    tmp_path: Path,
) -> None:
    """Both catalogs are written or neither: the Russian one's folder may not be written,
    so the Ukrainian one, merged first, is not changed alone, and the error says so."""
    shutil.copytree("letters", tmp_path / "letters", ignore=shutil.ignore_patterns("__pycache__"))
    english = tmp_path / "letters" / "signoff" / "request_english.py"
    source = english.read_text(encoding="utf-8")
    english.write_text(source.replace(f'"{INTRO}"', f'"{NEW_INTRO}"'), encoding="utf-8")
    locales = tmp_path / "letters" / "data" / "locales"
    first = locales / SHIPPED[0] / "LC_MESSAGES" / "review.po"
    shipped = first.read_bytes()
    with unwritable(locales / SHIPPED[-1] / "LC_MESSAGES"):
        merged = _merge(tmp_path)
    assert (merged.returncode, merged.stdout) == (1, "")
    assert merged.stderr == (
        f"Error: cannot write letters/data/locales/{SHIPPED[-1]}/LC_MESSAGES/review.po:"
        f" {NOT_PERMITTED}; no catalog was changed: fix this and run '{MERGE_COMMAND}' again\n"
    )
    assert first.read_bytes() == shipped
