"""What the services measure: calls, the outbox, consumers and overdue deadlines.

The names and attributes are the contract with dashboards and alerts (docs/observability.md).
Call metrics and the consumers' lag are taken on the global meter provider at the moment they
are recorded, so they count into whatever provider
:func:`~safecase.services.common.telemetry.configure_telemetry` installed and cost nothing
without one. The outbox and deadline gauges read the database, so they exist only when metrics
are exported: :class:`InstanceGauges` is created by the configured telemetry.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections import Counter as Tally
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from opentelemetry import metrics
from opentelemetry.instrumentation.utils import suppress_instrumentation
from opentelemetry.metrics import CallbackOptions, Counter, Histogram, Meter, Observation
from opentelemetry.metrics import MeterProvider as ApiMeterProvider
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from safecase.core.deadlines import DeadlineKind, deadlines_of
from safecase.core.errors import CaseErased
from safecase.core.instance import Instance
from safecase.core.persistence.schema import OutboxRow
from safecase.core.states import TERMINAL_STATES

__all__ = [
    "CONSUMER_LAG",
    "DEADLINES_OVERDUE",
    "OUTBOX_BACKLOG",
    "OUTBOX_OLDEST_AGE",
    "RPC_DURATION",
    "RPC_REQUESTS",
    "CallInstruments",
    "InstanceGauges",
    "call_instruments",
    "overdue_deadlines",
    "record_consumer_lag",
]

log = logging.getLogger("safecase.metrics")
SCOPE = "safecase.services"

RPC_REQUESTS = "safecase.rpc.server.requests"
RPC_DURATION = "rpc.server.call.duration"
OUTBOX_BACKLOG = "safecase.outbox.backlog"
OUTBOX_OLDEST_AGE = "safecase.outbox.oldest_age"
CONSUMER_LAG = "safecase.consumer.lag"
DEADLINES_OVERDUE = "safecase.deadlines.overdue"

ORGANISATION = "safecase.organisation"
DEADLINE_KIND = "safecase.deadline.kind"
STREAM = "safecase.stream"
CONSUMER = "messaging.consumer.group.name"

# Seconds; the boundaries OpenTelemetry's semantic conventions advise for call durations.
DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10)
_TERMINAL = frozenset(state.value for state in TERMINAL_STATES)


@dataclass(frozen=True)
class CallInstruments:
    requests: Counter
    duration: Histogram


_calls: tuple[ApiMeterProvider, CallInstruments] | None = None
_calls_lock = threading.Lock()


def call_instruments() -> CallInstruments:
    """The call instruments of the global meter provider (made once per provider)."""
    global _calls
    provider = metrics.get_meter_provider()
    cached = _calls
    if cached is not None and cached[0] is provider:
        return cached[1]
    with _calls_lock:
        meter = provider.get_meter(SCOPE)
        made = CallInstruments(
            requests=meter.create_counter(
                RPC_REQUESTS, unit="{request}", description="Calls served, by method and status."
            ),
            duration=meter.create_histogram(
                RPC_DURATION,
                unit="s",
                description="Time to serve a call, by method and status.",
                explicit_bucket_boundaries_advisory=DURATION_BUCKETS,
            ),
        )
        _calls = (provider, made)
        return made


# The consumers' last known lag, by (stream, durable consumer); read by the lag gauge.
_LAG: dict[tuple[str, str], int] = {}


def record_consumer_lag(stream: str, consumer: str, pending: int) -> None:
    """Note how many messages still wait for ``consumer`` after the one it just received."""
    _LAG[(stream, consumer)] = pending


def overdue_deadlines(instance: Instance) -> Tally[DeadlineKind]:
    """How many deadlines of each kind are overdue now, over the instance's open cases.

    The rules are the core's (:func:`~safecase.core.deadlines.deadlines_of`), so the gauge
    agrees with the overdue listing and the case view.
    """
    now = instance.clock()
    rule_set = instance.plugins.rule_set
    found: Tally[DeadlineKind] = Tally()
    with instance.unit() as unit:
        for summary in unit.store.list(limit=sys.maxsize):
            if summary.state in _TERMINAL:
                continue
            try:
                case = unit.store.get(summary.id)
            except CaseErased:
                continue
            found.update(d.kind for d in deadlines_of(case, rule_set, now) if d.overdue)
    return found


class InstanceGauges:
    """The gauges that read an instance's database: the outbox and overdue deadlines.

    Each reading queries the database when the metrics are collected (once an export
    interval), with tracing suppressed: a reading is not part of any request's trace. An
    organisation whose reading fails is left out of that collection and the failure logged.
    """

    def __init__(self, meter: Meter) -> None:
        # Held until the telemetry shuts down, so its last export still reads them.
        self._instances: list[Instance] = []
        self._lock = threading.Lock()
        meter.create_observable_gauge(
            OUTBOX_BACKLOG,
            callbacks=[self._backlog],
            unit="{event}",
            description="Events written to the outbox and not yet published.",
        )
        meter.create_observable_gauge(
            OUTBOX_OLDEST_AGE,
            callbacks=[self._oldest_age],
            unit="s",
            description="Age of the oldest event not yet published (0 when none waits).",
        )
        meter.create_observable_gauge(
            CONSUMER_LAG,
            callbacks=[self._lag],
            unit="{message}",
            description="Messages in the stream still waiting for the consumer.",
        )
        meter.create_observable_gauge(
            DEADLINES_OVERDUE,
            callbacks=[self._overdue],
            unit="{deadline}",
            description="Overdue deadlines of open cases, by kind (e.g. INTERIM_REVIEW).",
        )

    def observe(self, instance: Instance) -> None:
        with self._lock:
            if all(known is not instance for known in self._instances):
                self._instances.append(instance)

    def forget(self) -> None:
        with self._lock:
            self._instances = []

    def _each(self) -> Iterator[tuple[Instance, str]]:
        with self._lock:
            instances = list(self._instances)
        for instance in instances:
            yield instance, instance.settings.organisation_id

    def _outbox(self) -> Iterator[tuple[str, int, float]]:
        """(organisation, unsent events, age in seconds of the oldest) of each instance."""
        for instance, organisation in self._each():
            try:
                with suppress_instrumentation(), Session(instance.engine) as session:
                    count, oldest = session.execute(
                        select(func.count(), func.min(OutboxRow.occurred_at)).where(
                            OutboxRow.organisation_id == organisation,
                            OutboxRow.published_at.is_(None),
                        )
                    ).one()
            except Exception as exc:  # the database is away: no reading this time
                log.warning("outbox gauge of %s: %s", organisation, type(exc).__name__)
                continue
            yield organisation, int(count or 0), _age(instance.clock(), oldest)

    def _backlog(self, _options: CallbackOptions) -> Iterable[Observation]:
        return [Observation(n, {ORGANISATION: org}) for org, n, _ in self._outbox()]

    def _oldest_age(self, _options: CallbackOptions) -> Iterable[Observation]:
        return [Observation(age, {ORGANISATION: org}) for org, _, age in self._outbox()]

    @staticmethod
    def _lag(_options: CallbackOptions) -> Iterable[Observation]:
        return [
            Observation(pending, {STREAM: stream, CONSUMER: consumer})
            for (stream, consumer), pending in sorted(_LAG.items())
        ]

    def _overdue(self, _options: CallbackOptions) -> Iterable[Observation]:
        observations: list[Observation] = []
        for instance, organisation in self._each():
            try:
                with suppress_instrumentation():
                    found = overdue_deadlines(instance)
            except Exception as exc:
                log.warning("deadline gauge of %s: %s", organisation, type(exc).__name__)
                continue
            observations += [
                Observation(found[kind], {ORGANISATION: organisation, DEADLINE_KIND: kind.value})
                for kind in DeadlineKind
            ]
        return observations


def _age(now: datetime, oldest: datetime | None) -> float:
    if oldest is None:
        return 0.0
    return max(0.0, (now - oldest).total_seconds())
