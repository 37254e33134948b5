"""What each accepted command does to the case (applied to a copy, after every rule allowed it).

An effect records facts and emits event payloads of ids and codes; it never decides whether
the command is allowed — that is the guards' job — and never touches the main state except
through :meth:`Change.move` and :meth:`Change.follow`, which the engine drives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from safecase.core import commands as c
from safecase.core.case import (
    Assignment,
    Case,
    CmgDecision,
    CoiDeclaration,
    Concern,
    IntakeType,
    Party,
    PartyRole,
    ReportKind,
    TransitionRecord,
    Triage,
)
from safecase.core.consent import ConsentPurpose, ConsentRecord
from safecase.core.hearing import (
    Appeal,
    AppealExtension,
    AppealResult,
    Decision,
    Hearing,
    Panel,
    PanelKind,
    Sanction,
)
from safecase.core.interim import InterimMeasure, InterimReview
from safecase.core.investigation import (
    EvidenceItem,
    Interview,
    Investigation,
    InvestigationReport,
    RiskAssessment,
    RiskAssessmentKind,
    TermsOfReferenceItem,
)
from safecase.core.people import PersonRegistry, new_id
from safecase.core.plugins import Plugins, SeverityAssessment
from safecase.core.referrals import (
    AgencyConsent,
    AgencyRelease,
    ConsentScope,
    MandatoryReportingOverride,
    Referral,
    ReleaseType,
)
from safecase.core.share import AdvisoryOpinion, AdvisoryShare
from safecase.core.states import (
    CaseState,
    ClosureReason,
    InterimState,
    ReferralStatus,
    Role,
    ShareState,
)

if TYPE_CHECKING:
    from safecase.core.guards.context import GuardContext

__all__ = ["EFFECTS", "Change", "open_case"]

Payload = dict[str, Any]

# Events an effect raises besides its step's own event; docs/events.md lists them.
FOLLOW_UP_EVENTS: dict[str, str] = {
    "InterimMeasureLifted": "I5: a case ending without a sanction lifts its interim measures",
    "InterimMeasureSuperseded": "I4: a sanction coming into force replaces the interim measures",
    "InterimMeasureLapsed": "I6: an emergency measure not ratified in time lapses",
    "AdvisoryShareRevoked": "A4/G15: closure or withdrawn consent revokes live advisory shares",
    "DeadlineOverdue": "D1: the deadline sweep found a deadline past due",
}


@dataclass
class Change:
    """The copy of the case being changed, plus what the change emits."""

    case: Case
    ctx: GuardContext
    now: datetime
    payload: Payload = field(default_factory=dict)
    extra_events: list[tuple[str, str, Payload]] = field(default_factory=list)
    follow_ups: list[tuple[str, CaseState, ClosureReason | None]] = field(default_factory=list)
    reason: str = ""

    def emit(self, step_id: str, event_type: str, **payload: Any) -> None:
        if event_type not in FOLLOW_UP_EVENTS:  # the events catalogue must know every event
            raise ValueError(f"undocumented follow-up event {event_type}")
        self.extra_events.append((step_id, event_type, payload))

    def follow(self, step_id: str, target: CaseState, closure: ClosureReason | None = None) -> None:
        self.follow_ups.append((step_id, target, closure))

    def move(
        self, step_id: str, target: CaseState, closure: ClosureReason | None, reason: str
    ) -> None:
        case = self.case
        case.history.append(
            TransitionRecord(
                transition=step_id,
                command=self.ctx.command.name,
                from_state=case.state if case.history else None,
                to_state=target,
                actor_id=self.ctx.actor.person_id,
                role=self.ctx.actor.role,
                at=self.now,
                reason=reason,
            )
        )
        case.state = target
        if target in {CaseState.CLOSED, CaseState.NFA}:
            case.closure_reason = closure
            self._on_ending(step_id)
        elif target is not CaseState.MERGED:
            case.closure_reason = None

    def _on_ending(self, step_id: str) -> None:
        # I5: ending without sanction lifts interim measures; G15: closure revokes shares.
        for measure in self.case.interim_in_force():
            measure.state = InterimState.IM_LIFTED
            measure.ended_at = self.now
            self.emit("I5", "InterimMeasureLifted", measure_id=measure.id, automatic=True)
        for share in self.case.live_shares():
            _end_share(share, ShareState.AS_REVOKED, self.now)
            self.emit("A4", "AdvisoryShareRevoked", share_id=share.id, automatic=True)

    @property
    def rule_set(self) -> Any:
        return self.ctx.plugins.rule_set


Effect = Callable[[Change, Any], None]
EFFECTS: dict[str, Effect] = {}
C = TypeVar("C", bound=c.Command)


def effect(
    command_type: type[C],
) -> Callable[[Callable[[Change, C], None]], Callable[[Change, C], None]]:
    def register(fn: Callable[[Change, C], None]) -> Callable[[Change, C], None]:
        EFFECTS[command_type.name] = fn
        return fn

    return register


def _nothing(change: Change, command: c.Command) -> None:
    """Steps whose only effect is the change of state (recorded by the engine)."""
    change.reason = str(getattr(command, "reason", "") or getattr(command, "rationale", ""))


for _name in (
    "withdraw_report",
    "escalate_to_formal",
    "record_resolution_outcome",
    "close_case",
    "complete_monitoring",
    "record_condition_breach",
    "record_external_outcome",
    "respondent_request_review",
):
    EFFECTS[_name] = _nothing


# --- intake --------------------------------------------------------------------------------------


def open_case(
    command: c.SubmitReport, actor: c.Actor, plugins: Plugins, people: PersonRegistry, now: datetime
) -> Case:
    """The case a submission creates, before rules are checked (T01/T02)."""
    disclosure = command.name == "submit_disclosure"
    parties = [
        Party(
            person_id=p.person_id,
            role=PartyRole(p.role),
            position_of_trust=p.position_of_trust,
            minor_at_incident=_minor(people, p.person_id, command.incident_date or now, plugins),
        )
        for p in command.parties
    ]
    case = Case(
        organisation_id=actor.organisation_id,
        rule_set_id=plugins.rule_set.id,
        created_at=now,
        updated_at=now,
        state=CaseState.RECEIVED_DISCLOSURE if disclosure else CaseState.RECEIVED_REPORT,
        intake_type=IntakeType.DISCLOSURE if disclosure else IntakeType.FORMAL_REPORT,
        report_kind=ReportKind(command.kind),
        anonymous=command.anonymous,
        receipt_code_hash=command.receipt_code_hash,
        created_by=actor.person_id,
        came_to_attention_at=command.came_to_attention_at or now,
        incident_date=command.incident_date,
        narrative=command.narrative,
        parties=parties,
        concerns=[Concern(category=code) for code in command.categories],
        owner_id=actor.person_id if actor.role is Role.DSL else None,
    )
    case.child_involved = any(
        p.minor_at_incident for p in parties if p.role is not PartyRole.REPORTER
    )
    case.child_respondent = any(p.minor_at_incident for p in case.parties_in(PartyRole.RESPONDENT))
    if case.owner_id:
        case.assignments.append(Assignment(person_id=actor.person_id, role=Role.DSL, since=now))
    return case


def _minor(people: PersonRegistry, person_id: str, on: datetime, plugins: Plugins) -> bool:
    if person_id not in people:
        return False
    return people.get(person_id).is_minor(on.date(), plugins.rule_set.age_of_majority)


def _open(change: Change, command: c.SubmitReport) -> None:
    case = change.case
    change.payload = {
        "intake_type": case.intake_type.value,
        "anonymous": case.anonymous,
        "categories": sorted(case.categories),
        "child_involved": case.child_involved,
    }


EFFECTS["submit_report"] = _open
EFFECTS["submit_disclosure"] = _open


def _consent(change: Change, purpose: ConsentPurpose, given: c.ConsentInput) -> ConsentRecord:
    record = ConsentRecord(
        subject_person_id=given.subject_person_id,
        given_by=given.given_by,
        given_by_person_id=given.given_by_person_id,
        purpose=purpose,
        given_at=change.now,
        method=given.method,
        evidence_ref=given.evidence_ref,
        expires_at=given.expires_at,
        child_views=given.child_views,
    )
    change.case.consents.append(record)
    return record


@effect(c.ConvertToFormalReport)
def _convert(change: Change, command: c.ConvertToFormalReport) -> None:
    record = _consent(change, ConsentPurpose.FORMAL_PROCESS, command.consent)
    change.case.converted = True
    change.payload = {"consent_id": record.id}


@effect(c.CloseDisclosure)
def _close_disclosure(change: Change, command: c.CloseDisclosure) -> None:
    change.case.mandatory_reporting_assessed = True
    change.reason = command.rationale


def _override(change: Change, given: c.OverrideInput | None) -> None:
    if given is None:
        return
    change.case.override = MandatoryReportingOverride(
        reason=given.reason,
        legal_basis=given.legal_basis,
        authorised_by=change.ctx.actor.person_id,
        recorded_at=change.now,
        complainant_informed_at=given.complainant_informed_at,
        complainant_not_informed_reason=given.complainant_not_informed_reason,
    )


@effect(c.ReferToAgency)
def _refer(change: Change, command: c.ReferToAgency) -> None:
    case = change.case
    _override(change, command.override)
    referral = next(
        (
            r
            for r in case.referrals
            if command.check_id and r.check_id == command.check_id and not r.satisfied
        ),
        None,
    )
    if referral is None:
        referral = Referral(agency=command.agency, check_id=command.check_id)
        case.referrals.append(referral)
    referral.status = ReferralStatus.MADE
    referral.made_at = change.now
    referral.made_by = change.ctx.actor.person_id
    referral.reference = command.reference
    referral.officer = command.officer
    # G04: entering AGENCY_HOLD sets hold_requested on the referral (it then outlives T47).
    referral.hold_requested = command.hold_requested or change.ctx.step.target is (
        CaseState.AGENCY_HOLD
    )
    change.payload = {
        "referral_id": referral.id,
        "check_id": command.check_id,
        "override": command.override is not None,
    }


@effect(c.RecordTriage)
def _triage(change: Change, command: c.RecordTriage) -> None:
    case, plugins = change.case, change.ctx.plugins
    if isinstance(command, c.TriageUnderOverride):
        _override(change, command.override)
    severity = plugins.classify_severity(
        SeverityAssessment(
            categories=frozenset(command.categories),
            proposed=command.proposed_severity,
            aggravating_factors=command.aggravating_factors,
            mitigating_factors=command.mitigating_factors,
        )
    )
    case.severity = severity
    known = {concern.category for concern in case.concerns}
    case.concerns += [Concern(category=code) for code in command.categories if code not in known]
    case.triage = Triage(
        severity=severity,
        categories=command.categories,
        route=command.route,
        level=command.level,
        statutory_answers=command.statutory_answers,
        rationale=command.rationale,
        decided_by=command.decided_by,
        decided_at=change.now,
        cmg_decision_id=command.cmg_decision_id,
    )
    for check in plugins.statutory_agencies():
        if not command.statutory_answers.get(check.id):
            continue
        period = check.deadline.value
        deadline = (
            change.ctx.calendar.deadline(case.came_to_attention_at, period) if period else None
        )
        case.referrals.append(
            Referral(
                check_id=check.id,
                agency=check.agency,
                deadline_at=None if check.after_sanction else deadline,
                after_sanction=check.after_sanction,
            )
        )
    change.reason = command.rationale
    change.payload = {
        "severity": severity,
        "categories": sorted(command.categories),
        "referrals_due": [r.check_id for r in case.referrals if r.status is ReferralStatus.DUE],
    }


EFFECTS["triage_under_override"] = EFFECTS["record_triage"]


@effect(c.MergeDuplicate)
def _merge(change: Change, command: c.MergeDuplicate) -> None:
    change.case.merged_into = command.into_case_id
    change.reason = command.reason
    change.payload = {"into_case_id": command.into_case_id}


@effect(c.Unmerge)
def _unmerge(change: Change, command: c.Unmerge) -> None:
    change.case.merged_into = None
    change.reason = command.reason


@effect(c.TransferJurisdiction)
def _transfer(change: Change, command: c.TransferJurisdiction) -> None:
    change.case.transferred_to = command.body
    change.reason = command.reason
    change.payload = {"body": command.body[:120]}


@effect(c.RecordJurisdictionReturned)
def _returned(change: Change, command: c.RecordJurisdictionReturned) -> None:
    change.case.transferred_to = None
    change.payload = {"body_decision_ref": command.body_decision_ref[:120]}


@effect(c.OpenInvestigation)
def _open_investigation(change: Change, command: c.OpenInvestigation) -> None:
    case = change.case
    case.investigation = Investigation(
        investigator_id=command.investigator_id,
        terms_of_reference=[TermsOfReferenceItem(text=t) for t in command.terms_of_reference],
        plan=command.plan,
        opened_at=change.now,
    )
    case.assignments.append(
        Assignment(person_id=command.investigator_id, role=Role.INV, since=change.now)
    )
    change.payload = {
        "investigator_id": command.investigator_id,
        "terms_of_reference_id": case.investigation.terms_of_reference_id,
    }


EFFECTS["open_parallel_investigation"] = EFFECTS["open_investigation"]


@effect(c.ResolveInformally)
def _resolve_informally(change: Change, command: c.ResolveInformally) -> None:
    change.reason = command.rationale
    change.payload = {"outcomes": list(command.outcomes), "mediation": command.mediation}


@effect(c.NoFurtherAction)
def _nfa(change: Change, command: c.NoFurtherAction) -> None:
    change.reason = command.rationale


@effect(c.RecordAgencyRelease)
def _release(change: Change, command: c.RecordAgencyRelease) -> None:
    referral = next(r for r in change.case.referrals if r.id == command.referral_id)
    referral.release = AgencyRelease(
        type=command.type,
        officer=command.officer,
        released_at=change.now,
        outcome_text=command.outcome_text,
    )
    referral.status = {
        ReleaseType.PASSED_BACK: ReferralStatus.PASSED_BACK,
        ReleaseType.CONCLUDED: ReferralStatus.CONCLUDED,
        ReleaseType.NO_FURTHER_ACTION: ReferralStatus.NO_ACTION_BY_AGENCY,
    }[command.type]
    referral.hold_requested = False
    change.payload = {"referral_id": referral.id, "release": command.type.value}


@effect(c.SubmitInvestigationReport)
def _report(change: Change, command: c.SubmitInvestigationReport) -> None:
    investigation = change.case.investigation
    assert investigation is not None
    assert command.conclusion is not None
    answers = {a.item_id: a for a in command.tor_answers}
    for item in investigation.terms_of_reference:
        answer = answers[item.id]
        item.addressed, item.reason = answer.addressed, answer.reason or None
    investigation.report = InvestigationReport(
        conclusion=command.conclusion,
        terms_of_reference_id=investigation.terms_of_reference_id,
        evidence_index=command.evidence_index,
        persons_interviewed=command.persons_interviewed,
        child_voice=command.child_voice,
        summary=command.summary,
        agency_referral_recommended=command.agency_referral_recommended,
        submitted_by=change.ctx.actor.person_id,
        submitted_at=change.now,
    )
    change.payload = {"conclusion": command.conclusion.value, "report_id": investigation.report.id}


@effect(c.CommissionRiskAssessment)
def _commission(change: Change, command: c.CommissionRiskAssessment) -> None:
    _new_assessment(change, command.assessor_id, RiskAssessmentKind.POST_INVESTIGATION)


@effect(c.CommissionReturnAssessment)
def _commission_return(change: Change, command: c.CommissionReturnAssessment) -> None:
    _new_assessment(change, command.assessor_id, RiskAssessmentKind.RETURN_TO_SPORT)


def _new_assessment(change: Change, assessor_id: str, kind: RiskAssessmentKind) -> None:
    assessment = RiskAssessment(kind=kind, assessor_id=assessor_id, commissioned_at=change.now)
    change.case.risk_assessments.append(assessment)
    change.case.assignments.append(
        Assignment(person_id=assessor_id, role=Role.RA, since=change.now)
    )
    change.payload = {
        "risk_assessment_id": assessment.id,
        "kind": kind.value,
        "assessor_id": assessor_id,
    }


@effect(c.CompleteRiskAssessment)
def _complete_assessment(change: Change, command: c.CompleteRiskAssessment) -> None:
    assessment = change.case.current_risk_assessment(command.kind)
    assert assessment is not None
    for name in (
        "nature_of_behaviour",
        "impact",
        "likelihood_of_recurrence",
        "circumstances_of_recurrence",
        "static_factors",
        "dynamic_factors",
        "outcome",
    ):
        setattr(assessment, name, getattr(command, name))
    assessment.completed_at = change.now
    change.payload = {"risk_assessment_id": assessment.id, "outcome": command.outcome.value}


@effect(c.AppointPanel)
def _appoint(change: Change, command: c.AppointPanel) -> None:
    appeal = command.name == "appoint_appeal_panel"
    kind = PanelKind.APPEAL if appeal else PanelKind.DISCIPLINARY
    panel = Panel(
        kind=kind,
        members=list(command.members),
        appointed_at=change.now,
        nsp_substitution=command.nsp_substitution,
    )
    case = change.case
    case.panels.append(panel)
    for member in command.members:
        role = (
            (Role.ACH if member.chair else Role.APANEL)
            if appeal
            else (Role.PCH if member.chair else Role.PANEL)
        )
        case.assignments.append(Assignment(person_id=member.person_id, role=role, since=change.now))
    if appeal and (latest := case.latest_appeal()) is not None:
        latest.panel_id = panel.id
    if not appeal and case.hearings:
        # a replacement or re-hearing panel (T38) hears the case under the arrangements and
        # notice already recorded at the referral (T25)
        earlier = case.hearings[-1]
        case.hearings.append(
            earlier.model_copy(update={"id": new_id(), "panel_id": panel.id, "opened_at": None})
        )
    change.payload = {"panel_id": panel.id, "kind": kind.value, "members": sorted(panel.person_ids)}


EFFECTS["appoint_appeal_panel"] = EFFECTS["appoint_panel"]


@effect(c.ReferToDisciplinary)
def _refer_to_disciplinary(change: Change, command: c.ReferToDisciplinary) -> None:
    case = change.case
    panel = case.panel(PanelKind.DISCIPLINARY)
    assert panel is not None
    hearing = Hearing(
        panel_id=panel.id,
        notice_served_at=command.notice_served_at,
        scheduled_for=command.scheduled_for,
        child_attendance_required=command.child_attendance_required,
        alternative_evidence_offered=command.alternative_evidence_offered,
        allow_direct_questioning_by_respondent=command.allow_direct_questioning_by_respondent,
        child_supporter=command.child_supporter,
        respondent_support_person=command.respondent_support_person,
        complainant_welfare_plan=command.complainant_welfare_plan,
        respondent_welfare_plan=command.respondent_welfare_plan,
    )
    case.hearings.append(hearing)
    change.payload = {"hearing_id": hearing.id, "panel_id": panel.id}


@effect(c.OpenHearing)
def _open_hearing(change: Change, command: c.OpenHearing) -> None:
    hearing = change.case.hearing_for(change.case.panel(PanelKind.DISCIPLINARY))
    assert hearing is not None
    hearing.opened_at = change.now
    hearing.notice_waived = hearing.notice_waived or command.notice_waived
    change.payload = {"hearing_id": hearing.id}


def _decision(
    change: Change,
    command: c.AdjudicationInput,
    kind: str,
    sanctions: tuple[Sanction, ...] | None = None,
) -> Decision:
    rule_set = change.rule_set
    built = (
        sanctions
        if sanctions is not None
        else tuple(
            Sanction(
                type=s.type,
                months=s.months,
                conditions=s.conditions,
                removes_from_regulated_work=rule_set.sanction_types[
                    s.type
                ].removes_from_regulated_work,
            )
            for s in command.sanctions
        )
    )
    decision = Decision(
        kind="APPEAL" if kind == "APPEAL" else "FIRST_INSTANCE",
        rationale=command.rationale,
        decided_by=command.decided_by,
        decided_at=change.now,
        standard_of_proof=str(command.standard_of_proof),
        findings=command.findings,
        sanctions=built,
        information_considered=command.information_considered,
        aggravating_factors=command.aggravating_factors,
        mitigating_factors=command.mitigating_factors,
        on_admission=isinstance(command, c.IssueDecisionOnAdmission),
    )
    for sanction in decision.sanctions:
        if kind != "APPEAL" and rule_set.effective_pending_appeal(sanction.type):
            _start_sanction(sanction, change.now)
    change.case.decisions.append(decision)
    change.reason = command.rationale
    change.payload = {
        "decision_id": decision.id,
        "findings": [f.finding for f in decision.findings],
        "sanctions": [s.type for s in decision.sanctions],
    }
    return decision


def _start_sanction(sanction: Sanction, now: datetime) -> None:
    from dateutil.relativedelta import relativedelta

    if sanction.in_force:
        return
    sanction.in_force = True
    sanction.starts_at = now
    sanction.ends_at = now + relativedelta(months=sanction.months) if sanction.months else None


@effect(c.IssueDecision)
def _issue(change: Change, command: c.IssueDecision) -> None:
    _decision(change, command, "FIRST_INSTANCE")


EFFECTS["issue_decision_on_admission"] = EFFECTS["issue_decision"]


@effect(c.NotifyParties)
def _notify_parties(change: Change, command: c.NotifyParties) -> None:
    decision = change.case.latest_decision()
    assert decision is not None
    decision.notified_at = dict(command.notified_at)
    change.payload = {"decision_id": decision.id, "parties": sorted(command.notified_at)}


@effect(c.WaiveAppeal)
def _waive(change: Change, command: c.WaiveAppeal) -> None:
    decision = change.case.latest_decision("FIRST_INSTANCE")
    assert decision is not None
    decision.waivers = (*decision.waivers, command.party)
    change.payload = {"party": command.party}


@effect(c.GrantAppealExtension)
def _extend(change: Change, command: c.GrantAppealExtension) -> None:
    decision = change.case.latest_decision("FIRST_INSTANCE")
    assert decision is not None
    change.case.appeal_extensions.append(
        AppealExtension(
            decision_id=decision.id,
            party=command.party,
            granted_at=change.now,
            new_deadline=command.new_deadline,
            reason=command.reason,
        )
    )
    change.payload = {"party": command.party, "new_deadline": command.new_deadline.isoformat()}


@effect(c.LodgeAppeal)
def _lodge(change: Change, command: c.LodgeAppeal) -> None:
    decision = change.case.latest_decision("FIRST_INSTANCE")
    assert decision is not None
    appeal = Appeal(
        decision_id=decision.id,
        appellant=command.appellant,
        grounds=command.grounds,
        statement=command.statement,
        lodged_at=change.now,
    )
    decision.appealed = True
    change.case.appeals.append(appeal)
    change.payload = {
        "appeal_id": appeal.id,
        "appellant": command.appellant,
        "grounds": list(command.grounds),
    }


def _supersede_interim(change: Change) -> None:
    # I4: a final sanction replaces the interim measures.
    for measure in change.case.interim_in_force():
        measure.state = InterimState.IM_SUPERSEDED
        measure.ended_at = change.now
        change.emit("I4", "InterimMeasureSuperseded", measure_id=measure.id)


def _referrals_after_sanction(change: Change, decision: Decision) -> None:
    """G17: a sanction removing someone from regulated work makes the rule set's after-sanction
    referrals (PVG, DBS) DUE, counted from the decision (e.g. PVG: 3 months)."""
    if not any(s.removes_from_regulated_work for s in decision.sanctions):
        return
    case = change.case
    for check in change.rule_set.statutory_checks:
        if not check.after_sanction or any(r.check_id == check.id for r in case.referrals):
            continue
        period = check.deadline.value
        deadline = change.ctx.calendar.deadline(decision.decided_at, period) if period else None
        case.referrals.append(
            Referral(
                check_id=check.id, agency=check.agency, deadline_at=deadline, after_sanction=True
            )
        )


@effect(c.AppealWindowExpired)
def _window_expired(change: Change, command: c.AppealWindowExpired) -> None:
    decision = change.case.effective_decision()
    if change.ctx.step.id == "T32" and decision is not None:
        for sanction in decision.sanctions:
            _start_sanction(sanction, change.now)
        _supersede_interim(change)
        _referrals_after_sanction(change, decision)
        change.payload = {"sanctions": [s.type for s in decision.sanctions]}


@effect(c.OpenAppealHearing)
def _open_appeal(change: Change, command: c.OpenAppealHearing) -> None:
    appeal = change.case.latest_appeal()
    assert appeal is not None
    appeal.opened_at = change.now
    change.payload = {"appeal_id": appeal.id}


@effect(c.IssueAppealDecision)
def _appeal_decision(change: Change, command: c.IssueAppealDecision) -> None:
    case = change.case
    first = case.latest_decision("FIRST_INSTANCE")
    appeal = case.latest_appeal()
    assert first is not None
    assert appeal is not None
    sanctions: tuple[Sanction, ...] | None = None
    if command.result is AppealResult.UPHELD and not command.sanctions:
        sanctions = tuple(s.model_copy(update={"in_force": False}) for s in first.sanctions)
    # The appeal decision replaces the first: sanctions in force pending appeal end with it.
    for earlier in first.sanctions:
        if earlier.in_force:
            earlier.in_force, earlier.ends_at = False, change.now
    decision = _decision(change, command, "APPEAL", sanctions)
    decision.appeal_result = command.result.value
    appeal.result = command.result
    change.payload["result"] = command.result.value
    if command.result is AppealResult.REMITTED:
        change.follow("T38", CaseState.HEARING_PENDING)
    elif command.result is not AppealResult.OVERTURNED and decision.sanctions:
        for sanction in decision.sanctions:
            _start_sanction(sanction, change.now)
        _supersede_interim(change)
        _referrals_after_sanction(change, decision)
        change.follow("T36", CaseState.SANCTION_IN_FORCE)
    else:
        change.follow("T37", CaseState.CLOSED, ClosureReason.NO_BREACH)


@effect(c.StartMonitoring)
def _monitor(change: Change, command: c.StartMonitoring) -> None:
    change.case.monitoring_conditions = command.conditions


@effect(c.Reopen)
def _reopen(change: Change, command: c.Reopen) -> None:
    change.reason = command.reason
    change.payload = {"new_information_ref": command.new_information_ref}


@effect(c.WithdrawAndClose)
def _withdraw_and_close(change: Change, command: c.WithdrawAndClose) -> None:
    change.case.withdrawal_pending = False
    change.reason = command.rationale


@effect(c.ContinueUnderOverride)
def _continue(change: Change, command: c.ContinueUnderOverride) -> None:
    _override(change, command.override)
    change.case.withdrawal_pending = False


# --- R-IM ----------------------------------------------------------------------------------------


def _measure(change: Change, measure_id: str) -> InterimMeasure:
    from safecase.core.errors import NotFound

    for measure in change.case.interim_measures:
        if measure.id == measure_id:
            return measure
    raise NotFound("interim measure")


@effect(c.ImposeInterimMeasure)
def _impose(change: Change, command: c.ImposeInterimMeasure) -> None:
    assert command.next_review_at is not None
    measure = InterimMeasure(
        type=command.type,
        scope=command.scope,
        reason=command.reason,
        authority="DSL_EMERGENCY" if command.emergency else "CMG",
        cmg_decision_id=command.cmg_decision_id,
        ratify_by=command.ratify_by,
        imposed_at=change.now,
        next_review_at=command.next_review_at,
        notify_plan=command.notify_plan,
        direction_ref=command.direction_ref,
    )
    change.case.interim_measures.append(measure)
    change.payload = {
        "measure_id": measure.id,
        "type": measure.type,
        "next_review_at": measure.next_review_at.isoformat(),
    }


@effect(c.ReviewInterimMeasure)
def _review(change: Change, command: c.ReviewInterimMeasure) -> None:
    measure = _measure(change, command.measure_id)
    measure.reviews.append(
        InterimReview(
            reviewed_at=command.reviewed_at,
            outcome=command.outcome,
            next_review_at=command.next_review_at,
            cmg_decision_id=command.cmg_decision_id,
        )
    )
    measure.next_review_at = command.next_review_at
    change.payload = {
        "measure_id": measure.id,
        "next_review_at": command.next_review_at.isoformat(),
    }


@effect(c.VaryInterimMeasure)
def _vary(change: Change, command: c.VaryInterimMeasure) -> None:
    _measure(change, command.measure_id).scope = command.scope
    change.payload = {"measure_id": command.measure_id}


@effect(c.LiftInterimMeasure)
def _lift(change: Change, command: c.LiftInterimMeasure) -> None:
    measure = _measure(change, command.measure_id)
    measure.state = InterimState.IM_LIFTED
    measure.ended_at = change.now
    measure.end_reason = command.rationale
    change.payload = {"measure_id": measure.id}


@effect(c.RatifyInterimMeasure)
def _ratify(change: Change, command: c.RatifyInterimMeasure) -> None:
    measure = _measure(change, command.measure_id)
    measure.ratified_at = change.now
    measure.cmg_decision_id = command.cmg_decision_id
    change.payload = {"measure_id": measure.id}


@effect(c.SweepDeadlines)
def _sweep(change: Change, command: c.SweepDeadlines) -> None:
    from safecase.core.deadlines import deadlines_of

    overdue = [d for d in deadlines_of(change.case, change.rule_set, change.now) if d.overdue]
    for deadline in overdue:
        change.emit(
            "D1",
            "DeadlineOverdue",
            kind=deadline.kind.value,
            subject=deadline.subject,
            due_at=deadline.due_at.isoformat(),
        )
    change.payload = {"overdue": len(overdue)}


@effect(c.InterimReviewOverdue)
def _overdue(change: Change, command: c.InterimReviewOverdue) -> None:
    interim = change.rule_set.interim
    overdue = []
    for measure in change.case.interim_in_force():
        if measure.ratify_by and measure.ratified_at is None and change.now > measure.ratify_by:
            measure.state, measure.ended_at = InterimState.IM_LAPSED, change.now
            change.emit("I6", "InterimMeasureLapsed", measure_id=measure.id, reason="not ratified")
        elif measure.overdue(change.now):
            overdue.append(measure.id)
            if interim.auto_lapse_on_overdue:
                measure.state, measure.ended_at = InterimState.IM_LAPSED, change.now
    change.payload = {"overdue": overdue}


# --- R-AG ----------------------------------------------------------------------------------------


def _referral(change: Change, referral_id: str) -> Referral:
    from safecase.core.errors import NotFound

    for referral in change.case.referrals:
        if referral.id == referral_id:
            return referral
    raise NotFound("referral")


@effect(c.RecordReferralMade)
def _made(change: Change, command: c.RecordReferralMade) -> None:
    referral = _referral(change, command.referral_id)
    referral.status, referral.made_at = ReferralStatus.MADE, command.made_at
    referral.made_by = change.ctx.actor.person_id
    referral.reference, referral.officer = command.reference, command.officer
    referral.hold_requested = command.hold_requested
    change.payload = {"referral_id": referral.id, "check_id": referral.check_id}


@effect(c.RecordConsultedNotRequired)
def _not_required(change: Change, command: c.RecordConsultedNotRequired) -> None:
    referral = _referral(change, command.referral_id)
    referral.status = ReferralStatus.CONSULTED_NOT_REQUIRED
    referral.officer, referral.not_required_reason = command.officer, command.advice
    change.payload = {"referral_id": referral.id}


@effect(c.RecordAgencyConsent)
def _agency_consent(change: Change, command: c.RecordAgencyConsent) -> None:
    referral = _referral(change, command.referral_id)
    referral.consents.append(
        AgencyConsent(
            scopes=command.scopes,
            officer=command.officer,
            method=command.method,
            note=command.note,
            given_at=change.now,
            limited_to_templates=command.limited_to_templates,
        )
    )
    if ConsentScope.INTERNAL_INVESTIGATION in command.scopes:
        referral.status = ReferralStatus.CONSENT_TO_PARALLEL
    change.payload = {"referral_id": referral.id, "scopes": sorted(s.value for s in command.scopes)}


# --- R-CS ----------------------------------------------------------------------------------------


@effect(c.RecordConsent)
def _record_consent(change: Change, command: c.RecordConsent) -> None:
    record = _consent(change, ConsentPurpose(command.purpose), command.consent)
    change.payload = {"consent_id": record.id, "purpose": command.purpose}


@effect(c.WithdrawConsent)
def _withdraw_consent(change: Change, command: c.WithdrawConsent) -> None:
    from safecase.core.guards.withdrawal import protective_withdrawal

    case = change.case
    purpose = ConsentPurpose(command.purpose)
    for record in case.consents:
        if record.purpose is purpose and record.active(change.now):
            record.withdrawn_at = change.now
    if purpose is ConsentPurpose.FORMAL_PROCESS and protective_withdrawal(change.ctx):
        case.withdrawal_pending = True
    if purpose is ConsentPurpose.ADVISORY_SHARE:
        for share in case.live_shares():
            _end_share(share, ShareState.AS_REVOKED, change.now)
            change.emit("A4", "AdvisoryShareRevoked", share_id=share.id, automatic=True)
    change.payload = {"purpose": command.purpose, "decision_required": case.withdrawal_pending}


# --- R-AS ----------------------------------------------------------------------------------------


def _end_share(share: AdvisoryShare, state: ShareState, now: datetime) -> None:
    """Revocation or expiry destroys the packet key: nothing of the packet stays readable (G15)."""
    share.state, share.ended_at, share.key_destroyed = state, now, True
    share.packet = None


@effect(c.StartAdvisoryRequest)
def _start_share(change: Change, command: c.StartAdvisoryRequest) -> None:
    share = AdvisoryShare(question=command.question, started_at=change.now)
    change.case.shares.append(share)
    change.payload = {"share_id": share.id}


@effect(c.PublishAdvisoryPacket)
def _publish(change: Change, command: c.PublishAdvisoryPacket) -> None:
    share = change.case.current_share()
    assert share is not None
    share.packet = change.ctx.derived["packet"]
    share.members, share.expires_at = command.members, command.expires_at
    share.state, share.published_at = ShareState.AS_SHARED, change.now
    change.payload = {
        "share_id": share.id,
        "packet_id": share.packet.packet_id if share.packet else None,
        "members": list(command.members),
        "expires_at": command.expires_at.isoformat(),
    }


@effect(c.SubmitAdvisoryOpinion)
def _opinion(change: Change, command: c.SubmitAdvisoryOpinion) -> None:
    share = change.case.current_share()
    assert share is not None
    opinion = AdvisoryOpinion(
        member_id=change.ctx.actor.person_id, text=command.text, submitted_at=change.now
    )
    share.opinions.append(opinion)
    share.state = ShareState.AS_ADVICE_RECEIVED
    change.payload = {"share_id": share.id, "opinion_id": opinion.id}


@effect(c.RevokeShare)
def _revoke(change: Change, command: c.RevokeShare) -> None:
    for share in change.case.live_shares():
        _end_share(share, ShareState.AS_REVOKED, change.now)
        change.payload = {"share_id": share.id}


@effect(c.ExpireShare)
def _expire(change: Change, command: c.ExpireShare) -> None:
    for share in change.case.live_shares():
        if share.expires_at is not None and change.now >= share.expires_at:
            _end_share(share, ShareState.AS_EXPIRED, change.now)
            change.payload = {"share_id": share.id}


# --- guarded commands without a change of main state ---------------------------------------------


@effect(c.NotifyRespondent)
def _notify_respondent(change: Change, command: c.NotifyRespondent) -> None:
    change.case.respondent_notified_at = change.now
    change.payload = {"template": command.template}


EFFECTS["message_respondent"] = EFFECTS["notify_respondent"]


@effect(c.GrantRespondentPortalAccess)
def _portal(change: Change, command: c.GrantRespondentPortalAccess) -> None:
    change.case.respondent_portal = True


@effect(c.ScheduleInterview)
def _interview(change: Change, command: c.ScheduleInterview) -> None:
    investigation = change.case.investigation
    assert investigation is not None
    interview = Interview(
        person_id=command.person_id,
        scheduled_at=command.scheduled_at,
        method=command.method,
        appropriate_adult=command.appropriate_adult,
    )
    investigation.interviews.append(interview)
    change.payload = {"interview_id": interview.id, "person_id": command.person_id}


@effect(c.AddEvidence)
def _evidence(change: Change, command: c.AddEvidence) -> None:
    item = EvidenceItem(
        kind=command.kind,
        description=command.description,
        added_by=change.ctx.actor.person_id,
        added_at=change.now,
        scanned_clean=command.scanned_clean,
        sha256=command.sha256,
    )
    change.case.evidence.append(item)
    if change.case.investigation is not None:
        change.case.investigation.evidence.append(item)
    change.payload = {"evidence_id": item.id, "kind": command.kind}


@effect(c.SignCoiDeclaration)
def _declare(change: Change, command: c.SignCoiDeclaration) -> None:
    case = change.case
    case.coi_declarations = [d for d in case.coi_declarations if d.person_id != command.person_id]
    case.coi_declarations.append(
        CoiDeclaration(
            person_id=command.person_id,
            signed_at=change.now,
            declared_conflicts=command.declared_conflicts,
            waived_soft_conflicts=command.waive_soft_conflicts,
            waiver_reason=command.waiver_reason,
        )
    )
    change.payload = {
        "person_id": command.person_id,
        "conflicts_declared": len(command.declared_conflicts),
    }


@effect(c.AssignRole)
def _assign(change: Change, command: c.AssignRole) -> None:
    change.case.assignments.append(
        Assignment(person_id=command.person_id, role=command.role, since=change.now)
    )
    change.payload = {"person_id": command.person_id, "role": command.role.value}


@effect(c.AssignCaseOwner)
def _owner(change: Change, command: c.AssignCaseOwner) -> None:
    case = change.case
    previous = case.owner_id
    for assignment in case.assignments:
        if (
            assignment.role is Role.DSL
            and assignment.person_id == previous
            and assignment.until is None
        ):
            assignment.until = change.now
    case.owner_id = command.person_id
    case.assignments.append(
        Assignment(person_id=command.person_id, role=Role.DSL, since=change.now)
    )
    change.payload = {"owner_id": command.person_id, "previous_owner_id": previous}


@effect(c.RecordCmgDecision)
def _cmg(change: Change, command: c.RecordCmgDecision) -> None:
    decision = CmgDecision(
        subject=command.subject,
        members_present=command.members_present,
        vote_outcome=command.vote_outcome,
        decided_at=change.now,
    )
    change.case.cmg_decisions.append(decision)
    change.payload = {"cmg_decision_id": decision.id, "subject": command.subject[:120]}


@effect(c.RevealIdentity)
def _reveal(change: Change, command: c.RevealIdentity) -> None:
    change.case.parties.append(Party(person_id=command.person_id, role=PartyRole.REPORTER))
    change.payload = {"person_id": command.person_id}


EFFECTS["attach_reporter_identity"] = EFFECTS["reveal_identity"]


@effect(c.DeleteCaseData)
def _delete(change: Change, command: c.DeleteCaseData) -> None:
    case = change.case
    case.narrative = ""
    case.deleted_at = change.now
    change.payload = {"deleted": True}


@effect(c.PlaceLegalHold)
def _hold(change: Change, command: c.PlaceLegalHold) -> None:
    change.case.legal_hold = True


@effect(c.BreakGlassRead)
def _break_glass(change: Change, command: c.BreakGlassRead) -> None:
    change.payload = {"reader_id": change.ctx.actor.person_id}


missing = set(c.COMMANDS) - set(EFFECTS)
if missing:  # pragma: no cover - a command without an effect is a programming error
    raise RuntimeError(f"commands without an effect: {sorted(missing)}")
