"""Rules on decisions: rationale and standard of proof (G07), advice is never the decision
(G08), minor respondents (G13), no sanction without a decision (G34), notice content (G37),
sanctions from the rule set (G38)."""

from __future__ import annotations

from safecase.core.case import PartyRole
from safecase.core.commands import (
    AdjudicationInput,
    DecisionInput,
    IssueAppealDecision,
    NotifyParties,
    NotifyRespondent,
    RecordResolutionOutcome,
    ReferToDisciplinary,
    ResolveInformally,
    SanctionInput,
    WithdrawAndClose,
)
from safecase.core.guards.context import GuardContext, Refusal, long_enough, normalised, rule
from safecase.core.hearing import PanelKind
from safecase.core.states import Role

ADJUDICATIONS = {"issue_decision", "issue_appeal_decision", "issue_decision_on_admission"}
# G37: what no respondent-facing document may contain.
EXCLUDED_NOTICE_FIELDS = frozenset(
    {
        "complainant_contact",
        "witness_contact",
        "address",
        "date_of_birth",
        "health_information",
        "agency_reference",
        "advisory_material",
        "other_case_content",
    }
)


@rule("G07")
def decisions_record_rationale(ctx: GuardContext) -> Refusal | None:
    command, name = ctx.command, ctx.step.command
    if not isinstance(command, DecisionInput):
        return None
    minimum = 100 if name in ADJUDICATIONS else 30
    if isinstance(command, WithdrawAndClose) and _protective(ctx):
        minimum = 100
    if not long_enough(command.rationale, minimum) or not command.decided_by:
        return Refusal(
            "E_G07_RATIONALE_MISSING", f"rationale of {minimum}+ characters and deciders"
        )
    if isinstance(command, AdjudicationInput):
        if command.standard_of_proof != ctx.rule_set.standard_of_proof.value:
            return Refusal(
                "E_G07_STANDARD_OF_PROOF", f"the rule set's is {ctx.rule_set.standard_of_proof}"
            )
        if not command.findings:
            return Refusal("E_G07_RATIONALE_MISSING", "a finding per allegation is required")
        codes = {c.code for c in ctx.plugins.code_of_conduct()}
        if any(f.code_reference not in codes for f in command.findings):
            return Refusal("E_G07_RATIONALE_MISSING", "each finding must cite a code reference")
        if not command.information_considered:
            return Refusal("E_G07_RATIONALE_MISSING", "list the information considered")
    return None


def _protective(ctx: GuardContext) -> bool:
    """G29's conditions under which closing after withdrawal needs a safeguarding rationale."""
    case = ctx.case
    answered = case.triage.statutory_answers.values() if case.triage else ()
    report = case.investigation.report if case.investigation else None
    return case.child_involved or any(answered) or bool(report and report.conclusion.harm_or_crime)


@rule("G08")
def advice_is_never_the_decision(ctx: GuardContext) -> Refusal | None:
    command, case, name = ctx.command, ctx.case, ctx.step.command
    refused = "E_G08_ADVISORY_NOT_DECISION"
    if not isinstance(command, DecisionInput) or name not in ADJUDICATIONS | {"no_further_action"}:
        return None
    allowed = set(case.holders(Role.CMG)) | set(case.holders(Role.DSL))
    if case.owner_id:
        allowed.add(case.owner_id)
    kind = PanelKind.APPEAL if isinstance(command, IssueAppealDecision) else PanelKind.DISCIPLINARY
    panel = case.panel(kind)
    if panel is not None and name in ADJUDICATIONS:
        allowed |= panel.person_ids
    if any(person not in allowed for person in command.decided_by):
        return Refusal(refused, "decided_by must be the organisation's appointed decision-makers")
    if isinstance(command, AdjudicationInput):
        opinions = {o.id: o.text for s in case.shares for o in s.opinions}
        cited = [opinions[i] for i in command.information_considered if i in opinions]
        if any(normalised(text) == normalised(command.rationale) for text in cited):
            return Refusal(refused, "the rationale must be the organisation's own reasoning")
    return None


def _respondent_is_minor(ctx: GuardContext) -> bool:
    case = ctx.case
    if case.child_respondent:
        return True
    for party in case.parties_in(PartyRole.RESPONDENT):
        if party.minor_at_incident:
            return True
        if party.person_id in ctx.people and ctx.people.get(party.person_id).is_minor(
            ctx.now.date(), ctx.rule_set.age_of_majority
        ):
            return True
    return False


@rule("G13")
def minor_respondent_protections(ctx: GuardContext) -> Refusal | None:
    if not _respondent_is_minor(ctx):
        return None
    command, case, name = ctx.command, ctx.case, ctx.step.command
    refused = "E_G13_MINOR_RESPONDENT"
    if (
        isinstance(command, NotifyRespondent)
        and not command.guardian_notified
        and not (command.guardian_not_notified_reason or "").strip()
    ):
        return Refusal(refused, "notify a parent/guardian or record why not")
    if isinstance(command, ReferToDisciplinary) and not (
        command.respondent_support_person
        and command.complainant_welfare_plan
        and command.respondent_welfare_plan
    ):
        return Refusal(refused, "support person and both welfare plans are required")
    if name == "open_hearing":
        hearing = case.hearing_for(case.panel(PanelKind.DISCIPLINARY))
        if hearing is None or not hearing.respondent_support_person:
            return Refusal(refused, "a support person must be assigned")
    if isinstance(command, AdjudicationInput):
        types = ctx.rule_set.sanction_types
        if any(
            not types[s.type].allowed_for_minor_respondent
            for s in command.sanctions
            if s.type in types
        ):
            return Refusal(refused, "that sanction is not available for a child respondent")
    return None


@rule("G34")
def no_sanction_without_a_decision(ctx: GuardContext) -> Refusal | None:
    command = ctx.command
    if (
        isinstance(command, AdjudicationInput)
        and command.sanctions
        and not any(f.finding == "PROVEN" for f in command.findings)
    ):
        return Refusal("E_G34_NO_DECISION", "sanctions need at least one proven finding")
    return None


@rule("G37")
def notices_exclude_protected_content(ctx: GuardContext) -> Refusal | None:
    command = ctx.command
    fields: tuple[str, ...] = ()
    if isinstance(command, NotifyRespondent):
        fields = command.fields
    elif isinstance(command, NotifyParties):
        fields = command.notice.fields
    excluded = sorted(set(fields) & EXCLUDED_NOTICE_FIELDS)
    if excluded:
        return Refusal("E_G37_NOTICE_CONTENT", ", ".join(excluded))
    return None


@rule("G38")
def sanctions_come_from_the_rule_set(ctx: GuardContext) -> Refusal | None:
    command, case, rule_set = ctx.command, ctx.case, ctx.rule_set
    refused = "E_G38_SANCTION_NOT_ALLOWED"
    severity = case.severity
    if severity is None:
        return None
    if isinstance(command, ResolveInformally | RecordResolutionOutcome):
        allowed = set(rule_set.sanctions_by_severity.get(severity, ())) | set(
            rule_set.informal_resolution.outcomes
        )
        bad = [o for o in command.outcomes if o not in allowed]
        return Refusal(refused, ", ".join(bad)) if bad else None
    if not isinstance(command, AdjudicationInput):
        return None
    for sanction in command.sanctions:
        problem = _sanction_problem(ctx, sanction, severity, command)
        if problem:
            return Refusal(refused, problem)
    return None


def _sanction_problem(
    ctx: GuardContext, sanction: SanctionInput, severity: str, command: AdjudicationInput
) -> str | None:
    rule_set = ctx.rule_set
    kind = rule_set.sanction_types.get(sanction.type)
    if kind is None:
        return f"{sanction.type} is not a sanction type of the rule set"
    for low, high in kind.params.values():
        if sanction.months is None or not low <= sanction.months <= high:
            return f"{sanction.type} must be {low}-{high} months"
    options = ctx.plugins.sanction_options(severity, minor_respondent=False)
    if sanction.type in options:
        return None
    rank = rule_set.severity_rank(severity)
    levels = [
        rule_set.severity_rank(s)
        for s, types in rule_set.sanctions_by_severity.items()
        if sanction.type in types
    ]
    if any(level == rank + 1 for level in levels) and command.aggravating_factors:
        return None
    if any(level == rank - 1 for level in levels) and command.mitigating_factors:
        return None
    return f"{sanction.type} is not available for severity {severity}"
