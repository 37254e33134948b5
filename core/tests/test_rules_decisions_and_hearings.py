"""Decisions, hearings and appeals (DOMAIN.md §2: G05-G08, G13, G24-G27, G34, G37, G38) and the
steps the engine takes by itself after an appeal decision or an expired window (T33, T36-T38).

Every case is built through the lifecycle by the scenario's journeys. Each refusal is checked
for its exact code, for leaving the case as it was, and for being audited (G31).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from safecase.core.case import Case, PartyRole
from safecase.core.errors import CommandRefused
from safecase.core.people import Person
from safecase.core.plugins import get_plugins
from safecase.core.states import CaseState, ClosureReason, Role
from safecase.core.testing import Scenario
from safecase.core.testing.scenario import LONG_RATIONALE

STATEMENT = "The panel refused to read the respondent's written submission before deciding."
OPINION = (
    "Advice to the organisation: the conduct described breaches the code of conduct, and a "
    "written warning with safeguarding training would be a proportionate response here."
)
G05 = "E_G05_APPEAL_PANEL_NOT_INDEPENDENT"


# --- helpers ----------------------------------------------------------------------------------


def refused(
    s: Scenario,
    case: Case,
    code: str,
    command: str,
    acting: Role = Role.DSL,
    person: Person | None = None,
    **data: Any,
) -> CommandRefused:
    """Run a command that must be refused with ``code``; check it changed nothing, was audited."""
    refusal = s.refusal(case, command, acting, person, **data)
    assert refusal.reason == code
    assert list(s.audit)[-1].case_id == case.id
    return refusal


def transitions(case: Case) -> list[str]:
    return [record.transition for record in case.history]


def assessed(s: Scenario, case: Case | None = None, severity: str | None = None) -> Case:
    """A case in RISK_ASSESSMENT with a completed assessment (ready for a panel)."""
    case = s.triaged(case, severity=severity)
    return s.risk_assessed(s.concluded(s.investigating(case)))


def appeal(s: Scenario, case: Case | None = None, *, after_days: int = 3) -> Case:
    """The respondent lodges an appeal, ``after_days`` after a notified first-instance decision."""
    case = case or s.notified()
    s.clock.advance(days=after_days)
    respondent = s.people.get(case.parties_in(PartyRole.RESPONDENT)[0].person_id)
    return s.run(
        case,
        "lodge_appeal",
        Role.RESP,
        respondent,
        appellant="RESPONDENT",
        grounds=["PROCEDURAL_UNFAIRNESS"],
        statement=STATEMENT,
    )


def appeal_hearing(s: Scenario, case: Case | None = None) -> Case:
    case = appeal(s, case)
    case = s.appoint(case, s.cast.appeal_panel, "appoint_appeal_panel", Role.DSL)
    s.clock.advance(days=7)
    return s.run(case, "open_appeal_hearing", Role.ACH)


def appeal_decision(s: Scenario, case: Case, result: str, **overrides: Any) -> dict[str, Any]:
    decision = s.decision(case, decided_by=[s.cast.appeal_panel[0].id])
    return {**decision, "result": result, **overrides}


def decided_on_appeal(s: Scenario, result: str, **overrides: Any) -> Case:
    case = appeal_hearing(s)
    return s.run(
        case, "issue_appeal_decision", Role.ACH, **appeal_decision(s, case, result, **overrides)
    )


def with_opinion(s: Scenario, case: Case) -> tuple[Case, str]:
    """An advisory share to the first adviser, who gives an opinion; returns its id."""
    adviser = s.cast.advisers[0]
    case = s.run(
        case,
        "record_consent",
        purpose="ADVISORY_SHARE",
        consent={"subject_person_id": s.cast.complainant.id, "given_by": "SELF"},
    )
    case = s.run(case, "start_advisory_request", question="Is a written warning proportionate?")
    case = s.run(case, "sign_coi_declaration", person_id=adviser.id)
    case = s.run(
        case,
        "publish_advisory_packet",
        members=[adviser.id],
        expires_at=s.clock.now + timedelta(days=10),
        summary="Respondent R raised their voice at Complainant A during training.",
    )
    case = s.run(case, "submit_advisory_opinion", Role.ADV, text=OPINION)
    return case, case.shares[-1].opinions[-1].id


def minor_respondent_case(s: Scenario) -> Case:
    """A reported case whose respondent is a 16-year-old junior member (G13)."""
    today = s.clock.now.date()
    teen = s.people.add(Person(name="Taylor Young", date_of_birth=date(today.year - 16, 1, 10)))
    case = s.open(
        "submit_report",
        narrative="An older junior swimmer is said to have pushed a younger one at training.",
        parties=[
            {"person_id": s.cast.complainant.id, "role": "COMPLAINANT"},
            {"person_id": teen.id, "role": "RESPONDENT"},
        ],
        categories=[s.category()],
    )
    return case


def referral(s: Scenario, case: Case, **overrides: Any) -> dict[str, Any]:
    """A complete refer_to_disciplinary payload (T25), with a fresh CMG decision."""
    case, decision_id = s.with_cmg(case, "refer to disciplinary")
    payload: dict[str, Any] = {
        "notice_served_at": s.clock.now,
        "cmg_decision_id": decision_id,
        "child_supporter": "Named supporter",
        "respondent_support_person": "Rep",
        "complainant_welfare_plan": True,
        "respondent_welfare_plan": True,
    }
    return {"case": case, **payload, **overrides}


def panellist(s: Scenario, name: str, **extra: Any) -> Person:
    return s.people.add(Person(name=name, **extra))


def appoint(s: Scenario, case: Case, members: list[dict[str, Any]], **extra: Any) -> Case:
    for member in members:
        case = s.run(case, "sign_coi_declaration", person_id=member["person_id"])
    return s.run(case, "appoint_panel", Role.CMG, members=members, **extra)


def refused_appointment(
    s: Scenario, case: Case, code: str, members: list[dict[str, Any]], **extra: Any
) -> None:
    for member in members:
        case = s.run(case, "sign_coi_declaration", person_id=member["person_id"])
    refused(s, case, code, "appoint_panel", Role.CMG, members=members, **extra)


# --- G05: appeal panel independence --------------------------------------------------------------


def test_an_appeal_panel_of_people_new_to_the_case_is_appointed_and_sits(
    scenario: Scenario,
) -> None:
    """G05: nobody on the appeal panel was involved before, so T34 opens the appeal hearing."""
    case = appeal_hearing(scenario)
    assert case.state is CaseState.APPEAL_HEARING
    assert transitions(case)[-1] == "T34"


@pytest.mark.parametrize(
    "involved",
    [
        "first-instance panel chair",
        "investigator",
        "risk assessor",
        "CMG member who voted",
        "case owner",
    ],
)
def test_an_appeal_panel_cannot_include_anyone_involved_at_first_instance(
    scenario: Scenario, involved: str
) -> None:
    """G05: first-instance panel, investigator, assessor, voting CMG member, case owner."""
    cast = scenario.cast
    person = {
        "first-instance panel chair": cast.panel[0],
        "investigator": cast.investigator,
        "risk assessor": cast.assessor,
        "CMG member who voted": cast.cmg[1],
        "case owner": cast.dsl,
    }[involved]
    case = appeal(scenario)
    refused(
        scenario,
        case,
        G05,
        "appoint_appeal_panel",
        members=[{"person_id": person.id, "chair": True}],
    )


def test_an_adviser_who_gave_an_opinion_cannot_sit_on_the_appeal_panel(
    scenario: Scenario,
) -> None:
    """G05: advisory members who gave an opinion on the case are excluded from the appeal."""
    case, _ = with_opinion(scenario, appeal(scenario))
    adviser = scenario.cast.advisers[0]
    refused(
        scenario,
        case,
        G05,
        "appoint_appeal_panel",
        members=[{"person_id": adviser.id, "chair": True}],
    )


def test_an_appeal_hearing_cannot_open_once_a_panel_member_has_voted_in_the_cmg(
    scenario: Scenario,
) -> None:
    """G05 is re-checked at T34: an appeal panel member who later voted in the CMG is out."""
    case = appeal(scenario)
    case = scenario.appoint(case, scenario.cast.appeal_panel, "appoint_appeal_panel", Role.DSL)
    member = scenario.cast.appeal_panel[0]
    case = scenario.run(case, "assign_role", person_id=member.id, role="CMG")
    case = scenario.run(
        case,
        "record_cmg_decision",
        Role.CMG,
        subject="interim measures",
        members_present=[*(m.id for m in scenario.cast.cmg), member.id],
        vote_outcome="agreed 4-0",
    )
    error = refused(scenario, case, G05, "open_appeal_hearing", Role.ACH)
    assert member.id in error.message  # the ACH is told who is not independent


def test_a_remitted_case_goes_back_to_hearing_pending_for_a_new_panel(scenario: Scenario) -> None:
    """T38 (G05): REMITTED moves the case to HEARING_PENDING; the old panel may not rehear it."""
    case = decided_on_appeal(scenario, "REMITTED")
    assert case.state is CaseState.HEARING_PENDING
    assert transitions(case)[-2:] == ["T35", "T38"]
    refused(scenario, case, G05, "open_hearing", Role.PCH)


@pytest.mark.parametrize("earlier", ["first-instance panel", "appeal panel"])
def test_a_rehearing_panel_cannot_include_a_member_of_the_first_instance_or_appeal_panel(
    scenario: Scenario, earlier: str
) -> None:
    """G05 (T38): the new panel is disjoint from the first-instance and the appeal panels."""
    case = decided_on_appeal(scenario, "REMITTED")
    person = {
        "first-instance panel": scenario.cast.panel[0],
        "appeal panel": scenario.cast.appeal_panel[0],
    }[earlier]
    refused(
        scenario,
        case,
        G05,
        "appoint_panel",
        Role.CMG,
        members=[{"person_id": person.id, "chair": True}],
    )


def test_a_fresh_panel_rehears_a_remitted_case_and_its_new_decision_can_be_appealed(
    scenario: Scenario,
) -> None:
    """G05 and G06: the re-hearing needs the spare panel; levels are counted per decision."""
    s = scenario
    case = decided_on_appeal(s, "REMITTED")
    case = s.appoint(case, s.cast.spare_panel)
    chair = s.cast.spare_panel[0]
    case = s.run(case, "open_hearing", Role.PCH, chair)
    assert case.state is CaseState.DISCIPLINARY_HEARING
    case = s.run(case, "issue_decision", Role.PCH, chair, **s.decision(case, decided_by=[chair.id]))
    case = appeal(s, s.notified(case))
    assert case.state is CaseState.APPEAL_LODGED
    assert len(case.appeals) == 2


# --- G06: the appeal window ----------------------------------------------------------------------


def test_a_respondent_may_appeal_on_the_last_day_of_the_window(scenario: Scenario) -> None:
    """G06: within end_of_day(notified_at + 14 days) the appeal is lodged (T31)."""
    case = scenario.notified()
    scenario.clock.advance(days=14)
    case = appeal(scenario, case, after_days=0)
    assert case.state is CaseState.APPEAL_LODGED
    assert transitions(case)[-1] == "T31"


def test_an_appeal_after_the_window_has_closed_is_out_of_time(scenario: Scenario) -> None:
    """G06: after the deadline, lodge_appeal is refused."""
    case = scenario.notified()
    scenario.after_appeal_window()
    refused(
        scenario,
        case,
        "E_G06_APPEAL_OUT_OF_TIME",
        "lodge_appeal",
        Role.RESP,
        appellant="RESPONDENT",
        grounds=["NEW_EVIDENCE"],
        statement=STATEMENT,
    )


DEADLINES = [
    # notified at (UTC), deadline = 23:59:59 Europe/London on the 14th day after, as UTC
    pytest.param(
        datetime(2026, 11, 2, 10, 0, tzinfo=UTC),
        datetime(2026, 11, 16, 23, 59, 59, tzinfo=UTC),
        id="GMT",
    ),
    pytest.param(
        datetime(2026, 3, 20, 10, 0, tzinfo=UTC),
        datetime(2026, 4, 3, 22, 59, 59, tzinfo=UTC),
        id="notified-in-GMT-deadline-in-BST",
    ),
    pytest.param(
        datetime(2026, 6, 10, 23, 30, tzinfo=UTC),  # 00:30 on 11 June in London
        datetime(2026, 6, 25, 22, 59, 59, tzinfo=UTC),
        id="BST-after-local-midnight",
    ),
    pytest.param(
        datetime(2026, 10, 20, 12, 0, tzinfo=UTC),
        datetime(2026, 11, 3, 23, 59, 59, tzinfo=UTC),
        id="notified-in-BST-deadline-in-GMT",
    ),
]


def notified_at(s: Scenario, instant: datetime) -> Case:
    case = s.decided()
    s.clock.set(instant)
    return s.run(case, "notify_parties", notified_at=dict.fromkeys(("RESPONDENT", "ORG"), instant))


@pytest.mark.parametrize(("notified", "deadline"), DEADLINES)
def test_the_appeal_deadline_is_the_end_of_the_fourteenth_day_in_london(
    scenario: Scenario, notified: datetime, deadline: datetime
) -> None:
    """G06/G39: deadline[P] = end_of_day(notified_at[P] + window) in Europe/London."""
    window = scenario.rule_set.appeal.window.period
    assert scenario.lifecycle.calendar.deadline(notified, window) == deadline
    case = notified_at(scenario, notified)
    scenario.clock.set(deadline)
    assert appeal(scenario, case, after_days=0).state is CaseState.APPEAL_LODGED


@pytest.mark.parametrize(("notified", "deadline"), DEADLINES)
def test_one_second_after_the_deadline_the_appeal_is_out_of_time(
    scenario: Scenario, notified: datetime, deadline: datetime
) -> None:
    """G06: the instant after 23:59:59 London time on the last day is too late."""
    case = notified_at(scenario, notified)
    scenario.clock.set(deadline + timedelta(seconds=1))
    refused(
        scenario,
        case,
        "E_G06_APPEAL_OUT_OF_TIME",
        "lodge_appeal",
        Role.RESP,
        appellant="RESPONDENT",
        grounds=["NEW_EVIDENCE"],
        statement=STATEMENT,
    )


def test_an_extension_granted_before_the_deadline_lets_the_party_appeal_later(
    scenario: Scenario,
) -> None:
    """G06: an extension with a 20+ character reason, granted in time, moves the deadline."""
    s = scenario
    case = s.notified()
    s.clock.advance(days=10)
    case = s.run(
        case,
        "grant_appeal_extension",
        party="RESPONDENT",
        new_deadline=s.clock.now + timedelta(days=20),
        reason="Respondent in hospital; needs time to instruct a representative",
    )
    s.clock.advance(days=15)  # past the original deadline, within the extension
    assert appeal(s, case, after_days=0).state is CaseState.APPEAL_LODGED


def test_an_extension_cannot_be_granted_after_the_deadline(scenario: Scenario) -> None:
    """G06: an extension must be granted before the party's deadline."""
    s = scenario
    case = s.notified()
    s.after_appeal_window()
    refused(
        s,
        case,
        "E_G06_APPEAL_OUT_OF_TIME",
        "grant_appeal_extension",
        party="RESPONDENT",
        new_deadline=s.clock.now + timedelta(days=10),
        reason="Respondent in hospital; needs time to instruct a representative",
    )


def test_an_extension_needs_a_reason_of_at_least_twenty_characters(scenario: Scenario) -> None:
    """G06: the extension's reason has 20+ characters."""
    s = scenario
    case = s.notified()
    refused(
        s,
        case,
        "E_G06_APPEAL_OUT_OF_TIME",
        "grant_appeal_extension",
        party="RESPONDENT",
        new_deadline=s.clock.now + timedelta(days=30),
        reason="asked for more time",
    )


def test_a_complainant_may_appeal_where_the_rule_set_allows_all_parties(
    scenario: Scenario,
) -> None:
    """G06: Scotland lets the respondent, the complainant and the organisation appeal."""
    case = scenario.run(
        scenario.notified(),
        "lodge_appeal",
        Role.COMP,
        appellant="COMPLAINANT",
        grounds=["SANCTION_DISPROPORTIONATE"],
        statement=STATEMENT,
    )
    assert case.state is CaseState.APPEAL_LODGED


def test_a_complainant_may_not_appeal_under_the_us_rule_set() -> None:
    """G06: the "usa" rule set lets only the respondent and the organisation appeal."""
    s = Scenario("usa")
    case = s.notified()
    refused(
        s,
        case,
        "E_G06_NOT_ENTITLED",
        "lodge_appeal",
        Role.COMP,
        appellant="COMPLAINANT",
        grounds=["SANCTION_DISPROPORTIONATE"],
        statement=STATEMENT,
    )
    assert appeal(s, case).state is CaseState.APPEAL_LODGED


def test_a_complainant_cannot_lodge_an_appeal_in_the_respondents_name() -> None:
    """G06: a party lodges only their own appeal (no way round who_may_appeal)."""
    s = Scenario("usa")
    refused(
        s,
        s.notified(),
        "E_G06_NOT_ENTITLED",
        "lodge_appeal",
        Role.COMP,
        appellant="RESPONDENT",
        grounds=["SANCTION_DISPROPORTIONATE"],
        statement=STATEMENT,
    )


def test_a_respondent_cannot_waive_the_complainants_right_of_appeal(scenario: Scenario) -> None:
    """G06: a waiver is recorded by the party who waives (or by the DSL)."""
    refused(
        scenario,
        scenario.notified(),
        "E_G06_NOT_ENTITLED",
        "waive_appeal",
        Role.RESP,
        party="COMPLAINANT",
    )


def test_a_second_appeal_while_one_is_lodged_is_refused(scenario: Scenario) -> None:
    """G06: one internal appeal level per decision."""
    case = appeal(scenario)
    refused(
        scenario,
        case,
        "E_G06_NO_FURTHER_APPEAL",
        "lodge_appeal",
        Role.COMP,
        appellant="COMPLAINANT",
        grounds=["NEW_EVIDENCE"],
        statement=STATEMENT,
    )


@pytest.mark.parametrize("result", ["UPHELD", "OVERTURNED"])
def test_an_appeal_decision_cannot_itself_be_appealed(scenario: Scenario, result: str) -> None:
    """G06: after the appeal is decided (T36/T37 follow at once) there is no further appeal."""
    case = decided_on_appeal(scenario, result, sanctions=[])
    refused(
        scenario,
        case,
        "E_G06_NO_FURTHER_APPEAL",
        "lodge_appeal",
        Role.RESP,
        appellant="RESPONDENT",
        grounds=["NEW_EVIDENCE"],
        statement=STATEMENT,
    )


def test_appealing_the_first_instance_decision_once_the_sanction_is_in_force_is_out_of_time(
    scenario: Scenario,
) -> None:
    """G06: lodge_appeal in SANCTION_IN_FORCE targets a decision whose window has passed."""
    case = scenario.sanction_in_force()
    refused(
        scenario,
        case,
        "E_G06_APPEAL_OUT_OF_TIME",
        "lodge_appeal",
        Role.RESP,
        appellant="RESPONDENT",
        grounds=["NEW_EVIDENCE"],
        statement=STATEMENT,
    )


def test_the_window_cannot_be_closed_while_a_party_may_still_appeal(scenario: Scenario) -> None:
    """G06: appeal_window_expired runs only after every entitled party's deadline."""
    case = scenario.notified()
    scenario.clock.advance(days=14)
    refused(scenario, case, "E_G06_WINDOW_STILL_OPEN", "appeal_window_expired", Role.SYS)


def test_the_window_stays_open_until_every_entitled_party_has_waived(scenario: Scenario) -> None:
    """G06: the respondent's and complainant's waivers do not close the organisation's window."""
    case = scenario.notified()
    case = scenario.run(case, "waive_appeal", Role.RESP, party="RESPONDENT")
    case = scenario.run(case, "waive_appeal", Role.COMP, party="COMPLAINANT")
    refused(scenario, case, "E_G06_WINDOW_STILL_OPEN", "appeal_window_expired", Role.SYS)


def test_waivers_by_every_entitled_party_let_the_sanction_come_into_force_early(
    scenario: Scenario,
) -> None:
    """G06 (T32): once all parties have waived, the window may close before its deadline."""
    case = scenario.notified()
    case = scenario.run(case, "waive_appeal", Role.RESP, party="RESPONDENT")
    case = scenario.run(case, "waive_appeal", Role.COMP, party="COMPLAINANT")
    case = scenario.run(case, "waive_appeal", Role.DSL, party="ORG")
    case = scenario.run(case, "appeal_window_expired", Role.SYS)
    assert case.state is CaseState.SANCTION_IN_FORCE
    assert transitions(case)[-1] == "T32"


# --- G27: grounds of appeal ----------------------------------------------------------------------


def test_an_appeal_with_a_listed_ground_and_a_fifty_character_statement_is_lodged(
    scenario: Scenario,
) -> None:
    """G27: one ground from the rule set and a statement of 50+ characters."""
    statement = "x" * 50
    case = scenario.run(
        scenario.notified(),
        "lodge_appeal",
        Role.RESP,
        appellant="RESPONDENT",
        grounds=["PANEL_CONFLICT"],
        statement=statement,
    )
    assert case.appeals[-1].grounds == ("PANEL_CONFLICT",)


@pytest.mark.parametrize(
    ("grounds", "statement"),
    [
        pytest.param([], STATEMENT, id="no-ground"),
        pytest.param(["I_DISAGREE"], STATEMENT, id="ground-not-in-rule-set"),
        pytest.param(["NEW_EVIDENCE"], "x" * 49, id="statement-too-short"),
    ],
)
def test_an_appeal_needs_grounds_from_the_rule_set_and_a_statement(
    scenario: Scenario, grounds: list[str], statement: str
) -> None:
    """G27: without a listed ground or a 50+ character statement the appeal is refused."""
    refused(
        scenario,
        scenario.notified(),
        "E_G27_NO_GROUNDS",
        "lodge_appeal",
        Role.RESP,
        appellant="RESPONDENT",
        grounds=grounds,
        statement=statement,
    )


# --- G07: rationale and standard of proof --------------------------------------------------------


def test_a_decision_with_a_full_record_is_issued(scenario: Scenario) -> None:
    """G07: 100+ character rationale, deciders, the rule set's standard, findings, information."""
    case = scenario.decided(rationale="r" * 100)
    assert case.state is CaseState.DECISION_ISSUED
    decision = case.decisions[-1]
    assert decision.standard_of_proof == "BALANCE_OF_PROBABILITIES"
    assert decision.decided_by == (scenario.cast.panel[0].id,)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"rationale": "r" * 99}, id="rationale-under-100"),
        pytest.param({"decided_by": []}, id="no-decision-makers"),
        pytest.param({"findings": []}, id="no-findings"),
        pytest.param({"information_considered": []}, id="no-information-considered"),
        pytest.param(
            {
                "findings": [
                    {"allegation": "Shouting", "code_reference": "NOT.A.CODE", "finding": "PROVEN"}
                ]
            },
            id="finding-without-code-reference",
        ),
    ],
)
def test_a_decision_without_its_rationale_record_is_refused(
    scenario: Scenario, change: dict[str, Any]
) -> None:
    """G07: rationale, deciders, findings citing the code, and information considered."""
    case = scenario.in_hearing()
    payload = {**scenario.decision(case), **change}
    refused(scenario, case, "E_G07_RATIONALE_MISSING", "issue_decision", Role.PCH, **payload)


@pytest.mark.parametrize("standard", ["BEYOND_REASONABLE_DOUBT", None, "PREPONDERANCE_OF_EVIDENCE"])
def test_a_decision_must_apply_the_rule_sets_standard_of_proof(
    scenario: Scenario, standard: str | None
) -> None:
    """G07: Scotland decides on the balance of probabilities; any other (or none) is refused."""
    case = scenario.in_hearing()
    payload = {**scenario.decision(case), "standard_of_proof": standard}
    refused(scenario, case, "E_G07_STANDARD_OF_PROOF", "issue_decision", Role.PCH, **payload)


def test_the_us_rule_set_decides_on_the_preponderance_of_evidence() -> None:
    """G07: the US rule set's standard is PREPONDERANCE_OF_EVIDENCE."""
    s = Scenario("usa")
    case = s.decided()
    assert case.decisions[-1].standard_of_proof == "PREPONDERANCE_OF_EVIDENCE"


def test_an_appeal_decision_needs_a_rationale_of_a_hundred_characters(
    scenario: Scenario,
) -> None:
    """G07: issue_appeal_decision is an adjudication."""
    case = appeal_hearing(scenario)
    payload = appeal_decision(scenario, case, "UPHELD", rationale="r" * 99)
    refused(scenario, case, "E_G07_RATIONALE_MISSING", "issue_appeal_decision", Role.ACH, **payload)


def test_no_further_action_needs_a_thirty_character_rationale(scenario: Scenario) -> None:
    """G07: other decisions need 30+ characters (T14)."""
    case = scenario.triaged()
    refused(
        scenario,
        case,
        "E_G07_RATIONALE_MISSING",
        "no_further_action",
        rationale="r" * 29,
        decided_by=[scenario.cast.dsl.id],
    )
    case = scenario.run(
        case, "no_further_action", rationale="r" * 30, decided_by=[scenario.cast.dsl.id]
    )
    assert case.state is CaseState.NFA


# --- G08: advice is never the decision -------------------------------------------------------


@pytest.mark.parametrize("command", ["issue_decision", "lodge_appeal", "impose_interim_measure"])
def test_an_advisory_member_can_never_run_a_lifecycle_command(
    scenario: Scenario, command: str
) -> None:
    """G08(a): an ADV actor running a T or I command is refused with G08, before G28."""
    case = scenario.in_hearing()
    payload: dict[str, Any] = {
        "issue_decision": scenario.decision(case, decided_by=[scenario.cast.advisers[0].id]),
        "lodge_appeal": {
            "appellant": "ORG",
            "grounds": ["NEW_EVIDENCE"],
            "statement": STATEMENT,
        },
        "impose_interim_measure": {
            "type": "TEMPORARY_SUSPENSION",
            "reason": "Risk to children while the disciplinary process runs",
            "next_review_at": scenario.clock.now + timedelta(days=14),
            "notify_plan": "Respondent told in writing",
        },
    }[command]
    refused(scenario, case, "E_G08_ADVISORY_NOT_DECISION", command, Role.ADV, **payload)


def test_an_adviser_cannot_be_named_among_the_decision_makers(scenario: Scenario) -> None:
    """G08(b): decided_by holds only the organisation's appointed decision-makers."""
    case = scenario.in_hearing()
    deciders = [scenario.cast.panel[0].id, scenario.cast.advisers[0].id]
    refused(
        scenario,
        case,
        "E_G08_ADVISORY_NOT_DECISION",
        "issue_decision",
        Role.PCH,
        **scenario.decision(case, decided_by=deciders),
    )


def test_the_appointed_panel_chair_may_decide(scenario: Scenario) -> None:
    """G08(b): the PCH appointed for this case is a decision-maker."""
    case = scenario.decided()
    assert case.decisions[-1].decided_by == (scenario.cast.panel[0].id,)


def test_a_rationale_copied_from_a_cited_advisory_opinion_is_refused(scenario: Scenario) -> None:
    """G08(c): the same text as the cited opinion (whitespace aside) is not the org's reasoning."""
    case, opinion_id = with_opinion(scenario, scenario.in_hearing())
    payload = scenario.decision(case)
    payload["information_considered"] = [*payload["information_considered"], opinion_id]
    payload["rationale"] = "  " + OPINION.replace(" ", "\n", 3) + " "
    refused(scenario, case, "E_G08_ADVISORY_NOT_DECISION", "issue_decision", Role.PCH, **payload)


def test_a_rationale_with_the_organisations_own_reasoning_may_cite_advice(
    scenario: Scenario,
) -> None:
    """G08(c): citing an opinion is allowed when the rationale gives the org's own reasons."""
    case, opinion_id = with_opinion(scenario, scenario.in_hearing())
    payload = scenario.decision(case)
    payload["information_considered"] = [*payload["information_considered"], opinion_id]
    payload["rationale"] = LONG_RATIONALE + " The panel also took the advice it received."
    case = scenario.run(case, "issue_decision", Role.PCH, **payload)
    assert opinion_id in case.decisions[-1].information_considered


# --- G13: a respondent who is a child ------------------------------------------------------------


def test_a_sixteen_year_old_respondent_makes_the_case_a_child_respondent_case(
    scenario: Scenario,
) -> None:
    """G13: respondent under 18 -> child_respondent=true."""
    case = minor_respondent_case(scenario)
    assert case.child_respondent


def test_notifying_a_child_respondent_needs_a_guardian_notified_or_a_reason(
    scenario: Scenario,
) -> None:
    """G13: notify_respondent tells a parent/guardian too, unless the DSL records why not."""
    case = scenario.triaged(minor_respondent_case(scenario))
    refused(scenario, case, "E_G13_MINOR_RESPONDENT", "notify_respondent")
    case = scenario.run(case, "notify_respondent", guardian_notified=True)
    case = scenario.run(
        case, "notify_respondent", guardian_not_notified_reason="The parent is implicated"
    )
    assert case.respondent_notified_at is not None


def test_notifying_an_adult_respondent_needs_no_guardian(scenario: Scenario) -> None:
    """G13 does not apply to an adult respondent."""
    case = scenario.run(scenario.triaged(), "notify_respondent")
    assert case.respondent_notified_at is not None


@pytest.mark.parametrize(
    "missing",
    [
        {"respondent_support_person": None},
        {"complainant_welfare_plan": False},
        {"respondent_welfare_plan": False},
    ],
)
def test_referring_a_child_respondent_needs_a_support_person_and_both_welfare_plans(
    scenario: Scenario, missing: dict[str, Any]
) -> None:
    """G13: T25 needs a support person and complainant and respondent welfare plans."""
    case = assessed(scenario, minor_respondent_case(scenario))
    case = scenario.appoint(case, scenario.cast.panel)
    payload = referral(scenario, case, **missing)
    case = payload.pop("case")
    refused(scenario, case, "E_G13_MINOR_RESPONDENT", "refer_to_disciplinary", Role.CMG, **payload)


def test_a_child_respondent_with_support_and_welfare_plans_is_referred(scenario: Scenario) -> None:
    """G13: with the protections in place, T25 proceeds."""
    case = scenario.hearing_pending(assessed(scenario, minor_respondent_case(scenario)))
    assert case.state is CaseState.HEARING_PENDING
    assert case.hearings[-1].respondent_support_person == "Rep"


@pytest.mark.parametrize("sanction", ["REMOVAL_FROM_REGULATED_ROLE", "EXPULSION_PERMANENT_BAN"])
def test_a_child_respondent_cannot_receive_a_sanction_not_allowed_for_minors(
    scenario: Scenario, sanction: str
) -> None:
    """G13: Scotland does not allow removal or expulsion for a minor respondent."""
    case = minor_respondent_case(scenario)
    case = scenario.in_hearing(scenario.hearing_pending(assessed(scenario, case, "HIGH")))
    refused(
        scenario,
        case,
        "E_G13_MINOR_RESPONDENT",
        "issue_decision",
        Role.PCH,
        **scenario.decision(case, sanctions=[{"type": sanction}]),
    )


def test_a_child_respondent_may_receive_a_sanction_allowed_for_minors(scenario: Scenario) -> None:
    """G13: a suspension is allowed for a minor respondent."""
    case = minor_respondent_case(scenario)
    case = scenario.in_hearing(scenario.hearing_pending(assessed(scenario, case, "HIGH")))
    case = scenario.decided(case, sanctions=[{"type": "SUSPENSION", "months": 6}])
    assert [s.type for s in case.decisions[-1].sanctions] == ["SUSPENSION"]


def test_an_appeal_cannot_vary_a_child_respondents_sanction_to_one_not_allowed_for_minors(
    scenario: Scenario,
) -> None:
    """G13 applies to issue_appeal_decision too (T35)."""
    s = scenario
    case = s.in_hearing(s.hearing_pending(assessed(s, minor_respondent_case(s), "HIGH")))
    case = s.decided(case, sanctions=[{"type": "SUSPENSION", "months": 6}])
    case = appeal_hearing(s, s.notified(case))
    payload = appeal_decision(s, case, "VARIED", sanctions=[{"type": "EXPULSION_PERMANENT_BAN"}])
    refused(s, case, "E_G13_MINOR_RESPONDENT", "issue_appeal_decision", Role.ACH, **payload)


# --- G24: notice before the hearing ------------------------------------------------------------


def test_the_hearing_cannot_open_before_the_notice_period_has_run(scenario: Scenario) -> None:
    """G24: 14 days' notice (Scotland) before open_hearing."""
    case = scenario.hearing_pending()
    scenario.clock.advance(days=13)
    refused(scenario, case, "E_G24_NOTICE_PERIOD", "open_hearing", Role.PCH)


def test_the_hearing_opens_once_the_notice_period_has_run(scenario: Scenario) -> None:
    """G24: after the notice period T27 opens the hearing."""
    case = scenario.hearing_pending()
    scenario.clock.advance(days=15)
    case = scenario.run(case, "open_hearing", Role.PCH)
    assert case.state is CaseState.DISCIPLINARY_HEARING


def test_a_waived_notice_period_lets_the_hearing_open_at_once(scenario: Scenario) -> None:
    """G24: unless the respondent waived the notice period."""
    case = scenario.run(scenario.hearing_pending(), "open_hearing", Role.PCH, notice_waived=True)
    assert case.state is CaseState.DISCIPLINARY_HEARING
    assert case.hearings[-1].notice_waived


def test_notice_cannot_be_recorded_as_served_in_the_future(scenario: Scenario) -> None:
    """G24: notice_served_at may not be later than now."""
    case = scenario.appoint(scenario.risk_assessed(), scenario.cast.panel)
    payload = referral(scenario, case, notice_served_at=scenario.clock.now + timedelta(days=1))
    case = payload.pop("case")
    refused(scenario, case, "E_G24_NOTICE_PERIOD", "refer_to_disciplinary", Role.CMG, **payload)


# --- G25: children at hearings and interviews ----------------------------------------------------


@pytest.mark.parametrize(
    "unsafe",
    [
        pytest.param({"child_attendance_required": True}, id="attendance-required"),
        pytest.param({"alternative_evidence_offered": False}, id="no-alternative-evidence"),
        pytest.param({"allow_direct_questioning_by_respondent": True}, id="direct-questioning"),
        pytest.param({"child_supporter": None}, id="no-named-supporter"),
    ],
)
def test_a_hearing_with_a_child_complainant_needs_the_protections_for_children(
    scenario: Scenario, unsafe: dict[str, Any]
) -> None:
    """G25: no compulsory attendance, alternative evidence, no direct questioning, a supporter."""
    case = scenario.appoint(scenario.risk_assessed(), scenario.cast.panel)
    payload = referral(scenario, case, **unsafe)
    case = payload.pop("case")
    refused(
        scenario,
        case,
        "E_G25_CHILD_PROTECTION_AT_HEARING",
        "refer_to_disciplinary",
        Role.CMG,
        **payload,
    )


def test_a_hearing_with_a_child_complainant_and_the_protections_is_referred(
    scenario: Scenario,
) -> None:
    """G25: with the protections recorded T25 proceeds and T27 opens."""
    case = scenario.in_hearing()
    hearing = case.hearings[-1]
    assert not hearing.child_attendance_required
    assert not hearing.allow_direct_questioning_by_respondent
    assert hearing.child_supporter == "Named supporter"


def test_a_hearing_between_adults_needs_no_child_arrangements(scenario: Scenario) -> None:
    """G25 applies only where a complainant or witness is under 18."""
    case = assessed(scenario, scenario.reported(child=False))
    case = scenario.appoint(case, scenario.cast.panel)
    payload = referral(scenario, case, child_attendance_required=True, child_supporter=None)
    case = scenario.run(payload.pop("case"), "refer_to_disciplinary", Role.CMG, **payload)
    assert case.state is CaseState.HEARING_PENDING


@pytest.mark.parametrize(
    "arrangements",
    [
        pytest.param({"method": "RECORDED_VIDEO"}, id="no-appropriate-adult"),
        pytest.param({"method": "", "appropriate_adult": "Jo Swimmer"}, id="no-method"),
    ],
)
def test_interviewing_a_child_needs_an_appropriate_adult_and_a_method(
    scenario: Scenario, arrangements: dict[str, Any]
) -> None:
    """G25: schedule_interview(child) needs an appropriate adult and a recorded method."""
    case = scenario.investigating()
    refused(
        scenario,
        case,
        "E_G25_CHILD_PROTECTION_AT_HEARING",
        "schedule_interview",
        Role.INV,
        person_id=scenario.cast.complainant.id,
        scheduled_at=scenario.clock.now + timedelta(days=2),
        **arrangements,
    )


def test_a_child_interview_with_an_appropriate_adult_and_method_is_scheduled(
    scenario: Scenario,
) -> None:
    """G25: the interview of a child is scheduled with both recorded."""
    case = scenario.investigating()
    case = scenario.run(
        case,
        "schedule_interview",
        Role.INV,
        person_id=scenario.cast.complainant.id,
        scheduled_at=scenario.clock.now + timedelta(days=2),
        method="RECORDED_VIDEO",
        appropriate_adult="Jo Swimmer",
    )
    assert case.state is CaseState.UNDER_INVESTIGATION


# --- G26: panel composition ----------------------------------------------------------------------


def test_a_panel_of_the_size_the_rule_set_gives_the_severity_is_appointed(
    scenario: Scenario,
) -> None:
    """G26: Scotland LOW is heard by one member, who chairs."""
    case = scenario.appoint(scenario.risk_assessed(), scenario.cast.panel)
    assert case.severity == "LOW"
    assert len(case.panels[-1].members) == 1


def test_a_panel_of_the_wrong_size_is_refused(scenario: Scenario) -> None:
    """G26: size per rule_set.panel[severity]."""
    members = [
        {"person_id": scenario.cast.panel[0].id, "chair": True},
        {"person_id": scenario.cast.panel[1].id, "chair": False},
    ]
    refused_appointment(scenario, scenario.risk_assessed(), "E_G26_PANEL_COMPOSITION", members)


@pytest.mark.parametrize("chairs", [0, 2])
def test_a_panel_has_exactly_one_chair(scenario: Scenario, chairs: int) -> None:
    """G26: one chair."""
    case = assessed(scenario, severity="MEDIUM")
    members = [{"person_id": p.id, "chair": i < chairs} for i, p in enumerate(scenario.cast.panel)]
    refused_appointment(scenario, case, "E_G26_PANEL_COMPOSITION", members)


def test_a_medium_severity_chair_needs_safeguarding_knowledge(scenario: Scenario) -> None:
    """G26: chair_safeguarding_knowledge for Scotland MEDIUM."""
    case = assessed(scenario, severity="MEDIUM")
    lay = panellist(scenario, "Lee Lay", panel_member_type="ORDINARY_MEMBER")
    members = [
        {"person_id": lay.id, "chair": True},
        {"person_id": scenario.cast.panel[1].id},
        {"person_id": scenario.cast.panel[2].id},
    ]
    refused_appointment(scenario, case, "E_G26_PANEL_COMPOSITION", members)
    case = appoint(scenario, scenario.cases[case.id], scenario.panel_members(scenario.cast.panel))
    assert len(case.panels[-1].members) == 3


def officer_members(s: Scenario, external: bool) -> list[dict[str, Any]]:
    officer = panellist(
        s,
        "Olive Officer",
        org_officer=True,
        safeguarding_knowledge=True,
        panel_member_type="ORDINARY_MEMBER",
    )
    return [
        {"person_id": s.cast.panel[0].id, "chair": True},
        {"person_id": s.cast.panel[1].id},
        {"person_id": officer.id, "external": external},
    ]


def test_a_high_severity_panel_in_scotland_cannot_include_an_officer_of_the_organisation(
    scenario: Scenario,
) -> None:
    """G26: independent_required for Scotland HIGH refuses org officers."""
    case = assessed(scenario, severity="HIGH")
    refused_appointment(
        scenario, case, "E_G26_PANEL_COMPOSITION", officer_members(scenario, external=False)
    )


def test_a_high_severity_panel_may_include_an_officer_sitting_as_an_external_member(
    scenario: Scenario,
) -> None:
    """G26: an org officer flagged external satisfies independence."""
    case = assessed(scenario, severity="HIGH")
    case = appoint(scenario, case, officer_members(scenario, external=True))
    assert len(case.panels[-1].members) == 3


def singapore_with_commission_panels_for_low_cases() -> Scenario:
    """A Singapore member organisation whose own panels follow the Commission's composition."""
    composition = {
        "size": 3,
        "chair_type": "LEGAL_MEMBER",
        "other": ["ORDINARY_MEMBER", "ORDINARY_MEMBER"],
        "independent_required": True,
    }
    plugins = get_plugins("singapore", overrides={"panel": {"LOW": composition}})
    return Scenario("singapore", plugins=plugins)


def test_a_singapore_panel_is_chaired_by_a_legal_member() -> None:
    """G26: chair_type LEGAL_MEMBER where the rule set says so."""
    s = singapore_with_commission_panels_for_low_cases()
    case = s.appoint(s.risk_assessed(), s.cast.panel)
    chair = case.panels[-1].chair
    assert chair is not None
    assert s.people.get(chair.person_id).panel_member_type == "LEGAL_MEMBER"


def test_a_singapore_panel_chaired_by_an_ordinary_member_is_refused() -> None:
    """G26: an ordinary member may not chair where the rule set wants a Legal Member."""
    s = singapore_with_commission_panels_for_low_cases()
    members = [
        {"person_id": s.cast.panel[1].id, "chair": True},
        {"person_id": s.cast.panel[0].id},
        {"person_id": s.cast.panel[2].id},
    ]
    refused_appointment(s, s.risk_assessed(), "E_G26_PANEL_COMPOSITION", members)


def test_the_national_safeguarding_panel_may_sit_in_england(england: Scenario) -> None:
    """G26: nsp_substitution=true (England)."""
    nsp = panellist(england, "Nia National", safeguarding_knowledge=True)
    case = appoint(
        england,
        england.risk_assessed(),
        [{"person_id": nsp.id, "chair": True}],
        nsp_substitution=True,
    )
    assert case.panels[-1].nsp_substitution


def test_the_national_safeguarding_panel_may_not_sit_in_scotland(scenario: Scenario) -> None:
    """G26: nsp_substitution=false (Scotland)."""
    nsp = panellist(scenario, "Nia National", safeguarding_knowledge=True)
    refused_appointment(
        scenario,
        scenario.risk_assessed(),
        "E_G26_PANEL_COMPOSITION",
        [{"person_id": nsp.id, "chair": True}],
        nsp_substitution=True,
    )


def test_an_appeal_panel_of_the_wrong_size_is_refused(scenario: Scenario) -> None:
    """G26 applies to appoint_appeal_panel too."""
    case = appeal(scenario)
    members = [
        {"person_id": scenario.cast.appeal_panel[0].id, "chair": True},
        {"person_id": scenario.cast.appeal_panel[1].id},
    ]
    for member in members:
        case = scenario.run(case, "sign_coi_declaration", person_id=member["person_id"])
    refused(scenario, case, "E_G26_PANEL_COMPOSITION", "appoint_appeal_panel", members=members)


# --- G34: no sanction without a proven finding ---------------------------------------------------


def test_a_sanction_without_a_proven_finding_is_refused(scenario: Scenario) -> None:
    """G34: sanctions need at least one PROVEN finding."""
    case = scenario.in_hearing()
    payload = scenario.decision(case)
    payload["findings"] = [{**payload["findings"][0], "finding": "NOT_PROVEN"}]
    refused(scenario, case, "E_G34_NO_DECISION", "issue_decision", Role.PCH, **payload)


def test_an_appeal_decision_cannot_impose_a_sanction_without_a_proven_finding(
    scenario: Scenario,
) -> None:
    """G34 applies to issue_appeal_decision (T35) too."""
    case = appeal_hearing(scenario)
    payload = appeal_decision(scenario, case, "VARIED")
    payload["findings"] = [{**payload["findings"][0], "finding": "NOT_PROVEN"}]
    refused(scenario, case, "E_G34_NO_DECISION", "issue_appeal_decision", Role.ACH, **payload)


def test_a_decision_finding_nothing_proven_closes_without_breach_when_the_window_expires(
    scenario: Scenario,
) -> None:
    """G34 allows no sanction; T33: appeal_window_expired with no sanction -> CLOSED NO_BREACH."""
    case = scenario.in_hearing()
    payload = scenario.decision(case, sanctions=[])
    payload["findings"] = [{**payload["findings"][0], "finding": "NOT_PROVEN"}]
    case = scenario.notified(scenario.run(case, "issue_decision", Role.PCH, **payload))
    scenario.after_appeal_window()
    case = scenario.run(case, "appeal_window_expired", Role.SYS)
    assert case.state is CaseState.CLOSED
    assert case.closure_reason is ClosureReason.NO_BREACH
    assert transitions(case)[-1] == "T33"


# --- G37: content of notices ---------------------------------------------------------------------


@pytest.mark.parametrize("field", ["date_of_birth", "agency_reference", "advisory_material"])
def test_a_notice_to_the_respondent_never_includes_excluded_fields(
    scenario: Scenario, field: str
) -> None:
    """G37: notify_respondent refuses to render excluded fields."""
    refused(
        scenario,
        scenario.triaged(),
        "E_G37_NOTICE_CONTENT",
        "notify_respondent",
        fields=["allegations", "code_references", field],
    )


def test_an_outcome_notice_never_includes_excluded_fields(scenario: Scenario) -> None:
    """G37: notify_parties (T30) refuses an outcome notice with an agency reference."""
    refused(
        scenario,
        scenario.decided(),
        "E_G37_NOTICE_CONTENT",
        "notify_parties",
        notified_at={"RESPONDENT": scenario.clock.now},
        notice={"fields": ["outcome", "sanctions", "agency_reference"]},
    )


def test_a_notice_with_the_permitted_fields_is_sent(scenario: Scenario) -> None:
    """G37: the default templates render."""
    case = scenario.notified()
    assert case.state is CaseState.APPEAL_WINDOW_OPEN
    assert transitions(case)[-1] == "T30"


# --- G38: sanctions from the rule set ------------------------------------------------------------


def test_a_sanction_listed_for_the_severity_is_allowed(scenario: Scenario) -> None:
    """G38: Scotland LOW lists a written warning."""
    case = scenario.decided(sanctions=[{"type": "WRITTEN_WARNING"}])
    assert [s.type for s in case.decisions[-1].sanctions] == ["WRITTEN_WARNING"]


@pytest.mark.parametrize(
    ("sanction", "factors"),
    [
        pytest.param({"type": "FINE"}, {}, id="not-a-sanction-type"),
        pytest.param({"type": "SUSPENSION", "months": 6}, {}, id="one-up-without-aggravation"),
        pytest.param(
            {"type": "EXPULSION_PERMANENT_BAN"},
            {"aggravating_factors": ["repeated after warning"]},
            id="two-steps-up",
        ),
    ],
)
def test_a_sanction_outside_the_severity_is_refused_in_a_low_case(
    scenario: Scenario, sanction: dict[str, Any], factors: dict[str, Any]
) -> None:
    """G38: the list for LOW; one step up needs aggravating factors; two steps never."""
    case = scenario.in_hearing()
    payload = {**scenario.decision(case, sanctions=[sanction]), **factors}
    refused(scenario, case, "E_G38_SANCTION_NOT_ALLOWED", "issue_decision", Role.PCH, **payload)


def test_one_severity_step_up_is_allowed_with_aggravating_factors(scenario: Scenario) -> None:
    """G38: a suspension (MEDIUM) in a LOW case with aggravating factors recorded."""
    case = scenario.decided(
        sanctions=[{"type": "SUSPENSION", "months": 6}],
        aggravating_factors=["repeated after a written warning"],
    )
    assert case.decisions[-1].aggravating_factors == ("repeated after a written warning",)


@pytest.mark.parametrize("months", [121, None])
def test_a_suspension_length_outside_one_to_a_hundred_and_twenty_months_is_refused(
    scenario: Scenario, months: int | None
) -> None:
    """G38: SUSPENSION months within [1, 120] (Scotland); a length is required."""
    case = scenario.in_hearing(scenario.hearing_pending(assessed(scenario, severity="MEDIUM")))
    sanction: dict[str, Any] = {"type": "SUSPENSION", "months": months}
    payload = scenario.decision(case, sanctions=[sanction])
    refused(scenario, case, "E_G38_SANCTION_NOT_ALLOWED", "issue_decision", Role.PCH, **payload)


def test_a_suspension_of_a_hundred_and_twenty_months_is_allowed(scenario: Scenario) -> None:
    """G38: the upper bound itself is inside the bounds."""
    case = scenario.in_hearing(scenario.hearing_pending(assessed(scenario, severity="MEDIUM")))
    case = scenario.decided(case, sanctions=[{"type": "SUSPENSION", "months": 120}])
    assert case.decisions[-1].sanctions[0].months == 120


def high_case_in_hearing(s: Scenario) -> Case:
    return s.in_hearing(s.hearing_pending(assessed(s, severity="HIGH")))


def test_one_severity_step_down_needs_mitigating_factors(scenario: Scenario) -> None:
    """G38: a written warning (MEDIUM) in a HIGH case needs mitigating factors."""
    s = scenario
    case = high_case_in_hearing(s)
    payload = s.decision(case, sanctions=[{"type": "WRITTEN_WARNING"}])
    refused(s, case, "E_G38_SANCTION_NOT_ALLOWED", "issue_decision", Role.PCH, **payload)
    case = s.run(
        case, "issue_decision", Role.PCH, **payload, mitigating_factors=["early admission"]
    )
    assert case.decisions[-1].mitigating_factors == ("early admission",)


def test_two_severity_steps_down_are_refused_even_with_mitigation(scenario: Scenario) -> None:
    """G38: a verbal warning (LOW only) in a HIGH case moves two steps."""
    s = scenario
    case = high_case_in_hearing(s)
    payload = s.decision(case, sanctions=[{"type": "VERBAL_WARNING"}])
    payload["mitigating_factors"] = ["early admission"]
    refused(s, case, "E_G38_SANCTION_NOT_ALLOWED", "issue_decision", Role.PCH, **payload)


def test_an_adult_respondent_may_be_removed_from_regulated_work_in_a_high_case(
    scenario: Scenario,
) -> None:
    """G38 (and G13 by contrast): HIGH lists removal from a regulated role."""
    case = high_case_in_hearing(scenario)
    case = scenario.decided(case, sanctions=[{"type": "REMOVAL_FROM_REGULATED_ROLE"}])
    assert case.decisions[-1].sanctions[0].removes_from_regulated_work


def test_informal_resolution_outcomes_come_from_the_rule_set(scenario: Scenario) -> None:
    """G38: resolve_informally (T13) only plans outcomes the rule set lists for the severity."""
    s = scenario
    case = s.triaged()
    refused(
        s,
        case,
        "E_G38_SANCTION_NOT_ALLOWED",
        "resolve_informally",
        plan="Meet the coach and agree expectations",
        outcomes=["EXPULSION_PERMANENT_BAN"],
    )
    case = s.run(
        case,
        "resolve_informally",
        plan="Meet the coach and agree expectations",
        outcomes=["VERBAL_WARNING", "EDUCATION_TRAINING"],
    )
    assert case.state is CaseState.INFORMAL_RESOLUTION
    refused(
        s,
        case,
        "E_G38_SANCTION_NOT_ALLOWED",
        "record_resolution_outcome",
        outcomes=["SUSPENSION"],
        rationale="Coach attended the training and apologised to the family.",
        decided_by=[s.cast.dsl.id],
    )


# --- automatic steps after an appeal decision (T36-T38) ----------------------------------------


def test_an_upheld_appeal_puts_the_sanction_in_force(scenario: Scenario) -> None:
    """T36: UPHELD with a sanction -> SANCTION_IN_FORCE."""
    case = decided_on_appeal(scenario, "UPHELD", sanctions=[])
    assert case.state is CaseState.SANCTION_IN_FORCE
    assert transitions(case)[-2:] == ["T35", "T36"]
    assert all(s.in_force for s in case.sanctions())


def test_an_overturned_decision_closes_the_case_with_no_breach(scenario: Scenario) -> None:
    """T37: OVERTURNED -> CLOSED (NO_BREACH)."""
    case = appeal_hearing(scenario)
    payload = appeal_decision(scenario, case, "OVERTURNED", sanctions=[])
    payload["findings"] = [{**payload["findings"][0], "finding": "NOT_PROVEN"}]
    case = scenario.run(case, "issue_appeal_decision", Role.ACH, **payload)
    assert case.state is CaseState.CLOSED
    assert case.closure_reason is ClosureReason.NO_BREACH
    assert transitions(case)[-2:] == ["T35", "T37"]


def test_a_decision_varied_to_no_sanction_closes_the_case_with_no_breach(
    scenario: Scenario,
) -> None:
    """T37: VARIED to no sanction -> CLOSED (NO_BREACH)."""
    case = decided_on_appeal(scenario, "VARIED", sanctions=[])
    assert case.state is CaseState.CLOSED
    assert case.closure_reason is ClosureReason.NO_BREACH


def test_a_decision_varied_to_another_sanction_puts_that_sanction_in_force(
    scenario: Scenario,
) -> None:
    """T36: VARIED with a sanction -> SANCTION_IN_FORCE with the varied sanction."""
    case = decided_on_appeal(scenario, "VARIED", sanctions=[{"type": "VERBAL_WARNING"}])
    assert case.state is CaseState.SANCTION_IN_FORCE
    assert [s.type for s in case.sanctions()] == ["VERBAL_WARNING"]


def test_a_remitted_appeal_returns_the_case_to_hearing_pending(scenario: Scenario) -> None:
    """T38: REMITTED -> HEARING_PENDING."""
    case = decided_on_appeal(scenario, "REMITTED")
    assert case.state is CaseState.HEARING_PENDING
    assert case.appeals[-1].result is not None
    assert case.appeals[-1].result.value == "REMITTED"
