"""The hearing context of one organisation: its instance, and how it follows intake.

The hearings service runs the core's lifecycle on its own database, holding the projection of
each case intake handed over (:mod:`safecase.core.handover`). Every accepted hearing command
sends a sealed snapshot back to intake and, when the case enters SANCTION_IN_FORCE, writes the
sanction registry's entries, both in the command's own transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from safecase.core.instance import Instance
from safecase.core.registry_writer import record_sanctions_in_force
from safecase.core.settings import Settings
from safecase.services.common.handover import after_hearing_command

__all__ = ["hearing_context"]


def hearing_context(
    settings: Settings, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
) -> Instance:
    """The hearings service's instance on ``settings`` (whose database is the hearing one)."""
    instance = Instance(settings, clock=clock)
    key = instance.organisation_key
    instance.after_command = after_hearing_command(
        key, record_sanctions_in_force(settings.organisation_id, key, instance.plugins.rule_set)
    )
    return instance
