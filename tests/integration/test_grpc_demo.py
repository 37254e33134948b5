"""The README's main command (``make demo``): the guided demo over the running stack.

An anonymous report walks over gRPC to an interim measure, the reporter and the DSL exchange
messages both ways, at least three rule refusals arrive as ``ErrorInfo`` reasons, the events
reach JetStream, the audit chain is intact, and no ``nats-server`` of the demo is left running.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from safecase.core.cli import app
from safecase.core.settings import ConfigurationError
from safecase.services.stack.grpc_demo import run_grpc_demo


def nats_servers_of(directory: Path) -> list[int]:
    """Ids of running processes whose command line names the directory's NATS store."""
    store = str(directory / "nats")
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            words = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(b"nats-server" in w for w in words) and store.encode() in words:
            found.append(int(entry.name))
    return found


@pytest.mark.parametrize("plugin", ["scotland", "england"])
def test_the_demo_walks_an_anonymous_report_over_grpc_and_stops_the_stack(
    plugin: str, tmp_path: Path
) -> None:
    directory = tmp_path / "d"
    lines: list[str] = []

    result = run_grpc_demo(directory, plugin, report=lines.append)

    assert result.final_state == "RISK_ASSESSMENT"  # after the interim measure
    imposed = [s for s in result.steps if s.rpc == "ImposeInterimMeasure" and not s.refused]
    assert imposed
    assert "IN_FORCE" in imposed[-1].detail
    assert result.interim_review is not None
    assert result.steps[0].rpc == "SubmitReport"
    assert result.steps[0].role == "REPORTER"  # anonymous: no token
    refused_rules = {code for code in result.refusals if code.startswith("E_G")}
    assert {
        "E_G04_AGENCY_HOLD",
        "E_G01_INVESTIGATION_REQUIRED",
        "E_G09_REVIEW_INTERVAL_TOO_LONG",
    } <= refused_rules
    assert "E_NOT_FOUND" in result.refusals  # the wrong receipt secret
    for code in refused_rules:
        assert any(f"REFUSED {code}" in line for line in lines)

    directions = [direction for direction, _text in result.messages]
    assert directions == ["TO_REPORTER", "FROM_REPORTER"]
    rpcs = {(s.rpc, s.role) for s in result.steps if not s.refused}
    assert {
        ("SendMessageToReporter", "DSL"),
        ("ListReceiptMessages", "REPORTER"),
        ("SendReceiptMessage", "REPORTER"),
        ("ListMessages", "DSL"),
    } <= rpcs

    assert result.audit_intact
    assert result.audit_entries > len(result.steps)
    assert result.published_events > 0
    assert result.nats_pid is not None
    assert not nats_servers_of(directory)
    assert not Path(f"/proc/{result.nats_pid}").exists()


def test_the_demo_refuses_a_directory_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "something").write_text("kept")

    with pytest.raises(ConfigurationError):
        run_grpc_demo(tmp_path, report=lambda _: None)

    assert (tmp_path / "something").read_text() == "kept"


def test_the_stack_demo_command_runs_the_demo(tmp_path: Path) -> None:
    directory = tmp_path / "cli"
    ran = CliRunner().invoke(app, ["stack-demo", "--data-dir", str(directory)])

    assert ran.exit_code == 0, ran.output
    assert "REFUSED E_G04_AGENCY_HOLD" in ran.output
    assert "chain intact" in ran.output
    assert not nats_servers_of(directory)
