"""A campaign workspace for benchmarks and scale tests: the sample case, addressed to N MEPs.

The MEPs are made up (names from short lists, addresses at example.org), with every
form typed, as a directory is after `letters recipients review --confirm`. The letter
goes to each of them in English, Ukrainian and Russian: 720 MEPs give 2,160 letters.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LETTER = "campaign-2020"

# (en, uk, ru); surnames that Ukrainian and Russian leave undeclined, so every form is right
_FAMILY = [
    ("Rossi", "Россі", "Росси"),
    ("Bianchi", "Б'янкі", "Бьянки"),
    ("Ricci", "Річчі", "Риччи"),
    ("Romano", "Романо", "Романо"),
    ("Greco", "Греко", "Греко"),
    ("Bruno", "Бруно", "Бруно"),
    ("Conti", "Конті", "Конти"),
    ("Esposito", "Еспозіто", "Эспозито"),
    ("Leone", "Леоне", "Леоне"),
    ("Moretti", "Моретті", "Моретти"),
    ("Barbieri", "Барб'єрі", "Барбьери"),
    ("Lombardi", "Ломбарді", "Ломбарди"),
    ("Marino", "Маріно", "Марино"),
    ("Galli", "Галлі", "Галли"),
    ("Popescu", "Попеску", "Попеску"),
    ("Ionescu", "Іонеску", "Ионеску"),
    ("Dumitrescu", "Думітреску", "Думитреску"),
    ("Georgiou", "Георгіу", "Георгиу"),
    ("Rinaldi", "Рінальді", "Ринальди"),
    ("Caruso", "Карузо", "Карузо"),
]
# (gender, en, uk, uk dative, uk vocative, ru): an address names the given name in full
# and in the dative, a salutation in the vocative (`letter-conventions.md`)
_GIVEN = [
    ("male", "Marco", "Марко", "Маркові", "Марку", "Марко"),
    ("female", "Anna", "Анна", "Анні", "Анно", "Анна"),
    ("male", "Luca", "Лука", "Луці", "Луко", "Лука"),
    ("female", "Elena", "Елена", "Елені", "Елено", "Елена"),
    ("male", "Andrei", "Андрей", "Андреєві", "Андрею", "Андрей"),
    ("female", "Maria", "Марія", "Марії", "Маріє", "Мария"),
    ("male", "Tudor", "Тудор", "Тудорові", "Тудоре", "Тудор"),
    ("female", "Giulia", "Джулія", "Джулії", "Джуліє", "Джулия"),
    ("male", "Vlad", "Влад", "Владові", "Владе", "Влад"),
    ("female", "Sofia", "Софія", "Софії", "Софіє", "София"),
    ("male", "Kostas", "Костас", "Костасові", "Костасе", "Костас"),
    ("female", "Ioana", "Іоана", "Іоані", "Іоано", "Иоана"),
    ("male", "Dimitris", "Дімітріс", "Дімітрісові", "Дімітрісе", "Димитрис"),
    ("female", "Chiara", "К'яра", "К'ярі", "К'яро", "Кьяра"),
    ("male", "Mihai", "Міхай", "Міхаєві", "Міхаю", "Михай"),
    ("female", "Laura", "Лаура", "Лаурі", "Лауро", "Лаура"),
    ("male", "Adrian", "Адріан", "Адріанові", "Адріане", "Адриан"),
    ("female", "Irina", "Ірина", "Ірині", "Ірино", "Ирина"),
    ("male", "Bogdan", "Богдан", "Богданові", "Богдане", "Богдан"),
    ("female", "Francesca", "Франческа", "Франчесці", "Франческо", "Франческа"),
    ("male", "Victor", "Віктор", "Вікторові", "Вікторе", "Виктор"),
    ("female", "Katerina", "Катерина", "Катерині", "Катерино", "Катерина"),
    ("male", "Florin", "Флорін", "Флорінові", "Флоріне", "Флорин"),
    ("female", "Silvia", "Сільвія", "Сільвії", "Сільвіє", "Сильвия"),
    ("male", "Cristian", "Крістіан", "Крістіанові", "Крістіане", "Кристиан"),
    ("female", "Ana", "Ана", "Ані", "Ано", "Ана"),
    ("male", "Marius", "Маріус", "Маріусові", "Маріусе", "Мариус"),
    ("female", "Roberta", "Роберта", "Роберті", "Роберто", "Роберта"),
    ("male", "Stefan", "Стефан", "Стефанові", "Стефане", "Стефан"),
    ("female", "Daniela", "Даніела", "Даніелі", "Даніело", "Даниэла"),
    ("male", "Martin", "Мартін", "Мартінові", "Мартіне", "Мартин"),
    ("female", "Paola", "Паола", "Паолі", "Паоло", "Паола"),
    ("male", "Peter", "Петер", "Петерові", "Петере", "Петер"),
    ("female", "Marta", "Марта", "Марті", "Марто", "Марта"),
    ("male", "Jan", "Ян", "Янові", "Яне", "Ян"),
    ("female", "Eleni", "Елені", "Елені", "Елені", "Элени"),
]
# the European Parliament's own abbreviations, in every language
_GROUPS = ["EPP", "S&D", "Renew Europe", "Greens/EFA"]
_COUNTRIES = ["IT", "RO", "GR", "ES", "PT", "FR", "DE", "PL", "LT", "SK"]
# (en courtesy title, en salutation, uk, ru)
_SALUTATION = {
    "male": ("Mr", "Dear Mr {en},", "Шановний пане {uk}!", "Уважаемый господин {ru}!"),
    "female": ("Ms", "Dear Ms {en},", "Шановна пані {uk}!", "Уважаемая госпожа {ru}!"),
}
_TITLE = (
    "Member of the European Parliament",
    "Депутат Європейського Парламенту",
    "Депутат Европейского парламента",
)
_TITLE_DATIVE = (
    "Member of the European Parliament",
    "Депутатові Європейського Парламенту",
    "Депутату Европейского парламента",
)
_INSTITUTION = ("European Parliament", "Європейський Парламент", "Европейский парламент")


def _langs(forms: tuple[str, str, str]) -> list[tuple[str, str]]:
    return list(zip(("en", "uk", "ru"), forms, strict=True))


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def directory_yaml(count: int) -> str:
    """``count`` made-up MEPs, every form typed."""
    lines = [
        "# Made-up MEPs for benchmarks (bench/campaign.py); addresses at example.org.",
        "people:",
    ]
    for n in range(count):
        gender, g_en, g_uk, g_uk_dative, g_uk_vocative, g_ru = _GIVEN[n % len(_GIVEN)]
        f_en, f_uk, f_ru = _FAMILY[(n // len(_GIVEN)) % len(_FAMILY)]
        group = _GROUPS[n % len(_GROUPS)]
        courtesy, *sal = _SALUTATION[gender]
        ident = f"mep-{n + 1:04d}"
        lines += [
            f"  - id: {ident}",
            f"    gender: {gender}",
            "    language: en",
            f"    country: {_COUNTRIES[n % len(_COUNTRIES)]}",
            "    tags: [campaign]",
            f"    email: {ident}@example.org",
            "    name:",
            f"      en: {_q(f'{g_en} {f_en}')}",
            f"      uk: {_q(f'{g_uk} {f_uk}')}",
            f"      ru: {_q(f'{g_ru} {f_ru}')}",
            "    group:",
            *(f"      {lang}: {_q(group)}" for lang in ("en", "uk", "ru")),
            "    roles:",
            "      - from: 2019-07-02",
            "        title:",
            *(f"          {lang}: {_q(text)}" for lang, text in _langs(_TITLE)),
            "        institution:",
            *(f"          {lang}: {_q(text)}" for lang, text in _langs(_INSTITUTION)),
            "        address:",
            f"          en: [{_q(f'{courtesy} {g_en} {f_en}')}, {_q(_TITLE_DATIVE[0])}]",
            f"          uk: [{_q(_TITLE_DATIVE[1])}, {_q(f'{g_uk_dative} {f_uk.upper()}')}]",
            f"          ru: [{_q(_TITLE_DATIVE[2])}, {_q(f'{g_ru[0]}. {f_ru}')}]",
            "        salutation:",
            f"          en: {_q(sal[0].format(en=f_en))}",
            f"          uk: {_q(sal[1].format(uk=g_uk_vocative))}",
            f"          ru: {_q(sal[2].format(ru=f_ru))}",
        ]
    return "\n".join(lines) + "\n"


# The sample's individual letter sent to every made-up MEP, asking what a parliamentarian
# can do (the officials' asks would be false for them): its texts all translated, so no
# letter of the campaign shows an [UNTRANSLATED] mark, and `letters check` is clean.
CAMPAIGN_LETTER = f"""
  - id: {LETTER}
    template: appeal
    mode: individual
    languages: [en, uk, ru]
    place:
      en: Brussels
      uk: Брюссель
      ru: Брюссель
    date: 2020-05-21
    subject: Preventing the extradition of Zhanara Akhmetova from Ukraine to Kazakhstan
    framing: Her extradition would put her in grave danger.
    state: UA
    recipients:
      tags: [campaign]
    signatories: [austrevicius, bilcik, guetta, berg, jukneviciene, simecka]
    timeline: [refusal-2017, detention, appeal-2018, supreme-2018, refusal-2018, supreme-2020]
    risks: [torture, unfair-trial]
    instruments: [cat, iccpr, refugees, echr]
    asks: [raise, follow]
"""


def make_campaign(target: Path, meps: int = 720) -> Path:
    """Write a workspace at ``target``: the sample case and a letter to ``meps`` MEPs."""
    target.mkdir(parents=True, exist_ok=True)
    config = (REPO / "workspace.yaml").read_text(encoding="utf-8")  # its sender included
    (target / "workspace.yaml").write_text(config, encoding="utf-8")
    for folder in ("cases", "templates", "locales", "recipients"):
        shutil.copytree(REPO / folder, target / folder, dirs_exist_ok=True)
    (target / "recipients" / "campaign.yaml").write_text(directory_yaml(meps), encoding="utf-8")
    letters = target / "cases" / "akhmetova" / "letters.yaml"
    letters.write_text(letters.read_text(encoding="utf-8") + CAMPAIGN_LETTER, encoding="utf-8")
    return target
