"""``safecase.advisory.v1.AdvisoryService``: proto in -> store operation -> proto out.

Requests are parsed here (names, enums, field violations, pages); who may do what, and every
audit entry, is the store's (:mod:`~safecase.services.advisory.store`). Every method needs a
bearer token of the support organisation (the interceptor refuses any other organisation's).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import grpc
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from safecase.advisory.v1 import advisory_service_pb2 as pb
from safecase.advisory.v1 import advisory_service_pb2_grpc
from safecase.advisory.v1 import resources_pb2 as res
from safecase.core.errors import FieldViolation, InvalidArgument
from safecase.core.states import Role
from safecase.services.advisory import views
from safecase.services.advisory.answers import Answers
from safecase.services.advisory.registry import DeclaredAffiliation, MemberRegistry
from safecase.services.advisory.store import AdvisoryStore, Caller
from safecase.services.common import aip
from safecase.services.common.calls import rpc_method
from safecase.services.common.interceptors import required_actor

__all__ = ["SERVICE_NAME", "AdvisoryServicer"]

SERVICE_NAME: str = pb.DESCRIPTOR.services_by_name["AdvisoryService"].full_name
log = logging.getLogger("safecase.services.advisory")
rpc = rpc_method(log)
MAX_TEXT = 20_000
MAX_ITEMS = 50


def _caller() -> Caller:
    actor = required_actor()
    return Caller(actor.person_id, actor.role)


def _time(message: Message, field: str) -> datetime | None:
    """The instant of a Timestamp field, or ``None`` when it is unset."""
    if not message.HasField(field):
        return None
    stamp: Timestamp = getattr(message, field)
    return stamp.ToDatetime(tzinfo=UTC)


def _texts(values: object, field: str) -> list[str]:
    items = [str(v) for v in values]  # type: ignore[attr-defined]
    if len(items) > MAX_ITEMS or any(len(v) > MAX_TEXT or not v.strip() for v in items):
        raise InvalidArgument(
            [FieldViolation(field, f"at most {MAX_ITEMS} non-empty entries of {MAX_TEXT} chars")]
        )
    return items


class AdvisoryServicer(advisory_service_pb2_grpc.AdvisoryServiceServicer):
    def __init__(self, store: AdvisoryStore) -> None:
        self.store = store
        self.registry = MemberRegistry(store)
        self.answers = Answers(store)

    # --- members --------------------------------------------------------------------------------

    @rpc
    def CreateMember(
        self, request: pb.CreateMemberRequest, context: grpc.ServicerContext
    ) -> pb.CreateMemberResponse:
        caller = _caller()
        given = request.member
        affiliations = [
            DeclaredAffiliation(
                kind=res.AffiliationKind.Name(a.kind).removeprefix("AFFILIATION_KIND_"),
                organisation_id=a.organization,
                club=a.club,
            )
            for a in given.affiliations
        ]
        created = self.registry.create(
            caller,
            given.subject,
            views.expertise_codes(given.expertise, "member.expertise"),
            given.available,
            affiliations,
            request.request_id or None,
        )
        return pb.CreateMemberResponse(member=views.member(created))

    @rpc
    def GetMember(
        self, request: pb.GetMemberRequest, context: grpc.ServicerContext
    ) -> pb.GetMemberResponse:
        (member_id,) = views.parse(request.name, "name", "members")
        return pb.GetMemberResponse(member=views.member(self.registry.get(_caller(), member_id)))

    @rpc
    def ListMembers(
        self, request: pb.ListMembersRequest, context: grpc.ServicerContext
    ) -> pb.ListMembersResponse:
        found = self.registry.list(_caller())
        page, token = aip.page(request, found)
        return pb.ListMembersResponse(
            members=[views.member(m) for m in page], next_page_token=token
        )

    @rpc
    def SetMemberAvailability(
        self, request: pb.SetMemberAvailabilityRequest, context: grpc.ServicerContext
    ) -> pb.SetMemberAvailabilityResponse:
        (member_id,) = views.parse(request.name, "name", "members")
        updated = self.registry.set_availability(
            _caller(),
            member_id,
            request.available,
            aip.expected_version(request.etag),
            request.request_id or None,
        )
        return pb.SetMemberAvailabilityResponse(member=views.member(updated))

    @rpc
    def OfferPanelMember(
        self, request: pb.OfferPanelMemberRequest, context: grpc.ServicerContext
    ) -> pb.OfferPanelMemberResponse:
        (member_id,) = views.parse(request.parent, "parent", "members")
        offer = request.panel_offer
        recorded = self.registry.offer_panel(
            _caller(),
            member_id,
            offer.organization,
            _time(offer, "available_from"),
            _time(offer, "available_until"),
            offer.member_type,
            request.request_id or None,
        )
        return pb.OfferPanelMemberResponse(panel_offer=views.panel_offer(recorded))

    # --- shares -----------------------------------------------------------------------------------

    @rpc
    def GetShare(
        self, request: pb.GetShareRequest, context: grpc.ServicerContext
    ) -> pb.GetShareResponse:
        caller = _caller()
        (share_id,) = views.parse(request.name, "name", "shares")
        found = self.store.get_share(caller, share_id)
        return pb.GetShareResponse(share=views.share(found, coordinator=caller.role is Role.DSL))

    @rpc
    def ListShares(
        self, request: pb.ListSharesRequest, context: grpc.ServicerContext
    ) -> pb.ListSharesResponse:
        caller = _caller()
        states = views.state_codes(request.states)
        aip.page_start(request)  # a bad token is refused before anything is read
        found = self.store.list_shares(caller, states)
        page, token = aip.page(request, found)
        coordinator = caller.role is Role.DSL
        return pb.ListSharesResponse(
            shares=[views.share(s, coordinator=coordinator) for s in page], next_page_token=token
        )

    @rpc
    def AllocateShare(
        self, request: pb.AllocateShareRequest, context: grpc.ServicerContext
    ) -> pb.AllocateShareResponse:
        (share_id,) = views.parse(request.name, "name", "shares")
        found = self.store.allocate_share(_caller(), share_id, request.request_id or None)
        return pb.AllocateShareResponse(share=views.share(found, coordinator=True))

    # --- advice and the answer --------------------------------------------------------------------

    @rpc
    def SubmitAdvice(
        self, request: pb.SubmitAdviceRequest, context: grpc.ServicerContext
    ) -> pb.SubmitAdviceResponse:
        (share_id,) = views.parse(request.parent, "parent", "shares")
        given = request.advice
        if not given.opinion.strip() or len(given.opinion) > MAX_TEXT:
            raise InvalidArgument(
                [FieldViolation("advice.opinion", f"required, at most {MAX_TEXT} characters")]
            )
        content: dict[str, object] = {
            "opinion": given.opinion,
            "recommendations": _texts(given.recommendations, "advice.recommendations"),
            "guidance_references": _texts(given.guidance_references, "advice.guidance_references"),
        }
        given_advice = self.store.submit_advice(
            _caller(), share_id, content, request.request_id or None
        )
        return pb.SubmitAdviceResponse(advice=views.advice(given_advice))

    @rpc
    def ListAdvice(
        self, request: pb.ListAdviceRequest, context: grpc.ServicerContext
    ) -> pb.ListAdviceResponse:
        (share_id,) = views.parse(request.parent, "parent", "shares")
        aip.page_start(request)
        found = self.store.list_advice(_caller(), share_id)
        page, token = aip.page(request, found)
        return pb.ListAdviceResponse(advice=[views.advice(a) for a in page], next_page_token=token)

    @rpc
    def ComposeAnswer(
        self, request: pb.ComposeAnswerRequest, context: grpc.ServicerContext
    ) -> pb.ComposeAnswerResponse:
        (share_id,) = views.parse(request.parent, "parent", "shares")
        advice_ids = []
        for i, name in enumerate(request.advice):
            parsed = views.parse(name, f"advice[{i}]", "shares", "advice")
            if parsed[0] != share_id:
                raise aip.invalid(f"advice[{i}]", "not advice on this share")
            advice_ids.append(parsed[1])
        composed = self.answers.compose(
            _caller(), share_id, request.summary, advice_ids, request.request_id or None
        )
        return pb.ComposeAnswerResponse(answer=views.answer(composed))

    @rpc
    def VerifyAccessLog(
        self, request: pb.VerifyAccessLogRequest, context: grpc.ServicerContext
    ) -> pb.VerifyAccessLogResponse:
        entries, broken, newest = self.store.verify_access_log(_caller())
        stamp = None
        if newest is not None:
            stamp = Timestamp()
            stamp.FromDatetime(newest)
        return pb.VerifyAccessLogResponse(
            entries=entries, intact=broken is None, first_broken=broken or 0, newest_time=stamp
        )
