"""The case aggregate: everything about one concern, with no I/O.

Only :mod:`safecase.core.lifecycle` changes a case; everything here is data plus derived
queries. The aggregate is a pydantic model so that persistence can store it as it is (ids,
``version`` for optimistic concurrency, timestamps) and sensitive fields are marked for
encryption (:func:`safecase.core.people.sensitive`).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from safecase.core.consent import ConsentPurpose, ConsentRecord
from safecase.core.hearing import (
    Appeal,
    AppealExtension,
    Decision,
    Hearing,
    Panel,
    PanelKind,
    Sanction,
)
from safecase.core.interim import InterimMeasure
from safecase.core.investigation import (
    EvidenceItem,
    Investigation,
    RiskAssessment,
    RiskAssessmentKind,
)
from safecase.core.people import new_id, sensitive
from safecase.core.records import Record
from safecase.core.referrals import MandatoryReportingOverride, Referral
from safecase.core.share import AdvisoryShare
from safecase.core.states import CaseState, ClosureReason, Role

__all__ = [
    "Assignment",
    "Case",
    "CmgDecision",
    "CoiDeclaration",
    "Concern",
    "IntakeType",
    "Party",
    "PartyRole",
    "TransitionRecord",
    "Triage",
]


class IntakeType(StrEnum):
    DISCLOSURE = "DISCLOSURE"
    FORMAL_REPORT = "FORMAL_REPORT"


class ReportKind(StrEnum):
    REPORT = "REPORT"
    COMPLAINT = "COMPLAINT"


class PartyRole(StrEnum):
    COMPLAINANT = "COMPLAINANT"
    RESPONDENT = "RESPONDENT"
    REPORTER = "REPORTER"
    WITNESS = "WITNESS"


class Party(Record):
    person_id: str
    role: PartyRole
    minor_at_incident: bool = False
    position_of_trust: bool = False


class Concern(Record):
    id: str = Field(default_factory=new_id)
    category: str
    summary: str = sensitive(default="")


class Triage(Record):
    severity: str
    categories: tuple[str, ...]
    route: str
    level: str
    statutory_answers: dict[str, bool]
    rationale: str = sensitive()
    decided_by: tuple[str, ...]
    decided_at: datetime
    cmg_decision_id: str | None = None


class Assignment(Record):
    person_id: str
    role: Role
    since: datetime
    until: datetime | None = None
    suspended: bool = False

    def active(self, now: datetime) -> bool:
        return not self.suspended and (self.until is None or now < self.until)


class CoiDeclaration(Record):
    person_id: str
    signed_at: datetime
    declared_conflicts: tuple[str, ...] = ()
    waived_soft_conflicts: bool = False
    waiver_reason: str | None = sensitive(default=None)


class CmgDecision(Record):
    id: str = Field(default_factory=new_id)
    subject: str
    members_present: tuple[str, ...]
    vote_outcome: str
    decided_at: datetime


class TransitionRecord(Record):
    """Who moved the case, when, why: the case's own history (the audit log has every attempt)."""

    transition: str
    command: str
    from_state: CaseState | None
    to_state: CaseState
    actor_id: str
    role: Role
    at: datetime
    reason: str = sensitive(default="")


class Case(Record):
    id: str = Field(default_factory=new_id)
    organisation_id: str
    rule_set_id: str
    version: int = 0
    created_at: datetime
    updated_at: datetime
    state: CaseState
    closure_reason: ClosureReason | None = None
    intake_type: IntakeType
    report_kind: ReportKind = ReportKind.REPORT
    anonymous: bool = False
    receipt_code_hash: str | None = None
    created_by: str | None = None
    came_to_attention_at: datetime
    incident_date: datetime | None = None
    narrative: str = sensitive(default="")
    parties: list[Party] = Field(default_factory=list)
    concerns: list[Concern] = Field(default_factory=list)
    child_involved: bool = False
    child_respondent: bool = False
    converted: bool = False
    mandatory_reporting_assessed: bool = False
    override: MandatoryReportingOverride | None = None
    consents: list[ConsentRecord] = Field(default_factory=list)
    severity: str | None = None
    triage: Triage | None = None
    referrals: list[Referral] = Field(default_factory=list)
    owner_id: str | None = None
    assignments: list[Assignment] = Field(default_factory=list)
    coi_declarations: list[CoiDeclaration] = Field(default_factory=list)
    cmg_decisions: list[CmgDecision] = Field(default_factory=list)
    investigation: Investigation | None = None
    risk_assessments: list[RiskAssessment] = Field(default_factory=list)
    interim_measures: list[InterimMeasure] = Field(default_factory=list)
    panels: list[Panel] = Field(default_factory=list)
    hearings: list[Hearing] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    appeals: list[Appeal] = Field(default_factory=list)
    appeal_extensions: list[AppealExtension] = Field(default_factory=list)
    shares: list[AdvisoryShare] = Field(default_factory=list)
    transferred_to: str | None = None
    merged_into: str | None = None
    withdrawal_pending: bool = False
    legal_hold: bool = False
    evidence: list[EvidenceItem] = Field(default_factory=list)
    respondent_notified_at: datetime | None = None
    respondent_portal: bool = False
    possible_duplicate_of: list[str] = Field(default_factory=list)
    deleted_at: datetime | None = None
    monitoring_conditions: str | None = sensitive(default=None)
    history: list[TransitionRecord] = Field(default_factory=list)

    # --- derived queries -------------------------------------------------------------------

    def parties_in(self, role: PartyRole) -> list[Party]:
        return [p for p in self.parties if p.role is role]

    def party_ids(self, *roles: PartyRole) -> frozenset[str]:
        return frozenset(p.person_id for p in self.parties if not roles or p.role in roles)

    @property
    def respondent_in_scope(self) -> bool:
        return bool(self.parties_in(PartyRole.RESPONDENT))

    @property
    def categories(self) -> frozenset[str]:
        return frozenset(c.category for c in self.concerns)

    def active_consent(self, purpose: ConsentPurpose, now: datetime) -> ConsentRecord | None:
        return next(
            (c for c in reversed(self.consents) if c.purpose is purpose and c.active(now)), None
        )

    def holding_referrals(self) -> list[Referral]:
        return [r for r in self.referrals if r.holding]

    def agency_hold_active(self) -> bool:
        """G04: the case is held while in AGENCY_HOLD or while a referral asked for a hold."""
        return self.state is CaseState.AGENCY_HOLD or bool(self.holding_referrals())

    def assigned(self, person_id: str, role: Role, now: datetime) -> bool:
        return any(
            a.person_id == person_id and a.role is role and a.active(now) for a in self.assignments
        )

    def holders(self, role: Role) -> frozenset[str]:
        return frozenset(a.person_id for a in self.assignments if a.role is role)

    def declaration_of(self, person_id: str) -> CoiDeclaration | None:
        return next((d for d in self.coi_declarations if d.person_id == person_id), None)

    @property
    def report(self) -> Investigation | None:
        return self.investigation

    def current_risk_assessment(
        self, kind: RiskAssessmentKind = RiskAssessmentKind.POST_INVESTIGATION
    ) -> RiskAssessment | None:
        return next((r for r in reversed(self.risk_assessments) if r.kind is kind), None)

    def panel(self, kind: PanelKind) -> Panel | None:
        return next((p for p in reversed(self.panels) if p.kind is kind), None)

    def hearing_for(self, panel: Panel | None) -> Hearing | None:
        if panel is None:
            return None
        return next((h for h in reversed(self.hearings) if h.panel_id == panel.id), None)

    def latest_decision(self, kind: str | None = None) -> Decision | None:
        return next((d for d in reversed(self.decisions) if kind is None or d.kind == kind), None)

    def latest_appeal(self) -> Appeal | None:
        return self.appeals[-1] if self.appeals else None

    def sanctions(self) -> list[Sanction]:
        decision = self.effective_decision()
        return list(decision.sanctions) if decision else []

    def effective_decision(self) -> Decision | None:
        """The decision in force: the latest one (an appeal decision replaces the first)."""
        return self.decisions[-1] if self.decisions else None

    def interim_in_force(self) -> list[InterimMeasure]:
        return [m for m in self.interim_measures if m.in_force]

    def live_shares(self) -> list[AdvisoryShare]:
        return [s for s in self.shares if s.live]

    def current_share(self) -> AdvisoryShare | None:
        return self.shares[-1] if self.shares else None
