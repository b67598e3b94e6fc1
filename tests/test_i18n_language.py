"""A catalog in the wrong language, and a percent sign written twice where it prints twice.

The cases one find-and-replace makes are in tests/bad_catalogs; here, what takes more: a
whole catalog copied from the other language, the headers and comments that are fine, and
plural entries (always formatted, so '%%' is right there).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from letters.cli import main
from letters.i18n.catalog import Translator, load_messages
from letters.i18n.plurals import language_rule, parse_plural_forms
from letters.i18n.typed import copied_english, mixed_alphabets
from tests.conftest import files_under, msgfmt_check

UK = Path("locales/uk/LC_MESSAGES/templates.po")
RU = Path("locales/ru/LC_MESSAGES/templates.po")
QUOTED = "«Об экстремистской деятельности»"  # the Russian law's title, as Russian has it


def test_the_russian_catalog_copied_over_the_ukrainian_one_is_refused(
    sample: Path, runner: CliRunner
) -> None:
    """Its header says Language: ru, and its sentences have Russian letters: check
    --strict and a final build both stop, at the header's line and at each entry's msgstr;
    nothing is written."""
    shutil.copy(sample / RU, sample / UK)
    lines = (sample / UK).read_text(encoding="utf-8").split("\n")
    header = lines.index('"Language: ru\\n"') + 1
    dear = lines.index('msgstr "Уважаемые коллеги!"') + 1
    before = files_under(sample)

    check = runner.invoke(main, ["check", "--strict", "-w", str(sample)])
    assert check.exit_code == 1
    errors = [line for line in check.output.split("\n") if line.startswith("error: ")]
    assert errors[:2] == [
        f"error: {UK}:{header}: the header says 'Language: ru', but this is the uk catalog:"
        " was it copied from the ru catalog? Translate it into Ukrainian, and set"
        " 'Language: uk'",
        f"error: {UK}:{dear}: translation of 'Dear colleagues,' has 'ы' (in 'Уважаемые'), a"
        " letter of Russian that Ukrainian does not have: translate it into Ukrainian (if it"
        " quotes Russian on purpose, add the translator comment '# quotes Russian' to the"
        " entry)",
    ]
    assert len(errors) == 17  # the header, and each entry with a letter Ukrainian has not
    build = runner.invoke(
        main, ["build", "may-2020-joint", "--lang", "uk", "--final", "-w", str(sample)]
    )
    assert build.exit_code == 1
    assert f"  {errors[0].removeprefix('error: ')}" in build.output.split("\n")
    assert files_under(sample) == before


@pytest.mark.parametrize(
    "header",
    ['"Language: uk_UA\\n"', '"Language: UK\\n"', '"Language: \\n"', None],
    ids=["with-country", "capitals", "empty", "missing"],
)
def test_a_header_that_does_not_name_another_language_is_fine(
    sample: Path, runner: CliRunner, header: str | None
) -> None:
    """Only the language part is compared; an empty or missing Language: leaves the
    folder to say which language the catalog is in."""
    po = sample / UK
    text = po.read_text(encoding="utf-8")
    assert text.count('"Language: uk\\n"\n') == 1
    po.write_text(
        text.replace('"Language: uk\\n"\n', f"{header}\n" if header else ""), encoding="utf-8"
    )
    result = runner.invoke(main, ["check", "--strict", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    msgfmt_check(po)


QUOTES = [
    ("uk", "Шановні колеги!", f"Шановні колеги! Закон {QUOTED}", "'э' (in 'экстремистской')"),
    ("ru", "Уважаемые коллеги!", "Уважаемые коллеги! «Українська правда»", "'ї' (in 'Українська')"),
]


@pytest.mark.parametrize(("lang", "old", "new", "found"), QUOTES, ids=["uk", "ru"])
def test_a_translator_comment_lets_an_entry_quote_the_other_language(
    sample: Path, runner: CliRunner, lang: str, old: str, new: str, found: str
) -> None:
    """The comment is the translator's word that the other language is meant (a law's
    title, a newspaper's name); without it the same entry is refused."""
    po = sample / "locales" / lang / "LC_MESSAGES" / "templates.po"
    entry = 'msgid "Dear colleagues,"\nmsgstr "'
    text = po.read_text(encoding="utf-8").replace(f'{entry}{old}"', f'{entry}{new}"')
    po.write_text(text, encoding="utf-8")
    line = text.split("\n").index(f'msgstr "{new}"') + 1
    other, own, comment = (
        ("Russian", "Ukrainian", "quotes Russian")
        if lang == "uk"
        else ("Ukrainian", "Russian", "quotes Ukrainian")
    )
    refused = runner.invoke(main, ["check", "-w", str(sample)])
    assert refused.exit_code == 1
    assert refused.output.split("\n")[0] == (
        f"error: locales/{lang}/LC_MESSAGES/templates.po:{line}: translation of"
        f" 'Dear colleagues,' has {found}, a letter of {other} that {own} does not have:"
        f" translate it into {own} (if it quotes {other} on purpose, add the translator"
        f" comment '# {comment}' to the entry)"
    )
    po.write_text(text.replace(entry, f"# {comment}: the title as it is\n{entry}"), "utf-8")
    result = runner.invoke(main, ["check", "--strict", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    msgfmt_check(po)


def test_a_comment_for_the_other_language_does_not_let_it(tmp_path: Path) -> None:
    """'quotes Russian' in the Russian catalog says nothing about Ukrainian letters."""
    po = _catalog(
        tmp_path, "ru", '# quotes Russian\nmsgid "Dear colleagues,"\nmsgstr "Шановні колеги!"'
    )
    _messages, problems = load_messages(po, "ru.po", "ru")
    assert [str(p) for p in problems] == [
        "ru.po:8: translation of 'Dear colleagues,' has 'і' (in 'Шановні'), a letter of"
        " Ukrainian that Russian does not have: translate it into Russian (if it quotes"
        " Ukrainian on purpose, add the translator comment '# quotes Ukrainian' to the entry)"
    ]


def _catalog(folder: Path, lang: str, entries: str) -> Path:
    """A catalog of ``lang`` with a header gettext accepts (4 lines, then a blank one)."""
    rule = language_rule(lang)
    assert rule is not None
    po = folder / f"{lang}.po"
    header = f"Language: {lang}\\nPlural-Forms: {rule.header}\\n"
    charset = "Content-Type: text/plain; charset=UTF-8\\n"
    po.write_text(f'msgid ""\nmsgstr ""\n"{header}"\n"{charset}"\n\n{entries}\n', encoding="utf-8")
    return po


PLURAL = """msgid "a letter at full strength"
msgid_plural "letters at full strength"
msgstr[0] "лист на 100 {percent} сили"
msgstr[1] "листи на 100 {percent} сили"
msgstr[2] "листи на 100 {percent} сили"
"""


def test_a_plural_is_always_formatted_so_it_writes_a_percent_sign_as_two(tmp_path: Path) -> None:
    """ngettext fills in %(num)d whatever the English has: '%%' prints as one sign there,
    and a lone '%' would stop the letter, so it is refused as a stray %."""
    po = _catalog(tmp_path, "uk", PLURAL.replace("{percent}", "%%"))
    messages, problems = load_messages(po, "uk.po", "uk")
    assert problems == []
    msgfmt_check(po)
    text = Translator(messages).ngettext("a letter at full strength", "letters at full strength", 5)
    assert text == "листи на 100 % сили"
    po = _catalog(tmp_path, "uk", PLURAL.replace("{percent}", "%"))
    _messages, problems = load_messages(po, "uk.po", "uk")
    assert [str(p) for p in problems] == [
        "uk.po:8: translation of 'a letter at full strength' in the form for 1, 21, 31…"
        " (msgstr[0]) has a stray % (write %% for a percent sign)"
    ]


def test_a_percent_sign_written_twice_is_right_where_the_english_has_placeholders(
    tmp_path: Path,
) -> None:
    po = _catalog(
        tmp_path, "uk", '#, python-format\nmsgid "%(n)s at 100%%"\nmsgstr "%(n)s на 100 %%"'
    )
    messages, problems = load_messages(po, "uk.po", "uk")
    assert problems == []
    msgfmt_check(po)
    assert Translator(messages).gettext("%(n)s at 100%%", n="Лист") == "Лист на 100 %"


def test_a_template_comment_its_english_has_may_stay_in_the_translation(tmp_path: Path) -> None:
    """A {# … #} the English itself prints (tests/bad_catalogs/jinja-comment.yaml is one it
    has not) is text like any other: kept, it is printed in both languages alike."""
    english = "Mark the file {# 12 #} as read"
    po = _catalog(tmp_path, "uk", f'msgid "{english}"\nmsgstr "Позначте справу {{# 12 #}}"')
    messages, problems = load_messages(po, "uk.po", "uk")
    assert problems == []
    assert Translator(messages).gettext(english) == "Позначте справу {# 12 #}"
    other = _catalog(tmp_path, "uk", f'msgid "{english}"\nmsgstr "Позначте справу {{# 13 #}}"')
    _messages, problems = load_messages(other, "uk.po", "uk")
    assert [p.line for p in problems] == [7]


SINGULAR_ENTRY = 'msgid "Dear colleagues,"\nmsgstr "Шановні колеги!"'
JOINT_ENTRY = (
    'msgctxt "joint"\nmsgid "We therefore ask each of you, within your respective powers:"\n'
    'msgstr "З огляду на викладене просимо вас, кожного в межах своїх повноважень:"'
)
ANOTHER_MESSAGE = (
    "so gettext takes that for another message's translation: 'letters i18n update' adds an"
    " entry for this one, its translation taken from that one and marked fuzzy for review"
)
# its English is the joint letter's too, under msgctxt "joint" two entries above
INDIVIDUAL_ENTRY = (
    'msgctxt "individual"\nmsgid ""\n"We trust that you will give this case your personal'
    ' attention, and we would be grateful for your "\n"reply."'
)
PLURAL_ENTRY = """msgid "%(name)s has now been seeking protection for %(count)s year."
msgid_plural "%(name)s has now been seeking protection for %(count)s years."
msgstr[0] "%(name)s шукає захисту вже %(count)s рік."
msgstr[1] "%(name)s шукає захисту вже %(count)s роки."
msgstr[2] "%(name)s шукає захисту вже %(count)s років."
"""


@pytest.mark.parametrize(
    ("entry", "edited", "said"),
    [
        (  # a translator who gave the salutation a form for one colleague
            SINGULAR_ENTRY,
            'msgid "Dear colleagues,"\nmsgid_plural "Dear colleagues,"\n'
            'msgstr[0] "Шановний колего!"\nmsgstr[1] "Шановні колеги!"\n'
            'msgstr[2] "Шановні колеги!"',
            "'Dear colleagues,' is translated as a plural (msgid_plural, msgstr[0],"
            " msgstr[1]…), but its English is one text: write its translation as one msgstr,"
            " without msgid_plural; used by",
        ),
        (  # one who kept the form the sample's count of years takes
            PLURAL_ENTRY,
            'msgid "%(name)s has now been seeking protection for %(count)s year."\n'
            'msgstr "%(name)s шукає захисту вже %(count)s років."\n',
            "'%(name)s has now been seeking protection for %(count)s year.' is translated as"
            " one text (msgstr), but its English is a plural: add its msgid_plural and a"
            " msgstr[n] for each form ('letters i18n update' adds them); used by",
        ),
        (  # a tool's context added by the translator: another message to gettext
            SINGULAR_ENTRY,
            f'msgctxt "salutation"\n{SINGULAR_ENTRY}',
            "'Dear colleagues,' is translated here under msgctxt \"salutation\", which its"
            f" English has not, {ANOTHER_MESSAGE}; used by",
        ),
        (  # the context of the joint letter's request taken out
            JOINT_ENTRY,
            JOINT_ENTRY.removeprefix('msgctxt "joint"\n'),
            "'We therefore ask each of you, within your respective powers:' (context"
            f" 'joint') is translated here without a msgctxt, {ANOTHER_MESSAGE}; used by",
        ),
        (  # a translator who took the context for a text to translate
            JOINT_ENTRY,
            JOINT_ENTRY.replace('msgctxt "joint"', 'msgctxt "спільний"'),
            "'We therefore ask each of you, within your respective powers:' (context"
            " 'joint') is translated here under msgctxt \"спільний\", a translation of its"
            ' msgctxt "joint" (a msgctxt is never translated: write it back as msgctxt'
            f' "joint"), {ANOTHER_MESSAGE}; used by',
        ),
        (  # the same, where another entry has its English under a context of its own
            INDIVIDUAL_ENTRY,
            INDIVIDUAL_ENTRY.replace('msgctxt "individual"', 'msgctxt "індивідуальний"'),
            "'We trust that you will give this case your personal attention, and we would be"
            " grateful for your reply.' (context 'individual') is translated here under msgctxt"
            ' "індивідуальний", a translation of its msgctxt "individual" (a msgctxt is never'
            ' translated: write it back as msgctxt "individual"),'
            f" {ANOTHER_MESSAGE}; used by",
        ),
    ],
    ids=[
        "plural-for-one-text",
        "one-text-for-a-plural",
        "context-added",
        "context-taken-out",
        "context-translated",
        "context-translated-beside-another",
    ],
)
def test_an_entry_translated_as_the_other_kind_says_so_not_that_it_has_no_translation(
    sample: Path, runner: CliRunner, entry: str, edited: str, said: str
) -> None:
    po = sample / UK
    text = po.read_text(encoding="utf-8")
    assert text.count(entry) == 1
    po.write_text(text.replace(entry, edited), encoding="utf-8")
    msgfmt_check(po)  # gettext's tools take either: only its English says which is meant
    # the line of its msgid as edited, where the entry is named
    line = text[: text.index(entry)].count("\n") + edited[: edited.index("msgid")].count("\n") + 1
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 0, check.output
    warnings = [row for row in check.output.splitlines() if row.startswith("warning: ")]
    assert [row.partition(" used by")[0] for row in warnings] == [
        f"warning: {UK}:{line}: {said.removesuffix(' used by')}"
    ]
    # stats counts it as the letters show it: untranslated, not translated
    stats = json.loads(runner.invoke(main, ["i18n", "stats", "--json", "-w", str(sample)]).output)
    (row,) = [r for r in stats if (r["language"], r["domain"]) == ("uk", "templates")]
    assert (row["untranslated"], row["fuzzy"]) == (1, 0)


@pytest.mark.parametrize(
    ("lang", "kept", "added"),
    [
        ("uk", "", "Language and Plural-Forms"),
        ("ru", '"Language: ru\\n"\n', "Plural-Forms"),
    ],
    ids=["copied-from-the-pot", "language-but-no-plural-forms"],
)
def test_update_completes_the_header_of_a_catalog_copied_from_the_pot(
    sample: Path, runner: CliRunner, lang: str, kept: str, added: str
) -> None:
    """A catalog begun as a copy of its .pot has neither Language nor Plural-Forms: update
    adds those it lacks as 'i18n init' writes them, and says so (it once left the file
    'unchanged', and check then refused it); the rest of the header stays as it was."""
    po = sample / "locales" / lang / "LC_MESSAGES" / "templates.po"
    pot = (sample / "locales" / "templates.pot").read_text(encoding="utf-8")
    po.write_text(pot.replace('"Language-Team:', f'{kept}"Language-Team:'), encoding="utf-8")
    update = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert update.exit_code == 0, update.output
    assert (
        f"updated {po}: 24 untranslated, 0 newly fuzzy; header completed: {added} added"
    ) in update.output.splitlines()
    header = po.read_text(encoding="utf-8").partition("\n\n")[0]
    assert header.count('"Language: ') == 1 and f'"Language: {lang}\\n"' in header
    for field in [line for line in pot.partition("\n\n")[0].splitlines() if line.startswith('"')]:
        assert field in header  # the translator's fields: their team, the last translator…
    msgfmt_check(po)
    with po.open("rb") as read:
        headers = dict(read_po(read).mime_headers)
    catalog_rule = parse_plural_forms(headers["Plural-Forms"])
    rule = language_rule(lang)
    assert rule is not None and catalog_rule.disagreement(rule) is None
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 0, check.output  # untranslated entries are only warnings
    again = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert f"unchanged {po}: 24 untranslated, 0 newly fuzzy" in again.output.split("\n")


JOINT_ASK = "We therefore ask each of you, within your respective powers:"


@pytest.mark.parametrize(
    ("lang", "context", "own", "translated"),
    [
        ("pl", "wspólny", "joint", True),  # Latin, one letter beyond ASCII: no English id is so
        ("el", "κοινή", "joint", True),  # another script than the English context's
        ("uk", "спільний", "joint", True),
        ("pl", "wspolny", "joint", False),  # plain ASCII: it may be another message's context
        # another message's English context, a letter beyond ASCII in it: not a translation
        ("pl", "to Mr Bilčík", "joint", False),
        # an English context with no letters: one of plain ASCII may be an English one
        ("uk", "joint", "1", False),
        ("uk", "спільний", "1", True),
    ],
    ids=[
        "polish",
        "greek",
        "ukrainian",
        "plain-ascii",
        "another-messages-context",
        "ascii-beside-no-letters",
        "ukrainian-beside-no-letters",
    ],
)
def test_a_msgctxt_translated_in_any_script_is_told_a_translation(
    tmp_path: Path, lang: str, context: str, own: str, translated: bool
) -> None:
    """A translator of a language added with 'i18n init' who translates msgctxt "joint" is
    told it is a translation of the English's context, to be written back, as a Ukrainian
    one is: the hint knew Cyrillic only. A context in plain ASCII, which an English one
    could be, is not called a translation, nor is the English context of another message
    of the template (whose entry the fix would take from it), whatever its letters."""
    from letters.i18n.entry_mismatch import context_mismatch

    entry = f'msgctxt "{context}"\nmsgid "{JOINT_ASK}"\nmsgstr "…:"'
    messages, _problems = load_messages(_catalog(tmp_path, lang, entry), f"{lang}.po", lang)
    # the template's messages; "to Mr Bilčík" only where the entry is its own: lacking one
    # too, it could take this unused one as well, which would then be known to be neither's
    english = {(own, JOINT_ASK), *[(c, JOINT_ASK) for c in ["to Mr Bilčík"] if c == context]}
    found = context_mismatch(messages, (own, JOINT_ASK), lambda: english)
    assert found is not None
    line, said = found
    assert line == 7  # its msgid
    unlike = (
        f', a translation of its msgctxt "{own}" (a msgctxt is never translated: write it back'
        f' as msgctxt "{own}")'
    )
    if (context, JOINT_ASK) in english:  # that message's own entry: this one's is missing
        assert said.startswith(
            f"has no entry of its own (with msgctxt \"{own}\"): 'letters i18n update' adds one"
            f" with a suggestion to review (marked fuzzy), the translation of the entry here,"
            f' under msgctxt "{context}", another message\'s'
        )
    else:
        assert said.startswith(
            f'is translated here under msgctxt "{context}"{unlike * translated}, so'
        )


TRUST = (
    "We trust that you will give this case your personal attention, and we would be"
    " grateful for your reply."
)


@pytest.mark.parametrize(
    ("added", "entry", "renamed", "at", "said"),
    [
        (  # the joint letter's entry renamed to a context another template asks for: the
            # one-official letter's entry below is the one update takes (Babel's: the last)
            f'{{{{ pgettext("to Mr Bilčík", "{TRUST}") }}}}',
            'msgctxt "joint"\nmsgid ""\n"We trust that',
            'msgctxt "to Mr Bilčík"\nmsgid ""\n"We trust that',
            INDIVIDUAL_ENTRY,
            f"{TRUST!r} (context 'joint') has no entry of its own (with msgctxt \"joint\"):"
            " 'letters i18n update' adds one with a suggestion to review (marked fuzzy), the"
            ' translation of the entry here, under msgctxt "individual", another message\'s'
            " with the same English",
        ),
        (  # the salutation's entry given a context another template asks for
            '{{ pgettext("salutation", "Dear colleagues,") }}',
            SINGULAR_ENTRY,
            f'msgctxt "salutation"\n{SINGULAR_ENTRY}',
            SINGULAR_ENTRY,
            "'Dear colleagues,' has no entry of its own (without a msgctxt): 'letters i18n"
            " update' adds one with a suggestion to review (marked fuzzy), the translation of"
            ' the entry here, under msgctxt "salutation", another message\'s with the same'
            " English",
        ),
    ],
    ids=["context-of-another-message", "no-context-beside-another-messages"],
)
def test_the_context_of_another_message_is_never_told_a_translation(
    sample: Path, runner: CliRunner, added: str, entry: str, renamed: str, at: str, said: str
) -> None:
    """A template asks for a message's English under a context of its own (one with a
    letter beyond ASCII in it, "to Mr Bilčík"), and the catalog has that message's entry,
    not the one asked for elsewhere: check says that this message's own entry is missing
    and that update adds one with a suggestion, naming the entry update takes it from,
    never that it is a translated context to be written back (which would take the entry
    from its message), nor to copy another message's translation (not fuzzy, so --final
    would take it unreviewed)."""
    from tests.conftest import add_paragraphs

    add_paragraphs(sample / "templates" / "appeal.docx", added)
    po = sample / UK
    text = po.read_text(encoding="utf-8")
    assert text.count(entry) == 1
    po.write_text(text.replace(entry, renamed), "utf-8")
    written = po.read_text(encoding="utf-8")
    line = written[: written.index(at)].count("\n") + at.count("\n", 0, at.index("msgid")) + 1
    check = runner.invoke(main, ["check", "-w", str(sample)])
    assert check.exit_code == 0, check.output
    warnings = [row for row in check.output.splitlines() if row.startswith(f"warning: {UK}:")]
    assert [row.partition("; used by")[0] for row in warnings] == [f"warning: {UK}:{line}: {said}"]


def test_update_takes_a_renamed_contexts_own_translation_not_another_messages(
    sample: Path, runner: CliRunner
) -> None:
    """The joint letter's last paragraph translated under msgctxt "спільний" (its context
    translated): check says 'letters i18n update' takes the entry's translation from that
    one, and so it does, though the one-official letter's entry below it has the same
    English (Babel's merge would take the last, whose polite "Ви" is not the joint
    letter's "кожен із вас")."""
    po = sample / UK
    text = po.read_text(encoding="utf-8")
    joint = 'msgctxt "joint"\nmsgid ""\n"We trust that'
    assert text.count(joint) == 1
    po.write_text(text.replace(joint, joint.replace('"joint"', '"спільний"')), "utf-8")
    update = runner.invoke(main, ["i18n", "update", "-w", str(sample)])
    assert update.exit_code == 0, update.output
    assert (
        "  1 made fuzzy, as only its msgctxt differs from the entry its translation was made"
        " for (translation carried over: review it, then remove the fuzzy flag): 'We trust that"
        " you will give this case your personal atten...' (context 'joint') taken from the"
        " entry under msgctxt 'спільний', which no template uses now and which it replaces in"
        " the file"
    ) in update.output.splitlines()
    with po.open("rb") as read:
        catalog = read_po(read, locale="uk")
    entry = catalog.get(
        "We trust that you will give this case your personal attention, and we would be"
        " grateful for your reply.",
        context="joint",
    )
    assert entry is not None and entry.fuzzy
    assert entry.string.startswith("Розраховуємо, що кожен із вас")
    msgfmt_check(po)


ASKING = "We are writing to ask for your urgent attention to the following case."
ASKED = {
    "uk": "Просимо невідкладно звернути увагу на викладену нижче справу.",
    "ru": "Просим безотлагательно обратить внимание на следующее дело.",
}
SLIPS = [
    (
        "uk",
        ASKING,
        f"translation of {ASKING!r} is its English, copied: translate it into Ukrainian (if"
        " the letter quotes the English on purpose, add the translator comment '# quotes"
        " English' to the entry)",
    ),
    (
        "ru",
        ASKING,
        f"translation of {ASKING!r} is its English, copied: translate it into Russian (if"
        " the letter quotes the English on purpose, add the translator comment '# quotes"
        " English' to the entry)",
    ),
    (  # a Latin i (U+0069) typed on the English layout
        "uk",
        "Просимо невідкладно звернути увагу на викладену нижче справу Ахметовоi.",
        f"translation of {ASKING!r} has 'Ахметовоi', a word of Latin and Cyrillic letters"
        " together: 'i' (U+0069) is a Latin letter among Cyrillic ones; type the word again"
        " in one alphabet (the letter looks the same, but search, spell-checking and screen"
        " readers read another)",
    ),
    (  # a Cyrillic а (U+0430) in a word of Latin letters
        "ru",
        "Просим безотлагательно обратить внимание на следующее дело (Fаcebook).",
        f"translation of {ASKING!r} has 'Fаcebook', a word of Latin and Cyrillic letters"
        " together: 'а' (U+0430) is a Cyrillic letter among Latin ones; type the word again"
        " in one alphabet (the letter looks the same, but search, spell-checking and screen"
        " readers read another)",
    ),
]


@pytest.mark.parametrize(
    ("lang", "typed", "said"), SLIPS, ids=["uk-copied", "ru-copied", "uk-latin-i", "ru-cyrillic-a"]
)
def test_the_english_copied_or_a_word_of_two_alphabets_is_refused(
    sample: Path, runner: CliRunner, lang: str, typed: str, said: str
) -> None:
    """What an editor's "copy from source" leaves, and a letter typed on the other keyboard
    layout, passed every check and went into the letter: now each is refused where it is,
    as a Russian letter in the Ukrainian catalog is, and no build writes anything."""
    po = sample / "locales" / lang / "LC_MESSAGES" / "templates.po"
    text = po.read_text(encoding="utf-8")
    assert text.count(f'msgstr "{ASKED[lang]}"') == 1
    text = text.replace(f'msgstr "{ASKED[lang]}"', f'msgstr "{typed}"')
    po.write_text(text, encoding="utf-8")
    line = text.split("\n").index(f'msgstr "{typed}"') + 1
    checked = runner.invoke(main, ["check", "-w", str(sample)])
    assert checked.exit_code == 1
    assert checked.output.split("\n")[0] == f"error: {po.relative_to(sample)}:{line}: {said}"
    before = files_under(sample)
    for final in ([], ["--final"]):
        built = runner.invoke(main, ["build", *final, "--lang", lang, "-w", str(sample)])
        assert built.exit_code == 1
        assert f"  {po.relative_to(sample)}:{line}: {said}" in built.output.split("\n")
        assert files_under(sample) == before


def test_a_translator_comment_lets_an_entry_quote_the_english(
    sample: Path, runner: CliRunner
) -> None:
    """'# quotes English' is the translator's word that the English is meant; a title of
    two words kept as it is (a group's name) needs none."""
    po = sample / UK
    text = po.read_text(encoding="utf-8")
    entry = f'msgid "{ASKING}"\nmsgstr "'
    text = text.replace(f'{entry}{ASKED["uk"]}"', f'# quotes English\n{entry}{ASKING}"')
    po.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["check", "--strict", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    msgfmt_check(po)
    assert copied_english("Renew Europe", "Renew Europe", "uk") is None
    assert copied_english("%(name)s (%(group)s)", "%(name)s (%(group)s)", "uk") is None
    # a name of several words kept in Latin: no running word of lower case
    assert copied_english("Human Rights Watch", "Human Rights Watch", "uk") is None
    assert copied_english("Ursula von der Leyen", "Ursula von der Leyen", "ru") is None
    assert mixed_alphabets("Facebook", "у Facebook'у та e-mail") is None
    # Ukrainian's apostrophe (U+02BC) joins a Latin name to its ending, as ' and ’ do
    assert mixed_alphabets("an iPhone", "з iPhone\u02bcа та Facebook\u2019у") is None
