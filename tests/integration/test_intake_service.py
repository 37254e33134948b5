"""The intake gRPC service over a real channel, on SQLite and PostgreSQL.

The ``intake`` fixture (conftest.py) serves a migrated organisation instance on 127.0.0.1:0
with a clock the tests move; every call has a deadline. Anonymous reporters use only their
receipt; staff use bearer tokens of their organisation; refusals arrive as
``google.rpc.Status`` carrying the core's refusal code.
"""

from __future__ import annotations

import re

import grpc
import pytest
from argon2 import PasswordHasher
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from safecase.core.persistence.schema import ReceiptRow
from safecase.core.states import Role
from safecase.core.testing.scenario import SHORT_RATIONALE
from safecase.intake.v1 import intake_service_pb2 as pb
from safecase.intake.v1 import resources_pb2 as res
from safecase.services.intake import receipts
from safecase.services.intake.servicer import PUBLIC_METHODS, SERVICE_NAME

TIMEOUT = 20
PARENT = "organizations/org-a"
GROUP = "[0-9A-HJKMNP-TV-Z]"  # Crockford base32
CODE = re.compile(rf"{GROUP}{{5}}(-{GROUP}{{5}}){{3}}-{GROUP}{{6}}")
DENIED = (grpc.StatusCode.PERMISSION_DENIED, "E_G28_ACCESS_DENIED")

# Anonymous reports and their receipts ------------------------------------------------------------


def test_an_anonymous_report_gives_a_receipt_that_is_stored_only_as_hashes(intake) -> None:
    receipt = intake.anonymous_report()

    assert CODE.fullmatch(receipt.receipt_code)
    assert CODE.fullmatch(receipt.receipt_secret)
    assert receipt.receipt_code != receipt.receipt_secret
    shown = receipt.case  # a public caller learns the state and the time only
    assert (shown.name, shown.owner, shown.state) == ("", "", res.CASE_STATE_RECEIVED_REPORT)
    assert shown.HasField("create_time")
    with Session(intake.instance.engine) as session:
        (row,) = session.scalars(select(ReceiptRow)).all()
        raw = " ".join(
            str(r)
            for table in ("receipts", "cases", "outbox", "audit_log")
            for r in session.execute(text(f"SELECT * FROM {table}"))
        )
    code = receipts.normalise(receipt.receipt_code)
    secret = receipts.normalise(receipt.receipt_secret)
    assert code is not None
    assert secret is not None
    assert row.code_hash == receipts.code_hash(code)
    assert row.secret_hash.startswith("$argon2id$")
    assert PasswordHasher().verify(row.secret_hash, secret)
    for kept_secret in (code, secret, receipt.receipt_code, receipt.receipt_secret, "Zebulon"):
        assert kept_secret not in raw

    request = intake.receipt_request(pb.GetReceiptStatusRequest, receipt)
    request.receipt_code = receipt.receipt_code.lower().replace("-", " ")  # typed loosely
    status = intake.stub.GetReceiptStatus(request, timeout=TIMEOUT).status
    assert (status.receipt_code, status.stage, status.label) == (
        receipt.receipt_code,
        res.REPORT_STAGE_RECEIVED,
        "received",
    )


def test_reporter_and_case_manager_exchange_messages_with_the_receipt_only(intake) -> None:
    receipt, cast = intake.anonymous_report(), intake.cast
    listing = pb.ListCasesRequest(parent=PARENT)
    (listed,) = intake.call("ListCases", listing, cast.admin, Role.ADMIN).cases
    assign = pb.AssignCaseManagerRequest(name=listed.name, case_manager=cast.dsl.id)
    case = intake.call("AssignCaseManager", assign, cast.admin, Role.ADMIN).case
    assert case.owner == cast.dsl.id

    question = "Thank you. Which training session was it?"
    send = pb.SendMessageToReporterRequest(name=case.name, text=question)
    sent = intake.call("SendMessageToReporter", send, cast.dsl).message
    assert sent.name.startswith(f"{case.name}/messages/")
    assert sent.sender == cast.dsl.id

    def status() -> res.ReceiptStatus:
        request = intake.receipt_request(pb.GetReceiptStatusRequest, receipt)
        return intake.stub.GetReceiptStatus(request, timeout=TIMEOUT).status

    assert status().unread_message_count == 1
    request = intake.receipt_request(pb.ListReceiptMessagesRequest, receipt)
    inbox = intake.stub.ListReceiptMessages(request, timeout=TIMEOUT).messages
    assert [(m.direction, m.text, m.name, m.sender) for m in inbox] == [
        (res.MESSAGE_DIRECTION_TO_REPORTER, question, "", "")
    ]
    assert inbox[0].HasField("read_time")
    assert status().unread_message_count == 0

    answer = "The Tuesday evening session."
    request = intake.receipt_request(pb.SendReceiptMessageRequest, receipt, text=answer)
    reply = intake.stub.SendReceiptMessage(request, timeout=TIMEOUT).message
    assert (reply.name, reply.direction) == ("", res.MESSAGE_DIRECTION_FROM_REPORTER)
    more = "Two other swimmers saw it."
    request = intake.receipt_request(pb.AddReceiptInformationRequest, receipt, information=more)
    intake.stub.AddReceiptInformation(request, timeout=TIMEOUT)

    listing = pb.ListMessagesRequest(parent=case.name)
    thread = intake.call("ListMessages", listing, cast.dsl).messages
    assert [(m.direction, m.text, m.sender) for m in thread] == [
        (res.MESSAGE_DIRECTION_TO_REPORTER, question, cast.dsl.id),
        (res.MESSAGE_DIRECTION_FROM_REPORTER, answer, ""),  # the reporter is never identified
        (res.MESSAGE_DIRECTION_FROM_REPORTER, more, ""),
    ]
    with Session(intake.instance.engine) as session:
        raw = " ".join(str(r) for r in session.execute(text("SELECT * FROM messages")))
    assert "Tuesday" not in raw  # sealed under the case's data key
    assert "swimmers" not in raw
    with pytest.raises(grpc.RpcError) as denied:  # not on the case team
        intake.call("ListMessages", listing, cast.investigator, Role.INV)
    assert intake.refusal(denied)[:2] == DENIED


def test_a_wrong_secret_and_an_unknown_code_give_the_same_not_found(intake) -> None:
    receipt = intake.anonymous_report()
    other = receipts.format_code("0" * 26)
    wrong_secret = intake.receipt_request(pb.GetReceiptStatusRequest, receipt)
    wrong_secret.receipt_secret = other
    unknown_code = intake.receipt_request(pb.GetReceiptStatusRequest, receipt)
    unknown_code.receipt_code = other
    other_organisation = intake.receipt_request(pb.GetReceiptStatusRequest, receipt)
    other_organisation.parent = "organizations/org-b"

    outcomes = []
    for request in (wrong_secret, unknown_code, other_organisation):
        with pytest.raises(grpc.RpcError) as failed:
            intake.stub.GetReceiptStatus(request, timeout=TIMEOUT)
        outcomes.append((*intake.refusal(failed), failed.value.details()))
    assert outcomes[0][:2] == (grpc.StatusCode.NOT_FOUND, "E_NOT_FOUND")
    assert outcomes[0] == outcomes[1] == outcomes[2]


def test_more_than_ten_failed_look_ups_an_hour_are_throttled(intake) -> None:
    receipt = intake.anonymous_report()
    wrong = intake.receipt_request(pb.ListReceiptMessagesRequest, receipt)
    wrong.receipt_secret = receipts.format_code("1" * 26)
    for _ in range(receipts.MAX_FAILURES):
        with pytest.raises(grpc.RpcError) as failed:
            intake.stub.ListReceiptMessages(wrong, timeout=TIMEOUT)
        assert intake.refusal(failed)[0] == grpc.StatusCode.NOT_FOUND

    right = intake.receipt_request(pb.GetReceiptStatusRequest, receipt)
    with pytest.raises(grpc.RpcError) as throttled:  # even the right secret, from this source
        intake.stub.GetReceiptStatus(right, timeout=TIMEOUT)
    assert intake.refusal(throttled)[:2] == (grpc.StatusCode.RESOURCE_EXHAUSTED, "E_G14_THROTTLED")

    intake.scenario.clock.advance(hours=1, minutes=1)
    assert intake.stub.GetReceiptStatus(right, timeout=TIMEOUT).status.label == "received"


# The case team's steps ---------------------------------------------------------------------------


def test_a_case_goes_from_triage_through_an_agency_hold_to_an_overdue_interim_review(
    intake,
) -> None:
    s, cast = intake.scenario, intake.cast
    dsl, inv, cmg = cast.dsl, cast.investigator, cast.cmg[0]
    category = s.category(statutory=True)
    case = intake.named_case(category)
    name = case.name
    assert case.owner == dsl.id
    checks = s.rule_set.checks_for(frozenset([category]))
    triage = pb.TriageCaseRequest(
        name=name,
        etag=case.etag,
        categories=[category],
        severity=s.hearing_severity(category),
        statutory_answers={c.id: True for c in checks},
        rationale=SHORT_RATIONALE,
        decided_by=[dsl.id],
    )
    case = intake.call("TriageCase", triage, dsl).case
    (due,) = case.referrals
    assert (case.state, due.status) == (res.CASE_STATE_TRIAGED, res.REFERRAL_STATUS_DUE)
    assert case.deadlines[0].kind == "AGENCY_REFERRAL"

    refer = pb.ReferToAgencyRequest(
        name=name,
        agency=due.agency,
        check_id=checks[0].id,
        reference="POL-1",
        officer="PC Smith",
        hold_requested=True,
    )
    referred = intake.call("ReferToAgency", refer, dsl)
    assert referred.case.state == res.CASE_STATE_AGENCY_HOLD
    assert referred.referral.status == res.REFERRAL_STATUS_MADE
    scopes = ["INTERNAL_INVESTIGATION", "INTERIM_MEASURES", "DISCIPLINARY_ACTION"]
    consent = pb.RecordAgencyConsentRequest(
        name=name,
        referral=referred.referral.name,
        officer="PC Smith",
        method=res.CONTACT_METHOD_PHONE,
        note="Agreed by phone with the investigating officer",
        scopes=[res.AgencyConsentScope.Value(f"AGENCY_CONSENT_SCOPE_{x}") for x in scopes],
    )
    case = intake.call("RecordAgencyConsent", consent, dsl).case
    assert case.referrals[0].status == res.REFERRAL_STATUS_CONSENT_TO_PARALLEL

    intake.run(name, "sign_coi_declaration", dsl, person_id=inv.id)
    open_ = pb.OpenInvestigationRequest(
        name=name,
        investigator=inv.id,
        parallel=True,
        plan="Interview the witnesses",
        terms_of_reference=["Establish what happened at training"],
    )
    case = intake.call("OpenInvestigation", open_, dsl).case
    assert case.state == res.CASE_STATE_UNDER_INVESTIGATION
    interview = pb.ScheduleInterviewRequest(
        name=name, person=cast.witness.id, schedule_time=intake.at(days=2)
    )
    intake.call("ScheduleInterview", interview, inv, Role.INV)
    item = res.Evidence(kind="STATEMENT", description="Witness statement", scanned_clean=True)
    added = intake.call(
        "AddEvidence", pb.AddEvidenceRequest(name=name, evidence=item), inv, Role.INV
    )
    assert added.evidence.name.startswith(f"{name}/evidence/")
    investigation = intake.stored(name).investigation
    report = pb.SubmitInvestigationReportRequest(
        name=name,
        conclusion=res.CONCLUSION_C3_POOR_PRACTICE_ONLY,
        terms_of_reference_id=investigation.terms_of_reference_id,
        terms_of_reference_answers=[
            res.TermsOfReferenceAnswer(item_id=i.id, addressed=True)
            for i in investigation.terms_of_reference
        ],
        evidence_index=["statement-1"],
        persons_interviewed=[cast.witness.id],
        child_voice="Spoken with directly, with a trusted adult present.",
    )
    case = intake.call("SubmitInvestigationReport", report, inv, Role.INV).case
    assert case.conclusion == res.CONCLUSION_C3_POOR_PRACTICE_ONLY

    for member in cast.cmg:
        intake.run(name, "sign_coi_declaration", dsl, person_id=member.id)
        intake.run(name, "assign_role", dsl, person_id=member.id, role="CMG")
    members = [m.id for m in cast.cmg]
    intake.run(
        name,
        "record_cmg_decision",
        cmg,
        Role.CMG,
        subject="risk and interim",
        members_present=members,
        vote_outcome="agreed 3-0",
    )
    decision = intake.stored(name).cmg_decisions[-1].id
    intake.run(name, "sign_coi_declaration", dsl, person_id=cast.assessor.id)
    commission = pb.CommissionRiskAssessmentRequest(
        name=name, assessor=cast.assessor.id, cmg_decision=decision
    )
    intake.call("CommissionRiskAssessment", commission, cmg, Role.CMG)
    s.clock.advance(days=1)
    assessment = pb.CompleteRiskAssessmentRequest(
        name=name,
        nature_of_behaviour="Shouting at training",
        impact="Distress",
        likelihood_of_recurrence="Moderate",
        circumstances_of_recurrence="Unsupervised sessions",
        static_factors=["none identified"],
        dynamic_factors=["stress at work"],
        outcome=res.RISK_OUTCOME_MEDIUM,
    )
    case = intake.call("CompleteRiskAssessment", assessment, cast.assessor, Role.RA).case
    assert case.state == res.CASE_STATE_RISK_ASSESSMENT
    impose = pb.ImposeInterimMeasureRequest(
        name=name,
        type="TEMPORARY_SUSPENSION",
        scope="All coaching",
        notify_plan="Letter",
        reason="Risk to children at the club while the concern is dealt with",
        cmg_decision=decision,
        next_review_time=intake.at(days=14),
    )
    imposed = intake.call("ImposeInterimMeasure", impose, cmg, Role.CMG).interim_measure
    assert (imposed.state, imposed.overdue) == (res.INTERIM_MEASURE_STATE_IN_FORCE, False)

    overdue = pb.ListOverdueReviewsRequest(parent=PARENT)
    assert not intake.call("ListOverdueReviews", overdue, dsl).interim_measures
    s.clock.advance(days=15)
    (late,) = intake.call("ListOverdueReviews", overdue, dsl).interim_measures
    assert (late.name, late.case, late.overdue) == (imposed.name, name, True)
    case = intake.call("GetCase", pb.GetCaseRequest(name=name), dsl).case
    assert case.overdue
    assert [d.kind for d in case.deadlines if d.overdue] == ["INTERIM_REVIEW"]
    listing = pb.ListCasesRequest(parent=PARENT, overdue=True)
    assert [c.name for c in intake.call("ListCases", listing, dsl).cases] == [name]

    review = pb.ReviewInterimMeasureRequest(
        name=name,
        interim_measure=imposed.name,
        outcome=res.INTERIM_REVIEW_OUTCOME_CONTINUE,
        next_review_time=intake.at(days=14),
        cmg_decision=decision,
    )
    reviewed = intake.call("ReviewInterimMeasure", review, cmg, Role.CMG).interim_measure
    assert reviewed.HasField("last_review_time")
    assert not intake.call("ListOverdueReviews", overdue, dsl).interim_measures


def test_a_refused_step_is_failed_precondition_with_the_refusal_code(intake) -> None:
    cast, case = intake.cast, intake.named_case()
    commission = pb.CommissionRiskAssessmentRequest(name=case.name, assessor=cast.assessor.id)
    with pytest.raises(grpc.RpcError) as refused:
        intake.call("CommissionRiskAssessment", commission, cast.dsl)
    assert intake.refusal(refused)[:2] == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "E_G01_INVESTIGATION_REQUIRED",
    )
    release = pb.RecordAgencyReleaseRequest(
        name=case.name,
        referral=f"{case.name}/referrals/r1",
        officer="PC Smith",
        type=res.AGENCY_RELEASE_TYPE_PASSED_BACK,
    )
    with pytest.raises(grpc.RpcError) as refused:
        intake.call("RecordAgencyRelease", release, cast.dsl)
    assert intake.refusal(refused)[:2] == (grpc.StatusCode.FAILED_PRECONDITION, "E_NO_TRANSITION")
    with pytest.raises(grpc.RpcError) as hearing:  # the hearings service's command
        intake.run(case.name, "appoint_panel", cast.cmg[0], Role.CMG, members=[])
    assert intake.refusal(hearing)[:2] == (grpc.StatusCode.FAILED_PRECONDITION, "E_OTHER_SERVICE")

    intake.run(case.name, "place_legal_hold", cast.dsl, reason="Litigation is expected")
    close = pb.CloseCaseRequest(
        name=case.name, etag=case.etag, closure=res.CASE_CLOSURE_WITHDRAWN
    )  # the etag was read before the legal hold
    with pytest.raises(grpc.RpcError) as stale:
        intake.call("CloseCase", close, cast.dsl)
    assert intake.refusal(stale)[:2] == (grpc.StatusCode.ABORTED, "E_CONFLICT")
    with pytest.raises(grpc.RpcError) as unassigned:
        intake.call("GetCase", pb.GetCaseRequest(name=case.name), cast.investigator, Role.INV)
    assert intake.refusal(unassigned)[:2] == DENIED


def test_bad_input_is_invalid_argument_with_field_violations(intake) -> None:
    cast = intake.cast

    def violations(method: str, request: object, who: object = cast.dsl) -> set[str]:
        with pytest.raises(grpc.RpcError) as bad:
            intake.call(method, request, who)
        code, reason, fields = intake.refusal(bad)
        assert (code, reason) == (grpc.StatusCode.INVALID_ARGUMENT, "E_INVALID_ARGUMENT")
        return fields

    anonymous = pb.SubmitReportRequest(parent=PARENT, anonymous=True)
    assert violations("SubmitReport", anonymous, None) == {"intake_type"}
    anonymous.intake_type = res.INTAKE_TYPE_FORMAL_REPORT
    assert violations("SubmitReport", anonymous, None) == {"narrative"}
    malformed = pb.TriageCaseRequest(name="cases/1", etag="latest")
    assert violations("TriageCase", malformed) == {"name", "etag"}

    name = intake.named_case().name
    consent = pb.RecordAgencyConsentRequest(
        name=name, referral=f"{name}/referrals/r1", scopes=[99]
    )  # 99: no such scope
    assert violations("RecordAgencyConsent", consent) == {"scopes[0]", "method"}
    triage = pb.TriageCaseRequest(name=name, severity="LOW")
    assert violations("TriageCase", triage) == {"categories"}
    with pytest.raises(grpc.RpcError) as bad:
        intake.run(name, "place_legal_hold", cast.dsl, reason="")
    assert intake.refusal(bad)[2] == {"arguments.reason"}
    with pytest.raises(grpc.RpcError) as bad:
        intake.run(name, "submit_report", cast.dsl)
    assert intake.refusal(bad)[2] == {"command"}
    garbled = pb.ListCasesRequest(parent=PARENT, page_token="nonsense")
    assert violations("ListCases", garbled) == {"page_token"}


def test_cases_are_listed_a_page_at_a_time_and_only_to_those_assigned(intake) -> None:
    cast = intake.cast
    names = {intake.named_case().name for _ in range(3)}
    request = pb.ListCasesRequest(parent=PARENT, page_size=2)
    first = intake.call("ListCases", request, cast.dsl)
    assert (len(first.cases), bool(first.next_page_token)) == (2, True)
    request.page_token = first.next_page_token
    second = intake.call("ListCases", request, cast.dsl)
    assert (len(second.cases), second.next_page_token) == (1, "")
    assert {c.name for c in [*first.cases, *second.cases]} == names
    request.severities.append("HIGH")  # the token belongs to the request without this filter
    with pytest.raises(grpc.RpcError) as bad:
        intake.call("ListCases", request, cast.dsl)
    assert intake.refusal(bad)[2] == {"page_token"}

    mine = pb.ListCasesRequest(
        parent=PARENT, assignee=cast.dsl.id, states=[res.CASE_STATE_RECEIVED_REPORT]
    )
    assert len(intake.call("ListCases", mine, cast.dsl).cases) == 3
    everything = pb.ListCasesRequest(parent=PARENT)
    assert not intake.call("ListCases", everything, cast.intake, Role.DSL).cases  # owns none


# Authentication, health, reflection --------------------------------------------------------------


def test_calls_without_a_valid_token_are_unauthenticated(intake) -> None:
    unauthenticated = (grpc.StatusCode.UNAUTHENTICATED, "E_UNAUTHENTICATED")
    listing = pb.ListCasesRequest(parent=PARENT)
    for metadata in [(), (("authorization", "Bearer not-a-jwt"),), (("authorization", "Basic x"),)]:
        with pytest.raises(grpc.RpcError) as failed:
            intake.stub.ListCases(listing, timeout=TIMEOUT, metadata=metadata)
        assert intake.refusal(failed)[:2] == unauthenticated
    named = pb.SubmitReportRequest(
        parent=PARENT, intake_type=res.INTAKE_TYPE_FORMAL_REPORT, narrative="A named report"
    )
    with pytest.raises(grpc.RpcError) as failed:  # only anonymous reports are public
        intake.stub.SubmitReport(named, timeout=TIMEOUT)
    assert intake.refusal(failed)[:2] == unauthenticated


def test_a_token_of_another_organisation_is_denied_on_every_non_public_method(intake) -> None:
    methods = pb.DESCRIPTOR.services_by_name["IntakeService"].methods
    protected = [m for m in methods if f"/{SERVICE_NAME}/{m.name}" not in PUBLIC_METHODS]
    assert len(protected) == len(methods) - 5
    foreign = (("authorization", f"Bearer {intake.token(intake.cast.dsl, Role.DSL, org='org-b')}"),)
    for method in protected:
        kind = getattr(pb, method.input_type.name)
        call = intake.channel.unary_unary(
            f"/{SERVICE_NAME}/{method.name}",
            request_serializer=kind.SerializeToString,
            response_deserializer=bytes,
        )
        with pytest.raises(grpc.RpcError) as denied:
            call(kind(), timeout=TIMEOUT, metadata=foreign)
        assert intake.refusal(denied)[:2] == DENIED, method.name

    own = intake.token(intake.cast.dsl, Role.DSL)
    metadata = (("authorization", f"Bearer {own}"), ("x-safecase-role", "ADMIN"))
    with pytest.raises(grpc.RpcError) as denied:  # a role the token does not grant
        intake.stub.ListCases(
            pb.ListCasesRequest(parent=PARENT), timeout=TIMEOUT, metadata=metadata
        )
    assert intake.refusal(denied)[:2] == DENIED


def test_health_is_serving_and_reflection_lists_the_service(intake) -> None:
    health = health_pb2_grpc.HealthStub(intake.channel)
    for service in ("", SERVICE_NAME):
        request = health_pb2.HealthCheckRequest(service=service)
        reply = health.Check(request, timeout=TIMEOUT)
        assert reply.status == health_pb2.HealthCheckResponse.SERVING
    services = ProtoReflectionDescriptorDatabase(intake.channel).get_services()
    assert {SERVICE_NAME, "grpc.health.v1.Health"} <= set(services)
