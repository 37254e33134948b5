"""The guided demo: one case through its whole lifecycle under a chosen organisation's plugin.

It runs the real lifecycle (every guard, the audit log, the plugin) and shows refused steps
with the rule that refused each, so an organisation can see how safecase behaves before it
records a real case. Names in the demo are fictional.

Without an instance the demo runs in memory; given an :class:`~safecase.core.instance.Instance`
(``safecase demo --data-dir DIR``) every step is stored in its database and audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from safecase.core.case import Case
from safecase.core.errors import CommandRefused
from safecase.core.investigation import Conclusion
from safecase.core.plugins import SeverityAssessment
from safecase.core.referrals import ConsentScope
from safecase.core.states import Role
from safecase.core.testing.scenario import SHORT_RATIONALE, Scenario

if TYPE_CHECKING:
    from safecase.core.instance import Instance

__all__ = ["DemoStep", "run_demo"]


@dataclass(frozen=True)
class DemoStep:
    number: int
    title: str
    command: str
    role: str
    outcome: str  # "ok" or the refusal code
    state: str
    detail: str = ""

    @property
    def refused(self) -> bool:
        return self.outcome != "ok"


class _Walk:
    def __init__(self, scenario: Scenario, report: Callable[[DemoStep], None]) -> None:
        self.s = scenario
        self.report = report
        self.steps: list[DemoStep] = []

    def _record(
        self, title: str, command: str, role: Role, outcome: str, case: Case, detail: str = ""
    ) -> None:
        step = DemoStep(
            len(self.steps) + 1, title, command, role.value, outcome, case.state.value, detail
        )
        self.steps.append(step)
        self.report(step)

    def do(self, case: Case, title: str, command: str, role: Role = Role.DSL, **data: Any) -> Case:
        changed = self.s.run(case, command, role, **data)
        last = self.s.last
        events = ", ".join(e.type for e in last.events) if last else ""
        self._record(title, command, role, "ok", changed, events)
        return changed

    def refused(
        self, case: Case, title: str, command: str, role: Role = Role.DSL, **data: Any
    ) -> None:
        try:
            self.s.run(case, command, role, **data)
        except CommandRefused as refusal:
            self._record(title, command, role, refusal.reason, case, refusal.message)
            return
        raise AssertionError(f"the demo expected {command} to be refused")


def demo_category(scenario: Scenario) -> tuple[str, str]:
    """A category (statutory checks preferred) and severity the organisation itself adjudicates."""
    rule_set, plugins = scenario.rule_set, scenario.plugins
    ordered = sorted(rule_set.categories, key=lambda c: not c.statutory_checks)
    for category in ordered:
        for proposed in rule_set.severities:
            severity = plugins.classify_severity(
                SeverityAssessment(categories=frozenset({category.code}), proposed=proposed)
            )
            panel = rule_set.panel.get(severity)
            if (
                panel
                and panel.size >= 1
                and rule_set.exclusive_body(frozenset({category.code}), severity) is None
            ):
                return category.code, severity
    raise LookupError("no category the organisation adjudicates itself")


def run_demo(
    plugin: str = "scotland",
    report: Callable[[DemoStep], None] = lambda _: None,
    instance: Instance | None = None,
) -> tuple[Scenario, Case, list[DemoStep]]:
    """Walk one case from disclosure to sanction in force; return the scenario, case and steps.

    With ``instance`` (whose clock is a :class:`~safecase.core.testing.clock.Clock`), the walk
    is stored in the instance's database.
    """
    s = Scenario(plugin, instance=instance)
    walk = _Walk(s, report)
    cast, rule_set = s.cast, s.rule_set
    category, severity = demo_category(s)
    checks = rule_set.checks_for(frozenset({category}))

    case = s.open(
        "submit_disclosure",
        Role.INTAKE,
        narrative="A young swimmer tells the club welfare officer "
        "that the coach grabbed and shook them at training.",
        parties=s.parties(),
        categories=[category],
    )
    walk._record(
        "A disclosure is received by the club welfare officer",
        "submit_disclosure",
        Role.INTAKE,
        "ok",
        case,
        "DisclosureReceived",
    )
    case = walk.do(
        case,
        "The organisation's admin assigns the case owner (DSL)",
        "assign_case_owner",
        Role.ADMIN,
        person_id=cast.dsl.id,
    )
    walk.refused(
        case,
        "Triage before the disclosure is converted",
        "record_triage",
        categories=[category],
        rationale=SHORT_RATIONALE,
        decided_by=[cast.dsl.id],
    )
    giver = rule_set.consent.child_given_by[0].value
    case = walk.do(
        case,
        "The young person consents to a formal process",
        "convert_to_formal_report",
        consent={
            "subject_person_id": cast.complainant.id,
            "given_by": giver,
            "given_by_person_id": cast.complainant.id if giver == "SELF" else cast.parent.id,
            "child_views": "Wants it to stop; wants to keep swimming",
        },
    )
    case = walk.do(
        case,
        f"Triage: {category}, statutory checks answered",
        "record_triage",
        categories=[category],
        proposed_severity=severity,
        rationale=SHORT_RATIONALE,
        decided_by=[cast.dsl.id],
        statutory_answers={c.id: True for c in checks},
        conduct_date=s.conduct_date,
    )
    agency = checks[0].agency if checks else "Police"
    case = walk.do(
        case,
        f"Statutory referral to {agency}; the agency asks for a hold",
        "refer_to_agency",
        agency=agency,
        check_id=checks[0].id if checks else None,
        reference="AG-0001",
        hold_requested=True,
    )
    for referral in [r for r in case.referrals if r.status.value == "DUE"]:
        case = walk.do(
            case,
            f"Referral made to {referral.agency}",
            "record_referral_made",
            referral_id=referral.id,
            made_at=s.clock.now.isoformat(),
            reference="AG-0002",
        )
    case, _ = s.with_cmg(case, "agree route during agency hold")
    case = walk.do(
        case,
        "Investigator declares no conflict of interest",
        "sign_coi_declaration",
        person_id=cast.investigator.id,
    )
    walk.refused(
        case,
        "Internal investigation while the agency holds the case",
        "open_parallel_investigation",
        investigator_id=cast.investigator.id,
        terms_of_reference=["What happened at training"],
    )
    holding = case.referrals[0]
    case = walk.do(
        case,
        "The agency consents to a parallel process",
        "record_agency_consent",
        referral_id=holding.id,
        scopes=[x.value for x in ConsentScope if x is not ConsentScope.TRANSFER_TO_EXTERNAL_BODY],
        officer="DC Example",
        method="PHONE",
        note="No objection to parallel internal process",
    )
    case = walk.do(
        case,
        "Parallel internal investigation opens",
        "open_parallel_investigation",
        investigator_id=cast.investigator.id,
        terms_of_reference=["What happened at training"],
        plan="Interview the young person with a trusted adult, the coach, and a witness",
    )
    walk.refused(
        case,
        "Risk assessment before the investigation concludes",
        "commission_risk_assessment",
        Role.CMG,
        assessor_id=cast.assessor.id,
    )
    s.clock.advance(days=10)
    investigation = case.investigation
    assert investigation is not None
    case = walk.do(
        case,
        "Investigation report: conclusion C1 (abuse likely)",
        "submit_investigation_report",
        Role.INV,
        conclusion=Conclusion.C1_ABUSE_LIKELY.value,
        terms_of_reference_id=investigation.terms_of_reference_id,
        tor_answers=[
            {"item_id": i.id, "addressed": True} for i in investigation.terms_of_reference
        ],
        evidence_index=["statement-1", "statement-2"],
        persons_interviewed=["Complainant A", "Respondent R"],
        child_voice="Heard directly with a trusted adult present",
        agency_referral_recommended=True,
    )
    case, decision_id = s.with_cmg(case, "commission risk assessment")
    case = walk.do(
        case, "Assessor declares no conflict", "sign_coi_declaration", person_id=cast.assessor.id
    )
    case = walk.do(
        case,
        "The CMG commissions a risk assessment",
        "commission_risk_assessment",
        Role.CMG,
        assessor_id=cast.assessor.id,
        cmg_decision_id=decision_id,
    )
    s.clock.advance(days=3)
    case = walk.do(
        case,
        "Risk assessment completed",
        "complete_risk_assessment",
        Role.RA,
        nature_of_behaviour="Physical handling of a child in anger",
        impact="Fear of attending training",
        likelihood_of_recurrence="High without restriction",
        circumstances_of_recurrence="Unsupervised sessions",
        static_factors=["none identified"],
        dynamic_factors=["pressure before competitions"],
        outcome="HIGH",
    )
    case, interim_decision = s.with_cmg(case, "interim suspension")
    review = s.clock.now + timedelta(days=21)
    interim_type = next(
        (t for t in rule_set.interim.types if "SUSPENSION" in t), rule_set.interim.types[0]
    )
    case = walk.do(
        case,
        f"Interim {interim_type.lower().replace('_', ' ')} (not a finding), review in 21 days",
        "impose_interim_measure",
        Role.CMG,
        type=interim_type,
        reason="Risk to children while the disciplinary process runs",
        cmg_decision_id=interim_decision,
        next_review_at=review.isoformat(),
        notify_plan="Respondent told in writing; club told of the restriction only",
    )
    case = s.appoint(case, cast.panel)
    case, referral_decision = s.with_cmg(case, "refer to disciplinary")
    case = walk.do(
        case,
        "Referred to a disciplinary panel; notice served",
        "refer_to_disciplinary",
        Role.CMG,
        notice_served_at=s.clock.now.isoformat(),
        cmg_decision_id=referral_decision,
        child_supporter="Named supporter",
        respondent_support_person="Representative",
        complainant_welfare_plan=True,
        respondent_welfare_plan=True,
    )
    walk.refused(
        case, "Opening the hearing before the notice period has run", "open_hearing", Role.PCH
    )
    s.clock.advance(days=15)
    case, review_decision = s.with_cmg(case, "interim review")
    measure = case.interim_measures[-1]
    case = walk.do(
        case,
        "Interim measure reviewed on time",
        "review_interim_measure",
        Role.CMG,
        measure_id=measure.id,
        reviewed_at=s.clock.now.isoformat(),
        next_review_at=(s.clock.now + timedelta(days=20)).isoformat(),
        cmg_decision_id=review_decision,
    )
    s.clock.advance(days=2)
    case = walk.do(case, "The disciplinary hearing opens", "open_hearing", Role.PCH)
    decision = s.decision(case, sanctions=[_serious_sanction(s, case)])
    walk.refused(
        case,
        "A decision on the criminal standard",
        "issue_decision",
        Role.PCH,
        **{**decision, "standard_of_proof": "BEYOND_REASONABLE_DOUBT"},
    )
    case = walk.do(
        case,
        "Decision with findings, rationale and sanction",
        "issue_decision",
        Role.PCH,
        **decision,
    )
    case = s.notified(case)
    walk._record(
        "Parties notified; the appeal window opens",
        "notify_parties",
        Role.DSL,
        "ok",
        case,
        "PartiesNotified",
    )
    walk.refused(
        case,
        "Putting the sanction in force while the window is open",
        "appeal_window_expired",
        Role.SYS,
    )
    s.after_appeal_window()
    walk.refused(
        case,
        "The respondent appeals after the window closed",
        "lodge_appeal",
        Role.RESP,
        appellant="RESPONDENT",
        grounds=["SANCTION_DISPROPORTIONATE"],
        statement="The sanction is out of proportion to what the panel found proven.",
    )
    case = walk.do(
        case,
        "The appeal window has expired: the sanction is in force",
        "appeal_window_expired",
        Role.SYS,
    )
    return s, case, walk.steps


def _serious_sanction(scenario: Scenario, case: Case) -> dict[str, Any]:
    options = list(scenario.plugins.sanction_options(case.severity or ""))
    chosen = next((o for o in options if "SUSPENSION" in o), options[0])
    kind = scenario.rule_set.sanction_types[chosen]
    sanction: dict[str, Any] = {"type": chosen}
    if kind.params:
        low, high = next(iter(kind.params.values()))
        sanction["months"] = min(max(low, 12), high)
    return sanction
