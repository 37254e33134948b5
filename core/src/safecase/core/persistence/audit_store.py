"""The audit log in the database: the same hash chain as :class:`AuditLog`, one row per entry.

Entries are appended in the caller's transaction, so a refused command's entry commits on its
own while a failed one rolls back with everything else. Appends are serialised per database
(SQLite's single writer; on PostgreSQL an advisory transaction lock), so the chain never forks.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from safecase.core.audit import GENESIS, Action, AuditEntry, new_entry, verify_chain
from safecase.core.persistence.schema import AuditRow

__all__ = ["SqlAuditTrail"]

AUDIT_LOCK = 0x5AFEC4


class SqlAuditTrail:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _head(self) -> tuple[int, str]:
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK})
        last = self.session.scalars(select(AuditRow).order_by(AuditRow.seq.desc()).limit(1)).first()
        return (last.seq, last.hash) if last else (0, GENESIS)

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
        seq, previous = self._head()
        entry = new_entry(
            seq + 1,
            previous,
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
        data = entry.model_dump()
        data["failed_rules"], data["fields"] = list(entry.failed_rules), list(entry.fields)
        self.session.add(AuditRow(**data))
        self.session.flush()
        return entry

    def __iter__(self) -> Iterator[AuditEntry]:
        for row in self.session.scalars(select(AuditRow).order_by(AuditRow.seq)):
            yield AuditEntry.model_validate(
                {
                    **{c.key: getattr(row, c.key) for c in AuditRow.__table__.columns},
                    "failed_rules": tuple(row.failed_rules),
                    "fields": tuple(row.fields),
                }
            )

    def __len__(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(AuditRow)) or 0)

    def verify(self) -> int | None:
        """``None`` when the stored chain is intact, else the first bad entry's number."""
        return verify_chain(iter(self))
