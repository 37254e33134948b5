"""An organisation instance: configuration, database, keys, plugin and lifecycle, wired together.

Every command runs in one database transaction: load the case, run the lifecycle, store the
new case with its events in the outbox. A refused command commits only its audit entry (G31);
any other failure rolls everything back, so nothing is ever half-written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from safecase.core import policy
from safecase.core.case import Case
from safecase.core.commands import Actor, SubmitReport, build_command
from safecase.core.crypto import OrganisationKey, read_organisation_key
from safecase.core.errors import (
    CommandRefused,
    ConcurrencyConflict,
    FieldViolation,
    InvalidArgument,
    SafecaseError,
)
from safecase.core.lifecycle import OPENING, Lifecycle, Outcome, steps_for
from safecase.core.organisation import Organisation
from safecase.core.people import Person, PersonRegistry
from safecase.core.persistence import outbox_signal
from safecase.core.persistence.audit_store import SqlAuditTrail
from safecase.core.persistence.database import open_engine
from safecase.core.persistence.sealing import sensitive_fields
from safecase.core.persistence.store import CaseStore, CaseSummary
from safecase.core.plugins import Plugins, get_plugins
from safecase.core.settings import ConfigurationError, Settings

__all__ = ["AfterCommand", "Instance", "Read", "Unit"]


@dataclass
class Unit:
    """One transaction's view of the instance."""

    session: Session
    store: CaseStore
    audit: SqlAuditTrail
    lifecycle: Lifecycle
    people: PersonRegistry


@dataclass(frozen=True)
class Read:
    """An audited read of a case: the view the reader was given, or the refusal recorded."""

    view: dict[str, object] = field(default_factory=dict)
    refusal: CommandRefused | None = None

    def unwrap(self) -> dict[str, object]:
        """The view; a refused read raises its refusal."""
        if self.refusal is not None:
            raise self.refusal
        return self.view


AfterCommand = Callable[[Unit, Case, Outcome], None]
"""Called with the unit, the case before the command and the outcome, before commit."""


class Instance:
    def __init__(
        self,
        settings: Settings,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        engine: Engine | None = None,
        organisation_key: OrganisationKey | None = None,
        plugins: Plugins | None = None,
        check_schema: bool = True,
        after_command: AfterCommand | None = None,
    ) -> None:
        self.settings = settings
        # What a service adds to an accepted command's transaction (a hand-over snapshot, the
        # sanction registry's entries): it commits or rolls back with the command.
        self.after_command = after_command
        self.clock = clock
        self.plugins = plugins or get_plugins(
            settings.plugin,
            rule_set_id=settings.rule_set,
            organisation_id=settings.organisation_id,
            overrides=settings.rule_set_overrides,
        )
        self.organisation = _organisation(settings)
        self.organisation_key = organisation_key or read_organisation_key(settings.key_file)
        self.engine = engine or open_engine(settings.database_url)
        if check_schema:
            from safecase.core.persistence.migrate import check

            check(self.engine)

    @contextmanager
    def unit(self) -> Iterator[Unit]:
        """A transaction: committed when the block ends normally, rolled back otherwise.

        People are read as the rules ask for them, not all at once. A commit that wrote events
        wakes the outbox relay of this process (:mod:`~safecase.core.persistence.outbox_signal`).
        """
        with Session(self.engine, expire_on_commit=False) as session:
            with session.begin():
                store = CaseStore(session, self.organisation_key, self.settings.organisation_id)
                audit = SqlAuditTrail(session)
                people = store.lazy_people()

                def find(case_id: str) -> Case | None:
                    return store.get(case_id) if store.exists(case_id) else None

                lifecycle = Lifecycle(
                    self.plugins,
                    people,
                    self.organisation,
                    audit=audit,
                    clock=self.clock,
                    find_case=find,
                )
                yield Unit(session, store, audit, lifecycle, people)
            if store.events_written:
                outbox_signal.committed(self.engine)

    # --- commands -------------------------------------------------------------------------------

    def open_case(
        self,
        command: str,
        data: dict[str, Any],
        actor: Actor,
        *,
        receipt: tuple[str, str] | None = None,
        request_id: str | None = None,
    ) -> Case:
        return self.open_case_outcome(
            command, data, actor, receipt=receipt, request_id=request_id
        ).case

    def open_case_outcome(
        self,
        command: str,
        data: dict[str, Any],
        actor: Actor,
        *,
        receipt: tuple[str, str] | None = None,
        request_id: str | None = None,
    ) -> Outcome:
        """:meth:`open_case`, returning the events with the new case.

        A ``request_id`` already applied returns that case again and opens nothing (AIP-155).

        ``receipt`` is an anonymous report's (code hash, secret hash), stored with the case in
        the same transaction (G14); the code and the secret themselves are never stored.
        """
        built = _opening(command, data)
        with self.unit() as unit:
            outcome = self._open(unit, built, actor, receipt, request_id)
            if isinstance(outcome, Outcome):
                return outcome
        raise outcome  # refused: the unit committed the refusal's audit entry alone

    def open_case_read(
        self,
        command: str,
        data: dict[str, Any],
        actor: Actor,
        *,
        request_id: str | None = None,
    ) -> tuple[Outcome, Read]:
        """:meth:`open_case_outcome`, and the new case as ``actor`` may see it.

        One transaction instead of two: the case is read as it was just written, and the
        read is audited exactly as :meth:`read_case` audits it, in the same transaction.
        """
        built = _opening(command, data)
        with self.unit() as unit:
            outcome = self._open(unit, built, actor, None, request_id)
            if isinstance(outcome, Outcome):
                return outcome, self._read(unit, outcome.case, actor)
        raise outcome

    def _open(
        self,
        unit: Unit,
        built: SubmitReport,
        actor: Actor,
        receipt: tuple[str, str] | None,
        request_id: str | None,
    ) -> Outcome | SafecaseError:
        """Open a case in ``unit``; a refusal is returned, so that its audit entry commits."""
        replay = self._replay(unit, request_id, built.name)
        if replay is not None:
            return replay
        try:
            outcome = unit.lifecycle.open_case(built, actor)
        except CommandRefused as exc:
            return exc
        request = (request_id, built.name) if request_id else None
        unit.store.add(outcome.case, outcome.events, request=request, receipt=receipt)
        return outcome

    def execute(
        self,
        case_id: str,
        command: str,
        data: dict[str, Any],
        actor: Actor,
        expected_version: int | None = None,
        request_id: str | None = None,
    ) -> Case:
        """Run a lifecycle command on a stored case; see the module docstring for atomicity."""
        return self.execute_outcome(
            case_id, command, data, actor, expected_version, request_id=request_id
        ).case

    def execute_outcome(
        self,
        case_id: str,
        command: str,
        data: dict[str, Any],
        actor: Actor,
        expected_version: int | None = None,
        *,
        request_id: str | None = None,
    ) -> Outcome:
        """:meth:`execute`, returning the events with the changed case.

        A ``request_id`` already applied returns the case as it is and runs nothing (AIP-155).
        """
        outcome, _ = self._execute(case_id, command, data, actor, expected_version, request_id)
        return outcome

    def execute_read(
        self,
        case_id: str,
        command: str,
        data: dict[str, Any],
        actor: Actor,
        expected_version: int | None = None,
        *,
        request_id: str | None = None,
    ) -> tuple[Outcome, Read]:
        """:meth:`execute_outcome`, and the changed case as ``actor`` may now see it.

        One transaction instead of two; the read is audited as :meth:`read_case` audits it.
        """
        outcome, read = self._execute(
            case_id, command, data, actor, expected_version, request_id, read=True
        )
        assert read is not None
        return outcome, read

    def _execute(
        self,
        case_id: str,
        command: str,
        data: dict[str, Any],
        actor: Actor,
        expected_version: int | None,
        request_id: str | None,
        *,
        read: bool = False,
    ) -> tuple[Outcome, Read | None]:
        built = build_command(command, data)
        refusal: SafecaseError | None = None
        with self.unit() as unit:
            replay = self._replay(unit, request_id, command)
            if replay is not None:
                return replay, self._read(unit, replay.case, actor) if read else None
            case = unit.store.get(case_id)
            version = case.version if expected_version is None else expected_version
            if version != case.version:  # the caller acted on a stale read: nothing runs
                raise ConcurrencyConflict(case_id, version)
            try:
                outcome = unit.lifecycle.execute(case, built, actor)
            except SafecaseError as exc:  # audited by the lifecycle: commit the entry alone
                refusal = exc
            else:
                unit.store.save(outcome.case, version, outcome.events)
                if self.after_command is not None:
                    self.after_command(unit, case, outcome)
                if request_id:
                    unit.store.add_processed_request(
                        request_id, case_id, command, outcome.case.updated_at
                    )
                return outcome, self._read(unit, outcome.case, actor) if read else None
        assert refusal is not None
        raise refusal

    @staticmethod
    def _replay(unit: Unit, request_id: str | None, command: str) -> Outcome | None:
        """The outcome of a request id seen before: the stored case, no events."""
        if not request_id:
            return None
        seen = unit.store.processed_request(request_id)
        if seen is None:
            return None
        case_id, first_command = seen
        if first_command != command:
            raise InvalidArgument(
                [FieldViolation("request_id", "already used for another command")]
            )
        step = OPENING.get(command) or steps_for(command)[0]
        return Outcome(case=unit.store.get(case_id), events=(), step=step, replayed=True)

    # --- reads ------------------------------------------------------------------------------------

    def read_case(self, case_id: str, actor: Actor) -> dict[str, object]:
        """The case as ``actor`` may see it (G28); every read, allowed or refused, is audited."""
        with self.unit() as unit:
            read = self._read(unit, unit.store.get(case_id), actor)
        return read.unwrap()  # G31: a refused read was recorded (committed), then refused

    def _read(self, unit: Unit, case: Case, actor: Actor) -> Read:
        """``case`` as ``actor`` may see it, the read (allowed or refused) audited in ``unit``."""
        now = self.clock()
        try:
            view = policy.case_view(case, actor, now)
        except CommandRefused as exc:
            self._audit_read(unit, case, actor, now, f"REFUSED:{exc.reason}", ())
            return Read(refusal=exc)
        shown = tuple(sorted(n for n in view if n in CASE_SENSITIVE))
        self._audit_read(unit, case, actor, now, "ALLOWED", shown or tuple(sorted(view)))
        return Read(view)

    def _audit_read(
        self,
        unit: Unit,
        case: Case,
        actor: Actor,
        now: datetime,
        outcome: str,
        fields: tuple[str, ...],
    ) -> None:
        unit.audit.append(
            ts=now,
            org_id=self.organisation.id,
            actor_person_id=actor.person_id,
            acting_role=actor.role.value,
            case_id=case.id,
            action="READ",
            outcome=outcome,
            fields=fields,
        )

    def list_cases(self, actor: Actor, **filters: Any) -> list[CaseSummary]:
        with self.unit() as unit:
            return unit.store.list(**filters)

    def add_person(self, person: Person) -> Person:
        with self.unit() as unit:
            unit.people.add(person)  # validates
            unit.store.add_person(person)
        return person

    def people(self) -> PersonRegistry:
        """Everyone in the registry (read in full: the registry outlives the transaction)."""
        with self.unit() as unit:
            return unit.store.people()

    def erase_case(self, case_id: str, actor: Actor) -> None:
        """The retention job's deletion (G32): allowed by the lifecycle, then crypto-shredded."""
        refusal: SafecaseError | None = None
        with self.unit() as unit:
            case = unit.store.get(case_id)
            try:
                outcome = unit.lifecycle.execute(case, build_command("delete_case_data", {}), actor)
            except SafecaseError as exc:
                refusal = exc
            else:
                unit.store.save(outcome.case, case.version, outcome.events)
                unit.store.erase(case_id)
                return
        assert refusal is not None
        raise refusal

    def verify_audit(self) -> tuple[int, int | None]:
        """(number of entries, first broken entry or None)."""
        with self.unit() as unit:
            return len(unit.audit), unit.audit.verify()


CASE_SENSITIVE = sensitive_fields(Case)


def _opening(command: str, data: dict[str, Any]) -> SubmitReport:
    built = build_command(command, data)
    if not isinstance(built, SubmitReport):
        raise CommandRefused("E_NO_TRANSITION", f"{command} does not open a case")
    return built


def _organisation(settings: Settings) -> Organisation:
    """The organisation the settings describe; a malformed agreement is a configuration error."""
    try:
        return Organisation(
            id=settings.organisation_id,
            name=settings.organisation_name,
            data_sharing_agreements=list(settings.data_sharing_agreements),
        )
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigurationError(f"the organisation's settings are invalid ({problems})") from None
