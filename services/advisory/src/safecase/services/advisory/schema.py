"""The advisory context's tables: its own declarative base and migration history.

The support service keeps what it needs to route a share and no more: the share's metadata in
columns (ids, codes, times), its content and its data key in two rows of their own so that
ending a share deletes both (crypto-shredding, G15), the members' advice and the answers sealed
under that same data key, and an append-only, hash-chained access log (G31). Club affiliations
of members are stored as digests, never as names.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from safecase.core.persistence.schema import NAMING, Instant

__all__ = [
    "AccessLogRow",
    "AdviceRow",
    "AdvisoryBase",
    "AffiliationRow",
    "AllocationRow",
    "AnswerRow",
    "InboxRow",
    "MemberReferenceRow",
    "MemberRow",
    "OutboxRow",
    "PanelOfferRow",
    "ProcessedRequestRow",
    "ShareContentRow",
    "ShareKeyRow",
    "ShareRow",
]


class AdvisoryBase(DeclarativeBase):
    """Tables of the advisory context (owned by the advisory service)."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: Instant(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


class MemberRow(AdvisoryBase):
    """A member of the Case Advisory Group (role ADV)."""

    __tablename__ = "advisory_members"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    subject: Mapped[str] = mapped_column(String(128))
    expertise: Mapped[list[Any]] = mapped_column()
    available: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column()
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {  # noqa: RUF012 - SQLAlchemy's declarative attribute is a plain dict
        "version_id_col": version,
        "version_id_generator": False,
    }
    __table_args__ = (UniqueConstraint("subject"),)


class AffiliationRow(AdvisoryBase):
    """A declared affiliation: an organisation by id, or a club by the digest of its name."""

    __tablename__ = "advisory_affiliations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("advisory_members.id"))
    kind: Mapped[str] = mapped_column(String(16))
    organisation_id: Mapped[str | None] = mapped_column(String(64))
    club_digest: Mapped[str | None] = mapped_column(String(64))
    declared_at: Mapped[datetime] = mapped_column()

    __table_args__ = (Index(None, "member_id"),)


class ShareRow(AdvisoryBase):
    """A share's metadata: ids, codes and times only; it outlives the content as a tombstone."""

    __tablename__ = "advisory_shares"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(24))
    requested_expertise: Mapped[list[Any]] = mapped_column()
    received_at: Mapped[datetime] = mapped_column()
    expires_at: Mapped[datetime | None] = mapped_column()
    ended_at: Mapped[datetime | None] = mapped_column()
    # The organisation's X25519 reply key (public), to seal the answer to; cleared on the end.
    reply_to_public: Mapped[str | None] = mapped_column(String(64))
    # The JetStream copies of the share still to be purged from the SHARES stream.
    purge_pending: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (Index(None, "state", "expires_at"), Index(None, "purge_pending"))


class ShareContentRow(AdvisoryBase):
    """The share's content as received, still sealed under the share's data key."""

    __tablename__ = "advisory_share_contents"

    share_id: Mapped[str] = mapped_column(ForeignKey("advisory_shares.id"), primary_key=True)
    ciphertext: Mapped[str] = mapped_column(Text)


class ShareKeyRow(AdvisoryBase):
    """The share's data key, sealed to the support key; deleting the row destroys the key."""

    __tablename__ = "advisory_share_keys"

    share_id: Mapped[str] = mapped_column(ForeignKey("advisory_shares.id"), primary_key=True)
    ephemeral_public: Mapped[str] = mapped_column(String(64))
    wrapped_key: Mapped[str] = mapped_column(String(128))


class AllocationRow(AdvisoryBase):
    """The decision about one candidate member for one share, with a code for an exclusion."""

    __tablename__ = "advisory_allocations"

    share_id: Mapped[str] = mapped_column(ForeignKey("advisory_shares.id"), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("advisory_members.id"), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(16))
    expertise: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(String(32))
    affiliation_id: Mapped[str | None] = mapped_column(String(32))
    decided_at: Mapped[datetime] = mapped_column()

    __table_args__ = (Index(None, "member_id", "outcome"),)


class AdviceRow(AdvisoryBase):
    """A member's advice; its text is sealed under the share's data key (gone with it)."""

    __tablename__ = "advisory_advice"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    share_id: Mapped[str] = mapped_column(ForeignKey("advisory_shares.id"))
    member_id: Mapped[str] = mapped_column(ForeignKey("advisory_members.id"))
    sealed: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column()

    __table_args__ = (Index(None, "share_id"),)


class AnswerRow(AdvisoryBase):
    """The group's answer; its summary sealed under the share's data key."""

    __tablename__ = "advisory_answers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    share_id: Mapped[str] = mapped_column(ForeignKey("advisory_shares.id"))
    composed_by: Mapped[str] = mapped_column(String(128))
    advice_ids: Mapped[list[Any]] = mapped_column()
    sealed: Mapped[str | None] = mapped_column(Text)
    event_id: Mapped[str] = mapped_column(String(32))
    composed_at: Mapped[datetime] = mapped_column()

    __table_args__ = (Index(None, "share_id"),)


class OutboxRow(AdvisoryBase):
    """An event to an organisation, written with the change that produced it.

    ``envelope`` is the wire form (the answer in it sealed to the organisation); it is cleared
    once JetStream acknowledged the event.
    """

    __tablename__ = "advisory_outbox"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(String(64))
    share_id: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(200))
    envelope: Mapped[bytes | None] = mapped_column(LargeBinary)
    occurred_at: Mapped[datetime] = mapped_column()
    published_at: Mapped[datetime | None] = mapped_column()

    __table_args__ = (Index(None, "published_at", "occurred_at"),)


class InboxRow(AdvisoryBase):
    """Events a consumer has applied: a redelivery finds its id here and has no effect."""

    __tablename__ = "advisory_inbox"

    consumer: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column()


class ProcessedRequestRow(AdvisoryBase):
    """A request id already applied (AIP-155): a retry returns the resource, runs nothing."""

    __tablename__ = "advisory_processed_requests"

    caller: Mapped[str] = mapped_column(String(128), primary_key=True)
    request_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    method: Mapped[str] = mapped_column(String(64))
    resource: Mapped[str] = mapped_column(String(200))
    processed_at: Mapped[datetime] = mapped_column()


class MemberReferenceRow(AdvisoryBase):
    """A member's pseudonymous reference for one organisation (random; one per organisation)."""

    __tablename__ = "advisory_member_references"

    member_id: Mapped[str] = mapped_column(ForeignKey("advisory_members.id"), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    reference: Mapped[str] = mapped_column(String(32))

    __table_args__ = (UniqueConstraint("reference"),)


class PanelOfferRow(AdvisoryBase):
    """A member's availability to sit on one organisation's hearing panels."""

    __tablename__ = "advisory_panel_offers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("advisory_members.id"))
    organisation_id: Mapped[str] = mapped_column(String(64))
    available_from: Mapped[datetime] = mapped_column()
    available_until: Mapped[datetime] = mapped_column()
    member_type: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column()

    __table_args__ = (Index(None, "member_id"),)


class AccessLogRow(AdvisoryBase):
    """One entry of the access log's hash chain (DOMAIN.md §4.4); never updated or deleted."""

    __tablename__ = "advisory_access_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    ts: Mapped[datetime] = mapped_column()
    org_id: Mapped[str] = mapped_column(String(64))
    actor_person_id: Mapped[str] = mapped_column(String(128))
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

    __table_args__ = (UniqueConstraint("hash"), Index(None, "object_id"))
