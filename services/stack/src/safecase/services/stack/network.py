"""Several governing bodies and their support service on one machine: ``safecase up
--organisation ID:PLUGIN ...``.

One ``nats-server`` with an account per organisation and one for the support service
(:mod:`safecase.services.common.nats_accounts`): an organisation's events stay in its account,
its shares reach only the support service's ``SHARES`` stream and advice comes back only into
its own ``ADVICE`` stream. Each organisation is an instance of its own (own data directory,
database, organisation key, intake and hearings services); the support service runs the
advisory service with its own database and key pair, whose public half each organisation is
given. Each organisation records its data sharing agreement with the support service (G11).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import grpc

from safecase.core.cli_instance import initialise
from safecase.core.instance import Instance
from safecase.core.persistence.database import open_engine
from safecase.core.settings import CONFIG_FILE, Settings
from safecase.core.share_sealing import generate_support_key, read_support_key
from safecase.core.testing.scenario import Scenario
from safecase.services.advisory import migrate as advisory_migrate
from safecase.services.advisory.app import create_server as create_advisory_server
from safecase.services.advisory.consumers import advisory_workers
from safecase.services.advisory.store import AdvisoryStore
from safecase.services.common.auth import TokenVerifier
from safecase.services.common.backbone import Backbone
from safecase.services.common.embedded_nats import EmbeddedNats
from safecase.services.common.nats_accounts import NatsAccounts
from safecase.services.stack.launcher import Stack, dev_secret, open_hearing_context

__all__ = ["SUPPORT_ID", "Member", "Network", "OrganisationPlan"]

SUPPORT_ID = "support"
SUPPORT_KEY = "keys/support.key"
AGREEMENT_YEARS = 1


@dataclass(frozen=True)
class OrganisationPlan:
    """One governing body of the network: its id and its plugin."""

    id: str
    plugin: str

    @classmethod
    def parse(cls, text: str) -> OrganisationPlan:
        """``ID:PLUGIN`` as given on the command line."""
        organisation_id, _, plugin = text.partition(":")
        if not organisation_id or not plugin:
            raise ValueError(f"{text!r}: give ID:PLUGIN, e.g. org-a:scotland")
        return cls(organisation_id, plugin)


@dataclass
class Member:
    """An organisation of the running network."""

    plan: OrganisationPlan
    directory: Path
    intake: Instance
    hearings: Instance
    stack: Stack


@dataclass
class Network:
    """The organisations' stacks and the support service, on one NATS with accounts."""

    directory: Path
    plans: list[OrganisationPlan]
    nats: EmbeddedNats | None = None
    members: dict[str, Member] = field(default_factory=dict)
    advisory: AdvisoryStore | None = None
    advisory_server: grpc.Server | None = None
    advisory_port: int = 0
    backbone: Backbone | None = None

    @property
    def support_directory(self) -> Path:
        return self.directory / SUPPORT_ID

    def start(self) -> None:
        ids = [plan.id for plan in self.plans]
        if len(set(ids)) != len(ids):
            raise ValueError("each organisation id may be given once")
        accounts = NatsAccounts(ids)
        self.nats = EmbeddedNats(self.directory / "nats", accounts=accounts)
        self.nats.start()
        try:
            self._start_support(accounts)
            for plan in self.plans:
                self._start_organisation(plan, accounts)
        except BaseException:
            self.stop()
            raise

    def _start_support(self, accounts: NatsAccounts) -> None:
        assert self.nats is not None
        directory = self.support_directory
        key_file = directory / SUPPORT_KEY
        key = read_support_key(key_file) if key_file.exists() else generate_support_key(key_file)
        engine = open_engine(f"sqlite:///{directory / 'advisory.sqlite'}")
        advisory_migrate.upgrade(engine)
        self.advisory = AdvisoryStore(engine, key, SUPPORT_ID)
        verifier = TokenVerifier([dev_secret(directory)])
        self.advisory_server, self.advisory_port = create_advisory_server(
            self.advisory, verifier, "127.0.0.1:0"
        )
        self.advisory_server.start()
        self.backbone = Backbone(
            self.nats.url_for(accounts.support), advisory_workers(self.advisory)
        )
        self.backbone.start()

    def _start_organisation(self, plan: OrganisationPlan, accounts: NatsAccounts) -> None:
        assert self.nats is not None
        directory = self.directory / plan.id
        if not (directory / CONFIG_FILE).exists():
            overrides = Scenario.default_overrides(plan.plugin, None)
            initialise(
                directory,
                organisation_id=plan.id,
                name=f"{plan.id} (example)",
                plugin=plan.plugin,
                overrides={
                    s: {k: str(v) for k, v in values.items()} for s, values in overrides.items()
                },
            )
            now = datetime.now(UTC)
            Settings.add_data_sharing_agreement(
                directory, SUPPORT_ID, now - timedelta(days=1), now + timedelta(days=365)
            )
        public = directory / "keys" / "support.pub"
        shutil.copyfile(self.support_directory / SUPPORT_KEY.replace(".key", ".pub"), public)
        intake = Instance(Settings.load(directory))
        hearings = open_hearing_context(intake)
        stack = Stack(
            directory,
            "127.0.0.1:0",
            self.nats.url_for(accounts.organisation(plan.id)),
            hearings_address="127.0.0.1:0",
        )
        stack.start(intake, hearings)
        self.members[plan.id] = Member(plan, directory, intake, hearings, stack)

    def stop(self) -> None:
        for member in self.members.values():
            member.stack.stop()
            member.intake.engine.dispose()
            member.hearings.engine.dispose()
        if self.advisory_server is not None:
            self.advisory_server.stop(5).wait()
        if self.backbone is not None:
            self.backbone.stop()
        if self.advisory is not None:
            self.advisory.engine.dispose()
        if self.nats is not None:
            self.nats.stop()
