"""Region R-AG: statutory agency referrals, their consents and releases (DOMAIN.md §1.6, G04, G17).

Consent from an agency is per scope, never a blanket release; an active hold (G04) pauses
every respondent-facing and internal step that has no consent for its scope.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from safecase.core.people import new_id, sensitive
from safecase.core.records import Record
from safecase.core.states import ReferralStatus

__all__ = [
    "AgencyConsent",
    "AgencyRelease",
    "ConsentScope",
    "MandatoryReportingOverride",
    "Referral",
    "ReleaseType",
]


class ConsentScope(StrEnum):
    CONTACT_RESPONDENT = "CONTACT_RESPONDENT"
    INTERNAL_INVESTIGATION = "INTERNAL_INVESTIGATION"
    INTERIM_MEASURES = "INTERIM_MEASURES"
    DISCIPLINARY_ACTION = "DISCIPLINARY_ACTION"
    SHARE_WITH_ADVISORY = "SHARE_WITH_ADVISORY"
    TRANSFER_TO_EXTERNAL_BODY = "TRANSFER_TO_EXTERNAL_BODY"


class ReleaseType(StrEnum):
    PASSED_BACK = "PASSED_BACK"
    CONCLUDED = "CONCLUDED"
    NO_FURTHER_ACTION = "NO_FURTHER_ACTION"


class AgencyConsent(Record):
    id: str = Field(default_factory=new_id)
    scopes: frozenset[ConsentScope]
    officer: str = sensitive()
    method: str
    note: str = sensitive()
    given_at: datetime
    limited_to_templates: tuple[str, ...] = ()


class AgencyRelease(Record):
    id: str = Field(default_factory=new_id)
    type: ReleaseType
    officer: str = sensitive()
    released_at: datetime
    outcome_text: str = sensitive(default="")


class Referral(Record):
    id: str = Field(default_factory=new_id)
    check_id: str | None = None
    agency: str
    status: ReferralStatus = ReferralStatus.DUE
    deadline_at: datetime | None = None
    made_at: datetime | None = None
    made_by: str | None = None
    reference: str | None = sensitive(default=None)
    officer: str | None = sensitive(default=None)
    hold_requested: bool = False
    after_sanction: bool = False
    consents: list[AgencyConsent] = Field(default_factory=list)
    release: AgencyRelease | None = None
    not_required_reason: str | None = sensitive(default=None)

    @property
    def holding(self) -> bool:
        """Whether this referral holds the case (G04)."""
        return self.hold_requested and self.status in {
            ReferralStatus.MADE,
            ReferralStatus.AGENCY_ACTIVE,
            ReferralStatus.CONSENT_TO_PARALLEL,
        }

    @property
    def satisfied(self) -> bool:
        """Made, or consulted and recorded as not required (G17)."""
        return self.status is not ReferralStatus.DUE

    def consents_to(self, scope: ConsentScope, template: str | None = None) -> bool:
        return any(
            scope in c.scopes
            and (
                template is None or not c.limited_to_templates or template in c.limited_to_templates
            )
            for c in self.consents
        )


class MandatoryReportingOverride(Record):
    """G03: the explicit record that lets a disclosure proceed without consent."""

    id: str = Field(default_factory=new_id)
    reason: str = sensitive()
    legal_basis: str
    authorised_by: str
    recorded_at: datetime
    complainant_informed_at: datetime | None = None
    complainant_not_informed_reason: str | None = sensitive(default=None)
