"""The advisory service's event backbone: shares in, advice out, ended shares purged.

- :class:`ShareConsumer` applies the SHARES stream through the idempotent inbox (an event
  applied twice has one effect); unlike the organisations' consumers it needs the message's
  subject, which says (through the NATS accounts) whose share it is.
- After every batch, and in the sweep, the JetStream messages of ended shares are purged from
  the SHARES stream (subject filter ``safecase.advisory.shares.<org>.<share>.>``), so the
  broker keeps no ciphertext of a share whose key was destroyed (G15).
- :class:`AdviceRelay` publishes the advisory outbox (``Nats-Msg-Id`` = event id) and clears
  each envelope once JetStream acknowledged it.
- The sweep ends shares whose ``expires_at`` passed, even if nobody reads them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

import nats.errors
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import StorageType, StreamConfig
from nats.js.errors import BadRequestError, NotFoundError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from safecase.services.advisory import shares
from safecase.services.advisory.schema import InboxRow, OutboxRow
from safecase.services.advisory.store import AdvisoryStore
from safecase.services.common.backbone import Worker
from safecase.services.common.envelope import from_wire
from safecase.services.common.inbox import InboxConsumer
from safecase.services.common.nats_accounts import SHARES_STREAM, SHARES_SUBJECTS
from safecase.services.common.telemetry import consuming, publishing

__all__ = [
    "SHARES_STREAM",
    "AdviceRelay",
    "ShareConsumer",
    "advisory_workers",
    "ensure_shares_stream",
    "purge_ended",
]

log = logging.getLogger("safecase.services.advisory.consumers")

DURABLE = "advisory-shares"
DUPLICATE_WINDOW_SECONDS = 24 * 3600.0


async def ensure_shares_stream(
    js: JetStreamContext, name: str = SHARES_STREAM, subjects: str = SHARES_SUBJECTS
) -> None:
    """The support service's SHARES stream (file storage, a day of duplicate detection)."""
    config = StreamConfig(
        name=name,
        subjects=[subjects],
        storage=StorageType.FILE,
        duplicate_window=DUPLICATE_WINDOW_SECONDS,
    )
    try:
        await js.add_stream(config)
    except BadRequestError:
        await js.update_stream(config)


class ShareConsumer(InboxConsumer):
    """Applies SHARES messages exactly once per event id, by subject."""

    def __init__(
        self,
        store: AdvisoryStore,
        js: JetStreamContext,
        *,
        stream: str = SHARES_STREAM,
        subject: str = SHARES_SUBJECTS,
        durable: str = DURABLE,
    ) -> None:
        super().__init__(
            store.engine,
            js,
            stream=stream,
            subject=subject,
            durable=durable,
            handler=self._needs_subject,
            inbox_row=InboxRow,
        )
        self.store = store

    @staticmethod
    def _needs_subject(_session: Session, _event: object) -> None:
        raise TypeError("a share is applied with its subject: use apply_message")

    def apply_message(self, data: bytes, subject: str) -> bool:
        """Apply one message in one transaction; ``False`` when it was already applied."""
        event = from_wire(data)
        with Session(self.engine) as session, session.begin():
            if not self._claim(session, event.id):
                log.info("event %s already applied", event.id)
                shares.redelivered(session, subject)
                return False
            store = self.store
            shares.receive(
                session, store.support_key, subject, event, store.clock(), store.members_per_area
            )
        return True

    async def process(self, batch: int = 50, timeout: float = 0.5) -> int:
        if self._sub is None:
            await self.subscribe()
        assert self._sub is not None
        try:
            messages: list[Msg] = await self._sub.fetch(batch, timeout=timeout)
        except (nats.errors.TimeoutError, TimeoutError):
            return 0
        for message in messages:
            with consuming(message):
                await asyncio.to_thread(self.apply_message, message.data, message.subject)
                await message.ack()
        await purge_ended(self.store, self.js, self.stream)
        return len(messages)


async def purge_ended(store: AdvisoryStore, js: JetStreamContext, stream: str) -> int:
    """Purge the stream copies of every ended share not yet purged; how many were."""
    purged = 0
    for organisation_id, share_id in await asyncio.to_thread(store.pending_purges):
        with contextlib.suppress(NotFoundError):  # no such stream: nothing of the share is held
            await js.purge_stream(
                stream, subject=f"{shares.SHARES_ROOT}.{organisation_id}.{share_id}.>"
            )
        await asyncio.to_thread(store.mark_purged, share_id)
        log.info("share %s: stream copies purged", share_id)
        purged += 1
    return purged


class AdviceRelay:
    """Publishes the advisory outbox, in order, at least once."""

    def __init__(self, store: AdvisoryStore, js: JetStreamContext, *, batch: int = 100) -> None:
        self.store = store
        self.js = js
        self.batch = batch

    def _pending(self) -> list[tuple[str, str, bytes]]:
        with Session(self.store.engine) as session:
            rows = session.execute(
                select(OutboxRow.id, OutboxRow.subject, OutboxRow.envelope)
                .where(OutboxRow.published_at.is_(None), OutboxRow.envelope.is_not(None))
                .order_by(OutboxRow.occurred_at, OutboxRow.id)
                .limit(self.batch)
            ).all()
            return [(i, s, e) for i, s, e in rows if e is not None]

    def _mark(self, event_id: str) -> None:
        with Session(self.store.engine) as session, session.begin():
            session.execute(
                update(OutboxRow)
                .where(OutboxRow.id == event_id, OutboxRow.published_at.is_(None))
                .values(published_at=datetime.now(UTC), envelope=None)
            )

    async def publish_pending(self) -> int:
        pending = await asyncio.to_thread(self._pending)
        for event_id, subject, envelope in pending:
            with publishing(subject, event_id, None) as carried:
                await self.js.publish(
                    subject, envelope, headers={"Nats-Msg-Id": event_id, **carried.headers}
                )
            await asyncio.to_thread(self._mark, event_id)
        return len(pending)

    async def run(self, stop: asyncio.Event, idle: float = 0.2) -> None:
        while not stop.is_set():
            try:
                published = await self.publish_pending()
            except Exception as exc:  # the broker is away: keep the rows, try again
                log.warning("advice relay waiting for NATS: %s", type(exc).__name__)
                published = 0
                await asyncio.sleep(0.5)
            if not published:
                await _wait(stop, idle)


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


async def sweep(store: AdvisoryStore, js: JetStreamContext, stream: str) -> None:
    """End expired shares and purge what ended; once."""
    for share_id in await asyncio.to_thread(store.expire_due):
        log.info("share %s expired", share_id)
    await purge_ended(store, js, stream)


def advisory_workers(
    store: AdvisoryStore,
    *,
    stream: str = SHARES_STREAM,
    subjects: str = SHARES_SUBJECTS,
    sweep_seconds: float = 30.0,
    create_stream: bool = True,
) -> list[Worker]:
    """The consumer of shares, the advice relay and the expiry sweep, for the backbone."""

    async def consume(js: JetStreamContext, stop: asyncio.Event) -> None:
        if create_stream:
            await ensure_shares_stream(js, stream, subjects)
        await ShareConsumer(store, js, stream=stream, subject=subjects).run(stop)

    async def relay(js: JetStreamContext, stop: asyncio.Event) -> None:
        await AdviceRelay(store, js).run(stop)

    async def sweeping(js: JetStreamContext, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await sweep(store, js, stream)
            except Exception as exc:  # the broker or the database is away: next round
                log.warning("advisory sweep waiting: %s", type(exc).__name__)
            await _wait(stop, sweep_seconds)

    return [consume, relay, sweeping]
