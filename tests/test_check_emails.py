"""`letters check` finds in the e-mail texts what `build --email` finds: a case text only an
e-mail shows, untranslated, fuzzy or lacking what its English has, is named as the build
names it, and counted in check's last line; only the e-mails a build would write (to a
recipient with an address) are checked."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import cli, fails

EMAIL = Path("templates") / "appeal.email.txt"
CASE = Path("cases") / "akhmetova" / "case.yaml"
OFFICIALS = Path("recipients") / "officials.yaml"
# a case text the letter does not show: the message says which e-mail text does
BY_EMAIL = f", which the e-mail text {EMAIL} shows"


def _po(lang: str) -> Path:
    return Path("locales") / lang / "LC_MESSAGES" / "case-akhmetova.po"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _line(path: Path, text: str) -> int:
    """The line of ``path`` that holds ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def _show(sample: Path, field: str) -> None:
    """The e-mail text shows a case text no Word letter of the sample shows."""
    closing = "{{ recipient.closing }}"
    _edit(sample / EMAIL, closing, f"{{{{ {field} }}}}\n{closing}")


def _untranslated(sample: Path) -> str:
    _show(sample, "case.person.organisation")
    _edit(sample / _po("uk"), 'msgstr "Демократичний вибір Казахстану"', 'msgstr ""')
    line = _line(sample / _po("uk"), 'msgid "Democratic Choice of Kazakhstan"')
    return (
        f"{_po('uk')}:{line}: 'Democratic Choice of Kazakhstan' has no translation;"
        f" used by {CASE}:17 person.organisation{BY_EMAIL}"
    )


def _fuzzy(sample: Path) -> str:
    _show(sample, "case.person.organisation")
    _edit(
        sample / _po("ru"),
        'msgid "Democratic Choice of Kazakhstan"',
        '#, fuzzy\nmsgid "Democratic Choice of Kazakhstan"',
    )
    line = _line(sample / _po("ru"), 'msgid "Democratic Choice of Kazakhstan"')
    return (
        f"{_po('ru')}:{line}: 'Democratic Choice of Kazakhstan' is marked fuzzy (review it,"
        f" then remove the fuzzy flag); used by {CASE}:17 person.organisation{BY_EMAIL}"
    )


def _inconsistent(sample: Path) -> str:
    """The occupation says a year its Ukrainian translation leaves out."""
    _show(sample, "case.person.occupation")
    _edit(sample / CASE, "occupation: journalist", "occupation: journalist since 2009")
    _edit(
        sample / _po("uk"),
        'msgid "journalist"\nmsgstr "журналістка"',
        'msgid "journalist since 2009"\nmsgstr "журналістка"',
    )
    _edit(
        sample / _po("ru"),
        'msgid "journalist"\nmsgstr "журналист"',
        'msgid "journalist since 2009"\nmsgstr "журналист с 2009 года"',
    )
    line = _line(sample / _po("uk"), 'msgstr "журналістка"')
    return (
        f'{_po("uk")}:{line}: the translation lacks what its English text has: "2009"'
        f" (a year); used by {CASE}:16 person.occupation{BY_EMAIL}"
    )


EMAIL_ONLY = {"untranslated": _untranslated, "fuzzy": _fuzzy, "inconsistent": _inconsistent}


@pytest.mark.parametrize("edit", EMAIL_ONLY.values(), ids=EMAIL_ONLY.keys())
def test_check_names_a_case_text_only_an_e_mail_shows(
    edit: Callable[[Path], str], sample: Path, runner: CliRunner
) -> None:
    """Each is a warning of check (and of every build that writes the e-mails), which a
    --final build refuses: counted as the one problem of check --strict."""
    said = edit(sample)
    assert cli(runner, sample, "check").splitlines() == [
        f"warning: {said}",
        "No errors; the warnings above would stop a --final build or check --strict.",
    ]
    assert fails(runner, sample, "check", "--strict").splitlines() == [
        f"error: {said}",
        "Error: 1 problem found.",
    ]


def test_check_says_of_it_what_build_email_says(sample: Path, runner: CliRunner) -> None:
    said = _inconsistent(sample)
    built = cli(runner, sample, "build", "--email", "--quiet", "may-2020-joint")
    warned = [line for line in built.splitlines() if line.startswith("warning: ")]
    assert warned == [f"warning: {said}"]
    shutil.rmtree(sample / "out")
    assert f"warning: {said}" in cli(runner, sample, "check").splitlines()


def test_an_approval_waits_for_a_case_text_only_its_e_mail_shows(
    sample: Path, runner: CliRunner
) -> None:
    """The e-mail is part of the version signatories approve: a translation it shows that
    lacks the English's year keeps the draft from approval, as one its letter shows does."""
    _inconsistent(sample)
    status = cli(runner, sample, "review", "status", "--json")
    assert '"inconsistent": 1' in status


def test_check_renders_no_e_mail_for_a_recipient_without_an_address(
    sample: Path, runner: CliRunner
) -> None:
    """A message only the e-mails to women show, untranslated: while the women who get the
    joint letter have no e-mail address, no e-mail carries it, and check says nothing of
    it, as build --email writes no such e-mail; given one address, check names it."""
    text = (sample / EMAIL).read_text(encoding="utf-8")
    text = text.replace("{% if recipient.salutation %}", '{% if recipient.gender != "female" %}')
    (sample / EMAIL).write_text(text.replace("Dear colleagues,", "Dear Madam,"), encoding="utf-8")
    officials = (sample / OFFICIALS).read_text(encoding="utf-8")
    women = ("denisova", "venediktova", "naumenko")
    without = officials
    for woman in women:
        without = re.sub(rf"\n    email: {woman}@example.org", "", without)
    (sample / OFFICIALS).write_text(without, encoding="utf-8")
    assert "Dear Madam," not in cli(runner, sample, "check")
    naumenko = "  - id: naumenko\n"
    given = without.replace(naumenko, f"{naumenko}    email: naumenko@example.org\n")
    (sample / OFFICIALS).write_text(given, encoding="utf-8")
    assert "'Dear Madam,' has no translation" in fails(runner, sample, "check", "--strict")


@pytest.mark.parametrize("edit", EMAIL_ONLY.values(), ids=EMAIL_ONLY.keys())
def test_check_names_what_the_approved_e_mail_shows_where_no_recipient_has_an_address(
    edit: Callable[[Path], str], sample: Path, runner: CliRunner
) -> None:
    """The e-mail text is part of the version signatories approve, whoever has an address:
    a case text only it shows, untranslated, keeps the draft from approval, so check names
    it though no e-mail draft would be written today."""
    said = edit(sample)
    officials = (sample / OFFICIALS).read_text(encoding="utf-8")
    (sample / OFFICIALS).write_text(
        re.sub(r"\n    email: [a-z]+@example\.org", "", officials), encoding="utf-8"
    )
    assert cli(runner, sample, "check").splitlines() == [
        f"warning: {said}",
        "No errors; the warnings above would stop a --final build or check --strict.",
    ]
