"""Domain events: what every accepted command produced, for the outbox and observers.

Payloads carry ids, codes, states and times only — never names, narratives or contact
details — so an event can cross a process or organisation boundary without leaking content.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from safecase.core.people import new_id

__all__ = ["EVENT_SCHEMA_VERSION", "DomainEvent"]

EVENT_SCHEMA_VERSION = 1
Scalar = str | int | bool | None


class DomainEvent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(default_factory=new_id)
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
