"""The core's own answers to the "pick one" hooks, registered as a plugin (``trylast``).

Each default reads the active rule set, so a plugin that ships only data gets complete
behaviour; a plugin overrides a default by returning a non-``None`` value.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from safecase.core.calendar import Calendar
from safecase.core.plugins import HookContext, SeverityAssessment, hookimpl
from safecase.core.ruleset import Category, Figure, StatutoryCheck
from safecase.core.states import ClosureReason

if TYPE_CHECKING:
    from safecase.core.case import Case
    from safecase.core.share import SharePacket


@hookimpl(trylast=True)
def safecase_code_of_conduct(ctx: HookContext) -> Sequence[Category]:
    return ctx.rule_set.categories


@hookimpl(trylast=True)
def safecase_classify_severity(ctx: HookContext, assessment: SeverityAssessment) -> str:
    rule_set = ctx.rule_set
    ranks = [rule_set.severity_rank(assessment.proposed)] if assessment.proposed else [0]
    for code in assessment.categories:
        category = rule_set.category(code)
        if category is not None and category.default_severity_floor is not None:
            ranks.append(rule_set.severity_rank(category.default_severity_floor))
    return rule_set.severities[max(ranks)]


@hookimpl(trylast=True)
def safecase_statutory_agencies(ctx: HookContext) -> Sequence[StatutoryCheck]:
    return ctx.rule_set.statutory_checks


@hookimpl(trylast=True)
def safecase_timeline(ctx: HookContext, name: str) -> Figure | None:
    rule_set = ctx.rule_set
    if name.startswith("statutory."):
        check = rule_set.statutory_check(name.removeprefix("statutory."))
        return check.deadline if check else None
    if name.startswith("timelines."):
        return rule_set.timelines.get(name.removeprefix("timelines."))
    section, _, field = name.partition(".")
    section = "return_to_sport" if section == "return" else section
    value = getattr(getattr(rule_set, section, None), field, None)
    return value if isinstance(value, Figure) else None


@hookimpl(trylast=True)
def safecase_sanction_options(
    ctx: HookContext, severity: str, minor_respondent: bool
) -> Sequence[str]:
    options = ctx.rule_set.sanctions_by_severity.get(severity, ())
    if not minor_respondent:
        return options
    types = ctx.rule_set.sanction_types
    return [code for code in options if types[code].allowed_for_minor_respondent]


@hookimpl(trylast=True)
def safecase_independent_panel_required(ctx: HookContext, case: Case) -> bool:
    panel = ctx.rule_set.panel.get(case.severity or "")
    return bool(panel and panel.independent_required)


@hookimpl(trylast=True)
def safecase_retention_until(ctx: HookContext, case: Case) -> datetime | None:
    retention = ctx.rule_set.retention
    ended = {"CLOSED", "NFA", "MERGED"}
    closed_at = next((h.at for h in reversed(case.history) if h.to_state.value in ended), None)
    if closed_at is None:
        return None
    calendar = Calendar(ctx.rule_set.calendar)
    if case.closure_reason is ClosureReason.DISCLOSURE_ONLY:
        return calendar.deadline(closed_at, retention.disclosure_only.period)
    # Allegations: ``allegation_years`` after the allegation, and never before closure. The
    # pension-age limb needs the respondent's date of birth, which the retention job adds.
    allegation = case.incident_date or case.came_to_attention_at
    return max(allegation + relativedelta(years=retention.allegation_years), closed_at)


@hookimpl(trylast=True)
def safecase_redact_share(ctx: HookContext, case: Case, packet: SharePacket) -> SharePacket:
    return packet
