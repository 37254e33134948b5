"""The organisation an instance serves: its identity, data sharing agreements and settings."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from safecase.core.consent import DataSharingAgreement

__all__ = ["Organisation"]


class Organisation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{1,62}$")
    name: str
    kind: str = "national governing body"
    size_band: str = "1-5k members"
    region: str = "not stated"
    data_sharing_agreements: list[DataSharingAgreement] = Field(default_factory=list)

    def active_dsa(self, now: datetime) -> DataSharingAgreement | None:
        return next((d for d in self.data_sharing_agreements if d.active(now)), None)
