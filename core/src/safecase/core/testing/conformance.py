"""The plugin conformance kit: checks any installed plugin the way the core will use it.

Run it from a plugin's own tests::

    from safecase.core.testing import PluginContract

    class TestMyPlugin(PluginContract):
        plugin = "my-org"

Every check is also available as a function (:func:`check_plugin`) returning the problems found.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta

from safecase.core.errors import SafecaseError
from safecase.core.people import Affiliation, Person
from safecase.core.periods import PeriodUnit
from safecase.core.plugins import Plugins, SeverityAssessment, available_plugins, get_plugins
from safecase.core.redaction import build_packet, scan_packet

__all__ = ["CHECKS", "PluginContract", "check_plugin"]

TIMELINES = (
    "intake.acknowledge_within",
    "interim.ratify_within",
    "interim.max_review_interval",
    "interim.escalate_admin_after",
    "hearing.min_notice",
    "appeal.window",
    "advisory.max_share_duration",
    "advisory.revoke_sla",
    "return.assessment_window",
    "withdrawal.decide_within",
)
CANARIES = {
    "name": "Zebedee Quillfeather",
    "alias": "Zeb Q",
    "email": "zebedee.canary@example.invalid",
    "phone": "+44 7700 900999",
    "club": "Canary Wharf Rowing Club",
    "dob": "2012-04-09",
}


def _categories(plugins: Plugins) -> list[str]:
    problems = []
    codes = [c.code for c in plugins.code_of_conduct()]
    if not codes:
        problems.append("the code of conduct has no categories")
    if len(codes) != len(set(codes)):
        problems.append("category codes are not unique")
    known = {c.code for c in plugins.rule_set.categories}
    problems += [
        f"category {c.code} has an unknown parent"
        for c in plugins.code_of_conduct()
        if c.code not in known and c.parent not in known
    ]
    return problems


def _severity_and_sanctions(plugins: Plugins) -> list[str]:
    problems = []
    rule_set = plugins.rule_set
    for category in plugins.code_of_conduct():
        try:
            severity = plugins.classify_severity(
                SeverityAssessment(categories=frozenset({category.code}))
            )
        except SafecaseError as exc:
            problems.append(f"classifying {category.code} failed: {exc}")
            continue
        if not plugins.sanction_options(severity):
            problems.append(
                f"category {category.code} (severity {severity}) has no sanction options"
            )
    for severity in rule_set.severities:
        options = plugins.sanction_options(severity)
        if not options:
            problems.append(f"severity {severity} has no sanction options")
        problems += [
            f"{o} is not a sanction type" for o in options if o not in rule_set.sanction_types
        ]
    return problems


def _timelines(plugins: Plugins) -> list[str]:
    problems = []
    names = [*TIMELINES, *(f"statutory.{c.id}" for c in plugins.statutory_agencies())]
    for name in names:
        try:
            figure = plugins.timeline(name)
        except SafecaseError as exc:
            problems.append(str(exc))
            continue
        period = figure.value
        if period is None:
            if not name.startswith("statutory."):
                problems.append(f"timeline {name} has no computable period")
            continue
        if period.unit is not PeriodUnit.IMMEDIATE and period.amount <= 0:
            problems.append(f"timeline {name} is not positive ({period})")
    return problems


def _statutory_checks(plugins: Plugins) -> list[str]:
    problems = []
    for check in plugins.statutory_agencies():
        if not check.question.strip() or not check.agency.strip():
            problems.append(f"statutory check {check.id} needs a question and an agency")
    return problems


def _redaction(plugins: Plugins) -> list[str]:
    from safecase.core.testing.scenario import Scenario

    scenario = Scenario(plugins=plugins)
    today = scenario.clock.now.date()
    canary = scenario.people.add(
        Person(
            name=CANARIES["name"],
            aliases=[CANARIES["alias"]],
            email=CANARIES["email"],
            phone=CANARIES["phone"],
            date_of_birth=date.fromisoformat(CANARIES["dob"]),
            affiliations=[Affiliation(club=CANARIES["club"], start=today - timedelta(days=400))],
        )
    )
    case = scenario.open(
        "submit_report",
        narrative=f"{CANARIES['name']} reported it by {CANARIES['email']}.",
        parties=[
            {"person_id": canary.id, "role": "COMPLAINANT"},
            {"person_id": scenario.cast.respondent.id, "role": "RESPONDENT"},
        ],
        categories=[scenario.category()],
    )
    text = (
        f"{CANARIES['name']} ({CANARIES['alias']}, born {CANARIES['dob']}, {CANARIES['phone']}, "
        f"{CANARIES['email']}) trains at {CANARIES['club']} under "
        f"{scenario.cast.respondent.name}."
    )
    packet, identifiers = build_packet(
        case,
        scenario.people,
        scenario.organisation,
        question=f"How should we support {CANARIES['name']}?",
        now=scenario.clock.now,
        summary=text,
        chronology=text,
        options=text,
    )
    packet = plugins.redact_share(case, packet)
    problems = [
        f"identifier left in {field} ({kind})" for field, kind in scan_packet(packet, identifiers)
    ]
    dumped = json.dumps(packet.model_dump(mode="json")).casefold()
    problems += [
        f"canary {kind} reached the packet"
        for kind, value in CANARIES.items()
        if value.casefold() in dumped
    ]
    if scenario.cast.respondent.name.casefold() in dumped:
        problems.append("the respondent's name reached the packet")
    return problems


CHECKS: dict[str, Callable[[Plugins], list[str]]] = {
    "categories": _categories,
    "severity_and_sanctions": _severity_and_sanctions,
    "timelines": _timelines,
    "statutory_checks": _statutory_checks,
    "redaction": _redaction,
}


def check_plugin(name: str, rule_set_id: str | None = None) -> dict[str, list[str]]:
    """Run every conformance check against an installed plugin; empty lists mean it conforms."""
    plugins = get_plugins(name, rule_set_id=rule_set_id)
    return {check: run(plugins) for check, run in CHECKS.items()}


class PluginContract:
    """Subclass in a plugin's tests and set ``plugin`` (and ``rule_set_id`` if several)."""

    plugin: str = ""
    rule_set_id: str | None = None
    expected_rule_set: str | None = None

    def _plugins(self) -> Plugins:
        return get_plugins(self.plugin, rule_set_id=self.rule_set_id)

    def test_plugin_loads_through_its_entry_point_in_the_shared_namespace(self) -> None:
        module = available_plugins()[self.plugin]
        assert module.startswith("safecase.plugins."), module
        rule_set = self._plugins().rule_set
        assert rule_set.id == (self.expected_rule_set or self.rule_set_id or rule_set.id)

    def test_categories_are_well_formed(self) -> None:
        assert _categories(self._plugins()) == []

    def test_every_category_maps_to_sanction_options(self) -> None:
        assert _severity_and_sanctions(self._plugins()) == []

    def test_timelines_are_positive(self) -> None:
        assert _timelines(self._plugins()) == []

    def test_statutory_checks_name_question_and_agency(self) -> None:
        assert _statutory_checks(self._plugins()) == []

    def test_redaction_removes_direct_identifiers_of_a_generated_case(self) -> None:
        assert _redaction(self._plugins()) == []
