"""Proto -> domain: each request becomes one command of DOMAIN.md §1 with its data.

Only the shape changes here: enum names, timestamps, resource names to ids, field names. An
empty string is "not set" (proto3), so the command's own default or "Field required" applies;
what is allowed is the lifecycle's decision. A violation found by the command's validation is
reported under the request's field name (:meth:`Call.translate`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from google.protobuf import json_format
from google.protobuf.message import Message

from safecase.intake.v1 import intake_service_pb2 as pb
from safecase.intake.v1 import resources_pb2 as res
from safecase.services.common.request_mapping import (
    Call,
    Checker,
    compact,
    optional,
)

__all__ = [
    "CLOSURES",
    "MAPPERS",
    "Call",
    "Checker",
    "arguments",
    "expertise",
    "publish_share",
    "submit_report",
]


# --- reports ----------------------------------------------------------------------------------


def submit_report(request: pb.SubmitReportRequest) -> Call:
    check = Checker()
    intake = check.enum("intake_type", res.IntakeType, request.intake_type, required=True)
    kind = check.enum("kind", res.ReportKind, request.kind) or "REPORT"
    parties = [
        compact(
            person_id=optional(p.person),
            role=check.enum(f"parties[{i}].role", res.PartyRole, p.role, required=True),
            position_of_trust=p.position_of_trust,
        )
        for i, p in enumerate(request.parties)
    ]
    data = compact(
        kind=kind,
        anonymous=request.anonymous,
        narrative=optional(request.narrative),
        parties=parties,
        categories=list(request.categories),
        came_to_attention_at=check.time(request, "attention_time"),
        incident_date=check.time(request, "incident_time"),
    )
    check.done()
    command = "submit_disclosure" if intake == "DISCLOSURE" else "submit_report"
    renames = {
        "came_to_attention_at": "attention_time",
        "incident_date": "incident_time",
        "person_id": "person",
    }
    return Call(command, data, renames)


# --- case steps ---------------------------------------------------------------------------


def _override(check: Checker, override: res.MandatoryReportingOverride) -> dict[str, Any]:
    return compact(
        reason=optional(override.reason),
        legal_basis=optional(override.legal_basis),
        complainant_informed_at=check.time(
            override, "complainant_inform_time", "override.complainant_inform_time"
        ),
        complainant_not_informed_reason=optional(override.complainant_not_informed_reason),
    )


_OVERRIDE_RENAMES = {"complainant_informed_at": "complainant_inform_time"}


def convert_disclosure(request: pb.ConvertDisclosureRequest, **_: Any) -> Call:
    check = Checker()
    check.require(request.HasField("consent"), "consent")
    given = request.consent
    consent = compact(
        subject_person_id=optional(given.subject_person),
        given_by=check.enum("consent.given_by", res.ConsentGiver, given.given_by),
        given_by_person_id=optional(given.given_by_person),
        method=optional(given.method),
        evidence_ref=optional(given.evidence_ref),
        expires_at=check.time(given, "expire_time", "consent.expire_time"),
        child_views=optional(given.child_views),
    )
    check.done()
    renames = {
        "subject_person_id": "subject_person",
        "given_by_person_id": "given_by_person",
        "expires_at": "expire_time",
    }
    return Call("convert_to_formal_report", {"consent": consent}, renames)


def triage_case(request: pb.TriageCaseRequest, **_: Any) -> Call:
    check = Checker()
    override = _override(check, request.override) if request.HasField("override") else None
    check.done()
    data = compact(
        categories=list(request.categories),
        proposed_severity=optional(request.severity),
        route=optional(request.route),
        level=optional(request.level),
        statutory_answers=dict(request.statutory_answers),
        rationale=optional(request.rationale),
        decided_by=list(request.decided_by),
        cmg_decision_id=optional(request.cmg_decision),
        aggravating_factors=list(request.aggravating_factors),
        mitigating_factors=list(request.mitigating_factors),
        override=override,
    )
    command = "triage_under_override" if override is not None else "record_triage"
    renames = {
        "proposed_severity": "severity",
        "cmg_decision_id": "cmg_decision",
        **_OVERRIDE_RENAMES,
    }
    return Call(command, data, renames)


def assign_case_manager(request: pb.AssignCaseManagerRequest, **_: Any) -> Call:
    data = compact(person_id=optional(request.case_manager))
    return Call("assign_case_owner", data, {"person_id": "case_manager"})


def refer_to_agency(request: pb.ReferToAgencyRequest, **_: Any) -> Call:
    check = Checker()
    override = _override(check, request.override) if request.HasField("override") else None
    check.done()
    data = compact(
        agency=optional(request.agency),
        check_id=optional(request.check_id),
        reference=optional(request.reference),
        officer=optional(request.officer),
        hold_requested=request.hold_requested,
        override=override,
    )
    return Call("refer_to_agency", data, _OVERRIDE_RENAMES)


def record_agency_consent(
    request: pb.RecordAgencyConsentRequest, *, referral_id: str, **_: Any
) -> Call:
    check = Checker()
    scopes = [
        check.enum(f"scopes[{i}]", res.AgencyConsentScope, scope, required=True)
        for i, scope in enumerate(request.scopes)
    ]
    method = check.enum("method", res.ContactMethod, request.method, required=True)
    check.done()
    data = compact(
        referral_id=referral_id,
        scopes=scopes,
        officer=optional(request.officer),
        method=method,
        note=optional(request.note),
        limited_to_templates=list(request.limited_to_templates),
    )
    return Call("record_agency_consent", data, {"referral_id": "referral"})


def record_agency_release(
    request: pb.RecordAgencyReleaseRequest, *, referral_id: str, **_: Any
) -> Call:
    check = Checker()
    kind = check.enum("type", res.AgencyReleaseType, request.type, required=True)
    check.done()
    data = compact(
        referral_id=referral_id,
        type=kind,
        officer=optional(request.officer),
        outcome_text=optional(request.outcome_text),
    )
    return Call("record_agency_release", data, {"referral_id": "referral"})


def open_investigation(request: pb.OpenInvestigationRequest, **_: Any) -> Call:
    data = compact(
        investigator_id=optional(request.investigator),
        terms_of_reference=list(request.terms_of_reference),
        plan=optional(request.plan),
    )
    command = "open_parallel_investigation" if request.parallel else "open_investigation"
    return Call(command, data, {"investigator_id": "investigator"})


def schedule_interview(request: pb.ScheduleInterviewRequest, **_: Any) -> Call:
    check = Checker()
    when = check.time(request, "schedule_time")
    check.done()
    data = compact(
        person_id=optional(request.person),
        scheduled_at=when,
        method=optional(request.method),
        appropriate_adult=optional(request.appropriate_adult),
    )
    return Call(
        "schedule_interview", data, {"person_id": "person", "scheduled_at": "schedule_time"}
    )


def add_evidence(request: pb.AddEvidenceRequest, **_: Any) -> Call:
    check = Checker()
    check.require(request.HasField("evidence"), "evidence")
    check.done()
    item = request.evidence
    data = compact(
        kind=optional(item.kind),
        description=optional(item.description),
        scanned_clean=item.scanned_clean,
        sha256=optional(item.sha256),
    )
    return Call("add_evidence", data, prefix="evidence.")


def submit_investigation_report(request: pb.SubmitInvestigationReportRequest, **_: Any) -> Call:
    check = Checker()
    conclusion = check.enum("conclusion", res.Conclusion, request.conclusion, required=True)
    check.done()
    data = compact(
        conclusion=conclusion,
        terms_of_reference_id=optional(request.terms_of_reference_id),
        tor_answers=[
            compact(item_id=optional(a.item_id), addressed=a.addressed, reason=optional(a.reason))
            for a in request.terms_of_reference_answers
        ],
        evidence_index=list(request.evidence_index),
        persons_interviewed=list(request.persons_interviewed),
        child_voice=optional(request.child_voice),
        summary=optional(request.summary),
        agency_referral_recommended=request.agency_referral_recommended,
    )
    return Call("submit_investigation_report", data, {"tor_answers": "terms_of_reference_answers"})


def commission_risk_assessment(request: pb.CommissionRiskAssessmentRequest, **_: Any) -> Call:
    check = Checker()
    kind = check.enum("kind", res.RiskAssessmentKind, request.kind)
    check.done()
    renames = {"assessor_id": "assessor", "cmg_decision_id": "cmg_decision"}
    if kind == "RETURN_TO_SPORT":
        return Call(
            "commission_return_assessment", compact(assessor_id=optional(request.assessor)), renames
        )
    data = compact(
        assessor_id=optional(request.assessor), cmg_decision_id=optional(request.cmg_decision)
    )
    return Call("commission_risk_assessment", data, renames)


def complete_risk_assessment(request: pb.CompleteRiskAssessmentRequest, **_: Any) -> Call:
    check = Checker()
    kind = check.enum("kind", res.RiskAssessmentKind, request.kind)
    outcome = check.enum("outcome", res.RiskOutcome, request.outcome, required=True)
    check.done()
    data = compact(
        kind=kind,
        nature_of_behaviour=optional(request.nature_of_behaviour),
        impact=optional(request.impact),
        likelihood_of_recurrence=optional(request.likelihood_of_recurrence),
        circumstances_of_recurrence=optional(request.circumstances_of_recurrence),
        static_factors=list(request.static_factors),
        dynamic_factors=list(request.dynamic_factors),
        outcome=outcome,
    )
    return Call("complete_risk_assessment", data)


def impose_interim_measure(request: pb.ImposeInterimMeasureRequest, **_: Any) -> Call:
    check = Checker()
    data = compact(
        type=optional(request.type),
        scope=optional(request.scope),
        reason=optional(request.reason),
        cmg_decision_id=optional(request.cmg_decision),
        emergency=request.emergency,
        ratify_by=check.time(request, "ratify_by_time"),
        next_review_at=check.time(request, "next_review_time"),
        notify_plan=optional(request.notify_plan),
        direction_ref=optional(request.direction_ref),
    )
    check.done()
    renames = {
        "cmg_decision_id": "cmg_decision",
        "ratify_by": "ratify_by_time",
        "next_review_at": "next_review_time",
    }
    return Call("impose_interim_measure", data, renames)


def review_interim_measure(
    request: pb.ReviewInterimMeasureRequest, *, measure_id: str, now: datetime, **_: Any
) -> Call:
    check = Checker()
    outcome = check.enum("outcome", res.InterimReviewOutcome, request.outcome, required=True)
    reviewed = check.time(request, "review_time") or now.isoformat()
    next_review = check.time(request, "next_review_time")
    check.require(request.HasField("next_review_time"), "next_review_time")
    check.done()
    data = compact(
        measure_id=measure_id,
        outcome=outcome,
        reviewed_at=reviewed,
        next_review_at=next_review,
        cmg_decision_id=optional(request.cmg_decision),
    )
    renames = {
        "measure_id": "interim_measure",
        "reviewed_at": "review_time",
        "next_review_at": "next_review_time",
        "cmg_decision_id": "cmg_decision",
    }
    return Call("review_interim_measure", data, renames)


# CaseClosure -> the DOMAIN command (WITHDRAWN depends on the state, see close_case).
CLOSURES: Mapping[str, str] = {
    "NO_FURTHER_ACTION": "no_further_action",
    "DISCLOSURE_ONLY": "close_disclosure",
    "RESOLVED_INFORMALLY": "record_resolution_outcome",
    "SANCTION_COMPLETED": "close_case",
    "MONITORING_COMPLETED": "complete_monitoring",
    "WITHDRAWN": "withdraw_and_close",
    "EXTERNAL_OUTCOME": "record_external_outcome",
}


def close_case(request: pb.CloseCaseRequest, *, state: str | None = None, **_: Any) -> Call:
    """``state`` is the case's current state: a withdrawal before triage is ``withdraw_report``."""
    check = Checker()
    closure = check.enum("closure", res.CaseClosure, request.closure, required=True)
    check.done()
    assert closure is not None
    decision = compact(rationale=optional(request.rationale), decided_by=list(request.decided_by))
    if closure == "WITHDRAWN" and state == "RECEIVED_REPORT":
        return Call(
            "withdraw_report", compact(reason=optional(request.rationale)), {"reason": "rationale"}
        )
    extras: dict[str, dict[str, Any]] = {
        "DISCLOSURE_ONLY": {"mandatory_reporting_assessed": request.mandatory_reporting_assessed},
        "RESOLVED_INFORMALLY": {"outcomes": list(request.outcomes)},
        "SANCTION_COMPLETED": compact(
            pvg_grounds_not_met_rationale=optional(request.pvg_grounds_not_met_rationale)
        ),
        "MONITORING_COMPLETED": {"returning_to_role": request.returning_to_role},
        "EXTERNAL_OUTCOME": compact(outcome=optional(request.external_outcome)),
    }
    extra = extras.get(closure, {})
    return Call(CLOSURES[closure], {**decision, **extra}, {"outcome": "external_outcome"})


# --- consent and advisory shares (R-CS, R-AS) ---------------------------------------------------

_CONSENT_RENAMES = {
    "subject_person_id": "subject_person",
    "given_by_person_id": "given_by_person",
    "expires_at": "expire_time",
}


def record_consent(request: pb.RecordConsentRequest, **_: Any) -> Call:
    check = Checker()
    purpose = check.enum("purpose", res.ConsentPurpose, request.purpose, required=True)
    check.require(request.HasField("consent"), "consent")
    given = request.consent
    consent = compact(
        subject_person_id=optional(given.subject_person),
        given_by=check.enum("consent.given_by", res.ConsentGiver, given.given_by),
        given_by_person_id=optional(given.given_by_person),
        method=optional(given.method),
        evidence_ref=optional(given.evidence_ref),
        expires_at=check.time(given, "expire_time", "consent.expire_time"),
        child_views=optional(given.child_views),
    )
    check.done()
    return Call("record_consent", {"purpose": purpose, "consent": consent}, _CONSENT_RENAMES)


def withdraw_consent(request: pb.WithdrawConsentRequest, **_: Any) -> Call:
    check = Checker()
    purpose = check.enum("purpose", res.ConsentPurpose, request.purpose, required=True)
    check.done()
    return Call("withdraw_consent", {"purpose": purpose})


def start_advisory_request(request: pb.StartAdvisoryRequestRequest, **_: Any) -> Call:
    return Call("start_advisory_request", compact(question=optional(request.question)))


def expertise(check: Checker, values: Iterable[int]) -> tuple[str, ...]:
    """The areas of expertise asked for, as the codes the share document carries."""
    found = [
        check.enum(f"expertise[{i}]", res.ExpertiseArea, v, required=True)
        for i, v in enumerate(values)
    ]
    return tuple(dict.fromkeys(a for a in found if a))


def publish_share(request: pb.PublishShareRequest | pb.PreviewShareRequest, **_: Any) -> Call:
    """A2 ``publish_advisory_packet`` (``PreviewShare`` maps the same fields)."""
    check = Checker()
    expires = check.time(request, "expire_time")
    check.require(request.HasField("expire_time"), "expire_time")
    expertise(check, request.expertise)
    check.done()
    data = compact(
        members=list(request.members),
        expires_at=expires,
        summary=optional(request.summary),
        chronology=optional(request.chronology),
        options_under_consideration=optional(request.options_under_consideration),
    )
    return Call("publish_advisory_packet", data, {"expires_at": "expire_time"})


def revoke_share(request: pb.RevokeShareRequest, **_: Any) -> Call:
    return Call("revoke_share", compact(reason=optional(request.reason)))


def arguments(request: pb.RunCaseCommandRequest) -> Call:
    """``RunCaseCommand``: the command by its DOMAIN name, arguments from the Struct."""
    data: dict[str, Any] = json_format.MessageToDict(request.arguments)
    return Call(request.command, data, prefix="arguments.")


# The typed steps: request type -> mapper (keyword arguments: referral_id, measure_id, now,
# state, as each needs).
MAPPERS: Mapping[type[Message], Callable[..., Call]] = {
    pb.ConvertDisclosureRequest: convert_disclosure,
    pb.TriageCaseRequest: triage_case,
    pb.AssignCaseManagerRequest: assign_case_manager,
    pb.ReferToAgencyRequest: refer_to_agency,
    pb.RecordAgencyConsentRequest: record_agency_consent,
    pb.RecordAgencyReleaseRequest: record_agency_release,
    pb.OpenInvestigationRequest: open_investigation,
    pb.ScheduleInterviewRequest: schedule_interview,
    pb.AddEvidenceRequest: add_evidence,
    pb.SubmitInvestigationReportRequest: submit_investigation_report,
    pb.CommissionRiskAssessmentRequest: commission_risk_assessment,
    pb.CompleteRiskAssessmentRequest: complete_risk_assessment,
    pb.ImposeInterimMeasureRequest: impose_interim_measure,
    pb.ReviewInterimMeasureRequest: review_interim_measure,
    pb.CloseCaseRequest: close_case,
    pb.RecordConsentRequest: record_consent,
    pb.WithdrawConsentRequest: withdraw_consent,
    pb.StartAdvisoryRequestRequest: start_advisory_request,
    pb.PublishShareRequest: publish_share,
    pb.RevokeShareRequest: revoke_share,
}


def states(check: Checker, values: Iterable[int]) -> frozenset[str]:
    """``ListCasesRequest.states`` as domain state names."""
    found = {check.enum(f"states[{i}]", res.CaseState, v) for i, v in enumerate(values)}
    return frozenset(s for s in found if s)
