"""Deadlines are exact instants in the rule set's calendar (G39)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from safecase.core.calendar import Calendar
from safecase.core.periods import Period, PeriodUnit, parse_period
from safecase.core.ruleset import CalendarSpec

LONDON = Calendar(CalendarSpec(tz="Europe/London", holidays="GB-ENG"))
EDINBURGH = Calendar(CalendarSpec(tz="Europe/London", holidays="GB-SCT"))
SINGAPORE = Calendar(CalendarSpec(tz="Asia/Singapore", holidays="SG"))
SYDNEY = Calendar(CalendarSpec(tz="Australia/Sydney", holidays="AU-NSW"))


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_one_working_day_ends_at_midnight_local_on_the_next_working_day() -> None:
    # Friday 2026-03-06 14:00 GMT -> Monday 2026-03-09 23:59:59 GMT
    assert LONDON.deadline(utc(2026, 3, 6, 14), parse_period("1 working day")) == utc(
        2026, 3, 9, 23, 59, 59
    )


def test_working_days_skip_public_holidays_of_the_jurisdiction() -> None:
    # Christmas Eve 2026 (Thursday): 25th and 28th (Boxing Day substitute) are holidays
    assert LONDON.deadline(utc(2026, 12, 24, 15), parse_period("1 working day")) == utc(
        2026, 12, 29, 23, 59, 59
    )


def test_scotland_and_england_differ_on_their_own_holidays() -> None:
    # 2 January is a bank holiday in Scotland only (2026-01-02 is a Friday)
    start = utc(2026, 1, 1, 10)
    assert EDINBURGH.deadline(start, parse_period("1 working day")) == utc(2026, 1, 5, 23, 59, 59)
    assert LONDON.deadline(start, parse_period("1 working day")) == utc(2026, 1, 2, 23, 59, 59)


def test_day_deadlines_end_at_local_midnight_across_a_clock_change() -> None:
    # Notified 2026-03-20 10:00 GMT; 14 days later is 2026-04-03, during BST (UTC+1)
    assert LONDON.deadline(utc(2026, 3, 20, 10), parse_period("14 days")) == utc(
        2026, 4, 3, 22, 59, 59
    )


def test_singapore_deadlines_use_singapore_time() -> None:
    # 2026-05-01 is Labour Day (Friday) in Singapore; local time is UTC+8
    assert SINGAPORE.deadline(utc(2026, 4, 30, 2), parse_period("1 working day")) == utc(
        2026, 5, 4, 15, 59, 59
    )


def test_hours_are_exact_and_immediate_is_now() -> None:
    start = utc(2026, 6, 1, 12, 30)
    assert LONDON.deadline(start, parse_period("PT24H")) == utc(2026, 6, 2, 12, 30)
    assert LONDON.deadline(start, parse_period("IMMEDIATE")) == start


def test_months_count_calendar_months() -> None:
    assert EDINBURGH.deadline(utc(2026, 1, 31, 9), parse_period("P3M")) == utc(
        2026, 4, 30, 22, 59, 59
    )


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        LONDON.deadline(datetime(2026, 1, 1), parse_period("1 day"))


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("14 days", Period(amount=14, unit=PeriodUnit.DAYS)),
        ("2 working days", Period(amount=2, unit=PeriodUnit.WORKING_DAYS)),
        ("2 business days", Period(amount=2, unit=PeriodUnit.WORKING_DAYS)),
        ("48h", Period(amount=48, unit=PeriodUnit.HOURS)),
        ("P3M", Period(amount=3, unit=PeriodUnit.MONTHS)),
        ("PT5M", Period(amount=5, unit=PeriodUnit.MINUTES)),
        ("P60D", Period(amount=60, unit=PeriodUnit.DAYS)),
        ("6y", Period(amount=6, unit=PeriodUnit.YEARS)),
    ],
)
def test_rule_set_periods_are_read_as_written(text: str, period: Period) -> None:
    assert parse_period(text) == period


@pytest.mark.parametrize("text", ["soon", "P", "14 fortnights", "P1Y2M"])
def test_unreadable_periods_are_refused_with_the_text(text: str) -> None:
    with pytest.raises(ValueError, match="cannot read"):
        parse_period(text)


def test_australian_deadlines_skip_australia_day_in_sydney_time() -> None:
    # Friday 2026-01-23 15:00 UTC is Saturday 02:00 in Sydney; Monday 26 January is a holiday
    assert SYDNEY.deadline(utc(2026, 1, 23, 15), parse_period("1 working day")) == utc(
        2026, 1, 27, 12, 59, 59
    )
