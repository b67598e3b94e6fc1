"""Importing the lists NGOs use: EP XML, EP Open Data JSON, CSV in three encodings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from letters.cli import main
from tests.conftest import files_under
from tests.test_i18n_update_together import NOT_PERMITTED, unwritable

DATA = Path(__file__).parent / "data" / "import"

CSV_PEOPLE = [
    {
        "id": "maliuska",
        "name": {"en": "Denys Maliuska", "uk": "Денис Малюська"},
        "language": "uk",
        "parts": {"en": {"given": "Denys", "family": "Maliuska"}},
        "gender": "male",
        "email": "minister@example.org",
        "country": "UA",
        "tags": ["may-2020", "ukraine"],
        "roles": [
            {
                "title": {"en": "Minister of Justice of Ukraine", "uk": "Міністр юстиції України"},
                "institution": {
                    "en": "Ministry of Justice of Ukraine",
                    "uk": "Міністерство юстиції України",
                },
            }
        ],
    },
    {
        "id": "naumenko",
        "name": {"en": "Nataliia Naumenko", "uk": "Наталія Науменко"},
        "language": "uk",
        "parts": {"en": {"given": "Nataliia", "family": "Naumenko"}},
        "gender": "female",
        "country": "UA",
        "tags": ["may-2020"],
        "roles": [
            {
                "title": {
                    "en": "Deputy Head of the State Migration Service of Ukraine",
                    "uk": "Заступник Голови Державної міграційної служби України",
                },
                "institution": {
                    "en": "State Migration Service of Ukraine",
                    "uk": "Державна міграційна служба України",
                },
            }
        ],
    },
]


def load_people(path: Path) -> list[dict]:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))["people"]


@pytest.fixture
def workspace(tmp_path: Path, runner: CliRunner) -> Path:
    ws = tmp_path / "ws"
    assert runner.invoke(main, ["init", str(ws)]).exit_code == 0
    return ws


def run_import(runner: CliRunner, ws: Path, name: str, *extra: str) -> str:
    result = runner.invoke(main, ["recipients", "import", str(DATA / name), "-w", str(ws), *extra])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    "name",
    # people-utf16-tabs.csv: as Excel saves "Unicode Text", UTF-16 with its mark, tab-separated
    ["people-utf8.csv", "people-utf8-bom.csv", "people-cp1251.csv", "people-utf16-tabs.csv"],
)
def test_csv_in_each_encoding_gives_the_same_directory(
    workspace: Path, runner: CliRunner, name: str
) -> None:
    output = run_import(runner, workspace, name)
    assert output.splitlines()[:3] == [
        "added maliuska",
        "added naumenko",
        "2 people read: 2 added, 0 updated, 0 unchanged",
    ]
    assert load_people(workspace / "recipients" / "imported.yaml") == CSV_PEOPLE
    assert runner.invoke(main, ["check", "-w", str(workspace)]).exit_code == 0


EP_PEOPLE = [
    ("ep-96608", 96608, "Petras", "Auštrevičius", "LT", "Renew Europe"),
    ("ep-28269", 28269, "Rasa", "Juknevičienė", "LT", "EPP"),
    ("ep-197441", 197441, "Viola", "von Cramon-Taubadel", "DE", "Greens/EFA"),
    ("ep-197681", 197681, "Michal", "Šimečka", "SK", "Renew Europe"),
    ("ep-28266", 28266, "Sophia", "in 't Veld", "NL", "Renew Europe"),
    ("ep-197543", 197543, "Bernard", "Guetta", "FR", "Renew Europe"),
]


def ep_view(people: list[dict]) -> list[tuple]:
    """What both EP lists give of each person: ids, name, country and group."""
    out = []
    for p in people:
        parts = p["parts"]["en"]
        assert p["name"]["en"] == f"{parts['given']} {parts['family']}"
        assert set(p["group"].values()) == {p["group"]["en"]}  # one label, every language
        out.append((p["id"], p["ep_id"], parts["given"], parts["family"], p["country"]))
        out[-1] += (p["group"]["en"],)
    return out


def test_ep_xml_list(workspace: Path, runner: CliRunner) -> None:
    run_import(runner, workspace, "ep-meps.xml")
    people = load_people(workspace / "recipients" / "imported.yaml")
    assert ep_view(people) == EP_PEOPLE
    assert people[0]["party"] == "Lietuvos Respublikos liberalų sąjūdis"
    assert people[1]["group"] == {"en": "EPP", "uk": "EPP", "ru": "EPP"}
    assert people[0]["roles"] == [
        {
            "title": {"en": "Member of the European Parliament"},
            "institution": {"en": "European Parliament"},
        }
    ]
    assert people[4]["imported"] == {
        "name": "Sophia in 't Veld",
        "given": "Sophia",
        "family": "in 't Veld",
        "country": "NL",
        "group": "renew",
        "party": "Democraten 66",
    }
    assert runner.invoke(main, ["check", "-w", str(workspace)]).exit_code == 0


def test_ep_xml_and_json_give_the_same_people(
    workspace: Path, runner: CliRunner, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    assert runner.invoke(main, ["init", str(other)]).exit_code == 0
    run_import(runner, workspace, "ep-meps.xml")
    run_import(runner, other, "ep-meps.json")
    from_xml = load_people(workspace / "recipients" / "imported.yaml")
    from_json = load_people(other / "recipients" / "imported.yaml")
    assert ep_view(from_xml) == ep_view(from_json) == EP_PEOPLE
    assert from_json[4]["email"] == "sophia.intveld@europarl.europa.eu"
    assert from_json[4]["gender"] == "female"


def test_ep_xml_in_utf16_reads_like_utf8(
    workspace: Path, runner: CliRunner, tmp_path: Path
) -> None:
    text = (DATA / "ep-meps.xml").read_text(encoding="utf-8").replace("UTF-8", "UTF-16")
    source = tmp_path / "meps-utf16.xml"
    source.write_bytes(text.encode("utf-16"))
    result = runner.invoke(main, ["recipients", "import", str(source), "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    assert ep_view(load_people(workspace / "recipients" / "imported.yaml")) == EP_PEOPLE


# The surname is the part the EP writes in capitals; a particle keeps the case it has.
@pytest.mark.parametrize(
    ("full", "country", "given", "family"),
    [
        ("Petras AUŠTREVIČIUS", "LT", "Petras", "Auštrevičius"),
        ("Sophia in 't VELD", "NL", "Sophia", "in 't Veld"),
        ("Sophie in ’t VELD", "NL", "Sophie", "in ’t Veld"),
        ("Esther de LANGE", "NL", "Esther", "de Lange"),
        ("Peter van DALEN", "NL", "Peter", "van Dalen"),
        ("Ursula von der LEYEN", "DE", "Ursula", "von der Leyen"),
        ("David McALLISTER", "DE", "David", "McAllister"),
        ("Chris MacMANUS", "IE", "Chris", "MacManus"),
        ("Seán O'NEILL", "IE", "Seán", "O'Neill"),
        ("Rosa d'AMATO", "IT", "Rosa", "d'Amato"),
        ("Diana RIBA I GINER", "ES", "Diana", "Riba i Giner"),
        ("Pilar del CASTILLO VERA", "ES", "Pilar", "del Castillo Vera"),
        ("Margarita de la PISA CARRIÓN", "ES", "Margarita", "de la Pisa Carrión"),
        ("Viola VON CRAMON-TAUBADEL", "DE", "Viola", "von Cramon-Taubadel"),
        ("Salvatore DE MEO", "IT", "Salvatore", "De Meo"),
        ("Kathleen VAN BREMPT", "BE", "Kathleen", "Van Brempt"),
        ("Marine LE PEN", "FR", "Marine", "Le Pen"),
        ("Maria da Graça CARVALHO", "PT", "Maria da Graça", "Carvalho"),
        ("Marek Paweł BALT", "PL", "Marek Paweł", "Balt"),
        ("Jakop G. DALUNDE", "SE", "Jakop G.", "Dalunde"),
        ("Attila ARA-KOVÁCS", "HU", "Attila", "Ara-Kovács"),
    ],
)
def test_ep_full_name_is_split_where_the_capitals_begin(
    full: str, country: str, given: str, family: str
) -> None:
    from letters.people.sources import split_full_name

    assert split_full_name(full, country) == (given, family)


def test_ep_json_and_reimport_reports_changes(
    workspace: Path, runner: CliRunner, tmp_path: Path
) -> None:
    run_import(runner, workspace, "ep-meps.json")
    people = load_people(workspace / "recipients" / "imported.yaml")
    assert people[0]["email"] == "petras.austrevicius@europarl.europa.eu"
    assert people[0]["gender"] == "male"
    assert people[3]["country"] == "SK"

    # The user adds Ukrainian forms by hand; a re-import keeps them.
    target = workspace / "recipients" / "imported.yaml"
    target.write_text(
        target.read_text(encoding="utf-8").replace(
            "      en: Petras Auštrevičius\n",
            "      en: Petras Auštrevičius\n      uk: Петрас Ауштрявічюс  # typed by hand\n",
            1,
        ),
        encoding="utf-8",
    )
    changed = tmp_path / "changed.json"
    changed.write_text(
        (DATA / "ep-meps.json")
        .read_text(encoding="utf-8")
        .replace("mailto:petras.austrevicius@", "mailto:p.austrevicius@"),
        encoding="utf-8",
    )
    result = runner.invoke(main, ["recipients", "import", str(changed), "-w", str(workspace)])
    assert result.output.splitlines()[:2] == [
        "updated ep-96608: email",
        "6 people read: 0 added, 1 updated, 5 unchanged",
    ]
    text = target.read_text(encoding="utf-8")
    assert "uk: Петрас Ауштрявічюс  # typed by hand" in text
    assert "email: p.austrevicius@europarl.europa.eu" in text


def test_reimport_keeps_a_hand_correction_and_says_so(
    workspace: Path, runner: CliRunner, tmp_path: Path
) -> None:
    run_import(runner, workspace, "ep-meps.xml")
    target = workspace / "recipients" / "imported.yaml"
    text = target.read_text(encoding="utf-8")
    for old, new in (
        ("      en: Viola von Cramon-Taubadel\n", "      en: Viola von Cramon  # as she signs\n"),
        ("        family: von Cramon-Taubadel\n", "        family: von Cramon\n"),
        ("      en: Greens/EFA\n", "      en: Greens–EFA\n"),  # a label typed differently
    ):
        assert text.count(old) == 1
        text = text.replace(old, new)
    target.write_text(text, encoding="utf-8")
    # The EP renames the party and corrects another member's name.
    changed = tmp_path / "meps.xml"
    changed.write_text(
        (DATA / "ep-meps.xml")
        .read_text(encoding="utf-8")
        .replace("Bündnis 90/Die Grünen", "BÜNDNIS 90/DIE GRÜNEN")
        .replace("Bernard GUETTA", "Bernard GUETTA-BLUM"),
        encoding="utf-8",
    )
    kept = (
        "kept ep-197441: name.en (corrected by hand; the list says 'Viola von"
        " Cramon-Taubadel'), parts.en.family (corrected by hand; the list says"
        " 'von Cramon-Taubadel')"
    )
    result = runner.invoke(main, ["recipients", "import", str(changed), "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:4] == [
        "updated ep-197441: party",
        "updated ep-197543: name.en, parts.en.family",
        kept,
        "6 people read: 0 added, 2 updated, 4 unchanged",
    ]
    text = target.read_text(encoding="utf-8")
    assert "      en: Viola von Cramon  # as she signs\n" in text
    assert "        family: von Cramon\n" in text
    assert "      en: Greens–EFA\n" in text
    assert "party: BÜNDNIS 90/DIE GRÜNEN" in text
    assert "      en: Bernard Guetta-Blum\n" in text

    # The other list keeps the fix as well, and says so each time.
    again = run_import(runner, workspace, "ep-meps.json")
    assert kept in again.splitlines()
    people = load_people(target)
    assert people[2]["name"]["en"] == "Viola von Cramon"
    assert people[5]["name"]["en"] == "Bernard Guetta"  # what the EP says now


def test_sample_signatories_are_found_by_ep_id_not_added_again(
    sample: Path, runner: CliRunner
) -> None:
    meps = sample / "recipients" / "meps.yaml"
    before = meps.read_text(encoding="utf-8")
    result = run_import(runner, sample, "ep-meps.json")
    assert result.splitlines() == [
        "added ep-197441",
        "added ep-28266",
        "ep-197441, ep-28266: the list gives no language, so they read 'en' (--language), the"
        " language of their e-mails: change 'language:' in recipients/imported.yaml where it is"
        " not theirs (a European Parliament list gives no one's)",
        # the sample's signatories have the name parts the lists give already
        "6 people read: 2 added, 0 updated, 4 unchanged",
        "wrote " + str(meps),
        "wrote " + str(sample / "recipients" / "imported.yaml"),
    ]
    # Only lines were added to the signatories' file: every line before is still there,
    # in its order (the comments and flow-style lists too).
    remaining = iter(meps.read_text(encoding="utf-8").splitlines())
    assert all(any(line == kept for kept in remaining) for line in before.splitlines())
    listed = runner.invoke(main, ["recipients", "list", "--tag", "mep", "-w", str(sample)])
    assert listed.output.splitlines()[-1] == "8 people"  # 6 signatories and 2 new MEPs
    run_import(runner, sample, "ep-meps.xml")
    listed = runner.invoke(main, ["recipients", "list", "--tag", "mep", "-w", str(sample)])
    assert listed.output.splitlines()[-1] == "8 people"
    assert runner.invoke(main, ["check", "-w", str(sample)]).exit_code == 0


MALFORMED = {
    "bad-encoding.csv": "Error: bad-encoding.csv: cannot tell the text encoding: it is not"
    " UTF-8, and read as Windows-1251 it would not read as words."
    " Save it as UTF-8 (Excel: 'CSV UTF-8'), or name the encoding with --encoding.\n",
    "missing-column.csv": "Error: missing-column.csv: missing column 'id' (the header has:"
    " given_name, family_name, gender)\n",
    "duplicate.csv": "Error: 1 problem in duplicate.csv; the directory was not changed:\n"
    "  duplicate.csv:4: duplicate person 'maliuska' (also line 2): delete one of the two rows,"
    " or give each an id of their own if they are two people\n",
    "bad-email.csv": "Error: 1 problem in bad-email.csv; the directory was not changed:\n"
    "  bad-email.csv:2 email: must be one e-mail address, like name@example.org"
    " (no lists, no names)\n",
    # No column holds a line break: the quoted e-mail cell running on to line 3 is refused
    # as it is read, before the e-mail check sees it.
    "header-injection.csv": 'Error: header-injection.csv:2: a quotation mark (") opens a cell'
    " on this line and is not closed on it, so lines 2 to 3 would be read as one row, and no"
    " column holds a line break; close the quotation mark on line 2, or delete it\n",
    "doctype.xml": "Error: doctype.xml: XML with a DOCTYPE is refused (it can define"
    " entities); the European Parliament's list has none\n",
    "doctype-utf16.xml": "Error: doctype-utf16.xml: XML with a DOCTYPE is refused (it can"
    " define entities); the European Parliament's list has none\n",
    "broken.xml": "Error: broken.xml:5:37: not well-formed XML: a closing tag does not match"
    " the tag it closes\n",
    "undefined-entity.xml": "Error: undefined-entity.xml:4:31: not well-formed XML: an entity"
    " XML does not define (such as &nbsp;); write the character itself\n",
    # a superscript digit passes str.isdigit() but not int(): it was an internal error
    "id-in-other-digits.xml": "Error: id-in-other-digits.xml:3: missing or non-numeric MEP id\n",
    # thousands of digits are more than int() reads: an internal error too
    "id-too-long.json": "Error: id-too-long.json data[0]: an MEP id of 5,000 digits, more than"
    " the 9 an import takes (import limit; the European Parliament's have up to 6)\n",
    # the same id as a JSON number: json.loads stopped at Python's 4,300 digits itself, a
    # ValueError reported as an internal error of letters
    "id-a-long-number.json": "Error: id-a-long-number.json: not the EP's JSON: a number of"
    " 5,000 digits, more than the 4,300 a JSON file is read with (JSON limit)\n",
    # the workspace's languages in its own order: a set's order changed from run to run
    "language-unknown.csv": "Error: 1 problem in language-unknown.csv; the directory was not"
    " changed:\n  language-unknown.csv:2 language: unknown language 'xx'; this workspace writes"
    " in en, uk, ru; 'xx' is not a language code (use one such as pl or de): give the one of"
    " these to write to them in\n",
    "emial.csv": "Error: emial.csv:1: unknown column 'emial'; did you mean 'email'?\n",
    "no-id.json": "Error: no-id.json data[0]: missing or non-numeric MEP id\n",
    "gendre.csv": "Error: gendre.csv:1: unknown column 'gendre'; did you mean 'gender'?\n",
    "duplicate-email.csv": "Error: 1 problem in duplicate-email.csv; the directory was not"
    " changed:\n  duplicate-email.csv:3 email: the same e-mail address as bergova"
    " (duplicate-email.csv line 2)\n",
    "directory-email.csv": "Error: 1 problem in directory-email.csv; the directory was not"
    " changed:\n  directory-email.csv:2 email: the same e-mail address as maliuska"
    " (recipients/imported.yaml:9)\n",
    # The quote opened on line 2 would read every line below into its cell: the rows of
    # kovac and novak would become bergova's tags without a word.
    "quote-never-closed.csv": 'Error: quote-never-closed.csv:2: a quotation mark (") opens a'
    " cell on this line and is not closed on it, so lines 2 to 4 would be read as one row,"
    " and no column holds a line break; close the quotation mark on line 2, or delete it\n",
    "cell-under-unnamed-column.csv": "Error: cell-under-unnamed-column.csv:2: a cell under"
    " column 5, which has no name in the header (it would be lost); name the column or empty"
    " the cell\n",
    # A quote left open in the header read the rows below into one header cell, and the
    # "unknown column" message quoted it: names and e-mail addresses and all.
    "quote-open-in-header.csv": 'Error: quote-open-in-header.csv:1: a quotation mark (")'
    " opens a cell on this line and is not closed on it, so lines 1 to 3 would be read as one"
    " row, and no column holds a line break; close the quotation mark on line 1, or delete"
    " it\n",
    "quote-open-in-header-cell.csv": "Error: quote-open-in-header-cell.csv:1: a quotation mark"
    ' (") opens a cell on this line and is not closed on it, so lines 1 to 2 would be read as'
    " one row, and no column holds a line break; close the quotation mark on line 1, or"
    " delete it\n",
    # A later quoted cell "closed" the quote left open on line 2: kovac's row and most of
    # novak's became bergova's tags, and the message named bad tags, quoting their names.
    "quote-closed-by-a-later-cell.csv": "Error: quote-closed-by-a-later-cell.csv:2: a quotation"
    ' mark (") opens a cell on this line and is not closed on it, so lines 2 to 4 would be'
    " read as one row, and no column holds a line break; close the quotation mark on line 2,"
    " or delete it\n",
    # left open on the last line, the quote swallows only that line's break: still refused
    "quote-open-on-last-line.csv": "Error: quote-open-on-last-line.csv:3: a quotation mark"
    ' (") opens a cell on this line and is not closed on it, so its cell would hold a line'
    " break, which no column holds; close the quotation mark on line 3, or delete it\n",
    # json.loads kept the last of two values under one key: the first, seen by whoever
    # read the file, was dropped without a word
    "duplicate-key.json": "Error: duplicate-key.json:9: not the EP's JSON: the key"
    " 'hasEmail' a second time in one object (first on line 7); delete one of them\n",
    # Exported with its formulas (Excel's semicolons and BOM, blank rows below): the text
    # of =HYPERLINK(…) would have been the e-mail address, and =B4&" "&C4 the name
    "formula.csv": "Error: 2 problems in formula.csv; the directory was not changed:\n"
    + "".join(
        f"  formula.csv:{line} {column}: a spreadsheet formula, not the value it shows: replace"
        " the formula with its value in the spreadsheet (copy the column and paste it as"
        " values only) and export the CSV again (in LibreOffice, with 'Save cell formulas"
        " instead of calculated values' off)\n"
        for line, column in ((2, "email"), (3, "name"))
    ),
    # The formula was refused before any row was checked: each problem beside it came to
    # light one run at a time. Its own cell's problems (its text is not an address, nor a
    # name) are not named again.
    "formula-beside-other-problems.csv": "Error: 5 problems in formula-beside-other-problems.csv;"
    " the directory was not changed:\n"
    "  formula-beside-other-problems.csv:2 language: unknown language 'ua'; this workspace"
    " writes in en, uk, ru; did you mean 'uk'?\n"
    "  formula-beside-other-problems.csv:3 email: must be one e-mail address, like"
    " name@example.org (no lists, no names)\n"
    "  formula-beside-other-problems.csv:3 name: a spreadsheet formula, not the value it shows:"
    " replace the formula with its value in the spreadsheet (copy the column and paste it as"
    " values only) and export the CSV again (in LibreOffice, with 'Save cell formulas instead"
    " of calculated values' off)\n"
    "  formula-beside-other-problems.csv:4: duplicate person 'sydor' (also line 3): delete one"
    " of the two rows, or give each an id of their own if they are two people\n"
    "  formula-beside-other-problems.csv:4 roles[0].title: must not be empty\n",
    # read without its formulas, the row lacks an id and a title, and its country's text is
    # no country: those are the formulas again, named once
    "formula-in-required-cells.csv": "Error: 3 problems in formula-in-required-cells.csv; the"
    " directory was not changed:\n"
    + "".join(
        f"  formula-in-required-cells.csv:2 {column}: a spreadsheet formula, not the value it"
        " shows: replace the formula with its value in the spreadsheet (copy the column and"
        " paste it as values only) and export the CSV again (in LibreOffice, with 'Save cell"
        " formulas instead of calculated values' off)\n"
        for column in ("country", "id", "title")
    ),
    # U+FDD0, a noncharacter as U+FFFE is, in a family name: imported unseen into the letter
    "noncharacter.csv": "Error: 2 problems in noncharacter.csv; the directory was not changed:\n"
    "  noncharacter.csv:2 name.en: contains a noncharacter (U+FDD0 at character 12); delete it"
    " and retype the text there\n  noncharacter.csv:2 parts.en.family: contains a noncharacter"
    " (U+FDD0 at character 6); delete it and retype the text there\n",
    # A carriage return alone ended maliuska's row: `cat` and `git diff` drew novak's row
    # over it, and novak was imported, whom no reviewer of the file saw
    "row-ending-in-a-carriage-return.csv": "Error: row-ending-in-a-carriage-return.csv:2: a"
    " carriage return alone (U+000D) ends a line here, where the other lines end with a line"
    " feed, so a terminal shows the line after it over this one; delete it, or save the file"
    " again\n",
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_source_is_refused_and_changes_nothing(
    workspace: Path, runner: CliRunner, name: str
) -> None:
    run_import(runner, workspace, "people-utf8.csv")
    before = files_under(workspace)
    result = runner.invoke(main, ["recipients", "import", str(DATA / name), "-w", str(workspace)])
    assert result.exit_code == 1
    assert result.output == MALFORMED[name]
    assert files_under(workspace) == before


# What a country is called changes in CLDR (Czechia, Türkiye, North Macedonia): a file made
# before a rename, or by hand, still imports, and so does every name CLDR gives today.
@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Czech Republic", "CZ"),
        ("Czechia", "CZ"),
        ("Turkey", "TR"),
        ("Türkiye", "TR"),
        ("Macedonia", "MK"),
        ("North Macedonia", "MK"),
        ("the Netherlands", "NL"),
        ("ukraine", "UA"),
        ("SK", "SK"),
    ],
)
def test_a_country_is_known_by_its_current_and_former_names(
    workspace: Path, runner: CliRunner, tmp_path: Path, name: str, code: str
) -> None:
    source = tmp_path / "people.csv"
    source.write_text(
        "id,name,gender,title,institution,country\n"
        f'bergova,Anna Bergova,female,Minister,Ministry,"{name}"\n',
        encoding="utf-8",
    )
    result = runner.invoke(main, ["recipients", "import", str(source), "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    assert load_people(workspace / "recipients" / "imported.yaml")[0]["country"] == code


def test_a_later_directory_file_that_cannot_be_written_leaves_the_earlier_ones_as_they_were(
    sample: Path, runner: CliRunner
) -> None:
    """The new person's recipients/imported.yaml is written first, then the update of
    officials.yaml, kept here in a folder that cannot be written (through a link). Each
    file was replaced in turn, so the new one stayed, half an import, under a message
    that only said nothing more was written."""
    shared = sample / "shared"
    shared.mkdir()
    officials = sample / "recipients" / "officials.yaml"
    officials.rename(shared / "officials.yaml")
    officials.symlink_to(Path("..") / "shared" / "officials.yaml")
    before = files_under(sample)
    source = DATA / "new-then-update.csv"
    with unwritable(shared):
        result = runner.invoke(main, ["recipients", "import", str(source), "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: cannot write recipients/officials.yaml: {NOT_PERMITTED}; no directory file was"
        " changed: fix this and run 'letters recipients import' again\n",
    )
    assert files_under(sample) == before
    assert sorted(p.name for p in sample.rglob(".*.tmp")) == []
    again = runner.invoke(main, ["recipients", "import", str(source), "-w", str(sample)])
    assert again.exit_code == 0, again.output
    assert (sample / "recipients" / "imported.yaml").exists()
    assert b"d.maliuska@example.org" in (shared / "officials.yaml").read_bytes()


def test_a_pipe_given_to_import_is_named_as_one(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """A named pipe (or a device) was said not to exist ('no such file to import'), though
    it is there: it is refused as what it is, unread, since reading it might never end."""
    pipe = tmp_path / "meps.csv"
    os.mkfifo(pipe)
    result = runner.invoke(main, ["recipients", "import", str(pipe), "-w", str(sample)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {pipe}: not a regular file (a device, a pipe or a socket); give the file to"
        " import itself\n",
    )


def test_a_csv_imported_again_gives_the_role_its_title_in_another_language(
    workspace: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """A newcomer adds title_uk and institution_uk to their list for Ukrainian letters and
    imports it again: the report said only 'updated bergova: name.uk', and the role's
    Ukrainian forms were dropped without a word. A title no role holds is said as a note,
    and no longer counted as an update when nothing was written."""
    source = tmp_path / "people.csv"
    source.write_text("id,name,title,institution\nbergova,Anna Bergova,Minister,Ministry\n")
    run_import(runner, workspace, str(source))
    source.write_text(
        "id,name,title,institution,name_uk,title_uk,institution_uk\n"
        "bergova,Anna Bergova,Minister,Ministry,Анна Бергова,Міністр,Міністерство\n"
    )
    assert run_import(runner, workspace, str(source)).splitlines()[:2] == [
        "updated bergova: name.uk, roles[0].title.uk, roles[0].institution.uk",
        "1 person read: 0 added, 1 updated, 0 unchanged",
    ]
    (person,) = load_people(workspace / "recipients" / "imported.yaml")
    assert person["roles"] == [
        {
            "title": {"en": "Minister", "uk": "Міністр"},
            "institution": {"en": "Ministry", "uk": "Міністерство"},
        }
    ]
    # a changed form no hand-typed form repeats (no address.uk…) is simply written
    source.write_text(
        "id,name,title,institution,name_uk,title_uk,institution_uk\n"
        "bergova,Anna Bergova,Minister,Ministry,Анна Бергова,Міністерка,Міністерство\n"
    )
    assert run_import(runner, workspace, str(source)).splitlines()[0] == (
        "updated bergova: roles[0].title.uk"
    )
    source.write_text("id,name,title,institution\nbergova,Anna Bergova,Acting Minister,Ministry\n")
    assert run_import(runner, workspace, str(source)) == (
        "bergova: no role of theirs has the title 'Acting Minister' the source gives; roles"
        " are not changed by an import, edit them by hand\n"
        "1 person read: 0 added, 0 updated, 1 unchanged\n"
        "the directory was already up to date; nothing was written\n"
    )


def test_a_role_shared_through_an_anchor_is_not_written_into(
    workspace: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """Writing a CSV's Ukrainian title into a role another person repeats (*role) would give
    it to them too: the import says so and leaves the role as it is."""
    shared = workspace / "recipients" / "shared.yaml"
    shared.write_text(
        "people:\n"
        "  - id: bergova\n    language: en\n    name: {en: Anna Bergova}\n"
        "    roles:\n      - &role {title: {en: Minister}, institution: {en: Ministry}}\n"
        "  - id: kovac\n    language: en\n    name: {en: Jan Kovac}\n    roles:\n      - *role\n"
    )
    before = shared.read_bytes()
    source = tmp_path / "people.csv"
    source.write_text(
        "id,name,title,institution,title_uk\nbergova,Anna Bergova,Minister,Ministry,Міністр\n"
    )
    assert run_import(runner, workspace, str(source)) == (
        "bergova: roles[0].title is shared with others through a YAML anchor or merge, so the"
        " source's uk form is not written into it; edit it by hand\n"
        "1 person read: 0 added, 0 updated, 1 unchanged\n"
        "the directory was already up to date; nothing was written\n"
    )
    assert shared.read_bytes() == before


def test_a_letter_naming_people_not_imported_yet_does_not_stop_their_import(
    workspace: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """A newcomer writes the letter first, then imports the people it is for: the import was
    refused for the very error it puts right ('unknown person'), with no way in but to
    take the letter out first. An error in the directory still stops it."""
    letters_file = workspace / "cases" / "example" / "letters.yaml"
    letters_file.write_text(
        letters_file.read_text().replace("recipients: [example-official]", "recipients: [bergova]")
    )
    source = tmp_path / "people.csv"
    source.write_text("id,name,title,institution\nbergova,Anna Bergova,Minister,Ministry\n")
    assert run_import(runner, workspace, str(source)).splitlines()[0] == "added bergova"
    check = runner.invoke(main, ["check", "-w", str(workspace)])
    assert "unknown person" not in check.output
    (workspace / "recipients" / "people.yaml").write_text("people: [\n")
    result = runner.invoke(main, ["recipients", "import", str(source), "-w", str(workspace)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: 1 problem in the workspace:\n  recipients/people.yaml:")


def test_an_import_that_would_make_a_directory_file_too_large_to_read_changes_nothing(
    workspace: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """An import past the 5 MiB a YAML file is read with (a list of thousands) stopped with
    an internal error, after writing nothing, as the file it made was checked: it is named,
    with the limit and what to do."""
    target = workspace / "recipients" / "imported.yaml"
    # a file just under the limit, so that the one person added takes it past
    padding = "# " + "x" * 98 + "\n"
    target.write_text("people: []\n" + padding * ((5 * 2**20 - 60) // len(padding)))
    before = files_under(workspace)
    source = tmp_path / "people.csv"
    source.write_text("id,name,title,institution\nbergova,Anna Bergova,Minister,Ministry\n")
    result = runner.invoke(main, ["recipients", "import", str(source), "-w", str(workspace)])
    assert (result.exit_code, result.output) == (
        1,
        "Error: recipients/imported.yaml: after the import it would be larger than 5 MiB (YAML"
        " limit), too large to be read again; the directory was not changed: import the list"
        " in parts, each into a file of its own (--into recipients/<name>.yaml)\n",
    )
    assert files_under(workspace) == before


def test_a_csv_changing_a_title_that_hand_typed_forms_repeat_leaves_it_and_says_so(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """A CSV giving a new Ukrainian title overwrote the old one without a word, while the
    role's address and salutation in Ukrainian, typed by hand from it, kept the old title:
    letters named the official by both, and `letters check` saw nothing. The title is kept
    until the user changes it with those forms, and the report names them."""
    officials = sample / "recipients" / "officials.yaml"
    before = officials.read_bytes()
    source = tmp_path / "people.csv"
    source.write_text(
        "id,name,title,institution,title_uk,institution_uk\n"
        "denisova,Liudmyla Denisova,Ukrainian Parliament Commissioner for Human Rights,"
        "Office of the Ukrainian Parliament Commissioner for Human Rights,Омбудсман,"
        "Офіс Омбудсмана\n",
        encoding="utf-8",
    )
    assert run_import(runner, sample, str(source)) == (
        "denisova: roles[0].title.uk is kept as 'Уповноважена Верховної Ради України з прав"
        " людини', not changed to the source's 'Омбудсман': the role's address.uk,"
        " salutation.uk, typed by hand from it, would still say the old title; change them"
        " together with the title by hand\n"
        "denisova: roles[0].institution.uk is kept as 'Секретаріат Уповноваженого Верховної"
        " Ради України з прав людини', not changed to the source's 'Офіс Омбудсмана': the"
        " role's address.uk, typed by hand from it, would still say the old institution;"
        " change them together with the institution by hand\n"
        "1 person read: 0 added, 0 updated, 1 unchanged\n"
        "the directory was already up to date; nothing was written\n"
    )
    assert officials.read_bytes() == before
    # done by hand as the report says, the next import has nothing left to say
    text = before.decode("utf-8")
    for old, new in [
        ("uk: Уповноважена Верховної Ради України з прав людини", "uk: Омбудсман"),
        (
            "uk: Секретаріат Уповноваженого Верховної Ради України з прав людини",
            "uk: Офіс Омбудсмана",
        ),
        ("uk: [Уповноваженому, Верховної Ради України з прав людини,", "uk: [Омбудсману,"),
    ]:
        assert text.count(old) == 1
        text = text.replace(old, new)
    officials.write_text(text, encoding="utf-8")
    assert run_import(runner, sample, str(source)) == (
        "1 person read: 0 added, 0 updated, 1 unchanged\n"
        "the directory was already up to date; nothing was written\n"
    )


@pytest.mark.parametrize(
    "cell",
    ["x" * 100_001, '"' + "x\n" * 70_000 + '"', "x" * 200_000],
    ids=["over-the-import-limit", "quoted-over-lines", "over-pythons-limit-too"],
)
def test_a_csv_cell_over_the_limit_is_named_with_its_line(
    workspace: Path, runner: CliRunner, tmp_path: Path, cell: str
) -> None:
    """A cell over Python's own limit (131,072 characters) was refused in Python's words
    ("field larger than field limit"): the import's limit is named, with the row."""
    source = tmp_path / "people.csv"
    source.write_text(f"id,name,title,institution\nbergova,Anna Bergova,Minister,{cell}\n")
    before = files_under(workspace)
    result = runner.invoke(main, ["recipients", "import", str(source), "-w", str(workspace)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {source.name}:2: a cell of more than 100,000 characters, the limit ('CSV cell"
        " size'; a cell holds a name, a title or an address): check for a quotation mark (\")"
        " that opens a cell and is closed far below\n",
    )
    assert files_under(workspace) == before


def test_an_import_source_over_the_size_limit_is_not_read(
    workspace: Path, runner: CliRunner, tmp_path: Path
) -> None:
    source = tmp_path / "people.csv"
    with source.open("wb") as file:  # sparse: no disk taken, and the import reads no further
        file.truncate(20 * 2**20 + 1)
    result = runner.invoke(main, ["recipients", "import", str(source), "-w", str(workspace)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {source.name}: larger than 20 MiB, the limit ('import source size'), so it is"
        " not read; import the list in parts, each from a file of its own\n",
    )


@pytest.mark.parametrize("cell", ["x" * 100_001, "x" * 200_000], ids=["over-ours", "over-pythons"])
def test_a_csv_header_cell_over_the_limit_is_named(
    workspace: Path, runner: CliRunner, tmp_path: Path, cell: str
) -> None:
    """A header cell over Python's limit was an internal error (the line to name was not
    known yet), and one over ours only was quoted whole as an unknown column."""
    source = tmp_path / "people.csv"
    source.write_text(f"id,name,title,institution,{cell}\nbergova,Anna Bergova,Minister,M,x\n")
    result = runner.invoke(main, ["recipients", "import", str(source), "-w", str(workspace)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {source.name}:1: a cell of more than 100,000 characters, the limit ('CSV cell"
        " size'; a cell holds a name, a title or an address): check for a quotation mark (\")"
        " that opens a cell and is closed far below\n",
    )


def test_an_unknown_column_holding_a_line_break_is_named_by_its_number() -> None:
    """A header cell with a line break holds rows read into it: it is never quoted."""
    from letters.people.sources import _unknown_column

    error = _unknown_column(["id", "name", "email\nbergova,anna.bergova@example.org"], "p.csv")
    assert str(error) == (
        "p.csv:1: unknown column 3 (its name holds a line break or control character); the"
        " columns are id, title, institution, name, given_name, family_name, gender, language,"
        " country, email, tags, group, party, and per language name_uk, group_uk, title_uk,"
        " institution_uk …"
    )


def test_a_csv_adding_a_title_beside_hand_typed_forms_writes_it_and_says_so(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """A Ukrainian title added where the role had none was written without a word, beside
    an address and a salutation in Ukrainian typed by hand from some title: nothing had
    checked that the two agree. It is written (nothing typed is lost), and named."""
    officials = sample / "recipients" / "officials.yaml"
    text = officials.read_text(encoding="utf-8")
    typed = "          uk: Уповноважена Верховної Ради України з прав людини\n"
    assert text.count(typed) == 1
    officials.write_text(text.replace(typed, ""), encoding="utf-8")
    source = tmp_path / "people.csv"
    source.write_text(
        "id,name,title,institution,title_uk\n"
        "denisova,Liudmyla Denisova,Ukrainian Parliament Commissioner for Human Rights,"
        "Office of the Ukrainian Parliament Commissioner for Human Rights,Омбудсман\n",
        encoding="utf-8",
    )
    assert run_import(runner, sample, str(source)).splitlines()[:3] == [
        "updated denisova: roles[0].title.uk",
        "denisova: roles[0].title.uk is added as 'Омбудсман' from the source, beside the"
        " role's address.uk, salutation.uk, typed by hand before it: check that they name"
        " the same title",
        "1 person read: 0 added, 1 updated, 0 unchanged",
    ]
    assert "          uk: Омбудсман\n" in officials.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("header", "names", "said"),
    [
        (
            "id,name,title,institution,gender",
            "Dmytro Kuleba",
            "error: recipients/imported.yaml:8 people[0].roles[0]: no 'en' salutation: type"
            " salutation.en, or give parts.en (needed by letter example-appeal)",
        ),
        (
            "id,given_name,family_name,title,institution,gender",
            "Dmytro,Kuleba",
            "warning: 1 name form derived from regular patterns (graded certain) is not yet"
            " confirmed; 'letters recipients review' lists them among the directory's derived"
            " forms, and 'letters recipients review --only certain --confirm' accepts them",
        ),
    ],
    ids=["name", "given-and-family-name"],
)
def test_an_english_letter_to_someone_imported_from_a_csv_needs_their_name_s_parts(
    tmp_path: Path, runner: CliRunner, header: str, names: str, said: str
) -> None:
    """The README's promise: a CSV's given_name and family_name (with gender) give an English
    salutation to check; its name alone gives none, and check asks for one to be typed."""
    ws = tmp_path / "ws"
    assert runner.invoke(main, ["init", str(ws)]).exit_code == 0
    source = tmp_path / "officials.csv"
    source.write_text(
        f"{header}\nkuleba,{names},Minister of Foreign Affairs,Ministry of Foreign Affairs,male\n",
        encoding="utf-8",
    )
    assert runner.invoke(main, ["recipients", "import", str(source), "-w", str(ws)]).exit_code == 0
    letters_file = ws / "cases" / "example" / "letters.yaml"
    text = letters_file.read_text(encoding="utf-8")
    letters_file.write_text(text.replace("[example-official]", "[kuleba]"), encoding="utf-8")
    result = runner.invoke(main, ["check", "-w", str(ws)])
    assert result.output.splitlines()[0] == said


@pytest.mark.parametrize(
    ("folder", "into"),
    [
        (".", "ws/recipients/ngo.yaml"),  # a path from the current folder, as a shell completes it
        (".", "recipients/ngo.yaml"),  # -w from the folder above: the workspace's own name for it
        ("ws/cases/example", "recipients/ngo.yaml"),  # the workspace found upward
        ("ws/cases/example", "../../recipients/ngo.yaml"),
        ("ws/recipients", "ngo.yaml"),
    ],
)
def test_into_names_the_workspace_file_wherever_the_command_runs(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, folder: str, into: str
) -> None:
    """A relative --into is read from the workspace, as its default and every message name
    directory files, or from the current folder where only that leads into recipients/."""
    ws = tmp_path / "ws"
    assert runner.invoke(main, ["init", str(ws)]).exit_code == 0
    source = tmp_path / "officials.csv"
    source.write_text("id,name,title,institution\nkuleba,Dmytro Kuleba,Minister,Ministry\n")
    monkeypatch.chdir(tmp_path / folder)
    workspace = ["-w", str(ws)] if folder == "." else []
    result = runner.invoke(main, [*workspace, "recipients", "import", str(source), "--into", into])
    assert result.exit_code == 0, result.output
    assert [p["id"] for p in load_people(ws / "recipients" / "ngo.yaml")] == ["kuleba"]
    assert [name for name in files_under(tmp_path) if not name.startswith("ws/")] == [source.name]


@pytest.mark.parametrize(
    ("into", "fix"),
    [
        ("cases/ngo.yaml", "recipients/ngo.yaml"),
        ("recipients/ngo.yml", "recipients/ngo.yaml"),
        # no name to keep: these were told to give recipients/.yaml.yaml and
        # recipients/recipients.yaml
        ("recipients/.yaml", "recipients/imported.yaml"),
        ("recipients", "recipients/imported.yaml"),
    ],
)
def test_into_outside_recipients_is_refused_with_the_path_to_give(
    workspace: Path,
    tmp_path: Path,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    into: str,
    fix: str,
) -> None:
    # outside the workspace: click itself refuses a folder --into names from where it runs
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "officials.csv"
    source.write_text("id,name,title,institution\nkuleba,Dmytro Kuleba,Minister,Ministry\n")
    before = files_under(workspace)
    args = ["-w", str(workspace), "recipients", "import", str(source), "--into", into]
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: --into must name a .yaml file in the workspace's recipients/ folder, not {into}:"
        f" give --into {fix} (a relative path is read from the workspace folder)\n"
    )
    assert files_under(workspace) == before


@pytest.mark.parametrize(
    ("header", "row", "note"),
    [
        (
            "id,name,title,institution",
            "kuleba,Dmytro Kuleba,Minister,Ministry",
            "kuleba: the list gives no language, so they read 'en' (--language), the language of"
            " their e-mails: change 'language:' in recipients/imported.yaml where it is not"
            " theirs, or import with a 'language' column",
        ),
        ("id,name,title,institution,language", "kuleba,Dmytro Kuleba,Minister,Ministry,uk", None),
    ],
    ids=["no-language-column", "language-column"],
)
def test_people_added_in_the_default_language_are_named(
    workspace: Path, tmp_path: Path, runner: CliRunner, header: str, row: str, note: str | None
) -> None:
    """A list of one country's officials without a language column was written to in
    English, their e-mails too, and the import did not say so."""
    source = tmp_path / "officials.csv"
    source.write_text(f"{header}\n{row}\n")
    output = run_import(runner, workspace, str(source)).splitlines()
    assert output[1:-2] == ([note] if note else [])
    assert output[-2] == "1 person read: 1 added, 0 updated, 0 unchanged"


@pytest.mark.parametrize(
    ("header", "row", "extra", "note"),
    [
        (
            "id,name,title,institution",
            "kuleba,Dmytro Kuleba,Minister,Ministry",
            ["--language", "uk"],
            "kuleba: the list gives no language, and --language 'uk' is only for people added:"
            " they keep the language the directory gives them; change 'language:' in"
            " recipients/imported.yaml where it is not theirs, or import with a 'language'"
            " column",
        ),
        ("id,name,title,institution", "kuleba,Dmytro Kuleba,Minister,Ministry", [], None),
        (
            "id,name,title,institution",
            "kuleba,Dmytro Kuleba,Minister,Ministry",
            ["--language", "en"],
            None,
        ),
        (
            "id,name,title,institution,language",
            "kuleba,Dmytro Kuleba,Minister,Ministry,en",
            ["--language", "uk"],
            None,
        ),
    ],
    ids=["other-language-given", "none-given", "their-language-given", "language-column"],
)
def test_people_found_keep_their_language_and_a_language_given_says_so(
    workspace: Path,
    tmp_path: Path,
    runner: CliRunner,
    header: str,
    row: str,
    extra: list[str],
    note: str | None,
) -> None:
    """Imported again with --language uk to correct the English their first import gave
    them, people already in the directory were left in English: "0 updated", unsaid why."""
    source = tmp_path / "officials.csv"
    source.write_text("id,name,title,institution\nkuleba,Dmytro Kuleba,Minister,Ministry\n")
    run_import(runner, workspace, str(source))
    source.write_text(f"{header}\n{row}\n")
    output = run_import(runner, workspace, str(source), *extra).splitlines()
    assert output[:-2] == ([note] if note else [])
    assert output[-2] == "1 person read: 0 added, 0 updated, 1 unchanged"
    assert load_people(workspace / "recipients" / "imported.yaml")[0]["language"] == "en"


@pytest.mark.parametrize(
    "line_end, last",
    [
        ("\r\n", "\r\n"),  # Windows
        ("\r\r\n", "\r\r\n"),  # a CRLF file converted twice, or Python's csv on Windows
        ("\r", "\r"),  # old Mac editors, Excel's "CSV (Macintosh)"
        ("\r", "\n"),  # the same, with a line feed an editor added at the end
    ],
)
def test_a_csv_of_other_line_ends_gives_the_same_directory(
    workspace: Path, runner: CliRunner, tmp_path: Path, line_end: str, last: str
) -> None:
    """Line ends that draw no line over another are read as line ends: only a carriage
    return alone followed by a line's text, in a file of line feeds, is refused (a CR CR LF
    file and an old Mac file with one line feed were refused at line 1 as one)."""
    lines = (DATA / "people-utf8.csv").read_text(encoding="utf-8").splitlines()
    csv = tmp_path / "people.csv"
    csv.write_bytes((line_end.join(lines) + last).encode("utf-8"))
    result = runner.invoke(main, ["recipients", "import", str(csv), "-w", str(workspace)])
    assert result.exit_code == 0, result.output
    assert load_people(workspace / "recipients" / "imported.yaml") == CSV_PEOPLE


def test_an_old_mac_csv_with_a_line_feed_in_a_cell_is_told_its_open_quotation(
    workspace: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """Excel's "CSV (Macintosh)" ends rows with CR and a break inside a cell with LF: the
    cell's quotation, which no column may hold across lines, is what is wrong, not a
    carriage return alone (which the file's rows all end with)."""
    csv = tmp_path / "mac.csv"
    rows = (DATA / "people-utf8.csv").read_text(encoding="utf-8").splitlines()
    rows[2] = rows[2].replace("Nataliia,", '"Nata\nliia",', 1)
    csv.write_bytes("\r".join(rows).encode("utf-8") + b"\r")
    result = runner.invoke(main, ["recipients", "import", str(csv), "-w", str(workspace)])
    assert result.exit_code == 1
    assert "carriage return" not in result.output
    assert result.output.startswith('Error: mac.csv:3: a quotation mark (") opens a cell')


EP_IDS = "ep-96608, ep-28269, ep-197441, ep-197681, ep-28266 and 1 more"


@pytest.mark.parametrize("name", ["ep-meps.xml", "ep-meps.json"])
def test_meps_added_or_kept_in_a_language_the_list_does_not_give_are_named(
    workspace: Path, runner: CliRunner, name: str
) -> None:
    """A European Parliament list gives no one's language: the MEPs it added were written
    to in English, and a --language given on a second import reached none of them, unsaid,
    where a CSV without a language column says both."""
    added = run_import(runner, workspace, name).splitlines()
    assert added[6:-2] == [
        f"{EP_IDS}: the list gives no language, so they read 'en' (--language), the language"
        " of their e-mails: change 'language:' in recipients/imported.yaml where it is not"
        " theirs (a European Parliament list gives no one's)"
    ]
    kept = run_import(runner, workspace, name, "--language", "uk").splitlines()
    assert kept[:-2] == [
        f"{EP_IDS}: the list gives no language, and --language 'uk' is only for people added:"
        " they keep the language the directory gives them; change 'language:' in"
        " recipients/imported.yaml where it is not theirs (a European Parliament list gives"
        " no one's)"
    ]
    assert kept[-2] == "6 people read: 0 added, 0 updated, 6 unchanged"


def test_a_list_left_in_recipients_is_named_with_the_command_that_reads_it(
    workspace: Path, runner: CliRunner
) -> None:
    """A CSV dropped into recipients/ is read by nobody: its people would be missing from
    every letter without a word, as check passed. Named, with the import to run."""
    import shutil

    shutil.copy(DATA / "people-utf8.csv", workspace / "recipients" / "people.csv")
    warning = (
        "warning: recipients/people.csv: never read: the directory is read from"
        " recipients/*.yaml; import the people of this list with 'letters recipients import"
        " recipients/people.csv', then keep the list outside recipients/ (README: 'Importing')"
    )
    checked = runner.invoke(main, ["check", "-w", str(workspace)])
    assert warning in checked.output.splitlines(), checked.output
    imported = runner.invoke(
        main,
        [
            "recipients",
            "import",
            str(workspace / "recipients" / "people.csv"),
            "-w",
            str(workspace),
        ],
    )
    assert imported.exit_code == 0, imported.output
    assert load_people(workspace / "recipients" / "imported.yaml") == CSV_PEOPLE
    assert runner.invoke(main, ["check", "--strict", "-w", str(workspace)]).exit_code == 1
    (workspace / "recipients" / "people.csv").unlink()
    assert runner.invoke(main, ["check", "--strict", "-w", str(workspace)]).exit_code == 0


def test_an_import_never_changes_a_signatorys_address(
    sample: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """A signatory's replies are read as their approvals from the address the directory
    gives: a list that changed it would have whoever holds the new address approve in their
    name, authenticated by their own domain. The address is kept and the report says so;
    their other fields, and others' addresses, are imported as before."""
    people = tmp_path / "people.csv"
    people.write_text(
        "id,name,title,institution,email\n"
        "bilcik,Vladimír Bilčík,Member of the European Parliament,European Parliament,"
        "vb@attacker.example\n"
        "maliuska,Denys Maliuska,Minister of Justice of Ukraine,Ministry of Justice of Ukraine,"
        "d.maliuska@example.org\n",
        encoding="utf-8",
    )
    meps = sample / "recipients" / "meps.yaml"
    before = meps.read_bytes()
    result = runner.invoke(main, ["recipients", "import", str(people), "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert (
        "kept bilcik: email (the list says 'vb@attacker.example'; a signatory's address, whose"
        " replies are read as their answers, is changed by hand only)"
    ) in result.output.splitlines()
    assert meps.read_bytes() == before
    assert "updated maliuska: email" in result.output.splitlines()
    officials = (sample / "recipients" / "officials.yaml").read_text(encoding="utf-8")
    assert "email: d.maliuska@example.org" in officials
