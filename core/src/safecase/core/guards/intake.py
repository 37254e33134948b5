"""Rules on intake: disclosures (G02), overrides (G03), anonymity (G14), duplicates (G16),
external jurisdiction (G18)."""

from __future__ import annotations

from safecase.core.case import Case, IntakeType, PartyRole
from safecase.core.commands import (
    ContinueUnderOverride,
    ConvertToFormalReport,
    ImposeInterimMeasure,
    MergeDuplicate,
    NotifyRespondent,
    OverrideInput,
    RecordConsent,
    RecordTriage,
    ReferToAgency,
    RevealIdentity,
    SubmitReport,
    TriageUnderOverride,
)
from safecase.core.consent import ConsentPurpose
from safecase.core.guards.context import GuardContext, Refusal, long_enough, rule
from safecase.core.ruleset import ConsentGiver
from safecase.core.states import CaseState, Role

EXCLUSIVE_REFUSED = frozenset(
    {
        "open_investigation",
        "resolve_informally",
        "no_further_action",
        "open_parallel_investigation",
        "refer_to_disciplinary",
        "issue_decision",
    }
)
INTERIM_ACTIONS = ("TEMPORARY_MEASURE", "PROVISIONAL_ACTION", "SAFETY_PLAN")


def _override_of(ctx: GuardContext) -> OverrideInput | None:
    command = ctx.command
    if isinstance(command, ReferToAgency | TriageUnderOverride | ContinueUnderOverride):
        return command.override
    return None


def consent_giver_allowed(ctx: GuardContext, subject_id: str, giver: ConsentGiver) -> bool:
    """Whose consent counts: the person themselves, or for a child per ``child_policy``."""
    if subject_id not in ctx.people:
        return False
    minor = ctx.people.get(subject_id).is_minor(ctx.now.date(), ctx.rule_set.age_of_majority)
    if minor:
        return giver in ctx.rule_set.consent.child_given_by
    return giver in {ConsentGiver.SELF, ConsentGiver.AUTHORISED_REPRESENTATIVE}


@rule("G02")
def disclosure_is_not_a_formal_process(ctx: GuardContext) -> Refusal | None:
    case, command = ctx.case, ctx.command
    refused = Refusal("E_G02_DISCLOSURE_NOT_CONVERTED")
    if isinstance(command, ConvertToFormalReport):
        consent = command.consent
        if consent.subject_person_id not in case.party_ids(PartyRole.COMPLAINANT):
            return Refusal(refused.code, "consent must come from the affected person")
        if not consent_giver_allowed(ctx, consent.subject_person_id, consent.given_by):
            return Refusal(refused.code, "consent given by someone the rule set does not allow")
        return None
    if case.intake_type is not IntakeType.DISCLOSURE:
        return None
    if case.override is not None or _override_of(ctx) is not None:
        return None
    if case.converted and case.active_consent(ConsentPurpose.FORMAL_PROCESS, ctx.now):
        return None
    return refused


def _dsl_on_case(ctx: GuardContext) -> bool:
    """G03: ``authorised_by`` holds the DSL role on this case (the owner or an assigned DSL)."""
    actor, case = ctx.actor, ctx.case
    if actor.role is not Role.DSL:
        return False
    return actor.person_id == case.owner_id or case.assigned(actor.person_id, Role.DSL, ctx.now)


@rule("G03")
def override_must_be_explicit(ctx: GuardContext) -> Refusal | None:
    command = ctx.command
    if ctx.step.command == "close_disclosure":
        assessed = getattr(command, "mandatory_reporting_assessed", False)
        return None if assessed else Refusal("E_G03_MR_NOT_ASSESSED")
    override = _override_of(ctx)
    if override is None:
        consented = ctx.case.active_consent(ConsentPurpose.FORMAL_PROCESS, ctx.now)
        if ctx.case.override is not None or (ctx.case.converted and consented):
            return None
        return Refusal("E_G03_OVERRIDE_INVALID", "an override record is required")
    problems = []
    if not long_enough(override.reason, 50):
        problems.append("reason shorter than 50 characters")
    if override.legal_basis not in ctx.rule_set.mandatory_reporting.bases:
        problems.append("legal basis not in the rule set")
    if not _dsl_on_case(ctx):
        problems.append("not authorised by a DSL on this case")
    if (
        override.complainant_informed_at is None
        and not (override.complainant_not_informed_reason or "").strip()
    ):
        problems.append("whether the person was informed is not recorded")
    return Refusal("E_G03_OVERRIDE_INVALID", "; ".join(problems)) if problems else None


@rule("G14")
def anonymity_is_protected(ctx: GuardContext) -> Refusal | None:
    command, case, intake = ctx.command, ctx.case, ctx.rule_set.intake
    refused = "E_G14_ANONYMITY"
    if isinstance(command, SubmitReport):
        if not command.anonymous:
            return None
        if command.kind == "COMPLAINT" and not intake.anonymous_complaints:
            return Refusal(refused, "anonymous complaints are not accepted; an anonymous report is")
        if not intake.anonymous_reports:
            return Refusal(refused, "anonymous reports are not accepted")
        if any(p.role == "REPORTER" for p in command.parties):
            return Refusal(refused, "an anonymous report cannot name its reporter")
        return None
    if ctx.step.command == "attach_reporter_identity":
        return (
            Refusal(refused, "only the reporter can reveal their identity")
            if case.anonymous
            else None
        )
    if isinstance(command, RevealIdentity):
        if not case.anonymous:
            return Refusal(refused, "the report is not anonymous")
        if command.person_id != ctx.actor.person_id:
            return Refusal(refused, "a reporter can reveal only their own identity")
        return None
    if isinstance(command, RecordConsent) and case.anonymous:
        consent = command.consent
        if command.purpose == "FORMAL_PROCESS" and (
            consent.given_by is ConsentGiver.SELF
            and consent.given_by_person_id not in (None, consent.subject_person_id)
        ):
            return Refusal(refused, "formal-process consent must be given by the affected person")
        if command.purpose == "FORMAL_PROCESS" and ctx.actor.role.value == "REP3":
            return Refusal(refused, "an anonymous reporter cannot consent for the affected person")
    return None


@rule("G16")
def duplicates_are_merged_not_double_processed(ctx: GuardContext) -> Refusal | None:
    command, case = ctx.command, ctx.case
    refused = "E_G16_MERGE_NOT_ALLOWED"
    if isinstance(command, MergeDuplicate):
        if command.into_organisation_id != case.organisation_id:
            return Refusal(refused)
        target = ctx.find_case(command.into_case_id)
        if target is None or target.organisation_id != case.organisation_id or target.id == case.id:
            return Refusal(refused)
        if case.intake_type is IntakeType.DISCLOSURE and not case.converted:
            return Refusal(refused, "a disclosure cannot be merged without consent")
        if not command.reason.strip():
            return Refusal(refused, "a reason is required")
    return None


def merge_is_cross_organisation(ctx: GuardContext) -> Refusal | None:
    """G16(a), evaluated before G28 so the response reveals nothing about the other case."""
    command = ctx.command
    if isinstance(command, MergeDuplicate) and (
        command.into_organisation_id != ctx.case.organisation_id
    ):
        return Refusal(
            "E_G16_MERGE_NOT_ALLOWED", "cross-organisation duplicates get a cross-reference"
        )
    return None


@rule("G18")
def exclusive_external_jurisdiction(ctx: GuardContext) -> Refusal | None:
    case, command, rule_set = ctx.case, ctx.command, ctx.rule_set
    if isinstance(command, RecordTriage):
        return _nif_scope(ctx, command)
    if ctx.step.command == "record_jurisdiction_returned":
        body = getattr(command, "body", "")
        return (
            None
            if body == case.transferred_to
            else Refusal(
                "E_G18_EXCLUSIVE_JURISDICTION",
                "the return must come from the body the case went to",
            )
        )
    if jurisdiction_returned(case):
        return None
    exclusive = rule_set.exclusive_body(case.categories, case.severity)
    if case.state is CaseState.TRANSFERRED_OUT and exclusive is None:
        exclusive = next(
            (e for e in rule_set.exclusive_jurisdiction if e.body == case.transferred_to), None
        )
    if exclusive is None:
        return None
    if isinstance(command, ImposeInterimMeasure):
        allowed = [a for a in exclusive.org_may if a.startswith(INTERIM_ACTIONS)]
        if not allowed:
            return Refusal(
                "E_G18_EXCLUSIVE_JURISDICTION", f"{exclusive.body} decides interim measures"
            )
        if all("_AS_DIRECTED_BY_" in a for a in allowed) and not command.direction_ref:
            return Refusal("E_G18_EXCLUSIVE_JURISDICTION", "needs the body's direction reference")
        return None
    if isinstance(command, NotifyRespondent):
        if command.template == "ALLEGATION_NOTICE":
            return Refusal("E_G18_EXCLUSIVE_JURISDICTION", exclusive.body)
        return None
    if ctx.step.command in EXCLUSIVE_REFUSED:
        return Refusal("E_G18_EXCLUSIVE_JURISDICTION", exclusive.body)
    return None


def jurisdiction_returned(case: Case) -> bool:
    """Whether the external body handed the case back (T44) after its latest transfer."""
    for record in reversed(case.history):
        if record.transition == "T44":
            return True
        if record.transition in {"T09", "T47"}:
            return False
    return False


def _nif_scope(ctx: GuardContext, command: RecordTriage) -> Refusal | None:
    intake = ctx.rule_set.intake
    if not intake.nif_commencement_required or command.framework == "LEGACY":
        return None
    nif_categories = [
        code
        for code in command.categories
        if (category := ctx.rule_set.category(code)) is not None and category.policy_ref
    ]
    if not nif_categories:
        return None
    start = intake.nif_commencement_date
    if start is None:
        return Refusal("E_G18_OUT_OF_SCOPE", "the framework commencement date is not configured")
    if command.conduct_date is None or command.conduct_date.date() < start:
        return Refusal(
            "E_G18_OUT_OF_SCOPE", "route conduct before commencement to the legacy rules"
        )
    return None
