"""The one event envelope on the wire (``safecase.events.v1.Event``) and NATS subjects."""

from __future__ import annotations

from typing import Any

from google.protobuf import json_format, struct_pb2, timestamp_pb2

from safecase.core.events import DomainEvent
from safecase.events.v1 import event_pb2

__all__ = ["case_name", "from_wire", "stream_name", "subject_for", "to_wire"]


def case_name(organisation_id: str, case_id: str) -> str:
    return f"organizations/{organisation_id}/cases/{case_id}"


def subject_for(organisation_id: str, event_type: str, collection: str = "cases") -> str:
    """``safecase.<org>.<collection>.<event>`` (STYLE.md)."""
    return f"safecase.{organisation_id}.{collection}.{event_type}"


def stream_name(organisation_id: str) -> str:
    return "SAFECASE_" + organisation_id.upper().replace("-", "_")


def to_wire(
    event: DomainEvent,
    traceparent: str = "",
    tracestate: str = "",
    sealed: dict[str, str] | None = None,
) -> bytes:
    occurred = timestamp_pb2.Timestamp()
    occurred.FromDatetime(event.occurred_at)
    payload = struct_pb2.Struct()
    payload.update(event.payload)
    message = event_pb2.Event(
        id=event.id,
        type=event.type,
        version=event.version,
        organization=event.organisation_id,
        occurred_at=occurred,
        case=case_name(event.organisation_id, event.case_id),
        trace=event_pb2.TraceContext(traceparent=traceparent, tracestate=tracestate),
        actor=event.actor_id,
        actor_role=event.actor_role,
        step=event.step,
        payload=payload,
        sealed=event_pb2.SealedDocument(**sealed) if sealed else None,
    )
    return message.SerializeToString()


def from_wire(data: bytes) -> event_pb2.Event:
    message = event_pb2.Event()
    message.ParseFromString(data)
    return message


def payload_of(message: event_pb2.Event) -> dict[str, Any]:
    result: dict[str, Any] = json_format.MessageToDict(message.payload)
    return result
