"""The hearings gRPC service over a real channel, on SQLite and PostgreSQL.

The ``hearings`` fixture (conftest.py) serves the hearing context's own migrated instance on
127.0.0.1:0 with a clock the tests move; every call has a deadline and a bearer token. A case
reaches the hearing context as the hand-over puts it there (walked through the core up to the
risk assessment; the referral to discipline, T25, is the case context's step); everything after
that goes over gRPC, and each refusal arrives as ``google.rpc.Status`` carrying the core's
refusal code. Each test names the rule it checks.
"""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import struct_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from sqlalchemy import select
from sqlalchemy.orm import Session

from safecase.core.case import Case
from safecase.core.commands import COMMANDS
from safecase.core.lifecycle.table import steps_for
from safecase.core.people import Person, Relationship, RelationshipKind
from safecase.core.persistence.registry_store import RegistryStore
from safecase.core.persistence.schema import AuditRow, ScreeningResolutionRow
from safecase.core.registry import registry_entries_for
from safecase.core.settings import ConfigurationError, Settings
from safecase.core.states import Role
from safecase.core.testing.scenario import LONG_RATIONALE
from safecase.hearings.v1 import hearings_service_pb2 as pb
from safecase.hearings.v1 import resources_pb2 as res
from safecase.services.common.grpc_server import default_workers
from safecase.services.hearings.commands import HEARING_COMMANDS
from safecase.services.hearings.servicer import SERVICE_NAME
from safecase.services.hearings.settings import HearingsSettings

PARENT = "organizations/org-a"
FAILED = grpc.StatusCode.FAILED_PRECONDITION
APPEAL_STATEMENT = "The panel refused to read the respondent's written submission in full."


# --- walking a hearing over gRPC -------------------------------------------------------------


def _members(people: list[Person]) -> list[res.PanelMember]:
    return [res.PanelMember(person=p.id, chair=i == 0) for i, p in enumerate(people)]


def _declare(h: Any, case: Case, people: list[Person], **extra: Any) -> None:
    """Each member signs their own declaration (G10) before the appointment."""
    for person in people:
        request = pb.DeclareConflictsRequest(name=h.file(case), **extra)
        h.call("DeclareConflicts", request, person, Role.PANEL)


def _appoint(h: Any, case: Case, people: list[Person] | None = None) -> pb.AppointPanelResponse:
    people = people or h.cast.panel
    _declare(h, case, people)
    request = pb.AppointPanelRequest(name=h.file(case), members=_members(people))
    response: pb.AppointPanelResponse = h.call("AppointPanel", request, h.cast.cmg[0], Role.CMG)
    return response


def _pending(h: Any, **arrangements: Any) -> Case:
    """A case in HEARING_PENDING: panel appointed over gRPC, then referred (T25)."""
    case = h.risk_assessed(**arrangements.pop("case", {}))
    _appoint(h, case)
    return h.refer(case, **arrangements)


def _after_notice(h: Any) -> None:
    h.scenario.clock.advance(days=16)


def _open(h: Any, case: Case) -> res.HearingFile:
    _after_notice(h)
    request = pb.OpenHearingRequest(name=h.file(case))
    shown: res.HearingFile = h.call("OpenHearing", request, h.cast.panel[0], Role.PCH).hearing_file
    return shown


def _decision(h: Any, case: Case, **changes: Any) -> res.Decision:
    stored = h.stored(case)
    report = stored.investigation.report.id if stored.investigation else "report"
    fields: dict[str, Any] = {
        "findings": [
            res.Finding(
                allegation="Belittling a child at training",
                code_reference=sorted(stored.categories)[0],
                outcome=res.FINDING_OUTCOME_PROVEN,
            )
        ],
        "rationale": LONG_RATIONALE,
        "standard_of_proof": res.STANDARD_OF_PROOF_BALANCE_OF_PROBABILITIES,
        "sanctions": [res.Sanction(type="SUSPENSION", months=6)],
        "information_considered": [report],
        "decided_by": [h.cast.panel[0].id],
        **changes,
    }
    return res.Decision(**fields)


def _decide(h: Any, case: Case, **changes: Any) -> pb.IssueDecisionResponse:
    request = pb.IssueDecisionRequest(name=h.file(case), decision=_decision(h, case, **changes))
    response: pb.IssueDecisionResponse = h.call("IssueDecision", request, h.cast.panel[0], Role.PCH)
    return response


def _notify(h: Any, case: Case, **extra: Any) -> res.HearingFile:
    notifications = [
        res.PartyNotification(party=party, notify_time=h.at())
        for party in (res.PARTY_KIND_RESPONDENT, res.PARTY_KIND_COMPLAINANT, res.PARTY_KIND_ORG)
    ]
    request = pb.NotifyPartiesRequest(name=h.file(case), notifications=notifications, **extra)
    shown: res.HearingFile = h.call("NotifyParties", request, h.cast.dsl).hearing_file
    return shown


def _notified(h: Any, **decision: Any) -> Case:
    case = _pending(h)
    _open(h, case)
    _decide(h, case, **decision)
    _notify(h, case)
    return case


def _expire(h: Any, case: Case) -> res.HearingFile:
    """T32/T33 by the system timer, which reads no file (§4.2): the DSL then looks at it."""
    request = pb.ExpireAppealWindowRequest(name=h.file(case))
    blind = h.call("ExpireAppealWindow", request, h.cast.admin, Role.SYS).hearing_file
    assert (blind.name, blind.state) == (h.file(case), res.HEARING_STATE_UNSPECIFIED)
    return _get(h, case)


def _get(h: Any, case: Case, who: Person | None = None, role: Role = Role.DSL) -> res.HearingFile:
    request = pb.GetHearingFileRequest(name=h.file(case))
    shown: res.HearingFile = h.call("GetHearingFile", request, who or h.cast.dsl, role).hearing_file
    return shown


def _lodge(h: Any, case: Case, **extra: Any) -> pb.LodgeAppealResponse:
    fields: dict[str, Any] = {
        "appellant": res.PARTY_KIND_RESPONDENT,
        "grounds": ["PROCEDURAL_UNFAIRNESS"],
        "statement": APPEAL_STATEMENT,
        **extra,
    }
    request = pb.LodgeAppealRequest(name=h.file(case), **fields)
    response: pb.LodgeAppealResponse = h.call("LodgeAppeal", request, h.cast.respondent, Role.RESP)
    return response


def _like_the_respondent(h: Any) -> pb.ScreenPersonRequest:
    """A screening for coach of someone named like the sanctioned respondent, born the same day
    (a fuzzy hit: a hold for the DSL to resolve, G33)."""
    born = h.cast.respondent.date_of_birth
    assert born is not None
    return pb.ScreenPersonRequest(
        parent=PARENT,
        legal_name="Morgan Coach",
        birth_date=born.isoformat(),
        role=res.SPORT_ROLE_COACH,
    )


def _refused(h: Any, method: str, request: Any, who: Person, role: Role) -> tuple[Any, str]:
    with pytest.raises(grpc.RpcError) as error:
        h.call(method, request, who, role)
    code, reason, _ = h.refusal(error)
    return code, reason


def _bad_fields(h: Any, method: str, request: Any, who: Person, role: Role) -> set[str]:
    with pytest.raises(grpc.RpcError) as error:
        h.call(method, request, who, role)
    code, reason, fields = h.refusal(error)
    assert (code, reason) == (grpc.StatusCode.INVALID_ARGUMENT, "E_INVALID_ARGUMENT")
    return fields


def _in_force(h: Any) -> Case:
    case = _notified(h)
    h.scenario.after_appeal_window()
    _expire(h, case)
    return h.stored(case)


def _record_registry(h: Any, case: Case) -> None:
    """The registry entries of a case in force, written as the hand-over's projection will."""
    instance = h.instance
    with instance.unit() as unit:
        store = RegistryStore(unit.session, instance.organisation_key, "org-a")
        for entry in registry_entries_for(case, instance.plugins.rule_set, unit.people):
            store.record(entry, now=case.updated_at)


# --- the service ------------------------------------------------------------------------------


def test_the_service_reports_serving_and_every_method_needs_a_token(hearings) -> None:
    health = health_pb2_grpc.HealthStub(hearings.channel)
    check = health_pb2.HealthCheckRequest(service=SERVICE_NAME)
    assert health.Check(check, timeout=20).status == health_pb2.HealthCheckResponse.SERVING
    with pytest.raises(grpc.RpcError) as error:
        hearings.call("ListHearingFiles", pb.ListHearingFilesRequest(parent=PARENT))
    assert hearings.refusal(error)[:2] == (grpc.StatusCode.UNAUTHENTICATED, "E_UNAUTHENTICATED")


def test_the_settings_read_the_hearings_variables_and_use_the_hearing_database(
    tmp_path: Path,
) -> None:
    Settings.write(tmp_path, organisation_id="org-a", organisation_name="A", plugin="scotland")
    env = {
        "SAFECASE_DATA_DIR": str(tmp_path),
        "SAFECASE_HEARINGS_JWT_SECRET": "s" * 32,
        "SAFECASE_HEARINGS_MAX_WORKERS": "4",
    }
    settings = HearingsSettings.from_environment(env)
    assert settings.address == "127.0.0.1:50052"
    assert settings.max_workers == 4
    assert settings.instance_settings().database_url == f"sqlite:///{tmp_path / 'hearings.sqlite'}"
    url = "postgresql+psycopg://hearings@db/org_a"
    moved = HearingsSettings.from_environment({**env, "SAFECASE_HEARINGS_DATABASE_URL": url})
    assert moved.instance_settings().database_url == url
    assert moved.verifier().algorithms == ["HS256"]


def test_serving_threads_default_to_two_per_core_and_must_be_positive(tmp_path: Path) -> None:
    Settings.write(tmp_path, organisation_id="org-a", organisation_name="A", plugin="scotland")
    env = {"SAFECASE_DATA_DIR": str(tmp_path), "SAFECASE_HEARINGS_JWT_SECRET": "s" * 32}
    assert HearingsSettings.from_environment(env).max_workers is None  # the server's default
    assert default_workers() == max(4, 2 * (os.cpu_count() or 1))
    with pytest.raises(ConfigurationError, match="SAFECASE_HEARINGS_MAX_WORKERS"):
        HearingsSettings.from_environment({**env, "SAFECASE_HEARINGS_MAX_WORKERS": "0"})


def test_the_hearing_commands_are_the_hearing_context_steps_of_the_lifecycle() -> None:
    """T27-T42, the panel appointments and declarations (§1.4) and the appeal window's C10."""
    assert set(COMMANDS) >= HEARING_COMMANDS
    for command in HEARING_COMMANDS:
        ids = {step.id for step in steps_for(command)}
        assert ids, command
        assert all(i in {"C5", "C6", "C10"} or 27 <= int(i[1:]) <= 42 for i in ids), command


# --- a hearing from panel to sanction ----------------------------------------------------------


def test_a_hearing_runs_from_the_panel_to_a_sanction_in_force(hearings) -> None:
    h = hearings
    case = h.risk_assessed()
    appointed = _appoint(h, case)
    assert [m.person for m in appointed.panel.members] == [p.id for p in h.cast.panel]
    assert all(m.HasField("declaration_sign_time") for m in appointed.panel.members)
    h.refer(case)
    shown = _open(h, case)
    assert shown.state == res.HEARING_STATE_DISCIPLINARY_HEARING
    assert shown.hearings[-1].HasField("open_time")
    decided = _decide(h, case)
    assert decided.decision.kind == res.DECISION_KIND_FIRST_INSTANCE
    assert [s.type for s in decided.decision.sanctions] == ["SUSPENSION"]
    options = {o.type: o.step for o in decided.hearing_file.sanction_options}
    assert options["SUSPENSION"] == res.SEVERITY_STEP_SAME
    assert options["EXPULSION_PERMANENT_BAN"] == res.SEVERITY_STEP_ABOVE
    notified = _notify(h, case)
    assert notified.state == res.HEARING_STATE_APPEAL_WINDOW_OPEN
    assert notified.HasField("appeal_window_close_time")
    parties = notified.decisions[-1].notified_parties
    assert all(p.HasField("appeal_deadline_time") for p in parties)
    h.scenario.after_appeal_window()
    in_force = _expire(h, case)
    assert in_force.state == res.HEARING_STATE_SANCTION_IN_FORCE
    assert in_force.decisions[-1].sanctions[0].in_force
    listed = h.call("ListHearingFiles", pb.ListHearingFilesRequest(parent=PARENT), h.cast.dsl)
    assert [f.name for f in listed.hearing_files] == [h.file(case)]


def test_appeal_window_expiry_waits_for_every_party_or_their_waivers(hearings) -> None:
    """G06: ``appeal_window_expired`` runs once every deadline passed or every party waived."""
    h = hearings
    case = _notified(h)
    code, reason = _refused(
        h,
        "ExpireAppealWindow",
        pb.ExpireAppealWindowRequest(name=h.file(case)),
        h.cast.admin,
        Role.SYS,
    )
    assert (code, reason) == (FAILED, "E_G06_WINDOW_STILL_OPEN")
    for party in (res.PARTY_KIND_RESPONDENT, res.PARTY_KIND_COMPLAINANT, res.PARTY_KIND_ORG):
        request = pb.WaiveAppealRequest(name=h.file(case), party=party)
        shown = h.call("WaiveAppeal", request, h.cast.dsl).hearing_file
    assert all(p.appeal_waived for p in shown.decisions[-1].notified_parties)
    assert _expire(h, case).state == res.HEARING_STATE_SANCTION_IN_FORCE


# --- panels: G10, G21, G26 ----------------------------------------------------------------------


def test_a_conflicted_panel_member_is_refused(hearings) -> None:
    """G10: a declaration first (E_G10_DECLARATION_MISSING), then no hard conflict."""
    h = hearings
    case = h.risk_assessed()
    cmg = h.cast.cmg[0]
    members = _members(h.cast.panel)
    request = pb.AppointPanelRequest(name=h.file(case), members=members)
    assert _refused(h, "AppointPanel", request, cmg, Role.CMG) == (
        FAILED,
        "E_G10_DECLARATION_MISSING",
    )
    relative = h.instance.add_person(
        Person(
            name="Kim Cousin",
            safeguarding_knowledge=True,
            relationships=[
                Relationship(other=h.cast.respondent.id, kind=RelationshipKind.RELATIVE)
            ],
        )
    )
    conflicted = [relative, *h.cast.panel[1:]]
    _declare(h, case, conflicted)
    request = pb.AppointPanelRequest(name=h.file(case), members=_members(conflicted))
    assert _refused(h, "AppointPanel", request, cmg, Role.CMG) == (
        FAILED,
        "E_G10_CONFLICT_OF_INTEREST",
    )
    declared = pb.DeclareConflictsRequest(
        name=h.file(case),
        declared_conflicts=[res.DeclaredConflict(kind="RELATIVE", party=h.cast.respondent.id)],
    )
    h.call("DeclareConflicts", declared, h.cast.panel[0], Role.PANEL)
    request = pb.AppointPanelRequest(name=h.file(case), members=members)
    assert _refused(h, "AppointPanel", request, cmg, Role.CMG)[1] == "E_G10_CONFLICT_OF_INTEREST"
    appointed = _appoint(h, case, h.cast.spare_panel)  # no conflict: allowed
    assert {m.person for m in appointed.panel.members} == {p.id for p in h.cast.spare_panel}


def test_the_investigator_cannot_sit_on_the_panel(hearings) -> None:
    """G21: investigation and adjudication are separate roles on a case."""
    h = hearings
    case = h.risk_assessed()
    people = [h.cast.panel[0], h.cast.investigator, h.cast.panel[2]]
    _declare(h, case, people)
    request = pb.AppointPanelRequest(name=h.file(case), members=_members(people))
    code, reason = _refused(h, "AppointPanel", request, h.cast.cmg[0], Role.CMG)
    assert (code, reason) == (FAILED, "E_G21_ROLE_SEPARATION")
    assert _appoint(h, case).panel.members  # without the investigator: allowed


def test_a_panel_must_have_the_rule_sets_composition(hearings) -> None:
    """G26: a MEDIUM case in Scotland needs three members, exactly one chair."""
    h = hearings
    case = h.risk_assessed()
    _declare(h, case, h.cast.panel)
    two = pb.AppointPanelRequest(name=h.file(case), members=_members(h.cast.panel[:2]))
    assert _refused(h, "AppointPanel", two, h.cast.cmg[0], Role.CMG) == (
        FAILED,
        "E_G26_PANEL_COMPOSITION",
    )
    no_chair = [res.PanelMember(person=p.id) for p in h.cast.panel]
    request = pb.AppointPanelRequest(name=h.file(case), members=no_chair)
    assert _refused(h, "AppointPanel", request, h.cast.cmg[0], Role.CMG)[1] == (
        "E_G26_PANEL_COMPOSITION"
    )
    shown = _appoint(h, case).hearing_file
    assert not shown.independent_panel_required  # MEDIUM: not in Scotland (§3.8)


# --- the hearing: G24, G25, G13 ------------------------------------------------------------------


def test_a_hearing_opened_before_the_notice_period_is_refused(hearings) -> None:
    """G24: the hearing opens no earlier than the rule set's minimum notice, unless waived."""
    h = hearings
    case = _pending(h)
    request = pb.OpenHearingRequest(name=h.file(case))
    code, reason = _refused(h, "OpenHearing", request, h.cast.panel[0], Role.PCH)
    assert (code, reason) == (FAILED, "E_G24_NOTICE_PERIOD")
    waived = pb.OpenHearingRequest(name=h.file(case), notice_waived=True)
    shown = h.call("OpenHearing", waived, h.cast.panel[0], Role.PCH).hearing_file
    assert shown.state == res.HEARING_STATE_DISCIPLINARY_HEARING
    assert shown.hearings[-1].notice_waived


def test_a_child_complainant_is_protected_at_the_hearing(hearings) -> None:
    """G25: with a child complainant the hearing opens only with no direct questioning, an
    alternative to attending and a named supporter (recorded at the referral, which G25 also
    guards, so an unprotected hearing never reaches this service)."""
    h = hearings
    case = _pending(h)
    shown = _open(h, case)
    hearing = shown.hearings[-1]
    assert not hearing.allow_direct_questioning_by_respondent
    assert not hearing.child_attendance_required
    assert hearing.alternative_evidence_offered
    assert hearing.child_supporter == "Named supporter"


def test_a_minor_respondent_gets_only_the_sanctions_allowed_for_minors(hearings) -> None:
    """G13: a respondent under 18 cannot be removed from a regulated role, and their registry
    entry stays inside the organisation."""
    h = hearings
    today = h.scenario.clock.now.date()
    minor = h.instance.add_person(
        Person(name="Tam Junior", date_of_birth=date(today.year - 16, 1, 9))
    )
    case = _pending(h, case={"respondent": minor})
    shown = _open(h, case)
    assert shown.minor_respondent
    assert "REMOVAL_FROM_REGULATED_ROLE" not in {o.type for o in shown.sanction_options}
    removal = [res.Sanction(type="REMOVAL_FROM_REGULATED_ROLE")]
    request = pb.IssueDecisionRequest(
        name=h.file(case),
        decision=_decision(h, case, sanctions=removal, aggravating_factors=["PATTERN"]),
    )
    code, reason = _refused(h, "IssueDecision", request, h.cast.panel[0], Role.PCH)
    assert (code, reason) == (FAILED, "E_G13_MINOR_RESPONDENT")
    assert _decide(h, case).decision.sanctions[0].type == "SUSPENSION"  # allowed for minors
    _notify(h, case)
    h.scenario.after_appeal_window()
    _expire(h, case)
    stored = h.stored(case)
    entries = registry_entries_for(stored, h.instance.plugins.rule_set)
    assert entries
    assert all(e.visibility.value == "ORG_INTERNAL_ONLY" for e in entries)


# --- decisions: G07, G34, G38, G37 ---------------------------------------------------------------


def test_a_decision_without_rationale_or_standard_of_proof_is_refused(hearings) -> None:
    """G07: 100+ characters of rationale, the rule set's standard of proof, a finding per
    allegation and the information considered."""
    h = hearings
    case = _pending(h)
    _open(h, case)
    chair = h.cast.panel[0]
    cases = {
        "E_G07_RATIONALE_MISSING": {"rationale": "Proven."},
        "E_G07_STANDARD_OF_PROOF": {"standard_of_proof": res.STANDARD_OF_PROOF_UNSPECIFIED},
    }
    for expected, change in cases.items():
        request = pb.IssueDecisionRequest(name=h.file(case), decision=_decision(h, case, **change))
        assert _refused(h, "IssueDecision", request, chair, Role.PCH) == (FAILED, expected)
    criminal = _decision(h, case, standard_of_proof=res.STANDARD_OF_PROOF_BEYOND_REASONABLE_DOUBT)
    request = pb.IssueDecisionRequest(name=h.file(case), decision=criminal)
    assert _refused(h, "IssueDecision", request, chair, Role.PCH)[1] == "E_G07_STANDARD_OF_PROOF"
    decided = _decide(h, case)
    assert decided.decision.rationale == LONG_RATIONALE
    assert decided.hearing_file.state == res.HEARING_STATE_DECISION_ISSUED


def test_a_sanction_needs_a_proven_finding(hearings) -> None:
    """G34: no sanction without a decision that found something proven."""
    h = hearings
    case = _pending(h)
    _open(h, case)
    not_proven = [
        res.Finding(
            allegation="Belittling",
            code_reference=sorted(h.stored(case).categories)[0],
            outcome=res.FINDING_OUTCOME_NOT_PROVEN,
        )
    ]
    request = pb.IssueDecisionRequest(
        name=h.file(case), decision=_decision(h, case, findings=not_proven)
    )
    code, reason = _refused(h, "IssueDecision", request, h.cast.panel[0], Role.PCH)
    assert (code, reason) == (FAILED, "E_G34_NO_DECISION")
    cleared = _decide(h, case, findings=not_proven, sanctions=[])
    assert not cleared.decision.sanctions


def test_sanctions_outside_the_rule_sets_options_for_the_severity_are_refused(hearings) -> None:
    """G38: a sanction one step above the severity needs aggravating factors; lengths stay
    inside the listed bounds."""
    h = hearings
    case = _pending(h)
    _open(h, case)
    chair = h.cast.panel[0]
    too_long = [res.Sanction(type="SUSPENSION", months=240)]
    ban = [res.Sanction(type="EXPULSION_PERMANENT_BAN")]
    unknown = [res.Sanction(type="PUBLIC_SHAMING")]
    for sanctions in (too_long, ban, unknown):
        request = pb.IssueDecisionRequest(
            name=h.file(case), decision=_decision(h, case, sanctions=sanctions)
        )
        code, reason = _refused(h, "IssueDecision", request, chair, Role.PCH)
        assert (code, reason) == (FAILED, "E_G38_SANCTION_NOT_ALLOWED"), sanctions
    decided = _decide(h, case, sanctions=ban, aggravating_factors=["ABUSE_OF_POSITION"])
    assert decided.decision.sanctions[0].type == "EXPULSION_PERMANENT_BAN"


def test_a_notice_of_the_outcome_excludes_protected_content(hearings) -> None:
    """G37: the outcome notice never renders an address or another excluded field."""
    h = hearings
    case = _pending(h)
    _open(h, case)
    _decide(h, case)
    notification = [res.PartyNotification(party=res.PARTY_KIND_RESPONDENT, notify_time=h.at())]
    request = pb.NotifyPartiesRequest(
        name=h.file(case), notifications=notification, notice_fields=["outcome", "address"]
    )
    assert _refused(h, "NotifyParties", request, h.cast.dsl, Role.DSL) == (
        FAILED,
        "E_G37_NOTICE_CONTENT",
    )
    assert _notify(h, case).state == res.HEARING_STATE_APPEAL_WINDOW_OPEN


# --- appeals: G06, G27, G05 ---------------------------------------------------------------------


def test_an_appeal_lodged_after_the_window_is_refused(hearings) -> None:
    """G06: a party's appeal is in time until the end of the day its window closes."""
    h = hearings
    case = _notified(h)
    h.scenario.after_appeal_window()
    assert _refused(h, "LodgeAppeal", _lodge_request(h, case), h.cast.respondent, Role.RESP) == (
        FAILED,
        "E_G06_APPEAL_OUT_OF_TIME",
    )
    _expire(h, case)  # and once the sanction is in force, still out of time
    assert _refused(h, "LodgeAppeal", _lodge_request(h, case), h.cast.respondent, Role.RESP) == (
        FAILED,
        "E_G06_APPEAL_OUT_OF_TIME",
    )


def _lodge_request(h: Any, case: Case, **extra: Any) -> pb.LodgeAppealRequest:
    fields: dict[str, Any] = {
        "appellant": res.PARTY_KIND_RESPONDENT,
        "grounds": ["PROCEDURAL_UNFAIRNESS"],
        "statement": APPEAL_STATEMENT,
        **extra,
    }
    return pb.LodgeAppealRequest(name=h.file(case), **fields)


def test_an_appeal_within_the_window_or_an_extension_is_allowed(hearings) -> None:
    """G06: in time is allowed; an extension granted before the deadline moves it."""
    h = hearings
    case = _notified(h)
    deadline = h.scenario.clock.now + timedelta(days=40)
    extension = pb.GrantAppealExtensionRequest(
        name=h.file(case),
        party=res.PARTY_KIND_RESPONDENT,
        reason="The respondent's representative was in hospital.",
    )
    extension.new_deadline_time.FromDatetime(deadline)
    shown = h.call("GrantAppealExtension", extension, h.cast.dsl).hearing_file
    respondent = [
        p for p in shown.decisions[-1].notified_parties if p.party == res.PARTY_KIND_RESPONDENT
    ]
    assert respondent[0].appeal_extended
    h.scenario.after_appeal_window()  # past the ordinary window, inside the extension
    _lodge(h, case)  # the respondent's own view is a status label (§4.2 row 1): the DSL looks
    shown = _get(h, case)
    assert shown.state == res.HEARING_STATE_APPEAL_LODGED
    assert shown.appeals[-1].appellant == res.PARTY_KIND_RESPONDENT


def test_an_extension_after_the_deadline_is_refused(hearings) -> None:
    """G06: an extension is granted before the party's deadline, never after it."""
    h = hearings
    case = _notified(h)
    h.scenario.after_appeal_window()
    extension = pb.GrantAppealExtensionRequest(
        name=h.file(case), party=res.PARTY_KIND_RESPONDENT, reason="Asked for after the deadline."
    )
    extension.new_deadline_time.FromDatetime(h.scenario.clock.now + timedelta(days=7))
    assert _refused(h, "GrantAppealExtension", extension, h.cast.dsl, Role.DSL) == (
        FAILED,
        "E_G06_APPEAL_OUT_OF_TIME",
    )


def test_an_appeal_needs_grounds_and_a_statement(hearings) -> None:
    """G27: at least one of the rule set's grounds and a statement of 50+ characters."""
    h = hearings
    case = _notified(h)
    for extra in ({"grounds": []}, {"grounds": ["I_DISAGREE"]}, {"statement": "Unfair."}):
        request = _lodge_request(h, case, **extra)
        code, reason = _refused(h, "LodgeAppeal", request, h.cast.respondent, Role.RESP)
        assert (code, reason) == (FAILED, "E_G27_NO_GROUNDS"), extra
    _lodge(h, case)
    assert _get(h, case).appeals[-1].grounds == ["PROCEDURAL_UNFAIRNESS"]


def test_a_party_appeals_only_for_itself(hearings) -> None:
    """G06: a respondent cannot lodge the complainant's appeal."""
    h = hearings
    case = _notified(h)
    request = _lodge_request(h, case, appellant=res.PARTY_KIND_COMPLAINANT)
    code, reason = _refused(h, "LodgeAppeal", request, h.cast.respondent, Role.RESP)
    assert (code, reason) == (FAILED, "E_G06_NOT_ENTITLED")


def test_an_appeal_panel_including_a_member_of_the_original_panel_is_refused(hearings) -> None:
    """G05: the appeal panel is disjoint from the first-instance panel (and the investigator,
    assessor, CMG voters, case owner); an independent appeal panel hears and decides."""
    h = hearings
    case = _notified(h)
    _lodge(h, case)
    mixed = [h.cast.appeal_panel[0], h.cast.panel[1], h.cast.appeal_panel[2]]
    _declare(h, case, mixed)
    request = pb.AppointAppealPanelRequest(name=h.file(case), members=_members(mixed))
    code, reason = _refused(h, "AppointAppealPanel", request, h.cast.dsl, Role.DSL)
    assert (code, reason) == (FAILED, "E_G05_APPEAL_PANEL_NOT_INDEPENDENT")
    independent = h.cast.appeal_panel
    _declare(h, case, independent)
    request = pb.AppointAppealPanelRequest(name=h.file(case), members=_members(independent))
    appointed = h.call("AppointAppealPanel", request, h.cast.dsl)
    assert appointed.panel.kind == res.PANEL_KIND_APPEAL
    chair = independent[0]
    opened = h.call(
        "OpenAppealHearing", pb.OpenAppealHearingRequest(name=h.file(case)), chair, Role.ACH
    ).hearing_file
    assert opened.state == res.HEARING_STATE_APPEAL_HEARING
    decision = _decision(h, case, decided_by=[chair.id])
    request = pb.IssueAppealDecisionRequest(
        name=h.file(case), result=res.APPEAL_RESULT_UPHELD, decision=decision
    )
    decided = h.call("IssueAppealDecision", request, chair, Role.ACH)
    assert decided.decision.kind == res.DECISION_KIND_APPEAL
    assert decided.hearing_file.state == res.HEARING_STATE_SANCTION_IN_FORCE
    assert decided.hearing_file.appeals[-1].appeal_decision == decided.decision.name
    again = _lodge_request(h, case)
    assert _refused(h, "LodgeAppeal", again, h.cast.respondent, Role.RESP)[1] in {
        "E_G06_APPEAL_OUT_OF_TIME",
        "E_G06_NO_FURTHER_APPEAL",
    }


# --- after the sanction: monitoring, G40, closure, the case context -----------------------------


def test_monitoring_completes_only_with_a_return_to_sport_assessment_when_returning(
    hearings,
) -> None:
    """G40: completing monitoring with a return to a role needs a return-to-sport risk
    assessment; without a return the case closes, sanction completed (G35 met)."""
    h = hearings
    case = _in_force(h)
    start = pb.StartMonitoringRequest(name=h.file(case), conditions="Supervised sessions only")
    shown = h.call("StartMonitoring", start, h.cast.dsl).hearing_file
    assert shown.state == res.HEARING_STATE_MONITORING
    assert shown.monitoring.conditions == "Supervised sessions only"
    complete = pb.CompleteMonitoringRequest(
        name=h.file(case),
        rationale="Monitoring completed without concerns raised.",
        decided_by=[h.cast.dsl.id],
        returning_to_role=True,
    )
    assert _refused(h, "CompleteMonitoring", complete, h.cast.dsl, Role.DSL) == (
        FAILED,
        "E_G40_RETURN_RISK_ASSESSMENT",
    )
    complete.returning_to_role = False
    closed = h.call("CompleteMonitoring", complete, h.cast.dsl).hearing_file
    assert closed.state == res.HEARING_STATE_CLOSED
    assert closed.closure_reason == res.HEARING_CLOSURE_REASON_SANCTION_COMPLETED
    assert closed.monitoring.HasField("end_time")


def test_a_case_closes_only_with_the_referral_after_removal_from_regulated_work(
    hearings,
) -> None:
    """T40 ``close_case``, G17: after a removal from regulated work the PVG referral is recorded,
    or why its grounds are not met; then closed with the permanent sanction recorded."""
    h = hearings
    removal = [res.Sanction(type="REMOVAL_FROM_REGULATED_ROLE")]
    case = _notified(h, sanctions=removal, aggravating_factors=["ABUSE_OF_POSITION"])
    h.scenario.after_appeal_window()
    _expire(h, case)
    close = pb.CloseCaseRequest(
        name=h.file(case),
        rationale="The removal is recorded in the registry.",
        decided_by=[h.cast.dsl.id],
    )
    assert _refused(h, "CloseCase", close, h.cast.dsl, Role.DSL) == (
        FAILED,
        "E_G17_STATUTORY_REFERRAL_OUTSTANDING",
    )
    close.pvg_grounds_not_met_rationale = "The respondent never held a PVG-regulated role here."
    h.call("CloseCase", close, h.cast.dsl)
    closed = _get(h, case)
    assert closed.state == res.HEARING_STATE_CLOSED
    assert closed.closure_reason == res.HEARING_CLOSURE_REASON_PERMANENT_SANCTION_RECORDED


def test_a_condition_breach_returns_the_case_to_the_case_context(hearings) -> None:
    """T42 through RunHearingCommand: the file keeps its last hearing state and a return time;
    the case context's own commands are refused here (E_OTHER_SERVICE)."""
    h = hearings
    case = _in_force(h)
    h.call(
        "StartMonitoring", pb.StartMonitoringRequest(name=h.file(case), conditions="x"), h.cast.dsl
    )
    arguments = struct_pb2.Struct()
    arguments.update({"reason": "Coached unsupervised against the conditions"})
    request = pb.RunHearingCommandRequest(
        name=h.file(case), command="record_condition_breach", arguments=arguments
    )
    response = h.call("RunHearingCommand", request, h.cast.dsl)
    assert list(response.event_types) == ["ConditionBreachRecorded"]
    assert response.hearing_file.state == res.HEARING_STATE_MONITORING
    assert response.hearing_file.HasField("return_time")
    assert h.stored(case).state.value == "TRIAGED"
    for command in ("refer_to_disciplinary", "reopen", "submit_report"):
        other = pb.RunHearingCommandRequest(name=h.file(case), command=command)
        assert _refused(h, "RunHearingCommand", other, h.cast.dsl, Role.DSL) == (
            FAILED,
            "E_OTHER_SERVICE",
        )
    unknown = pb.RunHearingCommandRequest(name=h.file(case), command="hold_a_party")
    assert _bad_fields(h, "RunHearingCommand", unknown, h.cast.dsl, Role.DSL) == {"command"}


# --- requests: validation, etags, idempotency, listing -----------------------------------------


def test_malformed_requests_name_every_bad_field(hearings) -> None:
    h = hearings
    dsl = h.cast.dsl
    bad_name = pb.OpenHearingRequest(name="organizations/org-a/cases/x", etag="nonsense")
    assert _bad_fields(h, "OpenHearing", bad_name, dsl, Role.PCH) == {"name", "etag"}
    case = _pending(h)
    missing = pb.IssueDecisionRequest(name=h.file(case))
    assert _bad_fields(h, "IssueDecision", missing, dsl, Role.PCH) == {"decision"}
    empty = pb.NotifyPartiesRequest(
        name=h.file(case), notifications=[res.PartyNotification(party=res.PARTY_KIND_ORG)]
    )
    assert _bad_fields(h, "NotifyParties", empty, dsl, Role.DSL) == {"notifications[0].notify_time"}
    screen = pb.ScreenPersonRequest(
        parent=PARENT, legal_name="Morgan Coach", birth_date="3 Feb", role=res.SPORT_ROLE_ANY
    )
    assert _bad_fields(h, "ScreenPerson", screen, dsl, Role.DSL) == {"birth_date", "role"}
    with pytest.raises(grpc.RpcError) as error:
        h.call("GetHearingFile", pb.GetHearingFileRequest(name=h.file("unknown")), dsl)
    assert h.refusal(error)[:2] == (grpc.StatusCode.NOT_FOUND, "E_NOT_FOUND")


def test_a_stale_etag_is_aborted_and_a_retried_request_has_one_effect(hearings) -> None:
    """AIP-154 and AIP-155: nothing runs on a stale read; a retry returns the first result."""
    h = hearings
    case = _pending(h)
    _after_notice(h)
    shown = h.call(
        "GetHearingFile", pb.GetHearingFileRequest(name=h.file(case)), h.cast.panel[0], Role.PCH
    ).hearing_file
    stale = pb.OpenHearingRequest(name=h.file(case), etag=f'W/"v{shown.version - 1}"')
    assert _refused(h, "OpenHearing", stale, h.cast.panel[0], Role.PCH) == (
        grpc.StatusCode.ABORTED,
        "E_CONFLICT",
    )
    request = pb.OpenHearingRequest(name=h.file(case), etag=shown.etag, request_id="open-1")
    first = h.call("OpenHearing", request, h.cast.panel[0], Role.PCH).hearing_file
    again = h.call("OpenHearing", request, h.cast.panel[0], Role.PCH).hearing_file
    assert first.version == again.version == shown.version + 1


def test_listing_filters_by_state_and_panel_member_and_pages(hearings) -> None:
    h = hearings
    pending = [_pending(h) for _ in range(2)]
    waiting = h.risk_assessed()
    request = pb.ListHearingFilesRequest(
        parent=PARENT, states=[res.HEARING_STATE_HEARING_PENDING], page_size=1
    )
    first = h.call("ListHearingFiles", request, h.cast.dsl)
    assert len(first.hearing_files) == 1
    assert first.next_page_token
    request.page_token = first.next_page_token
    second = h.call("ListHearingFiles", request, h.cast.dsl)
    names = {f.name for f in (*first.hearing_files, *second.hearing_files)}
    assert names == {h.file(c) for c in pending}
    member = pb.ListHearingFilesRequest(parent=PARENT, panel_member=h.cast.panel[1].id)
    listed = h.call("ListHearingFiles", member, h.cast.dsl).hearing_files
    assert h.file(waiting) not in {f.name for f in listed}
    assert {h.file(c) for c in pending} <= {f.name for f in listed}


# --- the sanction registry: G33, FtM export -------------------------------------------------------


def test_sanctions_in_force_are_listed_screened_and_exported(hearings) -> None:
    """§3.7, G33: the registry entry of a sanction in force is listed, a fuzzy name with the
    same date of birth is held for manual review (only the DSL sees the hit), a different date
    of birth clears, and the export is FollowTheMoney JSON lines."""
    h = hearings
    case = _in_force(h)
    _record_registry(h, case)
    respondent = h.cast.respondent
    listed = h.call(
        "ListSanctionsInForce", pb.ListSanctionsInForceRequest(parent=PARENT), h.cast.dsl
    ).registry_entries
    assert [(e.person.person, e.sanction_type, e.in_force) for e in listed] == [
        (respondent.id, "SUSPENSION", True)
    ]
    assert listed[0].visibility == res.REGISTRY_VISIBILITY_SHARED_DSA
    assert listed[0].decision.startswith(f"{PARENT}/cases/{case.id}/decisions/")
    audited = h.call(
        "ListSanctionsInForce",
        pb.ListSanctionsInForceRequest(parent=PARENT),
        h.cast.auditor,
        Role.AUD,
    ).registry_entries
    assert [e.person.legal_name for e in audited] == [""]  # metadata only

    fuzzy = _like_the_respondent(h)
    held = h.call("ScreenPerson", fuzzy, h.cast.dsl).screening_result
    assert held.outcome == res.SCREENING_OUTCOME_MANUAL_REVIEW
    assert [hit.match for hit in held.hits] == [res.MATCH_KIND_FUZZY_NAME]
    told = h.call("ScreenPerson", fuzzy, h.cast.admin, Role.ADMIN).screening_result
    assert (told.outcome, list(told.hits)) == (res.SCREENING_OUTCOME_MANUAL_REVIEW, [])
    assert told.message_for_person == "a check needs manual review"
    exact = pb.ScreenPersonRequest(parent=PARENT, person=respondent.id, role=res.SPORT_ROLE_COACH)
    found = h.call("ScreenPerson", exact, h.cast.dsl).screening_result
    assert found.outcome == res.SCREENING_OUTCOME_ACTIVE_SANCTION
    other = pb.ScreenPersonRequest(
        parent=PARENT, legal_name="Morgan Coach", birth_date="1990-06-30", role=res.SPORT_ROLE_COACH
    )
    assert h.call("ScreenPerson", other, h.cast.dsl).screening_result.outcome == (
        res.SCREENING_OUTCOME_CLEAR
    )

    public = h.call("ExportRegistry", pb.ExportRegistryRequest(parent=PARENT), h.cast.dsl)
    assert (public.entry_count, public.content) == (0, b"")  # Scotland publishes nothing
    shared = pb.ExportRegistryRequest(
        parent=PARENT, visibilities=[res.REGISTRY_VISIBILITY_SHARED_DSA]
    )
    export = h.call("ExportRegistry", shared, h.cast.dsl)
    assert (export.entry_count, export.content_type) == (1, "application/x-ndjson")
    entities = [json.loads(line) for line in export.content.decode().splitlines()]
    assert sorted(e["schema"] for e in entities) == ["Person", "Sanction"]
    person = next(e for e in entities if e["schema"] == "Person")
    assert person["properties"]["name"] == ["Morgan Coach"]
    assert case.id not in export.content.decode()  # never a case id


def test_a_dsl_resolves_a_screening_hold_with_a_reason_and_the_resolution_decides_g33(
    hearings: Any,
) -> None:
    h = hearings
    _record_registry(h, _in_force(h))
    fuzzy = _like_the_respondent(h)
    held = h.call("ScreenPerson", fuzzy, h.cast.dsl).screening_result
    assert held.outcome == res.SCREENING_OUTCOME_MANUAL_REVIEW
    reason = "Dates of birth differ, checked against the membership record."
    resolve = pb.ResolveScreeningRequest(
        name=held.name,
        request_id="resolve-1",
        resolution=res.SCREENING_RESOLUTION_TYPE_NOT_SAME_PERSON,
        reason=reason,
    )

    short = pb.ResolveScreeningRequest(
        name=held.name, resolution=res.SCREENING_RESOLUTION_TYPE_NOT_SAME_PERSON, reason="Not him."
    )
    assert _refused(h, "ResolveScreening", short, h.cast.dsl, Role.DSL) == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "E_G33_RESOLUTION_REASON",
    )
    assert _refused(h, "ResolveScreening", resolve, h.cast.admin, Role.ADMIN) == (
        grpc.StatusCode.PERMISSION_DENIED,
        "E_G28_ACCESS_DENIED",
    )
    unknown = pb.ResolveScreeningRequest(
        name=f"{PARENT}/screeningResults/nothing-here",
        resolution=res.SCREENING_RESOLUTION_TYPE_NOT_SAME_PERSON,
        reason=reason,
    )
    assert _refused(h, "ResolveScreening", unknown, h.cast.dsl, Role.DSL)[0] == (
        grpc.StatusCode.NOT_FOUND
    )
    empty = pb.ResolveScreeningRequest()
    assert _bad_fields(h, "ResolveScreening", empty, h.cast.dsl, Role.DSL) == {
        "name",
        "resolution",
        "reason",
    }

    cleared = h.call("ResolveScreening", resolve, h.cast.dsl).screening_result
    assert cleared.name == held.name
    assert cleared.outcome == res.SCREENING_OUTCOME_CLEAR
    assert cleared.message_for_person == "no further checks needed"
    assert cleared.resolution.type == res.SCREENING_RESOLUTION_TYPE_NOT_SAME_PERSON
    assert (cleared.resolution.reason, cleared.resolution.resolved_by) == (reason, h.cast.dsl.id)
    assert list(cleared.resolution.registry_entries) == [hit.registry_entry for hit in held.hits]
    again = h.call("ResolveScreening", resolve, h.cast.dsl).screening_result  # a retry
    assert again.resolution.resolve_time == cleared.resolution.resolve_time, "stored once"

    exact = pb.ScreenPersonRequest(
        parent=PARENT, person=h.cast.respondent.id, role=res.SPORT_ROLE_COACH
    )
    found = h.call("ScreenPerson", exact, h.cast.dsl).screening_result
    nothing_to_resolve = pb.ResolveScreeningRequest(
        name=found.name, resolution=res.SCREENING_RESOLUTION_TYPE_NOT_SAME_PERSON, reason=reason
    )
    assert _bad_fields(h, "ResolveScreening", nothing_to_resolve, h.cast.dsl, Role.DSL) == {
        "name"
    }, "an exact hit is refused at once (G33): there is no hold to resolve"

    held_again = h.call("ScreenPerson", fuzzy, h.cast.dsl).screening_result
    confirm = pb.ResolveScreeningRequest(
        name=held_again.name,
        resolution=res.SCREENING_RESOLUTION_TYPE_CONFIRMED_MATCH,
        reason="Same person: the membership record shows the previous club and coaching number.",
    )
    confirmed = h.call("ResolveScreening", confirm, h.cast.dsl).screening_result
    assert confirmed.outcome == res.SCREENING_OUTCOME_ACTIVE_SANCTION
    assert confirmed.message_for_person == "a check needs manual review"
    with Session(h.instance.engine) as session:
        stored = session.scalars(select(ScreeningResolutionRow.document)).all()
        audited = session.execute(
            select(AuditRow.action, AuditRow.outcome).where(AuditRow.command == "resolve_screening")
        ).all()
    assert len(stored) == 2
    assert sorted(tuple(row) for row in audited) == [  # G31: refusals too, each on its own
        ("COMMAND", "ALLOWED"),
        ("COMMAND", "ALLOWED"),
        ("COMMAND", "REFUSED:E_G28_ACCESS_DENIED"),
        ("COMMAND", "REFUSED:E_G33_RESOLUTION_REASON"),
        ("COMMAND", "REFUSED:E_INVALID_ARGUMENT"),
        ("READ", "ALLOWED"),  # the retry, which reads what the first call stored
    ]
    assert all(reason not in json.dumps(document) for document in stored), "the reason is sealed"
