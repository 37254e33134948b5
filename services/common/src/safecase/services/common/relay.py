"""The outbox relay: publishes committed events to JetStream, at least once, in order.

Events are published with ``Nats-Msg-Id`` = event id, so the broker drops a duplicate that a
crash between publishing and marking the row sent would cause; consumers' inboxes drop any
duplicate the broker's window misses. The relay marks a row sent only after JetStream
acknowledged it, so no event is ever lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from nats.js import JetStreamContext
from nats.js.api import StorageType, StreamConfig
from nats.js.errors import BadRequestError
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from safecase.core.events import DomainEvent
from safecase.core.persistence.schema import OutboxRow
from safecase.services.common.envelope import stream_name, subject_for, to_wire

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
    ) -> None:
        self.engine = engine
        self.js = js
        self.batch = batch
        # A fault-injection point for tests of crash recovery (called between publish and mark).
        self.after_publish = after_publish

    def _pending(self) -> list[tuple[str, str, str, dict[str, object]]]:
        with Session(self.engine) as session:
            rows = session.scalars(
                select(OutboxRow)
                .where(OutboxRow.published_at.is_(None))
                .order_by(OutboxRow.occurred_at, OutboxRow.id)
                .limit(self.batch)
            ).all()
            return [(r.id, r.organisation_id, r.type, dict(r.envelope)) for r in rows]

    def _mark(self, event_id: str) -> None:
        with Session(self.engine) as session, session.begin():
            session.execute(
                update(OutboxRow)
                .where(OutboxRow.id == event_id)
                .values(published_at=datetime.now(UTC))
            )

    async def publish_pending(self) -> int:
        """Publish one batch of unsent events; returns how many were published."""
        pending = await asyncio.to_thread(self._pending)
        for event_id, organisation_id, event_type, envelope in pending:
            event = DomainEvent.model_validate(envelope)
            await self.js.publish(
                subject_for(organisation_id, event_type),
                to_wire(event),
                headers={"Nats-Msg-Id": event_id},
            )
            if self.after_publish is not None:
                self.after_publish(event_id)
            await asyncio.to_thread(self._mark, event_id)
        return len(pending)

    async def run(self, stop: asyncio.Event, idle: float = 0.05) -> None:
        """Publish until ``stop`` is set; survives NATS outages by retrying."""
        while not stop.is_set():
            try:
                published = await self.publish_pending()
            except Exception as exc:  # the broker is away: keep the rows, try again
                log.warning("outbox relay waiting for NATS: %s", type(exc).__name__)
                published = 0
                await asyncio.sleep(0.5)
            if not published:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=idle)
