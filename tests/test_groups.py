"""Political groups: one group whatever name a list or a person gives it, in selections
too; a selection option nobody could match is refused with the option named."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.cli import main
from letters.people import groups
from tests.conftest import files_under

DATA = Path(__file__).parent / "data" / "import"

EPP_NAMES = [
    "EPP",
    "epp",
    "PPE",
    "EVP",
    "ЄНП",
    "ЕНП",
    "Group of the European People's Party (Christian Democrats)",
]

JUKNEVICIENE_CSV = (
    "id,name,tags,title,institution,country,group\n"
    "ep-28269,Rasa Juknevičienė,mep,Member of the European Parliament,European Parliament,"
    "LT,PPE\n"
)


def listed(runner: CliRunner, ws: Path, *options: str) -> list[str]:
    result = runner.invoke(main, ["recipients", "list", *options, "-w", str(ws)])
    assert result.exit_code == 0, result.output
    return [line.split()[0] for line in result.output.splitlines()[1:-1]]


@pytest.mark.parametrize("source", ["ep-meps.xml", "ep-meps.json", "people.csv"])
def test_group_selects_the_same_meps_whatever_the_source(
    source: str, tmp_path: Path, runner: CliRunner
) -> None:
    ws = tmp_path / "ws"
    assert runner.invoke(main, ["init", str(ws)]).exit_code == 0
    path = DATA / source
    if source == "people.csv":
        path = tmp_path / source
        path.write_text(JUKNEVICIENE_CSV, encoding="utf-8")
    imported = runner.invoke(main, ["recipients", "import", str(path), "-w", str(ws)])
    assert imported.exit_code == 0, imported.output
    for name in EPP_NAMES:
        assert listed(runner, ws, "--group", name) == ["ep-28269"], name
    assert runner.invoke(main, ["check", "-w", str(ws)]).exit_code == 0


def test_imported_and_typed_groups_select_together(sample: Path, runner: CliRunner) -> None:
    """The sample's signatories typed "EPP" and "Renew Europe"; imported MEPs get the
    same labels, so one selection finds both."""
    for source in ("ep-meps.xml", "ep-meps.json"):
        imported = runner.invoke(
            main, ["recipients", "import", str(DATA / source), "-w", str(sample)]
        )
        assert imported.exit_code == 0, imported.output
        assert listed(runner, sample, "--group", "EPP") == ["bilcik", "jukneviciene"]
        assert listed(runner, sample, "--group", "Renew") == [
            "ep-28266",
            "austrevicius",
            "guetta",
            "simecka",
        ]
        assert listed(runner, sample, "--group", "Verts/ALE") == ["ep-197441"]


def test_a_letter_selects_by_any_name_of_a_group(sample: Path, runner: CliRunner) -> None:
    letters = sample / "cases" / "akhmetova" / "letters.yaml"
    letters.write_text(
        letters.read_text(encoding="utf-8").replace(
            "    signatories: [austrevicius, jukneviciene]\n",
            "    signatories: {tags: [mep], groups: [ЄНП, Renew Europe Group]}\n",
        ),
        encoding="utf-8",
    )
    result = runner.invoke(main, ["check", "-w", str(sample)])
    assert result.exit_code == 0, result.output


def test_every_name_stands_for_one_group() -> None:
    seen: dict[str, str] = {}
    for group in groups.GROUPS:
        for name in (group.id, group.label, *group.labels.values(), *group.aliases):
            assert seen.setdefault(groups.key(name), group.id) == group.id, name
            assert groups.find(name) is group
    assert groups.find("Renew Europe Group") is groups.find("RENEW")
    assert groups.find("GREENS_EFA") is groups.find("Greens/EFA")
    assert groups.find("Example Group") is None


BAD_OPTIONS = {
    "country-lower-case": (
        ["--country", "ua"],
        "Error: --country ua: must be an ISO 3166 country code of two capital letters, like"
        " 'UA'; did you mean 'UA'?\n",
    ),
    "country-name": (
        ["--country", "Lithuania"],
        "Error: --country Lithuania: must be an ISO 3166 country code of two capital letters,"
        " like 'UA'; did you mean 'LT', the code of Lithuania?\n",
    ),
    "country-unknown": (
        ["--country", "XX"],
        "Error: --country XX: no country has this code in ISO 3166 (codes are like LT, SK, UA)\n",
    ),
    "group-unknown": (
        ["--tag", "mep", "--group", "EEP"],
        "Error: --group: unknown political group 'EEP'; did you mean 'EPP'? known groups: EPP,"
        " S&D, Renew Europe, Greens/EFA, ECR, ID, The Left, NI, PfE, ESN\n",
    ),
    "group-misspelt": (
        ["--group", "Renew Europa"],
        "Error: --group: unknown political group 'Renew Europa'; did you mean 'Renew Europe'?"
        " known groups: EPP, S&D, Renew Europe, Greens/EFA, ECR, ID, The Left, NI, PfE, ESN\n",
    ),
    "tag-nobody-has": (
        ["--tag", "may2020"],
        "Error: --tag may2020: unknown tag 'may2020'; did you mean 'may-2020'?\n",
    ),
    "language-upper-case": (
        ["--language", "UK"],
        "Error: --language UK: language codes are lower case: did you mean 'uk'?\n",
    ),
    "language-unknown": (
        ["--language", "kz"],
        "Error: --language kz: unknown language 'kz'; this workspace writes in en, uk, ru; 'kz'"
        " is Kazakhstan's country code, not a language code; its languages: Russian (ru, which"
        " this workspace writes in), Kazakh (kk) (to add a language: letters i18n init CODE,"
        " which starts its catalogs and adds it to workspace.yaml)\n",
    ),
    "language-not-a-code": (
        ["--language", "xx"],
        "Error: --language xx: unknown language 'xx'; this workspace writes in en, uk, ru; 'xx'"
        " is not a language code (use one such as pl or de)\n",
    ),
    "institution-misspelt": (
        ["--tag", "may-2020", "--institution", "Ministry of Justise of Ukraine"],
        "Error: --institution Ministry of Justise of Ukraine: unknown institution 'Ministry of"
        " Justise of Ukraine'; did you mean 'Ministry of Justice of Ukraine'?\n",
    ),
    "institution-misspelt-in-ukrainian": (
        ["--institution", "міністерство юстицii України"],
        "Error: --institution міністерство юстицii України: unknown institution 'міністерство"
        " юстицii України'; did you mean 'Міністерство юстиції України'?\n",
    ),
    "institution-nobody-has": (
        ["--institution", "Ministry of Justice of Armenia"],
        "Error: --institution Ministry of Justice of Armenia: unknown institution 'Ministry of"
        " Justice of Armenia'; did you mean 'Ministry of Justice of Ukraine'?\n",
    ),
    "institution-unlike-any": (
        ["--institution", "UNHCR"],
        "Error: --institution UNHCR: unknown institution 'UNHCR'\n",
    ),
    "country-nobody-has": (
        ["--country", "SI"],
        "Error: --country SI: no one in the directory has the country 'SI'; the countries there"
        " are DE, FR, KZ, LT, SK, UA\n",
    ),
    "id-unknown": (
        ["--id", "maliuksa"],
        "Error: --id maliuksa: unknown person 'maliuksa'; did you mean 'maliuska'?\n",
    ),
}


def test_an_institution_selects_by_any_of_its_names_in_any_case(
    sample: Path, runner: CliRunner
) -> None:
    for name in (
        "Ministry of Justice of Ukraine",
        "MINISTRY OF JUSTICE OF UKRAINE",
        "Міністерство юстиції України",
        "министерство юстиции украины",
    ):
        assert listed(runner, sample, "--institution", name) == ["maliuska"], name
    assert listed(
        runner,
        sample,
        "--institution",
        "State Migration Service of Ukraine",
        "--institution",
        "Ministry of Justice of Ukraine",
    ) == ["maliuska", "sokoliuk", "naumenko"]


@pytest.mark.parametrize("case", sorted(BAD_OPTIONS))
def test_bad_selection_option_is_refused_with_its_name(
    case: str, sample: Path, runner: CliRunner
) -> None:
    options, expected = BAD_OPTIONS[case]
    before = files_under(sample)
    result = runner.invoke(main, ["recipients", "list", *options, "-w", str(sample)])
    assert result.exit_code == 1
    assert result.output == expected
    assert files_under(sample) == before


def test_list_without_options_shows_everyone(sample: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["recipients", "list", "-w", str(sample)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "13 people"
