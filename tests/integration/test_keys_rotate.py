"""Rotating the organisation key of a stored instance, on SQLite and PostgreSQL.

A rotation re-wraps every data key of both contexts under a new key and opens nothing they
sealed: every case, person, message and registry entry reads back the same, and the sealed
columns are byte for byte what they were. The old key alone unwraps nothing any more, but it
is kept (and every case stays readable) until it is retired, which is refused while any data
key is still wrapped by it. A rotation interrupted half-way shows, reads keep working, and
running it again finishes it. Erased cases stay erased.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner, Result

from safecase.core.cli import app
from safecase.core.cli_instance import initialise
from safecase.core.commands import Actor
from safecase.core.crypto import KeyUnavailable, OrganisationKey, read_organisation_key
from safecase.core.errors import CaseErased
from safecase.core.instance import Instance
from safecase.core.keys import RETIRE, ROTATE, KeyInUse, key_status, retire, rotate
from safecase.core.persistence.registry_store import RegistryStore
from safecase.core.registry import DecisionRef, EntryStatus, RegistryEntry, RegistryPerson
from safecase.core.ruleset import RegistryVisibility
from safecase.core.settings import Settings
from safecase.core.states import Role
from safecase.core.testing import Clock, Scenario

ORG = "org-a"
OPERATOR = Actor(person_id="system", role=Role.SYS, organisation_id=ORG)
SEALED_COLUMNS = {
    "cases": "document",
    "hearing_files": "document",
    "people": "document",
    "messages": "body",
    "sanction_registry": "person",
}
BATCH = 7  # several batches per context


@pytest.fixture(autouse=True)
def _no_ambient_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "SAFECASE_ACTOR",
        "SAFECASE_DATA_DIR",
        "SAFECASE_DATABASE_URL",
        "SAFECASE_ORG_KEY_FILE",
    ):
        monkeypatch.delenv(name, raising=False)


@dataclass
class Org:
    """An instance with people, open cases, a message, registry entries and an erased case."""

    data_dir: Path
    clock: Clock
    cases: list[str]
    erased: str
    entries: list[str]
    first_key: OrganisationKey
    engines: list[Engine]

    def open(self) -> Instance:
        """The instance as a process started now would open it, from its configuration."""
        instance = Instance(Settings.load(self.data_dir), clock=self.clock)
        self.engines.append(instance.engine)
        return instance

    @property
    def engine(self) -> Engine:
        return self.open().engine

    def run(self, *args: object) -> Result:
        return CliRunner().invoke(app, [*map(str, args), "--data-dir", str(self.data_dir)])


def registry_entry(person_id: str, name: str) -> RegistryEntry:
    return RegistryEntry(
        owner_org=ORG,
        person=RegistryPerson(person_id=person_id, legal_name=name),
        status=EntryStatus.ACTIVE,
        sanction_type="SUSPENSION",
        starts_at=datetime(2026, 1, 1, tzinfo=UTC),
        ends_at=datetime(2027, 1, 1, tzinfo=UTC),
        decision_ref=DecisionRef(case_id="case-1", decision_id=f"decision-{person_id}"),
        visibility=RegistryVisibility.PUBLIC,
    )


@pytest.fixture
def org(database_url: str, tmp_path: Path) -> Iterator[Org]:
    data_dir = tmp_path / "org-a"
    made = initialise(
        data_dir, organisation_id=ORG, name="Example Swimming", plugin="scotland",
        database_url=database_url,
    )  # fmt: skip
    clock = Clock()
    instance = Instance(made.settings, clock=clock)
    scenario = Scenario("scotland", instance=instance)
    cases = [scenario.reported().id, scenario.triaged().id, scenario.reported(child=False).id]
    with instance.unit() as unit:
        unit.store.add_message(cases[0], "TO_REPORTER", "Please tell us more.", clock.now, "dsl")
    erased = scenario.reported(child=False)
    scenario.run(erased, "withdraw_report", reason="The reporter asked to withdraw")
    clock.advance(days=365 * 27)  # past every retention period (G32)
    instance.erase_case(erased.id, scenario.actor(Role.SYS))
    entries = [registry_entry(f"p-{i}", f"Sanctioned Person {i}") for i in range(3)]
    with Session(instance.engine) as session, session.begin():
        store = RegistryStore(session, instance.organisation_key, ORG)
        for item in entries:
            store.record(item)
    setup = Org(data_dir, clock, cases, erased.id, [e.entry_id for e in entries], made.key, [])
    setup.engines.append(instance.engine)
    yield setup
    for engine in setup.engines:
        engine.dispose()


def readable(instance: Instance, org: Org) -> dict[str, Any]:
    """Everything sealed in the instance, unsealed: cases, messages, people, registry."""
    with instance.unit() as unit:
        seen: dict[str, Any] = {
            case_id: unit.store.get(case_id).model_dump(mode="json") for case_id in org.cases
        }
        seen["messages"] = [m.text for m in unit.store.messages(org.cases[0])]
        seen["people"] = sorted(p.model_dump_json() for p in unit.store.people())
    with Session(instance.engine) as session:
        store = RegistryStore(session, instance.organisation_key, ORG)
        seen["registry"] = [store.get(entry_id) for entry_id in org.entries]
    return seen


def sealed_columns(engine: Engine) -> dict[str, list[tuple[str, str]]]:
    """The stored text of every sealed column, exactly as the database holds it."""
    with engine.connect() as connection:
        return {
            table: [
                tuple(row)
                for row in connection.execute(
                    text(f"SELECT CAST({column} AS TEXT) FROM {table} ORDER BY 1")
                )
            ]
            for table, column in SEALED_COLUMNS.items()
        }


def wrapped(engine: Engine) -> dict[tuple[str, str], tuple[str, bytes]]:
    """(table, owner) -> (wrapping key id, wrapped data key), for both contexts."""
    with engine.connect() as connection:
        return {
            (table, owner): (key_id, bytes(blob))
            for table in ("data_keys", "hearing_data_keys")
            for owner, key_id, blob in connection.execute(
                text(f"SELECT owner_id, organisation_key_id, wrapped FROM {table}")
            )
        }


class Interrupted(Exception):
    pass


def interrupt_after_first_case_batch(context: str, done: int) -> None:
    if context == "case":
        raise Interrupted


# --- a complete rotation --------------------------------------------------------------------------


def test_after_a_rotation_everything_sealed_reads_back_exactly(org: Org) -> None:
    before = readable(org.open(), org)

    done = rotate(org.open(), OPERATOR, batch_size=BATCH)

    after_instance = org.open()
    assert after_instance.organisation_key.key_id == done.key_id != org.first_key.key_id
    assert readable(after_instance, org) == before
    assert {key_id for key_id, _ in wrapped(org.engine).values()} == {done.key_id}


def test_a_rotation_leaves_every_sealed_column_byte_identical_and_re_wraps_every_data_key(
    org: Org,
) -> None:
    columns, keys = sealed_columns(org.engine), wrapped(org.engine)
    assert columns["messages"]
    assert columns["sanction_registry"]

    done = rotate(org.open(), OPERATOR, batch_size=BATCH)

    assert sealed_columns(org.engine) == columns
    after = wrapped(org.engine)
    assert after.keys() == keys.keys()
    assert all(after[owner][1] != keys[owner][1] for owner in keys)
    assert sum(done.rewrapped.values()) == len(keys)
    assert done.rewrapped["hearing"] == len(org.entries)


def test_the_old_key_alone_can_no_longer_unwrap_any_data_key(org: Org) -> None:
    old = OrganisationKey(org.first_key.key_id, org.first_key.material)
    rows = wrapped(org.engine).values()
    assert all(old.unwrap(blob) for _, blob in rows)  # before: it unwraps every one

    done = rotate(org.open(), OPERATOR, batch_size=BATCH)

    new = read_organisation_key(done.key_file)
    new_alone = OrganisationKey(new.key_id, new.material)
    for key_id, blob in wrapped(org.engine).values():
        with pytest.raises(KeyUnavailable):
            old.unwrap(blob)
        with pytest.raises(KeyUnavailable):
            old.unwrap(blob, key_id)
        assert new_alone.unwrap(blob, key_id)


def test_the_configuration_names_the_new_key_and_the_old_key_file_is_kept(org: Org) -> None:
    old_file = Settings.load(org.data_dir).key_file

    done = rotate(org.open(), OPERATOR)

    assert Settings.load(org.data_dir).key_file == done.key_file
    assert done.key_file.stat().st_mode & 0o777 == 0o600
    assert read_organisation_key(old_file).key_id == org.first_key.key_id
    assert done.kept == (org.first_key.key_id,)
    assert not done.resumed


def test_erased_cases_are_skipped_and_stay_erased(org: Org) -> None:
    columns = sealed_columns(org.engine)

    rotate(org.open(), OPERATOR, batch_size=BATCH)

    assert ("data_keys", org.erased) not in wrapped(org.engine)
    with org.open().unit() as unit, pytest.raises(CaseErased):
        unit.store.get(org.erased)
    assert sealed_columns(org.engine)["cases"] == columns["cases"]


def test_the_audit_chain_verifies_and_records_the_rotation_without_key_material(
    org: Org,
) -> None:
    done = rotate(org.open(), OPERATOR, batch_size=BATCH)

    instance = org.open()
    count, broken = instance.verify_audit()
    assert broken is None
    with instance.unit() as unit:
        entries = list(unit.audit)
    assert len(entries) == count
    last = entries[-1]
    assert (last.command, last.object_type, last.object_id, last.outcome) == (
        ROTATE, "organisation_key", done.key_id, "ALLOWED",
    )  # fmt: skip
    assert last.case_id is None
    assert (last.actor_person_id, last.acting_role) == ("system", "SYS")
    stored = " ".join(entry.model_dump_json() for entry in entries)
    for key in (org.first_key, read_organisation_key(done.key_file)):
        assert base64.b64encode(key.material).decode() not in stored


# --- an interrupted rotation ---------------------------------------------------------------------


def test_an_interrupted_rotation_shows_keeps_reading_and_resumes_to_completion(
    org: Org,
) -> None:
    opened_before = org.open()  # a running service: it read the old key at start
    before = readable(opened_before, org)

    with pytest.raises(Interrupted):
        rotate(org.open(), OPERATOR, batch_size=BATCH, progress=interrupt_after_first_case_batch)

    status = key_status(org.open())
    by_id = {use.key_id: use for use in status.keys}
    assert status.active != org.first_key.key_id
    assert by_id[status.active].data_keys["case"] == BATCH
    assert status.pending == len(wrapped(org.engine)) - BATCH > 0
    assert readable(org.open(), org) == before
    assert readable(opened_before, org) == before

    resumed = rotate(org.open(), OPERATOR, batch_size=BATCH)

    assert resumed.resumed
    assert resumed.key_id == status.active  # finished, no second new key
    assert key_status(org.open()).pending == 0
    assert readable(org.open(), org) == before
    assert readable(opened_before, org) == before
    assert org.open().verify_audit()[1] is None


def test_a_failed_batch_re_wraps_nothing_of_that_batch(
    org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = wrapped(org.engine)
    calls = 0
    original = OrganisationKey.wrap

    def failing_third_wrap(self: OrganisationKey, data_key: Any) -> bytes:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise Interrupted
        return original(self, data_key)

    monkeypatch.setattr(OrganisationKey, "wrap", failing_third_wrap)
    with pytest.raises(Interrupted):
        rotate(org.open(), OPERATOR, batch_size=BATCH)
    monkeypatch.undo()

    assert wrapped(org.engine) == keys
    rotate(org.open(), OPERATOR, batch_size=BATCH)
    assert key_status(org.open()).pending == 0


# --- retiring the old key ------------------------------------------------------------------------


def test_retiring_a_key_is_refused_while_a_data_key_is_still_wrapped_by_it(org: Org) -> None:
    old_file = Settings.load(org.data_dir).key_file
    with pytest.raises(Interrupted):
        rotate(org.open(), OPERATOR, batch_size=BATCH, progress=interrupt_after_first_case_batch)
    entries = org.open().verify_audit()[0]

    with pytest.raises(KeyInUse, match="run `safecase keys rotate` to finish"):
        retire(org.open(), org.first_key.key_id, OPERATOR)

    assert old_file.is_file()
    with org.open().unit() as unit:
        refused = list(unit.audit)[-1]
    assert entries + 1 == org.open().verify_audit()[0]
    assert (refused.command, refused.outcome) == (RETIRE, "REFUSED:E_KEY_IN_USE")
    assert readable(org.open(), org)


def test_the_active_key_cannot_be_retired(org: Org) -> None:
    with pytest.raises(KeyInUse, match="is the active key"):
        retire(org.open(), org.first_key.key_id, OPERATOR)
    assert Settings.load(org.data_dir).key_file.is_file()


def test_a_finished_rotation_lets_the_old_key_be_retired_and_cases_stay_readable(
    org: Org,
) -> None:
    before = readable(org.open(), org)
    old_file = Settings.load(org.data_dir).key_file
    rotate(org.open(), OPERATOR, batch_size=BATCH)

    removed = retire(org.open(), org.first_key.key_id, OPERATOR)

    assert removed == old_file
    assert not old_file.exists()
    assert readable(org.open(), org) == before
    status = key_status(org.open())
    assert [key.key_id for key in status.retired] == [org.first_key.key_id]
    assert [use.key_id for use in status.keys] == [status.active]
    assert org.open().verify_audit()[1] is None


def test_data_keys_a_process_still_on_the_old_key_writes_are_caught_and_re_wrapped(
    org: Org,
) -> None:
    still_on_old_key = org.open()
    rotate(org.open(), OPERATOR)
    late = Scenario("scotland", instance=still_on_old_key).reported(child=False)

    assert key_status(org.open()).pending > 0
    with pytest.raises(KeyInUse):
        retire(org.open(), org.first_key.key_id, OPERATOR)
    assert rotate(org.open(), OPERATOR).resumed
    retire(org.open(), org.first_key.key_id, OPERATOR)
    with org.open().unit() as unit:
        assert unit.store.get(late.id).id == late.id


# --- the command line ----------------------------------------------------------------------------


def test_keys_rotate_status_and_retire_from_the_command_line(org: Org) -> None:
    first = org.first_key.key_id
    rotated = org.run("keys", "rotate", "--json")
    assert rotated.exit_code == 0, rotated.output
    new = json.loads(rotated.stdout)["key_id"]

    status = org.run("keys", "status", "--json")
    assert status.exit_code == 0, status.output
    shown = json.loads(status.stdout)
    assert shown["active_key_id"] == new
    assert shown["rotation_complete"] is True
    counts = {key["key_id"]: key["data_keys"] for key in shown["keys"]}
    assert counts[first] == {"case": 0, "hearing": 0}
    assert counts[new]["hearing"] == len(org.entries)

    retired = org.run("keys", "retire", first)
    assert retired.exit_code == 0, retired.output
    shown = json.loads(org.run("keys", "status", "--json").stdout)
    assert [key["key_id"] for key in shown["retired"]] == [first]
    assert org.run("audit", "verify").exit_code == 0


def test_retire_refusals_are_one_line_errors_with_status_2(org: Org) -> None:
    for args, expected in (
        (("keys", "retire", org.first_key.key_id), "E_KEY_IN_USE"),
        (("keys", "retire", "k-unknown"), "no key file of organisation key 'k-unknown'"),
    ):
        result = org.run(*args)
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1
        assert lines[0].startswith("error: ")
        assert expected in lines[0]
        assert "Traceback" not in result.output
        assert base64.b64encode(org.first_key.material).decode() not in result.output


def test_a_key_file_chosen_by_the_environment_is_not_rotated(
    org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file = Settings.load(org.data_dir).key_file
    monkeypatch.setenv("SAFECASE_ORG_KEY_FILE", str(key_file))
    result = org.run("keys", "rotate")
    assert result.exit_code == 2, result.output
    assert "SAFECASE_ORG_KEY_FILE" in result.stderr
    assert "Traceback" not in result.output
    assert sorted(p.name for p in key_file.parent.iterdir()) == [key_file.name]


def test_new_data_keys_are_wrapped_by_the_new_key_after_a_rotation(org: Org) -> None:
    done = rotate(org.open(), OPERATOR)
    instance = org.open()
    Scenario("scotland", instance=instance).reported()
    with Session(instance.engine) as session, session.begin():
        RegistryStore(session, instance.organisation_key, ORG).record(
            registry_entry("p-late", "Later Person")
        )
    assert {key_id for key_id, _ in wrapped(org.engine).values()} == {done.key_id}
