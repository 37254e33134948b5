"""The database schema, its migrations and its guarantees, on SQLite and PostgreSQL.

Migrating an empty database gives exactly the ORM's tables (each context with its own history);
a database that is empty, foreign, behind, newer or damaged is refused with the fix; the audit
log is append-only in the database itself; two concurrent updates of one case give one success
and one conflict, never a lost update.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from safecase.core.case import Case
from safecase.core.crypto import OrganisationKey
from safecase.core.errors import ConcurrencyConflict, DatabaseProblem
from safecase.core.persistence import migrate
from safecase.core.persistence.audit_store import SqlAuditTrail
from safecase.core.persistence.database import open_engine
from safecase.core.persistence.schema import CaseBase, HearingBase
from safecase.core.persistence.store import CaseStore
from safecase.core.testing import Scenario

CONTEXTS = {
    "case": (CaseBase.metadata, "alembic_version_case"),
    "hearing": (HearingBase.metadata, "alembic_version_hearing"),
}
VERSION_TABLES = {version_table for _, version_table in CONTEXTS.values()}


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = open_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def migrated(engine: Engine) -> Engine:
    migrate.upgrade(engine)
    return engine


def differences(engine: Engine, context: str) -> list[Any]:
    """What autogenerate would change to make the database match ``context``'s ORM tables."""
    metadata, version_table = CONTEXTS[context]
    others = {t for name, (m, _) in CONTEXTS.items() if name != context for t in m.tables}

    def include_name(name: str | None, type_: str, _parent: Any) -> bool:
        return type_ != "table" or name not in others | VERSION_TABLES

    with engine.connect() as connection:
        migration = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "version_table": version_table,
                "include_name": include_name,
            },
        )
        return list(compare_metadata(migration, metadata))


def tables(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(inspect(connection).get_table_names())


# --- migrations give exactly the ORM's schema ---------------------------------------------------


def test_migrating_an_empty_database_gives_exactly_the_orm_schema(engine: Engine) -> None:
    migrate.upgrade(engine)

    assert differences(engine, "case") == []
    assert differences(engine, "hearing") == []
    orm_tables = set(CaseBase.metadata.tables) | set(HearingBase.metadata.tables)
    assert tables(engine) == orm_tables | VERSION_TABLES
    heads = migrate.status(engine)
    assert set(heads) == {"case", "hearing"}
    assert all(current == head for current, head in heads.values())
    migrate.check(engine)


def test_the_comparison_sees_a_difference(migrated: Engine) -> None:
    """The empty differences above mean something: a missing index or a stray table shows."""
    with migrated.begin() as connection:
        connection.execute(text("DROP INDEX ix_cases_owner_id"))
        connection.execute(text("CREATE TABLE invoices (id INTEGER PRIMARY KEY)"))

    assert {diff[0] for diff in differences(migrated, "case")} == {"add_index", "remove_table"}
    assert [diff[0] for diff in differences(migrated, "hearing")] == ["remove_table"]


def test_each_context_has_its_own_migration_history(engine: Engine) -> None:
    migrate.upgrade(engine, "hearing")

    assert tables(engine) == set(HearingBase.metadata.tables) | {"alembic_version_hearing"}
    status = migrate.status(engine)
    assert status["case"][0] is None
    assert status["hearing"][0] == status["hearing"][1]

    migrate.upgrade(engine, "case")
    assert differences(engine, "case") == []


def test_migrations_go_down_to_nothing_and_up_again(migrated: Engine) -> None:
    migrate.downgrade(migrated, "case")
    migrate.downgrade(migrated, "hearing")

    assert tables(migrated) == VERSION_TABLES
    if migrated.dialect.name == "sqlite":
        with migrated.connect() as connection:
            triggers = connection.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            ).all()
        assert triggers == []

    migrate.upgrade(migrated)
    assert differences(migrated, "case") == []
    assert differences(migrated, "hearing") == []


# --- check(): a clear message naming the fix ------------------------------------------------------


def test_an_empty_database_is_not_initialised(engine: Engine) -> None:
    with pytest.raises(DatabaseProblem, match=r"not initialised: run `safecase init`"):
        migrate.check(engine)


def test_a_foreign_database_is_refused(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)"))

    with pytest.raises(
        DatabaseProblem,
        match=r"foreign database \(not safecase's\): "
        r"point SAFECASE_DATABASE_URL at a safecase database",
    ):
        migrate.check(engine)


def test_a_context_never_migrated_is_behind(engine: Engine) -> None:
    migrate.upgrade(engine, "hearing")
    head = migrate.status(engine)["case"][1]

    with pytest.raises(
        DatabaseProblem, match=rf"behind \(case: none, head {head}\): run `safecase migrate`"
    ):
        migrate.check(engine)


def test_a_context_migrated_down_is_behind_until_migrated(migrated: Engine) -> None:
    migrate.downgrade(migrated, "case")
    head = migrate.status(migrated)["case"][1]

    with pytest.raises(
        DatabaseProblem, match=rf"behind \(case: none, head {head}\): run `safecase migrate`"
    ):
        migrate.check(migrated)

    migrate.upgrade(migrated)
    migrate.check(migrated)


def test_a_database_of_a_newer_safecase_asks_for_an_upgrade(migrated: Engine) -> None:
    """A newer safecase leaves a revision this one does not know."""
    with migrated.begin() as connection:
        connection.execute(text("UPDATE alembic_version_hearing SET version_num = '0099'"))

    with pytest.raises(
        DatabaseProblem, match=r"newer than this safecase \(hearing: 0099.*upgrade safecase"
    ):
        migrate.check(migrated)
    with pytest.raises(DatabaseProblem, match=r"newer than this safecase.*upgrade safecase"):
        migrate.upgrade(migrated)


def test_a_database_missing_a_table_is_damaged(migrated: Engine) -> None:
    with migrated.begin() as connection:
        connection.execute(text("DROP TABLE hearing_files"))

    with pytest.raises(
        DatabaseProblem, match=r"damaged \(missing tables: hearing_files\): restore it"
    ):
        migrate.check(migrated)


def test_a_corrupted_sqlite_file_is_refused_naming_restore(tmp_path: Path) -> None:
    path = tmp_path / "safecase.db"
    path.write_bytes(os.urandom(8192))

    with pytest.raises(DatabaseProblem, match=r"corrupted.*restore it from a backup"):
        open_engine(f"sqlite:///{path}")


# --- the audit log is append-only in the database ------------------------------------------------


def append_entry(engine: Engine, outcome: str) -> None:
    with Session(engine) as session, session.begin():
        SqlAuditTrail(session).append(
            ts=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
            org_id="org-a",
            actor_person_id="p1",
            acting_role="DSL",
            case_id=None,
            action="COMMAND",
            command="submit_report",
            outcome=outcome,
        )


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_log SET outcome = 'ALLOWED'", "DELETE FROM audit_log"],
    ids=["update", "delete"],
)
def test_the_audit_log_refuses_changes_in_the_database(migrated: Engine, statement: str) -> None:
    append_entry(migrated, "REFUSED")

    with (
        pytest.raises(DBAPIError, match="audit_log is append-only"),
        migrated.begin() as connection,
    ):
        connection.execute(text(statement))

    append_entry(migrated, "ALLOWED")  # appending still works
    with migrated.connect() as connection:
        outcomes = connection.execute(text("SELECT outcome FROM audit_log ORDER BY seq")).scalars()
        assert list(outcomes) == ["REFUSED", "ALLOWED"]


def test_the_audit_log_refuses_truncation_on_postgresql(postgres_url: str) -> None:
    engine = open_engine(postgres_url)
    try:
        migrate.upgrade(engine)
        append_entry(engine, "REFUSED")
        with (
            pytest.raises(DBAPIError, match="audit_log is append-only"),
            engine.begin() as connection,
        ):
            connection.execute(text("TRUNCATE audit_log"))
    finally:
        engine.dispose()


# --- cases are stored exactly, sealed -----------------------------------------------------------


KEY = OrganisationKey("k1", os.urandom(32))


def test_a_stored_case_reads_back_exactly_and_sealed(migrated: Engine) -> None:
    scenario = Scenario("scotland")
    case = scenario.triaged()
    person = scenario.cast.respondent
    with Session(migrated) as session, session.begin():
        store = CaseStore(session, KEY, case.organisation_id)
        store.add(case)
        store.add_person(person)

    with Session(migrated) as session:
        store = CaseStore(session, KEY, case.organisation_id)
        assert store.get(case.id) == case
        assert store.people().get(person.id) == person

    with migrated.connect() as connection:
        raw = " ".join(
            connection.execute(text(f"SELECT CAST(document AS TEXT) FROM {table}")).scalars().one()
            for table in ("cases", "hearing_files", "people")
        )
    assert case.narrative
    assert case.narrative not in raw
    assert person.name not in raw
    assert "$sealed" in raw


# --- optimistic concurrency with two real connections ----------------------------------------


def stored_case(engine: Engine) -> Case:
    case = Scenario("scotland").triaged()
    with Session(engine) as session, session.begin():
        CaseStore(session, KEY, case.organisation_id).add(case)
    return case


def changed(case: Case, owner: str) -> Case:
    return case.model_copy(update={"owner_id": owner, "version": case.version + 1})


def wait_for_a_lock_wait(engine: Engine, timeout: float = 10.0) -> None:
    """Until some connection of this database waits for a row lock."""
    deadline = time.monotonic() + timeout
    with engine.connect() as connection:
        while time.monotonic() < deadline:
            waiting = connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            ).scalar_one()
            if waiting:
                return
            connection.rollback()
            time.sleep(0.02)
    raise AssertionError("the second writer never waited for the first one's lock")


@pytest.mark.parametrize(
    "second_writes", ["while_the_first_is_in_flight", "after_the_first_committed"]
)
def test_two_concurrent_updates_give_one_success_and_one_conflict(
    postgres_url: str, second_writes: str
) -> None:
    engine = open_engine(postgres_url)
    migrate.upgrade(engine)
    case = stored_case(engine)
    first, second = Session(engine), Session(engine)
    try:
        pids = {s.scalar(text("SELECT pg_backend_pid()")) for s in (first, second)}
        assert len(pids) == 2, "the two writers must use two connections"
        first_store = CaseStore(first, KEY, case.organisation_id)
        second_store = CaseStore(second, KEY, case.organisation_id)
        read_by_first, read_by_second = first_store.get(case.id), second_store.get(case.id)
        assert read_by_first.version == read_by_second.version == case.version
        winner, loser = (
            changed(read_by_first, "owner-first"),
            changed(read_by_second, "owner-second"),
        )

        outcome: dict[str, object] = {}

        def write_second() -> None:
            try:
                second_store.save(loser, case.version)
                second.commit()
                outcome["second"] = "saved"
            except ConcurrencyConflict as exc:
                second.rollback()
                outcome["second"] = exc
            except Exception as exc:  # reported by the assertion below
                outcome["second"] = exc

        first_store.save(winner, case.version)  # the UPDATE holds the row lock until commit
        if second_writes == "while_the_first_is_in_flight":
            writer = threading.Thread(target=write_second)
            writer.start()
            wait_for_a_lock_wait(engine)
            assert "second" not in outcome, "the second writer must wait for the first"
            first.commit()
            writer.join(timeout=30)
            assert not writer.is_alive()
        else:
            first.commit()
            write_second()

        conflict = outcome["second"]
        assert isinstance(conflict, ConcurrencyConflict), conflict
        assert conflict.reason == "E_CONFLICT"
        assert f"case {case.id} was changed by someone else" in conflict.message
        assert "reload it and try again" in conflict.message
    finally:
        first.close()
        second.close()

    with Session(engine) as session:
        stored = CaseStore(session, KEY, case.organisation_id).get(case.id)
    engine.dispose()
    assert stored == winner
    assert stored.owner_id == "owner-first"
    assert stored.version == case.version + 1
