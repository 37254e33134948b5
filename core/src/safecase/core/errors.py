"""Errors of safecase, each with a stable ``reason`` code.

A refused command raises :class:`CommandRefused` whose ``reason`` is the guard rule's refusal
code from DOMAIN.md §2 (``E_G01_INVESTIGATION_REQUIRED``); services put the same code into
``google.rpc.ErrorInfo.reason`` and the CLI prints the message. Messages are written for a case
manager and never carry sensitive content (names, narratives, contact details): only ids,
field names and rule ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "REFUSAL_MESSAGES",
    "CommandRefused",
    "FieldViolation",
    "InvalidArgument",
    "NotFound",
    "PluginConfigurationError",
    "RuleSetInvalid",
    "SafecaseError",
]


class SafecaseError(Exception):
    """Base of every error safecase raises on purpose; ``reason`` is machine-readable."""

    reason: str = "E_SAFECASE"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FieldViolation:
    """One bad field of a request, as gRPC ``BadRequest.FieldViolation`` will carry it."""

    field: str
    description: str


class InvalidArgument(SafecaseError):
    """The command itself is malformed (missing field, bad date): nothing was attempted."""

    reason = "E_INVALID_ARGUMENT"

    def __init__(self, violations: Sequence[FieldViolation]) -> None:
        self.violations = tuple(violations)
        text = "; ".join(f"{v.field}: {v.description}" for v in self.violations)
        super().__init__(f"invalid input: {text}")


class NotFound(SafecaseError):
    """Unknown id or receipt code; worded the same whether or not the object exists."""

    reason = "E_NOT_FOUND"

    def __init__(self, kind: str) -> None:
        super().__init__(f"no {kind} found with that reference")


class RuleSetInvalid(SafecaseError):
    reason = "E_RULE_SET_INVALID"


class PluginConfigurationError(SafecaseError):
    reason = "E_PLUGIN_CONFIGURATION"


# One message per refusal code, in a case manager's words. Guards may add a short detail
# (ids, field names, dates) but never case content.
REFUSAL_MESSAGES: dict[str, str] = {
    "E_NO_TRANSITION": "this step is not available while the case is in its current state",
    "E_NO_RESPONDENT": "the case has no respondent in scope, so respondent steps do not apply",
    "E_G01_INVESTIGATION_REQUIRED": (
        "a risk assessment needs a submitted investigation report concluding C1, C2 or C3 first"
    ),
    "E_G01_RISK_ASSESSMENT_INCOMPLETE": (
        "the case needs a complete risk assessment, finished after the investigation report"
    ),
    "E_G02_DISCLOSURE_NOT_CONVERTED": (
        "this is a disclosure: it needs the person's consent to a formal process, "
        "or a mandatory-reporting override, before formal steps"
    ),
    "E_G03_OVERRIDE_INVALID": (
        "the mandatory-reporting override needs a reason of 50+ characters, a legal basis from "
        "the rule set, the DSL's authority, and whether the person was told"
    ),
    "E_G03_MR_NOT_ASSESSED": "record whether a mandatory-reporting duty applies before closing",
    "E_G04_AGENCY_HOLD": (
        "a statutory agency holds this case: this step needs the agency's consent for its scope"
    ),
    "E_G05_APPEAL_PANEL_NOT_INDEPENDENT": (
        "the appeal panel includes someone already involved in the case"
    ),
    "E_G06_APPEAL_OUT_OF_TIME": "the appeal window for this party has closed",
    "E_G06_NOT_ENTITLED": "this party may not appeal under the rule set",
    "E_G06_NO_FURTHER_APPEAL": "no further internal appeal is available",
    "E_G06_WINDOW_STILL_OPEN": "a party's appeal window is still open",
    "E_G07_RATIONALE_MISSING": "a decision must record its rationale, decision-makers and date",
    "E_G07_STANDARD_OF_PROOF": "the decision must apply the rule set's standard of proof",
    "E_G08_ADVISORY_NOT_DECISION": (
        "advisory members give advice; decisions stay with the organisation"
    ),
    "E_G09_REVIEW_DATE_REQUIRED": (
        "an interim measure needs a reason, authority, review date and notification plan"
    ),
    "E_G09_REVIEW_INTERVAL_TOO_LONG": "the next review is later than the rule set allows",
    "E_G09_REVIEW_OVERDUE": "the interim measure's review is overdue: review it first",
    "E_G09_MEASURE_TYPE_NOT_ALLOWED": "the rule set does not provide that interim measure",
    "E_G09_REVIEW_BACKDATED": "a review is recorded when it is held: no backdating or future dates",
    "E_G10_CONFLICT_OF_INTEREST": "this person has a conflict of interest with a party",
    "E_G10_DECLARATION_MISSING": "this person has not signed a conflict-of-interest declaration",
    "E_G11_NO_DSA": "there is no active data sharing agreement with the advisory service",
    "E_G11_NO_CONSENT": "sharing with the advisory group needs active consent",
    "E_G11_SHARE_TERMS": "the share's members or expiry are outside what the rules allow",
    "E_G12_IDENTIFIER_IN_PACKET": "the advisory packet still contains a direct identifier",
    "E_G13_MINOR_RESPONDENT": "the respondent is a child: the extra protections must be in place",
    "E_G14_ANONYMITY": "this step would break a reporter's anonymity or is not allowed anonymously",
    "E_G14_THROTTLED": "too many failed receipt look-ups; try again later",
    "E_G15_SHARE_REVOKED": "this advisory share was revoked or has expired",
    "E_G15_EXPORT_FORBIDDEN": "advisory material cannot be exported",
    "E_G16_MERGE_NOT_ALLOWED": "this case cannot be merged",
    "E_G17_STATUTORY_REFERRAL_OUTSTANDING": (
        "a statutory referral the rules require has not been made or recorded"
    ),
    "E_G18_EXCLUSIVE_JURISDICTION": "an external body has exclusive jurisdiction over this case",
    "E_G18_OUT_OF_SCOPE": "this category does not apply to conduct before the framework began",
    "E_G19_SEVERITY_TOO_HIGH": "informal resolution is only for low-severity matters",
    "E_G19_MEDIATION_NOT_PERMITTED": "mediation is not permitted here",
    "E_G20_INTERNAL_ASSESSMENT_REQUIRED": (
        "after an agency outcome the organisation must record its own assessment"
    ),
    "E_G21_ROLE_SEPARATION": "this person already holds a role on the case that excludes this one",
    "E_G22_CMG_QUORUM": (
        "the case management group decision needs a quorum with an independent "
        "child-protection expert and a recorded vote"
    ),
    "E_G23_REPORT_INCOMPLETE": "the investigation report is incomplete",
    "E_G24_NOTICE_PERIOD": "the respondent's notice period has not yet elapsed",
    "E_G25_CHILD_PROTECTION_AT_HEARING": "a child taking part needs the protections for children",
    "E_G26_PANEL_COMPOSITION": "the panel does not meet the rule set's composition",
    "E_G27_NO_GROUNDS": "an appeal needs grounds from the rule set and a statement",
    "E_G28_ACCESS_DENIED": "you do not have access to this",
    "E_G29_WITHDRAWAL_DECISION_REQUIRED": (
        "the complainant withdrew: decide to continue under override or close first"
    ),
    "E_G30_REOPEN_REASON": "reopening needs a reason and new information received after closure",
    "E_G32_RETENTION_NOT_EXPIRED": "the retention period has not expired",
    "E_G32_LEGAL_HOLD": "a legal hold prevents deletion",
    "E_G33_SCREENING_HOLD": "the screening check needs manual review before activation",
    "E_G33_ACTIVE_SANCTION": "the person has an active sanction or measure covering this role",
    "E_G33_RESOLUTION_REASON": "a screening resolution needs a reason of 30+ characters",
    "E_G34_NO_DECISION": "sanctions come only from a decision",
    "E_G35_CLOSURE_PRECONDITION": "the case cannot be closed yet",
    "E_G36_OWNER_REQUIRED": "the case must have exactly one case owner",
    "E_G37_NOTICE_CONTENT": "the notice would include content that must not reach the respondent",
    "E_G38_SANCTION_NOT_ALLOWED": "that sanction is not available under the rule set",
    "E_G40_RETURN_RISK_ASSESSMENT": "returning to a role needs a return-to-sport risk assessment",
}


class CommandRefused(SafecaseError):
    """A guard rule refused the command; the case is exactly as it was.

    ``reason`` is the first failing rule's refusal code (DOMAIN.md §1.1 evaluation order);
    ``failed`` lists every failing code, which the audit entry records.
    """

    def __init__(self, reason: str, detail: str = "", failed: Sequence[str] = ()) -> None:
        self.reason = reason
        self.detail = detail
        self.failed = tuple(failed) or (reason,)
        base = REFUSAL_MESSAGES.get(_base_code(reason), reason)
        super().__init__(f"{base} ({detail})" if detail else base)

    @property
    def rule(self) -> str | None:
        """The guard rule id (``G01``) or ``None`` for generic codes."""
        part = self.reason.split("_")[1] if self.reason.count("_") >= 1 else ""
        return part if part.startswith("G") and part[1:].isdigit() else None


def _base_code(code: str) -> str:
    return code.split("(")[0]


class ConcurrencyConflict(SafecaseError):
    """Someone else changed the case since it was read; nothing was written."""

    reason = "E_CONFLICT"

    def __init__(self, case_id: str, expected: int) -> None:
        super().__init__(
            f"case {case_id} was changed by someone else since version {expected} was read; "
            "reload it and try again"
        )


class CaseErased(SafecaseError):
    """The case's data key was destroyed: its content can never be read again."""

    reason = "E_ERASED"

    def __init__(self, case_id: str) -> None:
        super().__init__(f"case {case_id} was erased; only its metadata remains")


class DatabaseProblem(SafecaseError):
    """The database is missing, corrupted, foreign or behind; the message names the fix."""

    reason = "E_DATABASE"
