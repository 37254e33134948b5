"""Wiring: the hearing context's instance behind a gRPC server with authentication, health and
reflection. :func:`create_server` binds (port 0 picks a free port) and returns the server
unstarted, so tests and ``__main__`` start and stop it themselves."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from safecase.core.instance import Instance
from safecase.hearings.v1 import hearings_service_pb2_grpc
from safecase.services.common.auth import TokenVerifier
from safecase.services.common.interceptors import AuthInterceptor, TelemetryInterceptor
from safecase.services.common.telemetry import instrument_instance
from safecase.services.hearings.commands import HearingsCommands
from safecase.services.hearings.servicer import SERVICE_NAME, HearingsServicer

__all__ = ["MAX_MESSAGE_BYTES", "create_server"]

MAX_MESSAGE_BYTES = 4 * 1024 * 1024


def create_server(
    instance: Instance,
    verifier: TokenVerifier,
    address: str = "127.0.0.1:0",
    max_message_bytes: int = MAX_MESSAGE_BYTES,
    *,
    max_workers: int = 16,
) -> tuple[grpc.Server, int]:
    """The hearings server for ``instance`` on ``address`` and the port it is bound to.

    Every HearingsService method needs a bearer token of the instance's organisation; only
    health checking and reflection answer without one.
    """
    server = grpc.server(
        ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="hearings"),
        interceptors=[
            TelemetryInterceptor(),  # first: it also sees the calls authentication refuses
            AuthInterceptor(verifier, instance.settings.organisation_id),
        ],
        options=[
            ("grpc.max_receive_message_length", max_message_bytes),
            ("grpc.max_send_message_length", max_message_bytes),
        ],
    )
    servicer = HearingsServicer(HearingsCommands(instance))
    # the generated *_pb2_grpc module has no annotations
    hearings_service_pb2_grpc.add_HearingsServiceServicer_to_server(servicer, server)  # type: ignore[no-untyped-call]
    checks = health.HealthServicer()
    for name in ("", SERVICE_NAME):
        checks.set(name, health_pb2.HealthCheckResponse.SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(checks, server)
    reflection.enable_server_reflection(
        (SERVICE_NAME, health.SERVICE_NAME, reflection.SERVICE_NAME), server
    )
    port = server.add_insecure_port(address)
    if port == 0:
        raise OSError(f"cannot listen on {address}")
    instrument_instance(instance)  # database spans, outbox and deadline gauges (when on)
    return server, port
