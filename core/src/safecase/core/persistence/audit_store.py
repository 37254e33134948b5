"""The audit log in the database: the same hash chain as :class:`AuditLog`, one row per entry.

Entries belong to the caller's transaction, so a refused command's entry commits on its own
while a failed one rolls back with everything else. Linking an entry into the chain must be
serialised (SQLite's single writer; on PostgreSQL an advisory transaction lock) or the chain
would fork; to hold that lock as briefly as possible, entries are linked and written just
before the transaction commits, after the case itself was written.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from safecase.core.audit import GENESIS, Action, AuditEntry, new_entry, verify_chain
from safecase.core.persistence.schema import AuditRow

__all__ = ["SqlAuditTrail"]

AUDIT_LOCK = 0x5AFEC4


class SqlAuditTrail:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._pending: list[dict[str, object]] = []
        event.listen(session, "before_commit", self._link_pending)

    def _head(self) -> tuple[int, str]:
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK})
        last = self.session.scalars(select(AuditRow).order_by(AuditRow.seq.desc()).limit(1)).first()
        return (last.seq, last.hash) if last else (0, GENESIS)

    def _link_pending(self, session: Session | None = None) -> None:
        if not self._pending:
            return
        seq, previous = self._head()
        for fields in self._pending:
            seq += 1
            entry = new_entry(seq, previous, **fields)
            data = entry.model_dump()
            data["failed_rules"], data["fields"] = list(entry.failed_rules), list(entry.fields)
            self.session.add(AuditRow(**data))
            previous = entry.hash
        self._pending.clear()
        self.session.flush()

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
        """Queue an entry; it is linked into the chain when the transaction commits.

        The returned entry is provisional (sequence 0): its place and hash are fixed at commit.
        """
        values: dict[str, object] = {
            "ts": ts,
            "org_id": org_id,
            "actor_person_id": actor_person_id,
            "acting_role": acting_role,
            "case_id": case_id,
            "object_type": object_type,
            "object_id": object_id,
            "action": action,
            "command": command,
            "outcome": outcome,
            "failed_rules": failed_rules,
            "fields": fields,
        }
        self._pending.append(values)
        return new_entry(0, GENESIS, **values)

    def __iter__(self) -> Iterator[AuditEntry]:
        self._link_pending()
        for row in self.session.scalars(select(AuditRow).order_by(AuditRow.seq)):
            yield AuditEntry.model_validate(
                {
                    **{c.key: getattr(row, c.key) for c in AuditRow.__table__.columns},
                    "failed_rules": tuple(row.failed_rules),
                    "fields": tuple(row.fields),
                }
            )

    def __len__(self) -> int:
        self._link_pending()
        return int(self.session.scalar(select(func.count()).select_from(AuditRow)) or 0)

    def verify(self) -> int | None:
        """``None`` when the stored chain is intact, else the first bad entry's number."""
        return verify_chain(iter(self))
