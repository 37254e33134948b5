"""Screenings (G33) and the DSL's resolutions of them, stored in the hearing context.

A screening result holds ids and kinds of match only, so it is stored as it is. A resolution
says why a person may or may not work with children: its reason is sealed under the
resolution's own data key in ``hearing_data_keys``, like a registry entry's names. Resolutions
are never changed: a later one for the same entries supersedes an earlier one
(:func:`screening.outcome_after` takes the latest), and both stay on the record.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from safecase.core.crypto import OrganisationKey
from safecase.core.persistence.data_keys import DataKeys
from safecase.core.persistence.schema import (
    HearingDataKeyRow,
    ScreeningResolutionRow,
    ScreeningResultRow,
)
from safecase.core.persistence.sealing import seal, unseal
from safecase.core.registry import SportRole
from safecase.core.screening import ScreeningHit, ScreeningResolution, ScreeningResult

__all__ = ["RESOLUTION_KEY_KIND", "ScreeningStore"]

RESOLUTION_KEY_KIND = "screening"


class ScreeningStore:
    """The screenings of one organisation, within one session (one transaction)."""

    def __init__(
        self, session: Session, organisation_key: OrganisationKey, organisation_id: str
    ) -> None:
        self.session = session
        self.organisation_id = organisation_id
        self.keys = DataKeys(session, organisation_key, HearingDataKeyRow)

    def record(self, result: ScreeningResult) -> None:
        self.session.add(
            ScreeningResultRow(
                id=result.id,
                organisation_id=self.organisation_id,
                person_id=result.person_id,
                role=result.role.value,
                screened_at=result.screened_at,
                hits=[hit.model_dump(mode="json") for hit in result.hits],
            )
        )
        self.session.flush()

    def get(self, result_id: str) -> ScreeningResult | None:
        row = self.session.get(ScreeningResultRow, result_id)
        if row is None or row.organisation_id != self.organisation_id:
            return None
        return ScreeningResult(
            id=row.id,
            person_id=row.person_id,
            role=SportRole(row.role),
            screened_at=row.screened_at,
            hits=tuple(ScreeningHit.model_validate(hit) for hit in row.hits),
        )

    def resolve(
        self, result_id: str, resolution: ScreeningResolution, request_id: str | None = None
    ) -> None:
        """Store the DSL's ``resolution`` of screening ``result_id`` (already checked, G33)."""
        key = self.keys.new(resolution.id, RESOLUTION_KEY_KIND, resolution.resolved_at)
        self.session.add(
            ScreeningResolutionRow(
                id=resolution.id,
                organisation_id=self.organisation_id,
                screening_result_id=result_id,
                person_id=resolution.person_id,
                request_id=request_id,
                document=seal(resolution, key, resolution.id),
                resolved_at=resolution.resolved_at,
            )
        )
        self.session.flush()

    def resolutions(
        self, *, person_id: str | None = None, result_id: str | None = None
    ) -> list[ScreeningResolution]:
        """The resolutions of a person's screenings, or of one screening, oldest first."""
        query = select(ScreeningResolutionRow).where(
            ScreeningResolutionRow.organisation_id == self.organisation_id
        )
        if person_id is not None:
            query = query.where(ScreeningResolutionRow.person_id == person_id)
        if result_id is not None:
            query = query.where(ScreeningResolutionRow.screening_result_id == result_id)
        rows = self.session.scalars(query.order_by(ScreeningResolutionRow.resolved_at))
        return [found for row in rows if (found := self._resolution(row)) is not None]

    def replayed(self, request_id: str) -> tuple[str, ScreeningResolution] | None:
        """(screening id, resolution) of a resolving request already applied (AIP-155)."""
        row = self.session.scalars(
            select(ScreeningResolutionRow).where(
                ScreeningResolutionRow.organisation_id == self.organisation_id,
                ScreeningResolutionRow.request_id == request_id,
            )
        ).first()
        found = self._resolution(row) if row is not None else None
        return (row.screening_result_id, found) if row is not None and found else None

    def _resolution(self, row: ScreeningResolutionRow) -> ScreeningResolution | None:
        key = self.keys.get(row.id)
        if key is None:  # crypto-shredded
            return None
        return ScreeningResolution.model_validate(unseal(row.document, key, row.id))
