"""Panels, hearings, decisions, sanctions and appeals (the hearing context of DESIGN.md).

A decision is immutable once issued (G07); a sanction exists only as part of a decision (G34).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import Field

from safecase.core.people import new_id, sensitive
from safecase.core.records import Record

__all__ = [
    "Appeal",
    "AppealExtension",
    "AppealResult",
    "Decision",
    "Finding",
    "Hearing",
    "Panel",
    "PanelKind",
    "PanelMember",
    "PartyKind",
    "Sanction",
]

PartyKind = Literal["RESPONDENT", "COMPLAINANT", "ORG"]


class PanelKind(StrEnum):
    DISCIPLINARY = "DISCIPLINARY"
    APPEAL = "APPEAL"


class PanelMember(Record):
    person_id: str
    chair: bool = False
    member_type: str | None = None
    external: bool = False


class Panel(Record):
    id: str = Field(default_factory=new_id)
    kind: PanelKind
    members: list[PanelMember]
    appointed_at: datetime
    nsp_substitution: bool = False

    @property
    def person_ids(self) -> frozenset[str]:
        return frozenset(m.person_id for m in self.members)

    @property
    def chair(self) -> PanelMember | None:
        return next((m for m in self.members if m.chair), None)


class Hearing(Record):
    id: str = Field(default_factory=new_id)
    panel_id: str
    notice_served_at: datetime | None = None
    notice_waived: bool = False
    scheduled_for: datetime | None = None
    format: str = "IN_PERSON"
    child_attendance_required: bool = False
    alternative_evidence_offered: bool = True
    allow_direct_questioning_by_respondent: bool = False
    child_supporter: str | None = sensitive(default=None)
    respondent_support_person: str | None = sensitive(default=None)
    complainant_welfare_plan: bool = False
    respondent_welfare_plan: bool = False
    opened_at: datetime | None = None


class Finding(Record):
    allegation: str = sensitive()
    code_reference: str
    finding: Literal["PROVEN", "NOT_PROVEN"]


class Sanction(Record):
    id: str = Field(default_factory=new_id)
    type: str
    months: int | None = None
    conditions: str = sensitive(default="")
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    in_force: bool = False
    removes_from_regulated_work: bool = False


class Decision(Record):
    id: str = Field(default_factory=new_id)
    kind: Literal["FIRST_INSTANCE", "APPEAL"] = "FIRST_INSTANCE"
    rationale: str = sensitive()
    decided_by: tuple[str, ...]
    decided_at: datetime
    standard_of_proof: str
    findings: tuple[Finding, ...]
    sanctions: tuple[Sanction, ...] = ()
    information_considered: tuple[str, ...] = ()
    aggravating_factors: tuple[str, ...] = ()
    mitigating_factors: tuple[str, ...] = ()
    on_admission: bool = False
    appeal_result: str | None = None
    notified_at: dict[str, datetime] = Field(default_factory=dict)
    waivers: tuple[str, ...] = ()
    appealed: bool = False


class AppealResult(StrEnum):
    UPHELD = "UPHELD"
    VARIED = "VARIED"
    OVERTURNED = "OVERTURNED"
    REMITTED = "REMITTED"


class AppealExtension(Record):
    decision_id: str
    party: str
    granted_at: datetime
    new_deadline: datetime
    reason: str = sensitive()


class Appeal(Record):
    id: str = Field(default_factory=new_id)
    decision_id: str
    appellant: str
    grounds: tuple[str, ...]
    statement: str = sensitive()
    lodged_at: datetime
    panel_id: str | None = None
    opened_at: datetime | None = None
    result: AppealResult | None = None
