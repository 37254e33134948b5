"""The embedded stack: ``safecase up``, ``safecase token`` and ``safecase stack-demo``,
registered into the ``safecase`` command line through the entry-point group ``safecase.cli``.

``safecase up`` needs no installed server: it creates the instance if the data directory has
none (SQLite, keys, migrations), starts a ``nats-server`` child process with JetStream storing
under the data directory, the intake and hearings services (each with its own database), their
outbox relays and the hand-over consumers between them; prints the endpoints; and stops
everything cleanly on Ctrl-C or SIGTERM. The same pieces run against PostgreSQL and an external
NATS through configuration (``SAFECASE_DATABASE_URL``, ``SAFECASE_HEARINGS_DATABASE_URL``,
``SAFECASE_NATS_URL``).
"""

from __future__ import annotations

import os
import secrets
import signal
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated

import grpc
import typer

from safecase.core.cli_instance import DataDirOption, data_dir, given_data_dir, initialise
from safecase.core.cli_output import say
from safecase.core.instance import Instance
from safecase.core.persistence.database import open_engine
from safecase.core.persistence.migrate import upgrade
from safecase.core.plugins import available_plugins
from safecase.core.settings import CONFIG_FILE, Settings
from safecase.core.states import Role
from safecase.services.common.auth import TokenIssuer, TokenVerifier
from safecase.services.common.backbone import Backbone, context_workers
from safecase.services.common.embedded_nats import EmbeddedNats
from safecase.services.common.sharing import SharingKeys
from safecase.services.hearings.app import create_server as create_hearings_server
from safecase.services.hearings.context import hearing_context
from safecase.services.intake.app import create_server
from safecase.services.intake.context import case_context

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


HEARINGS_DATABASE = "hearings.sqlite"


def hearings_settings(intake: Settings) -> Settings:
    """The hearing context's settings: the organisation's, on the hearing context's database.

    ``SAFECASE_HEARINGS_DATABASE_URL`` names it; by default a SQLite file in the data directory.
    """
    url = os.environ.get("SAFECASE_HEARINGS_DATABASE_URL") or (
        f"sqlite:///{intake.data_dir / HEARINGS_DATABASE}"
    )
    return replace(intake, database_url=url)


def open_hearing_context(intake: Instance) -> Instance:
    """The hearings service's instance beside ``intake``, its database migrated."""
    settings = hearings_settings(intake.settings)
    engine = open_engine(settings.database_url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    return hearing_context(settings, clock=intake.clock)


@dataclass
class Stack:
    """NATS (embedded or external), the intake and hearings servers, their relays and the
    hand-over consumers between them, run together."""

    directory: Path
    intake_address: str = "127.0.0.1:50051"
    nats_url: str | None = None
    hearings_address: str = "127.0.0.1:50052"
    nats: EmbeddedNats | None = None
    server: grpc.Server | None = None
    hearings_server: grpc.Server | None = None
    intake_port: int = 0
    hearings_port: int = 0
    backbone: Backbone | None = None

    def start(self, instance: Instance, hearings: Instance | None = None) -> None:
        """Start intake on ``instance`` and, given its instance, the hearings service."""
        if self.nats_url is None:
            self.nats = EmbeddedNats(self.directory / "nats")
            self.nats.start()
            self.nats_url = self.nats.url
        verifier = TokenVerifier([dev_secret(self.directory)])
        workers = case_context(instance, SharingKeys.in_data_dir(instance.settings.data_dir))
        self.server, self.intake_port = create_server(instance, verifier, self.intake_address)
        self.server.start()
        if hearings is not None:
            self.hearings_server, self.hearings_port = create_hearings_server(
                hearings, verifier, self.hearings_address
            )
            self.hearings_server.start()
        if hearings is not None:
            workers += context_workers(hearings, "hearing")
        self.backbone = Backbone(self.nats_url, workers)
        try:
            self.backbone.start()
        except BaseException:
            self.stop()
            raise

    def stop(self, grace: float = 5.0) -> None:
        for server in (self.server, self.hearings_server):
            if server is not None:
                server.stop(grace).wait()
        self.server = self.hearings_server = None
        if self.backbone is not None:
            self.backbone.stop()
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
    hearings_address: Annotated[
        str, typer.Option(help="Address of the hearings service.")
    ] = "127.0.0.1:50052",
    nats_url: Annotated[
        str | None,
        typer.Option(
            envvar="SAFECASE_NATS_URL",
            help="An external NATS (default: start one).",
            show_default=False,
        ),
    ] = None,
    organisations: Annotated[
        list[str] | None,
        typer.Option(
            "--organisation",
            metavar="ID:PLUGIN",
            help="Run several organisations and the support service (repeat the option), "
            "each in DIR/ID, the support service in DIR/support.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Start the embedded stack: NATS with JetStream, the intake and hearings services.

    With ``--organisation`` (given twice or more), several governing bodies and the support
    service's advisory service, on one NATS with an account each.
    """
    target = data_dir(ctx, directory)
    if organisations:
        _up_network(target, organisations)
        return
    if not (target / CONFIG_FILE).exists():
        initialise(target, organisation_id=organisation_id, name=name, plugin=plugin)
        say(f"created a new {plugin} instance for {organisation_id} in {target}")
    instance = Instance(Settings.load(target))
    hearings = open_hearing_context(instance)
    stack = Stack(target, address, nats_url, hearings_address)
    stack.start(instance, hearings)
    say(f"NATS      {stack.nats_url}{' (embedded)' if stack.nats else ''}")
    say(f"intake    127.0.0.1:{stack.intake_port}  (gRPC; health and reflection enabled)")
    say(f"hearings  127.0.0.1:{stack.hearings_port}  (gRPC; health and reflection enabled)")
    say(f"tokens    safecase --data-dir {target} token --as DSL:<person id>")
    say("Ctrl-C stops everything.")
    _until_signal()
    say("stopping...")
    stack.stop()
    say("stopped.")


def _until_signal() -> None:
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    done.wait()


def _up_network(target: Path, organisations: list[str]) -> None:
    from safecase.services.stack.network import SUPPORT_ID, Network, OrganisationPlan

    try:
        plans = [OrganisationPlan.parse(text) for text in organisations]
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--organisation") from None
    unknown = {plan.plugin for plan in plans} - set(available_plugins())
    if unknown:
        installed = ", ".join(sorted(available_plugins()))
        raise typer.BadParameter(
            f"no plugin named {', '.join(sorted(unknown))}; installed: {installed}",
            param_hint="--organisation",
        )
    network = Network(target, plans)
    network.start()
    say(f"NATS      {network.nats.url if network.nats else '?'} (embedded, one account each)")
    for member in network.members.values():
        stack = member.stack
        say(
            f"{member.plan.id:<9} intake 127.0.0.1:{stack.intake_port}, hearings "
            f"127.0.0.1:{stack.hearings_port} ({member.plan.plugin}; data in {member.directory})"
        )
    say(f"{SUPPORT_ID:<9} advisory 127.0.0.1:{network.advisory_port}")
    say(f"tokens    safecase --data-dir {target}/<id> token --as ROLE:<person id>")
    say("Ctrl-C stops everything.")
    _until_signal()
    say("stopping...")
    network.stop()
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

    At intake, an anonymous report with two-way messages, triage, agency hold, investigation,
    risk assessment and an interim measure; on the hearings service, the panel, the hearing,
    the decision, the appeal window, the sanction in force and the registry's screening, with
    the referral (T25) back at intake and each service following the other through the
    hand-over; and the steps the rules refuse. Then the events in JetStream are counted, the
    stack is stopped and both audit chains (intake's and the hearing context's) verified.
    """
    from safecase.services.stack.grpc_demo import run_grpc_demo

    if plugin not in available_plugins():
        installed = ", ".join(sorted(available_plugins()))
        raise typer.BadParameter(
            f"no plugin named {plugin!r}; installed: {installed}", param_hint="--plugin"
        )
    target = given_data_dir(ctx, directory) or Path("var/demo") / f"stack-{plugin}"
    result = run_grpc_demo(target, plugin, report=typer.echo)
    if not result.audit_intact:
        raise typer.Exit(1)


def sharing_demo(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help="A new data directory for the demo's network (default: var/demo/sharing).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Start two organisations and their support service and walk a request for advice.

    Over gRPC: consent, the pseudonymised preview and the publication at one organisation, a
    case the other never shares, the support service's members (one in conflict), advice back
    as advice and never a decision, and consent withdrawn; after each step, what each side sees.
    """
    from safecase.services.stack.sharing_demo import run_sharing_demo

    target = given_data_dir(ctx, directory) or Path("var/demo/sharing")
    if not run_sharing_demo(target, report=typer.echo):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("up")(up)
    app.command("token")(token)
    app.command("stack-demo")(stack_demo)
    app.command("sharing-demo")(sharing_demo)
