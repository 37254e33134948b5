import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class HearingState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    HEARING_STATE_UNSPECIFIED: _ClassVar[HearingState]
    HEARING_STATE_HEARING_PENDING: _ClassVar[HearingState]
    HEARING_STATE_DISCIPLINARY_HEARING: _ClassVar[HearingState]
    HEARING_STATE_DECISION_ISSUED: _ClassVar[HearingState]
    HEARING_STATE_APPEAL_WINDOW_OPEN: _ClassVar[HearingState]
    HEARING_STATE_APPEAL_LODGED: _ClassVar[HearingState]
    HEARING_STATE_APPEAL_HEARING: _ClassVar[HearingState]
    HEARING_STATE_APPEAL_DECIDED: _ClassVar[HearingState]
    HEARING_STATE_SANCTION_IN_FORCE: _ClassVar[HearingState]
    HEARING_STATE_MONITORING: _ClassVar[HearingState]
    HEARING_STATE_CLOSED: _ClassVar[HearingState]

class HearingClosureReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    HEARING_CLOSURE_REASON_UNSPECIFIED: _ClassVar[HearingClosureReason]
    HEARING_CLOSURE_REASON_NO_BREACH: _ClassVar[HearingClosureReason]
    HEARING_CLOSURE_REASON_SANCTION_COMPLETED: _ClassVar[HearingClosureReason]
    HEARING_CLOSURE_REASON_PERMANENT_SANCTION_RECORDED: _ClassVar[HearingClosureReason]
    HEARING_CLOSURE_REASON_WITHDRAWN: _ClassVar[HearingClosureReason]

class PanelKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PANEL_KIND_UNSPECIFIED: _ClassVar[PanelKind]
    PANEL_KIND_DISCIPLINARY: _ClassVar[PanelKind]
    PANEL_KIND_APPEAL: _ClassVar[PanelKind]

class DecisionKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DECISION_KIND_UNSPECIFIED: _ClassVar[DecisionKind]
    DECISION_KIND_FIRST_INSTANCE: _ClassVar[DecisionKind]
    DECISION_KIND_APPEAL: _ClassVar[DecisionKind]

class FindingOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FINDING_OUTCOME_UNSPECIFIED: _ClassVar[FindingOutcome]
    FINDING_OUTCOME_PROVEN: _ClassVar[FindingOutcome]
    FINDING_OUTCOME_NOT_PROVEN: _ClassVar[FindingOutcome]

class StandardOfProof(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STANDARD_OF_PROOF_UNSPECIFIED: _ClassVar[StandardOfProof]
    STANDARD_OF_PROOF_BALANCE_OF_PROBABILITIES: _ClassVar[StandardOfProof]
    STANDARD_OF_PROOF_PREPONDERANCE_OF_EVIDENCE: _ClassVar[StandardOfProof]
    STANDARD_OF_PROOF_BEYOND_REASONABLE_DOUBT: _ClassVar[StandardOfProof]

class SeverityStep(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SEVERITY_STEP_UNSPECIFIED: _ClassVar[SeverityStep]
    SEVERITY_STEP_SAME: _ClassVar[SeverityStep]
    SEVERITY_STEP_ABOVE: _ClassVar[SeverityStep]
    SEVERITY_STEP_BELOW: _ClassVar[SeverityStep]

class PartyKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PARTY_KIND_UNSPECIFIED: _ClassVar[PartyKind]
    PARTY_KIND_RESPONDENT: _ClassVar[PartyKind]
    PARTY_KIND_COMPLAINANT: _ClassVar[PartyKind]
    PARTY_KIND_ORG: _ClassVar[PartyKind]

class AppealResult(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    APPEAL_RESULT_UNSPECIFIED: _ClassVar[AppealResult]
    APPEAL_RESULT_UPHELD: _ClassVar[AppealResult]
    APPEAL_RESULT_VARIED: _ClassVar[AppealResult]
    APPEAL_RESULT_OVERTURNED: _ClassVar[AppealResult]
    APPEAL_RESULT_REMITTED: _ClassVar[AppealResult]

class RegistryEntryStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REGISTRY_ENTRY_STATUS_UNSPECIFIED: _ClassVar[RegistryEntryStatus]
    REGISTRY_ENTRY_STATUS_ACTIVE: _ClassVar[RegistryEntryStatus]
    REGISTRY_ENTRY_STATUS_EXPIRED: _ClassVar[RegistryEntryStatus]
    REGISTRY_ENTRY_STATUS_OVERTURNED: _ClassVar[RegistryEntryStatus]
    REGISTRY_ENTRY_STATUS_INTERIM_MEASURE: _ClassVar[RegistryEntryStatus]

class SportRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SPORT_ROLE_UNSPECIFIED: _ClassVar[SportRole]
    SPORT_ROLE_COACH: _ClassVar[SportRole]
    SPORT_ROLE_VOLUNTEER_WITH_CHILDREN: _ClassVar[SportRole]
    SPORT_ROLE_OFFICIAL: _ClassVar[SportRole]
    SPORT_ROLE_WELFARE_OFFICER: _ClassVar[SportRole]
    SPORT_ROLE_ATHLETE: _ClassVar[SportRole]
    SPORT_ROLE_ADMINISTRATOR: _ClassVar[SportRole]
    SPORT_ROLE_ANY: _ClassVar[SportRole]

class RegistryVisibility(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REGISTRY_VISIBILITY_UNSPECIFIED: _ClassVar[RegistryVisibility]
    REGISTRY_VISIBILITY_PUBLIC: _ClassVar[RegistryVisibility]
    REGISTRY_VISIBILITY_SHARED_DSA: _ClassVar[RegistryVisibility]
    REGISTRY_VISIBILITY_ORG_INTERNAL_ONLY: _ClassVar[RegistryVisibility]

class ScreeningOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SCREENING_OUTCOME_UNSPECIFIED: _ClassVar[ScreeningOutcome]
    SCREENING_OUTCOME_CLEAR: _ClassVar[ScreeningOutcome]
    SCREENING_OUTCOME_MANUAL_REVIEW: _ClassVar[ScreeningOutcome]
    SCREENING_OUTCOME_ACTIVE_SANCTION: _ClassVar[ScreeningOutcome]

class MatchKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MATCH_KIND_UNSPECIFIED: _ClassVar[MatchKind]
    MATCH_KIND_EXACT_ID: _ClassVar[MatchKind]
    MATCH_KIND_FUZZY_NAME: _ClassVar[MatchKind]
    MATCH_KIND_ALIAS: _ClassVar[MatchKind]

class ScreeningResolutionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SCREENING_RESOLUTION_TYPE_UNSPECIFIED: _ClassVar[ScreeningResolutionType]
    SCREENING_RESOLUTION_TYPE_CONFIRMED_MATCH: _ClassVar[ScreeningResolutionType]
    SCREENING_RESOLUTION_TYPE_NOT_SAME_PERSON: _ClassVar[ScreeningResolutionType]
HEARING_STATE_UNSPECIFIED: HearingState
HEARING_STATE_HEARING_PENDING: HearingState
HEARING_STATE_DISCIPLINARY_HEARING: HearingState
HEARING_STATE_DECISION_ISSUED: HearingState
HEARING_STATE_APPEAL_WINDOW_OPEN: HearingState
HEARING_STATE_APPEAL_LODGED: HearingState
HEARING_STATE_APPEAL_HEARING: HearingState
HEARING_STATE_APPEAL_DECIDED: HearingState
HEARING_STATE_SANCTION_IN_FORCE: HearingState
HEARING_STATE_MONITORING: HearingState
HEARING_STATE_CLOSED: HearingState
HEARING_CLOSURE_REASON_UNSPECIFIED: HearingClosureReason
HEARING_CLOSURE_REASON_NO_BREACH: HearingClosureReason
HEARING_CLOSURE_REASON_SANCTION_COMPLETED: HearingClosureReason
HEARING_CLOSURE_REASON_PERMANENT_SANCTION_RECORDED: HearingClosureReason
HEARING_CLOSURE_REASON_WITHDRAWN: HearingClosureReason
PANEL_KIND_UNSPECIFIED: PanelKind
PANEL_KIND_DISCIPLINARY: PanelKind
PANEL_KIND_APPEAL: PanelKind
DECISION_KIND_UNSPECIFIED: DecisionKind
DECISION_KIND_FIRST_INSTANCE: DecisionKind
DECISION_KIND_APPEAL: DecisionKind
FINDING_OUTCOME_UNSPECIFIED: FindingOutcome
FINDING_OUTCOME_PROVEN: FindingOutcome
FINDING_OUTCOME_NOT_PROVEN: FindingOutcome
STANDARD_OF_PROOF_UNSPECIFIED: StandardOfProof
STANDARD_OF_PROOF_BALANCE_OF_PROBABILITIES: StandardOfProof
STANDARD_OF_PROOF_PREPONDERANCE_OF_EVIDENCE: StandardOfProof
STANDARD_OF_PROOF_BEYOND_REASONABLE_DOUBT: StandardOfProof
SEVERITY_STEP_UNSPECIFIED: SeverityStep
SEVERITY_STEP_SAME: SeverityStep
SEVERITY_STEP_ABOVE: SeverityStep
SEVERITY_STEP_BELOW: SeverityStep
PARTY_KIND_UNSPECIFIED: PartyKind
PARTY_KIND_RESPONDENT: PartyKind
PARTY_KIND_COMPLAINANT: PartyKind
PARTY_KIND_ORG: PartyKind
APPEAL_RESULT_UNSPECIFIED: AppealResult
APPEAL_RESULT_UPHELD: AppealResult
APPEAL_RESULT_VARIED: AppealResult
APPEAL_RESULT_OVERTURNED: AppealResult
APPEAL_RESULT_REMITTED: AppealResult
REGISTRY_ENTRY_STATUS_UNSPECIFIED: RegistryEntryStatus
REGISTRY_ENTRY_STATUS_ACTIVE: RegistryEntryStatus
REGISTRY_ENTRY_STATUS_EXPIRED: RegistryEntryStatus
REGISTRY_ENTRY_STATUS_OVERTURNED: RegistryEntryStatus
REGISTRY_ENTRY_STATUS_INTERIM_MEASURE: RegistryEntryStatus
SPORT_ROLE_UNSPECIFIED: SportRole
SPORT_ROLE_COACH: SportRole
SPORT_ROLE_VOLUNTEER_WITH_CHILDREN: SportRole
SPORT_ROLE_OFFICIAL: SportRole
SPORT_ROLE_WELFARE_OFFICER: SportRole
SPORT_ROLE_ATHLETE: SportRole
SPORT_ROLE_ADMINISTRATOR: SportRole
SPORT_ROLE_ANY: SportRole
REGISTRY_VISIBILITY_UNSPECIFIED: RegistryVisibility
REGISTRY_VISIBILITY_PUBLIC: RegistryVisibility
REGISTRY_VISIBILITY_SHARED_DSA: RegistryVisibility
REGISTRY_VISIBILITY_ORG_INTERNAL_ONLY: RegistryVisibility
SCREENING_OUTCOME_UNSPECIFIED: ScreeningOutcome
SCREENING_OUTCOME_CLEAR: ScreeningOutcome
SCREENING_OUTCOME_MANUAL_REVIEW: ScreeningOutcome
SCREENING_OUTCOME_ACTIVE_SANCTION: ScreeningOutcome
MATCH_KIND_UNSPECIFIED: MatchKind
MATCH_KIND_EXACT_ID: MatchKind
MATCH_KIND_FUZZY_NAME: MatchKind
MATCH_KIND_ALIAS: MatchKind
SCREENING_RESOLUTION_TYPE_UNSPECIFIED: ScreeningResolutionType
SCREENING_RESOLUTION_TYPE_CONFIRMED_MATCH: ScreeningResolutionType
SCREENING_RESOLUTION_TYPE_NOT_SAME_PERSON: ScreeningResolutionType

class HearingFile(_message.Message):
    __slots__ = ("name", "state", "closure_reason", "severity", "rule_set", "minor_respondent", "independent_panel_required", "panels", "hearings", "decisions", "appeals", "coi_declarations", "sanction_options", "monitoring", "appeal_window_close_time", "return_time", "create_time", "update_time", "etag", "version")
    NAME_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CLOSURE_REASON_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    RULE_SET_FIELD_NUMBER: _ClassVar[int]
    MINOR_RESPONDENT_FIELD_NUMBER: _ClassVar[int]
    INDEPENDENT_PANEL_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    PANELS_FIELD_NUMBER: _ClassVar[int]
    HEARINGS_FIELD_NUMBER: _ClassVar[int]
    DECISIONS_FIELD_NUMBER: _ClassVar[int]
    APPEALS_FIELD_NUMBER: _ClassVar[int]
    COI_DECLARATIONS_FIELD_NUMBER: _ClassVar[int]
    SANCTION_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    MONITORING_FIELD_NUMBER: _ClassVar[int]
    APPEAL_WINDOW_CLOSE_TIME_FIELD_NUMBER: _ClassVar[int]
    RETURN_TIME_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    name: str
    state: HearingState
    closure_reason: HearingClosureReason
    severity: str
    rule_set: str
    minor_respondent: bool
    independent_panel_required: bool
    panels: _containers.RepeatedCompositeFieldContainer[Panel]
    hearings: _containers.RepeatedCompositeFieldContainer[Hearing]
    decisions: _containers.RepeatedCompositeFieldContainer[Decision]
    appeals: _containers.RepeatedCompositeFieldContainer[Appeal]
    coi_declarations: _containers.RepeatedCompositeFieldContainer[CoiDeclaration]
    sanction_options: _containers.RepeatedCompositeFieldContainer[SanctionOption]
    monitoring: MonitoringPlan
    appeal_window_close_time: _timestamp_pb2.Timestamp
    return_time: _timestamp_pb2.Timestamp
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    version: int
    def __init__(self, name: _Optional[str] = ..., state: _Optional[_Union[HearingState, str]] = ..., closure_reason: _Optional[_Union[HearingClosureReason, str]] = ..., severity: _Optional[str] = ..., rule_set: _Optional[str] = ..., minor_respondent: _Optional[bool] = ..., independent_panel_required: _Optional[bool] = ..., panels: _Optional[_Iterable[_Union[Panel, _Mapping]]] = ..., hearings: _Optional[_Iterable[_Union[Hearing, _Mapping]]] = ..., decisions: _Optional[_Iterable[_Union[Decision, _Mapping]]] = ..., appeals: _Optional[_Iterable[_Union[Appeal, _Mapping]]] = ..., coi_declarations: _Optional[_Iterable[_Union[CoiDeclaration, _Mapping]]] = ..., sanction_options: _Optional[_Iterable[_Union[SanctionOption, _Mapping]]] = ..., monitoring: _Optional[_Union[MonitoringPlan, _Mapping]] = ..., appeal_window_close_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., return_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class Panel(_message.Message):
    __slots__ = ("name", "kind", "members", "nsp_substitution", "appoint_time", "appointed_by", "appeal")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    NSP_SUBSTITUTION_FIELD_NUMBER: _ClassVar[int]
    APPOINT_TIME_FIELD_NUMBER: _ClassVar[int]
    APPOINTED_BY_FIELD_NUMBER: _ClassVar[int]
    APPEAL_FIELD_NUMBER: _ClassVar[int]
    name: str
    kind: PanelKind
    members: _containers.RepeatedCompositeFieldContainer[PanelMember]
    nsp_substitution: bool
    appoint_time: _timestamp_pb2.Timestamp
    appointed_by: str
    appeal: str
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[_Union[PanelKind, str]] = ..., members: _Optional[_Iterable[_Union[PanelMember, _Mapping]]] = ..., nsp_substitution: _Optional[bool] = ..., appoint_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., appointed_by: _Optional[str] = ..., appeal: _Optional[str] = ...) -> None: ...

class PanelMember(_message.Message):
    __slots__ = ("person", "chair", "member_type", "external", "safeguarding_knowledge", "declaration_sign_time")
    PERSON_FIELD_NUMBER: _ClassVar[int]
    CHAIR_FIELD_NUMBER: _ClassVar[int]
    MEMBER_TYPE_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_FIELD_NUMBER: _ClassVar[int]
    SAFEGUARDING_KNOWLEDGE_FIELD_NUMBER: _ClassVar[int]
    DECLARATION_SIGN_TIME_FIELD_NUMBER: _ClassVar[int]
    person: str
    chair: bool
    member_type: str
    external: bool
    safeguarding_knowledge: bool
    declaration_sign_time: _timestamp_pb2.Timestamp
    def __init__(self, person: _Optional[str] = ..., chair: _Optional[bool] = ..., member_type: _Optional[str] = ..., external: _Optional[bool] = ..., safeguarding_knowledge: _Optional[bool] = ..., declaration_sign_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CoiDeclaration(_message.Message):
    __slots__ = ("person", "declared_conflicts", "soft_conflicts_waived", "waiver_reason", "sign_time")
    PERSON_FIELD_NUMBER: _ClassVar[int]
    DECLARED_CONFLICTS_FIELD_NUMBER: _ClassVar[int]
    SOFT_CONFLICTS_WAIVED_FIELD_NUMBER: _ClassVar[int]
    WAIVER_REASON_FIELD_NUMBER: _ClassVar[int]
    SIGN_TIME_FIELD_NUMBER: _ClassVar[int]
    person: str
    declared_conflicts: _containers.RepeatedCompositeFieldContainer[DeclaredConflict]
    soft_conflicts_waived: bool
    waiver_reason: str
    sign_time: _timestamp_pb2.Timestamp
    def __init__(self, person: _Optional[str] = ..., declared_conflicts: _Optional[_Iterable[_Union[DeclaredConflict, _Mapping]]] = ..., soft_conflicts_waived: _Optional[bool] = ..., waiver_reason: _Optional[str] = ..., sign_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DeclaredConflict(_message.Message):
    __slots__ = ("kind", "party", "description")
    KIND_FIELD_NUMBER: _ClassVar[int]
    PARTY_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    kind: str
    party: str
    description: str
    def __init__(self, kind: _Optional[str] = ..., party: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class Hearing(_message.Message):
    __slots__ = ("name", "panel", "notice_serve_time", "notice_waived", "schedule_time", "format", "child_attendance_required", "alternative_evidence_offered", "allow_direct_questioning_by_respondent", "child_supporter", "respondent_support_person", "complainant_welfare_plan", "respondent_welfare_plan", "open_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PANEL_FIELD_NUMBER: _ClassVar[int]
    NOTICE_SERVE_TIME_FIELD_NUMBER: _ClassVar[int]
    NOTICE_WAIVED_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_TIME_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    CHILD_ATTENDANCE_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    ALTERNATIVE_EVIDENCE_OFFERED_FIELD_NUMBER: _ClassVar[int]
    ALLOW_DIRECT_QUESTIONING_BY_RESPONDENT_FIELD_NUMBER: _ClassVar[int]
    CHILD_SUPPORTER_FIELD_NUMBER: _ClassVar[int]
    RESPONDENT_SUPPORT_PERSON_FIELD_NUMBER: _ClassVar[int]
    COMPLAINANT_WELFARE_PLAN_FIELD_NUMBER: _ClassVar[int]
    RESPONDENT_WELFARE_PLAN_FIELD_NUMBER: _ClassVar[int]
    OPEN_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    panel: str
    notice_serve_time: _timestamp_pb2.Timestamp
    notice_waived: bool
    schedule_time: _timestamp_pb2.Timestamp
    format: str
    child_attendance_required: bool
    alternative_evidence_offered: bool
    allow_direct_questioning_by_respondent: bool
    child_supporter: str
    respondent_support_person: str
    complainant_welfare_plan: bool
    respondent_welfare_plan: bool
    open_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., panel: _Optional[str] = ..., notice_serve_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., notice_waived: _Optional[bool] = ..., schedule_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., format: _Optional[str] = ..., child_attendance_required: _Optional[bool] = ..., alternative_evidence_offered: _Optional[bool] = ..., allow_direct_questioning_by_respondent: _Optional[bool] = ..., child_supporter: _Optional[str] = ..., respondent_support_person: _Optional[str] = ..., complainant_welfare_plan: _Optional[bool] = ..., respondent_welfare_plan: _Optional[bool] = ..., open_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Decision(_message.Message):
    __slots__ = ("name", "kind", "findings", "rationale", "standard_of_proof", "sanctions", "information_considered", "decided_by", "decide_time", "aggravating_factors", "mitigating_factors", "on_admission", "admission_ref", "appeal_result", "appeal", "notified_parties")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    FINDINGS_FIELD_NUMBER: _ClassVar[int]
    RATIONALE_FIELD_NUMBER: _ClassVar[int]
    STANDARD_OF_PROOF_FIELD_NUMBER: _ClassVar[int]
    SANCTIONS_FIELD_NUMBER: _ClassVar[int]
    INFORMATION_CONSIDERED_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    DECIDE_TIME_FIELD_NUMBER: _ClassVar[int]
    AGGRAVATING_FACTORS_FIELD_NUMBER: _ClassVar[int]
    MITIGATING_FACTORS_FIELD_NUMBER: _ClassVar[int]
    ON_ADMISSION_FIELD_NUMBER: _ClassVar[int]
    ADMISSION_REF_FIELD_NUMBER: _ClassVar[int]
    APPEAL_RESULT_FIELD_NUMBER: _ClassVar[int]
    APPEAL_FIELD_NUMBER: _ClassVar[int]
    NOTIFIED_PARTIES_FIELD_NUMBER: _ClassVar[int]
    name: str
    kind: DecisionKind
    findings: _containers.RepeatedCompositeFieldContainer[Finding]
    rationale: str
    standard_of_proof: StandardOfProof
    sanctions: _containers.RepeatedCompositeFieldContainer[Sanction]
    information_considered: _containers.RepeatedScalarFieldContainer[str]
    decided_by: _containers.RepeatedScalarFieldContainer[str]
    decide_time: _timestamp_pb2.Timestamp
    aggravating_factors: _containers.RepeatedScalarFieldContainer[str]
    mitigating_factors: _containers.RepeatedScalarFieldContainer[str]
    on_admission: bool
    admission_ref: str
    appeal_result: AppealResult
    appeal: str
    notified_parties: _containers.RepeatedCompositeFieldContainer[PartyNotification]
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[_Union[DecisionKind, str]] = ..., findings: _Optional[_Iterable[_Union[Finding, _Mapping]]] = ..., rationale: _Optional[str] = ..., standard_of_proof: _Optional[_Union[StandardOfProof, str]] = ..., sanctions: _Optional[_Iterable[_Union[Sanction, _Mapping]]] = ..., information_considered: _Optional[_Iterable[str]] = ..., decided_by: _Optional[_Iterable[str]] = ..., decide_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., aggravating_factors: _Optional[_Iterable[str]] = ..., mitigating_factors: _Optional[_Iterable[str]] = ..., on_admission: _Optional[bool] = ..., admission_ref: _Optional[str] = ..., appeal_result: _Optional[_Union[AppealResult, str]] = ..., appeal: _Optional[str] = ..., notified_parties: _Optional[_Iterable[_Union[PartyNotification, _Mapping]]] = ...) -> None: ...

class Finding(_message.Message):
    __slots__ = ("allegation", "code_reference", "outcome")
    ALLEGATION_FIELD_NUMBER: _ClassVar[int]
    CODE_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    allegation: str
    code_reference: str
    outcome: FindingOutcome
    def __init__(self, allegation: _Optional[str] = ..., code_reference: _Optional[str] = ..., outcome: _Optional[_Union[FindingOutcome, str]] = ...) -> None: ...

class Sanction(_message.Message):
    __slots__ = ("name", "type", "months", "conditions", "start_time", "end_time", "in_force", "removes_from_regulated_work", "registry_entry")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    MONTHS_FIELD_NUMBER: _ClassVar[int]
    CONDITIONS_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    IN_FORCE_FIELD_NUMBER: _ClassVar[int]
    REMOVES_FROM_REGULATED_WORK_FIELD_NUMBER: _ClassVar[int]
    REGISTRY_ENTRY_FIELD_NUMBER: _ClassVar[int]
    name: str
    type: str
    months: int
    conditions: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    in_force: bool
    removes_from_regulated_work: bool
    registry_entry: str
    def __init__(self, name: _Optional[str] = ..., type: _Optional[str] = ..., months: _Optional[int] = ..., conditions: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., in_force: _Optional[bool] = ..., removes_from_regulated_work: _Optional[bool] = ..., registry_entry: _Optional[str] = ...) -> None: ...

class SanctionOption(_message.Message):
    __slots__ = ("type", "label", "step", "min_months", "max_months", "allowed_for_minor_respondent", "removes_from_regulated_work", "registry_visibility")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    MIN_MONTHS_FIELD_NUMBER: _ClassVar[int]
    MAX_MONTHS_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_FOR_MINOR_RESPONDENT_FIELD_NUMBER: _ClassVar[int]
    REMOVES_FROM_REGULATED_WORK_FIELD_NUMBER: _ClassVar[int]
    REGISTRY_VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    type: str
    label: str
    step: SeverityStep
    min_months: int
    max_months: int
    allowed_for_minor_respondent: bool
    removes_from_regulated_work: bool
    registry_visibility: RegistryVisibility
    def __init__(self, type: _Optional[str] = ..., label: _Optional[str] = ..., step: _Optional[_Union[SeverityStep, str]] = ..., min_months: _Optional[int] = ..., max_months: _Optional[int] = ..., allowed_for_minor_respondent: _Optional[bool] = ..., removes_from_regulated_work: _Optional[bool] = ..., registry_visibility: _Optional[_Union[RegistryVisibility, str]] = ...) -> None: ...

class PartyNotification(_message.Message):
    __slots__ = ("party", "notify_time", "appeal_deadline_time", "appeal_extended", "appeal_waived")
    PARTY_FIELD_NUMBER: _ClassVar[int]
    NOTIFY_TIME_FIELD_NUMBER: _ClassVar[int]
    APPEAL_DEADLINE_TIME_FIELD_NUMBER: _ClassVar[int]
    APPEAL_EXTENDED_FIELD_NUMBER: _ClassVar[int]
    APPEAL_WAIVED_FIELD_NUMBER: _ClassVar[int]
    party: PartyKind
    notify_time: _timestamp_pb2.Timestamp
    appeal_deadline_time: _timestamp_pb2.Timestamp
    appeal_extended: bool
    appeal_waived: bool
    def __init__(self, party: _Optional[_Union[PartyKind, str]] = ..., notify_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., appeal_deadline_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., appeal_extended: _Optional[bool] = ..., appeal_waived: _Optional[bool] = ...) -> None: ...

class Appeal(_message.Message):
    __slots__ = ("name", "decision", "appellant", "grounds", "statement", "lodge_time", "panel", "open_time", "result", "appeal_decision")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    APPELLANT_FIELD_NUMBER: _ClassVar[int]
    GROUNDS_FIELD_NUMBER: _ClassVar[int]
    STATEMENT_FIELD_NUMBER: _ClassVar[int]
    LODGE_TIME_FIELD_NUMBER: _ClassVar[int]
    PANEL_FIELD_NUMBER: _ClassVar[int]
    OPEN_TIME_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    APPEAL_DECISION_FIELD_NUMBER: _ClassVar[int]
    name: str
    decision: str
    appellant: PartyKind
    grounds: _containers.RepeatedScalarFieldContainer[str]
    statement: str
    lodge_time: _timestamp_pb2.Timestamp
    panel: str
    open_time: _timestamp_pb2.Timestamp
    result: AppealResult
    appeal_decision: str
    def __init__(self, name: _Optional[str] = ..., decision: _Optional[str] = ..., appellant: _Optional[_Union[PartyKind, str]] = ..., grounds: _Optional[_Iterable[str]] = ..., statement: _Optional[str] = ..., lodge_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., panel: _Optional[str] = ..., open_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., result: _Optional[_Union[AppealResult, str]] = ..., appeal_decision: _Optional[str] = ...) -> None: ...

class MonitoringPlan(_message.Message):
    __slots__ = ("conditions", "start_time", "end_time", "returning_to_role")
    CONDITIONS_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    RETURNING_TO_ROLE_FIELD_NUMBER: _ClassVar[int]
    conditions: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    returning_to_role: bool
    def __init__(self, conditions: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., returning_to_role: _Optional[bool] = ...) -> None: ...

class RegistryEntry(_message.Message):
    __slots__ = ("name", "owner_organization", "person", "status", "sanction_type", "scope", "start_time", "end_time", "visibility", "minor_respondent", "decision", "in_force")
    NAME_FIELD_NUMBER: _ClassVar[int]
    OWNER_ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    PERSON_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SANCTION_TYPE_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    MINOR_RESPONDENT_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    IN_FORCE_FIELD_NUMBER: _ClassVar[int]
    name: str
    owner_organization: str
    person: RegistryPerson
    status: RegistryEntryStatus
    sanction_type: str
    scope: RegistryScope
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    visibility: RegistryVisibility
    minor_respondent: bool
    decision: str
    in_force: bool
    def __init__(self, name: _Optional[str] = ..., owner_organization: _Optional[str] = ..., person: _Optional[_Union[RegistryPerson, _Mapping]] = ..., status: _Optional[_Union[RegistryEntryStatus, str]] = ..., sanction_type: _Optional[str] = ..., scope: _Optional[_Union[RegistryScope, _Mapping]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., visibility: _Optional[_Union[RegistryVisibility, str]] = ..., minor_respondent: _Optional[bool] = ..., decision: _Optional[str] = ..., in_force: _Optional[bool] = ...) -> None: ...

class RegistryPerson(_message.Message):
    __slots__ = ("person", "legal_name", "previous_names", "known_aliases", "birth_date", "sport_ids")
    PERSON_FIELD_NUMBER: _ClassVar[int]
    LEGAL_NAME_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_NAMES_FIELD_NUMBER: _ClassVar[int]
    KNOWN_ALIASES_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    SPORT_IDS_FIELD_NUMBER: _ClassVar[int]
    person: str
    legal_name: str
    previous_names: _containers.RepeatedScalarFieldContainer[str]
    known_aliases: _containers.RepeatedScalarFieldContainer[str]
    birth_date: str
    sport_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, person: _Optional[str] = ..., legal_name: _Optional[str] = ..., previous_names: _Optional[_Iterable[str]] = ..., known_aliases: _Optional[_Iterable[str]] = ..., birth_date: _Optional[str] = ..., sport_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class RegistryScope(_message.Message):
    __slots__ = ("roles", "sports", "geography")
    ROLES_FIELD_NUMBER: _ClassVar[int]
    SPORTS_FIELD_NUMBER: _ClassVar[int]
    GEOGRAPHY_FIELD_NUMBER: _ClassVar[int]
    roles: _containers.RepeatedScalarFieldContainer[SportRole]
    sports: _containers.RepeatedScalarFieldContainer[str]
    geography: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, roles: _Optional[_Iterable[_Union[SportRole, str]]] = ..., sports: _Optional[_Iterable[str]] = ..., geography: _Optional[_Iterable[str]] = ...) -> None: ...

class ScreeningResult(_message.Message):
    __slots__ = ("name", "person", "role", "screen_time", "outcome", "message_for_person", "hits", "resolution")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PERSON_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    SCREEN_TIME_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FOR_PERSON_FIELD_NUMBER: _ClassVar[int]
    HITS_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    name: str
    person: str
    role: SportRole
    screen_time: _timestamp_pb2.Timestamp
    outcome: ScreeningOutcome
    message_for_person: str
    hits: _containers.RepeatedCompositeFieldContainer[ScreeningHit]
    resolution: ScreeningResolution
    def __init__(self, name: _Optional[str] = ..., person: _Optional[str] = ..., role: _Optional[_Union[SportRole, str]] = ..., screen_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., outcome: _Optional[_Union[ScreeningOutcome, str]] = ..., message_for_person: _Optional[str] = ..., hits: _Optional[_Iterable[_Union[ScreeningHit, _Mapping]]] = ..., resolution: _Optional[_Union[ScreeningResolution, _Mapping]] = ...) -> None: ...

class ScreeningHit(_message.Message):
    __slots__ = ("registry_entry", "owner_organization", "match", "score")
    REGISTRY_ENTRY_FIELD_NUMBER: _ClassVar[int]
    OWNER_ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    MATCH_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    registry_entry: str
    owner_organization: str
    match: MatchKind
    score: float
    def __init__(self, registry_entry: _Optional[str] = ..., owner_organization: _Optional[str] = ..., match: _Optional[_Union[MatchKind, str]] = ..., score: _Optional[float] = ...) -> None: ...

class ScreeningResolution(_message.Message):
    __slots__ = ("type", "reason", "resolved_by", "resolve_time", "registry_entries")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_BY_FIELD_NUMBER: _ClassVar[int]
    RESOLVE_TIME_FIELD_NUMBER: _ClassVar[int]
    REGISTRY_ENTRIES_FIELD_NUMBER: _ClassVar[int]
    type: ScreeningResolutionType
    reason: str
    resolved_by: str
    resolve_time: _timestamp_pb2.Timestamp
    registry_entries: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, type: _Optional[_Union[ScreeningResolutionType, str]] = ..., reason: _Optional[str] = ..., resolved_by: _Optional[str] = ..., resolve_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., registry_entries: _Optional[_Iterable[str]] = ...) -> None: ...
