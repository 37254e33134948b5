"""SubmitReport under load against PostgreSQL, beside a raw baseline; event latency end to end.

Run: ``./scripts/uv run python tests/benchmarks/bench_intake.py [--requests N]``.

The load comes from a separate process (a ``grpc.aio`` client, :data:`CLIENTS` concurrent
callers over a few channels), so that neither server shares its interpreter with the client;
the client's CPU time is reported beside the figures to show it is not the bottleneck. The
servers run as the service runs them: the intake server of ``create_server`` with its default
workers, and the relay as ``safecase up`` runs it (woken by commits, polling as a fallback).
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import json
import multiprocessing
import os
import secrets
import statistics
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import grpc
import nats
import psycopg
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from safecase.core.commands import Actor
from safecase.core.crypto import generate_organisation_key
from safecase.core.instance import Instance
from safecase.core.people import Person
from safecase.core.persistence import outbox_signal
from safecase.core.persistence.database import open_engine
from safecase.core.persistence.migrate import upgrade
from safecase.core.persistence.schema import InboxRow, OutboxRow
from safecase.core.settings import Settings
from safecase.core.states import Role
from safecase.events.v1 import event_pb2
from safecase.intake.v1 import intake_service_pb2 as pb
from safecase.intake.v1 import intake_service_pb2_grpc, resources_pb2
from safecase.services.common.auth import TokenIssuer, TokenVerifier
from safecase.services.common.inbox import InboxConsumer
from safecase.services.common.relay import OutboxRelay, ensure_stream
from safecase.services.intake.app import create_server, default_workers

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
RESULTS = Path(__file__).parent / "results"
CLIENTS = 16
CHANNELS = 4  # HTTP/2 connections the clients share, as a client library would
SECRET = secrets.token_hex(16)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def fresh_database() -> str:
    name = f"safecase_bench_{secrets.token_hex(4)}"
    admin = create_engine(f"{SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return name


def drop_database(name: str) -> None:
    admin = create_engine(f"{SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name},
        )
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


def submit_request(organisation: str | None) -> pb.SubmitReportRequest:
    """A named formal report (``None``: the raw baseline's request, a narrative alone)."""
    if organisation is None:
        return pb.SubmitReportRequest(narrative="A concern.")
    return pb.SubmitReportRequest(
        parent=f"organizations/{organisation}",
        request_id=uuid.uuid4().hex,
        narrative="A concern about a coach.",
        intake_type=resources_pb2.INTAKE_TYPE_FORMAL_REPORT,
    )


def drive(
    port: int,
    warmup: int,
    requests: int,
    organisation: str | None,
    metadata: tuple[tuple[str, str], ...],
    results: Connection,
) -> None:
    """The client process: warm up, then send ``requests`` calls from :data:`CLIENTS` callers."""

    async def run(count: int) -> tuple[list[float], float]:
        channels = [grpc.aio.insecure_channel(f"127.0.0.1:{port}") for _ in range(CHANNELS)]
        latencies: list[float] = []

        async def client(stub: intake_service_pb2_grpc.IntakeServiceStub, calls: int) -> None:
            for _ in range(calls):
                request = submit_request(organisation)
                started = time.perf_counter()
                await stub.SubmitReport(request, metadata=metadata, timeout=10)
                latencies.append(time.perf_counter() - started)

        stubs = [intake_service_pb2_grpc.IntakeServiceStub(c) for c in channels]
        started = time.perf_counter()
        await asyncio.gather(
            *(client(stubs[i % CHANNELS], count // CLIENTS) for i in range(CLIENTS))
        )
        wall = time.perf_counter() - started
        for channel in channels:
            await channel.close()
        return latencies, wall

    asyncio.run(run(warmup))
    cpu = time.process_time()
    latencies, wall = asyncio.run(run(requests))
    results.send((latencies, wall, time.process_time() - cpu))
    results.close()


def load(
    port: int,
    requests: int,
    organisation: str | None,
    metadata: tuple[tuple[str, str], ...] = (),
    warmup: int = CLIENTS * 4,
) -> dict[str, float]:
    """Figures of ``requests`` SubmitReport calls sent by the client process."""
    receiving, sending = multiprocessing.Pipe(duplex=False)
    context = multiprocessing.get_context("spawn")
    client = context.Process(
        target=drive, args=(port, warmup, requests, organisation, metadata, sending)
    )
    client.start()
    sending.close()
    server_cpu = time.process_time()
    latencies, wall, client_cpu = receiving.recv()
    server_cpu = time.process_time() - server_cpu  # includes the warm-up: an upper bound
    client.join()
    return {
        "requests": len(latencies),
        "throughput_per_s": len(latencies) / wall,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "client_cpu_ms_per_request": client_cpu / len(latencies) * 1000,
        "server_process_cpu_ms_per_request": server_cpu / len(latencies) * 1000,
    }


class RawServicer(intake_service_pb2_grpc.IntakeServiceServicer):
    """The limit: a gRPC aio server doing one INSERT per request in a transaction."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.pool: asyncio.Queue[psycopg.AsyncConnection] = asyncio.Queue()

    async def open(self) -> None:
        for _ in range(CLIENTS):
            self.pool.put_nowait(await psycopg.AsyncConnection.connect(self.url))

    async def SubmitReport(
        self, request: pb.SubmitReportRequest, context: object
    ) -> pb.SubmitReportResponse:
        connection = await self.pool.get()
        try:
            async with connection.transaction():
                await connection.execute(
                    "INSERT INTO raw_reports (id, narrative, created_at) VALUES (%s, %s, now())",
                    (uuid.uuid4().hex, request.narrative),
                )
        finally:
            self.pool.put_nowait(connection)
        return pb.SubmitReportResponse()


def baseline(database: str, requests: int) -> dict[str, float]:
    url = f"postgresql://postgres@127.0.0.1:5432/{database}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(
            "CREATE TABLE raw_reports (id text primary key, narrative text, created_at timestamptz)"
        )
    ready = threading.Event()
    holder: dict[str, object] = {}

    async def serve() -> None:
        server = grpc.aio.server()
        servicer = RawServicer(url)
        await servicer.open()
        intake_service_pb2_grpc.add_IntakeServiceServicer_to_server(servicer, server)
        holder["port"] = server.add_insecure_port("127.0.0.1:0")
        holder["server"], holder["loop"] = server, asyncio.get_running_loop()
        await server.start()
        ready.set()
        await server.wait_for_termination()

    thread = threading.Thread(target=lambda: asyncio.run(serve()), daemon=True)
    thread.start()
    ready.wait()
    result = load(int(holder["port"]), requests, None)
    loop = holder["loop"]
    server = holder["server"]
    stopping = asyncio.run_coroutine_threadsafe(server.stop(0), loop)  # type: ignore[arg-type, attr-defined]
    with contextlib.suppress(concurrent.futures.CancelledError):  # the loop ends with the server
        stopping.result()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1600)
    parser.add_argument("--events", type=int, default=300)
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    load_before = os.getloadavg()[0]
    database = fresh_database()
    raw_database = fresh_database()
    try:
        url = f"{SERVER}/{database}"
        tmp = Path(tempfile.mkdtemp())
        key = generate_organisation_key(tmp / "org.key")
        organisation = f"bench-{secrets.token_hex(3)}"
        engine = open_engine(url, pool_size=CLIENTS, max_overflow=4)
        upgrade(engine)
        settings = Settings(
            data_dir=tmp,
            organisation_id=organisation,
            organisation_name="Bench",
            plugin="scotland",
            database_url=url,
            key_file=tmp / "org.key",
        )
        instance = Instance(settings, engine=engine, organisation_key=key)
        intake = instance.add_person(Person(name="Ian Take", org_officer=True))
        token = TokenIssuer(SECRET).issue(intake.id, organisation, [Role.INTAKE])
        server, port = create_server(instance, TokenVerifier([SECRET]))
        server.start()
        metadata = (("authorization", f"Bearer {token}"), ("x-safecase-role", "INTAKE"))
        safecase_figures = load(port, args.requests, organisation, metadata)
        server.stop(1).wait()
        raw_figures = baseline(raw_database, args.requests)
        events = asyncio.run(event_latency(instance, organisation, args.events))
        report = {
            "when": datetime.now(UTC).isoformat(),
            "machine": {
                "cpus": os.cpu_count(),
                # other work on the machine skews every figure: the 1-minute load average
                "load_average_before": load_before,
                "load_average_after": os.getloadavg()[0],
            },
            "clients": CLIENTS,
            "server_workers": default_workers(),
            "submit_report": safecase_figures,
            "raw_baseline": raw_figures,
            "ratio": safecase_figures["throughput_per_s"] / raw_figures["throughput_per_s"],
            "event_latency": events,
            "targets": {
                "ratio": ">= 0.6",
                "p99_ms": "<= 50",
                "event_p50_ms": "<= 5",
                "event_p99_ms": "<= 25",
            },
        }
        (RESULTS / "intake.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
        print(json.dumps(report, indent=2))
        engine.dispose()
    finally:
        drop_database(database)
        drop_database(raw_database)


async def event_latency(instance: Instance, organisation: str, count: int) -> dict[str, Any]:
    """From the commit of the change to the consumer's committed effect.

    The commit is stamped by a listener of the outbox signal, which the unit of work calls
    right after its commit returns (before the relay's own wake-up). Also reported: the
    latency from the event's ``occurred_at``, which the lifecycle stamps when the command
    starts, so it adds the command's own work and commit to the figure.
    """
    applied_at: dict[str, tuple[float, float]] = {}  # event id: (applied, occurred)
    committed_at: dict[str, float] = {}
    commits: list[float] = []

    def handler(session: Session, event: event_pb2.Event) -> None:
        return None

    class Timed(InboxConsumer):
        def apply(self, data: bytes) -> bool:
            applied = super().apply(data)  # the effect and the inbox row are committed here
            done = time.time()
            event = event_pb2.Event.FromString(data)
            occurred = event.occurred_at.ToDatetime(tzinfo=UTC).timestamp()
            applied_at[event.id] = (done, occurred)
            return applied

    def submit() -> None:
        outcome = instance.open_case_outcome("submit_report", {"narrative": "A concern."}, actor)
        for event in outcome.events:
            committed_at[event.id] = commits[-1]

    connection = await nats.connect("nats://127.0.0.1:4222")
    js = connection.jetstream()
    stream = await ensure_stream(js, organisation)
    with Session(instance.engine) as session, session.begin():  # only the measured events flow
        session.execute(OutboxRow.__table__.update().values(published_at=datetime.now(UTC)))
    stop = asyncio.Event()
    consumer = Timed(
        instance.engine,
        js,
        stream=stream,
        subject=f"safecase.{organisation}.>",
        durable="bench-latency",
        handler=handler,
        inbox_row=InboxRow,
    )
    await consumer.subscribe()
    stop_stamping = outbox_signal.listen(instance.engine, lambda: commits.append(time.time()))
    tasks = [
        asyncio.create_task(OutboxRelay(instance.engine, js).run(stop)),
        asyncio.create_task(consumer.run(stop)),
    ]
    intake = next(iter(instance.people()))
    actor = Actor(person_id=intake.id, role=Role.INTAKE, organisation_id=organisation)
    for _ in range(count):
        await asyncio.to_thread(submit)
        await asyncio.sleep(0.01)
    deadline = time.monotonic() + 30
    while len(applied_at) < len(committed_at) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    stop.set()
    stop_stamping()
    await asyncio.gather(*tasks, return_exceptions=True)
    await js.delete_stream(stream)
    await connection.close()
    from_commit = [
        done - committed_at[i] for i, (done, _) in applied_at.items() if i in committed_at
    ]
    from_start = [done - occurred for done, occurred in applied_at.values()]
    return {
        "events": len(from_commit),
        "p50_ms": statistics.median(from_commit) * 1000 if from_commit else float("nan"),
        "p99_ms": percentile(from_commit, 99) * 1000 if from_commit else float("nan"),
        "from_command_start": {
            "p50_ms": statistics.median(from_start) * 1000 if from_start else float("nan"),
            "p99_ms": percentile(from_start, 99) * 1000 if from_start else float("nan"),
        },
    }


if __name__ == "__main__":
    main()
