"""Fixtures of the integration tests: the intake service over a real gRPC channel."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import struct_pb2
from google.protobuf.timestamp_pb2 import Timestamp
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from safecase.core.case import Case
from safecase.core.instance import Instance
from safecase.core.people import Person
from safecase.core.registry_writer import record_sanctions_in_force
from safecase.core.states import Role
from safecase.core.testing import Cast, Clock, Scenario
from safecase.core.testing.instances import migrated_instance
from safecase.hearings.v1 import hearings_service_pb2_grpc
from safecase.intake.v1 import intake_service_pb2 as pb
from safecase.intake.v1 import intake_service_pb2_grpc
from safecase.intake.v1 import resources_pb2 as res
from safecase.services.common.auth import TokenIssuer, TokenVerifier
from safecase.services.common.backbone import Backbone, context_workers
from safecase.services.common.handover import after_case_command, after_hearing_command
from safecase.services.hearings.app import create_server as create_hearings_server
from safecase.services.intake.app import create_server

INTAKE_SECRET = "intake-test-token-secret-of-32-bytes"
TIMEOUT = 20  # seconds: every call has a deadline
PARENT = "organizations/org-a"
NARRATIVE = "Canary narrative: the coach Zebulon Quartermain shouted at a child"


@dataclass
class IntakeStack:
    """An organisation instance (org-a, Scotland's rules) served by the intake service."""

    instance: Instance
    scenario: Scenario
    channel: grpc.Channel
    stub: intake_service_pb2_grpc.IntakeServiceStub

    @property
    def cast(self) -> Cast:
        return self.scenario.cast

    @staticmethod
    def refusal(
        error: pytest.ExceptionInfo[grpc.RpcError],
    ) -> tuple[grpc.StatusCode, str, set[str]]:
        """The status code, ``ErrorInfo.reason`` and ``BadRequest`` field names of a failed call."""
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

    @staticmethod
    def receipt_request(kind: type, receipt: pb.SubmitReportResponse, **fields: Any) -> Any:
        """A receipt holder's request, authenticated with the code and secret only."""
        return kind(
            parent=PARENT,
            receipt_code=receipt.receipt_code,
            receipt_secret=receipt.receipt_secret,
            **fields,
        )

    def token(self, who: Person, *roles: Role, org: str = "org-a") -> str:
        return TokenIssuer(INTAKE_SECRET).issue(who.id, org, roles)

    def call(
        self, method: str, request: Any, who: Person | None = None, role: Role = Role.DSL
    ) -> Any:
        """Call ``method`` as ``who`` acting as ``role``; without ``who``, with no token."""
        metadata: tuple[tuple[str, str], ...] = ()
        if who is not None:
            bearer = f"Bearer {self.token(who, role)}"
            metadata = (("authorization", bearer), ("x-safecase-role", role.value))
        return getattr(self.stub, method)(request, timeout=TIMEOUT, metadata=metadata)

    def run(
        self, name: str, command: str, who: Person, acting: Role = Role.DSL, **arguments: Any
    ) -> pb.RunCaseCommandResponse:
        struct = struct_pb2.Struct()
        struct.update(arguments)
        request = pb.RunCaseCommandRequest(name=name, command=command, arguments=struct)
        response: pb.RunCaseCommandResponse = self.call("RunCaseCommand", request, who, acting)
        return response

    def at(self, **delta: float) -> Timestamp:
        """A timestamp ``delta`` from the instance's clock."""
        stamp = Timestamp()
        stamp.FromDatetime(self.scenario.clock.now + timedelta(**delta))
        return stamp

    def stored(self, name: str) -> Case:
        """The stored case, for ids the API does not expose (ToR items, CMG decisions)."""
        with self.instance.unit() as unit:
            return unit.store.get(name.rsplit("/", 1)[1])

    def anonymous_report(self) -> pb.SubmitReportResponse:
        request = pb.SubmitReportRequest(
            parent=PARENT,
            intake_type=res.INTAKE_TYPE_FORMAL_REPORT,
            anonymous=True,
            narrative=NARRATIVE,
            categories=[self.scenario.category()],
        )
        response: pb.SubmitReportResponse = self.stub.SubmitReport(request, timeout=TIMEOUT)
        return response

    def named_case(self, category: str | None = None) -> res.Case:
        """A report submitted by the DSL, who owns it, with a complainant and a respondent."""
        request = pb.SubmitReportRequest(
            parent=PARENT,
            intake_type=res.INTAKE_TYPE_FORMAL_REPORT,
            narrative=NARRATIVE,
            categories=[category or self.scenario.category()],
            parties=[
                res.Party(person=self.cast.complainant.id, role=res.PARTY_ROLE_COMPLAINANT),
                res.Party(
                    person=self.cast.respondent.id,
                    role=res.PARTY_ROLE_RESPONDENT,
                    position_of_trust=True,
                ),
            ],
        )
        case: res.Case = self.call("SubmitReport", request, self.cast.dsl).case
        return case


@pytest.fixture
def intake(database_url: str, tmp_path: Path) -> Iterator[IntakeStack]:
    """The intake service on 127.0.0.1:0 over a migrated instance whose clock tests move."""
    instance = migrated_instance(database_url, tmp_path)
    engine = instance.engine
    scenario = Scenario("scotland", instance=instance)  # registers the cast
    server, port = create_server(instance, TokenVerifier([INTAKE_SECRET]))
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    try:
        stub = intake_service_pb2_grpc.IntakeServiceStub(channel)  # type: ignore[no-untyped-call]
        yield IntakeStack(instance, scenario, channel, stub)
    finally:
        channel.close()
        server.stop(None).wait()
        engine.dispose()


# --- the hearings service ---------------------------------------------------------------------

HEARINGS_SECRET = "hearings-test-token-secret-of-32-bytes"


@dataclass
class HearingsStack:
    """The hearing context's own instance (org-a, Scotland's rules) served by the hearings
    service. Cases reach it as the hand-over would put them there: walked through the core up
    to the risk assessment, and referred to discipline (T25, the case context's step) through
    the core too; the hearing itself is driven over gRPC."""

    instance: Instance
    scenario: Scenario
    channel: grpc.Channel
    stub: hearings_service_pb2_grpc.HearingsServiceStub

    @property
    def cast(self) -> Cast:
        return self.scenario.cast

    refusal = staticmethod(IntakeStack.refusal)

    def token(self, who: Person, *roles: Role, org: str = "org-a") -> str:
        return TokenIssuer(HEARINGS_SECRET).issue(who.id, org, roles)

    def call(
        self, method: str, request: Any, who: Person | None = None, role: Role = Role.DSL
    ) -> Any:
        """Call ``method`` as ``who`` acting as ``role``; without ``who``, with no token."""
        metadata: tuple[tuple[str, str], ...] = ()
        if who is not None:
            bearer = f"Bearer {self.token(who, role)}"
            metadata = (("authorization", bearer), ("x-safecase-role", role.value))
        return getattr(self.stub, method)(request, timeout=TIMEOUT, metadata=metadata)

    def at(self, **delta: float) -> Timestamp:
        """A timestamp ``delta`` from the instance's clock."""
        stamp = Timestamp()
        stamp.FromDatetime(self.scenario.clock.now + timedelta(**delta))
        return stamp

    @staticmethod
    def file(case: Case | str) -> str:
        case_id = case if isinstance(case, str) else case.id
        return f"{PARENT}/cases/{case_id}/hearingFile"

    def stored(self, case: Case | str) -> Case:
        with self.instance.unit() as unit:
            return unit.store.get(case if isinstance(case, str) else case.id)

    def risk_assessed(self, severity: str = "MEDIUM", respondent: Person | None = None) -> Case:
        """A case in RISK_ASSESSMENT, as the case context hands it over."""
        s = self.scenario
        parties = s.parties()
        if respondent is not None:
            parties[1] = {**parties[1], "person_id": respondent.id}
        case = s.open(
            "submit_report",
            narrative="Concern reported about a coach's conduct at training.",
            parties=parties,
            categories=[s.category()],
        )
        case = s.triaged(case, severity=severity)
        return s.risk_assessed(s.concluded(s.investigating(case)))

    def refer(self, case: Case | str, **arrangements: Any) -> Case:
        """T25 ``refer_to_disciplinary``, run by the case context (the hand-over's doing)."""
        s = self.scenario
        current, decision_id = s.with_cmg(self.stored(case), "refer to disciplinary")
        data: dict[str, Any] = {
            "notice_served_at": s.clock.now,
            "cmg_decision_id": decision_id,
            "child_supporter": "Named supporter",
            "respondent_support_person": "Rep",
            "complainant_welfare_plan": True,
            "respondent_welfare_plan": True,
            **arrangements,
        }
        return s.run(current, "refer_to_disciplinary", Role.CMG, **data)


@pytest.fixture
def hearings(database_url: str, tmp_path: Path) -> Iterator[HearingsStack]:
    """The hearings service on 127.0.0.1:0 over the hearing context's migrated database."""
    instance = migrated_instance(database_url, tmp_path)
    engine = instance.engine
    scenario = Scenario("scotland", instance=instance)  # registers the cast
    server, port = create_hearings_server(instance, TokenVerifier([HEARINGS_SECRET]))
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    try:
        stub = hearings_service_pb2_grpc.HearingsServiceStub(channel)  # type: ignore[no-untyped-call]
        yield HearingsStack(instance, scenario, channel, stub)
    finally:
        channel.close()
        server.stop(None).wait()
        engine.dispose()


# --- both services of one organisation, handing cases over through NATS ------------------------


@dataclass
class OrganisationServices:
    """Intake and hearings of org-a, each on its own database, with relays and hand-over
    consumers running on a NATS of their own: what `safecase up` runs, with a test clock."""

    intake: IntakeStack
    hearings: HearingsStack
    backbone: Backbone

    def wait_for(self, what: str, check: Any, timeout: float = 20.0) -> Any:
        """Poll ``check()`` until it returns something truthy (the other side followed)."""
        deadline = time.monotonic() + timeout
        while not (found := check()):
            assert time.monotonic() < deadline, f"{what} never happened"
            time.sleep(0.05)
        return found


@pytest.fixture
def organisation_services(
    database_url: str, second_database_url: str, tmp_path: Path, nats_server: Any
) -> Iterator[OrganisationServices]:
    clock = Clock()
    intake = migrated_instance(database_url, tmp_path, clock=clock)
    hearings = migrated_instance(
        second_database_url, tmp_path, clock=clock, key=intake.organisation_key
    )
    key = intake.organisation_key
    intake.after_command = after_case_command(key)
    hearings.after_command = after_hearing_command(
        key, record_sanctions_in_force("org-a", key, hearings.plugins.rule_set)
    )
    scenario = Scenario("scotland", instance=intake)  # registers the cast at intake
    for person in scenario.people:  # and the hearing context's own register of the same people
        hearings.add_person(person)
    servers = [
        create_server(intake, TokenVerifier([INTAKE_SECRET])),
        create_hearings_server(hearings, TokenVerifier([HEARINGS_SECRET])),
    ]
    for server, _ in servers:
        server.start()
    channels = [grpc.insecure_channel(f"127.0.0.1:{port}") for _, port in servers]
    backbone = Backbone(
        nats_server.url, context_workers(intake, "case") + context_workers(hearings, "hearing")
    )
    backbone.start()
    try:
        yield OrganisationServices(
            IntakeStack(
                intake,
                scenario,
                channels[0],
                intake_service_pb2_grpc.IntakeServiceStub(channels[0]),  # type: ignore[no-untyped-call]
            ),
            HearingsStack(
                hearings,
                scenario,
                channels[1],
                hearings_service_pb2_grpc.HearingsServiceStub(channels[1]),  # type: ignore[no-untyped-call]
            ),
            backbone,
        )
    finally:
        backbone.stop()
        for channel in channels:
            channel.close()
        for server, _ in servers:
            server.stop(None).wait()
        intake.engine.dispose()
        hearings.engine.dispose()
