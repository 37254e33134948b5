"""What is due and overdue is computed from the rule set and its calendar (G06, G09, G17, G39),
and the system's sweep raises an event for every overdue deadline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from safecase.core.deadlines import DeadlineKind, deadlines_of, next_due
from safecase.core.states import Role
from safecase.core.testing import Clock, Scenario


def test_a_lado_referral_is_due_by_the_end_of_the_next_working_day_and_then_overdue() -> None:
    """G17 + G39: England's Designated Officer referral, 1 working day (Friday -> Monday)."""
    s = Scenario("england", clock=Clock(datetime(2026, 3, 6, 14, 0, tzinfo=UTC)))
    category = next(c.code for c in s.rule_set.categories if "ENG_LADO" in c.statutory_checks)
    case = s.reported(category)
    checks = s.rule_set.checks_for(frozenset({category}))
    case = s.triaged(case, answers={c.id: c.id == "ENG_LADO" for c in checks})
    (deadline,) = [
        d
        for d in deadlines_of(case, s.rule_set, s.clock.now)
        if d.kind is DeadlineKind.STATUTORY_REFERRAL
    ]
    assert deadline.due_at == datetime(2026, 3, 9, 23, 59, 59, tzinfo=UTC)
    assert not deadline.overdue
    assert next_due(case, s.rule_set, s.clock.now) == deadline.due_at
    later = s.clock.set(datetime(2026, 3, 10, 0, 0, 1, tzinfo=UTC))
    assert [
        d.overdue
        for d in deadlines_of(case, s.rule_set, later)
        if d.kind is DeadlineKind.STATUTORY_REFERRAL
    ] == [True]


def test_the_sweep_raises_an_event_for_each_overdue_deadline_and_changes_no_state() -> None:
    s = Scenario("england", clock=Clock(datetime(2026, 3, 6, 14, 0, tzinfo=UTC)))
    category = next(c.code for c in s.rule_set.categories if "ENG_LADO" in c.statutory_checks)
    case = s.triaged(
        s.reported(category),
        answers={c.id: True for c in s.rule_set.checks_for(frozenset({category}))},
    )
    quiet = s.run(case, "sweep_deadlines", Role.SYS)
    assert s.last is not None
    assert [e.type for e in s.last.events] == ["DeadlinesSwept"]
    s.clock.advance(days=5)
    swept = s.run(quiet, "sweep_deadlines", Role.SYS)
    assert s.last is not None
    overdue = [e for e in s.last.events if e.type == "DeadlineOverdue"]
    assert {e.payload["kind"] for e in overdue} == {"STATUTORY_REFERRAL"}
    assert len(overdue) == len(swept.referrals)
    assert swept.state == case.state


def test_an_interim_review_date_becomes_overdue_when_it_passes(scenario: Scenario) -> None:
    """G09: the derived IM_OVERDUE."""
    case, decision = scenario.with_cmg(scenario.investigating())
    review = scenario.clock.now + timedelta(days=14)
    case = scenario.run(
        case,
        "impose_interim_measure",
        Role.CMG,
        type="TEMPORARY_SUSPENSION",
        reason="Risk to children while the investigation runs its course",
        cmg_decision_id=decision,
        next_review_at=review.isoformat(),
        notify_plan="Respondent told in writing",
    )
    (due,) = [
        d
        for d in deadlines_of(case, scenario.rule_set, scenario.clock.now)
        if d.kind is DeadlineKind.INTERIM_REVIEW
    ]
    assert due.due_at == review
    assert not due.overdue
    assert [
        d.overdue
        for d in deadlines_of(case, scenario.rule_set, review + timedelta(seconds=1))
        if d.kind is DeadlineKind.INTERIM_REVIEW
    ] == [True]


def test_each_party_has_its_own_appeal_deadline_in_the_rule_set_calendar(
    scenario: Scenario,
) -> None:
    """G06: end_of_day(notified_at + 14 days), Europe/London."""
    case = scenario.notified()
    deadlines = {
        d.subject: d.due_at
        for d in deadlines_of(case, scenario.rule_set, scenario.clock.now)
        if d.kind is DeadlineKind.APPEAL_WINDOW
    }
    assert set(deadlines) == {"RESPONDENT", "COMPLAINANT", "ORG"}
    notified = case.decisions[-1].notified_at["RESPONDENT"]
    expected = scenario.lifecycle.calendar.end_of_day(
        scenario.lifecycle.calendar.local_date(notified) + timedelta(days=14)
    )
    assert deadlines["RESPONDENT"] == expected
    assert next_due(case, scenario.rule_set, scenario.clock.now) is None  # windows run for parties
