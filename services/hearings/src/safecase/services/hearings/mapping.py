"""Proto -> domain: resource names, and each request as one command of DOMAIN.md §1.

Only the shape changes here: enum names, timestamps, resource names to ids, field names. An
empty string is "not set" (proto3), so the command's own default or "Field required" applies;
what is allowed is the lifecycle's decision. A violation found by the command's validation is
reported under the request's field name (:meth:`Call.translate`).

A malformed name is INVALID_ARGUMENT with a field violation on the request field; a
well-formed name of another organisation is NOT_FOUND, as an unknown case is (AIP-122).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from google.protobuf import json_format
from google.protobuf.message import Message

from safecase.core.errors import NotFound
from safecase.hearings.v1 import hearings_service_pb2 as pb
from safecase.hearings.v1 import resources_pb2 as res
from safecase.services.common.aip import invalid
from safecase.services.common.request_mapping import (
    Call,
    Checker,
    compact,
    optional,
)

__all__ = [
    "MAPPERS",
    "Call",
    "Checker",
    "arguments",
    "case_name",
    "file_name",
    "parse_file",
    "parse_parent",
    "parse_screening",
]

_ID = r"[A-Za-z0-9_-]{1,64}"
_PARENT = re.compile(rf"organizations/(?P<org>{_ID})")
_CASE = rf"organizations/(?P<org>{_ID})/cases/(?P<case>[A-Za-z0-9_-]{{1,32}})"
_FILE = re.compile(rf"{_CASE}/hearingFile")
_DECISION = re.compile(rf"{_CASE}/decisions/(?P<decision>{_ID})")
_SCREENING = re.compile(rf"organizations/(?P<org>{_ID})/screeningResults/(?P<result>{_ID})")


# --- resource names ---------------------------------------------------------------------------


def case_name(organisation_id: str, case_id: str) -> str:
    return f"organizations/{organisation_id}/cases/{case_id}"


def file_name(organisation_id: str, case_id: str) -> str:
    return f"{case_name(organisation_id, case_id)}/hearingFile"


def parse_parent(value: str, organisation_id: str, name: str = "parent") -> None:
    """Check ``organizations/{organization}`` names this instance's organisation."""
    if not value:
        raise invalid(name, "required: organizations/{organization}")
    match = _PARENT.fullmatch(value)
    if match is None:
        raise invalid(name, "must have the form organizations/{organization}")
    if match["org"] != organisation_id:
        raise NotFound("organization")


def _resource_id(
    value: str, organisation_id: str, name: str, pattern: re.Pattern[str], form: str, what: str
) -> str:
    """The id of ``value``, a name of ``form`` in this organisation: ``pattern``'s last group."""
    if not value:
        raise invalid(name, f"required: {form}")
    match = pattern.fullmatch(value)
    if match is None:
        raise invalid(name, f"must have the form {form}")
    if match["org"] != organisation_id:
        raise NotFound(what)
    return str(match[match.lastindex or 0])


def parse_file(value: str, organisation_id: str, name: str = "name") -> str:
    """The case id of ``organizations/{organization}/cases/{case}/hearingFile``."""
    form = "organizations/{organization}/cases/{case}/hearingFile"
    return _resource_id(value, organisation_id, name, _FILE, form, "hearing file")


def parse_screening(value: str, organisation_id: str, name: str = "name") -> str:
    """The id of ``organizations/{organization}/screeningResults/{screening_result}``."""
    form = "organizations/{organization}/screeningResults/{screening_result}"
    return _resource_id(value, organisation_id, name, _SCREENING, form, "screening result")


def parse_decision(value: str, organisation_id: str, case_id: str, name: str) -> str:
    """The id of ``{case}/decisions/{decision}``, a decision of the request's case."""
    match = _DECISION.fullmatch(value)
    if match is None:
        raise invalid(name, "must have the form organizations/*/cases/*/decisions/{decision}")
    if match["org"] != organisation_id or match["case"] != case_id:
        raise invalid(name, "must be a decision of the request's hearing file")
    return match["decision"]


# --- commands -----------------------------------------------------------------------------------


def _members(request: pb.AppointPanelRequest | pb.AppointAppealPanelRequest) -> list[Any]:
    return [
        compact(
            person_id=optional(m.person),
            chair=m.chair,
            member_type=optional(m.member_type),
            external=m.external,
        )
        for m in request.members
    ]


_MEMBER_RENAMES = {"person_id": "person"}


def appoint_panel(request: pb.AppointPanelRequest, **_: Any) -> Call:
    data = {"members": _members(request), "nsp_substitution": request.nsp_substitution}
    return Call("appoint_panel", data, _MEMBER_RENAMES)


def appoint_appeal_panel(request: pb.AppointAppealPanelRequest, **_: Any) -> Call:
    return Call("appoint_appeal_panel", {"members": _members(request)}, _MEMBER_RENAMES)


def declare_conflicts(request: pb.DeclareConflictsRequest, *, caller: str, **_: Any) -> Call:
    """The declarant defaults to the caller; a waiver is the DSL's or the convenor's (G10)."""
    check = Checker()
    for i, conflict in enumerate(request.declared_conflicts):
        check.require(conflict.kind, f"declared_conflicts[{i}].kind")
    check.done()
    data = compact(
        person_id=request.person or caller,
        declared_conflicts=[c.kind for c in request.declared_conflicts],
        waive_soft_conflicts=request.waive_soft_conflicts,
        waiver_reason=optional(request.waiver_reason),
    )
    return Call("sign_coi_declaration", data, {"person_id": "person"})


def open_hearing(request: pb.OpenHearingRequest, **_: Any) -> Call:
    return Call("open_hearing", {"notice_waived": request.notice_waived})


def _decision(check: Checker, request: Any) -> dict[str, Any]:
    check.require(request.HasField("decision"), "decision")
    given = request.decision
    findings = [
        compact(
            allegation=f.allegation,
            code_reference=optional(f.code_reference),
            finding=check.enum(
                f"decision.findings[{i}].outcome", res.FindingOutcome, f.outcome, required=True
            ),
        )
        for i, f in enumerate(given.findings)
    ]
    return compact(
        rationale=given.rationale,
        decided_by=list(given.decided_by),
        standard_of_proof=check.enum(
            "decision.standard_of_proof", res.StandardOfProof, given.standard_of_proof
        ),
        findings=findings,
        sanctions=[
            compact(type=optional(s.type), months=s.months or None, conditions=s.conditions)
            for s in given.sanctions
        ],
        information_considered=list(given.information_considered),
        aggravating_factors=list(given.aggravating_factors),
        mitigating_factors=list(given.mitigating_factors),
    )


_DECISION_RENAMES = {"finding": "outcome"}


def issue_decision(request: pb.IssueDecisionRequest, **_: Any) -> Call:
    check = Checker()
    data = _decision(check, request)
    check.done()
    return Call("issue_decision", data, _DECISION_RENAMES, prefix="decision.")


def issue_decision_on_admission(request: pb.IssueDecisionOnAdmissionRequest, **_: Any) -> Call:
    check = Checker()
    data = _decision(check, request)
    check.require(request.admission_ref, "admission_ref")
    check.done()
    data["admission_ref"] = request.admission_ref
    renames = {**_DECISION_RENAMES, "admission_ref": "admission_ref"}
    return Call("issue_decision_on_admission", data, renames, prefix="decision.")


def issue_appeal_decision(request: pb.IssueAppealDecisionRequest, **_: Any) -> Call:
    check = Checker()
    data = _decision(check, request)
    result = check.enum("result", res.AppealResult, request.result, required=True)
    check.done()
    data["result"] = result
    return Call("issue_appeal_decision", data, _DECISION_RENAMES, prefix="decision.")


def notify_parties(request: pb.NotifyPartiesRequest, **_: Any) -> Call:
    check = Checker()
    check.require(request.notifications, "notifications")
    notified: dict[str, str] = {}
    for i, item in enumerate(request.notifications):
        path = f"notifications[{i}]"
        party = check.enum(f"{path}.party", res.PartyKind, item.party, required=True)
        check.require(item.HasField("notify_time"), f"{path}.notify_time")
        when = check.time(item, "notify_time", f"{path}.notify_time")
        if party and when:
            notified[party] = when
    check.done()
    notice = compact(
        template=optional(request.notice_template), fields=list(request.notice_fields) or None
    )
    data: dict[str, Any] = {"notified_at": notified, "notice": notice}
    renames = {"notified_at": "notifications", "template": "notice_template"}
    return Call("notify_parties", data, renames)


def waive_appeal(request: pb.WaiveAppealRequest, **_: Any) -> Call:
    check = Checker()
    party = check.enum("party", res.PartyKind, request.party, required=True)
    check.done()
    return Call("waive_appeal", {"party": party})


def grant_appeal_extension(request: pb.GrantAppealExtensionRequest, **_: Any) -> Call:
    check = Checker()
    party = check.enum("party", res.PartyKind, request.party, required=True)
    check.require(request.HasField("new_deadline_time"), "new_deadline_time")
    deadline = check.time(request, "new_deadline_time")
    check.done()
    data = {"party": party, "new_deadline": deadline, "reason": request.reason}
    return Call("grant_appeal_extension", data, {"new_deadline": "new_deadline_time"})


def lodge_appeal(request: pb.LodgeAppealRequest, *, decision_id: str | None, **_: Any) -> Call:
    check = Checker()
    appellant = check.enum("appellant", res.PartyKind, request.appellant, required=True)
    check.done()
    data = compact(
        appellant=appellant,
        grounds=list(request.grounds),
        statement=request.statement,
        decision_id=decision_id,
    )
    return Call("lodge_appeal", data, {"decision_id": "decision"})


def expire_appeal_window(request: pb.ExpireAppealWindowRequest, **_: Any) -> Call:
    return Call("appeal_window_expired", {})


def open_appeal_hearing(request: pb.OpenAppealHearingRequest, **_: Any) -> Call:
    return Call("open_appeal_hearing", {})


def start_monitoring(request: pb.StartMonitoringRequest, **_: Any) -> Call:
    return Call("start_monitoring", {"conditions": request.conditions})


def complete_monitoring(request: pb.CompleteMonitoringRequest, **_: Any) -> Call:
    data = {
        "rationale": request.rationale,
        "decided_by": list(request.decided_by),
        "returning_to_role": request.returning_to_role,
    }
    return Call("complete_monitoring", data)


def close_case(request: pb.CloseCaseRequest, **_: Any) -> Call:
    data = compact(
        rationale=request.rationale,
        decided_by=list(request.decided_by),
        pvg_grounds_not_met_rationale=optional(request.pvg_grounds_not_met_rationale),
    )
    return Call("close_case", data)


def arguments(request: pb.RunHearingCommandRequest) -> Call:
    """``RunHearingCommand``: the command by its DOMAIN name, arguments from the Struct."""
    data: dict[str, Any] = json_format.MessageToDict(request.arguments)
    return Call(request.command, data, prefix="arguments.")


# The typed steps: request type -> mapper (keyword arguments: caller, decision_id).
MAPPERS: Mapping[type[Message], Callable[..., Call]] = {
    pb.AppointPanelRequest: appoint_panel,
    pb.AppointAppealPanelRequest: appoint_appeal_panel,
    pb.DeclareConflictsRequest: declare_conflicts,
    pb.OpenHearingRequest: open_hearing,
    pb.IssueDecisionRequest: issue_decision,
    pb.IssueDecisionOnAdmissionRequest: issue_decision_on_admission,
    pb.NotifyPartiesRequest: notify_parties,
    pb.WaiveAppealRequest: waive_appeal,
    pb.GrantAppealExtensionRequest: grant_appeal_extension,
    pb.LodgeAppealRequest: lodge_appeal,
    pb.ExpireAppealWindowRequest: expire_appeal_window,
    pb.OpenAppealHearingRequest: open_appeal_hearing,
    pb.IssueAppealDecisionRequest: issue_appeal_decision,
    pb.StartMonitoringRequest: start_monitoring,
    pb.CompleteMonitoringRequest: complete_monitoring,
    pb.CloseCaseRequest: close_case,
}


def states(check: Checker, values: Iterable[int]) -> frozenset[str]:
    """``ListHearingFilesRequest.states`` as domain state names."""
    found = {check.enum(f"states[{i}]", res.HearingState, v) for i, v in enumerate(values)}
    return frozenset(s for s in found if s)
