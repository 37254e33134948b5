"""The embedded stack (``safecase up``): NATS child process, intake over gRPC, outbox relay;
a report submitted over gRPC reaches JetStream, and stopping leaves nothing running."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import grpc
import nats
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from safecase.core.cli_instance import initialise
from safecase.core.instance import Instance
from safecase.core.people import Person
from safecase.core.settings import Settings
from safecase.core.states import Role
from safecase.intake.v1 import intake_service_pb2 as pb
from safecase.intake.v1 import intake_service_pb2_grpc, resources_pb2
from safecase.services.common.auth import TokenIssuer
from safecase.services.common.envelope import stream_name
from safecase.services.intake.stack import Stack, dev_secret


@pytest.fixture
def stack(tmp_path: Path) -> tuple[Stack, Instance]:
    initialise(tmp_path, organisation_id="org-up", name="Example Sport", plugin="scotland")
    instance = Instance(Settings.load(tmp_path))
    running = Stack(tmp_path, "127.0.0.1:0")
    running.start(instance)
    return running, instance


async def stream_messages(url: str, organisation: str) -> int:
    connection = await nats.connect(url)
    try:
        info = await connection.jetstream().stream_info(stream_name(organisation))
        return int(info.state.messages)
    finally:
        await connection.close()


def test_a_report_submitted_over_grpc_reaches_jetstream_and_the_stack_stops_cleanly(
    stack: tuple[Stack, Instance], tmp_path: Path
) -> None:
    running, instance = stack
    try:
        assert running.nats is not None
        assert running.nats_url is not None
        assert (tmp_path / "nats").is_dir()  # JetStream stores under the data directory
        officer = instance.add_person(Person(name="Ian Take", org_officer=True))
        token = TokenIssuer(dev_secret(tmp_path)).issue(officer.id, "org-up", [Role.INTAKE])
        with grpc.insecure_channel(f"127.0.0.1:{running.intake_port}") as channel:
            health = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(), timeout=5
            )
            assert health.status == health_pb2.HealthCheckResponse.SERVING
            stub = intake_service_pb2_grpc.IntakeServiceStub(channel)
            response = stub.SubmitReport(
                pb.SubmitReportRequest(
                    parent="organizations/org-up",
                    request_id="r-1",
                    narrative="A concern.",
                    intake_type=resources_pb2.INTAKE_TYPE_FORMAL_REPORT,
                ),
                metadata=(("authorization", f"Bearer {token}"),),
                timeout=10,
            )
        assert response.case.name.startswith("organizations/org-up/cases/")
        deadline = time.monotonic() + 10
        while asyncio.run(stream_messages(running.nats_url, "org-up")) < 1:
            assert time.monotonic() < deadline, "the event never reached JetStream"
            time.sleep(0.1)
    finally:
        process = running.nats.process if running.nats else None
        running.stop()
    assert running.server is None
    assert process is not None
    assert process.poll() is not None  # the broker is gone too
