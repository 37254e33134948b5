"""The gRPC API definitions in ``protos/`` and their generated code in safecase-protos.

The .proto sources pass ``buf lint`` (STANDARD) and ``buf format``; the committed generated code
is exactly what the sources generate; it imports under the shared ``safecase`` namespace; and
the intake API keeps the habits of STYLE.md (AIP-132 pagination, AIP-155 request ids, the 21
states of DOMAIN.md §1.2).
"""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest
from google.protobuf.descriptor import Descriptor, MethodDescriptor

from safecase.core.investigation import Conclusion
from safecase.core.states import STATE_NUMBER, CaseState
from safecase.events.v1 import event_pb2
from safecase.intake.v1 import intake_service_pb2, intake_service_pb2_grpc, resources_pb2

ROOT = Path(__file__).resolve().parents[2]
PROTOS = ROOT / "protos"
GENERATED = PROTOS / "python" / "src"
BUF = Path(sys.executable).parent / "buf"

INTAKE_SERVICE = intake_service_pb2.DESCRIPTOR.services_by_name["IntakeService"]

# The methods the intake API promises (the typed common steps plus the generic command).
INTAKE_METHODS = {
    "SubmitReport",
    "GetReceiptStatus",
    "AddReceiptInformation",
    "ListReceiptMessages",
    "SendReceiptMessage",
    "GetCase",
    "ListCases",
    "ConvertDisclosure",
    "TriageCase",
    "AssignCaseManager",
    "ReferToAgency",
    "RecordAgencyConsent",
    "RecordAgencyRelease",
    "OpenInvestigation",
    "ScheduleInterview",
    "AddEvidence",
    "SubmitInvestigationReport",
    "CommissionRiskAssessment",
    "CompleteRiskAssessment",
    "ImposeInterimMeasure",
    "ReviewInterimMeasure",
    "ListOverdueReviews",
    "CloseCase",
    "SendMessageToReporter",
    "RunCaseCommand",
}
# Mutating methods that act on a receipt or create a case, so they name no existing case.
MUTATING_WITHOUT_CASE_NAME = {"SubmitReport", "AddReceiptInformation", "SendReceiptMessage"}


def fields(message: Descriptor) -> set[str]:
    return {field.name for field in message.fields}


def is_read_only(method: MethodDescriptor) -> bool:
    return bool(method.name.startswith(("Get", "List")))


def run_buf(*args: str) -> subprocess.CompletedProcess[str]:
    if not BUF.exists():
        pytest.fail(f"no buf binary at {BUF}: the dev group installs it (buf-bin)")
    return subprocess.run(
        [str(BUF), *args], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


# --- sources ------------------------------------------------------------------------------------


def test_buf_lint_passes_on_the_proto_sources() -> None:
    result = run_buf("lint", "protos")
    assert result.returncode == 0, f"buf lint failed:\n{result.stdout}{result.stderr}"


def test_proto_sources_are_buf_formatted() -> None:
    result = run_buf("format", "--diff", "--exit-code", "protos")
    assert result.returncode == 0, f"run `buf format -w protos`:\n{result.stdout}{result.stderr}"


# --- generated code -----------------------------------------------------------------------------


def generated_tree(root: Path) -> list[Path]:
    return sorted(
        p.relative_to(root)
        for p in (root / "safecase").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )


def test_regenerating_gives_byte_identical_code(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/gen_protos.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr

    fresh, committed = generated_tree(tmp_path), generated_tree(GENERATED)
    assert fresh == committed, "generated files differ from protos/python/src: run `make protos`"
    stale = [str(p) for p in fresh if not filecmp.cmp(tmp_path / p, GENERATED / p, shallow=False)]
    assert stale == [], "generated code is stale: run `make protos`"


def test_generated_code_leaves_the_safecase_namespace_without_init_files() -> None:
    namespace_dirs = [GENERATED / "safecase", *(p for p in (GENERATED / "safecase").iterdir())]
    offenders = [str(d) for d in namespace_dirs if (d / "__init__.py").exists()]
    assert offenders == []


def test_generated_modules_import_under_the_shared_namespace() -> None:
    import safecase

    assert any(Path(p) == GENERATED / "safecase" for p in safecase.__path__)
    assert event_pb2.Event.DESCRIPTOR.full_name == "safecase.events.v1.Event"
    assert hasattr(intake_service_pb2_grpc, "IntakeServiceServicer")
    assert hasattr(intake_service_pb2_grpc, "IntakeServiceStub")
    assert hasattr(intake_service_pb2_grpc, "add_IntakeServiceServicer_to_server")


# --- the events envelope ------------------------------------------------------------------------


def test_event_envelope_has_the_versioned_fields_in_their_numbers() -> None:
    numbers = {f.name: f.number for f in event_pb2.Event.DESCRIPTOR.fields}
    assert numbers == {
        "id": 1,
        "type": 2,
        "version": 3,
        "organization": 4,
        "occurred_at": 5,
        "case": 6,
        "trace": 7,
        "actor": 8,
        "actor_role": 9,
        "step": 10,
        "payload": 11,
    }
    trace = event_pb2.Event.DESCRIPTOR.fields_by_name["trace"].message_type
    assert {f.name for f in trace.fields} == {"traceparent", "tracestate"}
    payload = event_pb2.Event.DESCRIPTOR.fields_by_name["payload"].message_type
    assert payload.full_name == "google.protobuf.Struct"


# --- the intake API -----------------------------------------------------------------------------


def test_intake_service_has_every_promised_method() -> None:
    missing = INTAKE_METHODS - {m.name for m in INTAKE_SERVICE.methods}
    assert missing == set()


def test_every_method_has_its_own_request_and_response_message() -> None:
    for method in INTAKE_SERVICE.methods:
        assert method.input_type.name == f"{method.name}Request"
        assert method.output_type.name == f"{method.name}Response"


def test_every_list_method_is_paginated() -> None:
    lists = [m for m in INTAKE_SERVICE.methods if m.name.startswith("List")]
    assert {"ListCases", "ListReceiptMessages", "ListOverdueReviews"} <= {m.name for m in lists}
    for method in lists:
        request, response = fields(method.input_type), fields(method.output_type)
        assert {"page_size", "page_token"} <= request, method.name
        assert "next_page_token" in response, method.name


def test_every_mutating_request_carries_a_request_id() -> None:
    for method in INTAKE_SERVICE.methods:
        if not is_read_only(method):
            assert "request_id" in fields(method.input_type), method.name


def test_every_case_step_names_its_case_and_returns_it_or_its_resource() -> None:
    for method in INTAKE_SERVICE.methods:
        if is_read_only(method) or method.name in MUTATING_WITHOUT_CASE_NAME:
            continue
        assert "name" in fields(method.input_type), method.name
        response = fields(method.output_type)
        assert "case" in response or "message" in response, method.name


def test_list_cases_filters_by_state_category_severity_assignee_and_overdue() -> None:
    request = fields(intake_service_pb2.ListCasesRequest.DESCRIPTOR)
    assert {"states", "categories", "severities", "assignee", "overdue"} <= request


def test_run_case_command_takes_a_command_name_and_struct_arguments() -> None:
    request = intake_service_pb2.RunCaseCommandRequest.DESCRIPTOR
    assert {"name", "command", "arguments", "request_id"} <= fields(request)
    arguments = request.fields_by_name["arguments"].message_type
    assert arguments.full_name == "google.protobuf.Struct"


def test_anonymous_submission_returns_receipt_code_and_secret() -> None:
    response = fields(intake_service_pb2.SubmitReportResponse.DESCRIPTOR)
    assert {"case", "receipt_code", "receipt_secret"} <= response
    for name in (
        "GetReceiptStatus",
        "AddReceiptInformation",
        "ListReceiptMessages",
        "SendReceiptMessage",
    ):
        request = fields(INTAKE_SERVICE.methods_by_name[name].input_type)
        assert {"receipt_code", "receipt_secret"} <= request, name


def test_case_state_enum_is_the_21_domain_states_plus_unspecified() -> None:
    values = {v.name: v.number for v in resources_pb2.CaseState.DESCRIPTOR.values}
    expected = {f"CASE_STATE_{state.value}": STATE_NUMBER[state] for state in CaseState}
    assert len(expected) == 21
    assert values == {"CASE_STATE_UNSPECIFIED": 0, **expected}


def test_conclusion_enum_is_the_four_cpsu_conclusions_plus_unspecified() -> None:
    values = {v.name for v in resources_pb2.Conclusion.DESCRIPTOR.values}
    assert values == {"CONCLUSION_UNSPECIFIED"} | {f"CONCLUSION_{c.value}" for c in Conclusion}
