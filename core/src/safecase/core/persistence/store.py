"""Storing cases and people: sealed documents, wrapped data keys, the outbox, concurrency.

A case is split along the bounded contexts: the hearing part (panels, hearings, decisions,
appeals) goes to the hearing context's ``hearing_files``; the rest to the case context's
``cases``. Each save checks the version the caller read (optimistic concurrency): two
concurrent updates give one success and one :class:`ConcurrencyConflict`, never a lost update.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from safecase.core import trace_context
from safecase.core.case import Case
from safecase.core.crypto import DataKey, OrganisationKey
from safecase.core.errors import CaseErased, ConcurrencyConflict, NotFound
from safecase.core.events import DomainEvent
from safecase.core.people import Person, PersonRegistry, new_id, sensitive
from safecase.core.persistence.data_keys import DataKeys
from safecase.core.persistence.inserts import insert_rows
from safecase.core.persistence.schema import (
    CaseBase,
    CaseRow,
    DataKeyRow,
    HearingBase,
    HearingFileRow,
    MessageRow,
    OutboxRow,
    PersonRow,
    ProcessedRequestRow,
    ReceiptRow,
)
from safecase.core.persistence.sealing import seal, unseal
from safecase.core.records import Record

__all__ = [
    "HEARING_FIELDS",
    "CaseStore",
    "CaseSummary",
    "MessageDirection",
    "Receipt",
    "StoredMessage",
    "StoredPeople",
]

Row = dict[str, Any]

# The parts of the aggregate owned by the hearing context.
HEARING_FIELDS = frozenset({"panels", "hearings", "decisions", "appeals", "appeal_extensions"})


@dataclass(frozen=True)
class CaseSummary:
    """What a case list shows: metadata only, no sealed content is opened."""

    id: str
    state: str
    severity: str | None
    categories: tuple[str, ...]
    owner_id: str | None
    created_at: datetime
    updated_at: datetime
    version: int


MessageDirection = Literal["TO_REPORTER", "FROM_REPORTER"]


@dataclass(frozen=True)
class Receipt:
    """The stored receipt of an anonymous report: hashes only (G14)."""

    case_id: str
    code_hash: str
    secret_hash: str
    created_at: datetime


@dataclass(frozen=True)
class StoredMessage:
    """A message between the case team and the reporter, unsealed."""

    id: str
    case_id: str
    direction: MessageDirection
    sender_id: str | None
    text: str
    created_at: datetime
    read_at: datetime | None


class _MessageBody(Record):
    text: str = sensitive()


class CaseStore:
    """Cases and people of one organisation, within one session (one transaction)."""

    def __init__(
        self, session: Session, organisation_key: OrganisationKey, organisation_id: str
    ) -> None:
        self.session = session
        self.organisation_key = organisation_key
        self.organisation_id = organisation_id
        self.keys = DataKeys(session, organisation_key, DataKeyRow)
        self.events_written = 0  # outbox rows of this transaction: the relay is woken at commit

    # --- cases ------------------------------------------------------------------------------------

    def add(
        self,
        case: Case,
        events: Sequence[DomainEvent] = (),
        *,
        request: tuple[str, str] | None = None,
        receipt: tuple[str, str] | None = None,
    ) -> None:
        """Insert a new case: its key, its two documents, its events; with ``request``
        (request id, command) the record that makes a retry of the request a replay; with
        ``receipt`` (code hash, secret hash) the receipt of an anonymous report (G14).

        Plain inserts rather than ORM objects: a new case is written once and never read back
        as an object in the same transaction, so the unit-of-work bookkeeping would be pure
        overhead on the busiest path of the service (every report). Everything is written
        here, so nothing is left to write when the audit lock is held.
        """
        key = self.keys.new(case.id, "case")
        document, hearing = self._split(case, key)
        key_rows = self._new_key_rows(case.id)
        events_rows = self._outbox_rows(events)
        self._insert(
            (DataKeyRow, key_rows),
            (CaseRow, [{"id": case.id, "document": document, **self._columns(case)}]),
            (
                HearingFileRow,
                [
                    {
                        "case_id": case.id,
                        "organisation_id": case.organisation_id,
                        "version": case.version,
                        "document": hearing,
                        "updated_at": case.updated_at,
                    }
                ],
            ),
            (OutboxRow, events_rows),
            (
                ProcessedRequestRow,
                [self._processed_row(request[0], case.id, request[1], case.created_at)]
                if request
                else [],
            ),
            (
                ReceiptRow,
                [self._receipt_row(case.id, *receipt, case.created_at)] if receipt else [],
            ),
        )
        self.events_written += len(events_rows)

    def save(self, case: Case, expected_version: int, events: Sequence[DomainEvent] = ()) -> None:
        """Write a changed case if nobody changed it since ``expected_version`` was read."""
        row = self._row(case.id)
        hearing_row = self.session.get(HearingFileRow, case.id)
        key = self.keys.get(case.id)
        if key is None or hearing_row is None:
            raise CaseErased(case.id)
        if row.version != expected_version:
            raise ConcurrencyConflict(case.id, expected_version)
        document, hearing = self._split(case, key)
        for name, value in self._columns(case).items():
            setattr(row, name, value)
        row.document = document
        hearing_row.document, hearing_row.version, hearing_row.updated_at = (
            hearing,
            case.version,
            case.updated_at,
        )
        self._outbox(events)
        try:
            self.session.flush()
        except StaleDataError:
            raise ConcurrencyConflict(case.id, expected_version) from None

    def get(self, case_id: str) -> Case:
        row = self._row(case_id)
        key = self.keys.get(case_id)
        hearing_row = self.session.get(HearingFileRow, case_id)
        if key is None or hearing_row is None:
            raise CaseErased(case_id)
        data = unseal(row.document, key, case_id)
        data.update(unseal(hearing_row.document, key, case_id))
        return Case.model_validate(data)

    def exists(self, case_id: str) -> bool:
        row = self.session.get(CaseRow, case_id)
        return row is not None and row.organisation_id == self.organisation_id

    def list(
        self,
        *,
        state: str | None = None,
        severity: str | None = None,
        owner_id: str | None = None,
        category: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[CaseSummary]:
        query = select(CaseRow).where(CaseRow.organisation_id == self.organisation_id)
        if state:
            query = query.where(CaseRow.state == state)
        if severity:
            query = query.where(CaseRow.severity == severity)
        if owner_id:
            query = query.where(CaseRow.owner_id == owner_id)
        rows = self.session.scalars(query.order_by(CaseRow.created_at, CaseRow.id)).all()
        if category:
            rows = [r for r in rows if category in r.categories]
        return [
            CaseSummary(
                r.id,
                r.state,
                r.severity,
                tuple(r.categories),
                r.owner_id,
                r.created_at,
                r.updated_at,
                r.version,
            )
            for r in rows[offset : offset + limit]
        ]

    def erase(self, case_id: str) -> None:
        """Crypto-shred a case: destroy its data key; the sealed documents become noise."""
        self._row(case_id)
        if not self.keys.destroy(case_id):
            raise CaseErased(case_id)
        self.session.flush()

    def _row(self, case_id: str) -> CaseRow:
        row = self.session.get(CaseRow, case_id)
        if row is None or row.organisation_id != self.organisation_id:
            raise NotFound("case")
        return row

    @staticmethod
    def _columns(case: Case) -> dict[str, Any]:
        return {
            "organisation_id": case.organisation_id,
            "rule_set_id": case.rule_set_id,
            "state": case.state.value,
            "severity": case.severity,
            "intake_type": case.intake_type.value,
            "categories": sorted(case.categories),
            "owner_id": case.owner_id,
            "closure_reason": case.closure_reason.value if case.closure_reason else None,
            "created_at": case.created_at,
            "updated_at": case.updated_at,
            "version": case.version,
        }

    @staticmethod
    def _split(case: Case, key: DataKey) -> tuple[dict[str, Any], dict[str, Any]]:
        sealed = seal(case, key, case.id)
        hearing = {name: sealed.pop(name) for name in HEARING_FIELDS}
        return sealed, hearing

    def _outbox(self, events: Iterable[DomainEvent]) -> None:
        """Write the events in this transaction (one statement for all of them)."""
        rows = self._outbox_rows(events)
        self._insert((OutboxRow, rows))
        self.events_written += len(rows)

    @staticmethod
    def _outbox_rows(events: Iterable[DomainEvent]) -> Sequence[Row]:
        return [
            {
                "id": event.id,
                "organisation_id": event.organisation_id,
                "case_id": event.case_id,
                "type": event.type,
                "occurred_at": event.occurred_at,
                "envelope": trace_context.stamped(event.model_dump(mode="json")),
                "published_at": None,
            }
            for event in events
        ]

    def _new_key_rows(self, owner_id: str) -> Sequence[Row]:
        """The row :meth:`DataKeys.new` added for ``owner_id``, taken out of the session to be
        written with the case's other rows (one statement instead of a flush of its own).

        The row is made by :class:`DataKeys` as ever; only when it is written changes. Should
        it not be pending (already written), there is nothing to take.
        """
        taken = []
        for pending in list(self.session.new):
            if isinstance(pending, DataKeyRow) and pending.owner_id == owner_id:
                self.session.expunge(pending)
                taken.append({c.key: getattr(pending, c.key) for c in DataKeyRow.__table__.columns})
        self.session.flush()  # anything else pending goes first, as before
        return taken

    def _insert(self, *writes: tuple[type[CaseBase | HearingBase], Sequence[Row]]) -> None:
        """New rows, tables in order, in one statement where the database allows it
        (:mod:`~safecase.core.persistence.inserts`)."""
        insert_rows(
            self.session.connection(), ((table, row) for table, rows in writes for row in rows)
        )

    # --- receipts and messages with the reporter (G14) ----------------------------------------

    def add_receipt(self, case_id: str, code_hash: str, secret_hash: str, at: datetime) -> None:
        """Store the hashes of an anonymous report's receipt code and secret."""
        self._row(case_id)
        self._insert((ReceiptRow, [self._receipt_row(case_id, code_hash, secret_hash, at)]))

    @staticmethod
    def _receipt_row(case_id: str, code_hash: str, secret_hash: str, at: datetime) -> Row:
        return {
            "case_id": case_id,
            "code_hash": code_hash,
            "secret_hash": secret_hash,
            "created_at": at,
        }

    def receipt(self, code_hash: str) -> Receipt | None:
        """The receipt whose code hashes to ``code_hash``, if it belongs to this organisation."""
        row = self.session.scalars(
            select(ReceiptRow).where(ReceiptRow.code_hash == code_hash)
        ).one_or_none()
        if row is None or not self.exists(row.case_id):
            return None
        return Receipt(row.case_id, row.code_hash, row.secret_hash, row.created_at)

    def add_message(
        self,
        case_id: str,
        direction: MessageDirection,
        text: str,
        at: datetime,
        sender_id: str | None = None,
    ) -> StoredMessage:
        """Store a message, its text sealed under the case's data key."""
        if direction not in ("TO_REPORTER", "FROM_REPORTER"):
            raise ValueError(f"unknown message direction {direction!r}")
        self._row(case_id)
        key = self.keys.get(case_id)
        if key is None:
            raise CaseErased(case_id)
        # the case row's lock serialises the messages of one case, so ``seq`` has no gaps
        self.session.execute(select(CaseRow.id).where(CaseRow.id == case_id).with_for_update())
        last = self.session.scalar(
            select(func.max(MessageRow.seq)).where(MessageRow.case_id == case_id)
        )
        message_id = new_id()
        body = seal(_MessageBody(text=text), key, case_id, f"messages/{message_id}")
        self.session.add(
            MessageRow(
                id=message_id,
                case_id=case_id,
                seq=(last or 0) + 1,
                direction=direction,
                sender_id=sender_id,
                body=body,
                created_at=at,
                read_at=None,
            )
        )
        self.session.flush()
        return StoredMessage(message_id, case_id, direction, sender_id, text, at, None)

    def messages(self, case_id: str) -> tuple[StoredMessage, ...]:
        """The case's messages, oldest first, unsealed."""
        self._row(case_id)
        key = self.keys.get(case_id)
        if key is None:
            raise CaseErased(case_id)
        rows = self.session.scalars(
            select(MessageRow).where(MessageRow.case_id == case_id).order_by(MessageRow.seq)
        ).all()
        return tuple(
            StoredMessage(
                row.id,
                row.case_id,
                "TO_REPORTER" if row.direction == "TO_REPORTER" else "FROM_REPORTER",
                row.sender_id,
                unseal(row.body, key, case_id, f"messages/{row.id}")["text"],
                row.created_at,
                row.read_at,
            )
            for row in rows
        )

    def mark_read(self, case_id: str, direction: MessageDirection, at: datetime) -> None:
        """Record that the recipient read every unread message of ``direction``."""
        rows = self.session.scalars(
            select(MessageRow).where(
                MessageRow.case_id == case_id,
                MessageRow.direction == direction,
                MessageRow.read_at.is_(None),
            )
        ).all()
        for row in rows:
            row.read_at = at
        self.session.flush()

    # --- idempotent requests (AIP-155) ------------------------------------------------------

    def processed_request(self, request_id: str) -> tuple[str, str] | None:
        """(case id, command) of a request id already applied, if any."""
        row = (
            self.session.connection()
            .execute(
                select(ProcessedRequestRow.case_id, ProcessedRequestRow.command).where(
                    ProcessedRequestRow.organisation_id == self.organisation_id,
                    ProcessedRequestRow.request_id == request_id,
                )
            )
            .first()
        )
        return (row.case_id, row.command) if row else None

    def add_processed_request(
        self, request_id: str, case_id: str, command: str, at: datetime
    ) -> None:
        self._insert((ProcessedRequestRow, [self._processed_row(request_id, case_id, command, at)]))

    def _processed_row(self, request_id: str, case_id: str, command: str, at: datetime) -> Row:
        return {
            "organisation_id": self.organisation_id,
            "request_id": request_id,
            "case_id": case_id,
            "command": command,
            "processed_at": at,
        }

    # --- people -----------------------------------------------------------------------------------

    def add_person(self, person: Person) -> None:
        key = self.keys.new(person.id, "person")
        self.session.add(
            PersonRow(
                id=person.id,
                organisation_id=self.organisation_id,
                document=seal(person, key, person.id),
                created_at=datetime.now(UTC),
            )
        )
        self.session.flush()

    def update_person(self, person: Person) -> None:
        row = self.session.get(PersonRow, person.id)
        key = self.keys.get(person.id)
        if row is None or key is None or row.organisation_id != self.organisation_id:
            raise NotFound("person")
        row.document = seal(person, key, person.id)
        self.session.flush()

    def people(self) -> PersonRegistry:
        """The whole registry, every record unsealed (listings; rules use :meth:`lazy_people`)."""
        return PersonRegistry(self.all_people())

    def lazy_people(self) -> StoredPeople:
        """The registry as a command's rules read it: each person loaded on first use."""
        return StoredPeople(self)

    def person(self, person_id: str) -> Person | None:
        """One person of this organisation, unsealed; ``None`` if unknown or erased."""
        row = self.session.get(PersonRow, person_id)
        if row is None or row.organisation_id != self.organisation_id:
            return None
        key = self.keys.get(row.id)
        if key is None:  # an erased person stays out of the registry
            return None
        return Person.model_validate(unseal(row.document, key, row.id))

    def all_people(self) -> Iterator[Person]:
        rows = self.session.scalars(
            select(PersonRow)
            .where(PersonRow.organisation_id == self.organisation_id)
            .order_by(PersonRow.created_at)
        ).all()
        for row in rows:
            key = self.keys.get(row.id)
            if key is not None:  # an erased person stays out of the registry
                yield Person.model_validate(unseal(row.document, key, row.id))

    # --- what travels with an event -------------------------------------------------------------

    def seal_into_event(self, event_id: str, sealed: dict[str, str]) -> None:
        """Attach a sealed document to an event of this transaction's outbox.

        The relay sends it with the event; the event's own payload stays content-free.
        """
        self.session.flush()
        row = self.session.get(OutboxRow, event_id)
        if row is None:
            raise NotFound("event")
        row.envelope = {**row.envelope, "sealed": sealed}
        self.session.flush()


class StoredPeople(PersonRegistry):
    """The person registry of one transaction, read person by person as the rules ask.

    A command's rules look at a handful of people (its parties, the person it names, the
    actor); loading and unsealing the whole registry for every unit of work cost more than
    the command itself, and grows with the organisation. Each person is read and unsealed at
    most once per transaction; iterating still yields everyone, in registration order.
    """

    def __init__(self, store: CaseStore) -> None:
        super().__init__()
        self._store = store
        self._absent: set[str] = set()

    def _load(self, person_id: str) -> Person | None:
        if person_id in self._people:
            return self._people[person_id]
        if person_id in self._absent or not isinstance(person_id, str):
            return None
        person = self._store.person(person_id)
        if person is None:
            self._absent.add(person_id)
        else:
            self._people[person_id] = person
        return person

    def get(self, person_id: str) -> Person:
        person = self._load(person_id)
        if person is None:
            raise NotFound("person")
        return person

    def __contains__(self, person_id: object) -> bool:
        return isinstance(person_id, str) and self._load(person_id) is not None

    def add(self, person: Person) -> Person:
        self._absent.discard(person.id)
        return super().add(person)

    def __iter__(self) -> Iterator[Person]:
        stored = {person.id: person for person in self._store.all_people()}
        added = {pid: p for pid, p in self._people.items() if pid not in stored}
        self._people = {**stored, **added}
        self._absent -= set(self._people)
        return super().__iter__()
