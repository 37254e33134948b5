"""Ending a case and advisory shares: informal resolution (G19), withdrawal by the complainant
(G29), reopening (G30), retention and deletion (G32), closure preconditions (G35), advisory
share preconditions (G11), pseudonymised packets (G12) and the end of advisory access (G15).

Every case is built through the lifecycle. Every refusal is checked for its exact code, for
leaving the case untouched, and for being audited.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from safecase.core.case import Case
from safecase.core.errors import CommandRefused
from safecase.core.investigation import Conclusion
from safecase.core.people import Person
from safecase.core.plugins import Plugins, get_plugins, hookimpl
from safecase.core.redaction import fold
from safecase.core.share import SharePacket
from safecase.core.states import CaseState, ClosureReason, ReferralStatus, Role, ShareState
from safecase.core.testing import Scenario
from safecase.plugins.scotland import hooks as scotland_hooks

SAFEGUARDING_RATIONALE = (
    "The complainant withdrew; the coach no longer works with children at the club, the welfare "
    "officer confirmed this in writing, and no child remains at risk from this concern."
)
OVERRIDE_REASON = (
    "The child described physical harm by an adult coach; the risk to other children remains "
    "whatever the complainant now wants."
)
REOPEN_REASON = "A second swimmer has reported the same coach for similar conduct this month."
QUESTION = "Should the organisation consider an interim restriction while it investigates?"


# --- helpers -------------------------------------------------------------------------------------


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


def informally(s: Scenario, case: Case, **extra: Any) -> dict[str, Any]:
    """A ``resolve_informally`` payload with an outcome the LOW severity allows."""
    return {
        "plan": "An education session on positive coaching and a written apology",
        "outcomes": ["EDUCATION_TRAINING"],
        "rationale": "Low-level poor practice; the complainant wants it dealt with locally.",
        "decided_by": [s.cast.dsl.id],
        **extra,
    }


def override() -> dict[str, Any]:
    return {
        "reason": OVERRIDE_REASON,
        "legal_basis": "UK_CHILD_AT_RISK_OF_SIGNIFICANT_HARM",
        "complainant_not_informed_reason": "The parent is implicated and would alert the coach.",
    }


def close_on_withdrawal(s: Scenario, rationale: str = SAFEGUARDING_RATIONALE) -> dict[str, Any]:
    return {"rationale": rationale, "decided_by": [s.cast.dsl.id]}


def withdrawn_adult_case(s: Scenario) -> Case:
    """An adult-only report the complainant withdrew: CLOSED (WITHDRAWN) by T10."""
    return s.run(s.reported(child=False), "withdraw_report", reason="The complainant withdrew.")


def consent_to_share(s: Scenario, case: Case, given_by: str = "SELF") -> Case:
    return s.run(
        case,
        "record_consent",
        purpose="ADVISORY_SHARE",
        consent={"subject_person_id": s.cast.complainant.id, "given_by": given_by},
    )


def declared_advisers(s: Scenario, case: Case) -> Case:
    for adviser in s.cast.advisers:
        case = s.run(case, "sign_coi_declaration", person_id=adviser.id)
    return case


def drafted(s: Scenario, case: Case | None = None) -> Case:
    """A triaged case with an advisory request started, consent recorded, advisers declared."""
    case = s.run(case or s.triaged(), "start_advisory_request", question=QUESTION)
    return declared_advisers(s, consent_to_share(s, case))


def publish(s: Scenario, **extra: Any) -> dict[str, Any]:
    return {
        "members": [s.cast.advisers[0].id],
        "expires_at": (s.clock.now + timedelta(days=14)).isoformat(),
        "summary": "The complainant says the coach shouted at them during training.",
        **extra,
    }


def shared(s: Scenario, case: Case | None = None) -> Case:
    """A case whose advisory packet is published to the first adviser only."""
    return s.run(drafted(s, case), "publish_advisory_packet", **publish(s))


def opinion(s: Scenario, case: Case, adviser: Person) -> Case:
    return s.run(
        case,
        "submit_advisory_opinion",
        Role.ADV,
        adviser,
        text="Advice: consider a restriction to supervised sessions until the hearing.",
    )


def packet_text(case: Case) -> str:
    share = case.current_share()
    assert share is not None
    assert share.packet is not None
    return fold(" ".join(share.packet.texts().values()))


# --- G19: informal resolution --------------------------------------------------------------------


def test_a_low_severity_concern_may_be_resolved_informally(scenario: Scenario) -> None:
    """G19: LOW is in the Scottish rule set's allowed severities."""
    s = scenario
    case = s.triaged(severity="LOW")
    resolved = s.run(case, "resolve_informally", **informally(s, case))
    assert resolved.state is CaseState.INFORMAL_RESOLUTION
    assert list(s.audit)[-1].outcome == "ALLOWED"


def test_a_medium_severity_concern_cannot_be_resolved_informally(scenario: Scenario) -> None:
    """G19: severity MEDIUM is not in ``informal_resolution.allowed_severities``."""
    s = scenario
    case = s.triaged(severity="MEDIUM")
    refused(s, case, "resolve_informally", "E_G19_SEVERITY_TOO_HIGH", **informally(s, case))


def test_poor_practice_found_by_an_investigation_may_be_resolved_informally(
    scenario: Scenario,
) -> None:
    """G19 (T24): a C3 conclusion on a LOW-severity case."""
    s = scenario
    case = s.concluded(s.investigating(s.triaged(severity="LOW")), Conclusion.C3_POOR_PRACTICE_ONLY)
    resolved = s.run(case, "resolve_informally", **informally(s, case))
    assert resolved.state is CaseState.INFORMAL_RESOLUTION


def test_a_case_concluded_as_likely_abuse_is_never_resolved_informally(
    scenario: Scenario,
) -> None:
    """G19 (T24): no informal resolution after a C1 conclusion, whatever the severity."""
    s = scenario
    case = s.concluded(s.investigating(s.triaged(severity="LOW")), Conclusion.C1_ABUSE_LIKELY)
    refused(s, case, "resolve_informally", "E_G19_SEVERITY_TOO_HIGH", **informally(s, case))


def test_a_case_with_a_possible_criminal_offence_is_never_resolved_informally(
    scenario: Scenario,
) -> None:
    """G19 (T24): no informal resolution after a C2 conclusion."""
    s = scenario
    case = s.concluded(
        s.investigating(s.triaged(severity="LOW")), Conclusion.C2_CRIMINAL_OFFENCE_POSSIBLE
    )
    refused(s, case, "resolve_informally", "E_G19_SEVERITY_TOO_HIGH", **informally(s, case))


def test_informal_resolution_waits_while_a_referral_is_due(scenario: Scenario) -> None:
    """G19: a DUE referral (here the PVG check, which G17 leaves to after a sanction) is open."""
    s = scenario
    case = s.triaged(severity="LOW", answers={"SCO_PVG_REFERRAL": True})
    assert [r.status for r in case.referrals] == [ReferralStatus.DUE]
    refused(s, case, "resolve_informally", "E_G19_SEVERITY_TOO_HIGH", **informally(s, case))


def test_informal_resolution_waits_while_an_agency_holds_the_case(scenario: Scenario) -> None:
    """G19: a referral made with a hold request keeps the agency's matter open."""
    s = scenario
    case = s.triaged(severity="LOW", answers={"SCO_CRIME": True})
    case = s.run(
        case,
        "record_referral_made",
        referral_id=case.referrals[0].id,
        made_at=s.clock.now.isoformat(),
        hold_requested=True,
    )
    refused(s, case, "resolve_informally", "E_G19_SEVERITY_TOO_HIGH", **informally(s, case))


def test_informal_resolution_is_possible_once_the_agency_said_no_referral_was_needed(
    scenario: Scenario,
) -> None:
    """G19: a referral consulted and recorded as not required is no longer open."""
    s = scenario
    case = s.triaged(severity="LOW", answers={"SCO_CRIME": True})
    case = s.run(
        case,
        "record_consulted_not_required",
        referral_id=case.referrals[0].id,
        officer="DC Example",
        advice="Not a police matter; deal with it under the code of conduct.",
    )
    resolved = s.run(case, "resolve_informally", **informally(s, case))
    assert resolved.state is CaseState.INFORMAL_RESOLUTION


def test_adults_who_agreed_to_mediate_may_be_offered_mediation(scenario: Scenario) -> None:
    """G19: mediation with the complainant's recorded agreement, both parties adults."""
    s = scenario
    case = s.triaged(s.reported(child=False), severity="LOW")
    resolved = s.run(
        case,
        "resolve_informally",
        **informally(s, case, mediation=True, complainant_agreed_to_mediate=True),
    )
    assert resolved.state is CaseState.INFORMAL_RESOLUTION


def test_mediation_needs_the_complainants_recorded_agreement(scenario: Scenario) -> None:
    """G19: no mediation without the complainant's agreement."""
    s = scenario
    case = s.triaged(s.reported(child=False), severity="LOW")
    refused(
        s,
        case,
        "resolve_informally",
        "E_G19_MEDIATION_NOT_PERMITTED",
        **informally(s, case, mediation=True),
    )


def test_a_child_is_never_mediated_with_an_adult_in_a_position_of_trust(
    scenario: Scenario,
) -> None:
    """G19: a 14-year-old complainant and an adult coach, even with the child's agreement."""
    s = scenario
    case = s.triaged(severity="LOW")
    refused(
        s,
        case,
        "resolve_informally",
        "E_G19_MEDIATION_NOT_PERMITTED",
        **informally(s, case, mediation=True, complainant_agreed_to_mediate=True),
    )


def test_a_child_may_be_mediated_with_a_peer_helper(scenario: Scenario) -> None:
    """G19: the bar is on an *adult* in a position of trust; a 16-year-old helper is a peer."""
    s = scenario
    helper = s.people.add(
        Person(name="Kit Helper", date_of_birth=date(s.clock.now.year - 16, 1, 10))
    )
    report = s.open(
        "submit_report",
        narrative="A young swimmer reports being teased by a junior helper.",
        parties=[
            {"person_id": s.cast.complainant.id, "role": "COMPLAINANT"},
            {"person_id": helper.id, "role": "RESPONDENT", "position_of_trust": True},
        ],
        categories=[s.category()],
    )
    case = s.triaged(report, severity="LOW")
    resolved = s.run(
        case,
        "resolve_informally",
        **informally(s, case, mediation=True, complainant_agreed_to_mediate=True),
    )
    assert resolved.state is CaseState.INFORMAL_RESOLUTION


def test_mediation_is_refused_where_the_rule_set_does_not_provide_it() -> None:
    """G19: ``informal_resolution.mediation_allowed=false`` (an organisation's override)."""
    overrides = {"informal_resolution": {"mediation_allowed": False}}
    s = Scenario(plugins=get_plugins("scotland", overrides=overrides))
    assert s.rule_set.informal_resolution.mediation_allowed is False
    case = s.triaged(s.reported(child=False), severity="LOW")
    refused(
        s,
        case,
        "resolve_informally",
        "E_G19_MEDIATION_NOT_PERMITTED",
        **informally(s, case, mediation=True, complainant_agreed_to_mediate=True),
    )


# --- G29: withdrawal by the complainant ----------------------------------------------------------


def test_an_adult_only_report_closes_as_withdrawn(scenario: Scenario) -> None:
    """G29 (T10): no child, no statutory check, no C1/C2 -> the report simply closes."""
    s = scenario
    closed = withdrawn_adult_case(s)
    assert closed.state is CaseState.CLOSED
    assert closed.closure_reason is ClosureReason.WITHDRAWN


def test_a_childs_report_is_not_closed_by_withdrawing_it(scenario: Scenario) -> None:
    """G29 (T10): a case involving a child needs the DSL's decision, not a withdrawal."""
    s = scenario
    case = s.reported()
    assert case.child_involved
    refused(
        s,
        case,
        "withdraw_report",
        "E_G29_WITHDRAWAL_DECISION_REQUIRED",
        reason="The family asked to withdraw.",
    )


def test_withdrawing_consent_on_a_childs_case_leaves_a_decision_pending(
    scenario: Scenario,
) -> None:
    """G29: ``withdraw_consent(FORMAL_PROCESS)`` on a child's case sets a pending decision."""
    s = scenario
    case = s.run(s.triaged(), "withdraw_consent", purpose="FORMAL_PROCESS")
    assert case.withdrawal_pending
    assert case.state is CaseState.TRIAGED


def test_withdrawing_consent_on_an_adult_case_with_a_statutory_check_needs_a_decision(
    scenario: Scenario,
) -> None:
    """G29: an adult case where a G17 check was answered yes."""
    s = scenario
    case = s.triaged(s.reported(child=False), answers={"SCO_CRIME": True})
    case = s.run(case, "withdraw_consent", purpose="FORMAL_PROCESS")
    assert case.withdrawal_pending


def test_withdrawing_consent_after_a_finding_of_likely_abuse_needs_a_decision(
    scenario: Scenario,
) -> None:
    """G29: an adult case with a C1 conclusion."""
    s = scenario
    case = s.concluded(
        s.investigating(s.triaged(s.reported(child=False))), Conclusion.C1_ABUSE_LIKELY
    )
    case = s.run(case, "withdraw_consent", purpose="FORMAL_PROCESS")
    assert case.withdrawal_pending


def test_withdrawing_consent_on_an_adult_only_case_needs_no_decision(scenario: Scenario) -> None:
    """G29: otherwise the case closes (WITHDRAWN) on the DSL's confirmation."""
    s = scenario
    case = s.run(s.triaged(s.reported(child=False)), "withdraw_consent", purpose="FORMAL_PROCESS")
    assert not case.withdrawal_pending
    closed = s.run(case, "withdraw_and_close", **close_on_withdrawal(s, "Confirmed with her."))
    assert closed.closure_reason is ClosureReason.WITHDRAWN


@pytest.mark.parametrize(
    ("command", "payload"),
    [
        ("open_investigation", "investigation"),
        ("start_advisory_request", "advisory"),
        ("assign_role", "deputy"),
    ],
)
def test_while_a_withdrawal_decision_is_pending_the_dsl_can_do_nothing_else(
    scenario: Scenario, command: str, payload: str
) -> None:
    """G29: every other command is refused until the DSL decides; afterwards it runs."""
    s = scenario
    case = s.run(s.triaged(), "sign_coi_declaration", person_id=s.cast.investigator.id)
    case = s.run(case, "withdraw_consent", purpose="FORMAL_PROCESS")
    data: dict[str, Any] = {
        "investigation": {
            "investigator_id": s.cast.investigator.id,
            "terms_of_reference": ["Establish what happened at training"],
        },
        "advisory": {"question": QUESTION},
        "deputy": {"person_id": s.cast.investigator.id, "role": "INV"},
    }[payload]
    refused(s, case, command, "E_G29_WITHDRAWAL_DECISION_REQUIRED", **data)
    decided = s.run(case, "continue_under_override", override=override())
    assert not decided.withdrawal_pending
    assert decided.override is not None
    s.run(decided, command, **data)
    assert list(s.audit)[-1].outcome == "ALLOWED"


def test_protective_steps_stay_open_while_a_withdrawal_decision_is_pending(
    scenario: Scenario,
) -> None:
    """G29 (with G15/G32): revoking a share and placing a legal hold never wait."""
    s = scenario
    case = s.run(shared(s), "withdraw_consent", purpose="FORMAL_PROCESS")
    assert case.withdrawal_pending
    case = s.run(case, "revoke_share", reason="The complainant withdrew.")
    case = s.run(case, "place_legal_hold", reason="Inquiry request")
    assert case.legal_hold
    assert case.withdrawal_pending


def test_continuing_under_override_needs_a_valid_override(scenario: Scenario) -> None:
    """G29 -> G03: continuing without consent needs a complete override record."""
    s = scenario
    case = s.run(s.triaged(), "withdraw_consent", purpose="FORMAL_PROCESS")
    refused(
        s,
        case,
        "continue_under_override",
        "E_G03_OVERRIDE_INVALID",
        override={**override(), "reason": "Risk remains."},
    )


def test_a_withdrawn_childs_case_closes_with_a_safeguarding_rationale(scenario: Scenario) -> None:
    """G29 (T46): close, saying in 100+ characters why no one remains at risk."""
    s = scenario
    case = s.run(s.triaged(), "withdraw_consent", purpose="FORMAL_PROCESS")
    closed = s.run(case, "withdraw_and_close", **close_on_withdrawal(s))
    assert closed.state is CaseState.CLOSED
    assert closed.closure_reason is ClosureReason.WITHDRAWN
    assert not closed.withdrawal_pending


def test_a_withdrawn_childs_case_does_not_close_on_a_short_rationale(scenario: Scenario) -> None:
    """G29 (T46): a rationale under 100 characters is not a safeguarding rationale."""
    s = scenario
    case = s.run(s.triaged(), "withdraw_consent", purpose="FORMAL_PROCESS")
    refused(
        s,
        case,
        "withdraw_and_close",
        "E_G29_WITHDRAWAL_DECISION_REQUIRED",
        **close_on_withdrawal(s, "The family withdrew; closing."),
    )


# --- G30: reopening ------------------------------------------------------------------------------


def test_a_closed_case_reopens_on_new_information(scenario: Scenario) -> None:
    """G30 (T43): a 50+ character reason and information received after closure."""
    s = scenario
    closed = withdrawn_adult_case(s)
    s.clock.advance(days=20)
    reopened = s.run(
        closed,
        "reopen",
        reason=REOPEN_REASON,
        new_information_ref="report-2026-0042",
        new_information_received_at=s.clock.now.isoformat(),
    )
    assert reopened.state is CaseState.TRIAGED
    assert reopened.history[-2].to_state is CaseState.CLOSED  # earlier history stays


def test_a_case_reopens_when_an_external_body_remits_the_decision(scenario: Scenario) -> None:
    """G30: the ``APPEAL_REMITTAL_EXTERNAL`` flag stands in for new information."""
    s = scenario
    closed = withdrawn_adult_case(s)
    reopened = s.run(closed, "reopen", reason=REOPEN_REASON, appeal_remittal_external=True)
    assert reopened.state is CaseState.TRIAGED


def test_reopening_needs_a_reason_of_fifty_characters(scenario: Scenario) -> None:
    """G30: a short reason is refused."""
    s = scenario
    closed = withdrawn_adult_case(s)
    s.clock.advance(days=20)
    refused(
        s,
        closed,
        "reopen",
        "E_G30_REOPEN_REASON",
        reason="New report received.",
        new_information_ref="report-2026-0042",
        new_information_received_at=s.clock.now.isoformat(),
    )


def test_reopening_needs_information_received_after_closure(scenario: Scenario) -> None:
    """G30: information the organisation already had when it closed the case is not new."""
    s = scenario
    before_closure = s.clock.now - timedelta(days=1)
    closed = withdrawn_adult_case(s)
    s.clock.advance(days=20)
    refused(
        s,
        closed,
        "reopen",
        "E_G30_REOPEN_REASON",
        reason=REOPEN_REASON,
        new_information_ref="report-2026-0001",
        new_information_received_at=before_closure.isoformat(),
    )


def test_reopening_needs_a_reference_to_the_new_information(scenario: Scenario) -> None:
    """G30: neither a new information reference nor the external remittal flag."""
    s = scenario
    closed = withdrawn_adult_case(s)
    refused(s, closed, "reopen", "E_G30_REOPEN_REASON", reason=REOPEN_REASON)


def test_new_information_cannot_be_dated_in_the_future(scenario: Scenario) -> None:
    """G30: received-at later than now would let anything pass as new."""
    s = scenario
    closed = withdrawn_adult_case(s)
    refused(
        s,
        closed,
        "reopen",
        "E_G30_REOPEN_REASON",
        reason=REOPEN_REASON,
        new_information_ref="report-2026-0042",
        new_information_received_at=(s.clock.now + timedelta(days=3)).isoformat(),
    )


# --- G32: retention and deletion -----------------------------------------------------------------


def test_case_data_is_deleted_once_retention_has_expired(scenario: Scenario) -> None:
    """G32: the respondent (41) reaches pension age (67) 26 years on; that is the later limb."""
    s = scenario
    closed = withdrawn_adult_case(s)
    s.clock.advance(days=365 * 27)
    deleted = s.run(closed, "delete_case_data", Role.SYS)
    assert deleted.deleted_at == s.clock.now
    assert deleted.narrative == ""


def test_case_data_is_not_deleted_before_ten_years(scenario: Scenario) -> None:
    """G32: ``allegation_date + 10 years`` has not passed."""
    s = scenario
    closed = withdrawn_adult_case(s)
    s.clock.advance(days=365 * 5)
    refused(s, closed, "delete_case_data", "E_G32_RETENTION_NOT_EXPIRED", Role.SYS)


def test_case_data_is_kept_until_the_respondents_pension_age(scenario: Scenario) -> None:
    """G32: ten years have passed, but the respondent is not yet of pension age."""
    s = scenario
    closed = withdrawn_adult_case(s)
    s.clock.advance(days=365 * 11)
    refused(s, closed, "delete_case_data", "E_G32_RETENTION_NOT_EXPIRED", Role.SYS)


def test_a_legal_hold_blocks_deletion_even_after_retention(scenario: Scenario) -> None:
    """G32: any legal hold blocks deletion."""
    s = scenario
    closed = s.run(withdrawn_adult_case(s), "place_legal_hold", reason="Civil claim notified")
    s.clock.advance(days=365 * 27)
    refused(s, closed, "delete_case_data", "E_G32_LEGAL_HOLD", Role.SYS)


# --- G35: closure preconditions ------------------------------------------------------------------


def test_a_case_cannot_close_while_an_interim_measure_is_in_force(scenario: Scenario) -> None:
    """G35: the measure must be lifted (or superseded) first; after lifting the case closes."""
    s = scenario
    case, decision = s.with_cmg(s.triaged())
    case = s.run(
        case,
        "impose_interim_measure",
        Role.CMG,
        type="TEMPORARY_SUSPENSION",
        reason="Risk to children while the concern is looked into",
        cmg_decision_id=decision,
        next_review_at=(s.clock.now + timedelta(days=21)).isoformat(),
        notify_plan="Respondent told in writing; club told of the restriction only",
    )
    case = s.run(case, "withdraw_consent", purpose="FORMAL_PROCESS")
    error = refused(
        s, case, "withdraw_and_close", "E_G35_CLOSURE_PRECONDITION", **close_on_withdrawal(s)
    )
    assert "interim" in error.detail
    # G29: interim measures are reviewed (here lifted) while the decision is pending.
    case = s.run(
        case,
        "lift_interim_measure",
        Role.CMG,
        measure_id=case.interim_measures[0].id,
        rationale="Lifted: the coach has left the club and no longer works with children.",
        decided_by=[s.cast.cmg[0].id],
    )
    closed = s.run(case, "withdraw_and_close", **close_on_withdrawal(s))
    assert closed.state is CaseState.CLOSED


def test_a_case_cannot_close_while_a_statutory_referral_is_due(scenario: Scenario) -> None:
    """G35: a DUE referral must be made or recorded as not required first."""
    s = scenario
    case = s.triaged(answers={"SCO_CRIME": True})
    error = refused(
        s, case, "withdraw_and_close", "E_G35_CLOSURE_PRECONDITION", **close_on_withdrawal(s)
    )
    assert "referral" in error.detail


def test_a_case_cannot_close_before_the_parties_are_notified_of_the_outcome(
    scenario: Scenario,
) -> None:
    """G35: a decision was issued but no party has been notified."""
    s = scenario
    case = s.decided()
    error = refused(
        s, case, "withdraw_and_close", "E_G35_CLOSURE_PRECONDITION", **close_on_withdrawal(s)
    )
    assert "notified" in error.detail


def test_closing_a_case_revokes_its_live_advisory_share(scenario: Scenario) -> None:
    """G35/G15: closure auto-revokes every live share and destroys the packet key."""
    s = scenario
    case = s.run(shared(s), "withdraw_consent", purpose="FORMAL_PROCESS")
    closed = s.run(case, "withdraw_and_close", **close_on_withdrawal(s))
    share = closed.current_share()
    assert share is not None
    assert share.state is ShareState.AS_REVOKED
    assert share.packet is None
    assert share.key_destroyed
    assert s.last is not None
    assert "AdvisoryShareRevoked" in [event.type for event in s.last.events]


# --- G11: advisory share preconditions -----------------------------------------------------------


def test_an_advisory_request_starts_under_an_active_data_sharing_agreement(
    scenario: Scenario,
) -> None:
    """G11 (A1): the organisation has an active DSA with the advisory service."""
    s = scenario
    case = s.run(s.triaged(), "start_advisory_request", question=QUESTION)
    share = case.current_share()
    assert share is not None
    assert share.state is ShareState.AS_DRAFT


def test_no_advisory_request_without_a_data_sharing_agreement() -> None:
    """G11 (A1): no DSA at all."""
    s = Scenario("scotland")
    s.organisation.data_sharing_agreements = []
    case = s.triaged()
    refused(s, case, "start_advisory_request", "E_G11_NO_DSA", question=QUESTION)


def test_no_advisory_request_once_the_data_sharing_agreement_has_ended(
    scenario: Scenario,
) -> None:
    """G11 (A1): ``valid_from <= now < valid_to`` no longer holds."""
    s = scenario
    case = s.triaged()
    s.clock.advance(days=400)
    refused(s, case, "start_advisory_request", "E_G11_NO_DSA", question=QUESTION)


def test_a_packet_is_published_to_declared_advisory_members_with_consent(
    scenario: Scenario,
) -> None:
    """G11 (A2): consent, advisory members with G10 declarations, expiry within 30 days."""
    s = scenario
    case = drafted(s)
    published = s.run(
        case,
        "publish_advisory_packet",
        **publish(s, expires_at=(s.clock.now + timedelta(days=30)).isoformat()),
    )
    share = published.current_share()
    assert share is not None
    assert share.state is ShareState.AS_SHARED
    assert share.members == (s.cast.advisers[0].id,)
    assert share.packet is not None


def test_no_packet_without_the_complainants_advisory_share_consent(scenario: Scenario) -> None:
    """G11 (A2): no ADVISORY_SHARE consent recorded."""
    s = scenario
    case = s.run(s.triaged(), "start_advisory_request", question=QUESTION)
    case = declared_advisers(s, case)
    refused(s, case, "publish_advisory_packet", "E_G11_NO_CONSENT", **publish(s))


def test_no_packet_on_a_parents_consent_where_only_the_childs_counts(scenario: Scenario) -> None:
    """G11 (A2): in Scotland only the child's own consent counts (``child_given_by: [SELF]``)."""
    s = scenario
    case = s.run(s.triaged(), "start_advisory_request", question=QUESTION)
    case = declared_advisers(s, consent_to_share(s, case, given_by="PARENT_GUARDIAN"))
    refused(s, case, "publish_advisory_packet", "E_G11_NO_CONSENT", **publish(s))


def test_a_packet_goes_only_to_members_of_the_advisory_service(scenario: Scenario) -> None:
    """G11 (A2): the investigator is not an advisory member, declaration or not."""
    s = scenario
    case = s.run(drafted(s), "sign_coi_declaration", person_id=s.cast.investigator.id)
    refused(
        s,
        case,
        "publish_advisory_packet",
        "E_G11_SHARE_TERMS",
        **publish(s, members=[s.cast.investigator.id]),
    )


def test_a_packet_goes_only_to_advisers_who_declared_their_conflicts(scenario: Scenario) -> None:
    """G11 (A2) with G10: an adviser without a declaration for this case."""
    s = scenario
    case = consent_to_share(s, s.run(s.triaged(), "start_advisory_request", question=QUESTION))
    refused(s, case, "publish_advisory_packet", "E_G10_DECLARATION_MISSING", **publish(s))


def test_a_share_cannot_outlast_the_rule_sets_maximum_duration(scenario: Scenario) -> None:
    """G11 (A2): ``expires_at <= now + advisory.max_share_duration`` (30 days in Scotland)."""
    s = scenario
    case = drafted(s)
    refused(
        s,
        case,
        "publish_advisory_packet",
        "E_G11_SHARE_TERMS",
        **publish(s, expires_at=(s.clock.now + timedelta(days=32)).isoformat()),
    )


def test_a_new_request_after_revocation_needs_fresh_consent(scenario: Scenario) -> None:
    """G11 (A6): the consent given before the revoked share does not cover a new one."""
    s = scenario
    case = s.run(shared(s), "revoke_share", reason="The question was answered elsewhere.")
    s.clock.advance(minutes=5)
    case = s.run(case, "start_advisory_request", question=QUESTION)
    refused(s, case, "publish_advisory_packet", "E_G11_NO_CONSENT", **publish(s))
    s.clock.advance(minutes=5)
    case = consent_to_share(s, case)
    republished = s.run(case, "publish_advisory_packet", **publish(s))
    share = republished.current_share()
    assert share is not None
    assert share.state is ShareState.AS_SHARED
    assert len(republished.shares) == 2


# --- G12: pseudonymised packets ------------------------------------------------------------------


def test_identifiers_in_the_dsls_text_are_scrubbed_from_the_packet(scenario: Scenario) -> None:
    """G12: names, email, phone, date of birth and club become pseudonyms or ``[redacted]``."""
    s = scenario
    child, coach = s.cast.complainant, s.cast.respondent
    assert child.date_of_birth is not None
    assert child.email
    assert child.phone
    dob = child.date_of_birth
    summary = (
        f"{child.name} ({child.email}, {child.phone}, born {dob.day}/{dob.month}/{dob.year}) "
        f"says {coach.name} of {child.affiliations[0].club} shouted at them."
    )
    published = s.run(
        drafted(s),
        "publish_advisory_packet",
        **publish(s, summary=summary, chronology=f"{coach.name.split()[0]} met {child.name}."),
    )
    text = packet_text(published)
    for identifier in (
        child.name,
        child.email,
        child.phone,
        dob.isoformat(),
        f"{dob.day}/{dob.month}/{dob.year}",
        child.affiliations[0].club,
        coach.name,
        *coach.name.split(),
        *child.name.split(),
    ):
        assert fold(identifier) not in text, identifier
    share = published.current_share()
    assert share is not None
    assert share.packet is not None
    pseudonyms = {p.role: p.pseudonym for p in share.packet.persons}
    assert pseudonyms["COMPLAINANT"] in share.packet.summary
    assert pseudonyms["RESPONDENT"] in share.packet.chronology
    assert share.packet.packet_id != published.id


class LeakyPlugin:
    """A plugin whose redaction hook puts the complainant's name back into the summary."""

    def __init__(self, name: str) -> None:
        self.name = name

    @hookimpl
    def safecase_redact_share(self, ctx: object, case: Case, packet: SharePacket) -> SharePacket:
        return packet.model_copy(update={"summary": f"{packet.summary} ({self.name})"})


def test_a_plugin_cannot_put_an_identifier_back_into_the_packet() -> None:
    """G12: the core's scan runs on what the plugin returns, and refuses it."""
    probe = Scenario("scotland")
    s = Scenario(
        plugins=Plugins.from_modules(
            {"scotland": scotland_hooks, "leaky": LeakyPlugin(probe.cast.complainant.name)}
        )
    )
    # The cast is rebuilt with the same names for every scenario.
    assert s.cast.complainant.name == probe.cast.complainant.name
    case = drafted(s)
    error = refused(s, case, "publish_advisory_packet", "E_G12_IDENTIFIER_IN_PACKET", **publish(s))
    assert error.detail == "summary, name"
    assert s.cast.complainant.name not in str(error)


# --- G15: advisory access ends with consent, expiry or closure -----------------------------------


def test_a_named_adviser_gives_advice_while_the_share_is_live(scenario: Scenario) -> None:
    """G15 (A3): the named member, before expiry, with consent active."""
    s = scenario
    advised = opinion(s, shared(s), s.cast.advisers[0])
    share = advised.current_share()
    assert share is not None
    assert share.state is ShareState.AS_ADVICE_RECEIVED
    assert share.opinions[0].member_id == s.cast.advisers[0].id


def test_withdrawing_advisory_consent_ends_the_named_advisers_access(scenario: Scenario) -> None:
    """G15: after ``withdraw_consent(ADVISORY_SHARE)`` the named member is told it was revoked."""
    s = scenario
    case = opinion(s, shared(s), s.cast.advisers[0])
    case = s.run(case, "withdraw_consent", Role.COMP, purpose="ADVISORY_SHARE")
    share = case.current_share()
    assert share is not None
    assert share.state is ShareState.AS_REVOKED
    assert share.packet is None
    assert share.key_destroyed
    assert len(share.opinions) == 1  # the org keeps the advice it received (G08)
    refused(
        s,
        case,
        "submit_advisory_opinion",
        "E_G15_SHARE_REVOKED",
        Role.ADV,
        s.cast.advisers[0],
        text="Further advice after revocation.",
    )


def test_an_adviser_not_named_on_a_revoked_share_is_simply_denied(scenario: Scenario) -> None:
    """G15 vs G28: a non-member learns nothing about the share's state."""
    s = scenario
    case = s.run(shared(s), "withdraw_consent", Role.COMP, purpose="ADVISORY_SHARE")
    refused(
        s,
        case,
        "submit_advisory_opinion",
        "E_G28_ACCESS_DENIED",
        Role.ADV,
        s.cast.advisers[1],
        text="Advice from someone not named.",
    )


def test_an_adviser_not_named_on_a_live_share_is_denied(scenario: Scenario) -> None:
    """G28 (with G15): naming is what grants access, not being an advisory member."""
    s = scenario
    case = shared(s)
    refused(
        s,
        case,
        "submit_advisory_opinion",
        "E_G28_ACCESS_DENIED",
        Role.ADV,
        s.cast.advisers[1],
        text="Advice from someone not named.",
    )


def test_revoking_a_share_ends_the_named_advisers_access(scenario: Scenario) -> None:
    """G15: ``revoke_share`` by the DSL destroys the key; the named member gets G15."""
    s = scenario
    case = s.run(shared(s), "revoke_share", reason="Advice no longer needed.")
    share = case.current_share()
    assert share is not None
    assert share.state is ShareState.AS_REVOKED
    assert share.packet is None
    assert share.key_destroyed
    refused(
        s,
        case,
        "submit_advisory_opinion",
        "E_G15_SHARE_REVOKED",
        Role.ADV,
        s.cast.advisers[0],
        text="Advice after revocation.",
    )


def test_an_expired_share_ends_the_named_advisers_access(scenario: Scenario) -> None:
    """G15: past ``expires_at`` the share is unreadable, before and after the expiry timer."""
    s = scenario
    case = shared(s)
    s.clock.advance(days=15)
    refused(
        s,
        case,
        "submit_advisory_opinion",
        "E_G15_SHARE_REVOKED",
        Role.ADV,
        s.cast.advisers[0],
        text="Late advice.",
    )
    expired = s.run(case, "expire_share", Role.SYS)
    share = expired.current_share()
    assert share is not None
    assert share.state is ShareState.AS_EXPIRED
    assert share.packet is None
    assert share.key_destroyed
    refused(
        s,
        expired,
        "submit_advisory_opinion",
        "E_G15_SHARE_REVOKED",
        Role.ADV,
        s.cast.advisers[0],
        text="Late advice.",
    )
