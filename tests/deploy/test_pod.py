"""An organisation's pods as the chart describes them, run as local processes.

The migration Job's container and each service's container run with exactly the environment the
chart renders and with their volumes laid out as files under a temporary root (the ConfigMap's
``safecase.toml``, the organisation key, the token issuer's public key), so the chart and the
code cannot drift apart unnoticed. Only what a cluster provides is stood in for: a database URL
from a Secret is a SQLite file named after the Secret, NATS is the suite's server, and each
service listens on a free local port. Then the kubelet's view: the standard gRPC health check,
and a SIGTERM that stops each service within its pod's grace period; and the log collector's:
every line a JSON object.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from grpc_health.v1 import health_pb2, health_pb2_grpc

Manifest = dict[str, Any]
Render = Callable[[dict[str, Any]], list[Manifest]]
BIN = Path(sys.executable).parent
SERVING = health_pb2.HealthCheckResponse.SERVING
LOCAL_NATS = "nats://127.0.0.1:4222"  # the suite's NATS server (DEVELOPERS.md)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class Pod:
    """The files of a pod's volumes under ``root`` and the environment of its containers."""

    def __init__(self, root: Path, manifests: list[Manifest]) -> None:
        self.root = root
        self.manifests = manifests

    def workload(self, kind: str, component: str) -> Manifest:
        (found,) = [
            m
            for m in self.manifests
            if m["kind"] == kind
            and m["metadata"]["labels"]["app.kubernetes.io/component"] == component
        ]
        return found

    def path(self, mount_path: str) -> Path:
        return self.root / mount_path.lstrip("/")

    def lay_out(self, workload: Manifest) -> dict[str, Any]:
        """Write the workload's volumes as files; return its container."""
        pod = workload["spec"]["template"]["spec"]
        container: dict[str, Any] = pod["containers"][0]
        volumes = {v["name"]: v for v in pod["volumes"]}
        for mount in container["volumeMounts"]:
            directory = self.path(mount["mountPath"])
            directory.mkdir(parents=True, exist_ok=True)
            volume = volumes[mount["name"]]
            if "configMap" in volume:
                (config_map,) = [
                    m
                    for m in self.manifests
                    if m["kind"] == "ConfigMap"
                    and m["metadata"]["name"] == volume["configMap"]["name"]
                ]
                for name, text in config_map["data"].items():
                    (directory / name).write_text(text, encoding="utf-8")
        return container

    def environment(self, container: dict[str, Any]) -> dict[str, str]:
        mounts = [m["mountPath"] for m in container["volumeMounts"]]
        env = {"PATH": str(BIN)}
        for variable in container["env"]:
            if variable["name"] == "SAFECASE_NATS_URL":
                env[variable["name"]] = LOCAL_NATS
            elif variable["name"] == "SAFECASE_NATS_CREDS_FILE":
                continue  # the suite's NATS has no accounts (test_nats_accounts covers them)
            elif "value" in variable:
                value = variable["value"]
                if any(value.startswith(mount) for mount in mounts):
                    value = str(self.path(value))
                env[variable["name"]] = value
            elif "secretKeyRef" in variable["valueFrom"]:
                assert variable["name"].endswith("DATABASE_URL")
                secret = variable["valueFrom"]["secretKeyRef"]["name"]
                env[variable["name"]] = f"sqlite:///{self.root / secret}.sqlite"
        return env


@pytest.fixture(scope="module")
def pod(
    render: Render, ci_values: dict[str, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> Pod:
    """The organisation release's files: the same mount paths hold the same files everywhere."""
    from safecase.core.crypto import generate_organisation_key

    made = Pod(tmp_path_factory.mktemp("pod"), render(ci_values["organisation"]))
    containers = [made.lay_out(w) for w in made.manifests if w["kind"] in ("Job", "Deployment")]
    env: dict[str, str] = {}
    for container in containers:
        env |= made.environment(container)
    generate_organisation_key(Path(env["SAFECASE_ORG_KEY_FILE"]))
    issuer = ec.generate_private_key(ec.SECP256R1()).public_key()
    pem = issuer.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    for name in env:
        if name.endswith("_JWT_PUBLIC_KEY_FILE"):
            Path(env[name]).write_bytes(pem)
    return made


def health(port: int, process: subprocess.Popen[str], timeout: float = 30) -> int:
    """The overall health status the kubelet's gRPC probe would get, once the server answers."""
    deadline = time.monotonic() + timeout
    quick_retries = [
        ("grpc.initial_reconnect_backoff_ms", 50),
        ("grpc.max_reconnect_backoff_ms", 200),
    ]
    with grpc.insecure_channel(f"127.0.0.1:{port}", options=quick_retries) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        while True:
            try:
                response = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=1)
                status: int = response.status
                return status
            except grpc.RpcError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.1)


@dataclass(frozen=True)
class Run:
    """What became of one service: its probe's answer, its exit status and its output."""

    probed: int | None
    returncode: int | None
    output: str


@pytest.fixture(scope="module")
def migrated(pod: Pod) -> subprocess.CompletedProcess[str]:
    """Every migration Job of the release (the instance's database, the hearing context's)."""
    result: subprocess.CompletedProcess[str] | None = None
    for job in (m for m in pod.manifests if m["kind"] == "Job"):
        (migrate,) = job["spec"]["template"]["spec"]["containers"]
        result = subprocess.run(
            [str(BIN / migrate["command"][0]), *migrate["command"][1:]],
            env=pod.environment(migrate),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode:
            return result
    assert result is not None, "the release has no migration Job"
    return result


@pytest.fixture(scope="module")
def runs(pod: Pod, migrated: subprocess.CompletedProcess[str]) -> dict[str, Run]:
    """Start every service after the migration, probe each, then stop each with SIGTERM."""
    assert migrated.returncode == 0, migrated.stderr
    started: dict[str, tuple[subprocess.Popen[str], int, int]] = {}
    probed: dict[str, int | None] = {}
    try:
        for deployment in (m for m in pod.manifests if m["kind"] == "Deployment"):
            spec = deployment["spec"]["template"]["spec"]
            (container,) = spec["containers"]
            env = pod.environment(container)
            address = f"SAFECASE_{container['name'].upper()}_ADDRESS"
            probed_port = container["readinessProbe"]["grpc"]["port"]
            assert env[address] == f"0.0.0.0:{probed_port}"
            port = free_port()  # the pod's port may be taken on this machine
            env[address] = f"127.0.0.1:{port}"
            process = subprocess.Popen(
                [str(BIN / container["command"][0])],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            started[container["name"]] = (process, port, spec["terminationGracePeriodSeconds"])
        for name, (process, port, _grace) in started.items():
            try:
                probed[name] = health(port, process)
            except grpc.RpcError:
                probed[name] = None
        for process, _port, _grace in started.values():
            process.send_signal(signal.SIGTERM)
        outcome = {}
        for name, (process, _port, grace) in started.items():
            try:
                output, _ = process.communicate(timeout=grace)
            except subprocess.TimeoutExpired:
                process.kill()
                output, _ = process.communicate()
                outcome[name] = Run(probed[name], None, output)
            else:
                outcome[name] = Run(probed[name], process.returncode, output)
        return outcome
    finally:
        for process, _port, _grace in started.values():
            if process.poll() is None:
                process.kill()
                process.communicate()


SERVICES = ["intake", "hearings"]


def test_the_migration_job_brings_the_database_to_the_schema(
    migrated: subprocess.CompletedProcess[str],
) -> None:
    assert migrated.returncode == 0, migrated.stderr


def test_an_organisation_runs_every_service(runs: dict[str, Run]) -> None:
    assert set(runs) == set(SERVICES)


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_answers_its_health_probe(service: str, runs: dict[str, Run]) -> None:
    assert runs[service].probed == SERVING, runs[service].output


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_stops_cleanly_within_its_grace_period(
    service: str, runs: dict[str, Run]
) -> None:
    assert runs[service].returncode == 0, runs[service].output


@pytest.mark.parametrize("service", ["intake", "hearings"])
def test_a_service_logs_json_lines_for_the_log_collector(
    service: str, runs: dict[str, Run]
) -> None:
    lines = runs[service].output.splitlines()
    assert lines
    for line in lines:
        assert isinstance(json.loads(line), dict), line
