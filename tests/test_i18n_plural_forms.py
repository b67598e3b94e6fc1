"""Each form of a plural translation keeps what the English says for the counts it is
printed for: its placeholders and its numbers, dates, URLs and names.

Which counts a form serves is found by running the catalog's plural rule: the Ukrainian and
Russian ``msgstr[0]`` is printed for 1, 21, 31…, so it must give the count and keep what the
English plural says; the German ``msgstr[0]`` is printed for 1 alone, so it may say "ein
Jahr" for ``%(num)d year``, as gettext's ``msgfmt -c`` allows.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.errors import INCONSISTENT
from letters.i18n.catalog import Translator, load_messages
from letters.i18n.plural_forms import form_uses
from letters.i18n.plurals import language_rules
from tests.conftest import GETTEXT, REPO, require_tool

SLAVIC = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4"
    " && (n%100<10 || n%100>=20) ? 1 : 2);"
)
RULES = {"uk": SLAVIC, "ru": SLAVIC, "de": "nplurals=2; plural=(n != 1);"}
LOCALES = {"uk": "uk_UA", "ru": "ru_RU", "de": "de_DE"}
FIRST_FORM = 10  # the line of msgstr[0] in the catalog _write makes


def _write(folder: Path, lang: str, singular: str, plural: str, forms: list[str]) -> Path:
    """A catalog of ``lang`` with one plural entry, its msgstr[n] from line 10 on."""
    lines = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        f'"Language: {lang}\\n"',
        f'"Plural-Forms: {RULES[lang]}\\n"',
        "",
        "#, python-format",
        f'msgid "{singular}"',
        f'msgid_plural "{plural}"',
        *(f'msgstr[{n}] "{text}"' for n, text in enumerate(forms)),
    ]
    path = folder / f"{lang}.po"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _msgfmt_accepts(path: Path) -> bool:
    msgfmt = require_tool("msgfmt", GETTEXT)
    found = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(path)], capture_output=True)
    return found.returncode == 0


UK_FIRST = "the form for 1, 21, 31… (msgstr[0])"
COUNT_FOR_MORE = (
    "so the letter would not say the number: in this language the form is printed for"
    " 21, 31, 41… as well as 1; use every placeholder of the English: %(num)d"
)

AS_SINGULAR = (
    "writes %(num)s (a text) where the English plural (msgid_plural) has %(num)d (a whole"
    " number); gettext's msgfmt -c refuses a form converting its placeholder otherwise than"
    " the English plural, whatever the singular writes: write %(num)d"
)
UNWRITABLE = (
    "can be written no way that passes: printed for 1, it must keep %(name)s, which the"
    " English singular has, and gettext's msgfmt -c refuses a form with a placeholder the"
    " English plural (msgid_plural) lacks; the template's plural must use %(name)s too, then"
    " this can be translated"
)

# (lang, English singular, English plural, forms, the problem (its line's form) or None,
# whether msgfmt -c accepts the file: None where it is not asked, as it lets any value go
# from a form printed for 1 alone, where we let only the count go)
PLACEHOLDER_CASES = {
    "uk-count-left-out-of-the-form-for-1-21-31": (
        "uk",
        "%(num)d year",
        "%(num)d years",
        ["рік", "%(num)d роки", "%(num)d років"],
        (0, f"translation of '%(num)d year' in {UK_FIRST} leaves out %(num)d, {COUNT_FOR_MORE}"),
        False,
    ),
    "uk-singular-english-without-the-count": (
        "uk",
        "One year",
        "%(num)d years",
        ["рік", "%(num)d роки", "%(num)d років"],
        (0, f"translation of 'One year' in {UK_FIRST} leaves out %(num)d, {COUNT_FOR_MORE}"),
        False,
    ),
    "uk-no-form-with-the-count": (
        "uk",
        "year",
        "%(num)d years",
        ["рік", "роки", "років"],
        (0, f"translation of 'year' in {UK_FIRST} leaves out %(num)d, {COUNT_FOR_MORE}"),
        False,
    ),
    "uk-count-in-every-form-where-english-singular-has-none": (
        "uk",
        "One year",
        "%(num)d years",
        ["%(num)d рік", "%(num)d роки", "%(num)d років"],
        None,
        True,
    ),
    "ru-count-left-out-of-the-form-for-many": (
        "ru",
        "%(num)d year",
        "%(num)d years",
        ["%(num)d год", "%(num)d года", "лет"],
        (
            2,
            "translation of '%(num)d year' in the form for 0, 5–20, 25–30… (msgstr[2]) leaves"
            " out %(num)d, so the letter would lose what it stands for; use every placeholder"
            " of the English: %(num)d",
        ),
        False,
    ),
    "de-count-left-out-of-the-form-for-1-alone": (
        "de",
        "%(num)d year",
        "%(num)d years",
        ["ein Jahr", "%(num)d Jahre"],
        None,
        True,
    ),
    "de-count-in-the-form-for-1-where-english-has-none": (
        "de",
        "One year",
        "%(num)d years",
        ["%(num)d Jahr", "%(num)d Jahre"],
        None,
        True,
    ),
    "de-another-value-left-out-of-the-form-for-1-alone": (
        "de",
        "%(name)s: %(num)d year",
        "%(name)s: %(num)d years",
        ["ein Jahr", "%(name)s: %(num)d Jahre"],
        (
            0,
            "translation of '%(name)s: %(num)d year' in the form for 1 (msgstr[0]) leaves out"
            " %(name)s, so the letter would lose what it stands for; use every placeholder of"
            " the English: %(name)s, %(num)d",
        ),
        None,
    ),
    # msgfmt -c holds each form to the English plural's conversion, the singular's aside
    "de-form-for-1-converts-as-the-english-singular": (
        "de",
        "%(num)s year",
        "%(num)d years",
        ["%(num)s Jahr", "%(num)d Jahre"],
        (0, f"translation of '%(num)s year' in the form for 1 (msgstr[0]) {AS_SINGULAR}"),
        False,
    ),
    "ru-form-for-many-converts-as-the-english-singular": (
        "ru",
        "%(num)s year",
        "%(num)d years",
        ["%(num)d год", "%(num)d года", "%(num)s лет"],
        (
            2,
            "translation of '%(num)s year' in the form for 0, 5–20, 25–30… (msgstr[2])"
            f" {AS_SINGULAR}",
        ),
        False,
    ),
    # the placeholder named as the form may write it: not also as the singular does, which
    # the next check would refuse
    "de-form-for-1-is-told-only-the-english-plural-s-way": (
        "de",
        "%(num)s year",
        "%(num)d years",
        ["%(num)i Jahr", "%(num)d Jahre"],
        (
            0,
            "translation of '%(num)s year' in the form for 1 (msgstr[0]) writes %(num)i where"
            " the English has %(num)d; use the English placeholder as it is",
        ),
        True,
    ),
    "uk-every-form-converts-as-the-english-plural": (
        "uk",
        "%(num)s year",
        "%(num)d years",
        ["%(num)d рік", "%(num)d роки", "%(num)d років"],
        None,
        True,
    ),
    # a form printed for 1 must keep the singular's %(name)s, which msgfmt -c refuses in it
    # where the English plural lacks it: no translation passes, kept or left out, so the
    # message sends the translator to the template, not back and forth
    "de-form-for-1-keeps-a-placeholder-only-the-english-singular-has": (
        "de",
        "%(name)s: one year",
        "%(num)d years",
        ["%(name)s: ein Jahr", "%(num)d Jahre"],
        (0, f"translation of '%(name)s: one year' in the form for 1 (msgstr[0]) {UNWRITABLE}"),
        False,
    ),
    "de-form-for-1-leaves-out-a-placeholder-only-the-english-singular-has": (
        "de",
        "%(name)s: one year",
        "%(num)d years",
        ["ein Jahr", "%(num)d Jahre"],
        (0, f"translation of '%(name)s: one year' in the form for 1 (msgstr[0]) {UNWRITABLE}"),
        True,
    ),
    "uk-form-for-1-21-31-leaves-out-a-placeholder-only-the-english-singular-has": (
        "uk",
        "%(name)s: one year",
        "%(num)d years",
        ["%(num)d рік", "%(num)d роки", "%(num)d років"],
        (0, f"translation of '%(name)s: one year' in {UK_FIRST} {UNWRITABLE}"),
        True,
    ),
}


@pytest.mark.parametrize("name", list(PLACEHOLDER_CASES))
def test_each_plural_form_has_the_placeholders_of_the_counts_it_serves(
    name: str, tmp_path: Path
) -> None:
    lang, singular, plural, forms, expected, msgfmt_accepts = PLACEHOLDER_CASES[name]
    path = _write(tmp_path, lang, singular, plural, forms)
    messages, problems = load_messages(path, "de.po", lang, LOCALES[lang])
    errors = [(p.line, p.message) for p in problems if not p.warning]
    if expected is None:
        assert errors == []
        assert messages.plural[(None, singular)] == tuple(forms)
    else:
        form, message = expected
        assert errors == [(FIRST_FORM + form, message)]
        assert (None, singular) not in messages.plural  # refused: never used
    if msgfmt_accepts is not None:
        assert _msgfmt_accepts(path) is msgfmt_accepts


# (lang, English singular, English plural, forms, what the warning says after "lacks what
# its English text has: ", and the form whose line it names) or None
FACT_CASES = {
    "uk-year-left-out-of-the-form-for-many": (
        "uk",
        "%(num)d complaint since 2017",
        "%(num)d complaints since 2017",
        ["%(num)d скарга з 2017 року", "%(num)d скарги з 2017 року", "%(num)d скарг"],
        (
            "in the form for 0, 5–20, 25–30… (msgstr[2]) of '%(num)d complaint since 2017':"
            ' "2017" (a year)',
            2,
        ),
    ),
    "uk-form-for-1-21-31-keeps-what-the-english-plural-says": (
        "uk",
        "One complaint",
        "%(num)d complaints since 2017",
        ["%(num)d скарга", "%(num)d скарги з 2017 року", "%(num)d скарг з 2017 року"],
        (f"in {UK_FIRST} of 'One complaint': \"2017\" (a year)", 0),
    ),
    "ru-a-date-left-out-of-two-forms": (
        "ru",
        "%(num)d hearing on 18 October 2017",
        "%(num)d hearings on 18 October 2017",
        ["%(num)d заседание", "%(num)d заседания 18 октября 2017 г.", "%(num)d заседаний"],
        (
            "in the form for 1, 21, 31… (msgstr[0]) of '%(num)d hearing on 18 October 2017':"
            ' the month of "18 October 2017" (a date),'
            ' the day of "18 October 2017" (a date), the year of "18 October 2017" (a date);'
            " in the form for 0, 5–20, 25–30… (msgstr[2]) of '%(num)d hearing on 18 October"
            ' 2017\': the month of "18 October 2017"'
            ' (a date), the day of "18 October 2017" (a date), the year of "18 October 2017"'
            " (a date)",
            0,
        ),
    ),
    "de-form-for-1-alone-keeps-only-what-the-english-singular-says": (
        "de",
        "One complaint",
        "%(num)d complaints since 2017",
        ["eine Beschwerde", "%(num)d Beschwerden seit 2017"],
        None,
    ),
}


@pytest.mark.parametrize("name", list(FACT_CASES))
def test_each_plural_form_keeps_the_facts_of_the_counts_it_serves(
    name: str, tmp_path: Path
) -> None:
    lang, singular, plural, forms, expected = FACT_CASES[name]
    path = _write(tmp_path, lang, singular, plural, forms)
    messages, problems = load_messages(path, f"{lang}.po", lang, LOCALES[lang])
    assert [p for p in problems if not p.warning] == []
    translator = Translator(messages)
    translator.ngettext(singular, plural, 5)  # any count: every form is checked
    gaps = translator.gaps(f"{lang}.po", lambda _key: "appeal.docx", warning=True)
    if expected is None:
        assert gaps == []
        return
    said, form = expected
    assert [(str(p), p.code, p.severity) for p in gaps] == [
        (
            f"{lang}.po:{FIRST_FORM + form}: the translation lacks what its English text has:"
            f" {said}; used by appeal.docx",
            INCONSISTENT,
            "warning",
        )
    ]


SAMPLE_UK = Path("locales/uk/LC_MESSAGES/templates.po")
SAMPLE_FIRST = 'msgstr[0] "%(name)s шукає захисту вже %(count)s рік."'


def test_check_and_stats_refuse_a_ukrainian_form_for_21_without_its_count(
    sample: Path, runner: CliRunner
) -> None:
    po = sample / SAMPLE_UK
    text = po.read_text(encoding="utf-8")
    assert text.count(SAMPLE_FIRST) == 1
    po.write_text(text.replace(SAMPLE_FIRST, 'msgstr[0] "%(name)s шукає захисту вже рік."'))
    line = (
        po.read_text(encoding="utf-8")
        .split("\n")
        .index('msgstr[0] "%(name)s шукає захисту вже рік."')
    )
    assert not _msgfmt_accepts(po)
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 1
    assert (
        f"{SAMPLE_UK}:{line + 1}: translation of '%(name)s has now been seeking protection for"
        f" %(count)s year.' in {UK_FIRST} leaves out %(count)s, so the letter would not say"
        " the number: in this language the form is printed for 21, 31, 41… as well as 1; use"
        " every placeholder of the English: %(count)s, %(name)s"
    ) in check.output
    stats = json.loads(runner.invoke(main, ["i18n", "stats", "--json", "-w", str(sample)]).output)
    (row,) = [r for r in stats if (r["language"], r["domain"]) == ("uk", "templates")]
    assert row["refused"] == 1


EMAIL = Path("templates/appeal.email.txt")
REPLY = '{{ _("We would be grateful for a reply to this address.") }}'
COMPLAINTS = ' {{ ngettext("%(num)d complaint since 2017.", "%(num)d complaints since 2017.", 3) }}'
EMPTY_FORMS = (
    'msgid_plural "%(num)d complaints since 2017."\nmsgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""'
)
COMPLAINT_FORMS = {
    "uk": ["%(num)d скарга з 2017 року.", "%(num)d скарги з 2017 року.", "%(num)d скарг."],
    "ru": [
        "%(num)d жалоба с 2017 года.",
        "%(num)d жалобы с 2017 года.",
        "%(num)d жалоб с 2017 года.",
    ],
}


def test_an_e_mail_texts_plural_form_without_a_year_warns_in_drafts_and_stops_final_builds(
    sample: Path, runner: CliRunner
) -> None:
    email = sample / EMAIL
    email.write_text(email.read_text(encoding="utf-8").replace(REPLY, REPLY + COMPLAINTS))
    for command in ("extract", "update"):
        done = runner.invoke(main, ["i18n", command, "-w", str(sample)])
        assert done.exit_code == 0, done.output
    for lang, forms in COMPLAINT_FORMS.items():
        po = sample / "locales" / lang / "LC_MESSAGES" / "templates.po"
        text = po.read_text(encoding="utf-8")
        assert text.count(EMPTY_FORMS) == 1
        written = "\n".join(f'msgstr[{n}] "{form}"' for n, form in enumerate(forms))
        po.write_text(text.replace(EMPTY_FORMS, EMPTY_FORMS.split("\n")[0] + "\n" + written))
    po = Path("locales/uk/LC_MESSAGES/templates.po")
    line = (sample / po).read_text(encoding="utf-8").split("\n").index('msgstr[2] "%(num)d скарг."')
    expected = (
        f"{po}:{line + 1}: the translation lacks what its English text has: in the form for"
        " 0, 5–20, 25–30… (msgstr[2]) of '%(num)d complaint since 2017.': \"2017\" (a year);"
        " used by templates/appeal.email.txt:18"
    )

    draft = runner.invoke(main, ["build", "--email", "--lang", "uk", "-q", "-w", str(sample)])
    assert draft.exit_code == 0, draft.output
    assert [x for x in draft.output.splitlines() if "lacks" in x] == [f"warning: {expected}"]
    final = runner.invoke(
        main, ["build", "--final", "--email", "--lang", "uk", "--out", "final", "-w", str(sample)]
    )
    assert final.exit_code == 1
    assert [x for x in final.output.splitlines() if "lacks" in x] == [f"  {expected}"]
    assert not (sample / "final").exists()
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"warning: {expected}" in readme.splitlines()  # the README's example is so
    # i18n stats counts the entry inconsistent, not done, and names it as check does
    stats = runner.invoke(main, ["i18n", "stats", "-w", str(sample)])
    assert stats.exit_code == 0, stats.output
    assert f"  {expected.split('; used by ')[0]}" in stats.output.splitlines(), stats.output
    rows = json.loads(runner.invoke(main, ["i18n", "stats", "--json", "-w", str(sample)]).output)
    counted = {(r["language"], r["domain"]): r["inconsistent"] for r in rows}
    assert counted[("uk", "templates")] == 1 and counted[("ru", "templates")] == 0


def test_the_counts_each_form_serves_are_worked_out_once_per_rule() -> None:
    # every plural entry of a catalog, and every letter that prints one, asks again: the
    # rule is run over a thousand counts once, not per entry and per letter
    expr = SLAVIC.split("plural=", 1)[1].rstrip(";")
    first = form_uses(3, "uk", expr)
    assert form_uses(3, "uk", expr) is first
    assert first[0].described() == UK_FIRST


DAYS = ' {{ ngettext("%(num)d day", "%(num)d days", 3) }}'
DAYS_FORMS = {"uk": ["%(num)d день", "%(num)d дні", "%(num)d днів"], "ru": ["%(num)d день"] * 3}


def test_a_plural_whose_english_plural_changed_since_its_translation_is_a_gap(
    sample: Path, runner: CliRunner
) -> None:
    # the forms were checked against the msgid_plural the catalog holds; the letter prints
    # the template's, which now says more: used as they are, the letter would not say it
    email = sample / EMAIL
    email.write_text(email.read_text(encoding="utf-8").replace(REPLY, REPLY + DAYS))
    for command in ("extract", "update"):
        assert runner.invoke(main, ["i18n", command, "-w", str(sample)]).exit_code == 0
    for lang, forms in DAYS_FORMS.items():
        po = sample / "locales" / lang / "LC_MESSAGES" / "templates.po"
        empty = 'msgid_plural "%(num)d days"\nmsgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""'
        written = "\n".join(f'msgstr[{n}] "{form}"' for n, form in enumerate(forms))
        text = po.read_text(encoding="utf-8")
        po.write_text(text.replace(empty, empty.split("\n")[0] + "\n" + written))
    assert runner.invoke(main, ["check", "-w", str(sample)]).output.startswith("The workspace")
    changed = DAYS.replace('days", 3)', 'days in %(place)s", 3, place="Kyiv")')
    email.write_text(email.read_text(encoding="utf-8").replace(DAYS, changed))

    check = runner.invoke(main, ["check", "-w", str(sample)])
    po = Path("locales/uk/LC_MESSAGES/templates.po")
    line = (sample / po).read_text(encoding="utf-8").split("\n").index('msgid "%(num)d day"')
    assert (
        f"warning: {po}:{line + 1}: '%(num)d day' is translated for the English plural"
        " '%(num)d days', not for '%(num)d days in %(place)s', which the template writes:"
        " 'letters i18n update' marks it fuzzy, its translation kept, for review (a catalog"
        " holds one plural of an English text: give a second one a context, npgettext);"
        " used by templates/appeal.email.txt:18"
    ) in check.output.splitlines()
    stats = json.loads(runner.invoke(main, ["i18n", "stats", "--json", "-w", str(sample)]).output)
    (row,) = [r for r in stats if (r["language"], r["domain"]) == ("uk", "templates")]
    assert (row["translated"], row["untranslated"]) == (24, 1)  # as check counts it
    final = runner.invoke(
        main, ["build", "--final", "--email", "--lang", "uk", "--out", "final", "-w", str(sample)]
    )
    assert final.exit_code == 1
    assert not (sample / "final").exists()


@pytest.mark.parametrize(
    "rule",
    [
        "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
        "nplurals=3; plural=(n != 1);",
    ],
)
def test_a_form_is_judged_by_the_languages_rule_where_check_refuses_the_catalogs(
    rule: str, tmp_path: Path
) -> None:
    # the header is refused, and put right as told its msgstr[0] serves 21 and 31 too: its
    # count left out is said now, not after the header is fixed
    forms = ["рік", "%(num)d роки", "%(num)d років"]
    path = _write(tmp_path, "uk", "%(num)d year", "%(num)d years", forms)
    path.write_text(path.read_text(encoding="utf-8").replace(SLAVIC, rule), encoding="utf-8")
    _messages, problems = load_messages(path, "uk.po", "uk", "uk_UA")
    assert [p.line for p in problems] == [5, FIRST_FORM]
    assert f"in {UK_FIRST} leaves out %(num)d" in problems[1].message


# A rule with a form for round millions alone, as CLDR gives French, Spanish, Italian…
MILLIONS = "(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2)"


def test_a_form_for_large_counts_alone_is_named_by_the_smallest_it_serves() -> None:
    """A form no count under 1002 picks is described by the first count it serves, and a
    form for "2 or more" says which large counts it leaves to another, by the rule's
    behaviour: a Plural-Forms header's, and every rule Babel gives a language with one."""
    assert [use.described() for use in form_uses(3, None, MILLIONS)] == [
        "the form for 1 (msgstr[0])",
        "the form for some large counts, such as 1,000,000 (msgstr[1])",
        "the form for 0 and 2 or more, except some large counts such as 1,000,000 (msgstr[2])",
    ]
    babel = 0
    for lang in ("fr", "es", "it", "pt", "ca"):
        for rule in language_rules(lang):
            for use in form_uses(rule.nplurals, lang):
                if use.counts and min(use.counts) >= 1002:
                    babel += 1
                    first = f"{min(use.counts):,}"
                    assert use.described() == (
                        f"the form for some large counts, such as {first} (msgstr[{use.number}])"
                    )
    if not babel:
        pytest.skip("this Babel gives none of these languages a form for large counts alone")


def test_check_names_a_form_for_large_counts_alone_by_them(tmp_path: Path) -> None:
    lines = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        f'"Plural-Forms: nplurals=3; plural={MILLIONS};\\n"',
        "",
        "#, python-format",
        'msgid "%(num)d year"',
        'msgid_plural "%(num)d years"',
        'msgstr[0] "%(num)d año"',
        'msgstr[1] "millones de años"',
        'msgstr[2] "%(num)d años"',
    ]
    path = tmp_path / "es.po"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _messages, problems = load_messages(path, "es.po", "es", "es_ES")
    # an older Babel gives es two forms, and its header is refused too: only the forms count
    assert [(p.line, p.message) for p in problems if p.message.startswith("translation")] == [
        (
            10,
            "translation of '%(num)d year' in the form for some large counts, such as"
            " 1,000,000 (msgstr[1]) leaves out %(num)d, so the letter would lose what it"
            " stands for; use every placeholder of the English: %(num)d",
        )
    ]


def test_the_readme_says_a_form_is_held_to_the_english_plural_as_check_holds_it(
    tmp_path: Path,
) -> None:
    """The README's example of a form converting its count as the English singular, not as
    its plural, is what check says; and it no longer says a form may use any placeholder of
    either English text, which check (and msgfmt -c) now refuses of the singular's alone."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = r"translation of '%\(num\)s year' in the form for 1 "
    (example,) = re.findall(f"`({start}[^`]+); …`", readme)
    forms = ["%(num)s Jahr", "%(num)d Jahre"]
    path = _write(tmp_path, "de", "%(num)s year", "%(num)d years", forms)
    _messages, problems = load_messages(path, "de.po", "de", "de_DE")
    said = " ".join(example.split())  # the README wraps its lines
    assert [p.message.split(";")[0] for p in problems if not p.warning] == [said]
    assert "any placeholder of either English text" not in readme
