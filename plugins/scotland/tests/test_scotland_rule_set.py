"""The Scotland plugin provides rule set scot-sgb-cmss@1 as DOMAIN.md §3.2 states it."""

from __future__ import annotations

import pytest

from safecase.core.periods import parse_period
from safecase.core.plugins import get_plugins
from safecase.core.ruleset import ConsentGiver, RuleSet, StandardOfProof
from safecase.core.testing import PluginContract

PLUGIN = "scotland"
RULE_SET_ID = "scot-sgb-cmss@1"


@pytest.fixture(scope="module")
def rule_set() -> RuleSet:
    """The rule set as an instance configured for this plugin gets it."""
    return get_plugins(PLUGIN).rule_set


def test_rule_set_is_the_scottish_cmss_rule_set(rule_set: RuleSet) -> None:
    assert rule_set.id == RULE_SET_ID
    assert rule_set.jurisdiction == "SCO"
    assert rule_set.standard_of_proof is StandardOfProof.BALANCE_OF_PROBABILITIES


def test_deadlines_count_scottish_working_days(rule_set: RuleSet) -> None:
    assert rule_set.calendar.tz == "Europe/London"
    assert rule_set.calendar.holidays == "GB-SCT"


def test_pvg_referral_is_due_within_three_months_of_the_removal_decision(
    rule_set: RuleSet,
) -> None:
    check = rule_set.statutory_check("SCO_PVG_REFERRAL")
    assert check is not None
    assert check.deadline.value == parse_period("P3M")
    assert check.deadline.verified is True
    assert check.after_sanction is True
    assert "Disclosure Scotland" in check.agency


def test_removal_from_regulated_role_and_expulsion_trigger_the_pvg_referral(
    rule_set: RuleSet,
) -> None:
    removing = {
        code for code, s in rule_set.sanction_types.items() if s.removes_from_regulated_work
    }
    assert removing == {"REMOVAL_FROM_REGULATED_ROLE", "EXPULSION_PERMANENT_BAN"}


def test_sexual_abuse_of_a_child_raises_child_protection_and_crime_questions(
    rule_set: RuleSet,
) -> None:
    checks = rule_set.checks_for(frozenset({"SCO.CP.SEXUAL"}))
    assert {check.id for check in checks} == {"SCO_CHILD_PROTECTION", "SCO_CRIME"}
    assert all(str(check.deadline) == "immediately" for check in checks)


def test_child_protection_categories_are_at_least_high_severity(rule_set: RuleSet) -> None:
    for code in ("SCO.CP.PHYSICAL", "SCO.CP.EMOTIONAL", "SCO.CP.SEXUAL", "SCO.CP.NEGLECT"):
        category = rule_set.category(code)
        assert category is not None
        assert category.default_severity_floor == "HIGH"


def test_the_sgb_keeps_every_case_no_external_body_has_exclusive_jurisdiction(
    rule_set: RuleSet,
) -> None:
    assert rule_set.exclusive_body(frozenset({"SCO.CP.SEXUAL"}), "HIGH") is None


def test_only_low_severity_concerns_may_be_resolved_informally(rule_set: RuleSet) -> None:
    assert rule_set.informal_resolution.allowed_severities == ("LOW",)
    assert rule_set.informal_resolution.mediation_allowed is True


def test_high_severity_hearings_need_an_independent_panel(rule_set: RuleSet) -> None:
    assert rule_set.panel["HIGH"].independent_required is True
    assert rule_set.panel["HIGH"].size == 3
    assert rule_set.panel["MEDIUM"].independent_required is False


def test_suspension_stays_in_force_pending_appeal_but_a_warning_does_not(
    rule_set: RuleSet,
) -> None:
    assert rule_set.effective_pending_appeal("SUSPENSION") is True
    assert rule_set.effective_pending_appeal("WRITTEN_WARNING") is False


def test_minor_respondents_cannot_be_removed_from_regulated_work_or_expelled(
    rule_set: RuleSet,
) -> None:
    assert not rule_set.sanction_types["REMOVAL_FROM_REGULATED_ROLE"].allowed_for_minor_respondent
    assert not rule_set.sanction_types["EXPULSION_PERMANENT_BAN"].allowed_for_minor_respondent


def test_only_a_child_with_sufficient_understanding_gives_consent(rule_set: RuleSet) -> None:
    assert rule_set.consent.child_given_by == (ConsentGiver.SELF,)


def test_advice_comes_from_the_cmss_case_advisory_group_under_a_dsa(rule_set: RuleSet) -> None:
    assert rule_set.advisory.service is not None
    assert "Case Advisory Group" in rule_set.advisory.service
    assert rule_set.advisory.requires_dsa is True


def test_cmss_adult_wellbeing_groups_are_risk_flags(rule_set: RuleSet) -> None:
    assert set(rule_set.risk_flags) == {
        "VULNERABLE_OR_PROTECTED_ADULT",
        "PERFORMANCE_SPORT",
        "DOMESTIC_ABUSE",
        "CARE_EXPERIENCED",
    }


def test_appeal_window_is_unverified_and_the_pvg_deadline_is_not(rule_set: RuleSet) -> None:
    unverified = rule_set.unverified()
    assert "appeal.window" in unverified
    assert "statutory_checks[SCO_PVG_REFERRAL].deadline" not in unverified
    assert str(rule_set.appeal.window) == "14 days"


class TestConformance(PluginContract):
    """The core's plugin contract, run against this plugin."""

    plugin = PLUGIN
    expected_rule_set = RULE_SET_ID
