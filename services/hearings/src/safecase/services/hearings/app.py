"""Wiring: the hearing context's instance behind a gRPC server with authentication, health and
reflection. :func:`create_server` binds (port 0 picks a free port) and returns the server
unstarted, so tests and ``__main__`` start and stop it themselves."""

from __future__ import annotations

import grpc

from safecase.core.instance import Instance
from safecase.hearings.v1 import hearings_service_pb2_grpc
from safecase.services.common.auth import TokenVerifier
from safecase.services.common.grpc_server import MAX_MESSAGE_BYTES, service_server
from safecase.services.common.telemetry import instrument_instance
from safecase.services.hearings.commands import HearingsCommands
from safecase.services.hearings.servicer import SERVICE_NAME, HearingsServicer

__all__ = ["MAX_MESSAGE_BYTES", "create_server"]


def create_server(
    instance: Instance,
    verifier: TokenVerifier,
    address: str = "127.0.0.1:0",
    max_message_bytes: int = MAX_MESSAGE_BYTES,
    *,
    max_workers: int | None = None,
) -> tuple[grpc.Server, int]:
    """The hearings server for ``instance`` on ``address`` and the port it is bound to.

    Every HearingsService method needs a bearer token of the instance's organisation; only
    health checking and reflection answer without one.
    """
    servicer = HearingsServicer(HearingsCommands(instance))

    def register(server: grpc.Server) -> None:
        # the generated *_pb2_grpc module has no annotations
        hearings_service_pb2_grpc.add_HearingsServiceServicer_to_server(servicer, server)  # type: ignore[no-untyped-call]

    server, port = service_server(
        SERVICE_NAME,
        register,
        verifier=verifier,
        organisation_id=instance.settings.organisation_id,
        address=address,
        max_message_bytes=max_message_bytes,
        max_workers=max_workers,
    )
    instrument_instance(instance)  # database spans, outbox and deadline gauges (when on)
    return server, port
