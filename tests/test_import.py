"""Importing the lists NGOs use: EP XML, EP Open Data JSON, CSV in three encodings."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from letters.cli import main
from tests.conftest import files_under

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


@pytest.mark.parametrize("name", ["people-utf8.csv", "people-utf8-bom.csv", "people-cp1251.csv"])
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


def test_ep_xml_list(workspace: Path, runner: CliRunner) -> None:
    run_import(runner, workspace, "ep-meps.xml")
    people = load_people(workspace / "recipients" / "imported.yaml")
    assert [(p["id"], p["name"]["en"], p["country"], p["group"]["en"]) for p in people] == [
        ("ep-96608", "Petras Auštrevičius", "LT", "Renew Europe Group"),
        (
            "ep-28269",
            "Rasa Juknevičienė",
            "LT",
            "Group of the European People's Party (Christian Democrats)",
        ),
        (
            "ep-197441",
            "Viola von Cramon-Taubadel",
            "DE",
            "Group of the Greens/European Free Alliance",
        ),
    ]
    assert people[2]["parts"] == {"en": {"given": "Viola", "family": "von Cramon-Taubadel"}}
    assert people[0]["roles"] == [
        {
            "title": {"en": "Member of the European Parliament"},
            "institution": {"en": "European Parliament"},
        }
    ]


def test_ep_json_and_reimport_reports_changes(
    workspace: Path, runner: CliRunner, tmp_path: Path
) -> None:
    run_import(runner, workspace, "ep-meps.json")
    people = load_people(workspace / "recipients" / "imported.yaml")
    assert people[0]["email"] == "petras.austrevicius@europarl.europa.eu"
    assert people[0]["gender"] == "male"
    assert people[1]["country"] == "SK"

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
        "2 people read: 0 added, 1 updated, 1 unchanged",
    ]
    text = target.read_text(encoding="utf-8")
    assert "uk: Петрас Ауштрявічюс  # typed by hand" in text
    assert "email: p.austrevicius@europarl.europa.eu" in text


MALFORMED = {
    "bad-encoding.csv": "Error: bad-encoding.csv: cannot tell the text encoding: it is not"
    " UTF-8, and read as Windows-1251 it would not read as words."
    " Save it as UTF-8 (Excel: 'CSV UTF-8'), or name the encoding with --encoding.\n",
    "missing-column.csv": "Error: missing-column.csv: missing column 'id' (the header has:"
    " given_name, family_name, gender)\n",
    "duplicate.csv": "Error: 1 problem in duplicate.csv; the directory was not changed:\n"
    "  duplicate.csv:4: duplicate person 'maliuska' (also line 2)\n",
    "bad-email.csv": "Error: 1 problem in bad-email.csv; the directory was not changed:\n"
    "  bad-email.csv:2 email: must be one e-mail address, like name@example.org"
    " (no lists, no names)\n",
    "header-injection.csv": "Error: 1 problem in header-injection.csv; the directory was not"
    " changed:\n  header-injection.csv:2 email: must be one e-mail address, like"
    " name@example.org (no lists, no names)\n",
    "doctype.xml": "Error: doctype.xml: XML with a DOCTYPE is refused (it can define"
    " entities); the European Parliament's list has none\n",
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
