"""Need-to-know (DOMAIN.md §4, G28): the matrix, who runs what, who is assigned, what one sees.

The expected tables below are transcribed from §4.2 independently of ``safecase.core.policy``,
column by column as the document prints them, with PCH and ACH spelled out.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from safecase.core import policy
from safecase.core.case import (
    Assignment,
    Case,
    CmgDecision,
    CoiDeclaration,
    Concern,
    IntakeType,
    Party,
    PartyRole,
    TransitionRecord,
    Triage,
)
from safecase.core.commands import Actor
from safecase.core.errors import CommandRefused
from safecase.core.hearing import (
    Appeal,
    AppealResult,
    Decision,
    Finding,
    Hearing,
    Panel,
    PanelKind,
    PanelMember,
    Sanction,
)
from safecase.core.interim import InterimMeasure
from safecase.core.investigation import EvidenceItem, Investigation, RiskAssessment
from safecase.core.lifecycle.table import COMMAND_NAMES, MAIN_COMMANDS, OPENING, steps_for
from safecase.core.policy import Access, Resource
from safecase.core.referrals import AgencyConsent, ConsentScope, Referral
from safecase.core.share import AdvisoryOpinion, AdvisoryShare
from safecase.core.states import CaseState, Role, ShareState

NOW = datetime.now(UTC)
ORG = "org-scotland"
OTHER_ORG = "org-elsewhere"
NARRATIVE = "NARRATIVE-TEXT the coach sent messages late at night"
REASON = "REASON-TEXT the owner explained the route at length"

PERSON: dict[Role, str] = {role: f"p-{role.value.lower()}" for role in Role}
WITNESS = "p-witness"

# --- §4.2 transcribed -----------------------------------------------------------------------------

COLUMNS = (
    "INTAKE",
    "DSL",
    "INV",
    "RA",
    "CMG",
    "PANEL",
    "PCH",
    "APANEL",
    "ACH",
    "ADV",
    "ADMIN",
    "AUD",
    "COMP",
    "RESP",
    "REP3",
    "SYS",
)

# y: the cell gives some read (R, Rr, own, meta, status label, with or without a condition)
READS = """
CASE_METADATA          y y y y y y y y y . y y y y y .
COMPLAINANT_IDENTITY   y y y y y y y y y . . . y . . .
RESPONDENT_IDENTITY    y y y y y y y y y . . . y y . .
NARRATIVE              y y y y y y y y y . . . y y y .
EVIDENCE               . y y y y y y y y . . . y y . .
AGENCY_REFERRALS       . y y . y . . . . . . . . . . .
CONSENT_RECORDS        . y . . y . . . . . . . y . . .
INVESTIGATION          . y y y y y y y y . . . y y . .
RISK_ASSESSMENT        . y . y y y y y y . . . . y . .
CMG_MINUTES            . y . . y . . . . . . . . . . .
INTERIM_MEASURES       . y y y y y y y y . . y y y . .
HEARING_BUNDLE         . y . . y y y y y . . . y y . .
DECISION_AND_SANCTION  . y . . y y y y y . . . y y y .
APPEAL                 . y . . y y y y y . . . y y . .
ADVISORY_PACKET        . y . . y . . . . y . . . . . .
ADVISORY_OPINIONS      . y . . y . . . . y . . . . . .
AUDIT_LOG              . y . . . . . . . . . y . . . .
SANCTION_REGISTRY      . y . . y y y y y . . y . y . .
SCREENING_RESULTS      . y . . y . . . . . y y . y . .
ORG_CONFIG             . y . . . . . . . . y y . . . .
"""

# y: the cell gives some create/update (W, R/W, own W)
WRITES = """
CASE_METADATA          y y . . . . . . . . . . . . . .
COMPLAINANT_IDENTITY   y y . . . . . . . . . . y . . .
RESPONDENT_IDENTITY    y y . . . . . . . . . . . y . .
NARRATIVE              y y . . . . . . . . . . . . . .
EVIDENCE               y y y . . . . . . . . . y y y .
AGENCY_REFERRALS       . y . . . . . . . . . . . . . .
CONSENT_RECORDS        y y . . . . . . . . . . y . . .
INVESTIGATION          . y y . . . . . . . . . . . . .
RISK_ASSESSMENT        . . . y y . . . . . . . . . . .
CMG_MINUTES            . y . . y . . . . . . . . . . .
INTERIM_MEASURES       . y . . y . . . . . . . . . . .
HEARING_BUNDLE         . y . . . . . . . . . . . . . .
DECISION_AND_SANCTION  . . . . . . y . . . . . . . . .
APPEAL                 . . . . . . . . y . . . y y . .
ADVISORY_PACKET        . y . . . . . . . . . . . . . .
ADVISORY_OPINIONS      . . . . . . . . . y . . . . . .
AUDIT_LOG              . . . . . . . . . . . . . . . .
SANCTION_REGISTRY      . y . . . . . . . . . . . . . .
SCREENING_RESULTS      . y . . . . . . . . . . . . . .
ORG_CONFIG             . . . . . . . . . . y . . . . .
"""

CONDITIONS = {
    ("CASE_METADATA", "INTAKE"): "c1",
    ("CASE_METADATA", "RESP"): "c2",
    ("COMPLAINANT_IDENTITY", "INTAKE"): "c1",
    ("COMPLAINANT_IDENTITY", "RA"): "c3",
    ("COMPLAINANT_IDENTITY", "RESP"): "c4",
    ("RESPONDENT_IDENTITY", "INTAKE"): "c1",
    ("RESPONDENT_IDENTITY", "COMP"): "c5",
    ("RESPONDENT_IDENTITY", "RESP"): "c2",
    ("NARRATIVE", "INTAKE"): "c1",
    ("NARRATIVE", "RESP"): "c2",
    ("EVIDENCE", "RESP"): "c2",
    ("AGENCY_REFERRALS", "INV"): "c6",
    ("INVESTIGATION", "COMP"): "c7",
    ("INVESTIGATION", "RESP"): "c2",
    ("RISK_ASSESSMENT", "PANEL"): "c8",
    ("RISK_ASSESSMENT", "PCH"): "c8",
    ("RISK_ASSESSMENT", "RESP"): "c8",
    ("INTERIM_MEASURES", "COMP"): "c9",
    ("INTERIM_MEASURES", "RESP"): "c2",
    ("HEARING_BUNDLE", "COMP"): "c10",
    ("DECISION_AND_SANCTION", "COMP"): "c7",
    ("DECISION_AND_SANCTION", "REP3"): "c11",
    ("APPEAL", "PANEL"): "c12",
    ("APPEAL", "PCH"): "c12",
    ("ADVISORY_PACKET", "PANEL"): "c13",
    ("ADVISORY_PACKET", "PCH"): "c13",
    ("ADVISORY_OPINIONS", "PANEL"): "c13",
    ("ADVISORY_OPINIONS", "PCH"): "c13",
    ("AUDIT_LOG", "ADMIN"): "c14",
    ("SANCTION_REGISTRY", "PANEL"): "c15",
    ("SANCTION_REGISTRY", "PCH"): "c15",
    ("SANCTION_REGISTRY", "APANEL"): "c15",
    ("SANCTION_REGISTRY", "ACH"): "c15",
}

META_CELLS = {
    ("CASE_METADATA", "ADMIN"),
    ("CASE_METADATA", "AUD"),
    ("INTERIM_MEASURES", "AUD"),
    ("SANCTION_REGISTRY", "AUD"),
    ("SCREENING_RESULTS", "ADMIN"),
    ("SCREENING_RESULTS", "AUD"),
}
STATUS_LABEL_CELLS = {
    ("CASE_METADATA", "COMP"),
    ("CASE_METADATA", "RESP"),
    ("CASE_METADATA", "REP3"),
    ("DECISION_AND_SANCTION", "REP3"),
    ("SCREENING_RESULTS", "RESP"),
}


def _table(text: str) -> dict[tuple[Resource, Role], bool]:
    table: dict[tuple[Resource, Role], bool] = {}
    for line in text.strip().splitlines():
        name, *marks = line.split()
        assert len(marks) == len(COLUMNS), name
        for column, mark in zip(COLUMNS, marks, strict=True):
            table[Resource[name], Role[column]] = mark == "y"
    return table


EXPECTED_READ = _table(READS)
EXPECTED_WRITE = _table(WRITES)
PAIRS = [(resource, role) for resource in Resource for role in Role]


def _pair_id(pair: tuple[Resource, Role]) -> str:
    return f"{pair[1].value}-{pair[0].value}"


# --- building cases -------------------------------------------------------------------------------


def actor(role: Role, *, person: str | None = None, org: str = ORG) -> Actor:
    return Actor(person_id=person or PERSON[role], role=role, organisation_id=org)


def bare_case(**fields: object) -> Case:
    data: dict[str, object] = {
        "organisation_id": ORG,
        "rule_set_id": "scot-sgb-cmss@1",
        "created_at": NOW - timedelta(days=30),
        "updated_at": NOW - timedelta(days=1),
        "state": CaseState.TRIAGED,
        "intake_type": IntakeType.FORMAL_REPORT,
        "came_to_attention_at": NOW - timedelta(days=31),
    }
    data.update(fields)
    return Case.model_validate(data)


def record(
    command: str, to: CaseState, at: datetime, frm: CaseState | None = None
) -> TransitionRecord:
    return TransitionRecord(
        transition="T00",
        command=command,
        from_state=frm,
        to_state=to,
        actor_id=PERSON[Role.DSL],
        role=Role.DSL,
        at=at,
        reason=REASON,
    )


def panel(kind: PanelKind, member: str, chair: str) -> Panel:
    return Panel(
        kind=kind,
        members=[PanelMember(person_id=member), PanelMember(person_id=chair, chair=True)],
        appointed_at=NOW - timedelta(days=5),
    )


def full_case(**fields: object) -> Case:
    """A case with something in every part, and every role's person on it."""
    at = NOW - timedelta(days=10)
    decision = Decision(
        rationale="RATIONALE-TEXT",
        decided_by=(PERSON[Role.PCH],),
        decided_at=at,
        standard_of_proof="BALANCE_OF_PROBABILITIES",
        findings=(Finding(allegation="ALLEGATION-TEXT", code_reference="1.2", finding="PROVEN"),),
        sanctions=(Sanction(type="SUSPENSION", months=6, conditions="CONDITIONS-TEXT"),),
    )
    disciplinary = panel(PanelKind.DISCIPLINARY, PERSON[Role.PANEL], PERSON[Role.PCH])
    data: dict[str, object] = {
        "state": CaseState.DECISION_ISSUED,
        "created_by": PERSON[Role.INTAKE],
        "owner_id": PERSON[Role.DSL],
        "receipt_code_hash": "RECEIPT-HASH",
        "narrative": NARRATIVE,
        "severity": "HIGH",
        "parties": [
            Party(person_id=PERSON[Role.COMP], role=PartyRole.COMPLAINANT, minor_at_incident=True),
            Party(person_id=PERSON[Role.RESP], role=PartyRole.RESPONDENT, position_of_trust=True),
            Party(person_id=PERSON[Role.REP3], role=PartyRole.REPORTER),
            Party(person_id=WITNESS, role=PartyRole.WITNESS),
        ],
        "concerns": [Concern(category="GROOMING", summary="CONCERN-SUMMARY")],
        "triage": Triage(
            severity="HIGH",
            categories=("GROOMING",),
            route="FORMAL",
            level="L3",
            statutory_answers={"child_at_risk": True},
            rationale="TRIAGE-RATIONALE",
            decided_by=(PERSON[Role.DSL],),
            decided_at=at,
        ),
        "referrals": [
            Referral(
                agency="POLICE",
                reference="POLICE-REF-1",
                officer="OFFICER-NAME",
                consents=[
                    AgencyConsent(
                        scopes=frozenset({ConsentScope.INTERNAL_INVESTIGATION}),
                        officer="OFFICER-NAME",
                        method="PHONE",
                        note="AGENCY-NOTE",
                        given_at=at,
                    )
                ],
            ),
            Referral(agency="SOCIAL_WORK", reference="SW-REF-2"),
        ],
        "assignments": [
            Assignment(person_id=PERSON[Role.DSL], role=Role.DSL, since=at),
            Assignment(person_id=PERSON[Role.CMG], role=Role.CMG, since=at),
        ],
        "coi_declarations": [CoiDeclaration(person_id=PERSON[Role.INV], signed_at=at)],
        "cmg_decisions": [
            CmgDecision(
                subject="CMG-SUBJECT",
                members_present=(PERSON[Role.CMG],),
                vote_outcome="3-0",
                decided_at=at,
            )
        ],
        "investigation": Investigation(investigator_id=PERSON[Role.INV], opened_at=at),
        "evidence": [
            EvidenceItem(
                kind="STATEMENT",
                description="EVIDENCE-TEXT",
                added_by=PERSON[Role.COMP],
                added_at=at,
            )
        ],
        "risk_assessments": [
            RiskAssessment(
                assessor_id=PERSON[Role.RA],
                commissioned_at=at,
                impact="RISK-IMPACT-TEXT",
            )
        ],
        "interim_measures": [
            InterimMeasure(
                type="SUSPENSION",
                reason="INTERIM-REASON",
                authority="DSL",
                imposed_at=at,
                next_review_at=NOW + timedelta(days=20),
            )
        ],
        "panels": [disciplinary, panel(PanelKind.APPEAL, PERSON[Role.APANEL], PERSON[Role.ACH])],
        "hearings": [Hearing(panel_id=disciplinary.id)],
        "decisions": [decision],
        "appeals": [
            Appeal(
                decision_id=decision.id,
                appellant="RESPONDENT",
                grounds=("NEW_EVIDENCE",),
                statement="APPEAL-STATEMENT-TEXT",
                lodged_at=at,
                result=AppealResult.UPHELD,
            )
        ],
        "shares": [
            AdvisoryShare(
                state=ShareState.AS_SHARED,
                question="ADVISORY-QUESTION",
                started_at=at,
                members=(PERSON[Role.ADV],),
                expires_at=NOW + timedelta(days=20),
                opinions=[
                    AdvisoryOpinion(
                        member_id=PERSON[Role.ADV],
                        text="OPINION-TEXT",
                        submitted_at=at,
                    )
                ],
            )
        ],
        "history": [
            record("submit_report", CaseState.RECEIVED_REPORT, NOW - timedelta(days=30)),
            record(
                "record_triage",
                CaseState.TRIAGED,
                NOW - timedelta(days=29),
                CaseState.RECEIVED_REPORT,
            ),
        ],
        "respondent_notified_at": NOW - timedelta(days=20),
    }
    data.update(fields)
    return bare_case(**data)


# --- the matrix -----------------------------------------------------------------------------------


def test_the_matrix_has_the_twenty_rows_of_section_4_2_in_order() -> None:
    assert [r.value for r in Resource] == [line.split()[0] for line in READS.strip().splitlines()]
    assert list(policy.MATRIX) == list(Resource)


def test_every_matrix_cell_is_defined() -> None:
    missing = [(res, role) for res in Resource for role in Role if role not in policy.MATRIX[res]]
    assert missing == []
    assert all(isinstance(policy.MATRIX[res][role], policy.Cell) for res, role in PAIRS)


@pytest.mark.parametrize("pair", PAIRS, ids=_pair_id)
def test_may_read_follows_section_4_2(pair: tuple[Resource, Role]) -> None:
    resource, role = pair
    assert policy.may_read(role, resource) is EXPECTED_READ[resource, role]


@pytest.mark.parametrize("pair", PAIRS, ids=_pair_id)
def test_may_write_follows_section_4_2(pair: tuple[Resource, Role]) -> None:
    resource, role = pair
    assert policy.may_write(role, resource) is EXPECTED_WRITE[resource, role]


def test_the_conditions_c1_to_c15_sit_on_the_cells_the_document_marks() -> None:
    found = {
        (res.value, role.value): policy.MATRIX[res][role].condition
        for res, role in PAIRS
        if policy.MATRIX[res][role].condition is not None
    }
    assert found == CONDITIONS
    assert set(CONDITIONS.values()) == {f"c{n}" for n in range(1, 16)} == set(policy.CONDITIONS)


def test_metadata_and_status_label_cells_are_where_the_document_puts_them() -> None:
    meta = {(r.value, o.value) for r, o in PAIRS if policy.MATRIX[r][o].read is Access.META}
    labels = {
        (r.value, o.value) for r, o in PAIRS if policy.MATRIX[r][o].read is Access.STATUS_LABEL
    }
    assert meta == META_CELLS
    assert labels == STATUS_LABEL_CELLS


def test_the_panel_chair_shares_the_panel_column_but_alone_writes_the_decision() -> None:
    for resource in Resource:
        chair, member = policy.MATRIX[resource][Role.PCH], policy.MATRIX[resource][Role.PANEL]
        assert chair.read is member.read
        if resource is not Resource.DECISION_AND_SANCTION:
            assert chair == member
        achair, amember = policy.MATRIX[resource][Role.ACH], policy.MATRIX[resource][Role.APANEL]
        assert achair.read is amember.read
        if resource is not Resource.APPEAL:
            assert achair == amember


def test_the_system_has_no_content_access() -> None:
    assert not any(policy.may_read(Role.SYS, r) or policy.may_write(Role.SYS, r) for r in Resource)


def test_no_role_may_write_the_audit_log() -> None:
    assert not any(policy.may_write(role, Resource.AUDIT_LOG) for role in Role)


def test_an_advisory_member_writes_nothing_but_their_own_opinion() -> None:
    written = {r for r in Resource if policy.may_write(Role.ADV, r)}
    assert written == {Resource.ADVISORY_OPINIONS}
    assert policy.MATRIX[Resource.ADVISORY_OPINIONS][Role.ADV].write is Access.OWN


def test_a_cell_refuses_a_level_that_is_not_of_its_axis() -> None:
    with pytest.raises(ValueError):
        policy.Cell(read=Access.WRITE)
    with pytest.raises(ValueError):
        policy.Cell(write=Access.META)
    with pytest.raises(ValueError):
        policy.Cell(read=Access.READ, condition="c99")


# --- who may run what -----------------------------------------------------------------------------


def _table_roles(command: str) -> frozenset[Role]:
    rows = list(steps_for(command))
    if command in OPENING:
        rows.append(OPENING[command])
    return frozenset(role for row in rows for role in row.actors)


@pytest.mark.parametrize("command", sorted(COMMAND_NAMES))
def test_who_may_run_a_command_is_exactly_what_the_lifecycle_table_lists(command: str) -> None:
    allowed = _table_roles(command)
    assert allowed, command
    assert {role for role in Role if policy.may_run(role, command)} == allowed


def test_an_advisory_member_can_run_no_lifecycle_command_but_submit_advisory_opinion() -> None:
    # ... and sign the conflict-of-interest declaration (C5, G10) that every member must sign.
    runnable = {c for c in COMMAND_NAMES if policy.may_run(Role.ADV, c)}
    assert runnable == {"submit_advisory_opinion", "sign_coi_declaration"}
    assert not runnable & MAIN_COMMANDS


def test_only_the_panel_chair_opens_the_hearing_and_issues_the_decision() -> None:
    for command in ("open_hearing", "issue_decision", "issue_decision_on_admission"):
        assert policy.may_run(Role.PCH, command)
        assert not policy.may_run(Role.PANEL, command)
    assert policy.may_run(Role.ACH, "issue_appeal_decision")
    assert not policy.may_run(Role.APANEL, "issue_appeal_decision")


def test_an_org_admin_assigns_owners_and_breaks_glass_but_decides_nothing() -> None:
    assert policy.commands_for(Role.ADMIN) == {
        "assign_case_owner",
        "assign_role",
        "place_legal_hold",
        "break_glass_read",
    }


def test_the_system_runs_only_its_timers_and_notices() -> None:
    assert policy.commands_for(Role.SYS) == {
        "appeal_window_expired",
        "delete_case_data",
        "expire_share",
        "interim_review_overdue",
        "notify_parties",
        "sweep_deadlines",
    }


def test_reports_come_from_reporters_intake_and_the_dsl_only() -> None:
    for command in ("submit_report", "submit_disclosure"):
        assert {r for r in Role if policy.may_run(r, command)} == {
            Role.COMP,
            Role.REP3,
            Role.INTAKE,
            Role.DSL,
        }


def test_an_unknown_command_is_run_by_no_one() -> None:
    assert not any(policy.may_run(role, "impose_sanction") for role in Role)


def test_commands_for_agrees_with_may_run() -> None:
    for role in Role:
        assert policy.commands_for(role) == {c for c in COMMAND_NAMES if policy.may_run(role, c)}


# --- who is assigned ------------------------------------------------------------------------------


def test_everyone_on_the_case_is_assigned_in_their_role() -> None:
    case = full_case()
    assert all(policy.is_assigned(case, actor(role), NOW) for role in Role)


def test_a_user_of_another_organisation_is_never_assigned() -> None:
    case = full_case()
    for role in Role:
        assert not policy.is_assigned(case, actor(role, org=OTHER_ORG), NOW), role


def test_a_stranger_of_the_same_organisation_is_assigned_only_as_admin_auditor_or_system() -> None:
    case = full_case()
    assigned = {r for r in Role if policy.is_assigned(case, actor(r, person="p-stranger"), NOW)}
    assert assigned == {Role.ADMIN, Role.AUD, Role.SYS}


def test_a_deputy_dsl_is_assigned_only_while_the_assignment_is_active() -> None:
    deputy = actor(Role.DSL, person="p-deputy")
    active = Assignment(person_id="p-deputy", role=Role.DSL, since=NOW - timedelta(days=3))
    assert policy.is_assigned(bare_case(assignments=[active]), deputy, NOW)
    ended = active.model_copy(update={"until": NOW - timedelta(days=1)})
    assert not policy.is_assigned(bare_case(assignments=[ended]), deputy, NOW)
    suspended = active.model_copy(update={"suspended": True})
    assert not policy.is_assigned(bare_case(assignments=[suspended]), deputy, NOW)


def test_an_assignment_in_another_role_does_not_assign() -> None:
    as_cmg = Assignment(person_id="p-x", role=Role.CMG, since=NOW - timedelta(days=3))
    case = bare_case(assignments=[as_cmg])
    assert policy.is_assigned(case, actor(Role.CMG, person="p-x"), NOW)
    assert not policy.is_assigned(case, actor(Role.DSL, person="p-x"), NOW)
    assert not policy.is_assigned(case, actor(Role.INV, person="p-x"), NOW)


def test_the_panel_chair_role_needs_the_chair_seat() -> None:
    case = full_case()
    assert policy.is_assigned(case, actor(Role.PANEL, person=PERSON[Role.PCH]), NOW)
    assert not policy.is_assigned(case, actor(Role.PCH, person=PERSON[Role.PANEL]), NOW)
    assert not policy.is_assigned(case, actor(Role.ACH, person=PERSON[Role.APANEL]), NOW)


def test_a_disciplinary_panel_member_is_not_on_the_appeal_panel() -> None:
    case = full_case()
    assert not policy.is_assigned(case, actor(Role.APANEL, person=PERSON[Role.PANEL]), NOW)
    assert not policy.is_assigned(case, actor(Role.PANEL, person=PERSON[Role.APANEL]), NOW)


def test_only_the_latest_disciplinary_panel_sits() -> None:
    old = panel(PanelKind.DISCIPLINARY, "p-old-member", "p-old-chair")
    new = panel(PanelKind.DISCIPLINARY, "p-new-member", "p-new-chair")
    case = bare_case(panels=[old, new])
    assert not policy.is_assigned(case, actor(Role.PCH, person="p-old-chair"), NOW)
    assert policy.is_assigned(case, actor(Role.PCH, person="p-new-chair"), NOW)


def test_an_advisory_member_is_assigned_only_through_the_current_share() -> None:
    first = AdvisoryShare(question="Q", started_at=NOW, members=("p-first",))
    second = AdvisoryShare(question="Q", started_at=NOW, members=("p-second",))
    case = bare_case(shares=[first, second])
    assert policy.is_assigned(case, actor(Role.ADV, person="p-second"), NOW)
    assert not policy.is_assigned(case, actor(Role.ADV, person="p-first"), NOW)


def test_a_party_is_assigned_only_in_their_own_party_role() -> None:
    case = full_case()
    assert not policy.is_assigned(case, actor(Role.RESP, person=PERSON[Role.COMP]), NOW)
    assert not policy.is_assigned(case, actor(Role.COMP, person=PERSON[Role.RESP]), NOW)
    assert not policy.is_assigned(case, actor(Role.COMP, person=WITNESS), NOW)


def test_an_anonymous_reporter_who_submitted_is_assigned_without_being_a_party() -> None:
    case = bare_case(created_by="p-anon", anonymous=True)
    assert policy.is_assigned(case, actor(Role.REP3, person="p-anon"), NOW)
    assert not policy.is_assigned(case, actor(Role.REP3, person="p-someone"), NOW)


def test_intake_is_assigned_to_the_cases_they_created() -> None:
    assert policy.is_assigned(bare_case(created_by="p-i"), actor(Role.INTAKE, person="p-i"), NOW)
    other = bare_case(created_by="p-j")
    assert not policy.is_assigned(other, actor(Role.INTAKE, person="p-i"), NOW)


# --- what a reader sees ---------------------------------------------------------------------------


def _text(view: dict[str, object]) -> str:
    return json.dumps(view, sort_keys=True)


def _items(view: dict[str, object], name: str) -> list[dict[str, Any]]:
    value = view[name]
    assert isinstance(value, list)
    return value


@pytest.mark.parametrize("role", list(Role))
def test_every_view_is_json_and_holds_only_fields_the_role_may_read(role: Role) -> None:
    view = policy.case_view(full_case(), actor(role), NOW)
    json.dumps(view)
    for name in view:
        if name in policy.FIELD_RESOURCE:
            assert policy.may_read(role, policy.FIELD_RESOURCE[name]), name
    assert "RECEIPT-HASH" not in _text(view)


def test_every_case_field_maps_to_a_resource() -> None:
    assert set(policy.FIELD_RESOURCE) == set(Case.model_fields)


def test_an_org_admin_sees_case_metadata_but_no_narrative() -> None:
    view = policy.case_view(full_case(), actor(Role.ADMIN), NOW)
    assert set(view) == {*policy.META_FIELDS, "categories"}
    assert view["categories"] == ["GROOMING"]
    assert view["severity"] == "HIGH"
    assert view["owner_id"] == PERSON[Role.DSL]
    text = _text(view)
    for secret in (NARRATIVE, "CONCERN-SUMMARY", PERSON[Role.COMP], PERSON[Role.RESP], REASON):
        assert secret not in text


def test_an_auditor_sees_interim_measure_metadata_without_the_reason() -> None:
    case = full_case()
    view = policy.case_view(case, actor(Role.AUD), NOW)
    (measure,) = _items(view, "interim_measures")
    assert measure["id"] == case.interim_measures[0].id
    assert measure["type"] == "SUSPENSION"
    assert "INTERIM-REASON" not in _text(view)
    assert NARRATIVE not in _text(view)


def test_a_respondent_sees_nothing_before_notice() -> None:
    case = full_case(respondent_notified_at=None, history=[])
    assert policy.case_view(case, actor(Role.RESP), NOW) == {}


def test_a_respondent_notified_in_the_history_counts_as_notified() -> None:
    notice = record("notify_respondent", CaseState.UNDER_INVESTIGATION, NOW - timedelta(days=3))
    case = full_case(respondent_notified_at=None, history=[notice], state=CaseState.TRIAGED)
    assert policy.case_view(case, actor(Role.RESP), NOW) == {"id": case.id, "status": "in progress"}


def test_a_respondent_served_a_hearing_or_decision_notice_counts_as_notified() -> None:
    bare = full_case(respondent_notified_at=None, history=[])
    served = Hearing(panel_id=bare.panels[0].id, notice_served_at=NOW - timedelta(days=2))
    heard = bare.model_copy(update={"hearings": [served]})
    assert set(policy.case_view(heard, actor(Role.RESP), NOW)) == {"id", "status"}
    decision = bare.decisions[0].model_copy(update={"notified_at": {"RESPONDENT": NOW}})
    decided = bare.model_copy(update={"decisions": [decision]})
    assert set(policy.case_view(decided, actor(Role.RESP), NOW)) == {"id", "status"}
    told_others = decision.model_copy(update={"notified_at": {"COMPLAINANT": NOW}})
    untold = bare.model_copy(update={"decisions": [told_others]})
    assert policy.case_view(untold, actor(Role.RESP), NOW) == {}


def test_a_respondent_sees_the_status_frozen_at_the_last_notice() -> None:
    history = [
        record("submit_report", CaseState.RECEIVED_REPORT, NOW - timedelta(days=30)),
        record("no_further_action", CaseState.NFA, NOW - timedelta(days=1), CaseState.TRIAGED),
    ]
    case = full_case(
        state=CaseState.NFA, history=history, respondent_notified_at=NOW - timedelta(days=20)
    )
    assert policy.case_view(case, actor(Role.RESP), NOW) == {"id": case.id, "status": "received"}
    told = case.model_copy(update={"respondent_notified_at": NOW})
    assert policy.case_view(told, actor(Role.RESP), NOW) == {"id": case.id, "status": "concluded"}


def test_a_respondent_sees_nothing_while_an_agency_holds_the_case_without_contact_consent() -> None:
    held = full_case(state=CaseState.AGENCY_HOLD)
    assert policy.case_view(held, actor(Role.RESP), NOW) == {}
    contact = AgencyConsent(
        scopes=frozenset({ConsentScope.CONTACT_RESPONDENT}),
        officer="O",
        method="PHONE",
        note="N",
        given_at=NOW,
    )
    released = held.model_copy(
        update={"referrals": [Referral(agency="POLICE", consents=[contact])]}
    )
    assert set(policy.case_view(released, actor(Role.RESP), NOW)) == {"id", "status"}


def test_a_complainant_sees_only_a_public_status_label() -> None:
    case = full_case(state=CaseState.AGENCY_HOLD)
    assert policy.case_view(case, actor(Role.COMP), NOW) == {"id": case.id, "status": "in progress"}


def test_every_state_has_a_public_label_of_three() -> None:
    assert {policy.public_status(s) for s in CaseState} == {"received", "in progress", "concluded"}


def test_a_third_party_reporter_learns_that_action_was_taken_but_never_the_sanction() -> None:
    acted = full_case(state=CaseState.SANCTION_IN_FORCE)
    view = policy.case_view(acted, actor(Role.REP3), NOW)
    assert view == {"id": acted.id, "status": "action taken"}
    closed = full_case(state=CaseState.NFA, decisions=[])
    assert policy.case_view(closed, actor(Role.REP3), NOW)["status"] == "concluded"


def test_an_advisory_member_sees_nothing_of_the_case() -> None:
    assert policy.case_view(full_case(), actor(Role.ADV), NOW) == {}


def test_the_system_reads_no_case_content() -> None:
    assert policy.case_view(full_case(), actor(Role.SYS), NOW) == {}


@pytest.mark.parametrize("role", list(Role))
def test_a_user_of_another_organisation_is_refused_with_g28(role: Role) -> None:
    with pytest.raises(CommandRefused) as refused:
        policy.case_view(full_case(), actor(role, org=OTHER_ORG), NOW)
    assert refused.value.reason == "E_G28_ACCESS_DENIED"


def test_an_unassigned_staff_member_is_refused() -> None:
    with pytest.raises(CommandRefused, match="access"):
        policy.case_view(full_case(), actor(Role.DSL, person="p-other-dsl"), NOW)


def test_the_case_owner_sees_the_narrative_parties_minutes_and_referrals() -> None:
    view = policy.case_view(full_case(), actor(Role.DSL), NOW)
    assert view["narrative"] == NARRATIVE
    assert len(_items(view, "parties")) == 4
    for name in ("triage", "cmg_decisions", "referrals", "consents", "shares", "decisions"):
        assert name in view
    assert "receipt_code_hash" not in view
    assert REASON in _text(view)


def test_intake_sees_their_report_until_72_hours_after_handover_then_a_status_label() -> None:
    handover = NOW - timedelta(hours=71)
    owner = Assignment(person_id=PERSON[Role.DSL], role=Role.DSL, since=handover)
    case = full_case(assignments=[owner])
    view = policy.case_view(case, actor(Role.INTAKE), NOW)
    assert view["narrative"] == NARRATIVE
    for name in ("evidence", "consents", "triage", "investigation", "decisions"):
        assert name not in view
    assert REASON not in _text(view)  # the history's reasons are not intake's
    later = NOW + timedelta(hours=2)
    assert policy.case_view(case, actor(Role.INTAKE), later) == {
        "id": case.id,
        "status": "in progress",
    }


def test_intake_keeps_their_report_until_a_dsl_takes_the_case() -> None:
    case = full_case(owner_id=None, assignments=[], created_at=NOW - timedelta(days=30))
    assert policy.handed_over_at(case) is None
    assert policy.case_view(case, actor(Role.INTAKE), NOW)["narrative"] == NARRATIVE


def test_a_panel_member_sees_the_complainant_by_id_only_and_no_route_decisions() -> None:
    view = policy.case_view(full_case(), actor(Role.PANEL), NOW)
    parties = {p["role"]: p for p in _items(view, "parties")}
    assert parties["COMPLAINANT"] == {"person_id": PERSON[Role.COMP], "role": "COMPLAINANT"}
    assert parties["RESPONDENT"]["position_of_trust"] is True
    for name in ("triage", "cmg_decisions", "referrals", "consents", "shares", "coi_declarations"):
        assert name not in view
    assert view["narrative"] == NARRATIVE


def test_the_panel_sees_the_risk_assessment_only_after_findings() -> None:
    before = full_case(state=CaseState.DISCIPLINARY_HEARING, decisions=[], appeals=[])
    assert "risk_assessments" not in policy.case_view(before, actor(Role.PCH), NOW)
    after = policy.case_view(full_case(), actor(Role.PCH), NOW)
    assert "RISK-IMPACT-TEXT" in _text(after)


def test_the_first_instance_panel_sees_the_appeal_result_but_not_the_appeal_submissions() -> None:
    case = full_case()
    appeal = case.appeals[0]
    view = policy.case_view(case, actor(Role.PANEL), NOW)
    assert view["appeals"] == [
        {"id": appeal.id, "decision_id": appeal.decision_id, "result": "UPHELD"}
    ]
    assert "appeal_extensions" not in view
    assert "APPEAL-STATEMENT-TEXT" not in _text(view)
    appeal_panel = policy.case_view(case, actor(Role.APANEL), NOW)
    assert "APPEAL-STATEMENT-TEXT" in _text(appeal_panel)


def test_advisory_material_reaches_the_panel_only_when_the_rule_set_says_so() -> None:
    case = full_case()
    assert "shares" not in policy.case_view(case, actor(Role.PANEL), NOW)
    shown = policy.case_view(case, actor(Role.PANEL), NOW, advisory_visible_to_panel=True)
    assert "OPINION-TEXT" in _text(shown)


def test_an_investigator_sees_only_referrals_consented_for_investigation_unreferenced() -> None:
    view = policy.case_view(full_case(), actor(Role.INV), NOW)
    assert [r["agency"] for r in _items(view, "referrals")] == ["POLICE"]
    text = _text(view)
    for secret in ("POLICE-REF-1", "OFFICER-NAME", "SW-REF-2"):
        assert secret not in text


def test_a_risk_assessor_sees_no_minutes_referrals_or_decisions() -> None:
    view = policy.case_view(full_case(), actor(Role.RA), NOW)
    for name in ("triage", "cmg_decisions", "referrals", "consents", "decisions", "appeals"):
        assert name not in view
    assert "RISK-IMPACT-TEXT" in _text(view)
    assert view["narrative"] == NARRATIVE


def test_a_cmg_member_sees_the_opinions_but_advisory_members_never_see_the_case() -> None:
    assert "OPINION-TEXT" in _text(policy.case_view(full_case(), actor(Role.CMG), NOW))
    assert policy.case_view(full_case(), actor(Role.ADV), NOW) == {}


def test_messages_with_the_reporter_follow_the_narrative_row() -> None:
    """§4.2 row 4: the case owner reads and sends; an investigator reads; an admin neither."""
    case = full_case()
    assert policy.may_message_reporter(case, actor(Role.DSL), NOW, write=True)
    assert policy.may_message_reporter(case, actor(Role.INV), NOW, write=False)
    assert not policy.may_message_reporter(case, actor(Role.INV), NOW, write=True)
    assert not policy.may_message_reporter(case, actor(Role.ADMIN), NOW, write=False)
    assert not policy.may_message_reporter(case, actor(Role.DSL, org="org-other"), NOW, write=False)
