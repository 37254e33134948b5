"""The guided demo walks one case through its whole lifecycle under every reference plugin."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from safecase.core.cli import app
from safecase.core.demo import run_demo
from safecase.core.states import CaseState

PLUGINS = ["scotland", "england", "singapore", "usa", "australia"]
JOURNEY = [
    "submit_disclosure",
    "convert_to_formal_report",
    "record_triage",
    "refer_to_agency",
    "record_agency_consent",
    "open_parallel_investigation",
    "submit_investigation_report",
    "commission_risk_assessment",
    "complete_risk_assessment",
    "impose_interim_measure",
    "refer_to_disciplinary",
    "open_hearing",
    "issue_decision",
    "notify_parties",
    "appeal_window_expired",
]


@pytest.mark.parametrize("plugin", PLUGINS)
def test_the_demo_reaches_sanction_in_force_with_refusals_and_an_intact_audit_chain(
    plugin: str,
) -> None:
    scenario, case, steps = run_demo(plugin)
    assert case.state is CaseState.SANCTION_IN_FORCE
    done = [s.command for s in steps if not s.refused]
    positions = [done.index(command) for command in JOURNEY]
    assert positions == sorted(positions), "the journey's steps happen in the lifecycle's order"
    refused = {s.outcome for s in steps if s.refused}
    assert len(refused) >= 3
    assert all(code.startswith("E_G") for code in refused)
    assert scenario.audit.verify() is None
    assert any(m.state.value == "IM_SUPERSEDED" for m in case.interim_measures)


def test_the_demo_command_prints_each_step_and_the_rules_that_refused() -> None:
    result = CliRunner().invoke(app, ["demo", "--plugin", "england"])
    assert result.exit_code == 0
    assert "REFUSED" in result.output
    assert "E_G01_INVESTIGATION_REQUIRED" in result.output
    assert "SANCTION_IN_FORCE" in result.output
    assert "chain intact" in result.output


def test_the_demo_can_be_read_by_scripts() -> None:
    result = CliRunner().invoke(app, ["demo", "--json"])
    data = json.loads(result.output)
    assert data["final_state"] == "SANCTION_IN_FORCE"
    assert data["audit_chain_ok"] is True


def test_an_unknown_plugin_is_a_one_line_error_with_status_2() -> None:
    result = CliRunner().invoke(app, ["demo", "--plugin", "atlantis"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "atlantis" in result.output


def test_plugins_list_shows_every_reference_plugin() -> None:
    result = CliRunner().invoke(app, ["plugins", "list", "--json"])
    rows = {row["plugin"]: row for row in json.loads(result.output)}
    assert set(PLUGINS) <= set(rows)
    assert rows["england"]["rule_set"] == "eng-ngb-cpsu@1"
