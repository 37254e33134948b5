"""The embedded stack: ``safecase up``, ``safecase token`` and ``safecase stack-demo``,
registered into the ``safecase`` command line through the entry-point group ``safecase.cli``.

``safecase up`` needs no installed server: it creates the instance if the data directory has
none (SQLite, keys, migrations), starts a ``nats-server`` child process with JetStream storing
under the data directory, the intake service, and the outbox relay; prints the endpoints; and
stops everything cleanly on Ctrl-C or SIGTERM. The same pieces run against PostgreSQL and an
external NATS through configuration (``SAFECASE_DATABASE_URL``, ``SAFECASE_NATS_URL``).
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import grpc
import nats
import typer

from safecase.core.cli_instance import DataDirOption, data_dir, given_data_dir, initialise
from safecase.core.cli_output import say
from safecase.core.instance import Instance
from safecase.core.plugins import available_plugins
from safecase.core.settings import CONFIG_FILE, Settings
from safecase.core.states import Role
from safecase.services.common.auth import TokenIssuer, TokenVerifier
from safecase.services.common.embedded_nats import EmbeddedNats
from safecase.services.common.relay import OutboxRelay, ensure_stream
from safecase.services.intake.app import create_server

__all__ = ["Stack", "dev_secret", "register"]

DEV_SECRET_FILE = "keys/dev-jwt.secret"  # noqa: S105  (a file name, not a secret)


def dev_secret(directory: Path) -> str:
    """The embedded stack's token secret (created once, mode 0600); never used in production."""
    path = directory / DEV_SECRET_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text(encoding="ascii").strip()


@dataclass
class Stack:
    """NATS (embedded or external), the intake server and the relay, run together."""

    directory: Path
    intake_address: str = "127.0.0.1:50051"
    nats_url: str | None = None
    nats: EmbeddedNats | None = None
    server: grpc.Server | None = None
    intake_port: int = 0
    _stop: asyncio.Event | None = None
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None
    _ready: threading.Event = field(default_factory=threading.Event)
    _errors: list[BaseException] = field(default_factory=list)

    def start(self, instance: Instance) -> None:
        if self.nats_url is None:
            self.nats = EmbeddedNats(self.directory / "nats")
            self.nats.start()
            self.nats_url = self.nats.url
        verifier = TokenVerifier([dev_secret(self.directory)])
        self.server, self.intake_port = create_server(instance, verifier, self.intake_address)
        self.server.start()
        self._thread = threading.Thread(target=self._run_relay, args=(instance,), daemon=True)
        self._thread.start()
        self._ready.wait(timeout=15)
        if self._errors:
            self.stop()
            raise self._errors[0]

    def _run_relay(self, instance: Instance) -> None:
        async def main() -> None:
            self._loop = asyncio.get_running_loop()
            self._stop = asyncio.Event()
            assert self.nats_url is not None
            connection = await nats.connect(
                self.nats_url,
                max_reconnect_attempts=-1,
                reconnect_time_wait=0.5,
                error_cb=_quiet,
                disconnected_cb=_nothing,
            )
            js = connection.jetstream()
            await ensure_stream(js, instance.settings.organisation_id)
            self._ready.set()
            try:
                await OutboxRelay(instance.engine, js).run(self._stop)
            finally:
                await connection.close()

        try:
            asyncio.run(main())
        except BaseException as exc:  # reported by start(); the stack then stops
            self._errors.append(exc)
            self._ready.set()

    def stop(self, grace: float = 5.0) -> None:
        if self.server is not None:
            self.server.stop(grace).wait()
            self.server = None
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self.nats is not None:
            self.nats.stop()


def up(
    ctx: typer.Context,
    directory: DataDirOption = None,
    plugin: Annotated[str, typer.Option(help="Plugin of a new instance.")] = "scotland",
    organisation_id: Annotated[
        str, typer.Option(help="Organisation id of a new instance.")
    ] = "org-a",
    name: Annotated[
        str, typer.Option(help="Organisation name of a new instance.")
    ] = "Example Sport",
    address: Annotated[
        str, typer.Option(help="Address of the intake service.")
    ] = "127.0.0.1:50051",
    nats_url: Annotated[
        str | None,
        typer.Option(
            envvar="SAFECASE_NATS_URL",
            help="An external NATS (default: start one).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Start the embedded stack: NATS with JetStream, the intake service and the outbox relay."""
    target = data_dir(ctx, directory)
    if not (target / CONFIG_FILE).exists():
        initialise(target, organisation_id=organisation_id, name=name, plugin=plugin)
        say(f"created a new {plugin} instance for {organisation_id} in {target}")
    instance = Instance(Settings.load(target))
    stack = Stack(target, address, nats_url)
    stack.start(instance)
    say(f"NATS      {stack.nats_url}{' (embedded)' if stack.nats else ''}")
    say(f"intake    127.0.0.1:{stack.intake_port}  (gRPC; health and reflection enabled)")
    say(f"tokens    safecase --data-dir {target} token --as DSL:<person id>")
    say("Ctrl-C stops everything.")
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    done.wait()
    say("stopping...")
    stack.stop()
    say("stopped.")


def token(
    ctx: typer.Context,
    who: Annotated[
        str, typer.Option("--as", metavar="ROLE:PERSON_ID", help="Role and person of the token.")
    ],
    directory: DataDirOption = None,
    ttl: Annotated[int, typer.Option(help="Lifetime in seconds.")] = 3600,
) -> None:
    """Issue a development bearer token for the embedded stack (never for production)."""
    target = data_dir(ctx, directory)
    settings = Settings.load(target)
    role_text, _, person = who.partition(":")
    try:
        role = Role(role_text.upper())
    except ValueError:
        raise typer.BadParameter(f"unknown role {role_text!r}", param_hint="--as") from None
    if not person:
        raise typer.BadParameter("give ROLE:PERSON_ID", param_hint="--as")
    print(TokenIssuer(dev_secret(target)).issue(person, settings.organisation_id, [role], ttl))


def stack_demo(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help="A new data directory for the demo's instance (default: var/demo/stack-PLUGIN).",
            show_default=False,
        ),
    ] = None,
    plugin: Annotated[
        str, typer.Option(help="Organisation plugin whose rules the demo follows.")
    ] = "scotland",
) -> None:
    """Start the embedded stack on a new instance and walk the guided demo over gRPC.

    An anonymous report with two-way messages, triage, agency hold, investigation, risk
    assessment and an interim measure, with the steps the rules refuse; then the events in
    JetStream are counted, the stack is stopped and the audit chain verified.
    """
    from safecase.services.intake.grpc_demo import run_grpc_demo

    if plugin not in available_plugins():
        installed = ", ".join(sorted(available_plugins()))
        raise typer.BadParameter(
            f"no plugin named {plugin!r}; installed: {installed}", param_hint="--plugin"
        )
    target = given_data_dir(ctx, directory) or Path("var/demo") / f"stack-{plugin}"
    result = run_grpc_demo(target, plugin, report=typer.echo)
    if not result.audit_intact:
        raise typer.Exit(1)


async def _quiet(error: Exception) -> None:
    """Connection trouble is retried by the client; it is logged, never printed as a traceback."""
    logging.getLogger("safecase.stack").info("NATS: %s", type(error).__name__)


async def _nothing() -> None:
    return None


def register(app: typer.Typer) -> None:
    app.command("up")(up)
    app.command("token")(token)
    app.command("stack-demo")(stack_demo)
