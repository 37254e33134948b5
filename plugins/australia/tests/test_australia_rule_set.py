"""The Australia plugin provides rule set au-nso-nif@1 as DOMAIN.md §3.6 states it."""

from __future__ import annotations

import pytest

from safecase.core.plugins import get_plugins
from safecase.core.ruleset import RuleSet
from safecase.core.testing import PluginContract

PLUGIN = "australia"
RULE_SET_ID = "au-nso-nif@1"
SIA = "Sport Integrity Australia"


@pytest.fixture(scope="module")
def rule_set() -> RuleSet:
    """The rule set as an instance configured for this plugin gets it."""
    return get_plugins(PLUGIN).rule_set


def test_rule_set_is_the_national_integrity_framework_rule_set(rule_set: RuleSet) -> None:
    assert rule_set.id == RULE_SET_ID
    assert rule_set.jurisdiction == "AU"
    assert rule_set.calendar.tz == "Australia/Sydney"
    assert rule_set.calendar.holidays == "AU-NSW"


def test_reports_may_be_anonymous_but_complaints_may_not(rule_set: RuleSet) -> None:
    assert rule_set.intake.anonymous_reports is True
    assert rule_set.intake.anonymous_complaints is False


def test_the_nif_commencement_date_must_be_configured_by_the_sport(rule_set: RuleSet) -> None:
    assert rule_set.intake.nif_commencement_required is True
    assert rule_set.intake.nif_commencement_date is None


def test_severities_are_sia_categories_one_to_three(rule_set: RuleSet) -> None:
    assert rule_set.severities == ("CAT1", "CAT2", "CAT3")


def test_grooming_falls_to_sport_integrity_australia(rule_set: RuleSet) -> None:
    body = rule_set.exclusive_body(frozenset({"AU.SCYP.GROOMING"}), "CAT1")
    assert body is not None
    assert body.body == SIA
    assert "PROVISIONAL_ACTION_AS_DIRECTED_BY_SIA" in body.org_may


def test_every_child_safeguarding_category_and_discrimination_fall_to_sia(
    rule_set: RuleSet,
) -> None:
    sia_codes = [
        c.code
        for c in rule_set.categories
        if c.code.startswith("AU.SCYP.") or c.code == "AU.MPP.DISCRIMINATION"
    ]
    assert len(sia_codes) == 10
    for code in sia_codes:
        assert rule_set.exclusive_body(frozenset({code}), "CAT3") is not None


def test_bullying_and_harassment_are_handled_by_the_sport(rule_set: RuleSet) -> None:
    categories = frozenset({"AU.MPP.BULLYING", "AU.MPP.HARASSMENT"})
    assert rule_set.exclusive_body(categories, "CAT3") is None


def test_category_one_matters_normally_have_no_hearing(rule_set: RuleSet) -> None:
    assert rule_set.panel["CAT1"].size == 0
    assert rule_set.panel["CAT3"].independent_required is True


def test_only_category_one_is_resolved_informally_by_apology_warning_or_education(
    rule_set: RuleSet,
) -> None:
    informal = rule_set.informal_resolution
    assert informal.allowed_severities == ("CAT1",)
    assert set(informal.outcomes) == {"APOLOGY", "WARNING", "EDUCATION"}
    assert informal.verified is True


def test_child_abuse_raises_police_and_state_child_protection_questions(
    rule_set: RuleSet,
) -> None:
    checks = rule_set.checks_for(frozenset({"AU.SCYP.CHILD_ABUSE"}))
    assert {check.id for check in checks} == {"AU_POLICE", "AU_STATE_CP"}


def test_state_child_protection_reporting_time_depends_on_state_law(rule_set: RuleSet) -> None:
    check = rule_set.statutory_check("AU_STATE_CP")
    assert check is not None
    assert check.deadline.value is None
    assert check.deadline.text == "per state law"


def test_provisional_action_needs_an_in_scope_complaint(rule_set: RuleSet) -> None:
    assert rule_set.interim.label == "PROVISIONAL_ACTION"
    assert rule_set.interim.requires_in_scope_complaint is True
    assert "PROVISIONAL_ACTION" in rule_set.interim.types


def test_a_ban_is_not_available_against_a_minor_respondent(rule_set: RuleSet) -> None:
    assert not rule_set.sanction_types["BAN"].allowed_for_minor_respondent
    assert rule_set.sanctions_by_severity["CAT3"] == ("EDUCATION", "SUSPENSION", "BAN")


def test_appeals_go_to_the_national_sports_tribunal_or_nso_tribunal(rule_set: RuleSet) -> None:
    assert rule_set.appeal.body is not None
    assert "National Sports Tribunal Appeals Division" in rule_set.appeal.body
    assert rule_set.appeal.window.verified is False


class TestConformance(PluginContract):
    """The core's plugin contract, run against this plugin."""

    plugin = PLUGIN
    expected_rule_set = RULE_SET_ID
