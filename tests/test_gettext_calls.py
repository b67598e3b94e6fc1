"""A template's translating call (``_``, ``pgettext``, ``ngettext``, ``npgettext``) whose
English text names a value the call does not give, or whose count is a text, is refused
as a problem of its template, named there, not as an internal error (a KeyError) nor with
``%(name)s`` printed in the letter, as is a call given too few or too many arguments; an
ordinary call still renders."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import add_paragraphs, docx_text, fails
from tests.conftest import cli as run


def _missing(name: str, value: str) -> str:
    return (
        f"the {name} function's text uses the value %({value})s, and the call gives none of"
        f" that name; give it in the call as {value}=… (a % sign is written %%)"
    )


COUNT = (
    "the ngettext function's count (its n) was given a text, not a number: it chooses the"
    " plural form by it; give it a number, such as a list's …|length (a text of digits"
    " becomes one with …|int)"
)
STRAY = (
    "the gettext function's text has a % that is no value's place (% o); write a % sign as"
    " %%, and each value as %(name)s, given in the call as name=…"
)
WRITE_IT = "write it as npgettext(context, singular, plural, n, …)"
BAD_CALLS = [
    ('_("%(who)s", other=1)', _missing("gettext", "who")),
    ('pgettext("formal", "Dear %(who)s", other=1)', _missing("pgettext", "who")),
    ('pgettext("formal", "Dear %(who)s")', _missing("pgettext", "who")),  # not printed as is
    ('ngettext("%(num)d year", "%(num)d years of %(who)s", 1)', _missing("ngettext", "who")),
    ('npgettext("c", "%(who)s once", "%(num)d times", 3)', _missing("npgettext", "who")),
    ('ngettext("one", "many", "two")', COUNT),
    ('_("50% of %(x)s", x="a")', STRAY),
    # npgettext's own arguments: the count left out, one too many, a whole record
    (
        'npgettext("printed", "one", "many")',
        f"the npgettext function needs its n argument; {WRITE_IT}",
    ),
    (
        'npgettext("printed", "one", "many", 2, 3)',
        f"the npgettext function takes 4 arguments, and was given 5; {WRITE_IT}",
    ),
    (
        'npgettext("printed", "one %(x)s", "many %(x)s", 2, x=case)',
        "case is a whole record, not a text; print one of its parts (a field or an item)",
    ),
]


@pytest.mark.parametrize(("call", "reason"), BAD_CALLS)
def test_a_call_not_given_its_values_is_refused_in_a_word_template(
    sample: Path, runner: CliRunner, call: str, reason: str
) -> None:
    add_paragraphs(sample / "templates" / "appeal.docx", f"{{{{ {call} }}}}")
    output = fails(runner, sample, "build", "may-2020-joint", "--lang", "en")
    assert output == (
        "Error: 1 problem in the letters; nothing was written:\n"
        f"  templates/appeal.docx (word/document.xml, paragraph “{{{{ {call} }}}}”): {reason}\n"
    )


@pytest.mark.parametrize(("call", "reason"), BAD_CALLS)
def test_a_call_not_given_its_values_is_refused_in_an_email_text(
    sample: Path, runner: CliRunner, call: str, reason: str
) -> None:
    email = sample / "templates" / "appeal.email.txt"
    text = email.read_text(encoding="utf-8")
    email.write_text(text + f"{{{{ {call} }}}}\n", encoding="utf-8")
    line = text.count("\n") + 1
    output = fails(runner, sample, "build", "may-2020-joint", "--lang", "en")
    assert output == (
        "Error: 1 problem in the letters; nothing was written:\n"
        f"  templates/appeal.email.txt:{line}: {reason}\n"
    )


def test_ordinary_calls_still_render(sample: Path, runner: CliRunner) -> None:
    add_paragraphs(
        sample / "templates" / "appeal.docx",
        'A: {{ _("50% done") }}',
        'B: {{ ngettext("%(num)d year", "%(num)d years", 3) }}',
        'C: {{ ngettext("one year", "%(num)d years", n=1) }}',
        'D: {{ _("Dear %(who)s", who="Ann", unused="x") }}',
        'E: {{ npgettext("c", "%(num)d copy at 50%%", "%(num)d copies at 50%%", 2.0) }}',
    )
    run(runner, sample, "build", "may-2020-joint", "--lang", "en")
    letter = docx_text(sample / "out" / "may-2020-joint" / "may-2020-joint.en.docx")
    shown = [
        line.replace("\u00a0", " ")
        for line in letter
        if line[:3] in {"A: ", "B: ", "C: ", "D: ", "E: "}
    ]
    assert shown == [
        "A: 50% done",
        "B: 3 years",
        "C: one year",
        "D: Dear Ann",
        "E: 2 copies at 50%",
    ]
