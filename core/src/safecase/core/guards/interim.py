"""Rule on interim measures: review dates, intervals, no backdating, overdue reviews (G09)."""

from __future__ import annotations

from datetime import timedelta

from safecase.core.commands import ImposeInterimMeasure, ReviewInterimMeasure, VaryInterimMeasure
from safecase.core.guards.context import GuardContext, Refusal, long_enough, rule


@rule("G09")
def interim_measures_have_review_dates(ctx: GuardContext) -> Refusal | None:
    command, case, interim = ctx.command, ctx.case, ctx.rule_set.interim
    calendar = ctx.calendar
    if isinstance(command, ImposeInterimMeasure):
        if command.type not in interim.types:
            return Refusal("E_G09_MEASURE_TYPE_NOT_ALLOWED", command.type)
        missing = []
        if not long_enough(command.reason, 30):
            missing.append("reason of 30+ characters")
        if not command.not_a_finding:
            missing.append("not_a_finding")
        if not command.notify_plan.strip():
            missing.append("notify_plan")
        if command.emergency:
            latest = calendar.deadline(ctx.now, interim.ratify_within.period)
            if command.ratify_by is None or command.ratify_by > latest:
                missing.append(f"ratify_by no later than {latest:%Y-%m-%d}")
        elif not command.cmg_decision_id:
            missing.append("authority (CMG decision or emergency)")
        if command.next_review_at is None or command.next_review_at <= ctx.now:
            missing.append("next_review_at in the future")
        if missing:
            return Refusal("E_G09_REVIEW_DATE_REQUIRED", ", ".join(missing))
        assert command.next_review_at is not None
        if command.next_review_at > calendar.deadline(ctx.now, interim.max_review_interval.period):
            return Refusal(
                "E_G09_REVIEW_INTERVAL_TOO_LONG", f"at most {interim.max_review_interval}"
            )
        return None
    if isinstance(command, ReviewInterimMeasure):
        if not ctx.now - timedelta(hours=24) <= command.reviewed_at <= ctx.now:
            return Refusal("E_G09_REVIEW_BACKDATED")
        if command.next_review_at <= command.reviewed_at:
            return Refusal("E_G09_REVIEW_DATE_REQUIRED", "the next review must follow this one")
        limit = calendar.deadline(command.reviewed_at, interim.max_review_interval.period)
        if command.next_review_at > limit:
            return Refusal(
                "E_G09_REVIEW_INTERVAL_TOO_LONG", f"at most {interim.max_review_interval}"
            )
        return None
    if isinstance(command, VaryInterimMeasure):
        measure = next((m for m in case.interim_measures if m.id == command.measure_id), None)
        if measure is not None and measure.overdue(ctx.now):
            return Refusal("E_G09_REVIEW_OVERDUE", f"since {measure.next_review_at:%Y-%m-%d}")
    return None
