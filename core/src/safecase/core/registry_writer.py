"""The sanction registry follows the lifecycle: a case entering SANCTION_IN_FORCE (state 17)
writes its entries in the same transaction as the step that put the sanctions in force.

Written by the context that owns the registry (the hearing context; the embedded instance holds
both), as an :data:`~safecase.core.instance.AfterCommand`, so an entry exists if and only if the
step committed.
"""

from __future__ import annotations

from safecase.core.case import Case
from safecase.core.commands import Actor
from safecase.core.crypto import OrganisationKey
from safecase.core.instance import AfterCommand, Instance, Unit
from safecase.core.lifecycle import Outcome
from safecase.core.persistence.registry_store import RegistryStore
from safecase.core.registry import RegistryEntry, registry_entries_for
from safecase.core.ruleset import RuleSet
from safecase.core.states import CaseState, Role

__all__ = ["keeping_the_registry", "record_sanctions_in_force"]


def record_sanctions_in_force(
    organisation_id: str, key: OrganisationKey, rule_set: RuleSet
) -> AfterCommand:
    """An after-command step writing the registry entries of a case entering state 17."""

    def record(unit: Unit, before: Case, outcome: Outcome) -> None:
        case = outcome.case
        if case.state is not CaseState.SANCTION_IN_FORCE or before.state is case.state:
            return
        store = RegistryStore(unit.session, key, organisation_id)
        recorded = {_identity(entry) for entry in store.entries()}
        last = outcome.events[-1] if outcome.events else None
        actor = Actor(  # the entries are the doing of whoever ran the step
            person_id=last.actor_id if last else "system",
            role=Role(last.actor_role) if last else Role.SYS,
            organisation_id=organisation_id,
        )
        for entry in registry_entries_for(case, rule_set, unit.people):
            if _identity(entry) not in recorded:  # a step run again records nothing twice
                store.record(entry, actor=actor, audit=unit.audit, now=case.updated_at)

    return record


def _identity(entry: RegistryEntry) -> tuple[str, str | None, str | None]:
    decision = entry.decision_ref.decision_id if entry.decision_ref else None
    return (entry.person.person_id, entry.sanction_type, decision)


def keeping_the_registry(instance: Instance) -> Instance:
    """``instance`` holding both contexts (the embedded default): its registry follows state 17."""
    instance.after_command = record_sanctions_in_force(
        instance.settings.organisation_id, instance.organisation_key, instance.plugins.rule_set
    )
    return instance
