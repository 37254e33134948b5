"""The gRPC API definitions in ``protos/`` and their generated code in safecase-protos.

The .proto sources pass ``buf lint`` (STANDARD) and ``buf format``; the committed generated code
is exactly what the sources generate; it imports under the shared ``safecase`` namespace; and
the intake and hearings APIs keep the habits of STYLE.md (AIP-132 pagination, AIP-155 request
ids, the 21 states of DOMAIN.md §1.2, the hearing states 10-19, every hearing-context command
reachable).
"""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest
from google.protobuf.descriptor import Descriptor, EnumDescriptor, MethodDescriptor

from safecase.core.hearing import AppealResult
from safecase.core.investigation import Conclusion
from safecase.core.lifecycle import STEPS
from safecase.core.registry import EntryStatus, SportRole
from safecase.core.ruleset import RegistryVisibility
from safecase.core.screening import MatchKind, Resolution
from safecase.core.states import STATE_NUMBER, CaseState
from safecase.events.v1 import event_pb2
from safecase.hearings.v1 import hearings_service_pb2, hearings_service_pb2_grpc
from safecase.hearings.v1 import resources_pb2 as hearings_resources_pb2
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

HEARINGS_SERVICE = hearings_service_pb2.DESCRIPTOR.services_by_name["HearingsService"]

# The methods the hearings API promises (the typed common steps, the registry and the generic
# command).
HEARINGS_METHODS = {
    "GetHearingFile",
    "ListHearingFiles",
    "AppointPanel",
    "AppointAppealPanel",
    "DeclareConflicts",
    "OpenHearing",
    "IssueDecision",
    "IssueDecisionOnAdmission",
    "NotifyParties",
    "WaiveAppeal",
    "GrantAppealExtension",
    "LodgeAppeal",
    "ExpireAppealWindow",
    "OpenAppealHearing",
    "IssueAppealDecision",
    "StartMonitoring",
    "CompleteMonitoring",
    "CloseCase",
    "ListSanctionsInForce",
    "ScreenPerson",
    "ResolveScreening",
    "ExportRegistry",
    "RunHearingCommand",
}
# Every hearing-context command of DOMAIN.md §1 (T27-T42 and the §1.4 commands of panels and
# screening) and the method that runs it; `RunHearingCommand` runs all of them.
HEARING_COMMAND_METHODS = {
    "appoint_panel": "AppointPanel",
    "appoint_appeal_panel": "AppointAppealPanel",
    "sign_coi_declaration": "DeclareConflicts",
    "open_hearing": "OpenHearing",
    "issue_decision": "IssueDecision",
    "issue_decision_on_admission": "IssueDecisionOnAdmission",
    "notify_parties": "NotifyParties",
    "waive_appeal": "WaiveAppeal",
    "grant_appeal_extension": "GrantAppealExtension",
    "lodge_appeal": "LodgeAppeal",
    "appeal_window_expired": "ExpireAppealWindow",
    "open_appeal_hearing": "OpenAppealHearing",
    "issue_appeal_decision": "IssueAppealDecision",
    "start_monitoring": "StartMonitoring",
    "complete_monitoring": "CompleteMonitoring",
    "close_case": "CloseCase",
    "record_condition_breach": "RunHearingCommand",
}
# Person-level registry commands (§1.4), outside the case lifecycle table.
REGISTRY_COMMAND_METHODS = {
    "screen_person": "ScreenPerson",
    "resolve_screening": "ResolveScreening",
}
# Read-only hearings methods: the standard reads and the registry export.
HEARINGS_READ_ONLY = {"ExportRegistry"}
# Mutating hearings methods that act on the registry, so they name no hearing file.
HEARINGS_REGISTRY_MUTATIONS = {"ScreenPerson", "ResolveScreening"}


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
    assert HEARINGS_SERVICE.full_name == "safecase.hearings.v1.HearingsService"
    assert hasattr(hearings_service_pb2_grpc, "HearingsServiceServicer")
    assert hasattr(hearings_service_pb2_grpc, "HearingsServiceStub")
    assert hasattr(hearings_service_pb2_grpc, "add_HearingsServiceServicer_to_server")


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
        "sealed": 12,
    }
    sealed = event_pb2.Event.DESCRIPTOR.fields_by_name["sealed"].message_type
    assert {f.name for f in sealed.fields} == {
        "key_id",
        "wrapped_key",
        "ciphertext",
        "ephemeral_public",
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


# --- the hearings API ---------------------------------------------------------------------------


def is_hearings_read_only(method: MethodDescriptor) -> bool:
    return is_read_only(method) or method.name in HEARINGS_READ_ONLY


def test_hearings_service_has_every_promised_method() -> None:
    missing = HEARINGS_METHODS - {m.name for m in HEARINGS_SERVICE.methods}
    assert missing == set()


def test_every_hearings_method_has_its_own_request_and_response_message() -> None:
    for method in HEARINGS_SERVICE.methods:
        assert method.input_type.name == f"{method.name}Request"
        assert method.output_type.name == f"{method.name}Response"


def test_every_hearings_list_method_is_paginated() -> None:
    paginated = [
        m
        for m in HEARINGS_SERVICE.methods
        if m.name.startswith("List") or m.name == "ExportRegistry"
    ]
    assert {"ListHearingFiles", "ListSanctionsInForce", "ExportRegistry"} <= {
        m.name for m in paginated
    }
    for method in paginated:
        request, response = fields(method.input_type), fields(method.output_type)
        assert {"page_size", "page_token"} <= request, method.name
        assert "next_page_token" in response, method.name


def test_every_mutating_hearings_request_carries_a_request_id() -> None:
    mutating = [m for m in HEARINGS_SERVICE.methods if not is_hearings_read_only(m)]
    assert len(mutating) == len(HEARINGS_METHODS) - 4  # Get, 2 x List, ExportRegistry
    for method in mutating:
        assert "request_id" in fields(method.input_type), method.name


def test_every_hearing_step_names_its_hearing_file_and_returns_it() -> None:
    for method in HEARINGS_SERVICE.methods:
        if is_hearings_read_only(method) or method.name in HEARINGS_REGISTRY_MUTATIONS:
            continue
        assert {"name", "etag"} <= fields(method.input_type), method.name
        response = method.output_type.fields_by_name.get("hearing_file")
        assert response is not None, method.name
        assert response.message_type.full_name == "safecase.hearings.v1.HearingFile"


def test_every_hearing_context_command_is_reachable_by_a_method() -> None:
    lifecycle_commands = {step.command for step in STEPS}
    assert set(HEARING_COMMAND_METHODS) <= lifecycle_commands
    methods = {m.name for m in HEARINGS_SERVICE.methods}
    reachable = {**HEARING_COMMAND_METHODS, **REGISTRY_COMMAND_METHODS}
    assert set(reachable.values()) <= methods


def test_every_command_intake_sends_to_hearings_is_reachable_here() -> None:
    from safecase.services.intake.commands import HEARING_COMMANDS

    assert set(HEARING_COMMANDS) <= set(HEARING_COMMAND_METHODS)


def test_run_hearing_command_takes_a_command_name_and_struct_arguments() -> None:
    request = hearings_service_pb2.RunHearingCommandRequest.DESCRIPTOR
    assert {"name", "command", "arguments", "request_id", "etag"} <= fields(request)
    arguments = request.fields_by_name["arguments"].message_type
    assert arguments.full_name == "google.protobuf.Struct"


def enum_names(enum: EnumDescriptor, prefix: str) -> set[str]:
    """The names of an enum's values without their type prefix, ``_UNSPECIFIED`` left out."""
    return {v.name.removeprefix(prefix) for v in enum.values if v.number != 0}


def test_hearing_state_enum_is_the_domain_states_10_to_19_in_order() -> None:
    values = hearings_resources_pb2.HearingState.DESCRIPTOR.values
    by_number = {v.number: v.name for v in values}
    expected = sorted((STATE_NUMBER[s], s.value) for s in CaseState if 10 <= STATE_NUMBER[s] <= 19)
    assert by_number == {
        0: "HEARING_STATE_UNSPECIFIED",
        **{number - 9: f"HEARING_STATE_{state}" for number, state in expected},
    }


def test_hearings_enums_match_the_core_vocabularies() -> None:
    r = hearings_resources_pb2
    assert enum_names(r.AppealResult.DESCRIPTOR, "APPEAL_RESULT_") == {
        a.value for a in AppealResult
    }
    assert enum_names(r.SportRole.DESCRIPTOR, "SPORT_ROLE_") == {role.value for role in SportRole}
    assert enum_names(r.RegistryEntryStatus.DESCRIPTOR, "REGISTRY_ENTRY_STATUS_") == {
        s.value for s in EntryStatus
    }
    assert enum_names(r.RegistryVisibility.DESCRIPTOR, "REGISTRY_VISIBILITY_") == {
        v.value for v in RegistryVisibility
    }
    assert enum_names(r.MatchKind.DESCRIPTOR, "MATCH_KIND_") == {m.value for m in MatchKind}
    assert enum_names(r.ScreeningResolutionType.DESCRIPTOR, "SCREENING_RESOLUTION_TYPE_") == {
        x.value for x in Resolution
    }
    assert enum_names(r.FindingOutcome.DESCRIPTOR, "FINDING_OUTCOME_") == {"PROVEN", "NOT_PROVEN"}
    assert enum_names(r.PartyKind.DESCRIPTOR, "PARTY_KIND_") == {"RESPONDENT", "COMPLAINANT", "ORG"}


def test_screening_tells_the_person_only_clear_or_manual_review() -> None:
    outcomes = enum_names(hearings_resources_pb2.ScreeningOutcome.DESCRIPTOR, "SCREENING_OUTCOME_")
    assert outcomes == {"CLEAR", "MANUAL_REVIEW", "ACTIVE_SANCTION"}
    result = fields(hearings_resources_pb2.ScreeningResult.DESCRIPTOR)
    assert {"outcome", "message_for_person", "hits", "resolution"} <= result
    request = fields(hearings_service_pb2.ScreenPersonRequest.DESCRIPTOR)
    assert {"person", "legal_name", "other_names", "birth_date", "role"} <= request


def test_decision_records_findings_rationale_standard_of_proof_and_sanctions() -> None:
    decision = fields(hearings_resources_pb2.Decision.DESCRIPTOR)
    assert {
        "findings",
        "rationale",
        "standard_of_proof",
        "sanctions",
        "information_considered",
        "decided_by",
        "decide_time",
        "notified_parties",
    } <= decision
    finding = fields(hearings_resources_pb2.Finding.DESCRIPTOR)
    assert {"allegation", "code_reference", "outcome"} <= finding
    sanction = fields(hearings_resources_pb2.Sanction.DESCRIPTOR)
    assert {"type", "months", "conditions", "start_time", "end_time", "in_force"} <= sanction


def test_registry_entry_carries_no_case_content() -> None:
    entry = fields(hearings_resources_pb2.RegistryEntry.DESCRIPTOR)
    assert {
        "person",
        "status",
        "sanction_type",
        "scope",
        "start_time",
        "end_time",
        "visibility",
        "minor_respondent",
    } <= entry
    content = {"rationale", "findings", "allegation", "conditions", "statement", "narrative"}
    assert entry & content == set()


def test_export_registry_returns_json_lines_as_bytes() -> None:
    content = hearings_service_pb2.ExportRegistryResponse.DESCRIPTOR.fields_by_name["content"]
    assert content.type == content.TYPE_BYTES


def test_hearings_api_imports_only_well_known_types() -> None:
    for file in (hearings_service_pb2.DESCRIPTOR, hearings_resources_pb2.DESCRIPTOR):
        for dependency in file.dependencies:
            assert dependency.name.startswith(("google/protobuf/", "safecase/hearings/v1/"))


# --- the advisory API ---------------------------------------------------------------------------


def _advisory() -> tuple[object, object]:
    from safecase.advisory.v1 import advisory_service_pb2, advisory_service_pb2_grpc
    from safecase.advisory.v1 import resources_pb2 as advisory_resources_pb2

    assert hasattr(advisory_service_pb2_grpc, "add_AdvisoryServiceServicer_to_server")
    return advisory_service_pb2, advisory_resources_pb2


# The methods the advisory API promises: the member registry, panel offers, shares, advice, the
# group's answer and the access log.
ADVISORY_METHODS = {
    "CreateMember",
    "GetMember",
    "ListMembers",
    "SetMemberAvailability",
    "OfferPanelMember",
    "GetShare",
    "ListShares",
    "AllocateShare",
    "SubmitAdvice",
    "ListAdvice",
    "ComposeAnswer",
    "VerifyAccessLog",
}
ADVISORY_READ_ONLY = {"VerifyAccessLog"}


def test_advisory_service_has_every_promised_method() -> None:
    service_pb2, _ = _advisory()
    service = service_pb2.DESCRIPTOR.services_by_name["AdvisoryService"]  # type: ignore[attr-defined]
    assert {m.name for m in service.methods} == ADVISORY_METHODS
    for method in service.methods:
        assert method.input_type.name == f"{method.name}Request"
        assert method.output_type.name == f"{method.name}Response"


def test_every_advisory_list_is_paginated_and_every_mutation_has_a_request_id() -> None:
    service_pb2, _ = _advisory()
    service = service_pb2.DESCRIPTOR.services_by_name["AdvisoryService"]  # type: ignore[attr-defined]
    for method in service.methods:
        names = fields(method.input_type)
        if method.name.startswith("List"):
            assert {"page_size", "page_token"} <= names, method.name
            assert "next_page_token" in fields(method.output_type), method.name
        elif not is_read_only(method) and method.name not in ADVISORY_READ_ONLY:
            assert "request_id" in names, method.name


def test_advisory_expertise_is_the_case_advisory_groups_areas() -> None:
    """DOMAIN §0.1: HR, law, sports governance, safeguarding/social work/mental health, lived
    experience."""
    from safecase.services.common.sharing import EXPERTISE

    _, resources = _advisory()
    names = [
        v.name.removeprefix("EXPERTISE_")
        for v in resources.DESCRIPTOR.enum_types_by_name["Expertise"].values  # type: ignore[attr-defined]
        if v.number
    ]
    assert tuple(names) == EXPERTISE


def test_a_share_carries_the_packet_whitelist_and_no_club_name() -> None:
    """G12: the packet message has the fields of the core's packet; a member's club affiliation
    is input only (the service keeps a digest) and no share field can hold a club name."""
    from safecase.core.share import PacketPerson, SharePacket

    _, resources = _advisory()
    messages = resources.DESCRIPTOR.message_types_by_name  # type: ignore[attr-defined]
    renamed = {"sharing_organisation": "sharing_organization"}
    assert fields(messages["Packet"]) == {renamed.get(f, f) for f in SharePacket.model_fields}
    assert fields(messages["PacketPerson"]) == set(PacketPerson.model_fields)
    for name in ("Share", "Packet", "Allocation", "Advice", "Answer"):
        assert not {f for f in fields(messages[name]) if "club" in f}, name


def test_advisory_share_states_cover_the_r_as_region() -> None:
    """§1.7: shared, advice received, revoked, expired (and what only the support side has)."""
    _, resources = _advisory()
    states = {
        v.name.removeprefix("SHARE_STATE_")
        for v in resources.DESCRIPTOR.enum_types_by_name["ShareState"].values  # type: ignore[attr-defined]
    }
    assert {"SHARED", "ADVICE_RECEIVED", "REVOKED", "EXPIRED"} <= states
    assert "UNSPECIFIED" in states
