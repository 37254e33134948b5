"""One unit of work per call, on SQLite and PostgreSQL: a command and the caller's view of its
result share one transaction and are both audited; the rules read people one by one; the
audit chain links every entry of a transaction exactly as the in-memory chain would; a commit
of events wakes the outbox relay of the same process."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import nats
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from safecase.core.audit import GENESIS, new_entry
from safecase.core.errors import CommandRefused, NotFound
from safecase.core.instance import Instance
from safecase.core.people import Person
from safecase.core.persistence import outbox_signal
from safecase.core.persistence.audit_store import SqlAuditTrail
from safecase.core.persistence.schema import AuditRow, OutboxRow
from safecase.core.states import Role
from safecase.core.testing import Scenario
from safecase.core.testing.instances import migrated_instance
from safecase.services.common.relay import OutboxRelay, ensure_stream


@pytest.fixture
def instance(database_url: str, tmp_path: Path) -> Iterator[tuple[Instance, Scenario]]:
    organisation = f"org-{secrets.token_hex(4)}"
    scenario = Scenario("scotland", organisation_id=organisation)
    inst = migrated_instance(
        database_url, tmp_path, organisation_id=organisation, clock=scenario.clock
    )
    for person in scenario.people:
        inst.add_person(person)
    yield inst, scenario
    inst.engine.dispose()


def report(s: Scenario) -> dict[str, object]:
    return {"narrative": "A concern.", "parties": s.parties(child=False)}


def audit_of(inst: Instance, case_id: str) -> list[AuditRow]:
    with Session(inst.engine) as session:
        return list(
            session.scalars(
                select(AuditRow).where(AuditRow.case_id == case_id).order_by(AuditRow.seq)
            )
        )


def test_a_report_and_the_reporters_view_of_it_are_one_transaction_both_audited(
    instance: tuple[Instance, Scenario],
) -> None:
    inst, s = instance
    dsl = s.actor(Role.DSL)
    outcome, read = inst.open_case_read("submit_report", report(s), dsl, request_id="r-1")
    assert read.refusal is None
    assert read.view == inst.read_case(outcome.case.id, dsl)  # as a later read shows it
    rows = audit_of(inst, outcome.case.id)
    assert [(r.action, r.outcome) for r in rows] == [
        ("COMMAND", "ALLOWED"),
        ("READ", "ALLOWED"),  # the view returned with the report
        ("READ", "ALLOWED"),  # the later read
    ]
    assert "narrative" in rows[1].fields
    assert inst.verify_audit()[1] is None


def test_a_retried_report_returns_the_same_case_and_audits_the_read_again(
    instance: tuple[Instance, Scenario],
) -> None:
    inst, s = instance
    dsl = s.actor(Role.DSL)
    first, _ = inst.open_case_read("submit_report", report(s), dsl, request_id="r-2")
    again, read = inst.open_case_read("submit_report", report(s), dsl, request_id="r-2")
    assert again.replayed
    assert again.case.id == first.case.id
    assert read.view
    assert [r.action for r in audit_of(inst, first.case.id)] == ["COMMAND", "READ", "READ"]


def test_a_step_and_the_view_of_its_result_are_one_transaction_both_audited(
    instance: tuple[Instance, Scenario],
) -> None:
    inst, s = instance
    case = inst.open_case("submit_report", report(s), s.actor(Role.DSL))
    step, seen = inst.execute_read(
        case.id, "withdraw_report", {"reason": "withdrawn by the reporter"}, s.actor(Role.DSL)
    )
    assert step.case.version == 2
    assert seen.refusal is None
    assert seen.view["state"] == "CLOSED"
    with pytest.raises(CommandRefused):
        inst.read_case(case.id, s.actor(Role.ADV))
    actions = [(r.action, r.outcome.split(":")[0]) for r in audit_of(inst, case.id)]
    assert actions == [
        ("COMMAND", "ALLOWED"),
        ("COMMAND", "ALLOWED"),
        ("READ", "ALLOWED"),
        ("READ", "REFUSED"),
    ]


def test_the_rules_read_people_one_by_one_and_iteration_still_yields_everyone(
    instance: tuple[Instance, Scenario],
) -> None:
    inst, s = instance
    erased = inst.add_person(Person(name="Gone Person"))
    with inst.unit() as unit:
        unit.store.keys.destroy(erased.id)  # crypto-shredded: out of the registry
    with inst.unit() as unit:
        people = unit.people
        assert s.cast.respondent.id in people
        assert people.get(s.cast.respondent.id) == s.cast.respondent
        assert erased.id not in people
        assert "nobody" not in people
        with pytest.raises(NotFound):
            people.get("nobody")
        everyone = [p.id for p in people]
    assert everyone == [p.id for p in inst.people()]
    assert erased.id not in everyone
    assert s.cast.respondent.id in everyone


def test_every_entry_of_a_transaction_is_linked_as_the_chain_defines_it(
    instance: tuple[Instance, Scenario],
) -> None:
    inst, s = instance
    before = inst.verify_audit()[0]
    fields = {
        "ts": s.clock.now,
        "org_id": inst.organisation.id,
        "actor_person_id": s.cast.dsl.id,
        "acting_role": "DSL",
        "case_id": None,
        "action": "READ",
        "outcome": "ALLOWED",
        "command": None,
        "object_type": "case",
    }
    with Session(inst.engine) as session, session.begin():
        trail = SqlAuditTrail(session)
        for n in range(3):
            trail.append(**{**fields, "fields": (f"field{n}",)})  # type: ignore[arg-type]
    with Session(inst.engine) as session:
        rows = list(session.scalars(select(AuditRow).order_by(AuditRow.seq)))
    previous = rows[before - 1].hash if before else GENESIS
    for n, row in enumerate(rows[before:]):
        expected = new_entry(before + n + 1, previous, **{**fields, "fields": (f"field{n}",)})
        assert (row.seq, row.prev_hash, row.hash) == (expected.seq, previous, expected.hash)
        previous = row.hash
    assert inst.verify_audit() == (before + 3, None)


def test_a_commit_of_events_wakes_the_listeners_of_its_engine_and_nothing_else_does(
    instance: tuple[Instance, Scenario],
) -> None:
    inst, s = instance
    woken: list[str] = []
    stop = outbox_signal.listen(inst.engine, lambda: woken.append("woken"))

    def broken() -> None:
        raise RuntimeError("a listener that fails never fails the writer")

    failing = outbox_signal.listen(inst.engine, broken)
    try:
        case = inst.open_case("submit_report", report(s), s.actor(Role.DSL))
        assert woken == ["woken"]
        inst.read_case(case.id, s.actor(Role.DSL))  # no events: nobody is woken
        with pytest.raises(CommandRefused):
            inst.execute(
                case.id,
                "commission_risk_assessment",
                {"assessor_id": s.cast.assessor.id},
                s.actor(Role.DSL),
            )
        assert woken == ["woken"]
    finally:
        stop()
        failing()
    inst.open_case("submit_report", report(s), s.actor(Role.DSL))
    assert woken == ["woken"]


def test_the_relay_publishes_a_commit_of_this_process_without_waiting_for_its_poll(
    instance: tuple[Instance, Scenario], nats_url: str
) -> None:
    inst, s = instance

    async def scenario() -> float:
        connection = await nats.connect(nats_url)
        js = connection.jetstream()
        stream = await ensure_stream(js, inst.organisation.id)
        stop = asyncio.Event()
        relay = asyncio.create_task(OutboxRelay(inst.engine, js).run(stop, idle=30.0))
        try:
            await asyncio.sleep(0.2)  # the relay found nothing and waits (up to 30 s)
            started = time.monotonic()
            await asyncio.to_thread(inst.open_case, "submit_report", report(s), s.actor(Role.DSL))
            while (await js.stream_info(stream)).state.messages < 1:
                assert time.monotonic() - started < 5, "the relay was not woken"
                await asyncio.sleep(0.01)
            return time.monotonic() - started
        finally:
            stop.set()
            await relay
            await js.delete_stream(stream)
            await connection.close()

    assert asyncio.run(scenario()) < 5
    with Session(inst.engine) as session:
        assert session.scalars(select(OutboxRow.published_at)).all() != [None]
