"""Region R-CS: consent records of the affected person (DOMAIN.md §1.8) and data sharing agreements.

Consent to the formal process and consent to advisory sharing are separate, time-stamped
and revocable; withdrawing one never deletes the record (G29/G32).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from safecase.core.people import new_id, sensitive
from safecase.core.records import Record
from safecase.core.ruleset import ConsentGiver

__all__ = ["ConsentPurpose", "ConsentRecord", "DataSharingAgreement"]


class ConsentPurpose(StrEnum):
    FORMAL_PROCESS = "FORMAL_PROCESS"
    ADVISORY_SHARE = "ADVISORY_SHARE"
    SHARE_WITH_OTHER_ORG = "SHARE_WITH_OTHER_ORG"


class ConsentRecord(Record):
    id: str = Field(default_factory=new_id)
    subject_person_id: str
    given_by: ConsentGiver
    given_by_person_id: str | None = None
    purpose: ConsentPurpose
    given_at: datetime
    method: str
    evidence_ref: str | None = None
    expires_at: datetime | None = None
    withdrawn_at: datetime | None = None
    child_views: str | None = sensitive(default=None)

    def active(self, now: datetime) -> bool:
        if self.withdrawn_at is not None and self.withdrawn_at <= now:
            return False
        return self.expires_at is None or now < self.expires_at


class DataSharingAgreement(Record):
    """G11: the organisation's agreement with an advisory service (e.g. CMSS)."""

    id: str = Field(default_factory=new_id)
    counterparty: str
    valid_from: datetime
    valid_to: datetime

    def active(self, now: datetime) -> bool:
        return self.valid_from <= now < self.valid_to
