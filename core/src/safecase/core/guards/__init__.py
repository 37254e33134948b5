"""The guard rules G01-G40 of DOMAIN.md §2, one function per rule, registered by rule id.

Each rule module registers its checks with :func:`rule`; the lifecycle engine runs the rules a
step lists in ascending numeric order and refuses with the first failure (§1.1). A rule returns
``None`` to allow or a :class:`Refusal` with its refusal code. Rules only read: they never
change the case.
"""

from __future__ import annotations

# Importing the rule modules registers their rules.
from safecase.core.guards import (
    advisory,
    agency,
    decisions,
    hearings,
    intake,
    interim,
    investigation,
    people,
    withdrawal,
)
from safecase.core.guards.context import RULES, GuardContext, Refusal, rule

__all__ = ["RULES", "GuardContext", "Refusal", "rule"]
_ = (advisory, agency, decisions, hearings, intake, interim, investigation, people, withdrawal)
