"""The sanction registry persisted in the hearing context, screened (G33) and exported to FtM.

On SQLite and PostgreSQL: names and dates of birth are stored sealed, the sanctions in force
on a date are listed, screening finds exact and fuzzy matches with the manual-review semantics
of ``screening.py``, and the FollowTheMoney export holds valid Person and Sanction entities of
the entries that may leave the organisation only (never a minor respondent's).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from followthemoney import model
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from safecase.core.audit import AuditLog
from safecase.core.cli import app
from safecase.core.cli_instance import initialise
from safecase.core.commands import Actor
from safecase.core.crypto import OrganisationKey
from safecase.core.errors import CommandRefused
from safecase.core.organisation import Organisation
from safecase.core.people import Person
from safecase.core.persistence import migrate
from safecase.core.persistence.database import open_engine
from safecase.core.persistence.registry_store import RegistryStore
from safecase.core.persistence.schema import ScreeningResolutionRow
from safecase.core.persistence.screening_store import ScreeningStore
from safecase.core.plugins import get_plugins
from safecase.core.registry import (
    DecisionRef,
    EntryScope,
    EntryStatus,
    RegistryEntry,
    RegistryPerson,
    SportRole,
)
from safecase.core.registry_export import export_ftm
from safecase.core.ruleset import RegistryVisibility
from safecase.core.screening import (
    MANUAL_REVIEW_MESSAGE,
    MatchKind,
    Resolution,
    ScreeningOutcome,
    activate_role,
    outcome_after,
    resolve_screening,
)
from safecase.core.states import Role

KEY = OrganisationKey("k1", os.urandom(32))
ORG = Organisation(id="org-a", name="Example Swimming")
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
DOB = date(1984, 3, 7)
CANARY_NAME = "Robert Quartermain-McDonald"


def entry(
    name: str = CANARY_NAME,
    *,
    person_id: str = "p-robert",
    dob: date | None = DOB,
    status: EntryStatus = EntryStatus.ACTIVE,
    visibility: RegistryVisibility = RegistryVisibility.PUBLIC,
    starts: timedelta = timedelta(days=-30),
    ends: timedelta | None = timedelta(days=335),
    minor: bool = False,
    roles: frozenset[SportRole] = frozenset({SportRole.ANY}),
    aliases: tuple[str, ...] = (),
    previous: tuple[str, ...] = (),
    owner: str = ORG.id,
) -> RegistryEntry:
    interim = status is EntryStatus.INTERIM_MEASURE
    return RegistryEntry(
        owner_org=owner,
        person=RegistryPerson(
            person_id=person_id,
            legal_name=name,
            known_aliases=aliases,
            previous_names=previous,
            dob=dob,
        ),
        status=status,
        sanction_type="INTERIM_SUSPENSION" if interim else "SUSPENSION",
        scope=EntryScope(roles=roles),
        starts_at=NOW + starts,
        ends_at=NOW + ends if ends is not None else None,
        decision_ref=(
            DecisionRef(case_id="case-secret-id", interim_measure_id="im-1")
            if interim
            else DecisionRef(case_id="case-secret-id", decision_id="decision-secret-id")
        ),
        visibility=RegistryVisibility.ORG_INTERNAL_ONLY if interim else visibility,
        minor_respondent=minor,
    )


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = open_engine(database_url)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


def record(engine: Engine, *entries: RegistryEntry) -> None:
    with Session(engine) as session, session.begin():
        store = RegistryStore(session, KEY, ORG.id)
        for item in entries:
            store.record(item, now=NOW)


def stored(engine: Engine, in_force_on: datetime | None = None) -> list[RegistryEntry]:
    with Session(engine) as session:
        return RegistryStore(session, KEY, ORG.id).entries(in_force_on=in_force_on)


# --- stored sealed ----------------------------------------------------------------------------


def test_entries_are_stored_sealed_and_read_back_exactly(engine: Engine) -> None:
    sanction = entry(aliases=("Bobby Quartermain",), previous=("Robert Zanzibar",))
    record(engine, sanction)

    with Session(engine) as session:
        assert RegistryStore(session, KEY, ORG.id).get(sanction.entry_id) == sanction
        assert RegistryStore(session, KEY, "org-b").get(sanction.entry_id) is None

    with engine.connect() as connection:
        row = connection.execute(text("SELECT * FROM sanction_registry")).mappings().one()
        keys = connection.execute(text("SELECT owner_id, owner_kind FROM hearing_data_keys"))
        assert [tuple(k) for k in keys] == [(sanction.entry_id, "registry_entry")]
    raw = " ".join(str(value) for value in row.values())
    for secret in ("Quartermain", "Zanzibar", "Bobby", DOB.isoformat(), "1984"):
        assert secret not in raw
    assert "$sealed" in raw
    assert row["person_id"] == "p-robert"
    assert row["visibility"] == "PUBLIC"


def test_a_new_version_replaces_the_entry_under_the_same_key(engine: Engine) -> None:
    sanction = entry()
    record(engine, sanction)
    overturned = sanction.model_copy(update={"status": EntryStatus.OVERTURNED})
    record(engine, overturned)

    assert stored(engine) == [overturned]
    assert stored(engine, in_force_on=NOW) == []


def test_the_registry_rules_apply_to_stored_writes(engine: Engine) -> None:
    audit = AuditLog()
    actor = Actor(person_id="dsl-1", role=Role.DSL, organisation_id=ORG.id)
    undecided = entry().model_copy(update={"decision_ref": None})
    with Session(engine) as session, session.begin():
        store = RegistryStore(session, KEY, ORG.id)
        with pytest.raises(CommandRefused) as refused:
            store.record(undecided, actor=actor, audit=audit, now=NOW)
        assert refused.value.reason == "E_G34_NO_DECISION"
        with pytest.raises(CommandRefused) as foreign:
            store.record(entry(owner="org-b"), actor=actor, audit=audit, now=NOW)
        assert foreign.value.reason == "E_G28_ACCESS_DENIED"

    assert stored(engine) == []
    assert [e.outcome for e in audit] == [
        "REFUSED:E_G34_NO_DECISION",
        "REFUSED:E_G28_ACCESS_DENIED",
    ]


def test_a_minor_respondents_entry_is_stored_internal(engine: Engine) -> None:
    child = entry(person_id="p-child", minor=True, visibility=RegistryVisibility.PUBLIC)
    record(engine, child)

    (read,) = stored(engine)
    assert read.minor_respondent
    assert read.visibility is RegistryVisibility.ORG_INTERNAL_ONLY


def test_erasing_an_entry_crypto_shreds_it(engine: Engine) -> None:
    sanction = entry()
    record(engine, sanction)
    with Session(engine) as session, session.begin():
        RegistryStore(session, KEY, ORG.id).erase(sanction.entry_id)

    assert stored(engine) == []
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM hearing_data_keys")).scalar() == 0


# --- sanctions in force on a date ---------------------------------------------------------------


def test_the_sanctions_in_force_on_a_date(engine: Engine) -> None:
    current = entry(person_id="p-current")
    permanent = entry(person_id="p-permanent", starts=timedelta(days=-400), ends=None)
    expired = entry(person_id="p-expired", starts=timedelta(days=-400), ends=timedelta(days=-1))
    future = entry(person_id="p-future", starts=timedelta(days=10))
    overturned = entry(person_id="p-overturned", status=EntryStatus.OVERTURNED)
    interim = entry(person_id="p-interim", status=EntryStatus.INTERIM_MEASURE, ends=None)
    record(engine, current, permanent, expired, future, overturned, interim)

    in_force = {e.person.person_id for e in stored(engine, in_force_on=NOW)}
    assert in_force == {"p-current", "p-permanent", "p-interim"}
    later = {e.person.person_id for e in stored(engine, in_force_on=NOW + timedelta(days=20))}
    assert later == {"p-current", "p-permanent", "p-interim", "p-future"}
    assert len(stored(engine)) == 6
    with Session(engine) as session:
        registry = RegistryStore(session, KEY, ORG.id).in_force(NOW)
    assert {e.entry_id for e in registry} == {
        current.entry_id,
        permanent.entry_id,
        interim.entry_id,
    }


# --- screening (G33) ----------------------------------------------------------------------------


def screen(engine: Engine, person: Person, role: SportRole = SportRole.COACH) -> Any:
    rule_set = get_plugins("scotland").rule_set
    with Session(engine) as session:
        return RegistryStore(session, KEY, ORG.id).screen(person, role, NOW, rule_set)


def test_screening_an_exact_match_is_an_active_sanction(engine: Engine) -> None:
    record(engine, entry())
    same = Person(id="p-robert", name="Someone Else Entirely")

    result = screen(engine, same)

    assert result.outcome is ScreeningOutcome.ACTIVE_SANCTION
    assert [hit.match for hit in result.hits] == [MatchKind.EXACT_ID]
    assert result.message_for_person == MANUAL_REVIEW_MESSAGE


def test_screening_a_fuzzy_match_holds_for_manual_review(engine: Engine) -> None:
    sanction = entry("Robert McDonald", person_id="p-feed-1")
    record(engine, sanction)
    new_coach = Person(name="Bob MacDonald", date_of_birth=DOB)

    result = screen(engine, new_coach)

    assert result.outcome is ScreeningOutcome.SCREENING_HOLD
    (hit,) = result.hits
    assert hit.match is MatchKind.FUZZY_NAME
    assert hit.entry_id == sanction.entry_id
    assert hit.score >= 0.90
    assert result.message_for_person == MANUAL_REVIEW_MESSAGE
    assert "McDonald" not in result.model_dump_json()  # the hit carries ids, never names

    # the hold stops the activation until the DSL resolves it (screening.py semantics)
    with Session(engine) as session:
        registry = RegistryStore(session, KEY, ORG.id).in_force(NOW)
    with pytest.raises(CommandRefused) as held:
        activate_role(new_coach, SportRole.COACH, [registry], [], NOW)
    assert held.value.reason == "E_G33_SCREENING_HOLD"
    dsl = Actor(person_id="dsl-1", role=Role.DSL, organisation_id=ORG.id)
    cleared = resolve_screening(
        result,
        Resolution.NOT_SAME_PERSON,
        "membership record: different person, other club since 2015",
        actor=dsl,
        now=NOW,
    )
    activation = activate_role(new_coach, SportRole.COACH, [registry], [cleared], NOW)
    assert activation.role is SportRole.COACH


def test_a_stored_resolution_is_sealed_and_lets_the_activation_proceed(engine: Engine) -> None:
    """G33: what the DSL resolved is read back for the next activation; its reason is sealed."""
    record(engine, entry("Robert McDonald", person_id="p-feed-1"))
    new_coach = Person(name="Bob MacDonald", date_of_birth=DOB)
    result = screen(engine, new_coach)
    dsl = Actor(person_id="dsl-1", role=Role.DSL, organisation_id=ORG.id)
    reason = "membership record: different person, other club since 2015"
    cleared = resolve_screening(result, Resolution.NOT_SAME_PERSON, reason, actor=dsl, now=NOW)
    with Session(engine) as session, session.begin():
        screenings = ScreeningStore(session, KEY, ORG.id)
        screenings.record(result)
        screenings.resolve(result.id, cleared, request_id="r-1")

    with Session(engine) as session:
        screenings = ScreeningStore(session, KEY, ORG.id)
        assert screenings.get(result.id) == result
        resolutions = screenings.resolutions(person_id=new_coach.id)
        assert resolutions == [cleared]
        assert screenings.replayed("r-1") == (result.id, cleared)
        assert ScreeningStore(session, KEY, "another-org").get(result.id) is None
        document = session.scalars(select(ScreeningResolutionRow.document)).one()
        registry = RegistryStore(session, KEY, ORG.id).in_force(NOW)
    assert reason not in json.dumps(document)
    assert outcome_after(result, resolutions) is ScreeningOutcome.CLEAR
    activation = activate_role(new_coach, SportRole.COACH, [registry], resolutions, NOW)
    assert activation.role is SportRole.COACH


def test_screening_many_gives_what_screening_each_gives(engine: Engine) -> None:
    record(engine, entry("Robert McDonald", person_id="p-robert"))
    people = [
        Person(id="p-robert", name="Anyone"),
        Person(name="Bob MacDonald", date_of_birth=DOB),
        Person(name="Alice Jones", date_of_birth=DOB),
    ]
    rule_set = get_plugins("scotland").rule_set
    with Session(engine) as session:
        results = RegistryStore(session, KEY, ORG.id).screen_many(
            people, SportRole.COACH, NOW, rule_set
        )

    assert [r.outcome for r in results] == [
        ScreeningOutcome.ACTIVE_SANCTION,
        ScreeningOutcome.SCREENING_HOLD,
        ScreeningOutcome.CLEAR,
    ]
    assert [r.hits for r in results] == [screen(engine, p).hits for p in people]


def test_screening_is_clear_for_other_dates_of_birth_roles_and_expired_entries(
    engine: Engine,
) -> None:
    record(
        engine,
        entry("Robert McDonald", person_id="p-feed-1"),
        entry("Jane Doe", person_id="p-feed-2", roles=frozenset({SportRole.OFFICIAL})),
        entry("Sam Smith", person_id="p-feed-3", starts=timedelta(days=-90), ends=timedelta(-1)),
    )

    assert screen(engine, Person(name="Bob MacDonald", date_of_birth=date(1991, 1, 1))).hits == ()
    assert screen(engine, Person(name="Jane Doe"), SportRole.COACH).hits == ()
    assert screen(engine, Person(name="Jane Doe"), SportRole.OFFICIAL).hits != ()
    assert screen(engine, Person(name="Samuel Smith")).outcome is ScreeningOutcome.CLEAR


# --- FollowTheMoney export ----------------------------------------------------------------------


def exported(entries: list[RegistryEntry], **options: Any) -> list[dict[str, Any]]:
    return list(export_ftm(entries, ORG, **options))


def by_schema(entities: list[dict[str, Any]], schema: str) -> list[dict[str, Any]]:
    return [e for e in entities if e["schema"] == schema]


def test_the_export_is_valid_ftm_person_and_sanction_entities(engine: Engine) -> None:
    sanction = entry(aliases=("Bobby Quartermain",), previous=("Robert Zanzibar",))
    record(engine, sanction)

    entities = exported(stored(engine, in_force_on=NOW), now=NOW)

    for data in entities:  # each line survives a round trip through the FtM model
        proxy = model.get_proxy(json.loads(json.dumps(data)), cleaned=False)
        assert proxy.to_dict() == data
    (person,) = by_schema(entities, "Person")
    (sanctioned,) = by_schema(entities, "Sanction")
    assert len(entities) == 2
    assert person["properties"]["name"] == [CANARY_NAME]
    assert person["properties"]["birthDate"] == [DOB.isoformat()]
    assert person["properties"]["alias"] == ["Bobby Quartermain"]
    assert person["properties"]["previousName"] == ["Robert Zanzibar"]
    props = sanctioned["properties"]
    assert props["entity"] == [person["id"]]
    assert props["authority"] == [ORG.name]
    assert props["program"] == props["reason"] == ["SUSPENSION"]
    assert props["startDate"] == [sanction.starts_at.date().isoformat()]
    assert props["endDate"] == [sanction.ends_at.date().isoformat()]  # type: ignore[union-attr]
    assert props["status"] == ["ACTIVE"]
    text_of_export = json.dumps(entities)
    for internal in ("case-secret-id", "decision-secret-id", sanction.entry_id, "p-robert"):
        assert internal not in text_of_export
    # ids are stable across exports
    assert [e["id"] for e in exported(stored(engine), now=NOW)] == [e["id"] for e in entities]


def test_one_person_with_two_sanctions_is_one_person_entity() -> None:
    entities = exported([entry(), entry(roles=frozenset({SportRole.COACH}))])

    (person,) = by_schema(entities, "Person")
    sanctions = by_schema(entities, "Sanction")
    assert len(sanctions) == 2
    assert {s["properties"]["entity"][0] for s in sanctions} == {person["id"]}
    assert len({s["id"] for s in sanctions}) == 2


def test_a_minor_respondents_entry_is_never_exported(engine: Engine) -> None:
    child = entry("Child Respondent", person_id="p-child", minor=True)
    record(engine, child)
    (read,) = stored(engine)

    assert exported([read]) == []
    assert exported([read], include_shared=True) == []
    forced = read.model_copy(update={"visibility": RegistryVisibility.PUBLIC})  # a bypass
    assert exported([forced], include_shared=True) == []


def test_a_shared_dsa_entry_is_exported_only_with_include_shared(engine: Engine) -> None:
    shared = entry("Shared Person", person_id="p-shared", visibility=RegistryVisibility.SHARED_DSA)
    internal = entry(
        "Internal Person", person_id="p-internal", visibility=RegistryVisibility.ORG_INTERNAL_ONLY
    )
    public = entry("Public Person", person_id="p-public")
    record(engine, shared, internal, public)
    entries = stored(engine, in_force_on=NOW)

    def names(entities: list[dict[str, Any]]) -> set[str]:
        return {e["properties"]["name"][0] for e in by_schema(entities, "Person")}

    assert names(exported(entries)) == {"Public Person"}
    assert names(exported(entries, include_shared=True)) == {"Public Person", "Shared Person"}


def test_only_sanctions_in_force_are_exported() -> None:
    gone = entry(person_id="p-gone", starts=timedelta(days=-400), ends=timedelta(days=-1))
    overturned = entry(person_id="p-overturned", status=EntryStatus.OVERTURNED)
    interim = entry(person_id="p-interim", status=EntryStatus.INTERIM_MEASURE)

    assert exported([gone], now=NOW) == []
    assert exported([overturned, interim]) == []


# --- the command line ---------------------------------------------------------------------------


def test_registry_list_and_export_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("SAFECASE_ACTOR", "SAFECASE_DATA_DIR", "SAFECASE_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    made = initialise(tmp_path / "org", organisation_id="org-a", name=ORG.name, plugin="scotland")
    now = datetime.now(UTC)
    since = now - NOW - timedelta(days=1)  # in force on the instance's real clock
    public = entry(starts=since, ends=None)
    child = entry("Child Respondent", person_id="p-child", minor=True, starts=since, ends=None)
    engine = open_engine(made.settings.database_url)
    with Session(engine) as session, session.begin():
        store = RegistryStore(session, made.key, "org-a")
        store.record(public)
        store.record(child)
    engine.dispose()
    data_dir = ["--data-dir", str(tmp_path / "org")]
    runner = CliRunner()

    listed = runner.invoke(app, ["registry", "list", "--json", *data_dir])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert {row["person_id"] for row in rows} == {"p-robert", "p-child"}
    assert all("name" not in row for row in rows)
    assert CANARY_NAME not in runner.invoke(app, ["registry", "list", *data_dir]).stdout
    named = json.loads(
        runner.invoke(app, ["registry", "list", "--json", "--names", *data_dir]).stdout
    )
    assert {row["name"] for row in named} == {CANARY_NAME, "Child Respondent"}

    out = tmp_path / "org-a-sanctions.ftm.json"
    done = runner.invoke(app, ["registry", "export", "--out", str(out), *data_dir])
    assert done.exit_code == 0, done.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["schema"] for line in lines] == ["Person", "Sanction"]
    assert "Child Respondent" not in out.read_text(encoding="utf-8")
    assert out.stat().st_mode & 0o077 == 0

    failed = runner.invoke(
        app, ["registry", "export", "--out", str(tmp_path / "missing" / "x.json"), *data_dir]
    )
    assert failed.exit_code == 2
    assert failed.stderr.count("\n") == 1
    assert failed.stderr.startswith("error: E_INVALID_ARGUMENT")
