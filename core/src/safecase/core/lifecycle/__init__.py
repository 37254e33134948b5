"""The case lifecycle of DOMAIN.md §1: the one place where a case changes.

:class:`Lifecycle` runs every command through the same evaluation order (§1.1): the advisory
and cross-organisation exceptions, G08(a), need-to-know (G28), whether the step exists from
the current state, then the step's guard rules in ascending order, then the plugin's extra
guards. A refused command changes nothing, raises :class:`~safecase.core.errors.CommandRefused`
and is audited as refused (G31); an accepted one returns a new case and its domain events.
"""

from safecase.core.lifecycle.engine import Lifecycle, Outcome
from safecase.core.lifecycle.table import FORBIDDEN, OPENING, STEPS, Step, steps_for

__all__ = ["FORBIDDEN", "OPENING", "STEPS", "Lifecycle", "Outcome", "Step", "steps_for"]
