"""The advisory service of a support service, over real gRPC, a real database and real NATS.

An organisation's share is built by the core (the packet of G12) and sealed as the
organisation's side does (:mod:`safecase.services.common.sharing`), published on the SHARES
subjects, consumed by the advisory service's own workers, allocated to members by expertise
without conflicts of interest (G10), read only by its allocated members (G15, G28), advised on
(G08), answered back to the organisation sealed to it, and forgotten on revocation or expiry
(G15), every read of it audited (G31).

Each test has its own organisation id, its own SHARES and ADVICE streams on the machine's NATS,
and its own database (SQLite and PostgreSQL).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
import nats
import pytest
from google.protobuf import struct_pb2
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_status import rpc_status
from nats.js.api import StorageType, StreamConfig
from nats.js.errors import NotFoundError
from sqlalchemy import Engine, inspect, text

from safecase.advisory.v1 import advisory_service_pb2 as pb
from safecase.advisory.v1 import advisory_service_pb2_grpc
from safecase.advisory.v1 import resources_pb2 as res
from safecase.core.case import Case
from safecase.core.persistence.database import open_engine
from safecase.core.share_sealing import (
    SealedShare,
    SupportKey,
    generate_support_key,
    open_share,
    open_share_key,
    seal_share,
)
from safecase.core.states import Role
from safecase.core.testing import Scenario
from safecase.events.v1 import event_pb2
from safecase.services.advisory import migrate
from safecase.services.advisory.app import create_server
from safecase.services.advisory.consumers import advisory_workers
from safecase.services.advisory.store import AdvisoryStore
from safecase.services.common import sharing
from safecase.services.common.auth import TokenIssuer, TokenVerifier
from safecase.services.common.backbone import Backbone
from safecase.services.common.envelope import from_wire, payload_of

SECRET = "advisory-test-token-secret-of-32-bytes"
SUPPORT = "cmss"
TIMEOUT = 20
QUESTION = "Should the organisation consider an interim restriction while it investigates?"
CANARY = "Quillonbraxite"  # a word no packet, id or ciphertext holds by chance


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Sent:
    """A share as the organisation sent it."""

    share_id: str
    case: Case
    event: event_pb2.Event
    wire: bytes
    document: dict[str, Any]


@dataclass
class Advisory:
    """The advisory service of the support organisation ``cmss``, and one organisation."""

    store: AdvisoryStore
    engine: Engine
    support_key: SupportKey
    advice_key: SupportKey
    clock: Clock
    stub: advisory_service_pb2_grpc.AdvisoryServiceStub
    channel: grpc.Channel
    nats_url: str
    org: str
    shares_stream: str
    advice_stream: str
    scenario: Scenario

    # --- calls ----------------------------------------------------------------------------------

    def call(self, method: str, request: Any, who: str, role: Role, org: str = SUPPORT) -> Any:
        token = TokenIssuer(SECRET).issue(who, org, [role])
        metadata = (("authorization", f"Bearer {token}"), ("x-safecase-role", role.value))
        return getattr(self.stub, method)(request, timeout=TIMEOUT, metadata=metadata)

    def coordinator(self, method: str, request: Any) -> Any:
        return self.call(method, request, "coordinator-1", Role.DSL)

    def member(
        self,
        subject: str,
        *expertise: int,
        available: bool = True,
        affiliations: tuple[res.Affiliation, ...] = (),
    ) -> res.Member:
        request = pb.CreateMemberRequest(
            member=res.Member(
                subject=subject,
                expertise=list(expertise),
                available=available,
                affiliations=list(affiliations),
            ),
            request_id=secrets.token_hex(8),
        )
        member: res.Member = self.call("CreateMember", request, "admin-1", Role.ADMIN).member
        return member

    # --- the organisation's side ----------------------------------------------------------------

    def shared_case(self) -> Case:
        """A case whose advisory packet the core published (A2: G11, G12 passed)."""
        s = self.scenario
        case = s.run(s.triaged(), "start_advisory_request", question=f"{QUESTION} ({CANARY})")
        case = s.run(
            case,
            "record_consent",
            purpose="ADVISORY_SHARE",
            consent={"subject_person_id": s.cast.complainant.id, "given_by": "SELF"},
        )
        for adviser in s.cast.advisers:
            case = s.run(case, "sign_coi_declaration", person_id=adviser.id)
        return s.run(
            case,
            "publish_advisory_packet",
            members=[s.cast.advisers[0].id],
            expires_at=(s.clock.now + timedelta(days=14)).isoformat(),
            summary=f"The complainant says the coach shouted at them ({CANARY}).",
        )

    def share(self, *expertise: str) -> Sent:
        """Build, seal and wrap a share as the organisation does (not yet published)."""
        s = self.scenario
        case = self.shared_case()
        share = case.current_share()
        assert share is not None
        document = sharing.share_document(
            share,
            expertise=expertise,
            reply_to_public=base64.b64encode(self.advice_key.public_bytes).decode("ascii"),
            conflict_names=sharing.conflict_names(case, s.people, s.organisation),
        )
        sealed = seal_share(self.support_key.public_bytes, share.id, document)
        event = self._event(share.id, "AdvisoryPacketPublished", sealed)
        return Sent(share.id, case, event, event.SerializeToString(), document)

    def _event(
        self, share_id: str, kind: str, sealed: SealedShare | None = None
    ) -> event_pb2.Event:
        payload = struct_pb2.Struct()
        payload.update({"share_id": share_id})
        event = event_pb2.Event(
            id=secrets.token_hex(16),
            type=kind,
            version=1,
            organization=self.org,
            actor="system",
            actor_role="SYS",
            step="A2" if sealed else "A4",
            payload=payload,
        )
        event.occurred_at.FromDatetime(self.clock())
        if sealed is not None:
            event.sealed.CopyFrom(event_pb2.SealedDocument(key_id="", **sealed.as_dict()))
        return event

    def publish(self, sent: Sent, *, msg_id: str | None = None) -> None:
        subject = f"safecase.advisory.shares.{self.org}.{sent.share_id}.published"
        self._publish(subject, sent.wire, msg_id or sent.event.id)

    def revoke(self, share_id: str) -> event_pb2.Event:
        event = self._event(share_id, "AdvisoryShareRevoked")
        subject = f"safecase.advisory.shares.{self.org}.{share_id}.revoked"
        self._publish(subject, event.SerializeToString(), event.id)
        return event

    def _publish(self, subject: str, data: bytes, msg_id: str) -> None:
        async def go() -> None:
            connection = await nats.connect(self.nats_url)
            try:
                ack = await connection.jetstream().publish(
                    subject, data, headers={"Nats-Msg-Id": msg_id}
                )
                assert ack.stream == self.shares_stream
            finally:
                await connection.close()

        asyncio.run(go())

    def advice_messages(self) -> list[tuple[str, str, bytes]]:
        """(subject, Nats-Msg-Id, data) of every message in the organisation's ADVICE stream."""

        async def go() -> list[tuple[str, str, bytes]]:
            connection = await nats.connect(self.nats_url)
            js = connection.jetstream()
            found = []
            try:
                info = await js.stream_info(self.advice_stream)
                if not info.state.messages:
                    return []
                for seq in range(info.state.first_seq, info.state.last_seq + 1):
                    try:
                        message = await js.get_msg(self.advice_stream, seq)
                    except NotFoundError:
                        continue
                    msg_id = (message.headers or {}).get("Nats-Msg-Id", "")
                    found.append((message.subject, msg_id, message.data or b""))
            finally:
                await connection.close()
            return found

        return asyncio.run(go())

    def share_messages(self) -> int:
        async def go() -> int:
            connection = await nats.connect(self.nats_url)
            try:
                info = await connection.jetstream().stream_info(self.shares_stream)
                return int(info.state.messages)
            finally:
                await connection.close()

        return asyncio.run(go())

    def share_state(self, share_id: str) -> str | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                text("SELECT state FROM advisory_shares WHERE id = :id"), {"id": share_id}
            ).first()
            return None if row is None else str(row[0])


def refusal(error: pytest.ExceptionInfo[grpc.RpcError]) -> tuple[grpc.StatusCode, str, set[str]]:
    status = rpc_status.from_call(error.value)  # type: ignore[arg-type]
    assert status is not None, error.value
    reason, fields = "", set()
    for detail in status.details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            reason = info.reason
        elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            fields = {v.field for v in bad.field_violations}
    return error.value.code(), reason, fields  # type: ignore[attr-defined]


def eventually(check: Callable[[], bool], what: str, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


async def _streams(url: str, org: str, shares: str, advice: str, *, create: bool) -> None:
    connection = await nats.connect(url)
    js = connection.jetstream()
    try:
        if create:
            for name, subject in (
                (shares, f"safecase.advisory.shares.{org}.>"),
                (advice, f"safecase.advisory.advice.{org}.>"),
            ):
                await js.add_stream(
                    StreamConfig(
                        name=name,
                        subjects=[subject],
                        storage=StorageType.FILE,
                        duplicate_window=3600.0,
                    )
                )
        else:
            for name in (shares, advice):
                with contextlib.suppress(NotFoundError):
                    await js.delete_stream(name)
    finally:
        await connection.close()


@pytest.fixture
def advisory(database_url: str, nats_url: str, tmp_path: Path) -> Iterator[Advisory]:
    suffix = secrets.token_hex(4)
    org = f"org-{suffix}"
    shares_stream, advice_stream = f"SHARES_{suffix.upper()}", f"ADVICE_{suffix.upper()}"
    asyncio.run(_streams(nats_url, org, shares_stream, advice_stream, create=True))
    engine = open_engine(database_url)
    migrate.upgrade(engine)
    scenario = Scenario("scotland", organisation_id=org)
    clock = Clock(scenario.clock.now)  # the organisation's and the support service's "now"
    support_key = generate_support_key(tmp_path / "keys" / "support.key")
    advice_key = generate_support_key(tmp_path / "org" / "advice.key")
    store = AdvisoryStore(engine, support_key, SUPPORT, clock=clock, members_per_area=2)
    server, port = create_server(store, TokenVerifier([SECRET]))
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    backbone = Backbone(
        nats_url,
        advisory_workers(
            store,
            stream=shares_stream,
            subjects=f"safecase.advisory.shares.{org}.>",
            sweep_seconds=0.2,
            create_stream=False,
        ),
    )
    backbone.start()
    try:
        yield Advisory(
            store=store,
            engine=engine,
            support_key=support_key,
            advice_key=advice_key,
            clock=clock,
            stub=advisory_service_pb2_grpc.AdvisoryServiceStub(channel),  # type: ignore[no-untyped-call]
            channel=channel,
            nats_url=nats_url,
            org=org,
            shares_stream=shares_stream,
            advice_stream=advice_stream,
            scenario=scenario,
        )
    finally:
        backbone.stop()
        channel.close()
        server.stop(None).wait()
        engine.dispose()
        asyncio.run(_streams(nats_url, org, shares_stream, advice_stream, create=False))


def received(a: Advisory, *expertise: str) -> Sent:
    """A share the organisation published and the advisory service has applied."""
    sent = a.share(*expertise)
    a.publish(sent)
    eventually(lambda: a.share_state(sent.share_id) == "SHARED", "the share to arrive")
    return sent


def allocations(a: Advisory, share_id: str) -> dict[str, res.Allocation]:
    share = a.coordinator("GetShare", pb.GetShareRequest(name=f"shares/{share_id}")).share
    return {x.member: x for x in share.allocations}


# --- allocation (G10) ----------------------------------------------------------------------------


def test_a_share_is_allocated_to_available_members_by_the_expertise_it_asks_for(
    advisory: Advisory,
) -> None:
    """Members with an area asked for are allocated (two per area); the others are excluded
    with a code: unavailable, or no area asked for."""
    a = advisory
    lawyers = [a.member(f"law-{i}", res.EXPERTISE_LAW) for i in range(3)]
    hr = a.member("hr-1", res.EXPERTISE_HR)
    away = a.member("sg-away", res.EXPERTISE_SAFEGUARDING, available=False)
    social = a.member("sg-1", res.EXPERTISE_SAFEGUARDING, res.EXPERTISE_LIVED_EXPERIENCE)
    sent = received(a, "LAW", "SAFEGUARDING")

    decided = allocations(a, sent.share_id)
    allocated = {m for m, x in decided.items() if x.outcome == res.ALLOCATION_OUTCOME_ALLOCATED}
    assert len(allocated & {m.name for m in lawyers}) == 2
    assert social.name in allocated
    assert decided[social.name].expertise == res.EXPERTISE_SAFEGUARDING
    spare = ({m.name for m in lawyers} - allocated).pop()
    assert decided[spare].reason == "NOT_SELECTED"
    assert decided[hr.name].reason == "NO_REQUESTED_EXPERTISE"
    assert decided[away.name].reason == "UNAVAILABLE"


def test_a_member_affiliated_with_the_organisation_or_a_club_of_the_case_is_not_allocated(
    advisory: Advisory,
) -> None:
    """G10: a declared affiliation with the sharing organisation (by id or by name) or with a
    party's club excludes the member; the exclusion cites the affiliation, never a name."""
    a = advisory
    club = a.scenario.cast.complainant.affiliations[0].club
    by_id = a.member(
        "sg-org",
        res.EXPERTISE_SAFEGUARDING,
        affiliations=(res.Affiliation(kind=res.AFFILIATION_KIND_ORGANIZATION, organization=a.org),),
    )
    by_club = a.member(
        "sg-club",
        res.EXPERTISE_SAFEGUARDING,
        affiliations=(res.Affiliation(kind=res.AFFILIATION_KIND_CLUB, club=f"  {club.upper()} "),),
    )
    by_name = a.member(
        "sg-name",
        res.EXPERTISE_SAFEGUARDING,
        affiliations=(
            res.Affiliation(kind=res.AFFILIATION_KIND_CLUB, club=a.scenario.organisation.name),
        ),
    )
    clean = a.member(
        "sg-clean",
        res.EXPERTISE_SAFEGUARDING,
        affiliations=(res.Affiliation(kind=res.AFFILIATION_KIND_CLUB, club="Another Club"),),
    )
    sent = received(a, "SAFEGUARDING")

    decided = allocations(a, sent.share_id)
    assert decided[clean.name].outcome == res.ALLOCATION_OUTCOME_ALLOCATED
    assert decided[by_id.name].reason == "CONFLICT_ORGANIZATION"
    assert decided[by_id.name].affiliation == by_id.affiliations[0].id
    assert decided[by_club.name].reason == "CONFLICT_CLUB"
    assert decided[by_club.name].affiliation == by_club.affiliations[0].id
    assert decided[by_name.name].reason == "CONFLICT_CLUB"
    with a.engine.connect() as connection:  # the club's name was never stored
        stored = " ".join(
            str(v)
            for row in connection.execute(text("SELECT * FROM advisory_affiliations"))
            for v in row
        )
    assert club.casefold() not in stored.casefold()
    member = a.call("GetMember", pb.GetMemberRequest(name=by_club.name), "sg-club", Role.ADV)
    assert member.member.affiliations[0].club == ""


# --- who sees a share (G15, G28) ----------------------------------------------------------------


def test_a_member_sees_only_the_shares_allocated_to_them(advisory: Advisory) -> None:
    """A member not allocated gets NOT_FOUND, worded exactly as for a share that does not
    exist, on every path: Get, List, advice."""
    a = advisory
    a.member("law-1", res.EXPERTISE_LAW)
    a.member("hr-1", res.EXPERTISE_HR)
    sent = received(a, "LAW")
    name = f"shares/{sent.share_id}"

    mine = a.call("GetShare", pb.GetShareRequest(name=name), "law-1", Role.ADV).share
    assert mine.packet.question.startswith(QUESTION)
    assert mine.organization == ""  # the member sees the packet's type and size band only
    assert not mine.allocations
    assert [
        s.name for s in a.call("ListShares", pb.ListSharesRequest(), "law-1", Role.ADV).shares
    ] == [name]

    with pytest.raises(grpc.RpcError) as other:
        a.call("GetShare", pb.GetShareRequest(name=name), "hr-1", Role.ADV)
    with pytest.raises(grpc.RpcError) as missing:
        a.call("GetShare", pb.GetShareRequest(name="shares/nothing-here"), "hr-1", Role.ADV)
    assert refusal(other)[:2] == (grpc.StatusCode.NOT_FOUND, "E_NOT_FOUND")
    assert other.value.details() == missing.value.details()  # type: ignore[attr-defined]
    assert not a.call("ListShares", pb.ListSharesRequest(), "hr-1", Role.ADV).shares
    advice = pb.SubmitAdviceRequest(parent=name, advice=res.Advice(opinion="An opinion."))
    with pytest.raises(grpc.RpcError) as advised:
        a.call("SubmitAdvice", advice, "hr-1", Role.ADV)
    assert refusal(advised)[:2] == (grpc.StatusCode.NOT_FOUND, "E_NOT_FOUND")
    with pytest.raises(grpc.RpcError) as listed:
        a.call("ListAdvice", pb.ListAdviceRequest(parent=name), "hr-1", Role.ADV)
    assert refusal(listed)[:2] == (grpc.StatusCode.NOT_FOUND, "E_NOT_FOUND")


def test_a_token_of_another_organisation_is_refused_everywhere(advisory: Advisory) -> None:
    """Only the support organisation's tokens are accepted, on every method; health checking
    answers without a token."""
    a = advisory
    service = pb.DESCRIPTOR.services_by_name["AdvisoryService"]
    for method in service.methods:
        request = getattr(pb, method.input_type.name)()
        with pytest.raises(grpc.RpcError) as refused:
            a.call(method.name, request, "dana", Role.DSL, org=a.org)
        assert refusal(refused)[:2] == (grpc.StatusCode.PERMISSION_DENIED, "E_G28_ACCESS_DENIED")
        with pytest.raises(grpc.RpcError) as anonymous:
            getattr(a.stub, method.name)(request, timeout=TIMEOUT)
        assert anonymous.value.code() == grpc.StatusCode.UNAUTHENTICATED  # type: ignore[attr-defined]
    health = health_pb2_grpc.HealthStub(a.channel)  # type: ignore[no-untyped-call]
    answer = health.Check(health_pb2.HealthCheckRequest(service=service.full_name), timeout=5)
    assert answer.status == health_pb2.HealthCheckResponse.SERVING


def test_roles_other_than_member_and_coordinator_cannot_read_shares(advisory: Advisory) -> None:
    """ADMIN registers members but reads no share (DOMAIN §4.2 row 15)."""
    a = advisory
    with pytest.raises(grpc.RpcError) as refused:
        a.call("ListShares", pb.ListSharesRequest(), "admin-1", Role.ADMIN)
    assert refusal(refused)[:2] == (grpc.StatusCode.PERMISSION_DENIED, "E_G28_ACCESS_DENIED")


# --- advice and the answer (G08) ----------------------------------------------------------------


def test_the_groups_answer_reaches_the_organisation_sealed_to_it(advisory: Advisory) -> None:
    """G08: the members' advice, composed by the coordinator, is sent as one
    AdvisoryAdviceGiven event that only the organisation's advice key opens, labelled advice."""
    a = advisory
    a.member("law-1", res.EXPERTISE_LAW)
    a.member("sg-1", res.EXPERTISE_SAFEGUARDING)
    sent = received(a, "LAW", "SAFEGUARDING")
    name = f"shares/{sent.share_id}"
    given = []
    for subject, opinion in (("law-1", "Restrict to supervised sessions."), ("sg-1", "Refer.")):
        request = pb.SubmitAdviceRequest(
            parent=name,
            request_id=secrets.token_hex(8),
            advice=res.Advice(
                opinion=opinion,
                recommendations=["Review in 28 days"],
                guidance_references=["CMSS guide §3"],
            ),
        )
        given.append(a.call("SubmitAdvice", request, subject, Role.ADV).advice)
        a.clock.now += timedelta(minutes=1)
    own = a.call("ListAdvice", pb.ListAdviceRequest(parent=name), "law-1", Role.ADV).advice
    assert [x.opinion for x in own] == ["Restrict to supervised sessions."]
    assert own[0].label == "Advice to the organisation — not a decision"

    answer = a.coordinator(
        "ComposeAnswer",
        pb.ComposeAnswerRequest(
            parent=name, request_id="compose-1", summary="The group's view, together."
        ),
    ).answer
    assert list(answer.advice) == [g.name for g in given]

    eventually(lambda: len(a.advice_messages()) == 1, "the answer on the ADVICE stream")
    ((subject, msg_id, data),) = a.advice_messages()
    event = from_wire(data)
    assert subject == f"safecase.advisory.advice.{a.org}.{sent.share_id}"
    assert msg_id == event.id == answer.event_id
    assert event.type == "AdvisoryAdviceGiven"
    assert event.organization == a.org
    assert event.case == ""
    assert payload_of(event)["share_id"] == sent.share_id
    assert b"supervised" not in data
    sealed = SealedShare(
        event.sealed.ephemeral_public, event.sealed.wrapped_key, event.sealed.ciphertext
    )
    document = open_share(a.advice_key, sent.share_id, sealed)
    assert document["label"] == "Advice to the organisation — not a decision"
    assert document["summary"] == "The group's view, together."
    assert [x["opinion"] for x in document["advice"]] == [
        "Restrict to supervised sessions.",
        "Refer.",
    ]
    assert all(x["adviser"] and x["adviser"] not in ("law-1", "sg-1") for x in document["advice"])
    with pytest.raises(Exception, match="not sealed to this"):
        open_share(a.support_key, sent.share_id, sealed)
    text_ = sharing.advice_text(document)  # what the organisation records on its case
    assert "Restrict to supervised sessions." in text_

    again = a.coordinator(
        "ComposeAnswer",
        pb.ComposeAnswerRequest(parent=name, request_id="compose-1", summary="ignored"),
    ).answer
    assert again.name == answer.name  # AIP-155: the retry has no second effect
    time.sleep(0.3)
    assert len(a.advice_messages()) == 1


# --- revocation and expiry (G15) ----------------------------------------------------------------


def _everything_stored(engine: Engine) -> str:
    """Every value of every row of every table of the database, as text."""
    parts = []
    with engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("latin-1")
                    parts.append(str(value))
    return "\n".join(parts)


def test_revocation_leaves_no_readable_copy_on_the_advisory_side(
    advisory: Advisory, caplog: pytest.LogCaptureFixture
) -> None:
    """G15: after `.revoked` the content and its data key are gone from every table, the
    SHARES stream holds no message of the share, no log line ever held its content, and the
    allocated member is told the share was revoked."""
    caplog.set_level(logging.DEBUG)
    a = advisory
    a.member("law-1", res.EXPERTISE_LAW)
    sent = received(a, "LAW")
    name = f"shares/{sent.share_id}"
    advice = pb.SubmitAdviceRequest(
        parent=name, advice=res.Advice(opinion=f"Advice mentioning {CANARY}-advice.")
    )
    a.call("SubmitAdvice", advice, "law-1", Role.ADV)
    seen = a.call("GetShare", pb.GetShareRequest(name=name), "law-1", Role.ADV).share
    assert CANARY in seen.packet.question
    key = open_share_key(
        a.support_key,
        sent.share_id,
        SealedShare(sent.event.sealed.ephemeral_public, sent.event.sealed.wrapped_key, ""),
    ).material
    before = _everything_stored(a.engine)
    assert sent.event.sealed.ciphertext in before  # the content was held, sealed

    a.revoke(sent.share_id)
    eventually(lambda: a.share_state(sent.share_id) == "REVOKED", "the revocation")
    eventually(lambda: a.share_messages() == 0, "the stream copies to be purged")

    after = _everything_stored(a.engine)
    for secret in (
        CANARY,
        sent.event.sealed.ciphertext,
        sent.event.sealed.wrapped_key,
        sent.event.sealed.ephemeral_public,
        base64.b64encode(key).decode(),
        key.hex(),
        key.decode("latin-1"),
        "mentioning",
    ):
        assert secret.casefold() not in after.casefold()
    with pytest.raises(grpc.RpcError) as revoked:
        a.call("GetShare", pb.GetShareRequest(name=name), "law-1", Role.ADV)
    assert refusal(revoked)[:2] == (grpc.StatusCode.FAILED_PRECONDITION, "E_G15_SHARE_REVOKED")
    with pytest.raises(grpc.RpcError) as own_advice:
        a.call("ListAdvice", pb.ListAdviceRequest(parent=name), "law-1", Role.ADV)
    assert refusal(own_advice)[1] == "E_G15_SHARE_REVOKED"
    tombstone = a.coordinator("GetShare", pb.GetShareRequest(name=name)).share
    assert tombstone.state == res.SHARE_STATE_REVOKED
    assert not tombstone.HasField("packet")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert CANARY.casefold() not in logged.casefold()
    assert "mentioning" not in logged

    a.publish(sent, msg_id=secrets.token_hex(8))  # a late redelivery of the publication
    eventually(lambda: a.share_messages() == 0, "the late copy to be purged")
    assert a.share_state(sent.share_id) == "REVOKED"
    assert CANARY.casefold() not in _everything_stored(a.engine).casefold()


def test_an_expired_share_is_unreadable_and_shredded_on_the_next_read(advisory: Advisory) -> None:
    """G15: past `expires_at` the share ends at the first read, even before any sweep."""
    a = advisory
    a.member("law-1", res.EXPERTISE_LAW)
    sent = received(a, "LAW")
    a.clock.now += timedelta(days=15)
    with pytest.raises(grpc.RpcError) as expired:
        a.call("GetShare", pb.GetShareRequest(name=f"shares/{sent.share_id}"), "law-1", Role.ADV)
    assert refusal(expired)[1] == "E_G15_SHARE_REVOKED"
    assert a.share_state(sent.share_id) == "EXPIRED"
    assert sent.event.sealed.ciphertext not in _everything_stored(a.engine)
    eventually(lambda: a.share_messages() == 0, "the stream copy to be purged")


# --- exactly once, audit ------------------------------------------------------------------------


def test_a_duplicate_delivery_has_one_effect(advisory: Advisory) -> None:
    """The same event delivered again (another Nats-Msg-Id, beyond the broker's window) finds
    its id in the inbox; a retried SubmitAdvice with the same request_id records one advice."""
    a = advisory
    a.member("law-1", res.EXPERTISE_LAW)
    sent = received(a, "LAW")
    a.publish(sent, msg_id=secrets.token_hex(8))
    a.publish(sent)  # the broker drops this one (same Nats-Msg-Id)
    eventually(lambda: a.share_messages() == 2, "both deliveries in the stream")
    time.sleep(0.5)
    with a.engine.connect() as connection:
        shares = connection.execute(text("SELECT count(*) FROM advisory_shares")).scalar()
        decided = connection.execute(text("SELECT count(*) FROM advisory_allocations")).scalar()
        inbox = connection.execute(text("SELECT count(*) FROM advisory_inbox")).scalar()
    assert (shares, decided, inbox) == (1, 1, 1)

    request = pb.SubmitAdviceRequest(
        parent=f"shares/{sent.share_id}", request_id="advice-1", advice=res.Advice(opinion="One.")
    )
    first = a.call("SubmitAdvice", request, "law-1", Role.ADV).advice
    second = a.call("SubmitAdvice", request, "law-1", Role.ADV).advice
    assert first.name == second.name
    listed = a.call(
        "ListAdvice", pb.ListAdviceRequest(parent=f"shares/{sent.share_id}"), "law-1", Role.ADV
    )
    assert len(listed.advice) == 1


def test_every_view_of_a_share_is_audited_and_the_chain_verifies(advisory: Advisory) -> None:
    """G31: each Get and List of a share, allowed or refused, is an entry of the hash-chained
    access log: who, in which role, which share, when, and the outcome."""
    a = advisory
    a.member("law-1", res.EXPERTISE_LAW)
    a.member("hr-1", res.EXPERTISE_HR)
    sent = received(a, "LAW")
    name = f"shares/{sent.share_id}"
    a.call("GetShare", pb.GetShareRequest(name=name), "law-1", Role.ADV)
    a.call("ListShares", pb.ListSharesRequest(), "law-1", Role.ADV)
    with pytest.raises(grpc.RpcError):
        a.call("GetShare", pb.GetShareRequest(name=name), "hr-1", Role.ADV)
    a.coordinator("GetShare", pb.GetShareRequest(name=name))

    with a.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT actor_person_id, acting_role, command, object_id, outcome, ts "
                "FROM advisory_access_log ORDER BY seq"
            )
        ).all()
    assert [tuple(r[:5]) for r in rows] == [
        ("law-1", "ADV", "get_share", sent.share_id, "ALLOWED"),
        ("law-1", "ADV", "list_shares", sent.share_id, "ALLOWED"),
        ("hr-1", "ADV", "get_share", sent.share_id, "REFUSED:E_NOT_FOUND"),
        ("coordinator-1", "DSL", "get_share", sent.share_id, "ALLOWED"),
    ]
    assert all(r[5] is not None for r in rows)
    verified = a.call("VerifyAccessLog", pb.VerifyAccessLogRequest(), "auditor", Role.AUD)
    assert (verified.entries, verified.intact) == (4, True)
    with a.engine.begin() as connection:  # an edit anywhere breaks the chain
        connection.execute(
            text("UPDATE advisory_access_log SET actor_person_id = 'someone' WHERE seq = 2")
        )
    broken = a.call("VerifyAccessLog", pb.VerifyAccessLogRequest(), "auditor", Role.AUD)
    assert (broken.intact, broken.first_broken) == (False, 2)


# --- the member registry ------------------------------------------------------------------------


def test_member_registration_reports_every_bad_field_and_pages(advisory: Advisory) -> None:
    """INVALID_ARGUMENT names each bad field; ListMembers pages with page_size/page_token."""
    a = advisory
    bad = pb.CreateMemberRequest(
        member=res.Member(
            subject="",
            affiliations=[res.Affiliation(kind=res.AFFILIATION_KIND_CLUB)],
        )
    )
    with pytest.raises(grpc.RpcError) as refused:
        a.call("CreateMember", bad, "admin-1", Role.ADMIN)
    code, reason, fields = refusal(refused)
    assert (code, reason) == (grpc.StatusCode.INVALID_ARGUMENT, "E_INVALID_ARGUMENT")
    assert fields == {"member.subject", "member.expertise", "member.affiliations[0].club"}
    created = [a.member(f"m-{i}", res.EXPERTISE_HR) for i in range(3)]
    names, token = [], ""
    while True:
        page = a.coordinator("ListMembers", pb.ListMembersRequest(page_size=2, page_token=token))
        names += [m.name for m in page.members]
        token = page.next_page_token
        if not token:
            break
    assert sorted(names) == sorted(m.name for m in created)
    with pytest.raises(grpc.RpcError) as bad_token:
        a.coordinator("ListMembers", pb.ListMembersRequest(page_token="not-a-token"))
    assert refusal(bad_token)[2] == {"page_token"}
    member = created[0]
    stale = pb.SetMemberAvailabilityRequest(name=member.name, available=False, etag='W/"v9"')
    with pytest.raises(grpc.RpcError) as conflict:
        a.call("SetMemberAvailability", stale, "m-0", Role.ADV)
    assert refusal(conflict)[0] == grpc.StatusCode.ABORTED
    current = pb.SetMemberAvailabilityRequest(name=member.name, available=False, etag=member.etag)
    assert not a.call("SetMemberAvailability", current, "m-0", Role.ADV).member.available


def test_a_member_offered_to_hearing_panels_has_one_reference_per_organisation(
    advisory: Advisory,
) -> None:
    """FAQ 6 / G26: a member offered to a hearing panel is external, known to each
    organisation by a reference of its own; an affiliated member is refused (G10)."""
    a = advisory
    member = a.member(
        "sg-1",
        res.EXPERTISE_SAFEGUARDING,
        affiliations=(
            res.Affiliation(kind=res.AFFILIATION_KIND_ORGANIZATION, organization="org-z"),
        ),
    )
    offers = {}
    for org in (a.org, "org-b"):
        offer = res.PanelOffer(organization=org, member_type="SAFEGUARDING_EXPERT")
        offer.available_from.FromDatetime(a.clock())
        offer.available_until.FromDatetime(a.clock() + timedelta(days=90))
        offers[org] = a.coordinator(
            "OfferPanelMember", pb.OfferPanelMemberRequest(parent=member.name, panel_offer=offer)
        ).panel_offer
    assert offers[a.org].member_reference != offers["org-b"].member_reference
    assert offers[a.org].external
    assert offers[a.org].safeguarding_knowledge
    again = res.PanelOffer(organization=a.org)
    again.available_from.FromDatetime(a.clock())
    again.available_until.FromDatetime(a.clock() + timedelta(days=1))
    repeated = a.coordinator(
        "OfferPanelMember", pb.OfferPanelMemberRequest(parent=member.name, panel_offer=again)
    ).panel_offer
    assert repeated.member_reference == offers[a.org].member_reference
    conflicted = res.PanelOffer(organization="org-z")
    conflicted.available_from.FromDatetime(a.clock())
    conflicted.available_until.FromDatetime(a.clock() + timedelta(days=1))
    with pytest.raises(grpc.RpcError) as refused:
        a.coordinator(
            "OfferPanelMember",
            pb.OfferPanelMemberRequest(parent=member.name, panel_offer=conflicted),
        )
    assert refusal(refused)[:2] == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "E_G10_CONFLICT_OF_INTEREST",
    )
