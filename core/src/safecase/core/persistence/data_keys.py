"""Per-owner data keys of one bounded context: created, unwrapped once per session, destroyed.

Each context keeps its keys in its own table (``data_keys`` for cases and people,
``hearing_data_keys`` for the sanction registry), wrapped by the organisation key; destroying a
key crypto-shreds everything sealed under it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import cast

from sqlalchemy.orm import Session

from safecase.core.crypto import DataKey, OrganisationKey
from safecase.core.persistence.schema import DataKeyRow, HearingDataKeyRow

__all__ = ["DataKeys"]

KeyRow = type[DataKeyRow] | type[HearingDataKeyRow]


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
            self._cache[owner_id] = self.organisation_key.unwrap(row.wrapped)
        return self._cache[owner_id]

    def destroy(self, owner_id: str) -> bool:
        """Delete the wrapped key (crypto-shredding); ``False`` if there was none."""
        self._cache.pop(owner_id, None)
        row = self.session.get(self.table, owner_id)
        if row is None:
            return False
        self.session.delete(row)
        return True
