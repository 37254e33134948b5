"""Domain events: what every accepted command produced, for the outbox and observers.

Payloads carry ids, codes, states and times only — never names, narratives or contact
details — so an event can cross a process or organisation boundary without leaking content.
"""

from __future__ import annotations

import secrets
import threading
import time
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["EVENT_SCHEMA_VERSION", "DomainEvent", "new_event_id"]

EVENT_SCHEMA_VERSION = 1
Scalar = str | int | bool | None

_last_stamp = 0
_stamp_lock = threading.Lock()


def new_event_id() -> str:
    """A time-ordered id (32 hex digits: nanoseconds, then randomness), increasing within a
    process even when the clock does not move.

    The outbox is relayed in (occurred_at, id) order; events of two commands stamped with the
    same time (a test clock, a coarse clock) must still leave in the order they were made, or a
    consumer applying snapshots could see a later state before an earlier one.
    """
    global _last_stamp
    with _stamp_lock:
        _last_stamp = max(time.time_ns(), _last_stamp + 1)
        stamp = _last_stamp
    return f"{stamp:020x}{secrets.randbits(48):012x}"


class DomainEvent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(default_factory=new_event_id)
    type: str
    version: int = EVENT_SCHEMA_VERSION
    organisation_id: str
    case_id: str
    occurred_at: datetime
    actor_id: str
    actor_role: str
    step: str
    payload: dict[str, Scalar | list[Scalar]] = Field(default_factory=dict)

    @field_validator("payload")
    @classmethod
    def _content_free(cls, value: dict[str, Any]) -> dict[str, Any]:
        for key, item in value.items():
            texts = item if isinstance(item, list) else [item]
            if any(isinstance(t, str) and len(t) > 120 for t in texts):
                raise ValueError(
                    f"payload field {key} looks like free text; events carry ids and codes"
                )
        return value
