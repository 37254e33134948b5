"""Per-owner data keys of one bounded context: created, unwrapped once per session, destroyed,
and re-wrapped when the organisation key is rotated.

Each context keeps its keys in its own table (``data_keys`` for cases and people,
``hearing_data_keys`` for the sanction registry), wrapped by the organisation key; destroying a
key crypto-shreds everything sealed under it. Each row names the organisation key that wrapped
it (``organisation_key_id``), so a rotation that stopped half-way shows in the table itself and
every row is unwrapped with the right key in the meantime.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from safecase.core.crypto import DataKey, OrganisationKey
from safecase.core.persistence.schema import DataKeyRow, HearingDataKeyRow

__all__ = ["KEY_TABLES", "DataKeys", "count_by_organisation_key", "rewrap_batch"]

KeyRow = type[DataKeyRow] | type[HearingDataKeyRow]

# The data-key table of each bounded context (named as in ``migrate.CONTEXTS``).
KEY_TABLES: dict[str, KeyRow] = {"case": DataKeyRow, "hearing": HearingDataKeyRow}


class DataKeys:
    def __init__(self, session: Session, organisation_key: OrganisationKey, table: KeyRow) -> None:
        self.session = session
        self.organisation_key = organisation_key
        self.table = table
        self._cache: dict[str, DataKey] = {}

    def new(self, owner_id: str, kind: str, at: datetime | None = None) -> DataKey:
        """A fresh key for ``owner_id``, stored wrapped in this context's table."""
        key = DataKey.generate()
        self.session.add(
            self.table(
                owner_id=owner_id,
                owner_kind=kind,
                organisation_key_id=self.organisation_key.key_id,
                wrapped=self.organisation_key.wrap(key),
                created_at=at or datetime.now(UTC),
            )
        )
        self._cache[owner_id] = key
        return key

    def get(self, owner_id: str) -> DataKey | None:
        """The owner's key, or ``None`` once it was destroyed (or never existed)."""
        if owner_id not in self._cache:
            row = cast(
                "DataKeyRow | HearingDataKeyRow | None", self.session.get(self.table, owner_id)
            )
            if row is None:
                return None
            self._cache[owner_id] = self.organisation_key.unwrap(
                row.wrapped, row.organisation_key_id
            )
        return self._cache[owner_id]

    def destroy(self, owner_id: str) -> bool:
        """Delete the wrapped key (crypto-shredding); ``False`` if there was none."""
        self._cache.pop(owner_id, None)
        row = self.session.get(self.table, owner_id)
        if row is None:
            return False
        self.session.delete(row)
        return True


def count_by_organisation_key(session: Session, table: KeyRow) -> dict[str, int]:
    """How many data keys of ``table`` each organisation key wraps."""
    query = select(table.organisation_key_id, func.count()).group_by(table.organisation_key_id)
    return {key_id: int(count) for key_id, count in session.execute(query)}


def rewrap_batch(session: Session, table: KeyRow, target: OrganisationKey, limit: int) -> int:
    """Re-wrap up to ``limit`` data keys not yet wrapped by ``target``; how many were.

    Only the wrapped data keys change: each is unwrapped with the key that wrapped it (found
    by ``target`` among its predecessors) and wrapped again by ``target``. Nothing sealed under
    a data key is opened. The rows are locked until the caller's transaction ends, so a
    concurrent erasure waits rather than racing the re-wrap.
    """
    rows = cast(
        "Sequence[DataKeyRow | HearingDataKeyRow]",
        session.scalars(
            select(table)
            .where(table.organisation_key_id != target.key_id)
            .order_by(table.owner_id)
            .limit(limit)
            .with_for_update()
        ).all(),
    )
    for row in rows:
        data_key = target.unwrap(row.wrapped, row.organisation_key_id)
        row.wrapped = target.wrap(data_key)
        row.organisation_key_id = target.key_id
    session.flush()
    return len(rows)
