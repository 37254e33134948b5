"""Fixtures of the core's own tests: a scenario per plugin, a clock, the cast."""

from __future__ import annotations

import pytest

from safecase.core.testing import Scenario


@pytest.fixture
def scenario() -> Scenario:
    """A Scottish governing body's instance (rule set scot-sgb-cmss@1)."""
    return Scenario("scotland")


@pytest.fixture
def england() -> Scenario:
    return Scenario("england")
