"""Logs never hold what a report says or who it names, at any level.

Distinctive canary values (a name, an e-mail address, a phone number, a description) go
through the intake service the way people send them: a named report, an anonymous report and
the reporter's messages, a step the rules refuse and invalid requests. The service runs as its
own process (``python -m safecase.services.intake``) with JSON logs at DEBUG, gRPC's own
logging at DEBUG and spans printed to its standard output; the relay and a consumer then carry
the events on in this process, logging at DEBUG too. No canary appears in any of it, and the
log lines of each call carry the trace of that call. The hearings service, as its own process
too, hears and decides a case and receives an appeal without logging what they say.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import grpc
import nats
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from sqlalchemy.orm import Session

from safecase.core.cli_instance import initialise
from safecase.core.instance import Instance
from safecase.core.people import Person
from safecase.core.persistence.schema import InboxRow
from safecase.core.settings import Settings
from safecase.core.states import Role
from safecase.events.v1 import event_pb2
from safecase.intake.v1 import intake_service_pb2 as pb
from safecase.intake.v1 import intake_service_pb2_grpc
from safecase.intake.v1 import resources_pb2 as res
from safecase.services.common.auth import TokenIssuer
from safecase.services.common.inbox import InboxConsumer
from safecase.services.common.logs import QUIET, configure_logging
from safecase.services.common.relay import OutboxRelay, ensure_stream
from tests.conftest import _free_port

SECRET = "log-hygiene-token-secret-of-32-bytes"
NAME = "Zebulon Quartermaine-Okonkwo"
EMAIL = "zq.canary7731@example.org"
PHONE = "+44 7700 900731"
DESCRIPTION = "the coach locked the changing room at Pinewood Lido after the gala"
REPLY = "It happened again by the Marrowfield minibus"
CANARIES = (
    NAME,
    "Quartermaine",
    EMAIL,
    "zq.canary7731",
    PHONE,
    "7700 900731",
    "7700900731",
    DESCRIPTION,
    "Pinewood Lido",
    REPLY,
    "Marrowfield",
)
NARRATIVE = f"{NAME} ({EMAIL}, {PHONE}) says {DESCRIPTION}"
TIMEOUT = 20


def traceparent() -> tuple[str, str]:
    """A fresh ``traceparent`` header and the trace id it names."""
    trace_id = secrets.token_hex(16)
    return f"00-{trace_id}-{secrets.token_hex(8)}-01", trace_id


class Service:
    """A service as a process (the intake service unless told), and everything it writes."""

    def __init__(
        self,
        data_dir: Path,
        database_url: str,
        out: Path,
        err: Path,
        *,
        component: str = "intake",
        stub: Any = intake_service_pb2_grpc.IntakeServiceStub,
        secret: str = SECRET,
        environment: dict[str, str] | None = None,
    ) -> None:
        self.port = _free_port()
        prefix = f"SAFECASE_{component.upper()}"
        env = {
            **{
                k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "SAFECASE_NATS_"))
            },
            "SAFECASE_DATA_DIR": str(data_dir),
            "SAFECASE_DATABASE_URL": database_url,
            f"{prefix}_ADDRESS": f"127.0.0.1:{self.port}",
            f"{prefix}_JWT_SECRET": secret,
            f"{prefix}_GRACE_SECONDS": "1",
            "SAFECASE_LOG_FORMAT": "json",
            "SAFECASE_LOG_LEVEL": "DEBUG",
            "GRPC_VERBOSITY": "DEBUG",
            "OTEL_TRACES_EXPORTER": "console",
            "OTEL_METRICS_EXPORTER": "console",
            **(environment or {}),
        }
        self.out, self.err = out, err
        with out.open("wb") as stdout, err.open("wb") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "-m", f"safecase.services.{component}"],
                env=env,
                stdout=stdout,
                stderr=stderr,
            )
        self.channel = grpc.insecure_channel(f"127.0.0.1:{self.port}")
        self.stub = stub(self.channel)

    def wait_serving(self) -> None:
        health = health_pb2_grpc.HealthStub(self.channel)
        deadline = time.monotonic() + 30
        while True:
            assert self.process.poll() is None, self.err.read_text()
            try:
                status = health.Check(health_pb2.HealthCheckRequest(), timeout=1).status
            except grpc.RpcError:
                status = None
            if status == health_pb2.HealthCheckResponse.SERVING:
                return
            assert time.monotonic() < deadline, "the service did not start"
            time.sleep(0.1)

    def call(self, method: str, request: Any, token: str | None = None) -> tuple[Any, str]:
        """Call ``method`` in a trace of its own; the response (or error) and the trace id."""
        header, trace_id = traceparent()
        metadata = [("traceparent", header)]
        if token is not None:
            metadata.append(("authorization", f"Bearer {token}"))
        try:
            return getattr(self.stub, method)(request, timeout=TIMEOUT, metadata=metadata), trace_id
        except grpc.RpcError as error:
            return error, trace_id

    def stop(self) -> tuple[str, str]:
        self.channel.close()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise
        return self.out.read_text(), self.err.read_text()


@pytest.fixture
def instance(postgres_url: str, tmp_path: Path) -> Iterator[Instance]:
    initialise(
        tmp_path,
        organisation_id="org-a",
        name="Example Swimming",
        plugin="scotland",
        database_url=postgres_url,
    )
    created = Instance(Settings.load(tmp_path))
    yield created
    created.engine.dispose()


@contextmanager
def restored_logging() -> Iterator[None]:
    """The process's logging configuration as it was before the block."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    quiet = {name: logging.getLogger(name).level for name in QUIET}
    try:
        yield
    finally:
        for handler in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(handler)
        root.setLevel(level)
        for name, was in quiet.items():
            logging.getLogger(name).setLevel(was)
        logging.captureWarnings(False)


@pytest.fixture
def root_logging() -> Iterator[io.StringIO]:
    """This process's logging at DEBUG in JSON, as a service configures it."""
    captured = io.StringIO()
    with restored_logging():
        configure_logging(
            stream=captured,
            environ={"SAFECASE_LOG_FORMAT": "json", "SAFECASE_LOG_LEVEL": "DEBUG"},
        )
        yield captured


def carry_events_on(instance: Instance, nats_url: str) -> int:
    """Publish the outbox to JetStream and consume it, as the relay and a consumer do."""

    def handler(_session: Session, _event: event_pb2.Event) -> None:
        return None

    async def run() -> int:
        connection = await nats.connect(nats_url, connect_timeout=2)
        js = connection.jetstream()
        organisation = instance.settings.organisation_id
        stream = await ensure_stream(js, organisation)
        try:
            published = await OutboxRelay(instance.engine, js).publish_pending()
            consumer = InboxConsumer(
                instance.engine,
                js,
                stream=stream,
                subject=f"safecase.{organisation}.>",
                durable="log-hygiene",
                handler=handler,
                inbox_row=InboxRow,
            )
            while await consumer.process(timeout=0.5):
                pass
            return published
        finally:
            await js.delete_stream(stream)
            await connection.close()

    return asyncio.run(run())


def test_no_canary_reaches_the_logs_and_each_call_logs_its_trace(
    instance: Instance, tmp_path: Path, nats_url: str, root_logging: io.StringIO
) -> None:
    officer = instance.add_person(Person(name="Dana Lead", org_officer=True))
    named = instance.add_person(Person(name=NAME, email=EMAIL, phone=PHONE))
    token = TokenIssuer(SECRET).issue(officer.id, "org-a", [Role.DSL])
    category = instance.plugins.rule_set.categories[0].code
    database_url = instance.settings.database_url
    assert database_url is not None
    service = Service(tmp_path, database_url, tmp_path / "stdout", tmp_path / "stderr")
    traces: dict[str, str] = {}
    try:
        service.wait_serving()
        submitted, traces["named report"] = service.call(
            "SubmitReport",
            pb.SubmitReportRequest(
                parent="organizations/org-a",
                intake_type=res.INTAKE_TYPE_FORMAL_REPORT,
                narrative=NARRATIVE,
                categories=[category],
                parties=[res.Party(person=named.id, role=res.PARTY_ROLE_COMPLAINANT)],
            ),
            token,
        )
        case = submitted.case.name
        assert case, submitted
        receipt, traces["anonymous report"] = service.call(
            "SubmitReport",
            pb.SubmitReportRequest(
                parent="organizations/org-a",
                intake_type=res.INTAKE_TYPE_FORMAL_REPORT,
                anonymous=True,
                narrative=NARRATIVE,
                categories=[category],
            ),
        )
        assert receipt.receipt_code
        held = {
            "parent": "organizations/org-a",
            "receipt_code": receipt.receipt_code,
            "receipt_secret": receipt.receipt_secret,
        }
        _, traces["reporter's message"] = service.call(
            "SendReceiptMessage", pb.SendReceiptMessageRequest(**held, text=REPLY)
        )
        _, traces["reporter's information"] = service.call(
            "AddReceiptInformation", pb.AddReceiptInformationRequest(**held, information=REPLY)
        )
        refused, traces["refused step"] = service.call(
            "RecordAgencyRelease",
            pb.RecordAgencyReleaseRequest(
                name=case,
                referral=f"{case}/referrals/r1",
                officer=NAME,
                type=res.AGENCY_RELEASE_TYPE_PASSED_BACK,
            ),
            token,
        )
        assert refused.code() == grpc.StatusCode.FAILED_PRECONDITION
        invalid, traces["invalid report"] = service.call(
            "SubmitReport",
            pb.SubmitReportRequest(
                parent="organizations/org-a",
                anonymous=True,
                narrative=NARRATIVE,
                categories=[NAME],
            ),
        )
        assert invalid.code() == grpc.StatusCode.INVALID_ARGUMENT
        invalid, traces["invalid step"] = service.call(
            "TriageCase",
            pb.TriageCaseRequest(name=case, severity=EMAIL, rationale=DESCRIPTION),
            token,
        )
        assert invalid.code() == grpc.StatusCode.INVALID_ARGUMENT
        forged, traces["forged token"] = service.call(
            "GetCase", pb.GetCaseRequest(name=case), f"{EMAIL}.{PHONE}"
        )
        assert forged.code() == grpc.StatusCode.UNAUTHENTICATED
    finally:
        stdout, stderr = service.stop()
    assert carry_events_on(instance, nats_url) >= 2
    here = root_logging.getvalue()

    written = {"service's standard output": stdout, "service's logs": stderr, "relay": here}
    for where, text in written.items():
        leaked = [c for c in CANARIES if c.lower() in text.lower()]
        assert not leaked, f"{leaked} in the {where}"

    records = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    assert records, stderr
    assert all(
        {"timestamp", "level", "logger", "message", "trace_id", "span_id"} <= r.keys()
        for r in records
    )
    logged = {r["trace_id"] for r in records}
    assert {what: t for what, t in traces.items() if t not in logged} == {}
    # The spans printed by the console exporter are the same traces.
    assert all(f"0x{t}" in stdout for t in traces.values())


def test_an_exception_is_logged_by_its_type_and_stack_never_its_message() -> None:
    for chosen in ("json", "text"):
        captured = io.StringIO()
        with restored_logging():
            configure_logging(
                stream=captured,
                environ={"SAFECASE_LOG_FORMAT": chosen, "SAFECASE_LOG_LEVEL": "INFO"},
            )
            try:
                raise ValueError(f"input was {NARRATIVE!r}")
            except ValueError:
                logging.getLogger("safecase.test").exception("command %s failed", "c-1")
        text = captured.getvalue()
        assert "command c-1 failed" in text
        assert "builtins.ValueError" in text
        assert "test_log_hygiene.py" in text  # where it was raised
        assert NAME not in text


# --- the hearings service ----------------------------------------------------------------------

PANEL_NAMES = ("Ottoline Brackenbury-Vance", "Thaddeus Wintergreen", "Persephone Lockhart-Ibe")
ALLEGATION = "shouted at the Kestrelmoor relay squad"
RATIONALE = "the timing sheets from Kestrelmoor contradict the respondent's account"
APPEAL = "the panel never read the letter from the Halvergate physiotherapist"
HEARING_CANARIES = (
    *PANEL_NAMES,
    "Brackenbury",
    "Wintergreen",
    ALLEGATION,
    RATIONALE,
    "Kestrelmoor",
    APPEAL,
    "Halvergate",
)


def leaked(canaries: tuple[str, ...], written: dict[str, str]) -> dict[str, list[str]]:
    """The canaries found in each text, ignoring case."""
    found = {
        where: [c for c in canaries if c.lower() in text.lower()] for where, text in written.items()
    }
    return {where: names for where, names in found.items() if names}


def test_no_canary_of_a_hearing_reaches_the_hearings_service_logs(
    postgres_url: str, tmp_path: Path
) -> None:
    """Panel members named by canaries are appointed, hear the case, decide it with a canary
    rationale and allegation, and the respondent appeals with a canary statement, all over
    the gRPC of a ``safecase-hearings`` process logging at DEBUG."""
    from datetime import UTC, datetime, timedelta

    from google.protobuf.timestamp_pb2 import Timestamp

    from safecase.core.testing import Clock, Scenario
    from safecase.core.testing.instances import migrated_instance
    from safecase.core.testing.scenario import LONG_RATIONALE
    from safecase.hearings.v1 import hearings_service_pb2 as hpb
    from safecase.hearings.v1 import hearings_service_pb2_grpc
    from safecase.hearings.v1 import resources_pb2 as hres
    from tests.integration.conftest import HEARINGS_SECRET, HearingsStack

    # The case context's part ran weeks ago, so the notice period has passed by now.
    clock = Clock(datetime.now(UTC) - timedelta(days=40))
    instance = migrated_instance(postgres_url, tmp_path, clock=clock)
    Settings.write(tmp_path, organisation_id="org-a", organisation_name="A", plugin="scotland")
    service = Service(
        tmp_path,
        postgres_url,
        tmp_path / "stdout",
        tmp_path / "stderr",
        component="hearings",
        stub=hearings_service_pb2_grpc.HearingsServiceStub,
        secret=HEARINGS_SECRET,
        environment={"SAFECASE_HEARINGS_DATABASE_URL": postgres_url},
    )
    try:
        h = HearingsStack(
            instance, Scenario("scotland", instance=instance), service.channel, service.stub
        )
        cast = h.cast
        panel = [
            instance.add_person(
                Person(
                    name=name,
                    safeguarding_knowledge=True,
                    panel_member_type=model.panel_member_type,
                )
            )
            for name, model in zip(PANEL_NAMES, cast.panel, strict=True)
        ]
        case = h.risk_assessed()
        service.wait_serving()
        name = h.file(case)
        for person in panel:
            h.call("DeclareConflicts", hpb.DeclareConflictsRequest(name=name), person, Role.PANEL)
        members = [hres.PanelMember(person=p.id, chair=i == 0) for i, p in enumerate(panel)]
        h.call(
            "AppointPanel",
            hpb.AppointPanelRequest(name=name, members=members),
            cast.cmg[0],
            Role.CMG,
        )
        h.refer(case)
        h.call("OpenHearing", hpb.OpenHearingRequest(name=name), panel[0], Role.PCH)
        stored = h.stored(case)
        decision = hres.Decision(
            findings=[
                hres.Finding(
                    allegation=ALLEGATION,
                    code_reference=sorted(stored.categories)[0],
                    outcome=hres.FINDING_OUTCOME_PROVEN,
                )
            ],
            rationale=f"{LONG_RATIONALE} {RATIONALE}",
            standard_of_proof=hres.STANDARD_OF_PROOF_BALANCE_OF_PROBABILITIES,
            sanctions=[hres.Sanction(type="SUSPENSION", months=6)],
            information_considered=[
                stored.investigation.report.id if stored.investigation else "report"
            ],
            decided_by=[panel[0].id],
        )
        h.call(
            "IssueDecision",
            hpb.IssueDecisionRequest(name=name, decision=decision),
            panel[0],
            Role.PCH,
        )
        now = Timestamp()
        now.FromDatetime(datetime.now(UTC))
        notifications = [
            hres.PartyNotification(party=party, notify_time=now)
            for party in (
                hres.PARTY_KIND_RESPONDENT,
                hres.PARTY_KIND_COMPLAINANT,
                hres.PARTY_KIND_ORG,
            )
        ]
        h.call(
            "NotifyParties",
            hpb.NotifyPartiesRequest(name=name, notifications=notifications),
            cast.dsl,
        )
        appeal = hpb.LodgeAppealRequest(
            name=name,
            appellant=hres.PARTY_KIND_RESPONDENT,
            grounds=["PROCEDURAL_UNFAIRNESS"],
            statement=APPEAL,
        )
        h.call("LodgeAppeal", appeal, cast.respondent, Role.RESP)
        shown = h.call("GetHearingFile", hpb.GetHearingFileRequest(name=name), cast.dsl, Role.DSL)
        assert APPEAL in str(shown), "the appeal did not reach the hearing file"
    finally:
        stdout, stderr = service.stop()
        instance.engine.dispose()
    records = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    assert any(r["logger"] == "safecase.rpc" for r in records), stderr
    written = {"service's standard output": stdout, "service's logs": stderr}
    assert leaked(HEARING_CANARIES, written) == {}


def test_no_canary_reaches_the_advisory_service_logs(tmp_path: Path) -> None:
    """A member registered with canary affiliations, a canary opinion on a share the member
    does not have, and a malformed canary share name, all over the gRPC of a
    ``safecase-advisory`` process logging at DEBUG: nothing of them reaches its output."""
    from safecase.advisory.v1 import advisory_service_pb2 as apb
    from safecase.advisory.v1 import advisory_service_pb2_grpc
    from safecase.advisory.v1 import resources_pb2 as ares
    from safecase.core.persistence.database import open_engine
    from safecase.core.share_sealing import generate_support_key
    from safecase.services.advisory import migrate

    club = "Quillithorpe Harbour Swimming Club"
    opinion = "Zephaniah Ostrowski-Pemberton should be kept away from the pool"
    bogus = "shares/Xanthippe-Quarrington"
    canaries = (club, "Quillithorpe", opinion, "Ostrowski-Pemberton", "Xanthippe", "Quarrington")
    generate_support_key(tmp_path / "keys" / "support.key")
    url = f"sqlite:///{tmp_path / 'advisory.sqlite'}"
    engine = open_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    service = Service(
        tmp_path,
        url,
        tmp_path / "out.log",
        tmp_path / "err.log",
        component="advisory",
        stub=advisory_service_pb2_grpc.AdvisoryServiceStub,
        environment={
            "SAFECASE_ADVISORY_DATABASE_URL": url,
            "SAFECASE_ADVISORY_ORGANISATION_ID": "support",
        },
    )
    try:
        service.wait_serving()
        admin = TokenIssuer(SECRET).issue("coordinator", "support", [Role.ADMIN])
        member = TokenIssuer(SECRET).issue("member-1", "support", [Role.ADV])
        created, _ = service.call(
            "CreateMember",
            apb.CreateMemberRequest(
                member=ares.Member(
                    subject="member-1",
                    expertise=[ares.EXPERTISE_SAFEGUARDING],
                    available=True,
                    affiliations=[ares.Affiliation(kind=ares.AFFILIATION_KIND_CLUB, club=club)],
                ),
                request_id=secrets.token_hex(8),
            ),
            admin,
        )
        assert not isinstance(created, grpc.RpcError), created
        advice = ares.Advice(opinion=opinion, recommendations=[opinion])
        refused, _ = service.call(
            "SubmitAdvice",
            apb.SubmitAdviceRequest(parent="shares/0123456789abcdef", advice=advice),
            member,
        )
        assert isinstance(refused, grpc.RpcError)
        malformed, _ = service.call("GetShare", apb.GetShareRequest(name=bogus), member)
        assert isinstance(malformed, grpc.RpcError)
    finally:
        out, err = service.stop()
    assert err.strip(), "the service logged nothing at DEBUG"
    assert leaked(canaries, {"stdout": out, "stderr": err}) == {}
