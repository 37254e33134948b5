"""Region R-AS: advisory shares and the pseudonymised packet an advisory group receives.

The packet holds only the whitelisted fields of DOMAIN.md §4.3. Pseudonyms are local to one
packet and the packet id is random (>= 96 bits), so neither can be linked back to the case (G12).
"""

from __future__ import annotations

import secrets
from datetime import datetime

from pydantic import Field

from safecase.core.people import new_id
from safecase.core.records import Record
from safecase.core.states import ShareState

__all__ = ["AdvisoryOpinion", "AdvisoryShare", "PacketPerson", "SharePacket", "new_packet_id"]


def new_packet_id() -> str:
    """``ADV-XXXX-XXXX-...``: 100 random bits in base32 groups."""
    raw = secrets.token_bytes(13)
    import base64

    text = base64.b32encode(raw).decode().rstrip("=")[:20]
    return "ADV-" + "-".join(text[i : i + 4] for i in range(0, 20, 4))


class PacketPerson(Record):
    pseudonym: str
    role: str
    age_band: str | None = None
    flags: tuple[str, ...] = ()
    generic_role: str | None = None


class SharePacket(Record):
    packet_id: str = Field(default_factory=new_packet_id)
    sharing_organisation: str
    question: str
    persons: tuple[PacketPerson, ...] = ()
    sport: str = "not stated"
    geography: str = "not stated"
    categories: tuple[str, ...] = ()
    summary: str = ""
    chronology: str = ""
    stage_history: tuple[str, ...] = ()
    referral_types: tuple[str, ...] = ()
    findings_summary: str = ""
    options_under_consideration: str = ""
    rule_set_excerpts: tuple[str, ...] = ()

    def texts(self) -> dict[str, str]:
        """Every free-text field by name, for the identifier scan (G12)."""
        fields: dict[str, str] = {
            "sharing_organisation": self.sharing_organisation,
            "question": self.question,
            "sport": self.sport,
            "geography": self.geography,
            "summary": self.summary,
            "chronology": self.chronology,
            "findings_summary": self.findings_summary,
            "options_under_consideration": self.options_under_consideration,
        }
        for i, person in enumerate(self.persons):
            fields[f"persons[{i}].pseudonym"] = person.pseudonym
            fields[f"persons[{i}].generic_role"] = person.generic_role or ""
        for i, line in enumerate(self.stage_history):
            fields[f"stage_history[{i}]"] = line
        return fields


class AdvisoryOpinion(Record):
    """Advice to the organisation — never a decision (G08)."""

    id: str = Field(default_factory=new_id)
    member_id: str
    text: str
    submitted_at: datetime
    label: str = "Advice to the organisation — not a decision"


class AdvisoryShare(Record):
    id: str = Field(default_factory=new_id)
    state: ShareState = ShareState.AS_DRAFT
    question: str
    started_at: datetime
    packet: SharePacket | None = None
    members: tuple[str, ...] = ()
    expires_at: datetime | None = None
    published_at: datetime | None = None
    ended_at: datetime | None = None
    key_destroyed: bool = False
    opinions: list[AdvisoryOpinion] = Field(default_factory=list)

    @property
    def live(self) -> bool:
        return self.state in {ShareState.AS_SHARED, ShareState.AS_ADVICE_RECEIVED}

    def readable(self, now: datetime) -> bool:
        return self.live and self.expires_at is not None and now < self.expires_at
