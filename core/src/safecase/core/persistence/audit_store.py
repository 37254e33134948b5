"""The audit log in the database: the same hash chain as :class:`AuditLog`, one row per entry.

Entries belong to the caller's transaction, so a refused command's entry commits on its own
while a failed one rolls back with everything else. Linking an entry into the chain must be
serialised (SQLite's single writer; on PostgreSQL an advisory transaction lock) or the chain
would fork; to hold that lock as briefly as possible, entries are linked and written just
before the transaction commits, after the case itself was written.

Everything that does not depend on the place in the chain is done before the lock is taken:
pending ORM writes are flushed, and each entry's canonical body is built when it is appended.
Under the lock there is one round trip to take the lock and read the head (PostgreSQL, two
statements in one message: the head is read after the lock is granted), the hashes, and one
insert of every entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from safecase.core.audit import GENESIS, Action, AuditEntry, chain_hash, new_entry, verify_chain
from safecase.core.persistence.inserts import insert_rows
from safecase.core.persistence.schema import AuditRow

__all__ = ["SqlAuditTrail"]

AUDIT_LOCK = 0x5AFEC4
# Two statements in one message (simple query protocol, no parameters): under READ COMMITTED
# each takes its own snapshot, so the head is read only once the lock is held.
LOCK_AND_HEAD = (
    f"SELECT pg_advisory_xact_lock({AUDIT_LOCK:d}); "  # noqa: S608 - an integer constant
    "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"
)


class _Pending:
    """An entry waiting for its place: its row and its canonical body, without seq and hashes."""

    __slots__ = ("body", "row")

    def __init__(self, entry: AuditEntry) -> None:
        self.body = entry.body()
        self.row = entry.model_dump()
        self.row["failed_rules"], self.row["fields"] = list(entry.failed_rules), list(entry.fields)


class SqlAuditTrail:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._pending: list[_Pending] = []
        event.listen(session, "before_commit", self._link_pending)

    def _head(self) -> tuple[int, str]:
        if self.session.get_bind().dialect.name == "postgresql":
            cursor = self.session.connection().connection.cursor()
            try:
                cursor.execute(LOCK_AND_HEAD)
                cursor.nextset()
                last = cursor.fetchone()
            finally:
                cursor.close()
            return (int(last[0]), str(last[1])) if last else (0, GENESIS)
        row = self.session.execute(
            select(AuditRow.seq, AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)
        ).first()
        return (row.seq, row.hash) if row else (0, GENESIS)

    def _link_pending(self, session: Session | None = None) -> None:
        if not self._pending:
            return
        self.session.flush()  # whatever else this transaction writes, before the lock is taken
        seq, previous = self._head()
        rows = []
        for pending in self._pending:
            seq += 1
            # the body of ``new_entry(seq, previous, ...)``: only these two fields differ
            body = {**pending.body, "seq": seq, "prev_hash": previous}
            digest = chain_hash(body)
            rows.append({**pending.row, "seq": seq, "prev_hash": previous, "hash": digest})
            previous = digest
        self._pending.clear()
        insert_rows(self.session.connection(), ((AuditRow, row) for row in rows))

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

        The returned entry is provisional (sequence 0): its place and hash are fixed at commit,
        from the body built here.
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
        entry = new_entry(0, GENESIS, **values)
        self._pending.append(_Pending(entry))
        return entry

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
