"""Wiring: an organisation instance behind a gRPC server with authentication, health and
reflection. :func:`create_server` binds (port 0 picks a free port) and returns the server
unstarted, so tests and ``__main__`` start and stop it themselves."""

from __future__ import annotations

import grpc

from safecase.core.instance import Instance
from safecase.intake.v1 import intake_service_pb2_grpc
from safecase.services.common.auth import TokenVerifier
from safecase.services.common.grpc_server import MAX_MESSAGE_BYTES, default_workers, service_server
from safecase.services.common.telemetry import instrument_instance
from safecase.services.intake.commands import IntakeCommands
from safecase.services.intake.receipts import ReceiptKeeper
from safecase.services.intake.servicer import PUBLIC_METHODS, SERVICE_NAME, IntakeServicer

__all__ = ["MAX_MESSAGE_BYTES", "create_server", "default_workers"]


def create_server(
    instance: Instance,
    verifier: TokenVerifier,
    address: str = "127.0.0.1:0",
    max_message_bytes: int = MAX_MESSAGE_BYTES,
    *,
    max_workers: int | None = None,
    keeper: ReceiptKeeper | None = None,
) -> tuple[grpc.Server, int]:
    """The intake server for ``instance`` on ``address`` and the port it is bound to.

    ``max_workers`` threads serve calls (default :func:`default_workers`).
    """
    servicer = IntakeServicer(IntakeCommands(instance, keeper))

    def register(server: grpc.Server) -> None:
        # the generated *_pb2_grpc module has no annotations
        intake_service_pb2_grpc.add_IntakeServiceServicer_to_server(servicer, server)  # type: ignore[no-untyped-call]

    server, port = service_server(
        SERVICE_NAME,
        register,
        verifier=verifier,
        organisation_id=instance.settings.organisation_id,
        address=address,
        max_message_bytes=max_message_bytes,
        max_workers=max_workers,
        public_methods=PUBLIC_METHODS,
    )
    instrument_instance(instance)  # database spans, outbox and deadline gauges (when on)
    return server, port
