"""OpenTelemetry for the services: one call at start-up, and one trace from a call to the
consumers of the events it wrote.

A service configures telemetry once, before it builds its server, and shuts it down last::

    telemetry = configure_telemetry("safecase-intake")
    server, port = create_server(instance, verifier, address)   # instruments itself
    ...
    telemetry.shutdown()   # flushes what is still buffered

Nothing is exported, and nothing is installed, unless the standard ``OTEL_*`` variables ask for
it (``OTEL_TRACES_EXPORTER``, ``OTEL_METRICS_EXPORTER``; ``OTEL_SDK_DISABLED=true`` turns all
off); the exporters, endpoint, resource and sampler are then read by the OpenTelemetry SDK
itself. Without it every span and measurement below is the OpenTelemetry API's no-op.

How a trace crosses the event backbone: the call's span is bound as the unit of work's trace
context (:mod:`safecase.core.trace_context`), which the outbox row stores; the relay publishes
the event in a PRODUCER span that continues that context (:func:`publishing`) and carries it on
in the message headers and the envelope's ``trace`` field; a consumer handles the event in a
CONSUMER span that continues it (:func:`consuming`).
"""

from __future__ import annotations

import logging
import os
import threading
import weakref
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from nats.aio.msg import Msg
from opentelemetry import metrics, propagate, trace
from opentelemetry.context import Context
from opentelemetry.sdk._configuration import _get_exporter_names, _import_exporters
from opentelemetry.sdk.environment_variables import OTEL_SDK_DISABLED
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import MetricReader, PeriodicExportingMetricReader
from opentelemetry.sdk.resources import SERVICE_NAME, OTELResourceDetector, Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import (
    Decision,
    Sampler,
    SamplingResult,
    _get_from_env_or_default,
)
from opentelemetry.trace import Link, SpanKind, Status, StatusCode
from opentelemetry.util.types import Attributes
from sqlalchemy import Engine

from safecase.core import trace_context
from safecase.core.instance import Instance
from safecase.core.settings import ConfigurationError
from safecase.core.trace_context import TraceContext
from safecase.services.common.envelope import from_wire
from safecase.services.common.metrics import SCOPE, InstanceGauges, record_consumer_lag

__all__ = [
    "Carried",
    "Telemetry",
    "configure_telemetry",
    "consuming",
    "current_telemetry",
    "current_trace_context",
    "instrument_instance",
    "publishing",
    "tracer",
]

log = logging.getLogger("safecase.telemetry")

MESSAGING_SYSTEM = "nats"


class Telemetry:
    """The providers a process exports through, or none when telemetry is off."""

    def __init__(
        self,
        service_name: str,
        tracer_provider: TracerProvider | None = None,
        meter_provider: MeterProvider | None = None,
    ) -> None:
        self.service_name = service_name
        self.tracer_provider = tracer_provider
        self.meter_provider = meter_provider
        self._gauges = InstanceGauges(meter_provider.get_meter(SCOPE)) if meter_provider else None
        self._engines: weakref.WeakSet[Engine] = weakref.WeakSet()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.tracer_provider is not None or self.meter_provider is not None

    def instrument(self, instance: Instance) -> None:
        """Trace the instance's database statements and gauge its outbox and deadlines."""
        if self.tracer_provider is not None:
            self._trace_engine(instance.engine)
        if self._gauges is not None:
            self._gauges.observe(instance)

    def _trace_engine(self, engine: Engine) -> None:
        from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer

        assert self.tracer_provider is not None
        with self._lock:
            if engine in self._engines:
                return
            self._engines.add(engine)
        meter = (self.meter_provider or metrics.NoOpMeterProvider()).get_meter(SCOPE)
        connections = meter.create_up_down_counter(
            "db.client.connections.usage", unit="{connection}"
        )
        # Per engine rather than SQLAlchemyInstrumentor, which patches create_engine globally
        # and instruments only once per process.
        tracer_ = self.tracer_provider.get_tracer("safecase.database")
        EngineTracer(tracer_, engine, connections)  # type: ignore[no-untyped-call]

    def force_flush(self, timeout_millis: int = 10_000) -> bool:
        """Export what is buffered now; ``False`` if it did not finish in time."""
        done = True
        if self.tracer_provider is not None:
            done = self.tracer_provider.force_flush(timeout_millis) and done
        if self.meter_provider is not None:
            done = self.meter_provider.force_flush(timeout_millis) and done
        return done

    def shutdown(self) -> None:
        """Flush and stop the exporters; telemetry is off afterwards."""
        global _current
        if self.tracer_provider is not None:
            self.tracer_provider.shutdown()
        if self.meter_provider is not None:
            self.meter_provider.shutdown()
        if self._gauges is not None:
            self._gauges.forget()
        with _configure_lock:
            if _current is self:
                _current = _OFF


_OFF = Telemetry("off")
_current = _OFF
_configure_lock = threading.Lock()


def configure_telemetry(
    service_name: str,
    *,
    span_processors: Sequence[SpanProcessor] = (),
    metric_readers: Sequence[MetricReader] = (),
) -> Telemetry:
    """Install the tracer and meter providers the ``OTEL_*`` variables ask for.

    ``service_name`` is the default of ``service.name``; ``OTEL_SERVICE_NAME`` and
    ``OTEL_RESOURCE_ATTRIBUTES`` override it. ``span_processors`` and ``metric_readers`` are
    added to what the environment configures (tests read spans and metrics in memory).

    Call it once per process, before the server is created: OpenTelemetry's global providers
    can be set only once, so a second call returns the telemetry already configured.
    """
    global _current
    with _configure_lock:
        if _current.enabled:
            log.warning("telemetry is already configured for %s", _current.service_name)
            return _current
        if _flag(OTEL_SDK_DISABLED):
            return _OFF
        # The SDK's own reading of OTEL_*_EXPORTER (entry points, OTLP protocol), as its
        # auto-configuration does; that would install providers without the readers given here.
        try:
            span_exporters, metric_exporters, _ = _import_exporters(
                _get_exporter_names("traces"), _get_exporter_names("metrics"), []
            )
        except RuntimeError as error:  # an exporter or protocol that is not installed
            raise ConfigurationError(f"OpenTelemetry: {error}") from None
        processors = [
            *span_processors,
            *(BatchSpanProcessor(exporter()) for exporter in span_exporters.values()),
        ]
        readers = [*metric_readers]
        for kind in metric_exporters.values():
            if issubclass(kind, MetricReader):
                readers.append(kind())
            else:
                readers.append(PeriodicExportingMetricReader(kind()))
        if not processors and not readers:
            return _OFF
        # The given name is only a default: the environment's service.name wins over it.
        resource = Resource.create({SERVICE_NAME: service_name}).merge(
            OTELResourceDetector().detect()
        )
        tracer_provider = meter_provider = None
        if processors:
            tracer_provider = TracerProvider(
                resource=resource, sampler=WithinWork(_get_from_env_or_default())
            )
            for processor in processors:
                tracer_provider.add_span_processor(processor)
            trace.set_tracer_provider(tracer_provider)
        if readers:
            meter_provider = MeterProvider(resource=resource, metric_readers=readers)
            metrics.set_meter_provider(meter_provider)
        _current = Telemetry(
            str(resource.attributes.get(SERVICE_NAME, service_name)),
            tracer_provider,
            meter_provider,
        )
        return _current


def current_telemetry() -> Telemetry:
    """The configured telemetry, or a switched-off one."""
    return _current


def instrument_instance(instance: Instance) -> None:
    """Instrument an instance a server serves (nothing when telemetry is off)."""
    _current.instrument(instance)


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() == "true"


class WithinWork(Sampler):
    """Samples as ``delegate`` does, except client spans that start a trace of their own.

    Those are database statements outside any call, publication or consumption: the relay
    polling the outbox, the gauges reading it. Traced, they would bury the traces of real work
    under one single-span trace per poll.
    """

    def __init__(self, delegate: Sampler) -> None:
        self.delegate = delegate

    def should_sample(
        self,
        parent_context: Context | None,
        trace_id: int,
        name: str,
        kind: SpanKind | None = None,
        attributes: Attributes = None,
        links: Sequence[Link] | None = None,
        trace_state: trace.TraceState | None = None,
    ) -> SamplingResult:
        if kind is SpanKind.CLIENT and not _has_parent(parent_context):
            return SamplingResult(Decision.DROP)
        return self.delegate.should_sample(
            parent_context, trace_id, name, kind, attributes, links, trace_state
        )

    def get_description(self) -> str:
        return f"WithinWork{{{self.delegate.get_description()}}}"


def _has_parent(context: Context | None) -> bool:
    return trace.get_current_span(context).get_span_context().is_valid


def tracer() -> trace.Tracer:
    """The services' tracer, from the global provider at the time of use."""
    return trace.get_tracer(SCOPE)


def current_trace_context() -> TraceContext | None:
    """The W3C trace context of the current span, as a propagator writes it."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    traceparent = carrier.get("traceparent")
    if not traceparent:
        return None
    return TraceContext(traceparent, carrier.get("tracestate", ""))


def _context_of(stored: TraceContext | None) -> Context | None:
    if stored is None:
        return None
    carrier = {"traceparent": stored.traceparent}
    if stored.tracestate:
        carrier["tracestate"] = stored.tracestate
    return propagate.extract(carrier, context=Context())


@dataclass(frozen=True)
class Carried:
    """What carries a trace with a published event: message headers and envelope fields."""

    headers: dict[str, str] = field(default_factory=dict)
    traceparent: str = ""
    tracestate: str = ""


@contextmanager
def publishing(subject: str, event_id: str, stored: TraceContext | None) -> Iterator[Carried]:
    """A PRODUCER span continuing the trace stored with the event.

    The headers carry the span itself on (so consumers nest under the publication); the
    envelope keeps the context of the call that caused the event, or the span's when the event
    was written outside any traced call.
    """
    attributes = {
        "messaging.system": MESSAGING_SYSTEM,
        "messaging.operation.type": "send",
        "messaging.destination.name": subject,
        "messaging.message.id": event_id,
    }
    with _span(f"publish {subject}", SpanKind.PRODUCER, _context_of(stored), attributes):
        headers: dict[str, str] = {}
        propagate.inject(headers)
        origin = stored or current_trace_context()
        yield Carried(
            {k: v for k, v in headers.items() if k in ("traceparent", "tracestate")},
            origin.traceparent if origin else "",
            origin.tracestate if origin else "",
        )


@contextmanager
def consuming(message: Msg) -> Iterator[None]:
    """A CONSUMER span continuing the trace the message carries, around its handling.

    The context comes from the message headers, or from the envelope's ``trace`` field when
    the message came without them. The span is also bound as the unit of work's trace context,
    so events the handler writes continue the same trace. The consumer's lag is noted from the
    message's JetStream metadata.
    """
    stored = _carried_by(message)
    attributes: dict[str, str | int] = {
        "messaging.system": MESSAGING_SYSTEM,
        "messaging.operation.type": "process",
        "messaging.destination.name": message.subject,
    }
    event_id = (message.headers or {}).get("Nats-Msg-Id")
    if event_id:
        attributes["messaging.message.id"] = event_id
    metadata = _metadata(message)
    if metadata is not None:
        attributes["messaging.consumer.group.name"] = metadata.consumer
        record_consumer_lag(metadata.stream, metadata.consumer, metadata.num_pending)
    parent = _context_of(stored)
    with (
        _span(f"process {message.subject}", SpanKind.CONSUMER, parent, attributes),
        trace_context.bound(current_trace_context() or stored),
    ):
        yield


def _carried_by(message: Msg) -> TraceContext | None:
    headers = message.headers or {}
    if headers.get("traceparent"):
        return TraceContext(headers["traceparent"], headers.get("tracestate", ""))
    try:
        carried = from_wire(message.data).trace
    except Exception:  # not an envelope: a trace of its own
        return None
    return TraceContext(carried.traceparent, carried.tracestate) if carried.traceparent else None


def _metadata(message: Msg) -> Msg.Metadata | None:
    try:
        return message.metadata
    except Exception:  # a plain NATS message: no stream, no lag
        return None


@contextmanager
def _span(
    name: str, kind: SpanKind, parent: Context | None, attributes: Mapping[str, Any]
) -> Iterator[trace.Span]:
    """A current span that records a failure by type only: exception messages may quote
    content, and spans leave the organisation."""
    with tracer().start_as_current_span(
        name,
        context=parent,
        kind=kind,
        attributes=dict(attributes),
        record_exception=False,
        set_status_on_exception=False,
    ) as span:
        try:
            yield span
        except BaseException as exc:
            span.set_attribute("error.type", type(exc).__qualname__)
            span.set_status(Status(StatusCode.ERROR))
            raise
