import datetime

from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from safecase.intake.v1 import resources_pb2 as _resources_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SubmitReportRequest(_message.Message):
    __slots__ = ("parent", "request_id", "intake_type", "kind", "anonymous", "narrative", "categories", "parties", "incident_time", "attention_time")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    INTAKE_TYPE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ANONYMOUS_FIELD_NUMBER: _ClassVar[int]
    NARRATIVE_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    PARTIES_FIELD_NUMBER: _ClassVar[int]
    INCIDENT_TIME_FIELD_NUMBER: _ClassVar[int]
    ATTENTION_TIME_FIELD_NUMBER: _ClassVar[int]
    parent: str
    request_id: str
    intake_type: _resources_pb2.IntakeType
    kind: _resources_pb2.ReportKind
    anonymous: bool
    narrative: str
    categories: _containers.RepeatedScalarFieldContainer[str]
    parties: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Party]
    incident_time: _timestamp_pb2.Timestamp
    attention_time: _timestamp_pb2.Timestamp
    def __init__(self, parent: _Optional[str] = ..., request_id: _Optional[str] = ..., intake_type: _Optional[_Union[_resources_pb2.IntakeType, str]] = ..., kind: _Optional[_Union[_resources_pb2.ReportKind, str]] = ..., anonymous: _Optional[bool] = ..., narrative: _Optional[str] = ..., categories: _Optional[_Iterable[str]] = ..., parties: _Optional[_Iterable[_Union[_resources_pb2.Party, _Mapping]]] = ..., incident_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., attention_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SubmitReportResponse(_message.Message):
    __slots__ = ("case", "receipt_code", "receipt_secret")
    CASE_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_CODE_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_SECRET_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    receipt_code: str
    receipt_secret: str
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ..., receipt_code: _Optional[str] = ..., receipt_secret: _Optional[str] = ...) -> None: ...

class GetReceiptStatusRequest(_message.Message):
    __slots__ = ("parent", "receipt_code", "receipt_secret")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_CODE_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_SECRET_FIELD_NUMBER: _ClassVar[int]
    parent: str
    receipt_code: str
    receipt_secret: str
    def __init__(self, parent: _Optional[str] = ..., receipt_code: _Optional[str] = ..., receipt_secret: _Optional[str] = ...) -> None: ...

class GetReceiptStatusResponse(_message.Message):
    __slots__ = ("status",)
    STATUS_FIELD_NUMBER: _ClassVar[int]
    status: _resources_pb2.ReceiptStatus
    def __init__(self, status: _Optional[_Union[_resources_pb2.ReceiptStatus, _Mapping]] = ...) -> None: ...

class AddReceiptInformationRequest(_message.Message):
    __slots__ = ("parent", "request_id", "receipt_code", "receipt_secret", "information", "evidence")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_CODE_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_SECRET_FIELD_NUMBER: _ClassVar[int]
    INFORMATION_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    parent: str
    request_id: str
    receipt_code: str
    receipt_secret: str
    information: str
    evidence: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Evidence]
    def __init__(self, parent: _Optional[str] = ..., request_id: _Optional[str] = ..., receipt_code: _Optional[str] = ..., receipt_secret: _Optional[str] = ..., information: _Optional[str] = ..., evidence: _Optional[_Iterable[_Union[_resources_pb2.Evidence, _Mapping]]] = ...) -> None: ...

class AddReceiptInformationResponse(_message.Message):
    __slots__ = ("status",)
    STATUS_FIELD_NUMBER: _ClassVar[int]
    status: _resources_pb2.ReceiptStatus
    def __init__(self, status: _Optional[_Union[_resources_pb2.ReceiptStatus, _Mapping]] = ...) -> None: ...

class ListReceiptMessagesRequest(_message.Message):
    __slots__ = ("parent", "receipt_code", "receipt_secret", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_CODE_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_SECRET_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    receipt_code: str
    receipt_secret: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., receipt_code: _Optional[str] = ..., receipt_secret: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListReceiptMessagesResponse(_message.Message):
    __slots__ = ("messages", "next_page_token")
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    messages: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Message]
    next_page_token: str
    def __init__(self, messages: _Optional[_Iterable[_Union[_resources_pb2.Message, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class SendReceiptMessageRequest(_message.Message):
    __slots__ = ("parent", "request_id", "receipt_code", "receipt_secret", "text")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_CODE_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_SECRET_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    parent: str
    request_id: str
    receipt_code: str
    receipt_secret: str
    text: str
    def __init__(self, parent: _Optional[str] = ..., request_id: _Optional[str] = ..., receipt_code: _Optional[str] = ..., receipt_secret: _Optional[str] = ..., text: _Optional[str] = ...) -> None: ...

class SendReceiptMessageResponse(_message.Message):
    __slots__ = ("message",)
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    message: _resources_pb2.Message
    def __init__(self, message: _Optional[_Union[_resources_pb2.Message, _Mapping]] = ...) -> None: ...

class GetCaseRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetCaseResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ...) -> None: ...

class ListCasesRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token", "states", "categories", "severities", "assignee", "overdue")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATES_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    SEVERITIES_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    states: _containers.RepeatedScalarFieldContainer[_resources_pb2.CaseState]
    categories: _containers.RepeatedScalarFieldContainer[str]
    severities: _containers.RepeatedScalarFieldContainer[str]
    assignee: str
    overdue: bool
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., states: _Optional[_Iterable[_Union[_resources_pb2.CaseState, str]]] = ..., categories: _Optional[_Iterable[str]] = ..., severities: _Optional[_Iterable[str]] = ..., assignee: _Optional[str] = ..., overdue: _Optional[bool] = ...) -> None: ...

class ListCasesResponse(_message.Message):
    __slots__ = ("cases", "next_page_token")
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Case]
    next_page_token: str
    def __init__(self, cases: _Optional[_Iterable[_Union[_resources_pb2.Case, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ConvertDisclosureRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "consent")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CONSENT_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    consent: _resources_pb2.ComplainantConsent
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., consent: _Optional[_Union[_resources_pb2.ComplainantConsent, _Mapping]] = ...) -> None: ...

class ConvertDisclosureResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ...) -> None: ...

class TriageCaseRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "categories", "severity", "route", "level", "statutory_answers", "rationale", "decided_by", "cmg_decision", "aggravating_factors", "mitigating_factors", "override")
    class StatutoryAnswersEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: bool
        def __init__(self, key: _Optional[str] = ..., value: _Optional[bool] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    STATUTORY_ANSWERS_FIELD_NUMBER: _ClassVar[int]
    RATIONALE_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    CMG_DECISION_FIELD_NUMBER: _ClassVar[int]
    AGGRAVATING_FACTORS_FIELD_NUMBER: _ClassVar[int]
    MITIGATING_FACTORS_FIELD_NUMBER: _ClassVar[int]
    OVERRIDE_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    categories: _containers.RepeatedScalarFieldContainer[str]
    severity: str
    route: str
    level: str
    statutory_answers: _containers.ScalarMap[str, bool]
    rationale: str
    decided_by: _containers.RepeatedScalarFieldContainer[str]
    cmg_decision: str
    aggravating_factors: _containers.RepeatedScalarFieldContainer[str]
    mitigating_factors: _containers.RepeatedScalarFieldContainer[str]
    override: _resources_pb2.MandatoryReportingOverride
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., categories: _Optional[_Iterable[str]] = ..., severity: _Optional[str] = ..., route: _Optional[str] = ..., level: _Optional[str] = ..., statutory_answers: _Optional[_Mapping[str, bool]] = ..., rationale: _Optional[str] = ..., decided_by: _Optional[_Iterable[str]] = ..., cmg_decision: _Optional[str] = ..., aggravating_factors: _Optional[_Iterable[str]] = ..., mitigating_factors: _Optional[_Iterable[str]] = ..., override: _Optional[_Union[_resources_pb2.MandatoryReportingOverride, _Mapping]] = ...) -> None: ...

class TriageCaseResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ...) -> None: ...

class AssignCaseManagerRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "case_manager")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CASE_MANAGER_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    case_manager: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., case_manager: _Optional[str] = ...) -> None: ...

class AssignCaseManagerResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ...) -> None: ...

class ReferToAgencyRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "agency", "check_id", "reference", "officer", "hold_requested", "override")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    CHECK_ID_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    OFFICER_FIELD_NUMBER: _ClassVar[int]
    HOLD_REQUESTED_FIELD_NUMBER: _ClassVar[int]
    OVERRIDE_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    agency: str
    check_id: str
    reference: str
    officer: str
    hold_requested: bool
    override: _resources_pb2.MandatoryReportingOverride
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., agency: _Optional[str] = ..., check_id: _Optional[str] = ..., reference: _Optional[str] = ..., officer: _Optional[str] = ..., hold_requested: _Optional[bool] = ..., override: _Optional[_Union[_resources_pb2.MandatoryReportingOverride, _Mapping]] = ...) -> None: ...

class ReferToAgencyResponse(_message.Message):
    __slots__ = ("case", "referral")
    CASE_FIELD_NUMBER: _ClassVar[int]
    REFERRAL_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    referral: _resources_pb2.Referral
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ..., referral: _Optional[_Union[_resources_pb2.Referral, _Mapping]] = ...) -> None: ...

class RecordAgencyConsentRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "referral", "scopes", "officer", "method", "note", "limited_to_templates")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REFERRAL_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    OFFICER_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    LIMITED_TO_TEMPLATES_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    referral: str
    scopes: _containers.RepeatedScalarFieldContainer[_resources_pb2.AgencyConsentScope]
    officer: str
    method: _resources_pb2.ContactMethod
    note: str
    limited_to_templates: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., referral: _Optional[str] = ..., scopes: _Optional[_Iterable[_Union[_resources_pb2.AgencyConsentScope, str]]] = ..., officer: _Optional[str] = ..., method: _Optional[_Union[_resources_pb2.ContactMethod, str]] = ..., note: _Optional[str] = ..., limited_to_templates: _Optional[_Iterable[str]] = ...) -> None: ...

class RecordAgencyConsentResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ...) -> None: ...

class RecordAgencyReleaseRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "referral", "type", "officer", "outcome_text")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REFERRAL_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    OFFICER_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_TEXT_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    referral: str
    type: _resources_pb2.AgencyReleaseType
    officer: str
    outcome_text: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., referral: _Optional[str] = ..., type: _Optional[_Union[_resources_pb2.AgencyReleaseType, str]] = ..., officer: _Optional[str] = ..., outcome_text: _Optional[str] = ...) -> None: ...

class RecordAgencyReleaseResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ...) -> None: ...

class OpenInvestigationRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "investigator", "terms_of_reference", "plan", "parallel")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    INVESTIGATOR_FIELD_NUMBER: _ClassVar[int]
    TERMS_OF_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    PLAN_FIELD_NUMBER: _ClassVar[int]
    PARALLEL_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    investigator: str
    terms_of_reference: _containers.RepeatedScalarFieldContainer[str]
    plan: str
    parallel: bool
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., investigator: _Optional[str] = ..., terms_of_reference: _Optional[_Iterable[str]] = ..., plan: _Optional[str] = ..., parallel: _Optional[bool] = ...) -> None: ...

class OpenInvestigationResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ...) -> None: ...

class ScheduleInterviewRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "person", "schedule_time", "method", "appropriate_adult")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    PERSON_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_TIME_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    APPROPRIATE_ADULT_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    person: str
    schedule_time: _timestamp_pb2.Timestamp
    method: str
    appropriate_adult: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., person: _Optional[str] = ..., schedule_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., method: _Optional[str] = ..., appropriate_adult: _Optional[str] = ...) -> None: ...

class ScheduleInterviewResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ...) -> None: ...

class AddEvidenceRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "evidence")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    evidence: _resources_pb2.Evidence
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., evidence: _Optional[_Union[_resources_pb2.Evidence, _Mapping]] = ...) -> None: ...

class AddEvidenceResponse(_message.Message):
    __slots__ = ("case", "evidence")
    CASE_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    evidence: _resources_pb2.Evidence
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ..., evidence: _Optional[_Union[_resources_pb2.Evidence, _Mapping]] = ...) -> None: ...

class SubmitInvestigationReportRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "conclusion", "terms_of_reference_id", "terms_of_reference_answers", "evidence_index", "persons_interviewed", "child_voice", "summary", "agency_referral_recommended")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CONCLUSION_FIELD_NUMBER: _ClassVar[int]
    TERMS_OF_REFERENCE_ID_FIELD_NUMBER: _ClassVar[int]
    TERMS_OF_REFERENCE_ANSWERS_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_INDEX_FIELD_NUMBER: _ClassVar[int]
    PERSONS_INTERVIEWED_FIELD_NUMBER: _ClassVar[int]
    CHILD_VOICE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    AGENCY_REFERRAL_RECOMMENDED_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    conclusion: _resources_pb2.Conclusion
    terms_of_reference_id: str
    terms_of_reference_answers: _containers.RepeatedCompositeFieldContainer[_resources_pb2.TermsOfReferenceAnswer]
    evidence_index: _containers.RepeatedScalarFieldContainer[str]
    persons_interviewed: _containers.RepeatedScalarFieldContainer[str]
    child_voice: str
    summary: str
    agency_referral_recommended: bool
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., conclusion: _Optional[_Union[_resources_pb2.Conclusion, str]] = ..., terms_of_reference_id: _Optional[str] = ..., terms_of_reference_answers: _Optional[_Iterable[_Union[_resources_pb2.TermsOfReferenceAnswer, _Mapping]]] = ..., evidence_index: _Optional[_Iterable[str]] = ..., persons_interviewed: _Optional[_Iterable[str]] = ..., child_voice: _Optional[str] = ..., summary: _Optional[str] = ..., agency_referral_recommended: _Optional[bool] = ...) -> None: ...

class SubmitInvestigationReportResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ...) -> None: ...

class CommissionRiskAssessmentRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "assessor", "cmg_decision", "kind")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    ASSESSOR_FIELD_NUMBER: _ClassVar[int]
    CMG_DECISION_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    assessor: str
    cmg_decision: str
    kind: _resources_pb2.RiskAssessmentKind
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., assessor: _Optional[str] = ..., cmg_decision: _Optional[str] = ..., kind: _Optional[_Union[_resources_pb2.RiskAssessmentKind, str]] = ...) -> None: ...

class CommissionRiskAssessmentResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ...) -> None: ...

class CompleteRiskAssessmentRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "kind", "nature_of_behaviour", "impact", "likelihood_of_recurrence", "circumstances_of_recurrence", "static_factors", "dynamic_factors", "outcome")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    NATURE_OF_BEHAVIOUR_FIELD_NUMBER: _ClassVar[int]
    IMPACT_FIELD_NUMBER: _ClassVar[int]
    LIKELIHOOD_OF_RECURRENCE_FIELD_NUMBER: _ClassVar[int]
    CIRCUMSTANCES_OF_RECURRENCE_FIELD_NUMBER: _ClassVar[int]
    STATIC_FACTORS_FIELD_NUMBER: _ClassVar[int]
    DYNAMIC_FACTORS_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    kind: _resources_pb2.RiskAssessmentKind
    nature_of_behaviour: str
    impact: str
    likelihood_of_recurrence: str
    circumstances_of_recurrence: str
    static_factors: _containers.RepeatedScalarFieldContainer[str]
    dynamic_factors: _containers.RepeatedScalarFieldContainer[str]
    outcome: _resources_pb2.RiskOutcome
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., kind: _Optional[_Union[_resources_pb2.RiskAssessmentKind, str]] = ..., nature_of_behaviour: _Optional[str] = ..., impact: _Optional[str] = ..., likelihood_of_recurrence: _Optional[str] = ..., circumstances_of_recurrence: _Optional[str] = ..., static_factors: _Optional[_Iterable[str]] = ..., dynamic_factors: _Optional[_Iterable[str]] = ..., outcome: _Optional[_Union[_resources_pb2.RiskOutcome, str]] = ...) -> None: ...

class CompleteRiskAssessmentResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ...) -> None: ...

class ImposeInterimMeasureRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "type", "scope", "reason", "cmg_decision", "emergency", "ratify_by_time", "next_review_time", "notify_plan", "direction_ref")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CMG_DECISION_FIELD_NUMBER: _ClassVar[int]
    EMERGENCY_FIELD_NUMBER: _ClassVar[int]
    RATIFY_BY_TIME_FIELD_NUMBER: _ClassVar[int]
    NEXT_REVIEW_TIME_FIELD_NUMBER: _ClassVar[int]
    NOTIFY_PLAN_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_REF_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    type: str
    scope: str
    reason: str
    cmg_decision: str
    emergency: bool
    ratify_by_time: _timestamp_pb2.Timestamp
    next_review_time: _timestamp_pb2.Timestamp
    notify_plan: str
    direction_ref: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., type: _Optional[str] = ..., scope: _Optional[str] = ..., reason: _Optional[str] = ..., cmg_decision: _Optional[str] = ..., emergency: _Optional[bool] = ..., ratify_by_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., next_review_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., notify_plan: _Optional[str] = ..., direction_ref: _Optional[str] = ...) -> None: ...

class ImposeInterimMeasureResponse(_message.Message):
    __slots__ = ("case", "interim_measure")
    CASE_FIELD_NUMBER: _ClassVar[int]
    INTERIM_MEASURE_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    interim_measure: _resources_pb2.InterimMeasure
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ..., interim_measure: _Optional[_Union[_resources_pb2.InterimMeasure, _Mapping]] = ...) -> None: ...

class ReviewInterimMeasureRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "interim_measure", "outcome", "review_time", "next_review_time", "cmg_decision")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    INTERIM_MEASURE_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    REVIEW_TIME_FIELD_NUMBER: _ClassVar[int]
    NEXT_REVIEW_TIME_FIELD_NUMBER: _ClassVar[int]
    CMG_DECISION_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    interim_measure: str
    outcome: _resources_pb2.InterimReviewOutcome
    review_time: _timestamp_pb2.Timestamp
    next_review_time: _timestamp_pb2.Timestamp
    cmg_decision: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., interim_measure: _Optional[str] = ..., outcome: _Optional[_Union[_resources_pb2.InterimReviewOutcome, str]] = ..., review_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., next_review_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., cmg_decision: _Optional[str] = ...) -> None: ...

class ReviewInterimMeasureResponse(_message.Message):
    __slots__ = ("case", "interim_measure")
    CASE_FIELD_NUMBER: _ClassVar[int]
    INTERIM_MEASURE_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    interim_measure: _resources_pb2.InterimMeasure
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ..., interim_measure: _Optional[_Union[_resources_pb2.InterimMeasure, _Mapping]] = ...) -> None: ...

class ListOverdueReviewsRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListOverdueReviewsResponse(_message.Message):
    __slots__ = ("interim_measures", "next_page_token")
    INTERIM_MEASURES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    interim_measures: _containers.RepeatedCompositeFieldContainer[_resources_pb2.InterimMeasure]
    next_page_token: str
    def __init__(self, interim_measures: _Optional[_Iterable[_Union[_resources_pb2.InterimMeasure, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class CloseCaseRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "closure", "rationale", "decided_by", "mandatory_reporting_assessed", "outcomes", "external_outcome", "returning_to_role", "pvg_grounds_not_met_rationale")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CLOSURE_FIELD_NUMBER: _ClassVar[int]
    RATIONALE_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    MANDATORY_REPORTING_ASSESSED_FIELD_NUMBER: _ClassVar[int]
    OUTCOMES_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_OUTCOME_FIELD_NUMBER: _ClassVar[int]
    RETURNING_TO_ROLE_FIELD_NUMBER: _ClassVar[int]
    PVG_GROUNDS_NOT_MET_RATIONALE_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    closure: _resources_pb2.CaseClosure
    rationale: str
    decided_by: _containers.RepeatedScalarFieldContainer[str]
    mandatory_reporting_assessed: bool
    outcomes: _containers.RepeatedScalarFieldContainer[str]
    external_outcome: str
    returning_to_role: bool
    pvg_grounds_not_met_rationale: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., closure: _Optional[_Union[_resources_pb2.CaseClosure, str]] = ..., rationale: _Optional[str] = ..., decided_by: _Optional[_Iterable[str]] = ..., mandatory_reporting_assessed: _Optional[bool] = ..., outcomes: _Optional[_Iterable[str]] = ..., external_outcome: _Optional[str] = ..., returning_to_role: _Optional[bool] = ..., pvg_grounds_not_met_rationale: _Optional[str] = ...) -> None: ...

class CloseCaseResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ...) -> None: ...

class SendMessageToReporterRequest(_message.Message):
    __slots__ = ("name", "request_id", "text")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    text: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., text: _Optional[str] = ...) -> None: ...

class SendMessageToReporterResponse(_message.Message):
    __slots__ = ("message",)
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    message: _resources_pb2.Message
    def __init__(self, message: _Optional[_Union[_resources_pb2.Message, _Mapping]] = ...) -> None: ...

class ListMessagesRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListMessagesResponse(_message.Message):
    __slots__ = ("messages", "next_page_token")
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    messages: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Message]
    next_page_token: str
    def __init__(self, messages: _Optional[_Iterable[_Union[_resources_pb2.Message, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RecordConsentRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "purpose", "consent")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    CONSENT_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    purpose: _resources_pb2.ConsentPurpose
    consent: _resources_pb2.ComplainantConsent
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., purpose: _Optional[_Union[_resources_pb2.ConsentPurpose, str]] = ..., consent: _Optional[_Union[_resources_pb2.ComplainantConsent, _Mapping]] = ...) -> None: ...

class RecordConsentResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ...) -> None: ...

class WithdrawConsentRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "purpose")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    purpose: _resources_pb2.ConsentPurpose
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., purpose: _Optional[_Union[_resources_pb2.ConsentPurpose, str]] = ...) -> None: ...

class WithdrawConsentResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ...) -> None: ...

class StartAdvisoryRequestRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "question")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    QUESTION_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    question: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., question: _Optional[str] = ...) -> None: ...

class StartAdvisoryRequestResponse(_message.Message):
    __slots__ = ("case", "advisory_share")
    CASE_FIELD_NUMBER: _ClassVar[int]
    ADVISORY_SHARE_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    advisory_share: _resources_pb2.AdvisoryShare
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ..., advisory_share: _Optional[_Union[_resources_pb2.AdvisoryShare, _Mapping]] = ...) -> None: ...

class PreviewShareRequest(_message.Message):
    __slots__ = ("name", "request_id", "members", "expire_time", "summary", "chronology", "options_under_consideration", "expertise")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    CHRONOLOGY_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_UNDER_CONSIDERATION_FIELD_NUMBER: _ClassVar[int]
    EXPERTISE_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    members: _containers.RepeatedScalarFieldContainer[str]
    expire_time: _timestamp_pb2.Timestamp
    summary: str
    chronology: str
    options_under_consideration: str
    expertise: _containers.RepeatedScalarFieldContainer[_resources_pb2.ExpertiseArea]
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., members: _Optional[_Iterable[str]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., summary: _Optional[str] = ..., chronology: _Optional[str] = ..., options_under_consideration: _Optional[str] = ..., expertise: _Optional[_Iterable[_Union[_resources_pb2.ExpertiseArea, str]]] = ...) -> None: ...

class PreviewShareResponse(_message.Message):
    __slots__ = ("case", "packet", "question", "expertise", "expire_time", "document")
    CASE_FIELD_NUMBER: _ClassVar[int]
    PACKET_FIELD_NUMBER: _ClassVar[int]
    QUESTION_FIELD_NUMBER: _ClassVar[int]
    EXPERTISE_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    packet: _resources_pb2.AdvisoryPacket
    question: str
    expertise: _containers.RepeatedScalarFieldContainer[_resources_pb2.ExpertiseArea]
    expire_time: _timestamp_pb2.Timestamp
    document: _struct_pb2.Struct
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ..., packet: _Optional[_Union[_resources_pb2.AdvisoryPacket, _Mapping]] = ..., question: _Optional[str] = ..., expertise: _Optional[_Iterable[_Union[_resources_pb2.ExpertiseArea, str]]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., document: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class PublishShareRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "members", "expire_time", "summary", "chronology", "options_under_consideration", "expertise")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    CHRONOLOGY_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_UNDER_CONSIDERATION_FIELD_NUMBER: _ClassVar[int]
    EXPERTISE_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    members: _containers.RepeatedScalarFieldContainer[str]
    expire_time: _timestamp_pb2.Timestamp
    summary: str
    chronology: str
    options_under_consideration: str
    expertise: _containers.RepeatedScalarFieldContainer[_resources_pb2.ExpertiseArea]
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., members: _Optional[_Iterable[str]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., summary: _Optional[str] = ..., chronology: _Optional[str] = ..., options_under_consideration: _Optional[str] = ..., expertise: _Optional[_Iterable[_Union[_resources_pb2.ExpertiseArea, str]]] = ...) -> None: ...

class PublishShareResponse(_message.Message):
    __slots__ = ("case", "advisory_share")
    CASE_FIELD_NUMBER: _ClassVar[int]
    ADVISORY_SHARE_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    advisory_share: _resources_pb2.AdvisoryShare
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ..., advisory_share: _Optional[_Union[_resources_pb2.AdvisoryShare, _Mapping]] = ...) -> None: ...

class RevokeShareRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "reason")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    reason: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RevokeShareResponse(_message.Message):
    __slots__ = ("case", "advisory_share")
    CASE_FIELD_NUMBER: _ClassVar[int]
    ADVISORY_SHARE_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    advisory_share: _resources_pb2.AdvisoryShare
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ..., advisory_share: _Optional[_Union[_resources_pb2.AdvisoryShare, _Mapping]] = ...) -> None: ...

class ListAdviceRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAdviceResponse(_message.Message):
    __slots__ = ("advice", "next_page_token")
    ADVICE_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    advice: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Advice]
    next_page_token: str
    def __init__(self, advice: _Optional[_Iterable[_Union[_resources_pb2.Advice, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RunCaseCommandRequest(_message.Message):
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

class RunCaseCommandResponse(_message.Message):
    __slots__ = ("case", "event_types")
    CASE_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPES_FIELD_NUMBER: _ClassVar[int]
    case: _resources_pb2.Case
    event_types: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, case: _Optional[_Union[_resources_pb2.Case, _Mapping]] = ..., event_types: _Optional[_Iterable[str]] = ...) -> None: ...
