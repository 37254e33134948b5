"""Wiring: an organisation instance behind a gRPC server with authentication, health and
reflection. :func:`create_server` binds (port 0 picks a free port) and returns the server
unstarted, so tests and ``__main__`` start and stop it themselves."""

from __future__ import annotations

import os

import grpc

from safecase.core.instance import Instance
from safecase.intake.v1 import intake_service_pb2_grpc
from safecase.services.common.auth import TokenVerifier
from safecase.services.common.grpc_server import MAX_MESSAGE_BYTES, service_server
from safecase.services.common.telemetry import instrument_instance
from safecase.services.intake.commands import IntakeCommands
from safecase.services.intake.receipts import ReceiptKeeper
from safecase.services.intake.servicer import PUBLIC_METHODS, SERVICE_NAME, IntakeServicer

__all__ = ["MAX_MESSAGE_BYTES", "create_server", "default_workers"]


def default_workers() -> int:
    """Threads serving calls when none is configured: two per core, at least four.

    A call is mostly Python holding the interpreter lock, with short waits on the database in
    between. More threads than that do not serve more calls: they queue for the lock, and the
    transaction that holds the audit chain's lock waits behind them (measured on two cores:
    16 threads served a quarter fewer reports per second than 4, at a higher p99).
    """
    return max(4, 2 * (os.cpu_count() or 1))


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
        max_workers=max_workers or default_workers(),
        public_methods=PUBLIC_METHODS,
    )
    instrument_instance(instance)  # database spans, outbox and deadline gauges (when on)
    return server, port
