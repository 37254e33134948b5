"""Plugins are found by entry point, validated at start-up, and can refuse but never allow."""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from safecase.core import hookspecs
from safecase.core.case import Case
from safecase.core.commands import Command
from safecase.core.errors import CommandRefused, PluginConfigurationError, RuleSetInvalid
from safecase.core.events import DomainEvent
from safecase.core.plugins import HookContext, Plugins, Violation, get_plugins, hookimpl
from safecase.core.ruleset import apply_overrides
from safecase.core.states import CaseState, Role
from safecase.core.testing import Scenario
from safecase.plugins.scotland import hooks as scotland

DOCS = Path(__file__).resolve().parents[2] / "docs" / "hooks.md"
HOOKS = sorted(name for name in dir(hookspecs) if name.startswith("safecase_"))


def test_a_missing_plugin_is_a_clear_start_up_error_naming_what_is_installed() -> None:
    with pytest.raises(
        PluginConfigurationError, match=r"no safecase plugin named 'wales'.*scotland"
    ):
        get_plugins("wales")


def test_a_plugin_implementing_an_unknown_hook_is_refused_at_start_up() -> None:
    class Misspelt:
        @hookimpl
        def safecase_rule_set(self) -> None:  # the real hook is safecase_rule_sets
            return None

    with pytest.raises(PluginConfigurationError, match="unknown hook"):
        Plugins.from_modules({"scotland": scotland, "misspelt": Misspelt()})


def test_a_plugin_without_a_rule_set_is_refused() -> None:
    class Empty:
        @hookimpl
        def safecase_rule_sets(self) -> list[Any]:
            return []

    with pytest.raises(PluginConfigurationError, match="provide no rule set"):
        Plugins.from_modules({"empty": Empty()})


def test_an_unknown_rule_set_id_names_the_available_ones() -> None:
    with pytest.raises(PluginConfigurationError, match="scot-sgb-cmss@1"):
        get_plugins("scotland", rule_set_id="scot-sgb-cmss@9")


class Veto:
    """A plugin that refuses informal resolution altogether."""

    @hookimpl
    def safecase_validate_transition(
        self, ctx: HookContext, case: Case, command: Command
    ) -> Sequence[Violation]:
        if command.name == "resolve_informally":
            return [
                Violation(
                    "E_ORG_NO_INFORMAL_RESOLUTION", "this organisation never resolves informally"
                )
            ]
        return []


class Permissive:
    """A plugin that tries to allow everything: it has no way to do so."""

    @hookimpl
    def safecase_validate_transition(
        self, ctx: HookContext, case: Case, command: Command
    ) -> Sequence[Violation]:
        return []


def scenario_with(*extra: object) -> Scenario:
    modules: dict[str, Any] = {"scotland": scotland}
    modules.update({type(p).__name__: p for p in extra})
    return Scenario(plugins=Plugins.from_modules(modules, organisation_id="org-a"))


def test_a_plugin_can_refuse_a_step_the_core_allows() -> None:
    s = scenario_with(Veto())
    case = s.triaged(severity="LOW")
    with pytest.raises(CommandRefused) as refused:
        s.run(case, "resolve_informally", plan="Education", outcomes=["EDUCATION_TRAINING"])
    assert refused.value.reason == "E_ORG_NO_INFORMAL_RESOLUTION"
    assert list(s.audit)[-1].outcome == "REFUSED:E_ORG_NO_INFORMAL_RESOLUTION"


def test_a_plugin_cannot_allow_what_a_core_rule_refuses() -> None:
    s = scenario_with(Permissive())
    case = s.triaged()
    with pytest.raises(CommandRefused) as refused:
        s.run(case, "commission_risk_assessment", Role.DSL, assessor_id=s.cast.assessor.id)
    assert refused.value.reason == "E_G01_INVESTIGATION_REQUIRED"


class Observer:
    def __init__(self) -> None:
        self.seen: list[str] = []

    @hookimpl
    def safecase_case_event(self, ctx: HookContext, event: DomainEvent) -> None:
        self.seen.append(event.type)
        raise RuntimeError("an observer bug")


def test_observers_see_every_event_and_their_failures_never_reach_the_caller() -> None:
    observer = Observer()
    s = scenario_with(observer)
    case = s.triaged()
    assert case.state is CaseState.TRIAGED
    assert observer.seen == ["ReportReceived", "CaseTriaged"]


class StricterSanctions:
    @hookimpl
    def safecase_sanction_options(
        self, ctx: HookContext, severity: str, minor_respondent: bool
    ) -> list[str]:
        return ["WRITTEN_WARNING", "NOT_A_SANCTION_TYPE"]


def test_a_plugin_may_narrow_sanction_options_but_never_widen_them() -> None:
    plugins = Plugins.from_modules({"scotland": scotland, "stricter": StricterSanctions()})
    assert list(plugins.sanction_options("MEDIUM")) == ["WRITTEN_WARNING"]
    assert list(plugins.sanction_options("HIGH")) == []


def test_an_organisation_may_add_codes_and_narrow_sanctions_in_its_configuration() -> None:
    base = get_plugins("scotland").rule_set
    narrowed = apply_overrides(
        base,
        {
            "sanctions_by_severity": {"LOW": ["VERBAL_WARNING"]},
            "categories": [
                {
                    "code": "ORG.COACH.4_2",
                    "label": "Coaches' code 4.2",
                    "parent": "SCO.POOR_PRACTICE",
                }
            ],
        },
    )
    assert narrowed.sanctions_by_severity["LOW"] == ("VERBAL_WARNING",)
    assert narrowed.category("ORG.COACH.4_2") is not None


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"standard_of_proof": "BEYOND_REASONABLE_DOUBT"}, "standard_of_proof"),
        ({"statutory_checks": []}, "statutory_checks"),
        ({"sanctions_by_severity": {"LOW": ["SUSPENSION"]}}, "only be narrowed"),
        ({"categories": [{"code": "X.NEW"}]}, "parent"),
        ({"appeal": {"window": "a while"}}, "computable|invalid"),
    ],
)
def test_an_organisation_cannot_loosen_the_rule_set(override: dict[str, Any], message: str) -> None:
    base = get_plugins("scotland").rule_set

    def configure() -> None:
        rule_set = apply_overrides(base, override)
        _ = rule_set.appeal.window.period  # an uncomputable window is refused when used

    with pytest.raises((RuleSetInvalid, ValueError), match=message):
        configure()


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented_with_its_result_rule_and_version(hook: str) -> None:
    doc = inspect.getdoc(getattr(hookspecs, hook)) or ""
    assert ".. versionadded::" in doc
    firstresult = getattr(hookspecs, hook).safecase_spec["firstresult"]
    if firstresult:
        assert "Stop at first non-``None`` result (``firstresult``)" in doc
    else:
        assert "Every implementation" in doc


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_in_the_hook_reference(hook: str) -> None:
    assert f"`{hook}`" in DOCS.read_text(encoding="utf-8")
