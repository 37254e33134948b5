"""The commands of DOMAIN.md §1: one validated payload per step, named as the domain names it.

A command carries only what the step needs; who runs it is the :class:`Actor`, when is the
clock of the lifecycle. Field validation (types, dates, required fields) happens when a
command is built, so a malformed command is refused with field violations before any rule
is consulted; the rules themselves (rationale length, consent, deadlines) are guards.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from safecase.core.errors import FieldViolation, InvalidArgument
from safecase.core.hearing import AppealResult, Finding, PanelMember, PartyKind
from safecase.core.investigation import Conclusion, RiskAssessmentKind, RiskOutcome
from safecase.core.referrals import ConsentScope, ReleaseType
from safecase.core.ruleset import ConsentGiver
from safecase.core.states import Role

__all__ = ["COMMANDS", "Actor", "Command", "build_command"]


class Actor(BaseModel):
    """Who runs a command and in which role (G08 and G28 are decided on the role)."""

    model_config = ConfigDict(frozen=True)

    person_id: str
    role: Role
    organisation_id: str


class Command(BaseModel):
    """Base of every command; ``name`` is the snake_case command of DOMAIN.md."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: ClassVar[str]


COMMANDS: dict[str, type[Command]] = {}


def _command(cls: type[Command]) -> type[Command]:
    COMMANDS[cls.name] = cls
    return cls


def build_command(name: str, data: dict[str, Any]) -> Command:
    """Build a command by name from plain data; bad input gives field violations."""
    if name not in COMMANDS:
        raise InvalidArgument([FieldViolation("command", f"unknown command {name!r}")])
    try:
        return COMMANDS[name].model_validate(data)
    except ValidationError as exc:
        raise InvalidArgument(
            [
                FieldViolation(".".join(str(p) for p in err["loc"]) or name, err["msg"])
                for err in exc.errors()
            ]
        ) from None


# --- inputs shared by several commands -----------------------------------------------------


class PartyInput(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    person_id: str
    role: Literal["COMPLAINANT", "RESPONDENT", "REPORTER", "WITNESS"]
    position_of_trust: bool = False


class ConsentInput(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    subject_person_id: str
    given_by: ConsentGiver = ConsentGiver.SELF
    given_by_person_id: str | None = None
    method: str = "WRITTEN"
    evidence_ref: str | None = None
    expires_at: AwareDatetime | None = None
    child_views: str | None = None


class OverrideInput(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    reason: str
    legal_basis: str
    complainant_informed_at: AwareDatetime | None = None
    complainant_not_informed_reason: str | None = None


class DecisionInput(Command):
    """Fields G07 asks of every state-changing decision."""

    rationale: str = ""
    decided_by: tuple[str, ...] = ()


class SanctionInput(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    type: str
    months: int | None = Field(default=None, ge=1)
    conditions: str = ""


class AdjudicationInput(DecisionInput):
    standard_of_proof: str | None = None
    findings: tuple[Finding, ...] = ()
    sanctions: tuple[SanctionInput, ...] = ()
    information_considered: tuple[str, ...] = ()
    aggravating_factors: tuple[str, ...] = ()
    mitigating_factors: tuple[str, ...] = ()


# --- T01-T02: intake -----------------------------------------------------------------------


@_command
class SubmitReport(Command):
    name: ClassVar[str] = "submit_report"
    kind: Literal["REPORT", "COMPLAINT"] = "REPORT"
    anonymous: bool = False
    narrative: str = Field(min_length=1)
    parties: tuple[PartyInput, ...] = ()
    categories: tuple[str, ...] = ()
    came_to_attention_at: AwareDatetime | None = None
    incident_date: AwareDatetime | None = None
    receipt_code_hash: str | None = None


@_command
class SubmitDisclosure(SubmitReport):
    name: ClassVar[str] = "submit_disclosure"


# --- main-state transitions T03-T48 -------------------------------------------------------


@_command
class ConvertToFormalReport(Command):
    name: ClassVar[str] = "convert_to_formal_report"
    consent: ConsentInput


@_command
class CloseDisclosure(DecisionInput):
    name: ClassVar[str] = "close_disclosure"
    mandatory_reporting_assessed: bool = False


@_command
class ReferToAgency(Command):
    name: ClassVar[str] = "refer_to_agency"
    agency: str = Field(min_length=1)
    check_id: str | None = None
    reference: str | None = None
    officer: str | None = None
    hold_requested: bool = True
    override: OverrideInput | None = None


@_command
class RecordTriage(DecisionInput):
    name: ClassVar[str] = "record_triage"
    categories: tuple[str, ...] = Field(min_length=1)
    proposed_severity: str | None = None
    route: str = "INTERNAL"
    level: str = "NATIONAL"
    statutory_answers: dict[str, bool] = Field(default_factory=dict)
    cmg_decision_id: str | None = None
    aggravating_factors: tuple[str, ...] = ()
    mitigating_factors: tuple[str, ...] = ()
    framework: Literal["CURRENT", "LEGACY"] = "CURRENT"
    conduct_date: AwareDatetime | None = None


@_command
class TriageUnderOverride(RecordTriage):
    name: ClassVar[str] = "triage_under_override"
    override: OverrideInput


@_command
class MergeDuplicate(Command):
    name: ClassVar[str] = "merge_duplicate"
    into_case_id: str
    into_organisation_id: str
    reason: str = ""


@_command
class Unmerge(Command):
    name: ClassVar[str] = "unmerge"
    reason: str = Field(min_length=1)


@_command
class TransferJurisdiction(Command):
    name: ClassVar[str] = "transfer_jurisdiction"
    body: str = Field(min_length=1)
    reason: str = ""


@_command
class WithdrawReport(Command):
    name: ClassVar[str] = "withdraw_report"
    reason: str = ""


@_command
class OpenInvestigation(Command):
    name: ClassVar[str] = "open_investigation"
    investigator_id: str
    terms_of_reference: tuple[str, ...] = Field(min_length=1)
    plan: str = ""


@_command
class OpenParallelInvestigation(OpenInvestigation):
    name: ClassVar[str] = "open_parallel_investigation"


@_command
class ResolveInformally(DecisionInput):
    name: ClassVar[str] = "resolve_informally"
    plan: str = ""
    outcomes: tuple[str, ...] = ()
    mediation: bool = False
    complainant_agreed_to_mediate: bool = False


@_command
class NoFurtherAction(DecisionInput):
    name: ClassVar[str] = "no_further_action"
    internal_assessment: str | None = None


@_command
class RecordAgencyRelease(Command):
    name: ClassVar[str] = "record_agency_release"
    referral_id: str
    type: ReleaseType
    officer: str = Field(min_length=1)
    outcome_text: str = ""


@_command
class RecordResolutionOutcome(DecisionInput):
    name: ClassVar[str] = "record_resolution_outcome"
    outcomes: tuple[str, ...] = ()


@_command
class EscalateToFormal(Command):
    name: ClassVar[str] = "escalate_to_formal"
    reason: str = ""


class TorAnswer(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    item_id: str
    addressed: bool
    reason: str = ""


@_command
class SubmitInvestigationReport(Command):
    name: ClassVar[str] = "submit_investigation_report"
    conclusion: Conclusion | None = None
    terms_of_reference_id: str | None = None
    tor_answers: tuple[TorAnswer, ...] = ()
    evidence_index: tuple[str, ...] = ()
    persons_interviewed: tuple[str, ...] = ()
    child_voice: str = ""
    summary: str = ""
    agency_referral_recommended: bool = False


@_command
class CommissionRiskAssessment(Command):
    name: ClassVar[str] = "commission_risk_assessment"
    assessor_id: str
    cmg_decision_id: str | None = None


@_command
class ReferToDisciplinary(Command):
    name: ClassVar[str] = "refer_to_disciplinary"
    notice_served_at: AwareDatetime
    scheduled_for: AwareDatetime | None = None
    cmg_decision_id: str | None = None
    respondent_support_person: str | None = None
    complainant_welfare_plan: bool = False
    respondent_welfare_plan: bool = False
    child_attendance_required: bool = False
    alternative_evidence_offered: bool = True
    allow_direct_questioning_by_respondent: bool = False
    child_supporter: str | None = None


@_command
class OpenHearing(Command):
    name: ClassVar[str] = "open_hearing"
    notice_waived: bool = False


@_command
class IssueDecision(AdjudicationInput):
    name: ClassVar[str] = "issue_decision"


@_command
class IssueDecisionOnAdmission(AdjudicationInput):
    name: ClassVar[str] = "issue_decision_on_admission"
    admission_ref: str = Field(min_length=1)


class NoticeContent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    template: str = "OUTCOME_NOTICE"
    fields: tuple[str, ...] = ("outcome", "findings", "sanctions", "appeal_rights")


@_command
class NotifyParties(Command):
    name: ClassVar[str] = "notify_parties"
    notified_at: dict[str, AwareDatetime] = Field(min_length=1)
    notice: NoticeContent = NoticeContent()


@_command
class WaiveAppeal(Command):
    name: ClassVar[str] = "waive_appeal"
    party: PartyKind


@_command
class GrantAppealExtension(Command):
    name: ClassVar[str] = "grant_appeal_extension"
    party: PartyKind
    new_deadline: AwareDatetime
    reason: str = ""


@_command
class LodgeAppeal(Command):
    name: ClassVar[str] = "lodge_appeal"
    appellant: PartyKind
    grounds: tuple[str, ...] = ()
    statement: str = ""
    decision_id: str | None = None


@_command
class AppealWindowExpired(Command):
    name: ClassVar[str] = "appeal_window_expired"


@_command
class OpenAppealHearing(Command):
    name: ClassVar[str] = "open_appeal_hearing"


@_command
class IssueAppealDecision(AdjudicationInput):
    name: ClassVar[str] = "issue_appeal_decision"
    result: AppealResult


@_command
class StartMonitoring(Command):
    name: ClassVar[str] = "start_monitoring"
    conditions: str = Field(min_length=1)


@_command
class CloseCase(DecisionInput):
    name: ClassVar[str] = "close_case"
    pvg_grounds_not_met_rationale: str | None = None


@_command
class CompleteMonitoring(DecisionInput):
    name: ClassVar[str] = "complete_monitoring"
    returning_to_role: bool = False


@_command
class RecordConditionBreach(Command):
    name: ClassVar[str] = "record_condition_breach"
    reason: str = Field(min_length=1)


@_command
class Reopen(Command):
    name: ClassVar[str] = "reopen"
    reason: str = ""
    new_information_ref: str | None = None
    new_information_received_at: AwareDatetime | None = None
    appeal_remittal_external: bool = False


@_command
class RecordJurisdictionReturned(Command):
    name: ClassVar[str] = "record_jurisdiction_returned"
    body: str = Field(min_length=1)
    body_decision_ref: str = Field(min_length=1)


@_command
class RecordExternalOutcome(DecisionInput):
    name: ClassVar[str] = "record_external_outcome"
    outcome: str = Field(min_length=1)


@_command
class WithdrawAndClose(DecisionInput):
    name: ClassVar[str] = "withdraw_and_close"


@_command
class ContinueUnderOverride(Command):
    name: ClassVar[str] = "continue_under_override"
    override: OverrideInput


# --- R-IM interim measures ------------------------------------------------------------------


@_command
class ImposeInterimMeasure(Command):
    name: ClassVar[str] = "impose_interim_measure"
    type: str
    scope: str = ""
    reason: str = ""
    cmg_decision_id: str | None = None
    emergency: bool = False
    ratify_by: AwareDatetime | None = None
    next_review_at: AwareDatetime | None = None
    not_a_finding: bool = True
    notify_plan: str = ""
    direction_ref: str | None = None


@_command
class ReviewInterimMeasure(Command):
    name: ClassVar[str] = "review_interim_measure"
    measure_id: str
    outcome: Literal["CONTINUE", "VARY"] = "CONTINUE"
    reviewed_at: AwareDatetime
    next_review_at: AwareDatetime
    cmg_decision_id: str | None = None


@_command
class VaryInterimMeasure(Command):
    name: ClassVar[str] = "vary_interim_measure"
    measure_id: str
    scope: str = Field(min_length=1)


@_command
class LiftInterimMeasure(DecisionInput):
    name: ClassVar[str] = "lift_interim_measure"
    measure_id: str


@_command
class RatifyInterimMeasure(Command):
    name: ClassVar[str] = "ratify_interim_measure"
    measure_id: str
    cmg_decision_id: str


@_command
class RespondentRequestReview(Command):
    name: ClassVar[str] = "respondent_request_review"
    measure_id: str
    grounds: str = Field(min_length=1)


# --- R-AG agency referrals --------------------------------------------------------------------


@_command
class RecordReferralMade(Command):
    name: ClassVar[str] = "record_referral_made"
    referral_id: str
    reference: str | None = None
    officer: str | None = None
    made_at: AwareDatetime
    hold_requested: bool = False


@_command
class RecordConsultedNotRequired(Command):
    name: ClassVar[str] = "record_consulted_not_required"
    referral_id: str
    officer: str = Field(min_length=1)
    advice: str = Field(min_length=1)


@_command
class RecordAgencyConsent(Command):
    name: ClassVar[str] = "record_agency_consent"
    referral_id: str
    scopes: frozenset[ConsentScope] = Field(min_length=1)
    officer: str = Field(min_length=1)
    method: Literal["PHONE", "EMAIL", "MEETING"]
    note: str = Field(min_length=1)
    limited_to_templates: tuple[str, ...] = ()


# --- R-CS consent -------------------------------------------------------------------------------


@_command
class RecordConsent(Command):
    name: ClassVar[str] = "record_consent"
    purpose: Literal["FORMAL_PROCESS", "ADVISORY_SHARE", "SHARE_WITH_OTHER_ORG"]
    consent: ConsentInput


@_command
class WithdrawConsent(Command):
    name: ClassVar[str] = "withdraw_consent"
    purpose: Literal["FORMAL_PROCESS", "ADVISORY_SHARE", "SHARE_WITH_OTHER_ORG"]


# --- R-AS advisory share --------------------------------------------------------------------------


@_command
class StartAdvisoryRequest(Command):
    name: ClassVar[str] = "start_advisory_request"
    question: str = Field(min_length=1)


@_command
class PublishAdvisoryPacket(Command):
    name: ClassVar[str] = "publish_advisory_packet"
    members: tuple[str, ...] = Field(min_length=1)
    expires_at: AwareDatetime
    summary: str = ""
    chronology: str = ""
    options_under_consideration: str = ""


@_command
class SubmitAdvisoryOpinion(Command):
    name: ClassVar[str] = "submit_advisory_opinion"
    text: str = Field(min_length=1)


@_command
class RevokeShare(Command):
    name: ClassVar[str] = "revoke_share"
    reason: str = ""


@_command
class ExpireShare(Command):
    name: ClassVar[str] = "expire_share"


# --- guarded commands that change no main state (§1.4) -------------------------------------------


@_command
class NotifyRespondent(Command):
    name: ClassVar[str] = "notify_respondent"
    template: str = "ALLEGATION_NOTICE"
    fields: tuple[str, ...] = ("allegations", "code_references", "right_to_respond")
    guardian_notified: bool = False
    guardian_not_notified_reason: str | None = None


@_command
class MessageRespondent(NotifyRespondent):
    name: ClassVar[str] = "message_respondent"
    template: str = "MESSAGE"


@_command
class GrantRespondentPortalAccess(Command):
    name: ClassVar[str] = "grant_respondent_portal_access"


@_command
class ScheduleInterview(Command):
    name: ClassVar[str] = "schedule_interview"
    person_id: str
    scheduled_at: AwareDatetime
    method: str = "IN_PERSON"
    appropriate_adult: str | None = None


@_command
class AddEvidence(Command):
    name: ClassVar[str] = "add_evidence"
    kind: str = Field(min_length=1)
    description: str = Field(min_length=1)
    scanned_clean: bool = True
    sha256: str | None = None


@_command
class SignCoiDeclaration(Command):
    name: ClassVar[str] = "sign_coi_declaration"
    person_id: str
    declared_conflicts: tuple[str, ...] = ()
    waive_soft_conflicts: bool = False
    waiver_reason: str | None = None


@_command
class AssignRole(Command):
    """Assign a staff role on the case (CMG member, deputy DSL, investigator, risk assessor)."""

    name: ClassVar[str] = "assign_role"
    person_id: str
    role: Role


@_command
class AssignCaseOwner(Command):
    name: ClassVar[str] = "assign_case_owner"
    person_id: str


@_command
class RecordCmgDecision(Command):
    name: ClassVar[str] = "record_cmg_decision"
    subject: str = Field(min_length=1)
    members_present: tuple[str, ...]
    vote_outcome: str = ""


@_command
class AppointPanel(Command):
    name: ClassVar[str] = "appoint_panel"
    members: tuple[PanelMember, ...] = Field(min_length=1)
    nsp_substitution: bool = False


@_command
class AppointAppealPanel(AppointPanel):
    name: ClassVar[str] = "appoint_appeal_panel"


@_command
class CompleteRiskAssessment(Command):
    name: ClassVar[str] = "complete_risk_assessment"
    kind: RiskAssessmentKind = RiskAssessmentKind.POST_INVESTIGATION
    nature_of_behaviour: str = ""
    impact: str = ""
    likelihood_of_recurrence: str = ""
    circumstances_of_recurrence: str = ""
    static_factors: tuple[str, ...] = ()
    dynamic_factors: tuple[str, ...] = ()
    outcome: RiskOutcome


@_command
class CommissionReturnAssessment(Command):
    name: ClassVar[str] = "commission_return_assessment"
    assessor_id: str


@_command
class RevealIdentity(Command):
    name: ClassVar[str] = "reveal_identity"
    person_id: str


@_command
class AttachReporterIdentity(Command):
    """Any attempt by staff to name an anonymous reporter (always refused, G14)."""

    name: ClassVar[str] = "attach_reporter_identity"
    person_id: str


@_command
class DeleteCaseData(Command):
    name: ClassVar[str] = "delete_case_data"


@_command
class PlaceLegalHold(Command):
    name: ClassVar[str] = "place_legal_hold"
    reason: str = Field(min_length=1)


@_command
class BreakGlassRead(Command):
    name: ClassVar[str] = "break_glass_read"
    reason: str = ""


@_command
class SweepDeadlines(Command):
    """The system's periodic look at what is due: an event for every overdue deadline."""

    name: ClassVar[str] = "sweep_deadlines"


@_command
class InterimReviewOverdue(Command):
    """I6: the system's daily escalation of overdue reviews."""

    name: ClassVar[str] = "interim_review_overdue"


__all__ += [cls.__name__ for cls in COMMANDS.values()]
