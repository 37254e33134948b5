"""The README's main command (``make demo``): the guided demo over the running stack.

An anonymous report walks over gRPC through intake to an interim measure, and on through the
hearing context to a sanction in force and the sanction registry: the reporter and the DSL
exchange messages both ways, every rule refusal arrives as an ``ErrorInfo`` reason, each
service follows the other through the hand-over, the events reach JetStream, both audit chains
are intact, and no ``nats-server`` of the demo is left running.

The demo runs once for each plugin, and once more through the ``safecase stack-demo``
command, all side by side for the module: a run spends most of its time waiting for the
hand-over, so together they take about as long as one.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from safecase.core.settings import ConfigurationError
from safecase.services.stack.grpc_demo import GrpcDemoResult, run_grpc_demo

PLUGINS = ("scotland", "england", "singapore", "usa", "australia")
RESPONDENT = "Morgan Coach"  # the demo cast's coach
INTAKE_RULES = {  # refused at intake, before the hand-over
    "E_G04_AGENCY_HOLD",
    "E_G01_INVESTIGATION_REQUIRED",
    "E_G09_REVIEW_INTERVAL_TOO_LONG",
}
HEARING_RULES = {  # refused by the hearings service
    "E_G10_CONFLICT_OF_INTEREST",
    "E_G24_NOTICE_PERIOD",
    "E_G07_STANDARD_OF_PROOF",
    "E_G06_WINDOW_STILL_OPEN",
    "E_G06_APPEAL_OUT_OF_TIME",
    "E_G33_RESOLUTION_REASON",
}


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


@dataclass(frozen=True)
class Demo:
    directory: Path
    result: GrpcDemoResult
    lines: list[str]


@dataclass(frozen=True)
class Command:
    directory: Path
    returncode: int
    output: str


@dataclass(frozen=True)
class Runs:
    demos: dict[str, Future[Demo]]
    command: Future[Command]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    # made here, not in the threads: pytest's temporary directories are not thread-safe
    directories = {name: tmp_path_factory.mktemp(name) / "d" for name in (*PLUGINS, "cli")}

    def demo(plugin: str) -> Callable[[], Demo]:
        def run() -> Demo:
            directory = directories[plugin]
            lines: list[str] = []
            return Demo(directory, run_grpc_demo(directory, plugin, report=lines.append), lines)

        return run

    def command() -> Command:
        directory = directories["cli"]
        safecase = str(Path(sys.executable).parent / "safecase")
        ran = subprocess.run(
            [safecase, "stack-demo", "--data-dir", str(directory)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        return Command(directory, ran.returncode, ran.stdout + ran.stderr)

    with ThreadPoolExecutor(max_workers=len(PLUGINS) + 1) as pool:
        yield Runs({p: pool.submit(demo(p)) for p in PLUGINS}, pool.submit(command))


@pytest.mark.parametrize("plugin", PLUGINS)
def test_the_demo_carries_an_anonymous_report_to_a_sanction_in_force_and_stops_the_stack(
    plugin: str, runs: Runs
) -> None:
    ran = runs.demos[plugin].result(timeout=150)
    result, lines = ran.result, ran.lines

    # intake: the anonymous report to the interim measure
    assert result.steps[0].rpc == "SubmitReport"
    assert result.steps[0].role == "REPORTER"  # anonymous: no token
    imposed = [s for s in result.steps if s.rpc == "ImposeInterimMeasure" and not s.refused]
    assert imposed
    assert "IN_FORCE" in imposed[-1].detail
    assert result.interim_review is not None
    assert "E_NOT_FOUND" in result.refusals  # the wrong receipt secret
    directions = [direction for direction, _text in result.messages]
    assert directions == ["TO_REPORTER", "FROM_REPORTER"]
    rpcs = {(s.service, s.rpc, s.role) for s in result.steps if not s.refused}
    assert {
        ("intake", "SendMessageToReporter", "DSL"),
        ("intake", "ListReceiptMessages", "REPORTER"),
        ("intake", "SendReceiptMessage", "REPORTER"),
        ("intake", "ListMessages", "DSL"),
    } <= rpcs

    # the hearing context, over the hearings service; the referral (T25) at intake
    assert {
        ("hearings", "DeclareConflicts", "PANEL"),
        ("hearings", "AppointPanel", "CMG"),
        ("hearings", "OpenHearing", "PCH"),
        ("hearings", "IssueDecision", "PCH"),
        ("hearings", "NotifyParties", "DSL"),
        ("hearings", "ExpireAppealWindow", "SYS"),
        ("hearings", "ListSanctionsInForce", "DSL"),
        ("hearings", "ScreenPerson", "DSL"),
    } <= rpcs
    (referral,) = [s for s in result.steps if "refer_to_disciplinary" in s.detail]
    assert (referral.service, referral.state) == ("intake", "HEARING_PENDING")
    refused_rules = {code for code in result.refusals if code.startswith("E_G")}
    assert refused_rules >= INTAKE_RULES | HEARING_RULES
    for code in refused_rules:
        assert any(f"REFUSED {code}" in line for line in lines)
    refused_at = {s.outcome: s.service for s in result.steps if s.refused}
    assert all(refused_at[code] == "hearings" for code in HEARING_RULES)
    opened = [s.outcome for s in result.steps if s.rpc == "OpenHearing"]
    assert opened == ["E_G24_NOTICE_PERIOD", "ok"]  # then after the notice period

    # each side followed the other, and the demo said how long it waited
    followed = [s for s in result.steps if s.detail.startswith("waited")]
    assert [(s.service, s.rpc) for s in followed] == [
        ("hearings", "GetHearingFile"),  # the case, after the risk assessment
        ("intake", "GetCase"),  # the panel, back at intake
        ("hearings", "GetHearingFile"),  # HEARING_PENDING, after the referral
        ("intake", "GetCase"),  # SANCTION_IN_FORCE, back at intake
    ]
    assert len(result.waits) == len(followed)
    assert followed[-1].state == "SANCTION_IN_FORCE"
    assert (result.final_state, result.hearing_state) == ("SANCTION_IN_FORCE",) * 2

    # the registry lists the sanction; screening holds a similar name with the same birth date
    assert RESPONDENT in {name for name, _type in result.sanctions_in_force}
    similar, unrelated = result.screenings
    assert (similar.outcome, similar.hits) == ("MANUAL_REVIEW", ("FUZZY_NAME",))
    assert similar.resolved == "CLEAR", "the DSL's resolution: not the same person (G33)"
    assert similar.legal_name != RESPONDENT
    assert (unrelated.outcome, unrelated.hits) == ("CLEAR", ())

    # both chains verified after the stack stopped; nothing left running
    assert result.audit_intact
    assert result.audit_entries > len([s for s in result.steps if s.service == "intake"])
    assert result.hearings_audit_entries > len([s for s in result.steps if s.service == "hearings"])
    assert result.published_events > 0
    assert result.nats_pid is not None
    assert not nats_servers_of(ran.directory)
    assert not Path(f"/proc/{result.nats_pid}").exists()


def test_the_stack_demo_command_runs_the_demo(runs: Runs) -> None:
    ran = runs.command.result(timeout=150)

    assert ran.returncode == 0, ran.output
    assert "REFUSED E_G04_AGENCY_HOLD" in ran.output
    assert "REFUSED E_G10_CONFLICT_OF_INTEREST" in ran.output
    assert "SANCTION_IN_FORCE at intake and SANCTION_IN_FORCE in the hearing context" in ran.output
    assert "Audit log (intake): " in ran.output
    assert ran.output.count("chain intact") == 2
    assert not nats_servers_of(ran.directory)


def test_the_demo_refuses_a_directory_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "something").write_text("kept")

    with pytest.raises(ConfigurationError):
        run_grpc_demo(tmp_path, report=lambda _: None)

    assert (tmp_path / "something").read_text() == "kept"
