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
from safecase.services.stack.launcher import Stack, dev_secret


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


def test_the_stack_runs_hearings_beside_intake_and_hands_cases_over(tmp_path: Path) -> None:
    """`safecase up`: a case reaching risk assessment at intake appears in the hearing context,
    whose service answers on its own port with its own database."""
    from safecase.core.testing import Clock, Scenario
    from safecase.services.stack.launcher import open_hearing_context

    overrides = Scenario.default_overrides("scotland", None)
    made = initialise(
        tmp_path,
        organisation_id="org-up",
        name="Example Sport",
        plugin="scotland",
        overrides={s: {k: str(v) for k, v in values.items()} for s, values in overrides.items()},
    )
    clock = Clock()
    instance = Instance(made.settings, clock=clock, organisation_key=made.key)
    hearings = open_hearing_context(instance)
    assert hearings.settings.database_url != instance.settings.database_url
    running = Stack(tmp_path, "127.0.0.1:0", hearings_address="127.0.0.1:0")
    running.start(instance, hearings)
    try:
        with grpc.insecure_channel(f"127.0.0.1:{running.hearings_port}") as channel:
            health = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(), timeout=5
            )
            assert health.status == health_pb2.HealthCheckResponse.SERVING
        s = Scenario("scotland", organisation_id="org-up", instance=instance)
        case = s.risk_assessed()
        deadline = time.monotonic() + 15
        while True:
            with hearings.unit() as unit:
                if unit.store.exists(case.id):
                    projection = unit.store.get(case.id)
                    break
            assert time.monotonic() < deadline, "the case never reached the hearing context"
            time.sleep(0.1)
        assert projection.state.value == "RISK_ASSESSMENT"
        assert projection.parties == case.parties
    finally:
        running.stop()
        hearings.engine.dispose()
        instance.engine.dispose()
    assert running.hearings_server is None


def test_up_refuses_a_malformed_or_unknown_organisation_with_one_line(tmp_path: Path) -> None:
    """``safecase up --organisation``: ID:PLUGIN with an installed plugin, else exit code 2."""
    import subprocess
    import sys

    command = str(Path(sys.executable).parent / "safecase")
    for given, expected in (("org-a", "give ID:PLUGIN"), ("org-a:atlantis", "no plugin named")):
        run = subprocess.run(
            [command, "--data-dir", str(tmp_path), "up", "--organisation", given],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert run.returncode == 2, run.stderr
        assert expected in run.stderr
        assert "Traceback" not in run.stderr
