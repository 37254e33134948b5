"""The hand-over between the case context (intake) and the hearing context (hearings).

Two instances of one organisation, each with its own database, learn of each other only
through events on the real NATS JetStream: a case at risk assessment reaches the hearing
context, the panel appointed there is what intake's referral checks, the hearing, decision and
sanction come back to intake, and the sanction registry is written when the sanction comes
into force. A snapshot delivered twice has one effect.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nats
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from safecase.core.case import Case
from safecase.core.crypto import OrganisationKey, generate_organisation_key
from safecase.core.errors import CaseErased
from safecase.core.handover import CASE_PRIVATE, open_snapshot
from safecase.core.instance import Instance
from safecase.core.persistence.registry_store import RegistryStore
from safecase.core.persistence.schema import AuditRow, DataKeyRow, OutboxRow
from safecase.core.persistence.store import CaseStore
from safecase.core.registry_writer import record_sanctions_in_force
from safecase.core.states import CaseState, Role
from safecase.core.testing import Clock, Scenario
from safecase.core.testing.instances import migrated_instance
from safecase.services.common.envelope import from_wire
from safecase.services.common.handover import (
    HandoverReceiver,
    after_case_command,
    after_hearing_command,
)
from safecase.services.common.relay import OutboxRelay, ensure_stream


@dataclass
class Organisation:
    id: str
    key: OrganisationKey
    intake: Instance
    hearings: Instance
    scenario: Scenario

    def case_in(self, instance: Instance, case_id: str) -> Case:
        with instance.unit() as unit:
            return unit.store.get(case_id)

    def knows(self, instance: Instance, case_id: str) -> bool:
        with instance.unit() as unit:
            return unit.store.exists(case_id)


@pytest.fixture
def organisation(
    database_url: str, second_database_url: str, tmp_path: Path
) -> Iterator[Organisation]:
    org = f"org-{secrets.token_hex(4)}"
    clock = Clock()
    overrides = Scenario.default_overrides("scotland", None)
    intake = migrated_instance(
        database_url, tmp_path, organisation_id=org, clock=clock, rule_set_overrides=overrides
    )
    key = intake.organisation_key
    hearings = migrated_instance(  # the same organisation: its key, another database
        second_database_url,
        tmp_path,
        organisation_id=org,
        clock=clock,
        key=key,
        rule_set_overrides=overrides,
    )
    intake.after_command = after_case_command(key)
    hearings.after_command = after_hearing_command(
        key, record_sanctions_in_force(org, key, hearings.plugins.rule_set)
    )
    instances = [intake, hearings]
    scenario = Scenario("scotland", organisation_id=org, instance=intake)
    for person in (*scenario.cast.panel, *scenario.cast.appeal_panel):
        hearings.add_person(person)  # the hearing context's own panel members
    yield Organisation(org, key, intake, hearings, scenario)
    for instance in instances:
        instance.engine.dispose()


async def deliver(org: Organisation, nats_url: str) -> None:
    """Relay both outboxes and let each context's receiver apply what the other sent."""
    nc = await nats.connect(nats_url, connect_timeout=2)
    js = nc.jetstream()
    try:
        await ensure_stream(js, org.id)
        await OutboxRelay(org.intake.engine, js, collection="cases").publish_pending()
        await OutboxRelay(org.hearings.engine, js, collection="hearings").publish_pending()
        for instance, receives in ((org.hearings, "case"), (org.intake, "hearing")):
            receiver = HandoverReceiver(org.id, org.key, receives)  # type: ignore[arg-type]
            consumer = await receiver.consumer(instance.engine, js)
            while await consumer.process(timeout=0.5):
                pass
    finally:
        await nc.close()


def referred_in_both(org: Organisation, nats_url: str) -> tuple[Case, Case]:
    """A case handed over at risk assessment, its panel appointed in the hearing context and the
    referral (T25) made at intake: (intake's case, the risk-assessed case)."""
    s = org.scenario
    case = s.risk_assessed()
    assert not org.knows(org.hearings, case.id)
    asyncio.run(deliver(org, nats_url))
    projection = org.case_in(org.hearings, case.id)
    assert projection.state is CaseState.RISK_ASSESSMENT
    assert projection.parties == case.parties
    assert projection.severity == case.severity

    # The panel is appointed in the hearing context (G10, G26 run there) ...
    s.instance = org.hearings
    s.appoint(projection, s.cast.panel)
    asyncio.run(deliver(org, nats_url))
    # ... and it is the panel intake's referral (T25) checks.
    s.instance = org.intake
    at_intake = org.case_in(org.intake, case.id)
    assert [m.person_id for m in at_intake.panels[0].members] == [
        p.id for p in s.cast.panel[: len(at_intake.panels[0].members)]
    ]
    at_intake, decision_id = s.with_cmg(at_intake, "refer to disciplinary")
    referred = s.run(
        at_intake,
        "refer_to_disciplinary",
        Role.CMG,
        notice_served_at=s.clock.now,
        cmg_decision_id=decision_id,
        child_supporter="Named supporter",
        respondent_support_person="Rep",
        complainant_welfare_plan=True,
        respondent_welfare_plan=True,
    )
    assert referred.state is CaseState.HEARING_PENDING
    asyncio.run(deliver(org, nats_url))

    return referred, case


def test_a_case_goes_to_a_hearing_and_its_sanction_comes_back_to_intake(
    organisation: Organisation, nats_url: str
) -> None:
    org, s = organisation, organisation.scenario
    referred, case = referred_in_both(org, nats_url)
    s.instance = org.hearings
    projection = org.case_in(org.hearings, case.id)
    assert projection.state is CaseState.HEARING_PENDING
    assert [h.id for h in projection.hearings] == [h.id for h in referred.hearings]
    in_force = s.sanction_in_force(s.notified(s.decided(s.in_hearing(projection))))
    assert in_force.state is CaseState.SANCTION_IN_FORCE
    asyncio.run(deliver(org, nats_url))

    at_intake = org.case_in(org.intake, case.id)
    assert at_intake.state is CaseState.SANCTION_IN_FORCE
    assert [d.id for d in at_intake.decisions] == [d.id for d in in_force.decisions]
    assert at_intake.investigation == case.investigation, "intake's own records are untouched"
    with Session(org.hearings.engine) as session:
        entries = RegistryStore(session, org.key, org.id).entries()
    respondent = s.cast.respondent
    assert {e.person.person_id for e in entries} == {respondent.id}
    assert entries[0].person.legal_name == respondent.name, "the snapshot carried the person"
    with Session(org.intake.engine) as session:
        handovers = session.scalars(
            select(AuditRow.command).where(AuditRow.command.like("handover:%"))
        ).all()
    assert handovers, "intake audits what the hearing context told it"
    assert org.intake.verify_audit()[1] is None
    assert org.hearings.verify_audit()[1] is None


def test_a_snapshot_is_sealed_and_holds_nothing_private(
    organisation: Organisation, nats_url: str
) -> None:
    org, s = organisation, organisation.scenario
    case = s.risk_assessed()
    with Session(org.intake.engine) as session:
        rows = session.scalars(select(OutboxRow).where(OutboxRow.case_id == case.id)).all()
        sealed = [(row.id, row.envelope["sealed"]) for row in rows if "sealed" in row.envelope]
    assert sealed, "the step into risk assessment carries a snapshot"
    event_id, document = sealed[-1]
    assert case.narrative not in str(document), "sealed, not readable in the outbox"
    snapshot = open_snapshot(org.key, event_id, document)
    assert not CASE_PRIVATE & set(snapshot["case"])
    assert snapshot["case"]["narrative"] == case.narrative
    elsewhere = Path(org.intake.settings.data_dir) / "another-organisation"
    elsewhere.mkdir()
    other = generate_organisation_key(elsewhere / "organisation.key")
    with pytest.raises(Exception):  # noqa: B017 - any failure to open will do
        open_snapshot(other, event_id, document)
    with pytest.raises(Exception):  # noqa: B017 - bound to its own event
        open_snapshot(org.key, "another-event", document)


def test_a_snapshot_delivered_twice_has_one_effect(
    organisation: Organisation, nats_url: str
) -> None:
    org, s = organisation, organisation.scenario
    case = s.risk_assessed()

    async def twice() -> int:
        nc = await nats.connect(nats_url, connect_timeout=2)
        js = nc.jetstream()
        try:
            await ensure_stream(js, org.id)
            await OutboxRelay(org.intake.engine, js).publish_pending()
            receiver = HandoverReceiver(org.id, org.key, "case")
            consumer = await receiver.consumer(org.hearings.engine, js)
            sub = await js.pull_subscribe(
                receiver.subject, durable="test-copy", stream=consumer.stream
            )
            messages = await sub.fetch(100, timeout=1.0)
            assert [consumer.apply(m.data) for m in messages] == [True] * len(messages)
            # the same events again, as after a redelivery: nothing happens twice
            assert [consumer.apply(m.data) for m in messages] == [False] * len(messages)
            return sum(1 for m in messages if from_wire(m.data).HasField("sealed"))
        finally:
            await nc.close()

    snapshots = asyncio.run(twice())
    assert snapshots >= 1
    with Session(org.hearings.engine) as session:
        applied = session.scalars(
            select(AuditRow.command).where(AuditRow.command.like("handover:%"))
        ).all()
        stored = CaseStore(session, org.key, org.id).get(case.id)
    assert len(applied) == snapshots, "one audited effect per snapshot"
    assert stored.state is CaseState.RISK_ASSESSMENT
    assert stored.version == snapshots - 1, "created once, then changed once per later snapshot"


def test_a_case_erased_at_intake_leaves_no_readable_copy_in_the_hearing_context(
    organisation: Organisation, nats_url: str
) -> None:
    """G32: the retention job's crypto-shredding reaches every copy of the case."""
    org, s = organisation, organisation.scenario
    case = s.risk_assessed(s.concluded(s.investigating(s.triaged(severity="LOW"))))
    asyncio.run(deliver(org, nats_url))
    assert org.case_in(org.hearings, case.id).narrative == case.narrative
    decision = {"rationale": "Poor practice, dealt with locally.", "decided_by": [s.cast.dsl.id]}
    outcomes = ["EDUCATION_TRAINING"]
    case = s.run(case, "resolve_informally", plan="Education", outcomes=outcomes, **decision)
    closed = s.run(case, "record_resolution_outcome", outcomes=outcomes, **decision)
    assert closed.state is CaseState.CLOSED
    s.clock.advance(days=365 * 27)  # past every retention period
    org.intake.erase_case(case.id, s.actor(Role.SYS))
    asyncio.run(deliver(org, nats_url))

    with pytest.raises(CaseErased):
        org.case_in(org.hearings, case.id)
    with Session(org.hearings.engine) as session:
        assert session.get(DataKeyRow, case.id) is None
        erasures = session.scalars(
            select(AuditRow.command).where(
                AuditRow.case_id == case.id, AuditRow.command == "handover:CaseDataDeleted"
            )
        ).all()
    assert erasures == ["handover:CaseDataDeleted"], "audited once"
    assert org.hearings.verify_audit()[1] is None


def test_a_case_closed_at_intake_while_its_hearing_opens_ends_closed_in_both_contexts(
    organisation: Organisation, nats_url: str
) -> None:
    """Both contexts move the case at once: the case context owns the lifecycle, so its closure
    on withdrawal (T46) wins on both sides, and intake still learns what the hearing did."""
    org, s = organisation, organisation.scenario
    referred, _ = referred_in_both(org, nats_url)
    s.instance = org.hearings
    opened = s.in_hearing(org.case_in(org.hearings, referred.id))
    assert opened.state is CaseState.DISCIPLINARY_HEARING
    s.instance = org.intake
    rationale = (
        "The complainant withdrew; the coach no longer works with children at the club, the "
        "welfare officer confirmed this in writing, and no child remains at risk from this concern."
    )
    closed = s.run(
        org.case_in(org.intake, referred.id),
        "withdraw_and_close",
        rationale=rationale,
        decided_by=[s.cast.dsl.id],
    )
    assert closed.state is CaseState.CLOSED

    asyncio.run(deliver(org, nats_url))

    at_intake = org.case_in(org.intake, referred.id)
    in_hearing_context = org.case_in(org.hearings, referred.id)
    assert at_intake.state is in_hearing_context.state is CaseState.CLOSED
    assert at_intake.hearings == opened.hearings, "the hearing facts reach intake all the same"
