"""Test support shipped with safecase-core: a scenario builder and the plugin conformance kit.

``Scenario`` builds an organisation, a cast of people and a lifecycle for any installed plugin,
and walks cases *through* the lifecycle (never by assigning state). The conformance kit
(:mod:`safecase.core.testing.conformance`) checks that a plugin's hooks return well-formed
values; plugin authors subclass :class:`PluginContract` in their own tests.
"""

from safecase.core.testing.clock import Clock
from safecase.core.testing.conformance import PluginContract, check_plugin
from safecase.core.testing.scenario import Cast, Scenario

__all__ = ["Cast", "Clock", "PluginContract", "Scenario", "check_plugin"]
