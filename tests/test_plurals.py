"""Plural rules are judged by the form they pick for each count, never by their spelling."""

from __future__ import annotations

import pytest

from letters.i18n.plurals import (
    _GETTEXT_RULES,
    PluralRuleError,
    _babel_table,
    language_rule,
    language_rules,
    parse_plural_forms,
)
from letters.i18n.po_scan import PoSyntaxError, scan_po

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
    ("fr", 2, "n>1"),
    ("fr", 2, "(n > 1)"),
]


def accepted(lang: str, value: str) -> bool:
    rule = parse_plural_forms(value)
    return any(rule.disagreement(want) is None for want in language_rules(lang))


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
    assert accepted(lang, f"nplurals={nplurals}; plural={expr}{end}")


@pytest.mark.parametrize("lang", sorted(_GETTEXT_RULES))
def test_the_installed_babel_s_rule_is_accepted_too(lang: str) -> None:
    """Babel's CLDR-based rules move between releases (French: two forms, then three):
    a catalog Babel made is accepted beside one msginit made."""
    table = _babel_table()
    found = table.get(lang) or table.get(lang.split("_")[0])
    if found is None:
        pytest.skip(f"this Babel has no gettext rule for {lang}")
    assert accepted(lang, f"nplurals={found[0]}; plural={found[1]};")
    assert accepted(lang, _GETTEXT_RULES[lang])


@pytest.mark.parametrize(("lang", "nplurals", "expr", "reason"), WRONG)
def test_a_wrong_rule_is_refused_with_where_it_goes_wrong(
    lang: str, nplurals: int, expr: str, reason: str
) -> None:
    want = language_rule(lang)
    assert want is not None
    assert not accepted(lang, f"nplurals={nplurals}; plural={expr};")
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
        ("nplurals = 2; plural=(n != 1);", "write 'nplurals=' with no space before '='"),
        ("nplurals=2; plural = (n != 1);", "write 'plural=' with no space before '='"),
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


# --- the header as gettext and Babel both read it ------------------------------------------

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'


def test_a_folded_header_line_is_read_as_one_field() -> None:
    text = HEADER + '"plural-forms: nplurals=3;\\n"\n"    plural=(n==1 ? 0 : n<5 ? 1 : 2);\\n"\n'
    value, line = scan_po(text).header["plural-forms"]
    assert (value, line) == ("nplurals=3; plural=(n==1 ? 0 : n<5 ? 1 : 2);", 4)


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        (
            '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
            '"plural-forms: nplurals=2; plural=(n > 1);\\n"\n',
            "5: the header gives plural-forms twice (first at line 4); gettext reads the first"
            " and other tools the last: keep one",
        ),
        ('msgstr "again"\n', "4: a second msgstr in one entry; keep one of them"),
    ],
)
def test_a_header_said_twice_is_refused(extra: str, reason: str) -> None:
    with pytest.raises(PoSyntaxError) as error:
        scan_po(HEADER + extra)
    assert str(error.value) == reason


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        (
            'msgid "a"\nmsgstr "b"\nmsgstr "c"\n',
            "3: a second msgstr in one entry; keep one of them",
        ),
        (
            'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "c"\nmsgstr[1] "d"\n',
            "5: a second msgstr[1] in one entry; keep one of them",
        ),
        ('msgid "a"\nmsgstr[0] "b"\n', "2: msgstr[0] without a msgid_plural; write msgstr"),
        (
            'msgid "a"\nmsgid_plural "as"\nmsgstr "b"\n',
            "3: an entry with msgid_plural needs msgstr[0], msgstr[1]…",
        ),
        ('msgctxt "x"\nmsgstr "b"\n', "2: msgstr before the entry's msgid"),
    ],
)
def test_an_entry_gettext_would_refuse_is_refused(entry: str, reason: str) -> None:
    with pytest.raises(PoSyntaxError) as error:
        scan_po(entry)
    assert str(error.value) == reason
