"""Traces and metrics of the services, read in memory from the real intake service, PostgreSQL
and NATS JetStream; and how the ``OTEL_*`` variables switch them on.

One trace follows a report from the call through its database transaction and outbox row, the
relay's publication and the consumer's handling. Calls are counted and timed by method and
status; the outbox backlog, the consumers' lag and the overdue deadlines are gauged.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import grpc
import nats
import pytest
from nats.js.errors import NotFoundError
from opentelemetry import trace
from opentelemetry.proto.collector.metrics.v1 import metrics_service_pb2, metrics_service_pb2_grpc
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.test.globals_test import reset_metrics_globals, reset_trace_globals
from opentelemetry.trace import SpanKind
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from safecase.core.persistence.schema import InboxRow, OutboxRow
from safecase.core.states import Role
from safecase.events.v1 import event_pb2
from safecase.intake.v1 import intake_service_pb2 as pb
from safecase.services.common import metrics as names
from safecase.services.common.envelope import stream_name
from safecase.services.common.inbox import InboxConsumer
from safecase.services.common.relay import OutboxRelay, ensure_stream
from safecase.services.common.telemetry import Telemetry, configure_telemetry
from tests.integration.conftest import PARENT, IntakeStack

# The trace is followed through the production database.
ON_POSTGRES = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
SUBMIT = "safecase.intake.v1.IntakeService/SubmitReport"
OTEL_VARIABLES = (
    "OTEL_SDK_DISABLED",
    "OTEL_TRACES_EXPORTER",
    "OTEL_METRICS_EXPORTER",
    "OTEL_LOGS_EXPORTER",
    "OTEL_SERVICE_NAME",
    "OTEL_RESOURCE_ATTRIBUTES",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_PROTOCOL",
    "OTEL_EXPORTER_OTLP_INSECURE",
    "OTEL_TRACES_SAMPLER",
)


@dataclass
class Observed:
    telemetry: Telemetry
    exporter: InMemorySpanExporter
    reader: InMemoryMetricReader

    def spans(self) -> list[ReadableSpan]:
        return list(self.exporter.get_finished_spans())

    def metrics(self) -> dict[str, dict[frozenset[tuple[str, Any]], Any]]:
        """Every metric collected now: its data points by attribute set."""
        found: dict[str, dict[frozenset[tuple[str, Any]], Any]] = {}
        data = self.reader.get_metrics_data()
        assert data is not None
        for resource in data.resource_metrics:
            for scope in resource.scope_metrics:
                for metric in scope.metrics:
                    found[metric.name] = {
                        frozenset((p.attributes or {}).items()): p for p in metric.data.data_points
                    }
        return found


@pytest.fixture
def clean_otel_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in OTEL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    yield
    reset_trace_globals()
    reset_metrics_globals()


@pytest.fixture
def observed(clean_otel_environment: None) -> Iterator[Observed]:
    """Telemetry exported to memory; request it before ``intake`` (the server instruments
    itself with the telemetry configured when it is created)."""
    exporter, reader = InMemorySpanExporter(), InMemoryMetricReader()
    telemetry = configure_telemetry(
        "safecase-intake", span_processors=[SimpleSpanProcessor(exporter)], metric_readers=[reader]
    )
    assert telemetry.enabled
    yield Observed(telemetry, exporter, reader)
    telemetry.shutdown()


def recorder(seen: list[event_pb2.Event]) -> Any:
    def handler(_session: Session, event: event_pb2.Event) -> None:
        seen.append(event)

    return handler


async def relay_and_consume(
    intake: IntakeStack, nats_url: str, *, batch: int = 50, rounds: int | None = None
) -> tuple[list[event_pb2.Event], dict[str, dict[str, str]]]:
    """Publish the outbox, then consume: the events handled and the headers of each message."""
    connection = await nats.connect(nats_url, connect_timeout=2)
    js = connection.jetstream()
    stream = stream_name("org-a")
    with contextlib.suppress(NotFoundError):  # nothing left over from another run
        await js.delete_stream(stream)
    await ensure_stream(js, "org-a")
    try:
        await OutboxRelay(intake.instance.engine, js).publish_pending()
        info = await js.stream_info(stream)
        headers = {}
        for seq in range(1, info.state.messages + 1):
            message = await js.get_msg(stream, seq=seq)
            headers[(message.headers or {})["Nats-Msg-Id"]] = dict(message.headers or {})
        seen: list[event_pb2.Event] = []
        consumer = InboxConsumer(
            intake.instance.engine,
            js,
            stream=stream,
            subject="safecase.org-a.>",
            durable="telemetry-test",
            handler=recorder(seen),
            inbox_row=InboxRow,
        )
        if rounds is None:
            while await consumer.process(batch=batch, timeout=1.0):
                pass
        else:
            for _ in range(rounds):
                await consumer.process(batch=batch, timeout=1.0)
        return seen, headers
    finally:
        await js.delete_stream(stream)
        await connection.close()


def events_of(intake: IntakeStack, case_id: str) -> list[OutboxRow]:
    with Session(intake.instance.engine) as session:
        return list(
            session.scalars(
                select(OutboxRow).where(OutboxRow.case_id == case_id).order_by(OutboxRow.id)
            )
        )


def ids(traceparent: str) -> tuple[int, int]:
    """The trace id and parent span id a ``traceparent`` header names."""
    _version, trace_id, span_id, _flags = traceparent.split("-")
    return int(trace_id, 16), int(span_id, 16)


def statement(span: ReadableSpan) -> str:
    attributes = span.attributes or {}
    return str(attributes.get("db.statement") or attributes.get("db.query.text") or "")


# --- traces ----------------------------------------------------------------------------------


@ON_POSTGRES
def test_one_trace_follows_a_report_from_the_call_to_the_consumer(
    observed: Observed, intake: IntakeStack, nats_url: str
) -> None:
    case = intake.named_case()
    case_id = case.name.rsplit("/", 1)[1]
    (call,) = [s for s in observed.spans() if s.name == SUBMIT]
    assert call.kind is SpanKind.SERVER
    assert call.context is not None
    trace_id, call_span = call.context.trace_id, call.context.span_id

    # The transaction: the outbox row is written inside the call's trace, and keeps it.
    database = [s for s in observed.spans() if s.kind is SpanKind.CLIENT]
    outbox_insert = [s for s in database if "INSERT INTO outbox" in statement(s)]
    assert outbox_insert
    assert {s.context.trace_id for s in outbox_insert if s.context} == {trace_id}
    rows = events_of(intake, case_id)
    assert rows
    assert {ids(row.envelope["trace"]["traceparent"]) for row in rows} == {(trace_id, call_span)}

    seen, headers = asyncio.run(relay_and_consume(intake, nats_url))
    spans = observed.spans()
    event_ids = {row.id for row in rows}

    # The relay's publication continues the call's trace and carries it in the headers.
    producers = {
        (s.attributes or {})["messaging.message.id"]: s
        for s in spans
        if s.kind is SpanKind.PRODUCER and (s.attributes or {})["messaging.message.id"] in event_ids
    }
    assert set(producers) == event_ids
    for event_id, producer in producers.items():
        assert producer.context is not None
        assert producer.context.trace_id == trace_id
        assert producer.parent is not None
        assert producer.parent.span_id == call_span
        assert ids(headers[event_id]["traceparent"]) == (trace_id, producer.context.span_id)

    # The envelope's trace field names the call that caused the event.
    mine = [e for e in seen if e.id in event_ids]
    assert {e.id for e in mine} == event_ids
    assert {ids(e.trace.traceparent) for e in mine} == {(trace_id, call_span)}

    # The consumer handles each event in a CONSUMER span, a child of its publication, and its
    # own database work nests under that span.
    consumers = {
        (s.attributes or {}).get("messaging.message.id"): s
        for s in spans
        if s.kind is SpanKind.CONSUMER
    }
    for event_id, producer in producers.items():
        consumer = consumers[event_id]
        assert consumer.context is not None
        assert producer.context is not None
        assert consumer.context.trace_id == trace_id
        assert consumer.parent is not None
        assert consumer.parent.span_id == producer.context.span_id
        inbox_writes = [
            s
            for s in spans
            if "INSERT INTO inbox" in statement(s)
            and s.parent is not None
            and s.parent.span_id == consumer.context.span_id
        ]
        assert inbox_writes

    # Statements outside any work (the relay polling the outbox) start no trace of their own.
    assert not [s for s in spans if s.kind is SpanKind.CLIENT and s.parent is None]


def test_a_call_continues_the_trace_its_caller_sent(
    observed: Observed, intake: IntakeStack
) -> None:
    caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    request = pb.GetCaseRequest(name=intake.named_case().name)
    intake.stub.GetCase(
        request,
        timeout=20,
        metadata=(
            ("authorization", f"Bearer {intake.token(intake.cast.dsl, Role.DSL)}"),
            ("traceparent", caller),
        ),
    )
    (span,) = [s for s in observed.spans() if s.name.endswith("/GetCase")]
    assert span.context is not None
    assert span.parent is not None
    assert f"{span.context.trace_id:032x}" == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert f"{span.parent.span_id:016x}" == "00f067aa0ba902b7"
    attributes = span.attributes or {}
    assert attributes["rpc.response.status_code"] == "OK"
    assert not [key for key in attributes if key.startswith(("net.", "client.", "network."))]


# --- metrics ---------------------------------------------------------------------------------


@ON_POSTGRES
def test_calls_the_outbox_the_consumers_and_overdue_deadlines_are_measured(
    observed: Observed, intake: IntakeStack, nats_url: str
) -> None:
    s = intake.scenario
    for _ in range(3):
        intake.named_case()
    with pytest.raises(grpc.RpcError):  # no intake type: INVALID_ARGUMENT
        intake.call("SubmitReport", pb.SubmitReportRequest(parent=PARENT, anonymous=True))
    case = s.risk_assessed()
    s.run(
        case,
        "impose_interim_measure",
        Role.CMG,
        type="TEMPORARY_SUSPENSION",
        scope="All coaching",
        reason="Risk to children at the club while the concern is dealt with",
        cmg_decision_id=case.cmg_decisions[-1].id,
        next_review_at=s.clock.now + timedelta(days=14),
        notify_plan="Letter",
    )
    s.clock.advance(days=15)  # past the review date and every acknowledgement deadline
    with Session(intake.instance.engine) as session:
        unsent, oldest = session.execute(
            select(func.count(), func.min(OutboxRow.occurred_at)).where(
                OutboxRow.published_at.is_(None)
            )
        ).one()

    measured = observed.metrics()
    method = {("rpc.system.name", "grpc"), ("rpc.method", SUBMIT)}
    ok = frozenset({*method, ("rpc.response.status_code", "OK")})
    invalid = frozenset({*method, ("rpc.response.status_code", "INVALID_ARGUMENT")})
    assert measured[names.RPC_REQUESTS][ok].value == 3
    assert measured[names.RPC_REQUESTS][invalid].value == 1
    assert measured[names.RPC_DURATION][ok].count == 3
    assert measured[names.RPC_DURATION][ok].sum > 0

    org = frozenset({("safecase.organisation", "org-a")})
    assert unsent >= 1
    assert measured[names.OUTBOX_BACKLOG][org].value == unsent
    assert measured[names.OUTBOX_OLDEST_AGE][org].value == pytest.approx(
        (s.clock.now - oldest).total_seconds()
    )
    overdue = {
        dict(attributes)["safecase.deadline.kind"]: point.value
        for attributes, point in measured[names.DEADLINES_OVERDUE].items()
    }
    assert overdue["ACKNOWLEDGE_REPORT"] == 3  # the three reports nobody acknowledged
    assert overdue["INTERIM_REVIEW"] == 1
    assert sum(overdue.values()) == 4

    # One message consumed of all those published: the rest is the consumer's lag.
    asyncio.run(relay_and_consume(intake, nats_url, batch=1, rounds=1))
    measured = observed.metrics()
    lag = measured[names.CONSUMER_LAG]
    consumer = frozenset(
        {("safecase.stream", "SAFECASE_ORG_A"), ("messaging.consumer.group.name", "telemetry-test")}
    )
    assert lag[consumer].value == unsent - 1
    assert measured[names.OUTBOX_BACKLOG][org].value == 0
    assert measured[names.OUTBOX_OLDEST_AGE][org].value == 0


# --- configuration -----------------------------------------------------------------------------


def test_telemetry_is_off_unless_the_otel_variables_ask_for_it(
    clean_otel_environment: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    telemetry = configure_telemetry("safecase-intake")
    assert not telemetry.enabled
    assert not trace.get_tracer("test").start_span("nothing").is_recording()

    monkeypatch.setenv("OTEL_TRACES_EXPORTER", "console")
    monkeypatch.setenv("OTEL_SDK_DISABLED", "true")
    assert not configure_telemetry("safecase-intake").enabled


class Collector(
    trace_service_pb2_grpc.TraceServiceServicer, metrics_service_pb2_grpc.MetricsServiceServicer
):
    """What an OpenTelemetry Collector's OTLP/gRPC receiver is sent."""

    def __init__(self) -> None:
        self.spans: list[tuple[dict[str, str], str]] = []
        self.metrics: set[str] = set()

    def Export(self, request: Any, context: grpc.ServicerContext) -> Any:
        if isinstance(request, trace_service_pb2.ExportTraceServiceRequest):
            for resource_spans in request.resource_spans:
                resource = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
                for scope in resource_spans.scope_spans:
                    self.spans += [(resource, span.name) for span in scope.spans]
            return trace_service_pb2.ExportTraceServiceResponse()
        for resource_metrics in request.resource_metrics:
            for scope in resource_metrics.scope_metrics:
                self.metrics |= {metric.name for metric in scope.metrics}
        return metrics_service_pb2.ExportMetricsServiceResponse()


def test_the_otel_variables_send_traces_and_metrics_to_a_collector(
    clean_otel_environment: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    collector = Collector()
    server = grpc.server(ThreadPoolExecutor(max_workers=2))
    trace_service_pb2_grpc.add_TraceServiceServicer_to_server(collector, server)  # type: ignore[no-untyped-call]
    metrics_service_pb2_grpc.add_MetricsServiceServicer_to_server(collector, server)  # type: ignore[no-untyped-call]
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        monkeypatch.setenv("OTEL_TRACES_EXPORTER", "otlp")
        monkeypatch.setenv("OTEL_METRICS_EXPORTER", "otlp")
        monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", f"http://127.0.0.1:{port}")
        monkeypatch.setenv("OTEL_SERVICE_NAME", "intake-eu-west")
        monkeypatch.setenv("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=test")
        telemetry = configure_telemetry("safecase-intake")
        assert telemetry.enabled
        assert telemetry.service_name == "intake-eu-west"
        with trace.get_tracer("test").start_as_current_span("a unit of work"):
            assert telemetry.meter_provider is not None
            telemetry.meter_provider.get_meter("test").create_counter("test.units").add(1)
        telemetry.shutdown()  # exports what is buffered
    finally:
        server.stop(None)
    assert {
        "service.name": "intake-eu-west",
        "deployment.environment.name": "test",
    }.items() <= collector.spans[0][0].items()
    assert [name for _, name in collector.spans] == ["a unit of work"]
    assert "test.units" in collector.metrics
