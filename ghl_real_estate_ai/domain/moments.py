"""Dates and moments a caller may give: within years the service can compute with.

Year 1 or 9999-12-31 parse as valid ISO-8601 but break the arithmetic done on them (a follow-up three
months after 9999-12-31, a time zone shift before year 1): they are refused with 422 at the edge instead.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime

EARLIEST_YEAR = 1970
LATEST_YEAR = 2200


def _within_years(value: date) -> date:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"must be between the years {EARLIEST_YEAR} and {LATEST_YEAR}")
    return value


def _moment_within_years(value: datetime) -> datetime:
    _within_years(value.date())
    return value


Moment = Annotated[AwareDatetime, AfterValidator(_moment_within_years)]
CalendarDate = Annotated[date, AfterValidator(_within_years)]
