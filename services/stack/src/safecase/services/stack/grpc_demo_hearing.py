"""The guided demo's second half: the hearing context, over the hearings service's gRPC API.

It picks up the case :mod:`safecase.services.stack.grpc_demo` walked to a risk assessment at
intake and carries it, as the hand-over does (docs/handover.md "The path of a case"), to a
sanction in force and the sanction registry:

- the case reaches the hearing context through the hand-over (waited for);
- the case management group appoints the panel on the hearings service; a proposal chaired by
  the respondent's relative is refused (G10); the panel comes back to intake (waited for);
- intake refers the case to the disciplinary panel (T25, which checks that panel) and the
  hearing context follows to ``HEARING_PENDING`` (waited for);
- the chair opens the hearing: refused before the notice period has passed (G24), allowed once
  the clock has moved on;
- a decision on the wrong standard of proof is refused (G07), then the panel's decision with a
  sanction is issued and the parties are notified;
- the timer cannot end the appeal window while it is open (G06); once the clock has passed it,
  the respondent's appeal is out of time (G06) and the sanction comes into force; intake's case
  follows to ``SANCTION_IN_FORCE`` (waited for);
- the registry lists the sanction; screening a new volunteer with a similar name and the same
  date of birth holds them for manual review (G33), an unrelated person is clear; the DSL's
  resolution of the hold needs a reason (G33, refused with one line) and, once checked against
  the membership record, clears the volunteer.

Both services run on the demo's :class:`~safecase.services.stack.grpc_demo.DemoClock`: the
notice period and the appeal window pass when the demo moves it on, not in real time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, timedelta
from typing import Any

import grpc

from safecase.core.calendar import Calendar
from safecase.core.instance import Instance
from safecase.core.people import Person, Relationship, RelationshipKind
from safecase.core.ruleset import RuleSet, StandardOfProof
from safecase.core.states import Role
from safecase.core.testing.scenario import LONG_RATIONALE, Cast
from safecase.hearings.v1 import hearings_service_pb2 as hpb
from safecase.hearings.v1 import resources_pb2 as hres
from safecase.intake.v1 import intake_service_pb2 as pb
from safecase.services.stack.grpc_demo import (
    HEARINGS,
    INTAKE,
    PARENT,
    DemoClient,
    DemoClock,
    GrpcDemoFailed,
    Screening,
    cmg_decision,
    state_name,
    stored_case,
    timestamp,
)

__all__ = ["Heard", "conflicted_candidate", "walk_hearing"]

FAILED = grpc.StatusCode.FAILED_PRECONDITION
PARTIES = (hres.PARTY_KIND_RESPONDENT, hres.PARTY_KIND_COMPLAINANT, hres.PARTY_KIND_ORG)
APPEAL_STATEMENT = "The panel did not give enough weight to the coach's written account of events."
UNRELATED = ("Alex Newcomer", date(1990, 6, 30))  # screened too: no one in the registry
NOT_SAME_PERSON = hres.SCREENING_RESOLUTION_TYPE_NOT_SAME_PERSON
RESOLUTION_REASON = (
    "The membership record shows another address and another club since 2019: not the coach."
)
AGGRAVATING = "ABUSE_OF_POSITION"  # the coach's position of trust
STANDARDS = {
    StandardOfProof.BALANCE_OF_PROBABILITIES: hres.STANDARD_OF_PROOF_BALANCE_OF_PROBABILITIES,
    StandardOfProof.PREPONDERANCE_OF_EVIDENCE: hres.STANDARD_OF_PROOF_PREPONDERANCE_OF_EVIDENCE,
    StandardOfProof.BEYOND_REASONABLE_DOUBT: hres.STANDARD_OF_PROOF_BEYOND_REASONABLE_DOUBT,
}


@dataclass(frozen=True)
class Heard:
    """What the hearing context showed at the end."""

    sanctions_in_force: tuple[tuple[str, str], ...]  # (legal name, sanction type)
    screenings: tuple[Screening, ...]


def conflicted_candidate(cast: Cast) -> Person:
    """A would-be panel chair who is the respondent's relative: a hard conflict (G10) that the
    person registry knows of, whatever the candidate declares."""
    chair = cast.panel[0]
    return Person(
        name="Kim Cousin",
        safeguarding_knowledge=True,
        panel_member_type=chair.panel_member_type,
        relationships=[Relationship(other=cast.respondent.id, kind=RelationshipKind.RELATIVE)],
    )


def walk_hearing(
    client: DemoClient, instance: Instance, cast: Cast, name: str, candidate: Person
) -> Heard:
    """From the risk assessment at intake to the sanction in force and the registry."""
    clock = instance.clock
    if not isinstance(clock, DemoClock):
        raise GrpcDemoFailed("the hearing walk moves the clock: the instance needs a DemoClock")
    rule_set = instance.plugins.rule_set
    dsl, cmg, respondent = cast.dsl, cast.cmg[0], cast.respondent
    hearing_file = f"{name}/hearingFile"
    get_file = hpb.GetHearingFileRequest(name=hearing_file)
    get_case = pb.GetCaseRequest(name=name)

    # The case reaches the hearing context; the panel --------------------------------------
    client.section("The hearing context: the panel, the referral, the hearing and the sanction")
    arrived: hres.HearingFile = client.wait(
        "The hand-over: the hearings service now holds the case",
        "GetHearingFile",
        get_file,
        dsl,
        Role.DSL,
        lambda _: True,  # E_NOT_FOUND until it arrives
        lambda r: (
            f"severity {r.hearing_file.severity}, independent panel required: "
            f"{r.hearing_file.independent_panel_required}, no hearing state yet"
        ),
        on=HEARINGS,
    ).hearing_file
    members = _panel(cast, rule_set, arrived.severity)
    names = {p.id: p.name for p in members}
    proposed = [candidate, *members[1:]]
    for person in [*members, candidate]:
        relative = person is candidate
        client.call(
            f"{person.name} declares no conflict of interest"
            + (" (the registry records them as the coach's relative)" if relative else ""),
            "DeclareConflicts",
            hpb.DeclareConflictsRequest(name=hearing_file),
            person,
            Role.PANEL,
            lambda r: "signed, no conflict declared",
            on=HEARINGS,
        )
    client.refused(
        f"The CMG proposes a panel chaired by {candidate.name}, the coach's relative",
        "AppointPanel",
        hpb.AppointPanelRequest(name=hearing_file, members=_members(proposed)),
        (FAILED, "E_G10_CONFLICT_OF_INTEREST"),
        cmg,
        Role.CMG,
        on=HEARINGS,
    )
    client.call(
        f"The CMG appoints a panel of {len(members)} chaired by {members[0].name}",
        "AppointPanel",
        hpb.AppointPanelRequest(name=hearing_file, members=_members(members)),
        cmg,
        Role.CMG,
        lambda r: f"{len(r.panel.members)} member(s), every declaration signed",
        on=HEARINGS,
    )
    client.wait(
        "The hand-over back: intake's case now has the panel (its chair's assignment)",
        "GetCase",
        get_case,
        dsl,
        Role.DSL,
        lambda r: any(a.role == Role.PCH.value for a in r.case.assignments),
        lambda r: (
            "assignments "
            + ", ".join(
                f"{a.role} {names.get(a.person, a.person)}"
                for a in r.case.assignments
                if a.role in (Role.PCH.value, Role.PANEL.value)
            )
        ),
        on=INTAKE,
    )

    # The referral (T25) at intake; the hearing ----------------------------------------------
    decision = cmg_decision(client, instance, name, cast, "refer to the disciplinary panel")
    served = clock()
    client.run(
        "Intake refers the case to the disciplinary panel (T25); notice served today",
        name,
        "refer_to_disciplinary",
        cmg,
        Role.CMG,
        notice_served_at=served.isoformat(),
        cmg_decision_id=decision,
        child_supporter="A named supporter from the club's welfare team",
        respondent_support_person="A representative of the coach's choosing",
        complainant_welfare_plan=True,
        respondent_welfare_plan=True,
    )
    client.wait(
        "The hand-over: the hearing context follows to HEARING_PENDING",
        "GetHearingFile",
        get_file,
        dsl,
        Role.DSL,
        lambda r: r.hearing_file.state == hres.HEARING_STATE_HEARING_PENDING,
        on=HEARINGS,
    )
    chair = members[0]
    open_hearing = hpb.OpenHearingRequest(name=hearing_file)
    notice = rule_set.hearing.min_notice
    client.refused(
        f"The chair opens the hearing the same day, inside the {notice} notice period",
        "OpenHearing",
        open_hearing,
        (FAILED, "E_G24_NOTICE_PERIOD"),
        chair,
        Role.PCH,
        on=HEARINGS,
    )
    earliest = Calendar(rule_set.calendar).deadline(served, notice.period)
    moved = clock.advance_to(earliest + timedelta(days=1))
    client.note(f"the clock moves on to {moved:%Y-%m-%d}: the notice period has passed")
    opened: hres.HearingFile = client.call(
        "The hearing opens",
        "OpenHearing",
        open_hearing,
        chair,
        Role.PCH,
        lambda r: (
            "child protections: no direct questioning, supporter "
            f"{r.hearing_file.hearings[-1].child_supporter!r}"
        ),
        on=HEARINGS,
    ).hearing_file

    # The decision, the notification and the appeal window -----------------------------------
    sanction, aggravating = _sanction(opened)
    stored = stored_case(instance, name)
    report = stored.investigation.report if stored.investigation else None
    considered = [report.id if report else "investigation report"]

    def decision_on(standard: hres.StandardOfProof) -> hres.Decision:
        return hres.Decision(
            findings=[
                hres.Finding(
                    allegation="Grabbed a young swimmer by the arm and shook them at training",
                    code_reference=sorted(stored.categories)[0],
                    outcome=hres.FINDING_OUTCOME_PROVEN,
                )
            ],
            rationale=LONG_RATIONALE,
            standard_of_proof=standard,
            sanctions=[sanction],
            aggravating_factors=aggravating,
            information_considered=considered,
            decided_by=[chair.id],
        )

    client.refused(
        "A decision on the criminal standard (beyond reasonable doubt)",
        "IssueDecision",
        hpb.IssueDecisionRequest(
            name=hearing_file, decision=decision_on(hres.STANDARD_OF_PROOF_BEYOND_REASONABLE_DOUBT)
        ),
        (FAILED, "E_G07_STANDARD_OF_PROOF"),
        chair,
        Role.PCH,
        on=HEARINGS,
    )
    standard = rule_set.standard_of_proof
    described = sanction.type + (f" for {sanction.months} months" if sanction.months else "")
    if aggravating:
        described += f" (one step above {opened.severity}: {', '.join(aggravating)})"
    client.call(
        f"The panel's decision on the {standard.lower().replace('_', ' ')}: proven, {described}",
        "IssueDecision",
        hpb.IssueDecisionRequest(
            name=hearing_file,
            decision=decision_on(STANDARDS[standard]),
        ),
        chair,
        Role.PCH,
        lambda r: f"decision {r.decision.name.rsplit('/', 1)[-1]}",
        on=HEARINGS,
    )
    now = timestamp(clock())
    notified: hres.HearingFile = client.call(
        "The DSL notifies the parties: each party's appeal window opens",
        "NotifyParties",
        hpb.NotifyPartiesRequest(
            name=hearing_file,
            notifications=[hres.PartyNotification(party=p, notify_time=now) for p in PARTIES],
        ),
        dsl,
        Role.DSL,
        lambda r: (
            "the window closes "
            f"{r.hearing_file.appeal_window_close_time.ToDatetime():%Y-%m-%d %H:%M} UTC"
        ),
        on=HEARINGS,
    ).hearing_file
    expire = hpb.ExpireAppealWindowRequest(name=hearing_file)
    client.refused(
        "The system's timer tries to end the appeal window while it is open",
        "ExpireAppealWindow",
        expire,
        (FAILED, "E_G06_WINDOW_STILL_OPEN"),
        cast.admin,
        Role.SYS,
        on=HEARINGS,
    )
    closes = max(
        (p.appeal_deadline_time.ToDatetime(UTC) for p in notified.decisions[-1].notified_parties),
        default=notified.appeal_window_close_time.ToDatetime(UTC),
    )
    moved = clock.advance_to(closes + timedelta(days=2))
    client.note(f"the clock moves on to {moved:%Y-%m-%d}: every party's appeal window has closed")
    client.refused(
        "The coach lodges an appeal after the window has closed",
        "LodgeAppeal",
        hpb.LodgeAppealRequest(
            name=hearing_file,
            appellant=hres.PARTY_KIND_RESPONDENT,
            grounds=[rule_set.appeal.grounds[0]],
            statement=APPEAL_STATEMENT,
        ),
        (FAILED, "E_G06_APPEAL_OUT_OF_TIME"),
        respondent,
        Role.RESP,
        on=HEARINGS,
    )
    client.call(
        "The timer ends the appeal window: the sanction comes into force",
        "ExpireAppealWindow",
        expire,
        cast.admin,
        Role.SYS,
        lambda _: "the timer reads no file: its reply is blind",
        on=HEARINGS,
    )
    in_force: hres.HearingFile = client.call(
        "The DSL reads the hearing file",
        "GetHearingFile",
        get_file,
        dsl,
        Role.DSL,
        lambda r: ", ".join(_in_force(r.hearing_file)) or "no sanction in force",
        on=HEARINGS,
    ).hearing_file
    if in_force.state != hres.HEARING_STATE_SANCTION_IN_FORCE:
        raise GrpcDemoFailed("the sanction did not come into force")
    client.wait(
        "The hand-over back: intake's case follows to SANCTION_IN_FORCE",
        "GetCase",
        get_case,
        dsl,
        Role.DSL,
        lambda r: state_name(r.case) == "SANCTION_IN_FORCE",
        lambda r: f"intake's case at version {r.case.version}",
        on=INTAKE,
    )

    # The sanction registry ----------------------------------------------------------------------
    client.section("The sanction registry: listing and screening (G33)")
    listed: hpb.ListSanctionsInForceResponse = client.call(
        "The DSL lists the sanctions in force",
        "ListSanctionsInForce",
        hpb.ListSanctionsInForceRequest(parent=PARENT),
        dsl,
        Role.DSL,
        lambda r: "; ".join(
            f"{e.person.legal_name}: {e.sanction_type}, "
            f"{hres.RegistryVisibility.Name(e.visibility).removeprefix('REGISTRY_VISIBILITY_')}"
            for e in r.registry_entries
        ),
        on=HEARINGS,
    )
    entries = tuple((e.person.legal_name, e.sanction_type) for e in listed.registry_entries)
    if (respondent.name, sanction.type) not in entries:
        raise GrpcDemoFailed("the registry does not list the sanction in force")
    born = respondent.date_of_birth
    assert born is not None
    similar = _similar_name(respondent.name)
    screenings = (
        _screen(
            client,
            cast,
            f"A new volunteer, {similar}, born the same day as the coach",
            similar,
            born,
        ),
        _screen(client, cast, f"An unrelated new volunteer, {UNRELATED[0]}", *UNRELATED),
    )
    if (screenings[0].outcome, screenings[0].hits) != ("MANUAL_REVIEW", ("FUZZY_NAME",)):
        raise GrpcDemoFailed(f"{similar} was not held for manual review")
    if screenings[1].outcome != "CLEAR":
        raise GrpcDemoFailed(f"{UNRELATED[0]} was not clear")
    held = screenings[0]
    client.refused(
        f"The DSL clears {similar} with a one-line reason",
        "ResolveScreening",
        hpb.ResolveScreeningRequest(name=held.name, resolution=NOT_SAME_PERSON, reason="Not him."),
        (FAILED, "E_G33_RESOLUTION_REASON"),
        dsl,
        Role.DSL,
        on=HEARINGS,
    )
    resolved: hres.ScreeningResult = client.call(
        f"The DSL checks the membership record: {similar} is not the coach",
        "ResolveScreening",
        hpb.ResolveScreeningRequest(
            name=held.name,
            request_id=f"resolve-{held.name.rsplit('/', 1)[-1]}",
            resolution=NOT_SAME_PERSON,
            reason=RESOLUTION_REASON,
        ),
        dsl,
        Role.DSL,
        lambda r: _screened(r.screening_result),
        on=HEARINGS,
    ).screening_result
    if _outcome(resolved) != "CLEAR":
        raise GrpcDemoFailed(f"{similar} was not cleared by the DSL's resolution")
    return Heard(entries, (replace(held, resolved=_outcome(resolved)), screenings[1]))


def _panel(cast: Cast, rule_set: RuleSet, severity: str) -> list[Person]:
    """As many of the cast's panellists as the rule set's panel for ``severity`` seats, the
    first of them the chair."""
    composition = rule_set.panel.get(severity)
    if composition is None or composition.size < 1:
        raise GrpcDemoFailed(f"the rule set has no panel for {severity}")
    pool = [*cast.panel, *cast.spare_panel]
    return pool[: composition.size]


def _members(people: list[Person]) -> list[hres.PanelMember]:
    return [hres.PanelMember(person=p.id, chair=i == 0) for i, p in enumerate(people)]


def _sanction(shown: hres.HearingFile) -> tuple[hres.Sanction, list[str]]:
    """A sanction that restricts roles, so that the registry screens for it (a suspension
    where the rule set lists one), of a length inside its bounds; and the aggravating factors
    it needs when it is one step above the case's severity (G38)."""
    for step, factors in ((hres.SEVERITY_STEP_SAME, []), (hres.SEVERITY_STEP_ABOVE, [AGGRAVATING])):
        options = [
            o
            for o in shown.sanction_options
            if o.step == step
            and o.registry_visibility != hres.REGISTRY_VISIBILITY_ORG_INTERNAL_ONLY
        ]
        options.sort(key=lambda o: (o.type != "SUSPENSION", o.removes_from_regulated_work))
        if options:
            chosen = options[0]
            months = min(max(6, chosen.min_months), chosen.max_months) if chosen.max_months else 0
            return hres.Sanction(type=chosen.type, months=months), factors
    raise GrpcDemoFailed(f"no sanction of the rule set restricts a role at {shown.severity}")


def _in_force(shown: hres.HearingFile) -> list[str]:
    return [
        f"{s.type} in force until {s.end_time.ToDatetime():%Y-%m-%d}"
        if s.HasField("end_time")
        else f"{s.type} in force"
        for d in shown.decisions
        for s in d.sanctions
        if s.in_force
    ]


def _similar_name(name: str) -> str:
    """The name as another form might spell it: the first name's last vowel changed
    (Morgan Coach: Morgen Coach)."""
    first, _, rest = name.partition(" ")
    for i in range(len(first) - 1, 0, -1):
        if first[i] in "aeiou":
            other = "a" if first[i] == "e" else "e"
            return f"{first[:i]}{other}{first[i + 1 :]} {rest}".strip()
    return name + name[-1]


def _screen(client: DemoClient, cast: Cast, title: str, legal_name: str, born: date) -> Screening:
    result: hres.ScreeningResult = client.call(
        title,
        "ScreenPerson",
        hpb.ScreenPersonRequest(
            parent=PARENT,
            legal_name=legal_name,
            birth_date=born.isoformat(),
            role=hres.SPORT_ROLE_VOLUNTEER_WITH_CHILDREN,
        ),
        cast.dsl,
        Role.DSL,
        lambda r: _screened(r.screening_result),
        on=HEARINGS,
    ).screening_result
    return Screening(
        legal_name=legal_name,
        birth_date=born.isoformat(),
        outcome=_outcome(result),
        hits=tuple(_match(h) for h in result.hits),
        name=result.name,
    )


def _outcome(result: hres.ScreeningResult) -> str:
    return str(hres.ScreeningOutcome.Name(result.outcome)).removeprefix("SCREENING_OUTCOME_")


def _match(hit: Any) -> str:
    return str(hres.MatchKind.Name(hit.match)).removeprefix("MATCH_KIND_")


def _screened(result: hres.ScreeningResult) -> str:
    hits = ", ".join(f"{_match(h)} {h.score:.2f}" for h in result.hits)
    told = (
        f"; the person is told {result.message_for_person!r}" if result.message_for_person else ""
    )
    return f"{_outcome(result)}" + (f", hit {hits}" if hits else "") + told
