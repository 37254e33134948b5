"""How a service process runs: logging and telemetry set up, served until SIGTERM or SIGINT.

On a signal the server stops taking calls and lets those in flight finish for the service's
grace period; then what telemetry still buffers is exported. Logging follows
``SAFECASE_LOG_FORMAT`` and ``SAFECASE_LOG_LEVEL``, telemetry the ``OTEL_*`` variables
(docs/observability.md). A configuration error ends the process with one line, no traceback.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import FrameType
from typing import Protocol

import grpc
from sqlalchemy import Engine

from safecase.core.errors import SafecaseError
from safecase.services.common.backbone import Backbone, Worker
from safecase.services.common.logs import configure_logging
from safecase.services.common.telemetry import configure_telemetry

__all__ = ["Served", "Serving", "run_service"]


class _Configured(Protocol):
    @property
    def organisation_id(self) -> str: ...


class Served(Protocol):
    """What a service serves: an organisation's :class:`~safecase.core.instance.Instance`, or
    a context of its own with the same two attributes (the advisory service has no instance)."""

    @property
    def settings(self) -> _Configured: ...

    @property
    def engine(self) -> Engine: ...


@dataclass(frozen=True)
class Serving:
    """A built service: its server, bound port, instance and grace period."""

    server: grpc.Server
    port: int
    instance: Served
    grace_seconds: float
    # The relay and consumers of this service, run when SAFECASE_NATS_URL names a NATS.
    workers: Sequence[Worker] = ()


def run_service(name: str, build: Callable[[], Serving]) -> None:
    """Run the service ``name`` (``safecase-intake``) that ``build`` makes, until a signal."""
    log = logging.getLogger(f"safecase.services.{name.removeprefix('safecase-')}")
    try:
        configure_logging()
        telemetry = configure_telemetry(name)
    except SafecaseError as error:
        raise SystemExit(f"{name}: {error}") from None
    try:
        try:
            serving = build()
        except (SafecaseError, OSError) as error:
            raise SystemExit(f"{name}: {error}") from None
        stopping = threading.Event()

        def stop(signum: int, _frame: FrameType | None) -> None:
            log.info("received %s: stopping", signal.Signals(signum).name)
            stopping.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        serving.server.start()
        backbone = Backbone.from_environment(serving.workers) if serving.workers else None
        if backbone is not None:
            try:
                backbone.start()
            except SafecaseError as error:
                serving.server.stop(None)
                raise SystemExit(f"{name}: {error}") from None
            log.info("%s: outbox relay and consumers on %s", name, backbone.url.split("@")[-1])
        organisation = serving.instance.settings.organisation_id
        log.info("%s of %s listening on port %d", name, organisation, serving.port)
        stopping.wait()
        serving.server.stop(serving.grace_seconds).wait()
        if backbone is not None:
            backbone.stop()
        serving.instance.engine.dispose()
        log.info("stopped")
    finally:
        telemetry.shutdown()
