"""``safecase.hearings.v1.HearingsService``: proto in -> command -> proto out.

Every method parses its request (:mod:`~safecase.services.hearings.mapping`), runs one unit of
work (:mod:`~safecase.services.hearings.commands`) and renders what the caller may see
(:mod:`~safecase.services.hearings.views`). No rule is decided here: the lifecycle, the access
policy and the registry of ``safecase.core`` decide, and their refusals become the call's status
(:mod:`~safecase.services.hearings.status`). Every method needs a bearer token: the hearings
service has no public method.
"""

from __future__ import annotations

import json
from typing import Any

import grpc
from google.protobuf.message import Message

from safecase.core.errors import FieldViolation, InvalidArgument
from safecase.core.registry import SportRole
from safecase.core.screening import Resolution
from safecase.hearings.v1 import hearings_service_pb2 as pb
from safecase.hearings.v1 import hearings_service_pb2_grpc
from safecase.hearings.v1 import resources_pb2 as res
from safecase.services.common import aip
from safecase.services.common.interceptors import required_actor
from safecase.services.hearings import mapping, views
from safecase.services.hearings.commands import HearingFile, HearingsCommands
from safecase.services.hearings.status import rpc

__all__ = ["SERVICE_NAME", "HearingsServicer"]

SERVICE_NAME: str = pb.DESCRIPTOR.services_by_name["HearingsService"].full_name
FILES_PAGE = {"default": 50, "maximum": 200}
EXPORT_PAGE = {"default": 1000, "maximum": 10000}
NDJSON = "application/x-ndjson"


def _required(request: Message, *fields: str) -> None:
    missing = [FieldViolation(f, "required") for f in fields if not getattr(request, f)]
    if missing:
        raise InvalidArgument(missing)


def _latest(items: Any) -> Any:
    """The last of ``items`` (the one a step just added), or ``None``."""
    listed = list(items)
    return listed[-1] if listed else None


class HearingsServicer(hearings_service_pb2_grpc.HearingsServiceServicer):
    def __init__(self, commands: HearingsCommands) -> None:
        self.commands = commands
        self.org = commands.organisation_id

    # --- parsing and rendering -------------------------------------------------------------

    def _file(self, found: HearingFile) -> res.HearingFile:
        return views.hearing_file(self.org, found)

    def _step(self, request: Any, **extra: Any) -> res.HearingFile:
        """A typed step: parse name, etag and body (all violations at once), then run it."""
        actor = required_actor()
        check = mapping.Checker()
        case_id = check.attempt(lambda: mapping.parse_file(request.name, self.org))
        expected = check.attempt(lambda: aip.expected_version(request.etag))
        decision = None
        if isinstance(request, pb.LodgeAppealRequest) and request.decision and case_id:
            decision = check.attempt(
                lambda: mapping.parse_decision(request.decision, self.org, case_id, "decision")
            )
        call = check.attempt(
            lambda: mapping.MAPPERS[type(request)](
                request, caller=actor.person_id, decision_id=decision, **extra
            )
        )
        if check.violations or case_id is None or call is None:
            raise InvalidArgument(check.violations)
        found, _events = self.commands.run(case_id, call, actor, expected)
        return self._file(found)

    # --- hearing files -------------------------------------------------------------------------

    @rpc
    def GetHearingFile(
        self, request: pb.GetHearingFileRequest, context: grpc.ServicerContext
    ) -> pb.GetHearingFileResponse:
        actor = required_actor()
        case_id = mapping.parse_file(request.name, self.org)
        found = self.commands.file(case_id, actor)
        return pb.GetHearingFileResponse(hearing_file=self._file(found))

    @rpc
    def ListHearingFiles(
        self, request: pb.ListHearingFilesRequest, context: grpc.ServicerContext
    ) -> pb.ListHearingFilesResponse:
        actor = required_actor()
        mapping.parse_parent(request.parent, self.org)
        size = aip.page_size(request.page_size, **FILES_PAGE)
        start = aip.page_start(request)
        check = mapping.Checker()
        states = mapping.states(check, request.states)
        check.done()
        candidates = self.commands.summaries(actor)
        files, token = [], ""
        for position, found in self.commands.files(actor, candidates, start):
            shown = self._file(found)
            state = res.HearingState.Name(shown.state).removeprefix("HEARING_STATE_")
            if states and state not in states:
                continue
            if request.panel_member and request.panel_member not in views.panel_members(found.view):
                continue
            files.append(shown)
            if len(files) == size:
                if position + 1 < len(candidates):
                    token = aip.next_page_token(request, position + 1)
                break
        return pb.ListHearingFilesResponse(hearing_files=files, next_page_token=token)

    # --- the lifecycle ----------------------------------------------------------------------------

    @rpc
    def AppointPanel(
        self, request: pb.AppointPanelRequest, context: grpc.ServicerContext
    ) -> pb.AppointPanelResponse:
        shown = self._step(request)
        panel = _latest(p for p in shown.panels if p.kind == res.PANEL_KIND_DISCIPLINARY)
        return pb.AppointPanelResponse(hearing_file=shown, panel=panel)

    @rpc
    def AppointAppealPanel(
        self, request: pb.AppointAppealPanelRequest, context: grpc.ServicerContext
    ) -> pb.AppointAppealPanelResponse:
        shown = self._step(request)
        panel = _latest(p for p in shown.panels if p.kind == res.PANEL_KIND_APPEAL)
        return pb.AppointAppealPanelResponse(hearing_file=shown, panel=panel)

    @rpc
    def DeclareConflicts(
        self, request: pb.DeclareConflictsRequest, context: grpc.ServicerContext
    ) -> pb.DeclareConflictsResponse:
        shown = self._step(request)
        person = request.person or required_actor().person_id
        signed = [d for d in shown.coi_declarations if d.person == person]
        return pb.DeclareConflictsResponse(
            hearing_file=shown, coi_declaration=signed[-1] if signed else None
        )

    @rpc
    def OpenHearing(
        self, request: pb.OpenHearingRequest, context: grpc.ServicerContext
    ) -> pb.OpenHearingResponse:
        return pb.OpenHearingResponse(hearing_file=self._step(request))

    @rpc
    def IssueDecision(
        self, request: pb.IssueDecisionRequest, context: grpc.ServicerContext
    ) -> pb.IssueDecisionResponse:
        shown = self._step(request)
        decision = _latest(shown.decisions)
        return pb.IssueDecisionResponse(hearing_file=shown, decision=decision)

    @rpc
    def IssueDecisionOnAdmission(
        self, request: pb.IssueDecisionOnAdmissionRequest, context: grpc.ServicerContext
    ) -> pb.IssueDecisionOnAdmissionResponse:
        shown = self._step(request)
        decision = _latest(shown.decisions)
        if decision is not None:
            decision.admission_ref = request.admission_ref
        return pb.IssueDecisionOnAdmissionResponse(hearing_file=shown, decision=decision)

    @rpc
    def NotifyParties(
        self, request: pb.NotifyPartiesRequest, context: grpc.ServicerContext
    ) -> pb.NotifyPartiesResponse:
        return pb.NotifyPartiesResponse(hearing_file=self._step(request))

    @rpc
    def WaiveAppeal(
        self, request: pb.WaiveAppealRequest, context: grpc.ServicerContext
    ) -> pb.WaiveAppealResponse:
        return pb.WaiveAppealResponse(hearing_file=self._step(request))

    @rpc
    def GrantAppealExtension(
        self, request: pb.GrantAppealExtensionRequest, context: grpc.ServicerContext
    ) -> pb.GrantAppealExtensionResponse:
        return pb.GrantAppealExtensionResponse(hearing_file=self._step(request))

    @rpc
    def LodgeAppeal(
        self, request: pb.LodgeAppealRequest, context: grpc.ServicerContext
    ) -> pb.LodgeAppealResponse:
        shown = self._step(request)
        return pb.LodgeAppealResponse(hearing_file=shown, appeal=_latest(shown.appeals))

    @rpc
    def ExpireAppealWindow(
        self, request: pb.ExpireAppealWindowRequest, context: grpc.ServicerContext
    ) -> pb.ExpireAppealWindowResponse:
        return pb.ExpireAppealWindowResponse(hearing_file=self._step(request))

    @rpc
    def OpenAppealHearing(
        self, request: pb.OpenAppealHearingRequest, context: grpc.ServicerContext
    ) -> pb.OpenAppealHearingResponse:
        return pb.OpenAppealHearingResponse(hearing_file=self._step(request))

    @rpc
    def IssueAppealDecision(
        self, request: pb.IssueAppealDecisionRequest, context: grpc.ServicerContext
    ) -> pb.IssueAppealDecisionResponse:
        shown = self._step(request)
        decision = _latest(shown.decisions)
        return pb.IssueAppealDecisionResponse(hearing_file=shown, decision=decision)

    @rpc
    def StartMonitoring(
        self, request: pb.StartMonitoringRequest, context: grpc.ServicerContext
    ) -> pb.StartMonitoringResponse:
        return pb.StartMonitoringResponse(hearing_file=self._step(request))

    @rpc
    def CompleteMonitoring(
        self, request: pb.CompleteMonitoringRequest, context: grpc.ServicerContext
    ) -> pb.CompleteMonitoringResponse:
        return pb.CompleteMonitoringResponse(hearing_file=self._step(request))

    @rpc
    def CloseCase(
        self, request: pb.CloseCaseRequest, context: grpc.ServicerContext
    ) -> pb.CloseCaseResponse:
        return pb.CloseCaseResponse(hearing_file=self._step(request))

    @rpc
    def RunHearingCommand(
        self, request: pb.RunHearingCommandRequest, context: grpc.ServicerContext
    ) -> pb.RunHearingCommandResponse:
        actor = required_actor()
        case_id = mapping.parse_file(request.name, self.org)
        expected = aip.expected_version(request.etag)
        _required(request, "command")
        found, events = self.commands.run(case_id, mapping.arguments(request), actor, expected)
        return pb.RunHearingCommandResponse(hearing_file=self._file(found), event_types=events)

    # --- the sanction registry ----------------------------------------------------------------

    @rpc
    def ListSanctionsInForce(
        self, request: pb.ListSanctionsInForceRequest, context: grpc.ServicerContext
    ) -> pb.ListSanctionsInForceResponse:
        actor = required_actor()
        mapping.parse_parent(request.parent, self.org)
        check = mapping.Checker()
        role = check.enum("role", res.SportRole, request.role)
        check.done()
        entries = [
            e
            for e in self.commands.registry(actor)
            if (role is None or e.scope.covers(SportRole(role)))
            and (not request.person or e.person.person_id == request.person)
            and (request.include_interim_measures or e.status.value != "INTERIM_MEASURE")
        ]
        page, token = aip.page(request, entries)
        now = self.commands.now()
        return pb.ListSanctionsInForceResponse(
            registry_entries=[views.registry_entry(self.org, e, now) for e in page],
            next_page_token=token,
        )

    @rpc
    def ScreenPerson(
        self, request: pb.ScreenPersonRequest, context: grpc.ServicerContext
    ) -> pb.ScreenPersonResponse:
        actor = required_actor()
        mapping.parse_parent(request.parent, self.org)
        check = mapping.Checker()
        role = check.enum("role", res.SportRole, request.role, required=True)
        if role == "ANY":
            check.violations.append(FieldViolation("role", "screen for a specific role"))
        born = check.day("birth_date", request.birth_date)
        if not request.person and not request.legal_name:
            check.violations.append(FieldViolation("legal_name", "required without person"))
        check.done()
        assert role is not None
        result, level = self.commands.screen(
            actor,
            person_id=request.person,
            legal_name=request.legal_name,
            other_names=list(request.other_names),
            birth_date=born,
            role=SportRole(role),
        )
        shown = views.screening_result(self.org, result, level, request.person)
        return pb.ScreenPersonResponse(screening_result=shown)

    @rpc
    def ResolveScreening(
        self, request: pb.ResolveScreeningRequest, context: grpc.ServicerContext
    ) -> pb.ResolveScreeningResponse:
        actor = required_actor()
        check = mapping.Checker()
        result_id = check.attempt(lambda: mapping.parse_screening(request.name, self.org))
        kind = check.enum(
            "resolution", res.ScreeningResolutionType, request.resolution, required=True
        )
        check.require(request.reason, "reason")
        if check.violations or result_id is None or kind is None:
            raise InvalidArgument(check.violations)
        found = self.commands.resolve_screening(
            actor, result_id, Resolution(kind), request.reason, request.request_id or None
        )
        shown = views.screening_result(
            self.org, found.result, found.level, found.person, found.resolutions
        )
        return pb.ResolveScreeningResponse(screening_result=shown)

    @rpc
    def ExportRegistry(
        self, request: pb.ExportRegistryRequest, context: grpc.ServicerContext
    ) -> pb.ExportRegistryResponse:
        from safecase.core.registry_export import export_ftm, exportable  # FtM loads its model

        actor = required_actor()
        mapping.parse_parent(request.parent, self.org)
        check = mapping.Checker()
        asked = {
            check.enum(f"visibilities[{i}]", res.RegistryVisibility, v, required=True)
            for i, v in enumerate(request.visibilities)
        }
        check.done()
        visibilities = frozenset(v for v in asked if v) or frozenset({"PUBLIC"})
        include_shared = "SHARED_DSA" in visibilities
        entries = [
            e
            for e in self.commands.export(actor, visibilities, include_ended=request.include_ended)
            if exportable(e, include_shared=include_shared)
        ]
        page, token = aip.page(request, entries, **EXPORT_PAGE)
        now = None if request.include_ended else self.commands.now()
        lines = [
            json.dumps(entity, sort_keys=True, ensure_ascii=False)
            for entity in export_ftm(
                page, self.commands.instance.organisation, include_shared=include_shared, now=now
            )
        ]
        return pb.ExportRegistryResponse(
            content="".join(f"{line}\n" for line in lines).encode("utf-8"),
            content_type=NDJSON,
            entry_count=len(page),
            next_page_token=token,
        )
