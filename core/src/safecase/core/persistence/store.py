"""Storing cases and people: sealed documents, wrapped data keys, the outbox, concurrency.

A case is split along the bounded contexts: the hearing part (panels, hearings, decisions,
appeals) goes to the hearing context's ``hearing_files``; the rest to the case context's
``cases``. Each save checks the version the caller read (optimistic concurrency): two
concurrent updates give one success and one :class:`ConcurrencyConflict`, never a lost update.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from safecase.core.case import Case
from safecase.core.crypto import DataKey, OrganisationKey
from safecase.core.errors import CaseErased, ConcurrencyConflict, NotFound
from safecase.core.events import DomainEvent
from safecase.core.people import Person, PersonRegistry, new_id, sensitive
from safecase.core.persistence.data_keys import DataKeys
from safecase.core.persistence.schema import (
    CaseRow,
    DataKeyRow,
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
]

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

    # --- cases ------------------------------------------------------------------------------------

    def add(self, case: Case, events: Sequence[DomainEvent] = ()) -> None:
        key = self.keys.new(case.id, "case")
        document, hearing = self._split(case, key)
        self.session.add(CaseRow(id=case.id, document=document, **self._columns(case)))
        self.session.add(
            HearingFileRow(
                case_id=case.id,
                organisation_id=case.organisation_id,
                version=case.version,
                document=hearing,
                updated_at=case.updated_at,
            )
        )
        self._outbox(events)
        self.session.flush()

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
        for event in events:
            self.session.add(
                OutboxRow(
                    id=event.id,
                    organisation_id=event.organisation_id,
                    case_id=event.case_id,
                    type=event.type,
                    occurred_at=event.occurred_at,
                    envelope=event.model_dump(mode="json"),
                    published_at=None,
                )
            )

    # --- receipts and messages with the reporter (G14) ----------------------------------------

    def add_receipt(self, case_id: str, code_hash: str, secret_hash: str, at: datetime) -> None:
        """Store the hashes of an anonymous report's receipt code and secret."""
        self._row(case_id)
        self.session.add(
            ReceiptRow(case_id=case_id, code_hash=code_hash, secret_hash=secret_hash, created_at=at)
        )
        self.session.flush()

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
        row = self.session.get(ProcessedRequestRow, (self.organisation_id, request_id))
        return (row.case_id, row.command) if row else None

    def add_processed_request(
        self, request_id: str, case_id: str, command: str, at: datetime
    ) -> None:
        self.session.add(
            ProcessedRequestRow(
                organisation_id=self.organisation_id,
                request_id=request_id,
                case_id=case_id,
                command=command,
                processed_at=at,
            )
        )
        self.session.flush()

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
        rows = self.session.scalars(
            select(PersonRow)
            .where(PersonRow.organisation_id == self.organisation_id)
            .order_by(PersonRow.created_at)
        ).all()
        registry = PersonRegistry()
        for row in rows:
            key = self.keys.get(row.id)
            if key is not None:  # an erased person stays out of the registry
                registry.add(Person.model_validate(unseal(row.document, key, row.id)))
        return registry
