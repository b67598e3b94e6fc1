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
        "Poland is a party to the following international instruments: the UN Convention"
        " against Torture and the Convention relating to the Status of Refugees.",
        # a single ask is a sentence, not a list of one
        "We therefore ask you to review her application again in the light of the risks she faces.",
    ]
    assert text[-6:] == [
        "Yours sincerely,",
        "Members of the European Parliament",
        "[signature]",  # a draft: no signature image until the letter is finalised
        "Petras Auštrevičius (Renew Europe, Lithuania)",
        "[signature]",
        "Rasa Juknevičienė (EPP, Lithuania)",
    ]
