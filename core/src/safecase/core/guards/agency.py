"""Rules on statutory agencies: no tipping-off during a hold (G04), referral duties (G17),
the organisation's own assessment after an agency outcome (G20)."""

from __future__ import annotations

from safecase.core.case import PartyRole
from safecase.core.commands import (
    CloseCase,
    NoFurtherAction,
    NotifyRespondent,
    RecordAgencyRelease,
    RecordTriage,
    ReferToAgency,
    ScheduleInterview,
)
from safecase.core.guards.context import GuardContext, Refusal, long_enough, normalised, rule
from safecase.core.investigation import Conclusion
from safecase.core.periods import PeriodUnit
from safecase.core.referrals import ConsentScope
from safecase.core.states import CaseState, ReferralStatus

SCOPE_OF: dict[str, ConsentScope] = {
    "notify_respondent": ConsentScope.CONTACT_RESPONDENT,
    "message_respondent": ConsentScope.CONTACT_RESPONDENT,
    "grant_respondent_portal_access": ConsentScope.CONTACT_RESPONDENT,
    "notify_parties": ConsentScope.CONTACT_RESPONDENT,
    "respondent_request_review": ConsentScope.CONTACT_RESPONDENT,
    "open_investigation": ConsentScope.INTERNAL_INVESTIGATION,
    "open_parallel_investigation": ConsentScope.INTERNAL_INVESTIGATION,
    "impose_interim_measure": ConsentScope.INTERIM_MEASURES,
    "refer_to_disciplinary": ConsentScope.DISCIPLINARY_ACTION,
    "open_hearing": ConsentScope.DISCIPLINARY_ACTION,
    "commission_risk_assessment": ConsentScope.DISCIPLINARY_ACTION,
    "publish_advisory_packet": ConsentScope.SHARE_WITH_ADVISORY,
    "transfer_jurisdiction": ConsentScope.TRANSFER_TO_EXTERNAL_BODY,
}
HARM_OR_CRIME = {Conclusion.C1_ABUSE_LIKELY, Conclusion.C2_CRIMINAL_OFFENCE_POSSIBLE}


def _conclusion(ctx: GuardContext) -> Conclusion | None:
    investigation = ctx.case.investigation
    report = investigation.report if investigation else None
    return report.conclusion if report else None


@rule("G04")
def no_tipping_off_during_agency_hold(ctx: GuardContext) -> Refusal | None:
    case, command, name = ctx.case, ctx.command, ctx.step.command
    refused = "E_G04_AGENCY_HOLD"
    if isinstance(command, RecordAgencyRelease):
        referral = next((r for r in case.referrals if r.id == command.referral_id), None)
        if referral is None or referral.status not in {
            ReferralStatus.MADE,
            ReferralStatus.AGENCY_ACTIVE,
            ReferralStatus.CONSENT_TO_PARALLEL,
        }:
            return Refusal(refused, "the release must name an active referral of this case")
        return None
    if isinstance(command, ScheduleInterview) and command.person_id not in case.party_ids(
        PartyRole.RESPONDENT
    ):
        return None
    scope = SCOPE_OF.get(name)
    if scope is None and isinstance(command, ScheduleInterview):
        scope = ConsentScope.CONTACT_RESPONDENT
    if name in {"commission_risk_assessment", "refer_to_disciplinary"} and (
        _conclusion(ctx) in HARM_OR_CRIME
    ):
        agreed = any(
            r.consents_to(ConsentScope.DISCIPLINARY_ACTION) or r.release is not None
            for r in case.referrals
        )
        if not agreed:
            return Refusal(refused, "C1/C2 needs the agency's agreement to disciplinary action")
    if scope is None or not case.agency_hold_active():
        return None
    template = command.template if isinstance(command, NotifyRespondent) else None
    holding = case.holding_referrals() or (
        case.referrals if case.state is CaseState.AGENCY_HOLD else []
    )
    if holding and all(r.consents_to(scope, template) for r in holding):
        return None
    return Refusal(refused, f"needs agency consent for {scope.value}")


@rule("G17")
def statutory_referrals_are_made(ctx: GuardContext) -> Refusal | None:
    case, command, name = ctx.case, ctx.command, ctx.step.command
    refused = "E_G17_STATUTORY_REFERRAL_OUTSTANDING"
    if isinstance(command, RecordTriage):
        checks = ctx.plugins.statutory_agencies()
        wanted = {c.id for c in ctx.rule_set.checks_for(frozenset(command.categories))}
        missing = sorted(
            c.id for c in checks if c.id in wanted and c.id not in command.statutory_answers
        )
        if missing:
            return Refusal(refused, f"answer the statutory checks: {', '.join(missing)}")
        return None
    if isinstance(command, ReferToAgency):
        if command.check_id and ctx.rule_set.statutory_check(command.check_id) is None:
            return Refusal(refused, f"unknown statutory check {command.check_id}")
        return None
    if isinstance(command, CloseCase):
        return _post_sanction_referrals(ctx, command)
    if name in {
        "open_investigation",
        "resolve_informally",
        "no_further_action",
        "commission_risk_assessment",
        "refer_to_disciplinary",
    }:
        due = [r for r in case.referrals if r.status is ReferralStatus.DUE and not r.after_sanction]
        if due:
            return Refusal(refused, f"{len(due)} referral(s) due and not made")
        if name in {"commission_risk_assessment", "refer_to_disciplinary"} and (
            _conclusion(ctx) in HARM_OR_CRIME
        ):
            made = [r for r in case.referrals if r.made_at is not None and not r.after_sanction]
            if not made:
                return Refusal(refused, "C1/C2 needs a referral to the statutory agencies")
    return None


def _post_sanction_referrals(ctx: GuardContext, command: CloseCase) -> Refusal | None:
    case = ctx.case
    decision = case.effective_decision()
    removing = [s for s in case.sanctions() if s.removes_from_regulated_work]
    if decision is None or not removing:
        return None
    for check in ctx.rule_set.statutory_checks:
        if not check.after_sanction:
            continue
        referral = next(
            (r for r in case.referrals if r.check_id == check.id and r.made_at is not None), None
        )
        if referral is not None:
            period = check.deadline.value
            if period is None or period.unit is PeriodUnit.IMMEDIATE:
                continue
            if referral.made_at is not None and referral.made_at <= ctx.calendar.deadline(
                decision.decided_at, period
            ):
                continue
        if long_enough(command.pvg_grounds_not_met_rationale, 30):
            continue
        return Refusal(
            "E_G17_STATUTORY_REFERRAL_OUTSTANDING",
            f"{check.id} referral after removal from regulated work is not recorded",
        )
    return None


@rule("G20")
def agency_outcome_is_not_the_decision(ctx: GuardContext) -> Refusal | None:
    case, command = ctx.case, ctx.command
    if not isinstance(command, NoFurtherAction):
        return None
    releases = [r.release for r in case.referrals if r.release is not None]
    if not releases:
        return None
    assessment = command.internal_assessment
    if not long_enough(assessment, 100) or assessment is None:
        return Refusal("E_G20_INTERNAL_ASSESSMENT_REQUIRED")
    if any(normalised(assessment) == normalised(r.outcome_text) for r in releases):
        return Refusal("E_G20_INTERNAL_ASSESSMENT_REQUIRED", "it repeats the agency outcome")
    # What is left once the agency's own words are taken out must still be an assessment.
    own = normalised(assessment)
    for release in releases:
        if release.outcome_text.strip():
            own = own.replace(normalised(release.outcome_text), " ")
    if not long_enough(own, 100):
        return Refusal("E_G20_INTERNAL_ASSESSMENT_REQUIRED", "it only cites the agency outcome")
    return None
