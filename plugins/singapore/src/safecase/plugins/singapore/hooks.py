"""Hook implementations of the Singapore plugin: rule set ``sg-safesport-mo@1``.

The rule set is data (``rule_set.yaml`` beside this module), validated against the core schema
when this module is imported, so a malformed file stops the instance at start-up.
"""

from __future__ import annotations

from pathlib import Path

from safecase.core.plugins import hookimpl
from safecase.core.ruleset import RuleSet, load_rule_set

__all__ = ["RULE_SET", "RULE_SET_FILE", "safecase_rule_sets"]

RULE_SET_FILE = Path(__file__).with_name("rule_set.yaml")
RULE_SET: RuleSet = load_rule_set(RULE_SET_FILE)


@hookimpl
def safecase_rule_sets() -> list[RuleSet]:
    """Provide the rule set ``sg-safesport-mo@1``."""
    return [RULE_SET]
