"""The USA plugin provides rule set us-ngb-safesport@1 as DOMAIN.md §3.4 states it."""

from __future__ import annotations

import pytest

from safecase.core.periods import Period, PeriodUnit
from safecase.core.plugins import get_plugins
from safecase.core.ruleset import ConsentGiver, RegistryVisibility, RuleSet, StandardOfProof
from safecase.core.testing import PluginContract

PLUGIN = "usa"
RULE_SET_ID = "us-ngb-safesport@1"
CENTER = "U.S. Center for SafeSport"


@pytest.fixture(scope="module")
def rule_set() -> RuleSet:
    """The rule set as an instance configured for this plugin gets it."""
    return get_plugins(PLUGIN).rule_set


def test_rule_set_is_the_us_safesport_rule_set(rule_set: RuleSet) -> None:
    assert rule_set.id == RULE_SET_ID
    assert rule_set.jurisdiction == "US"
    assert rule_set.calendar.tz == "America/Denver"
    assert rule_set.calendar.holidays == "US"


def test_misconduct_is_decided_on_the_preponderance_of_evidence(rule_set: RuleSet) -> None:
    assert rule_set.standard_of_proof is StandardOfProof.PREPONDERANCE_OF_EVIDENCE


def test_ngb_decisions_may_be_appealed_by_respondent_or_ngb_within_ten_days(
    rule_set: RuleSet,
) -> None:
    assert rule_set.appeal.window.value == Period(amount=10, unit=PeriodUnit.DAYS)
    assert rule_set.appeal.window.verified is False
    assert rule_set.appeal.who_may_appeal == ("RESPONDENT", "ORG")
    assert rule_set.appeal.levels == 1
    assert rule_set.appeal.note is not None
    assert "arbitration" in rule_set.appeal.note


def test_sexual_misconduct_and_child_abuse_fall_to_the_center_at_any_severity(
    rule_set: RuleSet,
) -> None:
    for code in ("US.SEXUAL_MISCONDUCT", "US.CHILD_ABUSE"):
        body = rule_set.exclusive_body(frozenset({code}), "LOW")
        assert body is not None
        assert body.body == CENTER
        assert "TEMPORARY_MEASURE_UNTIL_CENTER_ACTS" in body.org_may


def test_the_ngb_handles_physical_and_emotional_misconduct(rule_set: RuleSet) -> None:
    categories = frozenset({"US.PHYSICAL_MISCONDUCT", "US.EMOTIONAL_MISCONDUCT"})
    assert rule_set.exclusive_body(categories, "HIGH") is None


def test_related_misconduct_goes_to_the_center_only_on_a_persons_judgement(
    rule_set: RuleSet,
) -> None:
    assert rule_set.exclusive_body(frozenset({"US.RETALIATION"}), "HIGH") is None
    conditional = [e for e in rule_set.exclusive_jurisdiction if e.when is not None]
    assert len(conditional) == 1
    assert "US.RETALIATION" in conditional[0].categories


def test_abuse_of_a_minor_is_reported_to_law_enforcement_and_the_center_within_24_hours(
    rule_set: RuleSet,
) -> None:
    checks = rule_set.checks_for(frozenset({"US.CHILD_ABUSE"}))
    assert {check.id for check in checks} == {"US_LAW_ENFORCEMENT_24H", "US_CENTER_24H"}
    for check in checks:
        assert check.deadline.value == Period(amount=24, unit=PeriodUnit.HOURS)
        assert check.deadline.verified is True


def test_temporary_measures_can_be_challenged_by_arbitration(rule_set: RuleSet) -> None:
    assert "TEMPORARY_MEASURE" in rule_set.interim.types
    assert rule_set.interim.label == "TEMPORARY_MEASURE"
    assert rule_set.interim.respondent_may_challenge == "ARBITRATION"


def test_probation_and_ineligibility_are_published_in_the_disciplinary_database(
    rule_set: RuleSet,
) -> None:
    for code in ("PROBATION", "SUSPENSION", "INELIGIBILITY", "PERMANENT_INELIGIBILITY"):
        assert rule_set.sanction_types[code].registry_visibility is RegistryVisibility.PUBLIC
    assert rule_set.sanction_types["VERBAL_WARNING"].registry_visibility is (
        RegistryVisibility.ORG_INTERNAL_ONLY
    )


def test_minor_respondents_cannot_be_made_ineligible(rule_set: RuleSet) -> None:
    assert not rule_set.sanction_types["INELIGIBILITY"].allowed_for_minor_respondent
    assert not rule_set.sanction_types["PERMANENT_INELIGIBILITY"].allowed_for_minor_respondent


def test_low_severity_may_be_resolved_informally_but_without_mediation(
    rule_set: RuleSet,
) -> None:
    assert rule_set.informal_resolution.allowed_severities == ("LOW",)
    assert rule_set.informal_resolution.mediation_allowed is False


def test_a_parent_or_guardian_consents_for_a_minor(rule_set: RuleSet) -> None:
    assert rule_set.consent.child_given_by == (ConsentGiver.PARENT_GUARDIAN,)


class TestConformance(PluginContract):
    """The core's plugin contract, run against this plugin."""

    plugin = PLUGIN
    expected_rule_set = RULE_SET_ID
