"""A second case of another kind — an asylum refusal, not an extradition — built from the
same template as the sample: no sentence of the letter may be false for it.

The case, its letter and its official are invented (tests/second_case/).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from tests.conftest import REPO, cli, copy_workspace

SECOND = Path(__file__).parent / "second_case"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = copy_workspace(REPO, tmp_path / "ws")
    shutil.copytree(SECOND / "cases" / "sample-asylum", ws / "cases" / "sample-asylum")
    shutil.copy2(SECOND / "recipients" / "asylum-officials.yaml", ws / "recipients")
    return ws


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def test_an_asylum_letter_says_nothing_of_extradition(workspace: Path) -> None:
    cli(CliRunner(), workspace, "build", "asylum-2022")
    letter = workspace / "out" / "asylum-2022" / "asylum-2022.office-head.en.docx"
    text = [p.replace("\u00a0", " ") for p in _paragraphs(letter)]
    whole = "\n".join(text)
    assert "extradit" not in whole.lower()
    assert "Kazakhstan" not in whole and "Ukraine" not in whole
    body = text[text.index("Dear Ms Example,") + 1 :]
    assert body[:6] == [
        "We are writing to ask for your urgent attention to the following case. Maryna"
        " Exampleva is a blogger from Belarus who wrote about the 2020 presidential election"
        " and the protests that followed it.",
        "She left Belarus in 2021, after the police had searched her flat twice, and applied"
        " for international protection in Poland.",
        # events known to the month and to the year, each a whole sentence
        "In March 2022 the Office for Foreigners refused her application. In 2022 her appeal"
        " against the refusal was dismissed.",
        # the letter's own framing sentence, then the case's risk
        "If Poland returns her to Belarus, she will be in danger. She would be detained on"
        " arrival, as other bloggers returned to Belarus have been.",
        "We would recall that Poland is a party to the UN Convention against Torture and the"
        " Convention relating to the Status of Refugees.",
        # a single ask is a sentence, not a list of one
        "We therefore ask you to review her application again in the light of the risks she faces.",
    ]
    assert text[-6:] == [
        "Yours sincerely,",
        "Members of the European Parliament:",  # over several names
        "[signature]",  # a draft: no signature image until the letter is finalised
        "Petras Auštrevičius (Renew Europe, Lithuania)",
        "[signature]",
        "Rasa Juknevičienė (EPP, Lithuania)",
    ]


# A case about a man, extradited from another state (tests/second_case/, invented): the
# template's own sentences, in every language, must agree with him as with her.
MAN = "sample-extradition"


@pytest.fixture
def about_a_man(tmp_path: Path) -> Path:
    ws = copy_workspace(REPO, tmp_path / "ws")
    shutil.copytree(SECOND / "cases" / MAN, ws / "cases" / MAN)
    shutil.copy2(SECOND / "recipients" / "extradition-officials.yaml", ws / "recipients")
    return ws


def _add_translations(ws: Path) -> None:
    for lang in ("uk", "ru"):
        name = f"{lang}/LC_MESSAGES/case-{MAN}.po"
        shutil.copy2(SECOND / "locales" / name, ws / "locales" / name)


def test_a_new_case_catalog_says_whom_the_case_is_about(about_a_man: Path) -> None:
    # "blogger", "who wrote about": the English does not show what the Ukrainian must
    sample = (about_a_man / "locales/uk/LC_MESSAGES/case-akhmetova.po").read_bytes()
    cli(CliRunner(), about_a_man, "i18n", "update")
    lines = (about_a_man / f"locales/uk/LC_MESSAGES/case-{MAN}.po").read_text().splitlines()
    assert lines[:5] == [
        f'# Ukrainian translation of letters, domain "case-{MAN}".',
        "#",
        "# The person this case is about is a man: translate every text about him so that it"
        " agrees with a",
        "# man (pronouns, verbs in the past tense, nouns such as 'journalist').",
        "#",
    ]
    # a catalog already there keeps its header as its translator left it
    assert (about_a_man / "locales/uk/LC_MESSAGES/case-akhmetova.po").read_bytes() == sample


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "Mr Davit Tsamplidze\nMinister of Justice of Georgia",
                "The extradition of Arman Seitkali from Georgia to Kazakhstan",
                "Dear Mr Tsamplidze,",
                "We are writing to ask for your urgent attention to the following case. Arman"
                " Seitkali is a blogger from Kazakhstan who wrote about the protests of 2022.",
                "He left Kazakhstan in October 2022 and asked for protection in Georgia.",
                # one year is "a year" (uk «вже рік», ru «уже год»), not "one year"
                "Arman Seitkali has now been seeking protection for a year. On 3 April 2023 the"
                " police detained him in Tbilisi at Kazakhstan’s request. In November 2023 a court"
                " in Tbilisi allowed his extradition.",
            ],
        ),
        (
            "uk",
            [
                "Міністрові юстиції Грузії\nДавиду ЦАМПЛІДЗЕ",
                "Щодо екстрадиції Армана Сейткалі з Грузії до Казахстану",
                "Шановний пане Давиде!",
                "Просимо невідкладно звернути увагу на викладену нижче справу. Арман Сейткалі —"
                " блогер із Казахстану, який писав про протести 2022 року.",
                "У жовтні 2022 р. він виїхав із Казахстану й попросив захисту в Грузії.",
                "Арман Сейткалі шукає захисту вже рік. 3 квітня 2023 р. поліція затримала"
                " його в Тбілісі за запитом Казахстану. У листопаді 2023 р. суд у Тбілісі дозволив"
                " його екстрадицію.",
                "Екстрадиція поставить його під серйозну загрозу. Під вартою він наражатиметься"
                " на реальний ризик катувань.",
                "Нагадуємо, що Грузія є стороною таких міжнародних договорів, як Конвенція ООН"
                " проти катувань і Європейська конвенція з прав людини.",
                "З огляду на викладене просимо Вас відмовити в його екстрадиції до Казахстану.",
            ],
        ),
        (
            "ru",
            [
                "Министру юстиции Грузии\nД. Цамплидзе",
                "Об экстрадиции Армана Сейткали из Грузии в Казахстан",
                "Уважаемый господин Цамплидзе!",
                "Просим безотлагательно обратить внимание на следующее дело. Арман Сейткали —"
                " блогер из Казахстана, писавший о протестах 2022 года.",
                "В октябре 2022 г. он покинул Казахстан и попросил защиты в Грузии.",
                "Арман Сейткали ищет защиты уже год. 3 апреля 2023 г. полиция задержала"
                " его в Тбилиси по запросу Казахстана. В ноябре 2023 г. суд в Тбилиси разрешил"
                " его экстрадицию.",
                "Экстрадиция подвергнет его серьезной опасности. Под стражей он подвергнется"
                " реальному риску пыток.",
                "Напоминаем, что Грузия является стороной таких международных договоров, как"
                " Конвенция ООН против пыток и Европейская конвенция о защите прав человека.",
                "В связи с изложенным просим Вас отказать в его экстрадиции в Казахстан.",
            ],
        ),
    ],
)
def test_a_letter_about_a_man_to_a_man_of_another_state(
    about_a_man: Path, lang: str, expected: list[str]
) -> None:
    _add_translations(about_a_man)
    cli(CliRunner(), about_a_man, "build", "extradition-2024", "--lang", lang)
    letter = about_a_man / "out/extradition-2024" / f"extradition-2024.minister-example.{lang}.docx"
    text = [p.replace("\u00a0", " ") for p in _paragraphs(letter)]
    start = text.index(expected[0])
    assert text[start : start + len(expected)] == expected
    whole = "\n".join(text)
    assert "Україн" not in whole and "Украин" not in whole and "журналіст" not in whole
