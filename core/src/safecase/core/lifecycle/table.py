"""The transition table of DOMAIN.md §1.3-§1.8: every command, from which states, by whom,
under which guard rules, to which state. This table is the single source of truth: the
engine executes it, the access policy derives "who may run what" from it, and the
exhaustive table test walks it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from safecase.core.states import (
    ACTIVE_STATES,
    CaseState,
    ClosureReason,
    Role,
    states_between,
)

if TYPE_CHECKING:
    from safecase.core.case import Case
    from safecase.core.commands import Command

__all__ = ["FORBIDDEN", "STEPS", "Step", "steps_for"]

S = CaseState
R = Role
ANY_STATE = frozenset(CaseState)


@dataclass(frozen=True)
class Step:
    """One row: ``command`` from ``sources`` to ``target`` (``None``: main state unchanged)."""

    id: str
    command: str
    sources: frozenset[CaseState]
    target: CaseState | None
    actors: frozenset[Role]
    guards: tuple[str, ...]
    event: str
    closure: ClosureReason | None = None
    when: Callable[[Case, Command], bool] | None = field(default=None, compare=False)

    @property
    def changes_state(self) -> bool:
        return self.target is not None

    @property
    def main_transition(self) -> bool:
        """T01-T48 and I1-I7: the commands G08(a) forbids to advisory members."""
        return self.id[0] in {"T", "I"}


def _s(*states: CaseState) -> frozenset[CaseState]:
    return frozenset(states)


def _r(*roles: Role) -> frozenset[Role]:
    return frozenset(roles)


def _has_sanction(case: Case, _: Command) -> bool:
    return bool(case.sanctions())


def _no_sanction(case: Case, command: Command) -> bool:
    return not _has_sanction(case, command)


def _permanent(case: Case, _: Command) -> bool:
    return any(s.ends_at is None and s.months is None for s in case.sanctions())


def _not_permanent(case: Case, command: Command) -> bool:
    return not _permanent(case, command)


def _conclusion_is(*codes: str) -> Callable[[Case, Command], bool]:
    def check(case: Case, _: Command) -> bool:
        report = case.investigation.report if case.investigation else None
        return report is not None and report.conclusion.value in codes

    return check


STEPS: tuple[Step, ...] = (
    # --- main states (§1.3) ---------------------------------------------------------------
    Step(
        "T03",
        "convert_to_formal_report",
        _s(S.RECEIVED_DISCLOSURE),
        S.RECEIVED_REPORT,
        _r(R.COMP, R.INTAKE, R.DSL),
        ("G02",),
        "DisclosureConverted",
    ),
    Step(
        "T48",
        "convert_to_formal_report",
        _s(S.CLOSED),
        S.RECEIVED_REPORT,
        _r(R.COMP, R.INTAKE, R.DSL),
        ("G02",),
        "DisclosureConverted",
        when=lambda case, _: case.closure_reason is ClosureReason.DISCLOSURE_ONLY,
    ),
    Step(
        "T04",
        "close_disclosure",
        _s(S.RECEIVED_DISCLOSURE),
        S.CLOSED,
        _r(R.DSL),
        ("G03", "G07"),
        "DisclosureClosed",
        ClosureReason.DISCLOSURE_ONLY,
    ),
    Step(
        "T05",
        "refer_to_agency",
        _s(S.RECEIVED_DISCLOSURE),
        S.AGENCY_HOLD,
        _r(R.DSL),
        ("G02", "G03", "G17"),
        "CaseReferredToAgency",
    ),
    Step(
        "T06",
        "triage_under_override",
        _s(S.RECEIVED_DISCLOSURE),
        S.TRIAGED,
        _r(R.DSL),
        ("G02", "G03", "G07", "G17", "G18", "G22"),
        "CaseTriaged",
    ),
    Step(
        "T07",
        "record_triage",
        _s(S.RECEIVED_REPORT),
        S.TRIAGED,
        _r(R.DSL, R.CMG),
        ("G07", "G10", "G17", "G18", "G22"),
        "CaseTriaged",
    ),
    Step(
        "T08", "merge_duplicate", _s(S.RECEIVED_REPORT), S.MERGED, _r(R.DSL), ("G16",), "CaseMerged"
    ),
    Step(
        "T09",
        "transfer_jurisdiction",
        _s(S.RECEIVED_REPORT, S.TRIAGED),
        S.TRANSFERRED_OUT,
        _r(R.DSL),
        ("G18",),
        "JurisdictionTransferred",
    ),
    Step(
        "T10",
        "withdraw_report",
        _s(S.RECEIVED_REPORT),
        S.CLOSED,
        _r(R.DSL),
        ("G29",),
        "ReportWithdrawn",
        ClosureReason.WITHDRAWN,
    ),
    Step(
        "T11",
        "refer_to_agency",
        _s(S.TRIAGED),
        S.AGENCY_HOLD,
        _r(R.DSL),
        ("G17",),
        "CaseReferredToAgency",
    ),
    Step(
        "T12",
        "open_investigation",
        _s(S.TRIAGED),
        S.UNDER_INVESTIGATION,
        _r(R.DSL, R.CMG),
        ("G02", "G04", "G10", "G17", "G18", "G21"),
        "InvestigationOpened",
    ),
    Step(
        "T13",
        "resolve_informally",
        _s(S.TRIAGED),
        S.INFORMAL_RESOLUTION,
        _r(R.DSL),
        ("G17", "G18", "G19", "G38"),
        "InformalResolutionStarted",
    ),
    Step(
        "T14",
        "no_further_action",
        _s(S.TRIAGED),
        S.NFA,
        _r(R.DSL),
        ("G07", "G08", "G17", "G18", "G20"),
        "NoFurtherActionDecided",
    ),
    Step(
        "T15",
        "record_agency_release",
        _s(S.AGENCY_HOLD),
        S.TRIAGED,
        _r(R.DSL),
        ("G04", "G20"),
        "AgencyReleaseRecorded",
    ),
    Step(
        "T16",
        "open_parallel_investigation",
        _s(S.AGENCY_HOLD),
        S.UNDER_INVESTIGATION,
        _r(R.DSL, R.CMG),
        ("G04", "G10", "G18", "G21"),
        "InvestigationOpened",
    ),
    Step(
        "T17",
        "record_resolution_outcome",
        _s(S.INFORMAL_RESOLUTION),
        S.CLOSED,
        _r(R.DSL),
        ("G07", "G35", "G38"),
        "InformalResolutionRecorded",
        ClosureReason.RESOLVED_INFORMALLY,
    ),
    Step(
        "T18",
        "escalate_to_formal",
        _s(S.INFORMAL_RESOLUTION),
        S.TRIAGED,
        _r(R.DSL),
        (),
        "CaseEscalatedToFormal",
    ),
    Step(
        "T19",
        "submit_investigation_report",
        _s(S.UNDER_INVESTIGATION),
        S.INVESTIGATION_CONCLUDED,
        _r(R.INV),
        ("G10", "G23"),
        "InvestigationConcluded",
    ),
    Step(
        "T20",
        "refer_to_agency",
        _s(S.UNDER_INVESTIGATION),
        S.AGENCY_HOLD,
        _r(R.DSL),
        ("G17",),
        "CaseReferredToAgency",
    ),
    Step(
        "T21",
        "refer_to_agency",
        _s(S.INVESTIGATION_CONCLUDED),
        S.AGENCY_HOLD,
        _r(R.DSL),
        ("G17",),
        "CaseReferredToAgency",
    ),
    Step(
        "T22",
        "commission_risk_assessment",
        _s(S.INVESTIGATION_CONCLUDED),
        S.RISK_ASSESSMENT,
        _r(R.CMG, R.DSL),
        ("G01", "G04", "G10", "G17", "G21", "G22"),
        "RiskAssessmentCommissioned",
    ),
    Step(
        "T23",
        "no_further_action",
        _s(S.INVESTIGATION_CONCLUDED),
        S.NFA,
        _r(R.DSL, R.CMG),
        ("G07", "G08"),
        "NoFurtherActionDecided",
        when=_conclusion_is("C4_WITHOUT_FOUNDATION"),
    ),
    Step(
        "T24",
        "resolve_informally",
        _s(S.INVESTIGATION_CONCLUDED),
        S.INFORMAL_RESOLUTION,
        _r(R.DSL),
        ("G19", "G38"),
        "InformalResolutionStarted",
    ),
    Step(
        "T25",
        "refer_to_disciplinary",
        _s(S.RISK_ASSESSMENT),
        S.HEARING_PENDING,
        _r(R.CMG),
        ("G01", "G04", "G10", "G13", "G17", "G18", "G22", "G24", "G25", "G26"),
        "CaseReferredToDisciplinary",
    ),
    Step(
        "T26",
        "resolve_informally",
        _s(S.RISK_ASSESSMENT),
        S.INFORMAL_RESOLUTION,
        _r(R.CMG),
        ("G07", "G19", "G38"),
        "InformalResolutionStarted",
    ),
    Step(
        "T27",
        "open_hearing",
        _s(S.HEARING_PENDING),
        S.DISCIPLINARY_HEARING,
        _r(R.PCH),
        ("G04", "G05", "G10", "G13", "G21", "G24", "G25", "G26"),
        "HearingOpened",
    ),
    Step(
        "T28",
        "issue_decision",
        _s(S.DISCIPLINARY_HEARING),
        S.DECISION_ISSUED,
        _r(R.PCH),
        ("G07", "G08", "G13", "G18", "G34", "G38"),
        "DecisionIssued",
    ),
    Step(
        "T29",
        "issue_decision_on_admission",
        _s(S.HEARING_PENDING),
        S.DECISION_ISSUED,
        _r(R.PCH),
        ("G07", "G08", "G13", "G34", "G38"),
        "DecisionIssued",
    ),
    Step(
        "T30",
        "notify_parties",
        _s(S.DECISION_ISSUED),
        S.APPEAL_WINDOW_OPEN,
        _r(R.DSL, R.SYS),
        ("G04", "G37"),
        "PartiesNotified",
    ),
    Step(
        "T31",
        "lodge_appeal",
        _s(S.APPEAL_WINDOW_OPEN),
        S.APPEAL_LODGED,
        _r(R.RESP, R.COMP, R.DSL),
        ("G06", "G27"),
        "AppealLodged",
    ),
    Step(
        "T32",
        "appeal_window_expired",
        _s(S.APPEAL_WINDOW_OPEN),
        S.SANCTION_IN_FORCE,
        _r(R.SYS),
        ("G06",),
        "SanctionInForce",
        when=_has_sanction,
    ),
    Step(
        "T33",
        "appeal_window_expired",
        _s(S.APPEAL_WINDOW_OPEN),
        S.CLOSED,
        _r(R.SYS),
        ("G06", "G35"),
        "CaseClosed",
        ClosureReason.NO_BREACH,
        when=_no_sanction,
    ),
    Step(
        "T34",
        "open_appeal_hearing",
        _s(S.APPEAL_LODGED),
        S.APPEAL_HEARING,
        _r(R.ACH),
        ("G05", "G10", "G25", "G26"),
        "AppealHearingOpened",
    ),
    Step(
        "T35",
        "issue_appeal_decision",
        _s(S.APPEAL_HEARING),
        S.APPEAL_DECIDED,
        _r(R.ACH),
        ("G07", "G08", "G13", "G34", "G38"),
        "AppealDecided",
    ),
    Step(
        "T39",
        "start_monitoring",
        _s(S.SANCTION_IN_FORCE),
        S.MONITORING,
        _r(R.DSL),
        (),
        "MonitoringStarted",
    ),
    Step(
        "T40",
        "close_case",
        _s(S.SANCTION_IN_FORCE),
        S.CLOSED,
        _r(R.DSL),
        ("G17", "G35"),
        "CaseClosed",
        ClosureReason.PERMANENT_SANCTION_RECORDED,
        when=_permanent,
    ),
    Step(
        "T40",
        "close_case",
        _s(S.SANCTION_IN_FORCE),
        S.CLOSED,
        _r(R.DSL),
        ("G17", "G35"),
        "CaseClosed",
        ClosureReason.SANCTION_COMPLETED,
        when=_not_permanent,
    ),
    Step(
        "T41",
        "complete_monitoring",
        _s(S.MONITORING),
        S.CLOSED,
        _r(R.DSL),
        ("G35", "G40"),
        "CaseClosed",
        ClosureReason.SANCTION_COMPLETED,
    ),
    Step(
        "T42",
        "record_condition_breach",
        _s(S.MONITORING),
        S.TRIAGED,
        _r(R.DSL),
        (),
        "ConditionBreachRecorded",
    ),
    Step("T43", "reopen", _s(S.CLOSED, S.NFA), S.TRIAGED, _r(R.DSL), ("G30",), "CaseReopened"),
    Step(
        "T44",
        "record_jurisdiction_returned",
        _s(S.TRANSFERRED_OUT),
        S.TRIAGED,
        _r(R.DSL),
        ("G18",),
        "JurisdictionReturned",
    ),
    Step(
        "T45",
        "record_external_outcome",
        _s(S.TRANSFERRED_OUT),
        S.CLOSED,
        _r(R.DSL),
        ("G07", "G35"),
        "ExternalOutcomeRecorded",
        ClosureReason.TRANSFERRED_CONCLUDED,
    ),
    Step(
        "T46",
        "withdraw_and_close",
        ACTIVE_STATES,
        S.CLOSED,
        _r(R.DSL),
        ("G29", "G35"),
        "CaseClosed",
        ClosureReason.WITHDRAWN,
    ),
    Step(
        "T47",
        "transfer_jurisdiction",
        _s(S.AGENCY_HOLD),
        S.TRANSFERRED_OUT,
        _r(R.DSL),
        ("G04", "G18"),
        "JurisdictionTransferred",
    ),
    Step("G16", "unmerge", _s(S.MERGED), S.RECEIVED_REPORT, _r(R.DSL), ("G16",), "CaseUnmerged"),
    # --- R-IM interim measures (§1.5) ---------------------------------------------------------
    Step(
        "I1",
        "impose_interim_measure",
        states_between(1, 16) | _s(S.TRANSFERRED_OUT),
        None,
        _r(R.CMG, R.DSL),
        ("G02", "G04", "G09", "G18", "G22"),
        "InterimMeasureImposed",
    ),
    Step(
        "I2",
        "review_interim_measure",
        states_between(1, 18),
        None,
        _r(R.CMG),
        ("G09", "G22"),
        "InterimMeasureReviewed",
    ),
    Step(
        "I2",
        "vary_interim_measure",
        states_between(1, 18),
        None,
        _r(R.CMG),
        ("G09",),
        "InterimMeasureVaried",
    ),
    Step(
        "I1",
        "ratify_interim_measure",
        states_between(1, 18),
        None,
        _r(R.CMG),
        ("G22",),
        "InterimMeasureRatified",
    ),
    Step(
        "I3", "lift_interim_measure", ANY_STATE, None, _r(R.CMG), ("G07",), "InterimMeasureLifted"
    ),
    Step("D1", "sweep_deadlines", ANY_STATE, None, _r(R.SYS), (), "DeadlinesSwept"),
    Step(
        "I6", "interim_review_overdue", ANY_STATE, None, _r(R.SYS), ("G09",), "InterimReviewOverdue"
    ),
    Step(
        "I7",
        "respondent_request_review",
        states_between(1, 18),
        None,
        _r(R.RESP),
        ("G04",),
        "InterimReviewRequested",
    ),
    # --- R-AG agency referrals (§1.6) -------------------------------------------------------------
    Step("AG", "record_referral_made", ANY_STATE - {S.MERGED}, None, _r(R.DSL), (), "ReferralMade"),
    Step(
        "AG",
        "record_consulted_not_required",
        ANY_STATE - {S.MERGED},
        None,
        _r(R.DSL),
        (),
        "ReferralNotRequired",
    ),
    Step(
        "AG",
        "record_agency_consent",
        ANY_STATE - {S.MERGED},
        None,
        _r(R.DSL),
        (),
        "AgencyConsentRecorded",
    ),
    # --- R-CS consent (§1.8) ---------------------------------------------------------------------
    Step(
        "CS",
        "record_consent",
        ACTIVE_STATES | _s(S.RECEIVED_DISCLOSURE),
        None,
        _r(R.COMP, R.INTAKE, R.DSL),
        ("G14",),
        "ConsentRecorded",
    ),
    Step(
        "CS",
        "withdraw_consent",
        ACTIVE_STATES | _s(S.RECEIVED_DISCLOSURE),
        None,
        _r(R.COMP, R.DSL),
        (),
        "ConsentWithdrawn",
    ),
    Step(
        "G29",
        "continue_under_override",
        ACTIVE_STATES,
        None,
        _r(R.DSL),
        ("G03",),
        "ContinuedUnderOverride",
    ),
    # --- R-AS advisory share (§1.7) --------------------------------------------------------------
    Step(
        "A1",
        "start_advisory_request",
        states_between(2, 18),
        None,
        _r(R.DSL),
        ("G11",),
        "AdvisoryRequestStarted",
    ),
    Step(
        "A2",
        "publish_advisory_packet",
        states_between(2, 18),
        None,
        _r(R.DSL),
        ("G04", "G10", "G11", "G12"),
        "AdvisoryPacketPublished",
    ),
    Step(
        "A3",
        "submit_advisory_opinion",
        ANY_STATE,
        None,
        _r(R.ADV),
        ("G08", "G15"),
        "AdvisoryOpinionSubmitted",
    ),
    Step("A4", "revoke_share", ANY_STATE, None, _r(R.DSL), (), "AdvisoryShareRevoked"),
    Step("A5", "expire_share", ANY_STATE, None, _r(R.SYS), (), "AdvisoryShareExpired"),
    # --- guarded commands that change no main state (§1.4) ---------------------------------------
    Step(
        "C1",
        "notify_respondent",
        states_between(2, 18),
        None,
        _r(R.DSL, R.INV, R.PCH),
        ("G02", "G04", "G13", "G18", "G37"),
        "RespondentNotified",
    ),
    Step(
        "C1",
        "message_respondent",
        states_between(2, 18),
        None,
        _r(R.DSL, R.INV, R.PCH),
        ("G02", "G04", "G13", "G18", "G37"),
        "RespondentMessaged",
    ),
    Step(
        "C2",
        "grant_respondent_portal_access",
        states_between(2, 18),
        None,
        _r(R.DSL),
        ("G02", "G04"),
        "RespondentPortalGranted",
    ),
    Step(
        "C3",
        "schedule_interview",
        _s(S.UNDER_INVESTIGATION),
        None,
        _r(R.INV),
        ("G04", "G25"),
        "InterviewScheduled",
    ),
    Step(
        "C4",
        "add_evidence",
        states_between(1, 16),
        None,
        _r(R.INV, R.DSL, R.COMP, R.RESP),
        ("G28",),
        "EvidenceAdded",
    ),
    Step(
        "C5",
        "sign_coi_declaration",
        ANY_STATE,
        None,
        _r(R.DSL, R.INV, R.RA, R.CMG, R.PANEL, R.PCH, R.APANEL, R.ACH, R.ADV),
        ("G10",),
        "CoiDeclarationSigned",
    ),
    Step(
        "C6",
        "appoint_panel",
        _s(S.RISK_ASSESSMENT, S.HEARING_PENDING),
        None,
        _r(R.CMG),
        ("G05", "G10", "G21", "G26"),
        "PanelAppointed",
    ),
    Step(
        "C6",
        "appoint_appeal_panel",
        _s(S.APPEAL_LODGED),
        None,
        _r(R.DSL),
        ("G05", "G10", "G21", "G26"),
        "AppealPanelAppointed",
    ),
    Step(
        "C7",
        "assign_case_owner",
        ANY_STATE - {S.MERGED},
        None,
        _r(R.ADMIN),
        ("G10", "G21", "G36"),
        "CaseOwnerAssigned",
    ),
    Step(
        "C7",
        "assign_role",
        ANY_STATE - {S.MERGED},
        None,
        _r(R.DSL, R.ADMIN),
        ("G10", "G21"),
        "RoleAssigned",
    ),
    Step(
        "C8",
        "record_cmg_decision",
        ANY_STATE - {S.MERGED},
        None,
        _r(R.CMG, R.DSL),
        ("G22",),
        "CmgDecisionRecorded",
    ),
    Step(
        "C9",
        "complete_risk_assessment",
        _s(S.RISK_ASSESSMENT, S.SANCTION_IN_FORCE, S.MONITORING),
        None,
        _r(R.RA),
        ("G01",),
        "RiskAssessmentCompleted",
    ),
    Step(
        "C9",
        "commission_return_assessment",
        _s(S.SANCTION_IN_FORCE, S.MONITORING),
        None,
        _r(R.DSL, R.CMG),
        ("G01", "G10", "G21"),
        "ReturnAssessmentCommissioned",
    ),
    Step(
        "C10",
        "waive_appeal",
        _s(S.APPEAL_WINDOW_OPEN),
        None,
        _r(R.RESP, R.COMP, R.DSL),
        ("G06",),
        "AppealWaived",
    ),
    Step(
        "C10",
        "grant_appeal_extension",
        _s(S.APPEAL_WINDOW_OPEN),
        None,
        _r(R.DSL, R.ACH),
        ("G06",),
        "AppealExtensionGranted",
    ),
    Step(
        "C11",
        "reveal_identity",
        ANY_STATE - {S.MERGED},
        None,
        _r(R.REP3),
        ("G14",),
        "ReporterIdentityRevealed",
    ),
    Step(
        "C11",
        "attach_reporter_identity",
        ANY_STATE,
        None,
        _r(R.DSL, R.INTAKE),
        ("G14",),
        "ReporterIdentityAttached",
    ),
    Step(
        "C12",
        "delete_case_data",
        _s(S.CLOSED, S.NFA, S.MERGED),
        None,
        _r(R.SYS),
        ("G32",),
        "CaseDataDeleted",
    ),
    Step("C12", "place_legal_hold", ANY_STATE, None, _r(R.DSL, R.ADMIN), (), "LegalHoldPlaced"),
    Step(
        "C13", "break_glass_read", ANY_STATE, None, _r(R.ADMIN, R.AUD), ("G28",), "BreakGlassRead"
    ),
)

# Named "forbidden" transitions of §1.3: attempts return the guard's code, not E_NO_TRANSITION.
FORBIDDEN: dict[tuple[str, CaseState], str] = {
    ("open_investigation", S.RECEIVED_DISCLOSURE): "E_G02_DISCLOSURE_NOT_CONVERTED",
    ("record_triage", S.RECEIVED_DISCLOSURE): "E_G02_DISCLOSURE_NOT_CONVERTED",
    ("commission_risk_assessment", S.TRIAGED): "E_G01_INVESTIGATION_REQUIRED",
    ("commission_risk_assessment", S.RECEIVED_REPORT): "E_G01_INVESTIGATION_REQUIRED",
    ("commission_risk_assessment", S.RECEIVED_DISCLOSURE): "E_G01_INVESTIGATION_REQUIRED",
    ("commission_risk_assessment", S.UNDER_INVESTIGATION): "E_G01_INVESTIGATION_REQUIRED",
    ("complete_risk_assessment", S.TRIAGED): "E_G01_INVESTIGATION_REQUIRED",
    ("complete_risk_assessment", S.UNDER_INVESTIGATION): "E_G01_INVESTIGATION_REQUIRED",
    # G01 applies to "any attempt to create a RiskAssessment from states 1-7".
    **{
        (command, state): "E_G01_INVESTIGATION_REQUIRED"
        for command in ("commission_risk_assessment", "complete_risk_assessment")
        for state in states_between(1, 7)
    },
    ("refer_to_disciplinary", S.UNDER_INVESTIGATION): "E_G01_RISK_ASSESSMENT_INCOMPLETE",
    ("refer_to_disciplinary", S.INVESTIGATION_CONCLUDED): "E_G01_RISK_ASSESSMENT_INCOMPLETE",
    ("refer_to_disciplinary", S.TRIAGED): "E_G01_RISK_ASSESSMENT_INCOMPLETE",
    ("lodge_appeal", S.APPEAL_DECIDED): "E_G06_NO_FURTHER_APPEAL",
    ("lodge_appeal", S.APPEAL_LODGED): "E_G06_NO_FURTHER_APPEAL",
    ("lodge_appeal", S.APPEAL_HEARING): "E_G06_NO_FURTHER_APPEAL",
    ("lodge_appeal", S.SANCTION_IN_FORCE): "E_G06_APPEAL_OUT_OF_TIME",
    ("lodge_appeal", S.MONITORING): "E_G06_APPEAL_OUT_OF_TIME",
    ("lodge_appeal", S.CLOSED): "E_G06_APPEAL_OUT_OF_TIME",
    **{
        ("merge_duplicate", state): "E_G16_MERGE_NOT_ALLOWED"
        for state in CaseState
        if state is not S.RECEIVED_REPORT
    },
    **{
        (command, S.RECEIVED_DISCLOSURE): "E_G02_DISCLOSURE_NOT_CONVERTED"
        for command in ("notify_respondent", "message_respondent", "grant_respondent_portal_access")
    },
}

_BY_COMMAND: dict[str, tuple[Step, ...]] = {}
for _step in STEPS:
    _BY_COMMAND[_step.command] = (*_BY_COMMAND.get(_step.command, ()), _step)

COMMAND_NAMES = frozenset(_BY_COMMAND) | {"submit_report", "submit_disclosure"}
MAIN_COMMANDS = frozenset(s.command for s in STEPS if s.main_transition) | {
    "submit_report",
    "submit_disclosure",
}


def steps_for(command: str) -> tuple[Step, ...]:
    return _BY_COMMAND.get(command, ())


# Creation steps (no source state).
OPENING: dict[str, Step] = {
    "submit_disclosure": Step(
        "T01",
        "submit_disclosure",
        frozenset(),
        S.RECEIVED_DISCLOSURE,
        _r(R.COMP, R.INTAKE, R.DSL, R.REP3),
        ("G14",),
        "DisclosureReceived",
    ),
    "submit_report": Step(
        "T02",
        "submit_report",
        frozenset(),
        S.RECEIVED_REPORT,
        _r(R.COMP, R.REP3, R.INTAKE, R.DSL),
        ("G14",),
        "ReportReceived",
    ),
}
# Automatic follow-ups (T36/T37/T38) are chosen by the engine after T35.
AUTOMATIC = {
    "T36": S.SANCTION_IN_FORCE,
    "T37": S.CLOSED,
    "T38": S.HEARING_PENDING,
}
