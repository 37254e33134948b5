"""A case from intake through a hearing, a decision and an appeal to a sanction in force, over
gRPC on both services and the real NATS JetStream between them.

The two services share no table: the hearing context learns of the case, and intake of the
panel, the decision and the sanction, only through the hand-over's events. Along the way the
rules refuse an appeal out of time (G06) and an appeal panel with a member of the first panel
(G05); the independent appeal panel hears the appeal; the sanction ends up in force in
intake's case and in the sanction registry; and an event delivered twice has one effect.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import grpc
import nats
import pytest

from safecase.core.case import Case
from safecase.core.people import Person
from safecase.core.persistence.registry_store import RegistryStore
from safecase.core.states import CaseState, Role
from safecase.core.testing.scenario import LONG_RATIONALE
from safecase.hearings.v1 import hearings_service_pb2 as hpb
from safecase.hearings.v1 import resources_pb2 as hres
from safecase.intake.v1 import intake_service_pb2 as ipb
from safecase.intake.v1 import resources_pb2 as ires
from safecase.services.common.envelope import stream_name
from safecase.services.common.handover import HandoverReceiver

FAILED = grpc.StatusCode.FAILED_PRECONDITION
PARENT = "organizations/org-a"
STATEMENT = "The panel refused to read the respondent's written submission in full."


def file_of(case: Case) -> str:
    return f"{PARENT}/cases/{case.id}/hearingFile"


def refused(stack: Any, method: str, request: Any, who: Person, role: Role) -> tuple[Any, str]:
    with pytest.raises(grpc.RpcError) as error:
        stack.call(method, request, who, role)
    code, reason, _ = stack.refusal(error)
    return code, reason


def panel(h: Any, case: Case, people: list[Person], method: str, who: Person, role: Role) -> Any:
    """Each member declares (G10), then the panel is appointed."""
    for person in people:
        h.call(
            "DeclareConflicts", hpb.DeclareConflictsRequest(name=file_of(case)), person, Role.PANEL
        )
    members = [hres.PanelMember(person=p.id, chair=i == 0) for i, p in enumerate(people)]
    request_type = getattr(hpb, f"{method}Request")
    return h.call(method, request_type(name=file_of(case), members=members), who, role)


def decision(h: Any, case: Case, chair: Person) -> hres.Decision:
    stored = h.stored(case)
    return hres.Decision(
        findings=[
            hres.Finding(
                allegation="Belittling a child at training",
                code_reference=sorted(stored.categories)[0],
                outcome=hres.FINDING_OUTCOME_PROVEN,
            )
        ],
        rationale=LONG_RATIONALE,
        standard_of_proof=hres.STANDARD_OF_PROOF_BALANCE_OF_PROBABILITIES,
        sanctions=[hres.Sanction(type="SUSPENSION", months=6)],
        information_considered=[stored.investigation.report.id],
        decided_by=[chair.id],
    )


def at_intake(services: Any, case: Case) -> Any:
    request = ipb.GetCaseRequest(name=f"{PARENT}/cases/{case.id}")
    return services.intake.call("GetCase", request, services.intake.cast.dsl).case


def test_a_case_goes_from_intake_through_a_hearing_and_an_appeal_to_a_sanction_in_force(
    organisation_services: Any,
) -> None:
    services = organisation_services
    i, h = services.intake, services.hearings
    s, cast = i.scenario, i.cast
    wait = services.wait_for

    # Intake works the case up to the risk assessment: the hearing context receives it.
    case = s.risk_assessed(s.concluded(s.investigating(s.triaged(severity="MEDIUM"))))
    wait("the hand-over to hearings", lambda: _caught_up(h, case))

    # The panel is appointed on the hearings service (G10, G21, G26 are checked there).
    size = s.rule_set.panel[case.severity or ""].size  # the rule set's composition (G26)
    appointed = panel(h, case, cast.panel[:size], "AppointPanel", cast.cmg[0], Role.CMG)
    assert appointed.panel.kind == hres.PANEL_KIND_DISCIPLINARY
    wait("the panel at intake", lambda: i.stored(f"{PARENT}/cases/{case.id}").panels)
    wait("the declarations at intake", lambda: _caught_up(i, h.stored(case), f"{PARENT}/cases/"))

    # Intake refers the case to that panel (T25): the hearing context follows.
    _, cmg_decision = s.with_cmg(i.stored(f"{PARENT}/cases/{case.id}"), "refer")
    i.run(
        f"{PARENT}/cases/{case.id}",
        "refer_to_disciplinary",
        cast.cmg[0],
        Role.CMG,
        notice_served_at=s.clock.now.isoformat(),
        cmg_decision_id=cmg_decision,
        child_supporter="Named supporter",
        respondent_support_person="Rep",
        complainant_welfare_plan=True,
        respondent_welfare_plan=True,
    )
    wait("hearing pending", lambda: h.stored(case).state is CaseState.HEARING_PENDING)

    # Hearing, decision, notification of the parties.
    s.clock.advance(days=16)
    chair = cast.panel[0]
    h.call("OpenHearing", hpb.OpenHearingRequest(name=file_of(case)), chair, Role.PCH)
    request = hpb.IssueDecisionRequest(name=file_of(case), decision=decision(h, case, chair))
    h.call("IssueDecision", request, chair, Role.PCH)
    notifications = [
        hres.PartyNotification(party=party, notify_time=h.at())
        for party in (hres.PARTY_KIND_RESPONDENT, hres.PARTY_KIND_COMPLAINANT, hres.PARTY_KIND_ORG)
    ]
    h.call(
        "NotifyParties",
        hpb.NotifyPartiesRequest(name=file_of(case), notifications=notifications),
        cast.dsl,
    )
    # The respondent's representative asks in time for longer; the complainant does not.
    extension = hpb.GrantAppealExtensionRequest(
        name=file_of(case), party=hres.PARTY_KIND_RESPONDENT, reason="Representative in hospital."
    )
    extension.new_deadline_time.FromDatetime(s.clock.now + timedelta(days=40))
    h.call("GrantAppealExtension", extension, cast.dsl)
    s.after_appeal_window()

    # G06: the complainant's appeal, after the window closed, is refused ...
    late = hpb.LodgeAppealRequest(
        name=file_of(case),
        appellant=hres.PARTY_KIND_COMPLAINANT,
        grounds=["PROCEDURAL_UNFAIRNESS"],
        statement=STATEMENT,
    )
    assert refused(h, "LodgeAppeal", late, cast.complainant, Role.COMP) == (
        FAILED,
        "E_G06_APPEAL_OUT_OF_TIME",
    )
    # ... the respondent's, inside the extension, is lodged.
    in_time = hpb.LodgeAppealRequest(
        name=file_of(case),
        appellant=hres.PARTY_KIND_RESPONDENT,
        grounds=["PROCEDURAL_UNFAIRNESS"],
        statement=STATEMENT,
    )
    h.call("LodgeAppeal", in_time, cast.respondent, Role.RESP)

    # G05: an appeal panel with a member of the first panel is refused; an independent one sits.
    mixed = [cast.panel[0], *cast.appeal_panel[1:size]]
    with pytest.raises(grpc.RpcError) as error:
        panel(h, case, mixed, "AppointAppealPanel", cast.dsl, Role.DSL)
    assert h.refusal(error)[:2] == (FAILED, "E_G05_APPEAL_PANEL_NOT_INDEPENDENT")
    panel(h, case, cast.appeal_panel[:size], "AppointAppealPanel", cast.dsl, Role.DSL)
    appeal_chair = cast.appeal_panel[0]
    h.call(
        "OpenAppealHearing",
        hpb.OpenAppealHearingRequest(name=file_of(case)),
        appeal_chair,
        Role.ACH,
    )
    upheld = hpb.IssueAppealDecisionRequest(
        name=file_of(case),
        result=hres.APPEAL_RESULT_UPHELD,
        decision=decision(h, case, appeal_chair),
    )
    decided = h.call("IssueAppealDecision", upheld, appeal_chair, Role.ACH)
    assert decided.hearing_file.state == hres.HEARING_STATE_SANCTION_IN_FORCE

    # Intake's case follows: the sanction is in force there, with both decisions.
    name = f"{PARENT}/cases/{case.id}"
    wait("the sanction at intake", lambda: i.stored(name).state is CaseState.SANCTION_IN_FORCE)
    assert at_intake(services, case).state == ires.CASE_STATE_SANCTION_IN_FORCE  # over gRPC
    stored = i.stored(f"{PARENT}/cases/{case.id}")
    assert [d.id for d in stored.decisions] == [d.id for d in h.stored(case).decisions]
    assert len(stored.appeals) == 1

    # The registry lists the sanction, and screening finds the respondent.
    listed = h.call(
        "ListSanctionsInForce", hpb.ListSanctionsInForceRequest(parent=PARENT), cast.dsl
    )
    assert [(e.person.person, e.sanction_type) for e in listed.registry_entries] == [
        (cast.respondent.id, "SUSPENSION")
    ]
    with h.instance.unit() as unit:
        entries = RegistryStore(unit.session, h.instance.organisation_key, "org-a").entries()
    assert [e.sanction_type for e in entries] == ["SUSPENSION"]

    # An event delivered twice has one effect.
    assert asyncio.run(_redeliver_to_intake(services)) == (True, False)


def _caught_up(side: Any, case: Case, prefix: str = "") -> bool:
    """Whether ``side`` has applied every snapshot of ``case`` sent so far (a step taken
    meanwhile would meet the hand-over's write and be ABORTED, for the client to retry)."""
    with side.instance.unit() as unit:
        if not unit.store.exists(case.id):
            return False
    return bool(side.stored(prefix + case.id if prefix else case).updated_at >= case.updated_at)


async def _redeliver_to_intake(services: Any) -> tuple[bool, bool]:
    """The last hearing event, applied by a fresh intake consumer twice: once, then nothing."""
    nc = await nats.connect(services.backbone.url)
    try:
        js = nc.jetstream()
        receiver = HandoverReceiver("org-a", services.intake.instance.organisation_key, "hearing")
        consumer = await receiver.consumer(services.intake.instance.engine, js)
        consumer.durable = "test-redelivery"
        sub = await js.pull_subscribe(
            receiver.subject, durable="test-redelivery-reader", stream=stream_name("org-a")
        )
        messages = await sub.fetch(500, timeout=2)
        last = messages[-1]
        return consumer.apply(last.data), consumer.apply(last.data)
    finally:
        await nc.close()
