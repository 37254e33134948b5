"""Advisory sharing across a running network: two governing bodies and their support service on
one NATS server with an account each (:class:`safecase.services.stack.network.Network`), every
step over gRPC, every crossing over the real accounts.

Organisation A asks the support service about a case: the complainant consents, the case
manager previews the pseudonymised packet and publishes it (G11, G12). Organisation B has a case
of its own that it never shares, and nothing of it reaches the support service. The support
service's coordinator has registered two members: one affiliated with organisation A, whom the
conflict check leaves out and who sees nothing (G10), and one who is allocated, reads the
packet without a single party's name and advises. The coordinator composes the answer; it
travels back into A's own stream and is attached to the case as advice, never changing the
case's state (G08). When the complainant withdraws consent, A revokes the share and the support
service's copy becomes unreadable: its content and data key are deleted (G15).

The steps that cross the network are asynchronous, so each is awaited with a deadline. One
network serves the module; each stage is a module fixture built on the one before, so that any
test can run alone and still walks the flow up to its own stage.
"""

from __future__ import annotations

import asyncio
import json
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
from google.protobuf import json_format
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from sqlalchemy import text

from safecase.advisory.v1 import advisory_service_pb2 as apb
from safecase.advisory.v1 import advisory_service_pb2_grpc
from safecase.advisory.v1 import resources_pb2 as ares
from safecase.core.case import Case
from safecase.core.redaction import fold
from safecase.core.states import Role
from safecase.core.testing import Clock, Scenario
from safecase.intake.v1 import intake_service_pb2 as pb
from safecase.intake.v1 import intake_service_pb2_grpc
from safecase.intake.v1 import resources_pb2 as res
from safecase.services.common.auth import TokenIssuer
from safecase.services.stack.launcher import dev_secret
from safecase.services.stack.network import Network, OrganisationPlan
from safecase.services.stack.network_clients import (
    QUESTION,
    OrganisationClient,
    SupportClient,
)

ORG_A, ORG_B = "org-a", "org-b"
TIMEOUT = 20.0  # seconds: the deadline of every call
CROSSING = 30.0  # seconds: how long a step that crosses the network may take
OPINION = "A restriction to supervised sessions is proportionate while the facts are found."
ANSWER = "The group advises supervised sessions until the investigation concludes."
CONFLICTED, ALLOCATED = "member-affiliated", "member-independent"


# --- the two sides ------------------------------------------------------------------------------


def reason_of(error: grpc.RpcError) -> tuple[grpc.StatusCode, str]:
    """The status code and ``google.rpc.ErrorInfo.reason`` of a refused call."""
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    reason = ""
    for detail in status.details if status is not None else []:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            reason = info.reason
    return error.code(), reason


def eventually(check: Callable[[], Any], what: str, seconds: float = CROSSING) -> Any:
    """Poll ``check`` until it returns something truthy, or fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds:.0f}s waiting for {what}")
        time.sleep(0.1)


class Organisation(OrganisationClient):
    """A governing body of the network, reached as its staff reach it: over intake's gRPC."""

    def state(self, case: Case) -> int:
        return int(self.call("GetCase", pb.GetCaseRequest(name=self.name(case))).case.state)


@dataclass
class Support(SupportClient):
    """The support service's advisory API, and what its database and stream hold."""

    network: Network = field(kw_only=True)

    def rows(self, sql: str, **params: Any) -> list[tuple[Any, ...]]:
        assert self.network.advisory is not None
        with self.network.advisory.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]

    def share_state(self, share_id: str) -> str | None:
        found = self.rows("SELECT state FROM advisory_shares WHERE id = :id", id=share_id)
        return str(found[0][0]) if found else None

    def stream_subjects(self) -> list[str]:
        """The subject of every message in the support account's ``SHARES`` stream."""
        nats_server = self.network.nats
        assert nats_server is not None
        assert nats_server.accounts is not None
        url = nats_server.url_for(nats_server.accounts.support)

        async def read() -> list[str]:
            connection = await nats.connect(url, connect_timeout=2)
            try:
                js = connection.jetstream()
                state = (await js.stream_info("SHARES")).state
                if not state.messages:
                    return []
                subjects = []
                for seq in range(state.first_seq, state.last_seq + 1):
                    try:
                        message = await js.get_msg("SHARES", seq)
                    except nats.js.errors.NotFoundError:
                        continue
                    subjects.append(str(message.subject))
                return subjects
            finally:
                await connection.close()

        return asyncio.run(read())


@dataclass
class World:
    network: Network
    a: Organisation
    b: Organisation
    support: Support
    conflicted: ares.Member
    allocated: ares.Member


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """Organisations A (Scotland) and B (England) and the support service, running; the
    coordinator's group has one member affiliated with A and one independent of both."""
    directory: Path = tmp_path_factory.mktemp("network")
    network = Network(
        directory, [OrganisationPlan(ORG_A, "scotland"), OrganisationPlan(ORG_B, "england")]
    )
    network.start()
    channels: list[grpc.Channel] = []
    try:
        sides = {}
        for organisation_id, plugin in ((ORG_A, "scotland"), (ORG_B, "england")):
            member = network.members[organisation_id]
            # the scenario's fixed clock, set at the real time: the data sharing agreement the
            # network recorded (G11) is valid now, and nothing expires while the module runs
            member.intake.clock = Clock(datetime.now(UTC))
            scenario = Scenario(plugin, organisation_id=organisation_id, instance=member.intake)
            channel = grpc.insecure_channel(f"127.0.0.1:{member.stack.intake_port}")
            channels.append(channel)
            sides[organisation_id] = Organisation(
                organisation_id,
                scenario,
                intake_service_pb2_grpc.IntakeServiceStub(channel),  # type: ignore[no-untyped-call]
                dev_secret(member.directory),
                TIMEOUT,
            )
        channel = grpc.insecure_channel(f"127.0.0.1:{network.advisory_port}")
        channels.append(channel)
        support = Support(
            advisory_service_pb2_grpc.AdvisoryServiceStub(channel),  # type: ignore[no-untyped-call]
            dev_secret(network.support_directory),
            TIMEOUT,
            network=network,
        )
        conflicted = support.register(
            CONFLICTED,
            ares.Affiliation(kind=ares.AFFILIATION_KIND_ORGANIZATION, organization=ORG_A),
        )
        allocated = support.register(
            ALLOCATED, ares.Affiliation(kind=ares.AFFILIATION_KIND_CLUB, club="Another Club")
        )
        yield World(network, sides[ORG_A], sides[ORG_B], support, conflicted, allocated)
    finally:
        for channel in channels:
            channel.close()
        network.stop()


# --- the stages of the flow ---------------------------------------------------------------------


@dataclass
class Published:
    case: Case
    share_id: str
    preview: pb.PreviewShareResponse
    published: pb.PublishShareResponse
    unshared: Case  # organisation B's case, consented and drafted but never published


@pytest.fixture(scope="module")
def published(world: World) -> Published:
    """A's case previewed and published, B's case kept at home; A's share has arrived."""
    a, b = world.a, world.b
    unshared = b.drafted()
    case = a.drafted()
    preview = a.call("PreviewShare", a.terms(case, pb.PreviewShareRequest))
    response = a.call("PublishShare", a.terms(case, pb.PublishShareRequest))
    share_id = response.advisory_share.name.rsplit("/", 1)[1]
    eventually(
        lambda: world.support.share_state(share_id) == "SHARED", "the share at the support service"
    )
    return Published(case, share_id, preview, response, unshared)


@dataclass
class Advised:
    state_before: int
    advice: ares.Advice
    answer: ares.Answer
    received: list[res.Advice]
    state_after: int


@pytest.fixture(scope="module")
def advised(world: World, published: Published) -> Advised:
    """The allocated member advises, the coordinator composes the answer, A attaches it."""
    a, support = world.a, world.support
    name = f"shares/{published.share_id}"
    before = a.state(published.case)
    advice = support.member(
        ALLOCATED,
        "SubmitAdvice",
        apb.SubmitAdviceRequest(
            parent=name,
            request_id=secrets.token_hex(8),
            advice=ares.Advice(opinion=OPINION, recommendations=["Review in 28 days"]),
        ),
    ).advice
    answer = support.coordinator(
        "ComposeAnswer",
        apb.ComposeAnswerRequest(parent=name, request_id=secrets.token_hex(8), summary=ANSWER),
    ).answer
    received = eventually(lambda: a.advice(published.case), "the advice at organisation A")
    return Advised(before, advice, answer, received, a.state(published.case))


@pytest.fixture(scope="module")
def withdrawn(world: World, advised: Advised, published: Published) -> pb.WithdrawConsentResponse:
    """The complainant withdraws consent at A; the revocation has reached the support service."""
    a = world.a
    response: pb.WithdrawConsentResponse = a.call(
        "WithdrawConsent",
        pb.WithdrawConsentRequest(
            name=a.name(published.case), purpose=res.CONSENT_PURPOSE_ADVISORY_SHARE
        ),
        Role.COMP,
    )
    eventually(
        lambda: world.support.share_state(published.share_id) == "REVOKED",
        "the revocation at the support service",
    )
    return response


# --- the specifications -------------------------------------------------------------------------


def packet_text(message: Any) -> str:
    return fold(json.dumps(json_format.MessageToDict(message), sort_keys=True))


def test_g11_g12_a_consented_case_is_previewed_pseudonymised_then_published_to_the_support_service(
    world: World, published: Published
) -> None:
    """G11: consent recorded and a data sharing agreement in force, A may share; G12: the
    preview shows the packet as it would leave, persons by pseudonym and age band, and the
    published packet is the one that arrived at the support service."""
    a = world.a
    preview, response = published.preview, published.published
    shown = packet_text(preview.packet)
    for identifier in a.identifiers():
        assert fold(identifier) not in shown, identifier
    roles = {p.role: p for p in preview.packet.persons}
    assert roles["COMPLAINANT"].pseudonym.startswith("Complainant ")
    assert roles["COMPLAINANT"].age_band == "12–15"
    assert preview.question == QUESTION
    assert response.advisory_share.state == res.ADVISORY_SHARE_STATE_SHARED
    assert response.advisory_share.packet.packet_id != preview.packet.packet_id  # drawn afresh
    seen = world.support.coordinator(
        "GetShare", apb.GetShareRequest(name=f"shares/{published.share_id}")
    ).share
    assert seen.organization == ORG_A
    assert seen.packet.packet_id == response.advisory_share.packet.packet_id
    assert seen.packet.question == QUESTION
    assert published.case.id not in seen.SerializeToString().decode("latin-1")


def test_g11_a_case_another_organisation_never_shared_never_reaches_the_support_service(
    world: World, published: Published
) -> None:
    """B recorded consent and drafted a request but published nothing: the support service
    holds A's share only, in its database, its API and its ``SHARES`` stream."""
    support = world.support
    listed = support.coordinator("ListShares", apb.ListSharesRequest()).shares
    assert [s.name for s in listed] == [f"shares/{published.share_id}"]
    assert {s.organization for s in listed} == {ORG_A}
    assert support.rows("SELECT organisation_id FROM advisory_shares") == [(ORG_A,)]
    subjects = support.stream_subjects()
    assert subjects
    assert all(s.startswith(f"safecase.advisory.shares.{ORG_A}.") for s in subjects)
    b_case = world.b.call("GetCase", pb.GetCaseRequest(name=world.b.name(published.unshared))).case
    assert b_case.name == world.b.name(published.unshared)  # it exists, at home only


def test_g10_g15_a_member_affiliated_with_the_sharing_organisation_is_not_allocated_nor_shown(
    world: World, published: Published
) -> None:
    """G10: the member who declared an affiliation with A is left out of the allocation; G15:
    a share not allocated to a member is, to them, a share that does not exist."""
    support = world.support
    name = f"shares/{published.share_id}"
    share = support.coordinator("GetShare", apb.GetShareRequest(name=name)).share
    decided = {x.member: x for x in share.allocations}
    assert decided[world.conflicted.name].outcome != ares.ALLOCATION_OUTCOME_ALLOCATED
    assert decided[world.conflicted.name].reason == "CONFLICT_ORGANIZATION"
    assert decided[world.allocated.name].outcome == ares.ALLOCATION_OUTCOME_ALLOCATED

    assert not support.member(CONFLICTED, "ListShares", apb.ListSharesRequest()).shares
    with pytest.raises(grpc.RpcError) as refused:
        support.member(CONFLICTED, "GetShare", apb.GetShareRequest(name=name))
    assert reason_of(refused.value) == (grpc.StatusCode.NOT_FOUND, "E_NOT_FOUND")


def test_g12_the_allocated_member_sees_the_packet_without_any_party_name(
    world: World, published: Published
) -> None:
    """G12: the allocated member reads the pseudonymised packet, and no name, contact or club
    of the case, nor the organisation's id or name."""
    support = world.support
    name = f"shares/{published.share_id}"
    listed = support.member(ALLOCATED, "ListShares", apb.ListSharesRequest()).shares
    assert [s.name for s in listed] == [name]
    share = support.member(ALLOCATED, "GetShare", apb.GetShareRequest(name=name)).share
    assert share.packet.question == QUESTION
    assert share.organization == ""
    assert not share.allocations
    shown = packet_text(share)
    for identifier in [*world.a.identifiers(), ORG_A]:
        assert fold(identifier) not in shown, identifier


def test_g08_advice_returns_to_the_organisation_as_advice_and_leaves_the_case_state_unchanged(
    world: World, published: Published, advised: Advised
) -> None:
    """G08: the member's advice, composed by the coordinator, reaches A through its own
    ``ADVICE`` stream and is attached to the case, labelled advice and not a decision; the
    case's state is what it was before the advice."""
    (attached,) = advised.received
    assert attached.label == "Advice to the organisation — not a decision"
    assert ANSWER in attached.text
    assert OPINION in attached.text
    assert attached.member == world.a.scenario.cast.advisers[0].id
    assert list(advised.answer.advice) == [advised.advice.name]
    assert advised.state_after == advised.state_before == res.CASE_STATE_TRIAGED
    shown = world.a.call("GetCase", pb.GetCaseRequest(name=world.a.name(published.case))).case
    assert shown.state == res.CASE_STATE_TRIAGED
    # B's case heard nothing of it
    assert world.b.advice(published.unshared) == []


def test_g15_withdrawn_consent_leaves_no_readable_copy_at_the_support_service(
    world: World, published: Published, advised: Advised, withdrawn: pb.WithdrawConsentResponse
) -> None:
    """G15: the complainant withdraws consent at A; the share is revoked at home, and at the
    support service its content and its data key are deleted, the members' advice is no longer
    readable, and the allocated member can no longer read it. The advice already attached at
    A stays (§1.7)."""
    support = world.support
    share_id = published.share_id
    name = f"shares/{share_id}"
    for table in ("advisory_share_contents", "advisory_share_keys"):
        assert support.rows(f"SELECT * FROM {table} WHERE share_id = :id", id=share_id) == []
    sealed = support.rows(
        "SELECT sealed FROM advisory_advice WHERE share_id = :id "
        "UNION ALL SELECT sealed FROM advisory_answers WHERE share_id = :id",
        id=share_id,
    )
    assert sealed
    assert all(row == (None,) for row in sealed)
    with pytest.raises(grpc.RpcError) as refused:
        support.member(ALLOCATED, "GetShare", apb.GetShareRequest(name=name))
    # the advisory service's contract for a member who was allocated: the share is gone, and
    # the member is told why (a member never allocated gets NOT_FOUND, as above)
    assert reason_of(refused.value) == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "E_G15_SHARE_REVOKED",
    )
    assert not support.member(ALLOCATED, "ListShares", apb.ListSharesRequest()).shares
    tombstone = support.coordinator("GetShare", apb.GetShareRequest(name=name)).share
    assert tombstone.state == ares.SHARE_STATE_REVOKED
    assert not tombstone.HasField("packet")
    eventually(
        lambda: not any(share_id in s for s in support.stream_subjects()),
        "the share's messages to leave the SHARES stream",
    )
    assert len(world.a.advice(published.case)) == 1


def test_the_sharing_demo_walks_the_flow_and_shows_what_each_side_sees(tmp_path: Path) -> None:
    """``safecase sharing-demo`` on its own network: every step as the rules say (G08, G10,
    G11, G12, G15), and nothing left running."""
    from safecase.services.stack.sharing_demo import run_sharing_demo

    lines: list[str] = []
    assert run_sharing_demo(tmp_path / "demo", report=lines.append), "\n".join(lines)
    shown = "\n".join(lines)
    assert "GetShare -> NOT_FOUND E_NOT_FOUND (G10)" in shown
    assert "GetShare -> FAILED_PRECONDITION E_G15_SHARE_REVOKED" in shown
    assert "Advice to the organisation — not a decision" in shown
    assert "Jamie Swimmer" not in shown


def test_g26_a_member_the_support_service_offers_sits_on_the_organisations_panel_as_external(
    world: World,
) -> None:
    """FAQ 6 / G26: the support service offers an independent panel member to organisation A;
    A's hearings service appoints them, known only by the reference the offer gave A."""
    from safecase.core.people import Person
    from safecase.hearings.v1 import hearings_service_pb2 as hpb
    from safecase.hearings.v1 import hearings_service_pb2_grpc
    from safecase.hearings.v1 import resources_pb2 as hres

    a, support = world.a, world.support
    offer = ares.PanelOffer(organization=ORG_A, member_type="SAFEGUARDING_EXPERT")
    offer.available_from.FromDatetime(datetime.now(UTC))
    offer.available_until.FromDatetime(datetime.now(UTC) + timedelta(days=90))
    offered = support.coordinator(
        "OfferPanelMember",
        apb.OfferPanelMemberRequest(parent=world.allocated.name, panel_offer=offer),
    ).panel_offer
    assert offered.external
    assert offered.member_reference
    member = world.network.members[ORG_A]
    external = Person(id=offered.member_reference, name="External member (support service)")
    member.hearings.add_person(external)  # A knows the member by the reference alone
    s = a.scenario
    for person in s.cast.panel:
        member.hearings.add_person(person)
    case = s.risk_assessed(s.concluded(s.investigating(s.triaged(severity="MEDIUM"))))

    def projected() -> bool:
        with member.hearings.unit() as unit:
            return unit.store.exists(case.id) and unit.store.get(case.id).updated_at >= (
                case.updated_at
            )

    eventually(projected, "the hand-over of the case to A's hearings")
    size = s.rule_set.panel[case.severity or ""].size
    assert size >= 2, "a panel with room for the external member"
    people = [*(p.id for p in s.cast.panel[: size - 1]), external.id]
    file = f"organizations/{ORG_A}/cases/{case.id}/hearingFile"
    with grpc.insecure_channel(f"127.0.0.1:{member.stack.hearings_port}") as channel:
        stub = hearings_service_pb2_grpc.HearingsServiceStub(channel)  # type: ignore[no-untyped-call]

        def call(method: str, request: Any, who: str, role: Role) -> Any:
            token = TokenIssuer(a.secret).issue(who, ORG_A, [role])
            metadata = (("authorization", f"Bearer {token}"), ("x-safecase-role", role.value))
            return getattr(stub, method)(request, timeout=TIMEOUT, metadata=metadata)

        for person_id in people:
            call("DeclareConflicts", hpb.DeclareConflictsRequest(name=file), person_id, Role.PANEL)
        members = [
            hres.PanelMember(person=p, chair=i == 0, external=p == external.id)
            for i, p in enumerate(people)
        ]
        appointed = call(
            "AppointPanel",
            hpb.AppointPanelRequest(name=file, members=members),
            s.cast.cmg[0].id,
            Role.CMG,
        )
    sitting = {m.person: m.external for m in appointed.panel.members}
    assert sitting[external.id] is True
    assert [p for p, is_external in sitting.items() if is_external] == [external.id]


def test_a_token_of_organisation_a_is_refused_everywhere_in_organisation_b(world: World) -> None:
    """Each organisation's instance has its own keys: A's bearer token opens nothing at B."""
    from safecase.hearings.v1 import hearings_service_pb2 as hpb
    from safecase.hearings.v1 import hearings_service_pb2_grpc

    a = world.a
    token = TokenIssuer(a.secret).issue(a.scenario.cast.dsl.id, ORG_A, [Role.DSL])
    b_token_for_a = TokenIssuer(a.secret).issue(a.scenario.cast.dsl.id, ORG_B, [Role.DSL])
    member = world.network.members[ORG_B]
    calls = [
        (
            intake_service_pb2_grpc.IntakeServiceStub,
            member.stack.intake_port,
            "ListCases",
            pb.ListCasesRequest(parent=f"organizations/{ORG_B}"),
        ),
        (
            hearings_service_pb2_grpc.HearingsServiceStub,
            member.stack.hearings_port,
            "ListHearingFiles",
            hpb.ListHearingFilesRequest(parent=f"organizations/{ORG_B}"),
        ),
    ]
    for stub_type, port, method, request in calls:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = stub_type(channel)
            for bearer in (token, b_token_for_a):  # A's claim, or B's claim signed with A's key
                metadata = (("authorization", f"Bearer {bearer}"), ("x-safecase-role", "DSL"))
                with pytest.raises(grpc.RpcError) as refused:
                    getattr(stub, method)(request, timeout=TIMEOUT, metadata=metadata)
                assert refused.value.code() in {
                    grpc.StatusCode.UNAUTHENTICATED,
                    grpc.StatusCode.PERMISSION_DENIED,
                }, (method, refused.value.code())
