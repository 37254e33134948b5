"""The gRPC server every safecase service runs: telemetry and authentication interceptors,
message size limits, health checking and reflection, bound but not started (tests and
``__main__`` start and stop it themselves)."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from safecase.services.common.auth import TokenVerifier
from safecase.services.common.interceptors import AuthInterceptor, TelemetryInterceptor

__all__ = ["MAX_MESSAGE_BYTES", "default_workers", "service_server"]

MAX_MESSAGE_BYTES = 4 * 1024 * 1024


def default_workers() -> int:
    """Threads serving calls when none is configured: two per core, at least four.

    A call is mostly Python holding the interpreter lock, with short waits on the database in
    between. More threads than that do not serve more calls: they queue for the lock, and the
    transaction that holds the audit chain's lock waits behind them (measured on two cores:
    16 threads served a quarter fewer reports per second than 4, at a higher p99).
    """
    return max(4, 2 * (os.cpu_count() or 1))


def service_server(
    service_name: str,
    register: Callable[[grpc.Server], None],
    *,
    verifier: TokenVerifier,
    organisation_id: str,
    address: str,
    max_message_bytes: int,
    max_workers: int | None = None,
    public_methods: Collection[str] = (),
) -> tuple[grpc.Server, int]:
    """A server for ``service_name`` whose servicer ``register`` adds; and its bound port.

    Every method needs a bearer token of ``organisation_id`` except ``public_methods``;
    health checking and reflection answer without one. ``max_workers`` threads serve calls
    (default :func:`default_workers`).
    """
    server = grpc.server(
        # threads named after the API's package: safecase.intake.v1.IntakeService -> intake
        ThreadPoolExecutor(
            max_workers or default_workers(), thread_name_prefix=service_name.split(".")[1]
        ),
        interceptors=[
            TelemetryInterceptor(),  # first: it also sees the calls authentication refuses
            AuthInterceptor(verifier, organisation_id, public_methods=public_methods),
        ],
        options=[
            ("grpc.max_receive_message_length", max_message_bytes),
            ("grpc.max_send_message_length", max_message_bytes),
        ],
    )
    register(server)
    checks = health.HealthServicer()
    for name in ("", service_name):
        checks.set(name, health_pb2.HealthCheckResponse.SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(checks, server)
    reflection.enable_server_reflection(
        (service_name, health.SERVICE_NAME, reflection.SERVICE_NAME), server
    )
    port = server.add_insecure_port(address)
    if port == 0:
        raise OSError(f"cannot listen on {address}")
    return server, port
