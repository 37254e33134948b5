"""The W3C trace context of the unit of work in progress, kept with the events it writes.

An event is published long after the request that caused it, by another task or process, so
the trace cannot follow it through the call stack: the outbox row keeps it instead. The core
knows nothing of OpenTelemetry; a service binds the context of its current span around a unit
of work (:func:`bound`), and :meth:`CaseStore._outbox` stores it in each row's envelope under
:data:`ENVELOPE_KEY`. Whoever reads an envelope back takes the key out with :func:`split`
before validating the event, which forbids unknown fields.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

__all__ = ["ENVELOPE_KEY", "TraceContext", "bound", "current", "split", "stamped"]

ENVELOPE_KEY = "trace"


@dataclass(frozen=True)
class TraceContext:
    """The ``traceparent`` and ``tracestate`` headers of W3C Trace Context."""

    traceparent: str
    tracestate: str = ""


_CURRENT: ContextVar[TraceContext | None] = ContextVar("safecase_trace_context", default=None)


def current() -> TraceContext | None:
    """The trace context bound to the unit of work in progress, if any."""
    return _CURRENT.get()


@contextmanager
def bound(context: TraceContext | None) -> Iterator[None]:
    """Bind ``context`` for the block: the events written in it carry it."""
    token = _CURRENT.set(context)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def stamped(envelope: dict[str, Any]) -> dict[str, Any]:
    """``envelope`` with the bound trace context added, when one is bound."""
    context = _CURRENT.get()
    if context is not None:
        envelope[ENVELOPE_KEY] = {
            "traceparent": context.traceparent,
            "tracestate": context.tracestate,
        }
    return envelope


def split(envelope: Mapping[str, Any]) -> tuple[dict[str, Any], TraceContext | None]:
    """The event's own fields, and the trace context stored with them (if any)."""
    fields = dict(envelope)
    stored = fields.pop(ENVELOPE_KEY, None)
    if not isinstance(stored, Mapping) or not stored.get("traceparent"):
        return fields, None
    return fields, TraceContext(str(stored["traceparent"]), str(stored.get("tracestate") or ""))
