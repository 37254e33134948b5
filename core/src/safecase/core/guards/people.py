"""Rules about the people on a case: conflicts of interest (G10), CMG quorum (G22), need to know
(G28, the command-specific parts), exactly one owner (G36), return to sport (G40)."""

from __future__ import annotations

from collections.abc import Iterable

from safecase.core.calendar import relativedelta_of
from safecase.core.case import PartyRole
from safecase.core.commands import (
    AddEvidence,
    AppointPanel,
    AssignCaseOwner,
    AssignRole,
    BreakGlassRead,
    CommissionReturnAssessment,
    CommissionRiskAssessment,
    CompleteMonitoring,
    ImposeInterimMeasure,
    OpenInvestigation,
    PublishAdvisoryPacket,
    RecordCmgDecision,
    RecordTriage,
    ReviewInterimMeasure,
    SignCoiDeclaration,
)
from safecase.core.guards.context import GuardContext, Refusal, long_enough, rule
from safecase.core.hearing import PanelKind
from safecase.core.investigation import RiskAssessmentKind, RiskOutcome
from safecase.core.people import HARD_RELATIONSHIPS
from safecase.core.states import Role

DECLARING_ROLES = {
    Role.INV,
    Role.RA,
    Role.CMG,
    Role.PANEL,
    Role.PCH,
    Role.APANEL,
    Role.ACH,
    Role.ADV,
}

# Who may waive a soft conflict (G10): the DSL, or the panel convenor (the CMG appoints the
# disciplinary panel; the appeals convenor acts as a DSL-designated officer).
WAIVING_ROLES = {Role.DSL, Role.CMG}


def conflict_of(
    ctx: GuardContext, person_id: str, *, declaration_needed: bool, parties: bool = True
) -> Refusal | None:
    """G10 for one person: a declaration first, then hard and unwaived soft conflicts.

    ``parties=False`` leaves "is a party or witness" to G21 (roles outside G10's list).
    """
    case = ctx.case
    declaration = case.declaration_of(person_id)
    if declaration_needed and declaration is None:
        return Refusal("E_G10_DECLARATION_MISSING")
    conflict = "E_G10_CONFLICT_OF_INTEREST"
    if parties and person_id in case.party_ids(
        PartyRole.COMPLAINANT, PartyRole.RESPONDENT, PartyRole.WITNESS
    ):
        return Refusal(conflict, "is a party or witness")
    lookback = relativedelta_of(ctx.rule_set.coi.same_club_lookback.period)
    for party in case.party_ids(PartyRole.COMPLAINANT, PartyRole.RESPONDENT):
        kinds = ctx.people.relationships_between(person_id, party)
        if kinds & HARD_RELATIONSHIPS:
            return Refusal(conflict, "has a relationship with a party")
        if ctx.people.shared_clubs(person_id, party, ctx.now, lookback):
            return Refusal(conflict, "is or was at the same club as a party")
        if kinds and not (declaration and declaration.waived_soft_conflicts):
            return Refusal(conflict, "has a soft conflict that is not waived")
    if declaration is not None:
        hard = {k.value for k in HARD_RELATIONSHIPS}
        if any(c in hard for c in declaration.declared_conflicts):
            return Refusal(conflict, "declared a conflict")
        # Any other declared conflict is soft: it needs the DSL's waiver.
        if declaration.declared_conflicts and not declaration.waived_soft_conflicts:
            return Refusal(conflict, "declared a soft conflict that is not waived")
    return None


def _first(ctx: GuardContext, people: Iterable[str], *, declaration_needed: bool) -> Refusal | None:
    for person_id in people:
        refusal = conflict_of(ctx, person_id, declaration_needed=declaration_needed)
        if refusal:
            return refusal
    return None


@rule("G10")
def conflicts_of_interest(ctx: GuardContext) -> Refusal | None:
    command, case, name = ctx.command, ctx.case, ctx.step.command
    if isinstance(command, SignCoiDeclaration):
        if not command.waive_soft_conflicts:
            return None
        if ctx.actor.role not in WAIVING_ROLES or ctx.actor.person_id == command.person_id:
            return Refusal(
                "E_G10_CONFLICT_OF_INTEREST",
                "a soft conflict is waived by the DSL or the panel convenor, not the person",
            )
        if not long_enough(command.waiver_reason, 50):
            return Refusal(
                "E_G10_CONFLICT_OF_INTEREST", "a waiver needs a reason of 50+ characters"
            )
        return None
    if isinstance(command, OpenInvestigation):
        return _first(ctx, [command.investigator_id], declaration_needed=True)
    if isinstance(command, CommissionRiskAssessment | CommissionReturnAssessment):
        return _first(ctx, [command.assessor_id], declaration_needed=True)
    if isinstance(command, AppointPanel):
        return _first(ctx, [m.person_id for m in command.members], declaration_needed=True)
    if isinstance(command, PublishAdvisoryPacket):
        return _first(ctx, command.members, declaration_needed=True)
    if isinstance(command, AssignRole):
        if command.role in DECLARING_ROLES:
            return _first(ctx, [command.person_id], declaration_needed=True)
        # Other staff roles (INTAKE, a deputy DSL) are outside G10's list: no declaration, and a
        # party in such a role is G21's; ties to a party still give them no access.
        return conflict_of(ctx, command.person_id, declaration_needed=False, parties=False)
    if isinstance(command, AssignCaseOwner):
        return _first(ctx, [command.person_id], declaration_needed=False)
    if isinstance(command, RecordTriage):
        return _first(ctx, command.decided_by, declaration_needed=False)
    if name == "submit_investigation_report" and case.investigation:
        return _first(ctx, [case.investigation.investigator_id], declaration_needed=True)
    if name in {"refer_to_disciplinary", "open_hearing"}:
        panel = case.panel(PanelKind.DISCIPLINARY)
        return _first(ctx, panel.person_ids if panel else (), declaration_needed=True)
    if name == "open_appeal_hearing":
        panel = case.panel(PanelKind.APPEAL)
        return _first(ctx, panel.person_ids if panel else (), declaration_needed=True)
    return None


def _cmg_decision_needed(ctx: GuardContext) -> str | bool | None:
    """The CMG decision id a command cites, ``False`` when the command needs none."""
    command, name = ctx.command, ctx.step.command
    if isinstance(command, ImposeInterimMeasure):
        return False if command.emergency else command.cmg_decision_id
    if isinstance(command, ReviewInterimMeasure):
        return command.cmg_decision_id
    if isinstance(command, RecordTriage):
        if ctx.rule_set.route_decision_by == "CMG" or name == "triage_under_override":
            return command.cmg_decision_id
        return False
    if name in {"commission_risk_assessment", "refer_to_disciplinary", "ratify_interim_measure"}:
        return getattr(command, "cmg_decision_id", None)
    return False


@rule("G22")
def cmg_quorum(ctx: GuardContext) -> Refusal | None:
    command, case, cmg = ctx.command, ctx.case, ctx.rule_set.cmg
    refused = "E_G22_CMG_QUORUM"
    if isinstance(command, RecordCmgDecision):
        present = set(command.members_present)
        if len(present) < cmg.quorum or not command.vote_outcome.strip():
            return Refusal(refused, f"{cmg.quorum} voting members and a recorded vote are required")
        if present - case.holders(Role.CMG):
            return Refusal(refused, "only the case's CMG members vote")
        if cmg.independent_cp_expert_required and not any(
            ctx.people.get(p).independent_child_protection_expertise
            for p in present
            if p in ctx.people
        ):
            return Refusal(refused, "an independent child-protection expert must be present")
        conflicted = _first(ctx, present, declaration_needed=True)
        return Refusal(refused, "a voting member is conflicted") if conflicted else None
    cited = _cmg_decision_needed(ctx)
    if cited is False:
        return None
    if not any(d.id == cited for d in case.cmg_decisions):
        return Refusal(refused, "cite a recorded CMG decision")
    return None


@rule("G28")
def need_to_know(ctx: GuardContext) -> Refusal | None:
    command = ctx.command
    if isinstance(command, AddEvidence) and not command.scanned_clean:
        return Refusal("E_G28_ACCESS_DENIED", "the file was not cleared by the scan")
    if isinstance(command, BreakGlassRead) and not long_enough(command.reason, 50):
        return Refusal("E_G28_ACCESS_DENIED", "break-glass access needs a reason of 50+ characters")
    return None


@rule("G36")
def exactly_one_case_owner(ctx: GuardContext) -> Refusal | None:
    command, case = ctx.command, ctx.case
    if isinstance(command, AssignCaseOwner):
        if command.person_id not in ctx.people:
            return Refusal("E_G36_OWNER_REQUIRED", "the owner must be in the person registry")
        return None
    if case.owner_id is None:
        return Refusal("E_G36_OWNER_REQUIRED")
    return None


@rule("G40")
def return_to_sport_needs_risk_assessment(ctx: GuardContext) -> Refusal | None:
    command, case = ctx.command, ctx.case
    if not isinstance(command, CompleteMonitoring) or not command.returning_to_role:
        return None
    assessment = case.current_risk_assessment(RiskAssessmentKind.RETURN_TO_SPORT)
    ends = [s.ends_at for s in case.sanctions() if s.ends_at is not None]
    window = ctx.rule_set.return_to_sport.assessment_window.period
    if (
        assessment is None
        or not assessment.complete
        or assessment.completed_at is None
        or assessment.outcome not in {RiskOutcome.SUITABLE, RiskOutcome.SUITABLE_WITH_CONDITIONS}
    ):
        return Refusal("E_G40_RETURN_RISK_ASSESSMENT")
    if ends:
        earliest = max(ends) - relativedelta_of(window)
        if assessment.completed_at < earliest:
            return Refusal("E_G40_RETURN_RISK_ASSESSMENT", "the assessment is too old")
    return None
