"""The event backbone over a real NATS JetStream: outbox relay, durable pull consumer, inbox.

No event is lost when the relay dies between publishing and marking a row sent, no effect is
doubled when an event arrives twice, and consumers resume by themselves after the server is
stopped and started again.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from pathlib import Path

import nats
import pytest
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, func, insert, select
from sqlalchemy.orm import Session

from safecase.core.instance import Instance
from safecase.core.persistence.schema import InboxRow, OutboxRow
from safecase.core.states import Role
from safecase.core.testing import Scenario
from safecase.core.testing.instances import migrated_instance
from safecase.events.v1 import event_pb2
from safecase.services.common.inbox import InboxConsumer
from safecase.services.common.relay import OutboxRelay, ensure_stream

EFFECTS = MetaData()
# What the consumer under test does with each event: one row per application.
applied = Table(
    "test_applied_events",
    EFFECTS,
    Column("n", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(32)),
    Column("type", String(64)),
)


class Crash(Exception):
    """The relay process dying at the worst moment."""


@pytest.fixture
def instance(database_url: str, tmp_path: Path) -> Iterator[tuple[Instance, Scenario, str]]:
    organisation = f"org-{secrets.token_hex(4)}"
    scenario = Scenario("scotland", organisation_id=organisation)
    inst = migrated_instance(
        database_url, tmp_path, organisation_id=organisation, clock=scenario.clock
    )
    EFFECTS.create_all(inst.engine)
    for person in scenario.people:
        inst.add_person(person)
    yield inst, scenario, organisation
    inst.engine.dispose()


def make_events(inst: Instance, s: Scenario, cases: int = 2) -> int:
    """Run a few real commands; returns the number of events now in the outbox."""
    for _ in range(cases):
        case = inst.open_case(
            "submit_report",
            {
                "narrative": "A concern.",
                "parties": s.parties(child=False),
                "categories": [s.category()],
            },
            s.actor(Role.DSL),
        )
        inst.execute(
            case.id, "withdraw_report", {"reason": "withdrawn by the reporter"}, s.actor(Role.DSL)
        )
    with Session(inst.engine) as session:
        return int(session.scalar(select(func.count()).select_from(OutboxRow)) or 0)


def handler(session: Session, event: event_pb2.Event) -> None:
    session.execute(insert(applied).values(event_id=event.id, type=event.type))


def effects(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.scalars(select(applied.c.event_id).order_by(applied.c.n)))


async def connect(url: str) -> nats.NATS:
    return await nats.connect(
        url, max_reconnect_attempts=-1, reconnect_time_wait=0.2, connect_timeout=2
    )


def test_no_event_is_lost_or_doubled_when_the_relay_dies_between_publish_and_mark(
    instance: tuple[Instance, Scenario, str], nats_url: str
) -> None:
    inst, s, organisation = instance
    total = make_events(inst, s)

    async def scenario() -> tuple[int, list[str]]:
        nc = await connect(nats_url)
        js = nc.jetstream()
        stream = await ensure_stream(js, organisation)
        try:
            published: list[str] = []

            def die_on_second(event_id: str) -> None:
                published.append(event_id)
                if len(published) == 2:
                    raise Crash

            with pytest.raises(Crash):
                await OutboxRelay(inst.engine, js, after_publish=die_on_second).publish_pending()
            with Session(inst.engine) as session:
                unsent = session.scalars(
                    select(OutboxRow.id).where(OutboxRow.published_at.is_(None))
                ).all()
            assert published[1] in unsent  # published, but the mark never happened
            await OutboxRelay(inst.engine, js).publish_pending()  # the restarted relay
            info = await js.stream_info(stream)
            consumer = InboxConsumer(
                inst.engine,
                js,
                stream=stream,
                subject=f"safecase.{organisation}.>",
                durable="test-applied",
                handler=handler,
                inbox_row=InboxRow,
            )
            while await consumer.process(timeout=1.0):
                pass
            return info.state.messages, effects(inst.engine)
        finally:
            await js.delete_stream(stream)
            await nc.close()

    messages, applied_ids = asyncio.run(scenario())
    assert messages == total  # the broker dropped the republished duplicate (Nats-Msg-Id)
    assert len(applied_ids) == total
    assert len(set(applied_ids)) == total
    with Session(inst.engine) as session:
        assert (
            session.scalar(
                select(func.count()).select_from(OutboxRow).where(OutboxRow.published_at.is_(None))
            )
            == 0
        )


def test_the_same_event_delivered_twice_has_one_effect(
    instance: tuple[Instance, Scenario, str], nats_url: str
) -> None:
    inst, s, organisation = instance
    make_events(inst, s, cases=1)

    async def scenario() -> list[str]:
        nc = await connect(nats_url)
        js = nc.jetstream()
        stream = await ensure_stream(js, organisation)
        try:
            await OutboxRelay(inst.engine, js).publish_pending()
            first = await js.get_msg(stream, seq=1)
            # Deliver the first event again, past the broker's de-duplication (a new msg id).
            await js.publish(
                first.subject, first.data or b"", headers={"Nats-Msg-Id": "redelivery"}
            )
            consumer = InboxConsumer(
                inst.engine,
                js,
                stream=stream,
                subject=f"safecase.{organisation}.>",
                durable="test-twice",
                handler=handler,
                inbox_row=InboxRow,
            )
            while await consumer.process(timeout=1.0):
                pass
            return effects(inst.engine)
        finally:
            await js.delete_stream(stream)
            await nc.close()

    applied_ids = asyncio.run(scenario())
    assert len(applied_ids) == len(set(applied_ids)) == 2  # ReportReceived, ReportWithdrawn


def test_relay_and_consumer_resume_by_themselves_after_the_server_restarts(
    instance: tuple[Instance, Scenario, str], nats_server: object
) -> None:
    from tests.conftest import NatsServer

    assert isinstance(nats_server, NatsServer)
    inst, s, organisation = instance

    async def scenario() -> list[str]:
        nc = await connect(nats_server.url)
        js = nc.jetstream()
        stream = await ensure_stream(js, organisation)
        stop = asyncio.Event()
        relay = OutboxRelay(inst.engine, js)
        consumer = InboxConsumer(
            inst.engine,
            js,
            stream=stream,
            subject=f"safecase.{organisation}.>",
            durable="test-restart",
            handler=handler,
            inbox_row=InboxRow,
        )
        tasks = [asyncio.create_task(relay.run(stop)), asyncio.create_task(consumer.run(stop))]
        try:
            first = await asyncio.to_thread(make_events, inst, s, 1)
            await wait_for(lambda: len(effects(inst.engine)) == first)
            await asyncio.to_thread(nats_server.stop)
            total = await asyncio.to_thread(make_events, inst, s, 2)  # events pile up in the outbox
            await asyncio.sleep(0.5)
            await asyncio.to_thread(nats_server.start)
            await wait_for(lambda: len(effects(inst.engine)) == total, timeout=30)
            return effects(inst.engine)
        finally:
            stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)
            await nc.close()

    applied_ids = asyncio.run(scenario())
    assert len(applied_ids) == len(set(applied_ids)) == 6


async def wait_for(condition: object, timeout: float = 10.0) -> None:
    assert callable(condition)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await asyncio.to_thread(condition):
        if loop.time() > deadline:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(0.05)
