"""Periods of time as rule sets state them ("14 days", "2 working days", "P3M", "IMMEDIATE").

Rule-set timelines are legal or policy figures, and several of them are counted in working
days of a jurisdiction's calendar. A :class:`Period` keeps the unit the source used, so that
"1 working day" is never silently turned into "24 hours"; :mod:`safecase.core.calendar` turns
a period into an exact instant (G39).
"""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

__all__ = ["Period", "PeriodUnit", "parse_period"]


class PeriodUnit(StrEnum):
    IMMEDIATE = "immediate"
    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"
    YEARS = "years"


class Period(BaseModel):
    """An amount of one unit; ``IMMEDIATE`` has amount 0 and means "now"."""

    model_config = ConfigDict(frozen=True)

    amount: int
    unit: PeriodUnit

    def __str__(self) -> str:
        if self.unit is PeriodUnit.IMMEDIATE:
            return "immediately"
        label = self.unit.value.replace("_", " ")
        return f"{self.amount} {label[:-1] if self.amount == 1 else label}"


_WORDS = {
    "minute": PeriodUnit.MINUTES,
    "minutes": PeriodUnit.MINUTES,
    "min": PeriodUnit.MINUTES,
    "h": PeriodUnit.HOURS,
    "hour": PeriodUnit.HOURS,
    "hours": PeriodUnit.HOURS,
    "day": PeriodUnit.DAYS,
    "days": PeriodUnit.DAYS,
    "d": PeriodUnit.DAYS,
    "working day": PeriodUnit.WORKING_DAYS,
    "working days": PeriodUnit.WORKING_DAYS,
    "business day": PeriodUnit.WORKING_DAYS,
    "business days": PeriodUnit.WORKING_DAYS,
    "month": PeriodUnit.MONTHS,
    "months": PeriodUnit.MONTHS,
    "year": PeriodUnit.YEARS,
    "years": PeriodUnit.YEARS,
    "y": PeriodUnit.YEARS,
}
_PLAIN = re.compile(r"^(\d+)\s*([a-z ]+?)$")
_ISO = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$")


def parse_period(text: str) -> Period:
    """Parse a period written as in DOMAIN.md §3; raise ``ValueError`` naming the text if not.

    Accepted: ``IMMEDIATE``; ``<n> <unit>`` with units minutes, hours, days, working/business
    days, months, years (``48h`` too); ISO 8601 durations with a single component
    (``P3M``, ``P60D``, ``PT24H``, ``PT5M``).
    """
    raw = text.strip()
    if raw.upper() == "IMMEDIATE":
        return Period(amount=0, unit=PeriodUnit.IMMEDIATE)
    match = _PLAIN.match(raw.lower())
    if match and match.group(2).strip() in _WORDS:
        return Period(amount=int(match.group(1)), unit=_WORDS[match.group(2).strip()])
    iso = _ISO.match(raw.upper())
    if iso and raw.upper() != "P" and raw.upper() != "PT":
        years, months, weeks, days, hours, minutes = (int(g) if g else 0 for g in iso.groups())
        parts = [
            (years, PeriodUnit.YEARS),
            (months, PeriodUnit.MONTHS),
            (weeks * 7, PeriodUnit.DAYS),
            (days, PeriodUnit.DAYS),
            (hours, PeriodUnit.HOURS),
            (minutes, PeriodUnit.MINUTES),
        ]
        given = [(amount, unit) for amount, unit in parts if amount]
        if len(given) == 1:
            return Period(amount=given[0][0], unit=given[0][1])
    raise ValueError(f"cannot read {text!r} as a period (e.g. '14 days', '2 working days', 'P3M')")
