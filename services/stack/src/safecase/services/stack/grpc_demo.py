"""The guided demo over the running stack: ``safecase stack-demo`` (``make demo``).

It creates a fresh instance in an empty data directory, starts the embedded stack (NATS with
JetStream, the intake and hearings services on 127.0.0.1:0, both outbox relays and the
hand-over consumers between them) and walks one anonymous report as clients would, over gRPC
only, every call with a deadline: the reporter uses the receipt and nothing else; staff use
bearer tokens of their role. The walk shows two-way messaging with the anonymous reporter,
triage, a statutory referral with an agency hold, agency consent, a parallel investigation, a
risk assessment and an interim measure with a review date on the intake service; then the
hearing context (:mod:`safecase.services.stack.grpc_demo_hearing`): the panel, the referral to
it, the hearing, the decision, the appeal window, the sanction in force and the registry. Each
step the rules refuse is shown with the refusal code its call carried in
``google.rpc.ErrorInfo``.

The two services share nothing but events, so whenever one side must follow the other the
demo polls the other side's read method, with a deadline, until it shows the change, and says
how long it waited. A hearing waits out a notice period and an appeal window of weeks: both
services run on a :class:`DemoClock`, which the demo moves on as the story needs.

Then it counts the events the relays published to the organisation's JetStream stream, stops
the stack and verifies both stored audit chains (intake's and the hearing context's
databases). Names in the demo are fictional.

Two kinds of id are read from the intake instance's store, as the integration tests do,
because the ``Case`` resource does not expose them: the CMG decision ids and the
investigation's terms of reference and report.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
import nats
from google.protobuf import struct_pb2
from google.protobuf.timestamp_pb2 import Timestamp
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from safecase.core.calendar import Calendar
from safecase.core.case import Case
from safecase.core.cli_instance import initialise
from safecase.core.errors import SafecaseError
from safecase.core.instance import Instance
from safecase.core.people import Person, PersonRegistry
from safecase.core.persistence.schema import InboxRow, OutboxRow
from safecase.core.plugins import Plugins, SeverityAssessment
from safecase.core.settings import ConfigurationError, Settings
from safecase.core.states import Role
from safecase.core.testing.scenario import SHORT_RATIONALE, Cast, Scenario
from safecase.hearings.v1 import hearings_service_pb2_grpc
from safecase.hearings.v1 import resources_pb2 as hres
from safecase.intake.v1 import intake_service_pb2 as pb
from safecase.intake.v1 import intake_service_pb2_grpc
from safecase.intake.v1 import resources_pb2 as res
from safecase.services.common.auth import TokenIssuer
from safecase.services.common.envelope import stream_name
from safecase.services.intake.receipts import format_code
from safecase.services.stack.launcher import (
    Stack,
    dev_secret,
    hearings_settings,
    open_hearing_context,
)

__all__ = ["DemoClock", "GrpcDemoFailed", "GrpcDemoResult", "GrpcStep", "run_grpc_demo"]

ORGANISATION = "demo"
PARENT = f"organizations/{ORGANISATION}"
TIMEOUT = 15.0  # seconds: the deadline of every call
HANDOVER_WAIT = 20.0  # seconds: how long one side may take to follow the other
REPORTER = "REPORTER"  # how the receipt holder appears in the steps (no token, no role claim)
QUESTION = "Thank you for telling us. Which training session was it, and who else was there?"
ANSWER = "The Tuesday evening session. Two other swimmers saw it."
INTAKE, HEARINGS = "intake", "hearings"
# Alembic's migration context is global to the process: demos run side by side in one
# process (as the tests run them) create and migrate their databases one at a time.
_SETTING_UP = threading.Lock()


class GrpcDemoFailed(SafecaseError):
    """A step of the demo did not go as the rules say it should."""

    reason = "E_DEMO"


class DemoClock:
    """The instances' clock: the real time, plus however far the demo has moved it on.

    Real time keeps running, so every record keeps its order; the offset only grows, so the
    audit chains stay in time order. An instance in use runs on the real clock alone: only
    the demo has notice periods and appeal windows to skip.
    """

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance_to(self, instant: datetime) -> datetime:
        """Move on (never back) so that it is at least ``instant`` now."""
        self.offset += max(instant - self(), timedelta())
        return self()


@dataclass(frozen=True)
class GrpcStep:
    number: int
    title: str
    rpc: str
    role: str
    outcome: str  # "ok", or the refusal code of google.rpc.ErrorInfo
    state: str  # the state the called service shows after the step ("" when not shown)
    detail: str = ""
    service: str = INTAKE

    @property
    def refused(self) -> bool:
        return self.outcome != "ok"

    def lines(self) -> tuple[str, str]:
        called = f"{self.role} {self.service}.{self.rpc}"
        if self.refused:
            head = f"{self.number:>2}. REFUSED {self.title}"
            tail = f"    {called} -> REFUSED {self.outcome}"
        else:
            head = f"{self.number:>2}. ok      {self.title}"
            tail = f"    {called} -> {self.state or '-'}"
        return head, f"{tail}  ({self.detail})" if self.detail else tail


@dataclass(frozen=True)
class Screening:
    """One registry screening as the DSL saw it."""

    legal_name: str
    birth_date: str
    outcome: str  # SCREENING_OUTCOME_* without the prefix
    hits: tuple[str, ...]  # MATCH_KIND_* of each hit, without the prefix
    name: str = ""  # the screening result's resource name
    resolved: str = ""  # the outcome after the DSL's resolution of a hold, if resolved


@dataclass(frozen=True)
class GrpcDemoResult:
    plugin: str
    rule_set: str
    directory: Path
    case: str  # the case's resource name
    final_state: str  # the case's state at intake, as GetCase last showed it
    hearing_state: str  # the hearing file's state, as GetHearingFile last showed it
    steps: tuple[GrpcStep, ...]
    messages: tuple[tuple[str, str], ...]  # (direction, text) as the DSL last listed them
    interim_review: datetime | None  # the next review date of the measure imposed
    sanctions_in_force: tuple[tuple[str, str], ...]  # (legal name, sanction type) listed
    screenings: tuple[Screening, ...]
    waits: tuple[tuple[str, float], ...]  # (what followed, seconds waited) for each hand-over
    audit_entries: int
    audit_broken: int | None  # None when the chain is intact
    hearings_audit_entries: int
    hearings_audit_broken: int | None
    published_events: int  # messages in the organisation's JetStream stream
    nats_pid: int | None  # the embedded nats-server child (stopped when the demo returns)

    @property
    def refusals(self) -> tuple[str, ...]:
        return tuple(s.outcome for s in self.steps if s.refused)

    @property
    def audit_intact(self) -> bool:
        """Both chains: intake's and the hearing context's."""
        return self.audit_broken is None and self.hearings_audit_broken is None


def refusal_of(error: grpc.RpcError) -> tuple[str, str, str]:
    """The status code name, ``ErrorInfo.reason`` and message of a failed call."""
    if not isinstance(error, grpc.Call):
        return "UNKNOWN", "", str(error)
    code, message, reason = error.code().name, error.details() or "", ""
    status = rpc_status.from_call(error)
    for detail in status.details if status is not None else []:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            reason = info.reason
    return code, reason, message


def state_name(case: res.Case) -> str:
    return str(res.CaseState.Name(case.state)).removeprefix("CASE_STATE_")


def hearing_state_name(shown: hres.HearingFile) -> str:
    return str(hres.HearingState.Name(shown.state)).removeprefix("HEARING_STATE_")


def timestamp(when: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(when)
    return stamp


def demo_category(plugins: Plugins) -> tuple[str, str]:
    """A category (statutory checks preferred) and severity the organisation adjudicates itself."""
    rule_set = plugins.rule_set
    for category in sorted(rule_set.categories, key=lambda c: not c.statutory_checks):
        codes = frozenset({category.code})
        for proposed in rule_set.severities:
            severity = plugins.classify_severity(
                SeverityAssessment(categories=codes, proposed=proposed)
            )
            panel = rule_set.panel.get(severity)
            if panel and panel.size >= 1 and rule_set.exclusive_body(codes, severity) is None:
                return category.code, severity
    raise LookupError("no category the organisation adjudicates itself")


@dataclass(frozen=True)
class Handover:
    """The hand-over into one service: the other context's outbox and this context's inbox.

    The demo lets the hand-over finish before it calls the receiving service: on SQLite a
    consumer's write and a call's write (every read is audited) at the same moment can collide
    on the audit chain, and the call then fails. Counting is read-only.
    """

    sender: Engine
    receiver: Engine

    def pending(self) -> tuple[int, int]:
        """(events the sender wrote that the receiver has not applied yet, events written)."""
        with Session(self.sender) as session:
            sent = set(session.scalars(select(OutboxRow.id)))
        if not sent:
            return 0, 0
        with Session(self.receiver) as session:
            applied = set(session.scalars(select(InboxRow.event_id)))
        return len(sent - applied), len(sent)


@dataclass
class DemoClient:
    """The walk's client: a stub for each service, tokens of the demo's people, the steps so
    far, and the state each service last showed (the case at intake, the hearing file)."""

    stubs: dict[str, Any]
    handovers: dict[str, Handover]  # by receiving service
    issuer: TokenIssuer
    report: Callable[[str], None]
    steps: list[GrpcStep] = field(default_factory=list)
    state: str = ""
    hearing_state: str = ""
    waits: list[tuple[str, float]] = field(default_factory=list)

    def section(self, title: str) -> None:
        self.report("")
        self.report(f"--- {title}")

    def note(self, text: str) -> None:
        """Something that is not a call (the clock moving on), in the steps' indentation."""
        self.report(f"    .. {text}")

    def _metadata(self, who: Person | None, role: Role | None) -> tuple[tuple[str, str], ...]:
        if who is None or role is None:
            return ()
        token = self.issuer.issue(who.id, ORGANISATION, [role], ttl_seconds=600)
        return (("authorization", f"Bearer {token}"), ("x-safecase-role", role.value))

    def _record(
        self, title: str, rpc: str, role: str, outcome: str, detail: str, service: str
    ) -> None:
        state = self.state if service == INTAKE else self.hearing_state
        step = GrpcStep(len(self.steps) + 1, title, rpc, role, outcome, state, detail, service)
        self.steps.append(step)
        for line in step.lines():
            self.report(line)

    def _seen(self, response: Any) -> None:
        case = getattr(response, "case", None)
        if isinstance(case, res.Case) and case.state:
            self.state = state_name(case)
        shown = getattr(response, "hearing_file", None)
        if isinstance(shown, hres.HearingFile):  # "" before the referral, or a blind reply
            self.hearing_state = hearing_state_name(shown) if shown.state else ""

    def settle(self, on: str) -> tuple[float, int]:
        """Wait until the hand-over into ``on`` has applied every event the other side wrote;
        (seconds waited, events written)."""
        handover = self.handovers.get(on)
        started = time.monotonic()
        while handover is not None:
            pending, written = handover.pending()
            if not pending:
                return time.monotonic() - started, written
            if time.monotonic() - started > HANDOVER_WAIT:
                raise GrpcDemoFailed(
                    f"the hand-over into {on} left {pending} event(s) unapplied "
                    f"after {HANDOVER_WAIT:.0f} s"
                )
            time.sleep(0.05)
        return 0.0, 0

    def _send(self, on: str, rpc: str, request: Any, who: Person | None, role: Role | None) -> Any:
        waited, _ = self.settle(on)
        if waited > 0.2:  # the explicit waits settle first: this is a safety net
            self.note(f"waited {waited:.2f} s for the hand-over into {on}")
        return getattr(self.stubs[on], rpc)(
            request, timeout=TIMEOUT, metadata=self._metadata(who, role)
        )

    def call(
        self,
        title: str,
        rpc: str,
        request: Any,
        who: Person | None = None,
        role: Role | None = None,
        detail: Callable[[Any], str] = lambda _: "",
        *,
        on: str = INTAKE,
    ) -> Any:
        """Call ``rpc`` of the service ``on`` as ``who`` acting as ``role`` (without ``who``:
        no token at all)."""
        acting = role.value if role is not None and who is not None else REPORTER
        try:
            response = self._send(on, rpc, request, who, role)
        except grpc.RpcError as error:
            code, reason, message = refusal_of(error)
            raise GrpcDemoFailed(
                f"step {len(self.steps) + 1} ({acting} {on}.{rpc}) failed: "
                f"{code} {reason} {message}"
            ) from None
        self._seen(response)
        self._record(title, rpc, acting, "ok", detail(response), on)
        return response

    def refused(
        self,
        title: str,
        rpc: str,
        request: Any,
        expected: tuple[grpc.StatusCode, str],
        who: Person | None = None,
        role: Role | None = None,
        *,
        on: str = INTAKE,
    ) -> str:
        """Call ``rpc`` expecting the refusal ``expected``; return its code."""
        acting = role.value if role is not None and who is not None else REPORTER
        try:
            self._send(on, rpc, request, who, role)
        except grpc.RpcError as error:
            code, reason, message = refusal_of(error)
            if (code, reason) != (expected[0].name, expected[1]):
                raise GrpcDemoFailed(
                    f"step {len(self.steps) + 1} ({acting} {on}.{rpc}) expected {expected[1]}, "
                    f"got {code} {reason} {message}"
                ) from None
            self._record(title, rpc, acting, reason, f"{code}: {message}", on)
            return reason
        raise GrpcDemoFailed(f"step {len(self.steps) + 1} ({acting} {on}.{rpc}) was not refused")

    def run(
        self, title: str, name: str, command: str, who: Person, acting: Role, /, **arguments: Any
    ) -> pb.RunCaseCommandResponse:
        """Intake's ``RunCaseCommand``: a lifecycle command the typed methods do not carry."""
        struct = struct_pb2.Struct()
        struct.update(arguments)
        request = pb.RunCaseCommandRequest(name=name, command=command, arguments=struct)
        response: pb.RunCaseCommandResponse = self.call(
            title,
            "RunCaseCommand",
            request,
            who,
            acting,
            lambda r: f"{command}: {', '.join(r.event_types)}",
        )
        return response

    def wait(
        self,
        title: str,
        rpc: str,
        request: Any,
        who: Person,
        role: Role,
        until: Callable[[Any], bool],
        detail: Callable[[Any], str] = lambda _: "",
        *,
        on: str,
    ) -> Any:
        """Let the service ``on`` follow the other through the hand-over, which is
        asynchronous: wait until it has applied the other side's events, then read ``rpc``
        until ``until`` holds of the reply (``E_NOT_FOUND``: not there yet)."""
        started = time.monotonic()
        _, written = self.settle(on)
        while True:
            response: Any = None
            try:
                response = self._send(on, rpc, request, who, role)
            except grpc.RpcError as error:
                code, reason, message = refusal_of(error)
                if reason != "E_NOT_FOUND":
                    raise GrpcDemoFailed(
                        f"step {len(self.steps) + 1} ({role.value} {on}.{rpc}) failed: "
                        f"{code} {reason} {message}"
                    ) from None
            if response is not None and until(response):
                break
            if time.monotonic() - started > HANDOVER_WAIT:
                raise GrpcDemoFailed(
                    f"step {len(self.steps) + 1}: {on} did not follow within {HANDOVER_WAIT} s"
                )
            time.sleep(0.1)
        waited = time.monotonic() - started
        self.waits.append((title, waited))
        self._seen(response)
        shown = detail(response)
        applied = f"waited {waited:.2f} s: {on} has applied the {written} events handed over"
        self._record(title, rpc, role.value, "ok", f"{applied}; {shown}" if shown else applied, on)
        return response


def run_grpc_demo(
    directory: Path, plugin: str = "scotland", report: Callable[[str], None] = print
) -> GrpcDemoResult:
    """Create an instance in the empty ``directory``, start the stack and walk the demo over it.

    The stack is stopped before this returns, whether the walk succeeded or not.
    """
    from safecase.services.stack.grpc_demo_hearing import conflicted_candidate, walk_hearing

    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ConfigurationError(f"{directory} is not empty: the demo needs a fresh directory")
    overrides = Scenario.default_overrides(plugin, None)
    clock = DemoClock()
    with _SETTING_UP:
        made = initialise(
            directory,
            organisation_id=ORGANISATION,
            name="Example Swimming (demo)",
            plugin=plugin,
            overrides={s: {k: str(v) for k, v in vs.items()} for s, vs in overrides.items()},
        )
        instance = Instance(made.settings, clock=clock, organisation_key=made.key)
        hearings = open_hearing_context(instance)  # on the same clock
    people = PersonRegistry()
    cast = Cast.create(people, instance.plugins.rule_set, clock().date())
    candidate = people.add(conflicted_candidate(cast))
    for person in people:  # each context keeps its own person registry
        instance.add_person(person)
        hearings.add_person(person)
    stack = Stack(directory, "127.0.0.1:0", hearings_address="127.0.0.1:0")
    report(f"safecase demo over the running stack ({plugin}, data directory {directory})")
    try:
        stack.start(instance, hearings)
    except BaseException:
        stack.stop()
        instance.engine.dispose()
        hearings.engine.dispose()
        raise
    nats_pid = stack.nats.process.pid if stack.nats and stack.nats.process else None
    report(
        f"  NATS {stack.nats_url} (embedded, pid {nats_pid}); intake 127.0.0.1:{stack.intake_port}"
        f"; hearings 127.0.0.1:{stack.hearings_port}"
    )
    try:
        with (
            grpc.insecure_channel(f"127.0.0.1:{stack.intake_port}") as to_intake,
            grpc.insecure_channel(f"127.0.0.1:{stack.hearings_port}") as to_hearings,
        ):
            for channel in (to_intake, to_hearings):
                grpc.channel_ready_future(channel).result(timeout=TIMEOUT)
            stubs = {
                INTAKE: intake_service_pb2_grpc.IntakeServiceStub(to_intake),  # type: ignore[no-untyped-call]
                HEARINGS: hearings_service_pb2_grpc.HearingsServiceStub(to_hearings),  # type: ignore[no-untyped-call]
            }
            handovers = {
                INTAKE: Handover(hearings.engine, instance.engine),
                HEARINGS: Handover(instance.engine, hearings.engine),
            }
            client = DemoClient(stubs, handovers, TokenIssuer(dev_secret(directory)), report)
            walked = _walk(client, instance, cast)
            heard = walk_hearing(client, instance, cast, walked.case, candidate)
        published = _published((instance.engine, hearings.engine), stack)
    finally:
        stack.stop()
        instance.engine.dispose()
        hearings.engine.dispose()
    entries, broken = _verified(Settings.load(directory))
    hearing_entries, hearing_broken = _verified(hearings_settings(Settings.load(directory)))
    result = GrpcDemoResult(
        plugin=plugin,
        rule_set=instance.plugins.rule_set.id,
        directory=directory,
        case=walked.case,
        final_state=client.state,
        hearing_state=client.hearing_state,
        steps=tuple(client.steps),
        messages=walked.messages,
        interim_review=walked.interim_review,
        sanctions_in_force=heard.sanctions_in_force,
        screenings=heard.screenings,
        waits=tuple(client.waits),
        audit_entries=entries,
        audit_broken=broken,
        hearings_audit_entries=hearing_entries,
        hearings_audit_broken=hearing_broken,
        published_events=published,
        nats_pid=nats_pid,
    )
    _summary(result, report)
    return result


def _verified(settings: Settings) -> tuple[int, int | None]:
    """The stored audit chain of one context's database, read afresh after the stack stopped."""
    stored = Instance(settings)
    try:
        return stored.verify_audit()
    finally:
        stored.engine.dispose()


@dataclass(frozen=True)
class _Walked:
    case: str
    messages: tuple[tuple[str, str], ...]
    interim_review: datetime | None


def _walk(client: DemoClient, instance: Instance, cast: Cast) -> _Walked:
    """The walk itself: one anonymous report from receipt to interim measure."""
    rule_set = instance.plugins.rule_set
    dsl, admin, inv, assessor, chair = (
        cast.dsl,
        cast.admin,
        cast.investigator,
        cast.assessor,
        cast.cmg[0],
    )
    category, severity = demo_category(instance.plugins)
    checks = rule_set.checks_for(frozenset({category}))
    now = instance.clock()

    # The anonymous report and its receipt -----------------------------------------------------
    client.section("Intake: an anonymous report, from its receipt to an interim measure")
    submit = pb.SubmitReportRequest(
        parent=PARENT,
        intake_type=res.INTAKE_TYPE_FORMAL_REPORT,
        anonymous=True,
        narrative="At training last month the coach grabbed a young swimmer by the arm and "
        "shook them. I do not want to give my name.",
        categories=[category],
        # the club's reporting form names the coach and the swimmer from its member list;
        # only the reporter stays anonymous
        parties=[
            res.Party(person=cast.complainant.id, role=res.PARTY_ROLE_COMPLAINANT),
            res.Party(
                person=cast.respondent.id, role=res.PARTY_ROLE_RESPONDENT, position_of_trust=True
            ),
        ],
        incident_time=timestamp(now - timedelta(days=30)),
    )
    receipt: pb.SubmitReportResponse = client.call(
        "An anonymous report naming the coach (no token): the reporter gets a receipt",
        "SubmitReport",
        submit,
        detail=lambda r: f"receipt {r.receipt_code}",
    )

    def holder(kind: type, secret: str | None = None, **fields: Any) -> Any:
        return kind(
            parent=PARENT,
            receipt_code=receipt.receipt_code,
            receipt_secret=receipt.receipt_secret if secret is None else secret,
            **fields,
        )

    listed: pb.ListCasesResponse = client.call(
        "The organisation's admin finds the new report",
        "ListCases",
        pb.ListCasesRequest(parent=PARENT, states=[res.CASE_STATE_RECEIVED_REPORT]),
        admin,
        Role.ADMIN,
        lambda r: f"{len(r.cases)} case(s)",
    )
    (case,) = listed.cases
    name = case.name
    client.call(
        "The admin makes the DSL the case manager",
        "AssignCaseManager",
        pb.AssignCaseManagerRequest(name=name, case_manager=dsl.id),
        admin,
        Role.ADMIN,
        lambda r: f"owner {r.case.owner}",
    )
    client.call(
        "The DSL reads the case",
        "GetCase",
        pb.GetCaseRequest(name=name),
        dsl,
        Role.DSL,
        lambda r: f"{r.case.name}, anonymous={r.case.anonymous}",
    )

    # Two-way messages with the anonymous reporter ---------------------------------------------
    client.call(
        "The DSL asks the reporter a question",
        "SendMessageToReporter",
        pb.SendMessageToReporterRequest(name=name, text=QUESTION),
        dsl,
        Role.DSL,
        lambda r: f"message {r.message.name.rsplit('/', 1)[-1]}",
    )
    client.call(
        "The reporter sees an unread message (receipt code and secret only)",
        "GetReceiptStatus",
        holder(pb.GetReceiptStatusRequest),
        detail=lambda r: f"status {r.status.label!r}, {r.status.unread_message_count} unread",
    )
    inbox: pb.ListReceiptMessagesResponse = client.call(
        "The reporter reads it",
        "ListReceiptMessages",
        holder(pb.ListReceiptMessagesRequest),
        detail=lambda r: f"{len(r.messages)} message(s): {r.messages[-1].text!r}",
    )
    if [m.text for m in inbox.messages] != [QUESTION]:
        raise GrpcDemoFailed("the reporter did not receive the DSL's question")
    client.call(
        "The reporter answers",
        "SendReceiptMessage",
        holder(pb.SendReceiptMessageRequest, text=ANSWER),
        detail=lambda r: res.MessageDirection.Name(r.message.direction),
    )
    thread: pb.ListMessagesResponse = client.call(
        "The DSL reads the thread and sees the answer",
        "ListMessages",
        pb.ListMessagesRequest(parent=name),
        dsl,
        Role.DSL,
        lambda r: f"{len(r.messages)} messages, last from the reporter: {r.messages[-1].text!r}",
    )
    messages = tuple(
        (str(res.MessageDirection.Name(m.direction)).removeprefix("MESSAGE_DIRECTION_"), m.text)
        for m in thread.messages
    )
    if messages != (("TO_REPORTER", QUESTION), ("FROM_REPORTER", ANSWER)):
        raise GrpcDemoFailed("the DSL did not see the reporter's answer")
    wrong = format_code("0" * 26)
    client.refused(
        "Someone with the receipt code but a wrong secret",
        "GetReceiptStatus",
        holder(pb.GetReceiptStatusRequest, secret=wrong),
        (grpc.StatusCode.NOT_FOUND, "E_NOT_FOUND"),
    )

    # Triage, statutory referral and the agency hold -------------------------------------------
    answers = {c.id: True for c in checks}
    title = f"Triage: {category}, " + (
        "statutory checks answered yes" if checks else "no statutory check in this rule set"
    )
    if rule_set.intake.nif_commencement_required:  # the typed request has no conduct date
        triaged: Any = client.run(
            f"{title}, conduct date given",
            name,
            "record_triage",
            dsl,
            Role.DSL,
            categories=[category],
            proposed_severity=severity,
            statutory_answers=answers,
            rationale=SHORT_RATIONALE,
            decided_by=[dsl.id],
            conduct_date=(now - timedelta(days=30)).isoformat(),
        )
    else:
        triaged = client.call(
            title,
            "TriageCase",
            pb.TriageCaseRequest(
                name=name,
                categories=[category],
                severity=severity,
                statutory_answers=answers,
                rationale=SHORT_RATIONALE,
                decided_by=[dsl.id],
            ),
            dsl,
            Role.DSL,
            lambda r: "referral due to " + (", ".join(x.agency for x in r.case.referrals) or "-"),
        )
    due = [r for r in triaged.case.referrals if r.status == res.REFERRAL_STATUS_DUE]
    agency = due[0].agency if due else (checks[0].agency if checks else "Police")
    referred: pb.ReferToAgencyResponse = client.call(
        f"Referral to {agency}; the agency asks for a hold",
        "ReferToAgency",
        pb.ReferToAgencyRequest(
            name=name,
            agency=agency,
            check_id=checks[0].id if checks else "",
            reference="AG-0001",
            officer="DC Example",
            hold_requested=True,
        ),
        dsl,
        Role.DSL,
        lambda r: f"referral {res.ReferralStatus.Name(r.referral.status)}",
    )
    for other in referred.case.referrals:
        if other.status == res.REFERRAL_STATUS_DUE:
            client.run(
                f"Referral made to {other.agency}",
                name,
                "record_referral_made",
                dsl,
                Role.DSL,
                referral_id=other.name.rsplit("/", 1)[-1],
                made_at=instance.clock().isoformat(),
                reference="AG-0002",
            )
    decision = cmg_decision(client, instance, name, cast, "agree the route during the hold")
    client.run(
        "The investigator declares no conflict of interest",
        name,
        "sign_coi_declaration",
        dsl,
        Role.DSL,
        person_id=inv.id,
    )
    plan = "Interview the young person with a trusted adult, the coach and the witnesses"
    open_ = pb.OpenInvestigationRequest(
        name=name,
        investigator=inv.id,
        parallel=True,
        plan=plan,
        terms_of_reference=["What happened at training"],
    )
    client.refused(
        "An internal investigation while the agency holds the case",
        "OpenInvestigation",
        open_,
        (grpc.StatusCode.FAILED_PRECONDITION, "E_G04_AGENCY_HOLD"),
        dsl,
        Role.DSL,
    )
    scopes = [
        res.AGENCY_CONSENT_SCOPE_CONTACT_RESPONDENT,
        res.AGENCY_CONSENT_SCOPE_INTERNAL_INVESTIGATION,
        res.AGENCY_CONSENT_SCOPE_INTERIM_MEASURES,
        res.AGENCY_CONSENT_SCOPE_DISCIPLINARY_ACTION,
    ]
    client.call(
        "The agency consents to a parallel internal process",
        "RecordAgencyConsent",
        pb.RecordAgencyConsentRequest(
            name=name,
            referral=referred.referral.name,
            officer="DC Example",
            method=res.CONTACT_METHOD_PHONE,
            note="No objection to a parallel internal process",
            scopes=scopes,
        ),
        dsl,
        Role.DSL,
        lambda r: "referral " + res.ReferralStatus.Name(r.case.referrals[0].status),
    )

    # Investigation and risk assessment ----------------------------------------------------------
    client.call("The parallel investigation opens", "OpenInvestigation", open_, dsl, Role.DSL)
    commission = pb.CommissionRiskAssessmentRequest(
        name=name, assessor=assessor.id, cmg_decision=decision
    )
    client.refused(
        "A risk assessment before the investigation has reported",
        "CommissionRiskAssessment",
        commission,
        (grpc.StatusCode.FAILED_PRECONDITION, "E_G01_INVESTIGATION_REQUIRED"),
        chair,
        Role.CMG,
    )
    investigation = stored_case(instance, name).investigation
    assert investigation is not None
    client.call(
        "Investigation report: conclusion C1 (abuse likely)",
        "SubmitInvestigationReport",
        pb.SubmitInvestigationReportRequest(
            name=name,
            conclusion=res.CONCLUSION_C1_ABUSE_LIKELY,
            terms_of_reference_id=investigation.terms_of_reference_id,
            terms_of_reference_answers=[
                res.TermsOfReferenceAnswer(item_id=i.id, addressed=True)
                for i in investigation.terms_of_reference
            ],
            evidence_index=["statement-1", "statement-2"],
            persons_interviewed=["Complainant A", "Respondent R"],
            child_voice="Heard directly, with a trusted adult present.",
            agency_referral_recommended=True,
        ),
        inv,
        Role.INV,
    )
    decision = cmg_decision(client, instance, name, cast, "commission a risk assessment")
    client.run(
        "The assessor declares no conflict of interest",
        name,
        "sign_coi_declaration",
        dsl,
        Role.DSL,
        person_id=assessor.id,
    )
    commission.cmg_decision = decision
    client.call(
        "The CMG commissions the risk assessment",
        "CommissionRiskAssessment",
        commission,
        chair,
        Role.CMG,
    )
    client.call(
        "The risk assessment is completed: high risk",
        "CompleteRiskAssessment",
        pb.CompleteRiskAssessmentRequest(
            name=name,
            nature_of_behaviour="Physical handling of a child in anger",
            impact="Fear of attending training",
            likelihood_of_recurrence="High without restriction",
            circumstances_of_recurrence="Unsupervised sessions",
            static_factors=["none identified"],
            dynamic_factors=["pressure before competitions"],
            outcome=res.RISK_OUTCOME_HIGH,
        ),
        assessor,
        Role.RA,
    )

    # The interim measure and its review date ---------------------------------------------------
    decision = cmg_decision(client, instance, name, cast, "interim suspension")
    interval = rule_set.interim.max_review_interval
    now = instance.clock()
    limit = Calendar(rule_set.calendar).deadline(now, interval.period)
    review = min(now + timedelta(days=14), limit - timedelta(days=1))
    interim_type = next(
        (t for t in rule_set.interim.types if "SUSPENSION" in t), rule_set.interim.types[0]
    )
    impose = pb.ImposeInterimMeasureRequest(
        name=name,
        type=interim_type,
        scope="All coaching and contact with young members",
        reason="Risk to children while the disciplinary process runs",
        notify_plan="Respondent told in writing; the club told of the restriction only",
        cmg_decision=decision,
        next_review_time=timestamp(limit + timedelta(days=7)),
    )
    client.refused(
        f"An interim measure whose first review is after the rule set's {interval}",
        "ImposeInterimMeasure",
        impose,
        (grpc.StatusCode.FAILED_PRECONDITION, "E_G09_REVIEW_INTERVAL_TOO_LONG"),
        chair,
        Role.CMG,
    )
    impose.next_review_time.CopyFrom(timestamp(review))
    imposed: pb.ImposeInterimMeasureResponse = client.call(
        f"Interim {interim_type.lower().replace('_', ' ')} (not a finding), "
        f"review by {review:%Y-%m-%d}",
        "ImposeInterimMeasure",
        impose,
        chair,
        Role.CMG,
        lambda r: res.InterimMeasureState.Name(r.interim_measure.state),
    )
    measure = imposed.interim_measure
    due_at = measure.next_review_time.ToDatetime(tzinfo=UTC)
    client.call(
        "The DSL's list of overdue interim reviews (nothing is overdue yet)",
        "ListOverdueReviews",
        pb.ListOverdueReviewsRequest(parent=PARENT),
        dsl,
        Role.DSL,
        lambda r: (
            f"{len(r.interim_measures)} overdue; the measure's review is due "
            f"{due_at:%Y-%m-%d %H:%M} UTC"
        ),
    )
    return _Walked(name, messages, due_at)


def stored_case(instance: Instance, name: str) -> Case:
    """The stored case, for ids the ``Case`` resource does not expose."""
    with instance.unit() as unit:
        return unit.store.get(name.rsplit("/", 1)[-1])


def cmg_decision(
    client: DemoClient, instance: Instance, name: str, cast: Cast, subject: str
) -> str:
    """Assign the CMG (after their declarations) if needed and record a quorate decision."""
    assigned = stored_case(instance, name).holders(Role.CMG)
    for member in cast.cmg:
        if member.id in assigned:
            continue
        client.run(
            f"{member.name} declares no conflict of interest",
            name,
            "sign_coi_declaration",
            cast.dsl,
            Role.DSL,
            person_id=member.id,
        )
        client.run(
            f"{member.name} joins the case management group",
            name,
            "assign_role",
            cast.dsl,
            Role.DSL,
            person_id=member.id,
            role="CMG",
        )
    client.run(
        f"The case management group decides: {subject}",
        name,
        "record_cmg_decision",
        cast.cmg[0],
        Role.CMG,
        subject=subject,
        members_present=[m.id for m in cast.cmg],
        vote_outcome="agreed 3-0",
    )
    return stored_case(instance, name).cmg_decisions[-1].id


def _published(engines: tuple[Engine, ...], stack: Stack, wait: float = 15.0) -> int:
    """Messages in the organisation's stream once both relays have sent every outbox row."""
    deadline = time.monotonic() + wait
    while True:
        pending = 0
        for engine in engines:
            with Session(engine) as session:
                pending += (
                    session.scalar(
                        select(func.count())
                        .select_from(OutboxRow)
                        .where(OutboxRow.published_at.is_(None))
                    )
                    or 0
                )
        if not pending or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert stack.nats_url is not None
    return asyncio.run(_stream_messages(stack.nats_url, ORGANISATION))


async def _stream_messages(url: str, organisation_id: str) -> int:
    connection = await nats.connect(url, connect_timeout=TIMEOUT, max_reconnect_attempts=0)
    try:
        js = connection.jetstream(timeout=TIMEOUT)
        info = await js.stream_info(stream_name(organisation_id))
        return int(info.state.messages)
    finally:
        await connection.close()


def _summary(result: GrpcDemoResult, report: Callable[[str], None]) -> None:
    refusals = result.refusals
    report("")
    report(
        f"Rule set {result.rule_set}: after {len(result.steps)} gRPC calls the case is "
        f"{result.final_state} at intake and {result.hearing_state} in the hearing context."
    )
    report(f"{len(refusals)} calls refused: {', '.join(refusals)}.")
    waited = sum(seconds for _, seconds in result.waits)
    report(
        f"Hand-over: {len(result.waits)} times one side followed the other, "
        f"{waited:.2f} s of waiting in all."
    )
    report(
        f"JetStream: {result.published_events} events published to "
        f"{stream_name(ORGANISATION)}; the stack is stopped."
    )
    for label, entries, broken in (
        ("intake", result.audit_entries, result.audit_broken),
        ("hearings", result.hearings_audit_entries, result.hearings_audit_broken),
    ):
        chain = "intact" if broken is None else f"BROKEN at entry {broken}"
        report(f"Audit log ({label}): {entries} entries, chain {chain}.")
    report(f"Check them again: safecase --data-dir {result.directory} audit verify")
    hearing_db = hearings_settings(Settings.load(result.directory)).database_url
    report(
        f"                 SAFECASE_DATABASE_URL={hearing_db} "
        f"safecase --data-dir {result.directory} audit verify"
    )
