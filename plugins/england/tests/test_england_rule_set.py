"""The England plugin provides rule set eng-ngb-cpsu@1 as DOMAIN.md §3.3 states it."""

from __future__ import annotations

import pytest

from safecase.core.periods import Period, PeriodUnit
from safecase.core.plugins import get_plugins
from safecase.core.ruleset import ConsentGiver, RuleSet, StandardOfProof
from safecase.core.testing import PluginContract

PLUGIN = "england"
RULE_SET_ID = "eng-ngb-cpsu@1"


@pytest.fixture(scope="module")
def rule_set() -> RuleSet:
    """The rule set as an instance configured for this plugin gets it."""
    return get_plugins(PLUGIN).rule_set


def test_rule_set_is_the_english_cpsu_rule_set(rule_set: RuleSet) -> None:
    assert rule_set.id == RULE_SET_ID
    assert rule_set.jurisdiction == "ENG"
    assert rule_set.calendar.holidays == "GB-ENG"


def test_allegations_are_decided_on_the_balance_of_probabilities(rule_set: RuleSet) -> None:
    assert rule_set.standard_of_proof is StandardOfProof.BALANCE_OF_PROBABILITIES


def test_lado_referral_is_due_within_one_working_day(rule_set: RuleSet) -> None:
    check = rule_set.statutory_check("ENG_LADO")
    assert check is not None
    assert check.deadline.value == Period(amount=1, unit=PeriodUnit.WORKING_DAYS)
    assert check.deadline.verified is True
    assert check.clock_starts == "came_to_attention_at"


def test_physical_abuse_raises_lado_childrens_social_care_and_police_questions(
    rule_set: RuleSet,
) -> None:
    checks = rule_set.checks_for(frozenset({"ENG.ABUSE.PHYSICAL"}))
    assert {check.id for check in checks} == {"ENG_LADO", "ENG_CSC", "ENG_POLICE"}


def test_serious_poor_practice_is_at_least_medium_and_may_meet_lado_criteria(
    rule_set: RuleSet,
) -> None:
    category = rule_set.category("ENG.POOR_PRACTICE.SERIOUS")
    assert category is not None
    assert category.default_severity_floor == "MEDIUM"
    assert category.statutory_checks == ("ENG_LADO",)


def test_abuse_categories_are_at_least_high_severity(rule_set: RuleSet) -> None:
    for code in ("ENG.ABUSE.PHYSICAL", "ENG.ABUSE.EMOTIONAL", "ENG.ABUSE.SEXUAL"):
        category = rule_set.category(code)
        assert category is not None
        assert category.default_severity_floor == "HIGH"


def test_dbs_referral_follows_removal_and_has_no_statutory_time_limit(rule_set: RuleSet) -> None:
    check = rule_set.statutory_check("ENG_DBS")
    assert check is not None
    assert check.after_sanction is True
    assert check.deadline.value is None
    assert check.deadline.text == "as soon as possible after conclusion"
    assert check.deadline.verified is False


def test_removal_from_regulated_activity_and_expulsion_trigger_the_dbs_referral(
    rule_set: RuleSet,
) -> None:
    removing = {
        code for code, s in rule_set.sanction_types.items() if s.removes_from_regulated_work
    }
    assert removing == {"REMOVAL_FROM_REGULATED_ROLE", "EXPULSION_PERMANENT_BAN"}


def test_sanction_types_are_the_cmss_cpsu_list(rule_set: RuleSet) -> None:
    assert set(rule_set.sanction_types) == {
        "VERBAL_WARNING",
        "WRITTEN_WARNING",
        "EDUCATION_TRAINING",
        "MENTORING",
        "MONITORING",
        "RESTRICTION_OF_ACTIVITIES",
        "SUSPENSION",
        "REMOVAL_FROM_REGULATED_ROLE",
        "EXPULSION_PERMANENT_BAN",
    }
    assert rule_set.sanction_types["SUSPENSION"].params["months"] == (1, 120)


def test_allegation_outcomes_use_the_five_statutory_labels(rule_set: RuleSet) -> None:
    assert rule_set.outcome_labels == (
        "SUBSTANTIATED",
        "FALSE",
        "MALICIOUS",
        "UNSUBSTANTIATED",
        "UNFOUNDED",
    )


def test_the_national_safeguarding_panel_may_sit_instead_of_the_ngb_panel(
    rule_set: RuleSet,
) -> None:
    assert rule_set.nsp_substitution is True
    assert rule_set.panel["HIGH"].independent_required is True


def test_all_parties_may_appeal_within_an_unverified_window(rule_set: RuleSet) -> None:
    assert set(rule_set.appeal.who_may_appeal) == {"RESPONDENT", "COMPLAINANT", "ORG"}
    assert str(rule_set.appeal.window) == "14 days"
    assert "appeal.window" in rule_set.unverified()


def test_the_case_management_group_includes_an_independent_child_protection_expert(
    rule_set: RuleSet,
) -> None:
    assert rule_set.cmg.independent_cp_expert_required is True


def test_allegation_records_are_kept_to_pension_age_or_ten_years(rule_set: RuleSet) -> None:
    assert rule_set.retention.verified is True
    assert rule_set.retention.allegation_years == 10


def test_only_a_competent_child_gives_consent(rule_set: RuleSet) -> None:
    assert rule_set.consent.child_given_by == (ConsentGiver.SELF,)


class TestConformance(PluginContract):
    """The core's plugin contract, run against this plugin."""

    plugin = PLUGIN
    expected_rule_set = RULE_SET_ID
