"""Rules on investigation and risk assessment: order (G01), role separation (G21), report
completeness (G23)."""

from __future__ import annotations

from collections.abc import Iterable

from safecase.core.case import PartyRole
from safecase.core.commands import (
    AppointPanel,
    AssignCaseOwner,
    AssignRole,
    CommissionReturnAssessment,
    CommissionRiskAssessment,
    CompleteRiskAssessment,
    OpenInvestigation,
    SubmitInvestigationReport,
)
from safecase.core.guards.context import GuardContext, Refusal, rule
from safecase.core.hearing import PanelKind
from safecase.core.investigation import Conclusion, RiskAssessmentKind

FIT_FOR_RISK_ASSESSMENT = {
    Conclusion.C1_ABUSE_LIKELY,
    Conclusion.C2_CRIMINAL_OFFENCE_POSSIBLE,
    Conclusion.C3_POOR_PRACTICE_ONLY,
}


@rule("G01")
def investigation_before_risk_assessment(ctx: GuardContext) -> Refusal | None:
    case, command = ctx.case, ctx.command
    investigation = case.investigation
    report = investigation.report if investigation else None
    if isinstance(command, CommissionRiskAssessment):
        if report is None or report.conclusion not in FIT_FOR_RISK_ASSESSMENT:
            return Refusal("E_G01_INVESTIGATION_REQUIRED")
        return None
    if isinstance(command, CommissionReturnAssessment):
        return None if report is not None else Refusal("E_G01_INVESTIGATION_REQUIRED")
    if isinstance(command, CompleteRiskAssessment):
        assessment = case.current_risk_assessment(command.kind)
        if report is None or assessment is None or assessment.completed_at is not None:
            return Refusal("E_G01_INVESTIGATION_REQUIRED", "no risk assessment is in progress")
        texts = (
            command.nature_of_behaviour,
            command.impact,
            command.likelihood_of_recurrence,
            command.circumstances_of_recurrence,
        )
        if (
            not all(t.strip() for t in texts)
            or not command.static_factors
            or not (command.dynamic_factors)
        ):
            return Refusal("E_G01_RISK_ASSESSMENT_INCOMPLETE")
        return None
    if ctx.step.command == "refer_to_disciplinary":
        assessment = case.current_risk_assessment(RiskAssessmentKind.POST_INVESTIGATION)
        if (
            report is None
            or assessment is None
            or not assessment.complete
            or assessment.completed_at is None
            or assessment.completed_at <= report.submitted_at
        ):
            return Refusal("E_G01_RISK_ASSESSMENT_INCOMPLETE")
    return None


# A chair sits on the panel it chairs: G21 compares panel roles, not the chair flag.
_SEPARATION_ROLE = {"PCH": "PANEL", "ACH": "APANEL"}


def _separation_role(role: str) -> str:
    return _SEPARATION_ROLE.get(role, role)


def _staff_roles(ctx: GuardContext, person_id: str) -> set[str]:
    case = ctx.case
    roles = {_separation_role(a.role.value) for a in case.assignments if a.person_id == person_id}
    if case.investigation and case.investigation.investigator_id == person_id:
        roles.add("INV")
    roles |= {"RA" for r in case.risk_assessments if r.assessor_id == person_id}
    for panel in case.panels:
        if person_id in panel.person_ids:
            roles.add("PANEL" if panel.kind is PanelKind.DISCIPLINARY else "APANEL")
    if case.owner_id == person_id:
        roles.add("OWNER")
    return roles


def _separation_problem(ctx: GuardContext, person_id: str, new_role: str) -> str | None:
    if person_id in ctx.case.party_ids(
        PartyRole.COMPLAINANT, PartyRole.RESPONDENT, PartyRole.WITNESS
    ):
        return "a party or witness cannot hold a staff role on the case"
    new_role = _separation_role(new_role)
    held = _staff_roles(ctx, person_id)
    rule_set = ctx.rule_set
    incompatible: dict[str, set[str]] = {
        "INV": {"RA", "PANEL", "APANEL"}
        - ({"RA"} if rule_set.allow_investigator_as_assessor else set()),
        "RA": {"INV"} - ({"INV"} if rule_set.allow_investigator_as_assessor else set()),
        "PANEL": {"INV", "OWNER", "APANEL"},
        "APANEL": {"INV", "OWNER", "PANEL"},
        "OWNER": {"PANEL", "APANEL"},
    }
    clash = held & incompatible.get(new_role, set())
    return f"already {'/'.join(sorted(clash))} on this case" if clash else None


def _check(ctx: GuardContext, people: Iterable[str], role: str) -> Refusal | None:
    for person_id in people:
        problem = _separation_problem(ctx, person_id, role)
        if problem:
            return Refusal("E_G21_ROLE_SEPARATION", problem)
    return None


@rule("G21")
def roles_are_separated(ctx: GuardContext) -> Refusal | None:
    command, case = ctx.command, ctx.case
    if isinstance(command, OpenInvestigation):
        return _check(ctx, [command.investigator_id], "INV")
    if isinstance(command, CommissionRiskAssessment | CommissionReturnAssessment):
        return _check(ctx, [command.assessor_id], "RA")
    if isinstance(command, AppointPanel):
        role = "APANEL" if ctx.step.command == "appoint_appeal_panel" else "PANEL"
        return _check(ctx, [m.person_id for m in command.members], role)
    if isinstance(command, AssignCaseOwner):
        return _check(ctx, [command.person_id], "OWNER")
    if isinstance(command, AssignRole):
        return _check(ctx, [command.person_id], command.role.value)
    if ctx.step.command == "open_hearing":
        panel = case.panel(PanelKind.DISCIPLINARY)
        if panel is not None:
            investigator = case.investigation.investigator_id if case.investigation else None
            clash = {investigator, case.owner_id} & panel.person_ids
            if clash - {None}:
                return Refusal(
                    "E_G21_ROLE_SEPARATION", "the panel includes the investigator or owner"
                )
    return None


@rule("G23")
def investigation_report_is_complete(ctx: GuardContext) -> Refusal | None:
    command, case = ctx.command, ctx.case
    if not isinstance(command, SubmitInvestigationReport):
        return None
    investigation = case.investigation
    missing: list[str] = []
    if investigation is None:
        return Refusal("E_G23_REPORT_INCOMPLETE", "no investigation is open")
    if command.conclusion is None:
        missing.append("conclusion")
    if command.terms_of_reference_id != investigation.terms_of_reference_id:
        missing.append("terms_of_reference_id")
    answered = {a.item_id for a in command.tor_answers if a.addressed or a.reason.strip()}
    if {item.id for item in investigation.terms_of_reference} - answered:
        missing.append("terms of reference items")
    if not command.evidence_index and command.conclusion is not Conclusion.C4_WITHOUT_FOUNDATION:
        missing.append("evidence_index")
    if not command.persons_interviewed:
        missing.append("persons_interviewed")
    if not command.child_voice.strip():
        missing.append("child_voice")
    if ctx.actor.person_id != investigation.investigator_id:
        missing.append("submission by the appointed investigator")
    if command.conclusion in {
        Conclusion.C1_ABUSE_LIKELY,
        Conclusion.C2_CRIMINAL_OFFENCE_POSSIBLE,
    } and (not command.agency_referral_recommended):
        missing.append("agency_referral_recommended")
    return Refusal("E_G23_REPORT_INCOMPLETE", ", ".join(missing)) if missing else None
