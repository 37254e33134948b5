import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Expertise(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EXPERTISE_UNSPECIFIED: _ClassVar[Expertise]
    EXPERTISE_HR: _ClassVar[Expertise]
    EXPERTISE_LAW: _ClassVar[Expertise]
    EXPERTISE_SPORTS_GOVERNANCE: _ClassVar[Expertise]
    EXPERTISE_SAFEGUARDING: _ClassVar[Expertise]
    EXPERTISE_LIVED_EXPERIENCE: _ClassVar[Expertise]

class AffiliationKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AFFILIATION_KIND_UNSPECIFIED: _ClassVar[AffiliationKind]
    AFFILIATION_KIND_ORGANIZATION: _ClassVar[AffiliationKind]
    AFFILIATION_KIND_CLUB: _ClassVar[AffiliationKind]

class ShareState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SHARE_STATE_UNSPECIFIED: _ClassVar[ShareState]
    SHARE_STATE_SHARED: _ClassVar[ShareState]
    SHARE_STATE_ADVICE_RECEIVED: _ClassVar[ShareState]
    SHARE_STATE_ANSWERED: _ClassVar[ShareState]
    SHARE_STATE_REVOKED: _ClassVar[ShareState]
    SHARE_STATE_EXPIRED: _ClassVar[ShareState]
    SHARE_STATE_REFUSED: _ClassVar[ShareState]

class AllocationOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ALLOCATION_OUTCOME_UNSPECIFIED: _ClassVar[AllocationOutcome]
    ALLOCATION_OUTCOME_ALLOCATED: _ClassVar[AllocationOutcome]
    ALLOCATION_OUTCOME_EXCLUDED: _ClassVar[AllocationOutcome]
EXPERTISE_UNSPECIFIED: Expertise
EXPERTISE_HR: Expertise
EXPERTISE_LAW: Expertise
EXPERTISE_SPORTS_GOVERNANCE: Expertise
EXPERTISE_SAFEGUARDING: Expertise
EXPERTISE_LIVED_EXPERIENCE: Expertise
AFFILIATION_KIND_UNSPECIFIED: AffiliationKind
AFFILIATION_KIND_ORGANIZATION: AffiliationKind
AFFILIATION_KIND_CLUB: AffiliationKind
SHARE_STATE_UNSPECIFIED: ShareState
SHARE_STATE_SHARED: ShareState
SHARE_STATE_ADVICE_RECEIVED: ShareState
SHARE_STATE_ANSWERED: ShareState
SHARE_STATE_REVOKED: ShareState
SHARE_STATE_EXPIRED: ShareState
SHARE_STATE_REFUSED: ShareState
ALLOCATION_OUTCOME_UNSPECIFIED: AllocationOutcome
ALLOCATION_OUTCOME_ALLOCATED: AllocationOutcome
ALLOCATION_OUTCOME_EXCLUDED: AllocationOutcome

class Member(_message.Message):
    __slots__ = ("name", "subject", "expertise", "available", "affiliations", "create_time", "etag")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    EXPERTISE_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    AFFILIATIONS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    name: str
    subject: str
    expertise: _containers.RepeatedScalarFieldContainer[Expertise]
    available: bool
    affiliations: _containers.RepeatedCompositeFieldContainer[Affiliation]
    create_time: _timestamp_pb2.Timestamp
    etag: str
    def __init__(self, name: _Optional[str] = ..., subject: _Optional[str] = ..., expertise: _Optional[_Iterable[_Union[Expertise, str]]] = ..., available: _Optional[bool] = ..., affiliations: _Optional[_Iterable[_Union[Affiliation, _Mapping]]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class Affiliation(_message.Message):
    __slots__ = ("id", "kind", "organization", "club")
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    CLUB_FIELD_NUMBER: _ClassVar[int]
    id: str
    kind: AffiliationKind
    organization: str
    club: str
    def __init__(self, id: _Optional[str] = ..., kind: _Optional[_Union[AffiliationKind, str]] = ..., organization: _Optional[str] = ..., club: _Optional[str] = ...) -> None: ...

class Share(_message.Message):
    __slots__ = ("name", "state", "requested_expertise", "receive_time", "expire_time", "packet", "allocations", "organization", "label")
    NAME_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_EXPERTISE_FIELD_NUMBER: _ClassVar[int]
    RECEIVE_TIME_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    PACKET_FIELD_NUMBER: _ClassVar[int]
    ALLOCATIONS_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    name: str
    state: ShareState
    requested_expertise: _containers.RepeatedScalarFieldContainer[Expertise]
    receive_time: _timestamp_pb2.Timestamp
    expire_time: _timestamp_pb2.Timestamp
    packet: Packet
    allocations: _containers.RepeatedCompositeFieldContainer[Allocation]
    organization: str
    label: str
    def __init__(self, name: _Optional[str] = ..., state: _Optional[_Union[ShareState, str]] = ..., requested_expertise: _Optional[_Iterable[_Union[Expertise, str]]] = ..., receive_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., packet: _Optional[_Union[Packet, _Mapping]] = ..., allocations: _Optional[_Iterable[_Union[Allocation, _Mapping]]] = ..., organization: _Optional[str] = ..., label: _Optional[str] = ...) -> None: ...

class Packet(_message.Message):
    __slots__ = ("packet_id", "sharing_organization", "question", "persons", "sport", "geography", "categories", "summary", "chronology", "stage_history", "referral_types", "findings_summary", "options_under_consideration", "rule_set_excerpts")
    PACKET_ID_FIELD_NUMBER: _ClassVar[int]
    SHARING_ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
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
    sharing_organization: str
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
    def __init__(self, packet_id: _Optional[str] = ..., sharing_organization: _Optional[str] = ..., question: _Optional[str] = ..., persons: _Optional[_Iterable[_Union[PacketPerson, _Mapping]]] = ..., sport: _Optional[str] = ..., geography: _Optional[str] = ..., categories: _Optional[_Iterable[str]] = ..., summary: _Optional[str] = ..., chronology: _Optional[str] = ..., stage_history: _Optional[_Iterable[str]] = ..., referral_types: _Optional[_Iterable[str]] = ..., findings_summary: _Optional[str] = ..., options_under_consideration: _Optional[str] = ..., rule_set_excerpts: _Optional[_Iterable[str]] = ...) -> None: ...

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

class Allocation(_message.Message):
    __slots__ = ("member", "outcome", "expertise", "reason", "affiliation", "decide_time")
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    EXPERTISE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    AFFILIATION_FIELD_NUMBER: _ClassVar[int]
    DECIDE_TIME_FIELD_NUMBER: _ClassVar[int]
    member: str
    outcome: AllocationOutcome
    expertise: Expertise
    reason: str
    affiliation: str
    decide_time: _timestamp_pb2.Timestamp
    def __init__(self, member: _Optional[str] = ..., outcome: _Optional[_Union[AllocationOutcome, str]] = ..., expertise: _Optional[_Union[Expertise, str]] = ..., reason: _Optional[str] = ..., affiliation: _Optional[str] = ..., decide_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Advice(_message.Message):
    __slots__ = ("name", "member", "opinion", "recommendations", "guidance_references", "submit_time", "label")
    NAME_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    OPINION_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATIONS_FIELD_NUMBER: _ClassVar[int]
    GUIDANCE_REFERENCES_FIELD_NUMBER: _ClassVar[int]
    SUBMIT_TIME_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    name: str
    member: str
    opinion: str
    recommendations: _containers.RepeatedScalarFieldContainer[str]
    guidance_references: _containers.RepeatedScalarFieldContainer[str]
    submit_time: _timestamp_pb2.Timestamp
    label: str
    def __init__(self, name: _Optional[str] = ..., member: _Optional[str] = ..., opinion: _Optional[str] = ..., recommendations: _Optional[_Iterable[str]] = ..., guidance_references: _Optional[_Iterable[str]] = ..., submit_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., label: _Optional[str] = ...) -> None: ...

class Answer(_message.Message):
    __slots__ = ("name", "summary", "advice", "compose_time", "event_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ADVICE_FIELD_NUMBER: _ClassVar[int]
    COMPOSE_TIME_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    summary: str
    advice: _containers.RepeatedScalarFieldContainer[str]
    compose_time: _timestamp_pb2.Timestamp
    event_id: str
    def __init__(self, name: _Optional[str] = ..., summary: _Optional[str] = ..., advice: _Optional[_Iterable[str]] = ..., compose_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., event_id: _Optional[str] = ...) -> None: ...

class PanelOffer(_message.Message):
    __slots__ = ("name", "organization", "member_reference", "available_from", "available_until", "member_type", "external", "safeguarding_knowledge", "create_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
    MEMBER_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FROM_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_UNTIL_FIELD_NUMBER: _ClassVar[int]
    MEMBER_TYPE_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_FIELD_NUMBER: _ClassVar[int]
    SAFEGUARDING_KNOWLEDGE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    organization: str
    member_reference: str
    available_from: _timestamp_pb2.Timestamp
    available_until: _timestamp_pb2.Timestamp
    member_type: str
    external: bool
    safeguarding_knowledge: bool
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., organization: _Optional[str] = ..., member_reference: _Optional[str] = ..., available_from: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., available_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., member_type: _Optional[str] = ..., external: _Optional[bool] = ..., safeguarding_knowledge: _Optional[bool] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
