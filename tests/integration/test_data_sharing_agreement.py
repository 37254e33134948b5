"""G11: an organisation's data sharing agreements come from its configuration, so a deployed
instance can share with the advisory group (and a malformed agreement stops start-up)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from safecase.core.cli_instance import initialise
from safecase.core.instance import Instance
from safecase.core.settings import CONFIG_FILE, ConfigurationError, Settings

AGREEMENT = """
[[organisation.data_sharing_agreements]]
counterparty = "support"
valid_from = "2026-01-01T00:00:00Z"
valid_to = "2027-12-31T00:00:00Z"
"""


def configured(directory: Path, agreement: str) -> Settings:
    initialise(directory, organisation_id="org-a", name="Example Sport", plugin="scotland")
    config = directory / CONFIG_FILE
    text = config.read_text(encoding="utf-8")
    head, _, tail = text.partition("\n[keys]")
    config.write_text(head + agreement + "\n[keys]" + tail, encoding="utf-8")
    return Settings.load(directory)


def test_an_agreement_in_the_configuration_is_the_organisations(tmp_path: Path) -> None:
    instance = Instance(configured(tmp_path, AGREEMENT))
    try:
        active = instance.organisation.active_dsa(datetime(2026, 11, 29, tzinfo=UTC))
        assert active is not None
        assert active.counterparty == "support"
        assert instance.organisation.active_dsa(datetime(2028, 1, 1, tzinfo=UTC)) is None
    finally:
        instance.engine.dispose()


def test_an_agreement_recorded_in_the_configuration_file_is_read_back(tmp_path: Path) -> None:
    initialise(tmp_path, organisation_id="org-a", name="Example Sport", plugin="scotland")
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    Settings.add_data_sharing_agreement(tmp_path, "support", start, end)
    (agreement,) = Settings.load(tmp_path).data_sharing_agreements
    assert agreement["counterparty"] == "support"


def test_a_malformed_agreement_is_a_configuration_error(tmp_path: Path) -> None:
    settings = configured(tmp_path, AGREEMENT.replace('"2027-12-31T00:00:00Z"', '"soon"'))
    with pytest.raises(ConfigurationError, match="valid_to"):
        Instance(settings)
