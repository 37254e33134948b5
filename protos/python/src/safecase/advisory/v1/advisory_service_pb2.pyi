import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from safecase.advisory.v1 import resources_pb2 as _resources_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateMemberRequest(_message.Message):
    __slots__ = ("member", "request_id")
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    member: _resources_pb2.Member
    request_id: str
    def __init__(self, member: _Optional[_Union[_resources_pb2.Member, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateMemberResponse(_message.Message):
    __slots__ = ("member",)
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    member: _resources_pb2.Member
    def __init__(self, member: _Optional[_Union[_resources_pb2.Member, _Mapping]] = ...) -> None: ...

class GetMemberRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetMemberResponse(_message.Message):
    __slots__ = ("member",)
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    member: _resources_pb2.Member
    def __init__(self, member: _Optional[_Union[_resources_pb2.Member, _Mapping]] = ...) -> None: ...

class ListMembersRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListMembersResponse(_message.Message):
    __slots__ = ("members", "next_page_token")
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    members: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Member]
    next_page_token: str
    def __init__(self, members: _Optional[_Iterable[_Union[_resources_pb2.Member, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class SetMemberAvailabilityRequest(_message.Message):
    __slots__ = ("name", "request_id", "etag", "available")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    etag: str
    available: bool
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., etag: _Optional[str] = ..., available: _Optional[bool] = ...) -> None: ...

class SetMemberAvailabilityResponse(_message.Message):
    __slots__ = ("member",)
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    member: _resources_pb2.Member
    def __init__(self, member: _Optional[_Union[_resources_pb2.Member, _Mapping]] = ...) -> None: ...

class OfferPanelMemberRequest(_message.Message):
    __slots__ = ("parent", "request_id", "panel_offer")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    PANEL_OFFER_FIELD_NUMBER: _ClassVar[int]
    parent: str
    request_id: str
    panel_offer: _resources_pb2.PanelOffer
    def __init__(self, parent: _Optional[str] = ..., request_id: _Optional[str] = ..., panel_offer: _Optional[_Union[_resources_pb2.PanelOffer, _Mapping]] = ...) -> None: ...

class OfferPanelMemberResponse(_message.Message):
    __slots__ = ("panel_offer",)
    PANEL_OFFER_FIELD_NUMBER: _ClassVar[int]
    panel_offer: _resources_pb2.PanelOffer
    def __init__(self, panel_offer: _Optional[_Union[_resources_pb2.PanelOffer, _Mapping]] = ...) -> None: ...

class GetShareRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetShareResponse(_message.Message):
    __slots__ = ("share",)
    SHARE_FIELD_NUMBER: _ClassVar[int]
    share: _resources_pb2.Share
    def __init__(self, share: _Optional[_Union[_resources_pb2.Share, _Mapping]] = ...) -> None: ...

class ListSharesRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "states")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATES_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    states: _containers.RepeatedScalarFieldContainer[_resources_pb2.ShareState]
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., states: _Optional[_Iterable[_Union[_resources_pb2.ShareState, str]]] = ...) -> None: ...

class ListSharesResponse(_message.Message):
    __slots__ = ("shares", "next_page_token")
    SHARES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    shares: _containers.RepeatedCompositeFieldContainer[_resources_pb2.Share]
    next_page_token: str
    def __init__(self, shares: _Optional[_Iterable[_Union[_resources_pb2.Share, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class AllocateShareRequest(_message.Message):
    __slots__ = ("name", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class AllocateShareResponse(_message.Message):
    __slots__ = ("share",)
    SHARE_FIELD_NUMBER: _ClassVar[int]
    share: _resources_pb2.Share
    def __init__(self, share: _Optional[_Union[_resources_pb2.Share, _Mapping]] = ...) -> None: ...

class SubmitAdviceRequest(_message.Message):
    __slots__ = ("parent", "request_id", "advice")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ADVICE_FIELD_NUMBER: _ClassVar[int]
    parent: str
    request_id: str
    advice: _resources_pb2.Advice
    def __init__(self, parent: _Optional[str] = ..., request_id: _Optional[str] = ..., advice: _Optional[_Union[_resources_pb2.Advice, _Mapping]] = ...) -> None: ...

class SubmitAdviceResponse(_message.Message):
    __slots__ = ("advice",)
    ADVICE_FIELD_NUMBER: _ClassVar[int]
    advice: _resources_pb2.Advice
    def __init__(self, advice: _Optional[_Union[_resources_pb2.Advice, _Mapping]] = ...) -> None: ...

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

class ComposeAnswerRequest(_message.Message):
    __slots__ = ("parent", "request_id", "summary", "advice")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ADVICE_FIELD_NUMBER: _ClassVar[int]
    parent: str
    request_id: str
    summary: str
    advice: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, parent: _Optional[str] = ..., request_id: _Optional[str] = ..., summary: _Optional[str] = ..., advice: _Optional[_Iterable[str]] = ...) -> None: ...

class ComposeAnswerResponse(_message.Message):
    __slots__ = ("answer",)
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    answer: _resources_pb2.Answer
    def __init__(self, answer: _Optional[_Union[_resources_pb2.Answer, _Mapping]] = ...) -> None: ...

class VerifyAccessLogRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class VerifyAccessLogResponse(_message.Message):
    __slots__ = ("entries", "intact", "first_broken", "newest_time")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    INTACT_FIELD_NUMBER: _ClassVar[int]
    FIRST_BROKEN_FIELD_NUMBER: _ClassVar[int]
    NEWEST_TIME_FIELD_NUMBER: _ClassVar[int]
    entries: int
    intact: bool
    first_broken: int
    newest_time: _timestamp_pb2.Timestamp
    def __init__(self, entries: _Optional[int] = ..., intact: _Optional[bool] = ..., first_broken: _Optional[int] = ..., newest_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
