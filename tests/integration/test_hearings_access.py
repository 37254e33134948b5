"""Need-to-know over the wire: every HearingsService RPC under every role (DOMAIN.md §4, §1.1).

The RPCs are enumerated from the service descriptor and the roles from
:class:`~safecase.core.states.Role`, so neither a new RPC nor a new role can escape. Each RPC is
classified once below: a read of a hearing file, a typed step with the DOMAIN command it runs,
``RunHearingCommand`` (a sample of commands by name), or a registry method.

What each (RPC, role) pair must give comes from DOMAIN.md through the core's policy module,
never from the service:

* a command: ``E_G08`` for an advisory member attempting a T/I command, else
  ``E_G28_ACCESS_DENIED`` when ``policy.may_run`` says the role may not run it; any other
  outcome (OK, a guard's FAILED_PRECONDITION ...) means the call got past need-to-know;
* reading a file: refused exactly when §4.2 row 1 gives the role nothing; a listing refuses
  nothing and shows what the caller may read;
* the registry (row 18): refused when the role has no read of it, or only the panel's read of
  a respondent's prior entries at the sanction stage of a case (c15), which is case-bound; an
  export carries names, so it needs a full read;
* screening (row 19): refused when the role has no read of the results, and a respondent
  ("own") may not screen anyone else; resolving a hold needs write access.

The case is prepared so that every role is assigned to it (§4.1), so a refusal can only come
from the role. A token of another organisation, and a call without a token, are always refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import struct_pb2
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from safecase.core import policy
from safecase.core.case import Case
from safecase.core.commands import Actor
from safecase.core.consent import DataSharingAgreement
from safecase.core.instance import Instance
from safecase.core.lifecycle.table import steps_for
from safecase.core.people import Person
from safecase.core.persistence.registry_store import RegistryStore
from safecase.core.registry import registry_entries_for
from safecase.core.states import CaseState, Role
from safecase.core.testing import Scenario
from safecase.core.testing.instances import migrated_instance
from safecase.core.testing.scenario import LONG_RATIONALE
from safecase.hearings.v1 import hearings_service_pb2 as pb
from safecase.hearings.v1 import hearings_service_pb2_grpc
from safecase.hearings.v1 import resources_pb2 as res
from safecase.services.common.auth import TokenIssuer, TokenVerifier
from safecase.services.hearings.app import create_server

SECRET = "hearings-access-test-secret-of-32-bytes"
ORG = "org-a"
PARENT = f"organizations/{ORG}"
TIMEOUT = 20
SERVICE = pb.DESCRIPTOR.services_by_name["HearingsService"]
METHODS = tuple(m.name for m in SERVICE.methods)
ROLES = tuple(Role)
DENIED = (grpc.StatusCode.PERMISSION_DENIED, "E_G28_ACCESS_DENIED")
G08 = (grpc.StatusCode.FAILED_PRECONDITION, "E_G08_ADVISORY_NOT_DECISION")
R = policy.Resource


@dataclass
class World:
    instance: Instance
    scenario: Scenario
    channel: grpc.Channel
    stub: hearings_service_pb2_grpc.HearingsServiceStub
    people: dict[Role, Person]
    stranger: Person
    case_id: str

    @property
    def file(self) -> str:
        return f"{PARENT}/cases/{self.case_id}/hearingFile"

    def person_id(self, role: Role, *, assigned: bool = True) -> str:
        if role is Role.SYS:
            return "system"
        return (self.people[role] if assigned else self.stranger).id

    def actor(self, role: Role, *, assigned: bool = True) -> Actor:
        return Actor(
            person_id=self.person_id(role, assigned=assigned), role=role, organisation_id=ORG
        )

    def metadata(
        self, role: Role, *, assigned: bool = True, org: str = ORG
    ) -> tuple[tuple[str, str], ...]:
        token = TokenIssuer(SECRET).issue(self.person_id(role, assigned=assigned), org, [role])
        return (("authorization", f"Bearer {token}"), ("x-safecase-role", role.value))

    def stored(self) -> Case:
        with self.instance.unit() as unit:
            return unit.store.get(self.case_id)


def _prepare(instance: Instance) -> tuple[Scenario, dict[Role, Person], Person, str]:
    """A case in APPEAL_LODGED with both panels, a live advisory share and every role on it,
    and its respondent's registry entry (a sanction in force pending appeal)."""
    now = instance.clock()
    dsa = DataSharingAgreement(
        counterparty="advisory service",
        valid_from=now - timedelta(days=30),
        valid_to=now + timedelta(days=3650),
    )
    instance.organisation = instance.organisation.model_copy(
        update={"data_sharing_agreements": [dsa]}
    )
    s = Scenario("scotland", instance=instance)
    cast = s.cast
    bystander = instance.add_person(Person(name="Toby Bystander"))
    stranger = instance.add_person(Person(name="Una Signed", org_officer=True))
    case = s.open(
        "submit_report",
        Role.INTAKE,
        narrative="Concern reported about a coach's conduct at training.",
        parties=[*s.parties(), {"person_id": bystander.id, "role": "REPORTER"}],
        categories=[s.category()],
    )
    case = s.run(case, "assign_case_owner", Role.ADMIN, person_id=cast.dsl.id)
    case = s.triaged(case, severity="MEDIUM")
    case = s.risk_assessed(s.concluded(s.investigating(case)))
    suspension = [{"type": "SUSPENSION", "months": 6}]  # in force pending appeal (Scotland)
    case = s.notified(s.decided(s.in_hearing(s.hearing_pending(case)), sanctions=suspension))
    case = s.run(
        case,
        "lodge_appeal",
        Role.RESP,
        appellant="RESPONDENT",
        grounds=["PROCEDURAL_UNFAIRNESS"],
        statement="The panel refused to read the respondent's written submission.",
    )
    case = s.appoint(case, cast.appeal_panel, "appoint_appeal_panel", Role.DSL)
    case = s.run(case, "start_advisory_request", question="Should the coach be supervised?")
    consent = {"subject_person_id": cast.complainant.id, "given_by": "SELF"}
    case = s.run(case, "record_consent", purpose="ADVISORY_SHARE", consent=consent)
    case = s.run(case, "sign_coi_declaration", person_id=cast.advisers[0].id)
    case = s.run(
        case,
        "publish_advisory_packet",
        members=[cast.advisers[0].id],
        expires_at=(s.clock.now + timedelta(days=14)).isoformat(),
        summary="The complainant says the coach shouted at them during training.",
    )
    assert case.state is CaseState.APPEAL_LODGED
    with instance.unit() as unit:
        store = RegistryStore(unit.session, instance.organisation_key, ORG)
        for entry in registry_entries_for(case, instance.plugins.rule_set, unit.people):
            store.record(entry, now=case.updated_at)
    people = {
        Role.INTAKE: cast.intake,
        Role.DSL: cast.dsl,
        Role.INV: cast.investigator,
        Role.RA: cast.assessor,
        Role.CMG: cast.cmg[0],
        Role.PANEL: cast.panel[1],
        Role.PCH: cast.panel[0],
        Role.APANEL: cast.appeal_panel[1],
        Role.ACH: cast.appeal_panel[0],
        Role.ADV: cast.advisers[0],
        Role.ADMIN: cast.admin,
        Role.AUD: cast.auditor,
        Role.COMP: cast.complainant,
        Role.RESP: cast.respondent,
        Role.REP3: bystander,
    }
    return s, people, stranger, case.id


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The hearing context of org-a (Scotland's rules) on SQLite behind the hearings service."""
    tmp: Path = tmp_path_factory.mktemp("hearings-access")
    instance = migrated_instance(f"sqlite:///{tmp / 'hearings.sqlite'}", tmp, organisation_id=ORG)
    scenario, people, stranger, case_id = _prepare(instance)
    server, port = create_server(instance, TokenVerifier([SECRET]))
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    try:
        stub = hearings_service_pb2_grpc.HearingsServiceStub(channel)  # type: ignore[no-untyped-call]
        yield World(instance, scenario, channel, stub, people, stranger, case_id)
    finally:
        channel.close()
        server.stop(None).wait()
        instance.engine.dispose()


# --- what each RPC is (reviewable) ---------------------------------------------------------------

Build = Callable[[World, Role], Message]


@dataclass(frozen=True)
class Probe:
    """One well-formed call of ``rpc``; ``command`` is the DOMAIN command it runs, if any."""

    rpc: str
    command: str | None
    build: Build

    @property
    def id(self) -> str:
        return f"{self.rpc}[{self.command}]" if self.command else self.rpc


def _decision(w: World) -> res.Decision:
    return res.Decision(
        findings=[
            res.Finding(allegation="x", code_reference="x", outcome=res.FINDING_OUTCOME_PROVEN)
        ],
        rationale=LONG_RATIONALE,
        standard_of_proof=res.STANDARD_OF_PROOF_BALANCE_OF_PROBABILITIES,
        information_considered=["report"],
        decided_by=[w.person_id(Role.PCH)],
    )


def _run(command: str, **arguments: Any) -> Build:
    def build(w: World, role: Role) -> Message:
        struct = struct_pb2.Struct()
        struct.update({k: (w.person_id(role) if v is _SELF else v) for k, v in arguments.items()})
        return pb.RunHearingCommandRequest(name=w.file, command=command, arguments=struct)

    return build


_SELF = object()  # an argument that is the caller's own person id


def _later(w: World, **delta: float) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(w.scenario.clock.now + timedelta(**delta))
    return stamp


def _members(w: World) -> list[res.PanelMember]:
    # the stranger signed no declaration: a guard refuses the panel after need-to-know, so a
    # successful call can never replace the panels the other roles are assigned through
    return [res.PanelMember(person=w.stranger.id, chair=True)]


STEP_PROBES: tuple[Probe, ...] = (
    Probe(
        "AppointPanel",
        "appoint_panel",
        lambda w, _: pb.AppointPanelRequest(name=w.file, members=_members(w)),
    ),
    Probe(
        "AppointAppealPanel",
        "appoint_appeal_panel",
        lambda w, _: pb.AppointAppealPanelRequest(name=w.file, members=_members(w)),
    ),
    Probe(
        "DeclareConflicts",
        "sign_coi_declaration",
        lambda w, r: pb.DeclareConflictsRequest(name=w.file, person=w.person_id(r)),
    ),
    Probe("OpenHearing", "open_hearing", lambda w, _: pb.OpenHearingRequest(name=w.file)),
    Probe(
        "IssueDecision",
        "issue_decision",
        lambda w, _: pb.IssueDecisionRequest(name=w.file, decision=_decision(w)),
    ),
    Probe(
        "IssueDecisionOnAdmission",
        "issue_decision_on_admission",
        lambda w, _: pb.IssueDecisionOnAdmissionRequest(
            name=w.file, decision=_decision(w), admission_ref="letter-1"
        ),
    ),
    Probe(
        "NotifyParties",
        "notify_parties",
        lambda w, _: pb.NotifyPartiesRequest(
            name=w.file,
            notifications=[res.PartyNotification(party=res.PARTY_KIND_ORG, notify_time=_later(w))],
        ),
    ),
    Probe(
        "WaiveAppeal",
        "waive_appeal",
        lambda w, _: pb.WaiveAppealRequest(name=w.file, party=res.PARTY_KIND_RESPONDENT),
    ),
    Probe(
        "GrantAppealExtension",
        "grant_appeal_extension",
        lambda w, _: pb.GrantAppealExtensionRequest(
            name=w.file,
            party=res.PARTY_KIND_RESPONDENT,
            new_deadline_time=_later(w, days=30),
            reason="The representative was in hospital for a week.",
        ),
    ),
    Probe(
        "LodgeAppeal",
        "lodge_appeal",
        lambda w, _: pb.LodgeAppealRequest(
            name=w.file,
            appellant=res.PARTY_KIND_RESPONDENT,
            grounds=["NEW_EVIDENCE"],
            statement="New evidence shows the respondent was not at the session at all.",
        ),
    ),
    Probe(
        "ExpireAppealWindow",
        "appeal_window_expired",
        lambda w, _: pb.ExpireAppealWindowRequest(name=w.file),
    ),
    Probe(
        "OpenAppealHearing",
        "open_appeal_hearing",
        lambda w, _: pb.OpenAppealHearingRequest(name=w.file),
    ),
    Probe(
        "IssueAppealDecision",
        "issue_appeal_decision",
        lambda w, _: pb.IssueAppealDecisionRequest(
            name=w.file, result=res.APPEAL_RESULT_UPHELD, decision=_decision(w)
        ),
    ),
    Probe(
        "StartMonitoring",
        "start_monitoring",
        lambda w, _: pb.StartMonitoringRequest(name=w.file, conditions="Supervised only"),
    ),
    Probe(
        "CompleteMonitoring",
        "complete_monitoring",
        lambda w, _: pb.CompleteMonitoringRequest(name=w.file, rationale=LONG_RATIONALE),
    ),
    Probe(
        "CloseCase",
        "close_case",
        lambda w, _: pb.CloseCaseRequest(name=w.file, rationale=LONG_RATIONALE),
    ),
    # RunHearingCommand: a sample reaching a command of every actor of the hearing context
    Probe(
        "RunHearingCommand", "record_condition_breach", _run("record_condition_breach", reason="x")
    ),
    Probe("RunHearingCommand", "waive_appeal", _run("waive_appeal", party="COMPLAINANT")),
    Probe(
        "RunHearingCommand", "sign_coi_declaration", _run("sign_coi_declaration", person_id=_SELF)
    ),
    Probe("RunHearingCommand", "appeal_window_expired", _run("appeal_window_expired")),
)
FILE_READS: tuple[Probe, ...] = (
    Probe("GetHearingFile", None, lambda w, _: pb.GetHearingFileRequest(name=w.file)),
)
LISTINGS: tuple[Probe, ...] = (
    Probe("ListHearingFiles", None, lambda w, _: pb.ListHearingFilesRequest(parent=PARENT)),
)
REGISTRY: tuple[Probe, ...] = (
    Probe("ListSanctionsInForce", None, lambda w, _: pb.ListSanctionsInForceRequest(parent=PARENT)),
    Probe(
        "ExportRegistry",
        None,
        lambda w, _: pb.ExportRegistryRequest(
            parent=PARENT, visibilities=[res.REGISTRY_VISIBILITY_SHARED_DSA]
        ),
    ),
    Probe(
        "ScreenPerson",
        None,
        lambda w, _: pb.ScreenPersonRequest(
            parent=PARENT, legal_name="Morgan Coach", role=res.SPORT_ROLE_COACH
        ),
    ),
    Probe(
        "ResolveScreening",
        None,
        lambda w, _: pb.ResolveScreeningRequest(
            name=f"{PARENT}/screeningResults/r1",
            resolution=res.SCREENING_RESOLUTION_TYPE_NOT_SAME_PERSON,
            reason="Dates of birth differ, checked against the membership record.",
        ),
    ),
)
PROBES = (*FILE_READS, *LISTINGS, *STEP_PROBES, *REGISTRY)
ONE_PER_RPC = tuple({p.rpc: p for p in PROBES[::-1]}.values())[::-1]


# --- expectations, from DOMAIN through the policy module ------------------------------------------


def _main_transition(command: str) -> bool:
    return any(step.main_transition for step in steps_for(command))


def _expected(probe: Probe, role: Role) -> tuple[Any, str] | None:
    """The refusal the matrix gives ``role`` for ``probe``; ``None``: past need-to-know."""
    if probe.command is not None:
        if role is Role.ADV and _main_transition(probe.command):
            return G08
        return None if policy.may_run(role, probe.command) else DENIED
    if probe.rpc == "GetHearingFile":
        return None if policy.may_read(role, R.CASE_METADATA) else DENIED
    if probe.rpc == "ListHearingFiles":
        return None
    registry = policy.cell(role, R.SANCTION_REGISTRY)
    screening = policy.cell(role, R.SCREENING_RESULTS)
    if probe.rpc == "ListSanctionsInForce":
        refused = registry.read is policy.Access.NONE or registry.condition == "c15"
    elif probe.rpc == "ExportRegistry":
        refused = registry.read is not policy.Access.READ or registry.condition is not None
    elif probe.rpc == "ScreenPerson":  # of someone else: a respondent sees only their own
        refused = screening.read in {policy.Access.NONE, policy.Access.STATUS_LABEL}
    else:
        assert probe.rpc == "ResolveScreening"  # of a screening that does not exist
        refused = not policy.may_write(role, R.SCREENING_RESULTS)
    return DENIED if refused else None


def _failure(error: grpc.RpcError) -> tuple[Any, str]:
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    reason = ""
    for detail in status.details if status is not None else ():
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            reason = info.reason
    return error.code(), reason


def _outcome(w: World, probe: Probe, metadata: Any, role: Role = Role.DSL) -> tuple[Any, str]:
    try:
        getattr(w.stub, probe.rpc)(probe.build(w, role), timeout=TIMEOUT, metadata=metadata)
    except grpc.RpcError as error:
        return _failure(error)
    return grpc.StatusCode.OK, ""


# --- the tests --------------------------------------------------------------------------------


def test_every_rpc_is_classified_and_probed() -> None:
    assert {p.rpc for p in PROBES} == set(METHODS), "a new RPC needs a probe in this test"


def test_every_role_is_assigned_to_the_prepared_case(world: World) -> None:
    case, now = world.stored(), world.scenario.clock.now
    assert case.state is CaseState.APPEAL_LODGED
    for role in ROLES:
        assert policy.is_assigned(case, world.actor(role), now), role


@pytest.mark.parametrize(
    ("probe", "role"),
    [pytest.param(p, r, id=f"{p.id}-{r}") for p in PROBES for r in ROLES],
)
def test_each_rpc_is_allowed_or_refused_as_the_matrix_says(
    world: World, probe: Probe, role: Role
) -> None:
    expected = _expected(probe, role)

    outcome = _outcome(world, probe, world.metadata(role), role)

    if expected is None:
        assert outcome[0] != grpc.StatusCode.PERMISSION_DENIED, outcome
        assert outcome != G08, outcome
    else:
        assert outcome == expected


@pytest.mark.parametrize("role", sorted(set(ROLES) - {Role.SYS, Role.ADMIN, Role.AUD}), ids=str)
@pytest.mark.parametrize("probe", [*FILE_READS, *STEP_PROBES[:16]], ids=lambda p: p.rpc)
def test_a_person_with_the_role_but_not_on_the_case_is_refused(
    world: World, probe: Probe, role: Role
) -> None:
    """G28 per case (§4.1); the declaration probe names the assigned person, so the stranger
    signs for someone else, which the exception for one's own declaration does not cover."""
    stranger = world.actor(role, assigned=False)
    assert not policy.is_assigned(world.stored(), stranger, world.scenario.clock.now)

    outcome = _outcome(world, probe, world.metadata(role, assigned=False), role)

    if role is Role.ADV and probe.command and _main_transition(probe.command):
        assert outcome == G08
    else:
        assert outcome == DENIED


@pytest.mark.parametrize("probe", ONE_PER_RPC, ids=lambda p: p.rpc)
def test_every_rpc_needs_a_token(world: World, probe: Probe) -> None:
    assert _outcome(world, probe, ()) == (grpc.StatusCode.UNAUTHENTICATED, "E_UNAUTHENTICATED")


@pytest.mark.parametrize("role", ROLES, ids=str)
@pytest.mark.parametrize("probe", ONE_PER_RPC, ids=lambda p: p.rpc)
def test_a_token_of_another_organisation_is_always_refused(
    world: World, probe: Probe, role: Role
) -> None:
    assert _outcome(world, probe, world.metadata(role, org="org-b"), role) == DENIED
