"""What is due on a case, and when: every deadline of DOMAIN.md computed from the rule set and
its calendar (G06 appeal windows, G09 interim reviews and ratification, G17 statutory
referrals, G24 notice periods, acknowledgement of reports; G39 for the arithmetic).

A deadline is *overdue* once ``now`` is past it and the thing it waits for has not happened.
The case list filters on the earliest open deadline; the system's deadline sweep emits an
event for each overdue one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from safecase.core.calendar import Calendar
from safecase.core.case import Case
from safecase.core.hearing import PanelKind
from safecase.core.ruleset import RuleSet
from safecase.core.states import CaseState, ReferralStatus

__all__ = ["Deadline", "DeadlineKind", "deadlines_of", "next_due"]


class DeadlineKind(StrEnum):
    ACKNOWLEDGE_REPORT = "ACKNOWLEDGE_REPORT"
    STATUTORY_REFERRAL = "STATUTORY_REFERRAL"
    INTERIM_REVIEW = "INTERIM_REVIEW"
    INTERIM_RATIFICATION = "INTERIM_RATIFICATION"
    HEARING_NOTICE = "HEARING_NOTICE"
    APPEAL_WINDOW = "APPEAL_WINDOW"


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    subject: str  # the id of what it is about (referral, measure, party)
    due_at: datetime
    overdue: bool

    @property
    def blocking(self) -> bool:
        """Deadlines for the organisation to act on (not windows running for others)."""
        return self.kind not in {DeadlineKind.HEARING_NOTICE, DeadlineKind.APPEAL_WINDOW}


def deadlines_of(case: Case, rule_set: RuleSet, now: datetime) -> list[Deadline]:
    """Every open deadline of ``case`` at ``now``, earliest first."""
    calendar = Calendar(rule_set.calendar)
    found: list[Deadline] = []

    def add(kind: DeadlineKind, subject: str, due_at: datetime) -> None:
        found.append(Deadline(kind, subject, due_at, now > due_at))

    if case.state in {CaseState.RECEIVED_REPORT, CaseState.RECEIVED_DISCLOSURE}:
        period = rule_set.intake.acknowledge_within.value
        if period is not None:
            add(
                DeadlineKind.ACKNOWLEDGE_REPORT, case.id, calendar.deadline(case.created_at, period)
            )
    for referral in case.referrals:
        if referral.status is ReferralStatus.DUE and referral.deadline_at is not None:
            add(DeadlineKind.STATUTORY_REFERRAL, referral.id, referral.deadline_at)
    for measure in case.interim_in_force():
        add(DeadlineKind.INTERIM_REVIEW, measure.id, measure.next_review_at)
        if measure.ratify_by is not None and measure.ratified_at is None:
            add(DeadlineKind.INTERIM_RATIFICATION, measure.id, measure.ratify_by)
    hearing = case.hearing_for(case.panel(PanelKind.DISCIPLINARY))
    if case.state is CaseState.HEARING_PENDING and hearing and hearing.notice_served_at:
        add(
            DeadlineKind.HEARING_NOTICE,
            hearing.id,
            calendar.deadline(hearing.notice_served_at, rule_set.hearing.min_notice.period),
        )
    decision = case.latest_decision("FIRST_INSTANCE")
    if case.state is CaseState.APPEAL_WINDOW_OPEN and decision is not None:
        window = rule_set.appeal.window.period
        for party, notified in sorted(decision.notified_at.items()):
            if party in decision.waivers:
                continue
            extended = [
                e.new_deadline
                for e in case.appeal_extensions
                if e.party == party and e.decision_id == decision.id
            ]
            add(
                DeadlineKind.APPEAL_WINDOW,
                party,
                max([calendar.deadline(notified, window), *extended]),
            )
    return sorted(found, key=lambda d: d.due_at)


def next_due(case: Case, rule_set: RuleSet, now: datetime) -> datetime | None:
    """The earliest deadline the organisation must act on (for the case list's overdue filter)."""
    due = [d.due_at for d in deadlines_of(case, rule_set, now) if d.blocking]
    return min(due) if due else None
