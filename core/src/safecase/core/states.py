"""The states of a case (DOMAIN.md §1.2) and of its four regions (§1.5-§1.8), and the roles.

States are adjectives or participles; the numbers are DOMAIN.md's, which rules quote
("states 2-18"), so :data:`STATE_NUMBER` keeps them in one place.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "ACTIVE_STATES",
    "STATE_NUMBER",
    "CaseState",
    "ClosureReason",
    "InterimState",
    "ReferralStatus",
    "Role",
    "ShareState",
    "states_between",
]


class CaseState(StrEnum):
    RECEIVED_DISCLOSURE = "RECEIVED_DISCLOSURE"
    RECEIVED_REPORT = "RECEIVED_REPORT"
    TRIAGED = "TRIAGED"
    AGENCY_HOLD = "AGENCY_HOLD"
    TRANSFERRED_OUT = "TRANSFERRED_OUT"
    INFORMAL_RESOLUTION = "INFORMAL_RESOLUTION"
    UNDER_INVESTIGATION = "UNDER_INVESTIGATION"
    INVESTIGATION_CONCLUDED = "INVESTIGATION_CONCLUDED"
    RISK_ASSESSMENT = "RISK_ASSESSMENT"
    HEARING_PENDING = "HEARING_PENDING"
    DISCIPLINARY_HEARING = "DISCIPLINARY_HEARING"
    DECISION_ISSUED = "DECISION_ISSUED"
    APPEAL_WINDOW_OPEN = "APPEAL_WINDOW_OPEN"
    APPEAL_LODGED = "APPEAL_LODGED"
    APPEAL_HEARING = "APPEAL_HEARING"
    APPEAL_DECIDED = "APPEAL_DECIDED"
    SANCTION_IN_FORCE = "SANCTION_IN_FORCE"
    MONITORING = "MONITORING"
    CLOSED = "CLOSED"
    NFA = "NFA"
    MERGED = "MERGED"


STATE_NUMBER: dict[CaseState, int] = {state: n for n, state in enumerate(CaseState, start=1)}


def states_between(first: int, last: int) -> frozenset[CaseState]:
    """States numbered ``first..last`` inclusive, as DOMAIN.md writes "states 2-18"."""
    return frozenset(s for s, n in STATE_NUMBER.items() if first <= n <= last)


ACTIVE_STATES = states_between(2, 18)
TERMINAL_STATES = frozenset({CaseState.CLOSED, CaseState.NFA, CaseState.MERGED})


class ClosureReason(StrEnum):
    DISCLOSURE_ONLY = "DISCLOSURE_ONLY"
    RESOLVED_INFORMALLY = "RESOLVED_INFORMALLY"
    NO_BREACH = "NO_BREACH"
    SANCTION_COMPLETED = "SANCTION_COMPLETED"
    PERMANENT_SANCTION_RECORDED = "PERMANENT_SANCTION_RECORDED"
    WITHDRAWN = "WITHDRAWN"
    TRANSFERRED_CONCLUDED = "TRANSFERRED_CONCLUDED"


class InterimState(StrEnum):
    """R-IM per measure; ``IM_OVERDUE`` is derived from the review date, never stored."""

    IM_IN_FORCE = "IM_IN_FORCE"
    IM_LIFTED = "IM_LIFTED"
    IM_SUPERSEDED = "IM_SUPERSEDED"
    IM_LAPSED = "IM_LAPSED"


class ReferralStatus(StrEnum):
    DUE = "DUE"
    MADE = "MADE"
    AGENCY_ACTIVE = "AGENCY_ACTIVE"
    CONSENT_TO_PARALLEL = "CONSENT_TO_PARALLEL"
    PASSED_BACK = "PASSED_BACK"
    CONCLUDED = "CONCLUDED"
    NO_ACTION_BY_AGENCY = "NO_ACTION_BY_AGENCY"
    CONSULTED_NOT_REQUIRED = "CONSULTED_NOT_REQUIRED"


class ShareState(StrEnum):
    AS_DRAFT = "AS_DRAFT"
    AS_SHARED = "AS_SHARED"
    AS_ADVICE_RECEIVED = "AS_ADVICE_RECEIVED"
    AS_REVOKED = "AS_REVOKED"
    AS_EXPIRED = "AS_EXPIRED"


class Role(StrEnum):
    """The roles of DOMAIN.md §4.1; ``SYS`` is the system's own timers."""

    INTAKE = "INTAKE"
    DSL = "DSL"
    INV = "INV"
    RA = "RA"
    CMG = "CMG"
    PANEL = "PANEL"
    PCH = "PCH"
    APANEL = "APANEL"
    ACH = "ACH"
    ADV = "ADV"
    ADMIN = "ADMIN"
    AUD = "AUD"
    COMP = "COMP"
    RESP = "RESP"
    REP3 = "REP3"
    SYS = "SYS"
