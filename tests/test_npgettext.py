"""``npgettext(context, one, many, n)`` in a Word template and an e-mail text, as
``pgettext`` and ``ngettext`` are: extracted with its msgctxt and msgid_plural, read from
the .po by both, the form chosen by each language's plural rule, its translation escaped,
and a bad call refused in the words ``ngettext``'s gets (those calls are among
tests/test_gettext_calls.py's)."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from letters.load.loader import load_checked
from letters.render.renderer import Renderer
from tests.conftest import add_paragraphs, docx_text, msgfmt_check
from tests.conftest import cli as run

COUNTS = (1, 2, 5, 21)
ONE, MANY = "%(num)d copy & annex", "%(num)d copies & annexes"
# the same English under a context and without: two entries, two translations
TRANSLATED = {
    "uk": {
        None: [
            "%(num)d примірник і додаток",
            "%(num)d примірники і додатки",
            "%(num)d примірників і додатків",
        ],
        "printed": [
            "%(num)d копія <з додатком>",
            "%(num)d копії <з додатками>",
            "%(num)d копій <з додатками>",
        ],
    },
    "ru": {
        None: [
            "%(num)d экземпляр и приложение",
            "%(num)d экземпляра и приложения",
            "%(num)d экземпляров и приложений",
        ],
        "printed": [
            "%(num)d копия <с приложением>",
            "%(num)d копии <с приложениями>",
            "%(num)d копий <с приложениями>",
        ],
    },
}
# what each language prints for each count: (without context, under "printed")
EXPECTED = {
    "en": {
        1: ("1 copy & annex", "1 copy & annex"),
        2: ("2 copies & annexes", "2 copies & annexes"),
        5: ("5 copies & annexes", "5 copies & annexes"),
        21: ("21 copies & annexes", "21 copies & annexes"),
    },
    "uk": {
        1: ("1 примірник і додаток", "1 копія <з додатком>"),
        2: ("2 примірники і додатки", "2 копії <з додатками>"),
        5: ("5 примірників і додатків", "5 копій <з додатками>"),
        21: ("21 примірник і додаток", "21 копія <з додатком>"),
    },
    "ru": {
        1: ("1 экземпляр и приложение", "1 копия <с приложением>"),
        2: ("2 экземпляра и приложения", "2 копии <с приложениями>"),
        5: ("5 экземпляров и приложений", "5 копий <с приложениями>"),
        21: ("21 экземпляр и приложение", "21 копия <с приложением>"),
    },
}


def _call(n: int) -> str:
    return (
        f'Count {n}: {{{{ ngettext("{ONE}", "{MANY}", {n}) }}}}'
        f' / {{{{ npgettext("printed", "{ONE}", "{MANY}", {n}) }}}}'
    )


def _translate(po: Path, lang: str) -> None:
    """Write the forms of both entries into ``po``, the one under msgctxt first."""
    text = po.read_text(encoding="utf-8")
    empty = 'msgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""'
    for context in ("printed", None):
        head = f'msgctxt "{context}"\n' if context else ""
        plain = "" if context else r"(?<!\"\n)"  # the entry with no msgctxt line before it
        entry = re.compile(
            plain + re.escape(f'{head}msgid "{ONE}"\nmsgid_plural "{MANY}"\n{empty}')
        )
        forms = "\n".join(f'msgstr[{i}] "{s}"' for i, s in enumerate(TRANSLATED[lang][context]))
        filled = f'{head}msgid "{ONE}"\nmsgid_plural "{MANY}"\n{forms}'
        text, count = entry.subn(lambda _m, filled=filled: filled, text)
        assert count == 1, (lang, context)
    po.write_text(text, encoding="utf-8")


@pytest.fixture
def translated(sample: Path, runner: CliRunner) -> Path:
    """The sample whose template and e-mail text print both calls for each count, extracted,
    updated and translated in uk and ru, each catalog accepted by msgfmt --check."""
    add_paragraphs(sample / "templates" / "appeal.docx", *(_call(n) for n in COUNTS))
    email = sample / "templates" / "appeal.email.txt"
    email.write_text(
        email.read_text(encoding="utf-8") + "".join(f"{_call(n)}\n" for n in COUNTS),
        encoding="utf-8",
    )
    run(runner, sample, "i18n", "extract")
    pot = (sample / "locales" / "templates.pot").read_text(encoding="utf-8")
    assert f'msgctxt "printed"\nmsgid "{ONE}"\nmsgid_plural "{MANY}"\n' in pot
    run(runner, sample, "i18n", "update")
    for lang in TRANSLATED:
        po = sample / "locales" / lang / "LC_MESSAGES" / "templates.po"
        _translate(po, lang)
        msgfmt_check(po)
    return sample


def _shown(lang: str) -> list[str]:
    return [f"Count {n}: {a} / {b}" for n, (a, b) in EXPECTED[lang].items()]


def _counts(lines: list[str]) -> list[str]:
    """The lines printed by the calls, each no-break space a letter sets (after a number,
    after «і», «з») read as a space."""
    return [line.replace("\u00a0", " ") for line in lines if line.startswith("Count ")]


def test_npgettext_prints_each_languages_form_in_a_letter_and_its_email(
    translated: Path, runner: CliRunner
) -> None:
    check = run(runner, translated, "check")
    assert "warning" not in check, check
    run(runner, translated, "build", "may-2020-joint")
    ws = load_checked(translated)
    renderer = Renderer(ws)
    for lang in EXPECTED:
        letter = docx_text(translated / "out" / "may-2020-joint" / f"may-2020-joint.{lang}.docx")
        assert _counts(letter) == _shown(lang)
        email = renderer.emails.preview(ws.letters["may-2020-joint"], lang, whole=True)
        assert isinstance(email, tuple), email
        assert _counts(email[1]) == _shown(lang)
    # the .mo compile writes holds both entries apart, as GNU gettext reads them
    run(runner, translated, "i18n", "compile")
    for lang in TRANSLATED:
        mo = translated / "locales" / lang / "LC_MESSAGES" / "templates.mo"
        with mo.open("rb") as file:
            catalog = gettext.GNUTranslations(file)
        for n, (plain, printed) in EXPECTED[lang].items():
            assert catalog.npgettext("printed", ONE, MANY, n) % {"num": n} == printed
            assert catalog.ngettext(ONE, MANY, n) % {"num": n} == plain
