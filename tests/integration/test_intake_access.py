"""Need-to-know over the wire: every IntakeService RPC under every role (DOMAIN.md §4, §1.1).

The RPCs are enumerated from the service descriptor and the roles from
:class:`~safecase.core.states.Role`, so neither a new RPC nor a new role can escape. Each RPC is
classified once below: public (the reporter's own methods), a read, a typed case step with the
DOMAIN command(s) it runs, or ``RunCaseCommand`` (a sample of the commands it runs by name).

What each (RPC, role) pair must give comes from DOMAIN.md, through the core's policy module
(the one place that implements §4), never from the service:

* a command: refused exactly when DOMAIN §1.1 step 2 refuses it, i.e. ``E_G08`` for an advisory
  member attempting a T/I command, else ``E_G28_ACCESS_DENIED`` when ``policy.may_run`` says the
  role may not run it (§1.3/§1.4 "who"; :data:`DOMAIN_ACTORS` checks the policy against the
  text for the typed steps). Any other outcome (OK, a guard's FAILED_PRECONDITION, NOT_FOUND,
  ...) is fine: the call got past need-to-know;
* a read: refused exactly when the matrix gives the role no read of the case (§4.2 row 1);
  reporter messages belong to the report (row 4, narrative) as the service documents it.

The case is prepared so that every role is *assigned* to it (§4.1 scope of assignment: owner,
appointed investigator, commissioned assessor, CMG members, both panels, the named advisory
member of a live share, the parties, the intake officer who created it), and the test checks
that before each allowed call, so a refusal can only come from the role. A person with the role
but no assignment, a call without a token and a token of another organisation are refused too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
import pytest
from argon2 import PasswordHasher
from google.protobuf import struct_pb2
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from sqlalchemy.orm import Session

from safecase.core import policy
from safecase.core.case import Case, PartyRole
from safecase.core.commands import COMMANDS, Actor
from safecase.core.consent import DataSharingAgreement
from safecase.core.instance import Instance
from safecase.core.lifecycle.table import OPENING, steps_for
from safecase.core.people import Person
from safecase.core.persistence.store import CaseStore
from safecase.core.states import CaseState, Role
from safecase.core.testing import Cast, Scenario
from safecase.core.testing.instances import migrated_instance
from safecase.core.testing.scenario import SHORT_RATIONALE
from safecase.intake.v1 import intake_service_pb2 as pb
from safecase.intake.v1 import intake_service_pb2_grpc
from safecase.intake.v1 import resources_pb2 as res
from safecase.services.common.auth import TokenIssuer, TokenVerifier
from safecase.services.intake.app import create_server
from safecase.services.intake.commands import HEARING_COMMANDS, OPENING_COMMANDS
from safecase.services.intake.receipts import ReceiptKeeper
from safecase.services.intake.servicer import PUBLIC_METHODS

SECRET = "intake-access-test-secret-of-32-bytes"
ORG = "org-a"
PARENT = f"organizations/{ORG}"
TIMEOUT = 20
SERVICE = pb.DESCRIPTOR.services_by_name["IntakeService"]
METHODS = tuple(m.name for m in SERVICE.methods)
ROLES = tuple(Role)
PERMISSION_DENIED = grpc.StatusCode.PERMISSION_DENIED
G28 = "E_G28_ACCESS_DENIED"
G08 = "E_G08_ADVISORY_NOT_DECISION"
QUESTION = "Should the organisation restrict the coach to supervised sessions meanwhile?"
PACKET_SUMMARY = "The complainant says the coach shouted at them during training."

# --- what each RPC is (reviewable) ---------------------------------------------------------------

PUBLIC = frozenset(m.rsplit("/", 1)[1] for m in PUBLIC_METHODS)

# Typed steps -> the DOMAIN command(s) they run (mapping.py); several when a request field
# selects a variant (an override, ``parallel``, the risk-assessment kind, the closure).
STEP_COMMANDS: dict[str, tuple[str, ...]] = {
    "SubmitReport": ("submit_report", "submit_disclosure"),  # T02, T01 (a named report)
    "ConvertDisclosure": ("convert_to_formal_report",),  # T03/T48
    "TriageCase": ("record_triage", "triage_under_override"),  # T07; T06 with an override
    "AssignCaseManager": ("assign_case_owner",),  # §1.4
    "ReferToAgency": ("refer_to_agency",),  # T05/T11/T20/T21
    "RecordAgencyConsent": ("record_agency_consent",),  # §1.6
    "RecordAgencyRelease": ("record_agency_release",),  # T15
    "OpenInvestigation": ("open_investigation", "open_parallel_investigation"),  # T12; T16
    "ScheduleInterview": ("schedule_interview",),  # §1.4
    "AddEvidence": ("add_evidence",),  # §1.4
    "SubmitInvestigationReport": ("submit_investigation_report",),  # T19
    "CommissionRiskAssessment": ("commission_risk_assessment", "commission_return_assessment"),
    "CompleteRiskAssessment": ("complete_risk_assessment",),
    "ImposeInterimMeasure": ("impose_interim_measure",),  # I1
    "ReviewInterimMeasure": ("review_interim_measure",),  # I2
    # CaseClosure -> command; WITHDRAWN is T10 before triage, T46 after it
    "CloseCase": (
        "no_further_action",  # T14/T23
        "close_disclosure",  # T04
        "record_resolution_outcome",  # T17
        "close_case",  # T40
        "complete_monitoring",  # T41
        "withdraw_and_close",  # T46
        "withdraw_report",  # T10
        "record_external_outcome",  # T45
    ),
    "RecordConsent": ("record_consent",),  # R-CS
    "WithdrawConsent": ("withdraw_consent",),  # R-CS; A4 for a live share
    "StartAdvisoryRequest": ("start_advisory_request",),  # A1
    # a dry run of A2: the need-to-know of the publication it previews
    "PreviewShare": ("publish_advisory_packet",),
    "PublishShare": ("publish_advisory_packet",),  # A2
    "RevokeShare": ("revoke_share",),  # A4
}
CLOSURES: dict[str, str] = {
    "NO_FURTHER_ACTION": "no_further_action",
    "DISCLOSURE_ONLY": "close_disclosure",
    "RESOLVED_INFORMALLY": "record_resolution_outcome",
    "SANCTION_COMPLETED": "close_case",
    "MONITORING_COMPLETED": "complete_monitoring",
    "WITHDRAWN": "withdraw_and_close",
    "EXTERNAL_OUTCOME": "record_external_outcome",
}
# Reads: no command; refused when the matrix gives the role nothing to read (see _read_refused).
READS = frozenset(
    {
        "GetCase",
        "ListCases",
        "ListOverdueReviews",
        "ListMessages",
        "SendMessageToReporter",
        "ListAdvice",
    }
)
RUN = "RunCaseCommand"
# RunCaseCommand runs any command of the intake context by name. One call per command and role
# would take minutes, so a sample: every role runs at least one command of its own and is
# refused others (test_the_run_case_command_sample_covers_every_role), with main (T), interim
# (I), advisory (A), consent (CS) and §1.4 (C) steps. The hearing context's commands and the
# opening ones are never run by intake (the last test).
INTAKE_CONTEXT = frozenset(COMMANDS) - HEARING_COMMANDS - OPENING_COMMANDS
RUN_SAMPLE: tuple[str, ...] = (
    "add_evidence",  # C4: INV, DSL, COMP, RESP
    "assign_role",  # C7: DSL, ADMIN
    "break_glass_read",  # C13: ADMIN, AUD
    "complete_risk_assessment",  # C9: RA
    "escalate_to_formal",  # T18: DSL
    "impose_interim_measure",  # I1: CMG, DSL
    "notify_respondent",  # C1: DSL, INV, PCH
    "record_cmg_decision",  # C8: CMG, DSL
    "record_consent",  # CS: COMP, INTAKE, DSL
    "respondent_request_review",  # I7: RESP
    "reveal_identity",  # C11: REP3
    "revoke_share",  # A4: DSL
    "sign_coi_declaration",  # C5: DSL, INV, RA, CMG, both panels and chairs, ADV
    "submit_advisory_opinion",  # A3: ADV
    "sweep_deadlines",  # D1: SYS
)

# Who may run the typed steps' commands, transcribed from DOMAIN.md (the "Who" columns of
# §1.3-§1.5, §4.2 row 6 for agency consents, §4.1 for the risk assessor). Conditional actors
# ("CMG where the rule set says ...", "DSL in an emergency") are listed: the condition is a
# guard, evaluated after need-to-know.
DOMAIN_ACTORS: dict[str, frozenset[Role]] = {
    "submit_report": frozenset({Role.COMP, Role.REP3, Role.INTAKE, Role.DSL}),
    "submit_disclosure": frozenset({Role.COMP, Role.REP3, Role.INTAKE, Role.DSL}),
    "convert_to_formal_report": frozenset({Role.COMP, Role.INTAKE, Role.DSL}),
    "record_triage": frozenset({Role.DSL, Role.CMG}),
    "triage_under_override": frozenset({Role.DSL}),
    "assign_case_owner": frozenset({Role.ADMIN}),
    "refer_to_agency": frozenset({Role.DSL}),
    "record_agency_consent": frozenset({Role.DSL}),
    "record_agency_release": frozenset({Role.DSL}),
    "open_investigation": frozenset({Role.DSL, Role.CMG}),
    "open_parallel_investigation": frozenset({Role.DSL, Role.CMG}),
    "schedule_interview": frozenset({Role.INV}),
    "add_evidence": frozenset({Role.INV, Role.DSL, Role.COMP, Role.RESP}),
    "submit_investigation_report": frozenset({Role.INV}),
    "commission_risk_assessment": frozenset({Role.CMG, Role.DSL}),
    "commission_return_assessment": frozenset({Role.CMG, Role.DSL}),
    "complete_risk_assessment": frozenset({Role.RA}),
    "impose_interim_measure": frozenset({Role.CMG, Role.DSL}),
    "review_interim_measure": frozenset({Role.CMG}),
    "no_further_action": frozenset({Role.DSL, Role.CMG}),
    "close_disclosure": frozenset({Role.DSL}),
    "record_resolution_outcome": frozenset({Role.DSL}),
    "close_case": frozenset({Role.DSL}),
    "complete_monitoring": frozenset({Role.DSL}),
    "withdraw_and_close": frozenset({Role.DSL}),
    "withdraw_report": frozenset({Role.DSL}),
    "record_external_outcome": frozenset({Role.DSL}),
    "record_consent": frozenset({Role.COMP, Role.INTAKE, Role.DSL}),
    "withdraw_consent": frozenset({Role.COMP, Role.DSL}),
    "start_advisory_request": frozenset({Role.DSL}),
    "publish_advisory_packet": frozenset({Role.DSL}),
    "revoke_share": frozenset({Role.DSL}),
}

# Commands whose success would end the advisory share or the case for the other roles' calls:
# they run on the spare case, where their only actor (the DSL, its owner) is assigned too.
SPARE_CASE_COMMANDS = frozenset({"revoke_share", "withdraw_report", "withdraw_consent"})

# --- the organisation, its people and its cases ---------------------------------------------------


@dataclass
class World:
    instance: Instance
    scenario: Scenario
    channel: grpc.Channel
    stub: intake_service_pb2_grpc.IntakeServiceStub
    people: dict[Role, Person]  # who acts in each role: assigned to the main case
    stranger: Person  # in the organisation, assigned to nothing
    main: str  # APPEAL_LODGED, every role assigned
    spare: str  # RECEIVED_REPORT, owned by the DSL
    receipt: pb.SubmitReportResponse  # of an anonymous report

    @property
    def cast(self) -> Cast:
        return self.scenario.cast

    def now(self) -> datetime:
        return self.scenario.clock.now

    def at(self, **delta: float) -> Timestamp:
        stamp = Timestamp()
        stamp.FromDatetime(self.now() + timedelta(**delta))
        return stamp

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

    def stored(self, name: str) -> Case:
        with Session(self.instance.engine) as session:
            store = CaseStore(session, self.instance.organisation_key, ORG)
            return store.get(name.rsplit("/", 1)[1])

    def invoke(self, method: str, request: Message, metadata: Any = ()) -> Any:
        return getattr(self.stub, method)(request, timeout=TIMEOUT, metadata=metadata)


def _prepare(instance: Instance) -> tuple[Scenario, dict[Role, Person], Person, str, str]:
    """The main case walked to APPEAL_LODGED with every role on it, and a spare report."""
    now = instance.clock()
    dsa = DataSharingAgreement(
        counterparty="advisory service",
        valid_from=now - timedelta(days=30),
        valid_to=now + timedelta(days=3650),
    )  # G11: the organisation shares with the advisory service
    instance.organisation = instance.organisation.model_copy(
        update={"data_sharing_agreements": [dsa]}
    )
    s = Scenario("scotland", instance=instance)
    cast = s.cast
    # a third-party reporter whose name no packet pseudonym contains ("Reporter")
    bystander = instance.add_person(Person(name="Toby Bystander"))
    stranger = instance.add_person(Person(name="Una Signed", org_officer=True))
    reporter = {"person_id": bystander.id, "role": "REPORTER"}
    case = s.open(
        "submit_report",
        Role.INTAKE,  # INTAKE: cases they created
        narrative="Concern reported about a coach's conduct at training.",
        parties=[*s.parties(), reporter],  # COMP, RESP and REP3 are parties
        categories=[s.category()],
    )
    case = s.run(case, "assign_case_owner", Role.ADMIN, person_id=cast.dsl.id)  # DSL: owner
    case = s.triaged(case, severity="MEDIUM")  # a panel of three: a member besides the chair
    case = s.investigating(case)  # INV: appointed
    case = s.risk_assessed(s.concluded(case))  # CMG assigned, RA commissioned
    case = s.notified(s.decided(s.in_hearing(s.hearing_pending(case))))  # PANEL/PCH appointed
    case = s.run(
        case,
        "lodge_appeal",
        Role.RESP,
        appellant="RESPONDENT",
        grounds=["PROCEDURAL_UNFAIRNESS"],
        statement="The panel refused to read the respondent's written submission.",
    )
    case = s.appoint(case, cast.appeal_panel, "appoint_appeal_panel", Role.DSL)  # APANEL/ACH
    case = s.run(case, "start_advisory_request", question=QUESTION)
    consent = {"subject_person_id": cast.complainant.id, "given_by": "SELF"}
    case = s.run(case, "record_consent", purpose="ADVISORY_SHARE", consent=consent)
    case = s.run(case, "sign_coi_declaration", person_id=cast.advisers[0].id)
    expires = (s.clock.now + timedelta(days=14)).isoformat()
    case = s.run(
        case,
        "publish_advisory_packet",
        members=[cast.advisers[0].id],  # ADV: the named member of a live share
        expires_at=expires,
        summary=PACKET_SUMMARY,
    )
    assert case.state is CaseState.APPEAL_LODGED
    spare = s.reported()
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
    return s, people, stranger, case.id, spare.id


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """org-a (Scotland's rules) on SQLite behind the intake service, with the prepared cases."""
    tmp: Path = tmp_path_factory.mktemp("intake-access")
    instance = migrated_instance(f"sqlite:///{tmp / 'safecase.db'}", tmp, organisation_id=ORG)
    scenario, people, stranger, main, spare = _prepare(instance)
    cheap = ReceiptKeeper(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    server, port = create_server(instance, TokenVerifier([SECRET]), keeper=cheap)
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    try:
        stub = intake_service_pb2_grpc.IntakeServiceStub(channel)  # type: ignore[no-untyped-call]
        anonymous = pb.SubmitReportRequest(
            parent=PARENT,
            intake_type=res.INTAKE_TYPE_FORMAL_REPORT,
            anonymous=True,
            narrative="Anonymous concern about a coach",
            categories=[scenario.category()],
        )
        receipt = stub.SubmitReport(anonymous, timeout=TIMEOUT)
        yield World(
            instance,
            scenario,
            channel,
            stub,
            people,
            stranger,
            f"{PARENT}/cases/{main}",
            f"{PARENT}/cases/{spare}",
            receipt,
        )
    finally:
        channel.close()
        server.stop(None).wait()
        instance.engine.dispose()


# --- requests ----------------------------------------------------------------------------------

Build = Callable[[World, Role], Message]


def _override() -> res.MandatoryReportingOverride:
    return res.MandatoryReportingOverride(
        reason="Risk of significant harm to the child if the process waits for consent.",
        legal_basis="UK_CHILD_AT_RISK_OF_SIGNIFICANT_HARM",
        complainant_not_informed_reason="The parent is implicated and would alert the coach.",
    )


def _report(intake_type: str) -> Build:
    def build(w: World, _: Role) -> Message:
        return pb.SubmitReportRequest(
            parent=PARENT,
            intake_type=intake_type,
            narrative="A named concern about a coach",
            categories=[w.scenario.category()],
        )

    return build


def _triage(w: World, _: Role, *, override: bool) -> Message:
    request = pb.TriageCaseRequest(
        name=w.main,
        categories=[w.scenario.category()],
        severity="MEDIUM",
        rationale=SHORT_RATIONALE,
        decided_by=[w.cast.dsl.id],
    )
    if override:
        request.override.CopyFrom(_override())
    return request


def _close(closure: str, case: str = "main") -> Build:
    def build(w: World, _: Role) -> Message:
        return pb.CloseCaseRequest(
            name=getattr(w, case),
            closure=f"CASE_CLOSURE_{closure}",
            rationale=SHORT_RATIONALE,
            decided_by=[w.cast.dsl.id],
            external_outcome="The external body concluded its process.",
            outcomes=["EDUCATION_TRAINING"],
        )

    return build


def _arguments(w: World, role: Role) -> dict[str, dict[str, Any]]:
    """Well-formed arguments of the sampled commands: validation comes before need-to-know."""
    cast, later = w.cast, (w.now() + timedelta(days=7)).isoformat()
    return {
        "add_evidence": {"kind": "STATEMENT", "description": "Statement", "scanned_clean": True},
        "assign_role": {"person_id": cast.cmg[0].id, "role": "CMG"},
        "break_glass_read": {
            "reason": "A data protection complaint about this case needs the access log checked."
        },
        "complete_risk_assessment": {"outcome": "MEDIUM"},
        "escalate_to_formal": {"reason": "Mediation failed"},
        "impose_interim_measure": {
            "type": "SUPERVISED_PRACTICE_ONLY",
            "scope": "All coaching",
            "reason": "Risk to children at the club while the appeal is heard",
            "next_review_at": later,
        },
        "notify_respondent": {},
        "record_cmg_decision": {
            "subject": "interim measures",
            "members_present": [m.id for m in cast.cmg],
            "vote_outcome": "agreed 3-0",
        },
        "record_consent": {
            "purpose": "FORMAL_PROCESS",
            "consent": {"subject_person_id": cast.complainant.id, "given_by": "SELF"},
        },
        "respondent_request_review": {"measure_id": "none", "grounds": "Disproportionate"},
        "reveal_identity": {"person_id": w.person_id(role)},
        "revoke_share": {"reason": "No longer needed"},
        "sign_coi_declaration": {"person_id": w.person_id(role)},
        "submit_advisory_opinion": {"text": "Advice: restrict to supervised sessions."},
        "sweep_deadlines": {},
    }


def _run(command: str) -> Build:
    def build(w: World, role: Role) -> Message:
        arguments = struct_pb2.Struct()
        arguments.update(_arguments(w, role)[command])
        name = w.spare if command in SPARE_CASE_COMMANDS else w.main
        return pb.RunCaseCommandRequest(name=name, command=command, arguments=arguments)

    return build


@dataclass(frozen=True)
class Probe:
    """One well-formed call of ``rpc``; ``command`` is the DOMAIN command it runs (None: a read)."""

    rpc: str
    variant: str
    command: str | None
    build: Build

    @property
    def id(self) -> str:
        return self.rpc if self.variant == self.rpc else f"{self.rpc}[{self.variant}]"


def _probe(rpc: str, command: str | None, build: Build, variant: str | None = None) -> Probe:
    return Probe(rpc, variant or command or rpc, command, build)


STEP_PROBES: tuple[Probe, ...] = (
    _probe("SubmitReport", "submit_report", _report("INTAKE_TYPE_FORMAL_REPORT")),
    _probe("SubmitReport", "submit_disclosure", _report("INTAKE_TYPE_DISCLOSURE")),
    _probe(
        "ConvertDisclosure",
        "convert_to_formal_report",
        lambda w, _: pb.ConvertDisclosureRequest(
            name=w.main,
            consent=res.ComplainantConsent(
                subject_person=w.cast.complainant.id, given_by=res.CONSENT_GIVER_SELF
            ),
        ),
    ),
    _probe("TriageCase", "record_triage", lambda w, r: _triage(w, r, override=False)),
    _probe("TriageCase", "triage_under_override", lambda w, r: _triage(w, r, override=True)),
    _probe(
        "AssignCaseManager",
        "assign_case_owner",
        lambda w, _: pb.AssignCaseManagerRequest(name=w.main, case_manager=w.cast.dsl.id),
    ),
    _probe(
        "ReferToAgency",
        "refer_to_agency",
        lambda w, _: pb.ReferToAgencyRequest(
            name=w.main, agency="POLICE", reference="POL-1", officer="PC Smith"
        ),
    ),
    _probe(
        "RecordAgencyConsent",
        "record_agency_consent",
        lambda w, _: pb.RecordAgencyConsentRequest(
            name=w.main,
            referral=f"{w.main}/referrals/r1",
            officer="PC Smith",
            method=res.CONTACT_METHOD_PHONE,
            note="Agreed by phone",
            scopes=[res.AGENCY_CONSENT_SCOPE_INTERNAL_INVESTIGATION],
        ),
    ),
    _probe(
        "RecordAgencyRelease",
        "record_agency_release",
        lambda w, _: pb.RecordAgencyReleaseRequest(
            name=w.main,
            referral=f"{w.main}/referrals/r1",
            officer="PC Smith",
            type=res.AGENCY_RELEASE_TYPE_PASSED_BACK,
        ),
    ),
    _probe(
        "OpenInvestigation",
        "open_investigation",
        lambda w, _: pb.OpenInvestigationRequest(
            name=w.main, investigator=w.cast.investigator.id, terms_of_reference=["What happened"]
        ),
    ),
    _probe(
        "OpenInvestigation",
        "open_parallel_investigation",
        lambda w, _: pb.OpenInvestigationRequest(
            name=w.main,
            investigator=w.cast.investigator.id,
            terms_of_reference=["What happened"],
            parallel=True,
        ),
    ),
    _probe(
        "ScheduleInterview",
        "schedule_interview",
        lambda w, _: pb.ScheduleInterviewRequest(
            name=w.main, person=w.cast.witness.id, schedule_time=w.at(days=2)
        ),
    ),
    _probe(
        "AddEvidence",
        "add_evidence",
        lambda w, _: pb.AddEvidenceRequest(
            name=w.main,
            evidence=res.Evidence(kind="STATEMENT", description="Statement", scanned_clean=True),
        ),
    ),
    _probe(
        "SubmitInvestigationReport",
        "submit_investigation_report",
        lambda w, _: pb.SubmitInvestigationReportRequest(
            name=w.main, conclusion=res.CONCLUSION_C3_POOR_PRACTICE_ONLY
        ),
    ),
    _probe(
        "CommissionRiskAssessment",
        "commission_risk_assessment",
        lambda w, _: pb.CommissionRiskAssessmentRequest(name=w.main, assessor=w.cast.assessor.id),
    ),
    _probe(
        "CommissionRiskAssessment",
        "commission_return_assessment",
        lambda w, _: pb.CommissionRiskAssessmentRequest(
            name=w.main,
            assessor=w.cast.assessor.id,
            kind=res.RISK_ASSESSMENT_KIND_RETURN_TO_SPORT,
        ),
    ),
    _probe(
        "CompleteRiskAssessment",
        "complete_risk_assessment",
        lambda w, _: pb.CompleteRiskAssessmentRequest(
            name=w.main, outcome=res.RISK_OUTCOME_MEDIUM, nature_of_behaviour="Shouting"
        ),
    ),
    _probe(
        "ImposeInterimMeasure",
        "impose_interim_measure",
        lambda w, _: pb.ImposeInterimMeasureRequest(
            name=w.main,
            type="SUPERVISED_PRACTICE_ONLY",
            scope="All coaching",
            reason="Risk to children at the club while the appeal is heard",
            next_review_time=w.at(days=14),
        ),
    ),
    _probe(
        "ReviewInterimMeasure",
        "review_interim_measure",
        lambda w, _: pb.ReviewInterimMeasureRequest(
            name=w.main,
            interim_measure=f"{w.main}/interimMeasures/none",
            outcome=res.INTERIM_REVIEW_OUTCOME_CONTINUE,
            next_review_time=w.at(days=14),
        ),
    ),
    *(_probe("CloseCase", command, _close(closure)) for closure, command in CLOSURES.items()),
    _probe("CloseCase", "withdraw_report", _close("WITHDRAWN", "spare")),
    _probe(
        "RecordConsent",
        "record_consent",
        lambda w, _: pb.RecordConsentRequest(
            name=w.main,
            purpose=res.CONSENT_PURPOSE_ADVISORY_SHARE,
            consent=res.ComplainantConsent(
                subject_person=w.cast.complainant.id, given_by=res.CONSENT_GIVER_SELF
            ),
        ),
    ),
    _probe(
        "WithdrawConsent",
        "withdraw_consent",
        lambda w, _: pb.WithdrawConsentRequest(
            name=w.spare, purpose=res.CONSENT_PURPOSE_ADVISORY_SHARE
        ),
    ),
    _probe(
        "StartAdvisoryRequest",
        "start_advisory_request",
        lambda w, _: pb.StartAdvisoryRequestRequest(name=w.main, question=QUESTION),
    ),
    _probe(
        "PreviewShare",
        "publish_advisory_packet",
        lambda w, _: pb.PreviewShareRequest(
            name=w.main,
            members=[w.cast.advisers[0].id],
            expire_time=w.at(days=14),
            summary=PACKET_SUMMARY,
        ),
    ),
    _probe(
        "PublishShare",
        "publish_advisory_packet",
        lambda w, _: pb.PublishShareRequest(
            name=w.main,
            members=[w.cast.advisers[0].id],
            expire_time=w.at(days=14),
            summary=PACKET_SUMMARY,
        ),
    ),
    _probe(
        "RevokeShare",
        "revoke_share",
        lambda w, _: pb.RevokeShareRequest(name=w.spare, reason="No longer needed"),
    ),
    *(_probe(RUN, command, _run(command)) for command in RUN_SAMPLE),
)

READ_PROBES: tuple[Probe, ...] = (
    _probe("GetCase", None, lambda w, _: pb.GetCaseRequest(name=w.main)),
    _probe("ListCases", None, lambda w, _: pb.ListCasesRequest(parent=PARENT)),
    _probe("ListOverdueReviews", None, lambda w, _: pb.ListOverdueReviewsRequest(parent=PARENT)),
    _probe("ListMessages", None, lambda w, _: pb.ListMessagesRequest(parent=w.main)),
    _probe(
        "SendMessageToReporter",
        None,
        lambda w, _: pb.SendMessageToReporterRequest(name=w.main, text="Any more details?"),
    ),
    _probe("ListAdvice", None, lambda w, _: pb.ListAdviceRequest(parent=w.main)),
)


def _receipt(kind: type[Message], **fields: Any) -> Build:
    def build(w: World, _: Role) -> Message:
        return kind(
            parent=PARENT,
            receipt_code=w.receipt.receipt_code,
            receipt_secret=w.receipt.receipt_secret,
            **fields,
        )

    return build


PUBLIC_PROBES: tuple[Probe, ...] = (
    _probe(
        "SubmitReport",
        None,
        lambda w, _: pb.SubmitReportRequest(
            parent=PARENT,
            intake_type=res.INTAKE_TYPE_FORMAL_REPORT,
            anonymous=True,
            narrative="Another anonymous concern",
            categories=[w.scenario.category()],
        ),
        "anonymous",
    ),
    _probe("GetReceiptStatus", None, _receipt(pb.GetReceiptStatusRequest)),
    _probe(
        "AddReceiptInformation", None, _receipt(pb.AddReceiptInformationRequest, information="More")
    ),
    _probe("ListReceiptMessages", None, _receipt(pb.ListReceiptMessagesRequest)),
    _probe("SendReceiptMessage", None, _receipt(pb.SendReceiptMessageRequest, text="Hello")),
)

PROBES = (*PUBLIC_PROBES, *READ_PROBES, *STEP_PROBES)
PROTECTED_PROBES = (*READ_PROBES, *STEP_PROBES)


# --- expectations, from DOMAIN through the policy module ------------------------------------------

_CONTENT = frozenset({policy.Access.READ, policy.Access.OWN, policy.Access.READ_REDACTED})
_ORG_WIDE = frozenset({Role.SYS, Role.ADMIN, Role.AUD})  # assigned to every case (§4.1)


def _main_transition(command: str) -> bool:
    """A T/I step (§1.3, §1.5), the commands G08(a) refuses to an advisory member."""
    steps = (*steps_for(command), *([OPENING[command]] if command in OPENING else []))
    return any(step.main_transition for step in steps)


def _command_refusal(role: Role, command: str) -> str | None:
    """DOMAIN §1.1 step 2 for an assigned actor: G08(a), then G28 (may the role run it?)."""
    if role is Role.ADV and _main_transition(command):
        return G08
    if not policy.may_run(role, command):
        return G28
    return None


def _reads_narrative(role: Role, case: Case, now: datetime) -> bool:
    """Row 4 (narrative) with a content view of the case (row 1), and c1 for intake officers."""
    if policy.cell(role, policy.Resource.CASE_METADATA).read not in _CONTENT:
        return False
    if role is Role.INTAKE:
        handover = policy.handed_over_at(case)
        if handover is not None and now >= handover + policy.DEFAULT_HANDOVER_ACCESS:
            return False
    return policy.may_read(role, policy.Resource.NARRATIVE)


def _read_refused(rpc: str, role: Role, case: Case, now: datetime) -> bool:
    if rpc in {"GetCase", "ListAdvice"}:  # row 1: a role with "–" reads nothing of a case
        return not policy.may_read(role, policy.Resource.CASE_METADATA)
    if rpc == "ListMessages":
        return not _reads_narrative(role, case, now)
    if rpc == "SendMessageToReporter":
        return not (
            _reads_narrative(role, case, now) and policy.may_write(role, policy.Resource.NARRATIVE)
        )
    return False  # listings show what the caller may read, and refuse nothing


def _failure(error: grpc.RpcError) -> tuple[grpc.StatusCode, str]:
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    reason = ""
    for detail in status.details if status is not None else ():
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            reason = info.reason
    return error.code(), reason


def _outcome(w: World, probe: Probe, metadata: Any, role: Role = Role.DSL) -> tuple[Any, str]:
    """(status code, reason) of one call; (OK, "") when it succeeded."""
    try:
        w.invoke(probe.rpc, probe.build(w, role), metadata)
    except grpc.RpcError as error:
        return _failure(error)
    return grpc.StatusCode.OK, ""


def _case_of(w: World, probe: Probe) -> str:
    return w.spare if probe.command in SPARE_CASE_COMMANDS else w.main


def _pairs(probes: tuple[Probe, ...]) -> list[Any]:
    return [
        pytest.param(
            probe,
            role,
            id=f"{probe.id}-{role}",
        )
        for probe in probes
        for role in ROLES
    ]


# one call per RPC, for the checks that do not depend on the command it runs
ONE_PER_RPC: tuple[Probe, ...] = tuple({p.rpc: p for p in PROBES[::-1]}.values())[::-1]
CASE_BOUND = tuple(
    p for p in ONE_PER_RPC if p.rpc not in PUBLIC | {"ListCases", "ListOverdueReviews"}
)


# --- the tests --------------------------------------------------------------------------------


def test_every_rpc_is_classified_once_and_probed() -> None:
    classified = [*PUBLIC, *READS, *(rpc for rpc in STEP_COMMANDS if rpc not in PUBLIC), RUN]
    assert sorted(classified) == sorted(METHODS), "a new RPC needs a row in this test"
    assert {p.rpc for p in PROBES} == {p.rpc for p in ONE_PER_RPC} == set(METHODS)
    for rpc, commands in STEP_COMMANDS.items():
        probed = sorted(p.command or "" for p in STEP_PROBES if p.rpc == rpc)
        assert probed == sorted(commands), rpc
    closures = {v.name.removeprefix("CASE_CLOSURE_") for v in res.CaseClosure.DESCRIPTOR.values}
    closures.discard("UNSPECIFIED")
    assert set(CLOSURES) == closures, "a new CaseClosure needs a row in CLOSURES"


def test_the_run_case_command_sample_covers_every_role(world: World) -> None:
    assert set(_arguments(world, Role.DSL)) == set(RUN_SAMPLE) <= INTAKE_CONTEXT
    for role in ROLES:
        if policy.commands_for(role) & INTAKE_CONTEXT:
            assert any(policy.may_run(role, c) for c in RUN_SAMPLE), role
        assert not all(policy.may_run(role, c) for c in RUN_SAMPLE), role
    kinds = {step.id[0] for c in RUN_SAMPLE for step in steps_for(c)}
    assert {"T", "I", "A", "C"} <= kinds


@pytest.mark.parametrize("command", sorted(DOMAIN_ACTORS))
def test_the_policy_lets_exactly_the_domain_actors_run_each_typed_step(command: str) -> None:
    assert {role for role in ROLES if policy.may_run(role, command)} == DOMAIN_ACTORS[command]


def test_every_role_is_assigned_to_the_prepared_case(world: World) -> None:
    """§4.1: the owner, the appointed investigator, the commissioned assessor, the CMG, both
    panels, the named member of a live share, the parties and the intake officer."""
    case, now = world.stored(world.main), world.now()
    assert case.state is CaseState.APPEAL_LODGED
    for role in ROLES:
        assert policy.is_assigned(case, world.actor(role), now), role
    share = case.current_share()
    assert share is not None
    assert share.readable(now)


@pytest.mark.parametrize("role", ROLES, ids=str)
def test_a_listing_shows_the_case_only_to_roles_that_may_read_it(world: World, role: Role) -> None:
    request = pb.ListCasesRequest(parent=PARENT)
    listed = world.invoke("ListCases", request, world.metadata(role)).cases
    assert all(case.name for case in listed), "a blank entry still tells that a case exists"
    shown = world.main in {case.name for case in listed}
    assert shown == policy.may_read(role, policy.Resource.CASE_METADATA)


def test_a_respondent_sees_nothing_of_a_case_before_notice(world: World) -> None:
    """c2: the respondent is a party of the spare report but has not been notified."""
    spare = world.stored(world.spare)
    assert policy.respondent_notice_at(spare) is None
    assert world.people[Role.RESP].id in spare.party_ids(PartyRole.RESPONDENT)
    metadata = world.metadata(Role.RESP)
    with pytest.raises(grpc.RpcError) as refused:
        world.invoke("GetCase", pb.GetCaseRequest(name=world.spare), metadata)
    assert _failure(refused.value) == (PERMISSION_DENIED, G28)
    listed = world.invoke("ListCases", pb.ListCasesRequest(parent=PARENT), metadata).cases
    assert world.spare not in {case.name for case in listed}


@pytest.mark.parametrize(("probe", "role"), _pairs(PROTECTED_PROBES))
def test_each_rpc_is_allowed_or_refused_as_the_matrix_says(
    world: World, probe: Probe, role: Role
) -> None:
    now = world.now()
    if probe.command is not None:
        refusal = _command_refusal(role, probe.command)
    else:
        refused = _read_refused(probe.rpc, role, world.stored(world.main), now)
        refusal = G28 if refused else None
    if refusal is None and probe.rpc != "SubmitReport":  # only the role can refuse it (§4.1)
        case = world.stored(_case_of(world, probe))
        assert policy.is_assigned(case, world.actor(role), now), "preparation: not assigned"

    code, reason = _outcome(world, probe, world.metadata(role), role)

    if refusal == G08:  # a guard's own code, evaluated before G28
        assert (code, reason) == (grpc.StatusCode.FAILED_PRECONDITION, G08)
    elif refusal == G28:
        assert (code, reason) == (PERMISSION_DENIED, G28)
    else:
        assert code != PERMISSION_DENIED, (code, reason)


@pytest.mark.parametrize("role", sorted(set(ROLES) - _ORG_WIDE), ids=str)
@pytest.mark.parametrize("probe", CASE_BOUND, ids=lambda p: p.rpc)
def test_a_person_with_the_role_but_not_on_the_case_is_refused(
    world: World, probe: Probe, role: Role
) -> None:
    stranger = world.actor(role, assigned=False)
    assert not policy.is_assigned(world.stored(_case_of(world, probe)), stranger, world.now())

    code, reason = _outcome(world, probe, world.metadata(role, assigned=False), role)

    if role is Role.ADV and probe.command and _main_transition(probe.command):
        assert (code, reason) == (grpc.StatusCode.FAILED_PRECONDITION, G08)
    else:
        assert (code, reason) == (PERMISSION_DENIED, G28)


@pytest.mark.parametrize(
    "probe", [p for p in ONE_PER_RPC if p.rpc not in PUBLIC], ids=lambda p: p.rpc
)
def test_every_non_public_rpc_needs_a_token(world: World, probe: Probe) -> None:
    assert _outcome(world, probe, ()) == (grpc.StatusCode.UNAUTHENTICATED, "E_UNAUTHENTICATED")


@pytest.mark.parametrize("role", ROLES, ids=str)
@pytest.mark.parametrize("probe", ONE_PER_RPC, ids=lambda p: p.rpc)
def test_a_token_of_another_organisation_is_always_refused(
    world: World, probe: Probe, role: Role
) -> None:
    foreign = world.metadata(role, org="org-b")
    assert _outcome(world, probe, foreign, role) == (PERMISSION_DENIED, G28)


@pytest.mark.parametrize("role", [None, *ROLES], ids=str)
@pytest.mark.parametrize("probe", PUBLIC_PROBES, ids=lambda p: p.rpc)
def test_the_public_rpcs_work_without_a_token_and_with_any_role(
    world: World, probe: Probe, role: Role | None
) -> None:
    metadata = () if role is None else world.metadata(role)
    assert _outcome(world, probe, metadata) == (grpc.StatusCode.OK, "")


@pytest.mark.parametrize("role", ROLES, ids=str)
def test_commands_of_other_contexts_are_never_run_by_intake(world: World, role: Role) -> None:
    """Hearing commands belong to the hearings service, opening ones to SubmitReport: intake
    refuses them to every caller, before need-to-know (it runs nothing)."""
    for command in sorted(HEARING_COMMANDS | OPENING_COMMANDS):
        request = pb.RunCaseCommandRequest(name=world.main, command=command)
        with pytest.raises(grpc.RpcError) as refused:
            world.invoke(RUN, request, world.metadata(role))
        expected = (
            (grpc.StatusCode.FAILED_PRECONDITION, "E_OTHER_SERVICE")
            if command in HEARING_COMMANDS
            else (grpc.StatusCode.INVALID_ARGUMENT, "E_INVALID_ARGUMENT")
        )
        assert _failure(refused.value) == expected, command
