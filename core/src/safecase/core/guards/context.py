"""What a guard rule sees, and the registry of rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from safecase.core.calendar import Calendar
from safecase.core.case import Case
from safecase.core.commands import Actor, Command
from safecase.core.lifecycle.table import Step
from safecase.core.organisation import Organisation
from safecase.core.people import PersonRegistry
from safecase.core.plugins import Plugins
from safecase.core.ruleset import RuleSet

__all__ = ["RULES", "GuardContext", "Refusal", "rule", "rule_number"]


@dataclass(frozen=True)
class Refusal:
    code: str
    detail: str = ""


@dataclass
class GuardContext:
    case: Case
    command: Command
    actor: Actor
    step: Step
    now: datetime
    plugins: Plugins
    people: PersonRegistry
    organisation: Organisation
    calendar: Calendar
    find_case: Callable[[str], Case | None] = lambda _id: None
    # Values a guard derived and the step's effect reuses (e.g. the scanned advisory packet).
    derived: dict[str, Any] = field(default_factory=dict)

    @property
    def rule_set(self) -> RuleSet:
        return self.plugins.rule_set


Guard = Callable[[GuardContext], Refusal | None]
RULES: dict[str, list[Guard]] = {}


def rule(rule_id: str) -> Callable[[Guard], Guard]:
    """Register a check under its rule id (several checks may share one id)."""

    def register(fn: Guard) -> Guard:
        RULES.setdefault(rule_id, []).append(fn)
        return fn

    return register


def rule_number(rule_id: str) -> int:
    return int(rule_id[1:]) if rule_id[1:].isdigit() else 0


def long_enough(text: str | None, minimum: int) -> bool:
    """Whether ``text`` has at least ``minimum`` characters once whitespace is normalised."""
    return text is not None and len(" ".join(text.split())) >= minimum


def normalised(text: str) -> str:
    return " ".join(text.split()).casefold()
