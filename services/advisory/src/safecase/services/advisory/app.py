"""Wiring: the advisory store behind a gRPC server with authentication, health and reflection.

:func:`create_server` binds (port 0 picks a free port) and returns the server unstarted, so
tests and ``__main__`` start and stop it themselves. :func:`open_store` opens the database and
the support key of a configured service.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from sqlalchemy import Engine

from safecase.advisory.v1 import advisory_service_pb2_grpc
from safecase.core.persistence.database import open_engine
from safecase.core.share_sealing import read_support_key
from safecase.services.advisory import migrate
from safecase.services.advisory.servicer import SERVICE_NAME, AdvisoryServicer
from safecase.services.advisory.settings import AdvisorySettings
from safecase.services.advisory.store import AdvisoryStore
from safecase.services.common.auth import TokenVerifier
from safecase.services.common.interceptors import AuthInterceptor, TelemetryInterceptor

__all__ = ["MAX_MESSAGE_BYTES", "AdvisoryContext", "create_server", "open_store"]

MAX_MESSAGE_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class AdvisoryContext:
    """What a running advisory service serves: its settings and its store."""

    settings: AdvisorySettings
    store: AdvisoryStore

    @property
    def engine(self) -> Engine:
        return self.store.engine


def open_store(settings: AdvisorySettings, *, check: bool = True) -> AdvisoryStore:
    """The store of ``settings``: its database (at the newest migration) and support key."""
    engine = open_engine(settings.database_url)
    if check:
        migrate.check(engine)
    return AdvisoryStore(
        engine,
        read_support_key(settings.support_key_file),
        settings.organisation_id,
        members_per_area=settings.members_per_area,
    )


def create_server(
    store: AdvisoryStore | AdvisoryContext,
    verifier: TokenVerifier,
    address: str = "127.0.0.1:0",
    max_message_bytes: int = MAX_MESSAGE_BYTES,
    *,
    max_workers: int = 16,
) -> tuple[grpc.Server, int]:
    """The advisory server on ``address`` and the port it is bound to.

    Every AdvisoryService method needs a bearer token of the support organisation; only health
    checking and reflection answer without one.
    """
    if isinstance(store, AdvisoryContext):
        store = store.store
    server = grpc.server(
        ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="advisory"),
        interceptors=[
            TelemetryInterceptor(),  # first: it also sees the calls authentication refuses
            AuthInterceptor(verifier, store.organisation_id),
        ],
        options=[
            ("grpc.max_receive_message_length", max_message_bytes),
            ("grpc.max_send_message_length", max_message_bytes),
        ],
    )
    # the generated *_pb2_grpc module has no annotations
    advisory_service_pb2_grpc.add_AdvisoryServiceServicer_to_server(AdvisoryServicer(store), server)  # type: ignore[no-untyped-call]
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
    return server, port
