"""Deadlines in a rule set's calendar (G39).

All instants are UTC; day arithmetic happens in the rule set's time zone. A deadline counted in
days or working days ends at 23:59:59 local time on its last day ("end of day"), because a
party told "within 14 days" has the whole of the 14th day. Working days skip weekends and the
public holidays of the calendar's country/subdivision (``holidays`` library).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holiday_data
from dateutil.relativedelta import relativedelta

from safecase.core.periods import Period, PeriodUnit
from safecase.core.ruleset import CalendarSpec

__all__ = ["Calendar"]


@lru_cache(maxsize=32)
def _holiday_table(spec: str) -> holiday_data.HolidayBase:
    country, _, subdivision = spec.partition("-")
    if country.upper() == "GB":
        country = "UK"
    return holiday_data.country_holidays(country, subdiv=subdivision or None)


class Calendar:
    """The working calendar of a rule set: time zone, working days and public holidays."""

    def __init__(self, spec: CalendarSpec) -> None:
        self.spec = spec
        self.zone = ZoneInfo(spec.tz)
        self._holidays = _holiday_table(spec.holidays)

    def local_date(self, instant: datetime) -> date:
        return instant.astimezone(self.zone).date()

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.spec.working_days and day not in self._holidays

    def end_of_day(self, day: date) -> datetime:
        """23:59:59 local time on ``day``, as a UTC instant."""
        return datetime.combine(day, time(23, 59, 59), self.zone).astimezone(UTC)

    def add_working_days(self, start: datetime, days: int) -> date:
        """The Nth working day after the local day of ``start``."""
        day = self.local_date(start)
        counted = 0
        while counted < days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def deadline(self, start: datetime, period: Period) -> datetime:
        """The instant by which something counted from ``start`` must happen."""
        if start.tzinfo is None:
            raise ValueError("deadlines are computed from time-zone aware instants")
        match period.unit:
            case PeriodUnit.IMMEDIATE:
                return start
            case PeriodUnit.MINUTES:
                return start + timedelta(minutes=period.amount)
            case PeriodUnit.HOURS:
                return start + timedelta(hours=period.amount)
            case PeriodUnit.WORKING_DAYS:
                return self.end_of_day(self.add_working_days(start, period.amount))
            case PeriodUnit.DAYS:
                return self.end_of_day(self.local_date(start) + timedelta(days=period.amount))
            case PeriodUnit.MONTHS:
                return self.end_of_day(self.local_date(start) + relativedelta(months=period.amount))
            case PeriodUnit.YEARS:
                return self.end_of_day(self.local_date(start) + relativedelta(years=period.amount))
        raise ValueError(f"unknown period unit {period.unit}")  # pragma: no cover

    def later_than(self, start: datetime, period: Period) -> datetime:
        """The latest instant allowed for "no later than ``period`` after ``start``".

        Used for upper bounds such as a review date (G09) where ``deadline`` is the bound.
        """
        return self.deadline(start, period)


def relativedelta_of(period: Period) -> relativedelta:
    """A period as a calendar offset (for look-backs such as G10's same-club window)."""
    match period.unit:
        case PeriodUnit.MONTHS:
            return relativedelta(months=period.amount)
        case PeriodUnit.YEARS:
            return relativedelta(years=period.amount)
        case PeriodUnit.DAYS | PeriodUnit.WORKING_DAYS:
            return relativedelta(days=period.amount)
        case PeriodUnit.HOURS:
            return relativedelta(hours=period.amount)
        case PeriodUnit.MINUTES:
            return relativedelta(minutes=period.amount)
        case _:
            return relativedelta()
