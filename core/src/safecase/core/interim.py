"""Region R-IM: interim measures with review dates (DOMAIN.md §1.5, G09).

An interim measure is not a finding and never a sanction (G34). ``IM_OVERDUE`` is derived from
``next_review_at`` and the clock; it is never stored, so it cannot go stale.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from safecase.core.people import new_id, sensitive
from safecase.core.records import Record
from safecase.core.states import InterimState

__all__ = ["InterimMeasure", "InterimReview"]


class InterimReview(Record):
    id: str = Field(default_factory=new_id)
    reviewed_at: datetime
    outcome: str
    next_review_at: datetime
    cmg_decision_id: str | None = None


class InterimMeasure(Record):
    id: str = Field(default_factory=new_id)
    type: str
    scope: str = sensitive(default="")
    reason: str = sensitive()
    authority: str
    cmg_decision_id: str | None = None
    ratify_by: datetime | None = None
    ratified_at: datetime | None = None
    imposed_at: datetime
    next_review_at: datetime
    not_a_finding: bool = True
    notify_plan: str = sensitive(default="")
    direction_ref: str | None = None
    state: InterimState = InterimState.IM_IN_FORCE
    reviews: list[InterimReview] = Field(default_factory=list)
    ended_at: datetime | None = None
    end_reason: str | None = sensitive(default=None)

    @property
    def in_force(self) -> bool:
        return self.state is InterimState.IM_IN_FORCE

    def overdue(self, now: datetime) -> bool:
        """The derived ``IM_OVERDUE`` state."""
        return self.in_force and now > self.next_review_at
