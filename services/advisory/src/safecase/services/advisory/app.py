"""Wiring: the advisory store behind a gRPC server with authentication, health and reflection.

:func:`create_server` binds (port 0 picks a free port) and returns the server unstarted, so
tests and ``__main__`` start and stop it themselves. :func:`open_store` opens the database and
the support key of a configured service.
"""

from __future__ import annotations

from dataclasses import dataclass

import grpc
from sqlalchemy import Engine

from safecase.advisory.v1 import advisory_service_pb2_grpc
from safecase.core.persistence.database import open_engine
from safecase.core.share_sealing import read_support_key
from safecase.services.advisory import migrate
from safecase.services.advisory.servicer import SERVICE_NAME, AdvisoryServicer
from safecase.services.advisory.settings import AdvisorySettings
from safecase.services.advisory.store import AdvisoryStore
from safecase.services.common.auth import TokenVerifier
from safecase.services.common.grpc_server import MAX_MESSAGE_BYTES, service_server

__all__ = ["MAX_MESSAGE_BYTES", "AdvisoryContext", "create_server", "open_store"]


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
    max_workers: int | None = None,
) -> tuple[grpc.Server, int]:
    """The advisory server on ``address`` and the port it is bound to.

    Every AdvisoryService method needs a bearer token of the support organisation; only health
    checking and reflection answer without one.
    """
    if isinstance(store, AdvisoryContext):
        store = store.store
    servicer = AdvisoryServicer(store)

    def register(server: grpc.Server) -> None:
        # the generated *_pb2_grpc module has no annotations
        advisory_service_pb2_grpc.add_AdvisoryServiceServicer_to_server(servicer, server)  # type: ignore[no-untyped-call]

    return service_server(
        SERVICE_NAME,
        register,
        verifier=verifier,
        organisation_id=store.organisation_id,
        address=address,
        max_message_bytes=max_message_bytes,
        max_workers=max_workers,
    )
