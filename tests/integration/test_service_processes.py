"""The services run alone, as a container runs them: `safecase-intake` and `safecase-hearings`
as separate processes, each with its own database, relay their outboxes and hand cases over
through the NATS that ``SAFECASE_NATS_URL`` names."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from safecase.core.cli_instance import initialise
from safecase.core.instance import Instance
from safecase.core.persistence.database import open_engine
from safecase.core.persistence.migrate import upgrade
from safecase.core.settings import Settings
from safecase.core.testing import Clock, Scenario
from safecase.services.common.handover import after_case_command

SECRET = "service-process-test-secret-of-32-bytes"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _healthy(port: int, deadline: float) -> None:
    while True:
        try:
            with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
                status = health_pb2_grpc.HealthStub(channel).Check(
                    health_pb2.HealthCheckRequest(), timeout=1
                )
            if status.status == health_pb2.HealthCheckResponse.SERVING:
                return
        except grpc.RpcError:
            pass
        assert time.monotonic() < deadline, f"nothing healthy on port {port}"
        time.sleep(0.2)


@pytest.fixture
def organisation(tmp_path: Path, nats_url: str) -> tuple[Path, str, dict[str, str]]:
    organisation_id = f"org-{secrets.token_hex(4)}"
    overrides = Scenario.default_overrides("scotland", None)
    initialise(
        tmp_path,
        organisation_id=organisation_id,
        name="Example Sport",
        plugin="scotland",
        overrides={s: {k: str(v) for k, v in values.items()} for s, values in overrides.items()},
    )
    hearings_url = f"sqlite:///{tmp_path / 'hearings.sqlite'}"
    engine = open_engine(hearings_url)
    upgrade(engine)
    engine.dispose()
    env = {
        **os.environ,
        "SAFECASE_DATA_DIR": str(tmp_path),
        "SAFECASE_NATS_URL": nats_url,
        "SAFECASE_INTAKE_ADDRESS": f"127.0.0.1:{_free_port()}",
        "SAFECASE_INTAKE_JWT_SECRET": SECRET,
        "SAFECASE_HEARINGS_ADDRESS": f"127.0.0.1:{_free_port()}",
        "SAFECASE_HEARINGS_JWT_SECRET": SECRET,
        "SAFECASE_HEARINGS_DATABASE_URL": hearings_url,
        "SAFECASE_LOG_LEVEL": "WARNING",
    }
    return tmp_path, organisation_id, env


def test_intake_and_hearings_run_alone_and_hand_a_case_over(
    organisation: tuple[Path, str, dict[str, str]],
) -> None:
    directory, _, env = organisation
    bin_dir = Path(sys.executable).parent
    processes = [
        subprocess.Popen(
            [str(bin_dir / name)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for name in ("safecase-intake", "safecase-hearings")
    ]
    intake = Instance(Settings.load(directory), clock=Clock())
    hearings = Instance(
        replace(Settings.load(directory), database_url=env["SAFECASE_HEARINGS_DATABASE_URL"])
    )
    try:
        deadline = time.monotonic() + 30
        for address in (env["SAFECASE_INTAKE_ADDRESS"], env["SAFECASE_HEARINGS_ADDRESS"]):
            _healthy(int(address.rsplit(":", 1)[1]), deadline)
        # A case worked at intake (as the intake service's own transactions would) ...
        intake.after_command = after_case_command(intake.organisation_key)
        case = Scenario("scotland", instance=intake).risk_assessed()
        # ... reaches the hearings process's database through its relay and its consumer.
        while True:
            with hearings.unit() as unit:
                if unit.store.exists(case.id):
                    projection = unit.store.get(case.id)
                    break
            assert time.monotonic() < deadline + 15, "the case never reached hearings"
            time.sleep(0.2)
        assert projection.state == case.state
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        outputs = [process.communicate(timeout=30)[1].decode() for process in processes]
        intake.engine.dispose()
        hearings.engine.dispose()
    assert [process.returncode for process in processes] == [0, 0], outputs
    assert not any("Traceback" in output for output in outputs), outputs


def test_a_missing_nats_credentials_file_stops_the_service_with_one_clear_line(
    organisation: tuple[Path, str, dict[str, str]],
) -> None:
    directory, _, env = organisation
    env = {**env, "SAFECASE_NATS_CREDS_FILE": str(directory / "absent.creds")}
    run = subprocess.run(
        [str(Path(sys.executable).parent / "safecase-intake")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 1
    assert "SAFECASE_NATS_CREDS_FILE" in run.stderr
    assert "Traceback" not in run.stderr
