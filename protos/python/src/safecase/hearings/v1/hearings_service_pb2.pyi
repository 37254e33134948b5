import datetime

from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from safecase.hearings.v1 import resources_pb2 as _resources_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetHearingFileRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetHearingFileResponse(_message.Message):
    __slots__ = ("hearing_file",)
    HEARING_FILE_FIELD_NUMBER: _ClassVar[int]
    hearing_file: _resources_pb2.HearingFile
    def __init__(self, hearing_file: _Optional[_Union[_resources_pb2.HearingFile, _Mapping]] = ...) -> None: ...

class ListHearingFilesRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token", "states", "panel_member")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATES_FIELD_NUMBER: _ClassVar[int]
    PANEL_MEMBER_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    states: _containers.RepeatedScalarFieldContainer[_resources_pb2.HearingState]
    panel_member: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., states: _Optional[_Iterable[_Union[_resources_pb2.HearingState, str]]] = ..., panel_member: _Optional[str] = ...) -> None: ...

class ListHearingFilesResponse(_message.Message):
    __slots__ = ("hearing_files", "next_page_token")
    HEARING_FILES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    hearing_files: _containers.RepeatedCompositeFieldContainer[_resources_pb2.HearingFile]
    next_page_token: str
    def __init__(self, hearing_files: _Optional[_Iterable[_Union[_resources_pb2.HearingFile, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class AppointPanelRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "members", "nsp_substitution")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    NSP_SUBSTITUTION_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    members: _containers.RepeatedCompositeFieldContainer[_resources_pb2.PanelMember]
    nsp_substitution: bool
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., members: _Optional[_Iterable[_Union[_resources_pb2.PanelMember, _Mapping]]] = ..., nsp_substitution: _Optional[bool] = ...) -> None: ...

class AppointPanelResponse(_message.Message):
    __slots__ = ("hearing_file", "panel")
    HEARING_FILE_FIELD_NUMBER: _ClassVar[int]
    PANEL_FIELD_NUMBER: _ClassVar[int]
    hearing_file: _resources_pb2.HearingFile
    panel: _resources_pb2.Panel
    def __init__(self, hearing_file: _Optional[_Union[_resources_pb2.HearingFile, _Mapping]] = ..., panel: _Optional[_Union[_resources_pb2.Panel, _Mapping]] = ...) -> None: ...

class AppointAppealPanelRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "members")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    members: _containers.RepeatedCompositeFieldContainer[_resources_pb2.PanelMember]
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., members: _Optional[_Iterable[_Union[_resources_pb2.PanelMember, _Mapping]]] = ...) -> None: ...

class AppointAppealPanelResponse(_message.Message):
    __slots__ = ("hearing_file", "panel")
    HEARING_FILE_FIELD_NUMBER: _ClassVar[int]
    PANEL_FIELD_NUMBER: _ClassVar[int]
    hearing_file: _resources_pb2.HearingFile
    panel: _resources_pb2.Panel
    def __init__(self, hearing_file: _Optional[_Union[_resources_pb2.HearingFile, _Mapping]] = ..., panel: _Optional[_Union[_resources_pb2.Panel, _Mapping]] = ...) -> None: ...

class DeclareConflictsRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "person", "declared_conflicts", "waive_soft_conflicts", "waiver_reason")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    PERSON_FIELD_NUMBER: _ClassVar[int]
    DECLARED_CONFLICTS_FIELD_NUMBER: _ClassVar[int]
    WAIVE_SOFT_CONFLICTS_FIELD_NUMBER: _ClassVar[int]
    WAIVER_REASON_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    person: str
    declared_conflicts: _containers.RepeatedCompositeFieldContainer[_resources_pb2.DeclaredConflict]
    waive_soft_conflicts: bool
    waiver_reason: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., person: _Optional[str] = ..., declared_conflicts: _Optional[_Iterable[_Union[_resources_pb2.DeclaredConflict, _Mapping]]] = ..., waive_soft_conflicts: _Optional[bool] = ..., waiver_reason: _Optional[str] = ...) -> None: ...

class DeclareConflictsResponse(_message.Message):
    __slots__ = ("hearing_file", "coi_declaration")
    HEARING_FILE_FIELD_NUMBER: _ClassVar[int]
    COI_DECLARATION_FIELD_NUMBER: _ClassVar[int]
    hearing_file: _resources_pb2.HearingFile
    coi_declaration: _resources_pb2.CoiDeclaration
    def __init__(self, hearing_file: _Optional[_Union[_resources_pb2.HearingFile, _Mapping]] = ..., coi_declaration: _Optional[_Union[_resources_pb2.CoiDeclaration, _Mapping]] = ...) -> None: ...

class OpenHearingRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "notice_waived")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    NOTICE_WAIVED_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    notice_waived: bool
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., notice_waived: _Optional[bool] = ...) -> None: ...

class OpenHearingResponse(_message.Message):
    __slots__ = ("hearing_file",)
    HEARING_FILE_FIELD_NUMBER: _ClassVar[int]
    hearing_file: _resources_pb2.HearingFile
    def __init__(self, hearing_file: _Optional[_Union[_resources_pb2.HearingFile, _Mapping]] = ...) -> None: ...

class IssueDecisionRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "decision")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    decision: _resources_pb2.Decision
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., decision: _Optional[_Union[_resources_pb2.Decision, _Mapping]] = ...) -> None: ...

class IssueDecisionResponse(_message.Message):
    __slots__ = ("hearing_file", "decision")
    HEARING_FILE_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    hearing_file: _resources_pb2.HearingFile
    decision: _resources_pb2.Decision
    def __init__(self, hearing_file: _Optional[_Union[_resources_pb2.HearingFile, _Mapping]] = ..., decision: _Optional[_Union[_resources_pb2.Decision, _Mapping]] = ...) -> None: ...

class IssueDecisionOnAdmissionRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "decision", "admission_ref")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    ADMISSION_REF_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    decision: _resources_pb2.Decision
    admission_ref: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., decision: _Optional[_Union[_resources_pb2.Decision, _Mapping]] = ..., admission_ref: _Optional[str] = ...) -> None: ...

class IssueDecisionOnAdmissionResponse(_message.Message):
    __slots__ = ("hearing_file", "decision")
    HEARING_FILE_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    hearing_file: _resources_pb2.HearingFile
    decision: _resources_pb2.Decision
    def __init__(self, hearing_file: _Optional[_Union[_resources_pb2.HearingFile, _Mapping]] = ..., decision: _Optional[_Union[_resources_pb2.Decision, _Mapping]] = ...) -> None: ...

class NotifyPartiesRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "notifications", "notice_template", "notice_fields")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    NOTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    NOTICE_TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    NOTICE_FIELDS_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    notifications: _containers.RepeatedCompositeFieldContainer[_resources_pb2.PartyNotification]
    notice_template: str
    notice_fields: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., notifications: _Optional[_Iterable[_Union[_resources_pb2.PartyNotification, _Mapping]]] = ..., notice_template: _Optional[str] = ..., notice_fields: _Optional[_Iterable[str]] = ...) -> None: ...

class NotifyPartiesResponse(_message.Message):
    __slots__ = ("hearing_file",)
    HEARING_FILE_FIELD_NUMBER: _ClassVar[int]
    hearing_file: _resources_pb2.HearingFile
    def __init__(self, hearing_file: _Optional[_Union[_resources_pb2.HearingFile, _Mapping]] = ...) -> None: ...

class WaiveAppealRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "party")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    PARTY_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    party: _resources_pb2.PartyKind
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., party: _Optional[_Union[_resources_pb2.PartyKind, str]] = ...) -> None: ...

class WaiveAppealResponse(_message.Message):
    __slots__ = ("hearing_file",)
    HEARING_FILE_FIELD_NUMBER: _ClassVar[int]
    hearing_file: _resources_pb2.HearingFile
    def __init__(self, hearing_file: _Optional[_Union[_resources_pb2.HearingFile, _Mapping]] = ...) -> None: ...

class GrantAppealExtensionRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "party", "new_deadline_time", "reason")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    PARTY_FIELD_NUMBER: _ClassVar[int]
    NEW_DEADLINE_TIME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    party: _resources_pb2.PartyKind
    new_deadline_time: _timestamp_pb2.Timestamp
    reason: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., party: _Optional[_Union[_resources_pb2.PartyKind, str]] = ..., new_deadline_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class GrantAppealExtensionResponse(_message.Message):
    __slots__ = ("hearing_file",)
    HEARING_FILE_FIELD_NUMBER: _ClassVar[int]
    hearing_file: _resources_pb2.HearingFile
    def __init__(self, hearing_file: _Optional[_Union[_resources_pb2.HearingFile, _Mapping]] = ...) -> None: ...

class LodgeAppealRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "appellant", "grounds", "statement", "decision")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    APPELLANT_FIELD_NUMBER: _ClassVar[int]
    GROUNDS_FIELD_NUMBER: _ClassVar[int]
    STATEMENT_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    appellant: _resources_pb2.PartyKind
    grounds: _containers.RepeatedScalarFieldContainer[str]
    statement: str
    decision: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., appellant: _Optional[_Union[_resources_pb2.PartyKind, str]] = ..., grounds: _Optional[_Iterable[str]] = ..., statement: _Optional[str] = ..., decision: _Optional[str] = ...) -> None: ...

class LodgeAppealResponse(_message.Message):
    __slots__ = ("hearing_file", "appeal")
    HEARING_FILE_FIELD_NUMBER: _ClassVar[int]
    APPEAL_FIELD_NUMBER: _ClassVar[int]
    hearing_file: _resources_pb2.HearingFile
    appeal: _resources_pb2.Appeal
    def __init__(self, hearing_file: _Optional[_Union[_resources_pb2.HearingFile, _Mapping]] = ..., appeal: _Optional[_Union[_resources_pb2.Appeal, _Mapping]] = ...) -> None: ...

class ExpireAppealWindowRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class ExpireAppealWindowResponse(_message.Message):
    __slots__ = ("hearing_file",)
    HEARING_FILE_FIELD_NUMBER: _ClassVar[int]
    hearing_file: _resources_pb2.HearingFile
    def __init__(self, hearing_file: _Optional[_Union[_resources_pb2.HearingFile, _Mapping]] = ...) -> None: ...

class OpenAppealHearingRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class OpenAppealHearingResponse(_message.Message):
    __slots__ = ("hearing_file",)
    HEARING_FILE_FIELD_NUMBER: _ClassVar[int]
    hearing_file: _resources_pb2.HearingFile
    def __init__(self, hearing_file: _Optional[_Union[_resources_pb2.HearingFile, _Mapping]] = ...) -> None: ...

class IssueAppealDecisionRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "result", "decision")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    result: _resources_pb2.AppealResult
    decision: _resources_pb2.Decision
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., result: _Optional[_Union[_resources_pb2.AppealResult, str]] = ..., decision: _Optional[_Union[_resources_pb2.Decision, _Mapping]] = ...) -> None: ...

class IssueAppealDecisionResponse(_message.Message):
    __slots__ = ("hearing_file", "decision")
    HEARING_FILE_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    hearing_file: _resources_pb2.HearingFile
    decision: _resources_pb2.Decision
    def __init__(self, hearing_file: _Optional[_Union[_resources_pb2.HearingFile, _Mapping]] = ..., decision: _Optional[_Union[_resources_pb2.Decision, _Mapping]] = ...) -> None: ...

class StartMonitoringRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "conditions")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CONDITIONS_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    conditions: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., conditions: _Optional[str] = ...) -> None: ...

class StartMonitoringResponse(_message.Message):
    __slots__ = ("hearing_file",)
    HEARING_FILE_FIELD_NUMBER: _ClassVar[int]
    hearing_file: _resources_pb2.HearingFile
    def __init__(self, hearing_file: _Optional[_Union[_resources_pb2.HearingFile, _Mapping]] = ...) -> None: ...

class CompleteMonitoringRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "rationale", "decided_by", "returning_to_role")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    RATIONALE_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    RETURNING_TO_ROLE_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    rationale: str
    decided_by: _containers.RepeatedScalarFieldContainer[str]
    returning_to_role: bool
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., rationale: _Optional[str] = ..., decided_by: _Optional[_Iterable[str]] = ..., returning_to_role: _Optional[bool] = ...) -> None: ...

class CompleteMonitoringResponse(_message.Message):
    __slots__ = ("hearing_file",)
    HEARING_FILE_FIELD_NUMBER: _ClassVar[int]
    hearing_file: _resources_pb2.HearingFile
    def __init__(self, hearing_file: _Optional[_Union[_resources_pb2.HearingFile, _Mapping]] = ...) -> None: ...

class CloseCaseRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "rationale", "decided_by", "pvg_grounds_not_met_rationale")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    RATIONALE_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    PVG_GROUNDS_NOT_MET_RATIONALE_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    rationale: str
    decided_by: _containers.RepeatedScalarFieldContainer[str]
    pvg_grounds_not_met_rationale: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., rationale: _Optional[str] = ..., decided_by: _Optional[_Iterable[str]] = ..., pvg_grounds_not_met_rationale: _Optional[str] = ...) -> None: ...

class CloseCaseResponse(_message.Message):
    __slots__ = ("hearing_file",)
    HEARING_FILE_FIELD_NUMBER: _ClassVar[int]
    hearing_file: _resources_pb2.HearingFile
    def __init__(self, hearing_file: _Optional[_Union[_resources_pb2.HearingFile, _Mapping]] = ...) -> None: ...

class ListSanctionsInForceRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token", "role", "person", "include_shared", "include_interim_measures")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    PERSON_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_SHARED_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_INTERIM_MEASURES_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    role: _resources_pb2.SportRole
    person: str
    include_shared: bool
    include_interim_measures: bool
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., role: _Optional[_Union[_resources_pb2.SportRole, str]] = ..., person: _Optional[str] = ..., include_shared: _Optional[bool] = ..., include_interim_measures: _Optional[bool] = ...) -> None: ...

class ListSanctionsInForceResponse(_message.Message):
    __slots__ = ("registry_entries", "next_page_token")
    REGISTRY_ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    registry_entries: _containers.RepeatedCompositeFieldContainer[_resources_pb2.RegistryEntry]
    next_page_token: str
    def __init__(self, registry_entries: _Optional[_Iterable[_Union[_resources_pb2.RegistryEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ScreenPersonRequest(_message.Message):
    __slots__ = ("parent", "request_id", "person", "legal_name", "other_names", "birth_date", "role")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_FIELD_NUMBER: _ClassVar[int]
    LEGAL_NAME_FIELD_NUMBER: _ClassVar[int]
    OTHER_NAMES_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    parent: str
    request_id: str
    person: str
    legal_name: str
    other_names: _containers.RepeatedScalarFieldContainer[str]
    birth_date: str
    role: _resources_pb2.SportRole
    def __init__(self, parent: _Optional[str] = ..., request_id: _Optional[str] = ..., person: _Optional[str] = ..., legal_name: _Optional[str] = ..., other_names: _Optional[_Iterable[str]] = ..., birth_date: _Optional[str] = ..., role: _Optional[_Union[_resources_pb2.SportRole, str]] = ...) -> None: ...

class ScreenPersonResponse(_message.Message):
    __slots__ = ("screening_result",)
    SCREENING_RESULT_FIELD_NUMBER: _ClassVar[int]
    screening_result: _resources_pb2.ScreeningResult
    def __init__(self, screening_result: _Optional[_Union[_resources_pb2.ScreeningResult, _Mapping]] = ...) -> None: ...

class ResolveScreeningRequest(_message.Message):
    __slots__ = ("name", "request_id", "resolution", "reason")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    resolution: _resources_pb2.ScreeningResolutionType
    reason: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., resolution: _Optional[_Union[_resources_pb2.ScreeningResolutionType, str]] = ..., reason: _Optional[str] = ...) -> None: ...

class ResolveScreeningResponse(_message.Message):
    __slots__ = ("screening_result",)
    SCREENING_RESULT_FIELD_NUMBER: _ClassVar[int]
    screening_result: _resources_pb2.ScreeningResult
    def __init__(self, screening_result: _Optional[_Union[_resources_pb2.ScreeningResult, _Mapping]] = ...) -> None: ...

class ExportRegistryRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token", "visibilities", "include_ended")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    VISIBILITIES_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ENDED_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    visibilities: _containers.RepeatedScalarFieldContainer[_resources_pb2.RegistryVisibility]
    include_ended: bool
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., visibilities: _Optional[_Iterable[_Union[_resources_pb2.RegistryVisibility, str]]] = ..., include_ended: _Optional[bool] = ...) -> None: ...

class ExportRegistryResponse(_message.Message):
    __slots__ = ("content", "content_type", "entry_count", "next_page_token")
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    ENTRY_COUNT_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    content: bytes
    content_type: str
    entry_count: int
    next_page_token: str
    def __init__(self, content: _Optional[bytes] = ..., content_type: _Optional[str] = ..., entry_count: _Optional[int] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RunHearingCommandRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "command", "arguments")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    COMMAND_FIELD_NUMBER: _ClassVar[int]
    ARGUMENTS_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    command: str
    arguments: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., command: _Optional[str] = ..., arguments: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class RunHearingCommandResponse(_message.Message):
    __slots__ = ("hearing_file", "event_types")
    HEARING_FILE_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPES_FIELD_NUMBER: _ClassVar[int]
    hearing_file: _resources_pb2.HearingFile
    event_types: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, hearing_file: _Optional[_Union[_resources_pb2.HearingFile, _Mapping]] = ..., event_types: _Optional[_Iterable[str]] = ...) -> None: ...
