"""Dates known to the day, the month or only the year, as each language writes them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from babel import Locale
from pydantic import TypeAdapter, ValidationError

from letters.errors import TemplateProblem
from letters.load.loader import load_checked
from letters.load.partial_date import PartialDate, When
from letters.plan import plan
from letters.render.renderer import Renderer
from letters.render.template import make_environment
from tests.conftest import docx_text, no_break

DAY, MONTH, YEAR = dt.date(2020, 5, 21), PartialDate(2018, 5), PartialDate(2018)
LOCALES = {"en": "en_GB", "uk": "uk_UA", "ru": "ru_RU"}

# (language, form, date, what the letter says); "~" is a no-break space.
EXPECTED = [
    ("en", "long", DAY, "21 May 2020"),
    ("en", "long", MONTH, "May 2018"),
    ("en", "long", YEAR, "2018"),
    ("en", "in", DAY, "on 21 May 2020"),
    ("en", "in", MONTH, "in May 2018"),
    ("en", "in", YEAR, "in 2018"),
    ("en", "In", MONTH, "In May 2018"),
    ("uk", "long", DAY, "21 травня 2020~р."),
    ("uk", "long", MONTH, "травень 2018~р."),
    ("uk", "long", YEAR, "2018~р."),
    ("uk", "in", DAY, "21 травня 2020~р."),
    ("uk", "in", MONTH, "у травні 2018~р."),
    ("uk", "in", YEAR, "у 2018 році"),
    ("uk", "In", YEAR, "У 2018 році"),
    ("uk", "in", PartialDate(2017, 1), "у січні 2017~р."),
    ("uk", "in", PartialDate(2017, 11), "у листопаді 2017~р."),
    ("ru", "long", DAY, "21 мая 2020~г."),
    ("ru", "long", MONTH, "май 2018~г."),
    ("ru", "long", YEAR, "2018~г."),
    ("ru", "in", DAY, "21 мая 2020~г."),
    ("ru", "in", MONTH, "в мае 2018~г."),
    ("ru", "in", YEAR, "в 2018 году"),
    ("ru", "In", MONTH, "В мае 2018~г."),
    ("ru", "in", PartialDate(2019, 3), "в марте 2019~г."),
]


def _render(source: str, locale: str, **values: object) -> str:
    template = make_environment().from_string(source)
    return template.render(locale=Locale.parse(locale), **values)


@pytest.mark.parametrize(
    ("lang", "form", "date", "expected"),
    EXPECTED,
    ids=[f"{lang}-{form}-{date}" for lang, form, date, _e in EXPECTED],
)
def test_the_date_filter_writes_each_precision_as_the_language_does(
    lang: str, form: str, date: object, expected: str
) -> None:
    written = _render("{{ d|date(form) }}", LOCALES[lang], d=date, form=form)
    assert no_break(written) == expected.replace("~", "\u00a0")


def test_every_month_has_its_locative() -> None:
    uk = [_render("{{ d|date('in') }}", "uk_UA", d=PartialDate(2018, m)) for m in range(1, 13)]
    ru = [_render("{{ d|date('in') }}", "ru_RU", d=PartialDate(2018, m)) for m in range(1, 13)]
    assert " ".join(w.split()[1] for w in uk) == (
        "січні лютому березні квітні травні червні липні серпні вересні жовтні листопаді грудні"
    )
    assert " ".join(w.split()[1] for w in ru) == (
        "январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре"
    )


def test_a_language_without_the_in_forms_says_so() -> None:
    assert _render("{{ d|date }}", "de_DE", d=MONTH) == "Mai 2018"
    with pytest.raises(TemplateProblem, match=r"no 'in' form in German \(Germany\)"):
        _render("{{ d|date('in') }}", "de_DE", d=MONTH)


@pytest.mark.parametrize(
    ("written", "read"),
    [
        (2018, PartialDate(2018)),
        ("2018", PartialDate(2018)),
        ("2017-03", PartialDate(2017, 3)),
        (dt.date(2017, 3, 4), PartialDate(2017, 3, 4)),
    ],
)
def test_a_date_may_be_known_to_the_year_or_month(written: object, read: PartialDate) -> None:
    assert TypeAdapter(When).validate_python(written) == read


@pytest.mark.parametrize("written", [18, 12018, True, "2017-13", "17-03", "2017-3"])
def test_anything_else_is_refused_saying_how_to_write_it(written: object) -> None:
    with pytest.raises(ValidationError, match="or YYYY when only the year is"):
        TypeAdapter(When).validate_python(written)


def test_a_timeline_event_known_to_the_year_is_written_so(sample: Path) -> None:
    case = sample / "cases" / "akhmetova" / "case.yaml"
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("    date: 2017-10-18", "    date: 2017", 1), encoding="utf-8")
    ws = load_checked(sample)
    # the event's sentence says when as running text does, at the start of a sentence
    for lang, line in {
        "uk": "У 2017 році Державна міграційна служба України",
        "ru": "В 2017 году Государственная миграционная служба Украины",
        "en": "In 2017 the State Migration Service of Ukraine",
    }.items():
        job = plan(ws, ["may-2020-joint"], [lang]).jobs[0]
        data, _problems = Renderer(ws).render(job, draft=None)
        assert data is not None
        out = sample / f"{lang}.docx"
        out.write_bytes(data)
        assert any(line in p.replace("\u00a0", " ") for p in docx_text(out)), lang


@pytest.mark.parametrize(
    ("lang", "typed", "printed"),
    [
        ("uk", "Верховний Суд залишив це рішення без змін {date}.", "без змін 17 вересня 2018 р."),
        ("ru", "Верховный Суд оставил это решение в силе {date}.", "в силе 17 сентября 2018 г."),
    ],
)
def test_a_date_that_ends_its_sentence_takes_no_second_full_stop(
    sample: Path, lang: str, typed: str, printed: str
) -> None:
    """A translator may put {date} last, where the language has it: «… 2018 р.» is the
    sentence's end, not «… 2018 р..»."""
    po = sample / "locales" / lang / "LC_MESSAGES" / "case-akhmetova.po"
    text = po.read_text(encoding="utf-8")
    entry = 'msgid "{date} the Supreme Court upheld that order."\nmsgstr "'
    start = text.index(entry) + len(entry)
    end = text.index('"\n', start)
    po.write_text(text[:start] + typed + text[end:], encoding="utf-8")
    ws = load_checked(sample)
    job = plan(ws, ["may-2020-joint"], [lang]).jobs[0]
    data, _problems = Renderer(ws).render(job, draft=None)
    assert data is not None
    out = sample / f"{lang}.docx"
    out.write_bytes(data)
    spaced = [" ".join(p.split()) for p in docx_text(out)]  # no-break spaces too
    (said,) = [p for p in spaced if printed in p]
    assert printed + "." not in said


def test_the_e_mail_and_the_version_do_not_change_with_the_space_babel_writes(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CLDR releases write the space before «р.» and «г.» as U+202F or as a plain space;
    the e-mail that carries a letter, hashed into its version, reads the same either way."""
    import letters.render.dates as dates
    from letters import Workspace
    from letters.render.emails import EMAIL_HEADING

    babel_writes = dates.format_date
    seen: dict[str, tuple[str, str, str]] = {}
    for space in ("\u202f", " ", "\u00a0"):

        def format_date(*args: object, space: str = space, **kwargs: object) -> str:
            return str(babel_writes(*args, **kwargs)).replace("\u202f", space)  # type: ignore[arg-type]

        monkeypatch.setattr(dates, "format_date", format_date)
        ws = Workspace(sample)
        text = ws.version("kazakhstan-2020", "ru").text
        message = text[text.index(EMAIL_HEADING) :]
        seen[repr(space)] = (
            ws.version("may-2020-joint", "uk").short,
            ws.version("kazakhstan-2020", "ru").short,
            next(line for line in message if "2020" in line and "мая" in line),
        )
    assert len(set(seen.values())) == 1, seen
    assert "21\u00a0мая 2020\u00a0г." in next(iter(seen.values()))[2]
