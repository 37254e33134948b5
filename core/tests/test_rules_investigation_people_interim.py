"""Guard rules on investigation, the people on a case and interim measures (DOMAIN.md §2):
G01 investigation before risk assessment, G09 interim review dates, G10 conflicts of interest,
G21 role separation, G22 CMG quorum, G23 report completeness, G28 (command-specific parts) and
G40 return to sport.

Every case is built through the lifecycle with the Scottish scenario; every refusal is checked
for its exact code, for leaving the case unchanged and for being audited.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

from safecase.core.case import Case
from safecase.core.commands import Actor, build_command
from safecase.core.errors import CommandRefused
from safecase.core.investigation import Conclusion, RiskAssessmentKind
from safecase.core.people import Affiliation, Person, Relationship, RelationshipKind
from safecase.core.plugins import get_plugins
from safecase.core.states import CaseState, ClosureReason, InterimState, Role
from safecase.core.testing import Scenario
from safecase.core.testing.scenario import SHORT_RATIONALE

REASON = "Risk to children at training while the concern is investigated by the CMG."
NOTIFY_PLAN = "Respondent told in writing today; the club is told of the restriction only."
WAIVER = "Both follow the regional association's page online; no personal contact at all."
BREAK_GLASS = "Auditor needs to confirm the chronology for the board's annual safeguarding review."


def refused(
    s: Scenario, case: Case, command: str, acting: Role = Role.DSL, **data: Any
) -> CommandRefused:
    """Run a command that must be refused; check it changed nothing and was audited."""
    return s.refusal(case, command, acting, **data)


def refused_as(
    s: Scenario, case: Case, command: str, acting: Role, person: Person, **data: Any
) -> CommandRefused:
    """:func:`refused` for a named person acting in ``acting``."""
    before = case.model_dump()
    with pytest.raises(CommandRefused) as exc:
        s.run(case, command, acting, person, **data)
    assert case.model_dump() == before
    assert list(s.audit)[-1].outcome == f"REFUSED:{exc.value.reason}"
    return exc.value


def newcomer(s: Scenario, name: str, **extra: Any) -> Person:
    return s.people.add(Person(name=name, **extra))


def with_cmg_members(s: Scenario, case: Case) -> Case:
    """The case's CMG assigned (with declarations), without recording a decision."""
    for member in s.cast.cmg:
        case = s.run(case, "sign_coi_declaration", person_id=member.id)
        case = s.run(case, "assign_role", person_id=member.id, role="CMG")
    return case


def commission(s: Scenario, case: Case, assessor: Person | None = None) -> Case:
    """T22 by the CMG for ``assessor`` (declaration signed, quorate decision cited)."""
    assessor = assessor or s.cast.assessor
    case, decision_id = s.with_cmg(case, "commission risk assessment")
    case = s.run(case, "sign_coi_declaration", person_id=assessor.id)
    return s.run(
        case,
        "commission_risk_assessment",
        Role.CMG,
        assessor_id=assessor.id,
        cmg_decision_id=decision_id,
    )


def assessment(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "nature_of_behaviour": "Shouting and belittling at training",
        "impact": "Distress and loss of confidence",
        "likelihood_of_recurrence": "Moderate without intervention",
        "circumstances_of_recurrence": "Unsupervised sessions",
        "static_factors": ["none identified"],
        "dynamic_factors": ["stress at work"],
        "outcome": "MEDIUM",
    }
    return {**data, **overrides}


def report(case: Case, conclusion: Conclusion = Conclusion.C3_POOR_PRACTICE_ONLY) -> dict[str, Any]:
    investigation = case.investigation
    assert investigation is not None
    return {
        "conclusion": conclusion.value,
        "terms_of_reference_id": investigation.terms_of_reference_id,
        "tor_answers": [
            {"item_id": i.id, "addressed": True} for i in investigation.terms_of_reference
        ],
        "evidence_index": ["statement-1"],
        "persons_interviewed": ["Complainant A", "Respondent R"],
        "child_voice": "Spoken with directly, with a trusted adult present.",
        "agency_referral_recommended": conclusion.harm_or_crime,
    }


def open_investigation_by(s: Scenario, case: Case, person: Person) -> dict[str, Any]:
    return {
        "investigator_id": person.id,
        "terms_of_reference": ["Establish what happened at training"],
        "plan": "Interview both parties",
    }


# --- G01: investigation before risk assessment ----------------------------------------------------


def test_a_risk_assessment_is_commissioned_after_the_investigation_report(
    scenario: Scenario,
) -> None:
    """G01: a submitted C3 report allows T22."""
    case = commission(scenario, scenario.concluded())
    assert case.state is CaseState.RISK_ASSESSMENT
    assert case.current_risk_assessment() is not None


@pytest.mark.parametrize("journey", ["reported", "triaged"])
def test_a_risk_assessment_cannot_be_commissioned_before_an_investigation(
    scenario: Scenario, journey: str
) -> None:
    """G01: RECEIVED_REPORT/TRIAGED -> RISK_ASSESSMENT is a forbidden transition."""
    s = scenario
    case = s.reported() if journey == "reported" else s.triaged()
    case = s.run(case, "sign_coi_declaration", person_id=s.cast.assessor.id)
    refusal = refused(s, case, "commission_risk_assessment", assessor_id=s.cast.assessor.id)
    assert refusal.reason == "E_G01_INVESTIGATION_REQUIRED"
    assert s.cases[case.id].state is case.state


@pytest.mark.parametrize("route", ["agency_hold", "informal_resolution"])
def test_no_risk_assessment_is_created_from_a_state_before_the_investigation_concludes(
    scenario: Scenario, route: str
) -> None:
    """G01 applies to any attempt to create a RiskAssessment from states 1-7."""
    s = scenario
    case = s.triaged(severity="LOW")
    if route == "agency_hold":
        case = s.run(
            case,
            "refer_to_agency",
            agency="Police Scotland",
            reference="PS-1",
            officer="DC Example",
        )
        assert case.state is CaseState.AGENCY_HOLD
    else:
        case = s.run(
            case,
            "resolve_informally",
            plan="Apology and refresher training",
            outcomes=["EDUCATION_TRAINING"],
            rationale=SHORT_RATIONALE,
            decided_by=[s.cast.dsl.id],
        )
        assert case.state is CaseState.INFORMAL_RESOLUTION
    case = s.run(case, "sign_coi_declaration", person_id=s.cast.assessor.id)
    refusal = refused(s, case, "commission_risk_assessment", assessor_id=s.cast.assessor.id)
    assert refusal.reason == "E_G01_INVESTIGATION_REQUIRED"


def test_a_risk_assessment_cannot_be_commissioned_while_the_investigation_runs(
    scenario: Scenario,
) -> None:
    """G01: no risk assessment from UNDER_INVESTIGATION."""
    s = scenario
    case = s.investigating()
    refusal = refused(s, case, "commission_risk_assessment", assessor_id=s.cast.assessor.id)
    assert refusal.reason == "E_G01_INVESTIGATION_REQUIRED"


def test_a_conclusion_without_foundation_does_not_lead_to_a_risk_assessment(
    scenario: Scenario,
) -> None:
    """G01: only C1-C3 conclusions allow T22; C4 goes to NFA."""
    s = scenario
    case = s.concluded(conclusion=Conclusion.C4_WITHOUT_FOUNDATION)
    case, decision_id = s.with_cmg(case, "commission risk assessment")
    case = s.run(case, "sign_coi_declaration", person_id=s.cast.assessor.id)
    refusal = refused(
        s,
        case,
        "commission_risk_assessment",
        Role.CMG,
        assessor_id=s.cast.assessor.id,
        cmg_decision_id=decision_id,
    )
    assert refusal.reason == "E_G01_INVESTIGATION_REQUIRED"
    assert case.state is CaseState.INVESTIGATION_CONCLUDED


def test_a_case_under_investigation_cannot_be_referred_to_a_disciplinary_panel(
    scenario: Scenario,
) -> None:
    """G01: UNDER_INVESTIGATION -> HEARING_PENDING skips the conclusion and risk assessment."""
    s = scenario
    case, decision_id = s.with_cmg(s.investigating(), "refer to disciplinary")
    refusal = refused(
        s,
        case,
        "refer_to_disciplinary",
        Role.CMG,
        notice_served_at=s.clock.now.isoformat(),
        cmg_decision_id=decision_id,
    )
    assert refusal.reason == "E_G01_RISK_ASSESSMENT_INCOMPLETE"
    assert case.state is CaseState.UNDER_INVESTIGATION


def test_referral_to_discipline_waits_for_the_risk_assessment_to_be_completed(
    scenario: Scenario,
) -> None:
    """G01: T25 needs a COMPLETE risk assessment, not just a commissioned one."""
    s = scenario
    case = commission(s, s.concluded())
    case = s.appoint(case, s.cast.panel)
    case, decision_id = s.with_cmg(case, "refer to disciplinary")
    refusal = refused(
        s,
        case,
        "refer_to_disciplinary",
        Role.CMG,
        notice_served_at=s.clock.now.isoformat(),
        cmg_decision_id=decision_id,
    )
    assert refusal.reason == "E_G01_RISK_ASSESSMENT_INCOMPLETE"
    assert case.state is CaseState.RISK_ASSESSMENT


def test_a_risk_assessment_completed_at_the_instant_of_the_report_does_not_count(
    scenario: Scenario,
) -> None:
    """G01: completed_at must be strictly after the report's submitted_at."""
    s = scenario
    case = commission(s, s.concluded())
    case = s.run(case, "complete_risk_assessment", Role.RA, **assessment())
    case = s.appoint(case, s.cast.panel)
    case, decision_id = s.with_cmg(case, "refer to disciplinary")
    refusal = refused(
        s,
        case,
        "refer_to_disciplinary",
        Role.CMG,
        notice_served_at=s.clock.now.isoformat(),
        cmg_decision_id=decision_id,
        child_supporter="Named supporter",
        respondent_support_person="Rep",
        complainant_welfare_plan=True,
        respondent_welfare_plan=True,
    )
    assert refusal.reason == "E_G01_RISK_ASSESSMENT_INCOMPLETE"


def test_a_case_with_a_complete_risk_assessment_is_referred_to_discipline(
    scenario: Scenario,
) -> None:
    """G01: a complete risk assessment after the report allows T25."""
    case = scenario.hearing_pending()
    assert case.state is CaseState.HEARING_PENDING
    completed = case.current_risk_assessment()
    assert completed is not None
    assert completed.complete


@pytest.mark.parametrize(
    "missing",
    [
        {"nature_of_behaviour": " "},
        {"impact": ""},
        {"likelihood_of_recurrence": ""},
        {"circumstances_of_recurrence": "  "},
        {"static_factors": []},
        {"dynamic_factors": []},
    ],
    ids=lambda m: next(iter(m)),
)
def test_a_risk_assessment_cannot_be_completed_with_a_field_missing(
    scenario: Scenario, missing: dict[str, Any]
) -> None:
    """G01: every field of a complete risk assessment is required."""
    s = scenario
    case = commission(s, s.concluded())
    s.clock.advance(days=1)
    refusal = refused(s, case, "complete_risk_assessment", Role.RA, **assessment(**missing))
    assert refusal.reason == "E_G01_RISK_ASSESSMENT_INCOMPLETE"
    pending = case.current_risk_assessment()
    assert pending is not None
    assert pending.completed_at is None


def test_a_risk_assessment_cannot_be_completed_before_one_is_commissioned(
    scenario: Scenario,
) -> None:
    """G01: no RiskAssessment from states 1-7 (TRIAGED is a forbidden source)."""
    s = scenario
    case = s.run(s.triaged(), "sign_coi_declaration", person_id=s.cast.assessor.id)
    case = s.run(case, "assign_role", person_id=s.cast.assessor.id, role="RA")
    refusal = refused(s, case, "complete_risk_assessment", Role.RA, **assessment())
    assert refusal.reason == "E_G01_INVESTIGATION_REQUIRED"


# --- G21: role separation -----------------------------------------------------------------------


def test_the_investigator_cannot_be_the_risk_assessor(scenario: Scenario) -> None:
    """G21: investigation and risk assessment are "distinct and separate"."""
    s = scenario
    case, decision_id = s.with_cmg(s.concluded(), "commission risk assessment")
    refusal = refused(
        s,
        case,
        "commission_risk_assessment",
        Role.CMG,
        assessor_id=s.cast.investigator.id,
        cmg_decision_id=decision_id,
    )
    assert refusal.reason == "E_G21_ROLE_SEPARATION"


def test_the_investigator_may_assess_risk_where_the_rule_set_allows_it() -> None:
    """G21: rule_set.allow_investigator_as_assessor=true lifts the INV/RA separation."""
    plugins = get_plugins(
        "scotland", organisation_id="org-a", overrides={"allow_investigator_as_assessor": True}
    )
    s = Scenario("scotland", plugins=plugins)
    case = commission(s, s.concluded(), assessor=s.cast.investigator)
    assessed = case.current_risk_assessment()
    assert assessed is not None
    assert assessed.assessor_id == s.cast.investigator.id


def test_the_investigator_cannot_be_commissioned_for_the_return_to_sport_assessment(
    scenario: Scenario,
) -> None:
    """G21: the INV/RA separation also holds for the return-to-sport assessment."""
    s = scenario
    case = s.sanction_in_force()
    refusal = refused(s, case, "commission_return_assessment", assessor_id=s.cast.investigator.id)
    assert refusal.reason == "E_G21_ROLE_SEPARATION"


def test_the_investigator_cannot_sit_on_the_disciplinary_panel(scenario: Scenario) -> None:
    """G21: INV is not a panel member."""
    s = scenario
    case = s.risk_assessed()
    members = [s.cast.investigator, *s.cast.panel[1:]]
    for member in members:
        case = s.run(case, "sign_coi_declaration", person_id=member.id)
    refusal = refused(
        s,
        case,
        "appoint_panel",
        Role.CMG,
        members=s.panel_members(members),
    )
    assert refusal.reason == "E_G21_ROLE_SEPARATION"
    assert case.panels == []


def test_the_case_owner_cannot_sit_on_the_disciplinary_panel(scenario: Scenario) -> None:
    """G21: the DSL case owner is not a panel member."""
    s = scenario
    case = s.risk_assessed()
    members = [s.cast.dsl, *s.cast.panel[1:]]
    for member in members:
        case = s.run(case, "sign_coi_declaration", person_id=member.id)
    refusal = refused(s, case, "appoint_panel", Role.CMG, members=s.panel_members(members))
    assert refusal.reason == "E_G21_ROLE_SEPARATION"


def test_a_panel_member_cannot_become_the_case_owner(scenario: Scenario) -> None:
    """G21: the owner and the panel stay apart whichever comes first."""
    s = scenario
    case = s.hearing_pending()
    refusal = refused(s, case, "assign_case_owner", Role.ADMIN, person_id=s.cast.panel[0].id)
    assert refusal.reason == "E_G21_ROLE_SEPARATION"
    assert case.owner_id == s.cast.dsl.id


def test_the_investigator_cannot_be_made_panel_chair_by_assignment(scenario: Scenario) -> None:
    """G21: a chair (PCH) is a panel role too."""
    s = scenario
    case = s.investigating()
    refusal = refused(s, case, "assign_role", person_id=s.cast.investigator.id, role="PCH")
    assert refusal.reason == "E_G21_ROLE_SEPARATION"


def test_a_witness_cannot_hold_a_staff_role_on_the_case(scenario: Scenario) -> None:
    """G21: complainant/respondent/witness hold no staff role (INTAKE has no G10 declaration)."""
    s = scenario
    case = s.open(
        narrative="Concern reported about a coach's conduct at training.",
        parties=[*s.parties(), {"person_id": s.cast.witness.id, "role": "WITNESS"}],
        categories=[s.category()],
    )
    refusal = refused(s, case, "assign_role", person_id=s.cast.witness.id, role="INTAKE")
    assert refusal.reason == "E_G21_ROLE_SEPARATION"


def test_an_unconnected_person_may_hold_an_intake_role(scenario: Scenario) -> None:
    """G21: the same assignment is allowed for someone who is not a party."""
    s = scenario
    case = s.run(s.reported(), "assign_role", person_id=s.cast.intake.id, role="INTAKE")
    assert s.cast.intake.id in case.holders(Role.INTAKE)


def test_a_third_party_reporter_is_not_barred_from_a_staff_role(scenario: Scenario) -> None:
    """G21 lists complainant, respondent and witness; a reporter is none of them."""
    s = scenario
    case = s.open(
        narrative="Concern reported about a coach's conduct at training.",
        parties=[*s.parties(), {"person_id": s.cast.intake.id, "role": "REPORTER"}],
        categories=[s.category()],
    )
    case = s.run(case, "assign_role", person_id=s.cast.intake.id, role="INTAKE")
    assert s.cast.intake.id in case.holders(Role.INTAKE)


# --- G23: investigation report completeness -------------------------------------------------------


def test_a_complete_investigation_report_concludes_the_investigation(scenario: Scenario) -> None:
    """G23: conclusion, ToR answers, evidence, interviews, child voice, appointed INV."""
    s = scenario
    case = s.investigating()
    case = s.run(case, "submit_investigation_report", Role.INV, **report(case))
    assert case.state is CaseState.INVESTIGATION_CONCLUDED


def test_a_without_foundation_report_may_have_an_empty_evidence_index(scenario: Scenario) -> None:
    """G23: evidence_index may be empty only for C4."""
    s = scenario
    case = s.investigating()
    data = {**report(case, Conclusion.C4_WITHOUT_FOUNDATION), "evidence_index": []}
    case = s.run(case, "submit_investigation_report", Role.INV, **data)
    assert case.investigation is not None
    assert case.investigation.report is not None
    assert case.investigation.report.conclusion is Conclusion.C4_WITHOUT_FOUNDATION


def test_a_terms_of_reference_item_not_addressed_is_accepted_with_a_reason(
    scenario: Scenario,
) -> None:
    """G23: each ToR item is marked addressed or not, with reasons."""
    s = scenario
    case = s.investigating()
    investigation = case.investigation
    assert investigation is not None
    answers = [
        {"item_id": i.id, "addressed": False, "reason": "The club would not release the rota"}
        for i in investigation.terms_of_reference
    ]
    case = s.run(
        case, "submit_investigation_report", Role.INV, **{**report(case), "tor_answers": answers}
    )
    assert case.state is CaseState.INVESTIGATION_CONCLUDED


def test_an_abuse_likely_report_recommends_an_agency_referral(scenario: Scenario) -> None:
    """G23: C1 with agency_referral_recommended=true is complete."""
    s = scenario
    case = s.investigating()
    case = s.run(
        case, "submit_investigation_report", Role.INV, **report(case, Conclusion.C1_ABUSE_LIKELY)
    )
    assert case.state is CaseState.INVESTIGATION_CONCLUDED


@pytest.mark.parametrize(
    ("field", "value", "conclusion"),
    [
        ("conclusion", None, Conclusion.C3_POOR_PRACTICE_ONLY),
        ("terms_of_reference_id", "another-tor", Conclusion.C3_POOR_PRACTICE_ONLY),
        ("tor_answers", [], Conclusion.C3_POOR_PRACTICE_ONLY),
        ("evidence_index", [], Conclusion.C3_POOR_PRACTICE_ONLY),
        ("persons_interviewed", [], Conclusion.C3_POOR_PRACTICE_ONLY),
        ("child_voice", "   ", Conclusion.C3_POOR_PRACTICE_ONLY),
        ("agency_referral_recommended", False, Conclusion.C1_ABUSE_LIKELY),
        ("agency_referral_recommended", False, Conclusion.C2_CRIMINAL_OFFENCE_POSSIBLE),
    ],
)
def test_an_incomplete_investigation_report_is_refused(
    scenario: Scenario, field: str, value: Any, conclusion: Conclusion
) -> None:
    """G23: every part of the report is required; C1/C2 recommend an agency referral."""
    s = scenario
    case = s.investigating()
    data = {**report(case, conclusion), field: value}
    refusal = refused(s, case, "submit_investigation_report", Role.INV, **data)
    assert refusal.reason == "E_G23_REPORT_INCOMPLETE"
    assert case.state is CaseState.UNDER_INVESTIGATION


def test_an_unanswered_terms_of_reference_item_is_refused(scenario: Scenario) -> None:
    """G23: an item marked not addressed needs a reason."""
    s = scenario
    case = s.investigating()
    investigation = case.investigation
    assert investigation is not None
    answers = [{"item_id": i.id, "addressed": False} for i in investigation.terms_of_reference]
    refusal = refused(
        s, case, "submit_investigation_report", Role.INV, **{**report(case), "tor_answers": answers}
    )
    assert refusal.reason == "E_G23_REPORT_INCOMPLETE"


def test_only_the_appointed_investigator_submits_the_report(scenario: Scenario) -> None:
    """G23: another person assigned as INV cannot submit the appointed investigator's report."""
    s = scenario
    case = s.investigating()
    other = newcomer(s, "Olly Other")
    case = s.run(case, "sign_coi_declaration", person_id=other.id)
    case = s.run(case, "assign_role", person_id=other.id, role="INV")
    refusal = refused_as(s, case, "submit_investigation_report", Role.INV, other, **report(case))
    assert refusal.reason == "E_G23_REPORT_INCOMPLETE"


# --- G10: conflicts of interest -------------------------------------------------------------------


def test_an_investigator_must_declare_before_appointment(scenario: Scenario) -> None:
    """G10: no CoiDeclaration, no assignment."""
    s = scenario
    case = s.triaged()
    refusal = refused(
        s, case, "open_investigation", **open_investigation_by(s, case, s.cast.investigator)
    )
    assert refusal.reason == "E_G10_DECLARATION_MISSING"
    assert case.state is CaseState.TRIAGED


@pytest.mark.parametrize("role", ["INV", "RA", "CMG", "PANEL", "PCH", "APANEL", "ACH", "ADV"])
def test_every_declaring_role_needs_a_declaration_before_assignment(
    scenario: Scenario, role: str
) -> None:
    """G10: INV, risk assessor, CMG, panel, appeal panel and ADV all declare first."""
    s = scenario
    case = s.triaged()
    person = newcomer(s, "Nat Newcomer")
    refusal = refused(s, case, "assign_role", person_id=person.id, role=role)
    assert refusal.reason == "E_G10_DECLARATION_MISSING"
    case = s.run(case, "sign_coi_declaration", person_id=person.id)
    case = s.run(case, "assign_role", person_id=person.id, role=role)
    assert person.id in case.holders(Role(role))


def test_an_adviser_must_declare_before_receiving_the_packet(scenario: Scenario) -> None:
    """G10: advisory members declare no conflict before publication (A2)."""
    s = scenario
    case = s.triaged()
    refusal = refused(
        s,
        case,
        "publish_advisory_packet",
        members=[s.cast.advisers[0].id],
        expires_at=(s.clock.now + timedelta(days=7)).isoformat(),
    )
    assert refusal.reason == "E_G10_DECLARATION_MISSING"


def test_an_investigator_without_conflicts_is_appointed(scenario: Scenario) -> None:
    """G10: a declared, unconnected investigator is appointed."""
    case = scenario.investigating()
    assert case.state is CaseState.UNDER_INVESTIGATION


@pytest.mark.parametrize("party", ["complainant", "respondent", "witness"])
def test_a_party_or_witness_cannot_investigate(scenario: Scenario, party: str) -> None:
    """G10 hard conflict: is a party (complainant, respondent) or a named witness."""
    s = scenario
    case = s.open(
        narrative="Concern reported about a coach's conduct at training.",
        parties=[*s.parties(), {"person_id": s.cast.witness.id, "role": "WITNESS"}],
        categories=[s.category()],
    )
    case = s.triaged(case)
    person: Person = getattr(s.cast, party)
    case = s.run(case, "sign_coi_declaration", person_id=person.id)
    refusal = refused(s, case, "open_investigation", **open_investigation_by(s, case, person))
    assert refusal.reason == "E_G10_CONFLICT_OF_INTEREST"


@pytest.mark.parametrize(
    "kind",
    [
        RelationshipKind.RELATIVE,
        RelationshipKind.HOUSEHOLD,
        RelationshipKind.LINE_MANAGES,
        RelationshipKind.LINE_MANAGED_BY,
        RelationshipKind.PERSONAL,
        RelationshipKind.BUSINESS,
    ],
)
def test_a_person_related_to_a_party_cannot_investigate(
    scenario: Scenario, kind: RelationshipKind
) -> None:
    """G10 hard conflicts: relative/household, line management, personal or business tie."""
    s = scenario
    case = s.triaged()
    person = newcomer(
        s, "Kit Connected", relationships=[Relationship(other=s.cast.respondent.id, kind=kind)]
    )
    case = s.run(case, "sign_coi_declaration", person_id=person.id)
    refusal = refused(s, case, "open_investigation", **open_investigation_by(s, case, person))
    assert refusal.reason == "E_G10_CONFLICT_OF_INTEREST"


def test_a_relationship_recorded_on_the_party_side_is_a_conflict(scenario: Scenario) -> None:
    """G10: relationship records count whichever person they are recorded on."""
    s = scenario
    person = newcomer(s, "Lee Parent-Of-Complainant")
    s.cast.complainant.relationships = [Relationship(other=person.id, kind="HOUSEHOLD")]
    case = s.triaged()
    case = s.run(case, "sign_coi_declaration", person_id=person.id)
    refusal = refused(s, case, "open_investigation", **open_investigation_by(s, case, person))
    assert refusal.reason == "E_G10_CONFLICT_OF_INTEREST"


def _club_member(s: Scenario, months_ago: int | None) -> Person:
    end: date | None = None
    if months_ago is not None:
        end = (s.clock.now - relativedelta(months=months_ago)).date()
    return newcomer(
        s,
        "Sol Clubmate",
        affiliations=[Affiliation(club="Riverside Swimming Club", kind="VOLUNTEER", end=end)],
    )


@pytest.mark.parametrize("months_ago", [None, 12, 23])
def test_a_member_of_the_same_club_within_the_lookback_cannot_investigate(
    scenario: Scenario, months_ago: int | None
) -> None:
    """G10 hard conflict: same club as a party now, or within 24 months (Scotland)."""
    s = scenario
    person = _club_member(s, months_ago)
    case = s.triaged()
    case = s.run(case, "sign_coi_declaration", person_id=person.id)
    refusal = refused(s, case, "open_investigation", **open_investigation_by(s, case, person))
    assert refusal.reason == "E_G10_CONFLICT_OF_INTEREST"


def test_a_club_membership_that_ended_before_the_lookback_is_no_conflict(
    scenario: Scenario,
) -> None:
    """G10: an affiliation that ended 30 months ago is outside the 24-month lookback."""
    s = scenario
    person = _club_member(s, 30)
    case = s.triaged()
    case = s.run(case, "sign_coi_declaration", person_id=person.id)
    case = s.run(case, "open_investigation", **open_investigation_by(s, case, person))
    assert case.investigation is not None
    assert case.investigation.investigator_id == person.id


def test_a_declared_hard_conflict_refuses_the_assignment(scenario: Scenario) -> None:
    """G10: a conflict the person declares counts like a registry record."""
    s = scenario
    person = newcomer(s, "Dee Declarer")
    case = s.triaged()
    case = s.run(case, "sign_coi_declaration", person_id=person.id, declared_conflicts=["RELATIVE"])
    refusal = refused(s, case, "open_investigation", **open_investigation_by(s, case, person))
    assert refusal.reason == "E_G10_CONFLICT_OF_INTEREST"


def test_a_declared_soft_conflict_needs_a_waiver(scenario: Scenario) -> None:
    """G10: a soft conflict the person declares needs the DSL's waiver like a registry one."""
    s = scenario
    person = newcomer(s, "Dev Declarer")
    case = s.triaged()
    declared = s.run(
        case, "sign_coi_declaration", person_id=person.id, declared_conflicts=["SOCIAL_MEDIA"]
    )
    refusal = refused(
        s, declared, "open_investigation", **open_investigation_by(s, declared, person)
    )
    assert refusal.reason == "E_G10_CONFLICT_OF_INTEREST"
    waived = s.run(
        declared,
        "sign_coi_declaration",
        person_id=person.id,
        declared_conflicts=["SOCIAL_MEDIA"],
        waive_soft_conflicts=True,
        waiver_reason=WAIVER,
    )
    case = s.run(waived, "open_investigation", **open_investigation_by(s, waived, person))
    assert case.state is CaseState.UNDER_INVESTIGATION


def _soft(s: Scenario) -> Person:
    return newcomer(
        s,
        "Sky Follower",
        relationships=[
            Relationship(other=s.cast.respondent.id, kind=RelationshipKind.SOCIAL_MEDIA)
        ],
    )


def test_an_unwaived_soft_conflict_refuses_the_assignment(scenario: Scenario) -> None:
    """G10: a soft conflict (social-media connection) needs a waiver."""
    s = scenario
    person = _soft(s)
    case = s.triaged()
    case = s.run(case, "sign_coi_declaration", person_id=person.id)
    refusal = refused(s, case, "open_investigation", **open_investigation_by(s, case, person))
    assert refusal.reason == "E_G10_CONFLICT_OF_INTEREST"


def test_a_soft_conflict_waiver_needs_a_reason_of_fifty_characters(scenario: Scenario) -> None:
    """G10: waiver reason >= 50 chars."""
    s = scenario
    person = _soft(s)
    case = s.triaged()
    refusal = refused(
        s,
        case,
        "sign_coi_declaration",
        person_id=person.id,
        waive_soft_conflicts=True,
        waiver_reason="Only an online follower.",
    )
    assert refusal.reason == "E_G10_CONFLICT_OF_INTEREST"
    assert case.declaration_of(person.id) is None


def test_a_soft_conflict_waived_by_the_dsl_with_reasons_allows_the_assignment(
    scenario: Scenario,
) -> None:
    """G10: the DSL waives a soft conflict with a reason of 50+ characters."""
    s = scenario
    person = _soft(s)
    case = s.triaged()
    case = s.run(
        case,
        "sign_coi_declaration",
        person_id=person.id,
        waive_soft_conflicts=True,
        waiver_reason=WAIVER,
    )
    case = s.run(case, "open_investigation", **open_investigation_by(s, case, person))
    assert case.state is CaseState.UNDER_INVESTIGATION


def test_a_person_cannot_waive_their_own_soft_conflict(scenario: Scenario) -> None:
    """G10: the waiver is the DSL's (or panel convenor's), never the conflicted person's."""
    s = scenario
    case = s.investigating()
    refusal = refused_as(
        s,
        case,
        "sign_coi_declaration",
        Role.INV,
        s.cast.investigator,
        person_id=s.cast.investigator.id,
        waive_soft_conflicts=True,
        waiver_reason=WAIVER,
    )
    assert refusal.reason == "E_G10_CONFLICT_OF_INTEREST"


def test_a_soft_conflict_waiver_does_not_cover_a_hard_conflict(scenario: Scenario) -> None:
    """G10: hard conflicts are never waivable."""
    s = scenario
    person = newcomer(
        s,
        "Ray Relative",
        relationships=[Relationship(other=s.cast.respondent.id, kind=RelationshipKind.RELATIVE)],
    )
    case = s.triaged()
    case = s.run(
        case,
        "sign_coi_declaration",
        person_id=person.id,
        waive_soft_conflicts=True,
        waiver_reason=WAIVER,
    )
    refusal = refused(s, case, "open_investigation", **open_investigation_by(s, case, person))
    assert refusal.reason == "E_G10_CONFLICT_OF_INTEREST"


def test_a_conflict_found_after_appointment_stops_the_report(scenario: Scenario) -> None:
    """G10 on T19: the investigator's conflict is re-checked at submission."""
    s = scenario
    case = s.investigating()
    s.cast.investigator.relationships = [
        Relationship(other=s.cast.respondent.id, kind=RelationshipKind.BUSINESS)
    ]
    refusal = refused(s, case, "submit_investigation_report", Role.INV, **report(case))
    assert refusal.reason == "E_G10_CONFLICT_OF_INTEREST"


def test_a_conflicted_person_cannot_be_made_case_owner(scenario: Scenario) -> None:
    """G10 (with G36): the case owner is not conflicted."""
    s = scenario
    person = newcomer(
        s,
        "Dale Line-Manager",
        relationships=[
            Relationship(other=s.cast.respondent.id, kind=RelationshipKind.LINE_MANAGES)
        ],
    )
    case = s.reported()
    refusal = refused(s, case, "assign_case_owner", Role.ADMIN, person_id=person.id)
    assert refusal.reason == "E_G10_CONFLICT_OF_INTEREST"


def test_a_relative_of_a_party_cannot_be_given_a_deputy_dsl_role(scenario: Scenario) -> None:
    """G10: a DSL role (no declaration needed) still may not go to a party's relative."""
    s = scenario
    person = newcomer(
        s,
        "Rio Relative",
        relationships=[Relationship(other=s.cast.respondent.id, kind=RelationshipKind.RELATIVE)],
    )
    case = s.reported()
    refusal = refused(s, case, "assign_role", person_id=person.id, role="DSL")
    assert refusal.reason == "E_G10_CONFLICT_OF_INTEREST"


def test_a_panel_member_with_a_conflict_cannot_be_appointed(scenario: Scenario) -> None:
    """G10 on appoint_panel: every member is checked."""
    s = scenario
    case = s.risk_assessed()
    s.cast.panel[0].relationships = [
        Relationship(other=s.cast.complainant.id, kind=RelationshipKind.RELATIVE)
    ]
    members = s.panel_members(s.cast.panel)
    for member in members:
        case = s.run(case, "sign_coi_declaration", person_id=member["person_id"])
    refusal = refused(s, case, "appoint_panel", Role.CMG, members=members)
    assert refusal.reason == "E_G10_CONFLICT_OF_INTEREST"


# --- G22: CMG composition and quorum --------------------------------------------------------------


def test_a_quorate_cmg_with_an_independent_expert_records_a_decision(scenario: Scenario) -> None:
    """G22: three members, one with independent child-protection expertise, a vote outcome."""
    s = scenario
    case, decision_id = s.with_cmg(s.triaged())
    assert [d.id for d in case.cmg_decisions] == [decision_id]


def _decide(s: Scenario, case: Case, members: list[Person], vote: str = "agreed 3-0") -> Any:
    return refused(
        s,
        case,
        "record_cmg_decision",
        subject="interim suspension",
        members_present=[m.id for m in members],
        vote_outcome=vote,
    )


def test_a_cmg_decision_needs_a_quorum(scenario: Scenario) -> None:
    """G22: fewer than rule_set.cmg.quorum (3) voting members is not a decision."""
    s = scenario
    case = with_cmg_members(s, s.triaged())
    assert _decide(s, case, s.cast.cmg[:2]).reason == "E_G22_CMG_QUORUM"
    assert case.cmg_decisions == []


def test_a_cmg_decision_needs_a_recorded_vote(scenario: Scenario) -> None:
    """G22: a recorded vote outcome."""
    s = scenario
    case = with_cmg_members(s, s.triaged())
    assert _decide(s, case, s.cast.cmg, vote="  ").reason == "E_G22_CMG_QUORUM"


def test_a_cmg_decision_needs_an_independent_child_protection_expert(scenario: Scenario) -> None:
    """G22: >= 1 member flagged independent_child_protection_expertise."""
    s = scenario
    case = with_cmg_members(s, s.triaged())
    third = newcomer(s, "Tay Third")
    case = s.run(case, "sign_coi_declaration", person_id=third.id)
    case = s.run(case, "assign_role", person_id=third.id, role="CMG")
    members = [s.cast.cmg[1], s.cast.cmg[2], third]
    assert _decide(s, case, members).reason == "E_G22_CMG_QUORUM"


def test_only_the_cases_cmg_members_vote(scenario: Scenario) -> None:
    """G22: voting members are the case's CMG members."""
    s = scenario
    case = with_cmg_members(s, s.triaged())
    outsider = newcomer(s, "Out Sider", independent_child_protection_expertise=True)
    members = [outsider, s.cast.cmg[1], s.cast.cmg[2]]
    assert _decide(s, case, members).reason == "E_G22_CMG_QUORUM"


def test_a_conflicted_voter_invalidates_the_cmg_decision(scenario: Scenario) -> None:
    """G22: no voting member with a G10 conflict (found after assignment)."""
    s = scenario
    case = with_cmg_members(s, s.triaged())
    s.cast.cmg[2].relationships = [
        Relationship(other=s.cast.respondent.id, kind=RelationshipKind.PERSONAL)
    ]
    assert _decide(s, case, s.cast.cmg).reason == "E_G22_CMG_QUORUM"


@pytest.mark.parametrize("cited", [None, "no-such-decision"])
def test_commissioning_a_risk_assessment_cites_a_cmg_decision(
    scenario: Scenario, cited: str | None
) -> None:
    """G22: T22 is a CMG decision and must cite a recorded one."""
    s = scenario
    case = with_cmg_members(s, s.concluded())
    case = s.run(case, "sign_coi_declaration", person_id=s.cast.assessor.id)
    refusal = refused(
        s,
        case,
        "commission_risk_assessment",
        Role.CMG,
        assessor_id=s.cast.assessor.id,
        cmg_decision_id=cited,
    )
    assert refusal.reason == "E_G22_CMG_QUORUM"


# --- G09: interim measures ------------------------------------------------------------------------


def interim(s: Scenario, decision_id: str | None, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": "TEMPORARY_SUSPENSION",
        "reason": REASON,
        "cmg_decision_id": decision_id,
        "next_review_at": (s.clock.now + timedelta(days=21)).isoformat(),
        "notify_plan": NOTIFY_PLAN,
    }
    return {**data, **overrides}


def imposed(s: Scenario, case: Case | None = None, **overrides: Any) -> Case:
    case, decision_id = s.with_cmg(case or s.triaged(), "interim suspension")
    return s.run(case, "impose_interim_measure", Role.CMG, **interim(s, decision_id, **overrides))


def test_the_cmg_imposes_an_interim_measure_with_a_review_date(scenario: Scenario) -> None:
    """G09: reason, CMG authority, review date, not a finding, notify plan."""
    s = scenario
    case = imposed(s)
    (measure,) = case.interim_measures
    assert measure.state is InterimState.IM_IN_FORCE
    assert measure.not_a_finding
    assert measure.authority == "CMG"
    assert case.state is CaseState.TRIAGED


def test_a_review_date_at_the_end_of_the_maximum_interval_is_accepted(scenario: Scenario) -> None:
    """G09: next_review_at <= imposed_at + 28 days (Scotland)."""
    s = scenario
    case = imposed(s, next_review_at=(s.clock.now + timedelta(days=28)).isoformat())
    assert case.interim_measures[0].in_force


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"next_review_at": None}, "E_G09_REVIEW_DATE_REQUIRED"),
        ({"next_review_at": "2026-03-01T09:00:00+00:00"}, "E_G09_REVIEW_DATE_REQUIRED"),
        ({"reason": "Risk to children."}, "E_G09_REVIEW_DATE_REQUIRED"),
        ({"not_a_finding": False}, "E_G09_REVIEW_DATE_REQUIRED"),
        ({"notify_plan": " "}, "E_G09_REVIEW_DATE_REQUIRED"),
        ({"cmg_decision_id": None}, "E_G09_REVIEW_DATE_REQUIRED"),
        ({"next_review_at": "2026-03-31T09:00:00+00:00"}, "E_G09_REVIEW_INTERVAL_TOO_LONG"),
        ({"type": "SEPARATION"}, "E_G09_MEASURE_TYPE_NOT_ALLOWED"),
    ],
    ids=[
        "no-review-date",
        "review-in-the-past",
        "short-reason",
        "finding",
        "no-notify-plan",
        "no-authority",
        "29-days",
        "type-not-in-rule-set",
    ],
)
def test_an_interim_measure_without_its_safeguards_is_refused(
    scenario: Scenario, overrides: dict[str, Any], code: str
) -> None:
    """G09: each requirement of impose_interim_measure (clock starts 2026-03-02 09:00 UTC)."""
    s = scenario
    case, decision_id = s.with_cmg(s.triaged(), "interim suspension")
    refusal = refused(
        s, case, "impose_interim_measure", Role.CMG, **interim(s, decision_id, **overrides)
    )
    assert refusal.reason == code
    assert case.interim_measures == []


def test_an_interim_measure_cites_a_recorded_cmg_decision(scenario: Scenario) -> None:
    """G22 on I1: a non-emergency measure's authority is a recorded CMG decision."""
    s = scenario
    case = with_cmg_members(s, s.triaged())
    refusal = refused(s, case, "impose_interim_measure", Role.CMG, **interim(s, "no-such-decision"))
    assert refusal.reason == "E_G22_CMG_QUORUM"


def _emergency(s: Scenario, ratify_days: int) -> dict[str, Any]:
    return interim(
        s,
        None,
        emergency=True,
        ratify_by=(s.clock.now + timedelta(days=ratify_days)).isoformat(),
    )


def test_the_dsl_imposes_an_emergency_measure_to_be_ratified_within_two_working_days(
    scenario: Scenario,
) -> None:
    """G09: DSL emergency with ratify_by within rule_set.interim.ratify_within."""
    s = scenario
    case = s.run(s.triaged(), "impose_interim_measure", **_emergency(s, 2))
    (measure,) = case.interim_measures
    assert measure.authority == "DSL_EMERGENCY"
    assert measure.ratify_by is not None


def test_an_emergency_measure_with_a_late_ratification_date_is_refused(
    scenario: Scenario,
) -> None:
    """G09: ratify_by later than 2 working days (Mon 09:00 -> Wed end of day) is refused."""
    s = scenario
    case = s.triaged()
    refusal = refused(s, case, "impose_interim_measure", **_emergency(s, 3))
    assert refusal.reason == "E_G09_REVIEW_DATE_REQUIRED"
    no_date = {**_emergency(s, 2), "ratify_by": None}
    assert refused(s, case, "impose_interim_measure", **no_date).reason == (
        "E_G09_REVIEW_DATE_REQUIRED"
    )


def _review(s: Scenario, case: Case, **overrides: Any) -> tuple[Case, dict[str, Any]]:
    case, decision_id = s.with_cmg(case, "interim review")
    data: dict[str, Any] = {
        "measure_id": case.interim_measures[-1].id,
        "reviewed_at": s.clock.now.isoformat(),
        "next_review_at": (s.clock.now + timedelta(days=21)).isoformat(),
        "cmg_decision_id": decision_id,
    }
    return case, {**data, **overrides}


def test_a_review_held_today_sets_the_next_review(scenario: Scenario) -> None:
    """G09: now - 24h <= reviewed_at <= now and a next review within 28 days."""
    s = scenario
    case = imposed(s)
    s.clock.advance(days=20)
    case, data = _review(s, case, reviewed_at=(s.clock.now - timedelta(hours=23)).isoformat())
    case = s.run(case, "review_interim_measure", Role.CMG, **data)
    measure = case.interim_measures[-1]
    assert len(measure.reviews) == 1
    assert measure.next_review_at == s.clock.now + timedelta(days=21)


@pytest.mark.parametrize(
    ("shift", "code"),
    [
        (timedelta(hours=-25), "E_G09_REVIEW_BACKDATED"),
        (timedelta(hours=1), "E_G09_REVIEW_BACKDATED"),
    ],
    ids=["backdated", "future-dated"],
)
def test_a_review_is_recorded_when_it_is_held(
    scenario: Scenario, shift: timedelta, code: str
) -> None:
    """G09: no backdated and no future-dated reviews."""
    s = scenario
    case = imposed(s)
    s.clock.advance(days=10)
    case, data = _review(s, case, reviewed_at=(s.clock.now + shift).isoformat())
    refusal = refused(s, case, "review_interim_measure", Role.CMG, **data)
    assert refusal.reason == code
    assert case.interim_measures[-1].reviews == []


def test_a_review_cannot_set_the_next_review_beyond_the_interval(scenario: Scenario) -> None:
    """G09: next_review_at <= reviewed_at + 28 days."""
    s = scenario
    case = imposed(s)
    s.clock.advance(days=10)
    case, data = _review(s, case, next_review_at=(s.clock.now + timedelta(days=29)).isoformat())
    refusal = refused(s, case, "review_interim_measure", Role.CMG, **data)
    assert refusal.reason == "E_G09_REVIEW_INTERVAL_TOO_LONG"


def test_a_review_needs_a_cmg_decision(scenario: Scenario) -> None:
    """G22 on I2: the review is a CMG decision."""
    s = scenario
    case = imposed(s)
    case, data = _review(s, case, cmg_decision_id=None)
    refusal = refused(s, case, "review_interim_measure", Role.CMG, **data)
    assert refusal.reason == "E_G22_CMG_QUORUM"


def test_an_overdue_measure_cannot_be_varied_before_it_is_reviewed(scenario: Scenario) -> None:
    """G09 (ii): vary_interim_measure is refused while the review is overdue."""
    s = scenario
    case = imposed(s)
    measure_id = case.interim_measures[-1].id
    s.clock.advance(days=22)
    refusal = refused(
        s, case, "vary_interim_measure", Role.CMG, measure_id=measure_id, scope="All club venues"
    )
    assert refusal.reason == "E_G09_REVIEW_OVERDUE"
    assert case.interim_measures[-1].scope == ""
    case, data = _review(s, case)
    case = s.run(case, "review_interim_measure", Role.CMG, **data)
    case = s.run(
        case, "vary_interim_measure", Role.CMG, measure_id=measure_id, scope="All club venues"
    )
    assert case.interim_measures[-1].scope == "All club venues"


def test_a_measure_within_its_review_date_may_be_varied(scenario: Scenario) -> None:
    """G09: varying is allowed while the review date has not passed."""
    s = scenario
    case = imposed(s)
    s.clock.advance(days=20)
    case = s.run(
        case,
        "vary_interim_measure",
        Role.CMG,
        measure_id=case.interim_measures[-1].id,
        scope="Training sessions only",
    )
    assert case.interim_measures[-1].scope == "Training sessions only"


def test_the_overdue_timer_lists_overdue_measures_without_lifting_them(scenario: Scenario) -> None:
    """G09/I6: overdue measures are escalated, not auto-lifted (safeguarding default)."""
    s = scenario
    case = imposed(s)
    measure_id = case.interim_measures[-1].id
    s.clock.advance(days=22)
    case = s.run(case, "interim_review_overdue", Role.SYS)
    assert s.last is not None
    assert s.last.events[0].payload["overdue"] == [measure_id]
    assert case.interim_measures[-1].state is InterimState.IM_IN_FORCE


def test_only_the_system_runs_the_overdue_timer(scenario: Scenario) -> None:
    """G28/I6: interim_review_overdue is a SYS trigger."""
    s = scenario
    case = imposed(s)
    s.clock.advance(days=22)
    assert refused(s, case, "interim_review_overdue").reason == "E_G28_ACCESS_DENIED"


def test_an_unratified_emergency_measure_lapses(scenario: Scenario) -> None:
    """G09/I6: a DSL emergency measure not ratified by ratify_by lapses, and it is audited."""
    s = scenario
    case = s.run(s.triaged(), "impose_interim_measure", **_emergency(s, 2))
    s.clock.advance(days=3)
    case = s.run(case, "interim_review_overdue", Role.SYS)
    assert case.interim_measures[-1].state is InterimState.IM_LAPSED
    assert s.last is not None
    assert "InterimMeasureLapsed" in [e.type for e in s.last.events]
    assert list(s.audit)[-1].outcome == "ALLOWED"


def test_a_ratified_emergency_measure_stays_in_force(scenario: Scenario) -> None:
    """G09/G22: ratification by a quorate CMG decision keeps the measure."""
    s = scenario
    case = s.run(s.triaged(), "impose_interim_measure", **_emergency(s, 2))
    case, decision_id = s.with_cmg(case, "ratify interim")
    case = s.run(
        case,
        "ratify_interim_measure",
        Role.CMG,
        measure_id=case.interim_measures[-1].id,
        cmg_decision_id=decision_id,
    )
    s.clock.advance(days=3)
    case = s.run(case, "interim_review_overdue", Role.SYS)
    assert case.interim_measures[-1].state is InterimState.IM_IN_FORCE


def test_an_interim_measure_is_superseded_when_the_sanction_comes_into_force(
    scenario: Scenario,
) -> None:
    """I4: the final sanction replaces the interim measure (T32)."""
    s = scenario
    case = imposed(s, s.risk_assessed())
    case = s.sanction_in_force(s.notified(s.decided(s.in_hearing(s.hearing_pending(case)))))
    assert case.state is CaseState.SANCTION_IN_FORCE
    assert case.interim_measures[-1].state is InterimState.IM_SUPERSEDED
    assert case.interim_in_force() == []


def test_an_interim_measure_is_lifted_when_the_case_ends_without_sanction(
    scenario: Scenario,
) -> None:
    """I5: no further action after triage lifts the interim measure (T14)."""
    s = scenario
    case = imposed(s)
    case = s.run(
        case,
        "no_further_action",
        rationale=SHORT_RATIONALE,
        decided_by=[s.cast.dsl.id],
    )
    assert case.state is CaseState.NFA
    assert case.interim_measures[-1].state is InterimState.IM_LIFTED


# --- G40: return to sport -------------------------------------------------------------------------


def monitoring(s: Scenario, case: Case | None = None) -> Case:
    case = s.sanction_in_force(case)
    return s.run(case, "start_monitoring", conditions="Monthly check-ins with the welfare officer")


def return_assessed(s: Scenario, case: Case, outcome: str = "SUITABLE") -> Case:
    case = s.run(case, "sign_coi_declaration", person_id=s.cast.assessor.id)
    case = s.run(case, "commission_return_assessment", assessor_id=s.cast.assessor.id)
    s.clock.advance(days=1)
    return s.run(
        case,
        "complete_risk_assessment",
        Role.RA,
        **assessment(kind="RETURN_TO_SPORT", outcome=outcome),
    )


def completion(s: Scenario, returning: bool = True) -> dict[str, Any]:
    return {
        "rationale": "Monitoring completed; every condition was met over the period.",
        "decided_by": [s.cast.dsl.id],
        "returning_to_role": returning,
    }


@pytest.mark.parametrize("outcome", ["SUITABLE", "SUITABLE_WITH_CONDITIONS"])
def test_a_return_to_role_follows_a_suitable_return_to_sport_assessment(
    scenario: Scenario, outcome: str
) -> None:
    """G40: a complete RETURN_TO_SPORT assessment with a suitable outcome."""
    s = scenario
    case = return_assessed(s, monitoring(s), outcome)
    case = s.run(case, "complete_monitoring", **completion(s))
    assert case.state is CaseState.CLOSED
    assert case.closure_reason is ClosureReason.SANCTION_COMPLETED
    assessed = case.current_risk_assessment(RiskAssessmentKind.RETURN_TO_SPORT)
    assert assessed is not None
    assert assessed.complete


def test_a_return_to_role_without_a_return_to_sport_assessment_is_refused(
    scenario: Scenario,
) -> None:
    """G40: no RETURN_TO_SPORT assessment (the post-investigation one does not count)."""
    s = scenario
    case = monitoring(s)
    refusal = refused(s, case, "complete_monitoring", **completion(s))
    assert refusal.reason == "E_G40_RETURN_RISK_ASSESSMENT"
    assert case.state is CaseState.MONITORING


def test_a_return_to_role_waits_for_the_assessment_to_be_completed(scenario: Scenario) -> None:
    """G40: a commissioned but incomplete assessment does not count."""
    s = scenario
    case = monitoring(s)
    case = s.run(case, "sign_coi_declaration", person_id=s.cast.assessor.id)
    case = s.run(case, "commission_return_assessment", assessor_id=s.cast.assessor.id)
    refusal = refused(s, case, "complete_monitoring", **completion(s))
    assert refusal.reason == "E_G40_RETURN_RISK_ASSESSMENT"


def test_a_not_suitable_assessment_does_not_allow_a_return(scenario: Scenario) -> None:
    """G40: outcome must be SUITABLE or SUITABLE_WITH_CONDITIONS."""
    s = scenario
    case = return_assessed(s, monitoring(s), "NOT_SUITABLE")
    refusal = refused(s, case, "complete_monitoring", **completion(s))
    assert refusal.reason == "E_G40_RETURN_RISK_ASSESSMENT"


def test_monitoring_ends_without_an_assessment_when_nobody_returns(scenario: Scenario) -> None:
    """G40 applies only with returning_to_role=true."""
    s = scenario
    case = s.run(monitoring(s), "complete_monitoring", **completion(s, returning=False))
    assert case.state is CaseState.CLOSED


def test_a_return_to_sport_assessment_must_fall_within_the_window_before_the_sanction_ends(
    scenario: Scenario,
) -> None:
    """G40: completed_at after sanction end - assessment_window (60 days, Scotland)."""
    s = scenario
    case = s.triaged(severity="MEDIUM")
    case = s.in_hearing(s.hearing_pending(s.risk_assessed(s.concluded(s.investigating(case)))))
    case = s.decided(case, sanctions=[{"type": "SUSPENSION", "months": 6}])
    case = monitoring(s, s.notified(case))
    (sanction,) = case.sanctions()
    assert sanction.ends_at is not None
    early = return_assessed(s, case)
    refusal = refused(s, early, "complete_monitoring", **completion(s))
    assert refusal.reason == "E_G40_RETURN_RISK_ASSESSMENT"
    s.clock.set(sanction.ends_at - timedelta(days=30))
    case = return_assessed(s, early)
    case = s.run(case, "complete_monitoring", **completion(s))
    assert case.state is CaseState.CLOSED


# --- G28: need to know (command-specific parts) --------------------------------------------------


def test_evidence_cleared_by_the_file_scan_is_added(scenario: Scenario) -> None:
    """G28: add_evidence with a clean scan."""
    s = scenario
    case = s.run(
        s.investigating(),
        "add_evidence",
        Role.INV,
        kind="STATEMENT",
        description="Witness statement",
    )
    assert [e.kind for e in case.evidence] == ["STATEMENT"]


def test_evidence_not_cleared_by_the_file_scan_is_refused(scenario: Scenario) -> None:
    """G28: add_evidence is refused when the file is not scanned clean."""
    s = scenario
    case = s.investigating()
    refusal = refused(
        s,
        case,
        "add_evidence",
        Role.INV,
        kind="PHOTO",
        description="Photo from a phone",
        scanned_clean=False,
    )
    assert refusal.reason == "E_G28_ACCESS_DENIED"
    assert case.evidence == []


def test_an_investigator_not_appointed_to_the_case_is_refused(scenario: Scenario) -> None:
    """G28: an active assignment in the acting role is needed."""
    s = scenario
    case = s.investigating()
    stranger = newcomer(s, "Uma Unassigned")
    refusal = refused_as(
        s, case, "add_evidence", Role.INV, stranger, kind="STATEMENT", description="Notes"
    )
    assert refusal.reason == "E_G28_ACCESS_DENIED"
    refusal = refused_as(s, case, "submit_investigation_report", Role.INV, stranger, **report(case))
    assert refusal.reason == "E_G28_ACCESS_DENIED"


def test_a_user_of_another_organisation_is_refused(scenario: Scenario) -> None:
    """G28: cross-org access is impossible, even for the same person and role."""
    s = scenario
    case = s.investigating()
    before = case.model_dump()
    actor = Actor(person_id=s.cast.dsl.id, role=Role.DSL, organisation_id="org-b")
    command = build_command("add_evidence", {"kind": "STATEMENT", "description": "Notes"})
    with pytest.raises(CommandRefused) as exc:
        s.lifecycle.execute(case, command, actor)
    assert exc.value.reason == "E_G28_ACCESS_DENIED"
    assert case.model_dump() == before
    assert list(s.audit)[-1].outcome == "REFUSED:E_G28_ACCESS_DENIED"


def test_break_glass_needs_a_reason_of_fifty_characters(scenario: Scenario) -> None:
    """G28: break_glass_read(case, reason >= 50 chars)."""
    s = scenario
    case = s.triaged()
    refusal = refused(s, case, "break_glass_read", Role.AUD, reason="Board review")
    assert refusal.reason == "E_G28_ACCESS_DENIED"


def test_break_glass_with_a_reason_is_granted_and_audited(scenario: Scenario) -> None:
    """G28: a reasoned break-glass read is allowed and audited as BREAK_GLASS."""
    s = scenario
    case = s.triaged()
    after = s.run(case, "break_glass_read", Role.ADMIN, reason=BREAK_GLASS)
    assert after.state is case.state
    entry = list(s.audit)[-1]
    assert (entry.action, entry.outcome) == ("BREAK_GLASS", "ALLOWED")
