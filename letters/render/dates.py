"""Dates as a letter writes them: known to the day, the month or only the year.

What the ``date`` filter of a template gives (``{{ event.date|date }}``,
``{{ event.date|date("in") }}``):

========  ======================  ===========================  =========================
form      day known               month known                  year known
========  ======================  ===========================  =========================
(long)    21 May 2020             May 2018                     2018
          21 травня 2020 р.       травень 2018 р.              2018 р.
          21 мая 2020 г.          май 2018 г.                  2018 г.
"in"      on 21 May 2020          in May 2018                  in 2018
          21 травня 2020 р.       у травні 2018 р.             у 2018 році
          21 мая 2020 г.          в мае 2018 г.                в 2018 году
========  ======================  ===========================  =========================

The first form names the date (a heading, the start of a timeline line); "in" says when
something happened, in running text, with the preposition the language needs there — none
before a full date in Ukrainian and Russian — and "In" is the same at the start of a
sentence. Full dates and the month in the nominative come from the locale's CLDR data
(Babel), "long", "medium", "short", "full" or a pattern for a full date as Babel reads them.
What CLDR does not hold is in the tables below, for en, uk and ru: the month in the locative
(«у травні», «в мае»), the year with «р.»/«г.» and in the locative («у 2018 році», «в 2018
году»). Ukrainian and Russian write «р.»/«г.» after a year that has a month or a day
(ДСТУ 4163:2020, ГОСТ Р 7.0.97-2016 and the letter conventions: «у травні 2018 р.»,
«в мае 2018 г.»), and the word in full after a year alone in running text. Ukrainian takes
«у» here, the form at the start of a sentence and after a consonant (after a vowel euphony
prefers «в», which a filter that does not see the word before cannot choose). A language
without a table entry gets Babel's forms for the first column and refuses "in", naming it.
"""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import format_date, format_skeleton

from letters.errors import TemplateProblem
from letters.load.partial_date import PartialDate
from letters.render.as_text import described

NBSP = "\u00a0"
IN_FORMS = ("in", "In")

# The month after "in" (the locative, «у травні», «в мае»), January first.
# fmt: off
MONTH_IN = {
    "uk": (
        "січні", "лютому", "березні", "квітні", "травні", "червні",
        "липні", "серпні", "вересні", "жовтні", "листопаді", "грудні",
    ),
    "ru": (
        "январе", "феврале", "марте", "апреле", "мае", "июне",
        "июле", "августе", "сентябре", "октябре", "ноябре", "декабре",
    ),
}
# fmt: on
# A year on its own, naming it: «2018 р.»; Babel's "y" where the language has no entry.
YEAR = {"uk": "{year}" + NBSP + "р.", "ru": "{year}" + NBSP + "г."}
# "in": (a full date, a month and year, a year).
IN = {
    "en": ("on {date}", "in {month_year}", "in {year}"),
    "uk": ("{date}", "у {month_in} {year}" + NBSP + "р.", "у {year} році"),
    "ru": ("{date}", "в {month_in} {year}" + NBSP + "г.", "в {year} году"),
}


def format_when(value: PartialDate | dt.date, form: str, locale: Locale) -> str:
    """``value`` written in ``form`` ("long", "in", "In", a Babel pattern…) for ``locale``."""
    if not isinstance(form, str):
        raise TemplateProblem(
            "the date filter's form must be a text ('long', 'in', 'short' or a pattern), not"
            f" {described(form)}"
        )
    if isinstance(value, dt.date):
        value = PartialDate(value.year, value.month, value.day)
    language = locale.language
    if form in IN_FORMS:
        if language not in IN:
            raise TemplateProblem(
                f"the date filter has no '{form}' form in {locale.english_name}:"
                " write the sentence around date('long') instead"
            )
        text = _in(value, IN[language], locale)
        return text[:1].upper() + text[1:] if form == "In" else text
    if value.month is None:
        if language in YEAR:
            return YEAR[language].format(year=value.year)
        return format_skeleton("y", value.as_date(), locale=locale)
    if value.day is None:
        return format_skeleton("yMMMM", value.as_date(), locale=locale)
    try:
        return format_date(value.as_date(), form, locale=locale)
    except (ValueError, AttributeError) as exc:  # Babel's word on a pattern it cannot use
        raise TemplateProblem(  # the form is not quoted: it may be a value of the case
            "the date filter cannot write a date in the form it was given: use 'long', 'in',"
            " 'medium', 'short', 'full' or a pattern such as 'd MMMM y'"
        ) from exc


def _in(value: PartialDate, forms: tuple[str, str, str], locale: Locale) -> str:
    full, month, year = forms
    if value.month is None:
        return year.format(year=value.year)
    if value.day is None:
        day = value.as_date()
        return month.format(
            month_in=MONTH_IN.get(locale.language, ("",) * 12)[value.month - 1],
            month_year=format_skeleton("yMMMM", day, locale=locale),
            year=value.year,
        )
    return full.format(date=format_date(value.as_date(), "long", locale=locale))
