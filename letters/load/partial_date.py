"""A date known to the day, the month or the year, as case.yaml writes it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import PlainValidator
from pydantic_core import PydanticCustomError

__all__ = ["PartialDate", "When"]


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day, or only to the month (written ``2017-03``) or the year
    (``2017``)."""

    year: int
    month: int | None = None
    day: int | None = None

    def as_date(self) -> dt.date:
        """The date, on the first of the month or of the year when that is not known."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def __str__(self) -> str:
        """As case.yaml writes it: 2017-03-21, 2017-03 or 2017."""
        parts = [f"{self.year:04d}", *(f"{n:02d}" for n in (self.month, self.day) if n)]
        return "-".join(parts)


def _parse_partial_date(value: Any) -> PartialDate:
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_type", "expected a date (YYYY-MM-DD), not a time")
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return PartialDate(value)  # YAML reads a year alone as a number
    if isinstance(value, str):
        match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", value.strip())
        if match and not match.group(2):
            return PartialDate(int(match.group(1)))
        if match and 1 <= int(match.group(2)) <= 12:
            return PartialDate(int(match.group(1)), int(match.group(2)))
    if isinstance(value, dict) and "private" in value:  # as a relative's born: may be
        raise PydanticCustomError(
            "date_type",
            "this date cannot be private on its own, as a letter that tells its event tells"
            " it (only a family member's born: date can be): write it as YYYY-MM-DD, YYYY-MM"
            " or YYYY, and make the event private instead (private: true beside its date:),"
            " or leave seeking_protection_since out",
        )
    raise PydanticCustomError(
        "date_type",
        "expected a date written as YYYY-MM-DD, or YYYY-MM when only the month is known,"
        " or YYYY when only the year is",
    )


When = Annotated[PartialDate, PlainValidator(_parse_partial_date)]
