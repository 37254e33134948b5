"""``safecase.intake.v1.IntakeService``: proto in -> command -> proto out.

Every method parses its request (:mod:`~safecase.services.intake.names`,
:mod:`~safecase.services.intake.mapping`), runs one unit of work
(:mod:`~safecase.services.intake.commands`) and renders what the caller may see
(:mod:`~safecase.services.intake.views`). No rule is decided here: the lifecycle and the
access policy of ``safecase.core`` decide, and their refusals become the call's status
(:mod:`~safecase.services.intake.status`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import grpc
from google.protobuf import struct_pb2
from google.protobuf.message import Message

from safecase.core.errors import FieldViolation, InvalidArgument, NotFound
from safecase.intake.v1 import intake_service_pb2 as pb
from safecase.intake.v1 import intake_service_pb2_grpc
from safecase.intake.v1 import resources_pb2 as res
from safecase.services.common.interceptors import current_actor, required_actor
from safecase.services.common.sharing import share_terms
from safecase.services.intake import mapping, names, views
from safecase.services.intake.commands import IntakeCommands, ReceiptHolder, View
from safecase.services.intake.status import rpc

__all__ = ["PUBLIC_METHODS", "SERVICE_NAME", "IntakeServicer"]

SERVICE_NAME: str = pb.DESCRIPTOR.services_by_name["IntakeService"].full_name
PUBLIC_METHODS = frozenset(
    f"/{SERVICE_NAME}/{method}"
    for method in (
        "SubmitReport",
        "GetReceiptStatus",
        "AddReceiptInformation",
        "ListReceiptMessages",
        "SendReceiptMessage",
    )
)
CASES_PAGE = {"default": 50, "maximum": 500}
Item = TypeVar("Item")


def _source(context: grpc.ServicerContext) -> str:
    """The caller's address without its port: whom failed receipt look-ups are counted for."""
    peer = context.peer() or "unknown"
    kind, _, rest = peer.partition(":")
    if kind in {"ipv4", "ipv6"}:
        return rest.rsplit(":", 1)[0].strip("[]")
    return peer


def _required(request: Message, *fields: str) -> None:
    missing = [FieldViolation(f, "required") for f in fields if not getattr(request, f)]
    if missing:
        raise InvalidArgument(missing)


def _page(
    request: Message,
    items: Sequence[Item],
    default: int = 50,
    maximum: int = 200,
) -> tuple[Sequence[Item], str]:
    size = names.page_size(getattr(request, "page_size", 0), default=default, maximum=maximum)
    start = names.page_start(request)
    end = start + size
    token = names.next_page_token(request, end) if end < len(items) else ""
    return items[start:end], token


def _latest(items: Any, key: str) -> dict[str, Any]:
    """The most recent item of a view's list (by ``key``), or an empty dict."""
    listed = [i for i in items or [] if isinstance(i, dict)]
    return max(listed, key=lambda i: str(i.get(key) or ""), default={})


class IntakeServicer(intake_service_pb2_grpc.IntakeServiceServicer):
    def __init__(self, commands: IntakeCommands) -> None:
        self.commands = commands
        self.org = commands.organisation_id

    # --- helpers ----------------------------------------------------------------------------

    def _case(self, view: View) -> res.Case:
        return views.case(self.org, view, self.commands.now())

    def _step(self, request: Any, **extra: Any) -> tuple[str, View]:
        """A typed case step: parse name, etag and body (all violations at once), then run it."""
        actor = required_actor()
        check = mapping.Checker()
        case_id = check.attempt(lambda: names.parse_case(request.name, self.org))
        expected = check.attempt(lambda: names.expected_version(request.etag))
        call = check.attempt(lambda: mapping.MAPPERS[type(request)](request, **extra))
        if check.violations or case_id is None or call is None:
            raise InvalidArgument(check.violations)
        view, _events = self.commands.run(case_id, call, actor, expected)
        return case_id, view

    def _holder(self, request: Any, context: grpc.ServicerContext) -> ReceiptHolder:
        _required(request, "receipt_code", "receipt_secret")
        try:
            names.parse_parent(request.parent, self.org)
            known_parent = True
        except NotFound:
            known_parent = False
        return self.commands.holder(
            request.receipt_code,
            request.receipt_secret,
            _source(context),
            known_parent=known_parent,
        )

    # --- reports and the receipt holder -------------------------------------------------------

    @rpc
    def SubmitReport(
        self, request: pb.SubmitReportRequest, context: grpc.ServicerContext
    ) -> pb.SubmitReportResponse:
        names.parse_parent(request.parent, self.org)
        submitted = self.commands.submit(mapping.submit_report(request), current_actor())
        response = pb.SubmitReportResponse(case=self._case(submitted.view))
        if submitted.receipt is not None:
            response.receipt_code = submitted.receipt.code
            response.receipt_secret = submitted.receipt.secret
        return response

    @rpc
    def GetReceiptStatus(
        self, request: pb.GetReceiptStatusRequest, context: grpc.ServicerContext
    ) -> pb.GetReceiptStatusResponse:
        holder = self._holder(request, context)
        status = self.commands.receipt_status(holder)
        return pb.GetReceiptStatusResponse(status=views.receipt_status(status))

    @rpc
    def AddReceiptInformation(
        self, request: pb.AddReceiptInformationRequest, context: grpc.ServicerContext
    ) -> pb.AddReceiptInformationResponse:
        if not request.information and not request.evidence:
            raise InvalidArgument([FieldViolation("information", "required without evidence")])
        holder = self._holder(request, context)
        texts = [request.information] if request.information else []
        texts += [
            f"Evidence ({item.kind or 'item'}): {item.description}"
            + (f" [sha256 {item.sha256}]" if item.sha256 else "")
            for item in request.evidence
        ]
        self.commands.add_receipt_information(holder, texts)
        status = self.commands.receipt_status(holder)
        return pb.AddReceiptInformationResponse(status=views.receipt_status(status))

    @rpc
    def ListReceiptMessages(
        self, request: pb.ListReceiptMessagesRequest, context: grpc.ServicerContext
    ) -> pb.ListReceiptMessagesResponse:
        holder = self._holder(request, context)
        page, token = _page(request, self.commands.receipt_messages(holder))
        return pb.ListReceiptMessagesResponse(
            messages=[views.message(self.org, m, for_reporter=True) for m in page],
            next_page_token=token,
        )

    @rpc
    def SendReceiptMessage(
        self, request: pb.SendReceiptMessageRequest, context: grpc.ServicerContext
    ) -> pb.SendReceiptMessageResponse:
        _required(request, "text")
        holder = self._holder(request, context)
        stored = self.commands.send_receipt_message(holder, request.text)
        return pb.SendReceiptMessageResponse(
            message=views.message(self.org, stored, for_reporter=True)
        )

    # --- reading cases --------------------------------------------------------------------------

    @rpc
    def GetCase(
        self, request: pb.GetCaseRequest, context: grpc.ServicerContext
    ) -> pb.GetCaseResponse:
        actor = required_actor()
        case_id = names.parse_case(request.name, self.org)
        return pb.GetCaseResponse(case=self._case(self.commands.view(case_id, actor)))

    @rpc
    def ListCases(
        self, request: pb.ListCasesRequest, context: grpc.ServicerContext
    ) -> pb.ListCasesResponse:
        actor = required_actor()
        names.parse_parent(request.parent, self.org)
        size = names.page_size(request.page_size, **CASES_PAGE)
        start = names.page_start(request)
        check = mapping.Checker()
        states = mapping.states(check, request.states)
        check.done()
        categories, severities = set(request.categories), set(request.severities)
        candidates = [
            s
            for s in self.commands.summaries(actor)
            if (not states or s.state in states)
            and (not categories or categories & set(s.categories))
            and (not severities or s.severity in severities)
        ]
        now, cases, token = self.commands.now(), [], ""
        for position, view in self.commands.views(actor, candidates, start):
            if request.assignee and not views.assigned_to(view, request.assignee, now):
                continue
            case = self._case(view)
            if request.overdue and not case.overdue:
                continue
            cases.append(case)
            if len(cases) == size:
                if position + 1 < len(candidates):
                    token = names.next_page_token(request, position + 1)
                break
        return pb.ListCasesResponse(cases=cases, next_page_token=token)

    @rpc
    def ListOverdueReviews(
        self, request: pb.ListOverdueReviewsRequest, context: grpc.ServicerContext
    ) -> pb.ListOverdueReviewsResponse:
        actor = required_actor()
        names.parse_parent(request.parent, self.org)
        now = self.commands.now()
        overdue = self.commands.overdue_reviews(actor, lambda m: views.measure_overdue(m, now))
        page, token = _page(request, overdue)
        return pb.ListOverdueReviewsResponse(
            interim_measures=[views.interim_measure(self.org, c, m, now) for c, m in page],
            next_page_token=token,
        )

    # --- case steps ------------------------------------------------------------------------------

    @rpc
    def ConvertDisclosure(
        self, request: pb.ConvertDisclosureRequest, context: grpc.ServicerContext
    ) -> pb.ConvertDisclosureResponse:
        _, view = self._step(request)
        return pb.ConvertDisclosureResponse(case=self._case(view))

    @rpc
    def TriageCase(
        self, request: pb.TriageCaseRequest, context: grpc.ServicerContext
    ) -> pb.TriageCaseResponse:
        _, view = self._step(request)
        return pb.TriageCaseResponse(case=self._case(view))

    @rpc
    def AssignCaseManager(
        self, request: pb.AssignCaseManagerRequest, context: grpc.ServicerContext
    ) -> pb.AssignCaseManagerResponse:
        _, view = self._step(request)
        return pb.AssignCaseManagerResponse(case=self._case(view))

    @rpc
    def ReferToAgency(
        self, request: pb.ReferToAgencyRequest, context: grpc.ServicerContext
    ) -> pb.ReferToAgencyResponse:
        case_id, view = self._step(request)
        listed: Any = view.get("referrals") or []
        matching = [
            r
            for r in listed
            if (r.get("check_id") == request.check_id if request.check_id else True)
            and r.get("agency") == request.agency
        ]
        referral = _latest(matching or listed, "made_at")
        response = pb.ReferToAgencyResponse(case=self._case(view))
        if referral:
            now = self.commands.now()
            response.referral.CopyFrom(views.referral(self.org, case_id, referral, now))
        return response

    @rpc
    def RecordAgencyConsent(
        self, request: pb.RecordAgencyConsentRequest, context: grpc.ServicerContext
    ) -> pb.RecordAgencyConsentResponse:
        referral_id = names.parse_child(request.referral, request.name, "referrals", "referral")
        _, view = self._step(request, referral_id=referral_id)
        return pb.RecordAgencyConsentResponse(case=self._case(view))

    @rpc
    def RecordAgencyRelease(
        self, request: pb.RecordAgencyReleaseRequest, context: grpc.ServicerContext
    ) -> pb.RecordAgencyReleaseResponse:
        referral_id = names.parse_child(request.referral, request.name, "referrals", "referral")
        _, view = self._step(request, referral_id=referral_id)
        return pb.RecordAgencyReleaseResponse(case=self._case(view))

    @rpc
    def OpenInvestigation(
        self, request: pb.OpenInvestigationRequest, context: grpc.ServicerContext
    ) -> pb.OpenInvestigationResponse:
        _, view = self._step(request)
        return pb.OpenInvestigationResponse(case=self._case(view))

    @rpc
    def ScheduleInterview(
        self, request: pb.ScheduleInterviewRequest, context: grpc.ServicerContext
    ) -> pb.ScheduleInterviewResponse:
        _, view = self._step(request)
        return pb.ScheduleInterviewResponse(case=self._case(view))

    @rpc
    def AddEvidence(
        self, request: pb.AddEvidenceRequest, context: grpc.ServicerContext
    ) -> pb.AddEvidenceResponse:
        case_id, view = self._step(request)
        response = pb.AddEvidenceResponse(case=self._case(view))
        item = _latest(view.get("evidence"), "added_at")
        if item:
            response.evidence.CopyFrom(views.evidence(self.org, case_id, item))
        return response

    @rpc
    def SubmitInvestigationReport(
        self, request: pb.SubmitInvestigationReportRequest, context: grpc.ServicerContext
    ) -> pb.SubmitInvestigationReportResponse:
        _, view = self._step(request)
        return pb.SubmitInvestigationReportResponse(case=self._case(view))

    @rpc
    def CommissionRiskAssessment(
        self, request: pb.CommissionRiskAssessmentRequest, context: grpc.ServicerContext
    ) -> pb.CommissionRiskAssessmentResponse:
        _, view = self._step(request)
        return pb.CommissionRiskAssessmentResponse(case=self._case(view))

    @rpc
    def CompleteRiskAssessment(
        self, request: pb.CompleteRiskAssessmentRequest, context: grpc.ServicerContext
    ) -> pb.CompleteRiskAssessmentResponse:
        _, view = self._step(request)
        return pb.CompleteRiskAssessmentResponse(case=self._case(view))

    @rpc
    def ImposeInterimMeasure(
        self, request: pb.ImposeInterimMeasureRequest, context: grpc.ServicerContext
    ) -> pb.ImposeInterimMeasureResponse:
        case_id, view = self._step(request)
        response = pb.ImposeInterimMeasureResponse(case=self._case(view))
        measure = _latest(view.get("interim_measures"), "imposed_at")
        if measure:
            now = self.commands.now()
            response.interim_measure.CopyFrom(
                views.interim_measure(self.org, case_id, measure, now)
            )
        return response

    @rpc
    def ReviewInterimMeasure(
        self, request: pb.ReviewInterimMeasureRequest, context: grpc.ServicerContext
    ) -> pb.ReviewInterimMeasureResponse:
        measure_id = names.parse_child(
            request.interim_measure, request.name, "interimMeasures", "interim_measure"
        )
        now = self.commands.now()
        case_id, view = self._step(request, measure_id=measure_id, now=now)
        response = pb.ReviewInterimMeasureResponse(case=self._case(view))
        listed: Any = view.get("interim_measures") or []
        for measure in listed:
            if measure.get("id") == measure_id:
                response.interim_measure.CopyFrom(
                    views.interim_measure(self.org, case_id, measure, now)
                )
        return response

    @rpc
    def CloseCase(
        self, request: pb.CloseCaseRequest, context: grpc.ServicerContext
    ) -> pb.CloseCaseResponse:
        state = None
        if request.closure == res.CASE_CLOSURE_WITHDRAWN:  # T10 or T46, by the current state
            state = self.commands.state_of(names.parse_case(request.name, self.org))
        _, view = self._step(request, state=state)
        return pb.CloseCaseResponse(case=self._case(view))

    # --- messages with the reporter -----------------------------------------------------------

    @rpc
    def SendMessageToReporter(
        self, request: pb.SendMessageToReporterRequest, context: grpc.ServicerContext
    ) -> pb.SendMessageToReporterResponse:
        actor = required_actor()
        case_id = names.parse_case(request.name, self.org)
        _required(request, "text")
        stored = self.commands.send_to_reporter(case_id, actor, request.text)
        return pb.SendMessageToReporterResponse(message=views.message(self.org, stored))

    @rpc
    def ListMessages(
        self, request: pb.ListMessagesRequest, context: grpc.ServicerContext
    ) -> pb.ListMessagesResponse:
        actor = required_actor()
        case_id = names.parse_case(request.parent, self.org, field="parent")
        page, token = _page(request, self.commands.case_messages(case_id, actor))
        return pb.ListMessagesResponse(
            messages=[views.message(self.org, m) for m in page], next_page_token=token
        )

    # --- consent and advisory shares (R-CS, R-AS) -----------------------------------------------

    @rpc
    def RecordConsent(
        self, request: pb.RecordConsentRequest, context: grpc.ServicerContext
    ) -> pb.RecordConsentResponse:
        _, view = self._step(request)
        return pb.RecordConsentResponse(case=self._case(view))

    @rpc
    def WithdrawConsent(
        self, request: pb.WithdrawConsentRequest, context: grpc.ServicerContext
    ) -> pb.WithdrawConsentResponse:
        _, view = self._step(request)
        return pb.WithdrawConsentResponse(case=self._case(view))

    def _share(self, case_id: str, view: View, expertise: Sequence[str] = ()) -> res.AdvisoryShare:
        """The case's current share as the caller's view shows it (unset when it does not)."""
        shares: Any = view.get("shares") or []
        if not shares:
            return res.AdvisoryShare()
        return views.advisory_share(self.org, case_id, shares[-1], expertise)

    @rpc
    def StartAdvisoryRequest(
        self, request: pb.StartAdvisoryRequestRequest, context: grpc.ServicerContext
    ) -> pb.StartAdvisoryRequestResponse:
        case_id, view = self._step(request)
        return pb.StartAdvisoryRequestResponse(
            case=self._case(view), advisory_share=self._share(case_id, view)
        )

    @rpc
    def PreviewShare(
        self, request: pb.PreviewShareRequest, context: grpc.ServicerContext
    ) -> pb.PreviewShareResponse:
        actor = required_actor()
        violations: list[FieldViolation] = []
        case_id = None
        try:
            case_id = names.parse_case(request.name, self.org)
        except InvalidArgument as invalid:
            violations += invalid.violations
        try:
            call = mapping.publish_share(request)
        except InvalidArgument as invalid:
            violations += invalid.violations
        if violations or case_id is None:
            raise InvalidArgument(violations)
        expertise = mapping.expertise(mapping.Checker(), request.expertise)
        preview = self.commands.preview_share(case_id, call, actor, expertise)
        view = self.commands.view(case_id, actor)
        document = struct_pb2.Struct()
        document.update(preview.document)
        response = pb.PreviewShareResponse(
            case=self._case(view),
            packet=views.advisory_packet(preview.document["packet"]),
            question=preview.document["packet"]["question"],
            expertise=views.expertise_areas(preview.document["expertise"]),
            document=document,
        )
        expires = views.timestamp(preview.document["expires_at"])
        if expires is not None:
            response.expire_time.CopyFrom(expires)
        return response

    @rpc
    def PublishShare(
        self, request: pb.PublishShareRequest, context: grpc.ServicerContext
    ) -> pb.PublishShareResponse:
        expertise = mapping.expertise(mapping.Checker(), request.expertise)
        with share_terms(expertise):
            case_id, view = self._step(request)
        return pb.PublishShareResponse(
            case=self._case(view), advisory_share=self._share(case_id, view, expertise)
        )

    @rpc
    def RevokeShare(
        self, request: pb.RevokeShareRequest, context: grpc.ServicerContext
    ) -> pb.RevokeShareResponse:
        case_id, view = self._step(request)
        return pb.RevokeShareResponse(
            case=self._case(view), advisory_share=self._share(case_id, view)
        )

    @rpc
    def ListAdvice(
        self, request: pb.ListAdviceRequest, context: grpc.ServicerContext
    ) -> pb.ListAdviceResponse:
        actor = required_actor()
        case_id = names.parse_case(request.parent, self.org, field="parent")
        page, token = _page(request, self.commands.advice(case_id, actor))
        return pb.ListAdviceResponse(
            advice=[views.advice(self.org, case_id, share, item) for share, item in page],
            next_page_token=token,
        )

    # --- every other case command ---------------------------------------------------------------

    @rpc
    def RunCaseCommand(
        self, request: pb.RunCaseCommandRequest, context: grpc.ServicerContext
    ) -> pb.RunCaseCommandResponse:
        actor = required_actor()
        case_id = names.parse_case(request.name, self.org)
        expected = names.expected_version(request.etag)
        _required(request, "command")
        view, events = self.commands.run(case_id, mapping.arguments(request), actor, expected)
        return pb.RunCaseCommandResponse(case=self._case(view), event_types=list(events))
