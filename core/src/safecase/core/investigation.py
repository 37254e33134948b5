"""Investigation, its report with one of the four CPSU conclusions, and risk assessments.

"An investigation will always take place before a risk assessment is undertaken: the two
processes are quite separate" (CPSU): G01 compares their timestamps, G21 keeps the people apart.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from safecase.core.people import new_id, sensitive
from safecase.core.records import Record

__all__ = [
    "Conclusion",
    "EvidenceItem",
    "Interview",
    "Investigation",
    "InvestigationReport",
    "RiskAssessment",
    "RiskAssessmentKind",
    "RiskOutcome",
    "TermsOfReferenceItem",
]


class Conclusion(StrEnum):
    C1_ABUSE_LIKELY = "C1_ABUSE_LIKELY"
    C2_CRIMINAL_OFFENCE_POSSIBLE = "C2_CRIMINAL_OFFENCE_POSSIBLE"
    C3_POOR_PRACTICE_ONLY = "C3_POOR_PRACTICE_ONLY"
    C4_WITHOUT_FOUNDATION = "C4_WITHOUT_FOUNDATION"

    @property
    def harm_or_crime(self) -> bool:
        return self in {Conclusion.C1_ABUSE_LIKELY, Conclusion.C2_CRIMINAL_OFFENCE_POSSIBLE}


class TermsOfReferenceItem(Record):
    id: str = Field(default_factory=new_id)
    text: str = sensitive()
    addressed: bool | None = None
    reason: str | None = sensitive(default=None)


class Interview(Record):
    id: str = Field(default_factory=new_id)
    person_id: str
    scheduled_at: datetime
    method: str = "IN_PERSON"
    appropriate_adult: str | None = sensitive(default=None)
    notes: str | None = sensitive(default=None)


class EvidenceItem(Record):
    """Evidence metadata; the content itself lives in encrypted storage, never in events."""

    id: str = Field(default_factory=new_id)
    kind: str
    description: str = sensitive()
    added_by: str
    added_at: datetime
    scanned_clean: bool = True
    sha256: str | None = None


class InvestigationReport(Record):
    id: str = Field(default_factory=new_id)
    conclusion: Conclusion
    terms_of_reference_id: str
    evidence_index: tuple[str, ...] = ()
    persons_interviewed: tuple[str, ...] = ()
    child_voice: str = sensitive()
    summary: str = sensitive(default="")
    agency_referral_recommended: bool = False
    submitted_by: str
    submitted_at: datetime


class Investigation(Record):
    id: str = Field(default_factory=new_id)
    investigator_id: str
    terms_of_reference_id: str = Field(default_factory=new_id)
    terms_of_reference: list[TermsOfReferenceItem] = Field(default_factory=list)
    plan: str = sensitive(default="")
    opened_at: datetime
    interviews: list[Interview] = Field(default_factory=list)
    evidence: list[EvidenceItem] = Field(default_factory=list)
    report: InvestigationReport | None = None


class RiskAssessmentKind(StrEnum):
    POST_INVESTIGATION = "POST_INVESTIGATION"
    RETURN_TO_SPORT = "RETURN_TO_SPORT"


class RiskOutcome(StrEnum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    SUITABLE = "SUITABLE"
    SUITABLE_WITH_CONDITIONS = "SUITABLE_WITH_CONDITIONS"
    NOT_SUITABLE = "NOT_SUITABLE"


class RiskAssessment(Record):
    id: str = Field(default_factory=new_id)
    kind: RiskAssessmentKind = RiskAssessmentKind.POST_INVESTIGATION
    assessor_id: str
    commissioned_at: datetime
    nature_of_behaviour: str = sensitive(default="")
    impact: str = sensitive(default="")
    likelihood_of_recurrence: str = sensitive(default="")
    circumstances_of_recurrence: str = sensitive(default="")
    static_factors: tuple[str, ...] = sensitive(default=())
    dynamic_factors: tuple[str, ...] = sensitive(default=())
    outcome: RiskOutcome | None = None
    completed_at: datetime | None = None

    @property
    def complete(self) -> bool:
        """G01's definition of a complete risk assessment."""
        return (
            self.completed_at is not None
            and all(
                text.strip()
                for text in (
                    self.nature_of_behaviour,
                    self.impact,
                    self.likelihood_of_recurrence,
                    self.circumstances_of_recurrence,
                )
            )
            and len(self.static_factors) >= 1
            and len(self.dynamic_factors) >= 1
        )
