"""Hooks of the England plugin: rule set ``eng-ngb-cpsu@1``.

The rules are data in ``rule_set.yaml`` beside this module, validated when the module is
imported, so that a malformed file stops the instance at start-up.
"""

from pathlib import Path

from safecase.core.plugins import provide_rule_sets
from safecase.core.ruleset import load_rule_set

RULE_SET = load_rule_set(Path(__file__).with_name("rule_set.yaml"))
safecase_rule_sets = provide_rule_sets(RULE_SET)
