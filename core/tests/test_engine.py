"""The lifecycle engine: every change goes through it, records who, when and why, returns its
events, and a refused or malformed command changes nothing."""

from __future__ import annotations

import pytest

from safecase.core.commands import Actor, build_command
from safecase.core.errors import CommandRefused, InvalidArgument, NotFound
from safecase.core.states import CaseState, Role
from safecase.core.testing import Scenario


def test_an_accepted_command_returns_a_new_case_its_events_and_leaves_the_old_one(
    scenario: Scenario,
) -> None:
    reported = scenario.reported()
    triaged = scenario.triaged(reported)
    assert reported.state is CaseState.RECEIVED_REPORT
    assert triaged.state is CaseState.TRIAGED
    assert triaged.version == reported.version + 1
    event = scenario.last.events[0] if scenario.last else None
    assert event is not None
    assert event.type == "CaseTriaged"
    assert event.case_id == triaged.id
    assert event.payload["from_state"] == "RECEIVED_REPORT"
    assert event.payload["to_state"] == "TRIAGED"


def test_every_change_of_state_records_actor_time_and_reason(scenario: Scenario) -> None:
    case = scenario.triaged()
    record = case.history[-1]
    assert (record.transition, record.command) == ("T07", "record_triage")
    assert record.actor_id == scenario.cast.dsl.id
    assert record.role is Role.DSL
    assert record.at == scenario.clock.now
    assert record.reason


def test_events_carry_ids_and_codes_never_names_or_narratives(scenario: Scenario) -> None:
    case = scenario.notified()
    assert case.state is CaseState.APPEAL_WINDOW_OPEN
    outcome = scenario.last
    assert outcome is not None
    text = " ".join(e.model_dump_json() for e in outcome.events)
    assert scenario.cast.complainant.name not in text
    assert case.narrative not in text


def test_a_refused_command_changes_nothing_and_is_audited(scenario: Scenario) -> None:
    case = scenario.triaged()
    before = case.model_dump()
    with pytest.raises(CommandRefused) as refused:
        scenario.run(
            case, "refer_to_disciplinary", Role.CMG, notice_served_at=scenario.clock.now.isoformat()
        )
    assert refused.value.reason in {"E_G28_ACCESS_DENIED", "E_G01_RISK_ASSESSMENT_INCOMPLETE"}
    assert case.model_dump() == before
    assert scenario.cases[case.id].model_dump() == before
    assert list(scenario.audit)[-1].outcome == f"REFUSED:{refused.value.reason}"


def test_a_command_naming_an_unknown_record_is_refused_audited_and_changes_nothing(
    scenario: Scenario,
) -> None:
    case, _decision = scenario.with_cmg(scenario.triaged())
    before = case.model_dump()
    with pytest.raises(NotFound):
        scenario.run(
            case,
            "lift_interim_measure",
            Role.CMG,
            measure_id="no-such-measure",
            rationale="Lifted after review of the risk by the case management group.",
            decided_by=[scenario.cast.cmg[0].id],
        )
    assert case.model_dump() == before
    assert list(scenario.audit)[-1].outcome == "REFUSED:E_NOT_FOUND"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"notice_served_at": "2026-13-45T10:00:00Z"}, "notice_served_at"),
        ({"notice_served_at": "2026-03-01T10:00:00"}, "notice_served_at"),  # no time zone
        ({}, "notice_served_at"),
    ],
)
def test_a_malformed_command_gives_field_violations(data: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidArgument) as invalid:
        build_command("refer_to_disciplinary", data)
    assert [v.field for v in invalid.value.violations] == [field]


def test_an_unknown_command_is_invalid_input() -> None:
    with pytest.raises(InvalidArgument, match="unknown command"):
        build_command("make_it_go_away", {})


def test_a_decision_without_rationale_is_refused(scenario: Scenario) -> None:
    case = scenario.in_hearing()
    with pytest.raises(CommandRefused) as refused:
        scenario.run(
            case, "issue_decision", Role.PCH, **{**scenario.decision(case), "rationale": ""}
        )
    assert refused.value.reason == "E_G07_RATIONALE_MISSING"


def test_the_wrong_role_is_refused_before_anything_else(scenario: Scenario) -> None:
    case = scenario.in_hearing()
    with pytest.raises(CommandRefused) as refused:
        scenario.run(case, "issue_decision", Role.RESP, **scenario.decision(case))
    assert refused.value.reason == "E_G28_ACCESS_DENIED"


def test_an_actor_without_an_id_is_invalid(scenario: Scenario) -> None:
    case = scenario.reported()
    with pytest.raises(InvalidArgument):
        scenario.lifecycle.execute(
            case,
            build_command("withdraw_report", {}),
            Actor(person_id=" ", role=Role.DSL, organisation_id="org-a"),
        )


def test_available_commands_follow_state_and_role(scenario: Scenario) -> None:
    case = scenario.triaged()
    dsl = scenario.lifecycle.available(case, scenario.actor(Role.DSL))
    assert "open_investigation" in dsl
    assert "issue_decision" not in dsl
    assert "submit_advisory_opinion" not in dsl
