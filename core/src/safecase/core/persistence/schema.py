"""The tables, typed (``Mapped[...]``), with named constraints so migrations are stable."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

__all__ = [
    "AuditRow",
    "CaseBase",
    "CaseRow",
    "DataKeyRow",
    "HearingBase",
    "HearingDataKeyRow",
    "HearingFileRow",
    "HearingInboxRow",
    "InboxRow",
    "MessageRow",
    "OutboxRow",
    "PersonRow",
    "ProcessedRequestRow",
    "ReceiptRow",
    "RegistryEntryRow",
    "ScreeningResolutionRow",
    "ScreeningResultRow",
]

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Instant(TypeDecorator[datetime]):
    """UTC instants; SQLite keeps no zone, so values are normalised on the way in and out."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("only time-zone aware instants are stored")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class CaseBase(DeclarativeBase):
    """Tables of the case context (owned by intake)."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: Instant(), dict[str, Any]: JSON(), list[Any]: JSON()}


class HearingBase(DeclarativeBase):
    """Tables of the hearing context (owned by hearings)."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: Instant(), dict[str, Any]: JSON(), list[Any]: JSON()}


class CaseRow(CaseBase):
    """A case: searchable metadata in columns, the aggregate as a sealed JSON document."""

    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(String(64))
    rule_set_id: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(32))
    severity: Mapped[str | None] = mapped_column(String(16))
    intake_type: Mapped[str] = mapped_column(String(16))
    categories: Mapped[list[Any]] = mapped_column()
    owner_id: Mapped[str | None] = mapped_column(String(32))
    closure_reason: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column()
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column()

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}
    __table_args__ = (
        Index(None, "organisation_id", "state"),
        Index(None, "owner_id"),
    )


class PersonRow(CaseBase):
    """A person of the registry; names, contacts and date of birth are sealed."""

    __tablename__ = "people"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(String(64))
    document: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column()


class DataKeyRow(CaseBase):
    """A wrapped data key; deleting the row crypto-shreds everything sealed under it."""

    __tablename__ = "data_keys"

    owner_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner_kind: Mapped[str] = mapped_column(String(16))
    organisation_key_id: Mapped[str] = mapped_column(String(64))
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column()


class AuditRow(CaseBase):
    """One entry of the hash chain (DOMAIN.md §4.4); never updated or deleted."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    ts: Mapped[datetime] = mapped_column()
    org_id: Mapped[str] = mapped_column(String(64))
    actor_person_id: Mapped[str] = mapped_column(String(64))
    acting_role: Mapped[str] = mapped_column(String(16))
    case_id: Mapped[str | None] = mapped_column(String(32))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))
    command: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(Text)
    failed_rules: Mapped[list[Any]] = mapped_column()
    fields: Mapped[list[Any]] = mapped_column()
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (UniqueConstraint("hash"), Index(None, "case_id"))


class OutboxRow(CaseBase):
    """An event written in the same transaction as the change that produced it."""

    __tablename__ = "outbox"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[str] = mapped_column(String(32), ForeignKey("cases.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(64))
    occurred_at: Mapped[datetime] = mapped_column()
    envelope: Mapped[dict[str, Any]] = mapped_column()
    published_at: Mapped[datetime | None] = mapped_column()

    __table_args__ = (Index(None, "published_at", "occurred_at"),)


class ReceiptRow(CaseBase):
    """The receipt of an anonymous report (G14): only hashes, never the code or the secret.

    ``code_hash`` is the SHA-256 of the normalised receipt code, to find the case; the secret
    is kept as an argon2id hash, so the table alone lets nobody act as the reporter.
    """

    __tablename__ = "receipts"

    case_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    code_hash: Mapped[str] = mapped_column(String(64))
    secret_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column()

    __table_args__ = (UniqueConstraint("code_hash"),)


class MessageRow(CaseBase):
    """One message between the case team and the reporter; the text is sealed under the case key."""

    __tablename__ = "messages"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(32), ForeignKey("cases.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)  # order within the case: 1, 2, 3 ...
    direction: Mapped[str] = mapped_column(String(16))
    sender_id: Mapped[str | None] = mapped_column(String(64))
    body: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column()
    read_at: Mapped[datetime | None] = mapped_column()

    __table_args__ = (UniqueConstraint("case_id", "seq"),)


class HearingFileRow(HearingBase):
    """The hearing part of a case (panels, hearings, decisions, appeals), sealed."""

    __tablename__ = "hearing_files"

    case_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column()

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class InboxRow(CaseBase):
    """Events a case-context consumer applied, recorded in the transaction of the effect."""

    __tablename__ = "inbox"

    consumer: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column()


class HearingInboxRow(HearingBase):
    """Events a hearing-context consumer has applied (same contract as :class:`InboxRow`)."""

    __tablename__ = "hearing_inbox"

    consumer: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column()


class HearingDataKeyRow(HearingBase):
    """A wrapped data key of the hearing context (same shape as :class:`DataKeyRow`).

    Each sanction registry entry has its own key (``owner_kind`` ``registry_entry``): deleting
    the row crypto-shreds the names and date of birth of that entry alone.
    """

    __tablename__ = "hearing_data_keys"

    owner_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner_kind: Mapped[str] = mapped_column(String(16))
    organisation_key_id: Mapped[str] = mapped_column(String(64))
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column()


class RegistryEntryRow(HearingBase):
    """One entry of an organisation's sanction registry (DOMAIN.md §3.7).

    What screening filters on is in columns; the person (names, previous names, aliases and
    date of birth) is a sealed document under the entry's data key in ``hearing_data_keys``.
    ``decision_ref`` holds ids only, never case content.
    """

    __tablename__ = "sanction_registry"

    entry_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner_org: Mapped[str] = mapped_column(String(64))
    person_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(32))
    sanction_type: Mapped[str | None] = mapped_column(String(64))
    scope: Mapped[dict[str, Any]] = mapped_column()
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime | None] = mapped_column()
    decision_ref: Mapped[dict[str, Any] | None] = mapped_column(JSON())
    visibility: Mapped[str] = mapped_column(String(32))
    minor_respondent: Mapped[bool] = mapped_column(Boolean)
    person: Mapped[dict[str, Any]] = mapped_column()
    recorded_at: Mapped[datetime] = mapped_column()

    __table_args__ = (
        Index(None, "owner_org", "status"),
        Index(None, "person_id"),
    )


class ScreeningResultRow(HearingBase):
    """A screening of a person for a role against the registry in force (G33).

    It holds ids and kinds of match only, never a name: the hits name registry entries, and the
    person screened is a person id (of the registry, or made up for one screened by name).
    """

    __tablename__ = "screening_results"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(String(64))
    person_id: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(32))
    screened_at: Mapped[datetime] = mapped_column()
    hits: Mapped[list[dict[str, Any]]] = mapped_column(JSON())

    __table_args__ = (Index(None, "organisation_id", "person_id"),)


class ScreeningResolutionRow(HearingBase):
    """A DSL's resolution of a screening hold (G33): the resolution as a sealed document (its
    reason says why a person may or may not work with children) under its own data key in
    ``hearing_data_keys``; what it is looked up by in columns."""

    __tablename__ = "screening_resolutions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(String(64))
    screening_result_id: Mapped[str] = mapped_column(String(32))
    person_id: Mapped[str] = mapped_column(String(64))
    request_id: Mapped[str | None] = mapped_column(String(64))
    document: Mapped[dict[str, Any]] = mapped_column()
    resolved_at: Mapped[datetime] = mapped_column()

    __table_args__ = (
        Index(None, "organisation_id", "person_id"),
        Index(None, "screening_result_id"),
        UniqueConstraint("organisation_id", "request_id"),
    )


class ProcessedRequestRow(CaseBase):
    """A request id already applied (AIP-155): a retry returns the result, runs nothing again."""

    __tablename__ = "processed_requests"

    organisation_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    request_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(32))
    command: Mapped[str] = mapped_column(String(64))
    processed_at: Mapped[datetime] = mapped_column()
