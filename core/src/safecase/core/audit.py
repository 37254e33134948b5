"""The append-only, hash-chained audit log of every command attempt and content read (G31).

Each entry holds the SHA-256 of the previous entry, so editing, deleting, inserting or
reordering any entry breaks the chain from that point, which :meth:`AuditLog.verify` reports.
Entries carry ids, roles, codes and field names — never sensitive text. This module keeps the
log in memory; persistence appends the same entries to a table.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict

__all__ = [
    "GENESIS",
    "Action",
    "AuditEntry",
    "AuditLog",
    "AuditTrail",
    "chain_hash",
    "verify_chain",
]

GENESIS = "0" * 64
Action = Literal["READ", "WRITE", "COMMAND", "EXPORT", "BREAK_GLASS"]


class AuditEntry(BaseModel):
    """The minimum audit fields of DOMAIN.md §4.4."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    seq: int
    ts: datetime
    org_id: str
    actor_person_id: str
    acting_role: str
    case_id: str | None
    object_type: str
    object_id: str | None
    action: Action
    command: str | None
    outcome: str
    failed_rules: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    prev_hash: str
    hash: str

    def body(self) -> dict[str, object]:
        data = self.model_dump(mode="json", exclude={"hash"})
        return data


def chain_hash(body: dict[str, object]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def verify_chain(entries: Iterable[AuditEntry]) -> int | None:
    """``None`` when the chain is intact, else the sequence number of the first bad entry."""
    previous = GENESIS
    for position, entry in enumerate(entries, start=1):
        if entry.seq != position or entry.prev_hash != previous:
            return position
        if chain_hash(entry.body()) != entry.hash:
            return position
        previous = entry.hash
    return None


def new_entry(seq: int, prev_hash: str, **fields: object) -> AuditEntry:
    """Build the next entry of a chain, its hash computed over every other field."""
    body = {"seq": seq, "prev_hash": prev_hash, "failed_rules": (), "fields": (), **fields}
    ts = body.get("ts")
    if isinstance(ts, datetime):  # one canonical form, whatever the storage
        body["ts"] = ts.astimezone(UTC)
    if body.get("object_id") is None:
        body["object_id"] = body.get("case_id")
    entry = AuditEntry.model_validate({**body, "hash": GENESIS})
    return entry.model_copy(update={"hash": chain_hash(entry.body())})


class AuditTrail(Protocol):
    """Where the lifecycle writes its audit entries: in memory, or a database table."""

    def append(
        self,
        *,
        ts: datetime,
        org_id: str,
        actor_person_id: str,
        acting_role: str,
        case_id: str | None,
        action: Action,
        outcome: str,
        command: str | None = None,
        object_type: str = "case",
        object_id: str | None = None,
        failed_rules: tuple[str, ...] = (),
        fields: tuple[str, ...] = (),
    ) -> AuditEntry: ...


class AuditLog:
    """An in-memory chain; the persistent log has the same interface."""

    def __init__(self, entries: Iterable[AuditEntry] = ()) -> None:
        self._entries: list[AuditEntry] = list(entries)

    def __iter__(self) -> Iterator[AuditEntry]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def head(self) -> str:
        return self._entries[-1].hash if self._entries else GENESIS

    def append(
        self,
        *,
        ts: datetime,
        org_id: str,
        actor_person_id: str,
        acting_role: str,
        case_id: str | None,
        action: Action,
        outcome: str,
        command: str | None = None,
        object_type: str = "case",
        object_id: str | None = None,
        failed_rules: tuple[str, ...] = (),
        fields: tuple[str, ...] = (),
    ) -> AuditEntry:
        entry = new_entry(
            len(self._entries) + 1,
            self.head,
            ts=ts,
            org_id=org_id,
            actor_person_id=actor_person_id,
            acting_role=acting_role,
            case_id=case_id,
            object_type=object_type,
            object_id=object_id,
            action=action,
            command=command,
            outcome=outcome,
            failed_rules=failed_rules,
            fields=fields,
        )
        self._entries.append(entry)
        return entry

    def verify(self) -> int | None:
        """``None`` when the chain is intact, else the sequence number of the first bad entry."""
        return verify_chain(self._entries)
