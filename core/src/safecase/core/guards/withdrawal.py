"""Rules on ending a case: informal resolution (G19), withdrawal (G29), reopening (G30),
retention (G32), closure preconditions (G35)."""

from __future__ import annotations

from datetime import datetime

from dateutil.relativedelta import relativedelta

from safecase.core.case import PartyRole
from safecase.core.commands import Reopen, ResolveInformally, WithdrawAndClose, WithdrawReport
from safecase.core.guards.context import GuardContext, Refusal, long_enough, rule
from safecase.core.states import CaseState, ClosureReason, ReferralStatus

# The commands open to the DSL while a withdrawal decision is pending (G29).
WITHDRAWAL_DECISIONS = frozenset({"continue_under_override", "withdraw_and_close"})
# Commands still allowed while the decision is pending: they record the complainant's wishes,
# protect people or preserve the record, so holding them back would only add risk. G29 itself
# asks for interim measures to be reviewed within the decision period; G15 revocations and
# expiries must never wait; a legal hold or break-glass read changes nothing in the case.
ALLOWED_WHILE_PENDING = WITHDRAWAL_DECISIONS | {
    "withdraw_consent",
    "record_consent",
    "sign_coi_declaration",
    "place_legal_hold",
    "break_glass_read",
    "revoke_share",
    "expire_share",
    "review_interim_measure",
    "lift_interim_measure",
    "interim_review_overdue",
}
# Referral states in which the agency is still involved: informal resolution waits (G19). A
# referral that holds the case counts too: the agency asked the organisation to pause.
OPEN_REFERRAL = frozenset({ReferralStatus.DUE, ReferralStatus.AGENCY_ACTIVE})
# Steps that lift interim measures themselves on the way to closure (I5).
AUTO_LIFTING = frozenset({"T33", "T37", "T23", "T14"})


def protective_withdrawal(ctx: GuardContext) -> bool:
    """G29: a child, a statutory check answered yes, or a C1/C2 conclusion."""
    case = ctx.case
    answered = case.triage.statutory_answers.values() if case.triage else ()
    report = case.investigation.report if case.investigation else None
    return case.child_involved or any(answered) or bool(report and report.conclusion.harm_or_crime)


@rule("G19")
def informal_resolution_is_for_low_severity(ctx: GuardContext) -> Refusal | None:
    command, case, rule_set = ctx.command, ctx.case, ctx.rule_set
    if not isinstance(command, ResolveInformally):
        return None
    informal = rule_set.informal_resolution
    if case.severity not in informal.allowed_severities:
        return Refusal(
            "E_G19_SEVERITY_TOO_HIGH", f"allowed for {', '.join(informal.allowed_severities)}"
        )
    report = case.investigation.report if case.investigation else None
    if report is not None and report.conclusion.harm_or_crime:
        return Refusal("E_G19_SEVERITY_TOO_HIGH", "not after a C1/C2 conclusion")
    if any(r.status in OPEN_REFERRAL or r.holding for r in case.referrals):
        return Refusal("E_G19_SEVERITY_TOO_HIGH", "a statutory referral is open")
    if command.mediation:
        if not informal.mediation_allowed or not command.complainant_agreed_to_mediate:
            return Refusal("E_G19_MEDIATION_NOT_PERMITTED")
        child_complainant = any(
            _minor(ctx, p.person_id) for p in case.parties_in(PartyRole.COMPLAINANT)
        )
        # Only an *adult* in a position of trust: mediation between two young people (a peer
        # who is, say, a junior helper) stays possible. A respondent of unknown age counts as
        # an adult, the safer reading.
        trusted_adult = any(
            p.position_of_trust and not _minor(ctx, p.person_id)
            for p in case.parties_in(PartyRole.RESPONDENT)
        )
        if child_complainant and trusted_adult:
            return Refusal(
                "E_G19_MEDIATION_NOT_PERMITTED", "child and adult in a position of trust"
            )
    return None


def _minor(ctx: GuardContext, person_id: str) -> bool:
    if person_id not in ctx.people:
        return False
    return ctx.people.get(person_id).is_minor(ctx.now.date(), ctx.rule_set.age_of_majority)


@rule("G29")
def withdrawal_needs_a_decision(ctx: GuardContext) -> Refusal | None:
    """A withdrawal on a case where someone may remain at risk is a decision, not a formality.

    ``withdraw_report`` cannot simply close such a case; closing it (T46) needs the DSL's
    safeguarding rationale (100+ characters) saying why no one remains at risk; and while the
    decision is pending nothing else moves the case on.
    """
    command = ctx.command
    refused = "E_G29_WITHDRAWAL_DECISION_REQUIRED"
    if isinstance(command, WithdrawReport) and protective_withdrawal(ctx):
        return Refusal(refused, "continue under override or close with a safeguarding rationale")
    if (
        isinstance(command, WithdrawAndClose)
        and protective_withdrawal(ctx)
        and not long_enough(command.rationale, 100)
    ):
        return Refusal(refused, "closing needs a safeguarding rationale of 100+ characters")
    return pending_withdrawal(ctx)


def pending_withdrawal(ctx: GuardContext) -> Refusal | None:
    """G29 for every command while the decision is pending (not only the listed steps)."""
    if ctx.case.withdrawal_pending and ctx.step.command not in ALLOWED_WHILE_PENDING:
        return Refusal("E_G29_WITHDRAWAL_DECISION_REQUIRED")
    return None


@rule("G30")
def reopening_needs_new_information(ctx: GuardContext) -> Refusal | None:
    command, case = ctx.command, ctx.case
    if not isinstance(command, Reopen):
        return None
    if not long_enough(command.reason, 50):
        return Refusal("E_G30_REOPEN_REASON", "a reason of 50+ characters is required")
    if command.appeal_remittal_external:
        return None
    closed_at = next((h.at for h in reversed(case.history) if h.to_state is case.state), None)
    received = command.new_information_received_at
    if not command.new_information_ref or received is None or (closed_at and received <= closed_at):
        return Refusal("E_G30_REOPEN_REASON", "cite new information received after closure")
    if received > ctx.now:
        return Refusal("E_G30_REOPEN_REASON", "new information cannot be received in the future")
    return None


@rule("G32")
def retention_has_expired(ctx: GuardContext) -> Refusal | None:
    case = ctx.case
    if ctx.step.command != "delete_case_data":
        return None
    if case.legal_hold:
        return Refusal("E_G32_LEGAL_HOLD")
    until = ctx.plugins.retention_until(case)
    pension = _respondent_pension_date(ctx)
    if until is not None and pension is not None:
        until = max(until, pension)
    if until is None or ctx.now < until:
        return Refusal(
            "E_G32_RETENTION_NOT_EXPIRED", f"kept until {until:%Y-%m-%d}" if until else ""
        )
    return None


def _respondent_pension_date(ctx: GuardContext) -> datetime | None:
    """The pension-age limb of G32: an allegation is kept until the respondent's normal pension
    age if that is later than ``allegation_years`` after it (NSCB; NEU). The retention hook
    sees no person registry, so the guard adds this limb; it never shortens retention."""
    case = ctx.case
    if case.closure_reason is ClosureReason.DISCLOSURE_ONLY:
        return None
    years = relativedelta(years=ctx.rule_set.retention.pension_age)
    dates = [
        ctx.people.get(p.person_id).date_of_birth
        for p in case.parties_in(PartyRole.RESPONDENT)
        if p.person_id in ctx.people
    ]
    pension = [ctx.calendar.end_of_day(dob + years) for dob in dates if dob is not None]
    return max(pension, default=None)


@rule("G35")
def closure_preconditions(ctx: GuardContext) -> Refusal | None:
    case, step = ctx.case, ctx.step
    if step.target is not CaseState.CLOSED:
        return None
    missing: list[str] = []
    if case.interim_in_force() and step.id not in AUTO_LIFTING:
        missing.append("interim measures in force")
    if any(r.status is ReferralStatus.DUE and not r.after_sanction for r in case.referrals):
        missing.append("referral due")
    decision = case.latest_decision()
    if decision is not None and not decision.notified_at and not case.agency_hold_active():
        missing.append("parties not notified of the outcome")
    if step.closure is None:
        missing.append("closure reason")
    return Refusal("E_G35_CLOSURE_PRECONDITION", ", ".join(missing)) if missing else None
