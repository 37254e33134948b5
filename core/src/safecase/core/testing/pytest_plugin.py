"""pytest plugin shipped with safecase-core (entry point ``pytest11``): fixtures for plugin authors.

``safecase_scenario`` builds a :class:`~safecase.core.testing.Scenario` for a plugin name, e.g.
``safecase_scenario("scotland")``; use :class:`~safecase.core.testing.PluginContract` for the
conformance checks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from safecase.core.testing.scenario import Scenario


@pytest.fixture
def safecase_scenario() -> Callable[..., Scenario]:
    def build(plugin: str = "scotland", **kwargs: Any) -> Scenario:
        return Scenario(plugin, **kwargs)

    return build
