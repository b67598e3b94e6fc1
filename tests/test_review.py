"""Reviewing derived name forms: the risky ones first and why; confirming them changes only
the lines it adds; languages without declension and people without a gender need typing."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from letters.cli import main
from letters.errors import LettersError
from letters.people.typed_forms import insert_forms
from tests.conftest import docx_text

TWO_PEOPLE = """
  - id: kryva
    gender: female
    language: uk
    country: UA
    tags: [may-2020]
    name: {en: Iryna Kryva, uk: Ірина Крива, ru: Ирина Крива}
    parts:
      uk: {given: Ірина, family: Крива}
    roles:
      - title: {en: Head of the Board, uk: Голова правління, ru: Председатель правления}
        institution: {en: Example Fund, uk: Приклад, ru: Пример}
        title_dative: {uk: Голові правління}
        address:
          en: [Ms Iryna Kryva, Head of the Board]
          ru: [Председателю правления, И. Кривой]
        salutation: {en: "Dear Ms Kryva,", ru: Уважаемая госпожа Крива!}

  - id: dumas
    gender: male
    language: uk
    country: FR
    tags: [may-2020]
    name: {en: Michel Dumas, uk: Мішель Дюма, ru: Мишель Дюма}
    parts:
      uk: {given: Мішель, family: Дюма}
    roles:
      - title: {en: Consul, uk: Консул, ru: Консул}
        institution: {en: Example Consulate, uk: Консульство, ru: Консульство}
        title_dative: {uk: Консулові}
        address:
          en: [Mr Michel Dumas, Consul]
          ru: [Консулу, М. Дюма]
        salutation: {en: "Dear Mr Dumas,", ru: Уважаемый господин Дюма!}
"""
STRESS = (
    "a final -а or -я declines only when it is unstressed (Петрарка → Петрарці, but Дюма,"
    " Золя stay as they are), and the stress of names from this country cannot be told"
    " from the spelling"
)
ADJECTIVE = (
    "a woman's family name in -а may be an adjective (Чорна → Чорній, the feminine of"
    " Чорний) or a noun (Сковорода → Сковороді); it was read as an adjective — the Russian"
    " parts settle it (Черная or Сковорода)"
)


@pytest.fixture
def two_more(sample: Path) -> Path:
    """The sample with two more officials: a name to check, and one to type."""
    officials = sample / "recipients" / "officials.yaml"
    officials.write_text(officials.read_text(encoding="utf-8") + TWO_PEOPLE, encoding="utf-8")
    return sample


def test_review_lists_the_risky_forms_first_and_says_why(two_more: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["recipients", "review", "kryva", "dumas", "-w", str(two_more)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "type it  dumas roles[0].address.uk: not derived; type it in recipients/officials.yaml",
        f"           because {STRESS}",
        "check    kryva roles[0].address.uk: Голові правління / Ірині КРИВІЙ",
        f"           because {ADJECTIVE}",
        "certain  kryva roles[0].salutation.uk: Шановна пані Ірино!",
        "certain  dumas roles[0].salutation.uk: Шановний пане Мішелю!",
        "1 to type, 1 to check, 2 certain. Type the forms that cannot be derived in the"
        " directory file; check each derived form and correct a wrong one by typing it, or"
        " run again with --confirm to accept them (--only certain --confirm: only the"
        " certain ones).",
    ]
    only = runner.invoke(
        main, ["recipients", "review", "--only", "check", "--only", "type-it", "-w", str(two_more)]
    )
    assert [line.split()[0] for line in only.output.splitlines()[:-1:2]] == ["type", "check"]


def test_check_asks_for_the_form_to_type_and_names_the_one_to_check(
    two_more: Path, runner: CliRunner
) -> None:
    result = runner.invoke(main, ["check", "-w", str(two_more)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert (
        "error: recipients/officials.yaml:314 people[8].roles[0]: the 'uk' address of dumas"
        f" cannot be derived ({STRESS}); type address.uk (needed by letter may-2020-joint)"
    ) in lines
    assert (
        "warning: recipients/officials.yaml:297 people[7].roles[0].address.uk: derived by a"
        f" rule to check ({ADJECTIVE}), not yet confirmed; check it with"
        " 'letters recipients review kryva'"
    ) in lines
    # the joint letter's error does not hide its other warnings: dumas's salutation is one
    assert lines[-2:] == [
        "warning: 2 name forms derived from regular patterns (graded certain) are not yet"
        " confirmed; 'letters recipients review' lists them among the directory's"
        " derived forms, and"
        " 'letters recipients review --only certain --confirm' accepts them",
        "Error: 1 problem found.",
    ]
    # under --strict the count is true of the lines shown: the last one counts two forms
    strict = runner.invoke(main, ["check", "--strict", "-w", str(two_more)])
    assert strict.exit_code == 1
    assert [line.split(":")[0] for line in strict.output.splitlines()] == [
        "error",
        "error",
        "error",
        "Error",
    ]
    assert strict.output.splitlines()[-1] == (
        "Error: 4 problems found (one line counts 2 name forms)."
    )


def test_confirm_writes_what_it_can_and_leaves_the_form_to_type(
    two_more: Path, runner: CliRunner
) -> None:
    officials = two_more / "recipients" / "officials.yaml"
    before = officials.read_text(encoding="utf-8")
    result = runner.invoke(
        main, ["recipients", "review", "kryva", "dumas", "--confirm", "-w", str(two_more)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "1 to type, 1 to check, 2 certain. Confirmed 3 forms; they are typed in the directory"
        " now. Type the others by hand."
    )
    assert only_added(before, officials.read_text(encoding="utf-8")) == [
        "          uk: [Голові правління, Ірині КРИВІЙ]",
        '        salutation: {en: "Dear Ms Kryva,", ru: Уважаемая госпожа Крива!,'
        " uk: Шановна пані Ірино!}",
        '        salutation: {en: "Dear Mr Dumas,", ru: Уважаемый господин Дюма!,'
        " uk: Шановний пане Мішелю!}",
    ]
    again = runner.invoke(main, ["recipients", "review", "kryva", "dumas", "-w", str(two_more)])
    assert again.output.splitlines()[0].startswith("type it  dumas roles[0].address.uk")
    assert again.output.splitlines()[-1].startswith("1 to type. ")


def only_added(before: str, after: str) -> list[str]:
    """The lines of ``after`` that are new or changed; fails unless every line of ``before``
    is still there, in order, unchanged or with text added inside it ({en: …} gets ", uk: …")."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    added, at = [], 0
    for line in new:
        if at < len(old) and (line == old[at] or _grown(old[at], line)):
            if line != old[at]:
                added.append(line.rstrip("\r\n"))
            at += 1
        else:
            added.append(line.rstrip("\r\n"))
    assert at == len(old), f"line {at + 1} of the file changed or went: {old[at]!r}"
    return added


def _grown(was: str, now: str) -> bool:
    """``now`` is ``was`` with text inserted (not at its start)."""
    ops = difflib.SequenceMatcher(None, was, now, autojunk=False).get_opcodes()
    return was[:12] == now[:12] and all(op in ("equal", "insert") for op, *_ in ops)


# --- a large directory file: comments, odd indentation, anchors, block scalars -------------


def person_text(n: int) -> str:
    """One person of a large file, written in one of several styles."""
    style = n % 4
    family = ["Ткаченко", "Мельничук", "Коваленко", "Бойко"][n % 4]
    given = ["Олександр", "Оксана", "Петро", "Ірина"][n % 4]
    gender = "female" if given in ("Оксана", "Ірина") else "male"
    head = (
        f"  - id: person-{n}   # number {n}\n"
        f"    gender: {gender}\n"
        "    language: uk\n"
        "    country: UA\n"
        f"    name: {{en: Person {n}, uk: {given} {family}, ru: Персона {n}}}\n"
        "    parts:\n"
        f"      uk: {{given: {given}, family: {family}}}\n"
    )
    if style == 0:  # sequence not indented under its key, comments between keys
        return head + (
            "    roles:\n"
            f"    - title: &title-{n} {{en: Judge, uk: Суддя, ru: Судья}}\n"
            "      # the court\n"
            "      institution: {en: Court, uk: Суд, ru: Суд}\n"
            "      title_dative: {uk: Судді}\n"
            "      address:\n"
            f"        en: [Judge {n}, Court]\n"
            f"        ru: [Судье, П. {n}]   # typed\n"
            "\n"
            "      # greeting follows\n"
            "      salutation:\n"
            "        en: Dear Judge,\n"
            "        ru: Уважаемый судья!\n"
        )
    if style == 1:  # four-space indentation; the title borrowed through an alias
        return head + (
            "    roles:\n"
            f"        -   title: *title-{n - 1}\n"
            "            institution:\n"
            "                en: Court\n"
            "                uk: Суд\n"
            "                ru: Суд\n"
            "            title_dative:\n"
            "                uk: Судді\n"
            "            address:\n"
            f"                en: [Judge {n}, Court]\n"
            f"                ru: ['Судье', \"П. {n}\"]\n"
            "            salutation:\n"
            "                en: 'Dear Judge,'\n"
            "                ru: Уважаемая судья!\n"
        )
    if style == 2:  # a folded block scalar last; no address or salutation yet
        return (
            head
            + (
                "    roles:\n"
                "      - title: {{en: Judge, uk: Суддя, ru: Судья}}\n"
                "        title_dative:\n"
                "          uk: Судді\n"
                "        institution:\n"
                "          en: Court\n"
                "          ru: Суд\n"
                "          uk: >-\n"
                "            Суд,\n"
                "            довгу назву якого записано в кількох рядках\n"
                "\n"
            ).format()
        )
    return head + (  # three-space indentation, a trailing comment on the last value
        "    roles:\n"
        "      -  title: {en: Judge, uk: Суддя, ru: Судья}\n"
        "         institution: {en: Court, uk: Суд, ru: Суд}\n"
        "         title_dative: {uk: Судді}\n"
        "         address:\n"
        f"            en: [Judge {n}, Court]\n"
        f"            ru: [Судье, П. {n}]\n"
        "         salutation:\n"
        "            en: Dear Judge,\n"
        "            ru: Уважаемая судья!   # the last line of the role\n"
    )


def large_file(count: int) -> str:
    people = "".join(
        person_text(n) + ("\n" if n % 3 else "\n# ---- section ----\n\n") for n in range(count)
    )
    return "# A large directory file\n\npeople:\n" + people + "# the end\n"


def test_confirm_on_a_large_file_changes_nothing_but_the_lines_it_adds(
    sample: Path, runner: CliRunner
) -> None:
    many = sample / "recipients" / "many.yaml"
    before = large_file(160)  # the directory of the issue had 1,981 lines
    assert before.count("\n") > 2000
    many.write_text(before, encoding="utf-8")
    assert runner.invoke(main, ["check", "-w", str(sample)]).exit_code == 0
    ids = [f"person-{n}" for n in range(160)]
    result = runner.invoke(main, ["recipients", "review", *ids, "--confirm", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    after = many.read_text(encoding="utf-8")
    added = only_added(before, after)
    assert len(added) == 40 * (2 + 2 + 4 + 2)
    # style 0 and 3: a line in each existing mapping, at its own indentation
    assert after.count("        uk: [Судді, Олександру ТКАЧЕНКУ]\n") == 40
    assert after.count("        uk: Шановний пане Олександре!\n") == 40
    assert after.count("            uk: [Судді, Ірині БОЙКО]\n") == 40
    # style 1: four spaces; style 2: new mappings after the folded scalar
    assert after.count("                uk: [Судді, Оксані МЕЛЬНИЧУК]\n") == 40
    assert (
        after.count(
            "довгу назву якого записано в кількох рядках\n        address:\n"
            "          uk: [Судді, Петру КОВАЛЕНКУ]\n        salutation:\n"
            "          uk: Шановний пане Петре!\n\n"
        )
        == 40
    )
    # the data read back: the forms typed, everything else as it was
    yaml = YAML(typ="safe")
    old, new = yaml.load(before), yaml.load(after)
    for person in new["people"]:
        role = person["roles"][0]
        assert set(role["address"]) >= {"uk"} and set(role["salutation"]) >= {"uk"}
        del role["address"]["uk"], role["salutation"]["uk"]
        for key in ("address", "salutation"):
            if not role[key]:
                del role[key]
    assert new == old
    again = runner.invoke(main, ["recipients", "review", *ids, "-w", str(sample)])
    assert again.output == (
        "No derived forms to review. A form a letter needs and nobody typed or could derive"
        " is an error of 'letters check'.\n"
    )


def test_confirm_refuses_a_role_shared_through_an_anchor(sample: Path, runner: CliRunner) -> None:
    text = (
        "people:\n"
        "  - id: first\n    gender: male\n    language: uk\n    name: {uk: Петро Бойко}\n"
        "    parts: {uk: {given: Петро, family: Бойко}}\n"
        "    roles:\n      - &role\n        title: {uk: Суддя}\n        institution: {uk: Суд}\n"
        "        title_dative: {uk: Судді}\n"
        "  - id: second\n    gender: male\n    language: uk\n    name: {uk: Іван Бойко}\n"
        "    parts: {uk: {given: Іван, family: Бойко}}\n"
        "    roles:\n      - *role\n"
    )
    shared = sample / "recipients" / "shared.yaml"
    shared.write_bytes(text.encode())
    result = runner.invoke(main, ["recipients", "review", "first", "--confirm", "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output == (
        "Error: recipients/shared.yaml: people[0].roles[0] (first): roles is shared with another"
        " place through a YAML anchor (&name, *name): a confirmed form would be written for"
        " both. Give each person their own roles, or type the forms by hand; nothing was"
        " written\n"
    )
    assert shared.read_bytes() == text.encode()


class Form:
    def __init__(self, field: str, value: str | list[str], lang: str = "uk") -> None:
        self.person, self.index, self.role = "p", 0, 0
        self.lang, self.field, self.value = lang, field, value


HEAD = "people:\n  - id: p\n    roles:\n      - title: {uk: T}\n"
# the role's last value an alias of a value elsewhere (the composer gives it the place of its
# anchor, 'lines: &n'): the forms would go after the anchor, so it is refused, naming the line
ALIAS = "lines: &n [A, B]\nline: &l A\n" + HEAD
ALIAS_WRITE_OUT = (
    "line {} holds a YAML alias (*name) where the confirmed forms would follow it; write this"
    " value out, not as an alias, to have it confirmed"
)
ALIAS_LINES = {
    "alias-one-item": (ALIAS + "        address:\n          en:\n            - *l\n", 9),
    "alias-after-alias": (
        ALIAS + "        address:\n          en:\n            - *n\n            - *l\n",
        10,
    ),
    "alias-mapping-value": (ALIAS + "        address:\n          en: *n\n", 8),
    "alias-list-value": (
        ALIAS + "        address:\n          en:\n            - X\n            - *l\n",
        10,
    ),
}
ALIAS_LAST = {
    name: (before, ALIAS_WRITE_OUT.format(line)) for name, (before, line) in ALIAS_LINES.items()
}


@pytest.mark.parametrize(
    "before,forms,after",
    [
        pytest.param(  # a flow mapping gets the entry before its brace, quoted where needed
            HEAD + "        salutation: {en: 'Dear Minister,' }  # typed\n",
            [Form("salutation", "Шановний пане Петре!"), Form("address", ["A, B", "C"])],
            HEAD
            + "        salutation: {en: 'Dear Minister,', uk: Шановний пане Петре! }  # typed\n"
            '        address:\n          uk: ["A, B", C]\n',
            id="flow-mapping",
        ),
        pytest.param(  # Windows line endings, no line break at the end
            HEAD.replace("\n", "\r\n") + "        address:\r\n          en: [A]",
            [Form("address", ["B"])],
            HEAD.replace("\n", "\r\n")
            + "        address:\r\n          en: [A]\r\n          uk: [B]\r\n",
            id="crlf-no-final-newline",
        ),
        pytest.param(  # a value YAML would read otherwise is quoted
            HEAD,
            [Form("salutation", "no"), Form("salutation", "Dear: Sir #1", "en")],
            HEAD + '        salutation:\n          uk: "no"\n          en: "Dear: Sir #1"\n',
            id="quoting",
        ),
        pytest.param(  # a long address is written one line per item
            HEAD,
            [Form("address", ["Голові " + "дуже " * 20 + "довгого комітету", "Петру БОЙКУ"])],
            HEAD
            + "        address:\n          uk:\n            - Голові "
            + "дуже " * 20
            + "довгого комітету\n            - Петру БОЙКУ\n",
            id="long-list",
        ),
    ],
)
def test_forms_are_inserted_in_the_file_own_style(before: str, forms: list, after: str) -> None:
    assert insert_forms(before, "x.yaml", forms) == after


@pytest.mark.parametrize(
    "before,message",
    [
        (
            HEAD.replace("      - title: {uk: T}\n", "      - <<: *base\n        title: {uk: T}\n"),
            "the role takes keys from a YAML merge (<<: *name); type the forms by hand",
        ),
        (
            HEAD + "        salutation: &s {en: Dear Sir,}\n  - id: q\n    roles:\n"
            "      - {title: {uk: T}, salutation: *s}\n",
            "salutation is shared with another place through a YAML anchor (&name, *name): a"
            " confirmed form would be written for both. Give each person their own salutation,"
            " or type the forms by hand",
        ),
        (
            HEAD.replace("id: p", "id: someone-else"),
            "the file changed since it was read; run the command again",
        ),
        *ALIAS_LAST.values(),
    ],
    ids=["merge", "shared-salutation", "changed", *ALIAS_LAST],
)
def test_an_insertion_that_would_touch_more_is_refused(before: str, message: str) -> None:
    if "*base" in before:
        before = "base: &base {institution: {uk: I}}\n" + before
    with pytest.raises(LettersError) as caught:
        insert_forms(before, "x.yaml", [Form("salutation", "Шановний пане Петре!")])
    assert str(caught.value) == f"x.yaml: people[0].roles[0] (p): {message}; nothing was written"


# --- a language without declension, a person without a gender ------------------------------


@pytest.fixture
def starter(tmp_path: Path, runner: CliRunner) -> Path:
    """The starter workspace of `letters init`: one official, one letter in English."""
    assert runner.invoke(main, ["init", str(tmp_path / "ws")]).exit_code == 0
    return tmp_path / "ws"


def test_a_language_without_declension_needs_typed_forms(starter: Path, runner: CliRunner) -> None:
    """Never an English form labelled as derived: the Polish forms are asked for."""
    people = starter / "recipients" / "people.yaml"
    text = people.read_text(encoding="utf-8")
    text = text.replace(
        "      en: Jane Example\n", "      en: Jane Example\n      pl: Jane Example\n"
    )
    text = text.replace(
        "    roles:\n      - from: 2020-01-01",
        "    parts:\n      pl: {given: Jane, family: Example}\n"
        "    roles:\n      - from: 2020-01-01",
    )
    people.write_text(text, encoding="utf-8")
    config = starter / "workspace.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "  pl: pl_PL\n", encoding="utf-8")
    letters = starter / "cases" / "example" / "letters.yaml"
    letters.write_text(
        letters.read_text(encoding="utf-8").replace("languages: [en]", "languages: [en, pl]"),
        encoding="utf-8",
    )
    result = runner.invoke(main, ["check", "-w", str(starter)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert [line for line in lines if "people[0].roles[0]:" in line] == [
        "error: recipients/people.yaml:15 people[0].roles[0]: no 'pl' address lines for"
        " example-official: name forms in 'pl' are not derived (only in en, uk, ru); type"
        " address.pl (needed by letter example-appeal)",
        "error: recipients/people.yaml:15 people[0].roles[0]: no 'pl' salutation for"
        " example-official: name forms in 'pl' are not derived (only in en, uk, ru); type"
        " salutation.pl (needed by letter example-appeal)",
    ]
    assert not any("Dear" in line or "derived from" in line for line in lines)


def test_a_person_without_a_gender_gets_the_chosen_neutral_salutation(
    starter: Path, runner: CliRunner
) -> None:
    people = starter / "recipients" / "people.yaml"
    text = people.read_text(encoding="utf-8").replace("    gender: female\n", "", 1)
    people.write_text(text.replace("        salutation:\n          en: Dear Minister,\n", ""))
    result = runner.invoke(main, ["check", "-w", str(starter)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "error: recipients/people.yaml:11 people[0].roles[0]: no 'en' salutation: type"
        " salutation.en, or give gender and parts.en, or set neutral_salutation.en in"
        " workspace.yaml or the letter (needed by letter example-appeal)"
    )
    config = starter / "workspace.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + 'neutral_salutation:\n  en: "Dear {name},"\n',
        encoding="utf-8",
    )
    letters = starter / "cases" / "example" / "letters.yaml"
    text = letters.read_text(encoding="utf-8").replace("mode: joint", "mode: individual")
    letters.write_text(text, encoding="utf-8")
    assert runner.invoke(main, ["build", "-w", str(starter)]).exit_code == 0
    letter = starter / "out" / "example-appeal" / "example-appeal.example-official.en.docx"
    assert "Dear Jane Example," in docx_text(letter)

    letters.write_text(text + '    neutral_salutation: {en: "Dear colleague,"}\n', encoding="utf-8")
    assert runner.invoke(main, ["build", "-w", str(starter)]).exit_code == 0
    assert "Dear colleague," in docx_text(letter)


def test_a_neutral_salutation_shows_only_the_name(starter: Path, runner: CliRunner) -> None:
    config = starter / "workspace.yaml"
    before = config.read_text(encoding="utf-8")
    config.write_text(before + 'neutral_salutation:\n  en: "Dear {title},"\n', encoding="utf-8")
    line = before.count("\n") + 2  # the line of en:, under the lines init wrote
    result = runner.invoke(main, ["check", "-w", str(starter)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"error: workspace.yaml:{line} neutral_salutation.en: only {{name}} may stand in braces:"
        " it shows the person's name"
    )


# --- an alias of another person's value in the role the forms go into ------------------------

MEP_LINE = (  # Auštrevičius's role gets an address whose first line is an anchor
    "          ru: Европейский парламент\n\n  - id: bilcik\n",
    "          ru: Европейский парламент\n        address:\n          uk:\n"
    "            - &mep-line Депутату Європейського Парламенту\n"
    "            - Петрасу АУШТРЯВІЧЮСУ\n\n  - id: bilcik\n",
)


@pytest.mark.parametrize(
    "bilcik_address,refused_at",
    [
        pytest.param(["*mep-line"], 82, id="alias-last"),
        pytest.param(["*mep-line", "Владіміру БІЛЬЧІКУ"], None, id="alias-then-own-line"),
    ],
)
def test_confirm_never_writes_after_an_alias_anchor_in_another_entry(
    sample: Path, runner: CliRunner, bilcik_address: list[str], refused_at: int | None
) -> None:
    """The composer gives an alias its anchor's place, in Auštrevičius's entry: the forms
    confirmed for Bilčík go after his own last line, or are refused naming it."""
    meps = sample / "recipients" / "meps.yaml"
    text = meps.read_text(encoding="utf-8").replace(*MEP_LINE, 1)
    bilcik_end = "          ru: Европейский парламент\n\n  - id: guetta\n"
    lines = "".join(f"            - {line}\n" for line in bilcik_address)
    own = bilcik_end.replace("\n\n", f"\n        address:\n          uk:\n{lines}\n", 1)
    text = text.replace(bilcik_end, own, 1)
    meps.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["recipients", "review", "bilcik", "--confirm", "-w", str(sample)])
    if refused_at is not None:
        assert result.exit_code == 1
        assert result.output == (
            f"Error: recipients/meps.yaml: people[1].roles[0] (bilcik): line {refused_at} holds"
            " a YAML alias (*name) where the confirmed forms would follow it; write this value"
            " out, not as an alias, to have it confirmed; nothing was written\n"
        )
        assert meps.read_text(encoding="utf-8") == text
        return
    assert result.exit_code == 0, result.output
    yaml = YAML(typ="safe")
    old, new = yaml.load(text), yaml.load(meps.read_text(encoding="utf-8"))
    assert new["people"][1]["roles"][0].pop("salutation") == {"en": "Dear Mr Bilčík,"}
    assert new == old  # every other person, and the rest of Bilčík's entry, as it was
