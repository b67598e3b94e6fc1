"""Plural rules are judged by the form they pick for each count, never by their spelling."""

from __future__ import annotations

import pytest

from letters.plurals import PluralRuleError, language_rule, parse_plural_forms

SLAVIC_GNU = "n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2"
SLAVIC_BABEL_2_14 = (
    "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"
)
SLAVIC_BABEL_2_19 = (
    "n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4"
    " && (n % 100 < 12 || n % 100 > 14) ? 1 : 2"
)
POLISH_GNU = "n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2"
POLISH_BABEL_2_14 = "(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"
POLISH_BABEL_2_19 = (
    "n == 1 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2"
)
GERMANIC = ("n != 1", "(n != 1)", "(n!=1)", "n>1 ? 1 : n==0 ? 1 : 0", "((n) != (1))")

# Every spelling of each language's rule we have met: GNU gettext's manual, Babel 2.14, 2.19.
CORRECT = [
    *[("uk", 3, e) for e in (SLAVIC_GNU, SLAVIC_BABEL_2_14, SLAVIC_BABEL_2_19)],
    *[("ru", 3, e) for e in (SLAVIC_GNU, SLAVIC_BABEL_2_14, SLAVIC_BABEL_2_19)],
    *[("pl", 3, e) for e in (POLISH_GNU, POLISH_BABEL_2_14, POLISH_BABEL_2_19)],
    *[("de", 2, e) for e in GERMANIC],
    *[("en", 2, e) for e in GERMANIC],
    ("uk_UA", 3, SLAVIC_GNU.replace(" ", "")),
]

# A wrong rule, and the first count where it goes wrong.
WRONG = [
    ("uk", 2, "n != 1", "it has 2 forms, the language has 3"),
    ("uk", 3, POLISH_GNU, "for 21 it picks form 2, the language needs form 0"),
    ("ru", 3, SLAVIC_GNU.replace("n%10<=4", "n%10<4"), "for 4 it picks form 2"),
    ("ru", 3, SLAVIC_GNU.replace("n%100!=11", "n%100!=12"), "for 11 it picks form 0"),
    ("pl", 3, SLAVIC_GNU, "for 21 it picks form 0, the language needs form 2"),
    ("pl", 3, POLISH_GNU.replace("n%10<=4", "n%10<=5"), "for 5 it picks form 1"),
    ("de", 2, "n > 1", "for 0 it picks form 0, the language needs form 1"),
    ("de", 1, "0", "it has 1 forms, the language has 2"),
    ("en", 2, "n == 1", "for 0 it picks form 0, the language needs form 1"),
    ("en", 2, "n % 1000 != 1", "for 1001 it picks form 0, the language needs form 1"),
]


@pytest.mark.parametrize(("lang", "nplurals", "expr"), CORRECT)
@pytest.mark.parametrize("end", [";", "", " ; "])
def test_every_correct_spelling_is_accepted(lang: str, nplurals: int, expr: str, end: str) -> None:
    want = language_rule(lang)
    assert want is not None
    rule = parse_plural_forms(f"nplurals={nplurals}; plural={expr}{end}")
    assert rule.disagreement(want) is None


@pytest.mark.parametrize(("lang", "nplurals", "expr", "reason"), WRONG)
def test_a_wrong_rule_is_refused_with_where_it_goes_wrong(
    lang: str, nplurals: int, expr: str, reason: str
) -> None:
    want = language_rule(lang)
    assert want is not None
    differs = parse_plural_forms(f"nplurals={nplurals}; plural={expr};").disagreement(want)
    assert differs is not None
    assert differs.startswith(reason)


@pytest.mark.parametrize("lang", ["uk", "ru", "pl", "de", "en", "uk_UA", "pt_BR"])
def test_the_rule_to_use_is_itself_accepted(lang: str) -> None:
    """The rule a message tells a translator to use passes the same check."""
    want = language_rule(lang)
    assert want is not None
    assert parse_plural_forms(want.header).disagreement(want) is None


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("plural=(n != 1);", "it has no 'nplurals=' part"),
        ("nplurals=2;", "it has no 'plural=' part"),
        ("nplurals=two; plural=(n != 1);", "nplurals must be a whole number from 1 to 10"),
        ("nplurals=0; plural=0;", "nplurals must be a whole number from 1 to 10"),
        ("nplurals=2; plural=n != 1 ?;", "is not a gettext plural expression"),
        ("nplurals=2; plural=__import__('os');", "is not a gettext plural expression"),
        ("nplurals=2; plural=" + "(" * 30 + "n" + ")" * 30 + ";", "not a gettext plural"),
        ("nplurals=2; plural=n % (n - 3) && 0;", "the expression fails for 3"),
        ("nplurals=2; plural=n;", "for 2 the expression picks form 2, but nplurals=2"),
    ],
)
def test_an_unusable_rule_is_refused(value: str, reason: str) -> None:
    with pytest.raises(PluralRuleError) as error:
        parse_plural_forms(value)
    assert reason in str(error.value)


def test_rules_that_differ_only_in_spelling_agree() -> None:
    """n%100>20 and n%100>=20 differ only where n%10 is 0, which the branch never reaches."""
    a = parse_plural_forms(f"nplurals=3; plural={SLAVIC_GNU};")
    b = parse_plural_forms(f"nplurals=3; plural={SLAVIC_GNU.replace('n%100>=20', 'n%100>20')};")
    assert a.disagreement(b) is None


def test_an_unknown_language_has_no_rule_rather_than_english_s() -> None:
    assert language_rule("xx") is None
    assert language_rule("not a locale") is None
