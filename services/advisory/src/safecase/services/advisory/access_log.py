"""The advisory service's access log: who saw which share, and when (G31).

The core's hash chain (:func:`safecase.core.audit.new_entry`, :func:`verify_chain`) in a table
of the advisory database. An entry belongs to the caller's transaction and is linked into the
chain when written; linking is serialised (SQLite's single writer; on PostgreSQL a transaction
advisory lock) so the chain never forks. Entries hold ids, roles and codes, never content.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from safecase.core.audit import GENESIS, Action, AuditEntry, new_entry, verify_chain
from safecase.services.advisory.schema import AccessLogRow

__all__ = ["AccessLog"]

ACCESS_LOG_LOCK = 0x5AFEC6


class AccessLog:
    def __init__(self, session: Session, organisation_id: str) -> None:
        self.session = session
        self.organisation_id = organisation_id

    def _head(self) -> tuple[int, str]:
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": ACCESS_LOG_LOCK}
            )
        row = self.session.execute(
            select(AccessLogRow.seq, AccessLogRow.hash).order_by(AccessLogRow.seq.desc()).limit(1)
        ).first()
        return (row.seq, row.hash) if row else (0, GENESIS)

    def append(
        self,
        *,
        ts: datetime,
        actor: str,
        role: str,
        action: Action,
        command: str,
        object_type: str,
        object_id: str | None,
        outcome: str,
    ) -> AuditEntry:
        seq, previous = self._head()
        entry = new_entry(
            seq + 1,
            previous,
            ts=ts,
            org_id=self.organisation_id,
            actor_person_id=actor,
            acting_role=role,
            case_id=None,
            object_type=object_type,
            object_id=object_id,
            action=action,
            command=command,
            outcome=outcome,
        )
        row = entry.model_dump()
        row["failed_rules"], row["fields"] = list(entry.failed_rules), list(entry.fields)
        self.session.add(AccessLogRow(**row))
        self.session.flush()
        return entry

    def __iter__(self) -> Iterator[AuditEntry]:
        for row in self.session.scalars(select(AccessLogRow).order_by(AccessLogRow.seq)):
            yield AuditEntry.model_validate(
                {
                    **{c.key: getattr(row, c.key) for c in AccessLogRow.__table__.columns},
                    "failed_rules": tuple(row.failed_rules),
                    "fields": tuple(row.fields),
                }
            )

    def verify(self) -> tuple[int, int | None]:
        """The number of entries, and ``None`` or the first entry that breaks the chain."""
        entries = list(self)
        return len(entries), verify_chain(entries)
