"""Organisations kept apart by NATS accounts, over real connections to one ``nats-server``.

Two organisations and the support service share one server, each in its own account. Only
shares (organisation → support service) and advice (support service → that organisation)
cross, each with JetStream's acknowledgement coming back; everything else an account does is
invisible to the others, subscriptions and JetStream alike.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import secrets
import stat
import sys
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.js.errors import NoStreamResponseError, NotFoundError

from safecase.services.common.connect import (
    NatsConfigurationError,
    NatsSettings,
    connect,
    redact,
)
from safecase.services.common.embedded_nats import EmbeddedNats
from safecase.services.common.envelope import stream_name, subject_for
from safecase.services.common.nats_accounts import (
    ADVICE_STREAM,
    SHARES_STREAM,
    SUPPORT_ACCOUNT,
    InvalidNatsAccounts,
    NatsAccounts,
    ServiceExport,
    ServiceImport,
    ShareEvent,
    account_name,
    account_passwords,
    advice_subject,
    advice_subjects,
    ensure_advice_stream,
    ensure_shares_stream,
    new_password,
    render_config,
    shares_subject,
    shares_subjects,
)
from safecase.services.common.relay import ensure_stream

SUFFIX = secrets.token_hex(3)
ORG_A = f"swim-{SUFFIX}"
ORG_B = f"row_{SUFFIX}"
QUIET = 0.3  # seconds a listener is given to hear what it must not hear


@dataclass
class Broker:
    nats: EmbeddedNats
    accounts: NatsAccounts

    def url(self, organisation_id: str | None = None) -> str:
        account = (
            self.accounts.support
            if organisation_id is None
            else self.accounts.organisation(organisation_id)
        )
        return self.nats.url_for(account)


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Broker]:
    """One server for the module, each account's streams in place as the services make them."""
    accounts = NatsAccounts([ORG_A, ORG_B])
    server = EmbeddedNats(tmp_path_factory.mktemp("nats-accounts") / "nats", accounts=accounts)
    server.start()
    broker = Broker(server, accounts)

    async def streams() -> None:
        support = await connect(broker.url())
        await ensure_shares_stream(support.jetstream())
        await support.close()
        for organisation in (ORG_A, ORG_B):
            own = await connect(broker.url(organisation))
            await ensure_stream(own.jetstream(), organisation)
            await ensure_advice_stream(own.jetstream(), organisation)
            await own.close()

    try:
        asyncio.run(streams())
        yield broker
    finally:
        server.stop()


Scenario = Callable[[Client, Client, Client], Awaitable[None]]


def run(broker: Broker, scenario: Scenario) -> None:
    """``scenario(a, b, support)`` with one connection per account."""

    async def main() -> None:
        a = await connect(broker.url(ORG_A))
        b = await connect(broker.url(ORG_B))
        support = await connect(broker.url())
        try:
            await scenario(a, b, support)
        finally:
            for connection in (a, b, support):
                await connection.close()

    asyncio.run(main())


class Ears:
    """Subscriptions that record the subjects they hear."""

    def __init__(self) -> None:
        self.heard: dict[str, list[str]] = {}

    async def listen(self, connection: Client, subject: str, name: str) -> None:
        heard = self.heard.setdefault(name, [])

        async def note(message: Msg) -> None:
            heard.append(message.subject)

        await connection.subscribe(subject, cb=note)
        await connection.flush()

    async def until(self, name: str, timeout: float = 5.0) -> None:
        """Wait until ``name`` heard something, then a little longer for the others."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not self.heard[name]:
            assert asyncio.get_running_loop().time() < deadline, f"{name} heard nothing"
            await asyncio.sleep(0.02)
        await asyncio.sleep(QUIET)


def new_id() -> str:
    return secrets.token_hex(8)


# --- shares: organisation -> support service ------------------------------------------------


def test_an_organisation_publishes_a_share_into_the_support_stream_and_gets_its_ack(
    broker: Broker,
) -> None:
    share, event = new_id(), new_id()
    subject = shares_subject(ORG_A, share, ShareEvent.PUBLISHED)

    async def scenario(a: Client, b: Client, support: Client) -> None:
        ack = await a.jetstream().publish(subject, b"sealed share", headers={"Nats-Msg-Id": event})
        assert (ack.stream, ack.duplicate) == (SHARES_STREAM, None)
        again = await a.jetstream().publish(
            subject, b"sealed share", headers={"Nats-Msg-Id": event}
        )
        assert (again.stream, again.seq, again.duplicate) == (SHARES_STREAM, ack.seq, True)

        revoked = shares_subject(ORG_A, share, ShareEvent.REVOKED)
        await a.jetstream().publish(revoked, b"", headers={"Nats-Msg-Id": new_id()})

        reader = await support.jetstream().pull_subscribe(
            f"safecase.advisory.shares.{ORG_A}.{share}.>", stream=SHARES_STREAM
        )
        messages = await reader.fetch(2, timeout=5)
        assert [(m.subject, m.data) for m in messages] == [
            (subject, b"sealed share"),
            (revoked, b""),
        ]
        for message in messages:
            await message.ack()

    run(broker, scenario)


def test_a_share_subject_names_the_organisation_the_share_and_what_happened() -> None:
    assert shares_subject("swim-scotland", "s1", "published") == (
        "safecase.advisory.shares.swim-scotland.s1.published"
    )
    assert shares_subject("swim-scotland", "s1", ShareEvent.REVOKED) == (
        "safecase.advisory.shares.swim-scotland.s1.revoked"
    )
    assert advice_subject("swim-scotland", "s1") == "safecase.advisory.advice.swim-scotland.s1"
    with pytest.raises(ValueError):
        shares_subject("swim-scotland", "s1", "deleted")
    for share in ("a.b", "*", ">", "", "a b"):
        with pytest.raises(InvalidNatsAccounts, match="share id"):
            shares_subject("swim-scotland", share, ShareEvent.PUBLISHED)


# --- another organisation -------------------------------------------------------------------


def test_another_organisation_hears_nothing_of_an_organisation_or_its_advice(
    broker: Broker,
) -> None:
    async def scenario(a: Client, b: Client, support: Client) -> None:
        ears = Ears()
        await ears.listen(b, f"safecase.{ORG_A}.>", "b: a's events")
        await ears.listen(b, "safecase.advisory.>", "b: advisory")
        await ears.listen(b, ">", "b: anything")
        await ears.listen(a, f"safecase.advisory.advice.{ORG_A}.>", "a: its advice")

        await a.jetstream().publish(subject_for(ORG_A, "ReportSubmitted"), b"event")
        share = new_id()
        await a.jetstream().publish(shares_subject(ORG_A, share, ShareEvent.PUBLISHED), b"share")
        await support.jetstream().publish(advice_subject(ORG_A, share), b"advice")
        await ears.until("a: its advice")

        assert ears.heard["b: a's events"] == []
        assert ears.heard["b: advisory"] == []
        assert ears.heard["b: anything"] == []

    run(broker, scenario)


def test_another_organisations_jetstream_sees_neither_its_streams_nor_the_shares(
    broker: Broker,
) -> None:
    async def scenario(a: Client, b: Client, support: Client) -> None:
        js = b.jetstream()
        for stream in (stream_name(ORG_A), SHARES_STREAM):
            with pytest.raises(NotFoundError):
                await js.stream_info(stream)
        # B's ADVICE stream is its own, for its own advice only.
        own = await js.stream_info(ADVICE_STREAM)
        assert own.config.subjects == [advice_subjects(ORG_B)]

    run(broker, scenario)


def test_another_organisation_cannot_publish_as_the_organisation(broker: Broker) -> None:
    async def scenario(a: Client, b: Client, support: Client) -> None:
        js = b.jetstream()
        share = new_id()
        for subject in (
            shares_subject(ORG_A, share, ShareEvent.PUBLISHED),
            shares_subject(ORG_A, share, ShareEvent.REVOKED),
            subject_for(ORG_A, "ReportSubmitted"),
            advice_subject(ORG_A, share),
        ):
            with pytest.raises(NoStreamResponseError):
                await js.publish(subject, b"forged", timeout=2)
        # ... while its own shares go through.
        ack = await js.publish(shares_subject(ORG_B, share, ShareEvent.PUBLISHED), b"share")
        assert ack.stream == SHARES_STREAM

    run(broker, scenario)


# --- the support service --------------------------------------------------------------------


def test_the_support_service_sees_no_organisation_stream(broker: Broker) -> None:
    async def scenario(a: Client, b: Client, support: Client) -> None:
        js = support.jetstream()
        for stream in (stream_name(ORG_A), stream_name(ORG_B), ADVICE_STREAM):
            with pytest.raises(NotFoundError):
                await js.stream_info(stream)

    run(broker, scenario)


def test_the_support_service_hears_an_organisation_only_through_its_shares(
    broker: Broker,
) -> None:
    share = new_id()
    shared = shares_subject(ORG_A, share, ShareEvent.PUBLISHED)

    async def scenario(a: Client, b: Client, support: Client) -> None:
        ears = Ears()
        await ears.listen(support, f"safecase.{ORG_A}.>", "support: a's events")
        await ears.listen(support, "safecase.>", "support: safecase")
        await ears.listen(support, shared, "support: the share")

        await a.jetstream().publish(subject_for(ORG_A, "ReportSubmitted"), b"event")
        await a.jetstream().publish(subject_for(ORG_A, "HearingScheduled", "hearings"), b"event")
        await a.publish(f"safecase.{ORG_A}.cases.Plain", b"not through JetStream")
        await a.jetstream().publish(shared, b"share")
        await ears.until("support: the share")

        assert ears.heard["support: a's events"] == []
        assert ears.heard["support: safecase"] == [shared]

    run(broker, scenario)


def test_the_support_service_cannot_write_into_an_organisations_events(broker: Broker) -> None:
    async def scenario(a: Client, b: Client, support: Client) -> None:
        for organisation in (ORG_A, ORG_B):
            with pytest.raises(NoStreamResponseError):
                await support.jetstream().publish(
                    subject_for(organisation, "ReportSubmitted"), b"forged", timeout=2
                )

    run(broker, scenario)


# --- advice: support service -> organisation ------------------------------------------------


def test_advice_lands_in_the_organisations_advice_stream_and_nowhere_else(
    broker: Broker,
) -> None:
    share, event = new_id(), new_id()
    subject = advice_subject(ORG_A, share)

    async def scenario(a: Client, b: Client, support: Client) -> None:
        before_b = (await b.jetstream().stream_info(ADVICE_STREAM)).state.messages

        js = support.jetstream()
        ack = await js.publish(subject, b"advice", headers={"Nats-Msg-Id": event})
        assert (ack.stream, ack.duplicate) == (ADVICE_STREAM, None)
        again = await js.publish(subject, b"advice", headers={"Nats-Msg-Id": event})
        assert (again.seq, again.duplicate) == (ack.seq, True)

        stored = await a.jetstream().get_last_msg(ADVICE_STREAM, subject)
        assert stored.data == b"advice"
        assert (await b.jetstream().stream_info(ADVICE_STREAM)).state.messages == before_b
        with pytest.raises(NotFoundError):
            await b.jetstream().get_last_msg(ADVICE_STREAM, subject)

    run(broker, scenario)


def test_the_support_service_reaches_each_organisation_only_on_its_advice_subject(
    broker: Broker,
) -> None:
    async def scenario(a: Client, b: Client, support: Client) -> None:
        js = support.jetstream()
        share = new_id()
        to_b = await js.publish(advice_subject(ORG_B, share), b"advice for b")
        assert to_b.stream == ADVICE_STREAM
        with pytest.raises(NotFoundError):  # not in A's stream
            await a.jetstream().get_last_msg(ADVICE_STREAM, advice_subject(ORG_B, share))
        for subject in (
            advice_subject(f"elsewhere-{SUFFIX}", share),  # an organisation with no account here
            f"safecase.advisory.advice.{ORG_A}",  # outside the exported subjects
            f"safecase.{ORG_A}.advice.{share}",
        ):
            with pytest.raises(NoStreamResponseError):
                await js.publish(subject, b"advice", timeout=2)

    run(broker, scenario)


# --- the model and its rendering ------------------------------------------------------------


def test_each_organisation_exports_only_its_advice_and_imports_only_its_shares() -> None:
    accounts = NatsAccounts(["swim-scotland", "scottish-athletics"])
    swim = accounts.organisation("swim-scotland")
    assert swim.name == "SWIM_SCOTLAND"
    assert swim.exports == (ServiceExport(advice_subjects("swim-scotland"), SUPPORT_ACCOUNT),)
    assert swim.imports == (ServiceImport(shares_subjects("swim-scotland"), SUPPORT_ACCOUNT),)
    assert accounts.support.exports == (
        ServiceExport(shares_subjects("scottish-athletics"), "SCOTTISH_ATHLETICS"),
        ServiceExport(shares_subjects("swim-scotland"), "SWIM_SCOTLAND"),
    )
    assert accounts.support.imports == (
        ServiceImport(advice_subjects("scottish-athletics"), "SCOTTISH_ATHLETICS"),
        ServiceImport(advice_subjects("swim-scotland"), "SWIM_SCOTLAND"),
    )
    assert [a.name for a in accounts.accounts] == [
        "SCOTTISH_ATHLETICS",
        "SWIM_SCOTLAND",
        SUPPORT_ACCOUNT,
    ]


def test_the_rendered_configuration_is_deterministic_and_holds_no_password(
    tmp_path: Path,
) -> None:
    store = tmp_path / "nats"
    first = render_config(NatsAccounts(["org-b", "org-a"]), store_dir=store, port=4222)
    second = render_config(NatsAccounts(["org-a", "org-b", "org-a"]), store_dir=store, port=4222)
    assert first == second
    assert "$SAFECASE_NATS_PASSWORD_ORG_A" in first
    assert '{service: "safecase.advisory.shares.org-a.>", accounts: [ORG_A]}' in first
    assert '{service: {account: SUPPORT, subject: "safecase.advisory.shares.org-a.>"}}' in first

    passwords = account_passwords(tmp_path / "accounts", NatsAccounts(["org-a", "org-b"]))
    for password in passwords.values():
        assert password.reveal() not in first
        assert password.reveal() not in repr(password) + str(password) + repr(passwords)


def test_passwords_are_random_kept_and_readable_by_their_owner_only(tmp_path: Path) -> None:
    accounts = NatsAccounts(["org-a", "org-b"])
    directory = tmp_path / "accounts"
    passwords = account_passwords(directory, accounts)
    assert sorted(passwords) == ["ORG_A", "ORG_B", "SUPPORT"]
    assert len({p.reveal() for p in passwords.values()}) == 3
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    for name in passwords:
        assert stat.S_IMODE((directory / f"{name}.password").stat().st_mode) == 0o600
    assert account_passwords(directory, accounts) == passwords  # a restart keeps them
    assert account_passwords(tmp_path / "other", accounts) != passwords


def test_passwords_start_with_a_letter_so_that_the_server_reads_them_as_strings(
    tmp_path: Path,
) -> None:
    """nats-server reads a password from its environment like a value of its configuration: one
    starting with ``-`` (1 in 64 random ones), or a digit and ``-``, is parsed as a number or a
    date and the server does not start."""
    assert all(new_password()[0].isalpha() for _ in range(500))
    accounts = NatsAccounts(["org-a"])
    directory = tmp_path / "nats" / "accounts"
    directory.mkdir(parents=True, mode=0o700)
    # written by an earlier safecase: read by the server as a number, and as a date
    for name, password in (("ORG_A", "-r" + "x" * 40), ("SUPPORT", "7-" + "x" * 40)):
        (directory / f"{name}.password").write_text(password, encoding="ascii")
        (directory / f"{name}.password").chmod(0o600)
    server = EmbeddedNats(tmp_path / "nats", accounts=accounts)
    server.start()
    try:
        assert all(p.reveal()[0].isalpha() for p in server.passwords.values())
        assert account_passwords(directory, accounts) == server.passwords  # kept from now on
    finally:
        server.stop()


def test_the_running_server_keeps_passwords_out_of_its_files_and_logs(broker: Broker) -> None:
    config = broker.nats.config_file
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    written = config.read_text() + (broker.nats.store / "nats-server.log").read_text()
    for name in (account_name(ORG_A), account_name(ORG_B), SUPPORT_ACCOUNT):
        path = broker.nats.passwords_dir / f"{name}.password"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_text().strip() not in written
    assert broker.nats.process is not None
    command_line = str(broker.nats.process.args)
    assert all(p.reveal() not in command_line for p in broker.nats.passwords.values())


@pytest.mark.parametrize(
    "organisation_id",
    ["Org-A", "org.a", "org a", "org>", "org*", "-org", "_org", "", "orgé", "advisory"],
)
def test_an_organisation_id_that_cannot_name_an_account_is_refused(organisation_id: str) -> None:
    with pytest.raises(InvalidNatsAccounts, match=re.escape(repr(organisation_id))):
        NatsAccounts(["org-a", organisation_id])


@pytest.mark.parametrize(("first", "second"), [("org-a", "org_a"), ("support", "org-a")])
def test_two_organisations_never_share_an_account(first: str, second: str) -> None:
    with pytest.raises(InvalidNatsAccounts, match="would share the account"):
        NatsAccounts([first, second])


# --- connecting -----------------------------------------------------------------------------


def test_a_service_started_before_nats_connects_once_it_is_up(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server = EmbeddedNats(tmp_path / "nats")

    async def scenario() -> None:
        connecting = asyncio.create_task(connect(server.url, reconnect_time_wait=0.1))
        await asyncio.sleep(0.4)
        assert not connecting.done()
        await asyncio.to_thread(server.start)
        connection = await asyncio.wait_for(connecting, 10)
        assert connection.is_connected
        await connection.close()

    caplog.set_level(logging.DEBUG, logger="safecase.nats")
    try:
        asyncio.run(scenario())
    finally:
        server.stop()
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert all(r.exc_info is None for r in caplog.records)


def test_a_refused_password_is_retried_and_never_logged(
    broker: Broker, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = f"not-the-password-{new_id()}"
    url = broker.nats.url.replace("nats://", f"nats://{account_name(ORG_A).lower()}:{wrong}@")

    async def scenario() -> None:
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(connect(url, reconnect_time_wait=0.1), 0.8)

    caplog.set_level(logging.DEBUG, logger="safecase.nats")
    asyncio.run(scenario())
    messages = [r.getMessage() for r in caplog.records]
    assert any("Authorization Violation" in m for m in messages), messages
    assert all(wrong not in m for m in messages)
    assert all(r.exc_info is None for r in caplog.records)
    assert redact(url) == url.replace(wrong, "***")


def test_a_credentials_file_is_checked_before_connecting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    creds = tmp_path / "org-a.creds"

    async def attempt(url: str) -> None:
        await connect(url, creds, allow_reconnect=False, max_reconnect_attempts=0)

    with pytest.raises(NatsConfigurationError, match="does not exist"):
        asyncio.run(attempt("nats://127.0.0.1:4222"))
    creds.write_text("-----BEGIN NATS USER JWT-----\n")
    with pytest.raises(NatsConfigurationError, match="give one"):
        asyncio.run(attempt("nats://org_a:secret@127.0.0.1:4222"))
    monkeypatch.setitem(sys.modules, "nkeys", None)  # as where nats-py[nkeys] is not installed
    with pytest.raises(NatsConfigurationError, match=r"nats-py\[nkeys\]"):
        asyncio.run(attempt("nats://127.0.0.1:4222"))


def test_the_settings_come_from_the_environment_and_never_show_the_password() -> None:
    settings = NatsSettings.from_environment(
        {
            "SAFECASE_NATS_URL": "nats://org_a:hunter2@nats:4222",
            "SAFECASE_NATS_CREDS_FILE": "",
        }
    )
    assert settings == NatsSettings("nats://org_a:hunter2@nats:4222", None)
    assert "hunter2" not in repr(settings)
    production = NatsSettings.from_environment(
        {"SAFECASE_NATS_URL": "nats://nats:4222", "SAFECASE_NATS_CREDS_FILE": "/run/nats.creds"}
    )
    assert production.creds_file == Path("/run/nats.creds")
    assert NatsSettings.from_environment({}, default_url="nats://127.0.0.1:4222").url == (
        "nats://127.0.0.1:4222"
    )
    with pytest.raises(NatsConfigurationError, match="SAFECASE_NATS_URL"):
        NatsSettings.from_environment({})
    assert os.environ.get("SAFECASE_NATS_PASSWORD_SUPPORT") is None  # never in our own process
