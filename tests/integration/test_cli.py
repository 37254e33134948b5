"""The ``safecase`` command line against a real instance: SQLite in a temporary data directory.

Every error a user can cause is one line on stderr with exit status 2, without a traceback and
without case content; a broken audit chain exits with status 1.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from safecase.core.cli import app
from safecase.core.testing.scenario import SHORT_RATIONALE

NARRATIVE = "Confidential narrative: the coach grabbed the swimmer by the arm at practice."
CATEGORY = "SCO.POOR_PRACTICE"


@pytest.fixture(autouse=True)
def _no_ambient_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "SAFECASE_ACTOR",
        "SAFECASE_DATA_DIR",
        "SAFECASE_DATABASE_URL",
        "SAFECASE_ORG_KEY_FILE",
    ):
        monkeypatch.delenv(name, raising=False)


def cli(*args: object) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


def ok(*args: object) -> Any:
    """Run a command with ``--json`` that must succeed; return its JSON."""
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def one_line_error(result: Result, status: int = 2) -> str:
    """The error of a failed command, checked for shape: one line, no traceback, no content."""
    assert result.exit_code == status, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.output
    assert NARRATIVE not in result.output
    assert "confidential" not in result.output.lower()
    return lines[0]


@dataclass
class Org:
    """An initialised instance with a DSL (case owner), a complainant and a respondent."""

    data_dir: Path
    dsl: str
    complainant: str
    respondent: str

    def run(self, *args: object) -> Result:
        return cli(*args, "--data-dir", self.data_dir)

    def ok(self, *args: object) -> Any:
        return ok(*args, "--data-dir", self.data_dir)

    @property
    def as_dsl(self) -> tuple[str, str]:
        return ("--as", f"DSL:{self.dsl}")

    def new_case(self, kind: str = "--report") -> str:
        created = self.ok(
            "case", "create", kind, "--narrative", NARRATIVE,
            "--party", f"COMPLAINANT:{self.complainant}",
            "--party", f"RESPONDENT:{self.respondent}",
            "--category", CATEGORY, "--as", f"INTAKE:{self.dsl}",
        )  # fmt: skip
        case_id: str = created["case_id"]
        self.ok(
            "case",
            "assign-case-owner",
            case_id,
            "--person-id",
            self.dsl,
            "--as",
            f"ADMIN:{self.dsl}",
        )
        return case_id

    def triage(self, case_id: str, *extra: object) -> Result:
        return self.run(
            "case", "record-triage", case_id, "--categories", CATEGORY,
            "--proposed-severity", "LOW", "--decided-by", self.dsl, *self.as_dsl, *extra,
        )  # fmt: skip


def init(data_dir: Path) -> Result:
    return cli(
        "init", "--organisation-id", "example-swimming", "--name", "Example Swimming",
        "--plugin", "scotland", "--data-dir", data_dir,
    )  # fmt: skip


@pytest.fixture
def org(tmp_path: Path) -> Org:
    data_dir = tmp_path / "instance"
    assert init(data_dir).exit_code == 0

    def person(*args: str) -> str:
        result = cli("person", "add", *args, "--data-dir", data_dir)
        assert result.exit_code == 0, result.output
        return result.stdout.strip()

    return Org(
        data_dir,
        dsl=person("--name", "Dana Lead", "--org-officer", "--safeguarding-knowledge"),
        complainant=person(
            "--name", "Jamie Swimmer", "--date-of-birth", "2012-05-17", "--club", "Riverside"
        ),
        respondent=person(
            "--name", "Morgan Coach", "--date-of-birth", "1985-02-03", "--club", "Riverside"
        ),
    )


# --- init and migrate ----------------------------------------------------------------------------


def test_init_creates_the_configuration_a_private_key_and_a_migrated_database(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "instance"
    result = init(data_dir)
    assert result.exit_code == 0, result.output
    key = data_dir / "keys" / "organisation.key"
    assert (data_dir / "safecase.toml").is_file()
    assert key.stat().st_mode & 0o777 == 0o600
    assert "Back up" in result.stdout
    assert str(key) in result.stdout
    with sqlite3.connect(data_dir / "safecase.db") as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"cases", "people", "audit_log", "hearing_files"} <= tables


def test_init_refuses_a_directory_that_already_holds_an_instance(org: Org) -> None:
    key_before = (org.data_dir / "keys" / "organisation.key").read_bytes()
    error = one_line_error(init(org.data_dir))
    assert "already holds a safecase instance" in error
    assert (org.data_dir / "keys" / "organisation.key").read_bytes() == key_before


def test_init_refuses_an_unknown_plugin_and_leaves_nothing_behind(tmp_path: Path) -> None:
    result = cli(
        "init",
        "--organisation-id",
        "x",
        "--name",
        "X",
        "--plugin",
        "atlantis",
        "--data-dir",
        tmp_path / "i",
    )
    one_line_error(result)
    assert not (tmp_path / "i" / "safecase.toml").exists()


def test_a_database_behind_the_code_is_refused_until_migrate_upgrades_it(org: Org) -> None:
    from safecase.core.persistence.database import open_engine
    from safecase.core.persistence.migrate import downgrade

    engine = open_engine(f"sqlite:///{org.data_dir / 'safecase.db'}")
    downgrade(engine, "hearing", "base")
    engine.dispose()
    error = one_line_error(org.run("case", "list", *org.as_dsl))
    assert "safecase migrate" in error
    assert org.run("migrate").exit_code == 0
    assert org.ok("case", "list", *org.as_dsl) == []


# --- people --------------------------------------------------------------------------------------


def test_person_add_prints_the_new_id_and_person_list_hides_names_unless_asked(org: Org) -> None:
    people = {p["id"]: p for p in org.ok("person", "list")}
    assert set(people) == {org.dsl, org.complainant, org.respondent}
    assert "org-officer" in people[org.dsl]["flags"]
    listing = org.run("person", "list")
    assert "Dana Lead" not in listing.output
    named = {p["id"]: p["name"] for p in org.ok("person", "list", "--names")}
    assert named[org.dsl] == "Dana Lead"


def test_a_malformed_date_of_birth_is_refused_naming_the_field(org: Org) -> None:
    error = one_line_error(org.run("person", "add", "--name", "X", "--date-of-birth", "2012-13-45"))
    assert "date_of_birth" in error


# --- cases ---------------------------------------------------------------------------------------


def test_a_case_is_created_and_triaged_through_the_generated_sub_command(org: Org) -> None:
    created = org.ok(
        "case", "create", "--report", "--narrative", NARRATIVE,
        "--party", f"COMPLAINANT:{org.complainant}", "--party", f"RESPONDENT:{org.respondent}",
        "--category", CATEGORY, "--as", f"INTAKE:{org.dsl}",
    )  # fmt: skip
    assert created["state"] == "RECEIVED_REPORT"
    assert [e["type"] for e in created["events"]] == ["ReportReceived"]
    case_id = created["case_id"]
    org.ok("case", "assign-case-owner", case_id, "--person-id", org.dsl, "--as", f"ADMIN:{org.dsl}")

    result = org.triage(
        case_id, "--rationale", SHORT_RATIONALE, "--statutory-answers", "{}", "--json"
    )
    assert result.exit_code == 0, result.output
    triaged = json.loads(result.stdout)
    assert triaged["case_id"] == case_id
    assert triaged["state"] == "TRIAGED"
    assert "CaseTriaged" in [e["type"] for e in triaged["events"]]


def test_case_show_gives_the_actors_policy_view_as_json(org: Org) -> None:
    case_id = org.new_case()
    assert org.triage(case_id, "--rationale", SHORT_RATIONALE).exit_code == 0
    view = org.ok("case", "show", case_id, *org.as_dsl)
    assert view["id"] == case_id
    assert view["state"] == "TRIAGED"
    assert view["severity"] == "LOW"


def test_case_list_filters_by_state_and_gives_metadata_only(org: Org) -> None:
    triaged, received = org.new_case(), org.new_case()
    assert org.triage(triaged, "--rationale", SHORT_RATIONALE).exit_code == 0
    everything = org.ok("case", "list", *org.as_dsl)
    assert [c["id"] for c in everything] == [triaged, received]
    assert NARRATIVE not in json.dumps(everything)
    only = org.ok("case", "list", "--state", "TRIAGED", *org.as_dsl)
    assert [(c["id"], c["state"]) for c in only] == [(triaged, "TRIAGED")]
    assert [c["id"] for c in org.ok("case", "list", "--offset", "1", *org.as_dsl)] == [received]


def test_the_whole_payload_can_be_given_as_json(org: Org) -> None:
    case_id = org.new_case()
    payload = {
        "categories": [CATEGORY],
        "proposed_severity": "LOW",
        "rationale": SHORT_RATIONALE,
        "decided_by": [org.dsl],
        "statutory_answers": {},
    }
    data = json.dumps(payload)
    result = org.ok("case", "record-triage", case_id, "--data", data, *org.as_dsl)
    assert result["state"] == "TRIAGED"


def test_a_refused_transition_exits_2_with_the_refusal_code(org: Org) -> None:
    case_id = org.new_case("--disclosure")
    error = one_line_error(org.triage(case_id, "--rationale", SHORT_RATIONALE))
    assert "E_G02_DISCLOSURE_NOT_CONVERTED" in error


def test_a_step_that_does_not_exist_from_the_state_is_refused(org: Org) -> None:
    case_id = org.new_case()
    error = one_line_error(org.run("case", "appeal-window-expired", case_id, "--as", "SYS"))
    assert "E_NO_TRANSITION" in error


def test_a_malformed_date_exits_2_naming_the_field(org: Org) -> None:
    case_id = org.new_case()
    error = one_line_error(
        org.triage(case_id, "--rationale", SHORT_RATIONALE, "--conduct-date", "2026-02-31")
    )
    assert "conduct_date" in error
    assert "E_INVALID_ARGUMENT" in error


def test_a_missing_rationale_exits_2_with_g07(org: Org) -> None:
    case_id = org.new_case()
    error = one_line_error(org.triage(case_id))
    assert "E_G07_RATIONALE_MISSING" in error
    assert org.ok("case", "show", case_id, *org.as_dsl)["state"] == "RECEIVED_REPORT"


def test_an_unknown_case_id_exits_2(org: Org) -> None:
    error = one_line_error(org.run("case", "show", "0" * 32, *org.as_dsl))
    assert "E_NOT_FOUND" in error
    one_line_error(org.triage("nope", "--rationale", SHORT_RATIONALE))


def test_malformed_json_and_a_missing_actor_are_one_line_errors(org: Org) -> None:
    case_id = org.new_case()
    error = one_line_error(org.triage(case_id, "--statutory-answers", "{not json"))
    assert "statutory_answers" in error
    error = one_line_error(org.run("case", "show", case_id))
    assert "--as" in error
    error = one_line_error(org.run("case", "show", case_id, "--as", "WIZARD:someone"))
    assert "role must be one of" in error


def test_usage_errors_are_one_line_with_status_2(org: Org) -> None:
    assert "No such option" in one_line_error(org.run("case", "list", "--colour"))
    assert "No such command" in one_line_error(org.run("case", "frobnicate"))
    assert "CASE_ID" in one_line_error(org.run("case", "show"))


def test_only_a_closed_case_can_be_erased_and_only_after_its_retention_period(org: Org) -> None:
    case_id = org.new_case("--disclosure")
    assert "E_NO_TRANSITION" in one_line_error(org.run("case", "erase", case_id))
    closed = org.ok(
        "case", "close-disclosure", case_id, "--rationale", SHORT_RATIONALE,
        "--decided-by", org.dsl, "--mandatory-reporting-assessed", *org.as_dsl,
    )  # fmt: skip
    assert closed["state"] == "CLOSED"
    error = one_line_error(org.run("case", "erase", case_id))
    assert "E_G32_RETENTION_NOT_EXPIRED" in error
    assert org.ok("case", "show", case_id, *org.as_dsl)["id"] == case_id


def test_an_unexpected_failure_is_one_line_with_status_1_and_no_detail(
    org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safecase.core.instance import Instance

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError(NARRATIVE)

    monkeypatch.setattr(Instance, "list_cases", broken)
    error = one_line_error(org.run("case", "list", *org.as_dsl), status=1)
    assert error == "error: internal error (RuntimeError)"


def test_the_actor_may_come_from_the_environment(org: Org, monkeypatch: pytest.MonkeyPatch) -> None:
    case_id = org.new_case()
    monkeypatch.setenv("SAFECASE_ACTOR", f"DSL:{org.dsl}")
    assert org.ok("case", "show", case_id)["id"] == case_id


def test_the_data_directory_may_be_given_before_the_command(org: Org) -> None:
    result = cli("--data-dir", org.data_dir, "person", "list", "--json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 3


# --- audit and keys ------------------------------------------------------------------------------


def test_audit_verify_reports_an_intact_chain_then_the_first_tampered_entry(org: Org) -> None:
    case_id = org.new_case()
    one_line_error(org.triage(case_id))  # a refusal is audited too
    intact = org.run("audit", "verify")
    assert intact.exit_code == 0, intact.output
    assert intact.stdout.startswith("OK: ")
    assert "chain intact" in intact.stdout
    entries = int(intact.stdout.split()[1])
    assert entries >= 3

    with sqlite3.connect(org.data_dir / "safecase.db") as db:
        triggers = db.execute(
            "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_log'"
        ).fetchall()
        for (name,) in triggers:  # the append-only triggers (an attacker with file access)
            db.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        db.execute("UPDATE audit_log SET actor_person_id = 'someone-else' WHERE seq = 2")

    broken = org.run("audit", "verify")
    assert broken.exit_code == 1
    assert "BROKEN at entry 2" in broken.stdout
    as_json = org.run("audit", "verify", "--json")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout) == {"entries": entries, "intact": False, "first_broken": 2}


def test_a_missing_key_file_is_a_one_line_error_naming_the_fix(org: Org) -> None:
    (org.data_dir / "keys" / "organisation.key").unlink()
    error = one_line_error(org.run("case", "list", *org.as_dsl))
    assert "E_KEY_UNAVAILABLE" in error
    assert "restore it from your key backup" in error


def test_a_data_directory_without_an_instance_names_init(tmp_path: Path) -> None:
    error = one_line_error(cli("person", "list", "--data-dir", tmp_path))
    assert "safecase init" in error


# --- the persisted demo --------------------------------------------------------------------------


def test_the_demo_runs_persisted_to_sanction_in_force_with_an_intact_audit_chain(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "demo"
    demo = ok("demo", "--plugin", "scotland", "--data-dir", data_dir)
    assert demo["final_state"] == "SANCTION_IN_FORCE"
    assert demo["audit_chain_ok"] is True
    assert {step["outcome"] for step in demo["steps"]} > {"ok"}

    verified = cli("audit", "verify", "--data-dir", data_dir)
    assert verified.exit_code == 0, verified.output
    assert verified.stdout.strip() == f"OK: {demo['audit_entries']} entries, chain intact"
    cases = ok("case", "list", "--as", "AUD:auditor", "--data-dir", data_dir)
    assert [(c["id"], c["state"]) for c in cases] == [(demo["case_id"], "SANCTION_IN_FORCE")]
    one_line_error(cli("demo", "--data-dir", data_dir))  # a fresh directory only
