"""The Singapore plugin provides rule set sg-safesport-mo@1 as DOMAIN.md §3.5 states it."""

from __future__ import annotations

import pytest

from safecase.core.periods import Period, PeriodUnit
from safecase.core.plugins import get_plugins
from safecase.core.ruleset import RuleSet, StandardOfProof
from safecase.core.testing import PluginContract

PLUGIN = "singapore"
RULE_SET_ID = "sg-safesport-mo@1"


@pytest.fixture(scope="module")
def rule_set() -> RuleSet:
    """The rule set as an instance configured for this plugin gets it."""
    return get_plugins(PLUGIN).rule_set


def test_rule_set_is_the_safe_sport_member_organisation_rule_set(rule_set: RuleSet) -> None:
    assert rule_set.id == RULE_SET_ID
    assert rule_set.jurisdiction == "SG"
    assert rule_set.calendar.tz == "Asia/Singapore"
    assert rule_set.calendar.holidays == "SG"
    assert rule_set.standard_of_proof is StandardOfProof.BALANCE_OF_PROBABILITIES


def test_medium_and_high_breaches_fall_to_the_safe_sport_commission(rule_set: RuleSet) -> None:
    categories = frozenset({"SG.PHYS_PSYCH_MISCONDUCT"})
    for severity in ("MEDIUM", "HIGH"):
        body = rule_set.exclusive_body(categories, severity)
        assert body is not None
        assert body.body.startswith("Safe Sport Commission")
        assert "TEMPORARY_MEASURE" in body.org_may


def test_low_breaches_are_managed_by_the_member_organisation(rule_set: RuleSet) -> None:
    assert rule_set.exclusive_body(frozenset({"SG.PHYS_PSYCH_MISCONDUCT"}), "LOW") is None
    assert rule_set.severity_routing["LOW"].handled_by == "ORG"


def test_commission_panels_are_a_legal_member_chair_and_two_ordinary_members(
    rule_set: RuleSet,
) -> None:
    for severity in ("MEDIUM", "HIGH"):
        panel = rule_set.panel[severity]
        assert panel.size == 3
        assert panel.chair_type == "LEGAL_MEMBER"
        assert panel.other == ("ORDINARY_MEMBER", "ORDINARY_MEMBER")
        assert panel.independent_required is True
        assert panel.verified is True


def test_a_respondent_who_admits_the_breach_goes_straight_to_sanction(rule_set: RuleSet) -> None:
    assert rule_set.admission_shortcut is True


def test_knowledge_of_a_crime_is_reported_to_the_police_under_cpc_section_424(
    rule_set: RuleSet,
) -> None:
    checks = rule_set.checks_for(frozenset({"SG.SEXUAL_MISCONDUCT"}))
    assert [check.id for check in checks] == ["SG_CPC_424"]
    (check,) = checks
    assert check.agency == "Singapore Police Force"
    assert check.verified is True
    assert check.deadline.value == Period(amount=0, unit=PeriodUnit.IMMEDIATE)
    assert check.deadline.verified is False  # exact timing wording (unverified)


def test_every_report_of_concern_is_notified_promptly_to_the_commission(
    rule_set: RuleSet,
) -> None:
    check = rule_set.statutory_check("SG_COMMISSION_NOTIFY")
    assert check is not None
    assert check.deadline.value is None
    assert check.deadline.text == "prompt"


def test_handbook_timelines_are_all_unverified_placeholders(rule_set: RuleSet) -> None:
    assert set(rule_set.timelines) == {
        "acknowledge_report",
        "preliminary_assessment_complete",
        "investigation_complete_target",
        "hearing_notice",
        "decision_written_reasons",
        "appeal_window",
    }
    assert not any(figure.verified for figure in rule_set.timelines.values())
    assert str(rule_set.timelines["investigation_complete_target"]) == "60 days"
    unverified = rule_set.unverified()
    assert all(f"timelines.{name}" in unverified for name in rule_set.timelines)


def test_receipt_is_acknowledged_within_48_hours(rule_set: RuleSet) -> None:
    assert rule_set.intake.acknowledge_within.value == Period(amount=48, unit=PeriodUnit.HOURS)


def test_respondent_and_complainant_may_appeal_to_an_appeals_committee(rule_set: RuleSet) -> None:
    assert rule_set.appeal.who_may_appeal == ("RESPONDENT", "COMPLAINANT")
    assert rule_set.appeal.body is not None
    assert "Appeals Committee" in rule_set.appeal.body
    assert rule_set.appeal.window.verified is False


def test_temporary_measures_include_separation(rule_set: RuleSet) -> None:
    assert rule_set.interim.label == "TEMPORARY_MEASURE"
    assert set(rule_set.interim.types) == {
        "SEPARATION",
        "TEMPORARY_SUSPENSION",
        "RESTRICTION_OF_ACTIVITIES",
    }


def test_minor_respondents_are_not_banned_or_referred_for_nroc_deregistration(
    rule_set: RuleSet,
) -> None:
    assert not rule_set.sanction_types["TERMINATION_LIFE_BAN"].allowed_for_minor_respondent
    assert not rule_set.sanction_types["NROC_DEREGISTRATION_REFERRAL"].allowed_for_minor_respondent


class TestConformance(PluginContract):
    """The core's plugin contract, run against this plugin."""

    plugin = PLUGIN
    expected_rule_set = RULE_SET_ID
