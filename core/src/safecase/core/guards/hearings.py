"""Rules on hearings and appeals: appeal-panel independence (G05), the appeal window (G06),
notice (G24), children at hearings and interviews (G25), panel composition (G26), grounds (G27)."""

from __future__ import annotations

from datetime import datetime

from safecase.core.case import Case, PartyRole
from safecase.core.commands import (
    AppointPanel,
    Command,
    GrantAppealExtension,
    LodgeAppeal,
    ReferToDisciplinary,
    ScheduleInterview,
    WaiveAppeal,
)
from safecase.core.guards.context import GuardContext, Refusal, long_enough, rule
from safecase.core.hearing import AppealResult, Decision, Panel, PanelKind, PanelMember
from safecase.core.states import Role


def involved_before_appeal(ctx: GuardContext) -> set[str]:
    """Everyone G05 excludes from an appeal panel."""
    case = ctx.case
    people: set[str] = set()
    for panel in case.panels:
        if panel.kind is PanelKind.DISCIPLINARY:
            people |= panel.person_ids
    if case.investigation:
        people.add(case.investigation.investigator_id)
    people |= {r.assessor_id for r in case.risk_assessments}
    for decision in case.cmg_decisions:
        people |= set(decision.members_present)
    if case.owner_id:
        people.add(case.owner_id)
    people |= {o.member_id for s in case.shares for o in s.opinions}
    return people


@rule("G05")
def appeal_panel_is_independent(ctx: GuardContext) -> Refusal | None:
    case, command, name = ctx.case, ctx.command, ctx.step.command
    refused = "E_G05_APPEAL_PANEL_NOT_INDEPENDENT"
    members: frozenset[str] = frozenset()
    excluded: set[str] = set()
    if name == "appoint_appeal_panel" and isinstance(command, AppointPanel):
        members, excluded = _ids(command.members), involved_before_appeal(ctx)
    elif name == "open_appeal_hearing":
        panel = current_appeal_panel(case)
        if panel is None:
            return Refusal(refused, "no appeal panel is appointed for this appeal")
        members, excluded = panel.person_ids, involved_before_appeal(ctx)
    elif name in {"appoint_panel", "open_hearing"} and (earlier := panels_before_remittal(case)):
        # a remitted re-hearing (T38) needs a new panel, disjoint from the first-instance and
        # the appeal panels: checked when it is appointed and again when the hearing opens
        excluded = {person for panel in earlier for person in panel.person_ids}
        if isinstance(command, AppointPanel):
            members = _ids(command.members)
        else:
            panel = case.panel(PanelKind.DISCIPLINARY)
            if panel is None or any(panel.id == p.id for p in earlier):
                return Refusal(refused, "a remitted re-hearing needs a newly appointed panel")
            members = panel.person_ids
    overlap = members & excluded
    if overlap:
        detail = ", ".join(sorted(overlap)) if ctx.actor.role is Role.ACH else ""
        return Refusal(refused, detail)
    return None


def panels_before_remittal(case: Case) -> list[Panel]:
    """The panels that sat before the latest remittal (T38): none if the case was not remitted.

    Panels are kept in order of appointment, and no panel can be appointed between the appeal
    panel's appointment and its decision, so they are those up to the remitting appeal's panel.
    """
    remitted = next((a for a in reversed(case.appeals) if a.result is AppealResult.REMITTED), None)
    if remitted is None:
        return []
    ids = [p.id for p in case.panels]
    if remitted.panel_id not in ids:
        return list(case.panels)
    return case.panels[: ids.index(remitted.panel_id) + 1]


def current_appeal_panel(case: Case) -> Panel | None:
    """The panel appointed for the latest appeal (a later appeal needs its own panel)."""
    appeal = case.latest_appeal()
    if appeal is None or appeal.panel_id is None:
        return None
    return next((p for p in case.panels if p.id == appeal.panel_id), None)


def _ids(members: tuple[PanelMember, ...]) -> frozenset[str]:
    return frozenset(m.person_id for m in members)


def appealed_decision(ctx: GuardContext) -> Decision | None:
    return ctx.case.latest_decision("FIRST_INSTANCE")


def appeal_deadline(ctx: GuardContext, decision: Decision, party: str) -> datetime | None:
    """``end_of_day(notified_at[P] + window)`` in the rule set's calendar, or an extension."""
    notified = decision.notified_at.get(party) or (
        min(decision.notified_at.values()) if party == "ORG" and decision.notified_at else None
    )
    if notified is None:
        return None
    deadline = ctx.calendar.deadline(notified, ctx.rule_set.appeal.window.period)
    for extension in ctx.case.appeal_extensions:
        if extension.party == party and extension.decision_id == decision.id:
            deadline = max(deadline, extension.new_deadline)
    return deadline


def lodge_appeal_code(case: Case, command: Command, code: str) -> str:
    """G06 where ``lodge_appeal`` has no step from the state (the table's forbidden code).

    Appealing a first-instance decision whose window has passed is out of time, but an appeal
    decision (the target, or by default the latest decision) allows no further appeal.
    """
    if not isinstance(command, LodgeAppeal) or code != "E_G06_APPEAL_OUT_OF_TIME":
        return code
    target = (
        next((d for d in case.decisions if d.id == command.decision_id), None)
        if command.decision_id is not None
        else case.latest_decision()
    )
    if target is not None and target.kind == "APPEAL":
        return "E_G06_NO_FURTHER_APPEAL"
    return code


# A party lodges or waives only their own appeal; the DSL acts for the organisation.
OWN_PARTY: dict[Role, str] = {Role.RESP: "RESPONDENT", Role.COMP: "COMPLAINANT"}


@rule("G06")
def appeal_window(ctx: GuardContext) -> Refusal | None:
    case, command, name = ctx.case, ctx.command, ctx.step.command
    appeal = ctx.rule_set.appeal
    decision = appealed_decision(ctx)
    if isinstance(command, LodgeAppeal | WaiveAppeal):
        party = command.appellant if isinstance(command, LodgeAppeal) else command.party
        own = OWN_PARTY.get(ctx.actor.role)
        if own is not None and party != own:
            return Refusal("E_G06_NOT_ENTITLED", f"a {own.lower()} acts only for themselves")
    if isinstance(command, LodgeAppeal):
        if command.appellant not in appeal.who_may_appeal:
            return Refusal("E_G06_NOT_ENTITLED")
        if (
            command.decision_id is not None
            and decision is not None
            and command.decision_id != decision.id
        ):
            return Refusal("E_G06_NO_FURTHER_APPEAL")
        if decision is None:
            return Refusal("E_G06_NO_FURTHER_APPEAL")
        appeals_of_decision = [a for a in case.appeals if a.decision_id == decision.id]
        if len(appeals_of_decision) >= appeal.levels:
            return Refusal("E_G06_NO_FURTHER_APPEAL")
        deadline = appeal_deadline(ctx, decision, command.appellant)
        if deadline is None or ctx.now > deadline:
            return Refusal("E_G06_APPEAL_OUT_OF_TIME")
        return None
    if isinstance(command, GrantAppealExtension):
        deadline = appeal_deadline(ctx, decision, command.party) if decision else None
        if deadline is None or ctx.now > deadline:
            return Refusal("E_G06_APPEAL_OUT_OF_TIME", "extensions are granted before the deadline")
        if not long_enough(command.reason, 20) or command.new_deadline <= deadline:
            return Refusal("E_G06_APPEAL_OUT_OF_TIME", "a reason and a later deadline are required")
        return None
    if name == "appeal_window_expired" and decision is not None:
        open_parties = [
            p
            for p in appeal.who_may_appeal
            if p not in decision.waivers
            and ((d := appeal_deadline(ctx, decision, p)) is None or ctx.now <= d)
            and (p in decision.notified_at or p == "ORG")
        ]
        if open_parties:
            return Refusal("E_G06_WINDOW_STILL_OPEN", ", ".join(open_parties))
    return None


@rule("G24")
def respondent_has_notice(ctx: GuardContext) -> Refusal | None:
    case, command, name = ctx.case, ctx.command, ctx.step.command
    if isinstance(command, ReferToDisciplinary):
        if command.notice_served_at > ctx.now:
            return Refusal("E_G24_NOTICE_PERIOD", "notice cannot be served in the future")
        return None
    if name == "open_hearing":
        hearing = case.hearing_for(case.panel(PanelKind.DISCIPLINARY))
        if hearing is None or hearing.notice_served_at is None:
            return Refusal("E_G24_NOTICE_PERIOD", "no notice has been served")
        waived = hearing.notice_waived or bool(getattr(command, "notice_waived", False))
        earliest = ctx.calendar.deadline(
            hearing.notice_served_at, ctx.rule_set.hearing.min_notice.period
        )
        if not waived and ctx.now < earliest:
            return Refusal("E_G24_NOTICE_PERIOD", f"the hearing may open after {earliest:%Y-%m-%d}")
    return None


def _child_taking_part(ctx: GuardContext) -> bool:
    return any(
        party.role in {PartyRole.COMPLAINANT, PartyRole.WITNESS}
        and party.person_id in ctx.people
        and ctx.people.get(party.person_id).is_minor(ctx.now.date(), ctx.rule_set.age_of_majority)
        for party in ctx.case.parties
    )


@rule("G25")
def children_are_protected_at_hearings(ctx: GuardContext) -> Refusal | None:
    case, command, name = ctx.case, ctx.command, ctx.step.command
    refused = "E_G25_CHILD_PROTECTION_AT_HEARING"
    if isinstance(command, ScheduleInterview):
        if (
            command.person_id in ctx.people
            and ctx.people.get(command.person_id).is_minor(
                ctx.now.date(), ctx.rule_set.age_of_majority
            )
            and not ((command.appropriate_adult or "").strip() and command.method.strip())
        ):
            return Refusal(refused, "a child's interview needs an appropriate adult and method")
        return None
    if not _child_taking_part(ctx):
        return None
    if isinstance(command, ReferToDisciplinary):
        arrangements = (
            command.child_attendance_required,
            command.alternative_evidence_offered,
            command.allow_direct_questioning_by_respondent,
            command.child_supporter,
        )
    elif name in {"open_hearing", "open_appeal_hearing"}:
        hearing = case.hearing_for(case.panel(PanelKind.DISCIPLINARY))
        if hearing is None:
            return Refusal(refused, "no hearing arrangements are recorded")
        arrangements = (
            hearing.child_attendance_required,
            hearing.alternative_evidence_offered,
            hearing.allow_direct_questioning_by_respondent,
            hearing.child_supporter,
        )
    else:
        return None
    attend, alternative, direct, supporter = arrangements
    if attend or not alternative or direct or not (supporter or "").strip():
        return Refusal(refused)
    return None


def panel_problem(ctx: GuardContext, members: tuple[PanelMember, ...], nsp: bool) -> str | None:
    """What is wrong with a panel under ``panel[severity]`` (G26), or ``None``."""
    rule_set, case = ctx.rule_set, ctx.case
    composition = rule_set.panel.get(case.severity or "")
    if composition is None:
        return f"the rule set has no panel for severity {case.severity}"
    if nsp:
        return None if rule_set.nsp_substitution else "the rule set has no NSP substitution"
    if len(members) != composition.size:
        return f"the panel must have {composition.size} member(s)"
    chairs = [m for m in members if m.chair]
    if len(chairs) != 1:
        return "the panel must have exactly one chair"
    chair = chairs[0]
    independent = ctx.plugins.independent_panel_required(case) or composition.independent_required
    for member in members:
        person = ctx.people.get(member.person_id) if member.person_id in ctx.people else None
        if person is None:
            return "every member must be in the person registry"
        if independent and person.org_officer and not member.external:
            return "members must be independent of the organisation"
    chair_person = ctx.people.get(chair.person_id)
    if composition.chair_safeguarding_knowledge and not chair_person.safeguarding_knowledge:
        return "the chair needs safeguarding knowledge"
    if composition.chair_type and chair_person.panel_member_type != composition.chair_type:
        return f"the chair must be a {composition.chair_type}"
    others = sorted(
        ctx.people.get(m.person_id).panel_member_type or "" for m in members if not m.chair
    )
    if composition.other and others != sorted(composition.other):
        return f"the other members must be {', '.join(composition.other)}"
    return None


@rule("G26")
def panel_composition(ctx: GuardContext) -> Refusal | None:
    case, command, name = ctx.case, ctx.command, ctx.step.command
    panel: Panel | None = None
    if isinstance(command, AppointPanel):
        problem = panel_problem(ctx, command.members, command.nsp_substitution)
        return Refusal("E_G26_PANEL_COMPOSITION", problem) if problem else None
    if name in {"refer_to_disciplinary", "open_hearing"}:
        panel = case.panel(PanelKind.DISCIPLINARY)
    elif name == "open_appeal_hearing":
        panel = current_appeal_panel(case)
    else:
        return None
    if panel is None:
        return Refusal("E_G26_PANEL_COMPOSITION", "no panel is appointed")
    problem = panel_problem(ctx, tuple(panel.members), panel.nsp_substitution)
    return Refusal("E_G26_PANEL_COMPOSITION", problem) if problem else None


@rule("G27")
def appeals_have_grounds(ctx: GuardContext) -> Refusal | None:
    command = ctx.command
    if not isinstance(command, LodgeAppeal):
        return None
    grounds = ctx.rule_set.appeal.grounds
    if not command.grounds or any(g not in grounds for g in command.grounds):
        return Refusal("E_G27_NO_GROUNDS")
    if not long_enough(command.statement, 50):
        return Refusal("E_G27_NO_GROUNDS", "a statement of 50+ characters is required")
    return None
