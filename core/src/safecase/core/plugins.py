"""Finding, loading and calling plugins.

Plugins are found through the entry-point group ``safecase``. An instance loads exactly the
plugin its configuration names (plus the core defaults): one organisation's rules never leak
into another's instance. :class:`Plugins` is the typed facade the rest of the core calls, so
hook call sites are type-checked and every contribution is validated in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

import pluggy

from safecase.core import hookspecs
from safecase.core.errors import PluginConfigurationError
from safecase.core.ruleset import RuleSet

if TYPE_CHECKING:
    from safecase.core.case import Case
    from safecase.core.commands import Command
    from safecase.core.events import DomainEvent
    from safecase.core.ruleset import Category, Figure, StatutoryCheck
    from safecase.core.share import SharePacket

__all__ = [
    "ENTRY_POINT_GROUP",
    "HookContext",
    "Plugins",
    "SeverityAssessment",
    "Violation",
    "available_plugins",
    "get_plugins",
    "hookimpl",
    "provide_rule_sets",
]

ENTRY_POINT_GROUP = "safecase"
hookimpl = pluggy.HookimplMarker(hookspecs.PROJECT)


@dataclass(frozen=True)
class HookContext:
    """What every hook receives: the active rule set, the organisation and the clock."""

    rule_set: RuleSet
    organisation_id: str
    now: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass(frozen=True)
class SeverityAssessment:
    """The facts a severity classification is based on (culpability x harm, §0.5)."""

    categories: frozenset[str]
    proposed: str | None = None
    aggravating_factors: tuple[str, ...] = ()
    mitigating_factors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Violation:
    """A plugin's reason to refuse a command: a refusal code and a detail without content."""

    reason: str
    detail: str = ""


def provide_rule_sets(*rule_sets: RuleSet) -> Callable[[], list[RuleSet]]:
    """The ``safecase_rule_sets`` implementation of a plugin whose rules are data files.

    A plugin module then needs only::

        RULE_SET = load_rule_set(Path(__file__).with_name("rule_set.yaml"))
        safecase_rule_sets = provide_rule_sets(RULE_SET)
    """

    @hookimpl
    def safecase_rule_sets() -> list[RuleSet]:
        return list(rule_sets)

    return safecase_rule_sets


def available_plugins() -> dict[str, str]:
    """Installed plugins by name, with the module each entry point names."""
    return {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}


def _new_manager() -> pluggy.PluginManager:
    from safecase.core import defaults

    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(defaults, name="safecase.core.defaults")
    return pm


def get_plugins(
    plugin: str,
    *,
    rule_set_id: str | None = None,
    organisation_id: str = "org",
    overrides: Mapping[str, Any] | None = None,
) -> Plugins:
    """Build the plugin manager of an instance whose configuration selects ``plugin``.

    Raises :class:`PluginConfigurationError` with the fix when the plugin is not installed,
    fails to import, implements a hook that does not exist, or offers no (or no such) rule set.
    """
    installed = {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}
    if plugin not in installed:
        names = ", ".join(sorted(installed)) or "none"
        raise PluginConfigurationError(
            f"no safecase plugin named {plugin!r} is installed (installed: {names}); "
            "install its distribution or correct the 'plugin' setting"
        )
    try:
        module = installed[plugin].load()
    except Exception as exc:  # a broken plugin must stop start-up with its name, not a traceback
        raise PluginConfigurationError(
            f"the safecase plugin {plugin!r} failed to load: {type(exc).__name__}: {exc}"
        ) from exc
    plugins = Plugins.from_modules(
        {plugin: module}, rule_set_id=rule_set_id, organisation_id=organisation_id
    )
    if overrides:
        from safecase.core.ruleset import apply_overrides

        plugins.rule_set = apply_overrides(plugins.rule_set, overrides)
    return plugins


class Plugins:
    """Typed calls to the hooks of one instance's plugin manager."""

    def __init__(self, pm: pluggy.PluginManager, rule_set: RuleSet, organisation_id: str) -> None:
        self.pm = pm
        self.rule_set = rule_set
        self.organisation_id = organisation_id

    @classmethod
    def from_modules(
        cls,
        modules: dict[str, Any],
        *,
        rule_set_id: str | None = None,
        organisation_id: str = "org",
    ) -> Plugins:
        """Register plugin objects directly (tests, embedded use) and pick the rule set."""
        pm = _new_manager()
        for name, module in modules.items():
            pm.register(module, name=name)
        try:
            pm.check_pending()
        except pluggy.PluginValidationError as exc:
            raise PluginConfigurationError(f"plugin implements an unknown hook: {exc}") from exc
        rule_sets: list[RuleSet] = [rs for batch in pm.hook.safecase_rule_sets() for rs in batch]
        ids = [rs.id for rs in rule_sets]
        if len(ids) != len(set(ids)):
            raise PluginConfigurationError(f"rule-set ids are not unique: {sorted(ids)}")
        if not rule_sets:
            raise PluginConfigurationError(f"plugin(s) {', '.join(modules)} provide no rule set")
        if rule_set_id is None:
            if len(rule_sets) > 1:
                raise PluginConfigurationError(
                    f"several rule sets are installed ({', '.join(ids)}); set 'rule_set'"
                )
            chosen = rule_sets[0]
        else:
            found = [rs for rs in rule_sets if rs.id == rule_set_id]
            if not found:
                raise PluginConfigurationError(
                    f"rule set {rule_set_id!r} is not provided (available: {', '.join(ids)})"
                )
            chosen = found[0]
        return cls(pm, chosen, organisation_id)

    def context(self, now: datetime | None = None) -> HookContext:
        return HookContext(self.rule_set, self.organisation_id, now or datetime.now(UTC))

    # --- typed facade over pm.hook --------------------------------------------------------

    def code_of_conduct(self) -> Sequence[Category]:
        result: Sequence[Category] = self.pm.hook.safecase_code_of_conduct(ctx=self.context())
        return result

    def classify_severity(self, assessment: SeverityAssessment) -> str:
        severity: str = self.pm.hook.safecase_classify_severity(
            ctx=self.context(), assessment=assessment
        )
        if severity not in self.rule_set.severities:
            raise PluginConfigurationError(
                f"severity classification returned {severity!r}, not one of "
                f"{', '.join(self.rule_set.severities)}"
            )
        return severity

    def statutory_agencies(self) -> Sequence[StatutoryCheck]:
        result: Sequence[StatutoryCheck] = self.pm.hook.safecase_statutory_agencies(
            ctx=self.context()
        )
        return result

    def timeline(self, name: str) -> Figure:
        figure: Figure | None = self.pm.hook.safecase_timeline(ctx=self.context(), name=name)
        if figure is None:
            raise PluginConfigurationError(f"no timeline named {name!r} in the rule set")
        return figure

    def sanction_options(self, severity: str, *, minor_respondent: bool = False) -> Sequence[str]:
        options: Sequence[str] = self.pm.hook.safecase_sanction_options(
            ctx=self.context(), severity=severity, minor_respondent=minor_respondent
        )
        allowed = set(self.rule_set.sanctions_by_severity.get(severity, ()))
        return [option for option in options if option in allowed]

    def independent_panel_required(self, case: Case) -> bool:
        return bool(self.pm.hook.safecase_independent_panel_required(ctx=self.context(), case=case))

    def retention_until(self, case: Case) -> datetime | None:
        result: datetime | None = self.pm.hook.safecase_retention_until(
            ctx=self.context(), case=case
        )
        return result

    def redact_share(self, case: Case, packet: SharePacket) -> SharePacket:
        result: SharePacket = self.pm.hook.safecase_redact_share(
            ctx=self.context(), case=case, packet=packet
        )
        return result

    def validate_transition(self, case: Case, command: Command, now: datetime) -> list[Violation]:
        batches: list[Sequence[Violation]] = self.pm.hook.safecase_validate_transition(
            ctx=self.context(now), case=case, command=command
        )
        return [violation for batch in batches for violation in batch]

    def notify(self, event: DomainEvent) -> None:
        """Deliver an event to observers; an observer's failure never reaches the caller."""
        import logging

        for impl in self.pm.hook.safecase_case_event.get_hookimpls():
            try:
                impl.function(ctx=self.context(event.occurred_at), event=event)
            except Exception:  # observers must not break a committed change
                logging.getLogger("safecase.plugins").exception(
                    "event observer %s failed on %s", impl.plugin_name, event.type
                )
