"""Intake and statutory agencies: disclosures (G02), overrides (G03), anonymity (G14), duplicates
(G16), exclusive external jurisdiction (G18), the case owner (G36), agency holds (G04),
statutory referrals (G17) and the organisation's own assessment after an agency outcome (G20).

Every case is built through the lifecycle. Every refusal is checked for its exact code, for
leaving the case untouched, and for being audited.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta

from safecase.core.case import Case, IntakeType, PartyRole
from safecase.core.errors import CommandRefused
from safecase.core.investigation import Conclusion
from safecase.core.people import Person
from safecase.core.referrals import ConsentScope
from safecase.core.states import CaseState, ClosureReason, ReferralStatus, Role
from safecase.core.testing import Scenario
from safecase.core.testing.scenario import SHORT_RATIONALE

LONG_REASON = (
    "The child described repeated physical harm by an adult coach; a statutory duty to report "
    "applies whatever the child wants."
)
NOT_INFORMED = "Telling the child now would alert the parent, who is implicated in the concern."
INTERNAL_ASSESSMENT = (
    "Irrespective of the police outcome, the organisation assessed the coach's suitability for "
    "the role: the conduct described breaches the code and supervision is required."
)
LONDON = ZoneInfo("Europe/London")
POLICE_NFA = "Police NFA: no further action, insufficient evidence to charge."


# --- helpers --------------------------------------------------------------------------------------


def refused(
    s: Scenario,
    case: Case,
    command: str,
    code: str,
    acting: Role = Role.DSL,
    person: Person | None = None,
    **data: Any,
) -> CommandRefused:
    """Run a command that must be refused with ``code``; check nothing changed and the audit."""
    refusal = s.refusal(case, command, acting, person, **data)
    assert refusal.reason == code, refusal
    return refusal


def override(**changes: Any) -> dict[str, Any]:
    return {
        "reason": LONG_REASON,
        "legal_basis": "UK_CHILD_AT_RISK_OF_SIGNIFICANT_HARM",
        "complainant_not_informed_reason": NOT_INFORMED,
        **changes,
    }


def disclosure(s: Scenario, acting: Role = Role.DSL, category: str | None = None) -> Case:
    return s.open(
        "submit_disclosure",
        acting,
        narrative="A young swimmer tells the welfare officer the coach shook them at training.",
        parties=s.parties(),
        categories=[category or s.category()],
    )


def own_consent(s: Scenario, given_by: str = "SELF") -> dict[str, Any]:
    giver = s.cast.complainant if given_by == "SELF" else s.cast.parent
    return {
        "subject_person_id": s.cast.complainant.id,
        "given_by": given_by,
        "given_by_person_id": giver.id,
        "child_views": "Wants it to stop and wants to keep swimming",
    }


def interim(s: Scenario, decision_id: str | None, **changes: Any) -> dict[str, Any]:
    return {
        "type": "TEMPORARY_SUSPENSION",
        "scope": "all coaching activity",
        "reason": "Allegation of physical harm to a child while coaching",
        "cmg_decision_id": decision_id,
        "next_review_at": s.clock.now + timedelta(days=7),
        "notify_plan": "Respondent told in writing when the agency agrees",
        **changes,
    }


def triage_payload(s: Scenario, category: str, **changes: Any) -> dict[str, Any]:
    return {
        "categories": [category],
        "rationale": SHORT_RATIONALE,
        "decided_by": [s.cast.dsl.id],
        "conduct_date": s.conduct_date,
        **changes,
    }


def held(s: Scenario) -> Case:
    """A triaged child-protection case referred to the agency, which asked for a hold (T11)."""
    category = s.category(statutory=True)
    case = s.triaged(s.reported(category), answers={"SCO_CHILD_PROTECTION": True})
    due = case.referrals[0]
    case = s.run(
        case,
        "refer_to_agency",
        agency=due.agency,
        check_id=due.check_id,
        reference="PS-0001",
        officer="DC Example",
    )
    assert case.state is CaseState.AGENCY_HOLD
    return case


def agency_consent(
    s: Scenario, case: Case, *scopes: ConsentScope, templates: tuple[str, ...] = ()
) -> Case:
    return s.run(
        case,
        "record_agency_consent",
        referral_id=case.referrals[0].id,
        scopes=[scope.value for scope in scopes],
        officer="DC Example",
        method="PHONE",
        note="No objection to this step",
        limited_to_templates=list(templates),
    )


def parallel(s: Scenario, case: Case) -> Case:
    case = agency_consent(s, case, ConsentScope.INTERNAL_INVESTIGATION)
    case = s.run(case, "sign_coi_declaration", person_id=s.cast.investigator.id)
    return s.run(
        case,
        "open_parallel_investigation",
        investigator_id=s.cast.investigator.id,
        terms_of_reference=["Establish what happened at training"],
    )


def investigate(s: Scenario) -> dict[str, Any]:
    return {
        "investigator_id": s.cast.investigator.id,
        "terms_of_reference": ["Establish what happened at training"],
    }


# --- G02: a disclosure is not a formal process --------------------------------------------------


def test_a_disclosure_cannot_be_triaged_before_it_is_converted(scenario: Scenario) -> None:
    """G02"""
    s = scenario
    case = disclosure(s)
    refused(
        s,
        case,
        "record_triage",
        "E_G02_DISCLOSURE_NOT_CONVERTED",
        **triage_payload(s, s.category()),
    )
    assert s.cases[case.id].state is CaseState.RECEIVED_DISCLOSURE


def test_a_disclosure_converted_with_the_childs_own_consent_becomes_a_formal_report(
    scenario: Scenario,
) -> None:
    """G02 (T03): the child's own consent counts in Scotland; triage may then follow."""
    s = scenario
    case = s.run(disclosure(s), "convert_to_formal_report", consent=own_consent(s))
    assert case.state is CaseState.RECEIVED_REPORT
    assert case.converted
    assert case.consents[-1].purpose.value == "FORMAL_PROCESS"
    case = s.triaged(case)
    assert case.state is CaseState.TRIAGED


def test_a_parent_cannot_convert_a_disclosure_where_only_the_child_may_consent(
    scenario: Scenario,
) -> None:
    """G02: Scotland's child_policy counts only the child's own consent."""
    s = scenario
    case = disclosure(s)
    refused(
        s,
        case,
        "convert_to_formal_report",
        "E_G02_DISCLOSURE_NOT_CONVERTED",
        consent=own_consent(s, "PARENT_GUARDIAN"),
    )


def test_consent_to_convert_must_come_from_the_affected_person(scenario: Scenario) -> None:
    """G02: the consent's subject must be the complainant of the disclosure."""
    s = scenario
    case = disclosure(s)
    refused(
        s,
        case,
        "convert_to_formal_report",
        "E_G02_DISCLOSURE_NOT_CONVERTED",
        consent={**own_consent(s), "subject_person_id": s.cast.witness.id},
    )


def test_no_interim_measure_on_an_unconverted_disclosure(scenario: Scenario) -> None:
    """G02 (I1)"""
    s = scenario
    case, decision_id = s.with_cmg(disclosure(s))
    refused(
        s,
        case,
        "impose_interim_measure",
        "E_G02_DISCLOSURE_NOT_CONVERTED",
        Role.CMG,
        **interim(s, decision_id),
    )


@pytest.mark.parametrize(
    "command", ["notify_respondent", "message_respondent", "grant_respondent_portal_access"]
)
def test_the_respondent_is_not_contacted_about_an_unconverted_disclosure(
    scenario: Scenario, command: str
) -> None:
    """G02: respondent-facing commands on a disclosure give the G02 code."""
    s = scenario
    case = disclosure(s)
    refused(s, case, command, "E_G02_DISCLOSURE_NOT_CONVERTED")


def test_a_disclosure_closed_as_disclosure_only_can_be_converted_later(
    scenario: Scenario,
) -> None:
    """G02 (T48): conversion "at any point" reopens a closed disclosure as a formal report."""
    s = scenario
    case = s.run(
        disclosure(s),
        "close_disclosure",
        rationale=SHORT_RATIONALE,
        decided_by=[s.cast.dsl.id],
        mandatory_reporting_assessed=True,
    )
    assert case.closure_reason is ClosureReason.DISCLOSURE_ONLY
    case = s.run(case, "convert_to_formal_report", consent=own_consent(s))
    assert case.state is CaseState.RECEIVED_REPORT
    assert case.closure_reason is None


# --- G03: the mandatory-reporting override -------------------------------------------------------


def test_a_disclosure_can_be_triaged_under_a_valid_mandatory_reporting_override(
    scenario: Scenario,
) -> None:
    """G03 (T06): the override lets the case proceed but creates no consent record."""
    s = scenario
    case, decision_id = s.with_cmg(disclosure(s), "triage under override")
    case = s.run(
        case,
        "triage_under_override",
        override=override(),
        cmg_decision_id=decision_id,
        statutory_answers={},
        **triage_payload(s, s.category()),
    )
    assert case.state is CaseState.TRIAGED
    assert case.intake_type is IntakeType.DISCLOSURE
    assert case.override is not None
    assert case.override.authorised_by == s.cast.dsl.id
    assert case.consents == []


@pytest.mark.parametrize(
    "changes",
    [
        {"reason": "The child is at risk."},
        {"legal_basis": "SG_CPC_S424"},
        {"complainant_not_informed_reason": None},
        {"complainant_not_informed_reason": "   "},
    ],
    ids=["short-reason", "basis-not-in-rule-set", "informed-not-recorded", "blank-reason"],
)
def test_an_override_without_reason_basis_or_informing_record_is_refused(
    scenario: Scenario, changes: dict[str, Any]
) -> None:
    """G03"""
    s = scenario
    case, decision_id = s.with_cmg(disclosure(s), "triage under override")
    refused(
        s,
        case,
        "triage_under_override",
        "E_G03_OVERRIDE_INVALID",
        override=override(**changes),
        cmg_decision_id=decision_id,
        statutory_answers={},
        **triage_payload(s, s.category()),
    )


def test_an_override_may_record_when_the_complainant_was_informed_instead_of_why_not(
    scenario: Scenario,
) -> None:
    """G03: informed_at or a not-informed reason, either one."""
    s = scenario
    case = s.run(
        disclosure(s),
        "refer_to_agency",
        agency="Police Scotland",
        override=override(
            complainant_not_informed_reason=None, complainant_informed_at=s.clock.now
        ),
    )
    assert case.state is CaseState.AGENCY_HOLD
    assert case.override is not None


def test_referring_a_disclosure_without_consent_needs_an_override(scenario: Scenario) -> None:
    """G02/G03 (T05): without an override the disclosure stays out of the formal process."""
    s = scenario
    case = disclosure(s)
    refused(s, case, "refer_to_agency", "E_G02_DISCLOSURE_NOT_CONVERTED", agency="Police Scotland")
    refused(
        s,
        case,
        "refer_to_agency",
        "E_G03_OVERRIDE_INVALID",
        agency="Police Scotland",
        override=override(reason="Too short to justify anything."),
    )
    case = s.run(case, "refer_to_agency", agency="Police Scotland", override=override())
    assert case.state is CaseState.AGENCY_HOLD
    assert case.intake_type is IntakeType.DISCLOSURE
    assert case.referrals[-1].status is ReferralStatus.MADE


def test_a_deputy_dsl_on_the_case_may_authorise_an_override(scenario: Scenario) -> None:
    """G03: authorised_by must hold the DSL role on this case (not only be the owner)."""
    s = scenario
    deputy = s.people.add(Person(name="Dee Deputy", org_officer=True))
    case = s.run(disclosure(s), "assign_role", Role.ADMIN, person_id=deputy.id, role="DSL")
    case = s.run(
        case, "refer_to_agency", Role.DSL, deputy, agency="Police Scotland", override=override()
    )
    assert case.override is not None
    assert case.override.authorised_by == deputy.id


def test_closing_a_disclosure_needs_the_mandatory_reporting_assessment(
    scenario: Scenario,
) -> None:
    """G03 (T04)"""
    s = scenario
    case = disclosure(s)
    refused(
        s,
        case,
        "close_disclosure",
        "E_G03_MR_NOT_ASSESSED",
        rationale=SHORT_RATIONALE,
        decided_by=[s.cast.dsl.id],
    )
    case = s.run(
        case,
        "close_disclosure",
        rationale=SHORT_RATIONALE,
        decided_by=[s.cast.dsl.id],
        mandatory_reporting_assessed=True,
    )
    assert case.state is CaseState.CLOSED
    assert case.closure_reason is ClosureReason.DISCLOSURE_ONLY
    assert case.mandatory_reporting_assessed


def test_a_disclosure_triaged_under_override_may_be_investigated(scenario: Scenario) -> None:
    """G02 (T12): the override, not a conversion, lets the formal process go on."""
    s = scenario
    case, decision_id = s.with_cmg(disclosure(s), "triage under override")
    case = s.run(
        case,
        "triage_under_override",
        override=override(),
        cmg_decision_id=decision_id,
        statutory_answers={},
        **triage_payload(s, s.category(), proposed_severity="MEDIUM"),
    )
    case = s.investigating(case)
    assert case.state is CaseState.UNDER_INVESTIGATION
    assert case.intake_type is IntakeType.DISCLOSURE


# --- G14: anonymous reports ---------------------------------------------------------------------


def anonymous(s: Scenario, kind: str = "REPORT", **extra: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "anonymous": True,
        "narrative": "A coach shouts at the juniors and calls them names.",
        "parties": [{"person_id": s.cast.respondent.id, "role": "RESPONDENT"}],
        "categories": [s.category()],
        "receipt_code_hash": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
        **extra,
    }


def test_australia_refuses_an_anonymous_complaint() -> None:
    """G14: the AU rule set has anonymous_complaints false; nothing is stored."""
    s = Scenario("australia")
    entries = len(s.audit)
    with pytest.raises(CommandRefused) as exc:
        s.open("submit_report", Role.REP3, **anonymous(s, "COMPLAINT"))
    assert exc.value.reason == "E_G14_ANONYMITY"
    assert "anonymous report" in exc.value.detail
    assert s.cases == {}
    assert len(s.audit) == entries + 1
    assert list(s.audit)[-1].outcome == "REFUSED:E_G14_ANONYMITY"


def test_australia_accepts_an_anonymous_report() -> None:
    """G14: an anonymous kind=REPORT is possible where complaints are not."""
    s = Scenario("australia")
    case = s.open("submit_report", Role.REP3, **anonymous(s))
    assert case.state is CaseState.RECEIVED_REPORT
    assert case.anonymous
    assert case.parties_in(PartyRole.REPORTER) == []


def test_scotland_accepts_an_anonymous_complaint(scenario: Scenario) -> None:
    """G14: where the rule set allows it, an anonymous complaint is received."""
    s = scenario
    case = s.open("submit_report", Role.REP3, **anonymous(s, "COMPLAINT"))
    assert case.anonymous
    assert case.report_kind.value == "COMPLAINT"


def test_an_anonymous_report_cannot_name_its_reporter(scenario: Scenario) -> None:
    """G14"""
    s = scenario
    parties = [
        {"person_id": s.cast.respondent.id, "role": "RESPONDENT"},
        {"person_id": s.cast.reporter.id, "role": "REPORTER"},
    ]
    with pytest.raises(CommandRefused) as exc:
        s.open("submit_report", Role.REP3, **anonymous(s, parties=parties))
    assert exc.value.reason == "E_G14_ANONYMITY"
    assert s.cases == {}
    assert list(s.audit)[-1].outcome == "REFUSED:E_G14_ANONYMITY"


def test_staff_cannot_attach_an_identity_to_an_anonymous_reporter(scenario: Scenario) -> None:
    """G14"""
    s = scenario
    case = s.open("submit_report", Role.REP3, **anonymous(s))
    case = s.run(case, "assign_case_owner", Role.ADMIN, person_id=s.cast.dsl.id)
    refused(s, case, "attach_reporter_identity", "E_G14_ANONYMITY", person_id=s.cast.reporter.id)
    assert s.cases[case.id].parties_in(PartyRole.REPORTER) == []


def test_the_anonymous_reporter_may_reveal_their_own_identity(scenario: Scenario) -> None:
    """G14: reveal_identity links the reporter's person record; the org cannot force it."""
    s = scenario
    case = s.open("submit_report", Role.REP3, **anonymous(s))
    case = s.run(case, "reveal_identity", Role.REP3, person_id=s.cast.reporter.id)
    assert [p.person_id for p in case.parties_in(PartyRole.REPORTER)] == [s.cast.reporter.id]


def test_a_reporter_cannot_reveal_someone_elses_identity(scenario: Scenario) -> None:
    """G14: only the reporter's *own* identity may be attached."""
    s = scenario
    case = s.open("submit_report", Role.REP3, **anonymous(s))
    refused(s, case, "reveal_identity", "E_G14_ANONYMITY", Role.REP3, person_id=s.cast.witness.id)


def test_formal_process_consent_on_an_anonymous_report_comes_from_the_affected_person(
    scenario: Scenario,
) -> None:
    """G14: nobody else gives FORMAL_PROCESS consent "as SELF" for the affected person."""
    s = scenario
    case = s.open(
        "submit_report",
        Role.REP3,
        **anonymous(s, parties=s.parties()),
    )
    case = s.run(case, "assign_case_owner", Role.ADMIN, person_id=s.cast.dsl.id)
    consent = {**own_consent(s), "given_by_person_id": s.cast.reporter.id}
    refused(s, case, "record_consent", "E_G14_ANONYMITY", purpose="FORMAL_PROCESS", consent=consent)
    case = s.run(case, "record_consent", purpose="FORMAL_PROCESS", consent=own_consent(s))
    assert case.consents[-1].given_by_person_id == s.cast.complainant.id


# --- G16: duplicates -----------------------------------------------------------------------------


def test_a_duplicate_report_is_merged_into_the_open_case(scenario: Scenario) -> None:
    """G16 (T08)"""
    s = scenario
    target = s.reported()
    duplicate = s.reported()
    merged = s.run(
        duplicate,
        "merge_duplicate",
        into_case_id=target.id,
        into_organisation_id=s.organisation.id,
        reason="Same incident at the same training session",
    )
    assert merged.state is CaseState.MERGED
    assert merged.merged_into == target.id


def test_a_merge_needs_a_reason(scenario: Scenario) -> None:
    """G16(d)"""
    s = scenario
    target, duplicate = s.reported(), s.reported()
    refused(
        s,
        duplicate,
        "merge_duplicate",
        "E_G16_MERGE_NOT_ALLOWED",
        into_case_id=target.id,
        into_organisation_id=s.organisation.id,
        reason="  ",
    )


def test_a_disclosure_cannot_be_merged_into_a_formal_case(scenario: Scenario) -> None:
    """G16(c)"""
    s = scenario
    target, source = s.reported(), disclosure(s)
    refused(
        s,
        source,
        "merge_duplicate",
        "E_G16_MERGE_NOT_ALLOWED",
        into_case_id=target.id,
        into_organisation_id=s.organisation.id,
        reason="Same incident",
    )


def test_only_a_case_still_in_received_report_can_be_merged(scenario: Scenario) -> None:
    """G16(b): a triaged case is past the point of merging."""
    s = scenario
    target, source = s.reported(), s.triaged()
    refused(
        s,
        source,
        "merge_duplicate",
        "E_G16_MERGE_NOT_ALLOWED",
        into_case_id=target.id,
        into_organisation_id=s.organisation.id,
        reason="Same incident",
    )


def test_a_cross_organisation_merge_is_refused_before_access_is_checked(
    scenario: Scenario,
) -> None:
    """G16(a), evaluated before G28: even an unassigned DSL is told only E_G16, and nothing
    about the other organisation's case."""
    s = scenario
    other = Scenario("scotland", organisation_id="org-b")
    elsewhere = other.reported()
    source = s.reported()
    stranger = s.people.add(Person(name="Not Assigned"))
    exc = refused(
        s,
        source,
        "merge_duplicate",
        "E_G16_MERGE_NOT_ALLOWED",
        Role.DSL,
        stranger,
        into_case_id=elsewhere.id,
        into_organisation_id="org-b",
        reason="Same incident",
    )
    assert elsewhere.id not in str(exc)
    assert elsewhere.id not in exc.detail


def test_a_merge_into_an_unknown_case_is_refused(scenario: Scenario) -> None:
    """G16(a): a case id from another organisation is unknown here, whatever org is claimed."""
    s = scenario
    elsewhere = Scenario("scotland", organisation_id="org-b").reported()
    source = s.reported()
    refused(
        s,
        source,
        "merge_duplicate",
        "E_G16_MERGE_NOT_ALLOWED",
        into_case_id=elsewhere.id,
        into_organisation_id=s.organisation.id,
        reason="Same incident",
    )


def test_a_merged_case_can_be_unmerged_back_to_received_report(scenario: Scenario) -> None:
    """G16: unmerge (DSL, reason) restores the source case."""
    s = scenario
    target, duplicate = s.reported(), s.reported()
    merged = s.run(
        duplicate,
        "merge_duplicate",
        into_case_id=target.id,
        into_organisation_id=s.organisation.id,
        reason="Looked like the same incident",
    )
    restored = s.run(merged, "unmerge", reason="Different dates on closer reading")
    assert restored.state is CaseState.RECEIVED_REPORT
    assert restored.merged_into is None
    refused(
        s,
        merged,
        "merge_duplicate",
        "E_G16_MERGE_NOT_ALLOWED",
        into_case_id=target.id,
        into_organisation_id=s.organisation.id,
        reason="Merging a merged case again",
    )


# --- G18: exclusive external jurisdiction ---------------------------------------------------------

CENTER = "U.S. Center for SafeSport"


def us_center_case(s: Scenario, category: str = "US.SEXUAL_MISCONDUCT") -> Case:
    case = s.reported(category)
    return s.triaged(case, severity="HIGH")


@pytest.mark.parametrize("category", ["US.SEXUAL_MISCONDUCT", "US.CHILD_ABUSE"])
def test_the_us_center_has_exclusive_jurisdiction_over_sexual_misconduct_and_child_abuse(
    category: str,
) -> None:
    """G18: the NGB may not investigate, resolve informally or close the case itself."""
    s = Scenario("usa")
    case = us_center_case(s, category)
    for referral in case.referrals:
        case = s.run(case, "record_referral_made", referral_id=referral.id, made_at=s.clock.now)
    case = s.run(case, "sign_coi_declaration", person_id=s.cast.investigator.id)
    refused(s, case, "open_investigation", "E_G18_EXCLUSIVE_JURISDICTION", **investigate(s))
    refused(
        s,
        case,
        "resolve_informally",
        "E_G18_EXCLUSIVE_JURISDICTION",
        rationale=SHORT_RATIONALE,
        decided_by=[s.cast.dsl.id],
    )
    refused(
        s,
        case,
        "no_further_action",
        "E_G18_EXCLUSIVE_JURISDICTION",
        rationale=SHORT_RATIONALE,
        decided_by=[s.cast.dsl.id],
    )
    refused(s, case, "notify_respondent", "E_G18_EXCLUSIVE_JURISDICTION")
    case = s.run(case, "transfer_jurisdiction", body=CENTER, reason="Center jurisdiction")
    assert case.state is CaseState.TRANSFERRED_OUT
    assert case.transferred_to == CENTER


def test_a_us_ngb_handles_emotional_misconduct_itself() -> None:
    """G18: categories outside the Center's exclusive list stay with the NGB."""
    s = Scenario("usa")
    case = s.triaged(s.reported("US.EMOTIONAL_MISCONDUCT"))
    case = s.investigating(case)
    assert case.state is CaseState.UNDER_INVESTIGATION


def test_a_case_the_center_returns_goes_back_to_the_ngb_for_triage() -> None:
    """G18 (T44): with the return recorded the NGB may act on the case again."""
    s = Scenario("usa")
    case = us_center_case(s)
    case = s.run(case, "transfer_jurisdiction", body=CENTER)
    case = s.run(
        case, "record_jurisdiction_returned", body=CENTER, body_decision_ref="Center declined"
    )
    assert case.state is CaseState.TRIAGED
    for referral in case.referrals:
        case = s.run(case, "record_referral_made", referral_id=referral.id, made_at=s.clock.now)
    case = s.investigating(case)
    assert case.state is CaseState.UNDER_INVESTIGATION


def test_a_jurisdiction_return_must_come_from_the_body_the_case_went_to() -> None:
    """G18 (T44)"""
    s = Scenario("usa")
    case = s.run(us_center_case(s), "transfer_jurisdiction", body=CENTER)
    refused(
        s,
        case,
        "record_jurisdiction_returned",
        "E_G18_EXCLUSIVE_JURISDICTION",
        body="Some Other Body",
        body_decision_ref="REF-1",
    )


def test_the_ngb_may_impose_a_temporary_measure_while_the_center_has_the_case() -> None:
    """G18: org_may lists TEMPORARY_MEASURE_UNTIL_CENTER_ACTS (I1 in TRANSFERRED_OUT)."""
    s = Scenario("usa")
    case = s.run(us_center_case(s), "transfer_jurisdiction", body=CENTER)
    case, decision_id = s.with_cmg(case, "temporary measure")
    case = s.run(
        case,
        "impose_interim_measure",
        Role.CMG,
        **interim(s, decision_id, type="TEMPORARY_MEASURE"),
    )
    assert case.interim_in_force()


@pytest.mark.parametrize("severity", ["MEDIUM", "HIGH"])
def test_singapore_commission_manages_medium_and_high_seriousness(severity: str) -> None:
    """G18: seriousness MEDIUM/HIGH belongs to the Safe Sport Commission."""
    s = Scenario("singapore")
    case = s.triaged(s.reported("SG.PHYS_PSYCH_MISCONDUCT"), severity=severity)
    case = s.run(case, "sign_coi_declaration", person_id=s.cast.investigator.id)
    refused(s, case, "open_investigation", "E_G18_EXCLUSIVE_JURISDICTION", **investigate(s))
    case = s.run(case, "transfer_jurisdiction", body="Safe Sport Commission")
    assert case.state is CaseState.TRANSFERRED_OUT


def test_a_singapore_member_organisation_manages_low_seriousness_itself() -> None:
    """G18"""
    s = Scenario("singapore")
    case = s.triaged(s.reported("SG.PHYS_PSYCH_MISCONDUCT"), severity="LOW")
    case = s.investigating(case)
    assert case.state is CaseState.UNDER_INVESTIGATION


def test_australia_refuses_nif_categories_for_conduct_before_commencement() -> None:
    """G18 (AU out of scope): route such conduct to the legacy rule set."""
    s = Scenario("australia")
    case = s.reported("AU.MPP.BULLYING")
    before = datetime(2021, 6, 30, 12, 0, tzinfo=UTC).isoformat()
    refused(
        s,
        case,
        "record_triage",
        "E_G18_OUT_OF_SCOPE",
        **triage_payload(s, "AU.MPP.BULLYING", proposed_severity="CAT2", conduct_date=before),
    )
    legacy = s.run(
        case,
        "record_triage",
        **triage_payload(
            s, "AU.MPP.BULLYING", proposed_severity="CAT2", conduct_date=before, framework="LEGACY"
        ),
    )
    assert legacy.state is CaseState.TRIAGED


def test_australia_triages_nif_conduct_on_or_after_commencement() -> None:
    """G18: conduct on the commencement date is in scope."""
    s = Scenario("australia")
    case = s.reported("AU.MPP.BULLYING")
    on = datetime(2021, 7, 1, 9, 0, tzinfo=UTC).isoformat()
    case = s.run(
        case,
        "record_triage",
        **triage_payload(s, "AU.MPP.BULLYING", proposed_severity="CAT2", conduct_date=on),
    )
    assert case.state is CaseState.TRIAGED


def test_australia_provisional_action_in_an_sia_case_needs_the_sia_direction() -> None:
    """G18: org_may says PROVISIONAL_ACTION_AS_DIRECTED_BY_SIA, so direction_ref is required."""
    s = Scenario("australia")
    case = s.reported("AU.SCYP.MISCONDUCT_WITH_CHILD")
    case = s.triaged(case, severity="CAT2")
    case, decision_id = s.with_cmg(case, "provisional action")
    payload = interim(s, decision_id, type="PROVISIONAL_ACTION")
    refused(s, case, "impose_interim_measure", "E_G18_EXCLUSIVE_JURISDICTION", Role.CMG, **payload)
    case = s.run(
        case,
        "impose_interim_measure",
        Role.CMG,
        **{**payload, "direction_ref": "SIA-DIR-2026-014 of 2026-03-02"},
    )
    assert case.interim_in_force()[0].direction_ref == "SIA-DIR-2026-014 of 2026-03-02"


# --- G36: exactly one case owner -----------------------------------------------------------------


def test_triage_is_refused_while_the_case_has_no_owner(scenario: Scenario) -> None:
    """G36: a deputy DSL cannot triage a case that has no case owner yet."""
    s = scenario
    deputy = s.people.add(Person(name="Dee Deputy", org_officer=True))
    case = s.open(
        "submit_report",
        Role.INTAKE,
        narrative="Concern reported about a coach's conduct at training.",
        parties=s.parties(),
        categories=[s.category()],
    )
    assert case.owner_id is None
    case = s.run(case, "assign_role", Role.ADMIN, person_id=deputy.id, role="DSL")
    payload = triage_payload(s, s.category(), proposed_severity="LOW", statutory_answers={})
    refused(s, case, "record_triage", "E_G36_OWNER_REQUIRED", Role.DSL, deputy, **payload)
    case = s.run(case, "assign_case_owner", Role.ADMIN, person_id=s.cast.dsl.id)
    case = s.run(case, "record_triage", **payload)
    assert case.state is CaseState.TRIAGED


def test_assigning_a_new_owner_replaces_the_old_one(scenario: Scenario) -> None:
    """G36: reassignment is atomic, leaving exactly one active owner."""
    s = scenario
    successor = s.people.add(Person(name="Sue Successor", org_officer=True))
    case = s.run(s.reported(), "assign_case_owner", Role.ADMIN, person_id=successor.id)
    assert case.owner_id == successor.id
    owners = [a.person_id for a in case.assignments if a.role is Role.DSL and a.active(s.clock.now)]
    assert owners == [successor.id]


def test_an_owner_must_be_a_known_person(scenario: Scenario) -> None:
    """G36"""
    s = scenario
    refused(
        s,
        s.reported(),
        "assign_case_owner",
        "E_G36_OWNER_REQUIRED",
        Role.ADMIN,
        person_id="nobody-in-the-registry",
    )


# --- G04: no tipping-off during an agency hold ---------------------------------------------------


@pytest.mark.parametrize(
    "command", ["notify_respondent", "message_respondent", "grant_respondent_portal_access"]
)
def test_the_respondent_is_not_contacted_while_an_agency_holds_the_case(
    scenario: Scenario, command: str
) -> None:
    """G04: scope CONTACT_RESPONDENT"""
    s = scenario
    case = held(s)
    refused(s, case, command, "E_G04_AGENCY_HOLD")
    case = agency_consent(s, case, ConsentScope.CONTACT_RESPONDENT)
    case = s.run(case, command)
    assert case.respondent_notified_at is not None or case.respondent_portal


def test_consent_to_contact_respondent_does_not_release_other_scopes(scenario: Scenario) -> None:
    """G04: consent is per scope, never a blanket release."""
    s = scenario
    case = agency_consent(s, held(s), ConsentScope.CONTACT_RESPONDENT)
    case = s.run(case, "sign_coi_declaration", person_id=s.cast.investigator.id)
    refused(s, case, "open_parallel_investigation", "E_G04_AGENCY_HOLD", **investigate(s))


def test_consent_limited_to_a_template_allows_only_that_template(scenario: Scenario) -> None:
    """G04: limited_to_templates=[INTERIM_MEASURE_NOTICE] still refuses other documents."""
    s = scenario
    case = agency_consent(
        s, held(s), ConsentScope.CONTACT_RESPONDENT, templates=("INTERIM_MEASURE_NOTICE",)
    )
    refused(s, case, "notify_respondent", "E_G04_AGENCY_HOLD", template="ALLEGATION_NOTICE")
    refused(s, case, "message_respondent", "E_G04_AGENCY_HOLD")
    case = s.run(
        case, "notify_respondent", template="INTERIM_MEASURE_NOTICE", fields=["measure", "review"]
    )
    assert case.respondent_notified_at == s.clock.now


def test_a_parallel_investigation_needs_the_agencys_internal_investigation_consent(
    scenario: Scenario,
) -> None:
    """G04 (T16): scope INTERNAL_INVESTIGATION"""
    s = scenario
    case = held(s)
    case = s.run(case, "sign_coi_declaration", person_id=s.cast.investigator.id)
    refused(s, case, "open_parallel_investigation", "E_G04_AGENCY_HOLD", **investigate(s))
    case = parallel(s, case)
    assert case.state is CaseState.UNDER_INVESTIGATION


def test_an_interim_measure_during_a_hold_needs_the_agencys_interim_consent(
    scenario: Scenario,
) -> None:
    """G04 (I1): scope INTERIM_MEASURES"""
    s = scenario
    case, decision_id = s.with_cmg(held(s), "interim measure")
    refused(
        s, case, "impose_interim_measure", "E_G04_AGENCY_HOLD", Role.CMG, **interim(s, decision_id)
    )
    case = agency_consent(s, case, ConsentScope.INTERIM_MEASURES)
    case = s.run(case, "impose_interim_measure", Role.CMG, **interim(s, decision_id))
    assert len(case.interim_in_force()) == 1


def test_the_respondent_is_not_interviewed_during_a_hold_without_contact_consent(
    scenario: Scenario,
) -> None:
    """G04: schedule_interview(respondent) needs CONTACT_RESPONDENT; a witness does not."""
    s = scenario
    case = parallel(s, held(s))
    when = s.clock.now + timedelta(days=3)
    refused(
        s,
        case,
        "schedule_interview",
        "E_G04_AGENCY_HOLD",
        Role.INV,
        person_id=s.cast.respondent.id,
        scheduled_at=when,
    )
    case = s.run(
        case, "schedule_interview", Role.INV, person_id=s.cast.witness.id, scheduled_at=when
    )
    case = agency_consent(s, case, ConsentScope.CONTACT_RESPONDENT)
    case = s.run(
        case, "schedule_interview", Role.INV, person_id=s.cast.respondent.id, scheduled_at=when
    )
    assert case.investigation is not None
    assert len(case.investigation.interviews) == 2


def test_an_advisory_share_during_a_hold_needs_the_agencys_advisory_consent(
    scenario: Scenario,
) -> None:
    """G04 (A2): scope SHARE_WITH_ADVISORY"""
    s = scenario
    case = held(s)
    case = s.run(case, "record_consent", purpose="ADVISORY_SHARE", consent=own_consent(s))
    case = s.run(case, "start_advisory_request", question="Is a parallel process proportionate?")
    for adviser in s.cast.advisers:
        case = s.run(case, "sign_coi_declaration", person_id=adviser.id)
    packet = {
        "members": [a.id for a in s.cast.advisers],
        "expires_at": s.clock.now + timedelta(days=14),
        "summary": "Complainant A reports rough handling by Respondent R during a session.",
    }
    refused(s, case, "publish_advisory_packet", "E_G04_AGENCY_HOLD", **packet)
    case = agency_consent(s, case, ConsentScope.SHARE_WITH_ADVISORY)
    case = s.run(case, "publish_advisory_packet", **packet)
    assert case.current_share() is not None
    assert case.current_share().state.value == "AS_SHARED"  # type: ignore[union-attr]


def test_a_transfer_while_the_agency_is_active_needs_its_consent() -> None:
    """G04 (T47): scope TRANSFER_TO_EXTERNAL_BODY; the hold then follows the case out."""
    s = Scenario("singapore")
    case = s.triaged(
        s.reported("SG.OFFENCE_DOMESTIC_LAW"), severity="HIGH", answers={"SG_CPC_424": True}
    )
    case = s.run(
        case,
        "refer_to_agency",
        agency="Singapore Police Force",
        check_id="SG_CPC_424",
        reference="SPF-1",
    )
    body = "Safe Sport Commission"
    refused(s, case, "transfer_jurisdiction", "E_G04_AGENCY_HOLD", body=body)
    case = agency_consent(s, case, ConsentScope.TRANSFER_TO_EXTERNAL_BODY)
    case = s.run(case, "transfer_jurisdiction", body=body)
    assert case.state is CaseState.TRANSFERRED_OUT
    assert case.agency_hold_active()
    refused(s, case, "message_respondent", "E_G04_AGENCY_HOLD")


def test_entering_agency_hold_always_marks_the_referral_as_holding(scenario: Scenario) -> None:
    """G04: "Entering AGENCY_HOLD sets hold_requested=true on the referral"."""
    s = scenario
    case = s.triaged()
    case = s.run(case, "refer_to_agency", agency="Police Scotland", hold_requested=False)
    assert case.state is CaseState.AGENCY_HOLD
    assert case.referrals[-1].hold_requested


def test_disciplinary_referral_during_a_hold_needs_the_agencys_disciplinary_consent(
    scenario: Scenario,
) -> None:
    """G04 (T25): a hold asked for later still pauses refer_to_disciplinary."""
    s = scenario
    case = s.triaged(s.reported(s.category(statutory=True)), answers={"SCO_CHILD_PROTECTION": True})
    referral_id = case.referrals[0].id
    case = s.run(case, "record_referral_made", referral_id=referral_id, made_at=s.clock.now)
    case = s.risk_assessed(s.concluded(s.investigating(case)))
    case = s.run(
        case,
        "record_referral_made",
        referral_id=referral_id,
        made_at=case.referrals[0].made_at,
        hold_requested=True,
    )
    assert case.agency_hold_active()
    case = s.appoint(case, s.cast.panel)
    case, decision_id = s.with_cmg(case, "refer to disciplinary")
    payload = {
        "notice_served_at": s.clock.now,
        "cmg_decision_id": decision_id,
        "child_supporter": "Named supporter",
        "respondent_support_person": "Rep",
        "complainant_welfare_plan": True,
        "respondent_welfare_plan": True,
    }
    refused(s, case, "refer_to_disciplinary", "E_G04_AGENCY_HOLD", Role.CMG, **payload)
    case = agency_consent(s, case, ConsentScope.DISCIPLINARY_ACTION)
    case = s.run(case, "refer_to_disciplinary", Role.CMG, **payload)
    assert case.state is CaseState.HEARING_PENDING


def test_an_agency_release_returns_the_case_to_triage_and_ends_the_hold(
    scenario: Scenario,
) -> None:
    """G04 (T15): the release record names the referral, type and officer."""
    s = scenario
    case = held(s)
    case = s.run(
        case,
        "record_agency_release",
        referral_id=case.referrals[0].id,
        type="PASSED_BACK",
        officer="DC Example",
        outcome_text="Passed back for the organisation's own process",
    )
    assert case.state is CaseState.TRIAGED
    assert case.referrals[0].status is ReferralStatus.PASSED_BACK
    assert case.referrals[0].release is not None
    assert not case.agency_hold_active()
    case = s.run(case, "notify_respondent")
    assert case.respondent_notified_at is not None


def test_an_agency_release_must_name_an_active_referral_of_the_case(scenario: Scenario) -> None:
    """G04 (T15)"""
    s = scenario
    case = held(s)
    refused(
        s,
        case,
        "record_agency_release",
        "E_G04_AGENCY_HOLD",
        referral_id="not-a-referral-of-this-case",
        type="CONCLUDED",
        officer="DC Example",
    )


def concluded_c1(s: Scenario, *, made: bool) -> Case:
    """A case investigated after its referral was made (or consulted: not required), now C1."""
    case = s.triaged(s.reported(s.category(statutory=True)), answers={"SCO_CHILD_PROTECTION": True})
    referral_id = case.referrals[0].id
    if made:
        case = s.run(case, "record_referral_made", referral_id=referral_id, made_at=s.clock.now)
    else:
        case = s.run(
            case,
            "record_consulted_not_required",
            referral_id=referral_id,
            officer="Duty social worker",
            advice="Not a child protection matter for the local authority",
        )
    return s.concluded(s.investigating(case), Conclusion.C1_ABUSE_LIKELY)


def commission(s: Scenario, case: Case) -> tuple[Case, dict[str, Any]]:
    case, decision_id = s.with_cmg(case, "commission risk assessment")
    case = s.run(case, "sign_coi_declaration", person_id=s.cast.assessor.id)
    return case, {"assessor_id": s.cast.assessor.id, "cmg_decision_id": decision_id}


def test_after_a_c1_conclusion_a_risk_assessment_needs_the_agencys_agreement(
    scenario: Scenario,
) -> None:
    """G04: C1/C2 -> T22 needs AgencyConsent(DISCIPLINARY_ACTION) or an AgencyRelease."""
    s = scenario
    case, payload = commission(s, concluded_c1(s, made=True))
    refused(s, case, "commission_risk_assessment", "E_G04_AGENCY_HOLD", Role.CMG, **payload)
    case = agency_consent(s, case, ConsentScope.DISCIPLINARY_ACTION)
    case = s.run(case, "commission_risk_assessment", Role.CMG, **payload)
    assert case.state is CaseState.RISK_ASSESSMENT


# --- G17: statutory referral duties and deadlines -------------------------------------------------


def test_triage_needs_every_statutory_check_answered(england: Scenario) -> None:
    """G17 (T07)"""
    s = england
    case = s.reported("ENG.ABUSE.PHYSICAL")
    payload = triage_payload(s, "ENG.ABUSE.PHYSICAL", proposed_severity="HIGH")
    exc = refused(
        s,
        case,
        "record_triage",
        "E_G17_STATUTORY_REFERRAL_OUTSTANDING",
        **payload,
        statutory_answers={"ENG_LADO": True, "ENG_CSC": False},
    )
    assert "ENG_POLICE" in exc.detail
    case = s.run(
        case,
        "record_triage",
        **payload,
        statutory_answers={"ENG_LADO": True, "ENG_CSC": False, "ENG_POLICE": False},
    )
    assert [(r.check_id, r.status) for r in case.referrals] == [("ENG_LADO", ReferralStatus.DUE)]


@pytest.mark.parametrize(
    ("came_to_attention", "deadline"),
    [
        # Monday morning -> end of Tuesday, London time (GMT)
        (datetime(2026, 3, 2, 9, 0, tzinfo=UTC), datetime(2026, 3, 3, 23, 59, 59, tzinfo=UTC)),
        # Friday evening -> end of Monday
        (datetime(2026, 3, 6, 18, 0, tzinfo=UTC), datetime(2026, 3, 9, 23, 59, 59, tzinfo=UTC)),
        # Maundy Thursday -> Good Friday and Easter Monday are bank holidays -> Tuesday, BST
        (datetime(2026, 4, 2, 10, 0, tzinfo=UTC), datetime(2026, 4, 7, 22, 59, 59, tzinfo=UTC)),
    ],
    ids=["weekday", "over-weekend", "over-easter"],
)
def test_the_lado_referral_is_due_by_the_end_of_the_next_working_day(
    england: Scenario, came_to_attention: datetime, deadline: datetime
) -> None:
    """G17/G39: ENG_LADO, 1 working day, in the England & Wales calendar."""
    s = england
    s.clock.set(came_to_attention + timedelta(hours=1))
    case = s.open(
        "submit_report",
        narrative="A coach grabbed a child by the arm at training.",
        parties=s.parties(),
        categories=["ENG.ABUSE.PHYSICAL"],
        came_to_attention_at=came_to_attention,
    )
    case = s.triaged(
        case,
        severity="HIGH",
        answers={"ENG_LADO": True, "ENG_CSC": False, "ENG_POLICE": False},
    )
    lado = next(r for r in case.referrals if r.check_id == "ENG_LADO")
    assert lado.status is ReferralStatus.DUE
    assert lado.deadline_at == deadline


@pytest.mark.parametrize(
    "command", ["open_investigation", "resolve_informally", "no_further_action"]
)
def test_a_due_referral_blocks_investigation_informal_resolution_and_nfa(
    england: Scenario, command: str
) -> None:
    """G17 (T12/T13/T14)"""
    s = england
    case = s.triaged(
        s.reported("ENG.POOR_PRACTICE.SERIOUS"), severity="LOW", answers={"ENG_LADO": True}
    )
    case = s.run(case, "sign_coi_declaration", person_id=s.cast.investigator.id)
    payload: dict[str, Any] = (
        investigate(s)
        if command == "open_investigation"
        else {"rationale": SHORT_RATIONALE, "decided_by": [s.cast.dsl.id]}
    )
    refused(s, case, command, "E_G17_STATUTORY_REFERRAL_OUTSTANDING", **payload)


def test_a_made_referral_lets_the_investigation_open(england: Scenario) -> None:
    """G17"""
    s = england
    case = s.triaged(s.reported("ENG.POOR_PRACTICE.SERIOUS"), answers={"ENG_LADO": True})
    case = s.run(
        case,
        "record_referral_made",
        referral_id=case.referrals[0].id,
        made_at=s.clock.now,
        reference="LADO-77",
        officer="LADO officer",
    )
    assert s.investigating(case).state is CaseState.UNDER_INVESTIGATION


def test_consulted_not_required_also_satisfies_the_check(england: Scenario) -> None:
    """G17: a ConsultedNotRequired record (agency, officer, advice) clears the duty."""
    s = england
    case = s.triaged(s.reported("ENG.POOR_PRACTICE.SERIOUS"), answers={"ENG_LADO": True})
    case = s.run(
        case,
        "record_consulted_not_required",
        referral_id=case.referrals[0].id,
        officer="LADO duty officer",
        advice="Does not meet the LADO threshold; manage internally",
    )
    assert s.investigating(case).state is CaseState.UNDER_INVESTIGATION


def test_a_due_referral_blocks_the_risk_assessment_after_a_parallel_investigation(
    england: Scenario,
) -> None:
    """G17 (T22): a check still DUE (here the LADO) blocks commissioning the risk assessment."""
    s = england
    case = s.triaged(
        s.reported("ENG.ABUSE.PHYSICAL"),
        severity="HIGH",
        answers={"ENG_LADO": True, "ENG_CSC": True, "ENG_POLICE": False},
    )
    csc = next(r for r in case.referrals if r.check_id == "ENG_CSC")
    case = s.run(case, "refer_to_agency", agency=csc.agency, check_id="ENG_CSC")
    case = s.run(
        case,
        "record_agency_consent",
        referral_id=csc.id,
        scopes=["INTERNAL_INVESTIGATION", "DISCIPLINARY_ACTION"],
        officer="MASH team manager",
        method="EMAIL",
        note="No objection to the sport's parallel process",
    )
    case = s.run(case, "sign_coi_declaration", person_id=s.cast.investigator.id)
    case = s.run(case, "open_parallel_investigation", **investigate(s))
    case, payload = commission(s, s.concluded(case))
    refused(
        s,
        case,
        "commission_risk_assessment",
        "E_G17_STATUTORY_REFERRAL_OUTSTANDING",
        Role.CMG,
        **payload,
    )
    lado = next(r for r in case.referrals if r.check_id == "ENG_LADO")
    case = s.run(case, "record_referral_made", referral_id=lado.id, made_at=s.clock.now)
    case = s.run(case, "commission_risk_assessment", Role.CMG, **payload)
    assert case.state is CaseState.RISK_ASSESSMENT


def test_a_c1_conclusion_needs_a_referral_actually_made(scenario: Scenario) -> None:
    """G17: C1/C2 need a MADE referral before T22, even with the agency's agreement."""
    s = scenario
    case = concluded_c1(s, made=False)
    case = agency_consent(s, case, ConsentScope.DISCIPLINARY_ACTION)
    case, payload = commission(s, case)
    refused(
        s,
        case,
        "commission_risk_assessment",
        "E_G17_STATUTORY_REFERRAL_OUTSTANDING",
        Role.CMG,
        **payload,
    )


def removed_from_regulated_work(s: Scenario) -> Case:
    case = s.triaged(severity="HIGH")
    case = s.decided(
        s.in_hearing(s.hearing_pending(s.risk_assessed(s.concluded(s.investigating(case))))),
        sanctions=[{"type": "REMOVAL_FROM_REGULATED_ROLE"}],
    )
    return s.sanction_in_force(s.notified(case))


def test_closing_after_removal_from_regulated_work_needs_the_pvg_referral(
    scenario: Scenario,
) -> None:
    """G17 (T40, Scotland): PVG referral within 3 months of the decision."""
    s = scenario
    case = removed_from_regulated_work(s)
    pvg = next(r for r in case.referrals if r.check_id == "SCO_PVG_REFERRAL")
    decision = case.effective_decision()
    assert decision is not None
    assert pvg.status is ReferralStatus.DUE
    local = decision.decided_at.astimezone(LONDON).date() + relativedelta(months=3)
    assert pvg.deadline_at == datetime.combine(local, time(23, 59, 59), LONDON).astimezone(UTC)
    refused(
        s,
        case,
        "close_case",
        "E_G17_STATUTORY_REFERRAL_OUTSTANDING",
        rationale=SHORT_RATIONALE,
        decided_by=[s.cast.dsl.id],
    )
    case = s.run(
        case,
        "record_referral_made",
        referral_id=pvg.id,
        made_at=s.clock.now,
        reference="DS-PVG-1",
    )
    case = s.run(case, "close_case", rationale=SHORT_RATIONALE, decided_by=[s.cast.dsl.id])
    assert case.state is CaseState.CLOSED


def test_a_pvg_referral_made_after_three_months_does_not_satisfy_the_duty(
    scenario: Scenario,
) -> None:
    """G17 (T40): made > 3 months after the decision is refused."""
    s = scenario
    case = removed_from_regulated_work(s)
    pvg = next(r for r in case.referrals if r.check_id == "SCO_PVG_REFERRAL")
    assert pvg.deadline_at is not None
    s.clock.set(pvg.deadline_at + timedelta(days=1))
    case = s.run(case, "record_referral_made", referral_id=pvg.id, made_at=s.clock.now)
    refused(
        s,
        case,
        "close_case",
        "E_G17_STATUTORY_REFERRAL_OUTSTANDING",
        rationale=SHORT_RATIONALE,
        decided_by=[s.cast.dsl.id],
    )


def test_pvg_grounds_not_met_is_a_recorded_alternative(scenario: Scenario) -> None:
    """G17 (T40): a recorded "referral grounds not met" rationale allows closure."""
    s = scenario
    case = removed_from_regulated_work(s)
    case = s.run(
        case,
        "close_case",
        rationale=SHORT_RATIONALE,
        decided_by=[s.cast.dsl.id],
        pvg_grounds_not_met_rationale=(
            "The removal was for administrative lapses, none of the PVG referral grounds."
        ),
    )
    assert case.state is CaseState.CLOSED


# --- G20: the agency outcome is not the organisation's decision ---------------------------------


def released(s: Scenario) -> Case:
    case = held(s)
    return s.run(
        case,
        "record_agency_release",
        referral_id=case.referrals[0].id,
        type="NO_FURTHER_ACTION",
        officer="DC Example",
        outcome_text=POLICE_NFA,
    )


@pytest.mark.parametrize(
    "assessment",
    [None, "police NFA", POLICE_NFA, "Too short to be an assessment of suitability."],
    ids=["missing", "police-nfa", "copy-of-outcome", "short"],
)
def test_no_further_action_after_an_agency_outcome_needs_an_internal_assessment(
    scenario: Scenario, assessment: str | None
) -> None:
    """G20 (T14)"""
    s = scenario
    case = released(s)
    assert case.state is CaseState.TRIAGED
    refused(
        s,
        case,
        "no_further_action",
        "E_G20_INTERNAL_ASSESSMENT_REQUIRED",
        rationale=SHORT_RATIONALE,
        decided_by=[s.cast.dsl.id],
        internal_assessment=assessment,
    )


def test_an_assessment_that_only_pads_the_agency_outcome_is_refused(scenario: Scenario) -> None:
    """G20: "any rationale that only cites the agency outcome" is not accepted."""
    s = scenario
    case = released(s)
    refused(
        s,
        case,
        "no_further_action",
        "E_G20_INTERNAL_ASSESSMENT_REQUIRED",
        rationale=SHORT_RATIONALE,
        decided_by=[s.cast.dsl.id],
        internal_assessment=f"{POLICE_NFA} {POLICE_NFA.upper()} As recorded by the police.",
    )


def test_no_further_action_with_the_organisations_own_assessment_is_allowed(
    scenario: Scenario,
) -> None:
    """G20"""
    s = scenario
    case = s.run(
        released(s),
        "no_further_action",
        rationale=SHORT_RATIONALE,
        decided_by=[s.cast.dsl.id],
        internal_assessment=INTERNAL_ASSESSMENT,
    )
    assert case.state is CaseState.NFA
