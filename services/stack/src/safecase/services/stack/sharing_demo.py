"""Advisory sharing across a running network: ``safecase sharing-demo``.

Two governing bodies (``org-a`` on Scotland's rules, ``org-b`` on England's) and their support
service start on one NATS server with an account each
(:class:`safecase.services.stack.network.Network`), in a fresh data directory. The demo then
walks one request for advice as the people involved would, over gRPC, and after each step
prints what each side can see, because what matters in sharing is what does *not* travel:

- the support service's administrator registers two members, one affiliated with ``org-a``;
- ``org-b`` records consent on a case and drafts a request, but never publishes it;
- ``org-a`` records the complainant's consent, previews the pseudonymised packet and
  publishes it (G11, G12);
- the support service receives ``org-a``'s share only; the affiliated member is not allocated
  and sees nothing (G10); the other reads the packet, which names no party, and advises;
- the coordinator composes the answer; it reaches ``org-a`` as advice, never as a decision,
  and the case's state does not change (G08);
- the complainant withdraws consent; the support service's copy becomes unreadable (G15).

The cases are opened and triaged through the core (the intake API's report and triage steps are
what ``safecase stack-demo`` shows); every step of sharing is a gRPC call with a deadline, and
every step that crosses the network is awaited with a deadline. The network is stopped before
the demo returns. Names in the demo are fictional.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import json_format
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from safecase.advisory.v1 import advisory_service_pb2 as apb
from safecase.advisory.v1 import advisory_service_pb2_grpc
from safecase.advisory.v1 import resources_pb2 as ares
from safecase.core.case import Case
from safecase.core.errors import SafecaseError
from safecase.core.redaction import fold
from safecase.core.settings import ConfigurationError
from safecase.core.states import Role
from safecase.core.testing.clock import Clock
from safecase.core.testing.scenario import Scenario
from safecase.intake.v1 import intake_service_pb2 as pb
from safecase.intake.v1 import intake_service_pb2_grpc
from safecase.intake.v1 import resources_pb2 as res
from safecase.services.stack.launcher import dev_secret
from safecase.services.stack.network import SUPPORT_ID, Network, OrganisationPlan
from safecase.services.stack.network_clients import (
    OrganisationClient,
    SupportClient,
)

__all__ = ["SharingDemoFailed", "run_sharing_demo"]

ORG_A, ORG_B = OrganisationPlan("org-a", "scotland"), OrganisationPlan("org-b", "england")
CROSSING = 30.0  # seconds: how long a step that crosses the network may take
OPINION = "A restriction to supervised sessions is proportionate while the facts are found."
ANSWER = "The group advises supervised sessions until the investigation concludes."
AFFILIATED, INDEPENDENT = "member-affiliated", "member-independent"


class SharingDemoFailed(SafecaseError):
    """A step of the demo did not go as the rules say it should."""

    reason = "E_DEMO"


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise SharingDemoFailed(what)


def _refusal(error: grpc.RpcError) -> str:
    """``CODE reason`` of a refused call, as ``google.rpc.ErrorInfo`` carries the reason."""
    if not isinstance(error, grpc.Call):
        return f"UNKNOWN {error}"
    status = rpc_status.from_call(error)
    reason = ""
    for detail in status.details if status is not None else []:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            reason = info.reason
    return f"{error.code().name} {reason}".strip()


def _waited(check: Callable[[], Any], what: str) -> tuple[Any, float]:
    """Poll ``check`` until it returns something truthy; the result and the seconds waited."""
    started = time.monotonic()
    while True:
        found = check()
        if found:
            return found, time.monotonic() - started
        if time.monotonic() - started > CROSSING:
            raise SharingDemoFailed(f"timed out after {CROSSING:.0f}s waiting for {what}")
        time.sleep(0.1)


@dataclass
class _Organisation(OrganisationClient):
    """A governing body of the demo, and what the demo reports of it."""

    def state(self, case: Case) -> str:
        shown = self.call("GetCase", pb.GetCaseRequest(name=self.name(case))).case
        return str(res.CaseState.Name(shown.state)).removeprefix("CASE_STATE_")

    def identifiers(self) -> list[str]:
        """Names, contacts and clubs of the case, and the organisation's id: none may leave in
        a packet (G12)."""
        return [*super().identifiers(), self.id]


def _organisation(network: Network, plan: OrganisationPlan) -> tuple[_Organisation, grpc.Channel]:
    member = network.members[plan.id]
    # the cases are walked through the core on a fixed clock set at the real time: the data
    # sharing agreement the network recorded (G11) is in force, and nothing expires meanwhile
    member.intake.clock = Clock(datetime.now(UTC))
    scenario = Scenario(plan.plugin, organisation_id=plan.id, instance=member.intake)
    channel = grpc.insecure_channel(f"127.0.0.1:{member.stack.intake_port}")
    stub = intake_service_pb2_grpc.IntakeServiceStub(channel)  # type: ignore[no-untyped-call]
    return _Organisation(plan.id, scenario, stub, dev_secret(member.directory)), channel


def run_sharing_demo(directory: Path, report: Callable[[str], None] = print) -> bool:
    """Start a network in the empty ``directory``, walk one request for advice across it and
    report what each side sees; True when every step went as the rules say.

    The network is stopped before this returns, whether the walk succeeded or not.
    """
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ConfigurationError(f"{directory} is not empty: the demo needs a fresh directory")
    network = Network(directory, [ORG_A, ORG_B])
    report(f"safecase sharing demo: {ORG_A.id}, {ORG_B.id} and the support service in {directory}")
    network.start()
    channels: list[grpc.Channel] = []
    try:
        a, channel = _organisation(network, ORG_A)
        channels.append(channel)
        b, channel = _organisation(network, ORG_B)
        channels.append(channel)
        channel = grpc.insecure_channel(f"127.0.0.1:{network.advisory_port}")
        channels.append(channel)
        support = SupportClient(
            advisory_service_pb2_grpc.AdvisoryServiceStub(channel),  # type: ignore[no-untyped-call]
            dev_secret(network.support_directory),
        )
        for member in network.members.values():
            report(
                f"  {member.plan.id}: intake 127.0.0.1:{member.stack.intake_port} "
                f"({member.plan.plugin})"
            )
        report(f"  {SUPPORT_ID}: advisory 127.0.0.1:{network.advisory_port}")
        _walk(a, b, support, report)
    except SharingDemoFailed as failed:
        report(f"FAILED: {failed}")
        return False
    finally:
        for channel in channels:
            channel.close()
        network.stop()
    report("Every step went as the rules say; the network is stopped.")
    return True


def _walk(
    a: _Organisation, b: _Organisation, support: SupportClient, report: Callable[[str], None]
) -> None:
    report("")
    report("1. The support service registers its group's members")
    affiliated = support.register(
        AFFILIATED,
        ares.Affiliation(kind=ares.AFFILIATION_KIND_ORGANIZATION, organization=a.id),
    )
    independent = support.register(
        INDEPENDENT, ares.Affiliation(kind=ares.AFFILIATION_KIND_CLUB, club="Another Club")
    )
    report(f"   {AFFILIATED}: safeguarding, declares an affiliation with {a.id}")
    report(f"   {INDEPENDENT}: safeguarding, no tie to either organisation")

    report("")
    report(f"2. {b.id} records consent and drafts a request on a case, but never publishes")
    unshared = b.drafted()
    report(f"   {b.id} sees its case {b.state(unshared)}, nothing sent")

    report("")
    report(f"3. {a.id} records the complainant's consent and previews the packet (G11, G12)")
    case = a.drafted()
    preview = a.call("PreviewShare", a.terms(case, pb.PreviewShareRequest))
    persons = ", ".join(f"{p.pseudonym} ({p.age_band})" for p in preview.packet.persons)
    report(f"   {a.id} sees the packet as it would leave: {persons}")
    report(f"   question: {preview.question}")
    previewed = fold(json.dumps(json_format.MessageToDict(preview.packet)))
    leaked = [x for x in a.identifiers() if fold(x) in previewed]
    _expect(not leaked, f"the preview names {leaked}")
    published = a.call("PublishShare", a.terms(case, pb.PublishShareRequest))
    share_id = published.advisory_share.name.rsplit("/", 1)[1]
    name = f"shares/{share_id}"
    report(f"   published: share {share_id} (the case id does not travel)")

    report("")
    report("4. The support service receives it")

    def arrived() -> list[ares.Share]:
        return list(support.coordinator("ListShares", apb.ListSharesRequest()).shares)

    shares, waited = _waited(arrived, "the share at the support service")
    report(f"   arrived after {waited:.2f}s")
    _expect([s.organization for s in shares] == [a.id], "the support service's shares")
    report(
        f"   the coordinator sees {len(shares)} share, from {shares[0].organization}; "
        f"nothing from {b.id}"
    )
    share = support.coordinator("GetShare", apb.GetShareRequest(name=name)).share
    for allocation in share.allocations:
        who = {affiliated.name: AFFILIATED, independent.name: INDEPENDENT}[allocation.member]
        outcome = ares.AllocationOutcome.Name(allocation.outcome).removeprefix(
            "ALLOCATION_OUTCOME_"
        )
        report(f"   allocation: {who} {outcome} {allocation.reason}".rstrip())
    listed = support.member(AFFILIATED, "ListShares", apb.ListSharesRequest()).shares
    _expect(not listed, "the affiliated member lists no share (G10)")
    try:
        support.member(AFFILIATED, "GetShare", apb.GetShareRequest(name=name))
        raise SharingDemoFailed("the affiliated member read the share (G10)")
    except grpc.RpcError as error:
        refused = _refusal(error)
    _expect(refused == "NOT_FOUND E_NOT_FOUND", f"the affiliated member was told {refused}")
    report(f"   {AFFILIATED} lists no share; GetShare -> {refused} (G10)")
    seen = support.member(INDEPENDENT, "GetShare", apb.GetShareRequest(name=name)).share
    shown = fold(json.dumps(json_format.MessageToDict(seen)))
    leaked = [x for x in a.identifiers() if fold(x) in shown]
    _expect(not leaked, f"the member's view names {leaked}")
    persons = ", ".join(f"{p.pseudonym} ({p.age_band})" for p in seen.packet.persons)
    report(f"   {INDEPENDENT} sees: {persons}; organisation: '{seen.organization}'")
    report("   no name, contact or club of the case in it (G12)")

    report("")
    report("5. The member advises and the coordinator answers (G08)")
    before = a.state(case)
    advice = support.member(
        INDEPENDENT,
        "SubmitAdvice",
        apb.SubmitAdviceRequest(
            parent=name,
            request_id=secrets.token_hex(8),
            advice=ares.Advice(opinion=OPINION, recommendations=["Review in 28 days"]),
        ),
    ).advice
    report(f"   {INDEPENDENT} advised: {advice.label}")
    support.coordinator(
        "ComposeAnswer",
        apb.ComposeAnswerRequest(parent=name, request_id=secrets.token_hex(8), summary=ANSWER),
    )
    received, waited = _waited(lambda: a.advice(case), f"the advice at {a.id}")
    after = a.state(case)
    (attached,) = received
    report(f"   {a.id} has it after {waited:.2f}s: {attached.label}")
    _expect(ANSWER in attached.text and OPINION in attached.text, "the advice text")
    _expect(after == before, f"the case moved from {before} to {after}")
    report(f"   {a.id}'s case state: {before} before, {after} after")
    _expect(b.advice(unshared) == [], f"{b.id} received advice")
    report(f"   {b.id} received nothing")

    report("")
    report(f"6. The complainant withdraws consent at {a.id} (G15)")
    a.call(
        "WithdrawConsent",
        pb.WithdrawConsentRequest(name=a.name(case), purpose=res.CONSENT_PURPOSE_ADVISORY_SHARE),
        Role.COMP,
    )

    def revoked() -> bool:
        shown = support.coordinator("GetShare", apb.GetShareRequest(name=name)).share
        return bool(shown.state == ares.SHARE_STATE_REVOKED)

    _, waited = _waited(revoked, "the revocation at the support service")
    report(f"   revoked at the support service after {waited:.2f}s")
    tombstone = support.coordinator("GetShare", apb.GetShareRequest(name=name)).share
    _expect(not tombstone.HasField("packet"), "the coordinator still reads the packet")
    report("   the coordinator sees the share REVOKED, without its packet")
    try:
        support.member(INDEPENDENT, "GetShare", apb.GetShareRequest(name=name))
        raise SharingDemoFailed("the member still reads the share (G15)")
    except grpc.RpcError as error:
        refused = _refusal(error)
    report(f"   {INDEPENDENT}: GetShare -> {refused}")
    kept = a.advice(case)
    _expect(len(kept) == 1, "the advice recorded at the organisation")
    report(f"   {a.id} keeps the advice it received ({len(kept)} record)")
