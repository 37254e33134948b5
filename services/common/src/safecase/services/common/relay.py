"""The outbox relay: publishes committed events to JetStream, at least once, in order.

Events are published with ``Nats-Msg-Id`` = event id, so the broker drops a duplicate that a
crash between publishing and marking the row sent would cause; consumers' inboxes drop any
duplicate the broker's window misses. The relay marks a row sent only after JetStream
acknowledged it, so no event is ever lost.

A relay in the same process as the units of work that write events is woken by their commits
(:mod:`safecase.core.persistence.outbox_signal`) rather than waiting for its next poll; polling
stays, for events written by other processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from nats.js import JetStreamContext
from nats.js.api import StorageType, StreamConfig
from nats.js.errors import BadRequestError
from sqlalchemy import Engine, select, update

from safecase.core import trace_context
from safecase.core.events import DomainEvent
from safecase.core.persistence import outbox_signal
from safecase.core.persistence.schema import OutboxRow
from safecase.services.common.envelope import stream_name, subject_for, to_wire
from safecase.services.common.telemetry import publishing

__all__ = ["OutboxRelay", "ensure_stream"]

log = logging.getLogger("safecase.relay")
DUPLICATE_WINDOW_SECONDS = 24 * 3600.0


async def ensure_stream(js: JetStreamContext, organisation_id: str) -> str:
    """The organisation's stream (file storage, a day of duplicate detection)."""
    name = stream_name(organisation_id)
    config = StreamConfig(
        name=name,
        subjects=[f"safecase.{organisation_id}.>"],
        storage=StorageType.FILE,
        duplicate_window=DUPLICATE_WINDOW_SECONDS,
    )
    try:
        await js.add_stream(config)
    except BadRequestError:
        await js.update_stream(config)
    return name


class OutboxRelay:
    def __init__(
        self,
        engine: Engine,
        js: JetStreamContext,
        *,
        batch: int = 100,
        after_publish: Callable[[str], None] | None = None,
        collection: str = "cases",
    ) -> None:
        self.engine = engine
        # The subject segment of this context's events: `cases` (intake), `hearings`.
        self.collection = collection
        self.js = js
        self.batch = batch
        # A fault-injection point for tests of crash recovery (called between publish and mark).
        self.after_publish = after_publish

    def _pending(self) -> list[tuple[str, str, str, dict[str, object]]]:
        # One read: no transaction to open and roll back, and columns rather than objects.
        reading = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        with reading as connection:
            rows = connection.execute(
                select(OutboxRow.id, OutboxRow.organisation_id, OutboxRow.type, OutboxRow.envelope)
                .where(OutboxRow.published_at.is_(None))
                .order_by(OutboxRow.occurred_at, OutboxRow.id)
                .limit(self.batch)
            ).all()
            return [(r.id, r.organisation_id, r.type, dict(r.envelope)) for r in rows]

    def _mark(self, event_id: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(OutboxRow)
                .where(OutboxRow.id == event_id)
                .values(published_at=datetime.now(UTC))
            )

    async def publish_pending(self) -> int:
        """Publish one batch of unsent events; returns how many were published."""
        pending = await asyncio.to_thread(self._pending)
        for event_id, organisation_id, event_type, envelope in pending:
            sealed: Any = envelope.pop("sealed", None)  # the hand-over snapshot, if any
            fields, stored = trace_context.split(envelope)  # the trace of the causing call
            event = DomainEvent.model_validate(fields)
            subject = subject_for(organisation_id, event_type, self.collection)
            with publishing(subject, event_id, stored) as carried:
                await self.js.publish(
                    subject,
                    to_wire(event, carried.traceparent, carried.tracestate, sealed=sealed),
                    headers={"Nats-Msg-Id": event_id, **carried.headers},
                )
            if self.after_publish is not None:
                self.after_publish(event_id)
            await asyncio.to_thread(self._mark, event_id)
        return len(pending)

    async def run(self, stop: asyncio.Event, idle: float = 0.05) -> None:
        """Publish until ``stop`` is set; survives NATS outages by retrying.

        Between batches it waits for a commit of new events in this process, for ``stop``, or
        at most ``idle`` seconds (events written by another process).
        """
        loop = asyncio.get_running_loop()
        woken = asyncio.Event()

        def wake() -> None:  # on the committing thread
            with contextlib.suppress(RuntimeError):  # the loop is already closed
                loop.call_soon_threadsafe(woken.set)

        stop_listening = outbox_signal.listen(self.engine, wake)
        try:
            while not stop.is_set():
                woken.clear()  # a commit from now on is seen by the next wait
                try:
                    published = await self.publish_pending()
                except Exception as exc:  # the broker is away: keep the rows, try again
                    log.warning("outbox relay waiting for NATS: %s", type(exc).__name__)
                    published = 0
                    await asyncio.sleep(0.5)
                if not published:
                    await _first(stop, woken, timeout=idle)
        finally:
            stop_listening()


async def _first(*events: asyncio.Event, timeout: float) -> None:
    """Wait until one of ``events`` is set, or ``timeout`` seconds."""
    if any(e.is_set() for e in events):
        return
    waiters = [asyncio.create_task(e.wait()) for e in events]
    try:
        await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
