"""Idempotent consumers: a durable pull consumer with explicit ack, and an inbox of processed
event ids written in the same transaction as the consumer's effect.

A redelivered event (after a crash, a reconnect, or a duplicate publish) finds its id in the
inbox and is acknowledged without a second effect. The inbox row is claimed first, with an
insert that does nothing when the row exists: one round trip decides, and a second consumer
applying the same event at the same moment waits on the row instead of applying it too.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import nats.errors
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from sqlalchemy import Engine, Insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from safecase.events.v1 import event_pb2
from safecase.services.common.envelope import from_wire
from safecase.services.common.telemetry import consuming

__all__ = ["InboxConsumer"]

log = logging.getLogger("safecase.inbox")
RETRY_DELAY = 0.2  # seconds before a failed event comes back
Handler = Callable[[Session, event_pb2.Event], None]


class InboxConsumer:
    """Applies events from a stream through ``handler`` exactly once per event id."""

    def __init__(
        self,
        engine: Engine,
        js: JetStreamContext,
        *,
        stream: str,
        subject: str,
        durable: str,
        handler: Handler,
        inbox_row: type[Any],
        ordered: bool = False,
    ) -> None:
        self.engine = engine
        # In order: one event in flight at a time, so a failed event is retried before any
        # later one is applied (the hand-over's snapshots must not overtake each other).
        self.ordered = ordered
        self.js = js
        self.stream = stream
        self.subject = subject
        self.durable = durable
        self.handler = handler
        self.inbox_row = inbox_row
        self._sub: JetStreamContext.PullSubscription | None = None

    async def subscribe(self) -> None:
        self._sub = await self.js.pull_subscribe(
            self.subject,
            durable=self.durable,
            stream=self.stream,
            config=ConsumerConfig(
                ack_policy=AckPolicy.EXPLICIT,
                deliver_policy=DeliverPolicy.ALL,
                ack_wait=30,
                max_ack_pending=1 if self.ordered else None,
            ),
        )

    def apply(self, data: bytes) -> bool:
        """Apply one event in one transaction; ``False`` when it was already applied."""
        event = from_wire(data)
        with Session(self.engine) as session, session.begin():
            if not self._claim(session, event.id):
                return False
            self.handler(session, event)
        return True

    def _claim(self, session: Session, event_id: str) -> bool:
        """Record ``event_id`` in the inbox; ``False`` if it is there already."""
        row = {"consumer": self.durable, "event_id": event_id, "processed_at": datetime.now(UTC)}
        statement: Insert
        match session.get_bind().dialect.name:
            case "postgresql":
                statement = postgresql.insert(self.inbox_row).on_conflict_do_nothing()
            case "sqlite":
                statement = sqlite.insert(self.inbox_row).on_conflict_do_nothing()
            case _:
                if session.get(self.inbox_row, (self.durable, event_id)) is not None:
                    return False
                session.add(self.inbox_row(**row))
                return True
        claimed = statement.returning(self.inbox_row.event_id)  # no row back: already there
        return session.connection().execute(claimed, row).first() is not None

    async def process(self, batch: int = 50, timeout: float = 0.5) -> int:
        """Fetch and apply one batch; returns how many messages were handled."""
        if self._sub is None:
            await self.subscribe()
        assert self._sub is not None
        try:  # in order, one at a time: a batch would wait out the timeout for the rest
            messages: list[Msg] = await self._sub.fetch(
                1 if self.ordered else batch, timeout=timeout
            )
        except (nats.errors.TimeoutError, TimeoutError):  # the client raises either
            return 0
        for done, message in enumerate(messages):
            try:
                with consuming(message):  # the trace the event carries, continued
                    await asyncio.to_thread(self.apply, message.data)
                    await message.ack()
            except Exception:
                # Redeliver now rather than after the ack wait, this one and those behind it.
                for pending in messages[done:]:
                    await pending.nak(delay=RETRY_DELAY)
                raise
        return len(messages)

    async def run(self, stop: asyncio.Event) -> None:
        """Consume until ``stop``; resumes by itself after the server comes back."""
        while not stop.is_set():
            try:
                await self.process()
            except Exception as exc:  # server away or reconnecting: try again shortly
                log.warning("consumer %s waiting: %s", self.durable, type(exc).__name__)
                await asyncio.sleep(0.5)
