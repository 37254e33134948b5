"""Rules on ending a case: informal resolution (G19), withdrawal (G29), reopening (G30),
retention (G32), closure preconditions (G35)."""

from __future__ import annotations

from safecase.core.case import PartyRole
from safecase.core.commands import Reopen, ResolveInformally, WithdrawReport
from safecase.core.guards.context import GuardContext, Refusal, long_enough, rule
from safecase.core.states import CaseState, ReferralStatus

# The commands open to the DSL while a withdrawal decision is pending (G29).
WITHDRAWAL_DECISIONS = frozenset({"continue_under_override", "withdraw_and_close"})
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
    if any(r.status in {ReferralStatus.DUE, ReferralStatus.AGENCY_ACTIVE} for r in case.referrals):
        return Refusal("E_G19_SEVERITY_TOO_HIGH", "a statutory referral is open")
    if command.mediation:
        if not informal.mediation_allowed or not command.complainant_agreed_to_mediate:
            return Refusal("E_G19_MEDIATION_NOT_PERMITTED")
        child_complainant = any(
            p.person_id in ctx.people
            and ctx.people.get(p.person_id).is_minor(ctx.now.date(), rule_set.age_of_majority)
            for p in case.parties_in(PartyRole.COMPLAINANT)
        )
        trusted_adult = any(p.position_of_trust for p in case.parties_in(PartyRole.RESPONDENT))
        if child_complainant and trusted_adult:
            return Refusal(
                "E_G19_MEDIATION_NOT_PERMITTED", "child and adult in a position of trust"
            )
    return None


@rule("G29")
def withdrawal_needs_a_decision(ctx: GuardContext) -> Refusal | None:
    case, command, name = ctx.case, ctx.command, ctx.step.command
    refused = "E_G29_WITHDRAWAL_DECISION_REQUIRED"
    if isinstance(command, WithdrawReport) and protective_withdrawal(ctx):
        return Refusal(refused, "continue under override or close with a safeguarding rationale")
    if case.withdrawal_pending and name not in WITHDRAWAL_DECISIONS:
        return Refusal(refused)
    return None


def pending_withdrawal(ctx: GuardContext) -> Refusal | None:
    """G29 for every DSL command while the decision is pending (not only the listed steps)."""
    if ctx.case.withdrawal_pending and ctx.step.command not in WITHDRAWAL_DECISIONS | {
        "withdraw_consent",
        "record_consent",
        "sign_coi_declaration",
        "place_legal_hold",
        "break_glass_read",
    }:
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
    return None


@rule("G32")
def retention_has_expired(ctx: GuardContext) -> Refusal | None:
    case = ctx.case
    if ctx.step.command != "delete_case_data":
        return None
    if case.legal_hold:
        return Refusal("E_G32_LEGAL_HOLD")
    until = ctx.plugins.retention_until(case)
    if until is None or ctx.now < until:
        return Refusal(
            "E_G32_RETENTION_NOT_EXPIRED", f"kept until {until:%Y-%m-%d}" if until else ""
        )
    return None


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
