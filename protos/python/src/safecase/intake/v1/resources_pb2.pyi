import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CaseState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CASE_STATE_UNSPECIFIED: _ClassVar[CaseState]
    CASE_STATE_RECEIVED_DISCLOSURE: _ClassVar[CaseState]
    CASE_STATE_RECEIVED_REPORT: _ClassVar[CaseState]
    CASE_STATE_TRIAGED: _ClassVar[CaseState]
    CASE_STATE_AGENCY_HOLD: _ClassVar[CaseState]
    CASE_STATE_TRANSFERRED_OUT: _ClassVar[CaseState]
    CASE_STATE_INFORMAL_RESOLUTION: _ClassVar[CaseState]
    CASE_STATE_UNDER_INVESTIGATION: _ClassVar[CaseState]
    CASE_STATE_INVESTIGATION_CONCLUDED: _ClassVar[CaseState]
    CASE_STATE_RISK_ASSESSMENT: _ClassVar[CaseState]
    CASE_STATE_HEARING_PENDING: _ClassVar[CaseState]
    CASE_STATE_DISCIPLINARY_HEARING: _ClassVar[CaseState]
    CASE_STATE_DECISION_ISSUED: _ClassVar[CaseState]
    CASE_STATE_APPEAL_WINDOW_OPEN: _ClassVar[CaseState]
    CASE_STATE_APPEAL_LODGED: _ClassVar[CaseState]
    CASE_STATE_APPEAL_HEARING: _ClassVar[CaseState]
    CASE_STATE_APPEAL_DECIDED: _ClassVar[CaseState]
    CASE_STATE_SANCTION_IN_FORCE: _ClassVar[CaseState]
    CASE_STATE_MONITORING: _ClassVar[CaseState]
    CASE_STATE_CLOSED: _ClassVar[CaseState]
    CASE_STATE_NFA: _ClassVar[CaseState]
    CASE_STATE_MERGED: _ClassVar[CaseState]

class ClosureReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CLOSURE_REASON_UNSPECIFIED: _ClassVar[ClosureReason]
    CLOSURE_REASON_DISCLOSURE_ONLY: _ClassVar[ClosureReason]
    CLOSURE_REASON_RESOLVED_INFORMALLY: _ClassVar[ClosureReason]
    CLOSURE_REASON_NO_BREACH: _ClassVar[ClosureReason]
    CLOSURE_REASON_SANCTION_COMPLETED: _ClassVar[ClosureReason]
    CLOSURE_REASON_PERMANENT_SANCTION_RECORDED: _ClassVar[ClosureReason]
    CLOSURE_REASON_WITHDRAWN: _ClassVar[ClosureReason]
    CLOSURE_REASON_TRANSFERRED_CONCLUDED: _ClassVar[ClosureReason]

class IntakeType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INTAKE_TYPE_UNSPECIFIED: _ClassVar[IntakeType]
    INTAKE_TYPE_DISCLOSURE: _ClassVar[IntakeType]
    INTAKE_TYPE_FORMAL_REPORT: _ClassVar[IntakeType]

class ReportKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORT_KIND_UNSPECIFIED: _ClassVar[ReportKind]
    REPORT_KIND_REPORT: _ClassVar[ReportKind]
    REPORT_KIND_COMPLAINT: _ClassVar[ReportKind]

class Conclusion(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONCLUSION_UNSPECIFIED: _ClassVar[Conclusion]
    CONCLUSION_C1_ABUSE_LIKELY: _ClassVar[Conclusion]
    CONCLUSION_C2_CRIMINAL_OFFENCE_POSSIBLE: _ClassVar[Conclusion]
    CONCLUSION_C3_POOR_PRACTICE_ONLY: _ClassVar[Conclusion]
    CONCLUSION_C4_WITHOUT_FOUNDATION: _ClassVar[Conclusion]

class MessageDirection(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MESSAGE_DIRECTION_UNSPECIFIED: _ClassVar[MessageDirection]
    MESSAGE_DIRECTION_TO_REPORTER: _ClassVar[MessageDirection]
    MESSAGE_DIRECTION_FROM_REPORTER: _ClassVar[MessageDirection]

class ReportStage(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORT_STAGE_UNSPECIFIED: _ClassVar[ReportStage]
    REPORT_STAGE_RECEIVED: _ClassVar[ReportStage]
    REPORT_STAGE_IN_PROGRESS: _ClassVar[ReportStage]
    REPORT_STAGE_CLOSED: _ClassVar[ReportStage]

class PartyRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PARTY_ROLE_UNSPECIFIED: _ClassVar[PartyRole]
    PARTY_ROLE_COMPLAINANT: _ClassVar[PartyRole]
    PARTY_ROLE_RESPONDENT: _ClassVar[PartyRole]
    PARTY_ROLE_REPORTER: _ClassVar[PartyRole]
    PARTY_ROLE_WITNESS: _ClassVar[PartyRole]

class InterimMeasureState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INTERIM_MEASURE_STATE_UNSPECIFIED: _ClassVar[InterimMeasureState]
    INTERIM_MEASURE_STATE_IN_FORCE: _ClassVar[InterimMeasureState]
    INTERIM_MEASURE_STATE_LIFTED: _ClassVar[InterimMeasureState]
    INTERIM_MEASURE_STATE_SUPERSEDED: _ClassVar[InterimMeasureState]
    INTERIM_MEASURE_STATE_LAPSED: _ClassVar[InterimMeasureState]

class InterimReviewOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INTERIM_REVIEW_OUTCOME_UNSPECIFIED: _ClassVar[InterimReviewOutcome]
    INTERIM_REVIEW_OUTCOME_CONTINUE: _ClassVar[InterimReviewOutcome]
    INTERIM_REVIEW_OUTCOME_VARY: _ClassVar[InterimReviewOutcome]

class ReferralStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REFERRAL_STATUS_UNSPECIFIED: _ClassVar[ReferralStatus]
    REFERRAL_STATUS_DUE: _ClassVar[ReferralStatus]
    REFERRAL_STATUS_MADE: _ClassVar[ReferralStatus]
    REFERRAL_STATUS_AGENCY_ACTIVE: _ClassVar[ReferralStatus]
    REFERRAL_STATUS_CONSENT_TO_PARALLEL: _ClassVar[ReferralStatus]
    REFERRAL_STATUS_PASSED_BACK: _ClassVar[ReferralStatus]
    REFERRAL_STATUS_CONCLUDED: _ClassVar[ReferralStatus]
    REFERRAL_STATUS_NO_ACTION_BY_AGENCY: _ClassVar[ReferralStatus]
    REFERRAL_STATUS_CONSULTED_NOT_REQUIRED: _ClassVar[ReferralStatus]

class AgencyConsentScope(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AGENCY_CONSENT_SCOPE_UNSPECIFIED: _ClassVar[AgencyConsentScope]
    AGENCY_CONSENT_SCOPE_CONTACT_RESPONDENT: _ClassVar[AgencyConsentScope]
    AGENCY_CONSENT_SCOPE_INTERNAL_INVESTIGATION: _ClassVar[AgencyConsentScope]
    AGENCY_CONSENT_SCOPE_INTERIM_MEASURES: _ClassVar[AgencyConsentScope]
    AGENCY_CONSENT_SCOPE_DISCIPLINARY_ACTION: _ClassVar[AgencyConsentScope]
    AGENCY_CONSENT_SCOPE_SHARE_WITH_ADVISORY: _ClassVar[AgencyConsentScope]
    AGENCY_CONSENT_SCOPE_TRANSFER_TO_EXTERNAL_BODY: _ClassVar[AgencyConsentScope]

class AgencyReleaseType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AGENCY_RELEASE_TYPE_UNSPECIFIED: _ClassVar[AgencyReleaseType]
    AGENCY_RELEASE_TYPE_PASSED_BACK: _ClassVar[AgencyReleaseType]
    AGENCY_RELEASE_TYPE_CONCLUDED: _ClassVar[AgencyReleaseType]
    AGENCY_RELEASE_TYPE_NO_FURTHER_ACTION: _ClassVar[AgencyReleaseType]

class ContactMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONTACT_METHOD_UNSPECIFIED: _ClassVar[ContactMethod]
    CONTACT_METHOD_PHONE: _ClassVar[ContactMethod]
    CONTACT_METHOD_EMAIL: _ClassVar[ContactMethod]
    CONTACT_METHOD_MEETING: _ClassVar[ContactMethod]

class ConsentGiver(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONSENT_GIVER_UNSPECIFIED: _ClassVar[ConsentGiver]
    CONSENT_GIVER_SELF: _ClassVar[ConsentGiver]
    CONSENT_GIVER_PARENT_GUARDIAN: _ClassVar[ConsentGiver]
    CONSENT_GIVER_AUTHORISED_REPRESENTATIVE: _ClassVar[ConsentGiver]

class RiskAssessmentKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RISK_ASSESSMENT_KIND_UNSPECIFIED: _ClassVar[RiskAssessmentKind]
    RISK_ASSESSMENT_KIND_POST_INVESTIGATION: _ClassVar[RiskAssessmentKind]
    RISK_ASSESSMENT_KIND_RETURN_TO_SPORT: _ClassVar[RiskAssessmentKind]

class RiskOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RISK_OUTCOME_UNSPECIFIED: _ClassVar[RiskOutcome]
    RISK_OUTCOME_LOW: _ClassVar[RiskOutcome]
    RISK_OUTCOME_MEDIUM: _ClassVar[RiskOutcome]
    RISK_OUTCOME_HIGH: _ClassVar[RiskOutcome]
    RISK_OUTCOME_SUITABLE: _ClassVar[RiskOutcome]
    RISK_OUTCOME_SUITABLE_WITH_CONDITIONS: _ClassVar[RiskOutcome]
    RISK_OUTCOME_NOT_SUITABLE: _ClassVar[RiskOutcome]

class CaseClosure(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CASE_CLOSURE_UNSPECIFIED: _ClassVar[CaseClosure]
    CASE_CLOSURE_NO_FURTHER_ACTION: _ClassVar[CaseClosure]
    CASE_CLOSURE_DISCLOSURE_ONLY: _ClassVar[CaseClosure]
    CASE_CLOSURE_RESOLVED_INFORMALLY: _ClassVar[CaseClosure]
    CASE_CLOSURE_SANCTION_COMPLETED: _ClassVar[CaseClosure]
    CASE_CLOSURE_MONITORING_COMPLETED: _ClassVar[CaseClosure]
    CASE_CLOSURE_WITHDRAWN: _ClassVar[CaseClosure]
    CASE_CLOSURE_EXTERNAL_OUTCOME: _ClassVar[CaseClosure]

class ConsentPurpose(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONSENT_PURPOSE_UNSPECIFIED: _ClassVar[ConsentPurpose]
    CONSENT_PURPOSE_FORMAL_PROCESS: _ClassVar[ConsentPurpose]
    CONSENT_PURPOSE_ADVISORY_SHARE: _ClassVar[ConsentPurpose]
    CONSENT_PURPOSE_SHARE_WITH_OTHER_ORG: _ClassVar[ConsentPurpose]

class ExpertiseArea(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EXPERTISE_AREA_UNSPECIFIED: _ClassVar[ExpertiseArea]
    EXPERTISE_AREA_HR: _ClassVar[ExpertiseArea]
    EXPERTISE_AREA_LAW: _ClassVar[ExpertiseArea]
    EXPERTISE_AREA_SPORTS_GOVERNANCE: _ClassVar[ExpertiseArea]
    EXPERTISE_AREA_SAFEGUARDING: _ClassVar[ExpertiseArea]
    EXPERTISE_AREA_LIVED_EXPERIENCE: _ClassVar[ExpertiseArea]

class AdvisoryShareState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ADVISORY_SHARE_STATE_UNSPECIFIED: _ClassVar[AdvisoryShareState]
    ADVISORY_SHARE_STATE_DRAFT: _ClassVar[AdvisoryShareState]
    ADVISORY_SHARE_STATE_SHARED: _ClassVar[AdvisoryShareState]
    ADVISORY_SHARE_STATE_ADVICE_RECEIVED: _ClassVar[AdvisoryShareState]
    ADVISORY_SHARE_STATE_REVOKED: _ClassVar[AdvisoryShareState]
    ADVISORY_SHARE_STATE_EXPIRED: _ClassVar[AdvisoryShareState]
CASE_STATE_UNSPECIFIED: CaseState
CASE_STATE_RECEIVED_DISCLOSURE: CaseState
CASE_STATE_RECEIVED_REPORT: CaseState
CASE_STATE_TRIAGED: CaseState
CASE_STATE_AGENCY_HOLD: CaseState
CASE_STATE_TRANSFERRED_OUT: CaseState
CASE_STATE_INFORMAL_RESOLUTION: CaseState
CASE_STATE_UNDER_INVESTIGATION: CaseState
CASE_STATE_INVESTIGATION_CONCLUDED: CaseState
CASE_STATE_RISK_ASSESSMENT: CaseState
CASE_STATE_HEARING_PENDING: CaseState
CASE_STATE_DISCIPLINARY_HEARING: CaseState
CASE_STATE_DECISION_ISSUED: CaseState
CASE_STATE_APPEAL_WINDOW_OPEN: CaseState
CASE_STATE_APPEAL_LODGED: CaseState
CASE_STATE_APPEAL_HEARING: CaseState
CASE_STATE_APPEAL_DECIDED: CaseState
CASE_STATE_SANCTION_IN_FORCE: CaseState
CASE_STATE_MONITORING: CaseState
CASE_STATE_CLOSED: CaseState
CASE_STATE_NFA: CaseState
CASE_STATE_MERGED: CaseState
CLOSURE_REASON_UNSPECIFIED: ClosureReason
CLOSURE_REASON_DISCLOSURE_ONLY: ClosureReason
CLOSURE_REASON_RESOLVED_INFORMALLY: ClosureReason
CLOSURE_REASON_NO_BREACH: ClosureReason
CLOSURE_REASON_SANCTION_COMPLETED: ClosureReason
CLOSURE_REASON_PERMANENT_SANCTION_RECORDED: ClosureReason
CLOSURE_REASON_WITHDRAWN: ClosureReason
CLOSURE_REASON_TRANSFERRED_CONCLUDED: ClosureReason
INTAKE_TYPE_UNSPECIFIED: IntakeType
INTAKE_TYPE_DISCLOSURE: IntakeType
INTAKE_TYPE_FORMAL_REPORT: IntakeType
REPORT_KIND_UNSPECIFIED: ReportKind
REPORT_KIND_REPORT: ReportKind
REPORT_KIND_COMPLAINT: ReportKind
CONCLUSION_UNSPECIFIED: Conclusion
CONCLUSION_C1_ABUSE_LIKELY: Conclusion
CONCLUSION_C2_CRIMINAL_OFFENCE_POSSIBLE: Conclusion
CONCLUSION_C3_POOR_PRACTICE_ONLY: Conclusion
CONCLUSION_C4_WITHOUT_FOUNDATION: Conclusion
MESSAGE_DIRECTION_UNSPECIFIED: MessageDirection
MESSAGE_DIRECTION_TO_REPORTER: MessageDirection
MESSAGE_DIRECTION_FROM_REPORTER: MessageDirection
REPORT_STAGE_UNSPECIFIED: ReportStage
REPORT_STAGE_RECEIVED: ReportStage
REPORT_STAGE_IN_PROGRESS: ReportStage
REPORT_STAGE_CLOSED: ReportStage
PARTY_ROLE_UNSPECIFIED: PartyRole
PARTY_ROLE_COMPLAINANT: PartyRole
PARTY_ROLE_RESPONDENT: PartyRole
PARTY_ROLE_REPORTER: PartyRole
PARTY_ROLE_WITNESS: PartyRole
INTERIM_MEASURE_STATE_UNSPECIFIED: InterimMeasureState
INTERIM_MEASURE_STATE_IN_FORCE: InterimMeasureState
INTERIM_MEASURE_STATE_LIFTED: InterimMeasureState
INTERIM_MEASURE_STATE_SUPERSEDED: InterimMeasureState
INTERIM_MEASURE_STATE_LAPSED: InterimMeasureState
INTERIM_REVIEW_OUTCOME_UNSPECIFIED: InterimReviewOutcome
INTERIM_REVIEW_OUTCOME_CONTINUE: InterimReviewOutcome
INTERIM_REVIEW_OUTCOME_VARY: InterimReviewOutcome
REFERRAL_STATUS_UNSPECIFIED: ReferralStatus
REFERRAL_STATUS_DUE: ReferralStatus
REFERRAL_STATUS_MADE: ReferralStatus
REFERRAL_STATUS_AGENCY_ACTIVE: ReferralStatus
REFERRAL_STATUS_CONSENT_TO_PARALLEL: ReferralStatus
REFERRAL_STATUS_PASSED_BACK: ReferralStatus
REFERRAL_STATUS_CONCLUDED: ReferralStatus
REFERRAL_STATUS_NO_ACTION_BY_AGENCY: ReferralStatus
REFERRAL_STATUS_CONSULTED_NOT_REQUIRED: ReferralStatus
AGENCY_CONSENT_SCOPE_UNSPECIFIED: AgencyConsentScope
AGENCY_CONSENT_SCOPE_CONTACT_RESPONDENT: AgencyConsentScope
AGENCY_CONSENT_SCOPE_INTERNAL_INVESTIGATION: AgencyConsentScope
AGENCY_CONSENT_SCOPE_INTERIM_MEASURES: AgencyConsentScope
AGENCY_CONSENT_SCOPE_DISCIPLINARY_ACTION: AgencyConsentScope
AGENCY_CONSENT_SCOPE_SHARE_WITH_ADVISORY: AgencyConsentScope
AGENCY_CONSENT_SCOPE_TRANSFER_TO_EXTERNAL_BODY: AgencyConsentScope
AGENCY_RELEASE_TYPE_UNSPECIFIED: AgencyReleaseType
AGENCY_RELEASE_TYPE_PASSED_BACK: AgencyReleaseType
AGENCY_RELEASE_TYPE_CONCLUDED: AgencyReleaseType
AGENCY_RELEASE_TYPE_NO_FURTHER_ACTION: AgencyReleaseType
CONTACT_METHOD_UNSPECIFIED: ContactMethod
CONTACT_METHOD_PHONE: ContactMethod
CONTACT_METHOD_EMAIL: ContactMethod
CONTACT_METHOD_MEETING: ContactMethod
CONSENT_GIVER_UNSPECIFIED: ConsentGiver
CONSENT_GIVER_SELF: ConsentGiver
CONSENT_GIVER_PARENT_GUARDIAN: ConsentGiver
CONSENT_GIVER_AUTHORISED_REPRESENTATIVE: ConsentGiver
RISK_ASSESSMENT_KIND_UNSPECIFIED: RiskAssessmentKind
RISK_ASSESSMENT_KIND_POST_INVESTIGATION: RiskAssessmentKind
RISK_ASSESSMENT_KIND_RETURN_TO_SPORT: RiskAssessmentKind
RISK_OUTCOME_UNSPECIFIED: RiskOutcome
RISK_OUTCOME_LOW: RiskOutcome
RISK_OUTCOME_MEDIUM: RiskOutcome
RISK_OUTCOME_HIGH: RiskOutcome
RISK_OUTCOME_SUITABLE: RiskOutcome
RISK_OUTCOME_SUITABLE_WITH_CONDITIONS: RiskOutcome
RISK_OUTCOME_NOT_SUITABLE: RiskOutcome
CASE_CLOSURE_UNSPECIFIED: CaseClosure
CASE_CLOSURE_NO_FURTHER_ACTION: CaseClosure
CASE_CLOSURE_DISCLOSURE_ONLY: CaseClosure
CASE_CLOSURE_RESOLVED_INFORMALLY: CaseClosure
CASE_CLOSURE_SANCTION_COMPLETED: CaseClosure
CASE_CLOSURE_MONITORING_COMPLETED: CaseClosure
CASE_CLOSURE_WITHDRAWN: CaseClosure
CASE_CLOSURE_EXTERNAL_OUTCOME: CaseClosure
CONSENT_PURPOSE_UNSPECIFIED: ConsentPurpose
CONSENT_PURPOSE_FORMAL_PROCESS: ConsentPurpose
CONSENT_PURPOSE_ADVISORY_SHARE: ConsentPurpose
CONSENT_PURPOSE_SHARE_WITH_OTHER_ORG: ConsentPurpose
EXPERTISE_AREA_UNSPECIFIED: ExpertiseArea
EXPERTISE_AREA_HR: ExpertiseArea
EXPERTISE_AREA_LAW: ExpertiseArea
EXPERTISE_AREA_SPORTS_GOVERNANCE: ExpertiseArea
EXPERTISE_AREA_SAFEGUARDING: ExpertiseArea
EXPERTISE_AREA_LIVED_EXPERIENCE: ExpertiseArea
ADVISORY_SHARE_STATE_UNSPECIFIED: AdvisoryShareState
ADVISORY_SHARE_STATE_DRAFT: AdvisoryShareState
ADVISORY_SHARE_STATE_SHARED: AdvisoryShareState
ADVISORY_SHARE_STATE_ADVICE_RECEIVED: AdvisoryShareState
ADVISORY_SHARE_STATE_REVOKED: AdvisoryShareState
ADVISORY_SHARE_STATE_EXPIRED: AdvisoryShareState

class Case(_message.Message):
    __slots__ = ("name", "state", "closure_reason", "intake_type", "anonymous", "severity", "categories", "owner", "assignments", "rule_set", "create_time", "update_time", "etag", "version", "conclusion", "deadlines", "next_due_time", "overdue", "interim_measures", "referrals", "merged_into", "transferred_to")
    NAME_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CLOSURE_REASON_FIELD_NUMBER: _ClassVar[int]
    INTAKE_TYPE_FIELD_NUMBER: _ClassVar[int]
    ANONYMOUS_FIELD_NUMBER: _ClassVar[int]
    SEVERITY_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    ASSIGNMENTS_FIELD_NUMBER: _ClassVar[int]
    RULE_SET_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CONCLUSION_FIELD_NUMBER: _ClassVar[int]
    DEADLINES_FIELD_NUMBER: _ClassVar[int]
    NEXT_DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    INTERIM_MEASURES_FIELD_NUMBER: _ClassVar[int]
    REFERRALS_FIELD_NUMBER: _ClassVar[int]
    MERGED_INTO_FIELD_NUMBER: _ClassVar[int]
    TRANSFERRED_TO_FIELD_NUMBER: _ClassVar[int]
    name: str
    state: CaseState
    closure_reason: ClosureReason
    intake_type: IntakeType
    anonymous: bool
    severity: str
    categories: _containers.RepeatedScalarFieldContainer[str]
    owner: str
    assignments: _containers.RepeatedCompositeFieldContainer[CaseAssignment]
    rule_set: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    version: int
    conclusion: Conclusion
    deadlines: _containers.RepeatedCompositeFieldContainer[Deadline]
    next_due_time: _timestamp_pb2.Timestamp
    overdue: bool
    interim_measures: _containers.RepeatedCompositeFieldContainer[InterimMeasure]
    referrals: _containers.RepeatedCompositeFieldContainer[Referral]
    merged_into: str
    transferred_to: str
    def __init__(self, name: _Optional[str] = ..., state: _Optional[_Union[CaseState, str]] = ..., closure_reason: _Optional[_Union[ClosureReason, str]] = ..., intake_type: _Optional[_Union[IntakeType, str]] = ..., anonymous: _Optional[bool] = ..., severity: _Optional[str] = ..., categories: _Optional[_Iterable[str]] = ..., owner: _Optional[str] = ..., assignments: _Optional[_Iterable[_Union[CaseAssignment, _Mapping]]] = ..., rule_set: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ..., version: _Optional[int] = ..., conclusion: _Optional[_Union[Conclusion, str]] = ..., deadlines: _Optional[_Iterable[_Union[Deadline, _Mapping]]] = ..., next_due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., overdue: _Optional[bool] = ..., interim_measures: _Optional[_Iterable[_Union[InterimMeasure, _Mapping]]] = ..., referrals: _Optional[_Iterable[_Union[Referral, _Mapping]]] = ..., merged_into: _Optional[str] = ..., transferred_to: _Optional[str] = ...) -> None: ...

class CaseAssignment(_message.Message):
    __slots__ = ("person", "role", "start_time")
    PERSON_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    person: str
    role: str
    start_time: _timestamp_pb2.Timestamp
    def __init__(self, person: _Optional[str] = ..., role: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Deadline(_message.Message):
    __slots__ = ("kind", "subject", "due_time", "overdue")
    KIND_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    kind: str
    subject: str
    due_time: _timestamp_pb2.Timestamp
    overdue: bool
    def __init__(self, kind: _Optional[str] = ..., subject: _Optional[str] = ..., due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., overdue: _Optional[bool] = ...) -> None: ...

class Message(_message.Message):
    __slots__ = ("name", "direction", "text", "create_time", "sender", "read_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    SENDER_FIELD_NUMBER: _ClassVar[int]
    READ_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    direction: MessageDirection
    text: str
    create_time: _timestamp_pb2.Timestamp
    sender: str
    read_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., direction: _Optional[_Union[MessageDirection, str]] = ..., text: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sender: _Optional[str] = ..., read_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ReceiptStatus(_message.Message):
    __slots__ = ("receipt_code", "stage", "label", "submit_time", "update_time", "unread_message_count")
    RECEIPT_CODE_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    SUBMIT_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UNREAD_MESSAGE_COUNT_FIELD_NUMBER: _ClassVar[int]
    receipt_code: str
    stage: ReportStage
    label: str
    submit_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    unread_message_count: int
    def __init__(self, receipt_code: _Optional[str] = ..., stage: _Optional[_Union[ReportStage, str]] = ..., label: _Optional[str] = ..., submit_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., unread_message_count: _Optional[int] = ...) -> None: ...

class Party(_message.Message):
    __slots__ = ("person", "role", "position_of_trust")
    PERSON_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    POSITION_OF_TRUST_FIELD_NUMBER: _ClassVar[int]
    person: str
    role: PartyRole
    position_of_trust: bool
    def __init__(self, person: _Optional[str] = ..., role: _Optional[_Union[PartyRole, str]] = ..., position_of_trust: _Optional[bool] = ...) -> None: ...

class InterimMeasure(_message.Message):
    __slots__ = ("name", "type", "state", "scope", "authority", "impose_time", "next_review_time", "last_review_time", "overdue", "not_a_finding", "ratify_by_time", "ratify_time", "end_time", "case")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    AUTHORITY_FIELD_NUMBER: _ClassVar[int]
    IMPOSE_TIME_FIELD_NUMBER: _ClassVar[int]
    NEXT_REVIEW_TIME_FIELD_NUMBER: _ClassVar[int]
    LAST_REVIEW_TIME_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    NOT_A_FINDING_FIELD_NUMBER: _ClassVar[int]
    RATIFY_BY_TIME_FIELD_NUMBER: _ClassVar[int]
    RATIFY_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    CASE_FIELD_NUMBER: _ClassVar[int]
    name: str
    type: str
    state: InterimMeasureState
    scope: str
    authority: str
    impose_time: _timestamp_pb2.Timestamp
    next_review_time: _timestamp_pb2.Timestamp
    last_review_time: _timestamp_pb2.Timestamp
    overdue: bool
    not_a_finding: bool
    ratify_by_time: _timestamp_pb2.Timestamp
    ratify_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    case: str
    def __init__(self, name: _Optional[str] = ..., type: _Optional[str] = ..., state: _Optional[_Union[InterimMeasureState, str]] = ..., scope: _Optional[str] = ..., authority: _Optional[str] = ..., impose_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., next_review_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_review_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., overdue: _Optional[bool] = ..., not_a_finding: _Optional[bool] = ..., ratify_by_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ratify_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., case: _Optional[str] = ...) -> None: ...

class Referral(_message.Message):
    __slots__ = ("name", "agency", "status", "deadline_time", "make_time", "made_by", "reference", "hold_requested", "consent_scopes", "release_type", "overdue")
    NAME_FIELD_NUMBER: _ClassVar[int]
    AGENCY_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_TIME_FIELD_NUMBER: _ClassVar[int]
    MAKE_TIME_FIELD_NUMBER: _ClassVar[int]
    MADE_BY_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    HOLD_REQUESTED_FIELD_NUMBER: _ClassVar[int]
    CONSENT_SCOPES_FIELD_NUMBER: _ClassVar[int]
    RELEASE_TYPE_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    name: str
    agency: str
    status: ReferralStatus
    deadline_time: _timestamp_pb2.Timestamp
    make_time: _timestamp_pb2.Timestamp
    made_by: str
    reference: str
    hold_requested: bool
    consent_scopes: _containers.RepeatedScalarFieldContainer[AgencyConsentScope]
    release_type: AgencyReleaseType
    overdue: bool
    def __init__(self, name: _Optional[str] = ..., agency: _Optional[str] = ..., status: _Optional[_Union[ReferralStatus, str]] = ..., deadline_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., make_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., made_by: _Optional[str] = ..., reference: _Optional[str] = ..., hold_requested: _Optional[bool] = ..., consent_scopes: _Optional[_Iterable[_Union[AgencyConsentScope, str]]] = ..., release_type: _Optional[_Union[AgencyReleaseType, str]] = ..., overdue: _Optional[bool] = ...) -> None: ...

class Evidence(_message.Message):
    __slots__ = ("name", "kind", "description", "sha256", "scanned_clean", "added_by", "add_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    SCANNED_CLEAN_FIELD_NUMBER: _ClassVar[int]
    ADDED_BY_FIELD_NUMBER: _ClassVar[int]
    ADD_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    kind: str
    description: str
    sha256: str
    scanned_clean: bool
    added_by: str
    add_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[str] = ..., description: _Optional[str] = ..., sha256: _Optional[str] = ..., scanned_clean: _Optional[bool] = ..., added_by: _Optional[str] = ..., add_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MandatoryReportingOverride(_message.Message):
    __slots__ = ("reason", "legal_basis", "complainant_inform_time", "complainant_not_informed_reason")
    REASON_FIELD_NUMBER: _ClassVar[int]
    LEGAL_BASIS_FIELD_NUMBER: _ClassVar[int]
    COMPLAINANT_INFORM_TIME_FIELD_NUMBER: _ClassVar[int]
    COMPLAINANT_NOT_INFORMED_REASON_FIELD_NUMBER: _ClassVar[int]
    reason: str
    legal_basis: str
    complainant_inform_time: _timestamp_pb2.Timestamp
    complainant_not_informed_reason: str
    def __init__(self, reason: _Optional[str] = ..., legal_basis: _Optional[str] = ..., complainant_inform_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., complainant_not_informed_reason: _Optional[str] = ...) -> None: ...

class ComplainantConsent(_message.Message):
    __slots__ = ("subject_person", "given_by", "given_by_person", "method", "evidence_ref", "expire_time", "child_views")
    SUBJECT_PERSON_FIELD_NUMBER: _ClassVar[int]
    GIVEN_BY_FIELD_NUMBER: _ClassVar[int]
    GIVEN_BY_PERSON_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_REF_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    CHILD_VIEWS_FIELD_NUMBER: _ClassVar[int]
    subject_person: str
    given_by: ConsentGiver
    given_by_person: str
    method: str
    evidence_ref: str
    expire_time: _timestamp_pb2.Timestamp
    child_views: str
    def __init__(self, subject_person: _Optional[str] = ..., given_by: _Optional[_Union[ConsentGiver, str]] = ..., given_by_person: _Optional[str] = ..., method: _Optional[str] = ..., evidence_ref: _Optional[str] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., child_views: _Optional[str] = ...) -> None: ...

class TermsOfReferenceAnswer(_message.Message):
    __slots__ = ("item_id", "addressed", "reason")
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    ADDRESSED_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    item_id: str
    addressed: bool
    reason: str
    def __init__(self, item_id: _Optional[str] = ..., addressed: _Optional[bool] = ..., reason: _Optional[str] = ...) -> None: ...

class AdvisoryShare(_message.Message):
    __slots__ = ("name", "state", "question", "packet", "members", "expertise", "create_time", "publish_time", "expire_time", "end_time", "advice_count")
    NAME_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    QUESTION_FIELD_NUMBER: _ClassVar[int]
    PACKET_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    EXPERTISE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    PUBLISH_TIME_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    ADVICE_COUNT_FIELD_NUMBER: _ClassVar[int]
    name: str
    state: AdvisoryShareState
    question: str
    packet: AdvisoryPacket
    members: _containers.RepeatedScalarFieldContainer[str]
    expertise: _containers.RepeatedScalarFieldContainer[ExpertiseArea]
    create_time: _timestamp_pb2.Timestamp
    publish_time: _timestamp_pb2.Timestamp
    expire_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    advice_count: int
    def __init__(self, name: _Optional[str] = ..., state: _Optional[_Union[AdvisoryShareState, str]] = ..., question: _Optional[str] = ..., packet: _Optional[_Union[AdvisoryPacket, _Mapping]] = ..., members: _Optional[_Iterable[str]] = ..., expertise: _Optional[_Iterable[_Union[ExpertiseArea, str]]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., publish_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., advice_count: _Optional[int] = ...) -> None: ...

class AdvisoryPacket(_message.Message):
    __slots__ = ("packet_id", "sharing_organisation", "question", "persons", "sport", "geography", "categories", "summary", "chronology", "stage_history", "referral_types", "findings_summary", "options_under_consideration", "rule_set_excerpts")
    PACKET_ID_FIELD_NUMBER: _ClassVar[int]
    SHARING_ORGANISATION_FIELD_NUMBER: _ClassVar[int]
    QUESTION_FIELD_NUMBER: _ClassVar[int]
    PERSONS_FIELD_NUMBER: _ClassVar[int]
    SPORT_FIELD_NUMBER: _ClassVar[int]
    GEOGRAPHY_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    CHRONOLOGY_FIELD_NUMBER: _ClassVar[int]
    STAGE_HISTORY_FIELD_NUMBER: _ClassVar[int]
    REFERRAL_TYPES_FIELD_NUMBER: _ClassVar[int]
    FINDINGS_SUMMARY_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_UNDER_CONSIDERATION_FIELD_NUMBER: _ClassVar[int]
    RULE_SET_EXCERPTS_FIELD_NUMBER: _ClassVar[int]
    packet_id: str
    sharing_organisation: str
    question: str
    persons: _containers.RepeatedCompositeFieldContainer[PacketPerson]
    sport: str
    geography: str
    categories: _containers.RepeatedScalarFieldContainer[str]
    summary: str
    chronology: str
    stage_history: _containers.RepeatedScalarFieldContainer[str]
    referral_types: _containers.RepeatedScalarFieldContainer[str]
    findings_summary: str
    options_under_consideration: str
    rule_set_excerpts: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, packet_id: _Optional[str] = ..., sharing_organisation: _Optional[str] = ..., question: _Optional[str] = ..., persons: _Optional[_Iterable[_Union[PacketPerson, _Mapping]]] = ..., sport: _Optional[str] = ..., geography: _Optional[str] = ..., categories: _Optional[_Iterable[str]] = ..., summary: _Optional[str] = ..., chronology: _Optional[str] = ..., stage_history: _Optional[_Iterable[str]] = ..., referral_types: _Optional[_Iterable[str]] = ..., findings_summary: _Optional[str] = ..., options_under_consideration: _Optional[str] = ..., rule_set_excerpts: _Optional[_Iterable[str]] = ...) -> None: ...

class PacketPerson(_message.Message):
    __slots__ = ("pseudonym", "role", "age_band", "flags", "generic_role")
    PSEUDONYM_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    AGE_BAND_FIELD_NUMBER: _ClassVar[int]
    FLAGS_FIELD_NUMBER: _ClassVar[int]
    GENERIC_ROLE_FIELD_NUMBER: _ClassVar[int]
    pseudonym: str
    role: str
    age_band: str
    flags: _containers.RepeatedScalarFieldContainer[str]
    generic_role: str
    def __init__(self, pseudonym: _Optional[str] = ..., role: _Optional[str] = ..., age_band: _Optional[str] = ..., flags: _Optional[_Iterable[str]] = ..., generic_role: _Optional[str] = ...) -> None: ...

class Advice(_message.Message):
    __slots__ = ("name", "text", "label", "member", "submit_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    SUBMIT_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    text: str
    label: str
    member: str
    submit_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., text: _Optional[str] = ..., label: _Optional[str] = ..., member: _Optional[str] = ..., submit_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
