"""Stored cases are sealed, audited and erasable, on SQLite and PostgreSQL.

Sensitive fields are encrypted under a per-case data key; erasing a case destroys that key
(crypto-shredding); every command attempt and every read of sensitive fields is in the
hash-chained audit log, which finds any tampering; a refused or failed step writes nothing but
its audit entry.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from safecase.core.crypto import KeyUnavailable, OrganisationKey, generate_organisation_key
from safecase.core.errors import CaseErased, CommandRefused, ConcurrencyConflict
from safecase.core.instance import Instance
from safecase.core.persistence.audit_store import SqlAuditTrail
from safecase.core.persistence.database import open_engine
from safecase.core.persistence.migrate import upgrade
from safecase.core.persistence.schema import AuditRow, CaseRow, DataKeyRow, OutboxRow
from safecase.core.persistence.store import CaseStore
from safecase.core.settings import Settings
from safecase.core.states import CaseState, Role
from safecase.core.testing import Scenario

NARRATIVE = "Canary narrative: the coach Zebulon Quartermain shouted at a child"


@pytest.fixture
def instance(database_url: str, tmp_path: Path) -> Iterator[tuple[Instance, Scenario]]:
    key = generate_organisation_key(tmp_path / "keys" / "organisation.key")
    settings = Settings(
        data_dir=tmp_path,
        organisation_id="org-a",
        organisation_name="Example Swimming",
        plugin="scotland",
        database_url=database_url,
        key_file=tmp_path / "keys" / "organisation.key",
    )
    engine = open_engine(database_url)
    upgrade(engine)
    scenario = Scenario("scotland")
    inst = Instance(settings, clock=scenario.clock, engine=engine, organisation_key=key)
    for person in scenario.people:
        inst.add_person(person)
    yield inst, scenario
    engine.dispose()


def new_case(inst: Instance, s: Scenario) -> str:
    case = inst.open_case(
        "submit_report",
        {"narrative": NARRATIVE, "parties": s.parties(child=False), "categories": [s.category()]},
        s.actor(Role.DSL),
    )
    return case.id


def test_a_stored_case_reads_back_exactly(instance: tuple[Instance, Scenario]) -> None:
    inst, s = instance
    case_id = new_case(inst, s)
    with inst.unit() as unit:
        stored = unit.store.get(case_id)
    assert stored.narrative == NARRATIVE
    assert stored.state is CaseState.RECEIVED_REPORT


def test_sensitive_text_is_never_stored_in_the_clear(instance: tuple[Instance, Scenario]) -> None:
    inst, s = instance
    case_id = new_case(inst, s)
    with Session(inst.engine) as session:
        raw = " ".join(
            str(row)
            for table in ("cases", "hearing_files", "people", "outbox", "audit_log")
            for row in session.execute(text(f"SELECT * FROM {table}"))
        )
    assert case_id in raw
    for secret in (
        "Zebulon",
        "Quartermain",
        s.cast.complainant.name,
        s.cast.complainant.email or "",
    ):
        assert secret not in raw


def test_every_command_attempt_and_every_sensitive_read_is_audited_without_content(
    instance: tuple[Instance, Scenario],
) -> None:
    inst, s = instance
    case_id = new_case(inst, s)
    with pytest.raises(CommandRefused):
        inst.execute(
            case_id,
            "commission_risk_assessment",
            {"assessor_id": s.cast.assessor.id},
            s.actor(Role.DSL),
        )
    inst.read_case(case_id, s.actor(Role.DSL))
    with Session(inst.engine) as session:
        rows = session.scalars(
            select(AuditRow).where(AuditRow.case_id == case_id).order_by(AuditRow.seq)
        ).all()
    assert [r.action for r in rows] == ["COMMAND", "COMMAND", "READ"]
    assert rows[1].outcome == "REFUSED:E_G01_INVESTIGATION_REQUIRED"
    assert "narrative" in rows[2].fields
    assert all(NARRATIVE not in str(r.__dict__) for r in rows)
    assert inst.verify_audit()[1] is None


def test_a_refused_step_writes_only_its_audit_entry(instance: tuple[Instance, Scenario]) -> None:
    inst, s = instance
    case_id = new_case(inst, s)
    count_before = inst.verify_audit()[0]
    with Session(inst.engine) as session:
        events_before = session.scalar(text("SELECT count(*) FROM outbox"))
    with pytest.raises(CommandRefused):
        inst.execute(
            case_id,
            "open_investigation",
            {"investigator_id": s.cast.investigator.id, "terms_of_reference": ["What happened"]},
            s.actor(Role.DSL),
        )
    with inst.unit() as unit:
        assert unit.store.get(case_id).version == 1
    with Session(inst.engine) as session:
        assert session.scalar(text("SELECT count(*) FROM outbox")) == events_before
    assert inst.verify_audit() == (count_before + 1, None)


def test_an_accepted_step_stores_its_events_in_the_outbox_in_the_same_transaction(
    instance: tuple[Instance, Scenario],
) -> None:
    inst, s = instance
    case_id = new_case(inst, s)
    inst.execute(
        case_id, "withdraw_report", {"reason": "The reporter asked to withdraw"}, s.actor(Role.DSL)
    )
    with Session(inst.engine) as session:
        types = session.scalars(
            select(OutboxRow.type)
            .where(OutboxRow.case_id == case_id)
            .order_by(OutboxRow.occurred_at)
        ).all()
    assert types[0] == "ReportReceived"
    assert "ReportWithdrawn" in types


def test_a_conflicting_save_writes_nothing_at_all(instance: tuple[Instance, Scenario]) -> None:
    inst, s = instance
    case_id = new_case(inst, s)
    with inst.unit() as unit:
        stale = unit.store.get(case_id)
    inst.execute(case_id, "withdraw_report", {"reason": "first writer"}, s.actor(Role.DSL))
    entries = inst.verify_audit()[0]
    with pytest.raises(ConcurrencyConflict):
        inst.execute(
            case_id,
            "withdraw_report",
            {"reason": "second writer"},
            s.actor(Role.DSL),
            expected_version=stale.version,
        )
    assert inst.verify_audit() == (entries, None)


def test_erasing_a_case_destroys_its_key_and_its_content_can_never_be_read(
    instance: tuple[Instance, Scenario], database_url: str, tmp_path: Path
) -> None:
    inst, s = instance
    case_id = new_case(inst, s)
    inst.execute(
        case_id, "withdraw_report", {"reason": "The reporter asked to withdraw"}, s.actor(Role.DSL)
    )
    with Session(inst.engine) as session:
        sealed_before = session.get(CaseRow, case_id)
        assert sealed_before is not None
        document = dict(sealed_before.document)
        wrapped = session.get(DataKeyRow, case_id)
        assert wrapped is not None
    with pytest.raises(CommandRefused) as refused:
        inst.erase_case(case_id, s.actor(Role.SYS))  # G32: retention has not expired
    assert refused.value.reason == "E_G32_RETENTION_NOT_EXPIRED"
    s.clock.advance(days=365 * 27)  # past the respondent's pension age (G32)
    inst.erase_case(case_id, s.actor(Role.SYS))
    with inst.unit() as unit, pytest.raises(CaseErased):
        unit.store.get(case_id)
    with Session(inst.engine) as session:
        assert session.get(DataKeyRow, case_id) is None
        row = session.get(CaseRow, case_id)
        assert row is not None
        assert row.state == "CLOSED"  # metadata stays for the record
    # Even someone holding the organisation key cannot open what was sealed under the case key.
    with Session(inst.engine) as session:
        store = CaseStore(session, inst.organisation_key, "org-a")
        with pytest.raises(CaseErased):
            store.get(case_id)
    assert "narrative" in document
    if database_url.startswith("sqlite"):
        raw = Path(database_url.removeprefix("sqlite:///")).read_bytes()
        assert wrapped.wrapped not in raw
        assert b"Zebulon" not in raw


def test_a_wrong_organisation_key_is_a_clear_error(instance: tuple[Instance, Scenario]) -> None:
    inst, s = instance
    case_id = new_case(inst, s)
    with Session(inst.engine) as session:
        store = CaseStore(session, OrganisationKey("k-other", os.urandom(32)), "org-a")
        with pytest.raises(KeyUnavailable, match="not the one this database was written with"):
            store.get(case_id)


@pytest.mark.parametrize("tamper", ["edit", "delete", "insert", "reorder"])
def test_the_stored_audit_chain_finds_tampering(
    instance: tuple[Instance, Scenario], tamper: str
) -> None:
    inst, s = instance
    case_id = new_case(inst, s)
    for reason in ("one", "two", "three"):
        with pytest.raises(CommandRefused):
            inst.execute(
                case_id,
                "open_investigation",
                {"investigator_id": reason, "terms_of_reference": [reason]},
                s.actor(Role.DSL),
            )
    assert inst.verify_audit()[1] is None
    with inst.engine.begin() as connection:
        _disable_append_only(connection)
        if tamper == "edit":
            connection.execute(text("UPDATE audit_log SET outcome = 'ALLOWED' WHERE seq = 2"))
            expected = 2
        elif tamper == "delete":
            connection.execute(text("DELETE FROM audit_log WHERE seq = 3"))
            expected = 3
        elif tamper == "insert":
            connection.execute(text("UPDATE audit_log SET seq = seq + 100 WHERE seq >= 3"))
            connection.execute(text("UPDATE audit_log SET seq = seq - 99 WHERE seq >= 103"))
            connection.execute(
                text(
                    "INSERT INTO audit_log SELECT 3, ts, org_id, 'intruder', acting_role, case_id,"
                    " object_type, object_id, action, command, outcome, failed_rules, fields,"
                    " prev_hash, :forged FROM audit_log WHERE seq = 2"
                ),
                {"forged": "f" * 64},
            )
            expected = 3
        else:
            connection.execute(text("UPDATE audit_log SET seq = -1 WHERE seq = 2"))
            connection.execute(text("UPDATE audit_log SET seq = 2 WHERE seq = 3"))
            connection.execute(text("UPDATE audit_log SET seq = 3 WHERE seq = -1"))
            expected = 2
    with Session(inst.engine) as session:
        assert SqlAuditTrail(session).verify() == expected


def _disable_append_only(connection: object) -> None:
    """What an attacker with direct database access would do first."""
    from sqlalchemy import Connection

    assert isinstance(connection, Connection)
    if connection.dialect.name == "sqlite":
        names = (
            connection.execute(
                text("SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_log'")
            )
            .scalars()
            .all()
        )
        for name in names:
            connection.execute(text(f'DROP TRIGGER "{name}"'))
    else:
        connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
