"""SubmitReport under load against PostgreSQL, beside a raw baseline; event latency end to end.

Run: ``./scripts/uv run python tests/benchmarks/bench_intake.py [--requests N] [--replicas N]``.

The load comes from a separate process (a ``grpc.aio`` client, :data:`CLIENTS` concurrent
callers over a few channels), so that neither server shares its interpreter with the client;
the client's CPU time is reported beside the figures to show it is not the bottleneck. The
servers run as the service runs them: the intake server of ``create_server`` with its default
workers, and the relay as ``safecase up`` runs it (woken by commits, polling as a fallback).
SubmitReport is measured twice: one process, then ``--replicas`` processes behind client-side
round robin, as the chart deploys two replicas. The transport floor is the same server with an
empty SubmitReport. Every load reports the CPU one request costs the machine, the servers, the
database and the client (:class:`CpuMeter`), which shows what bounds the ratio.
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
import psutil
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
from safecase.services.common.grpc_server import MAX_MESSAGE_BYTES, service_server
from safecase.services.common.inbox import InboxConsumer
from safecase.services.common.relay import OutboxRelay, ensure_stream
from safecase.services.intake.app import create_server, default_workers
from safecase.services.intake.servicer import SERVICE_NAME

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
    target: int | str,
    warmup: int,
    requests: int,
    organisation: str | None,
    metadata: tuple[tuple[str, str], ...],
    results: Connection,
) -> None:
    """The client process: warm up, then send ``requests`` calls from :data:`CLIENTS` callers."""

    async def run(count: int) -> tuple[list[float], float]:
        if isinstance(target, int):
            channels = [grpc.aio.insecure_channel(f"127.0.0.1:{target}") for _ in range(CHANNELS)]
        else:  # several servers: each channel balances its calls over all of them
            balanced = [("grpc.lb_policy_name", "round_robin")]
            channels = [
                grpc.aio.insecure_channel(target, options=balanced) for _ in range(CHANNELS)
            ]
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
    results.send("measuring")  # the warm-up is over: the servers' CPU is counted from here
    cpu = time.process_time()
    latencies, wall = asyncio.run(run(requests))
    results.send((latencies, wall, time.process_time() - cpu))
    results.close()


class CpuMeter:
    """CPU seconds spent while the load is measured: the machine's, the servers', the database's.

    On two cores the client, the servers and PostgreSQL share the same CPUs; when the machine
    is busy all the time, throughput is the CPUs divided by the CPU one request costs in all of
    them together, whatever the servers do with their threads or processes. The database's
    share counts the local ``postgres`` processes (none when the server is elsewhere).
    """

    def __init__(self, servers: list[psutil.Process]) -> None:
        self.servers = servers
        self.machine = _busy(psutil.cpu_times())
        self.total = sum(psutil.cpu_times())
        self.server_cpu = [_used(p) for p in servers]
        self.database = _database_cpu()

    def figures(self, requests: int) -> dict[str, float]:
        busy = _busy(psutil.cpu_times()) - self.machine
        total = sum(psutil.cpu_times()) - self.total
        server = sum(_used(p) for p in self.servers) - sum(self.server_cpu)
        database = {pid: cpu - self.database.get(pid, 0.0) for pid, cpu in _database_cpu().items()}
        per_request = 1000 / requests
        return {
            "machine_busy_fraction": busy / total if total else float("nan"),
            "machine_cpu_ms_per_request": busy * per_request,
            "server_cpu_ms_per_request": server * per_request,
            "database_cpu_ms_per_request": sum(database.values()) * per_request,
        }


def _busy(times: Any) -> float:
    return float(sum(times) - times.idle - getattr(times, "iowait", 0.0))


def _used(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


def _database_cpu() -> dict[int, float]:
    found = {}
    for process in psutil.process_iter(["name"]):
        if process.info["name"] == "postgres":
            with contextlib.suppress(psutil.Error):
                found[process.pid] = _used(process)
    return found


def load(
    target: int | str,
    requests: int,
    organisation: str | None,
    metadata: tuple[tuple[str, str], ...] = (),
    warmup: int = CLIENTS * 4,
    servers: list[psutil.Process] | None = None,
) -> dict[str, float]:
    """Figures of ``requests`` SubmitReport calls sent by the client process.

    ``target`` is a port on 127.0.0.1 or a gRPC target of several servers (balanced round
    robin); ``servers`` are the processes serving it (default: this one).
    """
    receiving, sending = multiprocessing.Pipe(duplex=False)
    context = multiprocessing.get_context("spawn")
    client = context.Process(
        target=drive, args=(target, warmup, requests, organisation, metadata, sending)
    )
    client.start()
    sending.close()
    assert receiving.recv() == "measuring"
    meter = CpuMeter(servers or [psutil.Process()])
    latencies, wall, client_cpu = receiving.recv()
    cpu = meter.figures(len(latencies))
    client.join()
    return {
        "requests": len(latencies),
        "throughput_per_s": len(latencies) / wall,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "client_cpu_ms_per_request": client_cpu / len(latencies) * 1000,
        **cpu,
    }


def serve_replica(
    url: str, settings: Settings, secret: str, ports: Any, stop: Any
) -> None:  # pragma: no cover - a child process
    """One replica of the intake service: its own process, engine and server."""
    engine = open_engine(url, pool_size=CLIENTS, max_overflow=4)
    server, port = create_server(Instance(settings, engine=engine), TokenVerifier([secret]))
    server.start()
    ports.put(port)
    stop.wait()
    server.stop(1).wait()
    engine.dispose()


def replicas(
    count: int, url: str, settings: Settings, requests: int, metadata: tuple[tuple[str, str], ...]
) -> dict[str, float]:
    """The load against ``count`` intake processes behind client-side round robin.

    The chart runs two replicas of the intake service; a gRPC client balances its calls over
    them. Here they share the machine with the client and the database.
    """
    context = multiprocessing.get_context("spawn")
    ports, stop = context.Queue(), context.Event()
    processes = [
        context.Process(target=serve_replica, args=(url, settings, SECRET, ports, stop))
        for _ in range(count)
    ]
    for process in processes:
        process.start()
    try:
        bound = [ports.get(timeout=60) for _ in processes]
        target = "ipv4:" + ",".join(f"127.0.0.1:{port}" for port in bound)
        servers = [psutil.Process(process.pid) for process in processes]
        figures = load(target, requests, settings.organisation_id, metadata, servers=servers)
    finally:
        stop.set()
        for process in processes:
            process.join(timeout=30)
    return {"replicas": count, **figures}


class EmptyServicer(intake_service_pb2_grpc.IntakeServiceServicer):
    """SubmitReport answering at once: what the transport and authentication cost alone."""

    def SubmitReport(
        self, request: pb.SubmitReportRequest, context: object
    ) -> pb.SubmitReportResponse:
        return pb.SubmitReportResponse()


def transport_floor(
    organisation: str, requests: int, metadata: tuple[tuple[str, str], ...]
) -> dict[str, float]:
    """The intake service's server (interceptors, token check, workers) with nothing to do."""

    def register(server: grpc.Server) -> None:
        intake_service_pb2_grpc.add_IntakeServiceServicer_to_server(EmptyServicer(), server)

    server, port = service_server(
        SERVICE_NAME,
        register,
        verifier=TokenVerifier([SECRET]),
        organisation_id=organisation,
        address="127.0.0.1:0",
        max_message_bytes=MAX_MESSAGE_BYTES,
    )
    server.start()
    try:
        return load(port, requests, organisation, metadata)
    finally:
        server.stop(1).wait()


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
    parser.add_argument("--replicas", type=int, default=2, help="intake processes, second run")
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
        replica_figures = replicas(args.replicas, url, settings, args.requests, metadata)
        floor_figures = transport_floor(organisation, args.requests, metadata)
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
            "submit_report_replicas": replica_figures,
            "raw_baseline": raw_figures,
            "transport_floor": floor_figures,
            "ratio": safecase_figures["throughput_per_s"] / raw_figures["throughput_per_s"],
            "ratio_replicas": replica_figures["throughput_per_s"] / raw_figures["throughput_per_s"],
            # Both loads keep the machine busy: the ratio it allows is the inverse ratio of the
            # CPU one request costs, client, servers and database together.
            "cpu_bound_ratio": raw_figures["machine_cpu_ms_per_request"]
            / safecase_figures["machine_cpu_ms_per_request"],
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
